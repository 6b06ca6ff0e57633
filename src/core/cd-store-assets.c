/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The data inventory in the case file. An asset's location and notes are
 * sealed: folder names and remarks often carry a customer's name. */

#include "config.h"

#define G_LOG_DOMAIN "cd-store"

#include <glib/gi18n-lib.h>

#include "cd-store-private.h"


static const char insert_sql[] =
  "INSERT INTO assets (id, location, medium, record_type, format, records, customers, "
  "custodian, notes, created, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10);";

static const char update_sql[] =
  "UPDATE assets SET location = ?2, medium = ?3, record_type = ?4, format = ?5, records = ?6, "
  "customers = ?7, custodian = ?8, notes = ?9, modified = ?10 WHERE id = ?1;";

static void
bind_asset (sqlite3_stmt *stmt,
            CdKeys       *keys,
            CdAsset      *asset,
            gint64        now)
{
  const char *id = cd_asset_get_id (asset);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  cd_store_bind_sealed (stmt, 2, keys, "assets.location", id, cd_asset_get_location (asset));
  sqlite3_bind_text (stmt, 3, cd_medium_to_id (cd_asset_get_medium (asset)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, cd_record_type_to_id (cd_asset_get_record_type (asset)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, cd_asset_get_format (asset), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, cd_asset_get_records (asset));
  sqlite3_bind_int64 (stmt, 7, cd_asset_get_customers (asset));
  sqlite3_bind_text (stmt, 8, cd_asset_get_custodian (asset), -1, SQLITE_TRANSIENT);
  cd_store_bind_sealed (stmt, 9, keys, "assets.notes", id, cd_asset_get_notes (asset));
  sqlite3_bind_int64 (stmt, 10, now);
}

static JsonBuilder *
asset_details (CdAsset *asset)
{
  JsonBuilder *details = cd_store_details_new ();

  json_builder_set_member_name (details, "medium");
  json_builder_add_string_value (details, cd_medium_to_id (cd_asset_get_medium (asset)));
  json_builder_set_member_name (details, "record_type");
  json_builder_add_string_value (details, cd_record_type_to_id (cd_asset_get_record_type (asset)));
  json_builder_set_member_name (details, "records");
  json_builder_add_int_value (details, cd_asset_get_records (asset));
  json_builder_set_member_name (details, "customers");
  json_builder_add_int_value (details, cd_asset_get_customers (asset));
  return details;
}

/* Inserts or updates one asset inside an open transaction. */
static gboolean
write_asset (CdStore       *self,
             sqlite3_stmt  *stmt,
             CdKeys        *keys,
             CdAsset       *asset,
             gint64         now,
             GError       **error)
{
  int rc;

  bind_asset (stmt, keys, asset, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

/**
 * cd_store_add_asset:
 *
 * Validates and stores @asset and sets its id and creation time.
 */
gboolean
cd_store_add_asset (CdStore  *self,
                    CdAsset  *asset,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id = NULL;
  gint64 now = cd_store_now ();
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (CD_IS_ASSET (asset), FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !cd_asset_validate (asset, error))
    return FALSE;

  id = cd_store_new_id ();
  cd_asset_set_id (asset, id);

  if (!cd_store_begin (self, error))
    goto fail;
  stmt = cd_store_prepare (self, insert_sql, error);
  details = asset_details (asset);
  if (stmt == NULL ||
      !write_asset (self, stmt, keys, asset, now, error) ||
      !cd_store_append_audit (self, "asset.add", id, details, error))
    {
      cd_store_rollback (self);
      goto fail;
    }
  if (!cd_store_commit (self, error))
    goto fail;

  cd_asset_set_created (asset, now);
  return TRUE;

fail:
  cd_asset_set_id (asset, NULL);
  return FALSE;
}

gboolean
cd_store_update_asset (CdStore  *self,
                       CdAsset  *asset,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (CD_IS_ASSET (asset), FALSE);
  g_return_val_if_fail (cd_asset_get_id (asset) != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !cd_asset_validate (asset, error))
    return FALSE;

  if (!cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self, update_sql, error);
  details = asset_details (asset);
  if (stmt == NULL || !write_asset (self, stmt, keys, asset, cd_store_now (), error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  if (sqlite3_changes (cd_store_get_db (self)) == 0)
    {
      cd_store_rollback (self);
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   _("The asset no longer exists"));
      return FALSE;
    }
  if (!cd_store_append_audit (self, "asset.update", cd_asset_get_id (asset), details, error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  return cd_store_commit (self, error);
}

/**
 * cd_store_delete_assets:
 * @ids: ids of the assets to delete
 *
 * Deletes all of @ids or, if one does not exist, none of them.
 */
gboolean
cd_store_delete_assets (CdStore             *self,
                        const char * const  *ids,
                        GError             **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  return cd_store_delete_rows (self, "DELETE FROM assets WHERE id = ?;", "asset.delete", ids,
                               _("There is no asset with id “%s”; nothing was deleted"), error);
}

/**
 * cd_store_import_assets:
 * @assets: (element-type CdAsset): validated assets
 * @source: (nullable): where they came from (a file name), for the audit log
 *
 * Adds every asset in one transaction with one audit entry: either all of
 * them are in the case afterwards, or none is.
 */
gboolean
cd_store_import_assets (CdStore     *self,
                        GPtrArray   *assets,
                        const char  *source,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gint64 now = cd_store_now ();
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (assets != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;

  for (guint i = 0; i < assets->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!cd_asset_validate (g_ptr_array_index (assets, i), &local_error))
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       /* Translators: %u is the asset's position in the import */
                       _("Asset %u: %s"), i + 1, local_error->message);
          return FALSE;
        }
    }

  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (ids, cd_store_new_id ());

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "count");
  json_builder_add_int_value (details, assets->len);
  if (source != NULL)
    {
      g_autofree char *base = g_path_get_basename (source);
      json_builder_set_member_name (details, "source");
      json_builder_add_string_value (details, base);
    }

  if (!cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self, insert_sql, error);
  if (stmt == NULL)
    goto fail;

  for (guint i = 0; i < assets->len; i++)
    {
      CdAsset *asset = g_ptr_array_index (assets, i);
      g_autofree char *old_id = g_strdup (cd_asset_get_id (asset));

      cd_asset_set_id (asset, g_ptr_array_index (ids, i));
      if (!write_asset (self, stmt, keys, asset, now, error))
        {
          cd_asset_set_id (asset, old_id);
          goto fail;
        }
      cd_asset_set_id (asset, old_id);
    }
  if (!cd_store_append_audit (self, "assets.import", NULL, details, error) ||
      !cd_store_commit (self, error))
    goto fail;

  for (guint i = 0; i < assets->len; i++)
    {
      cd_asset_set_id (g_ptr_array_index (assets, i), g_ptr_array_index (ids, i));
      cd_asset_set_created (g_ptr_array_index (assets, i), now);
    }
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

static gpointer
asset_from_row (sqlite3_stmt  *stmt,
                CdKeys        *keys,
                GError       **error)
{
  const char *id = (const char *) sqlite3_column_text (stmt, 0);
  g_autofree char *location = NULL;
  g_autofree char *notes = NULL;
  CdMedium medium = CD_MEDIUM_OTHER;
  CdRecordType record_type = CD_RECORD_TYPE_PERSONAL;

  if (!cd_store_column_open (stmt, 1, keys, "assets.location", id, &location, error) ||
      !cd_store_column_open (stmt, 8, keys, "assets.notes", id, &notes, error))
    return NULL;
  cd_medium_from_string ((const char *) sqlite3_column_text (stmt, 2), &medium);
  cd_record_type_from_string ((const char *) sqlite3_column_text (stmt, 3), &record_type);

  return g_object_new (CD_TYPE_ASSET,
                       "id", id,
                       "location", location,
                       "medium", medium,
                       "record-type", record_type,
                       "format", (const char *) sqlite3_column_text (stmt, 4),
                       "records", sqlite3_column_int64 (stmt, 5),
                       "customers", sqlite3_column_int64 (stmt, 6),
                       "custodian", (const char *) sqlite3_column_text (stmt, 7),
                       "notes", notes,
                       "created", sqlite3_column_int64 (stmt, 9),
                       NULL);
}

#define SELECT_ASSETS \
  "SELECT id, location, medium, record_type, format, records, customers, custodian, notes, " \
  "created FROM assets "

CdAsset *
cd_store_get_asset (CdStore     *self,
                    const char  *id,
                    GError     **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return cd_store_get_row (self, SELECT_ASSETS "WHERE id = ?;", id, asset_from_row,
                           _("There is no asset with id “%s”"), error);
}

/**
 * cd_store_list_assets:
 *
 * Returns: (transfer full): a #GListModel of #CdAsset in the order they
 *   were added.
 */
GListModel *
cd_store_list_assets (CdStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  return cd_store_list_rows (self, CD_TYPE_ASSET, SELECT_ASSETS "ORDER BY created, rowid;",
                             asset_from_row, error);
}

gint64
cd_store_count_assets (CdStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), -1);
  return cd_store_count_rows (self, "SELECT count(*) FROM assets;", error);
}
