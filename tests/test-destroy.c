/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Destruction plans and runs: exactly the "destroy" set is listed, what
 * the plan keeps is protected (at planning and again at run time), two
 * different people and the typed case name are required, a file changed
 * since the plan stops the run, an interrupted run records exactly what is
 * gone and continues; vault crypto-erase only when its time is up; manual
 * records with a certificate; paths sealed in the case file. */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "cd-test-util.h"

#define CASE_NAME "上海示例贸易有限公司"

typedef struct
{
  CdTestCase  tc;
  char       *data;        /* the company's files */
  char       *destroy_dir; /* asset: destroy */
  char       *keep_dir;    /* asset below it: encrypt and retain */
  char       *keep_file;
  char       *paper_id;    /* asset: paper boxes, destroy */
  char       *dir_asset;
  char       *keep_asset;
} Fixture;

static void
write_file (const char *path,
            const char *content)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, content, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *gone = NULL;

  cd_test_case_setup (&f->tc, data);
  f->data = g_build_filename (f->tc.dir, "公司资料", NULL);
  f->destroy_dir = g_build_filename (f->data, "客户档案", NULL);
  f->keep_dir = g_build_filename (f->destroy_dir, "会计凭证", NULL);
  f->keep_file = g_build_filename (f->keep_dir, "2024-凭证.csv", NULL);
  write_file (f->keep_file, "凭证号,金额\n1,100\n");
  {
    g_autofree char *a = g_build_filename (f->destroy_dir, "客户名单-张伟.xlsx", NULL);
    g_autofree char *b = g_build_filename (f->destroy_dir, "2023", "通话记录.csv", NULL);
    g_autofree char *link = g_build_filename (f->destroy_dir, "捷径", NULL);

    write_file (a, "张伟,13800000000\n");
    write_file (b, "李娜,13900000000\n王芳,13700000000\n");
    g_assert_cmpint (symlink (f->keep_file, link), ==, 0);
  }

  f->dir_asset = cd_test_add_planned_asset (f->tc.store, f->destroy_dir, CD_MEDIUM_SERVER,
                                            CD_DISPOSITION_DESTROY);
  f->keep_asset = cd_test_add_planned_asset (f->tc.store, f->keep_dir, CD_MEDIUM_SERVER,
                                             CD_DISPOSITION_ENCRYPT_RETAIN);
  f->paper_id = cd_test_add_planned_asset (f->tc.store, "财务室 3号柜 客户登记簿", CD_MEDIUM_PAPER,
                                           CD_DISPOSITION_DESTROY);
  gone = g_build_filename (f->data, "已删除的备份", NULL);
  g_free (cd_test_add_planned_asset (f->tc.store, gone, CD_MEDIUM_PC, CD_DISPOSITION_DESTROY));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->data);
  g_free (f->destroy_dir);
  g_free (f->keep_dir);
  g_free (f->keep_file);
  g_free (f->paper_id);
  g_free (f->dir_asset);
  g_free (f->keep_asset);
  cd_test_case_teardown (&f->tc, data);
}

static CdDestroyRun *
make_plan (Fixture            *f,
           CdDestroyPlanNotes *notes)
{
  g_autoptr(GError) error = NULL;
  CdDestroyRun *run = cd_destroy_plan (f->tc.store, NULL, notes, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (run);
  return run;
}

static void
test_plan (Fixture       *f,
           gconstpointer  data)
{
  g_auto(CdDestroyPlanNotes) notes = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDestroyRun) run = make_plan (f, &notes);
  g_autoptr(CdDestroyRun) again = NULL;
  g_autoptr(GPtrArray) runs = NULL;

  /* Two files: not the retained folder below, not the link. */
  g_assert_cmpuint (run->items->len, ==, 2);
  for (guint i = 0; i < run->items->len; i++)
    {
      CdDestroyItem *item = run->items->pdata[i];

      g_assert_true (g_str_has_prefix (item->path, f->destroy_dir));
      g_assert_false (g_str_has_prefix (item->path, f->keep_dir));
      g_assert_cmpuint (strlen (item->sha256), ==, 64);
      g_assert_cmpint (item->state, ==, CD_DESTROY_ITEM_PENDING);
      g_assert_cmpuint (item->seq, ==, i + 1);
    }
  g_assert_cmpuint (notes.protected_files, ==, 1);
  g_assert_cmpuint (notes.skipped, ==, 1);
  g_assert_cmpuint (notes.manual_assets->len, ==, 1);
  g_assert_cmpstr (cd_asset_get_id (notes.manual_assets->pdata[0]), ==, f->paper_id);
  g_assert_cmpuint (notes.missing_assets->len, ==, 1);
  g_assert_cmpint (run->state, ==, CD_DESTROY_RUN_PLANNED);
  g_assert_cmpuint (run->passes, ==, 1);
  g_assert_true (run->verify);

  again = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->items->len, ==, 2);
  g_assert_cmpstr (((CdDestroyItem *) again->items->pdata[1])->path, ==,
                   ((CdDestroyItem *) run->items->pdata[1])->path);
  runs = cd_destroy_list_runs (f->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 1);

  /* Withdrawn: nothing of it can run any more. */
  g_assert_true (cd_destroy_cancel_plan (f->tc.store, run->id, &error));
  g_assert_no_error (error);
  g_assert_false (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_STATE);

  /* The file names (customers' names) are sealed in the case. */
  g_clear_object (&f->tc.store);
  g_assert_false (cd_test_file_contains (f->tc.path, "张伟", strlen ("张伟")));
  g_assert_false (cd_test_file_contains (f->tc.path, "通话记录", strlen ("通话记录")));
}

static void
test_two_person_rule (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDestroyRun) run = make_plan (f, NULL);
  g_autoptr(CdDestroyRun) after = NULL;
  struct {
    const char *op, *witness, *confirm;
    int code;
  } cases[] = {
    { "赵磊", NULL, CASE_NAME, CD_DESTROY_ERROR_TWO_PERSON },
    { "  ", "钱芳", CASE_NAME, CD_DESTROY_ERROR_TWO_PERSON },
    { "赵磊", "赵磊", CASE_NAME, CD_DESTROY_ERROR_TWO_PERSON },
    { "Zhao Lei", " zhao lei ", CASE_NAME, CD_DESTROY_ERROR_TWO_PERSON },
    { "赵磊", "钱芳", NULL, CD_DESTROY_ERROR_CONFIRMATION },
    { "赵磊", "钱芳", "上海示例贸易", CD_DESTROY_ERROR_CONFIRMATION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (cd_destroy_run (f->tc.store, run->id, cases[i].op, cases[i].witness, cases[i].confirm,
                                      NULL, NULL, NULL, &error));
      g_assert_error (error, CD_DESTROY_ERROR, cases[i].code);
      g_clear_error (&error);
    }
  /* Nothing happened. */
  for (guint i = 0; i < run->items->len; i++)
    g_assert_true (g_file_test (((CdDestroyItem *) run->items->pdata[i])->path, G_FILE_TEST_EXISTS));
  after = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_cmpint (after->state, ==, CD_DESTROY_RUN_PLANNED);
}

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  guint64 *last = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, *last);
  *last = done;
}

static void
test_run (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDestroyRun) run = make_plan (f, NULL);
  g_autoptr(CdDestroyRun) done = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GArray) checkpoints = NULL;
  CdAuditReport report;
  guint64 last = 0;
  guint files = 0;

  g_assert_true (cd_destroy_run (f->tc.store, run->id, " 赵磊 ", "钱芳", " " CASE_NAME " ", NULL, on_progress,
                                 &last, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last, >, 0);

  for (guint i = 0; i < run->items->len; i++)
    g_assert_false (g_file_test (((CdDestroyItem *) run->items->pdata[i])->path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (f->keep_file, G_FILE_TEST_EXISTS));

  done = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, CD_DESTROY_RUN_COMPLETE);
  g_assert_cmpstr (done->operator_name, ==, "赵磊");
  g_assert_cmpstr (done->witness, ==, "钱芳");
  g_assert_cmpint (done->finished, >, 0);
  for (guint i = 0; i < done->items->len; i++)
    {
      CdDestroyItem *item = done->items->pdata[i];

      g_assert_cmpint (item->state, ==, CD_DESTROY_ITEM_DESTROYED);
      g_assert_cmpuint (item->passes, ==, 1);
      g_assert_true (item->verified);
      g_assert_cmpint (item->done_at, >, 0);
    }

  /* The log tells it, file by file, and a checkpoint signs it. */
  audit = cd_store_list_audit (f->tc.store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    if (g_str_equal (((CdAuditEntry *) audit->pdata[i])->action, "destroy.file"))
      files++;
  g_assert_cmpuint (files, ==, 2);
  g_assert_true (cd_store_verify_audit (f->tc.store, &report, &error));
  g_assert_no_error (error);
  checkpoints = cd_store_list_checkpoints (f->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checkpoints->len, >=, 1);
  g_assert_true (g_array_index (checkpoints, CdAuditCheckpoint, checkpoints->len - 1).valid);

  /* Done is done. */
  g_assert_false (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_STATE);
}

/* A file that changed after planning stops the run before it; the ones
 * before it are recorded as gone; after a new plan the rest goes. */
static void
test_changed_and_resume (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDestroyRun) run = make_plan (f, NULL);
  g_autoptr(CdDestroyRun) after = NULL;
  CdDestroyItem *first = run->items->pdata[0];
  CdDestroyItem *second = run->items->pdata[1];

  /* Same size, new content. */
  write_file (second->path, "李娜,13900000001\n王芳,13700000000\n");
  g_assert_false (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CHANGED);
  g_clear_error (&error);
  g_assert_false (g_file_test (first->path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (second->path, G_FILE_TEST_EXISTS));

  after = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->state, ==, CD_DESTROY_RUN_INTERRUPTED);
  g_assert_nonnull (after->message);
  g_assert_cmpint (((CdDestroyItem *) after->items->pdata[0])->state, ==, CD_DESTROY_ITEM_DESTROYED);
  g_assert_cmpint (((CdDestroyItem *) after->items->pdata[1])->state, ==, CD_DESTROY_ITEM_PENDING);
  g_assert_nonnull (((CdDestroyItem *) after->items->pdata[1])->message);

  /* Running it again stops again: the file is still not the planned one. */
  g_assert_false (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CHANGED);
  g_clear_error (&error);

  /* Withdrawn: what it destroyed stays recorded. */
  g_assert_true (cd_destroy_cancel_plan (f->tc.store, run->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, cd_destroy_run_free);
  after = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_cmpint (after->state, ==, CD_DESTROY_RUN_CANCELLED);
  g_assert_cmpint (((CdDestroyItem *) after->items->pdata[0])->state, ==, CD_DESTROY_ITEM_DESTROYED);

  /* A new plan takes the current version. */
  {
    g_autoptr(CdDestroyRun) fresh = make_plan (f, NULL);

    g_assert_cmpuint (fresh->items->len, ==, 1);
    g_assert_true (cd_destroy_run (f->tc.store, fresh->id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (second->path, G_FILE_TEST_EXISTS));
  }
}

/* An interruption in the middle of a file (the overwrite started, the run
 * died) is recorded as "started"; running again overwrites it anew, even
 * though its content is no longer the planned one. */
static void
test_interrupted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDestroyRun) run = make_plan (f, NULL);
  g_autoptr(CdDestroyRun) after = NULL;
  CdDestroyItem *first = run->items->pdata[0];
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  /* Cancelled before anything: the first item is marked started, then
   * the overwrite is cancelled. */
  g_cancellable_cancel (cancellable);
  g_assert_false (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_cmpint (after->state, ==, CD_DESTROY_RUN_INTERRUPTED);
  g_assert_cmpint (((CdDestroyItem *) after->items->pdata[0])->state, ==, CD_DESTROY_ITEM_WIPING);

  /* As if the overwrite had half happened. */
  write_file (first->path, "XXXXXXXXXXXXXXXXXXXXXXX\n");
  g_assert_true (cd_destroy_run (f->tc.store, run->id, "孙丽", "周强", CASE_NAME, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (first->path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&after, cd_destroy_run_free);
  after = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_cmpint (after->state, ==, CD_DESTROY_RUN_COMPLETE);
  g_assert_cmpstr (after->operator_name, ==, "孙丽");
}

/* A started item whose file is gone: the run died after the overwrite, in
 * the rename or unlink; it counts as destroyed, without verification. */
static void
test_interrupted_after_overwrite (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDestroyRun) run = make_plan (f, NULL);
  g_autoptr(CdDestroyRun) after = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CdDestroyItem *first = run->items->pdata[0];

  g_cancellable_cancel (cancellable);
  g_assert_false (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, cancellable, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (first->path), ==, 0);
  g_assert_true (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  after = cd_destroy_get_run (f->tc.store, run->id, &error);
  g_assert_cmpint (((CdDestroyItem *) after->items->pdata[0])->state, ==, CD_DESTROY_ITEM_DESTROYED);
  g_assert_false (((CdDestroyItem *) after->items->pdata[0])->verified);
  g_assert_nonnull (((CdDestroyItem *) after->items->pdata[0])->message);
}

/* A file the plan keeps now (the decision changed after planning) is
 * refused at run time: a check, not a hope. */
static void
test_protected_at_run (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdDestroyRun) run = make_plan (f, NULL);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  CdAssetPlan *plan = cd_asset_plan_new (f->dir_asset);

  plan->categories = CD_CATEGORY_GENERAL;
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  plan->retain_until = g_strdup ("2056-12-31");
  plan->decided_by = g_strdup ("王顾问");
  plan->decided_at = g_get_real_time () / G_USEC_PER_SEC;
  g_ptr_array_add (plans, plan);
  g_assert_true (cd_store_set_asset_plans (f->tc.store, plans, &error));
  g_assert_no_error (error);

  g_assert_false (cd_destroy_run (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_PROTECTED);
  for (guint i = 0; i < run->items->len; i++)
    g_assert_true (g_file_test (((CdDestroyItem *) run->items->pdata[i])->path, G_FILE_TEST_EXISTS));

  /* Nor is anything listed now. */
  g_clear_error (&error);
  g_assert_null (cd_destroy_plan (f->tc.store, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_EMPTY);
}

static void
run_async_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  cd_destroy_run_finish (CD_STORE (source), result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
}

static void
plan_async_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CdDestroyRun **run = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(CdDestroyPlanNotes) notes = { 0, };

  *run = cd_destroy_plan_finish (CD_STORE (source), result, &notes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes.manual_assets->len, ==, 1);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CdDestroyRun) run = NULL;
  g_autoptr(CdDestroyRun) after = NULL;
  GError *error = NULL;
  guint64 last = 0;

  cd_destroy_plan_async (f->tc.store, NULL, NULL, on_progress, &last, plan_async_cb, &run);
  while (run == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (run->items->len, ==, 2);

  last = 0;
  cd_destroy_run_async (f->tc.store, run->id, "赵磊", "钱芳", CASE_NAME, NULL, on_progress, &last, run_async_cb,
                        &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  for (guint i = 0; i < run->items->len; i++)
    g_assert_false (g_file_test (((CdDestroyItem *) run->items->pdata[i])->path, G_FILE_TEST_EXISTS));
  after = cd_destroy_get_run (f->tc.store, run->id, NULL);
  g_assert_cmpint (after->state, ==, CD_DESTROY_RUN_COMPLETE);

  /* Refused at once when the witness is missing. */
  cd_destroy_run_async (f->tc.store, run->id, "赵磊", "", CASE_NAME, NULL, NULL, NULL, run_async_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_TWO_PERSON);
  g_clear_error (&error);
}

static void
test_vault (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vault = g_build_filename (f->tc.dir, "留存.age", NULL);
  g_autofree char *recipient = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *kept_id = NULL;
  g_autofree char *due_id = NULL;
  g_autoptr(GPtrArray) vaults = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  const char *recipients[] = { NULL, NULL };
  char *secret = cd_age_identity_generate (&recipient);
  CdShredResult result;
  GDate today;
  gboolean expired = FALSE;

  cd_crypto_secure_free (secret);
  recipients[0] = recipient;
  write_file (vault, "age-encryption.org/v1 (stand-in)\n");
  hash = cd_fs_sha256_file (vault, &error);
  kept_id = cd_store_add_vault (f->tc.store, vault, hash, 10, 1, recipients, FALSE, "2056-12-31", &error);
  g_assert_no_error (error);

  /* Not before its time, and never the vault file in a destroy plan. */
  g_assert_false (cd_destroy_vault (f->tc.store, kept_id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_PROTECTED);
  g_clear_error (&error);
  g_assert_true (g_file_test (vault, G_FILE_TEST_EXISTS));

  /* One whose time is up: the plan check says so; destroying it needs two
   * people and the right file. */
  due_id = cd_store_add_vault (f->tc.store, vault, hash, 10, 1, recipients, FALSE, "2020-01-01", &error);
  g_assert_no_error (error);
  plans = cd_store_list_asset_plans (f->tc.store, &error);
  cd_date_set_today (&today);
  problems = cd_plan_check_case (f->tc.store, plans, &today, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    {
      CdPlanProblem *problem = problems->pdata[i];

      if (problem->code == CD_PLAN_CHECK_VAULT_EXPIRED)
        {
          g_assert_cmpstr (problem->vault_id, ==, due_id);
          g_assert_null (problem->asset_id);
          g_assert_cmpint (problem->severity, ==, CD_PLAN_SEVERITY_ERROR);
          expired = TRUE;
        }
    }
  g_assert_true (expired);

  g_assert_false (cd_destroy_vault (f->tc.store, due_id, "赵磊", "赵磊", CASE_NAME, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_TWO_PERSON);
  g_clear_error (&error);
  g_assert_true (cd_destroy_vault (f->tc.store, due_id, "赵磊", "钱芳", CASE_NAME, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (vault, G_FILE_TEST_EXISTS));
  g_assert_true (result.verified);
  vaults = cd_store_list_vaults (f->tc.store, &error);
  for (guint i = 0; i < vaults->len; i++)
    {
      CdVaultRecord *record = vaults->pdata[i];

      g_assert_cmpstr (record->state, ==, g_str_equal (record->id, due_id) ? "destroyed" : "kept");
    }
  g_assert_false (cd_destroy_vault (f->tc.store, due_id, "赵磊", "钱芳", CASE_NAME, NULL, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_STATE);
}

static void
test_manual (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->tc.dir, "nwipe-报告.pdf", NULL);
  g_autofree char *not_pdf = g_build_filename (f->tc.dir, "照片.jpg", NULL);
  g_autofree char *paper_id = NULL;
  g_autofree char *device_id = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GBytes) certificate = NULL;
  CdManualDestruction paper = { 0, };
  CdManualDestruction device = { 0, };

  paper.kind = CD_MANUAL_PAPER;
  paper.asset_id = f->paper_id;
  paper.performed_on = (char *) "2026-11-20";
  paper.operator_name = (char *) "赵磊";
  paper.witness = (char *) "钱芳";
  paper.description = (char *) "客户登记簿 2015–2024,共 12 册";
  paper.method = (char *) "P-4";
  paper.weight_kg = 18.5;
  paper.boxes = 3;
  paper_id = cd_destroy_add_manual (f->tc.store, &paper, NULL, &error);
  g_assert_no_error (error);

  /* Two people, a date, a description. */
  paper.witness = (char *) "赵磊";
  g_assert_null (cd_destroy_add_manual (f->tc.store, &paper, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_TWO_PERSON);
  g_clear_error (&error);
  paper.witness = (char *) "钱芳";
  paper.performed_on = (char *) "2026-13-01";
  g_assert_null (cd_destroy_add_manual (f->tc.store, &paper, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID);
  g_clear_error (&error);

  device.kind = CD_MANUAL_DEVICE;
  device.performed_on = (char *) "2026-11-21";
  device.operator_name = (char *) "赵磊";
  device.witness = (char *) "钱芳";
  device.description = (char *) "前台电脑硬盘";
  device.method = (char *) "nwipe (DoD short)";
  device.serial = (char *) "WD-WCC4N0123456";
  write_file (not_pdf, "\xff\xd8\xff\xe0 not a pdf");
  g_assert_null (cd_destroy_add_manual (f->tc.store, &device, not_pdf, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID);
  g_clear_error (&error);
  device.serial = NULL;
  g_assert_null (cd_destroy_add_manual (f->tc.store, &device, NULL, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID);
  g_clear_error (&error);
  device.serial = (char *) "WD-WCC4N0123456";
  cd_test_write_contract_pdf (pdf, "赵磊", "110101199003074578", "13800000000", "13900000000");
  device_id = cd_destroy_add_manual (f->tc.store, &device, pdf, &error);
  g_assert_no_error (error);

  records = cd_destroy_list_manual (f->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 2);
  {
    CdManualDestruction *first = records->pdata[0];
    CdManualDestruction *second = records->pdata[1];
    g_autofree char *expected = cd_fs_sha256_file (pdf, NULL);

    g_assert_cmpint (first->kind, ==, CD_MANUAL_PAPER);
    g_assert_cmpstr (first->description, ==, "客户登记簿 2015–2024,共 12 册");
    g_assert_cmpfloat (first->weight_kg, ==, 18.5);
    g_assert_cmpuint (first->boxes, ==, 3);
    g_assert_cmpstr (first->asset_id, ==, f->paper_id);
    g_assert_null (first->certificate_sha256);
    g_assert_cmpint (second->kind, ==, CD_MANUAL_DEVICE);
    g_assert_cmpstr (second->serial, ==, "WD-WCC4N0123456");
    g_assert_cmpstr (second->certificate_name, ==, "nwipe-报告.pdf");
    g_assert_cmpstr (second->certificate_sha256, ==, expected);
  }
  certificate = cd_destroy_get_certificate (f->tc.store, device_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (certificate, NULL), "%PDF-"));
  g_assert_null (cd_destroy_get_certificate (f->tc.store, paper_id, &error));
  g_assert_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID);
  g_clear_error (&error);

  /* Sealed, and resealed with a new passphrase. */
  g_assert_true (cd_store_change_passphrase (f->tc.store, CD_TEST_PASSPHRASE, "another passphrase 2026", NULL,
                                             &error));
  g_assert_no_error (error);
  g_clear_pointer (&records, g_ptr_array_unref);
  records = cd_destroy_list_manual (f->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CdManualDestruction *) records->pdata[0])->description, ==, "客户登记簿 2015–2024,共 12 册");
  g_clear_object (&f->tc.store);
  g_assert_false (cd_test_file_contains (f->tc.path, "客户登记簿", strlen ("客户登记簿")));
  g_assert_false (cd_test_file_contains (f->tc.path, "WD-WCC4N0123456", strlen ("WD-WCC4N0123456")));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/destroy/plan", test_plan);
  ADD ("/destroy/two-person-rule", test_two_person_rule);
  ADD ("/destroy/run", test_run);
  ADD ("/destroy/changed-and-resume", test_changed_and_resume);
  ADD ("/destroy/interrupted", test_interrupted);
  ADD ("/destroy/interrupted-after-overwrite", test_interrupted_after_overwrite);
  ADD ("/destroy/protected-at-run", test_protected_at_run);
  ADD ("/destroy/async", test_async);
  ADD ("/destroy/vault", test_vault);
  ADD ("/destroy/manual", test_manual);
#undef ADD

  return g_test_run ();
}
