/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Custodians (a name, sealed, and an age public key, never the secret)
 * and vault records (sealed path, hash, recipients, retain-until) in the
 * case: added in one audited transaction, refused when malformed, kept
 * across a passphrase change. */

#include "config.h"

#include <string.h>

#include "cd-test-util.h"

static void
test_custodians (CdTestCase    *tc,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *id = NULL;
  char *secret = cd_age_identity_generate (&recipient);

  cd_crypto_secure_free (secret);
  id = cd_store_add_custodian (tc->store, "清算组 律师 韩梅梅", recipient, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  g_assert_null (cd_store_add_custodian (tc->store, "someone else", recipient, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (cd_store_add_custodian (tc->store, "x", "age1notakey", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (cd_store_add_custodian (tc->store, "  ", recipient, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  list = cd_store_list_custodians (tc->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((CdCustodian *) list->pdata[0])->name, ==, "清算组 律师 韩梅梅");
  g_assert_cmpstr (((CdCustodian *) list->pdata[0])->recipient, ==, recipient);

  /* The name is sealed in the file. */
  g_clear_object (&tc->store);
  g_assert_false (cd_test_file_contains (tc->path, "韩梅梅", strlen ("韩梅梅")));
}

static void
test_vaults (CdTestCase    *tc,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *id = NULL;
  g_autofree char *file = g_build_filename (tc->dir, "会计档案-2026.age", NULL);
  const char *hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  const char *recipients[] = { NULL, NULL };
  char *secret = cd_age_identity_generate (&recipient);

  cd_crypto_secure_free (secret);
  recipients[0] = recipient;
  id = cd_store_add_vault (tc->store, file, hash, 12345, 7, recipients, FALSE, "2056-12-31", &error);
  g_assert_no_error (error);

  /* Malformed: no key and no passphrase, a bad date, a bad hash. */
  g_assert_null (cd_store_add_vault (tc->store, file, hash, 1, 1, NULL, FALSE, NULL, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (cd_store_add_vault (tc->store, file, hash, 1, 1, recipients, FALSE, "2056-13-40", &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (cd_store_add_vault (tc->store, file, "abc", 1, 1, recipients, FALSE, NULL, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (cd_store_change_passphrase (tc->store, CD_TEST_PASSPHRASE, "another", NULL, &error));
  list = cd_store_list_vaults (tc->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  {
    const CdVaultRecord *record = list->pdata[0];

    g_assert_cmpstr (record->id, ==, id);
    g_assert_cmpstr (record->file, ==, file);
    g_assert_cmpstr (record->sha256, ==, hash);
    g_assert_cmpuint (record->size, ==, 12345);
    g_assert_cmpuint (record->members, ==, 7);
    g_assert_cmpuint (g_strv_length (record->recipients), ==, 1);
    g_assert_cmpstr (record->recipients[0], ==, recipient);
    g_assert_false (record->passphrase);
    g_assert_cmpstr (record->retain_until, ==, "2056-12-31");
    g_assert_cmpstr (record->state, ==, "kept");
  }
  g_clear_object (&tc->store);
  g_assert_false (cd_test_file_contains (tc->path, "会计档案", strlen ("会计档案")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add ("/store-vaults/custodians", CdTestCase, NULL, cd_test_case_setup, test_custodians,
              cd_test_case_teardown);
  g_test_add ("/store-vaults/vaults", CdTestCase, NULL, cd_test_case_setup, test_vaults, cd_test_case_teardown);

  return g_test_run ();
}
