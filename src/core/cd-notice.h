/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Customer notices (issue 6): what each customer was told, when, how, and
 * what they answered; which assets hold their records; the per-customer
 * overrides of the plan that their answers cause. Plain records; CdStore
 * keeps them. */

#pragma once

#include <glib.h>

#include "cd-policy.h"

G_BEGIN_DECLS

#define CD_NOTICE_ERROR (cd_notice_error_quark ())

typedef enum
{
  CD_NOTICE_ERROR_UNKNOWN_VALUE,
} CdNoticeError;

GQuark      cd_notice_error_quark        (void);

typedef enum
{
  CD_NOTICE_NONE,       /* nothing drafted yet */
  CD_NOTICE_DRAFTED,    /* a letter was rendered */
  CD_NOTICE_SENT,
} CdNoticeState;

typedef enum
{
  CD_CHANNEL_POST,
  CD_CHANNEL_EMAIL,
  CD_CHANNEL_SMS,
  CD_CHANNEL_IN_PERSON,
  CD_CHANNEL_PHONE,
} CdNoticeChannel;

typedef enum
{
  CD_RESPONSE_NONE,
  CD_RESPONSE_NO_OBJECTION,
  CD_RESPONSE_DELETE,            /* delete my data */
  CD_RESPONSE_COPY,              /* send me a copy */
  CD_RESPONSE_OBJECT_TRANSFER,   /* do not hand my data on */
  CD_RESPONSE_OTHER,             /* with text */
} CdNoticeResponse;

#define CD_N_NOTICE_STATES    (CD_NOTICE_SENT + 1)
#define CD_N_CHANNELS         (CD_CHANNEL_PHONE + 1)
#define CD_N_RESPONSES        (CD_RESPONSE_OTHER + 1)

/* The seeds' response windows. */
#define CD_NOTICE_DEFAULT_WINDOW_DAYS 30
#define CD_NOTICE_MAX_WINDOW_DAYS     365

const char *cd_notice_state_to_id        (CdNoticeState     state);
const char *cd_notice_state_get_label    (CdNoticeState     state);
gboolean    cd_notice_state_from_string  (const char       *text,
                                          CdNoticeState    *out_state,
                                          GError          **error);
const char *cd_channel_to_id             (CdNoticeChannel   channel);
const char *cd_channel_get_label         (CdNoticeChannel   channel);
gboolean    cd_channel_from_string       (const char       *text,
                                          CdNoticeChannel  *out_channel,
                                          GError          **error);
const char *cd_response_to_id            (CdNoticeResponse  response);
const char *cd_response_get_label        (CdNoticeResponse  response);
gboolean    cd_response_from_string      (const char       *text,
                                          CdNoticeResponse *out_response,
                                          GError          **error);

typedef struct
{
  char             *customer_id;
  CdNoticeState     state;
  char             *template_name;    /* the template last rendered */
  gint64            drafted_at;       /* unix time, 0: never */
  char             *sent_on;          /* YYYY-MM-DD, NULL until sent */
  CdNoticeChannel   channel;          /* meaningful once sent */
  guint             window_days;      /* the response window */
  char             *deadline;         /* sent_on + window_days, NULL until sent */
  CdNoticeResponse  response;
  char             *response_text;    /* "other": what they said (sealed) */
  char             *responded_on;     /* YYYY-MM-DD */
  gboolean          copy_prepared;    /* "copy": the package was prepared */
} CdNotice;

CdNotice   *cd_notice_new                (const char       *customer_id);
CdNotice   *cd_notice_copy               (const CdNotice   *notice);
void        cd_notice_free               (CdNotice         *notice);
/* Sent, unanswered and the deadline before @today (YYYY-MM-DD). */
gboolean    cd_notice_is_overdue         (const CdNotice   *notice,
                                          const char       *today);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdNotice, cd_notice_free)

/* Where a customer's records are: an asset whose scanned files mention the
 * customer (found by the scan's blind-index matches), or linked by hand. */
typedef enum
{
  CD_HOLDING_SCAN   = 1 << 0,
  CD_HOLDING_MANUAL = 1 << 1,
} CdHoldingSource;

typedef struct
{
  char  *customer_id;
  char  *asset_id;
  guint  sources;       /* CdHoldingSource bits */
  guint  files;         /* scanned files of the asset that mention the customer */
  guint  items;         /* records linked by hand (0 for scan-only links) */
} CdHolding;

void        cd_holding_free              (CdHolding        *holding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdHolding, cd_holding_free)

/* A scanned file that mentions a customer (for a copy of their records). */
typedef struct
{
  char  *path;          /* the file as scanned */
  char  *member;        /* inside an archive or mailbox, or NULL */
  char  *asset_id;      /* NULL when not in an asset */
  guint  customers;     /* how many registry customers it mentions */
} CdCustomerFile;

void        cd_customer_file_free        (CdCustomerFile   *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCustomerFile, cd_customer_file_free)

/* A customer's override of the plan of the assets that hold their records:
 * a disposition (CD_DISPOSITION_UNDECIDED: none), categories the customer's
 * records carry wherever they are (a minor's, a patient's), and/or
 * exclusion from any transfer. @from_response: set by the customer's answer to a notice, and
 * undone if the answer is changed. */
typedef struct
{
  char          *customer_id;
  CdDisposition  disposition;
  CdCategories   categories;         /* tags on the customer (e.g. a minor) */
  gboolean       exclude_transfer;
  gboolean       from_response;
  char          *reason;             /* sealed */
  char          *decided_by;
  gint64         decided_at;
} CdCustomerPlan;

CdCustomerPlan *cd_customer_plan_new     (const char       *customer_id);
void        cd_customer_plan_free        (CdCustomerPlan   *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCustomerPlan, cd_customer_plan_free)

/* A per-case edit of a shipped letter template, or a new one. */
typedef struct
{
  char   *name;
  char   *language;      /* "zh_CN", "en" */
  char   *subject;
  char   *body;
  gint64  modified;
} CdCaseTemplate;

void        cd_case_template_free        (CdCaseTemplate   *tmpl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCaseTemplate, cd_case_template_free)

G_END_DECLS
