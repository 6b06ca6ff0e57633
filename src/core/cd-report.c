/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-report: the disposal report (《客户信息处置报告》) and the commitment
 * letter (《数据处置承诺书》), from the case alone.
 *
 * The documents are in their own language (zh_CN or en, chosen per
 * report), not the UI's, and may be built on a worker thread where gettext
 * cannot switch language: their words come from the table below, as the
 * letters and the paper key do. The checklist and the error messages are
 * UI text and go through gettext.
 *
 * Everything is read with a handful of list calls and indexed in hash
 * tables, never one query per customer, so that a case of 10,000 customers
 * reports in seconds. No customer is named except masked; the company's
 * own data (its name, credit code, paths, staff) is printed in full.
 *
 * The report states the audit head it was made at and the SHA-256 of each
 * retained archive, visibly and in the PDF keywords; cd_report_verify ()
 * reads them back and checks them, and the signature, against the case. */

#include "config.h"

#define G_LOG_DOMAIN "cd-report"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <poppler.h>
#include <sodium.h>

#include "cd-destroy.h"
#include "cd-doc.h"
#include "cd-mask.h"
#include "cd-minisign.h"
#include "cd-notices.h"
#include "cd-plan-check.h"
#include "cd-report.h"
#include "cd-retention.h"
#include "cd-store-private.h"

G_DEFINE_QUARK (cd-report-error-quark, cd_report_error)

#define REPORT_MAGIC        "closure-desk-report/1"
#define QR_MAGIC            "closure-desk-report:1"
#define VERIFY_MAX_BYTES    ((goffset) 256 * 1024 * 1024)
#define MAX_DRAFT_REASONS   10
#define RUNNING_NAME_CHARS  40

/* -- the documents' words, per language ------------------------------------ */

/* One table: id, English, Chinese. "{1}", "{2}" are filled by subst (); no
 * printf with a format from a table. */
#define REPORT_WORDS(X) \
  X (TITLE_REPORT, "Customer Information Disposal Report", "客户信息处置报告") \
  X (TITLE_COMMITMENT, "Data Disposal Commitment", "数据处置承诺书") \
  X (PAGE_FORMAT, "Page %u / %u", "第 %u 页 / 共 %u 页") \
  X (DRAFT_MARK, "草稿 / DRAFT", "草稿 / DRAFT") \
  X (NONE, "None.", "无。") \
  X (DASH, "—", "—") \
  X (LIST_SEP, ", ", "、") \
  X (YES, "yes", "是") \
  X (NO, "no", "否") \
  X (NOT_YET, "not yet", "尚未执行") \
  X (H_CASE, "1. The case", "一、案件基本情况") \
  X (INTRO, "This report records, from the case file of the company named below, how the personal information of its customers was found, classified, notified, retained and destroyed in the course of its dissolution. Customers appear only with masked names; the figures are computed from the case file at the time stated.", \
     "本报告依据下列公司注销案件的案件文件，记录公司在注销过程中对客户个人信息的盘点、分类、告知、留存与销毁情况。报告中客户姓名均经脱敏处理；各项数字均由案件文件在下述时间自动统计得出。") \
  X (COMPANY, "Company", "公司名称") \
  X (USCC, "Unified social credit code", "统一社会信用代码") \
  X (ADDRESS, "Registered address", "注册地址") \
  X (ROUTE, "Deregistration route", "注销方式") \
  X (GROUP_FILED, "Liquidation group filed", "清算组备案日期") \
  X (ANNOUNCED, "Creditor announcement", "债权人公告日期") \
  X (PLANNED_DEREG, "Planned deregistration", "计划注销日期") \
  X (CONSULTANT, "Consultant", "经办顾问") \
  X (GROUP, "Liquidation group", "清算组成员") \
  X (GENERATED, "Report generated", "报告生成时间") \
  X (CASE_FILE, "Case file", "案件文件") \
  X (LANGUAGE, "Language", "报告语言") \
  X (LANGUAGE_NAME, "English", "简体中文") \
  X (DRAFT_TITLE, "DRAFT — not final: the disposal plan check has {1} error(s):", "草稿——不是最终文本：处置计划检查尚有 {1} 项错误：") \
  X (DRAFT_MORE, "… and {1} more.", "……另有 {1} 项。") \
  X (AUDIT_BROKEN, "THE AUDIT LOG FAILED VERIFICATION: it was altered at entry {1} ({2}). The records of this case cannot be shown to be complete and unaltered.", \
     "审计日志校验失败：第 {1} 条记录起日志已被改动（{2}）。本案件的操作记录无法证明完整、未被篡改。") \
  X (AUDIT_ERROR, "THE AUDIT LOG COULD NOT BE VERIFIED: {1}", "审计日志无法校验：{1}") \
  X (H_INVENTORY, "2. Inventory summary", "二、数据盘点概况") \
  X (H_BY_MEDIUM, "Assets by medium", "按存储介质") \
  X (H_BY_TYPE, "Assets by record type", "按记录类型") \
  X (H_CUSTOMERS, "Customers", "客户") \
  X (H_SCANS, "Scan coverage", "扫描覆盖情况") \
  X (COL_MEDIUM, "Medium", "存储介质") \
  X (COL_TYPE, "Record type", "记录类型") \
  X (COL_ASSETS, "Assets", "资产数") \
  X (COL_RECORDS, "Records", "记录数") \
  X (COL_CUSTOMER_TYPE, "Customer type", "客户类型") \
  X (COL_CUSTOMERS, "Customers", "客户数") \
  X (TOTAL, "Total", "合计") \
  X (COL_SCAN_STARTED, "Started", "开始时间") \
  X (COL_SCAN_ROOT, "Folder scanned", "扫描目录") \
  X (COL_FILES, "Files", "文件数") \
  X (COL_FINDINGS, "Findings", "发现标识") \
  X (COL_REVIEW, "Manual review", "需人工复核") \
  X (H_CLASSIFICATION, "3. Classification", "三、敏感度分类") \
  X (CLASS_NOTE, "Shaded rows are sensitive personal information under PIPL Art. 28. An asset or customer may carry several categories.", \
     "底色标注的行为《个人信息保护法》第二十八条规定的敏感个人信息。一项资产或一名客户可同时属于多个类别。") \
  X (COL_CATEGORY, "Category", "类别") \
  X (UNCATEGORIZED, "Not categorized", "未分类") \
  X (H_DISPOSITIONS, "4. Dispositions and their execution", "四、处置决定及执行情况") \
  X (H_DISP_SUMMARY, "Summary", "汇总") \
  X (H_DISP_ASSETS, "Per asset", "逐项资产") \
  X (COL_DISPOSITION, "Decision", "处置方式") \
  X (COL_ASSET, "Asset", "资产") \
  X (COL_BASIS, "Legal basis", "法律依据") \
  X (COL_UNTIL, "Retain until", "保存期限至") \
  X (COL_EXECUTED, "Executed", "执行情况") \
  X (COL_EXECUTED_N, "Executed", "已执行") \
  X (BASIS_DESTROY, "PIPL Art. 47 (delete when the service ends)", "《个人信息保护法》第四十七条（停止提供服务后删除）") \
  X (BASIS_TRANSFER, "PIPL Art. 22 (transfer on dissolution)", "《个人信息保护法》第二十二条（因解散转移）") \
  X (BASIS_ANONYMIZE, "PIPL Arts. 4, 73 (anonymized information)", "《个人信息保护法》第四条、第七十三条（匿名化信息）") \
  X (BASIS_RETURN, "PIPL Art. 47; the customer's request", "《个人信息保护法》第四十七条；客户要求") \
  X (BASIS_RETAIN, "PIPL Art. 47 ¶2 (stored and secured only)", "《个人信息保护法》第四十七条第二款（仅存储和采取安全保护措施）") \
  X (BASIS_UNDECIDED, "—", "—") \
  X (EXEC_WIPED, "{1} files overwritten {2}, by {3}", "{2} 覆写销毁 {1} 个文件，执行人 {3}") \
  X (EXEC_MANUAL, "{1} on {2}, by {3}", "{2} {1}，执行人 {3}") \
  X (EXEC_VAULT, "in archive {1}, {2}", "已归入加密档案 {1}（{2}）") \
  X (EXEC_EXPORT, "de-identified copy exported {1}, by {2}", "{1} 导出去标识化副本，操作人 {2}") \
  X (WITH_WITNESS, "{1}, witness {2}", "{1}，见证人 {2}") \
  X (TO_RECIPIENT, "to {1}", "移交给 {1}") \
  X (H_NOTICES, "5. Customer notices", "五、客户告知") \
  X (NOTICES_CUSTOMERS, "Customers in the registry", "客户总数") \
  X (NOTICES_DRAFTED, "Notices drafted, not sent", "已起草未发出") \
  X (NOTICES_SENT, "Notices sent", "已发出告知函") \
  X (NOTICES_NOT_SENT, "Customers not yet notified", "尚未告知的客户") \
  X (NOTICES_ANSWERED, "Responses received", "已收到回复") \
  X (NOTICES_RATE, "Response rate", "回复率") \
  X (NOTICES_OVERDUE, "Overdue at report time", "报告时已逾期未复") \
  X (H_BY_CHANNEL, "By channel", "按发送方式") \
  X (COL_CHANNEL, "Channel", "发送方式") \
  X (COL_SENT, "Sent", "已发出") \
  X (COL_DATES, "Sent on", "发送日期") \
  X (COL_ANSWERED, "Answered", "已回复") \
  X (COL_RATE, "Rate", "回复率") \
  X (H_RESPONSES, "Responses and what was done", "回复类型及处理") \
  X (COL_RESPONSE, "Response", "回复") \
  X (COL_COUNT, "Count", "数量") \
  X (COL_ACTION, "What was done", "处理情况") \
  X (ACT_NO_OBJECTION, "Disposed of as planned", "按原处置计划执行") \
  X (ACT_DELETE, "The customer's records set to be destroyed", "该客户的记录改为销毁") \
  X (ACT_COPY, "A copy prepared for {1} of them", "已为其中 {1} 人准备副本") \
  X (ACT_OBJECT, "Excluded from any transfer; destroyed instead", "不予移交，改为销毁") \
  X (ACT_OTHER, "Handled one by one by the consultant", "由顾问逐一处理") \
  X (H_OVERDUE, "Overdue responses", "逾期未回复") \
  X (COL_DEADLINE, "Deadline", "回复期限") \
  X (H_ARCHIVES, "6. Retained archives", "六、留存档案") \
  X (ARCHIVE_FILE, "File", "文件名") \
  X (ARCHIVE_SIZE, "Size", "大小") \
  X (ARCHIVE_MEMBERS, "Files inside", "包含文件数") \
  X (ARCHIVE_CUSTODIANS, "Custodians", "保管人") \
  X (ARCHIVE_PASSPHRASE, "passphrase", "口令") \
  X (ARCHIVE_UNTIL, "Retain until", "保存期限至") \
  X (ARCHIVE_DESTROY_ON, "Planned destruction", "计划销毁日期") \
  X (ARCHIVE_CREATED, "Created", "创建时间") \
  X (ARCHIVE_STATE, "State", "状态") \
  X (ARCHIVE_KEPT, "kept, encrypted (age v1)", "加密保存中（age v1）") \
  X (ARCHIVE_DESTROYED, "destroyed (crypto-erased) on {1}", "已于 {1} 销毁（密钥销毁）") \
  X (ARCHIVE_NO_DATE, "not set", "未设定") \
  X (H_CUSTODIANS, "Custodians of the case", "案件保管人") \
  X (COL_NAME, "Name", "姓名") \
  X (COL_KEY, "Public key (age)", "公钥（age）") \
  X (H_DESTRUCTION, "7. Destruction records", "七、销毁记录") \
  X (H_RUNS, "File destruction runs", "文件覆写销毁") \
  X (RUN_TITLE, "Run of {1}", "{1} 的销毁批次") \
  X (RUN_STATE, "State", "状态") \
  X (RUN_OPERATOR, "Operator", "操作人") \
  X (RUN_WITNESS, "Witness", "见证人") \
  X (RUN_TIME, "Carried out", "执行时间") \
  X (RUN_FILES, "Files destroyed", "已销毁文件") \
  X (RUN_FAILED, "Files failed or pending", "失败或未完成") \
  X (RUN_BYTES, "Data overwritten", "覆写数据量") \
  X (RUN_METHOD, "Method", "方法") \
  X (RUN_METHOD_TEXT, "overwrite in place, {1} pass(es), last pass random", "原位覆写 {1} 遍，最后一遍为随机数据") \
  X (RUN_VERIFY, "Verification", "校验") \
  X (RUN_VERIFIED, "last pass read back and compared", "已回读比对最后一遍") \
  X (RUN_NOT_VERIFIED, "not verified", "未校验") \
  X (RUN_CATEGORY, "NIST SP 800-88 category achieved", "达到的 NIST SP 800-88 级别") \
  X (RUN_CAVEATS, "Caveats", "局限说明") \
  X (COL_FILE, "File", "文件") \
  X (COL_SIZE, "Size", "大小") \
  X (COL_STATE, "State", "状态") \
  X (H_MANUAL, "Paper, devices and accounts", "纸质、设备及线上账户") \
  X (COL_DATE, "Date", "日期") \
  X (COL_KIND, "Kind", "类型") \
  X (COL_WHAT, "What was destroyed", "销毁内容") \
  X (COL_METHOD, "Method", "方法") \
  X (COL_PEOPLE, "Operator / witness", "操作人 / 见证人") \
  X (PAPER_DETAIL, "DIN 66399 {1}", "DIN 66399 {1} 级") \
  X (PAPER_WEIGHT, "{1} kg", "{1} 公斤") \
  X (PAPER_BOXES, "{1} box(es)", "{1} 箱") \
  X (DEVICE_SERIAL, "serial {1}", "序列号 {1}") \
  X (CLOUD_ACCOUNT, "account {1}", "账户 {1}") \
  X (CERTIFICATE, "certificate {1}", "证书 {1}") \
  X (H_REDACTIONS, "8. Redactions performed", "八、脱敏处理记录") \
  X (COL_INPUT, "Original", "原文件") \
  X (COL_OUTPUT, "Redacted copy", "脱敏副本") \
  X (COL_BOXES, "Areas removed", "删除区域") \
  X (COL_PAGES, "Pages", "页数") \
  X (COL_WHEN, "When", "时间") \
  X (COL_BY, "By", "操作人") \
  X (H_INTEGRITY, "9. Integrity of the records", "九、记录完整性") \
  X (INT_ENTRIES, "Audit log entries", "审计日志条数") \
  X (INT_RESULT, "Chain verification", "链式校验结果") \
  X (INT_OK, "intact: every entry matches its hash and the one before it", "完整：每条记录均与其哈希及前一条记录相符") \
  X (INT_BROKEN, "BROKEN at entry {1} ({2})", "已损坏：第 {1} 条（{2}）") \
  X (INT_HEAD, "Audit log head (BLAKE2b-256) at the time of this report:", "本报告生成时审计日志链头（BLAKE2b-256）：") \
  X (INT_CHECKPOINT, "Latest signed checkpoint", "最近一次签名检查点") \
  X (INT_CHECKPOINT_TEXT, "entry {1}, signed {2}{3}", "第 {1} 条，签名于 {2}{3}") \
  X (INT_CHECKPOINT_BAD, " — SIGNATURE DOES NOT VERIFY", "——签名校验失败") \
  X (INT_NO_CHECKPOINT, "none", "无") \
  X (INT_KEY_ID, "Signing key id", "签名密钥编号") \
  X (INT_KEY, "The case's public signing key (minisign, Ed25519):", "案件签名公钥（minisign，Ed25519）：") \
  X (INT_VAULTS, "SHA-256 of the retained archives:", "留存档案的 SHA-256：") \
  X (INT_QR, "The code carries the audit head and the public key above. The PDF file of this report is signed with that key (file.pdf.minisig): check it with “minisign -Vm file.pdf -p case.pub”.", \
     "二维码内容为上述审计链头和公钥。本报告的 PDF 文件以该密钥签名（file.pdf.minisig），可用“minisign -Vm file.pdf -p case.pub”校验。") \
  X (H_SIGNATURES, "10. Signatures", "十、签署") \
  X (SIGN_INTRO, "We confirm that this report is a true account of the disposal of the customers' personal information described above.", \
     "我们确认，本报告如实记载了上述客户个人信息的处置情况。") \
  X (ROLE_CONSULTANT, "Consultant", "经办顾问") \
  X (ROLE_HEAD, "Head of the liquidation group", "清算组负责人") \
  X (ROLE_WITNESS, "Witness", "见证人") \
  X (ROLE_MEMBERS, "Members of the liquidation group", "清算组成员") \
  X (SIGN_NAME, "Signature", "签字") \
  X (SIGN_DATE, "Date", "日期") \
  X (SIGN_SEAL, "Company seal", "公司印章") \
  X (H_APPENDIX, "Appendix: customers", "附录：客户明细") \
  X (APPENDIX_NOTE, "One row per customer of the registry, in registry order; names are masked.", "按客户登记顺序每名客户一行；姓名已脱敏。") \
  X (COL_NO, "No.", "序号") \
  X (COL_CUSTOMER, "Customer", "客户") \
  X (COL_HOLDINGS, "Holdings", "持有情况") \
  X (COL_NOTICE, "Notice", "告知状态") \
  X (COL_KIND_SHORT, "Type", "类型") \
  X (HOLDINGS_TEXT, "{1} asset(s), {2} record(s)", "{1} 项资产，{2} 条记录") \
  X (MIXED, "mixed", "多种") \
  X (NOTICE_SENT_TEXT, "sent {1} by {2}", "{1} 经{2}发出") \
  X (NOTICE_ANSWERED, "answered: {1}", "已回复：{1}") \
  X (NOTICE_OVERDUE_TEXT, "OVERDUE since {1}", "已逾期（期限 {1}）") \
  X (C_TO, "To the company registration authority, and to whom it may concern:", "致：公司登记机关及相关各方") \
  X (C_INTRO, "{1} (unified social credit code {2}) is being deregistered ({3}). As required by Articles 22, 47 and 21 of the Personal Information Protection Law, its liquidation group has disposed of the personal information of the company's customers as follows, and makes the commitments below.", \
     "{1}（统一社会信用代码：{2}）正在办理注销（{3}）。本公司清算组依据《个人信息保护法》第二十二条、第四十七条及第二十一条的规定，对本公司持有的客户个人信息作出如下处置，并作出以下承诺。") \
  X (C_H_DONE, "1. What was done", "一、已完成的处置") \
  X (C_DONE_TEXT, "Of {1} data assets holding the records of {2} customers:", "本公司共有数据资产 {1} 项，涉及客户 {2} 名，其中：") \
  X (C_DESTROYED, "destroyed: {1} asset(s) ({2} files overwritten, {3} manual destruction record(s));", "已销毁：{1} 项资产（覆写销毁文件 {2} 个，纸质/设备等人工销毁记录 {3} 份）；") \
  X (C_DEIDENTIFIED, "de-identified or anonymized: {1} asset(s);", "已去标识化或匿名化：{1} 项资产；") \
  X (C_RETURNED, "returned to the customers: {1} asset(s);", "已退还客户：{1} 项资产；") \
  X (C_TRANSFERRED, "transferred: {1} asset(s), to {2};", "已移交：{1} 项资产，接收方 {2}；") \
  X (C_PENDING, "still to be carried out: {1} asset(s).", "尚待执行：{1} 项资产。") \
  X (C_H_RETAINED, "2. What is retained", "二、依法留存的信息") \
  X (C_RETAINED_TEXT, "The following is kept only because a law requires it, and only its custodians have access to it:", "以下信息仅因法律规定的保存义务而留存，仅保管人可以接触：") \
  X (COL_UNTIL_SHORT, "Until", "保存至") \
  X (COL_ENCRYPTED, "Encrypted", "加密") \
  X (C_H_COMMIT, "3. Our commitments", "三、承诺事项") \
  X (C_COMMIT_1, "The retained information will not be used or processed in any way other than storing it and keeping it secure (PIPL Art. 47 ¶2).", "留存的信息除存储和采取必要的安全保护措施外，不作其他任何处理（《个人信息保护法》第四十七条第二款）。") \
  X (C_COMMIT_2, "Only the custodians named above have access to it, and they will not disclose it to anyone except as the law requires.", "仅上述保管人可以接触留存信息，除法律规定外不向任何人提供。") \
  X (C_COMMIT_3, "When each retention period ends, the information will be destroyed, and the destruction recorded with a witness.", "各项保存期限届满后，将销毁相应信息，并在见证人在场的情况下记录销毁过程。") \
  X (C_COMMIT_4, "Customers may contact {1} about their information after the company is deregistered.", "公司注销后，客户可就其个人信息事宜联系：{1}。") \
  X (C_COMMIT_5, "What is stated in this letter is true; we bear the legal responsibility for it.", "以上内容真实无误，如有不实，由承诺人依法承担相应责任。") \
  X (C_VOLUNTARY, "This is a voluntary commitment by the liquidation group; no official form exists for it. It is accompanied by the Customer Information Disposal Report of the same date.", \
     "本承诺书为清算组自愿作出的承诺，并无官方规定格式；与同日生成的《客户信息处置报告》一并使用。") \
  X (C_COMPANY_LINE, "Committed by: {1}", "承诺单位：{1}")

typedef enum
{
#define X(id, en, zh) W_##id,
  REPORT_WORDS (X)
#undef X
  N_WORDS
} WordId;

static const struct
{
  const char *en;
  const char *zh;
} words[N_WORDS] = {
#define X(id, en, zh) { en, zh },
  REPORT_WORDS (X)
#undef X
};

typedef struct
{
  const char *en;
  const char *zh;
} Pair;

static const Pair medium_words[CD_N_MEDIA] = {
  { "Server", "服务器" }, { "Computer", "电脑" }, { "Mobile chat", "手机聊天记录" },
  { "Cloud drive", "网盘" }, { "Voice recorder", "录音设备" }, { "E-mail", "电子邮件" },
  { "Paper", "纸质" }, { "Other", "其他" },
};

static const Pair record_type_words[CD_N_RECORD_TYPES] = {
  { "Personal records", "个人资料" }, { "Transactions", "交易记录" }, { "Communications", "沟通记录" },
  { "Contracts", "合同" }, { "Recordings", "录音录像" },
};

static const Pair route_words[] = {
  { "general deregistration", "一般注销" }, { "simplified deregistration", "简易注销" },
};

static const Pair customer_kind_words[] = {
  { "Individuals", "个人" }, { "Enterprises", "企业" },
};

static const Pair customer_kind_one_words[] = {
  { "Individual", "个人" }, { "Enterprise", "企业" },
};

static const Pair member_role_words[CD_N_MEMBER_ROLES] = {
  { "head", "负责人" }, { "member", "成员" }, { "legal", "法律顾问" }, { "finance", "财务" }, { "other", "其他" },
};

static const Pair category_words[CD_N_CATEGORIES] = {
  { "General personal information", "一般个人信息" },
  { "Biometrics", "生物识别信息" },
  { "Religious beliefs", "宗教信仰" },
  { "Specific identity", "特定身份" },
  { "Medical and health", "医疗健康" },
  { "Financial accounts", "金融账户" },
  { "Whereabouts", "行踪轨迹" },
  { "Minors under 14", "不满十四周岁未成年人信息" },
  { "ID-document numbers", "身份证件号码" },
  { "Business secrets", "商业秘密" },
  { "Not personal", "非个人信息" },
};

static const Pair disposition_words[CD_N_DISPOSITIONS] = {
  { "Undecided", "未决定" },
  { "Encrypt and retain", "加密留存" },
  { "De-identify and retain", "去标识化后留存" },
  { "Anonymize", "匿名化" },
  { "Transfer", "移交" },
  { "Return to the customer", "退还客户" },
  { "Destroy", "销毁" },
};

static const Pair channel_words[CD_N_CHANNELS] = {
  { "post", "邮寄" }, { "e-mail", "电子邮件" }, { "SMS", "短信" }, { "in person", "当面送达" }, { "phone", "电话" },
};

static const Pair response_words[CD_N_RESPONSES] = {
  { "none", "未回复" },
  { "No objection", "无异议" },
  { "Delete my data", "要求删除" },
  { "Send me a copy", "要求提供副本" },
  { "Do not transfer", "反对移交" },
  { "Other", "其他" },
};

static const Pair notice_state_words[CD_N_NOTICE_STATES] = {
  { "not drafted", "未起草" }, { "drafted", "已起草" }, { "sent", "已发出" },
};

static const Pair manual_kind_words[CD_N_MANUAL_KINDS] = {
  { "Paper", "纸质" }, { "Device", "设备" }, { "Online account", "线上账户" },
};

static const Pair run_state_words[] = {
  { "planned", "已计划" }, { "running", "执行中" }, { "interrupted", "已中断" },
  { "complete", "已完成" }, { "cancelled", "已取消" },
};

static const Pair item_state_words[] = {
  { "pending", "待处理" }, { "in progress", "处理中" }, { "destroyed", "已销毁" }, { "failed", "失败" },
};

static const Pair shred_category_words[] = {
  { "not assured", "无法保证" }, { "Clear", "Clear（清除）" },
};

static const Pair caveat_words[CD_SHRED_N_CAVEATS] = {
  { "flash storage: old copies may remain (wear levelling)", "闪存介质：因磨损均衡可能残留旧数据" },
  { "storage type unknown", "无法识别存储介质类型" },
  { "copy-on-write file system: old copies may remain", "写时复制文件系统：可能残留旧副本" },
  { "data-journalling file system: old copies may remain", "数据日志文件系统：可能残留旧副本" },
  { "network storage: the server decides what is kept", "网络存储：是否留存由服务器决定" },
  { "memory file system: may have been swapped to disk", "内存文件系统：可能曾被换出到磁盘" },
};

/* The plan check's errors, in the document's language (its own messages
 * are in the UI's). */
static const Pair problem_words[CD_PLAN_N_CHECKS] = {
  { "no disposition decided", "未决定处置方式" },
  { "no category", "未分类" },
  { "sensitive information retained without encryption", "敏感个人信息未加密留存" },
  { "transfer without the recipient's name and contact", "移交未写明接收方名称和联系方式" },
  { "transfer without a signed agreement", "移交未签订协议" },
  { "transfer recipient not vetted", "移交接收方未经审查" },
  { "destination is an individual's own account or device", "目的地为个人账户或设备" },
  { "retention period already over: destroy now", "保存期限已届满，应立即销毁" },
  { "retained without a retain-until date", "留存未设定期限" },
  { "a suggested sensitive category was dropped", "删除了建议的敏感类别" },
  { "a customer asked for deletion, the asset keeps their records", "有客户要求删除，但该资产仍保留其记录" },
  { "a customer objected to the transfer", "有客户反对移交" },
  { "archive kept past its retain-until date", "档案已超过保存期限仍未销毁" },
};

/* -- the report object ----------------------------------------------------- */

struct _CdReport
{
  GObject       parent_instance;
  CdReportKind  kind;
  char         *language;
  guint         n_plan_errors;  /* a draft when > 0 */
  GPtrArray    *checks;
  CdDoc        *doc;
  char         *title;
  char         *author;
  char         *head_hex;
  guint         n_entries;
};

G_DEFINE_FINAL_TYPE (CdReport, cd_report, G_TYPE_OBJECT)

static void
cd_report_finalize (GObject *object)
{
  CdReport *self = CD_REPORT (object);

  g_free (self->language);
  g_ptr_array_unref (self->checks);
  g_clear_pointer (&self->doc, cd_doc_free);
  g_free (self->title);
  g_free (self->author);
  g_free (self->head_hex);
  G_OBJECT_CLASS (cd_report_parent_class)->finalize (object);
}

static void
cd_report_class_init (CdReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_report_finalize;
}

static void
cd_report_init (CdReport *self)
{
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_report_check_free);
}

void
cd_report_check_free (CdReportCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->title);
  g_free (check->detail);
  g_free (check);
}

void
cd_report_verification_free (CdReportVerification *v)
{
  if (v == NULL)
    return;
  g_free (v->head_hash);
  g_free (v->generated);
  g_free (v->language);
  g_free (v);
}

/* -- what the report is made of -------------------------------------------- */

/* What was done about one asset. */
typedef struct
{
  gint64   when;       /* unix time, 0: nothing recorded */
  char    *text;       /* in the document's language */
} Execution;

typedef struct
{
  gboolean           en;
  GDateTime         *now;
  char              *today;             /* YYYY-MM-DD */
  GDate              today_date;
  char              *case_file;

  CdCaseInfo        *info;
  GListModel        *members;
  GListModel        *assets;
  GHashTable        *plans;             /* asset id → CdAssetPlan */
  GPtrArray         *plan_list;
  GPtrArray         *problems;
  guint              n_errors;
  CdNoticesContext  *notices_ctx;
  GListModel        *customers;         /* (transfer none) from notices_ctx */
  GHashTable        *overrides;         /* customer id → CdCustomerPlan */
  GPtrArray         *override_list;
  GPtrArray         *notices;
  GPtrArray         *overdue;
  GPtrArray         *runs;
  GPtrArray         *manual;
  GPtrArray         *vaults;
  GPtrArray         *custodians;
  GPtrArray         *redactions;
  GPtrArray         *scans;
  GPtrArray         *audit;
  CdAuditReport      audit_report;
  gboolean           audit_verified;
  char              *audit_error;
  GArray            *checkpoints;
  CdRetentionRules  *rules;
  char              *public_key;        /* minisign base64 */
  char              *key_id;
  char              *head_hex;
  char              *contact;
  GHashTable        *executions;        /* asset id → Execution */
} Gather;

static void
execution_free (Execution *execution)
{
  g_free (execution->text);
  g_free (execution);
}

static void
gather_clear (Gather *g)
{
  g_clear_pointer (&g->now, g_date_time_unref);
  g_clear_pointer (&g->today, g_free);
  g_clear_pointer (&g->case_file, g_free);
  g_clear_object (&g->info);
  g_clear_object (&g->members);
  g_clear_object (&g->assets);
  g_clear_pointer (&g->plans, g_hash_table_unref);
  g_clear_pointer (&g->plan_list, g_ptr_array_unref);
  g_clear_pointer (&g->problems, g_ptr_array_unref);
  g_clear_pointer (&g->notices_ctx, cd_notices_context_free);
  g_clear_pointer (&g->overrides, g_hash_table_unref);
  g_clear_pointer (&g->override_list, g_ptr_array_unref);
  g_clear_pointer (&g->notices, g_ptr_array_unref);
  g_clear_pointer (&g->overdue, g_ptr_array_unref);
  g_clear_pointer (&g->runs, g_ptr_array_unref);
  g_clear_pointer (&g->manual, g_ptr_array_unref);
  g_clear_pointer (&g->vaults, g_ptr_array_unref);
  g_clear_pointer (&g->custodians, g_ptr_array_unref);
  g_clear_pointer (&g->redactions, g_ptr_array_unref);
  g_clear_pointer (&g->scans, g_ptr_array_unref);
  g_clear_pointer (&g->audit, g_ptr_array_unref);
  g_clear_pointer (&g->audit_error, g_free);
  g_clear_pointer (&g->checkpoints, g_array_unref);
  g_clear_object (&g->rules);
  g_clear_pointer (&g->public_key, g_free);
  g_clear_pointer (&g->key_id, g_free);
  g_clear_pointer (&g->head_hex, g_free);
  g_clear_pointer (&g->contact, g_free);
  g_clear_pointer (&g->executions, g_hash_table_unref);
}

static const char *
W (const Gather *g,
   WordId        id)
{
  return g->en ? words[id].en : words[id].zh;
}

static const char *
P (const Gather *g,
   const Pair   *pair)
{
  return g->en ? pair->en : pair->zh;
}

/* Fills "{1}".."{9}" of a format from the table; @args ends with NULL. */
static char *
subst_v (const char         *format,
         const char * const *args)
{
  GString *out = g_string_new (NULL);
  guint n_args = args != NULL ? g_strv_length ((char **) args) : 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}')
        {
          guint i = (guint) (p[1] - '1');

          if (i < n_args)
            g_string_append (out, args[i]);
          p += 2;
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
subst1 (const char *format,
        const char *a)
{
  const char *args[] = { a, NULL };

  return subst_v (format, args);
}

static char *
subst2 (const char *format,
        const char *a,
        const char *b)
{
  const char *args[] = { a, b, NULL };

  return subst_v (format, args);
}

static char *
subst3 (const char *format,
        const char *a,
        const char *b,
        const char *c)
{
  const char *args[] = { a, b, c, NULL };

  return subst_v (format, args);
}

static char *
num (guint64 n)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, n);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_time <= 0)
    return g_strdup ("—");
  utc = g_date_time_new_from_unix_utc (unix_time);
  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_day (const Gather *g,
            GDateTime    *time)
{
  if (g->en)
    {
      static const char * const months[] = { "January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December" };

      return g_strdup_printf ("%d %s %d", g_date_time_get_day_of_month (time),
                              months[g_date_time_get_month (time) - 1], g_date_time_get_year (time));
    }
  return g_strdup_printf ("%d年%d月%d日", g_date_time_get_year (time), g_date_time_get_month (time),
                          g_date_time_get_day_of_month (time));
}

static char *
format_size (guint64 bytes)
{
  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  if (bytes < 1024 * 1024)
    return g_strdup_printf ("%.1f KiB", bytes / 1024.0);
  if (bytes < (guint64) 1024 * 1024 * 1024)
    return g_strdup_printf ("%.1f MiB", bytes / (1024.0 * 1024.0));
  return g_strdup_printf ("%.2f GiB", bytes / (1024.0 * 1024.0 * 1024.0));
}

static char *
percent (guint part,
         guint whole)
{
  if (whole == 0)
    return g_strdup ("—");
  return g_strdup_printf ("%.1f%%", 100.0 * part / whole);
}

static const char *
basename_of (const char *path)
{
  const char *slash;

  if (path == NULL)
    return "";
  slash = strrchr (path, G_DIR_SEPARATOR);
  return slash != NULL && slash[1] != '\0' ? slash + 1 : path;
}

static char *
categories_text (const Gather *g,
                 CdCategories  categories)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < CD_N_CATEGORIES; i++)
    if (categories & (1u << i))
      {
        if (out->len > 0)
          g_string_append (out, W (g, W_LIST_SEP));
        g_string_append (out, P (g, &category_words[i]));
      }
  if (out->len == 0)
    g_string_append (out, W (g, W_DASH));
  return g_string_free (out, FALSE);
}

static const char *
asset_name (CdAsset *asset)
{
  const char *location = cd_asset_get_location (asset);

  return location != NULL && *location != '\0' ? location : cd_asset_get_id (asset);
}

/* -- reading the case ------------------------------------------------------ */

static char *
audit_problem_text (const Gather  *g,
                    CdAuditProblem problem)
{
  static const Pair problems[] = {
    { "intact", "完整" },
    { "an entry was edited", "有记录被修改" },
    { "entries were swapped or inserted", "有记录被调换或插入" },
    { "an entry was deleted", "有记录被删除" },
    { "the log was truncated", "日志被截断" },
  };

  return g_strdup (problem < G_N_ELEMENTS (problems) ? P (g, &problems[problem]) : "?");
}

static void
add_execution (Gather     *g,
               const char *asset_id,
               gint64      when,
               char       *text)
{
  Execution *old = g_hash_table_lookup (g->executions, asset_id);
  Execution *execution;

  /* The latest act wins: it is what the asset's state is now. */
  if (old != NULL && old->when > when)
    {
      g_free (text);
      return;
    }
  execution = g_new0 (Execution, 1);
  execution->when = when;
  execution->text = text;
  g_hash_table_replace (g->executions, g_strdup (asset_id), execution);
}

static char *
people (const Gather *g,
        const char   *operator_name,
        const char   *witness)
{
  if (nonempty (witness) == NULL)
    return g_strdup (nonempty (operator_name) != NULL ? operator_name : W (g, W_DASH));
  return subst2 (W (g, W_WITH_WITNESS), nonempty (operator_name) != NULL ? operator_name : W (g, W_DASH),
                 witness);
}

/* What was done about each asset: destruction runs and manual records for
 * "destroy", retained archives for "retain", de-identified exports (from
 * the audit log). */
static void
gather_executions (Gather *g)
{
  gint64 newest_vault = 0;
  const CdVaultRecord *newest = NULL;

  g->executions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) execution_free);

  for (guint r = 0; r < g->runs->len; r++)
    {
      const CdDestroyRun *run = g->runs->pdata[r];
      g_autoptr(GHashTable) per_asset = NULL;
      GHashTableIter iter;
      gpointer key, value;

      if (run->state != CD_DESTROY_RUN_COMPLETE)
        continue;
      per_asset = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < run->items->len; i++)
        {
          const CdDestroyItem *item = run->items->pdata[i];

          guint count;

          if (item->asset_id == NULL || item->state != CD_DESTROY_ITEM_DESTROYED)
            continue;
          count = GPOINTER_TO_UINT (g_hash_table_lookup (per_asset, item->asset_id));
          g_hash_table_insert (per_asset, item->asset_id, GUINT_TO_POINTER (count + 1));
        }
      g_hash_table_iter_init (&iter, per_asset);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *n = num (GPOINTER_TO_UINT (value));
          g_autofree char *when = format_time (run->finished);
          g_autofree char *who = people (g, run->operator_name, run->witness);

          add_execution (g, key, run->finished, subst3 (W (g, W_EXEC_WIPED), n, when, who));
        }
    }

  for (guint i = 0; i < g->manual->len; i++)
    {
      const CdManualDestruction *record = g->manual->pdata[i];
      g_autofree char *who = NULL;

      if (record->asset_id == NULL)
        continue;
      who = people (g, record->operator_name, record->witness);
      add_execution (g, record->asset_id, record->created,
                     subst3 (W (g, W_EXEC_MANUAL), P (g, &manual_kind_words[MIN (record->kind, CD_N_MANUAL_KINDS - 1)]),
                             record->performed_on != NULL ? record->performed_on : "—", who));
    }

  for (guint i = 0; i < g->audit->len; i++)
    {
      const CdAuditEntry *entry = g->audit->pdata[i];
      g_autofree char *when = NULL;

      if (g_strcmp0 (entry->action, "plan.export") != 0 || entry->object == NULL)
        continue;
      when = format_time (entry->time);
      add_execution (g, entry->object, entry->time,
                     subst2 (W (g, W_EXEC_EXPORT), when, entry->actor != NULL ? entry->actor : "—"));
    }

  /* A vault made from the plan holds the retained assets' file locations
   * (cd_destroy_retained_paths): an asset on the file system that was
   * decided before the newest kept vault was made is in it. Assets that
   * are not files (a server's database, paper) cannot be. */
  for (guint i = 0; i < g->vaults->len; i++)
    {
      const CdVaultRecord *vault = g->vaults->pdata[i];

      if (g_strcmp0 (vault->state, "kept") == 0 && vault->created >= newest_vault)
        {
          newest_vault = vault->created;
          newest = vault;
        }
    }
  if (newest != NULL)
    {
      guint n = g_list_model_get_n_items (g->assets);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CdAsset) asset = g_list_model_get_item (g->assets, i);
          const CdAssetPlan *plan = g_hash_table_lookup (g->plans, cd_asset_get_id (asset));
          const char *location = cd_asset_get_location (asset);
          g_autofree char *when = NULL;

          if (plan == NULL || !cd_disposition_retains (plan->disposition) || location == NULL ||
              !g_path_is_absolute (location) || plan->decided_at > newest->created ||
              g_hash_table_contains (g->executions, cd_asset_get_id (asset)))
            continue;
          when = format_time (newest->created);
          add_execution (g, cd_asset_get_id (asset), newest->created,
                         subst2 (W (g, W_EXEC_VAULT), basename_of (newest->file), when));
        }
    }
}

static gboolean
gather (Gather      *g,
        CdStore     *store,
        GError     **error)
{
  CdMinisignPublicKey public_key;
  g_autoptr(GPtrArray) plans_copy = NULL;
  g_autoptr(GError) local_error = NULL;

  g_date_clear (&g->today_date, 1);
  g_date_set_dmy (&g->today_date, (GDateDay) g_date_time_get_day_of_month (g->now),
                  (GDateMonth) g_date_time_get_month (g->now), (GDateYear) g_date_time_get_year (g->now));
  g->today = g_date_time_format (g->now, "%Y-%m-%d");
  g->case_file = g_path_get_basename (cd_store_get_path (store));

  /* The key first: made on first use, and that is audited, so it comes
   * before the head the report states. */
  if (!cd_store_get_signing_key (store, NULL, public_key.key_id, public_key.public_key, error))
    return FALSE;
  g->public_key = cd_minisign_public_key_to_base64 (&public_key);
  g->key_id = cd_minisign_key_id_to_string (public_key.key_id);

  g->info = cd_store_get_case_info (store, error);
  if (g->info == NULL)
    return FALSE;
  g->members = cd_store_list_members (store, error);
  if (g->members == NULL)
    return FALSE;
  g->assets = cd_store_list_assets (store, error);
  if (g->assets == NULL)
    return FALSE;
  g->plan_list = cd_store_list_asset_plans (store, error);
  if (g->plan_list == NULL)
    return FALSE;
  g->plans = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < g->plan_list->len; i++)
    {
      CdAssetPlan *plan = g->plan_list->pdata[i];

      g_hash_table_insert (g->plans, plan->asset_id, plan);
    }
  plans_copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  for (guint i = 0; i < g->plan_list->len; i++)
    g_ptr_array_add (plans_copy, cd_asset_plan_copy (g->plan_list->pdata[i]));
  g->problems = cd_plan_check_case (store, plans_copy, &g->today_date, error);
  if (g->problems == NULL)
    return FALSE;
  g->n_errors = cd_plan_count_errors (g->problems);

  g->notices_ctx = cd_notices_context_new (store, error);
  if (g->notices_ctx == NULL)
    return FALSE;
  g->customers = cd_notices_context_get_customers (g->notices_ctx);
  g->override_list = cd_store_list_customer_plans (store, error);
  if (g->override_list == NULL)
    return FALSE;
  g->overrides = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < g->override_list->len; i++)
    {
      CdCustomerPlan *plan = g->override_list->pdata[i];

      g_hash_table_insert (g->overrides, plan->customer_id, plan);
    }
  g->notices = cd_store_list_notices (store, error);
  if (g->notices == NULL)
    return FALSE;
  g->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_notice_free);
  for (guint i = 0; i < g->notices->len; i++)
    if (cd_notice_is_overdue (g->notices->pdata[i], g->today))
      g_ptr_array_add (g->overdue, cd_notice_copy (g->notices->pdata[i]));

  g->runs = cd_destroy_list_runs (store, error);
  if (g->runs == NULL)
    return FALSE;
  g->manual = cd_destroy_list_manual (store, error);
  if (g->manual == NULL)
    return FALSE;
  g->vaults = cd_store_list_vaults (store, error);
  if (g->vaults == NULL)
    return FALSE;
  g->custodians = cd_store_list_custodians (store, error);
  if (g->custodians == NULL)
    return FALSE;
  g->redactions = cd_store_list_redactions (store, error);
  if (g->redactions == NULL)
    return FALSE;
  g->scans = cd_store_list_scans (store, error);
  if (g->scans == NULL)
    return FALSE;

  g->audit = cd_store_list_audit (store, error);
  if (g->audit == NULL)
    return FALSE;
  if (g->audit->len > 0)
    g->head_hex = cd_audit_hash_to_hex (((CdAuditEntry *) g->audit->pdata[g->audit->len - 1])->hash);
  else
    g->head_hex = g_strnfill (64, '0');
  /* A log that cannot be verified is stated in red, never a reason not
   * to report. */
  g->audit_verified = cd_store_verify_audit (store, &g->audit_report, &local_error);
  if (!g->audit_verified)
    g->audit_error = g_strdup (local_error->message);
  g_clear_error (&local_error);
  g->checkpoints = cd_store_list_checkpoints (store, &local_error);
  if (g->checkpoints == NULL)
    g->checkpoints = g_array_new (FALSE, TRUE, sizeof (CdAuditCheckpoint));
  g_clear_error (&local_error);

  /* Without rules only the wording of legal bases is lost. */
  g->rules = cd_retention_rules_load_default (NULL);
  g->contact = cd_store_get_setting (store, CD_NOTICES_SETTING_CONTACT, NULL);

  gather_executions (g);
  return TRUE;
}

static gboolean
audit_ok (const Gather *g)
{
  return g->audit_verified && g->audit_report.problem == CD_AUDIT_OK;
}

/* -- helpers over cd-doc --------------------------------------------------- */

static void
none (CdDoc        *doc,
      const Gather *g)
{
  cd_doc_paragraph (doc, CD_DOC_TEXT_MUTED, W (g, W_NONE));
}

/* Key/value pairs collected in a GPtrArray of owned strings. */
static void
kv_add (GPtrArray  *kv,
        const char *label,
        const char *value)
{
  g_ptr_array_add (kv, g_strdup (label));
  g_ptr_array_add (kv, g_strdup (value));
}

static void
kv_emit (CdDoc     *doc,
         GPtrArray *kv)
{
  g_ptr_array_add (kv, NULL);
  cd_doc_key_values (doc, (const char * const *) kv->pdata);
  g_ptr_array_set_size (kv, 0);
}

static void
row (CdDoc         *doc,
     CdDocRowFlags  flags,
     GPtrArray     *cells)
{
  cd_doc_table_row (doc, flags, (const char * const *) cells->pdata);
  g_ptr_array_set_size (cells, 0);
}

static void
table_begin (CdDoc         *doc,
             const Gather  *g,
             const WordId  *headers,
             const double  *widths,
             guint          n)
{
  const char *texts[16];

  g_assert (n <= G_N_ELEMENTS (texts));
  for (guint i = 0; i < n; i++)
    texts[i] = W (g, headers[i]);
  cd_doc_table_begin (doc, n, texts, widths);
}

/* -- page 1 warnings ------------------------------------------------------- */

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_warnings (CdDoc        *doc,
              const Gather *g)
{
  if (!audit_ok (g))
    {
      g_autofree char *text = NULL;

      if (!g->audit_verified)
        text = subst1 (W (g, W_AUDIT_ERROR), g->audit_error);
      else
        {
          g_autofree char *seq = num ((guint64) g->audit_report.first_bad_seq);
          g_autofree char *what = audit_problem_text (g, g->audit_report.problem);

          text = subst2 (W (g, W_AUDIT_BROKEN), seq, what);
        }
      cd_doc_paragraph (doc, CD_DOC_TEXT_ALERT | CD_DOC_TEXT_BOLD, text);
    }

  if (g->n_errors > 0)
    {
      g_autofree char *n = num (g->n_errors);
      g_autofree char *title = subst1 (W (g, W_DRAFT_TITLE), n);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      guint shown = 0, unshown = 0;

      cd_doc_paragraph (doc, CD_DOC_TEXT_ALERT | CD_DOC_TEXT_BOLD, title);
      /* Sorted and without repeats (the check may name one asset twice
       * for the same reason, e.g. once per category), so two builds of
       * one case list the same lines. */
      for (guint i = 0; i < g->problems->len; i++)
        {
          const CdPlanProblem *problem = g->problems->pdata[i];
          g_autofree char *line = NULL;
          const char *what = problem->code < CD_PLAN_N_CHECKS ? P (g, &problem_words[problem->code]) : "?";
          const char *where = NULL;
          g_autoptr(CdAsset) asset = NULL;

          if (problem->severity != CD_PLAN_SEVERITY_ERROR)
            continue;
          if (problem->asset_id != NULL)
            {
              guint n_assets = g_list_model_get_n_items (g->assets);

              for (guint j = 0; j < n_assets && asset == NULL; j++)
                {
                  g_autoptr(CdAsset) candidate = g_list_model_get_item (g->assets, j);

                  if (g_strcmp0 (cd_asset_get_id (candidate), problem->asset_id) == 0)
                    asset = g_steal_pointer (&candidate);
                }
              where = asset != NULL ? asset_name (asset) : problem->asset_id;
            }
          else if (problem->vault_id != NULL)
            {
              for (guint j = 0; j < g->vaults->len; j++)
                {
                  const CdVaultRecord *vault = g->vaults->pdata[j];

                  if (g_strcmp0 (vault->id, problem->vault_id) == 0)
                    where = basename_of (vault->file);
                }
            }
          line = where != NULL ? g_strdup_printf ("• %s%s%s", where, g->en ? ": " : "：", what)
                               : g_strdup_printf ("• %s", what);
          g_ptr_array_add (lines, g_steal_pointer (&line));
        }
      g_ptr_array_sort (lines, compare_lines);
      for (guint i = 0; i < lines->len; i++)
        {
          if (i > 0 && strcmp (lines->pdata[i], lines->pdata[i - 1]) == 0)
            continue;
          if (shown < MAX_DRAFT_REASONS)
            cd_doc_paragraph (doc, CD_DOC_TEXT_ALERT, lines->pdata[i]);
          else
            unshown++;
          shown++;
        }
      if (unshown > 0)
        {
          g_autofree char *more = num (unshown);
          g_autofree char *text = subst1 (W (g, W_DRAFT_MORE), more);

          cd_doc_paragraph (doc, CD_DOC_TEXT_ALERT, text);
        }
    }
}

/* -- 1. cover -------------------------------------------------------------- */

static char *
members_text (const Gather *g)
{
  GString *out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (g->members);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdMember) member = g_list_model_get_item (g->members, i);
      CdMemberRole role = cd_member_get_role (member);

      if (out->len > 0)
        g_string_append (out, W (g, W_LIST_SEP));
      g_string_append_printf (out, g->en ? "%s (%s)" : "%s（%s）", cd_member_get_name (member),
                              P (g, &member_role_words[MIN (role, CD_N_MEMBER_ROLES - 1)]));
    }
  return g_string_free (out, FALSE);
}

static const char *
member_with_role (const Gather *g,
                  CdMemberRole  role)
{
  guint n = g_list_model_get_n_items (g->members);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdMember) member = g_list_model_get_item (g->members, i);

      if (cd_member_get_role (member) == role)
        return cd_member_get_name (member);   /* the model keeps it alive */
    }
  return NULL;
}

static void
build_cover (CdDoc        *doc,
             const Gather *g,
             CdReportKind  kind)
{
  g_autoptr(GPtrArray) kv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *members = members_text (g);
  g_autofree char *generated = g_date_time_format (g->now, "%Y-%m-%d %H:%M (UTC%:z)");
  CdRoute route = cd_case_info_get_route (g->info);

  cd_doc_paragraph (doc, CD_DOC_TEXT_TITLE | CD_DOC_TEXT_CENTER,
                    W (g, kind == CD_REPORT_KIND_REPORT ? W_TITLE_REPORT : W_TITLE_COMMITMENT));
  cd_doc_paragraph (doc, CD_DOC_TEXT_CENTER | CD_DOC_TEXT_BOLD, cd_case_info_get_company_name (g->info));
  cd_doc_vspace (doc, 12);
  add_warnings (doc, g);
  cd_doc_heading (doc, 1, W (g, W_H_CASE));
  cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, W (g, W_INTRO));

  kv_add (kv, W (g, W_COMPANY), cd_case_info_get_company_name (g->info));
  kv_add (kv, W (g, W_USCC), cd_case_info_get_uscc (g->info));
  kv_add (kv, W (g, W_ADDRESS), cd_case_info_get_address (g->info));
  kv_add (kv, W (g, W_ROUTE), P (g, &route_words[MIN (route, G_N_ELEMENTS (route_words) - 1)]));
  kv_add (kv, W (g, W_GROUP_FILED), cd_case_info_get_group_filed (g->info));
  kv_add (kv, W (g, W_ANNOUNCED), cd_case_info_get_announced (g->info));
  kv_add (kv, W (g, W_PLANNED_DEREG), cd_case_info_get_planned_deregistration (g->info));
  kv_add (kv, W (g, W_CONSULTANT), cd_case_info_get_consultant (g->info));
  kv_add (kv, W (g, W_GROUP), members);
  kv_add (kv, W (g, W_GENERATED), generated);
  kv_add (kv, W (g, W_CASE_FILE), g->case_file);
  kv_add (kv, W (g, W_LANGUAGE), W (g, W_LANGUAGE_NAME));
  kv_emit (doc, kv);
  /* The cover is a page of its own: it is what a reader signs off. */
  cd_doc_page_break (doc);
}

/* -- 2. inventory ---------------------------------------------------------- */

/* A subsection counting assets and their records by one property (medium,
 * record type): a row per value that occurs, then the totals. */
static void
count_table (CdDoc         *doc,
             const Gather  *g,
             WordId         heading,
             const WordId  *headers,
             const Pair    *labels,
             const guint   *assets,
             const guint64 *records,
             guint          n_values,
             guint64        total_records)
{
  static const double widths[] = { 0.5, 0.25, 0.25 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint n_assets = 0;

  for (guint v = 0; v < n_values; v++)
    n_assets += assets[v];

  cd_doc_heading (doc, 2, W (g, heading));
  if (n_assets == 0)
    {
      none (doc, g);
      return;
    }
  table_begin (doc, g, headers, widths, 3);
  for (guint v = 0; v < n_values; v++)
    {
      if (assets[v] == 0)
        continue;
      g_ptr_array_add (cells, g_strdup (P (g, &labels[v])));
      g_ptr_array_add (cells, num (assets[v]));
      g_ptr_array_add (cells, num (records[v]));
      row (doc, CD_DOC_ROW_NORMAL, cells);
    }
  g_ptr_array_add (cells, g_strdup (W (g, W_TOTAL)));
  g_ptr_array_add (cells, num (n_assets));
  g_ptr_array_add (cells, num (total_records));
  row (doc, CD_DOC_ROW_BOLD, cells);
  cd_doc_table_end (doc);
}

static void
build_inventory (CdDoc        *doc,
                 const Gather *g)
{
  static const WordId medium_headers[] = { W_COL_MEDIUM, W_COL_ASSETS, W_COL_RECORDS };
  static const WordId type_headers[] = { W_COL_TYPE, W_COL_ASSETS, W_COL_RECORDS };
  static const WordId customer_headers[] = { W_COL_CUSTOMER_TYPE, W_COL_CUSTOMERS };
  static const WordId scan_headers[] = { W_COL_SCAN_STARTED, W_COL_SCAN_ROOT, W_COL_FILES, W_COL_FINDINGS,
                                         W_COL_REVIEW };
  static const double widths2[] = { 0.6, 0.4 };
  static const double scan_widths[] = { 0.18, 0.40, 0.14, 0.14, 0.14 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint media_assets[CD_N_MEDIA] = { 0 }, type_assets[CD_N_RECORD_TYPES] = { 0 };
  guint64 media_records[CD_N_MEDIA] = { 0 }, type_records[CD_N_RECORD_TYPES] = { 0 };
  guint kinds[2] = { 0 };
  guint64 total_records = 0;
  guint n_assets = g_list_model_get_n_items (g->assets);
  guint n_customers = g_list_model_get_n_items (g->customers);

  cd_doc_heading (doc, 1, W (g, W_H_INVENTORY));
  for (guint i = 0; i < n_assets; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (g->assets, i);
      CdMedium m = MIN (cd_asset_get_medium (asset), CD_N_MEDIA - 1);
      CdRecordType t = MIN (cd_asset_get_record_type (asset), CD_N_RECORD_TYPES - 1);
      guint64 records = (guint64) MAX (cd_asset_get_records (asset), 0);

      media_assets[m]++;
      media_records[m] += records;
      type_assets[t]++;
      type_records[t] += records;
      total_records += records;
    }
  for (guint i = 0; i < n_customers; i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (g->customers, i);

      kinds[cd_customer_get_kind (customer) == CD_CUSTOMER_KIND_ENTERPRISE ? 1 : 0]++;
    }

  count_table (doc, g, W_H_BY_MEDIUM, medium_headers, medium_words, media_assets, media_records,
               CD_N_MEDIA, total_records);
  count_table (doc, g, W_H_BY_TYPE, type_headers, record_type_words, type_assets, type_records,
               CD_N_RECORD_TYPES, total_records);

  cd_doc_heading (doc, 2, W (g, W_H_CUSTOMERS));
  if (n_customers == 0)
    none (doc, g);
  else
    {
      table_begin (doc, g, customer_headers, widths2, 2);
      for (guint k = 0; k < 2; k++)
        {
          g_ptr_array_add (cells, g_strdup (P (g, &customer_kind_words[k])));
          g_ptr_array_add (cells, num (kinds[k]));
          row (doc, CD_DOC_ROW_NORMAL, cells);
        }
      g_ptr_array_add (cells, g_strdup (W (g, W_TOTAL)));
      g_ptr_array_add (cells, num (n_customers));
      row (doc, CD_DOC_ROW_BOLD, cells);
      cd_doc_table_end (doc);
    }

  cd_doc_heading (doc, 2, W (g, W_H_SCANS));
  if (g->scans->len == 0)
    none (doc, g);
  else
    {
      table_begin (doc, g, scan_headers, scan_widths, 5);
      for (guint i = 0; i < g->scans->len; i++)
        {
          const CdScanSummary *scan = g->scans->pdata[i];
          guint64 findings = 0;
          g_autofree char *roots = g_strdup (scan->roots != NULL ? scan->roots : "");

          for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
            findings += scan->counts[k];
          g_strstrip (roots);
          g_ptr_array_add (cells, format_time (scan->started));
          g_ptr_array_add (cells, g_strdup (roots));
          g_ptr_array_add (cells, g_strdup_printf ("%" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT,
                                                   scan->scanned, scan->files));
          g_ptr_array_add (cells, num (findings));
          g_ptr_array_add (cells, num (scan->review));
          row (doc, CD_DOC_ROW_NORMAL, cells);
        }
      cd_doc_table_end (doc);
    }
}

/* -- 3. classification ----------------------------------------------------- */

/* A customer's categories: the customer's own tags and those of every
 * asset that holds their records. */
static CdCategories
customer_categories (const Gather *g,
                     const char   *customer_id)
{
  GPtrArray *holdings = cd_notices_context_get_holdings (g->notices_ctx, customer_id);
  const CdCustomerPlan *override = g_hash_table_lookup (g->overrides, customer_id);
  CdCategories categories = override != NULL ? override->categories : 0;

  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *holding = holdings->pdata[i];
      const CdAssetPlan *plan = g_hash_table_lookup (g->plans, holding->asset_id);

      if (plan != NULL)
        categories |= plan->categories;
    }
  return categories;
}

static void
build_classification (CdDoc        *doc,
                      const Gather *g)
{
  static const WordId headers[] = { W_COL_CATEGORY, W_COL_ASSETS, W_COL_RECORDS, W_COL_CUSTOMERS };
  static const double widths[] = { 0.46, 0.18, 0.18, 0.18 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint assets[CD_N_CATEGORIES + 1] = { 0 }, customers[CD_N_CATEGORIES + 1] = { 0 };
  guint64 records[CD_N_CATEGORIES + 1] = { 0 };
  guint n_assets = g_list_model_get_n_items (g->assets);
  guint n_customers = g_list_model_get_n_items (g->customers);

  cd_doc_heading (doc, 1, W (g, W_H_CLASSIFICATION));
  if (n_assets == 0 && n_customers == 0)
    {
      none (doc, g);
      return;
    }
  for (guint i = 0; i < n_assets; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (g->assets, i);
      const CdAssetPlan *plan = g_hash_table_lookup (g->plans, cd_asset_get_id (asset));
      CdCategories categories = plan != NULL ? plan->categories : 0;
      guint64 n = (guint64) MAX (cd_asset_get_records (asset), 0);

      if (categories == 0)
        {
          assets[CD_N_CATEGORIES]++;
          records[CD_N_CATEGORIES] += n;
        }
      for (guint c = 0; c < CD_N_CATEGORIES; c++)
        if (categories & (1u << c))
          {
            assets[c]++;
            records[c] += n;
          }
    }
  for (guint i = 0; i < n_customers; i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (g->customers, i);
      CdCategories categories = customer_categories (g, cd_customer_get_id (customer));

      if (categories == 0)
        customers[CD_N_CATEGORIES]++;
      for (guint c = 0; c < CD_N_CATEGORIES; c++)
        if (categories & (1u << c))
          customers[c]++;
    }

  cd_doc_paragraph (doc, CD_DOC_TEXT_SMALL, W (g, W_CLASS_NOTE));
  table_begin (doc, g, headers, widths, 4);
  for (guint c = 0; c <= CD_N_CATEGORIES; c++)
    {
      gboolean sensitive = c < CD_N_CATEGORIES && ((1u << c) & CD_CATEGORIES_SENSITIVE) != 0;

      /* Every sensitive category is listed, zero or not: a regulator
       * looks for them. */
      if (!sensitive && assets[c] == 0 && customers[c] == 0)
        continue;
      g_ptr_array_add (cells, g_strdup (c < CD_N_CATEGORIES ? P (g, &category_words[c]) : W (g, W_UNCATEGORIZED)));
      g_ptr_array_add (cells, num (assets[c]));
      g_ptr_array_add (cells, num (records[c]));
      g_ptr_array_add (cells, num (customers[c]));
      row (doc, sensitive ? CD_DOC_ROW_HIGHLIGHT : CD_DOC_ROW_NORMAL, cells);
    }
  cd_doc_table_end (doc);
}

/* -- 4. dispositions ------------------------------------------------------- */

static char *
legal_basis (const Gather      *g,
             const CdAssetPlan *plan)
{
  if (plan == NULL)
    return g_strdup (W (g, W_DASH));
  if (plan->rule_id != NULL && g->rules != NULL)
    {
      CdRetentionRule *rule = cd_retention_rules_lookup (g->rules, plan->rule_id);

      if (rule != NULL)
        {
          const char *basis = g->en ? cd_retention_rule_get_legal_basis_en (rule)
                                    : cd_retention_rule_get_legal_basis (rule);

          if (nonempty (basis) != NULL)
            return g_strdup (basis);
        }
    }
  switch (plan->disposition)
    {
    case CD_DISPOSITION_ENCRYPT_RETAIN:
    case CD_DISPOSITION_DEIDENTIFY_RETAIN:
      return g_strdup (W (g, W_BASIS_RETAIN));
    case CD_DISPOSITION_ANONYMIZE:
      return g_strdup (W (g, W_BASIS_ANONYMIZE));
    case CD_DISPOSITION_TRANSFER:
      return g_strdup (W (g, W_BASIS_TRANSFER));
    case CD_DISPOSITION_RETURN:
      return g_strdup (W (g, W_BASIS_RETURN));
    case CD_DISPOSITION_DESTROY:
      return g_strdup (W (g, W_BASIS_DESTROY));
    case CD_DISPOSITION_UNDECIDED:
    default:
      return g_strdup (W (g, W_BASIS_UNDECIDED));
    }
}

static CdDisposition
asset_disposition (const Gather *g,
                   const char   *asset_id)
{
  const CdAssetPlan *plan = g_hash_table_lookup (g->plans, asset_id);

  return plan != NULL && plan->disposition < CD_N_DISPOSITIONS ? plan->disposition : CD_DISPOSITION_UNDECIDED;
}

static void
build_dispositions (CdDoc        *doc,
                    const Gather *g)
{
  static const WordId summary_headers[] = { W_COL_DISPOSITION, W_COL_ASSETS, W_COL_RECORDS, W_COL_EXECUTED_N };
  static const double summary_widths[] = { 0.46, 0.18, 0.18, 0.18 };
  static const WordId headers[] = { W_COL_ASSET, W_COL_DISPOSITION, W_COL_BASIS, W_COL_UNTIL, W_COL_EXECUTED };
  static const double widths[] = { 0.25, 0.13, 0.29, 0.12, 0.21 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint counts[CD_N_DISPOSITIONS] = { 0 }, executed[CD_N_DISPOSITIONS] = { 0 };
  guint64 records[CD_N_DISPOSITIONS] = { 0 };
  guint n_assets = g_list_model_get_n_items (g->assets);

  cd_doc_heading (doc, 1, W (g, W_H_DISPOSITIONS));
  if (n_assets == 0)
    {
      none (doc, g);
      return;
    }
  for (guint i = 0; i < n_assets; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (g->assets, i);
      CdDisposition d = asset_disposition (g, cd_asset_get_id (asset));

      counts[d]++;
      records[d] += (guint64) MAX (cd_asset_get_records (asset), 0);
      if (g_hash_table_contains (g->executions, cd_asset_get_id (asset)))
        executed[d]++;
    }

  cd_doc_heading (doc, 2, W (g, W_H_DISP_SUMMARY));
  table_begin (doc, g, summary_headers, summary_widths, 4);
  for (guint d = 0; d < CD_N_DISPOSITIONS; d++)
    {
      if (counts[d] == 0)
        continue;
      g_ptr_array_add (cells, g_strdup (P (g, &disposition_words[d])));
      g_ptr_array_add (cells, num (counts[d]));
      g_ptr_array_add (cells, num (records[d]));
      g_ptr_array_add (cells, num (executed[d]));
      row (doc, d == CD_DISPOSITION_UNDECIDED ? CD_DOC_ROW_ALERT : CD_DOC_ROW_NORMAL, cells);
    }
  cd_doc_table_end (doc);

  cd_doc_heading (doc, 2, W (g, W_H_DISP_ASSETS));
  table_begin (doc, g, headers, widths, 5);
  for (guint i = 0; i < n_assets; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (g->assets, i);
      const char *id = cd_asset_get_id (asset);
      const CdAssetPlan *plan = g_hash_table_lookup (g->plans, id);
      CdDisposition d = asset_disposition (g, id);
      const Execution *execution = g_hash_table_lookup (g->executions, id);
      g_autofree char *decision = NULL;

      if (d == CD_DISPOSITION_TRANSFER && plan != NULL && nonempty (plan->recipient) != NULL)
        {
          g_autofree char *to = subst1 (W (g, W_TO_RECIPIENT), plan->recipient);

          decision = g_strdup_printf ("%s\n%s", P (g, &disposition_words[d]), to);
        }
      else
        decision = g_strdup (P (g, &disposition_words[d]));
      g_ptr_array_add (cells, g_strdup_printf ("%s\n%s · %s", asset_name (asset),
                                               P (g, &medium_words[MIN (cd_asset_get_medium (asset), CD_N_MEDIA - 1)]),
                                               P (g, &record_type_words[MIN (cd_asset_get_record_type (asset),
                                                                             CD_N_RECORD_TYPES - 1)])));
      g_ptr_array_add (cells, g_steal_pointer (&decision));
      g_ptr_array_add (cells, legal_basis (g, plan));
      g_ptr_array_add (cells, g_strdup (plan != NULL && nonempty (plan->retain_until) != NULL ? plan->retain_until
                                                                                              : W (g, W_DASH)));
      g_ptr_array_add (cells, g_strdup (execution != NULL ? execution->text
                                        : d == CD_DISPOSITION_UNDECIDED ? W (g, W_DASH) : W (g, W_NOT_YET)));
      row (doc, d == CD_DISPOSITION_UNDECIDED ? CD_DOC_ROW_ALERT : CD_DOC_ROW_NORMAL, cells);
    }
  cd_doc_table_end (doc);
}

/* -- 5. notices ------------------------------------------------------------ */

static void
build_notices (CdDoc        *doc,
               const Gather *g)
{
  static const WordId channel_headers[] = { W_COL_CHANNEL, W_COL_SENT, W_COL_DATES, W_COL_ANSWERED, W_COL_RATE };
  static const double channel_widths[] = { 0.2, 0.15, 0.35, 0.15, 0.15 };
  static const WordId response_headers[] = { W_COL_RESPONSE, W_COL_COUNT, W_COL_ACTION };
  static const double response_widths[] = { 0.3, 0.15, 0.55 };
  static const WordId overdue_headers[] = { W_COL_CUSTOMER, W_COL_CHANNEL, W_COL_DATES, W_COL_DEADLINE };
  static const double overdue_widths[] = { 0.3, 0.2, 0.25, 0.25 };
  g_autoptr(GPtrArray) kv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) names = NULL;
  guint sent[CD_N_CHANNELS] = { 0 }, answered[CD_N_CHANNELS] = { 0 };
  char *first[CD_N_CHANNELS] = { NULL }, *last[CD_N_CHANNELS] = { NULL };
  guint responses[CD_N_RESPONSES] = { 0 };
  guint n_sent = 0, n_drafted = 0, n_answered = 0, n_copies = 0;
  guint n_customers = g_list_model_get_n_items (g->customers);
  g_autofree char *s_customers = num (n_customers);
  g_autofree char *s_drafted = NULL, *s_sent = NULL, *s_not_sent = NULL, *s_answered = NULL;
  g_autofree char *s_rate = NULL, *s_overdue = NULL;

  for (guint i = 0; i < g->notices->len; i++)
    {
      const CdNotice *notice = g->notices->pdata[i];

      if (notice->state == CD_NOTICE_SENT)
        {
          CdNoticeChannel c = MIN (notice->channel, CD_N_CHANNELS - 1);

          n_sent++;
          sent[c]++;
          if (notice->sent_on != NULL)
            {
              if (first[c] == NULL || strcmp (notice->sent_on, first[c]) < 0)
                first[c] = notice->sent_on;
              if (last[c] == NULL || strcmp (notice->sent_on, last[c]) > 0)
                last[c] = notice->sent_on;
            }
          if (notice->response != CD_RESPONSE_NONE)
            answered[c]++;
        }
      else if (notice->state == CD_NOTICE_DRAFTED)
        n_drafted++;
      if (notice->response != CD_RESPONSE_NONE && notice->response < CD_N_RESPONSES)
        {
          n_answered++;
          responses[notice->response]++;
          if (notice->response == CD_RESPONSE_COPY && notice->copy_prepared)
            n_copies++;
        }
    }

  cd_doc_heading (doc, 1, W (g, W_H_NOTICES));
  s_drafted = num (n_drafted);
  s_sent = num (n_sent);
  s_not_sent = num (n_customers > n_sent ? n_customers - n_sent : 0);
  s_answered = num (n_answered);
  s_rate = percent (n_answered, n_sent);
  s_overdue = num (g->overdue->len);
  kv_add (kv, W (g, W_NOTICES_CUSTOMERS), s_customers);
  kv_add (kv, W (g, W_NOTICES_SENT), s_sent);
  kv_add (kv, W (g, W_NOTICES_DRAFTED), s_drafted);
  kv_add (kv, W (g, W_NOTICES_NOT_SENT), s_not_sent);
  kv_add (kv, W (g, W_NOTICES_ANSWERED), s_answered);
  kv_add (kv, W (g, W_NOTICES_RATE), s_rate);
  kv_add (kv, W (g, W_NOTICES_OVERDUE), s_overdue);
  kv_emit (doc, kv);

  cd_doc_heading (doc, 2, W (g, W_H_BY_CHANNEL));
  if (n_sent == 0)
    none (doc, g);
  else
    {
      table_begin (doc, g, channel_headers, channel_widths, 5);
      for (guint c = 0; c < CD_N_CHANNELS; c++)
        {
          if (sent[c] == 0)
            continue;
          g_ptr_array_add (cells, g_strdup (P (g, &channel_words[c])));
          g_ptr_array_add (cells, num (sent[c]));
          if (first[c] == NULL)
            g_ptr_array_add (cells, g_strdup (W (g, W_DASH)));
          else if (strcmp (first[c], last[c]) == 0)
            g_ptr_array_add (cells, g_strdup (first[c]));
          else
            g_ptr_array_add (cells, g_strdup_printf ("%s – %s", first[c], last[c]));
          g_ptr_array_add (cells, num (answered[c]));
          g_ptr_array_add (cells, percent (answered[c], sent[c]));
          row (doc, CD_DOC_ROW_NORMAL, cells);
        }
      cd_doc_table_end (doc);
    }

  cd_doc_heading (doc, 2, W (g, W_H_RESPONSES));
  if (n_answered == 0)
    none (doc, g);
  else
    {
      table_begin (doc, g, response_headers, response_widths, 3);
      for (guint r = CD_RESPONSE_NO_OBJECTION; r < CD_N_RESPONSES; r++)
        {
          g_autofree char *copies = NULL;
          const char *action;

          if (responses[r] == 0)
            continue;
          switch ((CdNoticeResponse) r)
            {
            case CD_RESPONSE_NO_OBJECTION:
              action = W (g, W_ACT_NO_OBJECTION);
              break;
            case CD_RESPONSE_DELETE:
              action = W (g, W_ACT_DELETE);
              break;
            case CD_RESPONSE_COPY:
              {
                g_autofree char *n = num (n_copies);

                copies = subst1 (W (g, W_ACT_COPY), n);
                action = copies;
              }
              break;
            case CD_RESPONSE_OBJECT_TRANSFER:
              action = W (g, W_ACT_OBJECT);
              break;
            case CD_RESPONSE_OTHER:
            case CD_RESPONSE_NONE:
            default:
              action = W (g, W_ACT_OTHER);
              break;
            }
          g_ptr_array_add (cells, g_strdup (P (g, &response_words[r])));
          g_ptr_array_add (cells, num (responses[r]));
          g_ptr_array_add (cells, g_strdup (action));
          row (doc, CD_DOC_ROW_NORMAL, cells);
        }
      cd_doc_table_end (doc);
    }

  cd_doc_heading (doc, 2, W (g, W_H_OVERDUE));
  if (g->overdue->len == 0)
    {
      none (doc, g);
      return;
    }
  names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < g->overdue->len; i++)
    g_hash_table_insert (names, ((CdNotice *) g->overdue->pdata[i])->customer_id, NULL);
  for (guint i = 0; i < n_customers; i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (g->customers, i);

      /* The key stays the notice's copy of the id, which outlives this. */
      if (g_hash_table_contains (names, cd_customer_get_id (customer)))
        g_hash_table_insert (names, (gpointer) cd_customer_get_id (customer),
                             cd_customer_dup_masked_name (customer));
    }
  table_begin (doc, g, overdue_headers, overdue_widths, 4);
  for (guint i = 0; i < g->overdue->len; i++)
    {
      const CdNotice *notice = g->overdue->pdata[i];
      const char *name = g_hash_table_lookup (names, notice->customer_id);

      g_ptr_array_add (cells, g_strdup (name != NULL ? name : "—"));
      g_ptr_array_add (cells, g_strdup (P (g, &channel_words[MIN (notice->channel, CD_N_CHANNELS - 1)])));
      g_ptr_array_add (cells, g_strdup (notice->sent_on != NULL ? notice->sent_on : "—"));
      g_ptr_array_add (cells, g_strdup (notice->deadline != NULL ? notice->deadline : "—"));
      row (doc, CD_DOC_ROW_ALERT, cells);
    }
  cd_doc_table_end (doc);
}

/* -- 6. retained archives -------------------------------------------------- */

static char *
custodian_names (const Gather        *g,
                 const CdVaultRecord *vault)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; vault->recipients != NULL && vault->recipients[i] != NULL; i++)
    {
      const char *name = NULL;

      for (guint j = 0; j < g->custodians->len && name == NULL; j++)
        {
          const CdCustodian *custodian = g->custodians->pdata[j];

          if (g_strcmp0 (custodian->recipient, vault->recipients[i]) == 0)
            name = custodian->name;
        }
      if (out->len > 0)
        g_string_append (out, W (g, W_LIST_SEP));
      if (name != NULL)
        g_string_append (out, name);
      else
        g_string_append_printf (out, "%.16s…", vault->recipients[i]);
    }
  if (vault->passphrase)
    {
      if (out->len > 0)
        g_string_append (out, W (g, W_LIST_SEP));
      g_string_append (out, W (g, W_ARCHIVE_PASSPHRASE));
    }
  return g_string_free (out, FALSE);
}

static char *
day_after (const char *iso)
{
  GDate date;

  if (iso == NULL || !cd_retention_date_parse (iso, &date))
    return NULL;
  g_date_add_days (&date, 1);
  return cd_retention_date_format (&date);
}

static void
build_archives (CdDoc        *doc,
                const Gather *g)
{
  static const WordId custodian_headers[] = { W_COL_NAME, W_COL_KEY };
  static const double custodian_widths[] = { 0.3, 0.7 };
  g_autoptr(GPtrArray) kv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  cd_doc_heading (doc, 1, W (g, W_H_ARCHIVES));
  if (g->vaults->len == 0)
    none (doc, g);
  for (guint i = 0; i < g->vaults->len; i++)
    {
      const CdVaultRecord *vault = g->vaults->pdata[i];
      g_autofree char *size = format_size (vault->size);
      g_autofree char *members = num (vault->members);
      g_autofree char *custodians = custodian_names (g, vault);
      g_autofree char *created = format_time (vault->created);
      g_autofree char *destroy_on = day_after (vault->retain_until);
      g_autofree char *state = NULL;
      g_autofree char *sha = NULL;
      gboolean destroyed = g_strcmp0 (vault->state, "destroyed") == 0;

      if (destroyed)
        {
          g_autofree char *when = format_time (vault->destroyed_at);

          state = subst1 (W (g, W_ARCHIVE_DESTROYED), when);
        }
      else
        state = g_strdup (W (g, W_ARCHIVE_KEPT));
      cd_doc_heading (doc, 2, basename_of (vault->file));
      kv_add (kv, W (g, W_ARCHIVE_FILE), vault->file);
      kv_add (kv, W (g, W_ARCHIVE_SIZE), size);
      kv_add (kv, W (g, W_ARCHIVE_MEMBERS), members);
      kv_add (kv, W (g, W_ARCHIVE_CUSTODIANS), custodians);
      kv_add (kv, W (g, W_ARCHIVE_UNTIL), vault->retain_until != NULL ? vault->retain_until : W (g, W_ARCHIVE_NO_DATE));
      kv_add (kv, W (g, W_ARCHIVE_DESTROY_ON), destroyed ? W (g, W_DASH)
                                                : destroy_on != NULL ? destroy_on : W (g, W_ARCHIVE_NO_DATE));
      kv_add (kv, W (g, W_ARCHIVE_CREATED), created);
      kv_add (kv, W (g, W_ARCHIVE_STATE), state);
      kv_emit (doc, kv);
      sha = g_strdup_printf ("SHA-256: %s", vault->sha256 != NULL ? vault->sha256 : "—");
      cd_doc_paragraph (doc, CD_DOC_TEXT_MONOSPACE, sha);
    }

  cd_doc_heading (doc, 2, W (g, W_H_CUSTODIANS));
  if (g->custodians->len == 0)
    {
      none (doc, g);
      return;
    }
  table_begin (doc, g, custodian_headers, custodian_widths, 2);
  for (guint i = 0; i < g->custodians->len; i++)
    {
      const CdCustodian *custodian = g->custodians->pdata[i];

      g_ptr_array_add (cells, g_strdup (custodian->name));
      g_ptr_array_add (cells, g_strdup (custodian->recipient));
      row (doc, CD_DOC_ROW_NORMAL, cells);
    }
  cd_doc_table_end (doc);
}

/* -- 7. destruction -------------------------------------------------------- */

static const char *
run_state_label (const Gather      *g,
                 CdDestroyRunState  state)
{
  return P (g, &run_state_words[MIN ((guint) state, G_N_ELEMENTS (run_state_words) - 1)]);
}

static char *
caveats_text (const Gather   *g,
              CdShredCaveats  caveats)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < CD_SHRED_N_CAVEATS; i++)
    if (caveats & (1u << i))
      {
        if (out->len > 0)
          g_string_append (out, g->en ? "; " : "；");
        g_string_append (out, P (g, &caveat_words[i]));
      }
  if (out->len == 0)
    g_string_append (out, W (g, W_NONE));
  return g_string_free (out, FALSE);
}

static void
build_destruction (CdDoc        *doc,
                   const Gather *g)
{
  static const WordId file_headers[] = { W_COL_FILE, W_COL_SIZE, W_COL_STATE };
  static const double file_widths[] = { 0.64, 0.16, 0.20 };
  static const WordId manual_headers[] = { W_COL_DATE, W_COL_KIND, W_COL_WHAT, W_COL_METHOD, W_COL_PEOPLE };
  static const double manual_widths[] = { 0.13, 0.10, 0.37, 0.20, 0.20 };
  g_autoptr(GPtrArray) kv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint shown = 0;

  cd_doc_heading (doc, 1, W (g, W_H_DESTRUCTION));
  cd_doc_heading (doc, 2, W (g, W_H_RUNS));
  for (guint r = 0; r < g->runs->len; r++)
    {
      const CdDestroyRun *run = g->runs->pdata[r];
      guint destroyed = 0, other = 0;
      guint64 bytes = 0;
      gboolean verified = TRUE, any = FALSE;
      CdShredCategory category = CD_SHRED_CATEGORY_CLEAR;
      CdShredCaveats caveats = 0;
      g_autofree char *title = NULL, *when = NULL, *s_destroyed = NULL, *s_other = NULL, *s_bytes = NULL;
      g_autofree char *passes = NULL, *method = NULL, *s_caveats = NULL, *started = NULL, *finished = NULL;

      /* A plan never run destroyed nothing: not a record. */
      if (run->state == CD_DESTROY_RUN_PLANNED ||
          (run->state == CD_DESTROY_RUN_CANCELLED && run->started == 0))
        continue;
      for (guint i = 0; i < run->items->len; i++)
        {
          const CdDestroyItem *item = run->items->pdata[i];

          if (item->state == CD_DESTROY_ITEM_DESTROYED)
            {
              destroyed++;
              bytes += item->size;
              any = TRUE;
              verified = verified && item->verified;
              if (item->category < category)
                category = item->category;
              caveats |= item->caveats;
            }
          else
            other++;
        }
      when = format_time (run->created);
      title = subst1 (W (g, W_RUN_TITLE), when);
      cd_doc_heading (doc, 2, title);
      started = format_time (run->started);
      finished = format_time (run->finished);
      s_destroyed = num (destroyed);
      s_other = num (other);
      s_bytes = format_size (bytes);
      passes = num (run->passes > 0 ? run->passes : 1);
      method = subst1 (W (g, W_RUN_METHOD_TEXT), passes);
      s_caveats = caveats_text (g, caveats);
      kv_add (kv, W (g, W_RUN_STATE), run_state_label (g, run->state));
      kv_add (kv, W (g, W_RUN_OPERATOR), run->operator_name);
      kv_add (kv, W (g, W_RUN_WITNESS), run->witness);
      {
        g_autofree char *span = g_strdup_printf ("%s – %s", started, finished);

        kv_add (kv, W (g, W_RUN_TIME), span);
      }
      kv_add (kv, W (g, W_RUN_FILES), s_destroyed);
      kv_add (kv, W (g, W_RUN_FAILED), s_other);
      kv_add (kv, W (g, W_RUN_BYTES), s_bytes);
      kv_add (kv, W (g, W_RUN_METHOD), method);
      kv_add (kv, W (g, W_RUN_VERIFY), run->verify && verified ? W (g, W_RUN_VERIFIED) : W (g, W_RUN_NOT_VERIFIED));
      kv_add (kv, W (g, W_RUN_CATEGORY), any ? P (g, &shred_category_words[MIN (category, 1)]) : W (g, W_DASH));
      kv_add (kv, W (g, W_RUN_CAVEATS), s_caveats);
      kv_emit (doc, kv);
      if (run->items->len > 0)
        {
          table_begin (doc, g, file_headers, file_widths, 3);
          for (guint i = 0; i < run->items->len; i++)
            {
              const CdDestroyItem *item = run->items->pdata[i];

              g_ptr_array_add (cells, g_strdup (item->path));
              g_ptr_array_add (cells, format_size (item->size));
              g_ptr_array_add (cells, g_strdup (P (g, &item_state_words[MIN ((guint) item->state,
                                                                            G_N_ELEMENTS (item_state_words) - 1)])));
              row (doc, item->state == CD_DESTROY_ITEM_FAILED ? CD_DOC_ROW_ALERT : CD_DOC_ROW_NORMAL, cells);
            }
          cd_doc_table_end (doc);
        }
      shown++;
    }
  if (shown == 0)
    none (doc, g);

  cd_doc_heading (doc, 2, W (g, W_H_MANUAL));
  if (g->manual->len == 0)
    {
      none (doc, g);
      return;
    }
  table_begin (doc, g, manual_headers, manual_widths, 5);
  for (guint i = 0; i < g->manual->len; i++)
    {
      const CdManualDestruction *record = g->manual->pdata[i];
      GString *method = g_string_new (NULL);
      const char *sep = g->en ? "; " : "；";

      switch (record->kind)
        {
        case CD_MANUAL_PAPER:
          {
            g_autofree char *level = subst1 (W (g, W_PAPER_DETAIL), record->method != NULL ? record->method : "—");

            g_string_append (method, level);
            if (record->weight_kg > 0)
              {
                g_autofree char *kg = g_strdup_printf ("%.1f", record->weight_kg);
                g_autofree char *text = subst1 (W (g, W_PAPER_WEIGHT), kg);

                g_string_append_printf (method, "%s%s", sep, text);
              }
            if (record->boxes > 0)
              {
                g_autofree char *n = num (record->boxes);
                g_autofree char *text = subst1 (W (g, W_PAPER_BOXES), n);

                g_string_append_printf (method, "%s%s", sep, text);
              }
          }
          break;
        case CD_MANUAL_DEVICE:
        case CD_MANUAL_CLOUD:
        default:
          g_string_append (method, record->method != NULL ? record->method : "—");
          if (nonempty (record->serial) != NULL)
            {
              g_autofree char *text = subst1 (W (g, record->kind == CD_MANUAL_DEVICE ? W_DEVICE_SERIAL
                                                                                      : W_CLOUD_ACCOUNT),
                                              record->serial);

              g_string_append_printf (method, "%s%s", sep, text);
            }
          break;
        }
      if (record->certificate_name != NULL)
        {
          g_autofree char *text = subst1 (W (g, W_CERTIFICATE), record->certificate_name);

          g_string_append_printf (method, "%s%s", sep, text);
        }
      g_ptr_array_add (cells, g_strdup (record->performed_on != NULL ? record->performed_on : "—"));
      g_ptr_array_add (cells, g_strdup (P (g, &manual_kind_words[MIN (record->kind, CD_N_MANUAL_KINDS - 1)])));
      g_ptr_array_add (cells, g_strdup (record->description != NULL ? record->description : "—"));
      g_ptr_array_add (cells, g_string_free (method, FALSE));
      g_ptr_array_add (cells, g_strdup_printf ("%s / %s", record->operator_name != NULL ? record->operator_name : "—",
                                               record->witness != NULL ? record->witness : "—"));
      row (doc, CD_DOC_ROW_NORMAL, cells);
    }
  cd_doc_table_end (doc);
}

/* -- 8. redactions --------------------------------------------------------- */

static void
build_redactions (CdDoc        *doc,
                  const Gather *g)
{
  static const WordId headers[] = { W_COL_INPUT, W_COL_OUTPUT, W_COL_BOXES, W_COL_PAGES, W_COL_WHEN, W_COL_BY };
  static const double widths[] = { 0.25, 0.25, 0.11, 0.09, 0.17, 0.13 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  cd_doc_heading (doc, 1, W (g, W_H_REDACTIONS));
  if (g->redactions->len == 0)
    {
      none (doc, g);
      return;
    }
  table_begin (doc, g, headers, widths, 6);
  for (guint i = 0; i < g->redactions->len; i++)
    {
      const CdRedaction *redaction = g->redactions->pdata[i];

      g_ptr_array_add (cells, g_strdup (basename_of (redaction->input)));
      g_ptr_array_add (cells, g_strdup (basename_of (redaction->output)));
      g_ptr_array_add (cells, num (redaction->boxes));
      g_ptr_array_add (cells, num (redaction->pages));
      g_ptr_array_add (cells, format_time (redaction->created));
      g_ptr_array_add (cells, g_strdup (redaction->actor != NULL ? redaction->actor : "—"));
      row (doc, CD_DOC_ROW_NORMAL, cells);
    }
  cd_doc_table_end (doc);
}

/* -- 9. integrity ---------------------------------------------------------- */

static char *
qr_payload (const Gather *g)
{
  return g_strdup_printf (QR_MAGIC ";head=%s;key=%s", g->head_hex, g->public_key);
}

static void
build_integrity (CdDoc        *doc,
                 const Gather *g)
{
  g_autoptr(GPtrArray) kv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *entries = num (g->audit->len);
  g_autofree char *result = NULL;
  g_autofree char *checkpoint = NULL;
  g_autofree char *payload = qr_payload (g);
  const CdAuditCheckpoint *latest = NULL;
  gboolean any_vault = FALSE;

  cd_doc_heading (doc, 1, W (g, W_H_INTEGRITY));
  if (!g->audit_verified)
    result = subst1 (W (g, W_AUDIT_ERROR), g->audit_error);
  else if (g->audit_report.problem != CD_AUDIT_OK)
    {
      g_autofree char *seq = num ((guint64) g->audit_report.first_bad_seq);
      g_autofree char *what = audit_problem_text (g, g->audit_report.problem);

      result = subst2 (W (g, W_INT_BROKEN), seq, what);
    }
  else
    result = g_strdup (W (g, W_INT_OK));

  if (g->checkpoints->len > 0)
    latest = &g_array_index (g->checkpoints, CdAuditCheckpoint, g->checkpoints->len - 1);
  if (latest != NULL)
    {
      g_autofree char *seq = num ((guint64) latest->seq);
      g_autofree char *when = format_time (latest->created);

      checkpoint = subst3 (W (g, W_INT_CHECKPOINT_TEXT), seq, when, latest->valid ? "" : W (g, W_INT_CHECKPOINT_BAD));
    }
  else
    checkpoint = g_strdup (W (g, W_INT_NO_CHECKPOINT));

  kv_add (kv, W (g, W_INT_ENTRIES), entries);
  kv_add (kv, W (g, W_INT_RESULT), result);
  kv_add (kv, W (g, W_INT_CHECKPOINT), checkpoint);
  kv_add (kv, W (g, W_INT_KEY_ID), g->key_id);
  kv_emit (doc, kv);
  if (!audit_ok (g))
    cd_doc_paragraph (doc, CD_DOC_TEXT_ALERT | CD_DOC_TEXT_BOLD, result);

  cd_doc_paragraph (doc, CD_DOC_TEXT_BOLD, W (g, W_INT_HEAD));
  cd_doc_paragraph (doc, CD_DOC_TEXT_MONOSPACE, g->head_hex);
  cd_doc_paragraph (doc, CD_DOC_TEXT_BOLD, W (g, W_INT_KEY));
  cd_doc_paragraph (doc, CD_DOC_TEXT_MONOSPACE, g->public_key);
  cd_doc_paragraph (doc, CD_DOC_TEXT_BOLD, W (g, W_INT_VAULTS));
  for (guint i = 0; i < g->vaults->len; i++)
    {
      const CdVaultRecord *vault = g->vaults->pdata[i];
      g_autofree char *line = NULL;

      if (vault->sha256 == NULL)
        continue;
      line = g_strdup_printf ("%s  %s", vault->sha256, basename_of (vault->file));
      cd_doc_paragraph (doc, CD_DOC_TEXT_MONOSPACE, line);
      any_vault = TRUE;
    }
  if (!any_vault)
    none (doc, g);
  cd_doc_qr (doc, payload, W (g, W_INT_QR));
}

/* -- 10. signatures -------------------------------------------------------- */

static char *
role_line (const Gather *g,
           WordId        role,
           const char   *name)
{
  if (nonempty (name) == NULL)
    return g_strdup (W (g, role));
  return g_strdup_printf ("%s\n%s", W (g, role), name);
}

static void
build_signatures (CdDoc        *doc,
                  const Gather *g)
{
  g_autofree char *consultant = role_line (g, W_ROLE_CONSULTANT, cd_case_info_get_consultant (g->info));
  g_autofree char *head = role_line (g, W_ROLE_HEAD, member_with_role (g, CD_MEMBER_ROLE_HEAD));
  const char *roles[] = { consultant, head, W (g, W_ROLE_WITNESS), NULL };

  cd_doc_heading (doc, 1, W (g, W_H_SIGNATURES));
  /* The heading, its sentence and the signature lines: one page. */
  cd_doc_paragraph (doc, CD_DOC_TEXT_KEEP_WITH_NEXT, W (g, W_SIGN_INTRO));
  cd_doc_signatures (doc, roles, W (g, W_SIGN_NAME), W (g, W_SIGN_DATE), W (g, W_SIGN_SEAL));
}

/* -- appendix -------------------------------------------------------------- */

static char *
notice_text (const Gather   *g,
             const CdNotice *notice,
             gboolean       *out_overdue)
{
  *out_overdue = FALSE;
  if (notice == NULL)
    return g_strdup (P (g, &notice_state_words[CD_NOTICE_NONE]));
  if (notice->response != CD_RESPONSE_NONE && notice->response < CD_N_RESPONSES)
    return subst1 (W (g, W_NOTICE_ANSWERED), P (g, &response_words[notice->response]));
  if (cd_notice_is_overdue (notice, g->today))
    {
      *out_overdue = TRUE;
      return subst1 (W (g, W_NOTICE_OVERDUE_TEXT), notice->deadline != NULL ? notice->deadline : "—");
    }
  if (notice->state == CD_NOTICE_SENT)
    return subst2 (W (g, W_NOTICE_SENT_TEXT), notice->sent_on != NULL ? notice->sent_on : "—",
                   P (g, &channel_words[MIN (notice->channel, CD_N_CHANNELS - 1)]));
  return g_strdup (P (g, &notice_state_words[MIN (notice->state, CD_N_NOTICE_STATES - 1)]));
}

static void
build_appendix (CdDoc        *doc,
                const Gather *g)
{
  static const WordId headers[] = { W_COL_NO, W_COL_CUSTOMER, W_COL_KIND_SHORT, W_COL_HOLDINGS,
                                    W_COL_DISPOSITION, W_COL_NOTICE };
  static const double widths[] = { 0.07, 0.18, 0.08, 0.20, 0.17, 0.30 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  guint n_customers = g_list_model_get_n_items (g->customers);

  cd_doc_page_break (doc);
  cd_doc_heading (doc, 1, W (g, W_H_APPENDIX));
  if (n_customers == 0)
    {
      none (doc, g);
      return;
    }
  cd_doc_paragraph (doc, CD_DOC_TEXT_SMALL, W (g, W_APPENDIX_NOTE));
  table_begin (doc, g, headers, widths, 6);
  for (guint i = 0; i < n_customers; i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (g->customers, i);
      const char *id = cd_customer_get_id (customer);
      GPtrArray *holdings = cd_notices_context_get_holdings (g->notices_ctx, id);
      const CdNotice *notice = cd_notices_context_get_notice (g->notices_ctx, id);
      guint64 items = 0;
      gboolean mixed = FALSE, overdue = FALSE;
      CdDisposition d = cd_notices_context_effective_disposition (g->notices_ctx, id, &mixed);
      g_autofree char *n_assets = num (holdings->len);
      g_autofree char *n_items = NULL;

      for (guint h = 0; h < holdings->len; h++)
        {
          const CdHolding *holding = holdings->pdata[h];

          items += MAX (holding->files, holding->items);
        }
      n_items = num (items);
      g_ptr_array_add (cells, num (i + 1));
      g_ptr_array_add (cells, cd_customer_dup_masked_name (customer));
      g_ptr_array_add (cells, g_strdup (P (g, &customer_kind_one_words[cd_customer_get_kind (customer) ==
                                                                      CD_CUSTOMER_KIND_ENTERPRISE ? 1 : 0])));
      g_ptr_array_add (cells, holdings->len > 0 ? subst2 (W (g, W_HOLDINGS_TEXT), n_assets, n_items)
                                                : g_strdup (W (g, W_DASH)));
      g_ptr_array_add (cells, g_strdup (mixed ? W (g, W_MIXED)
                                        : holdings->len == 0 && d == CD_DISPOSITION_UNDECIDED ? W (g, W_DASH)
                                        : P (g, &disposition_words[MIN (d, CD_N_DISPOSITIONS - 1)])));
      g_ptr_array_add (cells, notice_text (g, notice, &overdue));
      row (doc, overdue ? CD_DOC_ROW_ALERT : CD_DOC_ROW_NORMAL, cells);
    }
  cd_doc_table_end (doc);
}

/* -- the commitment letter ------------------------------------------------- */

static void
build_commitment (CdDoc        *doc,
                  const Gather *g)
{
  static const WordId retained_headers[] = { W_COL_CATEGORY, W_COL_ASSETS, W_COL_UNTIL_SHORT,
                                             W_ARCHIVE_CUSTODIANS, W_COL_ENCRYPTED };
  static const double retained_widths[] = { 0.34, 0.10, 0.16, 0.26, 0.14 };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) group_keys = g_ptr_array_new ();
  g_autoptr(GString) recipients = g_string_new (NULL);
  g_autoptr(GString) custodians = g_string_new (NULL);
  guint n_assets = g_list_model_get_n_items (g->assets);
  guint n_customers = g_list_model_get_n_items (g->customers);
  guint destroyed = 0, deidentified = 0, returned = 0, transferred = 0, pending = 0, files = 0;
  CdRoute route = cd_case_info_get_route (g->info);
  g_autofree char *intro = NULL;
  g_autofree char *s_assets = num (n_assets), *s_customers = num (n_customers);
  g_autofree char *done_text = NULL;
  g_autofree char *company_line = NULL;
  g_autofree char *day = format_day (g, g->now);
  g_autofree char *contact = NULL;
  const char *head = member_with_role (g, CD_MEMBER_ROLE_HEAD);
  g_autofree char *head_role = role_line (g, W_ROLE_HEAD, head);
  const char *roles[] = { head_role, W (g, W_ROLE_MEMBERS), NULL };

  for (guint i = 0; i < g->custodians->len; i++)
    {
      const CdCustodian *custodian = g->custodians->pdata[i];

      if (custodians->len > 0)
        g_string_append (custodians, W (g, W_LIST_SEP));
      g_string_append (custodians, custodian->name);
    }

  for (guint r = 0; r < g->runs->len; r++)
    {
      const CdDestroyRun *run = g->runs->pdata[r];

      for (guint i = 0; i < run->items->len; i++)
        if (((CdDestroyItem *) run->items->pdata[i])->state == CD_DESTROY_ITEM_DESTROYED)
          files++;
    }

  for (guint i = 0; i < n_assets; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (g->assets, i);
      const char *id = cd_asset_get_id (asset);
      const CdAssetPlan *plan = g_hash_table_lookup (g->plans, id);
      CdDisposition d = asset_disposition (g, id);
      gboolean done = g_hash_table_contains (g->executions, id);

      switch (d)
        {
        case CD_DISPOSITION_DESTROY:
          if (done)
            destroyed++;
          else
            pending++;
          break;
        case CD_DISPOSITION_ANONYMIZE:
          deidentified++;
          break;
        case CD_DISPOSITION_RETURN:
          returned++;
          break;
        case CD_DISPOSITION_TRANSFER:
          transferred++;
          if (plan != NULL && nonempty (plan->recipient) != NULL && strstr (recipients->str, plan->recipient) == NULL)
            {
              if (recipients->len > 0)
                g_string_append (recipients, W (g, W_LIST_SEP));
              g_string_append (recipients, plan->recipient);
            }
          break;
        case CD_DISPOSITION_ENCRYPT_RETAIN:
        case CD_DISPOSITION_DEIDENTIFY_RETAIN:
          {
            g_autofree char *categories = categories_text (g, plan->categories);
            char *key = g_strdup_printf ("%s\x1f%s\x1f%d", categories,
                                         nonempty (plan->retain_until) != NULL ? plan->retain_until : "—",
                                         d == CD_DISPOSITION_ENCRYPT_RETAIN);
            guint count = GPOINTER_TO_UINT (g_hash_table_lookup (groups, key));

            if (count == 0)
              g_ptr_array_add (group_keys, key);
            /* An existing key stays (group_keys points at it); @key is freed. */
            g_hash_table_insert (groups, key, GUINT_TO_POINTER (count + 1));
            if (d == CD_DISPOSITION_DEIDENTIFY_RETAIN)
              deidentified++;
          }
          break;
        case CD_DISPOSITION_UNDECIDED:
        default:
          pending++;
          break;
        }
    }

  cd_doc_paragraph (doc, CD_DOC_TEXT_BOLD, W (g, W_C_TO));
  intro = subst3 (W (g, W_C_INTRO), cd_case_info_get_company_name (g->info),
                  nonempty (cd_case_info_get_uscc (g->info)) != NULL ? cd_case_info_get_uscc (g->info) : "—",
                  P (g, &route_words[MIN (route, G_N_ELEMENTS (route_words) - 1)]));
  cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, intro);

  cd_doc_heading (doc, 2, W (g, W_C_H_DONE));
  done_text = subst2 (W (g, W_C_DONE_TEXT), s_assets, s_customers);
  cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, done_text);
  {
    g_autofree char *a = num (destroyed), *b = num (files), *c = num (g->manual->len);
    g_autofree char *line = subst3 (W (g, W_C_DESTROYED), a, b, c);
    g_autofree char *item = g_strdup_printf ("• %s", line);

    cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, item);
  }
  {
    g_autofree char *a = num (deidentified);
    g_autofree char *line = subst1 (W (g, W_C_DEIDENTIFIED), a);
    g_autofree char *item = g_strdup_printf ("• %s", line);

    cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, item);
  }
  {
    g_autofree char *a = num (returned);
    g_autofree char *line = subst1 (W (g, W_C_RETURNED), a);
    g_autofree char *item = g_strdup_printf ("• %s", line);

    cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, item);
  }
  {
    g_autofree char *a = num (transferred);
    g_autofree char *line = subst2 (W (g, W_C_TRANSFERRED), a, recipients->len > 0 ? recipients->str : "—");
    g_autofree char *item = g_strdup_printf ("• %s", line);

    cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, item);
  }
  if (pending > 0)
    {
      g_autofree char *a = num (pending);
      g_autofree char *line = subst1 (W (g, W_C_PENDING), a);
      g_autofree char *item = g_strdup_printf ("• %s", line);

      cd_doc_paragraph (doc, CD_DOC_TEXT_ALERT, item);
    }

  cd_doc_heading (doc, 2, W (g, W_C_H_RETAINED));
  if (group_keys->len == 0)
    none (doc, g);
  else
    {
      cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, W (g, W_C_RETAINED_TEXT));
      table_begin (doc, g, retained_headers, retained_widths, 5);
      for (guint i = 0; i < group_keys->len; i++)
        {
          g_auto(GStrv) parts = g_strsplit (group_keys->pdata[i], "\x1f", 3);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (groups, group_keys->pdata[i]));

          g_ptr_array_add (cells, g_strdup (parts[0]));
          g_ptr_array_add (cells, num (count));
          g_ptr_array_add (cells, g_strdup (parts[1]));
          g_ptr_array_add (cells, g_strdup (custodians->len > 0 ? custodians->str : W (g, W_DASH)));
          g_ptr_array_add (cells, g_strdup (W (g, g_strcmp0 (parts[2], "1") == 0 ? W_YES : W_NO)));
          row (doc, CD_DOC_ROW_NORMAL, cells);
        }
      cd_doc_table_end (doc);
    }

  cd_doc_heading (doc, 2, W (g, W_C_H_COMMIT));
  contact = g_strdup (nonempty (g->contact) != NULL ? g->contact
                      : nonempty (cd_case_info_get_consultant (g->info)) != NULL ? cd_case_info_get_consultant (g->info)
                      : cd_case_info_get_company_name (g->info));
  {
    g_autofree char *c4 = subst1 (W (g, W_C_COMMIT_4), contact);
    const char *commitments[] = { W (g, W_C_COMMIT_1), W (g, W_C_COMMIT_2), W (g, W_C_COMMIT_3), c4,
                                  W (g, W_C_COMMIT_5) };

    for (guint i = 0; i < G_N_ELEMENTS (commitments); i++)
      {
        g_autofree char *item = g_strdup_printf ("%u. %s", i + 1, commitments[i]);

        cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL, item);
      }
  }
  cd_doc_vspace (doc, 8);
  company_line = subst1 (W (g, W_C_COMPANY_LINE), cd_case_info_get_company_name (g->info));
  cd_doc_paragraph (doc, CD_DOC_TEXT_BOLD | CD_DOC_TEXT_KEEP_WITH_NEXT, company_line);
  cd_doc_paragraph (doc, CD_DOC_TEXT_KEEP_WITH_NEXT, day);
  cd_doc_signatures (doc, roles, W (g, W_SIGN_NAME), W (g, W_SIGN_DATE), W (g, W_SIGN_SEAL));
  cd_doc_paragraph (doc, CD_DOC_TEXT_SMALL | CD_DOC_TEXT_MUTED, W (g, W_C_VOLUNTARY));
}

/* -- the checklist (UI language) ------------------------------------------- */

static void
add_check (GPtrArray  *checks,
           gboolean    done,
           gboolean    blocking,
           const char *title,
           char       *detail)
{
  CdReportCheck *check = g_new0 (CdReportCheck, 1);

  check->done = done;
  check->blocking = blocking;
  check->title = g_strdup (title);
  check->detail = detail;
  g_ptr_array_add (checks, check);
}

static void
build_checks (GPtrArray    *checks,
              const Gather *g)
{
  guint n_assets = g_list_model_get_n_items (g->assets);
  guint n_customers = g_list_model_get_n_items (g->customers);
  guint n_sent = 0, retained_open = 0, destroy_open = 0;
  gboolean has_head = member_with_role (g, CD_MEMBER_ROLE_HEAD) != NULL;
  gboolean has_consultant = nonempty (cd_case_info_get_consultant (g->info)) != NULL;
  gboolean has_checkpoint = FALSE;

  /* 1. The case's own details. */
  if (has_head && has_consultant)
    add_check (checks, TRUE, FALSE, _("Case details complete"), NULL);
  else if (!has_consultant && !has_head)
    add_check (checks, FALSE, FALSE, _("Case details complete"),
               g_strdup (_("The consultant and the head of the liquidation group are missing")));
  else
    add_check (checks, FALSE, FALSE, _("Case details complete"),
               g_strdup (!has_consultant ? _("The consultant is missing") : _("The liquidation group has no head")));

  /* 2. Inventory. */
  add_check (checks, n_assets > 0, FALSE, _("Inventory not empty"),
             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u data asset", "%u data assets", n_assets), n_assets));

  /* 3. The plan: its errors are what makes the report a draft. */
  add_check (checks, g->n_errors == 0, g->n_errors > 0, _("Every asset decided, no plan errors"),
             g->n_errors == 0 ? NULL
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The plan check has %u error: the report is a draft",
                                             "The plan check has %u errors: the report is a draft", g->n_errors),
                                g->n_errors));

  /* 4. Notices: every customer of the registry is told (PIPL Art. 22, 47). */
  for (guint i = 0; i < g->notices->len; i++)
    if (((CdNotice *) g->notices->pdata[i])->state == CD_NOTICE_SENT)
      n_sent++;
  add_check (checks, n_sent >= n_customers, FALSE, _("Notices sent to every customer"),
             n_sent >= n_customers ? NULL
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer not notified yet",
                                             "%u customers not notified yet", n_customers - n_sent),
                                n_customers - n_sent));

  /* 5. Overdue answers. */
  add_check (checks, g->overdue->len == 0, FALSE, _("No overdue responses"),
             g->overdue->len == 0 ? NULL
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u notice is past its response deadline",
                                             "%u notices are past their response deadline", g->overdue->len),
                                g->overdue->len));

  /* 6, 7. Retained assets archived, "destroy" carried out. */
  for (guint i = 0; i < n_assets; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (g->assets, i);
      const char *id = cd_asset_get_id (asset);
      CdDisposition d = asset_disposition (g, id);

      if (g_hash_table_contains (g->executions, id))
        continue;
      if (d == CD_DISPOSITION_ENCRYPT_RETAIN || d == CD_DISPOSITION_DEIDENTIFY_RETAIN)
        retained_open++;
      else if (d == CD_DISPOSITION_DESTROY)
        destroy_open++;
    }
  add_check (checks, retained_open == 0, FALSE, _("Retained assets in an encrypted archive"),
             retained_open == 0 ? NULL
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u retained asset is not in an archive",
                                             "%u retained assets are not in an archive", retained_open),
                                retained_open));
  add_check (checks, destroy_open == 0, FALSE, _("Assets to destroy destroyed"),
             destroy_open == 0 ? NULL
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u asset has no completed destruction record",
                                             "%u assets have no completed destruction record", destroy_open),
                                destroy_open));

  /* 8. The log. */
  for (guint i = 0; i < g->checkpoints->len; i++)
    if (g_array_index (g->checkpoints, CdAuditCheckpoint, i).valid)
      has_checkpoint = TRUE;
  add_check (checks, audit_ok (g) && has_checkpoint, FALSE, _("Audit log verified and signed"),
             !audit_ok (g) ? g_strdup (_("The audit log fails verification: the report says so on its first page"))
             : !has_checkpoint ? g_strdup (_("No signed checkpoint of the audit log yet"))
             : NULL);
}

/* -- the report ------------------------------------------------------------ */

static gboolean
check_language (const char  *language,
                const char **out_language,
                GError     **error)
{
  if (language == NULL || strcmp (language, "zh_CN") == 0)
    *out_language = "zh_CN";
  else if (strcmp (language, "en") == 0)
    *out_language = "en";
  else
    {
      g_set_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_LANGUAGE,
                   _("A report can be written in Chinese (zh_CN) or English (en), not “%s”"),
                   g_utf8_validate (language, -1, NULL) ? language : "?");
      return FALSE;
    }
  return TRUE;
}

static char *
keywords_line (const Gather *g,
               CdReportKind  kind,
               const char   *language)
{
  GString *out = g_string_new (REPORT_MAGIC);
  g_autofree char *generated = g_date_time_format (g->now, "%Y-%m-%dT%H:%M:%S%:z");
  guint n = 0;

  g_string_append_printf (out, " kind=%s lang=%s generated=%s head=%s vaults=",
                          kind == CD_REPORT_KIND_REPORT ? "report" : "commitment", language, generated, g->head_hex);
  for (guint i = 0; i < g->vaults->len; i++)
    {
      const CdVaultRecord *vault = g->vaults->pdata[i];

      if (vault->sha256 == NULL)
        continue;
      g_string_append_printf (out, "%s%s", n++ > 0 ? "," : "", vault->sha256);
    }
  return g_string_free (out, FALSE);
}

CdReport *
cd_report_new (CdStore       *store,
               CdReportKind   kind,
               const char    *language,
               GDateTime     *now,
               GError       **error)
{
  g_autoptr(CdReport) self = NULL;
  g_autofree char *running = NULL;
  g_autofree char *short_name = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *subject = NULL;
  Gather g = { 0, };
  const char *company;
  gboolean ok;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (kind == CD_REPORT_KIND_REPORT || kind == CD_REPORT_KIND_COMMITMENT, NULL);

  if (!check_language (language, &language, error))
    return NULL;

  self = g_object_new (CD_TYPE_REPORT, NULL);
  self->kind = kind;
  self->language = g_strdup (language);

  g.en = strcmp (language, "en") == 0;
  g.now = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_local ();
  ok = gather (&g, store, error);
  if (!ok)
    {
      gather_clear (&g);
      return NULL;
    }

  company = cd_case_info_get_company_name (g.info);
  if (company == NULL)
    company = "";
  short_name = g_utf8_strlen (company, -1) > RUNNING_NAME_CHARS
               ? g_strdup_printf ("%.*s…", (int) (g_utf8_offset_to_pointer (company, RUNNING_NAME_CHARS) - company),
                                  company)
               : g_strdup (company);
  self->title = g_strdup (W (&g, kind == CD_REPORT_KIND_REPORT ? W_TITLE_REPORT : W_TITLE_COMMITMENT));
  self->author = g_strdup (company);
  running = g_strdup_printf ("%s · %s", short_name, self->title);
  self->doc = cd_doc_new (language, running, W (&g, W_PAGE_FORMAT));
  self->n_plan_errors = g.n_errors;
  self->head_hex = g_strdup (g.head_hex);
  self->n_entries = g.audit->len;
  if (self->n_plan_errors > 0)
    cd_doc_set_watermark (self->doc, W (&g, W_DRAFT_MARK));
  keywords = keywords_line (&g, kind, language);
  subject = g_strdup_printf ("%s — %s", self->title, company);
  cd_doc_set_metadata (self->doc, subject, keywords);

  if (kind == CD_REPORT_KIND_REPORT)
    {
      build_cover (self->doc, &g, kind);
      build_inventory (self->doc, &g);
      build_classification (self->doc, &g);
      build_dispositions (self->doc, &g);
      build_notices (self->doc, &g);
      build_archives (self->doc, &g);
      build_destruction (self->doc, &g);
      build_redactions (self->doc, &g);
      build_integrity (self->doc, &g);
      build_signatures (self->doc, &g);
      build_appendix (self->doc, &g);
    }
  else
    {
      cd_doc_paragraph (self->doc, CD_DOC_TEXT_TITLE | CD_DOC_TEXT_CENTER, self->title);
      cd_doc_vspace (self->doc, 6);
      add_warnings (self->doc, &g);
      build_commitment (self->doc, &g);
    }
  build_checks (self->checks, &g);
  gather_clear (&g);

  if (cd_doc_paginate (self->doc, error) == 0)
    return NULL;
  return g_steal_pointer (&self);
}

CdReportKind
cd_report_get_kind (CdReport *self)
{
  g_return_val_if_fail (CD_IS_REPORT (self), CD_REPORT_KIND_REPORT);
  return self->kind;
}

const char *
cd_report_get_language (CdReport *self)
{
  g_return_val_if_fail (CD_IS_REPORT (self), NULL);
  return self->language;
}

gboolean
cd_report_is_draft (CdReport *self)
{
  g_return_val_if_fail (CD_IS_REPORT (self), TRUE);
  return self->n_plan_errors > 0;
}

/**
 * cd_report_get_n_plan_errors:
 *
 * How many errors the plan check found when the report was built: why it
 * is a draft (0 for a final report).
 */
guint
cd_report_get_n_plan_errors (CdReport *self)
{
  g_return_val_if_fail (CD_IS_REPORT (self), 0);
  return self->n_plan_errors;
}

/**
 * cd_report_get_checks:
 *
 * Returns: (transfer none) (element-type CdReportCheck): the checklist
 */
GPtrArray *
cd_report_get_checks (CdReport *self)
{
  g_return_val_if_fail (CD_IS_REPORT (self), NULL);
  return self->checks;
}

guint
cd_report_get_n_pages (CdReport *self)
{
  g_return_val_if_fail (CD_IS_REPORT (self), 0);
  return cd_doc_get_n_pages (self->doc);
}

void
cd_report_draw_page (CdReport *self,
                     cairo_t  *cr,
                     guint     page)
{
  g_return_if_fail (CD_IS_REPORT (self));
  g_return_if_fail (cr != NULL);
  cd_doc_draw_page (self->doc, cr, page);
}

gboolean
cd_report_write_pdf (CdReport    *self,
                     const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (CD_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  return cd_doc_write_pdf (self->doc, path, self->title, self->author, error);
}

/* -- export ---------------------------------------------------------------- */

static char *
temp_name (const char *path)
{
  guint8 random[6];
  char hex[sizeof random * 2 + 1];

  randombytes_buf (random, sizeof random);
  sodium_bin2hex (hex, sizeof hex, random, sizeof random);
  return g_strdup_printf ("%s.part-%s", path, hex);
}

static char *
ascii_field (const char *text)
{
  /* Trusted comments are kept to printable ASCII: `minisign -V` prints
   * them, and terminals differ. */
  return g_uri_escape_string (text != NULL ? text : "", NULL, FALSE);
}

static gboolean
write_signed (CdReport             *report,
              const CdMinisignKey  *key,
              CdStore              *store,
              const char           *pdf_tmp,
              const char           *sig_tmp,
              GError              **error)
{
  g_autofree char *case_name = g_path_get_basename (cd_store_get_path (store));
  g_autofree char *case_field = ascii_field (case_name);
  g_autofree char *trusted = NULL;

  if (!cd_report_write_pdf (report, pdf_tmp, error))
    return FALSE;
  trusted = g_strdup_printf ("closure-desk report\tkind:%s\tlang:%s\thead:%s\tpages:%u\tcase:%s",
                             report->kind == CD_REPORT_KIND_REPORT ? "report" : "commitment", report->language,
                             report->head_hex, cd_report_get_n_pages (report), case_field);
  /* Translators: the untrusted comment of a report's signature file */
  return cd_minisign_sign_file (key, pdf_tmp, trusted, _("Closure Desk report signature"), sig_tmp, NULL, error);
}

static gboolean
rename_into_place (const char  *from,
                   const char  *to,
                   GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), to, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_report_export (CdStore     *store,
                  const char  *path,
                  const char  *language,
                  const char  *commitment_path,
                  guint       *n_pages_out,
                  guint       *n_plan_errors_out,
                  GError     **error)
{
  g_autoptr(CdReport) report = NULL;
  g_autoptr(CdReport) commitment = NULL;
  g_autoptr(CdMinisignKey) key = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *sig_path = NULL, *c_sig_path = NULL;
  char *tmp[4] = { NULL, };
  const char *finals[4] = { NULL, };
  gboolean placed[4] = { FALSE, };
  guint8 seed[CD_SIGNING_SEED_BYTES];
  guint8 key_id[CD_SIGNING_KEY_ID_BYTES];
  guint8 public_key[CD_SIGNING_PUBLIC_KEY_BYTES];
  gboolean in_transaction = FALSE;
  guint n_files;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (n_pages_out != NULL)
    *n_pages_out = 0;
  if (n_plan_errors_out != NULL)
    *n_plan_errors_out = 0;
  if (commitment_path != NULL && strcmp (commitment_path, path) == 0)
    {
      g_set_error_literal (error, CD_REPORT_ERROR, CD_REPORT_ERROR_FAILED,
                           _("The report and the commitment letter need two different file names"));
      return FALSE;
    }

  /* The key first: its creation is audited, before the head the report
   * states (cd_report_new asks for it again and finds it). */
  if (!cd_store_get_signing_key (store, seed, key_id, public_key, error))
    return FALSE;
  key = cd_minisign_key_new_from_seed (seed, key_id, error);
  sodium_memzero (seed, sizeof seed);
  if (key == NULL)
    return FALSE;

  report = cd_report_new (store, CD_REPORT_KIND_REPORT, language, NULL, error);
  if (report == NULL)
    return FALSE;
  if (commitment_path != NULL)
    {
      commitment = cd_report_new (store, CD_REPORT_KIND_COMMITMENT, language, NULL, error);
      if (commitment == NULL)
        return FALSE;
    }

  sig_path = g_strconcat (path, ".minisig", NULL);
  finals[0] = path;
  finals[1] = sig_path;
  n_files = 2;
  if (commitment != NULL)
    {
      c_sig_path = g_strconcat (commitment_path, ".minisig", NULL);
      finals[2] = commitment_path;
      finals[3] = c_sig_path;
      n_files = 4;
    }
  for (guint i = 0; i < n_files; i++)
    tmp[i] = temp_name (finals[i]);

  if (!write_signed (report, key, store, tmp[0], tmp[1], error) ||
      (commitment != NULL && !write_signed (commitment, key, store, tmp[2], tmp[3], error)))
    goto fail;

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "file");
  json_builder_add_string_value (details, basename_of (path));
  json_builder_set_member_name (details, "pages");
  json_builder_add_int_value (details, cd_report_get_n_pages (report));
  json_builder_set_member_name (details, "head");
  json_builder_add_string_value (details, report->head_hex);
  json_builder_set_member_name (details, "language");
  json_builder_add_string_value (details, report->language);
  json_builder_set_member_name (details, "draft");
  json_builder_add_boolean_value (details, cd_report_is_draft (report));
  if (commitment != NULL)
    {
      json_builder_set_member_name (details, "commitment");
      json_builder_add_string_value (details, basename_of (commitment_path));
      json_builder_set_member_name (details, "commitment_pages");
      json_builder_add_int_value (details, cd_report_get_n_pages (commitment));
    }

  if (!cd_store_begin (store, error))
    goto fail;
  in_transaction = TRUE;
  if (!cd_store_append_audit (store, "report.export", NULL, details, error))
    goto fail;
  for (guint i = 0; i < n_files; i++)
    {
      if (!rename_into_place (tmp[i], finals[i], error))
        goto fail;
      placed[i] = TRUE;
    }
  if (!cd_store_commit (store, error))
    goto fail;

  if (n_pages_out != NULL)
    *n_pages_out = cd_report_get_n_pages (report);
  if (n_plan_errors_out != NULL)
    *n_plan_errors_out = report->n_plan_errors;
  for (guint i = 0; i < n_files; i++)
    g_free (tmp[i]);
  return TRUE;

fail:
  if (in_transaction)
    cd_store_rollback (store);
  for (guint i = 0; i < n_files; i++)
    {
      g_unlink (tmp[i]);
      if (placed[i])
        g_unlink (finals[i]);
      g_free (tmp[i]);
    }
  return FALSE;
}

/* -- verification ---------------------------------------------------------- */

static gboolean
hex64 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
vault_hashes (CdStore     *store,
              GHashTable  *out,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* The hash is public data of the record, kept when the vault is
   * destroyed: readable without the case key. */
  stmt = cd_store_prepare (store, "SELECT sha256 FROM vaults;", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha = (const char *) sqlite3_column_text (stmt, 0);

      if (sha != NULL)
        g_hash_table_add (out, g_ascii_strdown (sha, -1));
    }
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (store, rc, error);
  return TRUE;
}

CdReportVerification *
cd_report_verify (CdStore     *store,
                  const char  *pdf_path,
                  GError     **error)
{
  g_autoptr(CdReportVerification) v = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  PopplerDocument *document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) hashes = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *keywords = NULL;
  g_autofree char *sig_path = NULL;
  g_autofree char *vaults = NULL;
  g_auto(GStrv) tokens = NULL;
  CdMinisignPublicKey public_key;
  char magic[5];
  gsize got = 0;
  gboolean found_magic = FALSE;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (pdf_path != NULL, NULL);

  file = g_file_new_for_path (pdf_path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_NOT_A_REPORT, _("“%s” is not a file"), pdf_path);
      return NULL;
    }
  if (g_file_info_get_size (info) > VERIFY_MAX_BYTES)
    {
      g_set_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_NOT_A_REPORT,
                   _("“%s” is larger than 256 MiB: it is not a report of this app"), pdf_path);
      return NULL;
    }
  input = g_file_read (file, NULL, error);
  if (input == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (input), magic, sizeof magic, &got, NULL, error))
    return NULL;
  g_input_stream_close (G_INPUT_STREAM (input), NULL, NULL);
  if (got != sizeof magic || memcmp (magic, "%PDF-", sizeof magic) != 0)
    {
      g_set_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_NOT_A_REPORT,
                   _("“%s” is not a PDF file, so it cannot be a disposal report"), pdf_path);
      return NULL;
    }
  uri = g_file_get_uri (file);
  document = poppler_document_new_from_file (uri, NULL, &local_error);
  if (document == NULL)
    {
      g_set_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_NOT_A_REPORT,
                   _("“%s” is not a readable PDF file: %s"), pdf_path, local_error->message);
      return NULL;
    }
  keywords = poppler_document_get_keywords (document);
  g_object_unref (document);

  v = g_new0 (CdReportVerification, 1);
  tokens = g_strsplit (keywords != NULL ? keywords : "", " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *t = tokens[i];

      if (strcmp (t, REPORT_MAGIC) == 0)
        found_magic = TRUE;
      else if (!found_magic)
        continue;
      else if (g_str_has_prefix (t, "lang=") && v->language == NULL)
        v->language = g_strdup (t + 5);
      else if (g_str_has_prefix (t, "generated=") && v->generated == NULL)
        v->generated = g_strdup (t + 10);
      else if (g_str_has_prefix (t, "head=") && v->head_hash == NULL)
        v->head_hash = g_ascii_strdown (t + 5, -1);
      else if (g_str_has_prefix (t, "vaults=") && vaults == NULL)
        vaults = g_strdup (t + 7);
    }
  if (!found_magic || !hex64 (v->head_hash))
    {
      g_set_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_NOT_A_REPORT,
                   _("“%s” is a PDF file but not a disposal report made by Closure Desk"), pdf_path);
      return NULL;
    }

  /* The signature, and that it was made over this head. */
  sig_path = g_strconcat (pdf_path, ".minisig", NULL);
  if (g_file_test (sig_path, G_FILE_TEST_IS_REGULAR) &&
      cd_store_get_signing_key (store, NULL, public_key.key_id, public_key.public_key, NULL))
    {
      g_autofree char *trusted = NULL;
      g_autofree char *needle = g_strdup_printf ("\thead:%s\t", v->head_hash);

      v->signature_ok = cd_minisign_verify_file (&public_key, pdf_path, sig_path, &trusted, NULL, NULL) &&
                        trusted != NULL && strstr (trusted, needle) != NULL;
    }

  entries = cd_store_list_audit (store, error);
  if (entries == NULL)
    return NULL;
  for (guint i = 0; i < entries->len && !v->head_in_chain; i++)
    {
      g_autofree char *hex = cd_audit_hash_to_hex (((CdAuditEntry *) entries->pdata[i])->hash);

      v->head_in_chain = strcmp (hex, v->head_hash) == 0;
    }

  hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!vault_hashes (store, hashes, error))
    return NULL;
  v->vaults_match = TRUE;
  if (vaults != NULL && *vaults != '\0')
    {
      g_auto(GStrv) list = g_strsplit (vaults, ",", -1);

      for (guint i = 0; list[i] != NULL; i++)
        {
          g_autofree char *sha = g_ascii_strdown (list[i], -1);

          v->n_vaults++;
          if (!hex64 (sha) || !g_hash_table_contains (hashes, sha))
            v->vaults_match = FALSE;
        }
    }
  return g_steal_pointer (&v);
}
