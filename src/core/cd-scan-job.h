/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdScanJob: one scan of files and folders, run on worker threads (PDFs,
 * archives, documents and mail in a contained worker process), with
 * progress for a window and, when given a case, every result recorded in
 * it (batches of files, one transaction each; a cancelled or failed scan
 * leaves nothing but its audit entry). */

#pragma once

#include <gio/gio.h>

#include "cd-scan.h"
#include "cd-store.h"

G_BEGIN_DECLS

#define CD_TYPE_SCAN_JOB (cd_scan_job_get_type ())
G_DECLARE_FINAL_TYPE (CdScanJob, cd_scan_job, CD, SCAN_JOB, GObject)

CdScanJob   *cd_scan_job_new             (const char * const *roots,
                                          const CdScanLimits *limits);
/* Records the scan into @store (unlocked) as it goes. */
void         cd_scan_job_set_store       (CdScanJob          *self,
                                          CdStore            *store);
/* Called on the worker side for every finding, in file order (CLI jsonl). */
void         cd_scan_job_set_finding_func (CdScanJob         *self,
                                          CdScanFindingFunc   func,
                                          gpointer            user_data);

/* Runs in the calling thread (CLI); signals are emitted in it. */
gboolean     cd_scan_job_run             (CdScanJob          *self,
                                          GCancellable       *cancellable,
                                          GError            **error);
/* Runs in a thread; "progress" and "file-done" are emitted in the thread
 * default main context of the caller (the GTK main loop). */
void         cd_scan_job_run_async       (CdScanJob          *self,
                                          GCancellable       *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer            user_data);
gboolean     cd_scan_job_run_finish      (CdScanJob          *self,
                                          GAsyncResult       *result,
                                          GError            **error);

gboolean     cd_scan_paths_full          (const char * const *paths,
                                          const CdScanLimits *limits,
                                          CdStore            *store,
                                          CdScanFindingFunc   finding_func,
                                          CdScanFileFunc      file_func,
                                          gpointer            user_data,
                                          GCancellable       *cancellable,
                                          gint64             *out_scan_id,
                                          GError            **error);

/* Progress, valid in "progress" handlers and after the run. */
guint64      cd_scan_job_get_files_done  (CdScanJob          *self);
guint64      cd_scan_job_get_bytes_done  (CdScanJob          *self);
/* The total is known once the folders are listed (0 before). */
guint64      cd_scan_job_get_files_total (CdScanJob          *self);
guint64      cd_scan_job_get_bytes_total (CdScanJob          *self);
const char  *cd_scan_job_get_current_path (CdScanJob         *self);
guint64      cd_scan_job_get_count       (CdScanJob          *self,
                                          CdDetectKind        kind);
guint64      cd_scan_job_get_review      (CdScanJob          *self);
guint64      cd_scan_job_get_failed      (CdScanJob          *self);
/* The scan's id in the store once recorded (0 without a store). */
gint64       cd_scan_job_get_scan_id     (CdScanJob          *self);

G_END_DECLS
