/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionManualDialog: Add Destruction Record.
 *
 * The fields follow the kind: paper has a DIN 66399 level (stored as
 * "P-4"), a weight and a number of boxes; a device has a method, a serial
 * number and the wiping tool's certificate; a cloud account has the
 * provider and the account closed. cd_destroy_add_manual() checks it all
 * (the two-person rule included); its refusal is shown here and the
 * dialog stays open. */

#include "config.h"

#define G_LOG_DOMAIN "cd-retention"

#include <glib/gi18n.h>

#include "cd-retention-manual-dialog.h"
#include "cd-retention-page-private.h"

#define DEFAULT_PAPER_LEVEL 4

/* Common ways a device is sanitized; stored as the label shown. */
static const char * const device_methods[] = {
  N_("Overwrite (nwipe)"),
  N_("ATA secure erase / purge"),
  N_("Degaussing"),
  N_("Physical destruction (shred, crush)"),
};

struct _CdRetentionManualDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *add_button;
  AdwActionRow         *boxes_row;
  GtkSpinButton        *boxes_spin;
  AdwActionRow         *certificate_row;
  GtkButton            *clear_certificate_button;
  AdwEntryRow          *date_row;
  AdwEntryRow          *description_row;
  GtkLabel             *error_label;
  AdwComboRow          *kind_row;
  AdwEntryRow          *method_entry_row;
  AdwComboRow          *method_row;
  AdwEntryRow          *operator_row;
  AdwEntryRow          *serial_row;
  AdwActionRow         *weight_row;
  GtkSpinButton        *weight_spin;
  AdwEntryRow          *witness_row;

  /* owned */
  CdStore              *store;
  char                 *asset_id;
  char                 *certificate;
  GtkStringList        *paper_levels;
  GtkStringList        *device_methods;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (CdRetentionManualDialog, cd_retention_manual_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_RECORD_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static CdManualKind
current_kind (CdRetentionManualDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected < CD_N_MANUAL_KINDS ? (CdManualKind) selected : CD_MANUAL_PAPER;
}

static gboolean
filled (AdwEntryRow *row)
{
  g_autofree char *text = dup_trimmed (row);

  return *text != '\0';
}

static void
update_state (CdRetentionManualDialog *self)
{
  CdManualKind kind = current_kind (self);
  g_autofree char *date = dup_trimmed (self->date_row);
  gboolean ok = filled (self->description_row) && cd_date_is_valid (date) && filled (self->operator_row) &&
                filled (self->witness_row);

  if (kind == CD_MANUAL_CLOUD)
    ok = ok && filled (self->method_entry_row) && filled (self->serial_row);
  else if (kind == CD_MANUAL_DEVICE)
    ok = ok && filled (self->serial_row);
  if (*date == '\0' || cd_date_is_valid (date))
    gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), ok);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
on_kind_changed (CdRetentionManualDialog *self)
{
  CdManualKind kind = current_kind (self);

  gtk_widget_set_visible (GTK_WIDGET (self->method_row), kind != CD_MANUAL_CLOUD);
  gtk_widget_set_visible (GTK_WIDGET (self->method_entry_row), kind == CD_MANUAL_CLOUD);
  gtk_widget_set_visible (GTK_WIDGET (self->serial_row), kind != CD_MANUAL_PAPER);
  gtk_widget_set_visible (GTK_WIDGET (self->weight_row), kind == CD_MANUAL_PAPER);
  gtk_widget_set_visible (GTK_WIDGET (self->boxes_row), kind == CD_MANUAL_PAPER);
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_row), kind == CD_MANUAL_DEVICE);
  if (kind == CD_MANUAL_PAPER)
    {
      adw_combo_row_set_model (self->method_row, G_LIST_MODEL (self->paper_levels));
      adw_combo_row_set_selected (self->method_row, DEFAULT_PAPER_LEVEL - 1);
      /* Translators: the paper shredder's DIN 66399 security level */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->method_row), _("Security _level"));
    }
  else if (kind == CD_MANUAL_DEVICE)
    {
      adw_combo_row_set_model (self->method_row, G_LIST_MODEL (self->device_methods));
      adw_combo_row_set_selected (self->method_row, 0);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->method_row), _("_Method"));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->serial_row),
                                 kind == CD_MANUAL_CLOUD ? _("Acco_unt closed") : _("_Serial number"));
  update_state (self);
}

static void
set_certificate (CdRetentionManualDialog *self,
                 const char              *path)
{
  g_autofree char *display = NULL;

  g_free (self->certificate);
  self->certificate = g_strdup (path);
  if (path != NULL)
    display = g_filename_display_basename (path);
  adw_action_row_set_subtitle (self->certificate_row, display != NULL ? display : _("None"));
  gtk_widget_set_visible (GTK_WIDGET (self->clear_certificate_button), path != NULL);
}

static void
on_clear_certificate_clicked (CdRetentionManualDialog *self)
{
  set_certificate (self, NULL);
}

static void
on_certificate_chooser_response (CdRetentionManualDialog *self,
                                 int                      response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        set_certificate (self, path);
    }
}

static void
on_choose_certificate_clicked (CdRetentionManualDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Attach a Wiping Certificate"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_certificate_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_add_clicked (CdRetentionManualDialog *self)
{
  CdManualDestruction record = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *date = dup_trimmed (self->date_row);
  g_autofree char *operator_name = dup_trimmed (self->operator_row);
  g_autofree char *witness = dup_trimmed (self->witness_row);
  g_autofree char *description = dup_trimmed (self->description_row);
  g_autofree char *method = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *id = NULL;
  CdManualKind kind = current_kind (self);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    return;

  if (kind == CD_MANUAL_PAPER)
    method = g_strdup_printf ("P-%u", adw_combo_row_get_selected (self->method_row) + 1);
  else if (kind == CD_MANUAL_DEVICE)
    {
      guint selected = adw_combo_row_get_selected (self->method_row);

      method = g_strdup (selected < G_N_ELEMENTS (device_methods) ? _(device_methods[selected]) : "");
    }
  else
    method = dup_trimmed (self->method_entry_row);
  if (kind != CD_MANUAL_PAPER)
    serial = dup_trimmed (self->serial_row);

  record.kind = kind;
  record.asset_id = self->asset_id;
  record.performed_on = date;
  record.operator_name = operator_name;
  record.witness = witness;
  record.description = description;
  record.method = method;
  record.serial = serial;
  if (kind == CD_MANUAL_PAPER)
    {
      record.weight_kg = gtk_spin_button_get_value (self->weight_spin);
      record.boxes = (guint) gtk_spin_button_get_value_as_int (self->boxes_spin);
    }

  id = cd_destroy_add_manual (self->store, &record,
                              kind == CD_MANUAL_DEVICE ? self->certificate : NULL, &error);
  if (id == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_RECORD_ADDED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_retention_manual_dialog_dispose (GObject *object)
{
  CdRetentionManualDialog *self = CD_RETENTION_MANUAL_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_RETENTION_MANUAL_DIALOG);
  g_clear_object (&self->paper_levels);
  g_clear_object (&self->device_methods);

  G_OBJECT_CLASS (cd_retention_manual_dialog_parent_class)->dispose (object);
}

static void
cd_retention_manual_dialog_finalize (GObject *object)
{
  CdRetentionManualDialog *self = CD_RETENTION_MANUAL_DIALOG (object);

  g_free (self->asset_id);
  g_free (self->certificate);

  G_OBJECT_CLASS (cd_retention_manual_dialog_parent_class)->finalize (object);
}

static void
cd_retention_manual_dialog_class_init (CdRetentionManualDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_retention_manual_dialog_dispose;
  object_class->finalize = cd_retention_manual_dialog_finalize;

  /**
   * CdRetentionManualDialog::record-added:
   * @id: the new record's id
   */
  signals[SIGNAL_RECORD_ADDED] =
    g_signal_new ("record-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-retention-manual-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, boxes_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, boxes_spin);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, clear_certificate_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, method_entry_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, method_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, operator_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, serial_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, weight_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionManualDialog, witness_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_certificate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_certificate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_state);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_retention_manual_dialog_init (CdRetentionManualDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));

  self->paper_levels = gtk_string_list_new (NULL);
  for (guint level = 1; level <= 7; level++)
    gtk_string_list_append (self->paper_levels, cd_paper_level_get_label (level));
  self->device_methods = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (device_methods); i++)
    gtk_string_list_append (self->device_methods, _(device_methods[i]));
  /* The combo position is the enum value. */
  for (guint i = 0; i < CD_N_MANUAL_KINDS; i++)
    gtk_string_list_append (kinds, cd_manual_kind_get_label ((CdManualKind) i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  set_certificate (self, NULL);
  on_kind_changed (self);
}

/**
 * cd_retention_manual_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the open, unlocked case
 * @asset: (nullable): the asset the record settles (prefills the kind and
 *   the description)
 *
 * Returns: (transfer none): a new modal dialog, not yet presented; it
 *   destroys itself when closed or once the record is added.
 */
CdRetentionManualDialog *
cd_retention_manual_dialog_new (GtkWindow *parent,
                                CdStore   *store,
                                CdAsset   *asset)
{
  CdRetentionManualDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (asset == NULL || CD_IS_ASSET (asset), NULL);

  self = g_object_new (CD_TYPE_RETENTION_MANUAL_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (asset != NULL)
    {
      CdMedium medium = cd_asset_get_medium (asset);
      CdManualKind kind = medium == CD_MEDIUM_PAPER ? CD_MANUAL_PAPER
                          : medium == CD_MEDIUM_CLOUD_DRIVE ? CD_MANUAL_CLOUD : CD_MANUAL_DEVICE;

      self->asset_id = g_strdup (cd_asset_get_id (asset));
      adw_combo_row_set_selected (self->kind_row, kind);
      gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                             cd_asset_get_location (asset) != NULL ? cd_asset_get_location (asset) : "");
    }
  return self;
}

/* ── Test access (cd-retention-page-private.h) ───────────────────────── */

AdwComboRow *
cd_retention_manual_dialog_get_kind_row (CdRetentionManualDialog *self)
{
  return self->kind_row;
}

AdwComboRow *
cd_retention_manual_dialog_get_method_row (CdRetentionManualDialog *self)
{
  return self->method_row;
}

AdwEntryRow *
cd_retention_manual_dialog_get_description_row (CdRetentionManualDialog *self)
{
  return self->description_row;
}

AdwEntryRow *
cd_retention_manual_dialog_get_date_row (CdRetentionManualDialog *self)
{
  return self->date_row;
}

AdwEntryRow *
cd_retention_manual_dialog_get_operator_row (CdRetentionManualDialog *self)
{
  return self->operator_row;
}

AdwEntryRow *
cd_retention_manual_dialog_get_witness_row (CdRetentionManualDialog *self)
{
  return self->witness_row;
}

AdwEntryRow *
cd_retention_manual_dialog_get_serial_row (CdRetentionManualDialog *self)
{
  return self->serial_row;
}

GtkSpinButton *
cd_retention_manual_dialog_get_weight_spin (CdRetentionManualDialog *self)
{
  return self->weight_spin;
}

GtkButton *
cd_retention_manual_dialog_get_add_button (CdRetentionManualDialog *self)
{
  return self->add_button;
}

GtkLabel *
cd_retention_manual_dialog_get_error_label (CdRetentionManualDialog *self)
{
  return self->error_label;
}

const char *
cd_retention_manual_dialog_get_asset_id (CdRetentionManualDialog *self)
{
  return self->asset_id;
}

/* What choosing @path in the certificate chooser does. */
void
cd_retention_manual_dialog_set_certificate (CdRetentionManualDialog *self,
                                            const char              *path)
{
  set_certificate (self, path);
}
