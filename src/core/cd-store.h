/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdStore: one closure case file (.closurecase), an SQLite database. Every
 * mutation is one transaction that also appends its audit entry; a failed
 * operation leaves the file as it was. Identifying columns are sealed with
 * the case key, which exists only while the store is unlocked. */

#pragma once

#include <gio/gio.h>

#include "cd-asset.h"
#include "cd-audit.h"
#include "cd-case-info.h"
#include "cd-crypto.h"
#include "cd-customer.h"
#include "cd-notice.h"
#include "cd-policy.h"
#include "cd-redact.h"
#include "cd-scan.h"
#include "cd-types.h"

G_BEGIN_DECLS

#define CD_STORE_ERROR (cd_store_error_quark ())

typedef enum
{
  CD_STORE_ERROR_NOT_A_CASE,
  CD_STORE_ERROR_CORRUPT,
  CD_STORE_ERROR_TOO_NEW,
  CD_STORE_ERROR_READ_ONLY,
  CD_STORE_ERROR_BUSY,
  CD_STORE_ERROR_EXISTS,
  CD_STORE_ERROR_NOT_FOUND,
  CD_STORE_ERROR_WRONG_PASSPHRASE,
  CD_STORE_ERROR_LOCKED,
  CD_STORE_ERROR_INVALID,
  CD_STORE_ERROR_DUPLICATE,
  CD_STORE_ERROR_FAILED,
  CD_STORE_ERROR_UNSUPPORTED_LOCATION,
} CdStoreError;

#define CD_STORE_FILE_EXTENSION ".closurecase"
#define CD_STORE_SCHEMA_VERSION 11

#define CD_TYPE_STORE (cd_store_get_type ())
G_DECLARE_FINAL_TYPE (CdStore, cd_store, CD, STORE, GObject)

GQuark       cd_store_error_quark        (void);

/* Life cycle */
CdStore     *cd_store_create             (const char        *path,
                                          const char        *passphrase,
                                          const CdKdfParams *params,
                                          CdCaseInfo        *info,
                                          const char        *actor,
                                          GError           **error);
CdStore     *cd_store_open               (const char        *path,
                                          GError           **error);
gboolean     cd_store_unlock             (CdStore           *self,
                                          const char        *passphrase,
                                          GError           **error);
void         cd_store_lock               (CdStore           *self);
void         cd_store_adopt              (CdStore           *self);
gboolean     cd_store_is_locked          (CdStore           *self);
gboolean     cd_store_is_busy            (CdStore           *self);
void         cd_store_hold               (CdStore           *self);
void         cd_store_release            (CdStore           *self);
gboolean     cd_store_change_passphrase  (CdStore           *self,
                                          const char        *old_passphrase,
                                          const char        *new_passphrase,
                                          const CdKdfParams *params,
                                          GError           **error);
void         cd_store_close              (CdStore           *self);
const char  *cd_store_get_path           (CdStore           *self);
int          cd_store_get_schema_version (CdStore           *self);
void         cd_store_set_actor          (CdStore           *self,
                                          const char        *actor);
const char  *cd_store_get_actor          (CdStore           *self);

/* Case metadata and liquidation group */
CdCaseInfo  *cd_store_get_case_info      (CdStore           *self,
                                          GError           **error);
gboolean     cd_store_update_case_info   (CdStore           *self,
                                          CdCaseInfo        *info,
                                          GError           **error);
GListModel  *cd_store_list_members       (CdStore           *self,
                                          GError           **error);
gboolean     cd_store_add_member         (CdStore           *self,
                                          CdMember          *member,
                                          GError           **error);
gboolean     cd_store_remove_member      (CdStore           *self,
                                          const char        *member_id,
                                          GError           **error);

/* Data assets */
gboolean     cd_store_add_asset          (CdStore           *self,
                                          CdAsset           *asset,
                                          GError           **error);
gboolean     cd_store_update_asset       (CdStore           *self,
                                          CdAsset           *asset,
                                          GError           **error);
gboolean     cd_store_delete_assets      (CdStore           *self,
                                          const char * const *ids,
                                          GError           **error);
gboolean     cd_store_import_assets      (CdStore           *self,
                                          GPtrArray         *assets,
                                          const char        *source,
                                          GError           **error);
CdAsset     *cd_store_get_asset          (CdStore           *self,
                                          const char        *id,
                                          GError           **error);
GListModel  *cd_store_list_assets        (CdStore           *self,
                                          GError           **error);
gint64       cd_store_count_assets       (CdStore           *self,
                                          GError           **error);

/* Customers */
gboolean     cd_store_add_customer       (CdStore           *self,
                                          CdCustomer        *customer,
                                          GError           **error);
gboolean     cd_store_update_customer    (CdStore           *self,
                                          CdCustomer        *customer,
                                          GError           **error);
gboolean     cd_store_delete_customers   (CdStore           *self,
                                          const char * const *ids,
                                          GError           **error);
gboolean     cd_store_import_customers   (CdStore           *self,
                                          GPtrArray         *customers,
                                          const char        *source,
                                          guint             *out_added,
                                          guint             *out_duplicates,
                                          GError           **error);
CdCustomer  *cd_store_get_customer       (CdStore           *self,
                                          const char        *id,
                                          GError           **error);
CdCustomer  *cd_store_find_customer      (CdStore           *self,
                                          const char        *id_number,
                                          const char        *phone,
                                          const char        *email,
                                          GError           **error);
GListModel  *cd_store_list_customers     (CdStore           *self,
                                          GError           **error);
gint64       cd_store_count_customers    (CdStore           *self,
                                          GError           **error);

/* Scans (discovery, issue 4). A scan is begun, fed in batches (each
 * batch one transaction) and then finished or discarded; a discarded
 * (cancelled, failed) scan leaves nothing behind but its audit entry. */
typedef enum
{
  CD_SCAN_GROUP_PER_FILE,     /* one asset per file (archive, mailbox, document) */
  CD_SCAN_GROUP_PER_FOLDER,   /* one asset per folder directly below a root */
} CdScanGrouping;

typedef struct
{
  gint64   id;
  gint64   started;           /* unix time */
  gint64   finished;          /* 0 while running */
  char    *roots;             /* the roots as given, one per line */
  char    *state;             /* "running", "complete" */
  guint64  files;
  guint64  scanned;
  guint64  review;
  guint64  failed;
  guint64  counts[CD_N_DETECT_KINDS];
} CdScanSummary;

void         cd_scan_summary_free        (CdScanSummary     *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdScanSummary, cd_scan_summary_free)

gint64       cd_store_begin_scan         (CdStore           *self,
                                          const char * const *roots,
                                          GError           **error);
gboolean     cd_store_add_scan_records   (CdStore           *self,
                                          gint64             scan_id,
                                          GPtrArray         *records,
                                          GError           **error);
gboolean     cd_store_finish_scan        (CdStore           *self,
                                          gint64             scan_id,
                                          GError           **error);
gboolean     cd_store_discard_scan       (CdStore           *self,
                                          gint64             scan_id,
                                          const char        *why,
                                          GError           **error);
GPtrArray   *cd_store_list_scans         (CdStore           *self,
                                          GError           **error);
GPtrArray   *cd_store_list_scan_records  (CdStore           *self,
                                          gint64             scan_id,
                                          GError           **error);
gboolean     cd_store_assets_from_scan   (CdStore           *self,
                                          gint64             scan_id,
                                          CdScanGrouping     grouping,
                                          guint             *out_assets,
                                          GError           **error);
GPtrArray   *cd_store_list_asset_findings (CdStore          *self,
                                          const char        *asset_id,
                                          GError           **error);
gboolean     cd_store_get_asset_scan_counts (CdStore        *self,
                                          const char        *asset_id,
                                          guint64            counts[CD_N_DETECT_KINDS],
                                          GError           **error);
/* Linking findings to registry customers without a query per finding: the
 * index maps cd_store_blind_index_for() strings to customer ids. */
GHashTable  *cd_store_get_customer_index (CdStore           *self,
                                          GError           **error);
char        *cd_store_blind_index_for    (CdStore           *self,
                                          CdDetectKind       kind,
                                          const char        *normalized_value);

/* The disposition plan (issue 5): one plan per asset; assets without one
 * are listed with an undecided plan. */
typedef struct
{
  char          *asset_id;
  CdCategories   suggested;          /* what the findings suggested when decided */
  CdCategories   categories;         /* what the consultant decided */
  CdDisposition  disposition;
  char          *rule_id;            /* the retention rule used, or NULL */
  char          *retain_until;       /* YYYY-MM-DD, or NULL */
  char          *reason;             /* why the rule or suggestion was overridden */
  char          *recipient;          /* transfer: who receives it */
  char          *recipient_contact;
  gboolean       agreement_signed;
  gboolean       recipient_vetted;
  gboolean       personal_destination; /* an individual's own account or device */
  char          *decided_by;
  gint64         decided_at;         /* 0: never decided */
} CdAssetPlan;

CdAssetPlan *cd_asset_plan_new           (const char        *asset_id);
CdAssetPlan *cd_asset_plan_copy          (const CdAssetPlan *plan);
void         cd_asset_plan_free          (CdAssetPlan       *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAssetPlan, cd_asset_plan_free)

gboolean     cd_store_set_asset_plans    (CdStore           *self,
                                          GPtrArray         *plans,
                                          GError           **error);
GPtrArray   *cd_store_list_asset_plans   (CdStore           *self,
                                          GError           **error);

/* De-identified exports (issue 5) */
gboolean     cd_store_derive_export_key  (CdStore           *self,
                                          const char        *export_id,
                                          guint8             out[CD_CRYPTO_INDEX_BYTES],
                                          GError           **error);

/* Customers' holdings, plan overrides and notices (issue 6). Every
 * mutation is one transaction with its audit entry. */
GPtrArray   *cd_store_list_holdings      (CdStore           *self,
                                          const char        *customer_id,
                                          GError           **error);
/* The scanned files that mention a customer (paths opened), latest scan
 * first. */
GPtrArray   *cd_store_list_customer_files (CdStore          *self,
                                          const char        *customer_id,
                                          GError           **error);
gboolean     cd_store_link_customer      (CdStore           *self,
                                          const char        *customer_id,
                                          const char        *asset_id,
                                          guint              items,
                                          GError           **error);
/* Many links by hand in one change (imports, the demo): CdHolding with
 * customer_id, asset_id and items. */
gboolean     cd_store_add_holdings       (CdStore           *self,
                                          GPtrArray         *holdings,
                                          GError           **error);
gboolean     cd_store_unlink_customer    (CdStore           *self,
                                          const char        *customer_id,
                                          const char        *asset_id,
                                          GError           **error);
gboolean     cd_store_set_customer_plan  (CdStore           *self,
                                          const CdCustomerPlan *plan,
                                          GError           **error);
GPtrArray   *cd_store_list_customer_plans (CdStore          *self,
                                          GError           **error);
GPtrArray   *cd_store_list_notices       (CdStore           *self,
                                          GError           **error);
CdNotice    *cd_store_get_notice         (CdStore           *self,
                                          const char        *customer_id,
                                          GError           **error);
/* Drafting never takes a sent notice back to drafted. */
gboolean     cd_store_mark_notices_drafted (CdStore         *self,
                                          const char * const *customer_ids,
                                          const char        *template_name,
                                          guint              window_days,
                                          GError           **error);
gboolean     cd_store_mark_notices_sent  (CdStore           *self,
                                          const char * const *customer_ids,
                                          const char        *sent_on,
                                          CdNoticeChannel    channel,
                                          guint              window_days,
                                          GError           **error);
/* Records the answer and applies what it means to the plan: delete → the
 * customer's records set to destroy; object to transfer → excluded from
 * any transfer; a changed answer undoes what the previous one did. */
gboolean     cd_store_record_response    (CdStore           *self,
                                          const char        *customer_id,
                                          CdNoticeResponse   response,
                                          const char        *text,
                                          const char        *responded_on,
                                          GError           **error);
gboolean     cd_store_set_copy_prepared  (CdStore           *self,
                                          const char        *customer_id,
                                          const char        *details_json,
                                          GError           **error);
GPtrArray   *cd_store_list_case_templates (CdStore          *self,
                                          GError           **error);
gboolean     cd_store_set_case_template  (CdStore           *self,
                                          const CdCaseTemplate *tmpl,
                                          GError           **error);
gboolean     cd_store_delete_case_template (CdStore         *self,
                                          const char        *name,
                                          const char        *language,
                                          GError           **error);
/* Case settings kept in the meta table ("notices.sender-email", …);
 * NULL when unset. */
char        *cd_store_get_setting        (CdStore           *self,
                                          const char        *key,
                                          GError           **error);
gboolean     cd_store_set_setting        (CdStore           *self,
                                          const char        *key,
                                          const char        *value,
                                          GError           **error);

/* Redactions performed (issue 7): one row per verified redacted copy. */
typedef struct
{
  char    *id;
  gint64   created;           /* unix time */
  char    *actor;
  char    *input;             /* absolute paths, opened */
  char    *output;
  char    *output_sha256;     /* hex */
  guint64  output_size;
  guint    pages;
  guint    rasterized;
  guint    boxes;
  guint    annotations;
  guint    excluded;
  guint    kinds[CD_N_DETECT_KINDS];
} CdRedaction;

void         cd_redaction_free           (CdRedaction       *redaction);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdRedaction, cd_redaction_free)

char        *cd_store_add_redaction      (CdStore              *self,
                                          const char           *input,
                                          const char           *output,
                                          const CdRedactResult *result,
                                          GError              **error);
GPtrArray   *cd_store_list_redactions    (CdStore              *self,
                                          GError              **error);

/* The case's Ed25519 signing key and signed audit checkpoints (issue 8). */
#define CD_SIGNING_SEED_BYTES       32
#define CD_SIGNING_KEY_ID_BYTES     8
#define CD_SIGNING_PUBLIC_KEY_BYTES 32
#define CD_SIGNING_SIGNATURE_BYTES  64

typedef struct
{
  gint64   seq;                                      /* the last entry signed */
  guint8   head[CD_AUDIT_HASH_BYTES];                /* its hash */
  guint8   signature[CD_SIGNING_SIGNATURE_BYTES];
  gint64   created;
  gboolean valid;                                    /* signature and head check */
} CdAuditCheckpoint;

gboolean     cd_store_get_signing_key    (CdStore           *self,
                                          guint8             seed[CD_SIGNING_SEED_BYTES],
                                          guint8             key_id[CD_SIGNING_KEY_ID_BYTES],
                                          guint8             public_key[CD_SIGNING_PUBLIC_KEY_BYTES],
                                          GError           **error);
gboolean     cd_store_checkpoint_audit   (CdStore           *self,
                                          CdAuditCheckpoint *checkpoint,
                                          GError           **error);
GArray      *cd_store_list_checkpoints   (CdStore           *self,
                                          GError           **error);
char        *cd_store_signing_public_key_file (CdStore      *self,
                                          GError           **error);

typedef struct
{
  guint    n_entries;
  guint8   head[CD_AUDIT_HASH_BYTES];
  guint8   key_id[CD_SIGNING_KEY_ID_BYTES];
  guint8   public_key[CD_SIGNING_PUBLIC_KEY_BYTES];
} CdAuditExportResult;

gboolean     cd_store_export_audit       (CdStore             *self,
                                          const char          *path,
                                          CdAuditExportResult *result,
                                          GError             **error);

/* Custodians and retained archives (issue 8). */
typedef struct
{
  char   *id;
  char   *name;
  char   *recipient;      /* age1… */
  gint64  created;
} CdCustodian;

typedef struct
{
  char     *id;
  gint64    created;
  char     *actor;
  char     *file;         /* absolute path, opened */
  char     *sha256;
  guint64   size;
  guint     members;
  char    **recipients;   /* age1…, maybe none */
  gboolean  passphrase;
  char     *retain_until; /* YYYY-MM-DD or NULL */
  char     *state;        /* "kept", "destroyed" */
  gint64    destroyed_at;
} CdVaultRecord;

void         cd_custodian_free           (CdCustodian        *custodian);
void         cd_vault_record_free        (CdVaultRecord      *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCustodian, cd_custodian_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdVaultRecord, cd_vault_record_free)

char        *cd_store_add_custodian      (CdStore            *self,
                                          const char         *name,
                                          const char         *recipient,
                                          GError            **error);
GPtrArray   *cd_store_list_custodians    (CdStore            *self,
                                          GError            **error);
char        *cd_store_add_vault          (CdStore            *self,
                                          const char         *file,
                                          const char         *sha256,
                                          guint64             size,
                                          guint               members,
                                          const char * const *recipients,
                                          gboolean            passphrase,
                                          const char         *retain_until,
                                          GError            **error);
GPtrArray   *cd_store_list_vaults        (CdStore            *self,
                                          GError            **error);
char        *cd_store_vault_manifest     (CdStore            *self,
                                          const char * const *paths,
                                          const char         *retain_until);

/* Audit log */
gboolean     cd_store_record_event       (CdStore           *self,
                                          const char        *action,
                                          const char        *object,
                                          const char        *details_json,
                                          GError           **error);
GPtrArray   *cd_store_list_audit         (CdStore           *self,
                                          GError           **error);
gboolean     cd_store_verify_audit       (CdStore           *self,
                                          CdAuditReport     *report,
                                          GError           **error);

G_END_DECLS
