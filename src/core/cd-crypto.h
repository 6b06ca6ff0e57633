/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Case keys: Argon2id from the passphrase, XChaCha20-Poly1305 sealing of
 * identifying fields and a keyed BLAKE2b blind index for equality lookups.
 * All of it libsodium; keys live in sodium_malloc'd, locked memory. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_CRYPTO_ERROR (cd_crypto_error_quark ())

typedef enum
{
  CD_CRYPTO_ERROR_INIT,
  CD_CRYPTO_ERROR_KDF,
  CD_CRYPTO_ERROR_DECRYPT,
  CD_CRYPTO_ERROR_EMPTY_PASSPHRASE,
} CdCryptoError;

#define CD_CRYPTO_SALT_BYTES  16
#define CD_CRYPTO_INDEX_BYTES 16

/* Argon2id cost, stored in the case file so it can be raised later. */
typedef struct
{
  guint64 opslimit;
  guint64 memlimit;
} CdKdfParams;

typedef struct _CdKeys CdKeys;

GQuark   cd_crypto_error_quark        (void);
gboolean cd_crypto_init               (GError           **error);
void     cd_kdf_params_init_default   (CdKdfParams       *params);
void     cd_kdf_params_init_fast      (CdKdfParams       *params);
gboolean cd_kdf_params_are_sane       (const CdKdfParams *params);
void     cd_crypto_random_salt        (guint8             salt[CD_CRYPTO_SALT_BYTES]);
CdKeys  *cd_keys_derive               (const char        *passphrase,
                                       const guint8       salt[CD_CRYPTO_SALT_BYTES],
                                       const CdKdfParams *params,
                                       GError           **error);
void     cd_keys_free                 (CdKeys            *keys);
GBytes  *cd_keys_seal                 (CdKeys            *keys,
                                       const char        *context,
                                       const void        *plain,
                                       gsize              len);
GBytes  *cd_keys_seal_string          (CdKeys            *keys,
                                       const char        *context,
                                       const char        *text);
char    *cd_keys_open_string          (CdKeys            *keys,
                                       const char        *context,
                                       const void        *sealed,
                                       gsize              len,
                                       GError           **error);
void     cd_keys_blind_index          (CdKeys            *keys,
                                       const char        *domain,
                                       const char        *normalized,
                                       guint8             out[CD_CRYPTO_INDEX_BYTES]);
char    *cd_crypto_secure_strdup      (const char        *text);
void     cd_crypto_secure_free        (char              *text);
void     cd_crypto_wipe_free          (char              *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdKeys, cd_keys_free)

G_END_DECLS
