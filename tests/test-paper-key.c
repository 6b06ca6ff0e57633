/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The paper key (cd-paper-key): the secret key can be read back from the
 * page exactly, group by group; the public key, the case and the custodian
 * are on it, in Chinese or English, with every font embedded; an existing
 * file is never replaced and a failed write leaves nothing behind; a wrong
 * key or a public key of another key is refused.
 *
 * CD_TEST_PAPER_KEY_KEEP=DIR keeps the rendered pages in DIR to look at. */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-test-util.h"

typedef struct
{
  char *dir;
  char *identity;    /* sodium_malloc'd */
  char *recipient;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cd-paper-key-XXXXXX", &error);
  g_assert_no_error (error);
  f->identity = cd_age_identity_generate (&f->recipient);
  g_assert_nonnull (f->identity);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  cd_crypto_secure_free (f->identity);
  g_free (f->recipient);
}

/* The text in the order it is drawn (-raw): the key's groups each after
 * its number, row by row, whatever pdftotext would make of the grid's
 * columns. */
static char *
pdftotext_raw (const char *path)
{
  const char *argv[] = { "pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The secret key as someone would type it from the page: the prefix, then
 * the groups in their numbered order. Each group is a word of its own
 * beside its number; the numbers are checked to run 1, 2, 3… */
static char *
read_key_back (const char *text)
{
  const char *start = strstr (text, "AGE-SECRET-KEY-1");
  g_autoptr(GString) key = g_string_new ("AGE-SECRET-KEY-1");
  g_auto(GStrv) words = NULL;
  guint expected = 1;
  guint groups = 0;

  g_assert_nonnull (start);
  words = g_regex_split_simple ("\\s+", start + strlen ("AGE-SECRET-KEY-1"), 0, 0);
  for (guint i = 0; words[i] != NULL && key->len < 74; i++)
    {
      const char *word = words[i];
      g_autofree char *number = g_strdup_printf ("%u", expected);

      if (*word == '\0')
        continue;
      /* A number comes before its group; a group may look like a number,
       * but never like the next number while one is awaited. */
      if (strcmp (word, number) == 0)
        {
          expected++;
          continue;
        }
      g_assert_cmpuint (expected, ==, groups + 2);
      g_assert_cmpuint (strlen (word), >=, 4);
      g_assert_cmpuint (strlen (word), <=, 6);
      g_string_append (key, word);
      groups++;
    }
  g_assert_cmpuint (groups, >=, 10);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
assert_fonts_embedded (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;
  guint fonts = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* name type encoding emb sub uni object ID; two header lines. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n;

      if (*lines[i] == '\0')
        continue;
      cols = g_regex_split_simple ("\\s+", lines[i], 0, 0);
      n = g_strv_length (cols);
      g_assert_cmpuint (n, >=, 7);
      /* emb is the fifth column from the end. */
      if (strcmp (cols[n - 5], "yes") != 0)
        g_error ("font not embedded: %s", lines[i]);
      fonts++;
    }
  g_assert_cmpuint (fonts, >=, 2);
}

static void
keep_copy (const char *path,
           const char *name)
{
  const char *keep = g_getenv ("CD_TEST_PAPER_KEY_KEEP");
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  gsize len = 0;

  if (keep == NULL)
    return;
  copy = g_build_filename (keep, name, NULL);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) len, NULL));
}

static void
write_and_check (Fixture    *f,
                 const char *language,
                 const char *title,
                 const char *date)
{
  g_autofree char *name = g_strdup_printf ("paper-key-%s.pdf", language);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  CdPaperKeyInfo info = {
    .custodian_name = "王律师（清算组）",
    .case_name = "上海示例餐饮管理有限公司",
    .recipient = f->recipient,
    .identity = f->identity,
    .created = "2025-03-12",
    .language = language,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GDir) dir = NULL;
  GStatBuf st;

  g_assert_true (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_no_error (error);
  keep_copy (path, name);

  /* Readable by its owner only; no temporary file left. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  dir = g_dir_open (f->dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (dir), ==, name);
  g_assert_null (g_dir_read_name (dir));

  text = pdftotext_raw (path);
  g_assert_nonnull (strstr (text, title));
  g_assert_nonnull (strstr (text, date));
  g_assert_nonnull (strstr (text, f->recipient));
  g_assert_nonnull (strstr (text, "王律师（清算组）"));
  g_assert_nonnull (strstr (text, "上海示例餐饮管理有限公司"));
  g_assert_nonnull (strstr (text, "age -d -i key.txt ARCHIVE.age > archive.tar"));
  g_assert_nonnull (strstr (text, "closure-desk-cli vault restore ARCHIVE.age -i key.txt -o DIR"));
  key = read_key_back (text);
  g_assert_cmpstr (key, ==, f->identity);
  /* And the key, typed back, is the key. */
  {
    g_autofree char *recipient = cd_age_identity_to_recipient (key, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (recipient, ==, f->recipient);
  }
  assert_fonts_embedded (path);

  g_unlink (path);
  sodium_memzero (text, strlen (text));
  sodium_memzero (key, strlen (key));
}

static void
test_chinese (Fixture       *f,
              gconstpointer  data)
{
  write_and_check (f, "zh_CN", "留存档案纸质密钥", "2025年3月12日");
}

static void
test_english (Fixture       *f,
              gconstpointer  data)
{
  write_and_check (f, "en", "Paper key for retained archives", "12 March 2025");
}

/* Without a public key it is derived; without a date it is today's; a
 * date and time prints as its date. */
static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "key.pdf", NULL);
  g_autofree char *path2 = g_build_filename (f->dir, "key2.pdf", NULL);
  CdPaperKeyInfo info = { .identity = f->identity, .language = "en" };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *key = NULL;

  g_assert_true (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_no_error (error);
  text = pdftotext_raw (path);
  g_assert_nonnull (strstr (text, f->recipient));

  /* The date of an ISO 8601 date and time, as the CLI passes it. */
  info.created = "2031-07-04T23:59:59Z";
  info.language = "zh_CN";
  g_assert_true (cd_paper_key_write_pdf (path2, &info, &error));
  g_assert_no_error (error);
  text2 = pdftotext_raw (path2);
  g_assert_nonnull (strstr (text2, "2031年7月4日"));
  key = read_key_back (text);
  g_assert_cmpstr (key, ==, f->identity);
}

static void
test_exists (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "key.pdf", NULL);
  CdPaperKeyInfo info = { .identity = f->identity, .recipient = f->recipient, .language = "zh_CN" };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  guint entries = 0;

  g_assert_true (g_file_set_contents (path, "the old file", -1, NULL));
  g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old file");

  /* A dangling symbolic link is something there too. */
  g_clear_error (&error);
  g_unlink (path);
  g_assert_cmpint (symlink ("nowhere", path), ==, 0);
  g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);

  dir = g_dir_open (f->dir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    entries++;
  g_assert_cmpuint (entries, ==, 1);
}

static void
assert_empty (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);

  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing", "key.pdf", NULL);
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *in_file = g_build_filename (file, "key.pdf", NULL);
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "key.pdf", NULL);
  CdPaperKeyInfo info = { .identity = f->identity, .language = "en" };
  g_autoptr(GError) error = NULL;

  g_assert_false (cd_paper_key_write_pdf (missing, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_empty (f->dir);
  g_clear_error (&error);

  /* Its folder is a file. */
  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  g_assert_false (cd_paper_key_write_pdf (in_file, &info, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_unlink (file);
  assert_empty (f->dir);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  if (access (locked, W_OK) == 0)
    {
      /* root writes anyway. */
      g_test_message ("the folder is writable to this user; read-only folder not tested");
    }
  else
    {
      g_assert_false (cd_paper_key_write_pdf (in_locked, &info, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      assert_empty (locked);
    }
  g_chmod (locked, 0700);
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "key.pdf", NULL);
  g_autofree char *other_recipient = NULL;
  char *other = cd_age_identity_generate (&other_recipient);
  char *typo = cd_crypto_secure_strdup (f->identity);
  CdPaperKeyInfo info = { .identity = f->identity, .language = "en" };
  g_autoptr(GError) error = NULL;

  /* Another key's public key. */
  info.recipient = other_recipient;
  g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID);
  g_clear_error (&error);
  info.recipient = NULL;

  /* One character changed: the checksum catches it, and the message does
   * not quote the key. */
  typo[30] = typo[30] == 'Q' ? 'P' : 'Q';
  info.identity = typo;
  g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID);
  g_assert_null (strstr (error->message, typo + 16));
  g_clear_error (&error);

  info.identity = f->recipient;
  g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID);
  g_clear_error (&error);
  info.identity = f->identity;

  info.language = "de";
  g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID);
  g_clear_error (&error);
  info.language = NULL;

  {
    const char *dates[] = { "12/03/2025", "2025", "2025-02-30", "2025-03-12 10:00", "" };

    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        info.created = dates[i];
        g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
        g_assert_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID);
        g_clear_error (&error);
      }
    info.created = NULL;
  }

  info.custodian_name = "\xff\xfe";
  g_assert_false (cd_paper_key_write_pdf (path, &info, &error));
  g_assert_error (error, CD_PAPER_KEY_ERROR, CD_PAPER_KEY_ERROR_INVALID);

  assert_empty (f->dir);
  cd_crypto_secure_free (other);
  cd_crypto_secure_free (typo);
}

/* Names far too long for their line are cut, and the page stays one page. */
static void
test_long_names (Fixture       *f,
                 gconstpointer  data)
{
  const char *languages[] = { "zh_CN", "en" };
  g_autoptr(GString) name = g_string_new (NULL);

  for (guint i = 0; i < 400; i++)
    g_string_append (name, "很长的公司名称 Long Company Name ");

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *base = g_strdup_printf ("paper-key-long-%s.pdf", languages[i]);
      g_autofree char *path = g_build_filename (f->dir, base, NULL);
      CdPaperKeyInfo info = { .identity = f->identity, .language = languages[i] };
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *key = NULL;

      info.case_name = name->str;
      info.custodian_name = name->str;
      g_assert_true (cd_paper_key_write_pdf (path, &info, &error));
      g_assert_no_error (error);
      keep_copy (path, base);
      text = pdftotext_raw (path);
      /* One page: pdftotext ends each page with a form feed. */
      g_assert_cmpuint (strchr (text, '\f') - text + 1, ==, strlen (text));
      key = read_key_back (text);
      g_assert_cmpstr (key, ==, f->identity);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add ("/paper-key/chinese", Fixture, NULL, fixture_setup, test_chinese, fixture_teardown);
  g_test_add ("/paper-key/english", Fixture, NULL, fixture_setup, test_english, fixture_teardown);
  g_test_add ("/paper-key/defaults", Fixture, NULL, fixture_setup, test_defaults, fixture_teardown);
  g_test_add ("/paper-key/exists", Fixture, NULL, fixture_setup, test_exists, fixture_teardown);
  g_test_add ("/paper-key/unwritable", Fixture, NULL, fixture_setup, test_unwritable, fixture_teardown);
  g_test_add ("/paper-key/invalid", Fixture, NULL, fixture_setup, test_invalid, fixture_teardown);
  g_test_add ("/paper-key/long-names", Fixture, NULL, fixture_setup, test_long_names, fixture_teardown);

  return g_test_run ();
}
