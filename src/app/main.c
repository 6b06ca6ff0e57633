/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk: the GTK application. */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "cd-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CdApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* An uninstalled build (meson devenv, tests) points at its own catalogs. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("CLOSURE_DESK_LOCALEDIR") != NULL ? g_getenv ("CLOSURE_DESK_LOCALEDIR")
                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Closure Desk"));
  app = cd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
