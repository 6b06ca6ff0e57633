/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli plan rules [--rules FILE]”: lists the retention rules
 * (the built-in ones, or a firm's own file) with their periods, what they
 * count from and their legal basis. Needs no case file. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"
#include "cd-cli-plan-rules.h"

int
cd_cli_plan_rules (const char  *command,
                   int          argc,
                   char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRetentionRules) rules = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autofree char *rules_path = NULL;
  guint n_rules;
  int status;
  const GOptionEntry entries[] = {
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
      N_("Read the retention rules from FILE instead of the default ones"), N_("FILE") },
    { NULL }
  };

  context = cd_cli_context_new ("",
                                _("List the retention rules: how long each kind of record must "
                                  "be kept, counted from when, and on which legal basis. The "
                                  "longest rule that applies to a record is its default; the "
                                  "consultant may override it with a reason."),
                                entries, &common, CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 0, 0, &status))
    return status;

  if (rules_path != NULL)
    rules = cd_retention_rules_load_file (rules_path, &error);
  else
    rules = cd_retention_rules_load_default (&error);
  if (rules == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (4);
  cd_cli_table_set_column (table, 0, "id", _("Rule"), FALSE);
  cd_cli_table_set_column (table, 1, "period", _("Period"), FALSE);
  cd_cli_table_set_column (table, 2, "start", _("Counted from"), FALSE);
  cd_cli_table_set_column (table, 3, "legal_basis", _("Legal basis"), FALSE);

  n_rules = cd_retention_rules_get_n_rules (rules);
  for (guint i = 0; i < n_rules; i++)
    {
      CdRetentionRule *rule = cd_retention_rules_get_rule (rules, i);
      CdRetentionStart start = cd_retention_rule_get_start (rule);
      /* Scripts get an ISO 8601 duration and the start id; people get words. */
      g_autofree char *period = common.tsv ? cd_retention_rule_format_period_iso (rule)
                                           : cd_retention_rule_format_period (rule);
      const char *cells[] = {
        cd_retention_rule_get_id (rule),
        period,
        common.tsv ? cd_retention_start_to_id (start) : cd_retention_start_get_label (start),
        cd_retention_rule_get_legal_basis (rule),
      };

      cd_cli_table_add_row (table, cells);
    }

  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    {
      const char *path = cd_retention_rules_get_path (rules);
      guint version = cd_retention_rules_get_version (rules);

      if (path != NULL)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_autofree char *source = cd_cli_sanitize (display);

          /* Translators: the number of rules, the format version, then a file name */
          printf (g_dngettext (GETTEXT_PACKAGE, "%u rule, format version %u, from %s\n",
                               "%u rules, format version %u, from %s\n", n_rules),
                  n_rules, version, source);
        }
      else
        /* Translators: the number of rules, then the format version */
        printf (g_dngettext (GETTEXT_PACKAGE, "%u rule, format version %u, built in\n",
                             "%u rules, format version %u, built in\n", n_rules),
                n_rules, version);
    }
  return CD_CLI_EXIT_OK;
}
