/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo case's folder of files: what the receptionist's PC and the
 * shared drive of the demo restaurant group held, to scan (issue 4). */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean cd_demo_write_files (const char  *dir,
                              GError     **error);

G_END_DECLS
