/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-plan-check: every rule, with a plan that trips it and one that does
 * not; errors before warnings. */

#include "config.h"

#include <string.h>

#include "cd-test-util.h"

/* Plans made by a test, freed at its end. */
static GPtrArray *owned;

static CdAssetPlan *
new_plan (const char *id)
{
  CdAssetPlan *plan = cd_asset_plan_new (id);

  g_ptr_array_add (owned, plan);
  return plan;
}

static CdAssetPlan *
good_plan (const char *id)
{
  CdAssetPlan *plan = new_plan (id);

  plan->categories = CD_CATEGORY_GENERAL;
  plan->disposition = CD_DISPOSITION_DESTROY;
  return plan;
}

/* The codes the plan check reports for @plan alone, as "code,code". */
static char *
codes_for (CdAssetPlan *plan,
           const char  *today_iso)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autoptr(GPtrArray) problems = NULL;
  GString *codes = g_string_new (NULL);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_parse (&today, today_iso);
  g_ptr_array_add (plans, cd_asset_plan_copy (plan));
  problems = cd_plan_check (plans, &today);
  for (guint i = 0; i < problems->len; i++)
    {
      const CdPlanProblem *problem = problems->pdata[i];

      g_assert_cmpstr (problem->asset_id, ==, plan->asset_id);
      g_assert_nonnull (problem->message);
      g_string_append_printf (codes, "%s%s", codes->len > 0 ? "," : "", cd_plan_check_code_to_id (problem->code));
    }
  return g_string_free (codes, FALSE);
}

#define ASSERT_CODES(plan, today, expected) \
  G_STMT_START { g_autofree char *c_ = codes_for ((plan), (today)); g_assert_cmpstr (c_, ==, (expected)); } G_STMT_END

static void
test_rules (void)
{
  CdAssetPlan *plan;

  owned = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);

  ASSERT_CODES (good_plan ("a"), "2026-12-02", "");

  ASSERT_CODES (new_plan ("a"), "2026-12-02", "undecided");

  plan = good_plan ("a");
  plan->categories = CD_CATEGORY_NONE;
  ASSERT_CODES (plan, "2026-12-02", "uncategorized");

  /* Sensitive data kept: only encrypted. */
  plan = good_plan ("a");
  plan->categories = CD_CATEGORY_FINANCIAL;
  plan->disposition = CD_DISPOSITION_DEIDENTIFY_RETAIN;
  plan->retain_until = g_strdup ("2057-12-31");
  ASSERT_CODES (plan, "2026-12-02", "sensitive-unencrypted");
  plan = good_plan ("a");
  plan->categories = CD_CATEGORY_FINANCIAL;
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  plan->retain_until = g_strdup ("2057-12-31");
  ASSERT_CODES (plan, "2026-12-02", "");

  /* Retention: no date yet (warning), over (error), ends today (fine). */
  plan = good_plan ("a");
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  ASSERT_CODES (plan, "2026-12-02", "no-retain-until");
  plan = good_plan ("a");
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  plan->retain_until = g_strdup ("2026-12-01");
  ASSERT_CODES (plan, "2026-12-02", "retention-over");
  plan = good_plan ("a");
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  plan->retain_until = g_strdup ("2026-12-02");
  ASSERT_CODES (plan, "2026-12-02", "");
  /* Destroyed data has no period to run out. */
  plan = good_plan ("a");
  plan->retain_until = g_strdup ("2020-01-01");
  ASSERT_CODES (plan, "2026-12-02", "");

  /* Transfers: recipient with contact, agreement, vetting. */
  plan = good_plan ("a");
  plan->disposition = CD_DISPOSITION_TRANSFER;
  ASSERT_CODES (plan, "2026-12-02", "transfer-no-recipient,transfer-no-agreement,transfer-not-vetted");
  plan = good_plan ("a");
  plan->disposition = CD_DISPOSITION_TRANSFER;
  plan->recipient = g_strdup ("上海某某餐饮管理有限公司");
  ASSERT_CODES (plan, "2026-12-02", "transfer-no-recipient,transfer-no-agreement,transfer-not-vetted");
  plan->recipient_contact = g_strdup ("021-64001234");
  plan->agreement_signed = TRUE;
  plan->recipient_vetted = TRUE;
  ASSERT_CODES (plan, "2026-12-02", "");

  /* The founder's own cloud drive: blocked, whatever else. */
  plan = good_plan ("a");
  plan->personal_destination = TRUE;
  ASSERT_CODES (plan, "2026-12-02", "personal-destination");

  /* A suggested sensitive category dropped: a warning, unless explained. */
  plan = good_plan ("a");
  plan->suggested = CD_CATEGORY_FINANCIAL | CD_CATEGORY_GENERAL;
  ASSERT_CODES (plan, "2026-12-02", "suggestion-dropped");
  plan = good_plan ("a");
  plan->suggested = CD_CATEGORY_FINANCIAL | CD_CATEGORY_GENERAL;
  plan->reason = g_strdup ("卡号均为已注销的内部测试卡");
  ASSERT_CODES (plan, "2026-12-02", "");
  /* A non-sensitive suggestion dropped is the consultant's call. */
  plan = good_plan ("a");
  plan->suggested = CD_CATEGORY_HIGH_RISK_ID | CD_CATEGORY_GENERAL;
  ASSERT_CODES (plan, "2026-12-02", "");

  g_clear_pointer (&owned, g_ptr_array_unref);
}

static void
test_order (void)
{
  g_autoptr(GPtrArray) plans = g_ptr_array_new ();
  g_autoptr(GPtrArray) problems = NULL;
  CdAssetPlan *plan;

  owned = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);

  plan = good_plan ("w1");
  plan->categories = CD_CATEGORY_NONE;
  g_ptr_array_add (plans, plan);
  g_ptr_array_add (plans, new_plan ("e1"));
  plan = good_plan ("w2");
  plan->categories = CD_CATEGORY_NONE;
  g_ptr_array_add (plans, plan);
  g_ptr_array_add (plans, new_plan ("e2"));

  problems = cd_plan_check (plans, NULL);
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_cmpuint (cd_plan_count_errors (problems), ==, 2);
  g_assert_cmpstr (((CdPlanProblem *) problems->pdata[0])->asset_id, ==, "e1");
  g_assert_cmpstr (((CdPlanProblem *) problems->pdata[1])->asset_id, ==, "e2");
  g_assert_cmpstr (((CdPlanProblem *) problems->pdata[2])->asset_id, ==, "w1");
  g_assert_cmpstr (((CdPlanProblem *) problems->pdata[3])->asset_id, ==, "w2");
  g_clear_pointer (&owned, g_ptr_array_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan-check/rules", test_rules);
  g_test_add_func ("/plan-check/order", test_order);

  return g_test_run ();
}
