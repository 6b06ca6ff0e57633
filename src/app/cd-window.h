/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdWindow: one window per open case — the start view, the lock screen and
 * the panes of the workflow. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_WINDOW (cd_window_get_type ())
G_DECLARE_FINAL_TYPE (CdWindow, cd_window, CD, WINDOW, AdwApplicationWindow)

CdWindow   *cd_window_new              (AdwApplication *app);
void        cd_window_open_file        (CdWindow       *self,
                                        GFile          *file);
void        cd_window_open_demo        (CdWindow       *self);
void        cd_window_set_store        (CdWindow       *self,
                                        CdStore        *store,
                                        gboolean        is_demo);
CdStore    *cd_window_get_store        (CdWindow       *self);
void        cd_window_lock             (CdWindow       *self);
const char *cd_window_get_view_name    (CdWindow       *self);
const char *cd_window_get_pane_name    (CdWindow       *self);
gboolean    cd_window_save_screenshot  (CdWindow       *self,
                                        const char     *path,
                                        GError        **error);

G_END_DECLS
