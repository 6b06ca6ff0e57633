/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryImportDialog: previews a CSV file of assets or customers,
 * validates all of it and imports it into the case in one transaction.
 *
 * Reading, parsing and validating run in a worker (a customer export can be
 * hundreds of megabytes); the preview and the verdict reach the widgets on
 * the main thread. A customer preview shows masked identifiers only. */

#include "config.h"

#define G_LOG_DOMAIN "cd-inventory"

#include <glib/gi18n.h>

#include "cd-gui-util.h"
#include "cd-inventory-import-dialog.h"
#include "cd-inventory-page-private.h"

#define MAX_IMPORT_BYTES   (256u * 1024 * 1024)
#define N_PREVIEW_ROWS     10
#define N_PREVIEW_COLUMNS  16

struct _CdInventoryImportDialog
{
  AdwWindow     parent_instance;

  /* template widgets */
  GtkLabel     *encoding_label;
  GtkLabel     *error_label;
  GtkLabel     *file_label;
  GtkButton    *import_button;
  GtkGrid      *preview_grid;
  GtkLabel     *rows_label;
  GtkSpinner   *spinner;
  GtkLabel     *status_label;

  /* owned */
  CdStore      *store;
  GFile        *file;
  GPtrArray    *records;    /* validated CdAsset or CdCustomer */
  GCancellable *cancellable;
  gboolean      customers;
  gboolean      loading;
};

G_DEFINE_FINAL_TYPE (CdInventoryImportDialog, cd_inventory_import_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  CdCsvTable *table;     /* NULL when the file could not be read or parsed */
  GPtrArray  *records;   /* NULL when validation failed */
  GError     *error;
} LoadResult;

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->table, cd_csv_table_free);
  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_clear_error (&result->error);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

typedef struct
{
  GFile    *file;
  gboolean  customers;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_clear_object (&request->file);
  g_free (request);
}

static gboolean
load_file (const LoadRequest  *request,
           LoadResult         *result,
           GCancellable       *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  info = g_file_query_info (request->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &result->error);
  if (info == NULL)
    return FALSE;
  /* Refuse before reading: the CSV reader would refuse too, but only after
   * the whole file had been loaded into memory. */
  if ((guint64) g_file_info_get_size (info) > MAX_IMPORT_BYTES)
    {
      g_set_error (&result->error, CD_CSV_ERROR, CD_CSV_ERROR_TOO_LARGE,
                   _("The file is larger than 256 MiB. Split it into smaller files and import them one by one."));
      return FALSE;
    }
  if (!g_file_load_contents (request->file, cancellable, &data, &len, NULL, &result->error))
    return FALSE;

  result->table = cd_csv_table_parse (data, len, NULL, &result->error);
  if (result->table == NULL)
    return FALSE;

  if (request->customers)
    result->records = cd_customers_from_csv (data, len, &result->error);
  else
    result->records = cd_assets_from_csv (data, len, &result->error);
  return result->records != NULL;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadResult *result = g_new0 (LoadResult, 1);

  load_file (task_data, result, cancellable);
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static char *
mask_cell (const char *text,
           int         kind)
{
  switch (kind)
    {
    case 0: return g_strdup (text);
    case 1: return cd_mask_name (text);
    case 2: return cd_mask_phone (text);
    case 3: return cd_mask_id_number (text);
    case 4: return cd_mask_email (text);
    case 5: return cd_mask_address (text);
    default: return cd_mask_text (text);
    }
}

/* For customers: how each column is masked (see mask_cell). Columns not
 * recognised are masked as free text, since they may hold anything. */
static int *
customer_mask_kinds (CdCsvTable *table)
{
  static const char * const kind_aliases[] = { "kind", "类型", NULL };
  static const char * const name_aliases[] = { "name", "姓名", "名称", NULL };
  static const char * const phone_aliases[] = { "phone", "电话", "手机", "手机号", NULL };
  static const char * const id_aliases[] = { "id_number", "id number", "证件号", "身份证号", "证件号码", NULL };
  static const char * const email_aliases[] = { "email", "邮箱", NULL };
  static const char * const address_aliases[] = { "address", "地址", NULL };
  const char * const *aliases[] = {
    kind_aliases, name_aliases, phone_aliases, id_aliases, email_aliases, address_aliases,
  };
  guint n_columns = cd_csv_table_get_n_columns (table);
  int *kinds = g_new (int, MAX (n_columns, 1));

  for (guint i = 0; i < n_columns; i++)
    kinds[i] = -1;
  for (guint k = 0; k < G_N_ELEMENTS (aliases); k++)
    {
      int column = cd_csv_table_find_column (table, aliases[k]);

      if (column >= 0 && (guint) column < n_columns)
        kinds[column] = (int) k;
    }
  return kinds;
}

static GtkWidget *
preview_label (const char *text,
               gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
fill_preview (CdInventoryImportDialog *self,
              CdCsvTable              *table)
{
  const char * const *header = cd_csv_table_get_header (table);
  guint n_columns = MIN (cd_csv_table_get_n_columns (table), N_PREVIEW_COLUMNS);
  guint n_rows = MIN (cd_csv_table_get_n_rows (table), N_PREVIEW_ROWS);
  g_autofree int *kinds = self->customers ? customer_mask_kinds (table) : NULL;

  for (guint c = 0; c < n_columns; c++)
    gtk_grid_attach (self->preview_grid, preview_label (header[c], TRUE), (int) c, 0, 1, 1);

  for (guint r = 0; r < n_rows; r++)
    {
      const char * const *row = cd_csv_table_get_row (table, r);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = row[c] != NULL ? row[c] : "";
          g_autofree char *shown = kinds != NULL ? mask_cell (cell, kinds[c]) : g_strdup (cell);

          gtk_grid_attach (self->preview_grid, preview_label (shown != NULL ? shown : "", FALSE),
                           (int) c, (int) r + 1, 1, 1);
        }
    }
}

static void
show_error (CdInventoryImportDialog *self,
            const char              *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
}

static void
on_load_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  CdInventoryImportDialog *self = CD_INVENTORY_IMPORT_DIALOG (source);
  g_autoptr(LoadResult) result = g_task_propagate_pointer (G_TASK (res), NULL);

  self->loading = FALSE;
  gtk_spinner_stop (self->spinner);
  if (result == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  if (result->table != NULL)
    {
      g_autofree char *rows = cd_gui_format_count (cd_csv_table_get_n_rows (result->table));

      gtk_label_set_text (self->encoding_label,
                          cd_csv_encoding_to_string (cd_csv_table_get_encoding (result->table)));
      gtk_label_set_text (self->rows_label, rows);
      fill_preview (self, result->table);
    }

  if (result->error != NULL)
    {
      show_error (self, result->error->message);
      return;
    }

  if (result->records->len == 0)
    {
      show_error (self, _("The file has no data rows; there is nothing to import."));
      return;
    }

  self->records = g_steal_pointer (&result->records);
  {
    g_autofree char *count = cd_gui_format_count (self->records->len);
    g_autofree char *text = NULL;

    if (self->customers)
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "All rows are valid: %s customer is ready to import.",
                                           "All rows are valid: %s customers are ready to import.",
                                           self->records->len), count);
    else
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "All rows are valid: %s asset is ready to import.",
                                           "All rows are valid: %s assets are ready to import.",
                                           self->records->len), count);
    gtk_label_set_text (self->status_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  }
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
}

static void
on_import_clicked (CdInventoryImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  guint added = 0;
  guint duplicates = 0;
  gboolean ok;

  if (self->records == NULL)
    return;

  source = g_file_get_basename (self->file);
  if (self->customers)
    {
      ok = cd_store_import_customers (self->store, self->records, source, &added, &duplicates, &error);
    }
  else
    {
      ok = cd_store_import_assets (self->store, self->records, source, &error);
      added = self->records->len;
    }

  if (!ok)
    {
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, added, duplicates);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cd_inventory_import_dialog_dispose (GObject *object)
{
  CdInventoryImportDialog *self = CD_INVENTORY_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_INVENTORY_IMPORT_DIALOG);

  G_OBJECT_CLASS (cd_inventory_import_dialog_parent_class)->dispose (object);
}

static void
cd_inventory_import_dialog_class_init (CdInventoryImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_inventory_import_dialog_dispose;

  /**
   * CdInventoryImportDialog::imported:
   * @added: how many records were added
   * @duplicates: how many customers were already in the case and skipped
   *
   * Emitted after a successful import, just before the dialog closes.
   */
  signals[SIGNAL_IMPORTED] =
    g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-inventory-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, encoding_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, rows_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryImportDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_inventory_import_dialog_init (CdInventoryImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * cd_inventory_import_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the open, unlocked case
 * @file: the CSV file to import
 * @customers: %TRUE to import customers, %FALSE for data assets
 *
 * Starts reading @file at once; the dialog shows the result when ready.
 *
 * Returns: (transfer none): a new modal dialog, not yet presented.
 */
CdInventoryImportDialog *
cd_inventory_import_dialog_new (GtkWindow *parent,
                                CdStore   *store,
                                GFile     *file,
                                gboolean   customers)
{
  CdInventoryImportDialog *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  LoadRequest *request;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (CD_TYPE_INVENTORY_IMPORT_DIALOG,
                       "transient-for", parent,
                       "title", customers ? _("Import Customers") : _("Import Data Assets"),
                       NULL);
  self->store = g_object_ref (store);
  self->file = g_object_ref (file);
  self->customers = customers;
  self->loading = TRUE;

  name = g_file_get_basename (file);
  gtk_label_set_text (self->file_label, name);
  gtk_spinner_start (self->spinner);

  task = g_task_new (self, self->cancellable, on_load_done, NULL);
  g_task_set_source_tag (task, cd_inventory_import_dialog_new);
  request = g_new0 (LoadRequest, 1);
  request->file = g_object_ref (file);
  request->customers = customers;
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_run_in_thread (task, load_thread);

  return self;
}

GtkLabel *
cd_inventory_import_dialog_get_encoding_label (CdInventoryImportDialog *self)
{
  return self->encoding_label;
}

GtkLabel *
cd_inventory_import_dialog_get_rows_label (CdInventoryImportDialog *self)
{
  return self->rows_label;
}

GtkLabel *
cd_inventory_import_dialog_get_error_label (CdInventoryImportDialog *self)
{
  return self->error_label;
}

GtkGrid *
cd_inventory_import_dialog_get_preview_grid (CdInventoryImportDialog *self)
{
  return self->preview_grid;
}

GtkWidget *
cd_inventory_import_dialog_get_import_button (CdInventoryImportDialog *self)
{
  return GTK_WIDGET (self->import_button);
}

gboolean
cd_inventory_import_dialog_is_loading (CdInventoryImportDialog *self)
{
  return self->loading;
}
