/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the case file: creating, opening bad files, sealing, customers,
 * assets, passphrase changes and all-or-nothing failures. */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cd-test-util.h"

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, len);
}

static CdCustomer *
make_customer (const char *name,
               const char *phone,
               const char *id_number)
{
  CdCustomer *customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);

  cd_customer_set_name (customer, name);
  cd_customer_set_phone (customer, phone);
  cd_customer_set_id_number (customer, id_number);
  return customer;
}

static void
test_create_basic (CdTestCase    *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  CdAuditReport report;
  CdAuditEntry *first;

  g_assert_cmpint (cd_store_get_schema_version (fixture->store), ==, CD_STORE_SCHEMA_VERSION);
  g_assert_false (cd_store_is_locked (fixture->store));

  info = cd_store_get_case_info (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_case_info_get_company_name (info), ==, "上海示例贸易有限公司");
  g_assert_cmpstr (cd_case_info_get_uscc (info), ==, "91350100M000100Y43");
  g_assert_cmpint (cd_case_info_get_route (info), ==, CD_ROUTE_GENERAL);

  audit = cd_store_list_audit (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  first = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (first->action, ==, "case.create");
  g_assert_cmpint (first->seq, ==, 1);

  g_assert_true (cd_store_verify_audit (fixture->store, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_OK);
  g_assert_cmpint (report.n_entries, ==, 1);

  /* No temporary files are left next to the case. */
  {
    g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      if (!g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))
        n++;
    g_assert_cmpuint (n, ==, 1);
  }
}

static void
test_create_refuses (CdTestCase    *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) other = NULL;
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autofree char *path2 = g_build_filename (fixture->dir, "bad.closurecase", NULL);

  other = cd_test_create_case (fixture->path, &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_EXISTS);
  g_assert_null (other);
  g_clear_error (&error);

  cd_case_info_set_company_name (info, "测试公司");
  cd_case_info_set_uscc (info, "91350100M000100Y44");   /* wrong check character */
  other = cd_store_create (path2, "x", NULL, info, NULL, &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_assert_false (g_file_test (path2, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  cd_case_info_set_uscc (info, NULL);
  cd_case_info_set_group_filed (info, "2025-02-30");
  other = cd_store_create (path2, "x", NULL, info, NULL, &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_assert_false (g_file_test (path2, G_FILE_TEST_EXISTS));
}

/* A case file is never created or opened through the Flatpak document
 * portal: SQLite cannot lock there, and the message says where to keep it. */
static void
test_document_portal (CdTestCase    *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) other = NULL;
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autofree char *doc = g_build_filename (g_get_user_runtime_dir (), "doc", "5e1f0c2a", NULL);
  g_autofree char *inside = g_build_filename (doc, "case.closurecase", NULL);
  g_autofree char *dotted = g_build_filename (doc, "..", "..", "doc", "5e1f0c2a", "new.closurecase",
                                              NULL);
  g_autofree char *contents = NULL;
  gsize length;

  cd_case_info_set_company_name (info, "测试公司");
  g_assert_cmpint (g_mkdir_with_parents (doc, 0700), ==, 0);

  /* Created there: refused, nothing written. */
  other = cd_store_create (inside, "x", NULL, info, NULL, &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_UNSUPPORTED_LOCATION);
  g_assert_nonnull (strstr (error->message, "ClosureDesk"));
  g_assert_null (other);
  g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  other = cd_store_create (dotted, "x", NULL, info, NULL, &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_UNSUPPORTED_LOCATION);
  g_clear_error (&error);

  other = cd_store_create ("/run/flatpak/doc/5e1f0c2a/case.closurecase", "x", NULL, info, NULL,
                           &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_UNSUPPORTED_LOCATION);
  g_clear_error (&error);

  /* A real case copied there is refused when opened, and left as it was. */
  g_clear_object (&fixture->store);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (inside, contents, (gssize) length, NULL));
  other = cd_store_open (inside, &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_UNSUPPORTED_LOCATION);
  g_assert_null (other);
  g_clear_error (&error);
  {
    g_autofree char *after = NULL;
    gsize after_length;

    g_assert_true (g_file_get_contents (inside, &after, &after_length, NULL));
    g_assert_cmpmem (after, after_length, contents, length);
  }

  /* The same file elsewhere opens. */
  other = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (other);
  g_assert_cmpint (g_unlink (inside), ==, 0);
}

static void
test_wrong_passphrase (CdTestCase    *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(CdCaseInfo) info = NULL;

  g_clear_object (&fixture->store);
  store = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_is_locked (store));

  g_assert_false (cd_store_unlock (store, "wrong", &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (cd_store_is_locked (store));

  list = cd_store_list_customers (store, &error);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED);
  g_assert_null (list);
  g_clear_error (&error);

  /* Metadata needs no key. */
  info = cd_store_get_case_info (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);

  g_assert_true (cd_store_unlock (store, CD_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  cd_store_lock (store);
  g_assert_true (cd_store_is_locked (store));
}

static void
test_open_bad_files (CdTestCase    *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_build_filename (fixture->dir, "notes.closurecase", NULL);
  g_autofree char *plain_db = g_build_filename (fixture->dir, "other.sqlite", NULL);
  g_autofree char *truncated = g_build_filename (fixture->dir, "cut.closurecase", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.closurecase", NULL);
  g_autofree char *sum_before = NULL;
  g_autofree char *sum_after = NULL;
  g_autofree char *contents = NULL;
  CdStore *store;
  gsize len;

  g_assert_true (g_file_set_contents (text, "这不是案件文件\n", -1, NULL));
  store = cd_store_open (text, &error);
  g_assert_null (store);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE);
  g_clear_error (&error);

  store = cd_store_open (missing, &error);
  g_assert_null (store);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  cd_test_sql_exec (plain_db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  sum_before = file_checksum (plain_db);
  store = cd_store_open (plain_db, &error);
  g_assert_null (store);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE);
  g_clear_error (&error);
  sum_after = file_checksum (plain_db);
  g_assert_cmpstr (sum_before, ==, sum_after);

  /* A case cut in half, as by an interrupted copy to a USB stick. */
  g_object_unref (g_steal_pointer (&fixture->store));
  g_assert_true (g_file_get_contents (fixture->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  g_assert_true (g_file_set_contents (truncated, contents, len / 2, NULL));
  g_clear_pointer (&sum_before, g_free);
  g_clear_pointer (&sum_after, g_free);
  sum_before = file_checksum (truncated);
  store = cd_store_open (truncated, &error);
  g_assert_null (store);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT);
  g_clear_error (&error);
  sum_after = file_checksum (truncated);
  g_assert_cmpstr (sum_before, ==, sum_after);

  /* An empty file is not a case either. */
  g_assert_true (g_file_set_contents (truncated, "", 0, NULL));
  store = cd_store_open (truncated, &error);
  g_assert_null (store);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE);
}

static void
test_open_newer (CdTestCase    *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CdStore *store;

  g_clear_object (&fixture->store);
  cd_test_sql_exec (fixture->path, "PRAGMA user_version = 99;");
  before = file_checksum (fixture->path);

  store = cd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));

  after = file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_open_read_only (CdTestCase    *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CdStore *store;

  g_clear_object (&fixture->store);
  before = file_checksum (fixture->path);
  g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);

  store = cd_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_READ_ONLY);

  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  after = file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_open_busy (CdTestCase    *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CdStore *second;

  second = cd_store_open (fixture->path, &error);
  g_assert_null (second);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* Closing releases the case. */
  g_clear_object (&fixture->store);
  second = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_object_unref (second);
}

static void
test_sealed_not_in_file (CdTestCase    *fixture,
                         gconstpointer  data)
{
  static const char * const planted[] = {
    "张三丰", "13812345678", "138", "110101200001019998", "zhangsan@example.com",
    "北京市朝阳区建国路88号", "曾在咨询时提过青霉素过敏", "李清算", "13900001111",
    "D:/客户资料/张三丰合同", "欧阳娜娜", "15900002222", "310115201012318889",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCustomer) c1 = make_customer ("张三丰", "+86 138-1234-5678", "110101200001019998");
  g_autoptr(CdCustomer) c2 = make_customer ("欧阳娜娜", "15900002222", "310115201012318889");
  g_autoptr(CdMember) member = cd_member_new ("李清算", CD_MEMBER_ROLE_HEAD);
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  cd_customer_set_email (c1, "ZhangSan@Example.com");
  cd_customer_set_address (c1, "北京市朝阳区建国路88号");
  cd_customer_set_notes (c1, "曾在咨询时提过青霉素过敏");
  g_assert_true (cd_store_add_customer (fixture->store, c1, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_add_customer (fixture->store, c2, &error));
  g_assert_no_error (error);

  cd_member_set_phone (member, "13900001111");
  g_assert_true (cd_store_add_member (fixture->store, member, &error));
  g_assert_no_error (error);

  cd_asset_set_location (asset, "D:/客户资料/张三丰合同");
  cd_asset_set_medium (asset, CD_MEDIUM_PC);
  cd_asset_set_notes (asset, "欧阳娜娜 15900002222");
  g_assert_true (cd_store_add_asset (fixture->store, asset, &error));
  g_assert_no_error (error);

  /* Values round-trip, normalised. */
  {
    g_autoptr(CdCustomer) back = cd_store_get_customer (fixture->store, cd_customer_get_id (c1),
                                                        &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cd_customer_get_name (back), ==, "张三丰");
    g_assert_cmpstr (cd_customer_get_phone (back), ==, "13812345678");
    g_assert_cmpstr (cd_customer_get_email (back), ==, "ZhangSan@example.com");
    g_assert_cmpstr (cd_customer_get_notes (back), ==, "曾在咨询时提过青霉素过敏");
  }

  /* Check both with the WAL still there and after checkpointing on close. */
  for (guint round = 0; round < 2; round++)
    {
      if (round == 1)
        g_clear_object (&fixture->store);

      for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
        {
          if (strlen (planted[i]) < 6)
            continue;
          g_assert_false (cd_test_file_contains (fixture->path, planted[i], strlen (planted[i])));
          if (g_file_test (wal, G_FILE_TEST_EXISTS))
            g_assert_false (cd_test_file_contains (wal, planted[i], strlen (planted[i])));
        }
      g_assert_false (cd_test_file_contains (fixture->path, "ZhangSan", 8));
      g_assert_false (cd_test_file_contains (fixture->path, "example.com", 11));
    }
}

static void
test_customers (CdTestCase    *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCustomer) a = make_customer ("张三", "13812345678", "11010519491231002x");
  g_autoptr(CdCustomer) dup = make_customer ("张三", "138 1234 5678", "11010519491231002X");
  g_autoptr(CdCustomer) bad = make_customer ("李四", NULL, "110105194912310021");
  g_autoptr(CdCustomer) found = NULL;
  g_autoptr(CdCustomer) enterprise = cd_customer_new (CD_CUSTOMER_KIND_ENTERPRISE);
  g_autoptr(GListModel) list = NULL;
  const char *ids[2] = { NULL, NULL };

  g_assert_true (cd_store_add_customer (fixture->store, a, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cd_customer_get_id_number (a), ==, "11010519491231002X");
  g_assert_nonnull (cd_customer_get_id (a));

  g_assert_false (cd_store_add_customer (fixture->store, dup, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_assert_false (cd_store_add_customer (fixture->store, bad, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  /* The message explains, without repeating the number. */
  g_assert_null (strstr (error->message, "110105194912310021"));
  g_clear_error (&error);

  cd_customer_set_name (enterprise, "深圳示例科技有限公司");
  cd_customer_set_id_number (enterprise, "91440300MA5GXY7K1H");
  g_assert_true (cd_store_add_customer (fixture->store, enterprise, &error));
  g_assert_no_error (error);

  found = cd_store_find_customer (fixture->store, NULL, "+86 13812345678", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (cd_customer_get_id (found), ==, cd_customer_get_id (a));
  g_clear_object (&found);

  found = cd_store_find_customer (fixture->store, "11010519491231002x", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_clear_object (&found);

  found = cd_store_find_customer (fixture->store, NULL, "13900000000", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);

  list = cd_store_list_customers (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  cd_customer_set_address (a, "上海市浦东新区");
  g_assert_true (cd_store_update_customer (fixture->store, a, &error));
  g_assert_no_error (error);

  ids[0] = cd_customer_get_id (a);
  g_assert_true (cd_store_delete_customers (fixture->store, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_store_count_customers (fixture->store, NULL), ==, 1);

  /* Deleting something that is not there deletes nothing. */
  {
    const char *two[] = { cd_customer_get_id (enterprise), "no-such-id", NULL };

    g_assert_false (cd_store_delete_customers (fixture->store, two, &error));
    g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
    g_assert_cmpint (cd_store_count_customers (fixture->store, NULL), ==, 1);
  }
}

static void
test_import_atomic (CdTestCase    *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) audit = NULL;
  guint added = 0, duplicates = 0;
  CdAuditReport report;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = cd_test_resident_id (i);
      g_autofree char *phone = cd_test_mobile (i);
      g_autofree char *name = g_strdup_printf ("客户%u", i);

      g_ptr_array_add (batch, make_customer (name, phone, id));
    }
  /* The same person twice in one file is imported once. */
  g_ptr_array_add (batch, make_customer ("客户0", NULL, cd_customer_get_id_number (batch->pdata[0])));

  g_assert_true (cd_store_import_customers (fixture->store, batch, "/tmp/客户名单.csv",
                                            &added, &duplicates, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 50);
  g_assert_cmpuint (duplicates, ==, 1);

  /* A second batch with one invalid row leaves the case as it was. */
  g_ptr_array_set_size (batch, 0);
  for (guint i = 100; i < 110; i++)
    {
      g_autofree char *id = cd_test_resident_id (i);
      g_autofree char *name = g_strdup_printf ("客户%u", i);

      g_ptr_array_add (batch, make_customer (name, NULL, id));
    }
  cd_customer_set_phone (batch->pdata[7], "12345");
  g_assert_false (cd_store_import_customers (fixture->store, batch, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "8"));
  g_clear_error (&error);
  g_assert_cmpint (cd_store_count_customers (fixture->store, NULL), ==, 50);

  audit = cd_store_list_audit (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  g_assert_cmpstr (((CdAuditEntry *) audit->pdata[1])->action, ==, "customers.import");
  g_assert_nonnull (strstr (((CdAuditEntry *) audit->pdata[1])->details, "\"added\":50"));
  g_assert_null (strstr (((CdAuditEntry *) audit->pdata[1])->details, "/tmp"));

  g_assert_true (cd_store_verify_audit (fixture->store, &report, &error));
  g_assert_cmpint (report.problem, ==, CD_AUDIT_OK);
}

static void
test_assets (CdTestCase    *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(CdAsset) back = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  const char *ids[2] = { NULL, NULL };

  g_assert_false (cd_store_add_asset (fixture->store, asset, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (cd_asset_get_id (asset));

  cd_asset_set_location (asset, "财务室文件柜 3 号");
  cd_asset_set_medium (asset, CD_MEDIUM_PAPER);
  cd_asset_set_record_type (asset, CD_RECORD_TYPE_CONTRACT);
  cd_asset_set_format (asset, "纸质合同");
  cd_asset_set_records (asset, 412);
  cd_asset_set_customers (asset, 388);
  cd_asset_set_custodian (asset, "行政部 周敏");
  g_assert_true (cd_store_add_asset (fixture->store, asset, &error));
  g_assert_no_error (error);

  back = cd_store_get_asset (fixture->store, cd_asset_get_id (asset), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_asset_get_location (back), ==, "财务室文件柜 3 号");
  g_assert_cmpint (cd_asset_get_medium (back), ==, CD_MEDIUM_PAPER);
  g_assert_cmpint (cd_asset_get_record_type (back), ==, CD_RECORD_TYPE_CONTRACT);
  g_assert_cmpint (cd_asset_get_records (back), ==, 412);

  cd_asset_set_records (back, 420);
  g_assert_true (cd_store_update_asset (fixture->store, back, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 20; i++)
    {
      CdAsset *a = cd_asset_new ();
      g_autofree char *loc = g_strdup_printf ("\\\\fileserver\\客户\\%u", i);

      cd_asset_set_location (a, loc);
      cd_asset_set_medium (a, CD_MEDIUM_SERVER);
      g_ptr_array_add (batch, a);
    }
  g_assert_true (cd_store_import_assets (fixture->store, batch, "assets.csv", &error));
  g_assert_no_error (error);

  list = cd_store_list_assets (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 21);
  {
    g_autoptr(CdAsset) first = g_list_model_get_item (list, 0);
    g_assert_cmpint (cd_asset_get_records (first), ==, 420);
  }

  ids[0] = cd_asset_get_id (asset);
  g_assert_true (cd_store_delete_assets (fixture->store, ids, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_store_count_assets (fixture->store, NULL), ==, 20);
}

static void
test_passwd (CdTestCase    *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCustomer) c = make_customer ("王五", "13700001234", "510107198802291230");
  g_autoptr(CdMember) m = cd_member_new ("赵律师", CD_MEMBER_ROLE_LEGAL);
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(CdCustomer) found = NULL;
  g_autoptr(GListModel) members = NULL;
  g_autoptr(CdStore) store = NULL;
  CdKdfParams params;
  CdAuditReport report;

  cd_kdf_params_init_fast (&params);
  g_assert_true (cd_store_add_customer (fixture->store, c, &error));
  g_assert_true (cd_store_add_member (fixture->store, m, &error));
  cd_asset_set_location (asset, "王五的录音");
  cd_asset_set_medium (asset, CD_MEDIUM_VOICE_RECORDER);
  g_assert_true (cd_store_add_asset (fixture->store, asset, &error));
  g_assert_no_error (error);

  g_assert_false (cd_store_change_passphrase (fixture->store, "not it", "new secret", &params,
                                              &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (cd_store_change_passphrase (fixture->store, CD_TEST_PASSPHRASE, "新的口令 2026",
                                             &params, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);

  store = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (cd_store_unlock (store, CD_TEST_PASSPHRASE, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (cd_store_unlock (store, "新的口令 2026", &error));
  g_assert_no_error (error);

  found = cd_store_find_customer (store, "510107198802291230", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (cd_customer_get_name (found), ==, "王五");

  members = cd_store_list_members (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 1);
  {
    g_autoptr(CdAsset) a = cd_store_get_asset (store, cd_asset_get_id (asset), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cd_asset_get_location (a), ==, "王五的录音");
  }

  g_assert_true (cd_store_verify_audit (store, &report, &error));
  g_assert_cmpint (report.problem, ==, CD_AUDIT_OK);
}

static void
test_case_info_update (CdTestCase    *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (fixture->store, &error);
  g_autoptr(CdCaseInfo) back = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  CdAuditEntry *last;

  cd_case_info_set_route (info, CD_ROUTE_SIMPLIFIED);
  cd_case_info_set_announced (info, "2026-10-08");
  cd_case_info_set_planned_deregistration (info, "2026-12-31");
  g_assert_true (cd_store_update_case_info (fixture->store, info, &error));
  g_assert_no_error (error);

  back = cd_store_get_case_info (fixture->store, &error);
  g_assert_cmpint (cd_case_info_get_route (back), ==, CD_ROUTE_SIMPLIFIED);
  g_assert_cmpstr (cd_case_info_get_announced (back), ==, "2026-10-08");

  audit = cd_store_list_audit (fixture->store, &error);
  last = g_ptr_array_index (audit, audit->len - 1);
  g_assert_cmpstr (last->action, ==, "case.update");
  g_assert_nonnull (strstr (last->details, "announced"));
  g_assert_null (strstr (last->details, "company-name"));

  cd_case_info_set_announced (info, "tomorrow");
  g_assert_false (cd_store_update_case_info (fixture->store, info, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Dates out of their legal order are refused and nothing is saved. */
  cd_case_info_set_announced (info, "2026-10-08");
  cd_case_info_set_planned_deregistration (info, "2026-09-30");
  g_assert_false (cd_store_update_case_info (fixture->store, info, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  cd_case_info_set_planned_deregistration (info, "2026-12-31");
  cd_case_info_set_group_filed (info, "2026-10-09");
  g_assert_false (cd_store_update_case_info (fixture->store, info, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_object (&back);
  back = cd_store_get_case_info (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (cd_case_info_get_group_filed (back));
  g_assert_cmpstr (cd_case_info_get_planned_deregistration (back), ==, "2026-12-31");
}

static void
count_cb (CdStore *store,
          guint   *count)
{
  (*count)++;
}

static void
notify_cb (CdStore    *store,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_signals (CdTestCase    *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(CdAsset) bad = cd_asset_new ();
  guint assets_changed = 0, customers_changed = 0, locked = 0;

  g_signal_connect (fixture->store, "changed::assets", G_CALLBACK (count_cb), &assets_changed);
  g_signal_connect (fixture->store, "changed::customers", G_CALLBACK (count_cb),
                    &customers_changed);
  g_signal_connect (fixture->store, "notify::locked", G_CALLBACK (notify_cb), &locked);

  cd_asset_set_location (asset, "前台");
  g_assert_true (cd_store_add_asset (fixture->store, asset, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (assets_changed, ==, 1);
  g_assert_cmpuint (customers_changed, ==, 0);

  /* A failed change announces nothing. */
  g_assert_false (cd_store_add_asset (fixture->store, bad, &error));
  g_clear_error (&error);
  g_assert_cmpuint (assets_changed, ==, 1);

  cd_store_lock (fixture->store);
  cd_store_lock (fixture->store);
  g_assert_cmpuint (locked, ==, 1);
  g_assert_true (cd_store_unlock (fixture->store, CD_TEST_PASSPHRASE, &error));
  g_assert_cmpuint (locked, ==, 2);
}

/* Changing the passphrase in a worker thread, as the GUI does: a lock asked
 * for meanwhile waits for it, and the "changed" signals reach the thread
 * that opened the case through its main context, never the worker. */
typedef struct
{
  CdStore  *store;
  gboolean  ok;
  gboolean  started;
  GMutex    mutex;
  GCond     cond;
} PasswdThread;

static gpointer
passwd_thread (gpointer data)
{
  PasswdThread *t = data;
  CdKdfParams params;

  /* The default Argon2id takes long enough for the main thread to act. */
  cd_kdf_params_init_default (&params);
  g_mutex_lock (&t->mutex);
  t->started = TRUE;
  g_cond_signal (&t->cond);
  g_mutex_unlock (&t->mutex);
  t->ok = cd_store_change_passphrase (t->store, CD_TEST_PASSPHRASE, "worker passphrase", &params, NULL);
  return NULL;
}

static void
record_thread (CdStore  *store,
               GThread **thread)
{
  *thread = g_thread_self ();
}

static void
test_passwd_in_thread (CdTestCase    *fixture,
                       gconstpointer  data)
{
  PasswdThread t = { fixture->store, FALSE, FALSE, };
  GThread *signal_thread = NULL;
  GThread *worker;

  g_mutex_init (&t.mutex);
  g_cond_init (&t.cond);
  g_signal_connect (fixture->store, "changed::audit", G_CALLBACK (record_thread), &signal_thread);

  worker = g_thread_new ("passwd", passwd_thread, &t);
  g_mutex_lock (&t.mutex);
  while (!t.started)
    g_cond_wait (&t.cond, &t.mutex);
  g_mutex_unlock (&t.mutex);
  while (!cd_store_is_busy (fixture->store) && !t.ok)
    g_usleep (1000);

  /* Locking now would free the key the worker is using: it is deferred. */
  cd_store_lock (fixture->store);
  if (cd_store_is_locked (fixture->store))
    {
      /* The worker finished between the two calls: nothing to defer. */
      g_thread_join (worker);
      g_test_skip ("the passphrase change ended before the lock");
      g_mutex_clear (&t.mutex);
      g_cond_clear (&t.cond);
      return;
    }
  g_thread_join (worker);
  g_assert_true (t.ok);
  g_assert_false (cd_store_is_busy (fixture->store));
  g_assert_null (signal_thread);
  g_assert_false (cd_store_is_locked (fixture->store));

  /* The owner's main loop delivers the signal, then the lock. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (signal_thread == g_thread_self ());
  g_assert_true (cd_store_is_locked (fixture->store));
  g_assert_true (cd_store_unlock (fixture->store, "worker passphrase", NULL));

  g_mutex_clear (&t.mutex);
  g_cond_clear (&t.cond);
}

/* A case created on a worker and handed over, as the new-case dialog does,
 * then unlocked on a worker, as the unlock dialog does, and the thread
 * pool may well pick the very thread that created the case: once adopted,
 * "notify::locked" reaches the adopting thread through its main context
 * and never runs on the worker. */
typedef struct
{
  char     *path;
  CdStore  *store;
  gboolean  created;
  gboolean  go;
  gboolean  ok;
  GMutex    mutex;
  GCond     cond;
} HandOver;

static gpointer
hand_over_thread (gpointer data)
{
  HandOver *h = data;
  g_autoptr(GError) error = NULL;

  h->store = cd_test_create_case (h->path, &error);
  g_assert_no_error (error);

  g_mutex_lock (&h->mutex);
  h->created = TRUE;
  g_cond_signal (&h->cond);
  while (!h->go)
    g_cond_wait (&h->cond, &h->mutex);
  g_mutex_unlock (&h->mutex);

  h->ok = cd_store_unlock (h->store, CD_TEST_PASSPHRASE, NULL);
  return NULL;
}

static void
record_notify_thread (CdStore     *store,
                      GParamSpec  *pspec,
                      GThread    **thread)
{
  *thread = g_thread_self ();
}

static void
test_adopt (CdTestCase    *fixture,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "handed-over.closurecase", NULL);
  HandOver h = { path, NULL, FALSE, FALSE, FALSE, };
  GThread *notify_thread = NULL;
  GThread *worker;

  g_mutex_init (&h.mutex);
  g_cond_init (&h.cond);
  worker = g_thread_new ("hand-over", hand_over_thread, &h);
  g_mutex_lock (&h.mutex);
  while (!h.created)
    g_cond_wait (&h.cond, &h.mutex);
  g_mutex_unlock (&h.mutex);
  g_assert_nonnull (h.store);

  cd_store_adopt (h.store);
  g_signal_connect (h.store, "notify::locked", G_CALLBACK (record_notify_thread), &notify_thread);
  cd_store_lock (h.store);
  g_assert_true (notify_thread == g_thread_self ());
  notify_thread = NULL;

  /* The creating thread unlocks it. */
  g_mutex_lock (&h.mutex);
  h.go = TRUE;
  g_cond_signal (&h.cond);
  g_mutex_unlock (&h.mutex);
  g_thread_join (worker);
  g_assert_true (h.ok);
  g_assert_false (cd_store_is_locked (h.store));
  g_assert_null (notify_thread);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (notify_thread == g_thread_self ());

  g_object_unref (h.store);
  g_mutex_clear (&h.mutex);
  g_cond_clear (&h.cond);
}

/* One case, two threads writing at once (a worker and the GUI thread):
 * every write lands, each in its own transaction, and the file is sound. */
typedef struct
{
  CdStore  *store;
  guint     n;
  guint     failed;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < w->n; i++)
    {
      g_autoptr(CdAsset) asset = cd_asset_new ();
      g_autofree char *location = g_strdup_printf ("worker %u", i);

      cd_asset_set_location (asset, location);
      if (!cd_store_add_asset (w->store, asset, NULL))
        w->failed++;
      /* A read on the same connection meanwhile. */
      if (cd_store_count_assets (w->store, NULL) < 0)
        w->failed++;
    }
  return NULL;
}

static void
test_threads_write (CdTestCase    *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) reopened = NULL;
  Writer worker = { fixture->store, 150, 0 };
  Writer here = { fixture->store, 150, 0 };
  CdAuditReport audit;
  gint64 before;
  GThread *thread;

  before = cd_store_count_assets (fixture->store, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("writer", writer_thread, &worker);
  writer_thread (&here);
  g_thread_join (thread);
  g_assert_cmpuint (worker.failed, ==, 0);
  g_assert_cmpuint (here.failed, ==, 0);
  g_assert_cmpint (cd_store_count_assets (fixture->store, &error), ==, before + 300);
  g_assert_no_error (error);
  g_assert_true (cd_store_verify_audit (fixture->store, &audit, &error));
  g_assert_no_error (error);
  g_assert_cmpint (audit.first_bad_seq, ==, 0);

  /* The worker's announcements hold the store until delivered. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->store);
  reopened = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cd_store_count_assets (reopened, &error), ==, before + 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, CdTestCase, NULL, cd_test_case_setup, func, cd_test_case_teardown)

  ADD ("/store/create/basic", test_create_basic);
  ADD ("/store/create/refuses", test_create_refuses);
  ADD ("/store/create/document-portal", test_document_portal);
  ADD ("/store/open/wrong-passphrase", test_wrong_passphrase);
  ADD ("/store/open/bad-files", test_open_bad_files);
  ADD ("/store/open/newer-schema", test_open_newer);
  ADD ("/store/open/read-only", test_open_read_only);
  ADD ("/store/open/busy", test_open_busy);
  ADD ("/store/seal/not-in-file", test_sealed_not_in_file);
  ADD ("/store/customers/basic", test_customers);
  ADD ("/store/customers/import-atomic", test_import_atomic);
  ADD ("/store/assets/basic", test_assets);
  ADD ("/store/passwd", test_passwd);
  ADD ("/store/passwd/in-thread", test_passwd_in_thread);
  ADD ("/store/case-info/update", test_case_info_update);
  ADD ("/store/signals", test_signals);
  ADD ("/store/adopt", test_adopt);
  ADD ("/store/threads-write", test_threads_write);

  return g_test_run ();
}
