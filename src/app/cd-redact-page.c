/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRedactPage: the redaction pane (脱敏预览).
 *
 *   start ──open──▶ busy ──▶ document ──export──▶ (worker) ──▶ toast
 *
 * Opening a PDF first runs the whole detection in the contained worker
 * (cd_redact_run_contained with probe): a PDF that crashes poppler costs
 * that process, not the application. Only then is it opened here, detected
 * again in a thread and shown: thumbnails (rendered lazily, one per idle,
 * at most MAX_THUMBNAILS kept), the page with its boxes (CdRedactView) and
 * the list of redactions grouped by page. Searches and "redact a customer"
 * add boxes here; the export hands the worker a plan of what the user did
 * (cd_redact_document_save_plan) and records the verified copy in the case.
 *
 * Poppler objects are used from one thread at a time: the detection thread
 * owns the document until it is shown; after that only the main thread
 * touches it (the export works on its own copy in the worker). */

#include "config.h"

#define G_LOG_DOMAIN "cd-redact"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "cd-gui-util.h"
#include "cd-redact-page.h"
#include "cd-redact-page-private.h"
#include "cd-redact-view.h"

#define THUMBNAIL_WIDTH   110
#define MAX_THUMBNAILS    300
#define MAX_CASE_PDFS     50
#define MAX_CUSTOMER_ROWS 20
#define FOLDER_DEPTH      4
#define ZOOM_STEP         1.2

/* ── Items of the redactions list: a page heading or a box ─────────── */

#define CD_TYPE_REDACT_ITEM (cd_redact_item_get_type ())
G_DECLARE_FINAL_TYPE (CdRedactItem, cd_redact_item, CD, REDACT_ITEM, GObject)

struct _CdRedactItem
{
  GObject      parent_instance;
  guint        page;
  guint        count;     /* a heading: the boxes on its page */
  CdRedactBox *box;       /* NULL for a heading; owned by the document */
};

G_DEFINE_FINAL_TYPE (CdRedactItem, cd_redact_item, G_TYPE_OBJECT)

static void
cd_redact_item_class_init (CdRedactItemClass *klass)
{
}

static void
cd_redact_item_init (CdRedactItem *self)
{
}

static CdRedactItem *
cd_redact_item_new (guint        page,
                    guint        count,
                    CdRedactBox *box)
{
  CdRedactItem *item = g_object_new (CD_TYPE_REDACT_ITEM, NULL);

  item->page = page;
  item->count = count;
  item->box = box;
  return item;
}

CdRedactBox *
cd_redact_page_item_get_box (gpointer item)
{
  g_return_val_if_fail (CD_IS_REDACT_ITEM (item), NULL);
  return CD_REDACT_ITEM (item)->box;
}

/* ── The pane ──────────────────────────────────────────────────────── */

typedef enum
{
  FIT_NONE,
  FIT_WIDTH,
  FIT_PAGE,
} FitMode;

/* Progress of the thread at work, read by a timeout on the main thread. */
typedef struct
{
  gint phase;
  gint done;
  gint total;
  gint second_pass;   /* opening: 0 in the worker, 1 here */
} Progress;

struct _CdRedactPage
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  AdwPreferencesGroup *case_pdfs_group;
  GtkListBox         *case_pdfs_list;
  AdwStatusPage      *busy_status;
  GtkProgressBar     *busy_progress;
  GtkLabel           *title_label;
  GtkEntry           *page_entry;
  GtkLabel           *page_count_label;
  GtkMenuButton      *zoom_button;
  GtkWidget          *export_button;
  GtkListView        *thumbnails;
  GtkScrolledWindow  *view_scroller;
  CdRedactView       *view;
  GtkRevealer        *export_revealer;
  GtkLabel           *export_label;
  GtkProgressBar     *export_progress;
  GtkLabel           *summary_label;
  GtkSearchEntry     *search_entry;
  GtkMenuButton      *customer_button;
  GtkPopover         *customer_popover;
  GtkSearchEntry     *customer_entry;
  GtkListBox         *customer_list;
  GtkListView        *boxes_view;

  CdStore            *store;
  char               *extra_folder;
  GListModel         *customers;      /* loaded when the customer popover opens */

  CdRedactDocument   *document;
  char               *path;
  char               *password;       /* of the open PDF, wiped when closed */
  GCancellable       *cancellable;
  gboolean            exporting;
  Progress            progress;
  guint               progress_id;
  guint               fit_id;

  GtkStringList      *pages;          /* "1" … "n", for the thumbnails */
  CdThumbnailCache    thumbnails_cache;   /* 1-based page → GdkTexture */
  GQueue              pending_thumbnails; /* GtkPicture (ref'd) to draw when in view */
  GQueue              waiting_thumbnails; /* GtkPicture (ref'd) out of view */
  guint               thumbnails_id;
  guint               thumbnails_retry_id;
  GListStore         *items;

  FitMode             fit;
  gboolean            preview;
  guint               dpi;
  char               *last_output;
  char               *last_message;
  GtkWindow          *dialog;
};

G_DEFINE_FINAL_TYPE (CdRedactPage, cd_redact_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_PREVIEW,
  PROP_DPI,
  PROP_FIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void close_document (CdRedactPage *self);
static void start_open     (CdRedactPage *self,
                            const char   *path,
                            const char   *password);

static void
wipe_password (CdRedactPage *self)
{
  if (self->password != NULL)
    {
      sodium_memzero (self->password, strlen (self->password));
      g_clear_pointer (&self->password, g_free);
    }
}

/* One toast at a time: a new message replaces the one shown rather than
 * waiting behind it. */
static void
add_toast (CdRedactPage *self,
           AdwToast     *toast)
{
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_message (CdRedactPage *self,
              const char   *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  adw_toast_set_timeout (toast, 6);
  add_toast (self, toast);
}

static void
show_error (CdRedactPage *self,
            const char   *what,
            const GError *error)
{
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);

  show_message (self, message);
}

static void
update_actions (CdRedactPage *self)
{
  gboolean open = self->document != NULL;
  gboolean idle = !self->exporting && self->cancellable == NULL;
  guint page = open ? cd_redact_view_get_page (self->view) : 0;
  guint n_pages = open ? cd_redact_document_get_n_pages (self->document) : 0;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "redact.open", idle);
  gtk_widget_action_set_enabled (widget, "redact.close", open && idle);
  gtk_widget_action_set_enabled (widget, "redact.cancel", self->cancellable != NULL);
  gtk_widget_action_set_enabled (widget, "redact.previous-page", open && page > 1);
  gtk_widget_action_set_enabled (widget, "redact.next-page", open && page < n_pages);
  gtk_widget_action_set_enabled (widget, "redact.zoom-in", open);
  gtk_widget_action_set_enabled (widget, "redact.zoom-out", open);
  gtk_widget_action_set_enabled (widget, "redact.export", open && idle);
  gtk_widget_action_set_enabled (widget, "redact.search", open && idle);
  gtk_widget_action_set_enabled (widget, "redact.open-folder", self->last_output != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->customer_button), open && idle && self->store != NULL);
}

/* ── The case's PDFs ───────────────────────────────────────────────── */

typedef struct
{
  char    *path;
  guint64  found;
  gboolean scanned;
} CasePdf;

static void
case_pdf_free (CasePdf *pdf)
{
  g_free (pdf->path);
  g_free (pdf);
}

static gboolean
is_pdf_name (const char *name)
{
  gsize len = strlen (name);

  return len > 4 && g_ascii_strcasecmp (name + len - 4, ".pdf") == 0 && name[0] != '.';
}

static void
add_folder_pdfs (GPtrArray  *pdfs,
                 GHashTable *seen,
                 const char *folder,
                 guint       depth)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir == NULL || depth > FOLDER_DEPTH)
    return;
  while ((name = g_dir_read_name (dir)) != NULL && pdfs->len < MAX_CASE_PDFS)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        add_folder_pdfs (pdfs, seen, path, depth + 1);
      else if (is_pdf_name (name) && !g_hash_table_contains (seen, path))
        {
          CasePdf *pdf = g_new0 (CasePdf, 1);

          pdf->path = g_strdup (path);
          g_hash_table_add (seen, pdf->path);
          g_ptr_array_add (pdfs, pdf);
        }
    }
}

static int
compare_case_pdfs (gconstpointer a,
                   gconstpointer b)
{
  const CasePdf *x = *(const CasePdf * const *) a;
  const CasePdf *y = *(const CasePdf * const *) b;

  if (x->found != y->found)
    return x->found > y->found ? -1 : 1;
  return g_utf8_collate (x->path, y->path);
}

static void
add_scanned_pdfs (CdRedactPage *self,
                  GPtrArray    *pdfs,
                  GHashTable   *seen)
{
  g_autoptr(GPtrArray) scans = NULL;

  if (self->store == NULL || cd_store_is_locked (self->store))
    return;
  scans = cd_store_list_scans (self->store, NULL);
  for (guint s = 0; scans != NULL && s < scans->len; s++)
    {
      const CdScanSummary *scan = g_ptr_array_index (scans, s);
      g_autoptr(GPtrArray) records = NULL;

      if (g_strcmp0 (scan->state, "complete") != 0)
        continue;
      records = cd_store_list_scan_records (self->store, scan->id, NULL);
      for (guint i = 0; records != NULL && i < records->len; i++)
        {
          const CdScanFileRecord *record = g_ptr_array_index (records, i);
          CasePdf *pdf;

          if (record->member != NULL || record->path == NULL || !g_path_is_absolute (record->path) ||
              g_strcmp0 (record->content_type, "application/pdf") != 0 ||
              g_hash_table_contains (seen, record->path) ||
              !g_file_test (record->path, G_FILE_TEST_IS_REGULAR))
            continue;
          pdf = g_new0 (CasePdf, 1);
          pdf->path = g_strdup (record->path);
          pdf->scanned = TRUE;
          for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
            pdf->found += record->counts[k];
          g_hash_table_add (seen, pdf->path);
          g_ptr_array_add (pdfs, pdf);
        }
    }
}

static void
case_pdf_activated_cb (AdwActionRow *row,
                       CdRedactPage *self)
{
  cd_redact_page_open (self, g_object_get_data (G_OBJECT (row), "path"));
}

static void
reload_case_pdfs (CdRedactPage *self)
{
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) case_pdf_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  cd_gui_list_box_clear (self->case_pdfs_list);

  add_scanned_pdfs (self, pdfs, seen);
  if (self->extra_folder != NULL)
    add_folder_pdfs (pdfs, seen, self->extra_folder, 0);
  g_ptr_array_sort (pdfs, compare_case_pdfs);

  for (guint i = 0; i < pdfs->len && i < MAX_CASE_PDFS; i++)
    {
      const CasePdf *pdf = g_ptr_array_index (pdfs, i);
      g_autofree char *name = g_filename_display_basename (pdf->path);
      g_autofree char *dir = g_path_get_dirname (pdf->path);
      g_autofree char *dir_display = g_filename_display_name (dir);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *suffix;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir_display);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      /* The folder is cut to one line (more so with large text). */
      gtk_widget_set_tooltip_text (row, dir_display);
      if (pdf->scanned)
        {
          g_autofree char *count = cd_gui_format_count ((gint64) pdf->found);
          g_autofree char *found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s identifier",
                                                                 "%s identifiers", (gulong) pdf->found),
                                                    count);

          suffix = gtk_label_new (found);
        }
      else
        /* Translators: a PDF the case's scans have not read yet */
        suffix = gtk_label_new (_("Not scanned"));
      gtk_widget_add_css_class (suffix, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      cd_gui_expose_row (GTK_LIST_BOX_ROW (row), NULL);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (pdf->path), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (case_pdf_activated_cb), self);
      gtk_list_box_append (self->case_pdfs_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->case_pdfs_group), pdfs->len > 0);
}

/* ── Thumbnails ───────────────────────────────────────────────────── */

static GdkTexture *
render_thumbnail (CdRedactPage *self,
                  guint         page_no)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double width = 0, height = 0;
  int pw;

  if (!cd_redact_document_get_page_size (self->document, page_no, &width, &height) ||
      !(width > 0) || !(height > 0))
    return NULL;
  pw = THUMBNAIL_WIDTH * scale;
  return cd_redact_view_render_texture (self->document, page_no, width, height, pw,
                                        CLAMP ((int) ceil (pw * height / width), 1, pw * 4));
}

static void thumbnails_scrolled_cb (CdRedactPage *self);

static gboolean
thumbnails_retry_cb (gpointer data)
{
  CdRedactPage *self = data;

  self->thumbnails_retry_id = 0;
  thumbnails_scrolled_cb (self);
  return G_SOURCE_REMOVE;
}

static gboolean
draw_thumbnails_cb (gpointer data)
{
  CdRedactPage *self = data;
  GtkPicture *picture;

  /* One a turn: scrolling stays smooth while they come. */
  while ((picture = g_queue_pop_head (&self->pending_thumbnails)) != NULL)
    {
      guint page = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (picture), "page"));
      GdkTexture *texture;

      if (page == 0 || self->document == NULL)
        {
          g_object_unref (picture);
          continue;
        }
      /* The list view makes rows well beyond what is on screen; only those
       * in view are drawn, the others wait until a scroll brings them in. */
      switch (cd_gui_widget_place_in (GTK_WIDGET (picture), GTK_WIDGET (self->thumbnails)))
        {
        case CD_WIDGET_IN_VIEW:
          break;
        case CD_WIDGET_NOT_PLACED:
          if (self->thumbnails_retry_id == 0)
            self->thumbnails_retry_id = g_timeout_add (100, thumbnails_retry_cb, self);
          G_GNUC_FALLTHROUGH;
        case CD_WIDGET_OUT_OF_VIEW:
        default:
          g_queue_push_tail (&self->waiting_thumbnails, picture);
          continue;
        }
      texture = cd_thumbnail_cache_lookup (&self->thumbnails_cache, page);
      if (texture == NULL)
        {
          texture = render_thumbnail (self, page);
          if (texture != NULL)
            cd_thumbnail_cache_insert (&self->thumbnails_cache, page, texture);
        }
      gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
      g_object_unref (picture);
      return G_SOURCE_CONTINUE;
    }
  self->thumbnails_id = 0;
  return G_SOURCE_REMOVE;
}

static void
thumbnail_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    CdRedactPage             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_size_request (picture, THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 1.414);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_add_css_class (picture, "thumbnail");
  gtk_widget_set_halign (labels, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (number, "caption");
  gtk_widget_add_css_class (count, "redact-count");
  gtk_box_append (GTK_BOX (labels), number);
  gtk_box_append (GTK_BOX (labels), count);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  g_object_set_data (G_OBJECT (box), "picture", picture);
  g_object_set_data (G_OBJECT (box), "number", number);
  g_object_set_data (G_OBJECT (box), "count", count);
  gtk_list_item_set_child (list_item, box);
}

static void
thumbnail_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   CdRedactPage             *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkPicture *picture = g_object_get_data (G_OBJECT (box), "picture");
  GtkLabel *number = g_object_get_data (G_OBJECT (box), "number");
  GtkLabel *count = g_object_get_data (G_OBJECT (box), "count");
  guint page = gtk_list_item_get_position (list_item) + 1;
  guint n = self->document != NULL ? cd_redact_document_count_page_boxes (self->document, page, TRUE) : 0;
  GdkTexture *texture = cd_thumbnail_cache_lookup (&self->thumbnails_cache, page);
  g_autofree char *label = g_strdup_printf ("%u", page);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (number, label);
  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", n);

      gtk_label_set_label (count, text);
      /* Translators: a page thumbnail's accessible name */
      accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Page %u, %u redaction",
                                                 "Page %u, %u redactions", n), page, n);
    }
  else
    {
      gtk_label_set_label (count, "");
      accessible = g_strdup_printf (_("Page %u"), page);
    }
  gtk_widget_set_visible (GTK_WIDGET (count), n > 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  g_object_set_data (G_OBJECT (picture), "page", GUINT_TO_POINTER (page));
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  if (texture == NULL)
    {
      g_queue_push_tail (&self->pending_thumbnails, g_object_ref (picture));
      if (self->thumbnails_id == 0)
        self->thumbnails_id = g_idle_add_full (G_PRIORITY_LOW, draw_thumbnails_cb, self, NULL);
    }
}

static void
thumbnails_scrolled_cb (CdRedactPage *self)
{
  GtkPicture *picture;

  while ((picture = g_queue_pop_head (&self->waiting_thumbnails)) != NULL)
    g_queue_push_tail (&self->pending_thumbnails, picture);
  if (self->thumbnails_id == 0 && !g_queue_is_empty (&self->pending_thumbnails))
    self->thumbnails_id = g_idle_add_full (G_PRIORITY_LOW, draw_thumbnails_cb, self, NULL);
}

static void
thumbnail_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     CdRedactPage             *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkPicture *picture = g_object_get_data (G_OBJECT (box), "picture");

  g_object_set_data (G_OBJECT (picture), "page", NULL);
  gtk_picture_set_paintable (picture, NULL);
}

static void
clear_thumbnails (CdRedactPage *self)
{
  GtkPicture *picture;

  g_clear_handle_id (&self->thumbnails_id, g_source_remove);
  g_clear_handle_id (&self->thumbnails_retry_id, g_source_remove);
  while ((picture = g_queue_pop_head (&self->pending_thumbnails)) != NULL)
    g_object_unref (picture);
  while ((picture = g_queue_pop_head (&self->waiting_thumbnails)) != NULL)
    g_object_unref (picture);
  cd_thumbnail_cache_clear (&self->thumbnails_cache);
}

/* Rebinds the thumbnails of @page (0: all) so their counts are right. */
static void
refresh_thumbnail_counts (CdRedactPage *self,
                          guint         page)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  if (page > 0 && page <= n)
    {
      g_autofree char *label = g_strdup_printf ("%u", page);
      const char * const strings[] = { label, NULL };

      gtk_string_list_splice (self->pages, page - 1, 1, strings);
    }
  else if (page == 0 && n > 0)
    {
      g_auto(GStrv) strings = g_new0 (char *, n + 1);

      for (guint i = 0; i < n; i++)
        strings[i] = g_strdup_printf ("%u", i + 1);
      gtk_string_list_splice (self->pages, 0, n, (const char * const *) strings);
    }
}

/* ── The redactions list ──────────────────────────────────────────── */

static const char *
box_kind_label (const CdRedactBox *box)
{
  switch (box->source)
    {
    case CD_REDACT_SOURCE_MANUAL:
      /* Translators: a redaction box drawn by hand */
      return _("Drawn by hand");
    case CD_REDACT_SOURCE_SEARCH:
      /* Translators: a redaction box from "redact all matches" */
      return _("Search match");
    case CD_REDACT_SOURCE_TEXT:
    case CD_REDACT_SOURCE_ANNOTATION:
    case CD_REDACT_SOURCE_FORM_FIELD:
    default:
      return box->kind >= 0 && box->kind < CD_N_DETECT_KINDS ? cd_detect_kind_get_label ((CdDetectKind) box->kind)
                                                              : _("Identifier");
    }
}

static const char *
box_where_label (const CdRedactBox *box)
{
  if (box->source == CD_REDACT_SOURCE_ANNOTATION)
    /* Translators: the identifier is in a note (annotation) of the PDF */
    return _("in a note");
  if (box->source == CD_REDACT_SOURCE_FORM_FIELD)
    /* Translators: the identifier is in a form field of the PDF */
    return _("in a form field");
  return NULL;
}

static void
update_summary (CdRedactPage *self)
{
  GPtrArray *boxes;
  guint applied = 0, kept = 0, pages = 0;
  g_autofree char *applied_text = NULL;
  g_autofree char *pages_text = NULL;
  g_autofree char *summary = NULL;

  if (self->document == NULL)
    {
      gtk_label_set_label (self->summary_label, "");
      return;
    }
  boxes = cd_redact_document_get_boxes (self->document);
  {
    g_autoptr(GHashTable) raster_pages = g_hash_table_new (NULL, NULL);

    for (guint i = 0; i < boxes->len; i++)
      {
        const CdRedactBox *box = g_ptr_array_index (boxes, i);

        if (box->excluded)
          kept++;
        else
          {
            applied++;
            /* A note is dropped with the note: its page stays text. */
            if (box->source != CD_REDACT_SOURCE_ANNOTATION)
              g_hash_table_add (raster_pages, GUINT_TO_POINTER (box->page));
          }
      }
    pages = g_hash_table_size (raster_pages);
  }

  applied_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to redact", "%u to redact", applied),
                                  applied);
  pages_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page becomes an image",
                                             "%u pages become images", pages), pages);
  if (kept > 0)
    /* Translators: "12 to redact, 2 kept · 3 pages become images" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u kept · %s", "%s, %u kept · %s", kept),
                               applied_text, kept, pages_text);
  else
    summary = g_strdup_printf ("%s · %s", applied_text, pages_text);
  gtk_label_set_label (self->summary_label, summary);
}

static void
rebuild_items (CdRedactPage *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->document != NULL)
    {
      GPtrArray *boxes = cd_redact_document_get_boxes (self->document);
      guint n_pages = cd_redact_document_get_n_pages (self->document);
      g_autofree guint *counts = g_new0 (guint, n_pages + 1);
      g_autofree guint *firsts = g_new0 (guint, n_pages + 1);
      g_autofree guint *next = g_new0 (guint, boxes->len);

      /* Page by page, and in a page the order they were found: chain the
       * boxes of each page rather than scanning all of them per page. */
      for (guint i = boxes->len; i > 0; i--)
        {
          const CdRedactBox *box = g_ptr_array_index (boxes, i - 1);

          if (box->page < 1 || box->page > n_pages)
            continue;
          next[i - 1] = firsts[box->page];
          firsts[box->page] = i;
          counts[box->page]++;
        }
      for (guint page = 1; page <= n_pages; page++)
        {
          if (counts[page] == 0)
            continue;
          g_ptr_array_add (items, cd_redact_item_new (page, counts[page], NULL));
          for (guint i = firsts[page]; i != 0; i = next[i - 1])
            g_ptr_array_add (items, cd_redact_item_new (page, 0, g_ptr_array_index (boxes, i - 1)));
        }
    }
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  update_summary (self);
}

static void
box_check_toggled_cb (GtkCheckButton *check,
                      CdRedactPage   *self)
{
  CdRedactItem *item = g_object_get_data (G_OBJECT (check), "item");
  gboolean redact = gtk_check_button_get_active (check);

  if (item == NULL || item->box == NULL || item->box->excluded == !redact)
    return;
  item->box->excluded = !redact;
  cd_redact_view_boxes_changed (self->view);
  refresh_thumbnail_counts (self, item->page);
  update_summary (self);
}

static void
box_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CdRedactPage             *self)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *masked = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_label_set_xalign (GTK_LABEL (masked), 0);
  gtk_label_set_ellipsize (GTK_LABEL (masked), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (kind, "caption");
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_box_append (GTK_BOX (labels), masked);
  gtk_box_append (GTK_BOX (labels), kind);
  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), labels);
  gtk_widget_set_margin_start (row, 6);
  g_signal_connect (check, "toggled", G_CALLBACK (box_check_toggled_cb), self);
  gtk_stack_add_named (GTK_STACK (stack), heading, "heading");
  gtk_stack_add_named (GTK_STACK (stack), row, "box");
  gtk_stack_set_hhomogeneous (GTK_STACK (stack), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (stack), FALSE);
  g_object_set_data (G_OBJECT (stack), "heading", heading);
  g_object_set_data (G_OBJECT (stack), "check", check);
  g_object_set_data (G_OBJECT (stack), "kind", kind);
  g_object_set_data (G_OBJECT (stack), "masked", masked);
  gtk_list_item_set_child (list_item, stack);
}

static void
box_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             CdRedactPage             *self)
{
  CdRedactItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *stack = gtk_list_item_get_child (list_item);
  GtkCheckButton *check = g_object_get_data (G_OBJECT (stack), "check");

  if (item->box == NULL)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Page %u · %u box",
                                                            "Page %u · %u boxes", item->count),
                                               item->page, item->count);

      gtk_label_set_label (g_object_get_data (G_OBJECT (stack), "heading"), text);
      gtk_stack_set_visible_child_name (GTK_STACK (stack), "heading");
      g_object_set_data (G_OBJECT (check), "item", NULL);
      return;
    }

  {
    const char *where = box_where_label (item->box);
    g_autofree char *kind = where != NULL ? g_strdup_printf ("%s, %s", box_kind_label (item->box), where)
                                          : g_strdup (box_kind_label (item->box));
    g_autofree char *accessible = NULL;

    gtk_label_set_label (g_object_get_data (G_OBJECT (stack), "kind"), kind);
    gtk_label_set_label (g_object_get_data (G_OBJECT (stack), "masked"),
                         item->box->masked != NULL ? item->box->masked : "");
    g_object_set_data (G_OBJECT (check), "item", NULL);
    gtk_check_button_set_active (check, !item->box->excluded);
    g_object_set_data (G_OBJECT (check), "item", item);
    /* Translators: the check box of one redaction, e.g. "Redact Resident ID 1101**********1234" */
    accessible = g_strdup_printf (_("Redact %s %s"), kind, item->box->masked != NULL ? item->box->masked : "");
    gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    gtk_stack_set_visible_child_name (GTK_STACK (stack), "box");
  }
}

static void
box_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CdRedactPage             *self)
{
  GtkWidget *stack = gtk_list_item_get_child (list_item);

  g_object_set_data (G_OBJECT (g_object_get_data (G_OBJECT (stack), "check")), "item", NULL);
}

/* ── Pages and zoom ───────────────────────────────────────────────── */

static void
apply_fit (CdRedactPage *self)
{
  double page_width = 0, page_height = 0;
  double view_width, view_height;
  guint page;

  if (self->document == NULL || self->fit == FIT_NONE)
    return;
  page = cd_redact_view_get_page (self->view);
  if (!cd_redact_document_get_page_size (self->document, page, &page_width, &page_height) ||
      !(page_width > 0) || !(page_height > 0))
    return;
  view_width = gtk_adjustment_get_page_size (gtk_scrolled_window_get_hadjustment (self->view_scroller));
  view_height = gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (self->view_scroller));
  if (view_width < 64 || view_height < 64)
    return;
  if (self->fit == FIT_WIDTH)
    cd_redact_view_set_zoom (self->view, (view_width - 32) / page_width);
  else
    cd_redact_view_set_zoom (self->view, MIN ((view_width - 32) / page_width, (view_height - 32) / page_height));
}

static void
update_zoom_label (CdRedactPage *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f%%", cd_redact_view_get_zoom (self->view) * 100.0);

  gtk_menu_button_set_label (self->zoom_button, label);
}

static gboolean
fit_idle_cb (gpointer data)
{
  CdRedactPage *self = data;

  self->fit_id = 0;
  apply_fit (self);
  update_zoom_label (self);
  return G_SOURCE_REMOVE;
}

/* The viewport's size is told while it is being allocated: a new zoom
 * then (a resize of the view) would leave the pane without an allocation
 * for a frame, so it waits for the allocation to end. */
static void
viewport_size_changed_cb (CdRedactPage *self)
{
  if (self->fit != FIT_NONE && self->fit_id == 0)
    self->fit_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_idle_cb, self, NULL);
}

static void
go_to_page (CdRedactPage *self,
            guint         page)
{
  guint n_pages;
  g_autofree char *label = NULL;

  if (self->document == NULL)
    return;
  n_pages = cd_redact_document_get_n_pages (self->document);
  page = CLAMP (page, 1, n_pages);
  cd_redact_view_set_page (self->view, page);
  apply_fit (self);
  update_zoom_label (self);
  label = g_strdup_printf ("%u", page);
  gtk_editable_set_text (GTK_EDITABLE (self->page_entry), label);
  gtk_selection_model_select_item (gtk_list_view_get_model (self->thumbnails), page - 1, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->thumbnails), "list.scroll-to-item", "u", page - 1);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->view_scroller), 0);
  update_actions (self);
}

static void
page_entry_activate_cb (CdRedactPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->page_entry));
  guint64 page = 0;

  if (self->document == NULL)
    return;
  /* Anything but a page number puts the current one back. */
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &page, NULL))
    page = cd_redact_view_get_page (self->view);
  go_to_page (self, (guint) MIN (page, cd_redact_document_get_n_pages (self->document)));
}

static void
thumbnail_activate_cb (CdRedactPage *self,
                       guint         position)
{
  go_to_page (self, position + 1);
}

static void
boxes_activate_cb (CdRedactPage *self,
                   guint         position)
{
  g_autoptr(CdRedactItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  if (item != NULL)
    go_to_page (self, item->page);
}

static void
set_zoom (CdRedactPage *self,
          double        zoom)
{
  if (self->fit != FIT_NONE)
    {
      self->fit = FIT_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT]);
    }
  cd_redact_view_set_zoom (self->view, zoom);
  update_zoom_label (self);
}

static void
zoom_scale_changed_cb (CdRedactPage   *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double start = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (gesture), "start-zoom")) / 1000.0;

  set_zoom (self, start * scale);
}

static void
zoom_begin_cb (CdRedactPage     *self,
               GdkEventSequence *sequence,
               GtkGesture       *gesture)
{
  g_object_set_data (G_OBJECT (gesture), "start-zoom",
                     GUINT_TO_POINTER ((guint) (cd_redact_view_get_zoom (self->view) * 1000.0)));
}

static gboolean
scroll_cb (CdRedactPage             *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if ((state & GDK_CONTROL_MASK) == 0 || self->document == NULL)
    return FALSE;
  set_zoom (self, cd_redact_view_get_zoom (self->view) * (dy < 0 ? ZOOM_STEP : 1.0 / ZOOM_STEP));
  return TRUE;
}

/* ── The view's signals ───────────────────────────────────────────── */

static void
view_boxes_changed_cb (CdRedactPage *self)
{
  rebuild_items (self);
  refresh_thumbnail_counts (self, cd_redact_view_get_page (self->view));
}

static void
view_error_cb (CdRedactPage *self,
               GError       *error)
{
  show_error (self, _("The box could not be added"), error);
}

/* ── Showing and closing a document ───────────────────────────────── */

static void
show_document (CdRedactPage     *self,
               CdRedactDocument *document)
{
  guint n_pages = cd_redact_document_get_n_pages (document);
  g_autofree char *name = g_filename_display_basename (self->path);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "of %u", "of %u", n_pages), n_pages);
  g_auto(GStrv) strings = g_new0 (char *, n_pages + 1);

  g_set_object (&self->document, document);
  clear_thumbnails (self);
  for (guint i = 0; i < n_pages; i++)
    strings[i] = g_strdup_printf ("%u", i + 1);
  gtk_string_list_splice (self->pages, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pages)),
                          (const char * const *) strings);

  gtk_label_set_label (self->title_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), name);
  gtk_label_set_label (self->page_count_label, count);
  cd_redact_view_set_document (self->view, document);
  cd_redact_view_set_preview (self->view, self->preview);
  rebuild_items (self);
  gtk_stack_set_visible_child_name (self->stack, "document");
  go_to_page (self, 1);
}

static void
close_document (CdRedactPage *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  clear_thumbnails (self);
  gtk_string_list_splice (self->pages, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pages)), NULL);
  g_list_store_remove_all (self->items);
  cd_redact_view_set_document (self->view, NULL);
  g_clear_object (&self->document);
  g_clear_pointer (&self->path, g_free);
  wipe_password (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_stack_set_visible_child_name (self->stack, "start");
  update_summary (self);
  update_actions (self);
}

/* ── Progress ─────────────────────────────────────────────────────── */

static void
on_thread_progress (CdRedactPhase phase,
                    guint         done,
                    guint         total,
                    gpointer      user_data)
{
  Progress *progress = user_data;

  g_atomic_int_set (&progress->phase, (gint) phase);
  g_atomic_int_set (&progress->total, (gint) total);
  g_atomic_int_set (&progress->done, (gint) done);
}

static gboolean
progress_tick_cb (gpointer data)
{
  CdRedactPage *self = data;
  int phase = g_atomic_int_get (&self->progress.phase);
  int done = g_atomic_int_get (&self->progress.done);
  int total = g_atomic_int_get (&self->progress.total);
  double fraction = total > 0 ? (double) done / total : 0;
  g_autofree char *text = NULL;

  if (self->exporting)
    {
      const char *what = phase == CD_REDACT_PHASE_VERIFY ? _("Checking the copy…")
                       : phase == CD_REDACT_PHASE_EXPORT ? _("Writing the copy…")
                                                         : _("Preparing…");

      gtk_label_set_label (self->export_label, what);
      /* Writing is most of the work; checking re-reads every page. */
      if (phase == CD_REDACT_PHASE_EXPORT)
        fraction = fraction * 0.8;
      else if (phase == CD_REDACT_PHASE_VERIFY)
        fraction = 0.8 + fraction * 0.2;
      else
        fraction = 0;
      gtk_progress_bar_set_fraction (self->export_progress, fraction);
      return G_SOURCE_CONTINUE;
    }

  fraction = (g_atomic_int_get (&self->progress.second_pass) ? 0.5 : 0) + fraction / 2;
  if (total > 0)
    /* Translators: progress while a PDF is read, "page 3 of 12" */
    text = g_strdup_printf (_("Page %d of %d"), done, total);
  gtk_progress_bar_set_fraction (self->busy_progress, fraction);
  gtk_progress_bar_set_text (self->busy_progress, text);
  return G_SOURCE_CONTINUE;
}

static void
start_progress (CdRedactPage *self)
{
  memset (&self->progress, 0, sizeof self->progress);
  if (self->progress_id == 0)
    self->progress_id = g_timeout_add (100, progress_tick_cb, self);
}

static void
stop_progress (CdRedactPage *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
}

/* ── Opening ──────────────────────────────────────────────────────── */

typedef struct
{
  char             *path;
  char             *password;
  Progress         *progress;
  CdRedactDocument *document;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  if (data->password != NULL)
    {
      sodium_memzero (data->password, strlen (data->password));
      g_free (data->password);
    }
  g_clear_object (&data->document);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  CdRedactRequest request = { 0, };
  GError *error = NULL;

  /* First where a crash is contained; then here, where it is shown. */
  request.input = data->path;
  request.password = data->password;
  request.auto_detect = TRUE;
  request.probe = TRUE;
  if (!cd_redact_run_contained (&request, NULL, cancellable, on_thread_progress, data->progress, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_atomic_int_set (&data->progress->second_pass, 1);
  data->document = cd_redact_document_open (data->path, data->password, &error);
  if (data->document == NULL ||
      !cd_redact_document_detect (data->document, CD_DETECT_ALL_KINDS, cancellable,
                                  on_thread_progress, data->progress, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
password_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CdRedactPage     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *path = g_strdup (g_object_get_data (G_OBJECT (dialog), "path"));

  if (self->dialog == GTK_WINDOW (dialog))
    self->dialog = NULL;
  if (g_strcmp0 (response, "open") == 0)
    {
      char *password = g_strdup (gtk_editable_get_text (entry));

      gtk_editable_set_text (entry, "");
      start_open (self, path, password);
      sodium_memzero (password, strlen (password));
      g_free (password);
    }
}

static void
ask_password (CdRedactPage *self,
              const char   *path,
              gboolean      wrong)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *body = g_strdup_printf (wrong ? _("The password for “%s” is not right. Try again.")
                                                 : _("“%s” is protected by a password."), name);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Password Needed"), body);
  /* A plain entry that hides what is typed: GtkPasswordEntry 4.8 warns
   * when its dialog is destroyed from its own response. */
  gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("PDF password"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (password_response_cb), self);
  self->dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CdRedactPage *self = CD_REDACT_PAGE (source);
  GTask *task = G_TASK (result);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  /* The pane went away while the PDF was read. */
  if (self->stack == NULL)
    return;
  stop_progress (self);
  if (!g_task_propagate_boolean (task, &error))
    {
      /* What was open before stays open. */
      gtk_stack_set_visible_child_name (self->stack, self->document != NULL ? "document" : "start");
      update_actions (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, CD_REDACT_ERROR, CD_REDACT_ERROR_ENCRYPTED))
        ask_password (self, data->path, FALSE);
      else if (g_error_matches (error, CD_REDACT_ERROR, CD_REDACT_ERROR_WRONG_PASSWORD))
        ask_password (self, data->path, TRUE);
      else
        {
          g_autofree char *name = g_filename_display_basename (data->path);
          /* Translators: %s is a file name */
          g_autofree char *what = g_strdup_printf (_("“%s” could not be opened"), name);

          show_error (self, what, error);
        }
      return;
    }

  /* Replace what was open. */
  g_clear_object (&self->document);
  wipe_password (self);
  g_free (self->path);
  self->path = g_strdup (data->path);
  self->password = g_steal_pointer (&data->password);
  show_document (self, data->document);
  {
    guint n = cd_redact_document_get_boxes (data->document)->len;
    g_autofree char *message = n == 0 ? g_strdup (_("No identifiers found: draw boxes or search for text to redact"))
                                      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u identifier found",
                                                                      "%u identifiers found", n), n);

    show_message (self, message);
  }
}

static void
start_open (CdRedactPage *self,
            const char   *path,
            const char   *password)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;
  g_autofree char *name = g_filename_display_basename (path);

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->password = g_strdup (password);
  data->progress = &self->progress;
  start_progress (self);

  adw_status_page_set_title (self->busy_status, _("Finding Identifiers…"));
  adw_status_page_set_description (self->busy_status, name);
  gtk_progress_bar_set_fraction (self->busy_progress, 0);
  gtk_progress_bar_set_text (self->busy_progress, NULL);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  update_actions (self);

  task = g_task_new (self, self->cancellable, open_done_cb, NULL);
  g_task_set_source_tag (task, start_open);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * cd_redact_page_open:
 * @path: a PDF
 *
 * Checks @path in the contained worker, finds its identifiers and shows
 * it; asks for its password if it has one.
 */
void
cd_redact_page_open (CdRedactPage *self,
                     const char   *path)
{
  g_return_if_fail (CD_IS_REDACT_PAGE (self));
  g_return_if_fail (path != NULL);

  start_open (self, path, NULL);
}

/* The local file chosen, or NULL; the chooser is done with. */
static char *
chooser_take_path (GtkNativeDialog *chooser,
                   int              response)
{
  g_autoptr(GFile) file = NULL;
  char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  g_object_unref (chooser);
  return path;
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  CdRedactPage    *self)
{
  g_autofree char *path = chooser_take_path (chooser, response);

  if (path != NULL)
    cd_redact_page_open (self, path);
}

static GtkFileFilter *
pdf_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  return filter;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = pdf_filter ();

  chooser = gtk_file_chooser_native_new (_("Open a PDF to Redact"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         CdRedactPage  *self)
{
  GFile *file = NULL;
  g_autofree char *path = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL || self->cancellable != NULL)
    return FALSE;
  cd_redact_page_open (self, path);
  return TRUE;
}

/* ── Export ───────────────────────────────────────────────────────── */

typedef struct
{
  char           *input;
  char           *output;
  char           *password;
  char           *plan;
  gsize           plan_len;
  guint           dpi;
  Progress       *progress;
  CdRedactResult  result;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->input);
  g_free (data->output);
  if (data->password != NULL)
    {
      sodium_memzero (data->password, strlen (data->password));
      g_free (data->password);
    }
  if (data->plan != NULL)
    {
      sodium_memzero (data->plan, data->plan_len);
      g_free (data->plan);
    }
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  CdRedactRequest request = { 0, };
  GError *error = NULL;

  request.input = data->input;
  request.output = data->output;
  request.password = data->password;
  request.plan_json = data->plan;
  request.plan_json_len = data->plan_len;
  request.dpi = data->dpi;
  if (!cd_redact_run_contained (&request, &data->result, cancellable, on_thread_progress, data->progress, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdRedactPage *self = CD_REDACT_PAGE (source);
  GTask *task = G_TASK (result);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (data->output);
  g_autofree char *message = NULL;
  AdwToast *toast;

  g_clear_object (&self->cancellable);
  self->exporting = FALSE;
  if (self->stack == NULL)
    return;
  stop_progress (self);
  gtk_revealer_set_reveal_child (self->export_revealer, FALSE);
  update_actions (self);

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("The redacted copy was not written"), error);
      return;
    }

  if (self->store != NULL && !cd_store_is_locked (self->store))
    {
      g_autofree char *id = cd_store_add_redaction (self->store, data->input, data->output, &data->result, &error);

      if (id == NULL)
        {
          show_error (self, _("The copy was written, but not recorded in the case"), error);
          return;
        }
    }

  g_free (self->last_output);
  self->last_output = g_strdup (data->output);
  update_actions (self);
  /* Translators: "合同-脱敏.pdf: 3 pages redacted, 12 kept as text; no redacted text can be found in it" */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%s: %u page redacted, %u kept as text; checked, no redacted text is left in it",
                                          "%s: %u pages redacted, %u kept as text; checked, no redacted text is left in it",
                                          data->result.n_rasterized),
                             name, data->result.n_rasterized, data->result.n_vector);
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, _("Open _Folder"));
  adw_toast_set_action_name (toast, "redact.open-folder");
  add_toast (self, toast);
}

void
cd_redact_page_export_to (CdRedactPage *self,
                          const char   *path)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (CD_IS_REDACT_PAGE (self));
  g_return_if_fail (path != NULL);

  if (self->document == NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->exporting = TRUE;
  data = g_new0 (ExportData, 1);
  data->input = g_strdup (self->path);
  data->output = g_strdup (path);
  data->password = g_strdup (self->password);
  data->plan = cd_redact_document_save_plan (self->document, &data->plan_len);
  data->dpi = self->dpi;
  data->progress = &self->progress;
  start_progress (self);
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_revealer_set_reveal_child (self->export_revealer, TRUE);
  update_actions (self);

  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, cd_redact_page_export_to);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    CdRedactPage    *self)
{
  g_autofree char *path = chooser_take_path (chooser, response);

  if (path != NULL)
    cd_redact_page_export_to (self, path);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = pdf_filter ();
  g_autofree char *base = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) folder = NULL;
  char *dot;

  if (self->document == NULL)
    return;
  base = g_filename_display_basename (self->path);
  dot = strrchr (base, '.');
  if (dot != NULL)
    *dot = '\0';
  /* Translators: the suggested name of a redacted copy, %s the original's name without .pdf */
  suggested = g_strdup_printf (_("%s-redacted.pdf"), base);
  dir = g_path_get_dirname (self->path);
  folder = g_file_new_for_path (dir);

  chooser = gtk_file_chooser_native_new (_("Export the Redacted Copy"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;

  if (self->last_output == NULL)
    return;
  dir = g_path_get_dirname (self->last_output);
  uri = g_filename_to_uri (dir, NULL, NULL);
  if (uri != NULL)
    g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

/* ── Search and customers ─────────────────────────────────────────── */

static void
boxes_added (CdRedactPage *self,
             guint         added,
             const char   *what)
{
  g_autofree char *message = NULL;

  rebuild_items (self);
  refresh_thumbnail_counts (self, 0);
  cd_redact_view_boxes_changed (self->view);
  if (added == 0)
    /* Translators: %s is a masked text or customer */
    message = g_strdup_printf (_("“%s” does not appear in this PDF"), what);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u place boxed for “%s”",
                                            "%u places boxed for “%s”", added), added, what);
  show_message (self, message);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *masked = NULL;
  guint added;

  if (self->document == NULL)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  if (*text == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return;
    }
  added = cd_redact_document_search (self->document, text, NULL, &error);
  if (error != NULL)
    {
      show_error (self, _("The search stopped"), error);
      rebuild_items (self);
      return;
    }
  masked = cd_mask_text (text);
  sodium_memzero (text, strlen (text));
  boxes_added (self, added, masked);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
search_activate_cb (CdRedactPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "redact.search", NULL);
}

static void
customer_redact_clicked_cb (GtkButton    *button,
                            CdRedactPage *self)
{
  CdCustomer *customer = g_object_get_data (G_OBJECT (button), "customer");
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = NULL;
  guint added;

  if (self->document == NULL || customer == NULL)
    return;
  masked = cd_mask_name (cd_customer_get_name (customer));
  added = cd_redact_document_redact_customer (self->document, customer, NULL, &error);
  gtk_popover_popdown (self->customer_popover);
  if (error != NULL)
    {
      show_error (self, _("The search stopped"), error);
      rebuild_items (self);
      return;
    }
  boxes_added (self, added, masked);
}

static gboolean
customer_matches (CdCustomer *customer,
                  const char *folded)
{
  const char *fields[] = {
    cd_customer_get_name (customer),
    cd_customer_get_id_number (customer),
    cd_customer_get_phone (customer),
    cd_customer_get_email (customer),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *field = fields[i] != NULL ? g_utf8_casefold (fields[i], -1) : NULL;

      if (field != NULL && strstr (field, folded) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
customer_search_changed_cb (CdRedactPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->customer_entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  guint shown = 0;
  guint n;

  cd_gui_list_box_clear (self->customer_list);
  if (self->customers == NULL || g_utf8_strlen (folded, -1) < 1)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->customer_list), FALSE);
      return;
    }

  n = g_list_model_get_n_items (self->customers);
  for (guint i = 0; i < n && shown < MAX_CUSTOMER_ROWS; i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (self->customers, i);
      g_autofree char *name = NULL;
      g_autofree char *detail = NULL;
      GtkWidget *row;
      GtkWidget *button;

      if (!customer_matches (customer, folded))
        continue;
      name = cd_mask_name (cd_customer_get_name (customer));
      detail = cd_customer_get_phone (customer) != NULL ? cd_mask_phone (cd_customer_get_phone (customer))
             : cd_customer_get_id_number (customer) != NULL ? cd_mask_id_number (cd_customer_get_id_number (customer))
             : g_strdup ("");
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
      button = gtk_button_new_with_mnemonic (_("_Redact"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: %s is a masked customer name */
      {
        g_autofree char *accessible = g_strdup_printf (_("Redact everything of %s"), name);

        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      }
      g_object_set_data_full (G_OBJECT (button), "customer", g_object_ref (customer), g_object_unref);
      g_signal_connect (button, "clicked", G_CALLBACK (customer_redact_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->customer_list, row);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *label = gtk_label_new (_("No customer matches"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (self->customer_list, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->customer_list), TRUE);
}

static void
customer_popover_show_cb (CdRedactPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->customers == NULL && self->store != NULL && !cd_store_is_locked (self->store))
    {
      self->customers = cd_store_list_customers (self->store, &error);
      if (self->customers == NULL)
        show_error (self, _("The customers could not be read"), error);
    }
  customer_search_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->customer_entry));
}

/* ── Other actions ────────────────────────────────────────────────── */

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);

  close_document (self);
  reload_case_pdfs (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
page_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);
  guint page = cd_redact_view_get_page (self->view);

  if (g_str_equal (action_name, "redact.previous-page"))
    go_to_page (self, page > 1 ? page - 1 : 1);
  else
    go_to_page (self, page + 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);
  double zoom = cd_redact_view_get_zoom (self->view);

  set_zoom (self, g_str_equal (action_name, "redact.zoom-in") ? zoom * ZOOM_STEP : zoom / ZOOM_STEP);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdRedactPage *self = CD_REDACT_PAGE (widget);

  if (self->document != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ── Properties and the class ─────────────────────────────────────── */

static const char * const fit_names[] = { "none", "width", "page" };

static void
cd_redact_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CdRedactPage *self = CD_REDACT_PAGE (object);

  switch (prop_id)
    {
    case PROP_PREVIEW:
      g_value_set_boolean (value, self->preview);
      break;
    case PROP_DPI:
      g_value_set_uint (value, self->dpi);
      break;
    case PROP_FIT:
      g_value_set_string (value, fit_names[self->fit]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_redact_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CdRedactPage *self = CD_REDACT_PAGE (object);

  switch (prop_id)
    {
    case PROP_PREVIEW:
      if (self->preview != g_value_get_boolean (value))
        {
          self->preview = g_value_get_boolean (value);
          cd_redact_view_set_preview (self->view, self->preview);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DPI:
      if (self->dpi != g_value_get_uint (value))
        {
          self->dpi = CLAMP (g_value_get_uint (value), CD_REDACT_MIN_DPI, CD_REDACT_MAX_DPI);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FIT:
      for (guint i = 0; i < G_N_ELEMENTS (fit_names); i++)
        if (g_strcmp0 (g_value_get_string (value), fit_names[i]) == 0 && self->fit != (FitMode) i)
          {
            self->fit = (FitMode) i;
            if (self->fit == FIT_NONE)
              cd_redact_view_set_zoom (self->view, 1.0);
            apply_fit (self);
            update_zoom_label (self);
            g_object_notify_by_pspec (object, pspec);
          }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_redact_page_dispose (GObject *object)
{
  CdRedactPage *self = CD_REDACT_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  stop_progress (self);
  g_clear_handle_id (&self->fit_id, g_source_remove);
  clear_thumbnails (self);
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  self->dialog = NULL;
  cd_redact_page_set_store (self, NULL);
  /* AdwBin keeps its own pointer to the child; unparent through it first so
   * dispose_template does not leave it dangling. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_REDACT_PAGE);
  g_clear_object (&self->document);
  g_clear_object (&self->pages);
  g_clear_object (&self->items);
  g_clear_object (&self->customers);
  G_OBJECT_CLASS (cd_redact_page_parent_class)->dispose (object);
}

static void
cd_redact_page_finalize (GObject *object)
{
  CdRedactPage *self = CD_REDACT_PAGE (object);

  wipe_password (self);
  g_clear_object (&self->cancellable);
  cd_thumbnail_cache_destroy (&self->thumbnails_cache);
  g_free (self->path);
  g_free (self->extra_folder);
  g_free (self->last_output);
  g_free (self->last_message);
  G_OBJECT_CLASS (cd_redact_page_parent_class)->finalize (object);
}

static void
cd_redact_page_class_init (CdRedactPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_redact_page_get_property;
  object_class->set_property = cd_redact_page_set_property;
  object_class->dispose = cd_redact_page_dispose;
  object_class->finalize = cd_redact_page_finalize;

  properties[PROP_PREVIEW] =
    g_param_spec_boolean ("preview", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DPI] =
    g_param_spec_uint ("dpi", NULL, NULL, CD_REDACT_MIN_DPI, CD_REDACT_MAX_DPI, CD_REDACT_DEFAULT_DPI,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT] =
    g_param_spec_string ("fit", NULL, NULL, "width",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CD_TYPE_REDACT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/closuredesk/ClosureDesk/ui/cd-redact-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, case_pdfs_group);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, case_pdfs_list);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, busy_status);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, busy_progress);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, page_entry);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, page_count_label);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, view_scroller);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, view);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, export_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, export_label);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, export_progress);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, customer_button);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, customer_popover);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, customer_entry);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, customer_list);
  gtk_widget_class_bind_template_child (widget_class, CdRedactPage, boxes_view);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, boxes_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_boxes_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_popover_show_cb);

  gtk_widget_class_install_action (widget_class, "redact.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "redact.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "redact.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "redact.previous-page", NULL, page_step_action);
  gtk_widget_class_install_action (widget_class, "redact.next-page", NULL, page_step_action);
  gtk_widget_class_install_action (widget_class, "redact.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "redact.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "redact.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "redact.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "redact.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "redact.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_property_action (widget_class, "redact.preview", "preview");
  gtk_widget_class_install_property_action (widget_class, "redact.dpi", "dpi");
  gtk_widget_class_install_property_action (widget_class, "redact.fit", "fit");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "redact.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "redact.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "redact.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "redact.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "redact.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "redact.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "redact.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "redact.fit", "s", "width");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "redact.preview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "redact.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "redact.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "redact.cancel", NULL);
}

static void
cd_redact_page_init (CdRedactPage *self)
{
  GtkListItemFactory *factory;
  GtkDropTarget *drop;
  GtkGesture *zoom;
  GtkEventController *scroll;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->fit = FIT_WIDTH;
  self->dpi = CD_REDACT_DEFAULT_DPI;
  cd_thumbnail_cache_init (&self->thumbnails_cache, MAX_THUMBNAILS, g_object_unref);
  g_queue_init (&self->pending_thumbnails);
  g_queue_init (&self->waiting_thumbnails);

  gtk_widget_init_template (GTK_WIDGET (self));
  cd_gui_name_split_button (self->export_button, _("Export…"), _("More Export Options"));

  self->pages = gtk_string_list_new (NULL);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (thumbnail_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (thumbnail_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (thumbnail_unbind_cb), self);
  gtk_list_view_set_factory (self->thumbnails, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->thumbnails,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->pages)))));

  self->items = g_list_store_new (CD_TYPE_REDACT_ITEM);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (box_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (box_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (box_unbind_cb), self);
  gtk_list_view_set_factory (self->boxes_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->boxes_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->items)))));

  g_signal_connect_swapped (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->thumbnails)), "value-changed",
                            G_CALLBACK (thumbnails_scrolled_cb), self);
  g_signal_connect_swapped (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->thumbnails)), "notify::page-size",
                            G_CALLBACK (thumbnails_scrolled_cb), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_hadjustment (self->view_scroller), "notify::page-size",
                            G_CALLBACK (viewport_size_changed_cb), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->view_scroller), "notify::page-size",
                            G_CALLBACK (viewport_size_changed_cb), self);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view_scroller), GTK_EVENT_CONTROLLER (zoom));
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view_scroller), scroll);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_zoom_label (self);
  reload_case_pdfs (self);
  update_actions (self);
}

GtkWidget *
cd_redact_page_new (void)
{
  return g_object_new (CD_TYPE_REDACT_PAGE, NULL);
}

/* ── The case ─────────────────────────────────────────────────────── */

static void
on_store_changed (CdRedactPage *self)
{
  g_clear_object (&self->customers);
  if (self->document == NULL)
    reload_case_pdfs (self);
}

static void
on_store_locked (CdRedactPage *self)
{
  /* A locked case shows nothing of its customers: the PDF goes too. */
  if (self->store != NULL && cd_store_is_locked (self->store))
    {
      close_document (self);
      g_clear_object (&self->customers);
    }
  reload_case_pdfs (self);
}

void
cd_redact_page_set_store (CdRedactPage *self,
                          CdStore      *store)
{
  g_return_if_fail (CD_IS_REDACT_PAGE (self));

  if (self->store == store)
    return;
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      close_document (self);
    }
  g_clear_object (&self->customers);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_signal_connect_swapped (store, "changed::customers", G_CALLBACK (on_store_changed), self);
      g_signal_connect_swapped (store, "changed::assets", G_CALLBACK (on_store_changed), self);
      g_signal_connect_swapped (store, "notify::locked", G_CALLBACK (on_store_locked), self);
    }
  reload_case_pdfs (self);
  update_actions (self);
}

void
cd_redact_page_set_extra_folder (CdRedactPage *self,
                                 const char   *folder)
{
  g_return_if_fail (CD_IS_REDACT_PAGE (self));

  g_free (self->extra_folder);
  self->extra_folder = g_strdup (folder);
  reload_case_pdfs (self);
}

/* ── For tests ────────────────────────────────────────────────────── */

CdRedactPageState
cd_redact_page_get_state (CdRedactPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (name, "busy") == 0)
    return CD_REDACT_PAGE_BUSY;
  if (g_strcmp0 (name, "document") == 0)
    return CD_REDACT_PAGE_DOCUMENT;
  return CD_REDACT_PAGE_START;
}

gboolean
cd_redact_page_is_exporting (CdRedactPage *self)
{
  return self->exporting;
}

CdRedactDocument *
cd_redact_page_get_document (CdRedactPage *self)
{
  return self->document;
}

CdRedactView *
cd_redact_page_get_view (CdRedactPage *self)
{
  return self->view;
}

GtkListView *
cd_redact_page_get_boxes_view (CdRedactPage *self)
{
  return self->boxes_view;
}

GListModel *
cd_redact_page_get_boxes_model (CdRedactPage *self)
{
  return G_LIST_MODEL (self->items);
}

GtkListView *
cd_redact_page_get_thumbnails (CdRedactPage *self)
{
  return self->thumbnails;
}

GtkListBox *
cd_redact_page_get_case_pdfs (CdRedactPage *self)
{
  return self->case_pdfs_list;
}

GtkLabel *
cd_redact_page_get_summary (CdRedactPage *self)
{
  return self->summary_label;
}

GtkEditable *
cd_redact_page_get_search_entry (CdRedactPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkEditable *
cd_redact_page_get_page_entry (CdRedactPage *self)
{
  return GTK_EDITABLE (self->page_entry);
}

GtkEditable *
cd_redact_page_get_customer_entry (CdRedactPage *self)
{
  return GTK_EDITABLE (self->customer_entry);
}

GtkListBox *
cd_redact_page_get_customer_list (CdRedactPage *self)
{
  return self->customer_list;
}

GtkWindow *
cd_redact_page_get_dialog (CdRedactPage *self)
{
  return self->dialog;
}

guint
cd_redact_page_get_n_thumbnails (CdRedactPage *self)
{
  return cd_thumbnail_cache_size (&self->thumbnails_cache);
}

const char *
cd_redact_page_get_last_message (CdRedactPage *self)
{
  return self->last_message;
}
