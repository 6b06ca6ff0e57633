/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of k-anonymity for anonymized exports (issue 5, figures): a
 * table of 1,000,000 rows with five quasi-identifiers (age, sex, region
 * code, date, occupation), generated the same way every time, generalized
 * by a plan (age bands, region prefix, date to month), then k computed by
 * cd_deident_table_compute_k() and, as the baseline a consultant's IT
 * person would use, by `sort | uniq -c | sort -n | head -1` over the same
 * generalized columns written to a TSV file. Prints both times, their
 * ratio and whether the two k agree. Run on demand: build-aux/dev bench plan. */

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "cd-test-util.h"

#define TARGET_SECONDS 3.0
#define RUNS 3

static guint n_rows = 1000000;
static gint64 seed = 20240601;
static guint threshold = CD_DEIDENT_DEFAULT_THRESHOLD;

static GOptionEntry entries[] = {
  { "rows", 'r', 0, G_OPTION_ARG_INT, &n_rows, "Number of rows (default 1000000)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the generated table", "N" },
  { "threshold", 't', 0, G_OPTION_ARG_INT, &threshold, "k threshold (default 5)", "K" },
  { NULL }
};

static const char * const qi_columns[] = { "年龄", "性别", "地区代码", "就诊日期", "职业", NULL };

/* Prefecture-level codes (GB/T 2260) of the cities a restaurant group
 * might serve; the last two digits (district) are drawn at random. */
static const char * const prefectures[] = {
  "4401", "4403", "4406", "4419", "4420", "4404", "1101", "3101",
  "3201", "3205", "3301", "3302", "3501", "3502", "4201", "5101",
};

static const char * const occupations[] = {
  "厨师", "服务员", "收银员", "店长", "会计", "司机", "采购", "保洁",
};

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* The raw table: ages 20-79 as numbers (one in ten as a birth date), sex,
 * six-digit region codes, visit dates in 2023 in the four spellings Chinese
 * spreadsheets use, occupations. Regions are skewed (the first cities far
 * more common), so that some combinations are rare, as in real customer
 * lists, and k is small but above 1. */
static GString *
generate_csv (guint n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) seed);
  GString *csv = g_string_sized_new ((gsize) n * 64);

  g_string_append (csv, "年龄,性别,地区代码,就诊日期,职业,备注\r\n");
  for (guint i = 0; i < n; i++)
    {
      guint age = g_rand_int_range (rand, 20, 80);
      /* Skewed: two in three customers live in the first four cities. */
      guint city = g_rand_int_range (rand, 0, 3) != 0 ? g_rand_int_range (rand, 0, 4)
                   : g_rand_int_range (rand, 0, G_N_ELEMENTS (prefectures));
      guint month = g_rand_int_range (rand, 1, 13);
      guint day = g_rand_int_range (rand, 1, 29);
      guint occupation = g_rand_int_range (rand, 0, G_N_ELEMENTS (occupations));

      /* A birthday before 1 June: exactly @age on the reference day. */
      if (i % 10 == 0)
        g_string_append_printf (csv, "%u-%02u-%02u,", 2024 - age, 1 + month % 5, day);
      else
        g_string_append_printf (csv, "%u,", age);
      g_string_append (csv, g_rand_boolean (rand) ? "男," : "女,");
      g_string_append_printf (csv, "%s%02d,", prefectures[city], g_rand_int_range (rand, 1, 20));
      switch (i % 4)
        {
        case 0:
          g_string_append_printf (csv, "2023-%02u-%02u,", month, day);
          break;
        case 1:
          g_string_append_printf (csv, "2023/%u/%u,", month, day);
          break;
        case 2:
          g_string_append_printf (csv, "2023年%u月%u日,", month, day);
          break;
        default:
          g_string_append_printf (csv, "2023%02u%02u,", month, day);
          break;
        }
      g_string_append_printf (csv, "%s,note %u\r\n", occupations[occupation], i);
    }

  return csv;
}

/* The generalized quasi-identifier columns, one row per line, tab-separated
 * (no generalized value contains a tab or a line break). */
static gboolean
write_tsv (CdDeidentTable  *table,
           const char      *path,
           GError         **error)
{
  const char * const *header = cd_deident_table_get_header (table);
  g_autoptr(GString) tsv = g_string_sized_new ((gsize) cd_deident_table_get_n_rows (table) * 32);
  guint qi[G_N_ELEMENTS (qi_columns) - 1];

  for (guint i = 0; i < G_N_ELEMENTS (qi); i++)
    for (guint c = 0; header[c] != NULL; c++)
      if (strcmp (header[c], qi_columns[i]) == 0)
        qi[i] = c;

  for (guint r = 0; r < cd_deident_table_get_n_rows (table); r++)
    {
      const char * const *row = cd_deident_table_get_row (table, r);

      for (guint i = 0; i < G_N_ELEMENTS (qi); i++)
        {
          if (i > 0)
            g_string_append_c (tsv, '\t');
          g_string_append (tsv, row[qi[i]]);
        }
      g_string_append_c (tsv, '\n');
    }

  return g_file_set_contents (path, tsv->str, (gssize) tsv->len, error);
}

/* `sort | uniq -c | sort -n | head -1`: the smallest class first. */
static double
pipeline_k (const char *tsv_path,
            guint      *out_k)
{
  g_autofree char *quoted = g_shell_quote (tsv_path);
  g_autofree char *script = g_strdup_printf ("LC_ALL=C sort -S 50%% --parallel=2 %s | uniq -c "
                                             "| sort -n | head -1", quoted);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  const char *argv[] = { "/bin/sh", "-c", script, NULL };
  int status = 0;
  double seconds;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("sort | uniq -c pipeline failed: %s\n", error->message);
      return -1;
    }
  seconds = g_timer_elapsed (timer, NULL);
  *out_k = (guint) g_ascii_strtoull (g_strchug (out), NULL, 10);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- k-anonymity benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = NULL;
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(CdDeidentPlan) plan = NULL;
  g_autoptr(CdDeidentTable) out = NULL;
  g_autoptr(CdDeidentKAnonymity) result = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autoptr(GDate) reference = g_date_new_dmy (1, G_DATE_JUNE, 2024);
  g_autofree char *dir = NULL;
  g_autofree char *tsv_path = NULL;
  double t_generate, t_parse, t_apply, t_ours = G_MAXDOUBLE, t_pipeline = G_MAXDOUBLE;
  guint k_pipeline = 0;
  gboolean agree;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (threshold < 2)
    threshold = 2;

  timer = g_timer_new ();
  csv = generate_csv (n_rows);
  t_generate = g_timer_elapsed (timer, NULL);

  g_timer_start (timer);
  table = cd_csv_table_parse (csv->str, csv->len, NULL, &error);
  t_parse = g_timer_elapsed (timer, NULL);
  if (table == NULL)
    {
      g_printerr ("parse: %s\n", error->message);
      return 1;
    }

  plan = cd_deident_plan_new ();
  cd_deident_plan_set_reference_date (plan, reference);
  if (!cd_deident_plan_set_rule_from_string (plan, "年龄=age-band:10", &error) ||
      !cd_deident_plan_set_rule_from_string (plan, "地区代码=region-prefix:4", &error) ||
      !cd_deident_plan_set_rule_from_string (plan, "就诊日期=month", &error) ||
      !cd_deident_plan_set_rule_from_string (plan, "备注=drop", &error))
    {
      g_printerr ("plan: %s\n", error->message);
      return 1;
    }
  cd_deident_plan_set_quasi_identifiers (plan, qi_columns);
  cd_deident_plan_set_threshold (plan, threshold);

  g_timer_start (timer);
  out = cd_deident_plan_apply (plan, table, NULL, &error);
  t_apply = g_timer_elapsed (timer, NULL);
  if (out == NULL)
    {
      g_printerr ("apply: %s\n", error->message);
      return 1;
    }

  for (guint run = 0; run < RUNS; run++)
    {
      g_clear_pointer (&result, cd_deident_k_anonymity_free);
      g_timer_start (timer);
      result = cd_deident_table_compute_k (out, qi_columns, threshold, NULL, &error);
      t_ours = MIN (t_ours, g_timer_elapsed (timer, NULL));
      if (result == NULL)
        {
          g_printerr ("k-anonymity: %s\n", error->message);
          return 1;
        }
    }

  dir = g_dir_make_tmp ("cd-bench-kanon-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  tsv_path = g_build_filename (dir, "qi.tsv", NULL);
  if (!write_tsv (out, tsv_path, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint run = 0; run < RUNS; run++)
    {
      double t = pipeline_k (tsv_path, &k_pipeline);

      if (t < 0)
        return 1;
      t_pipeline = MIN (t_pipeline, t);
    }
  cd_test_rm_rf (dir);

  agree = k_pipeline == result->k;
  g_print ("Closure Desk k-anonymity benchmark (%u rows, %u quasi-identifiers, seed %" G_GINT64_FORMAT ")\n",
           n_rows, (guint) G_N_ELEMENTS (qi_columns) - 1, seed);
  g_print ("  generate CSV (%.0f MiB)                        %6.2f s\n",
           csv->len / (1024.0 * 1024.0), t_generate);
  g_print ("  parse CSV                                    %6.2f s\n", t_parse);
  g_print ("  apply plan (age band, region prefix, month)  %6.2f s\n", t_apply);
  g_print ("  k-anonymity, ours (best of %d)                %6.2f s   target <= %.0f s  %s\n",
           RUNS, t_ours, TARGET_SECONDS, t_ours <= TARGET_SECONDS ? "OK" : "SLOW");
  g_print ("  sort | uniq -c | sort -n | head -1 (best of %d) %5.2f s   ratio ours/pipeline %.2f\n",
           RUNS, t_pipeline, t_ours / t_pipeline);
  g_print ("  k: ours %u, pipeline %u                       %s\n",
           result->k, k_pipeline, agree ? "agree" : "DISAGREE");
  g_print ("  equivalence classes %u; below k=%u: %u classes, %u rows\n",
           result->n_classes, threshold, result->n_small_classes, result->n_small_rows);
  g_print ("  peak RSS                                     %6.1f MiB\n", peak_rss_mib ());

  return agree ? 0 : 1;
}
