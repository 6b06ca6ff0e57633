/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scans in the case file: what a discovery scan found, file by file, with
 * masked samples for the drill-down and links to registry customers, and
 * the inventory assets made from it. Paths, member names, roots and
 * reasons are sealed: file names carry customers' names ("张三-合同.pdf")
 * and error messages carry paths. Integer row ids are chosen here, inside
 * the transaction, so that each sealed value is bound to its row. */

#include "config.h"

#define G_LOG_DOMAIN "cd-store"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-detect-labels.h"
#include "cd-ident.h"
#include "cd-store-private.h"

/* Blind-index domains, as in cd-store-customers.c. */
#define IDX_PHONE     "phone"
#define IDX_ID_NUMBER "id_number"
#define IDX_EMAIL     "email"

static const char * const status_ids[] = {
  [CD_SCAN_FILE_SCANNED] = "scanned",
  [CD_SCAN_FILE_REVIEW] = "review",
  [CD_SCAN_FILE_FAILED] = "failed",
};

static const char *
status_to_id (CdScanFileStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_ids))
    return NULL;
  return status_ids[status];
}

static CdScanFileStatus
status_from_id (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    if (g_strcmp0 (id, status_ids[i]) == 0)
      return (CdScanFileStatus) i;
  return CD_SCAN_FILE_FAILED;
}

static char *
row_context_id (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* The per-kind count columns are named after cd_detect_kind_get_name();
 * migration 4 creates one for each kind. @format has one %s (the column)
 * and may use ?%u for a parameter numbered from @first_param. */
static void
append_kind_columns (GString    *sql,
                     const char *format,
                     guint       first_param)
{
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    {
      const char *name = cd_detect_kind_get_name ((CdDetectKind) kind);

      if (kind > 0)
        g_string_append (sql, ", ");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_string_append_printf (sql, format, name, name, first_param + kind);
#pragma GCC diagnostic pop
    }
}

static gint64
next_id (CdStore     *self,
         const char  *sql,
         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = cd_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return (cd_store_sqlite_error (self, rc, error), 0);
  return sqlite3_column_int64 (stmt, 0) + 1;
}

static void
add_counts_member (JsonBuilder   *details,
                   const guint64  counts[CD_N_DETECT_KINDS])
{
  json_builder_set_member_name (details, "counts");
  json_builder_begin_object (details);
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    {
      json_builder_set_member_name (details, cd_detect_kind_get_name ((CdDetectKind) kind));
      json_builder_add_int_value (details, (gint64) counts[kind]);
    }
  json_builder_end_object (details);
}

void
cd_scan_summary_free (CdScanSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->roots);
  g_free (summary->state);
  g_free (summary);
}

/* -- recording ------------------------------------------------------------------ */

/**
 * cd_store_begin_scan:
 * @roots: the folders and files given to the scanner
 *
 * Starts recording a scan: a scan row in state "running", with the roots
 * sealed, and an audit entry that gives only their number.
 *
 * Returns: the scan's id (> 0), or 0 with @error set
 */
gint64
cd_store_begin_scan (CdStore             *self,
                     const char * const  *roots,
                     GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *id_text = NULL;
  CdKeys *keys;
  gint64 id;
  guint n_roots;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), 0);
  g_return_val_if_fail (roots != NULL, 0);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return 0;
  n_roots = g_strv_length ((char **) roots);
  if (n_roots == 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("Choose at least one folder or file to scan"));
      return 0;
    }
  joined = g_strjoinv ("\n", (char **) roots);

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "roots");
  json_builder_add_int_value (details, n_roots);

  if (!cd_store_begin (self, error))
    return 0;
  id = next_id (self, "SELECT COALESCE (MAX (id), 0) FROM scans;", error);
  if (id == 0)
    goto fail;
  id_text = row_context_id (id);
  stmt = cd_store_prepare (self,
                           "INSERT INTO scans (id, started, roots, state) "
                           "VALUES (?, ?, ?, 'running');", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, cd_store_now ());
  cd_store_bind_sealed (stmt, 3, keys, "scans.roots", id_text, joined);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }
  if (!cd_store_append_audit (self, "scan-started", id_text, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return id;

fail:
  cd_store_rollback (self);
  return 0;
}

static gboolean
invalid_record (GError     **error,
                guint        index,
                const char  *what)
{
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
               /* Translators: %u is the position of a file in a batch of scan
                * results, %s says what is wrong with it */
               _("Scan result %u: %s; nothing of this batch was recorded"), index + 1, what);
  return FALSE;
}

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

/* Inserts one record, its samples and its customer links. */
static gboolean
insert_record (CdStore           *self,
               CdKeys            *keys,
               sqlite3_stmt      *file_stmt,
               sqlite3_stmt      *sample_stmt,
               sqlite3_stmt      *link_stmt,
               gint64             scan_id,
               gint64             file_id,
               gint64            *next_sample_id,
               CdScanFileRecord  *record,
               guint              index,
               GError           **error)
{
  g_autofree char *file_text = row_context_id (file_id);
  guint per_kind[CD_N_DETECT_KINDS] = { 0 };
  const char *status = status_to_id (record->status);

  if (status == NULL)
    return invalid_record (error, index, _("its status is not known"));
  if (record->path == NULL || *record->path == '\0')
    return invalid_record (error, index, _("it has no path"));
  if (record->size < 0)
    return invalid_record (error, index, _("its size is negative"));
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    if (record->counts[kind] > G_MAXINT64)
      return invalid_record (error, index, _("a count is out of range"));

  sqlite3_bind_int64 (file_stmt, 1, file_id);
  sqlite3_bind_int64 (file_stmt, 2, scan_id);
  cd_store_bind_sealed (file_stmt, 3, keys, "scan_files.path", file_text, record->path);
  cd_store_bind_sealed (file_stmt, 4, keys, "scan_files.member", file_text, record->member);
  cd_store_bind_sealed (file_stmt, 5, keys, "scan_files.root", file_text, record->root);
  sqlite3_bind_text (file_stmt, 6, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (file_stmt, 7, record->content_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (file_stmt, 8, record->size);
  cd_store_bind_sealed (file_stmt, 9, keys, "scan_files.reason", file_text, record->reason);
  sqlite3_bind_text (file_stmt, 10, record->encoding, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (file_stmt, 11, record->truncated ? 1 : 0);
  sqlite3_bind_int64 (file_stmt, 12, MAX (record->duration_ms, 0));
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    sqlite3_bind_int64 (file_stmt, 13 + (int) kind, (gint64) record->counts[kind]);
  if (!step_done (self, file_stmt, error))
    return FALSE;

  for (guint i = 0; record->samples != NULL && i < record->samples->len; i++)
    {
      CdScanSample *sample = g_ptr_array_index (record->samples, i);
      g_autofree char *sample_text = NULL;

      if ((guint) sample->kind >= CD_N_DETECT_KINDS || sample->masked == NULL)
        return invalid_record (error, index, _("a sample finding is not valid"));
      /* The scanner keeps at most this many; a case file never grows by
       * more, whatever a caller sends. */
      if (per_kind[sample->kind]++ >= CD_SCAN_MAX_SAMPLES)
        continue;

      sample_text = row_context_id (*next_sample_id);
      sqlite3_bind_int64 (sample_stmt, 1, *next_sample_id);
      sqlite3_bind_int64 (sample_stmt, 2, file_id);
      cd_store_bind_sealed (sample_stmt, 3, keys, "scan_samples.member", sample_text,
                            sample->member);
      sqlite3_bind_int64 (sample_stmt, 4, sample->page);
      sqlite3_bind_text (sample_stmt, 5, cd_detect_kind_get_name (sample->kind), -1,
                         SQLITE_STATIC);
      cd_store_bind_sealed (sample_stmt, 6, keys, "scan_samples.masked", sample_text,
                            sample->masked);
      if (!step_done (self, sample_stmt, error))
        return FALSE;
      (*next_sample_id)++;
    }

  /* A customer deleted while the scan ran is simply not linked. */
  for (guint i = 0; record->customer_ids != NULL && i < record->customer_ids->len; i++)
    {
      sqlite3_bind_int64 (link_stmt, 1, file_id);
      sqlite3_bind_text (link_stmt, 2, g_ptr_array_index (record->customer_ids, i), -1,
                         SQLITE_TRANSIENT);
      if (!step_done (self, link_stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
require_running (CdStore  *self,
                 gint64    scan_id,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = cd_store_prepare (self, "SELECT state FROM scans WHERE id = ?;",
                                                   error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, scan_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "running") == 0)
    return TRUE;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
               _("The scan is no longer running; its results were not recorded"));
  return FALSE;
}

/**
 * cd_store_add_scan_records:
 * @records: (element-type CdScanFileRecord): the next files of the scan
 *
 * Records a batch of results in one transaction: all of them or, if one
 * is not valid or the file cannot be written, none. The scan's totals
 * grow with the batch: files counts the records of files (not of archive
 * members); scanned, review and failed count every record by its status;
 * the per-kind counts add up every record's counts. At most
 * %CD_SCAN_MAX_SAMPLES samples per kind are kept for a record.
 */
gboolean
cd_store_add_scan_records (CdStore    *self,
                           gint64      scan_id,
                           GPtrArray  *records,
                           GError    **error)
{
  g_autoptr(sqlite3_stmt) file_stmt = NULL;
  g_autoptr(sqlite3_stmt) sample_stmt = NULL;
  g_autoptr(sqlite3_stmt) link_stmt = NULL;
  g_autoptr(sqlite3_stmt) totals_stmt = NULL;
  g_autoptr(GString) file_sql = NULL;
  g_autoptr(GString) totals_sql = NULL;
  guint64 files = 0, by_status[G_N_ELEMENTS (status_ids)] = { 0 };
  guint64 counts[CD_N_DETECT_KINDS] = { 0 };
  gint64 file_id, sample_id;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;
  if (records->len == 0)
    return TRUE;

  file_sql = g_string_new ("INSERT INTO scan_files (id, scan, path, member, root, status, "
                           "content_type, size, reason, encoding, truncated, duration_ms, ");
  append_kind_columns (file_sql, "%s", 0);
  g_string_append (file_sql, ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ");
  append_kind_columns (file_sql, "%.0s%.0s?%u", 13);
  g_string_append (file_sql, ");");

  totals_sql = g_string_new ("UPDATE scans SET files = files + ?2, scanned = scanned + ?3, "
                             "review = review + ?4, failed = failed + ?5, ");
  append_kind_columns (totals_sql, "%s = %s + ?%u", 6);
  g_string_append (totals_sql, " WHERE id = ?1 AND state = 'running';");

  if (!cd_store_begin (self, error))
    return FALSE;

  file_id = next_id (self, "SELECT COALESCE (MAX (id), 0) FROM scan_files;", error);
  sample_id = next_id (self, "SELECT COALESCE (MAX (id), 0) FROM scan_samples;", error);
  if (file_id == 0 || sample_id == 0)
    goto fail;
  file_stmt = cd_store_prepare (self, file_sql->str, error);
  sample_stmt = cd_store_prepare (self,
                                  "INSERT INTO scan_samples (id, file, member, page, kind, "
                                  "masked) VALUES (?, ?, ?, ?, ?, ?);", error);
  link_stmt = cd_store_prepare (self,
                                "INSERT OR IGNORE INTO scan_file_customers (file, customer) "
                                "SELECT ?1, id FROM customers WHERE id = ?2;", error);
  totals_stmt = cd_store_prepare (self, totals_sql->str, error);
  if (file_stmt == NULL || sample_stmt == NULL || link_stmt == NULL || totals_stmt == NULL)
    goto fail;

  /* The scan first: a batch for a finished or discarded scan is refused
   * before anything is written. */
  if (!require_running (self, scan_id, error))
    goto fail;
  sqlite3_bind_int64 (totals_stmt, 1, scan_id);
  for (guint i = 0; i < records->len; i++)
    {
      CdScanFileRecord *record = g_ptr_array_index (records, i);

      if (!insert_record (self, keys, file_stmt, sample_stmt, link_stmt, scan_id, file_id++,
                          &sample_id, record, i, error))
        goto fail;
      if (record->member == NULL)
        files++;
      by_status[record->status]++;
      for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
        counts[kind] += record->counts[kind];
    }

  sqlite3_bind_int64 (totals_stmt, 2, (gint64) files);
  sqlite3_bind_int64 (totals_stmt, 3, (gint64) by_status[CD_SCAN_FILE_SCANNED]);
  sqlite3_bind_int64 (totals_stmt, 4, (gint64) by_status[CD_SCAN_FILE_REVIEW]);
  sqlite3_bind_int64 (totals_stmt, 5, (gint64) by_status[CD_SCAN_FILE_FAILED]);
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    sqlite3_bind_int64 (totals_stmt, 6 + (int) kind, (gint64) MIN (counts[kind], G_MAXINT64));
  if (!step_done (self, totals_stmt, error))
    goto fail;
  if (sqlite3_changes (cd_store_get_db (self)) == 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   _("The scan is no longer running; its results were not recorded"));
      goto fail;
    }

  return cd_store_commit (self, error);

fail:
  cd_store_rollback (self);
  return FALSE;
}

/* Reads the totals of a scan into @summary (without roots). */
static gboolean
read_totals (CdStore        *self,
             gint64          scan_id,
             CdScanSummary  *summary,
             GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT state, files, scanned, review, failed, ");
  int rc;

  append_kind_columns (sql, "%s", 0);
  g_string_append (sql, " FROM scans WHERE id = ?;");
  stmt = cd_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, scan_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *id_text = row_context_id (scan_id);

      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   _("There is no scan with number %s"), id_text);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return cd_store_sqlite_error (self, rc, error);

  summary->id = scan_id;
  summary->state = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  summary->files = (guint64) sqlite3_column_int64 (stmt, 1);
  summary->scanned = (guint64) sqlite3_column_int64 (stmt, 2);
  summary->review = (guint64) sqlite3_column_int64 (stmt, 3);
  summary->failed = (guint64) sqlite3_column_int64 (stmt, 4);
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    summary->counts[kind] = (guint64) sqlite3_column_int64 (stmt, 5 + (int) kind);
  return TRUE;
}

/**
 * cd_store_finish_scan:
 *
 * Marks a running scan complete. Its audit entry ("scan") carries the
 * totals, never a path.
 */
gboolean
cd_store_finish_scan (CdStore  *self,
                      gint64    scan_id,
                      GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id_text = row_context_id (scan_id);
  CdScanSummary totals = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);

  if (cd_store_require_keys (self, error) == NULL)
    return FALSE;
  if (!cd_store_begin (self, error))
    return FALSE;
  if (!read_totals (self, scan_id, &totals, error))
    goto out;
  if (g_strcmp0 (totals.state, "running") != 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The scan was already finished"));
      goto out;
    }
  stmt = cd_store_prepare (self, "UPDATE scans SET state = 'complete', finished = ? "
                                 "WHERE id = ?;", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, cd_store_now ());
  sqlite3_bind_int64 (stmt, 2, scan_id);
  if (!step_done (self, stmt, error))
    goto out;

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "files");
  json_builder_add_int_value (details, (gint64) totals.files);
  json_builder_set_member_name (details, "scanned");
  json_builder_add_int_value (details, (gint64) totals.scanned);
  json_builder_set_member_name (details, "review");
  json_builder_add_int_value (details, (gint64) totals.review);
  json_builder_set_member_name (details, "failed");
  json_builder_add_int_value (details, (gint64) totals.failed);
  add_counts_member (details, totals.counts);
  if (!cd_store_append_audit (self, "scan", id_text, details, error))
    goto out;
  ok = cd_store_commit (self, error);

out:
  if (!ok)
    cd_store_rollback (self);
  g_free (totals.state);
  return ok;
}

/**
 * cd_store_discard_scan:
 * @why: (nullable): a short reason for the audit log ("cancelled"); never
 *   a path or an identifier
 *
 * Deletes a scan and everything recorded under it (file records, samples,
 * customer links) in one transaction; assets already made from it stay.
 * The audit entry ("scan-discarded") is all that remains.
 */
gboolean
cd_store_discard_scan (CdStore     *self,
                       gint64       scan_id,
                       const char  *why,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id_text = row_context_id (scan_id);
  CdScanSummary totals = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);

  if (cd_store_require_keys (self, error) == NULL)
    return FALSE;
  if (!cd_store_begin (self, error))
    return FALSE;
  if (!read_totals (self, scan_id, &totals, error))
    goto out;
  stmt = cd_store_prepare (self, "DELETE FROM scans WHERE id = ?;", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_int64 (stmt, 1, scan_id);
  if (!step_done (self, stmt, error))
    goto out;

  details = cd_store_details_new ();
  if (why != NULL)
    {
      json_builder_set_member_name (details, "why");
      json_builder_add_string_value (details, why);
    }
  json_builder_set_member_name (details, "state");
  json_builder_add_string_value (details, totals.state);
  json_builder_set_member_name (details, "files");
  json_builder_add_int_value (details, (gint64) totals.files);
  if (!cd_store_append_audit (self, "scan-discarded", id_text, details, error))
    goto out;
  ok = cd_store_commit (self, error);

out:
  if (!ok)
    cd_store_rollback (self);
  g_free (totals.state);
  return ok;
}

/* -- reading -------------------------------------------------------------------- */

/**
 * cd_store_list_scans:
 *
 * Returns: (transfer full) (element-type CdScanSummary): every scan in the
 *   case, newest first, or %NULL with @error set
 */
GPtrArray *
cd_store_list_scans (CdStore  *self,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(GString) sql = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;

  sql = g_string_new ("SELECT id, started, finished, roots, state, files, scanned, review, "
                      "failed, ");
  append_kind_columns (sql, "%s", 0);
  g_string_append (sql, " FROM scans ORDER BY started DESC, id DESC;");
  stmt = cd_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  scans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdScanSummary) summary = g_new0 (CdScanSummary, 1);
      g_autofree char *id_text = NULL;

      summary->id = sqlite3_column_int64 (stmt, 0);
      id_text = row_context_id (summary->id);
      summary->started = sqlite3_column_int64 (stmt, 1);
      summary->finished = sqlite3_column_int64 (stmt, 2);
      if (!cd_store_column_open (stmt, 3, keys, "scans.roots", id_text, &summary->roots, error))
        return NULL;
      summary->state = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      summary->files = (guint64) sqlite3_column_int64 (stmt, 5);
      summary->scanned = (guint64) sqlite3_column_int64 (stmt, 6);
      summary->review = (guint64) sqlite3_column_int64 (stmt, 7);
      summary->failed = (guint64) sqlite3_column_int64 (stmt, 8);
      for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
        summary->counts[kind] = (guint64) sqlite3_column_int64 (stmt, 9 + (int) kind);
      g_ptr_array_add (scans, g_steal_pointer (&summary));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&scans);
}

#define FILE_COLUMNS \
  "id, path, member, root, status, content_type, size, reason, encoding, truncated, duration_ms, "

/* Reads the file records a prepared, bound SELECT FILE_COLUMNS + kinds
 * returns, with their samples and customer links. */
static GPtrArray *
read_records (CdStore       *self,
              CdKeys        *keys,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) samples = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  samples = cd_store_prepare (self, "SELECT id, member, page, kind, masked FROM scan_samples "
                                    "WHERE file = ? ORDER BY id;", error);
  links = cd_store_prepare (self, "SELECT customer FROM scan_file_customers WHERE file = ? "
                                  "ORDER BY customer;", error);
  if (samples == NULL || links == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdScanFileRecord) record = cd_scan_file_record_new ();
      gint64 file_id = sqlite3_column_int64 (stmt, 0);
      g_autofree char *file_text = row_context_id (file_id);

      if (!cd_store_column_open (stmt, 1, keys, "scan_files.path", file_text, &record->path,
                                 error) ||
          !cd_store_column_open (stmt, 2, keys, "scan_files.member", file_text, &record->member,
                                 error) ||
          !cd_store_column_open (stmt, 3, keys, "scan_files.root", file_text, &record->root,
                                 error) ||
          !cd_store_column_open (stmt, 7, keys, "scan_files.reason", file_text, &record->reason,
                                 error))
        return NULL;
      record->status = status_from_id ((const char *) sqlite3_column_text (stmt, 4));
      record->content_type = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      record->size = sqlite3_column_int64 (stmt, 6);
      record->encoding = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      record->truncated = sqlite3_column_int (stmt, 9) != 0;
      record->duration_ms = sqlite3_column_int64 (stmt, 10);
      for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
        record->counts[kind] = (guint64) sqlite3_column_int64 (stmt, 11 + (int) kind);

      sqlite3_bind_int64 (samples, 1, file_id);
      while ((rc = sqlite3_step (samples)) == SQLITE_ROW)
        {
          g_autofree char *sample_text = row_context_id (sqlite3_column_int64 (samples, 0));
          g_autofree char *member = NULL;
          g_autofree char *masked = NULL;
          CdDetectKind kind;

          if (!cd_store_column_open (samples, 1, keys, "scan_samples.member", sample_text,
                                     &member, error) ||
              !cd_store_column_open (samples, 4, keys, "scan_samples.masked", sample_text,
                                     &masked, error))
            return NULL;
          /* A kind this version does not know (a newer writer) is left out. */
          if (!cd_detect_kind_from_name ((const char *) sqlite3_column_text (samples, 3), &kind))
            continue;
          g_ptr_array_add (record->samples,
                           cd_scan_sample_new (member, (guint) sqlite3_column_int64 (samples, 2),
                                               kind, masked));
        }
      sqlite3_reset (samples);
      if (rc != SQLITE_DONE)
        return (cd_store_sqlite_error (self, rc, error), NULL);

      sqlite3_bind_int64 (links, 1, file_id);
      while ((rc = sqlite3_step (links)) == SQLITE_ROW)
        g_ptr_array_add (record->customer_ids,
                         g_strdup ((const char *) sqlite3_column_text (links, 0)));
      sqlite3_reset (links);
      if (rc != SQLITE_DONE)
        return (cd_store_sqlite_error (self, rc, error), NULL);

      g_ptr_array_add (records, g_steal_pointer (&record));
    }
  if (rc != SQLITE_DONE)
    return (cd_store_sqlite_error (self, rc, error), NULL);

  return g_steal_pointer (&records);
}

/**
 * cd_store_list_scan_records:
 *
 * Returns: (transfer full) (element-type CdScanFileRecord): the scan's
 *   file records in the order they were recorded, with their samples and
 *   linked customers, or %NULL with @error set
 */
GPtrArray *
cd_store_list_scan_records (CdStore  *self,
                            gint64    scan_id,
                            GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  CdScanSummary totals = { 0 };
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  if (!read_totals (self, scan_id, &totals, error))
    return NULL;
  g_free (totals.state);

  sql = g_string_new ("SELECT " FILE_COLUMNS);
  append_kind_columns (sql, "%s", 0);
  g_string_append (sql, " FROM scan_files WHERE scan = ? ORDER BY id;");
  stmt = cd_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, scan_id);
  return read_records (self, keys, stmt, error);
}

static gboolean
require_asset (CdStore     *self,
               const char  *asset_id,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = cd_store_prepare (self, "SELECT 1 FROM assets WHERE id = ?;",
                                                   error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, asset_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
               _("There is no asset with id “%s”"), asset_id);
  return FALSE;
}

/**
 * cd_store_list_asset_findings:
 *
 * The drill-down of an asset made from a scan.
 *
 * Returns: (transfer full) (element-type CdScanFileRecord): the file
 *   records linked to the asset, with their samples (empty for an asset
 *   entered by hand), or %NULL with @error set
 */
GPtrArray *
cd_store_list_asset_findings (CdStore     *self,
                              const char  *asset_id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (asset_id != NULL, NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL || !require_asset (self, asset_id, error))
    return NULL;

  sql = g_string_new ("SELECT " FILE_COLUMNS);
  append_kind_columns (sql, "%s", 0);
  g_string_append (sql, " FROM scan_files WHERE asset = ? ORDER BY id;");
  stmt = cd_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, asset_id, -1, SQLITE_STATIC);
  return read_records (self, keys, stmt, error);
}

/**
 * cd_store_get_asset_scan_counts:
 * @counts: (out caller-allocates): the findings per kind in the files
 *   linked to the asset (all zero for an asset entered by hand)
 */
gboolean
cd_store_get_asset_scan_counts (CdStore     *self,
                                const char  *asset_id,
                                guint64      counts[CD_N_DETECT_KINDS],
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (asset_id != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof (guint64) * CD_N_DETECT_KINDS);
  if (cd_store_require_keys (self, error) == NULL || !require_asset (self, asset_id, error))
    return FALSE;

  sql = g_string_new ("SELECT ");
  append_kind_columns (sql, "total (%s)", 0);
  g_string_append (sql, " FROM scan_files WHERE asset = ?;");
  stmt = cd_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, asset_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return cd_store_sqlite_error (self, rc, error);
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    counts[kind] = (guint64) sqlite3_column_double (stmt, (int) kind);
  return TRUE;
}

/* -- assets from a scan --------------------------------------------------------- */

typedef struct
{
  char       *location;
  GArray     *file_ids;        /* gint64 */
  GHashTable *customers;       /* customer id set */
  GHashTable *formats;         /* short format name → count */
  guint64     counts[CD_N_DETECT_KINDS];
  guint       review;          /* records that need review or failed */
  guint       records;
  guint       mail;            /* records that are mail */
} Group;

static void
group_free (Group *group)
{
  g_free (group->location);
  g_array_unref (group->file_ids);
  g_hash_table_unref (group->customers);
  g_hash_table_unref (group->formats);
  g_free (group);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Group, group_free)

static Group *
group_new (const char *location)
{
  Group *group = g_new0 (Group, 1);

  group->location = g_strdup (location);
  group->file_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  group->customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  group->formats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return group;
}

/* The folder directly below @root that @path is in; @root itself for a
 * file directly in it (or for a root that is a file). */
static char *
first_level_folder (const char *path,
                    const char *root)
{
  gsize root_len;
  const char *rel;
  const char *slash;

  if (root == NULL || *root == '\0')
    return g_path_get_dirname (path);

  root_len = strlen (root);
  while (root_len > 1 && root[root_len - 1] == G_DIR_SEPARATOR)
    root_len--;

  if (root_len == 1 && root[0] == G_DIR_SEPARATOR)
    rel = path[0] == G_DIR_SEPARATOR ? path + 1 : NULL;
  else if (strncmp (path, root, root_len) == 0 &&
           (path[root_len] == G_DIR_SEPARATOR || path[root_len] == '\0'))
    rel = path + root_len;
  else
    rel = NULL;

  /* Not below its root (a caller's mistake): the file's own folder. */
  if (rel == NULL)
    return g_path_get_dirname (path);

  while (*rel == G_DIR_SEPARATOR)
    rel++;
  slash = strchr (rel, G_DIR_SEPARATOR);
  if (slash == NULL)
    return g_strndup (root, root_len);
  return g_strndup (path, (gsize) (slash - path));
}

/* A short name for a format, as a consultant writes it in an inventory. */
static char *
short_format (const char *content_type,
              const char *path)
{
  static const struct { const char *type; const char *name; } known[] = {
    { "text/plain", "TXT" },
    { "text/csv", "CSV" },
    { "text/html", "HTML" },
    { "application/xhtml+xml", "HTML" },
    { "application/xml", "XML" },
    { "text/xml", "XML" },
    { "application/json", "JSON" },
    { "application/pdf", "PDF" },
    { "application/msword", "DOC" },
    { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX" },
    { "application/vnd.ms-excel", "XLS" },
    { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX" },
    { "application/vnd.ms-powerpoint", "PPT" },
    { "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX" },
    { "application/vnd.oasis.opendocument.text", "ODT" },
    { "application/vnd.oasis.opendocument.spreadsheet", "ODS" },
    { "application/vnd.oasis.opendocument.presentation", "ODP" },
    { "message/rfc822", "EML" },
    { "application/mbox", "MBOX" },
    { "application/zip", "ZIP" },
    { "application/x-tar", "TAR" },
    { "application/gzip", "GZ" },
    { "application/x-compressed-tar", "TAR" },
    { "application/x-7z-compressed", "7Z" },
    { "application/vnd.rar", "RAR" },
    { "application/x-rar", "RAR" },
  };
  const char *dot;
  const char *base;

  if (content_type != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (known); i++)
        if (g_ascii_strcasecmp (content_type, known[i].type) == 0)
          return g_strdup (known[i].name);
      if (g_str_has_prefix (content_type, "image/"))
        return g_strdup (_("images"));
      if (g_str_has_prefix (content_type, "audio/"))
        return g_strdup (_("audio"));
      if (g_str_has_prefix (content_type, "video/"))
        return g_strdup (_("video"));
    }

  /* Otherwise the file name's extension, if it looks like one. */
  base = strrchr (path, G_DIR_SEPARATOR);
  base = base != NULL ? base + 1 : path;
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base && strlen (dot + 1) >= 1 && strlen (dot + 1) <= 5)
    {
      gboolean alnum = TRUE;

      for (const char *p = dot + 1; *p != '\0'; p++)
        alnum = alnum && g_ascii_isalnum (*p);
      if (alnum)
        return g_ascii_strup (dot + 1, -1);
    }
  if (content_type != NULL && g_str_has_prefix (content_type, "text/"))
    return g_strdup ("TXT");
  return g_strdup (_("other"));
}

static int
compare_formats (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GHashTable *formats = user_data;
  const char *fa = *(const char * const *) a;
  const char *fb = *(const char * const *) b;
  guint ca = GPOINTER_TO_UINT (g_hash_table_lookup (formats, fa));
  guint cb = GPOINTER_TO_UINT (g_hash_table_lookup (formats, fb));

  if (ca != cb)
    return ca > cb ? -1 : 1;
  return strcmp (fa, fb);
}

/* "PDF, DOCX, TXT": the formats inside, most frequent first. */
static char *
describe_formats (Group *group)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, group->formats);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort_with_data (names, compare_formats, group->formats);
  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (text, _(", "));
      if (i == 4)
        {
          g_string_append (text, "…");
          break;
        }
      g_string_append (text, g_ptr_array_index (names, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_counts (Group *group)
{
  g_autofree char *counts = cd_detect_counts_to_string (group->counts);
  g_autofree char *review = NULL;

  if (group->review > 0)
    review = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u file needs manual review",
                                           "%u files need manual review", group->review),
                              group->review);
  if (counts != NULL && review != NULL)
    /* Translators: the findings of a scan, then the files that need review */
    return g_strdup_printf (_("%s; %s"), counts, review);
  if (counts != NULL)
    return g_steal_pointer (&counts);
  if (review != NULL)
    return g_steal_pointer (&review);
  return NULL;
}

/* A location the inventory accepts: UTF-8 (a file name in a legacy
 * encoding is shown with replacement characters) and not longer than an
 * asset allows, shortened in the middle where the file name stays. */
static char *
asset_location (const char *path)
{
  const gsize max = 4000;
  g_autofree char *display = g_filename_display_name (path);
  gsize len = strlen (display);
  const char *head_end;
  const char *tail_start;

  if (len <= max)
    return g_steal_pointer (&display);
  head_end = g_utf8_find_prev_char (display, display + max / 2);
  tail_start = g_utf8_find_next_char (display + len - max / 2, NULL);
  if (head_end == NULL || tail_start == NULL)
    return g_utf8_make_valid (display, (gssize) max);
  return g_strdup_printf ("%.*s…%s", (int) (head_end - display), display, tail_start);
}

static const char asset_insert_sql[] =
  "INSERT INTO assets (id, location, medium, record_type, format, records, customers, "
  "custodian, notes, created, modified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9, ?9);";

static gboolean
write_group (CdStore       *self,
             CdKeys        *keys,
             sqlite3_stmt  *insert,
             sqlite3_stmt  *link,
             Group         *group,
             gint64         now,
             GError       **error)
{
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autofree char *id = cd_store_new_id ();
  g_autofree char *location = asset_location (group->location);
  g_autofree char *format = describe_formats (group);
  g_autofree char *notes = describe_counts (group);
  guint64 total = 0;

  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    total += group->counts[kind];

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, group->mail == group->records ? CD_MEDIUM_EMAIL : CD_MEDIUM_PC);
  cd_asset_set_record_type (asset, CD_RECORD_TYPE_PERSONAL);
  cd_asset_set_format (asset, format);
  cd_asset_set_records (asset, (gint64) MIN (total, G_MAXINT64));
  cd_asset_set_customers (asset, g_hash_table_size (group->customers));
  cd_asset_set_notes (asset, notes);
  if (!cd_asset_validate (asset, error))
    return FALSE;

  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  cd_store_bind_sealed (insert, 2, keys, "assets.location", id, cd_asset_get_location (asset));
  sqlite3_bind_text (insert, 3, cd_medium_to_id (cd_asset_get_medium (asset)), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, cd_record_type_to_id (cd_asset_get_record_type (asset)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, cd_asset_get_format (asset), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 6, cd_asset_get_records (asset));
  sqlite3_bind_int64 (insert, 7, cd_asset_get_customers (asset));
  cd_store_bind_sealed (insert, 8, keys, "assets.notes", id, cd_asset_get_notes (asset));
  sqlite3_bind_int64 (insert, 9, now);
  if (!step_done (self, insert, error))
    return FALSE;

  for (guint i = 0; i < group->file_ids->len; i++)
    {
      sqlite3_bind_text (link, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (link, 2, g_array_index (group->file_ids, gint64, i));
      if (!step_done (self, link, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_mail (const char *content_type)
{
  return content_type != NULL &&
         (g_ascii_strcasecmp (content_type, "message/rfc822") == 0 ||
          g_ascii_strcasecmp (content_type, "application/mbox") == 0);
}

/**
 * cd_store_assets_from_scan:
 * @grouping: one asset per file, or per folder directly below a root
 * @out_assets: (out) (optional): how many assets were made
 *
 * Makes inventory assets of a complete scan's findings in one transaction
 * with one audit entry. Only files with findings, or that need review or
 * failed (a person must look at those), go into assets; each asset's
 * records are its findings, its customers the distinct registry customers
 * linked to its files, its notes the counts in words. The files are
 * linked to their asset for the drill-down.
 *
 * Files already linked to an asset are skipped, so a second call makes
 * nothing (0 assets) rather than duplicates; deleting an asset unlinks its
 * files, and a later call makes an asset of them again.
 */
gboolean
cd_store_assets_from_scan (CdStore         *self,
                           gint64           scan_id,
                           CdScanGrouping   grouping,
                           guint           *out_assets,
                           GError         **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) customers = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) link = NULL;
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) groups = NULL;       /* Group, in order of first file */
  g_autoptr(GHashTable) by_location = NULL; /* location → Group */
  g_autoptr(GHashTable) wanted = NULL;      /* paths with findings or review */
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id_text = row_context_id (scan_id);
  CdScanSummary totals = { 0 };
  gint64 now = cd_store_now ();
  guint linked = 0;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (grouping == CD_SCAN_GROUP_PER_FILE ||
                        grouping == CD_SCAN_GROUP_PER_FOLDER, FALSE);

  if (out_assets != NULL)
    *out_assets = 0;
  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;

  if (!cd_store_begin (self, error))
    return FALSE;
  if (!read_totals (self, scan_id, &totals, error))
    goto fail;
  if (g_strcmp0 (totals.state, "complete") != 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The scan has not finished; add its findings to the inventory when it has"));
      goto fail;
    }

  sql = g_string_new ("SELECT id, path, root, status, content_type, ");
  append_kind_columns (sql, "%s", 0);
  g_string_append (sql, " FROM scan_files WHERE scan = ? AND asset IS NULL ORDER BY id;");
  select = cd_store_prepare (self, sql->str, error);
  customers = cd_store_prepare (self, "SELECT customer FROM scan_file_customers WHERE file = ?;",
                                error);
  insert = cd_store_prepare (self, asset_insert_sql, error);
  link = cd_store_prepare (self, "UPDATE scan_files SET asset = ? WHERE id = ?;", error);
  if (select == NULL || customers == NULL || insert == NULL || link == NULL)
    goto fail;

  /* First pass: which files (by path: an archive's member records share
   * it) have findings or need a person. */
  wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_bind_int64 (select, 1, scan_id);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      g_autofree char *file_text = row_context_id (sqlite3_column_int64 (select, 0));
      g_autofree char *path = NULL;
      gboolean interesting = g_strcmp0 ((const char *) sqlite3_column_text (select, 3),
                                        "scanned") != 0;

      for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
        interesting = interesting || sqlite3_column_int64 (select, 5 + (int) kind) > 0;
      if (!interesting)
        continue;
      if (!cd_store_column_open (select, 1, keys, "scan_files.path", file_text, &path, error))
        goto fail;
      g_hash_table_add (wanted, g_steal_pointer (&path));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }
  sqlite3_reset (select);

  /* Second pass: every record of a wanted file into its group. */
  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  by_location = g_hash_table_new (g_str_hash, g_str_equal);
  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 file_id = sqlite3_column_int64 (select, 0);
      g_autofree char *file_text = row_context_id (file_id);
      g_autofree char *path = NULL;
      g_autofree char *root = NULL;
      g_autofree char *location = NULL;
      g_autofree char *format = NULL;
      const char *content_type = (const char *) sqlite3_column_text (select, 4);
      Group *group;

      if (!cd_store_column_open (select, 1, keys, "scan_files.path", file_text, &path, error) ||
          !cd_store_column_open (select, 2, keys, "scan_files.root", file_text, &root, error))
        goto fail;
      if (!g_hash_table_contains (wanted, path))
        continue;

      location = grouping == CD_SCAN_GROUP_PER_FILE ? g_strdup (path)
                                                    : first_level_folder (path, root);
      group = g_hash_table_lookup (by_location, location);
      if (group == NULL)
        {
          group = group_new (location);
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_location, group->location, group);
        }

      g_array_append_val (group->file_ids, file_id);
      group->records++;
      if (g_strcmp0 ((const char *) sqlite3_column_text (select, 3), "scanned") != 0)
        group->review++;
      if (is_mail (content_type))
        group->mail++;
      for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
        group->counts[kind] += (guint64) sqlite3_column_int64 (select, 5 + (int) kind);
      format = short_format (content_type, path);
      g_hash_table_insert (group->formats, g_strdup (format),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (group->formats,
                                                                                    format)) + 1));

      sqlite3_bind_int64 (customers, 1, file_id);
      while ((rc = sqlite3_step (customers)) == SQLITE_ROW)
        g_hash_table_add (group->customers,
                          g_strdup ((const char *) sqlite3_column_text (customers, 0)));
      sqlite3_reset (customers);
      if (rc != SQLITE_DONE)
        {
          cd_store_sqlite_error (self, rc, error);
          goto fail;
        }
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (!write_group (self, keys, insert, link, group, now, error))
        goto fail;
      linked += group->file_ids->len;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "scan");
  json_builder_add_int_value (details, scan_id);
  json_builder_set_member_name (details, "grouping");
  json_builder_add_string_value (details,
                                 grouping == CD_SCAN_GROUP_PER_FILE ? "file" : "folder");
  json_builder_set_member_name (details, "assets");
  json_builder_add_int_value (details, groups->len);
  json_builder_set_member_name (details, "files");
  json_builder_add_int_value (details, linked);
  if (!cd_store_append_audit (self, "assets.from-scan", id_text, details,
                              error) ||
      !cd_store_commit (self, error))
    goto fail;

  g_free (totals.state);
  if (out_assets != NULL)
    *out_assets = groups->len;
  return TRUE;

fail:
  g_free (totals.state);
  cd_store_rollback (self);
  return FALSE;
}

/* -- linking findings to customers ---------------------------------------------- */

static char *
index_to_string (const guint8 *index,
                 gsize         len)
{
  static const char hex[] = "0123456789abcdef";
  char *text = g_malloc (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    {
      text[2 * i] = hex[index[i] >> 4];
      text[2 * i + 1] = hex[index[i] & 0xf];
    }
  text[len * 2] = '\0';
  return text;
}

/**
 * cd_store_get_customer_index:
 *
 * The blind indexes of every customer's ID number, phone and e-mail, for a
 * scanner to link findings (cd_store_blind_index_for()) to customers in
 * memory. Nothing is decrypted. Where customers share a phone or e-mail,
 * the one registered first is linked.
 *
 * Returns: (transfer full) (element-type utf8 utf8): index string →
 *   customer id, or %NULL with @error set (a locked case)
 */
GHashTable *
cd_store_get_customer_index (CdStore  *self,
                             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) index = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (cd_store_require_keys (self, error) == NULL)
    return NULL;
  stmt = cd_store_prepare (self, "SELECT id, id_bidx, phone_bidx, email_bidx FROM customers "
                                 "ORDER BY created, rowid;", error);
  if (stmt == NULL)
    return NULL;

  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      for (int column = 1; column <= 3; column++)
        {
          char *key;

          if (sqlite3_column_type (stmt, column) != SQLITE_BLOB ||
              sqlite3_column_bytes (stmt, column) != CD_CRYPTO_INDEX_BYTES)
            continue;
          key = index_to_string (sqlite3_column_blob (stmt, column), CD_CRYPTO_INDEX_BYTES);
          if (g_hash_table_contains (index, key))
            g_free (key);
          else
            g_hash_table_insert (index, key, g_strdup (id));
        }
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&index);
}

/* Passport and permit numbers as cd_customer_normalize() stores them. */
static char *
normalize_document (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isalnum (*p))
        return NULL;
      g_string_append_c (out, g_ascii_toupper (*p));
    }
  if (out->len < 5 || out->len > 20)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * cd_store_blind_index_for:
 * @kind: what @normalized_value is
 * @normalized_value: an identifier, as cd_detect_normalize() gives it
 *
 * The key of cd_store_get_customer_index() under which a customer with
 * this identifier would be found. The value is normalised the way the
 * registry normalises it first, so spellings of one number meet.
 *
 * Returns: (transfer full) (nullable): the index string, or %NULL for a
 *   kind customers do not carry (bank cards), a value that is not valid,
 *   or a locked case
 */
char *
cd_store_blind_index_for (CdStore      *self,
                          CdDetectKind  kind,
                          const char   *normalized_value)
{
  g_autofree char *normalized = NULL;
  const char *domain = NULL;
  guint8 index[CD_CRYPTO_INDEX_BYTES];
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (normalized_value == NULL || (guint) kind >= CD_N_DETECT_KINDS)
    return NULL;
  keys = cd_store_require_keys (self, NULL);
  if (keys == NULL)
    return NULL;

  switch (kind)
    {
    case CD_DETECT_RESIDENT_ID:
      cd_ident_check_resident_id (normalized_value, &normalized, NULL);
      domain = IDX_ID_NUMBER;
      break;
    case CD_DETECT_USCC:
      cd_ident_check_uscc (normalized_value, &normalized, NULL);
      domain = IDX_ID_NUMBER;
      break;
    case CD_DETECT_PASSPORT:
    case CD_DETECT_HK_MACAU_PERMIT:
    case CD_DETECT_TW_PERMIT:
      normalized = normalize_document (normalized_value);
      domain = IDX_ID_NUMBER;
      break;
    case CD_DETECT_MOBILE:
    case CD_DETECT_LANDLINE:
      cd_ident_normalize_phone (normalized_value, &normalized, NULL, NULL);
      domain = IDX_PHONE;
      break;
    case CD_DETECT_EMAIL:
      cd_ident_check_email (normalized_value, &normalized, NULL);
      domain = IDX_EMAIL;
      break;
    case CD_DETECT_BANK_CARD:
    case CD_N_DETECT_KINDS:
    default:
      return NULL;
    }

  if (normalized == NULL || *normalized == '\0')
    return NULL;
  cd_keys_blind_index (keys, domain, normalized, index);
  return index_to_string (index, sizeof index);
}

/* -- passphrase change ---------------------------------------------------------- */

static gboolean
reseal_table (CdStore             *self,
              const char          *table,
              const char * const  *columns,
              CdKeys              *old_keys,
              CdKeys              *new_keys,
              GError             **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GString) select_sql = g_string_new ("SELECT id");
  g_autoptr(GString) update_sql = g_string_new (NULL);
  guint n_columns = g_strv_length ((char **) columns);
  int rc;

  g_string_append_printf (update_sql, "UPDATE %s SET ", table);
  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append_printf (select_sql, ", %s", columns[i]);
      g_string_append_printf (update_sql, "%s%s = ?%u", i > 0 ? ", " : "", columns[i], i + 2);
    }
  g_string_append_printf (select_sql, " FROM %s;", table);
  g_string_append (update_sql, " WHERE id = ?1;");

  select = cd_store_prepare (self, select_sql->str, error);
  update = cd_store_prepare (self, update_sql->str, error);
  if (select == NULL || update == NULL)
    return FALSE;

  while ((rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (select, 0);
      g_autofree char *id_text = row_context_id (id);

      sqlite3_bind_int64 (update, 1, id);
      for (guint i = 0; i < n_columns; i++)
        {
          g_autofree char *context = g_strconcat (table, ".", columns[i], NULL);
          g_autofree char *value = NULL;

          if (!cd_store_column_open (select, (int) i + 1, old_keys, context, id_text, &value,
                                     error))
            return FALSE;
          cd_store_bind_sealed (update, (int) i + 2, new_keys, context, id_text, value);
        }
      if (!step_done (self, update, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);
  return TRUE;
}

/**
 * cd_store_reseal_scans:
 *
 * Re-seals every sealed value of the scans under @new_keys, inside the
 * passphrase change's transaction.
 */
gboolean
cd_store_reseal_scans (CdStore  *self,
                       CdKeys   *old_keys,
                       CdKeys   *new_keys,
                       GError  **error)
{
  static const char * const scan_columns[] = { "roots", NULL };
  static const char * const file_columns[] = { "path", "member", "root", "reason", NULL };
  static const char * const sample_columns[] = { "member", "masked", NULL };

  return reseal_table (self, "scans", scan_columns, old_keys, new_keys, error) &&
         reseal_table (self, "scan_files", file_columns, old_keys, new_keys, error) &&
         reseal_table (self, "scan_samples", sample_columns, old_keys, new_keys, error);
}
