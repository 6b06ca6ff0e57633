/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Key derivation, field sealing and blind indexes for the case file, built
 * only from libsodium primitives (see cd-crypto.h). */

#include "config.h"

#define G_LOG_DOMAIN "cd-crypto"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cd-crypto.h"

/* Subkeys are derived from the Argon2id output with crypto_kdf (BLAKE2b), so
 * a leak of one purpose's key says nothing about the other. */
#define KDF_CONTEXT       "CDCASE01"
#define SUBKEY_SEAL       1
#define SUBKEY_INDEX      2

struct _CdKeys
{
  guint8 seal[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  guint8 index[crypto_generichash_KEYBYTES];
};

G_DEFINE_QUARK (cd_crypto_error_quark, cd_crypto_error)

G_STATIC_ASSERT (CD_CRYPTO_SALT_BYTES == crypto_pwhash_SALTBYTES);

/**
 * cd_crypto_init:
 *
 * Initialises libsodium. Safe to call more than once.
 */
gboolean
cd_crypto_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_INIT,
                   _("The cryptography library could not be initialised"));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_kdf_params_init_default:
 *
 * Argon2id with 3 passes over 64 MiB: above OWASP's minimum (19 MiB, t=2)
 * while opening a case stays well under a second on an office PC and within
 * the memory budget of a 100,000-customer case.
 */
void
cd_kdf_params_init_default (CdKdfParams *params)
{
  params->opslimit = 3;
  params->memlimit = 64u * 1024 * 1024;
}

/**
 * cd_kdf_params_init_fast:
 *
 * libsodium's minimum cost. Only for tests, where hundreds of cases are made.
 */
void
cd_kdf_params_init_fast (CdKdfParams *params)
{
  params->opslimit = crypto_pwhash_OPSLIMIT_MIN;
  params->memlimit = crypto_pwhash_MEMLIMIT_MIN;
}

/**
 * cd_kdf_params_are_sane:
 *
 * Parameters come from the case file, which is untrusted input: refuse
 * values that would let a crafted file make us allocate gigabytes.
 */
gboolean
cd_kdf_params_are_sane (const CdKdfParams *params)
{
  return params->opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
         params->opslimit <= 64 &&
         params->memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
         params->memlimit <= (guint64) 1024 * 1024 * 1024;
}

void
cd_crypto_random_salt (guint8 salt[CD_CRYPTO_SALT_BYTES])
{
  randombytes_buf (salt, CD_CRYPTO_SALT_BYTES);
}

/**
 * cd_keys_derive:
 * @passphrase: the case passphrase (UTF-8)
 * @salt: the case's random salt
 * @params: Argon2id cost
 *
 * Returns: (transfer full): the case keys in locked memory, to be freed
 *   with cd_keys_free() which wipes them.
 */
CdKeys *
cd_keys_derive (const char        *passphrase,
                const guint8       salt[CD_CRYPTO_SALT_BYTES],
                const CdKdfParams *params,
                GError           **error)
{
  guint8 *master;
  CdKeys *keys;

  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (!cd_crypto_init (error))
    return NULL;

  if (*passphrase == '\0')
    {
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_EMPTY_PASSPHRASE,
                   _("The passphrase is empty"));
      return NULL;
    }

  if (!cd_kdf_params_are_sane (params))
    {
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_KDF,
                   _("The case file asks for key-derivation settings outside the safe range"));
      return NULL;
    }

  master = sodium_malloc (crypto_kdf_KEYBYTES);
  keys = sodium_malloc (sizeof (CdKeys));
  if (master == NULL || keys == NULL)
    {
      sodium_free (master);
      sodium_free (keys);
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_KDF,
                   _("Not enough secure memory to hold the case key"));
      return NULL;
    }

  if (crypto_pwhash (master, crypto_kdf_KEYBYTES,
                     passphrase, strlen (passphrase), salt,
                     params->opslimit, (size_t) params->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      sodium_free (master);
      sodium_free (keys);
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_KDF,
                   _("Not enough memory to derive the case key from the passphrase"));
      return NULL;
    }

  crypto_kdf_derive_from_key (keys->seal, sizeof keys->seal, SUBKEY_SEAL, KDF_CONTEXT, master);
  crypto_kdf_derive_from_key (keys->index, sizeof keys->index, SUBKEY_INDEX, KDF_CONTEXT, master);
  sodium_free (master);   /* sodium_free wipes before freeing */

  sodium_mprotect_readonly (keys);

  return keys;
}

void
cd_keys_free (CdKeys *keys)
{
  if (keys == NULL)
    return;

  sodium_mprotect_readwrite (keys);
  sodium_free (keys);
}

/**
 * cd_keys_seal:
 * @context: where the value lives, e.g. "customers.phone:<row id>"; bound
 *   in as associated data so a sealed value cannot be moved to another row
 *   or column without detection
 *
 * Returns: (transfer full): nonce ‖ XChaCha20-Poly1305 ciphertext.
 */
GBytes *
cd_keys_seal (CdKeys     *keys,
              const char *context,
              const void *plain,
              gsize       len)
{
  const gsize npub = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  gsize out_len = npub + len + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  guint8 *out = g_malloc (out_len);
  unsigned long long clen = 0;

  g_return_val_if_fail (keys != NULL, NULL);

  randombytes_buf (out, npub);
  crypto_aead_xchacha20poly1305_ietf_encrypt (out + npub, &clen,
                                              plain, len,
                                              (const guint8 *) context, strlen (context),
                                              NULL, out, keys->seal);
  g_assert (clen + npub == out_len);

  return g_bytes_new_take (out, out_len);
}

GBytes *
cd_keys_seal_string (CdKeys     *keys,
                     const char *context,
                     const char *text)
{
  if (text == NULL)
    return NULL;
  return cd_keys_seal (keys, context, text, strlen (text));
}

/**
 * cd_keys_open_string:
 *
 * Returns: (transfer full): the plaintext, or %NULL with
 *   %CD_CRYPTO_ERROR_DECRYPT if the value was altered, moved or sealed
 *   under another key.
 */
char *
cd_keys_open_string (CdKeys      *keys,
                     const char  *context,
                     const void  *sealed,
                     gsize        len,
                     GError     **error)
{
  const gsize npub = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  const guint8 *in = sealed;
  unsigned long long plen = 0;
  char *out;

  g_return_val_if_fail (keys != NULL, NULL);

  if (len < npub + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    {
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_DECRYPT,
                   _("A sealed value in the case file is damaged"));
      return NULL;
    }

  out = g_malloc (len - npub - crypto_aead_xchacha20poly1305_ietf_ABYTES + 1);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt ((guint8 *) out, &plen, NULL,
                                                  in + npub, len - npub,
                                                  (const guint8 *) context, strlen (context),
                                                  in, keys->seal) != 0)
    {
      g_free (out);
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_DECRYPT,
                   _("A sealed value in the case file is damaged or was not sealed with this "
                     "case's key"));
      return NULL;
    }
  out[plen] = '\0';

  return out;
}

/**
 * cd_keys_blind_index:
 * @domain: what kind of value this is ("phone", "id_number", …), so equal
 *   strings of different kinds do not collide
 * @normalized: the value after normalisation
 *
 * Keyed BLAKE2b, truncated to 128 bits: enough to find duplicates among
 * millions of customers, useless to anyone without the case key.
 */
void
cd_keys_blind_index (CdKeys     *keys,
                     const char *domain,
                     const char *normalized,
                     guint8      out[CD_CRYPTO_INDEX_BYTES])
{
  crypto_generichash_state state;

  crypto_generichash_init (&state, keys->index, sizeof keys->index, CD_CRYPTO_INDEX_BYTES);
  crypto_generichash_update (&state, (const guint8 *) domain, strlen (domain) + 1);
  crypto_generichash_update (&state, (const guint8 *) normalized, strlen (normalized));
  crypto_generichash_final (&state, out, CD_CRYPTO_INDEX_BYTES);
  sodium_memzero (&state, sizeof state);
}

/**
 * cd_crypto_secure_strdup:
 *
 * Copies a passphrase into guarded, locked memory.
 * Free with cd_crypto_secure_free(), which wipes it.
 */
char *
cd_crypto_secure_strdup (const char *text)
{
  gsize len;
  char *copy;

  if (text == NULL)
    return NULL;
  if (sodium_init () < 0)
    return NULL;

  len = strlen (text);
  copy = sodium_malloc (len + 1);
  if (copy == NULL)
    return NULL;
  memcpy (copy, text, len + 1);
  return copy;
}

void
cd_crypto_secure_free (char *text)
{
  if (text != NULL)
    sodium_free (text);
}

/**
 * cd_crypto_wipe_free:
 *
 * Wipes and frees a string from g_malloc() that held personal data, so it
 * does not linger in freed heap memory.
 */
void
cd_crypto_wipe_free (char *text)
{
  if (text == NULL)
    return;
  sodium_memzero (text, strlen (text));
  g_free (text);
}
