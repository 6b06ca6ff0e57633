/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The disposition plan in the case file: saved all or nothing, sealed
 * where it names people, kept through a passphrase change, audited
 * without names, gone with its asset. */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "cd-test-util.h"

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

#define RECIPIENT "承继方上海某某信息技术有限公司"

static char *
add_asset (CdStore    *store,
           const char *location)
{
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GError) error = NULL;

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, CD_MEDIUM_SERVER);
  cd_asset_set_record_type (asset, CD_RECORD_TYPE_TRANSACTION);
  g_assert_true (cd_store_add_asset (store, asset, &error));
  g_assert_no_error (error);
  return g_strdup (cd_asset_get_id (asset));
}

static const CdAssetPlan *
find_plan (GPtrArray  *plans,
           const char *id)
{
  for (guint i = 0; i < plans->len; i++)
    if (g_strcmp0 (((CdAssetPlan *) plans->pdata[i])->asset_id, id) == 0)
      return plans->pdata[i];
  g_assert_not_reached ();
  return NULL;
}

static gint64
count_audit (CdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cd_store_list_audit (store, &error);

  g_assert_no_error (error);
  return entries->len;
}

static void
test_set_and_list (CdTestCase    *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_asset (fixture->store, "收银系统数据库");
  g_autofree char *b = add_asset (fixture->store, "会员登记表");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autoptr(GPtrArray) plans = NULL;
  CdAssetPlan *plan;
  const CdAssetPlan *got;

  /* Nothing decided yet: every asset is listed, undecided. */
  plans = cd_store_list_asset_plans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plans->len, ==, 2);
  g_assert_cmpint (find_plan (plans, a)->disposition, ==, CD_DISPOSITION_UNDECIDED);
  g_assert_cmpint (find_plan (plans, a)->decided_at, ==, 0);
  g_clear_pointer (&plans, g_ptr_array_unref);

  plan = cd_asset_plan_new (a);
  plan->suggested = CD_CATEGORY_FINANCIAL | CD_CATEGORY_GENERAL;
  plan->categories = CD_CATEGORY_FINANCIAL | CD_CATEGORY_GENERAL;
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  plan->rule_id = g_strdup ("accounting-vouchers-30y");
  plan->retain_until = g_strdup ("2057-12-31");
  g_ptr_array_add (batch, plan);
  plan = cd_asset_plan_new (b);
  plan->disposition = CD_DISPOSITION_TRANSFER;
  plan->categories = CD_CATEGORY_GENERAL;
  plan->recipient = g_strdup (RECIPIENT);
  plan->recipient_contact = g_strdup ("021-64001234");
  plan->agreement_signed = TRUE;
  g_ptr_array_add (batch, plan);
  cd_store_set_actor (fixture->store, "王顾问");
  g_assert_true (cd_store_set_asset_plans (fixture->store, batch, &error));
  g_assert_no_error (error);

  plans = cd_store_list_asset_plans (fixture->store, &error);
  g_assert_no_error (error);
  got = find_plan (plans, a);
  g_assert_cmpint (got->disposition, ==, CD_DISPOSITION_ENCRYPT_RETAIN);
  g_assert_cmpuint (got->categories, ==, CD_CATEGORY_FINANCIAL | CD_CATEGORY_GENERAL);
  g_assert_cmpuint (got->suggested, ==, CD_CATEGORY_FINANCIAL | CD_CATEGORY_GENERAL);
  g_assert_cmpstr (got->rule_id, ==, "accounting-vouchers-30y");
  g_assert_cmpstr (got->retain_until, ==, "2057-12-31");
  g_assert_cmpstr (got->decided_by, ==, "王顾问");
  g_assert_cmpint (got->decided_at, >, 0);
  got = find_plan (plans, b);
  g_assert_cmpint (got->disposition, ==, CD_DISPOSITION_TRANSFER);
  g_assert_cmpstr (got->recipient, ==, RECIPIENT);
  g_assert_cmpstr (got->recipient_contact, ==, "021-64001234");
  g_assert_true (got->agreement_signed);
  g_assert_false (got->recipient_vetted);

  /* Deciding again updates, does not add. */
  ((CdAssetPlan *) batch->pdata[1])->recipient_vetted = TRUE;
  g_ptr_array_remove_index (batch, 0);
  g_assert_true (cd_store_set_asset_plans (fixture->store, batch, &error));
  g_clear_pointer (&plans, g_ptr_array_unref);
  plans = cd_store_list_asset_plans (fixture->store, &error);
  g_assert_cmpuint (plans->len, ==, 2);
  g_assert_true (find_plan (plans, b)->recipient_vetted);

  /* Deleting the asset deletes its plan. */
  {
    const char *ids[] = { b, NULL };

    g_assert_true (cd_store_delete_assets (fixture->store, ids, &error));
    g_assert_no_error (error);
  }
  g_clear_pointer (&plans, g_ptr_array_unref);
  plans = cd_store_list_asset_plans (fixture->store, &error);
  g_assert_cmpuint (plans->len, ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM asset_plans;"), ==, 1);
}

/* A batch with a mistake anywhere saves nothing. */
static void
test_all_or_nothing (CdTestCase    *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_asset (fixture->store, "A");
  g_autofree char *b = add_asset (fixture->store, "B");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  gint64 audit_before = count_audit (fixture->store);
  CdAssetPlan *plan;

  plan = cd_asset_plan_new (a);
  plan->disposition = CD_DISPOSITION_DESTROY;
  g_ptr_array_add (batch, plan);
  plan = cd_asset_plan_new (a);
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  g_ptr_array_add (batch, plan);
  /* The same asset twice in one change: conflicting bulk edits. */
  g_assert_false (cd_store_set_asset_plans (fixture->store, batch, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* An asset that does not exist, after a good one. */
  g_ptr_array_remove_index (batch, 1);
  g_ptr_array_add (batch, cd_asset_plan_new ("no-such-asset"));
  g_assert_false (cd_store_set_asset_plans (fixture->store, batch, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A date that is not one; categories that exclude each other. */
  g_ptr_array_remove_index (batch, 1);
  plan = cd_asset_plan_new (b);
  plan->retain_until = g_strdup ("2031-02-30");
  g_ptr_array_add (batch, plan);
  g_assert_false (cd_store_set_asset_plans (fixture->store, batch, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&plan->retain_until, g_free);
  plan->categories = CD_CATEGORY_NON_PERSONAL | CD_CATEGORY_FINANCIAL;
  g_assert_false (cd_store_set_asset_plans (fixture->store, batch, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM asset_plans;"), ==, 0);
  g_assert_cmpint (count_audit (fixture->store), ==, audit_before);
}

/* Names are sealed, the audit entry has ids and choices only, and the
 * plan opens after a passphrase change. */
static void
test_sealed (CdTestCase    *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_asset (fixture->store, "A");
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  CdAuditReport report;
  CdKdfParams params;
  CdAssetPlan *plan = cd_asset_plan_new (a);

  plan->disposition = CD_DISPOSITION_TRANSFER;
  plan->recipient = g_strdup (RECIPIENT);
  plan->reason = g_strdup ("客户张三同意转移");
  g_ptr_array_add (batch, plan);
  g_assert_true (cd_store_set_asset_plans (fixture->store, batch, &error));
  g_assert_no_error (error);

  audit = cd_store_list_audit (fixture->store, &error);
  {
    const CdAuditEntry *last = audit->pdata[audit->len - 1];

    g_assert_cmpstr (last->action, ==, "plan.set");
    g_assert_nonnull (strstr (last->details, "\"transfer\""));
    g_assert_null (strstr (last->details, "承继方"));
    g_assert_null (strstr (last->details, "张三"));
  }
  g_assert_true (cd_store_verify_audit (fixture->store, &report, &error));

  cd_kdf_params_init_fast (&params);
  g_assert_true (cd_store_change_passphrase (fixture->store, CD_TEST_PASSPHRASE, "另一个口令 2026",
                                             &params, &error));
  g_assert_no_error (error);
  plans = cd_store_list_asset_plans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (find_plan (plans, a)->recipient, ==, RECIPIENT);
  g_assert_cmpstr (find_plan (plans, a)->reason, ==, "客户张三同意转移");

  cd_store_close (fixture->store);
  g_assert_false (cd_test_file_contains (fixture->path, RECIPIENT, strlen (RECIPIENT)));
  g_assert_false (cd_test_file_contains (fixture->path, "张三", strlen ("张三")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, CdTestCase, NULL, cd_test_case_setup, func, cd_test_case_teardown)
  ADD ("/store/plans/set-and-list", test_set_and_list);
  ADD ("/store/plans/all-or-nothing", test_all_or_nothing);
  ADD ("/store/plans/sealed", test_sealed);
#undef ADD

  return g_test_run ();
}
