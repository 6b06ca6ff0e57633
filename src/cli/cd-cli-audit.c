/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli audit …”: reading and verifying the hash-chained audit
 * log. Neither command needs the passphrase, so an auditor or regulator
 * can check a case without being able to read its customers. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

static int
audit_list (const char  *command,
            int          argc,
            char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(CdCliTable) table = NULL;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("List the audit log: every change made to the case, by whom "
                                  "and when. Needs no passphrase."),
                                NULL, &common, CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, FALSE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  entries = cd_store_list_audit (store, &error);
  if (entries == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (6);
  cd_cli_table_set_column (table, 0, "seq", _("Seq"), TRUE);
  cd_cli_table_set_column (table, 1, "time", _("Time"), FALSE);
  cd_cli_table_set_column (table, 2, "actor", _("Actor"), FALSE);
  cd_cli_table_set_column (table, 3, "action", _("Action"), FALSE);
  cd_cli_table_set_column (table, 4, "object", _("Object"), FALSE);
  cd_cli_table_set_column (table, 5, "details", _("Details"), FALSE);

  for (guint i = 0; i < entries->len; i++)
    {
      CdAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq);
      g_autofree char *time = cd_cli_format_time (entry->time, common.tsv);
      const char *cells[] = {
        seq,
        time,
        entry->actor,
        entry->action,
        entry->object,
        entry->details,
      };

      cd_cli_table_add_row (table, cells);
    }

  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u entry\n", "%u entries\n", entries->len),
            entries->len);
  return CD_CLI_EXIT_OK;
}

static int
audit_verify (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *count = NULL;
  CdAuditReport report;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Check that no audit entry was edited, deleted, reordered or "
                                  "cut off. Exits with 0 if the log is intact and 1 if not, "
                                  "naming the first bad entry. Needs no passphrase."),
                                NULL, &common, 0);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, FALSE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_verify_audit (store, &report, &error))
    return cd_cli_report_error (error);

  if (report.problem != CD_AUDIT_OK)
    {
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, report.first_bad_seq);

      /* Translators: the number of the first bad entry, then what is wrong with it */
      printf (_("Audit log broken at entry %s: %s\n"), seq,
              cd_audit_problem_to_string (report.problem));
      return CD_CLI_EXIT_FAILURE;
    }

  count = cd_cli_format_count (report.n_entries);
  {
    g_autofree char *head = cd_audit_hash_to_hex (report.head);

    /* Translators: the number of entries, then the head hash in hex */
    printf (g_dngettext (GETTEXT_PACKAGE, "Audit log intact: %s entry, head %s\n",
                         "Audit log intact: %s entries, head %s\n",
                         (gulong) MAX (report.n_entries, (gint64) 0)),
            count, head);
  }
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_audit_commands[] = {
  { "list", N_("List the audit log"), audit_list },
  { "verify", N_("Check that the audit log was not tampered with"), audit_verify },
  { NULL }
};
