/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the application needs of redaction beyond the CLI: a plan of the
 * user's boxes that the contained worker repeats exactly (round trip,
 * export through the worker, every malformed plan refused), the probe that
 * opens a PDF in the worker first, "redact everything of a customer", and
 * the record of each redaction in the case (sealed paths, audit entry,
 * passphrase change). */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-test-util.h"

#define NAME "欧阳明远"

typedef struct
{
  CdTestCase  tc;
  char       *pdf;
  char       *id_number;
  char       *phone;
  char       *other_phone;
} Fixture;

/* Page 1: name, ID, phone; page 2: another phone only; page 3: the name. */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  cd_test_case_setup (&fixture->tc, NULL);
  fixture->id_number = cd_test_resident_id (777);
  fixture->phone = cd_test_mobile (12345678);
  fixture->other_phone = cd_test_mobile (87654321);
  fixture->pdf = g_build_filename (fixture->tc.dir, "contract.pdf", NULL);
  cd_test_write_contract_pdf (fixture->pdf, NAME, fixture->id_number, fixture->phone, fixture->other_phone);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_free (fixture->pdf);
  g_free (fixture->id_number);
  g_free (fixture->phone);
  g_free (fixture->other_phone);
  cd_test_case_teardown (&fixture->tc, NULL);
}

static CdRedactDocument *
open_detected (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CdRedactDocument *document = cd_redact_document_open (fixture->pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (cd_redact_document_detect (document, CD_DETECT_ALL_KINDS, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return document;
}

static CdRedactBox *
find_box (CdRedactDocument *document,
          guint             page,
          CdRedactSource    source,
          int               kind)
{
  GPtrArray *boxes = cd_redact_document_get_boxes (document);

  for (guint i = 0; i < boxes->len; i++)
    {
      CdRedactBox *box = g_ptr_array_index (boxes, i);

      if (box->page == page && box->source == source && (kind < 0 || box->kind == kind))
        return box;
    }
  return NULL;
}

/* The user's work: detection, a search, a box by hand, two kept. */
static CdRedactDocument *
make_edited (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  CdRedactDocument *document = open_detected (fixture);
  CdRedactRect rect = { 300, 500, 120, 40 };
  CdRedactBox *kept_phone;
  CdRedactBox *kept_name;

  g_assert_cmpuint (cd_redact_document_search (document, NAME, NULL, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_nonnull (cd_redact_document_add_box (document, 3, &rect, &error));
  kept_phone = find_box (document, 2, CD_REDACT_SOURCE_TEXT, CD_DETECT_MOBILE);
  kept_name = find_box (document, 3, CD_REDACT_SOURCE_SEARCH, -1);
  g_assert (kept_phone != NULL && kept_name != NULL);
  kept_phone->excluded = TRUE;
  kept_name->excluded = TRUE;
  return document;
}

static char *
save_plan (CdRedactDocument *document,
           gsize            *len)
{
  char *plan = cd_redact_document_save_plan (document, len);

  g_assert_nonnull (plan);
  g_assert_cmpuint (*len, ==, strlen (plan));
  return plan;
}

static void
free_plan (char  *plan,
           gsize  len)
{
  sodium_memzero (plan, len);
  g_free (plan);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CdRedactDocument) edited = make_edited (fixture);
  g_autoptr(CdRedactDocument) again = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *a, *b;
  gsize len = 0;
  char *plan = save_plan (edited, &len);

  again = cd_redact_document_open (fixture->pdf, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cd_redact_document_apply_plan (again, plan, len, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The same boxes, in the same order, kept the same. */
  a = cd_redact_document_get_boxes (edited);
  b = cd_redact_document_get_boxes (again);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const CdRedactBox *x = g_ptr_array_index (a, i);
      const CdRedactBox *y = g_ptr_array_index (b, i);
      const CdRedactRect *rx = &g_array_index (x->rects, CdRedactRect, 0);
      const CdRedactRect *ry = &g_array_index (y->rects, CdRedactRect, 0);

      g_assert_cmpuint (x->page, ==, y->page);
      g_assert_cmpint (x->source, ==, y->source);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpint (x->excluded, ==, y->excluded);
      g_assert_cmpfloat_with_epsilon (rx->x, ry->x, 0.01);
      g_assert_cmpfloat_with_epsilon (rx->y, ry->y, 0.01);
    }

  /* The plan names no identifier the user did not search for. */
  g_assert_null (strstr (plan, fixture->id_number));
  g_assert_null (strstr (plan, fixture->phone));
  g_assert_nonnull (strstr (plan, NAME));
  free_plan (plan, len);
}

/* The worker repeats the plan: what was kept is still text, the rest is
 * gone. */
static void
test_contained_export (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CdRedactDocument) edited = make_edited (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = g_build_filename (fixture->tc.dir, "out.pdf", NULL);
  g_autofree char *text = NULL;
  CdRedactRequest request = { 0, };
  CdRedactResult result;
  gsize len = 0;
  char *plan = save_plan (edited, &len);

  request.input = fixture->pdf;
  request.output = output;
  request.plan_json = plan;
  request.plan_json_len = len;
  g_assert_true (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  free_plan (plan, len);

  g_assert_true (result.verified);
  g_assert_cmpuint (result.n_pages, ==, 3);
  g_assert_cmpuint (result.n_rasterized, ==, 2);   /* page 2 had only a kept box */
  g_assert_cmpuint (result.n_vector, ==, 1);
  g_assert_cmpuint (result.n_excluded, ==, 2);
  text = cd_test_pdftotext (output);
  g_assert_null (strstr (text, fixture->id_number));
  g_assert_null (strstr (text, fixture->phone));
  g_assert_null (strstr (text, NAME));
  g_assert_nonnull (strstr (text, fixture->other_phone));
  g_assert_nonnull (strstr (text, "服务内容与价款"));
}

/* Opening in the worker first: counts, and no file written. */
static void
test_probe (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  CdRedactRequest request = { 0, };
  CdRedactResult result;
  guint files = 0;

  request.input = fixture->pdf;
  request.auto_detect = TRUE;
  request.probe = TRUE;
  g_assert_true (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_pages, ==, 3);
  g_assert_cmpuint (result.n_boxes, ==, 3);
  g_assert_false (result.verified);

  /* In this process too. */
  g_assert_true (cd_redact_run (&request, &result, NULL, NULL, NULL, &error));
  g_assert_cmpuint (result.n_boxes, ==, 3);

  /* Nothing beside the PDF but the case (and its journal). */
  dir = g_dir_open (fixture->tc.dir, 0, &error);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    if (!g_str_has_prefix (name, "case.closurecase"))
      files++;
  g_assert_cmpuint (files, ==, 1);

  /* A damaged file fails in the worker, with a message. */
  {
    g_autofree char *bad = g_build_filename (fixture->tc.dir, "bad.pdf", NULL);

    g_assert_true (g_file_set_contents (bad, "%PDF-1.4\n%%EOF garbage", -1, NULL));
    request.input = bad;
    g_assert_false (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_CORRUPT);
  }
}

static void
test_invalid_plans (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct
  {
    const char *json;
    int         code;
  } cases[] = {
    { "", CD_REDACT_ERROR_INVALID },
    { "not json", CD_REDACT_ERROR_INVALID },
    { "[]", CD_REDACT_ERROR_INVALID },
    { "{}", CD_REDACT_ERROR_INVALID },
    { "{\"detect\": true, \"search\": [], \"boxes\": []}", CD_REDACT_ERROR_INVALID },
    { "{\"detect\": 1, \"search\": [], \"boxes\": [], \"exclude\": []}", CD_REDACT_ERROR_INVALID },
    { "{\"detect\": true, \"search\": [], \"boxes\": [], \"exclude\": [], \"x\": 1}", CD_REDACT_ERROR_INVALID },
    { "{\"detect\": false, \"search\": [1], \"boxes\": [], \"exclude\": []}", CD_REDACT_ERROR_INVALID },
    { "{\"detect\": false, \"search\": [\"\"], \"boxes\": [], \"exclude\": []}", CD_REDACT_ERROR_INVALID },
    { "{\"detect\": false, \"search\": {}, \"boxes\": [], \"exclude\": []}", CD_REDACT_ERROR_INVALID },
    { "{\"detect\": false, \"search\": [], \"boxes\": [{\"page\": 9, \"x\": 1, \"y\": 1, \"width\": 5, \"height\": 5}], \"exclude\": []}",
      CD_REDACT_ERROR_INVALID },
    { "{\"detect\": false, \"search\": [], \"boxes\": [{\"page\": 1, \"x\": -1, \"y\": 1, \"width\": 5, \"height\": 5}], \"exclude\": []}",
      CD_REDACT_ERROR_INVALID },
    { "{\"detect\": true, \"search\": [], \"boxes\": [], \"exclude\": [{\"page\": 1, \"source\": 0, \"x\": 1, \"y\": 1}]}",
      CD_REDACT_ERROR_INVALID },
    { "{\"detect\": true, \"search\": [], \"boxes\": [], \"exclude\": [{\"page\": 1, \"source\": 0}]}",
      CD_REDACT_ERROR_INVALID },
    { "{\"detect\": true, \"search\": [], \"boxes\": [], \"exclude\": [7]}", CD_REDACT_ERROR_INVALID },
  };
  g_autoptr(CdRedactDocument) edited = make_edited (fixture);
  g_autoptr(GString) many = g_string_new ("{\"detect\": false, \"search\": [");
  g_autoptr(GString) long_search = g_string_new ("{\"detect\": false, \"search\": [\"");
  gsize len = 0;
  char *plan;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CdRedactDocument) document = cd_redact_document_open (fixture->pdf, NULL, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (cd_redact_document_apply_plan (document, cases[i].json, strlen (cases[i].json),
                                                     NULL, NULL, NULL, &error));
      g_assert_error (error, CD_REDACT_ERROR, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  for (guint i = 0; i < 1001; i++)
    g_string_append_printf (many, "%s\"t%u\"", i > 0 ? ", " : "", i);
  g_string_append (many, "], \"boxes\": [], \"exclude\": []}");
  for (guint i = 0; i < 1100; i++)
    g_string_append_c (long_search, 'a');
  g_string_append (long_search, "\"], \"boxes\": [], \"exclude\": []}");
  {
    g_autoptr(CdRedactDocument) document = cd_redact_document_open (fixture->pdf, NULL, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (cd_redact_document_apply_plan (document, many->str, many->len, NULL, NULL, NULL, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (cd_redact_document_apply_plan (document, long_search->str, long_search->len,
                                                   NULL, NULL, NULL, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
  }

  /* Every truncation of a real plan is refused, none crashes. */
  plan = save_plan (edited, &len);
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(CdRedactDocument) document = cd_redact_document_open (fixture->pdf, NULL, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (cd_redact_document_apply_plan (document, plan, cut, NULL, NULL, NULL, &error));
      g_assert_nonnull (error);
    }
  free_plan (plan, len);

  /* Through the worker, an invalid plan is an error, and no output is left. */
  {
    g_autofree char *output = g_build_filename (fixture->tc.dir, "never.pdf", NULL);
    g_autoptr(GError) error = NULL;
    CdRedactRequest request = { 0, };
    const char *bad = cases[12].json;

    request.input = fixture->pdf;
    request.output = output;
    request.plan_json = bad;
    request.plan_json_len = strlen (bad);
    g_assert_false (cd_redact_run_contained (&request, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID);
    g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  }
}

static void
test_customer (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(CdCustomer) short_name = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(CdRedactDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *with_x = g_strdup ("11010519491231002X");
  GStrv terms;

  cd_customer_set_name (customer, NAME);
  cd_customer_set_id_number (customer, fixture->id_number);
  cd_customer_set_phone (customer, fixture->phone);
  terms = cd_redact_customer_terms (customer);
  g_assert_cmpuint (g_strv_length (terms), ==, 3);   /* digits only: one ID spelling */
  g_assert_true (g_strv_contains ((const char * const *) terms, NAME));
  cd_redact_terms_free (terms);

  /* A one-character name would box half the page; an X comes both ways. */
  cd_customer_set_name (short_name, "王");
  cd_customer_set_id_number (short_name, with_x);
  terms = cd_redact_customer_terms (short_name);
  g_assert_cmpuint (g_strv_length (terms), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) terms, "11010519491231002X"));
  g_assert_true (g_strv_contains ((const char * const *) terms, "11010519491231002x"));
  cd_redact_terms_free (terms);

  document = cd_redact_document_open (fixture->pdf, NULL, &error);
  g_assert_no_error (error);
  /* The name twice, the ID number and the phone once each. */
  g_assert_cmpuint (cd_redact_document_redact_customer (document, customer, NULL, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_redact_document_count_page_boxes (document, 1, TRUE), ==, 3);
  g_assert_cmpuint (cd_redact_document_count_page_boxes (document, 2, TRUE), ==, 0);
  g_assert_cmpuint (cd_redact_document_count_page_boxes (document, 3, TRUE), ==, 1);
}

/* Blanks do not count, in the search or in the page. */
static void
test_search_blanks (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CdRedactDocument) document = cd_redact_document_open (fixture->pdf, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) spaced = g_string_new (NULL);

  g_string_append_len (spaced, fixture->phone, 3);
  g_string_append_c (spaced, ' ');
  g_string_append_len (spaced, fixture->phone + 3, 4);
  g_string_append (spaced, "\u3000");
  g_string_append (spaced, fixture->phone + 7);
  g_assert_cmpuint (cd_redact_document_search (document, spaced->str, NULL, &error), ==, 1);
  g_assert_cmpuint (cd_redact_document_search (document, "婚宴 服务\n合同", NULL, &error), ==, 1);
  g_assert_cmpuint (cd_redact_document_search (document, "  \n ", NULL, &error), ==, 0);
  g_assert_cmpuint (cd_redact_document_search (document, "不在文中", NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_redact_document_count_page_boxes (document, 1, TRUE), ==, 2);
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CdRedactDocument) document = cd_redact_document_open (fixture->pdf, NULL, NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 60, 84);
  cairo_t *cr = cairo_create (surface);
  const guint8 *pixels;
  gboolean inked = FALSE;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 0.1, 0.1);
  g_assert_true (cd_redact_document_render_page (document, 1, cr));
  g_assert_false (cd_redact_document_render_page (document, 4, cr));
  g_assert_false (cd_redact_document_render_page (document, 0, cr));
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  for (int i = 0; i < cairo_image_surface_get_stride (surface) * 84; i++)
    inked |= pixels[i] < 0xf0;
  g_assert_true (inked);
  cairo_surface_destroy (surface);
}

/* The record of a redaction: sealed paths, the hash of the copy, an audit
 * entry without either path. */
static void
test_store (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = g_build_filename (fixture->tc.dir, "欧阳明远-out.pdf", NULL);
  g_autofree char *id = NULL;
  g_autofree char *expected_hash = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  CdRedactRequest request = { 0, };
  CdRedactResult result;
  CdAuditReport report;
  const CdRedaction *redaction;

  request.input = fixture->pdf;
  request.output = output;
  request.auto_detect = TRUE;
  g_assert_true (cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Only a verified copy is recorded. */
  result.verified = FALSE;
  g_assert_null (cd_store_add_redaction (fixture->tc.store, fixture->pdf, output, &result, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  result.verified = TRUE;

  id = cd_store_add_redaction (fixture->tc.store, fixture->pdf, output, &result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (output, &contents, &len, NULL));
    expected_hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
  }

  list = cd_store_list_redactions (fixture->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  redaction = g_ptr_array_index (list, 0);
  g_assert_cmpstr (redaction->id, ==, id);
  g_assert_cmpstr (redaction->input, ==, fixture->pdf);
  g_assert_cmpstr (redaction->output, ==, output);
  g_assert_cmpstr (redaction->output_sha256, ==, expected_hash);
  g_assert_cmpuint (redaction->pages, ==, 3);
  g_assert_cmpuint (redaction->boxes, ==, result.n_boxes);
  g_assert_cmpuint (redaction->kinds[CD_DETECT_RESIDENT_ID], ==, 1);
  g_assert_cmpuint (redaction->kinds[CD_DETECT_MOBILE], ==, 2);

  /* Paths are sealed in the file; the audit entry names neither. */
  g_clear_object (&fixture->tc.store);
  g_assert_false (cd_test_file_contains (fixture->tc.path, "欧阳明远-out", strlen ("欧阳明远-out")));
  g_assert_false (cd_test_file_contains (fixture->tc.path, "contract.pdf", strlen ("contract.pdf")));
  fixture->tc.store = cd_store_open (fixture->tc.path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_unlock (fixture->tc.store, CD_TEST_PASSPHRASE, &error));
  audit = cd_store_list_audit (fixture->tc.store, &error);
  g_assert_no_error (error);
  {
    const CdAuditEntry *last = g_ptr_array_index (audit, audit->len - 1);

    g_assert_cmpstr (last->action, ==, "redaction.recorded");
    g_assert_cmpstr (last->object, ==, id);
    g_assert_nonnull (strstr (last->details, expected_hash));
    g_assert_null (strstr (last->details, "contract"));
  }
  g_assert_true (cd_store_verify_audit (fixture->tc.store, &report, &error));

  /* A new passphrase: the record still opens. */
  g_assert_true (cd_store_change_passphrase (fixture->tc.store, CD_TEST_PASSPHRASE, "another one", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = cd_store_list_redactions (fixture->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CdRedaction *) g_ptr_array_index (list, 0))->output, ==, output);

  /* A locked case records nothing. */
  cd_store_lock (fixture->tc.store);
  g_assert_null (cd_store_add_redaction (fixture->tc.store, fixture->pdf, output, &result, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add ("/redact-plan/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/redact-plan/contained-export", Fixture, NULL, fixture_setup, test_contained_export,
              fixture_teardown);
  g_test_add ("/redact-plan/probe", Fixture, NULL, fixture_setup, test_probe, fixture_teardown);
  g_test_add ("/redact-plan/invalid", Fixture, NULL, fixture_setup, test_invalid_plans, fixture_teardown);
  g_test_add ("/redact-plan/customer", Fixture, NULL, fixture_setup, test_customer, fixture_teardown);
  g_test_add ("/redact-plan/search-blanks", Fixture, NULL, fixture_setup, test_search_blanks, fixture_teardown);
  g_test_add ("/redact-plan/render", Fixture, NULL, fixture_setup, test_render, fixture_teardown);
  g_test_add ("/redact-plan/store", Fixture, NULL, fixture_setup, test_store, fixture_teardown);

  return g_test_run ();
}
