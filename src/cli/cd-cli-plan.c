/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli plan …”: the disposition plan (敏感度标注) — what the
 * scans suggest each asset holds, the retention rules, and de-identified
 * exports. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-plan-export.h"
#include "cd-cli-plan-rules.h"
#include "cd-cli-private.h"

/* “plan suggest”: the categories each asset's scan findings point to, and why. */
static int
plan_suggest (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autoptr(GString) reasons = g_string_new (NULL);
  gboolean explain = FALSE;
  guint n;
  guint shown = 0;
  int status;
  const GOptionEntry entries[] = {
    { "explain", 0, 0, G_OPTION_ARG_NONE, &explain,
      N_("Also print the reason for each suggestion"), NULL },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE [ASSET…]"),
                                _("Show the categories that the scan findings of each asset "
                                  "suggest (all assets made from scans, or the ones given): "
                                  "bank cards are financial accounts, ID-document numbers are high "
                                  "risk, recordings carry biometrics. Suggestions only: the "
                                  "consultant decides."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, G_MAXINT, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  assets = cd_store_list_assets (store, &error);
  if (assets == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (4);
  cd_cli_table_set_column (table, 0, "id", _("ID"), FALSE);
  cd_cli_table_set_column (table, 1, "location", _("Location"), FALSE);
  cd_cli_table_set_column (table, 2, "categories", _("Suggested categories"), FALSE);
  cd_cli_table_set_column (table, 3, "sensitive", _("Sensitive"), FALSE);

  n = g_list_model_get_n_items (assets);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      const char *id = cd_asset_get_id (asset);
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(CdPolicySuggestion) suggestion = NULL;
      g_autofree char *names = NULL;
      gboolean wanted = argc <= 2;

      for (int a = 2; a < argc && !wanted; a++)
        wanted = g_strcmp0 (argv[a], id) == 0;
      if (!wanted)
        continue;

      records = cd_store_list_asset_findings (store, id, &error);
      if (records == NULL)
        return cd_cli_report_error (error);
      if (records->len == 0 && argc <= 2)
        continue;   /* entered by hand: nothing to suggest from */

      suggestion = cd_plan_suggest (store, asset, &error);
      if (suggestion == NULL)
        return cd_cli_report_error (error);
      names = common.tsv ? cd_categories_to_ids (suggestion->categories)
                         : cd_categories_to_labels (suggestion->categories);
      {
        g_autofree char *location = cd_cli_sanitize (cd_asset_get_location (asset));
        const char *cells[] = {
          id,
          location,
          names,
          cd_category_is_sensitive (suggestion->categories) ? (common.tsv ? "1" : _("yes"))
                                                            : (common.tsv ? "0" : _("no")),
        };

        cd_cli_table_add_row (table, cells);
      }
      shown++;
      if (explain && !common.tsv && suggestion->reasons->len > 0)
        {
          g_string_append_printf (reasons, "\n%s\n", id);
          for (guint r = 0; r < suggestion->reasons->len; r++)
            g_string_append_printf (reasons, "  • %s\n", (char *) suggestion->reasons->pdata[r]);
        }
    }

  if (shown == 0 && !common.tsv)
    {
      printf ("%s\n", _("No asset made from a scan: record one with “scan --case”, then “assets from-scan”."));
      return CD_CLI_EXIT_OK;
    }
  cd_cli_table_print (table, common.tsv);
  fputs (reasons->str, stdout);
  return CD_CLI_EXIT_OK;
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* The suggestion for one asset from its scan findings (none without). */
static CdCategories
suggest_for (CdStore  *store,
             CdAsset  *asset,
             GError  **error)
{
  g_autoptr(CdPolicySuggestion) suggestion = cd_plan_suggest (store, asset, error);

  return suggestion != NULL ? suggestion->categories : (CdCategories) -1;
}

/* “plan set”: decide categories and a disposition for assets, in one change. */
static int
plan_set (const char  *command,
          int          argc,
          char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(CdRetentionRules) rules = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autofree char *categories_text = NULL;
  g_autofree char *disposition_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *recipient_contact = NULL;
  g_autofree char *retain_until = NULL;
  g_autofree char *rules_path = NULL;
  gboolean agreement_signed = FALSE;
  gboolean recipient_vetted = FALSE;
  gboolean personal_destination = FALSE;
  CdCategories categories = CD_CATEGORY_NONE;
  CdDisposition disposition = CD_DISPOSITION_UNDECIDED;
  int status;
  const GOptionEntry entries[] = {
    { "categories", 0, 0, G_OPTION_ARG_STRING, &categories_text,
      N_("Categories, separated by commas (see “plan suggest”), or “suggested” to accept the suggestion"),
      N_("LIST") },
    { "disposition", 0, 0, G_OPTION_ARG_STRING, &disposition_text,
      N_("encrypt_retain, deidentify_retain, anonymize, transfer, return or destroy"), N_("DISPOSITION") },
    { "retain-until", 0, 0, G_OPTION_ARG_STRING, &retain_until,
      N_("Override the date the retention rule gives (needs --reason)"), N_("DATE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the suggestion or the rule was overridden"), N_("TEXT") },
    { "recipient", 0, 0, G_OPTION_ARG_STRING, &recipient,
      N_("For a transfer: who receives the data"), N_("NAME") },
    { "recipient-contact", 0, 0, G_OPTION_ARG_STRING, &recipient_contact,
      N_("For a transfer: how to reach the recipient"), N_("CONTACT") },
    { "agreement-signed", 0, 0, G_OPTION_ARG_NONE, &agreement_signed,
      N_("For a transfer: the agreement with the recipient is signed"), NULL },
    { "recipient-vetted", 0, 0, G_OPTION_ARG_NONE, &recipient_vetted,
      N_("For a transfer: the recipient was vetted"), NULL },
    { "personal-destination", 0, 0, G_OPTION_ARG_NONE, &personal_destination,
      N_("The data goes to an individual’s own account or device (the plan check blocks this)"), NULL },
    { "rules", 0, 0, G_OPTION_ARG_FILENAME, &rules_path,
      N_("Retention rules to use instead of the shipped ones"), N_("FILE") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE ASSET…"),
                                _("Decide the categories and the disposition of one or more assets "
                                  "(all in one change, recorded in the audit log). Retained assets "
                                  "get a retain-until date from the longest retention rule that "
                                  "applies to their record type, counted from the planned "
                                  "deregistration date unless --retain-until overrides it."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, G_MAXINT, &status))
    return status;

  if (categories_text != NULL && g_strcmp0 (categories_text, "suggested") != 0 &&
      !cd_categories_from_string (categories_text, &categories, &error))
    return cd_cli_usage_error (command, "%s", error->message);
  if (disposition_text != NULL && !cd_disposition_from_string (disposition_text, &disposition, &error))
    return cd_cli_usage_error (command, "%s", error->message);
  if (retain_until != NULL && !cd_cli_parse_date (command, "--retain-until", retain_until, &status))
    return status;
  if (retain_until != NULL && reason == NULL)
    return cd_cli_usage_error (command, _("--retain-until overrides the retention rule: say why with --reason"));

  rules = rules_path != NULL ? cd_retention_rules_load_file (rules_path, &error)
                             : cd_retention_rules_load_default (&error);
  if (rules == NULL)
    return cd_cli_report_error (error);

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  info = cd_store_get_case_info (store, &error);
  current = info != NULL ? cd_store_list_asset_plans (store, &error) : NULL;
  if (current == NULL)
    return cd_cli_report_error (error);

  for (int a = 2; a < argc; a++)
    {
      g_autoptr(CdAsset) asset = cd_store_get_asset (store, argv[a], &error);
      CdAssetPlan *plan = NULL;
      CdCategories suggested;

      if (asset == NULL)
        return cd_cli_report_error (error);
      for (guint i = 0; i < current->len && plan == NULL; i++)
        if (g_strcmp0 (((CdAssetPlan *) current->pdata[i])->asset_id, argv[a]) == 0)
          plan = cd_asset_plan_copy (current->pdata[i]);
      if (plan == NULL)
        plan = cd_asset_plan_new (argv[a]);
      g_ptr_array_add (changed, plan);

      suggested = suggest_for (store, asset, &error);
      if (suggested == (CdCategories) -1)
        return cd_cli_report_error (error);
      plan->suggested = suggested;
      if (g_strcmp0 (categories_text, "suggested") == 0)
        plan->categories = suggested;
      else if (categories_text != NULL)
        plan->categories = categories;
      if (disposition_text != NULL)
        plan->disposition = disposition;
      if (reason != NULL)
        replace_str (&plan->reason, reason);
      if (recipient != NULL)
        replace_str (&plan->recipient, recipient);
      if (recipient_contact != NULL)
        replace_str (&plan->recipient_contact, recipient_contact);
      plan->agreement_signed |= agreement_signed;
      plan->recipient_vetted |= recipient_vetted;
      plan->personal_destination |= personal_destination;

      if (cd_disposition_retains (plan->disposition) && retain_until != NULL)
        {
          replace_str (&plan->retain_until, retain_until);
          g_clear_pointer (&plan->rule_id, g_free);
        }
      else if (!cd_plan_apply_retention (plan, asset, info, rules, &error))
        {
          if (!g_error_matches (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_NO_DATE))
            return cd_cli_report_error (error);
          /* The decision stands; the date follows once the case has one. */
          g_printerr (_("%s: no retain-until date yet: %s\n"), plan->asset_id, error->message);
          g_clear_error (&error);
        }
    }

  if (!cd_store_set_asset_plans (store, changed, &error))
    return cd_cli_report_error (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "Updated the plan of %u asset\n",
                       "Updated the plan of %u assets\n", changed->len), changed->len);
  return CD_CLI_EXIT_OK;
}

/* “plan show”: the plan, asset by asset. */
static int
plan_show (const char  *command,
           int          argc,
           char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(CdCliTable) table = NULL;
  guint undecided = 0;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Show the disposition plan: for every asset its categories, "
                                  "disposition, retention rule and retain-until date."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  plans = cd_store_list_asset_plans (store, &error);
  if (plans == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (6);
  cd_cli_table_set_column (table, 0, "asset", _("Asset"), FALSE);
  cd_cli_table_set_column (table, 1, "location", _("Location"), FALSE);
  cd_cli_table_set_column (table, 2, "categories", _("Categories"), FALSE);
  cd_cli_table_set_column (table, 3, "disposition", _("Disposition"), FALSE);
  cd_cli_table_set_column (table, 4, "rule", _("Retention rule"), FALSE);
  cd_cli_table_set_column (table, 5, "retain_until", _("Retain until"), FALSE);
  for (guint i = 0; i < plans->len; i++)
    {
      const CdAssetPlan *plan = plans->pdata[i];
      g_autoptr(CdAsset) asset = cd_store_get_asset (store, plan->asset_id, &error);
      g_autofree char *location = NULL;
      g_autofree char *names = NULL;

      if (asset == NULL)
        return cd_cli_report_error (error);
      location = cd_cli_sanitize (cd_asset_get_location (asset));
      names = common.tsv ? cd_categories_to_ids (plan->categories) : cd_categories_to_labels (plan->categories);
      if (plan->disposition == CD_DISPOSITION_UNDECIDED)
        undecided++;
      {
        const char *cells[] = {
          plan->asset_id,
          location,
          names,
          common.tsv ? cd_disposition_to_id (plan->disposition) : cd_disposition_get_label (plan->disposition),
          plan->rule_id != NULL ? plan->rule_id : "",
          plan->retain_until != NULL ? plan->retain_until : "",
        };

        cd_cli_table_add_row (table, cells);
      }
    }
  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u asset, %u undecided\n", "%u assets, %u undecided\n",
                         plans->len), plans->len, undecided);
  return CD_CLI_EXIT_OK;
}

/* @text (--today) as a date, or today. */
static gboolean
parse_today (const char  *command,
             const char  *text,
             GDate       *today,
             int         *status)
{
  g_date_clear (today, 1);
  if (text != NULL)
    {
      if (!cd_cli_parse_date (command, "--today", text, status))
        return FALSE;
      cd_retention_date_parse (text, today);
    }
  else
    cd_date_set_today (today);
  return TRUE;
}

/* “plan check”: one problem per line; exit 1 while there are errors. */
static int
plan_check (const char  *command,
            int          argc,
            char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *today_text = NULL;
  GDate today;
  guint errors;
  int status;
  const GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("Check as on this date instead of today (retention periods)"), N_("DATE") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE"),
                                _("Check the disposition plan: one problem per line (severity, "
                                  "check, asset, message), errors first. Exit status 1 while there "
                                  "are errors: undecided assets, sensitive data kept without "
                                  "encryption, transfers without recipient, agreement or vetting, "
                                  "data going to an individual’s own account, retention periods "
                                  "already over."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status) ||
      !parse_today (command, today_text, &today, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  plans = cd_store_list_asset_plans (store, &error);
  if (plans == NULL)
    return cd_cli_report_error (error);

  problems = cd_plan_check_case (store, plans, &today, &error);
  if (problems == NULL)
    return cd_cli_report_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      const CdPlanProblem *problem = problems->pdata[i];

      printf ("%s\t%s\t%s\t%s\n", cd_plan_severity_to_id (problem->severity),
              cd_plan_check_code_to_id (problem->code),
              problem->asset_id != NULL ? problem->asset_id : problem->vault_id, problem->message);
    }
  errors = cd_plan_count_errors (problems);
  /* Translators: on stderr after the problems of a plan */
  g_printerr (_("%u errors, %u warnings\n"), errors, problems->len - errors);
  return errors > 0 ? CD_CLI_EXIT_FAILURE : CD_CLI_EXIT_OK;
}


/* “plan timeline”: the milestones on the case's dates. */
static int
plan_timeline (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autofree char *today_text = NULL;
  GDate today;
  guint overdue;
  int status;
  const GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("Show the timeline as on this date instead of today"), N_("DATE") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE"),
                                _("Show the disposal milestones on the case’s dates: inventory a month "
                                  "before deregistration, customer notices in the creditors’ 45 days, "
                                  "and the final check three days before, in three recorded passes. "
                                  "Exit status 1 while a milestone is overdue."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status) ||
      !parse_today (command, today_text, &today, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  milestones = cd_timeline_compute (store, &today, &error);
  if (milestones == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (4);
  cd_cli_table_set_column (table, 0, "milestone", _("Milestone"), FALSE);
  cd_cli_table_set_column (table, 1, "due", _("Due"), FALSE);
  cd_cli_table_set_column (table, 2, "state", _("State"), FALSE);
  cd_cli_table_set_column (table, 3, "done_by", _("Done by"), FALSE);
  for (guint i = 0; i < milestones->len; i++)
    {
      const CdMilestone *milestone = milestones->pdata[i];
      g_autofree char *done = milestone->done_at > 0 ? cd_cli_format_time (milestone->done_at, FALSE) : NULL;
      g_autofree char *who = milestone->done_by != NULL
                             ? g_strdup_printf ("%s %s", milestone->done_by, done != NULL ? done : "")
                             : NULL;
      const char *cells[] = {
        common.tsv ? cd_milestone_kind_to_id (milestone->kind) : cd_milestone_kind_get_label (milestone->kind),
        milestone->due != NULL ? milestone->due : "",
        common.tsv ? cd_milestone_state_to_id (milestone->state) : cd_milestone_state_get_label (milestone->state),
        who != NULL ? who : "",
      };

      cd_cli_table_add_row (table, cells);
    }
  cd_cli_table_print (table, common.tsv);
  overdue = cd_timeline_count_overdue (milestones);
  return overdue > 0 ? CD_CLI_EXIT_FAILURE : CD_CLI_EXIT_OK;
}

/* “plan pass”: record one pass of the final check. */
static int
plan_pass (const char  *command,
           int          argc,
           char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *today_text = NULL;
  CdMilestoneKind pass;
  GDate today;
  int status;
  const GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("Check retention periods as on this date instead of today"), N_("DATE") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE self-check|cross-check|rescan"),
                                _("Record a pass of the final check, with who and when: the "
                                  "self-check, then a colleague’s cross-check (another --actor), "
                                  "then a rescan (after a new “scan --case”). Refused while the "
                                  "plan check finds errors."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status) ||
      !parse_today (command, today_text, &today, &status))
    return status;
  if (!cd_milestone_kind_from_id (argv[2], &pass) || pass < CD_MILESTONE_SELF_CHECK)
    return cd_cli_usage_error (command, _("Unknown pass “%s”: use self-check, cross-check or rescan"),
                               argv[2]);

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_timeline_record_pass (store, pass, &today, &error))
    return cd_cli_report_error (error);
  /* Translators: %s is a pass of the final check, e.g. "Final check: self-check" */
  printf (_("Recorded: %s\n"), cd_milestone_kind_get_label (pass));
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_plan_commands[] = {
  { "suggest", N_("Show the categories that scan findings suggest for assets"), plan_suggest },
  { "set", N_("Decide the categories and disposition of assets"), plan_set },
  { "show", N_("Show the disposition plan"), plan_show },
  { "check", N_("Check the disposition plan; exit status 1 while it has errors"), plan_check },
  { "timeline", N_("Show the disposal milestones and what is overdue"), plan_timeline },
  { "pass", N_("Record a pass of the final check"), plan_pass },
  { "rules", N_("List the retention rules"), cd_cli_plan_rules },
  { "export-deidentified", N_("Export a table de-identified or anonymized"), cd_cli_plan_export },
  { NULL }
};
