/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli audit pubkey|export|verify end to end: the case's key is
 * made once (the passphrase needed only then), the exported log and its
 * signature check with the stock minisign tool and fail it once tampered
 * with, verify reports the signed checkpoints, and a broken log is neither
 * signed nor exported. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-cli-test.h"
#include "cd-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;

  f->dir = g_dir_make_tmp ("cd-cli-audit-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "case.closurecase", NULL);
  store = cd_test_create_case (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static int
minisign_verify (const char *file,
                 const char *key,
                 char      **out)
{
  const char *argv[] = { "minisign", "-V", "-m", file, "-p", key, NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, NULL));
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *key = g_build_filename (f->dir, "KEY.pub", NULL);
  g_autofree char *log = g_build_filename (f->dir, "LOG.jsonl", NULL);
  g_autofree char *sig = g_strconcat (log, ".minisig", NULL);
  g_autofree char *key_text = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *minisign_out = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(CdCliResult) r = NULL;
  const char *no_passphrase[] = { "CLOSURE_DESK_PASSPHRASE", NULL };

  /* No key yet, no passphrase: refused. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, no_passphrase, "audit", "pubkey", f->path, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "pubkey", f->path, "-o", key, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_true (g_file_get_contents (key, &key_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (key_text, "untrusted comment: minisign public key "));

  /* Once made, the public key needs no passphrase, and is the same. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, no_passphrase, "audit", "pubkey", f->path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_cmpstr (r->out, ==, key_text);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "export", f->path, "-o", log, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_true (g_file_test (sig, G_FILE_TEST_IS_REGULAR));

  /* One JSON object a line, chained. */
  g_assert_true (g_file_get_contents (log, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], NULL);
      JsonObject *object;

      g_assert_nonnull (node);
      object = json_node_get_object (node);
      g_assert_cmpint (json_object_get_int_member (object, "seq"), ==, i + 1);
      g_assert_cmpuint (strlen (json_object_get_string_member (object, "hash")), ==, 64);
    }
  g_assert_nonnull (strstr (contents, "\"action\":\"audit.checkpoint\""));

  if (!cd_test_have_program ("minisign"))
    {
      g_test_skip ("minisign is not installed");
      return;
    }
  g_assert_cmpint (minisign_verify (log, key, &minisign_out), ==, 0);
  g_assert_nonnull (strstr (minisign_out, "closure-desk audit log"));

  /* Tampered with: minisign says no. */
  {
    g_autofree char *edited = g_strdup (contents);
    char *actor = strstr (edited, "\"actor\":\"");

    g_assert_nonnull (actor);
    actor[9] = actor[9] == 'X' ? 'Y' : 'X';
    g_assert_true (g_file_set_contents (log, edited, -1, NULL));
    g_assert_cmpint (minisign_verify (log, key, NULL), ==, 1);
  }

  /* verify names the signed checkpoint. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, no_passphrase, "audit", "verify", f->path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "1 signed checkpoint verifies"));
}

static void
test_broken_log (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *log = g_build_filename (f->dir, "LOG.jsonl", NULL);
  g_autoptr(CdCliResult) r = NULL;

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "export", f->path, "-o", log, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_cmpint (g_unlink (log), ==, 0);

  cd_test_sql_exec (f->path, "UPDATE audit SET actor = 'someone else' WHERE seq = 1;");
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "export", f->path, "-o", log, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_nonnull (strstr (r->err, "broken"));
  g_assert_false (g_file_test (log, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "verify", f->path, NULL);
  g_assert_cmpint (r->status, ==, 1);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "export", f->path, NULL);
  g_assert_cmpint (r->status, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add ("/cli-audit/export", Fixture, NULL, fixture_setup, test_export, fixture_teardown);
  g_test_add ("/cli-audit/broken-log", Fixture, NULL, fixture_setup, test_broken_log, fixture_teardown);

  return g_test_run ();
}
