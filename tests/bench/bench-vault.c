/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of retained archives and destruction (issue 8, figures), on a
 * generated folder (default 1 GiB: some large files and many small ones,
 * incompressible), one run each:
 *   - vault create (cd_vault_create, to one recipient) against
 *     `tar -cf - DIR | age -r RECIPIENT -o OUT` (target: time ratio <= 1.0);
 *   - vault verify (cd_vault_verify) against `age -d -i KEY OUT > /dev/null`;
 *   - wiping a file as large as the folder (cd_shred_file, one pass read
 *     back; three passes) against `shred -n 1 -u` and `shred -n 3 -u`
 *     (target: ratio <= 1.1).
 * The page cache is dropped before each timing when run as root (--warm
 * keeps it). --runs N repeats create and verify on the same folder and
 * adds the best time of each side: on a shared or virtual machine a single
 * run can differ by a factor of two. --no-wipe leaves the wipe out.
 * Run on demand: build-aux/dev bench vault [--mib N] [--runs N] [--no-wipe] [--warm]. */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-test-util.h"

#define TARGET_CREATE_RATIO 1.0
#define TARGET_WIPE_RATIO   1.1

static int mib = 1024;
static int runs = 1;
static gboolean keep = FALSE;
static gboolean no_wipe = FALSE;
static gboolean warm = FALSE;

static GOptionEntry entries[] = {
  { "mib", 'm', 0, G_OPTION_ARG_INT, &mib, "Size of the folder in MiB (default 1024)", "N" },
  { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Times to run create and verify on the same folder (default 1)", "N" },
  { "no-wipe", 'W', 0, G_OPTION_ARG_NONE, &no_wipe, "Leave out the wipe figures", NULL },
  { "warm", 'w', 0, G_OPTION_ARG_NONE, &warm, "Do not drop the page cache before each timing", NULL },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the work folder and print its path", NULL },
  { NULL }
};

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
write_random (const char *path,
              gsize       size)
{
  FILE *file = g_fopen (path, "wb");
  g_autofree guint8 *buffer = g_malloc (1024 * 1024);

  g_assert_nonnull (file);
  while (size > 0)
    {
      gsize n = MIN (size, (gsize) 1024 * 1024);

      randombytes_buf (buffer, n);
      g_assert_cmpuint (fwrite (buffer, 1, n, file), ==, n);
      size -= n;
    }
  g_assert_cmpint (fclose (file), ==, 0);
}

/* Three quarters in 64 MiB files, the rest in 256 KiB ones. */
static void
make_folder (const char *dir,
             guint64     bytes)
{
  guint64 large = bytes * 3 / 4;
  guint64 small_total = bytes - large;
  g_autofree char *small_dir = g_build_filename (dir, "小文件", NULL);

  g_assert_cmpint (g_mkdir_with_parents (small_dir, 0700), ==, 0);
  for (guint i = 0; large > 0; i++)
    {
      gsize n = (gsize) MIN (large, (guint64) 64 << 20);
      g_autofree char *name = g_strdup_printf ("大文件-%02u.bin", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      write_random (path, n);
      large -= n;
    }
  for (guint i = 0; small_total > 0; i++)
    {
      gsize n = (gsize) MIN (small_total, (guint64) 256 << 10);
      g_autofree char *name = g_strdup_printf ("记录-%05u.dat", i);
      g_autofree char *path = g_build_filename (small_dir, name, NULL);

      write_random (path, n);
      small_total -= n;
    }
}

static double
run_shell (const char *script)
{
  const char *argv[] = { "sh", "-c", script, NULL };
  int status = 0;
  double start = now ();

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, NULL));
  if (!g_spawn_check_wait_status (status, NULL))
    g_printerr ("failed: %s\n", script);
  return now () - start;
}

/* Whether the page cache is dropped before each timing. */
static gboolean caches_dropped = FALSE;

static void
drop_caches (void)
{
  int fd;

  /* Only possible as root; otherwise every run starts warm alike. (Not
   * g_file_set_contents(): it writes a temporary file beside the target,
   * which /proc refuses.) */
  sync ();
  if (warm)
    return;
  fd = open ("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  caches_dropped = fd >= 0 && write (fd, "3", 1) == 1;
  if (fd >= 0)
    close (fd);
}

static void
print_ratio (const char *what,
             double      ours,
             double      theirs,
             double      target)
{
  double ratio = ours / theirs;

  if (target > 0)
    printf ("  %-44s %6.2f    target <= %.2f  %s\n", what, ratio, target, ratio <= target ? "met" : "MISSED");
  else
    printf ("  %-44s %6.2f\n", what, ratio);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *script = NULL;
  char *secret;
  const char *recipients[2] = { NULL, NULL };
  const char *identities[2] = { NULL, NULL };
  guint64 bytes;
  double t_ours, t_theirs, cpu_ours;
  /* Create ours, theirs; verify ours, theirs. */
  double best[4] = { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };
  CdVaultCreateRequest request = { 0, };
  CdVaultInfo info;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_assert_true (cd_crypto_init (NULL));
  if (!cd_test_have_program ("age") || !cd_test_have_program ("shred"))
    {
      g_printerr ("bench-vault needs age and shred (coreutils)\n");
      return 1;
    }

  bytes = (guint64) MAX (mib, 1) << 20;
  work = g_dir_make_tmp ("cd-bench-vault-XXXXXX", &error);
  g_assert_no_error (error);
  folder = g_build_filename (work, "档案", NULL);
  ours = g_build_filename (work, "ours.age", NULL);
  theirs = g_build_filename (work, "theirs.age", NULL);
  key_path = g_build_filename (work, "key.txt", NULL);
  make_folder (folder, bytes);

  secret = cd_age_identity_generate (&recipient);
  {
    g_autofree char *key_text = g_strdup_printf ("%s\n", secret);

    g_assert_true (g_file_set_contents (key_path, key_text, -1, NULL));
  }
  recipients[0] = recipient;
  identities[0] = secret;
  printf ("Closure Desk vault and wipe benchmark (%s, %u CPUs)\n", work, g_get_num_processors ());
  printf ("  folder: %d MiB, 3/4 in 64 MiB files, 1/4 in 256 KiB files, random bytes\n", mib);

  /* Each side replaces its own output of the run before just before it
   * is timed, so that both find the same memory free. */
  request.paths = (const char * const[]) { folder, NULL };
  request.output = ours;
  request.recipients = recipients;
  for (int run = 0; run < MAX (runs, 1); run++)
    {
      if (runs > 1)
        printf ("  run %d of %d\n", run + 1, runs);

      /* Create. */
      g_clear_pointer (&script, g_free);
      script = g_strdup_printf ("rm -f '%s'; sync", theirs);
      run_shell (script);
      drop_caches ();
      if (run == 0)
        printf ("  page cache: %s\n", caches_dropped ? "dropped before each timing" : "warm (not dropped)");
      g_free (script);
      script = g_strdup_printf ("tar -cf - -C '%s' '档案' | age -r %s -o '%s'", work, recipient, theirs);
      t_theirs = run_shell (script);
      g_remove (ours);
      drop_caches ();
      cpu_ours = cd_test_cpu_seconds (FALSE);
      t_ours = now ();
      g_assert_true (cd_vault_create (&request, &info, NULL, NULL, NULL, &error));
      t_ours = now () - t_ours;
      cpu_ours = cd_test_cpu_seconds (FALSE) - cpu_ours;
      g_assert_no_error (error);
      printf ("  vault create                                %6.2f s   %7.1f MiB/s   CPU %.2f s\n",
              t_ours, mib / t_ours, cpu_ours);
      printf ("  tar -c | age -r                             %6.2f s   %7.1f MiB/s\n", t_theirs, mib / t_theirs);
      print_ratio ("create time ratio ours / theirs", t_ours, t_theirs, TARGET_CREATE_RATIO);
      best[0] = MIN (best[0], t_ours);
      best[1] = MIN (best[1], t_theirs);

      /* Verify. */
      drop_caches ();
      g_free (script);
      script = g_strdup_printf ("age -d -i '%s' '%s' > /dev/null", key_path, ours);
      t_theirs = run_shell (script);
      drop_caches ();
      t_ours = now ();
      g_assert_true (cd_vault_verify (ours, identities, NULL, NULL, NULL, NULL, &error));
      t_ours = now () - t_ours;
      g_assert_no_error (error);
      printf ("  vault verify                                %6.2f s   %7.1f MiB/s\n", t_ours, mib / t_ours);
      printf ("  age -d > /dev/null                          %6.2f s   %7.1f MiB/s\n", t_theirs, mib / t_theirs);
      print_ratio ("verify time ratio ours / theirs", t_ours, t_theirs, 0);
      best[2] = MIN (best[2], t_ours);
      best[3] = MIN (best[3], t_theirs);
    }
  if (runs > 1)
    {
      printf ("  best of %d runs\n", runs);
      printf ("  vault create %6.2f s, tar -c | age -r %6.2f s\n", best[0], best[1]);
      print_ratio ("create time ratio, best of each", best[0], best[1], TARGET_CREATE_RATIO);
      printf ("  vault verify %6.2f s, age -d %6.2f s\n", best[2], best[3]);
      print_ratio ("verify time ratio, best of each", best[2], best[3], 0);
    }

  /* Wipe a file as large as the folder. */
  for (guint passes = 1; !no_wipe && passes <= 3; passes += 2)
    {
      g_autofree char *a = g_build_filename (work, "wipe-ours.bin", NULL);
      g_autofree char *b = g_build_filename (work, "wipe-shred.bin", NULL);
      g_autofree char *what = g_strdup_printf ("wipe ratio ours / shred -n %u", passes);
      CdShredOptions options = { passes, FALSE };
      CdShredResult result;

      write_random (a, bytes);
      write_random (b, bytes);
      drop_caches ();
      g_free (script);
      script = g_strdup_printf ("shred -n %u -u '%s'", passes, b);
      t_theirs = run_shell (script);
      drop_caches ();
      t_ours = now ();
      g_assert_true (cd_shred_file (a, &options, &result, NULL, NULL, NULL, &error));
      t_ours = now () - t_ours;
      g_assert_no_error (error);
      printf ("  wipe, %u pass%s + read back (%s)        %6.2f s\n", passes, passes > 1 ? "es" : "  ",
              cd_shred_category_get_id (result.category), t_ours);
      printf ("  shred -n %u -u                              %6.2f s\n", passes, t_theirs);
      print_ratio (what, t_ours, t_theirs, TARGET_WIPE_RATIO);

      /* shred reads nothing back: the same work without the read-back. */
      if (passes == 1)
        {
          CdShredOptions unverified = { 1, TRUE };

          write_random (a, bytes);
          drop_caches ();
          t_ours = now ();
          g_assert_true (cd_shred_file (a, &unverified, &result, NULL, NULL, NULL, &error));
          t_ours = now () - t_ours;
          printf ("  wipe, 1 pass, no read back                  %6.2f s\n", t_ours);
          print_ratio ("wipe ratio, no read back / shred -n 1", t_ours, t_theirs, TARGET_WIPE_RATIO);
        }
    }

  cd_crypto_secure_free (secret);
  if (keep)
    printf ("  kept: %s\n", work);
  else
    cd_test_rm_rf (work);
  return 0;
}
