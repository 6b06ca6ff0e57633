/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli plan export-deidentified end to end: the real binary on
 * a temporary case and a small customer table; exact cells of the output,
 * the k-anonymity refusal, the folders an export may not go to, and the
 * audit entry without raw values. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-cli-test.h"
#include "cd-test-util.h"

#define PASSPHRASE "cli test passphrase 口令"
#define COMPANY    "上海示例贸易有限公司"
#define USCC       "91350100M000100Y43"
#define AS_OF      "2025-06-30"

/* Ages on AS_OF: 35, 39, 33, 25, 36, 30. Regions 1101 ×4, 1102 ×2. */
static const char source_csv[] =
  "姓名,身份证号,手机号,出生日期,地区,城市,登记日期,备注\n"
  "张三丰,110101199001151234,13812345678,1990-01-15,110101,北京,2023-05-17,老客户\n"
  "李四,110102198507200012,13900001111,1985-07-20,110102,北京,2023/6/1,\n"
  "王五,110105199203030021,13700002222,1992-03-03,110105,北京,2023年7月8日,\n"
  "赵六,110108200001010033,13600003333,2000-01-01,110108,北京,20230901,欠款\n"
  "钱七,110228198812120044,13500004444,1988-12-12,110228,北京,2024-01-02,\n"
  "孙八,110229199506060055,13400005555,1995-06-06,110229,北京,2024-02-29,\n";

static const char * const raw_values[] = {
  "张三丰", "李四", "110101199001151234", "110108200001010033", "13812345678",
  "13400005555", "1990-01-15", "老客户", "欠款",
};

#define UTF8_BOM "\xef\xbb\xbf"

typedef struct
{
  char *dir;
  char *path;      /* the case */
  char *src_dir;   /* where the source table is */
  char *source;
  char *out_dir;   /* where exports go */
} Fixture;

typedef CdCliResult Result;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, cd_cli_result_free)

#define run_va(f, ...) cd_cli_run_va ((f)->dir, PASSPHRASE, NULL, __VA_ARGS__)
#define run(f, ...) run_va ((f), __VA_ARGS__, NULL)

/* "plan export-deidentified CASE SOURCE" and then the given options. */
#define export(f, ...) \
  run_va ((f), "plan", "export-deidentified", (f)->path, (f)->source, "--as-of", AS_OF, \
          __VA_ARGS__, NULL)

#define assert_exit(r, code) CD_CLI_ASSERT_EXIT ((r), (code))

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
assert_no_raw_values (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (raw_values); i++)
    if (strstr (text, raw_values[i]) != NULL)
      g_error ("raw value %u leaked into: %s", i, text);
}

/* The cells of an export: CRLF lines, no quoting needed for this table. */
static GPtrArray *
read_export (const char *path)
{
  g_autofree char *data = read_file (path);
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_true (g_str_has_prefix (data, UTF8_BOM));
  g_assert_true (g_str_has_suffix (data, "\r\n"));
  lines = g_strsplit (data + strlen (UTF8_BOM), "\r\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

static gboolean
is_pseudonym (const char *text)
{
  if (strlen (text) != 16)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Result) r = NULL;

  f->dir = g_dir_make_tmp ("cd-cli-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "acme.closurecase", NULL);
  f->src_dir = g_build_filename (f->dir, "客户资料", NULL);
  f->source = g_build_filename (f->src_dir, "会员.csv", NULL);
  f->out_dir = g_build_filename (f->dir, "exports", NULL);
  g_assert_cmpint (g_mkdir (f->src_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (f->out_dir, 0700), ==, 0);
  g_file_set_contents (f->source, source_csv, -1, &error);
  g_assert_no_error (error);

  r = run (f, "case", "new", f->path, "--company", COMPANY, "--uscc", USCC);
  assert_exit (r, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->src_dir);
  g_free (f->source);
  g_free (f->out_dir);
}

/* -- de-identified ------------------------------------------------------------------ */

static void
test_deidentified (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->out_dir, "de.csv", NULL);
  g_autofree char *out2 = g_build_filename (f->out_dir, "de2.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) rows2 = NULL;
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) again = NULL;
  g_autoptr(Result) audit = NULL;
  const char * const header[] = {
    "姓名", "身份证号", "手机号", "出生日期", "地区", "城市", "登记日期", NULL,
  };
  const char * const months[] = {
    "2023-05", "2023-06", "2023-07", "2023-09", "2024-01", "2024-02",
  };
  GStatBuf st;

  r = export (f, "--out", out,
              "--rule", "姓名=mask:name", "--rule", "身份证号=pseudonym",
              "--rule", "手机号=mask:phone", "--rule", "出生日期=age-band:10",
              "--rule", "地区=region-prefix:4", "--rule", "登记日期=month",
              "--rule", "备注=drop");
  assert_exit (r, 0);
  g_assert_cmpstr (r->err, ==, "");
  g_assert_nonnull (strstr (r->out, "Label:"));
  g_assert_nonnull (strstr (r->out, "De-identified"));
  g_assert_nonnull (strstr (r->out, "not computed"));
  g_assert_nonnull (strstr (r->out, "7 written, 1 dropped"));
  g_assert_nonnull (strstr (r->out, "de.csv"));
  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, (contents = read_file (out)), -1);
  g_assert_nonnull (strstr (r->out, sha));
  assert_no_raw_values (contents);
  assert_no_raw_values (r->out);

  /* Personal data, even de-identified: readable by the owner only. */
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  rows = read_export (out);
  g_assert_cmpuint (rows->len, ==, 7);
  g_assert_cmpstrv ((char **) g_ptr_array_index (rows, 0), header);
  {
    char **first = g_ptr_array_index (rows, 1);
    char **fourth = g_ptr_array_index (rows, 4);

    g_assert_cmpuint (g_strv_length (first), ==, 7);
    g_assert_cmpstr (first[0], ==, "张**");
    g_assert_true (is_pseudonym (first[1]));
    g_assert_cmpstr (first[2], ==, "138****5678");
    g_assert_cmpstr (first[3], ==, "30-39");
    g_assert_cmpstr (first[4], ==, "1101");
    g_assert_cmpstr (first[5], ==, "北京");
    g_assert_cmpstr (first[6], ==, "2023-05");
    g_assert_cmpstr (fourth[0], ==, "赵*");
    g_assert_cmpstr (fourth[3], ==, "20-29");
  }
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row[6], ==, months[i - 1]);
      for (guint j = 1; j < i; j++)
        g_assert_cmpstr (row[1], !=, ((char **) g_ptr_array_index (rows, j))[1]);
    }

  /* Another export of the same table gets another key: its pseudonyms
   * cannot be joined with the first ones. */
  again = export (f, "--out", out2, "--rule", "身份证号=pseudonym");
  assert_exit (again, 0);
  rows2 = read_export (out2);
  g_assert_cmpuint (rows2->len, ==, 7);
  for (guint i = 1; i < rows2->len; i++)
    {
      const char *before = ((char **) g_ptr_array_index (rows, i))[1];
      const char *after = ((char **) g_ptr_array_index (rows2, i))[1];

      g_assert_true (is_pseudonym (after));
      g_assert_cmpstr (before, !=, after);
    }
  /* Kept columns are kept as they were. */
  g_assert_cmpstr (((char **) g_ptr_array_index (rows2, 1))[0], ==, "张三丰");

  /* Audited: the label, the rules and the export id, no cell value. */
  audit = run (f, "audit", "list", f->path, "--format=tsv");
  assert_exit (audit, 0);
  g_assert_nonnull (strstr (audit->out, "plan.export"));
  g_assert_nonnull (strstr (audit->out, "\"label\":\"deidentified\""));
  g_assert_nonnull (strstr (audit->out, "\"rule\":\"age-band:10\""));
  g_assert_nonnull (strstr (audit->out, "\"rule\":\"pseudonym\""));
  g_assert_nonnull (strstr (audit->out, "\"export_id\":\""));
  g_assert_nonnull (strstr (audit->out, sha));
  /* The second export kept 张三丰 in the file, but not in the log. */
  assert_no_raw_values (audit->out);
}

/* -- anonymized ---------------------------------------------------------------------- */

static void
test_anonymized (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->out_dir, "anon.csv", NULL);
  g_autoptr(Result) refused = NULL;
  g_autoptr(Result) fallback = NULL;
  g_autoptr(Result) coarse = NULL;
  g_autoptr(Result) audit = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* Bands of 10 years and 4-digit regions: classes of 3, 2 and 1 rows. */
  refused = export (f, "--out", out, "--label", "anonymized",
                    "--rule", "姓名=drop", "--rule", "身份证号=drop", "--rule", "手机号=drop",
                    "--rule", "出生日期=age-band:10", "--rule", "地区=region-prefix:4",
                    "--rule", "登记日期=drop", "--rule", "备注=drop",
                    "--qi", "出生日期,地区");
  assert_exit (refused, 1);
  g_assert_cmpstr (refused->out, ==, "");
  g_assert_nonnull (strstr (refused->err, "k is 1, below the required 5"));
  g_assert_nonnull (strstr (refused->err, "6 rows are in groups smaller than 5"));
  g_assert_nonnull (strstr (refused->err, "line 5 (20-29 / 1101)"));
  g_assert_nonnull (strstr (refused->err, "line 6 (30-39 / 1102)"));
  g_assert_nonnull (strstr (refused->err, "line 7 (30-39 / 1102)"));
  g_assert_nonnull (strstr (refused->err, "line 2 (30-39 / 1101)"));
  assert_no_raw_values (refused->err);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* With --fallback the same export goes out labelled de-identified. */
  fallback = export (f, "--out", out, "--label", "anonymized", "--fallback",
                     "--rule", "姓名=drop", "--rule", "身份证号=drop", "--rule", "手机号=drop",
                     "--rule", "出生日期=age-band:10", "--rule", "地区=region-prefix:4",
                     "--rule", "登记日期=drop", "--rule", "备注=drop",
                     "--qi", "出生日期", "--qi", "地区");
  assert_exit (fallback, 0);
  g_assert_nonnull (strstr (fallback->err, "k is 1, below the 5 required"));
  g_assert_nonnull (strstr (fallback->out, "De-identified"));
  g_assert_null (strstr (fallback->out, "Anonymized"));
  g_assert_nonnull (strstr (fallback->out, "1 over 出生日期, 地区 (5 required"));
  g_assert_nonnull (strstr (fallback->out, "3 written, 5 dropped"));

  /* Bands of 50 years and 2-digit regions: one class of 6. */
  coarse = export (f, "--out", out, "--overwrite", "--label", "anonymized",
                   "--rule", "姓名=drop", "--rule", "身份证号=drop", "--rule", "手机号=drop",
                   "--rule", "出生日期=age-band:50", "--rule", "地区=region-prefix:2",
                   "--rule", "登记日期=drop", "--rule", "备注=drop",
                   "--qi", "出生日期,地区");
  assert_exit (coarse, 0);
  g_assert_cmpstr (coarse->err, ==, "");
  g_assert_nonnull (strstr (coarse->out, "Anonymized"));
  g_assert_nonnull (strstr (coarse->out, "6 over 出生日期, 地区"));
  rows = read_export (out);
  g_assert_cmpuint (rows->len, ==, 7);
  for (guint i = 1; i < rows->len; i++)
    {
      const char * const expected[] = { "0-49", "11", "北京", NULL };

      g_assert_cmpstrv ((char **) g_ptr_array_index (rows, i), expected);
    }

  /* A higher threshold refuses the same table. */
  {
    g_autoptr(Result) strict = export (f, "--out", out, "--overwrite", "--label", "anonymized",
                                       "--k", "7", "--rule", "姓名=drop",
                                       "--rule", "身份证号=drop", "--rule", "手机号=drop",
                                       "--rule", "出生日期=age-band:50",
                                       "--rule", "地区=region-prefix:2",
                                       "--rule", "登记日期=drop", "--rule", "备注=drop",
                                       "--qi", "出生日期,地区");
    assert_exit (strict, 1);
    g_assert_nonnull (strstr (strict->err, "k is 6, below the required 7"));
  }

  /* Anonymized without quasi-identifiers cannot be checked: refused. */
  {
    g_autoptr(Result) no_qi = export (f, "--out", out, "--overwrite", "--label", "anonymized",
                                      "--rule", "姓名=drop");
    assert_exit (no_qi, 1);
    g_assert_nonnull (strstr (no_qi->err, "quasi-identifier"));
  }

  audit = run (f, "audit", "list", f->path, "--format=tsv");
  assert_exit (audit, 0);
  g_assert_nonnull (strstr (audit->out, "\"label\":\"anonymized\""));
  g_assert_nonnull (strstr (audit->out, "\"label_requested\":\"anonymized\",\"k\":1"));
  g_assert_nonnull (strstr (audit->out, "\"k\":6"));
  /* Two exports were written, so two entries; refusals write nothing. */
  {
    guint n = 0;

    for (const char *p = audit->out; (p = strstr (p, "plan.export")) != NULL; p++)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }
  assert_no_raw_values (audit->out);
  g_assert_null (strstr (audit->out, "20-29"));
}

/* -- bad input ----------------------------------------------------------------------- */

static void
test_missing_column (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->out_dir, "x.csv", NULL);
  g_autoptr(Result) qi = NULL;
  g_autoptr(Result) rule = NULL;

  qi = export (f, "--out", out, "--qi", "性别");
  assert_exit (qi, 1);
  g_assert_nonnull (strstr (qi->err, "no column “性别”"));
  g_assert_nonnull (strstr (qi->err, "姓名"));
  g_assert_nonnull (strstr (qi->err, "登记日期"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  rule = export (f, "--out", out, "--rule", "职业=drop");
  assert_exit (rule, 1);
  g_assert_nonnull (strstr (rule->err, "no column “职业”"));
  g_assert_nonnull (strstr (rule->err, "身份证号"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->out_dir, "x.csv", NULL);
  const char *bad[][2] = {
    { "--rule", "姓名" },
    { "--rule", "姓名=blur" },
    { "--rule", "出生日期=age-band:0" },
    { "--label", "secret" },
    { "--k", "1" },
    { "--k", "many" },
    { "--as-of", "2025-02-30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(Result) r = export (f, "--out", out, bad[i][0], bad[i][1]);

      assert_exit (r, 2);
      g_assert_cmpstr (r->out, ==, "");
      g_assert_nonnull (strstr (r->err, "--help"));
    }

  {
    g_autoptr(Result) no_out = run (f, "plan", "export-deidentified", f->path, f->source);
    g_autoptr(Result) no_source = run (f, "plan", "export-deidentified", f->path, "--out", out);
    g_autoptr(Result) help = run (f, "plan", "export-deidentified", "--help");

    assert_exit (no_out, 2);
    g_assert_nonnull (strstr (no_out->err, "--out"));
    assert_exit (no_source, 2);
    assert_exit (help, 0);
    g_assert_nonnull (strstr (help->out, "--qi"));
    g_assert_nonnull (strstr (help->out, "--fallback"));
  }
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  /* A source that is not a table is a failure, not a usage error. */
  {
    g_autofree char *binary = g_build_filename (f->src_dir, "binary.csv", NULL);
    g_autoptr(Result) r = NULL;

    g_assert_true (g_file_set_contents (binary, "a,b\n1,\0\n", 8, NULL));
    r = run (f, "plan", "export-deidentified", f->path, binary, "--out", out);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "binary.csv"));
  }
}

/* The outputs never go where the evidence is. */
static void
test_protected (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *scanned = g_build_filename (f->dir, "前台电脑", NULL);
  g_autofree char *sub = g_build_filename (scanned, "2018", NULL);
  g_autofree char *in_scan = g_build_filename (sub, "out.csv", NULL);
  g_autofree char *member = g_build_filename (sub, "会员.txt", NULL);
  g_autofree char *beside = g_build_filename (f->src_dir, "out.csv", NULL);
  g_autofree char *existing = g_build_filename (f->out_dir, "existing.csv", NULL);
  g_autofree char *via_link = NULL;
  g_autofree char *link = g_build_filename (f->out_dir, "link", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(Result) scan = NULL;
  g_autoptr(Result) r1 = NULL;
  g_autoptr(Result) r2 = NULL;
  g_autoptr(Result) r3 = NULL;
  g_autoptr(Result) r4 = NULL;
  g_autoptr(Result) r5 = NULL;
  g_autoptr(Result) audit = NULL;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (member, "会员 110101199001151234\n", -1, NULL));
  scan = run (f, "scan", "--case", f->path, scanned);
  assert_exit (scan, 0);

  /* Inside a folder the case scanned. */
  r1 = export (f, "--out", in_scan);
  assert_exit (r1, 1);
  g_assert_nonnull (strstr (r1->err, "inside the source folder"));
  g_assert_false (g_file_test (in_scan, G_FILE_TEST_EXISTS));

  /* ... also through a symbolic link. */
  g_assert_cmpint (symlink (sub, link), ==, 0);
  via_link = g_build_filename (link, "out.csv", NULL);
  r2 = export (f, "--out", via_link);
  assert_exit (r2, 1);
  g_assert_nonnull (strstr (r2->err, "inside the source folder"));
  g_assert_false (g_file_test (in_scan, G_FILE_TEST_EXISTS));

  /* Beside the source table. */
  r3 = export (f, "--out", beside);
  assert_exit (r3, 1);
  g_assert_nonnull (strstr (r3->err, "inside the source folder"));
  g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));

  /* An existing file is replaced only with --overwrite. */
  g_assert_true (g_file_set_contents (existing, "keep me", -1, NULL));
  r4 = export (f, "--out", existing);
  assert_exit (r4, 1);
  g_assert_nonnull (strstr (r4->err, "already exists"));
  contents = read_file (existing);
  g_assert_cmpstr (contents, ==, "keep me");
  r5 = export (f, "--out", existing, "--overwrite");
  assert_exit (r5, 0);
  g_clear_pointer (&contents, g_free);
  contents = read_file (existing);
  g_assert_true (g_str_has_prefix (contents, UTF8_BOM "姓名,身份证号,"));

  /* Only the one export that went out is in the log. */
  audit = run (f, "audit", "list", f->path, "--format=tsv");
  assert_exit (audit, 0);
  g_assert_nonnull (strstr (audit->out, "plan.export"));
  g_assert_null (strstr (strstr (audit->out, "plan.export") + 1, "plan.export"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/plan/export/deidentified", test_deidentified);
  ADD ("/cli/plan/export/anonymized", test_anonymized);
  ADD ("/cli/plan/export/missing-column", test_missing_column);
  ADD ("/cli/plan/export/usage", test_usage);
  ADD ("/cli/plan/export/protected", test_protected);

  return g_test_run ();
}
