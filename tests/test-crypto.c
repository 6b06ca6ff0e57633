/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of key derivation, sealing and blind indexes. */

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "cd-test-util.h"

static CdKeys *
derive (const char *passphrase,
        guint8      salt_byte)
{
  g_autoptr(GError) error = NULL;
  guint8 salt[CD_CRYPTO_SALT_BYTES];
  CdKdfParams params;
  CdKeys *keys;

  memset (salt, salt_byte, sizeof salt);
  cd_kdf_params_init_fast (&params);
  keys = cd_keys_derive (passphrase, salt, &params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (keys);
  return keys;
}

static void
test_seal_roundtrip (void)
{
  g_autoptr(CdKeys) keys = derive ("口令", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = cd_keys_seal_string (keys, "customers.name:abc", "张三");
  g_autoptr(GBytes) sealed2 = cd_keys_seal_string (keys, "customers.name:abc", "张三");
  g_autofree char *plain = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (sealed, &len);

  plain = cd_keys_open_string (keys, "customers.name:abc", data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "张三");

  /* Random nonces: the same value seals differently each time. */
  g_assert_false (g_bytes_equal (sealed, sealed2));
  g_assert_null (memmem (data, len, "张三", strlen ("张三")));
}

static void
test_seal_bound_to_context (void)
{
  g_autoptr(CdKeys) keys = derive ("口令", 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = cd_keys_seal_string (keys, "customers.name:abc", "张三");
  gsize len;
  const guint8 *data = g_bytes_get_data (sealed, &len);
  g_autofree guint8 *copy = g_memdup2 (data, len);
  char *plain;

  /* Moved to another row or column: refused. */
  plain = cd_keys_open_string (keys, "customers.name:abd", data, len, &error);
  g_assert_null (plain);
  g_assert_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_DECRYPT);
  g_clear_error (&error);

  /* One flipped bit: refused. */
  copy[len - 1] ^= 1;
  plain = cd_keys_open_string (keys, "customers.name:abc", copy, len, &error);
  g_assert_null (plain);
  g_assert_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_DECRYPT);
  g_clear_error (&error);

  /* Too short to be a sealed value. */
  plain = cd_keys_open_string (keys, "customers.name:abc", data, 10, &error);
  g_assert_null (plain);
  g_assert_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_DECRYPT);
}

static void
test_wrong_key (void)
{
  g_autoptr(CdKeys) keys = derive ("口令", 1);
  g_autoptr(CdKeys) other = derive ("口令!", 1);
  g_autoptr(CdKeys) other_salt = derive ("口令", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = cd_keys_seal_string (keys, "x", "secret");
  gsize len;
  const guint8 *data = g_bytes_get_data (sealed, &len);

  g_assert_null (cd_keys_open_string (other, "x", data, len, &error));
  g_assert_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_DECRYPT);
  g_clear_error (&error);
  g_assert_null (cd_keys_open_string (other_salt, "x", data, len, &error));
  g_assert_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_DECRYPT);
}

static void
test_blind_index (void)
{
  g_autoptr(CdKeys) keys = derive ("口令", 1);
  g_autoptr(CdKeys) again = derive ("口令", 1);
  g_autoptr(CdKeys) other = derive ("另一个", 1);
  guint8 a[CD_CRYPTO_INDEX_BYTES], b[CD_CRYPTO_INDEX_BYTES], c[CD_CRYPTO_INDEX_BYTES];
  guint8 d[CD_CRYPTO_INDEX_BYTES];

  cd_keys_blind_index (keys, "phone", "13812345678", a);
  cd_keys_blind_index (again, "phone", "13812345678", b);
  cd_keys_blind_index (other, "phone", "13812345678", c);
  cd_keys_blind_index (keys, "id_number", "13812345678", d);

  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  g_assert_true (memcmp (a, c, sizeof a) != 0);
  g_assert_true (memcmp (a, d, sizeof a) != 0);
}

static void
test_params (void)
{
  g_autoptr(GError) error = NULL;
  guint8 salt[CD_CRYPTO_SALT_BYTES] = { 0 };
  CdKdfParams params;
  CdKeys *keys;

  cd_kdf_params_init_default (&params);
  g_assert_true (cd_kdf_params_are_sane (&params));
  g_assert_cmpuint (params.memlimit, >=, 19 * 1024 * 1024);

  /* A crafted case file asking for 1 TiB of memory is refused. */
  params.memlimit = (guint64) 1 << 40;
  keys = cd_keys_derive ("x", salt, &params, &error);
  g_assert_null (keys);
  g_assert_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_KDF);
  g_clear_error (&error);

  cd_kdf_params_init_fast (&params);
  keys = cd_keys_derive ("", salt, &params, &error);
  g_assert_null (keys);
  g_assert_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_EMPTY_PASSPHRASE);
}

static void
test_secure_strdup (void)
{
  char *copy = cd_crypto_secure_strdup ("passphrase");

  g_assert_cmpstr (copy, ==, "passphrase");
  cd_crypto_secure_free (copy);
  cd_crypto_secure_free (NULL);
}

/* CdSha256 (nettle) gives exactly libsodium's SHA-256, whatever the input
 * and however it is split: FIPS 180-2's vectors, then random lengths
 * around the 64-byte block, fed in random pieces. */
static void
test_sha256 (void)
{
  static const struct { const char *in; const char *hex; } vectors[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };
  g_autoptr(CdSha256) hash = cd_sha256_new ();
  g_autofree guint8 *data = g_malloc (200000);
  char hex[CD_SHA256_HEX_LENGTH + 1];

  g_assert_true (cd_crypto_init (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      cd_sha256_update (hash, vectors[i].in, strlen (vectors[i].in));
      cd_sha256_finish_hex (hash, hex);
      g_assert_cmpstr (hex, ==, vectors[i].hex);
    }

  randombytes_buf (data, 200000);
  for (guint round = 0; round < 300; round++)
    {
      gsize len = round < 200 ? round : (gsize) g_test_rand_int_range (0, 200000);
      guint8 digest[crypto_hash_sha256_BYTES];
      char expected[CD_SHA256_HEX_LENGTH + 1];
      gsize done = 0;

      while (done < len)
        {
          gsize piece = (gsize) g_test_rand_int_range (0, 5000);
          gsize take = MIN (len - done, piece);

          cd_sha256_update (hash, data + done, take);
          done += take;
        }
      cd_sha256_finish_hex (hash, hex);
      crypto_hash_sha256 (digest, data, len);
      sodium_bin2hex (expected, sizeof expected, digest, sizeof digest);
      g_assert_cmpstr (hex, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add_func ("/crypto/seal/roundtrip", test_seal_roundtrip);
  g_test_add_func ("/crypto/seal/context", test_seal_bound_to_context);
  g_test_add_func ("/crypto/seal/wrong-key", test_wrong_key);
  g_test_add_func ("/crypto/blind-index", test_blind_index);
  g_test_add_func ("/crypto/kdf/params", test_params);
  g_test_add_func ("/crypto/secure-strdup", test_secure_strdup);
  g_test_add_func ("/crypto/sha256", test_sha256);

  return g_test_run ();
}
