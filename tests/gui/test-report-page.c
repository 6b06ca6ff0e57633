/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the report pane on the demo case (with its retention
 * stage): the report is built when the pane is shown, its page count and
 * checklist are those of a report built here independently, thumbnails
 * come lazily, the pages turn with the buttons and the keys, English and
 * the commitment letter rebuild it, the pane's own print operation (run
 * as an export) writes a PDF with the same pages and the company's name,
 * the export writes the PDF and its signature, and locking empties the
 * pane. Screenshots of the pane, in each language meson runs it in. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-gui-test.h"
#include "cd-report-page-private.h"
#include "cd-window-private.h"

/* A consultant's name the demo does not have. */
#define CONSULTANT "测试顾问甲"

/* Building the report on a thread, drawing it. */
#define SLOW_SECONDS 90

static void
wait_slow (CdGuiTestCondition condition,
           gpointer           data)
{
  g_assert_true (cd_gui_test_wait_for_seconds (condition, data, SLOW_SECONDS));
}

static gboolean
page_settled (gpointer data)
{
  const char *state = cd_report_page_get_state (data);

  return !cd_report_page_is_busy (data) && g_strcmp0 (state, "building") != 0;
}

static gboolean
page_not_busy (gpointer data)
{
  return !cd_report_page_is_busy (data);
}

static gboolean
has_thumbnails (gpointer data)
{
  return cd_report_page_count_thumbnails (data) > 0;
}

static gboolean
last_thumbnail_drawn (gpointer data)
{
  CdReport *report = cd_report_page_get_report (data);

  return cd_report_page_thumbnail_drawn (data, cd_report_get_n_pages (report) - 1);
}

static CdWindow *
new_demo_window (void)
{
  CdWindow *window = cd_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_open_demo (window);
  if (cd_window_get_store (window) == NULL)
    {
      GtkWindow *dialog = cd_gui_test_find_other_window (GTK_WINDOW (window));

      if (ADW_IS_MESSAGE_DIALOG (dialog))
        g_test_message ("the demo did not open: %s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
    }
  g_assert_nonnull (cd_window_get_store (window));
  return window;
}

static CdReportPage *
show_report (CdWindow *window)
{
  CdReportPage *page = cd_window_get_report_page (window);

  cd_gui_test_show_pane (GTK_WIDGET (window), "report");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  wait_slow (page_settled, page);
  return page;
}

static void
close_window (CdWindow *window)
{
  /* As the window's close button does: the case is closed (waiting for
   * work on it), so the next test can open it again. */
  cd_window_set_store (window, NULL, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
}

static void
save_screenshot (CdWindow   *window,
                 const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cd_gui_test_screenshot_path (what);
  gint64 deadline = g_get_monotonic_time () + SLOW_SECONDS * G_USEC_PER_SEC;

  cd_gui_test_settle (600);
  while (!cd_window_save_screenshot (window, path, &error) && cd_gui_test_iterate_before (deadline))
    g_clear_error (&error);
  g_assert_no_error (error);
  cd_gui_test_assert_png (path);
}

static CdReport *
build_report (CdStore      *store,
              CdReportKind  kind,
              const char   *language)
{
  g_autoptr(GError) error = NULL;
  CdReport *report = cd_report_new (store, kind, language, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
company_name (CdStore *store)
{
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (store, NULL);

  g_assert_nonnull (info);
  return g_strdup (cd_case_info_get_company_name (info));
}

static void
assert_page_label (CdReportPage *page,
                   guint         current,
                   guint         total)
{
  g_autofree char *expected = g_strdup_printf (_("Page %u of %u"), current, total);

  g_assert_cmpstr (gtk_label_get_text (cd_report_page_get_page_label (page)), ==, expected);
}

/* The checklist shows the checks of @report, title by title. */
static void
assert_checks_shown (CdReportPage *page,
                     CdReport     *report)
{
  GPtrArray *checks = cd_report_get_checks (report);
  GtkListBox *list = cd_report_page_get_checks_list (page);
  guint rows = 0;

  g_assert_nonnull (checks);
  g_assert_cmpuint (checks->len, >, 0);
  while (gtk_list_box_get_row_at_index (list, rows) != NULL)
    rows++;
  g_assert_cmpuint (rows, ==, checks->len);
  for (guint i = 0; i < checks->len; i++)
    {
      const CdReportCheck *check = g_ptr_array_index (checks, i);

      if (!cd_gui_test_widget_shows_text (GTK_WIDGET (list), check->title))
        g_test_message ("check not shown: %s", check->title);
      g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (list), check->title));
    }
  g_assert_cmpint (gtk_widget_get_visible (cd_report_page_get_draft_box (page)), ==,
                   cd_report_is_draft (report));
}

/* A draft says how many errors the plan check found, as the check does. */
static void
assert_draft_count (CdReportPage *page,
                    CdStore      *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (store, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *expected = NULL;
  GDate today;
  guint n;

  g_assert_no_error (error);
  cd_date_set_today (&today);
  problems = cd_plan_check_case (store, plans, &today, &error);
  g_assert_no_error (error);
  n = cd_plan_count_errors (problems);
  g_assert_cmpuint (n, >, 0);
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Draft: the plan check has %u error",
                                           "Draft: the plan check has %u errors", n), n);
  g_assert_true (cd_gui_test_widget_shows_text (cd_report_page_get_draft_box (page), expected));
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s: %s", argv[0], err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = run_tool (argv);
  const char *line = strstr (out, "\nPages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:") + strspn (line + strlen ("\nPages:"), " "), NULL,
                                   10);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

  return run_tool (argv);
}

/* The skeleton core (before the real report) says so, and the pane shows
 * it rather than anything else. */
static gboolean
core_is_skeleton (CdReportPage *page)
{
  if (g_strcmp0 (cd_report_page_get_state (page), "error") != 0)
    return FALSE;
  g_assert_nonnull (adw_status_page_get_description (cd_report_page_get_error_page (page)));
  g_assert_true (strstr (adw_status_page_get_description (cd_report_page_get_error_page (page)),
                         "not built yet") != NULL);
  return TRUE;
}

/* ── The demo case, all the way through ──────────────────────────────── */

static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdReport) zh = NULL;
  g_autoptr(CdReport) en = NULL;
  g_autoptr(CdReport) letter = NULL;
  g_autofree char *company = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *text = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *signature = NULL;
  GtkAdjustment *adjustment;
  CdReportPage *page;
  CdWindow *window;
  CdStore *store;
  guint n, n_en, n_letter, drawn;

  if (!cd_gui_test_begin ())
    return;
  window = new_demo_window ();
  store = cd_window_get_store (window);
  page = show_report (window);
  if (core_is_skeleton (page))
    {
      save_screenshot (window, "report-error");
      close_window (window);
      g_test_skip ("cd_report_new is still the skeleton");
      return;
    }

  /* Built when shown: Chinese by default, whatever the UI language. */
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "report");
  g_assert_cmpstr (cd_report_get_language (cd_report_page_get_report (page)), ==, "zh_CN");
  g_assert_cmpint (cd_report_get_kind (cd_report_page_get_report (page)), ==, CD_REPORT_KIND_REPORT);
  zh = build_report (store, CD_REPORT_KIND_REPORT, "zh_CN");
  n = cd_report_get_n_pages (zh);
  g_assert_cmpuint (n, >, 1);
  assert_page_label (page, 1, n);
  assert_checks_shown (page, zh);
  /* The demo plan has its errors on purpose. */
  g_assert_true (cd_report_is_draft (zh));
  assert_draft_count (page, store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (cd_report_page_get_thumbnails (page)))),
                    ==, n);

  /* Thumbnails come, but only those in view. */
  wait_slow (has_thumbnails, page);
  cd_gui_test_settle (1500);
  drawn = cd_report_page_count_thumbnails (page);
  g_test_message ("%u of %u thumbnails drawn", drawn, n);
  g_assert_cmpuint (drawn, >, 0);
  g_assert_cmpuint (drawn, <=, n);
  if (n > 10)
    g_assert_cmpuint (drawn, <, n);
  /* Scrolled to the end, the last pages are drawn then. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (cd_report_page_get_thumbnails (page)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_assert_false (cd_report_page_thumbnail_drawn (page, n - 1));
  wait_slow (last_thumbnail_drawn, page);
  g_test_message ("%u thumbnails drawn after scrolling", cd_report_page_count_thumbnails (page));
  gtk_adjustment_set_value (adjustment, 0);
  save_screenshot (window, "report-demo");

  /* Pages turn: buttons, and the keys' actions */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (cd_report_page_get_previous_button (page))));
  cd_gui_test_click (cd_report_page_get_next_button (page));
  CD_GUI_TEST_WAIT_UNTIL (cd_report_page_get_current_page (page) == 1);
  assert_page_label (page, 2, n);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "report.next-page", NULL));
  CD_GUI_TEST_WAIT_UNTIL (cd_report_page_get_current_page (page) == 2);
  assert_page_label (page, 3, n);
  cd_gui_test_click (cd_report_page_get_previous_button (page));
  CD_GUI_TEST_WAIT_UNTIL (cd_report_page_get_current_page (page) == 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "report.previous-page", NULL));
  CD_GUI_TEST_WAIT_UNTIL (cd_report_page_get_current_page (page) == 0);
  assert_page_label (page, 1, n);

  /* English: built again */
  gtk_drop_down_set_selected (cd_report_page_get_language_dropdown (page), 1);
  wait_slow (page_settled, page);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "report");
  g_assert_cmpstr (cd_report_get_language (cd_report_page_get_report (page)), ==, "en");
  en = build_report (store, CD_REPORT_KIND_REPORT, "en");
  n_en = cd_report_get_n_pages (en);
  assert_page_label (page, 1, n_en);
  save_screenshot (window, "report-english");

  /* Printed through the pane's print operation, into a PDF */
  dir = g_dir_make_tmp ("cd-report-page-XXXXXX", &error);
  g_assert_no_error (error);
  printed = g_build_filename (dir, "printed.pdf", NULL);
  g_assert_true (cd_report_page_print_to (page, printed, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (printed, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (pdf_pages (printed), ==, n_en);
  company = company_name (store);
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, company));

  /* The commitment letter: fewer pages */
  cd_gui_test_click (cd_report_page_get_commitment_button (page));
  wait_slow (page_settled, page);
  g_assert_cmpint (cd_report_get_kind (cd_report_page_get_report (page)), ==, CD_REPORT_KIND_COMMITMENT);
  letter = build_report (store, CD_REPORT_KIND_COMMITMENT, "en");
  n_letter = cd_report_get_n_pages (letter);
  g_assert_cmpuint (n_letter, <, n_en);
  assert_page_label (page, 1, n_letter);
  save_screenshot (window, "report-commitment");

  /* Back to the report, in Chinese, and exported with its signature */
  gtk_drop_down_set_selected (cd_report_page_get_language_dropdown (page), 0);
  cd_gui_test_click (cd_report_page_get_report_button (page));
  wait_slow (page_settled, page);
  g_assert_cmpint (cd_report_get_kind (cd_report_page_get_report (page)), ==, CD_REPORT_KIND_REPORT);
  g_assert_cmpstr (cd_report_get_language (cd_report_page_get_report (page)), ==, "zh_CN");
  exported = g_build_filename (dir, "报告.pdf", NULL);
  signature = g_strconcat (exported, ".minisig", NULL);
  /* Asked for while the report is being built: it waits for the build. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "report.rebuild", NULL));
  cd_report_page_export_to (page, exported, NULL);
  g_assert_false (g_file_test (exported, G_FILE_TEST_EXISTS));
  wait_slow (page_not_busy, page);
  g_assert_cmpstr (cd_report_page_get_last_message (page), ==, _("Report saved with its signature"));
  g_assert_true (g_file_test (exported, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (signature, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (pdf_pages (exported), >=, n);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_report_page_get_open_folder_button (page))));
  /* The export's audit entry changed the case: the pane is built again. */
  wait_slow (page_settled, page);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "report");
  save_screenshot (window, "report-exported");

  /* Locked: nothing of the case stays on show */
  cd_window_lock (window);
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_report_page_get_state (page), "empty") == 0);
  g_assert_null (cd_report_page_get_report (page));

  close_window (window);
  g_remove (signature);
  g_remove (exported);
  g_remove (printed);
  g_rmdir (dir);
}

/* The case changes while its report is being built: what was being built
 * is dropped, the report shown has the change, and the case is whole
 * afterwards (the build reads it on a worker while the change is written
 * here). On a case of its own, not the shared demo. */
static void
test_changed_while_building (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdStore) reopened = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-page-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *text = NULL;
  CdReportPage *page;
  CdWindow *window;

  g_assert_no_error (error);
  if (!cd_gui_test_begin ())
    return;
  path = g_build_filename (dir, "case" CD_STORE_FILE_EXTENSION, NULL);
  printed = g_build_filename (dir, "printed.pdf", NULL);
  store = cd_demo_create (path, NULL, &error);
  g_assert_no_error (error);

  window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_set_store (window, store, FALSE);
  page = show_report (window);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "report");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "report.rebuild", NULL));
  g_assert_true (cd_report_page_is_busy (page));
  info = cd_store_get_case_info (store, &error);
  g_assert_no_error (error);
  cd_case_info_set_consultant (info, CONSULTANT);
  g_assert_true (cd_store_update_case_info (store, info, &error));
  g_assert_no_error (error);
  wait_slow (page_settled, page);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "report");
  g_assert_true (cd_report_page_print_to (page, printed, &error));
  g_assert_no_error (error);
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, CONSULTANT));

  /* Closed, the case opens again: nothing was damaged (one connection
   * serves the worker and this thread; cd-store serializes them). */
  close_window (window);
  g_clear_object (&store);
  reopened = cd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);
  cd_store_close (reopened);

  g_remove (printed);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_rmdir (dir);
}

/* A case closed while its report is being built: the result is dropped,
 * nothing crashes, the window closes. */
static void
test_close_while_building (void)
{
  CdReportPage *page;
  CdWindow *window;

  if (!cd_gui_test_begin ())
    return;
  window = new_demo_window ();
  page = cd_window_get_report_page (window);
  cd_gui_test_show_pane (GTK_WIDGET (window), "report");
  cd_window_set_store (window, NULL, FALSE);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "empty");
  wait_slow (page_not_busy, page);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "empty");
  g_assert_null (cd_report_page_get_report (page));
  close_window (window);
}

/* A report that cannot be built (here: the case is locked under the pane)
 * shows why, with a way to try again, and nothing else. */
static void
test_error (void)
{
  g_autoptr(CdStore) store = NULL;
  const char *description;
  CdReportPage *page;
  GtkWidget *window;
  CdWindow *demo;

  if (!cd_gui_test_begin ())
    return;
  demo = new_demo_window ();
  store = g_object_ref (cd_window_get_store (demo));
  cd_window_lock (demo);
  g_assert_true (cd_store_is_locked (store));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  page = CD_REPORT_PAGE (cd_report_page_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "empty");
  cd_report_page_set_store (page, store);
  wait_slow (page_settled, page);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "error");
  g_assert_null (cd_report_page_get_report (page));
  description = adw_status_page_get_description (cd_report_page_get_error_page (page));
  g_test_message ("error shown: %s", description);
  g_assert_nonnull (description);
  g_assert_cmpstr (description, !=, "");
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (cd_report_page_get_next_button (page))));
  cd_gui_test_settle (600);
  cd_gui_test_save_screenshot (window, "report-error");

  cd_report_page_set_store (page, NULL);
  g_assert_cmpstr (cd_report_page_get_state (page), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (window));
  close_window (demo);
}

int
main (int   argc,
      char *argv[])
{
  /* The demo case is written to the private XDG_DATA_HOME. */
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);

  g_test_add_func ("/report-page/demo", test_demo);
  g_test_add_func ("/report-page/close-while-building", test_close_while_building);
  g_test_add_func ("/report-page/error", test_error);
  g_test_add_func ("/report-page/changed-while-building", test_changed_while_building);

  return cd_gui_test_run ();
}
