/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-scan: walks folders and files and reports the identifiers in them. */

#pragma once

#include <gio/gio.h>

#include "cd-detect.h"

G_BEGIN_DECLS

#define CD_SCAN_ERROR (cd_scan_error_quark ())

typedef enum
{
  CD_SCAN_ERROR_NOT_FOUND,
  CD_SCAN_ERROR_CANCELLED,
} CdScanError;

/* What became of one file. */
typedef enum
{
  CD_SCAN_FILE_SCANNED,   /* read; its findings were reported */
  CD_SCAN_FILE_REVIEW,    /* images, audio, video and formats not read: a person must look */
  CD_SCAN_FILE_FAILED,    /* could not be read (permissions, damaged, changed while read) */
} CdScanFileStatus;

typedef struct
{
  goffset  max_text_bytes;   /* a text file longer than this is read up to it */
  guint    max_depth;        /* folders below a root */
} CdScanLimits;

typedef struct
{
  const char   *file;        /* the path as given, or below it */
  const char   *member;      /* inside an archive ('!/'-joined), or NULL */
  guint         page;        /* 1-based PDF page, or 0 */
  CdDetectKind  kind;
  const char   *masked;      /* never the identifier itself */
} CdScanFinding;

typedef struct
{
  const char        *file;
  CdScanFileStatus   status;
  const char        *content_type;            /* as guessed from the bytes and the name */
  const char        *reason;                  /* translated; why not scanned, or NULL */
  const char        *encoding;                /* of a text file, or NULL */
  goffset            size;
  gboolean           truncated;               /* only the first max_text_bytes were read */
  guint              counts[CD_N_DETECT_KINDS];
} CdScanFileReport;

typedef void (*CdScanFindingFunc) (const CdScanFinding    *finding,
                                   gpointer                user_data);
typedef void (*CdScanFileFunc)    (const CdScanFileReport *report,
                                   gpointer                user_data);

GQuark    cd_scan_error_quark       (void);
void      cd_scan_limits_init_default (CdScanLimits      *limits);
gboolean  cd_scan_paths             (const char * const *paths,
                                     const CdScanLimits *limits,
                                     CdScanFindingFunc   finding_func,
                                     CdScanFileFunc      file_func,
                                     gpointer            user_data,
                                     GCancellable       *cancellable,
                                     GError            **error);
gboolean  cd_scan_text              (const char         *file,
                                     const char         *text,
                                     gsize               len,
                                     CdScanFindingFunc   finding_func,
                                     gpointer            user_data,
                                     guint               counts[CD_N_DETECT_KINDS]);

G_END_DECLS
