/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A one-pass CSV reader: the input is decoded to UTF-8 once into a buffer the
 * table owns and the fields are cut out of that buffer in place (quotes
 * removed, NUL-terminated), so there is no allocation per field. */

#include "config.h"

#define G_LOG_DOMAIN "cd-csv"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cd-csv.h"

struct _CdCsvTable
{
  char          *text;       /* decoded UTF-8; every field points into it */
  char         **fields;     /* n_rows + 1 records of n_columns + 1 pointers,
                              * each record NULL-terminated, header first */
  guint         *lines;      /* physical line where each record starts */
  guint          n_columns;
  guint          n_rows;
  CdCsvEncoding  encoding;
  char           separator;
};

G_DEFINE_QUARK (cd_csv_error_quark, cd_csv_error)

/**
 * cd_csv_limits_init_default:
 * @limits: (out caller-allocates): limits to fill in
 *
 * Fills @limits with limits generous enough for a real customer export
 * (256 MiB, 1 MiB per field, 512 columns, 5,000,000 rows) and asks for the
 * separator to be detected from the header line.
 */
void
cd_csv_limits_init_default (CdCsvLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_bytes = 256u * 1024 * 1024;
  limits->max_field_bytes = 1024u * 1024;
  limits->max_columns = 512;
  limits->max_rows = 5000000;
  limits->separator = 0;
}

/**
 * cd_csv_encoding_to_string:
 * @enc: an encoding
 *
 * Returns: (transfer none): the conventional name of @enc, such as "UTF-8"
 *   or "GB18030"; these are technical names and are not translated.
 */
const char *
cd_csv_encoding_to_string (CdCsvEncoding enc)
{
  switch (enc)
    {
    case CD_CSV_ENCODING_UTF8:
      return "UTF-8";
    case CD_CSV_ENCODING_UTF8_BOM:
      return "UTF-8 (BOM)";
    case CD_CSV_ENCODING_UTF16LE:
      return "UTF-16LE";
    case CD_CSV_ENCODING_UTF16BE:
      return "UTF-16BE";
    case CD_CSV_ENCODING_GB18030:
      return "GB18030";
    default:
      return "unknown";
    }
}

/* 1-based physical line of byte offset @pos. CRLF, LF and a lone CR each end
 * one line, the same rule the parser uses. */
static guint
line_at (const char *data,
         gsize       pos)
{
  guint line = 1;
  gboolean prev_cr = FALSE;

  for (gsize i = 0; i < pos; i++)
    {
      if (data[i] == '\r')
        line++;
      else if (data[i] == '\n' && !prev_cr)
        line++;
      prev_cr = data[i] == '\r';
    }

  return line;
}

static guint
utf16_line_at (const guchar *data,
               gsize         pos,
               gboolean      big_endian)
{
  guint line = 1;
  gboolean prev_cr = FALSE;

  for (gsize i = 0; i + 1 < pos; i += 2)
    {
      guint unit = big_endian ? (guint) (data[i] << 8 | data[i + 1])
                              : (guint) (data[i] | data[i + 1] << 8);

      if (unit == '\r')
        line++;
      else if (unit == '\n' && !prev_cr)
        line++;
      prev_cr = unit == '\r';
    }

  return line;
}

static gboolean
check_nul (const char  *data,
           gsize        len,
           GError     **error)
{
  const char *nul = memchr (data, '\0', len);

  if (nul != NULL)
    {
      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_NUL,
                   _("Line %u contains a NUL byte. This does not look like a text file; "
                     "if it is UTF-16, save it with a byte order mark or as UTF-8."),
                   line_at (data, nul - data));
      return FALSE;
    }

  return TRUE;
}

static char *
copy_text (const char *data,
           gsize       len)
{
  char *text = g_malloc (len + 1);

  memcpy (text, data, len);
  text[len] = '\0';
  return text;
}

static char *
decode_utf16 (const char     *data,
              gsize           len,
              gboolean        big_endian,
              gsize          *out_len,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize bytes_read = 0;
  gsize written = 0;

  if (len % 2 != 0)
    {
      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_ENCODING,
                   _("The file is marked as UTF-16 but ends in the middle of a character."));
      return NULL;
    }

  text = g_convert (data, len, "UTF-8", big_endian ? "UTF-16BE" : "UTF-16LE",
                    &bytes_read, &written, &local_error);
  if (text == NULL)
    {
      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_ENCODING,
                   _("Line %u is not valid UTF-16 text, although the file is marked as UTF-16."),
                   utf16_line_at ((const guchar *) data, bytes_read, big_endian));
      return NULL;
    }

  if (!check_nul (text, written, error))
    return NULL;

  *out_len = written;
  return g_steal_pointer (&text);
}

/* Without a byte order mark the file is either UTF-8 or, from Chinese Excel
 * and WPS, GB18030/GBK. A file pasted together from both would be silently
 * garbled by either choice, so that is an error naming the first line that
 * disagrees with the first non-ASCII line. */
static gboolean
check_mixed (const char  *data,
             gsize        len,
             GError     **error)
{
  guint line = 1;
  guint first_utf8 = 0;
  guint first_other = 0;
  gsize start = 0;

  while (start < len)
    {
      gsize end = start;
      gboolean ascii = TRUE;

      while (end < len && data[end] != '\n' && data[end] != '\r')
        {
          if ((guchar) data[end] >= 0x80)
            ascii = FALSE;
          end++;
        }

      if (!ascii)
        {
          if (g_utf8_validate_len (data + start, end - start, NULL))
            {
              if (first_utf8 == 0)
                first_utf8 = line;
            }
          else if (first_other == 0)
            first_other = line;

          if (first_utf8 != 0 && first_other != 0)
            {
              g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_MIXED_ENCODING,
                           _("Line %u is not in the same encoding as the rest of the file: "
                             "part of the file is UTF-8 and part is not. Save the whole file "
                             "again as UTF-8 and retry."),
                           MAX (first_utf8, first_other));
              return FALSE;
            }
        }

      if (end < len && data[end] == '\r' && end + 1 < len && data[end + 1] == '\n')
        end += 2;
      else if (end < len)
        end++;
      line++;
      start = end;
    }

  return TRUE;
}

static char *
decode (const char     *data,
        gsize           len,
        CdCsvEncoding  *out_encoding,
        gsize          *out_len,
        GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  const char *end = NULL;
  gsize bytes_read = 0;
  gsize written = 0;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
      if (!check_nul (data, len, error))
        return NULL;
      if (!g_utf8_validate_len (data, len, &end))
        {
          g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_ENCODING,
                       _("Line %u is not valid UTF-8, although the file is marked as UTF-8. "
                         "Save the file again as UTF-8 and retry."),
                       line_at (data, end - data));
          return NULL;
        }
      *out_encoding = CD_CSV_ENCODING_UTF8_BOM;
      *out_len = len;
      return copy_text (data, len);
    }

  if (len >= 2 && ((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe))
    {
      *out_encoding = CD_CSV_ENCODING_UTF16LE;
      return decode_utf16 (data + 2, len - 2, FALSE, out_len, error);
    }

  if (len >= 2 && ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff))
    {
      *out_encoding = CD_CSV_ENCODING_UTF16BE;
      return decode_utf16 (data + 2, len - 2, TRUE, out_len, error);
    }

  if (!check_nul (data, len, error))
    return NULL;

  if (g_utf8_validate_len (data, len, NULL))
    {
      *out_encoding = CD_CSV_ENCODING_UTF8;
      *out_len = len;
      return copy_text (data, len);
    }

  if (!check_mixed (data, len, error))
    return NULL;

  /* GBK is a subset of GB18030, and line breaks never occur inside a
   * GB18030 character, so line numbers carry over unchanged. */
  text = g_convert (data, len, "UTF-8", "GB18030", &bytes_read, &written, &local_error);
  if (text == NULL)
    {
      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_ENCODING,
                   _("Line %u is neither UTF-8 nor GB18030 (GBK) text. "
                     "Save the file as UTF-8 and retry."),
                   line_at (data, MIN (bytes_read, len)));
      return NULL;
    }

  if (!check_nul (text, written, error))
    return NULL;

  *out_encoding = CD_CSV_ENCODING_GB18030;
  *out_len = written;
  return g_steal_pointer (&text);
}

/**
 * cd_csv_decode_text:
 * @data: the bytes of a text file
 * @encoding: (out) (optional): what it was found to be
 * @out_len: (out) (optional): the length of the result in bytes
 *
 * Decodes text the way CSV files are read: UTF-8 (with or without a BOM),
 * UTF-16 with a BOM, else GB18030 (GBK) — detected from the bytes, never
 * from a file name. Text with NUL bytes, or mixing UTF-8 and GBK lines, is
 * refused with a message naming the line.
 *
 * Returns: (transfer full): NUL-terminated UTF-8, or %NULL with @error set
 */
char *
cd_csv_decode_text (const char     *data,
                    gsize           len,
                    CdCsvEncoding  *encoding,
                    gsize          *out_len,
                    GError        **error)
{
  CdCsvEncoding found = CD_CSV_ENCODING_UTF8;
  gsize found_len = 0;
  char *text;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  text = decode (data != NULL ? data : "", len, &found, &found_len, error);
  if (text != NULL && encoding != NULL)
    *encoding = found;
  if (text != NULL && out_len != NULL)
    *out_len = found_len;
  return text;
}

/* The separator that occurs most often outside quotes in the first
 * non-blank line; comma wins ties, being the RFC 4180 default. */
static char
detect_separator (const char *text,
                  gsize       len)
{
  guint commas = 0;
  guint tabs = 0;
  guint semicolons = 0;
  gboolean quoted = FALSE;
  gsize i = 0;

  while (i < len && (text[i] == '\r' || text[i] == '\n'))
    i++;

  for (; i < len; i++)
    {
      char c = text[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted)
        {
          if (c == '\n' || c == '\r')
            break;
          else if (c == ',')
            commas++;
          else if (c == '\t')
            tabs++;
          else if (c == ';')
            semicolons++;
        }
    }

  if (tabs > commas && tabs >= semicolons)
    return '\t';
  if (semicolons > commas && semicolons > tabs)
    return ';';
  return ',';
}

static inline gboolean
is_pad (char c,
        char separator)
{
  return c == ' ' || (c == '\t' && separator != '\t');
}

static void
set_field_too_large (GError            **error,
                     guint               line,
                     const CdCsvLimits  *limits)
{
  g_autofree char *limit = g_format_size (limits->max_field_bytes);

  g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_FIELD_TOO_LARGE,
               _("Line %u: a field is longer than the limit of %s."),
               line, limit);
}

/* Splits @text (len bytes plus a NUL) into records, in place. On success
 * @fields holds NULL-terminated records and @lines their first lines. */
static gboolean
split_records (char               *text,
               gsize               len,
               char                sep,
               const CdCsvLimits  *limits,
               GPtrArray          *fields,
               GArray             *lines,
               guint              *out_n_columns,
               GError            **error)
{
  char *p = text;
  char *end = text + len;
  guint line = 1;
  guint n_columns = 0;
  guint n_records = 0;
  gsize max_field = limits->max_field_bytes ? limits->max_field_bytes : G_MAXSIZE;
  guint max_columns = limits->max_columns ? limits->max_columns : G_MAXUINT;
  guint max_rows = limits->max_rows ? limits->max_rows : G_MAXUINT;

  while (p < end)
    {
      guint record_line = line;
      guint n_fields = 0;
      gboolean record_done = FALSE;
      char *q = p;

      /* Blank lines, including lines of spaces only, are not records. */
      while (q < end && is_pad (*q, sep))
        q++;
      if (q == end)
        break;
      if (*q == '\r' || *q == '\n')
        {
          if (*q == '\r' && q + 1 < end && q[1] == '\n')
            q++;
          p = q + 1;
          line++;
          continue;
        }

      while (!record_done)
        {
          char *field = p;
          char *w;
          char delim;

          if (n_fields >= max_columns)
            {
              g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_TOO_MANY_COLUMNS,
                           _("Line %u has more than %u fields, the most that can be imported."),
                           record_line, max_columns);
              return FALSE;
            }

          q = p;
          while (q < end && is_pad (*q, sep))
            q++;

          if (q < end && *q == '"')
            {
              guint open_line = line;
              gboolean prev_cr = FALSE;
              char *r = q + 1;

              /* The unquoted content is written over the field from its
               * opening quote on; the write position never passes the
               * read position. */
              field = w = q;
              for (;;)
                {
                  if (r >= end)
                    {
                      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_UNTERMINATED_QUOTE,
                                   _("Line %u: a quoted field is never closed. "
                                     "Check for a missing quotation mark."),
                                   open_line);
                      return FALSE;
                    }

                  if (*r == '"')
                    {
                      if (r + 1 < end && r[1] == '"')
                        r++;
                      else
                        {
                          r++;
                          break;
                        }
                    }
                  else if (*r == '\r')
                    line++;
                  else if (*r == '\n' && !prev_cr)
                    line++;

                  if ((gsize) (w - field) >= max_field)
                    {
                      set_field_too_large (error, open_line, limits);
                      return FALSE;
                    }
                  prev_cr = *r == '\r';
                  *w++ = *r++;
                }

              while (r < end && is_pad (*r, sep))
                r++;
              if (r < end && *r != sep && *r != '\n' && *r != '\r')
                {
                  g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_BAD_QUOTE,
                               _("Line %u: there is text after the closing quotation mark "
                                 "of a field. Quote the whole field and double the quotation "
                                 "marks inside it."),
                               line);
                  return FALSE;
                }
              p = r;
            }
          else
            {
              char *r = p;

              while (r < end && *r != sep && *r != '\n' && *r != '\r')
                {
                  if (G_UNLIKELY (*r == '"'))
                    {
                      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_BAD_QUOTE,
                                   _("Line %u: a quotation mark appears inside a field that "
                                     "does not start with one. Quote the whole field and "
                                     "double the quotation marks inside it."),
                                   line);
                      return FALSE;
                    }
                  r++;
                }
              if ((gsize) (r - p) > max_field)
                {
                  set_field_too_large (error, line, limits);
                  return FALSE;
                }
              w = p = r;
            }

          delim = p < end ? *p : '\0';
          *w = '\0';
          g_ptr_array_add (fields, field);
          n_fields++;

          if (delim == sep)
            p++;
          else
            {
              record_done = TRUE;
              if (delim == '\r')
                {
                  p++;
                  if (p < end && *p == '\n')
                    p++;
                  line++;
                }
              else if (delim == '\n')
                {
                  p++;
                  line++;
                }
            }
        }

      if (n_records == 0)
        n_columns = n_fields;
      else
        {
          if (n_fields != n_columns)
            {
              /* Translators: the first %u is a line number, the others are
               * numbers of fields (columns). */
              g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_RAGGED,
                           _("Line %u has %u fields, the header has %u."),
                           record_line, n_fields, n_columns);
              return FALSE;
            }
          if (n_records > max_rows)
            {
              g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_TOO_MANY_ROWS,
                           _("The file has more than %u data rows, the most that can be "
                             "imported at once (line %u). Split it into smaller files."),
                           max_rows, record_line);
              return FALSE;
            }
        }

      g_ptr_array_add (fields, NULL);
      g_array_append_val (lines, record_line);
      n_records++;
    }

  if (n_records == 0)
    {
      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_EMPTY,
                   _("The file is empty. It needs a header line naming the columns."));
      return FALSE;
    }

  *out_n_columns = n_columns;
  return TRUE;
}

/**
 * cd_csv_table_parse:
 * @data: (array length=len): the file contents, in any supported encoding
 * @len: length of @data in bytes
 * @limits: (nullable): limits, or %NULL for cd_csv_limits_init_default();
 *   a limit of 0 means no limit
 * @error: return location for a #CdCsvError
 *
 * Parses a whole CSV or TSV file. The encoding is detected from the content:
 * a UTF-8 or UTF-16 byte order mark, else UTF-8 if the whole file is valid
 * UTF-8, else GB18030 (which includes GBK). The first record is the header.
 * Blank lines are skipped; every other record must have as many fields as
 * the header. Parsing is all-or-nothing, and errors name the physical line.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error set
 */
CdCsvTable *
cd_csv_table_parse (const char         *data,
                    gsize               len,
                    const CdCsvLimits  *limits,
                    GError            **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree char *text = NULL;
  CdCsvLimits defaults;
  CdCsvEncoding encoding = CD_CSV_ENCODING_UTF8;
  CdCsvTable *table;
  gsize text_len = 0;
  guint n_columns = 0;
  char sep;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    {
      cd_csv_limits_init_default (&defaults);
      limits = &defaults;
    }

  sep = limits->separator;
  g_return_val_if_fail (sep == 0 || (sep > ' ' && sep < 0x7f && sep != '"'), NULL);

  if (limits->max_bytes != 0 && len > limits->max_bytes)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (limits->max_bytes);

      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_TOO_LARGE,
                   _("The file is %s, more than the limit of %s."), size, limit);
      return NULL;
    }

  text = decode (data != NULL ? data : "", len, &encoding, &text_len, error);
  if (text == NULL)
    return NULL;

  if (sep == 0)
    sep = detect_separator (text, text_len);

  fields = g_ptr_array_sized_new (MIN (text_len / 4 + 16, 1u << 20));
  lines = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!split_records (text, text_len, sep, limits, fields, lines, &n_columns, error))
    return NULL;

  /* Header names are matched by people, not machines: trim them. */
  for (guint c = 0; c < n_columns; c++)
    g_strstrip (g_ptr_array_index (fields, c));

  table = g_new0 (CdCsvTable, 1);
  table->encoding = encoding;
  table->separator = sep;
  table->n_columns = n_columns;
  table->n_rows = lines->len - 1;
  table->lines = (guint *) (gpointer) g_array_free (g_steal_pointer (&lines), FALSE);
  table->fields = (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
  table->text = g_steal_pointer (&text);

  return table;
}

static char *
read_bounded_stream (FILE        *file,
                     const char  *display,
                     gsize        max_bytes,
                     gsize       *out_len,
                     GError     **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize capacity;
  gsize n_read;
  int saved_errno;

  if (fstat (fileno (file), &st) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not a regular file."), display);
      return NULL;
    }

  if (st.st_size < 0 || (max_bytes != 0 && (guint64) st.st_size > max_bytes))
    {
      g_autofree char *size = g_format_size ((guint64) MAX (st.st_size, 0));
      g_autofree char *limit = g_format_size (max_bytes);

      g_set_error (error, CD_CSV_ERROR, CD_CSV_ERROR_TOO_LARGE,
                   _("“%s” is %s, more than the limit of %s."), display, size, limit);
      return NULL;
    }

  /* Read what the size promised and one byte more, so a file that grows
   * meanwhile is noticed instead of read without bound. */
  capacity = (gsize) st.st_size;
  buffer = g_malloc (capacity + 1);
  n_read = fread (buffer, 1, capacity + 1, file);
  if (ferror (file))
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  if (n_read > capacity)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” changed while it was being read. Close any program that is "
                     "writing to it and try again."), display);
      return NULL;
    }

  *out_len = n_read;
  return g_steal_pointer (&buffer);
}

/* The size is checked on the open file before anything is read, so an
 * oversized file costs no memory. */
static char *
read_bounded (const char  *path,
              const char  *display,
              gsize        max_bytes,
              gsize       *out_len,
              GError     **error)
{
  FILE *file;
  char *buffer;
  int saved_errno;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not open “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  buffer = read_bounded_stream (file, display, max_bytes, out_len, error);
  fclose (file);
  return buffer;
}

/**
 * cd_csv_table_parse_file:
 * @path: (type filename): the file to read
 * @limits: (nullable): limits, or %NULL for the defaults
 * @error: return location for a #CdCsvError or #GFileError
 *
 * Like cd_csv_table_parse(), reading @path first. The size is checked before
 * the contents are read, so an oversized file costs no memory. Error
 * messages start with the file name.
 *
 * Returns: (transfer full) (nullable): the table, or %NULL with @error set
 */
CdCsvTable *
cd_csv_table_parse_file (const char         *path,
                         const CdCsvLimits  *limits,
                         GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *buffer = NULL;
  CdCsvLimits defaults;
  CdCsvTable *table;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    {
      cd_csv_limits_init_default (&defaults);
      limits = &defaults;
    }

  display = g_filename_display_basename (path);
  buffer = read_bounded (path, display, limits->max_bytes, &len, error);
  if (buffer == NULL)
    return NULL;

  table = cd_csv_table_parse (buffer, len, limits, &local_error);
  if (table == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
      return NULL;
    }

  return table;
}

/**
 * cd_csv_table_free:
 * @table: (nullable): a table
 *
 * Frees @table and every string it handed out.
 */
void
cd_csv_table_free (CdCsvTable *table)
{
  if (table == NULL)
    return;

  g_free (table->text);
  g_free (table->fields);
  g_free (table->lines);
  g_free (table);
}

/**
 * cd_csv_table_get_encoding:
 * @table: a table
 *
 * Returns: the encoding the file was detected to be in
 */
CdCsvEncoding
cd_csv_table_get_encoding (CdCsvTable *table)
{
  g_return_val_if_fail (table != NULL, CD_CSV_ENCODING_UTF8);

  return table->encoding;
}

/**
 * cd_csv_table_get_separator:
 * @table: a table
 *
 * Returns: the field separator used, given or detected
 */
char
cd_csv_table_get_separator (CdCsvTable *table)
{
  g_return_val_if_fail (table != NULL, ',');

  return table->separator;
}

/**
 * cd_csv_table_get_n_columns:
 * @table: a table
 *
 * Returns: the number of fields in the header, and so in every row
 */
guint
cd_csv_table_get_n_columns (CdCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->n_columns;
}

/**
 * cd_csv_table_get_header:
 * @table: a table
 *
 * Returns: (transfer none) (array zero-terminated=1): the column names from
 *   the first record, with surrounding whitespace removed
 */
const char * const *
cd_csv_table_get_header (CdCsvTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return (const char * const *) table->fields;
}

/**
 * cd_csv_table_get_header_line:
 * @table: a table
 *
 * Returns: the 1-based physical line of the header (after leading blank lines)
 */
guint
cd_csv_table_get_header_line (CdCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->lines[0];
}

/**
 * cd_csv_table_get_n_rows:
 * @table: a table
 *
 * Returns: the number of data records, not counting the header
 */
guint
cd_csv_table_get_n_rows (CdCsvTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->n_rows;
}

/**
 * cd_csv_table_get_row:
 * @table: a table
 * @row: a data row index, 0 for the first record after the header
 *
 * Returns: (transfer none) (array zero-terminated=1): the row's fields,
 *   exactly cd_csv_table_get_n_columns() of them, as valid UTF-8
 */
const char * const *
cd_csv_table_get_row (CdCsvTable *table,
                      guint       row)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows, NULL);

  return (const char * const *) table->fields + (gsize) (row + 1) * (table->n_columns + 1);
}

/**
 * cd_csv_table_get_row_line:
 * @table: a table
 * @row: a data row index
 *
 * Returns: the 1-based physical line on which @row starts, for messages
 */
guint
cd_csv_table_get_row_line (CdCsvTable *table,
                           guint       row)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (row < table->n_rows, 0);

  return table->lines[row + 1];
}

static char *
column_key (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFKC);

  return g_utf8_casefold (normalized != NULL ? normalized : stripped, -1);
}

/**
 * cd_csv_table_find_column:
 * @table: a table
 * @aliases: (array zero-terminated=1): accepted names for the column
 *
 * Finds the first header column whose name matches any of @aliases, ignoring
 * case, surrounding whitespace and full-width/half-width differences.
 *
 * Returns: the column index, or -1 if no column matches
 */
int
cd_csv_table_find_column (CdCsvTable         *table,
                          const char * const *aliases)
{
  g_autoptr(GPtrArray) keys = NULL;

  g_return_val_if_fail (table != NULL, -1);
  g_return_val_if_fail (aliases != NULL, -1);

  keys = g_ptr_array_new_with_free_func (g_free);
  for (guint a = 0; aliases[a] != NULL; a++)
    g_ptr_array_add (keys, column_key (aliases[a]));

  for (guint c = 0; c < table->n_columns; c++)
    {
      g_autofree char *key = column_key (table->fields[c]);

      for (guint a = 0; a < keys->len; a++)
        {
          if (strcmp (key, g_ptr_array_index (keys, a)) == 0)
            return (int) c;
        }
    }

  return -1;
}

static inline gboolean
is_formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/**
 * cd_csv_append_row:
 * @out: the string to append to
 * @fields: (array zero-terminated=1): the fields of one record
 * @guard_formulas: whether to defuse fields a spreadsheet would run
 *
 * Appends one RFC 4180 record with comma separators and a CRLF line end.
 * Fields containing a comma, quotation mark, CR or LF, or starting or
 * ending with whitespace, are quoted, with inner quotation marks doubled.
 *
 * With @guard_formulas, a field starting with = + - @ TAB or CR gets a
 * leading single quote, so Excel and WPS show it as text instead of
 * evaluating it (CSV injection); use it for every file meant for people.
 */
void
cd_csv_append_row (GString            *out,
                   const char * const *fields,
                   gboolean            guard_formulas)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *field = fields[i];
      gsize len = strlen (field);
      gboolean guard = guard_formulas && len > 0 && is_formula_start (field[0]);
      char first = guard ? '\'' : field[0];
      gboolean quote;

      /* A record of one empty field would read back as a blank line. */
      quote = (len == 0 && i == 0 && fields[1] == NULL) ||
              strpbrk (field, ",\"\r\n") != NULL ||
              first == ' ' || first == '\t' ||
              (len > 0 && (field[len - 1] == ' ' || field[len - 1] == '\t'));

      if (i > 0)
        g_string_append_c (out, ',');
      if (quote)
        g_string_append_c (out, '"');
      if (guard)
        g_string_append_c (out, '\'');

      for (const char *p = field; *p != '\0'; )
        {
          const char *q = strchr (p, '"');

          if (q == NULL)
            {
              g_string_append (out, p);
              break;
            }
          g_string_append_len (out, p, q - p + 1);
          g_string_append_c (out, '"');
          p = q + 1;
        }

      if (quote)
        g_string_append_c (out, '"');
    }

  g_string_append (out, "\r\n");
}
