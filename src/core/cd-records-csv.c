/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import and export of data assets and customers. Import checks every
 * line before returning anything, so a bad file imports nothing; export
 * writes what Excel and WPS open directly and what import reads back. */

#include "config.h"

#define G_LOG_DOMAIN "cd-records-csv"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-csv.h"
#include "cd-mask.h"
#include "cd-records-csv.h"
#include "cd-types.h"

G_DEFINE_QUARK (cd_records_csv_error_quark, cd_records_csv_error)

/* Excel and WPS on Chinese Windows read a CSV without a BOM as GBK. */
#define UTF8_BOM "\xEF\xBB\xBF"

/* Longest cell value quoted back in an error message. */
#define MAX_QUOTED_CHARS 40

/* Header spellings accepted on import, first one is the export name. The
 * Chinese ones are what consultants' spreadsheets actually use. */
static const char * const asset_location_aliases[] = { "location", "位置", "存放位置", NULL };
static const char * const asset_medium_aliases[] = { "medium", "介质", "系统/介质", NULL };
static const char * const asset_record_type_aliases[] = { "record_type", "record type", "记录类型", NULL };
static const char * const asset_format_aliases[] = { "format", "格式", NULL };
static const char * const asset_records_aliases[] = { "records", "记录数", NULL };
static const char * const asset_customers_aliases[] = { "customers", "客户数", NULL };
static const char * const asset_custodian_aliases[] = { "custodian", "保管人", "负责人", NULL };
static const char * const asset_notes_aliases[] = { "notes", "备注", NULL };

static const char * const customer_kind_aliases[] = { "kind", "类型", NULL };
static const char * const customer_name_aliases[] = { "name", "姓名", "名称", NULL };
static const char * const customer_phone_aliases[] = { "phone", "电话", "手机", "手机号", NULL };
static const char * const customer_id_number_aliases[] = {
  "id_number", "id number", "证件号", "身份证号", "证件号码", NULL
};
static const char * const customer_email_aliases[] = { "email", "邮箱", NULL };
static const char * const customer_address_aliases[] = { "address", "地址", NULL };
static const char * const customer_notes_aliases[] = { "notes", "备注", NULL };

/* -- helpers ------------------------------------------------------------------------ */

/* Header cells match any alias ignoring case, surrounding blanks and
 * full-width forms (cd_csv_table_find_column); “record_type” and
 * “record type” are listed separately because both are common. */
static int
find_column (CdCsvTable         *table,
             const char * const *aliases)
{
  return cd_csv_table_find_column (table, aliases);
}

static gboolean
require_column (CdCsvTable          *table,
                const char * const  *aliases,
                int                 *out_column,
                GError             **error)
{
  g_autofree char *others = NULL;

  *out_column = find_column (table, aliases);
  if (*out_column >= 0)
    return TRUE;

  others = g_strjoinv (", ", (char **) aliases + 1);
  g_set_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_MISSING_COLUMN,
               /* Translators: %s is a column name such as “location”, then other
                * accepted spellings such as “位置, 存放位置” */
               _("The CSV file has no “%s” column (also accepted: %s)"), aliases[0], others);
  return FALSE;
}

/* Returns the trimmed cell, or %NULL if the column is absent or the cell
 * is empty. Rows shorter than the header are allowed. */
static char *
get_cell (const char * const *row,
          int                 column)
{
  g_autofree char *copy = NULL;

  if (row == NULL || column < 0)
    return NULL;
  for (int c = 0; c < column; c++)
    if (row[c] == NULL)
      return NULL;
  if (row[column] == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (row[column]));
  if (*copy == '\0')
    return NULL;
  return g_steal_pointer (&copy);
}

static gboolean
row_is_blank (const char * const *row,
              guint               n_columns)
{
  for (guint c = 0; row != NULL && c < n_columns && row[c] != NULL; c++)
    {
      for (const char *p = row[c]; *p != '\0'; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
    }
  return TRUE;
}

/* A cell quoted back in a message: short and without control characters. */
static char *
quote_cell (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == MAX_QUOTED_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, g_unichar_iscntrl (c) ? ' ' : c);
    }
  return g_string_free (out, FALSE);
}

/* Non-negative whole numbers, with optional thousands separators as
 * spreadsheets write them (1,234 or 1,234,567). */
static gboolean
parse_count (const char *text,
             gint64     *out_value)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *comma = strchr (text, ',');
  guint64 value;

  if (comma != NULL)
    {
      /* First group 1–3 digits, then groups of exactly 3. */
      gsize first = (gsize) (comma - text);
      const char *p = comma;

      if (first < 1 || first > 3)
        return FALSE;
      while (*p == ',')
        {
          for (int i = 1; i <= 3; i++)
            if (!g_ascii_isdigit (p[i]))
              return FALSE;
          p += 4;
        }
      if (*p != '\0')
        return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ',')
        continue;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      g_string_append_c (digits, *p);
    }
  if (digits->len == 0 ||
      !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *out_value = (gint64) value;
  return TRUE;
}

static char *
enum_ids (const char *(*to_id) (int),
          guint        n)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", to_id ((int) i));
  return g_string_free (ids, FALSE);
}

static const char *
medium_id (int value)
{
  return cd_medium_to_id ((CdMedium) value);
}

static const char *
record_type_id (int value)
{
  return cd_record_type_to_id ((CdRecordType) value);
}

static gboolean
line_error (GError     **error,
            guint        line,
            const char  *message)
{
  g_set_error (error, CD_RECORDS_CSV_ERROR, CD_RECORDS_CSV_ERROR_INVALID_VALUE,
               /* Translators: %u is a line number in the CSV file, %s what is wrong */
               _("Line %u: %s"), line, message);
  return FALSE;
}

/* -- assets ------------------------------------------------------------------------- */

static gboolean
read_count_cell (const char * const  *row,
                 int                  column,
                 guint                line,
                 const char          *what,
                 gint64              *out_value,
                 GError             **error)
{
  g_autofree char *text = get_cell (row, column);
  g_autofree char *quoted = NULL;
  g_autofree char *message = NULL;

  *out_value = 0;
  if (text == NULL || parse_count (text, out_value))
    return TRUE;

  quoted = quote_cell (text);
  /* Translators: %s is a column (“records”), then the value found */
  message = g_strdup_printf (_("the %s value “%s” is not a whole number of 0 or more"),
                             what, quoted);
  return line_error (error, line, message);
}

/**
 * cd_assets_from_csv:
 * @data: the file's bytes: UTF-8 with or without BOM, or GB18030/GBK
 *
 * Parses a data inventory. Columns are found by header (English or
 * Chinese, any case); location and medium are required. Every line is
 * checked before anything is returned.
 *
 * Returns: (transfer container) (element-type CdAsset): the assets, or
 *   %NULL with @error naming the first bad line
 */
GPtrArray *
cd_assets_from_csv (const char  *data,
                    gsize        len,
                    GError     **error)
{
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(GPtrArray) assets = NULL;
  int col_location, col_medium, col_record_type, col_format;
  int col_records, col_customers, col_custodian, col_notes;
  guint n_columns, n_rows;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  table = cd_csv_table_parse (data != NULL ? data : "", len, NULL, error);
  if (table == NULL)
    return NULL;

  if (!require_column (table, asset_location_aliases, &col_location, error) ||
      !require_column (table, asset_medium_aliases, &col_medium, error))
    return NULL;
  col_record_type = find_column (table, asset_record_type_aliases);
  col_format = find_column (table, asset_format_aliases);
  col_records = find_column (table, asset_records_aliases);
  col_customers = find_column (table, asset_customers_aliases);
  col_custodian = find_column (table, asset_custodian_aliases);
  col_notes = find_column (table, asset_notes_aliases);

  n_columns = cd_csv_table_get_n_columns (table);
  n_rows = cd_csv_table_get_n_rows (table);
  assets = g_ptr_array_new_full (n_rows, g_object_unref);

  for (guint r = 0; r < n_rows; r++)
    {
      const char * const *row = cd_csv_table_get_row (table, r);
      guint line = cd_csv_table_get_row_line (table, r);
      g_autoptr(CdAsset) asset = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *location = NULL;
      g_autofree char *medium_text = NULL;
      g_autofree char *type_text = NULL;
      g_autofree char *format = NULL;
      g_autofree char *custodian = NULL;
      g_autofree char *notes = NULL;
      CdMedium medium;
      CdRecordType record_type = CD_RECORD_TYPE_PERSONAL;
      gint64 records, customers;

      /* Spreadsheets leave empty lines at the end; they mean nothing. */
      if (row_is_blank (row, n_columns))
        continue;

      location = get_cell (row, col_location);
      medium_text = get_cell (row, col_medium);
      type_text = get_cell (row, col_record_type);
      format = get_cell (row, col_format);
      custodian = get_cell (row, col_custodian);
      notes = get_cell (row, col_notes);

      if (location == NULL)
        return (line_error (error, line, _("the location is empty")), NULL);

      if (medium_text == NULL || !cd_medium_from_string (medium_text, &medium))
        {
          g_autofree char *ids = enum_ids (medium_id, CD_N_MEDIA);
          g_autofree char *message = NULL;

          if (medium_text == NULL)
            /* Translators: %s is the list of valid medium ids */
            message = g_strdup_printf (_("the medium is empty; use one of: %s"), ids);
          else
            {
              g_autofree char *quoted = quote_cell (medium_text);
              /* Translators: %s is the value found, then the list of valid ids */
              message = g_strdup_printf (_("“%s” is not a known medium; use one of: %s"),
                                         quoted, ids);
            }
          return (line_error (error, line, message), NULL);
        }

      if (type_text != NULL && !cd_record_type_from_string (type_text, &record_type))
        {
          g_autofree char *ids = enum_ids (record_type_id, CD_N_RECORD_TYPES);
          g_autofree char *quoted = quote_cell (type_text);
          g_autofree char *message =
            /* Translators: %s is the value found, then the list of valid ids */
            g_strdup_printf (_("“%s” is not a known record type; use one of: %s"), quoted, ids);

          return (line_error (error, line, message), NULL);
        }

      if (!read_count_cell (row, col_records, line, asset_records_aliases[0], &records, error) ||
          !read_count_cell (row, col_customers, line, asset_customers_aliases[0], &customers, error))
        return NULL;

      asset = cd_asset_new ();
      cd_asset_set_location (asset, location);
      cd_asset_set_medium (asset, medium);
      cd_asset_set_record_type (asset, record_type);
      cd_asset_set_format (asset, format);
      cd_asset_set_records (asset, records);
      cd_asset_set_customers (asset, customers);
      cd_asset_set_custodian (asset, custodian);
      cd_asset_set_notes (asset, notes);

      if (!cd_asset_validate (asset, &local_error))
        return (line_error (error, line, local_error->message), NULL);

      g_ptr_array_add (assets, g_steal_pointer (&asset));
    }

  return g_steal_pointer (&assets);
}

/* Our own rows end with CRLF, which is what Excel writes and expects. */
static void
append_row (GString            *out,
            const char * const *fields)
{
  gsize start = out->len;

  cd_csv_append_row (out, fields, TRUE);

  /* Normalise whatever line ending the writer used to a single CRLF. */
  while (out->len > start && (out->str[out->len - 1] == '\n' || out->str[out->len - 1] == '\r'))
    g_string_truncate (out, out->len - 1);
  g_string_append (out, "\r\n");
}

/**
 * cd_assets_to_csv:
 * @assets: (element-type CdAsset)
 *
 * Writes the inventory as UTF-8 with BOM and CRLF line ends, ids rather
 * than labels for medium and record type so cd_assets_from_csv() reads it
 * back unchanged, and cells that a spreadsheet would run as a formula
 * defused.
 */
GBytes *
cd_assets_to_csv (GListModel *assets)
{
  static const char * const header[] = {
    "location", "medium", "record_type", "format", "records", "customers", "custodian", "notes",
    NULL
  };
  GString *out;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (assets), NULL);

  out = g_string_new (UTF8_BOM);
  append_row (out, header);

  n = g_list_model_get_n_items (assets);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);
      g_autofree char *records = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  cd_asset_get_records (asset));
      g_autofree char *customers = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                    cd_asset_get_customers (asset));
      const char *fields[] = {
        cd_asset_get_location (asset) ? cd_asset_get_location (asset) : "",
        cd_medium_to_id (cd_asset_get_medium (asset)),
        cd_record_type_to_id (cd_asset_get_record_type (asset)),
        cd_asset_get_format (asset) ? cd_asset_get_format (asset) : "",
        records,
        customers,
        cd_asset_get_custodian (asset) ? cd_asset_get_custodian (asset) : "",
        cd_asset_get_notes (asset) ? cd_asset_get_notes (asset) : "",
        NULL
      };

      append_row (out, fields);
    }

  return g_string_free_to_bytes (out);
}

/* -- customers ---------------------------------------------------------------------- */

/**
 * cd_customers_from_csv:
 * @data: the file's bytes: UTF-8 with or without BOM, or GB18030/GBK
 *
 * Parses a customer list. The name column is required; identifiers are
 * validated and normalised with cd_customer_normalize(), whose messages
 * never repeat the identifier, so an error names the line only.
 *
 * Returns: (transfer container) (element-type CdCustomer): the customers,
 *   or %NULL with @error naming the first bad line
 */
GPtrArray *
cd_customers_from_csv (const char  *data,
                       gsize        len,
                       GError     **error)
{
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  int col_kind, col_name, col_phone, col_id_number, col_email, col_address, col_notes;
  guint n_columns, n_rows;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  table = cd_csv_table_parse (data != NULL ? data : "", len, NULL, error);
  if (table == NULL)
    return NULL;

  if (!require_column (table, customer_name_aliases, &col_name, error))
    return NULL;
  col_kind = find_column (table, customer_kind_aliases);
  col_phone = find_column (table, customer_phone_aliases);
  col_id_number = find_column (table, customer_id_number_aliases);
  col_email = find_column (table, customer_email_aliases);
  col_address = find_column (table, customer_address_aliases);
  col_notes = find_column (table, customer_notes_aliases);

  n_columns = cd_csv_table_get_n_columns (table);
  n_rows = cd_csv_table_get_n_rows (table);
  customers = g_ptr_array_new_full (n_rows, g_object_unref);

  for (guint r = 0; r < n_rows; r++)
    {
      const char * const *row = cd_csv_table_get_row (table, r);
      guint line = cd_csv_table_get_row_line (table, r);
      g_autoptr(CdCustomer) customer = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *kind_text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *phone = NULL;
      g_autofree char *id_number = NULL;
      g_autofree char *email = NULL;
      g_autofree char *address = NULL;
      g_autofree char *notes = NULL;
      CdCustomerKind kind = CD_CUSTOMER_KIND_INDIVIDUAL;

      if (row_is_blank (row, n_columns))
        continue;

      kind_text = get_cell (row, col_kind);
      if (kind_text != NULL && !cd_customer_kind_from_string (kind_text, &kind))
        {
          g_autofree char *quoted = quote_cell (kind_text);
          g_autofree char *message =
            /* Translators: do not translate “individual” and “enterprise” */
            g_strdup_printf (_("“%s” is not a customer kind; use individual or enterprise"),
                             quoted);

          return (line_error (error, line, message), NULL);
        }

      name = get_cell (row, col_name);
      phone = get_cell (row, col_phone);
      id_number = get_cell (row, col_id_number);
      email = get_cell (row, col_email);
      address = get_cell (row, col_address);
      notes = get_cell (row, col_notes);

      customer = cd_customer_new (kind);
      cd_customer_set_name (customer, name);
      cd_customer_set_phone (customer, phone);
      cd_customer_set_id_number (customer, id_number);
      cd_customer_set_email (customer, email);
      cd_customer_set_address (customer, address);
      cd_customer_set_notes (customer, notes);

      if (!cd_customer_normalize (customer, &local_error))
        return (line_error (error, line, local_error->message), NULL);

      g_ptr_array_add (customers, g_steal_pointer (&customer));
    }

  return g_steal_pointer (&customers);
}

static char *
masked_or_plain (const char *plain,
                 char       *masked,
                 gboolean    reveal)
{
  if (reveal)
    {
      g_free (masked);
      return g_strdup (plain != NULL ? plain : "");
    }
  return masked != NULL ? masked : g_strdup ("");
}

/**
 * cd_customers_to_csv:
 * @customers: (element-type CdCustomer)
 * @reveal: write identifiers in full instead of masked
 *
 * Writes the registry as UTF-8 with BOM and CRLF line ends, with the
 * same columns cd_customers_from_csv() reads. Masked unless @reveal:
 * a masked export is for showing, a revealed one for handing over.
 */
GBytes *
cd_customers_to_csv (GListModel *customers,
                     gboolean    reveal)
{
  static const char * const header[] = {
    "kind", "name", "phone", "id_number", "email", "address", "notes", NULL
  };
  GString *out;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (customers), NULL);

  out = g_string_new (UTF8_BOM);
  append_row (out, header);

  n = g_list_model_get_n_items (customers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdCustomer) c = g_list_model_get_item (customers, i);
      const char *notes_plain = cd_customer_get_notes (c);
      g_autofree char *name = masked_or_plain (cd_customer_get_name (c),
                                               cd_customer_dup_masked_name (c), reveal);
      g_autofree char *phone = masked_or_plain (cd_customer_get_phone (c),
                                                cd_customer_dup_masked_phone (c), reveal);
      g_autofree char *id_number = masked_or_plain (cd_customer_get_id_number (c),
                                                    cd_customer_dup_masked_id_number (c), reveal);
      g_autofree char *email = masked_or_plain (cd_customer_get_email (c),
                                                cd_customer_dup_masked_email (c), reveal);
      g_autofree char *address = masked_or_plain (cd_customer_get_address (c),
                                                  cd_customer_dup_masked_address (c), reveal);
      g_autofree char *notes = masked_or_plain (notes_plain,
                                                (notes_plain != NULL && *notes_plain != '\0') ?
                                                cd_mask_text (notes_plain) : NULL,
                                                reveal);
      const char *fields[] = {
        cd_customer_kind_to_id (cd_customer_get_kind (c)),
        name, phone, id_number, email, address, notes,
        NULL
      };

      append_row (out, fields);
    }

  return g_string_free_to_bytes (out);
}
