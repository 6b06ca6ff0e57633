/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Generator of the demo case. Everything in it is fictitious: the company,
 * its credit code (valid in form, issued to no one), the customers and
 * their identifiers (correct check characters, random digits). The random
 * stream has a fixed seed, so two demo cases hold the same records. */

#include "config.h"

#define G_LOG_DOMAIN "cd-demo"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cd-age.h"
#include "cd-crypto.h"
#include "cd-demo.h"
#include "cd-destroy.h"
#include "cd-plan.h"
#include "cd-vault.h"
#include "cd-retention.h"
#include "cd-ident.h"

#define DEMO_SEED 20261122

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
  "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余", "于", "杜", "叶", "程", "魏",
  "苏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
  "欧阳", "司马", "上官",
};

static const char * const given_chars[] = {
  "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
  "娟", "涛", "明", "超", "兰", "霞", "平", "刚", "桂", "华", "玉", "萍", "红", "玲", "芬",
  "燕", "建", "国", "志", "海", "文", "博", "子", "涵", "欣", "怡", "浩", "然", "梓", "萱",
  "雨", "桐", "宇", "轩", "晨", "思", "佳", "嘉", "俊", "婷", "雪", "琳", "鹏", "辉", "斌",
};

/* County-level codes of the cities the group's restaurants are in. */
static const struct
{
  const char *code;
  const char *city;
  const char *short_name;  /* as in a company name */
  const char *area_code;   /* landline */
} regions[] = {
  { "310101", "上海市黄浦区", "上海", "021" },
  { "310104", "上海市徐汇区", "上海", "021" },
  { "310105", "上海市长宁区", "上海", "021" },
  { "310106", "上海市静安区", "上海", "021" },
  { "310115", "上海市浦东新区", "上海", "021" },
  { "330102", "浙江省杭州市上城区", "杭州", "0571" },
  { "330106", "浙江省杭州市西湖区", "杭州", "0571" },
  { "320505", "江苏省苏州市虎丘区", "苏州", "0512" },
  { "320508", "江苏省苏州市姑苏区", "苏州", "0512" },
  { "320106", "江苏省南京市鼓楼区", "南京", "025" },
};

static const char * const streets[] = {
  "淮海中路", "南京西路", "愚园路", "衡山路", "世纪大道", "延安西路", "文三路", "北山街",
  "观前街", "金鸡湖大道", "中山北路", "虹桥路",
};

static const char * const notes[] = {
  NULL, NULL, NULL, NULL, NULL,
  "储值卡余额未退",
  "对花生过敏（点餐备注）",
  "企业团餐联系人",
  "曾投诉外卖延误，已处理",
  "生日宴预订客户",
  "会员积分 12,800",
};

/* The group's stores: each has a POS terminal, a manager's laptop, a staff
 * chat group and a box of paper membership forms. */
static const char * const stores[] = {
  "徐汇衡山路店", "静安愚园路店", "浦东世纪大道店", "长宁虹桥路店", "黄浦淮海中路店",
  "杭州西湖店", "杭州文三路店", "苏州观前街店", "苏州金鸡湖店", "南京鼓楼店",
};

static const char * const managers[] = {
  "店长 刘建国", "店长 孙丽", "店长 黄志强", "店长 周敏", "店长 何佳", "店长 郑浩",
  "店长 韩雪", "店长 冯俊", "店长 邓婷", "店长 曹斌",
};

static const char *
pick (GRand              *rand,
      const char * const *items,
      guint               n_items)
{
  return items[g_rand_int_range (rand, 0, (gint32) n_items)];
}

#define PICK(rand, array) pick ((rand), (array), G_N_ELEMENTS (array))

static char *
make_name (GRand *rand)
{
  GString *name = g_string_new (PICK (rand, surnames));
  guint n_given = g_rand_int_range (rand, 0, 10) < 6 ? 2 : 1;

  for (guint i = 0; i < n_given; i++)
    g_string_append (name, PICK (rand, given_chars));
  return g_string_free (name, FALSE);
}

/* A resident ID with a real birth date and the GB 11643 check character. */
static char *
make_resident_id (GRand *rand,
                  guint  region)
{
  g_autoptr(GDate) birth = g_date_new_dmy (1, G_DATE_JANUARY, 1952);
  char body[18];
  char check;

  g_date_add_days (birth, g_rand_int_range (rand, 0, 365 * 53));
  g_snprintf (body, sizeof body, "%s%04u%02u%02u%03d",
              regions[region].code,
              g_date_get_year (birth), g_date_get_month (birth), g_date_get_day (birth),
              g_rand_int_range (rand, 0, 1000));
  check = cd_ident_resident_id_check_char (body);
  return g_strdup_printf ("%s%c", body, check);
}

static char *
make_mobile (GRand *rand)
{
  static const char * const prefixes[] = {
    "130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "158", "159", "166", "177", "180", "181", "186", "187", "188", "189", "191", "199",
  };

  return g_strdup_printf ("%s%08d", PICK (rand, prefixes), g_rand_int_range (rand, 0, 100000000));
}

/* GB 11714 organisation code: 8 characters and a check character. The
 * body uses only characters that are also valid in a credit code. */
static void
make_org_code (GRand *rand,
               char   out[10])
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int weights[] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0, c9;

  for (guint i = 0; i < 8; i++)
    {
      char c = alphabet[g_rand_int_range (rand, 0, i < 2 ? 31 : 10)];
      int value = g_ascii_isdigit (c) ? c - '0' : c - 'A' + 10;

      out[i] = c;
      sum += value * weights[i];
    }
  c9 = 11 - sum % 11;
  out[8] = c9 == 10 ? 'X' : c9 == 11 ? '0' : (char) ('0' + c9);
  out[9] = '\0';
}

/* A unified social credit code for an enterprise registered with market
 * regulation (authority 9, type 1) in @division. */
static char *
make_uscc (GRand      *rand,
           const char *division)
{
  char org[10];
  char body[18];

  make_org_code (rand, org);
  g_snprintf (body, sizeof body, "91%s%s", division, org);
  return g_strdup_printf ("%s%c", body, cd_ident_uscc_check_char (body));
}

static GPtrArray *
make_customers (GRand *rand)
{
  static const char * const trades[] = {
    "科技", "贸易", "文化传播", "咨询", "物业管理", "会展服务", "教育科技", "网络科技",
  };
  GPtrArray *customers = g_ptr_array_new_full (CD_DEMO_N_CUSTOMERS, g_object_unref);

  for (guint i = 0; i < CD_DEMO_N_CUSTOMERS; i++)
    {
      guint region = g_rand_int_range (rand, 0, G_N_ELEMENTS (regions));
      g_autofree char *address = g_strdup_printf ("%s%s%d号%d室", regions[region].city,
                                                  PICK (rand, streets),
                                                  g_rand_int_range (rand, 1, 1500),
                                                  g_rand_int_range (rand, 101, 2806));
      CdCustomer *customer;

      /* One in twenty is a company that ordered group meals or banquets. */
      if (i % 20 == 19)
        {
          g_autofree char *name = g_strdup_printf ("%s%s%s有限公司", regions[region].short_name,
                                                   PICK (rand, given_chars), PICK (rand, trades));
          g_autofree char *code = make_uscc (rand, regions[region].code);
          g_autofree char *phone = g_strdup_printf ("%s-%08d", regions[region].area_code,
                                                    g_rand_int_range (rand, 50000000, 70000000));

          customer = cd_customer_new (CD_CUSTOMER_KIND_ENTERPRISE);
          cd_customer_set_name (customer, name);
          cd_customer_set_id_number (customer, code);
          cd_customer_set_phone (customer, phone);
          cd_customer_set_address (customer, address);
          cd_customer_set_notes (customer, "企业团餐协议客户");
        }
      else
        {
          g_autofree char *name = make_name (rand);
          g_autofree char *id = make_resident_id (rand, region);
          g_autofree char *phone = make_mobile (rand);

          customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
          cd_customer_set_name (customer, name);
          cd_customer_set_phone (customer, phone);
          /* Membership needed an ID for invoices only in some stores. */
          if (g_rand_int_range (rand, 0, 10) < 7)
            cd_customer_set_id_number (customer, id);
          if (g_rand_int_range (rand, 0, 10) < 4)
            {
              g_autofree char *email = g_strdup_printf ("member%04u@example.com", i);
              cd_customer_set_email (customer, email);
            }
          if (g_rand_int_range (rand, 0, 10) < 5)
            cd_customer_set_address (customer, address);
          cd_customer_set_notes (customer, PICK (rand, notes));
        }
      g_ptr_array_add (customers, customer);
    }

  return customers;
}

static void
add_asset (GPtrArray    *assets,
           const char   *location,
           CdMedium      medium,
           CdRecordType  record_type,
           const char   *format,
           gint64        records,
           gint64        customers,
           const char   *custodian,
           const char   *notes_text)
{
  CdAsset *asset = cd_asset_new ();

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_record_type (asset, record_type);
  cd_asset_set_format (asset, format);
  cd_asset_set_records (asset, records);
  cd_asset_set_customers (asset, customers);
  cd_asset_set_custodian (asset, custodian);
  cd_asset_set_notes (asset, notes_text);
  g_ptr_array_add (assets, asset);
}

static GPtrArray *
make_assets (GRand *rand)
{
  GPtrArray *assets = g_ptr_array_new_with_free_func (g_object_unref);

  /* Head office systems. */
  add_asset (assets, "总部机房 POS 收银系统数据库 (pos-db01)", CD_MEDIUM_SERVER,
             CD_RECORD_TYPE_TRANSACTION, "MySQL", 486210, 1820, "信息部 赵磊",
             "2016 年起全部门店的点单与支付记录");
  add_asset (assets, "会员管理系统 (crm.example-canyin.cn)", CD_MEDIUM_SERVER,
             CD_RECORD_TYPE_PERSONAL, "SQL Server", 2000, 2000, "信息部 赵磊",
             "会员姓名、手机号、生日、身份证号（开票用）");
  add_asset (assets, "外卖平台订单导出 2019-2026", CD_MEDIUM_SERVER, CD_RECORD_TYPE_TRANSACTION,
             "CSV", 132455, 1460, "运营部 马超", "含收货地址和电话");
  add_asset (assets, "财务共享盘 \\\\FIN01\\发票", CD_MEDIUM_SERVER, CD_RECORD_TYPE_TRANSACTION,
             "PDF / Excel", 18740, 640, "财务部 吴会计", "电子发票与企业客户开票信息");
  add_asset (assets, "企业微信 客户服务群聊天记录导出", CD_MEDIUM_MOBILE_CHAT,
             CD_RECORD_TYPE_COMMUNICATION, "聊天导出 (HTML)", 56300, 1210, "客服部 郭婷",
             "含预订信息与过敏备注");
  add_asset (assets, "QQ 企业团餐对接群", CD_MEDIUM_MOBILE_CHAT, CD_RECORD_TYPE_COMMUNICATION,
             "聊天导出 (TXT)", 8420, 96, "销售部 韩雪", NULL);
  add_asset (assets, "订餐热线录音 (录音笔 3 台)", CD_MEDIUM_VOICE_RECORDER,
             CD_RECORD_TYPE_RECORDING, "MP3", 3120, 1104, "客服部 郭婷", "2021-2026 年电话预订");
  add_asset (assets, "百度网盘 宴会合同", CD_MEDIUM_CLOUD_DRIVE, CD_RECORD_TYPE_CONTRACT, "PDF",
             412, 388, "销售部 韩雪", "生日宴、婚宴与企业年会合同扫描件");
  add_asset (assets, "阿里云盘 门店监控截图", CD_MEDIUM_CLOUD_DRIVE, CD_RECORD_TYPE_RECORDING,
             "JPG", 2260, 0, "行政部 孙倩", "客诉处理时截取的监控画面");
  add_asset (assets, "service@ 客服邮箱", CD_MEDIUM_EMAIL, CD_RECORD_TYPE_COMMUNICATION, "EML",
             7815, 930, "客服部 郭婷", "投诉、退款与发票往来邮件");
  add_asset (assets, "总部档案室 企业团餐合同", CD_MEDIUM_PAPER, CD_RECORD_TYPE_CONTRACT, "纸质",
             96, 96, "财务部 吴会计", "会计档案，保管期限 30 年");

  /* Each store. */
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    {
      g_autofree char *pos = g_strdup_printf ("%s 收银终端本地缓存", stores[i]);
      g_autofree char *laptop = g_strdup_printf ("%s 店长笔记本电脑 D:\\会员资料", stores[i]);
      g_autofree char *chat = g_strdup_printf ("%s 员工微信群（含顾客订座截图）", stores[i]);
      g_autofree char *paper = g_strdup_printf ("%s 会员登记表纸质档案箱", stores[i]);
      g_autofree char *staff = g_strdup_printf ("%s 店员手机 相册中的订座单", stores[i]);
      gint64 members = g_rand_int_range (rand, 120, 320);

      add_asset (assets, pos, CD_MEDIUM_PC, CD_RECORD_TYPE_TRANSACTION, "SQLite",
                 g_rand_int_range (rand, 8000, 40000), members, managers[i], NULL);
      add_asset (assets, laptop, CD_MEDIUM_PC, CD_RECORD_TYPE_PERSONAL, "Excel",
                 members, members, managers[i], "离职前未移交的会员表");
      add_asset (assets, chat, CD_MEDIUM_MOBILE_CHAT, CD_RECORD_TYPE_COMMUNICATION, "聊天记录",
                 g_rand_int_range (rand, 1500, 9000), g_rand_int_range (rand, 40, 200),
                 managers[i], NULL);
      add_asset (assets, paper, CD_MEDIUM_PAPER, CD_RECORD_TYPE_PERSONAL, "纸质",
                 members, members, managers[i], "手写会员申请表，含身份证号");
      if (i % 2 == 0)
        add_asset (assets, staff, CD_MEDIUM_MOBILE_CHAT, CD_RECORD_TYPE_PERSONAL, "图片",
                   g_rand_int_range (rand, 50, 400), g_rand_int_range (rand, 30, 150),
                   managers[i], "员工个人设备");
    }

  return assets;
}

/* The random stream is used in this order, and only here: the company's
 * credit code, the assets, the customers. */
static void
generate (char      **out_uscc,
          GPtrArray **out_assets,
          GPtrArray **out_customers)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (DEMO_SEED);
  g_autofree char *uscc = make_uscc (rand, "310106");
  g_autoptr(GPtrArray) assets = make_assets (rand);
  g_autoptr(GPtrArray) customers = make_customers (rand);

  if (out_uscc != NULL)
    *out_uscc = g_steal_pointer (&uscc);
  if (out_assets != NULL)
    *out_assets = g_steal_pointer (&assets);
  if (out_customers != NULL)
    *out_customers = g_steal_pointer (&customers);
}

/**
 * cd_demo_make_customers:
 * @out_uscc: (out) (optional): the company's credit code
 *
 * The customers of the demo case, as cd_demo_create() stores them, without
 * a case: the demo's folder of files (cd-demo-files.c) mentions them.
 *
 * Returns: (transfer full) (element-type CdCustomer): the
 *   %CD_DEMO_N_CUSTOMERS customers, in registry order
 */
GPtrArray *
cd_demo_make_customers (char **out_uscc)
{
  GPtrArray *customers = NULL;

  generate (out_uscc, NULL, &customers);
  return customers;
}

/* A plan nearly finished, the way a consultant leaves it the day before
 * the final check: most assets decided by what they hold, and four
 * deliberate problems for the plan check to show — one asset undecided,
 * a transfer whose recipient was never vetted, financial records kept
 * de-identified but not encrypted, and the founder's copy of the member
 * list on his own cloud drive. */
static gboolean
demo_plan (CdStore     *store,
           CdCaseInfo  *info,
           GError     **error)
{
  g_autoptr(CdRetentionRules) rules = cd_retention_rules_load_builtin (error);
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  guint n;
  gboolean transfer_done = FALSE;
  gboolean cloud_done = FALSE;
  gboolean unencrypted_done = FALSE;

  if (rules == NULL)
    return FALSE;
  assets = cd_store_list_assets (store, error);
  if (assets == NULL)
    return FALSE;

  n = g_list_model_get_n_items (assets);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      g_autoptr(CdAssetPlan) plan = cd_asset_plan_new (cd_asset_get_id (asset));
      CdMedium medium = cd_asset_get_medium (asset);

      if (i == n - 1)
        continue;   /* deliberately undecided */

      switch (cd_asset_get_record_type (asset))
        {
        case CD_RECORD_TYPE_TRANSACTION:
          plan->categories = CD_CATEGORY_GENERAL | CD_CATEGORY_FINANCIAL;
          plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
          if (!unencrypted_done && medium == CD_MEDIUM_PC)
            {
              plan->disposition = CD_DISPOSITION_DEIDENTIFY_RETAIN;
              unencrypted_done = TRUE;
            }
          break;
        case CD_RECORD_TYPE_CONTRACT:
          plan->categories = CD_CATEGORY_GENERAL | CD_CATEGORY_BUSINESS_SECRET;
          plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
          break;
        case CD_RECORD_TYPE_RECORDING:
          plan->categories = CD_CATEGORY_GENERAL | CD_CATEGORY_BIOMETRIC;
          plan->disposition = CD_DISPOSITION_DESTROY;
          break;
        case CD_RECORD_TYPE_PERSONAL:
          plan->categories = CD_CATEGORY_GENERAL | CD_CATEGORY_HIGH_RISK_ID;
          plan->disposition = CD_DISPOSITION_DESTROY;
          if (!transfer_done && medium == CD_MEDIUM_SERVER)
            {
              /* The membership system goes to the buyer of the stores. */
              plan->disposition = CD_DISPOSITION_TRANSFER;
              plan->recipient = g_strdup ("上海味来餐饮管理有限公司");
              plan->recipient_contact = g_strdup ("021-62880000");
              plan->agreement_signed = TRUE;
              transfer_done = TRUE;
            }
          break;
        case CD_RECORD_TYPE_COMMUNICATION:
        default:
          plan->categories = CD_CATEGORY_GENERAL;
          plan->disposition = CD_DISPOSITION_DESTROY;
          break;
        }
      if (!cloud_done && medium == CD_MEDIUM_CLOUD_DRIVE)
        {
          plan->disposition = CD_DISPOSITION_TRANSFER;
          plan->recipient = g_strdup ("创始人个人网盘");
          plan->recipient_contact = g_strdup ("—");
          plan->personal_destination = TRUE;
          cloud_done = TRUE;
        }
      if (!cd_plan_apply_retention (plan, asset, info, rules, error))
        return FALSE;
      g_ptr_array_add (plans, g_steal_pointer (&plan));
    }
  return cd_store_set_asset_plans (store, plans, error);
}

/* The customers' side, half-way through the notice period: the demo
 * company's notice settings; holdings linked by hand for the first 600
 * customers (as a consultant does for paper files); letters drafted for
 * 1,200, of which 1,000 were sent — 600 by post in October (their window
 * has run out) and 400 by e-mail in mid-November; and the answers that
 * came back: mostly no objection, some asking for deletion, a copy, or
 * not to be transferred, and one in ten of the October letters still
 * unanswered (overdue). */
static gboolean
demo_notices (CdStore  *store,
              GError  **error)
{
  static const CdNoticeResponse answers[] = {
    CD_RESPONSE_NO_OBJECTION, CD_RESPONSE_NO_OBJECTION, CD_RESPONSE_NO_OBJECTION, CD_RESPONSE_DELETE,
    CD_RESPONSE_NO_OBJECTION, CD_RESPONSE_COPY, CD_RESPONSE_NO_OBJECTION, CD_RESPONSE_OBJECT_TRANSFER,
    CD_RESPONSE_OTHER, CD_RESPONSE_NONE,
  };
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) decided = g_ptr_array_new ();
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_holding_free);
  g_autoptr(GPtrArray) drafted = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_post = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_email = g_ptr_array_new ();
  guint n;

  if (!cd_store_set_setting (store, "notices.sender-email", "qingsuanzu@shili-canyin.example.cn", error) ||
      !cd_store_set_setting (store, "notices.contact", "清算组 周律师 13901710002", error) ||
      !cd_store_set_setting (store, "notices.window-days", "30", error))
    return FALSE;

  assets = cd_store_list_assets (store, error);
  plans = assets != NULL ? cd_store_list_asset_plans (store, error) : NULL;
  customers = plans != NULL ? cd_store_list_customers (store, error) : NULL;
  if (customers == NULL)
    return FALSE;
  for (guint i = 0; i < plans->len; i++)
    {
      CdAssetPlan *plan = plans->pdata[i];

      /* Not the founder's cloud copy: nobody's records should be there. */
      if (plan->disposition != CD_DISPOSITION_UNDECIDED && !plan->personal_destination)
        g_ptr_array_add (decided, plan->asset_id);
    }

  n = MIN (g_list_model_get_n_items (customers), 1200);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);
      const char *id = cd_customer_get_id (customer);

      if (i < 600 && decided->len > 0)
        for (guint k = 0; k < 1 + i % 3; k++)
          {
            CdHolding *link = g_new0 (CdHolding, 1);

            link->customer_id = g_strdup (id);
            link->asset_id = g_strdup (decided->pdata[(i * 7 + k * 13) % decided->len]);
            link->sources = CD_HOLDING_MANUAL;
            link->items = 1 + (i * 5 + k) % 9;
            if (k > 0 && strcmp (link->asset_id, ((CdHolding *) links->pdata[links->len - 1])->asset_id) == 0)
              cd_holding_free (link);
            else
              g_ptr_array_add (links, link);
          }
      g_ptr_array_add (drafted, (gpointer) id);
      if (i < 600 && cd_customer_get_address (customer) != NULL)
        g_ptr_array_add (by_post, (gpointer) id);
      else if (i >= 600 && i < 1000 && cd_customer_get_email (customer) != NULL)
        g_ptr_array_add (by_email, (gpointer) id);
    }
  g_ptr_array_add (drafted, NULL);
  g_ptr_array_add (by_post, NULL);
  g_ptr_array_add (by_email, NULL);

  if (!cd_store_add_holdings (store, links, error) ||
      !cd_store_mark_notices_drafted (store, (const char * const *) drafted->pdata, "closure", 30, error) ||
      (by_post->len > 1 &&
       !cd_store_mark_notices_sent (store, (const char * const *) by_post->pdata, "2026-10-26", CD_CHANNEL_POST,
                                    30, error)) ||
      (by_email->len > 1 &&
       !cd_store_mark_notices_sent (store, (const char * const *) by_email->pdata, "2026-11-16", CD_CHANNEL_EMAIL,
                                    30, error)))
    return FALSE;

  /* The answers, in the order they came back. */
  for (guint i = 0; i + 1 < by_post->len; i += 2)
    {
      CdNoticeResponse response = answers[(i / 2) % G_N_ELEMENTS (answers)];
      g_autofree char *on = g_strdup_printf ("2026-11-%02u", 1 + (i / 2) % 20);

      if (response == CD_RESPONSE_NONE)
        continue;
      if (!cd_store_record_response (store, by_post->pdata[i], response,
                                     response == CD_RESPONSE_OTHER ? "希望保留会员积分记录，请电话联系" : NULL,
                                     on, error))
        return FALSE;
    }
  for (guint i = 0; i + 1 < by_email->len; i += 8)
    if (!cd_store_record_response (store, by_email->pdata[i], CD_RESPONSE_NO_OBJECTION, NULL, "2026-11-20", error))
      return FALSE;

  /* Two members who joined as children (the kids' birthday club): their
   * records are sensitive wherever they are. */
  for (guint i = 40; i < 42 && i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);
      g_autoptr(CdCustomerPlan) tag = cd_customer_plan_new (cd_customer_get_id (customer));

      tag->categories = CD_CATEGORY_GENERAL | CD_CATEGORY_MINOR;
      if (!cd_store_set_customer_plan (store, tag, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * cd_demo_create:
 * @path: where to write the demo case; must not exist
 * @params: (nullable): Argon2id cost, %NULL for the default
 *
 * Creates the demo case: 示例餐饮管理有限公司, a restaurant group with ten
 * stores being dissolved by general deregistration, its liquidation group,
 * about sixty data assets and %CD_DEMO_N_CUSTOMERS customers. The
 * passphrase is %CD_DEMO_PASSPHRASE.
 *
 * Returns: (transfer full): the new case, unlocked, or %NULL with @error set.
 */
CdStore *
cd_demo_create (const char         *path,
                const CdKdfParams  *params,
                GError            **error)
{
  static const struct { const char *name; CdMemberRole role; const char *phone; } members[] = {
    { "陈立华", CD_MEMBER_ROLE_HEAD, "13601710001" },
    { "周律师", CD_MEMBER_ROLE_LEGAL, "13901710002" },
    { "吴会计", CD_MEMBER_ROLE_FINANCE, "13801710003" },
    { "林小红", CD_MEMBER_ROLE_MEMBER, NULL },
  };
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autofree char *uscc = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  generate (&uscc, &assets, &customers);

  cd_case_info_set_company_name (info, "示例餐饮管理有限公司");
  cd_case_info_set_uscc (info, uscc);
  cd_case_info_set_address (info, "上海市静安区愚园路 100 号 5 楼");
  cd_case_info_set_route (info, CD_ROUTE_GENERAL);
  cd_case_info_set_group_filed (info, "2026-10-12");
  cd_case_info_set_announced (info, "2026-10-20");
  cd_case_info_set_planned_deregistration (info, "2027-01-15");
  cd_case_info_set_consultant (info, "王敏");

  store = cd_store_create (path, CD_DEMO_PASSPHRASE, params, info, "王敏", error);
  if (store == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(CdMember) member = cd_member_new (members[i].name, members[i].role);

      cd_member_set_phone (member, members[i].phone);
      if (!cd_store_add_member (store, member, error))
        return NULL;
    }

  if (!cd_store_import_assets (store, assets, "demo", error))
    return NULL;

  if (!cd_store_import_customers (store, customers, "demo", NULL, NULL, error))
    return NULL;

  if (!demo_plan (store, info, error) || !demo_notices (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

/* The end of the story, for the retention pane: two custodians from the
 * liquidation group, the accounting records kept in a vault encrypted to
 * them, the departed manager's laptop export destroyed with a witness, a
 * box of paper forms shredded, and the audit log signed. */

static gboolean
write_text (const char  *dir,
            const char  *name,
            const char  *text,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static char *
demo_folder_asset (CdStore        *store,
                   CdCaseInfo     *info,
                   const char     *location,
                   CdMedium        medium,
                   CdRecordType    record_type,
                   CdCategories    categories,
                   CdDisposition   disposition,
                   const char     *notes_text,
                   GError        **error)
{
  g_autoptr(CdRetentionRules) rules = cd_retention_rules_load_builtin (error);
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  CdAssetPlan *plan;

  if (rules == NULL)
    return NULL;
  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_record_type (asset, record_type);
  cd_asset_set_format (asset, "CSV");
  cd_asset_set_records (asset, 6);
  cd_asset_set_customers (asset, 6);
  cd_asset_set_custodian (asset, "财务部 吴会计");
  cd_asset_set_notes (asset, notes_text);
  if (!cd_store_add_asset (store, asset, error))
    return NULL;
  plan = cd_asset_plan_new (cd_asset_get_id (asset));
  g_ptr_array_add (plans, plan);
  plan->categories = categories;
  plan->disposition = disposition;
  if (!cd_plan_apply_retention (plan, asset, info, rules, error) || !cd_store_set_asset_plans (store, plans, error))
    return NULL;
  return g_strdup (plan->retain_until != NULL ? plan->retain_until : "");
}

/**
 * cd_demo_add_retention:
 * @dir: a folder to create (it must not exist) for the demo's retained and
 *   destroyed files, its vault and its custodians' key files
 *
 * Brings the demo case to the retention and destruction stage.
 */
gboolean
cd_demo_add_retention (CdStore     *store,
                       const char  *folder,
                       GError     **error)
{
  static const char * const custodian_names[] = { "周律师", "吴会计" };
  /* Asset locations are recorded as given and destruction plans match
   * absolute paths: a relative folder is made absolute first. */
  g_autofree char *dir = g_canonicalize_filename (folder, NULL);
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(CdDestroyRun) run = NULL;
  g_autofree char *kept = g_build_filename (dir, "会计档案（留存）", NULL);
  g_autofree char *gone = g_build_filename (dir, "静安愚园路店 店长笔记本导出（待销毁）", NULL);
  g_autofree char *keys = g_build_filename (dir, "保管人密钥（演示用）", NULL);
  g_autofree char *vault = g_build_filename (dir, "示例餐饮-会计档案.age", NULL);
  g_autofree char *retain_until = NULL;
  g_autofree char *gone_until = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *vault_id = NULL;
  g_autofree char *record_id = NULL;
  const char *kept_paths[] = { kept, NULL };
  CdVaultCreateRequest request = { 0, };
  CdManualDestruction paper = { 0, };
  CdVaultInfo vault_info;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);

  info = cd_store_get_case_info (store, error);
  if (info == NULL)
    return FALSE;
  if (g_mkdir (dir, 0700) != 0 || g_mkdir (kept, 0700) != 0 || g_mkdir (gone, 0700) != 0 ||
      g_mkdir (keys, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  if (!write_text (kept, "2025年会员储值对账单.csv",
                   "月份,充值笔数,充值金额,消费金额,余额\n2025-01,412,86200.00,79310.50,210455.20\n"
                   "2025-02,388,80120.00,84001.00,206574.20\n", error) ||
      !write_text (kept, "2025年发票开具清单.csv",
                   "发票号码,开票日期,购买方,金额\n044002500111,2025-03-02,上海某科技有限公司,12800.00\n"
                   "044002500112,2025-03-09,上海某会展服务有限公司,6400.00\n", error) ||
      !write_text (gone, "会员表-静安愚园路店.csv",
                   "姓名,手机号,生日,备注\n李晓梅,13917220481,05-12,不吃辣\n周建国,13801938854,11-03,\n"
                   "何佳,15821070936,02-28,坚果过敏\n", error) ||
      !write_text (gone, "订座记录-2025.csv",
                   "日期,姓名,电话,人数\n2025-12-24,赵雪,13661731152,6\n2025-12-31,钱志强,13524889017,12\n",
                   error))
    return FALSE;

  retain_until = demo_folder_asset (store, info, kept, CD_MEDIUM_SERVER, CD_RECORD_TYPE_TRANSACTION,
                                    CD_CATEGORY_GENERAL | CD_CATEGORY_FINANCIAL, CD_DISPOSITION_ENCRYPT_RETAIN,
                                    "会计凭证附件：储值对账单与发票清单，依法保存", error);
  if (retain_until == NULL)
    return FALSE;
  gone_until = demo_folder_asset (store, info, gone, CD_MEDIUM_PC, CD_RECORD_TYPE_PERSONAL,
                                  CD_CATEGORY_GENERAL, CD_DISPOSITION_DESTROY,
                                  "离职店长移交时从笔记本电脑导出的会员表与订座记录", error);
  if (gone_until == NULL)
    return FALSE;

  /* Custodians: the key files are written beside the demo, for trying
   * verify and restore; a real custodian keeps theirs away from the case. */
  for (guint i = 0; i < G_N_ELEMENTS (custodian_names); i++)
    {
      g_autofree char *recipient = NULL;
      char *secret = cd_age_identity_generate (&recipient);
      g_autofree char *name = g_strdup_printf ("%s.agekey", custodian_names[i]);
      g_autofree char *path = g_build_filename (keys, name, NULL);
      g_autofree char *id = NULL;
      gboolean written = cd_age_identity_write_file (path, secret, recipient, error);

      cd_crypto_secure_free (secret);
      if (!written)
        return FALSE;
      id = cd_store_add_custodian (store, custodian_names[i], recipient, error);
      if (id == NULL)
        return FALSE;
      g_ptr_array_add (recipients, g_steal_pointer (&recipient));
    }
  g_ptr_array_add (recipients, NULL);

  manifest = cd_store_vault_manifest (store, kept_paths, retain_until);
  request.paths = kept_paths;
  request.output = vault;
  request.recipients = (const char * const *) recipients->pdata;
  request.manifest_json = manifest;
  if (!cd_vault_create (&request, &vault_info, NULL, NULL, NULL, error))
    return FALSE;
  vault_id = cd_store_add_vault (store, vault, vault_info.sha256, vault_info.size, vault_info.n_members,
                                 (const char * const *) recipients->pdata, FALSE,
                                 *retain_until != '\0' ? retain_until : NULL, error);
  if (vault_id == NULL)
    return FALSE;

  /* The laptop export, overwritten with a witness. */
  run = cd_destroy_plan (store, NULL, NULL, NULL, NULL, NULL, error);
  if (run == NULL ||
      !cd_destroy_run (store, run->id, "林小红", "陈立华", cd_case_info_get_company_name (info), NULL, NULL, NULL,
                       error))
    return FALSE;

  /* A store's paper forms, shredded by a contractor. */
  assets = cd_store_list_assets (store, error);
  if (assets == NULL)
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (assets) && paper.asset_id == NULL; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);

      if (cd_asset_get_medium (asset) == CD_MEDIUM_PAPER &&
          g_str_has_prefix (cd_asset_get_location (asset), stores[1]))
        paper.asset_id = g_strdup (cd_asset_get_id (asset));
    }
  paper.kind = CD_MANUAL_PAPER;
  paper.performed_on = (char *) "2026-11-18";
  paper.operator_name = (char *) "林小红";
  paper.witness = (char *) "周律师";
  paper.description = (char *) "静安愚园路店会员登记表纸质档案 2016–2026 年，4 箱，由文件销毁服务公司上门粉碎";
  paper.method = (char *) "P-4";
  paper.weight_kg = 23.5;
  paper.boxes = 4;
  record_id = cd_destroy_add_manual (store, &paper, NULL, error);
  g_free (paper.asset_id);
  if (record_id == NULL)
    return FALSE;

  return cd_store_checkpoint_audit (store, NULL, error);
}
