/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The disposition plan in the case file: per asset, the categories the
 * findings suggested and those decided, the disposition, the retention
 * rule and date, and what a transfer needs (PIPL Art. 22). A batch of
 * plans is one transaction with one audit entry; recipient details and
 * reasons are sealed, and the audit entry holds ids and choices only. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-store-private.h"

CdAssetPlan *
cd_asset_plan_new (const char *asset_id)
{
  CdAssetPlan *plan = g_new0 (CdAssetPlan, 1);

  plan->asset_id = g_strdup (asset_id);
  plan->disposition = CD_DISPOSITION_UNDECIDED;
  return plan;
}

CdAssetPlan *
cd_asset_plan_copy (const CdAssetPlan *plan)
{
  CdAssetPlan *copy = g_new0 (CdAssetPlan, 1);

  *copy = *plan;
  copy->asset_id = g_strdup (plan->asset_id);
  copy->rule_id = g_strdup (plan->rule_id);
  copy->retain_until = g_strdup (plan->retain_until);
  copy->reason = g_strdup (plan->reason);
  copy->recipient = g_strdup (plan->recipient);
  copy->recipient_contact = g_strdup (plan->recipient_contact);
  copy->decided_by = g_strdup (plan->decided_by);
  return copy;
}

void
cd_asset_plan_free (CdAssetPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->asset_id);
  g_free (plan->rule_id);
  g_free (plan->retain_until);
  g_free (plan->reason);
  g_free (plan->recipient);
  g_free (plan->recipient_contact);
  g_free (plan->decided_by);
  g_free (plan);
}

static gboolean
invalid (GError     **error,
         const char  *asset_id,
         const char  *why)
{
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
               /* Translators: the first %s is an asset id, the second what is wrong */
               _("The plan for asset “%s” was not saved: %s"), asset_id != NULL ? asset_id : "?", why);
  return FALSE;
}

/* Refuses a plan that cannot be right whatever the case, and two
 * different plans for one asset in the same batch. */
static gboolean
validate (GPtrArray  *plans,
          GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < plans->len; i++)
    {
      const CdAssetPlan *plan = plans->pdata[i];

      if (plan->asset_id == NULL || *plan->asset_id == '\0')
        return invalid (error, NULL, _("it names no asset"));
      if (plan->disposition >= CD_N_DISPOSITIONS)
        return invalid (error, plan->asset_id, _("its disposition is not known"));
      if ((plan->categories | plan->suggested) & ~CD_CATEGORIES_ALL)
        return invalid (error, plan->asset_id, _("a category is not known"));
      if ((plan->categories & CD_CATEGORY_NON_PERSONAL) && (plan->categories & ~CD_CATEGORY_NON_PERSONAL))
        return invalid (error, plan->asset_id,
                        _("“Not personal information” cannot be combined with a personal category"));
      if (plan->retain_until != NULL && !cd_date_is_valid (plan->retain_until))
        return invalid (error, plan->asset_id, _("the retain-until date is not a date (YYYY-MM-DD)"));
      if (g_hash_table_contains (seen, plan->asset_id))
        return invalid (error, plan->asset_id,
                        _("the same asset is set twice in one change; set it once"));
      g_hash_table_add (seen, plan->asset_id);
    }
  return TRUE;
}

static const char upsert_sql[] =
  "INSERT INTO asset_plans (asset, suggested, categories, disposition, rule, retain_until,"
  "  reason, recipient, recipient_contact, agreement_signed, recipient_vetted,"
  "  personal_destination, decided_by, decided_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
  " ON CONFLICT (asset) DO UPDATE SET suggested = ?2, categories = ?3, disposition = ?4,"
  "  rule = ?5, retain_until = ?6, reason = ?7, recipient = ?8, recipient_contact = ?9,"
  "  agreement_signed = ?10, recipient_vetted = ?11, personal_destination = ?12,"
  "  decided_by = ?13, decided_at = ?14;";

/**
 * cd_store_set_asset_plans:
 * @plans: (element-type CdAssetPlan): the plans to save, one per asset
 *
 * Saves every plan or none. The decision time and the actor are set here.
 */
gboolean
cd_store_set_asset_plans (CdStore    *self,
                          GPtrArray  *plans,
                          GError    **error)
{
  g_autoptr(sqlite3_stmt) exists = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  gint64 now = cd_store_now ();
  const char *actor;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (plans != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !validate (plans, error))
    return FALSE;
  if (plans->len == 0)
    return TRUE;
  actor = cd_store_get_actor (self);

  if (!cd_store_begin (self, error))
    return FALSE;
  exists = cd_store_prepare (self, "SELECT 1 FROM assets WHERE id = ?;", error);
  upsert = cd_store_prepare (self, upsert_sql, error);
  if (exists == NULL || upsert == NULL)
    goto fail;

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "assets");
  json_builder_begin_array (details);

  for (guint i = 0; i < plans->len; i++)
    {
      const CdAssetPlan *plan = plans->pdata[i];
      const char *id = plan->asset_id;
      int rc;

      sqlite3_bind_text (exists, 1, id, -1, SQLITE_STATIC);
      rc = sqlite3_step (exists);
      sqlite3_reset (exists);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                         _("There is no asset with id “%s”"), id);
          else
            cd_store_sqlite_error (self, rc, error);
          goto fail;
        }

      sqlite3_bind_text (upsert, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (upsert, 2, plan->suggested);
      sqlite3_bind_int64 (upsert, 3, plan->categories);
      sqlite3_bind_text (upsert, 4, cd_disposition_to_id (plan->disposition), -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 5, plan->rule_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 6, plan->retain_until, -1, SQLITE_STATIC);
      cd_store_bind_sealed (upsert, 7, keys, "asset_plans.reason", id, plan->reason);
      cd_store_bind_sealed (upsert, 8, keys, "asset_plans.recipient", id, plan->recipient);
      cd_store_bind_sealed (upsert, 9, keys, "asset_plans.recipient_contact", id, plan->recipient_contact);
      sqlite3_bind_int (upsert, 10, plan->agreement_signed ? 1 : 0);
      sqlite3_bind_int (upsert, 11, plan->recipient_vetted ? 1 : 0);
      sqlite3_bind_int (upsert, 12, plan->personal_destination ? 1 : 0);
      sqlite3_bind_text (upsert, 13, actor, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (upsert, 14, now);
      rc = sqlite3_step (upsert);
      sqlite3_reset (upsert);
      sqlite3_clear_bindings (upsert);
      if (rc != SQLITE_DONE)
        {
          cd_store_sqlite_error (self, rc, error);
          goto fail;
        }

      /* Ids and choices only: no names, no reasons. */
      json_builder_begin_object (details);
      json_builder_set_member_name (details, "asset");
      json_builder_add_string_value (details, id);
      json_builder_set_member_name (details, "disposition");
      json_builder_add_string_value (details, cd_disposition_to_id (plan->disposition));
      json_builder_set_member_name (details, "categories");
      {
        g_autofree char *ids = cd_categories_to_ids (plan->categories);

        json_builder_add_string_value (details, ids);
      }
      if (plan->rule_id != NULL)
        {
          json_builder_set_member_name (details, "rule");
          json_builder_add_string_value (details, plan->rule_id);
        }
      json_builder_end_object (details);
    }
  json_builder_end_array (details);

  if (!cd_store_append_audit (self, "plan.set", NULL, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/**
 * cd_store_list_asset_plans:
 *
 * Returns: (transfer full) (element-type CdAssetPlan): a plan for every
 *   asset, in the order of the inventory; undecided where none was saved
 */
GPtrArray *
cd_store_list_asset_plans (CdStore  *self,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) decided = NULL;
  g_autoptr(sqlite3_stmt) order = NULL;
  g_autoptr(GHashTable) by_asset = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;

  /* Two plain scans instead of a join: the plans, then the assets' ids in
   * inventory order from an index that covers them (an asset's own row
   * is large and sealed, and not needed here). */
  decided = cd_store_prepare (self,
                              "SELECT asset, suggested, categories, disposition, rule, retain_until,"
                              " reason, recipient, recipient_contact, agreement_signed,"
                              " recipient_vetted, personal_destination, decided_by, decided_at"
                              " FROM asset_plans;", error);
  order = cd_store_prepare (self, "SELECT id FROM assets ORDER BY created, id;", error);
  if (decided == NULL || order == NULL)
    return NULL;

  by_asset = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) cd_asset_plan_free);
  while ((rc = sqlite3_step (decided)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (decided, 0);
      g_autoptr(CdAssetPlan) plan = cd_asset_plan_new (id);

      cd_disposition_from_string ((const char *) sqlite3_column_text (decided, 3), &plan->disposition, NULL);
      plan->suggested = (CdCategories) sqlite3_column_int64 (decided, 1);
      plan->categories = (CdCategories) sqlite3_column_int64 (decided, 2);
      plan->rule_id = g_strdup ((const char *) sqlite3_column_text (decided, 4));
      plan->retain_until = g_strdup ((const char *) sqlite3_column_text (decided, 5));
      if (!cd_store_column_open (decided, 6, keys, "asset_plans.reason", id, &plan->reason, error) ||
          !cd_store_column_open (decided, 7, keys, "asset_plans.recipient", id, &plan->recipient, error) ||
          !cd_store_column_open (decided, 8, keys, "asset_plans.recipient_contact", id,
                                 &plan->recipient_contact, error))
        return NULL;
      plan->agreement_signed = sqlite3_column_int (decided, 9) != 0;
      plan->recipient_vetted = sqlite3_column_int (decided, 10) != 0;
      plan->personal_destination = sqlite3_column_int (decided, 11) != 0;
      plan->decided_by = g_strdup ((const char *) sqlite3_column_text (decided, 12));
      plan->decided_at = sqlite3_column_int64 (decided, 13);
      g_hash_table_insert (by_asset, plan->asset_id, plan);
      plan = NULL;
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }

  plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  while ((rc = sqlite3_step (order)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (order, 0);
      gpointer key = NULL;
      gpointer plan = NULL;

      if (g_hash_table_steal_extended (by_asset, id, &key, &plan))
        g_ptr_array_add (plans, plan);
      else
        g_ptr_array_add (plans, cd_asset_plan_new (id));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&plans);
}
