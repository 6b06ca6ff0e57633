/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli custodian and vault end to end: a custodian's key file
 * (age-keygen's format, private, never overwritten), an archive encrypted
 * to the case's custodians that the stock age and tar tools open, listed,
 * verified against the case's record, restored (not over existing files
 * without --overwrite), a passphrase archive, a damaged archive refused;
 * the paper key beside the key file, from which the key reads back. */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cd-cli-test.h"
#include "cd-test-util.h"

typedef struct
{
  char *dir;
  char *path;
  char *data;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *ledger = NULL;
  g_autofree char *contract = NULL;

  f->dir = g_dir_make_tmp ("cd-cli-vault-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "case.closurecase", NULL);
  store = cd_test_create_case (f->path, &error);
  g_assert_no_error (error);
  f->data = g_build_filename (f->dir, "会计档案", NULL);
  sub = g_build_filename (f->data, "2019", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  ledger = g_build_filename (sub, "总账.csv", NULL);
  contract = g_build_filename (f->data, "合同.txt", NULL);
  g_assert_true (g_file_set_contents (ledger, "科目,借方,贷方\n1001,100,0\n", -1, NULL));
  g_assert_true (g_file_set_contents (contract, "团餐服务合同\n", -1, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->data);
}

static gboolean
have_tools (void)
{
  g_autofree char *age = g_find_program_in_path ("age");
  g_autofree char *tar = g_find_program_in_path ("tar");

  return age != NULL && tar != NULL;
}

static void
test_vault (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, "lawyer.key", NULL);
  g_autofree char *vault = g_build_filename (f->dir, "archive.age", NULL);
  g_autofree char *restored = g_build_filename (f->dir, "restored", NULL);
  g_autofree char *ledger = g_build_filename (restored, "会计档案", "2019", "总账.csv", NULL);
  g_autofree char *key_text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(CdCliResult) r = NULL;
  GStatBuf st;

  /* Nobody to encrypt to yet. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "create", f->path, "-o", vault, f->data, NULL);
  g_assert_cmpint (r->status, ==, 2);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", "清算组律师",
                     "-o", key, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_true (g_file_get_contents (key, &key_text, NULL, NULL));
  g_assert_nonnull (strstr (key_text, "# public key: age1"));
  g_assert_nonnull (strstr (key_text, "AGE-SECRET-KEY-1"));
  g_assert_cmpint (g_stat (key, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  /* A key file is never overwritten. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", "x", "-o", key, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "create", f->path, "-o", vault,
                     "--retain-until", "2056-12-31", f->data, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  /* The stock tools open it. */
  if (have_tools ())
    {
      g_autofree char *script = g_strdup_printf ("age -d -i '%s' '%s' | tar -tf -", key, vault);
      const char *argv[] = { "sh", "-c", script, NULL };
      g_autofree char *out = NULL;
      int status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                                   &status, NULL));
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, "closure-desk-manifest.json"));
      g_assert_nonnull (strstr (out, "会计档案/2019/总账.csv"));
    }

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "list", vault, "-i", key, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "总账.csv"));
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "verify", vault, "-i", key, "--case", f->path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "restore", vault, "-i", key, "-o", restored, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_true (g_file_get_contents (ledger, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "科目,借方,贷方\n1001,100,0\n");

  /* Not over what is there, unless asked. */
  g_assert_true (g_file_set_contents (ledger, "changed since", -1, NULL));
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "restore", vault, "-i", key, "-o", restored, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (ledger, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "changed since");
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "restore", vault, "-i", key, "-o", restored,
                     "--overwrite", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  /* One byte changed: the archive is refused. */
  {
    g_autofree char *bytes = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (vault, &bytes, &len, NULL));
    bytes[len - 20] ^= 0x01;
    g_assert_true (g_file_set_contents (vault, bytes, (gssize) len, NULL));
  }
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "verify", vault, "-i", key, NULL);
  g_assert_cmpint (r->status, ==, 1);
}

static void
test_passphrase (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *vault = g_build_filename (f->dir, "archive.age", NULL);
  g_autofree char *secret = g_build_filename (f->dir, "vault-passphrase.txt", NULL);
  g_autofree char *wrong = g_build_filename (f->dir, "wrong.txt", NULL);
  g_autoptr(CdCliResult) r = NULL;

  g_assert_true (g_file_set_contents (secret, "correct horse 档案\n", -1, NULL));
  g_assert_true (g_file_set_contents (wrong, "wrong horse\n", -1, NULL));
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "create", f->path, "-o", vault,
                     "--passphrase-file", secret, f->data, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "verify", vault, "--passphrase-file", secret, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "verify", vault, "--passphrase-file", wrong, NULL);
  g_assert_cmpint (r->status, ==, 1);
}

/* The secret key as someone would type it from the paper key: the prefix,
 * then the groups, each after its number, in the order drawn (-raw). */
static char *
read_paper_key (const char *pdf)
{
  const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL };
  g_autoptr(GString) key = g_string_new ("AGE-SECRET-KEY-1");
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  const char *start;
  guint expected = 1;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &text, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  start = strstr (text, "AGE-SECRET-KEY-1");
  g_assert_nonnull (start);
  words = g_regex_split_simple ("\\s+", start + strlen ("AGE-SECRET-KEY-1"), 0, 0);
  for (guint i = 0; words[i] != NULL && key->len < 74; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", expected);

      if (*words[i] == '\0')
        continue;
      if (strcmp (words[i], number) == 0)
        expected++;
      else
        g_string_append (key, words[i]);
    }
  g_assert_cmpuint (expected, >=, 10);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

/* The secret key line of an age-keygen style key file. */
static char *
key_file_secret (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "AGE-SECRET-KEY-1"))
      return g_strdup (lines[i]);
  g_assert_not_reached ();
}

static void
test_paper_key (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, "lawyer.key", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "lawyer-paper-key.pdf", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "paper.pdf", NULL);
  g_autofree char *from_paper = NULL;
  g_autofree char *from_file = NULL;
  g_autoptr(CdCliResult) r = NULL;
  GStatBuf st;

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", "清算组律师",
                     "-o", key, "--paper-key", pdf, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "lawyer-paper-key.pdf"));
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  from_paper = read_paper_key (pdf);
  from_file = key_file_secret (key);
  g_assert_cmpstr (from_paper, ==, from_file);

  /* Neither file is ever overwritten; nothing is written or added then. */
  g_unlink (key);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", "x",
                     "-o", key, "--paper-key", pdf, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));

  /* The paper key cannot be written: the key file goes again. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", "y",
                     "-o", key, "--paper-key", missing, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));

  /* The custodian cannot be added (a blank name): both files go again. */
  g_unlink (pdf);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", " ",
                     "-o", key, "--paper-key", pdf, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_false (g_file_test (key, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* The same file for both is a usage error. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", "z",
                     "-o", key, "--paper-key", key, NULL);
  g_assert_cmpint (r->status, ==, 2);
  g_clear_pointer (&r, cd_cli_result_free);

  /* Only the first custodian was added. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "list", f->path, "--format", "tsv", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "\t清算组律师\t"));
  {
    g_auto(GStrv) lines = g_strsplit (r->out, "\n", -1);
    guint custodians = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "\tage1") != NULL)
        custodians++;
    g_assert_cmpuint (custodians, ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add ("/cli-vault/custodian-and-vault", Fixture, NULL, fixture_setup, test_vault, fixture_teardown);
  g_test_add ("/cli-vault/passphrase", Fixture, NULL, fixture_setup, test_passphrase, fixture_teardown);
  g_test_add ("/cli-vault/paper-key", Fixture, NULL, fixture_setup, test_paper_key, fixture_teardown);

  return g_test_run ();
}
