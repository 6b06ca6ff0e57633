/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Ed25519 keys, public key files and detached signatures in the minisign
 * format (https://jedisct1.github.io/minisign/), so that exported audit logs
 * and reports can be checked with the stock `minisign -V` tool for as long
 * as anyone keeps the file — without Closure Desk. Format layer only: the
 * case store keeps the seed and key id sealed with the case key. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_MINISIGN_ERROR (cd_minisign_error_quark ())

typedef enum
{
  CD_MINISIGN_ERROR_INVALID_KEY,                    /* not a (well-formed) minisign public key */
  CD_MINISIGN_ERROR_INVALID_SIGNATURE,              /* not a (well-formed) minisign signature */
  CD_MINISIGN_ERROR_INVALID_COMMENT,                /* a comment to sign is not one printable line */
  CD_MINISIGN_ERROR_KEY_MISMATCH,                   /* signed by a key with another key id */
  CD_MINISIGN_ERROR_BAD_SIGNATURE,                  /* the file does not match the signature */
  CD_MINISIGN_ERROR_BAD_TRUSTED_COMMENT_SIGNATURE,  /* the trusted comment was altered */
  CD_MINISIGN_ERROR_TOO_LARGE,                      /* legacy signature over a file too big to load */
  CD_MINISIGN_ERROR_FAILED,
} CdMinisignError;

#define CD_MINISIGN_SEED_BYTES          32
#define CD_MINISIGN_PUBLIC_KEY_BYTES    32
#define CD_MINISIGN_KEY_ID_BYTES        8
#define CD_MINISIGN_SIGNATURE_BYTES     64

/* Limits of minisign 0.11 itself: longer comments make `minisign -V` fail. */
#define CD_MINISIGN_UNTRUSTED_COMMENT_MAX 1003
#define CD_MINISIGN_TRUSTED_COMMENT_MAX   8173

/* Largest file a legacy ("Ed", not prehashed) signature is checked over:
 * those sign the whole file, which must then be held in memory. */
#define CD_MINISIGN_LEGACY_MAX_BYTES    ((gsize) 256 * 1024 * 1024)

/* A public key as minisign stores it: the key id (8 bytes, in file order,
 * i.e. a little-endian u64) and the Ed25519 public key. */
typedef struct
{
  guint8 key_id[CD_MINISIGN_KEY_ID_BYTES];
  guint8 public_key[CD_MINISIGN_PUBLIC_KEY_BYTES];
} CdMinisignPublicKey;

/* A signing key; the secret half lives in sodium_malloc'd memory. */
typedef struct _CdMinisignKey CdMinisignKey;

GQuark         cd_minisign_error_quark          (void);

CdMinisignKey *cd_minisign_key_generate         (GError                   **error);
CdMinisignKey *cd_minisign_key_new_from_seed    (const guint8               seed[CD_MINISIGN_SEED_BYTES],
                                                 const guint8               key_id[CD_MINISIGN_KEY_ID_BYTES],
                                                 GError                   **error);
void           cd_minisign_key_free             (CdMinisignKey             *key);
void           cd_minisign_key_get_seed         (const CdMinisignKey       *key,
                                                 guint8                     seed[CD_MINISIGN_SEED_BYTES]);
void           cd_minisign_key_get_public       (const CdMinisignKey       *key,
                                                 CdMinisignPublicKey       *out);
const guint8  *cd_minisign_key_get_id           (const CdMinisignKey       *key);

char          *cd_minisign_key_id_to_string     (const guint8               key_id[CD_MINISIGN_KEY_ID_BYTES]);
char          *cd_minisign_public_key_base64    (const CdMinisignKey       *key);
char          *cd_minisign_public_key_file      (const CdMinisignKey       *key,
                                                 const char                *untrusted_comment);
char          *cd_minisign_public_key_to_base64 (const CdMinisignPublicKey *public_key);
char          *cd_minisign_public_key_to_file   (const CdMinisignPublicKey *public_key,
                                                 const char                *untrusted_comment);
gboolean       cd_minisign_public_key_parse     (const char                *text,
                                                 gssize                     length,
                                                 CdMinisignPublicKey       *out,
                                                 GError                   **error);

char          *cd_minisign_sign_stream          (const CdMinisignKey       *key,
                                                 GInputStream              *stream,
                                                 const char                *trusted_comment,
                                                 const char                *untrusted_comment,
                                                 GCancellable              *cancellable,
                                                 GError                   **error);
char          *cd_minisign_sign_bytes           (const CdMinisignKey       *key,
                                                 GBytes                    *data,
                                                 const char                *trusted_comment,
                                                 const char                *untrusted_comment,
                                                 GError                   **error);
gboolean       cd_minisign_sign_file            (const CdMinisignKey       *key,
                                                 const char                *path,
                                                 const char                *trusted_comment,
                                                 const char                *untrusted_comment,
                                                 const char                *out_sig_path,
                                                 GCancellable              *cancellable,
                                                 GError                   **error);

gboolean       cd_minisign_verify_stream        (const CdMinisignPublicKey *public_key,
                                                 const char                *signature,
                                                 gssize                     signature_length,
                                                 GInputStream              *stream,
                                                 char                     **out_trusted_comment,
                                                 GCancellable              *cancellable,
                                                 GError                   **error);
gboolean       cd_minisign_verify_bytes         (const CdMinisignPublicKey *public_key,
                                                 const char                *signature,
                                                 gssize                     signature_length,
                                                 GBytes                    *data,
                                                 char                     **out_trusted_comment,
                                                 GError                   **error);
gboolean       cd_minisign_verify_file          (const CdMinisignPublicKey *public_key,
                                                 const char                *path,
                                                 const char                *sig_path,
                                                 char                     **out_trusted_comment,
                                                 GCancellable              *cancellable,
                                                 GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdMinisignKey, cd_minisign_key_free)

G_END_DECLS
