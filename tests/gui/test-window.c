/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: start view, the demo case, locking, closing, a damaged
 * case file, dropping a CSV file, the keyboard shortcuts, and screenshots
 * of the real window and its dialogs in English and Chinese. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-dialogs-private.h"
#include "cd-gui-test.h"
#include "cd-inventory-page-private.h"
#include "cd-test-util.h"
#include "cd-window.h"
#include "cd-window-private.h"

static CdWindow *
make_window (void)
{
  CdWindow *window = cd_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

static void
close_window (CdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
}

static void
test_start_view (void)
{
  CdWindow *window;

  if (!cd_gui_test_begin ())
    return;

  window = make_window ();
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "start");
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (window), _("Closure Desk")));
  g_assert_null (cd_window_get_store (window));
  close_window (window);
}

static void
test_demo_lock_close (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  CdWindow *window;

  if (!cd_gui_test_begin ())
    return;

  window = make_window ();
  cd_window_open_demo (window);
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "case");
  store = g_object_ref (cd_window_get_store (window));
  g_assert_false (cd_store_is_locked (store));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "示例餐饮管理有限公司"));
  /* The subtitle tells the demo's passphrase. */
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "“demo”"));

  /* Lock: key wiped, lock screen shown, case actions off. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.lock", NULL));
  g_assert_true (cd_store_is_locked (store));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "locked");

  /* Unlocking (as the unlock dialog does) brings the panes back. */
  g_assert_true (cd_store_unlock (store, CD_DEMO_PASSPHRASE, &error));
  g_assert_no_error (error);
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);

  /* Close: back to the start view, case file closed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.close", NULL));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "start");
  g_assert_null (cd_window_get_store (window));
  g_assert_true (cd_store_is_locked (store));

  close_window (window);
}

static guint
n_assets_listed (CdInventoryPage *page)
{
  return g_list_model_get_n_items (cd_inventory_page_get_assets_model (page));
}

/* Adds an asset through the header's add button and its dialog. */
static void
add_asset (CdWindow        *window,
           CdInventoryPage *page,
           const char      *location)
{
  CdInventoryAssetDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "inventory.add", NULL));
  dialog = CD_INVENTORY_ASSET_DIALOG (cd_inventory_page_get_dialog (page));
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (cd_inventory_asset_dialog_get_location_row (dialog)), location);
  adw_combo_row_set_selected (cd_inventory_asset_dialog_get_medium_row (dialog), CD_MEDIUM_SERVER);
  gtk_spin_button_set_value (cd_inventory_asset_dialog_get_records_spin (dialog), 1200);
  g_signal_emit_by_name (cd_inventory_asset_dialog_get_save_button (dialog), "clicked");
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (page) == NULL);
}

/* The consultant's first five minutes, through the window as they would
 * go: a new case from its dialog, assets added, found with the search,
 * edited and deleted, the case locked and unlocked with its passphrase. */
static void
test_first_case (void)
{
  static const char passphrase[] = "Dissolution 2026!";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-gui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "first", NULL);
  g_autofree char *uscc = NULL;
  const char *body = "91350100M000100Y4";
  CdWindow *window;
  CdNewCaseDialog *new_case;
  CdCaseForm *form;
  CdInventoryPage *page;
  CdInventoryAssetDialog *asset_dialog;
  CdUnlockDialog *unlock;
  GtkSelectionModel *selection;
  GtkWindow *confirm;
  CdStore *store;

  if (!cd_gui_test_begin ())
    return;

  window = make_window ();
  page = cd_window_get_inventory_page (window);

  /* New case */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) != NULL);
  new_case = CD_NEW_CASE_DIALOG (cd_gui_test_find_other_window (GTK_WINDOW (window)));
  form = cd_new_case_dialog_get_form (new_case);
  uscc = g_strdup_printf ("%s%c", body, cd_ident_uscc_check_char (body));
  gtk_editable_set_text (GTK_EDITABLE (form->company_row), "福州示例贸易有限公司");
  gtk_editable_set_text (GTK_EDITABLE (form->uscc_row), uscc);
  gtk_editable_set_text (GTK_EDITABLE (form->announced_row), "2026-10-10");
  gtk_editable_set_text (GTK_EDITABLE (form->planned_row), "2026-12-01");
  gtk_editable_set_text (GTK_EDITABLE (cd_new_case_dialog_get_passphrase_row (new_case)), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (cd_new_case_dialog_get_repeat_row (new_case)), passphrase);
  cd_new_case_dialog_set_path (new_case, path);
  g_signal_emit_by_name (cd_new_case_dialog_get_create_button (new_case), "clicked");
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);
  store = cd_window_get_store (window);
  g_assert_nonnull (store);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "福州示例贸易有限公司"));
  g_assert_cmpstr (cd_inventory_page_get_assets_state (page), ==, "empty");

  /* Two assets, shown in the list */
  add_asset (window, page, "财务部 NAS");
  add_asset (window, page, "前台电脑");
  CD_GUI_TEST_WAIT_UNTIL (n_assets_listed (page) == 2);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "财务部 NAS"));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "前台电脑"));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "1,200"));

  /* The search finds one, whatever the case */
  gtk_editable_set_text (cd_inventory_page_get_search_entry (page), "nas");
  CD_GUI_TEST_WAIT_UNTIL (n_assets_listed (page) == 1);
  CD_GUI_TEST_WAIT_UNTIL (!cd_gui_test_widget_shows_text (GTK_WIDGET (window), "前台电脑"));

  /* Edit it: select the row, press edit, change the location */
  selection = GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (page));
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "inventory.edit", NULL));
  asset_dialog = CD_INVENTORY_ASSET_DIALOG (cd_inventory_page_get_dialog (page));
  g_assert_nonnull (asset_dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_inventory_asset_dialog_get_location_row (asset_dialog))),
                   ==, "财务部 NAS");
  gtk_editable_set_text (GTK_EDITABLE (cd_inventory_asset_dialog_get_location_row (asset_dialog)),
                         "财务部 NAS（已下线）");
  g_signal_emit_by_name (cd_inventory_asset_dialog_get_save_button (asset_dialog), "clicked");
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "财务部 NAS（已下线）"));

  /* Delete the other one, confirming */
  gtk_editable_set_text (cd_inventory_page_get_search_entry (page), "前台");
  CD_GUI_TEST_WAIT_UNTIL (n_assets_listed (page) == 1 &&
                          cd_gui_test_widget_shows_text (GTK_WIDGET (window), "前台电脑"));
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "inventory.delete", NULL));
  confirm = cd_inventory_page_get_dialog (page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
  gtk_window_destroy (confirm);
  gtk_editable_set_text (cd_inventory_page_get_search_entry (page), "");
  CD_GUI_TEST_WAIT_UNTIL (n_assets_listed (page) == 1);
  CD_GUI_TEST_WAIT_UNTIL (!cd_gui_test_widget_shows_text (GTK_WIDGET (window), "前台电脑"));

  /* Lock: the list is emptied along with the key */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.lock", NULL));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "locked");
  CD_GUI_TEST_WAIT_UNTIL (n_assets_listed (page) == 0);
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "财务部"));

  /* Unlock through the dialog with the passphrase typed at creation */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.unlock", NULL));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) != NULL);
  unlock = CD_UNLOCK_DIALOG (cd_gui_test_find_other_window (GTK_WINDOW (window)));
  gtk_editable_set_text (GTK_EDITABLE (cd_unlock_dialog_get_passphrase_row (unlock)), passphrase);
  g_signal_emit_by_name (cd_unlock_dialog_get_unlock_button (unlock), "clicked");
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);
  CD_GUI_TEST_WAIT_UNTIL (n_assets_listed (page) == 1);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "财务部 NAS（已下线）"));

  close_window (window);
  cd_test_rm_rf (dir);
}

static void
test_open_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-gui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "broken.closurecase", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  CdWindow *window;
  GtkWindow *message;

  if (!cd_gui_test_begin ())
    return;

  g_assert_true (g_file_set_contents (path, "not a case", -1, NULL));
  window = make_window ();
  cd_window_open_file (window, file);

  /* An error dialog, and the window stays on the start view. */
  CD_GUI_TEST_WAIT_UNTIL ((message = cd_gui_test_find_other_window (GTK_WINDOW (window))) != NULL);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (message));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                            "broken.closurecase"));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "start");
  gtk_window_destroy (message);

  close_window (window);
  cd_test_rm_rf (dir);
}

/* The window as the app saves it for --screenshot, checked as a real PNG. */
static void
save_window_screenshot (CdWindow   *window,
                        const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cd_gui_test_screenshot_path (what);
  gint64 deadline = g_get_monotonic_time () + CD_GUI_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  /* Between a queued redraw and the next frame the window has nothing to
   * save (a busy machine, a sanitizer): it is tried again until it has. */
  while (!cd_window_save_screenshot (window, path, &error) && cd_gui_test_iterate_before (deadline))
    g_clear_error (&error);
  g_assert_no_error (error);
  cd_gui_test_assert_png (path);
}

/* The keyboard shortcuts window of the app's resource, which GtkApplication
 * loads for every window it is given; the test windows have no application. */
static GtkShortcutsWindow *
help_overlay_from (GtkBuilder *builder)
{
  GObject *overlay;

  g_assert_true (gtk_builder_add_from_resource (builder, RESOURCE_PATH "/gtk/help-overlay.ui",
                                                NULL));
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  return GTK_SHORTCUTS_WINDOW (overlay);
}

/* Screenshots of the demo case in the language of the environment, for
 * people to look at (written to the build directory as
 * screenshot-<what>-<LANGUAGE>.png; the test checks each is a real PNG):
 * the window on the assets and on the customers tab, the asset dialog on a
 * demo asset, and the keyboard shortcuts. meson runs this once in English
 * and once in Chinese. */
static void
test_screenshot (void)
{
  CdWindow *window;
  CdInventoryPage *page;
  GtkBuilder *builder;
  GListModel *customers;
  GListModel *assets;
  GtkShortcutsWindow *overlay;
  GtkWindow *dialog;
  GtkWindow *shortcuts;

  if (!cd_gui_test_begin ())
    return;

  window = make_window ();
  page = cd_window_get_inventory_page (window);
  cd_window_open_demo (window);
  cd_gui_test_settle (1200);
  save_window_screenshot (window, "window");

  /* The customers tab, identifiers masked as it opens */
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (page), "customers");
  customers = cd_inventory_page_get_customers_model (page);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (customers) > 0);
  cd_gui_test_settle (1000);
  save_window_screenshot (window, "window-customers");

  /* The first demo asset, opened for editing */
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (page), "assets");
  assets = cd_inventory_page_get_assets_model (page);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (assets) > 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (assets), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "inventory.edit-asset", NULL));
  dialog = cd_inventory_page_get_dialog (page);
  g_assert_true (CD_IS_INVENTORY_ASSET_DIALOG (dialog));
  cd_gui_test_settle (1000);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "asset-dialog");
  gtk_window_destroy (dialog);
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (page) == NULL);

  /* Help → Keyboard Shortcuts (the window destroys the overlay with itself) */
  builder = gtk_builder_new ();
  overlay = help_overlay_from (builder);
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (window), overlay);
  g_object_unref (builder);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  shortcuts = cd_gui_test_find_other_window (GTK_WINDOW (window));
  g_assert_true (shortcuts == GTK_WINDOW (overlay));
  cd_gui_test_settle (1000);
  cd_gui_test_save_screenshot (GTK_WIDGET (shortcuts), "shortcuts");
  gtk_window_close (shortcuts);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);

  close_window (window);
}

/* Two shortcuts for one key would leave one of them dead, and the help
 * window would promise both. Accelerators are compared parsed, so
 * "<Control>n" and "<Primary>n" are the same key. A group with a view is
 * one pane's keys: they must differ from each other and from the keys of
 * the whole window (groups without a view), not from another pane's. */
typedef struct
{
  char *view;      /* "" for the whole window */
  char *key;       /* keyval:modifiers */
  char *accel;     /* as written */
} Accel;

static void
accel_free (Accel *accel)
{
  g_free (accel->view);
  g_free (accel->key);
  g_free (accel->accel);
  g_free (accel);
}

static void
test_shortcuts_unique (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) accel_free);
  g_autoptr(GPtrArray) listed = NULL;
  GtkShortcutsWindow *overlay;
  guint views = 0;

  if (!cd_gui_test_begin ())
    return;

  builder = gtk_builder_new ();
  overlay = help_overlay_from (builder);
  listed = cd_gui_test_list_overlay_accels (builder);
  for (guint i = 0; i < listed->len; i++)
    {
      const CdGuiTestAccel *listed_accel = g_ptr_array_index (listed, i);
      Accel *accel = g_new0 (Accel, 1);

      accel->view = g_strdup (listed_accel->view);
      accel->key = g_strdup_printf ("%u:%u", gdk_keyval_to_lower (listed_accel->keyval),
                                    (guint) listed_accel->mods);
      accel->accel = g_strdup (listed_accel->accel);
      for (guint j = 0; j < seen->len; j++)
        {
          const Accel *other = g_ptr_array_index (seen, j);
          gboolean clash = g_str_equal (other->key, accel->key) &&
                           (g_str_equal (other->view, accel->view) || *other->view == '\0' ||
                            *accel->view == '\0');

          if (clash)
            g_test_message ("“%s” (%s) and “%s” (%s) are the same key", other->accel, other->view,
                            accel->accel, accel->view);
          g_assert_false (clash);
        }
      views += *accel->view != '\0';
      g_ptr_array_add (seen, accel);
    }
  g_test_message ("%u accelerators, %u of them in one pane", seen->len, views);
  g_assert_cmpuint (seen->len, >, 0);
  g_assert_cmpuint (views, >, 0);
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* The inventory's drop target, as GTK finds it when a file is dropped. */
static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      /* (transfer none): the widget keeps its controllers */
      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* A CSV file dropped on the inventory opens the import dialog on it, which
 * says how the file is encoded; closing it imports nothing. */
static void
test_drop_csv (void)
{
  static const char csv[] =
    "location,medium,record_type,format,records,customers,custodian,notes\r\n"
    "财务部 NAS,server,transaction,MySQL,1200,300,张三,\r\n"
    "前台电脑,pc,personal,Excel,80,40,李四,已下线\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-gui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "资产清单.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GValue) value = G_VALUE_INIT;
  CdWindow *window;
  CdInventoryPage *page;
  CdInventoryImportDialog *import;
  GListModel *assets;
  GtkDropTarget *target;
  GtkWindow *dialog;
  gboolean accepted = FALSE;
  guint n_assets;

  if (!cd_gui_test_begin ())
    return;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, csv, -1, NULL));
  window = make_window ();
  page = cd_window_get_inventory_page (window);
  cd_window_open_demo (window);
  assets = cd_inventory_page_get_assets_model (page);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (assets) > 0);
  n_assets = g_list_model_get_n_items (assets);

  target = find_drop_target (GTK_WIDGET (page));
  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (target, "drop", &value,
                         gtk_widget_get_width (GTK_WIDGET (page)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (page)) / 2.0,
                         &accepted);
  g_assert_true (accepted);

  dialog = cd_inventory_page_get_dialog (page);
  g_assert_true (CD_IS_INVENTORY_IMPORT_DIALOG (dialog));
  import = CD_INVENTORY_IMPORT_DIALOG (dialog);
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (import));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpstr (gtk_label_get_text (cd_inventory_import_dialog_get_encoding_label (import)), ==,
                   "UTF-8");
  g_assert_cmpstr (gtk_label_get_text (cd_inventory_import_dialog_get_rows_label (import)), ==, "2");
  g_assert_true (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (import)));

  gtk_window_destroy (dialog);
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (page) == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (assets), ==, n_assets);

  close_window (window);
  cd_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The demo case is written to the private XDG_DATA_HOME. */
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);

  g_test_add_func ("/window/start-view", test_start_view);
  g_test_add_func ("/window/demo-lock-close", test_demo_lock_close);
  g_test_add_func ("/window/first-case", test_first_case);
  g_test_add_func ("/window/open-damaged", test_open_damaged);
  g_test_add_func ("/window/screenshot", test_screenshot);
  g_test_add_func ("/window/shortcuts-unique", test_shortcuts_unique);
  g_test_add_func ("/window/drop-csv", test_drop_csv);

  return cd_gui_test_run ();
}
