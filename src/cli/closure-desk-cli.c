/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli: the Closure Desk core from a terminal. This file only
 * dispatches “GROUP COMMAND” to the command functions of cd-cli-*.c. */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

static const CdCliGroup groups[] = {
  { "case", N_("Create, inspect and edit closure cases"), cd_cli_case_commands },
  { "assets", N_("The data inventory: where customers’ data is kept"), cd_cli_assets_commands },
  { "customers", N_("The customer registry"), cd_cli_customers_commands },
  { "plan", N_("The disposition plan: sensitivity, retention, de-identified exports"), cd_cli_plan_commands },
  { "notices", N_("Customer notices: letters, sending, answers"), cd_cli_notices_commands },
  { "audit", N_("The tamper-evident audit log"), cd_cli_audit_commands },
  { "custodian", N_("Custodians: who may open retained archives"), cd_cli_custodian_commands },
  { "vault", N_("Retained archives: encrypted, recorded, checked, restored"), cd_cli_vault_commands },
  { "destroy", N_("Destruction with a witness: plans, runs and manual records"), cd_cli_destroy_commands },
};

/* Commands that are not in a group. */
static const CdCliCommand *top_commands[] = {
  &cd_cli_scan_command,
  &cd_cli_redact_command,
  &cd_cli_report_command,
  &cd_cli_verify_report_command,
};

static gboolean
is_help (const char *arg)
{
  return strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0 || strcmp (arg, "help") == 0;
}

static void
print_commands (FILE             *out,
                const CdCliGroup *group)
{
  gsize width = 0;

  for (const CdCliCommand *cmd = group->commands; cmd->name != NULL; cmd++)
    width = MAX (width, strlen (group->name) + 1 + strlen (cmd->name));

  for (const CdCliCommand *cmd = group->commands; cmd->name != NULL; cmd++)
    {
      g_autofree char *full = g_strdup_printf ("%s %s", group->name, cmd->name);

      fprintf (out, "  %-*s  %s\n", (int) width, full, _(cmd->summary));
    }
}

static void
print_global_help (FILE *out)
{
  fprintf (out, "%s\n  %s %s\n\n", _("Usage:"), CD_CLI_NAME,
           /* Translators: the synopsis of closure-desk-cli; keep GROUP, COMMAND in capitals */
           _("GROUP COMMAND [OPTION…] FILE [ARGUMENT…]"));
  fprintf (out, "%s\n\n",
           _("Closure Desk from the command line: closure cases, the data inventory, the "
             "customer registry and the audit log of a company being dissolved."));

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      fprintf (out, "%s\n", _(groups[i].summary));
      print_commands (out, &groups[i]);
      fputc ('\n', out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (top_commands); i++)
    fprintf (out, "  %-16s  %s\n", top_commands[i]->name, _(top_commands[i]->summary));
  fputc ('\n', out);

  fprintf (out, "%s\n",
           _("The case passphrase is read from --passphrase-file FILE, else from the "
             "CLOSURE_DESK_PASSPHRASE environment variable, else asked for on the terminal. "
             "CLOSURE_DESK_ACTOR or --actor NAME sets the name written to the audit log."));
  fprintf (out, "%s\n", _("Names and identifiers are masked unless --reveal is given."));
  fprintf (out, _("Run “%s GROUP COMMAND --help” for the options of a command.\n"), CD_CLI_NAME);
  fprintf (out, "%s\n", _("Exit status: 0 on success, 1 on failure, 2 on a usage error."));
}

static void
print_group_help (FILE             *out,
                  const CdCliGroup *group)
{
  fprintf (out, "%s\n  %s %s %s\n\n", _("Usage:"), CD_CLI_NAME, group->name,
           _("COMMAND [OPTION…] FILE [ARGUMENT…]"));
  fprintf (out, "%s\n", _(group->summary));
  print_commands (out, group);
  fputc ('\n', out);
  fprintf (out, _("Run “%s %s COMMAND --help” for the options of a command.\n"),
           CD_CLI_NAME, group->name);
}

int
main (int    argc,
      char **argv)
{
  const CdCliGroup *group = NULL;
  const CdCliCommand *command = NULL;
  g_autofree char *full_name = NULL;
  g_autofree char *prgname = NULL;
  g_autofree char **sub_argv = NULL;
  int sub_argc;

  setlocale (LC_ALL, "");
  /* An uninstalled build (meson devenv, tests) points at its own catalogs. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("CLOSURE_DESK_LOCALEDIR") != NULL ? g_getenv ("CLOSURE_DESK_LOCALEDIR")
                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_global_help (stderr);
      return CD_CLI_EXIT_USAGE;
    }
  if (is_help (argv[1]))
    {
      print_global_help (stdout);
      return CD_CLI_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("%s %s\n", CD_CLI_NAME, PACKAGE_VERSION);
      return CD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (top_commands); i++)
    if (strcmp (argv[1], top_commands[i]->name) == 0)
      {
        command = top_commands[i];
        prgname = g_strdup_printf ("%s %s", CD_CLI_NAME, command->name);
        g_set_prgname (prgname);
        return command->func (command->name, argc - 1, argv + 1);
      }

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (strcmp (argv[1], groups[i].name) == 0)
      group = &groups[i];
  if (group == NULL)
    {
      if (argv[1][0] == '-')
        return cd_cli_usage_error (NULL, _("Unknown option %s"), argv[1]);
      /* Translators: %s is what the user typed instead of case, assets, customers or audit */
      return cd_cli_usage_error (NULL, _("Unknown command “%s”"), argv[1]);
    }

  if (argc < 3)
    {
      print_group_help (stderr, group);
      return CD_CLI_EXIT_USAGE;
    }
  if (is_help (argv[2]))
    {
      print_group_help (stdout, group);
      return CD_CLI_EXIT_OK;
    }

  for (const CdCliCommand *cmd = group->commands; cmd->name != NULL; cmd++)
    if (strcmp (argv[2], cmd->name) == 0)
      command = cmd;
  if (command == NULL)
    return cd_cli_usage_error (group->name,
                               /* Translators: e.g. Unknown command “assets frobnicate” */
                               _("Unknown command “%s %s”"), group->name, argv[2]);

  /* The command sees “closure-desk-cli assets add” as its program name, so
   * its --help shows the whole command in the usage line. */
  full_name = g_strdup_printf ("%s %s", group->name, command->name);
  prgname = g_strdup_printf ("%s %s", CD_CLI_NAME, full_name);
  g_set_prgname (prgname);

  sub_argc = argc - 2;
  sub_argv = g_new0 (char *, sub_argc + 1);
  sub_argv[0] = argv[0];
  for (int i = 3; i < argc; i++)
    sub_argv[i - 2] = argv[i];

  return command->func (full_name, sub_argc, sub_argv);
}
