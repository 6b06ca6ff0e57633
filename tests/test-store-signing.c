/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case's signing key (made once, audited, sealed, kept across a
 * passphrase change) and signed audit checkpoints (valid; invalid once
 * the log before them is edited or their signature is; a broken log is
 * not signed). */

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "cd-test-util.h"

static guint
count_actions (CdStore    *store,
               const char *action)
{
  g_autoptr(GPtrArray) entries = cd_store_list_audit (store, NULL);
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    n += g_strcmp0 (((CdAuditEntry *) g_ptr_array_index (entries, i))->action, action) == 0;
  return n;
}

static void
test_key (CdTestCase    *tc,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint8 seed[CD_SIGNING_SEED_BYTES], seed2[CD_SIGNING_SEED_BYTES];
  guint8 id[CD_SIGNING_KEY_ID_BYTES], id2[CD_SIGNING_KEY_ID_BYTES];
  guint8 pk[CD_SIGNING_PUBLIC_KEY_BYTES], pk2[CD_SIGNING_PUBLIC_KEY_BYTES];
  guint8 derived[CD_SIGNING_PUBLIC_KEY_BYTES], secret[crypto_sign_SECRETKEYBYTES];
  g_autofree char *seed_hex = NULL;
  g_autofree char *id_hex = NULL;

  g_assert_true (cd_store_get_signing_key (tc->store, seed, id, pk, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_get_signing_key (tc->store, seed2, id2, pk2, &error));
  g_assert_cmpmem (seed, sizeof seed, seed2, sizeof seed2);
  g_assert_cmpmem (id, sizeof id, id2, sizeof id2);
  g_assert_cmpmem (pk, sizeof pk, pk2, sizeof pk2);
  g_assert_cmpuint (count_actions (tc->store, "signing.key-created"), ==, 1);
  crypto_sign_seed_keypair (derived, secret, seed);
  g_assert_cmpmem (derived, sizeof derived, pk, sizeof pk);
  id_hex = cd_minisign_key_id_to_string (id);
  g_assert_cmpuint (strlen (id_hex), ==, 16);

  /* The seed is sealed in the file, the public key need not be. */
  seed_hex = g_malloc (sizeof seed * 2 + 1);
  sodium_bin2hex (seed_hex, sizeof seed * 2 + 1, seed, sizeof seed);
  g_clear_object (&tc->store);
  g_assert_false (cd_test_file_contains (tc->path, seed, sizeof seed));
  g_assert_false (cd_test_file_contains (tc->path, seed_hex, strlen (seed_hex)));
  tc->store = cd_store_open (tc->path, &error);
  g_assert_no_error (error);

  /* Locked: no key. */
  g_assert_false (cd_store_get_signing_key (tc->store, seed2, id2, pk2, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* A new passphrase: the same key. */
  g_assert_true (cd_store_unlock (tc->store, CD_TEST_PASSPHRASE, &error));
  g_assert_true (cd_store_change_passphrase (tc->store, CD_TEST_PASSPHRASE, "a new one", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_get_signing_key (tc->store, seed2, id2, pk2, &error));
  g_assert_cmpmem (seed, sizeof seed, seed2, sizeof seed2);
  sodium_memzero (seed, sizeof seed);
  sodium_memzero (seed2, sizeof seed2);
}

static void
test_checkpoints (CdTestCase    *tc,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) list = NULL;
  CdAuditCheckpoint first, second;
  CdAuditReport report;

  g_assert_true (cd_store_checkpoint_audit (tc->store, &first, &error));
  g_assert_no_error (error);
  g_assert_true (first.valid);
  g_assert_true (cd_store_record_event (tc->store, "test.event", NULL, "{}", &error));
  g_assert_true (cd_store_checkpoint_audit (tc->store, &second, &error));
  g_assert_cmpint (second.seq, >, first.seq);

  /* The checkpoint signs the head as it was; the log has moved on since. */
  g_assert_true (cd_store_verify_audit (tc->store, &report, &error));
  g_assert_cmpint (report.n_entries, ==, second.seq + 1);
  list = cd_store_list_checkpoints (tc->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_true (g_array_index (list, CdAuditCheckpoint, 0).valid);
  g_assert_true (g_array_index (list, CdAuditCheckpoint, 1).valid);
  g_assert_cmpint (g_array_index (list, CdAuditCheckpoint, 1).seq, ==, second.seq);
  g_clear_pointer (&list, g_array_unref);

  /* A forged signature does not check. */
  g_clear_object (&tc->store);
  cd_test_sql_exec (tc->path, "UPDATE audit_checkpoints SET signature = zeroblob (64) WHERE seq = "
                    "(SELECT max (seq) FROM audit_checkpoints);");
  tc->store = cd_store_open (tc->path, &error);
  g_assert_true (cd_store_unlock (tc->store, CD_TEST_PASSPHRASE, &error));
  list = cd_store_list_checkpoints (tc->store, &error);
  g_assert_true (g_array_index (list, CdAuditCheckpoint, 0).valid);
  g_assert_false (g_array_index (list, CdAuditCheckpoint, 1).valid);
  g_clear_pointer (&list, g_array_unref);

  /* An entry edited before the first checkpoint: the log is broken, the
   * checkpoints no longer match, and a new one is refused. */
  g_clear_object (&tc->store);
  cd_test_sql_exec (tc->path, "UPDATE audit SET details = '{\"edited\":true}' WHERE seq = 1;");
  tc->store = cd_store_open (tc->path, &error);
  g_assert_true (cd_store_unlock (tc->store, CD_TEST_PASSPHRASE, &error));
  g_assert_true (cd_store_verify_audit (tc->store, &report, &error));
  g_assert_cmpint (report.problem, !=, CD_AUDIT_OK);
  list = cd_store_list_checkpoints (tc->store, &error);
  g_assert_no_error (error);
  g_assert_false (g_array_index (list, CdAuditCheckpoint, 0).valid);
  g_assert_false (g_array_index (list, CdAuditCheckpoint, 1).valid);
  g_assert_false (cd_store_checkpoint_audit (tc->store, NULL, &error));
  g_assert_error (error, CD_AUDIT_ERROR, CD_AUDIT_ERROR_BROKEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add ("/store-signing/key", CdTestCase, NULL, cd_test_case_setup, test_key, cd_test_case_teardown);
  g_test_add ("/store-signing/checkpoints", CdTestCase, NULL, cd_test_case_setup, test_checkpoints,
              cd_test_case_teardown);

  return g_test_run ();
}
