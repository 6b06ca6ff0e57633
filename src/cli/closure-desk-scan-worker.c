/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-scan-worker: reads the PDFs, archives, documents and mail of
 * a scan in a process of its own. Started by the scanner, never by hand. */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "closuredesk.h"
#include "cd-scan-worker.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLOSURE_DESK_LOCALEDIR") != NULL ?
                  g_getenv ("CLOSURE_DESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return cd_scan_worker_main (argc, argv);
}
