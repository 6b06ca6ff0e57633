/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: start view, the demo case, locking, closing, a damaged
 * case file, and screenshots of the real window in English and Chinese. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-dialogs-private.h"
#include "cd-inventory-page-private.h"
#include "cd-test-util.h"
#include "cd-window.h"
#include "cd-window-private.h"

static gboolean have_display;

/* Iterates the main loop until @cond is true or five seconds pass. */
#define WAIT_UNTIL(cond)                                                   \
  G_STMT_START {                                                           \
    gint64 deadline_ = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;       \
    while (!(cond) && g_get_monotonic_time () < deadline_)                 \
      {                                                                    \
        if (!g_main_context_iteration (NULL, FALSE))                       \
          g_usleep (1000);                                                 \
      }                                                                    \
    g_assert_true (cond);                                                  \
  } G_STMT_END

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static CdWindow *
make_window (void)
{
  CdWindow *window = cd_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  return window;
}

static void
close_window (CdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  settle (50);
}

/* Windows other than @window (message dialogs) that are visible. */
static GtkWindow *
find_other_window (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (w != window && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
widget_shows_text (GtkWidget  *widget,
                   const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text))
        return TRUE;
      /* List cells */
      if (GTK_IS_INSCRIPTION (child) && gtk_inscription_get_text (GTK_INSCRIPTION (child)) != NULL &&
          strstr (gtk_inscription_get_text (GTK_INSCRIPTION (child)), text))
        return TRUE;
      if (widget_shows_text (child, text))
        return TRUE;
    }
  return FALSE;
}

static void
test_start_view (void)
{
  CdWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = make_window ();
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "start");
  g_assert_true (widget_shows_text (GTK_WIDGET (window), _("Closure Desk")));
  g_assert_null (cd_window_get_store (window));
  close_window (window);
}

static void
test_demo_lock_close (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  CdWindow *window;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = make_window ();
  cd_window_open_demo (window);
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "case");
  store = g_object_ref (cd_window_get_store (window));
  g_assert_false (cd_store_is_locked (store));
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "示例餐饮管理有限公司"));
  /* The subtitle tells the demo's passphrase. */
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "“demo”"));

  /* Lock: key wiped, lock screen shown, case actions off. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.lock", NULL));
  g_assert_true (cd_store_is_locked (store));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "locked");

  /* Unlocking (as the unlock dialog does) brings the panes back. */
  g_assert_true (cd_store_unlock (store, CD_DEMO_PASSPHRASE, &error));
  g_assert_no_error (error);
  WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);

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
  WAIT_UNTIL (cd_inventory_page_get_dialog (page) == NULL);
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

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = make_window ();
  page = cd_window_get_inventory_page (window);

  /* New case */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL));
  WAIT_UNTIL (find_other_window (GTK_WINDOW (window)) != NULL);
  new_case = CD_NEW_CASE_DIALOG (find_other_window (GTK_WINDOW (window)));
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
  WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);
  WAIT_UNTIL (find_other_window (GTK_WINDOW (window)) == NULL);
  store = cd_window_get_store (window);
  g_assert_nonnull (store);
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "福州示例贸易有限公司"));
  g_assert_cmpstr (cd_inventory_page_get_assets_state (page), ==, "empty");

  /* Two assets, shown in the list */
  add_asset (window, page, "财务部 NAS");
  add_asset (window, page, "前台电脑");
  WAIT_UNTIL (n_assets_listed (page) == 2);
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "财务部 NAS"));
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "前台电脑"));
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "1,200"));

  /* The search finds one, whatever the case */
  gtk_editable_set_text (cd_inventory_page_get_search_entry (page), "nas");
  WAIT_UNTIL (n_assets_listed (page) == 1);
  WAIT_UNTIL (!widget_shows_text (GTK_WIDGET (window), "前台电脑"));

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
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "财务部 NAS（已下线）"));

  /* Delete the other one, confirming */
  gtk_editable_set_text (cd_inventory_page_get_search_entry (page), "前台");
  WAIT_UNTIL (n_assets_listed (page) == 1 && widget_shows_text (GTK_WIDGET (window), "前台电脑"));
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "inventory.delete", NULL));
  confirm = cd_inventory_page_get_dialog (page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
  gtk_window_destroy (confirm);
  gtk_editable_set_text (cd_inventory_page_get_search_entry (page), "");
  WAIT_UNTIL (n_assets_listed (page) == 1);
  WAIT_UNTIL (!widget_shows_text (GTK_WIDGET (window), "前台电脑"));

  /* Lock: the list is emptied along with the key */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.lock", NULL));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "locked");
  WAIT_UNTIL (n_assets_listed (page) == 0);
  g_assert_false (widget_shows_text (GTK_WIDGET (window), "财务部"));

  /* Unlock through the dialog with the passphrase typed at creation */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.unlock", NULL));
  WAIT_UNTIL (find_other_window (GTK_WINDOW (window)) != NULL);
  unlock = CD_UNLOCK_DIALOG (find_other_window (GTK_WINDOW (window)));
  gtk_editable_set_text (GTK_EDITABLE (cd_unlock_dialog_get_passphrase_row (unlock)), passphrase);
  g_signal_emit_by_name (cd_unlock_dialog_get_unlock_button (unlock), "clicked");
  WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);
  WAIT_UNTIL (n_assets_listed (page) == 1);
  WAIT_UNTIL (widget_shows_text (GTK_WIDGET (window), "财务部 NAS（已下线）"));

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

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  g_assert_true (g_file_set_contents (path, "not a case", -1, NULL));
  window = make_window ();
  cd_window_open_file (window, file);

  /* An error dialog, and the window stays on the start view. */
  WAIT_UNTIL ((message = find_other_window (GTK_WINDOW (window))) != NULL);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (message));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)),
                            "broken.closurecase"));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "start");
  gtk_window_destroy (message);

  close_window (window);
  cd_test_rm_rf (dir);
}

/* A screenshot of the demo case in the language of the environment, for
 * people to look at (written to the build directory as
 * screenshot-window-<LANGUAGE>.png; the test checks it is a real PNG of the
 * window). meson runs this once in English and once in Chinese. */
static void
test_screenshot (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("screenshot-window-%s.png",
                                           g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "C");
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autofree char *contents = NULL;
  CdWindow *window;
  gsize len = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  window = make_window ();
  cd_window_open_demo (window);
  settle (1200);
  g_assert_true (cd_window_save_screenshot (window, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 10000);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_test_message ("screenshot: %s", path);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("cd-gui-home-XXXXXX", NULL);
  g_autofree char *data_home = g_build_filename (home, "data", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  g_autofree char *cache_home = g_build_filename (home, "cache", NULL);
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: it also hides the system data dirs, and
   * with them the MIME database GdkPixbuf needs to load SVG icons. Only the
   * user dirs (where the demo case is written) are made private. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLOSURE_DESK_LOCALEDIR") ? g_getenv ("CLOSURE_DESK_LOCALEDIR")
                                                                  : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/window/start-view", test_start_view);
  g_test_add_func ("/window/demo-lock-close", test_demo_lock_close);
  g_test_add_func ("/window/first-case", test_first_case);
  g_test_add_func ("/window/open-damaged", test_open_damaged);
  g_test_add_func ("/window/screenshot", test_screenshot);

  status = g_test_run ();
  cd_test_rm_rf (home);
  return status;
}
