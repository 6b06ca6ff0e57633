/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File system and machine helpers the core modules share. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes the entries of folder @dir (a new name, a rename, a removal)
 * durable, as SQLite does for its own files. */
gboolean cd_fs_sync_dir    (const char  *dir);
/* The SHA-256 of the file at @path, in hex. */
char    *cd_fs_sha256_file (const char  *path,
                            GError     **error);

/* The processors this process may run on: the affinity mask (taskset, a
 * container's CPU set) counts. */
guint    cd_fs_usable_processors (void);

G_END_DECLS
