/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case dialogs, driven the way a user would: type into the rows, press
 * the buttons, then check what is shown and what ended up in the case file.
 * Runs under Xvfb; skips itself without a display. Also saves PNGs of the
 * filled-in new-case and case details dialogs to the build directory. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cd-dialogs-private.h"
#include "cd-gui-test.h"
#include "cd-gui-util.h"
#include "cd-test-util.h"

#define PASSPHRASE     "Correct horse 42"
#define NEW_PASSPHRASE "Battery staple 77!"

/* -- helpers ------------------------------------------------------------------ */

static gboolean
is_sensitive (GtkButton *button)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (button));
}

static char *
make_uscc (gboolean valid)
{
  const char *body = "91350100M000100Y4";
  char check = cd_ident_uscc_check_char (body);

  g_assert_cmpint (check, !=, 0);
  if (!valid)
    check = check == 'A' ? 'B' : 'A';
  return g_strdup_printf ("%s%c", body, check);
}

/* A case file made by the core directly (fast KDF), for the dialogs that
 * work on an existing case. */
typedef struct
{
  char    *dir;
  char    *path;
  CdStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autoptr(GError) error = NULL;
  CdKdfParams params;

  fixture->dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.closurecase", NULL);

  cd_case_info_set_company_name (info, "福州示例科技有限公司");
  cd_case_info_set_address (info, "福建省福州市鼓楼区示例路1号");
  cd_case_info_set_group_filed (info, "2025-03-01");
  cd_kdf_params_init_fast (&params);
  fixture->store = cd_store_create (fixture->path, PASSPHRASE, &params, info, "test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->store != NULL)
    cd_store_close (fixture->store);
  g_clear_object (&fixture->store);
  cd_test_rm_rf (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* -- new case -------------------------------------------------------------------- */

static void
fill_valid_new_case (CdNewCaseDialog *dialog,
                     const char      *path)
{
  CdCaseForm *form = cd_new_case_dialog_get_form (dialog);
  g_autofree char *uscc = make_uscc (TRUE);

  cd_gui_test_type_text (form->company_row, "福州示例科技有限公司");
  cd_gui_test_type_text (form->address_row, "福建省福州市鼓楼区示例路1号");
  cd_gui_test_type_text (form->uscc_row, uscc);
  adw_combo_row_set_selected (form->route_row, CD_ROUTE_SIMPLIFIED);
  cd_gui_test_type_text (form->consultant_row, "李顾问");
  cd_gui_test_type_text (form->group_filed_row, "2025-03-01");
  cd_gui_test_type_text (form->announced_row, "2025-03-10");
  cd_gui_test_type_text (form->planned_row, "2025-05-01");
  cd_gui_test_type_text (cd_new_case_dialog_get_passphrase_row (dialog), PASSPHRASE);
  cd_gui_test_type_text (cd_new_case_dialog_get_repeat_row (dialog), PASSPHRASE);
  if (path != NULL)
    cd_new_case_dialog_set_path (dialog, path);
}

static void
test_new_case_validation (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad_uscc = make_uscc (FALSE);
  g_autofree char *good_uscc = make_uscc (TRUE);
  GtkWidget *window;
  CdNewCaseDialog *dialog;
  CdCaseForm *form;
  GtkButton *create;

  if (!cd_gui_test_begin ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "case", NULL);
  window = cd_new_case_dialog_new (NULL);
  cd_gui_test_track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  form = cd_new_case_dialog_get_form (dialog);
  create = cd_new_case_dialog_get_create_button (dialog);
  gtk_window_present (GTK_WINDOW (window));

  /* Nothing typed yet: no complaints, nothing to create. */
  g_assert_false (is_sensitive (create));
  g_assert_false (cd_gui_test_label_shows (form->uscc_error_label));

  fill_valid_new_case (dialog, path);
  g_assert_true (is_sensitive (create));

  /* A wrong check character is explained under the field as typed. */
  cd_gui_test_type_text (form->uscc_row, bad_uscc);
  g_assert_true (cd_gui_test_label_shows (form->uscc_error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (form->uscc_error_label), "last character"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (form->uscc_row), "error"));
  g_assert_false (is_sensitive (create));

  cd_gui_test_type_text (form->uscc_row, good_uscc);
  g_assert_false (cd_gui_test_label_shows (form->uscc_error_label));
  g_assert_true (is_sensitive (create));

  /* The credit code is optional. */
  cd_gui_test_type_text (form->uscc_row, "");
  g_assert_true (is_sensitive (create));

  /* Passphrases that differ are shown as such and block Create. */
  cd_gui_test_type_text (cd_new_case_dialog_get_repeat_row (dialog), PASSPHRASE "x");
  g_assert_cmpstr (gtk_label_get_text (cd_new_case_dialog_get_strength_label (dialog)), ==,
                   "The passphrases do not match.");
  g_assert_false (is_sensitive (create));

  /* Fewer than 8 characters are refused, even repeated correctly. */
  cd_gui_test_type_text (cd_new_case_dialog_get_passphrase_row (dialog), "abc12");
  cd_gui_test_type_text (cd_new_case_dialog_get_repeat_row (dialog), "abc12");
  g_assert_nonnull (strstr (gtk_label_get_text (cd_new_case_dialog_get_strength_label (dialog)),
                            "Too short"));
  g_assert_false (is_sensitive (create));

  cd_gui_test_type_text (cd_new_case_dialog_get_passphrase_row (dialog), PASSPHRASE);
  cd_gui_test_type_text (cd_new_case_dialog_get_repeat_row (dialog), PASSPHRASE);
  g_assert_true (is_sensitive (create));

  /* A malformed date is marked. */
  cd_gui_test_type_text (form->planned_row, "2025-13-01");
  g_assert_true (cd_gui_test_label_shows (form->dates_error_label));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (form->planned_row), "error"));
  g_assert_false (is_sensitive (create));
  cd_gui_test_type_text (form->planned_row, "");
  g_assert_true (is_sensitive (create));

  /* No company name, nothing to create. */
  cd_gui_test_type_text (form->company_row, "  ");
  g_assert_false (is_sensitive (create));

  cd_gui_test_destroy_if_alive (&window);
  g_rmdir (dir);
}

static void
test_new_case_date_order (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window;
  CdNewCaseDialog *dialog;
  CdCaseForm *form;

  if (!cd_gui_test_begin ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "order.closurecase", NULL);
  window = cd_new_case_dialog_new (NULL);
  cd_gui_test_track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  form = cd_new_case_dialog_get_form (dialog);
  gtk_window_present (GTK_WINDOW (window));

  fill_valid_new_case (dialog, path);
  /* Announced before the liquidation group was filed: the statutory order
   * is broken, the core's explanation appears under the dates. */
  cd_gui_test_type_text (form->group_filed_row, "2025-03-10");
  cd_gui_test_type_text (form->announced_row, "2025-03-01");
  g_assert_true (cd_gui_test_label_shows (form->dates_error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (form->dates_error_label),
                            "announcement cannot be before"));
  g_assert_false (is_sensitive (cd_new_case_dialog_get_create_button (dialog)));
  /* Pressing Create anyway (e.g. by a stale default) creates nothing. */
  g_signal_emit_by_name (cd_new_case_dialog_get_create_button (dialog), "clicked");
  g_assert_false (cd_new_case_dialog_get_busy (dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  cd_gui_test_type_text (form->announced_row, "2025-03-11");
  g_assert_false (cd_gui_test_label_shows (form->dates_error_label));
  g_assert_true (is_sensitive (cd_new_case_dialog_get_create_button (dialog)));

  cd_gui_test_destroy_if_alive (&window);
  g_rmdir (dir);
}

static void
case_created_cb (CdNewCaseDialog *dialog,
                 CdStore         *store,
                 CdStore        **out_store)
{
  *out_store = g_object_ref (store);
}

static void
test_new_case_create (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *uscc = make_uscc (TRUE);
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  CdNewCaseDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "福州示例", NULL);
  expected_path = g_strconcat (path, ".closurecase", NULL);
  window = cd_new_case_dialog_new (NULL);
  cd_gui_test_track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  g_signal_connect (dialog, "case-created", G_CALLBACK (case_created_cb), &store);
  gtk_window_present (GTK_WINDOW (window));

  fill_valid_new_case (dialog, path);
  cd_gui_test_click (cd_new_case_dialog_get_create_button (dialog));
  /* While the key is derived, nothing can be pressed. */
  if (cd_new_case_dialog_get_busy (dialog))
    g_assert_false (is_sensitive (cd_new_case_dialog_get_create_button (dialog)));

  CD_GUI_TEST_WAIT_UNTIL (store != NULL);
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);

  g_assert_true (g_file_test (expected_path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (cd_store_get_path (store), ==, expected_path);
  g_assert_false (cd_store_is_locked (store));
  info = cd_store_get_case_info (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_case_info_get_company_name (info), ==, "福州示例科技有限公司");
  g_assert_cmpstr (cd_case_info_get_uscc (info), ==, uscc);
  g_assert_cmpstr (cd_case_info_get_address (info), ==, "福建省福州市鼓楼区示例路1号");
  g_assert_cmpint (cd_case_info_get_route (info), ==, CD_ROUTE_SIMPLIFIED);
  g_assert_cmpstr (cd_case_info_get_consultant (info), ==, "李顾问");
  g_assert_cmpstr (cd_case_info_get_group_filed (info), ==, "2025-03-01");
  g_assert_cmpstr (cd_case_info_get_announced (info), ==, "2025-03-10");
  g_assert_cmpstr (cd_case_info_get_planned_deregistration (info), ==, "2025-05-01");

  /* The passphrase typed is the one that opens the file. */
  cd_store_lock (store);
  g_assert_true (cd_store_unlock (store, PASSPHRASE, &error));
  g_assert_no_error (error);

  cd_store_close (store);
  g_unlink (expected_path);
  g_rmdir (dir);
}

static void
test_new_case_exists (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GtkWidget *window;
  CdNewCaseDialog *dialog;
  CdCaseForm *form;

  if (!cd_gui_test_begin ())
    return;

  /* An existing file is never overwritten; the dialog says so and stays. */
  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "taken.closurecase", NULL);
  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));

  window = cd_new_case_dialog_new (NULL);
  cd_gui_test_track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  form = cd_new_case_dialog_get_form (dialog);
  gtk_window_present (GTK_WINDOW (window));
  fill_valid_new_case (dialog, path);
  cd_gui_test_click (cd_new_case_dialog_get_create_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (!cd_new_case_dialog_get_busy (dialog));
  g_assert_nonnull (window);
  g_assert_true (cd_gui_test_label_shows (form->error_label));

  cd_gui_test_destroy_if_alive (&window);
  g_unlink (path);
  g_rmdir (dir);
}

/* -- unlock ------------------------------------------------------------------ */

static void
count_cb (gpointer  instance,
          gboolean *flag)
{
  *flag = TRUE;
}

static void
test_unlock (Fixture       *fixture,
             gconstpointer  user_data)
{
  gboolean unlocked = FALSE;
  GtkWidget *window;
  CdUnlockDialog *dialog;
  AdwEntryRow *row;

  if (!cd_gui_test_begin ())
    return;

  cd_store_lock (fixture->store);
  g_assert_true (cd_store_is_locked (fixture->store));

  window = cd_unlock_dialog_new (NULL, fixture->store);
  cd_gui_test_track (&window);
  dialog = CD_UNLOCK_DIALOG (window);
  row = cd_unlock_dialog_get_passphrase_row (dialog);
  g_signal_connect (dialog, "unlocked", G_CALLBACK (count_cb), &unlocked);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_false (is_sensitive (cd_unlock_dialog_get_unlock_button (dialog)));

  cd_gui_test_type_text (row, "not the passphrase");
  cd_gui_test_click (cd_unlock_dialog_get_unlock_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (!cd_unlock_dialog_get_busy (dialog));
  g_assert_false (unlocked);
  g_assert_nonnull (window);
  g_assert_true (cd_gui_test_label_shows (cd_unlock_dialog_get_error_label (dialog)));
  g_assert_cmpstr (gtk_label_get_text (cd_unlock_dialog_get_error_label (dialog)), ==,
                   "Wrong passphrase");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_true (cd_store_is_locked (fixture->store));

  cd_gui_test_type_text (row, PASSPHRASE);
  cd_gui_test_click (cd_unlock_dialog_get_unlock_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (unlocked);
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);
  g_assert_false (cd_store_is_locked (fixture->store));
}

static void
test_unlock_cancel (Fixture       *fixture,
                    gconstpointer  user_data)
{
  gboolean unlocked = FALSE;
  GtkWidget *window;

  if (!cd_gui_test_begin ())
    return;

  cd_store_lock (fixture->store);
  window = cd_unlock_dialog_new (NULL, fixture->store);
  cd_gui_test_track (&window);
  g_signal_connect (window, "unlocked", G_CALLBACK (count_cb), &unlocked);
  gtk_window_present (GTK_WINDOW (window));
  cd_gui_test_type_text (cd_unlock_dialog_get_passphrase_row (CD_UNLOCK_DIALOG (window)),
                         PASSPHRASE);

  /* Cancel and Escape both go through window.close. */
  gtk_widget_activate_action (window, "window.close", NULL);
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);
  g_assert_false (unlocked);
  g_assert_true (cd_store_is_locked (fixture->store));
}

/* -- change passphrase ---------------------------------------------------------- */

static void
test_passphrase_change (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(CdStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;
  GtkWidget *window;
  CdPassphraseDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  window = cd_passphrase_dialog_new (NULL, fixture->store);
  cd_gui_test_track (&window);
  dialog = CD_PASSPHRASE_DIALOG (window);
  g_signal_connect (dialog, "passphrase-changed", G_CALLBACK (count_cb), &changed);
  gtk_window_present (GTK_WINDOW (window));

  /* A wrong current passphrase is reported inline; nothing changes. */
  cd_gui_test_type_text (cd_passphrase_dialog_get_current_row (dialog), "wrong passphrase");
  cd_gui_test_type_text (cd_passphrase_dialog_get_new_row (dialog), NEW_PASSPHRASE);
  g_assert_false (is_sensitive (cd_passphrase_dialog_get_change_button (dialog)));
  cd_gui_test_type_text (cd_passphrase_dialog_get_repeat_row (dialog), NEW_PASSPHRASE);
  cd_gui_test_click (cd_passphrase_dialog_get_change_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (!cd_passphrase_dialog_get_busy (dialog));
  g_assert_false (changed);
  g_assert_true (cd_gui_test_label_shows (cd_passphrase_dialog_get_error_label (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_passphrase_dialog_get_current_row (dialog))), ==, "");

  cd_gui_test_type_text (cd_passphrase_dialog_get_current_row (dialog), PASSPHRASE);
  cd_gui_test_click (cd_passphrase_dialog_get_change_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (changed);
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);

  cd_store_close (fixture->store);
  g_clear_object (&fixture->store);

  reopened = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (cd_store_unlock (reopened, PASSPHRASE, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_true (cd_store_unlock (reopened, NEW_PASSPHRASE, &error));
  g_assert_no_error (error);
  cd_store_close (reopened);
}

/* -- case details ---------------------------------------------------------------- */

static void
test_case_details (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GListModel) members = NULL;
  g_autoptr(CdMember) member = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saved = FALSE;
  GtkWidget *window;
  CdCaseDetailsDialog *dialog;
  CdCaseForm *form;
  GtkWidget *first_row;

  if (!cd_gui_test_begin ())
    return;

  window = cd_case_details_dialog_new (NULL, fixture->store);
  cd_gui_test_track (&window);
  dialog = CD_CASE_DETAILS_DIALOG (window);
  form = cd_case_details_dialog_get_form (dialog);
  g_signal_connect (dialog, "saved", G_CALLBACK (count_cb), &saved);
  gtk_window_present (GTK_WINDOW (window));

  /* The form shows what is stored. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form->company_row)), ==, "福州示例科技有限公司");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form->group_filed_row)), ==, "2025-03-01");
  g_assert_null (gtk_list_box_get_row_at_index (cd_case_details_dialog_get_member_list (dialog), 0));

  /* A member with an impossible phone number is refused inline. */
  cd_gui_test_type_text (cd_case_details_dialog_get_member_name_row (dialog), "张三");
  cd_gui_test_type_text (cd_case_details_dialog_get_member_phone_row (dialog), "12");
  cd_gui_test_click (cd_case_details_dialog_get_add_member_button (dialog));
  g_assert_null (gtk_list_box_get_row_at_index (cd_case_details_dialog_get_member_list (dialog), 0));

  adw_combo_row_set_selected (cd_case_details_dialog_get_member_role_row (dialog), CD_MEMBER_ROLE_FINANCE);
  cd_gui_test_type_text (cd_case_details_dialog_get_member_phone_row (dialog), "13800138000");
  cd_gui_test_click (cd_case_details_dialog_get_add_member_button (dialog));
  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (cd_case_details_dialog_get_member_list (dialog), 0));
  g_assert_nonnull (first_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_row)), ==, "张三");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_case_details_dialog_get_member_name_row (dialog))), ==, "");

  gtk_window_set_default_size (GTK_WINDOW (window), 620, 1200);
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (window, "case-details-dialog");

  /* An announcement before the filing is refused; fixing it saves. */
  cd_gui_test_type_text (form->address_row, "福建省福州市台江区新地址88号");
  cd_gui_test_type_text (form->announced_row, "2025-02-01");
  g_assert_true (cd_gui_test_label_shows (form->dates_error_label));
  g_assert_false (is_sensitive (cd_case_details_dialog_get_save_button (dialog)));
  cd_gui_test_type_text (form->announced_row, "2025-03-15");
  cd_gui_test_click (cd_case_details_dialog_get_save_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (saved);
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);

  info = cd_store_get_case_info (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_case_info_get_address (info), ==, "福建省福州市台江区新地址88号");
  g_assert_cmpstr (cd_case_info_get_announced (info), ==, "2025-03-15");
  g_assert_cmpstr (cd_case_info_get_company_name (info), ==, "福州示例科技有限公司");

  members = cd_store_list_members (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (members), ==, 1);
  member = g_list_model_get_item (members, 0);
  g_assert_cmpstr (cd_member_get_name (member), ==, "张三");
  g_assert_cmpint (cd_member_get_role (member), ==, CD_MEMBER_ROLE_FINANCE);
  g_assert_nonnull (cd_member_get_phone (member));
}

/* -- preferences ------------------------------------------------------------------ */

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = NULL;
  GtkWidget *window;
  AdwComboRow *lock_row;
  AdwComboRow *language_row;
  GListModel *model;
  guint thirty = G_MAXUINT;

  if (!cd_gui_test_begin ())
    return;

  settings = cd_gui_get_settings ();
  g_settings_set_uint (settings, "idle-lock-minutes", 10);
  g_settings_set_string (settings, "default-report-language", "zh_CN");

  /* Not presented: bindings work on unmapped widgets, and rendering
   * AdwPreferencesWindow would load GTK's built-in search icon, which
   * gdk-pixbuf cannot recognise under G_TEST_OPTION_ISOLATE_DIRS. */
  window = cd_preferences_window_new (NULL);
  cd_gui_test_track (&window);
  lock_row = cd_preferences_window_get_lock_row (CD_PREFERENCES_WINDOW (window));
  language_row = cd_preferences_window_get_language_row (CD_PREFERENCES_WINDOW (window));

  model = adw_combo_row_get_model (lock_row);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (lock_row)),
                   ==, "10 minutes");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "Never");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "30 minutes") == 0)
      thirty = i;
  g_assert_cmpuint (thirty, !=, G_MAXUINT);

  adw_combo_row_set_selected (lock_row, thirty);
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-lock-minutes"), ==, 30);
  adw_combo_row_set_selected (lock_row, 0);
  g_assert_cmpuint (g_settings_get_uint (settings, "idle-lock-minutes"), ==, 0);

  g_assert_cmpuint (adw_combo_row_get_selected (language_row), ==, 0);
  adw_combo_row_set_selected (language_row, 1);
  {
    g_autofree char *language = g_settings_get_string (settings, "default-report-language");

    g_assert_cmpstr (language, ==, "en");
  }

  /* A change made elsewhere shows up. */
  g_settings_set_uint (settings, "idle-lock-minutes", 60);
  model = adw_combo_row_get_model (lock_row);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (lock_row)),
                   ==, "60 minutes");

  cd_gui_test_destroy_if_alive (&window);

  /* A value that is not a preset is offered as itself. */
  g_settings_set_uint (settings, "idle-lock-minutes", 20);
  window = cd_preferences_window_new (NULL);
  cd_gui_test_track (&window);
  lock_row = cd_preferences_window_get_lock_row (CD_PREFERENCES_WINDOW (window));
  model = adw_combo_row_get_model (lock_row);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (lock_row)),
                   ==, "20 minutes");
  cd_gui_test_destroy_if_alive (&window);
  g_settings_reset (settings, "idle-lock-minutes");
  g_settings_reset (settings, "default-report-language");
}

/* -- screenshot ------------------------------------------------------------------- */

static void
test_new_case_screenshot (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad_uscc = make_uscc (FALSE);
  GtkWidget *window;
  CdNewCaseDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "福州示例科技有限公司.closurecase", NULL);
  window = cd_new_case_dialog_new (NULL);
  cd_gui_test_track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 620, 1000);
  gtk_window_present (GTK_WINDOW (window));
  fill_valid_new_case (dialog, path);
  cd_gui_test_type_text (cd_new_case_dialog_get_form (dialog)->uscc_row, bad_uscc);
  cd_gui_test_type_text (cd_new_case_dialog_get_repeat_row (dialog), "Correct horse");

  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (window, "new-case-dialog");

  cd_gui_test_destroy_if_alive (&window);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_ISOLATE_DIRS);

  g_test_add_func ("/dialogs/new-case/validation", test_new_case_validation);
  g_test_add_func ("/dialogs/new-case/date-order", test_new_case_date_order);
  g_test_add_func ("/dialogs/new-case/create", test_new_case_create);
  g_test_add_func ("/dialogs/new-case/exists", test_new_case_exists);
  g_test_add_func ("/dialogs/new-case/screenshot", test_new_case_screenshot);
  g_test_add ("/dialogs/unlock/wrong-then-right", Fixture, NULL,
              fixture_set_up, test_unlock, fixture_tear_down);
  g_test_add ("/dialogs/unlock/cancel", Fixture, NULL,
              fixture_set_up, test_unlock_cancel, fixture_tear_down);
  g_test_add ("/dialogs/passphrase/change", Fixture, NULL,
              fixture_set_up, test_passphrase_change, fixture_tear_down);
  g_test_add ("/dialogs/case-details/edit", Fixture, NULL,
              fixture_set_up, test_case_details, fixture_tear_down);
  g_test_add_func ("/dialogs/preferences/bindings", test_preferences);

  return cd_gui_test_run ();
}
