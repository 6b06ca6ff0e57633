/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo case is complete, valid, the same every time, and its personal
 * data is sealed like any other case's. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-test-util.h"

static CdStore *
make_demo (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  CdKdfParams params;
  CdStore *store;

  cd_kdf_params_init_fast (&params);
  store = cd_demo_create (path, &params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
test_contents (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-demo-XXXXXX", &error);
  g_autoptr(CdStore) store = make_demo (dir, "demo.closurecase");
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GListModel) members = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GListModel) customers = NULL;
  guint enterprises = 0, media[CD_N_MEDIA] = { 0 };
  CdAuditReport report;

  info = cd_store_get_case_info (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_case_info_get_company_name (info), ==, "示例餐饮管理有限公司");
  g_assert_true (cd_ident_check_uscc (cd_case_info_get_uscc (info), NULL, NULL));
  g_assert_true (cd_case_info_validate (info, &error));

  members = cd_store_list_members (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 4);

  assets = cd_store_list_assets (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (assets), >=, 50);
  g_assert_cmpuint (g_list_model_get_n_items (assets), <=, 70);
  for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      media[cd_asset_get_medium (asset)]++;
    }
  /* Servers, laptops, chat exports, cloud drives, recorders and paper. */
  for (guint m = 0; m < CD_N_MEDIA; m++)
    if (m != CD_MEDIUM_OTHER)
      g_assert_cmpuint (media[m], >, 0);

  customers = cd_store_list_customers (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (customers), ==, CD_DEMO_N_CUSTOMERS);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);
      const char *id = cd_customer_get_id_number (customer);

      if (cd_customer_get_kind (customer) == CD_CUSTOMER_KIND_ENTERPRISE)
        {
          enterprises++;
          g_assert_true (cd_ident_check_uscc (id, NULL, NULL));
        }
      else if (id != NULL)
        g_assert_true (cd_ident_check_resident_id (id, NULL, NULL));
      g_assert_nonnull (cd_customer_get_phone (customer));
    }
  g_assert_cmpuint (enterprises, ==, CD_DEMO_N_CUSTOMERS / 20);

  g_assert_true (cd_store_verify_audit (store, &report, &error));
  g_assert_cmpint (report.problem, ==, CD_AUDIT_OK);

  g_clear_object (&store);
  cd_test_rm_rf (dir);
}

static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-demo-XXXXXX", &error);
  g_autoptr(CdStore) a = make_demo (dir, "a.closurecase");
  g_autoptr(CdStore) b = make_demo (dir, "b.closurecase");
  g_autoptr(GListModel) ca = cd_store_list_customers (a, &error);
  g_autoptr(GListModel) cb = cd_store_list_customers (b, &error);
  g_autoptr(GListModel) aa = cd_store_list_assets (a, &error);
  g_autoptr(GListModel) ab = cd_store_list_assets (b, &error);
  g_autoptr(CdCaseInfo) ia = cd_store_get_case_info (a, &error);
  g_autoptr(CdCaseInfo) ib = cd_store_get_case_info (b, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cd_case_info_get_uscc (ia), ==, cd_case_info_get_uscc (ib));
  g_assert_cmpuint (g_list_model_get_n_items (ca), ==, g_list_model_get_n_items (cb));
  for (guint i = 0; i < g_list_model_get_n_items (ca); i++)
    {
      g_autoptr(CdCustomer) x = g_list_model_get_item (ca, i);
      g_autoptr(CdCustomer) y = g_list_model_get_item (cb, i);

      g_assert_cmpstr (cd_customer_get_name (x), ==, cd_customer_get_name (y));
      g_assert_cmpstr (cd_customer_get_phone (x), ==, cd_customer_get_phone (y));
      g_assert_cmpstr (cd_customer_get_id_number (x), ==, cd_customer_get_id_number (y));
    }
  g_assert_cmpuint (g_list_model_get_n_items (aa), ==, g_list_model_get_n_items (ab));
  for (guint i = 0; i < g_list_model_get_n_items (aa); i++)
    {
      g_autoptr(CdAsset) x = g_list_model_get_item (aa, i);
      g_autoptr(CdAsset) y = g_list_model_get_item (ab, i);

      g_assert_cmpstr (cd_asset_get_location (x), ==, cd_asset_get_location (y));
      g_assert_cmpint (cd_asset_get_records (x), ==, cd_asset_get_records (y));
    }

  g_clear_object (&a);
  g_clear_object (&b);
  cd_test_rm_rf (dir);
}

static void
test_sealed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-demo-XXXXXX", &error);
  g_autoptr(CdStore) store = make_demo (dir, "demo.closurecase");
  g_autoptr(GListModel) customers = cd_store_list_customers (store, &error);
  g_autofree char *path = g_strdup (cd_store_get_path (store));

  g_assert_no_error (error);
  g_clear_object (&store);

  /* A sample of identifiers: none is in the file in the clear. */
  for (guint i = 0; i < g_list_model_get_n_items (customers); i += 97)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);
      const char *values[] = {
        cd_customer_get_phone (customer), cd_customer_get_id_number (customer),
        cd_customer_get_email (customer),
      };

      for (guint v = 0; v < G_N_ELEMENTS (values); v++)
        if (values[v] != NULL)
          g_assert_false (cd_test_file_contains (path, values[v], strlen (values[v])));
    }

  cd_test_rm_rf (dir);
}

/* The retention stage: custodians, a vault the stock age tool opens with
 * a custodian's key, a destruction done with a witness, a paper record,
 * a log that verifies with a valid signed checkpoint. */
static void
test_retention (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-demo-XXXXXX", &error);
  g_autofree char *retention = g_build_filename (dir, "retention", NULL);
  g_autofree char *gone = g_build_filename (retention, "静安愚园路店 店长笔记本导出（待销毁）", "订座记录-2025.csv", NULL);
  g_autoptr(CdStore) store = make_demo (dir, "demo.closurecase");
  g_autoptr(GPtrArray) custodians = NULL;
  g_autoptr(GPtrArray) vaults = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) checkpoints = NULL;
  g_autofree char *age = g_find_program_in_path ("age");
  CdAuditReport report;
  CdVaultRecord *vault;
  CdDestroyRun *run;

  g_assert_true (cd_demo_add_retention (store, retention, &error));
  g_assert_no_error (error);

  custodians = cd_store_list_custodians (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custodians->len, ==, 2);
  vaults = cd_store_list_vaults (store, &error);
  g_assert_cmpuint (vaults->len, ==, 1);
  vault = vaults->pdata[0];
  g_assert_cmpstr (vault->state, ==, "kept");
  g_assert_cmpuint (g_strv_length (vault->recipients), ==, 2);
  g_assert_nonnull (vault->retain_until);
  g_assert_true (g_file_test (vault->file, G_FILE_TEST_EXISTS));

  runs = cd_destroy_list_runs (store, &error);
  g_assert_cmpuint (runs->len, ==, 1);
  run = runs->pdata[0];
  g_assert_cmpint (run->state, ==, CD_DESTROY_RUN_COMPLETE);
  g_assert_cmpuint (run->items->len, ==, 2);
  g_assert_cmpstr (run->witness, ==, "陈立华");
  g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));

  records = cd_destroy_list_manual (store, &error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_nonnull (((CdManualDestruction *) records->pdata[0])->asset_id);

  g_assert_true (cd_store_verify_audit (store, &report, &error));
  g_assert_no_error (error);
  checkpoints = cd_store_list_checkpoints (store, &error);
  g_assert_true (g_array_index (checkpoints, CdAuditCheckpoint, checkpoints->len - 1).valid);

  if (age != NULL)
    {
      g_autofree char *key = g_build_filename (retention, "保管人密钥（演示用）", "周律师.agekey", NULL);
      const char *argv[] = { age, "-d", "-i", key, "-o", "/dev/null", vault->file, NULL };
      int status = -1;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                                   &status, &error));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }

  g_clear_object (&store);
  cd_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/demo/contents", test_contents);
  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/sealed", test_sealed);
  g_test_add_func ("/demo/retention", test_retention);

  return g_test_run ();
}
