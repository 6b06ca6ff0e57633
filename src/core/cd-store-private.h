/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by the cd-store*.c files and the tests. */

#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "cd-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* "CDK1": marks an SQLite file as a Closure Desk case. */
#define CD_STORE_APPLICATION_ID 0x43444b31

sqlite3   *cd_store_get_db              (CdStore      *self);
CdKeys    *cd_store_require_keys        (CdStore      *self,
                                         GError      **error);
gboolean   cd_store_begin               (CdStore      *self,
                                         GError      **error);
gboolean   cd_store_commit              (CdStore      *self,
                                         GError      **error);
void       cd_store_rollback            (CdStore      *self);
gboolean   cd_store_append_audit        (CdStore      *self,
                                         const char   *action,
                                         const char   *object,
                                         JsonBuilder  *details,
                                         GError      **error);
gboolean   cd_store_sqlite_error        (CdStore      *self,
                                         int           rc,
                                         GError      **error);
gboolean   cd_store_exec                (CdStore      *self,
                                         const char   *sql,
                                         GError      **error);
sqlite3_stmt *cd_store_prepare          (CdStore      *self,
                                         const char   *sql,
                                         GError      **error);
JsonBuilder *cd_store_details_new       (void);
char      *cd_store_new_id              (void);
gint64     cd_store_now                 (void);

/* Reading rows into objects; a row function returns a new GObject or NULL
 * with @error set (a sealed value that does not open). */
typedef gpointer (*CdStoreRowFunc) (sqlite3_stmt  *stmt,
                                    CdKeys        *keys,
                                    GError       **error);

GListModel *cd_store_list_rows          (CdStore        *self,
                                         GType           item_type,
                                         const char     *sql,
                                         CdStoreRowFunc  row_func,
                                         GError        **error);
gpointer   cd_store_get_row             (CdStore        *self,
                                         const char     *sql,
                                         const char     *id,
                                         CdStoreRowFunc  row_func,
                                         const char     *not_found_format,
                                         GError        **error);
gint64     cd_store_count_rows          (CdStore        *self,
                                         const char     *sql,
                                         GError        **error);
gboolean   cd_store_delete_rows         (CdStore            *self,
                                         const char         *sql,
                                         const char         *action,
                                         const char * const *ids,
                                         const char         *not_found_format,
                                         GError            **error);

/* Sealed columns: NULL stays NULL. */
void       cd_store_bind_sealed         (sqlite3_stmt *stmt,
                                         int           column,
                                         CdKeys       *keys,
                                         const char   *table_column,
                                         const char   *row_id,
                                         const char   *value);
gboolean   cd_store_column_open         (sqlite3_stmt *stmt,
                                         int           column,
                                         CdKeys       *keys,
                                         const char   *table_column,
                                         const char   *row_id,
                                         char        **out_value,
                                         GError      **error);
void       cd_store_bind_index          (sqlite3_stmt *stmt,
                                         int           column,
                                         CdKeys       *keys,
                                         const char   *domain,
                                         const char   *normalized);

/* Migrations (cd-store-migrations.c) */
const char *cd_store_get_migration      (int           version);

/* Re-sealing for a passphrase change (cd-store-customers.c) */
gboolean   cd_store_reseal_customers    (CdStore      *self,
                                         CdKeys       *old_keys,
                                         CdKeys       *new_keys,
                                         GError      **error);

/* Re-sealing sealed text columns keyed by a text id (cd-store.c) */
gboolean   cd_store_reseal_columns      (CdStore            *self,
                                         const char         *table,
                                         const char         *key_column,
                                         const char * const *columns,
                                         CdKeys             *old_keys,
                                         CdKeys             *new_keys,
                                         GError            **error);

/* Re-sealing the scans for a passphrase change (cd-store-scans.c) */
gboolean   cd_store_reseal_scans        (CdStore      *self,
                                         CdKeys       *old_keys,
                                         CdKeys       *new_keys,
                                         GError      **error);

/* Tests only: a case file at an older schema version. */
CdStore   *cd_store_create_at_version   (const char        *path,
                                         const char        *passphrase,
                                         const CdKdfParams *params,
                                         CdCaseInfo        *info,
                                         const char        *actor,
                                         int                version,
                                         GError           **error);

G_END_DECLS
