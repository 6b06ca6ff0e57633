/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz harness for the CSV reader: a libFuzzer target when built with
 * -Dfuzzing=true, otherwise a program that replays the files (or every
 * file in the directories) named on its command line (fuzz-common.c). */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

/* The text decoder on its own, as the extractors use it for plain text. */
static void
check_decode (const uint8_t *data,
              size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CdCsvEncoding encoding = CD_CSV_ENCODING_UTF8;
  gsize len = 0;

  text = cd_csv_decode_text ((const char *) data, size, &encoding, &len, &error);
  if ((text == NULL) == (error == NULL))
    abort ();
  if (text != NULL &&
      (!g_utf8_validate (text, (gssize) len, NULL) || strlen (text) != len ||
       (guint) encoding > CD_CSV_ENCODING_GB18030))
    abort ();
}

/* A written record is valid UTF-8, and with the formula guard no field
 * starts with a character a spreadsheet would evaluate. */
static void
check_append_row (const char * const *fields,
                  guint               n_columns)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GString) guarded = g_string_new (NULL);

  cd_csv_append_row (plain, fields, FALSE);
  cd_csv_append_row (guarded, fields, TRUE);
  if (!g_utf8_validate (plain->str, (gssize) plain->len, NULL) ||
      !g_utf8_validate (guarded->str, (gssize) guarded->len, NULL))
    abort ();
  if (plain->len < 2 || strcmp (plain->str + plain->len - 2, "\r\n") != 0)
    abort ();
  if (n_columns > 0 && guarded->str[0] != '\0' && strchr ("=+-@", guarded->str[0]) != NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCsvTable) table = NULL;
  CdCsvLimits limits;

  check_decode (data, size);

  /* Small limits keep every limit check reachable and each run cheap. */
  cd_csv_limits_init_default (&limits);
  limits.max_bytes = 1024 * 1024;
  limits.max_field_bytes = 4096;
  limits.max_columns = 64;
  limits.max_rows = 10000;

  table = cd_csv_table_parse ((const char *) data, size, &limits, &error);
  if ((table == NULL) == (error == NULL))
    abort ();
  if (error != NULL && error->domain != CD_CSV_ERROR)
    abort ();

  if (table != NULL)
    {
      guint n_columns = cd_csv_table_get_n_columns (table);
      guint n_rows = cd_csv_table_get_n_rows (table);
      const char * const *header = cd_csv_table_get_header (table);

      if (n_columns == 0 || n_columns > limits.max_columns || n_rows > limits.max_rows)
        abort ();
      for (guint c = 0; c < n_columns; c++)
        if (!g_utf8_validate (header[c], -1, NULL) || strlen (header[c]) > limits.max_field_bytes)
          abort ();
      if (header[n_columns] != NULL)
        abort ();
      check_append_row (header, n_columns);

      for (guint r = 0; r < n_rows; r++)
        {
          const char * const *row = cd_csv_table_get_row (table, r);

          for (guint c = 0; c < n_columns; c++)
            if (!g_utf8_validate (row[c], -1, NULL) || strlen (row[c]) > limits.max_field_bytes)
              abort ();
          if (row[n_columns] != NULL)
            abort ();
          if (r > 0 && cd_csv_table_get_row_line (table, r) <= cd_csv_table_get_row_line (table, r - 1))
            abort ();
          if (r < 16)
            check_append_row (row, n_columns);
        }
    }

  return 0;
}
