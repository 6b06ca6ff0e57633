/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-timeline: milestones from the case's planned deregistration date and
 * creditor announcement (DOMAIN.md §7), measured against the case's own
 * records: the plans, the scans and the audit log, where the three passes
 * of the final check are recorded with who and when. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "cd-plan-check.h"
#include "cd-retention.h"
#include "cd-timeline.h"

G_DEFINE_QUARK (cd_timeline_error_quark, cd_timeline_error)

static const struct
{
  const char *id;
  const char *label;
} milestone_names[CD_N_MILESTONES] = {
  { "inventory", N_("Inventory and classification") },
  { "notices", N_("Customer notices") },
  { "self-check", N_("Final check: self-check") },
  { "cross-check", N_("Final check: a colleague’s cross-check") },
  { "rescan", N_("Final check: rescan") },
};

const char *
cd_milestone_kind_to_id (CdMilestoneKind kind)
{
  g_return_val_if_fail (kind < CD_N_MILESTONES, NULL);
  return milestone_names[kind].id;
}

const char *
cd_milestone_kind_get_label (CdMilestoneKind kind)
{
  g_return_val_if_fail (kind < CD_N_MILESTONES, NULL);
  return _(milestone_names[kind].label);
}

gboolean
cd_milestone_kind_from_id (const char      *id,
                           CdMilestoneKind *out_kind)
{
  for (guint i = 0; i < CD_N_MILESTONES; i++)
    if (g_strcmp0 (id, milestone_names[i].id) == 0)
      {
        *out_kind = (CdMilestoneKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cd_milestone_state_to_id (CdMilestoneState state)
{
  switch (state)
    {
    case CD_MILESTONE_DONE: return "done";
    case CD_MILESTONE_OVERDUE: return "overdue";
    case CD_MILESTONE_UNKNOWN: return "unknown";
    case CD_MILESTONE_PENDING:
    default:
      return "pending";
    }
}

const char *
cd_milestone_state_get_label (CdMilestoneState state)
{
  switch (state)
    {
    case CD_MILESTONE_DONE: return _("Done");
    case CD_MILESTONE_OVERDUE: return _("Overdue");
    case CD_MILESTONE_UNKNOWN: return _("No date yet");
    case CD_MILESTONE_PENDING:
    default:
      return _("Pending");
    }
}

void
cd_milestone_free (CdMilestone *milestone)
{
  if (milestone == NULL)
    return;
  g_free (milestone->due);
  g_free (milestone->done_by);
  g_free (milestone);
}

/* @iso minus @months and @days, or plus @days_after, as YYYY-MM-DD; NULL
 * without a date. */
static char *
due_from (const char *iso,
          guint       months_before,
          guint       days_before,
          guint       days_after)
{
  GDate date;

  if (!cd_retention_date_parse (iso, &date))
    return NULL;
  if (months_before > 0)
    g_date_subtract_months (&date, months_before);
  if (days_before > 0)
    g_date_subtract_days (&date, days_before);
  if (days_after > 0)
    g_date_add_days (&date, days_after);
  return cd_retention_date_format (&date);
}

static void
set_state (CdMilestone *milestone,
           gboolean     done,
           const GDate *today)
{
  GDate due;

  if (done)
    {
      milestone->state = CD_MILESTONE_DONE;
      return;
    }
  if (milestone->due == NULL)
    {
      milestone->state = CD_MILESTONE_UNKNOWN;
      return;
    }
  milestone->state = today != NULL && cd_retention_date_parse (milestone->due, &due) &&
                     g_date_compare (today, &due) > 0 ? CD_MILESTONE_OVERDUE : CD_MILESTONE_PENDING;
}

/* The latest recorded pass of each kind: who and when. */
static gboolean
find_passes (CdStore   *store,
             char      *actors[CD_N_MILESTONES],
             gint64     times[CD_N_MILESTONES],
             GError   **error)
{
  g_autoptr(GPtrArray) entries = cd_store_list_audit (store, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const CdAuditEntry *entry = entries->pdata[i];
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;
      CdMilestoneKind kind;
      const char *pass;

      if (g_strcmp0 (entry->action, CD_TIMELINE_PASS_ACTION) != 0 || entry->details == NULL)
        continue;
      node = json_from_string (entry->details, NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      /* cd_store_record_event () keeps the caller's details under "event". */
      object = json_node_get_object (node);
      if (json_object_has_member (object, "event") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "event")))
        object = json_object_get_object_member (object, "event");
      pass = json_object_get_string_member_with_default (object, "pass", NULL);
      if (!cd_milestone_kind_from_id (pass, &kind) || kind < CD_MILESTONE_SELF_CHECK)
        continue;
      g_free (actors[kind]);
      actors[kind] = g_strdup (entry->actor);
      times[kind] = entry->time;
    }
  return TRUE;
}

/**
 * cd_timeline_compute:
 * @today: (nullable): the date milestones are overdue against
 *
 * Returns: (transfer full) (element-type CdMilestone): the milestones in
 *   order, or %NULL with @error set (a locked case)
 */
GPtrArray *
cd_timeline_compute (CdStore      *store,
                     const GDate  *today,
                     GError      **error)
{
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) result = NULL;
  char *actors[CD_N_MILESTONES] = { NULL, };
  gint64 times[CD_N_MILESTONES] = { 0, };
  g_autoptr(GPtrArray) notices = NULL;
  const char *deregistration;
  gboolean classified;
  gint64 n_customers;
  gint64 told = 0;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  info = cd_store_get_case_info (store, error);
  plans = info != NULL ? cd_store_list_asset_plans (store, error) : NULL;
  if (plans == NULL || !find_passes (store, actors, times, error))
    {
      for (guint i = 0; i < CD_N_MILESTONES; i++)
        g_free (actors[i]);
      return NULL;
    }
  deregistration = cd_case_info_get_planned_deregistration (info);
  notices = cd_store_list_notices (store, error);
  n_customers = notices != NULL ? cd_store_count_customers (store, error) : -1;
  if (n_customers < 0)
    {
      for (guint i = 0; i < CD_N_MILESTONES; i++)
        g_free (actors[i]);
      return NULL;
    }
  for (guint i = 0; i < notices->len; i++)
    {
      const CdNotice *notice = notices->pdata[i];

      if (notice->state == CD_NOTICE_SENT || notice->response != CD_RESPONSE_NONE)
        told++;
    }

  /* Classified: there are assets, and every one has categories and a
   * disposition. */
  classified = plans->len > 0;
  for (guint i = 0; i < plans->len && classified; i++)
    {
      const CdAssetPlan *plan = plans->pdata[i];

      classified = plan->disposition != CD_DISPOSITION_UNDECIDED && plan->categories != CD_CATEGORY_NONE;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_milestone_free);
  for (guint k = 0; k < CD_N_MILESTONES; k++)
    {
      CdMilestone *milestone = g_new0 (CdMilestone, 1);

      milestone->kind = (CdMilestoneKind) k;
      switch (milestone->kind)
        {
        case CD_MILESTONE_INVENTORY:
          milestone->due = due_from (deregistration, 1, 0, 0);
          set_state (milestone, classified, today);
          break;
        case CD_MILESTONE_NOTICES:
          /* During the 45 days creditors have to declare (CL Art. 235). */
          milestone->due = cd_case_info_get_announced (info) != NULL
                           ? due_from (cd_case_info_get_announced (info), 0, 0, 45)
                           : due_from (deregistration, 1, 0, 0);
          /* Done when every customer was sent a notice or has answered; an
           * empty registry is not done (it is more likely not imported yet). */
          set_state (milestone, n_customers > 0 && told >= n_customers, today);
          break;
        case CD_MILESTONE_SELF_CHECK:
        case CD_MILESTONE_CROSS_CHECK:
        case CD_MILESTONE_RESCAN:
        default:
          milestone->due = due_from (deregistration, 0, 3, 0);
          milestone->done_by = g_steal_pointer (&actors[k]);
          milestone->done_at = times[k];
          set_state (milestone, times[k] > 0, today);
          break;
        }
      g_ptr_array_add (result, milestone);
    }
  for (guint i = 0; i < CD_N_MILESTONES; i++)
    g_free (actors[i]);
  return g_steal_pointer (&result);
}

guint
cd_timeline_count_overdue (GPtrArray *milestones)
{
  guint n = 0;

  for (guint i = 0; i < milestones->len; i++)
    if (((CdMilestone *) milestones->pdata[i])->state == CD_MILESTONE_OVERDUE)
      n++;
  return n;
}

/* The end time of the newest complete scan, or 0. */
static gint64
last_scan_finished (CdStore  *store,
                    GError  **error)
{
  g_autoptr(GPtrArray) scans = cd_store_list_scans (store, error);
  gint64 latest = 0;

  if (scans == NULL)
    return -1;
  for (guint i = 0; i < scans->len; i++)
    {
      const CdScanSummary *scan = scans->pdata[i];

      if (g_strcmp0 (scan->state, "complete") == 0)
        latest = MAX (latest, scan->finished);
    }
  return latest;
}

gboolean
cd_timeline_record_pass (CdStore          *store,
                         CdMilestoneKind   pass,
                         const GDate      *today,
                         GError          **error)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *details = NULL;
  char *actors[CD_N_MILESTONES] = { NULL, };
  gint64 times[CD_N_MILESTONES] = { 0, };
  gboolean ok = FALSE;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);
  g_return_val_if_fail (pass >= CD_MILESTONE_SELF_CHECK && pass < CD_N_MILESTONES, FALSE);

  plans = cd_store_list_asset_plans (store, error);
  if (plans == NULL || !find_passes (store, actors, times, error))
    goto out;

  problems = cd_plan_check_case (store, plans, today, error);
  if (problems == NULL)
    goto out;
  if (cd_plan_count_errors (problems) > 0)
    {
      g_set_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_PLAN_HAS_ERRORS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The plan still has %u error: a final-check pass cannot be recorded",
                                "The plan still has %u errors: a final-check pass cannot be recorded",
                                cd_plan_count_errors (problems)),
                   cd_plan_count_errors (problems));
      goto out;
    }

  if (pass != CD_MILESTONE_SELF_CHECK && times[CD_MILESTONE_SELF_CHECK] == 0)
    {
      g_set_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_ORDER,
                   _("Record the self-check first"));
      goto out;
    }
  if (pass == CD_MILESTONE_CROSS_CHECK &&
      g_strcmp0 (actors[CD_MILESTONE_SELF_CHECK], cd_store_get_actor (store)) == 0)
    {
      g_set_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_SAME_PERSON,
                   _("The cross-check must be made by someone other than the self-check’s %s"),
                   actors[CD_MILESTONE_SELF_CHECK]);
      goto out;
    }
  if (pass == CD_MILESTONE_RESCAN)
    {
      gint64 scanned = last_scan_finished (store, error);

      if (scanned < 0)
        goto out;
      if (scanned < times[CD_MILESTONE_SELF_CHECK])
        {
          g_set_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_NO_RESCAN,
                       _("No scan was recorded after the self-check: scan the sources again first"));
          goto out;
        }
    }

  details = g_strdup_printf ("{\"pass\": \"%s\", \"errors\": 0, \"warnings\": %u}",
                             cd_milestone_kind_to_id (pass), problems->len);
  ok = cd_store_record_event (store, CD_TIMELINE_PASS_ACTION, NULL, details, error);

out:
  for (guint i = 0; i < CD_N_MILESTONES; i++)
    g_free (actors[i]);
  return ok;
}
