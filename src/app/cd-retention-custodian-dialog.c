/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionCustodianDialog: adds a custodian of retained archives.
 *
 * Either a key pair is made here, and its secret key written — as
 * age-keygen writes it, readable by its owner only, never over an existing
 * file — for the consultant to hand over (the case keeps only the public
 * key), or the custodian's own public key is typed in. The dialog stays
 * open with the reason when the key or the case refuses. */

#include "config.h"

#define G_LOG_DOMAIN "cd-retention"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-retention-custodian-dialog.h"
#include "cd-retention-page-private.h"

struct _CdRetentionCustodianDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *add_button;
  GtkLabel             *error_label;
  GtkCheckButton       *generate_check;
  GtkLabel             *generate_note;
  GtkCheckButton       *import_check;
  AdwPreferencesGroup  *import_group;
  AdwEntryRow          *name_row;
  AdwPreferencesGroup  *paper_group;
  GtkSwitch            *paper_switch;
  GtkLabel             *recipient_error;
  AdwEntryRow          *recipient_row;

  /* owned */
  CdStore              *store;
  GtkFileChooserNative *chooser;
  char                 *key_path;     /* chosen, while the paper key's place is asked */
};

G_DEFINE_FINAL_TYPE (CdRetentionCustodianDialog, cd_retention_custodian_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_CUSTODIAN_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
generating (CdRetentionCustodianDialog *self)
{
  return gtk_check_button_get_active (self->generate_check);
}

static void
show_error (CdRetentionCustodianDialog *self,
            const char                 *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
on_changed (CdRetentionCustodianDialog *self)
{
  g_autofree char *name = dup_trimmed (self->name_row);
  g_autofree char *recipient = dup_trimmed (self->recipient_row);
  gboolean generate = generating (self);

  gtk_widget_set_visible (GTK_WIDGET (self->import_group), !generate);
  gtk_widget_set_visible (GTK_WIDGET (self->generate_note), generate);
  gtk_widget_set_visible (GTK_WIDGET (self->paper_group), generate);
  gtk_button_set_label (self->add_button, generate ? _("_Save Key…") : _("_Add"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button),
                            *name != '\0' && (generate || *recipient != '\0'));
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->recipient_row), "error");
  show_error (self, NULL);
}

static void
added (CdRetentionCustodianDialog *self,
       const char                 *name,
       const char                 *key_path,
       const char                 *paper_path)
{
  g_signal_emit (self, signals[SIGNAL_CUSTODIAN_ADDED], 0, name, key_path, paper_path);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_key (CdRetentionCustodianDialog *self)
{
  g_autofree char *name = dup_trimmed (self->name_row);
  g_autofree char *recipient = dup_trimmed (self->recipient_row);
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  guint8 pk[CD_AGE_KEY_BYTES];

  if (!cd_age_recipient_parse (recipient, pk, &error))
    {
      gtk_label_set_text (self->recipient_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->recipient_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->recipient_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->recipient_row));
      return;
    }
  id = cd_store_add_custodian (self->store, name, recipient, &error);
  if (id == NULL)
    {
      show_error (self, error->message);
      return;
    }
  added (self, name, NULL, NULL);
}


/* Writes the key file (and the paper key, when @paper_path is given),
 * then registers the custodian; both files go if that fails. */
static void
generate_to (CdRetentionCustodianDialog *self,
             const char                 *path,
             const char                 *paper_path)
{
  g_autofree char *name = dup_trimmed (self->name_row);
  g_autofree char *recipient = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  char *secret;
  gboolean written;

  if (*name == '\0')
    return;
  if (paper_path != NULL && g_strcmp0 (paper_path, path) == 0)
    {
      show_error (self, _("The key file and the paper key must be two different files"));
      return;
    }
  if (paper_path != NULL && g_file_test (paper_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (paper_path);
      g_autofree char *message = g_strdup_printf (_("“%s” already exists: a paper key never replaces a file"),
                                                  display);

      show_error (self, message);
      return;
    }
  if (paper_path != NULL && (info = cd_store_get_case_info (self->store, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }

  secret = cd_age_identity_generate (&recipient);
  written = cd_age_identity_write_file (path, secret, recipient, &error);
  if (written && paper_path != NULL)
    {
      CdPaperKeyInfo paper = { 0, };

      paper.custodian_name = name;
      paper.case_name = cd_case_info_get_company_name (info);
      paper.recipient = recipient;
      paper.identity = secret;
      written = cd_paper_key_write_pdf (paper_path, &paper, &error);
      if (!written)
        g_unlink (path);
    }
  cd_crypto_secure_free (secret);
  if (!written)
    {
      show_error (self, error->message);
      return;
    }
  id = cd_store_add_custodian (self->store, name, recipient, &error);
  if (id == NULL)
    {
      /* A key nobody is registered for opens nothing: do not leave it. */
      g_unlink (path);
      if (paper_path != NULL)
        g_unlink (paper_path);
      show_error (self, error->message);
      return;
    }
  added (self, name, path, paper_path);
}

static char *
file_name_for (CdRetentionCustodianDialog *self,
               gboolean                    paper)
{
  g_autofree char *name = dup_trimmed (self->name_row);

  g_strdelimit (name, "/\\", '_');
  if (paper)
    /* Translators: the default file name of a custodian's paper key; %s is their name */
    return g_strdup_printf (_("%s-paper-key.pdf"), name);
  /* Translators: the default file name of a custodian's secret key; %s is their name */
  return g_strdup_printf (_("%s-age-key.txt"), name);
}

static void on_chooser_response (CdRetentionCustodianDialog *self,
                                 int                         response);

static void
open_chooser (CdRetentionCustodianDialog *self,
              gboolean                    paper)
{
  g_autofree char *file_name = file_name_for (self, paper);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (paper ? _("Save the Paper Key") : _("Save the Custodian’s Secret Key"),
                                               GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
  if (paper && self->key_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->key_path);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The key file's place first, then (when asked for) the paper key's. */
static void
on_chooser_response (CdRetentionCustodianDialog *self,
                     int                         response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key_path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    {
      g_clear_pointer (&self->key_path, g_free);
      return;
    }
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_clear_pointer (&self->key_path, g_free);
      show_error (self, _("Save the key to a file on this computer"));
      return;
    }
  if (self->key_path == NULL && gtk_switch_get_active (self->paper_switch))
    {
      self->key_path = g_steal_pointer (&path);
      open_chooser (self, TRUE);
      return;
    }
  key_path = g_steal_pointer (&self->key_path);
  if (key_path != NULL)
    generate_to (self, key_path, path);
  else
    generate_to (self, path, NULL);
}

static void
on_add_clicked (CdRetentionCustodianDialog *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
    return;
  if (!generating (self))
    {
      import_key (self);
      return;
    }
  g_clear_pointer (&self->key_path, g_free);
  open_chooser (self, FALSE);
}

static void
cd_retention_custodian_dialog_dispose (GObject *object)
{
  CdRetentionCustodianDialog *self = CD_RETENTION_CUSTODIAN_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_pointer (&self->key_path, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_RETENTION_CUSTODIAN_DIALOG);

  G_OBJECT_CLASS (cd_retention_custodian_dialog_parent_class)->dispose (object);
}

static void
cd_retention_custodian_dialog_class_init (CdRetentionCustodianDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_retention_custodian_dialog_dispose;

  /**
   * CdRetentionCustodianDialog::custodian-added:
   * @name: the custodian's name
   * @key_path: (nullable): the secret key file written, %NULL for an
   *   imported public key
   * @paper_path: (nullable): the paper key written, if one was asked for
   */
  signals[SIGNAL_CUSTODIAN_ADDED] =
    g_signal_new ("custodian-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/cd-retention-custodian-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, generate_check);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, generate_note);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, import_check);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, import_group);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, paper_group);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, paper_switch);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, recipient_error);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionCustodianDialog, recipient_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_retention_custodian_dialog_init (CdRetentionCustodianDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_changed (self);
}

/**
 * cd_retention_custodian_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the open, unlocked case
 *
 * Returns: (transfer none): a new modal dialog, not yet presented; it
 *   destroys itself when closed or once the custodian is added.
 */
CdRetentionCustodianDialog *
cd_retention_custodian_dialog_new (GtkWindow *parent,
                                   CdStore   *store)
{
  CdRetentionCustodianDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  self = g_object_new (CD_TYPE_RETENTION_CUSTODIAN_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* ── Test access (cd-retention-page-private.h) ───────────────────────── */

AdwEntryRow *
cd_retention_custodian_dialog_get_name_row (CdRetentionCustodianDialog *self)
{
  return self->name_row;
}

GtkCheckButton *
cd_retention_custodian_dialog_get_import_check (CdRetentionCustodianDialog *self)
{
  return self->import_check;
}

AdwEntryRow *
cd_retention_custodian_dialog_get_recipient_row (CdRetentionCustodianDialog *self)
{
  return self->recipient_row;
}

GtkLabel *
cd_retention_custodian_dialog_get_recipient_error (CdRetentionCustodianDialog *self)
{
  return self->recipient_error;
}

GtkButton *
cd_retention_custodian_dialog_get_add_button (CdRetentionCustodianDialog *self)
{
  return self->add_button;
}

GtkSwitch *
cd_retention_custodian_dialog_get_paper_switch (CdRetentionCustodianDialog *self)
{
  return self->paper_switch;
}

/* What choosing @path (and @paper_path) in the save dialogs does. */
void
cd_retention_custodian_dialog_generate_to (CdRetentionCustodianDialog *self,
                                           const char                 *path,
                                           const char                 *paper_path)
{
  generate_to (self, path, paper_path);
}
