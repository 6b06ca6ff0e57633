/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by the window, the panes and the dialogs. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

void        cd_gui_show_error        (GtkWidget    *parent,
                                      const char   *heading,
                                      const GError *error);
char       *cd_gui_format_date       (const char   *iso_date);
char       *cd_gui_format_count      (gint64        count);
GSettings  *cd_gui_get_settings      (void);

/* A pane's reload from the case: from an idle, not inside the store's
 * emission, and only while the pane is shown — nobody reads a hidden pane,
 * and GTK 4.8's list view trips over rows changed while it has never been
 * measured (gtk_list_view_get_unknown_row_height). A change while hidden
 * leaves it stale; the pane reloads when mapped. */
typedef struct
{
  GtkWidget  *pane;
  void      (*reload) (GtkWidget *pane);
  guint       source;
  gboolean    stale;
} CdPaneReload;

void        cd_pane_reload_init      (CdPaneReload *reload,
                                      GtkWidget    *pane,
                                      void        (*func) (GtkWidget *pane));
void        cd_pane_reload_queue     (CdPaneReload *reload);
/* At the start of the pane's reload: nothing is pending any more. */
void        cd_pane_reload_started   (CdPaneReload *reload);
void        cd_pane_reload_clear     (CdPaneReload *reload);

/* Page thumbnails already drawn, by page number as the pane counts them:
 * a hash table page → value plus the pages oldest first, so that no more than
 * @max are kept however far the user scrolls. Embedded in the pane. */
typedef struct
{
  GHashTable *items;     /* page → value (owned) */
  GQueue      order;     /* pages, oldest first */
  guint       max;
} CdThumbnailCache;

void        cd_thumbnail_cache_init     (CdThumbnailCache *cache,
                                         guint             max,
                                         GDestroyNotify    free_value);
gpointer    cd_thumbnail_cache_lookup   (CdThumbnailCache *cache,
                                         guint             page);
gboolean    cd_thumbnail_cache_contains (CdThumbnailCache *cache,
                                         guint             page);
guint       cd_thumbnail_cache_size     (CdThumbnailCache *cache);
/* Takes @value; drops the oldest beyond the maximum. */
void        cd_thumbnail_cache_insert   (CdThumbnailCache *cache,
                                         guint             page,
                                         gpointer          value);
/* Empties the cache; it stays usable. */
void        cd_thumbnail_cache_clear    (CdThumbnailCache *cache);
/* Frees it; safe to call twice. */
void        cd_thumbnail_cache_destroy  (CdThumbnailCache *cache);

/* Where a list row is against the visible height of its list: lists make
 * rows beyond what is on screen, and only those in view are worth drawing. */
typedef enum
{
  CD_WIDGET_IN_VIEW,
  CD_WIDGET_OUT_OF_VIEW,
  CD_WIDGET_NOT_PLACED,     /* not allocated yet: look again soon */
} CdWidgetPlace;

CdWidgetPlace cd_gui_widget_place_in    (GtkWidget        *widget,
                                         GtkWidget        *viewport);

/* Takes the keyboard focus out of @container if it is inside, before
 * widgets in it are removed; returns whether it was inside. */
gboolean      cd_gui_release_focus      (GtkWidget        *container);
/* Removes every row of @list. Returns the index of the row that had the
 * keyboard focus, or -1, for cd_gui_list_box_refocus () once refilled. */
int           cd_gui_list_box_clear     (GtkListBox       *list);
/* Gives the focus back to the row at @index (or the last row) of @list after
 * cd_gui_list_box_clear () returned @index; to @fallback if the list has no
 * row to focus. Does nothing for an @index below 0. */
void          cd_gui_list_box_refocus   (GtkListBox       *list,
                                         int               index,
                                         GtkWidget        *fallback);

/* An activatable list row for assistive technologies: named by @label and
 * given a "row.activate" action (what Enter or a click does), which GTK 4.8
 * does not expose over AT-SPI for list box rows. */
void          cd_gui_expose_row         (GtkListBoxRow    *row,
                                         GtkWidget        *label);
/* Names @row and the header row inside it (libadwaita 1.2 leaves the row
 * unnamed) with @row's title; call after setting the title. */
void          cd_gui_name_expander_header (AdwExpanderRow *row);
/* Names a GtkMenuButton and the toggle button inside it: GTK 4.8 exposes
 * both, and a tooltip names neither. */
void          cd_gui_name_menu_button   (GtkWidget        *menu_button,
                                         const char       *label);
/* Names the two buttons of an AdwSplitButton: the main one and the arrow. */
void          cd_gui_name_split_button  (GtkWidget        *split_button,
                                         const char       *label,
                                         const char       *arrow_label);

G_END_DECLS
