/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-timeline: milestones on the case's dates, overdue against "today",
 * and the three passes of the final check recorded in order, by two
 * people, the last after a new scan. */

#include "config.h"

#include <string.h>

#include "cd-test-util.h"

static void
set_dates (CdStore    *store,
           const char *announced,
           const char *deregistration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (store, &error);

  g_assert_no_error (error);
  cd_case_info_set_announced (info, announced);
  cd_case_info_set_planned_deregistration (info, deregistration);
  g_assert_true (cd_store_update_case_info (store, info, &error));
  g_assert_no_error (error);
}

static char *
add_asset (CdStore *store)
{
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GError) error = NULL;

  cd_asset_set_location (asset, "会员登记表");
  cd_asset_set_medium (asset, CD_MEDIUM_PAPER);
  g_assert_true (cd_store_add_asset (store, asset, &error));
  g_assert_no_error (error);
  return g_strdup (cd_asset_get_id (asset));
}

static void
decide (CdStore    *store,
        const char *id)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autoptr(GError) error = NULL;
  CdAssetPlan *plan = cd_asset_plan_new (id);

  plan->categories = CD_CATEGORY_GENERAL;
  plan->disposition = CD_DISPOSITION_DESTROY;
  g_ptr_array_add (plans, plan);
  g_assert_true (cd_store_set_asset_plans (store, plans, &error));
  g_assert_no_error (error);
}

static CdMilestoneState
state_of (GPtrArray       *milestones,
          CdMilestoneKind  kind)
{
  return ((CdMilestone *) milestones->pdata[kind])->state;
}

static GDate *
date (const char *iso)
{
  GDate *d = g_date_new ();

  g_date_set_parse (d, iso);
  return d;
}

static void
test_milestones (CdTestCase    *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) early = NULL;
  g_autoptr(GPtrArray) late = NULL;
  g_autoptr(GPtrArray) decided = NULL;
  g_autofree char *id = add_asset (fixture->store);
  GDate *before = date ("2026-11-01");
  GDate *after = date ("2027-03-01");

  /* No dates in the case: nothing can be overdue. */
  none = cd_timeline_compute (fixture->store, after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, CD_N_MILESTONES);
  g_assert_null (((CdMilestone *) none->pdata[CD_MILESTONE_INVENTORY])->due);
  g_assert_cmpint (state_of (none, CD_MILESTONE_INVENTORY), ==, CD_MILESTONE_UNKNOWN);
  g_assert_cmpuint (cd_timeline_count_overdue (none), ==, 0);

  set_dates (fixture->store, "2026-11-20", "2027-02-28");
  early = cd_timeline_compute (fixture->store, before, &error);
  g_assert_no_error (error);
  /* A month before 28 February; 45 days after the announcement; 3 days before. */
  g_assert_cmpstr (((CdMilestone *) early->pdata[CD_MILESTONE_INVENTORY])->due, ==, "2027-01-28");
  g_assert_cmpstr (((CdMilestone *) early->pdata[CD_MILESTONE_NOTICES])->due, ==, "2027-01-04");
  g_assert_cmpstr (((CdMilestone *) early->pdata[CD_MILESTONE_SELF_CHECK])->due, ==, "2027-02-25");
  g_assert_cmpint (state_of (early, CD_MILESTONE_INVENTORY), ==, CD_MILESTONE_PENDING);
  g_assert_cmpint (state_of (early, CD_MILESTONE_NOTICES), ==, CD_MILESTONE_PENDING);
  g_assert_cmpuint (cd_timeline_count_overdue (early), ==, 0);

  late = cd_timeline_compute (fixture->store, after, &error);
  g_assert_cmpint (state_of (late, CD_MILESTONE_INVENTORY), ==, CD_MILESTONE_OVERDUE);
  g_assert_cmpint (state_of (late, CD_MILESTONE_NOTICES), ==, CD_MILESTONE_OVERDUE);
  g_assert_cmpint (state_of (late, CD_MILESTONE_RESCAN), ==, CD_MILESTONE_OVERDUE);
  g_assert_cmpuint (cd_timeline_count_overdue (late), ==, 5);

  decide (fixture->store, id);
  decided = cd_timeline_compute (fixture->store, after, &error);
  g_assert_cmpint (state_of (decided, CD_MILESTONE_INVENTORY), ==, CD_MILESTONE_DONE);
  g_assert_cmpint (state_of (decided, CD_MILESTONE_NOTICES), ==, CD_MILESTONE_OVERDUE);

  /* Notices: done once every customer was sent one or has answered. */
  {
    g_autoptr(CdCustomer) a = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
    g_autoptr(CdCustomer) b = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
    g_autoptr(GPtrArray) told_one = NULL;
    g_autoptr(GPtrArray) told_all = NULL;
    const char *ids[2] = { NULL, NULL };

    cd_customer_set_name (a, "甲");
    cd_customer_set_name (b, "乙");
    g_assert_true (cd_store_add_customer (fixture->store, a, &error));
    g_assert_true (cd_store_add_customer (fixture->store, b, &error));
    ids[0] = cd_customer_get_id (a);
    g_assert_true (cd_store_mark_notices_sent (fixture->store, ids, "2027-01-02", CD_CHANNEL_POST, 30, &error));
    told_one = cd_timeline_compute (fixture->store, after, &error);
    g_assert_cmpint (state_of (told_one, CD_MILESTONE_NOTICES), ==, CD_MILESTONE_OVERDUE);
    g_assert_true (cd_store_record_response (fixture->store, cd_customer_get_id (b), CD_RESPONSE_NO_OBJECTION,
                                             NULL, "2027-01-05", &error));
    told_all = cd_timeline_compute (fixture->store, after, &error);
    g_assert_no_error (error);
    g_assert_cmpint (state_of (told_all, CD_MILESTONE_NOTICES), ==, CD_MILESTONE_DONE);
  }

  g_date_free (before);
  g_date_free (after);
}

static void
test_passes (CdTestCase    *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) milestones = NULL;
  g_autofree char *id = add_asset (fixture->store);
  const char *roots[] = { "/srv/old-pc", NULL };
  GDate *today = date ("2027-02-20");
  gint64 scan_id;

  set_dates (fixture->store, NULL, "2027-02-28");

  /* Undecided: the plan has an error, no pass. */
  g_assert_false (cd_timeline_record_pass (fixture->store, CD_MILESTONE_SELF_CHECK, today, &error));
  g_assert_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_PLAN_HAS_ERRORS);
  g_clear_error (&error);
  decide (fixture->store, id);

  /* In order. */
  g_assert_false (cd_timeline_record_pass (fixture->store, CD_MILESTONE_CROSS_CHECK, today, &error));
  g_assert_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_ORDER);
  g_clear_error (&error);

  cd_store_set_actor (fixture->store, "王顾问");
  g_assert_true (cd_timeline_record_pass (fixture->store, CD_MILESTONE_SELF_CHECK, today, &error));
  g_assert_no_error (error);

  /* Not by the same person. */
  g_assert_false (cd_timeline_record_pass (fixture->store, CD_MILESTONE_CROSS_CHECK, today, &error));
  g_assert_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_SAME_PERSON);
  g_clear_error (&error);
  cd_store_set_actor (fixture->store, "李同事");
  g_assert_true (cd_timeline_record_pass (fixture->store, CD_MILESTONE_CROSS_CHECK, today, &error));
  g_assert_no_error (error);

  /* The rescan needs a scan after the self-check. */
  g_assert_false (cd_timeline_record_pass (fixture->store, CD_MILESTONE_RESCAN, today, &error));
  g_assert_error (error, CD_TIMELINE_ERROR, CD_TIMELINE_ERROR_NO_RESCAN);
  g_clear_error (&error);
  scan_id = cd_store_begin_scan (fixture->store, roots, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_finish_scan (fixture->store, scan_id, &error));
  g_assert_true (cd_timeline_record_pass (fixture->store, CD_MILESTONE_RESCAN, today, &error));
  g_assert_no_error (error);

  milestones = cd_timeline_compute (fixture->store, today, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state_of (milestones, CD_MILESTONE_SELF_CHECK), ==, CD_MILESTONE_DONE);
  g_assert_cmpstr (((CdMilestone *) milestones->pdata[CD_MILESTONE_SELF_CHECK])->done_by, ==, "王顾问");
  g_assert_cmpstr (((CdMilestone *) milestones->pdata[CD_MILESTONE_CROSS_CHECK])->done_by, ==, "李同事");
  g_assert_cmpint (state_of (milestones, CD_MILESTONE_RESCAN), ==, CD_MILESTONE_DONE);
  g_assert_cmpint (((CdMilestone *) milestones->pdata[CD_MILESTONE_RESCAN])->done_at, >, 0);

  g_date_free (today);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, CdTestCase, NULL, cd_test_case_setup, func, cd_test_case_teardown)
  ADD ("/timeline/milestones", test_milestones);
  ADD ("/timeline/passes", test_passes);
#undef ADD

  return g_test_run ();
}
