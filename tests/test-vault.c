/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of cd-vault: round trips (Chinese names, empty and large files,
 * links, empty folders), selective restore, no overwrite without consent,
 * interoperability with the stock age and tar tools both ways, hostile
 * names, damaged and truncated vaults, and an output that is replaced
 * only on success. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "cd-test-util.h"
#include "cd-age.h"
#include "cd-vault.h"

#define TEST_LOG_N      10
#define TEST_PASSPHRASE "correct horse battery staple"
#define TOP             "案卷资料"
#define XLSX            TOP "/合同/客户名单.xlsx"
#define BIG_BYTES       (3 * 1024 * 1024)
#define FIXED_MTIME     1600000000
#define MANIFEST        "{\"case\":\"测试\"}"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

typedef struct
{
  char *identity;
  char *recipient;
} KeyPair;

static void
key_pair_init (KeyPair *kp)
{
  kp->identity = cd_age_identity_generate (&kp->recipient);
  g_assert_nonnull (kp->identity);
}

static void
key_pair_clear (KeyPair *kp)
{
  cd_crypto_secure_free (kp->identity);
  g_free (kp->recipient);
}

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cd-vault-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
put (const char *path,
     const void *data,
     gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static GBytes *
get (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
put_pattern (const char *path,
             gsize       len,
             guint       seed)
{
  g_autofree guint8 *data = g_malloc (len + 1);
  guint32 x = seed * 2654435761u + 1;

  for (gsize i = 0; i < len; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (guint8) x;
    }
  put (path, data, len);
}

static void
set_mtime (const char *path)
{
  struct timespec times[2] = { { FIXED_MTIME, 0 }, { FIXED_MTIME, 0 } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

/* root/案卷资料/{合同/客户名单.xlsx, 空文件.txt, big.bin, 链接 → 合同/客户名单.xlsx,
 * 空目录/} and root/说明.txt. */
static void
make_tree (const char *root)
{
  g_autofree char *top = g_build_filename (root, TOP, NULL);
  g_autofree char *sub = g_build_filename (root, TOP, "合同", NULL);
  g_autofree char *xlsx = g_build_filename (root, XLSX, NULL);
  g_autofree char *empty = g_build_filename (top, "空文件.txt", NULL);
  g_autofree char *big = g_build_filename (top, "big.bin", NULL);
  g_autofree char *link = g_build_filename (top, "链接", NULL);
  g_autofree char *empty_dir = g_build_filename (top, "空目录", NULL);
  g_autofree char *note = g_build_filename (root, "说明.txt", NULL);

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (empty_dir, 0750), ==, 0);
  put_pattern (xlsx, 10000, 1);
  g_assert_cmpint (g_chmod (xlsx, 0640), ==, 0);
  set_mtime (xlsx);
  put (empty, "", 0);
  put_pattern (big, BIG_BYTES, 2);
  g_assert_cmpint (symlink ("合同/客户名单.xlsx", link), ==, 0);
  put (note, "保留说明\n", strlen ("保留说明\n"));
  set_mtime (empty_dir);
}

/* Same kinds, bytes, link targets, file modes and times; nothing more on
 * either side. Folder times are not compared (restoring a member into a
 * folder changes its time until the folder's own entry is closed). */
static void
assert_same_tree (const char *a,
                  const char *b)
{
  g_autoptr(GDir) da = g_dir_open (a, 0, NULL);
  g_autoptr(GDir) db = g_dir_open (b, 0, NULL);
  const char *name;
  guint na = 0, nb = 0;

  g_assert_nonnull (da);
  g_assert_nonnull (db);
  while ((name = g_dir_read_name (db)) != NULL)
    nb++;
  while ((name = g_dir_read_name (da)) != NULL)
    {
      g_autofree char *pa = g_build_filename (a, name, NULL);
      g_autofree char *pb = g_build_filename (b, name, NULL);
      GStatBuf sa, sb;

      na++;
      g_assert_cmpint (g_lstat (pa, &sa), ==, 0);
      if (g_lstat (pb, &sb) != 0)
        g_error ("%s is missing", pb);
      g_assert_cmpint (sa.st_mode & S_IFMT, ==, sb.st_mode & S_IFMT);
      if (S_ISDIR (sa.st_mode))
        {
          g_assert_cmpint (sa.st_mode & 07777, ==, sb.st_mode & 07777);
          assert_same_tree (pa, pb);
        }
      else if (S_ISLNK (sa.st_mode))
        {
          g_autofree char *ta = g_file_read_link (pa, NULL);
          g_autofree char *tb = g_file_read_link (pb, NULL);

          g_assert_cmpstr (ta, ==, tb);
        }
      else
        {
          g_autoptr(GBytes) ba = get (pa);
          g_autoptr(GBytes) bb = get (pb);

          g_assert_true (g_bytes_equal (ba, bb));
          g_assert_cmpint (sa.st_mode & 07777, ==, sb.st_mode & 07777);
          g_assert_cmpint (sa.st_mtime, ==, sb.st_mtime);
        }
    }
  g_assert_cmpuint (na, ==, nb);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static gboolean
collect_member (const CdVaultMember *member,
                gpointer             user_data)
{
  GHashTable *seen = user_data;

  g_assert_false (member->is_dir && member->is_link);
  g_hash_table_insert (seen, g_strdup (member->name),
                       g_strdup_printf ("%s %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT,
                                        member->is_dir ? "dir" : member->is_link ? "link" : "file",
                                        member->size, member->mtime));
  return TRUE;
}

static void
assert_member (GHashTable *seen,
               const char *name,
               const char *kind,
               guint64     size)
{
  const char *got = g_hash_table_lookup (seen, name);
  g_autofree char *prefix = g_strdup_printf ("%s %" G_GUINT64_FORMAT " ", kind, size);

  if (got == NULL)
    g_error ("member %s missing", name);
  g_assert_true (g_str_has_prefix (got, prefix));
}

static void
create_vault (const char         *output,
              const char * const *paths,
              const char         *recipient,
              const char         *passphrase,
              CdVaultInfo        *info)
{
  g_autoptr(GError) error = NULL;
  const char *recipients[] = { recipient, NULL };
  CdVaultCreateRequest request = {
    .paths = paths,
    .output = output,
    .recipients = recipient != NULL ? recipients : NULL,
    .passphrase = passphrase,
    .scrypt_log_n = TEST_LOG_N,
    .manifest_json = MANIFEST,
  };

  g_assert_true (cd_vault_create (&request, info, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
find_tool (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_test_skip ("age or tar is not installed");
  return path;
}

/* Runs a shell script with positional arguments; returns its stdout. */
static char *
run_sh (const char *script,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "/bin/sh");
  g_ptr_array_add (argv, (gpointer) "-c");
  g_ptr_array_add (argv, (gpointer) script);
  g_ptr_array_add (argv, (gpointer) "sh");
  va_start (ap, script);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", script, err);
  return out;
}


static la_ssize_t
on_tar_write (struct archive *a,
              void           *user_data,
              const void     *buffer,
              size_t          length)
{
  g_byte_array_append (user_data, buffer, (guint) length);
  return (la_ssize_t) length;
}

static void
tar_add (struct archive *a,
         const char     *name,
         mode_t          type,
         const char     *data_or_target)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize len = type == AE_IFREG ? strlen (data_or_target) : 0;

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, type);
  archive_entry_set_perm (entry, type == AE_IFDIR ? 0755 : 0644);
  archive_entry_set_mtime (entry, FIXED_MTIME, 0);
  if (type == AE_IFLNK)
    archive_entry_set_symlink (entry, data_or_target);
  archive_entry_set_size (entry, (la_int64_t) len);
  /* A name that is not UTF-8 is written as raw bytes, with a warning. */
  g_assert_cmpint (archive_write_header (a, entry), >=, ARCHIVE_WARN);
  if (len > 0)
    g_assert_cmpint (archive_write_data (a, data_or_target, len), ==, (la_ssize_t) len);
  archive_entry_free (entry);
}

/* Encrypts @plain to @recipient with our writer, into @path. */
static void
encrypt_to (const char   *path,
            const guint8 *plain,
            gsize         len,
            const char   *recipient)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(CdAgeWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *recipients[] = { recipient, NULL };

  writer = cd_age_writer_new (mem, recipients, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_true (cd_age_writer_write (writer, plain, len, NULL, &error));
  g_assert_true (cd_age_writer_finish (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (mem, NULL, &error));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
  put (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* ------------------------------------------------------------------ */
/* Round trips                                                        */

static void
test_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *dir = make_tmp ();
  g_autofree char *src = g_build_filename (dir, "src", NULL);
  g_autofree char *top = g_build_filename (src, TOP, NULL);
  g_autofree char *note = g_build_filename (src, "说明.txt", NULL);
  g_autofree char *vault = g_build_filename (dir, "vault.age", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *out_note = g_build_filename (out, "说明.txt", NULL);
  g_autofree char *out_manifest = g_build_filename (out, CD_VAULT_MANIFEST_NAME, NULL);
  g_autofree char *out_top = g_build_filename (out, TOP, NULL);
  g_autofree char *one = g_build_filename (dir, "one", NULL);
  g_autofree char *one_top = g_build_filename (one, TOP, NULL);
  g_autofree char *one_xlsx = g_build_filename (one, XLSX, NULL);
  g_autofree char *src_xlsx = g_build_filename (src, XLSX, NULL);
  g_autofree char *out_xlsx = g_build_filename (out, XLSX, NULL);
  g_autofree char *checksum = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) got = NULL;
  const char *paths[] = { top, note, NULL };
  const char *identities[2] = { NULL, NULL };
  const char *one_member[] = { XLSX, NULL };
  const char *folder_member[] = { TOP "/合同/", NULL };
  const char *partial_name[] = { TOP "/合", NULL };
  CdVaultInfo info;
  KeyPair kp;
  GStatBuf st;

  key_pair_init (&kp);
  identities[0] = kp.identity;
  make_tree (src);
  create_vault (vault, paths, kp.recipient, NULL, &info);

  /* The info describes the file written. */
  file = get (vault);
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, file);
  g_assert_cmpstr (info.sha256, ==, checksum);
  g_assert_cmpuint (info.size, ==, g_bytes_get_size (file));
  g_assert_cmpuint (info.n_members, ==, 9);
  g_assert_cmpuint (info.content_bytes, ==, 10000 + BIG_BYTES + strlen ("保留说明\n"));

  /* Verify lists every member. */
  g_assert_true (cd_vault_verify (vault, identities, NULL, collect_member, seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 9);
  assert_member (seen, CD_VAULT_MANIFEST_NAME, "file", strlen (MANIFEST));
  assert_member (seen, TOP, "dir", 0);
  assert_member (seen, TOP "/合同", "dir", 0);
  assert_member (seen, XLSX, "file", 10000);
  assert_member (seen, TOP "/空文件.txt", "file", 0);
  assert_member (seen, TOP "/big.bin", "file", BIG_BYTES);
  assert_member (seen, TOP "/链接", "link", 0);
  assert_member (seen, TOP "/空目录", "dir", 0);
  assert_member (seen, "说明.txt", "file", strlen ("保留说明\n"));
  g_assert_cmpstr (g_hash_table_lookup (seen, XLSX), ==, "file 10000 1600000000");

  /* Restore everything into a new folder: the same tree. */
  g_assert_true (cd_vault_restore (vault, identities, NULL, out, NULL, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_tree (top, out_top);
  got = get (out_note);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "保留说明\n", strlen ("保留说明\n"));
  g_clear_pointer (&got, g_bytes_unref);
  got = get (out_manifest);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), MANIFEST, strlen (MANIFEST));
  g_clear_pointer (&got, g_bytes_unref);
  g_assert_cmpuint (count_entries (out), ==, 3);
  {
    g_autofree char *out_empty_dir = g_build_filename (out_top, "空目录", NULL);

    /* Folder times are set last, when the restore closes. */
    g_assert_cmpint (g_lstat (out_empty_dir, &st), ==, 0);
    g_assert_cmpint (st.st_mtime, ==, FIXED_MTIME);
    g_assert_cmpint (st.st_mode & 07777, ==, 0750);
  }

  /* One member only, with the folders above it. */
  g_assert_true (cd_vault_restore (vault, identities, NULL, one, one_member, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (one), ==, 1);
  g_assert_cmpuint (count_entries (one_top), ==, 1);
  got = get (one_xlsx);
  {
    g_autoptr(GBytes) want = get (src_xlsx);

    g_assert_true (g_bytes_equal (got, want));
  }
  g_clear_pointer (&got, g_bytes_unref);
  cd_test_rm_rf (one);

  /* A folder takes what is below it; a prefix that is not a whole name
   * component matches nothing. */
  g_assert_true (cd_vault_restore (vault, identities, NULL, one, folder_member, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (one_top), ==, 1);
  g_assert_true (g_file_test (one_xlsx, G_FILE_TEST_IS_REGULAR));
  cd_test_rm_rf (one);
  g_assert_false (cd_vault_restore (vault, identities, NULL, one, partial_name, FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (one), ==, 0);

  /* Into a folder that has the files: no overwrite without consent, and
   * the file in the way is left as it was. */
  put (out_xlsx, "changed", 7);
  g_assert_false (cd_vault_restore (vault, identities, NULL, out, NULL, FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, CD_VAULT_MANIFEST_NAME));
  g_clear_error (&error);
  g_assert_false (cd_vault_restore (vault, identities, NULL, out, one_member, FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "客户名单.xlsx"));
  g_clear_error (&error);
  got = get (out_xlsx);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "changed", 7);
  g_clear_pointer (&got, g_bytes_unref);

  /* Existing folders are merged into: with the file out of the way, its
   * folder restores without consent. */
  g_assert_cmpint (g_unlink (out_xlsx), ==, 0);
  g_assert_true (cd_vault_restore (vault, identities, NULL, out, folder_member, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (out_xlsx, G_FILE_TEST_IS_REGULAR));
  put (out_xlsx, "changed", 7);

  /* With consent it is restored. */
  g_assert_true (cd_vault_restore (vault, identities, NULL, out, NULL, TRUE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_tree (top, out_top);
  g_assert_cmpint (g_lstat (out_xlsx, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

static gboolean
stop_after_two (const CdVaultMember *member,
                gpointer             user_data)
{
  guint *n = user_data;

  return ++*n < 2;
}

static void
test_special_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *dir = make_tmp ();
  g_autofree char *src = g_build_filename (dir, "folder", NULL);
  g_autofree char *fifo = g_build_filename (src, "pipe", NULL);
  g_autofree char *file = g_build_filename (src, "file.txt", NULL);
  g_autofree char *vault = g_build_filename (dir, "vault.age", NULL);
  const char *paths[] = { src, NULL };
  const char *identities[2] = { NULL, NULL };
  CdVaultInfo info;
  KeyPair kp;
  guint n = 0;

  key_pair_init (&kp);
  identities[0] = kp.identity;
  g_assert_cmpint (g_mkdir (src, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  put (file, "x", 1);

  /* The FIFO is skipped (and never opened, which would block). */
  create_vault (vault, paths, kp.recipient, NULL, &info);
  g_assert_cmpuint (info.n_members, ==, 3);
  g_assert_true (cd_vault_verify (vault, identities, NULL, collect_member, seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);
  g_assert_false (g_hash_table_contains (seen, "folder/pipe"));

  /* A listing may stop early. */
  g_assert_true (cd_vault_verify (vault, identities, NULL, stop_after_two, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

/* ------------------------------------------------------------------ */
/* Interoperability with age and tar                                  */

static void
test_interop_key (void)
{
  g_autofree char *age = find_tool ("age");
  g_autofree char *tar = find_tool ("tar");
  g_autofree char *dir = NULL;
  g_autofree char *src = NULL;
  g_autofree char *top = NULL;
  g_autofree char *note = NULL;
  g_autofree char *vault = NULL;
  g_autofree char *key = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_top = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *key_text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *paths[3];
  KeyPair kp;

  if (age == NULL || tar == NULL)
    return;
  dir = make_tmp ();
  src = g_build_filename (dir, "src", NULL);
  top = g_build_filename (src, TOP, NULL);
  note = g_build_filename (src, "说明.txt", NULL);
  vault = g_build_filename (dir, "vault.age", NULL);
  key = g_build_filename (dir, "custodian.key", NULL);
  out = g_build_filename (dir, "out", NULL);
  out_top = g_build_filename (out, TOP, NULL);
  paths[0] = top;
  paths[1] = note;
  paths[2] = NULL;

  key_pair_init (&kp);
  key_text = g_strdup_printf ("# created: by test-vault\n# public key: %s\n%s\n", kp.recipient, kp.identity);
  put (key, key_text, strlen (key_text));
  make_tree (src);
  create_vault (vault, paths, kp.recipient, NULL, NULL);

  /* age -d -i KEY vault.age | tar -t */
  listing = run_sh ("age -d -i \"$1\" \"$2\" | tar -tf -", key, vault, NULL);
  lines = g_strsplit (listing, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 10);
  g_assert_cmpstr (lines[0], ==, CD_VAULT_MANIFEST_NAME);
  g_assert_true (g_strv_contains ((const char * const *) lines, TOP "/"));
  g_assert_true (g_strv_contains ((const char * const *) lines, XLSX));
  g_assert_true (g_strv_contains ((const char * const *) lines, TOP "/空目录/"));
  g_assert_true (g_strv_contains ((const char * const *) lines, TOP "/链接"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "说明.txt"));

  /* ... | tar -x reproduces the tree. */
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  g_free (run_sh ("age -d -i \"$1\" \"$2\" | tar -xpf - -C \"$3\"", key, vault, out, NULL));
  assert_same_tree (top, out_top);

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

static void
test_interop_passphrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *age = find_tool ("age");
  g_autofree char *tar = find_tool ("tar");
  g_autofree char *dir = NULL;
  g_autofree char *src = NULL;
  g_autofree char *vault = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *out = NULL;
  g_autofree char *listing = NULL;
  const char *paths[2];
  KeyPair kp;

  if (age == NULL || tar == NULL)
    return;
  dir = make_tmp ();
  src = g_build_filename (dir, "src", NULL);
  vault = g_build_filename (dir, "vault.age", NULL);
  plain = g_build_filename (dir, "vault.tar", NULL);
  out = g_build_filename (dir, "out", NULL);
  paths[0] = src;
  paths[1] = NULL;
  make_tree (src);
  create_vault (vault, paths, NULL, TEST_PASSPHRASE, NULL);

  /* Ours reads it back with the passphrase, and only with it. */
  g_assert_true (cd_vault_verify (vault, NULL, TEST_PASSPHRASE, collect_member, seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 10);
  g_assert_false (cd_vault_verify (vault, NULL, "wrong horse", NULL, NULL, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  key_pair_init (&kp);
  {
    const char *identities[] = { kp.identity, NULL };

    g_assert_false (cd_vault_verify (vault, identities, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_PASSPHRASE_REQUIRED);
    g_clear_error (&error);
  }
  key_pair_clear (&kp);

  /* age -d with the passphrase typed, then tar. */
  {
    const char *argv[] = { age, "-d", "-o", plain, vault, NULL };

    g_assert_cmpint (cd_test_run_on_pty (argv, TEST_PASSPHRASE, NULL), ==, 0);
  }
  listing = run_sh ("tar -tf \"$1\"", plain, NULL);
  g_assert_nonnull (strstr (listing, "src/" XLSX "\n"));
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  g_free (run_sh ("tar -xpf \"$1\" -C \"$2\"", plain, out, NULL));
  {
    g_autofree char *out_src = g_build_filename (out, "src", NULL);

    assert_same_tree (src, out_src);
  }

  cd_test_rm_rf (dir);
}

static void
test_interop_tar_age (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *age = find_tool ("age");
  g_autofree char *tar = find_tool ("tar");
  g_autofree char *dir = NULL;
  g_autofree char *src = NULL;
  g_autofree char *top = NULL;
  g_autofree char *vault = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_top = NULL;
  const char *identities[2] = { NULL, NULL };
  KeyPair kp;

  if (age == NULL || tar == NULL)
    return;
  dir = make_tmp ();
  src = g_build_filename (dir, "src", NULL);
  top = g_build_filename (src, TOP, NULL);
  vault = g_build_filename (dir, "x.age", NULL);
  out = g_build_filename (dir, "out", NULL);
  out_top = g_build_filename (out, TOP, NULL);
  key_pair_init (&kp);
  identities[0] = kp.identity;
  make_tree (src);

  /* tar --format=pax -cf - dir | age -r RECIPIENT -o x.age */
  g_free (run_sh ("tar --format=pax -cf - -C \"$1\" \"$2\" | age -r \"$3\" -o \"$4\"",
                  src, TOP, kp.recipient, vault, NULL));
  g_assert_true (cd_vault_verify (vault, identities, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_vault_restore (vault, identities, NULL, out, NULL, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_tree (top, out_top);

  /* The "./" names of tar -C dir . are fine too. */
  cd_test_rm_rf (out);
  g_free (run_sh ("tar --format=pax -cf - -C \"$1\" . | age -r \"$2\" -o \"$3\"",
                  top, kp.recipient, vault, NULL));
  g_assert_true (cd_vault_restore (vault, identities, NULL, out, NULL, FALSE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_same_tree (top, out);

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

/* ------------------------------------------------------------------ */
/* Hostile and damaged vaults                                         */

static void
test_hostile_names (void)
{
  static const char * const names[] = {
    "../evil", "/abs/evil", "a/../../evil", "a//evil", "./../evil", "bad\xff" "evil",
  };
  g_autofree char *dir = make_tmp ();
  g_autofree char *vault = g_build_filename (dir, "vault.age", NULL);
  g_autofree char *dest = g_build_filename (dir, "dest", NULL);
  g_autofree char *ok_path = g_build_filename (dest, "ok.txt", NULL);
  const char *identities[2] = { NULL, NULL };
  KeyPair kp;

  key_pair_init (&kp);
  identities[0] = kp.identity;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) tar = g_byte_array_new ();
      struct archive *a = archive_write_new ();

      g_assert_cmpint (archive_write_set_format_pax_restricted (a), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_open2 (a, tar, NULL, on_tar_write, NULL, NULL), ==, ARCHIVE_OK);
      tar_add (a, "ok.txt", AE_IFREG, "fine");
      tar_add (a, names[i], AE_IFREG, "evil");
      g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
      archive_write_free (a);
      encrypt_to (vault, tar->data, tar->len, kp.recipient);

      g_assert_false (cd_vault_verify (vault, identities, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_UNSAFE_NAME);
      g_clear_error (&error);
      g_assert_false (cd_vault_restore (vault, identities, NULL, dest, NULL, FALSE, NULL, NULL, NULL, &error));
      g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_UNSAFE_NAME);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_test_message ("%s", error->message);

      /* The member before it was restored; nothing landed anywhere else. */
      g_assert_true (g_file_test (ok_path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpuint (count_entries (dest), ==, 1);
      g_assert_cmpuint (count_entries (dir), ==, 2);
      g_assert_false (g_file_test ("/abs/evil", G_FILE_TEST_EXISTS));
      cd_test_rm_rf (dest);
    }

  /* A link out of the folder, then a file through it: refused by
   * libarchive's symlink check, nothing written outside. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GByteArray) tar = g_byte_array_new ();
    g_autofree char *outside = g_build_filename (dir, "outside", NULL);
    struct archive *a = archive_write_new ();

    g_assert_cmpint (g_mkdir (outside, 0700), ==, 0);
    g_assert_cmpint (archive_write_set_format_pax_restricted (a), ==, ARCHIVE_OK);
    g_assert_cmpint (archive_write_open2 (a, tar, NULL, on_tar_write, NULL, NULL), ==, ARCHIVE_OK);
    tar_add (a, "link", AE_IFLNK, outside);
    tar_add (a, "link/escaped.txt", AE_IFREG, "evil");
    g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
    archive_write_free (a);
    encrypt_to (vault, tar->data, tar->len, kp.recipient);

    g_assert_false (cd_vault_restore (vault, identities, NULL, dest, NULL, FALSE, NULL, NULL, NULL, &error));
    g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_FAILED);
    g_test_message ("%s", error->message);
    g_assert_cmpuint (count_entries (outside), ==, 0);
  }

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

/* Where the payload starts: after the "--- MAC\n" line and the nonce. */
static gsize
payload_offset (GBytes *file)
{
  gsize len;
  const char *data = g_bytes_get_data (file, &len);
  const char *mac = g_strstr_len (data, (gssize) len, "\n---");
  const char *nl;

  g_assert_nonnull (mac);
  nl = memchr (mac + 1, '\n', len - (gsize) (mac + 1 - data));
  g_assert_nonnull (nl);
  return (gsize) (nl + 1 - data) + 16;
}

static void
test_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp ();
  g_autofree char *src = g_build_filename (dir, "d", NULL);
  g_autofree char *small = g_build_filename (src, "a-small.txt", NULL);
  g_autofree char *big = g_build_filename (src, "b-big.bin", NULL);
  g_autofree char *after = g_build_filename (src, "c-after.txt", NULL);
  g_autofree char *vault = g_build_filename (dir, "vault.age", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.age", NULL);
  g_autofree char *dest = g_build_filename (dir, "dest", NULL);
  g_autofree char *dest_d = g_build_filename (dest, "d", NULL);
  g_autofree char *dest_small = g_build_filename (dest, "d", "a-small.txt", NULL);
  g_autoptr(GBytes) file = NULL;
  const char *paths[] = { src, NULL };
  const char *identities[2] = { NULL, NULL };
  const guint8 *data;
  gsize len, payload;
  KeyPair kp;
  struct
  {
    const char *what;
    gsize       cut;      /* 0: flip a byte instead */
    gsize       flip;
  } cases[4];

  key_pair_init (&kp);
  identities[0] = kp.identity;
  g_assert_cmpint (g_mkdir (src, 0700), ==, 0);
  put (small, "small", 5);
  put_pattern (big, BIG_BYTES, 3);
  put (after, "after", 5);
  create_vault (vault, paths, kp.recipient, NULL, NULL);
  file = get (vault);
  data = g_bytes_get_data (file, &len);
  payload = payload_offset (file);

  cases[0].what = "flip";
  cases[0].cut = 0;
  cases[0].flip = len / 2;
  cases[1].what = "cut mid-chunk";
  cases[1].cut = len / 2;
  cases[2].what = "cut at a chunk boundary";
  cases[2].cut = payload + 20 * (65536 + 16);
  cases[3].what = "flip in the last chunk";
  cases[3].cut = 0;
  cases[3].flip = len - 30;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);
      gsize copy_len = len;

      g_test_message ("%s at %" G_GSIZE_FORMAT, cases[i].what, cases[i].cut > 0 ? cases[i].cut : cases[i].flip);
      if (cases[i].cut > 0)
        copy_len = cases[i].cut;
      else
        copy[cases[i].flip] ^= 0x10;
      put (bad, copy, copy_len);

      g_assert_false (cd_vault_verify (bad, identities, NULL, NULL, NULL, NULL, &error));
      g_assert_true (error->domain == CD_AGE_ERROR);
      g_assert_true (error->code == CD_AGE_ERROR_DAMAGED || error->code == CD_AGE_ERROR_TRUNCATED);
      g_clear_error (&error);

      g_assert_false (cd_vault_restore (bad, identities, NULL, dest, NULL, FALSE, NULL, NULL, NULL, &error));
      g_assert_true (error->domain == CD_AGE_ERROR);
      g_assert_true (error->code == CD_AGE_ERROR_DAMAGED || error->code == CD_AGE_ERROR_TRUNCATED);
      if (cases[i].cut == payload + 20 * (65536 + 16))
        g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED);
      g_test_message ("%s", error->message);
      g_clear_error (&error);

      /* The damaged member is gone, and what follows it; the one before
       * it is whole. (The last chunk holds the end of the big file.) */
      {
        g_autoptr(GBytes) got = get (dest_small);

        g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "small", 5);
        g_assert_cmpuint (count_entries (dest_d), ==, 1);
      }
      cd_test_rm_rf (dest);
    }

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

static void
test_not_tar (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp ();
  g_autofree char *vault = g_build_filename (dir, "vault.age", NULL);
  g_autofree char *dest = g_build_filename (dir, "dest", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *identities[2] = { NULL, NULL };
  KeyPair kp, other;

  key_pair_init (&kp);
  key_pair_init (&other);
  identities[0] = kp.identity;
  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (text, "line %u of something that is not a tar archive\n", i);
  encrypt_to (vault, (const guint8 *) text->str, text->len, kp.recipient);

  g_assert_false (cd_vault_verify (vault, identities, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_ARCHIVE);
  g_clear_error (&error);
  g_assert_false (cd_vault_restore (vault, identities, NULL, dest, NULL, FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_ARCHIVE);
  g_clear_error (&error);

  /* An empty payload is no archive either. */
  encrypt_to (vault, (const guint8 *) "", 0, kp.recipient);
  g_assert_false (cd_vault_verify (vault, identities, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_ARCHIVE);
  g_clear_error (&error);

  /* The wrong key. */
  identities[0] = other.identity;
  g_assert_false (cd_vault_verify (vault, identities, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_NO_IDENTITY_MATCHED);
  g_clear_error (&error);
  g_assert_false (cd_vault_restore (vault, identities, NULL, dest, NULL, FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_NO_IDENTITY_MATCHED);

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
  key_pair_clear (&other);
}

/* ------------------------------------------------------------------ */
/* Refused requests; the output is replaced only on success            */

static void
assert_create_fails (CdVaultCreateRequest *request,
                     GQuark                domain,
                     int                   code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cd_vault_create (request, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, domain, code);
}

static void
test_create_invalid (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *src = g_build_filename (dir, "src", NULL);
  g_autofree char *sub = g_build_filename (src, "sub", NULL);
  g_autofree char *file = g_build_filename (src, "file.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autofree char *vault = g_build_filename (dir, "vault.age", NULL);
  g_autofree char *inside = g_build_filename (sub, "vault.age", NULL);
  g_autofree char *other_src = g_build_filename (dir, "other", "src", NULL);
  const char *no_paths[] = { NULL };
  const char *paths[] = { src, NULL };
  const char *missing_paths[] = { src, missing, NULL };
  const char *same_names[] = { src, other_src, NULL };
  const char *file_paths[] = { file, NULL };
  const char *recipients[2] = { NULL, NULL };
  CdVaultCreateRequest request = { 0 };
  KeyPair kp;

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (other_src, 0700), ==, 0);
  put (file, "x", 1);

  request.output = vault;
  request.recipients = recipients;
  request.paths = NULL;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  request.paths = no_paths;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  request.paths = missing_paths;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  request.paths = same_names;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);

  /* Neither keys nor a passphrase; both (age allows a passphrase alone). */
  request.paths = paths;
  request.recipients = NULL;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  request.recipients = recipients;
  request.passphrase = TEST_PASSPHRASE;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  request.passphrase = NULL;

  /* Inside a folder it keeps, however the path is spelt; or over a file
   * it keeps. */
  request.output = inside;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  {
    g_autofree char *spelt = g_build_filename (dir, "other", "..", "src", "sub", "..", "v.age", NULL);

    request.output = spelt;
    assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
  }
  request.paths = file_paths;
  request.output = file;
  assert_create_fails (&request, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);

  /* A bad key is the age layer's error. */
  request.paths = paths;
  request.output = vault;
  recipients[0] = "age1notakey";
  assert_create_fails (&request, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);

  g_assert_false (g_file_test (vault, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (inside, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 2);

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

static void
cancel_on_progress (guint64  done,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_create_keeps_output (void)
{
  g_autofree char *dir = make_tmp ();
  g_autofree char *src = g_build_filename (dir, "src", NULL);
  g_autofree char *big = g_build_filename (src, "a-big.bin", NULL);
  g_autofree char *bad_name = g_build_filename (src, "z-\xff.bin", NULL);
  g_autofree char *vault = g_build_filename (dir, "vault.age", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.age", NULL);
  g_autoptr(GBytes) got = NULL;
  const char *paths[] = { src, NULL };
  const char *recipients[2] = { NULL, NULL };
  CdVaultCreateRequest request = { 0 };
  KeyPair kp;

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  g_assert_cmpint (g_mkdir (src, 0700), ==, 0);
  put_pattern (big, BIG_BYTES, 4);
  put (vault, "old vault", 9);
  request.paths = paths;
  request.recipients = recipients;

  /* Cancelled once a megabyte has gone out. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();

      request.output = i == 0 ? vault : fresh;
      g_assert_false (cd_vault_create (&request, NULL, cancellable, cancel_on_progress, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }

  /* A name that cannot be stored, found after the big file was written. */
  put (bad_name, "x", 1);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      request.output = i == 0 ? vault : fresh;
      g_assert_false (cd_vault_create (&request, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID);
    }
  g_assert_cmpint (g_unlink (bad_name), ==, 0);

  /* Unreadable input (only meaningful when not running as root). */
  if (geteuid () != 0)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_chmod (big, 0), ==, 0);
      request.output = vault;
      g_assert_false (cd_vault_create (&request, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_assert_cmpint (g_chmod (big, 0600), ==, 0);
    }

  got = get (vault);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "old vault", 9);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  /* No temporary file left behind. */
  g_assert_cmpuint (count_entries (dir), ==, 2);

  /* And success replaces it. */
  {
    g_autoptr(GError) error = NULL;

    request.output = vault;
    g_assert_true (cd_vault_create (&request, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_clear_pointer (&got, g_bytes_unref);
    got = get (vault);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (got, NULL), "age-encryption.org/v1\n"));
    g_assert_cmpuint (count_entries (dir), ==, 2);
  }

  cd_test_rm_rf (dir);
  key_pair_clear (&kp);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/roundtrip", test_roundtrip);
  g_test_add_func ("/vault/special-files", test_special_files);
  g_test_add_func ("/vault/interop/key", test_interop_key);
  g_test_add_func ("/vault/interop/passphrase", test_interop_passphrase);
  g_test_add_func ("/vault/interop/tar-age", test_interop_tar_age);
  g_test_add_func ("/vault/hostile/names", test_hostile_names);
  g_test_add_func ("/vault/hostile/damaged", test_damaged);
  g_test_add_func ("/vault/hostile/not-tar", test_not_tar);
  g_test_add_func ("/vault/create/invalid", test_create_invalid);
  g_test_add_func ("/vault/create/keeps-output", test_create_keeps_output);

  return g_test_run ();
}
