/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-deident-export: a de-identified export as a step of a case (see
 * cd-deident-export.h). */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "cd-deident-export.h"

/* Random bytes of an export id: pseudonyms are keyed by it, so two exports
 * of the same table cannot be joined on their pseudonyms. */
#define EXPORT_ID_BYTES 16

/**
 * cd_deident_export_new_id:
 *
 * Returns: (transfer full): a new random export id, in hex
 */
char *
cd_deident_export_new_id (void)
{
  guint8 bytes[EXPORT_ID_BYTES];
  char hex[EXPORT_ID_BYTES * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  return g_strdup (hex);
}

/**
 * cd_deident_export_set_key:
 * @store: an unlocked case
 * @plan: the plan to key
 * @export_id: from cd_deident_export_new_id(); the same id gives the same
 *   pseudonyms again
 *
 * Gives @plan the pseudonym key of @export_id, derived from the case key;
 * the key never leaves secure memory longer than needed.
 *
 * Returns: %TRUE if @plan has its key
 */
gboolean
cd_deident_export_set_key (CdStore        *store,
                           CdDeidentPlan  *plan,
                           const char     *export_id,
                           GError        **error)
{
  guint8 key[CD_CRYPTO_INDEX_BYTES];
  gboolean ok;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (export_id != NULL && *export_id != '\0', FALSE);

  ok = cd_store_derive_export_key (store, export_id, key, error) &&
       cd_deident_plan_set_key (plan, key, sizeof key, error);
  sodium_memzero (key, sizeof key);
  return ok;
}

/**
 * cd_deident_export_get_protected_dirs:
 * @store: the case
 * @source: (type filename): the source table
 *
 * Where an export must not go: every folder a recorded scan of the case
 * walked, and the folder @source sits in. An export there would mix the
 * outputs with the evidence.
 *
 * Returns: (transfer full): the folders, or %NULL with @error set
 */
GStrv
cd_deident_export_get_protected_dirs (CdStore     *store,
                                      const char  *source,
                                      GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) scans = NULL;
  g_autofree char *source_dir = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  scans = cd_store_list_scans (store, error);
  if (scans == NULL)
    return NULL;

  for (guint i = 0; i < scans->len; i++)
    {
      CdScanSummary *summary = g_ptr_array_index (scans, i);
      g_auto(GStrv) roots = NULL;

      if (summary->roots == NULL)
        continue;
      roots = g_strsplit (summary->roots, "\n", -1);
      for (guint j = 0; roots[j] != NULL; j++)
        if (*roots[j] != '\0')
          g_strv_builder_add (builder, roots[j]);
    }

  source_dir = g_path_get_dirname (source);
  g_strv_builder_add (builder, source_dir);
  return g_strv_builder_end (builder);
}

/* The report (counts, columns, rules, label, k, file and hash) with the
 * export id that reproduces its pseudonyms; no cell value. */
static char *
audit_details (const CdDeidentReport  *report,
               const char             *export_id,
               const char             *source)
{
  g_autofree char *json = cd_deident_report_to_json (report);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autofree char *source_name = g_path_get_basename (source);
  JsonObject *object;

  g_return_val_if_fail (node != NULL && JSON_NODE_HOLDS_OBJECT (node), NULL);

  object = json_node_get_object (node);
  json_object_set_string_member (object, "export_id", export_id);
  json_object_set_string_member (object, "source", source_name);
  return json_to_string (node, FALSE);
}

/**
 * cd_deident_export_for_case:
 * @store: the case the table belongs to
 * @table: the source table, read from @source
 * @plan: the rules, quasi-identifiers and threshold, keyed with @export_id
 *   if it pseudonymizes (cd_deident_export_set_key())
 * @source: (type filename): where @table was read from
 * @asset_id: (nullable): the asset the table belongs to, for the audit log
 * @export_id: the export's id
 * @out_path: (type filename): the CSV file to create
 * @label: the label asked for
 * @flags: as for cd_deident_export()
 * @cancellable: (nullable): a #GCancellable
 * @out_report: (out) (optional): what was exported
 *
 * cd_deident_export() into a folder that is neither scanned nor the
 * source's, then the audit entry "plan.export" (the report, the export id
 * and the source's file name; never a cell value). An export the audit log
 * cannot record is removed again: it must not exist without its trace.
 *
 * Returns: %TRUE if the export was written and recorded
 */
gboolean
cd_deident_export_for_case (CdStore               *store,
                            CdCsvTable            *table,
                            CdDeidentPlan         *plan,
                            const char            *source,
                            const char            *asset_id,
                            const char            *export_id,
                            const char            *out_path,
                            CdDeidentLabel         label,
                            CdDeidentExportFlags   flags,
                            GCancellable          *cancellable,
                            CdDeidentReport      **out_report,
                            GError               **error)
{
  g_auto(GStrv) protected_dirs = NULL;
  g_autoptr(CdDeidentReport) report = NULL;
  g_autofree char *details = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (export_id != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  protected_dirs = cd_deident_export_get_protected_dirs (store, source, error);
  if (protected_dirs == NULL)
    return FALSE;
  if (!cd_deident_export (table, plan, out_path, label, (const char * const *) protected_dirs,
                          flags, cancellable, &report, error))
    return FALSE;

  details = audit_details (report, export_id, source);
  if (!cd_store_record_event (store, "plan.export", asset_id, details, error))
    {
      g_unlink (report->path);
      return FALSE;
    }

  if (out_report != NULL)
    *out_report = g_steal_pointer (&report);
  return TRUE;
}
