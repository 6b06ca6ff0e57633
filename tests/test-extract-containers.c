/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the archive and PDF extractors: every input is made here, in
 * memory (archives with libarchive's writer, PDFs and gzip streams by
 * hand), then read through cd_extract_bytes(), and the text that comes
 * out is checked with the identifier detectors, per member and page.
 *
 * Hostile inputs: names that climb out of a folder, names in GBK or in no
 * charset at all, encrypted members and archives, archives and PDFs cut
 * short, a zip of zips of zips, one member of a gigabyte and a tar.gz of
 * 200,000 members, all read against lowered limits. */

#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>

#include "cd-test-util.h"

/* Identifiers that pass their checks (see the first test). */
#define ID_NUMBER "11010519491231002X"
#define MOBILE    "13812345678"
#define EMAIL     "zhang.san@example.com"

#define MIB (1024 * 1024)

/* -- collecting what the extractors report --------------------------------- */

typedef struct
{
  char                  *member;
  CdExtractMemberStatus  status;
  char                  *reason;
} Report;

typedef struct
{
  GHashTable   *texts;      /* "member@page" → GString, in arrival order below */
  GPtrArray    *keys;
  GPtrArray    *reports;    /* Report */
  GCancellable *cancellable;
  guint         cancel_after;   /* cancel on the nth piece of text, 0: never */
  guint         n_texts;
} Collector;

static void
report_free (gpointer data)
{
  Report *report = data;

  g_free (report->member);
  g_free (report->reason);
  g_free (report);
}

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
collector_init (Collector *c)
{
  c->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_string);
  c->keys = g_ptr_array_new_with_free_func (g_free);
  c->reports = g_ptr_array_new_with_free_func (report_free);
  c->cancellable = g_cancellable_new ();
  c->cancel_after = 0;
  c->n_texts = 0;
}

static void
collector_clear (Collector *c)
{
  g_clear_pointer (&c->texts, g_hash_table_unref);
  g_clear_pointer (&c->keys, g_ptr_array_unref);
  g_clear_pointer (&c->reports, g_ptr_array_unref);
  g_clear_object (&c->cancellable);
}

static char *
text_key (const char *member,
          guint       page)
{
  return g_strdup_printf ("%s@%u", member != NULL ? member : "", page);
}

static void
on_text (const char *member,
         guint       page,
         const char *text,
         gsize       len,
         gpointer    user_data)
{
  Collector *c = user_data;
  g_autofree char *key = text_key (member, page);
  GString *s = g_hash_table_lookup (c->texts, key);

  g_assert_nonnull (text);
  g_assert_cmpuint (len, >, 0);
  if (member != NULL)
    g_assert_true (g_utf8_validate (member, -1, NULL));
  if (s == NULL)
    {
      s = g_string_new (NULL);
      g_ptr_array_add (c->keys, g_strdup (key));
      g_hash_table_insert (c->texts, g_steal_pointer (&key), s);
    }
  g_string_append_len (s, text, len);
  g_string_append_c (s, '\n');

  if (c->cancel_after > 0 && ++c->n_texts == c->cancel_after)
    g_cancellable_cancel (c->cancellable);
}

static void
on_member (const char            *member,
           CdExtractMemberStatus  status,
           const char            *content_type,
           goffset                size,
           const char            *reason,
           gpointer               user_data)
{
  Collector *c = user_data;
  Report *report = g_new0 (Report, 1);

  g_assert_nonnull (member);
  g_assert_true (g_utf8_validate (member, -1, NULL));
  if (status != CD_EXTRACT_MEMBER_SCANNED)
    g_assert_nonnull (reason);
  report->member = g_strdup (member);
  report->status = status;
  report->reason = g_strdup (reason);
  g_ptr_array_add (c->reports, report);
}

static gboolean
extract (Collector              *c,
         const CdExtractLimits  *limits,
         const char             *name,
         GBytes                 *bytes,
         GError                **error)
{
  CdExtractContext *ctx = cd_extract_context_new (limits, on_text, on_member, c, c->cancellable);
  gboolean ok = cd_extract_bytes (ctx, NULL, name, bytes, error);

  cd_extract_context_free (ctx);
  return ok;
}

/* "member@page" of every piece of text, in the order they came. */
static char *
collected_keys (Collector *c)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < c->keys->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ';');
      g_string_append (s, g_ptr_array_index (c->keys, i));
    }
  return g_string_free (s, FALSE);
}

static const char *
status_name (CdExtractMemberStatus status)
{
  switch (status)
    {
    case CD_EXTRACT_MEMBER_SCANNED:
      return "scanned";
    case CD_EXTRACT_MEMBER_REVIEW:
      return "review";
    case CD_EXTRACT_MEMBER_FAILED:
    default:
      return "failed";
    }
}

/* "member=status" of every member reported, in order. */
static char *
collected_reports (Collector *c)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < c->reports->len; i++)
    {
      Report *report = g_ptr_array_index (c->reports, i);

      if (i > 0)
        g_string_append_c (s, ';');
      g_string_append_printf (s, "%s=%s", report->member, status_name (report->status));
    }
  return g_string_free (s, FALSE);
}

static const char *
report_reason (Collector  *c,
               guint       index)
{
  g_assert_cmpuint (index, <, c->reports->len);
  return ((Report *) g_ptr_array_index (c->reports, index))->reason;
}

/* Exactly @n_id resident IDs, @n_mobile mobiles and @n_email e-mail
 * addresses (and nothing else) in the text of @member on @page. */
static void
assert_found (Collector  *c,
              const char *member,
              guint       page,
              guint       n_id,
              guint       n_mobile,
              guint       n_email)
{
  g_autofree char *key = text_key (member, page);
  GString *s = g_hash_table_lookup (c->texts, key);
  g_autoptr(GArray) spans = NULL;
  guint counts[CD_N_DETECT_KINDS] = { 0 };

  if (s == NULL)
    {
      g_assert_cmpuint (n_id + n_mobile + n_email, ==, 0);
      return;
    }
  spans = cd_detect_scan (s->str, s->len, CD_DETECT_ALL_KINDS);
  for (guint i = 0; i < spans->len; i++)
    counts[g_array_index (spans, CdDetectSpan, i).kind]++;
  g_assert_cmpuint (counts[CD_DETECT_RESIDENT_ID], ==, n_id);
  g_assert_cmpuint (counts[CD_DETECT_MOBILE], ==, n_mobile);
  g_assert_cmpuint (counts[CD_DETECT_EMAIL], ==, n_email);
  g_assert_cmpuint (spans->len, ==, n_id + n_mobile + n_email);
}

/* -- making archives ------------------------------------------------------- */

typedef enum
{
  ENTRY_FILE,
  ENTRY_DIR,
  ENTRY_SYMLINK,
  ENTRY_HARDLINK,
} EntryType;

typedef struct
{
  const char *name;
  const char *data;       /* the link target for links */
  gssize      len;        /* -1: strlen (data) */
  EntryType   type;
} Entry;

static la_ssize_t
write_to_array (struct archive *a,
                void           *user_data,
                const void     *buffer,
                size_t          length)
{
  g_byte_array_append (user_data, buffer, (guint) length);
  return (la_ssize_t) length;
}

static void
write_entry (struct archive *a,
             const Entry    *e)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize len = e->data == NULL ? 0 : e->len < 0 ? strlen (e->data) : (gsize) e->len;

  archive_entry_copy_pathname (entry, e->name);
  archive_entry_set_mtime (entry, 1700000000, 0);
  switch (e->type)
    {
    case ENTRY_DIR:
      archive_entry_set_filetype (entry, AE_IFDIR);
      archive_entry_set_perm (entry, 0755);
      break;
    case ENTRY_SYMLINK:
      archive_entry_set_filetype (entry, AE_IFLNK);
      archive_entry_set_perm (entry, 0777);
      archive_entry_copy_symlink (entry, e->data);
      break;
    case ENTRY_HARDLINK:
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_copy_hardlink (entry, e->data);
      archive_entry_set_size (entry, 0);
      break;
    case ENTRY_FILE:
    default:
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, (la_int64_t) len);
      break;
    }
  g_assert_cmpint (archive_write_header (a, entry), >=, ARCHIVE_WARN);
  if (e->type == ENTRY_FILE && len > 0)
    g_assert_cmpint (archive_write_data (a, e->data, len), ==, (la_ssize_t) len);
  archive_entry_free (entry);
}

/* An archive of @format ("zip", "ustar", "7zip"…) through @filter
 * ("gzip", "xz"… or NULL), with libarchive @options and a @passphrase. */
static GBytes *
make_archive_full (const char  *format,
                   const char  *filter,
                   const char  *options,
                   const char  *passphrase,
                   const Entry *entries,
                   guint        n_entries)
{
  struct archive *a = archive_write_new ();
  GByteArray *out = g_byte_array_new ();

  g_assert_cmpint (archive_write_set_format_by_name (a, format), ==, ARCHIVE_OK);
  if (filter != NULL)
    g_assert_cmpint (archive_write_add_filter_by_name (a, filter), ==, ARCHIVE_OK);
  if (options != NULL)
    g_assert_cmpint (archive_write_set_options (a, options), ==, ARCHIVE_OK);
  if (passphrase != NULL)
    g_assert_cmpint (archive_write_set_passphrase (a, passphrase), ==, ARCHIVE_OK);
  archive_write_set_bytes_in_last_block (a, 1);
  g_assert_cmpint (archive_write_open (a, out, NULL, write_to_array, NULL), ==, ARCHIVE_OK);
  for (guint i = 0; i < n_entries; i++)
    write_entry (a, &entries[i]);
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
make_archive (const char  *format,
              const char  *filter,
              const Entry *entries,
              guint        n_entries)
{
  return make_archive_full (format, filter, NULL, NULL, entries, n_entries);
}

static GBytes *
cut_bytes (GBytes *bytes,
           gsize   len)
{
  g_assert_cmpuint (len, <=, g_bytes_get_size (bytes));
  return g_bytes_new_from_bytes (bytes, 0, len);
}

/* Offsets of every "PK\3\4" (a local file header) in a zip. */
static GArray *
zip_local_headers (GBytes *zip)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (zip, &len);
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (gsize i = 0; i + 4 <= len; i++)
    if (memcmp (data + i, "PK\3\4", 4) == 0)
      g_array_append_val (offsets, i);
  return offsets;
}

static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
  return ~crc;
}

/* -- a deflate stream written by hand -------------------------------------- */

/* libarchive's writer would take seconds to compress a gigabyte; a fixed
 * Huffman block of "a literal, then copy 258 bytes from 1 back" again and
 * again takes 13 bits per 258 bytes and no time to write. */
typedef struct
{
  GByteArray *out;
  guint32     bits;
  guint       n_bits;
} BitWriter;

static void
put_bits (BitWriter *w,
          guint32    value,
          guint      n)
{
  w->bits |= value << w->n_bits;
  w->n_bits += n;
  while (w->n_bits >= 8)
    {
      guint8 byte = w->bits & 0xff;

      g_byte_array_append (w->out, &byte, 1);
      w->bits >>= 8;
      w->n_bits -= 8;
    }
}

/* Huffman codes go most significant bit first. */
static void
put_code (BitWriter *w,
          guint32    code,
          guint      len)
{
  guint32 reversed = 0;

  for (guint i = 0; i < len; i++)
    reversed |= ((code >> i) & 1) << (len - 1 - i);
  put_bits (w, reversed, len);
}

static void
put_literal (BitWriter *w,
             guint8     byte)
{
  if (byte < 144)
    put_code (w, 0x30 + byte, 8);
  else
    put_code (w, 0x190 + (byte - 144), 9);
}

/* A gzip member of @prefix then @run_len times @byte (with the original
 * file name @fname in its header, or none). The CRC in the trailer is not
 * computed: the stream is made to be stopped long before its end. */
static GBytes *
make_gzip_run (const char *prefix,
               gsize       prefix_len,
               guint8      byte,
               guint64     run_len,
               const char *fname)
{
  static const guint8 header[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
  BitWriter w = { g_byte_array_sized_new ((guint) (run_len / 2064 * 13 + 1024)), 0, 0 };
  guint64 remaining = run_len;
  guint8 trailer[8] = { 0 };

  g_byte_array_append (w.out, header, sizeof header);
  if (fname != NULL)
    {
      w.out->data[3] = 0x08;   /* FNAME */
      g_byte_array_append (w.out, (const guint8 *) fname, (guint) strlen (fname) + 1);
    }

  put_bits (&w, 1, 1);   /* BFINAL */
  put_bits (&w, 1, 2);   /* fixed Huffman codes */
  for (gsize i = 0; i < prefix_len; i++)
    put_literal (&w, (guint8) prefix[i]);
  if (remaining > 0)
    {
      put_literal (&w, byte);
      remaining--;
    }
  while (remaining >= 258)
    {
      put_code (&w, 0xc5, 8);   /* length 258 (code 285) */
      put_code (&w, 0, 5);      /* distance 1 */
      remaining -= 258;
    }
  while (remaining-- > 0)
    put_literal (&w, byte);
  put_code (&w, 0, 7);          /* end of block */
  if (w.n_bits > 0)
    put_bits (&w, 0, 8 - w.n_bits);

  trailer[4] = (guint8) ((prefix_len + run_len) & 0xff);
  trailer[5] = (guint8) (((prefix_len + run_len) >> 8) & 0xff);
  trailer[6] = (guint8) (((prefix_len + run_len) >> 16) & 0xff);
  trailer[7] = (guint8) (((prefix_len + run_len) >> 24) & 0xff);
  g_byte_array_append (w.out, trailer, sizeof trailer);
  return g_byte_array_free_to_bytes (w.out);
}

/* A ustar header for one file of @size bytes. */
static void
make_tar_header (guint8     *header,
                 const char *name,
                 guint64     size)
{
  guint sum = 0;

  memset (header, 0, 512);
  memcpy (header, name, strlen (name));
  memcpy (header + 100, "0000644", 7);
  memcpy (header + 108, "0001750", 7);
  memcpy (header + 116, "0001750", 7);
  g_snprintf ((char *) header + 124, 12, "%011" G_GINT64_MODIFIER "o", size);
  memcpy (header + 136, "14524140400", 11);
  memset (header + 148, ' ', 8);
  header[156] = '0';
  memcpy (header + 257, "ustar", 6);
  memcpy (header + 263, "00", 2);
  for (guint i = 0; i < 512; i++)
    sum += header[i];
  g_snprintf ((char *) header + 148, 8, "%06o", sum);
  header[155] = ' ';
}

static glong
max_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* The peak memory grew by less than @max_kib (the limits under test plus
 * some slack, against the gigabytes the input expands to). AddressSanitizer
 * keeps freed memory in quarantine, so the peak says nothing there. */
static void
assert_rss_growth (glong rss_before,
                   glong max_kib)
{
#ifdef UNDER_ASAN
  g_test_message ("peak memory not checked under AddressSanitizer");
#else
  g_assert_cmpint (max_rss_kib () - rss_before, <, max_kib);
#endif
}

static void
assert_total_limit (const GError *error,
                    guint64       limit)
{
  g_autofree char *size = g_format_size (limit);
  g_autofree char *message = g_strdup_printf ("Expands to more than %s: stopped (a compression bomb?)", size);

  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, message);
}

/* -- the tests -------------------------------------------------------------- */

static void
test_identifiers (void)
{
  static const struct { const char *text; CdDetectKind kind; } cases[] = {
    { ID_NUMBER, CD_DETECT_RESIDENT_ID },
    { MOBILE, CD_DETECT_MOBILE },
    { EMAIL, CD_DETECT_EMAIL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) spans = cd_detect_scan (cases[i].text, strlen (cases[i].text),
                                                CD_DETECT_ALL_KINDS);

      g_assert_cmpuint (spans->len, ==, 1);
      g_assert_cmpint (g_array_index (spans, CdDetectSpan, 0).kind, ==, cases[i].kind);
      g_assert_cmpuint (g_array_index (spans, CdDetectSpan, 0).start, ==, 0);
      g_assert_cmpuint (g_array_index (spans, CdDetectSpan, 0).end, ==, strlen (cases[i].text));
    }
}

static void
test_zip (void)
{
  static const Entry entries[] = {
    { "docs/", NULL, 0, ENTRY_DIR },
    { "docs/a.txt", "Mobile " MOBILE "\n", -1, ENTRY_FILE },
    { "b.csv", "id,email\n" ID_NUMBER "," EMAIL "\n", -1, ENTRY_FILE },
    { "empty.txt", "", 0, ENTRY_FILE },
  };
  g_autoptr(GBytes) zip = make_archive ("zip", NULL, entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *reports = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (extract (&c, NULL, "customers.zip", zip, &error));
  g_assert_no_error (error);
  keys = collected_keys (&c);
  g_assert_cmpstr (keys, ==, "docs/a.txt@0;b.csv@0");
  assert_found (&c, "docs/a.txt", 0, 0, 1, 0);
  assert_found (&c, "b.csv", 0, 1, 0, 1);
  reports = collected_reports (&c);
  g_assert_cmpstr (reports, ==, "docs/a.txt=scanned;b.csv=scanned;empty.txt=scanned");
  collector_clear (&c);
}

static void
test_formats (void)
{
  static const Entry entries[] = {
    { "a.txt", "Mobile " MOBILE "\n", -1, ENTRY_FILE },
    { "sub/b.txt", "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
  };
  static const struct { const char *format; const char *filter; const char *name; } cases[] = {
    { "ustar", NULL, "x.tar" },
    { "paxr", "gzip", "x.tar.gz" },
    { "paxr", "bzip2", "x.tar.bz2" },
    { "paxr", "xz", "x.tar.xz" },
    { "paxr", "zstd", "x.tar.zst" },
    { "7zip", NULL, "x.7z" },
    { "cpio", "gzip", "x.cpio.gz" },
    { "zip", NULL, "x.zip" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) archive = make_archive (cases[i].format, cases[i].filter,
                                                entries, G_N_ELEMENTS (entries));
      g_autoptr(GError) error = NULL;
      g_autofree char *keys = NULL;
      g_autofree char *reports = NULL;
      Collector c;

      g_test_message ("%s", cases[i].name);
      collector_init (&c);
      g_assert_true (extract (&c, NULL, cases[i].name, archive, &error));
      g_assert_no_error (error);
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, "a.txt@0;sub/b.txt@0");
      assert_found (&c, "a.txt", 0, 0, 1, 0);
      assert_found (&c, "sub/b.txt", 0, 1, 0, 0);
      reports = collected_reports (&c);
      g_assert_cmpstr (reports, ==, "a.txt=scanned;sub/b.txt=scanned");
      collector_clear (&c);
    }
}

/* A bare .gz, .bz2, .xz: one member, named after the file without its
 * suffix, or after the name in the gzip header, or "data". */
static void
test_raw (void)
{
  static const Entry text = { "customers.csv", "name,mobile\nZhang San," MOBILE "\n", -1, ENTRY_FILE };
  static const char * const filters[] = { "gzip", "bzip2", "xz" };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GBytes) raw = make_archive ("raw", filters[i], &text, 1);
      g_autofree char *inner_name = g_strdup_printf ("customers.csv.%s",
                                                     i == 0 ? "gz" : i == 1 ? "bz2" : "xz");
      Entry outer_entry = { inner_name, g_bytes_get_data (raw, NULL),
                            (gssize) g_bytes_get_size (raw), ENTRY_FILE };
      g_autoptr(GBytes) zip = make_archive ("zip", NULL, &outer_entry, 1);
      g_autoptr(GError) error = NULL;
      g_autofree char *keys = NULL;
      g_autofree char *reports = NULL;
      g_autofree char *member = g_strconcat (inner_name, "!/customers.csv", NULL);
      g_autofree char *expected_keys = g_strconcat (member, "@0", NULL);
      g_autofree char *expected_reports = g_strconcat (member, "=scanned;", inner_name, "=scanned", NULL);
      Collector c;

      /* On its own: the extractor does not know the file's name. */
      g_test_message ("%s", filters[i]);
      collector_init (&c);
      g_assert_true (extract (&c, NULL, inner_name, raw, &error));
      g_assert_no_error (error);
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, "data@0");
      assert_found (&c, "data", 0, 0, 1, 0);
      reports = collected_reports (&c);
      g_assert_cmpstr (reports, ==, "data=scanned");
      collector_clear (&c);
      g_clear_pointer (&keys, g_free);
      g_clear_pointer (&reports, g_free);

      /* Inside a zip, under its name. */
      collector_init (&c);
      g_assert_true (extract (&c, NULL, "outer.zip", zip, &error));
      g_assert_no_error (error);
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, expected_keys);
      assert_found (&c, member, 0, 0, 1, 0);
      reports = collected_reports (&c);
      g_assert_cmpstr (reports, ==, expected_reports);
      collector_clear (&c);
    }

  /* The name kept in the gzip header. */
  {
    g_autoptr(GBytes) gz = make_gzip_run ("mobile " MOBILE "\n", strlen ("mobile " MOBILE "\n"),
                                          'x', 10, "list.txt");
    g_autoptr(GError) error = NULL;
    g_autofree char *keys = NULL;
    Collector c;

    collector_init (&c);
    g_assert_true (extract (&c, NULL, "list.gz", gz, &error));
    g_assert_no_error (error);
    keys = collected_keys (&c);
    g_assert_cmpstr (keys, ==, "list.txt@0");
    assert_found (&c, "list.txt", 0, 0, 1, 0);
    collector_clear (&c);
  }
}

/* A zip from Chinese Windows: the name in GBK, without the UTF-8 flag. */
static void
test_names_gbk (void)
{
  const char *name = "客户名单.txt";
  g_autofree char *gbk = g_convert (name, -1, "GBK", "UTF-8", NULL, NULL, NULL);
  const Entry entries[] = {
    { name, "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
  };
  const Entry raw_entries[] = {
    { gbk, "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
  };
  g_autoptr(GBytes) zip = make_archive_full ("zip", NULL, "hdrcharset=GBK", NULL,
                                             entries, G_N_ELEMENTS (entries));
  g_autoptr(GBytes) tar = make_archive ("ustar", NULL, raw_entries, G_N_ELEMENTS (raw_entries));
  GBytes *archives[] = { zip, tar };
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (zip, &len);

  /* The zip really holds the GBK bytes, not UTF-8. */
  g_assert_nonnull (gbk);
  g_assert_false (g_utf8_validate (gbk, -1, NULL));
  g_assert_nonnull (memmem (data, len, gbk, strlen (gbk)));
  g_assert_null (memmem (data, len, name, strlen (name)));

  for (guint i = 0; i < G_N_ELEMENTS (archives); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *keys = NULL;
      g_autofree char *reports = NULL;
      Collector c;

      collector_init (&c);
      g_assert_true (extract (&c, NULL, i == 0 ? "名单.zip" : "名单.tar", archives[i], &error));
      g_assert_no_error (error);
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, "客户名单.txt@0");
      assert_found (&c, name, 0, 1, 0, 0);
      reports = collected_reports (&c);
      g_assert_cmpstr (reports, ==, "客户名单.txt=scanned");
      collector_clear (&c);
    }
}

/* Names in no charset at all come out escaped, and always valid UTF-8. */
static void
test_names_invalid (void)
{
  static const Entry entries[] = {
    { "\xff\xfe-list.txt", EMAIL "\n", -1, ENTRY_FILE },
    { "ok-\x80.txt", MOBILE "\n", -1, ENTRY_FILE },
  };
  g_autoptr(GBytes) tar = make_archive ("ustar", NULL, entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (extract (&c, NULL, "odd.tar", tar, &error));
  g_assert_no_error (error);
  keys = collected_keys (&c);
  g_assert_cmpstr (keys, ==, "\\xff\\xfe-list.txt@0;ok-\\x80.txt@0");
  assert_found (&c, "\\xff\\xfe-list.txt", 0, 0, 0, 1);
  assert_found (&c, "ok-\\x80.txt", 0, 0, 1, 0);
  collector_clear (&c);
}

/* Names that would climb out of a folder are names, nothing more: they
 * are reported as they are and nothing is written anywhere. */
static void
test_names_traversal (void)
{
  static const Entry entries[] = {
    { "../../etc/passwd", "root:" EMAIL "\n", -1, ENTRY_FILE },
    { "/etc/passwd", "root:" MOBILE "\n", -1, ENTRY_FILE },
    { "C:\\Windows\\x.txt", ID_NUMBER "\n", -1, ENTRY_FILE },
    { "a/../../b.txt", MOBILE "\n", -1, ENTRY_FILE },
  };
  /* libarchive's zip reader turns a DOS name's backslashes into slashes. */
  static const struct { const char *format; const char *dos_name; } formats[] = {
    { "zip", "C:/Windows/x.txt" },
    { "paxr", "C:\\Windows\\x.txt" },
    { "7zip", "C:\\Windows\\x.txt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) archive = make_archive (formats[i].format, NULL, entries, G_N_ELEMENTS (entries));
      g_autoptr(GError) error = NULL;
      g_autofree char *keys = NULL;
      g_autofree char *expected_keys = g_strdup_printf ("../../etc/passwd@0;/etc/passwd@0;%s@0;a/../../b.txt@0",
                                                        formats[i].dos_name);
      GStatBuf before, after;
      Collector c;

      g_test_message ("%s", formats[i].format);
      g_assert_cmpint (g_stat ("/etc/passwd", &before), ==, 0);
      collector_init (&c);
      g_assert_true (extract (&c, NULL, "evil", archive, &error));
      g_assert_no_error (error);
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, expected_keys);
      assert_found (&c, "../../etc/passwd", 0, 0, 0, 1);
      assert_found (&c, "/etc/passwd", 0, 0, 1, 0);
      assert_found (&c, formats[i].dos_name, 0, 1, 0, 0);
      assert_found (&c, "a/../../b.txt", 0, 0, 1, 0);
      collector_clear (&c);
      g_assert_cmpint (g_stat ("/etc/passwd", &after), ==, 0);
      g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
      g_assert_cmpint (before.st_size, ==, after.st_size);
      g_assert_false (g_file_test (formats[i].dos_name, G_FILE_TEST_EXISTS));
    }
}

/* A program left in the "C" locale still gets the names right: zip keeps
 * them in UTF-8, 7z in UTF-16, and libarchive converts to the locale. */
static void
test_names_c_locale (void)
{
  const Entry entries[] = {
    { "客户名单.txt", "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
  };
  static const char * const formats[] = { "zip", "7zip", "paxr" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) archive = make_archive (formats[i], NULL, entries, G_N_ELEMENTS (entries));
      g_autoptr(GError) error = NULL;
      g_autofree char *keys = NULL;
      locale_t c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
      locale_t previous;
      gboolean ok;
      Collector c;

      g_test_message ("%s", formats[i]);
      collector_init (&c);
      previous = uselocale (c_locale);
      g_assert_cmpstr (nl_langinfo (CODESET), !=, "UTF-8");
      ok = extract (&c, NULL, "names", archive, &error);
      uselocale (previous);
      freelocale (c_locale);
      g_assert_no_error (error);
      g_assert_true (ok);
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, "客户名单.txt@0");
      assert_found (&c, "客户名单.txt", 0, 1, 0, 0);
      collector_clear (&c);
    }
}

/* A member larger than max_member_bytes: its first part is read, it is
 * reported for review, and the members after it are read. */
static void
test_member_limit (void)
{
  g_autoptr(GString) big = g_string_new ("Mobile " MOBILE "\n");
  static const char * const formats[][2] = {
    { "zip", NULL }, { "paxr", NULL }, { "paxr", "gzip" }, { "7zip", NULL },
  };
  CdExtractLimits limits;

  while (big->len < 3 * MIB)
    g_string_append (big, "lorem ipsum dolor sit amet, ");
  g_string_append (big, "\nlast line " EMAIL "\n");

  cd_extract_limits_init_default (&limits);
  limits.max_member_bytes = 1 * MIB;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const Entry entries[] = {
        { "big.txt", big->str, (gssize) big->len, ENTRY_FILE },
        { "after.txt", "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
      };
      g_autoptr(GBytes) archive = make_archive (formats[i][0], formats[i][1], entries, 2);
      g_autoptr(GError) error = NULL;
      g_autofree char *keys = NULL;
      g_autofree char *reports = NULL;
      g_autofree char *size = g_format_size (MIB);
      g_autofree char *reason = g_strdup_printf ("Only the first %s were read: check the rest by hand", size);
      Collector c;

      g_test_message ("%s %s", formats[i][0], formats[i][1] != NULL ? formats[i][1] : "");
      collector_init (&c);
      g_assert_true (extract (&c, &limits, "big", archive, &error));
      g_assert_no_error (error);
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, "big.txt@0;after.txt@0");
      /* The e-mail address at the end is beyond the first mebibyte. */
      assert_found (&c, "big.txt", 0, 0, 1, 0);
      g_assert_cmpuint (((GString *) g_hash_table_lookup (c.texts, "big.txt@0"))->len, ==, MIB + 1);
      assert_found (&c, "after.txt", 0, 1, 0, 0);
      reports = collected_reports (&c);
      g_assert_cmpstr (reports, ==, "big.txt=scanned;big.txt=review;after.txt=scanned");
      g_assert_cmpstr (report_reason (&c, 1), ==, reason);
      collector_clear (&c);
    }
}

/* A zip in a tar.gz in a zip: member paths joined with "!/". */
static void
test_nested (void)
{
  static const Entry deep_entries[] = {
    { "a.txt", "Mobile " MOBILE "\n", -1, ENTRY_FILE },
  };
  g_autoptr(GBytes) deep = make_archive ("zip", NULL, deep_entries, 1);
  const Entry middle_entries[] = {
    { "deep.zip", g_bytes_get_data (deep, NULL), (gssize) g_bytes_get_size (deep), ENTRY_FILE },
    { "notes.txt", EMAIL "\n", -1, ENTRY_FILE },
  };
  g_autoptr(GBytes) middle = make_archive ("paxr", "gzip", middle_entries, 2);
  const Entry top_entries[] = {
    { "readme.txt", "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
    { "inner.tar.gz", g_bytes_get_data (middle, NULL), (gssize) g_bytes_get_size (middle), ENTRY_FILE },
  };
  g_autoptr(GBytes) top = make_archive ("zip", NULL, top_entries, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *reports = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (extract (&c, NULL, "outer.zip", top, &error));
  g_assert_no_error (error);
  keys = collected_keys (&c);
  g_assert_cmpstr (keys, ==,
                   "readme.txt@0;inner.tar.gz!/deep.zip!/a.txt@0;inner.tar.gz!/notes.txt@0");
  assert_found (&c, "readme.txt", 0, 1, 0, 0);
  assert_found (&c, "inner.tar.gz!/deep.zip!/a.txt", 0, 0, 1, 0);
  assert_found (&c, "inner.tar.gz!/notes.txt", 0, 0, 0, 1);
  reports = collected_reports (&c);
  g_assert_cmpstr (reports, ==,
                   "readme.txt=scanned;"
                   "inner.tar.gz!/deep.zip!/a.txt=scanned;"
                   "inner.tar.gz!/deep.zip=scanned;"
                   "inner.tar.gz!/notes.txt=scanned;"
                   "inner.tar.gz=scanned");
  collector_clear (&c);
}

/* Directories, symbolic and hard links hold nothing to read. */
static void
test_special_entries (void)
{
  static const Entry entries[] = {
    { "dir/", NULL, 0, ENTRY_DIR },
    { "dir/file.txt", MOBILE "\n", -1, ENTRY_FILE },
    { "dir/link", "/etc/shadow", -1, ENTRY_SYMLINK },
    { "dir/hard", "dir/file.txt", -1, ENTRY_HARDLINK },
  };
  g_autoptr(GBytes) tar = make_archive ("paxr", NULL, entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *reports = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (extract (&c, NULL, "links.tar", tar, &error));
  g_assert_no_error (error);
  keys = collected_keys (&c);
  g_assert_cmpstr (keys, ==, "dir/file.txt@0");
  assert_found (&c, "dir/file.txt", 0, 0, 1, 0);
  reports = collected_reports (&c);
  g_assert_cmpstr (reports, ==, "dir/file.txt=scanned");
  collector_clear (&c);
}

static void
test_encrypted_zip (void)
{
  static const Entry entries[] = {
    { "secret.txt", "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
    { "secret2.txt", "Mobile " MOBILE "\n", -1, ENTRY_FILE },
  };
  /* libarchive does not encrypt an empty file: one member in the clear. */
  static const Entry partly_entries[] = {
    { "secret.txt", "ID " ID_NUMBER "\n", -1, ENTRY_FILE },
    { "empty.txt", "", 0, ENTRY_FILE },
  };
  g_autoptr(GBytes) locked = make_archive_full ("zip", NULL, "zip:encryption=zipcrypt", "12345678",
                                                entries, G_N_ELEMENTS (entries));
  g_autoptr(GBytes) partly = make_archive_full ("zip", NULL, "zip:encryption=zipcrypt", "12345678",
                                                partly_entries, G_N_ELEMENTS (partly_entries));
  const Entry outer_entries[] = {
    { "plain.txt", EMAIL "\n", -1, ENTRY_FILE },
    { "locked.zip", g_bytes_get_data (locked, NULL), (gssize) g_bytes_get_size (locked), ENTRY_FILE },
  };
  g_autoptr(GBytes) outer = make_archive ("zip", NULL, outer_entries, 2);
  gsize len = 0;
  const char *data = g_bytes_get_data (locked, &len);

  /* The text is not in the clear. */
  g_assert_null (memmem (data, len, ID_NUMBER, strlen (ID_NUMBER)));

  /* All of it encrypted: the archive is. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *reports = NULL;
    Collector c;

    collector_init (&c);
    g_assert_false (extract (&c, NULL, "locked.zip", locked, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED);
    g_assert_cmpstr (error->message, ==, "Encrypted: not scanned");
    g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
    reports = collected_reports (&c);
    g_assert_cmpstr (reports, ==, "secret.txt=review;secret2.txt=review");
    g_assert_cmpstr (report_reason (&c, 0), ==, "Encrypted: not scanned");
    collector_clear (&c);
  }

  /* Some of it: those members are for review, the rest is read. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *reports = NULL;
    Collector c;

    collector_init (&c);
    g_assert_true (extract (&c, NULL, "partly.zip", partly, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
    reports = collected_reports (&c);
    g_assert_cmpstr (reports, ==, "secret.txt=review;empty.txt=scanned");
    collector_clear (&c);
  }

  /* Inside another zip: its members and itself for review, the rest read. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *keys = NULL;
    g_autofree char *reports = NULL;
    Collector c;

    collector_init (&c);
    g_assert_true (extract (&c, NULL, "outer.zip", outer, &error));
    g_assert_no_error (error);
    keys = collected_keys (&c);
    g_assert_cmpstr (keys, ==, "plain.txt@0");
    assert_found (&c, "plain.txt", 0, 0, 0, 1);
    reports = collected_reports (&c);
    g_assert_cmpstr (reports, ==,
                     "plain.txt=scanned;locked.zip!/secret.txt=review;"
                     "locked.zip!/secret2.txt=review;locked.zip=review");
    g_assert_cmpstr (report_reason (&c, 3), ==, "Encrypted: not scanned");
    collector_clear (&c);
  }
}

/* A 7z whose list of files is encrypted (AES-256), made by hand: libarchive
 * tells from the coder of the header that it cannot be read, so the
 * encrypted bytes themselves can be anything. */
static GBytes *
make_7z_encrypted_header (void)
{
  static const guint8 encoded_header[] = {
    0x17,                                     /* kEncodedHeader */
    0x06, 0x00, 0x01, 0x09, 0x10, 0x00,       /* kPackInfo: at 0, 1 stream of 16 bytes */
    0x07, 0x0b, 0x01, 0x00,                   /* kUnPackInfo, kFolder: 1 folder, inline */
    0x01, 0x24, 0x06, 0xf1, 0x07, 0x01,       /* 1 coder: 7zAES (06 F1 07 01), with properties */
    0x0a, 0x53, 0x07, 0x4f, 0x1a, 0xf2, 0xe5, 0x45, 0x1d, 0x2e, 0xd2,
    0x0c, 0x10,                               /* kCodersUnPackSize: 16 */
    0x00,                                     /* kEnd */
    0x00,                                     /* kEnd */
  };
  guint8 file[32 + 16 + sizeof encoded_header];
  guint32 crc;

  memset (file, 0, sizeof file);
  memcpy (file, "7z\xbc\xaf\x27\x1c\x00\x04", 8);
  file[12] = 16;                              /* next header offset */
  file[20] = sizeof encoded_header;           /* next header size */
  crc = crc32_of (encoded_header, sizeof encoded_header);
  for (int i = 0; i < 4; i++)
    file[28 + i] = (crc >> (8 * i)) & 0xff;
  crc = crc32_of (file + 12, 20);
  for (int i = 0; i < 4; i++)
    file[8 + i] = (crc >> (8 * i)) & 0xff;
  for (int i = 0; i < 16; i++)
    file[32 + i] = (guint8) (0xa5 ^ (i * 37));
  memcpy (file + 48, encoded_header, sizeof encoded_header);
  return g_bytes_new (file, sizeof file);
}

static void
test_encrypted_7z (void)
{
  g_autoptr(GBytes) archive = make_7z_encrypted_header ();
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_false (extract (&c, NULL, "locked.7z", archive, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED);
  g_assert_cmpstr (error->message, ==, "Encrypted: not scanned");
  g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
  g_assert_cmpuint (c.reports->len, ==, 0);
  collector_clear (&c);
}

typedef struct
{
  GBytes     *archive;
  gsize       cut;
  const char *keys;      /* what is read before the cut */
  const char *reports;
} Cut;

/* Archives cut short: what came before the cut is read, then the archive
 * fails as damaged with libarchive's word for it. */
static void
test_truncated (void)
{
  static const Entry entries[] = {
    { "1.txt", "first " ID_NUMBER "\n", -1, ENTRY_FILE },
    { "2.txt", "second " MOBILE "\n", -1, ENTRY_FILE },
    { "3.txt", "third " EMAIL "\n", -1, ENTRY_FILE },
  };
  g_autoptr(GBytes) zip = make_archive ("zip", NULL, entries, G_N_ELEMENTS (entries));
  g_autoptr(GBytes) targz = make_archive ("paxr", "gzip", entries, G_N_ELEMENTS (entries));
  g_autoptr(GBytes) sevenzip = make_archive ("7zip", NULL, entries, G_N_ELEMENTS (entries));
  g_autoptr(GArray) headers = zip_local_headers (zip);
  gsize central = 0;
  Cut cases[8];
  guint n = 0;

  g_assert_cmpuint (headers->len, ==, 3);
  {
    gsize len = 0;
    const guint8 *data = g_bytes_get_data (zip, &len);
    const guint8 *found = memmem (data + g_array_index (headers, gsize, 2), len - g_array_index (headers, gsize, 2),
                                  "PK\1\2", 4);

    g_assert_nonnull (found);
    central = found - data;
  }

  /* Inside the first local header: nothing to read. */
  cases[n++] = (Cut) { zip, 10, "", "" };
  /* At the second member: the first is whole. */
  cases[n++] = (Cut) { zip, g_array_index (headers, gsize, 1), "1.txt@0", "1.txt=scanned" };
  /* At the third. */
  cases[n++] = (Cut) { zip, g_array_index (headers, gsize, 2), "1.txt@0;2.txt@0",
                                     "1.txt=scanned;2.txt=scanned" };
  /* Every member, but no central directory. */
  cases[n++] = (Cut) { zip, central, "1.txt@0;2.txt@0;3.txt@0",
                                     "1.txt=scanned;2.txt=scanned;3.txt=scanned" };
  /* A tar.gz cut in its gzip header, and in the middle of its stream. */
  cases[n++] = (Cut) { targz, 5, "", "" };
  cases[n++] = (Cut) { targz, g_bytes_get_size (targz) / 2, "", "" };
  /* A 7z without the list of its files at the end. */
  cases[n++] = (Cut) { sevenzip, g_bytes_get_size (sevenzip) - 10, "", "" };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) cut = cut_bytes (cases[i].archive, cases[i].cut);
      g_autoptr(GError) error = NULL;
      g_autofree char *keys = NULL;
      g_autofree char *reports = NULL;
      Collector c;

      g_test_message ("case %u: cut at %" G_GSIZE_FORMAT, i, cases[i].cut);
      collector_init (&c);
      g_assert_false (extract (&c, NULL, "cut", cut, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
      g_assert_true (g_str_has_prefix (error->message, "Damaged or truncated archive: "));
      g_assert_cmpuint (strlen (error->message), >, strlen ("Damaged or truncated archive: "));
      keys = collected_keys (&c);
      g_assert_cmpstr (keys, ==, cases[i].keys);
      reports = collected_reports (&c);
      g_assert_cmpstr (reports, ==, cases[i].reports);
      assert_found (&c, "1.txt", 0, strstr (cases[i].keys, "1.txt") != NULL ? 1 : 0, 0, 0);
      assert_found (&c, "2.txt", 0, 0, strstr (cases[i].keys, "2.txt") != NULL ? 1 : 0, 0);
      assert_found (&c, "3.txt", 0, 0, 0, strstr (cases[i].keys, "3.txt") != NULL ? 1 : 0);
      collector_clear (&c);
    }
}

/* Bytes that only start like an archive. */
static void
test_garbage (void)
{
  static const struct { const char *head; guint len; } heads[] = {
    { "PK\3\4\x14\0\0\0", 8 },   /* flags 0: not taken for an encrypted member */
    { "7z\xbc\xaf\x27\x1c", 6 },
    { "Rar!\x1a\x07\x00", 7 },
    { "\x1f\x8b\x08\x00", 4 },
    { "BZh9", 4 },
    { "\xfd" "7zXZ\0", 6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      GRand *rand = g_rand_new_with_seed (i);
      Collector c;

      g_byte_array_append (data, (const guint8 *) heads[i].head, heads[i].len);
      for (guint k = 0; k < 4096; k++)
        {
          guint8 b = (guint8) g_rand_int_range (rand, 0, 256);

          g_byte_array_append (data, &b, 1);
        }
      g_rand_free (rand);
      bytes = g_bytes_new (data->data, data->len);

      g_test_message ("head %u", i);
      collector_init (&c);
      g_assert_false (extract (&c, NULL, "garbage", bytes, &error));
      g_test_message ("%s", error->message);
      g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
      g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
      collector_clear (&c);
    }
}

/* 42.zip in small: 16 zips of 16 zips of 16 zips of a mebibyte of zeros
 * (4 GiB in all from a few hundred kilobytes), stopped by the total. */
static void
test_bomb_nested (void)
{
  g_autofree guint8 *zeros = g_malloc0 (MIB);
  Entry entry = { "zeros.bin", (const char *) zeros, MIB, ENTRY_FILE };
  g_autoptr(GBytes) level = make_archive ("zip", NULL, &entry, 1);
  CdExtractLimits limits;
  g_autoptr(GError) error = NULL;
  Collector c;
  glong rss_before;
  gint64 start;
  guint n_zeros = 0;

  for (guint depth = 1; depth <= 3; depth++)
    {
      Entry entries[16];
      char names[16][16];
      GBytes *next;

      for (guint i = 0; i < 16; i++)
        {
          g_snprintf (names[i], sizeof names[i], "lib %u.zip", i);
          entries[i] = (Entry) { names[i], g_bytes_get_data (level, NULL),
                                 (gssize) g_bytes_get_size (level), ENTRY_FILE };
        }
      next = make_archive ("zip", NULL, entries, 16);
      g_bytes_unref (level);
      level = next;
    }
  g_assert_cmpuint (g_bytes_get_size (level), <, 2 * MIB);

  cd_extract_limits_init_default (&limits);
  limits.max_total_bytes = 48 * MIB;
  limits.max_member_bytes = 8 * MIB;
  limits.max_ratio = G_MAXUINT;

  rss_before = max_rss_kib ();
  start = g_get_monotonic_time ();
  collector_init (&c);
  g_assert_false (extract (&c, &limits, "42.zip", level, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
  assert_total_limit (error, 48 * MIB);
  /* Some 48 zero files were reached (each for review: not text), no more. */
  for (guint i = 0; i < c.reports->len; i++)
    {
      Report *report = g_ptr_array_index (c.reports, i);

      if (g_str_has_suffix (report->member, "!/zeros.bin"))
        {
          g_assert_cmpint (report->status, ==, CD_EXTRACT_MEMBER_REVIEW);
          n_zeros++;
        }
      else
        g_assert_cmpint (report->status, ==, CD_EXTRACT_MEMBER_SCANNED);
    }
  g_test_message ("%u zero files of 1 MiB read, %u reports", n_zeros, c.reports->len);
  g_assert_cmpuint (n_zeros, >=, 40);
  g_assert_cmpuint (n_zeros, <=, 48);
  g_assert_cmpstr (((Report *) g_ptr_array_index (c.reports, 0))->member, ==,
                   "lib 0.zip!/lib 0.zip!/lib 0.zip!/zeros.bin");
  collector_clear (&c);
  g_test_message ("nested bomb: %.2f s, max RSS grew %ld KiB",
                  (g_get_monotonic_time () - start) / 1e6, max_rss_kib () - rss_before);
  assert_rss_growth (rss_before, 64 * 1024);

  /* The same with no room for the nesting. */
  limits.max_total_bytes = G_GUINT64_CONSTANT (1) << 30;
  limits.max_depth = 2;
  g_clear_error (&error);
  collector_init (&c);
  g_assert_false (extract (&c, &limits, "42.zip", level, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "Archives nested more than 2 deep: stopped");
  g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
  collector_clear (&c);

  /* And with a ratio it cannot keep to. */
  limits.max_depth = 8;
  limits.max_ratio = 20;
  g_clear_error (&error);
  collector_init (&c);
  g_assert_false (extract (&c, &limits, "42.zip", level, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "Expands more than 20 times its size: stopped (a compression bomb?)");
  collector_clear (&c);
}

/* One member of a gigabyte, from a few megabytes. */
static void
test_bomb_single (void)
{
  const char *prefix = "Mobile " MOBILE "\n";
  guint64 gib = G_GUINT64_CONSTANT (1) << 30;
  g_autoptr(GBytes) gz = make_gzip_run (prefix, strlen (prefix), 'A', gib - strlen (prefix), "big.txt");
  CdExtractLimits limits;
  glong rss_before;
  gint64 start;

  g_assert_cmpuint (g_bytes_get_size (gz), <, 8 * MIB);

  /* A total below the member: stopped as it inflates, nothing kept. */
  {
    g_autoptr(GError) error = NULL;
    Collector c;

    cd_extract_limits_init_default (&limits);
    limits.max_total_bytes = 32 * MIB;
    rss_before = max_rss_kib ();
    start = g_get_monotonic_time ();
    collector_init (&c);
    g_assert_false (extract (&c, &limits, "big.txt.gz", gz, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
    assert_total_limit (error, 32 * MIB);
    g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
    g_assert_cmpuint (c.reports->len, ==, 0);
    collector_clear (&c);
    g_test_message ("1 GiB member: %.2f s, max RSS grew %ld KiB",
                    (g_get_monotonic_time () - start) / 1e6, max_rss_kib () - rss_before);
    assert_rss_growth (rss_before, 80 * 1024);
  }

  /* A member limit below the total: its first part is read and reported,
   * and a bare .gz has nothing after it. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *keys = NULL;
    g_autofree char *reports = NULL;
    Collector c;

    cd_extract_limits_init_default (&limits);
    limits.max_total_bytes = 64 * MIB;
    limits.max_member_bytes = 4 * MIB;
    collector_init (&c);
    g_assert_true (extract (&c, &limits, "big.txt.gz", gz, &error));
    g_assert_no_error (error);
    keys = collected_keys (&c);
    g_assert_cmpstr (keys, ==, "big.txt@0");
    assert_found (&c, "big.txt", 0, 0, 1, 0);
    g_assert_cmpuint (((GString *) g_hash_table_lookup (c.texts, "big.txt@0"))->len, ==, 4 * MIB + 1);
    reports = collected_reports (&c);
    g_assert_cmpstr (reports, ==, "big.txt=scanned;big.txt=review");
    {
      g_autofree char *size = g_format_size (4 * MIB);
      g_autofree char *reason = g_strdup_printf ("Only the first %s were read: check the rest by hand", size);

      g_assert_cmpstr (report_reason (&c, 1), ==, reason);
    }
    collector_clear (&c);
  }

  /* The ratio. */
  {
    g_autoptr(GError) error = NULL;
    Collector c;

    cd_extract_limits_init_default (&limits);
    limits.max_ratio = 5;
    collector_init (&c);
    g_assert_false (extract (&c, &limits, "big.txt.gz", gz, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
    g_assert_cmpstr (error->message, ==, "Expands more than 5 times its size: stopped (a compression bomb?)");
    collector_clear (&c);
  }
}

/* The same member inside a tar.gz: after its first part the rest must be
 * inflated to reach the next member, and that counts too. */
static void
test_bomb_tar_member (void)
{
  const char *prefix_text = "Mobile " MOBILE "\n";
  guint64 gib = G_GUINT64_CONSTANT (1) << 30;
  guint8 prefix[512 + 64];
  g_autoptr(GBytes) targz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *reports = NULL;
  CdExtractLimits limits;
  Collector c;
  gint64 start;

  make_tar_header (prefix, "big.txt", gib);
  memcpy (prefix + 512, prefix_text, strlen (prefix_text));
  targz = make_gzip_run ((const char *) prefix, 512 + strlen (prefix_text), 'A',
                         gib - strlen (prefix_text), NULL);

  cd_extract_limits_init_default (&limits);
  limits.max_total_bytes = 64 * MIB;
  limits.max_member_bytes = 4 * MIB;
  start = g_get_monotonic_time ();
  collector_init (&c);
  g_assert_false (extract (&c, &limits, "big.tar.gz", targz, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
  assert_total_limit (error, 64 * MIB);
  keys = collected_keys (&c);
  g_assert_cmpstr (keys, ==, "big.txt@0");
  assert_found (&c, "big.txt", 0, 0, 1, 0);
  reports = collected_reports (&c);
  g_assert_cmpstr (reports, ==, "big.txt=scanned;big.txt=review");
  collector_clear (&c);
  g_test_message ("1 GiB tar member: %.2f s", (g_get_monotonic_time () - start) / 1e6);
}

/* 200,000 tiny members: stopped at max_members. */
static void
test_bomb_members (void)
{
  struct archive *a = archive_write_new ();
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) targz = NULL;
  g_autoptr(GError) error = NULL;
  CdExtractLimits limits;
  Collector c;
  gint64 start;

  archive_write_set_format_ustar (a);
  archive_write_add_filter_gzip (a);
  archive_write_set_options (a, "gzip:compression-level=1");
  archive_write_open (a, out, NULL, write_to_array, NULL);
  for (guint i = 0; i < 200000; i++)
    {
      char name[32];
      Entry entry = { name, "x", 1, ENTRY_FILE };

      g_snprintf (name, sizeof name, "%u.txt", i);
      write_entry (a, &entry);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  targz = g_byte_array_free_to_bytes (out);

  cd_extract_limits_init_default (&limits);
  limits.max_members = 5000;
  start = g_get_monotonic_time ();
  collector_init (&c);
  g_assert_false (extract (&c, &limits, "many.tar.gz", targz, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "More than 5000 files inside: stopped");
  g_assert_cmpuint (g_hash_table_size (c.texts), ==, 5000);
  g_assert_cmpuint (c.reports->len, ==, 5000);
  collector_clear (&c);
  g_test_message ("200,000 members: %.2f s", (g_get_monotonic_time () - start) / 1e6);
}

static void
test_archive_cancel (void)
{
  static const Entry entries[] = {
    { "1.txt", ID_NUMBER "\n", -1, ENTRY_FILE },
    { "2.txt", MOBILE "\n", -1, ENTRY_FILE },
    { "3.txt", EMAIL "\n", -1, ENTRY_FILE },
  };
  g_autoptr(GBytes) zip = make_archive ("zip", NULL, entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  Collector c;

  collector_init (&c);
  c.cancel_after = 1;
  g_assert_false (extract (&c, NULL, "x.zip", zip, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  keys = collected_keys (&c);
  g_assert_cmpstr (keys, ==, "1.txt@0");
  collector_clear (&c);
}

/* -- PDFs ------------------------------------------------------------------- */

/* A PDF of @objects (numbered from 1) with an exact cross-reference
 * table. @trailer: what goes in the trailer besides /Size. */
static GBytes *
make_pdf (const char * const *objects,
          guint                n_objects,
          const char          *trailer)
{
  GString *pdf = g_string_new ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
  g_autofree gsize *offsets = g_new0 (gsize, n_objects + 1);
  gsize xref;

  for (guint i = 0; i < n_objects; i++)
    {
      offsets[i + 1] = pdf->len;
      g_string_append_printf (pdf, "%u 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
  xref = pdf->len;
  g_string_append_printf (pdf, "xref\n0 %u\n0000000000 65535 f\r\n", n_objects + 1);
  for (guint i = 1; i <= n_objects; i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n\r\n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %u %s >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          n_objects + 1, trailer, xref);
  return g_string_free_to_bytes (pdf);
}

static char *
pdf_stream (const char *dict,
            const char *data)
{
  return g_strdup_printf ("<< %s /Length %zu >>\nstream\n%s\nendstream", dict, strlen (data), data);
}

/* Two pages: a mobile in the text of page 1 and an ID number in a note
 * on it; a form field holding a mobile on page 2; an e-mail address as
 * the author; an attached CSV with another. */
static GBytes *
make_test_pdf (void)
{
  g_autofree char *content1 = pdf_stream ("", "BT /F1 12 Tf 72 700 Td (Mobile " MOBILE ") Tj ET");
  g_autofree char *content2 = pdf_stream ("", "BT /F1 12 Tf 72 700 Td (Page two) Tj ET");
  g_autofree char *embedded = pdf_stream ("/Type /EmbeddedFile", "name,email\nZhang San," EMAIL "\n");
  const char *objects[] = {
    /* 1 */ "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [9 0 R] >> "
            "/Names << /EmbeddedFiles << /Names [(ids.csv) 10 0 R] >> >> >>",
    /* 2 */ "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
    /* 3 */ "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 6 0 R /Annots [8 0 R] >>",
    /* 4 */ "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R /Annots [9 0 R] >>",
    /* 5 */ "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    /* 6 */ content1,
    /* 7 */ content2,
    /* 8 */ "<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /P 3 0 R "
            "/Contents (Customer ID " ID_NUMBER ") >>",
    /* 9 */ "<< /Type /Annot /Subtype /Widget /FT /Tx /T (phone) /V (" MOBILE ") "
            "/Rect [72 600 300 620] /P 4 0 R >>",
    /* 10 */ "<< /Type /Filespec /F (ids.csv) /UF (ids.csv) /EF << /F 11 0 R >> >>",
    /* 11 */ embedded,
    /* 12 */ "<< /Title (Customer list) /Author (" EMAIL ") /Producer (test-extract-containers) >>",
  };

  return make_pdf (objects, G_N_ELEMENTS (objects), "/Root 1 0 R /Info 12 0 R");
}

static void
assert_test_pdf (Collector  *c,
                 const char *member)
{
  g_autofree char *keys = collected_keys (c);
  g_autofree char *reports = collected_reports (c);
  g_autofree char *attachment = cd_extract_join_member (member, "ids.csv");
  g_autofree char *expected_keys = NULL;
  g_autofree char *expected_reports = NULL;
  const char *m = member != NULL ? member : "";

  expected_keys = g_strdup_printf ("%s@0;%s@1;%s@2;%s@0", m, m, m, attachment);
  g_assert_cmpstr (keys, ==, expected_keys);
  assert_found (c, member, 0, 0, 0, 1);
  assert_found (c, member, 1, 1, 1, 0);
  assert_found (c, member, 2, 0, 1, 0);
  assert_found (c, attachment, 0, 0, 0, 1);
  if (member != NULL)
    expected_reports = g_strdup_printf ("%s=scanned;%s=scanned", attachment, member);
  else
    expected_reports = g_strdup_printf ("%s=scanned", attachment);
  g_assert_cmpstr (reports, ==, expected_reports);
}

static void
test_pdf_text (void)
{
  g_autoptr(GBytes) pdf = make_test_pdf ();
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (extract (&c, NULL, "report.pdf", pdf, &error));
  g_assert_no_error (error);
  assert_test_pdf (&c, NULL);
  collector_clear (&c);
}

static void
test_pdf_in_zip (void)
{
  g_autoptr(GBytes) pdf = make_test_pdf ();
  const Entry entries[] = {
    { "docs/report.pdf", g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), ENTRY_FILE },
  };
  g_autoptr(GBytes) zip = make_archive ("zip", NULL, entries, 1);
  g_autoptr(GError) error = NULL;
  Collector c;

  collector_init (&c);
  g_assert_true (extract (&c, NULL, "docs.zip", zip, &error));
  g_assert_no_error (error);
  assert_test_pdf (&c, "docs/report.pdf");
  collector_clear (&c);
}

/* Encrypts @pdf with qpdf; NULL (and the test skipped) without qpdf. */
static GBytes *
qpdf_encrypt (GBytes     *pdf,
              const char *user_password)
{
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");
  g_autofree char *dir = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  int status = 0;

  if (qpdf == NULL)
    {
      g_test_skip ("qpdf is not installed");
      return NULL;
    }
  dir = g_dir_make_tmp ("cd-test-pdf-XXXXXX", &error);
  g_assert_no_error (error);
  in = g_build_filename (dir, "in.pdf", NULL);
  out = g_build_filename (dir, "out.pdf", NULL);
  g_assert_true (g_file_set_contents (in, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  {
    const char *argv[] = { qpdf, "--encrypt", user_password, "owner-secret", "256", "--", in, out, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, &error));
  }
  g_assert_no_error (error);
  /* 0, or 3 for warnings */
  g_assert_true (g_spawn_check_wait_status (status, NULL) || WEXITSTATUS (status) == 3);
  g_assert_true (g_file_get_contents (out, &contents, &len, &error));
  g_assert_no_error (error);
  cd_test_rm_rf (dir);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static void
test_pdf_encrypted (void)
{
  g_autoptr(GBytes) pdf = make_test_pdf ();
  g_autoptr(GBytes) locked = qpdf_encrypt (pdf, "user-secret");
  g_autoptr(GBytes) open = NULL;
  g_autoptr(GError) error = NULL;
  Collector c;

  if (locked == NULL)
    return;
  /* qpdf really encrypted it: the text is not in the clear. */
  g_assert_null (memmem (g_bytes_get_data (locked, NULL), g_bytes_get_size (locked),
                         EMAIL, strlen (EMAIL)));

  collector_init (&c);
  g_assert_false (extract (&c, NULL, "locked.pdf", locked, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED);
  g_assert_cmpstr (error->message, ==, "Encrypted PDF: not scanned");
  g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
  g_assert_cmpuint (c.reports->len, ==, 0);
  collector_clear (&c);

  /* An empty user password opens: read it. */
  open = qpdf_encrypt (pdf, "");
  g_assert_null (memmem (g_bytes_get_data (open, NULL), g_bytes_get_size (open),
                         EMAIL, strlen (EMAIL)));
  g_clear_error (&error);
  collector_init (&c);
  g_assert_true (extract (&c, NULL, "open.pdf", open, &error));
  g_assert_no_error (error);
  assert_test_pdf (&c, NULL);
  collector_clear (&c);
}

/* PDFs cut short: poppler rebuilds a lost cross-reference table, but not
 * a lost trailer, which names the catalog; a file cut anywhere before its
 * trailer cannot be opened. */
static void
test_pdf_truncated (void)
{
  g_autoptr(GBytes) pdf = make_test_pdf ();
  gsize len = 0;
  const char *data = g_bytes_get_data (pdf, &len);
  gsize xref = (const char *) memmem (data, len, "\nxref\n", 6) - data + 1;
  gsize trailer = (const char *) memmem (data, len, "\ntrailer\n", 9) - data + 1;
  gsize startxref = (const char *) memmem (data, len, "\nstartxref\n", 11) - data + 1;
  gsize page2 = (const char *) memmem (data, len, "\n7 0 obj\n", 9) - data + 1;
  const gsize cuts[] = { 5, 15, 40, page2, page2 + 30, xref, xref + 40, trailer + 10 };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = cut_bytes (pdf, cuts[i]);
      g_autoptr(GError) error = NULL;
      Collector c;

      g_test_message ("cut at %" G_GSIZE_FORMAT, cuts[i]);
      collector_init (&c);
      g_assert_false (extract (&c, NULL, "cut.pdf", cut, &error));
      g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
      g_assert_cmpstr (error->message, ==, "Damaged PDF: PDF document is damaged");
      g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
      collector_clear (&c);
    }

  /* The trailer is there, only where the table starts is lost (or the
   * table is cut short): poppler rebuilds the table and reads it all. */
  {
    /* xref + 70: "xref", its subsection line and two of 13 entries. */
    const gsize readable[] = { startxref, xref + 70 };

    for (guint i = 0; i < G_N_ELEMENTS (readable); i++)
      {
        g_autoptr(GBytes) head = cut_bytes (pdf, readable[i]);
        g_autoptr(GByteArray) damaged = g_byte_array_new ();
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GError) error = NULL;
        Collector c;

        g_byte_array_append (damaged, g_bytes_get_data (head, NULL), (guint) g_bytes_get_size (head));
        if (readable[i] != startxref)
          g_byte_array_append (damaged, (const guint8 *) data + trailer, (guint) (len - trailer));
        bytes = g_bytes_new (damaged->data, damaged->len);

        g_test_message ("readable %u", i);
        collector_init (&c);
        g_assert_true (extract (&c, NULL, "cut.pdf", bytes, &error));
        g_assert_no_error (error);
        assert_test_pdf (&c, NULL);
        collector_clear (&c);
      }
  }
}

static void
test_pdf_pages_limit (void)
{
  guint n_pages = 10001;
  GPtrArray *objects = g_ptr_array_new_with_free_func (g_free);
  GString *kids = g_string_new (NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  Collector c;

  /* 1 catalog, 2 pages, 3 font, 4 content, then the pages. */
  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (kids, "%u 0 R ", 5 + i);
  g_ptr_array_add (objects, g_strdup ("<< /Type /Catalog /Pages 2 0 R >>"));
  g_ptr_array_add (objects, g_strdup_printf ("<< /Type /Pages /Kids [%s] /Count %u >>", kids->str, n_pages));
  g_ptr_array_add (objects, g_strdup ("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
  g_ptr_array_add (objects, pdf_stream ("", "BT /F1 12 Tf 72 700 Td (Mobile " MOBILE ") Tj ET"));
  for (guint i = 0; i < n_pages; i++)
    g_ptr_array_add (objects, g_strdup ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                                        "/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"));
  pdf = make_pdf ((const char * const *) objects->pdata, objects->len, "/Root 1 0 R");
  g_string_free (kids, TRUE);
  g_ptr_array_unref (objects);

  collector_init (&c);
  g_assert_false (extract (&c, NULL, "huge.pdf", pdf, &error));
  g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
  g_assert_cmpstr (error->message, ==, "More than 10000 pages: not scanned");
  g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
  collector_clear (&c);
}

static void
test_pdf_cancel (void)
{
  g_autoptr(GBytes) pdf = make_test_pdf ();
  g_autoptr(GError) error = NULL;
  g_autofree char *keys = NULL;
  Collector c;

  /* Cancelled after page 1: page 2 and the attachment are not read. */
  collector_init (&c);
  c.cancel_after = 2;
  g_assert_false (extract (&c, NULL, "report.pdf", pdf, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  keys = collected_keys (&c);
  g_assert_cmpstr (keys, ==, "@0;@1");
  collector_clear (&c);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* The bombs first, while the process is small: they check how far the
   * peak memory grows. */
  g_test_add_func ("/extract/bomb/single", test_bomb_single);
  g_test_add_func ("/extract/bomb/nested", test_bomb_nested);
  g_test_add_func ("/extract/bomb/tar-member", test_bomb_tar_member);
  g_test_add_func ("/extract/bomb/members", test_bomb_members);
  g_test_add_func ("/extract/detect/identifiers", test_identifiers);
  g_test_add_func ("/extract/archive/zip", test_zip);
  g_test_add_func ("/extract/archive/formats", test_formats);
  g_test_add_func ("/extract/archive/raw", test_raw);
  g_test_add_func ("/extract/archive/names/gbk", test_names_gbk);
  g_test_add_func ("/extract/archive/names/invalid", test_names_invalid);
  g_test_add_func ("/extract/archive/names/traversal", test_names_traversal);
  g_test_add_func ("/extract/archive/names/c-locale", test_names_c_locale);
  g_test_add_func ("/extract/archive/member-limit", test_member_limit);
  g_test_add_func ("/extract/archive/nested", test_nested);
  g_test_add_func ("/extract/archive/special-entries", test_special_entries);
  g_test_add_func ("/extract/archive/encrypted/zip", test_encrypted_zip);
  g_test_add_func ("/extract/archive/encrypted/7z-header", test_encrypted_7z);
  g_test_add_func ("/extract/archive/truncated", test_truncated);
  g_test_add_func ("/extract/archive/garbage", test_garbage);
  g_test_add_func ("/extract/archive/cancel", test_archive_cancel);
  g_test_add_func ("/extract/pdf/text", test_pdf_text);
  g_test_add_func ("/extract/pdf/in-zip", test_pdf_in_zip);
  g_test_add_func ("/extract/pdf/encrypted", test_pdf_encrypted);
  g_test_add_func ("/extract/pdf/truncated", test_pdf_truncated);
  g_test_add_func ("/extract/pdf/pages-limit", test_pdf_pages_limit);
  g_test_add_func ("/extract/pdf/cancel", test_pdf_cancel);

  return g_test_run ();
}
