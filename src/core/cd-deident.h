/* SPDX-License-Identifier: GPL-3.0-or-later */
/* De-identified and anonymized exports of tabular data (GB/T 37964-2019
 * 去标识化): a rule per column (keep, mask, generalize, pseudonymize, drop),
 * k-anonymity over the chosen quasi-identifiers (GB/T 42460-2023 Annex D),
 * and an atomic CSV export that is labelled "anonymized" only when k
 * reaches the threshold. */

#pragma once

#include <gio/gio.h>

#include "cd-csv.h"

G_BEGIN_DECLS

#define CD_DEIDENT_ERROR (cd_deident_error_quark ())

typedef enum
{
  CD_DEIDENT_ERROR_NO_SUCH_COLUMN,    /* a rule or quasi-identifier names no column */
  CD_DEIDENT_ERROR_AMBIGUOUS_COLUMN,  /* ... or names two columns of the same name */
  CD_DEIDENT_ERROR_INVALID_RULE,      /* a rule that cannot be read or applied */
  CD_DEIDENT_ERROR_INVALID_PLAN,      /* e.g. a quasi-identifier that is dropped */
  CD_DEIDENT_ERROR_NO_KEY,            /* pseudonyms asked for without a key */
  CD_DEIDENT_ERROR_BELOW_THRESHOLD,   /* "anonymized" refused: k below the threshold */
  CD_DEIDENT_ERROR_PROTECTED_PATH,    /* the output would land in a source folder */
  CD_DEIDENT_ERROR_EXISTS,            /* the output file exists */
  CD_DEIDENT_ERROR_FAILED,            /* the output could not be written */
} CdDeidentError;

typedef enum
{
  CD_DEIDENT_KEEP,
  CD_DEIDENT_MASK,
  CD_DEIDENT_GENERALIZE_AGE_BAND,
  CD_DEIDENT_GENERALIZE_REGION_PREFIX,
  CD_DEIDENT_GENERALIZE_DATE_TO_MONTH,
  CD_DEIDENT_PSEUDONYMIZE,
  CD_DEIDENT_DROP,
} CdDeidentRuleKind;

/* How CD_DEIDENT_MASK masks: one of the cd_mask_*() rules for a column of
 * identifiers, or the generic rule keeping the first keep_head and last
 * keep_tail characters around "***". */
typedef enum
{
  CD_DEIDENT_MASK_GENERIC,
  CD_DEIDENT_MASK_NAME,
  CD_DEIDENT_MASK_PHONE,
  CD_DEIDENT_MASK_ID_NUMBER,
  CD_DEIDENT_MASK_USCC,
  CD_DEIDENT_MASK_EMAIL,
  CD_DEIDENT_MASK_BANK_CARD,
  CD_DEIDENT_MASK_ADDRESS,
} CdDeidentMaskStyle;

typedef enum
{
  CD_DEIDENT_LABEL_DEIDENTIFIED,   /* 去标识化: re-identifiable with extra information */
  CD_DEIDENT_LABEL_ANONYMIZED,     /* 匿名化: only with k >= the threshold */
} CdDeidentLabel;

typedef enum
{
  CD_DEIDENT_EXPORT_NONE = 0,
  CD_DEIDENT_EXPORT_OVERWRITE = 1 << 0,     /* replace an existing output file */
  CD_DEIDENT_EXPORT_FALLBACK = 1 << 1,      /* below the threshold, label it
                                             * de-identified instead of failing */
} CdDeidentExportFlags;

#define CD_DEIDENT_DEFAULT_THRESHOLD      5
#define CD_DEIDENT_DEFAULT_BAND_WIDTH     10
#define CD_DEIDENT_DEFAULT_PREFIX_LENGTH  4
#define CD_DEIDENT_MAX_AGE                150
/* Rows of the classes below the threshold that a result lists. */
#define CD_DEIDENT_MAX_LISTED_ROWS        1000
/* Hex characters of a pseudonym (64 bits of a keyed BLAKE2b). */
#define CD_DEIDENT_PSEUDONYM_CHARS        16

/**
 * CdDeidentRule:
 * @kind: what to do with the column
 * @mask_style: for %CD_DEIDENT_MASK
 * @keep_head: for %CD_DEIDENT_MASK_GENERIC, characters kept at the start
 * @keep_tail: for %CD_DEIDENT_MASK_GENERIC, characters kept at the end
 * @band_width: for %CD_DEIDENT_GENERALIZE_AGE_BAND, years per band (1-150)
 * @top_age: for %CD_DEIDENT_GENERALIZE_AGE_BAND, ages from this one on
 *   become "N+" (top-coding); 0 for none
 * @prefix_length: for %CD_DEIDENT_GENERALIZE_REGION_PREFIX, characters or
 *   digits kept (1-64; at most 6 of a resident ID number)
 */
typedef struct
{
  CdDeidentRuleKind  kind;
  CdDeidentMaskStyle mask_style;
  guint              keep_head;
  guint              keep_tail;
  guint              band_width;
  guint              top_age;
  guint              prefix_length;
} CdDeidentRule;

typedef struct _CdDeidentPlan  CdDeidentPlan;
typedef struct _CdDeidentTable CdDeidentTable;

/**
 * CdDeidentClass:
 * @size: rows in this equivalence class
 * @values: (array zero-terminated=1): the class's quasi-identifier values as
 *   exported; a column kept unchanged shows masked, so these are safe to show
 *   and log
 * @n_listed: rows listed in @rows and @lines (less than @size at the cap)
 * @rows: 0-based data row indices, ascending
 * @lines: the line each of @rows starts on in the source file
 */
typedef struct
{
  guint   size;
  char  **values;
  guint   n_listed;
  guint  *rows;
  guint  *lines;
} CdDeidentClass;

/**
 * CdDeidentKAnonymity:
 * @k: size of the smallest equivalence class; 0 for a table without rows
 * @threshold: the k asked for
 * @n_rows: rows examined
 * @n_classes: distinct combinations of quasi-identifier values
 * @n_small_classes: classes with fewer rows than @threshold
 * @n_small_rows: rows in those classes
 * @quasi_identifiers: (array zero-terminated=1): the columns, as named in
 *   the table
 * @small_classes: (element-type CdDeidentClass): the classes below the
 *   threshold, smallest first and then by first row, with their rows listed
 *   up to %CD_DEIDENT_MAX_LISTED_ROWS in all; classes past the cap are not
 *   included
 * @truncated: whether some rows below the threshold are not listed
 */
typedef struct
{
  guint       k;
  guint       threshold;
  guint       n_rows;
  guint       n_classes;
  guint       n_small_classes;
  guint       n_small_rows;
  char      **quasi_identifiers;
  GPtrArray  *small_classes;
  gboolean    truncated;
} CdDeidentKAnonymity;

/**
 * CdDeidentColumnReport:
 * @name: the column's name in the source header
 * @rule: its rule, as cd_deident_rule_to_string() writes it
 * @kind: the rule's kind
 * @quasi_identifier: whether k-anonymity was computed over it
 * @n_unreadable: non-empty cells the rule could not read (a malformed date,
 *   an age out of range), exported empty
 */
typedef struct
{
  char              *name;
  char              *rule;
  CdDeidentRuleKind  kind;
  gboolean           quasi_identifier;
  guint              n_unreadable;
} CdDeidentColumnReport;

/**
 * CdDeidentReport:
 * @label: the label the export got
 * @label_requested: the label asked for
 * @k: the k reached, 0 when no quasi-identifier was chosen or no rows
 * @threshold: the k required for "anonymized"
 * @n_rows: data rows written
 * @n_columns_written: columns written
 * @n_columns_dropped: columns dropped
 * @n_small_classes: equivalence classes below the threshold
 * @n_small_rows: rows in them
 * @columns: (element-type CdDeidentColumnReport): every source column in order
 * @path: the file written, canonical
 * @sha256: hex SHA-256 of the bytes written
 *
 * What an audit entry needs: counts, column names, rules, label and k.
 * It never holds a cell value.
 */
typedef struct
{
  CdDeidentLabel  label;
  CdDeidentLabel  label_requested;
  guint           k;
  guint           threshold;
  guint           n_rows;
  guint           n_columns_written;
  guint           n_columns_dropped;
  guint           n_small_classes;
  guint           n_small_rows;
  GPtrArray      *columns;
  char           *path;
  char           *sha256;
} CdDeidentReport;

GQuark                cd_deident_error_quark           (void);

const char           *cd_deident_label_to_string       (CdDeidentLabel        label);
const char           *cd_deident_label_get_display_name (CdDeidentLabel       label);

void                  cd_deident_rule_init             (CdDeidentRule        *rule,
                                                        CdDeidentRuleKind     kind);
gboolean              cd_deident_rule_parse            (const char           *spec,
                                                        CdDeidentRule        *rule,
                                                        GError              **error);
char                 *cd_deident_rule_to_string        (const CdDeidentRule  *rule);

CdDeidentPlan        *cd_deident_plan_new              (void);
void                  cd_deident_plan_free             (CdDeidentPlan        *plan);
void                  cd_deident_plan_set_rule         (CdDeidentPlan        *plan,
                                                        const char           *column,
                                                        const CdDeidentRule  *rule);
gboolean              cd_deident_plan_set_rule_from_string (CdDeidentPlan    *plan,
                                                        const char           *column_and_spec,
                                                        GError              **error);
const CdDeidentRule  *cd_deident_plan_get_rule         (CdDeidentPlan        *plan,
                                                        const char           *column);
void                  cd_deident_plan_set_quasi_identifiers (CdDeidentPlan   *plan,
                                                        const char * const   *columns);
const char * const   *cd_deident_plan_get_quasi_identifiers (CdDeidentPlan   *plan);
void                  cd_deident_plan_set_threshold    (CdDeidentPlan        *plan,
                                                        guint                 threshold);
guint                 cd_deident_plan_get_threshold    (CdDeidentPlan        *plan);
gboolean              cd_deident_plan_set_key          (CdDeidentPlan        *plan,
                                                        const guint8         *key,
                                                        gsize                 key_len,
                                                        GError              **error);
void                  cd_deident_plan_set_reference_date (CdDeidentPlan      *plan,
                                                        const GDate          *date);
gboolean              cd_deident_plan_check            (CdDeidentPlan        *plan,
                                                        CdCsvTable           *table,
                                                        GError              **error);
char                 *cd_deident_plan_transform        (CdDeidentPlan        *plan,
                                                        const CdDeidentRule  *rule,
                                                        const char           *value,
                                                        gboolean             *out_unreadable,
                                                        GError              **error);
CdDeidentTable       *cd_deident_plan_apply            (CdDeidentPlan        *plan,
                                                        CdCsvTable           *table,
                                                        GCancellable         *cancellable,
                                                        GError              **error);

void                  cd_deident_table_free            (CdDeidentTable       *table);
guint                 cd_deident_table_get_n_columns   (CdDeidentTable       *table);
const char * const   *cd_deident_table_get_header      (CdDeidentTable       *table);
guint                 cd_deident_table_get_n_rows      (CdDeidentTable       *table);
const char * const   *cd_deident_table_get_row         (CdDeidentTable       *table,
                                                        guint                 row);
guint                 cd_deident_table_get_row_line    (CdDeidentTable       *table,
                                                        guint                 row);
CdDeidentKAnonymity  *cd_deident_table_compute_k       (CdDeidentTable       *table,
                                                        const char * const   *quasi_identifiers,
                                                        guint                 threshold,
                                                        GCancellable         *cancellable,
                                                        GError              **error);
void                  cd_deident_k_anonymity_free      (CdDeidentKAnonymity  *result);

gboolean              cd_deident_check_output_path     (const char           *out_path,
                                                        const char * const   *protected_dirs,
                                                        CdDeidentExportFlags  flags,
                                                        GError              **error);
gboolean              cd_deident_export                (CdCsvTable           *table,
                                                        CdDeidentPlan        *plan,
                                                        const char           *out_path,
                                                        CdDeidentLabel        label_requested,
                                                        const char * const   *protected_dirs,
                                                        CdDeidentExportFlags  flags,
                                                        GCancellable         *cancellable,
                                                        CdDeidentReport     **out_report,
                                                        GError              **error);
void                  cd_deident_report_free           (CdDeidentReport      *report);
char                 *cd_deident_report_to_json        (const CdDeidentReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDeidentPlan, cd_deident_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDeidentTable, cd_deident_table_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDeidentKAnonymity, cd_deident_k_anonymity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDeidentReport, cd_deident_report_free)

G_END_DECLS
