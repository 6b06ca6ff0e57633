/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-redact: irreversible redaction of identifiers in PDFs (issue 7).
 *
 * A black rectangle drawn over live text leaves the text there to copy, so
 * nothing of the original is carried over: every page is drawn afresh by
 * poppler into a new cairo PDF. A page with at least one box is rendered
 * into an image and the boxes are painted into its pixels; a page without
 * boxes is re-rendered as vectors, so its text stays selectable. Neither
 * way copies the original's metadata, annotations (markup notes are not
 * drawn at all), form fields (their values are drawn flat), attachments,
 * outlines, scripts or hidden layers (poppler draws only visible content).
 *
 * Then the output is opened again and searched, text and metadata, for
 * every redacted string, separators removed on both sides; one found
 * fails the export and the file is removed. Only then is the temporary
 * file renamed to the name asked for.
 *
 * The document is read page by page and each PopplerPage dropped after
 * use, so a document of thousands of pages needs the memory of a few
 * pages (and of their rasters, at most MAX_RASTER_PIXELS each). The
 * export and the verification use up to four threads (PageWorkers): the
 * calling thread writes, and reports progress, in page order. */

#include "config.h"

#define G_LOG_DOMAIN "cd-redact"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poppler.h>
#include <sodium.h>

#include "cd-crypto.h"
#include "cd-detect.h"
#include "cd-mask.h"
#include "cd-redact.h"
#include "cd-redact-private.h"

/* Around each glyph box, so that antialiasing and descenders go too. */
#define BOX_PADDING 1.0

/* A raster page never needs more than this (about 64 MiB at 4 bytes a
 * pixel, an A0 sheet at 200 DPI); larger pages are rendered coarser. */
#define MAX_RASTER_PIXELS (16.0 * 1024 * 1024)
#define MAX_RASTER_SIDE   20000.0

/* A boxes file larger than this is not a list of boxes. */
#define MAX_BOXES_JSON (64 * 1024 * 1024)

/* Needles longer than this are searched with strstr rather than hashed. */
#define MAX_HASHED_NEEDLE 256

G_DEFINE_QUARK (cd_redact_error_quark, cd_redact_error)

/* poppler-glib has no autoptr support of its own; aliases keep these from
 * clashing with a future one. */
typedef PopplerPage CdPopplerPage;
typedef PopplerDocument CdPopplerDocument;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPopplerPage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPopplerDocument, g_object_unref)

struct _CdRedactDocument
{
  GObject          parent_instance;

  PopplerDocument *document;
  GBytes          *bytes;      /* when opened from memory: poppler reads from it */
  char            *path;       /* when opened from a file */
  int              fd;         /* that file, for the documents of an export's threads; or -1 */
  char            *password;   /* for the same; sodium_malloc'd, NULL when none */
  guint            n_pages;
  GPtrArray       *boxes;      /* CdRedactBox, in page order after detection */
};

G_DEFINE_FINAL_TYPE (CdRedactDocument, cd_redact_document, G_TYPE_OBJECT)

/* -- boxes -------------------------------------------------------------------- */

static void
wipe_string (char *text)
{
  if (text != NULL)
    {
      sodium_memzero (text, strlen (text));
      g_free (text);
    }
}

static void
box_free (CdRedactBox *box)
{
  if (box == NULL)
    return;
  g_clear_pointer (&box->rects, g_array_unref);
  g_free (box->masked);
  wipe_string (box->raw);
  g_free (box);
}

static CdRedactBox *
box_new (guint          page,
         CdRedactSource source,
         int            kind)
{
  CdRedactBox *box = g_new0 (CdRedactBox, 1);

  box->page = page;
  box->source = source;
  box->kind = kind;
  box->rects = g_array_new (FALSE, FALSE, sizeof (CdRedactRect));
  return box;
}

static gboolean
check_box_limit (CdRedactDocument  *self,
                 GError           **error)
{
  if (self->boxes->len < CD_REDACT_MAX_BOXES)
    return TRUE;
  g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
               _("More than %u redactions in one document: split it or redact whole pages"),
               (guint) CD_REDACT_MAX_BOXES);
  return FALSE;
}

/* -- the document ------------------------------------------------------------- */

static void
cd_redact_document_finalize (GObject *object)
{
  CdRedactDocument *self = CD_REDACT_DOCUMENT (object);

  g_clear_pointer (&self->boxes, g_ptr_array_unref);
  g_clear_object (&self->document);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_free (self->path);
  if (self->fd >= 0)
    close (self->fd);
  cd_crypto_secure_free (self->password);

  G_OBJECT_CLASS (cd_redact_document_parent_class)->finalize (object);
}

static void
cd_redact_document_class_init (CdRedactDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_redact_document_finalize;
}

static void
cd_redact_document_init (CdRedactDocument *self)
{
  self->boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);
  self->fd = -1;
}

static gboolean
set_open_error (const GError  *poppler_error,
                const char    *password,
                GError       **error)
{
  if (g_error_matches (poppler_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      if (password != NULL && *password != '\0')
        g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_WRONG_PASSWORD,
                             _("The password does not open this PDF"));
      else
        g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_ENCRYPTED,
                             _("The PDF is encrypted: its password is needed to open it"));
    }
  else
    g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT,
                         _("The PDF is damaged and could not be opened"));
  return FALSE;
}

static CdRedactDocument *
document_new (PopplerDocument  *document,
              const char       *password,
              GError          **error)
{
  g_autoptr(CdRedactDocument) self = NULL;
  int n_pages = poppler_document_get_n_pages (document);

  if (n_pages <= 0)
    {
      g_object_unref (document);
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_NO_PAGES,
                           _("The PDF has no pages"));
      return NULL;
    }
  if (n_pages > CD_REDACT_MAX_PAGES)
    {
      g_object_unref (document);
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
                   _("The PDF has more than %u pages: split it first"), (guint) CD_REDACT_MAX_PAGES);
      return NULL;
    }

  self = g_object_new (CD_TYPE_REDACT_DOCUMENT, NULL);
  self->document = document;
  self->n_pages = (guint) n_pages;
  if (password != NULL && *password != '\0')
    self->password = cd_crypto_secure_strdup (password);
  return g_steal_pointer (&self);
}

/* Whether @fd is the file at @path. */
static gboolean
is_file (int         fd,
         const char *path)
{
  struct stat a;
  GStatBuf b;

  return fstat (fd, &a) == 0 && g_stat (path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/**
 * cd_redact_document_open:
 * @password: (nullable): the user password of an encrypted PDF
 *
 * Opens a PDF for redaction. Fails with %CD_REDACT_ERROR_ENCRYPTED when it
 * needs a password and none was given, %CD_REDACT_ERROR_WRONG_PASSWORD,
 * %CD_REDACT_ERROR_CORRUPT, %CD_REDACT_ERROR_NO_PAGES, or
 * %CD_REDACT_ERROR_LIMIT (file size, pages).
 */
CdRedactDocument *
cd_redact_document_open (const char  *path,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *uri = NULL;
  PopplerDocument *document;
  CdRedactDocument *self;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                   _("Could not be read: %s"), g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                           _("Not a regular file"));
      return NULL;
    }
  if (st.st_size > CD_REDACT_MAX_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size ((guint64) CD_REDACT_MAX_FILE_SIZE);

      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
                   _("The PDF is larger than %s: split it first"), limit);
      return NULL;
    }
  if (st.st_size == 0)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT,
                           _("The PDF is damaged and could not be opened"));
      return NULL;
    }

  absolute = g_canonicalize_filename (path, NULL);
  uri = g_filename_to_uri (absolute, NULL, &local_error);
  if (uri == NULL)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                           _("The file name cannot be used"));
      return NULL;
    }

  /* The threads of an export read the PDF again, each with a document of
   * its own, from this descriptor: so they read the file opened here even
   * if another is put in its place meanwhile. It is kept only if the name
   * still leads to it once poppler has opened it (an export without it
   * uses one thread). */
  fd = g_open (absolute, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  document = poppler_document_new_from_file (uri, password, &local_error);
  if (document == NULL)
    {
      if (fd >= 0)
        close (fd);
      set_open_error (local_error, password, error);
      return NULL;
    }
  self = document_new (document, password, error);
  if (self == NULL)
    {
      if (fd >= 0)
        close (fd);
      return NULL;
    }
  if (fd >= 0 && !is_file (fd, absolute))
    {
      close (fd);
      fd = -1;
    }
  self->path = g_steal_pointer (&absolute);
  self->fd = fd;
  return self;
}

/**
 * cd_redact_document_open_bytes:
 *
 * Like cd_redact_document_open (), for a PDF in memory (kept referenced).
 */
CdRedactDocument *
cd_redact_document_open_bytes (GBytes      *bytes,
                               const char  *password,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  CdRedactDocument *self;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (g_bytes_get_size (bytes) > (gsize) CD_REDACT_MAX_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size ((guint64) CD_REDACT_MAX_FILE_SIZE);

      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
                   _("The PDF is larger than %s: split it first"), limit);
      return NULL;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT,
                           _("The PDF is damaged and could not be opened"));
      return NULL;
    }

  document = poppler_document_new_from_bytes (bytes, password, &local_error);
  if (document == NULL)
    {
      set_open_error (local_error, password, error);
      return NULL;
    }
  self = document_new (document, password, error);
  if (self != NULL)
    self->bytes = g_bytes_ref (bytes);
  return self;
}

guint
cd_redact_document_get_n_pages (CdRedactDocument *self)
{
  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), 0);
  return self->n_pages;
}

/**
 * cd_redact_document_get_page_size:
 * @page: 1-based
 *
 * The size of @page as displayed (after /Rotate), in points.
 */
gboolean
cd_redact_document_get_page_size (CdRedactDocument *self,
                                  guint             page,
                                  double           *width,
                                  double           *height)
{
  g_autoptr(CdPopplerPage) ppage = NULL;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), FALSE);

  if (page < 1 || page > self->n_pages)
    return FALSE;
  ppage = poppler_document_get_page (self->document, (int) page - 1);
  if (ppage == NULL)
    return FALSE;
  poppler_page_get_size (ppage, width, height);
  return TRUE;
}

gpointer
cd_redact_document_get_poppler (CdRedactDocument *self)
{
  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), NULL);
  return self->document;
}

/**
 * cd_redact_document_get_boxes:
 *
 * Returns: (transfer none) (element-type CdRedactBox): every box, excluded
 * ones included; a caller may flip @excluded.
 */
GPtrArray *
cd_redact_document_get_boxes (CdRedactDocument *self)
{
  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), NULL);
  return self->boxes;
}

guint
cd_redact_document_count_page_boxes (CdRedactDocument *self,
                                     guint             page,
                                     gboolean          applied_only)
{
  guint n = 0;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), 0);

  for (guint i = 0; i < self->boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (self->boxes, i);

      if (box->page == page && (!applied_only || !box->excluded))
        n++;
    }
  return n;
}

void
cd_redact_document_remove_box (CdRedactDocument *self,
                               CdRedactBox      *box)
{
  g_return_if_fail (CD_IS_REDACT_DOCUMENT (self));
  g_ptr_array_remove (self->boxes, box);
}

/* -- from characters to rectangles --------------------------------------------- */

static void
add_padded_rect (CdRedactBox *box,
                 double       x1,
                 double       y1,
                 double       x2,
                 double       y2,
                 double       page_width,
                 double       page_height)
{
  CdRedactRect rect;

  x1 = CLAMP (x1 - BOX_PADDING, 0.0, page_width);
  y1 = CLAMP (y1 - BOX_PADDING, 0.0, page_height);
  x2 = CLAMP (x2 + BOX_PADDING, 0.0, page_width);
  y2 = CLAMP (y2 + BOX_PADDING, 0.0, page_height);
  if (x2 <= x1 || y2 <= y1)
    return;
  rect.x = x1;
  rect.y = y1;
  rect.width = x2 - x1;
  rect.height = y2 - y1;
  g_array_append_val (box->rects, rect);
}

/* The glyph boxes of characters [@first, @last) merged into one rectangle
 * per line. A line runs left to right, or top to bottom on a page turned
 * a quarter (poppler gives the boxes as displayed); the first two glyphs
 * say which, and a glyph that does not continue the line starts a new
 * rectangle. Newlines have no ink and are skipped. */
typedef enum
{
  RUN_ONE_GLYPH,
  RUN_ACROSS,
  RUN_DOWN,
} RunDirection;

static double
overlap (double a1,
         double a2,
         double b1,
         double b2)
{
  return MIN (a2, b2) - MAX (a1, b1);
}

static void
add_char_rects (CdRedactBox            *box,
                const char             *text,
                gsize                   start,
                gsize                   end,
                glong                   first,
                const PopplerRectangle *layout,
                guint                   n_layout,
                double                  page_width,
                double                  page_height)
{
  gboolean open = FALSE;
  RunDirection direction = RUN_ONE_GLYPH;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double gw = 0, gh = 0;   /* the first glyph's size */
  glong index = first;

  for (const char *p = text + start; p < text + end; p = g_utf8_next_char (p), index++)
    {
      const PopplerRectangle *r;
      double rx1, ry1, rx2, ry2;
      gboolean across, down;

      if (*p == '\n' || *p == '\r' || index < 0 || (guint) index >= n_layout)
        continue;
      r = &layout[index];
      rx1 = MIN (r->x1, r->x2);
      rx2 = MAX (r->x1, r->x2);
      ry1 = MIN (r->y1, r->y2);
      ry2 = MAX (r->y1, r->y2);
      if (rx2 - rx1 <= 0 && ry2 - ry1 <= 0)
        continue;
      if (open)
        {
          across = overlap (y1, y2, ry1, ry2) > 0.5 * MIN (gh, ry2 - ry1) && rx1 >= x1 - 1.0 &&
                   rx1 <= x2 + 2 * MAX (gh, ry2 - ry1);
          down = overlap (x1, x2, rx1, rx2) > 0.5 * MIN (gw, rx2 - rx1) && ry1 >= y1 - 1.0 &&
                 ry1 <= y2 + 2 * MAX (gw, rx2 - rx1);
          if ((direction != RUN_DOWN && across) || (direction != RUN_ACROSS && down))
            {
              if (direction == RUN_ONE_GLYPH)
                direction = across ? RUN_ACROSS : RUN_DOWN;
              x1 = MIN (x1, rx1);
              x2 = MAX (x2, rx2);
              y1 = MIN (y1, ry1);
              y2 = MAX (y2, ry2);
              continue;
            }
          add_padded_rect (box, x1, y1, x2, y2, page_width, page_height);
        }
      x1 = rx1;
      x2 = rx2;
      y1 = ry1;
      y2 = ry2;
      gw = rx2 - rx1;
      gh = ry2 - ry1;
      direction = RUN_ONE_GLYPH;
      open = TRUE;
    }
  if (open)
    add_padded_rect (box, x1, y1, x2, y2, page_width, page_height);
}

/* An annotation's or field's area (PDF user space, origin bottom-left) as
 * displayed. Poppler does not say how the page is rotated; the area is
 * only used to show the redaction, the annotation itself is not drawn and
 * a field's drawn value is in the page text with exact glyph boxes, so
 * this falls back to the whole page when the page is turned. */
static void
add_area_rect (CdRedactBox            *box,
               PopplerPage            *page,
               const PopplerRectangle *area,
               double                  page_width,
               double                  page_height)
{
  PopplerRectangle crop;

  poppler_page_get_crop_box (page, &crop);
  if (fabs ((crop.x2 - crop.x1) - page_width) < 0.5 && fabs ((crop.y2 - crop.y1) - page_height) < 0.5)
    add_padded_rect (box, MIN (area->x1, area->x2), page_height - MAX (area->y1, area->y2),
                     MAX (area->x1, area->x2), page_height - MIN (area->y1, area->y2),
                     page_width, page_height);
  if (box->rects->len == 0)
    add_padded_rect (box, 0, 0, page_width, page_height, page_width, page_height);
}

/* -- detection ---------------------------------------------------------------- */

typedef struct
{
  CdRedactDocument *self;
  PopplerPage      *page;
  guint             page_no;
  guint             kinds_mask;
  double            width;
  double            height;
  GHashTable       *page_hits;   /* separator-free strings found in the page text */
} PageScan;

static gboolean
add_detected (PageScan                *scan,
              CdRedactSource           source,
              const char              *text,
              gsize                    len,
              const PopplerRectangle  *layout,
              guint                    n_layout,
              const PopplerRectangle  *area,
              GError                 **error)
{
  g_autoptr(GArray) spans = cd_detect_scan (text, len, scan->kinds_mask);
  glong char_index = 0;
  gsize char_pos = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
      CdRedactBox *box;
      char *raw;
      char *stripped;

      /* Spans come in order: count characters up to this one. */
      if (span->start < char_pos)
        {
          char_pos = 0;
          char_index = 0;
        }
      char_index += g_utf8_strlen (text + char_pos, (gssize) (span->start - char_pos));
      char_pos = span->start;

      raw = g_strndup (text + span->start, span->end - span->start);
      stripped = cd_redact_strip_separators (raw);
      if (source != CD_REDACT_SOURCE_TEXT && g_hash_table_contains (scan->page_hits, stripped))
        {
          /* Already boxed where the page draws it. */
          wipe_string (raw);
          wipe_string (stripped);
          continue;
        }
      if (source == CD_REDACT_SOURCE_TEXT)
        g_hash_table_add (scan->page_hits, stripped);
      else
        wipe_string (stripped);

      if (!check_box_limit (scan->self, error))
        {
          wipe_string (raw);
          return FALSE;
        }

      box = box_new (scan->page_no, source, (int) span->kind);
      box->raw = raw;
      box->masked = cd_detect_mask (span->kind, text + span->start, span->end - span->start);
      if (source == CD_REDACT_SOURCE_TEXT)
        add_char_rects (box, text, span->start, span->end, char_index, layout, n_layout,
                        scan->width, scan->height);
      else if (area != NULL)
        add_area_rect (box, scan->page, area, scan->width, scan->height);
      if (box->rects->len == 0)
        {
          /* No glyph box for it (poppler's layout disagrees with its text):
           * the whole page goes rather than the identifier staying. */
          add_padded_rect (box, 0, 0, scan->width, scan->height, scan->width, scan->height);
        }
      g_ptr_array_add (scan->self->boxes, box);
    }
  return TRUE;
}

static gboolean
detect_value (PageScan                *scan,
              CdRedactSource           source,
              char                    *value,
              const PopplerRectangle  *area,
              GError                 **error)
{
  gboolean ok = TRUE;

  if (value != NULL && *value != '\0' && g_utf8_validate (value, -1, NULL))
    ok = add_detected (scan, source, value, strlen (value), NULL, 0, area, error);
  wipe_string (value);
  return ok;
}

static gboolean
detect_page (CdRedactDocument  *self,
             guint              page_no,
             guint              kinds_mask,
             GError           **error)
{
  g_autoptr(CdPopplerPage) page = poppler_document_get_page (self->document, (int) page_no - 1);
  g_autoptr(GHashTable) page_hits = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                           (GDestroyNotify) wipe_string, NULL);
  PopplerRectangle *layout = NULL;
  guint n_layout = 0;
  char *text;
  GList *mapping;
  PageScan scan = { self, page, page_no, kinds_mask, 0, 0, page_hits };
  gboolean ok = TRUE;

  if (page == NULL)
    return TRUE;
  poppler_page_get_size (page, &scan.width, &scan.height);

  text = poppler_page_get_text (page);
  if (text != NULL && *text != '\0')
    {
      if (!g_utf8_validate (text, -1, NULL))
        {
          char *valid = g_utf8_make_valid (text, -1);

          wipe_string (text);
          text = valid;
        }
      if (!poppler_page_get_text_layout (page, &layout, &n_layout))
        {
          layout = NULL;
          n_layout = 0;
        }
      ok = add_detected (&scan, CD_REDACT_SOURCE_TEXT, text, strlen (text), layout, n_layout, NULL, error);
      g_free (layout);
    }
  wipe_string (text);
  if (!ok)
    return FALSE;

  mapping = poppler_page_get_annot_mapping (page);
  for (GList *l = mapping; l != NULL && ok; l = l->next)
    {
      PopplerAnnotMapping *m = l->data;

      ok = detect_value (&scan, CD_REDACT_SOURCE_ANNOTATION, poppler_annot_get_contents (m->annot),
                         &m->area, error);
      if (ok && POPPLER_IS_ANNOT_MARKUP (m->annot))
        ok = detect_value (&scan, CD_REDACT_SOURCE_ANNOTATION,
                           poppler_annot_markup_get_label (POPPLER_ANNOT_MARKUP (m->annot)),
                           &m->area, error) &&
             detect_value (&scan, CD_REDACT_SOURCE_ANNOTATION,
                           poppler_annot_markup_get_subject (POPPLER_ANNOT_MARKUP (m->annot)),
                           &m->area, error);
    }
  poppler_page_free_annot_mapping (mapping);
  if (!ok)
    return FALSE;

  mapping = poppler_page_get_form_field_mapping (page);
  for (GList *l = mapping; l != NULL && ok; l = l->next)
    {
      PopplerFormFieldMapping *m = l->data;

      switch (poppler_form_field_get_field_type (m->field))
        {
        case POPPLER_FORM_FIELD_TEXT:
          ok = detect_value (&scan, CD_REDACT_SOURCE_FORM_FIELD,
                             poppler_form_field_text_get_text (m->field), &m->area, error);
          break;
        case POPPLER_FORM_FIELD_CHOICE:
          ok = detect_value (&scan, CD_REDACT_SOURCE_FORM_FIELD,
                             poppler_form_field_choice_get_text (m->field), &m->area, error);
          for (int i = 0; ok && i < poppler_form_field_choice_get_n_items (m->field); i++)
            if (poppler_form_field_choice_is_item_selected (m->field, i))
              ok = detect_value (&scan, CD_REDACT_SOURCE_FORM_FIELD,
                                 poppler_form_field_choice_get_item (m->field, i), &m->area, error);
          break;
        case POPPLER_FORM_FIELD_UNKNOWN:
        case POPPLER_FORM_FIELD_BUTTON:
        case POPPLER_FORM_FIELD_SIGNATURE:
        default:
          break;
        }
    }
  poppler_page_free_form_field_mapping (mapping);
  return ok;
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/**
 * cd_redact_document_detect:
 * @kinds_mask: CD_DETECT_KIND_MASK () of the kinds to find, or CD_DETECT_ALL_KINDS
 *
 * Adds a box for every identifier the detectors find in the page text
 * (invisible OCR text included), in annotations and in form fields. Boxes
 * found by an earlier call are replaced; manual and search boxes are kept.
 */
gboolean
cd_redact_document_detect (CdRedactDocument      *self,
                           guint                  kinds_mask,
                           GCancellable          *cancellable,
                           CdRedactProgressFunc   progress,
                           gpointer               user_data,
                           GError               **error)
{
  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), FALSE);

  for (guint i = self->boxes->len; i > 0; i--)
    {
      const CdRedactBox *box = g_ptr_array_index (self->boxes, i - 1);

      if (box->source == CD_REDACT_SOURCE_TEXT || box->source == CD_REDACT_SOURCE_ANNOTATION ||
          box->source == CD_REDACT_SOURCE_FORM_FIELD)
        g_ptr_array_remove_index (self->boxes, i - 1);
    }

  for (guint page = 1; page <= self->n_pages; page++)
    {
      if (check_cancelled (cancellable, error))
        return FALSE;
      if (!detect_page (self, page, kinds_mask, error))
        return FALSE;
      if (progress != NULL)
        progress (CD_REDACT_PHASE_DETECT, page, self->n_pages, user_data);
    }
  return TRUE;
}

/* -- manual boxes and search ---------------------------------------------------- */

static gboolean
check_rect (CdRedactDocument    *self,
            guint                page,
            const CdRedactRect  *rect,
            double              *width,
            double              *height,
            GError             **error)
{
  if (page < 1 || page > self->n_pages)
    {
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                   _("Box on page %u, but the PDF has %u pages"), page, self->n_pages);
      return FALSE;
    }
  if (!isfinite (rect->x) || !isfinite (rect->y) || !isfinite (rect->width) || !isfinite (rect->height) ||
      rect->x < 0 || rect->y < 0 || rect->width <= 0 || rect->height <= 0)
    {
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                   _("Box on page %u: the position must be zero or more and the size more than zero"),
                   page);
      return FALSE;
    }
  if (!cd_redact_document_get_page_size (self, page, width, height))
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT,
                           _("The PDF is damaged and could not be opened"));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_redact_document_add_box:
 * @page: 1-based
 * @rect: points from the top-left corner of the page as displayed
 *
 * Adds a box drawn by hand (clipped to the page).
 *
 * Returns: (transfer none): the box, or %NULL with %CD_REDACT_ERROR_INVALID
 * or %CD_REDACT_ERROR_LIMIT.
 */
CdRedactBox *
cd_redact_document_add_box (CdRedactDocument    *self,
                            guint                page,
                            const CdRedactRect  *rect,
                            GError             **error)
{
  CdRedactBox *box;
  double width = 0, height = 0;
  CdRedactRect clipped;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), NULL);
  g_return_val_if_fail (rect != NULL, NULL);

  if (!check_rect (self, page, rect, &width, &height, error) || !check_box_limit (self, error))
    return NULL;
  clipped.x = MIN (rect->x, width);
  clipped.y = MIN (rect->y, height);
  clipped.width = MIN (rect->x + rect->width, width) - clipped.x;
  clipped.height = MIN (rect->y + rect->height, height) - clipped.y;
  if (clipped.width <= 0 || clipped.height <= 0)
    {
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                   _("Box on page %u lies outside the page"), page);
      return NULL;
    }

  box = box_new (page, CD_REDACT_SOURCE_MANUAL, -1);
  g_array_append_val (box->rects, clipped);
  /* Translators: how a box drawn by hand is listed */
  box->masked = g_strdup (_("Area"));
  g_ptr_array_add (self->boxes, box);
  return box;
}

static gboolean
read_number (JsonObject  *object,
             const char  *name,
             guint        index,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    goto bad;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    goto bad;
  if (!isfinite (*out))
    goto bad;
  return TRUE;

bad:
  /* Translators: %u is the position of the box in the list, %s a member name (x, y, width, height, page) */
  g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
               _("Boxes file: box %u needs a number for “%s”"), index + 1, name);
  return FALSE;
}

/* Parses the boxes JSON; with @self, adds them. */
static gboolean
parse_boxes (CdRedactDocument  *self,
             const char        *json,
             gsize              len,
             GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  static const char * const members[] = { "page", "x", "y", "width", "height" };
  JsonNode *root;
  JsonNode *list;
  JsonArray *array;
  guint n;

  if (len > MAX_BOXES_JSON)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
                           _("The boxes file is too large"));
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, json, (gssize) len, &local_error))
    {
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                   _("The boxes file is not valid JSON: %s"), local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "boxes")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                           _("The boxes file must be an object with a “boxes” list"));
      return FALSE;
    }
  array = json_node_get_array (list);
  n = json_array_get_length (array);
  if (n > CD_REDACT_MAX_BOXES)
    {
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
                   _("The boxes file has more than %u boxes"), (guint) CD_REDACT_MAX_BOXES);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      double values[G_N_ELEMENTS (members)];
      g_autoptr(GList) names = NULL;
      CdRedactRect rect;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                       _("Boxes file: box %u is not an object"), i + 1);
          return FALSE;
        }
      object = json_node_get_object (node);
      names = json_object_get_members (object);
      for (GList *l = names; l != NULL; l = l->next)
        if (!g_strv_contains (members, l->data))
          {
            g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                         _("Boxes file: box %u has an unknown member “%s”"), i + 1,
                         g_utf8_validate (l->data, -1, NULL) ? (const char *) l->data : "?");
            return FALSE;
          }
      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        if (!read_number (object, members[m], i, &values[m], error))
          return FALSE;
      if (values[0] < 1 || values[0] > CD_REDACT_MAX_PAGES || values[0] != floor (values[0]))
        {
          g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                       _("Boxes file: box %u has no valid page number (pages count from 1)"), i + 1);
          return FALSE;
        }
      rect.x = values[1];
      rect.y = values[2];
      rect.width = values[3];
      rect.height = values[4];
      if (rect.x < 0 || rect.y < 0 || rect.width <= 0 || rect.height <= 0 ||
          rect.x > 1e6 || rect.y > 1e6 || rect.width > 1e6 || rect.height > 1e6)
        {
          g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                       _("Boxes file: box %u must have x and y of zero or more and a width and height of more than zero"),
                       i + 1);
          return FALSE;
        }
      if (self != NULL && cd_redact_document_add_box (self, (guint) values[0], &rect, error) == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * cd_redact_validate_boxes_json:
 *
 * Checks a boxes file without a document (page numbers are checked
 * against the document when the boxes are added).
 */
gboolean
cd_redact_validate_boxes_json (const char  *json,
                               gsize        len,
                               GError     **error)
{
  return parse_boxes (NULL, json, len, error);
}

/**
 * cd_redact_document_add_boxes_json:
 *
 * Adds the boxes of a boxes file (the format is in cd-redact.h); on an
 * error none is added.
 */
gboolean
cd_redact_document_add_boxes_json (CdRedactDocument  *self,
                                   const char        *json,
                                   gsize              len,
                                   GError           **error)
{
  guint before;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), FALSE);

  before = self->boxes->len;
  if (!parse_boxes (self, json, len, error))
    {
      g_ptr_array_set_size (self->boxes, before);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x3000 || c == 0x00A0;
}

/* @text without blanks (spaces, line breaks, ideographic and no-break
 * spaces), with where each of its characters was in @text: its byte
 * offset and its index (the index of poppler's text layout). */
typedef struct
{
  GString *compact;
  GArray  *at;          /* Position, one per character of compact, and one after */
} Compact;

typedef struct
{
  gsize compact_byte;
  gsize byte;
  glong index;
} Position;

static void
compact_init (Compact    *compact,
              const char *text)
{
  glong index = 0;
  const char *p;

  compact->compact = g_string_new (NULL);
  compact->at = g_array_new (FALSE, FALSE, sizeof (Position));
  for (p = text; *p != '\0'; p = g_utf8_next_char (p), index++)
    {
      gunichar c = g_utf8_get_char (p);
      Position position = { compact->compact->len, (gsize) (p - text), index };

      if (is_blank (c))
        continue;
      g_array_append_val (compact->at, position);
      g_string_append_len (compact->compact, p, g_utf8_next_char (p) - p);
    }
  {
    Position end = { compact->compact->len, (gsize) (p - text), index };

    g_array_append_val (compact->at, end);
  }
}

static void
compact_clear (Compact *compact)
{
  if (compact->compact != NULL)
    {
      sodium_memzero (compact->compact->str, compact->compact->len);
      g_string_free (compact->compact, TRUE);
    }
  g_clear_pointer (&compact->at, g_array_unref);
}

/* The character of compact that starts at @compact_byte. */
static guint
compact_find (const Compact *compact,
              gsize          compact_byte)
{
  guint lo = 0, hi = compact->at->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (compact->at, Position, mid).compact_byte < compact_byte)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * cd_redact_document_search:
 *
 * Adds a box for every occurrence of @text in the page text of every
 * page, as "redact all matches" does. Blanks do not count, on either
 * side: "上海市静安区北山街68号" finds the address a scan's OCR broke over
 * two lines, "1381234 5678" the number written "138 1234 5678".
 *
 * Returns: how many were added; 0 with @error set on failure.
 */
guint
cd_redact_document_search (CdRedactDocument  *self,
                           const char        *text,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(GString) needle = g_string_new (NULL);
  guint added = 0;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!g_utf8_validate (text, -1, NULL))
    return 0;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_blank (g_utf8_get_char (p)))
      g_string_append_len (needle, p, g_utf8_next_char (p) - p);
  if (needle->len == 0)
    return 0;

  for (guint page_no = 1; page_no <= self->n_pages; page_no++)
    {
      g_autoptr(CdPopplerPage) page = poppler_document_get_page (self->document, (int) page_no - 1);
      PopplerRectangle *layout = NULL;
      guint n_layout = 0;
      double width = 0, height = 0;
      char *page_text;
      Compact compact = { NULL, NULL };
      const char *from;
      const char *hit;

      if (check_cancelled (cancellable, error))
        {
          sodium_memzero (needle->str, needle->len);
          return 0;
        }
      if (page == NULL)
        continue;
      page_text = poppler_page_get_text (page);
      if (page_text == NULL || !g_utf8_validate (page_text, -1, NULL) ||
          !poppler_page_get_text_layout (page, &layout, &n_layout))
        {
          wipe_string (page_text);
          continue;
        }
      poppler_page_get_size (page, &width, &height);
      compact_init (&compact, page_text);

      from = compact.compact->str;
      while ((hit = strstr (from, needle->str)) != NULL)
        {
          guint first = compact_find (&compact, (gsize) (hit - compact.compact->str));
          guint after = compact_find (&compact, (gsize) (hit - compact.compact->str) + needle->len);
          const Position *start = &g_array_index (compact.at, Position, first);
          const Position *last = &g_array_index (compact.at, Position, after - 1);
          gsize end_byte = last->byte + (gsize) (g_utf8_next_char (page_text + last->byte) - (page_text + last->byte));
          CdRedactBox *box;

          if (!check_box_limit (self, error))
            {
              g_free (layout);
              compact_clear (&compact);
              wipe_string (page_text);
              sodium_memzero (needle->str, needle->len);
              return 0;
            }
          box = box_new (page_no, CD_REDACT_SOURCE_SEARCH, -1);
          box->raw = g_strdup (text);
          box->masked = cd_mask_text (needle->str);
          add_char_rects (box, page_text, start->byte, end_byte, start->index, layout, n_layout, width, height);
          if (box->rects->len == 0)
            add_padded_rect (box, 0, 0, width, height, width, height);
          g_ptr_array_add (self->boxes, box);
          added++;
          from = hit + needle->len;
        }
      g_free (layout);
      compact_clear (&compact);
      wipe_string (page_text);
    }
  sodium_memzero (needle->str, needle->len);
  return added;
}

/* -- separators ----------------------------------------------------------------- */

static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case '-': case '.': case '_': case 0x00B7: case 0x2010: case 0x2011: case 0x2012:
    case 0x2013: case 0x2014: case 0x2015: case 0x2212: case 0x2027: case 0x30FB:
    case 0xFE58: case 0xFE63: case 0xFF0D: case 0xFF0E: case 0xFF3F: case 0xFF65:
    case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x00AD:
      return TRUE;
    default:
      return g_unichar_isspace (c) || c == 0x3000 || c == 0x00A0;
    }
}

/**
 * cd_redact_strip_separators:
 *
 * @text without spaces, hyphens, dots and their full-width forms, with
 * compatibility forms folded (NFKC: full-width letters and digits become
 * ASCII, ligatures letters) and ASCII letters lower case,
 * so that "110101 1990-0101 123X" and "1101011990O101123x" compare as they
 * would to a reader. Invalid UTF-8 is replaced.
 */
char *
cd_redact_strip_separators (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  /* Compatibility forms as a reader sees them: full-width digits and
   * letters, ligatures ("ﬁ" for "fi"), circled and other styled digits. */
  folded = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (folded != NULL)
    text = folded;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_separator (c))
        continue;
      if (c >= 0xFF01 && c <= 0xFF5E)
        c = c - 0xFF01 + 0x21;   /* full-width ASCII */
      if (c < 0x80)
        g_string_append_c (out, g_ascii_tolower ((char) c));
      else
        g_string_append_unichar (out, c);
    }
  if (valid != NULL)
    sodium_memzero (valid, strlen (valid));
  if (folded != NULL)
    sodium_memzero (folded, strlen (folded));
  return g_string_free (out, FALSE);
}

/* -- export ----------------------------------------------------------------------- */

typedef struct
{
  int      fd;
  int      saved_errno;
  guint64  written;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      gssize n = write (sink->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          sink->saved_errno = n < 0 ? errno : EIO;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
      sink->written += (guint64) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static char *
without_space (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* A scanned page's OCR layer is text drawn invisibly (render mode 3),
 * which poppler's cairo renderer leaves out: a clean scanned page would
 * come out as a picture without its text. So for a page with images and
 * text, the page is drawn once on the side and read back; if its text
 * did not survive, the page's characters are drawn again where they were,
 * with an alpha of 2/255 (cairo drops fully transparent drawing, and PDF
 * text from cairo cannot be given render mode 3) — invisible to the eye,
 * found by text extraction and search. */
static gboolean
text_lost_in_render (PopplerPage *page,
                     double       width,
                     double       height,
                     const char  *text)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GBytes) data = NULL;
  PopplerDocument *doc;
  PopplerPage *again;
  g_autofree char *before = without_space (text);
  g_autofree char *after_text = NULL;
  g_autofree char *after = NULL;
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes, width, height);
  cairo_t *cr = cairo_create (surface);

  poppler_page_render_for_printing_with_options (page, cr, POPPLER_PRINT_DOCUMENT);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  data = g_bytes_new (bytes->data, bytes->len);
  doc = poppler_document_new_from_bytes (data, NULL, NULL);
  again = doc != NULL ? poppler_document_get_page (doc, 0) : NULL;
  if (again != NULL)
    after_text = poppler_page_get_text (again);
  g_clear_object (&again);
  g_clear_object (&doc);
  after = without_space (after_text);
  return g_utf8_strlen (after, -1) < g_utf8_strlen (before, -1);
}

static void
draw_invisible_text (cairo_t     *cr,
                     PopplerPage *page,
                     const char  *text)
{
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  guint i = 0;

  if (!poppler_page_get_text_layout (page, &rects, &n_rects))
    return;
  cairo_save (cr);
  cairo_select_font_face (cr, "Noto Sans CJK SC", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_source_rgba (cr, 0, 0, 0, 2.0 / 255.0);
  for (const char *p = text; *p != '\0' && i < n_rects; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);
      const PopplerRectangle *r = &rects[i];
      double h = r->y2 - r->y1;
      char utf8[8] = { 0 };

      if (g_unichar_isspace (c) || h <= 0.5)
        continue;
      g_unichar_to_utf8 (c, utf8);
      cairo_set_font_size (cr, h);
      cairo_move_to (cr, r->x1, r->y2 - h * 0.15);
      cairo_show_text (cr, utf8);
    }
  cairo_restore (cr);
  g_free (rects);
}

static void
draw_vector_page (cairo_t     *cr,
                  PopplerPage *page,
                  double       width,
                  double       height)
{
  GList *images = poppler_page_get_image_mapping (page);
  gboolean has_images = images != NULL;
  g_autofree char *text = NULL;

  poppler_page_free_image_mapping (images);
  cairo_save (cr);
  /* Markup annotations are left out; form fields are drawn flat. */
  poppler_page_render_for_printing_with_options (page, cr, POPPLER_PRINT_DOCUMENT);
  cairo_restore (cr);

  if (!has_images)
    return;
  text = poppler_page_get_text (page);
  if (text != NULL && *text != '\0' && text_lost_in_render (page, width, height, text))
    draw_invisible_text (cr, page, text);
}

/* -- pages worked on ahead, by other threads ------------------------------------- */

/* poppler's cairo backend keeps one FT_Library for all its documents and
 * makes and drops FreeType faces on it without a lock, which FreeType
 * forbids from two threads at once; it also sets up its colour management
 * on the first page it draws, unguarded. So a thread holds this while it
 * has poppler draw a page, or lets go of cairo objects that may hold
 * poppler's fonts (a cairo_t that drew a page, a PDF page with text).
 * Rasterizing one page still overlaps compressing another, which is where
 * the time goes. Extracting text (verification) needs neither once a
 * page has been drawn. */
G_LOCK_DEFINE_STATIC (poppler_drawing);

/* Threads of an export or a verification, the calling thread included;
 * the override is cd_redact_set_n_threads () or, for benchmarks, the
 * environment. */
#define MAX_THREADS 4

static gint n_threads_override;

void
cd_redact_set_n_threads (guint n_threads)
{
  g_atomic_int_set (&n_threads_override, (gint) MIN (n_threads, MAX_THREADS));
}

static guint
get_n_threads (void)
{
  guint n = (guint) g_atomic_int_get (&n_threads_override);
  const char *env = g_getenv ("CLOSURE_DESK_REDACT_THREADS");

  if (n == 0 && env != NULL)
    n = (guint) MIN (g_ascii_strtoull (env, NULL, 10), MAX_THREADS);
  if (n == 0)
    n = MIN ((guint) g_get_num_processors (), MAX_THREADS);
  return MAX (n, 1);
}

/* Does page @page_no's work with @document, one of the thread's own. */
typedef gboolean (*PageWorkFunc) (PopplerDocument  *document,
                                  guint             page_no,
                                  gpointer          user_data,
                                  gpointer         *out_result,
                                  GError          **error);

typedef struct
{
  gpointer  result;
  GError   *error;
  gboolean  done;
} PageSlot;

typedef struct _PageWorkers PageWorkers;

typedef struct
{
  PageWorkers     *pool;
  PopplerDocument *document;
  GThread         *thread;
} PageWorker;

/* Threads that take the pages in order, at most @window of them ahead of
 * the caller, who takes the results in the same order
 * (page_workers_take ()). Without threads, the caller does each page's
 * work itself when it takes it, with its own document. Cancellation is a
 * page's error like any other, so that the caller meets it in order. */
struct _PageWorkers
{
  PageWorkFunc     func;
  GDestroyNotify   free_result;
  gpointer         user_data;
  GCancellable    *cancellable;
  PopplerDocument *document;     /* the caller's */
  const gboolean  *wanted;       /* by page index; NULL: every page */
  guint            n_pages;
  guint            window;
  GArray          *workers;      /* PageWorker */
  guint            n_running;    /* of their threads */

  GMutex           lock;
  GCond            changed;
  guint            next_page;    /* the next one a thread takes, 1-based */
  guint            in_flight;    /* taken by a thread, not yet by the caller */
  gboolean         stopping;
  PageSlot        *slots;        /* by page index */
};

static guint
next_wanted (PageWorkers *self,
             guint        page_no)
{
  while (page_no <= self->n_pages && self->wanted != NULL && !self->wanted[page_no - 1])
    page_no++;
  return page_no;
}

static gpointer
page_worker_run (gpointer data)
{
  PageWorker *worker = data;
  PageWorkers *self = worker->pool;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      gpointer result = NULL;
      GError *error = NULL;
      guint page_no;

      while (!self->stopping && (self->next_page > self->n_pages || self->in_flight >= self->window))
        g_cond_wait (&self->changed, &self->lock);
      if (self->stopping)
        break;
      page_no = self->next_page;
      self->next_page = next_wanted (self, page_no + 1);
      self->in_flight++;
      g_mutex_unlock (&self->lock);

      if (!g_cancellable_set_error_if_cancelled (self->cancellable, &error))
        self->func (worker->document, page_no, self->user_data, &result, &error);

      g_mutex_lock (&self->lock);
      self->slots[page_no - 1].result = result;
      self->slots[page_no - 1].error = error;
      self->slots[page_no - 1].done = TRUE;
      g_cond_broadcast (&self->changed);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

/* @documents: (transfer full): one for each thread to start, maybe none */
static PageWorkers *
page_workers_new (PopplerDocument *document,
                  GPtrArray       *documents,
                  guint            n_pages,
                  const gboolean  *wanted,
                  PageWorkFunc     func,
                  GDestroyNotify   free_result,
                  gpointer         user_data,
                  GCancellable    *cancellable)
{
  PageWorkers *self = g_new0 (PageWorkers, 1);

  self->func = func;
  self->free_result = free_result;
  self->user_data = user_data;
  self->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  self->document = document;
  self->wanted = wanted;
  self->n_pages = n_pages;
  /* Bounds the memory: a raster page at 200 DPI is some 15 MB, up to
   * 64 MB (MAX_RASTER_PIXELS). */
  self->window = 2 * MAX (documents->len, 1);
  self->workers = g_array_sized_new (FALSE, TRUE, sizeof (PageWorker), documents->len);
  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->next_page = next_wanted (self, 1);
  self->slots = g_new0 (PageSlot, n_pages);

  /* Set up in full before any thread starts: the array does not move. */
  for (guint i = 0; i < documents->len; i++)
    {
      PageWorker worker = { self, g_object_ref (g_ptr_array_index (documents, i)), NULL };

      g_array_append_val (self->workers, worker);
    }
  g_ptr_array_unref (documents);
  for (guint i = 0; i < self->workers->len; i++)
    {
      PageWorker *worker = &g_array_index (self->workers, PageWorker, i);
      g_autoptr(GError) error = NULL;

      /* Fewer threads only make it slower. */
      worker->thread = g_thread_try_new ("cd-redact-page", page_worker_run, worker, &error);
      if (worker->thread != NULL)
        self->n_running++;
      else
        g_debug ("No thread for redaction: %s", error->message);
    }
  return self;
}

/* The result of page @page_no: the caller takes the wanted pages in
 * order, each once, and stops at the first error. */
static gboolean
page_workers_take (PageWorkers  *self,
                   guint         page_no,
                   gpointer     *out_result,
                   GError      **error)
{
  PageSlot *slot;
  GError *local_error;

  g_return_val_if_fail (page_no >= 1 && page_no <= self->n_pages, FALSE);

  if (self->n_running == 0)
    return self->func (self->document, page_no, self->user_data, out_result, error);

  slot = &self->slots[page_no - 1];
  g_mutex_lock (&self->lock);
  while (!slot->done)
    g_cond_wait (&self->changed, &self->lock);
  *out_result = g_steal_pointer (&slot->result);
  local_error = g_steal_pointer (&slot->error);
  self->in_flight--;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Stops the threads (each finishes the page it is on), and drops what
 * was not taken. */
static void
page_workers_free (PageWorkers *self)
{
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->changed);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < self->workers->len; i++)
    {
      PageWorker *worker = &g_array_index (self->workers, PageWorker, i);

      if (worker->thread != NULL)
        g_thread_join (worker->thread);
      g_object_unref (worker->document);
    }
  for (guint i = 0; i < self->n_pages; i++)
    {
      if (self->slots[i].result != NULL && self->free_result != NULL)
        self->free_result (self->slots[i].result);
      g_clear_error (&self->slots[i].error);
    }
  g_free (self->slots);
  g_array_unref (self->workers);
  g_clear_object (&self->cancellable);
  g_cond_clear (&self->changed);
  g_mutex_clear (&self->lock);
  g_free (self);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageWorkers, page_workers_free)

/* -- export, continued ---------------------------------------------------------- */

/* A page's size as displayed; A4 when poppler's makes no sense. */
static void
get_page_size (PopplerPage *page,
               double      *width,
               double      *height)
{
  *width = 0;
  *height = 0;
  poppler_page_get_size (page, width, height);
  if (!(*width > 0) || !(*height > 0) || *width > 14400 * 4 || *height > 14400 * 4)
    {
      *width = 595.0;
      *height = 842.0;
    }
}

typedef struct
{
  CdRedactDocument *self;
  guint             dpi;
} RasterJob;

/* Page @page_no of @document (the caller's own) drawn into an image, with
 * its boxes burned in: a PageWorkFunc. */
static gboolean
render_raster_page (PopplerDocument  *document,
                    guint             page_no,
                    gpointer          user_data,
                    gpointer         *out_image,
                    GError          **error)
{
  const RasterJob *job = user_data;
  CdRedactDocument *self = job->self;
  g_autoptr(CdPopplerPage) page = poppler_document_get_page (document, (int) page_no - 1);
  double scale = job->dpi / 72.0;
  double width, height;
  cairo_surface_t *image;
  cairo_t *icr;
  int pw, ph;
  cairo_status_t status;

  if (page == NULL)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT,
                           _("The PDF is damaged and could not be opened"));
      return FALSE;
    }
  get_page_size (page, &width, &height);

  /* Huge pages get fewer dots per inch rather than gigabytes of pixels. */
  if (width * scale > MAX_RASTER_SIDE)
    scale = MAX_RASTER_SIDE / width;
  if (height * scale > MAX_RASTER_SIDE)
    scale = MAX_RASTER_SIDE / height;
  if (width * scale * height * scale > MAX_RASTER_PIXELS)
    scale = sqrt (MAX_RASTER_PIXELS / (width * height));
  pw = MAX (1, (int) ceil (width * scale));
  ph = MAX (1, (int) ceil (height * scale));

  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  icr = cairo_create (image);
  cairo_set_source_rgb (icr, 1, 1, 1);
  cairo_paint (icr);
  cairo_scale (icr, (double) pw / width, (double) ph / height);

  G_LOCK (poppler_drawing);
  cairo_save (icr);
  poppler_page_render_for_printing_with_options (page, icr, POPPLER_PRINT_DOCUMENT);
  cairo_restore (icr);

  /* Burn the boxes in. */
  cairo_set_source_rgb (icr, 0, 0, 0);
  for (guint i = 0; i < self->boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (self->boxes, i);

      if (box->page != page_no || box->excluded || box->source == CD_REDACT_SOURCE_ANNOTATION)
        continue;
      for (guint r = 0; r < box->rects->len; r++)
        {
          const CdRedactRect *rect = &g_array_index (box->rects, CdRedactRect, r);

          cairo_rectangle (icr, rect->x, rect->y, rect->width, rect->height);
        }
    }
  cairo_set_antialias (icr, CAIRO_ANTIALIAS_NONE);
  cairo_fill (icr);
  status = cairo_status (icr);
  cairo_destroy (icr);
  G_UNLOCK (poppler_drawing);

  cairo_surface_flush (image);
  if (status != CAIRO_STATUS_SUCCESS || cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                   _("Page %u could not be drawn: not enough memory"), page_no);
      return FALSE;
    }
  *out_image = image;
  return TRUE;
}

static void
paint_raster_page (cairo_t         *cr,
                   cairo_surface_t *image,
                   double           width,
                   double           height)
{
  int pw = cairo_image_surface_get_width (image);
  int ph = cairo_image_surface_get_height (image);

  cairo_save (cr);
  cairo_scale (cr, width / pw, height / ph);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* By page index: whether the page has boxes to burn in. */
static gboolean *
pages_to_rasterize (CdRedactDocument *self)
{
  gboolean *raster = g_new0 (gboolean, self->n_pages);

  for (guint i = 0; i < self->boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (self->boxes, i);

      if (!box->excluded && box->source != CD_REDACT_SOURCE_ANNOTATION &&
          box->page >= 1 && box->page <= self->n_pages)
        raster[box->page - 1] = TRUE;
    }
  return raster;
}

/* Another PopplerDocument of the PDF, for another thread (poppler's are
 * not thread-safe); NULL when there is no way to open the same PDF again. */
static PopplerDocument *
open_copy (CdRedactDocument  *self,
           GError           **error)
{
  int fd;

  if (self->bytes != NULL)
    return poppler_document_new_from_bytes (self->bytes, self->password, error);
  if (self->fd < 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_BADF, "not kept open");
      return NULL;
    }
  fd = fcntl (self->fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved), g_strerror (saved));
      return NULL;
    }
  /* poppler owns @fd from here, and closes it even on failure. (Not for
   * the first opening: poppler 22.12 reports a wrong password on a
   * descriptor as a damaged file.) */
  return poppler_document_new_from_fd (fd, self->password, error);
}

/* @n documents of the PDF, for as many threads; fewer if they cannot be
 * opened (fewer threads only make it slower). */
static GPtrArray *
open_thread_documents (CdRedactDocument *self,
                       guint             n)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      PopplerDocument *document = open_copy (self, &error);

      if (document == NULL)
        {
          g_debug ("The PDF could not be opened again for a thread: %s", error->message);
          break;
        }
      g_ptr_array_add (documents, document);
    }
  return documents;
}

/* The calling thread writes the pages in order; raster pages are drawn
 * ahead by the other threads, each with a document of its own (poppler's
 * are not thread-safe), while this one compresses and writes. */
static gboolean
write_document (CdRedactDocument      *self,
                int                    fd,
                guint                  dpi,
                CdRedactResult        *result,
                GCancellable          *cancellable,
                CdRedactProgressFunc   progress,
                gpointer               user_data,
                GError               **error)
{
  Sink sink = { fd, 0, 0 };
  RasterJob job = { self, dpi };
  g_autofree gboolean *raster = pages_to_rasterize (self);
  guint n_raster = 0;
  PageWorkers *workers;
  cairo_surface_t *surface = NULL;
  cairo_t *cr = NULL;
  cairo_status_t status;
  gboolean ok = TRUE;

  for (guint i = 0; i < self->n_pages; i++)
    n_raster += raster[i] ? 1 : 0;
  workers = page_workers_new (self->document,
                              open_thread_documents (self, MIN (get_n_threads () - 1, n_raster)),
                              self->n_pages, raster, render_raster_page,
                              (GDestroyNotify) cairo_surface_destroy, &job, cancellable);

  for (guint page_no = 1; page_no <= self->n_pages && ok; page_no++)
    {
      g_autoptr(CdPopplerPage) page = NULL;
      double width, height;

      if (check_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      page = poppler_document_get_page (self->document, (int) page_no - 1);
      if (page == NULL)
        {
          g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT,
                               _("The PDF is damaged and could not be opened"));
          ok = FALSE;
          break;
        }
      get_page_size (page, &width, &height);

      if (surface == NULL)
        {
          surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width, height);
          cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
          cr = cairo_create (surface);
        }
      else
        cairo_pdf_surface_set_size (surface, width, height);

      if (raster[page_no - 1])
        {
          cairo_surface_t *image = NULL;

          if (!page_workers_take (workers, page_no, (gpointer *) &image, error))
            {
              ok = FALSE;
              break;
            }
          paint_raster_page (cr, image, width, height);
          cairo_show_page (cr);
          cairo_surface_destroy (image);
          result->n_rasterized++;
        }
      else
        {
          G_LOCK (poppler_drawing);
          draw_vector_page (cr, page, width, height);
          cairo_show_page (cr);
          G_UNLOCK (poppler_drawing);
          result->n_vector++;
        }
      result->n_pages++;
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                       _("The redacted PDF could not be written: %s"),
                       sink.saved_errno != 0 ? g_strerror (sink.saved_errno) : _("drawing failed"));
          ok = FALSE;
        }
      if (progress != NULL)
        progress (CD_REDACT_PHASE_EXPORT, page_no, self->n_pages, user_data);
    }

  /* The threads are gone before the fonts are let go of. */
  page_workers_free (workers);
  if (cr != NULL)
    cairo_destroy (cr);
  if (surface != NULL)
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      if (ok && status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                       _("The redacted PDF could not be written: %s"),
                       sink.saved_errno != 0 ? g_strerror (sink.saved_errno) : _("drawing failed"));
          ok = FALSE;
        }
    }
  result->output_size = sink.written;
  return ok;
}

/* -- verification ------------------------------------------------------------------ */

typedef struct
{
  GHashTable *needles;     /* separator-free redacted strings */
  GArray     *lengths;     /* their distinct byte lengths, for hashed lookup */
  GPtrArray  *long_ones;   /* needles too long to hash */
} Needles;

static void
needles_clear (Needles *needles)
{
  g_clear_pointer (&needles->long_ones, g_ptr_array_unref);
  g_clear_pointer (&needles->lengths, g_array_unref);
  g_clear_pointer (&needles->needles, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Needles, needles_clear)

/* The strings of applied boxes, less those an excluded box keeps. */
static void
needles_init (Needles          *needles,
              CdRedactDocument *self)
{
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) wipe_string, NULL);
  GHashTableIter iter;
  gpointer key;

  needles->needles = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) wipe_string, NULL);
  needles->lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
  needles->long_ones = g_ptr_array_new ();

  for (guint i = 0; i < self->boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (self->boxes, i);

      if (box->raw != NULL)
        g_hash_table_add (box->excluded ? kept : needles->needles, cd_redact_strip_separators (box->raw));
    }
  g_hash_table_iter_init (&iter, kept);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_remove (needles->needles, key);

  g_hash_table_iter_init (&iter, needles->needles);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gsize len = strlen (key);
      gboolean known = FALSE;

      if (len == 0)
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      if (len > MAX_HASHED_NEEDLE)
        {
          g_ptr_array_add (needles->long_ones, key);
          continue;
        }
      for (guint l = 0; l < needles->lengths->len; l++)
        known |= g_array_index (needles->lengths, gsize, l) == len;
      if (!known)
        g_array_append_val (needles->lengths, len);
    }
}

static gboolean
needles_found_in (const Needles *needles,
                  const char    *raw_text)
{
  g_autofree char *text = NULL;
  char key[MAX_HASHED_NEEDLE + 1];
  gboolean found = FALSE;
  gsize len;

  if (raw_text == NULL || *raw_text == '\0' || g_hash_table_size (needles->needles) == 0)
    return FALSE;
  text = cd_redact_strip_separators (raw_text);
  len = strlen (text);

  for (guint i = 0; i < needles->long_ones->len && !found; i++)
    found = strstr (text, g_ptr_array_index (needles->long_ones, i)) != NULL;

  for (gsize pos = 0; pos < len && !found; pos++)
    for (guint l = 0; l < needles->lengths->len && !found; l++)
      {
        gsize n = g_array_index (needles->lengths, gsize, l);

        if (pos + n > len)
          continue;
        memcpy (key, text + pos, n);
        key[n] = '\0';
        found = g_hash_table_contains (needles->needles, key);
      }
  sodium_memzero (key, sizeof key);
  sodium_memzero (text, len);
  return found;
}

static gboolean
verify_failed (GError **error)
{
  g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_VERIFY_FAILED,
                       _("Verification failed: a redacted identifier can still be found in the "
                         "exported PDF; it was removed"));
  return FALSE;
}

/* Whether page @page_no of @document shows a redacted string: a
 * PageWorkFunc, its result GINT_TO_POINTER (found). */
static gboolean
verify_page (PopplerDocument  *document,
             guint             page_no,
             gpointer          user_data,
             gpointer         *out_found,
             GError          **error)
{
  const Needles *needles = user_data;
  g_autoptr(CdPopplerPage) page = poppler_document_get_page (document, (int) page_no - 1);
  char *text;
  gboolean found;

  *out_found = GINT_TO_POINTER (FALSE);
  if (page == NULL)
    return TRUE;
  text = poppler_page_get_text (page);
  found = needles_found_in (needles, text);
  wipe_string (text);
  *out_found = GINT_TO_POINTER (found);
  return TRUE;
}

static PopplerDocument *
open_output (const char  *uri,
             GError     **error)
{
  return uri != NULL ? poppler_document_new_from_file (uri, NULL, error) : NULL;
}

static gboolean
verify_output (CdRedactDocument      *self,
               const char            *path,
               GCancellable          *cancellable,
               CdRedactProgressFunc   progress,
               gpointer               user_data,
               GError               **error)
{
  g_auto(Needles) needles = { 0, };
  g_autoptr(CdPopplerDocument) output = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PageWorkers) workers = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);
  GPtrArray *documents;
  guint n_threads;
  int n_pages;

  output = open_output (uri, &local_error);
  if (output == NULL)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_VERIFY_FAILED,
                           _("Verification failed: the exported PDF could not be opened again; it was removed"));
      return FALSE;
    }
  n_pages = poppler_document_get_n_pages (output);
  if (n_pages < 0 || (guint) n_pages != self->n_pages)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_VERIFY_FAILED,
                           _("Verification failed: the exported PDF does not have the pages of the original; it was removed"));
      return FALSE;
    }
  if (poppler_document_has_attachments (output))
    return verify_failed (error);

  needles_init (&needles, self);

  {
    char *values[] = {
      poppler_document_get_title (output),
      poppler_document_get_author (output),
      poppler_document_get_subject (output),
      poppler_document_get_keywords (output),
      poppler_document_get_creator (output),
      poppler_document_get_producer (output),
      poppler_document_get_metadata (output),
    };
    gboolean found = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (values); i++)
      {
        found |= needles_found_in (&needles, values[i]);
        wipe_string (values[i]);
      }
    if (found)
      return verify_failed (error);
  }

  /* The pages' text is extracted by every thread, each with a document of
   * its own; this one reports, in order. */
  n_threads = get_n_threads ();
  documents = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; n_threads > 1 && i < MIN (n_threads, (guint) n_pages); i++)
    {
      PopplerDocument *document = open_output (uri, NULL);

      if (document == NULL)
        break;
      g_ptr_array_add (documents, document);
    }
  workers = page_workers_new (output, documents, (guint) n_pages, NULL, verify_page, NULL,
                              &needles, cancellable);

  for (int i = 0; i < n_pages; i++)
    {
      gpointer found = NULL;

      if (check_cancelled (cancellable, error))
        return FALSE;
      if (!page_workers_take (workers, (guint) i + 1, &found, error))
        return FALSE;
      if (GPOINTER_TO_INT (found))
        return verify_failed (error);
      if (progress != NULL)
        progress (CD_REDACT_PHASE_VERIFY, (guint) i + 1, (guint) n_pages, user_data);
    }
  return TRUE;
}

static void
count_boxes (CdRedactDocument *self,
             CdRedactResult   *result)
{
  for (guint i = 0; i < self->boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (self->boxes, i);

      if (box->excluded)
        {
          result->n_excluded++;
          continue;
        }
      result->n_boxes++;
      if (box->source == CD_REDACT_SOURCE_ANNOTATION)
        result->n_annotations++;
      if (box->kind >= 0 && box->kind < CD_N_DETECT_KINDS)
        result->kinds[box->kind]++;
    }
}

/**
 * cd_redact_document_write:
 * @fd: an empty, writable file
 * @fd_path: the path of @fd, to open it again for verification
 *
 * Writes the redacted document into @fd and verifies it. The caller
 * creates the file and renames or removes it: on failure it holds a
 * partial or unverified document and must be removed.
 */
gboolean
cd_redact_document_write (CdRedactDocument      *self,
                          int                    fd,
                          const char            *fd_path,
                          const CdRedactOptions *options,
                          CdRedactResult        *result,
                          GCancellable          *cancellable,
                          CdRedactProgressFunc   progress,
                          gpointer               user_data,
                          GError               **error)
{
  CdRedactResult local_result;
  guint dpi = options != NULL && options->dpi != 0 ? options->dpi : CD_REDACT_DEFAULT_DPI;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (fd >= 0 && fd_path != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);

  if (dpi < CD_REDACT_MIN_DPI || dpi > CD_REDACT_MAX_DPI)
    {
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                   _("The resolution must be between %u and %u dots per inch"),
                   (guint) CD_REDACT_MIN_DPI, (guint) CD_REDACT_MAX_DPI);
      return FALSE;
    }

  count_boxes (self, result);
  if (!write_document (self, fd, dpi, result, cancellable, progress, user_data, error))
    return FALSE;
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      int saved = errno;

      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                   _("The redacted PDF could not be written: %s"), g_strerror (saved));
      return FALSE;
    }
  if (!verify_output (self, fd_path, cancellable, progress, user_data, error))
    return FALSE;
  result->verified = TRUE;
  return TRUE;
}

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  if (a == NULL || b == NULL || g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

gboolean
cd_redact_output_open (const char  *input,
                       const char  *output_path,
                       char       **out_tmp_path,
                       int         *out_fd,
                       GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmpl = NULL;
  int fd;

  if (same_file (input, output_path))
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
                           _("The redacted PDF cannot replace the original: choose another name"));
      return FALSE;
    }
  dir = g_path_get_dirname (output_path);
  base = g_path_get_basename (output_path);
  tmpl = g_strdup_printf ("%s%c.%s.XXXXXX.part", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                   _("The redacted PDF could not be written: %s"), g_strerror (saved));
      return FALSE;
    }
  if (out_fd != NULL)
    *out_fd = fd;
  else
    close (fd);
  *out_tmp_path = g_steal_pointer (&tmpl);
  return TRUE;
}

gboolean
cd_redact_output_close (const char  *tmp_path,
                        const char  *output_path,
                        gboolean     ok,
                        GError     **error)
{
  if (ok && g_rename (tmp_path, output_path) != 0)
    {
      int saved = errno;

      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                   _("The redacted PDF could not be written: %s"), g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp_path);
  return ok;
}

/**
 * cd_redact_document_export:
 * @output_path: where the redacted PDF goes (replaced if it exists)
 * @result: (out caller-allocates) (optional): the counts
 *
 * Writes the redacted PDF into a temporary file beside @output_path,
 * verifies it and renames it; on any failure nothing is left behind.
 */
gboolean
cd_redact_document_export (CdRedactDocument      *self,
                           const char            *output_path,
                           const CdRedactOptions *options,
                           CdRedactResult        *result,
                           GCancellable          *cancellable,
                           CdRedactProgressFunc   progress,
                           gpointer               user_data,
                           GError               **error)
{
  g_autofree char *tmpl = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);

  if (!cd_redact_output_open (self->path, output_path, &tmpl, &fd, error))
    return FALSE;
  ok = cd_redact_document_write (self, fd, tmpl, options, result, cancellable, progress, user_data, error);
  close (fd);
  return cd_redact_output_close (tmpl, output_path, ok, ok ? error : NULL);
}
