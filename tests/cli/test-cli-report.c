/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli report and verify-report end to end, on the demo case
 * brought to the retention stage (so the report states archive hashes):
 * the report in both languages has the page count the command printed
 * and a signature the stock minisign tool accepts; verify-report passes
 * it, and fails a flipped byte (naming the signature), another case's
 * report and a missing signature; the commitment letter; what is refused
 * (bad --lang, an existing file, an unwritable folder, a missing case)
 * leaves no file and no audit entry behind. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-cli-test.h"
#include "cd-test-util.h"

/* One demo case for the whole run: making it costs seconds, and a report
 * only adds audit entries, which every test counts for itself. */
static char *demo_dir;
static char *demo_path;
static char *demo_key;

static const char * const no_passphrase[] = { "CLOSURE_DESK_PASSPHRASE", NULL };

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cd-cli-report-out-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static int
spawn (const char * const  *argv,
       char               **out)
{
  g_autoptr(GError) error = NULL;
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL;
  int status = 0;

  /* Never into the test's own stdout: that is TAP. */
  if (out == NULL)
    flags |= G_SPAWN_STDOUT_TO_DEV_NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, flags,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static int
minisign_verify (const char *file,
                 const char *key)
{
  const char *argv[] = { "minisign", "-V", "-m", file, "-p", key, NULL };

  return spawn (argv, NULL);
}

/* “Pages: N” of pdfinfo. */
static guint
pdfinfo_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *value = NULL;
  const char *line;
  guint64 pages = 0;

  g_assert_cmpint (spawn (argv, &out), ==, 0);
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  line += strlen ("Pages:");
  while (*line == ' ')
    line++;
  value = g_strndup (line, strcspn (line, "\n"));
  g_assert_true (g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &pages, NULL));
  return (guint) pages;
}

static char *
pdftotext (const char *path)
{
  const char *argv[] = { "pdftotext", "-q", path, "-", NULL };
  char *out = NULL;

  g_assert_cmpint (spawn (argv, &out), ==, 0);
  return out;
}

/* The value of “LABEL:  value” as verify-report prints it. */
static char *
field_value (const char *out,
             const char *label)
{
  const char *p = strstr (out, label);

  g_assert_nonnull (p);
  p += strlen (label);
  while (*p == ' ')
    p++;
  return g_strndup (p, strcspn (p, "\n"));
}

/* The page count from “Wrote X and its .minisig: N pages, final|DRAFT”. */
static guint
printed_pages (const char *out,
               gboolean   *out_draft)
{
  const char *p = strstr (out, "and its .minisig: ");
  char *end = NULL;
  guint64 n;

  g_assert_nonnull (p);
  p += strlen ("and its .minisig: ");
  n = g_ascii_strtoull (p, &end, 10);
  g_assert_true (end != p);
  g_assert_true (g_str_has_prefix (end, " page, ") || g_str_has_prefix (end, " pages, "));
  end = strchr (end, ',') + 2;
  g_assert_true (g_str_has_prefix (end, "final\n") || g_str_has_prefix (end, "DRAFT\n"));
  *out_draft = g_str_has_prefix (end, "DRAFT");
  return (guint) n;
}

/* Entries in the case's audit log, read through the CLI (no passphrase). */
static guint
audit_entries (const char *case_path)
{
  g_autoptr(CdCliResult) r = cd_cli_run_va (NULL, "demo", no_passphrase, "audit", "list", case_path,
                                            "--format=tsv", NULL);
  guint n = 0;

  CD_CLI_ASSERT_EXIT (r, 0);
  for (const char *p = r->out; (p = strchr (p, '\n')) != NULL; p++)
    n++;
  return n - 1;    /* the header */
}

static GHashTable *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_hash_table_add (names, g_strdup (name));
  return names;
}

static CdCliResult *
run_report (const char *out_path,
            const char *language,
            const char *commitment)
{
  const char *args[10] = { "report", demo_path, "-o", out_path, NULL };
  guint n = 4;

  if (language != NULL)
    {
      args[n++] = "--lang";
      args[n++] = language;
    }
  if (commitment != NULL)
    {
      args[n++] = "--commitment";
      args[n++] = commitment;
    }
  args[n] = NULL;
  return cd_cli_run_argv (NULL, "demo", NULL, args);
}

static void
check_report (Fixture    *f,
              const char *language)
{
  g_autofree char *name = g_strdup_printf ("report-%s.pdf", language);
  g_autofree char *pdf = g_build_filename (f->dir, name, NULL);
  g_autofree char *sig = g_strconcat (pdf, ".minisig", NULL);
  g_autofree char *text = NULL;
  g_autofree char *stated_language = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *head = NULL;
  g_autoptr(CdCliResult) r = NULL;
  gboolean draft = FALSE;
  guint pages;
  guint before = audit_entries (demo_path);

  r = run_report (pdf, language, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sig, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (r->out, pdf));
  pages = printed_pages (r->out, &draft);
  g_assert_cmpuint (pages, >=, 1);
  g_assert_cmpuint (pdfinfo_pages (pdf), ==, pages);
  /* The export is recorded. */
  g_assert_cmpuint (audit_entries (demo_path), >, before);

  /* Draft exactly when the plan check has errors, and then it says where to look. */
  {
    g_autoptr(CdCliResult) check = cd_cli_run_va (NULL, "demo", NULL, "plan", "check", demo_path, NULL);

    g_assert_cmpint (check->status, ==, draft ? 1 : 0);
    if (draft)
      {
        g_assert_nonnull (strstr (r->out, "It is a draft because the plan check has "));
        g_assert_nonnull (strstr (r->out, "plan check "));
      }
    else
      g_assert_null (strstr (r->out, "draft"));
  }

  /* The report names the company. */
  text = pdftotext (pdf);
  g_assert_nonnull (strstr (text, "示例餐饮管理有限公司"));

  if (cd_test_have_program ("minisign"))
    g_assert_cmpint (minisign_verify (pdf, demo_key), ==, 0);
  else
    g_test_message ("minisign is not installed: not checked with it");

  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "verify-report", pdf, "--case", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "by the case's key: OK\n"));
  g_assert_nonnull (strstr (r->out, "Audit log head is an entry of the case's chain: OK\n"));
  /* The retention stage has archives: their hashes are stated and match. */
  g_assert_nonnull (strstr (r->out, "\nArchive hash"));
  g_assert_null (strstr (r->out, "none stated"));
  g_assert_true (strstr (r->out, "matches the case's record: OK\n") != NULL ||
                 strstr (r->out, "match the case's records: OK\n") != NULL);
  g_assert_null (strstr (r->out, "FAILED"));
  stated_language = field_value (r->out, "\nLanguage:");
  g_assert_cmpstr (stated_language, ==, language);
  /* ISO 8601, and a SHA-256 in hex. */
  generated = field_value (r->out, "\nGenerated:");
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (generated, NULL);

    g_assert_nonnull (when);
  }
  head = field_value (r->out, "\nAudit head:");
  g_assert_cmpuint (strlen (head), ==, 64);
  g_assert_cmpuint (strspn (head, "0123456789abcdef"), ==, 64);
  g_assert_nonnull (strstr (r->out, "The report is genuine"));
}

static void
test_zh_cn (Fixture       *f,
            gconstpointer  data)
{
  check_report (f, "zh_CN");
}

static void
test_en (Fixture       *f,
         gconstpointer  data)
{
  check_report (f, "en");
}

/* Without --lang the report is in Chinese. */
static void
test_default_language (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "报告.pdf", NULL);
  g_autoptr(CdCliResult) r = run_report (pdf, NULL, NULL);

  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "verify-report", pdf, "--case", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "zh_CN"));
}

static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *sig = g_strconcat (pdf, ".minisig", NULL);
  g_autofree char *moved = g_strconcat (pdf, ".moved", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(CdCliResult) r = run_report (pdf, "en", NULL);
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  /* One flipped bit, in the PDF's binary comment line (“%âãÏÓ” after the
   * header), so the file still reads as the same report: only the
   * signature can tell. */
  g_assert_true (g_file_get_contents (pdf, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 16);
  g_assert_true (g_str_has_prefix (contents, "%PDF-1."));
  g_assert_cmpint (contents[9], ==, '%');
  contents[10] ^= 0x01;
  g_assert_true (g_file_set_contents (pdf, contents, len, &error));
  g_assert_no_error (error);

  r = cd_cli_run_va (NULL, "demo", no_passphrase, "verify-report", pdf, "--case", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_nonnull (strstr (r->out, "by the case's key: FAILED\n"));
  g_assert_nonnull (strstr (r->out, "does NOT match"));
  if (cd_test_have_program ("minisign"))
    g_assert_cmpint (minisign_verify (pdf, demo_key), ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);

  /* Put right again, it verifies; without its signature it does not. */
  contents[10] ^= 0x01;
  g_assert_true (g_file_set_contents (pdf, contents, len, &error));
  g_assert_no_error (error);
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "verify-report", pdf, "--case", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_cmpint (g_rename (sig, moved), ==, 0);
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "verify-report", pdf, "--case", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_true (strstr (r->out, "by the case's key: FAILED\n") != NULL ||
                 strstr (r->err, "signature") != NULL);
  g_assert_null (strstr (r->out, "The report is genuine"));
}

static void
test_other_case (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.closurecase", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "other-report.pdf", NULL);
  g_autoptr(CdCliResult) r = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(CdStore) store = cd_test_create_case (other, &error);

    g_assert_no_error (error);
    g_free (cd_test_add_planned_asset (store, "档案室 客户登记簿 3 箱", CD_MEDIUM_PAPER,
                                       CD_DISPOSITION_DESTROY));
  }
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "report", other, "-o", pdf, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  /* Genuine for its own case… */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, no_passphrase, "verify-report", pdf, "--case", other, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  /* …not for the demo case: another key, another chain. */
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "verify-report", pdf, "--case", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_nonnull (strstr (r->out, "by the case's key: FAILED\n"));
  g_assert_nonnull (strstr (r->out, "Audit log head is an entry of the case's chain: FAILED\n"));
  g_assert_null (strstr (r->out, "The report is genuine"));
}

static void
test_commitment (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *letter = g_build_filename (f->dir, "承诺书.pdf", NULL);
  g_autofree char *letter_sig = g_strconcat (letter, ".minisig", NULL);
  g_autoptr(CdCliResult) r = run_report (pdf, "zh_CN", letter);

  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, letter));
  g_assert_nonnull (strstr (r->out, "the commitment letter"));
  g_assert_true (g_file_test (letter, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (letter_sig, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (pdfinfo_pages (letter), >=, 1);
  {
    g_autofree char *text = pdftotext (letter);

    g_assert_nonnull (strstr (text, "示例餐饮管理有限公司"));
  }
  if (cd_test_have_program ("minisign"))
    {
      g_assert_cmpint (minisign_verify (letter, demo_key), ==, 0);
      g_assert_cmpint (minisign_verify (pdf, demo_key), ==, 0);
    }
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such.closurecase", NULL);
  g_autoptr(CdCliResult) r = NULL;
  g_autoptr(GHashTable) left = NULL;
  guint before = audit_entries (demo_path);

  /* A language the report is not written in: a usage error, before the passphrase. */
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "report", demo_path, "-o", pdf, "--lang", "fr", NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_assert_nonnull (strstr (r->err, "--lang must be zh_CN or en"));
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", NULL, "report", demo_path, "-o", pdf, "--lang", "zh_TW", NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_clear_pointer (&r, cd_cli_result_free);

  /* No -o; no case; the same file twice. */
  r = cd_cli_run_va (NULL, "demo", NULL, "report", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_assert_nonnull (strstr (r->err, "-o"));
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", NULL, "report", "-o", pdf, NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", NULL, "report", demo_path, "-o", pdf, "--commitment", pdf, NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_clear_pointer (&r, cd_cli_result_free);

  /* A case that does not exist. */
  r = cd_cli_run_va (NULL, "demo", NULL, "report", missing, "-o", pdf, NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_nonnull (strstr (r->err, "no-such.closurecase"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", NULL, "verify-report", pdf, "--case", missing, NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_nonnull (strstr (r->err, "no-such.closurecase"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, cd_cli_result_free);

  /* verify-report needs --case. */
  r = cd_cli_run_va (NULL, "demo", NULL, "verify-report", pdf, NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_assert_nonnull (strstr (r->err, "--case"));
  g_clear_pointer (&r, cd_cli_result_free);

  left = list_dir (f->dir);
  g_assert_cmpuint (g_hash_table_size (left), ==, 0);
  g_assert_cmpuint (audit_entries (demo_path), ==, before);
}

/* A report is never replaced unless asked to. */
static void
test_existing (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *sig = g_strconcat (pdf, ".minisig", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(CdCliResult) r = NULL;
  guint before;

  g_assert_true (g_file_set_contents (pdf, "an older report", -1, NULL));
  before = audit_entries (demo_path);
  r = run_report (pdf, "en", NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_nonnull (strstr (r->err, "already exists"));
  g_assert_nonnull (strstr (r->err, "--overwrite"));
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "an older report");
  g_assert_false (g_file_test (sig, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (audit_entries (demo_path), ==, before);
  g_clear_pointer (&r, cd_cli_result_free);

  /* A signature alone is enough to refuse. */
  g_assert_cmpint (g_unlink (pdf), ==, 0);
  g_assert_true (g_file_set_contents (sig, "untrusted comment: older\n", -1, NULL));
  r = run_report (pdf, "en", NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, "demo", NULL, "report", demo_path, "-o", pdf, "--lang", "en", "--overwrite", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "verify-report", pdf, "--case", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
}

/* A folder that cannot be written (a file stands where the folder should
 * be: the tests may run as root, whom permissions do not stop). */
static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autofree char *bad_pdf = g_build_filename (blocker, "report.pdf", NULL);
  g_autofree char *good_pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *bad_letter = g_build_filename (blocker, "letter.pdf", NULL);
  g_autoptr(CdCliResult) r = NULL;
  g_autoptr(GHashTable) left = NULL;
  guint before;

  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  before = audit_entries (demo_path);

  r = run_report (bad_pdf, "zh_CN", NULL);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_str_has_prefix (r->err, "closure-desk-cli: "));
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_cmpuint (audit_entries (demo_path), ==, before);

  /* The report could be written, the letter not: neither is left. */
  r = run_report (good_pdf, "zh_CN", bad_letter);
  CD_CLI_ASSERT_EXIT (r, 1);
  g_assert_true (g_str_has_prefix (r->err, "closure-desk-cli: "));
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_cmpuint (audit_entries (demo_path), ==, before);

  left = list_dir (f->dir);
  g_assert_cmpuint (g_hash_table_size (left), ==, 1);
  g_assert_true (g_hash_table_contains (left, "not-a-folder"));

  /* The log is still intact. */
  r = cd_cli_run_va (NULL, "demo", no_passphrase, "audit", "verify", demo_path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CdCliResult) r = cd_cli_run_va (NULL, "demo", NULL, "report", "--help", NULL);

  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "--lang"));
  g_assert_nonnull (strstr (r->out, "--commitment"));
  g_assert_nonnull (strstr (r->out, "--overwrite"));
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, "demo", NULL, "verify-report", "--help", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "--case"));
  g_assert_null (strstr (r->out, "--passphrase-file"));
}

static void
make_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *retention = NULL;
  CdKdfParams params;

  demo_dir = g_dir_make_tmp ("cd-cli-report-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (demo_dir, "demo.closurecase", NULL);
  demo_key = g_build_filename (demo_dir, "KEY.pub", NULL);
  retention = g_build_filename (demo_dir, "retention", NULL);

  cd_kdf_params_init_fast (&params);
  store = cd_demo_create (demo_path, &params, &error);
  g_assert_no_error (error);
  g_assert_true (cd_demo_add_retention (store, retention, &error));
  g_assert_no_error (error);
  cd_store_close (store);

  {
    g_autoptr(CdCliResult) r = cd_cli_run_va (NULL, "demo", NULL, "audit", "pubkey", demo_path,
                                              "-o", demo_key, NULL);

    CD_CLI_ASSERT_EXIT (r, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  make_demo ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/report/zh-cn", test_zh_cn);
  ADD ("/cli/report/en", test_en);
  ADD ("/cli/report/default-language", test_default_language);
  ADD ("/cli/report/tampered", test_tampered);
  ADD ("/cli/report/other-case", test_other_case);
  ADD ("/cli/report/commitment", test_commitment);
  ADD ("/cli/report/refused", test_refused);
  ADD ("/cli/report/existing", test_existing);
  ADD ("/cli/report/unwritable", test_unwritable);
  ADD ("/cli/report/help", test_help);
#undef ADD

  status = g_test_run ();

  cd_test_rm_rf (demo_dir);
  g_free (demo_dir);
  g_free (demo_path);
  g_free (demo_key);
  return status;
}
