/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-doc: the flowing-document layout engine behind the disposal report
 * (issue 9) and other printed pages. Blocks are collected, measured and
 * assigned to A4 pages once by cd_doc_paginate (); cd_doc_draw_page () then
 * draws one page onto any cairo context (PDF, print, preview).
 *
 * Device independence: the document has its own PangoFontMap (the default
 * one belongs to the thread that first asked for it) and a PangoContext at
 * 72 dpi with hinting off and unrounded glyph positions. Every layout, at
 * pagination and at drawing time, comes from that context, never from
 * pango_cairo_create_layout (cr), so a PDF surface, a 600 dpi print context
 * and a scaled preview all get the same line breaks that pagination
 * measured.
 *
 * Memory: pagination keeps only heights (one per table row, the line
 * bottoms of each paragraph) and the placed items of each page; layouts are
 * recreated when a page is drawn, so drawing costs O(rows on that page)
 * even for a 10,000-row appendix.
 *
 * Choices:
 * - A table row never splits across pages, except a row taller than a
 *   whole page: that one is split between lines (of every cell) over as many
 *   pages as it needs, each part with the table's header row above it.
 *   Paragraphs split between lines, keeping at least two lines at the
 *   bottom of a page; headings, and paragraphs marked
 *   CD_DOC_TEXT_KEEP_WITH_NEXT, stay with what follows them.
 * - A QR code or a signature block taller than a page (a huge caption, a
 *   hundred roles) is refused with CD_DOC_ERROR_TOO_LARGE.
 * - Each text is cut to MAX_TEXT_BYTES (64 KiB) and ends with "…" then:
 *   no real report needs more in one block, and it bounds the work of
 *   shaping hostile input.
 * - The watermark is drawn last, translucent, so a table's shading cannot
 *   hide it.
 *
 * The few words the engine prints itself (an empty value's dash, a QR code
 * that could not be made) are in the document's language, not the UI's;
 * error messages are UI text and go through gettext. */

#include "config.h"

#define G_LOG_DOMAIN "cd-doc"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "cd-doc.h"
#include "cd-fs.h"

G_DEFINE_QUARK (cd-doc-error-quark, cd_doc_error)

#define MM(x) ((x) * 72.0 / 25.4)

#define MARGIN_X     MM (20.0)
#define MARGIN_Y     MM (22.0)
#define TEXT_WIDTH   (CD_DOC_PAGE_WIDTH - 2 * MARGIN_X)
#define BODY_TOP     MARGIN_Y
#define BODY_BOTTOM  (CD_DOC_PAGE_HEIGHT - MARGIN_Y)
#define BODY_HEIGHT  (BODY_BOTTOM - BODY_TOP)
#define EPS          0.01

#define MAX_TEXT_BYTES (64 * 1024)

#define SIZE_BODY    10.5 /* 五号 */
#define SIZE_SMALL   9.0  /* 小五 */
#define SIZE_H1      15.0 /* 小三 */
#define SIZE_H2      12.0 /* 小四 */
#define SIZE_TITLE   22.0 /* 二号 */
#define SIZE_RUNNING 8.5

#define QR_SIZE      MM (40.0)
#define QR_QUIET     4
#define SEAL_SIZE    MM (42.0)

#define COLOR_INK       0x1a1a1a
#define COLOR_MUTED     0x6b6b6b
#define COLOR_LABEL     0x4d4d4d
#define COLOR_ALERT     0xb00020
#define COLOR_RULE      0x404040
#define COLOR_GRID      0x9a9a9a
#define COLOR_HEAD_FILL 0xe4e6ea
#define COLOR_HIGHLIGHT 0xfdf0d5

/* Table cells: padding inside the grid. Key/value lists have no grid. */
#define CELL_PAD_X   4.0
#define CELL_PAD_Y   3.0
#define KV_PAD_X     2.0
#define KV_PAD_Y     2.0

typedef enum
{
  FONT_SERIF,
  FONT_SANS,
  FONT_MONO,
} FontKind;

typedef struct
{
  FontKind  kind;
  double    size;
  gboolean  bold;
  gboolean  center;
  guint32   color;
} Style;

typedef enum
{
  BLOCK_TEXT,       /* headings and paragraphs */
  BLOCK_TABLE,      /* tables and key/value lists */
  BLOCK_QR,
  BLOCK_SIGNATURES,
  BLOCK_VSPACE,
  BLOCK_PAGE_BREAK,
} BlockKind;

typedef struct
{
  CdDocRowFlags flags;
  double        height; /* measured, padding included */
} Row;

typedef struct
{
  BlockKind       kind;

  /* BLOCK_TEXT: level 0 is a paragraph; BLOCK_QR: the caption. */
  guint           level;
  CdDocTextFlags  flags;
  const char     *text;

  /* Measured: the height, and for text the bottom of each line. */
  double          height;
  GArray         *line_bottoms; /* double */

  /* BLOCK_TABLE */
  gboolean        kv;
  guint           n_columns;
  const char    **headers;      /* NULL: no header row */
  double         *widths;       /* fractions, normalised */
  GPtrArray      *cells;        /* n_columns per row, const char * */
  GArray         *rows;         /* Row */
  double          header_height;

  /* BLOCK_QR */
  guint8         *modules;      /* width × width, 1 = dark; NULL: failed */
  int             qr_width;

  /* BLOCK_SIGNATURES */
  const char    **roles;
  guint           n_roles;
  const char     *name_label;
  const char     *date_label;
  const char     *seal_label;
  double         *role_heights;

  /* BLOCK_VSPACE */
  double          points;
} Block;

/* One thing drawn on a page. Text and QR/signature blocks use offset and
 * height (a slice of the block's height); tables draw their header row at
 * y when @header, then rows [first_row, last_row), or when @sliced the
 * part [offset, offset + height) of row first_row. */
typedef struct
{
  Block    *block;
  double    y;
  guint     first_row;
  guint     last_row;
  gboolean  header;
  gboolean  sliced;
  gboolean  last_slice;
  double    offset;
  double    height;
} Placed;

/* The last few layouts of long texts: drawing consecutive pages of one
 * long paragraph or tall row lays it out once, not once per page. */
typedef struct
{
  const char                 *text;
  const PangoFontDescription *font;
  double                      width;
  gboolean                    center;
  PangoLayout                *layout;
} LayoutCache;

struct _CdDoc
{
  gboolean              zh;
  char                 *running_title;
  char                 *page_format;
  char                 *watermark;
  char                 *subject;
  char                 *keywords;

  GStringChunk         *strings;
  GPtrArray            *blocks;     /* Block */
  Block                *open_table;

  PangoFontMap         *font_map;
  PangoContext         *context;
  PangoLayout          *measure;
  GHashTable           *fonts;      /* style key → PangoFontDescription */
  PangoAttrList        *attrs;
  LayoutCache           cache[4];
  guint                 cache_next;
  const char           *families[3];

  gboolean              paginated;
  gboolean              failed;
  GPtrArray            *pages;      /* GArray of Placed */
};

/* ---------------------------------------------------------------- text */

static const char *
doc_text (CdDoc      *doc,
          const char *text)
{
  g_autofree char *valid = NULL;
  gsize len;

  if (text == NULL)
    return "";
  len = strlen (text);
  if (!g_utf8_validate (text, len, NULL))
    {
      valid = g_utf8_make_valid (text, len);
      text = valid;
      len = strlen (text);
    }
  if (len > MAX_TEXT_BYTES)
    {
      /* Cut at a character boundary and say so with an ellipsis. */
      const char *end = g_utf8_find_prev_char (text, text + MAX_TEXT_BYTES + 1);
      g_autoptr(GString) cut = g_string_new_len (text, end - text);

      g_string_append (cut, "…");
      return g_string_chunk_insert_len (doc->strings, cut->str, cut->len);
    }
  return g_string_chunk_insert_len (doc->strings, text, len);
}

static const char *
empty_value (CdDoc *doc)
{
  return "—";
}

static const char *
qr_failed_text (CdDoc *doc)
{
  return doc->zh ? "（此二维码无法生成：内容过长或无法编码。）"
                 : "(This QR code could not be generated: the data is too long or cannot be encoded.)";
}

/* @format is the caller's "page %u of %u": substituted by hand, never given
 * to printf, so a translation with a wrong conversion cannot crash. Accepts
 * %u, %d, %1$u, %2$u and %%. */
static char *
format_page_label (const char *format,
                   guint       page,
                   guint       total)
{
  GString *out = g_string_new (NULL);
  const char *p;
  guint n = 0;

  for (p = format; *p != '\0'; p++)
    {
      guint value;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (p[1] == '%')
        {
          g_string_append_c (out, '%');
          p++;
          continue;
        }
      if ((p[1] == '1' || p[1] == '2') && p[2] == '$' && (p[3] == 'u' || p[3] == 'd'))
        {
          value = p[1] == '1' ? page : total;
          p += 3;
        }
      else if (p[1] == 'u' || p[1] == 'd')
        {
          value = n++ == 0 ? page : total;
          p++;
        }
      else
        {
          g_string_append_c (out, '%');
          continue;
        }
      g_string_append_printf (out, "%u", value);
    }
  return g_string_free (out, FALSE);
}

/* --------------------------------------------------------------- fonts */

static const PangoFontDescription *
font_for (CdDoc       *doc,
          const Style *style)
{
  guint key = (guint) style->kind | (style->bold ? 4u : 0u) | ((guint) lround (style->size * 100) << 3);
  PangoFontDescription *desc = g_hash_table_lookup (doc->fonts, GUINT_TO_POINTER (key));

  if (desc == NULL)
    {
      desc = pango_font_description_new ();
      pango_font_description_set_family (desc, doc->families[style->kind]);
      pango_font_description_set_weight (desc, style->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      pango_font_description_set_size (desc, (int) lround (style->size * PANGO_SCALE));
      g_hash_table_insert (doc->fonts, GUINT_TO_POINTER (key), desc);
    }
  return desc;
}

/* Pango 1.50 reshapes the rest of an item at every line break it makes
 * inside it: a long run without a break opportunity (a base64 blob, a
 * hash repeated) costs time quadratic in its length, seconds for 16 KB in
 * a narrow column. A no-op attribute (letter spacing 0) on every other
 * chunk of a long text bounds the items' length, and so the cost, without
 * changing the line breaks or the look. */
#define LONG_TEXT_BYTES 512
#define CHUNK_BYTES     64

static PangoAttrList *
long_text_attrs (const char *text)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  const char *p = text, *start;
  gboolean mark = TRUE;

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  while (*p != '\0')
    {
      start = p;
      while (*p != '\0' && p - start < CHUNK_BYTES)
        p = g_utf8_next_char (p);
      if (mark)
        {
          PangoAttribute *attr = pango_attr_letter_spacing_new (0);

          attr->start_index = start - text;
          attr->end_index = p - text;
          pango_attr_list_insert (attrs, attr);
        }
      mark = !mark;
    }
  return attrs;
}

static void
layout_setup (CdDoc       *doc,
              PangoLayout *layout,
              const Style *style,
              const char  *text,
              double       width)
{
  pango_layout_set_font_description (layout, font_for (doc, style));
  pango_layout_set_width (layout, (int) floor (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, style->center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_set_text (layout, text, -1);
  if (strlen (text) <= LONG_TEXT_BYTES)
    {
      pango_layout_set_attributes (layout, doc->attrs);
    }
  else
    {
      PangoAttrList *attrs = long_text_attrs (text);

      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
}

static PangoLayout *
make_layout (CdDoc       *doc,
             const Style *style,
             const char  *text,
             double       width)
{
  PangoLayout *layout = pango_layout_new (doc->context);

  layout_setup (doc, layout, style, text, width);
  return layout;
}

static PangoLayout *
flow_layout (CdDoc       *doc,
             const Style *style,
             const char  *text,
             double       width)
{
  const PangoFontDescription *font;
  LayoutCache *slot;
  guint i;

  if (strlen (text) <= LONG_TEXT_BYTES)
    return make_layout (doc, style, text, width);
  font = font_for (doc, style);
  for (i = 0; i < G_N_ELEMENTS (doc->cache); i++)
    {
      slot = &doc->cache[i];
      if (slot->layout != NULL && slot->text == text && slot->font == font &&
          slot->width == width && slot->center == style->center)
        return g_object_ref (slot->layout);
    }
  slot = &doc->cache[doc->cache_next];
  doc->cache_next = (doc->cache_next + 1) % G_N_ELEMENTS (doc->cache);
  g_clear_object (&slot->layout);
  slot->text = text;
  slot->font = font;
  slot->width = width;
  slot->center = style->center;
  slot->layout = make_layout (doc, style, text, width);
  return g_object_ref (slot->layout);
}

static double
measure_text (CdDoc       *doc,
              const Style *style,
              const char  *text,
              double       width)
{
  int h;

  layout_setup (doc, doc->measure, style, text, width);
  pango_layout_get_size (doc->measure, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static void
set_color (cairo_t *cr,
           guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* Draws the lines of @layout that fall in [offset, offset + height) of it,
 * the layout's top at @y - @offset. Lines outside are not drawn at all (a
 * clip would hide them but leave their text in the PDF). */
static void
draw_layout_part (cairo_t     *cr,
                  PangoLayout *layout,
                  double       x,
                  double       y,
                  double       offset,
                  double       height)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      int y0, y1;
      double top, bottom;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      top = (double) y0 / PANGO_SCALE;
      bottom = (double) y1 / PANGO_SCALE;
      if (top >= offset + height - EPS)
        break;
      if (bottom <= offset + EPS)
        continue;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      cairo_move_to (cr, x + (double) logical.x / PANGO_SCALE,
                     y - offset + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE);
      pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

/* -------------------------------------------------------------- blocks */

static void
block_free (gpointer data)
{
  Block *b = data;

  g_clear_pointer (&b->line_bottoms, g_array_unref);
  g_free (b->headers);
  g_free (b->widths);
  g_clear_pointer (&b->cells, g_ptr_array_unref);
  g_clear_pointer (&b->rows, g_array_unref);
  g_free (b->modules);
  g_free (b->roles);
  g_free (b->role_heights);
  g_free (b);
}

static Block *
doc_add (CdDoc     *doc,
         BlockKind  kind)
{
  Block *b = g_new0 (Block, 1);

  doc->open_table = NULL;
  doc->paginated = FALSE;
  b->kind = kind;
  g_ptr_array_add (doc->blocks, b);
  return b;
}

static void
text_style (const Block *b,
            Style       *style)
{
  CdDocTextFlags f = b->flags;

  memset (style, 0, sizeof *style);
  style->color = COLOR_INK;
  style->center = (f & CD_DOC_TEXT_CENTER) != 0;
  if (b->level > 0)
    {
      style->kind = FONT_SANS;
      style->bold = TRUE;
      style->size = b->level == 1 ? SIZE_H1 : b->level == 2 ? SIZE_H2 : SIZE_BODY;
      return;
    }
  if (f & CD_DOC_TEXT_TITLE)
    {
      style->kind = FONT_SANS;
      style->bold = TRUE;
      style->size = SIZE_TITLE;
    }
  else
    {
      style->kind = (f & CD_DOC_TEXT_MONOSPACE) ? FONT_MONO : FONT_SERIF;
      style->bold = (f & CD_DOC_TEXT_BOLD) != 0;
      style->size = (f & CD_DOC_TEXT_SMALL) ? SIZE_SMALL : SIZE_BODY;
      /* The CJK monospace font is wide and dark: a notch smaller. */
      if (style->kind == FONT_MONO)
        style->size -= 1.0;
    }
  if (f & CD_DOC_TEXT_ALERT)
    style->color = COLOR_ALERT;
  else if (f & CD_DOC_TEXT_MUTED)
    style->color = COLOR_MUTED;
}

/* Space above and below a text block; above is dropped at a page's top. */
static void
text_spacing (const Block *b,
              double      *before,
              double      *after)
{
  if (b->level == 1)
    *before = 16, *after = 8;
  else if (b->level >= 2)
    *before = 10, *after = 5;
  else if (b->flags & CD_DOC_TEXT_TITLE)
    *before = 0, *after = 14;
  else if (b->flags & CD_DOC_TEXT_SMALL)
    *before = 0, *after = 4;
  else
    *before = 0, *after = 6;
}

/* The rule under a level-1 heading: its gap and width, part of its height. */
#define H1_RULE_SPACE 5.0

static void
cell_style (const Block   *b,
            guint          column,
            gboolean       header,
            CdDocRowFlags  flags,
            Style         *style)
{
  memset (style, 0, sizeof *style);
  style->color = COLOR_INK;
  if (b->kv)
    {
      if (column == 0)
        {
          style->kind = FONT_SANS;
          style->size = SIZE_SMALL + 0.5;
          style->color = COLOR_LABEL;
        }
      else
        {
          style->kind = FONT_SERIF;
          style->size = SIZE_BODY;
        }
      return;
    }
  style->size = SIZE_SMALL;
  if (header)
    {
      style->kind = FONT_SANS;
      style->bold = TRUE;
      return;
    }
  style->kind = FONT_SERIF;
  style->bold = (flags & CD_DOC_ROW_BOLD) != 0;
  if (flags & CD_DOC_ROW_ALERT)
    style->color = COLOR_ALERT;
}

static double
column_x (const Block *b,
          guint        column)
{
  double x = MARGIN_X;
  guint i;

  for (i = 0; i < column; i++)
    x += b->widths[i] * TEXT_WIDTH;
  return x;
}

static double
pad_x (const Block *b)
{
  return b->kv ? KV_PAD_X : CELL_PAD_X;
}

static double
pad_y (const Block *b)
{
  return b->kv ? KV_PAD_Y : CELL_PAD_Y;
}

static double
cell_text_width (const Block *b,
                 guint        column)
{
  return b->widths[column] * TEXT_WIDTH - 2 * pad_x (b);
}

static const char *
cell_text (const Block *b,
           guint        row,
           guint        column)
{
  return g_ptr_array_index (b->cells, (gsize) row * b->n_columns + column);
}

/* ---------------------------------------------------------- public: add */

CdDoc *
cd_doc_new (const char *language,
            const char *running_title,
            const char *page_format)
{
  CdDoc *doc = g_new0 (CdDoc, 1);
  cairo_font_options_t *options;

  doc->zh = language == NULL || g_str_has_prefix (language, "zh");
  doc->running_title = g_strdup (running_title != NULL ? running_title : "");
  doc->page_format = g_strdup (page_format != NULL ? page_format : "%u / %u");
  doc->strings = g_string_chunk_new (64 * 1024);
  doc->blocks = g_ptr_array_new_with_free_func (block_free);
  doc->fonts = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) pango_font_description_free);

  /* Names the families explicitly so output does not depend on
   * fontconfig's defaults; the CJK faces follow the Latin ones because
   * English reports still carry Chinese company names. */
  if (doc->zh)
    {
      doc->families[FONT_SERIF] = "Noto Serif CJK SC, Source Han Serif SC, serif";
      doc->families[FONT_SANS] = "Noto Sans CJK SC, Source Han Sans SC, sans-serif";
    }
  else
    {
      doc->families[FONT_SERIF] = "Noto Serif, Noto Serif CJK SC, Source Han Serif SC, serif";
      doc->families[FONT_SANS] = "Noto Sans, Noto Sans CJK SC, Source Han Sans SC, sans-serif";
    }
  doc->families[FONT_MONO] = "Noto Sans Mono CJK SC, Noto Sans Mono, monospace";

  /* A font map of our own (the default one is per thread), points as
   * units, no hinting and unrounded positions: the same line breaks on
   * every device. */
  doc->font_map = pango_cairo_font_map_new ();
  doc->context = pango_font_map_create_context (doc->font_map);
  pango_cairo_context_set_resolution (doc->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (doc->context, FALSE);
  pango_context_set_language (doc->context, pango_language_from_string (doc->zh ? "zh-cn" : "en"));
  doc->measure = pango_layout_new (doc->context);
  /* No hyphen where a word breaks: a hash or an account number with a
   * hyphen pango added would be a different value. */
  doc->attrs = pango_attr_list_new ();
  pango_attr_list_insert (doc->attrs, pango_attr_insert_hyphens_new (FALSE));

  return doc;
}

static void
clear_pages (CdDoc *doc)
{
  g_clear_pointer (&doc->pages, g_ptr_array_unref);
}

void
cd_doc_free (CdDoc *doc)
{
  guint i;

  if (doc == NULL)
    return;
  clear_pages (doc);
  for (i = 0; i < G_N_ELEMENTS (doc->cache); i++)
    g_clear_object (&doc->cache[i].layout);
  g_ptr_array_unref (doc->blocks);
  g_string_chunk_free (doc->strings);
  g_clear_object (&doc->measure);
  g_clear_object (&doc->context);
  g_clear_object (&doc->font_map);
  g_hash_table_unref (doc->fonts);
  pango_attr_list_unref (doc->attrs);
  g_free (doc->running_title);
  g_free (doc->page_format);
  g_free (doc->watermark);
  g_free (doc->subject);
  g_free (doc->keywords);
  g_free (doc);
}

void
cd_doc_set_watermark (CdDoc      *doc,
                      const char *text)
{
  g_return_if_fail (doc != NULL);

  g_clear_pointer (&doc->watermark, g_free);
  if (text != NULL && *text != '\0')
    doc->watermark = g_strdup (doc_text (doc, text));
}

void
cd_doc_set_metadata (CdDoc      *doc,
                     const char *subject,
                     const char *keywords)
{
  g_return_if_fail (doc != NULL);

  g_free (doc->subject);
  g_free (doc->keywords);
  doc->subject = g_strdup (subject);
  doc->keywords = g_strdup (keywords);
}

void
cd_doc_heading (CdDoc      *doc,
                guint       level,
                const char *text)
{
  Block *b;

  g_return_if_fail (doc != NULL);

  b = doc_add (doc, BLOCK_TEXT);
  b->level = CLAMP (level, 1, 3);
  b->text = doc_text (doc, text);
}

void
cd_doc_paragraph (CdDoc          *doc,
                  CdDocTextFlags  flags,
                  const char     *text)
{
  Block *b;

  g_return_if_fail (doc != NULL);

  b = doc_add (doc, BLOCK_TEXT);
  b->flags = flags;
  b->text = doc_text (doc, text);
}

static Block *
table_block (CdDoc              *doc,
             guint               n_columns,
             const char *const  *headers,
             const double       *widths)
{
  Block *b = doc_add (doc, BLOCK_TABLE);
  double sum = 0;
  guint i;

  b->n_columns = n_columns;
  b->widths = g_new0 (double, n_columns);
  for (i = 0; i < n_columns; i++)
    {
      b->widths[i] = widths != NULL && widths[i] > 0 ? widths[i] : 1.0 / n_columns;
      sum += b->widths[i];
    }
  for (i = 0; i < n_columns; i++)
    b->widths[i] /= sum;
  if (headers != NULL)
    {
      b->headers = g_new0 (const char *, n_columns);
      for (i = 0; i < n_columns; i++)
        b->headers[i] = doc_text (doc, headers[i]);
    }
  b->cells = g_ptr_array_new ();
  b->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  return b;
}

void
cd_doc_key_values (CdDoc             *doc,
                   const char *const *pairs)
{
  static const double widths[2] = { 0.3, 0.7 };
  Block *b;
  guint i;

  g_return_if_fail (doc != NULL);

  b = table_block (doc, 2, NULL, widths);
  b->kv = TRUE;
  /* The list ends at a NULL label; a NULL value is a missing one. */
  for (i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
    {
      Row row = { CD_DOC_ROW_NORMAL, 0 };
      const char *value = pairs[i + 1];

      g_ptr_array_add (b->cells, (gpointer) doc_text (doc, pairs[i]));
      g_ptr_array_add (b->cells, (gpointer) (value != NULL && *value != '\0' ? doc_text (doc, value)
                                                                              : empty_value (doc)));
      g_array_append_val (b->rows, row);
    }
}

void
cd_doc_table_begin (CdDoc             *doc,
                    guint              n_columns,
                    const char *const *headers,
                    const double      *widths)
{
  g_return_if_fail (doc != NULL);
  g_return_if_fail (n_columns > 0);

  doc->open_table = table_block (doc, n_columns, headers, widths);
}

void
cd_doc_table_row (CdDoc             *doc,
                  CdDocRowFlags      flags,
                  const char *const *cells)
{
  Block *b;
  Row row = { flags, 0 };
  guint i;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (doc->open_table != NULL);

  b = doc->open_table;
  for (i = 0; i < b->n_columns; i++)
    g_ptr_array_add (b->cells, (gpointer) (cells != NULL ? doc_text (doc, cells[i]) : ""));
  g_array_append_val (b->rows, row);
  doc->paginated = FALSE;
}

void
cd_doc_table_end (CdDoc *doc)
{
  g_return_if_fail (doc != NULL);

  doc->open_table = NULL;
}

void
cd_doc_qr (CdDoc      *doc,
           const char *payload,
           const char *caption)
{
  Block *b;
  QRcode *qr;

  g_return_if_fail (doc != NULL);

  b = doc_add (doc, BLOCK_QR);
  b->text = doc_text (doc, caption);
  qr = payload != NULL && *payload != '\0' ? QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M) : NULL;
  if (qr != NULL)
    {
      gsize i, n = (gsize) qr->width * qr->width;

      b->qr_width = qr->width;
      b->modules = g_malloc (n);
      for (i = 0; i < n; i++)
        b->modules[i] = qr->data[i] & 1;
      QRcode_free (qr);
    }
}

void
cd_doc_signatures (CdDoc             *doc,
                   const char *const *roles,
                   const char        *name_label,
                   const char        *date_label,
                   const char        *seal_label)
{
  Block *b;
  guint i;

  g_return_if_fail (doc != NULL);

  b = doc_add (doc, BLOCK_SIGNATURES);
  b->n_roles = roles != NULL ? g_strv_length ((char **) roles) : 0;
  b->roles = g_new0 (const char *, b->n_roles + 1);
  for (i = 0; i < b->n_roles; i++)
    b->roles[i] = doc_text (doc, roles[i]);
  b->name_label = doc_text (doc, name_label);
  b->date_label = doc_text (doc, date_label);
  b->seal_label = doc_text (doc, seal_label);
}

void
cd_doc_vspace (CdDoc  *doc,
               double  points)
{
  Block *b;

  g_return_if_fail (doc != NULL);

  b = doc_add (doc, BLOCK_VSPACE);
  b->points = CLAMP (points, 0, BODY_HEIGHT);
}

void
cd_doc_page_break (CdDoc *doc)
{
  g_return_if_fail (doc != NULL);

  doc_add (doc, BLOCK_PAGE_BREAK);
}

/* ------------------------------------------------------------ measuring */

static void
measure_text_block (CdDoc *doc,
                    Block *b)
{
  Style style;
  PangoLayoutIter *iter;
  int h;

  text_style (b, &style);
  layout_setup (doc, doc->measure, &style, b->text, TEXT_WIDTH);
  pango_layout_get_size (doc->measure, NULL, &h);
  b->height = (double) h / PANGO_SCALE;
  if (b->line_bottoms == NULL)
    b->line_bottoms = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_set_size (b->line_bottoms, 0);
  iter = pango_layout_get_iter (doc->measure);
  do
    {
      int y0, y1;
      double bottom;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      bottom = (double) y1 / PANGO_SCALE;
      g_array_append_val (b->line_bottoms, bottom);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  if (b->level == 1)
    {
      b->height += H1_RULE_SPACE;
      g_array_index (b->line_bottoms, double, b->line_bottoms->len - 1) += H1_RULE_SPACE;
    }
}

static void
measure_table (CdDoc *doc,
               Block *b)
{
  /* Tables repeat values (a category, a date, a status): heights are
   * cached per column and text so a 10,000-row appendix shapes each
   * distinct cell once. */
  g_autoptr(GPtrArray) caches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  guint r, c;

  for (c = 0; c < b->n_columns; c++)
    g_ptr_array_add (caches, g_hash_table_new (g_str_hash, g_str_equal));

  b->header_height = 0;
  if (b->headers != NULL)
    {
      Style style;

      for (c = 0; c < b->n_columns; c++)
        {
          cell_style (b, c, TRUE, 0, &style);
          b->header_height = MAX (b->header_height,
                                  measure_text (doc, &style, b->headers[c], cell_text_width (b, c)));
        }
      b->header_height += 2 * pad_y (b);
    }

  for (r = 0; r < b->rows->len; r++)
    {
      Row *row = &g_array_index (b->rows, Row, r);
      double h = 0;

      for (c = 0; c < b->n_columns; c++)
        {
          const char *text = cell_text (b, r, c);
          GHashTable *cache = g_ptr_array_index (caches, c);
          double ch;
          gpointer cached;
          Style style;

          /* The bold flag changes widths; cache only the regular face. */
          if (!(row->flags & CD_DOC_ROW_BOLD) &&
              (cached = g_hash_table_lookup (cache, text)) != NULL)
            {
              ch = GPOINTER_TO_UINT (cached) / 1024.0;
            }
          else
            {
              cell_style (b, c, FALSE, row->flags, &style);
              ch = measure_text (doc, &style, text, cell_text_width (b, c));
              if (!(row->flags & CD_DOC_ROW_BOLD))
                g_hash_table_insert (cache, (gpointer) text, GUINT_TO_POINTER ((guint) ceil (ch * 1024.0)));
              ch = ceil (ch * 1024.0) / 1024.0;
            }
          h = MAX (h, ch);
        }
      row->height = h + 2 * pad_y (b);
    }
}

static double
qr_caption_width (void)
{
  return TEXT_WIDTH - QR_SIZE - 12;
}

static void
measure_qr (CdDoc *doc,
            Block *b)
{
  Style style = { FONT_SERIF, SIZE_BODY, FALSE, FALSE, COLOR_INK };
  g_autofree char *text = NULL;

  if (b->modules == NULL)
    {
      text = g_strdup_printf ("%s\n%s", qr_failed_text (doc), b->text);
      b->height = measure_text (doc, &style, text, TEXT_WIDTH);
    }
  else
    {
      b->height = MAX (QR_SIZE, measure_text (doc, &style, b->text, qr_caption_width ()));
    }
}

/* The signature block: roles on the left, each on a row with a name line
 * and a date line; the seal box at the right. */
#define SIG_ROW_MIN   46.0
#define SIG_GAP       18.0
#define SIG_LEFT      (TEXT_WIDTH - SEAL_SIZE - SIG_GAP)
#define SIG_ROLE_W    (SIG_LEFT * 0.26)

static void
sig_styles (Style *role,
            Style *label)
{
  *role = (Style) { FONT_SANS, SIZE_BODY, TRUE, FALSE, COLOR_INK };
  *label = (Style) { FONT_SERIF, SIZE_BODY, FALSE, FALSE, COLOR_INK };
}

static void
measure_signatures (CdDoc *doc,
                    Block *b)
{
  Style role, label;
  double total = 0;
  guint i;

  sig_styles (&role, &label);
  g_free (b->role_heights);
  b->role_heights = g_new0 (double, b->n_roles + 1);
  for (i = 0; i < b->n_roles; i++)
    {
      double h = measure_text (doc, &role, b->roles[i], SIG_ROLE_W - 8);

      b->role_heights[i] = MAX (SIG_ROW_MIN, h + 22);
      total += b->role_heights[i];
    }
  b->height = MAX (total, SEAL_SIZE + 16);
}

/* ----------------------------------------------------------- paginating */

typedef struct
{
  CdDoc     *doc;
  GArray    *page;      /* the current page's Placed items */
  double     y;
  gboolean   automatic; /* the current page began because the last was full */
  GError   **error;
} Pager;

static gboolean
pager_new_page (Pager    *p,
                gboolean  automatic)
{
  if (p->doc->pages->len >= CD_DOC_MAX_PAGES)
    {
      g_set_error (p->error, CD_DOC_ERROR, CD_DOC_ERROR_TOO_LARGE,
                   _("The document would have more than %u pages; export fewer records at a time"),
                   (guint) CD_DOC_MAX_PAGES);
      return FALSE;
    }
  p->page = g_array_new (FALSE, TRUE, sizeof (Placed));
  g_ptr_array_add (p->doc->pages, p->page);
  p->y = BODY_TOP;
  p->automatic = automatic;
  return TRUE;
}

static gboolean
pager_at_top (Pager *p)
{
  return p->y <= BODY_TOP + EPS;
}

static guint
pager_place (Pager  *p,
             Placed *item)
{
  g_array_append_val (p->page, *item);
  return p->page->len - 1;
}

static gboolean
block_too_large (Pager *p)
{
  g_set_error_literal (p->error, CD_DOC_ERROR, CD_DOC_ERROR_TOO_LARGE,
                       _("A QR code or signature block is taller than a page; shorten its text"));
  return FALSE;
}

/* Headings, and paragraphs asked to, go on the page of what follows. */
static gboolean
keeps_with_next (const Block *b)
{
  return b->level > 0 || (b->flags & CD_DOC_TEXT_KEEP_WITH_NEXT) != 0;
}

/* How much of the block at @i must follow a heading onto its page. */
static double
lead_of (CdDoc *doc,
         guint  i,
         guint  depth)
{
  Block *b;
  double before, after;

  if (i >= doc->blocks->len || depth > 4)
    return 0;
  b = g_ptr_array_index (doc->blocks, i);
  switch (b->kind)
    {
    case BLOCK_TEXT:
      text_spacing (b, &before, &after);
      if (keeps_with_next (b))
        return MIN (BODY_HEIGHT / 2, before + b->height + after + lead_of (doc, i + 1, depth + 1));
      return before + g_array_index (b->line_bottoms, double, MIN (1u, b->line_bottoms->len - 1));
    case BLOCK_TABLE:
      return 4 + b->header_height +
             (b->rows->len > 0 ? MIN (g_array_index (b->rows, Row, 0).height, BODY_HEIGHT / 3) : 0);
    case BLOCK_QR:
    case BLOCK_SIGNATURES:
      return 6 + b->height;
    case BLOCK_VSPACE:
    case BLOCK_PAGE_BREAK:
    default:
      return 0;
    }
}

static gboolean
place_text (Pager *p,
            Block *b,
            guint  index)
{
  GArray *bottoms = b->line_bottoms;
  double before, after, lead = 0, offset = 0;
  guint line = 0;

  text_spacing (b, &before, &after);
  if (keeps_with_next (b))
    lead = after + lead_of (p->doc, index + 1, 0);
  if (!pager_at_top (p))
    {
      double first = g_array_index (bottoms, double, MIN (1u, bottoms->len - 1));

      /* A heading (or a paragraph kept with the next) goes where its
       * text and the start of what follows fit; a paragraph where at
       * least two of its lines fit. */
      if (p->y + before + (keeps_with_next (b) ? MIN (b->height, BODY_HEIGHT / 2) : first) + lead >
          BODY_BOTTOM + EPS)
        {
          if (!pager_new_page (p, TRUE))
            return FALSE;
        }
      else
        p->y += before;
    }

  while (line < bottoms->len)
    {
      Placed item = { b, p->y, 0, 0, FALSE, TRUE, FALSE, offset, 0 };
      guint end = line;

      while (end < bottoms->len &&
             g_array_index (bottoms, double, end) - offset <= BODY_BOTTOM - p->y + EPS)
        end++;
      if (end == line)
        {
          if (!pager_at_top (p))
            {
              if (!pager_new_page (p, TRUE))
                return FALSE;
              continue;
            }
          end = line + 1; /* a line taller than a page: cannot happen with real fonts */
        }
      item.height = g_array_index (bottoms, double, end - 1) - offset;
      item.last_slice = end == bottoms->len;
      pager_place (p, &item);
      p->y += item.height;
      offset += item.height;
      line = end;
      if (line < bottoms->len && !pager_new_page (p, TRUE))
        return FALSE;
    }
  p->y += after;
  return TRUE;
}

/* Where to end the part of row @r that begins at @start and may reach
 * @limit (row coordinates, padding included): the lowest line boundary of
 * all cells at or above @limit, so no cell's line is cut. */
static double
find_cut (PangoLayout **layouts,
          guint         n,
          double        pad,
          double        start,
          double        limit)
{
  double cut = limit;
  gboolean changed = TRUE;
  guint i;

  while (changed)
    {
      changed = FALSE;
      for (i = 0; i < n; i++)
        {
          PangoLayoutIter *iter = pango_layout_get_iter (layouts[i]);

          do
            {
              int y0, y1;
              double top, bottom;

              pango_layout_iter_get_line_yrange (iter, &y0, &y1);
              top = pad + (double) y0 / PANGO_SCALE;
              bottom = pad + (double) y1 / PANGO_SCALE;
              if (top < cut - EPS && bottom > cut + EPS)
                {
                  cut = top;
                  changed = TRUE;
                }
            }
          while (pango_layout_iter_next_line (iter));
          pango_layout_iter_free (iter);
        }
    }
  return cut > start + EPS ? cut : limit;
}

static PangoLayout **
row_layouts (CdDoc *doc,
             Block *b,
             guint  r)
{
  PangoLayout **layouts = g_new0 (PangoLayout *, b->n_columns);
  Row *row = &g_array_index (b->rows, Row, r);
  guint c;

  for (c = 0; c < b->n_columns; c++)
    {
      Style style;

      cell_style (b, c, FALSE, row->flags, &style);
      layouts[c] = flow_layout (doc, &style, cell_text (b, r, c), cell_text_width (b, c));
    }
  return layouts;
}

static void
free_layouts (PangoLayout **layouts,
              guint         n)
{
  guint i;

  for (i = 0; i < n; i++)
    g_object_unref (layouts[i]);
  g_free (layouts);
}

/* A row taller than a page: split between lines over as many pages as it
 * needs, each part under the table's header row. @need_header: the
 * table's header row is not on this page yet. */
static gboolean
place_tall_row (Pager    *p,
                Block    *b,
                guint     r,
                gboolean  need_header)
{
  Row *row = &g_array_index (b->rows, Row, r);
  PangoLayout **layouts = row_layouts (p->doc, b, r);
  double start = 0, hh = b->header_height;
  gboolean ok = TRUE;

  /* Less than a quarter page left: begin on the next. */
  if (BODY_BOTTOM - p->y - (need_header ? hh : 0) < BODY_HEIGHT / 4)
    {
      ok = pager_new_page (p, TRUE);
      need_header = TRUE;
    }
  while (ok && start < row->height - EPS)
    {
      Placed item = { b, p->y, r, r + 1, FALSE, TRUE, FALSE, start, 0 };
      double cut;

      if (need_header && hh > 0)
        {
          item.header = TRUE;
          p->y += hh;
        }
      cut = find_cut (layouts, b->n_columns, pad_y (b), start, start + (BODY_BOTTOM - p->y));
      /* Every line in: the rest is the bottom padding, kept if it fits. */
      if (cut >= row->height - pad_y (b) - EPS)
        cut = MIN (row->height, start + (BODY_BOTTOM - p->y));
      item.height = cut - start;
      item.last_slice = cut >= row->height - pad_y (b) - EPS;
      pager_place (p, &item);
      p->y += item.height;
      start = item.last_slice ? row->height : cut;
      if (start < row->height - EPS)
        {
          ok = pager_new_page (p, TRUE);
          need_header = TRUE;
        }
    }
  free_layouts (layouts, b->n_columns);
  return ok;
}

static gboolean
place_table (Pager *p,
             Block *b)
{
  double before = b->kv ? 0 : 4, after = b->kv ? 8 : 10;
  double hh = b->header_height;
  guint current = G_MAXUINT;
  gboolean need_header = TRUE;
  guint r;

  if (!pager_at_top (p))
    p->y += before;
  if (b->rows->len == 0 && hh <= 0)
    return TRUE;

  /* Never the header alone at the bottom of a page. */
  if (!pager_at_top (p) &&
      p->y + hh + (b->rows->len > 0 ? MIN (g_array_index (b->rows, Row, 0).height, BODY_HEIGHT / 4) : 0) >
        BODY_BOTTOM + EPS)
    {
      if (!pager_new_page (p, TRUE))
        return FALSE;
    }

  for (r = 0; r < b->rows->len; r++)
    {
      double rh = g_array_index (b->rows, Row, r).height;
      double top = need_header ? hh : 0;

      if (current != G_MAXUINT && p->y + rh <= BODY_BOTTOM + EPS)
        {
          g_array_index (p->page, Placed, current).last_row = r + 1;
          p->y += rh;
          continue;
        }
      if (current == G_MAXUINT && p->y + top + rh <= BODY_BOTTOM + EPS)
        {
          Placed item = { b, p->y, r, r + 1, need_header && hh > 0, FALSE, TRUE, 0, 0 };

          current = pager_place (p, &item);
          p->y += top + rh;
          need_header = FALSE;
          continue;
        }
      if (rh + hh <= BODY_HEIGHT + EPS)
        {
          Placed item = { b, BODY_TOP, r, r + 1, hh > 0, FALSE, TRUE, 0, 0 };

          if (!pager_new_page (p, TRUE))
            return FALSE;
          current = pager_place (p, &item);
          p->y += hh + rh;
          need_header = FALSE;
          continue;
        }
      if (!place_tall_row (p, b, r, need_header))
        return FALSE;
      current = G_MAXUINT;
      need_header = FALSE;
    }
  if (b->rows->len == 0)
    {
      Placed item = { b, p->y, 0, 0, TRUE, FALSE, TRUE, 0, 0 };

      pager_place (p, &item);
      p->y += hh;
    }
  p->y += after;
  return TRUE;
}

static gboolean
place_whole (Pager *p,
             Block *b)
{
  Placed item = { b, 0, 0, 0, FALSE, FALSE, TRUE, 0, b->height };
  double before = b->kind == BLOCK_SIGNATURES ? 20 : 8, after = 10;

  if (b->height > BODY_HEIGHT + EPS)
    return block_too_large (p);
  if (!pager_at_top (p))
    {
      if (p->y + before + b->height > BODY_BOTTOM + EPS)
        {
          if (!pager_new_page (p, TRUE))
            return FALSE;
        }
      else
        p->y += before;
    }
  item.y = p->y;
  pager_place (p, &item);
  p->y += b->height + after;
  return TRUE;
}

/**
 * cd_doc_paginate:
 * @doc: a document
 * @error: return location for a #GError
 *
 * Measures every block and assigns it to pages.
 *
 * Returns: the page count; 0 with @error set (%CD_DOC_ERROR_TOO_LARGE for
 *   more than %CD_DOC_MAX_PAGES pages or a block that must stay on one page
 *   and cannot)
 */
guint
cd_doc_paginate (CdDoc   *doc,
                 GError **error)
{
  Pager p = { doc, NULL, 0, FALSE, error };
  gboolean ok = TRUE;
  guint i;

  g_return_val_if_fail (doc != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  clear_pages (doc);
  doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  doc->paginated = TRUE;
  doc->failed = FALSE;

  for (i = 0; i < doc->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (doc->blocks, i);

      switch (b->kind)
        {
        case BLOCK_TEXT:
          measure_text_block (doc, b);
          break;
        case BLOCK_TABLE:
          measure_table (doc, b);
          break;
        case BLOCK_QR:
          measure_qr (doc, b);
          break;
        case BLOCK_SIGNATURES:
          measure_signatures (doc, b);
          break;
        case BLOCK_VSPACE:
        case BLOCK_PAGE_BREAK:
        default:
          break;
        }
    }

  pager_new_page (&p, FALSE);
  for (i = 0; ok && i < doc->blocks->len; i++)
    {
      Block *b = g_ptr_array_index (doc->blocks, i);

      switch (b->kind)
        {
        case BLOCK_TEXT:
          ok = place_text (&p, b, i);
          break;
        case BLOCK_TABLE:
          ok = place_table (&p, b);
          break;
        case BLOCK_QR:
        case BLOCK_SIGNATURES:
          ok = place_whole (&p, b);
          break;
        case BLOCK_VSPACE:
          /* Not at the top of a page the flow began by itself. */
          if (pager_at_top (&p) && p.automatic)
            break;
          p.y += b->points;
          if (p.y > BODY_BOTTOM + EPS)
            ok = pager_new_page (&p, TRUE);
          break;
        case BLOCK_PAGE_BREAK:
          /* An explicit break ends the page, even an empty one (a blank
           * page asked for), but not one the flow just began. */
          if (!(pager_at_top (&p) && p.automatic && p.page->len == 0))
            ok = pager_new_page (&p, FALSE);
          break;
        default:
          break;
        }
    }

  if (!ok)
    {
      clear_pages (doc);
      doc->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      doc->failed = TRUE;
      return 0;
    }

  /* No blank page at the end. */
  while (doc->pages->len > 1 &&
         ((GArray *) g_ptr_array_index (doc->pages, doc->pages->len - 1))->len == 0)
    g_ptr_array_remove_index (doc->pages, doc->pages->len - 1);

  return doc->pages->len;
}

guint
cd_doc_get_n_pages (CdDoc *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  if (!doc->paginated)
    cd_doc_paginate (doc, NULL);
  return doc->pages != NULL ? doc->pages->len : 0;
}

/* -------------------------------------------------------------- drawing */

static void
draw_text_item (CdDoc        *doc,
                cairo_t      *cr,
                const Placed *item)
{
  Block *b = item->block;
  g_autoptr(PangoLayout) layout = NULL;
  Style style;

  text_style (b, &style);
  layout = flow_layout (doc, &style, b->text, TEXT_WIDTH);
  set_color (cr, style.color);
  draw_layout_part (cr, layout, MARGIN_X, item->y, item->offset, item->height);
  if (b->level == 1 && item->last_slice)
    {
      double y = item->y + item->height - H1_RULE_SPACE + 2.5;

      set_color (cr, COLOR_RULE);
      cairo_set_line_width (cr, 0.8);
      cairo_move_to (cr, MARGIN_X, y);
      cairo_line_to (cr, MARGIN_X + TEXT_WIDTH, y);
      cairo_stroke (cr);
    }
}

/* Draws part [offset, offset + height) of a row (the header row when
 * @r is G_MAXUINT) with its top at @y. */
static void
draw_row (CdDoc   *doc,
          cairo_t *cr,
          Block   *b,
          guint    r,
          double   y,
          double   offset,
          double   height)
{
  gboolean header = r == G_MAXUINT;
  CdDocRowFlags flags = header ? 0 : g_array_index (b->rows, Row, r).flags;
  double label_shift = 0;
  guint c;

  /* A key/value label is smaller than its value: on the value's baseline. */
  if (b->kv && !header)
    {
      g_autoptr(PangoLayout) label = NULL;
      g_autoptr(PangoLayout) value = NULL;
      Style style;

      cell_style (b, 0, FALSE, flags, &style);
      label = flow_layout (doc, &style, cell_text (b, r, 0), cell_text_width (b, 0));
      cell_style (b, 1, FALSE, flags, &style);
      value = flow_layout (doc, &style, cell_text (b, r, 1), cell_text_width (b, 1));
      label_shift = MAX (0, (double) (pango_layout_get_baseline (value) -
                                      pango_layout_get_baseline (label)) / PANGO_SCALE);
    }

  if (header || (flags & CD_DOC_ROW_HIGHLIGHT))
    {
      set_color (cr, header ? COLOR_HEAD_FILL : COLOR_HIGHLIGHT);
      cairo_rectangle (cr, MARGIN_X, y, TEXT_WIDTH, height);
      cairo_fill (cr);
    }

  for (c = 0; c < b->n_columns; c++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      double x = column_x (b, c);
      Style style;

      cell_style (b, c, header, flags, &style);
      layout = flow_layout (doc, &style, header ? b->headers[c] : cell_text (b, r, c),
                            cell_text_width (b, c));
      cairo_save (cr);
      cairo_rectangle (cr, x, y, b->widths[c] * TEXT_WIDTH, height);
      cairo_clip (cr);
      set_color (cr, style.color);
      /* Lines are in row coordinates, below the top padding. */
      draw_layout_part (cr, layout, x + pad_x (b), y + (c == 0 ? label_shift : 0),
                        offset - pad_y (b), height);
      cairo_restore (cr);
    }

  if (!b->kv)
    {
      set_color (cr, COLOR_GRID);
      cairo_set_line_width (cr, 0.5);
      for (c = 0; c < b->n_columns; c++)
        cairo_rectangle (cr, column_x (b, c), y, b->widths[c] * TEXT_WIDTH, height);
      cairo_stroke (cr);
    }
}

static void
draw_table_item (CdDoc        *doc,
                 cairo_t      *cr,
                 const Placed *item)
{
  Block *b = item->block;
  double y = item->y;
  guint r;

  if (item->header && b->headers != NULL)
    {
      draw_row (doc, cr, b, G_MAXUINT, y, 0, b->header_height);
      y += b->header_height;
    }
  if (item->sliced)
    {
      draw_row (doc, cr, b, item->first_row, y, item->offset, item->height);
      return;
    }
  for (r = item->first_row; r < item->last_row; r++)
    {
      double rh = g_array_index (b->rows, Row, r).height;

      draw_row (doc, cr, b, r, y, 0, rh);
      y += rh;
    }
}

static void
draw_qr_item (CdDoc        *doc,
              cairo_t      *cr,
              const Placed *item)
{
  Block *b = item->block;
  Style style = { FONT_SERIF, SIZE_BODY, FALSE, FALSE, COLOR_INK };
  g_autoptr(PangoLayout) layout = NULL;
  double module, x0, y0, caption_h;
  int w, x, y;

  if (b->modules == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", qr_failed_text (doc), b->text);

      style.color = COLOR_ALERT;
      layout = make_layout (doc, &style, text, TEXT_WIDTH);
      set_color (cr, style.color);
      draw_layout_part (cr, layout, MARGIN_X, item->y, 0, b->height);
      return;
    }

  w = b->qr_width;
  module = QR_SIZE / (w + 2 * QR_QUIET);
  x0 = MARGIN_X + QR_QUIET * module;
  y0 = item->y + QR_QUIET * module;
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, MARGIN_X, item->y, QR_SIZE, QR_SIZE);
  cairo_fill (cr);
  /* One path of horizontal runs, filled once: no hairline seams between
   * modules when a viewer antialiases. */
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (y = 0; y < w; y++)
    {
      x = 0;
      while (x < w)
        {
          int start;

          if (!b->modules[y * w + x])
            {
              x++;
              continue;
            }
          start = x;
          while (x < w && b->modules[y * w + x])
            x++;
          cairo_rectangle (cr, x0 + start * module, y0 + y * module, (x - start) * module, module);
        }
    }
  cairo_fill (cr);

  layout = make_layout (doc, &style, b->text, qr_caption_width ());
  {
    int h;

    pango_layout_get_size (layout, NULL, &h);
    caption_h = (double) h / PANGO_SCALE;
  }
  set_color (cr, style.color);
  draw_layout_part (cr, layout, MARGIN_X + QR_SIZE + 12,
                    item->y + MAX (0, (QR_SIZE - caption_h) / 2), 0, b->height);
}

static double
draw_label_line (CdDoc       *doc,
                 cairo_t     *cr,
                 const Style *style,
                 const char  *label,
                 double       x,
                 double       baseline,
                 double       end)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, style, label, MAX (10, (end - x) * 0.45));
  PangoLayoutLine *line;
  PangoRectangle logical;
  double lx;

  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  line = pango_layout_get_line_readonly (layout, 0);
  pango_layout_line_get_extents (line, NULL, &logical);
  set_color (cr, style->color);
  cairo_move_to (cr, x, baseline);
  pango_cairo_show_layout_line (cr, line);
  lx = x + (double) logical.width / PANGO_SCALE + 4;
  set_color (cr, COLOR_RULE);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, lx, baseline + 2);
  cairo_line_to (cr, end, baseline + 2);
  cairo_stroke (cr);
  return lx;
}

static void
draw_signatures_item (CdDoc        *doc,
                      cairo_t      *cr,
                      const Placed *item)
{
  Block *b = item->block;
  Style role, label, seal;
  double y = item->y, sx, sy;
  double name_x = MARGIN_X + SIG_ROLE_W;
  double date_x = name_x + (SIG_LEFT - SIG_ROLE_W) * 0.58;
  guint i;

  sig_styles (&role, &label);
  for (i = 0; i < b->n_roles; i++)
    {
      g_autoptr(PangoLayout) layout = make_layout (doc, &role, b->roles[i], SIG_ROLE_W - 8);
      double rh = b->role_heights[i];
      double baseline = y + rh - 10;
      PangoLayoutIter *iter = pango_layout_get_iter (layout);
      double last_baseline;

      /* The role's last line sits on the signature lines' baseline. */
      while (pango_layout_iter_next_line (iter))
        ;
      last_baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      pango_layout_iter_free (iter);
      set_color (cr, role.color);
      draw_layout_part (cr, layout, MARGIN_X, baseline - last_baseline, 0, G_MAXDOUBLE);
      draw_label_line (doc, cr, &label, b->name_label, name_x, baseline, date_x - 14);
      draw_label_line (doc, cr, &label, b->date_label, date_x, baseline, MARGIN_X + SIG_LEFT);
      y += rh;
    }

  sx = MARGIN_X + TEXT_WIDTH - SEAL_SIZE;
  sy = item->y + 4;
  set_color (cr, COLOR_GRID);
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, sx, sy, SEAL_SIZE, SEAL_SIZE);
  cairo_stroke (cr);
  seal = (Style) { FONT_SANS, SIZE_SMALL, FALSE, TRUE, COLOR_MUTED };
  {
    g_autoptr(PangoLayout) layout = make_layout (doc, &seal, b->seal_label, SEAL_SIZE - 8);
    int h;

    pango_layout_get_size (layout, NULL, &h);
    set_color (cr, seal.color);
    draw_layout_part (cr, layout, sx + 4, sy + SEAL_SIZE - 6 - (double) h / PANGO_SCALE, 0,
                      SEAL_SIZE);
  }
}

static void
draw_running (CdDoc   *doc,
              cairo_t *cr,
              guint    page,
              guint    n_pages)
{
  Style style = { FONT_SANS, SIZE_RUNNING, FALSE, FALSE, COLOR_MUTED };
  g_autofree char *label = format_page_label (doc->page_format, page + 1, n_pages);
  g_autoptr(PangoLayout) footer = NULL;

  if (page > 0 && doc->running_title[0] != '\0')
    {
      g_autoptr(PangoLayout) header = make_layout (doc, &style, doc->running_title, TEXT_WIDTH);
      int h;

      pango_layout_set_ellipsize (header, PANGO_ELLIPSIZE_END);
      pango_layout_get_size (header, NULL, &h);
      set_color (cr, style.color);
      draw_layout_part (cr, header, MARGIN_X, MARGIN_Y - 14 - (double) h / PANGO_SCALE, 0,
                        (double) h / PANGO_SCALE);
      set_color (cr, COLOR_GRID);
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, MARGIN_X, MARGIN_Y - 10);
      cairo_line_to (cr, MARGIN_X + TEXT_WIDTH, MARGIN_Y - 10);
      cairo_stroke (cr);
    }

  style.center = TRUE;
  footer = make_layout (doc, &style, label, TEXT_WIDTH);
  pango_layout_set_ellipsize (footer, PANGO_ELLIPSIZE_END);
  set_color (cr, style.color);
  draw_layout_part (cr, footer, MARGIN_X, BODY_BOTTOM + 18, 0, 40);
}

static void
draw_watermark (CdDoc   *doc,
                cairo_t *cr)
{
  Style style = { FONT_SANS, 100, TRUE, TRUE, 0 };
  g_autoptr(PangoLayout) layout = NULL;
  double diagonal = hypot (TEXT_WIDTH, BODY_HEIGHT);
  double size;
  int w, h;

  layout = make_layout (doc, &style, doc->watermark, 10 * CD_DOC_PAGE_WIDTH);
  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &w, &h);
  if (w <= 0)
    return;
  /* About two thirds of the diagonal, never huge for a short word. */
  size = CLAMP (100.0 * diagonal * 0.62 / ((double) w / PANGO_SCALE), 12, 110);
  style.size = size;
  g_clear_object (&layout);
  layout = make_layout (doc, &style, doc->watermark, 10 * CD_DOC_PAGE_WIDTH);
  pango_layout_set_width (layout, -1);
  pango_layout_get_size (layout, &w, &h);

  cairo_save (cr);
  cairo_translate (cr, CD_DOC_PAGE_WIDTH / 2, CD_DOC_PAGE_HEIGHT / 2);
  cairo_rotate (cr, -35 * G_PI / 180);
  cairo_move_to (cr, -(double) w / PANGO_SCALE / 2, -(double) h / PANGO_SCALE / 2);
  cairo_set_source_rgba (cr, 0.55, 0.55, 0.55, 0.22);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

void
cd_doc_draw_page (CdDoc   *doc,
                  cairo_t *cr,
                  guint    page)
{
  GArray *items;
  guint i;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (cr != NULL);

  if (!doc->paginated)
    cd_doc_paginate (doc, NULL);
  if (doc->pages == NULL || page >= doc->pages->len)
    return;
  items = g_ptr_array_index (doc->pages, page);

  cairo_save (cr);
  draw_running (doc, cr, page, doc->pages->len);

  /* Nothing of the content outside the text area (half a grid line's
   * width of tolerance at the edges). */
  cairo_save (cr);
  cairo_rectangle (cr, MARGIN_X - 1, BODY_TOP - 1, TEXT_WIDTH + 2, BODY_HEIGHT + 2);
  cairo_clip (cr);
  for (i = 0; i < items->len; i++)
    {
      const Placed *item = &g_array_index (items, Placed, i);

      switch (item->block->kind)
        {
        case BLOCK_TEXT:
          draw_text_item (doc, cr, item);
          break;
        case BLOCK_TABLE:
          draw_table_item (doc, cr, item);
          break;
        case BLOCK_QR:
          draw_qr_item (doc, cr, item);
          break;
        case BLOCK_SIGNATURES:
          draw_signatures_item (doc, cr, item);
          break;
        case BLOCK_VSPACE:
        case BLOCK_PAGE_BREAK:
        default:
          break;
        }
    }
  cairo_restore (cr);

  if (doc->watermark != NULL)
    draw_watermark (doc, cr);
  cairo_restore (cr);
}

/* ------------------------------------------------------------------ PDF */

typedef struct
{
  FILE *fp;
  int   write_errno;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->write_errno != 0)
    return CAIRO_STATUS_WRITE_ERROR;
  if (length > 0 && fwrite (data, 1, length, sink->fp) != length)
    {
      sink->write_errno = errno != 0 ? errno : EIO;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
set_io_error (GError     **error,
              int          errsv,
              const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not write “%s”: %s"), display, g_strerror (errsv));
}

static gboolean
render_pdf (CdDoc       *doc,
            FILE        *fp,
            const char  *path,
            const char  *title,
            const char  *author,
            GError     **error)
{
  Sink sink = { fp, 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint i;

  surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, CD_DOC_PAGE_WIDTH,
                                                 CD_DOC_PAGE_HEIGHT);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  if (title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (author != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  if (doc->subject != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, doc->subject);
  if (doc->keywords != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, doc->keywords);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Closure Desk");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);

  cr = cairo_create (surface);
  for (i = 0; i < doc->pages->len && cairo_status (cr) == CAIRO_STATUS_SUCCESS; i++)
    {
      cd_doc_draw_page (doc, cr, i);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.write_errno != 0)
    {
      set_io_error (error, sink.write_errno, path);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CD_DOC_ERROR, CD_DOC_ERROR_FAILED,
                   _("Could not draw the document: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_doc_write_pdf:
 * @doc: a document
 * @path: where to write; an existing file is replaced
 * @title: (nullable): the PDF's title
 * @author: (nullable): the PDF's author
 * @error: return location for a #GError
 *
 * Paginates if needed and writes every page to a PDF file: a temporary
 * file beside @path, synced and renamed into place.
 *
 * Returns: %TRUE on success; %FALSE with @error set and nothing left behind
 */
gboolean
cd_doc_write_pdf (CdDoc       *doc,
                  const char  *path,
                  const char  *title,
                  const char  *author,
                  GError     **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *dir = NULL;
  FILE *fp;
  int fd, errsv = 0;
  gboolean ok;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((!doc->paginated || doc->failed) && cd_doc_paginate (doc, error) == 0)
    return FALSE;

  /* In the same folder, so the rename is atomic. */
  tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, path);
      return FALSE;
    }
  fp = fdopen (fd, "wb");
  if (fp == NULL)
    {
      errsv = errno;
      close (fd);
      g_unlink (tmp_path);
      set_io_error (error, errsv, path);
      return FALSE;
    }
  /* cairo writes in many small pieces. */
  setvbuf (fp, NULL, _IOFBF, 256 * 1024);

  ok = render_pdf (doc, fp, path, title, author, error);
  if (ok && (fflush (fp) != 0 || fsync (fileno (fp)) != 0))
    errsv = errno;
  if (fclose (fp) != 0 && ok && errsv == 0)
    errsv = errno;
  if (ok && errsv == 0 && g_rename (tmp_path, path) != 0)
    errsv = errno;
  if (ok && errsv != 0)
    {
      set_io_error (error, errsv, path);
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  cd_fs_sync_dir (dir);
  return TRUE;
}
