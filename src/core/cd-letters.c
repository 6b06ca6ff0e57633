/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Merged customer letters written out: PDF through cairo and PangoCairo
 * (no GTK), e-mail drafts through GMime, SMS as CSV.
 *
 * The PDF writer lays each letter out once with one PangoContext and a pool
 * of PangoLayouts kept for the whole run, places the lines on pages (a
 * paragraph may split across pages), and only then draws, because every
 * page carries "page x of y" of its letter. The letterhead is laid out once.
 *
 * Every file is written to a temporary file in its directory and renamed
 * into place, so a failure or a cancellation leaves no partial file; files
 * already written by a failed call are removed too. Files are created
 * readable by their owner only: they hold customers' names and addresses. */

#include "config.h"

#define G_LOG_DOMAIN "cd-letters"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <gmime/gmime.h>
#include <pango/pangocairo.h>

#include "cd-csv.h"
#include "cd-letters.h"

G_DEFINE_QUARK (cd_letters_error_quark, cd_letters_error)

/* GMime 3.2 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMultipart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)

#define MAX_CUSTOMER_ID 64
#define MAX_CACHED      512     /* laid out paragraphs kept for reuse */

/* A4 portrait in points, margins of 2.2 cm. */
#define PAGE_WIDTH     595.28
#define PAGE_HEIGHT    841.89
#define MARGIN         62.36
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN)

/* Type sizes (points) and vertical spacing of the flow. */
#define SIZE_COMPANY   16
#define SIZE_CREDIT    9
#define SIZE_BODY      11
#define SIZE_SUBJECT   13
#define SIZE_FOOTER    9
#define GAP_HEAD       18.0     /* below the letterhead's rule */
#define GAP_DATE       10.0
#define GAP_ADDRESS    20.0
#define GAP_SUBJECT    12.0
#define GAP_PARAGRAPH  7.0

/* Serif CJK first (a letter), sans as a fallback, then whatever serif the
 * system has for scripts neither covers. */
#define FONT_FAMILIES  "Noto Serif CJK SC, Noto Sans CJK SC, serif"

/* The letter's language is the customer's, not the UI's, so the few labels
 * printed on pages are a table of their own rather than gettext. */
typedef struct
{
  const char *credit_code;   /* followed by the code */
  const char *page[3];       /* the footer: page[0] x page[1] y page[2] */
  const char *html_lang;
} Labels;

static const Labels labels_zh = {
  "统一社会信用代码：", { "第 ", " 页 / 共 ", " 页" }, "zh-CN",
};

static const Labels labels_en = {
  "Unified social credit code: ", { "Page ", " of ", "" }, "en",
};

CdLetter *
cd_letter_new (void)
{
  return g_new0 (CdLetter, 1);
}

void
cd_letter_free (CdLetter *letter)
{
  if (letter == NULL)
    return;

  g_free (letter->customer_id);
  g_free (letter->recipient);
  g_free (letter->address);
  g_free (letter->email);
  g_free (letter->phone);
  g_free (letter->subject);
  g_free (letter->body);
  g_free (letter->body_html);
  g_free (letter);
}

/* Validation shared by the writers */

static gboolean
customer_id_is_valid (const char *id)
{
  gsize len = 0;

  if (id == NULL || *id == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++, len++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return len <= MAX_CUSTOMER_ID;
}

static gboolean
check_utf8 (const char  *text,
            guint        index,
            const char  *what,
            GError     **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  /* Translators: the first %u is the letter's position in the batch,
   * %s names the field (not translated: customer_id, subject, body…). */
  g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
               _("Letter %u: the field “%s” is not valid UTF-8 text"), index + 1, what);
  return FALSE;
}

static gboolean
check_head (const CdLetterhead  *head,
            const Labels       **out_labels,
            GError             **error)
{
  const char *fields[] = { head->company, head->credit_code, head->date,
                           head->sender_name, head->sender_email };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL && !g_utf8_validate (fields[i], -1, NULL))
      {
        g_set_error_literal (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
                             _("The letterhead is not valid UTF-8 text"));
        return FALSE;
      }

  if (head->language == NULL || g_str_has_prefix (head->language, "zh"))
    *out_labels = &labels_zh;
  else if (g_str_has_prefix (head->language, "en"))
    *out_labels = &labels_en;
  else
    {
      g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
                   _("Letters can be written in Chinese (zh_CN) or English (en), not “%s”"),
                   head->language);
      return FALSE;
    }
  return TRUE;
}

/* Checks what every format needs before a file is touched, so that bad
 * input leaves nothing behind: the number of letters, the customer ids
 * (they name files; duplicates would overwrite each other's), UTF-8 in
 * every field, the length of the body. */
static gboolean
check_letters (GPtrArray  *letters,
               gboolean    ids_name_files,
               GError    **error)
{
  g_autoptr(GHashTable) seen = NULL;

  if (letters->len > CD_LETTERS_MAX_LETTERS)
    {
      g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_LIMIT,
                   _("%u letters are more than the %u that can be written at once; "
                     "write them in smaller batches"),
                   letters->len, (guint) CD_LETTERS_MAX_LETTERS);
      return FALSE;
    }

  if (ids_name_files)
    seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);

      if (!customer_id_is_valid (letter->customer_id))
        {
          g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
                       _("Letter %u: the customer id must be 1 to %u letters, digits, "
                         "“-” or “_” (it names the letter’s files)"),
                       i + 1, (guint) MAX_CUSTOMER_ID);
          return FALSE;
        }
      if (seen != NULL && !g_hash_table_add (seen, letter->customer_id))
        {
          g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
                       _("Letter %u: customer %s has two letters; each customer’s "
                         "file can hold one"),
                       i + 1, letter->customer_id);
          return FALSE;
        }
      if (!check_utf8 (letter->recipient, i, "recipient", error) ||
          !check_utf8 (letter->address, i, "address", error) ||
          !check_utf8 (letter->email, i, "email", error) ||
          !check_utf8 (letter->phone, i, "phone", error) ||
          !check_utf8 (letter->subject, i, "subject", error) ||
          !check_utf8 (letter->body, i, "body", error) ||
          !check_utf8 (letter->body_html, i, "body_html", error))
        return FALSE;
      if ((letter->body != NULL && strlen (letter->body) > CD_LETTERS_MAX_BODY) ||
          (letter->body_html != NULL && strlen (letter->body_html) > CD_LETTERS_MAX_BODY))
        {
          g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_LIMIT,
                       _("The letter to customer %s is longer than %u KiB; shorten "
                         "its template"),
                       letter->customer_id, (guint) (CD_LETTERS_MAX_BODY / 1024));
          return FALSE;
        }
    }
  return TRUE;
}

/* One line of a header: CR and LF (runs of them) become one space, so a
 * rendered template's stray line break cannot start a new header. */
static char *
one_line (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          while (p[1] == '\r' || p[1] == '\n')
            p++;
          if (out->len > 0 && p[1] != '\0')
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The paragraphs of a body: separated by blank (or whitespace-only)
 * lines; inside one, single line breaks stay. Returns the next paragraph
 * after *@pos as a span of the body, or FALSE at the end. */
static gboolean
next_paragraph (const char  *body,
                gsize       *pos,
                const char **out_start,
                gsize       *out_len)
{
  const char *p = body + *pos;
  const char *start = NULL;
  const char *end = NULL;

  while (*p != '\0')
    {
      const char *line = p;
      const char *eol = strchr (p, '\n');
      gboolean blank = TRUE;

      if (eol == NULL)
        eol = p + strlen (p);
      for (const char *q = line; q < eol; q++)
        if (*q != ' ' && *q != '\t' && *q != '\r')
          {
            blank = FALSE;
            break;
          }
      p = *eol == '\n' ? eol + 1 : eol;

      if (blank)
        {
          if (start != NULL)
            break;
          continue;
        }
      if (start == NULL)
        start = line;
      end = eol;
    }

  *pos = (gsize) (p - body);
  if (start == NULL)
    return FALSE;
  if (end > start && end[-1] == '\r')
    end--;
  *out_start = start;
  *out_len = (gsize) (end - start);
  return TRUE;
}

/* Atomic files */

typedef struct
{
  char    *path;
  char    *tmp_path;
  FILE    *fp;
  guint64  bytes;
  int      write_errno;     /* first write error, 0 if none */
} OutFile;

static void
out_file_abort (OutFile *out)
{
  if (out->fp != NULL)
    fclose (out->fp);
  out->fp = NULL;
  if (out->tmp_path != NULL)
    g_unlink (out->tmp_path);
  g_clear_pointer (&out->tmp_path, g_free);
  g_clear_pointer (&out->path, g_free);
}

static void
set_io_error (GError     **error,
              int          errsv,
              const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_FAILED,
               _("Could not write “%s”: %s"), display, g_strerror (errsv));
}

/* @big: a buffer for many small writes (cairo's); else stdio's default. */
static gboolean
out_file_open (OutFile     *out,
               const char  *path,
               gboolean     big,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf (".%s.XXXXXX", base);
  int fd;

  memset (out, 0, sizeof *out);
  out->tmp_path = g_build_filename (dir, tmpl, NULL);
  fd = g_mkstemp_full (out->tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      set_io_error (error, errsv, path);
      g_clear_pointer (&out->tmp_path, g_free);
      return FALSE;
    }
  out->fp = fdopen (fd, "wb");
  if (out->fp == NULL)
    {
      int errsv = errno;

      close (fd);
      out_file_abort (out);
      set_io_error (error, errsv, path);
      return FALSE;
    }
  if (big)
    setvbuf (out->fp, NULL, _IOFBF, 256 * 1024);
  out->path = g_strdup (path);
  return TRUE;
}

static void
out_file_write (OutFile    *out,
                const void *data,
                gsize       len)
{
  if (out->write_errno != 0 || len == 0)
    return;
  if (fwrite (data, 1, len, out->fp) != len)
    out->write_errno = errno != 0 ? errno : EIO;
  else
    out->bytes += len;
}

/* Closes and renames into place; aborts on any earlier write error. */
static gboolean
out_file_commit (OutFile  *out,
                 GError  **error)
{
  int errsv = out->write_errno;

  if (fclose (out->fp) != 0 && errsv == 0)
    errsv = errno;
  out->fp = NULL;
  if (errsv == 0 && g_rename (out->tmp_path, out->path) != 0)
    errsv = errno;
  if (errsv != 0)
    {
      set_io_error (error, errsv, out->path);
      out_file_abort (out);
      return FALSE;
    }
  g_clear_pointer (&out->tmp_path, g_free);
  g_clear_pointer (&out->path, g_free);
  return TRUE;
}

static gboolean
ensure_dir (const char  *dir,
            GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_FAILED,
                   _("Could not create the folder “%s”: %s"), display, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* Removes the files a failed call had already written. */
static void
remove_written (GPtrArray *written)
{
  for (guint i = 0; i < written->len; i++)
    g_unlink (g_ptr_array_index (written, i));
}

/* PDF */

typedef struct
{
  PangoLayoutLine *line;     /* owned by one of the writer's layouts */
  guint            page;     /* 0-based within the letter */
  double           x;        /* the line's origin, points from the margin */
  double           baseline; /* points from the top of the page */
} Placed;

typedef struct
{
  const Labels          *labels;
  PangoFontMap          *font_map;
  PangoContext          *context;
  PangoFontDescription  *body_font;
  PangoFontDescription  *subject_font;
  PangoFontDescription  *footer_font;

  /* Laid out once per call */
  PangoLayout           *company;
  PangoLayout           *credit;
  PangoLayout           *date;
  double                 head_height;  /* top margin to the first line of text */
  double                 rule_y;

  /* Reused for every letter */
  PangoLayout           *recipient;
  GHashTable            *paragraphs;   /* text → PangoLayout */
  GHashTable            *subjects;     /* text → PangoLayout */
  GHashTable            *footers;      /* text → PangoLayout */
  GString               *key;
  GArray                *placed;       /* Placed, in page order */
  guint                  n_pages;      /* of the letter laid out last */
  char                  *scratch;      /* recipient and address */
} PdfWriter;

static void
pdf_writer_free (PdfWriter *w)
{
  g_clear_object (&w->company);
  g_clear_object (&w->credit);
  g_clear_object (&w->date);
  g_clear_object (&w->recipient);
  g_clear_pointer (&w->paragraphs, g_hash_table_unref);
  g_clear_pointer (&w->subjects, g_hash_table_unref);
  g_clear_pointer (&w->footers, g_hash_table_unref);
  if (w->key != NULL)
    g_string_free (w->key, TRUE);
  g_clear_pointer (&w->placed, g_array_unref);
  g_clear_pointer (&w->body_font, pango_font_description_free);
  g_clear_pointer (&w->subject_font, pango_font_description_free);
  g_clear_pointer (&w->footer_font, pango_font_description_free);
  g_clear_object (&w->context);
  g_clear_object (&w->font_map);
  g_free (w->scratch);
  g_free (w);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdfWriter, pdf_writer_free)

static PangoFontDescription *
font_new (int      size,
          gboolean bold)
{
  PangoFontDescription *desc = pango_font_description_from_string (FONT_FAMILIES);

  pango_font_description_set_size (desc, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  return desc;
}

static PangoLayout *
layout_new (PdfWriter                  *w,
            const PangoFontDescription *desc,
            gboolean                    wrap)
{
  PangoLayout *layout = pango_layout_new (w->context);

  pango_layout_set_font_description (layout, desc);
  if (wrap)
    {
      /* WORD_CHAR: an unbroken 600-character address still wraps. */
      pango_layout_set_width (layout, (int) (CONTENT_WIDTH * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static PdfWriter *
pdf_writer_new (const CdLetterhead *head,
                const Labels       *labels)
{
  PdfWriter *w = g_new0 (PdfWriter, 1);
  g_autoptr(PangoFontDescription) company_font = font_new (SIZE_COMPANY, TRUE);
  g_autoptr(PangoFontDescription) credit_font = font_new (SIZE_CREDIT, FALSE);
  cairo_font_options_t *options = cairo_font_options_create ();

  w->labels = labels;
  /* A font map of our own: the default one belongs to the thread that
   * first asked for it, and this may run in a worker. */
  w->font_map = pango_cairo_font_map_new ();
  w->context = pango_font_map_create_context (w->font_map);
  /* Points as units; no hinting, unrounded positions: this is print. */
  pango_cairo_context_set_resolution (w->context, 72.0);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (w->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (w->context, FALSE);
  pango_context_set_language (w->context,
                              pango_language_from_string (labels == &labels_zh ? "zh-cn" : "en"));

  w->body_font = font_new (SIZE_BODY, FALSE);
  w->subject_font = font_new (SIZE_SUBJECT, TRUE);
  w->footer_font = font_new (SIZE_FOOTER, FALSE);

  w->company = layout_new (w, company_font, TRUE);
  pango_layout_set_text (w->company, head->company != NULL ? head->company : "", -1);
  w->credit = layout_new (w, credit_font, TRUE);
  if (head->credit_code != NULL && *head->credit_code != '\0')
    {
      g_autofree char *line = g_strconcat (labels->credit_code, head->credit_code, NULL);

      pango_layout_set_text (w->credit, line, -1);
    }
  w->date = layout_new (w, w->body_font, TRUE);
  pango_layout_set_alignment (w->date, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (w->date, head->date != NULL ? head->date : "", -1);

  w->rule_y = MARGIN + layout_height (w->company) + 2.0;
  if (pango_layout_get_character_count (w->credit) > 0)
    w->rule_y += layout_height (w->credit);
  w->rule_y += 4.0;
  w->head_height = w->rule_y - MARGIN + GAP_HEAD;

  w->recipient = layout_new (w, w->body_font, TRUE);
  w->paragraphs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  w->subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  w->footers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  w->key = g_string_sized_new (4096);
  w->placed = g_array_sized_new (FALSE, FALSE, sizeof (Placed), 256);
  return w;
}

/* The layout of @text in @desc, from @cache when the same text was laid
 * out before. Letters merged from one template share most paragraphs (and
 * the subject, and the footers), and laying text out — shaping above all —
 * is most of the work, so a paragraph seen before costs a hash lookup. The
 * caches are emptied between letters when they grow past a bound. */
static PangoLayout *
cached_layout (PdfWriter                  *w,
               GHashTable                 *cache,
               const PangoFontDescription *desc,
               gboolean                    wrap,
               const char                 *text,
               gsize                       len)
{
  PangoLayout *layout;

  g_string_truncate (w->key, 0);
  g_string_append_len (w->key, text, (gssize) len);
  layout = g_hash_table_lookup (cache, w->key->str);
  if (layout == NULL)
    {
      layout = layout_new (w, desc, wrap);
      pango_layout_set_text (layout, w->key->str, (int) w->key->len);
      g_hash_table_insert (cache, g_strndup (w->key->str, w->key->len), layout);
    }
  return layout;
}

/* Places the lines of @layout below what is placed, moving to a new page
 * when a line does not fit. FALSE when the letter grows beyond the limit. */
static gboolean
place_layout (PdfWriter   *w,
              PangoLayout *layout,
              double       gap_before,
              double      *y)
{
  const double top = MARGIN + w->head_height;
  const double bottom = PAGE_HEIGHT - MARGIN;
  PangoLayoutIter *iter;
  gboolean first = TRUE;
  gboolean ok = TRUE;

  if (pango_layout_get_character_count (layout) == 0)
    return TRUE;

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical, line_logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      int baseline = pango_layout_iter_get_baseline (iter);
      double height;
      Placed placed;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      pango_layout_line_get_extents (line, NULL, &line_logical);
      height = (double) logical.height / PANGO_SCALE;

      /* No gap at the top of a page. */
      if (first && *y > top)
        *y += gap_before;
      first = FALSE;
      if (*y + height > bottom && *y > top)
        {
          w->n_pages++;
          *y = top;
          if (w->n_pages > CD_LETTERS_MAX_PAGES)
            {
              ok = FALSE;
              break;
            }
        }

      placed.line = line;
      placed.page = w->n_pages - 1;
      placed.x = (double) (logical.x - line_logical.x) / PANGO_SCALE;
      placed.baseline = *y + (double) (baseline - logical.y) / PANGO_SCALE;
      g_array_append_val (w->placed, placed);
      *y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  return ok;
}

static gboolean
pdf_layout_letter (PdfWriter       *w,
                   const CdLetter  *letter,
                   GError         **error)
{
  const char *body = letter->body != NULL ? letter->body : "";
  double y = MARGIN + w->head_height;
  const char *start;
  gsize len;
  gsize pos = 0;
  guint n = 0;
  g_autofree char *subject = one_line (letter->subject);

  g_array_set_size (w->placed, 0);
  w->n_pages = 1;
  /* Nothing placed refers to the cached layouts any more. */
  if (g_hash_table_size (w->paragraphs) > MAX_CACHED)
    g_hash_table_remove_all (w->paragraphs);
  if (g_hash_table_size (w->subjects) > MAX_CACHED)
    g_hash_table_remove_all (w->subjects);

  place_layout (w, w->date, 0, &y);

  g_free (w->scratch);
  w->scratch = g_strconcat (letter->recipient != NULL ? letter->recipient : "",
                            letter->address != NULL && *letter->address != '\0' ? "\n" : "",
                            letter->address != NULL ? letter->address : "", NULL);
  pango_layout_set_text (w->recipient, w->scratch, -1);
  if (!place_layout (w, w->recipient, GAP_DATE, &y))
    goto too_long;

  if (!place_layout (w, cached_layout (w, w->subjects, w->subject_font, TRUE, subject, strlen (subject)),
                     GAP_ADDRESS, &y))
    goto too_long;

  while (next_paragraph (body, &pos, &start, &len))
    {
      PangoLayout *layout = cached_layout (w, w->paragraphs, w->body_font, TRUE, start, len);

      if (!place_layout (w, layout, n == 0 ? GAP_SUBJECT : GAP_PARAGRAPH, &y))
        goto too_long;
      n++;
    }
  return TRUE;

too_long:
  g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_LIMIT,
               _("The letter to customer %s is longer than %u pages; shorten its template"),
               letter->customer_id, (guint) CD_LETTERS_MAX_PAGES);
  return FALSE;
}

static void
pdf_draw_letter (PdfWriter *w,
                 cairo_t   *cr)
{
  guint next = 0;

  for (guint page = 0; page < w->n_pages; page++)
    {
      char text[64];
      PangoLayout *footer;
      int footer_width;

      /* Letterhead */
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, MARGIN, MARGIN);
      pango_cairo_show_layout (cr, w->company);
      if (pango_layout_get_character_count (w->credit) > 0)
        {
          cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
          cairo_move_to (cr, MARGIN, MARGIN + layout_height (w->company) + 2.0);
          pango_cairo_show_layout (cr, w->credit);
        }
      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, MARGIN, w->rule_y);
      cairo_line_to (cr, PAGE_WIDTH - MARGIN, w->rule_y);
      cairo_stroke (cr);

      /* The flow */
      cairo_set_source_rgb (cr, 0, 0, 0);
      for (; next < w->placed->len; next++)
        {
          const Placed *placed = &g_array_index (w->placed, Placed, next);

          if (placed->page != page)
            break;
          cairo_move_to (cr, MARGIN + placed->x, placed->baseline);
          pango_cairo_show_layout_line (cr, placed->line);
        }

      /* Footer, centred in the bottom margin */
      g_snprintf (text, sizeof text, "%s%u%s%u%s", w->labels->page[0], page + 1,
                  w->labels->page[1], w->n_pages, w->labels->page[2]);
      /* At most 50 × 51 / 2 different footers. */
      footer = cached_layout (w, w->footers, w->footer_font, FALSE, text, strlen (text));
      pango_layout_get_size (footer, &footer_width, NULL);
      cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
      cairo_move_to (cr, (PAGE_WIDTH - (double) footer_width / PANGO_SCALE) / 2,
                     PAGE_HEIGHT - MARGIN + 16.0);
      pango_cairo_show_layout (cr, footer);

      cairo_show_page (cr);
    }
}

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  OutFile *out = closure;

  out_file_write (out, data, length);
  return out->write_errno == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_surface_t *
pdf_surface_new (OutFile *out)
{
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, out,
                                                                  PAGE_WIDTH, PAGE_HEIGHT);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Closure Desk");
  return surface;
}

/* Finishes the surface (fonts are embedded then) and the file. */
static gboolean
pdf_finish (cairo_surface_t  *surface,
            cairo_t          *cr,
            OutFile          *out,
            GError          **error)
{
  cairo_status_t status;

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (out->write_errno == 0 && status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (out->path);

      g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_FAILED,
                   _("Could not write “%s”: %s"), display, cairo_status_to_string (status));
      out_file_abort (out);
      return FALSE;
    }
  return out_file_commit (out, error);
}

/**
 * cd_letters_write_pdf:
 * @letters: (element-type CdLetter): the merged letters
 * @head: the letterhead
 * @path: the combined PDF to write
 * @per_customer_dir: (nullable): where to write one PDF per letter too
 * @out_stats: (out caller-allocates) (optional): what was written
 * @cancellable: (nullable): checked between letters
 * @error: return location for a #GError
 *
 * Writes every letter into one PDF (each letter starting on a new page,
 * its pages numbered "page x of y" within the letter) and, with
 * @per_customer_dir, each letter to <customer_id>.pdf as well. Nothing is
 * left behind on failure.
 *
 * Returns: %TRUE when every file was written
 */
gboolean
cd_letters_write_pdf (GPtrArray           *letters,
                      const CdLetterhead  *head,
                      const char          *path,
                      const char          *per_customer_dir,
                      CdLettersStats      *out_stats,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(PdfWriter) w = NULL;
  g_autoptr(GPtrArray) written = NULL;
  const Labels *labels = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  OutFile out;
  CdLettersStats stats = { 0, 0, 0 };

  g_return_val_if_fail (letters != NULL, FALSE);
  g_return_val_if_fail (head != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_head (head, &labels, error) ||
      !check_letters (letters, per_customer_dir != NULL, error))
    return FALSE;
  if (per_customer_dir != NULL && !ensure_dir (per_customer_dir, error))
    return FALSE;
  if (!out_file_open (&out, path, TRUE, error))
    return FALSE;

  w = pdf_writer_new (head, labels);
  written = g_ptr_array_new_with_free_func (g_free);
  surface = pdf_surface_new (&out);
  cr = cairo_create (surface);

  for (guint i = 0; i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !pdf_layout_letter (w, letter, error))
        goto failed;

      if (letter->recipient != NULL && *letter->recipient != '\0')
        {
          g_autofree char *link = g_strdup_printf ("page=%u", stats.pages + 1);

          cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT,
                                         letter->recipient, link, 0);
        }
      pdf_draw_letter (w, cr);
      stats.letters++;
      stats.pages += w->n_pages;

      if (per_customer_dir != NULL)
        {
          g_autofree char *name = g_strconcat (letter->customer_id, ".pdf", NULL);
          g_autofree char *file = g_build_filename (per_customer_dir, name, NULL);
          cairo_surface_t *one_surface;
          cairo_t *one_cr;
          OutFile one;

          if (!out_file_open (&one, file, TRUE, error))
            goto failed;
          one_surface = pdf_surface_new (&one);
          one_cr = cairo_create (one_surface);
          pdf_draw_letter (w, one_cr);
          if (!pdf_finish (one_surface, one_cr, &one, error))
            goto failed;
          stats.bytes += one.bytes;
          g_ptr_array_add (written, g_steal_pointer (&file));
        }
    }

  if (!pdf_finish (surface, cr, &out, error))
    {
      remove_written (written);
      return FALSE;
    }
  stats.bytes += out.bytes;
  if (out_stats != NULL)
    *out_stats = stats;
  return TRUE;

failed:
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  out_file_abort (&out);
  remove_written (written);
  return FALSE;
}

/* E-mail */

static gpointer
init_gmime (gpointer data)
{
  g_mime_init ();
  return NULL;
}

static void
ensure_gmime (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_gmime, NULL);
}

/* An address for a header: one @, something on both sides, nothing that
 * could end the header or the address (white space, controls, <>, quotes,
 * commas). Non-ASCII is allowed (internationalised addresses). */
static gboolean
email_is_valid (const char *email)
{
  const char *at;

  if (email == NULL || *email == '\0')
    return FALSE;
  at = strchr (email, '@');
  if (at == NULL || at == email || at[1] == '\0' || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const unsigned char *p = (const unsigned char *) email; *p != '\0'; p++)
    if (*p <= ' ' || *p == 0x7f || strchr ("<>()[]\\,;:\"", *p) != NULL)
      return FALSE;
  return TRUE;
}

static void
append_escaped (GString    *out,
                const char *text,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (text, len);

  g_string_append (out, escaped);
}

/* A minimal HTML document around @fragment, or around @body made into
 * paragraphs (line breaks inside a paragraph as <br>). */
static char *
build_html (const CdLetter *letter,
            const char     *subject,
            const Labels   *labels)
{
  GString *html = g_string_sized_new (1024);

  g_string_append_printf (html, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                          "<meta charset=\"utf-8\">\n<title>", labels->html_lang);
  append_escaped (html, subject, -1);
  g_string_append (html, "</title>\n</head>\n<body>\n");
  if (letter->body_html != NULL)
    {
      g_string_append (html, letter->body_html);
      g_string_append_c (html, '\n');
    }
  else if (letter->body != NULL)
    {
      const char *start;
      gsize len;
      gsize pos = 0;

      while (next_paragraph (letter->body, &pos, &start, &len))
        {
          const char *end = start + len;

          g_string_append (html, "<p>");
          while (start < end)
            {
              const char *eol = memchr (start, '\n', (gsize) (end - start));
              const char *stop = eol != NULL ? eol : end;

              if (stop > start && stop[-1] == '\r')
                stop--;
              append_escaped (html, start, stop - start);
              if (eol == NULL)
                break;
              g_string_append (html, "<br>\n");
              start = eol + 1;
            }
          g_string_append (html, "</p>\n");
        }
    }
  g_string_append (html, "</body>\n</html>\n");
  return g_string_free (html, FALSE);
}

/* The plain text: the body with CRLF made LF. */
static char *
build_plain (const char *body)
{
  GString *plain;

  if (body == NULL)
    return g_strdup ("");
  plain = g_string_sized_new (strlen (body) + 1);
  for (const char *p = body; *p != '\0'; p++)
    if (!(p[0] == '\r' && p[1] == '\n'))
      g_string_append_c (plain, *p);
  if (plain->len > 0 && plain->str[plain->len - 1] != '\n')
    g_string_append_c (plain, '\n');
  return g_string_free (plain, FALSE);
}

/* A text part in UTF-8 with the encoding that suits it. MIME text is CRLF
 * in canonical form: with quoted-printable or 7bit, GMime's newline filter
 * makes it so when writing CRLF files; base64 hides the line ends from that
 * filter, so the text is given CRLF before encoding. */
static GMimeTextPart *
text_part_new (const char *subtype,
               const char *text)
{
  GMimeTextPart *part = g_mime_text_part_new_with_subtype (subtype);
  GMimeContentEncoding encoding;

  g_mime_text_part_set_text (part, text);
  encoding = g_mime_part_get_best_content_encoding (GMIME_PART (part),
                                                    GMIME_ENCODING_CONSTRAINT_7BIT);
  /* Short plain ASCII comes back as "default": say 7bit outright. */
  if (encoding == GMIME_CONTENT_ENCODING_DEFAULT)
    encoding = GMIME_CONTENT_ENCODING_7BIT;
  if (encoding == GMIME_CONTENT_ENCODING_BASE64)
    {
      GString *crlf = g_string_sized_new (strlen (text) + 256);

      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '\n')
            g_string_append_c (crlf, '\r');
          g_string_append_c (crlf, *p);
        }
      g_mime_text_part_set_text (part, crlf->str);
      g_string_free (crlf, TRUE);
    }
  /* set_text picks us-ascii for ASCII text; say utf-8 always. */
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (part), encoding);
  return part;
}

typedef struct
{
  const Labels *labels;
  const char   *domain;      /* of the sender, for Message-IDs */
  char         *from_name;
  const char   *from_email;
  GDateTime    *now;
} MailContext;

static void
mail_context_clear (MailContext *ctx)
{
  g_clear_pointer (&ctx->from_name, g_free);
  g_clear_pointer (&ctx->now, g_date_time_unref);
}

static gboolean
mail_context_init (MailContext         *ctx,
                   const CdLetterhead  *head,
                   GPtrArray           *letters,
                   GError             **error)
{
  memset (ctx, 0, sizeof *ctx);
  if (!check_head (head, &ctx->labels, error) ||
      !check_letters (letters, TRUE, error))
    return FALSE;
  if (!email_is_valid (head->sender_email))
    {
      g_set_error_literal (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
                           _("E-mail drafts need the sender’s e-mail address; set a valid "
                             "one in the case details"));
      return FALSE;
    }
  for (guint i = 0; i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);

      if (!email_is_valid (letter->email))
        {
          g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
                       _("Customer %s has no valid e-mail address"), letter->customer_id);
          return FALSE;
        }
    }

  ensure_gmime ();
  ctx->from_email = head->sender_email;
  ctx->domain = strchr (head->sender_email, '@') + 1;
  ctx->from_name = one_line (head->sender_name != NULL ? head->sender_name : head->company);
  ctx->now = g_date_time_new_now_local ();
  return TRUE;
}

static GMimeMessage *
build_message (MailContext    *ctx,
               const CdLetter *letter)
{
  GMimeMessage *message = g_mime_message_new (TRUE);
  g_autoptr(GMimeMultipart) alternative = g_mime_multipart_new_with_subtype ("alternative");
  g_autoptr(GMimeTextPart) plain_part = NULL;
  g_autoptr(GMimeTextPart) html_part = NULL;
  g_autofree char *to_name = one_line (letter->recipient);
  g_autofree char *subject = one_line (letter->subject);
  g_autofree char *message_id = g_mime_utils_generate_message_id (ctx->domain);
  g_autofree char *plain = build_plain (letter->body);
  g_autofree char *html = build_html (letter, subject, ctx->labels);

  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, ctx->from_name, ctx->from_email);
  g_mime_message_add_mailbox (message, GMIME_ADDRESS_TYPE_TO, to_name, letter->email);
  g_mime_message_set_subject (message, subject, "utf-8");
  g_mime_message_set_date (message, ctx->now);
  g_mime_message_set_message_id (message, message_id);
  g_mime_object_set_header (GMIME_OBJECT (message), "MIME-Version", "1.0", NULL);
  /* Outlook and Thunderbird open a message with this header as a draft. */
  g_mime_object_set_header (GMIME_OBJECT (message), "X-Unsent", "1", NULL);

  plain_part = text_part_new ("plain", plain);
  html_part = text_part_new ("html", html);
  g_mime_multipart_add (alternative, GMIME_OBJECT (plain_part));
  g_mime_multipart_add (alternative, GMIME_OBJECT (html_part));
  g_mime_message_set_mime_part (message, GMIME_OBJECT (alternative));
  return message;
}

static GByteArray *
serialize_message (GMimeMessage       *message,
                   GMimeFormatOptions *options)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new ();
  GByteArray *bytes;

  g_mime_object_write_to_stream (GMIME_OBJECT (message), options, stream);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  return bytes;
}

/**
 * cd_letters_write_eml:
 * @letters: (element-type CdLetter): the merged letters, each with an e-mail
 * @head: the letterhead, with the sender's address
 * @dir: the folder for the drafts, created if missing
 * @out_stats: (out caller-allocates) (optional): what was written
 * @cancellable: (nullable): checked between letters
 * @error: return location for a #GError
 *
 * Writes <customer_id>.eml per letter: multipart/alternative (text/plain
 * and text/html, UTF-8), headers encoded per RFC 2047, CRLF line ends as
 * on the wire, "X-Unsent: 1". Line breaks in the subject and names become
 * spaces; an address containing one is refused. On failure the drafts this
 * call wrote are removed.
 *
 * Returns: %TRUE when every draft was written
 */
gboolean
cd_letters_write_eml (GPtrArray           *letters,
                      const CdLetterhead  *head,
                      const char          *dir,
                      CdLettersStats      *out_stats,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(GPtrArray) written = NULL;
  GMimeFormatOptions *options;
  MailContext ctx;
  CdLettersStats stats = { 0, 0, 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (letters != NULL, FALSE);
  g_return_val_if_fail (head != NULL, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!mail_context_init (&ctx, head, letters, error))
    {
      mail_context_clear (&ctx);
      return FALSE;
    }
  if (!ensure_dir (dir, error))
    {
      mail_context_clear (&ctx);
      return FALSE;
    }

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);
  written = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ok && i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);
      g_autofree char *name = g_strconcat (letter->customer_id, ".eml", NULL);
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_autoptr(GMimeMessage) message = NULL;
      g_autoptr(GByteArray) bytes = NULL;
      g_autoptr(GError) local = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      message = build_message (&ctx, letter);
      bytes = serialize_message (message, options);
      /* Written in place, not through a temporary file and a rename: the
       * folder holds thousands of drafts, and creating and renaming each
       * was half the time. A failure removes every draft written so far,
       * this one included, so no half file is left either way. */
      if (!g_file_set_contents_full (file, (const char *) bytes->data, bytes->len, G_FILE_SET_CONTENTS_NONE,
                                     0600, &local))
        {
          g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_FAILED, "%s", local->message);
          g_unlink (file);
          ok = FALSE;
          break;
        }
      stats.bytes += bytes->len;
      stats.letters++;
      g_ptr_array_add (written, g_steal_pointer (&file));
    }

  g_mime_format_options_free (options);
  mail_context_clear (&ctx);
  if (!ok)
    {
      remove_written (written);
      return FALSE;
    }
  if (out_stats != NULL)
    *out_stats = stats;
  return TRUE;
}

/* The "From " line of an mbox: asctime in UTC, in English whatever the
 * locale. */
static void
append_from_line (GString    *out,
                  const char *sender,
                  GDateTime  *now)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);

  g_string_append_printf (out, "From %s %s %s %2d %02d:%02d:%02d %d\n", sender,
                          days[g_date_time_get_day_of_week (utc) - 1],
                          months[g_date_time_get_month (utc) - 1],
                          g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc), g_date_time_get_year (utc));
}

/* mboxrd: every line that is "From " after any number of ">" gets one more
 * ">", so readers can undo it exactly. */
static void
append_mboxrd (GString      *out,
               const guint8 *data,
               gsize         len)
{
  const char *p = (const char *) data;
  const char *end = p + len;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      const char *stop = eol != NULL ? eol + 1 : end;
      const char *q = p;

      while (q < stop && *q == '>')
        q++;
      if ((gsize) (stop - q) >= 5 && memcmp (q, "From ", 5) == 0)
        g_string_append_c (out, '>');
      g_string_append_len (out, p, stop - p);
      p = stop;
    }
  if (len > 0 && data[len - 1] != '\n')
    g_string_append_c (out, '\n');
}

/**
 * cd_letters_write_mbox:
 * @letters: (element-type CdLetter): the merged letters, each with an e-mail
 * @head: the letterhead, with the sender's address
 * @path: the mbox file to write
 * @out_stats: (out caller-allocates) (optional): what was written
 * @cancellable: (nullable): checked between letters
 * @error: return location for a #GError
 *
 * Writes all drafts, built as cd_letters_write_eml() does but with LF line
 * ends, into one mbox in the mboxrd flavour.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
cd_letters_write_mbox (GPtrArray           *letters,
                       const CdLetterhead  *head,
                       const char          *path,
                       CdLettersStats      *out_stats,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(GString) chunk = NULL;
  GMimeFormatOptions *options;
  MailContext ctx;
  OutFile out;
  CdLettersStats stats = { 0, 0, 0 };
  gboolean ok = TRUE;

  g_return_val_if_fail (letters != NULL, FALSE);
  g_return_val_if_fail (head != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* One file: customer ids name nothing, but a duplicate is still a
   * mistake of the caller's worth reporting. */
  if (!mail_context_init (&ctx, head, letters, error) ||
      !out_file_open (&out, path, TRUE, error))
    {
      mail_context_clear (&ctx);
      return FALSE;
    }

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_UNIX);
  chunk = g_string_sized_new (16 * 1024);

  for (guint i = 0; i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);
      g_autoptr(GMimeMessage) message = NULL;
      g_autoptr(GByteArray) bytes = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      message = build_message (&ctx, letter);
      bytes = serialize_message (message, options);
      g_string_truncate (chunk, 0);
      append_from_line (chunk, ctx.from_email, ctx.now);
      append_mboxrd (chunk, bytes->data, bytes->len);
      g_string_append_c (chunk, '\n');
      out_file_write (&out, chunk->str, chunk->len);
      stats.letters++;
    }

  g_mime_format_options_free (options);
  mail_context_clear (&ctx);
  if (!ok)
    {
      out_file_abort (&out);
      return FALSE;
    }
  stats.bytes = out.bytes;
  if (!out_file_commit (&out, error))
    return FALSE;
  if (out_stats != NULL)
    *out_stats = stats;
  return TRUE;
}

/* SMS */

/* GSM 03.38 default alphabet (basic table), as UTF-8, and the extension
 * table's characters, which take an escape and so two septets. */
static const char gsm_basic[] =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
static const char gsm_extension[] = "\f^{}\\[~]|€";

static gboolean
utf8_set_contains (const char *set,
                   gunichar    c)
{
  for (const char *p = set; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == c)
      return TRUE;
  return FALSE;
}

/* Septets of @c in the GSM alphabet, 0 when it has none. */
static guint
gsm_septets (gunichar c)
{
  static gsize once = 0;
  static guint8 ascii[128];   /* septets of each ASCII character */

  if (g_once_init_enter (&once))
    {
      for (guint i = 1; i < 128; i++)
        ascii[i] = utf8_set_contains (gsm_basic, i) ? 1
                   : utf8_set_contains (gsm_extension, i) ? 2 : 0;
      g_once_init_leave (&once, 1);
    }

  if (c < 128)
    return ascii[c];
  if (utf8_set_contains (gsm_basic, c))
    return 1;
  if (utf8_set_contains (gsm_extension, c))
    return 2;
  return 0;
}

/**
 * cd_sms_count_segments:
 * @text: UTF-8 text
 *
 * Counts the SMS segments @text takes: GSM 7-bit (160 septets in one
 * message, 153 per part of a longer one; the extension characters such as
 * € and { take two) when every character is in the GSM default alphabet,
 * else UCS-2 (70 UTF-16 units, 67 per part; an emoji takes two).
 *
 * Returns: the number of segments, 0 for an empty text
 */
guint
cd_sms_count_segments (const char *text)
{
  gsize septets = 0;
  gsize units = 0;
  gboolean gsm = TRUE;

  if (text == NULL || *text == '\0')
    return 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (gsm)
        {
          guint n = gsm_septets (c);

          if (n == 0)
            gsm = FALSE;
          septets += n;
        }
      units += c >= 0x10000 ? 2 : 1;
    }

  if (gsm)
    return septets <= 160 ? 1 : (guint) ((septets + 152) / 153);
  return units <= 70 ? 1 : (guint) ((units + 66) / 67);
}

/* The message of an SMS: the body's paragraphs joined by one line break. */
static char *
sms_text (const char *body)
{
  GString *text = g_string_new (NULL);
  const char *start;
  gsize len;
  gsize pos = 0;

  while (body != NULL && next_paragraph (body, &pos, &start, &len))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      for (gsize i = 0; i < len; i++)
        if (!(start[i] == '\r' && i + 1 < len && start[i + 1] == '\n'))
          g_string_append_c (text, start[i]);
    }
  return g_string_free (text, FALSE);
}

static gboolean
phone_is_valid (const char *phone)
{
  gboolean digit = FALSE;

  if (phone == NULL)
    return FALSE;
  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (strchr ("+-() ", *p) == NULL)
        return FALSE;
    }
  return digit;
}

/**
 * cd_letters_write_sms:
 * @letters: (element-type CdLetter): the merged letters, each with a phone
 * @path: the CSV file to write
 * @out_stats: (out caller-allocates) (optional): what was written
 * @error: return location for a #GError
 *
 * Writes phone,text,segments rows: UTF-8 with a BOM (Excel and WPS read a
 * CSV without one as GBK), CRLF record ends, RFC 4180 quoting. The text is
 * the body without the subject, paragraphs joined by one line break.
 *
 * A text starting with = or @ (or a tab or CR) gets a leading single quote
 * so a spreadsheet shows it instead of evaluating it; + and - are left
 * alone, since a message may well start with them and the quote would be
 * sent with it. The segment count is that of the text without the quote.
 * Phone numbers may only hold digits, + - ( ) and spaces, so they cannot
 * carry a formula.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
cd_letters_write_sms (GPtrArray       *letters,
                      const char      *path,
                      CdLettersStats  *out_stats,
                      GError         **error)
{
  g_autoptr(GString) csv = NULL;
  const char * const header[] = { "phone", "text", "segments", NULL };
  CdLettersStats stats = { 0, 0, 0 };
  OutFile out;

  g_return_val_if_fail (letters != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_letters (letters, FALSE, error))
    return FALSE;
  for (guint i = 0; i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);

      if (!phone_is_valid (letter->phone))
        {
          g_set_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID,
                       _("Customer %s has no valid phone number"), letter->customer_id);
          return FALSE;
        }
    }

  csv = g_string_sized_new (256 + (gsize) letters->len * 256);
  g_string_append (csv, "\xEF\xBB\xBF");
  cd_csv_append_row (csv, header, FALSE);
  for (guint i = 0; i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);
      g_autofree char *text = sms_text (letter->body);
      g_autofree char *guarded = NULL;
      char segments[16];
      const char *row[4];

      g_snprintf (segments, sizeof segments, "%u", cd_sms_count_segments (text));
      if (text[0] == '=' || text[0] == '@' || text[0] == '\t' || text[0] == '\r')
        guarded = g_strconcat ("'", text, NULL);
      row[0] = letter->phone;
      row[1] = guarded != NULL ? guarded : text;
      row[2] = segments;
      row[3] = NULL;
      cd_csv_append_row (csv, row, FALSE);
      stats.letters++;
    }

  if (!out_file_open (&out, path, FALSE, error))
    return FALSE;
  out_file_write (&out, csv->str, csv->len);
  stats.bytes = out.bytes;
  if (!out_file_commit (&out, error))
    return FALSE;
  if (out_stats != NULL)
    *out_stats = stats;
  return TRUE;
}
