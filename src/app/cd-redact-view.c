/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRedactView: one page of a CdRedactDocument with its boxes.
 *
 * The page is rendered by poppler once per page and zoom into a texture
 * (at most MAX_TEXTURE_PIXELS, so a huge page or zoom never costs more);
 * the boxes are drawn over it on every snapshot, as they change often:
 *   - to be redacted: translucent black with a red edge (solid black in
 *     preview, as it will be exported);
 *   - kept (excluded): a thin dashed edge only (nothing in preview);
 *   - being drawn: a blue rubber band.
 * A press and release without moving toggles the box under the pointer; a
 * drag from anywhere draws a new box by hand. "boxes-changed" says so. */

#include "config.h"

#define G_LOG_DOMAIN "cd-redact"

#include <math.h>

#include <glib/gi18n.h>

#include "cd-redact-view.h"

#define MARGIN              16.0
#define MAX_TEXTURE_PIXELS  (24.0 * 1024 * 1024)
#define CLICK_SLOP          4.0
#define MIN_BOX_POINTS      3.0

struct _CdRedactView
{
  GtkWidget         parent_instance;

  CdRedactDocument *document;
  guint             page;          /* 1-based, 0 when there is no document */
  double            zoom;          /* widget pixels per point */
  gboolean          preview;

  double            page_width;    /* points, as displayed */
  double            page_height;
  GdkTexture       *texture;       /* the rendered page, or NULL */
  double            texture_zoom;
  guint             texture_page;

  gboolean          dragging;
  double            drag_x;        /* widget coordinates */
  double            drag_y;
  double            drag_dx;
  double            drag_dy;
};

G_DEFINE_FINAL_TYPE (CdRedactView, cd_redact_view, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_BOXES_CHANGED,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
page_origin (CdRedactView *self,
             double       *x,
             double       *y)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double drawn_width = self->page_width * self->zoom;
  double drawn_height = self->page_height * self->zoom;

  *x = MAX (MARGIN, (width - drawn_width) / 2.0);
  *y = MAX (MARGIN, (height - drawn_height) / 2.0);
}

void
cd_redact_view_page_to_widget (CdRedactView *self,
                               double        page_x,
                               double        page_y,
                               double       *x,
                               double       *y)
{
  double ox, oy;

  g_return_if_fail (CD_IS_REDACT_VIEW (self));

  page_origin (self, &ox, &oy);
  *x = ox + page_x * self->zoom;
  *y = oy + page_y * self->zoom;
}

static void
widget_to_page (CdRedactView *self,
                double        x,
                double        y,
                double       *page_x,
                double       *page_y)
{
  double ox, oy;

  page_origin (self, &ox, &oy);
  *page_x = (x - ox) / self->zoom;
  *page_y = (y - oy) / self->zoom;
}

/**
 * cd_redact_view_render_texture:
 * @page_width: (in points) as displayed
 * @width: (in pixels) of the texture
 *
 * Draws @page on white into a texture of @width × @height pixels.
 *
 * Returns: (transfer full) (nullable): the texture, or %NULL if the page
 * could not be drawn
 */
GdkTexture *
cd_redact_view_render_texture (CdRedactDocument *document,
                               guint             page,
                               double            page_width,
                               double            page_height,
                               int               width,
                               int               height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  gboolean drawn;
  GdkTexture *texture = NULL;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, width / page_width, height / page_height);
  drawn = cd_redact_document_render_page (document, page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (drawn && cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                                             (gsize) cairo_image_surface_get_stride (surface) * height);

      texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                        cairo_image_surface_get_stride (surface));
    }
  cairo_surface_destroy (surface);
  return texture;
}

static GdkTexture *
render_page (CdRedactView *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double pixels_per_point = self->zoom * scale;

  if (self->page_width * self->page_height * pixels_per_point * pixels_per_point > MAX_TEXTURE_PIXELS)
    pixels_per_point = sqrt (MAX_TEXTURE_PIXELS / (self->page_width * self->page_height));
  return cd_redact_view_render_texture (self->document, self->page, self->page_width, self->page_height,
                                        MAX (1, (int) ceil (self->page_width * pixels_per_point)),
                                        MAX (1, (int) ceil (self->page_height * pixels_per_point)));
}

static void
ensure_texture (CdRedactView *self)
{
  if (self->document == NULL || self->page == 0)
    return;
  if (self->texture != NULL && self->texture_page == self->page && self->texture_zoom == self->zoom)
    return;
  g_clear_object (&self->texture);
  self->texture = render_page (self);
  self->texture_page = self->page;
  self->texture_zoom = self->zoom;
}

static void
add_box_path (cairo_t           *cr,
              const CdRedactBox *box)
{
  for (guint r = 0; r < box->rects->len; r++)
    {
      const CdRedactRect *rect = &g_array_index (box->rects, CdRedactRect, r);

      cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
    }
}

static void
draw_boxes (CdRedactView *self,
            cairo_t      *cr)
{
  GPtrArray *boxes = cd_redact_document_get_boxes (self->document);

  cairo_scale (cr, self->zoom, self->zoom);
  cairo_set_line_width (cr, 1.5 / self->zoom);
  for (guint i = 0; i < boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (boxes, i);

      if (box->page != self->page)
        continue;
      add_box_path (cr, box);
      if (self->preview)
        {
          /* A note is dropped from the copy, not painted over. */
          if (box->excluded || box->source == CD_REDACT_SOURCE_ANNOTATION)
            cairo_new_path (cr);
          else
            {
              cairo_set_source_rgb (cr, 0, 0, 0);
              cairo_fill (cr);
            }
          continue;
        }
      if (box->excluded)
        {
          double dash = 3.0 / self->zoom;

          cairo_set_dash (cr, &dash, 1, 0);
          cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      else
        {
          cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, 0.88, 0.11, 0.14);
          cairo_stroke (cr);
        }
    }
}

static void
cd_redact_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CdRedactView *self = CD_REDACT_VIEW (widget);
  graphene_rect_t bounds;
  double ox, oy;
  cairo_t *cr;

  if (self->document == NULL || self->page == 0)
    return;
  ensure_texture (self);
  page_origin (self, &ox, &oy);
  bounds = GRAPHENE_RECT_INIT ((float) ox, (float) oy, (float) (self->page_width * self->zoom),
                               (float) (self->page_height * self->zoom));

  /* A sheet of paper on the desk. */
  {
    GskRoundedRect outline;

    gsk_rounded_rect_init_from_rect (&outline, &bounds, 0);
    gtk_snapshot_append_outset_shadow (snapshot, &outline, &(GdkRGBA) { 0, 0, 0, 0.25f }, 0, 1, 0, 4);
  }
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
  else
    gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 }, &bounds);

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_translate (cr, ox, oy);
  cairo_save (cr);
  draw_boxes (self, cr);
  cairo_restore (cr);
  if (self->dragging)
    {
      double x = MIN (self->drag_x, self->drag_x + self->drag_dx) - ox;
      double y = MIN (self->drag_y, self->drag_y + self->drag_dy) - oy;

      cairo_rectangle (cr, x, y, fabs (self->drag_dx), fabs (self->drag_dy));
      cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
cd_redact_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CdRedactView *self = CD_REDACT_VIEW (widget);
  double points = orientation == GTK_ORIENTATION_HORIZONTAL ? self->page_width : self->page_height;
  int size = self->page == 0 ? 0 : (int) ceil (points * self->zoom + 2 * MARGIN);

  *minimum = *natural = size;
}

CdRedactBox *
cd_redact_view_box_at (CdRedactView *self,
                       double        x,
                       double        y)
{
  GPtrArray *boxes;
  double px, py;

  g_return_val_if_fail (CD_IS_REDACT_VIEW (self), NULL);

  if (self->document == NULL || self->page == 0)
    return NULL;
  widget_to_page (self, x, y, &px, &py);
  boxes = cd_redact_document_get_boxes (self->document);
  /* The last drawn is on top. */
  for (guint i = boxes->len; i > 0; i--)
    {
      CdRedactBox *box = g_ptr_array_index (boxes, i - 1);

      if (box->page != self->page)
        continue;
      for (guint r = 0; r < box->rects->len; r++)
        {
          const CdRedactRect *rect = &g_array_index (box->rects, CdRedactRect, r);

          if (px >= rect->x && px <= rect->x + rect->width && py >= rect->y && py <= rect->y + rect->height)
            return box;
        }
    }
  return NULL;
}

static void
drag_begin_cb (CdRedactView   *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  if (self->document == NULL || self->preview)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
}

static void
drag_update_cb (CdRedactView   *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  self->drag_dx = dx;
  self->drag_dy = dy;
  if (!self->dragging && (fabs (dx) > CLICK_SLOP || fabs (dy) > CLICK_SLOP))
    {
      self->dragging = TRUE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
  if (self->dragging)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (CdRedactView   *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  g_autoptr(GError) error = NULL;

  if (!self->dragging)
    {
      CdRedactBox *box = cd_redact_view_box_at (self, self->drag_x, self->drag_y);

      if (box != NULL)
        {
          box->excluded = !box->excluded;
          gtk_widget_queue_draw (GTK_WIDGET (self));
          g_signal_emit (self, signals[SIGNAL_BOXES_CHANGED], 0);
        }
      return;
    }

  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  {
    double x0, y0, x1, y1;
    CdRedactRect rect;

    widget_to_page (self, self->drag_x, self->drag_y, &x0, &y0);
    widget_to_page (self, self->drag_x + dx, self->drag_y + dy, &x1, &y1);
    rect.x = CLAMP (MIN (x0, x1), 0, self->page_width);
    rect.y = CLAMP (MIN (y0, y1), 0, self->page_height);
    rect.width = CLAMP (MAX (x0, x1), 0, self->page_width) - rect.x;
    rect.height = CLAMP (MAX (y0, y1), 0, self->page_height) - rect.y;
    if (rect.width < MIN_BOX_POINTS || rect.height < MIN_BOX_POINTS)
      return;
    if (cd_redact_document_add_box (self->document, self->page, &rect, &error) == NULL)
      {
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
        return;
      }
    g_signal_emit (self, signals[SIGNAL_BOXES_CHANGED], 0);
  }
}

/* The kind of the box under the pointer, and what a click does. */
static gboolean
query_tooltip_cb (CdRedactView *self,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip)
{
  CdRedactBox *box = keyboard ? NULL : cd_redact_view_box_at (self, x, y);
  const char *kind;
  g_autofree char *text = NULL;

  if (box == NULL || self->preview)
    return FALSE;
  if (box->source == CD_REDACT_SOURCE_MANUAL)
    kind = _("Drawn by hand");
  else if (box->source == CD_REDACT_SOURCE_SEARCH)
    kind = _("Search match");
  else if (box->kind >= 0 && box->kind < CD_N_DETECT_KINDS)
    kind = cd_detect_kind_get_label ((CdDetectKind) box->kind);
  else
    kind = _("Identifier");
  text = g_strdup_printf ("%s · %s\n%s", kind, box->masked != NULL ? box->masked : "",
                          box->excluded ? _("Kept: click to redact it") : _("Redacted: click to keep it"));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cd_redact_view_dispose (GObject *object)
{
  CdRedactView *self = CD_REDACT_VIEW (object);

  g_clear_object (&self->document);
  g_clear_object (&self->texture);
  G_OBJECT_CLASS (cd_redact_view_parent_class)->dispose (object);
}

static void
cd_redact_view_class_init (CdRedactViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_redact_view_dispose;
  widget_class->snapshot = cd_redact_view_snapshot;
  widget_class->measure = cd_redact_view_measure;

  /**
   * CdRedactView::boxes-changed:
   *
   * A box was kept, redacted again or drawn on the page.
   */
  signals[SIGNAL_BOXES_CHANGED] =
    g_signal_new ("boxes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CdRedactView::error:
   * @error: what went wrong (a box could not be added)
   */
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_css_name (widget_class, "redact-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cd_redact_view_init (CdRedactView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  self->zoom = 1.0;
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Page with redaction boxes"), -1);
}

GtkWidget *
cd_redact_view_new (void)
{
  return g_object_new (CD_TYPE_REDACT_VIEW, NULL);
}

static void
update_page_size (CdRedactView *self)
{
  self->page_width = self->page_height = 0;
  if (self->document != NULL && self->page > 0 &&
      !cd_redact_document_get_page_size (self->document, self->page, &self->page_width, &self->page_height))
    self->page_width = self->page_height = 0;
  if (!(self->page_width > 0) || !(self->page_height > 0))
    {
      /* A page poppler cannot size is shown as A4, blank. */
      self->page_width = 595;
      self->page_height = 842;
    }
}

void
cd_redact_view_set_document (CdRedactView     *self,
                             CdRedactDocument *document)
{
  g_return_if_fail (CD_IS_REDACT_VIEW (self));

  if (!g_set_object (&self->document, document))
    return;
  g_clear_object (&self->texture);
  self->page = document != NULL && cd_redact_document_get_n_pages (document) > 0 ? 1 : 0;
  self->dragging = FALSE;
  update_page_size (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cd_redact_view_set_page (CdRedactView *self,
                         guint         page)
{
  g_return_if_fail (CD_IS_REDACT_VIEW (self));

  if (self->document == NULL)
    return;
  page = CLAMP (page, 1, cd_redact_document_get_n_pages (self->document));
  if (page == self->page)
    return;
  self->page = page;
  self->dragging = FALSE;
  update_page_size (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
cd_redact_view_get_page (CdRedactView *self)
{
  g_return_val_if_fail (CD_IS_REDACT_VIEW (self), 0);
  return self->page;
}

void
cd_redact_view_set_zoom (CdRedactView *self,
                         double        zoom)
{
  g_return_if_fail (CD_IS_REDACT_VIEW (self));

  zoom = CLAMP (zoom, 0.1, 8.0);
  if (fabs (zoom - self->zoom) < 1e-6)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
cd_redact_view_get_zoom (CdRedactView *self)
{
  g_return_val_if_fail (CD_IS_REDACT_VIEW (self), 1.0);
  return self->zoom;
}

void
cd_redact_view_set_preview (CdRedactView *self,
                            gboolean      preview)
{
  g_return_if_fail (CD_IS_REDACT_VIEW (self));

  preview = !!preview;
  if (preview == self->preview)
    return;
  self->preview = preview;
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
cd_redact_view_boxes_changed (CdRedactView *self)
{
  g_return_if_fail (CD_IS_REDACT_VIEW (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
