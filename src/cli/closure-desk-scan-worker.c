/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-scan-worker: reads the PDFs, archives, documents and mail of
 * a scan in a process of its own. Started by the scanner, never by hand. */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "closuredesk.h"
#include "cd-scan-worker.h"

/* GStreamer's discoverer, the player's own code, reads how long a
 * recording lasts; what it cannot read has no known duration. */
static gint64
probe_duration (const char *path)
{
  static GstDiscoverer *discoverer = NULL;
  static gboolean tried = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = NULL;
  GstClockTime duration;

  if (!tried)
    {
      tried = TRUE;
      if (gst_init_check (NULL, NULL, NULL))
        discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
    }
  if (discoverer == NULL)
    return -1;

  uri = g_filename_to_uri (absolute, NULL, NULL);
  if (uri == NULL)
    return -1;
  info = gst_discoverer_discover_uri (discoverer, uri, &error);
  if (info == NULL || gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK)
    return -1;
  duration = gst_discoverer_info_get_duration (info);
  if (!GST_CLOCK_TIME_IS_VALID (duration) || duration == 0)
    return -1;
  return (gint64) (duration / GST_MSECOND);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLOSURE_DESK_LOCALEDIR") != NULL ?
                  g_getenv ("CLOSURE_DESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return cd_scan_worker_main (argc, argv, probe_duration);
}
