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

/* A PNG signature and the start of its header chunk: enough for a picture
 * to be recognized (sizeof, not a count by hand: 33 read 4 bytes past it). */
static void
write_png (const char *dir,
           const char *name)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0";

  write_file (dir, name, png, sizeof png - 1);
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
  write_png (dir, "scan.png");
  write_file (dir, "contract.pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", -1);
  /* A format nobody reads: for a person to review, with its type */
  write_file (dir, "ledger.bak", "\0\1\2\3BAK\0\0\xff\xfe\x80", 12);

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
  /* A PDF cut short after its first object: read in the worker, damaged. */
  g_assert_cmpint (seen (&c, "contract.pdf")->status, ==, CD_SCAN_FILE_FAILED);
  g_assert_nonnull (seen (&c, "contract.pdf")->reason);
  g_assert_cmpint (seen (&c, "ledger.bak")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_nonnull (strstr (seen (&c, "ledger.bak")->reason, "application/"));
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

/* A WAV recording of @seconds of silence, 8 kHz mono 16-bit. */
static GByteArray *
make_wav (guint seconds)
{
  GByteArray *wav = g_byte_array_new ();
  guint32 data_len = 8000 * 2 * seconds;
  guint32 riff_len = GUINT32_TO_LE (36 + data_len);
  guint32 fmt_len = GUINT32_TO_LE (16);
  guint16 pcm = GUINT16_TO_LE (1);
  guint16 channels = GUINT16_TO_LE (1);
  guint32 rate = GUINT32_TO_LE (8000);
  guint32 byte_rate = GUINT32_TO_LE (16000);
  guint16 align = GUINT16_TO_LE (2);
  guint16 bits = GUINT16_TO_LE (16);
  guint32 le_data_len = GUINT32_TO_LE (data_len);
  g_autofree guint8 *silence = g_malloc0 (data_len);

  g_byte_array_append (wav, (const guint8 *) "RIFF", 4);
  g_byte_array_append (wav, (const guint8 *) &riff_len, 4);
  g_byte_array_append (wav, (const guint8 *) "WAVEfmt ", 8);
  g_byte_array_append (wav, (const guint8 *) &fmt_len, 4);
  g_byte_array_append (wav, (const guint8 *) &pcm, 2);
  g_byte_array_append (wav, (const guint8 *) &channels, 2);
  g_byte_array_append (wav, (const guint8 *) &rate, 4);
  g_byte_array_append (wav, (const guint8 *) &byte_rate, 4);
  g_byte_array_append (wav, (const guint8 *) &align, 2);
  g_byte_array_append (wav, (const guint8 *) &bits, 2);
  g_byte_array_append (wav, (const guint8 *) "data", 4);
  g_byte_array_append (wav, (const guint8 *) &le_data_len, 4);
  g_byte_array_append (wav, silence, data_len);
  return wav;
}

/* Recordings are for a person to listen to; how long they last is said. */
static void
test_media (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-scan-XXXXXX", &error);
  g_autoptr(GByteArray) wav = make_wav (75);
  const char *paths[] = { dir, NULL };
  Collected c;

  g_assert_no_error (error);
  write_file (dir, "客服通话.wav", (const char *) wav->data, (gssize) wav->len);
  write_png (dir, "photo.png");

  collected_init (&c);
  g_assert_true (cd_scan_paths (paths, NULL, on_finding, on_file, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen (&c, "客服通话.wav")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_cmpstr (seen (&c, "客服通话.wav")->reason, ==,
                   "Recording, 1 min 15 s: listen to it for personal data");
  g_assert_cmpint (seen (&c, "photo.png")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_cmpstr (seen (&c, "photo.png")->reason, ==, "Image: look at it for personal data");
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

/* A worker of our own making that misbehaves on every file: crashes, or
 * says nothing. The scan goes on and says what became of each file. */
static char *
write_fake_worker (const char *dir,
                   const char *body)
{
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\nwhile read -r line; do\n%s\ndone\n", body);
  char *path = g_build_filename (dir, "fake-worker", NULL);

  write_file (dir, "fake-worker", script, -1);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

static void
test_worker_contained (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-scan-XXXXXX", &error);
  g_autofree char *tools = g_dir_make_tmp ("cd-scan-tools-XXXXXX", &error);
  g_autofree char *crasher = NULL;
  g_autofree char *sleeper = NULL;
  g_autofree char *id = cd_test_resident_id (5);
  g_autofree char *text = g_strdup_printf ("身份证 %s\n", id);
  g_autofree char *saved = g_strdup (g_getenv ("CLOSURE_DESK_SCAN_WORKER"));
  const char *paths[] = { dir, NULL };
  CdScanLimits limits;
  Collected c;

  g_assert_no_error (error);
  write_file (dir, "a.zip", "PK\3\4 not really a zip", -1);
  write_file (dir, "b.txt", text, -1);
  write_file (dir, "c.pdf", "%PDF-1.7\n", -1);
  {
    g_autoptr(GByteArray) wav = make_wav (2);

    write_file (dir, "d.wav", (const char *) wav->data, (gssize) wav->len);
  }

  /* Killed by a signal on every file: each such file failed, the text
   * file (read in the scan itself) is still scanned. */
  crasher = write_fake_worker (tools, "kill -SEGV $$");
  g_setenv ("CLOSURE_DESK_SCAN_WORKER", crasher, TRUE);
  collected_init (&c);
  g_assert_true (cd_scan_paths (paths, NULL, on_finding, on_file, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen (&c, "a.zip")->status, ==, CD_SCAN_FILE_FAILED);
  g_assert_nonnull (seen (&c, "a.zip")->reason);
  g_assert_cmpint (seen (&c, "c.pdf")->status, ==, CD_SCAN_FILE_FAILED);
  /* A recording stays for a person to listen to; its length is unknown. */
  g_assert_cmpint (seen (&c, "d.wav")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_cmpstr (seen (&c, "d.wav")->reason, ==, "Recording: listen to it for personal data");
  g_assert_cmpint (seen (&c, "b.txt")->status, ==, CD_SCAN_FILE_SCANNED);
  g_assert_cmpuint (seen (&c, "b.txt")->counts[CD_DETECT_RESIDENT_ID], ==, 1);
  collected_clear (&c);

  /* Silent for longer than the limit: stopped, reported, the scan goes on. */
  sleeper = write_fake_worker (tools, "sleep 30");
  g_setenv ("CLOSURE_DESK_SCAN_WORKER", sleeper, TRUE);
  cd_scan_limits_init_default (&limits);
  limits.worker_timeout_s = 1;
  collected_init (&c);
  g_assert_true (cd_scan_paths (paths, &limits, on_finding, on_file, &c, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seen (&c, "a.zip")->status, ==, CD_SCAN_FILE_FAILED);
  g_assert_nonnull (strstr (seen (&c, "a.zip")->reason, "1"));
  g_assert_cmpint (seen (&c, "d.wav")->status, ==, CD_SCAN_FILE_REVIEW);
  g_assert_cmpstr (seen (&c, "d.wav")->reason, ==, "Recording: listen to it for personal data");
  g_assert_cmpuint (seen (&c, "b.txt")->counts[CD_DETECT_RESIDENT_ID], ==, 1);
  collected_clear (&c);

  if (saved != NULL)
    g_setenv ("CLOSURE_DESK_SCAN_WORKER", saved, TRUE);
  else
    g_unsetenv ("CLOSURE_DESK_SCAN_WORKER");
  cd_test_rm_rf (dir);
  cd_test_rm_rf (tools);
}

static void
cancel_after_first (CdScanJob        *job,
                    CdScanFileRecord *record,
                    gpointer          user_data)
{
  g_cancellable_cancel (user_data);
}

/* Recorded in a case: the scan, its files, samples and the registry
 * customers its identifiers belong to; a cancelled scan leaves nothing. */
static void
test_case (CdTestCase    *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-scan-XXXXXX", &error);
  g_autofree char *id = cd_test_resident_id (11);
  g_autofree char *other = cd_test_resident_id (12);
  g_autofree char *mobile = cd_test_mobile (13);
  g_autofree char *text = g_strdup_printf ("客户 %s 手机 %s\n路人 %s\n", id, mobile, other);
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GPtrArray) scans = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(CdScanJob) job = NULL;
  g_autoptr(CdScanJob) cancelled_job = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *paths[] = { dir, NULL };
  const CdScanSummary *summary;
  const CdScanFileRecord *record;

  g_assert_no_error (error);
  write_file (dir, "a.txt", text, -1);
  write_file (dir, "b.txt", "nothing here\n", -1);
  write_png (dir, "c.png");

  cd_customer_set_name (customer, "张三");
  cd_customer_set_id_number (customer, id);
  g_assert_true (cd_store_add_customer (fixture->store, customer, &error));
  g_assert_no_error (error);

  job = cd_scan_job_new (paths, NULL);
  cd_scan_job_set_store (job, fixture->store);
  g_assert_true (cd_scan_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cd_scan_job_get_scan_id (job), >, 0);
  g_assert_cmpuint (cd_scan_job_get_files_done (job), ==, 3);
  g_assert_cmpuint (cd_scan_job_get_files_total (job), ==, 3);
  g_assert_cmpuint (cd_scan_job_get_review (job), ==, 1);
  g_assert_cmpuint (cd_scan_job_get_count (job, CD_DETECT_RESIDENT_ID), ==, 2);
  g_assert_cmpuint (cd_scan_job_get_count (job, CD_DETECT_MOBILE), ==, 1);

  scans = cd_store_list_scans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scans->len, ==, 1);
  summary = scans->pdata[0];
  g_assert_cmpstr (summary->state, ==, "complete");
  g_assert_cmpuint (summary->files, ==, 3);
  g_assert_cmpuint (summary->review, ==, 1);
  g_assert_cmpuint (summary->counts[CD_DETECT_RESIDENT_ID], ==, 2);

  records = cd_store_list_scan_records (fixture->store, summary->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  record = records->pdata[0];
  g_assert_true (g_str_has_suffix (record->path, "a.txt"));
  g_assert_cmpuint (record->samples->len, ==, 3);
  /* The registry customer whose ID number is in the file, and only her. */
  g_assert_cmpuint (record->customer_ids->len, ==, 1);
  g_assert_cmpstr (record->customer_ids->pdata[0], ==, cd_customer_get_id (customer));
  g_assert_cmpint (((CdScanFileRecord *) records->pdata[2])->status, ==, CD_SCAN_FILE_REVIEW);

  /* Cancelled after the first file: discarded, only the first scan stays. */
  cancelled_job = cd_scan_job_new (paths, NULL);
  cd_scan_job_set_store (cancelled_job, fixture->store);
  g_signal_connect (cancelled_job, "file-done", G_CALLBACK (cancel_after_first), cancellable);
  g_assert_false (cd_scan_job_run (cancelled_job, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_pointer (&scans, g_ptr_array_unref);
  scans = cd_store_list_scans (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scans->len, ==, 1);

  /* The raw identifiers are nowhere in the case file. */
  cd_store_close (fixture->store);
  g_assert_false (cd_test_file_contains (fixture->path, id, strlen (id)));
  g_assert_false (cd_test_file_contains (fixture->path, mobile, strlen (mobile)));
  g_assert_false (cd_test_file_contains (fixture->path, "a.txt", 5));

  cd_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan/folder", test_folder);
  g_test_add_func ("/scan/limits-and-errors", test_limits_and_errors);
  g_test_add_func ("/scan/worker-contained", test_worker_contained);
  g_test_add_func ("/scan/media", test_media);
  g_test_add ("/scan/case", CdTestCase, NULL, cd_test_case_setup, test_case, cd_test_case_teardown);

  return g_test_run ();
}
