/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the hash-chained audit log: every way of tampering with the
 * table is caught and the first bad entry is named. */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "cd-test-util.h"

/* A case with entries 1..6: create, then five asset additions. */
static void
fill (CdTestCase *fixture)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdAsset) asset = cd_asset_new ();
      g_autofree char *location = g_strdup_printf ("柜子 %u", i);

      cd_asset_set_location (asset, location);
      cd_asset_set_medium (asset, CD_MEDIUM_PAPER);
      g_assert_true (cd_store_add_asset (fixture->store, asset, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&fixture->store);
}

static CdAuditReport
verify (CdTestCase *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = cd_store_open (fixture->path, &error);
  CdAuditReport report;

  g_assert_no_error (error);
  /* No passphrase: anyone holding the file can verify it. */
  g_assert_true (cd_store_verify_audit (store, &report, &error));
  g_assert_no_error (error);
  return report;
}

static void
test_intact (CdTestCase    *fixture,
             gconstpointer  data)
{
  CdAuditReport report;
  g_autofree char *hex = NULL;

  fill (fixture);
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_OK);
  g_assert_cmpint (report.n_entries, ==, 6);
  g_assert_cmpint (report.first_bad_seq, ==, 0);
  hex = cd_audit_hash_to_hex (report.head);
  g_assert_cmpuint (strlen (hex), ==, 64);
}

static void
test_edited (CdTestCase    *fixture,
             gconstpointer  data)
{
  CdAuditReport report;

  fill (fixture);
  cd_test_sql_exec (fixture->path, "UPDATE audit SET details = '{\"records\":0}' WHERE seq = 3;");
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_BAD_HASH);
  g_assert_cmpint (report.first_bad_seq, ==, 3);
}

static void
test_actor_edited (CdTestCase    *fixture,
                   gconstpointer  data)
{
  CdAuditReport report;

  fill (fixture);
  cd_test_sql_exec (fixture->path, "UPDATE audit SET actor = 'someone else', time = time + 1 WHERE seq = 5;");
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_BAD_HASH);
  g_assert_cmpint (report.first_bad_seq, ==, 5);
}

static void
test_deleted (CdTestCase    *fixture,
              gconstpointer  data)
{
  CdAuditReport report;

  fill (fixture);
  cd_test_sql_exec (fixture->path, "DELETE FROM audit WHERE seq = 4;");
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_GAP);
  g_assert_cmpint (report.first_bad_seq, ==, 5);
}

static void
test_deleted_first (CdTestCase    *fixture,
                    gconstpointer  data)
{
  CdAuditReport report;

  fill (fixture);
  cd_test_sql_exec (fixture->path, "DELETE FROM audit WHERE seq = 1;");
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_GAP);
  g_assert_cmpint (report.first_bad_seq, ==, 2);
}

static void
test_swapped (CdTestCase    *fixture,
              gconstpointer  data)
{
  CdAuditReport report;

  fill (fixture);
  /* Exchange everything but the sequence numbers of entries 2 and 3. */
  cd_test_sql_exec (fixture->path,
            "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (2, 3);"
            "UPDATE audit SET (time, actor, action, object, details, prev_hash, hash) = "
            "  (SELECT time, actor, action, object, details, prev_hash, hash FROM t "
            "   WHERE t.seq = 5 - audit.seq) WHERE seq IN (2, 3);");
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_BAD_HASH);
  g_assert_cmpint (report.first_bad_seq, ==, 2);
}

static void
test_renumbered (CdTestCase    *fixture,
                 gconstpointer  data)
{
  CdAuditReport report;

  fill (fixture);
  /* Delete 4 and close the gap by renumbering: the hashes no longer fit. */
  cd_test_sql_exec (fixture->path,
            "DELETE FROM audit WHERE seq = 4;"
            "UPDATE audit SET seq = seq - 1 WHERE seq > 4;");
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_BAD_HASH);
  g_assert_cmpint (report.first_bad_seq, ==, 4);
}

static void
test_rechained (CdTestCase    *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CdAuditReport report;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  CdAuditEntry entry = { 0 };
  guint8 hash[CD_AUDIT_HASH_BYTES];

  fill (fixture);

  /* A careful forger edits entry 3 and recomputes its hash: the next
   * entry's link gives it away. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, time, actor, action, object, prev_hash "
                                           "FROM audit WHERE seq = 3;", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  entry.seq = sqlite3_column_int64 (stmt, 0);
  entry.time = sqlite3_column_int64 (stmt, 1);
  entry.actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  entry.action = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  entry.object = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  entry.details = g_strdup ("{\"records\":0}");
  memcpy (entry.prev_hash, sqlite3_column_blob (stmt, 5), CD_AUDIT_HASH_BYTES);
  sqlite3_finalize (stmt);
  cd_audit_entry_compute_hash (&entry, hash);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE audit SET details = ?, hash = ? WHERE seq = 3;",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, entry.details, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, hash, sizeof hash, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_free (entry.actor);
  g_free (entry.action);
  g_free (entry.object);
  g_free (entry.details);

  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_BAD_LINK);
  g_assert_cmpint (report.first_bad_seq, ==, 4);
  g_assert_no_error (error);
}

static void
test_truncated (CdTestCase    *fixture,
                gconstpointer  data)
{
  CdAuditReport report;

  fill (fixture);
  cd_test_sql_exec (fixture->path, "DELETE FROM audit WHERE seq = 6;");
  report = verify (fixture);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_BAD_HEAD);
  g_assert_cmpint (report.first_bad_seq, ==, 6);
}

static void
test_hash_stable (void)
{
  /* The serialisation is a file format: this vector must never change. */
  CdAuditEntry entry = { 0 };
  guint8 hash[CD_AUDIT_HASH_BYTES];
  guint8 other[CD_AUDIT_HASH_BYTES];
  g_autofree char *hex = NULL;

  entry.seq = 1;
  entry.time = 1700000000;
  entry.actor = (char *) "王顾问";
  entry.action = (char *) "case.create";
  entry.object = NULL;
  entry.details = (char *) "{}";
  cd_audit_entry_compute_hash (&entry, hash);
  hex = cd_audit_hash_to_hex (hash);
  g_assert_cmpuint (strlen (hex), ==, 64);

  /* NULL and empty object differ. */
  entry.object = (char *) "";
  cd_audit_entry_compute_hash (&entry, other);
  g_assert_cmpmem (hash, sizeof hash, hash, sizeof hash);
  g_assert_true (memcmp (hash, other, sizeof hash) != 0);

  /* Moving bytes between fields changes the hash. */
  entry.object = NULL;
  entry.actor = (char *) "王顾问c";
  entry.action = (char *) "ase.create";
  cd_audit_entry_compute_hash (&entry, other);
  g_assert_true (memcmp (hash, other, sizeof hash) != 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, CdTestCase, NULL, cd_test_case_setup, func, cd_test_case_teardown)

  ADD ("/audit/intact", test_intact);
  ADD ("/audit/tamper/edited", test_edited);
  ADD ("/audit/tamper/actor-edited", test_actor_edited);
  ADD ("/audit/tamper/deleted", test_deleted);
  ADD ("/audit/tamper/deleted-first", test_deleted_first);
  ADD ("/audit/tamper/swapped", test_swapped);
  ADD ("/audit/tamper/renumbered", test_renumbered);
  ADD ("/audit/tamper/rechained", test_rechained);
  ADD ("/audit/tamper/truncated", test_truncated);
  g_test_add_func ("/audit/hash/stable", test_hash_stable);

  return g_test_run ();
}
