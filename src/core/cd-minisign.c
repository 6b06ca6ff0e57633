/* SPDX-License-Identifier: GPL-3.0-or-later */
/* minisign public keys and signatures with libsodium (see cd-minisign.h).
 *
 * Public key: "untrusted comment: …\n" base64("Ed" ‖ key id ‖ pk) "\n".
 * Signature:  "untrusted comment: …\n"
 *             base64("ED" ‖ key id ‖ Ed25519(BLAKE2b-512(file))) "\n"
 *             "trusted comment: …\n"
 *             base64(Ed25519(that signature ‖ trusted comment)) "\n"
 * Legacy "Ed" signatures sign the file itself; we verify them, never write
 * them. Parsing is stricter than minisign's (exact line count, canonical
 * base64, printable comments) because these files are evidence: anything we
 * accept must also be accepted by `minisign -V`, and anything odd is better
 * refused with a reason than half-read. */

#include "config.h"

#define G_LOG_DOMAIN "cd-minisign"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cd-crypto.h"
#include "cd-minisign.h"

#define UNTRUSTED_PREFIX   "untrusted comment: "
#define TRUSTED_PREFIX     "trusted comment: "
#define ALG_BYTES          2
#define ALG_LEGACY         "Ed"
#define ALG_PREHASHED      "ED"
#define HASH_BYTES         crypto_generichash_BYTES_MAX
#define SIG_BLOB_BYTES     (ALG_BYTES + CD_MINISIGN_KEY_ID_BYTES + CD_MINISIGN_SIGNATURE_BYTES)
#define PK_BLOB_BYTES      (ALG_BYTES + CD_MINISIGN_KEY_ID_BYTES + CD_MINISIGN_PUBLIC_KEY_BYTES)
/* What a minisign secret key file decodes to, recognised to say so. */
#define SK_BLOB_BYTES      158
#define READ_CHUNK         65536
/* A well-formed signature is < 9.4 KiB, a public key file < 1.1 KiB. */
#define SIGNATURE_TEXT_MAX  16384
#define PUBLIC_KEY_TEXT_MAX 4096

/* Untranslated on purpose: these end up inside files read by other tools
 * and by people in other countries, and minisign writes the same. */
#define DEFAULT_SIG_COMMENT "signature from minisign secret key"
#define DEFAULT_PK_COMMENT  "minisign public key %s"

struct _CdMinisignKey
{
  guint8 secret[crypto_sign_SECRETKEYBYTES];
  guint8 public_key[CD_MINISIGN_PUBLIC_KEY_BYTES];
  guint8 key_id[CD_MINISIGN_KEY_ID_BYTES];
};

typedef struct
{
  gboolean prehashed;
  guint8   key_id[CD_MINISIGN_KEY_ID_BYTES];
  guint8   signature[CD_MINISIGN_SIGNATURE_BYTES];
  char    *trusted_comment;
  guint8   global_signature[CD_MINISIGN_SIGNATURE_BYTES];
} ParsedSignature;

G_DEFINE_QUARK (cd_minisign_error_quark, cd_minisign_error)

G_STATIC_ASSERT (CD_MINISIGN_SEED_BYTES == crypto_sign_SEEDBYTES);
G_STATIC_ASSERT (CD_MINISIGN_PUBLIC_KEY_BYTES == crypto_sign_PUBLICKEYBYTES);
G_STATIC_ASSERT (CD_MINISIGN_SIGNATURE_BYTES == crypto_sign_BYTES);
G_STATIC_ASSERT (HASH_BYTES == 64);

static void
parsed_signature_clear (ParsedSignature *sig)
{
  g_clear_pointer (&sig->trusted_comment, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParsedSignature, parsed_signature_clear)

/* ---- keys ----------------------------------------------------------------- */

static CdMinisignKey *
key_alloc (GError **error)
{
  CdMinisignKey *key;

  if (!cd_crypto_init (error))
    return NULL;

  key = sodium_malloc (sizeof *key);
  if (key == NULL)
    {
      g_set_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_FAILED,
                   _("Not enough secure memory to hold the signing key"));
      return NULL;
    }
  return key;
}

/**
 * cd_minisign_key_generate:
 *
 * Makes a new Ed25519 key pair with a random key id. Store what
 * cd_minisign_key_get_seed() and cd_minisign_key_get_id() return (the seed
 * sealed) to recreate it with cd_minisign_key_new_from_seed().
 *
 * Returns: (transfer full): the key, free with cd_minisign_key_free().
 */
CdMinisignKey *
cd_minisign_key_generate (GError **error)
{
  CdMinisignKey *key = key_alloc (error);

  if (key == NULL)
    return NULL;

  crypto_sign_keypair (key->public_key, key->secret);
  randombytes_buf (key->key_id, sizeof key->key_id);
  sodium_mprotect_readonly (key);

  return key;
}

/**
 * cd_minisign_key_new_from_seed:
 * @seed: the 32-byte Ed25519 seed
 * @key_id: the key id minisign shows and checks
 *
 * Returns: (transfer full): the key, free with cd_minisign_key_free().
 */
CdMinisignKey *
cd_minisign_key_new_from_seed (const guint8  seed[CD_MINISIGN_SEED_BYTES],
                               const guint8  key_id[CD_MINISIGN_KEY_ID_BYTES],
                               GError      **error)
{
  CdMinisignKey *key;

  g_return_val_if_fail (seed != NULL, NULL);
  g_return_val_if_fail (key_id != NULL, NULL);

  key = key_alloc (error);
  if (key == NULL)
    return NULL;

  crypto_sign_seed_keypair (key->public_key, key->secret, seed);
  memcpy (key->key_id, key_id, sizeof key->key_id);
  sodium_mprotect_readonly (key);

  return key;
}

void
cd_minisign_key_free (CdMinisignKey *key)
{
  if (key == NULL)
    return;

  sodium_mprotect_readwrite (key);
  sodium_free (key);   /* wipes before freeing */
}

/**
 * cd_minisign_key_get_seed:
 * @seed: (out): where to copy the seed; the caller wipes it after use
 */
void
cd_minisign_key_get_seed (const CdMinisignKey *key,
                          guint8               seed[CD_MINISIGN_SEED_BYTES])
{
  g_return_if_fail (key != NULL);

  crypto_sign_ed25519_sk_to_seed (seed, key->secret);
}

void
cd_minisign_key_get_public (const CdMinisignKey *key,
                            CdMinisignPublicKey *out)
{
  g_return_if_fail (key != NULL);
  g_return_if_fail (out != NULL);

  memcpy (out->key_id, key->key_id, sizeof out->key_id);
  memcpy (out->public_key, key->public_key, sizeof out->public_key);
}

const guint8 *
cd_minisign_key_get_id (const CdMinisignKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return key->key_id;
}

/**
 * cd_minisign_key_id_to_string:
 *
 * Returns: (transfer full): the key id as minisign prints it: 16 upper-case
 *   hex digits of the id read as a little-endian 64-bit number.
 */
char *
cd_minisign_key_id_to_string (const guint8 key_id[CD_MINISIGN_KEY_ID_BYTES])
{
  guint64 le;

  memcpy (&le, key_id, sizeof le);
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "X", GUINT64_FROM_LE (le));
}

/* ---- text helpers --------------------------------------------------------- */

static char *
to_base64 (const guint8 *bin,
           gsize         len)
{
  gsize b64_len = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL);
  char *b64 = g_malloc (b64_len);

  sodium_bin2base64 (b64, b64_len, bin, len, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

/* Canonical, padded base64 filling the whole line, nothing else. */
static gboolean
from_base64 (const char *b64,
             gsize       b64_len,
             guint8     *bin,
             gsize       bin_max,
             gsize      *bin_len)
{
  const char *end = NULL;

  if (b64_len == 0)
    return FALSE;
  if (sodium_base642bin (bin, bin_max, b64, b64_len, NULL, bin_len, &end,
                         sodium_base64_VARIANT_ORIGINAL) != 0)
    return FALSE;
  return end == b64 + b64_len;
}

/* Next line of [*pos, end), without its "\n" or "\r\n". */
static gboolean
next_line (const char  **pos,
           const char   *end,
           const char  **line,
           gsize        *line_len)
{
  const char *p = *pos;
  const char *nl;

  if (p >= end)
    return FALSE;

  nl = memchr (p, '\n', end - p);
  *line = p;
  if (nl == NULL)
    {
      *line_len = end - p;
      *pos = end;
    }
  else
    {
      *line_len = nl - p;
      *pos = nl + 1;
    }
  if (*line_len > 0 && p[*line_len - 1] == '\r')
    (*line_len)--;

  return TRUE;
}

static gboolean
has_prefix (const char *line,
            gsize       line_len,
            const char *prefix)
{
  gsize n = strlen (prefix);

  return line_len >= n && memcmp (line, prefix, n) == 0;
}

typedef enum
{
  COMMENT_OK,
  COMMENT_MULTILINE,
  COMMENT_TOO_LONG,
  COMMENT_UNPRINTABLE,
} CommentProblem;

/* One line of UTF-8 without control characters. Tabs are allowed because
 * minisign's own default trusted comment uses them as separators. */
static CommentProblem
comment_check (const char *text,
               gsize       len,
               gsize       max)
{
  const char *p;

  if (memchr (text, '\n', len) != NULL || memchr (text, '\r', len) != NULL)
    return COMMENT_MULTILINE;
  if (len > max)
    return COMMENT_TOO_LONG;
  if (!g_utf8_validate_len (text, len, NULL))
    return COMMENT_UNPRINTABLE;

  for (p = text; p < text + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t')
        continue;
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029)
        return COMMENT_UNPRINTABLE;
    }

  return COMMENT_OK;
}

static gboolean
comment_validate (const char  *text,
                  gsize        len,
                  gboolean     trusted,
                  gint         code,
                  GError     **error)
{
  gsize max = trusted ? CD_MINISIGN_TRUSTED_COMMENT_MAX : CD_MINISIGN_UNTRUSTED_COMMENT_MAX;

  switch (comment_check (text, len, max))
    {
    case COMMENT_OK:
      return TRUE;

    case COMMENT_MULTILINE:
      g_set_error_literal (error, CD_MINISIGN_ERROR, code,
                           trusted ? _("The trusted comment must be a single line")
                                   : _("The untrusted comment must be a single line"));
      return FALSE;

    case COMMENT_TOO_LONG:
      if (trusted)
        g_set_error (error, CD_MINISIGN_ERROR, code,
                     _("The trusted comment is too long (at most %u bytes)"),
                     (guint) CD_MINISIGN_TRUSTED_COMMENT_MAX);
      else
        g_set_error (error, CD_MINISIGN_ERROR, code,
                     _("The untrusted comment is too long (at most %u bytes)"),
                     (guint) CD_MINISIGN_UNTRUSTED_COMMENT_MAX);
      return FALSE;

    case COMMENT_UNPRINTABLE:
    default:
      g_set_error_literal (error, CD_MINISIGN_ERROR, code,
                           trusted ? _("The trusted comment contains control characters or "
                                       "is not valid UTF-8")
                                   : _("The untrusted comment contains control characters or "
                                       "is not valid UTF-8"));
      return FALSE;
    }
}

/* Untrusted comments of public key files are informational only, so they
 * are made printable rather than refused. */
static char *
comment_sanitize (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize n = g_utf8_next_char (p) - p;

      if (out->len + n > CD_MINISIGN_UNTRUSTED_COMMENT_MAX)
        break;
      if (c != '\t' && (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029))
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, n);
    }

  return g_string_free (out, FALSE);
}

/* ---- public keys ---------------------------------------------------------- */

char *
cd_minisign_public_key_to_base64 (const CdMinisignPublicKey *public_key)
{
  guint8 blob[PK_BLOB_BYTES];

  g_return_val_if_fail (public_key != NULL, NULL);

  memcpy (blob, ALG_LEGACY, ALG_BYTES);
  memcpy (blob + ALG_BYTES, public_key->key_id, CD_MINISIGN_KEY_ID_BYTES);
  memcpy (blob + ALG_BYTES + CD_MINISIGN_KEY_ID_BYTES, public_key->public_key,
          CD_MINISIGN_PUBLIC_KEY_BYTES);

  return to_base64 (blob, sizeof blob);
}

/**
 * cd_minisign_public_key_to_file:
 * @untrusted_comment: (nullable): the first line's text; %NULL for
 *   minisign's "minisign public key <ID>". Control characters are replaced
 *   and an over-long comment is cut.
 *
 * Returns: (transfer full): the contents of a minisign public key file
 *   (two lines, for `minisign -V -p`).
 */
char *
cd_minisign_public_key_to_file (const CdMinisignPublicKey *public_key,
                                const char                *untrusted_comment)
{
  g_autofree char *b64 = NULL;
  g_autofree char *comment = NULL;

  g_return_val_if_fail (public_key != NULL, NULL);

  b64 = cd_minisign_public_key_to_base64 (public_key);
  if (untrusted_comment != NULL)
    {
      comment = comment_sanitize (untrusted_comment);
    }
  else
    {
      g_autofree char *id = cd_minisign_key_id_to_string (public_key->key_id);

      comment = g_strdup_printf (DEFAULT_PK_COMMENT, id);
    }

  return g_strconcat (UNTRUSTED_PREFIX, comment, "\n", b64, "\n", NULL);
}

/**
 * cd_minisign_public_key_base64:
 *
 * Returns: (transfer full): the public key on one line, as `minisign -P`
 *   takes it; short enough to print in a report.
 */
char *
cd_minisign_public_key_base64 (const CdMinisignKey *key)
{
  CdMinisignPublicKey pk;

  g_return_val_if_fail (key != NULL, NULL);

  cd_minisign_key_get_public (key, &pk);
  return cd_minisign_public_key_to_base64 (&pk);
}

char *
cd_minisign_public_key_file (const CdMinisignKey *key,
                             const char          *untrusted_comment)
{
  CdMinisignPublicKey pk;

  g_return_val_if_fail (key != NULL, NULL);

  cd_minisign_key_get_public (key, &pk);
  return cd_minisign_public_key_to_file (&pk, untrusted_comment);
}

/**
 * cd_minisign_public_key_parse:
 * @text: a minisign public key file, or just its base64 line
 * @length: length of @text, or -1 if nul-terminated
 *
 * Returns: %TRUE and fills @out, or %FALSE with %CD_MINISIGN_ERROR_INVALID_KEY.
 */
gboolean
cd_minisign_public_key_parse (const char           *text,
                              gssize                length,
                              CdMinisignPublicKey  *out,
                              GError              **error)
{
  gsize len;
  const char *pos;
  const char *end;
  const char *line;
  gsize line_len;
  guint8 blob[SK_BLOB_BYTES + 16];
  gsize blob_len = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  len = length < 0 ? strlen (text) : (gsize) length;
  if (len > PUBLIC_KEY_TEXT_MAX)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                           _("The file is too large to be a minisign public key"));
      return FALSE;
    }

  pos = text;
  end = text + len;
  if (!next_line (&pos, end, &line, &line_len) || line_len == 0)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                           _("The public key is empty"));
      return FALSE;
    }

  /* Either a whole key file, or the bare base64 line `minisign -P` takes. */
  if (has_prefix (line, line_len, UNTRUSTED_PREFIX))
    {
      gsize n = strlen (UNTRUSTED_PREFIX);

      if (!comment_validate (line + n, line_len - n, FALSE,
                             CD_MINISIGN_ERROR_INVALID_KEY, error))
        return FALSE;

      if (!next_line (&pos, end, &line, &line_len) || line_len == 0)
        {
          g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                               _("The public key file is truncated: the key line is missing"));
          return FALSE;
        }
    }

  if (pos < end)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                           _("The public key file has extra lines after the key"));
      return FALSE;
    }

  if (!from_base64 (line, line_len, blob, sizeof blob, &blob_len))
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                           _("This is not a minisign public key: the key is not valid base64 "
                             "(truncated or damaged?)"));
      return FALSE;
    }

  if (blob_len == SK_BLOB_BYTES)
    {
      sodium_memzero (blob, sizeof blob);
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                           _("This is a minisign secret key, not a public key; keep it private"));
      return FALSE;
    }
  if (blob_len != PK_BLOB_BYTES)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                           _("This is not a minisign public key: the key has the wrong length"));
      return FALSE;
    }
  if (memcmp (blob, ALG_LEGACY, ALG_BYTES) != 0)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY,
                           _("The public key uses an unsupported algorithm"));
      return FALSE;
    }

  memcpy (out->key_id, blob + ALG_BYTES, CD_MINISIGN_KEY_ID_BYTES);
  memcpy (out->public_key, blob + ALG_BYTES + CD_MINISIGN_KEY_ID_BYTES,
          CD_MINISIGN_PUBLIC_KEY_BYTES);
  return TRUE;
}

/* ---- reading -------------------------------------------------------------- */

static gboolean
hash_stream (GInputStream  *stream,
             guint8         out[HASH_BYTES],
             GCancellable  *cancellable,
             GError       **error)
{
  crypto_generichash_state state;
  g_autofree guint8 *buf = g_malloc (READ_CHUNK);

  crypto_generichash_init (&state, NULL, 0, HASH_BYTES);
  for (;;)
    {
      gssize n;

      /* Not every stream checks, and a multi-GiB file should stop promptly. */
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      n = g_input_stream_read (stream, buf, READ_CHUNK, cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      crypto_generichash_update (&state, buf, (gsize) n);
    }
  crypto_generichash_final (&state, out, HASH_BYTES);

  return TRUE;
}

/* Reads at most @max bytes; more is an error with @too_large_code. */
static GBytes *
read_stream_capped (GInputStream  *stream,
                    gsize          max,
                    gint           too_large_code,
                    const char    *too_large_message,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree guint8 *buf = g_malloc (READ_CHUNK);

  for (;;)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      n = g_input_stream_read (stream, buf, READ_CHUNK, cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + (gsize) n > max)
        {
          g_set_error_literal (error, CD_MINISIGN_ERROR, too_large_code, too_large_message);
          return NULL;
        }
      g_byte_array_append (data, buf, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* ---- signing -------------------------------------------------------------- */

static char *
default_trusted_comment (const char *file_name)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* Same shape as minisign's own default, so it reads familiar. */
  if (file_name != NULL &&
      comment_check (file_name, strlen (file_name), 256) == COMMENT_OK)
    return g_strdup_printf ("timestamp:%" G_GINT64_FORMAT "\tfile:%s\thashed", now, file_name);

  return g_strdup_printf ("timestamp:%" G_GINT64_FORMAT "\thashed", now);
}

static char *
sign_stream_internal (const CdMinisignKey  *key,
                      GInputStream         *stream,
                      const char           *file_name,
                      const char           *trusted_comment,
                      const char           *untrusted_comment,
                      GCancellable         *cancellable,
                      GError              **error)
{
  g_autofree char *tc = NULL;
  g_autofree guint8 *signed_comment = NULL;
  g_autofree char *sig_b64 = NULL;
  g_autofree char *global_b64 = NULL;
  guint8 digest[HASH_BYTES];
  guint8 blob[SIG_BLOB_BYTES];
  guint8 global[CD_MINISIGN_SIGNATURE_BYTES];
  guint8 *sig = blob + ALG_BYTES + CD_MINISIGN_KEY_ID_BYTES;
  gsize tc_len;

  if (untrusted_comment == NULL)
    untrusted_comment = DEFAULT_SIG_COMMENT;
  if (!comment_validate (untrusted_comment, strlen (untrusted_comment), FALSE,
                         CD_MINISIGN_ERROR_INVALID_COMMENT, error))
    return NULL;

  if (trusted_comment == NULL || *trusted_comment == '\0')
    tc = default_trusted_comment (file_name);
  else
    tc = g_strdup (trusted_comment);
  tc_len = strlen (tc);
  if (!comment_validate (tc, tc_len, TRUE, CD_MINISIGN_ERROR_INVALID_COMMENT, error))
    return NULL;

  if (!hash_stream (stream, digest, cancellable, error))
    return NULL;

  memcpy (blob, ALG_PREHASHED, ALG_BYTES);
  memcpy (blob + ALG_BYTES, key->key_id, CD_MINISIGN_KEY_ID_BYTES);
  crypto_sign_detached (sig, NULL, digest, sizeof digest, key->secret);

  /* The global signature binds the trusted comment to this signature. */
  signed_comment = g_malloc (CD_MINISIGN_SIGNATURE_BYTES + tc_len);
  memcpy (signed_comment, sig, CD_MINISIGN_SIGNATURE_BYTES);
  memcpy (signed_comment + CD_MINISIGN_SIGNATURE_BYTES, tc, tc_len);
  crypto_sign_detached (global, NULL, signed_comment, CD_MINISIGN_SIGNATURE_BYTES + tc_len,
                        key->secret);

  sig_b64 = to_base64 (blob, sizeof blob);
  global_b64 = to_base64 (global, sizeof global);

  return g_strconcat (UNTRUSTED_PREFIX, untrusted_comment, "\n",
                      sig_b64, "\n",
                      TRUSTED_PREFIX, tc, "\n",
                      global_b64, "\n", NULL);
}

/**
 * cd_minisign_sign_stream:
 * @trusted_comment: (nullable): one line, signed too and shown by
 *   `minisign -V`; %NULL or "" for "timestamp:<unix time>\thashed"
 * @untrusted_comment: (nullable): one line, not signed; %NULL for
 *   minisign's default
 *
 * Signs everything @stream yields (prehashed, algorithm "ED").
 *
 * Returns: (transfer full): the text of the .minisig file, or %NULL with
 *   %CD_MINISIGN_ERROR_INVALID_COMMENT or a read error.
 */
char *
cd_minisign_sign_stream (const CdMinisignKey  *key,
                         GInputStream         *stream,
                         const char           *trusted_comment,
                         const char           *untrusted_comment,
                         GCancellable         *cancellable,
                         GError              **error)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  return sign_stream_internal (key, stream, NULL, trusted_comment, untrusted_comment,
                               cancellable, error);
}

char *
cd_minisign_sign_bytes (const CdMinisignKey  *key,
                        GBytes               *data,
                        const char           *trusted_comment,
                        const char           *untrusted_comment,
                        GError              **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (data);
  return sign_stream_internal (key, stream, NULL, trusted_comment, untrusted_comment,
                               NULL, error);
}

static char *
default_sig_path (const char *path)
{
  return g_strconcat (path, ".minisig", NULL);
}

/**
 * cd_minisign_sign_file:
 * @trusted_comment: (nullable): %NULL or "" for minisign's default,
 *   "timestamp:<unix time>\tfile:<base name>\thashed"
 * @out_sig_path: (nullable): where to write the signature; %NULL for
 *   @path + ".minisig", where `minisign -V -m` looks for it
 *
 * Writes the signature atomically (a reader never sees half a file).
 */
gboolean
cd_minisign_sign_file (const CdMinisignKey  *key,
                       const char           *path,
                       const char           *trusted_comment,
                       const char           *untrusted_comment,
                       const char           *out_sig_path,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sig_path = NULL;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  base = g_path_get_basename (path);
  text = sign_stream_internal (key, G_INPUT_STREAM (stream), base, trusted_comment,
                               untrusted_comment, cancellable, error);
  if (text == NULL)
    return FALSE;

  sig_path = out_sig_path != NULL ? g_strdup (out_sig_path) : default_sig_path (path);
  return g_file_set_contents_full (sig_path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

/* ---- verifying ------------------------------------------------------------ */

static gboolean
signature_parse (const char       *text,
                 gsize             len,
                 ParsedSignature  *out,
                 GError          **error)
{
  const char *pos = text;
  const char *end = text + len;
  const char *line;
  gsize line_len;
  guint8 blob[SIG_BLOB_BYTES + 16];
  gsize blob_len = 0;
  gsize n;

  if (len > SIGNATURE_TEXT_MAX)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The file is too large to be a minisign signature"));
      return FALSE;
    }

  /* Line 1: untrusted comment. */
  if (!next_line (&pos, end, &line, &line_len))
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The signature file is empty"));
      return FALSE;
    }
  if (!has_prefix (line, line_len, UNTRUSTED_PREFIX))
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("This is not a minisign signature: the first line must start "
                             "with “untrusted comment:”"));
      return FALSE;
    }
  n = strlen (UNTRUSTED_PREFIX);
  if (!comment_validate (line + n, line_len - n, FALSE,
                         CD_MINISIGN_ERROR_INVALID_SIGNATURE, error))
    return FALSE;

  /* Line 2: algorithm, key id and signature of the file. */
  if (!next_line (&pos, end, &line, &line_len))
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The signature file is truncated: the signature line is missing"));
      return FALSE;
    }
  if (!from_base64 (line, line_len, blob, sizeof blob, &blob_len) ||
      blob_len != SIG_BLOB_BYTES)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The signature line is not valid base64 of the right length "
                             "(truncated or damaged?)"));
      return FALSE;
    }
  if (memcmp (blob, ALG_PREHASHED, ALG_BYTES) == 0)
    out->prehashed = TRUE;
  else if (memcmp (blob, ALG_LEGACY, ALG_BYTES) == 0)
    out->prehashed = FALSE;
  else
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The signature uses an unsupported algorithm"));
      return FALSE;
    }
  memcpy (out->key_id, blob + ALG_BYTES, CD_MINISIGN_KEY_ID_BYTES);
  memcpy (out->signature, blob + ALG_BYTES + CD_MINISIGN_KEY_ID_BYTES,
          CD_MINISIGN_SIGNATURE_BYTES);

  /* Line 3: trusted comment. */
  if (!next_line (&pos, end, &line, &line_len))
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The signature file is truncated: the trusted comment is missing"));
      return FALSE;
    }
  if (!has_prefix (line, line_len, TRUSTED_PREFIX))
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("This is not a minisign signature: the third line must start "
                             "with “trusted comment:”"));
      return FALSE;
    }
  n = strlen (TRUSTED_PREFIX);
  if (!comment_validate (line + n, line_len - n, TRUE,
                         CD_MINISIGN_ERROR_INVALID_SIGNATURE, error))
    return FALSE;
  out->trusted_comment = g_strndup (line + n, line_len - n);

  /* Line 4: signature of signature ‖ trusted comment. */
  if (!next_line (&pos, end, &line, &line_len))
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The signature file is truncated: the trusted comment’s signature "
                             "is missing"));
      return FALSE;
    }
  if (!from_base64 (line, line_len, blob, sizeof blob, &blob_len) ||
      blob_len != CD_MINISIGN_SIGNATURE_BYTES)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The trusted comment’s signature is not valid base64 of the right "
                             "length (truncated or damaged?)"));
      return FALSE;
    }
  memcpy (out->global_signature, blob, CD_MINISIGN_SIGNATURE_BYTES);

  if (pos < end)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                           _("The signature file has extra lines after the signature"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
verify_parsed (const CdMinisignPublicKey  *public_key,
               const ParsedSignature      *sig,
               GInputStream               *stream,
               GCancellable               *cancellable,
               GError                    **error)
{
  g_autofree guint8 *signed_comment = NULL;
  gsize tc_len = strlen (sig->trusted_comment);
  int rc;

  if (memcmp (sig->key_id, public_key->key_id, CD_MINISIGN_KEY_ID_BYTES) != 0)
    {
      g_autofree char *sig_id = cd_minisign_key_id_to_string (sig->key_id);
      g_autofree char *pk_id = cd_minisign_key_id_to_string (public_key->key_id);

      g_set_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_KEY_MISMATCH,
                   _("The file was signed with key %s, but the public key given is %s"),
                   sig_id, pk_id);
      return FALSE;
    }

  if (sig->prehashed)
    {
      guint8 digest[HASH_BYTES];

      if (!hash_stream (stream, digest, cancellable, error))
        return FALSE;
      rc = crypto_sign_verify_detached (sig->signature, digest, sizeof digest,
                                        public_key->public_key);
    }
  else
    {
      g_autoptr(GBytes) data = NULL;
      gsize data_len;
      const guint8 *bytes;

      data = read_stream_capped (stream, CD_MINISIGN_LEGACY_MAX_BYTES,
                                 CD_MINISIGN_ERROR_TOO_LARGE,
                                 _("The file has an old-style (legacy) minisign signature and "
                                   "is too large to check that way; ask for a new signature"),
                                 cancellable, error);
      if (data == NULL)
        return FALSE;
      bytes = g_bytes_get_data (data, &data_len);
      rc = crypto_sign_verify_detached (sig->signature, bytes, data_len,
                                        public_key->public_key);
    }

  if (rc != 0)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_BAD_SIGNATURE,
                           _("The signature does not match: the file was changed after it was "
                             "signed, or it was signed with another key"));
      return FALSE;
    }

  signed_comment = g_malloc (CD_MINISIGN_SIGNATURE_BYTES + tc_len);
  memcpy (signed_comment, sig->signature, CD_MINISIGN_SIGNATURE_BYTES);
  memcpy (signed_comment + CD_MINISIGN_SIGNATURE_BYTES, sig->trusted_comment, tc_len);
  if (crypto_sign_verify_detached (sig->global_signature, signed_comment,
                                   CD_MINISIGN_SIGNATURE_BYTES + tc_len,
                                   public_key->public_key) != 0)
    {
      g_set_error_literal (error, CD_MINISIGN_ERROR,
                           CD_MINISIGN_ERROR_BAD_TRUSTED_COMMENT_SIGNATURE,
                           _("The file matches its signature, but the signature’s trusted "
                             "comment was altered"));
      return FALSE;
    }

  return TRUE;
}

/**
 * cd_minisign_verify_stream:
 * @signature: the text of a .minisig file
 * @signature_length: its length, or -1 if nul-terminated
 * @out_trusted_comment: (out) (optional): the verified trusted comment
 *
 * Checks both signatures, as `minisign -V` does. Prehashed ("ED") and
 * legacy ("Ed", files up to %CD_MINISIGN_LEGACY_MAX_BYTES) are accepted.
 *
 * Returns: %TRUE if @stream is what @public_key signed.
 */
gboolean
cd_minisign_verify_stream (const CdMinisignPublicKey  *public_key,
                           const char                 *signature,
                           gssize                      signature_length,
                           GInputStream               *stream,
                           char                      **out_trusted_comment,
                           GCancellable               *cancellable,
                           GError                    **error)
{
  g_auto(ParsedSignature) sig = { 0, };
  gsize len;

  g_return_val_if_fail (public_key != NULL, FALSE);
  g_return_val_if_fail (signature != NULL, FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  if (!cd_crypto_init (error))
    return FALSE;

  len = signature_length < 0 ? strlen (signature) : (gsize) signature_length;
  if (!signature_parse (signature, len, &sig, error))
    return FALSE;
  if (!verify_parsed (public_key, &sig, stream, cancellable, error))
    return FALSE;

  if (out_trusted_comment != NULL)
    *out_trusted_comment = g_steal_pointer (&sig.trusted_comment);
  return TRUE;
}

gboolean
cd_minisign_verify_bytes (const CdMinisignPublicKey  *public_key,
                          const char                 *signature,
                          gssize                      signature_length,
                          GBytes                     *data,
                          char                      **out_trusted_comment,
                          GError                    **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL, FALSE);

  stream = g_memory_input_stream_new_from_bytes (data);
  return cd_minisign_verify_stream (public_key, signature, signature_length, stream,
                                    out_trusted_comment, NULL, error);
}

/**
 * cd_minisign_verify_file:
 * @sig_path: (nullable): the signature file; %NULL for @path + ".minisig"
 * @out_trusted_comment: (out) (optional): the verified trusted comment
 */
gboolean
cd_minisign_verify_file (const CdMinisignPublicKey  *public_key,
                         const char                 *path,
                         const char                 *sig_path,
                         char                      **out_trusted_comment,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  g_autoptr(GFile) sig_file = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) sig_stream = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) sig_text = NULL;
  g_autofree char *default_path = NULL;
  gsize sig_len;
  const char *sig_data;

  g_return_val_if_fail (public_key != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (sig_path == NULL)
    sig_path = default_path = default_sig_path (path);

  /* Read the signature with a cap: a wrong or hostile path must not make
   * us load gigabytes. */
  sig_file = g_file_new_for_path (sig_path);
  sig_stream = g_file_read (sig_file, cancellable, error);
  if (sig_stream == NULL)
    return FALSE;
  sig_text = read_stream_capped (G_INPUT_STREAM (sig_stream), SIGNATURE_TEXT_MAX,
                                 CD_MINISIGN_ERROR_INVALID_SIGNATURE,
                                 _("The file is too large to be a minisign signature"),
                                 cancellable, error);
  if (sig_text == NULL)
    return FALSE;

  file = g_file_new_for_path (path);
  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  sig_data = g_bytes_get_data (sig_text, &sig_len);
  return cd_minisign_verify_stream (public_key, sig_data != NULL ? sig_data : "", sig_len,
                                    G_INPUT_STREAM (stream), out_trusted_comment,
                                    cancellable, error);
}
