/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the inventory pane: a real CdInventoryPage in a window under
 * Xvfb, over a temporary case; assertions are on what a user sees (rows in
 * the view, the summary, dialogs' fields and errors, masked cells). */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-gui-test.h"
#include "cd-gui-util.h"
#include "cd-inventory-page-private.h"
#include "cd-test-util.h"

typedef struct
{
  CdTestCase       tc;
  GtkWindow       *window;
  CdInventoryPage *page;
} Fixture;

/* Waits for the page's filters, then a few more turns for layout and cell
 * binding. */
static void
settle (Fixture *f)
{
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_page_is_filtering (f->page));
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

static guint
n_assets_shown (Fixture *f)
{
  settle (f);
  return g_list_model_get_n_items (cd_inventory_page_get_assets_model (f->page));
}

/* Whether the page's filters have run and its assets (or customers) view
 * lists @n rows. */
static gboolean
lists (Fixture  *f,
       gboolean  customers,
       guint     n)
{
  GListModel *model = customers ? cd_inventory_page_get_customers_model (f->page)
                                : cd_inventory_page_get_assets_model (f->page);

  return !cd_inventory_page_is_filtering (f->page) && g_list_model_get_n_items (model) == n;
}

/* The search entry applies its text after a short delay (search-changed):
 * wait for the count a user would see, then check it once more. */
#define assert_assets_shown(f, count) G_STMT_START {            \
    CD_GUI_TEST_WAIT_UNTIL (lists ((f), FALSE, (count)));       \
    g_assert_cmpuint (n_assets_shown (f), ==, (count));         \
  } G_STMT_END

#define assert_customers_shown(f, count) G_STMT_START {                                            \
    CD_GUI_TEST_WAIT_UNTIL (lists ((f), TRUE, (count)));                                           \
    settle (f);                                                                                    \
    g_assert_cmpuint (g_list_model_get_n_items (cd_inventory_page_get_customers_model ((f)->page)), \
                      ==, (count));                                                                \
  } G_STMT_END

#define assert_no_dialog(f) \
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog ((f)->page) == NULL)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (!cd_gui_test_have_display ())
    return;
  cd_test_case_setup (&f->tc, data);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 700);
  f->page = CD_INVENTORY_PAGE (cd_inventory_page_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
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
    g_main_context_iteration (NULL, FALSE);
  cd_test_case_teardown (&f->tc, data);
}

static void
add_asset (CdStore    *store,
           const char *location,
           CdMedium    medium,
           CdRecordType type,
           const char *format,
           gint64      records,
           gint64      customers,
           const char *custodian)
{
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GError) error = NULL;

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_record_type (asset, type);
  cd_asset_set_format (asset, format);
  cd_asset_set_records (asset, records);
  cd_asset_set_customers (asset, customers);
  cd_asset_set_custodian (asset, custodian);
  cd_store_add_asset (store, asset, &error);
  g_assert_no_error (error);
}

static void
add_sample_assets (CdStore *store)
{
  add_asset (store, "财务服务器", CD_MEDIUM_SERVER, CD_RECORD_TYPE_TRANSACTION, "MySQL", 1200, 300, "张三");
  add_asset (store, "档案柜 3", CD_MEDIUM_PAPER, CD_RECORD_TYPE_CONTRACT, "纸质合同", 500, 200, "李四");
  add_asset (store, "CRM Server", CD_MEDIUM_SERVER, CD_RECORD_TYPE_PERSONAL, "Excel", 10, 5, "Wang");
}

static const char *
last_audit_action (CdStore *store)
{
  static char action[64];
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  CdAuditEntry *last;

  entries = cd_store_list_audit (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_strlcpy (action, last->action, sizeof action);
  return action;
}

static void
collect (GtkWidget *widget,
         GString   *texts,
         GPtrArray *toggles)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL)
    g_string_append_printf (texts, "%s\n", gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  if (GTK_IS_TOGGLE_BUTTON (widget) && toggles != NULL)
    g_ptr_array_add (toggles, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, texts, toggles);
}

static char *
visible_text (GtkWidget *widget)
{
  GString *texts = g_string_new (NULL);

  collect (widget, texts, NULL);
  return g_string_free (texts, FALSE);
}

/* Saves screenshot-@what-<LANGUAGE>.png once the page has drawn. */
static void
screenshot (Fixture    *f,
            GtkWidget  *widget,
            const char *what)
{
  settle (f);
  cd_gui_test_settle (100);
  cd_gui_test_save_screenshot (widget, what);
}

/* ── Tests ───────────────────────────────────────────────────────────── */

static void
test_empty_and_clear (Fixture       *f,
                      gconstpointer  data)
{
  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  assert_assets_shown (f, 0);
  g_assert_cmpstr (cd_inventory_page_get_assets_state (f->page), ==, "empty");
  screenshot (f, GTK_WIDGET (f->window), "inventory-empty");

  add_sample_assets (f->tc.store);
  assert_assets_shown (f, 3);
  g_assert_cmpstr (cd_inventory_page_get_assets_state (f->page), ==, "list");

  cd_inventory_page_set_store (f->page, NULL);
  assert_assets_shown (f, 0);
  g_assert_cmpuint (g_list_model_get_n_items (cd_inventory_page_get_customers_model (f->page)), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.add-asset", NULL);
  g_assert_null (cd_inventory_page_get_dialog (f->page));   /* disabled without a case */
}

static void
test_search_chips_summary (Fixture       *f,
                           gconstpointer  data)
{
  GtkEditable *search;
  GtkToggleButton *paper, *server;
  const char *summary;

  if (!cd_gui_test_begin ())
    return;

  add_sample_assets (f->tc.store);
  cd_inventory_page_set_store (f->page, f->tc.store);
  search = cd_inventory_page_get_search_entry (f->page);
  assert_assets_shown (f, 3);

  summary = gtk_label_get_text (cd_inventory_page_get_summary_label (f->page));
  g_assert_nonnull (strstr (summary, "3 assets"));
  /* Grouped even in the C locale the tests run in */
  g_assert_nonnull (strstr (summary, "1,710 records"));
  g_assert_nonnull (strstr (summary, "505 customers"));
  g_assert_nonnull (strstr (gtk_label_get_text (cd_inventory_page_get_media_summary_label (f->page)),
                            "Server 2 · Paper 1"));
  g_assert_null (cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_PC));
  screenshot (f, GTK_WIDGET (f->window), "inventory-assets");

  /* Search: case-insensitive substring of location, format, custodian */
  gtk_editable_set_text (search, "crm");
  assert_assets_shown (f, 1);
  gtk_editable_set_text (search, "MYSQL");
  assert_assets_shown (f, 1);
  gtk_editable_set_text (search, "李");
  assert_assets_shown (f, 1);
  gtk_editable_set_text (search, "no such thing");
  assert_assets_shown (f, 0);
  g_assert_cmpstr (cd_inventory_page_get_assets_state (f->page), ==, "no-match");
  gtk_editable_set_text (search, "");
  assert_assets_shown (f, 3);

  /* Chips: OR within media, AND with the search */
  paper = cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_PAPER);
  server = cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_SERVER);
  g_assert_nonnull (paper);
  g_assert_nonnull (server);
  gtk_toggle_button_set_active (paper, TRUE);
  assert_assets_shown (f, 1);
  summary = gtk_label_get_text (cd_inventory_page_get_summary_label (f->page));
  g_assert_nonnull (strstr (summary, "1 asset ·"));
  g_assert_nonnull (strstr (summary, "500 records"));
  gtk_toggle_button_set_active (server, TRUE);
  assert_assets_shown (f, 3);
  gtk_toggle_button_set_active (paper, FALSE);
  assert_assets_shown (f, 2);
  gtk_editable_set_text (search, "excel");
  assert_assets_shown (f, 1);

  /* A new asset reaches the view through the store's change signal */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.clear-filters", NULL);
  add_asset (f->tc.store, "Boss's phone", CD_MEDIUM_MOBILE_CHAT, CD_RECORD_TYPE_COMMUNICATION,
             "WeChat", 80, 40, NULL);
  assert_assets_shown (f, 4);
  g_assert_nonnull (cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_MOBILE_CHAT));
}

static void
test_asset_dialog (Fixture       *f,
                   gconstpointer  data)
{
  CdInventoryAssetDialog *dialog;
  AdwEntryRow *location;
  GtkWidget *save;
  g_autoptr(CdAsset) asset = NULL;

  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  settle (f);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.edit-asset", NULL) &&
                  cd_inventory_page_get_dialog (f->page) != NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.add-asset", NULL));
  dialog = CD_INVENTORY_ASSET_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  location = cd_inventory_asset_dialog_get_location_row (dialog);
  save = cd_inventory_asset_dialog_get_save_button (dialog);
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_editable_set_text (GTK_EDITABLE (location), "   ");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (location), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_inventory_asset_dialog_get_location_error (dialog))));
  screenshot (f, GTK_WIDGET (dialog), "inventory-asset-dialog-error");

  gtk_editable_set_text (GTK_EDITABLE (location), "Finance NAS");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (location), "error"));
  adw_combo_row_set_selected (cd_inventory_asset_dialog_get_medium_row (dialog), CD_MEDIUM_PAPER);
  gtk_spin_button_set_value (cd_inventory_asset_dialog_get_records_spin (dialog), 42);
  g_signal_emit_by_name (save, "clicked");
  assert_no_dialog (f);
  assert_assets_shown (f, 1);

  asset = cd_inventory_page_get_asset (f->page, 0);
  g_assert_cmpstr (cd_asset_get_location (asset), ==, "Finance NAS");
  g_assert_cmpint (cd_asset_get_medium (asset), ==, CD_MEDIUM_PAPER);
  g_assert_cmpint (cd_asset_get_records (asset), ==, 42);
  g_clear_object (&asset);

  /* Edit the selected asset */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (f->page)), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.edit-asset", NULL));
  dialog = CD_INVENTORY_ASSET_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  location = cd_inventory_asset_dialog_get_location_row (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (location)), ==, "Finance NAS");
  g_assert_cmpfloat (gtk_spin_button_get_value (cd_inventory_asset_dialog_get_records_spin (dialog)), ==, 42);
  gtk_editable_set_text (GTK_EDITABLE (location), "Finance NAS (basement)");
  g_signal_emit_by_name (cd_inventory_asset_dialog_get_save_button (dialog), "clicked");
  assert_no_dialog (f);
  assert_assets_shown (f, 1);
  asset = cd_inventory_page_get_asset (f->page, 0);
  g_assert_cmpstr (cd_asset_get_location (asset), ==, "Finance NAS (basement)");
  g_assert_cmpint (cd_asset_get_medium (asset), ==, CD_MEDIUM_PAPER);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  GtkWindow *dialog;
  GtkSelectionModel *selection;

  if (!cd_gui_test_begin ())
    return;

  add_sample_assets (f->tc.store);
  cd_inventory_page_set_store (f->page, f->tc.store);
  assert_assets_shown (f, 3);
  selection = GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (f->page));

  /* Cancel keeps everything */
  gtk_selection_model_select_all (selection);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.delete-assets", NULL));
  dialog = cd_inventory_page_get_dialog (f->page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete 3 Data Assets?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "audit log"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* _response () only emits the signal; a click also closes the dialog */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  assert_no_dialog (f);
  assert_assets_shown (f, 3);

  /* Delete two */
  gtk_selection_model_unselect_all (selection);
  gtk_selection_model_select_range (selection, 0, 2, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.delete-assets", NULL));
  dialog = cd_inventory_page_get_dialog (f->page);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete 2 Data Assets?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (dialog);
  assert_assets_shown (f, 1);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "asset.delete");
}

static void
test_customers_masked_and_reveal (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *id_number = cd_test_resident_id (7);
  g_autofree char *after = NULL;
  GtkWidget *view;

  if (!cd_gui_test_begin ())
    return;

  cd_customer_set_name (customer, "张伟");
  cd_customer_set_phone (customer, "13812345678");
  cd_customer_set_id_number (customer, id_number);
  cd_customer_set_email (customer, "zhangwei@example.com");
  cd_store_add_customer (f->tc.store, customer, &error);
  g_assert_no_error (error);

  cd_inventory_page_set_store (f->page, f->tc.store);
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (f->page), "customers");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.delete-assets", NULL) &&
                  cd_inventory_page_get_dialog (f->page) != NULL);
  view = GTK_WIDGET (cd_inventory_page_get_customers_view (f->page));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (view, "138****5678"));
  collect (view, texts, toggles);
  g_assert_null (strstr (texts->str, "13812345678"));
  g_assert_null (strstr (texts->str, "张伟"));
  g_assert_null (strstr (texts->str, id_number));
  g_assert_cmpuint (toggles->len, ==, 1);
  screenshot (f, GTK_WIDGET (f->window), "inventory-customers");

  gtk_toggle_button_set_active (g_ptr_array_index (toggles, 0), TRUE);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (view, "13812345678"));
  after = visible_text (view);
  g_assert_nonnull (strstr (after, "张伟"));
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "customer.reveal");

  /* Search runs on real values */
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "zhangwei@");
  assert_customers_shown (f, 1);
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "13999");
  assert_customers_shown (f, 0);

  /* Locking (set_store NULL) forgets the reveal and empties the view */
  cd_inventory_page_set_store (f->page, NULL);
  settle (f);
  g_free (after);
  after = visible_text (view);
  g_assert_null (strstr (after, "13812345678"));
  g_assert_null (strstr (after, "138****5678"));
  cd_inventory_page_set_store (f->page, f->tc.store);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (view, "138****5678"));
  g_free (after);
  after = visible_text (view);
  g_assert_null (strstr (after, "13812345678"));
}

static GFile *
write_gbk_csv (Fixture    *f,
               const char *name,
               const char *utf8)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tc.dir, name, NULL);
  gsize len = 0;
  g_autofree char *gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  g_file_set_contents (path, gbk, (gssize) len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_import_assets_gbk (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  CdInventoryImportDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  file = write_gbk_csv (f, "资产清单.csv",
                        "位置,介质,记录类型,格式,记录数,客户数,保管人\r\n"
                        "财务服务器,服务器,交易记录,MySQL,1200,300,张三\r\n"
                        "档案柜,纸质,合同,纸质,500,200,李四\r\n"
                        "老板手机,微信,沟通记录,聊天,80,40,王五\r\n");
  g_assert_true (cd_inventory_page_import_file (f->page, file));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_cmpstr (gtk_label_get_text (cd_inventory_import_dialog_get_encoding_label (dialog)), ==, "GB18030");
  g_assert_cmpstr (gtk_label_get_text (cd_inventory_import_dialog_get_rows_label (dialog)), ==, "3");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_inventory_import_dialog_get_error_label (dialog))));
  g_assert_true (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
  g_assert_nonnull (gtk_grid_get_child_at (cd_inventory_import_dialog_get_preview_grid (dialog), 0, 3));
  screenshot (f, GTK_WIDGET (dialog), "inventory-import-dialog");

  g_signal_emit_by_name (cd_inventory_import_dialog_get_import_button (dialog), "clicked");
  assert_no_dialog (f);
  assert_assets_shown (f, 3);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "assets.import");
}

static void
test_import_customers_errors_and_mask (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) good = NULL;
  g_autofree char *good_csv = NULL;
  g_autofree char *id1 = cd_test_resident_id (1);
  g_autofree char *id2 = cd_test_resident_id (2);
  CdInventoryImportDialog *dialog;
  GtkWidget *label;
  const char *error_text;

  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (f->page), "customers");

  bad = write_gbk_csv (f, "bad.csv",
                       "类型,姓名,手机号\r\n"
                       "个人,张伟,13812345678\r\n"
                       "外星人,李娜,13912345678\r\n");
  g_assert_true (cd_inventory_page_import_file (f->page, bad));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_inventory_import_dialog_get_error_label (dialog))));
  error_text = gtk_label_get_text (cd_inventory_import_dialog_get_error_label (dialog));
  g_assert_nonnull (strstr (error_text, "3"));   /* names the line */
  g_assert_false (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  assert_no_dialog (f);

  good_csv = g_strdup_printf ("姓名,手机号,身份证号\r\n"
                              "张伟,13812345678,%s\r\n"
                              "李娜,13912345678,%s\r\n"
                              "张伟,13812345678,%s\r\n", id1, id2, id1);
  good = write_gbk_csv (f, "good.csv", good_csv);
  g_assert_true (cd_inventory_page_import_file (f->page, good));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_true (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
  /* The preview is masked */
  label = gtk_grid_get_child_at (cd_inventory_import_dialog_get_preview_grid (dialog), 1, 1);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "138****5678");
  label = gtk_grid_get_child_at (cd_inventory_import_dialog_get_preview_grid (dialog), 0, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "张伟");

  g_signal_emit_by_name (cd_inventory_import_dialog_get_import_button (dialog), "clicked");
  assert_no_dialog (f);
  assert_customers_shown (f, 2);
}

static void
test_import_too_large (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  CdInventoryImportDialog *dialog;
  int fd;

  if (!cd_gui_test_begin ())
    return;

  path = g_build_filename (f->tc.dir, "huge.csv", NULL);
  fd = g_open (path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 257 * 1024 * 1024), ==, 0);   /* sparse */
  close (fd);
  file = g_file_new_for_path (path);

  cd_inventory_page_set_store (f->page, f->tc.store);
  g_assert_true (cd_inventory_page_import_file (f->page, file));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_nonnull (strstr (gtk_label_get_text (cd_inventory_import_dialog_get_error_label (dialog)), "256 MiB"));
  g_assert_false (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GError) error = NULL;
  g_autofree char *masked_path = NULL;
  g_autofree char *full_path = NULL;
  g_autoptr(GFile) masked = NULL;
  g_autoptr(GFile) full = NULL;

  if (!cd_gui_test_begin ())
    return;

  cd_customer_set_name (customer, "张伟");
  cd_customer_set_phone (customer, "13812345678");
  cd_store_add_customer (f->tc.store, customer, &error);
  g_assert_no_error (error);
  cd_inventory_page_set_store (f->page, f->tc.store);
  settle (f);

  masked_path = g_build_filename (f->tc.dir, "masked.csv", NULL);
  full_path = g_build_filename (f->tc.dir, "full.csv", NULL);
  masked = g_file_new_for_path (masked_path);
  full = g_file_new_for_path (full_path);
  g_assert_true (cd_inventory_page_export_to_file (f->page, masked, TRUE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "customers.export");
  g_assert_false (cd_test_file_contains (masked_path, "13812345678", 11));
  g_assert_true (cd_test_file_contains (masked_path, "138****5678", 11));
  g_assert_true (cd_inventory_page_export_to_file (f->page, full, TRUE, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (cd_test_file_contains (full_path, "13812345678", 11));
}

static void
test_format_count (void)
{
  static const struct { gint64 n; const char *text; } cases[] = {
    { 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" }, { 12345, "12,345" },
    { 1999000, "1,999,000" }, { -1234567, "-1,234,567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cd_gui_format_count (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Case files go to g_dir_make_tmp () directories. */
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_DEFAULT);

  g_test_add_func ("/inventory/format-count", test_format_count);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/inventory/assets/empty-and-clear", test_empty_and_clear);
  ADD ("/inventory/assets/search-chips-summary", test_search_chips_summary);
  ADD ("/inventory/assets/dialog", test_asset_dialog);
  ADD ("/inventory/assets/delete", test_delete);
  ADD ("/inventory/customers/masked-and-reveal", test_customers_masked_and_reveal);
  ADD ("/inventory/import/assets-gbk", test_import_assets_gbk);
  ADD ("/inventory/import/customers-errors-and-mask", test_import_customers_errors_and_mask);
  ADD ("/inventory/import/too-large", test_import_too_large);
  ADD ("/inventory/export/masked-and-full", test_export);
#undef ADD

  return cd_gui_test_run ();
}
