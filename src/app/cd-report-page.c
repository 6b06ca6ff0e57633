/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdReportPage: the report pane (处置报告).
 *
 * The report (or the commitment letter) is built by cd_report_new () on a
 * worker thread whenever the pane is shown with a case, the kind or the
 * language changes, or the case changes (coalesced by CdPaneReload); a
 * result that arrives after a newer build started is dropped. The pane then
 * shows:
 *
 *   thumbnails   a GtkListView of small drawing areas; a page is drawn into
 *                a cached image surface only once its row is in view, one
 *                per idle, so a 250-page report opens as fast as a short one
 *   the page     CdReportSheet, the page scaled to the width of the pane,
 *                white paper with a shadow; Page Up / Page Down
 *   checklist    cd_report_get_checks (), with a draft warning above it
 *
 * Preview, printing (GtkPrintOperation) and the PDF all draw with
 * cd_report_draw_page (): what is seen is what is printed and signed.
 * Export PDF… runs cd_report_export () on a worker (the PDF, its minisign
 * signature and an audit entry). Work on a worker holds the case
 * (cd_store_hold), released on the worker, so locking or closing the case
 * waits for it. */

#include "config.h"

#define G_LOG_DOMAIN "cd-report"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-doc.h"
#include "cd-gui-util.h"
#include "cd-report.h"
#include "cd-report-page.h"
#include "cd-report-page-private.h"

/* Thumbnails, in widget pixels, and how many are kept drawn. */
#define THUMBNAIL_WIDTH  96
#define THUMBNAIL_HEIGHT ((int) (THUMBNAIL_WIDTH * CD_DOC_PAGE_HEIGHT / CD_DOC_PAGE_WIDTH + 0.5))
#define MAX_THUMBNAILS   120

/* The large page: the desk around it, and its widest (a wide window
 * would otherwise show a few lines at a time). */
#define SHEET_MARGIN     24.0
#define SHEET_MAX_WIDTH  900.0
#define SHEET_MIN_WIDTH  160.0
#define SHEET_NAT_WIDTH  640.0

/* ── CdReportSheet: one page, as wide as the pane ─────────────────────── */

#define CD_TYPE_REPORT_SHEET (cd_report_sheet_get_type ())
G_DECLARE_FINAL_TYPE (CdReportSheet, cd_report_sheet, CD, REPORT_SHEET, GtkWidget)

struct _CdReportSheet
{
  GtkWidget  parent_instance;

  CdReport  *report;
  guint      page;
};

G_DEFINE_FINAL_TYPE (CdReportSheet, cd_report_sheet, GTK_TYPE_WIDGET)

static double
sheet_page_width (double widget_width)
{
  return CLAMP (widget_width - 2 * SHEET_MARGIN, 1.0, SHEET_MAX_WIDTH);
}

static GtkSizeRequestMode
cd_report_sheet_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cd_report_sheet_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (SHEET_MIN_WIDTH + 2 * SHEET_MARGIN);
      *natural = (int) (SHEET_NAT_WIDTH + 2 * SHEET_MARGIN);
    }
  else
    {
      double width = for_size >= 0 ? for_size : SHEET_NAT_WIDTH + 2 * SHEET_MARGIN;
      double page_width = sheet_page_width (width);

      *minimum = *natural = (int) ceil (page_width * CD_DOC_PAGE_HEIGHT / CD_DOC_PAGE_WIDTH
                                        + 2 * SHEET_MARGIN);
    }
}

static void
cd_report_sheet_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  CdReportSheet *self = CD_REPORT_SHEET (widget);
  double width = gtk_widget_get_width (widget);
  double page_width = sheet_page_width (width);
  double page_height = page_width * CD_DOC_PAGE_HEIGHT / CD_DOC_PAGE_WIDTH;
  double x = floor ((width - page_width) / 2.0);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (x, SHEET_MARGIN, page_width, page_height);
  GskRoundedRect outline;
  cairo_t *cr;

  gsk_rounded_rect_init_from_rect (&outline, &bounds, 0);
  gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA) { 0, 0, 0, 0.25f }, 0, 2, 1, 6);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &bounds);
  if (self->report == NULL || self->page >= cd_report_get_n_pages (self->report))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_translate (cr, x, SHEET_MARGIN);
  cairo_scale (cr, page_width / CD_DOC_PAGE_WIDTH, page_width / CD_DOC_PAGE_WIDTH);
  cairo_rectangle (cr, 0, 0, CD_DOC_PAGE_WIDTH, CD_DOC_PAGE_HEIGHT);
  cairo_clip (cr);
  cd_report_draw_page (self->report, cr, self->page);
  cairo_destroy (cr);
}

static void
cd_report_sheet_dispose (GObject *object)
{
  g_clear_object (&CD_REPORT_SHEET (object)->report);
  G_OBJECT_CLASS (cd_report_sheet_parent_class)->dispose (object);
}

static void
cd_report_sheet_class_init (CdReportSheetClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cd_report_sheet_dispose;
  widget_class->get_request_mode = cd_report_sheet_get_request_mode;
  widget_class->measure = cd_report_sheet_measure;
  widget_class->snapshot = cd_report_sheet_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cd_report_sheet_init (CdReportSheet *self)
{
}

static void
cd_report_sheet_show (CdReportSheet *self,
                      CdReport      *report,
                      guint          page)
{
  g_autofree char *label = NULL;

  g_set_object (&self->report, report);
  self->page = page;
  if (report != NULL)
    /* Translators: the accessible name of the page preview */
    label = g_strdup_printf (_("Page %u of %u"), page + 1, cd_report_get_n_pages (report));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ── The page ────────────────────────────────────────────────────────── */

struct _CdReportPage
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkToggleButton      *commitment_button;
  GtkListBox           *checks_list;
  GtkWidget            *draft_box;
  GtkLabel             *draft_detail;
  GtkLabel             *draft_title;
  GtkDropDown          *language_dropdown;
  GtkStack             *body_stack;
  GtkSpinner           *build_spinner;
  GtkSpinner           *building_spinner;
  AdwStatusPage        *error_page;
  GtkButton            *export_button;
  GtkButton            *next_button;
  GtkButton            *open_folder_button;
  GtkLabel             *page_label;
  GtkButton            *previous_button;
  GtkButton            *print_button;
  GtkToggleButton      *report_button;
  CdReportSheet        *sheet;
  GtkScrolledWindow    *sheet_scroller;
  GtkStack             *stack;
  GtkListView          *thumbnails;
  GtkScrolledWindow    *thumbnails_scroller;
  AdwToastOverlay      *toast_overlay;

  /* owned */
  CdStore              *store;
  CdReport             *report;
  GtkStringList        *pages;             /* "1" … "n", for the thumbnails */
  GtkSingleSelection   *selection;
  guint                 current;           /* 0-based */
  guint                 generation;        /* of the newest build */
  guint                 builds;            /* under way */
  gboolean              build_again;       /* when the one under way ends */
  gboolean              exporting;
  char                 *pending_export;    /* chosen while a build ran */
  char                 *pending_commitment;
  CdPaneReload          reloader;
  CdThumbnailCache      thumbnails_cache;  /* 1-based page → cairo_surface_t */
  GQueue                pending_thumbnails; /* GtkDrawingArea (ref'd) to draw when in view */
  GQueue                waiting_thumbnails; /* GtkDrawingArea (ref'd) out of view */
  guint                 thumbnails_id;
  guint                 thumbnails_retry_id;
  GtkFileChooserNative *chooser;
  GtkPrintOperation    *print_operation;   /* the one under way, interactive */
  char                 *export_folder;
  char                 *company;           /* for file names */
  char                 *last_message;
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (CdReportPage, cd_report_page, ADW_TYPE_BIN)

static void queue_rebuild (CdReportPage *self);
static void rebuild (CdReportPage *self);
static void start_pending_export (CdReportPage *self);
static void update_actions (CdReportPage *self);

/* ── Helpers ─────────────────────────────────────────────────────────── */

static GtkWindow *
get_parent_window (CdReportPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static AdwToast *
show_toast (CdReportPage *self,
            const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->last_message);
  self->last_message = g_strdup (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  return toast;
}

static CdReportKind
chosen_kind (CdReportPage *self)
{
  return gtk_toggle_button_get_active (self->commitment_button) ? CD_REPORT_KIND_COMMITMENT
                                                                                     : CD_REPORT_KIND_REPORT;
}

static const char *
chosen_language (CdReportPage *self)
{
  return gtk_drop_down_get_selected (self->language_dropdown) == 1 ? "en" : "zh_CN";
}

/* The company's name as a file name: no separators, never empty. Read
 * when a build starts, not while a worker may be reading the case. */
static char *
read_company_for_file (CdStore *store)
{
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (store, NULL);
  const char *company = info != NULL ? cd_case_info_get_company_name (info) : NULL;
  char *name;

  name = g_strstrip (g_strdup (company != NULL ? company : ""));
  g_strdelimit (name, "/\\:*?\"<>|", '-');
  if (*name == '\0')
    {
      g_free (name);
      name = g_strdup ("case");
    }
  return name;
}

/* The documents' names follow their language, not the app's. */
static char *
report_file_name (const char   *company,
                  const char   *language,
                  CdReportKind  kind)
{
  gboolean en = g_strcmp0 (language, "en") == 0;

  if (kind == CD_REPORT_KIND_COMMITMENT)
    return g_strdup_printf (en ? "%s-data-disposal-commitment.pdf" : "%s-数据处置承诺书.pdf", company);
  return g_strdup_printf (en ? "%s-customer-data-disposal-report.pdf" : "%s-客户信息处置报告.pdf", company);
}

/* ── Thumbnails ──────────────────────────────────────────────────────── */

static cairo_surface_t *
render_thumbnail (CdReportPage *self,
                  guint         page)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int width = THUMBNAIL_WIDTH * scale;
  int height = THUMBNAIL_HEIGHT * scale;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, width / CD_DOC_PAGE_WIDTH, height / CD_DOC_PAGE_HEIGHT);
  cd_report_draw_page (self->report, cr, page);
  cairo_destroy (cr);
  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

static void thumbnails_scrolled_cb (CdReportPage *self);

static gboolean
thumbnails_retry_cb (gpointer data)
{
  CdReportPage *self = data;

  self->thumbnails_retry_id = 0;
  thumbnails_scrolled_cb (self);
  return G_SOURCE_REMOVE;
}

/* "page" on a thumbnail's area is 1-based; 0 when unbound. */
static guint
area_page (GtkWidget *area)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "page"));
}

static gboolean
draw_thumbnails_cb (gpointer data)
{
  CdReportPage *self = data;
  GtkWidget *area;

  /* One a turn: scrolling stays smooth while they come. */
  while ((area = g_queue_pop_head (&self->pending_thumbnails)) != NULL)
    {
      guint page = area_page (area);

      g_object_set_data (G_OBJECT (area), "queued", NULL);
      if (page == 0 || self->report == NULL || page > cd_report_get_n_pages (self->report) ||
          cd_thumbnail_cache_contains (&self->thumbnails_cache, page))
        {
          gtk_widget_queue_draw (area);
          g_object_unref (area);
          continue;
        }
      /* The list view makes rows beyond what is on screen; only those in
       * view are drawn, the others wait until a scroll brings them in. */
      switch (cd_gui_widget_place_in (area, GTK_WIDGET (self->thumbnails)))
        {
        case CD_WIDGET_IN_VIEW:
          break;
        case CD_WIDGET_NOT_PLACED:
          if (self->thumbnails_retry_id == 0)
            self->thumbnails_retry_id = g_timeout_add (100, thumbnails_retry_cb, self);
          G_GNUC_FALLTHROUGH;
        case CD_WIDGET_OUT_OF_VIEW:
        default:
          g_object_set_data (G_OBJECT (area), "queued", GINT_TO_POINTER (TRUE));
          g_queue_push_tail (&self->waiting_thumbnails, area);
          continue;
        }
      cd_thumbnail_cache_insert (&self->thumbnails_cache, page, render_thumbnail (self, page - 1));
      gtk_widget_queue_draw (area);
      g_object_unref (area);
      return G_SOURCE_CONTINUE;
    }
  self->thumbnails_id = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_thumbnail (CdReportPage *self,
                 GtkWidget    *area)
{
  if (g_object_get_data (G_OBJECT (area), "queued") != NULL)
    return;
  g_object_set_data (G_OBJECT (area), "queued", GINT_TO_POINTER (TRUE));
  g_queue_push_tail (&self->pending_thumbnails, g_object_ref (area));
  if (self->thumbnails_id == 0)
    self->thumbnails_id = g_idle_add_full (G_PRIORITY_LOW, draw_thumbnails_cb, self, NULL);
}

static void
draw_thumbnail (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  CdReportPage *self = data;
  guint page = area_page (GTK_WIDGET (area));
  cairo_surface_t *surface;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (page == 0 || self->report == NULL)
    return;
  surface = cd_thumbnail_cache_lookup (&self->thumbnails_cache, page);
  if (surface == NULL)
    {
      /* Drawn when it is in view, from an idle. */
      queue_thumbnail (self, GTK_WIDGET (area));
      return;
    }
  cairo_save (cr);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  /* The paper's edge. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, 0.5, 0.5, width - 1, height - 1);
  cairo_stroke (cr);
}

static void
thumbnail_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    CdReportPage             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *area = gtk_drawing_area_new ();
  GtkWidget *number = gtk_label_new (NULL);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), THUMBNAIL_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), THUMBNAIL_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_thumbnail, self, NULL);
  gtk_widget_set_halign (area, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (number, "caption");
  gtk_box_append (GTK_BOX (box), area);
  gtk_box_append (GTK_BOX (box), number);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  g_object_set_data (G_OBJECT (box), "area", area);
  g_object_set_data (G_OBJECT (box), "number", number);
  gtk_list_item_set_child (list_item, box);
}

static void
thumbnail_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   CdReportPage             *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *area = g_object_get_data (G_OBJECT (box), "area");
  GtkLabel *number = g_object_get_data (G_OBJECT (box), "number");
  guint page = gtk_list_item_get_position (list_item) + 1;
  g_autofree char *label = g_strdup_printf ("%u", page);
  /* Translators: a page thumbnail's accessible name */
  g_autofree char *accessible = g_strdup_printf (_("Page %u"), page);

  gtk_label_set_label (number, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data (G_OBJECT (area), "page", GUINT_TO_POINTER (page));
  gtk_widget_queue_draw (area);
}

static void
thumbnail_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     CdReportPage             *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *area = g_object_get_data (G_OBJECT (box), "area");

  g_object_set_data (G_OBJECT (area), "page", NULL);
}

static void
thumbnails_scrolled_cb (CdReportPage *self)
{
  GtkWidget *area;

  while ((area = g_queue_pop_head (&self->waiting_thumbnails)) != NULL)
    g_queue_push_tail (&self->pending_thumbnails, area);
  if (self->thumbnails_id == 0 && !g_queue_is_empty (&self->pending_thumbnails))
    self->thumbnails_id = g_idle_add_full (G_PRIORITY_LOW, draw_thumbnails_cb, self, NULL);
}

static void
clear_thumbnail_queue (GQueue *queue)
{
  GtkWidget *area;

  while ((area = g_queue_pop_head (queue)) != NULL)
    {
      g_object_set_data (G_OBJECT (area), "queued", NULL);
      g_object_unref (area);
    }
}

static void
clear_thumbnails (CdReportPage *self)
{
  g_clear_handle_id (&self->thumbnails_id, g_source_remove);
  g_clear_handle_id (&self->thumbnails_retry_id, g_source_remove);
  clear_thumbnail_queue (&self->pending_thumbnails);
  clear_thumbnail_queue (&self->waiting_thumbnails);
  cd_thumbnail_cache_clear (&self->thumbnails_cache);
}

/* ── Pages ───────────────────────────────────────────────────────────── */

static guint
n_pages (CdReportPage *self)
{
  return self->report != NULL ? cd_report_get_n_pages (self->report) : 0;
}

static void
show_page (CdReportPage *self,
           guint         page)
{
  guint n = n_pages (self);
  g_autofree char *label = NULL;
  GtkAdjustment *adjustment;

  if (n == 0)
    {
      self->current = 0;
      gtk_label_set_text (self->page_label, "");
      cd_report_sheet_show (self->sheet, NULL, 0);
      update_actions (self);
      return;
    }
  page = MIN (page, n - 1);
  self->current = page;
  /* Translators: under the page preview */
  label = g_strdup_printf (_("Page %u of %u"), page + 1, n);
  gtk_label_set_text (self->page_label, label);
  cd_report_sheet_show (self->sheet, self->report, page);
  adjustment = gtk_scrolled_window_get_vadjustment (self->sheet_scroller);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
  if (gtk_single_selection_get_selected (self->selection) != page)
    {
      gtk_single_selection_set_selected (self->selection, page);
      gtk_widget_activate_action (GTK_WIDGET (self->thumbnails), "list.scroll-to-item", "u", page);
    }
  update_actions (self);
}

static void
on_selection_changed (CdReportPage *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION && selected != self->current)
    show_page (self, selected);
}

/* ── The checklist ───────────────────────────────────────────────────── */

static void
clear_list (GtkListBox *list)
{
  cd_gui_list_box_clear (list);
}

static GtkWidget *
new_check_row (const CdReportCheck *check)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  const char *state;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), check->title != NULL ? check->title : "");
  if (check->detail != NULL && *check->detail != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), check->detail);
  if (check->done)
    {
      icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
      gtk_widget_add_css_class (icon, "success");
      /* Translators: the state of a checklist line, for screen readers */
      state = _("Done");
    }
  else if (check->blocking)
    {
      icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_add_css_class (icon, "error");
      state = _("Blocks the final report");
    }
  else
    {
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (icon, "warning");
      state = _("Not done yet");
    }
  gtk_widget_set_tooltip_text (icon, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, state, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
show_checks (CdReportPage *self)
{
  GPtrArray *checks = self->report != NULL ? cd_report_get_checks (self->report) : NULL;

  clear_list (self->checks_list);
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      const CdReportCheck *check = g_ptr_array_index (checks, i);

      gtk_list_box_append (self->checks_list, new_check_row (check));
    }

  if (self->report != NULL && cd_report_is_draft (self->report))
    {
      /* The checklist has one line for the whole plan check; the banner
       * says how many errors it found. */
      guint n_errors = cd_report_get_n_plan_errors (self->report);
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Draft: the plan check has %u error",
                                                             "Draft: the plan check has %u errors",
                                                             n_errors),
                                                n_errors);
      gtk_label_set_text (self->draft_title, title);
      gtk_label_set_text (self->draft_detail,
                          _("Every page is marked “草稿 / DRAFT” and the first page lists the "
                            "errors. The plan check of the Sensitivity pane shows how to "
                            "fix them."));
      gtk_widget_set_visible (GTK_WIDGET (self->draft_detail), TRUE);
      gtk_widget_set_visible (self->draft_box, TRUE);
    }
  else
    gtk_widget_set_visible (self->draft_box, FALSE);
}

/* ── Building ────────────────────────────────────────────────────────── */

static void
update_actions (CdReportPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean shown = self->report != NULL;
  guint n = n_pages (self);
  gboolean building = self->builds > 0;

  gtk_widget_action_set_enabled (widget, "report.previous-page", shown && self->current > 0);
  gtk_widget_action_set_enabled (widget, "report.next-page", shown && self->current + 1 < n);
  gtk_widget_action_set_enabled (widget, "report.print", shown && self->print_operation == NULL);
  /* The export builds the report again itself, from the case as it is. */
  gtk_widget_action_set_enabled (widget, "report.export", self->store != NULL && shown && !self->exporting &&
                                                         self->pending_export == NULL);
  gtk_widget_action_set_enabled (widget, "report.open-folder", self->export_folder != NULL);
  gtk_widget_action_set_enabled (widget, "report.rebuild", self->store != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->open_folder_button), self->export_folder != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->build_spinner), building || self->exporting ||
                                                            self->pending_export != NULL);
  gtk_spinner_set_spinning (self->build_spinner, building || self->exporting || self->pending_export != NULL);
  gtk_spinner_set_spinning (self->building_spinner, building);
}

static void
set_report (CdReportPage *self,
            CdReport     *report)
{
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  gboolean same_kind = self->report != NULL && report != NULL &&
                       cd_report_get_kind (self->report) == cd_report_get_kind (report);
  guint n = report != NULL ? cd_report_get_n_pages (report) : 0;
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);

  clear_thumbnails (self);
  g_set_object (&self->report, report);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (strings, g_strdup_printf ("%u", i + 1));
  g_ptr_array_add (strings, NULL);
  /* Rows rebind: their thumbnails are drawn again from the new report. */
  g_signal_handlers_block_by_func (self->selection, on_selection_changed, self);
  gtk_string_list_splice (self->pages, 0, old_n, (const char * const *) strings->pdata);
  g_signal_handlers_unblock_by_func (self->selection, on_selection_changed, self);
  show_checks (self);
  /* Same document rebuilt: stay on the page; another: its first page. */
  show_page (self, same_kind ? self->current : 0);
  if (n > 0)
    gtk_single_selection_set_selected (self->selection, self->current);
}

static void
show_error (CdReportPage *self,
            const char   *message)
{
  set_report (self, NULL);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->body_stack, "error");
}

typedef struct
{
  CdStore      *store;
  CdReportKind  kind;
  char         *language;
  guint         generation;
} Build;

static void
build_free (Build *build)
{
  g_object_unref (build->store);
  g_free (build->language);
  g_free (build);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Build *build = task_data;
  GError *error = NULL;
  CdReport *report = cd_report_new (build->store, build->kind, build->language, NULL, &error);

  /* Here, not in the callback: closing the case waits for this. */
  cd_store_release (build->store);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

static void
build_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CdReportPage *self = CD_REPORT_PAGE (source);
  Build *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(CdReport) report = g_task_propagate_pointer (G_TASK (result), &error);

  self->builds--;
  if (self->disposed)
    return;
  /* The case changed, or the kind or language, since it started. */
  if (build->generation != self->generation || self->store == NULL)
    {
      if (self->build_again && self->store != NULL)
        {
          self->build_again = FALSE;
          rebuild (self);
        }
      else
        start_pending_export (self);
      update_actions (self);
      return;
    }
  if (report == NULL)
    {
      g_debug ("The report was not built: %s", error->message);
      show_error (self, error->message);
    }
  else
    {
      set_report (self, report);
      gtk_stack_set_visible_child_name (self->body_stack, "report");
    }
  start_pending_export (self);
  update_actions (self);
}

static void
rebuild (CdReportPage *self)
{
  g_autoptr(GTask) task = NULL;
  Build *build;
  CdReportKind kind = chosen_kind (self);
  const char *language = chosen_language (self);

  cd_pane_reload_started (&self->reloader);
  self->generation++;
  self->build_again = FALSE;
  if (self->store == NULL)
    {
      set_report (self, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_actions (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "main");

  /* One build at a time: changes in a row (an import, a scan) make one
   * more build when the one under way ends, not one each. Nor during an
   * export: one worker on the case at a time. */
  if (self->builds > 0 || self->exporting)
    {
      self->build_again = TRUE;
      if (self->report != NULL && (cd_report_get_kind (self->report) != kind ||
                                   g_strcmp0 (cd_report_get_language (self->report), language) != 0))
        {
          set_report (self, NULL);
          gtk_stack_set_visible_child_name (self->body_stack, "building");
        }
      update_actions (self);
      return;
    }

  build = g_new0 (Build, 1);
  build->store = g_object_ref (self->store);
  build->kind = kind;
  build->language = g_strdup (language);
  build->generation = self->generation;
  /* A report of another kind or language is not left on show while the
   * right one is built; the same one is, until its update is ready. */
  if (self->report == NULL || cd_report_get_kind (self->report) != kind ||
      g_strcmp0 (cd_report_get_language (self->report), language) != 0)
    {
      set_report (self, NULL);
      gtk_stack_set_visible_child_name (self->body_stack, "building");
    }

  g_free (self->company);
  self->company = read_company_for_file (self->store);
  cd_store_hold (self->store);
  task = g_task_new (self, NULL, build_done, NULL);
  g_task_set_source_tag (task, rebuild);
  g_task_set_task_data (task, build, (GDestroyNotify) build_free);
  self->builds++;
  g_task_run_in_thread (task, build_thread);
  update_actions (self);
}

static void
rebuild_pane (GtkWidget *pane)
{
  rebuild (CD_REPORT_PAGE (pane));
}

static void
queue_rebuild (CdReportPage *self)
{
  cd_pane_reload_queue (&self->reloader);
}

static void
on_store_changed (CdReportPage *self)
{
  /* What is being built no longer says what the case says. */
  self->generation++;
  queue_rebuild (self);
}

static void
on_kind_toggled (CdReportPage    *self,
                 GtkToggleButton *button)
{
  /* Each change toggles both buttons: build on the one turned on. */
  if (gtk_toggle_button_get_active (button))
    {
      self->generation++;
      queue_rebuild (self);
    }
}

static void
on_language_selected (CdReportPage *self)
{
  self->generation++;
  queue_rebuild (self);
}

/* ── Printing ────────────────────────────────────────────────────────── */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              CdReport          *report)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  /* A4 is drawn as is; other paper gets the page scaled to fit. */
  double scale = MIN (width / CD_DOC_PAGE_WIDTH, height / CD_DOC_PAGE_HEIGHT);

  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cd_report_draw_page (report, cr, (guint) page_nr);
  cairo_restore (cr);
}

static GtkPrintOperation *
new_print_operation (CdReportPage *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autofree char *name = report_file_name (self->company != NULL ? self->company : "case",
                                            cd_report_get_language (self->report),
                                            cd_report_get_kind (self->report));

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, (int) cd_report_get_n_pages (self->report));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  /* The document has its own margins; the printer's are not added. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_job_name (operation, name);
  /* The report printed is the one shown when Print was chosen, even if
   * the case changes while the dialog is open. */
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (draw_page_cb), g_object_ref (self->report),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               CdReportPage            *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      show_toast (self, error != NULL ? error->message : _("The report could not be printed"));
    }
  g_clear_object (&self->print_operation);
  update_actions (self);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdReportPage *self = CD_REPORT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  if (self->report == NULL || self->print_operation != NULL)
    return;
  self->print_operation = new_print_operation (self);
  gtk_print_operation_set_allow_async (self->print_operation, TRUE);
  g_signal_connect_object (self->print_operation, "done", G_CALLBACK (print_done_cb), self, 0);
  update_actions (self);
  result = gtk_print_operation_run (self->print_operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    get_parent_window (self), &error);
  /* Finished already, without "done" (which would have cleared it). */
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS && self->print_operation != NULL)
    {
      if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL)
        show_toast (self, error->message);
      g_signal_handlers_disconnect_by_data (self->print_operation, self);
      g_clear_object (&self->print_operation);
      update_actions (self);
    }
}

/* ── Export ──────────────────────────────────────────────────────────── */

typedef struct
{
  CdStore *store;
  char    *path;
  char    *language;
  char    *commitment_path;
  guint    n_pages;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->store);
  g_free (export->path);
  g_free (export->language);
  g_free (export->commitment_path);
  g_free (export);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  GError *error = NULL;
  gboolean ok = cd_report_export (export->store, export->path, export->language, export->commitment_path,
                                  &export->n_pages, NULL, &error);

  cd_store_release (export->store);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CdReportPage *self = CD_REPORT_PAGE (source);
  Export *export = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  self->exporting = FALSE;
  if (self->disposed)
    return;
  if (self->build_again && self->store != NULL)
    {
      self->build_again = FALSE;
      rebuild (self);
    }
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_toast (self, error->message);
      update_actions (self);
      return;
    }
  g_free (self->export_folder);
  self->export_folder = g_path_get_dirname (export->path);
  toast = show_toast (self, export->commitment_path != NULL
                            ? _("Report and commitment letter saved with their signatures")
                            : _("Report saved with its signature"));
  adw_toast_set_button_label (toast, _("Open _Folder"));
  adw_toast_set_action_name (toast, "report.open-folder");
  update_actions (self);
}

static void
export_to (CdReportPage *self,
           const char   *path,
           const char   *commitment_path)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  if (self->store == NULL || self->exporting)
    return;
  /* After the build under way: one worker on the case at a time. */
  if (self->builds > 0)
    {
      g_free (self->pending_export);
      g_free (self->pending_commitment);
      self->pending_export = g_strdup (path);
      self->pending_commitment = g_strdup (commitment_path);
      update_actions (self);
      return;
    }
  export = g_new0 (Export, 1);
  export->store = g_object_ref (self->store);
  export->path = g_strdup (path);
  export->language = g_strdup (chosen_language (self));
  export->commitment_path = g_strdup (commitment_path);

  self->exporting = TRUE;
  cd_store_hold (self->store);
  task = g_task_new (self, NULL, export_done, NULL);
  g_task_set_source_tag (task, export_to);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);
  g_task_run_in_thread (task, export_thread);
  update_actions (self);
}

static void
start_pending_export (CdReportPage *self)
{
  g_autofree char *path = g_steal_pointer (&self->pending_export);
  g_autofree char *commitment_path = g_steal_pointer (&self->pending_commitment);

  if (path != NULL && self->builds == 0)
    export_to (self, path, commitment_path);
}

static void
on_export_chooser_response (CdReportPage *self,
                            int           response)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *commitment_path = NULL;
  gboolean commitment = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
      commitment = g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (self->chooser), "commitment"),
                              "true") == 0;
    }
  g_clear_object (&self->chooser);
  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;
  if (commitment)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *name = report_file_name (self->company, chosen_language (self), CD_REPORT_KIND_COMMITMENT);

      commitment_path = g_build_filename (dir, name, NULL);
    }
  export_to (self, path, commitment_path);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdReportPage *self = CD_REPORT_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->store == NULL || self->exporting || self->company == NULL)
    return;
  name = report_file_name (self->company, chosen_language (self), CD_REPORT_KIND_REPORT);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Disposal Report"), get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_pattern (filter, "*.pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "commitment",
                               _("Also save the commitment letter beside it"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (self->chooser), "commitment",
                               chosen_kind (self) == CD_REPORT_KIND_COMMITMENT ? "true" : "false");
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_export_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdReportPage *self = CD_REPORT_PAGE (widget);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (self->export_folder == NULL)
    return;
  folder = g_file_new_for_path (self->export_folder);
  uri = g_file_get_uri (folder);
  gtk_show_uri (get_parent_window (self), uri, GDK_CURRENT_TIME);
}

/* ── Actions ─────────────────────────────────────────────────────────── */

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdReportPage *self = CD_REPORT_PAGE (widget);

  if (self->current > 0)
    show_page (self, self->current - 1);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdReportPage *self = CD_REPORT_PAGE (widget);

  if (self->current + 1 < n_pages (self))
    show_page (self, self->current + 1);
}

static void
rebuild_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rebuild (CD_REPORT_PAGE (widget));
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_report_page_map (GtkWidget *widget)
{
  CdReportPage *self = CD_REPORT_PAGE (widget);

  GTK_WIDGET_CLASS (cd_report_page_parent_class)->map (widget);
  if (self->reloader.stale)
    queue_rebuild (self);
}

static void
cd_report_page_dispose (GObject *object)
{
  CdReportPage *self = CD_REPORT_PAGE (object);

  cd_report_page_set_store (self, NULL);
  self->disposed = TRUE;
  cd_pane_reload_clear (&self->reloader);
  clear_thumbnails (self);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
  g_clear_object (&self->chooser);
  if (self->print_operation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->print_operation, self);
      gtk_print_operation_cancel (self->print_operation);
      g_clear_object (&self->print_operation);
    }
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_REPORT_PAGE);
  g_clear_object (&self->report);
  g_clear_object (&self->selection);
  g_clear_object (&self->pages);

  G_OBJECT_CLASS (cd_report_page_parent_class)->dispose (object);
}

static void
cd_report_page_finalize (GObject *object)
{
  CdReportPage *self = CD_REPORT_PAGE (object);

  cd_thumbnail_cache_destroy (&self->thumbnails_cache);
  g_free (self->export_folder);
  g_free (self->company);
  g_free (self->pending_export);
  g_free (self->pending_commitment);
  g_free (self->last_message);

  G_OBJECT_CLASS (cd_report_page_parent_class)->finalize (object);
}

static void
cd_report_page_class_init (CdReportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = cd_report_page_map;
  object_class->dispose = cd_report_page_dispose;
  object_class->finalize = cd_report_page_finalize;

  g_type_ensure (CD_TYPE_REPORT_SHEET);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-report-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, body_stack);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, build_spinner);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, building_spinner);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, checks_list);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, commitment_button);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, draft_box);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, draft_detail);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, draft_title);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, next_button);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, open_folder_button);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, report_button);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, sheet);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, sheet_scroller);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, thumbnails_scroller);
  gtk_widget_class_bind_template_child (widget_class, CdReportPage, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_language_selected);

  gtk_widget_class_install_action (widget_class, "report.previous-page", NULL, previous_page_action);
  gtk_widget_class_install_action (widget_class, "report.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "report.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "report.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "report.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "report.rebuild", NULL, rebuild_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "report.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Up, 0, "report.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "report.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Page_Down, 0, "report.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "report.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "report.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "report.rebuild", NULL);
}

static void
cd_report_page_init (CdReportPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  cd_pane_reload_init (&self->reloader, GTK_WIDGET (self), rebuild_pane);
  cd_thumbnail_cache_init (&self->thumbnails_cache, MAX_THUMBNAILS, (GDestroyNotify) cairo_surface_destroy);
  g_queue_init (&self->pending_thumbnails);
  g_queue_init (&self->waiting_thumbnails);

  self->pages = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->pages)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (factory, "setup", G_CALLBACK (thumbnail_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (thumbnail_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (thumbnail_unbind_cb), self);
  gtk_list_view_set_factory (self->thumbnails, factory);
  gtk_list_view_set_model (self->thumbnails, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->thumbnails_scroller), "value-changed",
                            G_CALLBACK (thumbnails_scrolled_cb), self);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  update_actions (self);
}

/* ── Public API ──────────────────────────────────────────────────────── */

GtkWidget *
cd_report_page_new (void)
{
  return g_object_new (CD_TYPE_REPORT_PAGE, NULL);
}

/**
 * cd_report_page_set_store:
 * @store: (nullable): the open, unlocked case, or %NULL when it locks or
 *   closes
 *
 * Shows @store's report, built when the pane is shown; %NULL empties the
 * pane (a build under way is dropped when it ends).
 */
void
cd_report_page_set_store (CdReportPage *self,
                          CdStore      *store)
{
  g_return_if_fail (CD_IS_REPORT_PAGE (self));
  g_return_if_fail (store == NULL || CD_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_pointer (&self->export_folder, g_free);
  g_clear_pointer (&self->pending_export, g_free);
  g_clear_pointer (&self->pending_commitment, g_free);
  self->generation++;

  if (store != NULL)
    /* Everything in the case is in the report; every change is audited. */
    g_signal_connect_swapped (store, "changed", G_CALLBACK (on_store_changed), self);

  if (self->disposed)
    return;
  if (store == NULL)
    /* Nothing decrypted stays on show. */
    rebuild (self);
  else
    queue_rebuild (self);
}

/* ── Test access (cd-report-page-private.h) ──────────────────────────── */

const char *
cd_report_page_get_state (CdReportPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    return "empty";
  return gtk_stack_get_visible_child_name (self->body_stack);
}

gboolean
cd_report_page_is_busy (CdReportPage *self)
{
  return self->builds > 0 || self->exporting || self->pending_export != NULL || self->reloader.source != 0;
}

CdReport *
cd_report_page_get_report (CdReportPage *self)
{
  return self->report;
}

guint
cd_report_page_get_current_page (CdReportPage *self)
{
  return self->current;
}

GtkLabel *
cd_report_page_get_page_label (CdReportPage *self)
{
  return self->page_label;
}

GtkButton *
cd_report_page_get_previous_button (CdReportPage *self)
{
  return self->previous_button;
}

GtkButton *
cd_report_page_get_next_button (CdReportPage *self)
{
  return self->next_button;
}

GtkToggleButton *
cd_report_page_get_report_button (CdReportPage *self)
{
  return self->report_button;
}

GtkToggleButton *
cd_report_page_get_commitment_button (CdReportPage *self)
{
  return self->commitment_button;
}

GtkDropDown *
cd_report_page_get_language_dropdown (CdReportPage *self)
{
  return self->language_dropdown;
}

GtkListBox *
cd_report_page_get_checks_list (CdReportPage *self)
{
  return self->checks_list;
}

GtkWidget *
cd_report_page_get_draft_box (CdReportPage *self)
{
  return self->draft_box;
}

GtkListView *
cd_report_page_get_thumbnails (CdReportPage *self)
{
  return self->thumbnails;
}

AdwStatusPage *
cd_report_page_get_error_page (CdReportPage *self)
{
  return self->error_page;
}

GtkButton *
cd_report_page_get_open_folder_button (CdReportPage *self)
{
  return self->open_folder_button;
}

guint
cd_report_page_count_thumbnails (CdReportPage *self)
{
  return cd_thumbnail_cache_size (&self->thumbnails_cache);
}

gboolean
cd_report_page_thumbnail_drawn (CdReportPage *self,
                                guint         page)
{
  return cd_thumbnail_cache_contains (&self->thumbnails_cache, page + 1);
}

const char *
cd_report_page_get_last_message (CdReportPage *self)
{
  return self->last_message;
}

gboolean
cd_report_page_print_to (CdReportPage *self,
                         const char   *path,
                         GError      **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  if (self->report == NULL)
    {
      g_set_error_literal (error, CD_REPORT_ERROR, CD_REPORT_ERROR_FAILED, "no report shown");
      return FALSE;
    }
  operation = new_print_operation (self);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, get_parent_window (self),
                                  error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}

void
cd_report_page_export_to (CdReportPage *self,
                          const char   *path,
                          const char   *commitment_path)
{
  export_to (self, path, commitment_path);
}
