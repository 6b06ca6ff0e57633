/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli report” and “verify-report”: the disposal report as a
 * signed PDF, and the check of such a file against the case. verify-report
 * needs no passphrase, so a regulator or the company's auditor can check a
 * report they were handed without being able to read the customers.
 *
 * Keep these spellings, outside tools script against them:
 *   report CASE -o REPORT.pdf [--lang zh_CN|en] [--commitment LETTER.pdf]
 *       writes REPORT.pdf and REPORT.pdf.minisig (and LETTER.pdf and its .minisig)
 *   verify-report REPORT.pdf --case CASE
 *       exit 0 only if the signature, the audit head and the vault hashes check */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"
#include "cd-report.h"

#define SIGNATURE_SUFFIX ".minisig"

static gboolean
is_language (const char *language)
{
  return strcmp (language, "zh_CN") == 0 || strcmp (language, "en") == 0;
}

/* A report is evidence: an older one is never replaced by accident, the
 * same rule as “plan export”, which takes --overwrite too. */
static gboolean
check_new_file (const char *path,
                gboolean    overwrite,
                int        *out_status)
{
  g_autofree char *signature = g_strconcat (path, SIGNATURE_SUFFIX, NULL);
  const char *existing = NULL;

  if (overwrite)
    return TRUE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    existing = path;
  else if (g_file_test (signature, G_FILE_TEST_EXISTS))
    existing = signature;
  if (existing == NULL)
    return TRUE;

  {
    g_autofree char *display = cd_cli_sanitize (existing);

    /* Translators: %s is a file name; do not translate --overwrite */
    *out_status = cd_cli_fail (_("%s already exists: give --overwrite to replace it"), display);
  }
  return FALSE;
}

static int
report_run (const char  *command,
            int          argc,
            char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *output = NULL;
  g_autofree char *language = NULL;
  g_autofree char *language_long = NULL;
  g_autofree char *commitment = NULL;
  g_autofree char *display = NULL;
  g_autofree char *case_display = NULL;
  gboolean overwrite = FALSE;
  guint n_pages = 0;
  guint n_errors = 0;
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The report to write; its signature goes to the same name with .minisig"), N_("REPORT.pdf") },
    /* Translators: do not translate zh_CN and en */
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("The report's language: zh_CN (default) or en"), N_("LANG") },
    /* The spelling of “notices render”, so either works. */
    { "language", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &language_long, NULL, NULL },
    { "commitment", 0, 0, G_OPTION_ARG_FILENAME, &commitment,
      N_("Also write the commitment letter (数据处置承诺书) here, with its .minisig"), N_("LETTER.pdf") },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite,
      N_("Replace the output files if they exist"), NULL },
    { NULL }
  };

  context = cd_cli_context_new (_("CASE"),
                                _("Write the disposal report (客户信息处置报告) of the case as a PDF, "
                                  "signed with the case's key: REPORT.pdf and REPORT.pdf.minisig. "
                                  "While the plan check has errors the report is a draft, marked as "
                                  "such on every page. The report is recorded in the audit log. Check "
                                  "it with “verify-report REPORT.pdf --case CASE”, or without Closure "
                                  "Desk: minisign -Vm REPORT.pdf -p KEY.pub (KEY.pub from “audit "
                                  "pubkey”)."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  /* Every mistake on the command line before the passphrase is asked for. */
  if (output == NULL || *output == '\0')
    return cd_cli_usage_error (command, _("Missing -o REPORT.pdf: where the report goes"));
  if (language == NULL)
    language = g_steal_pointer (&language_long);
  if (language != NULL && !is_language (language))
    {
      g_autofree char *shown = cd_cli_sanitize (language);

      /* Translators: %s is what the user typed; do not translate --lang, zh_CN and en */
      return cd_cli_usage_error (command, _("Unknown language “%s”: --lang must be zh_CN or en"), shown);
    }
  if (commitment != NULL && *commitment == '\0')
    return cd_cli_usage_error (command, _("--commitment needs a file name"));
  if (commitment != NULL && strcmp (commitment, output) == 0)
    return cd_cli_usage_error (command, _("The report and the commitment letter must be two different files"));
  if (!check_new_file (output, overwrite, &status) ||
      (commitment != NULL && !check_new_file (commitment, overwrite, &status)))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_report_export (store, output, language, commitment, &n_pages, &n_errors, &error))
    return cd_cli_report_error (error);
  display = cd_cli_sanitize (output);
  if (n_errors == 0)
    /* Translators: the report's file name, then its number of pages */
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "Wrote %s and its .minisig: %u page, final\n",
                         "Wrote %s and its .minisig: %u pages, final\n", n_pages),
            display, n_pages);
  else
    /* Translators: the report's file name, then its number of pages */
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "Wrote %s and its .minisig: %u page, DRAFT\n",
                         "Wrote %s and its .minisig: %u pages, DRAFT\n", n_pages),
            display, n_pages);
  if (commitment != NULL)
    {
      g_autofree char *letter = cd_cli_sanitize (commitment);

      /* Translators: %s is the commitment letter's file name */
      printf (_("Wrote %s and its .minisig: the commitment letter\n"), letter);
    }
  if (n_errors > 0)
    {
      case_display = cd_cli_sanitize (argv[1]);
      /* Translators: the number of errors, then the command that lists them */
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "It is a draft because the plan check has %u error; “%s plan check %s” lists it.\n",
                           "It is a draft because the plan check has %u errors; “%s plan check %s” lists them.\n",
                           n_errors),
              n_errors, CD_CLI_NAME, case_display);
    }
  return CD_CLI_EXIT_OK;
}

static void
print_check (const char *label,
             gboolean    ok)
{
  /* Translators: a check of verify-report, then its result */
  printf (C_("verify-report", "%s: %s\n"), label,
          ok ? C_("verify-report", "OK") : C_("verify-report", "FAILED"));
}

static int
verify_report_run (const char  *command,
                   int          argc,
                   char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdReportVerification) v = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *signature_label = NULL;
  g_autofree char *vaults_label = NULL;
  g_autofree char *signature_name = NULL;
  gboolean genuine;
  int status;
  const GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("The case the report claims to come from (required)"), N_("CASE") },
    { NULL }
  };

  context = cd_cli_context_new (_("REPORT.pdf"),
                                _("Check a disposal report against its case: its signature "
                                  "(REPORT.pdf.minisig) by the case's key, the audit log head it "
                                  "states (an entry of the case's chain) and the SHA-256 of every "
                                  "retained archive it states. Prints each check; exits with 0 only "
                                  "if all pass and 1 otherwise. Needs no passphrase."),
                                entries, &common, 0);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  if (case_path == NULL || *case_path == '\0')
    return cd_cli_usage_error (command, _("Missing --case CASE: the case to check the report against"));

  store = cd_cli_open_case (case_path, &common, FALSE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  v = cd_report_verify (store, argv[1], &error);
  if (v == NULL)
    return cd_cli_report_error (error);

  {
    g_autofree char *base = g_path_get_basename (argv[1]);
    g_autofree char *name = g_strconcat (base, SIGNATURE_SUFFIX, NULL);

    signature_name = cd_cli_sanitize (name);
  }
  /* Translators: %s is the signature's file name, e.g. report.pdf.minisig */
  signature_label = g_strdup_printf (_("Signature (%s) by the case's key"), signature_name);
  if (v->n_vaults == 0)
    vaults_label = g_strdup (_("Archive hashes (none stated)"));
  else
    /* Translators: %u is the number of retained archives the report lists */
    vaults_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Archive hash (%u) matches the case's record",
                                                 "Archive hashes (%u) match the case's records",
                                                 v->n_vaults),
                                    v->n_vaults);

  print_check (signature_label, v->signature_ok);
  print_check (_("Audit log head is an entry of the case's chain"), v->head_in_chain);
  print_check (vaults_label, v->vaults_match);
  {
    const char *labels[] = { _("Generated"), _("Language"), _("Audit head") };
    const char *values[] = { v->generated, v->language, v->head_hash };

    cd_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  }

  genuine = v->signature_ok && v->head_in_chain && v->vaults_match;
  if (genuine)
    printf (_("The report is genuine and matches the case.\n"));
  else
    printf (_("The report does NOT match the case.\n"));
  return genuine ? CD_CLI_EXIT_OK : CD_CLI_EXIT_FAILURE;
}

const CdCliCommand cd_cli_report_command = {
  "report", N_("Write the disposal report (PDF) and its signature"), report_run,
};

const CdCliCommand cd_cli_verify_report_command = {
  "verify-report", N_("Check a report file and its signature against the case"), verify_report_run,
};
