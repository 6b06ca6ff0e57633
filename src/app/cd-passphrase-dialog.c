/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdPassphraseDialog: changes the passphrase of an open case. Re-sealing
 * derives two keys and rewrites every sealed column, so it runs in a thread;
 * the dialog is modal and insensitive meanwhile. */

#include "config.h"

#define G_LOG_DOMAIN "cd-passphrase"

#include <glib/gi18n.h>

#include "cd-dialogs-private.h"
#include "cd-passphrase-dialog.h"

struct _CdPassphraseDialog
{
  AdwWindow            parent_instance;

  /* template widgets */
  GtkButton           *cancel_button;
  GtkButton           *change_button;
  GtkWidget           *content;
  AdwPasswordEntryRow *current_row;
  GtkLabel            *error_label;
  AdwPasswordEntryRow *new_row;
  AdwPasswordEntryRow *repeat_row;
  GtkSpinner          *spinner;
  GtkLevelBar         *strength_bar;
  GtkLabel            *strength_label;

  /* owned */
  CdStore             *store;
  GCancellable        *cancellable;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (CdPassphraseDialog, cd_passphrase_dialog, ADW_TYPE_WINDOW)

enum {
  PASSPHRASE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  CdStore *store;
  char    *old_passphrase; /* libsodium secure memory */
  char    *new_passphrase; /* libsodium secure memory */
} ChangeData;

static void
change_data_free (ChangeData *data)
{
  g_clear_object (&data->store);
  cd_crypto_secure_free (data->old_passphrase);
  cd_crypto_secure_free (data->new_passphrase);
  g_free (data);
}

static void
update_sensitivity (CdPassphraseDialog *self)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->current_row));
  gboolean new_ok = cd_passphrase_hint_update (self->strength_bar, self->strength_label,
                                               GTK_EDITABLE (self->new_row),
                                               GTK_EDITABLE (self->repeat_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button),
                            !self->busy && *current != '\0' && new_ok);
}

static void
set_busy (CdPassphraseDialog *self,
          gboolean            busy)
{
  self->busy = busy;
  cd_dialog_set_busy (self->content, self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  update_sensitivity (self);
}

static void
entry_changed_cb (CdPassphraseDialog *self)
{
  update_sensitivity (self);
}

static void
current_changed_cb (CdPassphraseDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->current_row), "error");
  update_sensitivity (self);
}

static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ChangeData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = cd_store_change_passphrase (data->store, data->old_passphrase, data->new_passphrase,
                                   NULL, &error);
  g_clear_pointer (&data->old_passphrase, cd_crypto_secure_free);
  g_clear_pointer (&data->new_passphrase, cd_crypto_secure_free);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
change_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdPassphraseDialog *self = CD_PASSPHRASE_DIALOG (source_object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return; /* the dialog is gone */

      set_busy (self, FALSE);
      if (g_error_matches (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE))
        {
          gtk_editable_set_text (GTK_EDITABLE (self->current_row), "");
          gtk_widget_add_css_class (GTK_WIDGET (self->current_row), "error");
          gtk_label_set_text (self->error_label, _("The current passphrase is wrong."));
          gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
        }
      else
        {
          gtk_label_set_text (self->error_label, error->message);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  set_busy (self, FALSE);
  g_signal_emit (self, signals[PASSPHRASE_CHANGED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
change_clicked_cb (CdPassphraseDialog *self)
{
  g_autoptr(GTask) task = NULL;
  ChangeData *data;

  if (self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->change_button)))
    return;

  data = g_new0 (ChangeData, 1);
  data->store = g_object_ref (self->store);
  data->old_passphrase = cd_crypto_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (self->current_row)));
  data->new_passphrase = cd_crypto_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_row)));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, change_done_cb, NULL);
  g_task_set_source_tag (task, change_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) change_data_free);
  g_task_run_in_thread (task, change_thread);
}

static gboolean
cd_passphrase_dialog_close_request (GtkWindow *window)
{
  CdPassphraseDialog *self = CD_PASSPHRASE_DIALOG (window);

  /* The re-sealing transaction must finish (or roll back) first. */
  if (self->busy)
    return TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->current_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");

  return GTK_WINDOW_CLASS (cd_passphrase_dialog_parent_class)->close_request (window);
}

static void
cd_passphrase_dialog_dispose (GObject *object)
{
  CdPassphraseDialog *self = CD_PASSPHRASE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PASSPHRASE_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cd_passphrase_dialog_parent_class)->dispose (object);
}

static void
cd_passphrase_dialog_finalize (GObject *object)
{
  CdPassphraseDialog *self = CD_PASSPHRASE_DIALOG (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cd_passphrase_dialog_parent_class)->finalize (object);
}

static void
cd_passphrase_dialog_class_init (CdPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_passphrase_dialog_dispose;
  object_class->finalize = cd_passphrase_dialog_finalize;
  window_class->close_request = cd_passphrase_dialog_close_request;

  /**
   * CdPassphraseDialog::passphrase-changed:
   *
   * The case is now sealed with the new passphrase; the dialog closes.
   */
  signals[PASSPHRASE_CHANGED] =
    g_signal_new ("passphrase-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, content);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, CdPassphraseDialog, strength_label);
  gtk_widget_class_bind_template_callback (widget_class, change_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, current_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_passphrase_dialog_init (CdPassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  cd_passphrase_level_bar_setup (self->strength_bar);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->change_button));
  update_sensitivity (self);
}

/**
 * cd_passphrase_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: an open, unlocked store
 *
 * Returns: (transfer floating): a new, modal #CdPassphraseDialog
 */
GtkWidget *
cd_passphrase_dialog_new (GtkWindow *parent,
                          CdStore   *store)
{
  CdPassphraseDialog *self;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  self = g_object_new (CD_TYPE_PASSPHRASE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

/* -- test-only getters ---------------------------------------------------------- */

AdwEntryRow *
cd_passphrase_dialog_get_current_row (CdPassphraseDialog *self)
{
  return ADW_ENTRY_ROW (self->current_row);
}

AdwEntryRow *
cd_passphrase_dialog_get_new_row (CdPassphraseDialog *self)
{
  return ADW_ENTRY_ROW (self->new_row);
}

AdwEntryRow *
cd_passphrase_dialog_get_repeat_row (CdPassphraseDialog *self)
{
  return ADW_ENTRY_ROW (self->repeat_row);
}

GtkLabel *
cd_passphrase_dialog_get_error_label (CdPassphraseDialog *self)
{
  return self->error_label;
}

GtkButton *
cd_passphrase_dialog_get_change_button (CdPassphraseDialog *self)
{
  return self->change_button;
}

gboolean
cd_passphrase_dialog_get_busy (CdPassphraseDialog *self)
{
  return self->busy;
}
