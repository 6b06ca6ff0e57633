/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the disposal report (issue 9): a case at the size of a
 * large closing company — 10,000 customers, 1,000 assets with a decided
 * plan, each customer's records in one to three of them, some customer
 * overrides, every notice drafted and most sent, a few hundred answers and
 * manual destruction records — generated the same way every time with the
 * store's bulk imports. Timed: cd_report_new () (reading the case and
 * laying out every page, the 10,000-row appendix included),
 * cd_report_write_pdf (), and cd_report_export () as `report CASE -o` runs
 * it (the report again, its minisign signature and the audit entry).
 * Target: the report written in 5 s or less.
 *
 * The baseline a consultant would otherwise use is a Word template filled
 * in by hand or by a mail-merge macro and printed to PDF: the same
 * document — the same sections, the 1,000 assets with their disposition
 * and legal basis, the overdue notices, the destruction records and the
 * 10,000-row customer appendix, tables with borders and a header row
 * repeated on each page, page header and "page N of M" footer — as a flat
 * ODF text document (.fodt), converted by `soffice --headless --convert-to
 * pdf` (the profile made beforehand, not timed).
 * Run on demand: build-aux/dev bench report. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cd-report.h"
#include "cd-test-util.h"

#define TARGET_SECONDS 5.0

static guint n_customers = 10000;
static guint n_assets = 1000;
static char *language = NULL;
static gboolean keep = FALSE;
static gboolean skip_office = FALSE;

static GOptionEntry entries[] = {
  { "customers", 'c', 0, G_OPTION_ARG_INT, &n_customers, "Number of customers (default 10000)", "N" },
  { "assets", 'a', 0, G_OPTION_ARG_INT, &n_assets, "Number of assets (default 1000)", "N" },
  { "lang", 'l', 0, G_OPTION_ARG_STRING, &language, "The report's language: zh_CN (default) or en", "LANG" },
  { "no-office", 0, 0, G_OPTION_ARG_NONE, &skip_office, "Do not run the LibreOffice baseline", NULL },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the output folder and print its path", NULL },
  { NULL }
};

static const char * const disposition_labels[] = { "销毁", "加密留存", "移交" };

/* What the generated case holds, for the LibreOffice document. */
typedef struct
{
  GPtrArray *assets;          /* CdAsset, with their ids */
  GPtrArray *customers;       /* CdCustomer, as listed by the case */
} BenchCase;

static void
bench_case_clear (BenchCase *c)
{
  g_clear_pointer (&c->assets, g_ptr_array_unref);
  g_clear_pointer (&c->customers, g_ptr_array_unref);
}

/* Asset i's plan: a third destroyed, a third retained encrypted (until
 * 2057), a third transferred with everything a transfer needs — decided
 * throughout, so the report is final, not a draft. */
static CdAssetPlan *
make_plan (const char *asset_id,
           guint       i)
{
  CdAssetPlan *plan = cd_asset_plan_new (asset_id);

  plan->categories = CD_CATEGORY_GENERAL;
  switch (i % 3)
    {
    case 0:
      plan->disposition = CD_DISPOSITION_DESTROY;
      break;
    case 1:
      plan->categories |= CD_CATEGORY_FINANCIAL;
      plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
      plan->rule_id = g_strdup ("accounting-vouchers-30y");
      plan->retain_until = g_strdup ("2057-12-31");
      break;
    default:
      plan->disposition = CD_DISPOSITION_TRANSFER;
      plan->recipient = g_strdup ("上海味来餐饮管理有限公司");
      plan->recipient_contact = g_strdup ("021-62880000");
      plan->agreement_signed = plan->recipient_vetted = TRUE;
      break;
    }
  return plan;
}

/* The asset (index into the assets) of customer @i's @k-th holding. */
static guint
holding_asset (guint i,
               guint k)
{
  return (i * 7 + k * 331) % n_assets;
}

static CdStore *
make_case (const char *dir,
           BenchCase  *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autoptr(GString) csv = cd_test_customers_csv (n_customers);
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_holding_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) email_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) post_ids = g_ptr_array_new ();
  g_autoptr(GListModel) listed = NULL;
  g_autofree char *path = g_build_filename (dir, "bench.closurecase", NULL);
  CdKdfParams params;
  CdStore *store;
  guint added = 0, duplicates = 0;

  cd_kdf_params_init_fast (&params);
  cd_case_info_set_company_name (info, "广州示例餐饮管理有限公司");
  cd_case_info_set_uscc (info, "91350100M000100Y43");
  cd_case_info_set_planned_deregistration (info, "2027-03-31");
  store = cd_store_create (path, "bench passphrase", &params, info, "bench", &error);
  g_assert_no_error (error);

  imported = cd_customers_from_csv (csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_import_customers (store, imported, NULL, &added, &duplicates, &error));
  g_assert_no_error (error);
  out->assets = cd_test_make_assets (n_assets);
  g_assert_true (cd_store_import_assets (store, out->assets, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < out->assets->len; i++)
    g_ptr_array_add (plans, make_plan (cd_asset_get_id (out->assets->pdata[i]), i));
  g_assert_true (cd_store_set_asset_plans (store, plans, &error));
  g_assert_no_error (error);

  listed = cd_store_list_customers (store, &error);
  g_assert_no_error (error);
  out->customers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      CdCustomer *c = g_list_model_get_item (listed, i);
      const char *id = cd_customer_get_id (c);

      g_ptr_array_add (out->customers, c);
      g_ptr_array_add (ids, (gpointer) id);
      /* Nine in ten were sent a letter: by e-mail or by post. */
      if (i % 10 != 9)
        g_ptr_array_add (i % 2 == 0 ? email_ids : post_ids, (gpointer) id);
      for (guint k = 0; k <= i % 3; k++)
        {
          CdHolding *h = g_new0 (CdHolding, 1);

          h->customer_id = g_strdup (id);
          h->asset_id = g_strdup (cd_asset_get_id (out->assets->pdata[holding_asset (i, k)]));
          h->items = 1 + (i + k) % 7;
          g_ptr_array_add (links, h);
        }
    }
  g_assert_true (cd_store_add_holdings (store, links, &error));
  g_assert_no_error (error);

  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (email_ids, NULL);
  g_ptr_array_add (post_ids, NULL);
  g_assert_true (cd_store_mark_notices_drafted (store, (const char * const *) ids->pdata, "closure", 30, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_mark_notices_sent (store, (const char * const *) email_ids->pdata, "2026-10-08",
                                             CD_CHANNEL_EMAIL, 30, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_mark_notices_sent (store, (const char * const *) post_ids->pdata, "2026-10-09",
                                             CD_CHANNEL_POST, 30, &error));
  g_assert_no_error (error);

  /* Answers: one customer in fifty (one change each, as the app records them). */
  for (guint i = 0; i < out->customers->len; i += 50)
    {
      static const CdNoticeResponse responses[] = {
        CD_RESPONSE_NO_OBJECTION, CD_RESPONSE_DELETE, CD_RESPONSE_COPY, CD_RESPONSE_OBJECT_TRANSFER,
        CD_RESPONSE_OTHER,
      };
      CdNoticeResponse response = responses[(i / 50) % G_N_ELEMENTS (responses)];

      g_assert_true (cd_store_record_response (store, cd_customer_get_id (out->customers->pdata[i]), response,
                                               response == CD_RESPONSE_OTHER ? "请电话联系我" : NULL,
                                               "2026-10-20", &error));
      g_assert_no_error (error);
    }

  /* A few overrides by hand: a minor's records, a customer kept out of transfers. */
  for (guint i = 7; i < out->customers->len; i += 500)
    {
      CdCustomerPlan plan = { 0, };

      plan.customer_id = (char *) cd_customer_get_id (out->customers->pdata[i]);
      plan.disposition = i % 2 ? CD_DISPOSITION_DESTROY : CD_DISPOSITION_UNDECIDED;
      plan.categories = CD_CATEGORY_MINOR;
      plan.exclude_transfer = TRUE;
      plan.reason = (char *) "未成年人信息，全部销毁";
      g_assert_true (cd_store_set_customer_plan (store, &plan, &error));
      g_assert_no_error (error);
    }

  /* Paper and devices destroyed outside the app. */
  for (guint i = 0; i < 12; i++)
    {
      CdManualDestruction record = { 0, };
      g_autofree char *date = g_strdup_printf ("2026-11-%02u", 2 + i);
      g_autofree char *description = g_strdup_printf ("档案室 客户登记簿第%u批", i + 1);
      g_autofree char *id = NULL;

      record.kind = i % 3 == 2 ? CD_MANUAL_DEVICE : CD_MANUAL_PAPER;
      record.performed_on = date;
      record.operator_name = (char *) "赵磊";
      record.witness = (char *) "钱芳";
      record.description = description;
      record.method = (char *) (record.kind == CD_MANUAL_PAPER ? "P-4" : "nwipe DoD 5220.22-M");
      record.serial = record.kind == CD_MANUAL_DEVICE ? (char *) "WD-WCC4N1234567" : NULL;
      record.weight_kg = record.kind == CD_MANUAL_PAPER ? 18.5 : 0;
      record.boxes = record.kind == CD_MANUAL_PAPER ? 3 : 0;
      id = cd_destroy_add_manual (store, &record, NULL, &error);
      g_assert_no_error (error);
    }
  return store;
}

static int
pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *out = NULL;
  const char *line;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, NULL))
    return -1;
  line = strstr (out, "\nPages:");
  return line != NULL ? atoi (line + strlen ("\nPages:")) : -1;
}

static double
file_mib (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return -1;
  return st.st_size / (1024.0 * 1024.0);
}

/* -- the LibreOffice baseline ----------------------------------------------------- */

static void
cell (GString    *doc,
      const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append_printf (doc, "<table:table-cell table:style-name=\"ce\" office:value-type=\"string\">"
                               "<text:p text:style-name=\"Cell\">%s</text:p></table:table-cell>",
                          escaped);
}

static void
table_start (GString            *doc,
             const char         *name,
             const char * const *headers,
             guint               n)
{
  g_string_append_printf (doc, "<table:table table:name=\"%s\" table:style-name=\"tb\">"
                               "<table:table-column table:number-columns-repeated=\"%u\"/>"
                               "<table:table-header-rows><table:table-row>", name, n);
  for (guint i = 0; i < n; i++)
    cell (doc, headers[i]);
  g_string_append (doc, "</table:table-row></table:table-header-rows>\n");
}

static void
paragraph (GString    *doc,
           const char *style,
           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append_printf (doc, "<text:p text:style-name=\"%s\">%s</text:p>\n", style, escaped);
}

/* The report as a consultant's Word template would make it, in flat ODF:
 * the same sections and tables as ours (inventory summary, every asset's
 * disposition with its legal basis, the overdue notices, the destruction
 * records, the integrity section, signatures, the customer appendix). */
static GString *
office_document (BenchCase *c)
{
  static const char * const summary_headers[] = { "存储介质", "资产数", "记录数" };
  static const char * const asset_headers[] = { "资产", "处置方式", "法律依据", "保存期限至", "执行情况" };
  static const char * const notice_headers[] = { "客户", "发送方式", "发送日期", "回复期限" };
  static const char * const destruction_headers[] = { "日期", "类型", "销毁内容", "方法", "操作人 / 见证人" };
  static const char * const customer_headers[] = { "序号", "客户", "客户类型", "持有情况", "处置方式", "告知状态" };
  static const char * const bases[] = {
    "《个人信息保护法》第四十七条（停止提供服务后删除）",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表",
    "《个人信息保护法》第二十二条（因合并、分立、解散等原因需要转移个人信息）",
  };
  GString *doc = g_string_sized_new (16 * 1024 * 1024);

  g_string_append (doc,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
    " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
    " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
    " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
    " xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\""
    " office:version=\"1.2\" office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
    "<office:styles>"
    "<style:style style:name=\"Standard\" style:family=\"paragraph\"><style:text-properties"
    " fo:font-family=\"'Noto Sans CJK SC'\" style:font-family-asian=\"'Noto Sans CJK SC'\""
    " fo:font-size=\"10.5pt\" style:font-size-asian=\"10.5pt\"/></style:style>"
    "<style:style style:name=\"Title\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:paragraph-properties fo:text-align=\"center\" fo:margin-bottom=\"0.4cm\"/>"
    "<style:text-properties fo:font-size=\"18pt\" style:font-size-asian=\"18pt\" fo:font-weight=\"bold\""
    " style:font-weight-asian=\"bold\"/></style:style>"
    "<style:style style:name=\"Heading\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:paragraph-properties fo:margin-top=\"0.4cm\" fo:margin-bottom=\"0.2cm\"/>"
    "<style:text-properties fo:font-size=\"13pt\" style:font-size-asian=\"13pt\" fo:font-weight=\"bold\""
    " style:font-weight-asian=\"bold\"/></style:style>"
    "<style:style style:name=\"Cell\" style:family=\"paragraph\" style:parent-style-name=\"Standard\">"
    "<style:text-properties fo:font-size=\"9pt\" style:font-size-asian=\"9pt\"/></style:style>"
    "</office:styles>\n"
    "<office:automatic-styles>"
    "<style:style style:name=\"tb\" style:family=\"table\"><style:table-properties style:width=\"17cm\""
    " table:align=\"margins\"/></style:style>"
    "<style:style style:name=\"ce\" style:family=\"table-cell\"><style:table-cell-properties"
    " fo:border=\"0.5pt solid #000000\" fo:padding=\"0.08cm\"/></style:style>"
    "<style:page-layout style:name=\"pm\"><style:page-layout-properties fo:page-width=\"21cm\""
    " fo:page-height=\"29.7cm\" fo:margin-top=\"2cm\" fo:margin-bottom=\"2cm\" fo:margin-left=\"2cm\""
    " fo:margin-right=\"2cm\"/></style:page-layout>"
    "</office:automatic-styles>\n"
    "<office:master-styles><style:master-page style:name=\"Standard\" style:page-layout-name=\"pm\">"
    "<style:header><text:p text:style-name=\"Cell\">广州示例餐饮管理有限公司 · 客户信息处置报告</text:p></style:header>"
    "<style:footer><text:p text:style-name=\"Cell\">第 <text:page-number text:select-page=\"current\"/> 页 / 共 "
    "<text:page-count/> 页</text:p></style:footer>"
    "</style:master-page></office:master-styles>\n"
    "<office:body><office:text>\n");

  paragraph (doc, "Title", "客户信息处置报告");
  paragraph (doc, "Standard",
             "本报告依据下列公司注销案件的案件文件，记录公司在注销过程中对客户个人信息的盘点、分类、"
             "告知、留存与销毁情况。报告中客户姓名均经脱敏处理。");
  paragraph (doc, "Standard", "公司名称：广州示例餐饮管理有限公司　统一社会信用代码：91350100M000100Y43");
  paragraph (doc, "Heading", "二、数据盘点概况");
  table_start (doc, "Summary", summary_headers, G_N_ELEMENTS (summary_headers));
  for (guint m = 0; m < CD_N_MEDIA; m++)
    {
      guint assets = 0;
      gint64 records = 0;
      g_autofree char *a = NULL;
      g_autofree char *r = NULL;

      for (guint i = 0; i < c->assets->len; i++)
        if (cd_asset_get_medium (c->assets->pdata[i]) == (CdMedium) m)
          {
            assets++;
            records += cd_asset_get_records (c->assets->pdata[i]);
          }
      a = g_strdup_printf ("%u", assets);
      r = g_strdup_printf ("%" G_GINT64_FORMAT, records);
      g_string_append (doc, "<table:table-row>");
      cell (doc, cd_medium_get_label ((CdMedium) m));
      cell (doc, a);
      cell (doc, r);
      g_string_append (doc, "</table:table-row>\n");
    }
  g_string_append (doc, "</table:table>\n");

  paragraph (doc, "Heading", "四、处置决定及执行情况");
  table_start (doc, "Assets", asset_headers, G_N_ELEMENTS (asset_headers));
  for (guint i = 0; i < c->assets->len; i++)
    {
      CdAsset *asset = c->assets->pdata[i];
      g_autofree char *what = g_strdup_printf ("%s\n%s", cd_asset_get_location (asset),
                                               cd_medium_get_label (cd_asset_get_medium (asset)));

      g_string_append (doc, "<table:table-row>");
      cell (doc, what);
      cell (doc, disposition_labels[i % 3]);
      cell (doc, bases[i % 3]);
      cell (doc, i % 3 == 1 ? "2057-12-31" : "—");
      cell (doc, "尚未执行");
      g_string_append (doc, "</table:table-row>\n");
    }
  g_string_append (doc, "</table:table>\n");

  paragraph (doc, "Heading", "五、客户告知");
  paragraph (doc, "Standard", "报告时已逾期未复的客户：");
  table_start (doc, "Notices", notice_headers, G_N_ELEMENTS (notice_headers));
  for (guint i = 0; i < c->customers->len; i++)
    {
      g_autofree char *name = NULL;

      if (i % 10 == 9 || i % 50 == 0)
        continue;
      name = cd_mask_name (cd_customer_get_name (c->customers->pdata[i]));
      g_string_append (doc, "<table:table-row>");
      cell (doc, name);
      cell (doc, i % 2 == 0 ? "电子邮件" : "邮寄");
      cell (doc, i % 2 == 0 ? "2026-10-08" : "2026-10-09");
      cell (doc, i % 2 == 0 ? "2026-11-07" : "2026-11-08");
      g_string_append (doc, "</table:table-row>\n");
    }
  g_string_append (doc, "</table:table>\n");

  paragraph (doc, "Heading", "六、留存档案");
  paragraph (doc, "Standard", "无。");
  paragraph (doc, "Heading", "七、销毁记录");
  table_start (doc, "Destruction", destruction_headers, G_N_ELEMENTS (destruction_headers));
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02u", 2 + i);
      g_autofree char *description = g_strdup_printf ("档案室 客户登记簿第%u批", i + 1);

      g_string_append (doc, "<table:table-row>");
      cell (doc, date);
      cell (doc, i % 3 == 2 ? "设备" : "纸质");
      cell (doc, description);
      cell (doc, i % 3 == 2 ? "nwipe DoD 5220.22-M；序列号 WD-WCC4N1234567" : "DIN 66399 P-4 级；18.5 公斤；3 箱");
      cell (doc, "赵磊 / 钱芳");
      g_string_append (doc, "</table:table-row>\n");
    }
  g_string_append (doc, "</table:table>\n");

  paragraph (doc, "Heading", "九、记录完整性");
  paragraph (doc, "Standard", "本报告生成时审计日志链头（BLAKE2b-256）：");
  paragraph (doc, "Standard", "d5a9dd9b3344fa5c63539f86fd12ca8e62242dd83616113d79789d779208fe7e");
  paragraph (doc, "Heading", "十、签署");
  paragraph (doc, "Standard", "我们确认，本报告如实记载了上述客户个人信息的处置情况。");
  paragraph (doc, "Standard", "清算组负责人（签字）：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿");

  paragraph (doc, "Heading", "附录：客户明细");
  table_start (doc, "Customers", customer_headers, G_N_ELEMENTS (customer_headers));
  for (guint i = 0; i < c->customers->len; i++)
    {
      g_autofree char *no = g_strdup_printf ("%u", i + 1);
      g_autofree char *name = cd_mask_name (cd_customer_get_name (c->customers->pdata[i]));
      g_autofree char *holding = g_strdup_printf ("%u 项资产，%u 条记录", i % 3 + 1, 4 + i % 15);

      g_string_append (doc, "<table:table-row>");
      cell (doc, no);
      cell (doc, name);
      cell (doc, "个人");
      cell (doc, holding);
      cell (doc, i % 3 == 0 ? disposition_labels[holding_asset (i, 0) % 3] : "多种");
      cell (doc, i % 10 == 9 ? "已起草" : i % 50 == 0 ? "已回复" : i % 2 == 0 ? "已逾期（期限 2026-11-07）"
                                                                             : "已逾期（期限 2026-11-08）");
      g_string_append (doc, "</table:table-row>\n");
    }
  g_string_append (doc, "</table:table>\n");
  g_string_append (doc, "</office:text></office:body></office:document>\n");
  return doc;
}

static gboolean
run_soffice (const char  *soffice,
             const char  *env_arg,
             const char  *dir,
             const char  *input,
             GError     **error)
{
  const char *argv[] = { soffice, env_arg, "--headless", "--convert-to", "pdf", "--outdir", dir, input, NULL };
  int status = 0;

  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, error) &&
         g_spawn_check_wait_status (status, error);
}

static void
compare_office (BenchCase  *c,
                const char *dir,
                double      ours)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autofree char *fodt = g_build_filename (dir, "word-template.fodt", NULL);
  g_autofree char *pdf = g_build_filename (dir, "word-template.pdf", NULL);
  g_autofree char *warm = g_build_filename (dir, "warm-up.fodt", NULL);
  g_autofree char *warm_pdf = g_build_filename (dir, "warm-up.pdf", NULL);
  g_autofree char *profile = g_build_filename (dir, "lo-profile", NULL);
  g_autofree char *profile_uri = g_filename_to_uri (profile, NULL, NULL);
  g_autofree char *env_arg = g_strconcat ("-env:UserInstallation=", profile_uri, NULL);
  g_autoptr(GString) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  double seconds;
  int pages;

  if (soffice == NULL)
    {
      g_print ("  LibreOffice baseline: skipped, soffice is not installed (libreoffice-writer-nogui);\n"
               "  only the ratio to the %.0f s target is given.\n", TARGET_SECONDS);
      return;
    }

  doc = office_document (c);
  if (!g_file_set_contents (fodt, doc->str, (gssize) doc->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return;
    }
  /* A first run creates the profile and loads the program: not part of
   * the time (a consultant's LibreOffice is already set up). */
  g_assert_true (g_file_set_contents (warm,
                                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                      "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                                      " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                                      " office:version=\"1.2\" office:mimetype=\"application/vnd.oasis.opendocument.text\">"
                                      "<office:body><office:text><text:p>预热</text:p></office:text></office:body>"
                                      "</office:document>\n", -1, NULL));
  run_soffice (soffice, env_arg, dir, warm, NULL);
  g_unlink (warm_pdf);

  g_print ("  LibreOffice baseline: converting the same document (this takes minutes)…\n");
  timer = g_timer_new ();
  if (!run_soffice (soffice, env_arg, dir, fodt, &error))
    {
      g_print ("  LibreOffice baseline: failed: %s\n", error->message);
      return;
    }
  seconds = g_timer_elapsed (timer, NULL);
  pages = pdf_pages (pdf);
  if (pages <= 0)
    {
      g_print ("  LibreOffice baseline: no PDF came out\n");
      return;
    }
  g_print ("  LibreOffice 7 (soffice --convert-to pdf of the same document as .fodt, %.1f MiB):\n"
           "    %d pages, %.1f MiB                                  %7.2f s wall\n",
           doc->len / (1024.0 * 1024.0), pages, file_mib (pdf), seconds);
  g_print ("  ratio ours (new + write) / LibreOffice                  %7.3f\n", ours / seconds);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- disposal report benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdReport) report = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *letter = NULL;
  BenchCase c = { NULL, NULL };
  double t_build, t_new, t_write, t_export, t_letter, cpu, cpu_report, ours;
  guint pages, export_pages = 0;
  int checked;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (language == NULL)
    language = g_strdup ("zh_CN");
  n_customers = MAX (n_customers, 1);
  n_assets = MAX (n_assets, 1);

  dir = g_dir_make_tmp ("cd-bench-report-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  pdf = g_build_filename (dir, "report.pdf", NULL);
  exported = g_build_filename (dir, "report-exported.pdf", NULL);
  letter = g_build_filename (dir, "commitment.pdf", NULL);

  g_timer_start (timer);
  store = make_case (dir, &c);
  t_build = g_timer_elapsed (timer, NULL);

  cpu = cd_test_cpu_seconds (FALSE);
  g_timer_start (timer);
  report = cd_report_new (store, CD_REPORT_KIND_REPORT, language, NULL, &error);
  t_new = g_timer_elapsed (timer, NULL);
  if (report == NULL)
    {
      g_printerr ("cd_report_new: %s\n", error->message);
      return 1;
    }
  pages = cd_report_get_n_pages (report);
  g_timer_start (timer);
  if (!cd_report_write_pdf (report, pdf, &error))
    {
      g_printerr ("cd_report_write_pdf: %s\n", error->message);
      return 1;
    }
  t_write = g_timer_elapsed (timer, NULL);
  cpu_report = cd_test_cpu_seconds (FALSE) - cpu;

  g_timer_start (timer);
  if (!cd_report_export (store, exported, language, NULL, &export_pages, NULL, &error))
    {
      g_printerr ("cd_report_export: %s\n", error->message);
      return 1;
    }
  t_export = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  g_unlink (exported);
  {
    g_autofree char *sig = g_strconcat (exported, ".minisig", NULL);

    g_unlink (sig);
  }
  if (!cd_report_export (store, exported, language, letter, NULL, NULL, &error))
    {
      g_printerr ("cd_report_export (with the letter): %s\n", error->message);
      return 1;
    }
  t_letter = g_timer_elapsed (timer, NULL);

  ours = t_new + t_write;
  ok = ours <= TARGET_SECONDS;
  checked = pdf_pages (pdf);
  g_print ("Closure Desk disposal report: a case of %u customers, %u assets (%s)%s\n",
           n_customers, n_assets, language, cd_report_is_draft (report) ? ", a DRAFT" : "");
  g_print ("  build the case (bulk imports, notices, answers)         %7.2f s\n", t_build);
  g_print ("  cd_report_new (read the case, lay out every page)       %7.2f s\n", t_new);
  {
    g_autofree char *label = g_strdup_printf ("cd_report_write_pdf: %u pages, %.1f MiB%s", pages, file_mib (pdf),
                                              checked == (int) pages ? "" : " (pdfinfo disagrees!)");

    /* Pad by characters, not bytes. */
    g_print ("  %s%*s%7.2f s\n", label, (int) MAX (0, 56 - (glong) g_utf8_strlen (label, -1)), "", t_write);
  }
  g_print ("  new + write: %7.2f s wall (%.2f s CPU)   target <= %.0f s   ratio %.3f   %s\n",
           ours, cpu_report, TARGET_SECONDS, ours / TARGET_SECONDS, ok ? "OK" : "SLOW");
  g_print ("  cd_report_export (report, minisign signature, audit):   %7.2f s   ratio %.3f   %u pages, %.1f MiB\n",
           t_export, t_export / TARGET_SECONDS, export_pages, file_mib (exported));
  g_print ("  cd_report_export with the commitment letter too:        %7.2f s\n", t_letter);

  if (!skip_office)
    compare_office (&c, dir, ours);

  bench_case_clear (&c);
  g_clear_object (&report);
  g_clear_object (&store);
  if (keep)
    g_print ("  output kept in %s\n", dir);
  else
    cd_test_rm_rf (dir);
  g_free (language);
  return ok ? 0 : 1;
}
