/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of CSV import and export of assets and customers: round trips,
 * Chinese headers, GBK files, and errors that name the line, never the
 * identifier, and return nothing. */

#include "config.h"

#include <string.h>

#include "cd-test-util.h"

#define BOM "\xEF\xBB\xBF"

static GListModel *
model_from_array (GPtrArray *items,
                  GType      type)
{
  GListStore *store = g_list_store_new (type);

  for (guint i = 0; i < items->len; i++)
    g_list_store_append (store, g_ptr_array_index (items, i));
  return G_LIST_MODEL (store);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_strndup (data, len);
}

/* -- assets ------------------------------------------------------------------------- */

static CdAsset *
make_asset (const char   *location,
            CdMedium      medium,
            CdRecordType  type,
            gint64        records)
{
  CdAsset *asset = cd_asset_new ();

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_record_type (asset, type);
  cd_asset_set_records (asset, records);
  return asset;
}

static void
assert_assets_equal (CdAsset *a,
                     CdAsset *b)
{
  g_assert_cmpstr (cd_asset_get_location (a), ==, cd_asset_get_location (b));
  g_assert_cmpint (cd_asset_get_medium (a), ==, cd_asset_get_medium (b));
  g_assert_cmpint (cd_asset_get_record_type (a), ==, cd_asset_get_record_type (b));
  g_assert_cmpstr (cd_asset_get_format (a), ==, cd_asset_get_format (b));
  g_assert_cmpint (cd_asset_get_records (a), ==, cd_asset_get_records (b));
  g_assert_cmpint (cd_asset_get_customers (a), ==, cd_asset_get_customers (b));
  g_assert_cmpstr (cd_asset_get_custodian (a), ==, cd_asset_get_custodian (b));
  g_assert_cmpstr (cd_asset_get_notes (a), ==, cd_asset_get_notes (b));
}

static void
test_assets_roundtrip (void)
{
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CdAsset *asset;

  asset = make_asset ("\\\\nas\\销售部\\客户资料", CD_MEDIUM_SERVER, CD_RECORD_TYPE_PERSONAL, 12000);
  cd_asset_set_format (asset, "xlsx");
  cd_asset_set_customers (asset, 3000);
  cd_asset_set_custodian (asset, "IT 部");
  cd_asset_set_notes (asset, "含\"引号\", 逗号\n和换行");
  g_ptr_array_add (assets, asset);
  g_ptr_array_add (assets, make_asset ("录音笔 #2", CD_MEDIUM_VOICE_RECORDER,
                                       CD_RECORD_TYPE_RECORDING, 88));
  g_ptr_array_add (assets, make_asset ("=HYPERLINK(\"http://x\")", CD_MEDIUM_OTHER,
                                       CD_RECORD_TYPE_CONTRACT, 0));

  model = model_from_array (assets, CD_TYPE_ASSET);
  csv = cd_assets_to_csv (model);
  text = bytes_to_string (csv);

  g_assert_true (g_str_has_prefix (text, BOM "location,medium,record_type,format,records,"
                                         "customers,custodian,notes\r\n"));
  /* Ids, not labels, so re-import does not depend on the UI language. */
  g_assert_nonnull (strstr (text, ",voice-recorder,recording,"));
  /* A formula is not written as a formula. */
  g_assert_null (strstr (text, "\r\n=HYPERLINK"));
  g_assert_null (strstr (text, "\r\n\"=HYPERLINK"));

  back = cd_assets_from_csv (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpuint (back->len, ==, 3);
  assert_assets_equal (g_ptr_array_index (assets, 0), g_ptr_array_index (back, 0));
  assert_assets_equal (g_ptr_array_index (assets, 1), g_ptr_array_index (back, 1));
  /* The guarded cell keeps its text, give or take the guard. */
  g_assert_nonnull (strstr (cd_asset_get_location (g_ptr_array_index (back, 2)),
                            "=HYPERLINK(\"http://x\")"));
}

static const char assets_zh[] =
  "存放位置,系统/介质,记录类型,格式,记录数,客户数,负责人,备注\r\n"
  "财务室档案柜,纸质档案,合同,纸质,\"1,234\",56,王会计,三个纸箱\r\n"
  "业务员手机,微信,沟通记录,,450,,销售部,\r\n"
  ",,,,,,,\r\n";

static void
check_zh_assets (GPtrArray *assets)
{
  CdAsset *a, *b;

  g_assert_nonnull (assets);
  g_assert_cmpuint (assets->len, ==, 2);
  a = g_ptr_array_index (assets, 0);
  b = g_ptr_array_index (assets, 1);
  g_assert_cmpstr (cd_asset_get_location (a), ==, "财务室档案柜");
  g_assert_cmpint (cd_asset_get_medium (a), ==, CD_MEDIUM_PAPER);
  g_assert_cmpint (cd_asset_get_record_type (a), ==, CD_RECORD_TYPE_CONTRACT);
  g_assert_cmpstr (cd_asset_get_format (a), ==, "纸质");
  g_assert_cmpint (cd_asset_get_records (a), ==, 1234);
  g_assert_cmpint (cd_asset_get_customers (a), ==, 56);
  g_assert_cmpstr (cd_asset_get_custodian (a), ==, "王会计");
  g_assert_cmpstr (cd_asset_get_notes (a), ==, "三个纸箱");
  g_assert_cmpint (cd_asset_get_medium (b), ==, CD_MEDIUM_MOBILE_CHAT);
  g_assert_cmpint (cd_asset_get_record_type (b), ==, CD_RECORD_TYPE_COMMUNICATION);
  g_assert_null (cd_asset_get_format (b));
  g_assert_cmpint (cd_asset_get_customers (b), ==, 0);
}

static void
test_assets_chinese_headers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = cd_assets_from_csv (assets_zh, strlen (assets_zh), &error);

  g_assert_no_error (error);
  check_zh_assets (assets);
}

static void
test_assets_gbk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autofree char *gbk = NULL;
  gsize len = 0;

  gbk = g_convert (assets_zh, -1, "GBK", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (gbk, len, NULL));

  assets = cd_assets_from_csv (gbk, len, &error);
  g_assert_no_error (error);
  check_zh_assets (assets);
}

static void
test_assets_headers_any_case (void)
{
  static const char csv[] = BOM " Location ,MEDIUM,Record Type,Records\n"
                                "a,PC,Transaction,\"1,000,000\"\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = cd_assets_from_csv (csv, strlen (csv), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (assets->len, ==, 1);
  g_assert_cmpint (cd_asset_get_medium (g_ptr_array_index (assets, 0)), ==, CD_MEDIUM_PC);
  g_assert_cmpint (cd_asset_get_record_type (g_ptr_array_index (assets, 0)), ==,
                   CD_RECORD_TYPE_TRANSACTION);
  g_assert_cmpint (cd_asset_get_records (g_ptr_array_index (assets, 0)), ==, 1000000);
}

static void
test_assets_bad_medium (void)
{
  static const char csv[] = "location,medium\n"
                            "a,paper\n"
                            "b,typewriter\n"
                            "c,server\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = cd_assets_from_csv (csv, strlen (csv), &error);

  g_assert_null (assets);
  g_assert_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "Line 3: "));
  g_assert_nonnull (strstr (error->message, "typewriter"));
  g_assert_nonnull (strstr (error->message, "voice-recorder"));
}

static void
test_assets_missing_column (void)
{
  static const char csv[] = "location,records\na,1\n";
  static const char csv2[] = "介质,记录数\npaper,1\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GPtrArray) assets = cd_assets_from_csv (csv, strlen (csv), &error);
  g_autoptr(GPtrArray) assets2 = cd_assets_from_csv (csv2, strlen (csv2), &error2);

  g_assert_null (assets);
  g_assert_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_MISSING_COLUMN);
  g_assert_nonnull (strstr (error->message, "“medium”"));
  g_assert_null (assets2);
  g_assert_error (error2, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_MISSING_COLUMN);
  g_assert_nonnull (strstr (error2->message, "“location”"));
}

static void
test_assets_bad_numbers (void)
{
  static const char * const bad[] = { "-1", "1.5", "abc", "12,34", "1,2345", ",123", "99999999999999999999" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *csv = g_strdup_printf ("location,medium,customers\n"
                                              "a,pc,1\n"
                                              "b,pc,\"%s\"\n", bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) assets = cd_assets_from_csv (csv, strlen (csv), &error);

      g_assert_null (assets);
      g_assert_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_INVALID_VALUE);
      g_assert_true (g_str_has_prefix (error->message, "Line 3: "));
    }
}

static void
test_assets_all_or_nothing (void)
{
  g_autoptr(GString) csv = g_string_new ("location,medium\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (csv, "柜 %u,paper\n", i);
  g_string_append (csv, ",paper\n");   /* line 502: no location */

  assets = cd_assets_from_csv (csv->str, csv->len, &error);
  g_assert_null (assets);
  g_assert_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "Line 502: "));
}

static void
test_assets_malformed (void)
{
  static const char csv[] = "location,medium\n"
                            "a,paper\n"
                            "\"b,paper\n"
                            "c,paper\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assets = cd_assets_from_csv (csv, strlen (csv), &error);

  g_assert_null (assets);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "3"));
}

/* -- customers ---------------------------------------------------------------------- */

static void
test_customers_roundtrip (void)
{
  g_autofree char *id1 = cd_test_resident_id (11);
  g_autofree char *id2 = cd_test_resident_id (12);
  g_autofree char *phone1 = cd_test_mobile (11);
  g_autofree char *csv = g_strdup_printf ("kind,name,phone,id_number,email,address,notes\r\n"
                                          "individual,张三丰,%s,%s,zhang@example.com,"
                                          "北京市朝阳区建国路88号,老客户\r\n"
                                          "个人,李四,,%s,,,\r\n"
                                          "enterprise,示例科技有限公司,,91350100M000100Y43,,,\r\n",
                                          phone1, id1, id2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GBytes) revealed = NULL;
  g_autoptr(GBytes) masked = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autofree char *masked_text = NULL;
  g_autofree char *revealed_text = NULL;

  customers = cd_customers_from_csv (csv, strlen (csv), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 3);
  g_assert_cmpint (cd_customer_get_kind (g_ptr_array_index (customers, 1)), ==,
                   CD_CUSTOMER_KIND_INDIVIDUAL);
  g_assert_cmpint (cd_customer_get_kind (g_ptr_array_index (customers, 2)), ==,
                   CD_CUSTOMER_KIND_ENTERPRISE);
  g_assert_cmpstr (cd_customer_get_phone (g_ptr_array_index (customers, 0)), ==, phone1);

  model = model_from_array (customers, CD_TYPE_CUSTOMER);
  revealed = cd_customers_to_csv (model, TRUE);
  masked = cd_customers_to_csv (model, FALSE);
  revealed_text = bytes_to_string (revealed);
  masked_text = bytes_to_string (masked);

  g_assert_true (g_str_has_prefix (revealed_text, BOM "kind,name,phone,id_number,email,"
                                                  "address,notes\r\n"));
  g_assert_true (g_str_has_prefix (masked_text, BOM "kind,name,phone,id_number,email,"
                                                "address,notes\r\n"));
  for (const char * const *s = (const char * const[]) { "张三丰", id1, id2, phone1,
                                                         "zhang@example.com",
                                                         "北京市朝阳区建国路88号", NULL };
       *s != NULL; s++)
    {
      g_assert_nonnull (strstr (revealed_text, *s));
      g_assert_null (strstr (masked_text, *s));
    }
  /* An enterprise's name is not personal data. */
  g_assert_nonnull (strstr (masked_text, "示例科技有限公司"));

  back = cd_customers_from_csv (g_bytes_get_data (revealed, NULL), g_bytes_get_size (revealed),
                                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      CdCustomer *a = g_ptr_array_index (customers, i);
      CdCustomer *b = g_ptr_array_index (back, i);

      g_assert_cmpint (cd_customer_get_kind (a), ==, cd_customer_get_kind (b));
      g_assert_cmpstr (cd_customer_get_name (a), ==, cd_customer_get_name (b));
      g_assert_cmpstr (cd_customer_get_phone (a), ==, cd_customer_get_phone (b));
      g_assert_cmpstr (cd_customer_get_id_number (a), ==, cd_customer_get_id_number (b));
      g_assert_cmpstr (cd_customer_get_email (a), ==, cd_customer_get_email (b));
      g_assert_cmpstr (cd_customer_get_address (a), ==, cd_customer_get_address (b));
      g_assert_cmpstr (cd_customer_get_notes (a), ==, cd_customer_get_notes (b));
    }
}

static void
test_customers_chinese_gbk (void)
{
  g_autofree char *id = cd_test_resident_id (21);
  g_autofree char *utf8 = g_strdup_printf ("姓名,手机号,身份证号,邮箱,地址,备注\r\n"
                                           "王小明,138 1234 5678,%s,wang@example.com,上海市,\r\n",
                                           id);
  g_autofree char *gbk = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  gsize len = 0;
  CdCustomer *c;

  gbk = g_convert (utf8, -1, "GBK", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  customers = cd_customers_from_csv (gbk, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 1);
  c = g_ptr_array_index (customers, 0);
  g_assert_cmpstr (cd_customer_get_name (c), ==, "王小明");
  /* Normalised, so the blind index finds the same person however typed. */
  g_assert_cmpstr (cd_customer_get_phone (c), ==, "13812345678");
  g_assert_cmpstr (cd_customer_get_id_number (c), ==, id);
  g_assert_cmpstr (cd_customer_get_address (c), ==, "上海市");
}

static void
test_customers_bad_id (void)
{
  g_autofree char *good = cd_test_resident_id (31);
  g_autofree char *bad = g_strdup (good);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = NULL;

  /* Same number with a wrong check character. */
  bad[17] = bad[17] == '0' ? '1' : '0';
  csv = g_strdup_printf ("name,id_number\n甲,%s\n\n乙,%s\n", good, bad);
  customers = cd_customers_from_csv (csv, strlen (csv), &error);

  g_assert_null (customers);
  g_assert_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "Line 4: "));
  g_assert_null (strstr (error->message, bad));
  g_assert_null (strstr (error->message, good));
}

static void
test_customers_missing_name (void)
{
  static const char csv[] = "phone,email\n13812345678,a@example.com\n";
  static const char csv2[] = "name,phone\n甲,13812345678\n,13912345678\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(GPtrArray) customers = cd_customers_from_csv (csv, strlen (csv), &error);
  g_autoptr(GPtrArray) customers2 = cd_customers_from_csv (csv2, strlen (csv2), &error2);

  g_assert_null (customers);
  g_assert_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_MISSING_COLUMN);
  g_assert_nonnull (strstr (error->message, "“name”"));
  g_assert_null (customers2);
  g_assert_error (error2, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error2->message, "Line 3: "));
  g_assert_null (strstr (error2->message, "13912345678"));
}

static void
test_customers_bad_kind (void)
{
  static const char csv[] = "kind,name\nindividual,甲\nalien,乙\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = cd_customers_from_csv (csv, strlen (csv), &error);

  g_assert_null (customers);
  g_assert_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_INVALID_VALUE);
  g_assert_true (g_str_has_prefix (error->message, "Line 3: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/records-csv/assets/roundtrip", test_assets_roundtrip);
  g_test_add_func ("/records-csv/assets/chinese-headers", test_assets_chinese_headers);
  g_test_add_func ("/records-csv/assets/gbk", test_assets_gbk);
  g_test_add_func ("/records-csv/assets/headers-any-case", test_assets_headers_any_case);
  g_test_add_func ("/records-csv/assets/bad-medium", test_assets_bad_medium);
  g_test_add_func ("/records-csv/assets/missing-column", test_assets_missing_column);
  g_test_add_func ("/records-csv/assets/bad-numbers", test_assets_bad_numbers);
  g_test_add_func ("/records-csv/assets/all-or-nothing", test_assets_all_or_nothing);
  g_test_add_func ("/records-csv/assets/malformed", test_assets_malformed);
  g_test_add_func ("/records-csv/customers/roundtrip", test_customers_roundtrip);
  g_test_add_func ("/records-csv/customers/chinese-gbk", test_customers_chinese_gbk);
  g_test_add_func ("/records-csv/customers/bad-id", test_customers_bad_id);
  g_test_add_func ("/records-csv/customers/missing-name", test_customers_missing_name);
  g_test_add_func ("/records-csv/customers/bad-kind", test_customers_bad_kind);

  return g_test_run ();
}
