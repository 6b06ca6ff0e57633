/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RFC 4180 CSV/TSV reading with encoding detection and size limits, and
 * writing with an optional guard against spreadsheet formula injection. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_CSV_ERROR (cd_csv_error_quark ())

typedef enum
{
  CD_CSV_ERROR_TOO_LARGE,
  CD_CSV_ERROR_EMPTY,
  CD_CSV_ERROR_ENCODING,
  CD_CSV_ERROR_MIXED_ENCODING,
  CD_CSV_ERROR_NUL,
  CD_CSV_ERROR_UNTERMINATED_QUOTE,
  CD_CSV_ERROR_BAD_QUOTE,
  CD_CSV_ERROR_FIELD_TOO_LARGE,
  CD_CSV_ERROR_TOO_MANY_COLUMNS,
  CD_CSV_ERROR_TOO_MANY_ROWS,
  CD_CSV_ERROR_RAGGED,
} CdCsvError;

typedef enum
{
  CD_CSV_ENCODING_UTF8,
  CD_CSV_ENCODING_UTF8_BOM,
  CD_CSV_ENCODING_UTF16LE,
  CD_CSV_ENCODING_UTF16BE,
  CD_CSV_ENCODING_GB18030,
} CdCsvEncoding;

/**
 * CdCsvLimits:
 * @max_bytes: largest accepted input, in bytes as stored
 * @max_field_bytes: largest accepted field, in bytes of UTF-8
 * @max_columns: most fields in one record
 * @max_rows: most data records (the header is not counted)
 * @separator: ',', '\t' or ';', or 0 to detect it from the header line
 */
typedef struct
{
  gsize max_bytes;
  gsize max_field_bytes;
  guint max_columns;
  guint max_rows;
  char  separator;
} CdCsvLimits;

typedef struct _CdCsvTable CdCsvTable;

GQuark               cd_csv_error_quark           (void);
void                 cd_csv_limits_init_default   (CdCsvLimits         *limits);
const char          *cd_csv_encoding_to_string    (CdCsvEncoding        enc);
char                *cd_csv_decode_text           (const char          *data,
                                                   gsize                len,
                                                   CdCsvEncoding       *encoding,
                                                   gsize               *out_len,
                                                   GError             **error);
CdCsvTable          *cd_csv_table_parse           (const char          *data,
                                                   gsize                len,
                                                   const CdCsvLimits   *limits,
                                                   GError             **error);
CdCsvTable          *cd_csv_table_parse_file      (const char          *path,
                                                   const CdCsvLimits   *limits,
                                                   GError             **error);
void                 cd_csv_table_free            (CdCsvTable          *table);
CdCsvEncoding        cd_csv_table_get_encoding    (CdCsvTable          *table);
char                 cd_csv_table_get_separator   (CdCsvTable          *table);
guint                cd_csv_table_get_n_columns   (CdCsvTable          *table);
const char * const  *cd_csv_table_get_header      (CdCsvTable          *table);
guint                cd_csv_table_get_header_line (CdCsvTable          *table);
guint                cd_csv_table_get_n_rows      (CdCsvTable          *table);
const char * const  *cd_csv_table_get_row         (CdCsvTable          *table,
                                                   guint                row);
guint                cd_csv_table_get_row_line    (CdCsvTable          *table,
                                                   guint                row);
int                  cd_csv_table_find_column     (CdCsvTable          *table,
                                                   const char * const  *aliases);
void                 cd_csv_append_row            (GString             *out,
                                                   const char * const  *fields,
                                                   gboolean             guard_formulas);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCsvTable, cd_csv_table_free)

G_END_DECLS
