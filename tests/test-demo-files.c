/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo case's folder of files: what a scan finds in each file (exact
 * counts per kind, and which files need review or failed), which of the
 * demo case's customers the files are linked to, that the hard negatives
 * are not found, that two runs write the same bytes, and that a folder in
 * use is refused. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-test-util.h"

#define RID CD_DETECT_RESIDENT_ID
#define MOB CD_DETECT_MOBILE
#define LAND CD_DETECT_LANDLINE
#define CARD CD_DETECT_BANK_CARD
#define MAIL CD_DETECT_EMAIL
#define USCC CD_DETECT_USCC

typedef struct
{
  const char       *path;        /* below the folder */
  CdScanFileStatus  status;
  guint             counts[CD_N_DETECT_KINDS];
  guint             customers;   /* of the demo case, linked by a scan with it */
} Expected;

static const Expected expected[] = {
  /* 200 paper forms in GBK: 180 registry members (153 with their ID card),
   * 20 guests never entered (17 with an ID card, a passport, a home-return
   * permit and a Taiwan compatriot permit). */
  { "前台电脑2018/会员登记表.csv", CD_SCAN_FILE_SCANNED,
    { [RID] = 170, [MOB] = 200, [CD_DETECT_PASSPORT] = 1, [CD_DETECT_HK_MACAU_PERMIT] = 1,
      [CD_DETECT_TW_PERMIT] = 1 }, 180 },
  /* 60 bookings, numbers written five ways, and two companies' landlines;
   * order numbers, a payment serial, a dash-joined platform order, a serial
   * that looks like an ID but fails its check, a timestamp and an amount
   * are not found. */
  { "前台电脑2018/订座记录.txt", CD_SCAN_FILE_SCANNED, { [MOB] = 60, [LAND] = 2 }, 62 },
  { "前台电脑2018/交班记录.txt", CD_SCAN_FILE_SCANNED, { [RID] = 1, [MOB] = 5 }, 5 },
  /* Hotlines, masked cards, version numbers, a Wi-Fi password. */
  { "前台电脑2018/收银操作说明.txt", CD_SCAN_FILE_SCANNED, { 0 }, 0 },
  /* GBK with a meta charset; one number partly as character references,
   * one inside a dash-joined order number (not found); one is a
   * liquidation-group member's, not a customer's. */
  { "微信导出/店长群聊天记录.html", CD_SCAN_FILE_SCANNED, { [RID] = 1, [MOB] = 8, [MAIL] = 1 }, 8 },
  /* The landlord's ID split over three runs, the company's credit code,
   * a grouped card number, the author's e-mail in the properties. */
  { "合同/门店租赁合同.docx", CD_SCAN_FILE_SCANNED,
    { [RID] = 1, [MOB] = 1, [CARD] = 1, [MAIL] = 1, [USCC] = 1 }, 0 },
  { "合同/加盟协议-损坏.docx", CD_SCAN_FILE_FAILED, { 0 }, 0 },
  { "财务/2019工资表.xlsx", CD_SCAN_FILE_SCANNED, { [RID] = 12, [MOB] = 12, [CARD] = 12 }, 0 },
  { "人事/员工花名册.ods", CD_SCAN_FILE_SCANNED, { [RID] = 12, [MOB] = 12, [MAIL] = 4 }, 0 },
  { "人事/离职证明-郭婷.odt", CD_SCAN_FILE_SCANNED, { [RID] = 1, [USCC] = 1 }, 0 },
  { "培训/服务规范培训.pptx", CD_SCAN_FILE_SCANNED, { [MOB] = 1 }, 1 },
  /* Return-Path, From and To; a mobile in the base64 GBK body and three
   * in the attached CSV (one of them the sender's again). */
  { "邮件/顾客投诉.eml", CD_SCAN_FILE_SCANNED, { [MOB] = 4, [MAIL] = 3 }, 3 },
  /* Three messages: a newsletter, a company's statement in
   * quoted-printable, an invoice request in base64 GBK. */
  { "邮件/归档.mbox", CD_SCAN_FILE_SCANNED,
    { [RID] = 1, [MOB] = 1, [LAND] = 1, [MAIL] = 6, [USCC] = 1 }, 3 },
  /* A tar.gz inside the zip, and a member named in GBK. */
  { "旧系统导出/会员数据备份.zip", CD_SCAN_FILE_SCANNED, { [MOB] = 40, [MAIL] = 30 }, 40 },
  /* UTF-16 members, a till log with masked cards and two full ones. */
  { "旧系统导出/2017备份.tar.xz", CD_SCAN_FILE_SCANNED, { [RID] = 20, [MOB] = 20, [CARD] = 2 }, 20 },
  /* Half the numbers masked by the delivery platform. */
  { "旧系统导出/外卖订单2020.7z", CD_SCAN_FILE_SCANNED, { [MOB] = 8 }, 8 },
  { "扫描件/身份证复印件-01.jpg", CD_SCAN_FILE_REVIEW, { 0 }, 0 },
  { "扫描件/营业执照.png", CD_SCAN_FILE_REVIEW, { 0 }, 0 },
  { "录音/客服通话0312.mp3", CD_SCAN_FILE_REVIEW, { 0 }, 0 },
  /* Two pages of text, the author's e-mail, an ID in a sticky note. */
  { "报告/会员满意度调查.pdf", CD_SCAN_FILE_SCANNED, { [RID] = 1, [MOB] = 5, [MAIL] = 6 }, 11 },
  { "行政/公司证照信息.txt", CD_SCAN_FILE_SCANNED, { [MOB] = 1, [LAND] = 1, [USCC] = 1 }, 0 },
  { "销售/企业团餐客户.txt", CD_SCAN_FILE_SCANNED, { [LAND] = 10, [USCC] = 10 }, 10 },
};

/* Customers of the demo case named anywhere in the folder, each counted once. */
#define N_CUSTOMERS_LINKED 323

static char *
write_demo_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("cd-demo-files-XXXXXX", &error);
  char *dir;

  g_assert_no_error (error);
  /* It does not exist yet: it is created. */
  dir = g_build_filename (tmp, "demo-files", NULL);
  g_assert_true (cd_demo_write_files (dir, &error));
  g_assert_no_error (error);
  return dir;
}

static void
remove_demo_files (const char *dir)
{
  g_autofree char *parent = g_path_get_dirname (dir);

  cd_test_rm_rf (parent);
}

static const Expected *
find_expected (const char *dir,
               const char *file)
{
  gsize dir_len = strlen (dir);

  g_assert_true (g_str_has_prefix (file, dir));
  g_assert_cmpint (file[dir_len], ==, '/');
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strcmp (file + dir_len + 1, expected[i].path) == 0)
      return &expected[i];
  g_test_message ("unexpected file or member: %s", file + dir_len + 1);
  g_assert_not_reached ();
  return NULL;
}

typedef struct
{
  const char *dir;
  GHashTable *seen;   /* Expected* → the number of reports */
} Scan;

static void
on_file (const CdScanFileReport *report,
         gpointer                user_data)
{
  Scan *scan = user_data;
  const Expected *e = find_expected (scan->dir, report->file);

  g_test_message ("%s: status %d", e->path, report->status);
  g_assert_false (g_hash_table_contains (scan->seen, e));
  g_hash_table_add (scan->seen, (gpointer) e);
  g_assert_cmpint (report->status, ==, e->status);
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    {
      if (report->counts[k] != e->counts[k])
        g_test_message ("%s: %s %u, expected %u", e->path, cd_detect_kind_get_name (k),
                        report->counts[k], e->counts[k]);
      g_assert_cmpuint (report->counts[k], ==, e->counts[k]);
    }
  if (e->status != CD_SCAN_FILE_SCANNED)
    g_assert_nonnull (report->reason);
}

static void
test_scan (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = write_demo_files ();
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  const char *paths[] = { dir, NULL };
  Scan scan = { dir, seen };

  g_assert_true (cd_scan_paths (paths, NULL, NULL, on_file, &scan, NULL, &error));
  g_assert_no_error (error);
  /* Every file once, and no member of an archive reported on its own: none
   * needs review or failed. */
  g_assert_cmpuint (g_hash_table_size (seen), ==, G_N_ELEMENTS (expected));

  remove_demo_files (dir);
}

typedef struct
{
  const char *dir;
  GHashTable *customers;   /* every customer id linked */
  guint       files;
} Linked;

static void
on_file_done (CdScanJob        *job,
              CdScanFileRecord *record,
              gpointer          user_data)
{
  Linked *linked = user_data;
  const Expected *e = find_expected (linked->dir, record->path);

  g_assert_null (record->member);
  if (record->customer_ids->len != e->customers)
    g_test_message ("%s: %u customers, expected %u", e->path, record->customer_ids->len, e->customers);
  g_assert_cmpuint (record->customer_ids->len, ==, e->customers);
  for (guint i = 0; i < record->customer_ids->len; i++)
    g_hash_table_add (linked->customers, g_strdup (record->customer_ids->pdata[i]));
  linked->files++;
}

/* The point of the folder: a scan with the demo case finds its customers. */
static void
test_customers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = write_demo_files ();
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *path = g_build_filename (parent, "demo.closurecase", NULL);
  g_autoptr(GHashTable) customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdScanJob) job = NULL;
  const char *roots[] = { dir, NULL };
  Linked linked = { dir, customers, 0 };
  CdKdfParams params;

  cd_kdf_params_init_fast (&params);
  store = cd_demo_create (path, &params, &error);
  g_assert_no_error (error);

  job = cd_scan_job_new (roots, NULL);
  cd_scan_job_set_store (job, store);
  g_signal_connect (job, "file-done", G_CALLBACK (on_file_done), &linked);
  g_assert_true (cd_scan_job_run (job, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (linked.files, ==, G_N_ELEMENTS (expected));
  g_test_message ("%u customers linked", g_hash_table_size (customers));
  g_assert_cmpuint (g_hash_table_size (customers), ==, N_CUSTOMERS_LINKED);
  g_assert_cmpuint (cd_scan_job_get_review (job), ==, 3);
  g_assert_cmpuint (cd_scan_job_get_failed (job), ==, 1);

  cd_store_close (store);
  remove_demo_files (dir);
}

/* The plain-text files, read directly: the hard negatives are in them and
 * are not found. */
static void
test_hard_negatives (void)
{
  static const struct
  {
    const char *file;
    const char *negative;
  } negatives[] = {
    { "前台电脑2018/订座记录.txt", "4200000312201903126543210987" },
    { "前台电脑2018/订座记录.txt", "ORD-2019-13812345678" },
    { "前台电脑2018/订座记录.txt", "310106201903120017" },
    { "前台电脑2018/订座记录.txt", "1552386600" },
    { "前台电脑2018/订座记录.txt", "1388.50" },
    { "前台电脑2018/订座记录.txt", "DZ2019" },
    { "前台电脑2018/收银操作说明.txt", "400-820-8820" },
    { "前台电脑2018/收银操作说明.txt", "6222****1234" },
    { "前台电脑2018/收银操作说明.txt", "04378219" },
    { "行政/公司证照信息.txt", "121908765410201" },
    { "行政/公司证照信息.txt", "J2900012345601" },
    { "行政/公司证照信息.txt", "JY23101060012345" },
  };
  g_autofree char *dir = write_demo_files ();

  for (guint i = 0; i < G_N_ELEMENTS (negatives); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (dir, negatives[i].file, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GArray) spans = NULL;
      gsize len = 0;
      const char *at;

      g_assert_true (g_file_get_contents (path, &text, &len, &error));
      g_assert_no_error (error);
      at = strstr (text, negatives[i].negative);
      g_assert_nonnull (at);
      spans = cd_detect_scan (text, len, CD_DETECT_ALL_KINDS);
      for (guint j = 0; j < spans->len; j++)
        {
          const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, j);
          gsize start = (gsize) (at - text);

          g_assert_true (span->end <= start || span->start >= start + strlen (negatives[i].negative));
        }
    }

  remove_demo_files (dir);
}

static void
list_files (const char *root,
            const char *relative,
            GPtrArray  *out)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = *relative != '\0' ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *child_path = g_build_filename (root, child, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        list_files (root, child, out);
      else
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_deterministic (void)
{
  g_autofree char *first = write_demo_files ();
  g_autofree char *second = write_demo_files ();
  g_autoptr(GPtrArray) files1 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files2 = g_ptr_array_new_with_free_func (g_free);
  gsize total = 0;

  list_files (first, "", files1);
  list_files (second, "", files2);
  g_ptr_array_sort (files1, compare_strings);
  g_ptr_array_sort (files2, compare_strings);
  g_assert_cmpuint (files1->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (files2->len, ==, files1->len);

  for (guint i = 0; i < files1->len; i++)
    {
      g_autofree char *path1 = g_build_filename (first, files1->pdata[i], NULL);
      g_autofree char *path2 = g_build_filename (second, files2->pdata[i], NULL);
      g_autofree char *data1 = NULL;
      g_autofree char *data2 = NULL;
      gsize len1 = 0, len2 = 0;

      g_assert_cmpstr (files1->pdata[i], ==, files2->pdata[i]);
      g_assert_true (g_file_get_contents (path1, &data1, &len1, NULL));
      g_assert_true (g_file_get_contents (path2, &data2, &len2, NULL));
      if (len1 != len2 || memcmp (data1, data2, len1) != 0)
        g_test_message ("%s differs", (const char *) files1->pdata[i]);
      g_assert_cmpmem (data1, len1, data2, len2);
      total += len1;
    }
  /* Small enough to ship and to write in a moment. */
  g_assert_cmpuint (total, <, 2 * 1024 * 1024);

  remove_demo_files (first);
  remove_demo_files (second);
}

static void
test_refuse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("cd-demo-files-XXXXXX", &error);
  g_autofree char *used = g_build_filename (tmp, "used", NULL);
  g_autofree char *note = g_build_filename (used, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (tmp, "empty", NULL);
  g_autofree char *file = g_build_filename (tmp, "file", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (used, 0755), ==, 0);
  g_assert_true (g_file_set_contents (note, "mine", -1, NULL));
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, "", -1, NULL));

  /* A folder with something in it is left as it is. */
  g_assert_false (cd_demo_write_files (used, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  listing = g_dir_open (used, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "notes.txt");
  g_assert_null (g_dir_read_name (listing));
  g_assert_true (g_file_get_contents (note, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");

  g_assert_false (cd_demo_write_files (file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);

  /* An empty one is used. */
  g_assert_true (cd_demo_write_files (empty, &error));
  g_assert_no_error (error);
  /* And is not empty any more. */
  g_assert_false (cd_demo_write_files (empty, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_EMPTY);

  cd_test_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-files/scan", test_scan);
  g_test_add_func ("/demo-files/customers", test_customers);
  g_test_add_func ("/demo-files/hard-negatives", test_hard_negatives);
  g_test_add_func ("/demo-files/deterministic", test_deterministic);
  g_test_add_func ("/demo-files/refuse", test_refuse);

  return g_test_run ();
}
