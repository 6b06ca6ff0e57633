/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-scan-worker: the contained process that reads PDFs, archives,
 * documents and mail for a scan (see cd-scan-worker.c for the protocol). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long a recording or video lasts, in milliseconds, or -1. */
typedef gint64 (*CdScanWorkerProbeFunc) (const char *path);

int    cd_scan_worker_main      (int                    argc,
                                 char                 **argv,
                                 CdScanWorkerProbeFunc  probe);
void   cd_scan_worker_escape    (GString     *out,
                                 const char  *field);
char  *cd_scan_worker_unescape  (const char  *field,
                                 gsize        len);

G_END_DECLS
