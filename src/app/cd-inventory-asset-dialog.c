/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryAssetDialog: adds a data asset to the case or edits one. The
 * dialog works on a copy; nothing reaches the store until Save, and a core
 * error (validation or database) is shown here with nothing saved. */

#include "config.h"

#define G_LOG_DOMAIN "cd-inventory"

#include <glib/gi18n.h>

#include "cd-gui-util.h"
#include "cd-inventory-asset-dialog.h"
#include "cd-inventory-page-private.h"

struct _CdInventoryAssetDialog
{
  AdwWindow      parent_instance;

  /* template widgets */
  AdwEntryRow   *custodian_row;
  GtkSpinButton *customers_spin;
  GtkLabel      *error_label;
  AdwEntryRow   *format_row;
  AdwEntryRow   *location_row;
  GtkLabel      *location_error;
  AdwComboRow   *medium_row;
  AdwEntryRow   *notes_row;
  AdwComboRow   *record_type_row;
  GtkSpinButton *records_spin;
  GtkButton     *save_button;

  /* owned */
  CdStore       *store;
  CdAsset       *asset;     /* the asset being edited, or NULL for a new one */
};

G_DEFINE_FINAL_TYPE (CdInventoryAssetDialog, cd_inventory_asset_dialog, ADW_TYPE_WINDOW)

static gboolean
location_is_valid (CdInventoryAssetDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->location_row));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static void
on_location_changed (CdInventoryAssetDialog *self)
{
  gboolean valid = location_is_valid (self);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->location_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->location_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->location_error), !valid);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), valid);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static char *
dup_text_or_null (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
on_save_clicked (CdInventoryAssetDialog *self)
{
  g_autoptr(CdAsset) asset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *format = NULL;
  g_autofree char *custodian = NULL;
  g_autofree char *notes = NULL;
  gboolean ok;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;

  asset = self->asset != NULL ? cd_asset_copy (self->asset) : cd_asset_new ();
  location = dup_text_or_null (self->location_row);
  format = dup_text_or_null (self->format_row);
  custodian = dup_text_or_null (self->custodian_row);
  notes = dup_text_or_null (self->notes_row);

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, (CdMedium) adw_combo_row_get_selected (self->medium_row));
  cd_asset_set_record_type (asset, (CdRecordType) adw_combo_row_get_selected (self->record_type_row));
  cd_asset_set_format (asset, format);
  cd_asset_set_records (asset, (gint64) gtk_spin_button_get_value (self->records_spin));
  cd_asset_set_customers (asset, (gint64) gtk_spin_button_get_value (self->customers_spin));
  cd_asset_set_custodian (asset, custodian);
  cd_asset_set_notes (asset, notes);

  if (!cd_asset_validate (asset, &error))
    ok = FALSE;
  else if (self->asset != NULL)
    ok = cd_store_update_asset (self->store, asset, &error);
  else
    ok = cd_store_add_asset (self->store, asset, &error);

  if (!ok)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

/* Counts read as the list shows them: “486,210”, not “486210”. */
static gboolean
on_count_output (GtkSpinButton *spin,
                 gpointer       user_data)
{
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  g_autofree char *text = cd_gui_format_count ((gint64) gtk_adjustment_get_value (adjustment));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Typed counts may keep the grouping: only the digits count. */
static int
on_count_input (GtkSpinButton *spin,
                double        *new_value,
                gpointer       user_data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (digits->len == 0 || digits->len > 15)
    return GTK_INPUT_ERROR;
  *new_value = g_ascii_strtod (digits->str, NULL);
  return TRUE;
}

static void
cd_inventory_asset_dialog_dispose (GObject *object)
{
  CdInventoryAssetDialog *self = CD_INVENTORY_ASSET_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->asset);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_INVENTORY_ASSET_DIALOG);

  G_OBJECT_CLASS (cd_inventory_asset_dialog_parent_class)->dispose (object);
}

static void
cd_inventory_asset_dialog_class_init (CdInventoryAssetDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_inventory_asset_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-inventory-asset-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, custodian_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, customers_spin);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, location_error);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, medium_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, record_type_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, records_spin);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryAssetDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_location_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_inventory_asset_dialog_init (CdInventoryAssetDialog *self)
{
  g_autoptr(GtkStringList) media = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The combo position is the enum value. */
  for (guint i = 0; i < CD_N_MEDIA; i++)
    gtk_string_list_append (media, cd_medium_get_label ((CdMedium) i));
  for (guint i = 0; i < CD_N_RECORD_TYPES; i++)
    gtk_string_list_append (types, cd_record_type_get_label ((CdRecordType) i));
  adw_combo_row_set_model (self->medium_row, G_LIST_MODEL (media));
  g_signal_connect (self->records_spin, "output", G_CALLBACK (on_count_output), NULL);
  g_signal_connect (self->records_spin, "input", G_CALLBACK (on_count_input), NULL);
  g_signal_connect (self->customers_spin, "output", G_CALLBACK (on_count_output), NULL);
  g_signal_connect (self->customers_spin, "input", G_CALLBACK (on_count_input), NULL);
  adw_combo_row_set_model (self->record_type_row, G_LIST_MODEL (types));
}

/**
 * cd_inventory_asset_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the open, unlocked case
 * @asset: (nullable): the asset to edit, or %NULL to add a new one
 *
 * Returns: (transfer none): a new modal dialog, not yet presented; it
 *   destroys itself when closed or saved.
 */
CdInventoryAssetDialog *
cd_inventory_asset_dialog_new (GtkWindow *parent,
                               CdStore   *store,
                               CdAsset   *asset)
{
  CdInventoryAssetDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (asset == NULL || CD_IS_ASSET (asset), NULL);

  self = g_object_new (CD_TYPE_INVENTORY_ASSET_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  if (asset != NULL)
    {
      self->asset = g_object_ref (asset);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Data Asset"));
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->location_row), cd_asset_get_location (asset));
      adw_combo_row_set_selected (self->medium_row, cd_asset_get_medium (asset));
      adw_combo_row_set_selected (self->record_type_row, cd_asset_get_record_type (asset));
      gtk_editable_set_text (GTK_EDITABLE (self->format_row),
                             cd_asset_get_format (asset) ? cd_asset_get_format (asset) : "");
      gtk_spin_button_set_value (self->records_spin, (double) cd_asset_get_records (asset));
      gtk_spin_button_set_value (self->customers_spin, (double) cd_asset_get_customers (asset));
      gtk_editable_set_text (GTK_EDITABLE (self->custodian_row),
                             cd_asset_get_custodian (asset) ? cd_asset_get_custodian (asset) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->notes_row),
                             cd_asset_get_notes (asset) ? cd_asset_get_notes (asset) : "");
    }

  return self;
}

AdwEntryRow *
cd_inventory_asset_dialog_get_location_row (CdInventoryAssetDialog *self)
{
  return self->location_row;
}

GtkLabel *
cd_inventory_asset_dialog_get_location_error (CdInventoryAssetDialog *self)
{
  return self->location_error;
}

GtkLabel *
cd_inventory_asset_dialog_get_error_label (CdInventoryAssetDialog *self)
{
  return self->error_label;
}

AdwComboRow *
cd_inventory_asset_dialog_get_medium_row (CdInventoryAssetDialog *self)
{
  return self->medium_row;
}

GtkSpinButton *
cd_inventory_asset_dialog_get_records_spin (CdInventoryAssetDialog *self)
{
  return self->records_spin;
}

GtkWidget *
cd_inventory_asset_dialog_get_save_button (CdInventoryAssetDialog *self)
{
  return GTK_WIDGET (self->save_button);
}
