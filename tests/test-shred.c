/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-shred: files overwritten, read back, renamed and removed; what is
 * refused (links, hard links, special files); a cancelled run that a
 * second run finishes; what the storage allows (NIST SP 800-88); and, on a
 * loop-mounted ext4 image where the machine allows mounting, the old
 * content found nowhere in the image afterwards. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-test-util.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cd-shred-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
make_file (const char *dir,
           const char *name,
           gsize       size)
{
  g_autofree guint8 *data = g_malloc (size + 1);
  char *path = g_build_filename (dir, name, NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) ('A' + i % 26);
  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));
  return path;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

typedef struct
{
  guint64       last;
  guint64       total;
  guint         calls;
  guint64       cancel_at;
  GCancellable *cancellable;
} Progress;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpuint (done, >=, p->last);
  g_assert_cmpuint (done, <=, total);
  p->last = done;
  p->total = total;
  p->calls++;
  if (p->cancellable != NULL && done >= p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = make_file (f->dir, "客户名单.xlsx", 3 * 1024 * 1024 + 1);
  g_autofree char *empty = make_file (f->dir, "empty.txt", 0);
  CdShredOptions three = { 3, FALSE };
  CdShredResult result;
  Progress progress = { 0 };

  g_assert_true (cd_shred_file (path, &three, &result, NULL, on_progress, &progress, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (result.bytes, ==, 3 * 1024 * 1024 + 1);
  g_assert_cmpuint (result.passes, ==, 3);
  g_assert_true (result.verified);
  g_assert_cmpuint (progress.total, ==, 3 * result.bytes);
  g_assert_cmpuint (progress.last, ==, progress.total);
  g_assert_true (result.category == CD_SHRED_CATEGORY_CLEAR || result.caveats != CD_SHRED_CAVEAT_NONE);

  /* An empty file goes too; no renamed leftovers. */
  g_assert_true (cd_shred_file (empty, NULL, &result, NULL, NULL, NULL, &error));
  g_assert_cmpuint (result.bytes, ==, 0);
  g_assert_cmpuint (result.passes, ==, 1);
  g_assert_cmpuint (count_entries (f->dir), ==, 0);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = make_file (f->dir, "target.csv", 4096);
  g_autofree char *symbolic = g_build_filename (f->dir, "link.csv", NULL);
  g_autofree char *hard = g_build_filename (f->dir, "hard.csv", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "fifo", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);
  g_autofree char *contents = NULL;
  CdShredOptions too_many = { CD_SHRED_MAX_PASSES + 1, FALSE };

  g_assert_cmpint (symlink (target, symbolic), ==, 0);
  g_assert_false (cd_shred_file (symbolic, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  g_assert_cmpint (link (target, hard), ==, 0);
  g_assert_false (cd_shred_file (hard, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_HARD_LINKED);
  g_clear_error (&error);
  g_assert_cmpint (g_unlink (hard), ==, 0);

  g_assert_false (cd_shred_file (f->dir, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (cd_shred_file (fifo, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  g_assert_false (cd_shred_file (missing, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (cd_shred_file (target, &too_many, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_INVALID);
  g_clear_error (&error);

  /* Nothing refused was touched. */
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "ABCDEFG"));
  g_assert_true (g_file_test (symbolic, G_FILE_TEST_IS_SYMLINK));
}

/* Cancelled half-way: the file keeps its name; a second run finishes. */
static void
test_cancel_and_resume (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = make_file (f->dir, "ledger.db", 4 * 1024 * 1024);
  Progress progress = { 0 };

  progress.cancellable = cancellable;
  progress.cancel_at = 1024 * 1024;
  g_assert_false (cd_shred_file (path, NULL, NULL, cancellable, on_progress, &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (f->dir), ==, 1);

  g_assert_true (cd_shred_file (path, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f->dir), ==, 0);
}

static void
test_assess (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdShredAssessment) here = cd_shred_assess (f->dir, &error);
  g_autoptr(CdShredAssessment) proc = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (here->fs_type);
  g_assert_nonnull (here->mount_point);
  g_test_message ("%s: %s on %s (%s), rotational %d, caveats %x, %s", f->dir, here->fs_type,
                  here->mount_point, here->device, here->rotational, here->caveats,
                  cd_shred_category_get_id (here->category));
  g_assert_true ((here->category == CD_SHRED_CATEGORY_CLEAR) == (here->caveats == CD_SHRED_CAVEAT_NONE));
  for (guint i = 0; i < CD_SHRED_N_CAVEATS; i++)
    {
      g_assert_nonnull (cd_shred_caveat_get_id (1u << i));
      g_assert_nonnull (cd_shred_caveat_get_label (1u << i));
    }

  /* Memory file systems are never "Clear". */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    {
      g_autoptr(CdShredAssessment) shm = cd_shred_assess ("/dev/shm", &error);

      g_assert_no_error (error);
      if (g_str_equal (shm->fs_type, "tmpfs"))
        {
          g_assert_true (shm->caveats & CD_SHRED_CAVEAT_MEMORY);
          g_assert_cmpint (shm->category, ==, CD_SHRED_CATEGORY_NOT_ASSURED);
        }
    }

  proc = cd_shred_assess ("/nonexistent/file", &error);
  g_assert_null (proc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static gboolean
run (const char * const *argv)
{
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* The old content nowhere in a real ext4 image once the file is shredded
 * (and in it before, so that the search means something). */
static void
test_ext4_image (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *image = g_build_filename (f->dir, "scratch.ext4", NULL);
  g_autofree char *mnt = g_build_filename (f->dir, "mnt", NULL);
  g_autofree char *secret = g_build_filename (mnt, "members.csv", NULL);
  g_autofree char *marker = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  const char *mkfs[] = { "mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", image, NULL };
  const char *mount_argv[] = { "mount", "-o", "loop", image, mnt, NULL };
  const char *umount_argv[] = { "umount", mnt, NULL };
  CdShredResult result;
  guint8 random[12];
  FILE *file;

  randombytes_buf (random, sizeof random);
  marker = g_strdup_printf ("CD-SHRED-MARKER-%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x%02x",
                            random[0], random[1], random[2], random[3], random[4], random[5],
                            random[6], random[7], random[8], random[9], random[10], random[11]);
  file = g_fopen (image, "wb");
  g_assert_nonnull (file);
  g_assert_cmpint (ftruncate (fileno (file), 24 * 1024 * 1024), ==, 0);
  fclose (file);
  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  if (getuid () != 0 || !run (mkfs) || !run (mount_argv))
    {
      g_test_skip ("mounting a loop device is not allowed here");
      return;
    }

  for (guint i = 0; content->len < 512 * 1024; i++)
    g_string_append_printf (content, "%s,%u,13800000000\n", marker, i);
  if (!g_file_set_contents (secret, content->str, (gssize) content->len, &error))
    {
      run (umount_argv);
      g_assert_no_error (error);
    }
  g_assert_true (run (umount_argv));
  g_assert_true (cd_test_file_contains (image, marker, strlen (marker)));

  g_assert_true (run (mount_argv));
  {
    g_autoptr(CdShredAssessment) assessment = cd_shred_assess (secret, NULL);
    gboolean ok = cd_shred_file (secret, NULL, &result, NULL, NULL, NULL, &error);

    g_test_message ("ext4 image on %s: caveats %x, %s", assessment != NULL ? assessment->device : "?",
                    result.caveats, cd_shred_category_get_id (result.category));
    run (umount_argv);
    g_assert_no_error (error);
    g_assert_true (ok);
    g_assert_nonnull (assessment);
    g_assert_cmpstr (assessment->fs_type, ==, "ext4");
  }
  g_assert_false (cd_test_file_contains (image, marker, strlen (marker)));

  /* Journalled data: an overwrite proves nothing, and says so. */
  {
    const char *journal_argv[] = { "mount", "-o", "loop,data=journal", image, mnt, NULL };
    g_autoptr(CdShredAssessment) assessment = NULL;

    g_assert_true (run (journal_argv));
    assessment = cd_shred_assess (mnt, &error);
    run (umount_argv);
    g_assert_no_error (error);
    g_assert_true (assessment->caveats & CD_SHRED_CAVEAT_JOURNALED_DATA);
    g_assert_cmpint (assessment->category, ==, CD_SHRED_CATEGORY_NOT_ASSURED);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add ("/shred/basic", Fixture, NULL, fixture_setup, test_basic, fixture_teardown);
  g_test_add ("/shred/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/shred/cancel-and-resume", Fixture, NULL, fixture_setup, test_cancel_and_resume, fixture_teardown);
  g_test_add ("/shred/assess", Fixture, NULL, fixture_setup, test_assess, fixture_teardown);
  g_test_add ("/shred/ext4-image", Fixture, NULL, fixture_setup, test_ext4_image, fixture_teardown);

  return g_test_run ();
}
