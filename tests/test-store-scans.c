/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of scans in the case file: recording in batches, all-or-nothing
 * batches, discarding, listing, assets made per file and per folder, the
 * drill-down, sealing of paths, and the customer index for linking. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cd-store-private.h"
#include "cd-test-util.h"

#define ROOT  "/srv/共享/客户资料"
#define ROOT2 "/home/staff/Desktop/"

/* A row count through a second, read-only connection: what is really in
 * the file, not what the store believes. */
static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static char *
scan_rows_signature (const char *path)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%"
                          G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%"
                          G_GINT64_FORMAT,
                          count_rows (path, "SELECT count(*) FROM scans;"),
                          count_rows (path, "SELECT count(*) FROM scan_files;"),
                          count_rows (path, "SELECT count(*) FROM scan_samples;"),
                          count_rows (path, "SELECT count(*) FROM scan_file_customers;"),
                          count_rows (path, "SELECT COALESCE (SUM (files + scanned + review + "
                                            "failed + cn_resident_id + cn_mobile + email), 0) "
                                            "FROM scans;"),
                          count_rows (path, "SELECT count(*) FROM assets;"),
                          count_rows (path, "SELECT count(*) FROM audit;"));
}

static CdScanFileRecord *
make_record (const char       *root,
             const char       *path,
             const char       *member,
             CdScanFileStatus  status,
             const char       *content_type,
             goffset           size)
{
  CdScanFileRecord *record = cd_scan_file_record_new ();

  record->root = g_strdup (root);
  record->path = g_strdup (path);
  record->member = g_strdup (member);
  record->status = status;
  record->content_type = g_strdup (content_type);
  record->size = size;
  return record;
}

static void
add_finding (CdScanFileRecord *record,
             CdDetectKind      kind,
             const char       *member,
             guint             page,
             const char       *masked)
{
  record->counts[kind]++;
  g_ptr_array_add (record->samples, cd_scan_sample_new (member, page, kind, masked));
}

static char *
add_customer (CdStore    *store,
              const char *name,
              const char *phone,
              const char *id_number,
              const char *email)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GError) error = NULL;

  cd_customer_set_name (customer, name);
  cd_customer_set_phone (customer, phone);
  cd_customer_set_id_number (customer, id_number);
  cd_customer_set_email (customer, email);
  g_assert_true (cd_store_add_customer (store, customer, &error));
  g_assert_no_error (error);
  return g_strdup (cd_customer_get_id (customer));
}

typedef struct
{
  char   *c1;
  char   *c2;
  gint64  scan_id;
} Sample;

static void
sample_clear (Sample *s)
{
  g_free (s->c1);
  g_free (s->c2);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sample, sample_clear)

/* The scan every grouping test uses:
 *   ROOT/a.txt            2 resident IDs, 1 mobile; customer 1
 *   ROOT/sub/b.csv        1 e-mail; customers 1 and 2
 *   ROOT/sub/clean.txt    nothing
 *   ROOT/photo.jpg        needs review
 *   ROOT/x.zip            1 resident ID
 *   ROOT/x.zip!/enc.docx  failed (encrypted)
 *   ROOT2/deep/more/c.txt 1 landline
 */
static void
record_sample_scan (CdStore *store,
                    Sample  *s,
                    gboolean finish)
{
  const char *roots[] = { ROOT, ROOT2, NULL };
  g_autoptr(GPtrArray) batch1 = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  g_autoptr(GPtrArray) batch2 = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  g_autoptr(GError) error = NULL;
  CdScanFileRecord *r;

  s->c1 = add_customer (store, "张三", "13812345678", "11010519491231002X", NULL);
  s->c2 = add_customer (store, "李四", NULL, NULL, "li.si@example.com");

  s->scan_id = cd_store_begin_scan (store, roots, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->scan_id, >, 0);

  r = make_record (ROOT, ROOT "/a.txt", NULL, CD_SCAN_FILE_SCANNED, "text/plain", 120);
  r->encoding = g_strdup ("GB18030");
  r->truncated = TRUE;
  add_finding (r, CD_DETECT_RESIDENT_ID, NULL, 0, "110105********002X");
  add_finding (r, CD_DETECT_RESIDENT_ID, NULL, 0, "310115********1234");
  add_finding (r, CD_DETECT_MOBILE, NULL, 0, "138****5678");
  g_ptr_array_add (r->customer_ids, g_strdup (s->c1));
  g_ptr_array_add (batch1, r);

  r = make_record (ROOT, ROOT "/sub/b.csv", NULL, CD_SCAN_FILE_SCANNED, "text/csv", 64);
  add_finding (r, CD_DETECT_EMAIL, NULL, 0, "l***@example.com");
  g_ptr_array_add (r->customer_ids, g_strdup (s->c1));
  g_ptr_array_add (r->customer_ids, g_strdup (s->c2));
  g_ptr_array_add (batch1, r);

  g_ptr_array_add (batch1, make_record (ROOT, ROOT "/sub/clean.txt", NULL, CD_SCAN_FILE_SCANNED,
                                        "text/plain", 10));
  g_assert_true (cd_store_add_scan_records (store, s->scan_id, batch1, &error));
  g_assert_no_error (error);

  r = make_record (ROOT, ROOT "/photo.jpg", NULL, CD_SCAN_FILE_REVIEW, "image/jpeg", 2048);
  r->reason = g_strdup ("Image: not read");
  g_ptr_array_add (batch2, r);

  r = make_record (ROOT, ROOT "/x.zip", NULL, CD_SCAN_FILE_SCANNED, "application/zip", 4096);
  add_finding (r, CD_DETECT_RESIDENT_ID, "list.txt", 0, "440305********5678");
  g_ptr_array_add (batch2, r);

  r = make_record (ROOT, ROOT "/x.zip", "enc.docx", CD_SCAN_FILE_FAILED,
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 0);
  r->reason = g_strdup ("Encrypted: not scanned");
  g_ptr_array_add (batch2, r);

  r = make_record (ROOT2, ROOT2 "deep/more/c.txt", NULL, CD_SCAN_FILE_SCANNED, "text/plain", 30);
  add_finding (r, CD_DETECT_LANDLINE, NULL, 0, "021-6234****");
  g_ptr_array_add (batch2, r);
  g_assert_true (cd_store_add_scan_records (store, s->scan_id, batch2, &error));
  g_assert_no_error (error);

  if (finish)
    {
      g_assert_true (cd_store_finish_scan (store, s->scan_id, &error));
      g_assert_no_error (error);
    }
}

static CdAuditEntry *
last_audit (CdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = cd_store_list_audit (store, &error);
  CdAuditEntry *last;
  CdAuditEntry *copy;

  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, >, 0);
  last = g_ptr_array_index (audit, audit->len - 1);
  copy = g_new0 (CdAuditEntry, 1);
  *copy = *last;
  copy->actor = g_strdup (last->actor);
  copy->action = g_strdup (last->action);
  copy->object = g_strdup (last->object);
  copy->details = g_strdup (last->details);
  return copy;
}

static void
assert_audit_ok (CdStore *store)
{
  g_autoptr(GError) error = NULL;
  CdAuditReport report;

  g_assert_true (cd_store_verify_audit (store, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_OK);
}

static void
test_record_roundtrip (CdTestCase    *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(CdAuditEntry) entry = NULL;
  g_auto(Sample) s = { 0 };
  CdScanFileRecord *r;
  CdScanSample *sample;
  CdScanSummary *summary;

  record_sample_scan (fixture->store, &s, FALSE);

  /* While running: totals so far, state running. */
  scans = cd_store_list_scans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scans->len, ==, 1);
  summary = g_ptr_array_index (scans, 0);
  g_assert_cmpint (summary->id, ==, s.scan_id);
  g_assert_cmpstr (summary->state, ==, "running");
  g_assert_cmpint (summary->finished, ==, 0);
  g_assert_cmpstr (summary->roots, ==, ROOT "\n" ROOT2);
  g_assert_cmpuint (summary->files, ==, 6);
  g_assert_cmpuint (summary->scanned, ==, 5);
  g_assert_cmpuint (summary->review, ==, 1);
  g_assert_cmpuint (summary->failed, ==, 1);
  g_assert_cmpuint (summary->counts[CD_DETECT_RESIDENT_ID], ==, 3);
  g_assert_cmpuint (summary->counts[CD_DETECT_MOBILE], ==, 1);
  g_assert_cmpuint (summary->counts[CD_DETECT_LANDLINE], ==, 1);
  g_assert_cmpuint (summary->counts[CD_DETECT_EMAIL], ==, 1);
  g_assert_cmpuint (summary->counts[CD_DETECT_BANK_CARD], ==, 0);
  g_assert_cmpuint (summary->counts[CD_DETECT_TW_PERMIT], ==, 0);

  g_assert_true (cd_store_finish_scan (fixture->store, s.scan_id, &error));
  g_assert_no_error (error);

  /* The audit entry has the totals and no path. */
  entry = last_audit (fixture->store);
  g_assert_cmpstr (entry->action, ==, "scan");
  g_assert_nonnull (entry->details);
  g_assert_nonnull (strstr (entry->details, "\"files\":6"));
  g_assert_nonnull (strstr (entry->details, "\"cn_resident_id\":3"));
  g_assert_nonnull (strstr (entry->details, "\"review\":1"));
  g_assert_null (strstr (entry->details, "客户资料"));
  g_assert_null (strstr (entry->details, "a.txt"));
  g_assert_null (strstr (entry->details, "Desktop"));

  g_clear_pointer (&scans, g_ptr_array_unref);
  scans = cd_store_list_scans (fixture->store, &error);
  g_assert_no_error (error);
  summary = g_ptr_array_index (scans, 0);
  g_assert_cmpstr (summary->state, ==, "complete");
  g_assert_cmpint (summary->finished, >=, summary->started);
  g_assert_cmpint (summary->finished, >, 0);

  /* The records, in order, exactly as given. */
  records = cd_store_list_scan_records (fixture->store, s.scan_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 7);

  r = g_ptr_array_index (records, 0);
  g_assert_cmpstr (r->path, ==, ROOT "/a.txt");
  g_assert_null (r->member);
  g_assert_cmpstr (r->root, ==, ROOT);
  g_assert_cmpint (r->status, ==, CD_SCAN_FILE_SCANNED);
  g_assert_cmpstr (r->content_type, ==, "text/plain");
  g_assert_null (r->reason);
  g_assert_cmpint (r->size, ==, 120);
  g_assert_cmpstr (r->encoding, ==, "GB18030");
  g_assert_true (r->truncated);
  g_assert_cmpuint (r->counts[CD_DETECT_RESIDENT_ID], ==, 2);
  g_assert_cmpuint (r->counts[CD_DETECT_MOBILE], ==, 1);
  g_assert_cmpuint (r->counts[CD_DETECT_EMAIL], ==, 0);
  g_assert_cmpuint (r->samples->len, ==, 3);
  sample = g_ptr_array_index (r->samples, 0);
  g_assert_cmpint (sample->kind, ==, CD_DETECT_RESIDENT_ID);
  g_assert_cmpstr (sample->masked, ==, "110105********002X");
  g_assert_null (sample->member);
  g_assert_cmpuint (sample->page, ==, 0);
  sample = g_ptr_array_index (r->samples, 2);
  g_assert_cmpint (sample->kind, ==, CD_DETECT_MOBILE);
  g_assert_cmpstr (sample->masked, ==, "138****5678");
  g_assert_cmpuint (r->customer_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r->customer_ids, 0), ==, s.c1);

  r = g_ptr_array_index (records, 1);
  g_assert_cmpstr (r->path, ==, ROOT "/sub/b.csv");
  g_assert_null (r->encoding);
  g_assert_false (r->truncated);
  g_assert_cmpuint (r->customer_ids->len, ==, 2);
  /* Sorted, unique. */
  g_assert_cmpint (strcmp (g_ptr_array_index (r->customer_ids, 0),
                           g_ptr_array_index (r->customer_ids, 1)), <, 0);

  r = g_ptr_array_index (records, 2);
  g_assert_cmpstr (r->path, ==, ROOT "/sub/clean.txt");
  g_assert_cmpuint (r->samples->len, ==, 0);
  g_assert_cmpuint (r->customer_ids->len, ==, 0);

  r = g_ptr_array_index (records, 3);
  g_assert_cmpint (r->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_cmpstr (r->reason, ==, "Image: not read");

  r = g_ptr_array_index (records, 4);
  sample = g_ptr_array_index (r->samples, 0);
  g_assert_cmpstr (sample->member, ==, "list.txt");

  r = g_ptr_array_index (records, 5);
  g_assert_cmpstr (r->path, ==, ROOT "/x.zip");
  g_assert_cmpstr (r->member, ==, "enc.docx");
  g_assert_cmpint (r->status, ==, CD_SCAN_FILE_FAILED);
  g_assert_cmpstr (r->reason, ==, "Encrypted: not scanned");
  g_assert_cmpint (r->size, ==, 0);

  r = g_ptr_array_index (records, 6);
  g_assert_cmpstr (r->root, ==, ROOT2);
  g_assert_cmpuint (r->counts[CD_DETECT_LANDLINE], ==, 1);

  /* A finished scan takes no more results and does not finish twice. */
  {
    g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);

    g_ptr_array_add (more, make_record (ROOT, ROOT "/late.txt", NULL, CD_SCAN_FILE_SCANNED,
                                        "text/plain", 1));
    g_assert_false (cd_store_add_scan_records (fixture->store, s.scan_id, more, &error));
    g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (cd_store_finish_scan (fixture->store, s.scan_id, &error));
    g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_files;"), ==, 7);
  }

  /* An unknown scan. */
  g_assert_null (cd_store_list_scan_records (fixture->store, 999, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  assert_audit_ok (fixture->store);
}

static void
test_batch_atomic (CdTestCase    *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Sample) s = { 0 };
  CdScanFileRecord *r;

  record_sample_scan (fixture->store, &s, FALSE);
  before = scan_rows_signature (fixture->path);

  /* Two good records, then one with a status that does not exist: the two
   * are written inside the transaction, then rolled back. */
  r = make_record (ROOT, ROOT "/good1.txt", NULL, CD_SCAN_FILE_SCANNED, "text/plain", 1);
  add_finding (r, CD_DETECT_MOBILE, NULL, 0, "139****0000");
  g_ptr_array_add (r->customer_ids, g_strdup (s.c1));
  g_ptr_array_add (bad, r);
  g_ptr_array_add (bad, make_record (ROOT, ROOT "/good2.txt", NULL, CD_SCAN_FILE_SCANNED,
                                     "text/plain", 1));
  g_ptr_array_add (bad, make_record (ROOT, ROOT "/bad.txt", NULL, (CdScanFileStatus) 42,
                                     "text/plain", 1));
  g_assert_false (cd_store_add_scan_records (fixture->store, s.scan_id, bad, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "3"));
  g_clear_error (&error);
  after = scan_rows_signature (fixture->path);
  g_assert_cmpstr (after, ==, before);

  /* A sample of a kind that does not exist, a negative size, no path. */
  g_ptr_array_set_size (bad, 0);
  r = make_record (ROOT, ROOT "/k.txt", NULL, CD_SCAN_FILE_SCANNED, "text/plain", 1);
  g_ptr_array_add (r->samples, cd_scan_sample_new (NULL, 0, (CdDetectKind) 77, "x"));
  g_ptr_array_add (bad, r);
  g_assert_false (cd_store_add_scan_records (fixture->store, s.scan_id, bad, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_ptr_array_set_size (bad, 0);
  g_ptr_array_add (bad, make_record (ROOT, ROOT "/n.txt", NULL, CD_SCAN_FILE_SCANNED,
                                     "text/plain", -5));
  g_assert_false (cd_store_add_scan_records (fixture->store, s.scan_id, bad, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_ptr_array_set_size (bad, 0);
  g_ptr_array_add (bad, make_record (ROOT, NULL, NULL, CD_SCAN_FILE_SCANNED, "text/plain", 1));
  g_assert_false (cd_store_add_scan_records (fixture->store, s.scan_id, bad, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A scan that does not exist. */
  g_ptr_array_set_size (bad, 0);
  g_ptr_array_add (bad, make_record (ROOT, ROOT "/z.txt", NULL, CD_SCAN_FILE_SCANNED,
                                     "text/plain", 1));
  g_assert_false (cd_store_add_scan_records (fixture->store, 4242, bad, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&after, g_free);
  after = scan_rows_signature (fixture->path);
  g_assert_cmpstr (after, ==, before);

  /* A locked case records nothing. */
  cd_store_lock (fixture->store);
  g_assert_false (cd_store_add_scan_records (fixture->store, s.scan_id, bad, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpint (cd_store_begin_scan (fixture->store, (const char *[]) { ROOT, NULL }, &error),
                   ==, 0);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  g_assert_true (cd_store_unlock (fixture->store, CD_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  assert_audit_ok (fixture->store);
}

static void
test_limits_and_hostile (CdTestCase    *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GString) long_path = g_string_new (ROOT "/");
  const char *roots[] = { ROOT, NULL };
  /* 张三.txt in GB18030, as names from Windows archives arrive */
  const char gbk_path[] = ROOT "/\xd5\xc5\xc8\xfd.txt";
  CdScanFileRecord *r;
  gint64 scan_id;
  guint n_assets = 0;

  g_assert_cmpint (cd_store_begin_scan (fixture->store, (const char *[]) { NULL }, &error), ==, 0);
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  scan_id = cd_store_begin_scan (fixture->store, roots, &error);
  g_assert_no_error (error);

  /* 100 samples of one kind: 20 are kept; the count stays 100. */
  r = make_record (ROOT, ROOT "/many.txt", NULL, CD_SCAN_FILE_SCANNED, "text/plain", 1);
  for (guint i = 0; i < 100; i++)
    add_finding (r, CD_DETECT_MOBILE, NULL, 0, "138****0000");
  add_finding (r, CD_DETECT_EMAIL, NULL, 0, "a***@example.com");
  /* A customer deleted meanwhile (or never there) is not linked. */
  g_ptr_array_add (r->customer_ids, g_strdup ("no-such-customer"));
  g_ptr_array_add (batch, r);

  r = make_record (ROOT, gbk_path, NULL, CD_SCAN_FILE_SCANNED, NULL, 1);
  add_finding (r, CD_DETECT_RESIDENT_ID, NULL, 3, "110105********002X");
  g_ptr_array_add (batch, r);

  while (long_path->len < 5000)
    g_string_append (long_path, "很长的文件夹名称/");
  g_string_append (long_path, "末尾.txt");
  r = make_record (ROOT, long_path->str, NULL, CD_SCAN_FILE_SCANNED, "text/plain", 1);
  add_finding (r, CD_DETECT_EMAIL, NULL, 0, "b***@example.com");
  g_ptr_array_add (batch, r);

  g_assert_true (cd_store_add_scan_records (fixture->store, scan_id, batch, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_finish_scan (fixture->store, scan_id, &error));
  g_assert_no_error (error);

  records = cd_store_list_scan_records (fixture->store, scan_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  r = g_ptr_array_index (records, 0);
  g_assert_cmpuint (r->counts[CD_DETECT_MOBILE], ==, 100);
  g_assert_cmpuint (r->samples->len, ==, CD_SCAN_MAX_SAMPLES + 1);
  g_assert_cmpuint (r->customer_ids->len, ==, 0);
  r = g_ptr_array_index (records, 1);
  g_assert_cmpmem (r->path, strlen (r->path), gbk_path, strlen (gbk_path));
  g_assert_cmpuint (((CdScanSample *) g_ptr_array_index (r->samples, 0))->page, ==, 3);
  r = g_ptr_array_index (records, 2);
  g_assert_cmpstr (r->path, ==, long_path->str);

  /* Assets of them are valid: UTF-8 locations within the asset limit. */
  g_assert_true (cd_store_assets_from_scan (fixture->store, scan_id, CD_SCAN_GROUP_PER_FILE,
                                            &n_assets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_assets, ==, 3);
  assets = cd_store_list_assets (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      const char *location = cd_asset_get_location (asset);

      g_assert_true (g_utf8_validate (location, -1, NULL));
      g_assert_cmpuint (strlen (location), <=, 4096);
    }
  {
    g_autoptr(CdAsset) asset = g_list_model_get_item (assets, 2);
    g_assert_true (g_str_has_prefix (cd_asset_get_location (asset), ROOT "/很长的"));
    g_assert_true (g_str_has_suffix (cd_asset_get_location (asset), "/末尾.txt"));
    g_assert_nonnull (strstr (cd_asset_get_location (asset), "…"));
  }
  {
    g_autoptr(CdAsset) asset = g_list_model_get_item (assets, 1);
    /* No content type: the extension names the format. */
    g_assert_cmpstr (cd_asset_get_format (asset), ==, "TXT");
    g_assert_cmpint (cd_asset_get_records (asset), ==, 1);
  }
  assert_audit_ok (fixture->store);
}

static void
test_discard (CdTestCase    *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(CdAuditEntry) entry = NULL;
  g_auto(Sample) s = { 0 };

  record_sample_scan (fixture->store, &s, FALSE);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_files;"), ==, 7);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_samples;"), ==, 6);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_file_customers;"), ==, 3);

  g_assert_true (cd_store_discard_scan (fixture->store, s.scan_id, "cancelled", &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scans;"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_files;"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_samples;"), ==, 0);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_file_customers;"), ==, 0);
  /* The customers themselves stay. */
  g_assert_cmpint (cd_store_count_customers (fixture->store, NULL), ==, 2);

  entry = last_audit (fixture->store);
  g_assert_cmpstr (entry->action, ==, "scan-discarded");
  g_assert_nonnull (strstr (entry->details, "\"why\":\"cancelled\""));
  g_assert_null (strstr (entry->details, "客户资料"));

  scans = cd_store_list_scans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scans->len, ==, 0);

  g_assert_false (cd_store_discard_scan (fixture->store, s.scan_id, NULL, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  assert_audit_ok (fixture->store);
}

static void
test_list_newest_first (CdTestCase    *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  gint64 first, second;

  first = cd_store_begin_scan (fixture->store, (const char *[]) { "/a", NULL }, &error);
  g_assert_no_error (error);
  second = cd_store_begin_scan (fixture->store, (const char *[]) { "/b", "/c", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);
  g_assert_true (cd_store_finish_scan (fixture->store, first, &error));
  g_assert_no_error (error);

  scans = cd_store_list_scans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scans->len, ==, 2);
  g_assert_cmpint (((CdScanSummary *) scans->pdata[0])->id, ==, second);
  g_assert_cmpstr (((CdScanSummary *) scans->pdata[0])->roots, ==, "/b\n/c");
  g_assert_cmpstr (((CdScanSummary *) scans->pdata[0])->state, ==, "running");
  g_assert_cmpint (((CdScanSummary *) scans->pdata[1])->id, ==, first);
  g_assert_cmpstr (((CdScanSummary *) scans->pdata[1])->state, ==, "complete");
}

static CdAsset *
find_asset (GListModel *assets,
            const char *location)
{
  for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);

      if (g_strcmp0 (cd_asset_get_location (asset), location) == 0)
        return g_steal_pointer (&asset);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_assets_per_file (CdTestCase    *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(CdAsset) a = NULL;
  g_autoptr(CdAsset) b = NULL;
  g_autoptr(CdAsset) photo = NULL;
  g_autoptr(CdAsset) zip = NULL;
  g_autoptr(CdAsset) c = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(CdAuditEntry) entry = NULL;
  g_auto(Sample) s = { 0 };
  guint64 counts[CD_N_DETECT_KINDS];
  guint n_assets = 99;

  record_sample_scan (fixture->store, &s, FALSE);

  /* Not before the scan has finished. */
  g_assert_false (cd_store_assets_from_scan (fixture->store, s.scan_id, CD_SCAN_GROUP_PER_FILE,
                                             &n_assets, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (n_assets, ==, 0);
  g_assert_true (cd_store_finish_scan (fixture->store, s.scan_id, &error));
  g_assert_no_error (error);

  g_assert_true (cd_store_assets_from_scan (fixture->store, s.scan_id, CD_SCAN_GROUP_PER_FILE,
                                            &n_assets, &error));
  g_assert_no_error (error);
  /* a.txt, b.csv, photo.jpg, x.zip, c.txt; clean.txt has nothing. */
  g_assert_cmpuint (n_assets, ==, 5);
  g_assert_cmpint (cd_store_count_assets (fixture->store, NULL), ==, 5);

  entry = last_audit (fixture->store);
  g_assert_cmpstr (entry->action, ==, "assets.from-scan");
  g_assert_nonnull (strstr (entry->details, "\"assets\":5"));
  g_assert_nonnull (strstr (entry->details, "\"files\":6"));
  g_assert_null (strstr (entry->details, "a.txt"));

  assets = cd_store_list_assets (fixture->store, &error);
  g_assert_no_error (error);
  a = find_asset (assets, ROOT "/a.txt");
  b = find_asset (assets, ROOT "/sub/b.csv");
  photo = find_asset (assets, ROOT "/photo.jpg");
  zip = find_asset (assets, ROOT "/x.zip");
  c = find_asset (assets, ROOT2 "deep/more/c.txt");

  g_assert_cmpint (cd_asset_get_medium (a), ==, CD_MEDIUM_PC);
  g_assert_cmpint (cd_asset_get_record_type (a), ==, CD_RECORD_TYPE_PERSONAL);
  g_assert_cmpstr (cd_asset_get_format (a), ==, "TXT");
  g_assert_cmpint (cd_asset_get_records (a), ==, 3);
  g_assert_cmpint (cd_asset_get_customers (a), ==, 1);
  g_assert_cmpstr (cd_asset_get_notes (a), ==, "2 resident ID numbers, 1 mobile phone number");

  g_assert_cmpstr (cd_asset_get_format (b), ==, "CSV");
  g_assert_cmpint (cd_asset_get_records (b), ==, 1);
  g_assert_cmpint (cd_asset_get_customers (b), ==, 2);
  g_assert_cmpstr (cd_asset_get_notes (b), ==, "1 e-mail address");

  g_assert_cmpstr (cd_asset_get_format (photo), ==, "images");
  g_assert_cmpint (cd_asset_get_records (photo), ==, 0);
  g_assert_cmpint (cd_asset_get_customers (photo), ==, 0);
  g_assert_cmpstr (cd_asset_get_notes (photo), ==, "1 file needs manual review");

  g_assert_cmpstr (cd_asset_get_format (zip), ==, "DOCX, ZIP");
  g_assert_cmpint (cd_asset_get_records (zip), ==, 1);
  g_assert_cmpstr (cd_asset_get_notes (zip), ==,
                   "1 resident ID number; 1 file needs manual review");

  g_assert_cmpint (cd_asset_get_records (c), ==, 1);
  g_assert_cmpstr (cd_asset_get_notes (c), ==, "1 landline phone number");

  /* The drill-down: the archive and its failed member, with samples. */
  findings = cd_store_list_asset_findings (fixture->store, cd_asset_get_id (zip), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 2);
  g_assert_null (((CdScanFileRecord *) findings->pdata[0])->member);
  g_assert_cmpstr (((CdScanSample *) ((CdScanFileRecord *) findings->pdata[0])->samples->pdata[0])->masked,
                   ==, "440305********5678");
  g_assert_cmpstr (((CdScanFileRecord *) findings->pdata[1])->member, ==, "enc.docx");
  g_assert_true (cd_store_get_asset_scan_counts (fixture->store, cd_asset_get_id (a), counts,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[CD_DETECT_RESIDENT_ID], ==, 2);
  g_assert_cmpuint (counts[CD_DETECT_MOBILE], ==, 1);
  g_assert_cmpuint (counts[CD_DETECT_EMAIL], ==, 0);

  /* A second call duplicates nothing. */
  g_assert_true (cd_store_assets_from_scan (fixture->store, s.scan_id, CD_SCAN_GROUP_PER_FILE,
                                            &n_assets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_assets, ==, 0);
  g_assert_true (cd_store_assets_from_scan (fixture->store, s.scan_id, CD_SCAN_GROUP_PER_FOLDER,
                                            &n_assets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_assets, ==, 0);
  g_assert_cmpint (cd_store_count_assets (fixture->store, NULL), ==, 5);

  /* Deleting an asset unlinks its files, which stay in the scan; a later
   * call makes an asset of them again. */
  {
    const char *ids[] = { cd_asset_get_id (a), NULL };

    g_assert_true (cd_store_delete_assets (fixture->store, ids, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_files;"), ==, 7);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM scan_samples;"), ==, 6);
  g_assert_cmpint (count_rows (fixture->path,
                               "SELECT count(*) FROM scan_files WHERE asset IS NULL;"), ==, 2);
  g_assert_null (cd_store_list_asset_findings (fixture->store, cd_asset_get_id (a), &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cd_store_assets_from_scan (fixture->store, s.scan_id, CD_SCAN_GROUP_PER_FILE,
                                            &n_assets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_assets, ==, 1);
  g_assert_cmpint (cd_store_count_assets (fixture->store, NULL), ==, 5);

  /* An asset entered by hand has no findings. */
  {
    g_autoptr(CdAsset) paper = cd_asset_new ();
    g_autoptr(GPtrArray) none = NULL;

    cd_asset_set_location (paper, "档案室 3 号柜");
    cd_asset_set_medium (paper, CD_MEDIUM_PAPER);
    g_assert_true (cd_store_add_asset (fixture->store, paper, &error));
    g_assert_no_error (error);
    none = cd_store_list_asset_findings (fixture->store, cd_asset_get_id (paper), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_true (cd_store_get_asset_scan_counts (fixture->store, cd_asset_get_id (paper),
                                                   counts, &error));
    g_assert_no_error (error);
    for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
      g_assert_cmpuint (counts[k], ==, 0);
  }

  /* Discarding the scan later leaves its assets. */
  g_assert_true (cd_store_discard_scan (fixture->store, s.scan_id, "superseded", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_store_count_assets (fixture->store, NULL), ==, 6);

  assert_audit_ok (fixture->store);
}

static void
test_assets_per_folder (CdTestCase    *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(CdAsset) root = NULL;
  g_autoptr(CdAsset) sub = NULL;
  g_autoptr(CdAsset) deep = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_auto(Sample) s = { 0 };
  guint64 counts[CD_N_DETECT_KINDS];
  guint n_assets = 0;

  record_sample_scan (fixture->store, &s, TRUE);

  g_assert_true (cd_store_assets_from_scan (fixture->store, s.scan_id, CD_SCAN_GROUP_PER_FOLDER,
                                            &n_assets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_assets, ==, 3);

  assets = cd_store_list_assets (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (assets), ==, 3);
  /* Files directly in a root go under the root itself; a root given with a
   * trailing slash names its folders without a double slash. */
  root = find_asset (assets, ROOT);
  sub = find_asset (assets, ROOT "/sub");
  deep = find_asset (assets, ROOT2 "deep");

  /* a.txt 3 + x.zip 1; photo.jpg and the encrypted member need review. */
  g_assert_cmpint (cd_asset_get_records (root), ==, 4);
  g_assert_cmpint (cd_asset_get_customers (root), ==, 1);
  g_assert_cmpstr (cd_asset_get_format (root), ==, "DOCX, TXT, ZIP, images");
  g_assert_cmpstr (cd_asset_get_notes (root), ==,
                   "3 resident ID numbers, 1 mobile phone number; 2 files need manual review");
  g_assert_cmpint (cd_asset_get_medium (root), ==, CD_MEDIUM_PC);

  /* clean.txt has nothing and is not part of the asset. */
  g_assert_cmpint (cd_asset_get_records (sub), ==, 1);
  g_assert_cmpint (cd_asset_get_customers (sub), ==, 2);
  g_assert_cmpstr (cd_asset_get_format (sub), ==, "CSV");

  g_assert_cmpint (cd_asset_get_records (deep), ==, 1);
  g_assert_cmpint (cd_asset_get_customers (deep), ==, 0);

  findings = cd_store_list_asset_findings (fixture->store, cd_asset_get_id (root), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 4);
  g_assert_cmpstr (((CdScanFileRecord *) findings->pdata[0])->path, ==, ROOT "/a.txt");
  g_assert_cmpstr (((CdScanFileRecord *) findings->pdata[1])->path, ==, ROOT "/photo.jpg");
  g_assert_true (cd_store_get_asset_scan_counts (fixture->store, cd_asset_get_id (root), counts,
                                                 &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[CD_DETECT_RESIDENT_ID], ==, 3);
  g_assert_cmpuint (counts[CD_DETECT_MOBILE], ==, 1);

  g_assert_true (cd_store_assets_from_scan (fixture->store, s.scan_id, CD_SCAN_GROUP_PER_FOLDER,
                                            &n_assets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_assets, ==, 0);
  g_assert_cmpint (cd_store_count_assets (fixture->store, NULL), ==, 3);

  assert_audit_ok (fixture->store);
}

static void
test_sealed (CdTestCase    *fixture,
             gconstpointer  data)
{
  static const char * const planted[] = {
    "张三丰-劳动合同", "ZhangSanfengSecret", "/srv/秘密根目录", "MemberWangWu.xlsx",
    "138****9999", "PermissionDeniedForZhao",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  const char *roots[] = { "/srv/秘密根目录", NULL };
  CdScanFileRecord *r;
  gint64 scan_id;
  guint n_assets;

  scan_id = cd_store_begin_scan (fixture->store, roots, &error);
  g_assert_no_error (error);
  r = make_record (roots[0], "/srv/秘密根目录/张三丰-劳动合同/ZhangSanfengSecret.zip",
                   "MemberWangWu.xlsx", CD_SCAN_FILE_FAILED, "application/zip", 5);
  r->reason = g_strdup ("PermissionDeniedForZhao");
  add_finding (r, CD_DETECT_MOBILE, "MemberWangWu.xlsx", 0, "138****9999");
  g_ptr_array_add (batch, r);
  g_assert_true (cd_store_add_scan_records (fixture->store, scan_id, batch, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_finish_scan (fixture->store, scan_id, &error));
  g_assert_no_error (error);
  g_assert_true (cd_store_assets_from_scan (fixture->store, scan_id, CD_SCAN_GROUP_PER_FOLDER,
                                            &n_assets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_assets, ==, 1);

  for (guint round = 0; round < 2; round++)
    {
      if (round == 1)
        g_clear_object (&fixture->store);
      for (guint i = 0; i < G_N_ELEMENTS (planted); i++)
        {
          g_assert_false (cd_test_file_contains (fixture->path, planted[i], strlen (planted[i])));
          if (g_file_test (wal, G_FILE_TEST_EXISTS))
            g_assert_false (cd_test_file_contains (wal, planted[i], strlen (planted[i])));
        }
    }

  /* And they open again. */
  fixture->store = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_unlock (fixture->store, CD_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) records = cd_store_list_scan_records (fixture->store, scan_id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 1);
    r = records->pdata[0];
    g_assert_cmpstr (r->member, ==, "MemberWangWu.xlsx");
    g_assert_cmpstr (r->reason, ==, "PermissionDeniedForZhao");
  }

  /* A sealed path moved to another row does not open there. */
  g_clear_object (&fixture->store);
  cd_test_sql_exec (fixture->path, "UPDATE scan_samples SET masked = "
                                   "(SELECT path FROM scan_files LIMIT 1);");
  fixture->store = cd_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_unlock (fixture->store, CD_TEST_PASSPHRASE, &error));
  g_assert_no_error (error);
  g_assert_null (cd_store_list_scan_records (fixture->store, scan_id, &error));
  g_assert_nonnull (error);
}

static void
test_customer_index (CdTestCase    *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autofree char *zhang = NULL;
  g_autofree char *li = NULL;
  g_autofree char *wang = NULL;
  g_autofree char *family = NULL;
  const char text[] = "客户 张三 身份证 11010519491231002X 手机 138-1234-5678，"
                      "邮箱 zhang.san@EXAMPLE.com；李四 021-62345678；王五 护照 E12345678；"
                      "卡号 6222021234567890128";
  g_autoptr(GArray) spans = NULL;
  guint linked = 0;

  zhang = add_customer (fixture->store, "张三", "13812345678", "11010519491231002x",
                        "zhang.san@example.com");
  li = add_customer (fixture->store, "李四", "(021) 6234-5678", NULL, NULL);
  wang = add_customer (fixture->store, "王五", NULL, "e1234-5678", NULL);
  /* Shares 张三's phone: the customer registered first is linked. */
  family = add_customer (fixture->store, "张三的家属", "+86 138 1234 5678", NULL, NULL);

  index = cd_store_get_customer_index (fixture->store, &error);
  g_assert_no_error (error);
  /* zhang: id, phone, email; li: phone; wang: id; family: the same phone. */
  g_assert_cmpuint (g_hash_table_size (index), ==, 5);

  /* What the scanner does: detect, normalise, look up. */
  spans = cd_detect_scan (text, strlen (text), CD_DETECT_ALL_KINDS);
  for (guint i = 0; i < spans->len; i++)
    {
      CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
      g_autofree char *norm = cd_detect_normalize (span->kind, text + span->start,
                                                   span->end - span->start);
      g_autofree char *key = NULL;
      const char *id;

      g_assert_nonnull (norm);
      key = cd_store_blind_index_for (fixture->store, span->kind, norm);
      if (span->kind == CD_DETECT_BANK_CARD)
        {
          g_assert_null (key);
          continue;
        }
      g_assert_nonnull (key);
      g_assert_cmpuint (strlen (key), ==, 2 * CD_CRYPTO_INDEX_BYTES);
      id = g_hash_table_lookup (index, key);
      switch (span->kind)
        {
        case CD_DETECT_RESIDENT_ID:
        case CD_DETECT_MOBILE:
        case CD_DETECT_EMAIL:
          g_assert_cmpstr (id, ==, zhang);
          break;
        case CD_DETECT_LANDLINE:
          g_assert_cmpstr (id, ==, li);
          break;
        case CD_DETECT_PASSPORT:
          g_assert_cmpstr (id, ==, wang);
          break;
        default:
          g_assert_not_reached ();
        }
      linked++;
    }
  g_assert_cmpuint (linked, ==, 5);

  /* Unknown numbers and malformed input find nobody and do not crash. */
  {
    g_autofree char *k1 = cd_store_blind_index_for (fixture->store, CD_DETECT_MOBILE,
                                                    "13900000000");
    g_autofree char *k2 = cd_store_blind_index_for (fixture->store, CD_DETECT_RESIDENT_ID,
                                                    "not an id");
    g_autofree char *k3 = cd_store_blind_index_for (fixture->store, CD_DETECT_EMAIL, "@@");
    g_autofree char *k4 = cd_store_blind_index_for (fixture->store, CD_DETECT_PASSPORT, "");
    g_autofree char *k5 = cd_store_blind_index_for (fixture->store, CD_DETECT_USCC, NULL);

    g_assert_nonnull (k1);
    g_assert_null (g_hash_table_lookup (index, k1));
    g_assert_null (k2);
    g_assert_null (k3);
    g_assert_null (k4);
    g_assert_null (k5);
  }

  /* Indexes are keyed: another case gives other strings for one value. */
  {
    g_autofree char *other_dir = g_dir_make_tmp ("cd-test-XXXXXX", NULL);
    g_autofree char *other_path = g_build_filename (other_dir, "b.closurecase", NULL);
    g_autoptr(CdStore) other = cd_test_create_case (other_path, &error);
    g_autofree char *k1 = NULL;
    g_autofree char *k2 = NULL;

    g_assert_no_error (error);
    k1 = cd_store_blind_index_for (fixture->store, CD_DETECT_MOBILE, "13812345678");
    k2 = cd_store_blind_index_for (other, CD_DETECT_MOBILE, "13812345678");
    g_assert_cmpstr (k1, !=, k2);
    g_clear_object (&other);
    cd_test_rm_rf (other_dir);
  }

  /* Locked: no index. */
  cd_store_lock (fixture->store);
  g_assert_null (cd_store_blind_index_for (fixture->store, CD_DETECT_MOBILE, "13812345678"));
  g_assert_null (cd_store_get_customer_index (fixture->store, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED);
}

static void
test_passphrase_change (CdTestCase    *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  g_auto(Sample) s = { 0 };
  CdKdfParams params;

  record_sample_scan (fixture->store, &s, TRUE);
  cd_kdf_params_init_fast (&params);
  g_assert_true (cd_store_change_passphrase (fixture->store, CD_TEST_PASSPHRASE, "新口令 2026",
                                             &params, &error));
  g_assert_no_error (error);

  records = cd_store_list_scan_records (fixture->store, s.scan_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 7);
  g_assert_cmpstr (((CdScanFileRecord *) records->pdata[0])->path, ==, ROOT "/a.txt");
  g_assert_cmpstr (((CdScanSample *) ((CdScanFileRecord *) records->pdata[0])->samples->pdata[0])->masked,
                   ==, "110105********002X");
  scans = cd_store_list_scans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CdScanSummary *) scans->pdata[0])->roots, ==, ROOT "\n" ROOT2);
}

static void
test_labels (void)
{
  guint64 counts[CD_N_DETECT_KINDS] = { 0 };
  g_autofree char *none = cd_detect_counts_to_string (counts);
  g_autofree char *some = NULL;
  g_autofree char *one = cd_detect_kind_format_count (CD_DETECT_BANK_CARD, 1);
  CdDetectKind kind;

  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    {
      g_assert_nonnull (cd_detect_kind_get_label ((CdDetectKind) k));
      g_assert_true (cd_detect_kind_from_name (cd_detect_kind_get_name ((CdDetectKind) k), &kind));
      g_assert_cmpint (kind, ==, k);
    }
  g_assert_false (cd_detect_kind_from_name ("cn_nothing", &kind));
  g_assert_false (cd_detect_kind_from_name (NULL, &kind));
  g_assert_cmpstr (cd_detect_kind_get_label (CD_DETECT_RESIDENT_ID), ==, "Resident ID numbers");
  g_assert_null (none);
  g_assert_cmpstr (one, ==, "1 bank card number");
  counts[CD_DETECT_USCC] = 12;
  counts[CD_DETECT_TW_PERMIT] = 1;
  some = cd_detect_counts_to_string (counts);
  g_assert_cmpstr (some, ==, "12 unified social credit codes, 1 Taiwan travel permit");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, CdTestCase, NULL, cd_test_case_setup, func, cd_test_case_teardown)

  ADD ("/store/scans/record-roundtrip", test_record_roundtrip);
  ADD ("/store/scans/batch-atomic", test_batch_atomic);
  ADD ("/store/scans/limits-and-hostile", test_limits_and_hostile);
  ADD ("/store/scans/discard", test_discard);
  ADD ("/store/scans/list-newest-first", test_list_newest_first);
  ADD ("/store/scans/assets-per-file", test_assets_per_file);
  ADD ("/store/scans/assets-per-folder", test_assets_per_folder);
  ADD ("/store/scans/sealed", test_sealed);
  ADD ("/store/scans/customer-index", test_customer_index);
  ADD ("/store/scans/passphrase-change", test_passphrase_change);
  g_test_add_func ("/store/scans/labels", test_labels);

#undef ADD

  return g_test_run ();
}
