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

G_END_DECLS
