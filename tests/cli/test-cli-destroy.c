/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli destroy end to end: plan lists the "destroy" set and
 * leaves out what the plan keeps; run needs two different people and the
 * case name, destroys exactly the planned files and records them; a file
 * changed since the plan stops the run; manual records; a vault's
 * crypto-erase refused before its time. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-cli-test.h"
#include "cd-test-util.h"

#define CASE_NAME "上海示例贸易有限公司"

typedef struct
{
  char *dir;
  char *path;
  char *old_list;     /* destroy */
  char *calls;        /* destroy */
  char *ledger;       /* kept */
  char *paper_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *destroy_dir = NULL;
  g_autofree char *keep_dir = NULL;
  g_autofree char *sub = NULL;

  f->dir = g_dir_make_tmp ("cd-cli-destroy-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "case.closurecase", NULL);
  store = cd_test_create_case (f->path, &error);
  g_assert_no_error (error);

  destroy_dir = g_build_filename (f->dir, "客户资料", NULL);
  keep_dir = g_build_filename (destroy_dir, "会计档案", NULL);
  sub = g_build_filename (destroy_dir, "2023", NULL);
  g_assert_cmpint (g_mkdir_with_parents (keep_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  f->old_list = g_build_filename (destroy_dir, "客户名单-张伟.csv", NULL);
  f->calls = g_build_filename (sub, "通话记录.csv", NULL);
  f->ledger = g_build_filename (keep_dir, "总账.csv", NULL);
  g_assert_true (g_file_set_contents (f->old_list, "张伟,13800000000\n", -1, NULL));
  g_assert_true (g_file_set_contents (f->calls, "李娜,13900000000\n", -1, NULL));
  g_assert_true (g_file_set_contents (f->ledger, "科目,借方,贷方\n", -1, NULL));

  g_free (cd_test_add_planned_asset (store, destroy_dir, CD_MEDIUM_SERVER, CD_DISPOSITION_DESTROY));
  g_free (cd_test_add_planned_asset (store, keep_dir, CD_MEDIUM_SERVER, CD_DISPOSITION_ENCRYPT_RETAIN));
  f->paper_id = cd_test_add_planned_asset (store, "档案室 客户登记簿 3 箱", CD_MEDIUM_PAPER,
                                           CD_DISPOSITION_DESTROY);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->old_list);
  g_free (f->calls);
  g_free (f->ledger);
  g_free (f->paper_id);
}

/* The plan's id from "destroy plan"'s TSV-less output: the run hint. */
static char *
plan_id (Fixture *f)
{
  g_autoptr(CdCliResult) r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "plan", f->path, NULL);
  const char *hint;

  CD_CLI_ASSERT_EXIT (r, 0);
  hint = strstr (r->out, "destroy run CASE ");
  g_assert_nonnull (hint);
  return g_strndup (hint + strlen ("destroy run CASE "), 8);
}

static void
test_plan_and_run (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CdCliResult) r = NULL;
  g_autofree char *id = NULL;

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "plan", f->path, "--format=tsv", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "通话记录.csv"));
  g_assert_nonnull (strstr (r->out, "客户名单-张伟.csv"));
  g_assert_null (strstr (r->out, "总账.csv"));
  g_clear_pointer (&r, cd_cli_result_free);

  id = plan_id (f);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "plan", f->path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "档案室 客户登记簿"));    /* needs a manual record */
  g_clear_pointer (&r, cd_cli_result_free);

  /* Two people, and they differ; the case name typed. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "run", f->path, id, "--operator", "赵磊",
                     "--confirm", CASE_NAME, NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "run", f->path, id, "--operator", "赵磊",
                     "--witness", "赵磊", "--confirm", CASE_NAME, NULL);
  g_assert_cmpint (r->status, !=, 0);
  g_assert_nonnull (strstr (r->err, "witness"));
  g_clear_pointer (&r, cd_cli_result_free);
  /* No terminal to ask on, no --confirm: refused. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "run", f->path, id, "--operator", "赵磊",
                     "--witness", "钱芳", NULL);
  g_assert_cmpint (r->status, !=, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "run", f->path, id, "--operator", "赵磊",
                     "--witness", "钱芳", "--confirm", "上海示例", NULL);
  g_assert_cmpint (r->status, !=, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  g_assert_true (g_file_test (f->old_list, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (f->calls, G_FILE_TEST_EXISTS));

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "run", f->path, id, "--operator", "赵磊",
                     "--witness", "钱芳", "--confirm", CASE_NAME, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "2 files destroyed by 赵磊, witnessed by 钱芳"));
  g_assert_false (g_file_test (f->old_list, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->calls, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (f->ledger, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "list", f->path, "--format=tsv", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "\tcomplete\t2/2\t赵磊\t钱芳"));
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "list", f->path, id, "--format=tsv", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "\tdestroyed\t"));
  g_clear_pointer (&r, cd_cli_result_free);

  /* The audit log verifies, and tells the destruction. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "verify", f->path, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "audit", "list", f->path, "--format=tsv", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "destroy.file"));
  g_assert_nonnull (strstr (r->out, "destroy.completed"));
  /* Names of files never in the log. */
  g_assert_null (strstr (r->out, "张伟"));
}

static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CdCliResult) r = NULL;
  g_autofree char *id = plan_id (f);

  g_assert_true (g_file_set_contents (f->calls, "李娜,13900000001\n", -1, NULL));
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "run", f->path, id, "--operator", "赵磊",
                     "--witness", "钱芳", "--confirm", CASE_NAME, NULL);
  g_assert_cmpint (r->status, !=, 0);
  g_assert_nonnull (strstr (r->err, "changed since the plan"));
  /* Planned order: 2023/通话记录.csv first; it stopped there. */
  g_assert_true (g_file_test (f->calls, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (f->old_list, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "list", f->path, "--format=tsv", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "\tinterrupted\t0/2\t"));
  g_clear_pointer (&r, cd_cli_result_free);

  /* Withdraw it, plan anew. */
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "cancel", f->path, id, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
}

static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CdCliResult) r = NULL;
  g_autofree char *certificate = g_build_filename (f->dir, "nwipe.pdf", NULL);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "record", f->path, "--kind", "paper",
                     "--date", "2026-11-20", "--operator", "赵磊", "--witness", "钱芳", "--description",
                     "客户登记簿 3 箱", "--method", "P-4", "--weight", "18.5", "--boxes", "3", "--asset",
                     f->paper_id, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "record", f->path, "--kind", "tape",
                     "--date", "2026-11-20", "--operator", "赵磊", "--witness", "钱芳", "--description", "x",
                     "--method", "y", NULL);
  CD_CLI_ASSERT_EXIT (r, 2);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "record", f->path, "--kind", "device",
                     "--date", "2026-11-21", "--operator", "赵磊", "--witness", "赵磊", "--description", "硬盘",
                     "--method", "nwipe", "--serial", "WD-1", NULL);
  g_assert_cmpint (r->status, !=, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  cd_test_write_contract_pdf (certificate, "赵磊", "110101199003074578", "13800000000", "13900000000");
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "record", f->path, "--kind", "device",
                     "--date", "2026-11-21", "--operator", "赵磊", "--witness", "钱芳", "--description",
                     "前台电脑硬盘", "--method", "nwipe", "--serial", "WD-WCC4N0123456", "--certificate",
                     certificate, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "list", f->path, "--format=tsv", NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_assert_nonnull (strstr (r->out, "\t2026-11-20\tpaper\tP-4\t赵磊\t钱芳\t客户登记簿 3 箱"));
  g_assert_nonnull (strstr (r->out, "\t2026-11-21\tdevice\tnwipe\t赵磊\t钱芳\t前台电脑硬盘"));
}

static void
test_vault_not_due (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CdCliResult) r = NULL;
  g_autofree char *vault = g_build_filename (f->dir, "留存.age", NULL);
  g_autofree char *key = g_build_filename (f->dir, "lawyer.key", NULL);

  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "custodian", "new", f->path, "--name", "韩律师", "-o", key,
                     NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);
  r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "create", f->path, "-o", vault, "--retain-until",
                     "2056-12-31", f->ledger, NULL);
  CD_CLI_ASSERT_EXIT (r, 0);
  g_clear_pointer (&r, cd_cli_result_free);

  /* The vault file is never in a destroy plan, even below a "destroy"
   * folder; and it cannot be destroyed before its date. */
  {
    g_autofree char *inside = g_build_filename (f->dir, "客户资料", "留存.age", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(CdStore) store = NULL;
    g_autoptr(GPtrArray) vaults = NULL;

    r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "vault", "create", f->path, "-o", inside,
                       "--retain-until", "2056-12-31", f->ledger, NULL);
    CD_CLI_ASSERT_EXIT (r, 0);
    g_clear_pointer (&r, cd_cli_result_free);
    r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "plan", f->path, "--format=tsv", NULL);
    CD_CLI_ASSERT_EXIT (r, 0);
    g_assert_null (strstr (r->out, "留存.age"));
    g_clear_pointer (&r, cd_cli_result_free);

    store = cd_store_open (f->path, &error);
    g_assert_no_error (error);
    g_assert_true (cd_store_unlock (store, CD_TEST_PASSPHRASE, &error));
    vaults = cd_store_list_vaults (store, &error);
    g_assert_cmpuint (vaults->len, ==, 2);
    g_clear_object (&store);    /* the case is open in one program at a time */
    r = cd_cli_run_va (NULL, CD_TEST_PASSPHRASE, NULL, "destroy", "vault", f->path,
                       ((CdVaultRecord *) vaults->pdata[0])->id, "--operator", "赵磊", "--witness", "钱芳",
                       "--confirm", CASE_NAME, NULL);
    g_assert_cmpint (r->status, !=, 0);
    g_assert_nonnull (strstr (r->err, "2056-12-31"));
    g_assert_true (g_file_test (vault, G_FILE_TEST_EXISTS));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/cli/destroy/plan-and-run", test_plan_and_run);
  ADD ("/cli/destroy/changed", test_changed);
  ADD ("/cli/destroy/record", test_record);
  ADD ("/cli/destroy/vault-not-due", test_vault_not_due);
#undef ADD

  return g_test_run ();
}
