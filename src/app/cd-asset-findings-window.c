/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdAssetFindingsWindow: the drill-down of a data asset made from a scan.
 *
 * Reads the asset's file records from the case once (cd_store_list_asset_findings)
 * into a GListStore of CdFindingItem — one per kept example, located as
 * "file › member › page N", then one per file that needs a person — shown
 * by a GtkListView; above it, the counts per kind of everything found.
 * The case keeps only masked examples, so nothing here can show an
 * identifier in full. */

#include "config.h"

#define G_LOG_DOMAIN "cd-scan"

#include <glib/gi18n.h>

#include "cd-asset-findings-window.h"
#include "cd-finding-item.h"
#include "cd-gui-util.h"
#include "cd-scan-dialog-private.h"

struct _CdAssetFindingsWindow
{
  AdwWindow       parent_instance;

  /* template widgets */
  GtkListBox     *counts_list;
  AdwStatusPage  *error_page;
  GtkListView    *list_view;
  GtkLabel       *note_label;
  GtkStack       *stack;
  AdwWindowTitle *window_title;

  /* owned */
  GListStore     *items;        /* CdFindingItem */
  GtkLabel       *count_labels[CD_N_DETECT_KINDS];
};

G_DEFINE_FINAL_TYPE (CdAssetFindingsWindow, cd_asset_findings_window, ADW_TYPE_WINDOW)

static void
add_count_row (CdAssetFindingsWindow *self,
               CdDetectKind           kind,
               guint64                count)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *text = cd_gui_format_count ((gint64) MIN (count, G_MAXINT64));
  GtkWidget *label = gtk_label_new (text);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cd_detect_kind_get_label (kind));
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->counts_list, row);
  self->count_labels[kind] = GTK_LABEL (label);
}

static void
show_error (CdAssetFindingsWindow *self,
            const GError          *error)
{
  adw_status_page_set_description (self->error_page, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
load (CdAssetFindingsWindow *self,
      CdStore               *store,
      CdAsset               *asset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_object_unref);
  guint64 counts[CD_N_DETECT_KINDS];
  guint64 total = 0;
  guint n_samples = 0;
  const char *base = cd_asset_get_location (asset);

  records = cd_store_list_asset_findings (store, cd_asset_get_id (asset), &error);
  if (records == NULL ||
      !cd_store_get_asset_scan_counts (store, cd_asset_get_id (asset), counts, &error))
    {
      show_error (self, error);
      return;
    }
  if (records->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    {
      total += counts[kind];
      if (counts[kind] > 0)
        add_count_row (self, (CdDetectKind) kind, counts[kind]);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->counts_list), total > 0);

  for (guint i = 0; i < records->len; i++)
    {
      CdScanFileRecord *record = g_ptr_array_index (records, i);

      for (guint s = 0; s < record->samples->len; s++)
        {
          CdScanSample *sample = g_ptr_array_index (record->samples, s);
          g_autofree char *location = NULL;
          g_autofree char *member = NULL;
          g_autoptr(CdFindingItem) item = NULL;

          /* A sample's member is where inside the file; a member record's
           * samples are below its member. */
          if (record->member != NULL && sample->member != NULL)
            member = g_strconcat (record->member, "!/", sample->member, NULL);
          else
            member = g_strdup (record->member != NULL ? record->member : sample->member);
          location = cd_finding_format_location (record->path, base, member, sample->page);
          item = cd_finding_item_new (location, cd_detect_kind_get_label (sample->kind),
                                      sample->masked, FALSE);
          g_list_store_append (self->items, item);
          n_samples++;
        }

      if (record->status != CD_SCAN_FILE_SCANNED)
        {
          g_autofree char *location = cd_finding_format_location (record->path, base,
                                                                  record->member, 0);

          g_ptr_array_add (problems,
                           cd_finding_item_new (location,
                                                record->status == CD_SCAN_FILE_REVIEW
                                                ? _("Needs review") : _("Could not be read"),
                                                record->reason, TRUE));
        }
    }
  /* The files a person must open come after the examples. */
  g_list_store_splice (self->items, g_list_model_get_n_items (G_LIST_MODEL (self->items)), 0,
                       problems->pdata, problems->len);

  if (total > n_samples)
    {
      g_autofree char *text = g_strdup_printf (_("The case keeps up to %u masked examples of each "
                                                 "kind per file; the counts above are of every "
                                                 "identifier found."),
                                               (guint) CD_SCAN_MAX_SAMPLES);

      gtk_label_set_text (self->note_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), total > n_samples);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
cd_asset_findings_window_dispose (GObject *object)
{
  CdAssetFindingsWindow *self = CD_ASSET_FINDINGS_WINDOW (object);

  g_clear_object (&self->items);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_ASSET_FINDINGS_WINDOW);

  G_OBJECT_CLASS (cd_asset_findings_window_parent_class)->dispose (object);
}

static void
cd_asset_findings_window_class_init (CdAssetFindingsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_asset_findings_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cd-asset-findings-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdAssetFindingsWindow, counts_list);
  gtk_widget_class_bind_template_child (widget_class, CdAssetFindingsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdAssetFindingsWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, CdAssetFindingsWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, CdAssetFindingsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CdAssetFindingsWindow, window_title);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_asset_findings_window_init (CdAssetFindingsWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = cd_finding_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->items = g_list_store_new (CD_TYPE_FINDING_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

/**
 * cd_asset_findings_window_new:
 * @parent: (nullable): the window it belongs to
 * @store: the open, unlocked case
 * @asset: an asset of the case
 *
 * Returns: (transfer none): a new window, filled, not yet presented
 */
CdAssetFindingsWindow *
cd_asset_findings_window_new (GtkWindow *parent,
                              CdStore   *store,
                              CdAsset   *asset)
{
  CdAssetFindingsWindow *self;
  g_autofree char *location = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (CD_IS_ASSET (asset), NULL);

  self = g_object_new (CD_TYPE_ASSET_FINDINGS_WINDOW, "transient-for", parent, NULL);
  location = g_strdup (cd_asset_get_location (asset));
  adw_window_title_set_subtitle (self->window_title, location);
  load (self, store, asset);
  return self;
}

/* ── Test access (cd-scan-dialog-private.h) ─────────────────────────── */

GListModel *
cd_asset_findings_window_get_model (CdAssetFindingsWindow *self)
{
  return G_LIST_MODEL (self->items);
}

GtkLabel *
cd_asset_findings_window_get_count_label (CdAssetFindingsWindow *self,
                                          CdDetectKind           kind)
{
  g_return_val_if_fail ((guint) kind < CD_N_DETECT_KINDS, NULL);
  return self->count_labels[kind];
}

const char *
cd_asset_findings_window_get_state (CdAssetFindingsWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}
