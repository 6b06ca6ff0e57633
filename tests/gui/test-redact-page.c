/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the redaction pane: the window over a temporary case with
 * one customer, and a three-page contract that names them. Opening it
 * shows the boxes the detectors found; unticking one keeps it; "redact a
 * customer" boxes their name; the export runs in the worker and the copy
 * has lost what was boxed and kept the rest (pdftotext), and is recorded
 * in the case. An encrypted PDF asks for its password; a damaged one says
 * so and leaves the pane as it was. Screenshots of the pane, its preview
 * and the demo's ID-card scan. */

#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-gui-test.h"
#include "cd-redact-page-private.h"
#include "cd-test-util.h"
#include "cd-window-private.h"

/* Opening runs the worker and detection twice; exporting rasterizes. */
#define SLOW_SECONDS 60

#define CUSTOMER_NAME "欧阳明远"

typedef struct
{
  CdTestCase  tc;
  char       *pdf;
  char       *id_number;
  char       *phone;
  char       *other_phone;
} Fixture;

static void
fixture_setup (Fixture *fixture)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GError) error = NULL;

  cd_test_case_setup (&fixture->tc, NULL);
  fixture->id_number = cd_test_resident_id (4242);
  fixture->phone = cd_test_mobile (31415926);
  fixture->other_phone = cd_test_mobile (27182818);
  fixture->pdf = g_build_filename (fixture->tc.dir, "婚宴合同.pdf", NULL);
  cd_test_write_contract_pdf (fixture->pdf, CUSTOMER_NAME, fixture->id_number, fixture->phone,
                              fixture->other_phone);

  cd_customer_set_name (customer, CUSTOMER_NAME);
  cd_customer_set_id_number (customer, fixture->id_number);
  cd_customer_set_phone (customer, fixture->phone);
  g_assert_true (cd_store_add_customer (fixture->tc.store, customer, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture)
{
  g_free (fixture->pdf);
  g_free (fixture->id_number);
  g_free (fixture->phone);
  g_free (fixture->other_phone);
  cd_test_case_teardown (&fixture->tc, NULL);
}

static void
wait_slow (CdGuiTestCondition condition,
           gpointer           data)
{
  g_assert_true (cd_gui_test_wait_for_seconds (condition, data, SLOW_SECONDS));
}

static gboolean
page_not_busy (gpointer data)
{
  return cd_redact_page_get_state (data) != CD_REDACT_PAGE_BUSY;
}

static gboolean
page_not_exporting (gpointer data)
{
  return !cd_redact_page_is_exporting (data);
}

static CdWindow *
new_window (CdStore *store)
{
  CdWindow *window = cd_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  if (store != NULL)
    cd_window_set_store (window, store, FALSE);
  return window;
}

static CdRedactPage *
show_redact (CdWindow *window)
{
  CdRedactPage *page = cd_window_get_redact_page (window);

  cd_gui_test_show_pane (GTK_WIDGET (window), "redact");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  return page;
}

static void
collect_checks (GtkWidget *widget,
                GPtrArray *checks)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_CHECK_BUTTON (child) && gtk_widget_get_mapped (child))
        g_ptr_array_add (checks, child);
      collect_checks (child, checks);
    }
}

/* The row's check box of the first box of @kind, as shown in the list. */
static GtkCheckButton *
find_check (CdRedactPage *page,
            CdDetectKind  kind)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  collect_checks (GTK_WIDGET (cd_redact_page_get_boxes_view (page)), checks);
  for (guint i = 0; i < checks->len; i++)
    {
      gpointer item = g_object_get_data (G_OBJECT (checks->pdata[i]), "item");
      CdRedactBox *box = item != NULL ? cd_redact_page_item_get_box (item) : NULL;

      if (box != NULL && box->kind == (int) kind)
        return checks->pdata[i];
    }
  return NULL;
}

static GtkWidget *
find_push_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_push_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_boxes (CdRedactPage  *page,
             CdRedactSource source,
             int            kind)
{
  GListModel *model = cd_redact_page_get_boxes_model (page);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      CdRedactBox *box = cd_redact_page_item_get_box (item);

      if (box != NULL && box->source == source && (kind < 0 || box->kind == kind))
        n++;
    }
  return n;
}

static void
test_pane (void)
{
  Fixture fixture = { 0, };
  CdWindow *window;
  CdRedactPage *page;
  GtkCheckButton *phone_check;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) redactions = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row;

  if (!cd_gui_test_begin ())
    return;

  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_redact (window);
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_START);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "redact-start");

  /* Open: the detectors' boxes, listed by page; three pages of thumbnails. */
  cd_redact_page_open (page, fixture.pdf);
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_BUSY);
  wait_slow (page_not_busy, page);
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_DOCUMENT);
  g_assert_cmpuint (count_boxes (page, CD_REDACT_SOURCE_TEXT, CD_DETECT_RESIDENT_ID), ==, 1);
  g_assert_cmpuint (count_boxes (page, CD_REDACT_SOURCE_TEXT, CD_DETECT_MOBILE), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (cd_redact_page_get_thumbnails (page)))),
                    ==, 3);
  g_assert_true (cd_gui_test_label_shows (cd_redact_page_get_summary (page)));
  g_assert_nonnull (strstr (gtk_label_get_label (cd_redact_page_get_summary (page)), "3"));

  /* A click on a box's middle finds that box. */
  {
    CdRedactBox *id_box = NULL;
    GPtrArray *boxes = cd_redact_document_get_boxes (cd_redact_page_get_document (page));
    const CdRedactRect *rect;
    double x, y;

    for (guint i = 0; i < boxes->len; i++)
      if (((CdRedactBox *) boxes->pdata[i])->kind == CD_DETECT_RESIDENT_ID)
        id_box = boxes->pdata[i];
    g_assert (id_box != NULL);
    rect = &g_array_index (id_box->rects, CdRedactRect, 0);
    cd_redact_view_page_to_widget (cd_redact_page_get_view (page), rect->x + rect->width / 2,
                                   rect->y + rect->height / 2, &x, &y);
    g_assert_true (cd_redact_view_box_at (cd_redact_page_get_view (page), x, y) == id_box);
    cd_redact_view_page_to_widget (cd_redact_page_get_view (page), 500, 800, &x, &y);
    g_assert_null (cd_redact_view_box_at (cd_redact_page_get_view (page), x, y));
  }

  /* The identifiers never show in full in the list. */
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_redact_page_get_boxes_view (page)),
                                                 fixture.id_number));
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_redact_page_get_boxes_view (page)),
                                                 fixture.phone));

  /* Keep the emergency contact's phone: untick it in the list. */
  CD_GUI_TEST_WAIT_UNTIL (find_check (page, CD_DETECT_MOBILE) != NULL);
  {
    GListModel *model = cd_redact_page_get_boxes_model (page);
    CdRedactBox *kept = NULL;

    /* The second phone is on page 2. */
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (model, i);
        CdRedactBox *box = cd_redact_page_item_get_box (item);

        if (box != NULL && box->kind == CD_DETECT_MOBILE && box->page == 2)
          kept = box;
      }
    g_assert_nonnull (kept);
    gtk_widget_activate_action (GTK_WIDGET (page), "redact.next-page", NULL);
    gtk_widget_activate_action (GTK_WIDGET (page), "redact.next-page", NULL);
    g_assert_cmpuint (cd_redact_view_get_page (cd_redact_page_get_view (page)), ==, 3);
    g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "redact.next-page", NULL) &&
                    cd_redact_view_get_page (cd_redact_page_get_view (page)) != 3);
    cd_gui_test_settle (200);
    phone_check = NULL;
    {
      g_autoptr(GPtrArray) checks = g_ptr_array_new ();

      collect_checks (GTK_WIDGET (cd_redact_page_get_boxes_view (page)), checks);
      for (guint i = 0; i < checks->len; i++)
        {
          gpointer item = g_object_get_data (G_OBJECT (checks->pdata[i]), "item");

          if (item != NULL && cd_redact_page_item_get_box (item) == kept)
            phone_check = checks->pdata[i];
        }
    }
    g_assert_nonnull (phone_check);
    g_assert_true (gtk_check_button_get_active (phone_check));
    g_assert_true (gtk_widget_activate (GTK_WIDGET (phone_check)));   /* Space on the focused box */
    g_assert_false (gtk_check_button_get_active (phone_check));
    g_assert_true (kept->excluded);
  }

  /* Redact the customer: their name, wherever it is. */
  {
    GtkPopover *popover;
    GtkWidget *button = NULL;

    gtk_widget_activate_action (GTK_WIDGET (page), "redact.previous-page", NULL);
    popover = GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (cd_redact_page_get_customer_list (page)),
                                                    GTK_TYPE_POPOVER));
    gtk_popover_popup (popover);
    cd_gui_test_type_text (cd_redact_page_get_customer_entry (page), "欧阳");
    CD_GUI_TEST_WAIT_UNTIL ((row = gtk_widget_get_first_child (GTK_WIDGET (cd_redact_page_get_customer_list (page)))) != NULL &&
                            ADW_IS_ACTION_ROW (row));
    g_assert_false (cd_gui_test_widget_shows_text (row, CUSTOMER_NAME));
    button = find_push_button (row);
    g_assert_nonnull (button);
    cd_gui_test_click (button);
    /* The name twice, the ID number and the phone once each. */
    g_assert_cmpuint (count_boxes (page, CD_REDACT_SOURCE_SEARCH, -1), ==, 4);
    g_assert_nonnull (strstr (cd_redact_page_get_last_message (page), "4"));
  }

  /* A text searched for and boxed everywhere. */
  cd_gui_test_type_text (cd_redact_page_get_search_entry (page), "婚宴服务合同");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "redact.search", NULL));
  g_assert_cmpuint (count_boxes (page, CD_REDACT_SOURCE_SEARCH, -1), ==, 5);

  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "redact-pane");
  gtk_widget_activate_action (GTK_WIDGET (page), "redact.previous-page", NULL);
  g_assert_cmpuint (cd_redact_view_get_page (cd_redact_page_get_view (page)), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "redact.preview", NULL));
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "redact-preview");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "redact.preview", NULL));

  /* Export: through the worker, verified, recorded. */
  output = g_build_filename (fixture.tc.dir, "婚宴合同-redacted.pdf", NULL);
  cd_redact_page_export_to (page, output);
  g_assert_true (cd_redact_page_is_exporting (page));
  wait_slow (page_not_exporting, page);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%s: %u page redacted, %u kept as text; checked, no redacted text is left in it",
                                                             "%s: %u pages redacted, %u kept as text; checked, no redacted text is left in it",
                                                             2),
                                                 "婚宴合同-redacted.pdf", 2, 1);

    g_assert_cmpstr (cd_redact_page_get_last_message (page), ==, expected);
  }
  text = cd_test_pdftotext (output);
  g_assert_null (strstr (text, fixture.id_number));
  g_assert_null (strstr (text, fixture.phone));
  g_assert_null (strstr (text, CUSTOMER_NAME));
  g_assert_null (strstr (text, "婚宴服务合同"));
  /* Page 2 had only the kept phone: it stays text, phone and all. */
  g_assert_nonnull (strstr (text, fixture.other_phone));
  g_assert_nonnull (strstr (text, "服务内容与价款"));

  redactions = cd_store_list_redactions (fixture.tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (redactions->len, ==, 1);
  {
    const CdRedaction *redaction = g_ptr_array_index (redactions, 0);

    g_assert_cmpuint (redaction->pages, ==, 3);
    g_assert_cmpuint (redaction->rasterized, ==, 2);
    g_assert_cmpuint (redaction->excluded, ==, 1);
    g_assert_cmpstr (redaction->input, ==, fixture.pdf);
    g_assert_cmpuint (strlen (redaction->output_sha256), ==, 64);
  }

  /* Closing goes back to the start page; locking the case closes too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "redact.close", NULL));
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_START);
  g_assert_null (cd_redact_page_get_document (page));

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  fixture_teardown (&fixture);
}

static gboolean
dialog_shown (gpointer data)
{
  return cd_redact_page_get_dialog (data) != NULL;
}

static void
test_bad_input (void)
{
  Fixture fixture = { 0, };
  CdWindow *window;
  CdRedactPage *page;
  g_autofree char *locked = NULL;
  g_autofree char *damaged = NULL;
  g_autoptr(GError) error = NULL;
  const char *message;
  GtkWindow *dialog;

  if (!cd_gui_test_begin ())
    return;

  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_redact (window);

  /* Damaged: a message, and the start page as it was. */
  damaged = g_build_filename (fixture.tc.dir, "damaged.pdf", NULL);
  g_assert_true (g_file_set_contents (damaged, "%PDF-1.7\n1 0 obj <</Type /Catalog", -1, &error));
  cd_redact_page_open (page, damaged);
  wait_slow (page_not_busy, page);
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_START);
  message = cd_redact_page_get_last_message (page);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "damaged.pdf"));

  /* Encrypted: the password is asked for; a wrong one asks again. */
  locked = g_build_filename (fixture.tc.dir, "locked.pdf", NULL);
  {
    const char *argv[] = { "qpdf", "--encrypt", "s3cret", "owner", "256", "--", fixture.pdf, locked, NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                 &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  cd_redact_page_open (page, locked);
  wait_slow (dialog_shown, page);
  dialog = cd_redact_page_get_dialog (page);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), "locked.pdf"));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "entry"), "wrong");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "open");
  wait_slow (dialog_shown, page);
  dialog = cd_redact_page_get_dialog (page);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "entry"), "s3cret");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "open");
  wait_slow (page_not_busy, page);
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_DOCUMENT);
  g_assert_cmpuint (count_boxes (page, CD_REDACT_SOURCE_TEXT, CD_DETECT_RESIDENT_ID), ==, 1);

  /* Locking the case drops the document. */
  cd_store_lock (fixture.tc.store);
  CD_GUI_TEST_WAIT_UNTIL (cd_redact_page_get_document (page) == NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  fixture_teardown (&fixture);
}

/* A long PDF: thumbnails are drawn as they come into view, and only so
 * many are kept however far one goes. */
static void
test_many_pages (void)
{
  Fixture fixture = { 0, };
  g_autofree char *pdf = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  CdWindow *window;
  CdRedactPage *page;
  guint shown;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);
  pdf = g_build_filename (fixture.tc.dir, "long.pdf", NULL);
  surface = cairo_pdf_surface_create (pdf, 595, 842);
  cr = cairo_create (surface);
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *line = g_strdup_printf ("Page %u of the ledger", i + 1);

      cairo_move_to (cr, 72, 72);
      cairo_show_text (cr, line);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  window = new_window (fixture.tc.store);
  page = show_redact (window);
  cd_redact_page_open (page, pdf);
  wait_slow (page_not_busy, page);
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_DOCUMENT);
  /* Thumbnails appear (however slow the machine), and only those near the
   * view are made. */
  CD_GUI_TEST_WAIT_UNTIL (cd_redact_page_get_n_thumbnails (page) > 0);
  cd_gui_test_settle (500);
  shown = cd_redact_page_get_n_thumbnails (page);
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (shown, <, 40);
  for (guint p = 50; p <= 600; p += 50)
    {
      g_autofree char *text = g_strdup_printf ("%u", p);

      GtkEditable *entry = cd_redact_page_get_page_entry (page);

      gtk_editable_set_text (entry, text);
      g_signal_emit_by_name (entry, "activate");   /* Enter */
      g_assert_cmpuint (cd_redact_view_get_page (cd_redact_page_get_view (page)), ==, p);
      cd_gui_test_settle (150);
    }
  g_assert_cmpuint (cd_redact_page_get_n_thumbnails (page), <=, 300);

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  fixture_teardown (&fixture);
}

/* The demo: its PDFs are offered, and the ID-card scan opens with the
 * boxes over its invisible OCR text. */
static void
test_demo (void)
{
  CdWindow *window;
  CdRedactPage *page;
  GtkListBox *list;
  GtkWidget *row;
  GtkWidget *scan = NULL;

  if (!cd_gui_test_begin ())
    return;

  window = new_window (NULL);
  cd_window_open_demo (window);
  page = show_redact (window);
  list = cd_redact_page_get_case_pdfs (page);
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (list)));
  cd_gui_test_settle (200);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "redact-demo-start");

  /* Locking and unlocking the case keep the demo's files on offer. */
  {
    CdStore *store = cd_window_get_store (window);
    g_autoptr(GError) error = NULL;

    cd_store_lock (store);
    g_assert_true (cd_store_unlock (store, CD_DEMO_PASSPHRASE, &error));
    g_assert_no_error (error);
    page = show_redact (window);
    g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (list)));
  }

  for (row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const char *path = g_object_get_data (G_OBJECT (row), "path");

      if (path != NULL && strstr (path, "身份证") != NULL)
        scan = row;
    }
  if (scan == NULL)
    {
      g_test_skip ("the demo files have no ID-card scan");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_signal_emit_by_name (scan, "activated");
  wait_slow (page_not_busy, page);
  g_assert_cmpint (cd_redact_page_get_state (page), ==, CD_REDACT_PAGE_DOCUMENT);
  g_assert_cmpuint (count_boxes (page, CD_REDACT_SOURCE_TEXT, CD_DETECT_RESIDENT_ID), >=, 1);
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "redact-demo-id-card");

  /* The card's holder is a customer of the demo: her name goes too. */
  {
    GtkPopover *popover = GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (cd_redact_page_get_customer_list (page)),
                                                                GTK_TYPE_POPOVER));

    gtk_popover_popup (popover);
    cd_gui_test_type_text (cd_redact_page_get_customer_entry (page), "杨玲明");
    CD_GUI_TEST_WAIT_UNTIL ((row = gtk_widget_get_first_child (GTK_WIDGET (cd_redact_page_get_customer_list (page)))) != NULL &&
                            ADW_IS_ACTION_ROW (row));
    cd_gui_test_click (find_push_button (row));
    /* Name and ID number. (The address is not found: poppler reads the
     * card's "民族 汉" between its two lines.) */
    g_assert_cmpuint (count_boxes (page, CD_REDACT_SOURCE_SEARCH, -1), ==, 2);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "redact.preview", NULL));
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "redact-demo-id-card-preview");

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
}

static GLogWriterOutput
dbg_writer (GLogLevelFlags log_level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && strstr (fields[i].value, "Trying to snapshot") != NULL)
      {
        const char *p = strstr (fields[i].value, "0x");
        GtkWidget *w = GSIZE_TO_POINTER (g_ascii_strtoull (p, NULL, 16));
        for (; w != NULL; w = gtk_widget_get_parent (w))
          g_printerr ("DBG %s %s vis=%d mapped=%d\n", G_OBJECT_TYPE_NAME (w), gtk_widget_get_name (w), gtk_widget_get_visible (w), gtk_widget_get_mapped (w));
      }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);
  g_log_set_writer_func (dbg_writer, NULL, NULL);

  g_test_add_func ("/redact-page/pane", test_pane);
  g_test_add_func ("/redact-page/bad-input", test_bad_input);
  g_test_add_func ("/redact-page/many-pages", test_many_pages);
  g_test_add_func ("/redact-page/demo", test_demo);

  return cd_gui_test_run ();
}
