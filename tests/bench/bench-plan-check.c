/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the plan check at the size of a large closing company:
 * 100,000 assets with a plan each (and 100,000 customers in the case),
 * against the same checks written as one SQL query in the sqlite3 shell,
 * what a technical consultant would otherwise run. Target: ≤ 200 ms for
 * reading the plans and checking them. Run on demand only:
 * build-aux/dev bench plan. */

#include "config.h"

#include <sys/resource.h>

#include "cd-test-util.h"

static guint n_assets = 100000;
static guint n_customers = 100000;

static GOptionEntry entries[] = {
  { "assets", 'a', 0, G_OPTION_ARG_INT, &n_assets, "Number of assets", "N" },
  { "customers", 'c', 0, G_OPTION_ARG_INT, &n_customers, "Number of customers", "N" },
  { NULL }
};

/* A plausible mix: most decided, some with each kind of problem. */
static CdAssetPlan *
make_plan (const char *asset_id,
           guint       i)
{
  CdAssetPlan *plan = cd_asset_plan_new (asset_id);

  plan->categories = CD_CATEGORY_GENERAL;
  switch (i % 10)
    {
    case 0:
      plan->disposition = CD_DISPOSITION_UNDECIDED;
      break;
    case 1:
    case 2:
      plan->categories |= CD_CATEGORY_FINANCIAL;
      plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
      plan->rule_id = g_strdup ("accounting-vouchers-30y");
      plan->retain_until = g_strdup (i % 20 == 1 ? "2025-12-31" : "2057-12-31");
      break;
    case 3:
      plan->disposition = CD_DISPOSITION_TRANSFER;
      plan->recipient = g_strdup ("承继方");
      plan->agreement_signed = i % 3 == 0;
      break;
    case 4:
      plan->suggested = CD_CATEGORY_FINANCIAL;
      plan->disposition = CD_DISPOSITION_DESTROY;
      break;
    default:
      plan->disposition = CD_DISPOSITION_DESTROY;
      break;
    }
  return plan;
}

static double
sqlite3_seconds (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *out = NULL;
  int status = 0;
  /* The same rules as cd_plan_check(), as far as SQL can say them
   * without the case key (recipients are sealed: only "is there one"). */
  const char *sql =
    "SELECT p.asset, CASE"
    " WHEN p.disposition = 'undecided' THEN 'undecided'"
    " WHEN p.personal_destination THEN 'personal-destination'"
    " WHEN p.disposition IN ('encrypt_retain', 'deidentify_retain') AND (p.categories & 254) != 0"
    "      AND p.disposition != 'encrypt_retain' THEN 'sensitive-unencrypted'"
    " WHEN p.disposition IN ('encrypt_retain', 'deidentify_retain') AND p.retain_until < date('now')"
    "      THEN 'retention-over'"
    " WHEN p.disposition = 'transfer' AND (p.recipient IS NULL OR p.recipient_contact IS NULL"
    "      OR NOT p.agreement_signed OR NOT p.recipient_vetted) THEN 'transfer'"
    " END AS problem FROM assets a LEFT JOIN asset_plans p ON p.asset = a.id"
    " WHERE problem IS NOT NULL;";
  const char *argv[] = { "sqlite3", path, sql, NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("sqlite3 baseline failed: %s\n", error->message);
      return -1;
    }
  return g_timer_elapsed (timer, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- plan check benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GString) csv = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  CdKdfParams params;
  CdStore *store;
  GDate today;
  double t_read, t_check, t_best = G_MAXDOUBLE, t_sql;
  guint added = 0, duplicates = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  dir = g_dir_make_tmp ("cd-bench-plan-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.closurecase", NULL);
  cd_kdf_params_init_fast (&params);
  cd_case_info_set_company_name (info, "基准测试有限公司");
  store = cd_store_create (path, "bench passphrase", &params, info, "bench", &error);
  g_assert_no_error (error);

  csv = cd_test_customers_csv (n_customers);
  customers = cd_customers_from_csv (csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_import_customers (store, customers, NULL, &added, &duplicates, &error));
  g_assert_no_error (error);
  assets = cd_test_make_assets (n_assets);
  g_assert_true (cd_store_import_assets (store, assets, NULL, &error));
  g_assert_no_error (error);

  listed = cd_store_list_assets (store, &error);
  g_assert_no_error (error);
  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (listed, i);

      g_ptr_array_add (plans, make_plan (cd_asset_get_id (asset), i));
    }
  g_assert_true (cd_store_set_asset_plans (store, plans, &error));
  g_assert_no_error (error);
  g_clear_pointer (&plans, g_ptr_array_unref);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 2, 12, 2026);

  /* Best of three: read every plan from the case and check them. */
  for (int run = 0; run < 3; run++)
    {
      g_clear_pointer (&plans, g_ptr_array_unref);
      g_clear_pointer (&problems, g_ptr_array_unref);
      g_timer_start (timer);
      plans = cd_store_list_asset_plans (store, &error);
      g_assert_no_error (error);
      t_read = g_timer_elapsed (timer, NULL);
      problems = cd_plan_check_case (store, plans, &today, &error);
      g_assert_no_error (error);
      t_check = g_timer_elapsed (timer, NULL) - t_read;
      t_best = MIN (t_best, t_read + t_check);
    }
  g_object_unref (store);
  t_sql = sqlite3_seconds (path);

  g_print ("Closure Desk plan check benchmark (%u assets, %u customers in the case)\n", n_assets, n_customers);
  g_print ("  read the plans from the case            %8.1f ms\n", t_read * 1000);
  g_print ("  check them                               %8.1f ms\n", t_check * 1000);
  g_print ("  read + check, best of 3                  %8.1f ms   target <= 200 ms  %s\n",
           t_best * 1000, t_best <= 0.2 ? "met" : "MISSED");
  g_print ("  problems: %u (%u errors)\n", problems->len, cd_plan_count_errors (problems));
  if (t_sql > 0)
    g_print ("  the same checks in the sqlite3 shell     %8.1f ms   ratio %.2fx\n", t_sql * 1000, t_best / t_sql);

  cd_test_rm_rf (dir);
  return t_best <= 0.2 ? 0 : 1;
}
