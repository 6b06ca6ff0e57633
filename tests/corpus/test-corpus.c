/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The labelled corpus through the real closure-desk-cli: every format,
 * exact counts per file, archive member, PDF page and kind, against what
 * the generator planted. A mismatch prints the locations that differ. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cd-corpus.h"

/* The system's data folders, before g_test_init() isolates them: the CLI
 * tells HTML and media from other files with the shared MIME database. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_free (Result *r)
{
  g_free (r->out);
  g_free (r->err);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  return g_strndup (data != NULL ? data : "", len);
}

static Result *
run_scan (const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) in = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CLOSURE_DESK_CLI");
  const char *argv[] = { cli, "scan", "--format", "jsonl", dir, NULL };
  Result *r = g_new0 (Result, 1);

  g_assert_nonnull (cli);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* No shared MIME database (a sandbox, a bare system): formats are still
   * told from their bytes. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", "/nonexistent", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  r->out = bytes_to_string (out);
  r->err = bytes_to_string (err);
  r->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return r;
}

static void
rm_rf (const char *path)
{
  GDir *dir;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR) &&
      (dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* Per kind, how many were expected and found, for the log. */
static void
log_totals (GHashTable *expected,
            GHashTable *found)
{
  guint64 want[CD_CORPUS_N_KINDS] = { 0, };
  guint64 got[CD_CORPUS_N_KINDS] = { 0, };
  GHashTable *tables[2] = { expected, found };
  guint64 *totals[2] = { want, got };

  for (guint t = 0; t < 2; t++)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, tables[t]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *kind = NULL;
          int k;

          cd_corpus_key_split (key, NULL, NULL, NULL, &kind);
          k = cd_corpus_kind_from_name (kind);
          if (k >= 0)
            totals[t][k] += GPOINTER_TO_UINT (value);
        }
    }
  for (guint k = 0; k < CD_CORPUS_N_KINDS; k++)
    g_test_message ("%-16s expected %6" G_GUINT64_FORMAT "  found %6" G_GUINT64_FORMAT,
                    cd_corpus_kind_name ((CdCorpusKind) k), want[k], got[k]);
}

static void
check_corpus (const CdCorpusOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("cd-corpus-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) found = cd_corpus_counts_new ();
  g_autoptr(Result) r = NULL;
  g_autofree char *diff = NULL;
  CdCorpusStats stats = { 0, };
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  dir = g_build_filename (tmp, "公司资料", NULL);
  g_assert_true (cd_corpus_generate (dir, options, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_bytes, >=, options->target_bytes);
  g_assert_cmpuint (stats.negatives, >, 100);
  for (guint k = 0; k < CD_CORPUS_N_KINDS; k++)
    g_assert_cmpuint (stats.planted[k], >, 5);

  expected = cd_corpus_load_labels (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_corpus_counts_total (expected), >, 1000);

  r = run_scan (dir);
  if (r->status != 0)
    g_test_message ("stderr: %s", r->err);
  g_assert_cmpint (r->status, ==, 0);

  /* Every line is a finding with exactly the five keys, masked. */
  cd_corpus_add_scan_output (found, r->out, strlen (r->out), dir, &error);
  g_assert_no_error (error);
  lines = g_strsplit (r->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_nonnull (strstr (lines[i], "\"masked\": \""));
  g_assert_null (strstr (r->out, "\"masked\": \"\""));

  log_totals (expected, found);
  diff = cd_corpus_diff (expected, found, 200);
  if (diff != NULL)
    {
      g_printerr ("Scan findings differ from the corpus labels (%s, seed %" G_GUINT64_FORMAT "):\n%s",
                  options->text_only ? "text only" : "all formats", options->seed, diff);
      g_test_fail ();
    }

  /* CD_CORPUS_KEEP=1 leaves the corpus for a look at what differs. */
  if (g_getenv ("CD_CORPUS_KEEP") != NULL)
    g_test_message ("corpus kept in %s", dir);
  else
    rm_rf (tmp);
}

static void
test_all_formats (void)
{
  CdCorpusOptions options = { CD_CORPUS_DEFAULT_SEED, 4 * 1024 * 1024, FALSE };

  check_corpus (&options);
}

static void
test_text_only (void)
{
  CdCorpusOptions options = { 7, 2 * 1024 * 1024, TRUE };

  check_corpus (&options);
}

/* The same seed writes the same files and labels. */
static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("cd-corpus-XXXXXX", &error);
  g_autofree char *a = g_build_filename (tmp, "a", NULL);
  g_autofree char *b = g_build_filename (tmp, "b", NULL);
  CdCorpusOptions options = { 42, 512 * 1024, FALSE };
  const char *files[] = {
    CD_CORPUS_LABELS, "客户资料/客户名单.csv", "合同/服务合同.docx", "合同/合同扫描件.pdf",
    "归档/嵌套备份.zip", "归档/员工档案.tar.gz", "邮件/客户来信.eml",
  };

  g_assert_true (cd_corpus_generate (a, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_corpus_generate (b, &options, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_corpus_matches (a, &options));
  options.seed++;
  g_assert_false (cd_corpus_matches (a, &options));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *pa = g_build_filename (a, files[i], NULL);
      g_autofree char *pb = g_build_filename (b, files[i], NULL);
      g_autofree char *ca = NULL;
      g_autofree char *cb = NULL;
      gsize la = 0, lb = 0;

      g_assert_true (g_file_get_contents (pa, &ca, &la, NULL));
      g_assert_true (g_file_get_contents (pb, &cb, &lb, NULL));
      g_assert_cmpmem (ca, la, cb, lb);
    }

  /* A folder that holds something else is not written into. */
  {
    g_autofree char *other = g_build_filename (tmp, "other", NULL);
    g_autofree char *file = g_build_filename (other, "keep.txt", NULL);

    g_assert_cmpint (g_mkdir (other, 0700), ==, 0);
    g_assert_true (g_file_set_contents (file, "keep", -1, NULL));
    g_assert_false (cd_corpus_generate (other, &options, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));
  }

  rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  if (!g_get_charset (NULL))
    setlocale (LC_CTYPE, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/corpus/deterministic", test_deterministic);
  g_test_add_func ("/cli/corpus/text-only", test_text_only);
  g_test_add_func ("/cli/corpus/all-formats", test_all_formats);

  return g_test_run ();
}
