/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The age v1 format from libsodium primitives (see cd-age.h).
 *
 * Debian's libsodium is 1.0.18, which has no crypto_kdf_hkdf: HKDF-SHA-256
 * is written here from its HMAC. Bech32 (BIP-173, not bech32m) and strict
 * unpadded base64 are written by hand too: Debian ships no C Bech32 library,
 * and g_base64_decode() wants padding and silently skips invalid
 * characters, while age requires canonical encodings (a header that decodes
 * the same but is spelt differently would have a different MAC input). */

#include "config.h"

#define G_LOG_DOMAIN "cd-age"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-age.h"
#include "cd-crypto.h"
#include "cd-fs.h"

#define AGE_INTRO          "age-encryption.org/v1"
#define AGE_ARMOR_BEGIN    "-----BEGIN AGE ENCRYPTED FILE-----"
#define X25519_LABEL       "age-encryption.org/v1/X25519"
#define SCRYPT_LABEL       "age-encryption.org/v1/scrypt"

#define FILE_KEY_BYTES     16
#define NONCE_BYTES        16
#define TAG_BYTES          crypto_aead_chacha20poly1305_ietf_ABYTES
#define WRAPPED_KEY_BYTES  (FILE_KEY_BYTES + TAG_BYTES)
#define SCRYPT_SALT_BYTES  16
#define MAC_BYTES          crypto_auth_hmacsha256_BYTES
#define CHUNK_BYTES        65536
#define CHUNK_CT_BYTES     (CHUNK_BYTES + TAG_BYTES)

/* Our own limits on what a header may contain, beyond the format's. */
#define MAX_ARG_LINE       4096
#define MAX_STANZA_ARGS    32
#define MAX_BODY_BYTES     (16 * 1024)
#define BODY_COLUMNS       64
#define SCRYPT_LOG_N_HARD_MAX 40

#define BECH32_HRP_RECIPIENT  "age"
#define BECH32_HRP_IDENTITY   "age-secret-key-"
/* 32 bytes = 52 five-bit groups, plus a 6-group checksum. */
#define BECH32_KEY_GROUPS  52
#define BECH32_MAX_TEXT    128

G_DEFINE_QUARK (cd_age_error_quark, cd_age_error)

G_STATIC_ASSERT (crypto_aead_chacha20poly1305_ietf_KEYBYTES == 32);
G_STATIC_ASSERT (crypto_aead_chacha20poly1305_ietf_NPUBBYTES == 12);
G_STATIC_ASSERT (crypto_scalarmult_BYTES == CD_AGE_KEY_BYTES);

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED,
                   _("The cryptography library could not be initialised"));
      return FALSE;
    }
  return TRUE;
}

static guint8 *
secure_alloc (gsize len)
{
  guint8 *mem = sodium_malloc (len);

  /* Out of locked memory is not something a caller can recover from. */
  if (mem == NULL)
    g_error ("sodium_malloc failed");
  return mem;
}

static void
secure_free (gpointer mem)
{
  if (mem != NULL)
    sodium_free (mem);
}

static void
header_invalid (GError    **error,
                const char *message)
{
  g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_HEADER_INVALID, message);
}

/* HKDF-SHA-256 (RFC 5869) for up to one block of output, which is all age
 * needs. An empty salt is an HMAC key of zero length, the same key as
 * HashLen zero bytes. */
static void
hkdf_sha256 (const guint8 *ikm,
             gsize         ikm_len,
             const guint8 *salt,
             gsize         salt_len,
             const char   *info,
             guint8       *out,
             gsize         out_len)
{
  crypto_auth_hmacsha256_state state;
  guint8 prk[crypto_auth_hmacsha256_BYTES];
  guint8 block[crypto_auth_hmacsha256_BYTES];
  const guint8 one = 1;

  static const guint8 no_salt[1] = { 0 };

  g_assert (out_len <= sizeof block);

  /* HKDF's empty salt (the header MAC's): libsodium wants a pointer
   * even for zero bytes. */
  crypto_auth_hmacsha256_init (&state, salt != NULL ? salt : no_salt, salt_len);
  crypto_auth_hmacsha256_update (&state, ikm, ikm_len);
  crypto_auth_hmacsha256_final (&state, prk);

  crypto_auth_hmacsha256_init (&state, prk, sizeof prk);
  crypto_auth_hmacsha256_update (&state, (const guint8 *) info, strlen (info));
  crypto_auth_hmacsha256_update (&state, &one, 1);
  crypto_auth_hmacsha256_final (&state, block);

  memcpy (out, block, out_len);
  sodium_memzero (prk, sizeof prk);
  sodium_memzero (block, sizeof block);
  sodium_memzero (&state, sizeof state);
}

static void
header_mac (const guint8 *file_key,
            const char   *header,
            gsize         header_len,
            guint8        mac[MAC_BYTES])
{
  crypto_auth_hmacsha256_state state;
  guint8 key[32];

  hkdf_sha256 (file_key, FILE_KEY_BYTES, NULL, 0, "header", key, sizeof key);
  crypto_auth_hmacsha256_init (&state, key, sizeof key);
  crypto_auth_hmacsha256_update (&state, (const guint8 *) header, header_len);
  crypto_auth_hmacsha256_final (&state, mac);
  sodium_memzero (key, sizeof key);
  sodium_memzero (&state, sizeof state);
}

static void
stream_nonce (guint8   nonce[12],
              guint64  counter,
              gboolean last)
{
  /* 11-byte big-endian counter, then the last-chunk flag. */
  memset (nonce, 0, 12);
  for (guint i = 0; i < 8; i++)
    nonce[10 - i] = (guint8) (counter >> (8 * i));
  nonce[11] = last ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Canonical unpadded base64                                          */

static const char b64_alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64_append (GString      *out,
            const guint8 *data,
            gsize         len)
{
  gsize i;

  for (i = 0; i + 3 <= len; i += 3)
    {
      guint32 v = ((guint32) data[i] << 16) | ((guint32) data[i + 1] << 8) | data[i + 2];

      g_string_append_c (out, b64_alphabet[(v >> 18) & 63]);
      g_string_append_c (out, b64_alphabet[(v >> 12) & 63]);
      g_string_append_c (out, b64_alphabet[(v >> 6) & 63]);
      g_string_append_c (out, b64_alphabet[v & 63]);
    }
  if (len - i == 1)
    {
      guint32 v = (guint32) data[i] << 16;

      g_string_append_c (out, b64_alphabet[(v >> 18) & 63]);
      g_string_append_c (out, b64_alphabet[(v >> 12) & 63]);
    }
  else if (len - i == 2)
    {
      guint32 v = ((guint32) data[i] << 16) | ((guint32) data[i + 1] << 8);

      g_string_append_c (out, b64_alphabet[(v >> 18) & 63]);
      g_string_append_c (out, b64_alphabet[(v >> 12) & 63]);
      g_string_append_c (out, b64_alphabet[(v >> 6) & 63]);
    }
}

static int
b64_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

/* Strict decoding: no padding, no other characters, and the unused low
 * bits of the last character must be zero, so each byte string has
 * exactly one spelling. Appends to @out. */
static gboolean
b64_decode_append (const char *text,
                   gsize       len,
                   GByteArray *out)
{
  guint32 acc = 0;
  guint bits = 0;

  if (len % 4 == 1)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int v = b64_value (text[i]);

      if (v < 0)
        return FALSE;
      acc = (acc << 6) | (guint32) v;
      bits += 6;
      if (bits >= 8)
        {
          guint8 byte = (guint8) (acc >> (bits - 8));

          g_byte_array_append (out, &byte, 1);
          bits -= 8;
          acc &= (1u << bits) - 1;
        }
    }
  return acc == 0;
}

static gboolean
b64_decode_exact (const char *text,
                  guint8     *out,
                  gsize       out_len)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  if (!b64_decode_append (text, strlen (text), bytes) || bytes->len != out_len)
    return FALSE;
  memcpy (out, bytes->data, out_len);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Bech32 (BIP-173)                                                   */

static const char bech32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static guint32
bech32_step (guint32 chk,
             guint8  value)
{
  static const guint32 gen[5] = { 0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3 };
  guint8 top = (guint8) (chk >> 25);

  chk = ((chk & 0x1ffffff) << 5) ^ value;
  for (guint i = 0; i < 5; i++)
    if ((top >> i) & 1)
      chk ^= gen[i];
  return chk;
}

static guint32
bech32_hrp_checksum (const char *hrp)
{
  guint32 chk = 1;
  gsize len = strlen (hrp);

  for (gsize i = 0; i < len; i++)
    chk = bech32_step (chk, (guint8) g_ascii_tolower (hrp[i]) >> 5);
  chk = bech32_step (chk, 0);
  for (gsize i = 0; i < len; i++)
    chk = bech32_step (chk, (guint8) g_ascii_tolower (hrp[i]) & 31);
  return chk;
}

/* Writes the Bech32 string for 32 bytes into @out (at least
 * strlen (hrp) + 60 bytes). */
static void
bech32_encode_key (const char   *hrp,
                   const guint8  key[CD_AGE_KEY_BYTES],
                   gboolean      upper,
                   char         *out)
{
  guint8 groups[BECH32_KEY_GROUPS];
  guint32 chk = bech32_hrp_checksum (hrp);
  guint32 acc = 0;
  guint bits = 0, n = 0;
  gsize pos = 0;

  for (guint i = 0; i < CD_AGE_KEY_BYTES; i++)
    {
      acc = (acc << 8) | key[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          groups[n++] = (acc >> bits) & 31;
        }
      acc &= (1u << bits) - 1;
    }
  if (bits > 0)
    groups[n++] = (acc << (5 - bits)) & 31;
  g_assert (n == BECH32_KEY_GROUPS);

  for (const char *h = hrp; *h != '\0'; h++)
    out[pos++] = upper ? g_ascii_toupper (*h) : *h;
  out[pos++] = '1';
  for (guint i = 0; i < n; i++)
    {
      chk = bech32_step (chk, groups[i]);
      out[pos++] = bech32_charset[groups[i]];
    }
  for (guint i = 0; i < 6; i++)
    chk = bech32_step (chk, 0);
  chk ^= 1;
  for (guint i = 0; i < 6; i++)
    out[pos++] = bech32_charset[(chk >> (5 * (5 - i))) & 31];
  out[pos] = '\0';
  if (upper)
    for (gsize i = 0; i < pos; i++)
      out[i] = g_ascii_toupper (out[i]);

  sodium_memzero (groups, sizeof groups);
  acc = 0;
}

/* The data groups of a Bech32 string that must carry @hrp (compared
 * without case; the string itself must be all lower case, or all upper
 * case when @want_upper) and the length of a 32-byte key, checksum
 * verified. */
static gboolean
bech32_key_groups (const char *text,
                   const char *hrp,
                   gboolean    want_upper,
                   guint8      groups[BECH32_KEY_GROUPS + 6])
{
  gsize len = strlen (text);
  gsize hrp_len = strlen (hrp);
  guint32 chk;

  if (len != hrp_len + 1 + BECH32_KEY_GROUPS + 6)
    return FALSE;
  if (g_ascii_strncasecmp (text, hrp, hrp_len) != 0 || text[hrp_len] != '1')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (want_upper ? g_ascii_islower (text[i]) : g_ascii_isupper (text[i]))
      return FALSE;

  chk = bech32_hrp_checksum (hrp);
  for (guint i = 0; i < BECH32_KEY_GROUPS + 6; i++)
    {
      const char *p = strchr (bech32_charset, g_ascii_tolower (text[hrp_len + 1 + i]));

      if (p == NULL || *p == '\0')
        return FALSE;
      groups[i] = (guint8) (p - bech32_charset);
      chk = bech32_step (chk, groups[i]);
    }
  return chk == 1;
}

/* Decodes a Bech32 key (see bech32_key_groups()) into 32 bytes. */
static gboolean
bech32_decode_key (const char *text,
                   const char *hrp,
                   gboolean    want_upper,
                   guint8      key[CD_AGE_KEY_BYTES])
{
  guint8 groups[BECH32_KEY_GROUPS + 6];
  guint32 acc = 0;
  guint bits = 0, out = 0;
  gboolean ok = FALSE;

  if (bech32_key_groups (text, hrp, want_upper, groups))
    {
      for (guint i = 0; i < BECH32_KEY_GROUPS; i++)
        {
          acc = (acc << 5) | groups[i];
          bits += 5;
          if (bits >= 8)
            {
              bits -= 8;
              key[out++] = (guint8) (acc >> bits);
              acc &= (1u << bits) - 1;
            }
        }
      /* Leftover padding bits must be zero (no second spelling). */
      ok = out == CD_AGE_KEY_BYTES && bits < 5 && acc == 0;
    }

  sodium_memzero (groups, sizeof groups);
  if (!ok)
    sodium_memzero (key, CD_AGE_KEY_BYTES);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */

/**
 * cd_age_recipient_from_key:
 *
 * The "age1…" recipient for an X25519 public key.
 */
char *
cd_age_recipient_from_key (const guint8 pk[CD_AGE_KEY_BYTES])
{
  char *text = g_malloc (strlen (BECH32_HRP_RECIPIENT) + 60);

  bech32_encode_key (BECH32_HRP_RECIPIENT, pk, FALSE, text);
  return text;
}

static char *
identity_from_key (const guint8 sk[CD_AGE_KEY_BYTES])
{
  char *text = (char *) secure_alloc (strlen (BECH32_HRP_IDENTITY) + 60);

  bech32_encode_key (BECH32_HRP_IDENTITY, sk, TRUE, text);
  return text;
}

/**
 * cd_age_identity_generate:
 * @out_recipient: (out) (optional): the matching "age1…" recipient
 *
 * A new X25519 key pair. Returns the secret key "AGE-SECRET-KEY-1…" in
 * secure memory (free with cd_crypto_secure_free()), or %NULL if libsodium
 * cannot start.
 */
char *
cd_age_identity_generate (char **out_recipient)
{
  guint8 *sk;
  guint8 pk[CD_AGE_KEY_BYTES];
  char *identity;

  if (sodium_init () < 0)
    return NULL;

  sk = secure_alloc (CD_AGE_KEY_BYTES);
  randombytes_buf (sk, CD_AGE_KEY_BYTES);
  crypto_scalarmult_base (pk, sk);
  identity = identity_from_key (sk);
  if (out_recipient != NULL)
    *out_recipient = cd_age_recipient_from_key (pk);
  secure_free (sk);
  return identity;
}

/**
 * cd_age_recipient_parse:
 *
 * Parses an "age1…" recipient into its X25519 public key.
 */
gboolean
cd_age_recipient_parse (const char *text,
                        guint8      pk[CD_AGE_KEY_BYTES],
                        GError    **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!bech32_decode_key (text, BECH32_HRP_RECIPIENT, FALSE, pk))
    {
      if (g_ascii_strncasecmp (text, "AGE-SECRET-KEY-1", 16) == 0)
        g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                             _("This is a secret key, not a public key (age1…). Keep it private."));
      else
        g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                             _("This is not a valid age public key (age1…). Check that it was copied completely."));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_age_identity_parse:
 *
 * Parses an "AGE-SECRET-KEY-1…" identity into its X25519 secret. @sk
 * holds a secret: wipe it with sodium_memzero() after use.
 */
gboolean
cd_age_identity_parse (const char *text,
                       guint8      sk[CD_AGE_KEY_BYTES],
                       GError    **error)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (!bech32_decode_key (text, BECH32_HRP_IDENTITY, TRUE, sk))
    {
      if (g_str_has_prefix (text, "age1"))
        g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                             _("This is a public key; opening the file needs the secret key (AGE-SECRET-KEY-1…)."));
      else
        g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                             _("This is not a valid age secret key (AGE-SECRET-KEY-1…). Check that it was copied completely."));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_age_identity_to_recipient:
 *
 * The "age1…" recipient that belongs to a secret key.
 */
char *
cd_age_identity_to_recipient (const char *identity,
                              GError    **error)
{
  guint8 *sk;
  guint8 pk[CD_AGE_KEY_BYTES];

  if (!ensure_sodium (error))
    return NULL;

  sk = secure_alloc (CD_AGE_KEY_BYTES);
  if (!cd_age_identity_parse (identity, sk, error))
    {
      secure_free (sk);
      return NULL;
    }
  crypto_scalarmult_base (pk, sk);
  secure_free (sk);
  return cd_age_recipient_from_key (pk);
}

/**
 * cd_age_identity_write_file:
 * @identity: the secret key, "AGE-SECRET-KEY-1…"
 * @recipient: its public key, "age1…"
 *
 * Creates @path (never over an existing file) readable by its owner only,
 * with the identity as age-keygen writes it; wipes the text it built.
 */
gboolean
cd_age_identity_write_file (const char  *path,
                            const char  *identity,
                            const char  *recipient,
                            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  g_autofree char *display = g_filename_display_name (path);
  GString *text;
  gboolean ok = TRUE;
  gsize written = 0;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("“%s” already exists: a key file is never written over another file"), display);
      else
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not create “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }

  text = g_string_new (NULL);
  g_string_append_printf (text, "# created: %s\n# public key: %s\n%s\n", created, recipient, identity);
  while (written < text->len)
    {
      gssize n = write (fd, text->str + written, text->len - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          ok = FALSE;
          break;
        }
      written += (gsize) n;
    }
  if (ok && fsync (fd) != 0)
    ok = FALSE;
  if (!ok)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                 _("Could not write “%s”: %s"), display, g_strerror (errno));
  close (fd);
  sodium_memzero (text->str, text->len);
  g_string_free (text, TRUE);
  if (!ok)
    g_unlink (path);
  return ok;
}

/**
 * cd_age_identities_free:
 *
 * Wipes and frees an array from cd_age_identities_parse().
 */
void
cd_age_identities_free (char **identities)
{
  if (identities == NULL)
    return;
  for (char **p = identities; *p != NULL; p++)
    cd_crypto_secure_free (*p);
  g_free (identities);
}

/* One non-blank, non-comment line of an identity file: copied to secure
 * memory before it is looked at. */
static gboolean
add_identity_line (GPtrArray  *keys,
                   const char *text,
                   gsize       len,
                   guint       line_no,
                   GError    **error)
{
  char *line;
  guint8 *sk;
  gboolean ok;

  if (keys->len >= CD_AGE_MAX_STANZAS)
    {
      g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                   _("The identity file has more than %u keys"), CD_AGE_MAX_STANZAS);
      return FALSE;
    }

  line = (char *) secure_alloc (BECH32_MAX_TEXT + 1);
  sk = secure_alloc (CD_AGE_KEY_BYTES);
  ok = len <= BECH32_MAX_TEXT && memchr (text, '\0', len) == NULL;
  if (ok)
    {
      memcpy (line, text, len);
      line[len] = '\0';
      ok = bech32_decode_key (line, BECH32_HRP_IDENTITY, TRUE, sk);
    }
  if (ok)
    g_ptr_array_add (keys, cd_crypto_secure_strdup (line));
  else
    g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                 _("Line %u of the identity file is not an age secret key (AGE-SECRET-KEY-1…)"),
                 line_no);
  secure_free (line);
  secure_free (sk);
  return ok;
}

/**
 * cd_age_identities_parse:
 *
 * Parses the contents of an identity file as age-keygen writes it: "#"
 * comment lines, blank lines, and one "AGE-SECRET-KEY-1…" per line.
 */
char **
cd_age_identities_parse (const char *contents,
                         gsize       len,
                         GError    **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  gsize pos = 0;
  guint line_no = 0;

  if (!ensure_sodium (error))
    return NULL;

  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_crypto_secure_free);
  while (pos < len)
    {
      const char *start = contents + pos;
      const char *nl = memchr (start, '\n', len - pos);
      gsize line_len = nl != NULL ? (gsize) (nl - start) : len - pos;
      gsize b = 0, e = line_len;

      pos += line_len + (nl != NULL ? 1 : 0);
      line_no++;

      while (b < e && g_ascii_isspace (start[b]))
        b++;
      while (e > b && g_ascii_isspace (start[e - 1]))
        e--;
      if (b == e || start[b] == '#')
        continue;
      if (!add_identity_line (keys, start + b, e - b, line_no, error))
        return NULL;
    }

  if (keys->len == 0)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                           _("The identity file contains no age secret key"));
      return NULL;
    }
  g_ptr_array_add (keys, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&keys), FALSE);
}

/**
 * cd_age_identities_load:
 *
 * Reads and parses an identity file (see cd_age_identities_parse()).
 */
char **
cd_age_identities_load (const char *path,
                        GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;
  char **identities;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                   _("The identity file could not be read: %s"), local_error->message);
      return NULL;
    }
  identities = cd_age_identities_parse (contents, len, error);
  sodium_memzero (contents, len);
  g_free (contents);
  return identities;
}

/* ------------------------------------------------------------------ */
/* Stanzas                                                            */

static void
append_stanza (GString      *header,
               const char   *args,
               const guint8 *body,
               gsize         body_len)
{
  gsize start;

  g_string_append_printf (header, "-> %s\n", args);
  /* Lines of 64 columns; the last one shorter, so empty when the body is
   * a multiple of 48 bytes. */
  for (gsize i = 0;; i += 48)
    {
      gsize n = MIN (48, body_len - i);

      start = header->len;
      b64_append (header, body + i, n);
      g_string_append_c (header, '\n');
      if (header->len - start - 1 < BODY_COLUMNS)
        break;
    }
}

static gboolean
wrap_x25519 (GString      *header,
             const guint8  pk[CD_AGE_KEY_BYTES],
             const guint8 *file_key)
{
  guint8 *secret = secure_alloc (CD_AGE_KEY_BYTES);
  guint8 *shared = secure_alloc (CD_AGE_KEY_BYTES);
  guint8 *wrap_key = secure_alloc (32);
  guint8 share[CD_AGE_KEY_BYTES];
  guint8 salt[2 * CD_AGE_KEY_BYTES];
  guint8 body[WRAPPED_KEY_BYTES];
  static const guint8 zero_nonce[12] = { 0 };
  g_autoptr(GString) args = g_string_new ("X25519 ");
  gboolean ok = FALSE;

  randombytes_buf (secret, CD_AGE_KEY_BYTES);
  crypto_scalarmult_base (share, secret);
  /* A low-order public key gives an all-zero shared secret: refused. */
  if (crypto_scalarmult (shared, secret, pk) == 0)
    {
      memcpy (salt, share, CD_AGE_KEY_BYTES);
      memcpy (salt + CD_AGE_KEY_BYTES, pk, CD_AGE_KEY_BYTES);
      hkdf_sha256 (shared, CD_AGE_KEY_BYTES, salt, sizeof salt, X25519_LABEL, wrap_key, 32);
      crypto_aead_chacha20poly1305_ietf_encrypt (body, NULL, file_key, FILE_KEY_BYTES,
                                                 NULL, 0, NULL, zero_nonce, wrap_key);
      b64_append (args, share, sizeof share);
      append_stanza (header, args->str, body, sizeof body);
      ok = TRUE;
    }

  secure_free (secret);
  secure_free (shared);
  secure_free (wrap_key);
  return ok;
}

static gboolean
scrypt_key (const char   *passphrase,
            const guint8  salt[SCRYPT_SALT_BYTES],
            guint         log_n,
            guint8       *key)
{
  guint8 full_salt[sizeof SCRYPT_LABEL - 1 + SCRYPT_SALT_BYTES];

  memcpy (full_salt, SCRYPT_LABEL, sizeof SCRYPT_LABEL - 1);
  memcpy (full_salt + sizeof SCRYPT_LABEL - 1, salt, SCRYPT_SALT_BYTES);
  return crypto_pwhash_scryptsalsa208sha256_ll ((const guint8 *) passphrase, strlen (passphrase),
                                                full_salt, sizeof full_salt,
                                                (guint64) 1 << log_n, 8, 1, key, 32) == 0;
}

static gboolean
wrap_scrypt (GString      *header,
             const char   *passphrase,
             guint         log_n,
             const guint8 *file_key,
             GError      **error)
{
  guint8 *key = secure_alloc (32);
  guint8 salt[SCRYPT_SALT_BYTES];
  guint8 body[WRAPPED_KEY_BYTES];
  static const guint8 zero_nonce[12] = { 0 };
  g_autoptr(GString) args = g_string_new ("scrypt ");

  randombytes_buf (salt, sizeof salt);
  if (!scrypt_key (passphrase, salt, log_n, key))
    {
      secure_free (key);
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED,
                           _("Not enough memory to derive a key from the passphrase"));
      return FALSE;
    }
  crypto_aead_chacha20poly1305_ietf_encrypt (body, NULL, file_key, FILE_KEY_BYTES,
                                             NULL, 0, NULL, zero_nonce, key);
  secure_free (key);
  b64_append (args, salt, sizeof salt);
  g_string_append_printf (args, " %u", log_n);
  append_stanza (header, args->str, body, sizeof body);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Writer                                                             */

/* Chunks are independent (each has its own nonce), so full ones are
 * sealed a batch at a time and each batch goes out in one write. Once a
 * first batch is full, and when there is more than one processor, a
 * thread of the writer's own seals each batch while the caller fills the
 * next one and writes the one before: tar, encryption and the file writes
 * then overlap. Two batches, so memory does not grow with the data; the
 * plaintext stays in secure memory and is wiped once sealed. The output
 * is the same as sealing one chunk after the other. */
#define BATCH_CHUNKS       16
#define BATCH_BYTES        (BATCH_CHUNKS * CHUNK_BYTES)
#define BATCH_CT_BYTES     (BATCH_CHUNKS * CHUNK_CT_BYTES)

typedef struct
{
  guint8  *plain;              /* secure, BATCH_BYTES */
  guint8  *cipher;             /* BATCH_CT_BYTES */
  guint64  counter;            /* the first chunk's */
} Batch;

struct _CdAgeWriter
{
  GOutputStream *out;
  GString       *preamble;     /* header and payload nonce, until written */
  guint8        *payload_key;  /* secure */
  Batch          batches[2];   /* the second one only with a sealer */
  guint          current;      /* the batch being filled */
  gsize          plain_len;    /* bytes in it */
  guint64        counter;      /* the next chunk's */
  gboolean       finished;
  GError        *failure;

  /* The sealing thread, if any. Batch number n (counted from 0) is in
   * batches[n % 2]; the counts and the batches handed over are under
   * @lock. */
  GThread       *sealer;
  GMutex         lock;
  GCond          cond;
  guint64        n_submitted;
  guint64        n_sealed;
  guint64        n_written;    /* the caller's own */
  gboolean       quit;
};

/* Seals @len bytes of @plain as consecutive chunks from @counter on (all
 * but the last one full; one empty chunk when @len is 0), the last one as
 * the end of the payload if @last, into @cipher; then wipes @plain. */
static void
seal_chunks (const guint8 *key,
             guint8       *plain,
             gsize         len,
             guint64       counter,
             gboolean      last,
             guint8       *cipher)
{
  gsize done = 0;

  do
    {
      gsize n = MIN (len - done, CHUNK_BYTES);
      guint8 nonce[12];

      stream_nonce (nonce, counter++, last && done + n == len);
      crypto_aead_chacha20poly1305_ietf_encrypt (cipher, NULL, plain + done, n,
                                                 NULL, 0, NULL, nonce, key);
      cipher += n + TAG_BYTES;
      done += n;
    }
  while (done < len);
  sodium_memzero (plain, len);
}

static gpointer
sealer_thread (gpointer data)
{
  CdAgeWriter *writer = data;

  g_mutex_lock (&writer->lock);
  for (;;)
    {
      Batch *batch;

      while (writer->n_sealed == writer->n_submitted && !writer->quit)
        g_cond_wait (&writer->cond, &writer->lock);
      /* What was handed over is sealed (and so wiped) before quitting. */
      if (writer->n_sealed == writer->n_submitted)
        break;
      batch = &writer->batches[writer->n_sealed % 2];
      g_mutex_unlock (&writer->lock);

      seal_chunks (writer->payload_key, batch->plain, BATCH_BYTES, batch->counter, FALSE, batch->cipher);

      g_mutex_lock (&writer->lock);
      writer->n_sealed++;
      g_cond_broadcast (&writer->cond);
    }
  g_mutex_unlock (&writer->lock);
  return NULL;
}

static void
writer_start_sealer (CdAgeWriter *writer)
{
  g_autoptr(GError) local_error = NULL;

  if (cd_fs_usable_processors () < 2)
    return;
  writer->batches[1].plain = secure_alloc (BATCH_BYTES);
  writer->batches[1].cipher = g_malloc (BATCH_CT_BYTES);
  writer->sealer = g_thread_try_new ("cd-age-seal", sealer_thread, writer, &local_error);
  if (writer->sealer == NULL)
    {
      /* Not fatal: the caller's thread seals everything itself. */
      g_debug ("no sealing thread: %s", local_error->message);
      secure_free (g_steal_pointer (&writer->batches[1].plain));
      g_clear_pointer (&writer->batches[1].cipher, g_free);
    }
}

static void
writer_stop_sealer (CdAgeWriter *writer)
{
  if (writer->sealer == NULL)
    return;
  g_mutex_lock (&writer->lock);
  writer->quit = TRUE;
  g_cond_broadcast (&writer->cond);
  g_mutex_unlock (&writer->lock);
  g_thread_join (g_steal_pointer (&writer->sealer));
}

/**
 * cd_age_writer_new:
 *
 * Prepares an age file for @recipients or @passphrase (exactly one of
 * them): the file key is wrapped for each, the header authenticated and the
 * payload key derived here, so only the payload key is kept.
 */
CdAgeWriter *
cd_age_writer_new (GOutputStream      *out,
                   const char * const *recipients,
                   const char         *passphrase,
                   guint               scrypt_log_n,
                   GError            **error)
{
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GString) header = NULL;
  guint8 *file_key;
  guint8 mac[MAC_BYTES];
  guint8 nonce[NONCE_BYTES];
  guint n_recipients = recipients != NULL ? g_strv_length ((char **) recipients) : 0;
  CdAgeWriter *writer;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);

  if (!ensure_sodium (error))
    return NULL;

  /* The format allows a passphrase stanza only on its own (age refuses
   * anything else), so "keys and a passphrase" cannot be one file. */
  if (n_recipients > 0 && passphrase != NULL)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED,
                           _("An age file protected by a passphrase cannot also be opened with keys: choose one"));
      return NULL;
    }
  if (n_recipients == 0 && passphrase == NULL)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED,
                           _("Nobody could open this file: give a public key or a passphrase"));
      return NULL;
    }

  if (scrypt_log_n == 0)
    scrypt_log_n = CD_AGE_SCRYPT_LOG_N_DEFAULT;

  if (passphrase != NULL)
    {
      if (passphrase[0] == '\0')
        {
          g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                               _("The passphrase must not be empty"));
          return NULL;
        }
      if (scrypt_log_n > CD_AGE_SCRYPT_LOG_N_MAX_DEFAULT)
        {
          g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                       _("The passphrase work factor is too high (at most %u)"),
                       CD_AGE_SCRYPT_LOG_N_MAX_DEFAULT);
          return NULL;
        }
    }
  if (n_recipients > CD_AGE_MAX_STANZAS)
    {
      g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                   _("Too many recipients (at most %u)"), CD_AGE_MAX_STANZAS);
      return NULL;
    }

  /* Parse every recipient before anything is generated. */
  keys = g_array_sized_new (FALSE, FALSE, CD_AGE_KEY_BYTES, n_recipients);
  for (guint i = 0; i < n_recipients; i++)
    {
      guint8 pk[CD_AGE_KEY_BYTES];

      if (!cd_age_recipient_parse (recipients[i], pk, error))
        return NULL;
      g_array_append_vals (keys, pk, 1);
    }

  file_key = secure_alloc (FILE_KEY_BYTES);
  randombytes_buf (file_key, FILE_KEY_BYTES);
  header = g_string_new (AGE_INTRO "\n");

  if (passphrase != NULL)
    {
      if (!wrap_scrypt (header, passphrase, scrypt_log_n, file_key, error))
        {
          secure_free (file_key);
          return NULL;
        }
    }
  else
    {
      for (guint i = 0; i < n_recipients; i++)
        if (!wrap_x25519 (header, (const guint8 *) keys->data + i * CD_AGE_KEY_BYTES, file_key))
          {
            secure_free (file_key);
            g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY,
                         _("Public key %u cannot be used for encryption"), i + 1);
            return NULL;
          }
    }

  /* The MAC covers the header up to and including "---". */
  g_string_append (header, "---");
  header_mac (file_key, header->str, header->len, mac);
  g_string_append_c (header, ' ');
  b64_append (header, mac, sizeof mac);
  g_string_append_c (header, '\n');

  randombytes_buf (nonce, sizeof nonce);
  g_string_append_len (header, (const char *) nonce, sizeof nonce);

  writer = g_new0 (CdAgeWriter, 1);
  writer->out = g_object_ref (out);
  writer->preamble = g_steal_pointer (&header);
  writer->payload_key = secure_alloc (32);
  hkdf_sha256 (file_key, FILE_KEY_BYTES, nonce, sizeof nonce, "payload", writer->payload_key, 32);
  secure_free (file_key);
  writer->batches[0].plain = secure_alloc (BATCH_BYTES);
  writer->batches[0].cipher = g_malloc (BATCH_CT_BYTES);
  g_mutex_init (&writer->lock);
  g_cond_init (&writer->cond);
  return writer;
}

static gboolean
writer_fail (CdAgeWriter *writer,
             GError      *local_error,
             GError     **error)
{
  if (writer->failure == NULL)
    writer->failure = g_error_copy (local_error);
  g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
writer_check (CdAgeWriter *writer,
              GError     **error)
{
  if (writer->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (writer->failure));
      return FALSE;
    }
  if (writer->finished)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED,
                           _("The encrypted file has already been completed"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
writer_put (CdAgeWriter  *writer,
            const void   *data,
            gsize         len,
            GCancellable *cancellable,
            GError      **error)
{
  GError *local_error = NULL;

  /* Not every stream checks: a cancelled writer must stop here. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
    return writer_fail (writer, local_error, error);
  if (writer->preamble != NULL)
    {
      if (!g_output_stream_write_all (writer->out, writer->preamble->str, writer->preamble->len,
                                      NULL, cancellable, &local_error))
        return writer_fail (writer, local_error, error);
      g_string_free (g_steal_pointer (&writer->preamble), TRUE);
    }
  if (len > 0 &&
      !g_output_stream_write_all (writer->out, data, len, NULL, cancellable, &local_error))
    return writer_fail (writer, local_error, error);
  return TRUE;
}

/* Reserves @n_chunks nonces. */
static gboolean
writer_count (CdAgeWriter *writer,
              guint64      n_chunks,
              GError     **error)
{
  if (n_chunks > G_MAXUINT64 - writer->counter)
    return writer_fail (writer, g_error_new_literal (CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                                                     _("The data is too large to encrypt")), error);
  writer->counter += n_chunks;
  return TRUE;
}

/* Writes the batches the sealer has, in order, up to batch number @upto
 * (excluded), waiting for it to seal them. */
static gboolean
writer_drain (CdAgeWriter  *writer,
              guint64       upto,
              GCancellable *cancellable,
              GError      **error)
{
  while (writer->n_written < upto)
    {
      g_mutex_lock (&writer->lock);
      while (writer->n_sealed <= writer->n_written)
        g_cond_wait (&writer->cond, &writer->lock);
      g_mutex_unlock (&writer->lock);

      if (!writer_put (writer, writer->batches[writer->n_written % 2].cipher, BATCH_CT_BYTES,
                       cancellable, error))
        return FALSE;
      writer->n_written++;
    }
  return TRUE;
}

/* The current batch is full and more data follows, so none of its chunks
 * is the last one: it is sealed and written (by now or soon), and the
 * caller goes on with an empty batch. */
static gboolean
writer_pass_batch (CdAgeWriter  *writer,
                   GCancellable *cancellable,
                   GError      **error)
{
  Batch *batch = &writer->batches[writer->current];

  batch->counter = writer->counter;
  if (!writer_count (writer, BATCH_CHUNKS, error))
    return FALSE;
  writer->plain_len = 0;

  /* A thread only for data of more than a batch. */
  if (batch->counter == 0)
    writer_start_sealer (writer);
  if (writer->sealer == NULL)
    {
      seal_chunks (writer->payload_key, batch->plain, BATCH_BYTES, batch->counter, FALSE, batch->cipher);
      return writer_put (writer, batch->cipher, BATCH_CT_BYTES, cancellable, error);
    }

  g_mutex_lock (&writer->lock);
  writer->n_submitted++;
  g_cond_broadcast (&writer->cond);
  g_mutex_unlock (&writer->lock);
  /* The batch before this one is written while the sealer works; its
   * buffers then take the next one. */
  writer->current = (guint) (writer->n_submitted % 2);
  return writer_drain (writer, writer->n_submitted - 1, cancellable, error);
}

/**
 * cd_age_writer_write:
 *
 * Encrypts @len bytes. A chunk goes out once it is full and more data
 * follows, since the last chunk (which may be full) is sealed differently.
 */
gboolean
cd_age_writer_write (CdAgeWriter  *writer,
                     const void   *data,
                     gsize         len,
                     GCancellable *cancellable,
                     GError      **error)
{
  const guint8 *p = data;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!writer_check (writer, error))
    return FALSE;

  while (len > 0)
    {
      gsize n;

      if (writer->plain_len == BATCH_BYTES &&
          !writer_pass_batch (writer, cancellable, error))
        return FALSE;
      n = MIN (len, BATCH_BYTES - writer->plain_len);
      memcpy (writer->batches[writer->current].plain + writer->plain_len, p, n);
      writer->plain_len += n;
      p += n;
      len -= n;
    }
  return TRUE;
}

/**
 * cd_age_writer_finish:
 *
 * Seals the last chunk and flushes @out (without closing it).
 */
gboolean
cd_age_writer_finish (CdAgeWriter  *writer,
                      GCancellable *cancellable,
                      GError      **error)
{
  GError *local_error = NULL;
  Batch *batch;
  gsize n_chunks;

  g_return_val_if_fail (writer != NULL, FALSE);

  if (!writer_check (writer, error))
    return FALSE;
  if (!writer_drain (writer, writer->n_submitted, cancellable, error))
    return FALSE;
  writer_stop_sealer (writer);

  /* What is left: full chunks, then the last one (full, partial, or
   * empty for no data at all). */
  batch = &writer->batches[writer->current];
  n_chunks = writer->plain_len == 0 ? 1 : (writer->plain_len + CHUNK_BYTES - 1) / CHUNK_BYTES;
  batch->counter = writer->counter;
  if (!writer_count (writer, n_chunks, error))
    return FALSE;
  seal_chunks (writer->payload_key, batch->plain, writer->plain_len, batch->counter, TRUE, batch->cipher);
  if (!writer_put (writer, batch->cipher, writer->plain_len + n_chunks * TAG_BYTES, cancellable, error))
    return FALSE;
  writer->plain_len = 0;
  if (!g_output_stream_flush (writer->out, cancellable, &local_error))
    return writer_fail (writer, local_error, error);
  writer->finished = TRUE;
  return TRUE;
}

void
cd_age_writer_free (CdAgeWriter *writer)
{
  if (writer == NULL)
    return;
  writer_stop_sealer (writer);
  g_clear_object (&writer->out);
  if (writer->preamble != NULL)
    g_string_free (writer->preamble, TRUE);
  secure_free (writer->payload_key);
  for (guint i = 0; i < G_N_ELEMENTS (writer->batches); i++)
    {
      /* sodium_free() wipes what was never sealed. */
      secure_free (writer->batches[i].plain);
      g_free (writer->batches[i].cipher);
    }
  g_mutex_clear (&writer->lock);
  g_cond_clear (&writer->cond);
  g_clear_error (&writer->failure);
  g_free (writer);
}

/* ------------------------------------------------------------------ */
/* Reader: header                                                     */

typedef struct
{
  char      **args;
  GByteArray *body;
} Stanza;

static void
stanza_free (Stanza *stanza)
{
  g_strfreev (stanza->args);
  g_byte_array_unref (stanza->body);
  g_free (stanza);
}

struct _CdAgeReader
{
  GInputStream *in;
  guint8       *buf;          /* ciphertext, CHUNK_CT_BYTES + 1 */
  gsize         buf_pos;
  gsize         buf_len;
  gboolean      eof;
  guint8       *payload_key;  /* secure */
  guint8       *plain;        /* secure, CHUNK_BYTES */
  gsize         plain_pos;
  gsize         plain_len;
  guint64       counter;
  gboolean      done;
  GError       *failure;
};

#define READER_BUF_BYTES (CHUNK_CT_BYTES + 1)

/* Reads more input, at least once, unless the end was already seen. */
static gboolean
reader_fill_more (CdAgeReader  *reader,
                  GCancellable *cancellable,
                  GError      **error)
{
  gssize n;

  if (reader->buf_pos > 0)
    {
      memmove (reader->buf, reader->buf + reader->buf_pos, reader->buf_len - reader->buf_pos);
      reader->buf_len -= reader->buf_pos;
      reader->buf_pos = 0;
    }
  if (reader->eof || reader->buf_len == READER_BUF_BYTES)
    return TRUE;
  n = g_input_stream_read (reader->in, reader->buf + reader->buf_len,
                           READER_BUF_BYTES - reader->buf_len, cancellable, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    reader->eof = TRUE;
  reader->buf_len += (gsize) n;
  return TRUE;
}

/* Until @want bytes are buffered or the input ends. */
static gboolean
reader_fill (CdAgeReader  *reader,
             gsize         want,
             GCancellable *cancellable,
             GError      **error)
{
  g_assert (want <= READER_BUF_BYTES);

  while (reader->buf_len - reader->buf_pos < want && !reader->eof)
    if (!reader_fill_more (reader, cancellable, error))
      return FALSE;
  return TRUE;
}

/* One header line, without its "\n", appended (with it) to @header. */
static char *
reader_line (CdAgeReader  *reader,
             gsize         max_len,
             GString      *header,
             GCancellable *cancellable,
             GError      **error)
{
  gsize scanned = 0;

  for (;;)
    {
      const guint8 *start = reader->buf + reader->buf_pos;
      gsize avail = reader->buf_len - reader->buf_pos;
      const guint8 *nl = memchr (start + scanned, '\n', avail - scanned);

      if (nl != NULL || avail > max_len)
        {
          gsize len = nl != NULL ? (gsize) (nl - start) : avail;

          if (len > max_len)
            {
              if (header->len == 0)
                header_invalid (error, _("This is not an age-encrypted file"));
              else
                g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                                     _("The encrypted file's header has a line longer than supported"));
              return NULL;
            }
          if (memchr (start, '\0', len) != NULL)
            {
              header_invalid (error, header->len == 0 ? _("This is not an age-encrypted file")
                                                      : _("The encrypted file's header is damaged (unexpected line)"));
              return NULL;
            }
          if (header->len + len + 1 > CD_AGE_MAX_HEADER_BYTES)
            {
              g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                                   _("The encrypted file's header is larger than supported"));
              return NULL;
            }
          g_string_append_len (header, (const char *) start, (gssize) len + 1);
          reader->buf_pos += len + 1;
          return g_strndup ((const char *) start, len);
        }
      scanned = avail;
      if (reader->eof)
        {
          if (header->len == 0)
            header_invalid (error, _("This is not an age-encrypted file"));
          else
            g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED,
                                 _("The encrypted file is incomplete: it ends inside its header"));
          return NULL;
        }
      if (!reader_fill_more (reader, cancellable, error))
        return NULL;
    }
}

static gboolean
valid_arg (const char *arg)
{
  if (arg[0] == '\0')
    return FALSE;
  for (const char *p = arg; *p != '\0'; p++)
    if (*p < 33 || *p > 126)
      return FALSE;
  return TRUE;
}

static gboolean
is_decimal (const char *s)
{
  if (s[0] < '1' || s[0] > '9' || strlen (s) > 18)
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Parses the header into @stanzas, leaving the MAC input in @header (up to
 * and including "---") and the MAC in @mac. */
static gboolean
reader_parse_header (CdAgeReader  *reader,
                     GPtrArray    *stanzas,
                     GString      *header,
                     guint8        mac[MAC_BYTES],
                     GCancellable *cancellable,
                     GError      **error)
{
  g_autofree char *intro = NULL;

  intro = reader_line (reader, MAX_ARG_LINE, header, cancellable, error);
  if (intro == NULL)
    return FALSE;
  if (strcmp (intro, AGE_INTRO) != 0)
    {
      if (g_str_has_prefix (intro, AGE_ARMOR_BEGIN))
        header_invalid (error, _("This age file is ASCII-armored, which is not supported: decode it with “age -d” first"));
      else if (g_str_has_prefix (intro, "age-encryption.org/"))
        header_invalid (error, _("This age file uses a format version that is not supported"));
      else
        header_invalid (error, _("This is not an age-encrypted file"));
      return FALSE;
    }

  for (;;)
    {
      g_autofree char *line = reader_line (reader, MAX_ARG_LINE, header, cancellable, error);
      Stanza *stanza;

      if (line == NULL)
        return FALSE;

      if (g_str_has_prefix (line, "--- "))
        {
          /* The MAC input stops before the space. */
          g_string_truncate (header, header->len - strlen (line) - 1 + 3);
          if (!b64_decode_exact (line + 4, mac, MAC_BYTES))
            {
              header_invalid (error, _("The encrypted file's header is damaged (bad authentication code)"));
              return FALSE;
            }
          return TRUE;
        }
      if (!g_str_has_prefix (line, "-> "))
        {
          header_invalid (error, _("The encrypted file's header is damaged (unexpected line)"));
          return FALSE;
        }
      if (stanzas->len >= CD_AGE_MAX_STANZAS)
        {
          g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                       _("The encrypted file has more than %u recipients, which is not supported"),
                       CD_AGE_MAX_STANZAS);
          return FALSE;
        }

      stanza = g_new0 (Stanza, 1);
      stanza->body = g_byte_array_new ();
      g_ptr_array_add (stanzas, stanza);
      stanza->args = g_strsplit (line + 3, " ", MAX_STANZA_ARGS + 1);
      if (stanza->args[0] == NULL)
        {
          header_invalid (error, _("The encrypted file's header is damaged (invalid recipient line)"));
          return FALSE;
        }
      if (g_strv_length (stanza->args) > MAX_STANZA_ARGS)
        {
          g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                               _("The encrypted file's header has a recipient with too many arguments"));
          return FALSE;
        }
      for (char **a = stanza->args; *a != NULL; a++)
        if (!valid_arg (*a))
          {
            header_invalid (error, _("The encrypted file's header is damaged (invalid recipient line)"));
            return FALSE;
          }

      /* Body lines: full lines of 64 columns, ended by a shorter one. */
      for (;;)
        {
          g_autofree char *body_line = reader_line (reader, MAX_ARG_LINE, header, cancellable, error);
          gsize len;

          if (body_line == NULL)
            return FALSE;
          len = strlen (body_line);
          if (len > BODY_COLUMNS ||
              !b64_decode_append (body_line, len, stanza->body))
            {
              header_invalid (error, _("The encrypted file's header is damaged (invalid recipient data)"));
              return FALSE;
            }
          if (stanza->body->len > MAX_BODY_BYTES)
            {
              g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                                   _("The encrypted file's header has a recipient larger than supported"));
              return FALSE;
            }
          if (len < BODY_COLUMNS)
            break;
        }
    }
}

static gboolean
unwrap_body (const guint8 *body,
             const guint8 *key,
             guint8       *file_key)
{
  static const guint8 zero_nonce[12] = { 0 };

  return crypto_aead_chacha20poly1305_ietf_decrypt (file_key, NULL, NULL, body, WRAPPED_KEY_BYTES,
                                                    NULL, 0, zero_nonce, key) == 0;
}

/* Checks the form of the stanzas we know. Anything else is ignored, as the
 * spec asks (other tools add stanzas for their own kinds of recipients). */
static gboolean
check_stanzas (GPtrArray *stanzas,
               gboolean  *out_scrypt,
               GError   **error)
{
  gboolean scrypt = FALSE;

  for (guint i = 0; i < stanzas->len; i++)
    {
      Stanza *s = g_ptr_array_index (stanzas, i);
      guint n_args = g_strv_length (s->args);
      guint8 tmp[CD_AGE_KEY_BYTES];

      if (strcmp (s->args[0], "X25519") == 0)
        {
          if (n_args != 2 || !b64_decode_exact (s->args[1], tmp, CD_AGE_KEY_BYTES) ||
              s->body->len != WRAPPED_KEY_BYTES)
            {
              header_invalid (error, _("The encrypted file's header is damaged (invalid X25519 recipient)"));
              return FALSE;
            }
        }
      else if (strcmp (s->args[0], "scrypt") == 0)
        {
          if (n_args != 3 || !b64_decode_exact (s->args[1], tmp, SCRYPT_SALT_BYTES) ||
              !is_decimal (s->args[2]) || s->body->len != WRAPPED_KEY_BYTES)
            {
              header_invalid (error, _("The encrypted file's header is damaged (invalid passphrase recipient)"));
              return FALSE;
            }
          scrypt = TRUE;
        }
    }
  /* A passphrase stanza must stand alone: otherwise whoever holds a key
   * could have written it and the passphrase proves nothing. */
  if (scrypt && stanzas->len != 1)
    {
      header_invalid (error, _("The encrypted file's header is invalid (a passphrase recipient must be the only one)"));
      return FALSE;
    }
  *out_scrypt = scrypt;
  return TRUE;
}

static gboolean
unwrap_scrypt (Stanza       *s,
               const char   *passphrase,
               guint         max_log_n,
               guint8       *file_key,
               GError      **error)
{
  guint8 salt[SCRYPT_SALT_BYTES];
  guint8 *key;
  guint64 log_n = g_ascii_strtoull (s->args[2], NULL, 10);
  gboolean ok;

  if (passphrase == NULL)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_PASSPHRASE_REQUIRED,
                           _("This file is protected by a passphrase"));
      return FALSE;
    }
  if (log_n > max_log_n || log_n > SCRYPT_LOG_N_HARD_MAX)
    {
      /* Translators: the work factor is scrypt's log2(N); 18 is usual. */
      g_set_error (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                   _("The file's passphrase work factor (%u) is higher than allowed (%u)"),
                   (guint) MIN (log_n, 999), max_log_n);
      return FALSE;
    }
  b64_decode_exact (s->args[1], salt, sizeof salt);

  key = secure_alloc (32);
  if (!scrypt_key (passphrase, salt, (guint) log_n, key))
    {
      secure_free (key);
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED,
                           _("Not enough memory to derive a key from the passphrase"));
      return FALSE;
    }
  ok = unwrap_body (s->body->data, key, file_key);
  secure_free (key);
  if (!ok)
    g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_WRONG_PASSPHRASE,
                         _("The passphrase is wrong"));
  return ok;
}

static gboolean
unwrap_x25519 (GPtrArray          *stanzas,
               const char * const *identities,
               guint8             *file_key,
               GError            **error)
{
  guint n_ids = identities != NULL ? g_strv_length ((char **) identities) : 0;
  guint8 *sk = secure_alloc (n_ids * CD_AGE_KEY_BYTES + 1);
  guint8 *shared = secure_alloc (CD_AGE_KEY_BYTES);
  guint8 *wrap_key = secure_alloc (32);
  g_autofree guint8 *pks = g_malloc (n_ids * CD_AGE_KEY_BYTES + 1);
  gboolean parsed = TRUE;
  gboolean found = FALSE;

  for (guint j = 0; j < n_ids && parsed; j++)
    {
      parsed = cd_age_identity_parse (identities[j], sk + j * CD_AGE_KEY_BYTES, error);
      if (parsed)
        crypto_scalarmult_base (pks + j * CD_AGE_KEY_BYTES, sk + j * CD_AGE_KEY_BYTES);
    }

  for (guint i = 0; i < stanzas->len && parsed && !found; i++)
    {
      Stanza *s = g_ptr_array_index (stanzas, i);
      guint8 share[CD_AGE_KEY_BYTES];
      guint8 salt[2 * CD_AGE_KEY_BYTES];

      if (strcmp (s->args[0], "X25519") != 0)
        continue;
      b64_decode_exact (s->args[1], share, sizeof share);
      for (guint j = 0; j < n_ids && !found; j++)
        {
          if (crypto_scalarmult (shared, sk + j * CD_AGE_KEY_BYTES, share) != 0)
            continue;
          memcpy (salt, share, CD_AGE_KEY_BYTES);
          memcpy (salt + CD_AGE_KEY_BYTES, pks + j * CD_AGE_KEY_BYTES, CD_AGE_KEY_BYTES);
          hkdf_sha256 (shared, CD_AGE_KEY_BYTES, salt, sizeof salt, X25519_LABEL, wrap_key, 32);
          found = unwrap_body (s->body->data, wrap_key, file_key);
        }
    }

  if (parsed && !found)
    {
      if (n_ids == 0)
        g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_NO_IDENTITY_MATCHED,
                             _("This file is encrypted to public keys: opening it needs a secret key, not a passphrase"));
      else
        g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_NO_IDENTITY_MATCHED,
                             _("None of the given secret keys can open this file"));
    }

  secure_free (sk);
  secure_free (shared);
  secure_free (wrap_key);
  return parsed && found;
}

/**
 * cd_age_reader_new:
 *
 * Reads the header of an age file from @in, unwraps the file key with one
 * of @identities or @passphrase and checks the header MAC. Nothing of the
 * payload is decrypted yet.
 */
CdAgeReader *
cd_age_reader_new (GInputStream       *in,
                   const char * const *identities,
                   const char         *passphrase,
                   guint               max_scrypt_log_n,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(CdAgeReader) reader = NULL;
  g_autoptr(GPtrArray) stanzas = NULL;
  g_autoptr(GString) header = NULL;
  guint8 mac[MAC_BYTES];
  guint8 expected[MAC_BYTES];
  guint8 *file_key;
  const guint8 *nonce;
  gboolean scrypt = FALSE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (in), NULL);

  if (!ensure_sodium (error))
    return NULL;
  if (max_scrypt_log_n == 0)
    max_scrypt_log_n = CD_AGE_SCRYPT_LOG_N_MAX_DEFAULT;

  reader = g_new0 (CdAgeReader, 1);
  reader->in = g_object_ref (in);
  reader->buf = g_malloc (READER_BUF_BYTES);

  stanzas = g_ptr_array_new_with_free_func ((GDestroyNotify) stanza_free);
  header = g_string_new (NULL);
  if (!reader_parse_header (reader, stanzas, header, mac, cancellable, error))
    return NULL;
  if (stanzas->len == 0)
    {
      header_invalid (error, _("The encrypted file's header is damaged (no recipients)"));
      return NULL;
    }
  if (!check_stanzas (stanzas, &scrypt, error))
    return NULL;

  file_key = secure_alloc (FILE_KEY_BYTES);
  if (scrypt ? !unwrap_scrypt (g_ptr_array_index (stanzas, 0), passphrase, max_scrypt_log_n, file_key, error)
             : !unwrap_x25519 (stanzas, identities, file_key, error))
    {
      secure_free (file_key);
      return NULL;
    }

  header_mac (file_key, header->str, header->len, expected);
  if (sodium_memcmp (mac, expected, MAC_BYTES) != 0)
    {
      secure_free (file_key);
      header_invalid (error, _("The encrypted file's header has been altered or damaged (authentication failed)"));
      return NULL;
    }

  if (!reader_fill (reader, NONCE_BYTES, cancellable, error))
    {
      secure_free (file_key);
      return NULL;
    }
  if (reader->buf_len - reader->buf_pos < NONCE_BYTES)
    {
      secure_free (file_key);
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED,
                           _("The encrypted file is incomplete: it ends after its header"));
      return NULL;
    }
  nonce = reader->buf + reader->buf_pos;
  reader->payload_key = secure_alloc (32);
  hkdf_sha256 (file_key, FILE_KEY_BYTES, nonce, NONCE_BYTES, "payload", reader->payload_key, 32);
  secure_free (file_key);
  reader->buf_pos += NONCE_BYTES;
  reader->plain = secure_alloc (CHUNK_BYTES);

  return g_steal_pointer (&reader);
}

/* ------------------------------------------------------------------ */
/* Reader: payload                                                    */

/* Whether some prefix of @data (up to @len bytes) is a valid final chunk:
 * then what follows it is trailing data rather than damage. Computing the
 * Poly1305 tag incrementally (RFC 8439 with no associated data) makes
 * trying every length cheap; it only runs when a chunk failed. */
static gboolean
final_chunk_prefix (const guint8 *key,
                    guint64       counter,
                    const guint8 *data,
                    gsize         len)
{
  crypto_onetimeauth_poly1305_state state, trial;
  guint8 nonce[12];
  guint8 poly_key[64];
  guint8 tag[16];
  guint8 lengths[16];
  static const guint8 zeros[16] = { 0 };
  gsize absorbed = 0;
  gboolean found = FALSE;

  if (len < TAG_BYTES)
    return FALSE;
  stream_nonce (nonce, counter, TRUE);
  crypto_stream_chacha20_ietf (poly_key, sizeof poly_key, nonce, key);
  crypto_onetimeauth_poly1305_init (&state, poly_key);

  for (gsize ct_len = 0; ct_len + TAG_BYTES <= len && !found; ct_len++)
    {
      gsize rem;

      while (absorbed + 16 <= ct_len)
        {
          crypto_onetimeauth_poly1305_update (&state, data + absorbed, 16);
          absorbed += 16;
        }
      trial = state;
      rem = ct_len - absorbed;
      if (rem > 0)
        {
          crypto_onetimeauth_poly1305_update (&trial, data + absorbed, rem);
          crypto_onetimeauth_poly1305_update (&trial, zeros, 16 - rem);
        }
      memset (lengths, 0, 8);
      for (guint i = 0; i < 8; i++)
        lengths[8 + i] = (guint8) ((guint64) ct_len >> (8 * i));
      crypto_onetimeauth_poly1305_update (&trial, lengths, sizeof lengths);
      crypto_onetimeauth_poly1305_final (&trial, tag);
      found = crypto_verify_16 (tag, data + ct_len) == 0;
    }

  sodium_memzero (poly_key, sizeof poly_key);
  sodium_memzero (&state, sizeof state);
  sodium_memzero (&trial, sizeof trial);
  return found;
}

static gboolean
reader_chunk_failed (CdAgeReader  *reader,
                     const guint8 *data,
                     gsize         avail,
                     GError      **error)
{
  if (final_chunk_prefix (reader->payload_key, reader->counter, data, MIN (avail, CHUNK_CT_BYTES)))
    g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_TRAILING_DATA,
                         _("The encrypted file has unexpected data after its end"));
  else if (avail <= CHUNK_CT_BYTES)
    g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_DAMAGED,
                         _("The end of the encrypted file is damaged or missing"));
  else
    g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_DAMAGED,
                         _("The encrypted file is damaged"));
  return FALSE;
}

static gboolean
reader_next_chunk (CdAgeReader  *reader,
                   GCancellable *cancellable,
                   GError      **error)
{
  guint8 nonce[12];
  const guint8 *data;
  gsize avail;

  if (!reader_fill (reader, READER_BUF_BYTES, cancellable, error))
    return FALSE;
  data = reader->buf + reader->buf_pos;
  avail = reader->buf_len - reader->buf_pos;

  if (reader->counter == G_MAXUINT64)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT,
                           _("The encrypted file is larger than supported"));
      return FALSE;
    }

  /* More than a full chunk: this one is not the last. */
  if (avail > CHUNK_CT_BYTES)
    {
      stream_nonce (nonce, reader->counter, FALSE);
      if (crypto_aead_chacha20poly1305_ietf_decrypt (reader->plain, NULL, NULL, data, CHUNK_CT_BYTES,
                                                     NULL, 0, nonce, reader->payload_key) != 0)
        return reader_chunk_failed (reader, data, avail, error);
      reader->buf_pos += CHUNK_CT_BYTES;
      reader->plain_len = CHUNK_BYTES;
      reader->plain_pos = 0;
      reader->counter++;
      return TRUE;
    }

  /* The input ended: what is left must be the last chunk. */
  if (avail < TAG_BYTES)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED,
                           _("The encrypted file is incomplete: its end is missing"));
      return FALSE;
    }
  stream_nonce (nonce, reader->counter, TRUE);
  if (crypto_aead_chacha20poly1305_ietf_decrypt (reader->plain, NULL, NULL, data, avail,
                                                 NULL, 0, nonce, reader->payload_key) != 0)
    {
      /* A full chunk that authenticates as a middle one: the file was cut
       * right after it. */
      stream_nonce (nonce, reader->counter, FALSE);
      if (avail == CHUNK_CT_BYTES &&
          crypto_aead_chacha20poly1305_ietf_decrypt (reader->plain, NULL, NULL, data, avail,
                                                     NULL, 0, nonce, reader->payload_key) == 0)
        {
          sodium_memzero (reader->plain, CHUNK_BYTES);
          g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED,
                               _("The encrypted file is incomplete: its end is missing"));
          return FALSE;
        }
      return reader_chunk_failed (reader, data, avail, error);
    }
  /* Only an empty file has an empty last chunk. */
  if (avail == TAG_BYTES && reader->counter > 0)
    {
      g_set_error_literal (error, CD_AGE_ERROR, CD_AGE_ERROR_DAMAGED,
                           _("The encrypted file is damaged (its last part is empty)"));
      return FALSE;
    }
  reader->buf_pos += avail;
  reader->plain_len = avail - TAG_BYTES;
  reader->plain_pos = 0;
  reader->counter++;
  reader->done = TRUE;
  return TRUE;
}

/**
 * cd_age_reader_read:
 *
 * Copies up to @len bytes (@len > 0) of authenticated plaintext into
 * @buffer. Returns 0 at the verified end of the file, -1 on error.
 */
gssize
cd_age_reader_read (CdAgeReader  *reader,
                    void         *buffer,
                    gsize         len,
                    GCancellable *cancellable,
                    GError      **error)
{
  GError *local_error = NULL;
  gsize n;

  g_return_val_if_fail (reader != NULL, -1);
  g_return_val_if_fail (buffer != NULL && len > 0, -1);

  if (reader->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (reader->failure));
      return -1;
    }

  while (reader->plain_pos == reader->plain_len)
    {
      if (reader->done)
        return 0;
      reader->plain_pos = reader->plain_len = 0;
      if (!reader_next_chunk (reader, cancellable, &local_error))
        {
          reader->plain_pos = reader->plain_len = 0;
          sodium_memzero (reader->plain, CHUNK_BYTES);
          /* Cancellation can be retried; the rest sticks. */
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            reader->failure = g_error_copy (local_error);
          g_propagate_error (error, local_error);
          return -1;
        }
    }

  n = MIN (len, reader->plain_len - reader->plain_pos);
  memcpy (buffer, reader->plain + reader->plain_pos, n);
  reader->plain_pos += n;
  return (gssize) n;
}

void
cd_age_reader_free (CdAgeReader *reader)
{
  if (reader == NULL)
    return;
  g_clear_object (&reader->in);
  g_free (reader->buf);
  secure_free (reader->payload_key);
  secure_free (reader->plain);
  g_clear_error (&reader->failure);
  g_free (reader);
}

/* ------------------------------------------------------------------ */
/* Whole files                                                        */

/* Drops what a g_file_replace() stream wrote. Closing it cancelled keeps
 * a file it was replacing (GIO wrote to a temporary file); a file it
 * created is written in place, so it is deleted. */
static void
abandon_output (GOutputStream *out,
                GFile         *file,
                gboolean       existed)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (out, cancelled, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);
}

/**
 * cd_age_encrypt_file:
 *
 * Encrypts @in_path into @out_path (see cd_age_writer_new()).
 */
gboolean
cd_age_encrypt_file (const char         *in_path,
                     const char         *out_path,
                     const char * const *recipients,
                     const char         *passphrase,
                     guint               scrypt_log_n,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(GFile) in_file = g_file_new_for_path (in_path);
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(CdAgeWriter) writer = NULL;
  guint8 *secure_buf;
  gboolean existed;
  gssize n;

  in = g_file_read (in_file, cancellable, error);
  if (in == NULL)
    return FALSE;
  existed = g_file_query_exists (out_file, NULL);
  out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (out == NULL)
    return FALSE;
  writer = cd_age_writer_new (G_OUTPUT_STREAM (out), recipients, passphrase, scrypt_log_n, error);
  if (writer == NULL)
    {
      abandon_output (G_OUTPUT_STREAM (out), out_file, existed);
      return FALSE;
    }

  secure_buf = secure_alloc (CHUNK_BYTES);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), secure_buf, CHUNK_BYTES, cancellable, error)) > 0)
    if (!cd_age_writer_write (writer, secure_buf, (gsize) n, cancellable, error))
      break;
  sodium_memzero (secure_buf, CHUNK_BYTES);
  secure_free (secure_buf);

  if (n != 0 ||
      !cd_age_writer_finish (writer, cancellable, error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    {
      abandon_output (G_OUTPUT_STREAM (out), out_file, existed);
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_age_decrypt_file:
 *
 * Decrypts @in_path into @out_path (created private). On any error,
 * including damage found in the last chunk, @out_path is left as it was.
 */
gboolean
cd_age_decrypt_file (const char         *in_path,
                     const char         *out_path,
                     const char * const *identities,
                     const char         *passphrase,
                     guint               max_scrypt_log_n,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(GFile) in_file = g_file_new_for_path (in_path);
  g_autoptr(GFile) out_file = g_file_new_for_path (out_path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(CdAgeReader) reader = NULL;
  guint8 *buf;
  gssize n;
  gboolean existed;
  gboolean ok = TRUE;

  in = g_file_read (in_file, cancellable, error);
  if (in == NULL)
    return FALSE;
  reader = cd_age_reader_new (G_INPUT_STREAM (in), identities, passphrase, max_scrypt_log_n,
                              cancellable, error);
  if (reader == NULL)
    return FALSE;
  existed = g_file_query_exists (out_file, NULL);
  out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (out == NULL)
    return FALSE;

  buf = secure_alloc (CHUNK_BYTES);
  while ((n = cd_age_reader_read (reader, buf, CHUNK_BYTES, cancellable, error)) > 0)
    if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buf, (gsize) n, NULL, cancellable, error))
      {
        ok = FALSE;
        break;
      }
  sodium_memzero (buf, CHUNK_BYTES);
  secure_free (buf);

  if (!ok || n < 0 || !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error))
    {
      abandon_output (G_OUTPUT_STREAM (out), out_file, existed);
      return FALSE;
    }
  return TRUE;
}
