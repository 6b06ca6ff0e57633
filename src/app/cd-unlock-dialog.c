/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdUnlockDialog: asks for the passphrase of a locked case and unlocks it.
 * The key derivation (Argon2id, a fraction of a second) runs in a thread; the
 * main thread leaves the store alone meanwhile. */

#include "config.h"

#define G_LOG_DOMAIN "cd-unlock"

#include <glib/gi18n.h>

#include "cd-dialogs-private.h"
#include "cd-unlock-dialog.h"

struct _CdUnlockDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  GtkButton           *cancel_button;
  GtkLabel            *company_label;
  GtkWidget           *content;
  GtkLabel            *error_label;
  GtkLabel            *file_label;
  AdwPasswordEntryRow *passphrase_row;
  GtkSpinner          *spinner;
  GtkButton           *unlock_button;

  /* owned */
  CdStore             *store;
  GCancellable        *cancellable;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (CdUnlockDialog, cd_unlock_dialog, ADW_TYPE_WINDOW)

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  CdStore *store;
  char    *passphrase; /* libsodium secure memory */
} UnlockData;

static void
unlock_data_free (UnlockData *data)
{
  g_clear_object (&data->store);
  cd_crypto_secure_free (data->passphrase);
  g_free (data);
}

static void
update_sensitivity (CdUnlockDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->unlock_button), !self->busy && *text != '\0');
}

static void
set_busy (CdUnlockDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  cd_dialog_set_busy (self->content, self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  update_sensitivity (self);
}

static void
passphrase_changed_cb (CdUnlockDialog *self)
{
  update_sensitivity (self);
}

static void
unlock_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  UnlockData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = cd_store_unlock (data->store, data->passphrase, &error);
  g_clear_pointer (&data->passphrase, cd_crypto_secure_free);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
unlock_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdUnlockDialog *self = CD_UNLOCK_DIALOG (source_object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return; /* the dialog is gone */

      set_busy (self, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
      gtk_widget_add_css_class (GTK_WIDGET (self->passphrase_row), "error");
      if (g_error_matches (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE))
        gtk_label_set_text (self->error_label, _("Wrong passphrase"));
      else
        gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
      return;
    }

  set_busy (self, FALSE);
  g_signal_emit (self, signals[UNLOCKED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
unlock_clicked_cb (CdUnlockDialog *self)
{
  g_autoptr(GTask) task = NULL;
  UnlockData *data;

  if (self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->unlock_button)))
    return;

  data = g_new0 (UnlockData, 1);
  data->store = g_object_ref (self->store);
  data->passphrase = cd_crypto_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));

  gtk_widget_remove_css_class (GTK_WIDGET (self->passphrase_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, unlock_done_cb, NULL);
  g_task_set_source_tag (task, unlock_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) unlock_data_free);
  g_task_run_in_thread (task, unlock_thread);
}

static gboolean
cd_unlock_dialog_close_request (GtkWindow *window)
{
  CdUnlockDialog *self = CD_UNLOCK_DIALOG (window);

  if (self->busy)
    return TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");

  return GTK_WINDOW_CLASS (cd_unlock_dialog_parent_class)->close_request (window);
}

static void
cd_unlock_dialog_dispose (GObject *object)
{
  CdUnlockDialog *self = CD_UNLOCK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_UNLOCK_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cd_unlock_dialog_parent_class)->dispose (object);
}

static void
cd_unlock_dialog_finalize (GObject *object)
{
  CdUnlockDialog *self = CD_UNLOCK_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cd_unlock_dialog_parent_class)->finalize (object);
}

static void
cd_unlock_dialog_class_init (CdUnlockDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_unlock_dialog_dispose;
  object_class->finalize = cd_unlock_dialog_finalize;
  window_class->close_request = cd_unlock_dialog_close_request;

  /**
   * CdUnlockDialog::unlocked:
   *
   * The store is unlocked; the dialog closes.
   */
  signals[UNLOCKED] =
    g_signal_new ("unlocked",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-unlock-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, company_label);
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, content);
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdUnlockDialog, unlock_button);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, unlock_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_unlock_dialog_init (CdUnlockDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->unlock_button));
}

/**
 * cd_unlock_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: a locked store
 *
 * Returns: (transfer floating): a new, modal #CdUnlockDialog
 */
GtkWidget *
cd_unlock_dialog_new (GtkWindow *parent,
                      CdStore   *store)
{
  CdUnlockDialog *self;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autofree char *file_name = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  self = g_object_new (CD_TYPE_UNLOCK_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);

  /* The case info is stored in clear, so the user sees which case this is. */
  info = cd_store_get_case_info (store, NULL);
  if (info != NULL && cd_case_info_get_company_name (info) != NULL)
    gtk_label_set_text (self->company_label, cd_case_info_get_company_name (info));
  else
    gtk_widget_set_visible (GTK_WIDGET (self->company_label), FALSE);

  if (cd_store_get_path (store) != NULL)
    file_name = g_filename_display_basename (cd_store_get_path (store));
  gtk_label_set_text (self->file_label, file_name != NULL ? file_name : "");

  update_sensitivity (self);
  return GTK_WIDGET (self);
}

/* -- test-only getters ---------------------------------------------------------- */

AdwEntryRow *
cd_unlock_dialog_get_passphrase_row (CdUnlockDialog *self)
{
  return ADW_ENTRY_ROW (self->passphrase_row);
}

GtkLabel *
cd_unlock_dialog_get_error_label (CdUnlockDialog *self)
{
  return self->error_label;
}

GtkButton *
cd_unlock_dialog_get_unlock_button (CdUnlockDialog *self)
{
  return self->unlock_button;
}

gboolean
cd_unlock_dialog_get_busy (CdUnlockDialog *self)
{
  return self->busy;
}
