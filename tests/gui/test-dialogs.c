/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case dialogs, driven the way a user would: type into the rows, press
 * the buttons, then check what is shown and what ended up in the case file.
 * Runs under Xvfb; skips itself without a display. With CD_SCREENSHOT_DIR
 * set, also saves a PNG of the filled-in new-case dialog there. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cd-dialogs-private.h"
#include "cd-gui-util.h"

#define PASSPHRASE     "Correct horse 42"
#define NEW_PASSPHRASE "Battery staple 77!"

static gboolean have_display;
static char **real_mime_dirs;

/* Every test starts here: skips without a display. G_TEST_OPTION_ISOLATE_DIRS
 * points the XDG dirs at empty temporary ones, so gdk-pixbuf could no longer
 * tell an SVG icon from its MIME type: give it the real MIME database. */
static gboolean
begin_gui_test (void)
{
  if (!have_display)
    {
      g_test_skip ("no display");
      return FALSE;
    }
  g_content_type_set_mime_dirs ((const char * const *) real_mime_dirs);
  return TRUE;
}

/* -- helpers ------------------------------------------------------------------ */

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main context until @condition holds or 5 s have passed. */
static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
new_case_idle (gpointer data)
{
  return !cd_new_case_dialog_get_busy (data);
}

static gboolean
unlock_idle (gpointer data)
{
  return !cd_unlock_dialog_get_busy (data);
}

static gboolean
passphrase_idle (gpointer data)
{
  return !cd_passphrase_dialog_get_busy (data);
}

static void
type_text (gpointer    editable,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static gboolean
is_sensitive (GtkButton *button)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (button));
}

/* A click as the user can make it: only on a sensitive button. Emitting
 * "clicked" directly avoids GtkButton's activation timeout. */
static void
click (GtkButton *button)
{
  g_assert_true (is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
label_shows (GtkLabel *label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) && *gtk_label_get_text (label) != '\0';
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

static void
destroy_if_alive (GtkWidget **window)
{
  if (*window != NULL)
    gtk_window_destroy (GTK_WINDOW (*window));
  g_assert_true (wait_for (pointer_is_null, window));
}

static void
track (GtkWidget **window)
{
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
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
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (fixture->store != NULL)
    cd_store_close (fixture->store);
  g_clear_object (&fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
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

  type_text (form->company_row, "福州示例科技有限公司");
  type_text (form->address_row, "福建省福州市鼓楼区示例路1号");
  type_text (form->uscc_row, uscc);
  adw_combo_row_set_selected (form->route_row, CD_ROUTE_SIMPLIFIED);
  type_text (form->consultant_row, "李顾问");
  type_text (form->group_filed_row, "2025-03-01");
  type_text (form->announced_row, "2025-03-10");
  type_text (form->planned_row, "2025-05-01");
  type_text (cd_new_case_dialog_get_passphrase_row (dialog), PASSPHRASE);
  type_text (cd_new_case_dialog_get_repeat_row (dialog), PASSPHRASE);
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

  if (!begin_gui_test ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "case", NULL);
  window = cd_new_case_dialog_new (NULL);
  track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  form = cd_new_case_dialog_get_form (dialog);
  create = cd_new_case_dialog_get_create_button (dialog);
  gtk_window_present (GTK_WINDOW (window));

  /* Nothing typed yet: no complaints, nothing to create. */
  g_assert_false (is_sensitive (create));
  g_assert_false (label_shows (form->uscc_error_label));

  fill_valid_new_case (dialog, path);
  g_assert_true (is_sensitive (create));

  /* A wrong check character is explained under the field as typed. */
  type_text (form->uscc_row, bad_uscc);
  g_assert_true (label_shows (form->uscc_error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (form->uscc_error_label), "last character"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (form->uscc_row), "error"));
  g_assert_false (is_sensitive (create));

  type_text (form->uscc_row, good_uscc);
  g_assert_false (label_shows (form->uscc_error_label));
  g_assert_true (is_sensitive (create));

  /* The credit code is optional. */
  type_text (form->uscc_row, "");
  g_assert_true (is_sensitive (create));

  /* Passphrases that differ are shown as such and block Create. */
  type_text (cd_new_case_dialog_get_repeat_row (dialog), PASSPHRASE "x");
  g_assert_cmpstr (gtk_label_get_text (cd_new_case_dialog_get_strength_label (dialog)), ==,
                   "The passphrases do not match.");
  g_assert_false (is_sensitive (create));

  /* Fewer than 8 characters are refused, even repeated correctly. */
  type_text (cd_new_case_dialog_get_passphrase_row (dialog), "abc12");
  type_text (cd_new_case_dialog_get_repeat_row (dialog), "abc12");
  g_assert_nonnull (strstr (gtk_label_get_text (cd_new_case_dialog_get_strength_label (dialog)),
                            "Too short"));
  g_assert_false (is_sensitive (create));

  type_text (cd_new_case_dialog_get_passphrase_row (dialog), PASSPHRASE);
  type_text (cd_new_case_dialog_get_repeat_row (dialog), PASSPHRASE);
  g_assert_true (is_sensitive (create));

  /* A malformed date is marked. */
  type_text (form->planned_row, "2025-13-01");
  g_assert_true (label_shows (form->dates_error_label));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (form->planned_row), "error"));
  g_assert_false (is_sensitive (create));
  type_text (form->planned_row, "");
  g_assert_true (is_sensitive (create));

  /* No company name, nothing to create. */
  type_text (form->company_row, "  ");
  g_assert_false (is_sensitive (create));

  destroy_if_alive (&window);
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

  if (!begin_gui_test ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "order.closurecase", NULL);
  window = cd_new_case_dialog_new (NULL);
  track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  form = cd_new_case_dialog_get_form (dialog);
  gtk_window_present (GTK_WINDOW (window));

  fill_valid_new_case (dialog, path);
  /* Announced before the liquidation group was filed: the statutory order
   * is broken, the core's explanation appears under the dates. */
  type_text (form->group_filed_row, "2025-03-10");
  type_text (form->announced_row, "2025-03-01");
  g_assert_true (label_shows (form->dates_error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (form->dates_error_label),
                            "announcement cannot be before"));
  g_assert_false (is_sensitive (cd_new_case_dialog_get_create_button (dialog)));
  /* Pressing Create anyway (e.g. by a stale default) creates nothing. */
  g_signal_emit_by_name (cd_new_case_dialog_get_create_button (dialog), "clicked");
  g_assert_false (cd_new_case_dialog_get_busy (dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  type_text (form->announced_row, "2025-03-11");
  g_assert_false (label_shows (form->dates_error_label));
  g_assert_true (is_sensitive (cd_new_case_dialog_get_create_button (dialog)));

  destroy_if_alive (&window);
  g_rmdir (dir);
}

static void
case_created_cb (CdNewCaseDialog *dialog,
                 CdStore         *store,
                 CdStore        **out_store)
{
  *out_store = g_object_ref (store);
}

static gboolean
store_received (gpointer data)
{
  return *(CdStore **) data != NULL;
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

  if (!begin_gui_test ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "福州示例", NULL);
  expected_path = g_strconcat (path, ".closurecase", NULL);
  window = cd_new_case_dialog_new (NULL);
  track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  g_signal_connect (dialog, "case-created", G_CALLBACK (case_created_cb), &store);
  gtk_window_present (GTK_WINDOW (window));

  fill_valid_new_case (dialog, path);
  click (cd_new_case_dialog_get_create_button (dialog));
  /* While the key is derived, nothing can be pressed. */
  if (cd_new_case_dialog_get_busy (dialog))
    g_assert_false (is_sensitive (cd_new_case_dialog_get_create_button (dialog)));

  g_assert_true (wait_for (store_received, &store));
  g_assert_true (wait_for (pointer_is_null, &window));

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

  if (!begin_gui_test ())
    return;

  /* An existing file is never overwritten; the dialog says so and stays. */
  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "taken.closurecase", NULL);
  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));

  window = cd_new_case_dialog_new (NULL);
  track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  form = cd_new_case_dialog_get_form (dialog);
  gtk_window_present (GTK_WINDOW (window));
  fill_valid_new_case (dialog, path);
  click (cd_new_case_dialog_get_create_button (dialog));
  g_assert_true (wait_for (new_case_idle, dialog));
  g_assert_nonnull (window);
  g_assert_true (label_shows (form->error_label));

  destroy_if_alive (&window);
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
  g_autoptr(GError) error = NULL;
  gboolean unlocked = FALSE;
  GtkWidget *window;
  CdUnlockDialog *dialog;
  AdwEntryRow *row;

  if (!begin_gui_test ())
    return;

  cd_store_lock (fixture->store);
  g_assert_true (cd_store_is_locked (fixture->store));

  window = cd_unlock_dialog_new (NULL, fixture->store);
  track (&window);
  dialog = CD_UNLOCK_DIALOG (window);
  row = cd_unlock_dialog_get_passphrase_row (dialog);
  g_signal_connect (dialog, "unlocked", G_CALLBACK (count_cb), &unlocked);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_false (is_sensitive (cd_unlock_dialog_get_unlock_button (dialog)));

  type_text (row, "not the passphrase");
  click (cd_unlock_dialog_get_unlock_button (dialog));
  g_assert_true (wait_for (unlock_idle, dialog));
  g_assert_false (unlocked);
  g_assert_nonnull (window);
  g_assert_true (label_shows (cd_unlock_dialog_get_error_label (dialog)));
  g_assert_cmpstr (gtk_label_get_text (cd_unlock_dialog_get_error_label (dialog)), ==,
                   "Wrong passphrase");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_true (cd_store_is_locked (fixture->store));

  type_text (row, PASSPHRASE);
  click (cd_unlock_dialog_get_unlock_button (dialog));
  g_assert_true (wait_for (flag_is_set, &unlocked));
  g_assert_true (wait_for (pointer_is_null, &window));
  g_assert_false (cd_store_is_locked (fixture->store));
}

static void
test_unlock_cancel (Fixture       *fixture,
                    gconstpointer  user_data)
{
  gboolean unlocked = FALSE;
  GtkWidget *window;

  if (!begin_gui_test ())
    return;

  cd_store_lock (fixture->store);
  window = cd_unlock_dialog_new (NULL, fixture->store);
  track (&window);
  g_signal_connect (window, "unlocked", G_CALLBACK (count_cb), &unlocked);
  gtk_window_present (GTK_WINDOW (window));
  type_text (cd_unlock_dialog_get_passphrase_row (CD_UNLOCK_DIALOG (window)), PASSPHRASE);

  /* Cancel and Escape both go through window.close. */
  gtk_widget_activate_action (window, "window.close", NULL);
  g_assert_true (wait_for (pointer_is_null, &window));
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

  if (!begin_gui_test ())
    return;

  window = cd_passphrase_dialog_new (NULL, fixture->store);
  track (&window);
  dialog = CD_PASSPHRASE_DIALOG (window);
  g_signal_connect (dialog, "passphrase-changed", G_CALLBACK (count_cb), &changed);
  gtk_window_present (GTK_WINDOW (window));

  /* A wrong current passphrase is reported inline; nothing changes. */
  type_text (cd_passphrase_dialog_get_current_row (dialog), "wrong passphrase");
  type_text (cd_passphrase_dialog_get_new_row (dialog), NEW_PASSPHRASE);
  g_assert_false (is_sensitive (cd_passphrase_dialog_get_change_button (dialog)));
  type_text (cd_passphrase_dialog_get_repeat_row (dialog), NEW_PASSPHRASE);
  click (cd_passphrase_dialog_get_change_button (dialog));
  g_assert_true (wait_for (passphrase_idle, dialog));
  g_assert_false (changed);
  g_assert_true (label_shows (cd_passphrase_dialog_get_error_label (dialog)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_passphrase_dialog_get_current_row (dialog))), ==, "");

  type_text (cd_passphrase_dialog_get_current_row (dialog), PASSPHRASE);
  click (cd_passphrase_dialog_get_change_button (dialog));
  g_assert_true (wait_for (flag_is_set, &changed));
  g_assert_true (wait_for (pointer_is_null, &window));

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

static void save_screenshot (GtkWidget *widget, const char *path);

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

  if (!begin_gui_test ())
    return;

  window = cd_case_details_dialog_new (NULL, fixture->store);
  track (&window);
  dialog = CD_CASE_DETAILS_DIALOG (window);
  form = cd_case_details_dialog_get_form (dialog);
  g_signal_connect (dialog, "saved", G_CALLBACK (count_cb), &saved);
  gtk_window_present (GTK_WINDOW (window));

  /* The form shows what is stored. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form->company_row)), ==, "福州示例科技有限公司");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (form->group_filed_row)), ==, "2025-03-01");
  g_assert_null (gtk_list_box_get_row_at_index (cd_case_details_dialog_get_member_list (dialog), 0));

  /* A member with an impossible phone number is refused inline. */
  type_text (cd_case_details_dialog_get_member_name_row (dialog), "张三");
  type_text (cd_case_details_dialog_get_member_phone_row (dialog), "12");
  click (cd_case_details_dialog_get_add_member_button (dialog));
  g_assert_null (gtk_list_box_get_row_at_index (cd_case_details_dialog_get_member_list (dialog), 0));

  adw_combo_row_set_selected (cd_case_details_dialog_get_member_role_row (dialog), CD_MEMBER_ROLE_FINANCE);
  type_text (cd_case_details_dialog_get_member_phone_row (dialog), "13800138000");
  click (cd_case_details_dialog_get_add_member_button (dialog));
  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (cd_case_details_dialog_get_member_list (dialog), 0));
  g_assert_nonnull (first_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_row)), ==, "张三");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_case_details_dialog_get_member_name_row (dialog))), ==, "");

  if (g_getenv ("CD_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("CD_SCREENSHOT_DIR"), "case-details-dialog.png", NULL);

      gtk_window_set_default_size (GTK_WINDOW (window), 620, 1200);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      save_screenshot (window, png);
    }

  /* An announcement before the filing is refused; fixing it saves. */
  type_text (form->address_row, "福建省福州市台江区新地址88号");
  type_text (form->announced_row, "2025-02-01");
  g_assert_true (label_shows (form->dates_error_label));
  g_assert_false (is_sensitive (cd_case_details_dialog_get_save_button (dialog)));
  type_text (form->announced_row, "2025-03-15");
  click (cd_case_details_dialog_get_save_button (dialog));
  g_assert_true (wait_for (flag_is_set, &saved));
  g_assert_true (wait_for (pointer_is_null, &window));

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

  if (!begin_gui_test ())
    return;

  settings = cd_gui_get_settings ();
  g_settings_set_uint (settings, "idle-lock-minutes", 10);
  g_settings_set_string (settings, "default-report-language", "zh_CN");

  /* Not presented: bindings work on unmapped widgets, and rendering
   * AdwPreferencesWindow would load GTK's built-in search icon, which
   * gdk-pixbuf cannot recognise under G_TEST_OPTION_ISOLATE_DIRS. */
  window = cd_preferences_window_new (NULL);
  track (&window);
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
  g_assert_cmpstr (g_settings_get_string (settings, "default-report-language"), ==, "en");

  /* A change made elsewhere shows up. */
  g_settings_set_uint (settings, "idle-lock-minutes", 60);
  model = adw_combo_row_get_model (lock_row);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (lock_row)),
                   ==, "60 minutes");

  destroy_if_alive (&window);

  /* A value that is not a preset is offered as itself. */
  g_settings_set_uint (settings, "idle-lock-minutes", 20);
  window = cd_preferences_window_new (NULL);
  track (&window);
  lock_row = cd_preferences_window_get_lock_row (CD_PREFERENCES_WINDOW (window));
  model = adw_combo_row_get_model (lock_row);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), adw_combo_row_get_selected (lock_row)),
                   ==, "20 minutes");
  destroy_if_alive (&window);
  g_settings_reset (settings, "idle-lock-minutes");
  g_settings_reset (settings, "default-report-language");
}

/* -- screenshot ------------------------------------------------------------------- */

static gboolean
elapsed (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *) data;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_new_case_screenshot (void)
{
  const char *out_dir = g_getenv ("CD_SCREENSHOT_DIR");
  g_autofree char *png = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad_uscc = make_uscc (FALSE);
  GtkWidget *window;
  CdNewCaseDialog *dialog;
  gint64 until;

  if (out_dir == NULL)
    {
      g_test_skip ("CD_SCREENSHOT_DIR not set");
      return;
    }
  if (!begin_gui_test ())
    return;

  dir = g_dir_make_tmp ("cd-dialogs-XXXXXX", NULL);
  path = g_build_filename (dir, "福州示例科技有限公司.closurecase", NULL);
  window = cd_new_case_dialog_new (NULL);
  track (&window);
  dialog = CD_NEW_CASE_DIALOG (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 620, 1000);
  gtk_window_present (GTK_WINDOW (window));
  fill_valid_new_case (dialog, path);
  type_text (cd_new_case_dialog_get_form (dialog)->uscc_row, bad_uscc);
  type_text (cd_new_case_dialog_get_repeat_row (dialog), "Correct horse");

  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  wait_for (elapsed, &until);

  png = g_build_filename (out_dir, "new-case-dialog.png", NULL);
  save_screenshot (window, png);
  g_test_message ("screenshot: %s", png);

  destroy_if_alive (&window);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  real_mime_dirs = g_strdupv ((char **) g_content_type_get_mime_dirs ());

  have_display = gtk_init_check ();
  if (have_display)
    {
      adw_init ();
      /* Created now, the icon theme keeps the real XDG_DATA_DIRS. */
      gtk_icon_theme_get_for_display (gdk_display_get_default ());
    }
  g_assert_true (cd_crypto_init (NULL));

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

  return g_test_run ();
}
