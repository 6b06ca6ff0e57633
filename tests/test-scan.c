/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-scan: a folder of files in the encodings and kinds a dissolving
 * company leaves behind, walked the way a consultant would point the tool
 * at it; exact counts per file, statuses and reasons, masking. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-test-util.h"

typedef struct
{
  char       *file;
  CdScanFileStatus status;
  char       *reason;
  char       *encoding;
  guint       counts[CD_N_DETECT_KINDS];
} Seen;

static void
seen_free (Seen *seen)
{
  g_free (seen->file);
  g_free (seen->reason);
  g_free (seen->encoding);
  g_free (seen);
}

typedef struct
{
  GHashTable *files;      /* basename → Seen */
  GPtrArray  *order;      /* basenames in report order */
  GPtrArray  *masked;     /* every masked value */
} Collected;

static void
on_finding (const CdScanFinding *finding,
            gpointer             user_data)
{
  Collected *c = user_data;

  g_assert_null (finding->member);
  g_assert_cmpuint (finding->page, ==, 0);
  g_ptr_array_add (c->masked, g_strdup (finding->masked));
}

static void
on_file (const CdScanFileReport *report,
         gpointer                user_data)
{
  Collected *c = user_data;
  Seen *seen = g_new0 (Seen, 1);
  g_autofree char *base = g_path_get_basename (report->file);

  seen->file = g_strdup (report->file);
  seen->status = report->status;
  seen->reason = g_strdup (report->reason);
  seen->encoding = g_strdup (report->encoding);
  memcpy (seen->counts, report->counts, sizeof seen->counts);
  g_ptr_array_add (c->order, g_strdup (base));
  g_hash_table_replace (c->files, g_steal_pointer (&base), seen);
}

static void
collected_init (Collected *c)
{
  c->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) seen_free);
  c->order = g_ptr_array_new_with_free_func (g_free);
  c->masked = g_ptr_array_new_with_free_func (g_free);
}

static void
collected_clear (Collected *c)
{
  g_hash_table_unref (c->files);
  g_ptr_array_unref (c->order);
  g_ptr_array_unref (c->masked);
}

static Seen *
seen (Collected  *c,
      const char *name)
{
  Seen *s = g_hash_table_lookup (c->files, name);

  if (s == NULL)
    g_error ("no report for %s", name);
  return s;
}

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
test_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-scan-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "2018 前台电脑", NULL);
  g_autofree char *id1 = cd_test_resident_id (1);
  g_autofree char *id2 = cd_test_resident_id (2);
  g_autofree char *mobile = cd_test_mobile (3);
  g_autofree char *utf8 = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *utf16 = NULL;
  g_autofree char *link = g_build_filename (dir, "link.txt", NULL);
  const char *paths[] = { dir, NULL };
  gsize gbk_len = 0, utf16_len = 0;
  Collected c;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);

  /* UTF-8 with identifiers glued to Chinese text */
  utf8 = g_strdup_printf ("客户张三，身份证号%s，手机%s。\n李四 %s\n", id1, mobile, id2);
  write_file (dir, "customers.txt", utf8, -1);

  /* A GBK CSV, as Excel saves it on a Chinese Windows */
  {
    g_autofree char *csv = g_strdup_printf ("姓名,身份证号\n王五,%s\n", id2);

    gbk = g_convert (csv, -1, "GB18030", "UTF-8", NULL, &gbk_len, &error);
    g_assert_no_error (error);
    write_file (sub, "登记表.csv", gbk, (gssize) gbk_len);
  }

  /* UTF-16LE with a BOM, as Notepad saves "Unicode" */
  {
    g_autofree char *body = g_convert ("邮箱 zhao.liu@example.com\n", -1, "UTF-16LE", "UTF-8", NULL,
                                       &utf16_len, &error);
    g_autoptr(GString) file = g_string_new_len ("\xff\xfe", 2);

    g_assert_no_error (error);
    g_string_append_len (file, body, (gssize) utf16_len);
    write_file (sub, "notes.txt", file->str, (gssize) file->len);
  }

  /* A picture and a PDF: for a person to review */
  write_file (dir, "scan.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0", 33);
  write_file (dir, "contract.pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", -1);

  /* Nothing to find; and a symbolic link that is not followed */
  write_file (dir, "empty.txt", "", 0);
  write_file (dir, "order-numbers.txt", "订单 20240101120000 流水 1700000000000\n", -1);
  g_assert_cmpint (symlink ("customers.txt", link), ==, 0);

  collected_init (&c);
  g_assert_true (cd_scan_paths (paths, NULL, on_finding, on_file, &c, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (seen (&c, "customers.txt")->status, ==, CD_SCAN_FILE_SCANNED);
  g_assert_cmpstr (seen (&c, "customers.txt")->encoding, ==, "UTF-8");
  g_assert_cmpuint (seen (&c, "customers.txt")->counts[CD_DETECT_RESIDENT_ID], ==, 2);
  g_assert_cmpuint (seen (&c, "customers.txt")->counts[CD_DETECT_MOBILE], ==, 1);

  g_assert_cmpint (seen (&c, "登记表.csv")->status, ==, CD_SCAN_FILE_SCANNED);
  g_assert_cmpstr (seen (&c, "登记表.csv")->encoding, ==, "GB18030");
  g_assert_cmpuint (seen (&c, "登记表.csv")->counts[CD_DETECT_RESIDENT_ID], ==, 1);

  g_assert_cmpstr (seen (&c, "notes.txt")->encoding, ==, "UTF-16LE");
  g_assert_cmpuint (seen (&c, "notes.txt")->counts[CD_DETECT_EMAIL], ==, 1);

  g_assert_cmpint (seen (&c, "scan.png")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_nonnull (seen (&c, "scan.png")->reason);
  g_assert_cmpint (seen (&c, "contract.pdf")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_nonnull (strstr (seen (&c, "contract.pdf")->reason, "application/pdf"));
  g_assert_cmpint (seen (&c, "link.txt")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_cmpint (seen (&c, "empty.txt")->status, ==, CD_SCAN_FILE_SCANNED);
  g_assert_cmpint (seen (&c, "order-numbers.txt")->status, ==, CD_SCAN_FILE_SCANNED);
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    g_assert_cmpuint (seen (&c, "order-numbers.txt")->counts[k], ==, 0);

  /* Name order, folders where they fall: the same scan gives the same report. */
  g_assert_cmpstr (c.order->pdata[0], ==, "notes.txt");
  g_assert_cmpstr (c.order->pdata[1], ==, "登记表.csv");
  g_assert_cmpstr (c.order->pdata[2], ==, "contract.pdf");

  /* Only masked values come out. */
  g_assert_cmpuint (c.masked->len, ==, 5);
  for (guint i = 0; i < c.masked->len; i++)
    {
      g_assert_null (strstr (c.masked->pdata[i], id1));
      g_assert_null (strstr (c.masked->pdata[i], id2));
      g_assert_null (strstr (c.masked->pdata[i], mobile));
      g_assert_nonnull (strchr (c.masked->pdata[i], '*'));
    }

  collected_clear (&c);
  cd_test_rm_rf (dir);
}

static void
test_limits_and_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-scan-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "no such folder", NULL);
  g_autofree char *id = cd_test_resident_id (7);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *missing_paths[] = { dir, missing, NULL };
  const char *paths[] = { dir, NULL };
  CdScanLimits limits;
  Collected c;

  g_assert_no_error (error);

  /* A path that does not exist: an error before anything is scanned. */
  collected_init (&c);
  g_assert_false (cd_scan_paths (missing_paths, NULL, on_finding, on_file, &c, NULL, &error));
  g_assert_error (error, CD_SCAN_ERROR, CD_SCAN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (c.order->len, ==, 0);
  collected_clear (&c);

  /* A text file longer than the limit is read up to its last whole line. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (big, "第%u行 %s\n", i, id);
  write_file (dir, "big.txt", big->str, (gssize) big->len);
  cd_scan_limits_init_default (&limits);
  limits.max_text_bytes = (goffset) big->len / 2;
  collected_init (&c);
  g_assert_true (cd_scan_paths (paths, &limits, on_finding, on_file, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen (&c, "big.txt")->counts[CD_DETECT_RESIDENT_ID], >=, 45);
  g_assert_cmpuint (seen (&c, "big.txt")->counts[CD_DETECT_RESIDENT_ID], <=, 50);
  collected_clear (&c);

  /* Cancelled: stops with G_IO_ERROR_CANCELLED. */
  g_cancellable_cancel (cancellable);
  collected_init (&c);
  g_assert_false (cd_scan_paths (paths, NULL, on_finding, on_file, &c, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  collected_clear (&c);

  /* Not valid text (a NUL in the middle): the bytes are still searched. */
  {
    g_autoptr(GString) binary = g_string_new ("id: ");

    g_string_append (binary, id);
    g_string_append_len (binary, "\0\1\2 tail\n", 9);
    write_file (dir, "dump.log", binary->str, (gssize) binary->len);
  }
  collected_init (&c);
  g_assert_true (cd_scan_paths (paths, NULL, on_finding, on_file, &c, NULL, &error));
  g_assert_cmpuint (seen (&c, "dump.log")->counts[CD_DETECT_RESIDENT_ID], ==, 1);
  collected_clear (&c);

  cd_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan/folder", test_folder);
  g_test_add_func ("/scan/limits-and-errors", test_limits_and_errors);

  return g_test_run ();
}
