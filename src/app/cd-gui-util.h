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

G_END_DECLS
