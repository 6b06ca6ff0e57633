/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-redact-worker: a whole redaction (open, detect, apply boxes, export,
 * verify) as one request, run in this process or in a contained
 * closure-desk-redact-worker process (see cd-redact-worker.c). */

#pragma once

#include "cd-redact.h"

G_BEGIN_DECLS

typedef struct
{
  const char *input;
  const char *output;
  const char *password;        /* nullable */
  gboolean    auto_detect;     /* box every identifier the detectors find */
  guint       kinds_mask;      /* of the detectors; 0: all kinds */
  const char *boxes_json;      /* nullable: a boxes file's contents (cd-redact.h) */
  gsize       boxes_json_len;
  const char *plan_json;       /* nullable: a plan of cd_redact_document_save_plan () */
  gsize       plan_json_len;
  gboolean    probe;           /* open and mark only: no output (output may be NULL);
                                * the result counts pages and boxes */
  guint       dpi;             /* 0: CD_REDACT_DEFAULT_DPI */
  guint       timeout_s;       /* contained only; 0: 120 s plus 5 s a page */
} CdRedactRequest;

gboolean cd_redact_run            (const CdRedactRequest  *request,
                                   CdRedactResult         *result,
                                   GCancellable           *cancellable,
                                   CdRedactProgressFunc    progress,
                                   gpointer                user_data,
                                   GError                **error);
gboolean cd_redact_run_contained  (const CdRedactRequest  *request,
                                   CdRedactResult         *result,
                                   GCancellable           *cancellable,
                                   CdRedactProgressFunc    progress,
                                   gpointer                user_data,
                                   GError                **error);
int      cd_redact_worker_main    (int                     argc,
                                   char                  **argv);

G_END_DECLS
