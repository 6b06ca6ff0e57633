/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo case's folder of files: what a scan finds in each file (exact
 * counts per kind, and which files need review or failed), which of the
 * demo case's customers the files are linked to, that the hard negatives
 * are not found, what poppler finds on each page of the contracts and the
 * scanned ID card (and that the card's OCR text is invisible and lies on
 * the printed number), that two runs write the same bytes, and that a
 * folder in use is refused. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "cd-test-util.h"

/* poppler-glib 22 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define RID CD_DETECT_RESIDENT_ID
#define MOB CD_DETECT_MOBILE
#define LAND CD_DETECT_LANDLINE
#define CARD CD_DETECT_BANK_CARD
#define MAIL CD_DETECT_EMAIL
#define USCC CD_DETECT_USCC

typedef struct
{
  const char       *path;        /* below the folder; '*' for a customer's name */
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
  /* Contracts printed to PDF (see test_pdfs): the company's credit code
   * and phone, the customer's ID, mobile and card, a contact's mobile. */
  { "销售/宴会合同/婚宴服务合同-*.pdf", CD_SCAN_FILE_SCANNED,
    { [RID] = 1, [MOB] = 2, [LAND] = 1, [CARD] = 1, [USCC] = 1 }, 2 },
  /* Both credit codes, the client's phone and the company's hotline, the
   * client's agent (ID, mobile, card) and its contact (mobile, e-mail). */
  { "销售/团餐合同/企业团餐服务合同-*.pdf", CD_SCAN_FILE_SCANNED,
    { [RID] = 1, [MOB] = 2, [LAND] = 2, [CARD] = 1, [MAIL] = 1, [USCC] = 2 }, 3 },
  /* A scan: the ID number is in its OCR text layer. */
  { "扫描件/身份证复印件-*.pdf", CD_SCAN_FILE_SCANNED, { [RID] = 1 }, 1 },
};

/* Customers of the demo case named anywhere in the folder, each counted once. */
#define N_CUSTOMERS_LINKED 328

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
    if (g_pattern_match_simple (expected[i].path, file + dir_len + 1))
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

/* -- the PDFs, as the redaction pane sees them --------------------------------- */

typedef struct
{
  const char *path;                                /* a pattern, as in expected[] */
  guint       n_pages;
  guint       counts[3][CD_N_DETECT_KINDS];        /* per page */
} PdfPages;

static const PdfPages pdf_pages[] = {
  /* The parties on page 1, the refund card and the contact on page 2,
   * the general terms on page 3. */
  { "销售/宴会合同/婚宴服务合同-*.pdf", 3,
    { { [RID] = 1, [MOB] = 1, [LAND] = 1, [USCC] = 1 }, { [MOB] = 1, [CARD] = 1 }, { 0 } } },
  /* The general terms in the middle. */
  { "销售/团餐合同/企业团餐服务合同-*.pdf", 3,
    { { [RID] = 1, [MOB] = 1, [LAND] = 1, [USCC] = 2 }, { 0 }, { [MOB] = 1, [LAND] = 1, [CARD] = 1, [MAIL] = 1 } } },
  { "扫描件/身份证复印件-*.pdf", 1, { { [RID] = 1 } } },
};

/* The file of @dir that @pattern names; there must be one. */
static char *
find_file (const char *dir,
           const char *pattern)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  char *found = NULL;

  list_files (dir, "", files);
  for (guint i = 0; i < files->len; i++)
    if (g_pattern_match_simple (pattern, files->pdata[i]))
      {
        g_assert_null (found);
        found = g_build_filename (dir, files->pdata[i], NULL);
      }
  g_assert_nonnull (found);
  return found;
}

static PopplerDocument *
open_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  PopplerDocument *doc;

  g_assert_no_error (error);
  doc = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
add_normalized (GHashTable   *set,
                CdDetectKind  kind,
                const char   *value)
{
  if (value != NULL)
    g_hash_table_add (set, cd_detect_normalize (kind, value, strlen (value)));
}

/* Every identifier of the demo case's registry and of the company, as the
 * detectors normalize them. */
static GHashTable *
registry_identifiers (GPtrArray **out_customers)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *uscc = NULL;
  GPtrArray *customers = cd_demo_make_customers (&uscc);

  add_normalized (set, USCC, uscc);
  for (guint i = 0; i < customers->len; i++)
    {
      CdCustomer *c = customers->pdata[i];
      gboolean company = cd_customer_get_kind (c) == CD_CUSTOMER_KIND_ENTERPRISE;

      add_normalized (set, company ? USCC : RID, cd_customer_get_id_number (c));
      if (!company)
        add_normalized (set, MOB, cd_customer_get_phone (c));
      add_normalized (set, MAIL, cd_customer_get_email (c));
    }
  *out_customers = customers;
  return set;
}

static CdCustomer *
customer_with_id (GPtrArray  *customers,
                  const char *id)
{
  for (guint i = 0; i < customers->len; i++)
    if (g_strcmp0 (cd_customer_get_id_number (customers->pdata[i]), id) == 0)
      return customers->pdata[i];
  return NULL;
}

/* The ID card: one page that is a picture; the OCR text on it is not
 * drawn (the page renders exactly as its image), and the ID number it
 * finds lies on the number printed in the picture. */
static void
check_scan (PopplerPage *page,
            const char  *text,
            gsize        id_start,
            gsize        id_end,
            GPtrArray   *customers)
{
  GList *mapping = poppler_page_get_image_mapping (page);
  PopplerImageMapping *image = mapping->data;
  g_autofree char *id = g_strndup (text + id_start, id_end - id_start);
  CdCustomer *holder = customer_with_id (customers, id);
  g_autofree char *address_start = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  cairo_surface_t *picture, *rendered;
  cairo_t *cr;
  double width, height, scale, x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = 0, y2 = 0;
  int w, h;
  guint differ = 0, dark = 0, box = 0;
  glong first, last;

  /* The name and the start of the address are in the text too. */
  g_assert_nonnull (holder);
  g_assert_nonnull (strstr (text, cd_customer_get_name (holder)));
  address_start = g_utf8_substring (cd_customer_get_address (holder), 0, 8);
  g_assert_nonnull (strstr (text, address_start));

  poppler_page_get_size (page, &width, &height);
  g_assert_cmpuint (g_list_length (mapping), ==, 1);
  g_assert_cmpfloat (image->area.x2 - image->area.x1, >, width - 1);
  g_assert_cmpfloat (image->area.y2 - image->area.y1, >, height - 1);

  picture = poppler_page_get_image (page, image->image_id);
  w = cairo_image_surface_get_width (picture);
  h = cairo_image_surface_get_height (picture);
  /* A scan at 150 dpi or more. */
  g_assert_cmpfloat (w / width * 72, >=, 149);
  rendered = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (rendered);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  scale = w / width;
  cairo_scale (cr, scale, h / height);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (rendered);
  cairo_surface_flush (picture);

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
  first = g_utf8_pointer_to_offset (text, text + id_start);
  last = g_utf8_pointer_to_offset (text, text + id_end);
  g_assert_cmpint (last, <=, (glong) n_rects);
  for (glong i = first; i < last; i++)
    {
      x1 = MIN (x1, rects[i].x1);
      y1 = MIN (y1, rects[i].y1);
      x2 = MAX (x2, rects[i].x2);
      y2 = MAX (y2, rects[i].y2);
    }

  for (int y = 0; y < h; y++)
    {
      const guint32 *a = (const guint32 *) (cairo_image_surface_get_data (picture) +
                                            y * cairo_image_surface_get_stride (picture));
      const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (rendered) +
                                            y * cairo_image_surface_get_stride (rendered));

      for (int x = 0; x < w; x++)
        {
          int most = 0;

          for (guint shift = 0; shift < 24; shift += 8)
            most = MAX (most, ABS ((int) ((a[x] >> shift) & 0xff) - (int) ((b[x] >> shift) & 0xff)));
          if (most > 48)
            differ++;
          if (x >= x1 * scale && x < x2 * scale && y >= y1 * scale && y < y2 * scale)
            {
              box++;
              if (((a[x] >> 8) & 0xff) < 96)
                dark++;
            }
        }
    }
  g_test_message ("scan: %u pixels differ; ID box %.0f×%.0f pt, %u of %u pixels dark",
                  differ, x2 - x1, y2 - y1, dark, box);
  /* Visible OCR text would change thousands of pixels. */
  g_assert_cmpuint (differ, <, (guint) (w * h / 10000));
  /* Eighteen digits across, one line high; printed ink under the box. */
  g_assert_cmpfloat (x2 - x1, >, 80);
  g_assert_cmpfloat (y2 - y1, <, 20);
  g_assert_cmpuint (box, >, 0);
  g_assert_cmpuint (dark * 10, >, box);

  cairo_surface_destroy (rendered);
  cairo_surface_destroy (picture);
  poppler_page_free_image_mapping (mapping);
}

/* What the redaction pane finds on each page: the identifiers where they
 * are expected, all of them the demo case's or the company's (or a bank
 * card, which the registry does not hold), and pages with nothing
 * personal that still have text to select. */
static void
test_pdfs (void)
{
  g_autofree char *dir = write_demo_files ();
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GHashTable) registry = registry_identifiers (&customers);

  for (guint f = 0; f < G_N_ELEMENTS (pdf_pages); f++)
    {
      const PdfPages *e = &pdf_pages[f];
      g_autofree char *path = find_file (dir, e->path);
      g_autoptr(PopplerDocument) doc = open_pdf (path);

      g_test_message ("%s", e->path);
      g_assert_cmpint (poppler_document_get_n_pages (doc), ==, (int) e->n_pages);
      for (guint p = 0; p < e->n_pages; p++)
        {
          g_autoptr(PopplerPage) page = poppler_document_get_page (doc, (int) p);
          g_autofree char *text = poppler_page_get_text (page);
          g_autoptr(GArray) spans = cd_detect_scan (text, strlen (text), CD_DETECT_ALL_KINDS);
          guint counts[CD_N_DETECT_KINDS] = { 0 };
          gboolean clean = TRUE;

          for (guint i = 0; i < spans->len; i++)
            {
              const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
              g_autofree char *normalized = cd_detect_normalize (span->kind, text + span->start,
                                                                 span->end - span->start);

              counts[span->kind]++;
              if (span->kind == RID || span->kind == MOB || span->kind == MAIL || span->kind == USCC)
                g_assert_true (g_hash_table_contains (registry, normalized));
              if (e->n_pages == 1 && span->kind == RID)
                check_scan (page, text, span->start, span->end, customers);
            }
          for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
            {
              if (counts[k] != e->counts[p][k])
                g_test_message ("page %u: %s %u, expected %u", p + 1, cd_detect_kind_get_name (k),
                                counts[k], e->counts[p][k]);
              g_assert_cmpuint (counts[k], ==, e->counts[p][k]);
              clean = clean && counts[k] == 0;
            }
          /* A page kept as vectors: its text can still be selected. */
          if (clean)
            g_assert_cmpuint (g_utf8_strlen (text, -1), >, 200);
        }
    }

  remove_demo_files (dir);
}

static void
test_deterministic (void)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *first = write_demo_files ();
  double seconds = g_timer_elapsed (timer, NULL);
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
  /* Small enough to ship and to write in a moment (about 0.3 s here; not
   * asserted, a test may run under valgrind). */
  g_test_message ("%u files, %" G_GSIZE_FORMAT " bytes, written in %.2f s", files1->len, total, seconds);
  g_assert_cmpuint (total, <, 1024 * 1024);

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
  g_test_add_func ("/demo-files/pdfs", test_pdfs);
  g_test_add_func ("/demo-files/deterministic", test_deterministic);
  g_test_add_func ("/demo-files/refuse", test_refuse);

  return g_test_run ();
}
