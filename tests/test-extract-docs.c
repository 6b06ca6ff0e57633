/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the document, HTML and mail extractors: the text of docx, xlsx,
 * pptx, odt, ods, HTML pages, single messages and mailboxes, with exact
 * counts of the identifiers found in it per member, and the member paths;
 * and hostile input: truncated and garbage zips, XML nested 10 000 deep
 * and entity bombs, unterminated HTML, mail nested 10 000 deep.
 *
 * Every input is built here: zips with libarchive's writer, in memory. */

#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "cd-test-util.h"

#define ID     "11010519491231002X"
#define MOBILE "13812345678"
#define EMAIL  "zhang.san@example.com"
#define EMAIL2 "li.si@example.com"
#define USCC   "91350100M000100Y43"

/* -- collecting what the extractors emit ----------------------------------- */

typedef struct
{
  guint counts[CD_N_DETECT_KINDS];
  GString *text;
} MemberText;

typedef struct
{
  GHashTable *texts;     /* member ("" for the file itself) → MemberText */
  GPtrArray  *scanned;   /* members reported scanned */
  GPtrArray  *other;     /* "status member: reason" of the others */
  gsize       emitted;
} Collected;

static void
member_text_free (gpointer data)
{
  MemberText *mt = data;

  g_string_free (mt->text, TRUE);
  g_free (mt);
}

static void
collected_init (Collected *c)
{
  c->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, member_text_free);
  c->scanned = g_ptr_array_new_with_free_func (g_free);
  c->other = g_ptr_array_new_with_free_func (g_free);
  c->emitted = 0;
}

static void
collected_clear (Collected *c)
{
  g_clear_pointer (&c->texts, g_hash_table_unref);
  g_clear_pointer (&c->scanned, g_ptr_array_unref);
  g_clear_pointer (&c->other, g_ptr_array_unref);
}

/* Like the scanner: every piece of text is searched on its own. */
static void
on_text (const char *member,
         guint       page,
         const char *text,
         gsize       len,
         gpointer    user_data)
{
  Collected *c = user_data;
  const char *key = member != NULL ? member : "";
  MemberText *mt = g_hash_table_lookup (c->texts, key);
  g_autofree char *copy = g_memdup2 (text, len);   /* no NUL: valgrind sees overreads */
  g_autoptr(GArray) spans = cd_detect_scan (copy, len, CD_DETECT_ALL_KINDS);

  g_assert_cmpuint (page, ==, 0);
  if (mt == NULL)
    {
      mt = g_new0 (MemberText, 1);
      mt->text = g_string_new (NULL);
      g_hash_table_insert (c->texts, g_strdup (key), mt);
    }
  for (guint i = 0; i < spans->len; i++)
    mt->counts[g_array_index (spans, CdDetectSpan, i).kind]++;
  g_string_append_len (mt->text, text, len);
  c->emitted += len;
}

static void
on_member (const char            *member,
           CdExtractMemberStatus  status,
           const char            *content_type,
           goffset                size,
           const char            *reason,
           gpointer               user_data)
{
  Collected *c = user_data;

  if (status == CD_EXTRACT_MEMBER_SCANNED)
    g_ptr_array_add (c->scanned, g_strdup (member));
  else
    g_ptr_array_add (c->other, g_strdup_printf ("%d %s: %s", status, member, reason));
}

static const char *
text_of (Collected  *c,
         const char *member)
{
  MemberText *mt = g_hash_table_lookup (c->texts, member);

  g_assert_nonnull (mt);
  return mt->text->str;
}

/* Exact counts of the four kinds the tests use, and nothing else. */
static void
assert_counts (Collected  *c,
               const char *member,
               guint       resident,
               guint       mobile,
               guint       email,
               guint       uscc)
{
  MemberText *mt = g_hash_table_lookup (c->texts, member);
  guint zero[CD_N_DETECT_KINDS] = { 0, };
  const guint *counts = mt != NULL ? mt->counts : zero;

  if (mt == NULL && resident + mobile + email + uscc > 0)
    g_error ("no text for member '%s'", member);
  g_assert_cmpuint (counts[CD_DETECT_RESIDENT_ID], ==, resident);
  g_assert_cmpuint (counts[CD_DETECT_MOBILE], ==, mobile);
  g_assert_cmpuint (counts[CD_DETECT_EMAIL], ==, email);
  g_assert_cmpuint (counts[CD_DETECT_USCC], ==, uscc);
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    if (k != CD_DETECT_RESIDENT_ID && k != CD_DETECT_MOBILE && k != CD_DETECT_EMAIL &&
        k != CD_DETECT_USCC)
      g_assert_cmpuint (counts[k], ==, 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The members that have text, sorted and joined with '|'. */
static char *
members_with_text (Collected *c)
{
  g_autofree const char **keys = (const char **) g_hash_table_get_keys_as_array (c->texts, NULL);

  qsort (keys, g_hash_table_size (c->texts), sizeof (char *), compare_strings);
  return g_strjoinv ("|", (char **) keys);
}

static char *
scanned_members (Collected *c)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < c->scanned->len; i++)
    g_ptr_array_add (sorted, c->scanned->pdata[i]);
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv ("|", (char **) sorted->pdata);
}

/* Extracts @bytes as the top-level file @name. */
static gboolean
extract_full (Collected              *c,
              const CdExtractLimits  *limits,
              const char             *name,
              GBytes                 *bytes,
              GError                **error)
{
  CdExtractContext *ctx = cd_extract_context_new (limits, on_text, on_member, c, NULL);
  gboolean ok = cd_extract_bytes (ctx, NULL, name, bytes, error);

  cd_extract_context_free (ctx);
  return ok;
}

static gboolean
extract (Collected   *c,
         const char  *name,
         GBytes      *bytes,
         GError     **error)
{
  return extract_full (c, NULL, name, bytes, error);
}

/* -- building zips ---------------------------------------------------------- */

typedef struct
{
  const char *path;
  const char *data;
  gssize      len;      /* -1: a string */
  gboolean    store;    /* not compressed */
} ZipEntry;

static la_ssize_t
zip_write (struct archive *a,
           void           *user_data,
           const void     *buffer,
           size_t          len)
{
  g_byte_array_append (user_data, buffer, (guint) len);
  return (la_ssize_t) len;
}

static GBytes *
make_zip_full (const ZipEntry *entries,
               guint           n,
               const char     *passphrase)
{
  GByteArray *array = g_byte_array_new ();
  struct archive *a = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_zip (a), ==, ARCHIVE_OK);
  g_assert_cmpint (archive_write_set_bytes_per_block (a, 0), ==, ARCHIVE_OK);
  if (passphrase != NULL)
    {
      g_assert_cmpint (archive_write_set_options (a, "zip:encryption=traditional"), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_set_passphrase (a, passphrase), ==, ARCHIVE_OK);
    }
  g_assert_cmpint (archive_write_open2 (a, array, NULL, zip_write, NULL, NULL), ==, ARCHIVE_OK);
  for (guint i = 0; i < n; i++)
    {
      struct archive_entry *entry = archive_entry_new ();
      gsize len = entries[i].len < 0 ? strlen (entries[i].data) : (gsize) entries[i].len;

      if (entries[i].store)
        archive_write_zip_set_compression_store (a);
      else
        archive_write_zip_set_compression_deflate (a);
      archive_entry_set_pathname (entry, entries[i].path);
      archive_entry_set_filetype (entry, AE_IFREG);
      archive_entry_set_perm (entry, 0644);
      archive_entry_set_size (entry, (la_int64_t) len);
      g_assert_cmpint (archive_write_header (a, entry), ==, ARCHIVE_OK);
      g_assert_cmpint (archive_write_data (a, entries[i].data, len), ==, (la_ssize_t) len);
      archive_entry_free (entry);
    }
  g_assert_cmpint (archive_write_close (a), ==, ARCHIVE_OK);
  archive_write_free (a);
  return g_byte_array_free_to_bytes (array);
}

static GBytes *
make_zip (const ZipEntry *entries,
          guint           n)
{
  return make_zip_full (entries, n, NULL);
}

#define CONTENT_TYPES \
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" \
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
             "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""

/* A docx of a main document and the given extra parts. */
static GBytes *
make_docx (const char     *document,
           const ZipEntry *extra,
           guint           n_extra)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (ZipEntry));
  ZipEntry types = { "[Content_Types].xml", CONTENT_TYPES, -1, FALSE };
  ZipEntry main = { "word/document.xml", document, -1, FALSE };

  g_array_append_val (entries, types);
  g_array_append_val (entries, main);
  g_array_append_vals (entries, extra, n_extra);
  return make_zip ((ZipEntry *) entries->data, entries->len);
}

static char *
wrap_document (const char *body)
{
  return g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<w:document " W_NS "><w:body>", body, "</w:body></w:document>", NULL);
}

/* -- OOXML ------------------------------------------------------------------ */

static void
test_docx (void)
{
  static const char body[] =
    /* An ID split over three runs of one paragraph, with markup between. */
    "<w:p><w:r><w:t>身份证号：1101</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
    "<w:r><w:rPr><w:b/></w:rPr><w:t>0519491231</w:t></w:r><w:r><w:t>002X</w:t></w:r></w:p>"
    /* Two paragraphs never merge. */
    "<w:p><w:r><w:t>1381234</w:t></w:r></w:p><w:p><w:r><w:t>5678</w:t></w:r></w:p>"
    /* Nor two cells. */
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1381234</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>5678</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>电话</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t xml:space=\"preserve\">138 </w:t></w:r></w:p><w:p><w:r><w:t>"
    MOBILE "</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    /* A text box is stored twice (mc:Choice and mc:Fallback): counted once. */
    "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
    "<w:p><w:r><w:t>" EMAIL "</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>" EMAIL "</w:t></w:r></w:p>"
    "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    /* A field code with a mailto: link, its result text next to it. */
    "<w:p><w:r><w:t>写信给</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
    "<w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"mailto:" EMAIL2 "\" </w:instrText></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>李四</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
    /* Deleted text is still in the file. */
    "<w:p><w:del w:id=\"1\"><w:r><w:delText>" USCC "</w:delText></w:r></w:del></w:p>"
    /* Character references. */
    "<w:p><w:r><w:t>&#49;&#x33;8&amp;</w:t></w:r></w:p>";
  static const char header[] =
    "<w:hdr " W_NS "><w:p><w:r><w:t>&#49;38123</w:t></w:r>"
    "<w:r><w:t>45678</w:t></w:r></w:p></w:hdr>";
  static const char footnotes[] =
    "<w:footnotes " W_NS "><w:footnote w:id=\"1\"><w:p><w:r><w:t>" ID "</w:t></w:r></w:p>"
    "</w:footnote></w:footnotes>";
  static const char comments[] =
    "<w:comments " W_NS "><w:comment w:id=\"0\" w:author=\"王五\"><w:p><w:r><w:t>" EMAIL
    "</w:t></w:r></w:p></w:comment></w:comments>";
  static const char rels[] =
    "<?xml version=\"1.0\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/hyperlink\" Target=\"mailto:" EMAIL "\" "
    "TargetMode=\"External\"/>"
    "</Relationships>";
  static const char core[] =
    "<?xml version=\"1.0\"?><cp:coreProperties "
    "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n  <dc:title>合同</dc:title>\n"
    "  <dc:creator>张三 " EMAIL "</dc:creator>\n  <cp:lastModifiedBy>" MOBILE "</cp:lastModifiedBy>\n"
    "</cp:coreProperties>";
  static const char app[] =
    "<Properties "
    "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
    "<Company>" USCC "</Company><Pages>1</Pages></Properties>";
  static const char styles[] =
    "<w:styles " W_NS "><w:style><w:name w:val=\"" MOBILE "\"/><w:t>" MOBILE "</w:t>"
    "</w:style></w:styles>";
  const ZipEntry extra[] = {
    { "word/header1.xml", header, -1, FALSE },
    { "word/footnotes.xml", footnotes, -1, FALSE },
    { "word/comments.xml", comments, -1, TRUE },
    { "word/_rels/document.xml.rels", rels, -1, FALSE },
    { "word/styles.xml", styles, -1, FALSE },                /* not read */
    { "word/media/image1.png", MOBILE, -1, TRUE },           /* not read */
    { "docProps/core.xml", core, -1, FALSE },
    { "docProps/app.xml", app, -1, FALSE },
  };
  static const char embedded_sheet[] =
    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>" ID "</t></is></c></row>"
    "</sheetData></worksheet>";
  const ZipEntry embedded_entries[] = {
    { "[Content_Types].xml", CONTENT_TYPES, -1, FALSE },
    { "xl/worksheets/sheet1.xml", embedded_sheet, -1, FALSE },
  };
  g_autoptr(GBytes) embedded = make_zip (embedded_entries, G_N_ELEMENTS (embedded_entries));
  g_autofree char *document = wrap_document (body);
  g_autoptr(GBytes) docx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *members = NULL;
  g_autofree char *scanned = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (ZipEntry));
  ZipEntry embedding = { "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
                         g_bytes_get_data (embedded, NULL), (gssize) g_bytes_get_size (embedded),
                         FALSE };
  Collected c;

  g_array_append_vals (entries, extra, G_N_ELEMENTS (extra));
  g_array_append_val (entries, embedding);
  docx = make_docx (document, (ZipEntry *) entries->data, entries->len);

  collected_init (&c);
  g_assert_true (extract (&c, "合同.docx", docx, &error));
  g_assert_no_error (error);

  /* Everything is the document's own text: the XML parts are not members;
   * an embedded workbook is. */
  members = members_with_text (&c);
  g_assert_cmpstr (members, ==, "|word/embeddings/Microsoft_Excel_Worksheet.xlsx");
  scanned = scanned_members (&c);
  g_assert_cmpstr (scanned, ==, "word/embeddings/Microsoft_Excel_Worksheet.xlsx");
  assert_counts (&c, "word/embeddings/Microsoft_Excel_Worksheet.xlsx", 1, 0, 0, 0);
  /* ID: body, footnote. Mobile: table cell, header (a character reference
   * and two runs), core.xml. E-mail: text box once, field code, comment,
   * link, core.xml. USCC: deleted text, app.xml. */
  assert_counts (&c, "", 2, 3, 5, 2);
  g_assert_nonnull (strstr (text_of (&c, ""), "身份证号：" ID "\n"));
  g_assert_nonnull (strstr (text_of (&c, ""), "1381234\n5678\n"));
  g_assert_nonnull (strstr (text_of (&c, ""), "写信给李四\n"));
  g_assert_nonnull (strstr (text_of (&c, ""), "138&\n"));
  g_assert_nonnull (strstr (text_of (&c, ""), "合同\n"));
  g_assert_cmpuint (c.other->len, ==, 0);
  collected_clear (&c);
}

static void
test_xlsx (void)
{
  static const char shared[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\">"
    "<si><t>" ID "</t></si>"
    /* Rich text: runs of one string join; the phonetic guide is not text. */
    "<si><r><t>1101</t></r><r><rPr><b/></rPr><t>0519491231002X</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>" MOBILE "</t></rPh></si>"
    "<si><t>1381234</t></si><si><t>5678</t></si></sst>";
  static const char sheet[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" t=\"inlineStr\"><is><t>" MOBILE "</t></is></c>"
    "<c r=\"C1\"><v>" MOBILE "</v></c>"
    "<c r=\"D1\"><v>1.10105199003071E+17</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"str\">"
    "<f>CONCAT(\"zhang.san\",\"@example.com\",\"" MOBILE "\")</f>"
    "<v>" EMAIL "</v></c><c r=\"B2\"><v>1381234</v></c><c r=\"C2\"><v>5678</v></c>"
    "<c r=\"D2\" t=\"b\"><v>1</v></c><c r=\"E2\" t=\"s\"><v>3</v></c></row>"
    "</sheetData></worksheet>";
  static const char workbook[] =
    "<workbook><sheets><sheet name=\"" MOBILE "\" sheetId=\"1\"/></sheets></workbook>";
  const ZipEntry entries[] = {
    { "[Content_Types].xml", CONTENT_TYPES, -1, FALSE },
    { "xl/workbook.xml", workbook, -1, FALSE },   /* not read */
    { "xl/worksheets/sheet1.xml", sheet, -1, FALSE },
    { "xl/sharedStrings.xml", shared, -1, FALSE },
  };
  g_autoptr(GBytes) xlsx = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  Collected c;

  collected_init (&c);
  g_assert_true (extract (&c, "客户.xlsx", xlsx, &error));
  g_assert_no_error (error);
  /* ID: two shared strings. Mobile: inline string, number cell. E-mail:
   * the cached result of a formula (the formula itself is not read). */
  assert_counts (&c, "", 2, 2, 1, 0);
  /* Big numbers as Excel stores them, emitted as they are. */
  g_assert_nonnull (strstr (text_of (&c, ""), "\n1.10105199003071E+17\n"));
  g_assert_nonnull (strstr (text_of (&c, ""), MOBILE "\n" MOBILE "\n"));
  g_assert_nonnull (strstr (text_of (&c, ""), "1381234\n5678\n"));
  collected_clear (&c);
}

static void
test_pptx (void)
{
  static const char slide1[] =
    "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:cSld><p:spTree><p:sp><p:txBody>"
    "<a:p><a:r><a:t>手机 138</a:t></a:r><a:r><a:t>1234</a:t></a:r>"
    "<a:fld><a:t>5678</a:t></a:fld></a:p>"
    "<a:p><a:r><a:t>" EMAIL "</a:t></a:r></a:p><a:p><a:r><a:t>1381234</a:t></a:r></a:p>"
    "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>";
  static const char slide2[] =
    "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:cSld><p:spTree><p:sp><p:txBody>"
    "<a:p><a:r><a:t>5678</a:t></a:r></a:p><a:p><a:r><a:t>" USCC "</a:t></a:r></a:p>"
    "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>";
  static const char notes[] =
    "<p:notes xmlns:p=\"p\" xmlns:a=\"a\"><p:cSld><p:spTree><p:sp><p:txBody>"
    "<a:p><a:r><a:t>" ID "</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>";
  static const char master[] =
    "<p:sldMaster xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>" ID "</a:t></a:r></a:p>"
    "</p:sldMaster>";
  const ZipEntry entries[] = {
    { "[Content_Types].xml", CONTENT_TYPES, -1, FALSE },
    { "ppt/slides/slide1.xml", slide1, -1, FALSE },
    { "ppt/slides/slide2.xml", slide2, -1, FALSE },
    { "ppt/notesSlides/notesSlide1.xml", notes, -1, FALSE },
    { "ppt/slideMasters/slideMaster1.xml", master, -1, FALSE },   /* not read */
  };
  g_autoptr(GBytes) pptx = make_zip (entries, G_N_ELEMENTS (entries));
  g_autoptr(GError) error = NULL;
  Collected c;

  collected_init (&c);
  g_assert_true (extract (&c, "deck.pptx", pptx, &error));
  g_assert_no_error (error);
  assert_counts (&c, "", 1, 1, 1, 1);
  g_assert_nonnull (strstr (text_of (&c, ""), "手机 " MOBILE "\n"));
  g_assert_nonnull (strstr (text_of (&c, ""), "1381234\n5678\n"));
  collected_clear (&c);
}

#define ODF_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
               "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
               "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
               "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
               "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" " \
               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
               "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""

static GBytes *
make_odf (const char *mimetype,
          const char *content,
          gssize      content_len,
          const char *styles,
          const char *meta,
          const char *manifest)
{
  ZipEntry entries[5];
  guint n = 0;

  entries[n++] = (ZipEntry) { "mimetype", mimetype, -1, TRUE };
  entries[n++] = (ZipEntry) { "content.xml", content, content_len, FALSE };
  if (styles != NULL)
    entries[n++] = (ZipEntry) { "styles.xml", styles, -1, FALSE };
  if (meta != NULL)
    entries[n++] = (ZipEntry) { "meta.xml", meta, -1, FALSE };
  if (manifest != NULL)
    entries[n++] = (ZipEntry) { "META-INF/manifest.xml", manifest, -1, FALSE };
  return make_zip (entries, n);
}

static void
test_odf (void)
{
  static const char odt_content[] =
    "<office:document-content " ODF_NS "><office:body><office:text>"
    "<text:h text:outline-level=\"1\">客户资料</text:h>"
    "<text:p>身份证 1101<text:span text:style-name=\"T1\">0519491231</text:span>002X</text:p>"
    "<text:p>电话<text:s/>" MOBILE "<text:note text:note-class=\"footnote\">"
    "<text:note-citation>1</text:note-citation><text:note-body><text:p>注释</text:p></text:note-body>"
    "</text:note></text:p><text:p>1381234</text:p><text:p>5678</text:p>"
    "<text:p>备注<office:annotation><dc:creator>王五</dc:creator><text:p>" EMAIL "</text:p>"
    "</office:annotation></text:p>"
    "</office:text></office:body></office:document-content>";
  static const char odt_styles[] =
    "<office:document-styles " ODF_NS "><office:master-styles><style:master-page>"
    "<style:header><text:p>" USCC "</text:p></style:header></style:master-page>"
    "</office:master-styles></office:document-styles>";
  static const char odt_meta[] =
    "<office:document-meta " ODF_NS "><office:meta><dc:creator>" MOBILE "</dc:creator>"
    "<meta:initial-creator>" EMAIL "</meta:initial-creator></office:meta></office:document-meta>";
  static const char ods_content[] =
    "<office:document-content " ODF_NS "><office:body><office:spreadsheet>"
    "<table:table table:name=\"客户\"><table:table-row>"
    "<table:table-cell office:value-type=\"string\"><text:p>" ID "</text:p></table:table-cell>"
    "<table:table-cell office:value-type=\"float\" office:value=\"13812345678\"><text:p>" MOBILE
    "</text:p></table:table-cell></table:table-row><table:table-row>"
    "<table:table-cell><text:p>1381234</text:p></table:table-cell>"
    "<table:table-cell><text:p>5678</text:p></table:table-cell></table:table-row>"
    "</table:table></office:spreadsheet></office:body></office:document-content>";
  g_autoptr(GBytes) odt = make_odf ("application/vnd.oasis.opendocument.text", odt_content, -1,
                                    odt_styles, odt_meta, NULL);
  g_autoptr(GBytes) ods = make_odf ("application/vnd.oasis.opendocument.spreadsheet",
                                    ods_content, -1, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  Collected c;

  g_assert_cmpint (cd_extract_sniff ("a.odt", g_bytes_get_data (odt, NULL),
                                     g_bytes_get_size (odt), NULL), ==, CD_EXTRACT_FORMAT_ODF);

  collected_init (&c);
  g_assert_true (extract (&c, "a.odt", odt, &error));
  g_assert_no_error (error);
  assert_counts (&c, "", 1, 2, 2, 1);
  g_assert_nonnull (strstr (text_of (&c, ""),
                            "客户资料\n身份证 " ID "\n电话 " MOBILE "注释\n1381234\n5678\n"));
  collected_clear (&c);

  collected_init (&c);
  g_assert_true (extract (&c, "a.ods", ods, &error));
  g_assert_no_error (error);
  assert_counts (&c, "", 1, 1, 0, 0);
  g_assert_cmpstr (text_of (&c, ""), ==, ID "\n" MOBILE "\n1381234\n5678\n");
  collected_clear (&c);
}

/* -- HTML ------------------------------------------------------------------- */

static GBytes *
to_gbk (const char *utf8)
{
  gsize written = 0;
  char *gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &written, NULL);

  g_assert_nonnull (gbk);
  return g_bytes_new_take (gbk, written);
}

static const char html_page[] =
  "<!DOCTYPE html>\n<html><head>%s"
  "<meta name=\"author\" content=\"张三 " EMAIL "\">"
  "<title>客户资料</title>\n"
  "<script type=\"text/javascript\">var id = \"" ID "\"; if (a < b && c) { x = '</p>'; }</script>"
  "<STYLE>p { content: \"" MOBILE "\" }</STYLE></head>\n"
  "<body>\n<div class=msg>身份证：&#49;&#49;0105194912&#x33;1002X</div>"
  "<p>手机&nbsp;<span title=\"备用 " MOBILE "\">1381234</span>5678</p>"
  "<p>1381234</p><p>5678</p><a href=\"mailto:" EMAIL2 "\">写信</a>"
  "<img alt=\"信用代码 " USCC "\" src=\"a.png\"><a href=\"https://x.example/" MOBILE "\">link</a>"
  "<p>a &lt; b &amp;&amp; c &copy; &unknown; &#xZZ; 1 < 2</p>"
  "<!-- " ID " --><p>结尾</p><br>"
  "<!-- unterminated " MOBILE;

static void
check_html_page (Collected *c)
{
  /* ID: the character references (not the script's, not the comment's).
   * Mobile: the span's title, the number across the span. E-mail: the
   * author, the mailto: link. */
  assert_counts (c, "", 1, 2, 2, 1);
  g_assert_nonnull (strstr (text_of (c, ""), "客户资料\n"));
  g_assert_nonnull (strstr (text_of (c, ""), "身份证：" ID "\n"));
  g_assert_nonnull (strstr (text_of (c, ""), "手机 " MOBILE "\n"));
  g_assert_nonnull (strstr (text_of (c, ""), "a < b && c © &unknown; &#xZZ; 1 < 2\n"));
  g_assert_nonnull (strstr (text_of (c, ""), "\n1381234\n5678\n"));
  g_assert_nonnull (strstr (text_of (c, ""), "结尾\n"));
  g_assert_null (strstr (text_of (c, ""), "var id"));
  g_assert_null (strstr (text_of (c, ""), "content:"));
  g_assert_null (strstr (text_of (c, ""), "unterminated"));
}

static void
test_html (void)
{
  static const char *heads[] = {
    "<meta charset=\"gbk\">",
    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">",
    "",   /* undeclared: GB18030 found from the bytes */
  };
  g_autoptr(GError) error = NULL;
  Collected c;

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *page = g_strdup_printf (html_page, heads[i]);
      g_autoptr(GBytes) gbk = to_gbk (page);

      collected_init (&c);
      g_assert_true (cd_extract_sniff ("chat.html", g_bytes_get_data (gbk, NULL),
                                       g_bytes_get_size (gbk), NULL) == CD_EXTRACT_FORMAT_HTML);
      g_assert_true (extract (&c, "chat.html", gbk, &error));
      g_assert_no_error (error);
      check_html_page (&c);
      g_assert_cmpuint (c.emitted, <=, g_bytes_get_size (gbk) * 3 / 2);
      collected_clear (&c);
    }

  /* UTF-8 with a BOM, declaring something else: the BOM wins. */
  {
    g_autofree char *page = g_strdup_printf (html_page, "<meta charset=\"big5\">");
    g_autofree char *with_bom = g_strconcat ("\xef\xbb\xbf", page, NULL);
    g_autoptr(GBytes) bytes = g_bytes_new (with_bom, strlen (with_bom));
    CdExtractContext *ctx;

    collected_init (&c);
    ctx = cd_extract_context_new (NULL, on_text, on_member, &c, NULL);
    g_assert_true (cd_extract_html (ctx, NULL, bytes, &error));
    g_assert_no_error (error);
    cd_extract_context_free (ctx);
    check_html_page (&c);
    collected_clear (&c);
  }

  /* UTF-16 with a BOM. */
  {
    g_autofree char *page = g_strdup_printf (html_page, "");
    gsize written = 0;
    g_autofree char *utf16 = g_convert (page, -1, "UTF-16LE", "UTF-8", NULL, &written, NULL);
    g_autoptr(GByteArray) array = g_byte_array_new ();
    g_autoptr(GBytes) bytes = NULL;

    g_byte_array_append (array, (const guint8 *) "\xff\xfe", 2);
    g_byte_array_append (array, (const guint8 *) utf16, (guint) written);
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&array));
    collected_init (&c);
    g_assert_true (extract (&c, "page.htm", bytes, &error));
    g_assert_no_error (error);
    check_html_page (&c);
    collected_clear (&c);
  }
}

static gboolean
html_of (const char  *html,
         gsize        len,
         Collected   *c)
{
  g_autoptr(GBytes) bytes = g_bytes_new (html, len);
  CdExtractContext *ctx = cd_extract_context_new (NULL, on_text, on_member, c, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok = cd_extract_html (ctx, NULL, bytes, &error);

  g_assert_no_error (error);
  cd_extract_context_free (ctx);
  g_assert_cmpuint (c->emitted, <=, len + 1);   /* a last newline */
  return ok;
}

static void
test_html_hostile (void)
{
  static const struct
  {
    const char *html;
    guint       mobiles;
    const char *text;   /* NULL: no text at all */
  } cases[] = {
    { "<p>" MOBILE "</p><!-- " MOBILE, 1, MOBILE "\n" },
    { "<p>" MOBILE "</p><!--", 1, MOBILE "\n" },
    { "<!-->" MOBILE "<!---> x", 1, MOBILE " x\n" },
    /* A tag cut at the end keeps its bytes. */
    { "<p>x</p><img alt=\"" MOBILE, 1, "x\n<img alt=\"" MOBILE "\n" },
    { "<p>x</p><img alt='" MOBILE "' title=", 1, "x\n<img alt='" MOBILE "' title=\n" },
    { "<script>" MOBILE, 0, NULL },
    { "<script>" MOBILE "</scrip", 0, NULL },
    { "<style>a</style>" MOBILE "<script>x</script >-y", 1, MOBILE "-y\n" },
    { MOBILE "&#", 1, MOBILE "&#\n" },
    { MOBILE "&#x", 1, MOBILE "&#x\n" },
    { MOBILE "&#99999999999999999999;", 1, MOBILE "?\n" },
    { MOBILE "&#0;&#xD800;", 1, MOBILE "??\n" },
    { MOBILE "&am", 1, MOBILE "&am\n" },
    { "&amp" MOBILE, 1, "&" MOBILE "\n" },
    /* Invisible characters that would split a number are dropped. */
    { "138&#8203;1234\xe2\x80\x8b" "5678&shy;", 1, MOBILE "\n" },
    { "<", 0, "<\n" },
    { "</", 0, "</\n" },
    { "</p", 0, NULL },
    { "<!", 0, NULL },
    { "<![CDATA[" MOBILE, 1, MOBILE "\n" },
    { "<a href=\"tel:" MOBILE "\">call</a>", 1, "call\ntel:" MOBILE "\n" },
    { "<input value=" MOBILE ">", 1, MOBILE "\n" },
    { "<p =\"x\" \"y\" <b>z", 1 - 1, "z\n" },
    { "", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Collected c;

      g_test_message ("case %u", i);
      collected_init (&c);
      g_assert_true (html_of (cases[i].html, strlen (cases[i].html), &c));
      if (cases[i].text == NULL)
        g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
      else
        {
          g_assert_cmpstr (text_of (&c, ""), ==, cases[i].text);
          assert_counts (&c, "", 0, cases[i].mobiles, 0, 0);
        }
      collected_clear (&c);
    }

  /* UTF-8 with a NUL byte is still UTF-8. */
  {
    static const char with_nul[] = "<p>电话\0" MOBILE "</p>";
    Collected c;

    collected_init (&c);
    g_assert_true (html_of (with_nul, sizeof with_nul - 1, &c));
    g_assert_cmpstr (text_of (&c, ""), ==, "电话 " MOBILE "\n");
    assert_counts (&c, "", 0, 1, 0, 0);
    collected_clear (&c);
  }

  /* Pathological repetitions run in linear time and never grow. */
  {
    static const char * const units[] = { "<", "<a ", "&", "&#", "<!--", "<a title='", "</",
                                          "<script>", "<p>", "<br>", "&nbsp;", "<a b=c " };

    for (guint i = 0; i < G_N_ELEMENTS (units); i++)
      {
        g_autoptr(GString) s = g_string_new (NULL);
        Collected c;

        while (s->len < 4 * 1024 * 1024)
          g_string_append (s, units[i]);
        g_string_append (s, MOBILE);
        collected_init (&c);
        g_assert_true (html_of (s->str, s->len, &c));
        collected_clear (&c);
      }
  }
}

/* -- mail ------------------------------------------------------------------- */

static char *
base64_lines (const void *data,
              gsize       len)
{
  g_autofree char *b64 = g_base64_encode (data, len);
  GString *out = g_string_new (NULL);

  for (gsize i = 0, n = strlen (b64); i < n; i += 76)
    {
      g_string_append_len (out, b64 + i, MIN (76, n - i));
      g_string_append (out, "\n");
    }
  return g_string_free (out, FALSE);
}

static char *
base64_gbk (const char *utf8)
{
  g_autoptr(GBytes) gbk = to_gbk (utf8);

  return base64_lines (g_bytes_get_data (gbk, NULL), g_bytes_get_size (gbk));
}

static char *
rfc2047_gbk (const char *utf8)
{
  g_autoptr(GBytes) gbk = to_gbk (utf8);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (gbk, NULL), g_bytes_get_size (gbk));

  return g_strdup_printf ("=?GBK?B?%s?=", b64);
}

static GBytes *
make_mail (void)
{
  static const ZipEntry zipped[] = { { "docs/a.txt", "联系电话 " MOBILE "\n", -1, FALSE } };
  g_autoptr(GBytes) zip = make_zip (zipped, G_N_ELEMENTS (zipped));
  g_autofree char *document = wrap_document ("<w:p><w:r><w:t>" ID "</w:t></w:r></w:p>");
  g_autoptr(GBytes) docx = make_docx (document, NULL, 0);
  g_autofree char *zip64 = base64_lines (g_bytes_get_data (zip, NULL), g_bytes_get_size (zip));
  g_autofree char *docx64 = base64_lines (g_bytes_get_data (docx, NULL), g_bytes_get_size (docx));
  g_autofree char *to = rfc2047_gbk ("李四");
  g_autofree char *subject = rfc2047_gbk ("客户 " MOBILE " 资料");
  g_autofree char *body = base64_gbk ("身份证号：" ID "\n");
  g_autofree char *note = base64_lines ("备注 " EMAIL "\n", strlen ("备注 " EMAIL "\n"));
  GString *mail = g_string_new (NULL);

  g_string_append_printf (mail,
    "From: =?UTF-8?B?5byg5LiJ?= <" EMAIL ">\n"
    "To: %s <" EMAIL2 ">\n"
    "Subject: %s\n"
    "Date: Mon, 1 Jan 2024 08:00:00 +0800\n"
    "Message-ID: <1.2@example.com>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "\n"
    "This is a multi-part message in MIME format.\n"
    "--outer\n"
    "Content-Type: multipart/alternative; boundary=\"alt\"\n"
    "\n"
    "--alt\n"
    "Content-Type: text/plain; charset=GBK\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "%s"
    "--alt\n"
    "Content-Type: text/html; charset=UTF-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "<html><head><meta charset=3D\"gbk\"></head><body><p>=E4=BF=A1=E7=94=A8=E4=BB=\n"
    "=A3=E7=A0=81=EF=BC=9A9135010=\n"
    "0M000100Y43</p></body></html>\n"
    "--alt--\n"
    "--outer\n"
    "Content-Type: application/zip; name=\"report.zip\"\n"
    "Content-Disposition: attachment; filename=\"report.zip\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "%s"
    "--outer\n"
    "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\n"
    " name=\"=?UTF-8?B?5ZCI5ZCM?=.docx\"\n"
    "Content-Disposition: attachment; filename*=UTF-8''%%E5%%90%%88%%E5%%90%%8C.docx\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "%s"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "\n"
    "From: " EMAIL "\n"
    "Subject: fwd\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "\n"
    "转发 " MOBILE "\n"
    "--outer\n"
    "Content-Type: application/octet-stream\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "%s"
    "--outer\n"
    "Content-Type: application/pgp-signature\n"
    "\n"
    MOBILE "\n"
    "--outer--\n",
    to, subject, body, zip64, docx64, note);
  return g_string_free_to_bytes (mail);
}

static void
test_eml (void)
{
  g_autoptr(GBytes) mail = make_mail ();
  g_autoptr(GError) error = NULL;
  g_autofree char *members = NULL;
  g_autofree char *scanned = NULL;
  CdExtractContext *ctx;
  Collected c;

  g_assert_cmpint (cd_extract_sniff ("mail.eml", g_bytes_get_data (mail, NULL),
                                     g_bytes_get_size (mail), NULL), ==, CD_EXTRACT_FORMAT_MAIL);

  /* As a member, to see the paths of what is inside. */
  collected_init (&c);
  ctx = cd_extract_context_new (NULL, on_text, on_member, &c, NULL);
  g_assert_true (cd_extract_context_member (ctx, NULL, "mail.eml", mail, &error));
  g_assert_no_error (error);
  cd_extract_context_free (ctx);

  members = members_with_text (&c);
  g_assert_cmpstr (members, ==,
                   "mail.eml|mail.eml!/attachment-3|mail.eml!/forwarded-1.eml|"
                   "mail.eml!/report.zip!/docs/a.txt|mail.eml!/合同.docx");
  scanned = scanned_members (&c);
  g_assert_cmpstr (scanned, ==,
                   "mail.eml|mail.eml!/attachment-3|mail.eml!/forwarded-1.eml|"
                   "mail.eml!/report.zip|mail.eml!/report.zip!/docs/a.txt|mail.eml!/合同.docx");
  g_assert_cmpuint (c.other->len, ==, 0);

  /* Headers (From, To decoded; Message-ID not read), the GBK body, the
   * quoted-printable HTML part whose soft line break split the code. */
  assert_counts (&c, "mail.eml", 1, 1, 2, 1);
  g_assert_nonnull (strstr (text_of (&c, "mail.eml"), "From: 张三 <" EMAIL ">\n"));
  g_assert_nonnull (strstr (text_of (&c, "mail.eml"), "To: 李四 <" EMAIL2 ">\n"));
  g_assert_nonnull (strstr (text_of (&c, "mail.eml"), "Subject: 客户 " MOBILE " 资料\n"));
  g_assert_nonnull (strstr (text_of (&c, "mail.eml"), "身份证号：" ID "\n"));
  g_assert_nonnull (strstr (text_of (&c, "mail.eml"), "信用代码：" USCC "\n"));
  assert_counts (&c, "mail.eml!/report.zip!/docs/a.txt", 0, 1, 0, 0);
  assert_counts (&c, "mail.eml!/合同.docx", 1, 0, 0, 0);
  assert_counts (&c, "mail.eml!/forwarded-1.eml", 0, 1, 1, 0);
  assert_counts (&c, "mail.eml!/attachment-3", 0, 0, 1, 0);
  collected_clear (&c);

  /* As the top-level file, the members have no prefix. */
  collected_init (&c);
  g_assert_true (extract (&c, "mail.eml", mail, &error));
  g_assert_no_error (error);
  g_clear_pointer (&members, g_free);
  members = members_with_text (&c);
  g_assert_cmpstr (members, ==, "|attachment-3|forwarded-1.eml|report.zip!/docs/a.txt|合同.docx");
  assert_counts (&c, "", 1, 1, 2, 1);
  collected_clear (&c);
}

static void
test_mbox (void)
{
  g_autofree char *gbk = base64_gbk ("电话 " MOBILE "\n");
  g_autofree char *mbox = g_strdup_printf (
    "From sender@example.com Mon Jan  1 00:00:00 2024\n"
    "From: " EMAIL "\n"
    "Subject: one\n"
    "\n"
    "身份证 " ID "\n"
    ">From the desk: " MOBILE "\n"
    "\n"
    "From sender@example.com Mon Jan  1 00:00:01 2024\n"
    "From: " EMAIL2 "\n"
    "Subject: two\n"
    "Content-Type: text/plain; charset=gb2312\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "%s"
    "\n"
    "From sender@example.com Mon Jan  1 00:00:02 2024\n"
    "Subject: three\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=x\n"
    "\n"
    "--x\n"
    "Content-Type: text/plain\n"
    "\n"
    USCC "\n"
    "--x\n"
    "Content-Type: text/plain; name=notes.txt\n"
    "Content-Disposition: attachment; filename=notes.txt\n"
    "\n"
    EMAIL "\n"
    "--x--\n", gbk);
  g_autoptr(GBytes) bytes = g_bytes_new (mbox, strlen (mbox));
  g_autoptr(GError) error = NULL;
  g_autofree char *members = NULL;
  g_autofree char *scanned = NULL;
  Collected c;

  collected_init (&c);
  g_assert_true (extract (&c, "inbox.mbox", bytes, &error));
  g_assert_no_error (error);
  members = members_with_text (&c);
  g_assert_cmpstr (members, ==, "message-1|message-2|message-3|message-3!/notes.txt");
  scanned = scanned_members (&c);
  g_assert_cmpstr (scanned, ==, "message-1|message-2|message-3|message-3!/notes.txt");
  assert_counts (&c, "message-1", 1, 1, 1, 0);
  assert_counts (&c, "message-2", 0, 1, 1, 0);
  assert_counts (&c, "message-3", 0, 0, 0, 1);
  assert_counts (&c, "message-3!/notes.txt", 0, 0, 1, 0);
  g_assert_nonnull (strstr (text_of (&c, "message-2"), "电话 " MOBILE));
  collected_clear (&c);

  /* Many messages, read one at a time. */
  {
    g_autoptr(GString) big = g_string_new (NULL);
    g_autoptr(GBytes) big_bytes = NULL;
    MemberText *last;

    for (guint i = 0; i < 20000; i++)
      g_string_append_printf (big, "From x@example.com Mon Jan  1 00:00:00 2024\n"
                              "Subject: %u\n\n" MOBILE "\n\n", i);
    big_bytes = g_string_free_to_bytes (g_steal_pointer (&big));
    collected_init (&c);
    g_assert_true (extract (&c, "big.mbox", big_bytes, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (c.texts), ==, 20000);
    g_assert_cmpuint (c.scanned->len, ==, 20000);
    last = g_hash_table_lookup (c.texts, "message-20000");
    g_assert_nonnull (last);
    g_assert_cmpuint (last->counts[CD_DETECT_MOBILE], ==, 1);
    collected_clear (&c);
  }
}

static void
test_mail_hostile (void)
{
  g_autoptr(GError) error = NULL;
  Collected c;

  /* 10 000 nested multiparts: the text near the top is read, the rest is
   * reported as damaged. */
  {
    g_autoptr(GString) s = g_string_new ("From: a <" EMAIL ">\nSubject: deep\nMIME-Version: 1.0\n"
                                         "Content-Type: multipart/mixed; boundary=b0\n\n--b0\n"
                                         "Content-Type: text/plain\n\n" ID "\n");
    g_autoptr(GBytes) bytes = NULL;

    for (guint i = 0; i < 10000; i++)
      g_string_append_printf (s, "--b%u\nContent-Type: multipart/mixed; boundary=b%u\n\n",
                              i, i + 1);
    g_string_append (s, "--b10000\nContent-Type: text/plain\n\n" MOBILE "\n--b10000--\n");
    for (guint i = 10000; i-- > 0;)
      g_string_append_printf (s, "--b%u--\n", i);
    bytes = g_string_free_to_bytes (g_steal_pointer (&s));

    collected_init (&c);
    g_assert_false (extract (&c, "deep.eml", bytes, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
    g_clear_error (&error);
    assert_counts (&c, "", 1, 0, 1, 0);
    collected_clear (&c);
  }

  /* Forwarded messages inside forwarded messages: the depth limit of the
   * whole file stops it. */
  {
    g_autoptr(GString) s = g_string_new ("From: " EMAIL "\nSubject: fwd\n");
    g_autoptr(GBytes) bytes = NULL;

    for (guint i = 0; i < 10000; i++)
      g_string_append (s, "Content-Type: message/rfc822\n\nFrom: x\nSubject: fwd\n");
    g_string_append (s, "\n" MOBILE "\n");
    bytes = g_string_free_to_bytes (g_steal_pointer (&s));

    collected_init (&c);
    g_assert_false (extract (&c, "fwd.eml", bytes, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
    g_clear_error (&error);
    assert_counts (&c, "", 0, 0, 1, 0);
    collected_clear (&c);
  }

  /* Encrypted: the headers are read, the rest is for a person. */
  {
    static const char encrypted[] =
      "From: " EMAIL "\nTo: " EMAIL2 "\nSubject: secret\nMIME-Version: 1.0\n"
      "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e\n\n"
      "--e\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n"
      "--e\nContent-Type: application/octet-stream\n\n-----BEGIN PGP MESSAGE-----\nhQEM\n"
      "-----END PGP MESSAGE-----\n--e--\n";
    g_autoptr(GBytes) bytes = g_bytes_new_static (encrypted, strlen (encrypted));

    collected_init (&c);
    g_assert_false (extract (&c, "secret.eml", bytes, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED);
    g_clear_error (&error);
    assert_counts (&c, "", 0, 0, 2, 0);
    g_assert_cmpuint (c.scanned->len, ==, 0);
    collected_clear (&c);
  }

  /* A truncated message: what is there is read. */
  {
    g_autoptr(GBytes) mail = make_mail ();
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (mail, 0, g_bytes_get_size (mail) * 2 / 5);

    collected_init (&c);
    g_assert_true (extract (&c, "cut.eml", cut, &error));
    g_assert_no_error (error);
    assert_counts (&c, "", 1, 1, 2, 1);
    collected_clear (&c);
  }

  /* Base64 with more characters it does not have than the parser reads
   * at a time, before the text. */
  {
    g_autoptr(GString) s = g_string_new ("From: x\nSubject: junk\nMIME-Version: 1.0\n"
                                         "Content-Type: text/plain; charset=UTF-8\n"
                                         "Content-Transfer-Encoding: base64\n\n");
    g_autofree char *b64 = base64_lines (MOBILE "\n", strlen (MOBILE "\n"));
    g_autoptr(GBytes) bytes = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append (s, "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n");
    g_string_append (s, b64);
    bytes = g_string_free_to_bytes (g_steal_pointer (&s));
    collected_init (&c);
    g_assert_true (extract (&c, "junk.eml", bytes, &error));
    g_assert_no_error (error);
    assert_counts (&c, "", 0, 1, 0, 0);
    collected_clear (&c);
  }

  /* An attachment larger than the member limit is read up to it. */
  {
    g_autoptr(GString) s = g_string_new ("From: x\nSubject: big\nMIME-Version: 1.0\n"
                                         "Content-Type: multipart/mixed; boundary=m\n\n"
                                         "--m\nContent-Type: text/plain; name=a.txt\n\n"
                                         MOBILE "\n");
    g_autoptr(GBytes) bytes = NULL;
    CdExtractLimits limits;

    for (guint i = 0; i < 2000; i++)
      g_string_append (s, "filler filler filler\n");
    g_string_append (s, ID "\n--m--\n");
    bytes = g_string_free_to_bytes (g_steal_pointer (&s));
    cd_extract_limits_init_default (&limits);
    limits.max_member_bytes = 1000;
    collected_init (&c);
    g_assert_true (extract_full (&c, &limits, "big.eml", bytes, &error));
    g_assert_no_error (error);
    assert_counts (&c, "a.txt", 0, 1, 0, 0);
    g_assert_cmpuint (strlen (text_of (&c, "a.txt")), ==, 1000);
    collected_clear (&c);
  }
}

/* -- hostile documents ------------------------------------------------------ */

static GBytes *
pseudo_random (gsize   len,
               guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  return g_bytes_new_take (data, len);
}

static gboolean
run_extractor (guint       which,
               GBytes     *bytes,
               Collected  *c,
               GError    **error)
{
  CdExtractContext *ctx = cd_extract_context_new (NULL, on_text, on_member, c, NULL);
  gboolean ok = FALSE;

  switch (which)
    {
    case 0: ok = cd_extract_ooxml (ctx, NULL, bytes, error); break;
    case 1: ok = cd_extract_odf (ctx, NULL, bytes, error); break;
    case 2: ok = cd_extract_html (ctx, NULL, bytes, error); break;
    case 3: ok = cd_extract_mail (ctx, NULL, bytes, error); break;
    case 4: ok = cd_extract_mbox (ctx, NULL, bytes, error); break;
    default: g_assert_not_reached ();
    }
  cd_extract_context_free (ctx);
  return ok;
}

static void
test_docs_hostile (void)
{
  g_autoptr(GError) error = NULL;
  Collected c;

  /* Truncated inside a part that is not read, and inside the document. */
  {
    g_autofree char *document = wrap_document ("<w:p><w:r><w:t>" ID "</w:t></w:r></w:p>");
    g_autoptr(GBytes) noise = pseudo_random (64 * 1024, 1);
    const ZipEntry extra[] = {
      { "word/media/image1.png", g_bytes_get_data (noise, NULL), 64 * 1024, TRUE },
      { "word/header1.xml",
        "<w:hdr " W_NS "><w:p><w:r><w:t>" MOBILE "</w:t></w:r></w:p></w:hdr>", -1, FALSE },
    };
    g_autoptr(GBytes) docx = make_docx (document, extra, G_N_ELEMENTS (extra));
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (docx, 0, g_bytes_get_size (docx) - 20000);

    collected_init (&c);
    g_assert_true (extract (&c, "a.docx", docx, &error));
    g_assert_no_error (error);
    assert_counts (&c, "", 1, 1, 0, 0);
    collected_clear (&c);

    collected_init (&c);
    g_assert_false (extract (&c, "cut.docx", cut, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
    g_test_message ("%s", error->message);
    g_clear_error (&error);
    assert_counts (&c, "", 1, 0, 0, 0);
    collected_clear (&c);
  }
  {
    g_autoptr(GString) body = g_string_new ("<w:p><w:r><w:t>" ID "</w:t></w:r></w:p>");
    g_autofree char *document = NULL;
    g_autoptr(GBytes) docx = NULL;
    g_autoptr(GBytes) cut = NULL;
    const ZipEntry entries[] = {
      { "[Content_Types].xml", CONTENT_TYPES, -1, FALSE },
      { "word/document.xml", NULL, -1, TRUE },
    };
    ZipEntry copy[2];

    while (body->len < 200 * 1024)
      g_string_append (body, "<w:p><w:r><w:t>filler</w:t></w:r></w:p>");
    g_string_append (body, "<w:p><w:r><w:t>" MOBILE "</w:t></w:r></w:p>");
    document = wrap_document (body->str);
    memcpy (copy, entries, sizeof copy);
    copy[1].data = document;
    docx = make_zip (copy, 2);
    cut = g_bytes_new_from_bytes (docx, 0, 100 * 1024);

    collected_init (&c);
    g_assert_false (extract (&c, "cut.docx", cut, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
    g_clear_error (&error);
    assert_counts (&c, "", 1, 0, 0, 0);
    collected_clear (&c);

    /* A part larger than the member limit: its first part is read. */
    {
      CdExtractLimits limits;

      cd_extract_limits_init_default (&limits);
      limits.max_member_bytes = 64 * 1024;
      collected_init (&c);
      g_assert_true (extract_full (&c, &limits, "big.docx", docx, &error));
      g_assert_no_error (error);
      assert_counts (&c, "", 1, 0, 0, 0);
      collected_clear (&c);

      /* More expanded bytes than the whole file may have: stopped. */
      limits.max_member_bytes = 64 * 1024 * 1024;
      limits.max_total_bytes = 100 * 1024;
      collected_init (&c);
      g_assert_false (extract_full (&c, &limits, "big.docx", docx, &error));
      g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT);
      g_clear_error (&error);
      assert_counts (&c, "", 1, 0, 0, 0);
      collected_clear (&c);
    }
  }

  /* Elements nested 10 000 deep. */
  {
    g_autoptr(GString) body = g_string_new ("<w:p><w:r><w:t>" ID "</w:t></w:r></w:p>");
    g_autofree char *document = NULL;
    g_autoptr(GBytes) docx = NULL;

    for (guint i = 0; i < 10000; i++)
      g_string_append (body, "<w:p>");
    g_string_append (body, "<w:r><w:t>" MOBILE "</w:t></w:r>");
    for (guint i = 0; i < 10000; i++)
      g_string_append (body, "</w:p>");
    document = wrap_document (body->str);
    docx = make_docx (document, NULL, 0);

    collected_init (&c);
    g_assert_false (extract (&c, "deep.docx", docx, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
    g_clear_error (&error);
    assert_counts (&c, "", 1, 0, 0, 0);
    collected_clear (&c);
  }

  /* An entity bomb and an external entity: never expanded. */
  {
    static const char *documents[] = {
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
      " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
      "]>\n<w:document " W_NS "><w:body><w:p><w:r><w:t>" ID "</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>",
      "<?xml version=\"1.0\"?>\n<!DOCTYPE d [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
      "<w:document " W_NS "><w:body><w:p><w:r><w:t>" ID "</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>",
    };

    for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
      {
        g_autoptr(GBytes) docx = make_docx (documents[i], NULL, 0);

        collected_init (&c);
        g_assert_false (extract (&c, "bomb.docx", docx, &error));
        g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
        g_clear_error (&error);
        assert_counts (&c, "", 1, 0, 0, 0);
        g_assert_null (strstr (text_of (&c, ""), "lol"));
        g_assert_null (strstr (text_of (&c, ""), "root"));
        collected_clear (&c);
      }
  }

  /* A password-protected zip member. */
  {
    const ZipEntry entries[] = {
      { "[Content_Types].xml", CONTENT_TYPES, -1, FALSE },
      { "word/document.xml", "<w:document " W_NS "><w:body><w:p><w:r><w:t>" ID
                             "</w:t></w:r></w:p></w:body></w:document>", -1, FALSE },
    };
    g_autoptr(GBytes) docx = make_zip_full (entries, G_N_ELEMENTS (entries), "secret");

    collected_init (&c);
    g_assert_false (extract (&c, "locked.docx", docx, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED);
    g_clear_error (&error);
    g_assert_cmpuint (g_hash_table_size (c.texts), ==, 0);
    collected_clear (&c);
  }

  /* An encrypted OpenDocument: its manifest says so. */
  {
    g_autoptr(GBytes) noise = pseudo_random (4096, 2);
    static const char manifest[] =
      "<manifest:manifest " ODF_NS "><manifest:file-entry manifest:full-path=\"content.xml\">"
      "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\"/></manifest:file-entry>"
      "</manifest:manifest>";
    static const char meta[] =
      "<office:document-meta " ODF_NS "><office:meta><dc:creator>" EMAIL "</dc:creator>"
      "</office:meta></office:document-meta>";
    g_autoptr(GBytes) odt = make_odf ("application/vnd.oasis.opendocument.text",
                                      g_bytes_get_data (noise, NULL), 4096, NULL, meta, manifest);

    collected_init (&c);
    g_assert_false (extract (&c, "locked.odt", odt, &error));
    g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED);
    g_clear_error (&error);
    assert_counts (&c, "", 0, 0, 1, 0);
    collected_clear (&c);
  }

  /* Garbage, empty input and a bare zip signature into every extractor:
   * a page is whatever text there is, the rest is damaged. */
  {
    /* per extractor: garbage, empty, zip signature */
    static const gboolean expect_ok[][3] = {
      { FALSE, FALSE, FALSE }, { FALSE, FALSE, FALSE }, { TRUE, TRUE, TRUE },
      { FALSE, FALSE, FALSE }, { FALSE, TRUE, FALSE },   /* an empty mailbox is one */
    };
    g_autoptr(GBytes) noise = pseudo_random (256 * 1024, 3);
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(GBytes) pk = g_bytes_new_static ("PK\3\4\x14\0\0\0\x08\0", 10);

    for (guint which = 0; which < G_N_ELEMENTS (expect_ok); which++)
      {
        GBytes *inputs[] = { noise, empty, pk };

        for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
          {
            gboolean ok;

            g_test_message ("extractor %u, input %u", which, i);
            collected_init (&c);
            ok = run_extractor (which, inputs[i], &c, &error);
            if (expect_ok[which][i])
              {
                g_assert_no_error (error);
                g_assert_true (ok);
              }
            else
              {
                g_assert_false (ok);
                g_assert_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT);
                g_clear_error (&error);
              }
            g_assert_cmpuint (c.emitted, <=, g_bytes_get_size (inputs[i]) * 3 / 2 + 64);
            collected_clear (&c);
          }
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/extract/docs/docx", test_docx);
  g_test_add_func ("/extract/docs/xlsx", test_xlsx);
  g_test_add_func ("/extract/docs/pptx", test_pptx);
  g_test_add_func ("/extract/docs/odf", test_odf);
  g_test_add_func ("/extract/docs/hostile", test_docs_hostile);
  g_test_add_func ("/extract/html/charsets", test_html);
  g_test_add_func ("/extract/html/hostile", test_html_hostile);
  g_test_add_func ("/extract/mail/eml", test_eml);
  g_test_add_func ("/extract/mail/mbox", test_mbox);
  g_test_add_func ("/extract/mail/hostile", test_mail_hostile);

  return g_test_run ();
}
