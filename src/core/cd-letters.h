/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing merged customer letters (issue 6): print-ready PDF (A4, CJK fonts
 * embedded, a letterhead with the company's name and credit code, the date,
 * "page x / y" of each letter), e-mail drafts (.eml files or one mbox, built
 * with GMime: UTF-8 encoded headers, text/plain and text/html parts) and SMS
 * (CSV: phone, text, segments).
 *
 * The letters arrive merged: choosing customers, rendering templates and
 * skipping customers without an address for the channel is the caller's
 * business (cd-notices). File names never carry customers' names: a
 * letter's files are named after its customer id. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_LETTERS_ERROR (cd_letters_error_quark ())

typedef enum
{
  CD_LETTERS_ERROR_INVALID,    /* a letter without the field its format needs */
  CD_LETTERS_ERROR_LIMIT,      /* more letters or a longer letter than allowed */
  CD_LETTERS_ERROR_FAILED,     /* cairo, GMime or the file system failed */
} CdLettersError;

#define CD_LETTERS_MAX_LETTERS     200000
#define CD_LETTERS_MAX_BODY        (256 * 1024)   /* bytes of body text */
#define CD_LETTERS_MAX_PAGES       50             /* pages of one letter */

typedef struct
{
  char *customer_id;      /* required; names per-customer files */
  char *recipient;        /* the addressee's name as written on the letter */
  char *address;          /* postal address (PDF), may be NULL */
  char *email;            /* required for e-mail */
  char *phone;            /* required for SMS */
  char *subject;          /* one line */
  char *body;             /* plain text; paragraphs separated by a blank line */
  char *body_html;        /* optional HTML body fragment (already escaped);
                           * NULL: built from @body */
} CdLetter;

typedef struct
{
  const char *company;       /* letterhead: the company's name */
  const char *credit_code;   /* letterhead: unified social credit code */
  const char *date;          /* the date printed on the letters, as text */
  const char *language;      /* "zh_CN" or "en": labels printed on pages */
  const char *sender_name;   /* e-mail From: display name (default: company) */
  const char *sender_email;  /* e-mail From: address; required for e-mail */
} CdLetterhead;

typedef struct
{
  guint   letters;
  guint   pages;
  guint64 bytes;             /* bytes written (the combined file or all files) */
} CdLettersStats;

GQuark    cd_letters_error_quark      (void);

CdLetter *cd_letter_new               (void);
void      cd_letter_free              (CdLetter           *letter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdLetter, cd_letter_free)

/* One combined PDF at @path; with @per_customer_dir also one PDF per
 * letter there (<customer_id>.pdf). Each letter starts on a new page. */
gboolean  cd_letters_write_pdf        (GPtrArray          *letters,
                                       const CdLetterhead *head,
                                       const char         *path,
                                       const char         *per_customer_dir,
                                       CdLettersStats     *out_stats,
                                       GCancellable       *cancellable,
                                       GError            **error);
/* One <customer_id>.eml per letter in @dir (created if missing), each with
 * "X-Unsent: 1" so mail programs open it as a draft. */
gboolean  cd_letters_write_eml        (GPtrArray          *letters,
                                       const CdLetterhead *head,
                                       const char         *dir,
                                       CdLettersStats     *out_stats,
                                       GCancellable       *cancellable,
                                       GError            **error);
/* All letters as one mbox file (mboxrd "From " lines escaped). */
gboolean  cd_letters_write_mbox       (GPtrArray          *letters,
                                       const CdLetterhead *head,
                                       const char         *path,
                                       CdLettersStats     *out_stats,
                                       GCancellable       *cancellable,
                                       GError            **error);
/* CSV with a header row: phone,text,segments (RFC 4180 quoting, UTF-8). */
gboolean  cd_letters_write_sms        (GPtrArray          *letters,
                                       const char         *path,
                                       CdLettersStats     *out_stats,
                                       GError            **error);
/* SMS segments for @text: GSM 7-bit when every character is in the GSM
 * default alphabet (160 per message, 153 per part when split; the extension
 * characters count twice), else UCS-2 (70, or 67 per part, counted in
 * UTF-16 units). An empty text is 0 segments. */
guint     cd_sms_count_segments       (const char         *text);

G_END_DECLS
