/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-timeline: the disposal work as checkable milestones on the case's
 * dates — inventory a month before deregistration, customer notices in
 * the creditors' window, and the final check three days before, in three
 * recorded passes (self-check, a colleague's cross-check, a rescan). */

#pragma once

#include <glib.h>

#include "cd-store.h"

G_BEGIN_DECLS

typedef enum
{
  CD_MILESTONE_INVENTORY,       /* every asset found and classified */
  CD_MILESTONE_NOTICES,         /* every customer sent a notice or answered */
  CD_MILESTONE_SELF_CHECK,      /* final check, pass 1 */
  CD_MILESTONE_CROSS_CHECK,     /* pass 2, by someone else */
  CD_MILESTONE_RESCAN,          /* pass 3, a scan after the self-check */
} CdMilestoneKind;

#define CD_N_MILESTONES (CD_MILESTONE_RESCAN + 1)

typedef enum
{
  CD_MILESTONE_PENDING,
  CD_MILESTONE_DONE,
  CD_MILESTONE_OVERDUE,
  CD_MILESTONE_UNKNOWN,         /* no date to measure it against, or not tracked */
} CdMilestoneState;

typedef struct
{
  CdMilestoneKind   kind;
  CdMilestoneState  state;
  char             *due;        /* YYYY-MM-DD, or NULL without a case date */
  char             *done_by;    /* the actor, for recorded passes */
  gint64            done_at;    /* unix time, 0 if not done */
} CdMilestone;

/* The passes recorded with cd_timeline_record_pass (), audit action: */
#define CD_TIMELINE_PASS_ACTION "plan.pass"

#define CD_TIMELINE_ERROR (cd_timeline_error_quark ())

typedef enum
{
  CD_TIMELINE_ERROR_PLAN_HAS_ERRORS,
  CD_TIMELINE_ERROR_SAME_PERSON,
  CD_TIMELINE_ERROR_ORDER,
  CD_TIMELINE_ERROR_NO_RESCAN,
} CdTimelineError;

GQuark       cd_timeline_error_quark      (void);
const char  *cd_milestone_kind_to_id      (CdMilestoneKind   kind);
const char  *cd_milestone_kind_get_label  (CdMilestoneKind   kind);
const char  *cd_milestone_state_to_id     (CdMilestoneState  state);
const char  *cd_milestone_state_get_label (CdMilestoneState  state);
gboolean     cd_milestone_kind_from_id    (const char       *id,
                                           CdMilestoneKind  *out_kind);
void         cd_milestone_free            (CdMilestone      *milestone);

/* Every milestone, in order, as of @today. */
GPtrArray   *cd_timeline_compute          (CdStore          *store,
                                           const GDate      *today,
                                           GError          **error);
/* Records a final-check pass (self-check, cross-check or rescan) after
 * checking it may be: the plan has no errors, the cross-check is by
 * someone other than the self-check, the rescan follows a scan recorded
 * after the self-check. */
gboolean     cd_timeline_record_pass      (CdStore          *store,
                                           CdMilestoneKind   pass,
                                           const GDate      *today,
                                           GError          **error);
guint        cd_timeline_count_overdue    (GPtrArray        *milestones);

G_END_DECLS
