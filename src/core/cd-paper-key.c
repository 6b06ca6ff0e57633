/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The paper key: one A4 page, drawn with cairo and PangoCairo (no GTK),
 * that a custodian keeps in a safe. It carries the secret key in numbered
 * groups of a large monospace type, what it is for, the warning that it
 * opens the archives and exists nowhere else, and how to open an archive
 * with the stock age tool decades from now.
 *
 * The page is a document in its own language (the custodian's, set by the
 * caller), not in the UI's: like the letters and notices, its words are a
 * table per language rather than gettext. Error messages are UI, so they
 * are gettext.
 *
 * The secret key is refused unless it is a valid age identity, and the
 * public key printed beside it must be the one that belongs to it: a sheet
 * whose two keys disagree would be worse than none.
 *
 * The file is written to a temporary file in its folder, readable by its
 * owner only, and linked into place only when complete; an existing file
 * is never replaced. */

#include "config.h"

#define G_LOG_DOMAIN "cd-paper-key"

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
#include <pango/pangocairo.h>
#include <sodium.h>

#include "cd-age.h"
#include "cd-fs.h"
#include "cd-paper-key.h"
#include "cd-retention.h"
#include "cd-types.h"

G_DEFINE_QUARK (cd_paper_key_error_quark, cd_paper_key_error)

/* A4 portrait in points, margins of 2 cm. */
#define PAGE_WIDTH     595.28
#define PAGE_HEIGHT    841.89
#define MARGIN         56.69
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN)

#define FONT_SANS      "Noto Sans CJK SC, sans-serif"
/* Keys and commands are ASCII. DejaVu Sans Mono's zero has a mark inside
 * that tells it from a letter O (Noto Sans Mono CJK's does not), and it
 * spares the file a third CJK font (cairo embeds about 300 KB of each). */
#define FONT_MONO      "DejaVu Sans Mono, Noto Sans Mono CJK SC, monospace"

/* The fixed start of every age secret key, printed whole; the rest is
 * split into groups of at most GROUP_MAX characters (the last ones one
 * shorter when the length does not divide), GROUPS_PER_ROW to a row. */
#define KEY_PREFIX     "AGE-SECRET-KEY-1"
#define GROUP_MAX      5
#define GROUPS_PER_ROW 4
#define MAX_GROUPS     16

/* Colours, 0xRRGGBB. */
#define INK            0x1a1a1a
#define MUTED          0x5f6368
#define RULE           0x263238
#define ALERT          0xb3261e
#define ALERT_TINT     0xfcebea
#define PANEL          0xf4f5f6
#define PANEL_EDGE     0xb8bcc2

typedef struct
{
  const char *pango_language;
  const char *mark;              /* top right: how secret this is */
  const char *title;
  const char *subtitle;
  const char *case_label;
  const char *custodian_label;
  const char *created_label;
  const char *recipient_label;
  const char *warning_title;
  const char *warning_body;
  const char *key_title;
  const char *key_hint;
  const char *key_alphabet;
  const char *key_checksum;
  const char *restore_title;
  const char *step_type;
  const char *step_age;
  const char *step_closure_desk;
  const char *step_after;
  const char *received_by;
  const char *signature;
  const char *date;
  const char *footer;
} Words;

static const Words words_en = {
  "en",
  "SECRET · KEEP IN A SAFE",
  "Paper key for retained archives",
  "The secret key of a custodian of the encrypted archives kept after the company is "
  "deregistered (age format).",
  "Case",
  "Custodian",
  "Created",
  "Public key",
  "Whoever holds this key can open the archives",
  "Keep this sheet in a safe; do not photograph, scan or e-mail it. The case does not keep a copy "
  "of the secret key: if this sheet and the key file are both lost, nobody can open the archives "
  "encrypted to this key.",
  "Secret key",
  "Type it as one line in capital letters, without spaces: AGE-SECRET-KEY-1, then the numbered "
  "groups in order.",
  "After the prefix the key never contains B, I, O or the digit 1: a round character is always "
  "the digit zero.",
  "A checksum (Bech32) in the key catches typing mistakes: age and Closure Desk refuse a "
  "mistyped key.",
  "To open an archive",
  "Type the secret key into a text file as a single line, for example key.txt.",
  "With the stock age tool (https://age-encryption.org), decrypt the archive (ARCHIVE.age stands "
  "for its file name), then unpack the tar file it gives:",
  "Or restore it into a new folder with Closure Desk:",
  "Afterwards delete key.txt, or keep it as safely as this sheet.",
  "Received by",
  "Signature",
  "Date",
  "Closure Desk · paper key · age v1 format: https://age-encryption.org/v1",
};

static const Words words_zh = {
  "zh-cn",
  "机密 · 请存放于保险柜",
  "留存档案纸质密钥",
  "保管人用于打开公司注销后留存的加密档案的私钥（age 格式）。",
  "案件",
  "保管人",
  "生成日期",
  "公钥",
  "持有此密钥者即可打开档案",
  "请将本页存放于保险柜，不要拍照、扫描或通过电子邮件发送。案件中不保存私钥副本："
  "如本页和密钥文件均遗失，任何人都无法再打开加密给此密钥的档案。",
  "私钥",
  "输入时写成一行，全部大写，不留空格：先写 AGE-SECRET-KEY-1，再按编号顺序写各组字符。",
  "前缀之后不会出现 B、I、O 和数字 1：圆形字符一律是数字 0。",
  "密钥含校验码（Bech32），可发现输入错误：输错的密钥会被 age 和 Closure Desk 拒绝。",
  "如何打开档案",
  "将上面的私钥输入一个文本文件，写成一行，例如 key.txt。",
  "使用标准 age 工具（https://age-encryption.org）解密档案（ARCHIVE.age 代表档案的文件名），"
  "再解开得到的 tar 文件：",
  "或使用 Closure Desk 将档案恢复到一个新文件夹：",
  "完成后删除 key.txt，或像本页一样妥善保管。",
  "接收人",
  "签字",
  "日期",
  "Closure Desk · 纸质密钥 · age v1 格式：https://age-encryption.org/v1",
};

/* -- input -------------------------------------------------------------------- */

static const Words *
words_for_locale (void)
{
  const char * const *names = g_get_language_names ();

  /* The first language the UI would be shown in that the page has. */
  for (; *names != NULL; names++)
    {
      if (g_str_has_prefix (*names, "zh"))
        return &words_zh;
      if (g_str_has_prefix (*names, "en") || strcmp (*names, "C") == 0 || strcmp (*names, "POSIX") == 0)
        return &words_en;
    }
  return &words_en;
}

static gboolean
words_for (const char   *language,
           const Words **out_words,
           GError      **error)
{
  if (language == NULL)
    *out_words = words_for_locale ();
  else if (g_str_has_prefix (language, "zh"))
    *out_words = &words_zh;
  else if (g_str_has_prefix (language, "en"))
    *out_words = &words_en;
  else
    {
      g_set_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID,
                   _("A paper key can be written in Chinese (zh_CN) or English (en), not “%s”"),
                   g_utf8_validate (language, -1, NULL) ? language : "?");
      return FALSE;
    }
  return TRUE;
}

/* The date as the page prints it: "12 March 2025", "2025年3月12日". */
static char *
format_date (const char   *created,
             const Words  *words,
             GError      **error)
{
  static const char * const months[] = { "January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December" };
  GDate d;

  if (created == NULL)
    {
      cd_date_set_today (&d);
    }
  else
    {
      g_autofree char *day = g_strndup (created, 10);

      /* A date, or the date of an ISO 8601 date and time. */
      if (strlen (day) != 10 || !cd_retention_date_parse (day, &d) ||
          (created[10] != '\0' && created[10] != 'T'))
        {
          g_set_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID,
                       _("“%s” is not a date (YYYY-MM-DD)"),
                       g_utf8_validate (created, -1, NULL) ? created : "?");
          return NULL;
        }
    }
  if (words == &words_en)
    return g_strdup_printf ("%u %s %u", g_date_get_day (&d), months[g_date_get_month (&d) - 1],
                            g_date_get_year (&d));
  return g_strdup_printf ("%u年%u月%u日", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

/* The key after its prefix, split into groups in one sodium_malloc'd
 * buffer of NUL-terminated strings, GROUP_MAX + 1 bytes apart. */
typedef struct
{
  char  *buffer;
  guint  n_groups;
} KeyGroups;

static void
key_groups_clear (KeyGroups *groups)
{
  if (groups->buffer != NULL)
    sodium_free (groups->buffer);   /* wipes it */
  groups->buffer = NULL;
}

static const char *
key_group (const KeyGroups *groups,
           guint            i)
{
  return groups->buffer + i * (GROUP_MAX + 1);
}

static gboolean
key_groups_init (KeyGroups   *groups,
                 const char  *identity)
{
  const char *rest = identity + strlen (KEY_PREFIX);
  gsize len = strlen (rest);
  gsize done = 0;
  guint longer;

  groups->n_groups = (guint) ((len + GROUP_MAX - 1) / GROUP_MAX);
  if (groups->n_groups == 0 || groups->n_groups > MAX_GROUPS)
    return FALSE;
  groups->buffer = sodium_malloc (groups->n_groups * (GROUP_MAX + 1));
  if (groups->buffer == NULL)
    return FALSE;
  /* As even as can be: GROUP_MAX or one fewer characters each. */
  longer = (guint) (len - (gsize) groups->n_groups * (GROUP_MAX - 1));
  for (guint i = 0; i < groups->n_groups; i++)
    {
      gsize n = i < longer ? GROUP_MAX : GROUP_MAX - 1;
      char *group = groups->buffer + i * (GROUP_MAX + 1);

      memcpy (group, rest + done, n);
      group[n] = '\0';
      done += n;
    }
  return TRUE;
}

/* -- drawing ------------------------------------------------------------------ */

typedef struct
{
  cairo_t      *cr;
  PangoContext *context;
  const Words  *words;
} Painter;

static void
set_colour (cairo_t *cr,
            guint32  rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* @width <= 0: one line, not wrapped; @max_lines > 0: ellipsized after
 * that many lines. */
static PangoLayout *
make_layout (Painter    *p,
             const char *family,
             double      size,
             gboolean    bold,
             double      width,
             int         max_lines,
             const char *text)
{
  PangoLayout *layout = pango_layout_new (p->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (family);

  pango_font_description_set_size (desc, (int) (size * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

static void
show_layout (Painter     *p,
             PangoLayout *layout,
             double       x,
             double       y,
             guint32      colour)
{
  set_colour (p->cr, colour);
  cairo_move_to (p->cr, x, y);
  pango_cairo_show_layout (p->cr, layout);
}

/* Draws @text at (@x, @y); returns its height. */
static double
draw_text (Painter    *p,
           const char *family,
           double      size,
           gboolean    bold,
           double      x,
           double      y,
           double      width,
           guint32     colour,
           const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (p, family, size, bold, width, 0, text);

  show_layout (p, layout, x, y, colour);
  return layout_height (layout);
}

static void
fill_rect (cairo_t *cr,
           double   x,
           double   y,
           double   width,
           double   height,
           guint32  colour)
{
  set_colour (cr, colour);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
}

static void
hline (cairo_t *cr,
       double   x,
       double   y,
       double   width,
       double   line_width,
       guint32  colour)
{
  set_colour (cr, colour);
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + width, y);
  cairo_stroke (cr);
}

static double
draw_header (Painter    *p,
             double      y)
{
  g_autoptr(PangoLayout) mark = make_layout (p, FONT_SANS, 8.5, TRUE, 0, 0, p->words->mark);

  draw_text (p, FONT_SANS, 8.5, FALSE, MARGIN, y, 0, MUTED, "Closure Desk");
  show_layout (p, mark, PAGE_WIDTH - MARGIN - layout_width (mark), y, ALERT);
  y += layout_height (mark) + 10;
  y += draw_text (p, FONT_SANS, 20, TRUE, MARGIN, y, CONTENT_WIDTH, INK, p->words->title) + 2;
  y += draw_text (p, FONT_SANS, 9.5, FALSE, MARGIN, y, CONTENT_WIDTH, MUTED, p->words->subtitle) + 8;
  hline (p->cr, MARGIN, y, CONTENT_WIDTH, 1.2, RULE);
  return y + 12;
}

static double
draw_detail (Painter    *p,
             double      y,
             const char *label,
             const char *value,
             gboolean    mono)
{
  const double label_width = 92;
  g_autoptr(PangoLayout) l = make_layout (p, FONT_SANS, 9, FALSE, label_width - 8, 1, label);
  g_autoptr(PangoLayout) v = make_layout (p, mono ? FONT_MONO : FONT_SANS, mono ? 9.5 : 10.5, !mono,
                                          CONTENT_WIDTH - label_width, 2, value);
  double shift = mono ? 1.0 : 0.0;

  show_layout (p, l, MARGIN, y + 1.5, MUTED);
  show_layout (p, v, MARGIN + label_width, y + shift, INK);
  return y + MAX (layout_height (l), layout_height (v) + shift) + 4;
}

static double
draw_warning (Painter *p,
              double   y)
{
  const double pad = 10, bar = 4;
  const double text_x = MARGIN + bar + pad;
  const double text_width = CONTENT_WIDTH - bar - 2 * pad;
  g_autoptr(PangoLayout) title = make_layout (p, FONT_SANS, 11, TRUE, text_width, 0, p->words->warning_title);
  g_autoptr(PangoLayout) body = make_layout (p, FONT_SANS, 9.5, FALSE, text_width, 0, p->words->warning_body);
  double height = pad + layout_height (title) + 3 + layout_height (body) + pad;

  fill_rect (p->cr, MARGIN, y, CONTENT_WIDTH, height, ALERT_TINT);
  fill_rect (p->cr, MARGIN, y, bar, height, ALERT);
  show_layout (p, title, text_x, y + pad, ALERT);
  show_layout (p, body, text_x, y + pad + layout_height (title) + 3, INK);
  return y + height;
}

/* The secret key: the prefix, then the numbered groups in a grid.
 *
 * Pango copies each group into its layout, shapes it into glyphs, and
 * cairo keeps the glyphs and their text until the PDF is written; those
 * copies are in memory we cannot wipe. That is unavoidable when drawing
 * text, and the file itself holds the key anyway. */
static double
draw_secret_key (Painter         *p,
                 double           y,
                 const KeyGroups *groups)
{
  const double pad = 12;
  const double number_width = 20;
  const double cell_width = (CONTENT_WIDTH - 2 * pad) / GROUPS_PER_ROW;
  const double key_size = 20;
  const guint rows = (groups->n_groups + GROUPS_PER_ROW - 1) / GROUPS_PER_ROW;
  g_autoptr(PangoLayout) prefix = make_layout (p, FONT_MONO, key_size, TRUE, 0, 0, KEY_PREFIX);
  double row_height = layout_height (prefix) + 9;
  double box_top, box_height, gy;

  y += draw_text (p, FONT_SANS, 12, TRUE, MARGIN, y, CONTENT_WIDTH, INK, p->words->key_title) + 6;

  box_top = y;
  box_height = pad + row_height * (rows + 1) - 9 + pad;
  set_colour (p->cr, PANEL);
  cairo_rectangle (p->cr, MARGIN, box_top, CONTENT_WIDTH, box_height);
  cairo_fill_preserve (p->cr);
  set_colour (p->cr, PANEL_EDGE);
  cairo_set_line_width (p->cr, 0.8);
  cairo_stroke (p->cr);

  gy = box_top + pad;
  show_layout (p, prefix, MARGIN + pad + number_width, gy, INK);
  gy += row_height;
  for (guint i = 0; i < groups->n_groups; i++)
    {
      double cx = MARGIN + pad + (i % GROUPS_PER_ROW) * cell_width;
      double cy = gy + (i / GROUPS_PER_ROW) * row_height;
      g_autofree char *n = g_strdup_printf ("%u", i + 1);
      g_autoptr(PangoLayout) number = make_layout (p, FONT_SANS, 8, FALSE, 0, 0, n);
      g_autoptr(PangoLayout) group = make_layout (p, FONT_MONO, key_size, TRUE, 0, 0, key_group (groups, i));
      PangoLayoutIter *it;
      int group_baseline, number_baseline;

      /* The number sits on the group's baseline, right-aligned before it. */
      it = pango_layout_get_iter (group);
      group_baseline = pango_layout_iter_get_baseline (it);
      pango_layout_iter_free (it);
      it = pango_layout_get_iter (number);
      number_baseline = pango_layout_iter_get_baseline (it);
      pango_layout_iter_free (it);

      show_layout (p, number, cx + number_width - 6 - layout_width (number),
                   cy + (double) (group_baseline - number_baseline) / PANGO_SCALE, MUTED);
      show_layout (p, group, cx + number_width, cy, INK);
    }
  y = box_top + box_height + 6;

  y += draw_text (p, FONT_SANS, 9, FALSE, MARGIN, y, CONTENT_WIDTH, INK, p->words->key_hint) + 2;
  y += draw_text (p, FONT_SANS, 9, FALSE, MARGIN, y, CONTENT_WIDTH, MUTED, p->words->key_alphabet) + 2;
  y += draw_text (p, FONT_SANS, 9, FALSE, MARGIN, y, CONTENT_WIDTH, MUTED, p->words->key_checksum);
  return y;
}

/* A command as it is typed, on a tinted strip. */
static double
draw_command (Painter    *p,
              double      x,
              double      y,
              double      width,
              const char *command)
{
  g_autoptr(PangoLayout) layout = make_layout (p, FONT_MONO, 9, FALSE, width - 12, 0, command);
  double height = layout_height (layout) + 6;

  fill_rect (p->cr, x, y, width, height, PANEL);
  fill_rect (p->cr, x, y, 2, height, PANEL_EDGE);
  show_layout (p, layout, x + 8, y + 3, INK);
  return y + height;
}

static double
draw_step (Painter            *p,
           double              y,
           guint               n,
           const char         *text,
           const char * const *commands)
{
  const double indent = 20;
  g_autofree char *number = g_strdup_printf ("%u", n);
  g_autoptr(PangoLayout) badge = make_layout (p, FONT_SANS, 9.5, TRUE, 0, 0, number);

  show_layout (p, badge, MARGIN + 4, y, RULE);
  y += draw_text (p, FONT_SANS, 9.5, FALSE, MARGIN + indent, y, CONTENT_WIDTH - indent, INK, text) + 3;
  for (guint i = 0; commands != NULL && commands[i] != NULL; i++)
    y = draw_command (p, MARGIN + indent, y, CONTENT_WIDTH - indent, commands[i]) + 3;
  return y + 3;
}

static double
draw_restore (Painter *p,
              double   y)
{
  const char * const age[] = { "age -d -i key.txt ARCHIVE.age > archive.tar", "tar -xf archive.tar", NULL };
  const char * const closure_desk[] = { "closure-desk-cli vault restore ARCHIVE.age -i key.txt -o DIR", NULL };

  y += draw_text (p, FONT_SANS, 12, TRUE, MARGIN, y, CONTENT_WIDTH, INK, p->words->restore_title) + 6;
  y = draw_step (p, y, 1, p->words->step_type, NULL);
  y = draw_step (p, y, 2, p->words->step_age, age);
  y = draw_step (p, y, 3, p->words->step_closure_desk, closure_desk);
  y = draw_step (p, y, 4, p->words->step_after, NULL);
  return y;
}

/* Lines for the handover: who received the sheet, and when. */
static void
draw_handover (Painter *p,
               double   y)
{
  const char *labels[] = { p->words->received_by, p->words->signature, p->words->date };
  const double widths[] = { 0.38, 0.38, 0.24 };
  double x = MARGIN;

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      double width = CONTENT_WIDTH * widths[i];

      hline (p->cr, x, y, width - 14, 0.6, MUTED);
      draw_text (p, FONT_SANS, 8, FALSE, x, y + 3, width - 14, MUTED, labels[i]);
      x += width;
    }
}

static void
draw_page (Painter         *p,
           const char      *case_name,
           const char      *custodian_name,
           const char      *date,
           const char      *recipient,
           const KeyGroups *groups)
{
  g_autoptr(PangoLayout) footer = make_layout (p, FONT_SANS, 7.5, FALSE, CONTENT_WIDTH, 1, p->words->footer);
  double y = MARGIN - 20;

  y = draw_header (p, y);
  y = draw_detail (p, y, p->words->case_label, case_name, FALSE);
  y = draw_detail (p, y, p->words->custodian_label, custodian_name, FALSE);
  y = draw_detail (p, y, p->words->created_label, date, FALSE);
  y = draw_detail (p, y, p->words->recipient_label, recipient, TRUE);
  y = draw_warning (p, y + 10);
  y = draw_secret_key (p, y + 14, groups);
  draw_restore (p, y + 14);

  draw_handover (p, PAGE_HEIGHT - MARGIN - 24);
  hline (p->cr, MARGIN, PAGE_HEIGHT - MARGIN + 6, CONTENT_WIDTH, 0.4, PANEL_EDGE);
  show_layout (p, footer, MARGIN, PAGE_HEIGHT - MARGIN + 10, MUTED);
}

/* -- the file ----------------------------------------------------------------- */

typedef struct
{
  FILE *fp;
  int   write_errno;   /* the first write error, 0 if none */
} Sink;

static cairo_status_t
sink_write (void                *data,
            const unsigned char *bytes,
            unsigned int         len)
{
  Sink *sink = data;

  if (sink->write_errno == 0 && len > 0 && fwrite (bytes, 1, len, sink->fp) != len)
    sink->write_errno = errno != 0 ? errno : EIO;
  return sink->write_errno == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void
set_write_error (GError     **error,
                 int          errsv,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not write the paper key “%s”: %s"), display, g_strerror (errsv));
}

static void
set_exists_error (GError     **error,
                  const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("“%s” already exists: a paper key never replaces a file"), display);
}

/* Puts the finished @tmp_path at @path unless something is there: link()
 * fails on an existing name, where rename() would replace it. File systems
 * without hard links get a check and a rename. */
static gboolean
move_into_place (const char  *tmp_path,
                 const char  *path,
                 GError     **error)
{
  GStatBuf st;
  int errsv;

  if (link (tmp_path, path) == 0)
    {
      g_unlink (tmp_path);
      return TRUE;
    }
  errsv = errno;
  if (errsv == EEXIST)
    {
      set_exists_error (error, path);
      return FALSE;
    }
  if (errsv != EPERM && errsv != ENOTSUP && errsv != EOPNOTSUPP && errsv != ENOSYS && errsv != EMLINK)
    {
      set_write_error (error, errsv, path);
      return FALSE;
    }
  if (g_lstat (path, &st) == 0)
    {
      set_exists_error (error, path);
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      set_write_error (error, errno, path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
render (int               fd,
        Painter          *p,
        const char       *case_name,
        const char       *custodian_name,
        const char       *date,
        const char       *recipient,
        const KeyGroups  *groups,
        const char       *path,
        GError          **error)
{
  Sink sink = { NULL, 0 };
  cairo_surface_t *surface;
  cairo_status_t status;
  g_autoptr(PangoFontMap) font_map = NULL;
  cairo_font_options_t *options;
  int errsv;

  sink.fp = fdopen (fd, "wb");
  if (sink.fp == NULL)
    {
      errsv = errno;
      close (fd);
      set_write_error (error, errsv, path);
      return FALSE;
    }

  surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, p->words->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Closure Desk");
  p->cr = cairo_create (surface);

  /* A font map of our own: the default one belongs to the thread that
   * first asked for it, and this may run in a worker. Points as units, no
   * hinting: this is print. */
  font_map = pango_cairo_font_map_new ();
  p->context = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (p->context, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (p->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (p->context, FALSE);
  pango_context_set_language (p->context, pango_language_from_string (p->words->pango_language));

  draw_page (p, case_name, custodian_name, date, recipient, groups);
  cairo_show_page (p->cr);

  g_clear_object (&p->context);
  status = cairo_status (p->cr);
  cairo_destroy (p->cr);
  p->cr = NULL;
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  errsv = sink.write_errno;
  if (errsv == 0 && (fflush (sink.fp) != 0 || fsync (fileno (sink.fp)) != 0))
    errsv = errno;
  if (fclose (sink.fp) != 0 && errsv == 0)
    errsv = errno;
  if (errsv != 0)
    {
      set_write_error (error, errsv, path);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_FAILED,
                   _("Could not draw the paper key: %s"), cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_paper_key_write_pdf:
 * @path: the PDF to write; must not exist
 * @info: what the page shows
 * @error: return location for a #GError
 *
 * Writes the custodian's paper key: one A4 page in @info's language.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%G_IO_ERROR_EXISTS when
 *   @path exists, another %G_IO_ERROR when it cannot be written,
 *   %CD_PAPER_KEY_ERROR for bad input), and nothing written
 */
gboolean
cd_paper_key_write_pdf (const char            *path,
                        const CdPaperKeyInfo  *info,
                        GError               **error)
{
  const Words *words = NULL;
  g_autofree char *derived = NULL;
  g_autofree char *date = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  KeyGroups groups = { NULL, 0 };
  Painter painter = { NULL, NULL, NULL };
  GStatBuf st;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!words_for (info->language, &words, error))
    return FALSE;
  if ((info->custodian_name != NULL && !g_utf8_validate (info->custodian_name, -1, NULL)) ||
      (info->case_name != NULL && !g_utf8_validate (info->case_name, -1, NULL)))
    {
      g_set_error_literal (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID,
                           _("The custodian’s or the case’s name is not valid UTF-8 text"));
      return FALSE;
    }
  /* Validates the secret key too. Its message never quotes the key. */
  derived = info->identity != NULL ? cd_age_identity_to_recipient (info->identity, NULL) : NULL;
  if (derived == NULL)
    {
      g_set_error_literal (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID,
                           _("The secret key is not a valid age secret key (AGE-SECRET-KEY-1…)"));
      return FALSE;
    }
  if (info->recipient != NULL && strcmp (info->recipient, derived) != 0)
    {
      g_set_error_literal (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID,
                           _("The public key does not belong to the secret key"));
      return FALSE;
    }
  date = format_date (info->created, words, error);
  if (date == NULL)
    return FALSE;

  /* Before any work; the link into place checks again, atomically. */
  if (g_lstat (path, &st) == 0)
    {
      set_exists_error (error, path);
      return FALSE;
    }

  if (!key_groups_init (&groups, info->identity))
    {
      g_set_error_literal (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_FAILED,
                           _("Not enough secure memory to lay out the paper key"));
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, errno, path);
      key_groups_clear (&groups);
      return FALSE;
    }

  painter.words = words;
  ok = render (fd, &painter, info->case_name, info->custodian_name, date, derived, &groups, path,
               error) &&
       move_into_place (tmp_path, path, error);
  key_groups_clear (&groups);
  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }
  cd_fs_sync_dir (dir);
  return TRUE;
}
