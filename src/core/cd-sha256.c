/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdSha256: SHA-256 of public bytes (ciphertext, files to be destroyed, our
 * own outputs), computed by nettle. libsodium, which does every other
 * cryptographic operation here, has only a portable C SHA-256: about
 * 300 MB/s, which made hashing a 1 GiB vault take longer than `tar | age`
 * took to write it (tests/bench/bench-vault.c). nettle picks the CPU's
 * SHA instructions at run time (2–4 times faster here) and gives the same
 * digests (tests/test-crypto.c checks them against libsodium). No key or
 * secret ever goes through it. */

#include "config.h"

#include <nettle/sha2.h>

#include "cd-sha256.h"

struct _CdSha256
{
  struct sha256_ctx ctx;
};

/**
 * cd_sha256_new:
 *
 * Returns: (transfer full): a digest of nothing yet
 */
CdSha256 *
cd_sha256_new (void)
{
  CdSha256 *self = g_new (CdSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

void
cd_sha256_update (CdSha256   *self,
                  const void *data,
                  gsize       len)
{
  const guint8 *p = data;

  /* nettle takes a size_t, but stay explicit about huge buffers. */
  while (len > 0)
    {
      gsize take = MIN (len, (gsize) G_MAXUINT32);

      sha256_update (&self->ctx, take, p);
      p += take;
      len -= take;
    }
}

/**
 * cd_sha256_finish_hex:
 * @hex: (out caller-allocates): 64 lower-case hex digits and a NUL
 *
 * Writes the digest of everything given and starts again from nothing.
 */
void
cd_sha256_finish_hex (CdSha256 *self,
                      char      hex[CD_SHA256_HEX_LENGTH + 1])
{
  static const char digits[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];

  sha256_digest (&self->ctx, sizeof digest, digest);
  for (guint i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[CD_SHA256_HEX_LENGTH] = '\0';
}

void
cd_sha256_free (CdSha256 *self)
{
  g_free (self);
}
