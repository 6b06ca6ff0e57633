/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-scan: what a scan reports (findings, file reports, the records kept
 * in a case) and cd_scan_paths(), the simple synchronous way to run one;
 * the engine itself is CdScanJob (cd-scan-job.c). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cd-extract.h"
#include "cd-scan-job.h"
#include "cd-scan.h"

G_DEFINE_QUARK (cd_scan_error_quark, cd_scan_error)

/* Enough of a file to tell what it is. */
#define SNIFF_BYTES 8192

CdScanSample *
cd_scan_sample_new (const char   *member,
                    guint         page,
                    CdDetectKind  kind,
                    const char   *masked)
{
  CdScanSample *sample = g_new0 (CdScanSample, 1);

  sample->member = g_strdup (member);
  sample->page = page;
  sample->kind = kind;
  sample->masked = g_strdup (masked);
  return sample;
}

void
cd_scan_sample_free (CdScanSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->member);
  g_free (sample->masked);
  g_free (sample);
}

CdScanFileRecord *
cd_scan_file_record_new (void)
{
  CdScanFileRecord *record = g_new0 (CdScanFileRecord, 1);

  record->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_sample_free);
  record->customer_ids = g_ptr_array_new_with_free_func (g_free);
  return record;
}

CdScanFileRecord *
cd_scan_file_record_copy (const CdScanFileRecord *record)
{
  CdScanFileRecord *copy = cd_scan_file_record_new ();

  copy->path = g_strdup (record->path);
  copy->member = g_strdup (record->member);
  copy->root = g_strdup (record->root);
  copy->status = record->status;
  copy->content_type = g_strdup (record->content_type);
  copy->reason = g_strdup (record->reason);
  copy->encoding = g_strdup (record->encoding);
  copy->truncated = record->truncated;
  copy->size = record->size;
  copy->duration_ms = record->duration_ms;
  memcpy (copy->counts, record->counts, sizeof copy->counts);
  for (guint i = 0; i < record->samples->len; i++)
    {
      const CdScanSample *sample = record->samples->pdata[i];

      g_ptr_array_add (copy->samples, cd_scan_sample_new (sample->member, sample->page,
                                                          sample->kind, sample->masked));
    }
  for (guint i = 0; i < record->customer_ids->len; i++)
    g_ptr_array_add (copy->customer_ids, g_strdup (record->customer_ids->pdata[i]));
  return copy;
}

void
cd_scan_file_record_free (CdScanFileRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->path);
  g_free (record->member);
  g_free (record->root);
  g_free (record->content_type);
  g_free (record->reason);
  g_free (record->encoding);
  g_clear_pointer (&record->samples, g_ptr_array_unref);
  g_clear_pointer (&record->customer_ids, g_ptr_array_unref);
  g_free (record);
}

void
cd_scan_limits_init_default (CdScanLimits *limits)
{
  CdExtractLimits extract;

  cd_extract_limits_init_default (&extract);
  limits->max_text_bytes = 256 * 1024 * 1024;
  limits->max_depth = 64;
  limits->n_workers = 0;
  limits->worker_timeout_s = 120;
  limits->max_expanded_bytes = extract.max_total_bytes;
  limits->max_ratio = extract.max_ratio;
  limits->max_nesting = extract.max_depth;
  limits->max_members = extract.max_members;
  limits->max_member_bytes = extract.max_member_bytes;
}

typedef struct
{
  CdScanFileFunc file_func;
  gpointer       user_data;
} PathsClosure;

static void
on_file_done (CdScanJob        *job,
              CdScanFileRecord *record,
              gpointer          user_data)
{
  PathsClosure *closure = user_data;
  CdScanFileReport report = { 0, };
  g_autofree char *file = NULL;

  if (closure->file_func == NULL)
    return;
  /* A member that needs review or failed is reported under "file!/member". */
  if (record->member != NULL)
    file = g_strconcat (record->path, "!/", record->member, NULL);
  report.file = file != NULL ? file : record->path;
  report.status = record->status;
  report.content_type = record->content_type;
  report.reason = record->reason;
  report.encoding = record->encoding;
  report.size = record->size;
  report.truncated = record->truncated;
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    report.counts[k] = (guint) MIN (record->counts[k], G_MAXUINT);
  closure->file_func (&report, closure->user_data);
}

/**
 * cd_scan_paths:
 * @paths: (array zero-terminated=1): files and folders to scan
 * @limits: (nullable): %NULL for the defaults
 * @finding_func: (nullable): called for every identifier found
 * @file_func: (nullable): called once for every file (and for every folder
 *   that could not be read), after its findings
 *
 * Scans @paths in order, folders recursively in name order. A path that
 * does not exist is an error before anything is scanned; files that cannot
 * be read are reported through @file_func and the scan goes on.
 *
 * Returns: %FALSE if a path does not exist or the scan was cancelled
 */
gboolean
cd_scan_paths (const char * const *paths,
               const CdScanLimits *limits,
               CdScanFindingFunc   finding_func,
               CdScanFileFunc      file_func,
               gpointer            user_data,
               GCancellable       *cancellable,
               GError            **error)
{
  return cd_scan_paths_full (paths, limits, NULL, finding_func, file_func, user_data,
                             cancellable, NULL, error);
}

/**
 * cd_scan_paths_full:
 * @store: (nullable): an unlocked case to record the scan in
 * @out_scan_id: (out) (optional): the scan's id in @store
 *
 * Like cd_scan_paths(), recording the scan in @store as it goes; members
 * of archives that need review or failed are reported as "file!/member".
 */
gboolean
cd_scan_paths_full (const char * const *paths,
                    const CdScanLimits *limits,
                    CdStore            *store,
                    CdScanFindingFunc   finding_func,
                    CdScanFileFunc      file_func,
                    gpointer            user_data,
                    GCancellable       *cancellable,
                    gint64             *out_scan_id,
                    GError            **error)
{
  g_autoptr(CdScanJob) job = NULL;
  PathsClosure closure = { file_func, user_data };

  g_return_val_if_fail (paths != NULL, FALSE);

  job = cd_scan_job_new (paths, limits);
  if (store != NULL)
    cd_scan_job_set_store (job, store);
  cd_scan_job_set_finding_func (job, finding_func, user_data);
  g_signal_connect (job, "file-done", G_CALLBACK (on_file_done), &closure);
  if (!cd_scan_job_run (job, cancellable, error))
    return FALSE;
  if (out_scan_id != NULL)
    *out_scan_id = cd_scan_job_get_scan_id (job);
  return TRUE;
}
