/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-report: the disposal report (《客户信息处置报告》) and the commitment
 * letter (《数据处置承诺书》), built from the case alone, in zh_CN or en, laid
 * out with cd-doc (one drawing path for PDF export, printing and the pane's
 * preview), signed with the case's minisign key, and checked back against
 * the case by cd_report_verify (). */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "cd-store.h"

G_BEGIN_DECLS

#define CD_REPORT_ERROR (cd_report_error_quark ())

typedef enum
{
  CD_REPORT_ERROR_FAILED,
  CD_REPORT_ERROR_LANGUAGE,      /* not "zh_CN" or "en" */
  CD_REPORT_ERROR_NOT_A_REPORT,  /* verify: not a PDF, or no report data in it */
  CD_REPORT_ERROR_SIGNATURE,     /* verify: missing, malformed or wrong signature */
  CD_REPORT_ERROR_MISMATCH,      /* verify: a hash the report states is not the case's */
} CdReportError;

GQuark cd_report_error_quark (void);

typedef enum
{
  CD_REPORT_KIND_REPORT,       /* 客户信息处置报告 */
  CD_REPORT_KIND_COMMITMENT,   /* 数据处置承诺书 */
} CdReportKind;

/* One line of the completeness checklist: what a final report needs. */
typedef struct
{
  gboolean  done;
  gboolean  blocking;  /* an error of the plan check: the report is a draft */
  char     *title;     /* translated, in the UI language (gettext) */
  char     *detail;    /* translated; may be NULL */
} CdReportCheck;

void cd_report_check_free (CdReportCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdReportCheck, cd_report_check_free)

#define CD_TYPE_REPORT (cd_report_get_type ())
G_DECLARE_FINAL_TYPE (CdReport, cd_report, CD, REPORT, GObject)

/* Reads everything the report needs from @store (unlocked) and lays it out,
 * in @language ("zh_CN" or "en"; NULL is "zh_CN"). @now is the report's
 * date and time (NULL: now). Safe to call on a worker thread; the result
 * holds no reference to @store. */
CdReport    *cd_report_new             (CdStore       *store,
                                        CdReportKind   kind,
                                        const char    *language,
                                        GDateTime     *now,
                                        GError       **error);

CdReportKind cd_report_get_kind        (CdReport      *self);
const char  *cd_report_get_language    (CdReport      *self);
/* TRUE when the plan check had errors: watermarked 草稿 / DRAFT, and the
 * first page says why. */
gboolean     cd_report_is_draft        (CdReport      *self);
guint        cd_report_get_n_plan_errors (CdReport    *self);
/* The checklist (CdReportCheck *), in the order a consultant works. */
GPtrArray   *cd_report_get_checks      (CdReport      *self);

guint        cd_report_get_n_pages     (CdReport      *self);
/* Draws page @page (0-based), A4 in points, origin top left. Thread-safe
 * for one report per thread. */
void         cd_report_draw_page       (CdReport      *self,
                                        cairo_t       *cr,
                                        guint          page);
/* The PDF alone (no signature), atomically. */
gboolean     cd_report_write_pdf       (CdReport      *self,
                                        const char    *path,
                                        GError       **error);

/* What `report CASE -o PATH` does: the report in @language to @path,
 * its minisign signature by the case key to PATH.minisig, and when
 * @commitment_path is set the commitment letter there (and its .minisig),
 * an audit entry, one transaction: on failure no file is left behind and
 * the case is as it was. @n_pages_out (the report's pages) and
 * @n_plan_errors_out (why it is a draft) may be NULL. */
gboolean     cd_report_export          (CdStore       *store,
                                        const char    *path,
                                        const char    *language,
                                        const char    *commitment_path,
                                        guint         *n_pages_out,
                                        guint         *n_plan_errors_out,
                                        GError       **error);

/* The result of checking a report file against a case. */
typedef struct
{
  gboolean  signature_ok;    /* PATH.minisig verifies with the case's public key */
  gboolean  head_in_chain;   /* the audit head hash it states is an entry of the case's chain */
  gboolean  vaults_match;    /* every vault SHA-256 it states is the case's record */
  guint     n_vaults;        /* vault hashes stated */
  char     *head_hash;       /* hex, as stated */
  char     *generated;       /* ISO 8601, as stated */
  char     *language;
} CdReportVerification;

void cd_report_verification_free (CdReportVerification *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdReportVerification, cd_report_verification_free)

/* Checks @pdf_path and its .minisig against @store (need not be unlocked).
 * Returns NULL with @error only when the file cannot be checked at all;
 * otherwise the caller reads the flags (all TRUE: the report is genuine). */
CdReportVerification *cd_report_verify (CdStore       *store,
                                        const char    *pdf_path,
                                        GError       **error);

G_END_DECLS
