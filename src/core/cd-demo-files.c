/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo case's folder of files to scan: what the front-desk PC and the
 * shared drive of 示例餐饮管理有限公司 held when it was dissolved. Member
 * lists, a reservation book, a chat export, contracts, a payroll, staff
 * lists, mail, old-system backups nested in archives, scans, a recording, a
 * survey report and a damaged document — in the encodings and formats such
 * a company really has (GBK CSV, UTF-16, WeChat HTML, docx/xlsx/pptx,
 * ods/odt, PDF, .eml/.mbox, zip/tar.gz/tar.xz/7z). For the redaction pane:
 * two contracts printed to PDF (selectable text in embedded CJK fonts, a
 * page of general terms with nothing personal on it) and a scanned copy of
 * an ID card, a picture with an invisible OCR text layer.
 *
 * Most identifiers belong to customers of the demo case (cd_demo_make_customers()),
 * so a scan with the case links the files to its registry; the rest are staff,
 * a landlord and walk-in guests who never made it into the registry. Every
 * identifier passes the detectors' checks; the order numbers, serials and
 * timestamps around them must not. Everything is fictitious and generated
 * from fixed seeds: two runs write the same bytes. */

#include "config.h"

#define G_LOG_DOMAIN "cd-demo"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <utime.h>

#include <archive.h>
#include <archive_entry.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "cd-customer.h"
#include "cd-demo.h"
#include "cd-demo-files.h"
#include "cd-ident.h"

#define FILES_SEED 20190630

/* Archive members are dated when the old system was exported,
 * 2019-06-30 10:00 in China. */
#define MEMBER_MTIME G_GINT64_CONSTANT (1561860000)
#define DOS_TIME     ((10 << 11) | (0 << 5) | 0)
#define DOS_DATE     (((2019 - 1980) << 9) | (6 << 5) | 30)

#define N_STAFF 12

typedef struct
{
  const char *name;
  const char *dept;
  const char *role;
  char       *id;
  char       *mobile;
  char       *card;
  char       *email;    /* or NULL */
  guint       salary;
} Staff;

typedef struct
{
  char      *root;
  GPtrArray *customers;    /* CdCustomer: the demo case's registry */
  GPtrArray *with_id;      /* individuals with a resident ID (borrowed) */
  GPtrArray *without_id;   /* individuals without one */
  GPtrArray *with_email;   /* individuals with an e-mail address */
  GPtrArray *companies;    /* enterprise customers */
  char      *uscc;         /* the dissolving company's */
  GRand     *rand;         /* for everyone who is not a customer */
  Staff      staff[N_STAFF];
} Demo;

static const struct
{
  const char *name;
  const char *dept;
  const char *role;
} staff_list[N_STAFF] = {
  { "刘建国", "徐汇衡山路店", "店长" },
  { "孙丽", "静安愚园路店", "店长" },
  { "黄志强", "浦东世纪大道店", "店长" },
  { "周敏", "长宁虹桥路店", "店长" },
  { "何佳", "黄浦淮海中路店", "店长" },
  { "王建华", "徐汇衡山路店", "厨师长" },
  { "郭婷", "客服部", "客服主管" },
  { "赵磊", "信息部", "系统管理员" },
  { "马超", "运营部", "运营经理" },
  { "孙倩", "行政部", "行政专员" },
  { "吴秀英", "财务部", "会计" },
  { "林小红", "财务部", "出纳" },
};

/* Guests who filled in a paper form at the front desk but were never
 * entered into the membership system. */
static const char * const walk_in_names[] = {
  "顾家明", "陶晓雯", "江志远", "范丽娟", "钱文博", "史佳怡", "严海涛", "龚雪梅", "贺子轩",
  "尹静", "蒋建平", "方思雨", "邵宇航", "孟凡", "秦晓燕", "夏天明", "毛俊杰", "白玉兰",
  "戴维森", "陈美玲",
};

static const char * const regions[] = {
  "310101", "310104", "310105", "310106", "310115", "330106", "320508", "320106",
};

static void
demo_clear (Demo *d)
{
  g_free (d->root);
  g_clear_pointer (&d->customers, g_ptr_array_unref);
  g_clear_pointer (&d->with_id, g_ptr_array_unref);
  g_clear_pointer (&d->without_id, g_ptr_array_unref);
  g_clear_pointer (&d->with_email, g_ptr_array_unref);
  g_clear_pointer (&d->companies, g_ptr_array_unref);
  g_free (d->uscc);
  g_clear_pointer (&d->rand, g_rand_free);
  for (guint i = 0; i < N_STAFF; i++)
    {
      g_free (d->staff[i].id);
      g_free (d->staff[i].mobile);
      g_free (d->staff[i].card);
      g_free (d->staff[i].email);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

/* -- people who are not customers ------------------------------------------ */

static char *
make_resident_id (GRand      *rand,
                  const char *region,
                  guint       born_from,
                  guint       born_to)
{
  g_autoptr(GDate) birth = g_date_new_dmy (1, G_DATE_JANUARY, (GDateYear) born_from);
  char body[18];

  g_date_add_days (birth, (guint) g_rand_int_range (rand, 0, (gint32) (365 * (born_to - born_from))));
  g_snprintf (body, sizeof body, "%s%04u%02u%02u%03d", region,
              g_date_get_year (birth), g_date_get_month (birth), g_date_get_day (birth),
              g_rand_int_range (rand, 0, 1000));
  return g_strdup_printf ("%s%c", body, cd_ident_resident_id_check_char (body));
}

static char *
make_mobile (GRand *rand)
{
  static const char * const prefixes[] = {
    "133", "135", "137", "139", "152", "158", "177", "180", "186", "189", "199",
  };

  return g_strdup_printf ("%s%08d", prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))],
                          g_rand_int_range (rand, 0, 100000000));
}

/* A 19-digit UnionPay debit card of a big bank, with its Luhn digit. */
static char *
make_card (GRand *rand)
{
  static const char * const iins[] = { "621700", "622202", "622848", "621483", "621661" };
  char digits[20];
  guint sum = 0;

  g_snprintf (digits, sizeof digits, "%s%06d%06d", iins[g_rand_int_range (rand, 0, G_N_ELEMENTS (iins))],
              g_rand_int_range (rand, 0, 1000000), g_rand_int_range (rand, 0, 1000000));
  /* Doubling starts next to the check digit, at the end of the body. */
  for (guint i = 0; i < 18; i++)
    {
      guint v = (guint) (digits[17 - i] - '0');

      if (i % 2 == 0)
        v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
  digits[18] = (char) ('0' + (10 - sum % 10) % 10);
  digits[19] = '\0';
  return g_strdup (digits);
}

static void
make_staff (Demo *d)
{
  for (guint i = 0; i < N_STAFF; i++)
    {
      Staff *s = &d->staff[i];

      s->name = staff_list[i].name;
      s->dept = staff_list[i].dept;
      s->role = staff_list[i].role;
      s->id = make_resident_id (d->rand, regions[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (regions))],
                                1968, 1998);
      s->mobile = make_mobile (d->rand);
      s->card = make_card (d->rand);
      s->salary = (guint) g_rand_int_range (d->rand, 45, 160) * 100;
      if (i % 3 == 0)
        s->email = g_strdup_printf ("%d@qq.com", g_rand_int_range (d->rand, 100000000, 999999999));
    }
}

/* -- customers of the demo case --------------------------------------------- */

static void
sort_customers (Demo *d)
{
  d->with_id = g_ptr_array_new ();
  d->without_id = g_ptr_array_new ();
  d->with_email = g_ptr_array_new ();
  d->companies = g_ptr_array_new ();

  for (guint i = 0; i < d->customers->len; i++)
    {
      CdCustomer *c = d->customers->pdata[i];

      if (cd_customer_get_kind (c) == CD_CUSTOMER_KIND_ENTERPRISE)
        {
          g_ptr_array_add (d->companies, c);
          continue;
        }
      g_ptr_array_add (cd_customer_get_id_number (c) != NULL ? d->with_id : d->without_id, c);
      if (cd_customer_get_email (c) != NULL)
        g_ptr_array_add (d->with_email, c);
    }
}

/* The first customer from the @n-th with an e-mail address who also has
 * an ID number. */
static CdCustomer *
with_email_and_id (Demo  *d,
                   guint  n)
{
  for (guint i = n; i < d->with_email->len; i++)
    if (cd_customer_get_id_number (d->with_email->pdata[i]) != NULL)
      return d->with_email->pdata[i];
  g_return_val_if_reached (d->with_id->pdata[0]);
}

/* 张先生, 欧阳女士: how the staff write a guest down. */
static char *
honorific (CdCustomer *c)
{
  static const char * const compound[] = { "欧阳", "司马", "上官" };
  const char *name = cd_customer_get_name (c);
  const char *id = cd_customer_get_id_number (c);
  const char *mobile = cd_customer_get_phone (c);
  g_autofree char *surname = NULL;
  gboolean male;

  for (guint i = 0; i < G_N_ELEMENTS (compound) && surname == NULL; i++)
    if (g_str_has_prefix (name, compound[i]))
      surname = g_strdup (compound[i]);
  if (surname == NULL)
    surname = g_strndup (name, (gsize) (g_utf8_next_char (name) - name));

  /* The sequence code of an ID is odd for men; without one, any digit. */
  if (id != NULL && strlen (id) == 18)
    male = (id[16] - '0') % 2 == 1;
  else
    male = mobile != NULL && (mobile[strlen (mobile) - 1] - '0') % 2 == 1;
  return g_strconcat (surname, male ? "先生" : "女士", NULL);
}

/* The ways people write a mobile number. */
static char *
format_mobile (const char *m,
               guint       style)
{
  switch (style % 5)
    {
    case 1:
      return g_strdup_printf ("%.3s %.4s %.4s", m, m + 3, m + 7);
    case 2:
      return g_strdup_printf ("%.3s-%.4s-%.4s", m, m + 3, m + 7);
    case 3:
      return g_strdup_printf ("+86 %.3s %.4s %.4s", m, m + 3, m + 7);
    case 4:
      return g_strdup_printf ("+86-%s", m);
    case 0:
    default:
      return g_strdup (m);
    }
}

/* "1985-03-12" from a resident ID. */
static char *
birthday (const char *id)
{
  return g_strdup_printf ("%.4s-%.2s-%.2s", id + 6, id + 10, id + 12);
}

/* -- writing ------------------------------------------------------------------ */

static gboolean
put_file (Demo        *d,
          const char  *relative,
          const void  *data,
          gsize        len,
          const char  *date,    /* "2019-03-12 18:30", China time */
          GError     **error)
{
  g_autofree char *path = g_build_filename (d->root, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) when = NULL;
  int year = 2019, month = 6, day = 30, hour = 10, minute = 0;

  if (g_mkdir_with_parents (parent, 0755) < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (parent);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents (path, data, (gssize) len, error))
    return FALSE;

  /* The files keep the dates they had on the old PC; a demo that cannot
   * set them is still a demo. */
  if (date != NULL)
    sscanf (date, "%d-%d-%d %d:%d", &year, &month, &day, &hour, &minute);
  when = g_date_time_new (tz, year, month, day, hour, minute, 0);
  if (when != NULL)
    {
      struct utimbuf times;

      times.actime = times.modtime = (time_t) g_date_time_to_unix (when);
      g_utime (path, &times);
    }
  return TRUE;
}

static gboolean
put_string (Demo        *d,
            const char  *relative,
            GString     *text,
            const char  *date,
            GError     **error)
{
  return put_file (d, relative, text->str, text->len, date, error);
}

/* @text (UTF-8) as GBK, as Chinese Windows writes it; the result is as long
 * as *@len says. GB18030 is GBK for every character the demo uses. */
static char *
to_gbk (const char  *text,
        gssize       text_len,
        gsize       *len,
        GError     **error)
{
  return g_convert (text, text_len, "GB18030", "UTF-8", NULL, len, error);
}

static gboolean
put_gbk (Demo        *d,
         const char  *relative,
         GString     *text,
         const char  *date,
         GError     **error)
{
  gsize len = 0;
  g_autofree char *gbk = to_gbk (text->str, (gssize) text->len, &len, error);

  return gbk != NULL && put_file (d, relative, gbk, len, date, error);
}

/* -- archives, with libarchive -------------------------------------------- */

static la_ssize_t
on_archive_write (struct archive *archive,
                  void           *user_data,
                  const void     *buffer,
                  size_t          length)
{
  g_byte_array_append (user_data, buffer, (guint) length);
  return (la_ssize_t) length;
}

static gboolean
archive_failed (struct archive  *a,
                GError         **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write an archive: %s"),
               archive_error_string (a) != NULL ? archive_error_string (a) : "?");
  archive_write_free (a);
  return FALSE;
}

/* @format: "zip", "ustar" or "7zip"; @filter: "gzip", "xz" or NULL. */
static struct archive *
archive_begin (GByteArray  *out,
               const char  *format,
               const char  *filter,
               GError     **error)
{
  struct archive *a = archive_write_new ();

  if (archive_write_set_format_by_name (a, format) != ARCHIVE_OK ||
      (filter != NULL && archive_write_add_filter_by_name (a, filter) != ARCHIVE_OK) ||
      archive_write_set_bytes_in_last_block (a, 1) != ARCHIVE_OK)
    {
      archive_failed (a, error);
      return NULL;
    }
  /* gzip records the time of writing unless told not to; a small
   * dictionary is plenty for files this size. */
  if (g_strcmp0 (filter, "gzip") == 0)
    archive_write_set_filter_option (a, "gzip", "timestamp", NULL);
  if (g_strcmp0 (filter, "xz") == 0)
    archive_write_set_filter_option (a, "xz", "compression-level", "1");
  if (g_strcmp0 (format, "7zip") == 0)
    archive_write_set_format_option (a, "7zip", "compression-level", "1");

  if (archive_write_open2 (a, out, NULL, on_archive_write, NULL, NULL) != ARCHIVE_OK)
    {
      archive_failed (a, error);
      return NULL;
    }
  return a;
}

/* @stored: a zip member written without compression (ODF's mimetype). */
static gboolean
archive_add (struct archive  *a,
             const char      *name,
             const void      *data,
             gsize            len,
             gboolean         stored,
             GError         **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gboolean ok;

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) len);
  archive_entry_set_mtime (entry, MEMBER_MTIME, 0);
  if (archive_format (a) == ARCHIVE_FORMAT_ZIP)
    {
      if (stored)
        archive_write_zip_set_compression_store (a);
      else
        archive_write_zip_set_compression_deflate (a);
    }
  ok = archive_write_header (a, entry) == ARCHIVE_OK &&
       (len == 0 || archive_write_data (a, data, len) == (la_ssize_t) len);
  archive_entry_free (entry);
  if (!ok)
    return archive_failed (a, error);
  return TRUE;
}

static gboolean
archive_add_string (struct archive  *a,
                    const char      *name,
                    const char      *text,
                    GError         **error)
{
  return archive_add (a, name, text, strlen (text), FALSE, error);
}

static guint32
get_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static void
set_le16 (guint8 *p,
          guint   value)
{
  p[0] = (guint8) (value & 0xff);
  p[1] = (guint8) (value >> 8);
}

/* libarchive marks a name that is not ASCII as UTF-8 when the locale is
 * UTF-8, and writes the DOS time of every member in the local time zone.
 * A zip made on Chinese Windows has GBK names and no UTF-8 flag, and the
 * demo must be the same bytes wherever it is made: both are set here, in
 * the local headers and in the central directory. */
static void
zip_fix_headers (GByteArray *zip)
{
  guint8 *d = zip->data;
  gsize len = zip->len;
  gsize eocd, cd;
  guint n;

  if (len < 22)
    return;
  eocd = len - 22;
  if (memcmp (d + eocd, "PK\5\6", 4) != 0)
    return;
  n = (guint) d[eocd + 10] | (guint) d[eocd + 11] << 8;
  cd = get_le32 (d + eocd + 16);

  for (guint i = 0; i < n; i++)
    {
      gsize local;

      if (cd + 46 > len || memcmp (d + cd, "PK\1\2", 4) != 0)
        return;
      d[cd + 9] &= (guint8) ~0x08;   /* bit 11 of the flags */
      set_le16 (d + cd + 12, DOS_TIME);
      set_le16 (d + cd + 14, DOS_DATE);
      local = get_le32 (d + cd + 42);
      if (local + 30 <= len && memcmp (d + local, "PK\3\4", 4) == 0)
        {
          d[local + 7] &= (guint8) ~0x08;
          set_le16 (d + local + 10, DOS_TIME);
          set_le16 (d + local + 12, DOS_DATE);
        }
      cd += 46 + ((gsize) d[cd + 28] | (gsize) d[cd + 29] << 8) +
            ((gsize) d[cd + 30] | (gsize) d[cd + 31] << 8) +
            ((gsize) d[cd + 32] | (gsize) d[cd + 33] << 8);
    }
}

static gboolean
archive_end (struct archive  *a,
             GByteArray      *out,
             GError         **error)
{
  gboolean zip = archive_format (a) == ARCHIVE_FORMAT_ZIP;

  if (archive_write_close (a) != ARCHIVE_OK)
    return archive_failed (a, error);
  archive_write_free (a);
  if (zip)
    zip_fix_headers (out);
  return TRUE;
}

typedef struct
{
  const char *name;
  const char *text;
} Part;

/* A zip of XML parts: an Office or OpenDocument file. An ODF document
 * starts with its media type, stored. */
static GByteArray *
make_package (const char  *odf_mimetype,
              const Part  *parts,
              guint        n_parts,
              GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  struct archive *a = archive_begin (out, "zip", NULL, error);

  if (a == NULL)
    return NULL;
  if (odf_mimetype != NULL &&
      !archive_add (a, "mimetype", odf_mimetype, strlen (odf_mimetype), TRUE, error))
    return NULL;
  for (guint i = 0; i < n_parts; i++)
    if (!archive_add_string (a, parts[i].name, parts[i].text, error))
      return NULL;
  if (!archive_end (a, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

static gboolean
put_bytes (Demo        *d,
           const char  *relative,
           GByteArray  *bytes,
           const char  *date,
           GError     **error)
{
  return bytes != NULL && put_file (d, relative, bytes->data, bytes->len, date, error);
}

/* Text for XML character data and attribute values. */
static char *
xml (const char *text)
{
  return g_markup_escape_text (text, -1);
}

/* -- 前台电脑2018: the front-desk PC of the Xuhui store -------------------------- */

static gboolean
write_member_form (Demo    *d,
                   GError **error)
{
  g_autoptr(GString) csv = g_string_new ("会员卡号,姓名,性别,手机号码,身份证号,生日,办卡门店,办卡日期,积分,备注\r\n");
  guint with_id = 0, without_id = 0, walk_in = 0;

  /* 200 forms: nine in ten of registry members (five in six of those with
   * their ID card), one in ten of guests who were never entered. */
  for (guint row = 0; row < 200; row++)
    {
      g_autofree char *card = g_strdup_printf ("VIP18%04u", row + 1);
      g_autofree char *date = g_strdup_printf ("2018-%02u-%02u", row / 17 + 1, row % 28 + 1);
      guint points = (guint) g_rand_int_range (d->rand, 0, 300) * 50;
      g_autofree char *owned_mobile = NULL;
      g_autofree char *owned_id = NULL;
      g_autofree char *birth = NULL;
      const char *name, *mobile, *id = NULL;
      const char *note = "";
      const char *quote;
      gboolean male;

      if (row % 10 == 9)
        {
          name = walk_in_names[walk_in % G_N_ELEMENTS (walk_in_names)];
          mobile = owned_mobile = make_mobile (d->rand);
          switch (walk_in++)
            {
            case 2:
              note = "外籍会员，护照号码E61205837";
              break;
            case 7:
              note = "香港会员，回乡证H10382945";
              break;
            case 12:
              note = "台湾会员，台胞证07365214";
              break;
            default:
              id = owned_id = make_resident_id (d->rand, regions[row % G_N_ELEMENTS (regions)],
                                                1960, 2000);
              note = "未录入系统";
              break;
            }
        }
      else
        {
          CdCustomer *c;

          if (row % 6 == 5)
            c = d->without_id->pdata[without_id++];
          else
            c = d->with_id->pdata[with_id++];
          name = cd_customer_get_name (c);
          mobile = cd_customer_get_phone (c);
          id = cd_customer_get_id_number (c);
          if (cd_customer_get_notes (c) != NULL && row % 4 == 0)
            note = cd_customer_get_notes (c);
        }

      male = id != NULL ? (id[16] - '0') % 2 == 1 : row % 2 == 0;
      birth = id != NULL ? birthday (id) : g_strdup ("");
      /* Excel quotes a field only when it has to. */
      quote = strchr (note, ',') != NULL ? "\"" : "";
      g_string_append_printf (csv, "%s,%s,%s,%s,%s,%s,徐汇衡山路店,%s,%u,%s%s%s\r\n", card, name,
                              male ? "男" : "女", mobile, id != NULL ? id : "", birth, date,
                              points, quote, note, quote);
    }

  return put_gbk (d, "前台电脑2018/会员登记表.csv", csv, "2018-12-28 21:40", error);
}

static gboolean
write_reservations (Demo    *d,
                    GError **error)
{
  static const char * const rooms[] = { "大厅", "包间 1", "包间 3", "靠窗", "包间 VIP" };
  g_autoptr(GString) text = g_string_new ("徐汇衡山路店 订座记录（前台）\n"
                                          "日期        时间   客人      电话                人数  位置      备注\n");

  for (guint i = 0; i < 60; i++)
    {
      CdCustomer *c = d->without_id->pdata[40 + i];
      g_autofree char *who = honorific (c);
      g_autofree char *phone = format_mobile (cd_customer_get_phone (c), i);

      g_string_append_printf (text, "2019-%02u-%02u  %02u:%02u  %s  %s  %u位  %s  订单号 DZ2019%02u%02u%04u\n",
                              i / 6 + 1, i % 28 + 1, 17 + i % 4, (i % 2) * 30, who, phone,
                              2 + i % 7, rooms[i % G_N_ELEMENTS (rooms)], i / 6 + 1, i % 28 + 1, i + 1);

      /* What else the book holds: none of it is a person's number. */
      switch (i)
        {
        case 7:
          g_string_append (text, "    已付定金 ¥500.00，支付流水 4200000312201903126543210987\n");
          break;
        case 19:
          g_string_append (text, "    美团预订 ORD-2019-13812345678，到店核销\n");
          break;
        case 33:
          g_string_append (text, "    取餐流水 310106201903120017，时间戳 1552386600\n");
          break;
        case 48:
          g_string_append (text, "    会员折扣后 1388.50 元，发票已开\n");
          break;
        default:
          break;
        }
    }

  /* Two companies booking their year-end dinners. */
  for (guint i = 0; i < 2; i++)
    {
      CdCustomer *c = d->companies->pdata[i];

      g_string_append_printf (text, "2019-01-%02u  18:00  %s 年会  联系电话 %s  %u桌  宴会厅  企业团餐协议\n",
                              18 + i * 7, cd_customer_get_name (c), cd_customer_get_phone (c), 6 + i * 4);
    }

  return put_string (d, "前台电脑2018/订座记录.txt", text, "2019-06-02 22:15", error);
}

static gboolean
write_shift_log (Demo    *d,
                 GError **error)
{
  g_autoptr(GString) text = g_string_new ("交班记录本（前台）\r\n");

  for (guint i = 0; i < 5; i++)
    {
      CdCustomer *c = d->with_id->pdata[300 + i];
      g_autofree char *who = honorific (c);

      g_string_append_printf (text, "2019-0%u-%02u 晚班：%s预订明天中午 %u 位，回电 %s。收银机流水 0012345678901 已交财务。\r\n",
                              i + 2, 3 + i * 5, who, 4 + i, cd_customer_get_phone (c));
      if (i == 3)
        g_string_append_printf (text, "    %s把身份证忘在前台，号码 %s，已电话通知，放保险柜。\r\n",
                                who, cd_customer_get_id_number (c));
    }
  g_string_append (text, "注意：Wi-Fi 密码改为 88886666，不要告诉客人。\r\n");

  return put_gbk (d, "前台电脑2018/交班记录.txt", text, "2019-05-20 23:05", error);
}

static gboolean
write_till_manual (Demo    *d,
                   GError **error)
{
  g_autoptr(GString) text = g_string_new (
    "收银系统操作说明 v2.3.1\n"
    "\n"
    "1. 开机后输入工号（4 位）和密码登录。\n"
    "2. 会员结账：扫描会员码或输入会员卡号（VIP 开头），系统自动打折。\n"
    "3. 银行卡刷卡后小票只显示卡号后四位，例如 6222****1234。\n"
    "4. 发票：开票系统版本 2019.06.01，纸质发票号码 No. 04378219。\n"
    "5. 系统故障请拨打厂商服务热线 400-820-8820，银行客服 95588。\n"
    "6. 每日 23:00 自动备份到 D:\\备份\\pos_20190630.bak。\n");

  return put_string (d, "前台电脑2018/收银操作说明.txt", text, "2018-03-01 09:00", error);
}

/* -- 微信导出: a WeChat group exported to HTML ------------------------------ */

static void
append_message (GString    *html,
                const char *nick,
                const char *time_text,
                const char *text)
{
  g_string_append_printf (html, "<div class=\"msg\"><span class=\"nick\">%s</span> "
                          "<span class=\"time\">%s</span>\n<div class=\"content\">%s</div></div>\n",
                          nick, time_text, text);
}

static gboolean
write_wechat (Demo    *d,
              GError **error)
{
  g_autoptr(GString) html = g_string_new (
    "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"gbk\">\n"
    "<title>与“门店店长群”的聊天记录</title>\n"
    "<style>.msg{margin:8px 0}.nick{color:#576b95}.time{color:#b2b2b2;font-size:12px}"
    ".content{padding:6px 10px;background:#fff;border-radius:4px}</style>\n"
    "</head>\n<body>\n<div class=\"title\">门店店长群（12 人） 导出时间 2019-06-28 20:14:09</div>\n");
  CdCustomer *c[8];
  CdCustomer *invoice = with_email_and_id (d, 100);
  g_autofree char *who0 = NULL, *who1 = NULL, *who2 = NULL, *who4 = NULL, *who6 = NULL;
  g_autofree char *spaced = NULL, *plus = NULL, *dashed = NULL, *entity = NULL;
  g_autofree char *text = NULL;
  const char *m2;

  for (guint i = 0; i < 8; i++)
    c[i] = d->without_id->pdata[100 + i];
  who0 = honorific (c[0]);
  who1 = honorific (c[1]);
  who2 = honorific (c[2]);
  who4 = honorific (invoice);
  who6 = honorific (c[6]);
  spaced = format_mobile (cd_customer_get_phone (c[0]), 1);
  plus = format_mobile (cd_customer_get_phone (c[3]), 3);
  dashed = format_mobile (cd_customer_get_phone (c[5]), 2);
  /* The exporter wrote the start of this number as character references,
   * as some do for anything that looks like a link. */
  m2 = cd_customer_get_phone (c[2]);
  entity = g_strdup_printf ("&#%d;&#%d;&#%d;%s", m2[0], m2[1], m2[2], m2 + 3);

#define MESSAGE(nick, time_text, ...) G_STMT_START { \
    text = g_strdup_printf (__VA_ARGS__); \
    append_message (html, nick, time_text, text); \
    g_clear_pointer (&text, g_free); \
  } G_STMT_END

  MESSAGE ("店长 刘建国", "2019-05-06 10:21:33", "今晚 18:30 %s订了 3 号包间，电话 %s，生日宴，蛋糕自带。",
           who0, spaced);
  MESSAGE ("店长 孙丽", "2019-05-06 10:25:02", "收到。%s来电改到周六，新号码 %s（原来那个停机了）",
           who1, cd_customer_get_phone (c[1]));
  MESSAGE ("店长 黄志强", "2019-05-06 11:02:47", "@刘建国 上周投诉外卖的%s，手机 %s，让客服今天回个电话",
           who2, entity);
  MESSAGE ("店长 周敏", "2019-05-07 09:13:20", "%s", "[图片]");
  MESSAGE ("店长 周敏", "2019-05-07 09:13:41", "储值卡退款的客人，联系方式 %s，已经登记了", plus);
  MESSAGE ("客服 郭婷", "2019-05-07 14:30:05", "%s要电子发票，邮箱 %s，身份证号 %s，抬头写个人",
           who4, cd_customer_get_email (invoice), cd_customer_get_id_number (invoice));
  MESSAGE ("店长 何佳", "2019-05-08 20:48:16", "今天营业额 13,862.50 元，订单号 ORD-2019-0508-%s 这单退了",
           cd_customer_get_phone (c[5]));
  MESSAGE ("店长 何佳", "2019-05-08 20:49:02", "顺便说一下，退单客人电话 %s", dashed);
  MESSAGE ("店长 郑浩", "2019-05-10 12:00:31", "%s的会员卡丢了，补办用新手机号 %s",
           who6, cd_customer_get_phone (c[6]));
  MESSAGE ("店长 郑浩", "2019-05-10 12:01:10", "%s", "[语音] 12&quot;");
  MESSAGE ("陈立华", "2019-06-20 09:00:00", "%s",
           "各位店长，公司准备清算注销，会员资料不要再外传，有事直接打我电话 13601710001");
  MESSAGE ("店长 孙丽", "2019-06-20 09:05:44", "好的。还有一位老会员要退卡，%s，明天来店",
           cd_customer_get_phone (c[7]));
#undef MESSAGE

  g_string_append (html, "</body>\n</html>\n");
  return put_gbk (d, "微信导出/店长群聊天记录.html", html, "2019-06-28 20:14", error);
}

/* -- 合同: contracts ---------------------------------------------------------- */

#define OOXML_RELS \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"%s\"/>" \
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>" \
  "</Relationships>"

static char *
core_properties (const char *title,
                 const char *creator,
                 const char *modified_by,
                 const char *date)
{
  g_autofree char *t = xml (title);
  g_autofree char *c = xml (creator);
  g_autofree char *m = xml (modified_by);

  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    "<dc:title>%s</dc:title><dc:creator>%s</dc:creator><cp:lastModifiedBy>%s</cp:lastModifiedBy>"
    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>"
    "</cp:coreProperties>", t, c, m, date, date);
}

static void
docx_paragraph (GString    *body,
                const char *text)
{
  g_autofree char *escaped = xml (text);

  g_string_append_printf (body, "<w:p><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>", escaped);
}

static GByteArray *
make_docx (const char  *title,
           const char  *author,
           GString     *body,
           GError     **error)
{
  g_autofree char *rels = g_strdup_printf (OOXML_RELS, "word/document.xml");
  g_autofree char *core = core_properties (title, author, "刘建国", "2018-01-05T09:30:00Z");
  g_autofree char *document = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:body>%s<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>",
    body->str);
  const Part parts[] = {
    { "[Content_Types].xml",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
      "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
      "</Types>" },
    { "_rels/.rels", rels },
    { "word/document.xml", document },
    { "docProps/core.xml", core },
  };

  return make_package (NULL, parts, G_N_ELEMENTS (parts), error);
}

static gboolean
write_lease (Demo    *d,
             GError **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *landlord_id = make_resident_id (d->rand, "310104", 1958, 1968);
  g_autofree char *landlord_mobile = make_mobile (d->rand);
  g_autofree char *account = make_card (d->rand);
  g_autofree char *grouped = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GByteArray) docx = NULL;

  docx_paragraph (body, "门店租赁合同");
  docx_paragraph (body, "合同编号：ZL-2018-0012");
  /* Word splits text into runs wherever the formatting or the spelling
   * check changes: the ID number lies in three runs. */
  g_string_append_printf (body,
                          "<w:p><w:r><w:t xml:space=\"preserve\">出租方（甲方）：顾明华    身份证号：</w:t></w:r>"
                          "<w:r><w:t>%.6s</w:t></w:r>"
                          "<w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:b/></w:rPr><w:t>%.8s</w:t></w:r>"
                          "<w:proofErr w:type=\"spellEnd\"/><w:r><w:t>%s</w:t></w:r></w:p>",
                          landlord_id, landlord_id + 6, landlord_id + 14);
  line = g_strdup_printf ("联系电话：%s", landlord_mobile);
  docx_paragraph (body, line);
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("承租方（乙方）：示例餐饮管理有限公司    统一社会信用代码：%s", d->uscc);
  docx_paragraph (body, line);
  g_clear_pointer (&line, g_free);
  docx_paragraph (body, "第一条 租赁物业：上海市徐汇区衡山路 88 号 1-2 层，建筑面积 320 平方米，用于餐饮经营。");
  docx_paragraph (body, "第二条 租期：自 2018 年 1 月 1 日起至 2022 年 12 月 31 日止。");
  docx_paragraph (body, "第三条 租金：每月人民币 68,000 元，乙方于每月 5 日前支付至甲方下列账户。");
  grouped = g_strdup_printf ("%.4s %.4s %.4s %.4s %s", account, account + 4, account + 8,
                             account + 12, account + 16);
  line = g_strdup_printf ("甲方收款账户：中国建设银行上海衡山路支行  账号：%s", grouped);
  docx_paragraph (body, line);
  docx_paragraph (body, "第四条 押金：三个月租金，合计人民币 204,000 元。");
  docx_paragraph (body, "甲方（签字）：              乙方（盖章）：");
  docx_paragraph (body, "签订日期：2017 年 12 月 20 日");

  docx = make_docx ("门店租赁合同", "zhou.lvshi@example-law.cn", body, error);
  return put_bytes (d, "合同/门店租赁合同.docx", docx, "2018-01-05 09:30", error);
}

static gboolean
write_damaged_contract (Demo    *d,
                        GError **error)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GByteArray) docx = NULL;

  docx_paragraph (body, "加盟合作协议");
  for (guint i = 0; i < 40; i++)
    docx_paragraph (body, "第十二条 加盟商应按总部标准采购原料，不得擅自更换供应商。违约的，总部有权解除本协议。");
  docx_paragraph (body, "加盟商负责人：尹志强  联系电话：13917206645");

  docx = make_docx ("加盟合作协议", "刘建国", body, error);
  if (docx == NULL)
    return FALSE;
  /* The copy on the shared drive broke off in the middle: half of it, no
   * central directory. */
  g_byte_array_set_size (docx, docx->len / 2);
  return put_bytes (d, "合同/加盟协议-损坏.docx", docx, "2018-07-11 16:20", error);
}

/* -- 财务 and 人事: payroll and staff ----------------------------------------- */

static gboolean
write_payroll (Demo    *d,
               GError **error)
{
  static const char * const headers[] = { "序号", "姓名", "部门", "身份证号", "工资卡号", "手机", "应发工资", "实发工资" };
  g_autoptr(GString) strings = g_string_new (NULL);
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GByteArray) xlsx = NULL;
  g_autofree char *rels = g_strdup_printf (OOXML_RELS, "xl/workbook.xml");
  g_autofree char *core = core_properties ("2019年6月工资表", "吴秀英", "吴秀英", "2019-07-05T17:00:00Z");
  g_autofree char *shared = NULL;
  g_autofree char *sheet = NULL;
  guint n_strings = 0;
  const char *columns = "ABCDEFGH";

#define SHARED(text) G_STMT_START { \
    g_autofree char *escaped_ = xml (text); \
    g_string_append_printf (strings, "<si><t>%s</t></si>", escaped_); \
    n_strings++; \
  } G_STMT_END

  g_string_append (rows, "<row r=\"1\">");
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_string_append_printf (rows, "<c r=\"%c1\" t=\"s\"><v>%u</v></c>", columns[i], n_strings);
      SHARED (headers[i]);
    }
  g_string_append (rows, "</row>");

  for (guint i = 0; i < N_STAFF; i++)
    {
      const Staff *s = &d->staff[i];
      guint r = i + 2;

      g_string_append_printf (rows, "<row r=\"%u\"><c r=\"A%u\"><v>%u</v></c>", r, r, i + 1);
      g_string_append_printf (rows, "<c r=\"B%u\" t=\"s\"><v>%u</v></c>", r, n_strings);
      SHARED (s->name);
      g_string_append_printf (rows, "<c r=\"C%u\" t=\"s\"><v>%u</v></c>", r, n_strings);
      SHARED (s->dept);
      /* Long numbers are typed as text, or Excel rounds them. */
      g_string_append_printf (rows, "<c r=\"D%u\" t=\"s\"><v>%u</v></c>", r, n_strings);
      SHARED (s->id);
      g_string_append_printf (rows, "<c r=\"E%u\" t=\"s\"><v>%u</v></c>", r, n_strings);
      SHARED (s->card);
      /* A mobile number fits in a number cell. */
      g_string_append_printf (rows, "<c r=\"F%u\"><v>%s</v></c>", r, s->mobile);
      g_string_append_printf (rows, "<c r=\"G%u\"><v>%u</v></c><c r=\"H%u\"><v>%.2f</v></c></row>",
                              r, s->salary, r, s->salary * 0.835);
    }
#undef SHARED

  shared = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                            "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                            "count=\"%u\" uniqueCount=\"%u\">%s</sst>", n_strings, n_strings, strings->str);
  sheet = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                           "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                           "<sheetData>%s</sheetData></worksheet>", rows->str);
  {
    const Part parts[] = {
      { "[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "</Types>" },
      { "_rels/.rels", rels },
      { "xl/workbook.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<sheets><sheet name=\"2019年6月\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" },
      { "xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        "</Relationships>" },
      { "xl/worksheets/sheet1.xml", sheet },
      { "xl/sharedStrings.xml", shared },
      { "docProps/core.xml", core },
    };

    xlsx = make_package (NULL, parts, G_N_ELEMENTS (parts), error);
  }
  return put_bytes (d, "财务/2019工资表.xlsx", xlsx, "2019-07-05 17:00", error);
}

#define ODF_MANIFEST \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">" \
  "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"%s\"/>" \
  "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>" \
  "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>" \
  "</manifest:manifest>"

#define ODF_NAMESPACES \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" " \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\""

static GByteArray *
make_odf (const char  *mimetype,
          const char  *body,      /* inside office:body */
          const char  *creator,
          GError     **error)
{
  g_autofree char *manifest = g_strdup_printf (ODF_MANIFEST, mimetype);
  g_autofree char *content = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                              "<office:document-content " ODF_NAMESPACES ">"
                                              "<office:body>%s</office:body></office:document-content>",
                                              body);
  g_autofree char *meta = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                           "<office:document-meta " ODF_NAMESPACES "><office:meta>"
                                           "<meta:generator>LibreOffice/6.0</meta:generator>"
                                           "<dc:creator>%s</dc:creator><dc:date>2019-03-01T10:00:00</dc:date>"
                                           "</office:meta></office:document-meta>", creator);
  const Part parts[] = {
    { "META-INF/manifest.xml", manifest },
    { "content.xml", content },
    { "meta.xml", meta },
  };

  return make_package (mimetype, parts, G_N_ELEMENTS (parts), error);
}

static void
ods_cell (GString    *row,
          const char *text)
{
  g_autofree char *escaped = xml (text != NULL ? text : "");

  if (text == NULL || *text == '\0')
    g_string_append (row, "<table:table-cell/>");
  else
    g_string_append_printf (row, "<table:table-cell office:value-type=\"string\"><text:p>%s</text:p></table:table-cell>",
                            escaped);
}

static gboolean
write_staff_roster (Demo    *d,
                    GError **error)
{
  static const char * const headers[] = { "工号", "姓名", "部门", "岗位", "手机", "身份证号", "入职日期", "个人邮箱" };
  g_autoptr(GString) body = g_string_new ("<office:spreadsheet><table:table table:name=\"花名册\">");
  g_autoptr(GByteArray) ods = NULL;

  g_string_append (body, "<table:table-row>");
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    ods_cell (body, headers[i]);
  g_string_append (body, "</table:table-row>");

  for (guint i = 0; i < N_STAFF; i++)
    {
      const Staff *s = &d->staff[i];
      g_autofree char *number = g_strdup_printf ("SL%03u", i + 1);
      g_autofree char *joined = g_strdup_printf ("20%02u-%02u-01", 12 + i % 6, 1 + i % 12);

      g_string_append (body, "<table:table-row>");
      ods_cell (body, number);
      ods_cell (body, s->name);
      ods_cell (body, s->dept);
      ods_cell (body, s->role);
      ods_cell (body, s->mobile);
      ods_cell (body, s->id);
      ods_cell (body, joined);
      ods_cell (body, s->email);
      g_string_append (body, "</table:table-row>");
    }
  g_string_append (body, "</table:table></office:spreadsheet>");

  ods = make_odf ("application/vnd.oasis.opendocument.spreadsheet", body->str, "孙倩", error);
  return put_bytes (d, "人事/员工花名册.ods", ods, "2019-03-01 10:00", error);
}

static gboolean
write_leaving_certificate (Demo    *d,
                           GError **error)
{
  const Staff *s = &d->staff[6];
  g_autofree char *body = g_strdup_printf (
    "<office:text>"
    "<text:h text:outline-level=\"1\">离职证明</text:h>"
    "<text:p>兹证明%s（身份证号：%s）自 2015 年 3 月 1 日至 2019 年 6 月 30 日在我公司%s担任%s，"
    "因公司清算注销解除劳动合同，双方无劳动纠纷。</text:p>"
    "<text:p>特此证明。</text:p>"
    "<text:p>示例餐饮管理有限公司（统一社会信用代码：%s）</text:p>"
    "<text:p>2019 年 6 月 30 日</text:p>"
    "</office:text>", s->name, s->id, s->dept, s->role, d->uscc);
  g_autoptr(GByteArray) odt = make_odf ("application/vnd.oasis.opendocument.text", body, "孙倩", error);

  return put_bytes (d, "人事/离职证明-郭婷.odt", odt, "2019-06-30 15:00", error);
}

static gboolean
write_training (Demo    *d,
                GError **error)
{
  CdCustomer *c = d->with_id->pdata[400];
  g_autofree char *who = honorific (c);
  g_autofree char *case_text = NULL;
  g_autofree char *slide2 = NULL;
  g_autofree char *rels = g_strdup_printf (OOXML_RELS, "ppt/presentation.xml");
  g_autofree char *core = core_properties ("服务规范培训", "郭婷", "郭婷", "2019-02-20T14:00:00Z");
  g_autoptr(GByteArray) pptx = NULL;

#define SLIDE(text) \
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
  "<p:sld xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" " \
  "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\">" \
  "<p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/>" text "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"

  /* The case study on the slide is a real complaint, number and all. */
  case_text = g_markup_printf_escaped ("案例：%s（会员，手机 %s）反映菜品有异物，店长当场致歉并免单。", who,
                                       cd_customer_get_phone (c));
  slide2 = g_strdup_printf (SLIDE ("<a:p><a:r><a:t>客诉处理案例</a:t></a:r></a:p><a:p><a:r><a:t>%s</a:t></a:r></a:p>"
                                   "<a:p><a:r><a:t>会员号 VIP180123，处理时间 2019-01-12 19:40</a:t></a:r></a:p>"),
                            case_text);
  {
    const Part parts[] = {
      { "[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/ppt/presentation.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml\"/>"
        "<Override PartName=\"/ppt/slides/slide1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>"
        "<Override PartName=\"/ppt/slides/slide2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>"
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "</Types>" },
      { "_rels/.rels", rels },
      { "ppt/presentation.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/><p:sldId id=\"257\" r:id=\"rId2\"/></p:sldIdLst>"
        "<p:sldSz cx=\"9144000\" cy=\"6858000\"/></p:presentation>" },
      { "ppt/_rels/presentation.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide\" Target=\"slides/slide1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide\" Target=\"slides/slide2.xml\"/>"
        "</Relationships>" },
      { "ppt/slides/slide1.xml",
        SLIDE ("<a:p><a:r><a:t>前厅服务规范培训</a:t></a:r></a:p>"
               "<a:p><a:r><a:t>客服部 2019 年 2 月 版本 3.2</a:t></a:r></a:p>") },
      { "ppt/slides/slide2.xml", slide2 },
      { "docProps/core.xml", core },
    };

    pptx = make_package (NULL, parts, G_N_ELEMENTS (parts), error);
  }
#undef SLIDE
  return put_bytes (d, "培训/服务规范培训.pptx", pptx, "2019-02-20 14:00", error);
}

/* -- 邮件: mail ------------------------------------------------------------------ */

/* Base64 in lines of 76 characters, each ended by @eol. */
static void
append_base64 (GString    *out,
               const void *data,
               gsize       len,
               const char *eol)
{
  g_autofree char *encoded = g_base64_encode (data, len);
  gsize n = strlen (encoded);

  for (gsize i = 0; i < n; i += 76)
    {
      g_string_append_len (out, encoded + i, (gssize) MIN (76, n - i));
      g_string_append (out, eol);
    }
}

/* An RFC 2047 encoded word in GBK, as Foxmail and Outlook write headers. */
static char *
encoded_word (const char  *text,
              GError     **error)
{
  gsize len = 0;
  g_autofree char *gbk = to_gbk (text, -1, &len, error);
  g_autofree char *encoded = NULL;

  if (gbk == NULL)
    return NULL;
  encoded = g_base64_encode ((const guchar *) gbk, len);
  return g_strdup_printf ("=?GBK?B?%s?=", encoded);
}

/* Quoted-printable, soft line breaks wherever a line reaches 76
 * characters, even in the middle of a number. */
static void
append_quoted_printable (GString    *out,
                         const char *text)
{
  guint column = 0;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      char encoded[4];
      guint width;

      if (*p == '\n')
        {
          g_string_append_c (out, '\n');
          column = 0;
          continue;
        }
      if ((*p >= 33 && *p <= 126 && *p != '=') || *p == ' ')
        {
          encoded[0] = (char) *p;
          encoded[1] = '\0';
        }
      else
        g_snprintf (encoded, sizeof encoded, "=%02X", *p);
      width = (guint) strlen (encoded);
      if (column + width > 75)
        {
          g_string_append (out, "=\n");
          column = 0;
        }
      g_string_append (out, encoded);
      column += width;
    }
}

static gboolean
write_complaint (Demo    *d,
                 GError **error)
{
  static const char boundary[] = "----=_NextPart_000_0012_01D4D8A1.5C3E2F10";
  CdCustomer *c = d->with_email->pdata[10];
  g_autofree char *who = honorific (c);
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *attachment_name = NULL;
  g_autofree char *body = NULL;
  g_autofree char *body_gbk = NULL;
  g_autofree char *csv_gbk = NULL;
  g_autoptr(GString) csv = g_string_new ("姓名,手机,消费金额,退款金额\r\n");
  g_autoptr(GString) mail = g_string_new (NULL);
  gsize body_len = 0, csv_len = 0;

  from_name = encoded_word (cd_customer_get_name (c), error);
  to_name = from_name != NULL ? encoded_word ("示例餐饮客服部", error) : NULL;
  subject = to_name != NULL ? encoded_word ("投诉：3月10日徐汇衡山路店用餐问题，要求退款", error) : NULL;
  attachment_name = subject != NULL ? encoded_word ("退款明细.csv", error) : NULL;
  if (attachment_name == NULL)
    return FALSE;

  body = g_strdup_printf ("你好：\r\n\r\n"
                          "我是你们徐汇衡山路店的会员%s，手机 %s。3月10日晚在店里用餐，"
                          "订单号 20190310193012345，菜里吃出了异物，当时店员只说会反馈。\r\n"
                          "请在一周内联系我处理退款，一起用餐的朋友的退款明细见附件。\r\n\r\n"
                          "%s\r\n2019年3月12日\r\n",
                          cd_customer_get_name (c), cd_customer_get_phone (c), who);
  body_gbk = to_gbk (body, -1, &body_len, error);
  if (body_gbk == NULL)
    return FALSE;

  g_string_append_printf (csv, "%s,%s,386.00,386.00\r\n", cd_customer_get_name (c), cd_customer_get_phone (c));
  for (guint i = 0; i < 2; i++)
    {
      CdCustomer *friend = d->without_id->pdata[200 + i];

      g_string_append_printf (csv, "%s,%s,%u.00,%u.00\r\n", cd_customer_get_name (friend),
                              cd_customer_get_phone (friend), 120 + i * 38, 120 + i * 38);
    }
  csv_gbk = to_gbk (csv->str, (gssize) csv->len, &csv_len, error);
  if (csv_gbk == NULL)
    return FALSE;

  g_string_append_printf (mail,
                          "Return-Path: <%s>\r\n"
                          "Received: from [192.168.1.23] (unknown [101.88.12.40])\r\n"
                          "\tby mx.example-canyin.cn with ESMTPA id 4A1B2C3D5E;\r\n"
                          "\tTue, 12 Mar 2019 10:30:47 +0800\r\n"
                          "From: \"%s\" <%s>\r\n"
                          "To: \"%s\" <service@example-canyin.cn>\r\n"
                          "Subject: %s\r\n"
                          "Date: Tue, 12 Mar 2019 10:30:45 +0800\r\n"
                          "Message-ID: <20190312103045.4A1B2C3D5E@mail.example.com>\r\n"
                          "X-Mailer: Foxmail 7.2.9.156[cn]\r\n"
                          "MIME-Version: 1.0\r\n"
                          "Content-Type: multipart/mixed;\r\n\tboundary=\"%s\"\r\n"
                          "\r\n"
                          "This is a multi-part message in MIME format.\r\n"
                          "\r\n"
                          "--%s\r\n"
                          "Content-Type: text/plain;\r\n\tcharset=\"gbk\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n"
                          "\r\n",
                          cd_customer_get_email (c), from_name, cd_customer_get_email (c), to_name,
                          subject, boundary, boundary);
  append_base64 (mail, body_gbk, body_len, "\r\n");
  g_string_append_printf (mail,
                          "\r\n--%s\r\n"
                          "Content-Type: application/octet-stream;\r\n\tname=\"%s\"\r\n"
                          "Content-Disposition: attachment;\r\n\tfilename=\"%s\"\r\n"
                          "Content-Transfer-Encoding: base64\r\n"
                          "\r\n",
                          boundary, attachment_name, attachment_name);
  append_base64 (mail, csv_gbk, csv_len, "\r\n");
  g_string_append_printf (mail, "\r\n--%s--\r\n", boundary);

  return put_string (d, "邮件/顾客投诉.eml", mail, "2019-03-12 10:31", error);
}

static gboolean
write_mailbox (Demo    *d,
               GError **error)
{
  CdCustomer *member = d->with_email->pdata[20];
  CdCustomer *company = d->companies->pdata[2];
  CdCustomer *invoice = with_email_and_id (d, 0);
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autofree char *member_name = honorific (member);
  g_autofree char *statement = NULL;
  g_autofree char *request = NULL;
  g_autofree char *request_gbk = NULL;
  g_autofree char *subject = NULL;
  const char *invoice_id;
  gsize request_len = 0;

  /* 1: a newsletter, plain UTF-8. */
  g_string_append_printf (mbox,
                          "From marketing@example-canyin.cn Sun May 12 09:00:00 2019\n"
                          "From: =?UTF-8?B?56S65L6L6aSQ6aWu?= <marketing@example-canyin.cn>\n"
                          "To: %s\n"
                          "Subject: =?UTF-8?B?5Lya5ZGY5pel5rS75Yqo6YCa55+l?=\n"
                          "Date: Sun, 12 May 2019 09:00:00 +0800\n"
                          "Message-ID: <newsletter-20190512-0001@example-canyin.cn>\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: text/plain; charset=UTF-8\n"
                          "Content-Transfer-Encoding: 8bit\n"
                          "\n"
                          "尊敬的会员%s：\n"
                          "5 月 18 日会员日全场 8.8 折，您的专属券码 CP2019051200123，有效期至 2019-05-31。\n"
                          "退订请回复 TD。\n"
                          "\n",
                          cd_customer_get_email (member), member_name);

  /* 2: a company's statement for group meals, quoted-printable; the soft
   * line breaks fall where they fall. */
  statement = g_strdup_printf ("您好：\n"
                               "我司（%s，统一社会信用代码 %s）2019 年 4 月团餐共 22 次，"
                               "合计金额 48,620.00 元，对账无误请回复，我们安排付款。"
                               "如有疑问请致电财务部 %s。\n"
                               "\n"
                               "财务部 出纳\n",
                               cd_customer_get_name (company), cd_customer_get_id_number (company),
                               cd_customer_get_phone (company));
  g_string_append (mbox,
                   "From caiwu@example-corp.cn Thu May 09 15:20:11 2019\n"
                   "From: caiwu@example-corp.cn\n"
                   "To: tuancan@example-canyin.cn\n"
                   "Subject: =?UTF-8?B?NOaciOWboumkkOWvuei0puWNlQ==?=\n"
                   "Date: Thu, 9 May 2019 15:20:11 +0800\n"
                   "Message-ID: <5CD3D5AB.1030507@example-corp.cn>\n"
                   "MIME-Version: 1.0\n"
                   "Content-Type: text/plain; charset=UTF-8\n"
                   "Content-Transfer-Encoding: quoted-printable\n"
                   "\n");
  append_quoted_printable (mbox, statement);
  g_string_append (mbox, "\n");

  /* 3: an invoice request in GBK, base64. */
  invoice_id = cd_customer_get_id_number (invoice);
  request = g_strdup_printf ("您好，麻烦开具 6 月 2 日的餐费发票：\n"
                             "抬头：个人（%s）\n身份证号：%s\n手机：%s\n"
                             "金额：1,280.00 元，小票号 A0602-0087。谢谢！\n",
                             cd_customer_get_name (invoice), invoice_id, cd_customer_get_phone (invoice));
  request_gbk = to_gbk (request, -1, &request_len, error);
  subject = request_gbk != NULL ? encoded_word ("申请开具发票", error) : NULL;
  if (subject == NULL)
    return FALSE;
  g_string_append_printf (mbox,
                          "From %s Mon Jun 03 08:41:27 2019\n"
                          "From: %s\n"
                          "To: service@example-canyin.cn\n"
                          "Subject: %s\n"
                          "Date: Mon, 3 Jun 2019 08:41:27 +0800\n"
                          "Message-ID: <tencent_5A0C6B2E@example.com>\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: text/plain; charset=\"gbk\"\n"
                          "Content-Transfer-Encoding: base64\n"
                          "\n",
                          cd_customer_get_email (invoice), cd_customer_get_email (invoice), subject);
  append_base64 (mbox, request_gbk, request_len, "\n");
  g_string_append (mbox, "\n");

  return put_string (d, "邮件/归档.mbox", mbox, "2019-06-28 18:00", error);
}

/* -- 旧系统导出: the old membership system's backups ------------------------------ */

static GByteArray *
make_members_tar_gz (Demo    *d,
                     GError **error)
{
  static const char * const levels[] = { "normal", "silver", "gold", "diamond" };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GString) csv = g_string_new ("id,name,mobile,email,level,created_at\n");
  struct archive *a;

  for (guint i = 0; i < 30; i++)
    {
      CdCustomer *c = d->with_email->pdata[30 + i];

      g_string_append_printf (csv, "%u,%s,%s,%s,%s,2016-%02u-%02u %02u:%02u:%02u\n", 10021 + i * 7,
                              cd_customer_get_name (c), cd_customer_get_phone (c),
                              cd_customer_get_email (c), levels[i % G_N_ELEMENTS (levels)],
                              1 + i % 12, 1 + i % 28, 9 + i % 12, i % 60, (i * 7) % 60);
    }

  a = archive_begin (out, "ustar", "gzip", error);
  if (a == NULL ||
      !archive_add (a, "export/members_2016.csv", csv->str, csv->len, FALSE, error) ||
      !archive_end (a, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

static gboolean
write_member_backup (Demo    *d,
                     GError **error)
{
  g_autoptr(GByteArray) tgz = make_members_tar_gz (d, error);
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  g_autoptr(GString) old = g_string_new ("姓名,手机,备注\r\n");
  g_autofree char *old_gbk = NULL;
  g_autofree char *old_name = NULL;
  struct archive *a;
  gsize old_len = 0;

  if (tgz == NULL)
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      CdCustomer *c = d->without_id->pdata[300 + i];

      g_string_append_printf (old, "%s,%s,%s\r\n", cd_customer_get_name (c), cd_customer_get_phone (c),
                              i % 3 == 0 ? "老会员" : "");
    }
  old_gbk = to_gbk (old->str, (gssize) old->len, &old_len, error);
  /* Made on Chinese Windows: the member's name is GBK, unmarked. */
  old_name = old_gbk != NULL ? to_gbk ("会员名单-旧.csv", -1, NULL, error) : NULL;
  if (old_name == NULL)
    return FALSE;

  a = archive_begin (zip, "zip", NULL, error);
  if (a == NULL ||
      !archive_add_string (a, "readme.txt", "会员系统导出 v1.2\r\n导出时间 2019-06-30 10:00\r\n", error) ||
      !archive_add (a, "members_2016.tar.gz", tgz->data, tgz->len, TRUE, error) ||
      !archive_add (a, old_name, old_gbk, old_len, FALSE, error) ||
      !archive_end (a, zip, error))
    return FALSE;

  return put_bytes (d, "旧系统导出/会员数据备份.zip", zip, "2019-06-30 10:05", error);
}

static gboolean
write_backup_2017 (Demo    *d,
                   GError **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GString) members = g_string_new ("姓名\t手机\t身份证号\t开卡日期\r\n");
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree gunichar2 *utf16 = NULL;
  g_autoptr(GByteArray) utf16_bytes = g_byte_array_new ();
  glong n_units = 0;
  struct archive *a;

  /* Exported by the Windows tool as "Unicode text": UTF-16LE, a BOM, tabs. */
  for (guint i = 0; i < 20; i++)
    {
      CdCustomer *c = d->with_id->pdata[500 + i];

      g_string_append_printf (members, "%s\t%s\t%s\t2017-%02u-%02u\r\n", cd_customer_get_name (c),
                              cd_customer_get_phone (c), cd_customer_get_id_number (c),
                              1 + i % 12, 1 + i);
    }
  utf16 = g_utf8_to_utf16 (members->str, (glong) members->len, NULL, &n_units, error);
  if (utf16 == NULL)
    return FALSE;
  g_byte_array_append (utf16_bytes, (const guint8 *) "\xff\xfe", 2);
  for (glong i = 0; i < n_units; i++)
    {
      guint8 le[2] = { (guint8) (utf16[i] & 0xff), (guint8) (utf16[i] >> 8) };

      g_byte_array_append (utf16_bytes, le, 2);
    }

  /* The till's log: masked cards and order numbers, and twice a full card
   * number where a debug setting was left on. */
  for (guint i = 0; i < 40; i++)
    {
      g_string_append_printf (log, "2017-08-%02u %02u:%02u:%02u [POS-03] PAY order=2017080%u%02u%02u%02u45%04u "
                              "card=6222****%04u amount=%u.00 ok\n",
                              1 + i % 28, 11 + i % 10, (i * 7) % 60, (i * 13) % 60, 1 + i % 9,
                              11 + i % 10, (i * 7) % 60, (i * 13) % 60, i,
                              (guint) g_rand_int_range (d->rand, 0, 10000),
                              (guint) g_rand_int_range (d->rand, 38, 1200));
      if (i == 11 || i == 29)
        {
          g_autofree char *card = make_card (d->rand);

          g_string_append_printf (log, "2017-08-%02u %02u:%02u:%02u [POS-03] DEBUG track2 pan=%s\n",
                                  1 + i % 28, 11 + i % 10, (i * 7) % 60, (i * 13) % 60, card);
        }
    }

  a = archive_begin (out, "ustar", "xz", error);
  if (a == NULL ||
      !archive_add (a, "2017/members.csv", utf16_bytes->data, utf16_bytes->len, FALSE, error) ||
      !archive_add (a, "2017/pos.log", log->str, log->len, FALSE, error) ||
      !archive_end (a, out, error))
    return FALSE;

  return put_bytes (d, "旧系统导出/2017备份.tar.xz", out, "2018-01-02 09:12", error);
}

static gboolean
write_delivery_orders (Demo    *d,
                       GError **error)
{
  static const char * const roads[] = { "衡山路", "宛平路", "天平路", "建国西路", "永嘉路" };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GString) csv = g_string_new ("订单号,下单时间,收货人,电话,地址,金额\n");
  struct archive *a;

  for (guint i = 0; i < 15; i++)
    {
      CdCustomer *c = d->without_id->pdata[500 + i];
      const char *m = cd_customer_get_phone (c);
      g_autofree char *who = honorific (c);
      g_autofree char *phone = NULL;

      /* The platform masks the numbers of its own orders; orders taken on
       * the phone were typed in whole. */
      if (i % 2 == 0)
        phone = g_strdup (m);
      else
        phone = g_strdup_printf ("%.3s****%s", m, m + 7);
      g_string_append_printf (csv, "2020%02u%02u%02u%02u%06u,2020-%02u-%02u %02u:%02u,%s,%s,上海市徐汇区%s%u号%u室,%u.%02u\n",
                              3 + i % 9, 1 + i, 11 + i % 10, i * 3, 100000 + i * 37,
                              3 + i % 9, 1 + i, 11 + i % 10, i * 3, who, phone,
                              roads[i % G_N_ELEMENTS (roads)], 10 + i * 11, 101 + i * 100,
                              40 + i * 9, (i * 17) % 100);
    }

  a = archive_begin (out, "7zip", NULL, error);
  if (a == NULL ||
      !archive_add (a, "orders_2020.csv", csv->str, csv->len, FALSE, error) ||
      !archive_end (a, out, error))
    return FALSE;

  return put_bytes (d, "旧系统导出/外卖订单2020.7z", out, "2020-12-31 23:10", error);
}

/* -- 扫描件 and 录音: media a person must look at or listen to -------------------- */

static gboolean
write_media (Demo    *d,
             GError **error)
{
  /* A 16×16 red PNG. */
  static const guint8 png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x91, 0x68,
    0x36, 0x00, 0x00, 0x00, 0x16, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38, 0x60, 0x60, 0x40,
    0x12, 0x62, 0x18, 0xd5, 0x30, 0xaa, 0x61, 0xf8, 0x6a, 0x00, 0x00, 0xac, 0xe7, 0x20, 0x10, 0x74,
    0xdf, 0xef, 0xa5, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
  };
  /* The JFIF header of a scan, a comment, and the end of the image. */
  static const guint8 jpeg[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x01, 0x00, 0x96,
    0x00, 0x96, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x13, 'S', 'c', 'a', 'n', ' ', '2', '0', '1', '8',
    '-', '1', '1', '-', '2', '0', ' ', ' ', ' ', 0xff, 0xd9,
  };
  /* An ID3v2.3 tag with a title, then one silent MPEG-1 layer III frame
   * (128 kbit/s, 44.1 kHz: 417 bytes). */
  static const guint8 id3[] = {
    'I', 'D', '3', 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1b,
    'T', 'I', 'T', '2', 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00,
    'c', 'a', 'l', 'l', ' ', '2', '0', '1', '9', '-', '0', '3', '-', '1', '2', ' ',
  };
  g_autoptr(GByteArray) mp3 = g_byte_array_new ();
  guint8 frame[417] = { 0xff, 0xfb, 0x90, 0x64 };

  g_byte_array_append (mp3, id3, sizeof id3);
  g_byte_array_append (mp3, frame, sizeof frame);

  return put_file (d, "扫描件/身份证复印件-01.jpg", jpeg, sizeof jpeg, "2018-11-20 15:02", error) &&
         put_file (d, "扫描件/营业执照.png", png, sizeof png, "2016-04-08 11:30", error) &&
         put_bytes (d, "录音/客服通话0312.mp3", mp3, "2019-03-12 11:47", error);
}

/* -- 报告: a PDF written by hand ------------------------------------------------ */

/* A PDF string literal of ASCII @text. */
static void
append_pdf_string (GString    *out,
                   const char *text)
{
  g_string_append_c (out, '(');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '(' || *p == ')' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, ')');
}

/* A text string in UTF-16BE with its byte order mark, for Chinese. */
static void
append_pdf_utf16 (GString    *out,
                  const char *text)
{
  g_autofree gunichar2 *units = NULL;
  glong n = 0;

  units = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  g_string_append (out, "<FEFF");
  for (glong i = 0; units != NULL && i < n; i++)
    g_string_append_printf (out, "%04X", units[i]);
  g_string_append_c (out, '>');
}

static char *
pdf_page_stream (const char         *heading,
                 const char * const *lines,
                 guint               n_lines)
{
  g_autoptr(GString) s = g_string_new ("BT\n/F1 16 Tf\n72 780 Td\n");

  append_pdf_string (s, heading);
  g_string_append (s, " Tj\nET\nBT\n/F1 11 Tf\n16 TL\n72 740 Td\n");
  for (guint i = 0; i < n_lines; i++)
    {
      append_pdf_string (s, lines[i]);
      g_string_append (s, " Tj\nT*\n");
    }
  g_string_append (s, "ET\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
write_survey (Demo    *d,
              GError **error)
{
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GPtrArray) page1 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) page2 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) info = g_string_new ("<< /Title ");
  g_autoptr(GString) annot = g_string_new ("<< /Type /Annot /Subtype /Text /Rect [520 770 540 790] /T ");
  g_autofree char *stream1 = NULL;
  g_autofree char *stream2 = NULL;
  gsize xref;
  CdCustomer *escalated = d->with_id->pdata[600];
  g_autofree char *note = NULL;

  g_ptr_array_add (page1, g_strdup ("Store: Xuhui Hengshan Road. Survey period 2019-03-01 to 2019-03-31, 212 replies."));
  g_ptr_array_add (page1, g_strdup ("Average score 4.3 / 5. Respondents who asked for a call back:"));
  for (guint i = 0; i < 5; i++)
    {
      CdCustomer *c = d->with_id->pdata[610 + i];

      g_ptr_array_add (page1, g_strdup_printf ("R%02u   mobile %s   score %u/5   order no. 2019031%u0%05u",
                                               i + 1, cd_customer_get_phone (c), 2 + i % 3, i,
                                               1200 + i * 37));
    }
  g_ptr_array_add (page2, g_strdup ("Respondents who want the results by e-mail:"));
  for (guint i = 0; i < 5; i++)
    {
      CdCustomer *c = d->with_email->pdata[200 + i];

      g_ptr_array_add (page2, g_strdup_printf ("R%02u   %s   score %u/5", i + 6, cd_customer_get_email (c),
                                               3 + i % 3));
    }
  g_ptr_array_add (page2, g_strdup ("Survey SV-2019-0415-001, printed 2019-04-15 10:00, page 2 of 2."));
  stream1 = pdf_page_stream ("Member Satisfaction Survey 2019 (1/2)", (const char * const *) page1->pdata,
                             page1->len);
  stream2 = pdf_page_stream ("Member Satisfaction Survey 2019 (2/2)", (const char * const *) page2->pdata,
                             page2->len);

  append_pdf_utf16 (info, "会员满意度调查 2019年3月");
  g_string_append (info, " /Author ");
  append_pdf_string (info, "kefu.guoting@example-canyin.cn");
  g_string_append (info, " /Creator ");
  append_pdf_utf16 (info, "WPS 文字");
  g_string_append (info, " /CreationDate (D:20190415100000+08'00') >>");

  /* A reviewer's sticky note on page 2, with the number of the guest
   * whose complaint went up to head office. */
  append_pdf_utf16 (annot, "郭婷");
  note = g_strdup_printf ("Escalated to head office: guest ID card %s, refund approved.",
                          cd_customer_get_id_number (escalated));
  g_string_append (annot, " /Contents ");
  append_pdf_string (annot, note);
  g_string_append (annot, " /Open false /Name /Comment >>");

  g_ptr_array_add (objects, g_strdup ("<< /Type /Catalog /Pages 2 0 R >>"));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>"));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                      "/Resources << /Font << /F1 7 0 R >> >> /Contents 4 0 R >>"));
  g_ptr_array_add (objects, g_strdup_printf ("<< /Length %" G_GSIZE_FORMAT " >>\nstream\n%sendstream", strlen (stream1), stream1));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                      "/Resources << /Font << /F1 7 0 R >> >> /Contents 6 0 R /Annots [9 0 R] >>"));
  g_ptr_array_add (objects, g_strdup_printf ("<< /Length %" G_GSIZE_FORMAT " >>\nstream\n%sendstream", strlen (stream2), stream2));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
  g_ptr_array_add (objects, g_strdup (info->str));
  g_ptr_array_add (objects, g_strdup (annot->str));

  for (guint i = 0; i < objects->len; i++)
    {
      gsize offset = pdf->len;

      g_array_append_val (offsets, offset);
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, (const char *) objects->pdata[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", objects->len + 1);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R /Info 8 0 R >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          objects->len + 1, xref);

  return put_string (d, "报告/会员满意度调查.pdf", pdf, "2019-04-15 10:00", error);
}

/* -- 销售: contracts printed from Word, drawn with cairo and pango ------------- */

/* A4 in points, the margins of the Chinese office default. */
#define A4_WIDTH    595.28
#define A4_HEIGHT   841.89
#define MARGIN_X    78.0
#define MARGIN_TOP  70.0
#define TEXT_WIDTH  (A4_WIDTH - 2 * MARGIN_X)
#define BODY_SIZE   10.5    /* 五号 */
/* 黑体 throughout, regular and bold: two fonts to embed. Not 宋体 (Noto
 * Serif CJK): cairo 1.16 gives up subsetting its subroutines once a few
 * hundred glyphs are used and embeds over half a megabyte of it. */
#define CJK_FONT    "Noto Sans CJK SC"
#define COMPANY     "示例餐饮管理有限公司"
#define LABEL_SPAN  "<span font_family=\"" CJK_FONT "\" weight=\"bold\">"

typedef struct
{
  PangoFontMap *font_map;
  PangoContext *context;
} Fonts;

static void
fonts_clear (Fonts *f)
{
  g_clear_object (&f->context);
  g_clear_object (&f->font_map);
}

/* A font map of our own: the default one belongs to the thread that first
 * asked for it, and the demo may be written from a worker. */
static void
fonts_init (Fonts    *f,
            gboolean  print)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  f->font_map = pango_cairo_font_map_new ();
  f->context = pango_font_map_create_context (f->font_map);
  pango_cairo_context_set_resolution (f->context, 72.0);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, print ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (f->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (f->context, FALSE);
  pango_context_set_language (f->context, pango_language_from_string ("zh-cn"));
}

/* @markup in @family at @size points; wrapped at @width unless it is 0. */
static PangoLayout *
fonts_layout (Fonts      *f,
              const char *family,
              double      size,
              PangoWeight weight,
              double      width,
              const char *markup)
{
  PangoLayout *layout = pango_layout_new (f->context);
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, family);
  pango_font_description_set_size (desc, (gint) (size * PANGO_SCALE));
  pango_font_description_set_weight (desc, weight);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static cairo_status_t
on_pdf_write (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef struct
{
  Fonts       fonts;
  GByteArray *pdf;
  cairo_t    *cr;
  const char *title;     /* in the running head */
  const char *number;    /* the contract's */
  guint       page;
  guint       n_pages;
  double      y;         /* where the next block goes, from the top */
} Sheet;

static void
sheet_clear (Sheet *s)
{
  g_clear_pointer (&s->cr, cairo_destroy);
  g_clear_pointer (&s->pdf, g_byte_array_unref);
  fonts_clear (&s->fonts);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sheet, sheet_clear)

static void
sheet_begin_page (Sheet *s)
{
  g_autoptr(PangoLayout) head = NULL;
  g_autoptr(PangoLayout) foot = NULL;
  g_autofree char *head_text = g_markup_printf_escaped ("%s · %s", COMPANY, s->title);
  g_autofree char *number_text = g_markup_printf_escaped ("合同编号：%s", s->number);
  g_autofree char *foot_text = g_strdup_printf ("第 %u 页 共 %u 页", s->page + 1, s->n_pages);
  cairo_t *cr = s->cr;

  if (s->page > 0)
    cairo_show_page (cr);

  /* The running head and foot of the company's Word template. */
  head = fonts_layout (&s->fonts, CJK_FONT, 8, PANGO_WEIGHT_NORMAL, 0, head_text);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  cairo_move_to (cr, MARGIN_X, 38);
  pango_cairo_show_layout (cr, head);
  pango_layout_set_markup (head, number_text, -1);
  cairo_move_to (cr, A4_WIDTH - MARGIN_X - layout_width (head), 38);
  pango_cairo_show_layout (cr, head);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN_X, 52);
  cairo_line_to (cr, A4_WIDTH - MARGIN_X, 52);
  cairo_stroke (cr);

  foot = fonts_layout (&s->fonts, CJK_FONT, 9, PANGO_WEIGHT_NORMAL, 0, foot_text);
  cairo_move_to (cr, (A4_WIDTH - layout_width (foot)) / 2, A4_HEIGHT - 44);
  pango_cairo_show_layout (cr, foot);

  cairo_set_source_rgb (cr, 0, 0, 0);
  s->y = MARGIN_TOP;
}

static void
sheet_next_page (Sheet *s)
{
  s->page++;
  sheet_begin_page (s);
}

static void
sheet_skip (Sheet  *s,
            double  points)
{
  s->y += points;
}

/* A block of text at @x (from the margin), @width wide (0: to the right
 * margin); returns its height. */
static double
sheet_show (Sheet      *s,
            double      x,
            double      width,
            const char *family,
            double      size,
            PangoWeight weight,
            const char *markup)
{
  g_autoptr(PangoLayout) layout = NULL;

  layout = fonts_layout (&s->fonts, family, size, weight, width > 0 ? width : TEXT_WIDTH - x, markup);
  pango_layout_set_line_spacing (layout, 1.35f);
  cairo_move_to (s->cr, MARGIN_X + x, s->y);
  pango_cairo_show_layout (s->cr, layout);
  return layout_height (layout);
}

static void
sheet_title (Sheet      *s,
             const char *title)
{
  g_autofree char *markup = g_markup_printf_escaped ("<span letter_spacing=\"6144\">%s</span>", title);
  g_autoptr(PangoLayout) layout = fonts_layout (&s->fonts, CJK_FONT, 20, PANGO_WEIGHT_BOLD, 0, markup);

  cairo_move_to (s->cr, (A4_WIDTH - layout_width (layout)) / 2, s->y);
  pango_cairo_show_layout (s->cr, layout);
  s->y += layout_height (layout) + 14;
}

/* A paragraph of the body, @x from the margin, its first line indented
 * by @first_line; @markup is trusted, values in it escaped. */
static void
sheet_paragraph (Sheet      *s,
                 double      x,
                 double      first_line,
                 const char *markup)
{
  g_autoptr(PangoLayout) layout = fonts_layout (&s->fonts, CJK_FONT, BODY_SIZE, PANGO_WEIGHT_NORMAL,
                                                TEXT_WIDTH - x, markup);

  pango_layout_set_indent (layout, (int) (first_line * PANGO_SCALE));
  pango_layout_set_line_spacing (layout, 1.25f);
  cairo_move_to (s->cr, MARGIN_X + x, s->y);
  pango_cairo_show_layout (s->cr, layout);
  s->y += layout_height (layout) + 5;
}

/* "第一条 宴会信息" */
static void
sheet_clause (Sheet      *s,
              const char *heading)
{
  g_autofree char *markup = g_markup_escape_text (heading, -1);

  s->y += 7;
  s->y += sheet_show (s, 0, 0, CJK_FONT, 11, PANGO_WEIGHT_BOLD, markup) + 4;
}

/* "label：value" lines of the parties, the label in bold. */
static void
sheet_field (Sheet      *s,
             const char *label,
             const char *value)
{
  g_autofree char *markup = g_markup_printf_escaped (LABEL_SPAN "%s：</span>%s", label, value);

  sheet_paragraph (s, 0, 0, markup);
}

/* A ruled table; @cells row by row, plain text. The first row is the
 * header when @header. */
static void
sheet_table (Sheet              *s,
             const double       *widths,
             guint               n_columns,
             const char * const *cells,
             guint               n_cells,
             gboolean            header)
{
  cairo_t *cr = s->cr;
  double total = 0;

  for (guint c = 0; c < n_columns; c++)
    total += widths[c];

  cairo_set_line_width (cr, 0.6);
  for (guint row = 0; row * n_columns < n_cells; row++)
    {
      gboolean bold = header && row == 0;
      g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
      double height = 0, x = MARGIN_X;

      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *markup = g_markup_escape_text (cells[row * n_columns + c], -1);
          PangoLayout *layout = fonts_layout (&s->fonts, CJK_FONT, bold ? 9.5 : 10,
                                              bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                              widths[c] - 10, markup);

          pango_layout_set_line_spacing (layout, 1.3f);
          if (bold || c > 0)
            pango_layout_set_alignment (layout, n_columns > 2 || bold ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
          g_ptr_array_add (layouts, layout);
          height = MAX (height, layout_height (layout));
        }
      height += 9;

      if (bold)
        {
          cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
          cairo_rectangle (cr, MARGIN_X, s->y, total, height);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
        }
      for (guint c = 0; c < n_columns; c++)
        {
          cairo_move_to (cr, x + 5, s->y + 4.5);
          pango_cairo_show_layout (cr, layouts->pdata[c]);
          cairo_rectangle (cr, x, s->y, widths[c], height);
          cairo_stroke (cr);
          x += widths[c];
        }
      s->y += height;
    }
  s->y += 6;
}

/* A filled five-pointed star, a point up when @turn is 0. */
static void
star (cairo_t *cr,
      double   cx,
      double   cy,
      double   r,
      double   turn)
{
  for (guint i = 0; i < 10; i++)
    {
      double radius = i % 2 == 0 ? r : r * 0.4;
      double a = -G_PI / 2 + turn + i * G_PI / 5;

      if (i == 0)
        cairo_move_to (cr, cx + radius * cos (a), cy + radius * sin (a));
      else
        cairo_line_to (cr, cx + radius * cos (a), cy + radius * sin (a));
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* The red seal of a company, as outlines: a seal is not text anyone
 * copies, and its characters around the rim would only muddle the text
 * of the page. */
static void
sheet_seal (Sheet      *s,
            double      cx,
            double      cy,
            const char *name,
            const char *purpose)
{
  cairo_t *cr = s->cr;
  const double radius = 42;
  glong n = g_utf8_strlen (name, -1);
  double sweep = MIN (G_PI * 1.4, n * 0.4);
  const char *p = name;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_set_source_rgba (cr, 0.86, 0.08, 0.1, 0.82);
  cairo_set_line_width (cr, 2.6);
  cairo_arc (cr, cx, cy, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  star (cr, cx, cy, 12.5, 0);

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      g_autofree char *ch = g_markup_escape_text (p, g_utf8_next_char (p) - p);
      g_autoptr(PangoLayout) layout = fonts_layout (&s->fonts, CJK_FONT, 10, PANGO_WEIGHT_BOLD, 0, ch);
      double a = -sweep / 2 + (n > 1 ? sweep * i / (n - 1) : 0);

      cairo_save (cr);
      cairo_translate (cr, cx, cy);
      cairo_rotate (cr, a);
      cairo_move_to (cr, -layout_width (layout) / 2, -radius + 2.5);
      pango_cairo_layout_path (cr, layout);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  if (purpose != NULL)
    {
      g_autoptr(PangoLayout) layout = fonts_layout (&s->fonts, CJK_FONT, 7.5, PANGO_WEIGHT_BOLD, 0, purpose);

      cairo_move_to (cr, cx - layout_width (layout) / 2, cy + 15);
      pango_cairo_layout_path (cr, layout);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* A signature in ink: loops and a flourish, different for every @seed. */
static void
sheet_signature (Sheet   *s,
                 double   x,
                 double   y,
                 guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  cairo_t *cr = s->cr;
  double px = x, py = y;
  cairo_matrix_t slant;

  cairo_save (cr);
  /* Handwriting leans to the right. */
  cairo_matrix_init (&slant, 1, 0, -0.35, 1, 0.35 * y, 0);
  cairo_transform (cr, &slant);
  cairo_new_path (cr);
  cairo_set_source_rgb (cr, 0.08, 0.12, 0.38);
  cairo_set_line_width (cr, 1.1);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_move_to (cr, px, py);
  for (guint i = 0; i < 7; i++)
    {
      double w = g_rand_double_range (rand, 5, 15);
      double h = g_rand_double_range (rand, i == 0 ? 16 : 5, i == 0 ? 22 : 15);

      cairo_curve_to (cr, px + w * 0.2, py - h, px + w * 0.9, py - h * 0.8, px + w * 0.6, py);
      cairo_curve_to (cr, px + w * 0.4, py + h * 0.3, px + w * 0.8, py + h * 0.2, px + w, py - 1);
      px += w;
      py += g_rand_double_range (rand, -1.5, 1.0);
    }
  cairo_curve_to (cr, px + 10, py - 6, px + 25, py + 2, x - 4, py + 5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
sheet_init (Sheet      *s,
            const char *title,
            const char *author,
            const char *number,
            const char *date,   /* ISO 8601, China time */
            guint       n_pages)
{
  cairo_surface_t *surface;

  fonts_init (&s->fonts, TRUE);
  s->pdf = g_byte_array_new ();
  s->title = title;
  s->number = number;
  s->n_pages = n_pages;
  surface = cairo_pdf_surface_create_for_stream (on_pdf_write, s->pdf, A4_WIDTH, A4_HEIGHT);
  /* Without a date of its own cairo writes the time of writing, and two
   * runs would differ. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Microsoft® Word 2016");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
  s->cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  sheet_begin_page (s);
}

static gboolean
sheet_finish (Sheet       *s,
              GError     **error)
{
  cairo_surface_t *surface = cairo_get_target (s->cr);
  cairo_status_t status;

  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw a demo document: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* 1234 5678 9012 3456 789: how a card number is written on a form. */
static char *
group_card (const char *card)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = card; *p != '\0'; p++)
    {
      if (p != card && (p - card) % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The first individual from the @n-th with an ID number who also has an
 * address. */
static CdCustomer *
with_id_and_address (Demo  *d,
                     guint  n)
{
  for (guint i = n; i < d->with_id->len; i++)
    if (cd_customer_get_address (d->with_id->pdata[i]) != NULL)
      return d->with_id->pdata[i];
  g_return_val_if_reached (d->with_id->pdata[0]);
}

static const char * const wedding_terms[] = {
  "一、乙方应于宴会日前七日确认最终桌数，确认后桌数减少的，按确认桌数结算；宴会当日临时增加的，按实际桌数结算，甲方视备料情况尽量安排。",
  "二、菜单经双方确认后原则上不再变更。因季节性原料短缺需调整的，甲方应提前告知乙方，并以同等价值的菜品替换。",
  "三、乙方自带酒水的，甲方免收开瓶费；乙方自带食品的，应自行承担食品安全责任，甲方不予加工。",
  "四、宴会厅使用时间为宴会当日 15:00 至 22:00。乙方委托的婚庆公司进场布置，须服从甲方的消防与安全管理，不得使用明火及冷焰火。",
  "五、因乙方原因取消宴会的，定金不予退还；宴会日前三十日以内取消的，乙方还应赔偿甲方已发生的备料损失。",
  "六、因甲方原因不能举办宴会的，甲方应双倍返还定金，并协助乙方另行安排场地。",
  "七、因不可抗力或政府命令致使宴会不能如期举办的，双方协商改期；不能改期的，甲方全额退还已收款项，双方互不承担违约责任。",
  "八、宴会期间乙方及其宾客损坏甲方设施设备的，应照价赔偿。宾客贵重物品请自行妥善保管。",
  "九、甲方应保证菜品符合食品安全标准，菜品份量与所确认菜单一致。乙方对菜品有异议的，应于宴会当日提出，双方现场协商处理。",
  "十、本条款未尽事宜，双方可另行签订补充协议，补充协议与本合同具有同等法律效力。",
  "十一、因本合同发生的争议，双方协商解决；协商不成的，任何一方均可向甲方所在地人民法院提起诉讼。",
};

static gboolean
write_wedding_contract (Demo    *d,
                        GError **error)
{
  CdCustomer *customer = with_id_and_address (d, 650);
  CdCustomer *partner = d->without_id->pdata[560];
  const char *name = cd_customer_get_name (customer);
  g_autofree char *card = make_card (d->rand);
  g_autofree char *grouped = group_card (card);
  g_autofree char *path = g_strdup_printf ("销售/宴会合同/婚宴服务合同-%s.pdf", name);
  g_autofree char *markup = NULL;
  g_autofree char *couple = g_strdup_printf ("%s、%s", name, cd_customer_get_name (partner));
  g_auto(Sheet) s = { 0 };
  const double info_widths[] = { 90, TEXT_WIDTH - 90 };
  const char *info[] = {
    "宴会类型", "婚宴（晚宴）",
    "宴会日期", "2019 年 10 月 2 日（星期三）17:30 迎宾，18:18 开席",
    "宴会地点", "徐汇衡山路店 二楼 锦绣厅（上海市徐汇区衡山路 88 号）",
    "新人姓名", couple,
    "预订桌数", "28 桌，另设备桌 2 桌（未启用不收费）",
    "每桌人数", "10 人",
  };
  const double menu_widths[] = { 60, TEXT_WIDTH - 60 };
  const char *menu[] = {
    "冷菜", "金玉满堂八味彩碟（白斩鸡、熏鱼、醉虾、酱鸭、素鸡、马兰头、糖藕、海蜇）",
    "热菜", "鸿运乳猪全体、清蒸东星斑、葱油波士顿龙虾、蒜蓉粉丝蒸扇贝、红烧蹄髈、"
            "蟹粉狮子头、XO 酱爆虾球、黑椒牛仔粒、上汤时蔬、八宝鸭",
    "汤羹", "松茸竹荪炖鸡汤",
    "点心", "四喜蒸饺、酒酿圆子、鲜肉小笼",
    "水果", "时令鲜果拼盘",
    "酒水", "乙方自带，免开瓶费；软饮按实际开启数量另计",
  };
  const double fee_widths[] = { 170, 80, 70, TEXT_WIDTH - 320 };
  const char *fees[] = {
    "项目", "单价（元）", "数量", "金额（元）",
    "婚宴套餐（十人位）", "3,888.00", "28 桌", "108,864.00",
    "婚礼场地布置（舞台、灯光、花艺）", "6,800.00", "1 项", "6,800.00",
    "新人化妆间及休息室", "赠送", "1 间", "0.00",
    "合计", "", "", "115,664.00",
  };

  sheet_init (&s, "婚宴服务合同", "孙丽", "HY-2019-0086", "2019-04-06T15:20:00+08:00", 3);

  /* Page 1: the parties and the banquet. */
  sheet_title (&s, "婚宴服务合同");
  sheet_field (&s, "甲方（服务方）", COMPANY);
  sheet_field (&s, "统一社会信用代码", d->uscc);
  sheet_field (&s, "住所", "上海市静安区愚园路 100 号 5 楼");
  sheet_field (&s, "签约门店", "徐汇衡山路店    门店电话：021-64331088");
  sheet_skip (&s, 8);
  sheet_field (&s, "乙方（客户）", name);
  sheet_field (&s, "身份证号", cd_customer_get_id_number (customer));
  sheet_field (&s, "手机", cd_customer_get_phone (customer));
  sheet_field (&s, "住址", cd_customer_get_address (customer));
  sheet_skip (&s, 8);
  sheet_paragraph (&s, 0, 21, "甲乙双方本着平等自愿、诚实信用的原则，就乙方在甲方门店举办婚宴事宜，"
                           "经友好协商，订立本合同，以资共同遵守。");
  sheet_clause (&s, "第一条 宴会信息");
  sheet_table (&s, info_widths, 2, info, G_N_ELEMENTS (info), FALSE);
  sheet_clause (&s, "第二条 菜单（每桌人民币 3,888 元）");
  sheet_table (&s, menu_widths, 2, menu, G_N_ELEMENTS (menu), FALSE);

  /* Page 2: money, the contact on the day, signatures. */
  sheet_next_page (&s);
  sheet_clause (&s, "第三条 费用");
  sheet_table (&s, fee_widths, 4, fees, G_N_ELEMENTS (fees), TRUE);
  sheet_paragraph (&s, 0, 0, "合计人民币（大写）：壹拾壹万伍仟陆佰陆拾肆元整。服务费免收，酒水及软饮按实际另计。");
  sheet_clause (&s, "第四条 定金与付款");
  sheet_paragraph (&s, 0, 0, "1. 本合同签订之日，乙方向甲方支付定金人民币 20,000 元（大写：贰万元整），定金在结算时抵作餐费。");
  sheet_paragraph (&s, 0, 0, "2. 余款于宴会结束当日以现金、银行卡或转账方式一次结清。");
  sheet_paragraph (&s, 0, 0, "3. 依本合同或附件条款应向乙方退还款项的，甲方于十个工作日内退至乙方下列账户：");
  markup = g_markup_printf_escaped ("开户银行：中国工商银行上海徐家汇支行    户名：%s\n银行卡号：%s", name, grouped);
  sheet_paragraph (&s, 21, 0, markup);
  sheet_clause (&s, "第五条 联系人");
  g_clear_pointer (&markup, g_free);
  markup = g_markup_printf_escaped ("乙方指定 %s 为婚宴筹备及宴会当日的现场联系人（紧急联系人），"
                                    "手机：%s。甲方联系人为徐汇衡山路店店长刘建国，门店电话同上。",
                                    cd_customer_get_name (partner), cd_customer_get_phone (partner));
  sheet_paragraph (&s, 0, 0, markup);
  sheet_clause (&s, "第六条 其他");
  sheet_paragraph (&s, 0, 0, "1. 本合同附件《婚宴服务通用条款》为本合同不可分割的组成部分。");
  sheet_paragraph (&s, 0, 0, "2. 本合同一式两份，甲乙双方各执一份，自双方签字或盖章之日起生效。");

  sheet_skip (&s, 40);
  sheet_show (&s, 0, 200, CJK_FONT, BODY_SIZE, PANGO_WEIGHT_NORMAL,
              "甲方（盖章）：" COMPANY "\n\n授权代表：\n\n日期：2019 年 4 月 6 日");
  sheet_show (&s, 250, 0, CJK_FONT, BODY_SIZE, PANGO_WEIGHT_NORMAL,
              "乙方（签字）：\n\n\n\n日期：2019 年 4 月 6 日");
  sheet_seal (&s, MARGIN_X + 120, s.y + 18, COMPANY, "合同专用章");
  sheet_signature (&s, MARGIN_X + 62, s.y + 48, 7);
  sheet_signature (&s, MARGIN_X + 322, s.y + 20, 11);

  /* Page 3: the general terms, the same for every banquet; nothing
   * personal on it. */
  sheet_next_page (&s);
  sheet_title (&s, "附件：婚宴服务通用条款");
  for (guint i = 0; i < G_N_ELEMENTS (wedding_terms); i++)
    {
      g_autofree char *term = g_markup_escape_text (wedding_terms[i], -1);

      sheet_paragraph (&s, 0, 0, term);
      sheet_skip (&s, 4);
    }

  if (!sheet_finish (&s, error))
    return FALSE;
  return put_bytes (d, path, s.pdf, "2019-04-06 15:20", error);
}

static const char * const group_meal_terms[][2] = {
  { "第四条 食品安全",
    "甲方应持有效的食品经营许可证，从业人员持健康证明上岗；原料采购索证索票，每餐菜品留样 48 小时备查。"
    "因甲方原因发生食品安全事故的，甲方承担全部责任。" },
  { "第五条 配送与验收",
    "甲方使用具备保温条件的专用车辆配送，菜品出锅至送达不超过 90 分钟，送达时中心温度不低于 60℃。"
    "乙方指定人员当场验收，对数量或质量有异议的，应于用餐后两小时内提出。" },
  { "第六条 人数调整",
    "乙方于每个工作日 10:00 前确认当日用餐人数；未按时确认的，按前一工作日人数备餐。"
    "节假日及乙方放假期间停止供餐，乙方应提前三日书面通知。" },
  { "第七条 价格调整",
    "服务期内餐标不变。主要原料价格较签约时上涨超过 15% 的，双方可协商调整餐标或菜品结构。" },
  { "第八条 保险",
    "甲方应为配送人员投保意外伤害保险，并投保食品安全责任险，保额不低于人民币 100 万元。" },
  { "第九条 违约责任",
    "甲方累计三次迟延送达超过 30 分钟，或菜品经乙方书面投诉两次以上仍未改进的，乙方有权解除合同。"
    "乙方逾期付款的，每逾期一日按应付款的万分之五支付违约金。" },
  { "第十条 保密",
    "双方对在履行本合同过程中知悉的对方商业信息及员工个人信息负有保密义务，"
    "未经对方同意不得向第三方披露，本条在合同终止后继续有效。" },
  { "第十一条 争议解决",
    "因本合同引起的争议，双方应协商解决；协商不成的，提交上海仲裁委员会按其仲裁规则仲裁。" },
};

static gboolean
write_group_meal_contract (Demo    *d,
                           GError **error)
{
  /* The first client of the list in 销售/企业团餐客户.txt, TC-2018-001. */
  CdCustomer *client = d->companies->pdata[10];
  CdCustomer *agent = d->with_id->pdata[660];
  CdCustomer *contact = with_email_and_id (d, 400);
  g_autofree char *card = make_card (d->rand);
  g_autofree char *grouped = group_card (card);
  g_autofree char *path = g_strdup_printf ("销售/团餐合同/企业团餐服务合同-%s.pdf", cd_customer_get_name (client));
  g_autofree char *markup = NULL;
  g_autofree char *where = g_strdup_printf ("工作日午餐配送至乙方办公地点（%s），加班晚餐与会议茶歇按乙方通知配送。",
                                            cd_customer_get_address (client));
  g_auto(Sheet) s = { 0 };
  const double meal_widths[] = { 110, 90, 110, TEXT_WIDTH - 310 };
  const char *meals[] = {
    "餐别", "标准（元/人）", "人数", "供应时间",
    "工作日午餐", "25.00", "约 120 人", "11:30–12:30",
    "加班晚餐", "20.00", "按需预订", "17:30–18:30",
    "会议茶歇", "15.00", "提前一日预订", "按约定",
  };
  const double week_widths[] = { 60, 150, 130, TEXT_WIDTH - 340 };
  const char *week[] = {
    "", "主菜", "副菜", "汤",
    "周一", "红烧鸡腿", "番茄炒蛋、清炒西兰花", "紫菜蛋花汤",
    "周二", "糖醋小排", "麻婆豆腐、蒜蓉生菜", "冬瓜排骨汤",
    "周三", "黑椒牛柳", "鱼香肉丝、手撕包菜", "玉米胡萝卜汤",
    "周四", "清蒸鲈鱼", "宫保鸡丁、干煸四季豆", "罗宋汤",
    "周五", "台式卤肉饭", "香菇菜心、凉拌黄瓜", "酸辣汤",
  };

  sheet_init (&s, "企业团餐服务合同", "马超", "TC-2018-001", "2018-08-28T10:15:00+08:00", 3);

  /* Page 1: the parties and the service. */
  sheet_title (&s, "企业团餐服务合同");
  sheet_field (&s, "甲方（服务方）", COMPANY);
  sheet_field (&s, "统一社会信用代码", d->uscc);
  sheet_field (&s, "住所", "上海市静安区愚园路 100 号 5 楼");
  sheet_skip (&s, 8);
  sheet_field (&s, "乙方（委托方）", cd_customer_get_name (client));
  sheet_field (&s, "统一社会信用代码", cd_customer_get_id_number (client));
  sheet_field (&s, "住所", cd_customer_get_address (client));
  sheet_field (&s, "电话", cd_customer_get_phone (client));
  markup = g_markup_printf_escaped (LABEL_SPAN "授权代表：</span>%s    " LABEL_SPAN "身份证号：</span>%s\n"
                                    LABEL_SPAN "手机：</span>%s",
                                    cd_customer_get_name (agent), cd_customer_get_id_number (agent),
                                    cd_customer_get_phone (agent));
  sheet_paragraph (&s, 0, 0, markup);
  sheet_skip (&s, 8);
  sheet_paragraph (&s, 0, 21, "乙方委托甲方为其员工提供团体膳食服务。双方依据《中华人民共和国合同法》"
                           "《中华人民共和国食品安全法》，经协商一致，订立本合同。");
  sheet_clause (&s, "第一条 服务内容");
  g_clear_pointer (&markup, g_free);
  markup = g_markup_escape_text (where, -1);
  sheet_paragraph (&s, 0, 0, markup);
  sheet_clause (&s, "第二条 供餐标准");
  sheet_table (&s, meal_widths, 4, meals, G_N_ELEMENTS (meals), TRUE);
  sheet_paragraph (&s, 0, 0, "午餐每份含主菜一份、副菜两份、米饭及例汤，每周菜单不重复，参考菜单如下：");
  sheet_table (&s, week_widths, 4, week, G_N_ELEMENTS (week), TRUE);
  sheet_clause (&s, "第三条 服务期限");
  sheet_paragraph (&s, 0, 0, "自 2018 年 9 月 1 日起至 2019 年 8 月 31 日止。期满前一个月内双方未提出异议的，"
                          "本合同自动续展一年。");

  /* Page 2: the general terms; nothing personal on it. */
  sheet_next_page (&s);
  for (guint i = 0; i < G_N_ELEMENTS (group_meal_terms); i++)
    {
      g_autofree char *term = g_markup_escape_text (group_meal_terms[i][1], -1);

      sheet_clause (&s, group_meal_terms[i][0]);
      sheet_paragraph (&s, 0, 21, term);
    }

  /* Page 3: money, contacts, signatures. */
  sheet_next_page (&s);
  sheet_clause (&s, "第十二条 结算与付款");
  sheet_paragraph (&s, 0, 0, "1. 餐费按月结算。甲方于每月 5 日前提交上月用餐明细及发票，乙方核对无误后于当月 15 日前支付至甲方账户：");
  sheet_paragraph (&s, 21, 0, "户名：" COMPANY "\n开户银行：招商银行上海愚园路支行    账号：121908765410201");
  sheet_paragraph (&s, 0, 0, "2. 签约时乙方向甲方支付履约保证金人民币 5,000 元。合同期满乙方无违约的，"
                          "甲方于十五个工作日内无息退还至乙方指定的下列账户：");
  g_clear_pointer (&markup, g_free);
  markup = g_markup_printf_escaped ("户名：%s（乙方授权代表）\n开户银行：中国农业银行上海漕河泾支行    卡号：%s",
                                    cd_customer_get_name (agent), grouped);
  sheet_paragraph (&s, 21, 0, markup);
  sheet_clause (&s, "第十三条 联系人");
  g_clear_pointer (&markup, g_free);
  markup = g_markup_printf_escaped ("乙方行政联系人：%s，手机：%s，电子邮箱：%s。"
                                    "菜单、人数及投诉以该联系人的通知为准。",
                                    cd_customer_get_name (contact), cd_customer_get_phone (contact),
                                    cd_customer_get_email (contact));
  sheet_paragraph (&s, 0, 0, markup);
  sheet_paragraph (&s, 0, 0, "甲方联系人：运营经理马超，团餐热线：021-62486730 转 8。");
  sheet_clause (&s, "第十四条 其他");
  sheet_paragraph (&s, 0, 0, "本合同一式肆份，双方各执贰份，自双方盖章之日起生效。合同附件与本合同具有同等效力。");

  sheet_skip (&s, 40);
  sheet_show (&s, 0, 200, CJK_FONT, BODY_SIZE, PANGO_WEIGHT_NORMAL,
              "甲方（盖章）：" COMPANY "\n\n授权代表：\n\n日期：2018 年 8 月 28 日");
  g_clear_pointer (&markup, g_free);
  markup = g_markup_printf_escaped ("乙方（盖章）：%s\n\n授权代表：\n\n日期：2018 年 8 月 28 日",
                                    cd_customer_get_name (client));
  sheet_show (&s, 230, 0, CJK_FONT, BODY_SIZE, PANGO_WEIGHT_NORMAL, markup);
  sheet_seal (&s, MARGIN_X + 115, s.y + 22, COMPANY, "合同专用章");
  sheet_seal (&s, MARGIN_X + 330, s.y + 12, cd_customer_get_name (client), NULL);
  sheet_signature (&s, MARGIN_X + 62, s.y + 48, 3);
  sheet_signature (&s, MARGIN_X + 292, s.y + 48, 5);

  if (!sheet_finish (&s, error))
    return FALSE;
  return put_bytes (d, path, s.pdf, "2018-08-28 10:15", error);
}

/* -- 扫描件: an ID card copied, scanned, and run through OCR ------------------ */

/* The office copier scanned at 150 dpi; A4 in pixels. */
#define SCAN_DPI     150.0
#define SCAN_WIDTH   1240
#define SCAN_HEIGHT  1754
/* The card, 85.6 × 54 mm, in points. */
#define CARD_WIDTH   242.6
#define CARD_HEIGHT  153.1
#define CARD_RADIUS  9.0
/* The card is printed in 黑体; the scan keeps no fonts. */
#define CARD_FONT    "Noto Sans CJK SC"

/* A word the OCR engine found: its text and its baseline on the page. */
typedef struct
{
  char   *text;
  double  x, y;     /* the start of the baseline, points from the top left */
  double  dx, dy;   /* the baseline, as long as the word */
  double  size;
} OcrWord;

static void
ocr_word_clear (gpointer data)
{
  OcrWord *word = data;

  g_free (word->text);
}

typedef struct
{
  Fonts    fonts;
  cairo_t *cr;
  GArray  *words;   /* OcrWord */
} IdCopy;

static void
id_copy_clear (IdCopy *c)
{
  g_clear_pointer (&c->cr, cairo_destroy);
  g_clear_pointer (&c->words, g_array_unref);
  fonts_clear (&c->fonts);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IdCopy, id_copy_clear)

/* Draws @text with its top left at @x, @y of the current user space and,
 * if @ocr, records where it lies on the page. @spacing: between letters,
 * in points. Returns the width. */
static double
id_copy_text (IdCopy     *c,
              double      x,
              double      y,
              const char *family,
              double      size,
              PangoWeight weight,
              double      spacing,
              guint32     rgb,
              const char *text,
              gboolean    ocr)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *markup = g_strdup_printf ("<span letter_spacing=\"%d\">%s</span>",
                                             (int) (spacing * PANGO_SCALE), escaped);
  g_autoptr(PangoLayout) layout = fonts_layout (&c->fonts, family, size, weight, 0, markup);
  double width = layout_width (layout);

  cairo_set_source_rgb (c->cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
  cairo_move_to (c->cr, x, y);
  pango_cairo_show_layout (c->cr, layout);

  if (ocr)
    {
      OcrWord word = { 0 };
      double bx = x, by = y + (double) pango_layout_get_baseline (layout) / PANGO_SCALE;
      double dx = width - spacing, dy = 0;
      double sx = 1, sy = 0;

      cairo_user_to_device (c->cr, &bx, &by);
      cairo_user_to_device_distance (c->cr, &dx, &dy);
      cairo_user_to_device_distance (c->cr, &sx, &sy);
      word.text = g_strdup (text);
      word.x = bx * 72.0 / SCAN_DPI;
      word.y = by * 72.0 / SCAN_DPI;
      word.dx = dx * 72.0 / SCAN_DPI;
      word.dy = dy * 72.0 / SCAN_DPI;
      word.size = size * hypot (sx, sy) * 72.0 / SCAN_DPI;
      g_array_append_val (c->words, word);
    }
  return width;
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + width - r, y + height - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + height - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* The card's printed background: a pale tint and fine wavy lines, which
 * a copier turns into a grey haze. */
static void
card_background (cairo_t *cr,
                 double   r,
                 double   g,
                 double   b,
                 guint    waves)
{
  cairo_pattern_t *tint = cairo_pattern_create_linear (0, 0, CARD_WIDTH, CARD_HEIGHT);

  cairo_pattern_add_color_stop_rgb (tint, 0, r, g, b);
  cairo_pattern_add_color_stop_rgb (tint, 1, MIN (1, r + 0.04), MIN (1, g + 0.02), MAX (0, b - 0.03));
  rounded_rectangle (cr, 0, 0, CARD_WIDTH, CARD_HEIGHT, CARD_RADIUS);
  cairo_set_source (cr, tint);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (tint);

  cairo_save (cr);
  cairo_clip_preserve (cr);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
  cairo_set_line_width (cr, 0.9);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, r - 0.12, g - 0.08, b - 0.02, 0.55);
  cairo_set_line_width (cr, 0.35);
  for (guint k = 0; k < waves; k++)
    {
      for (double x = 0; x <= CARD_WIDTH; x += 2)
        {
          double y = 6 + k * (CARD_HEIGHT / waves) + 3.2 * sin (x / 9.0 + k * 0.7) +
                     1.5 * sin (x / 23.0 - k);

          if (x == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* A head and shoulders, grey: the photo of the copy. */
static void
card_photo (cairo_t *cr,
            double   x,
            double   y,
            double   width,
            double   height)
{
  double cx = x + width / 2;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.9, 0.91, 0.93);
  cairo_paint (cr);

  /* Shoulders and jacket. */
  cairo_move_to (cr, x - 4, y + height);
  cairo_curve_to (cr, x, y + height * 0.74, cx - width * 0.3, y + height * 0.7, cx - 8, y + height * 0.66);
  cairo_line_to (cr, cx + 8, y + height * 0.66);
  cairo_curve_to (cr, cx + width * 0.3, y + height * 0.7, x + width, y + height * 0.74, x + width + 4, y + height);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.22, 0.23, 0.26);
  cairo_fill (cr);
  /* Collar. */
  cairo_move_to (cr, cx - 9, y + height * 0.66);
  cairo_line_to (cr, cx, y + height * 0.8);
  cairo_line_to (cr, cx + 9, y + height * 0.66);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.85, 0.85, 0.86);
  cairo_fill (cr);
  /* Neck. */
  cairo_rectangle (cr, cx - 7, y + height * 0.5, 14, height * 0.17);
  cairo_set_source_rgb (cr, 0.58, 0.55, 0.53);
  cairo_fill (cr);
  /* Face. */
  cairo_save (cr);
  cairo_translate (cr, cx, y + height * 0.37);
  cairo_scale (cr, width * 0.22, height * 0.19);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_restore (cr);
  cairo_set_source_rgb (cr, 0.66, 0.62, 0.6);
  cairo_fill (cr);
  /* Hair. */
  cairo_save (cr);
  cairo_translate (cr, cx, y + height * 0.29);
  cairo_scale (cr, width * 0.25, height * 0.15);
  cairo_arc (cr, 0, 0, 1, G_PI * 0.95, G_PI * 2.05);
  cairo_restore (cr);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.13, 0.13, 0.14);
  cairo_fill (cr);
  cairo_restore (cr);
}

#define CARD_LABEL 0x3a6ea5   /* the labels are printed in blue */
#define CARD_INK   0x141414

static void
card_front (IdCopy     *c,
            CdCustomer *customer)
{
  cairo_t *cr = c->cr;
  const char *id = cd_customer_get_id_number (customer);
  const char *address = cd_customer_get_address (customer);
  g_autofree char *year = g_strndup (id + 6, 4);
  g_autofree char *month = g_strdup_printf ("%d", (id[10] - '0') * 10 + (id[11] - '0'));
  g_autofree char *day = g_strdup_printf ("%d", (id[12] - '0') * 10 + (id[13] - '0'));
  const char *sex = (id[16] - '0') % 2 == 1 ? "男" : "女";
  const char *p = address;
  double x, y = 72;

  card_background (cr, 0.9, 0.92, 0.93, 16);
  card_photo (cr, 158, 16, 70, 88);

  id_copy_text (c, 14, 15, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 2, CARD_LABEL, "姓名", TRUE);
  id_copy_text (c, 44, 13.5, CARD_FONT, 10, PANGO_WEIGHT_MEDIUM, 1, CARD_INK, cd_customer_get_name (customer), TRUE);
  id_copy_text (c, 14, 34, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 2, CARD_LABEL, "性别", TRUE);
  id_copy_text (c, 44, 33, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0, CARD_INK, sex, TRUE);
  id_copy_text (c, 72, 34, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 2, CARD_LABEL, "民族", TRUE);
  id_copy_text (c, 100, 33, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0, CARD_INK, "汉", TRUE);
  id_copy_text (c, 14, 52, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 2, CARD_LABEL, "出生", TRUE);
  x = 44 + id_copy_text (c, 44, 51, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0, CARD_INK, year, TRUE);
  x += 3 + id_copy_text (c, x + 3, 52, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 0, CARD_LABEL, "年", TRUE);
  x += 5 + id_copy_text (c, x + 5, 51, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0, CARD_INK, month, TRUE);
  x += 3 + id_copy_text (c, x + 3, 52, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 0, CARD_LABEL, "月", TRUE);
  x += 5 + id_copy_text (c, x + 5, 51, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0, CARD_INK, day, TRUE);
  id_copy_text (c, x + 3, 52, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 0, CARD_LABEL, "日", TRUE);
  id_copy_text (c, 14, 71, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 2, CARD_LABEL, "住址", TRUE);
  /* Eleven characters to a line, as the card prints it. */
  while (*p != '\0')
    {
      const char *end = g_utf8_offset_to_pointer (p, MIN (11, g_utf8_strlen (p, -1)));
      g_autofree char *line = g_strndup (p, (gsize) (end - p));

      id_copy_text (c, 44, y - 1.5, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0.3, CARD_INK, line, TRUE);
      y += 13;
      p = end;
    }
  id_copy_text (c, 14, 124, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 0.6, CARD_LABEL, "公民身份号码", TRUE);
  id_copy_text (c, 78, 121.5, "DejaVu Sans Mono", 10.5, PANGO_WEIGHT_BOLD, 1.4, CARD_INK, id, TRUE);
}

static void
card_back (IdCopy     *c,
           const char *authority,
           const char *valid)
{
  cairo_t *cr = c->cr;

  card_background (cr, 0.93, 0.91, 0.88, 22);

  /* The national emblem, in outline: a red disc, a large star and four
   * small ones, a golden rim. */
  cairo_arc (cr, 36, 36, 20, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0.78, 0.13, 0.12);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.86, 0.68, 0.2);
  cairo_set_line_width (cr, 2.2);
  cairo_stroke (cr);
  star (cr, 36, 28, 7, 0);
  for (guint i = 0; i < 4; i++)
    star (cr, 36 + 11 * cos (G_PI * (1.15 + i * 0.233)), 28 + 11 * sin (G_PI * (1.15 + i * 0.233)) + 5,
          2.2, 0.3 * i);
  cairo_rectangle (cr, 26, 40, 20, 2.2);
  cairo_rectangle (cr, 28, 44, 16, 2.2);
  cairo_fill (cr);

  id_copy_text (c, 76, 18, CARD_FONT, 11.5, PANGO_WEIGHT_BOLD, 4.5, 0x262626, "中华人民共和国", TRUE);
  id_copy_text (c, 76, 42, CARD_FONT, 19, PANGO_WEIGHT_BOLD, 7, 0x262626, "居民身份证", TRUE);
  id_copy_text (c, 40, 106, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 1, CARD_LABEL, "签发机关", TRUE);
  id_copy_text (c, 86, 104.5, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0, CARD_INK, authority, TRUE);
  id_copy_text (c, 40, 125, CARD_FONT, 7, PANGO_WEIGHT_NORMAL, 1, CARD_LABEL, "有效期限", TRUE);
  id_copy_text (c, 86, 123.5, CARD_FONT, 8.5, PANGO_WEIGHT_NORMAL, 0, CARD_INK, valid, TRUE);
}

/* A line written across the copy in ballpoint pen, so that it cannot be
 * used for anything else: every character a little askew. Not in the OCR
 * layer; OCR engines give up on handwriting. */
static void
handwriting (IdCopy     *c,
             double      x,
             double      y,
             const char *text,
             guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  cairo_t *cr = c->cr;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.12, 0.2, 0.55);
  cairo_set_line_width (cr, 0.45);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *ch = g_markup_escape_text (p, g_utf8_next_char (p) - p);
      double size = g_rand_double_range (rand, 15, 17.5);
      g_autoptr(PangoLayout) layout = fonts_layout (&c->fonts, CJK_FONT, size, PANGO_WEIGHT_LIGHT, 0, ch);

      cairo_save (cr);
      cairo_translate (cr, x, y + g_rand_double_range (rand, -1.6, 1.6));
      cairo_rotate (cr, g_rand_double_range (rand, -0.09, 0.09));
      cairo_move_to (cr, 0, 0);
      pango_cairo_layout_path (cr, layout);
      cairo_fill_preserve (cr);
      cairo_stroke (cr);
      cairo_restore (cr);
      x += layout_width (layout) * g_rand_double_range (rand, 0.9, 1.02);
    }
  cairo_restore (cr);
}

/* The copy as the scanner saw it: both sides of the card on grey paper,
 * a little crooked, the pen, the shadow of the lid at the edge and dust. */
static cairo_surface_t *
id_copy_draw (IdCopy     *c,
              CdCustomer *customer)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, SCAN_WIDTH, SCAN_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  double left = (A4_WIDTH - CARD_WIDTH) / 2;

  c->cr = cr;
  cairo_set_source_rgb (cr, 0.925, 0.922, 0.91);
  cairo_paint (cr);
  cairo_scale (cr, SCAN_DPI / 72.0, SCAN_DPI / 72.0);

  /* The sheet lay a little crooked on the glass. */
  cairo_translate (cr, A4_WIDTH / 2, A4_HEIGHT / 2);
  cairo_rotate (cr, -0.006);
  cairo_translate (cr, -A4_WIDTH / 2, -A4_HEIGHT / 2);

  cairo_save (cr);
  cairo_translate (cr, left, 118);
  card_front (c, customer);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_translate (cr, left, 118 + CARD_HEIGHT + 46);
  card_back (c, "上海市公安局徐汇分局", "2016.05.20-2036.05.20");
  cairo_restore (cr);

  cairo_save (cr);
  cairo_translate (cr, left + 12, 118 + 2 * CARD_HEIGHT + 70);
  cairo_rotate (cr, -0.05);
  handwriting (c, 0, 0, "仅供办理会员开票使用", 20181120);
  handwriting (c, 120, 26, "2018.11.20", 1120);
  cairo_restore (cr);

  cairo_surface_flush (surface);
  c->cr = NULL;
  cairo_destroy (cr);
  return surface;
}

/* What the scanner adds: columns a shade lighter or darker than their
 * neighbours (its sensor), the shadow of the lid along the left edge and
 * specks of dust. Then the rows as PDF wants them with the PNG "Up"
 * predictor, which makes the flat paper and the columns almost free. */
static GByteArray *
id_copy_pixels (cairo_surface_t *surface)
{
  GByteArray *rows = g_byte_array_sized_new ((SCAN_WIDTH * 3 + 1) * SCAN_HEIGHT);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20181120);
  g_autofree int *column = g_new0 (int, SCAN_WIDTH);
  g_autofree guint8 *previous = g_malloc0 (SCAN_WIDTH * 3);
  g_autofree guint8 *row = g_malloc (SCAN_WIDTH * 3 + 1);
  int level = 0;

  for (guint x = 0; x < SCAN_WIDTH; x++)
    {
      if (g_rand_int_range (rand, 0, 8) == 0)
        level = CLAMP (level + g_rand_int_range (rand, -1, 2), -3, 2);
      column[x] = level - (x < 24 ? (24 - (int) x) * 3 : 0);
    }

  for (guint y = 0; y < SCAN_HEIGHT; y++)
    {
      const guint32 *pixels = (const guint32 *) (data + (gsize) y * (gsize) stride);
      guint dust = (guint) g_rand_int_range (rand, 0, SCAN_WIDTH * 6);

      row[0] = 2;   /* Up */
      for (guint x = 0; x < SCAN_WIDTH; x++)
        {
          guint32 p = pixels[x];
          int shade = column[x] - (x == dust || x == dust + 1 ? 90 : 0);
          int v[3] = { (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff };

          for (guint k = 0; k < 3; k++)
            {
              guint8 value = (guint8) CLAMP (v[k] + shade, 0, 255);

              row[1 + x * 3 + k] = (guint8) (value - previous[x * 3 + k]);
              previous[x * 3 + k] = value;
            }
        }
      g_byte_array_append (rows, row, SCAN_WIDTH * 3 + 1);
    }
  return rows;
}

static GByteArray *
zlib_compress (const guint8  *data,
               gsize          len,
               GError       **error)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  gsize done = 0;

  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (compressor), data + done, len - done, buffer,
                                    64 * 1024, G_CONVERTER_INPUT_AT_END, &read, &written, error);
      if (result == G_CONVERTER_ERROR)
        return NULL;
      done += read;
      g_byte_array_append (out, buffer, (guint) written);
      if (result == G_CONVERTER_FINISHED)
        return g_steal_pointer (&out);
    }
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
  g_string_append_c (out, ' ');
}

/* The OCR layer: each word in render mode 3 (neither filled nor stroked),
 * on the baseline where the engine saw it, stretched to its width. The
 * font is a CID font addressed by Unicode code points, with widths of
 * 1000 (500 for ASCII), not embedded: invisible text is never drawn. */
static char *
ocr_content (GArray     *words,
             GHashTable *used)
{
  g_autoptr(GString) s = g_string_new ("q ");

  /* The scan fills the page. */
  append_number (s, A4_WIDTH);
  g_string_append (s, "0 0 ");
  append_number (s, A4_HEIGHT);
  g_string_append (s, "0 0 cm /Im1 Do Q\nBT 3 Tr\n");

  for (guint i = 0; i < words->len; i++)
    {
      const OcrWord *word = &g_array_index (words, OcrWord, i);
      double length = hypot (word->dx, word->dy);
      double cos_a = word->dx / length, sin_a = word->dy / length;
      double natural = 0;

      for (const char *p = word->text; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar ch = g_utf8_get_char (p);

          natural += (ch < 128 ? 500 : 1000) * word->size / 1000;
          g_hash_table_add (used, GUINT_TO_POINTER (ch));
        }

      /* The page's y axis points up; the baseline turns the other way. */
      g_string_append (s, "/F1 ");
      append_number (s, word->size);
      g_string_append (s, "Tf ");
      append_number (s, 100 * length / natural);
      g_string_append (s, "Tz ");
      append_number (s, cos_a);
      append_number (s, -sin_a);
      append_number (s, sin_a);
      append_number (s, cos_a);
      append_number (s, word->x);
      append_number (s, A4_HEIGHT - word->y);
      g_string_append (s, "Tm <");
      for (const char *p = word->text; *p != '\0'; p = g_utf8_next_char (p))
        g_string_append_printf (s, "%04X", g_utf8_get_char (p));
      g_string_append (s, "> Tj\n");
    }
  g_string_append (s, "ET\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static int
compare_chars (gconstpointer a,
               gconstpointer b)
{
  gunichar x = *(const gunichar *) a, y = *(const gunichar *) b;

  return x < y ? -1 : x > y;
}

/* A ToUnicode CMap for the code points in @used, each its own code. */
static char *
ocr_to_unicode (GHashTable *used)
{
  g_autoptr(GString) s = g_string_new ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                                       "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                       "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                                       "1 begincodespacerange <0000> <FFFF> endcodespacerange\n");
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, used);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gunichar ch = GPOINTER_TO_UINT (key);

      g_array_append_val (chars, ch);
    }
  /* A hash table's order is not the same from run to run. */
  g_array_sort (chars, compare_chars);
  for (guint i = 0; i < chars->len; i += 100)
    {
      guint n = MIN (100, chars->len - i);

      g_string_append_printf (s, "%u beginbfchar\n", n);
      for (guint j = i; j < i + n; j++)
        g_string_append_printf (s, "<%04X> <%04X>\n", g_array_index (chars, gunichar, j),
                                g_array_index (chars, gunichar, j));
      g_string_append (s, "endbfchar\n");
    }
  g_string_append (s, "endcmap CMapName currentdict /CMap defineresource pop end end\n");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
pdf_object (GString *pdf,
            GArray  *offsets,
            const char *body)
{
  gsize offset = pdf->len;

  g_array_append_val (offsets, offset);
  g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", offsets->len, body);
}

static gboolean
write_id_copy (Demo    *d,
               GError **error)
{
  CdCustomer *customer = with_id_and_address (d, 700);
  g_autofree char *path = g_strdup_printf ("扫描件/身份证复印件-%s.pdf", cd_customer_get_name (customer));
  g_auto(IdCopy) c = { 0 };
  cairo_surface_t *surface;
  g_autoptr(GByteArray) pixels = NULL;
  g_autoptr(GByteArray) image = NULL;
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) pdf = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) page = g_string_new ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ");
  g_autofree char *content = NULL;
  g_autofree char *cmap = NULL;
  g_autofree char *object = NULL;
  gsize xref;

  fonts_init (&c.fonts, FALSE);
  c.words = g_array_new (FALSE, TRUE, sizeof (OcrWord));
  g_array_set_clear_func (c.words, ocr_word_clear);
  surface = id_copy_draw (&c, customer);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw a demo document: %s"),
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  pixels = id_copy_pixels (surface);
  cairo_surface_destroy (surface);
  image = zlib_compress (pixels->data, pixels->len, error);
  if (image == NULL)
    return FALSE;
  content = ocr_content (c.words, used);
  cmap = ocr_to_unicode (used);

  append_number (page, A4_WIDTH);
  append_number (page, A4_HEIGHT);
  g_string_append (page, "] /Resources << /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>");

  pdf_object (pdf, offsets, "<< /Type /Catalog /Pages 2 0 R >>");
  pdf_object (pdf, offsets, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  pdf_object (pdf, offsets, page->str);
  object = g_strdup_printf ("<< /Length %" G_GSIZE_FORMAT " >>\nstream\n%sendstream", strlen (content), content);
  pdf_object (pdf, offsets, object);
  g_clear_pointer (&object, g_free);

  /* The image: binary, so appended by hand. */
  {
    gsize offset = pdf->len;

    g_array_append_val (offsets, offset);
    g_string_append_printf (pdf, "%u 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d "
                            "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode "
                            "/DecodeParms << /Predictor 12 /Colors 3 /BitsPerComponent 8 /Columns %d >> "
                            "/Length %u >>\nstream\n", offsets->len, SCAN_WIDTH, SCAN_HEIGHT, SCAN_WIDTH,
                            image->len);
    g_string_append_len (pdf, (const char *) image->data, image->len);
    g_string_append (pdf, "\nendstream\nendobj\n");
  }

  pdf_object (pdf, offsets, "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
                            "/DescendantFonts [7 0 R] /ToUnicode 9 0 R >>");
  pdf_object (pdf, offsets, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
                            "/FontDescriptor 8 0 R /DW 1000 /W [32 126 500] >>");
  pdf_object (pdf, offsets, "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
                            "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                            "/CapHeight 880 /StemV 93 >>");
  object = g_strdup_printf ("<< /Length %" G_GSIZE_FORMAT " >>\nstream\n%sendstream", strlen (cmap), cmap);
  pdf_object (pdf, offsets, object);
  /* What the copier put in: its model, and the OCR software. */
  pdf_object (pdf, offsets, "<< /Creator (Canon iR-ADV C3525) /Producer (Adobe PSL 1.3e for Canon) "
                            "/CreationDate (D:20181120150214+08'00') >>");

  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f \n", offsets->len + 1);
  for (guint i = 0; i < offsets->len; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", g_array_index (offsets, gsize, i));
  g_string_append_printf (pdf, "trailer\n<< /Size %u /Root 1 0 R /Info %u 0 R >>\nstartxref\n%" G_GSIZE_FORMAT
                          "\n%%%%EOF\n", offsets->len + 1, offsets->len, xref);

  return put_string (d, path, pdf, "2018-11-20 15:02", error);
}

/* -- 行政 and 销售 --------------------------------------------------------------- */

static gboolean
write_company_papers (Demo    *d,
                      GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text,
                          "公司证照信息（行政部整理，2019 年 6 月）\n"
                          "\n"
                          "名称：示例餐饮管理有限公司\n"
                          "统一社会信用代码：%s\n"
                          "住所：上海市静安区愚园路 100 号 5 楼\n"
                          "法定代表人：陈立华  手机 13601710001\n"
                          "公司电话：021-62486730\n"
                          "基本存款账户：招商银行上海愚园路支行 121908765410201（对公）\n"
                          "开户许可证核准号：J2900012345601\n"
                          "食品经营许可证：JY23101060012345（有效期至 2021-04-07）\n"
                          "营业执照扫描件见 扫描件/营业执照.png\n",
                          d->uscc);
  return put_string (d, "行政/公司证照信息.txt", text, "2019-06-03 11:00", error);
}

static gboolean
write_group_meal_clients (Demo    *d,
                          GError **error)
{
  g_autoptr(GString) text = g_string_new ("单位名称\t统一社会信用代码\t联系电话\t地址\t协议编号\n");

  for (guint i = 0; i < 10; i++)
    {
      CdCustomer *c = d->companies->pdata[10 + i];

      g_string_append_printf (text, "%s\t%s\t%s\t%s\tTC-2018-%03u\n", cd_customer_get_name (c),
                              cd_customer_get_id_number (c), cd_customer_get_phone (c),
                              cd_customer_get_address (c) != NULL ? cd_customer_get_address (c) : "",
                              i + 1);
    }
  return put_string (d, "销售/企业团餐客户.txt", text, "2018-12-10 16:45", error);
}

/* -- the folder --------------------------------------------------------------- */

static gboolean
prepare_dir (const char  *dir,
             GError     **error)
{
  g_autofree char *display = g_filename_display_name (dir);

  if (g_file_test (dir, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDir) listing = NULL;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                       _("“%s” is not a folder: choose a new or empty folder for the demo files"),
                       display);
          return FALSE;
        }
      listing = g_dir_open (dir, 0, error);
      if (listing == NULL)
        return FALSE;
      if (g_dir_read_name (listing) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_EMPTY,
                       _("“%s” is not empty: choose a new or empty folder for the demo files"),
                       display);
          return FALSE;
        }
      return TRUE;
    }

  if (g_mkdir_with_parents (dir, 0755) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_demo_write_files:
 * @dir: the folder to create; it must not exist or be empty
 *
 * Writes the demo case's folder of files to scan (25 files in fifteen
 * folders, under 1 MB, most of it the three PDFs for the redaction pane):
 * what the front-desk PC and the shared drive of the demo restaurant
 * group held. Many of the identifiers in them are those of the demo
 * case's customers (cd_demo_create()), so a scan with the case links the
 * files to its registry. Two runs write the same bytes.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
cd_demo_write_files (const char  *dir,
                     GError     **error)
{
  g_auto(Demo) d = { 0 };

  g_return_val_if_fail (dir != NULL, FALSE);

  if (!prepare_dir (dir, error))
    return FALSE;

  d.root = g_strdup (dir);
  d.customers = cd_demo_make_customers (&d.uscc);
  d.rand = g_rand_new_with_seed (FILES_SEED);
  sort_customers (&d);
  make_staff (&d);

  return write_member_form (&d, error) &&
         write_reservations (&d, error) &&
         write_shift_log (&d, error) &&
         write_till_manual (&d, error) &&
         write_wechat (&d, error) &&
         write_lease (&d, error) &&
         write_damaged_contract (&d, error) &&
         write_payroll (&d, error) &&
         write_staff_roster (&d, error) &&
         write_leaving_certificate (&d, error) &&
         write_training (&d, error) &&
         write_complaint (&d, error) &&
         write_mailbox (&d, error) &&
         write_member_backup (&d, error) &&
         write_backup_2017 (&d, error) &&
         write_delivery_orders (&d, error) &&
         write_media (&d, error) &&
         write_survey (&d, error) &&
         write_company_papers (&d, error) &&
         write_group_meal_clients (&d, error) &&
         write_wedding_contract (&d, error) &&
         write_group_meal_contract (&d, error) &&
         write_id_copy (&d, error);
}
