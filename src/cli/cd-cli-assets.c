/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli assets …”: the data inventory (数据盘点) — adding,
 * listing, importing, exporting and deleting data assets. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

static char *
medium_ids (void)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < CD_N_MEDIA; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", cd_medium_to_id (i));
  return g_string_free (ids, FALSE);
}

static char *
record_type_ids (void)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < CD_N_RECORD_TYPES; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", cd_record_type_to_id (i));
  return g_string_free (ids, FALSE);
}

/* Free text may hold a customer's name; it is shown masked unless revealed. */
static char *
display_text (const char *text,
              gboolean    reveal)
{
  char *masked;

  if (text == NULL || *text == '\0')
    return g_strdup ("");
  if (reveal)
    return g_strdup (text);
  masked = cd_mask_text (text);
  return masked != NULL ? masked : g_strdup ("");
}

static char **
resolve_asset_ids (CdStore  *store,
                   char    **args,
                   int       n_args,
                   GError  **error)
{
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func (g_free);
  const char *bad = NULL;
  gboolean ambiguous = FALSE;
  char **ids;

  assets = cd_store_list_assets (store, error);
  if (assets == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      g_ptr_array_add (known, g_strdup (cd_asset_get_id (asset)));
    }

  ids = cd_cli_resolve_ids (known, args, n_args, &bad, &ambiguous);
  if (ids == NULL)
    {
      g_autofree char *clean = cd_cli_sanitize (bad);

      if (ambiguous)
        g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                     _("“%s” matches more than one asset; give more of the id"), clean);
      else
        g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                     _("There is no asset with id “%s”; nothing was deleted"), clean);
    }
  return ids;
}

/* -- assets add -------------------------------------------------------------------- */

static int
assets_add (const char  *command,
            int          argc,
            char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autofree char *location = NULL;
  g_autofree char *medium_text = NULL;
  g_autofree char *record_type_text = NULL;
  g_autofree char *records_text = NULL;
  g_autofree char *customers_text = NULL;
  g_autofree char *format = NULL;
  g_autofree char *custodian = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdAsset) asset = NULL;
  CdMedium medium;
  CdRecordType record_type = CD_RECORD_TYPE_PERSONAL;
  gint64 records = 0, customers = 0;
  const GOptionEntry entries[] = {
    { "location", 0, 0, G_OPTION_ARG_STRING, &location,
      N_("Where the data is: a server path, a cabinet, a phone…"), N_("TEXT") },
    { "medium", 0, 0, G_OPTION_ARG_STRING, &medium_text,
      /* Translators: do not translate the ids */
      N_("server, pc, mobile-chat, cloud-drive, voice-recorder, email, paper or other"),
      N_("KIND") },
    { "record-type", 0, 0, G_OPTION_ARG_STRING, &record_type_text,
      /* Translators: do not translate the ids */
      N_("personal (default), transaction, communication, contract or recording"), N_("TYPE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Form of the records: text, spreadsheet, voice, video, paper…"), N_("FORMAT") },
    { "records", 0, 0, G_OPTION_ARG_STRING, &records_text,
      N_("Number of records"), N_("N") },
    { "customers", 0, 0, G_OPTION_ARG_STRING, &customers_text,
      N_("Number of customers concerned"), N_("N") },
    { "custodian", 0, 0, G_OPTION_ARG_STRING, &custodian,
      N_("Who looks after it"), N_("NAME") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Remarks"), N_("TEXT") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Add a data asset to the inventory by hand (paper files, "
                                  "voice recorders, a colleague’s phone…)."),
                                entries, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  if (location == NULL || *location == '\0')
    return cd_cli_usage_error (command, _("--location is required"));
  if (medium_text == NULL)
    return cd_cli_usage_error (command, _("--medium is required"));
  if (!cd_medium_from_string (medium_text, &medium))
    {
      g_autofree char *ids = medium_ids ();
      g_autofree char *clean = cd_cli_sanitize (medium_text);
      /* Translators: %s is what the user typed, then the list of valid ids */
      return cd_cli_usage_error (command, _("Unknown medium “%s”; use one of: %s"), clean, ids);
    }
  if (record_type_text != NULL && !cd_record_type_from_string (record_type_text, &record_type))
    {
      g_autofree char *ids = record_type_ids ();
      g_autofree char *clean = cd_cli_sanitize (record_type_text);
      /* Translators: %s is what the user typed, then the list of valid ids */
      return cd_cli_usage_error (command, _("Unknown record type “%s”; use one of: %s"),
                                 clean, ids);
    }
  if ((records_text != NULL &&
       !cd_cli_parse_count (command, "--records", records_text, &records, &status)) ||
      (customers_text != NULL &&
       !cd_cli_parse_count (command, "--customers", customers_text, &customers, &status)))
    return status;

  asset = cd_asset_new ();
  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_record_type (asset, record_type);
  cd_asset_set_format (asset, format);
  cd_asset_set_records (asset, records);
  cd_asset_set_customers (asset, customers);
  cd_asset_set_custodian (asset, custodian);
  cd_asset_set_notes (asset, notes);
  if (!cd_asset_validate (asset, &error))
    return cd_cli_report_error (error);

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_add_asset (store, asset, &error))
    return cd_cli_report_error (error);

  /* Translators: %s is the new asset's id */
  printf (_("Added asset %s.\n"), cd_asset_get_id (asset));
  return CD_CLI_EXIT_OK;
}

/* -- assets list ------------------------------------------------------------------- */

static int
assets_list (const char  *command,
             int          argc,
             char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(CdCliTable) table = NULL;
  gint64 total_records = 0;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("List the data inventory. Notes are masked unless --reveal "
                                  "is given; --format=tsv adds them and the creation time."),
                                NULL, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT | CD_CLI_OPT_REVEAL);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  assets = cd_store_list_assets (store, &error);
  if (assets == NULL)
    return cd_cli_report_error (error);

  if (common.tsv)
    {
      table = cd_cli_table_new (10);
      cd_cli_table_set_column (table, 8, "notes", _("Notes"), FALSE);
      cd_cli_table_set_column (table, 9, "created", _("Created"), FALSE);
    }
  else
    table = cd_cli_table_new (8);
  cd_cli_table_set_column (table, 0, "id", _("ID"), FALSE);
  cd_cli_table_set_column (table, 1, "location", _("Location"), FALSE);
  cd_cli_table_set_column (table, 2, "medium", _("Medium"), FALSE);
  cd_cli_table_set_column (table, 3, "record_type", _("Record type"), FALSE);
  cd_cli_table_set_column (table, 4, "format", _("Format"), FALSE);
  cd_cli_table_set_column (table, 5, "records", _("Records"), TRUE);
  cd_cli_table_set_column (table, 6, "customers", _("Customers"), TRUE);
  cd_cli_table_set_column (table, 7, "custodian", _("Custodian"), FALSE);

  n = g_list_model_get_n_items (assets);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      CdMedium medium = cd_asset_get_medium (asset);
      CdRecordType type = cd_asset_get_record_type (asset);
      g_autofree char *records = NULL;
      g_autofree char *customers = NULL;
      g_autofree char *notes = display_text (cd_asset_get_notes (asset), common.reveal);
      g_autofree char *created = cd_cli_format_time (cd_asset_get_created (asset), TRUE);

      if (common.tsv)
        {
          records = g_strdup_printf ("%" G_GINT64_FORMAT, cd_asset_get_records (asset));
          customers = g_strdup_printf ("%" G_GINT64_FORMAT, cd_asset_get_customers (asset));
        }
      else
        {
          records = cd_cli_format_count (cd_asset_get_records (asset));
          customers = cd_cli_format_count (cd_asset_get_customers (asset));
        }

      {
        const char *cells[] = {
          cd_asset_get_id (asset),
          cd_asset_get_location (asset),
          common.tsv ? cd_medium_to_id (medium) : cd_medium_get_label (medium),
          common.tsv ? cd_record_type_to_id (type) : cd_record_type_get_label (type),
          cd_asset_get_format (asset),
          records,
          customers,
          cd_asset_get_custodian (asset),
          notes,
          created,
        };

        cd_cli_table_add_row (table, cells);
      }
      total_records += cd_asset_get_records (asset);
    }

  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    {
      g_autofree char *total = cd_cli_format_count (total_records);

      /* Translators: the number of assets, then the sum of their record counts */
      printf (g_dngettext (GETTEXT_PACKAGE, "%u asset, %s records in all\n",
                           "%u assets, %s records in all\n", n), n, total);
    }
  return CD_CLI_EXIT_OK;
}

/* -- assets import / export -------------------------------------------------------- */

static int
assets_import (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = NULL;
  gsize len = 0;
  int status;

  context = cd_cli_context_new (_("FILE CSV"),
                                _("Import data assets from a CSV file (UTF-8 with or without "
                                  "BOM, or GBK as saved by Excel and WPS). Columns: location, "
                                  "medium, record_type, format, records, customers, custodian, "
                                  "notes; Chinese headers (位置, 介质, 记录类型…) work too. The "
                                  "whole file is checked first: one bad line and nothing is "
                                  "imported."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  if (!g_file_get_contents (argv[2], &data, &len, &error))
    return cd_cli_report_error (error);
  assets = cd_assets_from_csv (data, len, &error);
  if (assets == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_import_assets (store, assets, argv[2], &error))
    return cd_cli_report_error (error);

  display = g_filename_display_basename (argv[2]);
  printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u asset from %s.\n",
                       "Imported %u assets from %s.\n", assets->len),
          assets->len, display);
  return CD_CLI_EXIT_OK;
}

static int
assets_export (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *details = NULL;
  const char *output;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE [CSV|-]"),
                                _("Export the data inventory as CSV (UTF-8 with BOM, so Excel "
                                  "and WPS open it directly) to the file CSV, or to standard "
                                  "output if CSV is “-” or missing. The file can be imported "
                                  "again."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 2, &status))
    return status;
  output = argc > 2 ? argv[2] : NULL;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  assets = cd_store_list_assets (store, &error);
  if (assets == NULL)
    return cd_cli_report_error (error);

  csv = cd_assets_to_csv (assets);
  /* Asset locations can name customers: the file is the owner's only. */
  if (!cd_cli_write_output (output, csv, TRUE, &error))
    return cd_cli_report_error (error);

  n = g_list_model_get_n_items (assets);
  details = g_strdup_printf ("{\"count\": %u}", n);
  if (!cd_store_record_event (store, "assets.export", NULL, details, &error))
    return cd_cli_report_error (error);

  if (output != NULL && strcmp (output, "-") != 0)
    {
      g_autofree char *display = g_filename_display_name (output);

      printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u asset to %s.\n",
                           "Exported %u assets to %s.\n", n), n, display);
    }
  return CD_CLI_EXIT_OK;
}

/* -- assets delete ----------------------------------------------------------------- */

static int
assets_delete (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_auto(GStrv) ids = NULL;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE ID…"),
                                _("Delete data assets from the inventory (ids as shown by "
                                  "“assets list”; a unique prefix of 8 or more characters is "
                                  "enough). If any id is unknown, nothing is deleted."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, -1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  ids = resolve_asset_ids (store, argv + 2, argc - 2, &error);
  if (ids == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_delete_assets (store, (const char * const *) ids, &error))
    return cd_cli_report_error (error);

  n = g_strv_length (ids);
  printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u asset.\n", "Deleted %u assets.\n", n), n);
  return CD_CLI_EXIT_OK;
}

/* “assets from-scan”: the results of a recorded scan become assets. */
static int
assets_from_scan (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  g_autofree char *per = NULL;
  gint64 scan_id = 0;
  CdScanGrouping grouping = CD_SCAN_GROUP_PER_FILE;
  guint n_assets = 0;
  const GOptionEntry entries[] = {
    { "scan", 0, 0, G_OPTION_ARG_INT64, &scan_id,
      N_("The scan to use (as printed by “scan --case”; the latest if not given)"), N_("NUMBER") },
    /* Translators: keep file and folder as they are: they are typed as is */
    { "per", 0, 0, G_OPTION_ARG_STRING, &per,
      N_("One asset per file (the default) or per folder below the scanned folder"), N_("file|folder") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Turn a scan recorded with “scan --case” into data assets: one "
                                  "per file that holds identifiers or needs review, or one per "
                                  "folder. Each asset keeps its counts per kind and masked samples "
                                  "(see “assets findings”). Files already turned into assets are "
                                  "not added twice."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  if (per == NULL || g_strcmp0 (per, "file") == 0)
    grouping = CD_SCAN_GROUP_PER_FILE;
  else if (g_strcmp0 (per, "folder") == 0)
    grouping = CD_SCAN_GROUP_PER_FOLDER;
  else
    return cd_cli_usage_error (command, _("Unknown grouping “%s”: use file or folder"), per);

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  if (scan_id <= 0)
    {
      scans = cd_store_list_scans (store, &error);
      if (scans == NULL)
        return cd_cli_report_error (error);
      for (guint i = 0; i < scans->len && scan_id <= 0; i++)
        {
          const CdScanSummary *summary = scans->pdata[i];

          if (g_strcmp0 (summary->state, "complete") == 0)
            scan_id = summary->id;
        }
      if (scan_id <= 0)
        return cd_cli_fail ("%s", _("This case has no finished scan: record one with “scan --case”"));
    }

  if (!cd_store_assets_from_scan (store, scan_id, grouping, &n_assets, &error))
    return cd_cli_report_error (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "Added %u asset from the scan\n",
                       "Added %u assets from the scan\n", n_assets), n_assets);
  return CD_CLI_EXIT_OK;
}

static char *
finding_location (const char *path,
                  const char *member,
                  guint       page)
{
  GString *out = g_string_new (path);

  if (member != NULL)
    g_string_append_printf (out, " › %s", member);
  if (page > 0)
    {
      g_string_append (out, " › ");
      /* Translators: a page of a PDF in a location such as "a.pdf › page 3" */
      g_string_append_printf (out, _("page %u"), page);
    }
  return g_string_free (out, FALSE);
}

/* “assets findings”: the drill-down of an asset made from a scan. */
static int
assets_findings (const char  *command,
                 int          argc,
                 char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(CdCliTable) table = NULL;
  guint64 counts[CD_N_DETECT_KINDS] = { 0, };
  int status;

  context = cd_cli_context_new (_("FILE ASSET"),
                                _("Show what a scan found in an asset: the counts per kind, and "
                                  "masked samples with where each one is (file › member › page)."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_get_asset_scan_counts (store, argv[2], counts, &error))
    return cd_cli_report_error (error);
  records = cd_store_list_asset_findings (store, argv[2], &error);
  if (records == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (3);
  cd_cli_table_set_column (table, 0, "location", _("Location"), FALSE);
  cd_cli_table_set_column (table, 1, "kind", _("Kind"), FALSE);
  cd_cli_table_set_column (table, 2, "masked", _("Masked"), FALSE);
  for (guint i = 0; i < records->len; i++)
    {
      const CdScanFileRecord *record = records->pdata[i];

      for (guint j = 0; j < record->samples->len; j++)
        {
          const CdScanSample *sample = record->samples->pdata[j];
          g_autofree char *location = finding_location (record->path, sample->member, sample->page);
          g_autofree char *clean = cd_cli_sanitize (location);
          const char *cells[] = {
            clean,
            common.tsv ? cd_detect_kind_get_name (sample->kind) : cd_detect_kind_get_label (sample->kind),
            sample->masked,
          };

          cd_cli_table_add_row (table, cells);
        }
      if (record->status != CD_SCAN_FILE_SCANNED && !common.tsv)
        {
          g_autofree char *location = finding_location (record->path, record->member, 0);
          g_autofree char *clean = cd_cli_sanitize (location);
          const char *cells[] = { clean, _("needs review"), record->reason != NULL ? record->reason : "" };

          cd_cli_table_add_row (table, cells);
        }
    }
  cd_cli_table_print (table, common.tsv);

  if (!common.tsv)
    {
      gboolean any = FALSE;

      printf ("\n");
      for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
        if (counts[k] > 0)
          {
            g_autofree char *n = cd_cli_format_count ((gint64) counts[k]);

            printf ("%s: %s\n", cd_detect_kind_get_label ((CdDetectKind) k), n);
            any = TRUE;
          }
      if (!any)
        printf ("%s\n", _("No identifiers found."));
    }
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_assets_commands[] = {
  { "add", N_("Add a data asset by hand"), assets_add },
  { "list", N_("List the data inventory"), assets_list },
  { "import", N_("Import data assets from a CSV file"), assets_import },
  { "from-scan", N_("Turn a recorded scan into data assets"), assets_from_scan },
  { "findings", N_("Show what a scan found in an asset"), assets_findings },
  { "export", N_("Export the data inventory as CSV"), assets_export },
  { "delete", N_("Delete data assets"), assets_delete },
  { NULL }
};
