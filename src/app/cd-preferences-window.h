/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdPreferencesWindow: the application's settings (GSettings). */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CD_TYPE_PREFERENCES_WINDOW (cd_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, CD, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *cd_preferences_window_new (GtkWindow *parent);

G_END_DECLS
