/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File system helpers the core modules share. */

#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-fs.h"

/**
 * cd_fs_sync_dir:
 *
 * Returns: %FALSE if the folder could not be opened or synced
 */
gboolean
cd_fs_sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}
