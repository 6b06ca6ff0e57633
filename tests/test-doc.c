/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the document layout engine (cd-doc): what a reader of the PDF
 * sees, checked with poppler-utils (pdftotext, pdffonts, pdfinfo) and by
 * rendering pages to images. Set CD_TEST_DOC_KEEP to a folder to keep the
 * PDFs for a look. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <qrencode.h>

#include "cd-doc.h"
#include "cd-test-util.h"

#define MM(x) ((x) * 72.0 / 25.4)

static const char *const headers[] = { "序号", "客户名称", "信息类别", "处置方式", "状态" };
static const double widths[] = { 0.12, 0.34, 0.18, 0.2, 0.16 };

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* pdftotext of one page (1-based), or of every page when @page is 0. */
static char *
pdf_text (const char *path,
          guint       page,
          gboolean    raw)
{
  g_autofree char *first = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", raw ? "-raw" : "-layout",
                         "-f", first, "-l", first, path, "-", NULL };

  if (page == 0)
    {
      argv[4] = path;
      argv[5] = "-";
      argv[6] = NULL;
    }
  return run (argv);
}

static char *
strip_space (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static guint pdf_pages (const char *path);

/* The raw text of every page without its running header and footer, and
 * without lines equal to @skip (a repeated table header). */
static char *
pdf_body_text (const char *path,
               const char *running_title,
               const char *skip)
{
  g_autoptr(GRegex) page_label = g_regex_new ("^[0-9]+ / [0-9]+$", 0, 0, NULL);
  GString *out = g_string_new (NULL);
  guint n = pdf_pages (path), p, i;

  for (p = 1; p <= n; p++)
    {
      g_autofree char *text = pdf_text (path, p, TRUE);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (i = 0; lines[i] != NULL; i++)
        {
          if (strcmp (lines[i], running_title) == 0 || strcmp (lines[i], skip) == 0 ||
              g_regex_match (page_label, lines[i], 0, NULL))
            continue;
          g_string_append (out, lines[i]);
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

static guint
count_of (const char *haystack,
          const char *needle)
{
  guint n = 0;
  const char *p = haystack;

  while ((p = strstr (p, needle)) != NULL)
    {
      n++;
      p += strlen (needle);
    }
  return n;
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = run (argv);
  const char *line = strstr (out, "\nPages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:") + strspn (line + 7, " "), NULL, 10);
}

static void
keep (const char *path)
{
  const char *dir = g_getenv ("CD_TEST_DOC_KEEP");
  g_autofree char *base = NULL;
  g_autofree char *dest = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (dir == NULL)
    return;
  base = g_path_get_basename (path);
  dest = g_build_filename (dir, base, NULL);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (g_file_set_contents (dest, data, len, NULL));
}

/* A company name that is not a repetition of one word. */
static char *
company_name (guint n,
              guint n_chars)
{
  static const char *const pool[] = { "上海", "示例", "贸易", "科技", "发展", "咨询", "投资", "管理",
                                      "服务", "信息", "网络", "实业", "集团", "控股", "国际", "华东" };
  GString *s = g_string_new (NULL);
  guint i = 0;

  while (g_utf8_strlen (s->str, -1) + 6 < n_chars)
    g_string_append (s, pool[(n * 7 + i++ * 3) % G_N_ELEMENTS (pool)]);
  g_string_append (s, "有限公司");
  return g_string_free (s, FALSE);
}

static CdDoc *
make_report (guint n_rows)
{
  g_autoptr(CdDoc) doc = cd_doc_new ("zh_CN", "客户信息处置报告（页眉）", "第 %u 页 / 共 %u 页");
  const char *pairs[] = { "案件名称", "上海示例贸易有限公司 — 停业清算", "报告编号", "CD-2026-0042",
                          "联系人", NULL, "归档位置", "", "核验方式", "扫描末页二维码", NULL };
  guint i;

  cd_doc_paragraph (doc, CD_DOC_TEXT_TITLE | CD_DOC_TEXT_CENTER, "客户信息处置报告");
  cd_doc_paragraph (doc, CD_DOC_TEXT_CENTER | CD_DOC_TEXT_MUTED, "上海示例贸易有限公司");
  cd_doc_vspace (doc, 12);
  cd_doc_key_values (doc, pairs);
  cd_doc_heading (doc, 1, "一、处置概况");
  cd_doc_paragraph (doc, CD_DOC_TEXT_NORMAL,
                    "本报告记录了企业在停业清算过程中对客户个人信息的处置情况，包括删除、匿名化及依法保留的信息，"
                    "供监管部门核查。All records were disposed of under the retention policy.");
  cd_doc_paragraph (doc, CD_DOC_TEXT_ALERT | CD_DOC_TEXT_BOLD, "审计链校验失败的记录以红色标出。");
  cd_doc_heading (doc, 2, "1.1 客户明细");
  cd_doc_table_begin (doc, G_N_ELEMENTS (headers), headers, widths);
  for (i = 0; i < n_rows; i++)
    {
      g_autofree char *serial = g_strdup_printf ("R%05u", i + 1);
      g_autofree char *name = company_name (i, 8 + (i * 13) % 30);
      const char *cells[] = { serial, name, i % 5 == 0 ? "敏感个人信息" : "一般个人信息",
                              i % 3 == 0 ? "删除" : "匿名化", i % 50 == 7 ? "失败" : "已完成" };

      cd_doc_table_row (doc,
                        (i % 5 == 0 ? CD_DOC_ROW_HIGHLIGHT : 0) | (i % 50 == 7 ? CD_DOC_ROW_ALERT : 0),
                        cells);
    }
  cd_doc_table_end (doc);
  return g_steal_pointer (&doc);
}

static void
test_doc_report (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autoptr(CdDoc) doc = make_report (600);
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *footer = NULL;
  const char *fonts_argv[] = { "pdffonts", path, NULL };
  g_autofree char *fonts = NULL;
  g_auto(GStrv) lines = NULL;
  guint n, p, i, n_fonts = 0;

  cd_doc_set_metadata (doc, "disposal-report", "cd:case=42");
  n = cd_doc_paginate (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpuint (cd_doc_get_n_pages (doc), ==, n);
  g_assert_true (cd_doc_write_pdf (doc, path, "客户信息处置报告", "Closure Desk 测试", &error));
  g_assert_no_error (error);
  keep (path);
  g_assert_cmpuint (pdf_pages (path), ==, n);
  {
    const char *argv[] = { "pdfinfo", path, NULL };
    g_autofree char *info = run (argv);

    g_assert_nonnull (strstr (info, "Title:           客户信息处置报告\n"));
    g_assert_nonnull (strstr (info, "Author:          Closure Desk 测试\n"));
    g_assert_nonnull (strstr (info, "Subject:         disposal-report\n"));
    g_assert_nonnull (strstr (info, "Keywords:        cd:case=42\n"));
    g_assert_nonnull (strstr (info, "Creator:         Closure Desk\n"));
    g_assert_nonnull (strstr (info, "Page size:       595.276 x 841.89 pts (A4)"));
    g_assert_nonnull (strstr (info, "PDF version:     1.5"));
  }

  /* The table starts on page 1 and runs to the end: its header row is on
   * every page, and the running title and page x / n from page 2 on. */
  footer = g_strdup_printf ("第 2 页 / 共 %u 页", n);
  for (p = 1; p <= n; p++)
    {
      g_autofree char *text = pdf_text (path, p, FALSE);
      g_autofree char *label = g_strdup_printf ("第 %u 页 / 共 %u 页", p, n);

      g_assert_nonnull (strstr (text, "处置方式"));
      g_assert_nonnull (strstr (text, "信息类别"));
      g_assert_nonnull (strstr (text, label));
      if (p == 1)
        g_assert_null (strstr (text, "客户信息处置报告（页眉）"));
      else
        g_assert_nonnull (strstr (text, "客户信息处置报告（页眉）"));
      if (p == 2)
        g_assert_nonnull (strstr (text, footer));
    }

  /* Every row once: none lost at a page break, none repeated. Chinese
   * comes back as Chinese. */
  all = pdf_text (path, 0, TRUE);
  for (i = 0; i < 600; i++)
    {
      g_autofree char *serial = g_strdup_printf ("R%05u", i + 1);

      g_assert_cmpuint (count_of (all, serial), ==, 1);
    }
  g_assert_nonnull (strstr (all, "客户信息处置报告"));
  g_assert_nonnull (strstr (all, "上海示例贸易有限公司 — 停业清算"));
  g_assert_nonnull (strstr (all, "审计链校验失败的记录以红色标出。"));
  /* Missing values print a dash, and the pairs after them are there. */
  g_assert_cmpuint (count_of (all, "联系人 —"), ==, 1);
  g_assert_cmpuint (count_of (all, "归档位置 —"), ==, 1);
  g_assert_nonnull (strstr (all, "核验方式 扫描末页二维码"));

  /* Every font embedded. */
  fonts = run (fonts_argv);
  lines = g_strsplit (fonts, "\n", -1);
  for (i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n_cols;

      if (*lines[i] == '\0')
        continue;
      cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      /* name type encoding emb sub uni object ID: count non-empty fields
       * from the end; emb is the 5th from the end. */
      {
        GPtrArray *fields = g_ptr_array_new ();
        guint k;

        for (k = 0; cols[k] != NULL; k++)
          if (*cols[k] != '\0')
            g_ptr_array_add (fields, cols[k]);
        n_cols = fields->len;
        g_assert_cmpuint (n_cols, >=, 7);
        g_assert_cmpstr (g_ptr_array_index (fields, n_cols - 5), ==, "yes");
        g_ptr_array_free (fields, TRUE);
      }
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >=, 2);

  cd_test_rm_rf (dir);
}

static void
test_doc_long_strings (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "long.pdf", NULL);
  g_autoptr(CdDoc) doc = cd_doc_new ("en", "Disposal report", "%u / %u");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) hash = g_string_new (NULL);
  g_autofree char *company = company_name (3, 300);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *flat_hash = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  const char *pairs[] = { "Company", company, "Digest", NULL, NULL };
  const double cols[] = { 0.15, 0.85 };
  const char *col_headers[] = { "Key", "Value" };
  guint i;

  for (i = 0; i < 2000; i++)
    g_string_append_c (hash, "0123456789abcdef"[g_rand_int_range (rand, 0, 16)]);
  g_assert_cmpuint (g_utf8_strlen (company, -1), >=, 290);

  cd_doc_heading (doc, 1, "Long values");
  pairs[3] = hash->str;
  cd_doc_key_values (doc, pairs);
  cd_doc_paragraph (doc, CD_DOC_TEXT_MONOSPACE, hash->str);
  cd_doc_paragraph (doc, CD_DOC_TEXT_BOLD, company);
  /* The hash in a narrow column: a row taller than a page, split by lines. */
  cd_doc_table_begin (doc, 2, col_headers, cols);
  {
    const char *row[] = { hash->str, "" };

    cd_doc_table_row (doc, CD_DOC_ROW_NORMAL, row);
  }
  cd_doc_table_end (doc);

  g_assert_true (cd_doc_write_pdf (doc, path, "Long", NULL, &error));
  g_assert_no_error (error);
  keep (path);
  g_assert_cmpuint (cd_doc_get_n_pages (doc), >=, 3);

  text = pdf_body_text (path, "Disposal report", "Key Value");
  flat = strip_space (text);
  flat_hash = g_strdup (hash->str);
  /* Key/value, paragraph and the split table row: three copies. */
  g_assert_cmpuint (count_of (flat, flat_hash), ==, 3);
  g_assert_cmpuint (count_of (flat, company), ==, 2);

  cd_test_rm_rf (dir);
}

/* A heading never ends a page: pushed to the bottom, it moves to the next
 * page with its paragraph; a table's header row does not stay alone either. */
static void
test_doc_keep_with_next (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keep.pdf", NULL);
  g_autoptr(CdDoc) doc = cd_doc_new ("en", "Keep", "%u / %u");
  g_autoptr(GError) error = NULL;
  g_autofree char *page1 = NULL;
  g_autofree char *page2 = NULL;
  g_autofree char *page3 = NULL;
  g_autofree char *page4 = NULL;
  g_autofree char *page5 = NULL;
  g_autofree char *page6 = NULL;
  const char *row[] = { "cell one", "cell two" };
  const char *col_headers[] = { "Column Alpha", "Column Beta" };
  double body = 841.8898 - 2 * MM (22);

  cd_doc_paragraph (doc, 0, "First page.");
  cd_doc_vspace (doc, body - 60);
  cd_doc_heading (doc, 1, "Heading Kept");
  cd_doc_paragraph (doc, 0, "The paragraph under the heading, long enough to wrap onto a second "
                            "line so that two lines of it are needed below the heading to keep it.");
  cd_doc_vspace (doc, body - 100);
  cd_doc_table_begin (doc, 2, col_headers, NULL);
  cd_doc_table_row (doc, 0, row);
  cd_doc_table_end (doc);
  cd_doc_page_break (doc);
  /* A sentence kept with the signature lines under it: both move on. */
  cd_doc_vspace (doc, body - 90);
  cd_doc_paragraph (doc, CD_DOC_TEXT_KEEP_WITH_NEXT, "Signed in the presence of:");
  {
    const char *roles[] = { "Consultant", "Witness", NULL };

    cd_doc_signatures (doc, roles, "Signature", "Date", "Seal");
  }
  cd_doc_page_break (doc);
  cd_doc_paragraph (doc, 0, "Last page.");
  /* NULL texts are empty ones. */
  cd_doc_paragraph (doc, 0, NULL);
  cd_doc_heading (doc, 2, NULL);
  {
    const char *null_cells[] = { NULL, "after a NULL cell" };

    cd_doc_table_begin (doc, 2, NULL, NULL);
    cd_doc_table_row (doc, CD_DOC_ROW_BOLD, null_cells);
    cd_doc_table_end (doc);
  }
  g_assert_cmpuint (cd_doc_paginate (doc, &error), ==, 6);
  g_assert_true (cd_doc_write_pdf (doc, path, NULL, NULL, &error));
  g_assert_no_error (error);
  keep (path);
  page1 = pdf_text (path, 1, TRUE);
  page2 = pdf_text (path, 2, TRUE);
  page3 = pdf_text (path, 3, TRUE);
  page4 = pdf_text (path, 4, TRUE);
  page5 = pdf_text (path, 5, TRUE);
  page6 = pdf_text (path, 6, TRUE);
  g_assert_null (strstr (page1, "Heading Kept"));
  g_assert_nonnull (strstr (page2, "Heading Kept"));
  g_assert_nonnull (strstr (page2, "The paragraph under the heading"));
  g_assert_null (strstr (page2, "Column Alpha"));
  g_assert_nonnull (strstr (page3, "Column Alpha"));
  g_assert_nonnull (strstr (page3, "cell two"));
  /* Page 4 holds only the space that left no room for both. */
  g_assert_null (strstr (page4, "Signed in the presence of"));
  g_assert_nonnull (strstr (page5, "Signed in the presence of"));
  g_assert_nonnull (strstr (page5, "Witness"));
  g_assert_nonnull (strstr (page6, "Last page."));
  g_assert_nonnull (strstr (page6, "after a NULL cell"));
  cd_test_rm_rf (dir);
}

/* Every pixel of a page's left and right margins is white: nothing drawn
 * outside the text area. */
static void
test_doc_margins (void)
{
  g_autoptr(CdDoc) doc = cd_doc_new ("zh_CN", "页眉", "%u / %u");
  g_autoptr(GString) hash = g_string_new (NULL);
  g_autofree char *company = company_name (5, 300);
  const double cols[] = { 0.1, 0.6, 0.3 };
  const char *col_headers[] = { "A", "B", "C" };
  guint i, n, page;

  for (i = 0; i < 3000; i++)
    g_string_append_c (hash, "0123456789abcdefXYZ"[i % 19]);
  cd_doc_paragraph (doc, CD_DOC_TEXT_MONOSPACE, hash->str);
  cd_doc_table_begin (doc, 3, col_headers, cols);
  for (i = 0; i < 40; i++)
    {
      g_autofree char *part = g_strndup (hash->str + i * 7, 120 + i * 5);
      const char *row[] = { part, company, "x" };

      cd_doc_table_row (doc, i % 2 ? CD_DOC_ROW_HIGHLIGHT : CD_DOC_ROW_BOLD, row);
    }
  cd_doc_table_end (doc);
  n = cd_doc_paginate (doc, NULL);
  g_assert_cmpuint (n, >, 1);

  for (page = 0; page < n; page++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 596, 842);
      cairo_t *cr = cairo_create (surface);
      const guint8 *data;
      int stride, x, y;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cd_doc_draw_page (doc, cr, page);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      for (y = 0; y < 842; y++)
        for (x = 0; x < 596; x++)
          {
            guint32 px;

            if (x >= MM (20) - 2 && x < 596 - MM (20) + 2)
              continue;
            px = *(const guint32 *) (data + y * stride + x * 4) & 0xffffff;
            if (px != 0xffffff)
              g_error ("page %u: ink at %d,%d in the margin", page + 1, x, y);
          }
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

static void
test_doc_qr (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "qr.pdf", NULL);
  const char *payload = "https://closuredesk.example/verify?r=CD-2026-0042&h=3f9a1c";
  g_autoptr(CdDoc) doc = cd_doc_new ("zh_CN", "报告", "%u / %u");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *text = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  QRcode *qr;
  const guint8 *data;
  double scale = 2, module;
  int stride, x, y, dark = 0, mismatches = 0;
  guint i;

  cd_doc_qr (doc, payload, "扫描二维码核验本报告的完整性。");
  for (i = 0; i < 8000; i++)
    g_string_append_c (huge, 'A' + i % 26);
  cd_doc_qr (doc, huge->str, "过长的二维码");
  g_assert_cmpuint (cd_doc_paginate (doc, &error), ==, 1);
  g_assert_no_error (error);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (CD_DOC_PAGE_WIDTH * scale),
                                        (int) ceil (CD_DOC_PAGE_HEIGHT * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cd_doc_draw_page (doc, cr, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);

  /* The first block sits at the text area's top left; compare every
   * module centre with libqrencode's own matrix. */
  qr = QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M);
  g_assert_nonnull (qr);
  module = MM (40) / (qr->width + 8);
  for (y = 0; y < qr->width; y++)
    for (x = 0; x < qr->width; x++)
      {
        int px = (int) ((MM (20) + (x + 4.5) * module) * scale);
        int py = (int) ((MM (22) + (y + 4.5) * module) * scale);
        guint8 g = data[py * stride + px * 4 + 1];
        gboolean is_dark = g < 128;

        dark += is_dark;
        if (is_dark != (qr->data[y * qr->width + x] & 1))
          mismatches++;
      }
  g_assert_cmpint (dark, >, qr->width * qr->width / 4);
  g_assert_cmpint (mismatches, ==, 0);
  QRcode_free (qr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  /* A payload too long for any QR code: the document says so. */
  g_assert_true (cd_doc_write_pdf (doc, path, "QR", NULL, &error));
  g_assert_no_error (error);
  keep (path);
  text = pdf_text (path, 0, TRUE);
  g_assert_nonnull (strstr (text, "此二维码无法生成"));
  g_assert_nonnull (strstr (text, "过长的二维码"));
  g_assert_nonnull (strstr (text, "扫描二维码核验本报告的完整性。"));

  cd_test_rm_rf (dir);
}

static void
test_doc_watermark (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "draft.pdf", NULL);
  g_autoptr(CdDoc) doc = make_report (120);
  g_autoptr(GError) error = NULL;
  const char *roles[] = { "经办人", "复核人", "负责人", NULL };
  guint n, p;

  cd_doc_set_watermark (doc, "DRAFT");
  cd_doc_signatures (doc, roles, "签字", "日期", "公司盖章");
  n = cd_doc_paginate (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, >=, 2);
  g_assert_true (cd_doc_write_pdf (doc, path, "Draft", NULL, &error));
  g_assert_no_error (error);
  keep (path);
  for (p = 1; p <= n; p++)
    {
      g_autofree char *text = pdf_text (path, p, TRUE);

      g_assert_nonnull (strstr (text, "DRAFT"));
      if (p == n)
        {
          g_assert_nonnull (strstr (text, "复核人"));
          g_assert_nonnull (strstr (text, "公司盖章"));
        }
    }
  cd_test_rm_rf (dir);
}

static void
test_doc_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.pdf", NULL);
  g_autoptr(CdDoc) doc = cd_doc_new ("en", "Big", "%u / %u");
  g_autoptr(CdDoc) sig = cd_doc_new ("en", "Sig", "%u / %u");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (g_free);
  const char *cells[] = { "a", "b" };
  guint i;
  GDir *d;

  /* A small table, then a page break for each page allowed: one too many. */
  cd_doc_table_begin (doc, 2, NULL, NULL);
  cd_doc_table_row (doc, 0, cells);
  cd_doc_table_end (doc);
  for (i = 0; i < CD_DOC_MAX_PAGES; i++)
    cd_doc_page_break (doc);
  g_assert_cmpuint (cd_doc_paginate (doc, &error), ==, 0);
  g_assert_error (error, CD_DOC_ERROR, CD_DOC_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (cd_doc_write_pdf (doc, path, NULL, NULL, &error));
  g_assert_error (error, CD_DOC_ERROR, CD_DOC_ERROR_TOO_LARGE);
  g_clear_error (&error);
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_dir_close (d);

  /* One page fewer is fine: page breaks are pages. */
  {
    g_autoptr(CdDoc) ok = cd_doc_new ("en", "Ok", "%u / %u");

    cd_doc_paragraph (ok, 0, "x");
    for (i = 0; i < 99; i++)
      cd_doc_page_break (ok);
    cd_doc_paragraph (ok, 0, "y");
    g_assert_cmpuint (cd_doc_paginate (ok, &error), ==, 100);
    g_assert_no_error (error);
  }

  /* A signature block that cannot stay on one page. */
  for (i = 0; i < 40; i++)
    g_ptr_array_add (roles, g_strdup_printf ("Role %u", i));
  g_ptr_array_add (roles, NULL);
  cd_doc_signatures (sig, (const char *const *) roles->pdata, "Name", "Date", "Seal");
  g_assert_cmpuint (cd_doc_paginate (sig, &error), ==, 0);
  g_assert_error (error, CD_DOC_ERROR, CD_DOC_ERROR_TOO_LARGE);

  cd_test_rm_rf (dir);
}

static void
test_doc_write_error (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "missing", "out.pdf", NULL);
  g_autoptr(CdDoc) doc = cd_doc_new ("en", "T", "%u / %u");
  g_autoptr(GError) error = NULL;
  GDir *d;

  cd_doc_paragraph (doc, 0, "Hello");
  g_assert_false (cd_doc_write_pdf (doc, path, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_dir_close (d);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  cd_test_rm_rf (dir);
}

/* Drawing at another scale (a preview, a printer) changes nothing in the
 * pagination and draws without error. */
static void
test_doc_draw_scaled (void)
{
  g_autoptr(CdDoc) doc = make_report (300);
  guint n, page;

  n = cd_doc_get_n_pages (doc);
  g_assert_cmpuint (n, >, 1);
  for (page = 0; page < n; page++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1191, 1684);
      cairo_t *cr = cairo_create (surface);
      const guint8 *data;
      int stride, x, y, inked = 0;

      cairo_scale (cr, 2, 2);
      cd_doc_draw_page (doc, cr, page);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      for (y = 200; y < 1400; y += 4)
        for (x = 120; x < 1070; x += 4)
          inked += data[y * stride + x * 4 + 3] != 0;
      g_assert_cmpint (inked, >, 1000);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  g_assert_cmpuint (cd_doc_get_n_pages (doc), ==, n);
  g_assert_cmpuint (cd_doc_paginate (doc, NULL), ==, n);
}

/* A 10,000-customer appendix, six columns: timed, not asserted on time. */
static void
test_doc_timing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cd-doc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.pdf", NULL);
  g_autoptr(CdDoc) doc = cd_doc_new ("zh_CN", "附录", "第 %u 页 / 共 %u 页");
  g_autoptr(GError) error = NULL;
  const char *cols[] = { "序号", "客户名称", "证件号（脱敏）", "类别", "处置方式", "状态" };
  const double w[] = { 0.1, 0.3, 0.2, 0.14, 0.14, 0.12 };
  gint64 t0, t1, t2;
  guint i, n;

  cd_doc_table_begin (doc, 6, cols, w);
  for (i = 0; i < 10000; i++)
    {
      g_autofree char *serial = g_strdup_printf ("%05u", i + 1);
      g_autofree char *name = company_name (i, 6 + i % 17);
      g_autofree char *id = g_strdup_printf ("3101**********%04u", i % 10000);
      const char *cells[] = { serial, name, id, i % 4 ? "一般" : "敏感", i % 3 ? "匿名化" : "删除",
                              "已完成" };

      cd_doc_table_row (doc, i % 4 ? 0 : CD_DOC_ROW_HIGHLIGHT, cells);
    }
  cd_doc_table_end (doc);

  t0 = g_get_monotonic_time ();
  n = cd_doc_paginate (doc, &error);
  g_assert_no_error (error);
  t1 = g_get_monotonic_time ();
  g_assert_true (cd_doc_write_pdf (doc, path, "Appendix", NULL, &error));
  g_assert_no_error (error);
  t2 = g_get_monotonic_time ();
  g_test_message ("10,000 rows x 6 columns: %u pages, paginate %.2f s, then write the PDF %.2f s",
                  n, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
  g_assert_cmpuint (n, >, 100);
  g_assert_cmpuint (pdf_pages (path), ==, n);
  cd_test_rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doc/report", test_doc_report);
  g_test_add_func ("/doc/long-strings", test_doc_long_strings);
  g_test_add_func ("/doc/keep-with-next", test_doc_keep_with_next);
  g_test_add_func ("/doc/margins", test_doc_margins);
  g_test_add_func ("/doc/qr", test_doc_qr);
  g_test_add_func ("/doc/watermark", test_doc_watermark);
  g_test_add_func ("/doc/too-large", test_doc_too_large);
  g_test_add_func ("/doc/write-error", test_doc_write_error);
  g_test_add_func ("/doc/draw-scaled", test_doc_draw_scaled);
  g_test_add_func ("/doc/timing", test_doc_timing);

  return g_test_run ();
}
