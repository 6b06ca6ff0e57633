/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Customers' holdings, their overrides of the plan, their notices and the
 * case's letter templates in the case file (issue 6). Each change is one
 * transaction with one audit entry that names customers by id only: what a
 * customer said and the reasons are sealed and never audited. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-retention.h"
#include "cd-store-private.h"

#define MAX_TEMPLATE_NAME    40
#define MAX_TEMPLATE_SUBJECT 1000
#define MAX_TEMPLATE_BODY    (256 * 1024)
#define MAX_RESPONSE_TEXT    4000
#define MAX_SETTING_VALUE    1000

static gboolean
step_done (CdStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

/* Whether a row with @id exists in @table (a literal of ours). */
static gboolean
row_exists (CdStore     *self,
            const char  *table,
            const char  *id,
            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?;", table);
  int rc;

  stmt = cd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  if (strcmp (table, "customers") == 0)
    g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                 _("There is no customer with id “%s”"), id);
  else
    g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                 _("There is no asset with id “%s”"), id);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* -- holdings --------------------------------------------------------------- */

static guint
holding_hash (gconstpointer key)
{
  const CdHolding *h = key;

  return g_str_hash (h->customer_id) * 31 + g_str_hash (h->asset_id);
}

static gboolean
holding_equal (gconstpointer a,
               gconstpointer b)
{
  const CdHolding *x = a;
  const CdHolding *y = b;

  return strcmp (x->customer_id, y->customer_id) == 0 && strcmp (x->asset_id, y->asset_id) == 0;
}

static int
holding_compare (gconstpointer a,
                 gconstpointer b)
{
  const CdHolding *x = *(CdHolding * const *) a;
  const CdHolding *y = *(CdHolding * const *) b;
  int c = strcmp (x->customer_id, y->customer_id);

  return c != 0 ? c : strcmp (x->asset_id, y->asset_id);
}

static CdHolding *
holding_get (GHashTable *table,
             const char *customer_id,
             const char *asset_id)
{
  CdHolding key = { (char *) customer_id, (char *) asset_id, 0, 0, 0 };
  CdHolding *holding = g_hash_table_lookup (table, &key);

  if (holding == NULL)
    {
      holding = g_new0 (CdHolding, 1);
      holding->customer_id = g_strdup (customer_id);
      holding->asset_id = g_strdup (asset_id);
      g_hash_table_add (table, holding);
    }
  return holding;
}

/**
 * cd_store_list_holdings:
 * @customer_id: (nullable): one customer, or %NULL for all
 *
 * Which assets hold each customer's records: those whose scanned files
 * mention the customer (the scan's blind-index links) and those linked by
 * hand.
 *
 * Returns: (transfer full) (element-type CdHolding): sorted by customer id,
 *   then asset id
 */
GPtrArray *
cd_store_list_holdings (CdStore     *self,
                        const char  *customer_id,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) scanned = NULL;
  g_autoptr(sqlite3_stmt) manual = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  GHashTableIter iter;
  gpointer key;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (cd_store_require_keys (self, error) == NULL)
    return NULL;

  scanned = cd_store_prepare (self,
                              "SELECT l.customer, f.asset, COUNT(*) FROM scan_file_customers l"
                              " JOIN scan_files f ON f.id = l.file"
                              " WHERE f.asset IS NOT NULL AND (?1 IS NULL OR l.customer = ?1)"
                              " GROUP BY l.customer, f.asset;", error);
  manual = cd_store_prepare (self,
                             "SELECT customer, asset, items FROM customer_links"
                             " WHERE ?1 IS NULL OR customer = ?1;", error);
  if (scanned == NULL || manual == NULL)
    return NULL;

  table = g_hash_table_new_full (holding_hash, holding_equal, (GDestroyNotify) cd_holding_free, NULL);
  sqlite3_bind_text (scanned, 1, customer_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (scanned)) == SQLITE_ROW)
    {
      CdHolding *h = holding_get (table, (const char *) sqlite3_column_text (scanned, 0),
                                  (const char *) sqlite3_column_text (scanned, 1));

      h->sources |= CD_HOLDING_SCAN;
      h->files = (guint) MIN (sqlite3_column_int64 (scanned, 2), G_MAXUINT);
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }

  sqlite3_bind_text (manual, 1, customer_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (manual)) == SQLITE_ROW)
    {
      CdHolding *h = holding_get (table, (const char *) sqlite3_column_text (manual, 0),
                                  (const char *) sqlite3_column_text (manual, 1));

      h->sources |= CD_HOLDING_MANUAL;
      h->items = (guint) MIN (sqlite3_column_int64 (manual, 2), G_MAXUINT);
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }

  holdings = g_ptr_array_new_full (g_hash_table_size (table), (GDestroyNotify) cd_holding_free);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_iter_steal (&iter);
      g_ptr_array_add (holdings, key);
    }
  g_ptr_array_sort (holdings, holding_compare);
  return g_steal_pointer (&holdings);
}

/**
 * cd_store_list_customer_files:
 *
 * Returns: (transfer full) (element-type CdCustomerFile): the scanned
 *   files whose contents mention the customer, with how many customers
 *   each mentions
 */
GPtrArray *
cd_store_list_customer_files (CdStore     *self,
                              const char  *customer_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_customer_file_free);
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self,
                           "SELECT f.id, f.path, f.member, f.asset,"
                           " (SELECT COUNT(*) FROM scan_file_customers o WHERE o.file = f.id)"
                           " FROM scan_file_customers l JOIN scan_files f ON f.id = l.file"
                           " WHERE l.customer = ? ORDER BY f.scan DESC, f.id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdCustomerFile) file = g_new0 (CdCustomerFile, 1);
      g_autofree char *row_id = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));

      if (!cd_store_column_open (stmt, 1, keys, "scan_files.path", row_id, &file->path, error) ||
          !cd_store_column_open (stmt, 2, keys, "scan_files.member", row_id, &file->member, error))
        return NULL;
      file->asset_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      file->customers = (guint) sqlite3_column_int (stmt, 4);
      g_ptr_array_add (files, g_steal_pointer (&file));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&files);
}

static void
details_add_ids (JsonBuilder *details,
                 const char  *customer_id,
                 const char  *asset_id)
{
  json_builder_set_member_name (details, "customer");
  json_builder_add_string_value (details, customer_id);
  if (asset_id != NULL)
    {
      json_builder_set_member_name (details, "asset");
      json_builder_add_string_value (details, asset_id);
    }
}

static gboolean
put_links (CdStore    *self,
           GPtrArray  *holdings,
           GError    **error)
{
  g_autoptr(sqlite3_stmt) upsert = NULL;
  gint64 now = cd_store_now ();

  upsert = cd_store_prepare (self,
                             "INSERT INTO customer_links (customer, asset, items, created)"
                             " VALUES (?1, ?2, ?3, ?4)"
                             " ON CONFLICT (customer, asset) DO UPDATE SET items = ?3;", error);
  if (upsert == NULL)
    return FALSE;
  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *h = holdings->pdata[i];

      if (h->items == 0 || h->items > 10000000)
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       _("The number of records must be between 1 and 10,000,000"));
          return FALSE;
        }
      if (!row_exists (self, "customers", h->customer_id, error) ||
          !row_exists (self, "assets", h->asset_id, error))
        return FALSE;
      sqlite3_bind_text (upsert, 1, h->customer_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 2, h->asset_id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (upsert, 3, h->items);
      sqlite3_bind_int64 (upsert, 4, now);
      if (!step_done (self, upsert, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * cd_store_link_customer:
 * @items: how many of the customer's records the asset holds (at least 1)
 *
 * Links a customer to an asset by hand (or changes the link's count).
 */
gboolean
cd_store_link_customer (CdStore     *self,
                        const char  *customer_id,
                        const char  *asset_id,
                        guint        items,
                        GError     **error)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(JsonBuilder) details = NULL;
  CdHolding holding = { (char *) customer_id, (char *) asset_id, CD_HOLDING_MANUAL, 0, items };

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL && asset_id != NULL, FALSE);

  if (cd_store_require_keys (self, error) == NULL || !cd_store_begin (self, error))
    return FALSE;
  g_ptr_array_add (one, &holding);
  if (!put_links (self, one, error))
    goto fail;

  details = cd_store_details_new ();
  details_add_ids (details, customer_id, asset_id);
  json_builder_set_member_name (details, "items");
  json_builder_add_int_value (details, items);
  if (!cd_store_append_audit (self, "holding.link", customer_id, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/**
 * cd_store_add_holdings:
 * @holdings: (element-type CdHolding): links by hand (customer, asset,
 *   items)
 *
 * Links many customers to assets in one change: all or none.
 */
gboolean
cd_store_add_holdings (CdStore    *self,
                       GPtrArray  *holdings,
                       GError    **error)
{
  g_autoptr(JsonBuilder) details = NULL;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (holdings != NULL, FALSE);

  if (cd_store_require_keys (self, error) == NULL)
    return FALSE;
  if (holdings->len == 0)
    return TRUE;
  if (!cd_store_begin (self, error))
    return FALSE;
  if (!put_links (self, holdings, error))
    goto fail;
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "links");
  json_builder_add_int_value (details, holdings->len);
  if (!cd_store_append_audit (self, "holding.link", NULL, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/**
 * cd_store_unlink_customer:
 *
 * Removes a link made by hand. Links found by a scan stay: they are facts
 * about the files.
 */
gboolean
cd_store_unlink_customer (CdStore     *self,
                          const char  *customer_id,
                          const char  *asset_id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) del = NULL;
  g_autoptr(JsonBuilder) details = NULL;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL && asset_id != NULL, FALSE);

  if (cd_store_require_keys (self, error) == NULL || !cd_store_begin (self, error))
    return FALSE;
  del = cd_store_prepare (self, "DELETE FROM customer_links WHERE customer = ? AND asset = ?;", error);
  if (del == NULL)
    goto fail;
  sqlite3_bind_text (del, 1, customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (del, 2, asset_id, -1, SQLITE_STATIC);
  if (!step_done (self, del, error))
    goto fail;
  if (sqlite3_changes (cd_store_get_db (self)) == 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   _("Customer “%s” is not linked to asset “%s” by hand"), customer_id, asset_id);
      goto fail;
    }

  details = cd_store_details_new ();
  details_add_ids (details, customer_id, asset_id);
  if (!cd_store_append_audit (self, "holding.unlink", customer_id, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/* -- per-customer overrides ------------------------------------------------- */

/* Writes (or, for "no override", deletes) a customer's override inside the
 * open transaction. */
static gboolean
put_customer_plan (CdStore              *self,
                   CdKeys               *keys,
                   const CdCustomerPlan *plan,
                   GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *id = plan->customer_id;

  if (plan->disposition == CD_DISPOSITION_UNDECIDED && !plan->exclude_transfer &&
      plan->categories == CD_CATEGORY_NONE)
    {
      stmt = cd_store_prepare (self, "DELETE FROM customer_plans WHERE customer = ?;", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      return step_done (self, stmt, error);
    }

  stmt = cd_store_prepare (self,
                           "INSERT INTO customer_plans (customer, disposition, exclude_transfer,"
                           "  from_response, reason, decided_by, decided_at, categories)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                           " ON CONFLICT (customer) DO UPDATE SET disposition = ?2,"
                           "  exclude_transfer = ?3, from_response = ?4, reason = ?5,"
                           "  decided_by = ?6, decided_at = ?7, categories = ?8;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, cd_disposition_to_id (plan->disposition), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, plan->exclude_transfer ? 1 : 0);
  sqlite3_bind_int (stmt, 4, plan->from_response ? 1 : 0);
  cd_store_bind_sealed (stmt, 5, keys, "customer_plans.reason", id, plan->reason);
  sqlite3_bind_text (stmt, 6, cd_store_get_actor (self), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, cd_store_now ());
  sqlite3_bind_int64 (stmt, 8, plan->categories);
  return step_done (self, stmt, error);
}

static void
details_add_plan (JsonBuilder          *details,
                  const CdCustomerPlan *plan)
{
  json_builder_set_member_name (details, "disposition");
  json_builder_add_string_value (details, cd_disposition_to_id (plan->disposition));
  json_builder_set_member_name (details, "exclude_transfer");
  json_builder_add_boolean_value (details, plan->exclude_transfer);
  json_builder_set_member_name (details, "categories");
  {
    g_autofree char *ids = cd_categories_to_ids (plan->categories);

    json_builder_add_string_value (details, ids);
  }
}

static CdCustomerPlan *
read_customer_plan (sqlite3_stmt  *stmt,
                    CdKeys        *keys,
                    GError       **error)
{
  const char *id = (const char *) sqlite3_column_text (stmt, 0);
  g_autoptr(CdCustomerPlan) plan = cd_customer_plan_new (id);

  cd_disposition_from_string ((const char *) sqlite3_column_text (stmt, 1), &plan->disposition, NULL);
  plan->exclude_transfer = sqlite3_column_int (stmt, 2) != 0;
  plan->from_response = sqlite3_column_int (stmt, 3) != 0;
  if (!cd_store_column_open (stmt, 4, keys, "customer_plans.reason", id, &plan->reason, error))
    return NULL;
  plan->decided_by = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  plan->decided_at = sqlite3_column_int64 (stmt, 6);
  plan->categories = (CdCategories) sqlite3_column_int64 (stmt, 7);
  return g_steal_pointer (&plan);
}

#define CUSTOMER_PLAN_COLUMNS \
  "customer, disposition, exclude_transfer, from_response, reason, decided_by, decided_at, categories"

/**
 * cd_store_set_customer_plan:
 * @plan: the override; a disposition of %CD_DISPOSITION_UNDECIDED without
 *   exclusion from transfer removes it
 *
 * Sets a customer's override of the plan by hand.
 */
gboolean
cd_store_set_customer_plan (CdStore               *self,
                            const CdCustomerPlan  *plan,
                            GError               **error)
{
  g_autoptr(JsonBuilder) details = NULL;
  CdCustomerPlan manual;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (plan != NULL && plan->customer_id != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;
  if (plan->disposition >= CD_N_DISPOSITIONS)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID, _("The disposition is not known"));
      return FALSE;
    }
  if (plan->categories & ~CD_CATEGORIES_ALL)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID, _("A category is not known"));
      return FALSE;
    }
  if ((plan->categories & CD_CATEGORY_NON_PERSONAL) && plan->categories != CD_CATEGORY_NON_PERSONAL)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("“Not personal information” cannot be combined with a personal category"));
      return FALSE;
    }
  if (plan->disposition == CD_DISPOSITION_TRANSFER && plan->exclude_transfer)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("A customer cannot be both transferred and excluded from transfer"));
      return FALSE;
    }
  manual = *plan;
  manual.from_response = FALSE;

  if (!cd_store_begin (self, error))
    return FALSE;
  if (!row_exists (self, "customers", plan->customer_id, error))
    goto fail;
  /* Tagging a customer whose override an answer made keeps it the
   * answer's (a changed answer still undoes it). */
  {
    g_autoptr(sqlite3_stmt) stmt = cd_store_prepare (self, "SELECT " CUSTOMER_PLAN_COLUMNS
                                                     " FROM customer_plans WHERE customer = ?;", error);
    g_autoptr(CdCustomerPlan) existing = NULL;

    if (stmt == NULL)
      goto fail;
    sqlite3_bind_text (stmt, 1, plan->customer_id, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      {
        existing = read_customer_plan (stmt, keys, error);
        if (existing == NULL)
          goto fail;
        manual.from_response = existing->from_response &&
                               existing->disposition == plan->disposition &&
                               existing->exclude_transfer == plan->exclude_transfer;
      }
  }
  if (!put_customer_plan (self, keys, &manual, error))
    goto fail;

  details = cd_store_details_new ();
  details_add_ids (details, plan->customer_id, NULL);
  details_add_plan (details, &manual);
  if (!cd_store_append_audit (self, "override.set", plan->customer_id, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}


/**
 * cd_store_list_customer_plans:
 *
 * Returns: (transfer full) (element-type CdCustomerPlan): every override,
 *   by customer id
 */
GPtrArray *
cd_store_list_customer_plans (CdStore  *self,
                              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_customer_plan_free);
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self, "SELECT " CUSTOMER_PLAN_COLUMNS " FROM customer_plans ORDER BY customer;",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CdCustomerPlan *plan = read_customer_plan (stmt, keys, error);

      if (plan == NULL)
        return NULL;
      g_ptr_array_add (plans, plan);
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&plans);
}

/* -- notices ------------------------------------------------------------------ */

#define NOTICE_COLUMNS \
  "customer, state, template, drafted_at, sent_on, channel, window_days, deadline," \
  " response, response_text, responded_on, copy_prepared"

static CdNotice *
read_notice (sqlite3_stmt  *stmt,
             CdKeys        *keys,
             GError       **error)
{
  const char *id = (const char *) sqlite3_column_text (stmt, 0);
  g_autoptr(CdNotice) notice = cd_notice_new (id);

  cd_notice_state_from_string ((const char *) sqlite3_column_text (stmt, 1), &notice->state, NULL);
  notice->template_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  notice->drafted_at = sqlite3_column_int64 (stmt, 3);
  notice->sent_on = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    cd_channel_from_string ((const char *) sqlite3_column_text (stmt, 5), &notice->channel, NULL);
  notice->window_days = (guint) sqlite3_column_int (stmt, 6);
  notice->deadline = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  cd_response_from_string ((const char *) sqlite3_column_text (stmt, 8), &notice->response, NULL);
  if (!cd_store_column_open (stmt, 9, keys, "notices.response_text", id, &notice->response_text, error))
    return NULL;
  notice->responded_on = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  notice->copy_prepared = sqlite3_column_int (stmt, 11) != 0;
  return g_steal_pointer (&notice);
}

/**
 * cd_store_list_notices:
 *
 * Returns: (transfer full) (element-type CdNotice): the notices of the
 *   customers who have one (drafted, sent or answered), by customer id
 */
GPtrArray *
cd_store_list_notices (CdStore  *self,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_notice_free);
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self, "SELECT " NOTICE_COLUMNS " FROM notices ORDER BY customer;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CdNotice *notice = read_notice (stmt, keys, error);

      if (notice == NULL)
        return NULL;
      g_ptr_array_add (notices, notice);
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&notices);
}

/* The notice of @customer_id, a new one (state none) if there is none, or
 * NULL with @error set. */
static CdNotice *
load_notice (CdStore     *self,
             CdKeys      *keys,
             const char  *customer_id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cd_store_prepare (self, "SELECT " NOTICE_COLUMNS " FROM notices WHERE customer = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_notice (stmt, keys, error);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return cd_notice_new (customer_id);
}

/**
 * cd_store_get_notice:
 *
 * Returns: (transfer full): the customer's notice; one in state "none"
 *   when nothing was drafted or answered yet
 */
CdNotice *
cd_store_get_notice (CdStore     *self,
                     const char  *customer_id,
                     GError     **error)
{
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !row_exists (self, "customers", customer_id, error))
    return NULL;
  return load_notice (self, keys, customer_id, error);
}

static gboolean
put_notice (CdStore         *self,
            CdKeys          *keys,
            const CdNotice  *notice,
            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *id = notice->customer_id;

  stmt = cd_store_prepare (self,
                           "INSERT OR REPLACE INTO notices (" NOTICE_COLUMNS ")"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, cd_notice_state_to_id (notice->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, notice->template_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, notice->drafted_at);
  sqlite3_bind_text (stmt, 5, notice->sent_on, -1, SQLITE_STATIC);
  if (notice->state == CD_NOTICE_SENT)
    sqlite3_bind_text (stmt, 6, cd_channel_to_id (notice->channel), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, (int) CLAMP (notice->window_days, 1, CD_NOTICE_MAX_WINDOW_DAYS));
  sqlite3_bind_text (stmt, 8, notice->deadline, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, cd_response_to_id (notice->response), -1, SQLITE_STATIC);
  cd_store_bind_sealed (stmt, 10, keys, "notices.response_text", id, notice->response_text);
  sqlite3_bind_text (stmt, 11, notice->responded_on, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 12, notice->copy_prepared ? 1 : 0);
  return step_done (self, stmt, error);
}

/* Runs @upsert (bound but for ?1) for one customer; an unknown customer
 * (the foreign key) is NOT_FOUND. */
static gboolean
upsert_notice (CdStore       *self,
               sqlite3_stmt  *upsert,
               const char    *customer_id,
               GError       **error)
{
  int rc;

  sqlite3_bind_text (upsert, 1, customer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (upsert);
  sqlite3_reset (upsert);
  sqlite3_clear_bindings (upsert);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   _("There is no customer with id “%s”"), customer_id);
      return FALSE;
    }
  return cd_store_sqlite_error (self, rc, error);
}

static gboolean
check_window (guint    window_days,
              GError **error)
{
  if (window_days >= 1 && window_days <= CD_NOTICE_MAX_WINDOW_DAYS)
    return TRUE;
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
               _("The response window must be between 1 and %d days"), CD_NOTICE_MAX_WINDOW_DAYS);
  return FALSE;
}

static gboolean
check_ids (const char * const  *customer_ids,
           GError             **error)
{
  if (customer_ids != NULL && customer_ids[0] != NULL)
    return TRUE;
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID, _("No customers were given"));
  return FALSE;
}

static void
details_add_id_list (JsonBuilder        *details,
                     const char * const *customer_ids)
{
  json_builder_set_member_name (details, "customers");
  json_builder_begin_array (details);
  for (guint i = 0; customer_ids[i] != NULL; i++)
    json_builder_add_string_value (details, customer_ids[i]);
  json_builder_end_array (details);
}

/**
 * cd_store_mark_notices_drafted:
 * @customer_ids: (array zero-terminated=1): the customers whose letters
 *   were rendered
 * @template_name: the template used
 * @window_days: the response window the letters announce
 *
 * Records that letters were rendered. A notice already sent stays sent;
 * its template is updated.
 */
gboolean
cd_store_mark_notices_drafted (CdStore             *self,
                               const char * const  *customer_ids,
                               const char          *template_name,
                               guint                window_days,
                               GError             **error)
{
  g_autoptr(JsonBuilder) details = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  gint64 now = cd_store_now ();
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (template_name != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !check_ids (customer_ids, error) || !check_window (window_days, error) ||
      !cd_store_begin (self, error))
    return FALSE;

  /* One statement per customer: a notice already sent stays sent, with
   * its window; the foreign key refuses an unknown customer. */
  upsert = cd_store_prepare (self,
                             "INSERT INTO notices (customer, state, template, drafted_at, window_days)"
                             " VALUES (?1, 'drafted', ?2, ?3, ?4)"
                             " ON CONFLICT (customer) DO UPDATE SET template = ?2, drafted_at = ?3,"
                             "  state = CASE state WHEN 'sent' THEN 'sent' ELSE 'drafted' END,"
                             "  window_days = CASE state WHEN 'sent' THEN window_days ELSE ?4 END;", error);
  if (upsert == NULL)
    goto fail;
  for (guint i = 0; customer_ids[i] != NULL; i++)
    {
      sqlite3_bind_text (upsert, 2, template_name, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (upsert, 3, now);
      sqlite3_bind_int (upsert, 4, (int) window_days);
      if (!upsert_notice (self, upsert, customer_ids[i], error))
        goto fail;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "template");
  json_builder_add_string_value (details, template_name);
  json_builder_set_member_name (details, "window_days");
  json_builder_add_int_value (details, window_days);
  details_add_id_list (details, customer_ids);
  if (!cd_store_append_audit (self, "notice.drafted", NULL, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

static gboolean
check_date (const char  *date,
            GError     **error)
{
  if (date != NULL && cd_date_is_valid (date))
    return TRUE;
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
               _("“%s” is not a date (YYYY-MM-DD)"), date != NULL ? date : "");
  return FALSE;
}

static char *
date_plus_days (const char *date,
                guint       days)
{
  GDate d;

  if (!cd_retention_date_parse (date, &d))
    return NULL;
  g_date_add_days (&d, days);
  return cd_retention_date_format (&d);
}

/**
 * cd_store_mark_notices_sent:
 * @sent_on: YYYY-MM-DD
 * @window_days: the response window; the deadline is @sent_on plus it
 *
 * Records that the customers' notices were sent. Sending again (a second
 * letter) moves the date and the deadline; answers stay.
 */
gboolean
cd_store_mark_notices_sent (CdStore             *self,
                            const char * const  *customer_ids,
                            const char          *sent_on,
                            CdNoticeChannel      channel,
                            guint                window_days,
                            GError             **error)
{
  g_autoptr(JsonBuilder) details = NULL;
  g_autoptr(sqlite3_stmt) upsert = NULL;
  g_autofree char *deadline = NULL;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !check_ids (customer_ids, error) || !check_window (window_days, error) ||
      !check_date (sent_on, error))
    return FALSE;
  if (channel >= CD_N_CHANNELS)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID, _("The channel is not known"));
      return FALSE;
    }
  deadline = date_plus_days (sent_on, window_days);
  if (!cd_store_begin (self, error))
    return FALSE;

  upsert = cd_store_prepare (self,
                             "INSERT INTO notices (customer, state, sent_on, channel, window_days, deadline)"
                             " VALUES (?1, 'sent', ?2, ?3, ?4, ?5)"
                             " ON CONFLICT (customer) DO UPDATE SET state = 'sent', sent_on = ?2, channel = ?3,"
                             "  window_days = ?4, deadline = ?5;", error);
  if (upsert == NULL)
    goto fail;
  for (guint i = 0; customer_ids[i] != NULL; i++)
    {
      sqlite3_bind_text (upsert, 2, sent_on, -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, cd_channel_to_id (channel), -1, SQLITE_STATIC);
      sqlite3_bind_int (upsert, 4, (int) window_days);
      sqlite3_bind_text (upsert, 5, deadline, -1, SQLITE_STATIC);
      if (!upsert_notice (self, upsert, customer_ids[i], error))
        goto fail;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "sent_on");
  json_builder_add_string_value (details, sent_on);
  json_builder_set_member_name (details, "channel");
  json_builder_add_string_value (details, cd_channel_to_id (channel));
  json_builder_set_member_name (details, "deadline");
  json_builder_add_string_value (details, deadline);
  details_add_id_list (details, customer_ids);
  if (!cd_store_append_audit (self, "notice.sent", NULL, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/* What @response means for the customer's override (replacing any
 * override an earlier answer made; an override set by hand stays unless
 * the answer decides the same thing). Returns the effect's id for the
 * audit entry. */
static const char *
apply_response (CdStore           *self,
                CdKeys            *keys,
                const char        *customer_id,
                CdNoticeResponse   response,
                GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CdCustomerPlan) plan = NULL;
  int rc;

  stmt = cd_store_prepare (self, "SELECT " CUSTOMER_PLAN_COLUMNS " FROM customer_plans WHERE customer = ?;",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    plan = read_customer_plan (stmt, keys, error);
  else if (rc == SQLITE_DONE)
    plan = cd_customer_plan_new (customer_id);
  else
    cd_store_sqlite_error (self, rc, error);
  if (plan == NULL)
    return NULL;

  /* Undo what an earlier answer did. */
  if (plan->from_response)
    {
      plan->disposition = CD_DISPOSITION_UNDECIDED;
      plan->exclude_transfer = FALSE;
      plan->from_response = FALSE;
      g_clear_pointer (&plan->reason, g_free);
    }

  switch (response)
    {
    case CD_RESPONSE_DELETE:
      plan->disposition = CD_DISPOSITION_DESTROY;
      plan->exclude_transfer = FALSE;
      plan->from_response = TRUE;
      break;
    case CD_RESPONSE_OBJECT_TRANSFER:
      if (plan->disposition == CD_DISPOSITION_TRANSFER)
        plan->disposition = CD_DISPOSITION_UNDECIDED;
      plan->exclude_transfer = TRUE;
      plan->from_response = TRUE;
      break;
    case CD_RESPONSE_NONE:
    case CD_RESPONSE_NO_OBJECTION:
    case CD_RESPONSE_COPY:
    case CD_RESPONSE_OTHER:
    default:
      break;
    }

  if (!put_customer_plan (self, keys, plan, error))
    return NULL;
  if (response == CD_RESPONSE_DELETE)
    return "destroy";
  if (response == CD_RESPONSE_OBJECT_TRANSFER)
    return "exclude_transfer";
  if (response == CD_RESPONSE_COPY)
    return "copy_requested";
  return "none";
}

/**
 * cd_store_record_response:
 * @response: the answer; %CD_RESPONSE_NONE takes a recorded answer back
 * @text: (nullable): what the customer said ("other"; sealed)
 * @responded_on: (nullable): YYYY-MM-DD; %NULL for today
 *
 * Records a customer's answer and applies it to their override of the
 * plan in the same transaction. A customer may answer without having been
 * sent a letter (the public announcement, a phone call).
 */
gboolean
cd_store_record_response (CdStore           *self,
                          const char        *customer_id,
                          CdNoticeResponse   response,
                          const char        *text,
                          const char        *responded_on,
                          GError           **error)
{
  g_autoptr(CdNotice) notice = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *today = NULL;
  CdNoticeResponse previous;
  const char *effect;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;
  if (response >= CD_N_RESPONSES)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID, _("The response is not known"));
      return FALSE;
    }
  if (text != NULL && (strlen (text) > MAX_RESPONSE_TEXT || !g_utf8_validate (text, -1, NULL)))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("What the customer said must be UTF-8 text of at most %d bytes"), MAX_RESPONSE_TEXT);
      return FALSE;
    }
  if (response == CD_RESPONSE_OTHER && is_blank (text))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("An “other” response needs what the customer said"));
      return FALSE;
    }
  if (responded_on == NULL)
    {
      GDate d;

      cd_date_set_today (&d);
      today = cd_retention_date_format (&d);
      responded_on = today;
    }
  if (!check_date (responded_on, error) || !cd_store_begin (self, error))
    return FALSE;

  if (!row_exists (self, "customers", customer_id, error))
    goto fail;
  notice = load_notice (self, keys, customer_id, error);
  if (notice == NULL)
    goto fail;
  previous = notice->response;
  notice->response = response;
  g_free (notice->response_text);
  notice->response_text = response == CD_RESPONSE_OTHER ? g_strdup (text) : NULL;
  g_free (notice->responded_on);
  notice->responded_on = response != CD_RESPONSE_NONE ? g_strdup (responded_on) : NULL;
  if (response != CD_RESPONSE_COPY)
    notice->copy_prepared = FALSE;
  if (!put_notice (self, keys, notice, error))
    goto fail;
  effect = apply_response (self, keys, customer_id, response, error);
  if (effect == NULL)
    goto fail;

  /* The answer's kind and what it did; never what the customer said. */
  details = cd_store_details_new ();
  details_add_ids (details, customer_id, NULL);
  json_builder_set_member_name (details, "response");
  json_builder_add_string_value (details, cd_response_to_id (response));
  json_builder_set_member_name (details, "previous");
  json_builder_add_string_value (details, cd_response_to_id (previous));
  json_builder_set_member_name (details, "responded_on");
  json_builder_add_string_value (details, responded_on);
  json_builder_set_member_name (details, "effect");
  json_builder_add_string_value (details, effect);
  if (!cd_store_append_audit (self, "notice.response", customer_id, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/**
 * cd_store_set_copy_prepared:
 * @details_json: (nullable): a JSON object describing the package (counts,
 *   no names), for the audit entry
 *
 * Records that a copy of the customer's records was prepared for them.
 */
gboolean
cd_store_set_copy_prepared (CdStore     *self,
                            const char  *customer_id,
                            const char  *details_json,
                            GError     **error)
{
  g_autoptr(CdNotice) notice = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !cd_store_begin (self, error))
    return FALSE;
  if (!row_exists (self, "customers", customer_id, error))
    goto fail;
  notice = load_notice (self, keys, customer_id, error);
  if (notice == NULL)
    goto fail;
  if (notice->response != CD_RESPONSE_COPY)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("Customer “%s” has not asked for a copy of their records"), customer_id);
      goto fail;
    }
  notice->copy_prepared = TRUE;
  if (!put_notice (self, keys, notice, error))
    goto fail;

  details = cd_store_details_new ();
  details_add_ids (details, customer_id, NULL);
  if (details_json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (details_json, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          json_builder_set_member_name (details, "package");
          json_builder_add_value (details, g_steal_pointer (&node));
        }
    }
  if (!cd_store_append_audit (self, "notice.copy", customer_id, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/* -- the case's templates ------------------------------------------------------ */

/**
 * cd_store_list_case_templates:
 *
 * Returns: (transfer full) (element-type CdCaseTemplate): the case's own
 *   templates, by name and language
 */
GPtrArray *
cd_store_list_case_templates (CdStore  *self,
                              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_case_template_free);
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (cd_store_require_keys (self, error) == NULL)
    return NULL;
  stmt = cd_store_prepare (self, "SELECT name, language, subject, body, modified FROM case_templates"
                                 " ORDER BY name, language;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CdCaseTemplate *tmpl = g_new0 (CdCaseTemplate, 1);

      tmpl->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      tmpl->language = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      tmpl->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      tmpl->body = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      tmpl->modified = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (list, tmpl);
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
valid_template_name (const char *name)
{
  gsize len = name != NULL ? strlen (name) : 0;

  if (len == 0 || len > MAX_TEMPLATE_NAME || !g_ascii_islower (name[0]))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i]) && name[i] != '-' && name[i] != '_')
      return FALSE;
  return TRUE;
}

static gboolean
valid_language (const char *language)
{
  return g_strcmp0 (language, "zh_CN") == 0 || g_strcmp0 (language, "en") == 0;
}

static gboolean
check_template_key (const char  *name,
                    const char  *language,
                    GError     **error)
{
  if (!valid_template_name (name))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("A template name is 1 to %d lower-case letters, digits, “-” or “_”, "
                     "starting with a letter"), MAX_TEMPLATE_NAME);
      return FALSE;
    }
  if (!valid_language (language))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("Letters can be written in zh_CN or en, not “%s”"), language != NULL ? language : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_store_set_case_template:
 *
 * Saves the case's own version of a template (the caller checks that it
 * compiles: cd_notices_check_template()).
 */
gboolean
cd_store_set_case_template (CdStore               *self,
                            const CdCaseTemplate  *tmpl,
                            GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (tmpl != NULL, FALSE);

  if (cd_store_require_keys (self, error) == NULL || !check_template_key (tmpl->name, tmpl->language, error))
    return FALSE;
  if (tmpl->subject == NULL || tmpl->body == NULL ||
      strlen (tmpl->subject) > MAX_TEMPLATE_SUBJECT || strlen (tmpl->body) > MAX_TEMPLATE_BODY ||
      !g_utf8_validate (tmpl->subject, -1, NULL) || !g_utf8_validate (tmpl->body, -1, NULL))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("A template needs a subject of at most %d bytes and a body of at most %d KiB, "
                     "in UTF-8"), MAX_TEMPLATE_SUBJECT, MAX_TEMPLATE_BODY / 1024);
      return FALSE;
    }
  if (!cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self, "INSERT OR REPLACE INTO case_templates (name, language, subject, body,"
                                 " modified) VALUES (?, ?, ?, ?, ?);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, tmpl->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, tmpl->language, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, tmpl->subject, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, tmpl->body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, cd_store_now ());
  if (!step_done (self, stmt, error))
    goto fail;

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "template");
  json_builder_add_string_value (details, tmpl->name);
  json_builder_set_member_name (details, "language");
  json_builder_add_string_value (details, tmpl->language);
  if (!cd_store_append_audit (self, "template.set", tmpl->name, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/**
 * cd_store_delete_case_template:
 *
 * Removes the case's own version (a shipped template is then used again).
 */
gboolean
cd_store_delete_case_template (CdStore     *self,
                               const char  *name,
                               const char  *language,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);

  if (cd_store_require_keys (self, error) == NULL || !check_template_key (name, language, error) ||
      !cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self, "DELETE FROM case_templates WHERE name = ? AND language = ?;", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, language, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    goto fail;
  if (sqlite3_changes (cd_store_get_db (self)) == 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   _("The case has no version of its own of template “%s” (%s)"), name, language);
      goto fail;
    }
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "template");
  json_builder_add_string_value (details, name);
  json_builder_set_member_name (details, "language");
  json_builder_add_string_value (details, language);
  if (!cd_store_append_audit (self, "template.reset", name, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

/* -- settings ----------------------------------------------------------------- */

static gboolean
check_setting_key (const char  *key,
                   GError     **error)
{
  if (key != NULL && g_str_has_prefix (key, "notices.") && strlen (key) <= 64)
    return TRUE;
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
               _("“%s” is not a case setting"), key != NULL ? key : "");
  return FALSE;
}

char *
cd_store_get_setting (CdStore     *self,
                      const char  *key,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *meta_key = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (!check_setting_key (key, error))
    return NULL;
  meta_key = g_strconcat ("setting:", key, NULL);
  stmt = cd_store_prepare (self, "SELECT value FROM meta WHERE key = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, meta_key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    cd_store_sqlite_error (self, rc, error);
  return NULL;
}

/**
 * cd_store_set_setting:
 * @value: (nullable): %NULL or "" removes the setting
 */
gboolean
cd_store_set_setting (CdStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *meta_key = NULL;
  gboolean remove = value == NULL || *value == '\0';

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);

  if (cd_store_require_keys (self, error) == NULL || !check_setting_key (key, error))
    return FALSE;
  if (!remove && (strlen (value) > MAX_SETTING_VALUE || !g_utf8_validate (value, -1, NULL)))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("A setting is UTF-8 text of at most %d bytes"), MAX_SETTING_VALUE);
      return FALSE;
    }
  meta_key = g_strconcat ("setting:", key, NULL);
  if (!cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self, remove ? "DELETE FROM meta WHERE key = ?1;"
                                        : "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2);", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, meta_key, -1, SQLITE_STATIC);
  if (!remove)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    goto fail;
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "key");
  json_builder_add_string_value (details, key);
  if (!cd_store_append_audit (self, "setting.set", key, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}
