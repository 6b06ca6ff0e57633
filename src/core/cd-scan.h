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
  guint    n_workers;        /* files read at once; 0: one per processor */
  guint    worker_timeout_s; /* a worker silent this long on one file is stopped */
  /* Archives, documents, PDFs and mail: see CdExtractLimits. */
  guint64  max_expanded_bytes;
  guint    max_ratio;
  guint    max_nesting;
  guint    max_members;
  gsize    max_member_bytes;
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

/* One finding kept in the case as a sample for the drill-down. */
typedef struct
{
  char         *member;      /* NULL: in the file itself */
  guint         page;        /* 1-based PDF page, or 0 */
  CdDetectKind  kind;
  char         *masked;
} CdScanSample;

/* What a scan records in the case for one file, or for one member of an
 * archive that needs review or failed (member != NULL). */
typedef struct
{
  char              *path;                    /* as found below the root */
  char              *member;                  /* or NULL */
  char              *root;                    /* the root (as given) it was found under */
  CdScanFileStatus   status;
  char              *content_type;
  char              *reason;                  /* translated, or NULL */
  char              *encoding;                /* of a text file ("UTF-8", "GB18030"…), or NULL */
  gboolean           truncated;               /* only the first max_text_bytes were read */
  goffset            size;
  gint64             duration_ms;             /* of a recording or video, 0 if not known */
  guint64            counts[CD_N_DETECT_KINDS];
  GPtrArray         *samples;                 /* CdScanSample, at most CD_SCAN_MAX_SAMPLES per kind */
  GPtrArray         *customer_ids;            /* char*: registry customers mentioned, sorted, unique */
} CdScanFileRecord;

#define CD_SCAN_MAX_SAMPLES 20

CdScanSample     *cd_scan_sample_new        (const char   *member,
                                             guint         page,
                                             CdDetectKind  kind,
                                             const char   *masked);
void              cd_scan_sample_free       (CdScanSample *sample);
CdScanFileRecord *cd_scan_file_record_new   (void);
CdScanFileRecord *cd_scan_file_record_copy  (const CdScanFileRecord *record);
void              cd_scan_file_record_free  (CdScanFileRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdScanSample, cd_scan_sample_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdScanFileRecord, cd_scan_file_record_free)

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

G_END_DECLS
