/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRedactView: one page of a CdRedactDocument with its redaction boxes.
 * A click on a box keeps or redacts it; a drag on the page draws a new box;
 * in preview the page looks as it will be exported. */

#pragma once

#include <gtk/gtk.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_REDACT_VIEW (cd_redact_view_get_type ())
G_DECLARE_FINAL_TYPE (CdRedactView, cd_redact_view, CD, REDACT_VIEW, GtkWidget)

GtkWidget        *cd_redact_view_new          (void);
void              cd_redact_view_set_document (CdRedactView     *self,
                                               CdRedactDocument *document);
void              cd_redact_view_set_page     (CdRedactView     *self,
                                               guint             page);
guint             cd_redact_view_get_page     (CdRedactView     *self);
void              cd_redact_view_set_zoom     (CdRedactView     *self,
                                               double            zoom);
double            cd_redact_view_get_zoom     (CdRedactView     *self);
void              cd_redact_view_set_preview  (CdRedactView     *self,
                                               gboolean          preview);
/* The boxes changed elsewhere (the side list, a search): redraw. */
void              cd_redact_view_boxes_changed (CdRedactView    *self);
/* The box under a point of the widget, or NULL. */
CdRedactBox      *cd_redact_view_box_at       (CdRedactView     *self,
                                               double            x,
                                               double            y);
/* Where a point of the page (in points) is drawn in the widget. */
void              cd_redact_view_page_to_widget (CdRedactView   *self,
                                               double            page_x,
                                               double            page_y,
                                               double           *x,
                                               double           *y);

/* A page drawn on white, for the view and the thumbnails. */
GdkTexture       *cd_redact_view_render_texture (CdRedactDocument *document,
                                               guint             page,
                                               double            page_width,
                                               double            page_height,
                                               int               width,
                                               int               height);

G_END_DECLS
