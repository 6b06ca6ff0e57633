/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdDeidentDialog: the de-identified export of an asset's table.
 *
 *   source CSV ──▶ CdCsvTable ──(rules per column)──▶ CdDeidentTable
 *                                                      ├▶ "Exported as": one value per column
 *                                                      └▶ k over the quasi-identifiers,
 *                                                         the groups below the threshold
 *
 * Every change of a rule, a quasi-identifier or the threshold runs the plan
 * again (coalesced in an idle). Nothing raw is shown: a value is shown as
 * it would be exported, and a column kept unchanged shows masked. The
 * export itself is cd_deident_export_for_case (), the same step as "plan
 * export-deidentified": refused in a scanned folder or beside the source,
 * audited without cell values. Pseudonyms shown and exported are keyed by
 * the same export id, renewed after each export so that two exports cannot
 * be joined on them. */

#include "config.h"

#define G_LOG_DOMAIN "cd-deident"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-deident-dialog.h"
#include "cd-deident-dialog-private.h"
#include "cd-gui-util.h"

/* ── One column of the source ────────────────────────────────────────── */

#define CD_TYPE_DEIDENT_COLUMN (cd_deident_column_get_type ())
G_DECLARE_FINAL_TYPE (CdDeidentColumn, cd_deident_column, CD, DEIDENT_COLUMN, GObject)

struct _CdDeidentColumn
{
  GObject            parent_instance;
  char              *name;
  CdDeidentRuleKind  kind;
  gboolean           quasi_identifier;
  char              *sample;      /* as exported; masked when kept unchanged */
  GtkDropDown       *dropdown;    /* the bound cells, while bound */
  GtkCheckButton    *check;
};

enum
{
  COLUMN_PROP_0,
  COLUMN_PROP_SAMPLE,
  N_COLUMN_PROPS
};

static GParamSpec *column_properties[N_COLUMN_PROPS];

G_DEFINE_FINAL_TYPE (CdDeidentColumn, cd_deident_column, G_TYPE_OBJECT)

static void
cd_deident_column_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdDeidentColumn *self = CD_DEIDENT_COLUMN (object);

  switch (prop_id)
    {
    case COLUMN_PROP_SAMPLE:
      g_value_set_string (value, self->sample);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_deident_column_finalize (GObject *object)
{
  CdDeidentColumn *self = CD_DEIDENT_COLUMN (object);

  g_free (self->name);
  g_free (self->sample);
  G_OBJECT_CLASS (cd_deident_column_parent_class)->finalize (object);
}

static void
cd_deident_column_class_init (CdDeidentColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cd_deident_column_get_property;
  object_class->finalize = cd_deident_column_finalize;
  column_properties[COLUMN_PROP_SAMPLE] =
    g_param_spec_string ("sample", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_COLUMN_PROPS, column_properties);
}

static void
cd_deident_column_init (CdDeidentColumn *self)
{
}

static void
column_set_sample (CdDeidentColumn *column,
                   const char      *sample)
{
  if (g_strcmp0 (column->sample, sample) == 0)
    return;
  g_free (column->sample);
  column->sample = g_strdup (sample);
  g_object_notify_by_pspec (G_OBJECT (column), column_properties[COLUMN_PROP_SAMPLE]);
}

/* ── The dialog ──────────────────────────────────────────────────────── */

struct _CdDeidentDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkCheckButton       *anonymized_check;
  GtkButton            *choose_button;
  GtkColumnView        *columns_view;
  GtkCheckButton       *deidentified_check;
  GtkLabel             *error_label;
  GtkButton            *export_button;
  GtkScrolledWindow    *groups_scroller;
  GtkListView          *groups_view;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *qi_column;
  GtkLabel             *result_label;
  GtkColumnViewColumn  *rule_column;
  GtkColumnViewColumn  *sample_column;
  GtkLabel             *source_label;
  GtkStack             *stack;
  GtkLabel             *status_label;
  GtkSpinButton        *threshold_spin;

  /* owned */
  CdStore              *store;
  CdAsset              *asset;
  char                 *source;       /* the table's path */
  CdCsvTable           *table;
  char                 *export_id;    /* keys the pseudonyms of the next export */
  GListStore           *columns;      /* CdDeidentColumn, one per source column */
  GtkStringList        *groups;       /* the groups below the threshold, as shown */
  GtkFileChooserNative *chooser;
  guint                 update_source;
};

G_DEFINE_FINAL_TYPE (CdDeidentDialog, cd_deident_dialog, ADW_TYPE_WINDOW)

/* The rules offered, in the order of CdDeidentRuleKind. */
static const char * const rule_names[] = {
  /* Translators: rules of a de-identified export, per column */
  N_("Keep"),
  N_("Mask"),
  N_("Age band"),
  N_("Region prefix"),
  N_("Date to month"),
  N_("Pseudonym"),
  N_("Drop"),
};
G_STATIC_ASSERT (G_N_ELEMENTS (rule_names) == CD_DEIDENT_DROP + 1);

static void queue_update (CdDeidentDialog *self);

static CdDeidentColumn *
find_column (CdDeidentDialog *self,
             const char      *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdDeidentColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);

      if (g_strcmp0 (column->name, name) == 0)
        return column;   /* the store keeps it alive */
    }
  return NULL;
}

static void
show_error (CdDeidentDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
}

/* The plan as the widgets say; keyed with the current export id. */
static CdDeidentPlan *
build_plan (CdDeidentDialog  *self,
            GError          **error)
{
  g_autoptr(CdDeidentPlan) plan = cd_deident_plan_new ();
  g_autoptr(GStrvBuilder) qis = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdDeidentColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);
      CdDeidentRule rule;

      /* Kept columns need no rule; naming them would refuse a table with
       * two columns of one name for nothing. */
      if (column->kind != CD_DEIDENT_KEEP)
        {
          cd_deident_rule_init (&rule, column->kind);
          cd_deident_plan_set_rule (plan, column->name, &rule);
        }
      if (column->quasi_identifier && column->kind != CD_DEIDENT_DROP)
        g_strv_builder_add (qis, column->name);
    }
  names = g_strv_builder_end (qis);
  cd_deident_plan_set_quasi_identifiers (plan, (const char * const *) names);
  cd_deident_plan_set_threshold (plan, (guint) gtk_spin_button_get_value_as_int (self->threshold_spin));
  if (!cd_deident_export_set_key (self->store, plan, self->export_id, error))
    return NULL;
  return g_steal_pointer (&plan);
}

static void
set_may_anonymize (CdDeidentDialog *self,
                   gboolean         may)
{
  if (!may && gtk_check_button_get_active (self->anonymized_check))
    gtk_check_button_set_active (self->deidentified_check, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->anonymized_check), may);
}

/* "30-39 / 男 / 4401 — lines 3, 7" */
static char *
format_group (const CdDeidentClass *cls)
{
  g_autofree char *values = g_strjoinv (" / ", cls->values);
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; i < cls->n_listed; i++)
    g_string_append_printf (lines, "%s%u", i > 0 ? ", " : "", cls->lines[i]);
  if (cls->n_listed < cls->size)
    g_string_append (lines, ", …");
  /* Translators: a group of rows smaller than k: its values as exported,
   * then the lines of the source file it is on */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — line %s", "%s — lines %s", cls->size),
                          values, lines->str);
}

static void
show_k (CdDeidentDialog     *self,
        CdDeidentKAnonymity *kres)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) shown = NULL;
  g_autofree char *text = NULL;

  if (kres->n_rows == 0)
    text = g_strdup (_("The table has no rows: it can only be labelled de-identified."));
  else if (kres->n_small_classes == 0)
    /* Translators: k-anonymity of an export, e.g. “k = 6: every group has at least 5 rows …” */
    text = g_strdup_printf (_("k = %u: every group has at least %u rows — it may be labelled anonymized"),
                            kres->k, kres->threshold);
  else
    {
      g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows",
                                                            kres->n_small_rows), kres->n_small_rows);

      /* Translators: e.g. “k = 3: 2 groups (4 rows) are smaller than 5 — it can only be labelled
       * de-identified” */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "k = %u: %u group (%s) is smaller than %u — it can only be labelled de-identified",
                                           "k = %u: %u groups (%s) are smaller than %u — it can only be labelled de-identified",
                                           kres->n_small_classes),
                              kres->k, kres->n_small_classes, rows, kres->threshold);
    }
  gtk_label_set_text (self->result_label, text);

  for (guint i = 0; i < kres->small_classes->len; i++)
    {
      g_autofree char *group = format_group (g_ptr_array_index (kres->small_classes, i));

      g_strv_builder_add (builder, group);
    }
  if (kres->truncated || kres->small_classes->len < kres->n_small_classes)
    g_strv_builder_add (builder, _("… and more groups, not listed"));
  shown = g_strv_builder_end (builder);
  gtk_string_list_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                          (const char * const *) shown);
  gtk_widget_set_visible (GTK_WIDGET (self->groups_scroller), shown[0] != NULL);
  set_may_anonymize (self, kres->n_rows > 0 && kres->k >= kres->threshold);
}

/* One value per column as the export would write it: the first non-empty
 * one of the column. */
static void
update_samples (CdDeidentDialog *self,
                CdDeidentTable  *out)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  guint n_rows = out != NULL ? cd_deident_table_get_n_rows (out) : 0;
  guint o = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdDeidentColumn) column = g_list_model_get_item (G_LIST_MODEL (self->columns), i);
      const char *value = NULL;

      if (out == NULL)
        {
          column_set_sample (column, "—");
          continue;
        }
      if (column->kind == CD_DEIDENT_DROP)
        {
          column_set_sample (column, _("(not exported)"));
          continue;
        }
      for (guint r = 0; r < n_rows && value == NULL; r++)
        {
          const char *cell = cd_deident_table_get_row (out, r)[o];

          if (cell != NULL && *cell != '\0')
            value = cell;
        }
      if (value == NULL)
        column_set_sample (column, _("(empty)"));
      else if (column->kind == CD_DEIDENT_KEEP)
        {
          /* The raw value: never shown, only masked. */
          g_autofree char *masked = cd_mask_text (value);
          /* Translators: the sample of a column exported unchanged; %s is its value, masked */
          g_autofree char *text = g_strdup_printf (_("%s (unchanged, shown masked)"), masked);

          column_set_sample (column, text);
        }
      else
        column_set_sample (column, value);
      o++;
    }
}

static void
update (CdDeidentDialog *self)
{
  g_autoptr(CdDeidentPlan) plan = NULL;
  g_autoptr(CdDeidentTable) out = NULL;
  g_autoptr(CdDeidentKAnonymity) kres = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *qis;

  g_clear_handle_id (&self->update_source, g_source_remove);
  gtk_stack_set_visible_child_name (self->stack, self->table != NULL ? "table" : "empty");
  if (self->table == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
      return;
    }

  plan = build_plan (self, &error);
  out = plan != NULL ? cd_deident_plan_apply (plan, self->table, NULL, &error) : NULL;
  update_samples (self, out);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), out != NULL);
  if (out == NULL)
    {
      gtk_label_set_text (self->result_label, error->message);
      gtk_string_list_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->groups_scroller), FALSE);
      set_may_anonymize (self, FALSE);
      return;
    }

  qis = cd_deident_plan_get_quasi_identifiers (plan);
  if (qis == NULL || qis[0] == NULL)
    {
      gtk_label_set_text (self->result_label,
                          _("Tick the quasi-identifiers (such as age, sex, region, dates) to compute k; "
                            "without them the export can only be labelled de-identified."));
      gtk_string_list_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->groups_scroller), FALSE);
      set_may_anonymize (self, FALSE);
      return;
    }

  kres = cd_deident_table_compute_k (out, qis, cd_deident_plan_get_threshold (plan), NULL, &error);
  if (kres == NULL)
    {
      gtk_label_set_text (self->result_label, error->message);
      set_may_anonymize (self, FALSE);
      return;
    }
  show_k (self, kres);
}

static gboolean
update_cb (gpointer user_data)
{
  CdDeidentDialog *self = user_data;

  self->update_source = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (CdDeidentDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_cb, self);
}

/* ── Cells ───────────────────────────────────────────────────────────── */

static void
on_rule_selected (GtkDropDown     *dropdown,
                  GParamSpec      *pspec,
                  CdDeidentDialog *self)
{
  CdDeidentColumn *column = g_object_get_data (G_OBJECT (dropdown), "cd-column");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (column == NULL || selected > CD_DEIDENT_DROP)
    return;
  column->kind = (CdDeidentRuleKind) selected;
  /* A dropped column is not in the export: it cannot be a quasi-identifier. */
  if (column->check != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (column->check), column->kind != CD_DEIDENT_DROP);
  queue_update (self);
}

static void
on_qi_toggled (GtkCheckButton  *check,
               CdDeidentDialog *self)
{
  CdDeidentColumn *column = g_object_get_data (G_OBJECT (check), "cd-column");

  if (column == NULL)
    return;
  column->quasi_identifier = gtk_check_button_get_active (check);
  queue_update (self);
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_name (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  CdDeidentColumn *column = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), column->name);
  gtk_widget_set_tooltip_text (label, column->name);
}

static void
bind_sample (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  CdDeidentColumn *column = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  g_object_set_data (G_OBJECT (label), "cd-binding",
                     g_object_bind_property (column, "sample", label, "label", G_BINDING_SYNC_CREATE));
  g_object_set_data (G_OBJECT (label), "cd-tooltip-binding",
                     g_object_bind_property (column, "sample", label, "tooltip-text", G_BINDING_SYNC_CREATE));
}

static void
unbind_sample (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  g_binding_unbind (g_object_get_data (G_OBJECT (label), "cd-binding"));
  g_binding_unbind (g_object_get_data (G_OBJECT (label), "cd-tooltip-binding"));
  g_object_set_data (G_OBJECT (label), "cd-binding", NULL);
  g_object_set_data (G_OBJECT (label), "cd-tooltip-binding", NULL);
}

static void
setup_rule (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  const char *names[G_N_ELEMENTS (rule_names) + 1] = { NULL, };
  GtkWidget *dropdown;

  for (guint i = 0; i < G_N_ELEMENTS (rule_names); i++)
    names[i] = _(rule_names[i]);
  dropdown = gtk_drop_down_new_from_strings (names);
  gtk_list_item_set_child (list_item, dropdown);
}

static void
bind_rule (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           CdDeidentDialog          *self)
{
  CdDeidentColumn *column = gtk_list_item_get_item (list_item);
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_list_item_get_child (list_item));
  /* Translators: accessible name of the rule menu of a column; %s is the column's name */
  g_autofree char *name = g_strdup_printf (_("Rule for %s"), column->name);

  gtk_drop_down_set_selected (dropdown, column->kind);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (dropdown), "cd-column", column);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_rule_selected), self);
  column->dropdown = dropdown;
}

static void
unbind_rule (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             CdDeidentDialog          *self)
{
  CdDeidentColumn *column = gtk_list_item_get_item (list_item);
  GtkWidget *dropdown = gtk_list_item_get_child (list_item);

  g_signal_handlers_disconnect_by_func (dropdown, on_rule_selected, self);
  g_object_set_data (G_OBJECT (dropdown), "cd-column", NULL);
  if (column->dropdown == GTK_DROP_DOWN (dropdown))
    column->dropdown = NULL;
}

static void
setup_qi (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, check);
}

static void
bind_qi (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         CdDeidentDialog          *self)
{
  CdDeidentColumn *column = gtk_list_item_get_item (list_item);
  GtkCheckButton *check = GTK_CHECK_BUTTON (gtk_list_item_get_child (list_item));
  /* Translators: accessible name of a check box; %s is a column's name */
  g_autofree char *name = g_strdup_printf (_("%s is a quasi-identifier"), column->name);

  gtk_check_button_set_active (check, column->quasi_identifier);
  gtk_widget_set_sensitive (GTK_WIDGET (check), column->kind != CD_DEIDENT_DROP);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data (G_OBJECT (check), "cd-column", column);
  g_signal_connect (check, "toggled", G_CALLBACK (on_qi_toggled), self);
  column->check = check;
}

static void
unbind_qi (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           CdDeidentDialog          *self)
{
  CdDeidentColumn *column = gtk_list_item_get_item (list_item);
  GtkWidget *check = gtk_list_item_get_child (list_item);

  g_signal_handlers_disconnect_by_func (check, on_qi_toggled, self);
  g_object_set_data (G_OBJECT (check), "cd-column", NULL);
  if (column->check == GTK_CHECK_BUTTON (check))
    column->check = NULL;
}

static void
set_factory (CdDeidentDialog     *self,
             GtkColumnViewColumn *view_column,
             GCallback            setup,
             GCallback            bind,
             GCallback            unbind)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, self);
  gtk_column_view_column_set_factory (view_column, factory);
}

static void
setup_group (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_group (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (item));
  gtk_widget_set_tooltip_text (label, gtk_string_object_get_string (item));
}

/* ── Choosing the source, exporting ─────────────────────────────────── */

static GtkFileFilter *
create_csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  return filter;
}

static void
on_source_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdDeidentDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cd_deident_dialog_open_source (self, file, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked (CdDeidentDialog *self)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Table to Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), create_csv_filter ());
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_source_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_export_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdDeidentDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cd_deident_dialog_export_to_file (self, file, NULL);
    }
  g_clear_object (&self->chooser);
}

static void
on_export_clicked (CdDeidentDialog *self)
{
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  if (self->source == NULL)
    return;
  base = g_path_get_basename (self->source);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  if (gtk_check_button_get_active (self->anonymized_check))
    /* Translators: the file name offered for an anonymized export; %s is the source's name */
    name = g_strdup_printf (_("%s-anonymized.csv"), base);
  else
    /* Translators: the file name offered for a de-identified export; %s is the source's name */
    name = g_strdup_printf (_("%s-deidentified.csv"), base);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export De-identified Table"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), create_csv_filter ());
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_store_locked (CdDeidentDialog *self)
{
  if (cd_store_is_locked (self->store))
    gtk_window_destroy (GTK_WINDOW (self));
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_deident_dialog_dispose (GObject *object)
{
  CdDeidentDialog *self = CD_DEIDENT_DIALOG (object);

  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_DEIDENT_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->asset);
  g_clear_object (&self->columns);
  g_clear_object (&self->groups);

  G_OBJECT_CLASS (cd_deident_dialog_parent_class)->dispose (object);
}

static void
cd_deident_dialog_finalize (GObject *object)
{
  CdDeidentDialog *self = CD_DEIDENT_DIALOG (object);

  g_clear_pointer (&self->table, cd_csv_table_free);
  g_free (self->source);
  g_free (self->export_id);

  G_OBJECT_CLASS (cd_deident_dialog_parent_class)->finalize (object);
}

static void
cd_deident_dialog_class_init (CdDeidentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_deident_dialog_dispose;
  object_class->finalize = cd_deident_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-deident-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, anonymized_check);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, columns_view);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, deidentified_check);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, groups_scroller);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, groups_view);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, name_column);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, qi_column);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, rule_column);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, sample_column);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, source_label);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, CdDeidentDialog, threshold_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, queue_update);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_deident_dialog_init (CdDeidentDialog *self)
{
  g_autoptr(GtkListItemFactory) group_factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *groups_selection;
  GtkNoSelection *columns_selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->export_id = cd_deident_export_new_id ();
  self->columns = g_list_store_new (CD_TYPE_DEIDENT_COLUMN);
  self->groups = gtk_string_list_new (NULL);

  set_factory (self, self->name_column, G_CALLBACK (setup_label), G_CALLBACK (bind_name), NULL);
  set_factory (self, self->rule_column, G_CALLBACK (setup_rule), G_CALLBACK (bind_rule), G_CALLBACK (unbind_rule));
  set_factory (self, self->qi_column, G_CALLBACK (setup_qi), G_CALLBACK (bind_qi), G_CALLBACK (unbind_qi));
  set_factory (self, self->sample_column, G_CALLBACK (setup_label), G_CALLBACK (bind_sample),
               G_CALLBACK (unbind_sample));
  columns_selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->columns)));
  gtk_column_view_set_model (self->columns_view, GTK_SELECTION_MODEL (columns_selection));
  g_object_unref (columns_selection);

  g_signal_connect (group_factory, "setup", G_CALLBACK (setup_group), NULL);
  g_signal_connect (group_factory, "bind", G_CALLBACK (bind_group), NULL);
  gtk_list_view_set_factory (self->groups_view, group_factory);
  groups_selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->groups)));
  gtk_list_view_set_model (self->groups_view, GTK_SELECTION_MODEL (groups_selection));
  g_object_unref (groups_selection);

  gtk_label_set_text (self->source_label, _("None chosen"));
  gtk_widget_set_visible (GTK_WIDGET (self->groups_scroller), FALSE);
  update (self);
}

/* ── Public API ──────────────────────────────────────────────────────── */

/**
 * cd_deident_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: an unlocked case
 * @asset: the asset whose table is exported (named in the audit log)
 */
CdDeidentDialog *
cd_deident_dialog_new (GtkWindow *parent,
                       CdStore   *store,
                       CdAsset   *asset)
{
  CdDeidentDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (CD_IS_ASSET (asset), NULL);

  self = g_object_new (CD_TYPE_DEIDENT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->asset = g_object_ref (asset);
  /* Translators: title of the export dialog; %s is where the asset is kept */
  title = g_strdup_printf (_("Export De-identified: %s"), cd_asset_get_location (asset));
  gtk_window_set_title (GTK_WINDOW (self), title);
  g_signal_connect_swapped (store, "notify::locked", G_CALLBACK (on_store_locked), self);
  return self;
}

/**
 * cd_deident_dialog_open_source:
 * @file: a CSV file on this computer
 *
 * Reads @file and lists its columns, each masked and no quasi-identifier
 * to begin with (nothing leaves unchanged unless asked for). On failure
 * the dialog shows why.
 *
 * Returns: %TRUE if the table was read
 */
gboolean
cd_deident_dialog_open_source (CdDeidentDialog  *self,
                               GFile            *file,
                               GError          **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const *header;

  g_return_val_if_fail (CD_IS_DEIDENT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only files on this computer or a mounted drive can be exported."));
  else
    table = cd_csv_table_parse_file (path, NULL, &local_error);
  if (table == NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  header = cd_csv_table_get_header (table);
  for (guint c = 0; c < cd_csv_table_get_n_columns (table); c++)
    {
      CdDeidentColumn *column = g_object_new (CD_TYPE_DEIDENT_COLUMN, NULL);

      column->name = g_strdup (header[c]);
      column->kind = CD_DEIDENT_MASK;
      g_ptr_array_add (columns, column);
    }

  g_clear_pointer (&self->table, cd_csv_table_free);
  self->table = g_steal_pointer (&table);
  g_free (self->source);
  self->source = g_steal_pointer (&path);
  display = g_filename_display_basename (self->source);
  gtk_label_set_text (self->source_label, display);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), display);
  g_list_store_splice (self->columns, 0, g_list_model_get_n_items (G_LIST_MODEL (self->columns)),
                       columns->pdata, columns->len);
  show_error (self, NULL);
  update (self);
  return TRUE;
}

/**
 * cd_deident_dialog_export_to_file:
 * @file: where to write (the save chooser asked before replacing it)
 *
 * Exports the table under the rules and label shown, and records it in the
 * case's audit log. On failure (a scanned folder, the source's folder, k
 * too small for the label) the dialog shows why.
 *
 * Returns: %TRUE if the export was written
 */
gboolean
cd_deident_dialog_export_to_file (CdDeidentDialog  *self,
                                  GFile            *file,
                                  GError          **error)
{
  g_autoptr(CdDeidentPlan) plan = NULL;
  g_autoptr(CdDeidentReport) report = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  CdDeidentLabel label;

  g_return_val_if_fail (CD_IS_DEIDENT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  label = gtk_check_button_get_active (self->anonymized_check) ? CD_DEIDENT_LABEL_ANONYMIZED
                                                                : CD_DEIDENT_LABEL_DEIDENTIFIED;
  path = g_file_get_path (file);
  if (self->table == NULL)
    g_set_error_literal (&local_error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                         _("Choose the table to export first."));
  else if (path == NULL)
    g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only files on this computer or a mounted drive can be written."));
  else if ((plan = build_plan (self, &local_error)) != NULL)
    cd_deident_export_for_case (self->store, self->table, plan, self->source, cd_asset_get_id (self->asset),
                                self->export_id, path, label, CD_DEIDENT_EXPORT_OVERWRITE, NULL, &report,
                                &local_error);
  if (report == NULL)
    {
      show_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  {
    g_autofree char *rows = cd_gui_format_count (report->n_rows);
    g_autofree char *name = g_filename_display_basename (report->path);
    g_autofree char *text = NULL;

    /* Translators: after an export: rows, the file's name, the label (De-identified or Anonymized) */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s row to “%s”, labelled %s. The export is in the audit log.",
                                         "Exported %s rows to “%s”, labelled %s. The export is in the audit log.",
                                         report->n_rows),
                            rows, name, cd_deident_label_get_display_name (report->label));
    show_error (self, NULL);
    gtk_label_set_text (self->status_label, text);
  }

  /* The next export gets a key of its own. */
  g_free (self->export_id);
  self->export_id = cd_deident_export_new_id ();
  update (self);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  return TRUE;
}

/* ── Test access (cd-deident-dialog-private.h) ───────────────────────── */

GtkDropDown *
cd_deident_dialog_get_rule_dropdown (CdDeidentDialog *self,
                                     const char      *column)
{
  CdDeidentColumn *item = find_column (self, column);

  return item != NULL ? item->dropdown : NULL;
}

GtkCheckButton *
cd_deident_dialog_get_qi_check (CdDeidentDialog *self,
                                const char      *column)
{
  CdDeidentColumn *item = find_column (self, column);

  return item != NULL ? item->check : NULL;
}

const char *
cd_deident_dialog_get_sample (CdDeidentDialog *self,
                              const char      *column)
{
  CdDeidentColumn *item = find_column (self, column);

  return item != NULL ? item->sample : NULL;
}

GtkSpinButton *
cd_deident_dialog_get_threshold_spin (CdDeidentDialog *self)
{
  return self->threshold_spin;
}

GtkLabel *
cd_deident_dialog_get_result_label (CdDeidentDialog *self)
{
  return self->result_label;
}

GListModel *
cd_deident_dialog_get_groups (CdDeidentDialog *self)
{
  return G_LIST_MODEL (self->groups);
}

GtkCheckButton *
cd_deident_dialog_get_label_check (CdDeidentDialog *self,
                                   CdDeidentLabel   label)
{
  return label == CD_DEIDENT_LABEL_ANONYMIZED ? self->anonymized_check : self->deidentified_check;
}

GtkButton *
cd_deident_dialog_get_export_button (CdDeidentDialog *self)
{
  return self->export_button;
}

GtkLabel *
cd_deident_dialog_get_error_label (CdDeidentDialog *self)
{
  return self->error_label;
}

GtkLabel *
cd_deident_dialog_get_status_label (CdDeidentDialog *self)
{
  return self->status_label;
}

gboolean
cd_deident_dialog_is_updating (CdDeidentDialog *self)
{
  return self->update_source != 0;
}
