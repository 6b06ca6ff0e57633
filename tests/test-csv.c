/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the CSV reader and writer: quoting, encodings, limits and the
 * line numbers that error messages show. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-csv.h"

static CdCsvTable *
parse_ok (const char *data,
          gsize       len)
{
  g_autoptr(GError) error = NULL;
  CdCsvTable *table = cd_csv_table_parse (data, len, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static void
parse_fails (const char         *data,
             gsize               len,
             const CdCsvLimits  *limits,
             CdCsvError          code,
             const char         *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCsvTable) table = cd_csv_table_parse (data, len, limits, &error);

  g_assert_null (table);
  g_assert_error (error, CD_CSV_ERROR, (int) code);
  /* Shows both strings when the message does not mention what it should. */
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_assert_cmpstr (error->message, ==, needle);
}

static void
test_roundtrip (void)
{
  const char * const header[] = { "name", "note", "city", NULL };
  const char * const rows[][4] = {
    { "张三", "says \"hi\", then leaves", "北京市", NULL },
    { "Line\r\nbreak", "lone\rCR and\nLF", "", NULL },
    { " padded ", "a,b,c", "\"", NULL },
    { "", "", "trailing ", NULL },
  };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(CdCsvTable) table = NULL;

  cd_csv_append_row (out, header, FALSE);
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    cd_csv_append_row (out, rows[r], FALSE);

  table = parse_ok (out->str, out->len);
  g_assert_cmpint (cd_csv_table_get_encoding (table), ==, CD_CSV_ENCODING_UTF8);
  g_assert_cmpuint (cd_csv_table_get_n_columns (table), ==, 3);
  g_assert_cmpuint (cd_csv_table_get_n_rows (table), ==, G_N_ELEMENTS (rows));
  g_assert_cmpstr (cd_csv_table_get_header (table)[1], ==, "note");
  g_assert_null (cd_csv_table_get_header (table)[3]);

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      const char * const *row = cd_csv_table_get_row (table, r);

      for (guint c = 0; c < 3; c++)
        g_assert_cmpstr (row[c], ==, rows[r][c]);
      g_assert_null (row[3]);
    }

  /* The second row holds three line breaks, so it covers lines 3 to 6. */
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 0), ==, 2);
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 1), ==, 3);
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 2), ==, 7);
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 3), ==, 8);
}

static void
test_writer_quoting (void)
{
  const char * const plain[] = { "a", "b c", "", NULL };
  const char * const tricky[] = { "x,y", "say \"no\"", " lead", "trail ", NULL };
  const char * const single_empty[] = { "", NULL };
  g_autoptr(GString) out = g_string_new (NULL);

  cd_csv_append_row (out, plain, FALSE);
  g_assert_cmpstr (out->str, ==, "a,b c,\r\n");

  g_string_truncate (out, 0);
  cd_csv_append_row (out, tricky, FALSE);
  g_assert_cmpstr (out->str, ==, "\"x,y\",\"say \"\"no\"\"\",\" lead\",\"trail \"\r\n");

  g_string_truncate (out, 0);
  cd_csv_append_row (out, single_empty, FALSE);
  g_assert_cmpstr (out->str, ==, "\"\"\r\n");
}

static void
test_formula_guard (void)
{
  const char * const fields[] = { "=SUM(A1:A9)", "+1", "-2", "@cmd", "\tx", "\rx", "safe", "a=b", NULL };
  g_autoptr(GString) guarded = g_string_new (NULL);
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(GString) doc = g_string_new (NULL);
  const char * const header[] = { "a", "b", "c", "d", "e", "f", "g", "h", NULL };

  cd_csv_append_row (guarded, fields, TRUE);
  g_assert_cmpstr (guarded->str, ==,
                   "'=SUM(A1:A9),'+1,'-2,'@cmd,'\tx,\"'\rx\",safe,a=b\r\n");

  cd_csv_append_row (raw, fields, FALSE);
  g_assert_cmpstr (raw->str, ==, "=SUM(A1:A9),+1,-2,@cmd,\"\tx\",\"\rx\",safe,a=b\r\n");

  /* Guarded output still parses, and the quote is data. */
  cd_csv_append_row (doc, header, TRUE);
  g_string_append (doc, guarded->str);
  table = parse_ok (doc->str, doc->len);
  g_assert_cmpint (cd_csv_table_get_separator (table), ==, ',');
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[0], ==, "'=SUM(A1:A9)");
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[5], ==, "'\rx");
}

static void
test_utf8_bom (void)
{
  const char plain[] = "姓名,电话\n张三,13812345678\n";
  g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", plain, NULL);
  g_autoptr(CdCsvTable) t1 = parse_ok (plain, strlen (plain));
  g_autoptr(CdCsvTable) t2 = parse_ok (bom, strlen (bom));

  g_assert_cmpint (cd_csv_table_get_encoding (t1), ==, CD_CSV_ENCODING_UTF8);
  g_assert_cmpint (cd_csv_table_get_encoding (t2), ==, CD_CSV_ENCODING_UTF8_BOM);
  g_assert_cmpstr (cd_csv_encoding_to_string (CD_CSV_ENCODING_UTF8_BOM), ==, "UTF-8 (BOM)");
  /* The BOM must not stick to the first column name. */
  g_assert_cmpstr (cd_csv_table_get_header (t2)[0], ==, "姓名");
  g_assert_cmpstr (cd_csv_table_get_row (t2, 0)[0], ==, "张三");
  g_assert_cmpstr (cd_csv_table_get_row (t1, 0)[1], ==, "13812345678");
}

static void
test_utf16 (void)
{
  const char text[] = "姓名\t地址\r\n张三\t\"北京市\t朝阳区\"\r\n";
  gsize len = 0;
  g_autofree char *le = g_convert (text, -1, "UTF-16LE", "UTF-8", NULL, &len, NULL);
  g_autofree char *be = NULL;
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autoptr(CdCsvTable) table = NULL;

  g_assert_nonnull (le);
  g_byte_array_append (buf, (const guint8 *) "\xff\xfe", 2);
  g_byte_array_append (buf, (const guint8 *) le, len);
  table = parse_ok ((const char *) buf->data, buf->len);
  g_assert_cmpint (cd_csv_table_get_encoding (table), ==, CD_CSV_ENCODING_UTF16LE);
  g_assert_cmpint (cd_csv_table_get_separator (table), ==, '\t');
  g_assert_cmpstr (cd_csv_table_get_header (table)[1], ==, "地址");
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[1], ==, "北京市\t朝阳区");
  g_clear_pointer (&table, cd_csv_table_free);

  be = g_convert (text, -1, "UTF-16BE", "UTF-8", NULL, &len, NULL);
  g_byte_array_set_size (buf, 0);
  g_byte_array_append (buf, (const guint8 *) "\xfe\xff", 2);
  g_byte_array_append (buf, (const guint8 *) be, len);
  table = parse_ok ((const char *) buf->data, buf->len);
  g_assert_cmpint (cd_csv_table_get_encoding (table), ==, CD_CSV_ENCODING_UTF16BE);
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[0], ==, "张三");

  /* Odd length, and an unpaired surrogate on line 2. */
  parse_fails ("\xff\xfe" "a\0", 5, NULL, CD_CSV_ERROR_ENCODING, NULL);
  parse_fails ("\xff\xfe" "a\0\n\0\x00\xd8" "b\0", 10, NULL, CD_CSV_ERROR_ENCODING, "Line 2");
  /* U+0000 inside UTF-16 text. */
  parse_fails ("\xff\xfe" "a\0\n\0\0\0", 8, NULL, CD_CSV_ERROR_NUL, "Line 2");
}

static void
test_gb18030 (void)
{
  gsize len = 0;
  g_autofree char *gb = g_convert ("姓名,地址\r\n张三,北京市\r\n", -1, "GB18030", "UTF-8",
                                   NULL, &len, NULL);
  g_autoptr(CdCsvTable) table = NULL;

  g_assert_nonnull (gb);
  g_assert_false (g_utf8_validate (gb, len, NULL));
  table = parse_ok (gb, len);
  g_assert_cmpint (cd_csv_table_get_encoding (table), ==, CD_CSV_ENCODING_GB18030);
  g_assert_cmpstr (cd_csv_encoding_to_string (CD_CSV_ENCODING_GB18030), ==, "GB18030");
  g_assert_cmpstr (cd_csv_table_get_header (table)[0], ==, "姓名");
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[0], ==, "张三");
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[1], ==, "北京市");
}

static void
test_mixed_encoding (void)
{
  gsize len = 0;
  g_autofree char *gbk_line = g_convert ("李四,上海市\n", -1, "GBK", "UTF-8", NULL, &len, NULL);
  g_autoptr(GString) doc = g_string_new ("name,city\n张三,北京市\n\nplain,ascii\n");

  g_string_append_len (doc, gbk_line, len);
  parse_fails (doc->str, doc->len, NULL, CD_CSV_ERROR_MIXED_ENCODING, "Line 5");

  /* GBK first, then UTF-8: the UTF-8 line is the odd one out. */
  g_string_assign (doc, "name,city\n");
  g_string_append_len (doc, gbk_line, len);
  g_string_append (doc, "张三,北京市\n");
  parse_fails (doc->str, doc->len, NULL, CD_CSV_ERROR_MIXED_ENCODING, "Line 3");
}

static void
test_invalid_encoding (void)
{
  const char gb_invalid[] = "a,b\n\xff\xff,c\n";
  const char bom_invalid[] = "\xef\xbb\xbf" "a,b\n\xff,c\n";

  parse_fails (gb_invalid, sizeof gb_invalid - 1, NULL, CD_CSV_ERROR_ENCODING, "Line 2");
  parse_fails (bom_invalid, sizeof bom_invalid - 1, NULL, CD_CSV_ERROR_ENCODING, "Line 2");
}

static void
test_nul (void)
{
  const char data[] = "a,b\n1,2\n3,\0\n";

  parse_fails (data, sizeof data - 1, NULL, CD_CSV_ERROR_NUL, "Line 3");
}

static void
test_unterminated_quote (void)
{
  const char data[] = "a,b\r\n1,2\r\n\"open,3\r\nmore\r\nlines\r\n";

  parse_fails (data, strlen (data), NULL, CD_CSV_ERROR_UNTERMINATED_QUOTE, "Line 3");
}

static void
test_bad_quote (void)
{
  const char middle[] = "a,b\n1,2\nab\"c,3\n";
  const char after[] = "a,b\n\"x\"y,2\n";
  g_autoptr(CdCsvTable) table = NULL;

  parse_fails (middle, strlen (middle), NULL, CD_CSV_ERROR_BAD_QUOTE, "Line 3");
  parse_fails (after, strlen (after), NULL, CD_CSV_ERROR_BAD_QUOTE, "Line 2");

  /* Spaces around a quoted field are tolerated and dropped. */
  table = parse_ok ("a,b\n1, \"two\"  \n", 15);
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[1], ==, "two");
}

static void
test_field_too_large (void)
{
  gsize size = 10 * 1024 * 1024;
  g_autofree char *big = g_malloc (size + 16);
  CdCsvLimits limits;

  memcpy (big, "a\n\"", 3);
  memset (big + 3, 'x', size);
  memcpy (big + 3 + size, "\"\n", 2);
  parse_fails (big, size + 5, NULL, CD_CSV_ERROR_FIELD_TOO_LARGE, "Line 2");

  /* Unquoted, too. */
  big[2] = 'x';
  big[size + 3] = 'x';
  parse_fails (big, size + 5, NULL, CD_CSV_ERROR_FIELD_TOO_LARGE, "Line 2");

  cd_csv_limits_init_default (&limits);
  limits.max_field_bytes = 4;
  parse_fails ("a,b\n1234,12345\n", 15, &limits, CD_CSV_ERROR_FIELD_TOO_LARGE, "4 bytes");
}

static void
test_ragged (void)
{
  const char data[] = "a,b,c\n1,2,3\n\"x\ny\",2,3\n4,5\n";

  parse_fails (data, strlen (data), NULL, CD_CSV_ERROR_RAGGED,
               "Line 5 has 2 fields, the header has 3");
}

static void
test_blank_lines (void)
{
  const char data[] = "\r\n\r\na,b\r\n\r\n1,2\n\n   \n3,4\r\r5,6";
  g_autoptr(CdCsvTable) table = parse_ok (data, strlen (data));

  g_assert_cmpuint (cd_csv_table_get_header_line (table), ==, 3);
  g_assert_cmpuint (cd_csv_table_get_n_rows (table), ==, 3);
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[0], ==, "1");
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 0), ==, 5);
  g_assert_cmpstr (cd_csv_table_get_row (table, 1)[1], ==, "4");
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 1), ==, 8);
  g_assert_cmpstr (cd_csv_table_get_row (table, 2)[1], ==, "6");
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 2), ==, 10);
}

static void
test_line_numbers (void)
{
  /* Lone CRs as line ends, and a quoted field with a CRLF inside. */
  const char data[] = "a,b\r1,\"x\r\ny\"\r2,3\r";
  g_autoptr(CdCsvTable) table = parse_ok (data, strlen (data));

  g_assert_cmpuint (cd_csv_table_get_n_rows (table), ==, 2);
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[1], ==, "x\r\ny");
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 0), ==, 2);
  g_assert_cmpuint (cd_csv_table_get_row_line (table, 1), ==, 4);
}

static void
test_empty (void)
{
  parse_fails ("", 0, NULL, CD_CSV_ERROR_EMPTY, NULL);
  parse_fails (NULL, 0, NULL, CD_CSV_ERROR_EMPTY, NULL);
  parse_fails ("\xef\xbb\xbf", 3, NULL, CD_CSV_ERROR_EMPTY, NULL);
  parse_fails ("\n\r\n  \n", 6, NULL, CD_CSV_ERROR_EMPTY, NULL);
}

static void
test_header_only (void)
{
  g_autoptr(CdCsvTable) table = parse_ok ("  Name , Phone ", 15);

  g_assert_cmpuint (cd_csv_table_get_n_rows (table), ==, 0);
  g_assert_cmpuint (cd_csv_table_get_n_columns (table), ==, 2);
  g_assert_cmpstr (cd_csv_table_get_header (table)[0], ==, "Name");
  g_assert_cmpstr (cd_csv_table_get_header (table)[1], ==, "Phone");
}

static void
test_too_large (void)
{
  CdCsvLimits limits;

  cd_csv_limits_init_default (&limits);
  g_assert_cmpuint (limits.max_bytes, ==, 256u * 1024 * 1024);
  g_assert_cmpuint (limits.max_field_bytes, ==, 1024u * 1024);
  g_assert_cmpuint (limits.max_columns, ==, 512);
  g_assert_cmpuint (limits.max_rows, ==, 5000000);
  g_assert_cmpint (limits.separator, ==, 0);

  limits.max_bytes = 8;
  parse_fails ("a,b\n1,2\n3", 9, &limits, CD_CSV_ERROR_TOO_LARGE, NULL);
}

static void
test_too_many_columns (void)
{
  g_autoptr(GString) doc = g_string_new (NULL);
  g_autoptr(CdCsvTable) table = NULL;
  CdCsvLimits limits;

  for (guint i = 0; i < 100000; i++)
    g_string_append (doc, i == 0 ? "c" : ",c");
  g_string_append_c (doc, '\n');
  parse_fails (doc->str, doc->len, NULL, CD_CSV_ERROR_TOO_MANY_COLUMNS, "Line 1");

  cd_csv_limits_init_default (&limits);
  limits.max_columns = 3;
  table = cd_csv_table_parse ("a,b,c\n1,2,3\n", 12, &limits, NULL);
  g_assert_nonnull (table);
  parse_fails ("a,b,c\n1,2,3,4\n", 14, &limits, CD_CSV_ERROR_TOO_MANY_COLUMNS, "Line 2");
}

static void
test_max_rows (void)
{
  const char data[] = "a\n1\n2\n3\n";
  g_autoptr(CdCsvTable) table = NULL;
  CdCsvLimits limits;

  cd_csv_limits_init_default (&limits);
  limits.max_rows = 3;
  table = cd_csv_table_parse (data, strlen (data), &limits, NULL);
  g_assert_nonnull (table);
  g_assert_cmpuint (cd_csv_table_get_n_rows (table), ==, 3);

  limits.max_rows = 2;
  parse_fails (data, strlen (data), &limits, CD_CSV_ERROR_TOO_MANY_ROWS, "line 4");
}

static void
test_separators (void)
{
  const char tsv[] = "name\tnote\n张三\ta, b; c\n";
  const char semi[] = "name;note\n张三;\"a; b\"\n";
  const char forced[] = "a;b,c\n1;2,3\n";
  g_autoptr(CdCsvTable) t1 = parse_ok (tsv, strlen (tsv));
  g_autoptr(CdCsvTable) t2 = parse_ok (semi, strlen (semi));
  g_autoptr(CdCsvTable) t3 = NULL;
  g_autoptr(GError) error = NULL;
  CdCsvLimits limits;

  g_assert_cmpint (cd_csv_table_get_separator (t1), ==, '\t');
  g_assert_cmpuint (cd_csv_table_get_n_columns (t1), ==, 2);
  g_assert_cmpstr (cd_csv_table_get_row (t1, 0)[1], ==, "a, b; c");

  g_assert_cmpint (cd_csv_table_get_separator (t2), ==, ';');
  g_assert_cmpstr (cd_csv_table_get_row (t2, 0)[1], ==, "a; b");

  cd_csv_limits_init_default (&limits);
  limits.separator = ',';
  t3 = cd_csv_table_parse (forced, strlen (forced), &limits, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cd_csv_table_get_header (t3)[0], ==, "a;b");
  g_assert_cmpstr (cd_csv_table_get_row (t3, 0)[1], ==, "3");
}

static void
test_find_column (void)
{
  const char data[] = " 姓名 ,Mobile Phone,ＩＤ\n张三,138,1\n";
  const char * const name_aliases[] = { "name", "姓名", "客户名称", NULL };
  const char * const phone_aliases[] = { "phone", "  MOBILE phone ", NULL };
  const char * const id_aliases[] = { "id", NULL };
  const char * const missing[] = { "email", "邮箱", NULL };
  g_autoptr(CdCsvTable) table = parse_ok (data, strlen (data));

  g_assert_cmpint (cd_csv_table_find_column (table, name_aliases), ==, 0);
  g_assert_cmpint (cd_csv_table_find_column (table, phone_aliases), ==, 1);
  g_assert_cmpint (cd_csv_table_find_column (table, id_aliases), ==, 2);
  g_assert_cmpint (cd_csv_table_find_column (table, missing), ==, -1);
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-csv-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(CdCsvTable) table = NULL;
  CdCsvLimits limits;

  g_assert_no_error (error);
  path = g_build_filename (dir, "客户.csv", NULL);
  missing = g_build_filename (dir, "missing.csv", NULL);
  g_file_set_contents (path, "name,phone\n张三,138\n", -1, &error);
  g_assert_no_error (error);

  table = cd_csv_table_parse_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_csv_table_get_n_rows (table), ==, 1);
  g_assert_cmpstr (cd_csv_table_get_row (table, 0)[0], ==, "张三");

  cd_csv_limits_init_default (&limits);
  limits.max_bytes = 10;
  g_assert_null (cd_csv_table_parse_file (path, &limits, &error));
  g_assert_error (error, CD_CSV_ERROR, CD_CSV_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "客户.csv"));
  g_clear_error (&error);

  g_file_set_contents (path, "a,b\n1\n", -1, &error);
  g_assert_no_error (error);
  g_assert_null (cd_csv_table_parse_file (path, NULL, &error));
  g_assert_error (error, CD_CSV_ERROR, CD_CSV_ERROR_RAGGED);
  g_assert_nonnull (strstr (error->message, "客户.csv"));
  g_clear_error (&error);

  g_assert_null (cd_csv_table_parse_file (missing, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
  g_clear_error (&error);

  g_assert_null (cd_csv_table_parse_file (dir, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_performance (void)
{
  g_autoptr(GString) doc = g_string_new ("id,name,phone,id_number,address,amount,date,note\r\n");
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double elapsed;

  for (guint i = 0; i < 100000; i++)
    g_string_append_printf (doc, "%u,张三%u,138%08u,11010120000101%04u,北京市朝阳区%u号,"
                            "%u.50,2024-01-%02u,\"note, with \"\"quotes\"\"\"\r\n",
                            i, i, i, i % 10000, i, i, 1 + i % 28);

  start = g_get_monotonic_time ();
  table = cd_csv_table_parse (doc->str, doc->len, NULL, &error);
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);
  g_assert_cmpuint (cd_csv_table_get_n_rows (table), ==, 100000);
  g_assert_cmpstr (cd_csv_table_get_row (table, 99999)[7], ==, "note, with \"quotes\"");
  g_test_message ("parsed 100000 rows x 8 columns (%" G_GSIZE_FORMAT " bytes) in %.3f s",
                  doc->len, elapsed);
  /* Generous, so valgrind and slow CI do not fail it; about 0.05 s natively. */
  g_assert_cmpfloat (elapsed, <, 10.0);
}

static const char * const seeds[] = {
  "a,b\n1,2\n",
  "\xef\xbb\xbf" "a,b\n\"x, y\",\"z\"\"q\"\n",
  "a,b\r\n\"multi\r\nline\",2\r\n",
  "a\tb\n1\t2\n",
  "name,phone\r\n张三,13812345678\r\n",
  "\xd0\xd5\xc3\xfb,\xb5\xd8\xd6\xb7\n\xd5\xc5\xc8\xfd,\xb1\xb1\xbe\xa9\xca\xd0\n",
  "\xff\xfe" "a\0,\0b\0\n\0",
  "a;b\n\"1;\";2\n",
};

static void
test_fuzz (void)
{
  static const char alphabet[] = ",;\t\"\r\n ab1\xe5\xbc\xa0\xd5\xc5\xff\xfe";
  CdCsvLimits limits;

  cd_csv_limits_init_default (&limits);
  limits.max_field_bytes = 64;
  limits.max_columns = 16;
  limits.max_rows = 32;

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdCsvTable) table = NULL;
      g_autofree char *buf = NULL;
      gsize len;

      if (i % 2 == 0)
        {
          /* A seed, truncated and with a few bytes flipped. */
          const char *seed = seeds[g_test_rand_int_range (0, G_N_ELEMENTS (seeds))];
          gsize seed_len = strlen (seed);

          if (seed[0] == '\xff')
            seed_len = 10;
          len = (gsize) g_test_rand_int_range (0, (gint32) seed_len + 1);
          buf = g_memdup2 (seed, seed_len + 1);
          for (guint f = g_test_rand_int_range (0, 3); f > 0 && len > 0; f--)
            buf[g_test_rand_int_range (0, (gint32) len)] =
              alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }
      else
        {
          len = (gsize) g_test_rand_int_range (0, 200);
          buf = g_malloc (len + 1);
          for (gsize b = 0; b < len; b++)
            buf[b] = g_test_rand_bit () && g_test_rand_bit ()
                     ? (char) g_test_rand_int_range (0, 256)
                     : alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }

      table = cd_csv_table_parse (buf, len, &limits, &error);
      g_assert_true ((table == NULL) != (error == NULL));
      if (table != NULL)
        {
          guint n_columns = cd_csv_table_get_n_columns (table);

          g_assert_cmpuint (n_columns, >=, 1);
          for (guint r = 0; r < cd_csv_table_get_n_rows (table); r++)
            {
              const char * const *row = cd_csv_table_get_row (table, r);

              for (guint c = 0; c < n_columns; c++)
                g_assert_true (g_utf8_validate (row[c], -1, NULL));
              g_assert_null (row[n_columns]);
              g_assert_cmpuint (cd_csv_table_get_row_line (table, r), >=, 2);
            }
        }
      else
        g_assert_cmpuint (error->domain, ==, CD_CSV_ERROR);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv/roundtrip", test_roundtrip);
  g_test_add_func ("/csv/writer-quoting", test_writer_quoting);
  g_test_add_func ("/csv/formula-guard", test_formula_guard);
  g_test_add_func ("/csv/encoding/utf8-bom", test_utf8_bom);
  g_test_add_func ("/csv/encoding/utf16", test_utf16);
  g_test_add_func ("/csv/encoding/gb18030", test_gb18030);
  g_test_add_func ("/csv/encoding/mixed", test_mixed_encoding);
  g_test_add_func ("/csv/encoding/invalid", test_invalid_encoding);
  g_test_add_func ("/csv/error/nul", test_nul);
  g_test_add_func ("/csv/error/unterminated-quote", test_unterminated_quote);
  g_test_add_func ("/csv/error/bad-quote", test_bad_quote);
  g_test_add_func ("/csv/error/field-too-large", test_field_too_large);
  g_test_add_func ("/csv/error/ragged", test_ragged);
  g_test_add_func ("/csv/error/empty", test_empty);
  g_test_add_func ("/csv/error/too-large", test_too_large);
  g_test_add_func ("/csv/error/too-many-columns", test_too_many_columns);
  g_test_add_func ("/csv/error/max-rows", test_max_rows);
  g_test_add_func ("/csv/blank-lines", test_blank_lines);
  g_test_add_func ("/csv/line-numbers", test_line_numbers);
  g_test_add_func ("/csv/header-only", test_header_only);
  g_test_add_func ("/csv/separators", test_separators);
  g_test_add_func ("/csv/find-column", test_find_column);
  g_test_add_func ("/csv/file", test_file);
  g_test_add_func ("/csv/performance", test_performance);
  g_test_add_func ("/csv/fuzz", test_fuzz);

  return g_test_run ();
}
