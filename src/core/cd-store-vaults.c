/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Custodians and retained archives in the case (issue 8). A custodian is a
 * name (sealed) and an age public key; their secret key is theirs alone.
 * A vault record says where the archive was written (sealed), its SHA-256
 * and size, whom it is encrypted to and until when it must be kept, so the
 * plan check and the report can follow it for years. Each change is one
 * transaction with its audit entry (ids and hashes, never names). */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-age.h"
#include "cd-asset.h"
#include "cd-case-info.h"
#include "cd-policy.h"
#include "cd-store-private.h"

void
cd_custodian_free (CdCustodian *custodian)
{
  if (custodian == NULL)
    return;
  g_free (custodian->id);
  g_free (custodian->name);
  g_free (custodian->recipient);
  g_free (custodian);
}

void
cd_vault_record_free (CdVaultRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->actor);
  g_free (record->file);
  g_free (record->sha256);
  g_strfreev (record->recipients);
  g_free (record->retain_until);
  g_free (record->state);
  g_free (record);
}

/**
 * cd_store_add_custodian:
 * @name: who keeps the secret key (the liquidation group's lawyer, say)
 * @recipient: their age public key, "age1…"
 *
 * Returns: (transfer full): the new custodian's id, or %NULL with @error
 * set (%CD_STORE_ERROR_DUPLICATE for a key already registered)
 */
char *
cd_store_add_custodian (CdStore     *self,
                        const char  *name,
                        const char  *recipient,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id = NULL;
  g_autofree char *trimmed = NULL;
  guint8 pk[CD_AGE_KEY_BYTES];
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL && recipient != NULL, NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0' || !g_utf8_validate (name, -1, NULL) || strlen (name) > 200)
    {
      g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                           _("A custodian needs a name of at most 200 bytes"));
      return NULL;
    }
  if (!cd_age_recipient_parse (recipient, pk, error))
    return NULL;

  id = cd_store_new_id ();
  if (!cd_store_begin (self, error))
    return NULL;
  insert = cd_store_prepare (self,
                             "INSERT INTO custodians (id, name, recipient, created) VALUES (?1, ?2, ?3, ?4);",
                             error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  cd_store_bind_sealed (insert, 2, keys, "custodians.name", id, name);
  sqlite3_bind_text (insert, 3, recipient, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, cd_store_now ());
  rc = sqlite3_step (insert);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_DUPLICATE,
                           _("This key is already a custodian's"));
      goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "recipient");
  json_builder_add_string_value (details, recipient);
  if (!cd_store_append_audit (self, "custodian.added", id, details, error) || !cd_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  cd_store_rollback (self);
  return NULL;
}

/**
 * cd_store_list_custodians:
 *
 * Returns: (transfer full) (element-type CdCustodian): the custodians,
 * oldest first, or %NULL with @error set
 */
GPtrArray *
cd_store_list_custodians (CdStore  *self,
                          GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_custodian_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self, "SELECT id, name, recipient, created FROM custodians ORDER BY created, rowid;",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdCustodian) custodian = g_new0 (CdCustodian, 1);

      custodian->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (!cd_store_column_open (stmt, 1, keys, "custodians.name", custodian->id, &custodian->name, error))
        return NULL;
      custodian->recipient = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      custodian->created = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (list, g_steal_pointer (&custodian));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * cd_store_add_vault:
 * @file: the archive written (its path is sealed)
 * @sha256: of the archive, hex
 * @recipients: (nullable): the age keys it is encrypted to
 * @passphrase: whether it also opens with a passphrase
 * @retain_until: (nullable): YYYY-MM-DD, until when it must be kept
 *
 * Records a retained archive.
 *
 * Returns: (transfer full): the record's id, or %NULL with @error set
 */
char *
cd_store_add_vault (CdStore            *self,
                    const char         *file,
                    const char         *sha256,
                    guint64             size,
                    guint               members,
                    const char * const *recipients,
                    gboolean            passphrase,
                    const char         *retain_until,
                    GError            **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autoptr(GFile) gfile = NULL;
  g_autofree char *id = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *joined = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (file != NULL && sha256 != NULL, NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  if (strlen (sha256) != 64 || (retain_until != NULL && !cd_date_is_valid (retain_until)) ||
      ((recipients == NULL || recipients[0] == NULL) && !passphrase))
    {
      g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                           _("A vault needs its SHA-256, a valid retain-until date and a custodian or passphrase"));
      return NULL;
    }

  gfile = g_file_new_for_commandline_arg (file);
  absolute = g_file_get_path (gfile);
  joined = recipients != NULL ? g_strjoinv ("\n", (char **) recipients) : g_strdup ("");
  id = cd_store_new_id ();
  if (!cd_store_begin (self, error))
    return NULL;
  insert = cd_store_prepare (self,
                             "INSERT INTO vaults (id, created, actor, file, sha256, size, members, recipients,"
                             " passphrase, retain_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10);",
                             error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, cd_store_now ());
  sqlite3_bind_text (insert, 3, cd_store_get_actor (self), -1, SQLITE_TRANSIENT);
  cd_store_bind_sealed (insert, 4, keys, "vaults.file", id, absolute);
  sqlite3_bind_text (insert, 5, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 6, (sqlite3_int64) size);
  sqlite3_bind_int64 (insert, 7, members);
  sqlite3_bind_text (insert, 8, joined, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 9, passphrase ? 1 : 0);
  if (retain_until != NULL)
    sqlite3_bind_text (insert, 10, retain_until, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (insert, 10);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "sha256");
  json_builder_add_string_value (details, sha256);
  json_builder_set_member_name (details, "size");
  json_builder_add_int_value (details, (gint64) size);
  json_builder_set_member_name (details, "recipients");
  json_builder_add_int_value (details, recipients != NULL ? g_strv_length ((char **) recipients) : 0);
  json_builder_set_member_name (details, "passphrase");
  json_builder_add_boolean_value (details, passphrase);
  if (retain_until != NULL)
    {
      json_builder_set_member_name (details, "retain_until");
      json_builder_add_string_value (details, retain_until);
    }
  if (!cd_store_append_audit (self, "vault.created", id, details, error) || !cd_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  cd_store_rollback (self);
  return NULL;
}

/**
 * cd_store_list_vaults:
 *
 * Returns: (transfer full) (element-type CdVaultRecord): the vaults,
 * oldest first, or %NULL with @error set
 */
GPtrArray *
cd_store_list_vaults (CdStore  *self,
                      GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_vault_record_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self,
                           "SELECT id, created, actor, file, sha256, size, members, recipients, passphrase,"
                           " retain_until, state, destroyed_at FROM vaults ORDER BY created, rowid;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdVaultRecord) record = g_new0 (CdVaultRecord, 1);
      const char *recipients = (const char *) sqlite3_column_text (stmt, 7);

      record->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      record->created = sqlite3_column_int64 (stmt, 1);
      record->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      if (!cd_store_column_open (stmt, 3, keys, "vaults.file", record->id, &record->file, error))
        return NULL;
      record->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      record->size = (guint64) sqlite3_column_int64 (stmt, 5);
      record->members = (guint) sqlite3_column_int64 (stmt, 6);
      record->recipients = recipients != NULL && *recipients != '\0' ? g_strsplit (recipients, "\n", -1)
                                                                     : g_new0 (char *, 1);
      record->passphrase = sqlite3_column_int (stmt, 8) != 0;
      record->retain_until = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      record->state = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      record->destroyed_at = sqlite3_column_int64 (stmt, 11);
      g_ptr_array_add (list, g_steal_pointer (&record));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static const CdAssetPlan *
plan_for (GPtrArray  *plans,
          const char *asset_id)
{
  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (((CdAssetPlan *) plans->pdata[i])->asset_id, asset_id) == 0)
      return plans->pdata[i];
  return NULL;
}

/**
 * cd_store_vault_manifest:
 * @paths: the files and folders going into a vault
 * @retain_until: (nullable): until when the vault must be kept
 *
 * The manifest a vault carries as its first member: the company, when and
 * by whom it was made, and for each path kept the case's record of it (the
 * asset whose location it is or lies in: medium, record type, categories,
 * disposition, retention rule and date), so the archive explains itself
 * years later without the case.
 *
 * Returns: (transfer full): JSON text
 */
char *
cd_store_vault_manifest (CdStore            *self,
                         const char * const *paths,
                         const char         *retain_until)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (self, NULL);
  g_autoptr(GListModel) assets = cd_store_list_assets (self, NULL);
  g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (self, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);

  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (paths != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "closure-desk vault manifest 1");
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "by");
  json_builder_add_string_value (builder, cd_store_get_actor (self));
  if (info != NULL)
    {
      json_builder_set_member_name (builder, "company");
      json_builder_add_string_value (builder, cd_case_info_get_company_name (info));
      json_builder_set_member_name (builder, "credit_code");
      json_builder_add_string_value (builder, cd_case_info_get_uscc (info));
    }
  json_builder_set_member_name (builder, "retain_until");
  if (retain_until != NULL)
    json_builder_add_string_value (builder, retain_until);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "kept");
  json_builder_begin_array (builder);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *name = g_filename_display_name (base);
      g_autofree char *absolute = g_canonicalize_filename (paths[i], NULL);
      g_autoptr(CdAsset) best = NULL;
      gsize best_len = 0;

      /* The asset whose location is the path, or the nearest folder above it. */
      for (guint j = 0; assets != NULL && j < g_list_model_get_n_items (assets); j++)
        {
          g_autoptr(CdAsset) asset = g_list_model_get_item (assets, j);
          const char *location = cd_asset_get_location (asset);
          gsize len = location != NULL ? strlen (location) : 0;

          if (len > best_len && g_path_is_absolute (location) && g_str_has_prefix (absolute, location) &&
              (absolute[len] == '\0' || absolute[len] == '/'))
            {
              g_set_object (&best, asset);
              best_len = len;
            }
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      if (best != NULL)
        {
          const CdAssetPlan *plan = plans != NULL ? plan_for (plans, cd_asset_get_id (best)) : NULL;

          json_builder_set_member_name (builder, "asset");
          json_builder_add_string_value (builder, cd_asset_get_id (best));
          json_builder_set_member_name (builder, "medium");
          json_builder_add_string_value (builder, cd_medium_to_id (cd_asset_get_medium (best)));
          json_builder_set_member_name (builder, "record_type");
          json_builder_add_string_value (builder, cd_record_type_to_id (cd_asset_get_record_type (best)));
          if (plan != NULL)
            {
              g_autofree char *categories = cd_categories_to_ids (plan->categories);

              json_builder_set_member_name (builder, "categories");
              json_builder_add_string_value (builder, categories);
              json_builder_set_member_name (builder, "disposition");
              json_builder_add_string_value (builder, cd_disposition_to_id (plan->disposition));
              json_builder_set_member_name (builder, "rule");
              json_builder_add_string_value (builder, plan->rule_id);
              json_builder_set_member_name (builder, "retain_until");
              json_builder_add_string_value (builder, plan->retain_until);
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}
