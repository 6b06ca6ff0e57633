/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the scan sheet and the findings window: a real
 * CdInventoryPage in a window under Xvfb, over a temporary case, scanning a
 * temporary folder of files with known identifiers. Assertions are on what
 * a user sees: the counts in the sheet, the inventory rows made of the
 * findings, and the masked examples in the findings window. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-finding-item.h"
#include "cd-gui-test.h"
#include "cd-inventory-page-private.h"
#include "cd-scan-dialog-private.h"
#include "cd-test-util.h"

/* Valid identifiers (check digit, date, prefix), not anyone's. */
#define RESIDENT_ID "11010519491231002X"
#define MOBILE      "13812345678"
#define EMAIL       "zhang.san@example.com"

#define LIST_TEXT    "张三 身份证 " RESIDENT_ID " 手机 " MOBILE "\n"
#define CONTACT_TEXT "邮箱 " EMAIL " 电话 " MOBILE "\n"

/* How long a scan of a handful of files may take, threads and all. */
#define SCAN_SECONDS 30

typedef struct
{
  CdTestCase       tc;
  GtkWindow       *window;
  CdInventoryPage *page;
  char            *folder;     /* the folder scanned, beside the case file */
} Fixture;

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* The kinds cd_detect_scan() finds in @text, as a mask, and how many. */
static guint
detected (const char *text,
          guint      *out_n)
{
  g_autoptr(GArray) spans = cd_detect_scan (text, strlen (text), CD_DETECT_ALL_KINDS);
  guint mask = 0;

  for (guint i = 0; i < spans->len; i++)
    mask |= CD_DETECT_KIND_MASK (g_array_index (spans, CdDetectSpan, i).kind);
  *out_n = spans->len;
  return mask;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const char jpeg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";

  if (!cd_gui_test_have_display ())
    return;
  cd_test_case_setup (&f->tc, data);
  /*   客户资料/名单.txt           1 resident ID, 1 mobile
   *   客户资料/照片.jpg           an image: needs review
   *   客户资料/空.txt             nothing
   *   客户资料/通讯录/联系人.txt  1 mobile, 1 e-mail */
  f->folder = g_build_filename (f->tc.dir, "客户资料", NULL);
  write_file (f->folder, "名单.txt", LIST_TEXT, -1);
  write_file (f->folder, "照片.jpg", jpeg, sizeof jpeg - 1);
  write_file (f->folder, "空.txt", "nothing here\n", -1);
  write_file (f->folder, "通讯录/联系人.txt", CONTACT_TEXT, -1);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 700);
  f->page = CD_INVENTORY_PAGE (cd_inventory_page_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  cd_inventory_page_set_store (f->page, f->tc.store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!cd_gui_test_have_display ())
    return;
  cd_inventory_page_set_store (f->page, NULL);
  gtk_window_destroy (f->window);
  for (int i = 0; i < 10; i++)
    cd_gui_test_iterate ();
  g_clear_pointer (&f->folder, g_free);
  cd_test_case_teardown (&f->tc, data);
}

static void
settle (Fixture *f)
{
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_page_is_filtering (f->page));
  for (int i = 0; i < 20; i++)
    cd_gui_test_iterate ();
}

static gboolean
scan_ended (gpointer data)
{
  CdScanDialog *dialog = data;

  return !cd_scan_dialog_is_running (dialog) &&
         g_strcmp0 (cd_scan_dialog_get_state (dialog), "running") != 0;
}

static void
wait_for_scan (CdScanDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + SCAN_SECONDS * G_USEC_PER_SEC;

  while (!scan_ended (dialog) && cd_gui_test_iterate_before (deadline))
    {
    }
  g_assert_true (scan_ended (dialog));
}

static const char *
label_text (GtkLabel *label)
{
  return gtk_label_get_text (label);
}

static const char *
last_audit_action (CdStore *store)
{
  static char action[64];
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = cd_store_list_audit (store, &error);
  g_assert_no_error (error);
  g_strlcpy (action, ((CdAuditEntry *) g_ptr_array_index (entries, entries->len - 1))->action,
             sizeof action);
  return action;
}

/* The asset whose location ends with @name, and its row. */
static CdAsset *
find_asset_row (Fixture    *f,
                const char *name,
                guint      *out_position)
{
  GListModel *model = cd_inventory_page_get_assets_model (f->page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CdAsset) asset = cd_inventory_page_get_asset (f->page, i);

      if (asset != NULL && g_str_has_suffix (cd_asset_get_location (asset), name))
        {
          *out_position = i;
          return g_steal_pointer (&asset);
        }
    }
  return NULL;
}

/* ── Tests ───────────────────────────────────────────────────────────── */

/* The whole path: scan, counts, add per file, rows, drill-down. */
static void
test_scan_and_add (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAsset) list_asset = NULL;
  g_autoptr(CdAsset) contact_asset = NULL;
  g_autoptr(CdAsset) photo_asset = NULL;
  g_autofree char *masked_id = cd_detect_mask (CD_DETECT_RESIDENT_ID, RESIDENT_ID,
                                               strlen (RESIDENT_ID));
  g_autofree char *masked_mobile = cd_detect_mask (CD_DETECT_MOBILE, MOBILE, strlen (MOBILE));
  const char *roots[] = { f->folder, NULL };
  CdScanDialog *dialog;
  CdAssetFindingsWindow *findings;
  GListModel *review;
  GListModel *items;
  guint n = 0;
  guint position = 0;

  if (!cd_gui_test_begin ())
    return;

  /* The files hold what the test says they hold. */
  g_assert_cmpuint (detected (LIST_TEXT, &n), ==,
                    CD_DETECT_KIND_MASK (CD_DETECT_RESIDENT_ID) | CD_DETECT_KIND_MASK (CD_DETECT_MOBILE));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (detected (CONTACT_TEXT, &n), ==,
                    CD_DETECT_KIND_MASK (CD_DETECT_EMAIL) | CD_DETECT_KIND_MASK (CD_DETECT_MOBILE));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (masked_id, !=, RESIDENT_ID);

  /* A registered customer the findings link to. */
  customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  cd_customer_set_name (customer, "张三");
  cd_customer_set_id_number (customer, RESIDENT_ID);
  cd_customer_set_phone (customer, MOBILE);
  cd_customer_set_email (customer, EMAIL);
  g_assert_true (cd_store_add_customer (f->tc.store, customer, &error));
  g_assert_no_error (error);

  g_assert_true (cd_inventory_page_scan (f->page, roots));
  dialog = CD_SCAN_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  wait_for_scan (dialog);
  g_assert_cmpstr (cd_scan_dialog_get_state (dialog), ==, "finished");

  /* The counts, as shown. */
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_RESIDENT_ID)), ==, "1");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_MOBILE)), ==, "2");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_EMAIL)), ==, "1");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_BANK_CARD)), ==, "0");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_LANDLINE)), ==, "0");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_files_label (dialog)), ==, "4 files");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_review_label (dialog)), ==, "1");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_failed_label (dialog)), ==, "0");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_headline_label (dialog)), ==, "Scan complete");
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), "Resident ID numbers"));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), "E-mail addresses"));
  /* Kinds not found are not listed. */
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), "Bank card numbers"));
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), RESIDENT_ID));
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), MOBILE));

  /* The files that need a person, with their reasons. */
  review = cd_scan_dialog_get_review_model (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (review), ==, 1);
  {
    g_autoptr(CdFindingItem) item = g_list_model_get_item (review, 0);

    g_assert_cmpstr (cd_finding_item_get_location (item), ==, "照片.jpg");
    g_assert_cmpstr (cd_finding_item_get_label (item), ==, "Needs review");
    g_assert_nonnull (cd_finding_item_get_text (item));
    g_assert_true (cd_finding_item_get_problem (item));
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_scan_dialog_get_review_expander (dialog))));
  gtk_expander_set_expanded (cd_scan_dialog_get_review_expander (dialog), TRUE);

  /* Recorded in the case, the scan's audit entry last. */
  {
    g_autoptr(GPtrArray) scans = cd_store_list_scans (f->tc.store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (scans->len, ==, 1);
    g_assert_cmpstr (((CdScanSummary *) scans->pdata[0])->state, ==, "complete");
    g_assert_cmpuint (((CdScanSummary *) scans->pdata[0])->files, ==, 4);
  }
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "scan");

  g_assert_true (gtk_widget_get_visible (cd_scan_dialog_get_add_button (dialog)));
  g_assert_true (gtk_widget_get_sensitive (cd_scan_dialog_get_add_button (dialog)));
  g_assert_true (gtk_check_button_get_active (cd_scan_dialog_get_per_folder_check (dialog)));
  cd_gui_test_settle (200);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "scan-dialog");
  /* And scrolled down to the choice of grouping. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (cd_scan_dialog_get_per_file_check (dialog)),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    cd_gui_test_settle (200);
    g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), "One asset per folder"));
    cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "scan-dialog-add");
  }

  /* One asset per file: the list, the contacts and the photo. */
  gtk_check_button_set_active (cd_scan_dialog_get_per_file_check (dialog), TRUE);
  g_assert_false (gtk_check_button_get_active (cd_scan_dialog_get_per_folder_check (dialog)));
  cd_gui_test_click (cd_scan_dialog_get_add_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (cd_inventory_page_get_assets_model (f->page)) == 3);
  settle (f);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "assets.from-scan");
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (f->window), "Added 3 data assets from the scan"));

  list_asset = find_asset_row (f, "名单.txt", &position);
  contact_asset = find_asset_row (f, "通讯录/联系人.txt", &n);
  photo_asset = find_asset_row (f, "照片.jpg", &n);
  g_assert_nonnull (list_asset);
  g_assert_nonnull (contact_asset);
  g_assert_nonnull (photo_asset);
  g_assert_cmpint (cd_asset_get_records (list_asset), ==, 2);
  g_assert_cmpint (cd_asset_get_customers (list_asset), ==, 1);
  g_assert_cmpstr (cd_asset_get_format (list_asset), ==, "TXT");
  g_assert_cmpint (cd_asset_get_medium (list_asset), ==, CD_MEDIUM_PC);
  g_assert_cmpstr (cd_asset_get_notes (list_asset), ==, "1 resident ID number, 1 mobile phone number");
  g_assert_cmpint (cd_asset_get_records (contact_asset), ==, 2);
  g_assert_cmpint (cd_asset_get_customers (contact_asset), ==, 1);
  g_assert_cmpint (cd_asset_get_records (photo_asset), ==, 0);
  g_assert_cmpstr (cd_asset_get_format (photo_asset), ==, "images");
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_inventory_page_get_assets_view (f->page)),
                                                "名单.txt"));

  /* The drill-down of the list's asset. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (f->page)),
                                   position, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.show-findings", NULL));
  findings = CD_ASSET_FINDINGS_WINDOW (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (findings);
  g_assert_cmpstr (cd_asset_findings_window_get_state (findings), ==, "list");
  items = cd_asset_findings_window_get_model (findings);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  {
    g_autoptr(CdFindingItem) first = g_list_model_get_item (items, 0);
    g_autoptr(CdFindingItem) second = g_list_model_get_item (items, 1);

    g_assert_cmpstr (cd_finding_item_get_location (first), ==, "名单.txt");
    g_assert_cmpstr (cd_finding_item_get_label (first), ==, "Resident ID numbers");
    g_assert_cmpstr (cd_finding_item_get_text (first), ==, masked_id);
    g_assert_cmpstr (cd_finding_item_get_label (second), ==, "Mobile phone numbers");
    g_assert_cmpstr (cd_finding_item_get_text (second), ==, masked_mobile);
  }
  g_assert_cmpstr (label_text (cd_asset_findings_window_get_count_label (findings, CD_DETECT_RESIDENT_ID)),
                   ==, "1");
  g_assert_cmpstr (label_text (cd_asset_findings_window_get_count_label (findings, CD_DETECT_MOBILE)),
                   ==, "1");
  g_assert_null (cd_asset_findings_window_get_count_label (findings, CD_DETECT_EMAIL));
  cd_gui_test_settle (200);
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (findings), masked_id));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (findings), masked_mobile));
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (findings), RESIDENT_ID));
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (findings), MOBILE));
  cd_gui_test_save_screenshot (GTK_WIDGET (findings), "asset-findings");
  gtk_window_destroy (GTK_WINDOW (findings));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);

  /* The photo's drill-down: the file to look at, with its reason. */
  g_clear_object (&photo_asset);
  photo_asset = find_asset_row (f, "照片.jpg", &position);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (f->page)),
                                   position, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.show-findings", NULL));
  findings = CD_ASSET_FINDINGS_WINDOW (cd_inventory_page_get_dialog (f->page));
  items = cd_asset_findings_window_get_model (findings);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  {
    g_autoptr(CdFindingItem) item = g_list_model_get_item (items, 0);

    g_assert_cmpstr (cd_finding_item_get_label (item), ==, "Needs review");
    g_assert_true (cd_finding_item_get_problem (item));
  }
  gtk_window_destroy (GTK_WINDOW (findings));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
}

/* Per folder: the files directly in the folder and its subfolder. */
static void
test_add_per_folder (Fixture       *f,
                     gconstpointer  data)
{
  const char *roots[] = { f->folder, NULL };
  g_autoptr(CdAsset) top = NULL;
  g_autoptr(CdAsset) sub = NULL;
  CdScanDialog *dialog;
  guint position;

  if (!cd_gui_test_begin ())
    return;

  g_assert_true (cd_inventory_page_scan (f->page, roots));
  dialog = CD_SCAN_DIALOG (cd_inventory_page_get_dialog (f->page));
  wait_for_scan (dialog);
  g_assert_cmpstr (cd_scan_dialog_get_state (dialog), ==, "finished");
  cd_gui_test_click (cd_scan_dialog_get_add_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (cd_inventory_page_get_assets_model (f->page)) == 2);
  settle (f);

  top = find_asset_row (f, "客户资料", &position);
  sub = find_asset_row (f, "客户资料/通讯录", &position);
  g_assert_nonnull (top);
  g_assert_nonnull (sub);
  g_assert_cmpstr (cd_asset_get_location (top), ==, f->folder);
  /* 名单.txt 2 and the photo to review; 空.txt has nothing. */
  g_assert_cmpint (cd_asset_get_records (top), ==, 2);
  g_assert_cmpstr (cd_asset_get_notes (top), ==,
                   "1 resident ID number, 1 mobile phone number; 1 file needs manual review");
  g_assert_cmpint (cd_asset_get_records (sub), ==, 2);
  g_assert_cmpint (cd_asset_get_customers (sub), ==, 0);
}

/* Cancel: the sheet says nothing was recorded, and nothing was. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  g_autofree char *many = g_build_filename (f->tc.dir, "many", NULL);
  const char *roots[] = { many, NULL };
  CdScanDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *name = g_strdup_printf ("客户-%04u.txt", i);

      write_file (many, name, LIST_TEXT, -1);
    }

  g_assert_true (cd_inventory_page_scan (f->page, roots));
  dialog = CD_SCAN_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_cmpstr (cd_scan_dialog_get_state (dialog), ==, "running");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cd_scan_dialog_get_cancel_button (dialog))), ==,
                   "_Cancel");
  cd_gui_test_click (cd_scan_dialog_get_cancel_button (dialog));
  wait_for_scan (dialog);
  g_assert_cmpstr (cd_scan_dialog_get_state (dialog), ==, "cancelled");
  cd_gui_test_settle (100);
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog),
                                                "Nothing from this scan was recorded in the case."));
  g_assert_false (gtk_widget_get_visible (cd_scan_dialog_get_add_button (dialog)));

  scans = cd_store_list_scans (f->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scans->len, ==, 0);
  g_assert_cmpint (cd_store_count_assets (f->tc.store, NULL), ==, 0);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "scan-discarded");

  /* The button now closes the sheet. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cd_scan_dialog_get_cancel_button (dialog))), ==,
                   "_Close");
  cd_gui_test_click (cd_scan_dialog_get_cancel_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A folder dropped on the inventory opens the scan sheet and scans it; a
 * CSV file still opens the import. */
static void
test_drop_folder (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) csv = NULL;
  g_autofree char *csv_path = g_build_filename (f->tc.dir, "assets.csv", NULL);
  GtkDropTarget *target;
  GtkWindow *dialog;
  gboolean accepted = FALSE;

  if (!cd_gui_test_begin ())
    return;

  target = find_drop_target (GTK_WIDGET (f->page));
  g_assert_nonnull (target);

  {
    g_auto(GValue) value = G_VALUE_INIT;
    GSList *files;

    folder = g_file_new_for_path (f->folder);
    files = g_slist_prepend (NULL, folder);
    g_value_init (&value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
    g_slist_free (files);
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  }
  g_assert_true (accepted);
  dialog = cd_inventory_page_get_dialog (f->page);
  g_assert_true (CD_IS_SCAN_DIALOG (dialog));
  wait_for_scan (CD_SCAN_DIALOG (dialog));
  g_assert_cmpstr (cd_scan_dialog_get_state (CD_SCAN_DIALOG (dialog)), ==, "finished");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (CD_SCAN_DIALOG (dialog), CD_DETECT_MOBILE)),
                   ==, "2");
  gtk_window_close (dialog);
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
  /* Closing without adding leaves the scan recorded and no assets. */
  g_assert_cmpint (cd_store_count_assets (f->tc.store, NULL), ==, 0);

  g_assert_true (g_file_set_contents (csv_path, "location,medium\r\n财务部 NAS,server\r\n", -1, NULL));
  csv = g_file_new_for_path (csv_path);
  {
    g_auto(GValue) value = G_VALUE_INIT;

    g_value_init (&value, G_TYPE_FILE);
    g_value_set_object (&value, csv);
    accepted = FALSE;
    g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  }
  g_assert_true (accepted);
  dialog = cd_inventory_page_get_dialog (f->page);
  g_assert_true (CD_IS_INVENTORY_IMPORT_DIALOG (dialog));
  gtk_window_destroy (dialog);
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
}

/* "Scan Folder…" opens the sheet on its folder choice; without a case the
 * action is off. */
static void
test_choose (Fixture       *f,
             gconstpointer  data)
{
  CdScanDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.scan", NULL));
  dialog = CD_SCAN_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (cd_scan_dialog_get_state (dialog), ==, "choose");
  g_assert_false (gtk_widget_get_visible (cd_scan_dialog_get_add_button (dialog)));
  cd_gui_test_settle (100);
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), "Scan a Folder"));
  cd_gui_test_click (cd_scan_dialog_get_cancel_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);

  cd_inventory_page_set_store (f->page, NULL);
  g_assert_false (cd_inventory_page_scan (f->page, NULL));
  gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.scan", NULL);
  g_assert_null (cd_inventory_page_get_dialog (f->page));
  cd_inventory_page_set_store (f->page, f->tc.store);
}

/* The demo case's made-up files, scanned the way a consultant would, and
 * added to the inventory one asset per folder. */
static void
test_demo_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  const char *roots[2] = { NULL, NULL };
  CdScanDialog *dialog;
  guint before;

  if (!cd_gui_test_begin ())
    return;

  folder = g_build_filename (f->tc.dir, "demo-files", NULL);
  g_assert_true (cd_demo_write_files (folder, &error));
  g_assert_no_error (error);
  roots[0] = folder;
  before = g_list_model_get_n_items (cd_inventory_page_get_assets_model (f->page));

  g_assert_true (cd_inventory_page_scan (f->page, roots));
  dialog = CD_SCAN_DIALOG (cd_inventory_page_get_dialog (f->page));
  wait_for_scan (dialog);
  g_assert_cmpstr (cd_scan_dialog_get_state (dialog), ==, "finished");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_RESIDENT_ID)), ==, "223");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_MOBILE)), ==, "382");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_BANK_CARD)), ==, "17");
  g_assert_cmpstr (label_text (cd_scan_dialog_get_count_label (dialog, CD_DETECT_USCC)), ==, "17");
  /* "25 files", "25 个文件": the test also runs in zh_CN. */
  g_assert_true (g_str_has_prefix (label_text (cd_scan_dialog_get_files_label (dialog)), "25 "));
  g_assert_cmpstr (label_text (cd_scan_dialog_get_review_label (dialog)), ==, "3");
  cd_gui_test_settle (200);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "scan-dialog-demo");

  cd_gui_test_click (cd_scan_dialog_get_add_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
  settle (f);
  /* One asset per folder below the scanned one (the default). */
  g_assert_cmpuint (g_list_model_get_n_items (cd_inventory_page_get_assets_model (f->page)), >, before + 5);
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_inventory_page_get_assets_view (f->page)),
                                                "前台电脑2018"));
  cd_gui_test_settle (200);
  cd_gui_test_save_screenshot (GTK_WIDGET (f->window), "inventory-after-scan");
}

/* An asset entered by hand has no findings to show. */
static void
test_findings_of_manual_asset (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GError) error = NULL;
  CdAssetFindingsWindow *findings;

  if (!cd_gui_test_begin ())
    return;

  cd_asset_set_location (asset, "档案室 3 号柜");
  cd_asset_set_medium (asset, CD_MEDIUM_PAPER);
  g_assert_true (cd_store_add_asset (f->tc.store, asset, &error));
  g_assert_no_error (error);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (cd_inventory_page_get_assets_model (f->page)) == 1);
  settle (f);

  /* Nothing selected: nothing to show. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.show-findings", NULL);
  g_assert_null (cd_inventory_page_get_dialog (f->page));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (f->page)),
                                   0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.show-findings", NULL));
  findings = CD_ASSET_FINDINGS_WINDOW (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (findings);
  g_assert_cmpstr (cd_asset_findings_window_get_state (findings), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (cd_asset_findings_window_get_model (findings)), ==, 0);
  gtk_window_destroy (GTK_WINDOW (findings));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (f->page) == NULL);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_DEFAULT);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/scan-dialog/scan-and-add", test_scan_and_add);
  ADD ("/scan-dialog/add-per-folder", test_add_per_folder);
  ADD ("/scan-dialog/cancel", test_cancel);
  ADD ("/scan-dialog/drop-folder", test_drop_folder);
  ADD ("/scan-dialog/choose", test_choose);
  ADD ("/scan-dialog/findings-of-manual-asset", test_findings_of_manual_asset);
  ADD ("/scan-dialog/demo-files", test_demo_files);
#undef ADD

  return cd_gui_test_run ();
}
