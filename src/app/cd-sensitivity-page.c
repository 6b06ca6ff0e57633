/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdSensitivityPage: the sensitivity pane (敏感度标注).
 *
 *   cd_store_list_asset_plans () + assets + suggestions ──▶ GListStore of items
 *     └▶ GtkFilterListModel ("undecided only")
 *          └▶ GtkSortListModel (column sorter, then by top suggested category)
 *               └▶ GtkMultiSelection ──▶ GtkColumnView
 *
 * Every bulk edit is one cd_store_set_asset_plans () call: one transaction,
 * one audit entry. The store announces it as "changed::audit", on which the
 * page reloads its items and runs the plan check again. Suggestions come
 * from scan findings, which only change with the assets: they are cached
 * per asset until "changed::assets". */

#include "config.h"

#define G_LOG_DOMAIN "cd-sensitivity"

#include <glib/gi18n.h>

#include "cd-deident-dialog.h"
#include "cd-gui-util.h"
#include "cd-sensitivity-page.h"
#include "cd-sensitivity-page-private.h"

typedef enum
{
  COLUMN_LOCATION,
  COLUMN_RECORD_TYPE,
  COLUMN_SUGGESTED,
  COLUMN_CATEGORIES,
  COLUMN_DISPOSITION,
  COLUMN_RETAIN_UNTIL,
} Column;

/* ── Items: one asset and its plan ───────────────────────────────────── */

#define CD_TYPE_SENSITIVITY_ITEM (cd_sensitivity_item_get_type ())
G_DECLARE_FINAL_TYPE (CdSensitivityItem, cd_sensitivity_item, CD, SENSITIVITY_ITEM, GObject)

struct _CdSensitivityItem
{
  GObject       parent_instance;
  CdAsset      *asset;
  CdAssetPlan  *plan;
  CdCategories  suggested;      /* from the findings now (the plan keeps the one decided on) */
  guint         n_errors;
  guint         n_warnings;
};

G_DEFINE_FINAL_TYPE (CdSensitivityItem, cd_sensitivity_item, G_TYPE_OBJECT)

static void
cd_sensitivity_item_finalize (GObject *object)
{
  CdSensitivityItem *self = CD_SENSITIVITY_ITEM (object);

  g_clear_object (&self->asset);
  g_clear_pointer (&self->plan, cd_asset_plan_free);
  G_OBJECT_CLASS (cd_sensitivity_item_parent_class)->finalize (object);
}

static void
cd_sensitivity_item_class_init (CdSensitivityItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_sensitivity_item_finalize;
}

static void
cd_sensitivity_item_init (CdSensitivityItem *self)
{
}

/* ── The page ────────────────────────────────────────────────────────── */

struct _CdSensitivityPage
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkColumnView        *assets_view;
  GtkWidget            *categories_apply_button;
  GtkBox               *categories_box;
  GtkMenuButton        *categories_button;
  GtkColumnViewColumn  *categories_column;
  GtkPopover           *categories_popover;
  GtkListBox           *check_list;
  GtkLabel             *check_title;
  GtkLabel             *detail_title;
  GtkMenuButton        *disposition_button;
  GtkButton            *export_button;
  GtkColumnViewColumn  *disposition_column;
  GtkStack             *list_stack;
  GtkColumnViewColumn  *location_column;
  GtkButton            *override_button;
  GtkLabel             *override_label;
  GtkLabel             *problems_heading;
  GtkLabel             *problems_label;
  GtkLabel             *reasons_label;
  GtkColumnViewColumn  *record_type_column;
  GtkColumnViewColumn  *retain_until_column;
  GtkBox               *retention_buttons;
  GtkLabel             *rule_heading;
  GtkLabel             *rule_label;
  GtkLabel             *selection_label;
  GtkLabel             *suggestion_heading;
  GtkColumnViewColumn  *suggested_column;
  AdwToastOverlay      *toast_overlay;
  GtkToggleButton      *undecided_button;
  GtkButton            *use_rule_button;

  /* owned */
  CdStore              *store;
  CdRetentionRules     *rules;
  GListStore           *items;        /* CdSensitivityItem */
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkSortListModel     *sorted;
  GtkMultiSelection    *selection;
  GHashTable           *suggestions;  /* asset id → CdPolicySuggestion */
  GPtrArray            *problems;     /* CdPlanProblem, of the last check */
  GtkCheckButton       *category_check[CD_N_CATEGORIES];
  CdPaneReload          reloader;

  /* borrowed */
  GtkWindow            *dialog;       /* weak: the transfer, retain-until or export dialog */
};

G_DEFINE_FINAL_TYPE (CdSensitivityPage, cd_sensitivity_page, ADW_TYPE_BIN)

static void update_details (CdSensitivityPage *self);

/* ── Helpers ─────────────────────────────────────────────────────────── */

static GtkWindow *
get_parent_window (CdSensitivityPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (CdSensitivityPage *self,
            const char        *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* The shipped retention rules, read once. */
static CdRetentionRules *
ensure_rules (CdSensitivityPage  *self,
              GError            **error)
{
  if (self->rules == NULL)
    self->rules = cd_retention_rules_load_default (error);
  return self->rules;
}

static guint
category_bit (guint index)
{
  return 1u << index;
}

/* Sections of the list: the most telling category a suggestion has, Art.
 * 28 categories first (in the order of the article), "nothing found" last. */
static guint
suggestion_rank (CdCategories categories)
{
  static const CdCategories order[] = {
    CD_CATEGORY_BIOMETRIC, CD_CATEGORY_RELIGION, CD_CATEGORY_SPECIFIC_IDENTITY, CD_CATEGORY_MEDICAL,
    CD_CATEGORY_FINANCIAL, CD_CATEGORY_WHEREABOUTS, CD_CATEGORY_MINOR, CD_CATEGORY_HIGH_RISK_ID,
    CD_CATEGORY_BUSINESS_SECRET, CD_CATEGORY_GENERAL, CD_CATEGORY_NON_PERSONAL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (categories & order[i])
      return i;
  return G_N_ELEMENTS (order);
}

static char *
categories_text (CdCategories categories)
{
  if (categories == CD_CATEGORY_NONE)
    return g_strdup ("—");
  return cd_categories_to_labels (categories);
}

static CdSensitivityItem *
selected_item (CdSensitivityPage *self,
               guint             *out_n_selected)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (out_n_selected != NULL)
    *out_n_selected = (guint) gtk_bitset_get_size (set);
  if (gtk_bitset_is_empty (set))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (set));
}

/* The selected items, in the list's order. */
static GPtrArray *
selected_items (CdSensitivityPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, set, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
  return items;
}

static void
update_actions (CdSensitivityPage *self)
{
  guint n_selected = 0;
  g_autoptr(CdSensitivityItem) first = selected_item (self, &n_selected);
  gboolean can_edit = self->store != NULL && n_selected > 0;
  g_autofree char *count = cd_gui_format_count (n_selected);
  g_autofree char *text = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sensitivity.set-categories", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sensitivity.accept-suggestion", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sensitivity.set-disposition", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sensitivity.transfer", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sensitivity.export-deidentified", can_edit && n_selected == 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->categories_button), can_edit);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disposition_button), can_edit);
  if (n_selected > 0)
    /* Translators: above the asset list, e.g. “5 selected” */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s selected", "%s selected", n_selected), count);
  gtk_label_set_text (self->selection_label, text != NULL ? text : "");
}

/* ── Loading ─────────────────────────────────────────────────────────── */

static const CdPolicySuggestion *
suggestion_for (CdSensitivityPage *self,
                CdAsset           *asset,
                GError           **error)
{
  CdPolicySuggestion *suggestion = g_hash_table_lookup (self->suggestions, cd_asset_get_id (asset));

  if (suggestion != NULL)
    return suggestion;
  suggestion = cd_plan_suggest (self->store, asset, error);
  if (suggestion != NULL)
    g_hash_table_insert (self->suggestions, g_strdup (cd_asset_get_id (asset)), suggestion);
  return suggestion;
}

/* Problems listed at most in the plan check (update_check ()). */
#define MAX_CHECK_ROWS 200

static GtkWidget *
create_check_row (CdSensitivityPage   *self,
                  const CdPlanProblem *problem,
                  CdAsset             *asset)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon;
  GtkWidget *label;
  g_autofree char *text = NULL;

  icon = gtk_image_new_from_icon_name (problem->severity == CD_PLAN_SEVERITY_ERROR ? "dialog-error-symbolic"
                                                                                : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, problem->severity == CD_PLAN_SEVERITY_ERROR ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  problem->severity == CD_PLAN_SEVERITY_ERROR ? _("Error") : _("Warning"), -1);
  /* Translators: a plan check line: the asset's location, then what is wrong */
  text = g_strdup_printf (_("%s — %s"),
                          asset != NULL ? cd_asset_get_location (asset)
                          : problem->asset_id != NULL ? problem->asset_id : _("Vault"),
                          problem->message);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (label, text);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  cd_gui_expose_row (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "cd-asset-id", g_strdup (problem->asset_id), g_free);
  return row;
}

static void
update_check (CdSensitivityPage *self,
              GHashTable        *assets)
{
  int focus_index = cd_gui_list_box_clear (self->check_list);
  guint n_errors = 0;
  guint n_warnings = 0;
  guint n_rows = 0;

  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    {
      const CdPlanProblem *problem = self->problems->pdata[i];

      if (problem->severity == CD_PLAN_SEVERITY_ERROR)
        n_errors++;
      else
        n_warnings++;
    }
  /* Errors first, then warnings (the check sorts by asset within each).
   * A GtkListBox makes a widget per row: a large undecided case has tens of
   * thousands of problems, which took the window a minute and 1.5 GB to lay
   * out. The first MAX_CHECK_ROWS are listed, then how many more there are;
   * the list fills up again as problems are solved. */
  for (int severity = CD_PLAN_SEVERITY_ERROR; severity <= CD_PLAN_SEVERITY_WARNING; severity++)
    for (guint i = 0; self->problems != NULL && i < self->problems->len && n_rows < MAX_CHECK_ROWS; i++)
      {
        const CdPlanProblem *problem = self->problems->pdata[i];

        if ((int) problem->severity == severity)
          {
            gtk_list_box_append (self->check_list,
                                 create_check_row (self, problem, problem->asset_id != NULL
                                                                    ? g_hash_table_lookup (assets, problem->asset_id)
                                                                    : NULL));
            n_rows++;
          }
      }
  if (n_errors + n_warnings > n_rows)
    {
      guint more = n_errors + n_warnings - n_rows;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "And %u more problem: solve these first, "
                                                            "and the rest are listed as they come up",
                                                            "And %u more problems: solve these first, "
                                                            "and the rest are listed as they come up",
                                                            more), more);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->check_list, row);
    }

  if (self->store == NULL)
    gtk_label_set_text (self->check_title, "");
  else if (n_errors + n_warnings == 0)
    gtk_label_set_text (self->check_title, _("Plan check: no problems"));
  else
    {
      g_autofree char *errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors",
                                                              n_errors), n_errors);
      g_autofree char *warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning",
                                                                "%u warnings", n_warnings), n_warnings);
      /* Translators: e.g. “Plan check: 5 errors, 1 warning” */
      g_autofree char *title = g_strdup_printf (_("Plan check: %s, %s"), errors, warnings);

      gtk_label_set_text (self->check_title, title);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->check_list), n_errors + n_warnings > 0);
  /* A keyboard user who just solved a problem goes on to the next one. */
  cd_gui_list_box_refocus (self->check_list, focus_index, GTK_WIDGET (self->assets_view));
}

static void
update_stack (CdSensitivityPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->items)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "all-decided");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
select_assets (CdSensitivityPage *self,
               GHashTable        *ids)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GtkBitset) selected = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdSensitivityItem) item = g_list_model_get_item (model, i);

      if (g_hash_table_contains (ids, cd_asset_get_id (item->asset)))
        gtk_bitset_add (selected, i);
    }
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, mask);
}

static void
reload (CdSensitivityPage *self)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GHashTable) problems_by_asset = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) keep_selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) selected = selected_items (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  cd_pane_reload_started (&self->reloader);
  for (guint i = 0; i < selected->len; i++)
    g_hash_table_add (keep_selected,
                      g_strdup (cd_asset_get_id (((CdSensitivityItem *) selected->pdata[i])->asset)));
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  if (self->store != NULL && !cd_store_is_locked (self->store))
    {
      assets = cd_store_list_assets (self->store, &error);
      plans = assets != NULL ? cd_store_list_asset_plans (self->store, &error) : NULL;
      if (plans == NULL)
        show_toast (self, error->message);
    }
  else
    {
      g_hash_table_remove_all (self->suggestions);
    }

  if (plans != NULL)
    {
      GDate today;

      for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
        {
          CdAsset *asset = g_list_model_get_item (assets, i);

          g_hash_table_insert (by_id, (gpointer) cd_asset_get_id (asset), asset);
        }

      cd_date_set_today (&today);
      self->problems = cd_plan_check_case (self->store, plans, &today, &error);
      if (self->problems == NULL)
        {
          show_toast (self, error->message);
          self->problems = cd_plan_check (plans, &today);
        }

      for (guint i = 0; i < self->problems->len; i++)
        {
          const CdPlanProblem *problem = self->problems->pdata[i];
          guint *counts;

          if (problem->asset_id == NULL)
            continue;
          counts = g_hash_table_lookup (problems_by_asset, problem->asset_id);
          if (counts == NULL)
            {
              counts = g_new0 (guint, 2);
              g_hash_table_insert (problems_by_asset, problem->asset_id, counts);
            }
          counts[problem->severity == CD_PLAN_SEVERITY_ERROR ? 0 : 1]++;
        }

      for (guint i = 0; i < plans->len; i++)
        {
          CdAssetPlan *plan = plans->pdata[i];
          CdAsset *asset = g_hash_table_lookup (by_id, plan->asset_id);
          const CdPolicySuggestion *suggestion;
          CdSensitivityItem *item;
          guint *counts;

          if (asset == NULL)
            continue;
          suggestion = suggestion_for (self, asset, &error);
          if (suggestion == NULL)
            {
              show_toast (self, error->message);
              g_clear_error (&error);
            }
          item = g_object_new (CD_TYPE_SENSITIVITY_ITEM, NULL);
          item->asset = g_object_ref (asset);
          item->plan = cd_asset_plan_copy (plan);
          item->suggested = suggestion != NULL ? suggestion->categories : CD_CATEGORY_NONE;
          counts = g_hash_table_lookup (problems_by_asset, plan->asset_id);
          if (counts != NULL)
            {
              item->n_errors = counts[0];
              item->n_warnings = counts[1];
            }
          g_ptr_array_add (items, item);
        }
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, problems_by_asset);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_free (value);
  }

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  select_assets (self, keep_selected);
  update_check (self, by_id);
  update_stack (self);
  update_actions (self);
  update_details (self);
}

static void
reload_pane (GtkWidget *pane)
{
  reload (CD_SENSITIVITY_PAGE (pane));
}

static void
queue_reload (CdSensitivityPage *self)
{
  cd_pane_reload_queue (&self->reloader);
}

static void
cd_sensitivity_page_map (GtkWidget *widget)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (widget);

  GTK_WIDGET_CLASS (cd_sensitivity_page_parent_class)->map (widget);
  if (self->reloader.stale)
    reload (self);
}

static void
on_assets_changed (CdSensitivityPage *self)
{
  g_hash_table_remove_all (self->suggestions);
  queue_reload (self);
}

static void
on_store_locked (CdSensitivityPage *self)
{
  if (cd_store_is_locked (self->store) && self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  reload (self);
}

/* ── The retention rule and its date ─────────────────────────────────── */

/* A copy of @item's plan with the date the retention rule gives now, from
 * the case's planned deregistration date: what "plan set" without
 * --retain-until writes. %NULL with @error set when the rule gives none. */
static CdAssetPlan *
rule_plan_for (CdSensitivityPage  *self,
               CdAsset            *asset,
               const CdAssetPlan  *plan,
               GError            **error)
{
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(CdAssetPlan) copy = NULL;

  if (self->store == NULL || ensure_rules (self, error) == NULL)
    return NULL;
  info = cd_store_get_case_info (self->store, error);
  if (info == NULL)
    return NULL;
  copy = cd_asset_plan_copy (plan);
  if (!cd_plan_apply_retention (copy, asset, info, self->rules, error))
    return NULL;
  return g_steal_pointer (&copy);
}

/* As "plan set" writes them, a date given by hand has no rule. */
static gboolean
plan_date_by_hand (const CdAssetPlan *plan)
{
  return plan->retain_until != NULL && plan->rule_id == NULL;
}

static void
append_rule (CdSensitivityPage *self,
             GString           *text,
             const char        *rule_id)
{
  CdRetentionRule *rule = self->rules != NULL ? cd_retention_rules_lookup (self->rules, rule_id) : NULL;

  if (text->len > 0)
    g_string_append_c (text, '\n');
  if (rule != NULL)
    {
      g_autofree char *period = cd_retention_rule_format_period (rule);

      /* Translators: the retention rule in the side panel: label (id), period, legal basis */
      g_string_append_printf (text, _("%s (%s)\n%s\nLegal basis: %s"),
                              cd_retention_rule_get_label (rule), cd_retention_rule_get_id (rule),
                              period, cd_retention_rule_get_legal_basis (rule));
    }
  else
    g_string_append (text, rule_id);
}

/* The side panel's retention section: the date, the rule it comes from (or
 * would come from, when the date was set by hand), and for one asset that
 * is kept, the buttons to override the date or go back to the rule's. */
static void
update_retention (CdSensitivityPage *self,
                  CdSensitivityItem *item,
                  gboolean           single)
{
  const CdAssetPlan *plan = item->plan;
  gboolean retains = cd_disposition_retains (plan->disposition);
  gboolean by_hand = plan_date_by_hand (plan);
  g_autoptr(CdAssetPlan) rule_plan = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean differs = FALSE;

  if (retains)
    {
      ensure_rules (self, &error);
      g_clear_error (&error);
      /* Only the date's own problems are of interest here: no date in the
       * case is said below, anything else in a toast when editing. */
      rule_plan = rule_plan_for (self, item->asset, plan, NULL);
      differs = rule_plan != NULL && rule_plan->retain_until != NULL &&
                g_strcmp0 (rule_plan->retain_until, plan->retain_until) != 0;
    }

  if (retains && plan->retain_until != NULL)
    {
      g_autofree char *pretty = cd_gui_format_date (plan->retain_until);

      /* Translators: first line of the retention section, %s is a date */
      g_string_append_printf (text, _("Retain until %s"), pretty);
    }

  if (!retains)
    g_string_append (text, _("None: nothing is kept."));
  else if (by_hand && rule_plan != NULL && rule_plan->rule_id != NULL)
    {
      g_autofree char *pretty = rule_plan->retain_until != NULL ? cd_gui_format_date (rule_plan->retain_until)
                                                               : NULL;

      g_string_append_c (text, '\n');
      if (pretty != NULL)
        /* Translators: below a date set by hand; %s is the date the retention rule gives */
        g_string_append_printf (text, _("Set by hand; the rule gives %s:"), pretty);
      else
        g_string_append (text, _("Set by hand; the rule would be:"));
      append_rule (self, text, rule_plan->rule_id);
    }
  else if (by_hand)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Set by hand."));
    }
  else if (plan->rule_id != NULL)
    {
      append_rule (self, text, plan->rule_id);
      if (differs)
        {
          g_autofree char *pretty = cd_gui_format_date (rule_plan->retain_until);

          g_string_append_c (text, '\n');
          /* Translators: the case's dates changed since the plan was decided; %s is a date */
          g_string_append_printf (text, _("With the case’s dates as they are now, the rule gives %s."), pretty);
        }
    }
  else
    g_string_append (text, _("No retain-until date yet: set the planned deregistration date in Case Details."));
  gtk_label_set_text (self->rule_label, text->str);

  if (single && retains && by_hand)
    {
      g_autofree char *overridden = NULL;

      if (plan->reason != NULL && *plan->reason != '\0')
        /* Translators: %s is the reason the consultant gave for the date */
        overridden = g_strdup_printf (_("Overridden: %s"), plan->reason);
      else
        overridden = g_strdup (_("Overridden, without a reason recorded"));
      gtk_label_set_text (self->override_label, overridden);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->override_label), single && retains && by_hand);
  gtk_widget_set_visible (GTK_WIDGET (self->retention_buttons), single && retains);
  gtk_widget_set_visible (GTK_WIDGET (self->use_rule_button),
                          (by_hand || differs) && rule_plan != NULL && rule_plan->retain_until != NULL);
}

/* ── The side panel ──────────────────────────────────────────────────── */

static void
update_details (CdSensitivityPage *self)
{
  guint n_selected = 0;
  g_autoptr(CdSensitivityItem) item = selected_item (self, &n_selected);
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  const CdPolicySuggestion *suggestion;
  gboolean shown = item != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_heading), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->reasons_label), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->rule_heading), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->rule_label), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_heading), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), shown && n_selected == 1);
  if (item == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->override_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->retention_buttons), FALSE);
      gtk_label_set_text (self->detail_title, _("Select an asset to see why it is suggested, "
                                                "the retention rule and its problems."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->detail_title), "title-4");
      gtk_widget_add_css_class (GTK_WIDGET (self->detail_title), "dim-label");
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self->detail_title), "title-4");
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_title), "dim-label");
  if (n_selected > 1)
    {
      /* Translators: side panel title with several assets selected: the
       * first one's location, and how many more */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (and %u more)",
                                                             "%s (and %u more)", n_selected - 1),
                                                cd_asset_get_location (item->asset), n_selected - 1);

      gtk_label_set_text (self->detail_title, title);
    }
  else
    gtk_label_set_text (self->detail_title, cd_asset_get_location (item->asset));

  suggestion = g_hash_table_lookup (self->suggestions, cd_asset_get_id (item->asset));
  if (suggestion == NULL || suggestion->reasons->len == 0)
    g_string_append (reasons, _("No scan findings: nothing to suggest from. Decide the categories "
                                "from what you know of the asset."));
  for (guint i = 0; suggestion != NULL && i < suggestion->reasons->len; i++)
    g_string_append_printf (reasons, "%s• %s", i > 0 ? "\n" : "", (char *) suggestion->reasons->pdata[i]);
  gtk_label_set_text (self->reasons_label, reasons->str);

  update_retention (self, item, n_selected == 1);

  for (guint i = 0; self->problems != NULL && i < self->problems->len; i++)
    {
      const CdPlanProblem *problem = self->problems->pdata[i];

      if (g_strcmp0 (problem->asset_id, cd_asset_get_id (item->asset)) != 0)
        continue;
      g_string_append_printf (problems, "%s• %s: %s", problems->len > 0 ? "\n" : "",
                              problem->severity == CD_PLAN_SEVERITY_ERROR ? _("Error") : _("Warning"),
                              problem->message);
    }
  gtk_label_set_text (self->problems_label, problems->len > 0 ? problems->str : _("None"));
}

static void
on_selection_changed (CdSensitivityPage *self)
{
  update_actions (self);
  update_details (self);
}

/* ── Cells ───────────────────────────────────────────────────────────── */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label),
                             GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-chars")));
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-column"));
  CdSensitivityItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;
  g_autofree char *pretty = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  switch (column)
    {
    case COLUMN_LOCATION:
      gtk_label_set_text (label, cd_asset_get_location (item->asset));
      if (item->n_errors > 0)
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      break;
    case COLUMN_RECORD_TYPE:
      gtk_label_set_text (label, cd_record_type_get_label (cd_asset_get_record_type (item->asset)));
      break;
    case COLUMN_SUGGESTED:
      text = categories_text (item->suggested);
      gtk_label_set_text (label, text);
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      break;
    case COLUMN_CATEGORIES:
      text = categories_text (item->plan->categories);
      gtk_label_set_text (label, text);
      break;
    case COLUMN_DISPOSITION:
      gtk_label_set_text (label, cd_disposition_get_label (item->plan->disposition));
      if (item->plan->disposition == CD_DISPOSITION_UNDECIDED)
        gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      break;
    case COLUMN_RETAIN_UNTIL:
      pretty = item->plan->retain_until != NULL ? cd_gui_format_date (item->plan->retain_until) : NULL;
      gtk_label_set_text (label, pretty != NULL ? pretty : "—");
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), gtk_label_get_text (label));
}

static int
compare_rank (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const CdSensitivityItem *x = a;
  const CdSensitivityItem *y = b;
  guint rx = suggestion_rank (x->suggested);
  guint ry = suggestion_rank (y->suggested);

  return rx < ry ? -1 : rx > ry ? 1 : 0;
}

static char *
item_key (CdSensitivityItem *item,
          gpointer           column_data)
{
  Column column = GPOINTER_TO_INT (column_data);

  switch (column)
    {
    case COLUMN_LOCATION:
      return g_strdup (cd_asset_get_location (item->asset));
    case COLUMN_RECORD_TYPE:
      return g_strdup (cd_record_type_get_label (cd_asset_get_record_type (item->asset)));
    case COLUMN_CATEGORIES:
      return categories_text (item->plan->categories);
    case COLUMN_DISPOSITION:
      return g_strdup (cd_disposition_get_label (item->plan->disposition));
    case COLUMN_RETAIN_UNTIL:
      return g_strdup (item->plan->retain_until != NULL ? item->plan->retain_until : "");
    case COLUMN_SUGGESTED:
    default:
      return NULL;
    }
}

static void
setup_column (GtkColumnViewColumn *column,
              Column               id,
              int                  chars)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSorter *sorter;

  g_object_set_data (G_OBJECT (factory), "cd-column", GINT_TO_POINTER (id));
  g_object_set_data (G_OBJECT (factory), "cd-chars", GINT_TO_POINTER (chars));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  gtk_column_view_column_set_factory (column, factory);

  if (id == COLUMN_SUGGESTED)
    sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rank, NULL, NULL));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                             G_CALLBACK (item_key),
                                                                             GINT_TO_POINTER (id), NULL)));
  gtk_column_view_column_set_sorter (column, sorter);
  g_object_unref (sorter);
}

/* ── Filtering ───────────────────────────────────────────────────────── */

static gboolean
item_matches (gpointer object,
              gpointer user_data)
{
  CdSensitivityPage *self = user_data;
  CdSensitivityItem *item = object;

  if (gtk_toggle_button_get_active (self->undecided_button))
    return item->plan->disposition == CD_DISPOSITION_UNDECIDED;
  return TRUE;
}

static void
on_undecided_toggled (CdSensitivityPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter),
                      gtk_toggle_button_get_active (self->undecided_button) ? GTK_FILTER_CHANGE_MORE_STRICT
                                                                            : GTK_FILTER_CHANGE_LESS_STRICT);
  update_stack (self);
  update_actions (self);
  update_details (self);
}

/* ── Bulk edits ──────────────────────────────────────────────────────── */

typedef enum
{
  EDIT_CATEGORIES  = 1 << 0,
  EDIT_SUGGESTED   = 1 << 1,   /* categories := each asset's own suggestion */
  EDIT_DISPOSITION = 1 << 2,
  EDIT_TRANSFER    = 1 << 3,
} EditFlags;

typedef struct
{
  EditFlags      flags;
  CdCategories   categories;
  CdDisposition  disposition;
  const char    *recipient;
  const char    *recipient_contact;
  gboolean       agreement_signed;
  gboolean       recipient_vetted;
  gboolean       personal_destination;
} Edit;

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Applies @edit to every selected asset in one change (one transaction,
 * one audit entry), with the retention rule and date of each. */
static gboolean
apply_edit (CdSensitivityPage *self,
            const Edit        *edit)
{
  g_autoptr(GPtrArray) items = selected_items (self);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  guint no_date = 0;

  if (self->store == NULL || items->len == 0)
    return FALSE;

  info = cd_store_get_case_info (self->store, &error);
  if (info == NULL)
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not change the plan"), error);
      return FALSE;
    }
  if ((edit->flags & EDIT_DISPOSITION) && ensure_rules (self, &error) == NULL)
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not read the retention rules"), error);
      return FALSE;
    }

  for (guint i = 0; i < items->len; i++)
    {
      CdSensitivityItem *item = items->pdata[i];
      CdAssetPlan *plan = cd_asset_plan_copy (item->plan);

      g_ptr_array_add (plans, plan);
      plan->suggested = item->suggested;
      if (edit->flags & EDIT_SUGGESTED)
        plan->categories = item->suggested;
      else if (edit->flags & EDIT_CATEGORIES)
        plan->categories = edit->categories;
      if (edit->flags & EDIT_TRANSFER)
        {
          replace_str (&plan->recipient, edit->recipient);
          replace_str (&plan->recipient_contact, edit->recipient_contact);
          plan->agreement_signed = edit->agreement_signed;
          plan->recipient_vetted = edit->recipient_vetted;
          plan->personal_destination = edit->personal_destination;
        }
      if (edit->flags & EDIT_DISPOSITION)
        {
          plan->disposition = edit->disposition;
          if (!cd_plan_apply_retention (plan, item->asset, info, self->rules, &error))
            {
              if (!g_error_matches (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_NO_DATE))
                {
                  cd_gui_show_error (GTK_WIDGET (self), _("Could not change the plan"), error);
                  return FALSE;
                }
              /* The decision stands; the date follows once the case has one. */
              g_clear_error (&error);
              no_date++;
            }
        }
    }

  if (!cd_store_set_asset_plans (self->store, plans, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not change the plan"), error);
      return FALSE;
    }

  count = cd_gui_format_count (plans->len);
  if (no_date > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Updated the plan of %s asset; no retain-until date yet: set the planned deregistration date in Case Details",
                                         "Updated the plan of %s assets; no retain-until date yet: set the planned deregistration date in Case Details",
                                         plans->len), count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Updated the plan of %s asset",
                                         "Updated the plan of %s assets", plans->len), count);
  show_toast (self, text);
  /* Show it now rather than at the next idle: the user acted here. */
  reload (self);
  return TRUE;
}

static void
set_categories_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  Edit edit = { EDIT_CATEGORIES, g_variant_get_uint32 (parameter) & CD_CATEGORIES_ALL, 0, };

  apply_edit (CD_SENSITIVITY_PAGE (widget), &edit);
}

static void
accept_suggestion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (widget);
  Edit edit = { EDIT_SUGGESTED, 0, };

  gtk_popover_popdown (self->categories_popover);
  apply_edit (self, &edit);
}

static void
on_categories_apply (CdSensitivityPage *self)
{
  CdCategories categories = CD_CATEGORY_NONE;

  for (guint i = 0; i < CD_N_CATEGORIES; i++)
    if (gtk_check_button_get_active (self->category_check[i]))
      categories |= category_bit (i);
  gtk_popover_popdown (self->categories_popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "sensitivity.set-categories", "u", (guint32) categories);
}

/* The check buttons show what the selection has: checked when every
 * selected asset has the category, mixed when some have it. */
static void
on_categories_popover_show (CdSensitivityPage *self)
{
  g_autoptr(GPtrArray) items = selected_items (self);

  for (guint c = 0; c < CD_N_CATEGORIES; c++)
    {
      guint with = 0;

      for (guint i = 0; i < items->len; i++)
        if (((CdSensitivityItem *) items->pdata[i])->plan->categories & category_bit (c))
          with++;
      gtk_check_button_set_inconsistent (self->category_check[c], with > 0 && with < items->len);
      gtk_check_button_set_active (self->category_check[c], with > 0 && with == items->len);
    }
}

static void
on_category_toggled (GtkCheckButton *check)
{
  gtk_check_button_set_inconsistent (check, FALSE);
}

static void
set_disposition_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (widget);
  CdDisposition disposition;
  Edit edit = { EDIT_DISPOSITION, 0, };
  g_autoptr(GError) error = NULL;

  if (!cd_disposition_from_string (g_variant_get_string (parameter, NULL), &disposition, &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  if (disposition == CD_DISPOSITION_TRANSFER)
    {
      gtk_widget_activate_action (widget, "sensitivity.transfer", NULL);
      return;
    }
  edit.disposition = disposition;
  apply_edit (self, &edit);
}

/* ── The transfer dialog (PIPL Art. 22: what the notice will need) ───── */

static gboolean
switch_row_active (GtkWindow  *dialog,
                   const char *key)
{
  return gtk_switch_get_active (GTK_SWITCH (g_object_get_data (G_OBJECT (dialog), key)));
}

static void
on_transfer_apply (GtkButton         *button,
                   CdSensitivityPage *self)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  g_autofree char *recipient = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "cd-recipient"))));
  g_autofree char *contact = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "cd-contact"))));
  Edit edit = { EDIT_DISPOSITION | EDIT_TRANSFER, 0, CD_DISPOSITION_TRANSFER, };

  edit.recipient = recipient[0] != '\0' ? recipient : NULL;
  edit.recipient_contact = contact[0] != '\0' ? contact : NULL;
  edit.agreement_signed = switch_row_active (dialog, "cd-agreement");
  edit.recipient_vetted = switch_row_active (dialog, "cd-vetted");
  edit.personal_destination = switch_row_active (dialog, "cd-personal");
  if (apply_edit (self, &edit))
    gtk_window_destroy (dialog);
}

static GtkWidget *
add_switch_row (AdwPreferencesGroup *group,
                GtkWindow           *dialog,
                const char          *key,
                const char          *title,
                const char          *subtitle,
                gboolean             active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
  g_object_set_data (G_OBJECT (dialog), key, toggle);
  return row;
}

static GtkWidget *
add_entry_row (AdwPreferencesGroup *group,
               GtkWindow           *dialog,
               const char          *key,
               const char          *title,
               const char          *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  adw_preferences_group_add (group, row);
  g_object_set_data (G_OBJECT (dialog), key, row);
  return row;
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (widget);
  g_autoptr(CdSensitivityItem) first = selected_item (self, NULL);
  GtkWindow *dialog;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *apply;
  GtkWidget *box;
  GtkWidget *group;
  const CdAssetPlan *plan;

  if (first == NULL)
    return;
  plan = first->plan;

  dialog = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (dialog, _("Transfer to a Successor"));
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_set_transient_for (dialog, get_parent_window (self));
  gtk_window_set_default_size (dialog, 460, -1);
  gtk_window_set_destroy_with_parent (dialog, TRUE);

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog);
  apply = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_object (apply, "clicked", G_CALLBACK (on_transfer_apply), self, 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), apply);
  gtk_window_set_titlebar (dialog, header);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Recipient"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("PIPL Art. 22: the customers must be told who receives their "
                                           "data and how to reach them."));
  add_entry_row (ADW_PREFERENCES_GROUP (group), dialog, "cd-recipient", _("_Name"), plan->recipient);
  add_entry_row (ADW_PREFERENCES_GROUP (group), dialog, "cd-contact", _("C_ontact"), plan->recipient_contact);
  add_switch_row (ADW_PREFERENCES_GROUP (group), dialog, "cd-agreement", _("_Agreement signed"),
                  _("A data transfer agreement with the recipient"), plan->agreement_signed);
  add_switch_row (ADW_PREFERENCES_GROUP (group), dialog, "cd-vetted", _("Recipient _vetted"),
                  _("The recipient can protect the data as the law requires"), plan->recipient_vetted);
  add_switch_row (ADW_PREFERENCES_GROUP (group), dialog, "cd-personal", _("_Personal destination"),
                  _("An individual’s own account or device: the plan check blocks this"),
                  plan->personal_destination);
  gtk_box_append (GTK_BOX (box), group);
  gtk_window_set_child (dialog, box);

  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (dialog);
}

/* ── Overriding the retain-until date (as "plan set --retain-until … --reason …") ── */

/* A copy of the stored plan of @asset_id (a new one if it has none). */
static CdAssetPlan *
load_plan (CdSensitivityPage  *self,
           const char         *asset_id,
           GError            **error)
{
  g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (self->store, error);

  if (plans == NULL)
    return NULL;
  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (((CdAssetPlan *) plans->pdata[i])->asset_id, asset_id) == 0)
      return cd_asset_plan_copy (plans->pdata[i]);
  return cd_asset_plan_new (asset_id);
}

static gboolean
save_plan (CdSensitivityPage  *self,
           CdAssetPlan        *plan,
           GError            **error)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);

  g_ptr_array_add (plans, plan);
  return cd_store_set_asset_plans (self->store, plans, error);
}

/* The one selected asset that is kept, or NULL. */
static CdSensitivityItem *
retained_item (CdSensitivityPage *self)
{
  guint n_selected = 0;
  g_autoptr(CdSensitivityItem) item = selected_item (self, &n_selected);

  if (self->store == NULL || item == NULL || n_selected != 1 || !cd_disposition_retains (item->plan->disposition))
    return NULL;
  return g_steal_pointer (&item);
}

/* Like "plan set" with --retain-until and --reason: the date replaces the
 * rule's (the rule is cleared, the date is the consultant's now) and the
 * reason is kept with the plan. */
static gboolean
override_retain_until (CdSensitivityPage  *self,
                       CdSensitivityItem  *item,
                       const char         *date,
                       const char         *reason,
                       GError            **error)
{
  g_autoptr(CdAssetPlan) plan = load_plan (self, cd_asset_get_id (item->asset), error);

  if (plan == NULL)
    return FALSE;
  plan->suggested = item->suggested;
  replace_str (&plan->reason, reason);
  if (cd_disposition_retains (plan->disposition))
    {
      replace_str (&plan->retain_until, date);
      g_clear_pointer (&plan->rule_id, g_free);
    }
  return save_plan (self, g_steal_pointer (&plan), error);
}

static void
on_override_changed (GtkWindow *dialog)
{
  const char *date = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "cd-date"));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog),
                                                                                            "cd-reason"))));
  gboolean date_ok = cd_date_is_valid (date);

  /* Nothing typed yet is not an error; the Save button says enough. */
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (dialog), "cd-date-error"), !date_ok && *date != '\0');
  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (dialog), "cd-save"), date_ok && *reason != '\0');
}

static void
on_override_save (GtkButton         *button,
                  CdSensitivityPage *self)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  g_autoptr(CdSensitivityItem) item = retained_item (self);
  const char *date = gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "cd-date"));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog),
                                                                                            "cd-reason"))));
  g_autoptr(GError) error = NULL;

  if (item == NULL || !cd_date_is_valid (date) || *reason == '\0')
    return;
  if (!override_retain_until (self, item, date, reason, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not change the plan"), error);
      return;
    }
  gtk_window_destroy (dialog);
  show_toast (self, _("Retain-until date overridden"));
  reload (self);
}

static void
override_date_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (widget);
  g_autoptr(CdSensitivityItem) item = retained_item (self);
  g_autoptr(CdAssetPlan) rule_plan = NULL;
  g_autofree char *description = NULL;
  GtkWindow *dialog;
  GtkWidget *header;
  GtkWidget *cancel;
  GtkWidget *save;
  GtkWidget *box;
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *error_label;

  if (item == NULL)
    return;
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);

  rule_plan = rule_plan_for (self, item->asset, item->plan, NULL);
  if (rule_plan != NULL && rule_plan->retain_until != NULL && rule_plan->rule_id != NULL &&
      cd_retention_rules_lookup (self->rules, rule_plan->rule_id) != NULL)
    {
      g_autofree char *pretty = cd_gui_format_date (rule_plan->retain_until);

      /* Translators: %s are the date the retention rule gives and the rule's name */
      description = g_strdup_printf (_("The rule gives %s (%s). Another date needs a reason, which is kept "
                                       "with the plan."), pretty,
                                     cd_retention_rule_get_label (cd_retention_rules_lookup (self->rules,
                                                                                             rule_plan->rule_id)));
    }
  else
    description = g_strdup (_("Another date than the retention rule’s needs a reason, which is kept with the plan."));

  dialog = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (dialog, _("Override Retain-Until Date"));
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_set_transient_for (dialog, get_parent_window (self));
  gtk_window_set_default_size (dialog, 440, -1);
  gtk_window_set_destroy_with_parent (dialog, TRUE);

  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog);
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_object (save, "clicked", G_CALLBACK (on_override_save), self, 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), save);
  gtk_window_set_titlebar (dialog, header);
  g_object_set_data (G_OBJECT (dialog), "cd-save", save);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), cd_asset_get_location (item->asset));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  /* Translators: keep YYYY-MM-DD, the format the date is typed in */
  row = add_entry_row (ADW_PREFERENCES_GROUP (group), dialog, "cd-date", _("Retain _until (YYYY-MM-DD)"),
                       item->plan->retain_until);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_override_changed), dialog);
  row = add_entry_row (ADW_PREFERENCES_GROUP (group), dialog, "cd-reason", _("_Reason"),
                       plan_date_by_hand (item->plan) ? item->plan->reason : NULL);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_override_changed), dialog);
  gtk_box_append (GTK_BOX (box), group);

  error_label = gtk_label_new (_("Write the date as YYYY-MM-DD, for example 2031-06-30."));
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_box_append (GTK_BOX (box), error_label);
  g_object_set_data (G_OBJECT (dialog), "cd-date-error", error_label);
  gtk_window_set_child (dialog, box);
  on_override_changed (dialog);

  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (dialog);
}

/* Back to the rule: the date it gives, and no reason to keep. */
static void
use_rule_date_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (widget);
  g_autoptr(CdSensitivityItem) item = retained_item (self);
  g_autoptr(CdAssetPlan) plan = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (item == NULL)
    return;
  plan = load_plan (self, cd_asset_get_id (item->asset), &error);
  info = plan != NULL ? cd_store_get_case_info (self->store, &error) : NULL;
  if (info == NULL || ensure_rules (self, &error) == NULL ||
      !cd_plan_apply_retention (plan, item->asset, info, self->rules, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not change the plan"), error);
      return;
    }
  plan->suggested = item->suggested;
  g_clear_pointer (&plan->reason, g_free);
  if (!save_plan (self, g_steal_pointer (&plan), &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not change the plan"), error);
      return;
    }
  show_toast (self, _("Retain-until date from the rule again"));
  reload (self);
}

/* ── De-identified exports ───────────────────────────────────────────── */

static void
export_deidentified_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (widget);
  guint n_selected = 0;
  g_autoptr(CdSensitivityItem) item = selected_item (self, &n_selected);
  CdDeidentDialog *dialog;

  if (self->store == NULL || item == NULL || n_selected != 1)
    return;
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  dialog = cd_deident_dialog_new (get_parent_window (self), self->store, item->asset);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── The plan check ──────────────────────────────────────────────────── */

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

static gboolean
find_asset (CdSensitivityPage *self,
            const char        *asset_id,
            guint             *out_position)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdSensitivityItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (cd_asset_get_id (item->asset), asset_id) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Selects the asset a problem is about and scrolls to it. */
static void
on_check_row_activated (CdSensitivityPage *self,
                        GtkListBoxRow     *row)
{
  const char *asset_id = g_object_get_data (G_OBJECT (row), "cd-asset-id");
  GtkWidget *list_view;
  guint position;

  if (asset_id == NULL)
    return;
  if (!find_asset (self, asset_id, &position) && gtk_toggle_button_get_active (self->undecided_button))
    gtk_toggle_button_set_active (self->undecided_button, FALSE);
  if (!find_asset (self, asset_id, &position))
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  list_view = find_list_view (GTK_WIDGET (self->assets_view));
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_sensitivity_page_dispose (GObject *object)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (object);

  cd_sensitivity_page_set_store (self, NULL);
  cd_pane_reload_clear (&self->reloader);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_SENSITIVITY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->items);
  g_clear_object (&self->rules);

  G_OBJECT_CLASS (cd_sensitivity_page_parent_class)->dispose (object);
}

static void
cd_sensitivity_page_finalize (GObject *object)
{
  CdSensitivityPage *self = CD_SENSITIVITY_PAGE (object);

  g_clear_pointer (&self->suggestions, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (cd_sensitivity_page_parent_class)->finalize (object);
}

static void
cd_sensitivity_page_class_init (CdSensitivityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = cd_sensitivity_page_map;

  object_class->dispose = cd_sensitivity_page_dispose;
  object_class->finalize = cd_sensitivity_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-sensitivity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, assets_view);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, categories_apply_button);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, categories_box);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, categories_button);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, categories_column);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, categories_popover);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, check_list);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, check_title);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, disposition_button);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, disposition_column);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, location_column);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, override_button);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, override_label);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, problems_heading);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, reasons_label);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, record_type_column);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, retain_until_column);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, retention_buttons);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, rule_heading);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, rule_label);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, suggested_column);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, suggestion_heading);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, undecided_button);
  gtk_widget_class_bind_template_child (widget_class, CdSensitivityPage, use_rule_button);
  gtk_widget_class_bind_template_callback (widget_class, on_categories_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_categories_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_check_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_undecided_toggled);

  gtk_widget_class_install_action (widget_class, "sensitivity.set-categories", "u", set_categories_action);
  gtk_widget_class_install_action (widget_class, "sensitivity.accept-suggestion", NULL, accept_suggestion_action);
  gtk_widget_class_install_action (widget_class, "sensitivity.set-disposition", "s", set_disposition_action);
  gtk_widget_class_install_action (widget_class, "sensitivity.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "sensitivity.override-date", NULL, override_date_action);
  gtk_widget_class_install_action (widget_class, "sensitivity.use-rule-date", NULL, use_rule_date_action);
  gtk_widget_class_install_action (widget_class, "sensitivity.export-deidentified", NULL,
                                   export_deidentified_action);
}

static void
cd_sensitivity_page_init (CdSensitivityPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkSorter *view_sorter;
  GtkMultiSorter *sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  cd_pane_reload_init (&self->reloader, GTK_WIDGET (self), reload_pane);

  self->suggestions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) cd_policy_suggestion_free);

  setup_column (self->location_column, COLUMN_LOCATION, 16);
  setup_column (self->record_type_column, COLUMN_RECORD_TYPE, 8);
  setup_column (self->suggested_column, COLUMN_SUGGESTED, 12);
  setup_column (self->categories_column, COLUMN_CATEGORIES, 12);
  setup_column (self->disposition_column, COLUMN_DISPOSITION, 10);
  setup_column (self->retain_until_column, COLUMN_RETAIN_UNTIL, 8);

  /* The header's sorter first; without one, grouped by what the findings
   * suggest, most sensitive first. */
  view_sorter = gtk_column_view_get_sorter (self->assets_view);
  sorter = gtk_multi_sorter_new ();
  gtk_multi_sorter_append (sorter, g_object_ref (view_sorter));
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (compare_rank, NULL, NULL)));
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_string_sorter_new (
    gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, G_CALLBACK (item_key),
                                 GINT_TO_POINTER (COLUMN_LOCATION), NULL))));

  self->items = g_list_store_new (CD_TYPE_SENSITIVITY_ITEM);
  self->filter = gtk_custom_filter_new (item_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)), GTK_SORTER (sorter));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_column_view_set_model (self->assets_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);

  for (guint c = 0; c < CD_N_CATEGORIES; c++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (cd_category_get_label (category_bit (c)));

      g_signal_connect (check, "toggled", G_CALLBACK (on_category_toggled), NULL);
      gtk_box_append (self->categories_box, check);
      self->category_check[c] = GTK_CHECK_BUTTON (check);
    }

  for (int d = CD_DISPOSITION_ENCRYPT_RETAIN; d < CD_N_DISPOSITIONS; d++)
    {
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      if (d == CD_DISPOSITION_TRANSFER)
        /* Translators: a menu item that opens a dialog */
        label = g_strdup_printf (_("%s…"), cd_disposition_get_label ((CdDisposition) d));
      else
        label = g_strdup (cd_disposition_get_label ((CdDisposition) d));
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "sensitivity.set-disposition", "s",
                                         cd_disposition_to_id ((CdDisposition) d));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->disposition_button, G_MENU_MODEL (menu));

  reload (self);
}

/* ── Public API ──────────────────────────────────────────────────────── */

GtkWidget *
cd_sensitivity_page_new (void)
{
  return g_object_new (CD_TYPE_SENSITIVITY_PAGE, NULL);
}

/**
 * cd_sensitivity_page_set_store:
 * @store: (nullable): the open case, or %NULL when it locks or closes
 *
 * Shows @store's plan; %NULL empties the page.
 */
void
cd_sensitivity_page_set_store (CdSensitivityPage *self,
                               CdStore           *store)
{
  g_return_if_fail (CD_IS_SENSITIVITY_PAGE (self));
  g_return_if_fail (store == NULL || CD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_hash_table_remove_all (self->suggestions);

  if (store != NULL)
    {
      g_signal_connect_swapped (store, "changed::assets", G_CALLBACK (on_assets_changed), self);
      /* A plan change is announced as an audit entry (plan.set). */
      g_signal_connect_swapped (store, "changed::audit", G_CALLBACK (queue_reload), self);
      g_signal_connect_swapped (store, "changed::case", G_CALLBACK (queue_reload), self);
      g_signal_connect_swapped (store, "notify::locked", G_CALLBACK (on_store_locked), self);
    }
  if (self->selection != NULL)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  /* Cleared at once; a case's plans are read when the pane is first shown
   * (reading and checking 100,000 of them held up opening the window). */
  if (store == NULL)
    reload (self);
  else
    queue_reload (self);
}

/* ── Test access (cd-sensitivity-page-private.h) ─────────────────────── */

GListModel *
cd_sensitivity_page_get_assets_model (CdSensitivityPage *self)
{
  return G_LIST_MODEL (self->selection);
}

/* Returns: (transfer full) (nullable): the asset shown at @position */
CdAsset *
cd_sensitivity_page_get_asset (CdSensitivityPage *self,
                               guint              position)
{
  g_autoptr(CdSensitivityItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  return item != NULL ? g_object_ref (item->asset) : NULL;
}

GtkColumnView *
cd_sensitivity_page_get_assets_view (CdSensitivityPage *self)
{
  return self->assets_view;
}

GtkListBox *
cd_sensitivity_page_get_check_list (CdSensitivityPage *self)
{
  return self->check_list;
}

GtkLabel *
cd_sensitivity_page_get_check_title (CdSensitivityPage *self)
{
  return self->check_title;
}

GtkLabel *
cd_sensitivity_page_get_reasons_label (CdSensitivityPage *self)
{
  return self->reasons_label;
}

GtkLabel *
cd_sensitivity_page_get_rule_label (CdSensitivityPage *self)
{
  return self->rule_label;
}

GtkToggleButton *
cd_sensitivity_page_get_undecided_button (CdSensitivityPage *self)
{
  return self->undecided_button;
}

/* Returns: (transfer none) (nullable): the problems of the last check */
GPtrArray *
cd_sensitivity_page_get_problems (CdSensitivityPage *self)
{
  return self->problems;
}

gboolean
cd_sensitivity_page_is_loading (CdSensitivityPage *self)
{
  return self->reloader.source != 0;
}

GtkWindow *
cd_sensitivity_page_get_dialog (CdSensitivityPage *self)
{
  return self->dialog;
}

GtkLabel *
cd_sensitivity_page_get_override_label (CdSensitivityPage *self)
{
  return self->override_label;
}

GtkButton *
cd_sensitivity_page_get_override_button (CdSensitivityPage *self)
{
  return self->override_button;
}

GtkButton *
cd_sensitivity_page_get_use_rule_button (CdSensitivityPage *self)
{
  return self->use_rule_button;
}

/* Returns: (transfer none) (nullable): a widget of the open dialog by key:
 *   "cd-date", "cd-reason", "cd-date-error" or "cd-save" (the retain-until
 *   dialog), "cd-recipient", "cd-contact" … (the transfer dialog) */
GtkWidget *
cd_sensitivity_page_get_dialog_part (CdSensitivityPage *self,
                                     const char        *key)
{
  return self->dialog != NULL ? g_object_get_data (G_OBJECT (self->dialog), key) : NULL;
}

GtkButton *
cd_sensitivity_page_get_export_button (CdSensitivityPage *self)
{
  return self->export_button;
}
