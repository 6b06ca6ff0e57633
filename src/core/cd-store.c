/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdStore: opening, creating, unlocking and upgrading a case file; case
 * metadata, the liquidation group and the audit log. Assets and customers
 * live in cd-store-assets.c and cd-store-customers.c. */

#include "config.h"

#define G_LOG_DOMAIN "cd-store"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-ident.h"
#include "cd-object-list.h"
#include "cd-fs.h"
#include "cd-store-private.h"

struct _CdStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  int       lock_fd;
  CdKeys   *keys;
  char     *actor;
  int       schema_version;

  /* What the open transaction changed, announced by "changed" on commit. */
  guint     pending_changes;

  /* A long operation (changing the passphrase) may run in a worker thread.
   * Signals are then delivered on the thread that opened the store, through
   * its main context; a lock asked for meanwhile waits for the operation to
   * end, and closing waits for it too, since both would pull the key or the
   * connection from under it. */
  GThread      *owner_thread;
  GMainContext *owner_context;
  GMutex        busy_mutex;
  GCond         busy_cond;
  guint         busy;            /* operations running, under busy_mutex */
  gboolean      lock_requested;  /* under busy_mutex */

  /* One connection serves every thread (opened SQLITE_OPEN_FULLMUTEX, so
   * each call is serialized), and a transaction belongs to the thread that
   * began it: another thread's cd_store_begin () waits for its commit or
   * rollback instead of writing into it, and a rollback never undoes
   * another thread's work. */
  GMutex        tx_mutex;
  GCond         tx_cond;
  GThread      *tx_owner;        /* under tx_mutex */
  guint         tx_depth;        /* under tx_mutex */
};

enum {
  CHANGE_CASE = 1 << 0,
  CHANGE_MEMBERS = 1 << 1,
  CHANGE_ASSETS = 1 << 2,
  CHANGE_CUSTOMERS = 1 << 3,
  CHANGE_AUDIT = 1 << 4,
  CHANGE_NOTICES = 1 << 5,
};

enum {
  PROP_0,
  PROP_LOCKED,
  N_PROPS,
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CdStore, cd_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (cd_store_error_quark, cd_store_error)

/* How long a statement waits for another connection of ours (a worker
 * thread) before reporting the case as busy. */
#define BUSY_TIMEOUT_MS 5000

/* Context strings for sealed metadata. */
#define KEY_CHECK_CONTEXT "meta.key_check"
#define KEY_CHECK_PLAIN   "closure-desk key check v1"

/* -- helpers -------------------------------------------------------------------- */

gint64
cd_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
cd_store_new_id (void)
{
  return g_uuid_string_random ();
}

JsonBuilder *
cd_store_details_new (void)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  return builder;
}

/**
 * cd_store_sqlite_error:
 *
 * Turns an SQLite result code into a user-level error. SQLite's own text
 * is kept only in the debug log; it never contains row data.
 */
gboolean
cd_store_sqlite_error (CdStore  *self,
                       int       rc,
                       GError  **error)
{
  int primary = rc & 0xff;

  g_debug ("sqlite error %d: %s", rc, self && self->db ? sqlite3_errmsg (self->db) : "");

  switch (primary)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_BUSY,
                   _("The case file is busy: another program is writing to it"));
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_READ_ONLY,
                   _("The case file cannot be written; check that the file and its folder "
                     "are writable"));
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
                   _("The case file is damaged; restore it from a backup"));
      break;
    case SQLITE_FULL:
    case SQLITE_IOERR:
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_FAILED,
                   _("The case file could not be written: the disk is full or failing"));
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The change breaks a rule of the case file and was not saved"));
      break;
    default:
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_FAILED,
                   _("The case file could not be read or written (SQLite error %d)"), rc);
      break;
    }

  return FALSE;
}

gboolean
cd_store_exec (CdStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

sqlite3_stmt *
cd_store_prepare (CdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return stmt;
}


sqlite3 *
cd_store_get_db (CdStore *self)
{
  return self->db;
}

static gboolean
require_open (CdStore  *self,
              GError  **error)
{
  if (self->db == NULL)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_FAILED,
                   _("The case is closed"));
      return FALSE;
    }
  return TRUE;
}

CdKeys *
cd_store_require_keys (CdStore  *self,
                       GError  **error)
{
  if (!require_open (self, error))
    return NULL;
  if (self->keys == NULL)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED,
                   _("The case is locked; unlock it with its passphrase first"));
      return NULL;
    }
  return self->keys;
}

static void
tx_acquire (CdStore *self)
{
  GThread *me = g_thread_self ();

  g_mutex_lock (&self->tx_mutex);
  while (self->tx_owner != NULL && self->tx_owner != me)
    g_cond_wait (&self->tx_cond, &self->tx_mutex);
  self->tx_owner = me;
  self->tx_depth++;
  g_mutex_unlock (&self->tx_mutex);
}

/* Returns whether the calling thread held the transaction. */
static gboolean
tx_release (CdStore *self)
{
  gboolean mine;

  g_mutex_lock (&self->tx_mutex);
  mine = self->tx_owner == g_thread_self ();
  if (mine && --self->tx_depth == 0)
    {
      self->tx_owner = NULL;
      g_cond_broadcast (&self->tx_cond);
    }
  g_mutex_unlock (&self->tx_mutex);
  return mine;
}

static gboolean
tx_is_mine (CdStore *self)
{
  gboolean mine;

  g_mutex_lock (&self->tx_mutex);
  mine = self->tx_owner == g_thread_self ();
  g_mutex_unlock (&self->tx_mutex);
  return mine;
}

gboolean
cd_store_begin (CdStore  *self,
                GError  **error)
{
  if (!require_open (self, error))
    return FALSE;
  /* Waits while another thread has a transaction open on the connection. */
  tx_acquire (self);
  /* IMMEDIATE takes the write lock now, so a busy case fails before any
   * work is done rather than at COMMIT. */
  if (!cd_store_exec (self, "BEGIN IMMEDIATE;", error))
    {
      tx_release (self);
      return FALSE;
    }
  return TRUE;
}

static void
emit_changes (CdStore *self,
              guint    changes)
{
  static const struct { guint flag; const char *detail; } details[] = {
    { CHANGE_CASE, "case" },
    { CHANGE_MEMBERS, "members" },
    { CHANGE_ASSETS, "assets" },
    { CHANGE_CUSTOMERS, "customers" },
    { CHANGE_AUDIT, "audit" },
    { CHANGE_NOTICES, "notices" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    if (changes & details[i].flag)
      g_signal_emit (self, signals[SIGNAL_CHANGED], g_quark_from_static_string (details[i].detail));
}

typedef struct
{
  CdStore *store;
  guint    changes;
} Announcement;

static void
announcement_free (Announcement *announcement)
{
  g_object_unref (announcement->store);
  g_free (announcement);
}

static gboolean
announce_cb (gpointer data)
{
  Announcement *announcement = data;

  emit_changes (announcement->store, announcement->changes);
  return G_SOURCE_REMOVE;
}

/* The store's own thread: the one that opened it, or the one running its
 * main context (a case created by a worker is then used by the GUI). */
static gboolean
on_owner_thread (CdStore *self)
{
  return g_thread_self () == self->owner_thread || g_main_context_is_owner (self->owner_context);
}

/**
 * cd_store_adopt:
 *
 * Makes the calling thread and its thread-default main context the store's
 * own: "changed" and "notify::locked" are emitted there from now on. For a
 * case that a worker thread created or opened and hands over (the GUI
 * creates a case on a worker, then uses it on its main thread). Without it
 * the worker stays the owner, and a later task that the thread pool happens
 * to run on that same thread would emit straight to the views from there.
 * Call it before the store is shared with any other thread.
 */
void
cd_store_adopt (CdStore *self)
{
  g_return_if_fail (CD_IS_STORE (self));

  self->owner_thread = g_thread_self ();
  g_main_context_unref (self->owner_context);
  self->owner_context = g_main_context_ref_thread_default ();
}

/* Runs @func on the store's own thread, later, through its main context.
 * An idle source rather than g_main_context_invoke (), which would run it
 * right here whenever the owner is not iterating its context. */
static void
run_on_owner (CdStore     *self,
              GSourceFunc  func,
              gpointer     data,
              GDestroyNotify destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, self->owner_context);
}

static gboolean
notify_locked_cb (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_LOCKED]);
  return G_SOURCE_REMOVE;
}

/* "notify::locked" reaches views: on the store's own thread, like "changed". */
static void
notify_locked (CdStore *self)
{
  if (on_owner_thread (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
  else
    run_on_owner (self, notify_locked_cb, g_object_ref (self), g_object_unref);
}

/* Handlers (views, often) run on the store's own thread: from a worker,
 * the signal is queued to the owner's main context. */
static void
announce_changes (CdStore *self,
                  guint    changes)
{
  Announcement *announcement;

  if (changes == 0)
    return;
  if (on_owner_thread (self))
    {
      emit_changes (self, changes);
      return;
    }
  announcement = g_new0 (Announcement, 1);
  announcement->store = g_object_ref (self);
  announcement->changes = changes;
  run_on_owner (self, announce_cb, announcement, (GDestroyNotify) announcement_free);
}

gboolean
cd_store_commit (CdStore  *self,
                 GError  **error)
{
  guint changes;

  if (!cd_store_exec (self, "COMMIT;", error))
    {
      cd_store_rollback (self);
      return FALSE;
    }

  changes = self->pending_changes;
  self->pending_changes = 0;
  tx_release (self);
  announce_changes (self, changes);
  return TRUE;
}

void
cd_store_rollback (CdStore *self)
{
  /* Only the thread that began the transaction may end it. */
  if (!tx_is_mine (self))
    return;
  self->pending_changes = 0;
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
  tx_release (self);
}

void
cd_store_bind_sealed (sqlite3_stmt *stmt,
                      int           column,
                      CdKeys       *keys,
                      const char   *table_column,
                      const char   *row_id,
                      const char   *value)
{
  g_autofree char *context = NULL;
  g_autoptr(GBytes) sealed = NULL;
  gsize len;
  gconstpointer data;

  if (value == NULL)
    {
      sqlite3_bind_null (stmt, column);
      return;
    }

  context = g_strconcat (table_column, ":", row_id, NULL);
  sealed = cd_keys_seal_string (keys, context, value);
  data = g_bytes_get_data (sealed, &len);
  sqlite3_bind_blob (stmt, column, data, (int) len, SQLITE_TRANSIENT);
}

gboolean
cd_store_column_open (sqlite3_stmt  *stmt,
                      int            column,
                      CdKeys        *keys,
                      const char    *table_column,
                      const char    *row_id,
                      char         **out_value,
                      GError       **error)
{
  g_autofree char *context = NULL;
  const void *blob;
  int len;

  *out_value = NULL;
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return TRUE;

  blob = sqlite3_column_blob (stmt, column);
  len = sqlite3_column_bytes (stmt, column);
  context = g_strconcat (table_column, ":", row_id, NULL);
  *out_value = cd_keys_open_string (keys, context, blob, (gsize) len, error);

  return *out_value != NULL;
}

void
cd_store_bind_index (sqlite3_stmt *stmt,
                     int           column,
                     CdKeys       *keys,
                     const char   *domain,
                     const char   *normalized)
{
  guint8 index[CD_CRYPTO_INDEX_BYTES];

  if (normalized == NULL || *normalized == '\0')
    {
      sqlite3_bind_null (stmt, column);
      return;
    }
  cd_keys_blind_index (keys, domain, normalized, index);
  sqlite3_bind_blob (stmt, column, index, sizeof index, SQLITE_TRANSIENT);
}

static gboolean
meta_set_blob (CdStore     *self,
               const char  *key,
               const void  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cd_store_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, data, (int) len, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
meta_set_int (CdStore     *self,
              const char  *key,
              gint64       value,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cd_store_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?);", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

/* Returns NULL (no error) when the key is absent. */
static GBytes *
meta_get_blob (CdStore     *self,
               const char  *key,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cd_store_prepare (self, "SELECT value FROM meta WHERE key = ?;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    cd_store_sqlite_error (self, rc, error);
  return NULL;
}

static gboolean
meta_get_int (CdStore     *self,
              const char  *key,
              gint64      *out_value,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cd_store_prepare (self, "SELECT value FROM meta WHERE key = ?;", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_INTEGER)
    {
      *out_value = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);

  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
               _("The case file is missing its key settings; restore it from a backup"));
  return FALSE;
}

/* The formats are translated literals from the callers, each with one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
set_not_found (GError     **error,
               const char  *format,
               const char  *id)
{
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND, format, id);
}
#pragma GCC diagnostic pop

/**
 * cd_store_list_rows:
 * @sql: a SELECT whose rows @row_func understands
 *
 * Returns: (transfer full): a #CdObjectList of @item_type, one item per
 *   row, or %NULL with @error set. Needs the case key.
 */
GListModel *
cd_store_list_rows (CdStore         *self,
                    GType            item_type,
                    const char      *sql,
                    CdStoreRowFunc   row_func,
                    GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  CdObjectList *list;
  CdKeys *keys;
  int rc;

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  /* Collect first and splice once: one items-changed for the whole list. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer item = row_func (stmt, keys, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }

  list = cd_object_list_new (item_type);
  cd_object_list_splice (list, 0, 0, items->pdata, items->len);
  return G_LIST_MODEL (list);
}

/**
 * cd_store_get_row:
 * @sql: a SELECT with one parameter, the id
 * @not_found_format: a translated message with one %s for the id
 *
 * Returns: (transfer full): the object for @id, or %NULL with @error set.
 */
gpointer
cd_store_get_row (CdStore         *self,
                  const char      *sql,
                  const char      *id,
                  CdStoreRowFunc   row_func,
                  const char      *not_found_format,
                  GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CdKeys *keys;
  int rc;

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error, not_found_format, id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return row_func (stmt, keys, error);
}

/**
 * cd_store_count_rows:
 * @sql: a SELECT count(*)
 *
 * Returns: the count, or -1 with @error set. Needs no key.
 */
gint64
cd_store_count_rows (CdStore     *self,
                     const char  *sql,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!require_open (self, error))
    return -1;
  stmt = cd_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return (cd_store_sqlite_error (self, rc, error), -1);
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * cd_store_delete_rows:
 * @sql: a DELETE with one parameter, the id
 * @action: the audit action recorded for each deleted row
 * @not_found_format: a translated message with one %s for the id
 *
 * Deletes every row of @ids in one transaction, one audit entry each; if
 * one id does not exist, nothing is deleted.
 */
gboolean
cd_store_delete_rows (CdStore             *self,
                      const char          *sql,
                      const char          *action,
                      const char * const  *ids,
                      const char          *not_found_format,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (cd_store_require_keys (self, error) == NULL)
    return FALSE;
  if (!cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self, sql, error);
  if (stmt == NULL)
    goto fail;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          cd_store_sqlite_error (self, rc, error);
          goto fail;
        }
      if (sqlite3_changes (self->db) == 0)
        {
          set_not_found (error, not_found_format, ids[i]);
          goto fail;
        }
      if (!cd_store_append_audit (self, action, ids[i], NULL, error))
        goto fail;
    }

  return cd_store_commit (self, error);

fail:
  cd_store_rollback (self);
  return FALSE;
}

/* -- audit log ------------------------------------------------------------------ */

/**
 * cd_store_append_audit:
 * @details: (nullable): an object being built by cd_store_details_new();
 *   consumed. Never put raw personal data in it.
 *
 * Appends one entry to the chain and moves the recorded head. Must be
 * called inside the transaction of the change it records.
 */
gboolean
cd_store_append_audit (CdStore      *self,
                       const char   *action,
                       const char   *object,
                       JsonBuilder  *details,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) last = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *details_json = NULL;
  CdAuditEntry entry = { 0 };
  int rc;

  g_assert (!sqlite3_get_autocommit (self->db));

  /* Every change is audited, so the action says what changed. */
  self->pending_changes |= CHANGE_AUDIT;
  /* Looking at or exporting data is audited but changes nothing: views
   * must not reload 100,000 rows because someone revealed one. */
  if (g_str_has_suffix (action, ".reveal") || g_str_has_suffix (action, ".export"))
    ;
  else if (g_str_has_prefix (action, "asset"))
    self->pending_changes |= CHANGE_ASSETS;
  else if (g_str_has_prefix (action, "customer"))
    self->pending_changes |= CHANGE_CUSTOMERS;
  else if (g_str_has_prefix (action, "notice.") || g_str_has_prefix (action, "holding.") ||
           g_str_has_prefix (action, "override.") || g_str_has_prefix (action, "template.") ||
           g_str_has_prefix (action, "setting."))
    self->pending_changes |= CHANGE_NOTICES;
  else if (g_str_has_prefix (action, "member"))
    self->pending_changes |= CHANGE_MEMBERS;
  else if (g_str_has_prefix (action, "case."))
    self->pending_changes |= CHANGE_CASE | CHANGE_ASSETS | CHANGE_CUSTOMERS | CHANGE_MEMBERS;

  if (details != NULL)
    {
      g_autoptr(JsonNode) root = NULL;

      json_builder_end_object (details);
      root = json_builder_get_root (details);
      details_json = json_to_string (root, FALSE);
    }

  last = cd_store_prepare (self, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;", error);
  if (last == NULL)
    return FALSE;
  rc = sqlite3_step (last);
  if (rc == SQLITE_ROW)
    {
      entry.seq = sqlite3_column_int64 (last, 0) + 1;
      if (sqlite3_column_bytes (last, 1) == CD_AUDIT_HASH_BYTES)
        memcpy (entry.prev_hash, sqlite3_column_blob (last, 1), CD_AUDIT_HASH_BYTES);
    }
  else if (rc == SQLITE_DONE)
    entry.seq = 1;
  else
    return cd_store_sqlite_error (self, rc, error);

  entry.time = cd_store_now ();
  entry.actor = self->actor;
  entry.action = (char *) action;
  entry.object = (char *) object;
  entry.details = details_json;
  cd_audit_entry_compute_hash (&entry, entry.hash);

  insert = cd_store_prepare (self,
                             "INSERT INTO audit (seq, time, actor, action, object, details, "
                             "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?);", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, entry.seq);
  sqlite3_bind_int64 (insert, 2, entry.time);
  sqlite3_bind_text (insert, 3, entry.actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, object, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, details_json, -1, SQLITE_STATIC);
  sqlite3_bind_blob (insert, 7, entry.prev_hash, CD_AUDIT_HASH_BYTES, SQLITE_STATIC);
  sqlite3_bind_blob (insert, 8, entry.hash, CD_AUDIT_HASH_BYTES, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);

  /* The head lets verification notice entries cut off the end. */
  return meta_set_int (self, "audit_head_seq", entry.seq, error) &&
         meta_set_blob (self, "audit_head_hash", entry.hash, CD_AUDIT_HASH_BYTES, error);
}

static CdAuditEntry *
audit_entry_from_row (sqlite3_stmt *stmt)
{
  CdAuditEntry *entry = g_new0 (CdAuditEntry, 1);

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->time = sqlite3_column_int64 (stmt, 1);
  entry->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  entry->action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  entry->object = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  entry->details = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  if (sqlite3_column_bytes (stmt, 6) == CD_AUDIT_HASH_BYTES)
    memcpy (entry->prev_hash, sqlite3_column_blob (stmt, 6), CD_AUDIT_HASH_BYTES);
  if (sqlite3_column_bytes (stmt, 7) == CD_AUDIT_HASH_BYTES)
    memcpy (entry->hash, sqlite3_column_blob (stmt, 7), CD_AUDIT_HASH_BYTES);
  else
    memset (entry->hash, 0, CD_AUDIT_HASH_BYTES);

  return entry;
}

/**
 * cd_store_list_audit:
 *
 * Returns: (transfer full) (element-type CdAuditEntry): every entry in order.
 *   Needs no passphrase: the log holds no personal data.
 */
GPtrArray *
cd_store_list_audit (CdStore  *self,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (!require_open (self, error))
    return NULL;

  stmt = cd_store_prepare (self,
                           "SELECT seq, time, actor, action, object, details, prev_hash, hash "
                           "FROM audit ORDER BY seq;", error);
  if (stmt == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, audit_entry_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/**
 * cd_store_verify_audit:
 * @report: (out caller-allocates): what was found
 *
 * Walks the chain from the first entry and stops at the first one that
 * was edited, deleted, reordered or cut off. Returns %FALSE only if the
 * log could not be read; a broken chain is reported in @report.
 */
gboolean
cd_store_verify_audit (CdStore        *self,
                       CdAuditReport  *report,
                       GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) head_hash = NULL;
  guint8 prev[CD_AUDIT_HASH_BYTES] = { 0 };
  gint64 expected = 1;
  gint64 head_seq = 0;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  if (!require_open (self, error))
    return FALSE;

  stmt = cd_store_prepare (self,
                           "SELECT seq, time, actor, action, object, details, prev_hash, hash "
                           "FROM audit ORDER BY seq;", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdAuditEntry) entry = audit_entry_from_row (stmt);
      guint8 computed[CD_AUDIT_HASH_BYTES];

      report->n_entries++;
      if (report->problem != CD_AUDIT_OK)
        continue;

      if (entry->seq != expected)
        {
          report->problem = CD_AUDIT_GAP;
          report->first_bad_seq = entry->seq;
          continue;
        }
      cd_audit_entry_compute_hash (entry, computed);
      if (sodium_memcmp (computed, entry->hash, CD_AUDIT_HASH_BYTES) != 0)
        {
          report->problem = CD_AUDIT_BAD_HASH;
          report->first_bad_seq = entry->seq;
          continue;
        }
      if (sodium_memcmp (prev, entry->prev_hash, CD_AUDIT_HASH_BYTES) != 0)
        {
          report->problem = CD_AUDIT_BAD_LINK;
          report->first_bad_seq = entry->seq;
          continue;
        }
      memcpy (prev, entry->hash, CD_AUDIT_HASH_BYTES);
      expected++;
    }
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);

  if (report->problem != CD_AUDIT_OK)
    return TRUE;

  memcpy (report->head, prev, CD_AUDIT_HASH_BYTES);

  head_hash = meta_get_blob (self, "audit_head_hash", error);
  if (head_hash == NULL && error != NULL && *error != NULL)
    return FALSE;
  if (report->n_entries > 0 && !meta_get_int (self, "audit_head_seq", &head_seq, NULL))
    head_seq = -1;

  if (report->n_entries > 0 || head_hash != NULL)
    {
      gsize len = 0;
      const guint8 *data = head_hash ? g_bytes_get_data (head_hash, &len) : NULL;

      if (head_seq != expected - 1 || len != CD_AUDIT_HASH_BYTES ||
          sodium_memcmp (data, prev, CD_AUDIT_HASH_BYTES) != 0)
        {
          report->problem = CD_AUDIT_BAD_HEAD;
          report->first_bad_seq = expected;
        }
    }

  return TRUE;
}

/**
 * cd_store_record_event:
 * @details_json: (nullable): a JSON object with no personal data
 *
 * Records something that happened outside the case file (an export, a
 * printed report) as its own audit entry.
 */
gboolean
cd_store_record_event (CdStore     *self,
                       const char  *action,
                       const char  *object,
                       const char  *details_json,
                       GError     **error)
{
  g_autoptr(JsonBuilder) details = NULL;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  details = cd_store_details_new ();
  if (details_json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (details_json, NULL);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       _("The event details are not a JSON object"));
          return FALSE;
        }
      json_builder_set_member_name (details, "event");
      json_builder_add_value (details, g_steal_pointer (&node));
    }

  if (!cd_store_begin (self, error))
    return FALSE;
  if (!cd_store_append_audit (self, action, object, details, error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  return cd_store_commit (self, error);
}

/* -- opening and creating ------------------------------------------------------- */

static void
cd_store_finalize (GObject *object)
{
  CdStore *self = CD_STORE (object);

  cd_store_close (self);
  g_free (self->path);
  g_free (self->actor);
  g_main_context_unref (self->owner_context);
  g_mutex_clear (&self->busy_mutex);
  g_cond_clear (&self->busy_cond);
  g_mutex_clear (&self->tx_mutex);
  g_cond_clear (&self->tx_cond);

  G_OBJECT_CLASS (cd_store_parent_class)->finalize (object);
}

static void
cd_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CdStore *self = CD_STORE (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, self->keys == NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_store_class_init (CdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_store_finalize;
  object_class->get_property = cd_store_get_property;

  /**
   * CdStore:locked:
   *
   * Whether the case key is absent: personal data cannot be read or written.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdStore::changed:
   *
   * Emitted after a change was committed, with the detail "case",
   * "members", "assets", "customers" or "audit" saying what changed (a
   * passphrase change or an upgrade emits all of them). Views reload on it.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cd_store_init (CdStore *self)
{
  self->lock_fd = -1;
  self->actor = g_strdup (g_get_user_name ());
  self->owner_thread = g_thread_self ();
  self->owner_context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->busy_mutex);
  g_cond_init (&self->busy_cond);
  g_mutex_init (&self->tx_mutex);
  g_cond_init (&self->tx_cond);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Looks at the SQLite header before SQLite does, so that a file that is not
 * ours, or is cut short, is refused without SQLite touching it. */
static gboolean
check_header (const char  *path,
              int          fd,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *wal_path = NULL;
  guint8 header[100];
  struct stat st, wal_st;
  gboolean has_wal;
  ssize_t n;
  guint32 page_size, n_pages, change_counter, valid_for;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE,
                   _("“%s” is not a regular file"), display);
      return FALSE;
    }

  n = pread (fd, header, sizeof header, 0);
  if (n < (ssize_t) sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE,
                   _("“%s” is not a Closure Desk case file"), display);
      return FALSE;
    }

  if (read_be32 (header + 68) != CD_STORE_APPLICATION_ID)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE,
                   _("“%s” is a database, but not a Closure Desk case file"), display);
      return FALSE;
    }

  page_size = ((guint32) header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  n_pages = read_be32 (header + 28);
  change_counter = read_be32 (header + 24);
  valid_for = read_be32 (header + 92);

  /* With a non-empty write-ahead log (after a crash, possibly in the middle
   * of a checkpoint) the main file may legitimately be shorter than its
   * header says; SQLite recovers it from the log, so only judge the size
   * of a file that stands alone. */
  wal_path = g_strconcat (path, "-wal", NULL);
  has_wal = g_stat (wal_path, &wal_st) == 0 && wal_st.st_size > 0;

  if (page_size < 512 || (page_size & (page_size - 1)) != 0 ||
      (!has_wal && (st.st_size % page_size) != 0) ||
      (!has_wal && valid_for == change_counter &&
       (guint64) n_pages * page_size > (guint64) st.st_size))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged or incomplete (was it truncated while copying?); "
                     "restore it from a backup"), display);
      return FALSE;
    }

  return TRUE;
}

static gboolean
configure_connection (CdStore  *self,
                      GError  **error)
{
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  /* WAL keeps readers working during a write; FULL makes every commit
   * durable before it returns, which the audit trail relies on. */
  return cd_store_exec (self, "PRAGMA foreign_keys = ON;", error) &&
         cd_store_exec (self, "PRAGMA journal_mode = WAL;", error) &&
         cd_store_exec (self, "PRAGMA synchronous = FULL;", error) &&
         cd_store_exec (self, "PRAGMA secure_delete = ON;", error) &&
         cd_store_exec (self, "PRAGMA trusted_schema = OFF;", error);
}

static int
read_pragma_int (CdStore    *self,
                 const char *sql,
                 int        *out_rc)
{
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  *out_rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (*out_rc == SQLITE_OK)
    {
      *out_rc = sqlite3_step (stmt);
      if (*out_rc == SQLITE_ROW)
        {
          value = sqlite3_column_int (stmt, 0);
          *out_rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
upgrade (CdStore  *self,
         int       from_version,
         int       to_version,
         gboolean  record,
         GError  **error)
{
  for (int version = from_version + 1; version <= to_version; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", version);
      g_autoptr(GError) local_error = NULL;

      if (!cd_store_begin (self, error))
        return FALSE;

      if (sqlite3_exec (self->db, cd_store_get_migration (version), NULL, NULL, NULL) != SQLITE_OK ||
          !cd_store_exec (self, bump, &local_error))
        {
          g_debug ("migration to %d failed: %s", version, sqlite3_errmsg (self->db));
          cd_store_rollback (self);
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_FAILED,
                       _("The case file could not be upgraded to format version %d; "
                         "it was left unchanged at version %d"), version, version - 1);
          return FALSE;
        }

      if (record)
        {
          g_autoptr(JsonBuilder) details = cd_store_details_new ();

          json_builder_set_member_name (details, "from");
          json_builder_add_int_value (details, version - 1);
          json_builder_set_member_name (details, "to");
          json_builder_add_int_value (details, version);
          if (!cd_store_append_audit (self, "case.upgrade", NULL, details, error))
            {
              cd_store_rollback (self);
              return FALSE;
            }
        }

      if (!cd_store_commit (self, error))
        return FALSE;
      self->schema_version = version;
    }

  return TRUE;
}

/* The Flatpak document portal (a FUSE file system that hands a sandboxed
 * app one file the user chose) offers no POSIX locks and no files beside the
 * chosen one, so SQLite cannot open a database there (xdg-desktop-portal
 * issue 1117) — and a case half-written through it would be lost. Such a
 * path is refused up front with where to keep cases instead; the Flatpak may
 * write to Documents/ClosureDesk directly (flatpak/ manifest). */
static gboolean
check_location (const char  *path,
                GError     **error)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *user_doc = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  const char *prefixes[] = { "/run/flatpak/doc", user_doc };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize n = strlen (prefixes[i]);

      if (strncmp (abs, prefixes[i], n) == 0 && abs[n] == G_DIR_SEPARATOR)
        {
          g_autofree char *display = g_filename_display_basename (path);

          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_UNSUPPORTED_LOCATION,
                       _("“%s” is in a folder shared through the file chooser portal, where a "
                         "case file cannot be kept safely; keep cases in Documents › "
                         "ClosureDesk"), display);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
take_lock (CdStore  *self,
           GError  **error)
{
  g_autofree char *display = g_filename_display_basename (self->path);

  self->lock_fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (self->lock_fd < 0)
    {
      int saved = errno;
      g_set_error (error, CD_STORE_ERROR,
                   saved == ENOENT ? CD_STORE_ERROR_NOT_FOUND : CD_STORE_ERROR_READ_ONLY,
                   _("Could not open “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }

  /* One process at a time works on a case: two windows editing the same
   * case would interleave their audit entries in confusing ways. flock is
   * independent of SQLite's own POSIX locks. */
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_BUSY,
                   _("“%s” is already open in another window or program"), display);
      return FALSE;
    }
  return TRUE;
}

static CdStore *open_store (const char  *path,
                            gboolean     do_upgrade,
                            GError     **error);

/**
 * cd_store_open:
 * @path: a .closurecase file
 *
 * Opens an existing case, locked: metadata and the audit log can be read,
 * personal data needs cd_store_unlock(). Older case files are upgraded;
 * a file that is not a case, is damaged, read-only, newer than this
 * version or open elsewhere is refused without being modified.
 *
 * Returns: (transfer full): the store, or %NULL with @error set.
 */
CdStore *
cd_store_open (const char  *path,
               GError     **error)
{
  return open_store (path, TRUE, error);
}

static CdStore *
open_store (const char  *path,
            gboolean     do_upgrade,
            GError     **error)
{
  g_autoptr(CdStore) self = NULL;
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  struct stat st;
  int rc, app_id, version;

  g_return_val_if_fail (path != NULL, NULL);

  if (!cd_crypto_init (error))
    return NULL;

  if (!check_location (path, error))
    return NULL;

  self = g_object_new (CD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  display = g_filename_display_basename (path);

  if (!take_lock (self, error) || !check_header (path, self->lock_fd, error))
    return NULL;

  /* The mode bits count too: root may write anywhere, but a consultant who
   * marked a case read-only (an archived copy) means it. */
  dir = g_path_get_dirname (path);
  if (g_access (path, W_OK) != 0 || g_access (dir, W_OK) != 0 ||
      (fstat (self->lock_fd, &st) == 0 && (st.st_mode & 0222) == 0))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_READ_ONLY,
                   _("“%s” or its folder is read-only; copy the case to a folder you can "
                     "write to"), display);
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  app_id = read_pragma_int (self, "PRAGMA application_id;", &rc);
  if (rc != SQLITE_OK)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  if ((guint32) app_id != CD_STORE_APPLICATION_ID)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE,
                   _("“%s” is a database, but not a Closure Desk case file"), display);
      return NULL;
    }

  version = read_pragma_int (self, "PRAGMA user_version;", &rc);
  if (rc != SQLITE_OK)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  if (version > CD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Closure Desk (format %d; this "
                     "version reads up to %d); update Closure Desk to open it"),
                   display, version, CD_STORE_SCHEMA_VERSION);
      return NULL;
    }
  if (version < 1)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_A_CASE,
                   _("“%s” is not a complete Closure Desk case file"), display);
      return NULL;
    }

  /* A cheap look at the structure before anything is written. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1);", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
      rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
      {
        g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
                     _("“%s” is damaged; restore it from a backup"), display);
        return NULL;
      }
  }

  self->schema_version = version;
  if (!configure_connection (self, error))
    return NULL;
  if (do_upgrade && !upgrade (self, version, CD_STORE_SCHEMA_VERSION, TRUE, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
write_case_info (CdStore     *self,
                 CdCaseInfo  *info,
                 gboolean     insert,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 now = cd_store_now ();
  int rc;

  stmt = cd_store_prepare (self,
                           insert ?
                           "INSERT INTO case_info (company_name, uscc, address, route, group_filed, "
                           "announced, planned_deregistration, consultant, modified, created, id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1);" :
                           "UPDATE case_info SET company_name = ?, uscc = ?, address = ?, route = ?, "
                           "group_filed = ?, announced = ?, planned_deregistration = ?, "
                           "consultant = ?, modified = ? WHERE id = 1;", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, cd_case_info_get_company_name (info), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cd_case_info_get_uscc (info), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, cd_case_info_get_address (info), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, cd_route_to_id (cd_case_info_get_route (info)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, cd_case_info_get_group_filed (info), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, cd_case_info_get_announced (info), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, cd_case_info_get_planned_deregistration (info), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, cd_case_info_get_consultant (info), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, now);
  if (insert)
    sqlite3_bind_int64 (stmt, 10, now);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
initialise_case (CdStore            *self,
                 const char         *passphrase,
                 const CdKdfParams  *params,
                 CdCaseInfo         *info,
                 GError            **error)
{
  g_autoptr(CdKeys) keys = NULL;
  g_autoptr(GBytes) check = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  guint8 salt[CD_CRYPTO_SALT_BYTES];
  gsize len;
  gconstpointer data;

  cd_crypto_random_salt (salt);
  keys = cd_keys_derive (passphrase, salt, params, error);
  if (keys == NULL)
    return FALSE;
  check = cd_keys_seal_string (keys, KEY_CHECK_CONTEXT, KEY_CHECK_PLAIN);
  data = g_bytes_get_data (check, &len);

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "schema");
  json_builder_add_int_value (details, self->schema_version);
  json_builder_set_member_name (details, "route");
  json_builder_add_string_value (details, cd_route_to_id (cd_case_info_get_route (info)));

  if (!cd_store_begin (self, error))
    return FALSE;
  if (!meta_set_blob (self, "kdf_salt", salt, sizeof salt, error) ||
      !meta_set_int (self, "kdf_opslimit", (gint64) params->opslimit, error) ||
      !meta_set_int (self, "kdf_memlimit", (gint64) params->memlimit, error) ||
      !meta_set_blob (self, "key_check", data, len, error) ||
      !write_case_info (self, info, TRUE, error) ||
      !cd_store_append_audit (self, "case.create", NULL, details, error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  if (!cd_store_commit (self, error))
    return FALSE;

  self->keys = g_steal_pointer (&keys);
  return TRUE;
}

/* Makes the new directory entry of @path durable. */
static void
sync_directory (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  cd_fs_sync_dir (dir);
}

/* Moves the finished case to its name without ever replacing a file that
 * appeared meanwhile. link() is the portable way; FAT-formatted USB sticks
 * have no hard links, so fall back to rename with RENAME_NOREPLACE. */
static gboolean
move_into_place (const char  *tmp_path,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_basename (path);
  int saved;

  if (link (tmp_path, path) == 0)
    {
      g_unlink (tmp_path);
      sync_directory (path);
      return TRUE;
    }
  saved = errno;
  if (saved == EPERM || saved == ENOTSUP || saved == ENOSYS)
    {
      if (renameat2 (AT_FDCWD, tmp_path, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        {
          sync_directory (path);
          return TRUE;
        }
      saved = errno;
    }

  g_set_error (error, CD_STORE_ERROR,
               saved == EEXIST ? CD_STORE_ERROR_EXISTS : CD_STORE_ERROR_FAILED,
               _("Could not create “%s”: %s"), display, g_strerror (saved));
  return FALSE;
}

CdStore *
cd_store_create_at_version (const char         *path,
                            const char         *passphrase,
                            const CdKdfParams  *params,
                            CdCaseInfo         *info,
                            const char         *actor,
                            int                 version,
                            GError            **error)
{
  g_autoptr(CdStore) self = NULL;
  g_autoptr(CdCaseInfo) checked = NULL;
  g_autofree char *display = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *suffix = NULL;
  CdKdfParams default_params;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (CD_IS_CASE_INFO (info), NULL);
  g_return_val_if_fail (version >= 1 && version <= CD_STORE_SCHEMA_VERSION, NULL);

  if (!cd_crypto_init (error))
    return NULL;

  if (params == NULL)
    {
      cd_kdf_params_init_default (&default_params);
      params = &default_params;
    }

  if (!check_location (path, error))
    return NULL;

  display = g_filename_display_basename (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_EXISTS,
                   _("“%s” already exists; choose another file name"), display);
      return NULL;
    }
  if (*passphrase == '\0')
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The passphrase is empty"));
      return NULL;
    }

  checked = cd_case_info_copy (info);
  if (!cd_case_info_validate (checked, error))
    return NULL;

  /* Build the case under a temporary name and link it into place only when
   * complete: a crash or error never leaves a half-made case behind, and
   * link() refuses to replace a file that appeared meanwhile. */
  self = g_object_new (CD_TYPE_STORE, NULL);
  cd_store_set_actor (self, actor);
  suffix = g_uuid_string_random ();
  tmp_path = g_strconcat (path, ".", suffix, ".tmp", NULL);
  self->path = g_strdup (tmp_path);

  rc = sqlite3_open_v2 (tmp_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX |
                        SQLITE_OPEN_EXCLUSIVE, NULL);
  if (rc != SQLITE_OK)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }

  {
    g_autofree char *app_id = g_strdup_printf ("PRAGMA application_id = %d;",
                                               (int) CD_STORE_APPLICATION_ID);
    if (!cd_store_exec (self, app_id, error) || !configure_connection (self, error))
      goto fail;
  }

  if (!upgrade (self, 0, version, FALSE, error) ||
      !initialise_case (self, passphrase, params, checked, error))
    goto fail;

  cd_store_close (self);

  if (!move_into_place (tmp_path, path, error))
    goto fail;

  g_clear_object (&self);
  self = open_store (path, FALSE, error);
  if (self == NULL)
    return NULL;
  cd_store_set_actor (self, actor);
  if (!cd_store_unlock (self, passphrase, error))
    return NULL;

  return g_steal_pointer (&self);

fail:
  if (self != NULL)
    cd_store_close (self);
  g_unlink (tmp_path);
  {
    g_autofree char *wal = g_strconcat (tmp_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (tmp_path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  return NULL;
}

/**
 * cd_store_create:
 * @path: where to create the case; must not exist
 * @passphrase: the case passphrase
 * @params: (nullable): Argon2id cost, %NULL for the default
 * @info: the company and its route
 * @actor: (nullable): who creates it, for the audit log (%NULL: the user name)
 *
 * Creates a new case file, unlocked.
 *
 * Returns: (transfer full): the store, or %NULL with @error set.
 */
CdStore *
cd_store_create (const char         *path,
                 const char         *passphrase,
                 const CdKdfParams  *params,
                 CdCaseInfo         *info,
                 const char         *actor,
                 GError            **error)
{
  return cd_store_create_at_version (path, passphrase, params, info, actor,
                                     CD_STORE_SCHEMA_VERSION, error);
}

static CdKeys *
derive_and_check (CdStore     *self,
                  const char  *passphrase,
                  GError     **error)
{
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) check = NULL;
  g_autoptr(CdKeys) keys = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *plain = NULL;
  CdKdfParams params;
  gint64 ops = 0, mem = 0;
  gsize len;
  gconstpointer data;

  salt = meta_get_blob (self, "kdf_salt", error);
  if (salt == NULL && error != NULL && *error != NULL)
    return NULL;
  check = meta_get_blob (self, "key_check", error);
  if (check == NULL && error != NULL && *error != NULL)
    return NULL;
  if (salt == NULL || check == NULL || g_bytes_get_size (salt) != CD_CRYPTO_SALT_BYTES ||
      !meta_get_int (self, "kdf_opslimit", &ops, error) ||
      !meta_get_int (self, "kdf_memlimit", &mem, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
                     _("The case file is missing its key settings; restore it from a backup"));
      return NULL;
    }

  params.opslimit = (guint64) MAX (ops, 0);
  params.memlimit = (guint64) MAX (mem, 0);
  keys = cd_keys_derive (passphrase, g_bytes_get_data (salt, NULL), &params, &local_error);
  if (keys == NULL)
    {
      if (g_error_matches (local_error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_EMPTY_PASSPHRASE))
        g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE,
                     _("The passphrase is empty"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  data = g_bytes_get_data (check, &len);
  plain = cd_keys_open_string (keys, KEY_CHECK_CONTEXT, data, len, NULL);
  if (plain == NULL || strcmp (plain, KEY_CHECK_PLAIN) != 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_WRONG_PASSPHRASE,
                   _("Wrong passphrase for this case"));
      return NULL;
    }

  return g_steal_pointer (&keys);
}

/**
 * cd_store_unlock:
 *
 * Derives the case key from @passphrase. A wrong passphrase gives
 * %CD_STORE_ERROR_WRONG_PASSPHRASE and leaves the store locked.
 */
gboolean
cd_store_unlock (CdStore     *self,
                 const char  *passphrase,
                 GError     **error)
{
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);

  if (!require_open (self, error))
    return FALSE;

  keys = derive_and_check (self, passphrase, error);
  if (keys == NULL)
    return FALSE;

  cd_keys_free (self->keys);
  self->keys = keys;
  notify_locked (self);
  return TRUE;
}

/**
 * cd_store_lock:
 *
 * Wipes the case key. Metadata and the audit log stay readable.
 */
void
cd_store_lock (CdStore *self)
{
  g_return_if_fail (CD_IS_STORE (self));

  g_mutex_lock (&self->busy_mutex);
  if (self->busy > 0)
    {
      /* Applied when the operation ends (see end_busy ()). */
      self->lock_requested = TRUE;
      g_mutex_unlock (&self->busy_mutex);
      return;
    }
  g_mutex_unlock (&self->busy_mutex);

  if (self->keys == NULL)
    return;
  g_clear_pointer (&self->keys, cd_keys_free);
  notify_locked (self);
}

/**
 * cd_store_is_busy:
 *
 * Returns: whether a long operation, such as changing the passphrase, is
 *   running on the case (in any thread)
 */
gboolean
cd_store_is_busy (CdStore *self)
{
  gboolean busy;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);

  g_mutex_lock (&self->busy_mutex);
  busy = self->busy > 0;
  g_mutex_unlock (&self->busy_mutex);
  return busy;
}

static void
begin_busy (CdStore *self)
{
  g_mutex_lock (&self->busy_mutex);
  self->busy++;
  g_mutex_unlock (&self->busy_mutex);
}

static gboolean
deferred_lock_cb (gpointer data)
{
  cd_store_lock (CD_STORE (data));
  return G_SOURCE_REMOVE;
}

static void
end_busy (CdStore *self)
{
  gboolean lock = FALSE;

  g_mutex_lock (&self->busy_mutex);
  if (--self->busy == 0)
    {
      lock = self->lock_requested;
      self->lock_requested = FALSE;
      g_cond_broadcast (&self->busy_cond);
    }
  g_mutex_unlock (&self->busy_mutex);

  if (!lock)
    return;
  if (on_owner_thread (self))
    cd_store_lock (self);
  else
    run_on_owner (self, deferred_lock_cb, g_object_ref (self), g_object_unref);
}

/**
 * cd_store_hold:
 *
 * Marks a long operation (a scan) as running on the case: locking it
 * waits until cd_store_release(), so its keys do not vanish mid-way.
 */
void
cd_store_hold (CdStore *self)
{
  g_return_if_fail (CD_IS_STORE (self));
  begin_busy (self);
}

void
cd_store_release (CdStore *self)
{
  g_return_if_fail (CD_IS_STORE (self));
  end_busy (self);
}

gboolean
cd_store_is_locked (CdStore *self)
{
  g_return_val_if_fail (CD_IS_STORE (self), TRUE);
  return self->keys == NULL;
}

/**
 * cd_store_reseal_columns:
 * @table: a table of ours (never user input)
 * @key_column: its text primary key, which is also the sealing context id
 * @columns: (array zero-terminated=1): sealed text columns, sealed with
 *   the context "table.column"
 *
 * Re-seals @columns of every row of @table under @new_keys, inside the
 * passphrase change's transaction.
 */
gboolean
cd_store_reseal_columns (CdStore            *self,
                         const char         *table,
                         const char         *key_column,
                         const char * const *columns,
                         CdKeys             *old_keys,
                         CdKeys             *new_keys,
                         GError            **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *column_list = g_strjoinv (", ", (char **) columns);
  g_autoptr(GString) update_sql = g_string_new (NULL);
  g_autofree char *select_sql = NULL;
  guint n_columns = g_strv_length ((char **) columns);
  int rc;

  select_sql = g_strdup_printf ("SELECT %s, %s FROM %s;", key_column, column_list, table);
  g_string_append_printf (update_sql, "UPDATE %s SET ", table);
  for (guint i = 0; i < n_columns; i++)
    g_string_append_printf (update_sql, "%s%s = ?%u", i ? ", " : "", columns[i], i + 2);
  g_string_append_printf (update_sql, " WHERE %s = ?1;", key_column);

  select = cd_store_prepare (self, select_sql, error);
  update = cd_store_prepare (self, update_sql->str, error);
  if (select == NULL || update == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (select, 0);

      sqlite3_bind_text (update, 1, id, -1, SQLITE_TRANSIENT);
      for (guint i = 0; i < n_columns; i++)
        {
          g_autofree char *context = g_strconcat (table, ".", columns[i], NULL);
          g_autofree char *value = NULL;

          if (!cd_store_column_open (select, (int) i + 1, old_keys, context, id, &value, error))
            return FALSE;
          cd_store_bind_sealed (update, (int) i + 2, new_keys, context, id, value);
        }
      rc = sqlite3_step (update);
      sqlite3_reset (update);
      sqlite3_clear_bindings (update);
      if (rc != SQLITE_DONE)
        return cd_store_sqlite_error (self, rc, error);
    }
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

/**
 * cd_store_change_passphrase:
 * @params: (nullable): Argon2id cost for the new key, %NULL for the default
 *
 * Re-seals every sealed value and recomputes every blind index under a key
 * derived from @new_passphrase with a fresh salt, in one transaction: on
 * any failure the case keeps its old passphrase and contents.
 */
static gboolean change_passphrase (CdStore            *self,
                                   const char         *old_passphrase,
                                   const char         *new_passphrase,
                                   const CdKdfParams  *params,
                                   GError            **error);

gboolean
cd_store_change_passphrase (CdStore            *self,
                            const char         *old_passphrase,
                            const char         *new_passphrase,
                            const CdKdfParams  *params,
                            GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (old_passphrase != NULL && new_passphrase != NULL, FALSE);

  begin_busy (self);
  ok = change_passphrase (self, old_passphrase, new_passphrase, params, error);
  end_busy (self);
  return ok;
}

static gboolean
change_passphrase (CdStore            *self,
                   const char         *old_passphrase,
                   const char         *new_passphrase,
                   const CdKdfParams  *params,
                   GError            **error)
{
  static const char * const asset_columns[] = { "location", "notes", NULL };
  static const char * const member_columns[] = { "name", "phone", NULL };
  static const char * const plan_columns[] = { "reason", "recipient", "recipient_contact", NULL };
  static const char * const customer_plan_columns[] = { "reason", NULL };
  static const char * const notice_columns[] = { "response_text", NULL };
  static const char * const redaction_columns[] = { "input", "output", NULL };
  static const char * const signing_columns[] = { "seed", NULL };
  static const char * const custodian_columns[] = { "name", NULL };
  static const char * const vault_columns[] = { "file", NULL };
  static const char * const destroy_run_columns[] = { "message", NULL };
  static const char * const destroy_item_columns[] = { "path", "message", NULL };
  static const char * const manual_columns[] = { "description", "serial", NULL };
  g_autoptr(CdKeys) old_keys = NULL;
  g_autoptr(CdKeys) new_keys = NULL;
  g_autoptr(GBytes) check = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  guint8 salt[CD_CRYPTO_SALT_BYTES];
  CdKdfParams default_params;
  gsize len;
  gconstpointer data;

  if (!require_open (self, error))
    return FALSE;
  if (*new_passphrase == '\0')
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The new passphrase is empty"));
      return FALSE;
    }
  if (params == NULL)
    {
      cd_kdf_params_init_default (&default_params);
      params = &default_params;
    }

  old_keys = derive_and_check (self, old_passphrase, error);
  if (old_keys == NULL)
    return FALSE;

  cd_crypto_random_salt (salt);
  new_keys = cd_keys_derive (new_passphrase, salt, params, error);
  if (new_keys == NULL)
    return FALSE;
  check = cd_keys_seal_string (new_keys, KEY_CHECK_CONTEXT, KEY_CHECK_PLAIN);
  data = g_bytes_get_data (check, &len);

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "kdf_opslimit");
  json_builder_add_int_value (details, (gint64) params->opslimit);
  json_builder_set_member_name (details, "kdf_memlimit");
  json_builder_add_int_value (details, (gint64) params->memlimit);

  if (!cd_store_begin (self, error))
    return FALSE;
  if (!cd_store_reseal_customers (self, old_keys, new_keys, error) ||
      !cd_store_reseal_scans (self, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "asset_plans", "asset", plan_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "customer_plans", "customer", customer_plan_columns,
                                old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "notices", "customer", notice_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "redactions", "id", redaction_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "signing_key", "id", signing_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "custodians", "id", custodian_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "vaults", "id", vault_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "destroy_runs", "id", destroy_run_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "destroy_items", "id", destroy_item_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "manual_destructions", "id", manual_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "assets", "id", asset_columns, old_keys, new_keys, error) ||
      !cd_store_reseal_columns (self, "members", "id", member_columns, old_keys, new_keys, error) ||
      !meta_set_blob (self, "kdf_salt", salt, sizeof salt, error) ||
      !meta_set_int (self, "kdf_opslimit", (gint64) params->opslimit, error) ||
      !meta_set_int (self, "kdf_memlimit", (gint64) params->memlimit, error) ||
      !meta_set_blob (self, "key_check", data, len, error) ||
      !cd_store_append_audit (self, "case.passwd", NULL, details, error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  if (!cd_store_commit (self, error))
    return FALSE;

  cd_keys_free (self->keys);
  self->keys = g_steal_pointer (&new_keys);
  return TRUE;
}

/**
 * cd_store_close:
 *
 * Wipes the key, checkpoints the write-ahead log into the case file (so the
 * case is one file again) and releases the lock. Safe to call twice.
 */
void
cd_store_close (CdStore *self)
{
  g_return_if_fail (CD_IS_STORE (self));

  /* A worker still re-sealing the case finishes (or rolls back) first. */
  g_mutex_lock (&self->busy_mutex);
  while (self->busy > 0)
    g_cond_wait (&self->busy_cond, &self->busy_mutex);
  self->lock_requested = FALSE;
  g_mutex_unlock (&self->busy_mutex);

  g_clear_pointer (&self->keys, cd_keys_free);
  if (self->db != NULL)
    {
      cd_store_rollback (self);
      sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

const char *
cd_store_get_path (CdStore *self)
{
  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  return self->path;
}

int
cd_store_get_schema_version (CdStore *self)
{
  g_return_val_if_fail (CD_IS_STORE (self), 0);
  return self->schema_version;
}

/**
 * cd_store_set_actor:
 * @actor: who is working, as written into each audit entry
 */
void
cd_store_set_actor (CdStore    *self,
                    const char *actor)
{
  g_return_if_fail (CD_IS_STORE (self));

  g_free (self->actor);
  self->actor = g_strdup (actor != NULL && *actor != '\0' ? actor : g_get_user_name ());
}

const char *
cd_store_get_actor (CdStore *self)
{
  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  return self->actor;
}

/* -- case metadata -------------------------------------------------------------- */

/**
 * cd_store_get_case_info:
 *
 * Returns: (transfer full): a copy of the case metadata. Needs no
 *   passphrase: it describes the company, not its customers.
 */
CdCaseInfo *
cd_store_get_case_info (CdStore  *self,
                        GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  CdRoute route = CD_ROUTE_GENERAL;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (!require_open (self, error))
    return NULL;

  stmt = cd_store_prepare (self,
                           "SELECT company_name, uscc, address, route, group_filed, announced, "
                           "planned_deregistration, consultant FROM case_info WHERE id = 1;", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
                   _("The case file has no case details; restore it from a backup"));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }

  cd_route_from_string ((const char *) sqlite3_column_text (stmt, 3), &route);
  info = g_object_new (CD_TYPE_CASE_INFO,
                       "company-name", (const char *) sqlite3_column_text (stmt, 0),
                       "uscc", (const char *) sqlite3_column_text (stmt, 1),
                       "address", (const char *) sqlite3_column_text (stmt, 2),
                       "route", route,
                       "group-filed", (const char *) sqlite3_column_text (stmt, 4),
                       "announced", (const char *) sqlite3_column_text (stmt, 5),
                       "planned-deregistration", (const char *) sqlite3_column_text (stmt, 6),
                       "consultant", (const char *) sqlite3_column_text (stmt, 7),
                       NULL);

  return g_steal_pointer (&info);
}

/**
 * cd_store_update_case_info:
 *
 * Validates and saves @info; the audit entry lists which fields changed.
 */
gboolean
cd_store_update_case_info (CdStore     *self,
                           CdCaseInfo  *info,
                           GError     **error)
{
  static const char * const fields[] = {
    "company-name", "uscc", "address", "route", "group-filed", "announced",
    "planned-deregistration", "consultant",
  };
  g_autoptr(CdCaseInfo) checked = NULL;
  g_autoptr(CdCaseInfo) before = NULL;
  g_autoptr(JsonBuilder) details = NULL;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (CD_IS_CASE_INFO (info), FALSE);

  checked = cd_case_info_copy (info);
  if (!cd_case_info_validate (checked, error))
    return FALSE;
  before = cd_store_get_case_info (self, error);
  if (before == NULL)
    return FALSE;

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "changed");
  json_builder_begin_array (details);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_auto(GValue) a = G_VALUE_INIT;
      g_auto(GValue) b = G_VALUE_INIT;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (info), fields[i]);

      g_value_init (&a, pspec->value_type);
      g_value_init (&b, pspec->value_type);
      g_object_get_property (G_OBJECT (before), fields[i], &a);
      g_object_get_property (G_OBJECT (checked), fields[i], &b);
      if (g_param_values_cmp (pspec, &a, &b) != 0)
        json_builder_add_string_value (details, fields[i]);
    }
  json_builder_end_array (details);

  if (!cd_store_begin (self, error))
    return FALSE;
  if (!write_case_info (self, checked, FALSE, error) ||
      !cd_store_append_audit (self, "case.update", NULL, details, error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  return cd_store_commit (self, error);
}

/* -- liquidation group ------------------------------------------------------------ */

static gpointer
member_from_row (sqlite3_stmt  *stmt,
                 CdKeys        *keys,
                 GError       **error)
{
  const char *id = (const char *) sqlite3_column_text (stmt, 0);
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  CdMember *member;
  CdMemberRole role = CD_MEMBER_ROLE_OTHER;

  if (!cd_store_column_open (stmt, 1, keys, "members.name", id, &name, error) ||
      !cd_store_column_open (stmt, 3, keys, "members.phone", id, &phone, error))
    return NULL;
  cd_member_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &role);
  member = cd_member_new (name, role);
  cd_member_set_id (member, id);
  cd_member_set_phone (member, phone);
  return member;
}

/**
 * cd_store_list_members:
 *
 * Returns: (transfer full): a #GListModel of #CdMember in the order added.
 */
GListModel *
cd_store_list_members (CdStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  return cd_store_list_rows (self, CD_TYPE_MEMBER,
                             "SELECT id, name, role, phone FROM members ORDER BY position;",
                             member_from_row, error);
}

/**
 * cd_store_add_member:
 *
 * Adds a member of the liquidation group; their name and phone are sealed
 * like customers' (they are natural persons too). Sets the member's id.
 */
gboolean
cd_store_add_member (CdStore   *self,
                     CdMember  *member,
                     GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (CD_IS_MEMBER (member), FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;

  name = g_strstrip (g_strdup (cd_member_get_name (member) ? cd_member_get_name (member) : ""));
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL) || strlen (name) > 256)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The member’s name is empty or too long"));
      return FALSE;
    }
  if (cd_member_get_phone (member) != NULL && *cd_member_get_phone (member) != '\0')
    {
      g_autoptr(GError) local_error = NULL;

      if (!cd_ident_normalize_phone (cd_member_get_phone (member), &phone, NULL, &local_error))
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       _("The phone number is not valid: %s"), local_error->message);
          return FALSE;
        }
    }

  id = cd_store_new_id ();
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "role");
  json_builder_add_string_value (details, cd_member_role_to_id (cd_member_get_role (member)));

  if (!cd_store_begin (self, error))
    return FALSE;
  stmt = cd_store_prepare (self,
                           "INSERT INTO members (id, position, name, role, phone, created) "
                           "VALUES (?, (SELECT COALESCE (MAX (position), 0) + 1 FROM members), "
                           "?, ?, ?, ?);", error);
  if (stmt == NULL)
    {
      cd_store_rollback (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  cd_store_bind_sealed (stmt, 2, keys, "members.name", id, name);
  sqlite3_bind_text (stmt, 3, cd_member_role_to_id (cd_member_get_role (member)), -1, SQLITE_STATIC);
  cd_store_bind_sealed (stmt, 4, keys, "members.phone", id, phone);
  sqlite3_bind_int64 (stmt, 5, cd_store_now ());
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      cd_store_rollback (self);
      return FALSE;
    }
  if (!cd_store_append_audit (self, "member.add", id, details, error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  if (!cd_store_commit (self, error))
    return FALSE;

  cd_member_set_id (member, id);
  cd_member_set_name (member, name);
  cd_member_set_phone (member, phone);
  return TRUE;
}

gboolean
cd_store_remove_member (CdStore     *self,
                        const char  *member_id,
                        GError     **error)
{
  const char *ids[] = { member_id, NULL };

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);

  return cd_store_delete_rows (self, "DELETE FROM members WHERE id = ?;", "member.remove", ids,
                               _("There is no liquidation group member with id “%s”"), error);
}
