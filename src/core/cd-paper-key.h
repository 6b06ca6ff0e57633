/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A custodian's paper key: their age secret key printed on one A4 page
 * (PDF), in numbered groups so it can be typed back, with how to open the
 * retained archives with it. Archives are kept for up to 30 years; the
 * sheet in a safe is the fallback when the key file is gone. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_PAPER_KEY_ERROR (cd_paper_key_error_quark ())

typedef enum
{
  /* Not a valid secret key, a public key that does not belong to it,
   * text that is not UTF-8, a language other than zh_CN or en. */
  CD_PAPER_KEY_ERROR_INVALID,
  /* cairo or Pango could not draw the page. */
  CD_PAPER_KEY_ERROR_FAILED,
} CdPaperKeyError;

typedef struct
{
  const char *custodian_name;  /* who keeps the key */
  const char *case_name;       /* the case (the company's name) */
  const char *recipient;       /* "age1…"; NULL: derived from @identity */
  const char *identity;        /* "AGE-SECRET-KEY-1…", required */
  const char *created;         /* ISO date (YYYY-MM-DD…); NULL: today */
  const char *language;        /* "zh_CN" or "en"; NULL: the locale's */
} CdPaperKeyInfo;

GQuark    cd_paper_key_error_quark  (void);

/* Writes the page to @path, a new file (G_IO_ERROR_EXISTS if there is
 * one, which is left as it was), readable by its owner only. Nothing is
 * left behind on failure. */
gboolean  cd_paper_key_write_pdf    (const char            *path,
                                     const CdPaperKeyInfo  *info,
                                     GError               **error);

G_END_DECLS
