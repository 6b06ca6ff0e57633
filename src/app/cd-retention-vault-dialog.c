/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionVaultDialog: Create Vault.
 *
 * Offers the locations of the assets whose disposition keeps them (all
 * ticked), more files or folders, the custodians (all ticked, at least one
 * needed: a vault made here always opens with custodians' keys, never with
 * a passphrase), the retain-until date (the latest one of those assets by
 * default) and the output file. cd_vault_create() runs on a thread — it
 * touches no case file — and the vault is recorded with cd_store_add_vault()
 * back on the main thread. An archive is never written over another file. */

#include "config.h"

#define G_LOG_DOMAIN "cd-retention"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-retention-page-private.h"
#include "cd-retention-vault-dialog.h"

/* How often the progress bar is brought up to date while writing. */
#define PROGRESS_INTERVAL_MS 100

typedef struct
{
  GMutex   lock;
  guint64  done;
  guint64  total;
  char   **paths;
  char    *output;
  char   **recipients;
  char    *manifest;
  CdVaultInfo info;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
  g_mutex_clear (&job->lock);
  g_strfreev (job->paths);
  g_free (job->output);
  g_strfreev (job->recipients);
  g_free (job->manifest);
  g_free (job);
}

struct _CdRetentionVaultDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *create_button;
  GtkLabel             *custodians_error;
  GtkListBox           *custodians_list;
  GtkLabel             *error_label;
  GtkWidget            *form_box;
  AdwActionRow         *output_row;
  GtkListBox           *paths_list;
  GtkProgressBar       *progress_bar;
  GtkWidget            *progress_box;
  GtkLabel             *retain_error;
  AdwEntryRow          *retain_row;

  /* owned */
  CdStore              *store;
  char                 *output;
  char                 *company;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;   /* while writing */
  GTask                *task;          /* while writing */
  guint                 progress_source;
};

G_DEFINE_FINAL_TYPE (CdRetentionVaultDialog, cd_retention_vault_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_VAULT_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ── Form ────────────────────────────────────────────────────────────── */

static void
show_error (CdRetentionVaultDialog *self,
            const char             *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The values of the ticked rows of @list (kept as "cd-value" on the check). */
static GPtrArray *
ticked_values (GtkListBox *list)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "cd-check");

      if (check != NULL && gtk_check_button_get_active (check))
        g_ptr_array_add (values, g_strdup (g_object_get_data (G_OBJECT (check), "cd-value")));
    }
  return values;
}

static char *
dup_retain_until (CdRetentionVaultDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->retain_row))));
}

static void
update_state (CdRetentionVaultDialog *self)
{
  g_autoptr(GPtrArray) paths = ticked_values (self->paths_list);
  g_autoptr(GPtrArray) recipients = ticked_values (self->custodians_list);
  g_autofree char *retain = dup_retain_until (self);
  gboolean date_ok = cd_date_is_valid (retain);
  gboolean running = self->task != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->custodians_error), recipients->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->retain_error), !date_ok);
  if (date_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->retain_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->retain_row), "error");
  adw_action_row_set_subtitle (self->output_row, self->output != NULL ? self->output : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            !running && paths->len > 0 && recipients->len > 0 && date_ok && self->output != NULL);
  gtk_widget_set_sensitive (self->form_box, !running);
  gtk_widget_set_visible (self->progress_box, running);
}

static GtkWidget *
add_check_row (CdRetentionVaultDialog *self,
               GtkListBox             *list,
               const char             *title,
               const char             *subtitle,
               const char             *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (check), "cd-value", g_strdup (value), g_free);
  g_object_set_data (G_OBJECT (row), "cd-check", check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  gtk_list_box_append (list, row);
  return row;
}

static gboolean
has_path (CdRetentionVaultDialog *self,
          const char             *path)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->paths_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "cd-check");

      if (check != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (check), "cd-value"), path) == 0)
        {
          gtk_check_button_set_active (check, TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

static void
add_path (CdRetentionVaultDialog *self,
          const char             *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base_display = g_filename_display_name (base);
  g_autofree char *dir_display = g_filename_display_name (dir);

  if (has_path (self, path))
    return;
  add_check_row (self, self->paths_list, base_display, dir_display, path);
  update_state (self);
}

static void
set_output (CdRetentionVaultDialog *self,
            const char             *path)
{
  g_free (self->output);
  self->output = g_strdup (path);
  update_state (self);
}

/* ── Choosers ────────────────────────────────────────────────────────── */

static void
on_paths_chooser_response (CdRetentionVaultDialog *self,
                           int                     response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (self->chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            add_path (self, path);
        }
    }
  g_clear_object (&self->chooser);
}

static void
open_paths_chooser (CdRetentionVaultDialog *self,
                    gboolean                folder)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (folder ? _("Add a Folder to Keep") : _("Add Files to Keep"),
                                               GTK_WINDOW (self),
                                               folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                      : GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_paths_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_add_files_clicked (CdRetentionVaultDialog *self)
{
  open_paths_chooser (self, FALSE);
}

static void
on_add_folder_clicked (CdRetentionVaultDialog *self)
{
  open_paths_chooser (self, TRUE);
}

static void
on_output_chooser_response (CdRetentionVaultDialog *self,
                            int                     response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        set_output (self, path);
    }
}

static void
on_choose_output_clicked (CdRetentionVaultDialog *self)
{
  g_autofree char *name = self->output != NULL ? g_path_get_basename (self->output) : NULL;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Vault"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->output != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->output);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_output_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ── Writing ─────────────────────────────────────────────────────────── */

/* Bytes of the regular files below @path, links not followed: the
 * progress bar's whole. */
static guint64
tree_size (const char   *path,
           GCancellable *cancellable,
           guint         depth)
{
  GStatBuf st;
  guint64 total = 0;
  GDir *dir;
  const char *name;

  if (depth > 64 || g_cancellable_is_cancelled (cancellable) || g_lstat (path, &st) != 0)
    return 0;
  if (S_ISREG (st.st_mode))
    return (guint64) st.st_size;
  if (!S_ISDIR (st.st_mode) || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      total += tree_size (child, cancellable, depth + 1);
    }
  g_dir_close (dir);
  return total;
}

static void
create_progress_cb (guint64  done,
                    gpointer user_data)
{
  CreateJob *job = user_data;

  g_mutex_lock (&job->lock);
  job->done = done;
  g_mutex_unlock (&job->lock);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateJob *job = task_data;
  CdVaultCreateRequest request = { 0, };
  g_autoptr(GError) error = NULL;
  guint64 total = 0;

  for (guint i = 0; job->paths[i] != NULL; i++)
    total += tree_size (job->paths[i], cancellable, 0);
  g_mutex_lock (&job->lock);
  job->total = total;
  g_mutex_unlock (&job->lock);

  request.paths = (const char * const *) job->paths;
  request.output = job->output;
  request.recipients = (const char * const *) job->recipients;
  request.manifest_json = job->manifest;
  if (cd_vault_create (&request, &job->info, cancellable, create_progress_cb, job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  CdRetentionVaultDialog *self = user_data;
  CreateJob *job = self->task != NULL ? g_task_get_task_data (self->task) : NULL;
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;
  guint64 done;
  guint64 total;

  if (job == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&job->lock);
  done = job->done;
  total = job->total;
  g_mutex_unlock (&job->lock);
  if (total == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return G_SOURCE_CONTINUE;
    }
  /* The tar's headers make it a little larger than the files. */
  gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
  done_text = g_format_size (MIN (done, total));
  total_text = g_format_size (total);
  /* Translators: progress of writing a vault, e.g. “1.2 MB of 3.4 MB” */
  text = g_strdup_printf (_("%s of %s"), done_text, total_text);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
stop_progress (CdRetentionVaultDialog *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->task);
  g_clear_object (&self->cancellable);
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdRetentionVaultDialog *self = CD_RETENTION_VAULT_DIALOG (source);
  CreateJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *retain = NULL;
  g_autofree char *display = NULL;

  stop_progress (self);
  if (self->store == NULL)    /* closed meanwhile */
    return;
  update_state (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Stopped: no archive was written"));
      else
        show_error (self, error->message);
      return;
    }

  retain = dup_retain_until (self);
  id = cd_store_add_vault (self->store, job->output, job->info.sha256, job->info.size, job->info.n_members,
                           (const char * const *) job->recipients, FALSE, retain, &error);
  if (id == NULL)
    {
      g_autofree char *message = NULL;

      display = g_filename_display_name (job->output);
      /* Translators: the archive is there and sound, but the case does not know it */
      message = g_strdup_printf (_("%s was written, but not recorded in the case: %s"), display, error->message);
      show_error (self, message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_VAULT_CREATED], 0, job->output);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_create_clicked (CdRetentionVaultDialog *self)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autofree char *retain = NULL;
  g_autofree char *display = NULL;
  CreateJob *job;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)) || self->task != NULL)
    return;
  show_error (self, NULL);
  if (g_file_test (self->output, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = NULL;

      display = g_filename_display_name (self->output);
      message = g_strdup_printf (_("“%s” already exists: an archive is never written over another file. "
                                   "Choose another name."), display);
      show_error (self, message);
      return;
    }

  paths = ticked_values (self->paths_list);
  recipients = ticked_values (self->custodians_list);
  retain = dup_retain_until (self);
  g_ptr_array_add (paths, NULL);
  g_ptr_array_add (recipients, NULL);

  job = g_new0 (CreateJob, 1);
  g_mutex_init (&job->lock);
  job->manifest = cd_store_vault_manifest (self->store, (const char * const *) paths->pdata, retain);
  job->paths = (char **) g_ptr_array_steal (paths, NULL);
  job->recipients = (char **) g_ptr_array_steal (recipients, NULL);
  job->output = g_strdup (self->output);

  self->cancellable = g_cancellable_new ();
  self->task = g_task_new (self, self->cancellable, create_done_cb, NULL);
  g_task_set_source_tag (self->task, on_create_clicked);
  g_task_set_task_data (self->task, job, (GDestroyNotify) create_job_free);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Writing the archive…"));
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_tick_cb, self);
  update_state (self);
  g_task_run_in_thread (self->task, create_thread);
}

static void
on_stop_clicked (CdRetentionVaultDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* ── Filling in ──────────────────────────────────────────────────────── */

static char *
short_key (const char *recipient)
{
  gsize len = strlen (recipient);

  if (len <= 24)
    return g_strdup (recipient);
  return g_strdup_printf ("%.14s…%s", recipient, recipient + len - 8);
}

/* The latest retain-until date among the assets the plan keeps. */
static char *
default_retain_until (CdStore *store)
{
  g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (store, NULL);
  const char *latest = NULL;

  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      const CdAssetPlan *plan = g_ptr_array_index (plans, i);

      if (cd_disposition_retains (plan->disposition) && plan->retain_until != NULL &&
          (latest == NULL || strcmp (plan->retain_until, latest) > 0))
        latest = plan->retain_until;
    }
  return g_strdup (latest);
}

/* Beside the case file, named after the company, and not over anything. */
static char *
default_output (CdStore    *store,
                const char *company)
{
  g_autofree char *dir = g_path_get_dirname (cd_store_get_path (store));
  g_autofree char *safe = g_strdup (company != NULL && *company != '\0' ? company : _("Case"));
  char *path = NULL;

  g_strdelimit (safe, "/\\", '_');
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *name = NULL;

      g_free (path);
      if (i == 1)
        /* Translators: the default file name of a vault; %s is the company. Keep .age */
        name = g_strdup_printf (_("%s-retained-records.age"), safe);
      else
        /* Translators: the same, when that name is taken; %u counts from 2 */
        name = g_strdup_printf (_("%s-retained-records-%u.age"), safe, i);
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        break;
    }
  return path;
}

static void
fill (CdRetentionVaultDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = cd_destroy_retained_paths (self->store, &error);
  g_autoptr(GPtrArray) custodians = NULL;
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (self->store, NULL);
  g_autofree char *retain = default_retain_until (self->store);
  GtkWidget *placeholder;

  if (paths == NULL)
    show_error (self, error->message);
  for (guint i = 0; paths != NULL && i < paths->len; i++)
    add_path (self, g_ptr_array_index (paths, i));
  g_clear_error (&error);

  custodians = cd_store_list_custodians (self->store, &error);
  if (custodians == NULL)
    show_error (self, error->message);
  for (guint i = 0; custodians != NULL && i < custodians->len; i++)
    {
      const CdCustodian *custodian = g_ptr_array_index (custodians, i);
      g_autofree char *key = short_key (custodian->recipient);

      add_check_row (self, self->custodians_list, custodian->name, key, custodian->recipient);
    }

  placeholder = gtk_label_new (_("No file location to keep: add files or folders"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->paths_list, placeholder);
  placeholder = gtk_label_new (_("No custodians yet: add them in Retention & Destruction first"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->custodians_list, placeholder);

  self->company = g_strdup (info != NULL ? cd_case_info_get_company_name (info) : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->retain_row), retain != NULL ? retain : "");
  self->output = default_output (self->store, self->company);
  update_state (self);
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_retention_vault_dialog_dispose (GObject *object)
{
  CdRetentionVaultDialog *self = CD_RETENTION_VAULT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_RETENTION_VAULT_DIALOG);

  G_OBJECT_CLASS (cd_retention_vault_dialog_parent_class)->dispose (object);
}

static void
cd_retention_vault_dialog_finalize (GObject *object)
{
  CdRetentionVaultDialog *self = CD_RETENTION_VAULT_DIALOG (object);

  g_clear_object (&self->task);
  g_clear_object (&self->cancellable);
  g_free (self->output);
  g_free (self->company);

  G_OBJECT_CLASS (cd_retention_vault_dialog_parent_class)->finalize (object);
}

static void
cd_retention_vault_dialog_class_init (CdRetentionVaultDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_retention_vault_dialog_dispose;
  object_class->finalize = cd_retention_vault_dialog_finalize;

  /**
   * CdRetentionVaultDialog::vault-created:
   * @path: the archive written and recorded
   */
  signals[SIGNAL_VAULT_CREATED] =
    g_signal_new ("vault-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-retention-vault-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, custodians_error);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, custodians_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, output_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, paths_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, retain_error);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionVaultDialog, retain_row);
  gtk_widget_class_bind_template_callback (widget_class, on_add_files_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_add_folder_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_output_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, update_state);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_retention_vault_dialog_init (CdRetentionVaultDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cd_retention_vault_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the open, unlocked case
 *
 * Returns: (transfer none): a new modal dialog, not yet presented; it
 *   destroys itself when closed or once the vault is recorded.
 */
CdRetentionVaultDialog *
cd_retention_vault_dialog_new (GtkWindow *parent,
                               CdStore   *store)
{
  CdRetentionVaultDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  self = g_object_new (CD_TYPE_RETENTION_VAULT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  fill (self);
  return self;
}

/* ── Test access (cd-retention-page-private.h) ───────────────────────── */

GtkListBox *
cd_retention_vault_dialog_get_paths_list (CdRetentionVaultDialog *self)
{
  return self->paths_list;
}

GtkListBox *
cd_retention_vault_dialog_get_custodians_list (CdRetentionVaultDialog *self)
{
  return self->custodians_list;
}

AdwEntryRow *
cd_retention_vault_dialog_get_retain_row (CdRetentionVaultDialog *self)
{
  return self->retain_row;
}

GtkButton *
cd_retention_vault_dialog_get_create_button (CdRetentionVaultDialog *self)
{
  return self->create_button;
}

GtkLabel *
cd_retention_vault_dialog_get_error_label (CdRetentionVaultDialog *self)
{
  return self->error_label;
}

const char *
cd_retention_vault_dialog_get_output (CdRetentionVaultDialog *self)
{
  return self->output;
}

gboolean
cd_retention_vault_dialog_is_running (CdRetentionVaultDialog *self)
{
  return self->task != NULL;
}

/* What the file choosers do. */
void
cd_retention_vault_dialog_set_output (CdRetentionVaultDialog *self,
                                      const char             *path)
{
  set_output (self, path);
}

void
cd_retention_vault_dialog_add_path (CdRetentionVaultDialog *self,
                                    const char             *path)
{
  add_path (self, path);
}
