/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the letter writers: the PDF read back with pdftotext, pdffonts
 * and poppler (text, page numbers, embedded fonts, nothing outside the
 * page), e-mail drafts and mbox parsed back with GMime, SMS segments and
 * the CSV. */

#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <poppler.h>

#include "cd-letters.h"
#include "cd-test-util.h"

/* Neither GMime 3.2 nor poppler-glib 22 declares autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define ZH_NAME     "欧阳娜娜"
#define ZH_SUBJECT  "关于您个人信息处理的告知函"
#define LONG_SUBJECT "Notice about a very long letter"

static CdLetter *
letter_new (const char *id,
            const char *recipient,
            const char *address,
            const char *subject,
            const char *body)
{
  CdLetter *letter = cd_letter_new ();

  letter->customer_id = g_strdup (id);
  letter->recipient = g_strdup (recipient);
  letter->address = g_strdup (address);
  letter->subject = g_strdup (subject);
  letter->body = g_strdup (body);
  return letter;
}

static const CdLetterhead head_zh = {
  .company = "广州示例餐饮管理有限公司",
  .credit_code = "91440101MA5XXXXX1X",
  .date = "2024年6月1日",
  .language = "zh_CN",
  .sender_email = "notices@example-food.cn",
};

static const CdLetterhead head_en = {
  .company = "Example Catering Ltd.",
  .credit_code = "91440101MA5XXXXX1X",
  .date = "1 June 2024",
  .language = "en",
  .sender_name = "Example Catering, Closure Team",
  .sender_email = "notices@example-food.cn",
};

static char *
repeat (const char *unit,
        guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static char *
long_address (void)
{
  g_autofree char *digits = repeat ("0123456789", 59);

  /* 600 characters without a space or a break opportunity. */
  return g_strconcat ("ADDR", digits, "ENDADDRESS", "QQQQQQ", NULL);
}

static char *
long_name (void)
{
  g_autofree char *middle = repeat ("Maximilian", 12);

  return g_strconcat ("Dr.", middle, "vonLongname", NULL);
}

/* Three letters: Chinese names and text; a 600-character unbroken
 * address and a very long name; one long enough for three pages (14
 * paragraphs of 270 characters). */
static GPtrArray *
three_letters (void)
{
  GPtrArray *letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_letter_free);
  g_autofree char *address = long_address ();
  g_autofree char *name = long_name ();
  g_autofree char *paragraph = repeat ("我们将依法删除您的个人信息，并在处理完毕后书面告知您。", 10);
  g_autoptr(GString) body = g_string_new (NULL);

  g_ptr_array_add (letters, letter_new ("C0001", ZH_NAME, "广东省广州市天河区体育西路 103 号维多利广场 A 座 2301 室",
                                        ZH_SUBJECT,
                                        "尊敬的欧阳娜娜女士：\n\n"
                                        "本公司即将注销。您在本公司留存的会员资料将于 2024 年 7 月 1 日删除。\n"
                                        "如有异议，请于 30 日内回复。\n\n此致\n敬礼"));
  g_ptr_array_add (letters, letter_new ("C0002", name, address, "Subject for a long address",
                                        "Dear customer,\n\nThis letter has a very long address."));
  for (guint i = 0; i < 14; i++)
    {
      g_string_append_printf (body, "第%u段。", i + 1);
      g_string_append (body, paragraph);
      g_string_append (body, "\n\n");
    }
  g_ptr_array_add (letters, letter_new ("C0003", "李四", "上海市", LONG_SUBJECT, body->str));
  return letters;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  if (d == NULL)
    return 0;
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
run (const char *program,
     const char *arg)
{
  const char *argv[] = { program, arg, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (strcmp (program, "pdffonts") == 0)
    argv[2] = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The text without line breaks, form feeds and (with @spaces) spaces:
 * pdftotext and poppler drop the spaces between CJK characters. */
static char *
flatten (const char *text,
         gboolean    spaces)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\n' && *p != '\f' && (!spaces || *p != ' '))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* Every font in `pdffonts` output is embedded: the "emb" column says yes. */
static void
assert_fonts_embedded (const char *pdf)
{
  g_autofree char *out = run ("pdffonts", pdf);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  const char *col;
  gsize emb;
  guint fonts = 0;

  g_assert_nonnull (lines[0]);
  col = strstr (lines[0], " emb ");
  g_assert_nonnull (col);
  emb = (gsize) (col - lines[0]) + 1;
  for (guint i = 2; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        continue;
      g_assert_cmpuint (strlen (lines[i]), >, emb + 3);
      if (strncmp (lines[i] + emb, "yes", 3) != 0)
        g_assert_cmpstr (lines[i], ==, "a font with emb yes");
      fonts++;
    }
  /* Regular and bold CJK at least. */
  g_assert_cmpuint (fonts, >=, 2);
}

/* Opens @pdf with poppler, checks that every glyph box lies on its page,
 * and returns each page's text. */
static GPtrArray *
pages_text (const char *pdf)
{
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) doc = poppler_document_new_from_file (uri, NULL, &error);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      PopplerRectangle *rects = NULL;
      guint n_rects = 0;
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, 595.28, 0.01);
      g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);
      g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
      g_assert_cmpuint (n_rects, >, 20);
      for (guint r = 0; r < n_rects; r++)
        {
          /* Inside the page, and inside the margins but for the footer. */
          g_assert_cmpfloat (rects[r].x1, >=, 60.0);
          g_assert_cmpfloat (rects[r].x2, <=, width - 60.0);
          g_assert_cmpfloat (rects[r].y1, >=, 0.0);
          g_assert_cmpfloat (rects[r].y2, <=, height - 20.0);
        }
      g_free (rects);
      g_ptr_array_add (texts, poppler_page_get_text (page));
    }
  return texts;
}

/* The pages of each letter, read from the footers "第 x 页 / 共 y 页". */
/* The footer as extracted: spaces dropped in Chinese. */
static char *
footer_text (gboolean english,
             guint    page,
             guint    pages)
{
  if (english)
    return g_strdup_printf ("Page %u of %u", page, pages);
  return g_strdup_printf ("第%u页/共%u页", page, pages);
}

static GArray *
letter_pages (GPtrArray *texts,
              gboolean   english)
{
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (guint));
  guint in_letter = 0;
  guint total = 0;

  for (guint i = 0; i < texts->len; i++)
    {
      g_autofree char *text = flatten (g_ptr_array_index (texts, i), !english);
      g_autofree char *expected = NULL;

      if (in_letter == total)
        {
          /* A new letter: find its length from the first footer. */
          for (total = 1; total <= CD_LETTERS_MAX_PAGES; total++)
            {
              g_free (expected);
              expected = footer_text (english, 1, total);
              if (strstr (text, expected) != NULL)
                break;
            }
          g_assert_cmpuint (total, <=, CD_LETTERS_MAX_PAGES);
          g_array_append_val (pages, total);
          in_letter = 0;
        }
      g_free (expected);
      expected = footer_text (english, in_letter + 1, total);
      if (strstr (text, expected) == NULL)
        g_assert_cmpstr (text, ==, expected);
      in_letter++;
    }
  g_assert_cmpuint (in_letter, ==, total);
  return pages;
}

static void
test_pdf_render (void)
{
  g_autoptr(GPtrArray) letters = three_letters ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "letters.pdf", NULL);
  g_autofree char *per = g_build_filename (dir, "per-customer", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *address = long_address ();
  g_autofree char *name = long_name ();
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GArray) pages = NULL;
  CdLettersStats stats = { 0, 0, 0 };
  GStatBuf st;
  guint64 sizes = 0;

  if (!cd_test_have_program ("pdftotext") || !cd_test_have_program ("pdffonts"))
    {
      g_test_skip ("pdftotext or pdffonts is missing (poppler-utils)");
      cd_test_rm_rf (dir);
      return;
    }

  g_assert_true (cd_letters_write_pdf (letters, &head_zh, pdf, per, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.letters, ==, 3);

  text = run ("pdftotext", pdf);
  flat = flatten (text, FALSE);
  bare = flatten (text, TRUE);
  g_assert_nonnull (strstr (text, ZH_SUBJECT));
  g_assert_nonnull (strstr (text, ZH_NAME));
  g_assert_nonnull (strstr (text, "统一社会信用代码：91440101MA5XXXXX1X"));
  g_assert_nonnull (strstr (text, "广州示例餐饮管理有限公司"));
  g_assert_nonnull (strstr (text, "2024年6月1日"));
  g_assert_nonnull (strstr (text, "Subject for a long address"));
  g_assert_nonnull (strstr (text, LONG_SUBJECT));
  g_assert_nonnull (strstr (text, "李四"));
  g_assert_nonnull (strstr (text, "第14段。"));
  /* The long name and address are all there, wrapped over lines. */
  g_assert_nonnull (strstr (flat, address));
  g_assert_nonnull (strstr (flat, name));
  /* "第 1 页 / 共 1 页": pdftotext drops the spaces between CJK characters. */
  g_assert_nonnull (strstr (bare, "第1页/共1页"));
  g_assert_nonnull (strstr (bare, "第3页/共3页"));

  texts = pages_text (pdf);
  pages = letter_pages (texts, FALSE);
  g_assert_cmpuint (pages->len, ==, 3);
  g_assert_cmpuint (g_array_index (pages, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (pages, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (pages, guint, 2), ==, 3);
  g_assert_cmpuint (texts->len, ==, 5);
  g_assert_cmpuint (stats.pages, ==, 5);
  /* Each letter starts on its own page. */
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 0), ZH_SUBJECT));
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 1), "Subject for a long address"));
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 2), LONG_SUBJECT));
  g_assert_null (strstr (g_ptr_array_index (texts, 3), LONG_SUBJECT));
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 4), "第14段。"));

  assert_fonts_embedded (pdf);

  /* One file per customer, named after the id, holding its letter. */
  for (guint i = 0; i < 3; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);
      g_autofree char *base = g_strconcat (letter->customer_id, ".pdf", NULL);
      g_autofree char *one = g_build_filename (per, base, NULL);
      g_autoptr(GPtrArray) one_texts = NULL;

      g_assert_true (g_file_test (one, G_FILE_TEST_IS_REGULAR));
      one_texts = pages_text (one);
      g_assert_cmpuint (one_texts->len, ==, g_array_index (pages, guint, i));
      g_assert_nonnull (strstr (g_ptr_array_index (one_texts, 0), letter->subject));
      assert_fonts_embedded (one);
      g_assert_cmpint (g_stat (one, &st), ==, 0);
      sizes += (guint64) st.st_size;
    }
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  sizes += (guint64) st.st_size;
  g_assert_cmpuint (stats.bytes, ==, sizes);

  /* No temporary files left. */
  g_assert_cmpuint (count_entries (dir), ==, 2);
  g_assert_cmpuint (count_entries (per), ==, 3);

  cd_test_rm_rf (dir);
}

static void
test_pdf_english (void)
{
  g_autoptr(GPtrArray) letters = three_letters ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "letters.pdf", NULL);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GArray) pages = NULL;
  CdLettersStats stats = { 0, 0, 0 };

  g_assert_true (cd_letters_write_pdf (letters, &head_en, pdf, NULL, &stats, NULL, &error));
  g_assert_no_error (error);
  texts = pages_text (pdf);
  pages = letter_pages (texts, TRUE);
  g_assert_cmpuint (pages->len, ==, 3);
  g_assert_cmpuint (stats.pages, ==, texts->len);
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 0), "Unified social credit code: 91440101MA5XXXXX1X"));
  g_assert_nonnull (strstr (g_ptr_array_index (texts, 0), "1 June 2024"));
  g_assert_null (strstr (g_ptr_array_index (texts, 0), "统一社会信用代码"));
  cd_test_rm_rf (dir);
}

static void
assert_pdf_fails (GPtrArray          *letters,
                  const CdLetterhead *head,
                  GCancellable       *cancellable,
                  GQuark              domain,
                  int                 code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "letters.pdf", NULL);
  g_autofree char *per = g_build_filename (dir, "per-customer", NULL);

  g_assert_false (cd_letters_write_pdf (letters, head, pdf, per, NULL, cancellable, &error));
  g_assert_error (error, domain, code);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (per), ==, 0);
  g_assert_cmpuint (count_entries (dir), <=, 1);
  cd_test_rm_rf (dir);
}

static void
test_pdf_invalid (void)
{
  const char *bad_ids[] = { "", "../etc", "a b", "张三", "a.pdf", "x/y" };
  g_autofree char *long_id = repeat ("a", 65);

  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(GPtrArray) letters = three_letters ();
      CdLetter *letter = g_ptr_array_index (letters, 2);

      g_free (letter->customer_id);
      letter->customer_id = g_strdup (bad_ids[i]);
      assert_pdf_fails (letters, &head_zh, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
    }

  {
    g_autoptr(GPtrArray) letters = three_letters ();
    CdLetter *letter = g_ptr_array_index (letters, 1);

    g_free (letter->customer_id);
    letter->customer_id = g_strdup (long_id);
    assert_pdf_fails (letters, &head_zh, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
  }

  {
    /* 64 characters are fine. */
    g_autoptr(GPtrArray) letters = three_letters ();
    CdLetter *letter = g_ptr_array_index (letters, 1);
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
    g_autofree char *pdf = g_build_filename (dir, "letters.pdf", NULL);
    g_autofree char *base = NULL;
    g_autofree char *one = NULL;

    long_id[64] = '\0';
    g_free (letter->customer_id);
    letter->customer_id = g_strdup (long_id);
    g_assert_true (cd_letters_write_pdf (letters, &head_zh, pdf, dir, NULL, NULL, &error));
    g_assert_no_error (error);
    base = g_strconcat (long_id, ".pdf", NULL);
    one = g_build_filename (dir, base, NULL);
    g_assert_true (g_file_test (one, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (count_entries (dir), ==, 4);
    cd_test_rm_rf (dir);
  }

  {
    /* Two letters for one customer would overwrite each other's file. */
    g_autoptr(GPtrArray) letters = three_letters ();
    CdLetter *letter = g_ptr_array_index (letters, 2);

    g_free (letter->customer_id);
    letter->customer_id = g_strdup ("C0001");
    assert_pdf_fails (letters, &head_zh, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
  }

  {
    g_autoptr(GPtrArray) letters = three_letters ();
    CdLetter *letter = g_ptr_array_index (letters, 1);

    g_free (letter->address);
    letter->address = g_strdup ("Bad \xff\xfe UTF-8");
    assert_pdf_fails (letters, &head_zh, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
  }

  {
    g_autoptr(GPtrArray) letters = three_letters ();
    CdLetterhead head = head_zh;

    head.company = "\xc3\x28";
    assert_pdf_fails (letters, &head, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
    head = head_zh;
    head.language = "fr";
    assert_pdf_fails (letters, &head, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
  }
}

static void
test_pdf_limits (void)
{
  {
    /* A body over the limit. */
    g_autoptr(GPtrArray) letters = three_letters ();
    CdLetter *letter = g_ptr_array_index (letters, 0);

    g_free (letter->body);
    letter->body = repeat ("x", CD_LETTERS_MAX_BODY + 1);
    assert_pdf_fails (letters, &head_zh, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_LIMIT);
  }

  {
    /* Within the byte limit, but 4,000 one-line paragraphs: over 50 pages. */
    g_autoptr(GPtrArray) letters = three_letters ();
    CdLetter *letter = g_ptr_array_index (letters, 2);

    g_free (letter->body);
    letter->body = repeat ("短段。\n\n", 4000);
    assert_pdf_fails (letters, &head_zh, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_LIMIT);
  }

  {
    /* Too many letters: the check comes before any work. */
    g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_letter_free);

    for (guint i = 0; i <= CD_LETTERS_MAX_LETTERS; i++)
      g_ptr_array_add (letters, cd_letter_new ());
    assert_pdf_fails (letters, &head_zh, NULL, CD_LETTERS_ERROR, CD_LETTERS_ERROR_LIMIT);
  }
}

static void
test_pdf_cancel (void)
{
  g_autoptr(GPtrArray) letters = three_letters ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_cancellable_cancel (cancellable);
  assert_pdf_fails (letters, &head_zh, cancellable, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* E-mail */

static GPtrArray *
mail_letters (void)
{
  GPtrArray *letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_letter_free);
  CdLetter *letter;

  letter = letter_new ("C0001", ZH_NAME, NULL, ZH_SUBJECT,
                       "尊敬的欧阳娜娜女士：\n\n本公司即将注销。\n请于 30 日内回复。\n\n此致\n敬礼\n");
  letter->email = g_strdup ("nana@example.cn");
  g_ptr_array_add (letters, letter);

  letter = letter_new ("C0002", "John Smith", NULL, "Your data & our closure",
                       "Dear John,\n\nFrom now on we keep nothing.\n>From the archive too.\n\n"
                       "Regards <team>\n");
  letter->email = g_strdup ("john@example.com");
  g_ptr_array_add (letters, letter);

  letter = letter_new ("C0003", "李四", NULL, "Plain", "Short.\n");
  letter->email = g_strdup ("li@example.cn");
  g_ptr_array_add (letters, letter);
  return letters;
}

/* A text part's text with CRLF (as in .eml files) made LF. */
static char *
part_text_lf (GMimeObject *part)
{
  g_autofree char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
  GString *lf = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!(p[0] == '\r' && p[1] == '\n'))
      g_string_append_c (lf, *p);
  return g_string_free (lf, FALSE);
}

static GMimeMessage *
parse_message (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMimeStream) stream = g_mime_stream_fs_open (path, O_RDONLY, 0, &error);
  g_autoptr(GMimeParser) parser = NULL;

  g_assert_no_error (error);
  parser = g_mime_parser_new_with_stream (stream);
  return g_mime_parser_construct_message (parser, NULL);
}

static void
assert_message (GMimeMessage       *message,
                const CdLetter     *letter,
                const CdLetterhead *head,
                gboolean            crlf_plain)
{
  g_autoptr(GRegex) newline = g_regex_new ("\n", 0, 0, NULL);
  g_autofree char *crlf = NULL;
  InternetAddressList *from = g_mime_message_get_from (message);
  InternetAddressList *to = g_mime_message_get_to (message);
  InternetAddress *address;
  GMimeObject *body = g_mime_message_get_mime_part (message);
  GMimeContentType *type;
  g_autofree char *plain = NULL;
  g_autofree char *html = NULL;
  g_autofree char *escaped = NULL;

  g_assert_cmpint (internet_address_list_length (from), ==, 1);
  address = internet_address_list_get_address (from, 0);
  g_assert_cmpstr (internet_address_get_name (address), ==,
                   head->sender_name != NULL ? head->sender_name : head->company);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   head->sender_email);
  g_assert_cmpint (internet_address_list_length (to), ==, 1);
  address = internet_address_list_get_address (to, 0);
  g_assert_cmpstr (internet_address_get_name (address), ==, letter->recipient);
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (address)), ==,
                   letter->email);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, letter->subject);
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (message), "X-Unsent"), ==, "1");
  g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (message), "MIME-Version"), ==, "1.0");
  g_assert_nonnull (g_mime_message_get_date (message));
  g_assert_true (g_str_has_suffix (g_mime_message_get_message_id (message), "@example-food.cn"));

  g_assert_true (GMIME_IS_MULTIPART (body));
  type = g_mime_object_get_content_type (body);
  g_assert_true (g_mime_content_type_is_type (type, "multipart", "alternative"));
  g_assert_cmpint (g_mime_multipart_get_count (GMIME_MULTIPART (body)), ==, 2);

  {
    GMimeObject *part = g_mime_multipart_get_part (GMIME_MULTIPART (body), 0);

    g_assert_true (GMIME_IS_TEXT_PART (part));
    g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (part), "text", "plain"));
    g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
    g_assert_true (g_mime_part_get_content_encoding (GMIME_PART (part)) == GMIME_CONTENT_ENCODING_BASE64 ||
                   g_mime_part_get_content_encoding (GMIME_PART (part)) == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
                   g_mime_part_get_content_encoding (GMIME_PART (part)) == GMIME_CONTENT_ENCODING_7BIT);
    /* The text is CRLF on the wire (canonical MIME text); in the body LF. */
    plain = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
    crlf = g_regex_replace_literal (newline, letter->body, -1, 0, "\r\n", 0, NULL);
    g_assert_cmpstr (plain, ==, crlf_plain ? crlf : letter->body);

    part = g_mime_multipart_get_part (GMIME_MULTIPART (body), 1);
    g_assert_true (g_mime_content_type_is_type (g_mime_object_get_content_type (part), "text", "html"));
    g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
    html = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
    g_assert_nonnull (strstr (html, "<meta charset=\"utf-8\">"));
    g_assert_nonnull (strstr (html, strcmp (head->language, "en") == 0 ? "<html lang=\"en\">"
                                                                      : "<html lang=\"zh-CN\">"));
    escaped = g_markup_escape_text (letter->subject, -1);
    g_assert_nonnull (strstr (html, escaped));
  }
}

static void
test_eml_roundtrip (void)
{
  g_autoptr(GPtrArray) letters = mail_letters ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "drafts", "new", NULL);
  CdLettersStats stats = { 0, 0, 0 };

  g_assert_true (cd_letters_write_eml (letters, &head_zh, out, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.letters, ==, 3);
  g_assert_cmpuint (count_entries (out), ==, 3);

  for (guint i = 0; i < letters->len; i++)
    {
      const CdLetter *letter = g_ptr_array_index (letters, i);
      g_autofree char *base = g_strconcat (letter->customer_id, ".eml", NULL);
      g_autofree char *path = g_build_filename (out, base, NULL);
      g_autoptr(GMimeMessage) message = parse_message (path);
      g_autofree char *raw = NULL;

      g_assert_nonnull (message);
      assert_message (message, letter, &head_zh, TRUE);
      /* Headers are 7-bit: RFC 2047 words for the Chinese. */
      g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
      g_assert_nonnull (strstr (raw, "\r\nX-Unsent: 1\r\n"));
      for (const char *p = raw; *p != '\0' && !(p[0] == '\r' && p[1] == '\n' && p[2] == '\r'); p++)
        g_assert_cmpint ((guchar) *p, <, 0x80);
    }

  /* The HTML part is escaped and in paragraphs. */
  {
    g_autofree char *path = g_build_filename (out, "C0002.eml", NULL);
    g_autoptr(GMimeMessage) message = parse_message (path);
    GMimeObject *part = g_mime_multipart_get_part (GMIME_MULTIPART (g_mime_message_get_mime_part (message)), 1);
    g_autofree char *html = part_text_lf (part);

    g_assert_nonnull (strstr (html, "<title>Your data &amp; our closure</title>"));
    g_assert_nonnull (strstr (html, "<p>Dear John,</p>\n<p>From now on we keep nothing.<br>\n"
                                    "&gt;From the archive too.</p>\n<p>Regards &lt;team&gt;</p>\n"));
  }

  /* With the English letterhead and a sender name. */
  g_assert_true (cd_letters_write_eml (letters, &head_en, out, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *path = g_build_filename (out, "C0001.eml", NULL);
    g_autoptr(GMimeMessage) message = parse_message (path);

    assert_message (message, g_ptr_array_index (letters, 0), &head_en, TRUE);
  }

  cd_test_rm_rf (dir);
}

static void
test_eml_html_fragment (void)
{
  g_autoptr(GPtrArray) letters = mail_letters ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "C0003.eml", NULL);
  g_autoptr(GMimeMessage) message = NULL;
  CdLetter *letter = g_ptr_array_index (letters, 2);
  GMimeObject *part;
  g_autofree char *html = NULL;

  letter->body_html = g_strdup ("<p><b>Short.</b></p>");
  g_assert_true (cd_letters_write_eml (letters, &head_en, dir, NULL, NULL, &error));
  g_assert_no_error (error);
  message = parse_message (path);
  part = g_mime_multipart_get_part (GMIME_MULTIPART (g_mime_message_get_mime_part (message)), 1);
  html = part_text_lf (part);
  g_assert_cmpstr (html, ==, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                             "<title>Plain</title>\n</head>\n<body>\n<p><b>Short.</b></p>\n</body>\n</html>\n");
  cd_test_rm_rf (dir);
}

static void
test_eml_header_injection (void)
{
  g_autoptr(GPtrArray) letters = mail_letters ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "C0002.eml", NULL);
  g_autofree char *raw = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  CdLetter *letter = g_ptr_array_index (letters, 1);
  InternetAddressList *to;

  /* Line breaks in the subject and the name are replaced by a space. */
  g_free (letter->subject);
  letter->subject = g_strdup ("Hello\r\nBcc: victim@example.org\n");
  g_free (letter->recipient);
  letter->recipient = g_strdup ("John\nBcc: other@example.org");
  g_assert_true (cd_letters_write_eml (letters, &head_en, dir, NULL, NULL, &error));
  g_assert_no_error (error);
  message = parse_message (path);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, "Hello Bcc: victim@example.org");
  g_assert_null (g_mime_message_get_bcc (message) != NULL &&
                 internet_address_list_length (g_mime_message_get_bcc (message)) > 0
                 ? "a Bcc header" : NULL);
  to = g_mime_message_get_to (message);
  g_assert_cmpint (internet_address_list_length (to), ==, 1);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (to, 0)), ==,
                   "John Bcc: other@example.org");
  g_assert_true (g_file_get_contents (path, &raw, NULL, NULL));
  g_assert_null (strstr (raw, "\nBcc:"));

  /* In an address they are refused. */
  {
    g_autofree char *dir2 = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
    const char *bad[] = { "john@example.com\r\nBcc: x@y.z", "john@example.com\n", "no-at-sign",
                          "a@b@c", "<john@example.com>", "john doe@example.com", "", NULL };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autoptr(GError) local = NULL;

        g_free (letter->email);
        letter->email = g_strdup (bad[i]);
        g_assert_false (cd_letters_write_eml (letters, &head_en, dir2, NULL, NULL, &local));
        g_assert_error (local, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
        g_assert_nonnull (strstr (local->message, "C0002"));
        g_assert_cmpuint (count_entries (dir2), ==, 0);
      }

    /* No address at all. */
    g_clear_pointer (&letter->email, g_free);
    {
      g_autoptr(GError) local = NULL;

      g_assert_false (cd_letters_write_eml (letters, &head_en, dir2, NULL, NULL, &local));
      g_assert_error (local, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
      g_assert_nonnull (strstr (local->message, "C0002"));
    }
    letter->email = g_strdup ("john@example.com");

    /* A letterhead without the sender's address. */
    {
      g_autoptr(GError) local = NULL;
      CdLetterhead head = head_en;

      head.sender_email = NULL;
      g_assert_false (cd_letters_write_eml (letters, &head, dir2, NULL, NULL, &local));
      g_assert_error (local, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
      g_clear_error (&local);
      head.sender_email = "team@example.com\r\nBcc: x@y.z";
      g_assert_false (cd_letters_write_mbox (letters, &head, path, NULL, NULL, &local));
      g_assert_error (local, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
    }
    g_assert_cmpuint (count_entries (dir2), ==, 0);
    cd_test_rm_rf (dir2);
  }

  cd_test_rm_rf (dir);
}

static void
test_eml_cancel (void)
{
  g_autoptr(GPtrArray) letters = mail_letters ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *mbox = g_build_filename (dir, "all.mbox", NULL);

  g_cancellable_cancel (cancellable);
  g_assert_false (cd_letters_write_eml (letters, &head_zh, dir, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (cd_letters_write_mbox (letters, &head_zh, mbox, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  cd_test_rm_rf (dir);
}

static void
test_mbox (void)
{
  g_autoptr(GPtrArray) letters = mail_letters ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "drafts.mbox", NULL);
  g_autofree char *raw = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  CdLettersStats stats = { 0, 0, 0 };
  guint n = 0;
  gsize len = 0;

  g_assert_true (cd_letters_write_mbox (letters, &head_zh, path, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.letters, ==, 3);
  g_assert_true (g_file_get_contents (path, &raw, &len, NULL));
  g_assert_cmpuint (stats.bytes, ==, len);
  g_assert_true (g_str_has_prefix (raw, "From notices@example-food.cn "));
  /* mboxrd: "From " and ">From " in the body each get one more ">". */
  g_assert_nonnull (strstr (raw, "\n>From now on we keep nothing.\n>>From the archive too.\n"));
  g_assert_null (strstr (raw, "\r\n"));

  stream = g_mime_stream_fs_open (path, O_RDONLY, 0, &error);
  g_assert_no_error (error);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);
  while (!g_mime_parser_eos (parser))
    {
      g_autoptr(GMimeMessage) message = g_mime_parser_construct_message (parser, NULL);
      g_autofree char *marker = NULL;
      const CdLetter *letter;

      g_assert_nonnull (message);
      g_assert_cmpuint (n, <, letters->len);
      letter = g_ptr_array_index (letters, n);
      g_assert_cmpstr (g_mime_message_get_subject (message), ==, letter->subject);
      g_assert_cmpstr (g_mime_object_get_header (GMIME_OBJECT (message), "X-Unsent"), ==, "1");
      marker = g_mime_parser_get_mbox_marker (parser);
      g_assert_true (g_str_has_prefix (marker, "From notices@"));
      n++;
    }
  g_assert_cmpuint (n, ==, 3);
  cd_test_rm_rf (dir);
}

/* SMS */

static void
test_sms_segments (void)
{
  g_autofree char *gsm160 = repeat ("a", 160);
  g_autofree char *gsm161 = repeat ("a", 161);
  g_autofree char *gsm306 = repeat ("a", 306);
  g_autofree char *gsm307 = repeat ("a", 307);
  g_autofree char *zh70 = repeat ("中", 70);
  g_autofree char *zh71 = repeat ("中", 71);
  g_autofree char *zh134 = repeat ("中", 134);
  g_autofree char *zh135 = repeat ("中", 135);
  g_autofree char *emoji35 = repeat ("😀", 35);
  g_autofree char *emoji36 = repeat ("😀", 36);
  g_autofree char *euro80 = repeat ("€", 80);
  g_autofree char *euro81 = repeat ("€", 81);
  g_autofree char *brace = g_strconcat ("{", gsm160 + 1, NULL);
  g_autofree char *accents = repeat ("éÄñÜ@£$¥§¿¡ΔΩ", 10);
  g_autofree char *cedilla = g_strconcat (gsm160 + 1, "ç", NULL);

  g_assert_cmpuint (cd_sms_count_segments (""), ==, 0);
  g_assert_cmpuint (cd_sms_count_segments (NULL), ==, 0);
  g_assert_cmpuint (cd_sms_count_segments ("a"), ==, 1);
  g_assert_cmpuint (cd_sms_count_segments (gsm160), ==, 1);
  g_assert_cmpuint (cd_sms_count_segments (gsm161), ==, 2);
  g_assert_cmpuint (cd_sms_count_segments (gsm306), ==, 2);
  g_assert_cmpuint (cd_sms_count_segments (gsm307), ==, 3);
  g_assert_cmpuint (cd_sms_count_segments (zh70), ==, 1);
  g_assert_cmpuint (cd_sms_count_segments (zh71), ==, 2);
  g_assert_cmpuint (cd_sms_count_segments (zh134), ==, 2);
  g_assert_cmpuint (cd_sms_count_segments (zh135), ==, 3);
  /* An emoji is two UTF-16 units: 35 fit in one message, 36 do not. */
  g_assert_cmpuint (cd_sms_count_segments (emoji35), ==, 1);
  g_assert_cmpuint (cd_sms_count_segments (emoji36), ==, 2);
  /* Extension characters take two septets. */
  g_assert_cmpuint (cd_sms_count_segments (euro80), ==, 1);
  g_assert_cmpuint (cd_sms_count_segments (euro81), ==, 2);
  g_assert_cmpuint (cd_sms_count_segments (brace), ==, 2);
  g_assert_cmpuint (cd_sms_count_segments ("^{}\\[~]|€"), ==, 1);
  /* 140 characters of the basic table beyond ASCII: still GSM. */
  g_assert_cmpuint (cd_sms_count_segments (accents), ==, 1);
  /* ç is not in the table (only Ç): the 160 characters go UCS-2. */
  g_assert_cmpuint (cd_sms_count_segments (cedilla), ==, 3);
  /* One Chinese character makes the whole text UCS-2. */
  g_assert_cmpuint (cd_sms_count_segments ("Hello 你好"), ==, 1);
}

static void
test_sms_csv (void)
{
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_letter_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-letters-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sms.csv", NULL);
  g_autofree char *csv = NULL;
  gsize len = 0;
  CdLetter *letter;
  CdLettersStats stats = { 0, 0, 0 };
  const char *expected =
    "\xEF\xBB\xBF" "phone,text,segments\r\n"
    "+86 138 0000 0000,\"Hello, \"\"world\"\"\nSecond line\nThird para\",1\r\n"
    "13900000000,'=SUM(A1:A9),1\r\n"
    "13700000000,-5 元优惠,1\r\n"
    "13600000000,您好，张三。,1\r\n";

  letter = letter_new ("C1", "A", NULL, "Subject is not sent",
                       "Hello, \"world\"\r\nSecond line\r\n\r\n\r\nThird para\n\n");
  letter->phone = g_strdup ("+86 138 0000 0000");
  g_ptr_array_add (letters, letter);
  letter = letter_new ("C2", "B", NULL, "S", "=SUM(A1:A9)");
  letter->phone = g_strdup ("13900000000");
  g_ptr_array_add (letters, letter);
  letter = letter_new ("C3", "C", NULL, "S", "-5 元优惠");
  letter->phone = g_strdup ("13700000000");
  g_ptr_array_add (letters, letter);
  letter = letter_new ("C4", "D", NULL, "S", "\n\n您好，张三。\n");
  letter->phone = g_strdup ("13600000000");
  g_ptr_array_add (letters, letter);

  g_assert_true (cd_letters_write_sms (letters, path, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.letters, ==, 4);
  g_assert_true (g_file_get_contents (path, &csv, &len, NULL));
  g_assert_cmpstr (csv, ==, expected);
  g_assert_cmpuint (stats.bytes, ==, len);

  /* A phone that could be a formula, or none. */
  g_free (letter->phone);
  letter->phone = g_strdup ("=HYPERLINK(\"x\")");
  g_assert_false (cd_letters_write_sms (letters, path, NULL, &error));
  g_assert_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "C4"));
  g_clear_error (&error);
  g_clear_pointer (&letter->phone, g_free);
  g_assert_false (cd_letters_write_sms (letters, path, NULL, &error));
  g_assert_error (error, CD_LETTERS_ERROR, CD_LETTERS_ERROR_INVALID);
  /* The old file is untouched and no temporary file is left. */
  g_clear_pointer (&csv, g_free);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_cmpstr (csv, ==, expected);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  cd_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();

  g_test_add_func ("/letters/pdf/render", test_pdf_render);
  g_test_add_func ("/letters/pdf/english", test_pdf_english);
  g_test_add_func ("/letters/pdf/invalid", test_pdf_invalid);
  g_test_add_func ("/letters/pdf/limits", test_pdf_limits);
  g_test_add_func ("/letters/pdf/cancel", test_pdf_cancel);
  g_test_add_func ("/letters/eml/roundtrip", test_eml_roundtrip);
  g_test_add_func ("/letters/eml/html-fragment", test_eml_html_fragment);
  g_test_add_func ("/letters/eml/header-injection", test_eml_header_injection);
  g_test_add_func ("/letters/eml/cancel", test_eml_cancel);
  g_test_add_func ("/letters/mbox", test_mbox);
  g_test_add_func ("/letters/sms/segments", test_sms_segments);
  g_test_add_func ("/letters/sms/csv", test_sms_csv);

  return g_test_run ();
}
