/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli audit …”: reading, verifying and exporting the
 * hash-chained audit log. list, verify and (once the case has a signing
 * key) pubkey need no passphrase, so an auditor or regulator can check a
 * case without being able to read its customers; export signs, so it
 * does.
 *
 * Keep these spellings, outside tools script against them:
 *   audit export CASE -o LOG.jsonl    writes LOG.jsonl and LOG.jsonl.minisig
 *   audit pubkey CASE -o KEY.pub      the case's minisign public key file */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

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

  /* The checkpoints signed by the case's key. */
  {
    g_autoptr(GArray) checkpoints = cd_store_list_checkpoints (store, &error);
    guint bad = 0;

    if (checkpoints == NULL)
      return cd_cli_report_error (error);
    for (guint i = 0; i < checkpoints->len; i++)
      {
        const CdAuditCheckpoint *checkpoint = &g_array_index (checkpoints, CdAuditCheckpoint, i);

        if (!checkpoint->valid)
          {
            /* Translators: %s is an entry number */
            g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, checkpoint->seq);

            printf (_("Signed checkpoint at entry %s does not verify\n"), seq);
            bad++;
          }
      }
    if (checkpoints->len > 0 && bad == 0)
      {
        g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                g_array_index (checkpoints, CdAuditCheckpoint,
                                                               checkpoints->len - 1).seq);

        /* Translators: the number of checkpoints, then the entry number of the last one */
        printf (g_dngettext (GETTEXT_PACKAGE, "%u signed checkpoint verifies, the last at entry %s\n",
                             "%u signed checkpoints verify, the last at entry %s\n", checkpoints->len),
                checkpoints->len, seq);
      }
    if (bad > 0)
      return CD_CLI_EXIT_FAILURE;
  }
  return CD_CLI_EXIT_OK;
}

static int
audit_export (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *output = NULL;
  g_autofree char *head = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *display = NULL;
  CdAuditExportResult result;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The JSON Lines file to write; its signature goes to the same name with .minisig"), N_("LOG.jsonl") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE"),
                                _("Sign a checkpoint of the audit log with the case's key, then write the "
                                  "log as JSON Lines (one entry a line) and a detached signature in the "
                                  "minisign format. Check it without Closure Desk: "
                                  "minisign -Vm LOG.jsonl -p KEY.pub (KEY.pub from “audit pubkey”)."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  if (output == NULL)
    return cd_cli_usage_error (command, _("Missing -o LOG.jsonl: where the log goes"));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_export_audit (store, output, &result, &error))
    return cd_cli_report_error (error);

  head = cd_audit_hash_to_hex (result.head);
  key_id = cd_minisign_key_id_to_string (result.key_id);
  display = cd_cli_sanitize (output);
  /* Translators: file name, number of entries, head hash, key id */
  printf (g_dngettext (GETTEXT_PACKAGE,
                       "Wrote %s and its .minisig: %u entry, head %s, signed by key %s\n",
                       "Wrote %s and its .minisig: %u entries, head %s, signed by key %s\n",
                       result.n_entries),
          display, result.n_entries, head, key_id);
  return CD_CLI_EXIT_OK;
}

static int
audit_pubkey (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *output = NULL;
  g_autofree char *file = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the public key file here instead of printing it"), N_("KEY.pub") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE"),
                                _("Print or write the case's public signing key as a minisign public key "
                                  "file, to check exported audit logs and reports with "
                                  "minisign -V. Needs the passphrase only the first time, when the key "
                                  "is made."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, FALSE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  file = cd_store_signing_public_key_file (store, &error);
  if (file == NULL && g_error_matches (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED))
    {
      /* No key yet: it is made now, which needs the case unlocked. */
      g_clear_error (&error);
      g_clear_object (&store);
      store = cd_cli_open_case (argv[1], &common, TRUE, &error);
      if (store == NULL)
        return cd_cli_report_error (error);
      file = cd_store_signing_public_key_file (store, &error);
    }
  if (file == NULL)
    return cd_cli_report_error (error);

  if (output == NULL)
    {
      fputs (file, stdout);
      return CD_CLI_EXIT_OK;
    }
  bytes = g_bytes_new (file, strlen (file));
  if (!cd_cli_write_output (output, bytes, FALSE, &error))
    return cd_cli_report_error (error);
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_audit_commands[] = {
  { "list", N_("List the audit log"), audit_list },
  { "verify", N_("Check that the audit log was not tampered with"), audit_verify },
  { "export", N_("Write the audit log and its minisign signature"), audit_export },
  { "pubkey", N_("Print or write the case's public signing key (minisign)"), audit_pubkey },
  { NULL }
};
