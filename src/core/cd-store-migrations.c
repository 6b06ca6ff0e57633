/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Schema of the case file, as a list of migrations. Each migration runs in
 * its own transaction together with the PRAGMA user_version bump, so a file
 * is always at exactly one version. Never edit a released migration: add a
 * new one. */

#include "config.h"

#define G_LOG_DOMAIN "cd-store"

#include <glib/gi18n-lib.h>

#include "cd-store-private.h"

/* Version 1: the case, its keys and the audit log. */
static const char migration_1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value ANY"
  ") STRICT;"
  "CREATE TABLE case_info ("
  "  id                     INTEGER PRIMARY KEY CHECK (id = 1),"
  "  company_name           TEXT NOT NULL,"
  "  uscc                   TEXT,"
  "  address                TEXT,"
  "  route                  TEXT NOT NULL,"
  "  group_filed            TEXT,"
  "  announced              TEXT,"
  "  planned_deregistration TEXT,"
  "  consultant             TEXT,"
  "  created                INTEGER NOT NULL,"
  "  modified               INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE audit ("
  "  seq       INTEGER PRIMARY KEY,"
  "  time      INTEGER NOT NULL,"
  "  actor     TEXT NOT NULL,"
  "  action    TEXT NOT NULL,"
  "  object    TEXT,"
  "  details   TEXT,"
  "  prev_hash BLOB NOT NULL,"
  "  hash      BLOB NOT NULL"
  ") STRICT;";

/* Version 2: the inventory and the customer registry. Identifying columns
 * are BLOBs holding nonce ‖ ciphertext; *_bidx are keyed blind indexes. */
static const char migration_2[] =
  "CREATE TABLE assets ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  location    BLOB NOT NULL,"
  "  medium      TEXT NOT NULL,"
  "  record_type TEXT NOT NULL,"
  "  format      TEXT,"
  "  records     INTEGER NOT NULL DEFAULT 0 CHECK (records >= 0),"
  "  customers   INTEGER NOT NULL DEFAULT 0 CHECK (customers >= 0),"
  "  custodian   TEXT,"
  "  notes       BLOB,"
  "  created     INTEGER NOT NULL,"
  "  modified    INTEGER NOT NULL"
  ") STRICT;"
  "CREATE TABLE customers ("
  "  id          TEXT PRIMARY KEY NOT NULL,"
  "  kind        TEXT NOT NULL,"
  "  name        BLOB NOT NULL,"
  "  phone       BLOB,"
  "  id_number   BLOB,"
  "  email       BLOB,"
  "  address     BLOB,"
  "  notes       BLOB,"
  "  name_bidx   BLOB NOT NULL,"
  "  phone_bidx  BLOB,"
  "  id_bidx     BLOB,"
  "  email_bidx  BLOB,"
  "  created     INTEGER NOT NULL,"
  "  modified    INTEGER NOT NULL"
  ") STRICT;"
  "CREATE UNIQUE INDEX customers_by_id_number ON customers (id_bidx) WHERE id_bidx IS NOT NULL;"
  "CREATE INDEX customers_by_phone ON customers (phone_bidx) WHERE phone_bidx IS NOT NULL;"
  "CREATE INDEX customers_by_email ON customers (email_bidx) WHERE email_bidx IS NOT NULL;";

/* Version 3: the liquidation group, and name lookups for linking scan
 * findings to customers. */
static const char migration_3[] =
  "CREATE TABLE members ("
  "  id        TEXT PRIMARY KEY NOT NULL,"
  "  position  INTEGER NOT NULL,"
  "  name      BLOB NOT NULL,"
  "  role      TEXT NOT NULL,"
  "  phone     BLOB,"
  "  created   INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX customers_by_name ON customers (name_bidx);";

static const char * const migrations[] = {
  NULL,
  migration_1,
  migration_2,
  migration_3,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CD_STORE_SCHEMA_VERSION + 1);

/**
 * cd_store_get_migration:
 *
 * Returns: the SQL that brings a case file from @version - 1 to @version.
 */
const char *
cd_store_get_migration (int version)
{
  g_return_val_if_fail (version >= 1 && version <= CD_STORE_SCHEMA_VERSION, NULL);
  return migrations[version];
}
