/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit log: an append-only table in the case file where every entry
 * carries the BLAKE2b-256 hash of the previous one, so removing, editing or
 * reordering entries breaks the chain at a place verification can name. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_AUDIT_ERROR (cd_audit_error_quark ())

typedef enum
{
  CD_AUDIT_ERROR_BROKEN,
  CD_AUDIT_ERROR_FAILED,
} CdAuditError;

#define CD_AUDIT_HASH_BYTES 32

typedef struct
{
  gint64  seq;
  gint64  time;        /* unix seconds, UTC */
  char   *actor;
  char   *action;      /* e.g. "case.create", "customers.import" */
  char   *object;      /* id of the object acted on, or NULL */
  char   *details;     /* JSON object, never raw personal data */
  guint8  prev_hash[CD_AUDIT_HASH_BYTES];
  guint8  hash[CD_AUDIT_HASH_BYTES];
} CdAuditEntry;

/* What went wrong at the first bad entry. */
typedef enum
{
  CD_AUDIT_OK,
  CD_AUDIT_BAD_HASH,       /* the entry's content does not match its hash: edited */
  CD_AUDIT_BAD_LINK,       /* prev_hash does not match the previous entry: swapped or inserted */
  CD_AUDIT_GAP,            /* a sequence number is missing: deleted */
  CD_AUDIT_BAD_HEAD,       /* the recorded head does not match the last entry: truncated */
} CdAuditProblem;

typedef struct
{
  gint64         n_entries;
  CdAuditProblem problem;
  gint64         first_bad_seq;  /* 0 when intact */
  guint8         head[CD_AUDIT_HASH_BYTES];
} CdAuditReport;

GQuark        cd_audit_error_quark     (void);
void          cd_audit_entry_free      (CdAuditEntry        *entry);
void          cd_audit_entry_compute_hash (const CdAuditEntry *entry,
                                          guint8              out[CD_AUDIT_HASH_BYTES]);
char         *cd_audit_hash_to_hex     (const guint8         hash[CD_AUDIT_HASH_BYTES]);
const char   *cd_audit_problem_to_string (CdAuditProblem     problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdAuditEntry, cd_audit_entry_free)

G_END_DECLS
