/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Crash safety: kill closure-desk-cli with SIGKILL in the middle of a large
 * customer import, again and again, and check that the case file is never
 * damaged, never holds half an import and keeps an intact audit log. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cd-test-util.h"

#define PASSPHRASE   "crash test passphrase"
#define N_CUSTOMERS  20000
#define N_KILLS      24

static GSubprocess *
spawn_cli (const char          *cwd,
           const char * const  *args,
           GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("CLOSURE_DESK_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "CLOSURE_DESK_PASSPHRASE", PASSPHRASE, TRUE);
  g_subprocess_launcher_setenv (launcher, "CLOSURE_DESK_KDF", "fast", TRUE);
  g_subprocess_launcher_setenv (launcher, "CLOSURE_DESK_ACTOR", "crash-test", TRUE);
  g_subprocess_launcher_set_cwd (launcher, cwd);

  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

static int
run_cli (const char         *cwd,
         const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = spawn_cli (cwd, args, &error);

  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

/* 20,000 distinct synthetic individuals with valid resident IDs (region
 * 110101, birth dates from 1970 on, check character computed) and mobile
 * numbers 130xxxxxxxx. Deterministic, so a failure can be replayed. */
static char *
write_big_csv (const char *dir)
{
  g_autoptr(GString) csv = g_string_new ("name,phone,id_number,email\r\n");
  g_autoptr(GDateTime) epoch = g_date_time_new_utc (1970, 1, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "big.csv", NULL);

  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_autoptr(GDateTime) birth = g_date_time_add_days (epoch, (int) (i / 1000));
      g_autofree char *date = g_date_time_format (birth, "%Y%m%d");
      g_autofree char *body = g_strdup_printf ("110101%s%03u", date, i % 1000);
      char check = cd_ident_resident_id_check_char (body);

      g_assert_cmpuint (strlen (body), ==, 17);
      g_string_append_printf (csv, "客户%05u,130%08u,%s%c,c%05u@example.com\r\n",
                              i, i, body, check, i);
    }

  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);
  return path;
}

static void
check_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check;", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gint64
check_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  CdAuditReport report;
  gint64 count;

  check_integrity (path);

  store = cd_store_open (path, &error);
  g_assert_no_error (error);
  cd_store_unlock (store, PASSPHRASE, &error);
  g_assert_no_error (error);

  count = cd_store_count_customers (store, &error);
  g_assert_no_error (error);
  g_assert_true (count == 0 || count == N_CUSTOMERS);

  cd_store_verify_audit (store, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report.problem, ==, CD_AUDIT_OK);
  g_assert_cmpint (report.first_bad_seq, ==, 0);

  cd_store_close (store);
  return count;
}

/* Puts the empty case back, so that every round imports for real instead
 * of skipping 20,000 duplicates after the first import that got through. */
static void
restore_case (const char *from,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  gsize len = 0;

  g_unlink (wal);
  g_unlink (shm);
  g_file_get_contents (from, &contents, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static void
test_kill_during_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-crash-XXXXXX", &error);
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *timing = NULL;
  g_autofree char *template = NULL;
  const char *import_args[] = { "customers", "import", NULL, NULL, NULL };
  guint killed = 0, completed = 0, committed_then_killed = 0;
  gint64 start, full_ms, count;

  g_assert_no_error (error);
  csv = write_big_csv (dir);
  path = g_build_filename (dir, "crash.closurecase", NULL);
  timing = g_build_filename (dir, "timing.closurecase", NULL);
  template = g_build_filename (dir, "empty.closurecase.template", NULL);

  {
    const char *args[] = { "case", "new", path, "--company", "崩溃测试有限公司", NULL };
    const char *args2[] = { "case", "new", timing, "--company", "计时有限公司", NULL };

    g_assert_cmpint (run_cli (dir, args), ==, 0);
    g_assert_cmpint (run_cli (dir, args2), ==, 0);
  }
  restore_case (path, template);  /* keep a copy of the empty case */

  /* How long one uninterrupted import takes here, so that the kills can
   * be spread over the whole of it: the parse, the transaction, the commit. */
  import_args[2] = timing;
  import_args[3] = csv;
  start = g_get_monotonic_time ();
  g_assert_cmpint (run_cli (dir, import_args), ==, 0);
  full_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("one import of %d customers takes %" G_GINT64_FORMAT " ms",
                  N_CUSTOMERS, full_ms);
  g_assert_cmpint (check_case (timing), ==, N_CUSTOMERS);

  import_args[2] = path;
  for (guint i = 0; i < N_KILLS; i++)
    {
      g_autoptr(GSubprocess) process = spawn_cli (dir, import_args, &error);
      int delay_ms;

      g_assert_no_error (error);

      /* Even rounds: 5–400 ms, mostly while the file is read and checked.
       * Odd rounds: anywhere up to a little past a full import, to hit the
       * write transaction and its commit, and let some imports finish. */
      if (i % 2 == 0)
        delay_ms = g_test_rand_int_range (5, 401);
      else
        delay_ms = g_test_rand_int_range (MAX (5, (int) (full_ms / 3)),
                                          MAX (401, (int) (full_ms * 6 / 5) + 1));
      g_usleep ((gulong) delay_ms * 1000);

      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);

      if (g_subprocess_get_if_signaled (process))
        {
          g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
          killed++;
        }
      else
        {
          g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
          completed++;
        }

      count = check_case (path);
      if (g_subprocess_get_if_exited (process))
        g_assert_cmpint (count, ==, N_CUSTOMERS);
      else if (count == N_CUSTOMERS)
        committed_then_killed++;
      g_test_message ("round %u: %s after %d ms, %" G_GINT64_FORMAT " customers in the case",
                      i + 1, g_subprocess_get_if_exited (process) ? "completed" : "killed",
                      delay_ms, count);
      if (count != 0)
        restore_case (template, path);
    }

  g_test_message ("%u imports killed (%u of them after their commit), %u completed",
                  killed, committed_then_killed, completed);
  g_assert_cmpuint (killed, >, 0);

  /* The case still works: one more import runs to the end. */
  g_assert_cmpint (run_cli (dir, import_args), ==, 0);
  g_assert_cmpint (check_case (path), ==, N_CUSTOMERS);

  cd_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/crash/kill-during-import", test_kill_during_import);

  return g_test_run ();
}
