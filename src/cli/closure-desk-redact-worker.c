/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-redact-worker: opens, redacts, writes and verifies one PDF
 * in a process of its own (see cd-redact-worker.c for the protocol).
 * Started by closure-desk-cli redact and the app, never by hand. */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "closuredesk.h"

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("CLOSURE_DESK_LOCALEDIR") != NULL ?
                  g_getenv ("CLOSURE_DESK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return cd_redact_worker_main (argc, argv);
}
