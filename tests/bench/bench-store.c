/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the case file at the scale of a large closure: 100,000
 * customers and 100,000 assets through the public API, against the plain
 * `sqlite3 .import` a consultant's IT person would otherwise use (no
 * sealing, no validation, no audit). Run on demand: build-aux/dev bench. */

#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cd-test-util.h"

static guint n_customers = 100000;
static guint n_assets = 100000;

static GOptionEntry entries[] = {
  { "customers", 'c', 0, G_OPTION_ARG_INT, &n_customers, "Number of customers", "N" },
  { "assets", 'a', 0, G_OPTION_ARG_INT, &n_assets, "Number of assets", "N" },
  { NULL }
};

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static gint64
file_size (const char *path)
{
  struct stat st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* The baseline: the same CSV into a plain table with the sqlite3 shell. */
static double
sqlite3_import_seconds (const char *dir,
                        const char *csv_path)
{
  g_autofree char *db = g_build_filename (dir, "baseline.sqlite", NULL);
  g_autofree char *import = g_strdup_printf (".import --csv --skip 1 '%s' customers", csv_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  int status = 0;
  const char *argv[] = {
    "sqlite3", db,
    "CREATE TABLE customers (kind, name, phone, id_number, email, address, notes);",
    import, NULL
  };

  timer = g_timer_new ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
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
  g_autoptr(GOptionContext) context = g_option_context_new ("- case file benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *csv_path = NULL;
  g_autoptr(GString) csv = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  CdStore *store;
  guint added = 0, duplicates = 0;
  double t_customers, t_assets, t_unlock, t_open_list, t_baseline;
  double t_parse;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  dir = g_dir_make_tmp ("cd-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.closurecase", NULL);
  csv_path = g_build_filename (dir, "customers.csv", NULL);

  csv = cd_test_customers_csv (n_customers);
  g_assert_true (g_file_set_contents (csv_path, csv->str, csv->len, NULL));

  cd_case_info_set_company_name (info, "基准测试有限公司");
  store = cd_store_create (path, "bench passphrase", NULL, info, "bench", &error);   /* default Argon2id */
  g_assert_no_error (error);

  /* Customers: parse + validate + seal + blind-index + insert + audit. */
  g_timer_start (timer);
  customers = cd_customers_from_csv (csv->str, csv->len, &error);
  g_assert_no_error (error);
  t_parse = g_timer_elapsed (timer, NULL);
  g_assert_true (cd_store_import_customers (store, customers, csv_path, &added, &duplicates, &error));
  g_assert_no_error (error);
  t_customers = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (added, ==, n_customers);
  g_clear_pointer (&customers, g_ptr_array_unref);

  assets = cd_test_make_assets (n_assets);
  g_timer_start (timer);
  g_assert_true (cd_store_import_assets (store, assets, NULL, &error));
  g_assert_no_error (error);
  t_assets = g_timer_elapsed (timer, NULL);
  g_clear_pointer (&assets, g_ptr_array_unref);

  g_object_unref (store);

  /* Open, unlock (one Argon2id derivation) and list every asset. */
  g_timer_start (timer);
  store = cd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_unlock (store, "bench passphrase", &error));
  g_assert_no_error (error);
  t_unlock = g_timer_elapsed (timer, NULL);
  listed = cd_store_list_assets (store, &error);
  g_assert_no_error (error);
  t_open_list = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, n_assets);
  g_clear_object (&listed);
  g_object_unref (store);

  t_baseline = sqlite3_import_seconds (dir, csv_path);

  g_print ("Closure Desk case-file benchmark (%u customers, %u assets)\n", n_customers, n_assets);
  g_print ("  import customers (parse %.2f s + validate/seal/index/insert)  %6.2f s   target <= 10 s  %s\n",
           t_parse, t_customers, t_customers <= 10 ? "met" : "MISSED");
  g_print ("  import assets                                               %6.2f s\n", t_assets);
  g_print ("  open + unlock (Argon2id 64 MiB, 3 passes)                   %6.2f s\n", t_unlock);
  g_print ("  open + unlock + list all assets                             %6.2f s   target <= 1 s   %s\n",
           t_open_list, t_open_list <= 1 ? "met" : "MISSED");
  g_print ("  case file size                                              %6.1f MiB\n",
           file_size (path) / 1048576.0);
  g_print ("  peak RSS                                                    %6.1f MiB  target <= 200 MiB %s\n",
           peak_rss_mib (), peak_rss_mib () <= 200 ? "met" : "MISSED");
  if (t_baseline > 0)
    g_print ("  sqlite3 .import of the same CSV (plain, unsealed)           %6.2f s   ratio %.1fx\n",
             t_baseline, t_customers / t_baseline);

  cd_test_rm_rf (dir);
  return 0;
}
