/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdHelpWindow: the user guide — the closure workflow, pane by pane, with
 * pictures of the real app, in the user's language. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_HELP_WINDOW (cd_help_window_get_type ())
G_DECLARE_FINAL_TYPE (CdHelpWindow, cd_help_window, CD, HELP_WINDOW, AdwWindow)

CdHelpWindow *cd_help_window_new                  (GtkWindow    *parent);
void          cd_help_window_set_topic            (CdHelpWindow *self,
                                                   const char   *name);
const char   *cd_help_window_get_topic            (CdHelpWindow *self);
GStrv         cd_help_window_get_topic_names      (void);
const char   *cd_help_window_get_picture_language (void);
char         *cd_help_window_get_picture_resource (const char   *name);

G_END_DECLS
