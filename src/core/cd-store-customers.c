/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The customer registry in the case file. Every identifying field is sealed;
 * equality lookups (duplicates on import, linking scan findings) go through
 * keyed blind indexes of the normalised values. */

#include "config.h"

#define G_LOG_DOMAIN "cd-store"

#include <glib/gi18n-lib.h>

#include "cd-ident.h"
#include "cd-store-private.h"

/* Blind-index domains. Changing one orphans every existing index. */
#define IDX_NAME      "name"
#define IDX_PHONE     "phone"
#define IDX_ID_NUMBER "id_number"
#define IDX_EMAIL     "email"

static const char insert_sql[] =
  "INSERT INTO customers (id, kind, name, phone, id_number, email, address, notes, "
  "name_bidx, phone_bidx, id_bidx, email_bidx, created, modified) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13);";

static const char update_sql[] =
  "UPDATE customers SET kind = ?2, name = ?3, phone = ?4, id_number = ?5, email = ?6, "
  "address = ?7, notes = ?8, name_bidx = ?9, phone_bidx = ?10, id_bidx = ?11, "
  "email_bidx = ?12, modified = ?13 WHERE id = ?1;";

static void
bind_customer (sqlite3_stmt *stmt,
               CdKeys       *keys,
               CdCustomer   *customer,
               gint64        now)
{
  const char *id = cd_customer_get_id (customer);
  g_autofree char *name_key = cd_ident_normalize_name (cd_customer_get_name (customer));

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cd_customer_kind_to_id (cd_customer_get_kind (customer)), -1,
                     SQLITE_STATIC);
  cd_store_bind_sealed (stmt, 3, keys, "customers.name", id, cd_customer_get_name (customer));
  cd_store_bind_sealed (stmt, 4, keys, "customers.phone", id, cd_customer_get_phone (customer));
  cd_store_bind_sealed (stmt, 5, keys, "customers.id_number", id,
                        cd_customer_get_id_number (customer));
  cd_store_bind_sealed (stmt, 6, keys, "customers.email", id, cd_customer_get_email (customer));
  cd_store_bind_sealed (stmt, 7, keys, "customers.address", id, cd_customer_get_address (customer));
  cd_store_bind_sealed (stmt, 8, keys, "customers.notes", id, cd_customer_get_notes (customer));
  cd_store_bind_index (stmt, 9, keys, IDX_NAME, name_key);
  cd_store_bind_index (stmt, 10, keys, IDX_PHONE, cd_customer_get_phone (customer));
  cd_store_bind_index (stmt, 11, keys, IDX_ID_NUMBER, cd_customer_get_id_number (customer));
  cd_store_bind_index (stmt, 12, keys, IDX_EMAIL, cd_customer_get_email (customer));
  sqlite3_bind_int64 (stmt, 13, now);
}

/* Two records are the same customer when their ID numbers match, or, for
 * records without one, when name and phone (or name and e-mail) match. */
static gboolean
find_duplicate (CdStore     *self,
                CdKeys      *keys,
                CdCustomer  *customer,
                char       **out_id,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name_key = cd_ident_normalize_name (cd_customer_get_name (customer));
  const char *exclude = cd_customer_get_id (customer);
  int rc;

  *out_id = NULL;

  if (cd_customer_get_id_number (customer) != NULL)
    {
      stmt = cd_store_prepare (self, "SELECT id FROM customers WHERE id_bidx = ?1 "
                                     "AND id IS NOT ?2 LIMIT 1;", error);
      if (stmt == NULL)
        return FALSE;
      cd_store_bind_index (stmt, 1, keys, IDX_ID_NUMBER, cd_customer_get_id_number (customer));
    }
  else if (cd_customer_get_phone (customer) != NULL)
    {
      stmt = cd_store_prepare (self, "SELECT id FROM customers WHERE phone_bidx = ?3 "
                                     "AND name_bidx = ?1 AND id IS NOT ?2 LIMIT 1;", error);
      if (stmt == NULL)
        return FALSE;
      cd_store_bind_index (stmt, 1, keys, IDX_NAME, name_key);
      cd_store_bind_index (stmt, 3, keys, IDX_PHONE, cd_customer_get_phone (customer));
    }
  else if (cd_customer_get_email (customer) != NULL)
    {
      stmt = cd_store_prepare (self, "SELECT id FROM customers WHERE email_bidx = ?3 "
                                     "AND name_bidx = ?1 AND id IS NOT ?2 LIMIT 1;", error);
      if (stmt == NULL)
        return FALSE;
      cd_store_bind_index (stmt, 1, keys, IDX_NAME, name_key);
      cd_store_bind_index (stmt, 3, keys, IDX_EMAIL, cd_customer_get_email (customer));
    }
  else
    return TRUE;

  sqlite3_bind_text (stmt, 2, exclude, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
write_customer (CdStore       *self,
                sqlite3_stmt  *stmt,
                CdKeys        *keys,
                CdCustomer    *customer,
                gint64         now,
                GError       **error)
{
  int rc;

  bind_customer (stmt, keys, customer, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

static JsonBuilder *
customer_details (CdCustomer *customer)
{
  JsonBuilder *details = cd_store_details_new ();

  /* Which fields are present, never their values. */
  json_builder_set_member_name (details, "kind");
  json_builder_add_string_value (details, cd_customer_kind_to_id (cd_customer_get_kind (customer)));
  json_builder_set_member_name (details, "fields");
  json_builder_begin_array (details);
  json_builder_add_string_value (details, "name");
  if (cd_customer_get_phone (customer))
    json_builder_add_string_value (details, "phone");
  if (cd_customer_get_id_number (customer))
    json_builder_add_string_value (details, "id_number");
  if (cd_customer_get_email (customer))
    json_builder_add_string_value (details, "email");
  if (cd_customer_get_address (customer))
    json_builder_add_string_value (details, "address");
  if (cd_customer_get_notes (customer))
    json_builder_add_string_value (details, "notes");
  json_builder_end_array (details);
  return details;
}

/**
 * cd_store_add_customer:
 *
 * Normalises, validates and stores @customer, setting its id. A customer
 * who is already registered gives %CD_STORE_ERROR_DUPLICATE.
 */
gboolean
cd_store_add_customer (CdStore     *self,
                       CdCustomer  *customer,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id = NULL;
  g_autofree char *existing = NULL;
  gint64 now = cd_store_now ();
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (CD_IS_CUSTOMER (customer), FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !cd_customer_normalize (customer, error))
    return FALSE;

  id = cd_store_new_id ();
  cd_customer_set_id (customer, id);

  if (!cd_store_begin (self, error))
    goto fail;
  if (!find_duplicate (self, keys, customer, &existing, error))
    goto rollback;
  if (existing != NULL)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_DUPLICATE,
                   _("This customer is already registered (id %s)"), existing);
      goto rollback;
    }
  stmt = cd_store_prepare (self, insert_sql, error);
  details = customer_details (customer);
  if (stmt == NULL ||
      !write_customer (self, stmt, keys, customer, now, error) ||
      !cd_store_append_audit (self, "customer.add", id, details, error))
    goto rollback;
  if (!cd_store_commit (self, error))
    goto fail;

  cd_customer_set_created (customer, now);
  return TRUE;

rollback:
  cd_store_rollback (self);
fail:
  cd_customer_set_id (customer, NULL);
  return FALSE;
}

gboolean
cd_store_update_customer (CdStore     *self,
                          CdCustomer  *customer,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *existing = NULL;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (CD_IS_CUSTOMER (customer), FALSE);
  g_return_val_if_fail (cd_customer_get_id (customer) != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !cd_customer_normalize (customer, error))
    return FALSE;

  if (!cd_store_begin (self, error))
    return FALSE;
  if (!find_duplicate (self, keys, customer, &existing, error))
    goto fail;
  if (existing != NULL)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_DUPLICATE,
                   _("Another customer (id %s) already has these details"), existing);
      goto fail;
    }
  stmt = cd_store_prepare (self, update_sql, error);
  details = customer_details (customer);
  if (stmt == NULL || !write_customer (self, stmt, keys, customer, cd_store_now (), error))
    goto fail;
  if (sqlite3_changes (cd_store_get_db (self)) == 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   _("The customer no longer exists"));
      goto fail;
    }
  if (!cd_store_append_audit (self, "customer.update", cd_customer_get_id (customer), details,
                              error))
    goto fail;
  return cd_store_commit (self, error);

fail:
  cd_store_rollback (self);
  return FALSE;
}

/**
 * cd_store_delete_customers:
 *
 * Deletes all of @ids or, if one does not exist, none. SQLite's
 * secure_delete (set on every connection) overwrites the freed cells.
 */
gboolean
cd_store_delete_customers (CdStore             *self,
                           const char * const  *ids,
                           GError             **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  return cd_store_delete_rows (self, "DELETE FROM customers WHERE id = ?;", "customer.delete",
                               ids, _("There is no customer with id “%s”; nothing was deleted"),
                               error);
}

/**
 * cd_store_import_customers:
 * @customers: (element-type CdCustomer): customers to add
 * @source: (nullable): the file they came from, for the audit log
 * @out_added: (out) (optional): how many were added
 * @out_duplicates: (out) (optional): how many were already registered
 *   (or repeated within @customers) and skipped
 *
 * Adds the customers in one transaction with one audit entry. Any invalid
 * customer fails the whole import, naming its position.
 */
gboolean
cd_store_import_customers (CdStore     *self,
                           GPtrArray   *customers,
                           const char  *source,
                           guint       *out_added,
                           guint       *out_duplicates,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  gint64 now = cd_store_now ();
  guint added = 0, duplicates = 0;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (customers != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;

  for (guint i = 0; i < customers->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!cd_customer_normalize (g_ptr_array_index (customers, i), &local_error))
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       /* Translators: %u is the customer's position in the import */
                       _("Customer %u: %s"), i + 1, local_error->message);
          return FALSE;
        }
    }

  ids = g_ptr_array_new_full (customers->len, g_free);
  if (!cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self, insert_sql, error);
  if (stmt == NULL)
    goto fail;

  for (guint i = 0; i < customers->len; i++)
    {
      CdCustomer *customer = g_ptr_array_index (customers, i);
      g_autofree char *existing = NULL;
      g_autofree char *old_id = g_strdup (cd_customer_get_id (customer));
      char *id = cd_store_new_id ();

      g_ptr_array_add (ids, id);
      cd_customer_set_id (customer, id);
      if (!find_duplicate (self, keys, customer, &existing, error))
        {
          cd_customer_set_id (customer, old_id);
          goto fail;
        }
      if (existing != NULL)
        {
          duplicates++;
          cd_customer_set_id (customer, old_id);
          g_free (g_ptr_array_index (ids, i));
          g_ptr_array_index (ids, i) = NULL;
          continue;
        }
      if (!write_customer (self, stmt, keys, customer, now, error))
        {
          cd_customer_set_id (customer, old_id);
          goto fail;
        }
      cd_customer_set_id (customer, old_id);
      added++;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "added");
  json_builder_add_int_value (details, added);
  json_builder_set_member_name (details, "duplicates");
  json_builder_add_int_value (details, duplicates);
  if (source != NULL)
    {
      g_autofree char *base = g_path_get_basename (source);
      json_builder_set_member_name (details, "source");
      json_builder_add_string_value (details, base);
    }

  if (!cd_store_append_audit (self, "customers.import", NULL, details, error) ||
      !cd_store_commit (self, error))
    goto fail;

  for (guint i = 0; i < customers->len; i++)
    if (g_ptr_array_index (ids, i) != NULL)
      {
        cd_customer_set_id (g_ptr_array_index (customers, i), g_ptr_array_index (ids, i));
        cd_customer_set_created (g_ptr_array_index (customers, i), now);
      }

  if (out_added)
    *out_added = added;
  if (out_duplicates)
    *out_duplicates = duplicates;
  return TRUE;

fail:
  cd_store_rollback (self);
  return FALSE;
}

#define SELECT_CUSTOMERS \
  "SELECT id, kind, name, phone, id_number, email, address, notes, created FROM customers "

static gpointer
customer_from_row (sqlite3_stmt  *stmt,
                   CdKeys        *keys,
                   GError       **error)
{
  const char *id = (const char *) sqlite3_column_text (stmt, 0);
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *email = NULL;
  g_autofree char *address = NULL;
  g_autofree char *notes = NULL;
  CdCustomerKind kind = CD_CUSTOMER_KIND_INDIVIDUAL;

  if (!cd_store_column_open (stmt, 2, keys, "customers.name", id, &name, error) ||
      !cd_store_column_open (stmt, 3, keys, "customers.phone", id, &phone, error) ||
      !cd_store_column_open (stmt, 4, keys, "customers.id_number", id, &id_number, error) ||
      !cd_store_column_open (stmt, 5, keys, "customers.email", id, &email, error) ||
      !cd_store_column_open (stmt, 6, keys, "customers.address", id, &address, error) ||
      !cd_store_column_open (stmt, 7, keys, "customers.notes", id, &notes, error))
    return NULL;
  cd_customer_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &kind);

  return g_object_new (CD_TYPE_CUSTOMER,
                       "id", id,
                       "kind", kind,
                       "name", name,
                       "phone", phone,
                       "id-number", id_number,
                       "email", email,
                       "address", address,
                       "notes", notes,
                       "created", sqlite3_column_int64 (stmt, 8),
                       NULL);
}

CdCustomer *
cd_store_get_customer (CdStore     *self,
                       const char  *id,
                       GError     **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return cd_store_get_row (self, SELECT_CUSTOMERS "WHERE id = ?;", id, customer_from_row,
                           _("There is no customer with id “%s”"), error);
}

/**
 * cd_store_find_customer:
 * @id_number: (nullable): a resident ID, credit code or document number
 * @phone: (nullable): a phone number in any common spelling
 * @email: (nullable): an e-mail address
 *
 * Finds a registered customer by any one identifier, through the blind
 * indexes (nothing is decrypted to search).
 *
 * Returns: (transfer full) (nullable): the customer, or %NULL without an
 *   error when there is none.
 */
CdCustomer *
cd_store_find_customer (CdStore     *self,
                        const char  *id_number,
                        const char  *phone,
                        const char  *email,
                        GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *norm_id = NULL;
  g_autofree char *norm_phone = NULL;
  g_autofree char *norm_email = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;

  /* Normalise as on insert; unparseable input simply matches nothing. */
  if (id_number != NULL &&
      !cd_ident_check_resident_id (id_number, &norm_id, NULL) &&
      !cd_ident_check_uscc (id_number, &norm_id, NULL))
    {
      norm_id = g_ascii_strup (id_number, -1);
      g_strstrip (norm_id);
    }
  if (phone != NULL)
    cd_ident_normalize_phone (phone, &norm_phone, NULL, NULL);
  if (email != NULL)
    cd_ident_check_email (email, &norm_email, NULL);

  stmt = cd_store_prepare (self, SELECT_CUSTOMERS
                           "WHERE (?1 IS NOT NULL AND id_bidx = ?1) "
                           "OR (?2 IS NOT NULL AND phone_bidx = ?2) "
                           "OR (?3 IS NOT NULL AND email_bidx = ?3) LIMIT 1;", error);
  if (stmt == NULL)
    return NULL;
  cd_store_bind_index (stmt, 1, keys, IDX_ID_NUMBER, norm_id);
  cd_store_bind_index (stmt, 2, keys, IDX_PHONE, norm_phone);
  cd_store_bind_index (stmt, 3, keys, IDX_EMAIL, norm_email);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return customer_from_row (stmt, keys, error);
}

/**
 * cd_store_list_customers:
 *
 * Returns: (transfer full): a #GListModel of #CdCustomer, decrypted.
 */
GListModel *
cd_store_list_customers (CdStore  *self,
                         GError  **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  return cd_store_list_rows (self, CD_TYPE_CUSTOMER, SELECT_CUSTOMERS "ORDER BY created, rowid;",
                             customer_from_row, error);
}

gint64
cd_store_count_customers (CdStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), -1);
  return cd_store_count_rows (self, "SELECT count(*) FROM customers;", error);
}

gboolean
cd_store_reseal_customers (CdStore  *self,
                           CdKeys   *old_keys,
                           CdKeys   *new_keys,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  int rc;

  select = cd_store_prepare (self, SELECT_CUSTOMERS ";", error);
  update = cd_store_prepare (self, update_sql, error);
  if (select == NULL || update == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autoptr(CdCustomer) customer = customer_from_row (select, old_keys, error);
      gint64 now = cd_store_now ();

      if (customer == NULL || !write_customer (self, update, new_keys, customer, now, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}
