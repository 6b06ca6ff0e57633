/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the retention and destruction pane, on a temporary case
 * with a folder whose asset is to be destroyed, a folder kept until 2046,
 * a box of paper to be destroyed by hand and one custodian: the custodian
 * rows, adding custodians through the dialog (an imported key, a bad key,
 * a generated key pair saved to a file), a vault made from the plan and
 * verified with the custodian's key, a vault past its date destroyed, a
 * destruction planned, refused to one person, confirmed with the case
 * name and run (the files are gone, the rows say so), a manual record,
 * and the audit log verified, signed and exported. Screenshots of the pane
 * and its dialogs. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-gui-test.h"
#include "cd-retention-page-private.h"
#include "cd-test-util.h"
#include "cd-window-private.h"

/* Threads: hashing, overwriting, encrypting. */
#define SLOW_SECONDS 60

#define COMPANY   "上海示例贸易有限公司"
#define CUSTODIAN "王保管"
#define PAPER     "档案室纸质合同（2019 年）"

typedef struct
{
  CdTestCase  tc;
  char       *destroy_dir;
  char       *keep_dir;
  char       *keep_file;
  char       *key_file;       /* the fixture custodian's secret key */
  char      **destroy_files;
} Fixture;

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static CdAsset *
add_asset (CdStore    *store,
           const char *location,
           CdMedium    medium)
{
  g_autoptr(GError) error = NULL;
  CdAsset *asset = cd_asset_new ();

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_records (asset, 10);
  g_assert_true (cd_store_add_asset (store, asset, &error));
  g_assert_no_error (error);
  return asset;
}

static void
fixture_setup (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAsset) destroy = NULL;
  g_autoptr(CdAsset) keep = NULL;
  g_autoptr(CdAsset) paper = NULL;
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autofree char *sub = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *id = NULL;
  g_autofree char *key_text = NULL;
  CdAssetPlan *plan;
  char *secret;

  cd_test_case_setup (&fixture->tc, NULL);

  fixture->destroy_dir = g_build_filename (fixture->tc.dir, "前台电脑导出", NULL);
  sub = g_build_filename (fixture->destroy_dir, "2019", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  fixture->destroy_files = g_new0 (char *, 4);
  fixture->destroy_files[0] = g_build_filename (fixture->destroy_dir, "会员名单.csv", NULL);
  fixture->destroy_files[1] = g_build_filename (fixture->destroy_dir, "预订记录.txt", NULL);
  fixture->destroy_files[2] = g_build_filename (sub, "旧订单.txt", NULL);
  write_file (fixture->destroy_files[0], "姓名,手机\n张三,13800000000\n");
  write_file (fixture->destroy_files[1], "2019-05-01 王五 包间 12 人\n");
  write_file (fixture->destroy_files[2], "旧订单\n");

  fixture->keep_dir = g_build_filename (fixture->tc.dir, "财务凭证", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->keep_dir, 0700), ==, 0);
  fixture->keep_file = g_build_filename (fixture->keep_dir, "2023 年账簿.txt", NULL);
  write_file (fixture->keep_file, "会计账簿，保存 30 年\n");

  destroy = add_asset (fixture->tc.store, fixture->destroy_dir, CD_MEDIUM_PC);
  keep = add_asset (fixture->tc.store, fixture->keep_dir, CD_MEDIUM_SERVER);
  paper = add_asset (fixture->tc.store, PAPER, CD_MEDIUM_PAPER);

  plan = cd_asset_plan_new (cd_asset_get_id (destroy));
  plan->disposition = CD_DISPOSITION_DESTROY;
  g_ptr_array_add (plans, plan);
  plan = cd_asset_plan_new (cd_asset_get_id (keep));
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  plan->retain_until = g_strdup ("2046-12-31");
  g_ptr_array_add (plans, plan);
  plan = cd_asset_plan_new (cd_asset_get_id (paper));
  plan->disposition = CD_DISPOSITION_DESTROY;
  g_ptr_array_add (plans, plan);
  g_assert_true (cd_store_set_asset_plans (fixture->tc.store, plans, &error));
  g_assert_no_error (error);

  /* The custodian keeps the secret key: the test plays them. */
  secret = cd_age_identity_generate (&recipient);
  key_text = g_strdup_printf ("# public key: %s\n%s\n", recipient, secret);
  cd_crypto_secure_free (secret);
  fixture->key_file = g_build_filename (fixture->tc.dir, "custodian-key.txt", NULL);
  write_file (fixture->key_file, key_text);
  id = cd_store_add_custodian (fixture->tc.store, CUSTODIAN, recipient, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static void
fixture_teardown (Fixture *fixture)
{
  g_free (fixture->destroy_dir);
  g_free (fixture->keep_dir);
  g_free (fixture->keep_file);
  g_free (fixture->key_file);
  g_strfreev (fixture->destroy_files);
  cd_test_case_teardown (&fixture->tc, NULL);
}

static void
wait_slow (CdGuiTestCondition condition,
           gpointer           data)
{
  g_assert_true (cd_gui_test_wait_for_seconds (condition, data, SLOW_SECONDS));
}

static gboolean
page_idle (gpointer data)
{
  return !cd_retention_page_is_busy (data) && !cd_retention_page_is_loading (data);
}

static CdWindow *
new_window (CdStore *store)
{
  CdWindow *window = cd_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_set_store (window, store, FALSE);
  return window;
}

static CdRetentionPage *
show_retention (CdWindow *window)
{
  CdRetentionPage *page = cd_window_get_retention_page (window);

  cd_gui_test_show_pane (GTK_WIDGET (window), "retention");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  wait_slow (page_idle, page);
  return page;
}

static void
close_window (CdWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
}

/* The first button of @widget's descendants whose label contains @text. */
static GtkButton *
find_button (GtkWidget  *widget,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkButton *found;

      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) != NULL &&
          strstr (gtk_button_get_label (GTK_BUTTON (child)), text) != NULL)
        return GTK_BUTTON (child);
      found = find_button (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_tooltip_button (GtkWidget  *widget,
                     const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      found = find_tooltip_button (child, tooltip);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
page_dialog (CdRetentionPage *page)
{
  GtkWindow *dialog;

  CD_GUI_TEST_WAIT_UNTIL ((dialog = cd_retention_page_get_dialog (page)) != NULL &&
                          gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  return dialog;
}

static gboolean
has_width (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
save_screenshot (CdWindow   *window,
                 const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cd_gui_test_screenshot_path (what);
  gint64 deadline = g_get_monotonic_time () + SLOW_SECONDS * G_USEC_PER_SEC;

  cd_gui_test_settle (600);
  /* A slow machine (valgrind) may not have drawn a frame yet. */
  while (!cd_window_save_screenshot (window, path, &error) && cd_gui_test_iterate_before (deadline))
    g_clear_error (&error);
  g_assert_no_error (error);
  cd_gui_test_assert_png (path);
}

static void
save_dialog_screenshot (GtkWidget  *dialog,
                        const char *what)
{
  wait_slow (has_width, dialog);
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (dialog, what);
}

/* ── Custodians ──────────────────────────────────────────────────────── */

static void
test_custodians (void)
{
  Fixture fixture = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *paper_path = NULL;
  g_autofree char *contents = NULL;
  CdRetentionCustodianDialog *dialog;
  CdRetentionPage *page;
  CdWindow *window;
  GtkWidget *tracked;
  GtkWindow *message;
  GStatBuf st;
  char *secret;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_retention (window);

  /* The fixture's custodian is listed by name. */
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_custodians_list (page)),
                                                         CUSTODIAN));

  /* Import: a bad key is refused inline, the dialog stays open. */
  cd_gui_test_click (cd_retention_page_get_add_custodian_button (page));
  dialog = CD_RETENTION_CUSTODIAN_DIALOG (page_dialog (page));
  cd_gui_test_type_text (cd_retention_custodian_dialog_get_name_row (dialog), "李保管");
  gtk_check_button_set_active (cd_retention_custodian_dialog_get_import_check (dialog), TRUE);
  cd_gui_test_type_text (cd_retention_custodian_dialog_get_recipient_row (dialog), "age1notakey");
  save_dialog_screenshot (GTK_WIDGET (dialog), "retention-custodian-dialog");
  cd_gui_test_click (cd_retention_custodian_dialog_get_add_button (dialog));
  g_assert_true (cd_gui_test_label_shows (cd_retention_custodian_dialog_get_recipient_error (dialog)));
  g_assert_true (cd_retention_page_get_dialog (page) == GTK_WINDOW (dialog));

  /* A real one is added, and listed. */
  secret = cd_age_identity_generate (&recipient);
  cd_crypto_secure_free (secret);
  cd_gui_test_type_text (cd_retention_custodian_dialog_get_recipient_row (dialog), recipient);
  tracked = GTK_WIDGET (dialog);
  cd_gui_test_track (&tracked);
  cd_gui_test_click (cd_retention_custodian_dialog_get_add_button (dialog));
  g_assert_true (cd_gui_test_wait_for (cd_gui_test_pointer_is_null, &tracked));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_custodians_list (page)),
                                                         "李保管"));

  /* Generate: the secret key goes to a new file only its owner reads,
   * and the user is told to hand it over. */
  key_path = g_build_filename (fixture.tc.dir, "赵保管-age-key.txt", NULL);
  paper_path = g_build_filename (fixture.tc.dir, "赵保管-paper-key.pdf", NULL);
  cd_gui_test_click (cd_retention_page_get_add_custodian_button (page));
  dialog = CD_RETENTION_CUSTODIAN_DIALOG (page_dialog (page));
  cd_gui_test_type_text (cd_retention_custodian_dialog_get_name_row (dialog), "赵保管");
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (cd_retention_custodian_dialog_get_paper_switch (dialog))));
  gtk_switch_set_active (cd_retention_custodian_dialog_get_paper_switch (dialog), TRUE);
  save_dialog_screenshot (GTK_WIDGET (dialog), "retention-custodian-generate");
  cd_retention_custodian_dialog_generate_to (dialog, key_path, paper_path);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_custodians_list (page)),
                                                         "赵保管"));
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (key_path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "AGE-SECRET-KEY-1"));
  g_assert_cmpint (g_stat (paper_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (paper_path, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  CD_GUI_TEST_WAIT_UNTIL ((message = cd_gui_test_find_other_window (GTK_WINDOW (window))) != NULL);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (message));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "赵保管"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "赵保管-paper-key.pdf"));
  save_dialog_screenshot (GTK_WIDGET (message), "retention-key-handover");
  gtk_window_destroy (message);

  /* A key file is never written over. */
  cd_gui_test_click (cd_retention_page_get_add_custodian_button (page));
  dialog = CD_RETENTION_CUSTODIAN_DIALOG (page_dialog (page));
  cd_gui_test_type_text (cd_retention_custodian_dialog_get_name_row (dialog), "钱保管");
  cd_retention_custodian_dialog_generate_to (dialog, key_path, NULL);
  g_assert_true (cd_retention_page_get_dialog (page) == GTK_WINDOW (dialog));
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_custodians_list (page)),
                                                 "钱保管"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  close_window (window);
  fixture_teardown (&fixture);
}

/* ── Vaults ──────────────────────────────────────────────────────────── */

static void
test_vaults (void)
{
  Fixture fixture = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vaults = NULL;
  g_autofree char *output = NULL;
  g_autofree char *old = NULL;
  g_autofree char *old_sha = NULL;
  g_autofree char *old_id = NULL;
  const char *recipients[] = { NULL, NULL };
  g_autoptr(GPtrArray) custodians = NULL;
  CdRetentionVaultDialog *dialog;
  CdRetentionPage *page;
  CdWindow *window;
  CdVaultRecord *created = NULL;
  GtkWidget *tracked;
  GtkWindow *confirm;
  GtkButton *destroy;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);

  /* An archive kept until last year: due for destruction. */
  custodians = cd_store_list_custodians (fixture.tc.store, &error);
  g_assert_no_error (error);
  recipients[0] = ((CdCustodian *) custodians->pdata[0])->recipient;
  old = g_build_filename (fixture.tc.dir, "2015-留存档案.age", NULL);
  write_file (old, "an archive whose time is up");
  old_sha = cd_fs_sha256_file (old, &error);
  g_assert_no_error (error);
  old_id = cd_store_add_vault (fixture.tc.store, old, old_sha, 27, 1, recipients, FALSE, "2020-01-01", &error);
  g_assert_no_error (error);

  window = new_window (fixture.tc.store);
  page = show_retention (window);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_vaults_list (page)),
                                                         _("Due for destruction")));

  /* Create Vault: the kept folder is offered, the custodian ticked, the
   * date is the plan's. */
  cd_gui_test_click (cd_retention_page_get_create_vault_button (page));
  dialog = CD_RETENTION_VAULT_DIALOG (page_dialog (page));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_vault_dialog_get_paths_list (dialog)),
                                                "财务凭证"));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_vault_dialog_get_custodians_list (dialog)),
                                                CUSTODIAN));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_retention_vault_dialog_get_retain_row (dialog))), ==,
                   "2046-12-31");
  g_assert_nonnull (strstr (cd_retention_vault_dialog_get_output (dialog), COMPANY));
  save_dialog_screenshot (GTK_WIDGET (dialog), "retention-vault-dialog");

  /* A bad date is refused before anything is written. */
  cd_gui_test_type_text (cd_retention_vault_dialog_get_retain_row (dialog), "2046-13-01");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cd_retention_vault_dialog_get_create_button (dialog))));
  cd_gui_test_type_text (cd_retention_vault_dialog_get_retain_row (dialog), "2046-12-31");

  output = g_build_filename (fixture.tc.dir, "留存档案.age", NULL);
  cd_retention_vault_dialog_set_output (dialog, output);
  tracked = GTK_WIDGET (dialog);
  cd_gui_test_track (&tracked);
  cd_gui_test_click (cd_retention_vault_dialog_get_create_button (dialog));
  wait_slow (cd_gui_test_pointer_is_null, &tracked);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_vaults_list (page)),
                                                         "留存档案.age"));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_vaults_list (page)),
                                                         C_("vault", "Kept")));

  vaults = cd_store_list_vaults (fixture.tc.store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < vaults->len; i++)
    if (g_strcmp0 (((CdVaultRecord *) vaults->pdata[i])->file, output) == 0)
      created = vaults->pdata[i];
  g_assert_nonnull (created);
  g_assert_cmpstr (created->retain_until, ==, "2046-12-31");

  /* Verify with the custodian's key: every file, and the case's hash. */
  cd_retention_page_verify_vault_with (page, created->id, fixture.key_file);
  wait_slow (page_idle, page);
  g_test_message ("verify: %s", cd_retention_page_get_last_message (page));
  g_assert_nonnull (strstr (cd_retention_page_get_last_message (page), "1"));
  g_assert_nonnull (strstr (cd_retention_page_get_last_message (page), "SHA-256"));
  g_assert_null (strstr (cd_retention_page_get_last_message (page), "not"));
  save_screenshot (window, "retention-vaults");

  /* The archive past its date: two people and the case name, then gone. */
  destroy = find_button (GTK_WIDGET (cd_retention_page_get_vaults_list (page)), _("_Destroy…"));
  g_assert_nonnull (destroy);
  cd_gui_test_click (destroy);
  confirm = page_dialog (page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "destroy"));
  cd_gui_test_type_text (cd_retention_page_get_confirm_operator (page), "张操作");
  cd_gui_test_type_text (cd_retention_page_get_confirm_witness (page), "张操作");
  cd_gui_test_type_text (cd_retention_page_get_confirm_entry (page), COMPANY);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "destroy"));
  cd_gui_test_type_text (cd_retention_page_get_confirm_witness (page), "李见证");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "destroy"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "destroy");
  gtk_window_destroy (confirm);
  cd_gui_test_settle (100);
  wait_slow (page_idle, page);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_vaults_list (page)),
                                                         C_("vault", "Destroyed")));
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));

  close_window (window);
  fixture_teardown (&fixture);
}

/* ── Destruction ─────────────────────────────────────────────────────── */

static gboolean
list_has_status (CdRetentionPage *page,
                 const char      *label,
                 guint            expected)
{
  GListModel *items = cd_retention_page_get_plan_items (page);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autofree char *status = cd_retention_page_dup_item_status (page, i);

      n += strstr (status, label) != NULL;
    }
  return n == expected;
}

static void
test_destroy (void)
{
  Fixture fixture = { 0, };
  CdRetentionPage *page;
  CdWindow *window;
  GtkWindow *confirm;
  GtkButton *destroy;
  GListModel *items;
  const char *destroyed = cd_destroy_item_state_get_label (CD_DESTROY_ITEM_DESTROYED);

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_retention (window);
  destroy = cd_retention_page_get_destroy_button (page);
  items = cd_retention_page_get_plan_items (page);

  /* The paper box needs a manual record before anything is planned. */
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_notes_list (page)),
                                                         PAPER));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (destroy)));

  /* Plan: the three files of the destroy folder, none of the kept one. */
  cd_gui_test_click (cd_retention_page_get_plan_button (page));
  wait_slow (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = cd_retention_page_dup_item_path (page, i);

      g_assert_true (g_str_has_prefix (path, fixture.destroy_dir));
    }
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (page), "会员名单.csv"));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (cd_retention_page_get_destroy_group (page)),
                            "3"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_retention_page_get_withdraw_button (page))));

  /* The two-person rule, on the button already. */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (destroy)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (destroy)));
  cd_gui_test_type_text (cd_retention_page_get_operator_row (page), "张操作");
  cd_gui_test_type_text (cd_retention_page_get_witness_row (page), "张操作");
  CD_GUI_TEST_WAIT_UNTIL (!gtk_widget_is_sensitive (GTK_WIDGET (destroy)));
  cd_gui_test_type_text (cd_retention_page_get_witness_row (page), " 张操作 ");
  cd_gui_test_settle (50);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (destroy)));
  cd_gui_test_type_text (cd_retention_page_get_witness_row (page), "李见证");
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (GTK_WIDGET (destroy)));
  save_screenshot (window, "retention-plan");

  /* The confirmation says what goes, and wants the case name. */
  cd_gui_test_click (destroy);
  confirm = page_dialog (page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (confirm));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)), COMPANY));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)), "3"));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "destroy"));
  cd_gui_test_type_text (cd_retention_page_get_confirm_entry (page), "上海示例");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "destroy"));
  cd_gui_test_type_text (cd_retention_page_get_confirm_entry (page), COMPANY);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (confirm), "destroy"));
  save_dialog_screenshot (GTK_WIDGET (confirm), "retention-confirm");

  /* Run: the files are gone, the kept one is not, the rows say so. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "destroy");
  gtk_window_destroy (confirm);
  cd_gui_test_settle (100);
  wait_slow (page_idle, page);
  for (guint i = 0; fixture.destroy_files[i] != NULL; i++)
    g_assert_false (g_file_test (fixture.destroy_files[i], G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fixture.keep_file, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (fixture.tc.path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 3);
  CD_GUI_TEST_WAIT_UNTIL (list_has_status (page, destroyed, 3));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (page), destroyed));
  /* A new plan may be made; the finished run is among the past ones. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_retention_page_get_plan_button (page))));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (destroy)));
  save_screenshot (window, "retention-destroyed");

  close_window (window);
  fixture_teardown (&fixture);
}

/* A file changed since the plan stops the run there: the pane says why,
 * keeps the files that went recorded, and offers to continue. */
static void
test_interrupted (void)
{
  Fixture fixture = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *changed = NULL;
  CdRetentionPage *page;
  CdWindow *window;
  GtkWindow *confirm;
  GtkWindow *message;
  GtkButton *destroy;
  const char *title;
  guint position = G_MAXUINT;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_retention (window);
  destroy = cd_retention_page_get_destroy_button (page);

  cd_gui_test_click (cd_retention_page_get_plan_button (page));
  wait_slow (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (cd_retention_page_get_plan_items (page)), ==, 3);
  /* The second file of the plan is edited after planning. */
  changed = cd_retention_page_dup_item_path (page, 1);
  write_file (changed, "edited after the plan was made\n");

  cd_gui_test_type_text (cd_retention_page_get_operator_row (page), "张操作");
  cd_gui_test_type_text (cd_retention_page_get_witness_row (page), "李见证");
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_is_sensitive (GTK_WIDGET (destroy)));
  cd_gui_test_click (destroy);
  confirm = page_dialog (page);
  cd_gui_test_type_text (cd_retention_page_get_confirm_entry (page), COMPANY);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "destroy");
  gtk_window_destroy (confirm);
  cd_gui_test_settle (100);
  wait_slow (page_idle, page);

  /* Said in an error dialog, and on the pane. */
  CD_GUI_TEST_WAIT_UNTIL ((message = cd_gui_test_find_other_window (GTK_WINDOW (window))) != NULL);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (message));
  gtk_window_destroy (message);
  g_assert_true (g_file_test (changed, G_FILE_TEST_IS_REGULAR));
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (cd_retention_page_get_state_row (page)));
  g_test_message ("state: %s — %s", title,
                  adw_action_row_get_subtitle (cd_retention_page_get_state_row (page)));
  g_assert_nonnull (strstr (title, "1"));
  g_assert_true (*adw_action_row_get_subtitle (cd_retention_page_get_state_row (page)) != '\0');
  CD_GUI_TEST_WAIT_UNTIL (list_has_status (page, cd_destroy_item_state_get_label (CD_DESTROY_ITEM_DESTROYED), 1));
  g_assert_false (g_file_test (fixture.destroy_files[0], G_FILE_TEST_EXISTS) &&
                  g_file_test (fixture.destroy_files[2], G_FILE_TEST_EXISTS));
  /* Continue: the button says so and works again; nothing to withdraw. */
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (cd_retention_page_get_withdraw_button (page))));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (destroy)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (destroy)));
  g_test_message ("button: %s", gtk_button_get_label (destroy));
  save_screenshot (window, "retention-interrupted");
  for (guint i = 0; i < g_list_model_get_n_items (cd_retention_page_get_plan_items (page)); i++)
    {
      g_autofree char *path = cd_retention_page_dup_item_path (page, i);

      if (g_strcmp0 (path, changed) == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_no_error (error);

  /* Continuing meets the changed file again: a new plan takes the files
   * still there, the old run goes to the past ones. */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (cd_retention_page_get_plan_button (page))));
  cd_gui_test_click (cd_retention_page_get_plan_button (page));
  wait_slow (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (cd_retention_page_get_plan_items (page)), ==, 2);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (cd_retention_page_get_withdraw_button (page))));

  close_window (window);
  fixture_teardown (&fixture);
}

/* Withdrawing a plan destroys nothing. */
static void
test_withdraw (void)
{
  Fixture fixture = { 0, };
  CdRetentionPage *page;
  CdWindow *window;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_retention (window);

  cd_gui_test_click (cd_retention_page_get_plan_button (page));
  wait_slow (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (cd_retention_page_get_plan_items (page)), ==, 3);
  cd_gui_test_click (cd_retention_page_get_withdraw_button (page));
  wait_slow (page_idle, page);
  g_assert_cmpuint (g_list_model_get_n_items (cd_retention_page_get_plan_items (page)), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_retention_page_get_plan_button (page))));
  for (guint i = 0; fixture.destroy_files[i] != NULL; i++)
    g_assert_true (g_file_test (fixture.destroy_files[i], G_FILE_TEST_IS_REGULAR));

  close_window (window);
  fixture_teardown (&fixture);
}

/* ── Manual records ──────────────────────────────────────────────────── */

static void
test_manual (void)
{
  Fixture fixture = { 0, };
  g_autofree char *certificate = NULL;
  CdRetentionManualDialog *dialog;
  CdRetentionPage *page;
  CdWindow *window;
  GtkButton *record;
  GtkWidget *tracked;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_retention (window);

  /* The paper asset's own button opens the dialog filled in. */
  record = find_button (GTK_WIDGET (cd_retention_page_get_notes_list (page)), _("Add _Record…"));
  g_assert_nonnull (record);
  cd_gui_test_click (record);
  dialog = CD_RETENTION_MANUAL_DIALOG (page_dialog (page));
  g_assert_nonnull (cd_retention_manual_dialog_get_asset_id (dialog));
  g_assert_cmpuint (adw_combo_row_get_selected (cd_retention_manual_dialog_get_kind_row (dialog)), ==,
                    CD_MANUAL_PAPER);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cd_retention_manual_dialog_get_description_row (dialog))),
                   ==, PAPER);
  /* P-4 unless changed */
  g_assert_cmpuint (adw_combo_row_get_selected (cd_retention_manual_dialog_get_method_row (dialog)), ==, 3);
  gtk_spin_button_set_value (cd_retention_manual_dialog_get_weight_spin (dialog), 12.5);

  /* One person twice: refused by the core, shown, the dialog stays. */
  cd_gui_test_type_text (cd_retention_manual_dialog_get_operator_row (dialog), "张操作");
  cd_gui_test_type_text (cd_retention_manual_dialog_get_witness_row (dialog), "张操作");
  cd_gui_test_click (cd_retention_manual_dialog_get_add_button (dialog));
  g_assert_true (cd_gui_test_label_shows (cd_retention_manual_dialog_get_error_label (dialog)));
  g_assert_true (cd_retention_page_get_dialog (page) == GTK_WINDOW (dialog));

  cd_gui_test_type_text (cd_retention_manual_dialog_get_witness_row (dialog), "李见证");
  save_dialog_screenshot (GTK_WIDGET (dialog), "retention-manual-dialog");
  tracked = GTK_WIDGET (dialog);
  cd_gui_test_track (&tracked);
  cd_gui_test_click (cd_retention_manual_dialog_get_add_button (dialog));
  g_assert_true (cd_gui_test_wait_for (cd_gui_test_pointer_is_null, &tracked));

  /* Listed with its people, and the asset no longer waits for one. */
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_manual_list (page)),
                                                         PAPER));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_manual_list (page)), "李见证"));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_manual_list (page)), "P-4"));
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_notes_list (page)), PAPER));

  /* From the header button: a device, which needs its serial number. */
  cd_gui_test_click (cd_retention_page_get_add_record_button (page));
  dialog = CD_RETENTION_MANUAL_DIALOG (page_dialog (page));
  g_assert_null (cd_retention_manual_dialog_get_asset_id (dialog));
  adw_combo_row_set_selected (cd_retention_manual_dialog_get_kind_row (dialog), CD_MANUAL_DEVICE);
  cd_gui_test_type_text (cd_retention_manual_dialog_get_description_row (dialog), "前台电脑硬盘");
  cd_gui_test_type_text (cd_retention_manual_dialog_get_operator_row (dialog), "张操作");
  cd_gui_test_type_text (cd_retention_manual_dialog_get_witness_row (dialog), "李见证");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cd_retention_manual_dialog_get_add_button (dialog))));
  cd_gui_test_type_text (cd_retention_manual_dialog_get_serial_row (dialog), "WD-WCC4N1234567");
  certificate = g_build_filename (fixture.tc.dir, "nwipe-report.pdf", NULL);
  write_file (certificate, "%PDF-1.4\n% a wiping tool's report\n%%EOF\n");
  cd_retention_manual_dialog_set_certificate (dialog, certificate);
  tracked = GTK_WIDGET (dialog);
  cd_gui_test_track (&tracked);
  cd_gui_test_click (cd_retention_manual_dialog_get_add_button (dialog));
  g_assert_true (cd_gui_test_wait_for (cd_gui_test_pointer_is_null, &tracked));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_manual_list (page)),
                                                         "WD-WCC4N1234567"));
  /* Its certificate can be saved again. */
  g_assert_nonnull (find_tooltip_button (GTK_WIDGET (cd_retention_page_get_manual_list (page)),
                                         _("Save Certificate…")));

  close_window (window);
  fixture_teardown (&fixture);
}

/* ── Audit log ───────────────────────────────────────────────────────── */

static void
test_audit (void)
{
  Fixture fixture = { 0, };
  g_autofree char *log = NULL;
  g_autofree char *sig = NULL;
  g_autofree char *pub = NULL;
  CdRetentionPage *page;
  CdWindow *window;
  const char *title;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&fixture);
  window = new_window (fixture.tc.store);
  page = show_retention (window);

  /* Verified, and the newest entry first. */
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (cd_retention_page_get_audit_row (page)));
  g_test_message ("audit: %s", title);
  g_assert_nonnull (strstr (title, "✓"));
  g_assert_null (strstr (title, "✗"));
  g_assert_cmpuint (g_list_model_get_n_items (cd_retention_page_get_audit_entries (page)), >, 3);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (page), "custodian"));

  /* Sign a checkpoint: shown valid. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "retention.sign-checkpoint", NULL));
  wait_slow (page_idle, page);
  title = adw_action_row_get_subtitle (cd_retention_page_get_checkpoint_row (page));
  g_test_message ("checkpoint: %s", title);
  g_assert_nonnull (strstr (title, "✓"));

  /* Export: the log and its signature beside it; the public key. */
  log = g_build_filename (fixture.tc.dir, "audit-log.jsonl", NULL);
  sig = g_strconcat (log, ".minisig", NULL);
  pub = g_build_filename (fixture.tc.dir, "case.pub", NULL);
  cd_retention_page_export_audit_to (page, log);
  g_assert_true (g_file_test (log, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sig, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (cd_retention_page_get_last_message (page), ".minisig"));
  cd_retention_page_save_public_key_to (page, pub);
  g_assert_true (g_file_test (pub, G_FILE_TEST_IS_REGULAR));

  /* Locking empties the page with the key. */
  cd_window_lock (window);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (cd_retention_page_get_audit_entries (page)) == 0);
  g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_custodians_list (page)),
                                                 CUSTODIAN));

  close_window (window);
  fixture_teardown (&fixture);
}

/* The pane on the demo case, for people to look at. */
static void
test_demo_screenshot (void)
{
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  CdRetentionPage *page;
  CdWindow *window;

  if (!cd_gui_test_begin ())
    return;
  window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_open_demo (window);
  page = show_retention (window);
  g_assert_cmpuint (g_list_model_get_n_items (cd_retention_page_get_audit_entries (page)), >, 0);
  save_screenshot (window, "retention-demo");

  /* The rest of the pane: the records and the audit log. */
  scroller = GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (cd_retention_page_get_audit_row (page)),
                                                           GTK_TYPE_SCROLLED_WINDOW));
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  save_screenshot (window, "retention-demo-audit");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The demo case is written to the private XDG_DATA_HOME. */
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);

  g_test_add_func ("/retention-page/custodians", test_custodians);
  g_test_add_func ("/retention-page/vaults", test_vaults);
  g_test_add_func ("/retention-page/destroy", test_destroy);
  g_test_add_func ("/retention-page/interrupted", test_interrupted);
  g_test_add_func ("/retention-page/withdraw", test_withdraw);
  g_test_add_func ("/retention-page/manual", test_manual);
  g_test_add_func ("/retention-page/audit", test_audit);
  g_test_add_func ("/retention-page/demo-screenshot", test_demo_screenshot);

  return cd_gui_test_run ();
}
