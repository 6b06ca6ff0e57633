/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-redact: PDFs drawn here with cairo and pango (Chinese text, a valid
 * resident ID, a mobile number, clean pages, two page sizes), then
 * detection, export (which pages become images, which keep their text;
 * the same bytes on one thread or several; cancelled midway),
 * verification, boxes files, encrypted, damaged and empty PDFs, and the
 * contained worker through the CLI. Identifiers are compared in memory
 * only; what is printed is masked. */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <poppler.h>

#include "cd-redact-private.h"
#include "cd-test-util.h"

typedef struct
{
  char *dir;
  char *pdf;        /* 4 pages: ID + mobile; clean; grouped ID (landscape); clean (Letter) */
  char *id;         /* the resident ID on page 1 */
  char *grouped;    /* the ID on page 3, as "110101 1990 0101 1234" */
  char *mobile;
} Fixture;

static const char clean_text[] = "第二页：合同条款 Clean page text, no identifiers.";

static void
draw_text (cairo_t    *cr,
           double      x,
           double      y,
           const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Sans CJK SC 12");

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
write_fixture_pdf (Fixture *f)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (f->pdf, 595, 842);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *line1 = g_strdup_printf ("身份证号：%s", f->id);
  g_autofree char *line2 = g_strdup_printf ("手机：%s", f->mobile);
  g_autofree char *line3 = g_strdup_printf ("证件号码 %s 备注", f->grouped);

  /* The metadata carries the ID too: it must not travel. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, line1);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, f->mobile);

  draw_text (cr, 72, 100, "第一页 客户资料");
  draw_text (cr, 72, 140, line1);
  draw_text (cr, 72, 180, line2);
  cairo_show_page (cr);

  draw_text (cr, 72, 100, clean_text);
  cairo_show_page (cr);

  cairo_pdf_surface_set_size (surface, 842, 595);
  draw_text (cr, 72, 100, line3);
  cairo_show_page (cr);

  cairo_pdf_surface_set_size (surface, 612, 792);
  draw_text (cr, 72, 100, "Page four: terms and conditions.");
  cairo_show_page (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-redact-XXXXXX", &error);
  g_assert_no_error (error);
  f->pdf = g_build_filename (f->dir, "in.pdf", NULL);
  f->id = cd_test_resident_id (4242);
  {
    g_autoptr(GString) grouped = g_string_new (NULL);
    g_autofree char *other = cd_test_resident_id (777);

    g_string_append_len (grouped, other, 6);
    g_string_append_c (grouped, ' ');
    g_string_append_len (grouped, other + 6, 4);
    g_string_append_c (grouped, ' ');
    g_string_append_len (grouped, other + 10, 4);
    g_string_append_c (grouped, ' ');
    g_string_append (grouped, other + 14);
    f->grouped = g_string_free (g_steal_pointer (&grouped), FALSE);
  }
  f->mobile = g_strdup ("13812345678");
  write_fixture_pdf (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->pdf);
  g_free (f->id);
  g_free (f->grouped);
  g_free (f->mobile);
}

static char *
page_text (const char *path,
           int         index)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, &error);
  PopplerPage *page;
  char *text;

  g_assert_no_error (error);
  page = poppler_document_get_page (document, index);
  text = poppler_page_get_text (page);
  g_object_unref (page);
  g_object_unref (document);
  return text;
}

static guint
count_parts (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".part"))
      n++;
  return n;
}

static gboolean
text_contains_stripped (const char *haystack,
                        const char *needle)
{
  g_autofree char *h = cd_redact_strip_separators (haystack);
  g_autofree char *n = cd_redact_strip_separators (needle);

  return strstr (h, n) != NULL;
}

/* -- detection ------------------------------------------------------------- */

static void
test_detect (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = cd_redact_document_open (f->pdf, NULL, &error);
  GPtrArray *boxes;
  guint per_page[5] = { 0, };
  guint kinds[CD_N_DETECT_KINDS] = { 0, };
  double w, h;

  g_assert_no_error (error);
  g_assert_cmpuint (cd_redact_document_get_n_pages (doc), ==, 4);
  g_assert_true (cd_redact_document_get_page_size (doc, 3, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, 842, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 595, 0.01);
  g_assert_false (cd_redact_document_get_page_size (doc, 5, &w, &h));

  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  boxes = cd_redact_document_get_boxes (doc);
  g_assert_cmpuint (boxes->len, ==, 3);
  for (guint i = 0; i < boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (boxes, i);

      g_assert_cmpuint (box->page, >=, 1);
      g_assert_cmpuint (box->page, <=, 4);
      per_page[box->page]++;
      g_assert_cmpint (box->kind, >=, 0);
      kinds[box->kind]++;
      g_assert_cmpint (box->source, ==, CD_REDACT_SOURCE_TEXT);
      g_assert_false (box->excluded);
      g_assert_nonnull (box->masked);
      g_assert_null (strstr (box->masked, f->id));
      g_assert_null (strstr (box->masked, f->mobile));
      /* One line each, inside the page, about a line of 12-point text high. */
      g_assert_cmpuint (box->rects->len, ==, 1);
      {
        const CdRedactRect *r = &g_array_index (box->rects, CdRedactRect, 0);

        cd_redact_document_get_page_size (doc, box->page, &w, &h);
        g_assert_cmpfloat (r->x, >=, 72);
        g_assert_cmpfloat (r->x + r->width, <=, w);
        g_assert_cmpfloat (r->y, >=, 90);
        g_assert_cmpfloat (r->y + r->height, <=, 220);
        g_assert_cmpfloat (r->height, >, 8);
        g_assert_cmpfloat (r->height, <, 30);
        g_assert_cmpfloat (r->width, >, 60);
      }
    }
  g_assert_cmpuint (per_page[1], ==, 2);
  g_assert_cmpuint (per_page[2], ==, 0);
  g_assert_cmpuint (per_page[3], ==, 1);
  g_assert_cmpuint (per_page[4], ==, 0);
  g_assert_cmpuint (kinds[CD_DETECT_RESIDENT_ID], ==, 2);
  g_assert_cmpuint (kinds[CD_DETECT_MOBILE], ==, 1);
  g_assert_cmpuint (cd_redact_document_count_page_boxes (doc, 1, TRUE), ==, 2);

  /* Detecting again replaces, it does not add. */
  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_KIND_MASK (CD_DETECT_MOBILE), NULL, NULL, NULL, &error));
  g_assert_cmpuint (boxes->len, ==, 1);
}

/* -- export ------------------------------------------------------------------ */

static void
test_export_auto (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = cd_redact_document_open (f->pdf, NULL, &error);
  g_autofree char *out = g_build_filename (f->dir, "out.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (out, NULL, NULL);
  g_autofree char *in_clean = page_text (f->pdf, 1);
  g_autofree char *out_clean = NULL;
  g_autofree char *out_four = NULL;
  g_autofree char *in_four = page_text (f->pdf, 3);
  CdRedactResult result;
  g_autofree char *pdftotext = NULL;
  CdRedactOptions options = { 100 };
  PopplerDocument *output;

  g_assert_no_error (error);
  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
  g_assert_true (cd_redact_document_export (doc, out, &options, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (result.n_pages, ==, 4);
  g_assert_cmpuint (result.n_rasterized, ==, 2);
  g_assert_cmpuint (result.n_vector, ==, 2);
  g_assert_cmpuint (result.n_boxes, ==, 3);
  g_assert_cmpuint (result.n_annotations, ==, 0);
  g_assert_cmpuint (result.n_excluded, ==, 0);
  g_assert_cmpuint (result.kinds[CD_DETECT_RESIDENT_ID], ==, 2);
  g_assert_cmpuint (result.kinds[CD_DETECT_MOBILE], ==, 1);
  g_assert_true (result.verified);
  g_assert_cmpuint (count_parts (f->dir), ==, 0);

  output = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (output), ==, 4);
  {
    static const double sizes[4][2] = { { 595, 842 }, { 595, 842 }, { 842, 595 }, { 612, 792 } };

    for (int i = 0; i < 4; i++)
      {
        PopplerPage *page = poppler_document_get_page (output, i);
        char *text = poppler_page_get_text (page);
        double w, h;

        poppler_page_get_size (page, &w, &h);
        g_assert_cmpfloat_with_epsilon (w, sizes[i][0], 0.5);
        g_assert_cmpfloat_with_epsilon (h, sizes[i][1], 0.5);
        /* The redacted pages are images: no text at all. */
        if (i == 0 || i == 2)
          g_assert_cmpstr (text, ==, "");
        g_assert_false (text_contains_stripped (text, f->id));
        g_assert_false (text_contains_stripped (text, f->grouped));
        g_assert_false (text_contains_stripped (text, f->mobile));
        g_free (text);
        g_object_unref (page);
      }
  }
  {
    char *title = poppler_document_get_title (output);
    char *author = poppler_document_get_author (output);

    g_assert_null (title);
    g_assert_null (author);
  }
  g_object_unref (output);

  /* The clean pages keep their text, as it was. */
  out_clean = page_text (out, 1);
  out_four = page_text (out, 3);
  /* (cairo writes a ligature's text as the ligature: "ﬁ" for "fi") */
  {
    g_autofree char *a = g_utf8_normalize (out_clean, -1, G_NORMALIZE_ALL);
    g_autofree char *b = g_utf8_normalize (in_clean, -1, G_NORMALIZE_ALL);
    g_autofree char *c = g_utf8_normalize (out_four, -1, G_NORMALIZE_ALL);
    g_autofree char *d = g_utf8_normalize (in_four, -1, G_NORMALIZE_ALL);

    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (c, ==, d);
  }
  g_assert_nonnull (strstr (out_clean, "Clean page text"));

  /* And so pdftotext sees them. */
  pdftotext = g_find_program_in_path ("pdftotext");
  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, "-f", "2", "-l", "2", out, "-", NULL };
      g_autofree char *stdout_text = NULL;
      int wait_status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &stdout_text, NULL, &wait_status, &error));
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      g_assert_nonnull (strstr (stdout_text, "Clean page text, no identi"));
      g_assert_nonnull (strstr (stdout_text, "合同条款"));
    }
  /* Nowhere in the file's bytes either (raw, as written). */
  g_assert_false (cd_test_file_contains (out, f->id, strlen (f->id)));
  g_assert_false (cd_test_file_contains (out, f->mobile, strlen (f->mobile)));
}

static void
test_export_excluded (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = cd_redact_document_open (f->pdf, NULL, &error);
  g_autofree char *out = g_build_filename (f->dir, "out.pdf", NULL);
  g_autofree char *third = NULL;
  GPtrArray *boxes;
  CdRedactResult result;

  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
  boxes = cd_redact_document_get_boxes (doc);
  /* Keep the grouped ID on page 3: that page keeps its text. */
  for (guint i = 0; i < boxes->len; i++)
    {
      CdRedactBox *box = g_ptr_array_index (boxes, i);

      if (box->page == 3)
        box->excluded = TRUE;
    }
  g_assert_true (cd_redact_document_export (doc, out, NULL, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_rasterized, ==, 1);
  g_assert_cmpuint (result.n_vector, ==, 3);
  g_assert_cmpuint (result.n_boxes, ==, 2);
  g_assert_cmpuint (result.n_excluded, ==, 1);
  third = page_text (out, 2);
  g_assert_true (text_contains_stripped (third, f->grouped));
}

static void
test_manual_box (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = cd_redact_document_open (f->pdf, NULL, &error);
  g_autofree char *out = g_build_filename (f->dir, "manual.pdf", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  CdRedactRect rect = { 72, 90, 300, 30 };
  CdRedactBox *box;
  CdRedactResult result;

  box = cd_redact_document_add_box (doc, 2, &rect, &error);
  g_assert_no_error (error);
  g_assert_nonnull (box);
  g_assert_cmpint (box->source, ==, CD_REDACT_SOURCE_MANUAL);
  g_assert_cmpint (box->kind, ==, -1);

  g_assert_true (cd_redact_document_export (doc, out, NULL, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_rasterized, ==, 1);
  g_assert_cmpuint (result.n_vector, ==, 3);
  g_assert_cmpuint (result.n_boxes, ==, 1);
  g_assert_true (result.verified);
  second = page_text (out, 1);
  g_assert_cmpstr (second, ==, "");
  /* Without --auto the identifiers on page 1 stay. */
  first = page_text (out, 0);
  g_assert_true (text_contains_stripped (first, f->id));

  /* Outside the page, off the document, empty, not finite. */
  {
    CdRedactRect outside = { 5000, 5000, 10, 10 };
    CdRedactRect empty = { 10, 10, 0, 10 };
    CdRedactRect negative = { -1, 10, 10, 10 };
    CdRedactRect nan_rect = { NAN, 10, 10, 10 };

    g_assert_null (cd_redact_document_add_box (doc, 1, &outside, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (cd_redact_document_add_box (doc, 5, &rect, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (cd_redact_document_add_box (doc, 0, &rect, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (cd_redact_document_add_box (doc, 1, &empty, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (cd_redact_document_add_box (doc, 1, &negative, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (cd_redact_document_add_box (doc, 1, &nan_rect, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (cd_redact_document_get_boxes (doc)->len, ==, 1);
}

static void
test_boxes_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = cd_redact_document_open (f->pdf, NULL, &error);
  static const char good[] =
    "{\"boxes\": [{\"page\": 1, \"x\": 72.0, \"y\": 100.0, \"width\": 120.0, \"height\": 14.0},"
    "             {\"page\": 4, \"x\": 0, \"y\": 0, \"width\": 612, \"height\": 792}]}";
  static const char * const bad[] = {
    "",
    "{",
    "[]",
    "{\"boxes\": {}}",
    "{\"box\": []}",
    "{\"boxes\": [1]}",
    "{\"boxes\": [{\"page\": 0, \"x\": 1, \"y\": 1, \"width\": 1, \"height\": 1}]}",
    "{\"boxes\": [{\"page\": 1.5, \"x\": 1, \"y\": 1, \"width\": 1, \"height\": 1}]}",
    "{\"boxes\": [{\"page\": 1, \"x\": -1, \"y\": 1, \"width\": 1, \"height\": 1}]}",
    "{\"boxes\": [{\"page\": 1, \"x\": 1, \"y\": 1, \"width\": 0, \"height\": 1}]}",
    "{\"boxes\": [{\"page\": 1, \"x\": \"1\", \"y\": 1, \"width\": 1, \"height\": 1}]}",
    "{\"boxes\": [{\"page\": 1, \"x\": 1, \"y\": 1, \"width\": 1}]}",
    "{\"boxes\": [{\"page\": 1, \"x\": 1, \"y\": 1, \"width\": 1, \"height\": 1, \"colour\": 1}]}",
    "{\"boxes\": [{\"page\": 1, \"x\": 1e999, \"y\": 1, \"width\": 1, \"height\": 1}]}",
  };

  g_assert_true (cd_redact_validate_boxes_json (good, strlen (good), &error));
  g_assert_no_error (error);
  g_assert_true (cd_redact_document_add_boxes_json (doc, good, strlen (good), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cd_redact_document_get_boxes (doc)->len, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad boxes %u", i);
      g_assert_false (cd_redact_validate_boxes_json (bad[i], strlen (bad[i]), &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == CD_REDACT_ERROR);
      g_clear_error (&error);
    }

  /* Page 9 is valid JSON but not in this document: none is added. */
  {
    static const char beyond[] =
      "{\"boxes\": [{\"page\": 1, \"x\": 1, \"y\": 1, \"width\": 1, \"height\": 1},"
      "             {\"page\": 9, \"x\": 1, \"y\": 1, \"width\": 1, \"height\": 1}]}";

    g_assert_true (cd_redact_validate_boxes_json (beyond, strlen (beyond), &error));
    g_assert_false (cd_redact_document_add_boxes_json (doc, beyond, strlen (beyond), &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_assert_cmpuint (cd_redact_document_get_boxes (doc)->len, ==, 2);
  }
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = cd_redact_document_open (f->pdf, NULL, &error);
  g_autofree char *out = g_build_filename (f->dir, "search.pdf", NULL);
  CdRedactResult result;

  g_assert_cmpuint (cd_redact_document_search (doc, "合同条款", NULL, &error), ==, 1);
  g_assert_cmpuint (cd_redact_document_search (doc, "terms", NULL, &error), ==, 1);
  g_assert_cmpuint (cd_redact_document_search (doc, "nowhere to be found", NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (cd_redact_document_export (doc, out, NULL, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_rasterized, ==, 2);
  g_assert_cmpuint (result.n_vector, ==, 2);
  g_assert_cmpuint (result.n_boxes, ==, 2);
}

/* -- export on several threads --------------------------------------------- */

/* @n_pages pages of three sizes; every page but each third one has a
 * resident ID on it, so raster and vector pages alternate unevenly. */
static void
write_long_pdf (const char *path,
                guint       n_pages)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  static const double sizes[3][2] = { { 595, 842 }, { 842, 595 }, { 612, 792 } };

  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *title = g_strdup_printf ("第 %u 页 Page %u of the contract", i + 1, i + 1);

      cairo_pdf_surface_set_size (surface, sizes[i % 3][0], sizes[i % 3][1]);
      draw_text (cr, 72, 100, title);
      draw_text (cr, 72, 140, clean_text);
      if (i % 3 != 2)
        {
          g_autofree char *id = cd_test_resident_id (1000 + i);
          g_autofree char *line = g_strdup_printf ("身份证号：%s", id);

          draw_text (cr, 72, 180, line);
        }
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* A PDF's bytes, the date cairo writes into it blanked. */
static GBytes *
read_undated (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;
  char *date;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  date = memmem (contents, len, "/CreationDate (", strlen ("/CreationDate ("));
  g_assert_nonnull (date);
  for (char *p = date + strlen ("/CreationDate ("); p < contents + len && *p != ')'; p++)
    *p = '0';
  return g_bytes_new_take (contents, len);
}

static GBytes *
export_with_threads (CdRedactDocument *doc,
                     const char       *out,
                     guint             n_threads,
                     CdRedactResult   *result)
{
  g_autoptr(GError) error = NULL;
  CdRedactOptions options = { 72 };

  cd_redact_set_n_threads (n_threads);
  g_assert_true (cd_redact_document_export (doc, out, &options, result, NULL, NULL, NULL, &error));
  cd_redact_set_n_threads (0);
  g_assert_no_error (error);
  g_assert_true (result->verified);
  return read_undated (out);
}

static void
test_export_threads (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *in = g_build_filename (f->dir, "long.pdf", NULL);
  g_autofree char *out = g_build_filename (f->dir, "long-out.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = NULL;
  g_autoptr(GBytes) one = NULL;
  CdRedactResult result_one;

  write_long_pdf (in, 14);
  doc = cd_redact_document_open (in, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));

  one = export_with_threads (doc, out, 1, &result_one);
  g_assert_cmpuint (result_one.n_rasterized, ==, 10);
  g_assert_cmpuint (result_one.n_vector, ==, 4);

  /* Byte for byte the same, however many threads drew it, and whether the
   * PDF came from a file or from memory. */
  for (guint n = 2; n <= 4; n++)
    {
      g_autoptr(GBytes) many = NULL;
      CdRedactResult result;

      g_test_message ("%u threads", n);
      many = export_with_threads (doc, out, n, &result);
      g_assert_true (g_bytes_equal (one, many));
      g_assert_cmpmem (&result, sizeof result, &result_one, sizeof result_one);
    }
  {
    g_autofree char *contents = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(CdRedactDocument) from_memory = NULL;
    g_autoptr(GBytes) many = NULL;
    gsize len = 0;
    CdRedactResult result;

    g_assert_true (g_file_get_contents (in, &contents, &len, &error));
    bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
    from_memory = cd_redact_document_open_bytes (bytes, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (cd_redact_document_detect (from_memory, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
    many = export_with_threads (from_memory, out, 4, &result);
    g_assert_true (g_bytes_equal (one, many));
  }
  g_assert_cmpuint (count_parts (f->dir), ==, 0);
}

typedef struct
{
  GCancellable  *cancellable;
  CdRedactPhase  phase;
  guint          at;
  guint          calls;
  guint          last_done;
  gboolean       in_order;
} CancelAt;

static void
cancel_at (CdRedactPhase phase,
           guint         done,
           guint         total,
           gpointer      user_data)
{
  CancelAt *c = user_data;

  c->calls++;
  if (phase == c->phase)
    {
      c->in_order &= done == c->last_done + 1;
      c->last_done = done;
      if (done == c->at)
        g_cancellable_cancel (c->cancellable);
    }
}

static void
test_export_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *in = g_build_filename (f->dir, "long.pdf", NULL);
  g_autofree char *out = g_build_filename (f->dir, "cancelled.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = NULL;

  write_long_pdf (in, 20);
  doc = cd_redact_document_open (in, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));

  /* Midway through the pages, then midway through verification; with one
   * thread and with several, which are then working on pages ahead. */
  for (guint n = 1; n <= 4; n += 3)
    for (CdRedactPhase phase = CD_REDACT_PHASE_EXPORT; phase <= CD_REDACT_PHASE_VERIFY; phase++)
      {
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        CancelAt c = { cancellable, phase, 5, 0, 0, TRUE };
        CdRedactResult result;

        g_test_message ("%u threads, phase %d", n, phase);
        cd_redact_set_n_threads (n);
        g_assert_false (cd_redact_document_export (doc, out, NULL, &result, cancellable, cancel_at, &c, &error));
        cd_redact_set_n_threads (0);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_clear_error (&error);
        g_assert_true (c.in_order);
        g_assert_cmpuint (c.last_done, ==, 5);
        g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
        g_assert_cmpuint (count_parts (f->dir), ==, 0);
      }

  /* The document is still good for an export. */
  {
    CdRedactResult result;

    g_assert_true (cd_redact_document_export (doc, out, NULL, &result, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (result.n_rasterized, ==, 14);
  }
}

/* -- verification -------------------------------------------------------------- */

static void
test_verify_fails (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = cd_redact_document_open (f->pdf, NULL, &error);
  g_autofree char *out = g_build_filename (f->dir, "tampered.pdf", NULL);
  GPtrArray *boxes;
  CdRedactResult result;

  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
  boxes = cd_redact_document_get_boxes (doc);
  /* The boxes of page 1 miss it: they land on page 2, page 1 keeps its text. */
  for (guint i = 0; i < boxes->len; i++)
    {
      CdRedactBox *box = g_ptr_array_index (boxes, i);

      if (box->page == 1)
        box->page = 2;
    }
  g_assert_false (cd_redact_document_export (doc, out, NULL, &result, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_VERIFY_FAILED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_parts (f->dir), ==, 0);
}

static void
test_strip_separators (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "110101 1990-0101.123X", "11010119900101123x" },
    { "", "" },
    { "１３８\u3000１２３４－５６７８", "13812345678" },
    { "a\u00b7b\u30fbc\u2014d\ne\tf", "abcdef" },
    { "\ufb01\u2460\u2461", "fi12" },
    { "身份证 号", "身份证号" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stripped = cd_redact_strip_separators (cases[i].in);

      g_assert_cmpstr (stripped, ==, cases[i].out);
    }
  {
    /* Invalid UTF-8 is replaced, not copied. */
    g_autofree char *stripped = cd_redact_strip_separators ("12\xff" "34");

    g_assert_true (g_utf8_validate (stripped, -1, NULL));
    g_assert_nonnull (strstr (stripped, "34"));
  }
}

/* -- bad input ------------------------------------------------------------------- */

static void
test_encrypted (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *enc = g_build_filename (f->dir, "enc.pdf", NULL);
  g_autofree char *out = g_build_filename (f->dir, "enc-out.pdf", NULL);
  g_autoptr(GError) error = NULL;
  CdRedactDocument *doc;
  CdRedactResult result;
  int wait_status = 0;

  if (qpdf == NULL)
    {
      g_test_skip ("qpdf is not installed");
      return;
    }
  {
    const char *argv[] = { qpdf, "--encrypt", "user", "owner", "256", "--", f->pdf, enc, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &wait_status, &error));
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }

  doc = cd_redact_document_open (enc, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_ENCRYPTED);
  g_clear_error (&error);

  doc = cd_redact_document_open (enc, "wrong", &error);
  g_assert_null (doc);
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  doc = cd_redact_document_open (enc, "user", &error);
  g_assert_no_error (error);
  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
  g_assert_cmpuint (cd_redact_document_get_boxes (doc)->len, ==, 3);
  g_assert_true (cd_redact_document_export (doc, out, NULL, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_rasterized, ==, 2);
  g_object_unref (doc);

  /* The output is not encrypted. */
  {
    g_autofree char *text = page_text (out, 1);

    g_assert_nonnull (strstr (text, "Clean page text"));
  }
}

static void
test_rotated (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *rot = g_build_filename (f->dir, "rot.pdf", NULL);
  g_autofree char *out = g_build_filename (f->dir, "rot-out.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) doc = NULL;
  CdRedactResult result;
  GPtrArray *boxes;
  double w = 0, h = 0;
  int wait_status = 0;

  if (qpdf == NULL)
    {
      g_test_skip ("qpdf is not installed");
      return;
    }
  {
    const char *argv[] = { qpdf, "--rotate=+90:1", "--", f->pdf, rot, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &wait_status, &error));
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  }

  doc = cd_redact_document_open (rot, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cd_redact_document_get_page_size (doc, 1, &w, &h));
  g_assert_cmpfloat_with_epsilon (w, 842, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 595, 0.01);
  g_assert_true (cd_redact_document_detect (doc, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
  boxes = cd_redact_document_get_boxes (doc);
  g_assert_cmpuint (boxes->len, ==, 3);
  for (guint i = 0; i < boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (boxes, i);
      const CdRedactRect *r = &g_array_index (box->rects, CdRedactRect, 0);

      if (box->page != 1)
        continue;
      /* Turned a quarter clockwise: the lines run down the page, on the right. */
      g_assert_cmpfloat (r->height, >, r->width);
      g_assert_cmpfloat (r->x, >, 600);
      g_assert_cmpfloat (r->x + r->width, <=, 842);
      g_assert_cmpfloat (r->y + r->height, <=, 595);
    }

  g_assert_true (cd_redact_document_export (doc, out, NULL, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_rasterized, ==, 2);
  {
    g_autofree char *uri = g_filename_to_uri (out, NULL, NULL);
    PopplerDocument *output = poppler_document_new_from_file (uri, NULL, &error);
    PopplerPage *page = poppler_document_get_page (output, 0);

    poppler_page_get_size (page, &w, &h);
    g_assert_cmpfloat_with_epsilon (w, 842, 0.5);
    g_assert_cmpfloat_with_epsilon (h, 595, 0.5);
    g_object_unref (page);
    g_object_unref (output);
  }
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.pdf", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) half = NULL;
  CdRedactDocument *doc;
  gsize len = 0;

  g_assert_true (g_file_set_contents (garbage, "%PDF-1.7\nthis is not a PDF at all\n", -1, &error));
  doc = cd_redact_document_open (garbage, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, &error));
  doc = cd_redact_document_open (empty, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT);
  g_clear_error (&error);

  doc = cd_redact_document_open (f->dir, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED);
  g_clear_error (&error);

  /* Cut in the middle of the first page's content: nothing to read. */
  g_assert_true (g_file_get_contents (f->pdf, &contents, &len, &error));
  half = g_bytes_new (contents, 200);
  doc = cd_redact_document_open_bytes (half, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT);
  g_clear_error (&error);
}

static void
test_no_pages (Fixture       *f,
               gconstpointer  data)
{
  /* A page tree with no kids; cairo never writes one. */
  static const char pdf[] =
    "%PDF-1.4\n"
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    "trailer << /Root 1 0 R /Size 3 >>\n"
    "%%EOF\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autoptr(GError) error = NULL;
  CdRedactDocument *doc = cd_redact_document_open_bytes (bytes, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_NO_PAGES);
}

/* -- the contained worker ------------------------------------------------------------ */

static void
test_contained (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "contained.pdf", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("CLOSURE_DESK_REDACT_WORKER"));
  g_autoptr(GError) error = NULL;
  CdRedactRequest request = { 0, };
  CdRedactResult result;

  if (saved == NULL)
    {
      g_test_skip ("CLOSURE_DESK_REDACT_WORKER is not set");
      return;
    }
  request.input = f->pdf;
  request.output = out;
  request.auto_detect = TRUE;
  g_assert_true (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_pages, ==, 4);
  g_assert_cmpuint (result.n_rasterized, ==, 2);
  g_assert_cmpuint (result.n_vector, ==, 2);
  g_assert_cmpuint (result.n_boxes, ==, 3);
  g_assert_cmpuint (result.kinds[CD_DETECT_RESIDENT_ID], ==, 2);
  g_assert_true (result.verified);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_parts (f->dir), ==, 0);

  /* The same file in and out is refused before anything is written. */
  request.output = f->pdf;
  g_assert_false (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
  g_clear_error (&error);

  /* A worker that dies (this program, see main ()): an error, no output,
   * no leftovers. */
  g_setenv ("CLOSURE_DESK_REDACT_WORKER", self_exe, TRUE);
  g_setenv ("TEST_REDACT_FAKE_WORKER", "crash", TRUE);
  g_unlink (out);
  request.output = out;
  g_assert_false (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_WORKER_CRASHED);
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_parts (f->dir), ==, 0);

  /* A worker that hangs: stopped at the time limit. */
  g_setenv ("TEST_REDACT_FAKE_WORKER", "hang", TRUE);
  request.timeout_s = 1;
  g_assert_false (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT);
  g_clear_error (&error);
  g_assert_cmpuint (count_parts (f->dir), ==, 0);
  g_setenv ("CLOSURE_DESK_REDACT_WORKER", saved, TRUE);
  g_unsetenv ("TEST_REDACT_FAKE_WORKER");

  /* Errors come back with their codes. */
  {
    g_autofree char *garbage = g_build_filename (f->dir, "garbage.pdf", NULL);

    g_assert_true (g_file_set_contents (garbage, "not a pdf", -1, &error));
    request.input = garbage;
    request.timeout_s = 0;
    g_assert_false (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT);
    g_clear_error (&error);
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run  *run,
         ...)
{
  const char *cli = g_getenv ("CLOSURE_DESK_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "redact");
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "cli.pdf", NULL);
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.pdf", NULL);
  g_autofree char *boxes = g_build_filename (f->dir, "boxes.json", NULL);
  g_autofree char *bad_boxes = g_build_filename (f->dir, "bad.json", NULL);
  g_autofree char *in_dir = g_build_filename (f->dir, "batch", NULL);
  g_autofree char *out_dir = g_build_filename (f->dir, "batch-out", NULL);
  g_autofree char *copy = g_build_filename (in_dir, "a.pdf", NULL);
  g_autofree char *copy_garbage = g_build_filename (in_dir, "b.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *qpdf = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  if (g_getenv ("CLOSURE_DESK_CLI") == NULL)
    {
      g_test_skip ("CLOSURE_DESK_CLI is not set");
      return;
    }

  {
    g_auto(Run) run = { 0, };
    g_autofree char *expected = g_strdup_printf ("%s → %s: 4 pages (2 rasterized, 2 kept as text), 3 boxes, verified\n",
                                                 f->pdf, out);

    run_cli (&run, "--auto", f->pdf, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
    g_assert_cmpstr (run.err, ==, "");
    g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_auto(Run) run = { 0, };

    g_assert_true (g_file_set_contents (garbage, "garbage, not a PDF", -1, &error));
    g_unlink (out);
    run_cli (&run, "--auto", garbage, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_cmpstr (run.out, ==, "");
    g_assert_nonnull (strstr (run.err, "damaged"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run = { 0, };
    g_autofree char *expected = g_strdup_printf ("%s → %s: 4 pages (1 rasterized, 3 kept as text), 1 box, verified\n",
                                                 f->pdf, out);

    g_assert_true (g_file_set_contents (boxes, "{\"boxes\": [{\"page\": 4, \"x\": 72.0, \"y\": 90.0, "
                                        "\"width\": 120.0, \"height\": 14.0}]}", -1, &error));
    run_cli (&run, "--boxes", boxes, "--dpi", "72", f->pdf, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, expected);
  }
  {
    g_auto(Run) run = { 0, };

    g_assert_true (g_file_set_contents (bad_boxes, "{\"boxes\": [{\"page\": 1}]}", -1, &error));
    run_cli (&run, "--boxes", bad_boxes, f->pdf, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "box 1"));
  }
  {
    /* Page 7 of a 4-page PDF: found when the PDF is opened. */
    g_auto(Run) run = { 0, };

    g_assert_true (g_file_set_contents (bad_boxes, "{\"boxes\": [{\"page\": 7, \"x\": 1, \"y\": 1, "
                                        "\"width\": 1, \"height\": 1}]}", -1, &error));
    g_unlink (out);
    run_cli (&run, "--boxes", bad_boxes, f->pdf, "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "page 7"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(Run) run_nothing = { 0, };
    g_auto(Run) run_no_out = { 0, };
    g_auto(Run) run_dpi = { 0, };
    g_auto(Run) run_two = { 0, };

    run_cli (&run_nothing, f->pdf, "-o", out, NULL);
    g_assert_cmpint (run_nothing.status, ==, 2);
    run_cli (&run_no_out, "--auto", f->pdf, NULL);
    g_assert_cmpint (run_no_out.status, ==, 2);
    run_cli (&run_dpi, "--auto", "--dpi", "5000", f->pdf, "-o", out, NULL);
    g_assert_cmpint (run_dpi.status, ==, 2);
    run_cli (&run_two, "--auto", f->pdf, f->pdf, "-o", out, NULL);
    g_assert_cmpint (run_two.status, ==, 2);
  }

  /* Batch: one good, one damaged; the good one is written, the status is 1. */
  g_assert_cmpint (g_mkdir (in_dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (f->pdf, &contents, &len, &error));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, &error));
  g_assert_true (g_file_set_contents (copy_garbage, "%PDF-1.4\ngarbage", -1, &error));
  {
    g_auto(Run) run = { 0, };
    g_autofree char *a_out = g_build_filename (out_dir, "a.pdf", NULL);
    g_autofree char *b_out = g_build_filename (out_dir, "b.pdf", NULL);

    run_cli (&run, "--auto", "--dir", in_dir, "-o", out_dir, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.out, "a.pdf: 4 pages (2 rasterized, 2 kept as text), 3 boxes, verified\n"));
    g_assert_nonnull (strstr (run.err, "b.pdf"));
    g_assert_nonnull (strstr (run.err, "1 of 2"));
    g_assert_true (g_file_test (a_out, G_FILE_TEST_IS_REGULAR));
    g_assert_false (g_file_test (b_out, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (count_parts (out_dir), ==, 0);
  }
  {
    g_auto(Run) run = { 0, };

    run_cli (&run, "--auto", "--dir", in_dir, "-o", in_dir, NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  /* Encrypted: a clear error, and the password from a file. */
  qpdf = g_find_program_in_path ("qpdf");
  if (qpdf != NULL)
    {
      g_autofree char *enc = g_build_filename (f->dir, "enc.pdf", NULL);
      g_autofree char *pw = g_build_filename (f->dir, "pw.txt", NULL);
      const char *argv[] = { qpdf, "--encrypt", "user", "owner", "256", "--", f->pdf, enc, NULL };
      g_auto(Run) run = { 0, };
      g_auto(Run) run_pw = { 0, };
      int wait_status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &wait_status, &error));
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      run_cli (&run, "--auto", enc, "-o", out, NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_nonnull (strstr (run.err, "encrypted: give --password-file FILE"));

      g_assert_true (g_file_set_contents (pw, "user\n", -1, &error));
      run_cli (&run_pw, "--auto", "--password-file", pw, enc, "-o", out, NULL);
      g_assert_cmpint (run_pw.status, ==, 0);
      g_assert_nonnull (strstr (run_pw.out, "verified"));
    }
}

int
main (int    argc,
      char **argv)
{
  const char *fake = g_getenv ("TEST_REDACT_FAKE_WORKER");

  /* Started as a redaction worker by /redact/worker: misbehave. */
  if (g_strcmp0 (fake, "crash") == 0)
    {
      signal (SIGSEGV, SIG_DFL);
      raise (SIGSEGV);
      return 1;
    }
  if (g_strcmp0 (fake, "hang") == 0)
    {
      g_usleep (30 * G_USEC_PER_SEC);
      return 1;
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/redact/detect", Fixture, NULL, fixture_setup, test_detect, fixture_teardown);
  g_test_add ("/redact/export/auto", Fixture, NULL, fixture_setup, test_export_auto, fixture_teardown);
  g_test_add ("/redact/export/excluded", Fixture, NULL, fixture_setup, test_export_excluded, fixture_teardown);
  g_test_add ("/redact/export/manual-box", Fixture, NULL, fixture_setup, test_manual_box, fixture_teardown);
  g_test_add ("/redact/export/search", Fixture, NULL, fixture_setup, test_search, fixture_teardown);
  g_test_add ("/redact/export/threads", Fixture, NULL, fixture_setup, test_export_threads, fixture_teardown);
  g_test_add ("/redact/export/cancel", Fixture, NULL, fixture_setup, test_export_cancel, fixture_teardown);
  g_test_add ("/redact/boxes-json", Fixture, NULL, fixture_setup, test_boxes_json, fixture_teardown);
  g_test_add ("/redact/verify/fails", Fixture, NULL, fixture_setup, test_verify_fails, fixture_teardown);
  g_test_add_func ("/redact/verify/strip-separators", test_strip_separators);
  g_test_add ("/redact/open/encrypted", Fixture, NULL, fixture_setup, test_encrypted, fixture_teardown);
  g_test_add ("/redact/open/rotated", Fixture, NULL, fixture_setup, test_rotated, fixture_teardown);
  g_test_add ("/redact/open/corrupt", Fixture, NULL, fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/redact/open/no-pages", Fixture, NULL, fixture_setup, test_no_pages, fixture_teardown);
  g_test_add ("/redact/worker", Fixture, NULL, fixture_setup, test_contained, fixture_teardown);
  g_test_add ("/redact/cli", Fixture, NULL, fixture_setup, test_cli, fixture_teardown);

  return g_test_run ();
}
