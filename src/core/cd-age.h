/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The age v1 file format (https://age-encryption.org/v1): X25519 and
 * scrypt stanzas, the header MAC and the ChaCha20-Poly1305 STREAM payload,
 * as a streaming writer and reader over GIO streams. Files it writes open
 * with the stock `age` tool and files `age` writes open here, so a retained
 * archive outlives the app. Only libsodium primitives; see cd-age.c. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_AGE_ERROR (cd_age_error_quark ())

typedef enum
{
  CD_AGE_ERROR_FAILED,
  /* A recipient, identity or identity file that is not a valid age key,
   * or an empty passphrase. */
  CD_AGE_ERROR_INVALID_KEY,
  /* None of the identities opens the file (or it needs a key, not a
   * passphrase). */
  CD_AGE_ERROR_NO_IDENTITY_MATCHED,
  /* The file is protected by a passphrase and none was given. */
  CD_AGE_ERROR_PASSPHRASE_REQUIRED,
  CD_AGE_ERROR_WRONG_PASSPHRASE,
  /* Not an age v1 file, a malformed header, or a header MAC that does
   * not verify. */
  CD_AGE_ERROR_HEADER_INVALID,
  /* The file provably ends early: inside the header or nonce, or right
   * after a chunk that is not the last one. */
  CD_AGE_ERROR_TRUNCATED,
  /* A payload chunk fails authentication. A file cut in the middle of its
   * last chunk looks exactly like this: nothing can tell the two apart. */
  CD_AGE_ERROR_DAMAGED,
  /* Bytes after the authenticated final chunk. */
  CD_AGE_ERROR_TRAILING_DATA,
  /* Beyond what we accept: scrypt work factor, header size, stanzas. */
  CD_AGE_ERROR_LIMIT,
} CdAgeError;

#define CD_AGE_KEY_BYTES                 32
/* What writers use unless told otherwise (age's own default): 256 MiB. */
#define CD_AGE_SCRYPT_LOG_N_DEFAULT      18
/* The highest work factor a reader accepts unless told otherwise (age's
 * own limit). N = 2^22 needs 4 GiB of memory. */
#define CD_AGE_SCRYPT_LOG_N_MAX_DEFAULT  22
/* Stanzas in one header: the most recipients a writer takes and the most
 * stanzas a reader parses. */
#define CD_AGE_MAX_STANZAS               64
#define CD_AGE_MAX_HEADER_BYTES          (1024 * 1024)

typedef struct _CdAgeWriter CdAgeWriter;
typedef struct _CdAgeReader CdAgeReader;

GQuark        cd_age_error_quark            (void);

/* Keys. Secret keys ("AGE-SECRET-KEY-1…") are returned in sodium_malloc'd
 * memory: free them with cd_crypto_secure_free(). */
char         *cd_age_identity_generate      (char                **out_recipient);
gboolean      cd_age_recipient_parse        (const char           *text,
                                             guint8                pk[CD_AGE_KEY_BYTES],
                                             GError              **error);
gboolean      cd_age_identity_parse         (const char           *text,
                                             guint8                sk[CD_AGE_KEY_BYTES],
                                             GError              **error);
char         *cd_age_identity_to_recipient  (const char           *identity,
                                             GError              **error);
char         *cd_age_recipient_from_key     (const guint8          pk[CD_AGE_KEY_BYTES]);
/* Writes @identity to a new file @path (never over an existing one:
 * G_IO_ERROR_EXISTS), readable by its owner only, as age-keygen does:
 * "# created:", "# public key:" and the key; synced; the text wiped. */
gboolean      cd_age_identity_write_file    (const char           *path,
                                             const char           *identity,
                                             const char           *recipient,
                                             GError              **error);
/* Identity files as age-keygen writes them: comment lines ("# …"), blank
 * lines and one secret key per line. A NULL-terminated array of secure
 * strings; free with cd_age_identities_free(). */
char        **cd_age_identities_parse       (const char           *contents,
                                             gsize                 len,
                                             GError              **error);
char        **cd_age_identities_load        (const char           *path,
                                             GError              **error);
void          cd_age_identities_free        (char                **identities);

/* Writer. Exactly one of @recipients (one or more "age1…") or
 * @passphrase (both or neither is a CD_AGE_ERROR_FAILED error: the format
 * wants a passphrase stanza alone); @scrypt_log_n 0 means
 * CD_AGE_SCRYPT_LOG_N_DEFAULT. Does no
 * I/O: the header goes out with the first write or finish. Memory use does
 * not depend on the amount of data. finish() does not close @out. */
CdAgeWriter  *cd_age_writer_new             (GOutputStream        *out,
                                             const char * const   *recipients,
                                             const char           *passphrase,
                                             guint                 scrypt_log_n,
                                             GError              **error);
gboolean      cd_age_writer_write           (CdAgeWriter          *writer,
                                             const void           *data,
                                             gsize                 len,
                                             GCancellable         *cancellable,
                                             GError              **error);
gboolean      cd_age_writer_finish          (CdAgeWriter          *writer,
                                             GCancellable         *cancellable,
                                             GError              **error);
void          cd_age_writer_free            (CdAgeWriter          *writer);

/* Reader. Reads and authenticates the header; @identities are secret keys
 * (as strings), @passphrase for scrypt files; @max_scrypt_log_n 0 means
 * CD_AGE_SCRYPT_LOG_N_MAX_DEFAULT. read() returns plaintext only from
 * chunks that have been authenticated, 0 once the final chunk has been
 * verified and nothing follows it, -1 with an error otherwise (and the
 * same error on every later call). */
CdAgeReader  *cd_age_reader_new             (GInputStream         *in,
                                             const char * const   *identities,
                                             const char           *passphrase,
                                             guint                 max_scrypt_log_n,
                                             GCancellable         *cancellable,
                                             GError              **error);
gssize        cd_age_reader_read            (CdAgeReader          *reader,
                                             void                 *buffer,
                                             gsize                 len,
                                             GCancellable         *cancellable,
                                             GError              **error);
void          cd_age_reader_free            (CdAgeReader          *reader);

/* Whole files. The output is written through g_file_replace() and
 * discarded on any error, so a damaged archive leaves nothing behind;
 * decrypted output is created private (0600). */
gboolean      cd_age_encrypt_file           (const char           *in_path,
                                             const char           *out_path,
                                             const char * const   *recipients,
                                             const char           *passphrase,
                                             guint                 scrypt_log_n,
                                             GCancellable         *cancellable,
                                             GError              **error);
gboolean      cd_age_decrypt_file           (const char           *in_path,
                                             const char           *out_path,
                                             const char * const   *identities,
                                             const char           *passphrase,
                                             guint                 max_scrypt_log_n,
                                             GCancellable         *cancellable,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAgeWriter, cd_age_writer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAgeReader, cd_age_reader_free)

G_END_DECLS
