/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Customer notices (issue 6), above the store: the letter templates (shipped
 * ones and per-case edits), the variables a letter can use, merging letters
 * per customer and writing them with cd-letters, each customer's holdings
 * and effective disposition, and who is overdue. Shared by the app and the
 * command line. */

#pragma once

#include "cd-letters.h"
#include "cd-store.h"
#include "cd-template.h"

G_BEGIN_DECLS

#define CD_NOTICES_ERROR (cd_notices_error_quark ())

typedef enum
{
  CD_NOTICES_ERROR_NO_TEMPLATE,
  CD_NOTICES_ERROR_TEMPLATE,        /* the template does not compile: line, column */
  CD_NOTICES_ERROR_NO_CUSTOMERS,    /* nothing to render */
  CD_NOTICES_ERROR_INVALID,
} CdNoticesError;

typedef enum
{
  CD_NOTICES_FORMAT_PDF,
  CD_NOTICES_FORMAT_EML,            /* a folder, one .eml per customer */
  CD_NOTICES_FORMAT_MBOX,
  CD_NOTICES_FORMAT_SMS,            /* CSV */
} CdNoticesFormat;

/* Settings keys (cd_store_get_setting) */
#define CD_NOTICES_SETTING_SENDER_EMAIL  "notices.sender-email"
#define CD_NOTICES_SETTING_CONTACT       "notices.contact"       /* who to answer, e.g. "王律师 138…" */
#define CD_NOTICES_SETTING_WINDOW_DAYS   "notices.window-days"

GQuark            cd_notices_error_quark       (void);

const char       *cd_notices_format_to_id      (CdNoticesFormat format);
gboolean          cd_notices_format_from_string (const char     *text,
                                                CdNoticesFormat *out_format);
/* The channel a format's letters are sent by (PDF: post). */
CdNoticeChannel   cd_notices_format_channel    (CdNoticesFormat format);

/* The variables a letter template may use, with (UI-language)
 * descriptions. */
CdTemplateSchema *cd_notices_get_schema        (void);

/* Templates: the shipped ones (closure, transfer, retention, deletion,
 * thanks) in zh_CN and en, overlaid by the case's own edits and additions. */
typedef struct
{
  char     *name;
  char     *title;          /* UI language */
  char     *languages;      /* "zh_CN,en" */
  gboolean  edited;         /* the case has its own version (of any language) */
  gboolean  shipped;
} CdNoticeTemplateInfo;

void              cd_notice_template_info_free (CdNoticeTemplateInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdNoticeTemplateInfo, cd_notice_template_info_free)

GPtrArray        *cd_notices_list_templates    (CdStore        *store,
                                                GError        **error);
/* The case's version if it has one, else the shipped one. */
gboolean          cd_notices_get_template      (CdStore        *store,
                                                const char     *name,
                                                const char     *language,
                                                char          **out_subject,
                                                char          **out_body,
                                                gboolean       *out_edited,
                                                GError        **error);
/* The shipped text only (for "reset"). */
gboolean          cd_notices_get_shipped_template (const char  *name,
                                                const char     *language,
                                                char          **out_subject,
                                                char          **out_body,
                                                GError        **error);
/* Checks subject and body against the schema; on error @out_line and
 * @out_column say where, and @out_in_subject which part. */
gboolean          cd_notices_check_template    (const char     *subject,
                                                const char     *body,
                                                guint          *out_line,
                                                guint          *out_column,
                                                gboolean       *out_in_subject,
                                                GError        **error);

/* Everything about the case that letters need, loaded once (customers,
 * assets, plans, holdings, overrides, notices). Cheap to query per
 * customer. Take a new one after the case changes. */
typedef struct _CdNoticesContext CdNoticesContext;

CdNoticesContext *cd_notices_context_new       (CdStore        *store,
                                                GError        **error);
void              cd_notices_context_free      (CdNoticesContext *ctx);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdNoticesContext, cd_notices_context_free)

/* (transfer none) CdCustomer in registry order. */
GListModel       *cd_notices_context_get_customers (CdNoticesContext *ctx);
/* (transfer none) NULL if nothing was ever drafted or answered. */
const CdNotice   *cd_notices_context_get_notice    (CdNoticesContext *ctx,
                                                    const char       *customer_id);
/* (transfer none) CdHolding of one customer, possibly empty. */
GPtrArray        *cd_notices_context_get_holdings  (CdNoticesContext *ctx,
                                                    const char       *customer_id);
/* "3 contracts, 1 transaction record, 12 communications" in @language
 * ("zh_CN", "en"; NULL: the UI's), or "" when nothing is linked. */
char             *cd_notices_context_describe_holdings (CdNoticesContext *ctx,
                                                    const char       *customer_id,
                                                    const char       *language);
/* The customer's override if any, else the dispositions of the assets that
 * hold their records: one if they agree, CD_DISPOSITION_UNDECIDED with
 * @out_mixed TRUE if they differ, UNDECIDED/FALSE if nothing is linked. */
CdDisposition     cd_notices_context_effective_disposition (CdNoticesContext *ctx,
                                                    const char       *customer_id,
                                                    gboolean         *out_mixed);
/* The letter variables for one customer. */
CdTemplateValues *cd_notices_context_values_for    (CdNoticesContext *ctx,
                                                    CdCustomer       *customer,
                                                    const char       *language,
                                                    guint             window_days);

/* Rendering letters: who, which template, which format, where. */
typedef enum
{
  CD_NOTICES_SELECT_ALL,
  CD_NOTICES_SELECT_IDS,            /* @customer_ids */
  CD_NOTICES_SELECT_UNANSWERED,     /* no response recorded yet */
} CdNoticesSelect;

typedef struct
{
  const char         *template_name;
  const char         *language;         /* NULL: zh_CN */
  CdNoticesFormat     format;
  const char         *path;             /* file (pdf, mbox, sms) or folder (eml) */
  const char         *per_customer_dir; /* pdf: also one file per customer */
  CdNoticesSelect     select;
  const char * const *customer_ids;
  guint               window_days;      /* 0: the case's setting or 30 */
  const char         *sender_email;     /* NULL: the case's setting */
} CdNoticesRenderOptions;

typedef struct
{
  guint           letters;
  guint           pages;
  guint64         bytes;
  GPtrArray      *skipped;    /* customer ids without what the format needs */
  GPtrArray      *rendered;   /* customer ids rendered */
} CdNoticesRenderResult;

void              cd_notices_render_result_clear (CdNoticesRenderResult *result);

/* Merges and writes; the rendered customers' notices become "drafted"
 * (one transaction, audited). Customers without an address, e-mail or
 * phone for the format are listed in result->skipped, not rendered. */
gboolean          cd_notices_render            (CdStore                      *store,
                                                const CdNoticesRenderOptions *options,
                                                CdNoticesRenderResult        *result,
                                                GCancellable                 *cancellable,
                                                GError                      **error);
/* One letter, as text, for the template editor's live preview. */
char             *cd_notices_preview           (CdNoticesContext *ctx,
                                                const char       *subject,
                                                const char       *body,
                                                CdCustomer       *customer,
                                                const char       *language,
                                                GError          **error);

/* Sent, unanswered, past the deadline on @today (NULL: today): CdNotice
 * copies, earliest deadline first. */
GPtrArray        *cd_notices_list_overdue      (CdStore        *store,
                                                const char     *today,
                                                GError        **error);

/* "Send me a copy": writes the customer's own registry record and the
 * files that mention only them into @dir (a new folder), lists files that
 * mention other customers too without copying them (they need redaction
 * first), and records it. Until the vault exists this is a plain folder:
 * @out_warning says so. */
gboolean          cd_notices_export_copy       (CdStore        *store,
                                                const char     *customer_id,
                                                const char     *dir,
                                                char          **out_warning,
                                                GError        **error);

G_END_DECLS
