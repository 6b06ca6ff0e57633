/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File system helpers the core modules share. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cd-fs.h"
#include "cd-sha256.h"

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

/**
 * cd_fs_sha256_file:
 *
 * Reads @path through a buffer (never whole, whatever its size).
 *
 * Returns: (transfer full): its SHA-256 in hex, or %NULL with @error set
 */
char *
cd_fs_sha256_file (const char  *path,
                   GError     **error)
{
  g_autoptr(CdSha256) checksum = cd_sha256_new ();
  char hex[CD_SHA256_HEX_LENGTH + 1];
  guint8 buffer[64 * 1024];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  ssize_t n;

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_autofree char *display = g_filename_display_basename (path);

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read “%s”: %s"), display, g_strerror (saved));
          return NULL;
        }
      cd_sha256_update (checksum, buffer, (gsize) n);
    }
  close (fd);
  cd_sha256_finish_hex (checksum, hex);
  return g_strdup (hex);
}

/* GLib 2.74's g_get_num_processors () counts every processor online; on
 * one usable processor a second thread would only add switches. */
guint
cd_fs_usable_processors (void)
{
#ifdef __linux__
  cpu_set_t set;

  if (sched_getaffinity (0, sizeof set, &set) == 0)
    return (guint) CPU_COUNT (&set);
#endif
  return g_get_num_processors ();
}
