/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-redact: finds identifiers in a PDF (page text, invisible OCR text,
 * annotations, form fields), lets a caller add, exclude and search boxes,
 * and exports a new PDF where they are really gone: pages with boxes are
 * rasterized with the boxes burned in, the other pages are re-rendered as
 * vectors, and the result is re-opened and verified before it is kept.
 *
 * Coordinates are PDF points from the top-left corner of the page as it is
 * displayed (after /Rotate); pages are numbered from 1 as the user sees them.
 *
 * Boxes JSON (closure-desk-cli redact --boxes, cd_redact_document_add_boxes_json):
 *     {"boxes": [{"page": 1, "x": 72.0, "y": 100.0, "width": 120.0, "height": 14.0}, …]}
 * page 1-based and within the document; x, y, width, height finite, x and y
 * non-negative, width and height positive; at most CD_REDACT_MAX_BOXES boxes.
 * Any other member is an error, so that a typo does not silently redact nothing. */

#pragma once

#include <gio/gio.h>

#include "cd-detect.h"

G_BEGIN_DECLS

#define CD_REDACT_DEFAULT_DPI   200
#define CD_REDACT_MIN_DPI       36
#define CD_REDACT_MAX_DPI       600
#define CD_REDACT_MAX_PAGES     10000
#define CD_REDACT_MAX_BOXES     100000
#define CD_REDACT_MAX_FILE_SIZE (G_GINT64_CONSTANT (2) << 30)

#define CD_REDACT_ERROR (cd_redact_error_quark ())

typedef enum
{
  CD_REDACT_ERROR_ENCRYPTED,
  CD_REDACT_ERROR_WRONG_PASSWORD,
  CD_REDACT_ERROR_CORRUPT,
  CD_REDACT_ERROR_NO_PAGES,
  CD_REDACT_ERROR_LIMIT,
  CD_REDACT_ERROR_VERIFY_FAILED,
  CD_REDACT_ERROR_INVALID,
  CD_REDACT_ERROR_FAILED,
  CD_REDACT_ERROR_WORKER_CRASHED,
} CdRedactError;

GQuark cd_redact_error_quark (void);

/* Where a box comes from. */
typedef enum
{
  CD_REDACT_SOURCE_TEXT,        /* a detected identifier in the page's text (OCR layers included) */
  CD_REDACT_SOURCE_ANNOTATION,  /* in a note's contents: the note is dropped from the output */
  CD_REDACT_SOURCE_FORM_FIELD,  /* in a form field's value: the field's area is burned in */
  CD_REDACT_SOURCE_MANUAL,      /* drawn by hand or read from a boxes file */
  CD_REDACT_SOURCE_SEARCH,      /* a match of cd_redact_document_search () */
} CdRedactSource;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} CdRedactRect;

/* One redaction: a detected identifier (one rectangle per line it spans),
 * a search match or a box drawn by hand. Owned by its document. */
typedef struct
{
  guint           page;       /* 1-based */
  CdRedactSource  source;
  int             kind;       /* a CdDetectKind, or -1 (manual, search) */
  GArray         *rects;      /* CdRedactRect, padded; never empty */
  char           *masked;     /* for display, never the identifier in full */
  gboolean        excluded;   /* kept as it is: the user said so */
  /*< private >*/
  char           *raw;        /* the matched text, for verification; wiped when freed */
} CdRedactBox;

typedef enum
{
  CD_REDACT_PHASE_DETECT,
  CD_REDACT_PHASE_EXPORT,
  CD_REDACT_PHASE_VERIFY,
} CdRedactPhase;

/* @done of @total pages of @phase. */
typedef void (*CdRedactProgressFunc) (CdRedactPhase phase,
                                      guint         done,
                                      guint         total,
                                      gpointer      user_data);

typedef struct
{
  guint dpi;                  /* 0: CD_REDACT_DEFAULT_DPI */
} CdRedactOptions;

typedef struct
{
  guint    n_pages;
  guint    n_rasterized;      /* pages with boxes, burned into images */
  guint    n_vector;          /* pages kept as vectors (text selectable) */
  guint    n_boxes;           /* boxes applied (not excluded), annotations' included */
  guint    n_annotations;     /* of which in annotations, dropped with them */
  guint    n_excluded;
  guint    kinds[CD_N_DETECT_KINDS];   /* applied detected identifiers by kind */
  gboolean verified;
  guint64  output_size;
} CdRedactResult;

#define CD_TYPE_REDACT_DOCUMENT (cd_redact_document_get_type ())
G_DECLARE_FINAL_TYPE (CdRedactDocument, cd_redact_document, CD, REDACT_DOCUMENT, GObject)

CdRedactDocument *cd_redact_document_open          (const char            *path,
                                                    const char            *password,
                                                    GError               **error);
CdRedactDocument *cd_redact_document_open_bytes    (GBytes                *bytes,
                                                    const char            *password,
                                                    GError               **error);
guint             cd_redact_document_get_n_pages   (CdRedactDocument      *self);
gboolean          cd_redact_document_get_page_size (CdRedactDocument      *self,
                                                    guint                  page,
                                                    double                *width,
                                                    double                *height);
/* The underlying PopplerDocument, for drawing pages (a PopplerDocument *). */
gpointer          cd_redact_document_get_poppler   (CdRedactDocument      *self);

gboolean          cd_redact_document_detect        (CdRedactDocument      *self,
                                                    guint                  kinds_mask,
                                                    GCancellable          *cancellable,
                                                    CdRedactProgressFunc   progress,
                                                    gpointer               user_data,
                                                    GError               **error);
GPtrArray        *cd_redact_document_get_boxes     (CdRedactDocument      *self);
guint             cd_redact_document_count_page_boxes (CdRedactDocument   *self,
                                                    guint                  page,
                                                    gboolean               applied_only);
CdRedactBox      *cd_redact_document_add_box       (CdRedactDocument      *self,
                                                    guint                  page,
                                                    const CdRedactRect    *rect,
                                                    GError               **error);
gboolean          cd_redact_document_add_boxes_json (CdRedactDocument     *self,
                                                    const char            *json,
                                                    gsize                  len,
                                                    GError               **error);
void              cd_redact_document_remove_box    (CdRedactDocument      *self,
                                                    CdRedactBox           *box);
guint             cd_redact_document_search        (CdRedactDocument      *self,
                                                    const char            *text,
                                                    GCancellable          *cancellable,
                                                    GError               **error);

gboolean          cd_redact_document_export        (CdRedactDocument      *self,
                                                    const char            *output_path,
                                                    const CdRedactOptions *options,
                                                    CdRedactResult        *result,
                                                    GCancellable          *cancellable,
                                                    CdRedactProgressFunc   progress,
                                                    gpointer               user_data,
                                                    GError               **error);
/* Writes and verifies into @fd (an empty file the caller created and will
 * rename or remove); what cd_redact_document_export () and the worker use. */
gboolean          cd_redact_document_write         (CdRedactDocument      *self,
                                                    int                    fd,
                                                    const char            *fd_path,
                                                    const CdRedactOptions *options,
                                                    CdRedactResult        *result,
                                                    GCancellable          *cancellable,
                                                    CdRedactProgressFunc   progress,
                                                    gpointer               user_data,
                                                    GError               **error);

gboolean          cd_redact_validate_boxes_json    (const char            *json,
                                                    gsize                  len,
                                                    GError               **error);
char             *cd_redact_strip_separators       (const char            *text);

G_END_DECLS
