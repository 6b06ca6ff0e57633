/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionPage: the retention and destruction pane (留存与销毁).
 *
 * One scrolling column of sections, each reloaded from the core whenever
 * the case changes ("changed::*", coalesced in an idle, deferred while the
 * pane is hidden) and after every action here:
 *
 *   Custodians           cd_store_list_custodians; Add Custodian… dialog
 *   Retained archives    cd_store_list_vaults; Create Vault… dialog; Verify…
 *                        (cd_vault_verify on a thread with a custodian's key
 *                        file, and the file's SHA-256 against the record);
 *                        Destroy… once the retain-until date has passed
 *   Destruction          the open plan (cd_destroy_list_runs) or Plan
 *                        Destruction (cd_destroy_plan_async); its files in
 *                        a GtkListView; operator and witness; a confirmation
 *                        that needs the case name typed; cd_destroy_run_async
 *                        with a progress bar; past runs in an expander
 *   Manual records       cd_destroy_list_manual; Add Record… dialog
 *   Audit log            cd_store_verify_audit, checkpoints, the newest
 *                        entries in a GtkColumnView; sign, export, public key
 *
 * Long work holds the case (cd_store_hold), so locking waits for the file
 * being overwritten to be recorded. Only one long operation runs at a time. */

#include "config.h"

#define G_LOG_DOMAIN "cd-retention"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-gui-util.h"
#include "cd-retention-page.h"
#include "cd-retention-page-private.h"

/* Audit entries listed unless "Show all" is on. */
#define AUDIT_RECENT 200
/* Files of a plan shown before the list scrolls, and the height of one. */
#define ITEMS_SHOWN 6
#define ITEM_HEIGHT 48
/* How much of a hash or an id is shown. */
#define SHORT_HASH_CHARS 16
#define SHORT_ID_CHARS 8

/* ── Items: core structs owned by a GObject, for list models ─────────── */

#define CD_TYPE_RETENTION_ITEM (cd_retention_item_get_type ())
G_DECLARE_FINAL_TYPE (CdRetentionItem, cd_retention_item, CD, RETENTION_ITEM, GObject)

struct _CdRetentionItem
{
  GObject         parent_instance;
  gpointer        data;
  GDestroyNotify  free_func;
};

G_DEFINE_FINAL_TYPE (CdRetentionItem, cd_retention_item, G_TYPE_OBJECT)

static void
cd_retention_item_finalize (GObject *object)
{
  CdRetentionItem *self = CD_RETENTION_ITEM (object);

  if (self->free_func != NULL && self->data != NULL)
    self->free_func (self->data);
  G_OBJECT_CLASS (cd_retention_item_parent_class)->finalize (object);
}

static void
cd_retention_item_class_init (CdRetentionItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_retention_item_finalize;
}

static void
cd_retention_item_init (CdRetentionItem *self)
{
}

/* Takes @data. */
static CdRetentionItem *
cd_retention_item_new (gpointer       data,
                       GDestroyNotify free_func)
{
  CdRetentionItem *self = g_object_new (CD_TYPE_RETENTION_ITEM, NULL);

  self->data = data;
  self->free_func = free_func;
  return self;
}

/* ── The page ────────────────────────────────────────────────────────── */

typedef enum
{
  BUSY_NONE,
  BUSY_PLAN,
  BUSY_RUN,
  BUSY_VERIFY,
  BUSY_VAULT,
} Busy;

struct _CdRetentionPage
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkColumnViewColumn  *action_column;
  GtkColumnViewColumn  *actor_column;
  GtkButton            *add_custodian_button;
  GtkButton            *add_record_button;
  GtkLabel             *audit_count_label;
  AdwPreferencesGroup  *audit_group;
  GtkImage             *audit_icon;
  AdwActionRow         *audit_row;
  GtkColumnView        *audit_view;
  GtkButton            *cancel_button;
  GtkImage             *checkpoint_icon;
  AdwActionRow         *checkpoint_row;
  GtkButton            *create_vault_button;
  GtkListBox           *custodians_list;
  GtkButton            *destroy_button;
  AdwPreferencesGroup  *destroy_group;
  GtkScrolledWindow    *items_scroller;
  GtkListView          *items_view;
  GtkListBox           *manual_list;
  GtkLabel             *notes_label;
  GtkListBox           *notes_list;
  GtkColumnViewColumn  *object_column;
  AdwEntryRow          *operator_row;
  AdwComboRow          *passes_row;
  GtkLabel             *people_hint;
  GtkListBox           *people_list;
  GtkButton            *plan_button;
  GtkProgressBar       *progress_bar;
  GtkWidget            *progress_box;
  GtkWidget            *run_box;
  GtkListBox           *runs_list;
  GtkCheckButton       *show_all_check;
  GtkImage             *state_icon;
  AdwActionRow         *state_row;
  GtkColumnViewColumn  *time_column;
  AdwToastOverlay      *toast_overlay;
  GtkSpinner           *vault_spinner;
  GtkListBox           *vaults_list;
  GtkButton            *withdraw_button;
  AdwEntryRow          *witness_row;

  /* owned */
  CdStore              *store;
  char                 *company;
  GListStore           *plan_items;       /* CdRetentionItem of CdDestroyItem */
  GListStore           *audit_entries;    /* CdRetentionItem of CdAuditEntry */
  char                 *open_run_id;      /* the plan that can run or continue */
  CdDestroyRunState     open_state;
  gboolean              open_started;     /* some file of it is no longer pending */
  guint                 pending_files;
  guint64               pending_bytes;
  guint                 open_passes;
  char                 *notes_run_id;     /* the plan made here: its notes */
  guint                 notes_protected;
  guint                 notes_skipped;
  guint                 notes_missing;
  Busy                  busy;
  guint                 run_files;        /* pending when the run started */
  gpointer              progress_target;  /* of the plan or run under way */
  GCancellable         *cancellable;
  CdPaneReload          reloader;
  char                 *last_message;
  GtkFileChooserNative *chooser;
  char                 *chooser_vault_id;

  /* borrowed */
  GtkWindow            *dialog;           /* weak: the open dialog of the pane */
};

G_DEFINE_FINAL_TYPE (CdRetentionPage, cd_retention_page, ADW_TYPE_BIN)

static void reload (CdRetentionPage *self);
static void update_actions (CdRetentionPage *self);

/* ── Helpers ─────────────────────────────────────────────────────────── */

static GtkWindow *
get_parent_window (CdRetentionPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (CdRetentionPage *self,
            const char      *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->last_message);
  self->last_message = g_strdup (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_dialog (CdRetentionPage *self,
            GtkWindow       *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_set_weak_pointer (&self->dialog, dialog);
}

/* Removes the rows, not the placeholder. */
static void
clear_list (GtkListBox *list)
{
  cd_gui_list_box_clear (list);
}

static void
set_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_set_placeholder (list, label);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
new_state_label (const char *text,
                 const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "caption-heading");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
new_row_button (const char *label,
                const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* A day as the rest of the app shows dates. */
static char *
format_day (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);
  g_autofree char *iso = time != NULL ? g_date_time_format (time, "%Y-%m-%d") : NULL;

  return iso != NULL ? cd_gui_format_date (iso) : g_strdup ("—");
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("—");
}

static char *
shorten (const char *text,
         guint       head,
         guint       tail)
{
  gsize len = text != NULL ? strlen (text) : 0;

  if (text == NULL)
    return g_strdup ("—");
  if (len <= head + tail + 1)
    return g_strdup (text);
  if (tail == 0)
    return g_strdup_printf ("%.*s…", (int) head, text);
  return g_strdup_printf ("%.*s…%s", (int) head, text, text + len - tail);
}

static gboolean
date_passed (const char *iso_date)
{
  GDate today;
  GDate date;

  if (iso_date == NULL || !cd_retention_date_parse (iso_date, &date))
    return FALSE;
  cd_date_set_today (&today);
  return g_date_compare (&date, &today) < 0;
}

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The two-person rule as the core applies it: both named, not the same. */
static gboolean
people_ok (const char *operator_name,
           const char *witness)
{
  g_autofree char *op = NULL;
  g_autofree char *wit = NULL;

  if (operator_name == NULL || witness == NULL || *operator_name == '\0' || *witness == '\0')
    return FALSE;
  op = g_utf8_casefold (operator_name, -1);
  wit = g_utf8_casefold (witness, -1);
  return !g_str_equal (op, wit);
}

static gboolean
confirmation_matches (CdRetentionPage *self,
                      const char      *typed)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (typed != NULL ? typed : ""));

  return self->company != NULL && *self->company != '\0' && g_str_equal (trimmed, self->company);
}

static void
start_busy (CdRetentionPage *self,
            Busy             busy)
{
  self->busy = busy;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  cd_store_hold (self->store);
  update_actions (self);
}

/* Returns: whether the page is still there to show the outcome (work
 * ends after the window closed, too). */
static gboolean
end_busy (CdRetentionPage *self,
          CdStore         *store)
{
  self->busy = BUSY_NONE;
  g_clear_object (&self->cancellable);
  /* Locking waited for this; it may happen now. */
  cd_store_release (store);
  if (self->plan_items == NULL)
    return FALSE;
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->vault_spinner), FALSE);
  gtk_spinner_stop (self->vault_spinner);
  update_actions (self);
  return TRUE;
}

/* ── Custodians ──────────────────────────────────────────────────────── */

static void
on_copy_key_clicked (GtkButton       *button,
                     CdRetentionPage *self)
{
  const char *recipient = g_object_get_data (G_OBJECT (button), "cd-recipient");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), recipient);
  show_toast (self, _("Public key copied"));
}

static void
reload_custodians (CdRetentionPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) custodians = NULL;

  clear_list (self->custodians_list);
  if (self->store == NULL)
    return;
  custodians = cd_store_list_custodians (self->store, &error);
  if (custodians == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < custodians->len; i++)
    {
      const CdCustodian *custodian = g_ptr_array_index (custodians, i);
      g_autofree char *key = shorten (custodian->recipient, 16, 8);
      g_autofree char *day = format_day (custodian->created);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *copy;

      /* Translators: a custodian row: the shortened public key, then the date added */
      subtitle = g_strdup_printf (_("%s · added %s"), key, day);
      row = new_row (custodian->name, subtitle);
      gtk_widget_set_tooltip_text (row, custodian->recipient);
      copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (copy, "flat");
      gtk_widget_set_tooltip_text (copy, _("Copy the Public Key"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Copy the Public Key"), -1);
      g_object_set_data_full (G_OBJECT (copy), "cd-recipient", g_strdup (custodian->recipient), g_free);
      g_signal_connect_object (copy, "clicked", G_CALLBACK (on_copy_key_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
      gtk_list_box_append (self->custodians_list, row);
    }
}

static void
on_custodian_added (CdRetentionPage *self,
                    const char      *name,
                    const char      *key_path,
                    const char      *paper_path)
{
  g_autofree char *text = NULL;

  reload (self);
  if (key_path == NULL)
    {
      /* Translators: a toast; %s is the custodian's name */
      text = g_strdup_printf (_("Custodian “%s” added"), name);
      show_toast (self, text);
    }
  else
    {
      g_autofree char *display = g_filename_display_name (key_path);
      GtkWidget *dialog;

      /* Translators: the key file, then the custodian's name */
      text = g_strdup_printf (_("The secret key was saved to %s. Hand this file to %s and keep no copy: "
                                "the case does not keep it, and without it the archives encrypted to "
                                "them cannot be opened."), display, name);
      if (paper_path != NULL)
        {
          g_autofree char *paper = g_filename_display_name (paper_path);
          /* Translators: %s is the paper key's PDF */
          g_autofree char *more = g_strdup_printf (_("Print the paper key %s for them to keep in a safe, then "
                                                     "delete the PDF."), paper);
          char *both = g_strconcat (text, "\n\n", more, NULL);

          g_free (text);
          text = both;
        }
      dialog = adw_message_dialog_new (get_parent_window (self), _("Hand Over the Key"), text);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
      g_free (self->last_message);
      self->last_message = g_strdup (text);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
add_custodian_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);
  CdRetentionCustodianDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = cd_retention_custodian_dialog_new (get_parent_window (self), self->store);
  g_signal_connect_object (dialog, "custodian-added", G_CALLBACK (on_custodian_added), self, G_CONNECT_SWAPPED);
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── Vaults ──────────────────────────────────────────────────────────── */

typedef struct
{
  char   **identities;
  char    *file;
  char    *sha256;
  guint    files;
  gboolean matches;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  if (job->identities != NULL)
    cd_age_identities_free (job->identities);
  g_free (job->file);
  g_free (job->sha256);
  g_free (job);
}

static gboolean
count_file (const CdVaultMember *member,
            gpointer             user_data)
{
  VerifyJob *job = user_data;

  if (!member->is_dir && g_strcmp0 (member->name, CD_VAULT_MANIFEST_NAME) != 0)
    job->files++;
  return TRUE;
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  if (!cd_vault_verify (job->file, (const char * const *) job->identities, NULL, count_file, job, cancellable,
                        &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  hash = cd_fs_sha256_file (job->file, &error);
  if (hash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->matches = g_strcmp0 (hash, job->sha256) == 0;
  g_task_return_boolean (task, TRUE);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdRetentionPage) self = user_data;
  CdStore *store = g_object_get_data (G_OBJECT (result), "cd-store");
  VerifyJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!end_busy (self, store))
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Translators: a toast; %s says why */
          text = g_strdup_printf (_("The vault did not verify: %s"), error->message);
          show_toast (self, text);
        }
      return;
    }
  if (job->matches)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Vault verified: %u file, SHA-256 matches the case",
                                         "Vault verified: %u files, SHA-256 matches the case", job->files),
                            job->files);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The vault opens (%u file), but its SHA-256 is not the one the case "
                                         "recorded: it is not the archive made then",
                                         "The vault opens (%u files), but its SHA-256 is not the one the case "
                                         "recorded: it is not the archive made then", job->files),
                            job->files);
  show_toast (self, text);
}

static CdVaultRecord *
find_vault (CdRetentionPage *self,
            const char      *vault_id,
            GError         **error)
{
  g_autoptr(GPtrArray) vaults = cd_store_list_vaults (self->store, error);

  if (vaults == NULL)
    return NULL;
  for (guint i = 0; i < vaults->len; i++)
    {
      CdVaultRecord *vault = g_ptr_array_index (vaults, i);

      if (g_strcmp0 (vault->id, vault_id) == 0)
        return g_ptr_array_steal_index (vaults, i);
    }
  g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND, _("This vault is no longer in the case"));
  return NULL;
}

static void
verify_vault_with (CdRetentionPage *self,
                   const char      *vault_id,
                   const char      *key_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdVaultRecord) vault = NULL;
  g_autoptr(GTask) task = NULL;
  VerifyJob *job;
  char **identities;

  if (self->store == NULL || self->busy != BUSY_NONE)
    return;
  vault = find_vault (self, vault_id, &error);
  identities = vault != NULL ? cd_age_identities_load (key_path, &error) : NULL;
  if (identities == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  job = g_new0 (VerifyJob, 1);
  job->identities = identities;
  job->file = g_strdup (vault->file);
  job->sha256 = g_strdup (vault->sha256);

  start_busy (self, BUSY_VERIFY);
  gtk_widget_set_visible (GTK_WIDGET (self->vault_spinner), TRUE);
  gtk_spinner_start (self->vault_spinner);
  task = g_task_new (NULL, self->cancellable, verify_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, verify_vault_with);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_object_set_data_full (G_OBJECT (task), "cd-store", g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, verify_thread);
}

static void
on_verify_chooser_response (CdRetentionPage *self,
                            int              response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *vault_id = g_steal_pointer (&self->chooser_vault_id);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && vault_id != NULL)
        verify_vault_with (self, vault_id, path);
    }
}

static void
on_verify_clicked (GtkButton       *button,
                   CdRetentionPage *self)
{
  const char *vault_id = g_object_get_data (G_OBJECT (button), "cd-vault-id");

  if (self->store == NULL || self->busy != BUSY_NONE)
    return;
  g_clear_object (&self->chooser);
  g_free (self->chooser_vault_id);
  self->chooser_vault_id = g_strdup (vault_id);
  self->chooser = gtk_file_chooser_native_new (_("Choose a Custodian’s Key File"), get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Verify"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_verify_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The confirmation every destruction goes through: what goes, that it
 * cannot be undone, and the case name typed. @with_people adds entries
 * for the operator and the witness (a vault's destruction). */
typedef struct
{
  CdRetentionPage *page;
  GtkWidget       *dialog;
  GtkEditable     *operator_entry;
  GtkEditable     *witness_entry;
  GtkEditable     *confirm_entry;
} Confirm;

static void
confirm_update (Confirm *confirm)
{
  gboolean ok = confirmation_matches (confirm->page, gtk_editable_get_text (confirm->confirm_entry));

  if (confirm->operator_entry != NULL)
    {
      g_autofree char *op = g_strstrip (g_strdup (gtk_editable_get_text (confirm->operator_entry)));
      g_autofree char *wit = g_strstrip (g_strdup (gtk_editable_get_text (confirm->witness_entry)));

      ok = ok && people_ok (op, wit);
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (confirm->dialog), "destroy", ok);
}

static GtkWidget *
confirm_row (GtkWidget  *list,
             const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

static Confirm *
confirm_new (CdRetentionPage *self,
             const char      *heading,
             const char      *body,
             const char      *destroy_label,
             gboolean         with_people)
{
  Confirm *confirm = g_new0 (Confirm, 1);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;

  confirm->page = self;
  confirm->dialog = adw_message_dialog_new (get_parent_window (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (confirm->dialog), "cancel", _("_Cancel"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (confirm->dialog), "destroy", destroy_label);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (confirm->dialog), "destroy",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (confirm->dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (confirm->dialog), "cancel");

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (with_people)
    {
      confirm->operator_entry = GTK_EDITABLE (confirm_row (list, _("Operator")));
      confirm->witness_entry = GTK_EDITABLE (confirm_row (list, _("Witness")));
      g_signal_connect_swapped (confirm->operator_entry, "changed", G_CALLBACK (confirm_update), confirm);
      g_signal_connect_swapped (confirm->witness_entry, "changed", G_CALLBACK (confirm_update), confirm);
    }
  /* Translators: the entry where the case (company) name is typed to confirm a destruction */
  row = confirm_row (list, _("Type the case name to confirm"));
  confirm->confirm_entry = GTK_EDITABLE (row);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (confirm_update), confirm);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (confirm->dialog), list);

  g_object_set_data_full (G_OBJECT (confirm->dialog), "cd-confirm", confirm, g_free);
  confirm_update (confirm);
  set_dialog (self, GTK_WINDOW (confirm->dialog));
  return confirm;
}

static char *
confirm_dup_text (GtkEditable *editable)
{
  return editable != NULL ? g_strstrip (g_strdup (gtk_editable_get_text (editable))) : NULL;
}

static void
vault_destroy_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CdRetentionPage) self = user_data;
  CdStore *store = CD_STORE (source);
  g_autoptr(GError) error = NULL;
  CdShredResult shred = { 0, };
  gboolean ok;

  /* The record is written here: before the case may lock. */
  ok = cd_destroy_vault_finish (store, result, &shred, &error);
  if (!end_busy (self, store))
    return;
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cd_gui_show_error (GTK_WIDGET (self), _("The vault was not destroyed"), error);
      reload (self);
      return;
    }
  show_toast (self, shred.passes > 0 ? _("Vault destroyed: the archive was overwritten and deleted")
                                     : _("Vault recorded as destroyed: its file was already gone"));
  reload (self);
}

static void
on_vault_confirm_response (AdwMessageDialog *dialog,
                           const char       *response,
                           CdRetentionPage  *self)
{
  Confirm *confirm = g_object_get_data (G_OBJECT (dialog), "cd-confirm");
  const char *vault_id = g_object_get_data (G_OBJECT (dialog), "cd-vault-id");
  g_autofree char *op = NULL;
  g_autofree char *wit = NULL;
  g_autofree char *typed = NULL;

  if (g_strcmp0 (response, "destroy") != 0 || self->store == NULL || self->busy != BUSY_NONE)
    return;
  op = confirm_dup_text (confirm->operator_entry);
  wit = confirm_dup_text (confirm->witness_entry);
  typed = confirm_dup_text (confirm->confirm_entry);
  start_busy (self, BUSY_VAULT);
  gtk_widget_set_visible (GTK_WIDGET (self->vault_spinner), TRUE);
  gtk_spinner_start (self->vault_spinner);
  cd_destroy_vault_async (self->store, vault_id, op, wit, typed, self->cancellable, vault_destroy_done_cb,
                          g_object_ref (self));
}

static void
on_destroy_vault_clicked (GtkButton       *button,
                          CdRetentionPage *self)
{
  const char *vault_id = g_object_get_data (G_OBJECT (button), "cd-vault-id");
  const char *file = g_object_get_data (G_OBJECT (button), "cd-vault-file");
  g_autofree char *display = g_filename_display_basename (file);
  g_autofree char *body = NULL;
  Confirm *confirm;

  if (self->store == NULL || self->busy != BUSY_NONE)
    return;
  /* Translators: %s is the vault's file name, then the case name to type */
  body = g_strdup_printf (_("The encrypted archive “%s” will be overwritten and deleted, and recorded as "
                            "destroyed. Its retain-until date has passed. The custodians’ keys will open "
                            "nothing any more. This cannot be undone.\n\nName the operator and the witness, "
                            "and type the case name to confirm: %s"), display, self->company);
  confirm = confirm_new (self, _("Destroy the Vault?"), body, _("_Destroy Vault"), TRUE);
  g_object_set_data_full (G_OBJECT (confirm->dialog), "cd-vault-id", g_strdup (vault_id), g_free);
  g_signal_connect_object (confirm->dialog, "response", G_CALLBACK (on_vault_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (confirm->dialog));
}

static void
reload_vaults (CdRetentionPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) vaults = NULL;

  clear_list (self->vaults_list);
  if (self->store == NULL)
    return;
  vaults = cd_store_list_vaults (self->store, &error);
  if (vaults == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < vaults->len; i++)
    {
      const CdVaultRecord *vault = g_ptr_array_index (vaults, i);
      gboolean destroyed = g_strcmp0 (vault->state, "destroyed") == 0;
      gboolean due = !destroyed && date_passed (vault->retain_until);
      g_autofree char *name = g_filename_display_basename (vault->file);
      g_autofree char *size = g_format_size (vault->size);
      g_autofree char *created = format_day (vault->created);
      g_autofree char *until = vault->retain_until != NULL ? cd_gui_format_date (vault->retain_until)
                                                           : g_strdup (C_("retain until", "further notice"));
      g_autofree char *openers = NULL;
      g_autofree char *subtitle = NULL;
      guint n_keys = vault->recipients != NULL ? g_strv_length (vault->recipients) : 0;
      GtkWidget *row;
      GtkWidget *button;

      if (vault->passphrase)
        /* Translators: who opens a vault: a passphrase instead of custodians' keys */
        openers = g_strdup (_("passphrase"));
      else
        openers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u custodian", "%u custodians", n_keys),
                                   n_keys);
      /* Translators: a vault row: size · created <date> · keep until <date> · <who opens it> */
      subtitle = g_strdup_printf (_("%s · created %s · keep until %s · %s"), size, created, until, openers);
      row = new_row (name, subtitle);
      gtk_widget_set_tooltip_text (row, vault->file);

      if (destroyed)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   new_state_label (C_("vault", "Destroyed"), "dim-label"));
      else if (due)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   new_state_label (_("Due for destruction"), "warning"));
      else
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), new_state_label (C_("vault", "Kept"), "success"));

      /* A passphrase vault (made with the CLI) is verified there. */
      if (!destroyed && !vault->passphrase)
        {
          button = new_row_button (_("_Verify…"), _("Decrypt the whole archive with a custodian’s key file "
                                                    "and check it against the case"));
          gtk_widget_add_css_class (button, "flat");
          g_object_set_data_full (G_OBJECT (button), "cd-vault-id", g_strdup (vault->id), g_free);
          gtk_widget_set_sensitive (button, self->busy == BUSY_NONE);
          g_signal_connect_object (button, "clicked", G_CALLBACK (on_verify_clicked), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      if (due)
        {
          button = new_row_button (_("_Destroy…"), _("Overwrite and delete this archive: its time is up"));
          gtk_widget_add_css_class (button, "destructive-action");
          g_object_set_data_full (G_OBJECT (button), "cd-vault-id", g_strdup (vault->id), g_free);
          g_object_set_data_full (G_OBJECT (button), "cd-vault-file", g_strdup (vault->file), g_free);
          gtk_widget_set_sensitive (button, self->busy == BUSY_NONE);
          g_signal_connect_object (button, "clicked", G_CALLBACK (on_destroy_vault_clicked), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->vaults_list, row);
    }
}

static void
on_vault_created (CdRetentionPage *self,
                  const char      *path)
{
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *text = NULL;

  reload (self);
  /* Translators: a toast; %s is the vault's file name */
  text = g_strdup_printf (_("Vault “%s” created and recorded"), display);
  show_toast (self, text);
}

static void
create_vault_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);
  CdRetentionVaultDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = cd_retention_vault_dialog_new (get_parent_window (self), self->store);
  g_signal_connect_object (dialog, "vault-created", G_CALLBACK (on_vault_created), self, G_CONNECT_SWAPPED);
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ── Destruction: the plan and its files ─────────────────────────────── */

static char *
item_status_text (const CdDestroyItem *item)
{
  const char *state = cd_destroy_item_state_get_label (item->state);

  switch (item->state)
    {
    case CD_DESTROY_ITEM_DESTROYED:
      /* Translators: a destroyed file: “Destroyed ✓ · Clear (NIST SP 800-88)” */
      return g_strdup_printf (_("%s ✓ · %s (NIST SP 800-88)"), state,
                              cd_shred_category_get_label (item->category));
    case CD_DESTROY_ITEM_FAILED:
      return g_strdup_printf ("%s ✗", state);
    case CD_DESTROY_ITEM_PENDING:
    case CD_DESTROY_ITEM_WIPING:
    default:
      /* Why a run stopped at this file is in its tooltip. */
      if (item->message != NULL && *item->message != '\0')
        return g_strdup_printf ("%s ⚠", state);
      return g_strdup (state);
    }
}

/* What an overwrite could not guarantee there, and why a file failed. */
static char *
item_tooltip (const CdDestroyItem *item)
{
  g_autoptr(GString) text = g_string_new (item->path);

  if (item->message != NULL && *item->message != '\0')
    g_string_append_printf (text, "\n%s", item->message);
  for (guint bit = 0; bit < CD_SHRED_N_CAVEATS; bit++)
    if (item->caveats & (1u << bit))
      g_string_append_printf (text, "\n⚠ %s", cd_shred_caveat_get_label ((CdShredCaveats) (1u << bit)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *folder = gtk_label_new (NULL);
  GtkWidget *size = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (folder), 0);
  gtk_label_set_ellipsize (GTK_LABEL (folder), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (folder, "dim-label");
  gtk_widget_add_css_class (folder, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), folder);
  gtk_widget_add_css_class (size, "numeric");
  gtk_widget_add_css_class (size, "dim-label");
  gtk_widget_set_valign (size, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (status), 1);
  gtk_widget_add_css_class (status, "caption-heading");
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), size);
  gtk_box_append (GTK_BOX (box), status);
  g_object_set_data (G_OBJECT (box), "cd-name", name);
  g_object_set_data (G_OBJECT (box), "cd-folder", folder);
  g_object_set_data (G_OBJECT (box), "cd-size", size);
  g_object_set_data (G_OBJECT (box), "cd-status", status);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  CdRetentionItem *wrapper = gtk_list_item_get_item (list_item);
  const CdDestroyItem *item = wrapper->data;
  GtkWidget *status = g_object_get_data (G_OBJECT (box), "cd-status");
  g_autofree char *name = g_filename_display_basename (item->path);
  g_autofree char *dir = g_path_get_dirname (item->path);
  g_autofree char *folder = g_filename_display_name (dir);
  g_autofree char *size = g_format_size (item->size);
  g_autofree char *text = item_status_text (item);
  g_autofree char *tooltip = item_tooltip (item);

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "cd-name"), name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "cd-folder"), folder);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "cd-size"), size);
  gtk_label_set_text (GTK_LABEL (status), text);
  gtk_widget_set_tooltip_text (box, tooltip);
  gtk_widget_remove_css_class (status, "success");
  gtk_widget_remove_css_class (status, "error");
  gtk_widget_remove_css_class (status, "warning");
  gtk_widget_remove_css_class (status, "dim-label");
  if (item->state == CD_DESTROY_ITEM_DESTROYED)
    gtk_widget_add_css_class (status, item->category == CD_SHRED_CATEGORY_CLEAR ? "success" : "warning");
  else if (item->state == CD_DESTROY_ITEM_FAILED)
    gtk_widget_add_css_class (status, "error");
  else if (item->state == CD_DESTROY_ITEM_WIPING)
    gtk_widget_add_css_class (status, "warning");
  else
    gtk_widget_add_css_class (status, "dim-label");
}

static void
on_record_added (CdRetentionPage *self)
{
  reload (self);
  show_toast (self, _("Destruction record added"));
}

static void
open_manual_dialog (CdRetentionPage *self,
                    CdAsset         *asset)
{
  CdRetentionManualDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = cd_retention_manual_dialog_new (get_parent_window (self), self->store, asset);
  g_signal_connect_object (dialog, "record-added", G_CALLBACK (on_record_added), self, G_CONNECT_SWAPPED);
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_record_for_asset_clicked (GtkButton       *button,
                             CdRetentionPage *self)
{
  open_manual_dialog (self, g_object_get_data (G_OBJECT (button), "cd-asset"));
}

static void
add_note (CdRetentionPage *self,
          const char      *icon,
          const char      *title,
          const char      *subtitle)
{
  GtkWidget *row = new_row (title, subtitle);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  gtk_list_box_append (self->notes_list, row);
}

/* Assets marked "destroy" that have no file location — paper, a phone, a
 * cloud account — and no manual record yet: each gets a button that opens
 * the record dialog filled in. */
static void
reload_manual_notes (CdRetentionPage *self,
                     GPtrArray       *records)
{
  g_autoptr(GListModel) assets = cd_store_list_assets (self->store, NULL);
  g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (self->store, NULL);
  g_autoptr(GHashTable) destroy = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) settled = g_hash_table_new (g_str_hash, g_str_equal);

  if (assets == NULL || plans == NULL)
    return;
  for (guint i = 0; i < plans->len; i++)
    {
      CdAssetPlan *plan = g_ptr_array_index (plans, i);

      if (plan->disposition == CD_DISPOSITION_DESTROY)
        g_hash_table_add (destroy, plan->asset_id);
    }
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      CdManualDestruction *record = g_ptr_array_index (records, i);

      if (record->asset_id != NULL)
        g_hash_table_add (settled, record->asset_id);
    }
  for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      const char *location = cd_asset_get_location (asset);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;
      GtkWidget *button;

      if (!g_hash_table_contains (destroy, cd_asset_get_id (asset)) ||
          g_hash_table_contains (settled, cd_asset_get_id (asset)) ||
          (location != NULL && g_path_is_absolute (location)))
        continue;
      /* Translators: a note beside the destruction plan; %s is the kind of medium */
      subtitle = g_strdup_printf (_("%s · the app cannot destroy this itself: record how it was destroyed"),
                                  cd_medium_get_label (cd_asset_get_medium (asset)));
      row = new_row (location != NULL ? location : "—", subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("document-edit-symbolic"));
      button = new_row_button (_("Add _Record…"), _("Record the destruction of this asset"));
      g_object_set_data_full (G_OBJECT (button), "cd-asset", g_object_ref (asset), g_object_unref);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_record_for_asset_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->notes_list, row);
    }
}

/* Runs done with: complete, or interrupted and left for a newer plan
 * (the core does not withdraw a plan that has started). */
static void
add_past_runs (CdRetentionPage *self,
               GPtrArray       *runs,
               CdDestroyRun    *open)
{
  GtkWidget *expander = NULL;
  guint n = 0;

  for (guint i = 0; i < runs->len; i++)
    {
      const CdDestroyRun *run = g_ptr_array_index (runs, i);
      g_autofree char *day = NULL;
      g_autofree char *size = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *files = NULL;
      guint64 bytes = 0;
      guint destroyed = 0;
      GtkWidget *row;

      g_autofree char *title = NULL;

      if (run == open || run->state == CD_DESTROY_RUN_PLANNED || run->state == CD_DESTROY_RUN_CANCELLED)
        continue;
      for (guint j = 0; j < run->items->len; j++)
        {
          const CdDestroyItem *item = g_ptr_array_index (run->items, j);

          if (item->state == CD_DESTROY_ITEM_DESTROYED)
            {
              destroyed++;
              bytes += item->size;
            }
        }
      if (expander == NULL)
        {
          expander = adw_expander_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Past destruction runs"));
          cd_gui_name_expander_header (ADW_EXPANDER_ROW (expander));
          adw_expander_row_add_prefix (ADW_EXPANDER_ROW (expander),
                                       gtk_image_new_from_icon_name ("document-open-recent-symbolic"));
        }
      day = format_time (run->finished != 0 ? run->finished : run->created);
      size = g_format_size (bytes);
      files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", destroyed), destroyed);
      /* Translators: a past destruction run: operator, witness, files, bytes */
      subtitle = g_strdup_printf (_("Operator %s · witness %s · %s, %s"),
                                  run->operator_name != NULL ? run->operator_name : "—",
                                  run->witness != NULL ? run->witness : "—", files, size);
      if (run->state == CD_DESTROY_RUN_COMPLETE)
        title = g_strdup (day);
      else
        /* Translators: a past run that did not finish: the date, then “Interrupted” */
        title = g_strdup_printf (_("%s · %s"), day, cd_destroy_run_state_get_label (run->state));
      row = new_row (title, subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      n++;
    }
  clear_list (self->runs_list);
  if (expander != NULL)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u run",
                                                             "%u runs", n), n);

      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), count);
      gtk_list_box_append (self->runs_list, expander);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->runs_list), expander != NULL);
}

static void
set_state (CdRetentionPage *self,
           const char      *icon,
           const char      *css_class,
           const char      *title,
           const char      *subtitle)
{
  static const char * const classes[] = { "success", "warning", "error", "accent" };

  gtk_image_set_from_icon_name (self->state_icon, icon);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), css_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), title);
  adw_action_row_set_subtitle (self->state_row, subtitle != NULL ? subtitle : "");
}

static void
show_run_items (CdRetentionPage *self,
                CdDestroyRun    *run)
{
  g_autoptr(GPtrArray) wrappers = g_ptr_array_new_with_free_func (g_object_unref);

  if (run != NULL)
    {
      for (guint i = 0; i < run->items->len; i++)
        g_ptr_array_add (wrappers, cd_retention_item_new (g_ptr_array_index (run->items, i),
                                                          (GDestroyNotify) cd_destroy_item_free));
      /* The wrappers own the items now. */
      g_ptr_array_set_free_func (run->items, NULL);
    }
  g_list_store_splice (self->plan_items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->plan_items)),
                       wrappers->pdata, wrappers->len);
  /* A list view asks for the height of a row or two only: show up to
   * ITEMS_SHOWN rows, then scroll. */
  gtk_scrolled_window_set_min_content_height (self->items_scroller,
                                              (int) MIN (wrappers->len, ITEMS_SHOWN) * ITEM_HEIGHT);
  gtk_widget_set_visible (GTK_WIDGET (self->items_scroller), wrappers->len > 0);
}

static void
reload_destruction (CdRetentionPage *self,
                    GPtrArray       *records)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  CdDestroyRun *open = NULL;
  CdDestroyRun *last = NULL;
  g_autofree char *description = NULL;
  gboolean have_notes;

  g_clear_pointer (&self->open_run_id, g_free);
  self->pending_files = 0;
  self->pending_bytes = 0;
  self->open_started = FALSE;
  clear_list (self->notes_list);

  if (self->store == NULL)
    {
      show_run_items (self, NULL);
      clear_list (self->runs_list);
      gtk_widget_set_visible (GTK_WIDGET (self->runs_list), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_list), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), FALSE);
      adw_preferences_group_set_description (self->destroy_group, NULL);
      set_state (self, "edit-clear-all-symbolic", NULL, "", NULL);
      return;
    }

  runs = cd_destroy_list_runs (self->store, &error);
  if (runs == NULL)
    {
      show_toast (self, error->message);
      runs = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_destroy_run_free);
    }
  for (guint i = 0; i < runs->len && open == NULL; i++)
    {
      CdDestroyRun *run = g_ptr_array_index (runs, i);

      if (run->state != CD_DESTROY_RUN_COMPLETE && run->state != CD_DESTROY_RUN_CANCELLED)
        open = run;
    }
  if (open == NULL && runs->len > 0 &&
      ((CdDestroyRun *) g_ptr_array_index (runs, 0))->state == CD_DESTROY_RUN_COMPLETE)
    last = g_ptr_array_index (runs, 0);

  add_past_runs (self, runs, open);

  if (open != NULL)
    {
      g_autofree char *made = format_time (open->created);
      g_autofree char *size = NULL;
      g_autofree char *subtitle = NULL;
      guint destroyed = 0;

      self->open_run_id = g_strdup (open->id);
      self->open_state = open->state;
      self->open_passes = open->passes;
      for (guint i = 0; i < open->items->len; i++)
        {
          const CdDestroyItem *item = g_ptr_array_index (open->items, i);

          if (item->state != CD_DESTROY_ITEM_PENDING)
            self->open_started = TRUE;
          if (item->state == CD_DESTROY_ITEM_DESTROYED)
            destroyed++;
          else
            {
              self->pending_files++;
              self->pending_bytes += item->size;
            }
        }
      size = g_format_size (self->pending_bytes);
      /* Translators: the group description of a destruction plan: “12 files, 3.4 MB to destroy” */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file, %s to destroy",
                                                  "%u files, %s to destroy", self->pending_files),
                                     self->pending_files, size);
      if (open->state == CD_DESTROY_RUN_PLANNED)
        {
          /* Translators: when and by whom a plan was made, and how many overwrite passes */
          subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Made %s by %s · %u pass, read back",
                                                   "Made %s by %s · %u passes, read back", open->passes),
                                      made, open->actor != NULL ? open->actor : "—", open->passes);
          set_state (self, "edit-clear-all-symbolic", "accent", _("Plan ready: nothing destroyed yet"), subtitle);
        }
      else
        {
          /* Translators: an interrupted destruction; %u files are destroyed already */
          g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "Interrupted after %u file destroyed",
                                                                 "Interrupted after %u files destroyed",
                                                                 destroyed), destroyed);

          set_state (self, "dialog-warning-symbolic", "warning", title,
                     open->message != NULL && *open->message != '\0'
                       ? open->message : _("The run stopped before the end; continue it to finish"));
        }
      /* What planning left out, as far as this session knows it. */
      if (g_strcmp0 (self->notes_run_id, open->id) == 0)
        {
          if (self->notes_protected > 0)
            {
              g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                     "%u file kept: the plan retains it",
                                                                     "%u files kept: the plan retains them",
                                                                     self->notes_protected),
                                                        self->notes_protected);

              add_note (self, "security-high-symbolic", title,
                        _("They lie below a location whose asset is to be kept; they are not touched"));
            }
          if (self->notes_skipped > 0)
            {
              g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                     "%u link or special file left out",
                                                                     "%u links or special files left out",
                                                                     self->notes_skipped),
                                                        self->notes_skipped);

              add_note (self, "emblem-symbolic-link-symbolic", title, _("Only regular files are overwritten"));
            }
          if (self->notes_missing > 0)
            {
              g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                     "%u location missing",
                                                                     "%u locations missing",
                                                                     self->notes_missing),
                                                        self->notes_missing);

              add_note (self, "dialog-question-symbolic", title,
                        _("An asset marked “destroy” names a file or folder that is no longer there"));
            }
        }
      show_run_items (self, open);
    }
  else if (last != NULL)
    {
      g_autofree char *when = format_time (last->finished != 0 ? last->finished : last->created);
      g_autofree char *subtitle = NULL;
      g_autofree char *size = NULL;
      guint destroyed = 0;
      guint64 bytes = 0;

      for (guint i = 0; i < last->items->len; i++)
        {
          const CdDestroyItem *item = g_ptr_array_index (last->items, i);

          if (item->state == CD_DESTROY_ITEM_DESTROYED)
            {
              destroyed++;
              bytes += item->size;
            }
        }
      size = g_format_size (bytes);
      /* Translators: the last destruction run: when, operator, witness */
      subtitle = g_strdup_printf (_("%s · operator %s · witness %s"), when,
                                  last->operator_name != NULL ? last->operator_name : "—",
                                  last->witness != NULL ? last->witness : "—");
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Last destruction: %u file, %s",
                                                  "Last destruction: %u files, %s", destroyed), destroyed, size);
      set_state (self, "emblem-ok-symbolic", "success", _("Destruction complete"), subtitle);
      show_run_items (self, last);
    }
  else
    {
      description = g_strdup (_("Files of the assets marked “destroy” are overwritten in place and deleted, "
                                "with an operator and a witness present."));
      set_state (self, "edit-clear-all-symbolic", NULL, _("No destruction planned"),
                 _("Plan Destruction lists the files first; nothing is touched until you run it."));
      show_run_items (self, NULL);
    }

  reload_manual_notes (self, records);
  adw_preferences_group_set_description (self->destroy_group, description);
  have_notes = gtk_list_box_get_row_at_index (self->notes_list, 0) != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), have_notes);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), have_notes);
  gtk_label_set_text (self->notes_label, open != NULL ? _("Left out of the plan")
                                                      /* Translators: a heading above the assets the app cannot destroy */
                                                      : _("To destroy by hand"));
}

/* ── Destruction: planning, running ──────────────────────────────────── */

static void
set_progress (CdRetentionPage *self,
              guint64          done,
              guint64          total,
              gboolean         planning)
{
  g_autofree char *done_text = g_format_size (done);
  g_autofree char *total_text = g_format_size (total);
  g_autofree char *text = NULL;

  if (planning)
    /* Translators: progress of planning, e.g. “Reading files: 1.2 MB of 3.4 MB” */
    text = g_strdup_printf (_("Reading files: %s of %s"), done_text, total_text);
  else
    /* Translators: progress of a destruction, e.g. “Overwriting: 1.2 MB of 3.4 MB” */
    text = g_strdup_printf (_("Overwriting: %s of %s"), done_text, total_text);

  if (self->progress_bar == NULL)    /* disposed while the work stops */
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? MIN (1.0, (double) done / (double) total) : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* Progress reports are queued to the main context and one may arrive
 * after the run's callback, when the page may be gone: they go through a
 * weak reference, freed with the task (see keep_with_task ()). */
typedef struct
{
  GWeakRef page;
} ProgressTarget;

static ProgressTarget *
progress_target_new (CdRetentionPage *self)
{
  ProgressTarget *target = g_new0 (ProgressTarget, 1);

  g_weak_ref_init (&target->page, self);
  return target;
}

static void
progress_target_free (ProgressTarget *target)
{
  g_weak_ref_clear (&target->page);
  g_free (target);
}

/* The task outlives every report queued for it. */
static void
keep_with_task (GAsyncResult *result,
                gpointer      target)
{
  g_object_set_data_full (G_OBJECT (result), "cd-progress-target", target,
                          (GDestroyNotify) progress_target_free);
}

static void
target_progress (ProgressTarget *target,
                 guint64         done,
                 guint64         total,
                 gboolean        planning)
{
  g_autoptr(CdRetentionPage) self = g_weak_ref_get (&target->page);

  if (self != NULL)
    set_progress (self, done, total, planning);
}

static void
plan_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  target_progress (user_data, done, total, TRUE);
}

static void
plan_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdRetentionPage) self = user_data;
  CdStore *store = CD_STORE (source);
  g_auto(CdDestroyPlanNotes) notes = { 0, };
  g_autoptr(CdDestroyRun) run = NULL;
  g_autoptr(GError) error = NULL;

  keep_with_task (result, g_steal_pointer (&self->progress_target));
  /* The plan is stored here: before the case may lock. */
  run = cd_destroy_plan_finish (store, result, &notes, &error);
  if (!end_busy (self, store))
    return;
  if (run == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      reload (self);
      return;
    }
  g_free (self->notes_run_id);
  self->notes_run_id = g_strdup (run->id);
  self->notes_protected = notes.protected_files;
  self->notes_skipped = notes.skipped;
  self->notes_missing = notes.missing_assets != NULL ? notes.missing_assets->len : 0;
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Plan made: %u file to destroy",
                                                          "Plan made: %u files to destroy", run->items->len),
                                             run->items->len);

    show_toast (self, text);
  }
  reload (self);
}

static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);
  CdShredOptions options = { 1, FALSE };

  if (self->store == NULL || self->busy != BUSY_NONE || (self->open_run_id != NULL && !self->open_started))
    return;
  options.passes = adw_combo_row_get_selected (self->passes_row) == 1 ? 3 : 1;
  start_busy (self, BUSY_PLAN);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Listing the files…"));
  gtk_widget_set_visible (self->progress_box, TRUE);
  self->progress_target = progress_target_new (self);
  cd_destroy_plan_async (self->store, &options, self->cancellable, plan_progress_cb, self->progress_target,
                         plan_done_cb, g_object_ref (self));
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->open_run_id == NULL || self->busy != BUSY_NONE)
    return;
  if (!cd_destroy_cancel_plan (self->store, self->open_run_id, &error))
    show_toast (self, error->message);
  else
    show_toast (self, _("Plan withdrawn: nothing was destroyed"));
  reload (self);
}

static void
run_progress_cb (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  target_progress (user_data, done, total, FALSE);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CdRetentionPage) self = user_data;
  CdStore *store = CD_STORE (source);
  g_autoptr(GError) error = NULL;
  guint before = self->run_files;
  gboolean ok;

  keep_with_task (result, g_steal_pointer (&self->progress_target));
  ok = cd_destroy_run_finish (store, result, &error);
  if (!end_busy (self, store))
    return;
  if (!ok)
    {
      reload (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Destruction stopped: the files destroyed so far are recorded; continue to finish"));
      else
        cd_gui_show_error (GTK_WIDGET (self), _("Destruction interrupted"), error);
      return;
    }
  reload (self);
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file destroyed",
                                                          "%u files destroyed", before), before);

    show_toast (self, text);
  }
}

static void
start_run (CdRetentionPage *self,
           const char      *confirmation)
{
  g_autofree char *op = dup_trimmed (self->operator_row);
  g_autofree char *wit = dup_trimmed (self->witness_row);

  if (self->store == NULL || self->open_run_id == NULL || self->busy != BUSY_NONE)
    return;
  start_busy (self, BUSY_RUN);
  self->run_files = self->pending_files;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  gtk_widget_set_visible (self->progress_box, TRUE);
  self->progress_target = progress_target_new (self);
  cd_destroy_run_async (self->store, self->open_run_id, op, wit, confirmation, self->cancellable,
                        run_progress_cb, self->progress_target, run_done_cb, g_object_ref (self));
}

static void
on_run_confirm_response (AdwMessageDialog *dialog,
                         const char       *response,
                         CdRetentionPage  *self)
{
  Confirm *confirm = g_object_get_data (G_OBJECT (dialog), "cd-confirm");
  g_autofree char *typed = NULL;

  if (g_strcmp0 (response, "destroy") != 0)
    return;
  typed = confirm_dup_text (confirm->confirm_entry);
  start_run (self, typed);
}

static void
destroy_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);
  g_autofree char *op = dup_trimmed (self->operator_row);
  g_autofree char *wit = dup_trimmed (self->witness_row);
  g_autofree char *size = g_format_size (self->pending_bytes);
  g_autofree char *files = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *passes = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  Confirm *confirm;

  if (self->store == NULL || self->open_run_id == NULL || self->busy != BUSY_NONE || !people_ok (op, wit))
    return;

  files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files", self->pending_files),
                           self->pending_files);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Destroy %u File?", "Destroy %u Files?",
                                          self->pending_files), self->pending_files);
  passes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "overwritten %u time with random data, read back",
                                         "overwritten %u times with random data, read back", self->open_passes),
                            self->open_passes);
  /* Translators: “12 files, 3.4 MB in all, listed in the plan, will be overwritten 1 time …, and deleted.” */
  g_string_append_printf (body, _("%s, %s in all, listed in the plan, will be %s, and deleted."), files, size,
                          passes);
  g_string_append (body, " ");
  g_string_append (body, _("This cannot be undone."));
  g_string_append (body, "\n\n");
  /* Translators: the two people named for a destruction */
  g_string_append_printf (body, _("Operator: %s · Witness: %s"), op, wit);
  g_string_append (body, "\n\n");
  /* Translators: %s is the case (company) name the user must type */
  g_string_append_printf (body, _("To confirm, type the case name: %s"), self->company);

  confirm = confirm_new (self, heading, body->str,
                         self->open_started ? _("_Continue Destruction") : _("_Destroy"), FALSE);
  g_signal_connect_object (confirm->dialog, "response", G_CALLBACK (on_run_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (confirm->dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
on_people_changed (CdRetentionPage *self)
{
  update_actions (self);
}

/* ── Manual records ──────────────────────────────────────────────────── */

static void
on_save_certificate_response (CdRetentionPage *self,
                              int              response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *record_id = g_strdup (g_object_get_data (G_OBJECT (self->chooser), "cd-record-id"));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && self->store != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = cd_destroy_get_certificate (self->store, record_id, &error);

      if (bytes == NULL ||
          !g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                    G_FILE_CREATE_NONE, NULL, NULL, &error))
        show_toast (self, error->message);
      else
        show_toast (self, _("Certificate saved"));
    }
}

static void
on_save_certificate_clicked (GtkButton       *button,
                             CdRetentionPage *self)
{
  if (self->store == NULL)
    return;
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Certificate"), get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     g_object_get_data (G_OBJECT (button), "cd-name"));
  g_object_set_data_full (G_OBJECT (self->chooser), "cd-record-id",
                          g_strdup (g_object_get_data (G_OBJECT (button), "cd-record-id")), g_free);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_save_certificate_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static char *
method_text (const CdManualDestruction *record)
{
  guint level;

  /* Paper keeps its DIN 66399 level as "P-4": shown with its meaning. */
  if (record->kind == CD_MANUAL_PAPER && record->method != NULL && strlen (record->method) == 3 &&
      record->method[0] == 'P' && record->method[1] == '-' && g_ascii_isdigit (record->method[2]))
    {
      level = (guint) (record->method[2] - '0');
      if (cd_paper_level_get_label (level) != NULL)
        return g_strdup (cd_paper_level_get_label (level));
    }
  return g_strdup (record->method != NULL ? record->method : "—");
}

static void
reload_manual (CdRetentionPage *self,
               GPtrArray       *records)
{
  clear_list (self->manual_list);
  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const CdManualDestruction *record = g_ptr_array_index (records, i);
      g_autofree char *day = cd_gui_format_date (record->performed_on);
      g_autofree char *method = method_text (record);
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      GtkWidget *row;

      /* Translators: a manual destruction record: date · kind · method */
      title = g_strdup_printf (_("%s · %s · %s"), day, cd_manual_kind_get_label (record->kind), method);
      g_string_append (subtitle, record->description != NULL ? record->description : "");
      if (record->serial != NULL && *record->serial != '\0')
        g_string_append_printf (subtitle, " (%s)", record->serial);
      g_string_append (subtitle, "\n");
      /* Translators: who destroyed and who watched */
      g_string_append_printf (subtitle, _("Operator %s · witness %s"), record->operator_name, record->witness);
      if (record->kind == CD_MANUAL_PAPER && (record->weight_kg > 0 || record->boxes > 0))
        {
          g_string_append (subtitle, " · ");
          /* Translators: paper destroyed: weight in kg and number of boxes */
          g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%.1f kg in %u box",
                                                         "%.1f kg in %u boxes", record->boxes),
                                  record->weight_kg, record->boxes);
        }
      row = new_row (title, subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      if (record->certificate_name != NULL)
        {
          GtkWidget *button = gtk_button_new_from_icon_name ("x-office-document-symbolic");

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Save Certificate…"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Save Certificate…"), -1);
          g_object_set_data_full (G_OBJECT (button), "cd-record-id", g_strdup (record->id), g_free);
          g_object_set_data_full (G_OBJECT (button), "cd-name", g_strdup (record->certificate_name), g_free);
          g_signal_connect_object (button, "clicked", G_CALLBACK (on_save_certificate_clicked), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->manual_list, row);
    }
}

static void
add_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_manual_dialog (CD_RETENTION_PAGE (widget), NULL);
}

/* ── Audit log ───────────────────────────────────────────────────────── */

static void
set_icon_state (GtkImage   *image,
                const char *icon,
                const char *css_class)
{
  gtk_image_set_from_icon_name (image, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (image), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (image), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (image), "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (image), css_class);
}

static void
reload_audit_status (CdRetentionPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) checkpoints = NULL;
  CdAuditReport report;
  g_autofree char *head = NULL;
  g_autofree char *short_head = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self->audit_row), "error");
  if (self->store == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->audit_row), "");
      adw_action_row_set_subtitle (self->audit_row, "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->checkpoint_row), "");
      adw_action_row_set_subtitle (self->checkpoint_row, "");
      return;
    }

  if (!cd_store_verify_audit (self->store, &report, &error))
    {
      set_icon_state (self->audit_icon, "dialog-error-symbolic", "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->audit_row), _("The audit log could not be read"));
      adw_action_row_set_subtitle (self->audit_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->audit_row), "error");
    }
  else
    {
      count = cd_gui_format_count (report.n_entries);
      head = cd_audit_hash_to_hex (report.head);
      short_head = shorten (head, SHORT_HASH_CHARS, 0);
      /* Translators: the head hash of the audit log, shortened */
      subtitle = g_strdup_printf (_("Head %s"), short_head);
      if (report.problem == CD_AUDIT_OK)
        {
          /* Translators: “1,234 entries · chain verified ✓” */
          title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s entry · chain verified ✓",
                                                "%s entries · chain verified ✓", (gulong) MAX (report.n_entries, 0)),
                                   count);
          set_icon_state (self->audit_icon, "emblem-ok-symbolic", "success");
          adw_action_row_set_subtitle (self->audit_row, subtitle);
        }
      else
        {
          g_autofree char *seq = cd_gui_format_count (report.first_bad_seq);
          g_autofree char *why = g_strdup_printf ("%s: %s", subtitle, cd_audit_problem_to_string (report.problem));

          /* Translators: the audit log was tampered with at that entry */
          title = g_strdup_printf (_("Chain broken at entry %s ✗"), seq);
          set_icon_state (self->audit_icon, "dialog-error-symbolic", "error");
          gtk_widget_add_css_class (GTK_WIDGET (self->audit_row), "error");
          adw_action_row_set_subtitle (self->audit_row, why);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->audit_row), title);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->audit_row), head);
    }

  g_clear_error (&error);
  checkpoints = cd_store_list_checkpoints (self->store, &error);
  if (checkpoints == NULL || checkpoints->len == 0)
    {
      set_icon_state (self->checkpoint_icon, "dialog-password-symbolic", "dim-label");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->checkpoint_row), _("No signed checkpoint yet"));
      adw_action_row_set_subtitle (self->checkpoint_row,
                                   error != NULL ? error->message
                                                 : _("Sign one to prove the log’s head with the case’s key"));
    }
  else
    {
      const CdAuditCheckpoint *last = &g_array_index (checkpoints, CdAuditCheckpoint, checkpoints->len - 1);
      g_autofree char *seq = cd_gui_format_count (last->seq);
      g_autofree char *when = format_time (last->created);
      g_autofree char *cp_title = NULL;
      g_autofree char *cp_subtitle = NULL;

      /* Translators: the latest signed checkpoint of the audit log, at entry %s */
      cp_title = g_strdup_printf (_("Latest signed checkpoint: entry %s"), seq);
      if (last->valid)
        /* Translators: a checkpoint whose signature checks; %s is when it was signed */
        cp_subtitle = g_strdup_printf (_("Signature valid ✓ · signed %s"), when);
      else
        cp_subtitle = g_strdup_printf (_("Signature invalid ✗ · signed %s"), when);
      set_icon_state (self->checkpoint_icon, last->valid ? "emblem-ok-symbolic" : "dialog-error-symbolic",
                      last->valid ? "success" : "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->checkpoint_row), cp_title);
      adw_action_row_set_subtitle (self->checkpoint_row, cp_subtitle);
    }
}

static void
reload_audit_entries (CdRetentionPage *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) wrappers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  gboolean all = gtk_check_button_get_active (self->show_all_check);
  guint total = 0;

  if (self->store != NULL)
    {
      entries = cd_store_list_audit (self->store, &error);
      if (entries == NULL)
        show_toast (self, error->message);
    }
  if (entries != NULL)
    {
      total = entries->len;
      /* Newest first; the wrappers own the entries listed. */
      g_ptr_array_set_free_func (entries, NULL);
      for (guint i = entries->len; i > 0; i--)
        {
          CdAuditEntry *entry = g_ptr_array_index (entries, i - 1);

          if (all || wrappers->len < AUDIT_RECENT)
            g_ptr_array_add (wrappers, cd_retention_item_new (entry, (GDestroyNotify) cd_audit_entry_free));
          else
            cd_audit_entry_free (entry);
        }
    }
  g_list_store_splice (self->audit_entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->audit_entries)),
                       wrappers->pdata, wrappers->len);

  if (total > wrappers->len)
    {
      g_autofree char *shown = cd_gui_format_count (wrappers->len);
      g_autofree char *all_text = cd_gui_format_count (total);
      /* Translators: below the audit entries: “The 200 newest of 1,234 entries” */
      g_autofree char *text = g_strdup_printf (_("The %s newest of %s entries"), shown, all_text);

      gtk_label_set_text (self->audit_count_label, text);
    }
  else
    gtk_label_set_text (self->audit_count_label, total > 0 ? _("All entries, newest first") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->show_all_check), total > AUDIT_RECENT);
}

static void
on_show_all_toggled (CdRetentionPage *self)
{
  reload_audit_entries (self);
}

typedef enum
{
  AUDIT_TIME,
  AUDIT_ACTOR,
  AUDIT_ACTION,
  AUDIT_OBJECT,
} AuditColumn;

static void
setup_audit_cell_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  AuditColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *cell = gtk_inscription_new ("");

  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 0);
  if (column == AUDIT_TIME || column == AUDIT_OBJECT)
    gtk_widget_add_css_class (cell, "numeric");
  if (column == AUDIT_OBJECT || column == AUDIT_ACTION)
    gtk_widget_add_css_class (cell, "monospace");
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), column == AUDIT_TIME ? 19 : 8);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), column == AUDIT_TIME ? 19
                                                         : column == AUDIT_ACTION ? 24 : 12);
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_audit_cell_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  AuditColumn column = GPOINTER_TO_INT (user_data);
  CdRetentionItem *wrapper = gtk_list_item_get_item (list_item);
  const CdAuditEntry *entry = wrapper->data;
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;

  switch (column)
    {
    case AUDIT_TIME:
      text = format_time (entry->time);
      break;
    case AUDIT_ACTOR:
      text = g_strdup (entry->actor != NULL ? entry->actor : "—");
      break;
    case AUDIT_ACTION:
      text = g_strdup (entry->action);
      break;
    case AUDIT_OBJECT:
    default:
      text = shorten (entry->object, SHORT_ID_CHARS, 0);
      break;
    }
  /* Never NULL: see setup_text_cell in cd-inventory-page.c (AT-SPI reads it). */
  gtk_inscription_set_text (cell, text != NULL ? text : "");
  if (column == AUDIT_OBJECT && entry->object != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (cell), entry->object);
}

static void
setup_audit_column (GtkColumnViewColumn *column,
                    AuditColumn          which)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_audit_cell_cb), GINT_TO_POINTER (which));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_audit_cell_cb), GINT_TO_POINTER (which));
  gtk_column_view_column_set_factory (column, factory);
}

static void
sign_checkpoint_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);
  g_autoptr(GError) error = NULL;
  CdAuditCheckpoint checkpoint;

  if (self->store == NULL)
    return;
  if (!cd_store_checkpoint_audit (self->store, &checkpoint, &error))
    show_toast (self, error->message);
  else
    {
      g_autofree char *seq = cd_gui_format_count (checkpoint.seq);
      /* Translators: a toast; %s is the entry number signed */
      g_autofree char *text = g_strdup_printf (_("Checkpoint signed at entry %s"), seq);

      show_toast (self, text);
    }
  reload (self);
}

static void
export_audit_to (CdRetentionPage *self,
                 const char      *path)
{
  g_autoptr(GError) error = NULL;
  CdAuditExportResult result;
  g_autofree char *display = NULL;
  g_autofree char *text = NULL;

  if (self->store == NULL)
    return;
  if (!cd_store_export_audit (self->store, path, &result, &error))
    {
      show_toast (self, error->message);
      return;
    }
  display = g_filename_display_basename (path);
  /* Translators: a toast: the file, the entry count, and the signature file beside it */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Exported %s (%u entry) and its signature %s.minisig beside it",
                                       "Exported %s (%u entries) and its signature %s.minisig beside it",
                                       result.n_entries), display, result.n_entries, display);
  show_toast (self, text);
  reload (self);
}

static void
save_public_key_to (CdRetentionPage *self,
                    const char      *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (self->store == NULL)
    return;
  key = cd_store_signing_public_key_file (self->store, &error);
  if (key == NULL || !g_file_set_contents (path, key, -1, &error))
    {
      show_toast (self, error->message);
      return;
    }
  show_toast (self, _("Public key saved: check exported logs with minisign -V -p and this file"));
}

static void
on_audit_chooser_response (CdRetentionPage *self,
                           int              response)
{
  gboolean pubkey = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->chooser), "cd-pubkey"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  if (pubkey)
    save_public_key_to (self, path);
  else
    export_audit_to (self, path);
}

static void
open_audit_chooser (CdRetentionPage *self,
                    gboolean         pubkey)
{
  if (self->store == NULL)
    return;
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (pubkey ? _("Save the Public Signing Key") : _("Export the Audit Log"),
                                               get_parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               pubkey ? _("_Save") : _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Translators: default file names; keep the endings */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     pubkey ? _("case-signing-key.pub") : _("audit-log.jsonl"));
  g_object_set_data (G_OBJECT (self->chooser), "cd-pubkey", GINT_TO_POINTER (pubkey));
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_audit_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_audit_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_audit_chooser (CD_RETENTION_PAGE (widget), FALSE);
}

static void
save_public_key_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  open_audit_chooser (CD_RETENTION_PAGE (widget), TRUE);
}

/* ── Reloading ───────────────────────────────────────────────────────── */

static void
update_actions (CdRetentionPage *self)
{
  gboolean open = self->store != NULL;
  gboolean idle = self->busy == BUSY_NONE;
  gboolean planned = self->open_run_id != NULL;
  g_autofree char *op = dup_trimmed (self->operator_row);
  g_autofree char *wit = dup_trimmed (self->witness_row);
  gboolean people = people_ok (op, wit);
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "retention.add-custodian", open);
  gtk_widget_action_set_enabled (widget, "retention.create-vault", open);
  /* A plan that has started cannot be withdrawn: a new one replaces it. */
  gtk_widget_action_set_enabled (widget, "retention.plan", open && idle && (!planned || self->open_started));
  gtk_widget_action_set_enabled (widget, "retention.withdraw", open && idle && planned && !self->open_started);
  gtk_widget_action_set_enabled (widget, "retention.destroy",
                                 open && idle && planned && people && self->pending_files > 0);
  gtk_widget_action_set_enabled (widget, "retention.cancel", self->cancellable != NULL &&
                                                             (self->busy == BUSY_PLAN || self->busy == BUSY_RUN));
  gtk_widget_action_set_enabled (widget, "retention.add-record", open);
  gtk_widget_action_set_enabled (widget, "retention.sign-checkpoint", open && idle);
  gtk_widget_action_set_enabled (widget, "retention.export-audit", open && idle);
  gtk_widget_action_set_enabled (widget, "retention.save-public-key", open);
  gtk_widget_action_set_enabled (widget, "retention.refresh", open && idle);

  gtk_widget_set_visible (GTK_WIDGET (self->plan_button), open && (!planned || self->open_started));
  gtk_widget_set_visible (GTK_WIDGET (self->passes_row), open && (!planned || self->open_started));
  gtk_button_set_label (self->plan_button, planned ? _("Make a _New Plan") : _("_Plan Destruction"));
  gtk_widget_set_visible (GTK_WIDGET (self->withdraw_button), planned && !self->open_started);
  gtk_widget_set_visible (GTK_WIDGET (self->people_list), planned);
  gtk_widget_set_visible (self->run_box, planned);
  gtk_widget_set_sensitive (GTK_WIDGET (self->people_list), idle);

  if (planned)
    {
      g_autofree char *label = NULL;

      if (self->open_started)
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Continue: Destroy %u File…",
                                              "_Continue: Destroy %u Files…", self->pending_files),
                                 self->pending_files);
      else
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Destroy %u File…", "_Destroy %u Files…",
                                              self->pending_files), self->pending_files);
      gtk_button_set_label (self->destroy_button, label);
      if (*op == '\0' || *wit == '\0')
        gtk_label_set_text (self->people_hint, _("Name the operator and the witness: two different people"));
      else if (!people)
        gtk_label_set_text (self->people_hint, _("The witness must be someone other than the operator"));
      else
        gtk_label_set_text (self->people_hint, _("Next: a confirmation that names what goes"));
    }
  /* The vault rows' buttons follow the busy state too. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->vaults_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    gtk_widget_set_sensitive (row, idle);
}

static void
reload (CdRetentionPage *self)
{
  g_autoptr(GPtrArray) records = NULL;

  cd_pane_reload_started (&self->reloader);
  g_clear_pointer (&self->company, g_free);
  if (self->store != NULL)
    {
      g_autoptr(CdCaseInfo) info = cd_store_get_case_info (self->store, NULL);
      g_autoptr(GError) error = NULL;

      self->company = g_strdup (info != NULL ? cd_case_info_get_company_name (info) : NULL);
      records = cd_destroy_list_manual (self->store, &error);
      if (records == NULL)
        show_toast (self, error->message);
    }

  reload_custodians (self);
  reload_vaults (self);
  reload_destruction (self, records);
  reload_manual (self, records);
  reload_audit_status (self);
  reload_audit_entries (self);
  update_actions (self);
}

static void
reload_pane (GtkWidget *pane)
{
  reload (CD_RETENTION_PAGE (pane));
}

static void
queue_reload (CdRetentionPage *self)
{
  cd_pane_reload_queue (&self->reloader);
}

static void
on_store_changed (CdRetentionPage *self)
{
  queue_reload (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  reload (CD_RETENTION_PAGE (widget));
}

static void
cd_retention_page_map (GtkWidget *widget)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (widget);

  GTK_WIDGET_CLASS (cd_retention_page_parent_class)->map (widget);
  if (self->reloader.stale)
    queue_reload (self);
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_retention_page_dispose (GObject *object)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (object);

  cd_retention_page_set_store (self, NULL);
  cd_pane_reload_clear (&self->reloader);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
  g_clear_object (&self->chooser);
  set_dialog (self, NULL);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_RETENTION_PAGE);
  g_clear_object (&self->plan_items);
  g_clear_object (&self->audit_entries);

  G_OBJECT_CLASS (cd_retention_page_parent_class)->dispose (object);
}

static void
cd_retention_page_finalize (GObject *object)
{
  CdRetentionPage *self = CD_RETENTION_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->company);
  g_free (self->open_run_id);
  g_free (self->notes_run_id);
  g_free (self->last_message);
  g_free (self->chooser_vault_id);

  G_OBJECT_CLASS (cd_retention_page_parent_class)->finalize (object);
}

static void
cd_retention_page_class_init (CdRetentionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = cd_retention_page_map;
  object_class->dispose = cd_retention_page_dispose;
  object_class->finalize = cd_retention_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-retention-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, action_column);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, actor_column);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, add_custodian_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, add_record_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, audit_count_label);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, audit_group);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, audit_icon);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, audit_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, audit_view);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, checkpoint_icon);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, checkpoint_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, create_vault_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, custodians_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, destroy_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, destroy_group);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, items_scroller);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, items_view);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, manual_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, object_column);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, operator_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, passes_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, people_hint);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, people_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, plan_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, run_box);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, runs_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, show_all_check);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, time_column);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, vault_spinner);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, vaults_list);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, withdraw_button);
  gtk_widget_class_bind_template_child (widget_class, CdRetentionPage, witness_row);
  gtk_widget_class_bind_template_callback (widget_class, on_people_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_show_all_toggled);

  gtk_widget_class_install_action (widget_class, "retention.add-custodian", NULL, add_custodian_action);
  gtk_widget_class_install_action (widget_class, "retention.create-vault", NULL, create_vault_action);
  gtk_widget_class_install_action (widget_class, "retention.plan", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "retention.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_action (widget_class, "retention.destroy", NULL, destroy_action);
  gtk_widget_class_install_action (widget_class, "retention.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "retention.add-record", NULL, add_record_action);
  gtk_widget_class_install_action (widget_class, "retention.sign-checkpoint", NULL, sign_checkpoint_action);
  gtk_widget_class_install_action (widget_class, "retention.export-audit", NULL, export_audit_action);
  gtk_widget_class_install_action (widget_class, "retention.save-public-key", NULL, save_public_key_action);
  gtk_widget_class_install_action (widget_class, "retention.refresh", NULL, refresh_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "retention.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "retention.export-audit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "retention.add-record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "retention.cancel", NULL);
}

static void
cd_retention_page_init (CdRetentionPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  cd_pane_reload_init (&self->reloader, GTK_WIDGET (self), reload_pane);

  self->plan_items = g_list_store_new (CD_TYPE_RETENTION_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->plan_items)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), self);
  gtk_list_view_set_factory (self->items_view, factory);
  gtk_list_view_set_model (self->items_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  self->audit_entries = g_list_store_new (CD_TYPE_RETENTION_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->audit_entries)));
  setup_audit_column (self->time_column, AUDIT_TIME);
  setup_audit_column (self->actor_column, AUDIT_ACTOR);
  setup_audit_column (self->action_column, AUDIT_ACTION);
  setup_audit_column (self->object_column, AUDIT_OBJECT);
  gtk_column_view_set_model (self->audit_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  set_placeholder (self->custodians_list, _("No custodians yet. Add the people who will keep the keys of the "
                                            "retained archives."));
  set_placeholder (self->vaults_list, _("No retained archive yet. Create one from the files the plan keeps."));
  set_placeholder (self->manual_list, _("No manual destruction recorded yet."));
  reload (self);
}

/* ── Public API ──────────────────────────────────────────────────────── */

GtkWidget *
cd_retention_page_new (void)
{
  return g_object_new (CD_TYPE_RETENTION_PAGE, NULL);
}

/**
 * cd_retention_page_set_store:
 * @store: (nullable): the open, unlocked case, or %NULL when it locks or
 *   closes
 *
 * Shows @store's custodians, archives, destruction and audit log; %NULL
 * empties the page and stops what runs (what was destroyed stays recorded).
 */
void
cd_retention_page_set_store (CdRetentionPage *self,
                             CdStore         *store)
{
  g_return_if_fail (CD_IS_RETENTION_PAGE (self));
  g_return_if_fail (store == NULL || CD_IS_STORE (store));

  if (self->store == store)
    return;

  set_dialog (self, NULL);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->notes_run_id, g_free);
  if (self->operator_row != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->operator_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->witness_row), "");
    }

  if (store != NULL)
    {
      /* Every change to the case appends an audit entry. */
      g_signal_connect_swapped (store, "changed::audit", G_CALLBACK (on_store_changed), self);
      g_signal_connect_swapped (store, "changed::assets", G_CALLBACK (on_store_changed), self);
      g_signal_connect_swapped (store, "changed::case", G_CALLBACK (on_store_changed), self);
    }
  /* Dropped at once; shown when the pane is (GTK 4.8's list views trip
   * over rows changed while they were never measured). */
  if (self->plan_items != NULL)
    {
      if (store == NULL)
        reload (self);
      else
        queue_reload (self);
    }
}

/* ── Test access (cd-retention-page-private.h) ───────────────────────── */

GtkListBox *
cd_retention_page_get_custodians_list (CdRetentionPage *self)
{
  return self->custodians_list;
}

GtkListBox *
cd_retention_page_get_vaults_list (CdRetentionPage *self)
{
  return self->vaults_list;
}

GtkListBox *
cd_retention_page_get_notes_list (CdRetentionPage *self)
{
  return self->notes_list;
}

GtkListBox *
cd_retention_page_get_manual_list (CdRetentionPage *self)
{
  return self->manual_list;
}

GtkButton *
cd_retention_page_get_add_custodian_button (CdRetentionPage *self)
{
  return self->add_custodian_button;
}

GtkButton *
cd_retention_page_get_create_vault_button (CdRetentionPage *self)
{
  return self->create_vault_button;
}

GtkButton *
cd_retention_page_get_plan_button (CdRetentionPage *self)
{
  return self->plan_button;
}

GtkButton *
cd_retention_page_get_withdraw_button (CdRetentionPage *self)
{
  return self->withdraw_button;
}

GtkButton *
cd_retention_page_get_destroy_button (CdRetentionPage *self)
{
  return self->destroy_button;
}

GtkButton *
cd_retention_page_get_cancel_button (CdRetentionPage *self)
{
  return self->cancel_button;
}

GtkButton *
cd_retention_page_get_add_record_button (CdRetentionPage *self)
{
  return self->add_record_button;
}

AdwComboRow *
cd_retention_page_get_passes_row (CdRetentionPage *self)
{
  return self->passes_row;
}

AdwActionRow *
cd_retention_page_get_state_row (CdRetentionPage *self)
{
  return self->state_row;
}

AdwEntryRow *
cd_retention_page_get_operator_row (CdRetentionPage *self)
{
  return self->operator_row;
}

AdwEntryRow *
cd_retention_page_get_witness_row (CdRetentionPage *self)
{
  return self->witness_row;
}

AdwPreferencesGroup *
cd_retention_page_get_destroy_group (CdRetentionPage *self)
{
  return self->destroy_group;
}

GListModel *
cd_retention_page_get_plan_items (CdRetentionPage *self)
{
  return G_LIST_MODEL (self->plan_items);
}

char *
cd_retention_page_dup_item_path (CdRetentionPage *self,
                                 guint            position)
{
  g_autoptr(CdRetentionItem) item = g_list_model_get_item (G_LIST_MODEL (self->plan_items), position);

  return item != NULL ? g_strdup (((CdDestroyItem *) item->data)->path) : NULL;
}

char *
cd_retention_page_dup_item_status (CdRetentionPage *self,
                                   guint            position)
{
  g_autoptr(CdRetentionItem) item = g_list_model_get_item (G_LIST_MODEL (self->plan_items), position);

  return item != NULL ? item_status_text (item->data) : NULL;
}

AdwActionRow *
cd_retention_page_get_audit_row (CdRetentionPage *self)
{
  return self->audit_row;
}

AdwActionRow *
cd_retention_page_get_checkpoint_row (CdRetentionPage *self)
{
  return self->checkpoint_row;
}

GListModel *
cd_retention_page_get_audit_entries (CdRetentionPage *self)
{
  return G_LIST_MODEL (self->audit_entries);
}

GtkCheckButton *
cd_retention_page_get_show_all_check (CdRetentionPage *self)
{
  return self->show_all_check;
}

GtkWindow *
cd_retention_page_get_dialog (CdRetentionPage *self)
{
  return self->dialog;
}

static Confirm *
open_confirm (CdRetentionPage *self)
{
  return self->dialog != NULL ? g_object_get_data (G_OBJECT (self->dialog), "cd-confirm") : NULL;
}

GtkEditable *
cd_retention_page_get_confirm_entry (CdRetentionPage *self)
{
  Confirm *confirm = open_confirm (self);

  return confirm != NULL ? confirm->confirm_entry : NULL;
}

GtkEditable *
cd_retention_page_get_confirm_operator (CdRetentionPage *self)
{
  Confirm *confirm = open_confirm (self);

  return confirm != NULL ? confirm->operator_entry : NULL;
}

GtkEditable *
cd_retention_page_get_confirm_witness (CdRetentionPage *self)
{
  Confirm *confirm = open_confirm (self);

  return confirm != NULL ? confirm->witness_entry : NULL;
}

gboolean
cd_retention_page_is_busy (CdRetentionPage *self)
{
  return self->busy != BUSY_NONE;
}

gboolean
cd_retention_page_is_loading (CdRetentionPage *self)
{
  return self->reloader.source != 0 || self->reloader.stale;
}

const char *
cd_retention_page_get_last_message (CdRetentionPage *self)
{
  return self->last_message;
}

void
cd_retention_page_export_audit_to (CdRetentionPage *self,
                                   const char      *path)
{
  export_audit_to (self, path);
}

void
cd_retention_page_save_public_key_to (CdRetentionPage *self,
                                      const char      *path)
{
  save_public_key_to (self, path);
}

void
cd_retention_page_verify_vault_with (CdRetentionPage *self,
                                     const char      *vault_id,
                                     const char      *key_path)
{
  verify_vault_with (self, vault_id, key_path);
}
