/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdScanDialog: the scan sheet.
 *
 *   choose ──(a folder)──▶ scan (running) ──▶ scan (finished) ──Add──▶ assets, closes
 *                              │
 *                              ├──Cancel──▶ cancelled   (the job discards the scan)
 *                              └──error───▶ failed      (likewise)
 *
 * A CdScanJob does the work in threads and records every file in the case
 * as it goes; its "progress" and "file-done" signals arrive here on the
 * main loop. Only counts, paths and reasons are shown, never an identifier
 * (the job hands on masked samples only). */

#include "config.h"

#define G_LOG_DOMAIN "cd-scan"

#include <glib/gi18n.h>

#include "cd-finding-item.h"
#include "cd-gui-util.h"
#include "cd-scan-dialog.h"
#include "cd-scan-dialog-private.h"

struct _CdScanDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *add_button;
  GtkButton            *cancel_button;
  AdwPreferencesGroup  *counts_group;
  GtkLabel             *current_label;
  AdwStatusPage        *failed_page;
  GtkLabel             *failed_label;
  GtkLabel             *files_label;
  GtkLabel             *folder_label;
  AdwPreferencesGroup  *grouping_group;
  GtkLabel             *headline_label;
  GtkCheckButton       *per_file_check;
  GtkCheckButton       *per_folder_check;
  GtkProgressBar       *progress_bar;
  GtkExpander          *review_expander;
  GtkLabel             *review_label;
  GtkListView          *review_view;
  GtkStack             *stack;
  AdwToastOverlay      *toast_overlay;

  /* owned */
  CdStore              *store;
  CdScanJob            *job;
  GCancellable         *cancellable;
  GListStore           *review;         /* CdFindingItem: files for a person */
  GtkFileChooserNative *chooser;
  char                **roots;
  GtkLabel             *count_labels[CD_N_DETECT_KINDS];
  GtkWidget            *count_rows[CD_N_DETECT_KINDS];
  GtkWidget            *none_row;       /* shown while no kind has a count */
  const char           *state;          /* a static string */
  gint64                scan_id;
  gboolean              running;
};

G_DEFINE_FINAL_TYPE (CdScanDialog, cd_scan_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_ASSETS_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_count (GtkLabel *label,
           guint64   count)
{
  g_autofree char *text = cd_gui_format_count ((gint64) MIN (count, G_MAXINT64));

  gtk_label_set_text (label, text);
}

static gboolean
has_something_to_add (CdScanDialog *self)
{
  if (self->job == NULL || self->scan_id <= 0)
    return FALSE;
  if (cd_scan_job_get_review (self->job) > 0 || cd_scan_job_get_failed (self->job) > 0)
    return TRUE;
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    if (cd_scan_job_get_count (self->job, (CdDetectKind) kind) > 0)
      return TRUE;
  return FALSE;
}

/* Everything the sheet shows about the job, from its getters. */
static void
update_progress (CdScanDialog *self)
{
  guint64 done = cd_scan_job_get_files_done (self->job);
  guint64 total = cd_scan_job_get_files_total (self->job);
  guint64 bytes_done = cd_scan_job_get_bytes_done (self->job);
  guint64 bytes_total = cd_scan_job_get_bytes_total (self->job);
  g_autofree char *done_text = cd_gui_format_count ((gint64) MIN (done, G_MAXINT64));
  g_autofree char *total_text = cd_gui_format_count ((gint64) MIN (total, G_MAXINT64));
  g_autofree char *files = NULL;
  const char *current = cd_scan_job_get_current_path (self->job);
  gboolean any = FALSE;

  if (!self->running)
    files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s file", "%s files", (gulong) done),
                             done_text);
  else if (total > 0)
    /* Translators: files read so far, e.g. “12 of 40” */
    files = g_strdup_printf (_("%s of %s"), done_text, total_text);
  else
    files = g_strdup (done_text);
  gtk_label_set_text (self->files_label, files);

  if (self->running && bytes_total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   MIN (1.0, (double) bytes_done / (double) bytes_total));
  else if (self->running && total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (1.0, (double) done / (double) total));
  else if (self->running)
    gtk_progress_bar_pulse (self->progress_bar);

  if (self->running)
    {
      g_autofree char *display = current != NULL ? g_filename_display_name (current) : NULL;

      gtk_label_set_text (self->current_label,
                          display != NULL ? display
                                          : total == 0 ? _("Listing the files…") : "");
    }

  /* Only the kinds found: nine rows of zeros would push the review list
   * and the choice of grouping out of sight. */
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    {
      guint64 count = cd_scan_job_get_count (self->job, (CdDetectKind) kind);

      set_count (self->count_labels[kind], count);
      gtk_widget_set_visible (self->count_rows[kind], count > 0);
      any = any || count > 0;
    }
  gtk_widget_set_visible (self->none_row, !any);
  /* Translators: in the list of identifiers found by a scan, when there
   * are none (yet) */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->none_row),
                                 self->running ? _("None yet") : _("None"));
  set_count (self->review_label, cd_scan_job_get_review (self->job));
  set_count (self->failed_label, cd_scan_job_get_failed (self->job));
}

static void
on_progress (CdScanJob    *job,
             CdScanDialog *self)
{
  update_progress (self);
}

/* Files that need a person go into the list shown when the scan ends. */
static void
on_file_done (CdScanJob        *job,
              CdScanFileRecord *record,
              CdScanDialog     *self)
{
  g_autofree char *location = NULL;
  g_autoptr(CdFindingItem) item = NULL;
  const char *base = NULL;

  if (record->status == CD_SCAN_FILE_SCANNED)
    return;

  /* Below a single root, the path from there says enough. */
  if (self->roots != NULL && self->roots[0] != NULL && self->roots[1] == NULL)
    base = self->roots[0];
  location = cd_finding_format_location (record->path, base, record->member, 0);
  item = cd_finding_item_new (location,
                              record->status == CD_SCAN_FILE_REVIEW ? _("Needs review")
                                                                    : _("Could not be read"),
                              record->reason, TRUE);
  g_list_store_append (self->review, item);
}

static void
set_state (CdScanDialog *self,
           const char   *state)
{
  gboolean finished = g_strcmp0 (state, "finished") == 0;
  gboolean scanning = g_strcmp0 (state, "running") == 0;

  gtk_stack_set_visible_child_name (self->stack, finished || scanning ? "scan" : state);
  gtk_button_set_label (self->cancel_button, scanning || g_strcmp0 (state, "choose") == 0
                                             ? _("_Cancel") : _("_Close"));
  gtk_widget_set_visible (GTK_WIDGET (self->add_button), finished);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), finished && has_something_to_add (self));
  gtk_widget_set_visible (GTK_WIDGET (self->grouping_group), finished && has_something_to_add (self));
  gtk_widget_set_visible (GTK_WIDGET (self->current_label), scanning);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  self->state = state;

  if (finished)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->review));
      g_autofree char *count = cd_gui_format_count (n);
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%s file needs a person",
                                                             "%s files need a person", n),
                                                count);

      gtk_expander_set_label (self->review_expander, label);
      gtk_widget_set_visible (GTK_WIDGET (self->review_expander), n > 0);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_text (self->headline_label,
                          has_something_to_add (self) ? _("Scan complete")
                                                      : _("Scan complete: no personal data found"));
      if (gtk_widget_get_sensitive (GTK_WIDGET (self->add_button)))
        gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
    }
}

static void
on_scan_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdScanDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = cd_scan_job_run_finish (CD_SCAN_JOB (source), result, &error);

  /* Closed meanwhile: the job has cleaned up after itself. */
  if (self->job == NULL || CD_SCAN_JOB (source) != self->job)
    return;

  self->running = FALSE;
  self->scan_id = ok ? cd_scan_job_get_scan_id (self->job) : 0;
  update_progress (self);

  if (ok)
    set_state (self, "finished");
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
           g_cancellable_is_cancelled (self->cancellable))
    set_state (self, "cancelled");
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s\nNothing from this scan was recorded in the case."),
                                               error->message);

      adw_status_page_set_description (self->failed_page, text);
      set_state (self, "failed");
    }
}

/**
 * cd_scan_dialog_start:
 * @roots: folders (or files) to scan
 *
 * Starts scanning @roots into the dialog's case.
 */
void
cd_scan_dialog_start (CdScanDialog       *self,
                      const char * const *roots)
{
  g_autoptr(GString) shown = g_string_new (NULL);
  CdScanLimits limits;

  g_return_if_fail (CD_IS_SCAN_DIALOG (self));
  g_return_if_fail (roots != NULL && roots[0] != NULL);
  g_return_if_fail (self->job == NULL);

  self->roots = g_strdupv ((char **) roots);
  for (guint i = 0; roots[i] != NULL; i++)
    {
      g_autofree char *display = g_filename_display_name (roots[i]);

      if (i > 0)
        g_string_append (shown, ", ");
      g_string_append (shown, display);
    }
  gtk_label_set_text (self->folder_label, shown->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_label), shown->str);
  gtk_label_set_text (self->headline_label, _("Scanning…"));

  cd_scan_limits_init_default (&limits);
  self->job = cd_scan_job_new (roots, &limits);
  cd_scan_job_set_store (self->job, self->store);
  g_signal_connect_object (self->job, "progress", G_CALLBACK (on_progress), self, 0);
  g_signal_connect_object (self->job, "file-done", G_CALLBACK (on_file_done), self, 0);
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  set_state (self, "running");
  update_progress (self);
  cd_scan_job_run_async (self->job, self->cancellable, on_scan_done, g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     CdScanDialog    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        {
          const char *roots[] = { path, NULL };

          cd_scan_dialog_start (self, roots);
        }
      else if (folder != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Only folders on this computer or a mounted drive can be scanned")));
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked (CdScanDialog *self)
{
  /* GtkFileDialog needs GTK 4.10; the native chooser works in 4.8 and in
   * the Flatpak portal alike. */
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose a Folder to Scan"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Scan"), _("_Cancel"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);

  /* The demo case offers its own made-up files (see cd_window_open_demo ()). */
  {
    g_autofree char *dir = g_path_get_dirname (cd_store_get_path (self->store));
    g_autofree char *base = g_path_get_basename (cd_store_get_path (self->store));
    g_autofree char *files = g_build_filename (dir, "demo-files", NULL);

    if (g_strcmp0 (base, "demo" CD_STORE_FILE_EXTENSION) == 0 && g_file_test (files, G_FILE_TEST_IS_DIR))
      {
        g_autoptr(GFile) file = g_file_new_for_path (files);

        gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
      }
  }
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_cancel_clicked (CdScanDialog *self)
{
  if (self->running)
    {
      /* The job stops at the next file and discards what it recorded;
       * on_scan_done then says so. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_label_set_text (self->headline_label, _("Cancelling…"));
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
on_close_request (CdScanDialog *self)
{
  /* Closing while scanning cancels: the scan is discarded in the
   * background and nothing half-done stays in the case. */
  if (self->running)
    g_cancellable_cancel (self->cancellable);
  return FALSE;
}

static void
on_add_clicked (CdScanDialog *self)
{
  g_autoptr(GError) error = NULL;
  CdScanGrouping grouping = gtk_check_button_get_active (self->per_file_check)
                            ? CD_SCAN_GROUP_PER_FILE : CD_SCAN_GROUP_PER_FOLDER;
  guint n_assets = 0;

  if (self->scan_id <= 0 || self->running)
    return;
  if (!cd_store_assets_from_scan (self->store, self->scan_id, grouping, &n_assets, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ASSETS_ADDED], 0, n_assets);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
add_count_rows (CdScanDialog *self)
{
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new ("0");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     cd_detect_kind_get_label ((CdDetectKind) kind));
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_widget_set_visible (row, FALSE);
      adw_preferences_group_add (self->counts_group, row);
      self->count_labels[kind] = GTK_LABEL (label);
      self->count_rows[kind] = row;
    }
  self->none_row = adw_action_row_new ();
  gtk_widget_add_css_class (self->none_row, "dim-label");
  adw_preferences_group_add (self->counts_group, self->none_row);
}

static void
cd_scan_dialog_dispose (GObject *object)
{
  CdScanDialog *self = CD_SCAN_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_object (&self->review);
  g_clear_pointer (&self->roots, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_SCAN_DIALOG);

  G_OBJECT_CLASS (cd_scan_dialog_parent_class)->dispose (object);
}

static void
cd_scan_dialog_class_init (CdScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_scan_dialog_dispose;

  /**
   * CdScanDialog::assets-added:
   * @n_assets: how many assets the scan's findings became
   *
   * Emitted after "Add to Inventory" succeeded, just before the sheet
   * closes.
   */
  signals[SIGNAL_ASSETS_ADDED] =
    g_signal_new ("assets-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-scan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, counts_group);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, failed_label);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, files_label);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, folder_label);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, grouping_group);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, headline_label);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, per_file_check);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, per_folder_check);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, review_expander);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, review_label);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, review_view);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CdScanDialog, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_scan_dialog_init (CdScanDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_count_rows (self);
  self->review = g_list_store_new (CD_TYPE_FINDING_ITEM);
  factory = cd_finding_item_factory_new ();
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->review)));
  gtk_list_view_set_factory (self->review_view, factory);
  gtk_list_view_set_model (self->review_view, GTK_SELECTION_MODEL (selection));
  set_state (self, "choose");
}

/**
 * cd_scan_dialog_new:
 * @parent: (nullable): the window the sheet belongs to
 * @store: the open, unlocked case the scan is recorded in
 *
 * The sheet opens on "Choose Folder…"; cd_scan_dialog_start() skips that
 * (a dropped folder).
 *
 * Returns: (transfer none): a new modal window, not yet presented
 */
CdScanDialog *
cd_scan_dialog_new (GtkWindow *parent,
                    CdStore   *store)
{
  CdScanDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  self = g_object_new (CD_TYPE_SCAN_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* ── Test access (cd-scan-dialog-private.h) ─────────────────────────── */

const char *
cd_scan_dialog_get_state (CdScanDialog *self)
{
  return self->state;
}

gboolean
cd_scan_dialog_is_running (CdScanDialog *self)
{
  return self->running;
}

GtkLabel *
cd_scan_dialog_get_count_label (CdScanDialog *self,
                                CdDetectKind  kind)
{
  g_return_val_if_fail ((guint) kind < CD_N_DETECT_KINDS, NULL);
  return self->count_labels[kind];
}

GtkLabel *
cd_scan_dialog_get_files_label (CdScanDialog *self)
{
  return self->files_label;
}

GtkLabel *
cd_scan_dialog_get_review_label (CdScanDialog *self)
{
  return self->review_label;
}

GtkLabel *
cd_scan_dialog_get_failed_label (CdScanDialog *self)
{
  return self->failed_label;
}

GtkLabel *
cd_scan_dialog_get_headline_label (CdScanDialog *self)
{
  return self->headline_label;
}

GtkWidget *
cd_scan_dialog_get_cancel_button (CdScanDialog *self)
{
  return GTK_WIDGET (self->cancel_button);
}

GtkWidget *
cd_scan_dialog_get_add_button (CdScanDialog *self)
{
  return GTK_WIDGET (self->add_button);
}

GtkCheckButton *
cd_scan_dialog_get_per_file_check (CdScanDialog *self)
{
  return self->per_file_check;
}

GtkCheckButton *
cd_scan_dialog_get_per_folder_check (CdScanDialog *self)
{
  return self->per_folder_check;
}

GtkExpander *
cd_scan_dialog_get_review_expander (CdScanDialog *self)
{
  return self->review_expander;
}

GListModel *
cd_scan_dialog_get_review_model (CdScanDialog *self)
{
  return G_LIST_MODEL (self->review);
}
