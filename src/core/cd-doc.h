/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-doc: a small flowing-document layout engine on pango/cairo, A4
 * portrait, for the disposal report and the commitment letter. Content is
 * added as blocks (headings, paragraphs, key/value lists, tables that split
 * across pages with their header row repeated, a QR code, a signature
 * block); cd_doc_paginate () lays them out once, and cd_doc_draw_page ()
 * draws any page onto any cairo context (a PDF surface, a print context, a
 * preview widget) in points, with the origin at the page's top left. One
 * drawing path for PDF, print and preview. */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define CD_DOC_ERROR (cd_doc_error_quark ())

typedef enum
{
  CD_DOC_ERROR_FAILED,
  CD_DOC_ERROR_TOO_LARGE, /* a single block taller than a page, or too many pages */
} CdDocError;

GQuark cd_doc_error_quark (void);

/* A4 portrait, in points (1/72 inch). */
#define CD_DOC_PAGE_WIDTH  595.2756
#define CD_DOC_PAGE_HEIGHT 841.8898

/* More than this many pages is refused with CD_DOC_ERROR_TOO_LARGE. */
#define CD_DOC_MAX_PAGES 20000

typedef enum
{
  CD_DOC_TEXT_NORMAL    = 0,
  CD_DOC_TEXT_SMALL     = 1 << 0, /* notes, sources, captions */
  CD_DOC_TEXT_BOLD      = 1 << 1,
  CD_DOC_TEXT_ALERT     = 1 << 2, /* red: a failed audit chain, a draft's reasons */
  CD_DOC_TEXT_MONOSPACE = 1 << 3, /* hashes, keys */
  CD_DOC_TEXT_CENTER    = 1 << 4,
  CD_DOC_TEXT_MUTED     = 1 << 5, /* grey: "None." in an empty section */
  CD_DOC_TEXT_TITLE     = 1 << 6, /* the cover's large title */
  CD_DOC_TEXT_KEEP_WITH_NEXT = 1 << 7, /* on the page of what follows, like a heading */
} CdDocTextFlags;

typedef enum
{
  CD_DOC_ROW_NORMAL    = 0,
  CD_DOC_ROW_HIGHLIGHT = 1 << 0, /* a tinted row: sensitive categories */
  CD_DOC_ROW_BOLD      = 1 << 1, /* totals */
  CD_DOC_ROW_ALERT     = 1 << 2, /* red text: overdue, failed */
} CdDocRowFlags;

typedef struct _CdDoc CdDoc;

/* @language ("zh_CN", "en") picks fonts and line breaking;
 * @running_title is printed at the top of every page but the first,
 * @page_format is a printf format with two %u, page and total ("%u / %u"). */
CdDoc      *cd_doc_new              (const char     *language,
                                     const char     *running_title,
                                     const char     *page_format);
void        cd_doc_free             (CdDoc          *doc);

/* Diagonal text over every page, light grey ("草稿 / DRAFT"); NULL for none. */
void        cd_doc_set_watermark    (CdDoc          *doc,
                                     const char     *text);

/* Text is plain UTF-8, never markup (it holds company names and the like). */
void        cd_doc_heading          (CdDoc          *doc,
                                     guint           level, /* 1 section, 2 subsection */
                                     const char     *text);
void        cd_doc_paragraph        (CdDoc          *doc,
                                     CdDocTextFlags  flags,
                                     const char     *text);
/* Two columns, labels on the left: @pairs is label, value, label, value, …, NULL.
 * A NULL or empty value prints "—". */
void        cd_doc_key_values       (CdDoc          *doc,
                                     const char     *const *pairs);
/* A table: @n_columns headers and relative widths (fractions of the text
 * width, summing to 1). Rows wrap within their cells; a row never splits
 * across pages, the table does, repeating its header row. */
void        cd_doc_table_begin      (CdDoc          *doc,
                                     guint           n_columns,
                                     const char     *const *headers,
                                     const double   *widths);
void        cd_doc_table_row        (CdDoc          *doc,
                                     CdDocRowFlags   flags,
                                     const char     *const *cells);
void        cd_doc_table_end        (CdDoc          *doc);
/* A QR code (libqrencode, error correction M) of @payload, 40 mm square,
 * with @caption beside it. */
void        cd_doc_qr               (CdDoc          *doc,
                                     const char     *payload,
                                     const char     *caption);
/* Signature lines: one per role ("Consultant", …), each with a name line and
 * a date line, and a box labelled @seal_label for the company seal. Kept on
 * one page. */
void        cd_doc_signatures       (CdDoc          *doc,
                                     const char     *const *roles,
                                     const char     *name_label,
                                     const char     *date_label,
                                     const char     *seal_label);
void        cd_doc_vspace           (CdDoc          *doc,
                                     double          points);
void        cd_doc_page_break       (CdDoc          *doc);

/* Lays the blocks out; returns the page count, 0 with @error set on failure. */
guint       cd_doc_paginate         (CdDoc          *doc,
                                     GError        **error);
guint       cd_doc_get_n_pages      (CdDoc          *doc);
/* Draws page @page (0-based) at 1 unit = 1 point. Paginates first if needed. */
void        cd_doc_draw_page        (CdDoc          *doc,
                                     cairo_t        *cr,
                                     guint           page);
/* PDF metadata beyond title and author: the subject line and keywords (the
 * report keeps machine-readable facts there for cd_report_verify ()). */
void        cd_doc_set_metadata     (CdDoc          *doc,
                                     const char     *subject,
                                     const char     *keywords);
/* Writes every page to a PDF file with the given metadata, atomically
 * (a temporary file renamed into place; nothing left behind on failure). */
gboolean    cd_doc_write_pdf        (CdDoc          *doc,
                                     const char     *path,
                                     const char     *title,
                                     const char     *author,
                                     GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDoc, cd_doc_free)

G_END_DECLS
