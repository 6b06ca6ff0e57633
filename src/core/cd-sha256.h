/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdSha256: the SHA-256 digest of files and archives the case records (a
 * vault's .age file, what a destruction plan lists, a redacted PDF). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_SHA256_HEX_LENGTH 64

typedef struct _CdSha256 CdSha256;

CdSha256 *cd_sha256_new        (void);
void      cd_sha256_update     (CdSha256      *self,
                                const void    *data,
                                gsize          len);
void      cd_sha256_finish_hex (CdSha256      *self,
                                char           hex[CD_SHA256_HEX_LENGTH + 1]);
void      cd_sha256_free       (CdSha256      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdSha256, cd_sha256_free)

G_END_DECLS
