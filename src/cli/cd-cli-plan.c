/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli plan …”: the disposition plan (敏感度标注) — what the
 * scans suggest each asset holds, the retention rules, and de-identified
 * exports. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

/* Images, and recordings or videos, among an asset's scanned files. */
static void
count_media (GPtrArray *records,
             guint64   *images,
             guint64   *recordings)
{
  for (guint i = 0; i < records->len; i++)
    {
      const CdScanFileRecord *record = records->pdata[i];
      const char *type = record->content_type;

      if (type != NULL && g_str_has_prefix (type, "image/"))
        (*images)++;
      else if (type != NULL && (g_str_has_prefix (type, "audio/") || g_str_has_prefix (type, "video/")))
        (*recordings)++;
    }
}

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
      guint64 counts[CD_N_DETECT_KINDS] = { 0, };
      guint64 images = 0;
      guint64 recordings = 0;
      gboolean wanted = argc <= 2;

      for (int a = 2; a < argc && !wanted; a++)
        wanted = g_strcmp0 (argv[a], id) == 0;
      if (!wanted)
        continue;

      records = cd_store_list_asset_findings (store, id, &error);
      if (records == NULL || !cd_store_get_asset_scan_counts (store, id, counts, &error))
        return cd_cli_report_error (error);
      if (records->len == 0 && argc <= 2)
        continue;   /* entered by hand: nothing to suggest from */

      count_media (records, &images, &recordings);
      suggestion = cd_policy_suggest (counts, images, recordings, cd_asset_get_record_type (asset));
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

const CdCliCommand cd_cli_plan_commands[] = {
  { "suggest", N_("Show the categories that scan findings suggest for assets"), plan_suggest },
  { NULL }
};
