/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli plan export-deidentified CASE SOURCE.csv --out OUT.csv”:
 * applies masking, generalization, pseudonym and drop rules per column,
 * labels the result anonymized only when k-anonymity over the chosen
 * quasi-identifiers reaches the threshold, and records the export in the
 * case's audit log (counts, columns and rules, never a cell value). The
 * output may not land in a scanned folder or beside the source: that would
 * mix outputs with the evidence. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"
#include "cd-cli-plan-export.h"

static gboolean
parse_label (const char     *text,
             CdDeidentLabel *out_label)
{
  if (strcmp (text, cd_deident_label_to_string (CD_DEIDENT_LABEL_DEIDENTIFIED)) == 0 ||
      strcmp (text, "de-identified") == 0)
    *out_label = CD_DEIDENT_LABEL_DEIDENTIFIED;
  else if (strcmp (text, cd_deident_label_to_string (CD_DEIDENT_LABEL_ANONYMIZED)) == 0)
    *out_label = CD_DEIDENT_LABEL_ANONYMIZED;
  else
    return FALSE;
  return TRUE;
}

/* "--qi 年龄,地区 --qi 性别" → 年龄, 地区, 性别 */
static GStrv
split_columns (char **args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (args[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          g_strstrip (parts[j]);
          if (*parts[j] != '\0')
            g_strv_builder_add (builder, parts[j]);
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
parse_as_of (const char *text,
             GDate      *date)
{
  unsigned int year, month, day;

  if (!cd_date_is_valid (text) || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static void
print_summary (const CdDeidentReport *report,
               const char * const    *quasi_identifiers)
{
  g_autofree char *k = NULL;
  g_autofree char *rows = cd_cli_format_count (report->n_rows);
  g_autofree char *columns = NULL;
  g_autofree char *output = g_filename_display_name (report->path);

  if (quasi_identifiers != NULL && quasi_identifiers[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) quasi_identifiers);

      /* Translators: k-anonymity reached, e.g. “3 over 年龄, 地区 (5 required to label it
       * anonymized)” */
      k = g_strdup_printf (_("%u over %s (%u required to label it anonymized)"),
                           report->k, names, report->threshold);
    }
  else
    k = g_strdup (_("not computed: no quasi-identifier chosen"));

  /* Translators: columns of an export, e.g. “5 written, 2 dropped” */
  columns = g_strdup_printf (_("%u written, %u dropped"),
                             report->n_columns_written, report->n_columns_dropped);

  {
    const char *labels[] = {
      _("Label"), _("k-anonymity"), _("Rows"), _("Columns"), _("Output"), _("SHA-256"),
    };
    const char *values[] = {
      cd_deident_label_get_display_name (report->label), k, rows, columns, output,
      report->sha256,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (values));
    cd_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  }
}

int
cd_cli_plan_export (const char  *command,
                    int          argc,
                    char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(CdDeidentPlan) plan = NULL;
  g_autoptr(CdDeidentReport) report = NULL;
  g_auto(GStrv) rule_args = NULL;
  g_auto(GStrv) qi_args = NULL;
  g_auto(GStrv) quasi_identifiers = NULL;
  g_auto(GStrv) protected_dirs = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *label_text = NULL;
  g_autofree char *k_text = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *export_id = NULL;
  gboolean fallback = FALSE;
  gboolean overwrite = FALSE;
  CdDeidentLabel label = CD_DEIDENT_LABEL_DEIDENTIFIED;
  CdDeidentExportFlags flags = CD_DEIDENT_EXPORT_NONE;
  gint64 k = CD_DEIDENT_DEFAULT_THRESHOLD;
  const char *source;
  int status;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      N_("Write the export to FILE (required; not inside a scanned folder or the source's "
         "folder)"), N_("FILE") },
    { "rule", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &rule_args,
      N_("Treat COLUMN by RULE: keep, drop, mask, mask:HEAD,TAIL, mask:name|phone|id|uscc|"
         "email|bank-card|address, age-band[:WIDTH[,TOP]], region-prefix[:N], month, "
         "pseudonym; may be repeated"), N_("COLUMN=RULE") },
    { "qi", 0, 0, G_OPTION_ARG_STRING_ARRAY, &qi_args,
      N_("Compute k-anonymity over these quasi-identifier columns; may be repeated"),
      N_("COLUMN[,COLUMN…]") },
    { "k", 'k', 0, G_OPTION_ARG_STRING, &k_text,
      N_("The smallest k that may be labelled anonymized (default 5, at least 2)"), N_("N") },
    /* Translators: do not translate “deidentified” and “anonymized” */
    { "label", 0, 0, G_OPTION_ARG_STRING, &label_text,
      N_("Label the export “deidentified” (default) or “anonymized”"), N_("LABEL") },
    { "fallback", 0, 0, G_OPTION_ARG_NONE, &fallback,
      N_("When k is too small for “anonymized”, label the export de-identified instead of "
         "failing"), NULL },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite,
      N_("Replace the output file if it exists"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("Compute ages from birth dates as on DATE (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = cd_cli_context_new (_("CASE SOURCE.csv"),
                                _("Export a table (CSV, UTF-8 or GBK) de-identified: each "
                                  "column kept, masked, generalized (age bands, region prefix, "
                                  "date to month), replaced by a keyed pseudonym, or dropped. "
                                  "With --label anonymized the export is refused unless every "
                                  "combination of the quasi-identifier values is shared by at "
                                  "least k rows; the rows that break it are listed by line. "
                                  "Pseudonyms are keyed per export, so two exports cannot be "
                                  "joined on them. The export is recorded in the audit log, "
                                  "without any cell value."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  source = argv[2];

  /* Every mistake on the command line before the passphrase is asked for. */
  if (out_path == NULL || *out_path == '\0')
    return cd_cli_usage_error (command, _("--out is required: the file to write"));
  if (label_text != NULL && !parse_label (label_text, &label))
    return cd_cli_usage_error (command,
                               /* Translators: %s is what the user typed; do not translate
                                * “deidentified” and “anonymized” */
                               _("Unknown label “%s”: use “deidentified” or “anonymized”"),
                               label_text);
  if (k_text != NULL)
    {
      if (!cd_cli_parse_count (command, "--k", k_text, &k, &status))
        return status;
      if (k < 2 || k > G_MAXINT)
        return cd_cli_usage_error (command, _("--k needs a whole number of 2 or more"));
    }

  plan = cd_deident_plan_new ();
  for (guint i = 0; rule_args != NULL && rule_args[i] != NULL; i++)
    if (!cd_deident_plan_set_rule_from_string (plan, rule_args[i], &error))
      return cd_cli_usage_error (command, "%s", error->message);
  quasi_identifiers = split_columns (qi_args);
  cd_deident_plan_set_quasi_identifiers (plan, (const char * const *) quasi_identifiers);
  cd_deident_plan_set_threshold (plan, (guint) k);
  if (as_of != NULL)
    {
      GDate reference;

      if (!parse_as_of (as_of, &reference))
        return cd_cli_usage_error (command, _("%s needs a date written as YYYY-MM-DD"),
                                   "--as-of");
      cd_deident_plan_set_reference_date (plan, &reference);
    }
  if (fallback)
    flags |= CD_DEIDENT_EXPORT_FALLBACK;
  if (overwrite)
    flags |= CD_DEIDENT_EXPORT_OVERWRITE;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  /* A wrong folder fails before the table is read. */
  protected_dirs = cd_deident_export_get_protected_dirs (store, source, &error);
  if (protected_dirs == NULL ||
      !cd_deident_check_output_path (out_path, (const char * const *) protected_dirs, flags,
                                     &error))
    return cd_cli_report_error (error);

  table = cd_csv_table_parse_file (source, NULL, &error);
  if (table == NULL)
    return cd_cli_report_error (error);

  export_id = cd_deident_export_new_id ();
  if (!cd_deident_export_set_key (store, plan, export_id, &error) ||
      !cd_deident_export_for_case (store, table, plan, source, NULL, export_id, out_path, label,
                                   flags, NULL, &report, &error))
    return cd_cli_report_error (error);

  if (report->label != report->label_requested)
    g_printerr (_("%s: k is %u, below the %u required: the export is labelled "
                  "de-identified, not anonymized.\n"),
                CD_CLI_NAME, report->k, report->threshold);
  print_summary (report, cd_deident_plan_get_quasi_identifiers (plan));
  return CD_CLI_EXIT_OK;
}
