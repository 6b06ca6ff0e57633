/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the sensitivity pane: the window over a temporary case with
 * five undecided assets; the plan check lists them, a bulk edit of all five
 * (one change each, one audit entry each) clears it, and the inventory's
 * columns show the decision. Screenshots of the pane for people to look at. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-gui-test.h"
#include "cd-gui-util.h"
#include "cd-inventory-page-private.h"
#include "cd-sensitivity-page-private.h"
#include "cd-test-util.h"
#include "cd-window-private.h"

static const struct
{
  const char   *location;
  CdMedium      medium;
  CdRecordType  type;
} assets[] = {
  { "CRM server / customers table", CD_MEDIUM_SERVER, CD_RECORD_TYPE_PERSONAL },
  { "Finance PC / 2023 invoices", CD_MEDIUM_PC, CD_RECORD_TYPE_TRANSACTION },
  { "WeChat export, sales team", CD_MEDIUM_MOBILE_CHAT, CD_RECORD_TYPE_COMMUNICATION },
  { "Call recorder, front desk", CD_MEDIUM_VOICE_RECORDER, CD_RECORD_TYPE_RECORDING },
  { "Paper contracts, box 3", CD_MEDIUM_PAPER, CD_RECORD_TYPE_CONTRACT },
};

static void
add_assets (CdStore *store)
{
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (assets); i++)
    {
      g_autoptr(CdAsset) asset = cd_asset_new ();

      cd_asset_set_location (asset, assets[i].location);
      cd_asset_set_medium (asset, assets[i].medium);
      cd_asset_set_record_type (asset, assets[i].type);
      cd_asset_set_records (asset, 100 * (i + 1));
      cd_asset_set_customers (asset, 10 * (i + 1));
      g_assert_true (cd_store_add_asset (store, asset, &error));
      g_assert_no_error (error);
    }
  /* Retained assets get their date from the deregistration date. */
  info = cd_store_get_case_info (store, &error);
  g_assert_no_error (error);
  cd_case_info_set_planned_deregistration (info, "2030-06-30");
  g_assert_true (cd_store_update_case_info (store, info, &error));
  g_assert_no_error (error);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      n++;
  return n;
}

static guint
count_audit (CdStore    *store,
             const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cd_store_list_audit (store, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (((CdAuditEntry *) entries->pdata[i])->action, action) == 0)
      n++;
  return n;
}

/* The check's title as the page writes it, in the language of the run. */
static char *
check_title (guint n_errors,
             guint n_warnings)
{
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  if (n_errors + n_warnings == 0)
    return g_strdup (_("Plan check: no problems"));
  errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings", n_warnings), n_warnings);
  return g_strdup_printf (_("Plan check: %s, %s"), errors, warnings);
}

static void
show_pane (CdWindow   *window,
           GtkWidget  *page,
           const char *name)
{
  cd_gui_test_show_pane (GTK_WIDGET (window), name);
  g_assert_true (gtk_widget_get_mapped (page));
}

/* A window on @store, showing the sensitivity pane. */
static CdWindow *
open_pane_window (CdStore *store)
{
  CdWindow *window = cd_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_set_store (window, store, FALSE);
  show_pane (window, GTK_WIDGET (cd_window_get_sensitivity_page (window)), "sensitivity");
  return window;
}

static void
test_bulk_clears_check (void)
{
  CdTestCase tc = { 0, };
  CdWindow *window;
  CdSensitivityPage *page;
  CdInventoryPage *inventory;
  GListModel *model;
  GPtrArray *problems;
  guint position = G_MAXUINT;

  if (!cd_gui_test_begin ())
    return;

  cd_test_case_setup (&tc, NULL);
  add_assets (tc.store);

  window = open_pane_window (tc.store);
  page = cd_window_get_sensitivity_page (window);
  inventory = cd_window_get_inventory_page (window);

  /* Five assets, each undecided: five errors in the plan check. */
  model = cd_sensitivity_page_get_assets_model (page);
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page) && g_list_model_get_n_items (model) == 5);
  problems = cd_sensitivity_page_get_problems (page);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 5);
  for (guint i = 0; i < problems->len; i++)
    {
      CdPlanProblem *problem = problems->pdata[i];

      g_assert_cmpint (problem->severity, ==, CD_PLAN_SEVERITY_ERROR);
      g_assert_cmpint (problem->code, ==, CD_PLAN_CHECK_UNDECIDED);
    }
  g_assert_cmpuint (cd_plan_count_errors (problems), ==, 5);
  g_assert_cmpuint (count_rows (cd_sensitivity_page_get_check_list (page)), ==, 5);
  {
    g_autofree char *title = check_title (5, 0);

    g_assert_cmpstr (gtk_label_get_text (cd_sensitivity_page_get_check_title (page)), ==, title);
  }

  /* A problem's row selects its asset. */
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (cd_sensitivity_page_get_check_list (page), 2);
    const char *asset_id = g_object_get_data (G_OBJECT (row), "cd-asset-id");
    g_autoptr(GtkBitset) selected = NULL;
    g_autoptr(CdAsset) asset = NULL;

    /* As a keyboard user would: focus on the row, then Enter. */
    g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
    g_signal_emit_by_name (row, "activate");
    cd_gui_test_settle (100);
    selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (model));
    g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
    position = gtk_bitset_get_minimum (selected);
    asset = cd_sensitivity_page_get_asset (page, position);
    g_assert_cmpstr (cd_asset_get_id (asset), ==, asset_id);
  }
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "sensitivity-undecided");

  /* Undecided only: all five still shown. */
  gtk_toggle_button_set_active (cd_sensitivity_page_get_undecided_button (page), TRUE);
  cd_gui_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  /* Select all five; one category and one disposition, each one change.
   * The recorder's findings suggest biometrics: kept, so nothing sensitive
   * is dropped without a reason. */
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (model));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sensitivity.set-categories", "u",
                                             (guint32) (CD_CATEGORY_GENERAL | CD_CATEGORY_FINANCIAL |
                                                         CD_CATEGORY_BIOMETRIC)));
  g_assert_cmpuint (count_audit (tc.store, "plan.set"), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sensitivity.set-disposition", "s", "destroy"));
  g_assert_cmpuint (count_audit (tc.store, "plan.set"), ==, 2);
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page));

  /* The plan check is clear; "undecided only" now shows none. */
  problems = cd_sensitivity_page_get_problems (page);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("unexpected problem: %s", cd_plan_check_code_to_id (((CdPlanProblem *) problems->pdata[i])->code));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (count_rows (cd_sensitivity_page_get_check_list (page)), ==, 0);
  /* The focus was on a problem's row, now gone: it is still in the pane,
   * on something shown, not lost (nor on a freed widget: GTK 4.8 crashed). */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)));
    g_assert_true (gtk_widget_get_mapped (focus));
  }
  {
    g_autofree char *title = check_title (0, 0);

    g_assert_cmpstr (gtk_label_get_text (cd_sensitivity_page_get_check_title (page)), ==, title);
  }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  gtk_toggle_button_set_active (cd_sensitivity_page_get_undecided_button (page), FALSE);
  cd_gui_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  /* Every plan is what was applied. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (tc.store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (plans->len, ==, 5);
    for (guint i = 0; i < plans->len; i++)
      {
        CdAssetPlan *plan = plans->pdata[i];

        g_assert_cmpint (plan->disposition, ==, CD_DISPOSITION_DESTROY);
        g_assert_cmpuint (plan->categories, ==, CD_CATEGORY_GENERAL | CD_CATEGORY_FINANCIAL | CD_CATEGORY_BIOMETRIC);
        g_assert_null (plan->retain_until);
        g_assert_null (plan->rule_id);
      }
  }

  /* One asset kept encrypted: a retention rule and a date from 2030-06-30. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sensitivity.set-disposition", "s",
                                             "encrypt_retain"));
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (tc.store, &error);
    guint retained = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < plans->len; i++)
      {
        CdAssetPlan *plan = plans->pdata[i];

        if (plan->disposition != CD_DISPOSITION_ENCRYPT_RETAIN)
          continue;
        retained++;
        g_assert_nonnull (plan->rule_id);
        g_assert_nonnull (plan->retain_until);
        g_assert_cmpstr (plan->retain_until, >, "2030-06-30");
      }
    g_assert_cmpuint (retained, ==, 1);
  }
  g_assert_cmpuint (cd_sensitivity_page_get_problems (page)->len, ==, 0);
  g_assert_true (cd_gui_test_label_shows (cd_sensitivity_page_get_rule_label (page)));
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "sensitivity-decided");

  /* The transfer dialog asks what PIPL Art. 22 needs. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sensitivity.set-disposition", "s", "transfer"));
  g_assert_nonnull (cd_sensitivity_page_get_dialog (page));
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (cd_sensitivity_page_get_dialog (page)), "sensitivity-transfer");
  gtk_window_destroy (cd_sensitivity_page_get_dialog (page));
  cd_gui_test_settle (50);
  g_assert_null (cd_sensitivity_page_get_dialog (page));

  /* The inventory shows the decisions. */
  show_pane (window, GTK_WIDGET (inventory), "inventory");
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_page_is_filtering (inventory) &&
                          g_list_model_get_n_items (cd_inventory_page_get_assets_model (inventory)) == 5);
  cd_gui_test_settle (300);
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_inventory_page_get_assets_view (inventory)),
                                                cd_disposition_get_label (CD_DISPOSITION_DESTROY)));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_inventory_page_get_assets_view (inventory)),
                                                cd_disposition_get_label (CD_DISPOSITION_ENCRYPT_RETAIN)));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_inventory_page_get_assets_view (inventory)),
                                                cd_plan_sensitivity_label (CD_CATEGORY_FINANCIAL)));
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "sensitivity-inventory");

  (void) position;
  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  cd_test_case_teardown (&tc, NULL);
}

/* The stored plan of the asset at @position of the pane. */
static CdAssetPlan *
stored_plan (CdStore           *store,
             CdSensitivityPage *page,
             guint              position)
{
  g_autoptr(CdAsset) asset = cd_sensitivity_page_get_asset (page, position);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (asset);
  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (((CdAssetPlan *) plans->pdata[i])->asset_id, cd_asset_get_id (asset)) == 0)
      return cd_asset_plan_copy (plans->pdata[i]);
  g_assert_not_reached ();
  return NULL;
}

static void
test_override_retain_until (void)
{
  CdTestCase tc = { 0, };
  CdWindow *window;
  CdSensitivityPage *page;
  GListModel *model;
  GtkWindow *dialog;
  GtkWidget *date;
  GtkWidget *reason;
  GtkWidget *date_error;
  GtkWidget *save;
  g_autoptr(CdAssetPlan) by_rule = NULL;
  g_autoptr(CdAssetPlan) overridden = NULL;
  g_autoptr(CdAssetPlan) back = NULL;
  g_autofree char *overridden_text = NULL;
  const char *why = "Litigation hold until the appeal is decided";

  if (!cd_gui_test_begin ())
    return;

  cd_test_case_setup (&tc, NULL);
  add_assets (tc.store);

  window = open_pane_window (tc.store);
  page = cd_window_get_sensitivity_page (window);
  model = cd_sensitivity_page_get_assets_model (page);
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page) && g_list_model_get_n_items (model) == 5);

  /* Undecided: nothing is kept, nothing to override. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, TRUE);
  cd_gui_test_settle (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_sensitivity_page_get_override_button (page))) &&
                  gtk_widget_get_mapped (GTK_WIDGET (cd_sensitivity_page_get_override_button (page))));

  /* Kept encrypted: the rule's date, from 2030-06-30. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sensitivity.set-disposition", "s",
                                             "encrypt_retain"));
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page));
  cd_gui_test_settle (50);
  by_rule = stored_plan (tc.store, page, 0);
  g_assert_nonnull (by_rule->rule_id);
  g_assert_nonnull (by_rule->retain_until);
  g_assert_cmpstr (by_rule->retain_until, >, "2030-06-30");
  g_assert_null (by_rule->reason);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (cd_sensitivity_page_get_override_button (page))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_sensitivity_page_get_use_rule_button (page))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_sensitivity_page_get_override_label (page))));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CdRetentionRules) rules = cd_retention_rules_load_default (&error);
    CdRetentionRule *rule;
    g_autofree char *pretty = cd_gui_format_date (by_rule->retain_until);

    g_assert_no_error (error);
    rule = cd_retention_rules_lookup (rules, by_rule->rule_id);
    g_assert_nonnull (rule);
    g_assert_nonnull (strstr (gtk_label_get_text (cd_sensitivity_page_get_rule_label (page)),
                              cd_retention_rule_get_label (rule)));
    g_assert_nonnull (strstr (gtk_label_get_text (cd_sensitivity_page_get_rule_label (page)), pretty));
  }

  /* The dialog: Save only with a valid date and a reason. */
  cd_gui_test_click (cd_sensitivity_page_get_override_button (page));
  dialog = cd_sensitivity_page_get_dialog (page);
  g_assert_nonnull (dialog);
  date = cd_sensitivity_page_get_dialog_part (page, "cd-date");
  reason = cd_sensitivity_page_get_dialog_part (page, "cd-reason");
  date_error = cd_sensitivity_page_get_dialog_part (page, "cd-date-error");
  save = cd_sensitivity_page_get_dialog_part (page, "cd-save");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, by_rule->retain_until);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (reason)), ==, "");
  g_assert_false (gtk_widget_get_visible (date_error));
  g_assert_false (gtk_widget_get_sensitive (save));

  cd_gui_test_type_text (date, "2041-02-29");
  cd_gui_test_type_text (reason, why);
  g_assert_true (gtk_widget_get_visible (date_error));
  g_assert_false (gtk_widget_get_sensitive (save));
  cd_gui_test_type_text (date, "2041-03");
  g_assert_true (gtk_widget_get_visible (date_error));
  g_assert_false (gtk_widget_get_sensitive (save));
  cd_gui_test_type_text (date, "2040-02-29");
  g_assert_false (gtk_widget_get_visible (date_error));
  g_assert_true (gtk_widget_get_sensitive (save));
  cd_gui_test_type_text (reason, "   ");
  g_assert_false (gtk_widget_get_sensitive (save));
  cd_gui_test_type_text (reason, why);
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "sensitivity-override");
  cd_gui_test_click (save);
  cd_gui_test_settle (50);
  g_assert_null (cd_sensitivity_page_get_dialog (page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page));

  /* Stored as "plan set --retain-until … --reason …" stores it. */
  overridden = stored_plan (tc.store, page, 0);
  g_assert_cmpint (overridden->disposition, ==, CD_DISPOSITION_ENCRYPT_RETAIN);
  g_assert_cmpstr (overridden->retain_until, ==, "2040-02-29");
  g_assert_null (overridden->rule_id);
  g_assert_cmpstr (overridden->reason, ==, why);

  /* The side panel says so, and what the rule would give. */
  overridden_text = g_strdup_printf (_("Overridden: %s"), why);
  g_assert_true (cd_gui_test_label_shows (cd_sensitivity_page_get_override_label (page)));
  g_assert_cmpstr (gtk_label_get_text (cd_sensitivity_page_get_override_label (page)), ==, overridden_text);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (cd_sensitivity_page_get_use_rule_button (page))));
  {
    g_autofree char *pretty = cd_gui_format_date ("2040-02-29");
    g_autofree char *rule_date = cd_gui_format_date (by_rule->retain_until);

    g_assert_nonnull (strstr (gtk_label_get_text (cd_sensitivity_page_get_rule_label (page)), pretty));
    g_assert_nonnull (strstr (gtk_label_get_text (cd_sensitivity_page_get_rule_label (page)), rule_date));
  }
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "sensitivity-overridden");

  /* Back to the rule's date; the reason goes. */
  cd_gui_test_click (cd_sensitivity_page_get_use_rule_button (page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page));
  cd_gui_test_settle (50);
  back = stored_plan (tc.store, page, 0);
  g_assert_cmpstr (back->retain_until, ==, by_rule->retain_until);
  g_assert_cmpstr (back->rule_id, ==, by_rule->rule_id);
  g_assert_null (back->reason);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_sensitivity_page_get_override_label (page))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_sensitivity_page_get_use_rule_button (page))));
  g_assert_cmpuint (count_audit (tc.store, "plan.set"), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  cd_test_case_teardown (&tc, NULL);
}

/* A large undecided case: the plan check lists its first problems and how
 * many more there are, instead of a widget per problem. */
static void
test_many_problems (void)
{
  CdTestCase tc = { 0, };
  CdWindow *window;
  CdSensitivityPage *page;
  GListModel *model;
  GPtrArray *problems;
  GtkListBox *list;
  GtkWidget *last = NULL;
  g_autoptr(GPtrArray) many = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  if (!cd_gui_test_begin ())
    return;

  cd_test_case_setup (&tc, NULL);
  for (guint i = 0; i < 450; i++)
    {
      CdAsset *asset = cd_asset_new ();
      g_autofree char *location = g_strdup_printf ("Branch %03u / ledger", i);

      cd_asset_set_location (asset, location);
      cd_asset_set_medium (asset, CD_MEDIUM_PC);
      cd_asset_set_record_type (asset, CD_RECORD_TYPE_TRANSACTION);
      g_ptr_array_add (many, asset);
    }
  g_assert_true (cd_store_import_assets (tc.store, many, "many-problems.csv", &error));
  g_assert_no_error (error);

  window = open_pane_window (tc.store);
  page = cd_window_get_sensitivity_page (window);
  model = cd_sensitivity_page_get_assets_model (page);
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page) && g_list_model_get_n_items (model) == 450);

  problems = cd_sensitivity_page_get_problems (page);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 450);
  list = cd_sensitivity_page_get_check_list (page);
  g_assert_cmpuint (count_rows (list), ==, 201);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child))
      last = child;
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (last)));
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "And %u more problem: solve these first, "
                                           "and the rest are listed as they come up",
                                           "And %u more problems: solve these first, "
                                           "and the rest are listed as they come up",
                                           250), 250);
  g_assert_true (cd_gui_test_widget_shows_text (last, expected));
  {
    g_autofree char *title = check_title (450, 0);

    g_assert_cmpstr (gtk_label_get_text (cd_sensitivity_page_get_check_title (page)), ==, title);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  cd_test_case_teardown (&tc, NULL);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);

  g_test_add_func ("/sensitivity-page/bulk-clears-check", test_bulk_clears_check);
  g_test_add_func ("/sensitivity-page/override-retain-until", test_override_retain_until);
  g_test_add_func ("/sensitivity-page/many-problems", test_many_problems);

  return cd_gui_test_run ();
}
