/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-plan-check: what is wrong with a disposition plan, asset by asset —
 * errors that block the plan, warnings a consultant should look at. */

#pragma once

#include <glib.h>

#include "cd-store.h"

G_BEGIN_DECLS

typedef enum
{
  CD_PLAN_SEVERITY_ERROR,
  CD_PLAN_SEVERITY_WARNING,
} CdPlanSeverity;

/* Stable ids (cd_plan_check_code_to_id) are printed by “plan check”. */
typedef enum
{
  CD_PLAN_CHECK_UNDECIDED,               /* error: no disposition */
  CD_PLAN_CHECK_UNCATEGORIZED,           /* warning: decided, but no category */
  CD_PLAN_CHECK_SENSITIVE_UNENCRYPTED,   /* error: Art. 28 data retained without encryption */
  CD_PLAN_CHECK_TRANSFER_NO_RECIPIENT,   /* error: PIPL Art. 22 needs the recipient's name and contact */
  CD_PLAN_CHECK_TRANSFER_NO_AGREEMENT,   /* error */
  CD_PLAN_CHECK_TRANSFER_NOT_VETTED,     /* error */
  CD_PLAN_CHECK_PERSONAL_DESTINATION,    /* error (blocked): an individual's own account or device */
  CD_PLAN_CHECK_RETENTION_OVER,          /* error: retain-until already past: destroy now */
  CD_PLAN_CHECK_NO_RETAIN_UNTIL,         /* warning: retained with no date yet */
  CD_PLAN_CHECK_SUGGESTION_DROPPED,      /* warning: a suggested sensitive category dropped without a reason */
  CD_PLAN_CHECK_OBJECTION_RETAINED,      /* a customer asked for deletion, the asset keeps their records:
                                          * error, or warning when a legal retention rule requires it */
  CD_PLAN_CHECK_TRANSFER_OBJECTED,       /* warning: a customer objected, the asset is transferred */
  CD_PLAN_CHECK_VAULT_EXPIRED,           /* error: a vault kept past its retain-until: crypto-erase it */
} CdPlanCheckCode;

#define CD_PLAN_N_CHECKS (CD_PLAN_CHECK_VAULT_EXPIRED + 1)

typedef struct
{
  CdPlanSeverity   severity;
  CdPlanCheckCode  code;
  char            *asset_id;    /* NULL for a vault's problem */
  char            *vault_id;    /* the vault concerned, or NULL */
  char            *customer_id; /* the customer concerned, or NULL */
  char            *message;   /* translated, names no person */
} CdPlanProblem;

const char *cd_plan_check_code_to_id    (CdPlanCheckCode  code);
const char *cd_plan_severity_to_id      (CdPlanSeverity   severity);
void        cd_plan_problem_free        (CdPlanProblem   *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPlanProblem, cd_plan_problem_free)

GPtrArray  *cd_plan_check               (GPtrArray       *plans,
                                         const GDate     *today);
/* The asset plans' problems and those of the customers' overrides
 * (issue 6): the whole check of a case. */
GPtrArray  *cd_plan_check_case          (CdStore         *store,
                                         GPtrArray       *plans,
                                         const GDate     *today,
                                         GError         **error);
guint       cd_plan_count_errors        (GPtrArray       *problems);

G_END_DECLS
