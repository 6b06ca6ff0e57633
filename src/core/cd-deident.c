/* SPDX-License-Identifier: GPL-3.0-or-later */
/* De-identified and anonymized exports. A plan gives each column a rule;
 * applying it builds a new table whose cells live in one string chunk;
 * k-anonymity counts the rows of each combination of quasi-identifier
 * values with one hash table lookup per row; the export writes a temporary
 * file in the target folder and moves it into place only when complete.
 *
 * Cell values never reach a message or the report: an error quotes column
 * names, line numbers and generalized values, and masks any value a plan
 * left unchanged. */

#include "config.h"

#define G_LOG_DOMAIN "cd-deident"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "cd-crypto.h"
#include "cd-deident.h"
#include "cd-fs.h"
#include "cd-ident.h"
#include "cd-mask.h"
#include "cd-sha256.h"

G_DEFINE_QUARK (cd_deident_error_quark, cd_deident_error)

/* Excel and WPS on Chinese Windows read a CSV without a BOM as GBK. */
#define UTF8_BOM "\xEF\xBB\xBF"

/* Keeps pseudonyms of this export apart from any other use of the key. */
#define PSEUDONYM_DOMAIN "closuredesk.deident.pseudonym.v1"

/* Joins quasi-identifier values into one hash key. 0xFF never occurs in
 * UTF-8, and the CSV reader hands out valid UTF-8 only, so two different
 * combinations can never join to the same key. */
#define KEY_SEPARATOR '\xff'

/* Longest cell, in bytes, that the date and age rules try to read. */
#define MAX_PARSE_BYTES 64

/* Column names listed in a "no such column" message. */
#define MAX_LISTED_COLUMNS 30

/* Offending rows quoted in the "not anonymous" message. */
#define MAX_QUOTED_ROWS 10

/* Bytes buffered before a write. */
#define WRITE_CHUNK (1024 * 1024)

#define MIN_YEAR 1800
#define MAX_YEAR 2200

typedef struct
{
  char          *column;
  CdDeidentRule  rule;
} PlanRule;

struct _CdDeidentPlan
{
  GPtrArray *rules;               /* PlanRule, in the order set */
  GPtrArray *quasi_identifiers;   /* char *, NULL-terminated */
  guint      threshold;
  guint8    *key;                 /* sodium_malloc'd */
  gsize      key_len;
  GDate      reference;           /* invalid: today */
};

struct _CdDeidentTable
{
  GStringChunk       *strings;
  char              **header;     /* n_columns + 1 */
  const char        **cells;      /* n_rows records of n_columns + 1, NULL-terminated */
  guint              *lines;
  CdDeidentRuleKind  *kinds;      /* the rule of each output column */
  GPtrArray          *sources;    /* CdDeidentColumnReport per source column */
  guint               n_columns;
  guint               n_rows;
};

/* What transforming a cell needs besides the rule. */
typedef struct
{
  const guint8 *key;
  gsize         key_len;
  int           ref_year;
  int           ref_month;
  int           ref_day;
} Context;

/* -- labels and rules ----------------------------------------------------------- */

/**
 * cd_deident_label_to_string:
 * @label: a label
 *
 * Returns: (transfer none): a stable identifier for files, the audit log
 *   and the command line: "deidentified" or "anonymized"
 */
const char *
cd_deident_label_to_string (CdDeidentLabel label)
{
  switch (label)
    {
    case CD_DEIDENT_LABEL_ANONYMIZED:
      return "anonymized";
    case CD_DEIDENT_LABEL_DEIDENTIFIED:
    default:
      return "deidentified";
    }
}

/**
 * cd_deident_label_get_display_name:
 * @label: a label
 *
 * Returns: (transfer none): the translated name of @label
 */
const char *
cd_deident_label_get_display_name (CdDeidentLabel label)
{
  switch (label)
    {
    case CD_DEIDENT_LABEL_ANONYMIZED:
      /* Translators: the label of an export, GB/T 35273 匿名化 */
      return _("Anonymized");
    case CD_DEIDENT_LABEL_DEIDENTIFIED:
    default:
      /* Translators: the label of an export, GB/T 35273 去标识化 */
      return _("De-identified");
    }
}

/**
 * cd_deident_rule_init:
 * @rule: (out caller-allocates): the rule to fill in
 * @kind: its kind
 *
 * Sets @rule to @kind with the default parameters: generic masking keeping
 * the first and last character, bands of 10 years without top-coding, and
 * a region prefix of 4.
 */
void
cd_deident_rule_init (CdDeidentRule     *rule,
                      CdDeidentRuleKind  kind)
{
  g_return_if_fail (rule != NULL);

  memset (rule, 0, sizeof *rule);
  rule->kind = kind;
  rule->mask_style = CD_DEIDENT_MASK_GENERIC;
  rule->keep_head = 1;
  rule->keep_tail = 1;
  rule->band_width = CD_DEIDENT_DEFAULT_BAND_WIDTH;
  rule->top_age = 0;
  rule->prefix_length = CD_DEIDENT_DEFAULT_PREFIX_LENGTH;
}

static const struct
{
  CdDeidentMaskStyle  style;
  const char         *name;
} mask_styles[] = {
  { CD_DEIDENT_MASK_NAME, "name" },
  { CD_DEIDENT_MASK_PHONE, "phone" },
  { CD_DEIDENT_MASK_ID_NUMBER, "id" },
  { CD_DEIDENT_MASK_USCC, "uscc" },
  { CD_DEIDENT_MASK_EMAIL, "email" },
  { CD_DEIDENT_MASK_BANK_CARD, "bank-card" },
  { CD_DEIDENT_MASK_ADDRESS, "address" },
};

static void
set_bad_rule (GError     **error,
              const char  *spec)
{
  g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_RULE,
               /* Translators: %s is what the user typed; keep the rule names
                * (keep, mask, …) untranslated, they are command-line syntax. */
               _("“%s” is not a column rule. Rules are: keep, drop, mask, mask:HEAD,TAIL, "
                 "mask:name, mask:phone, mask:id, mask:uscc, mask:email, mask:bank-card, "
                 "mask:address, age-band[:WIDTH[,TOP]], region-prefix[:N], month, pseudonym."),
               spec);
}

static gboolean
parse_uint (const char *text,
            guint       min,
            guint       max,
            guint      *out)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0' ||
      !g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static gboolean
check_rule (const CdDeidentRule  *rule,
            GError              **error)
{
  g_autofree char *text = NULL;
  gboolean ok = TRUE;

  switch (rule->kind)
    {
    case CD_DEIDENT_KEEP:
    case CD_DEIDENT_GENERALIZE_DATE_TO_MONTH:
    case CD_DEIDENT_PSEUDONYMIZE:
    case CD_DEIDENT_DROP:
      break;
    case CD_DEIDENT_MASK:
      ok = rule->mask_style <= CD_DEIDENT_MASK_ADDRESS &&
           (rule->mask_style != CD_DEIDENT_MASK_GENERIC ||
            (rule->keep_head <= 64 && rule->keep_tail <= 64));
      break;
    case CD_DEIDENT_GENERALIZE_AGE_BAND:
      ok = rule->band_width >= 1 && rule->band_width <= CD_DEIDENT_MAX_AGE &&
           rule->top_age <= CD_DEIDENT_MAX_AGE;
      break;
    case CD_DEIDENT_GENERALIZE_REGION_PREFIX:
      ok = rule->prefix_length >= 1 && rule->prefix_length <= 64;
      break;
    default:
      ok = FALSE;
      break;
    }

  if (ok)
    return TRUE;

  text = cd_deident_rule_to_string (rule);
  set_bad_rule (error, text);
  return FALSE;
}

/**
 * cd_deident_rule_parse:
 * @spec: a rule as typed on the command line
 * @rule: (out caller-allocates): the rule read
 * @error: return location for a %CD_DEIDENT_ERROR_INVALID_RULE
 *
 * Reads one of: `keep`, `drop`, `mask` (first and last character),
 * `mask:HEAD,TAIL`, `mask:STYLE` (name, phone, id, uscc, email, bank-card,
 * address), `age-band[:WIDTH[,TOP]]`, `region-prefix[:N]`, `month` and
 * `pseudonym`. cd_deident_rule_to_string() writes the same syntax.
 *
 * Returns: %TRUE if @spec is a valid rule
 */
gboolean
cd_deident_rule_parse (const char     *spec,
                       CdDeidentRule  *rule,
                       GError        **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) params = NULL;
  CdDeidentRule parsed;
  const char *colon;
  const char *name;
  guint n_params = 0;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  copy = g_strstrip (g_ascii_strdown (spec, -1));
  colon = strchr (copy, ':');
  if (colon != NULL)
    {
      /* g_strsplit() makes no field of an empty string */
      if (colon[1] == '\0')
        goto bad;
      params = g_strsplit (colon + 1, ",", -1);
      copy[colon - copy] = '\0';
      n_params = g_strv_length (params);
      for (guint i = 0; i < n_params; i++)
        g_strstrip (params[i]);
    }
  name = copy;

  if (strcmp (name, "keep") == 0 && n_params == 0)
    cd_deident_rule_init (&parsed, CD_DEIDENT_KEEP);
  else if (strcmp (name, "drop") == 0 && n_params == 0)
    cd_deident_rule_init (&parsed, CD_DEIDENT_DROP);
  else if ((strcmp (name, "month") == 0 || strcmp (name, "date-to-month") == 0) &&
           n_params == 0)
    cd_deident_rule_init (&parsed, CD_DEIDENT_GENERALIZE_DATE_TO_MONTH);
  else if ((strcmp (name, "pseudonym") == 0 || strcmp (name, "pseudonymize") == 0) &&
           n_params == 0)
    cd_deident_rule_init (&parsed, CD_DEIDENT_PSEUDONYMIZE);
  else if (strcmp (name, "mask") == 0 && n_params <= 2)
    {
      cd_deident_rule_init (&parsed, CD_DEIDENT_MASK);
      if (n_params == 2)
        {
          if (!parse_uint (params[0], 0, 64, &parsed.keep_head) ||
              !parse_uint (params[1], 0, 64, &parsed.keep_tail))
            goto bad;
        }
      else if (n_params == 1)
        {
          gboolean found = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (mask_styles) && !found; i++)
            {
              if (strcmp (params[0], mask_styles[i].name) == 0)
                {
                  parsed.mask_style = mask_styles[i].style;
                  found = TRUE;
                }
            }
          if (!found)
            goto bad;
        }
    }
  else if (strcmp (name, "age-band") == 0 && n_params <= 2)
    {
      cd_deident_rule_init (&parsed, CD_DEIDENT_GENERALIZE_AGE_BAND);
      if (n_params >= 1 && !parse_uint (params[0], 1, CD_DEIDENT_MAX_AGE, &parsed.band_width))
        goto bad;
      if (n_params == 2 && !parse_uint (params[1], 1, CD_DEIDENT_MAX_AGE, &parsed.top_age))
        goto bad;
    }
  else if (strcmp (name, "region-prefix") == 0 && n_params <= 1)
    {
      cd_deident_rule_init (&parsed, CD_DEIDENT_GENERALIZE_REGION_PREFIX);
      if (n_params == 1 && !parse_uint (params[0], 1, 64, &parsed.prefix_length))
        goto bad;
    }
  else
    goto bad;

  *rule = parsed;
  return TRUE;

bad:
  set_bad_rule (error, spec);
  return FALSE;
}

/**
 * cd_deident_rule_to_string:
 * @rule: a rule
 *
 * Returns: (transfer full): @rule in the syntax of cd_deident_rule_parse(),
 *   with every parameter written out, e.g. "age-band:10" or "mask:1,1"
 */
char *
cd_deident_rule_to_string (const CdDeidentRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  switch (rule->kind)
    {
    case CD_DEIDENT_KEEP:
      return g_strdup ("keep");
    case CD_DEIDENT_DROP:
      return g_strdup ("drop");
    case CD_DEIDENT_GENERALIZE_DATE_TO_MONTH:
      return g_strdup ("month");
    case CD_DEIDENT_PSEUDONYMIZE:
      return g_strdup ("pseudonym");
    case CD_DEIDENT_MASK:
      for (guint i = 0; i < G_N_ELEMENTS (mask_styles); i++)
        if (mask_styles[i].style == rule->mask_style)
          return g_strdup_printf ("mask:%s", mask_styles[i].name);
      return g_strdup_printf ("mask:%u,%u", rule->keep_head, rule->keep_tail);
    case CD_DEIDENT_GENERALIZE_AGE_BAND:
      if (rule->top_age != 0)
        return g_strdup_printf ("age-band:%u,%u", rule->band_width, rule->top_age);
      return g_strdup_printf ("age-band:%u", rule->band_width);
    case CD_DEIDENT_GENERALIZE_REGION_PREFIX:
      return g_strdup_printf ("region-prefix:%u", rule->prefix_length);
    default:
      return g_strdup_printf ("unknown:%d", (int) rule->kind);
    }
}

/* -- column names --------------------------------------------------------------- */

/* Column names are matched the way cd_csv_table_find_column() does: ignoring
 * case, surrounding blanks and full-width forms. */
static char *
column_key (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_NFKC);

  return g_utf8_casefold (normalized != NULL ? normalized : stripped, -1);
}

static GPtrArray *
header_keys (const char * const *header,
             guint               n_columns)
{
  GPtrArray *keys = g_ptr_array_new_full (n_columns, g_free);

  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (keys, column_key (header[c]));
  return keys;
}

static char *
list_columns (const char * const *header,
              guint               n_columns)
{
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < n_columns && c < MAX_LISTED_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "“%s”", header[c]);
    }
  if (n_columns > MAX_LISTED_COLUMNS)
    g_string_append (out, ", …");
  return g_string_free (out, FALSE);
}

/* Finds the one column called @name; an error names the columns there are. */
static gboolean
find_column (const char * const  *header,
             GPtrArray           *keys,
             const char          *name,
             guint               *out_index,
             GError             **error)
{
  g_autofree char *key = column_key (name);
  int found = -1;

  for (guint c = 0; c < keys->len; c++)
    {
      if (strcmp (key, g_ptr_array_index (keys, c)) != 0)
        continue;
      if (found >= 0)
        {
          g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_AMBIGUOUS_COLUMN,
                       /* Translators: %s is a column name; %u are column numbers */
                       _("The table has two columns called “%s” (columns %u and %u). "
                         "Rename one of them and retry."),
                       name, (guint) found + 1, c + 1);
          return FALSE;
        }
      found = (int) c;
    }

  if (found < 0)
    {
      g_autofree char *columns = list_columns (header, keys->len);

      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_SUCH_COLUMN,
                   /* Translators: the first %s is a column name, the second a
                    * list of the table's column names */
                   _("The table has no column “%s”. Its columns are: %s."),
                   name, columns);
      return FALSE;
    }

  *out_index = (guint) found;
  return TRUE;
}

/* -- the plan ------------------------------------------------------------------- */

static void
plan_rule_free (gpointer data)
{
  PlanRule *pr = data;

  g_free (pr->column);
  g_free (pr);
}

/**
 * cd_deident_plan_new:
 *
 * Creates a plan that keeps every column, has no quasi-identifiers, a
 * threshold of %CD_DEIDENT_DEFAULT_THRESHOLD, no pseudonym key, and
 * computes ages on the day it is applied.
 *
 * Returns: (transfer full): a new plan
 */
CdDeidentPlan *
cd_deident_plan_new (void)
{
  CdDeidentPlan *plan = g_new0 (CdDeidentPlan, 1);

  plan->rules = g_ptr_array_new_with_free_func (plan_rule_free);
  plan->quasi_identifiers = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  plan->threshold = CD_DEIDENT_DEFAULT_THRESHOLD;
  g_date_clear (&plan->reference, 1);
  return plan;
}

static void
plan_clear_key (CdDeidentPlan *plan)
{
  if (plan->key != NULL)
    sodium_free (plan->key);
  plan->key = NULL;
  plan->key_len = 0;
}

/**
 * cd_deident_plan_free:
 * @plan: (nullable): a plan
 *
 * Frees @plan, wiping its key.
 */
void
cd_deident_plan_free (CdDeidentPlan *plan)
{
  if (plan == NULL)
    return;

  plan_clear_key (plan);
  g_ptr_array_unref (plan->rules);
  g_ptr_array_unref (plan->quasi_identifiers);
  g_free (plan);
}

static PlanRule *
plan_find_rule (CdDeidentPlan *plan,
                const char    *column)
{
  g_autofree char *key = column_key (column);

  for (guint i = 0; i < plan->rules->len; i++)
    {
      PlanRule *pr = g_ptr_array_index (plan->rules, i);
      g_autofree char *other = column_key (pr->column);

      if (strcmp (key, other) == 0)
        return pr;
    }
  return NULL;
}

/**
 * cd_deident_plan_set_rule:
 * @plan: a plan
 * @column: a column name, matched ignoring case and full-width forms
 * @rule: the rule for it, replacing any rule set before
 *
 * Columns without a rule are kept unchanged.
 */
void
cd_deident_plan_set_rule (CdDeidentPlan       *plan,
                          const char          *column,
                          const CdDeidentRule *rule)
{
  PlanRule *pr;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (column != NULL);
  g_return_if_fail (rule != NULL);

  pr = plan_find_rule (plan, column);
  if (pr == NULL)
    {
      pr = g_new0 (PlanRule, 1);
      pr->column = g_strdup (column);
      g_ptr_array_add (plan->rules, pr);
    }
  pr->rule = *rule;
}

/**
 * cd_deident_plan_set_rule_from_string:
 * @plan: a plan
 * @column_and_spec: "COLUMN=RULE", as on the command line
 * @error: return location for a %CD_DEIDENT_ERROR_INVALID_RULE
 *
 * Sets a rule read by cd_deident_rule_parse(). The rule follows the last
 * '=', so a column name may itself contain one.
 *
 * Returns: %TRUE if the rule was read and set
 */
gboolean
cd_deident_plan_set_rule_from_string (CdDeidentPlan  *plan,
                                      const char     *column_and_spec,
                                      GError        **error)
{
  g_autofree char *column = NULL;
  const char *eq;
  CdDeidentRule rule;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (column_and_spec != NULL, FALSE);

  eq = strrchr (column_and_spec, '=');
  if (eq == NULL || eq == column_and_spec)
    {
      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_RULE,
                   /* Translators: %s is what the user typed; COLUMN and RULE are
                    * placeholders of the syntax */
                   _("“%s” is not of the form COLUMN=RULE, e.g. 出生日期=age-band:10."),
                   column_and_spec);
      return FALSE;
    }

  if (!cd_deident_rule_parse (eq + 1, &rule, error))
    return FALSE;

  column = g_strstrip (g_strndup (column_and_spec, eq - column_and_spec));
  cd_deident_plan_set_rule (plan, column, &rule);
  return TRUE;
}

/**
 * cd_deident_plan_get_rule:
 * @plan: a plan
 * @column: a column name
 *
 * Returns: (transfer none) (nullable): the rule set for @column, or %NULL
 *   if it has none (and is kept)
 */
const CdDeidentRule *
cd_deident_plan_get_rule (CdDeidentPlan *plan,
                          const char    *column)
{
  PlanRule *pr;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (column != NULL, NULL);

  pr = plan_find_rule (plan, column);
  return pr != NULL ? &pr->rule : NULL;
}

/**
 * cd_deident_plan_set_quasi_identifiers:
 * @plan: a plan
 * @columns: (array zero-terminated=1) (nullable): the columns that together
 *   could single a person out (age, sex, region, dates, occupation …)
 *
 * Sets the columns k-anonymity is computed over, replacing any set before.
 * A column named twice counts once.
 */
void
cd_deident_plan_set_quasi_identifiers (CdDeidentPlan      *plan,
                                       const char * const *columns)
{
  g_return_if_fail (plan != NULL);

  g_ptr_array_set_size (plan->quasi_identifiers, 0);
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    {
      g_autofree char *key = column_key (columns[i]);
      gboolean seen = FALSE;

      for (guint j = 0; j < plan->quasi_identifiers->len && !seen; j++)
        {
          g_autofree char *other = column_key (g_ptr_array_index (plan->quasi_identifiers, j));

          seen = strcmp (key, other) == 0;
        }
      if (!seen)
        g_ptr_array_add (plan->quasi_identifiers, g_strdup (columns[i]));
    }
}

/**
 * cd_deident_plan_get_quasi_identifiers:
 * @plan: a plan
 *
 * Returns: (transfer none) (array zero-terminated=1): the quasi-identifier
 *   columns, possibly none
 */
const char * const *
cd_deident_plan_get_quasi_identifiers (CdDeidentPlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  return (const char * const *) plan->quasi_identifiers->pdata;
}

/**
 * cd_deident_plan_set_threshold:
 * @plan: a plan
 * @threshold: the smallest k that may be labelled anonymized, at least 2
 */
void
cd_deident_plan_set_threshold (CdDeidentPlan *plan,
                               guint          threshold)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (threshold >= 2);

  plan->threshold = threshold;
}

/**
 * cd_deident_plan_get_threshold:
 * @plan: a plan
 *
 * Returns: the k required for the anonymized label
 */
guint
cd_deident_plan_get_threshold (CdDeidentPlan *plan)
{
  g_return_val_if_fail (plan != NULL, CD_DEIDENT_DEFAULT_THRESHOLD);

  return plan->threshold;
}

/**
 * cd_deident_plan_set_key:
 * @plan: a plan
 * @key: (array length=key_len): the key for pseudonyms, derived from the
 *   case key for this export
 * @key_len: 16 to 64 bytes
 * @error: return location for a #CdCryptoError
 *
 * Sets the key of the keyed BLAKE2b that makes pseudonyms. The same value
 * gets the same pseudonym under the same key, and an unrelated one under
 * another, so exports with different keys cannot be joined. The key is
 * copied into locked memory and wiped when the plan is freed.
 *
 * Returns: %TRUE on success
 */
gboolean
cd_deident_plan_set_key (CdDeidentPlan  *plan,
                         const guint8   *key,
                         gsize           key_len,
                         GError        **error)
{
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (key_len >= crypto_generichash_KEYBYTES_MIN &&
                        key_len <= crypto_generichash_KEYBYTES_MAX, FALSE);

  if (!cd_crypto_init (error))
    return FALSE;

  plan_clear_key (plan);
  plan->key = sodium_malloc (key_len);
  if (plan->key == NULL)
    {
      g_set_error (error, CD_CRYPTO_ERROR, CD_CRYPTO_ERROR_INIT,
                   _("No locked memory is left for the key."));
      return FALSE;
    }
  memcpy (plan->key, key, key_len);
  plan->key_len = key_len;
  return TRUE;
}

/**
 * cd_deident_plan_set_reference_date:
 * @plan: a plan
 * @date: (nullable): the day ages are computed for, or %NULL for today
 *
 * Ages computed from birth dates are ages on @date.
 */
void
cd_deident_plan_set_reference_date (CdDeidentPlan *plan,
                                    const GDate   *date)
{
  g_return_if_fail (plan != NULL);
  g_return_if_fail (date == NULL || g_date_valid (date));

  if (date == NULL)
    g_date_clear (&plan->reference, 1);
  else
    plan->reference = *date;
}

static gboolean
plan_has_kind (CdDeidentPlan     *plan,
               CdDeidentRuleKind  kind)
{
  for (guint i = 0; i < plan->rules->len; i++)
    {
      PlanRule *pr = g_ptr_array_index (plan->rules, i);

      if (pr->rule.kind == kind)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_key (CdDeidentPlan  *plan,
           GError        **error)
{
  if (plan->key != NULL)
    return TRUE;

  g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_KEY,
               _("Pseudonyms need the case key. Open the case and retry."));
  return FALSE;
}

/* The rule of each of @table's columns (KEEP where none is set); NULL with
 * @error set if the plan names a column @table lacks. */
static CdDeidentRule *
resolve_rules (CdDeidentPlan  *plan,
               CdCsvTable     *table,
               GError        **error)
{
  const char * const *header = cd_csv_table_get_header (table);
  guint n_columns = cd_csv_table_get_n_columns (table);
  g_autoptr(GPtrArray) keys = header_keys (header, n_columns);
  g_autofree CdDeidentRule *rules = g_new (CdDeidentRule, n_columns);

  for (guint c = 0; c < n_columns; c++)
    cd_deident_rule_init (&rules[c], CD_DEIDENT_KEEP);

  for (guint i = 0; i < plan->rules->len; i++)
    {
      PlanRule *pr = g_ptr_array_index (plan->rules, i);
      guint c;

      if (!find_column (header, keys, pr->column, &c, error) ||
          !check_rule (&pr->rule, error))
        return NULL;
      rules[c] = pr->rule;
    }

  if (plan_has_kind (plan, CD_DEIDENT_PSEUDONYMIZE) && !check_key (plan, error))
    return NULL;

  for (guint i = 0; i < plan->quasi_identifiers->len; i++)
    {
      const char *name = g_ptr_array_index (plan->quasi_identifiers, i);
      guint c;

      if (!find_column (header, keys, name, &c, error))
        return NULL;
      if (rules[c].kind == CD_DEIDENT_DROP)
        {
          g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_PLAN,
                       _("The column “%s” is dropped, so it cannot be a quasi-identifier. "
                         "Remove it from the quasi-identifiers or keep it in the export."),
                       name);
          return NULL;
        }
    }

  return g_steal_pointer (&rules);
}

/**
 * cd_deident_plan_check:
 * @plan: a plan
 * @table: the table it is meant for
 * @error: return location for a #CdDeidentError
 *
 * Checks that every column the plan names exists in @table exactly once,
 * that every rule is valid, that no quasi-identifier is dropped and that a
 * key is set if pseudonyms are asked for. Messages name the column and
 * list the columns there are.
 *
 * Returns: %TRUE if the plan can be applied to @table
 */
gboolean
cd_deident_plan_check (CdDeidentPlan  *plan,
                       CdCsvTable     *table,
                       GError        **error)
{
  g_autofree CdDeidentRule *rules = NULL;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  rules = resolve_rules (plan, table, error);
  return rules != NULL;
}

/* -- reading cells -------------------------------------------------------------- */

static gboolean
is_ascii (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/* @text without surrounding ASCII blanks and ideographic spaces (U+3000),
 * which spreadsheets typed in Chinese often carry. */
static const char *
trim (const char *text,
      gsize      *out_len)
{
  const char *end = text + strlen (text);

  for (;;)
    {
      if (text < end && g_ascii_isspace (*text))
        text++;
      else if (end - text >= 3 && memcmp (text, "\xe3\x80\x80", 3) == 0)
        text += 3;
      else
        break;
    }
  for (;;)
    {
      if (end > text && g_ascii_isspace (end[-1]))
        end--;
      else if (end - text >= 3 && memcmp (end - 3, "\xe3\x80\x80", 3) == 0)
        end -= 3;
      else
        break;
    }

  *out_len = end - text;
  return text;
}

/* A short, trimmed cell in @buf, with full-width digits and punctuation
 * folded to ASCII (NFKC); FALSE if it is empty or too long to be a date or
 * an age. */
static gboolean
normalize_short (const char *value,
                 char        buf[MAX_PARSE_BYTES])
{
  gsize len;
  const char *text = trim (value, &len);

  if (len == 0 || len >= MAX_PARSE_BYTES)
    return FALSE;

  if (is_ascii (text, len))
    {
      memcpy (buf, text, len);
      buf[len] = '\0';
    }
  else
    {
      g_autofree char *normalized = g_utf8_normalize (text, len, G_NORMALIZE_NFKC);
      gsize n;

      if (normalized == NULL)
        return FALSE;
      n = strlen (normalized);
      if (n >= MAX_PARSE_BYTES)
        return FALSE;
      memcpy (buf, normalized, n + 1);
    }

  return TRUE;
}

static guint
digit_run (const char *p)
{
  guint n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  return n;
}

static int
digits_value (const char *p,
              guint       n)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (p[i] - '0');
  return value;
}

/* Reads 1 or 2 digits at *p. */
static gboolean
read_small (const char **p,
            int         *out)
{
  guint n = digit_run (*p);

  if (n < 1 || n > 2)
    return FALSE;
  *out = digits_value (*p, n);
  *p += n;
  return TRUE;
}

/* What may follow a full date: nothing, or a time after a space or 'T'. */
static gboolean
date_end_ok (const char *p)
{
  return *p == '\0' || *p == ' ' || *p == 'T' || *p == 't';
}

/* Reads 2023-05-17, 2023/5/17, 2023.5.17, 2023年5月17日, 20230517 (each
 * optionally followed by a time) and the months 2023-05, 2023/5, 2023年5月,
 * 202305. *out_day is 0 for a month. Day-first and month-first forms such
 * as 17/05/2023 are ambiguous and not read. */
static gboolean
parse_date (const char *s,
            int        *out_year,
            int        *out_month,
            int        *out_day)
{
  const char *p = s;
  guint run = digit_run (p);
  int year;
  int month = 0;
  int day = -1;     /* none: a month */

  if (run == 8 || run == 14)
    {
      year = digits_value (p, 4);
      month = digits_value (p + 4, 2);
      day = digits_value (p + 6, 2);
      p += run;
      if (!date_end_ok (p))
        return FALSE;
    }
  else if (run == 6)
    {
      year = digits_value (p, 4);
      month = digits_value (p + 4, 2);
      if (p[6] != '\0')
        return FALSE;
    }
  else if (run == 4)
    {
      year = digits_value (p, 4);
      p += 4;
      if (*p == '-' || *p == '/' || *p == '.')
        {
          char sep = *p++;

          if (!read_small (&p, &month))
            return FALSE;
          if (*p == sep)
            {
              p++;
              if (!read_small (&p, &day) || !date_end_ok (p))
                return FALSE;
            }
          else if (*p != '\0')
            return FALSE;
        }
      else if (g_str_has_prefix (p, "年"))
        {
          p += strlen ("年");
          if (!read_small (&p, &month) || !g_str_has_prefix (p, "月"))
            return FALSE;
          p += strlen ("月");
          if (*p != '\0')
            {
              if (!read_small (&p, &day))
                return FALSE;
              /* After 日 or 号 anything may follow: a time, 上午 … */
              if (!g_str_has_prefix (p, "日") && !g_str_has_prefix (p, "号") &&
                  !date_end_ok (p))
                return FALSE;
            }
        }
      else
        return FALSE;
    }
  else
    return FALSE;

  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12)
    return FALSE;
  if (day != -1 &&
      (day < 1 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year)))
    return FALSE;

  *out_year = year;
  *out_month = month;
  *out_day = MAX (day, 0);
  return TRUE;
}

/* The birth date in a resident ID number: digits 7-14 of the 18-digit form,
 * 19 and digits 7-12 of the old 15-digit one. */
static gboolean
parse_resident_id_birth (const char *s,
                         int        *out_year,
                         int        *out_month,
                         int        *out_day)
{
  g_autofree char *digits = NULL;
  char date[9];
  gsize n;

  if (!cd_ident_looks_like_resident_id (s))
    return FALSE;

  digits = cd_ident_digits_only (s);
  n = digits != NULL ? strlen (digits) : 0;
  if (n >= 17)
    memcpy (date, digits + 6, 8);
  else if (n == 15)
    {
      date[0] = '1';
      date[1] = '9';
      memcpy (date + 2, digits + 6, 6);
    }
  else
    return FALSE;
  date[8] = '\0';

  return parse_date (date, out_year, out_month, out_day) && *out_day != 0;
}

/* An age as a number ("35", "35.5", "35岁", "35 周岁"), from a birth date, or
 * from the birth date in a resident ID number; -1 if none can be read or it
 * is out of range. A birth month without a day counts from its first day. */
static int
read_age (const Context *ctx,
          const char    *s)
{
  guint run = digit_run (s);
  int year, month, day;
  int age;

  if (run >= 1 && run <= 3)
    {
      const char *p = s + run;

      if (*p == '.' && g_ascii_isdigit (p[1]))
        p += 1 + digit_run (p + 1);
      while (*p == ' ')
        p++;
      if (*p == '\0' || strcmp (p, "岁") == 0 || strcmp (p, "周岁") == 0)
        {
          age = digits_value (s, run);
          return age <= CD_DEIDENT_MAX_AGE ? age : -1;
        }
    }

  if (!parse_resident_id_birth (s, &year, &month, &day) &&
      !parse_date (s, &year, &month, &day))
    return -1;

  if (day == 0)
    day = 1;
  age = ctx->ref_year - year;
  if (ctx->ref_month < month || (ctx->ref_month == month && ctx->ref_day < day))
    age--;
  if (age < 0 || age > CD_DEIDENT_MAX_AGE)
    return -1;
  return age;
}

/* -- the rules ------------------------------------------------------------------ */

static gboolean
age_band (const Context       *ctx,
          const CdDeidentRule *rule,
          const char          *value,
          GString             *out)
{
  char buf[MAX_PARSE_BYTES];
  guint lower, upper;
  int age;

  if (!normalize_short (value, buf))
    return FALSE;
  age = read_age (ctx, buf);
  if (age < 0)
    return FALSE;

  if (rule->top_age != 0 && (guint) age >= rule->top_age)
    {
      g_string_append_printf (out, "%u+", rule->top_age);
      return TRUE;
    }

  lower = (guint) age / rule->band_width * rule->band_width;
  upper = lower + rule->band_width - 1;
  if (rule->top_age != 0 && upper >= rule->top_age)
    upper = rule->top_age - 1;
  if (upper == lower)
    g_string_append_printf (out, "%u", lower);
  else
    g_string_append_printf (out, "%u-%u", lower, upper);
  return TRUE;
}

static gboolean
date_to_month (const char *value,
               GString    *out)
{
  char buf[MAX_PARSE_BYTES];
  int year, month, day;

  if (!normalize_short (value, buf) || !parse_date (buf, &year, &month, &day))
    return FALSE;
  g_string_append_printf (out, "%04d-%02d", year, month);
  return TRUE;
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return len > 0;
}

/* The first digits of an administrative code, the region (at most the six
 * digits) of a resident ID number, or the first characters of an address. */
static void
region_prefix (const CdDeidentRule *rule,
               const char          *value,
               GString             *out)
{
  g_autofree char *normalized = NULL;
  g_autofree char *digits = NULL;
  const char *text;
  gsize len;
  guint n = rule->prefix_length;

  text = trim (value, &len);
  if (len == 0)
    return;

  /* The common case, a code in ASCII digits, without allocating. */
  if (all_digits (text, len) ||
      (len == 18 && all_digits (text, 17) && (text[17] == 'X' || text[17] == 'x')))
    {
      if (len == 15 || len == 18)
        n = MIN (n, 6);
      g_string_append_len (out, text, MIN (n, len));
      return;
    }

  if (cd_ident_looks_like_resident_id (value))
    {
      digits = cd_ident_digits_only (value);
      g_string_append_len (out, digits, MIN (MIN (n, 6), strlen (digits)));
      return;
    }

  normalized = g_utf8_normalize (text, len, G_NORMALIZE_NFKC);
  if (normalized != NULL && all_digits (normalized, strlen (normalized)))
    {
      g_string_append_len (out, normalized, MIN (n, strlen (normalized)));
      return;
    }

  g_string_append_len (out, text,
                       g_utf8_offset_to_pointer (text, MIN ((glong) n, g_utf8_strlen (text, len)))
                       - text);
}

/* The first @head and last @tail characters around "***", or "***" alone
 * if that would show the whole value; the stars never tell the length. */
static void
mask_generic (const CdDeidentRule *rule,
              const char          *value,
              GString             *out)
{
  gsize len;
  const char *text = trim (value, &len);
  glong n = g_utf8_strlen (text, len);
  const char *tail;

  if (n == 0)
    return;
  if ((guint64) n <= (guint64) rule->keep_head + rule->keep_tail)
    {
      g_string_append (out, "***");
      return;
    }

  g_string_append_len (out, text, g_utf8_offset_to_pointer (text, rule->keep_head) - text);
  g_string_append (out, "***");
  tail = g_utf8_offset_to_pointer (text, n - rule->keep_tail);
  g_string_append_len (out, tail, text + len - tail);
}

static void
mask (const CdDeidentRule *rule,
      const char          *value,
      GString             *out)
{
  g_autofree char *masked = NULL;
  g_autofree char *copy = NULL;
  gsize len;
  const char *text = trim (value, &len);

  if (len == 0)
    return;
  if (rule->mask_style == CD_DEIDENT_MASK_GENERIC)
    {
      mask_generic (rule, value, out);
      return;
    }

  copy = g_strndup (text, len);
  switch (rule->mask_style)
    {
    case CD_DEIDENT_MASK_NAME:
      masked = cd_mask_name (copy);
      break;
    case CD_DEIDENT_MASK_PHONE:
      masked = cd_mask_phone (copy);
      break;
    case CD_DEIDENT_MASK_ID_NUMBER:
      masked = cd_mask_id_number (copy);
      break;
    case CD_DEIDENT_MASK_USCC:
      masked = cd_mask_uscc (copy);
      break;
    case CD_DEIDENT_MASK_EMAIL:
      masked = cd_mask_email (copy);
      break;
    case CD_DEIDENT_MASK_BANK_CARD:
      masked = cd_mask_bank_card (copy);
      break;
    case CD_DEIDENT_MASK_ADDRESS:
      masked = cd_mask_address (copy);
      break;
    case CD_DEIDENT_MASK_GENERIC:
    default:
      masked = cd_mask_text (copy);
      break;
    }
  g_string_append (out, masked);
}

/* Keyed BLAKE2b of the trimmed value, its first 64 bits in hex. Without
 * the key a pseudonym cannot be recomputed from a guessed value, which an
 * unkeyed hash of an 18-digit ID number would allow in minutes. */
static void
pseudonymize (const Context *ctx,
              const char    *value,
              GString       *out)
{
  crypto_generichash_state state;
  guint8 hash[crypto_generichash_BYTES_MIN];
  char hex[CD_DEIDENT_PSEUDONYM_CHARS + 1];
  gsize len;
  const char *text = trim (value, &len);

  G_STATIC_ASSERT (CD_DEIDENT_PSEUDONYM_CHARS / 2 <= crypto_generichash_BYTES_MIN);

  if (len == 0)
    return;

  crypto_generichash_init (&state, ctx->key, ctx->key_len, sizeof hash);
  crypto_generichash_update (&state, (const guint8 *) PSEUDONYM_DOMAIN,
                             sizeof PSEUDONYM_DOMAIN);
  crypto_generichash_update (&state, (const guint8 *) text, len);
  crypto_generichash_final (&state, hash, sizeof hash);
  sodium_bin2hex (hex, sizeof hex, hash, CD_DEIDENT_PSEUDONYM_CHARS / 2);
  sodium_memzero (&state, sizeof state);
  sodium_memzero (hash, sizeof hash);

  g_string_append (out, hex);
}

/* Writes what @rule makes of @value into @out (emptied first). Returns
 * FALSE, with @out empty, for a non-empty value the rule cannot read. */
static gboolean
transform (const Context       *ctx,
           const CdDeidentRule *rule,
           const char          *value,
           GString             *out)
{
  g_string_truncate (out, 0);

  switch (rule->kind)
    {
    case CD_DEIDENT_KEEP:
      g_string_append (out, value);
      return TRUE;
    case CD_DEIDENT_MASK:
      mask (rule, value, out);
      return TRUE;
    case CD_DEIDENT_GENERALIZE_REGION_PREFIX:
      region_prefix (rule, value, out);
      return TRUE;
    case CD_DEIDENT_PSEUDONYMIZE:
      pseudonymize (ctx, value, out);
      return TRUE;
    case CD_DEIDENT_GENERALIZE_AGE_BAND:
    case CD_DEIDENT_GENERALIZE_DATE_TO_MONTH:
      {
        gsize len;
        gboolean ok;

        trim (value, &len);
        if (len == 0)
          return TRUE;
        ok = rule->kind == CD_DEIDENT_GENERALIZE_AGE_BAND ? age_band (ctx, rule, value, out)
                                                          : date_to_month (value, out);
        if (!ok)
          g_string_truncate (out, 0);
        return ok;
      }
    case CD_DEIDENT_DROP:
    default:
      return TRUE;
    }
}

static void
context_init (Context       *ctx,
              CdDeidentPlan *plan)
{
  ctx->key = plan->key;
  ctx->key_len = plan->key_len;

  if (g_date_valid (&plan->reference))
    {
      ctx->ref_year = g_date_get_year (&plan->reference);
      ctx->ref_month = g_date_get_month (&plan->reference);
      ctx->ref_day = g_date_get_day (&plan->reference);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      ctx->ref_year = g_date_time_get_year (now);
      ctx->ref_month = g_date_time_get_month (now);
      ctx->ref_day = g_date_time_get_day_of_month (now);
    }
}

/**
 * cd_deident_plan_transform:
 * @plan: a plan, for its key and reference date
 * @rule: a rule other than %CD_DEIDENT_DROP
 * @value: a cell
 * @out_unreadable: (out) (optional): set to %TRUE when @value is not empty
 *   but the rule cannot read it (a malformed date, an age out of range)
 * @error: return location for a %CD_DEIDENT_ERROR_NO_KEY or
 *   %CD_DEIDENT_ERROR_INVALID_RULE
 *
 * Applies @rule to one value, as cd_deident_plan_apply() does to each cell
 * of a column. An empty or blank cell stays empty; an unreadable one becomes
 * empty (it is suppressed, never passed through).
 *
 * Returns: (transfer full) (nullable): the value as exported
 */
char *
cd_deident_plan_transform (CdDeidentPlan        *plan,
                           const CdDeidentRule  *rule,
                           const char           *value,
                           gboolean             *out_unreadable,
                           GError              **error)
{
  g_autoptr(GString) out = NULL;
  Context ctx;
  gboolean ok;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (rule->kind != CD_DEIDENT_DROP, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  if (!check_rule (rule, error))
    return NULL;
  if (rule->kind == CD_DEIDENT_PSEUDONYMIZE && !check_key (plan, error))
    return NULL;

  context_init (&ctx, plan);
  out = g_string_new (NULL);
  ok = transform (&ctx, rule, value, out);
  if (out_unreadable != NULL)
    *out_unreadable = !ok;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* -- applying a plan ------------------------------------------------------------ */

static void
column_report_free (gpointer data)
{
  CdDeidentColumnReport *col = data;

  g_free (col->name);
  g_free (col->rule);
  g_free (col);
}

static CdDeidentColumnReport *
column_report_copy (const CdDeidentColumnReport *col)
{
  CdDeidentColumnReport *copy = g_new0 (CdDeidentColumnReport, 1);

  *copy = *col;
  copy->name = g_strdup (col->name);
  copy->rule = g_strdup (col->rule);
  return copy;
}

/* Generalized values repeat (a few dozen age bands and months), so each
 * distinct one is stored once; other values are mostly distinct. */
static gboolean
kind_is_generalizing (CdDeidentRuleKind kind)
{
  return kind == CD_DEIDENT_GENERALIZE_AGE_BAND ||
         kind == CD_DEIDENT_GENERALIZE_REGION_PREFIX ||
         kind == CD_DEIDENT_GENERALIZE_DATE_TO_MONTH;
}

/**
 * cd_deident_plan_apply:
 * @plan: a plan
 * @table: the source table
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #CdDeidentError or %G_IO_ERROR_CANCELLED
 *
 * Applies @plan to every cell of @table, leaving out dropped columns, after
 * checking it with cd_deident_plan_check(). Rows keep their order and their
 * source line numbers.
 *
 * Returns: (transfer full) (nullable): the de-identified table
 */
CdDeidentTable *
cd_deident_plan_apply (CdDeidentPlan  *plan,
                       CdCsvTable     *table,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(CdDeidentTable) out = NULL;
  g_autofree CdDeidentRule *rules = NULL;
  g_autofree guint *source_of = NULL;
  g_autofree guint *unreadable = NULL;
  g_autoptr(GString) cell = NULL;
  const char * const *header;
  guint n_source;
  guint n_out = 0;
  Context ctx;

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rules = resolve_rules (plan, table, error);
  if (rules == NULL)
    return NULL;

  header = cd_csv_table_get_header (table);
  n_source = cd_csv_table_get_n_columns (table);
  source_of = g_new (guint, n_source);
  unreadable = g_new0 (guint, n_source);
  for (guint c = 0; c < n_source; c++)
    if (rules[c].kind != CD_DEIDENT_DROP)
      source_of[n_out++] = c;

  out = g_new0 (CdDeidentTable, 1);
  out->n_columns = n_out;
  out->n_rows = cd_csv_table_get_n_rows (table);
  out->strings = g_string_chunk_new (64 * 1024);
  out->header = g_new0 (char *, n_out + 1);
  out->kinds = g_new (CdDeidentRuleKind, MAX (n_out, 1));
  out->lines = g_new (guint, MAX (out->n_rows, 1));
  out->cells = g_new (const char *, (gsize) out->n_rows * (n_out + 1) + 1);
  out->sources = g_ptr_array_new_with_free_func (column_report_free);

  for (guint o = 0; o < n_out; o++)
    {
      out->header[o] = g_strdup (header[source_of[o]]);
      out->kinds[o] = rules[source_of[o]].kind;
    }

  context_init (&ctx, plan);
  cell = g_string_sized_new (256);
  for (guint r = 0; r < out->n_rows; r++)
    {
      const char * const *row = cd_csv_table_get_row (table, r);
      const char **dest = out->cells + (gsize) r * (n_out + 1);

      if ((r & 0xfff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      out->lines[r] = cd_csv_table_get_row_line (table, r);
      for (guint o = 0; o < n_out; o++)
        {
          guint c = source_of[o];
          const CdDeidentRule *rule = &rules[c];

          if (rule->kind == CD_DEIDENT_KEEP)
            {
              dest[o] = g_string_chunk_insert (out->strings, row[c]);
              continue;
            }
          if (!transform (&ctx, rule, row[c], cell))
            unreadable[c]++;
          if (kind_is_generalizing (rule->kind))
            dest[o] = g_string_chunk_insert_const (out->strings, cell->str);
          else
            dest[o] = g_string_chunk_insert_len (out->strings, cell->str, (gssize) cell->len);
        }
      dest[n_out] = NULL;
    }

  for (guint c = 0; c < n_source; c++)
    {
      CdDeidentColumnReport *col = g_new0 (CdDeidentColumnReport, 1);

      col->name = g_strdup (header[c]);
      col->rule = cd_deident_rule_to_string (&rules[c]);
      col->kind = rules[c].kind;
      col->n_unreadable = unreadable[c];
      g_ptr_array_add (out->sources, col);
    }

  return g_steal_pointer (&out);
}

/**
 * cd_deident_table_free:
 * @table: (nullable): a table
 *
 * Frees @table and every string it handed out.
 */
void
cd_deident_table_free (CdDeidentTable *table)
{
  if (table == NULL)
    return;

  if (table->strings != NULL)
    g_string_chunk_free (table->strings);
  g_strfreev (table->header);
  g_free (table->cells);
  g_free (table->lines);
  g_free (table->kinds);
  if (table->sources != NULL)
    g_ptr_array_unref (table->sources);
  g_free (table);
}

/**
 * cd_deident_table_get_n_columns:
 * @table: a table
 *
 * Returns: the number of columns exported, dropped ones not counted
 */
guint
cd_deident_table_get_n_columns (CdDeidentTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->n_columns;
}

/**
 * cd_deident_table_get_header:
 * @table: a table
 *
 * Returns: (transfer none) (array zero-terminated=1): the column names
 */
const char * const *
cd_deident_table_get_header (CdDeidentTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return (const char * const *) table->header;
}

/**
 * cd_deident_table_get_n_rows:
 * @table: a table
 *
 * Returns: the number of data rows, as in the source
 */
guint
cd_deident_table_get_n_rows (CdDeidentTable *table)
{
  g_return_val_if_fail (table != NULL, 0);

  return table->n_rows;
}

/**
 * cd_deident_table_get_row:
 * @table: a table
 * @row: a 0-based data row index
 *
 * Returns: (transfer none) (array zero-terminated=1): the row's cells as
 *   they would be exported
 */
const char * const *
cd_deident_table_get_row (CdDeidentTable *table,
                          guint           row)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (row < table->n_rows, NULL);

  return (const char * const *) table->cells + (gsize) row * (table->n_columns + 1);
}

/**
 * cd_deident_table_get_row_line:
 * @table: a table
 * @row: a 0-based data row index
 *
 * Returns: the line of the source file on which @row starts
 */
guint
cd_deident_table_get_row_line (CdDeidentTable *table,
                               guint           row)
{
  g_return_val_if_fail (table != NULL, 0);
  g_return_val_if_fail (row < table->n_rows, 0);

  return table->lines[row];
}

/* -- k-anonymity ---------------------------------------------------------------- */

static void
class_free (gpointer data)
{
  CdDeidentClass *cls = data;

  g_strfreev (cls->values);
  g_free (cls->rows);
  g_free (cls->lines);
  g_free (cls);
}

typedef struct
{
  guint count;
  guint first_row;
} ClassCount;

static int
compare_small_classes (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const ClassCount *counts = user_data;
  const ClassCount *ca = &counts[*(const guint *) a];
  const ClassCount *cb = &counts[*(const guint *) b];

  if (ca->count != cb->count)
    return ca->count < cb->count ? -1 : 1;
  return ca->first_row < cb->first_row ? -1 : ca->first_row > cb->first_row ? 1 : 0;
}

/**
 * cd_deident_table_compute_k:
 * @table: a de-identified table
 * @quasi_identifiers: (array zero-terminated=1): its quasi-identifier
 *   columns, at least one
 * @threshold: the k to reach, at least 1
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #CdDeidentError or %G_IO_ERROR_CANCELLED
 *
 * Groups the rows of @table by their values in @quasi_identifiers
 * (equivalence classes) and finds k, the size of the smallest class, and
 * the classes smaller than @threshold with their rows. Values are compared
 * exactly as exported, so an empty (suppressed) value is one value.
 *
 * Returns: (transfer full) (nullable): the result
 */
CdDeidentKAnonymity *
cd_deident_table_compute_k (CdDeidentTable      *table,
                            const char * const  *quasi_identifiers,
                            guint                threshold,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autoptr(CdDeidentKAnonymity) result = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GArray) qi = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) small = NULL;
  g_autoptr(GArray) capacity = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GString) key = NULL;
  g_autoptr(GStrvBuilder) names = NULL;
  g_autofree guint *class_of_row = NULL;
  g_autofree int *slot_of_class = NULL;
  GStringChunk *key_strings = NULL;
  guint budget = CD_DEIDENT_MAX_LISTED_ROWS;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (quasi_identifiers != NULL, NULL);
  g_return_val_if_fail (threshold >= 1, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = header_keys ((const char * const *) table->header, table->n_columns);
  qi = g_array_new (FALSE, FALSE, sizeof (guint));
  names = g_strv_builder_new ();
  for (guint i = 0; quasi_identifiers[i] != NULL; i++)
    {
      guint c;
      gboolean seen = FALSE;

      if (!find_column ((const char * const *) table->header, keys, quasi_identifiers[i],
                        &c, error))
        return NULL;
      for (guint j = 0; j < qi->len && !seen; j++)
        seen = g_array_index (qi, guint, j) == c;
      if (!seen)
        {
          g_array_append_val (qi, c);
          g_strv_builder_add (names, table->header[c]);
        }
    }

  if (qi->len == 0)
    {
      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_PLAN,
                   _("Choose the quasi-identifier columns (such as age, sex, region or "
                     "dates) that k-anonymity is computed over."));
      return NULL;
    }

  result = g_new0 (CdDeidentKAnonymity, 1);
  result->threshold = threshold;
  result->n_rows = table->n_rows;
  result->quasi_identifiers = g_strv_builder_end (names);
  result->small_classes = g_ptr_array_new_with_free_func (class_free);

  /* Pass 1: one lookup per row of the joined values. Keys live in a string
   * chunk, so a new class costs no allocation of its own. */
  index = g_hash_table_new (g_str_hash, g_str_equal);
  counts = g_array_new (FALSE, FALSE, sizeof (ClassCount));
  class_of_row = g_new (guint, MAX (table->n_rows, 1));
  key = g_string_sized_new (256);
  key_strings = g_string_chunk_new (256 * 1024);
  for (guint r = 0; r < table->n_rows; r++)
    {
      const char * const *row = (const char * const *) table->cells +
                                (gsize) r * (table->n_columns + 1);
      gpointer found;

      if ((r & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_string_chunk_free (key_strings);
          return NULL;
        }

      g_string_truncate (key, 0);
      for (guint i = 0; i < qi->len; i++)
        {
          g_string_append (key, row[g_array_index (qi, guint, i)]);
          g_string_append_c (key, KEY_SEPARATOR);
        }

      found = g_hash_table_lookup (index, key->str);
      if (found != NULL)
        {
          guint cls = GPOINTER_TO_UINT (found) - 1;

          g_array_index (counts, ClassCount, cls).count++;
          class_of_row[r] = cls;
        }
      else
        {
          ClassCount cc = { 1, r };

          class_of_row[r] = counts->len;
          g_array_append_val (counts, cc);
          g_hash_table_insert (index,
                               g_string_chunk_insert_len (key_strings, key->str,
                                                          (gssize) key->len),
                               GUINT_TO_POINTER (counts->len));
        }
    }
  g_clear_pointer (&index, g_hash_table_unref);
  g_string_chunk_free (key_strings);

  result->n_classes = counts->len;
  result->k = counts->len > 0 ? G_MAXUINT : 0;
  small = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < counts->len; i++)
    {
      const ClassCount *cc = &g_array_index (counts, ClassCount, i);

      result->k = MIN (result->k, cc->count);
      if (cc->count < threshold)
        {
          g_array_append_val (small, i);
          result->n_small_rows += cc->count;
        }
    }
  result->n_small_classes = small->len;
  if (small->len == 0)
    return g_steal_pointer (&result);

  /* Pass 2: list the rows of the smallest classes, up to the budget. */
  g_array_sort_with_data (small, compare_small_classes, counts->data);

  capacity = g_array_new (FALSE, FALSE, sizeof (guint));
  slot_of_class = g_new (int, counts->len);
  for (guint i = 0; i < counts->len; i++)
    slot_of_class[i] = -1;

  for (guint s = 0; s < small->len && budget > 0; s++)
    {
      guint cls_index = g_array_index (small, guint, s);
      const ClassCount *cc = &g_array_index (counts, ClassCount, cls_index);
      const char * const *first = cd_deident_table_get_row (table, cc->first_row);
      CdDeidentClass *cls = g_new0 (CdDeidentClass, 1);
      guint listed;

      listed = MIN (cc->count, budget);
      budget -= listed;
      g_array_append_val (capacity, listed);
      cls->size = cc->count;
      cls->rows = g_new (guint, listed);
      cls->lines = g_new (guint, listed);
      cls->values = g_new0 (char *, qi->len + 1);
      for (guint i = 0; i < qi->len; i++)
        {
          guint c = g_array_index (qi, guint, i);

          /* A kept value is the raw value: show it masked. */
          cls->values[i] = table->kinds[c] == CD_DEIDENT_KEEP ? cd_mask_text (first[c])
                                                               : g_strdup (first[c]);
        }
      slot_of_class[cls_index] = (int) result->small_classes->len;
      g_ptr_array_add (result->small_classes, cls);
    }
  result->truncated = budget == 0 && result->n_small_rows > CD_DEIDENT_MAX_LISTED_ROWS;

  for (guint r = 0; r < table->n_rows; r++)
    {
      int slot = slot_of_class[class_of_row[r]];
      CdDeidentClass *cls;

      if (slot < 0)
        continue;
      cls = g_ptr_array_index (result->small_classes, slot);
      if (cls->n_listed < g_array_index (capacity, guint, slot))
        {
          cls->rows[cls->n_listed] = r;
          cls->lines[cls->n_listed] = table->lines[r];
          cls->n_listed++;
        }
    }

  return g_steal_pointer (&result);
}

/**
 * cd_deident_k_anonymity_free:
 * @result: (nullable): a result
 *
 * Frees @result.
 */
void
cd_deident_k_anonymity_free (CdDeidentKAnonymity *result)
{
  if (result == NULL)
    return;

  g_strfreev (result->quasi_identifiers);
  if (result->small_classes != NULL)
    g_ptr_array_unref (result->small_classes);
  g_free (result);
}

/* -- where the export goes ------------------------------------------------------ */

typedef struct
{
  char        *canonical;
  gboolean     have_stat;
  struct stat  st;
} Protected;

static void
protected_clear (Protected *p)
{
  g_free (p->canonical);
}

/* Whether @dir (canonical) is @p or lies below it. Directory identity is
 * compared by device and inode on the way up, so a bind mount or a
 * differently spelt path cannot slip past; the canonical spelling is the
 * fallback for a source folder that is not reachable now. */
static gboolean
is_inside (const char      *dir,
           const Protected *p)
{
  g_autofree char *cur = g_strdup (dir);

  if (p->have_stat)
    {
      for (;;)
        {
          struct stat st;
          char *parent;

          if (stat (cur, &st) == 0 && st.st_dev == p->st.st_dev && st.st_ino == p->st.st_ino)
            return TRUE;
          parent = g_path_get_dirname (cur);
          if (strcmp (parent, cur) == 0)
            {
              g_free (parent);
              break;
            }
          g_free (cur);
          cur = parent;
        }
    }

  if (strcmp (dir, p->canonical) == 0 || strcmp (p->canonical, "/") == 0)
    return TRUE;
  return g_str_has_prefix (dir, p->canonical) && dir[strlen (p->canonical)] == G_DIR_SEPARATOR;
}

static char *
canonicalize (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return g_canonicalize_filename (path, NULL);
  copy = g_strdup (real);
  free (real);
  return copy;
}

/* Checks @out_path and returns it canonical: its folder resolved (symbolic
 * links, "..") with the file name appended. */
static char *
resolve_output_path (const char          *out_path,
                     const char * const  *protected_dirs,
                     CdDeidentExportFlags flags,
                     GError             **error)
{
  g_autofree char *display = NULL;
  g_autofree char *base = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *canonical = NULL;
  struct stat st;
  char *real;
  int saved;

  display = g_filename_display_name (out_path);
  base = g_path_get_basename (out_path);
  if (*out_path == '\0' || g_str_has_suffix (out_path, G_DIR_SEPARATOR_S) ||
      strcmp (base, ".") == 0 || strcmp (base, "..") == 0 ||
      strcmp (base, G_DIR_SEPARATOR_S) == 0)
    {
      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                   _("“%s” is not a file name. Give the name of the file to create."),
                   display);
      return NULL;
    }

  dir = g_path_get_dirname (out_path);
  real = realpath (dir, NULL);
  saved = errno;
  if (real != NULL && (stat (real, &st) != 0 || !S_ISDIR (st.st_mode)))
    {
      saved = ENOTDIR;
      g_clear_pointer (&real, free);
    }
  if (real == NULL)
    {
      g_autofree char *dir_display = g_filename_display_name (dir);

      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                   _("Cannot export to the folder “%s”: %s"), dir_display, g_strerror (saved));
      return NULL;
    }
  real_dir = g_strdup (real);
  free (real);
  canonical = g_build_filename (real_dir, base, NULL);

  for (guint i = 0; protected_dirs != NULL && protected_dirs[i] != NULL; i++)
    {
      Protected p = { 0 };
      gboolean is_file;
      gboolean inside;

      p.canonical = canonicalize (protected_dirs[i]);
      p.have_stat = stat (p.canonical, &p.st) == 0;
      /* A source given as a single file protects that file. */
      is_file = p.have_stat && !S_ISDIR (p.st.st_mode);
      inside = is_file ? strcmp (canonical, p.canonical) == 0 ||
                         (stat (canonical, &st) == 0 && st.st_dev == p.st.st_dev &&
                          st.st_ino == p.st.st_ino)
                       : is_inside (real_dir, &p);
      if (inside)
        {
          g_autofree char *source = g_filename_display_name (protected_dirs[i]);

          protected_clear (&p);
          if (is_file)
            g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_PROTECTED_PATH,
                         _("“%s” is a source file. Exporting over it would mix outputs "
                           "with the evidence; choose another name."),
                         display);
          else
            g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_PROTECTED_PATH,
                         /* Translators: the first %s is the output file, the second
                          * a folder that was scanned */
                         _("“%s” is inside the source folder “%s”. Exporting there would "
                           "mix outputs with the evidence; choose another folder."),
                         display, source);
          return NULL;
        }
      protected_clear (&p);
    }

  if (lstat (canonical, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_EXISTS,
                       _("“%s” is a folder. Give the name of the file to create."), display);
          return NULL;
        }
      if (!(flags & CD_DEIDENT_EXPORT_OVERWRITE))
        {
          g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_EXISTS,
                       _("“%s” already exists. Choose another name, or allow replacing it."),
                       display);
          return NULL;
        }
    }

  return g_steal_pointer (&canonical);
}

/**
 * cd_deident_check_output_path:
 * @out_path: (type filename): the file an export would create
 * @protected_dirs: (array zero-terminated=1) (nullable): source folders
 *   (or files) the export must stay out of, such as the scanned folders
 * @flags: %CD_DEIDENT_EXPORT_OVERWRITE to allow replacing a file
 * @error: return location for a #CdDeidentError
 *
 * Checks, before any work is done, what cd_deident_export() checks about
 * its output: the folder exists, it is not inside a protected folder (after
 * resolving symbolic links and "..", and comparing folders by identity), and
 * the file does not exist unless @flags allow replacing it.
 *
 * Returns: %TRUE if an export may be written to @out_path
 */
gboolean
cd_deident_check_output_path (const char           *out_path,
                              const char * const   *protected_dirs,
                              CdDeidentExportFlags  flags,
                              GError              **error)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (out_path != NULL, FALSE);

  canonical = resolve_output_path (out_path, protected_dirs, flags, error);
  return canonical != NULL;
}

/* -- writing -------------------------------------------------------------------- */

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           int         *out_errno)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *out_errno = errno;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
flush (int         fd,
       GString    *buf,
       CdSha256   *checksum,
       const char *display,
       GError    **error)
{
  int saved = 0;

  if (!write_all (fd, buf->str, buf->len, &saved))
    {
      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  cd_sha256_update (checksum, buf->str, buf->len);
  g_string_truncate (buf, 0);
  return TRUE;
}

/* The whole file, through a buffer: BOM, header, rows, CRLF line ends,
 * formula-like cells defused (they are meant for spreadsheets). */
static gboolean
write_table (int              fd,
             CdDeidentTable  *table,
             CdSha256        *checksum,
             const char      *display,
             GCancellable    *cancellable,
             GError         **error)
{
  g_autoptr(GString) buf = g_string_sized_new (WRITE_CHUNK + 64 * 1024);

  g_string_append (buf, UTF8_BOM);
  cd_csv_append_row (buf, (const char * const *) table->header, TRUE);
  for (guint r = 0; r < table->n_rows; r++)
    {
      if ((r & 0xfff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      cd_csv_append_row (buf, cd_deident_table_get_row (table, r), TRUE);
      if (buf->len >= WRITE_CHUNK && !flush (fd, buf, checksum, display, error))
        return FALSE;
    }
  return flush (fd, buf, checksum, display, error);
}

/* Moves the finished temporary file to @path. Without OVERWRITE a file that
 * appeared meanwhile is never replaced: link() fails if the name exists;
 * FAT-formatted USB sticks have no hard links, hence RENAME_NOREPLACE. */
static gboolean
move_into_place (const char  *tmp_path,
                 const char  *path,
                 gboolean     overwrite,
                 const char  *display,
                 GError     **error)
{
  int saved;

  if (overwrite)
    {
      if (g_rename (tmp_path, path) == 0)
        return TRUE;
      saved = errno;
    }
  else if (link (tmp_path, path) == 0)
    {
      g_unlink (tmp_path);
      return TRUE;
    }
  else
    {
      saved = errno;
      if (saved == EPERM || saved == ENOTSUP || saved == ENOSYS)
        {
          if (renameat2 (AT_FDCWD, tmp_path, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
            return TRUE;
          saved = errno;
        }
    }

  if (saved == EEXIST)
    g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_EXISTS,
                 _("“%s” already exists. Choose another name, or allow replacing it."),
                 display);
  else
    g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                 _("Could not write “%s”: %s"), display, g_strerror (saved));
  return FALSE;
}

/* Writes @table to a temporary file beside @path (readable by the owner
 * only: it holds personal data, even if de-identified) and moves it into
 * place once it is complete and on disk. On any failure the temporary file
 * is removed, so nothing half-written is left. */
static gboolean
write_atomically (CdDeidentTable  *table,
                  const char      *path,
                  gboolean         overwrite,
                  GCancellable    *cancellable,
                  char           **out_sha256,
                  GError         **error)
{
  g_autoptr(CdSha256) checksum = cd_sha256_new ();
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp_path = g_build_filename (dir, ".closure-desk-export-XXXXXX", NULL);
  gboolean ok;
  int fd;
  int saved;

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  saved = errno;
  if (fd < 0)
    {
      g_autofree char *dir_display = g_filename_display_name (dir);

      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                   _("Cannot create a file in the folder “%s”: %s"),
                   dir_display, g_strerror (saved));
      return FALSE;
    }

  ok = write_table (fd, table, checksum, display, cancellable, error);
  if (ok && fsync (fd) != 0)
    {
      saved = errno;
      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }
  if (close (fd) != 0 && ok)
    {
      saved = errno;
      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED,
                   _("Could not write “%s”: %s"), display, g_strerror (saved));
      ok = FALSE;
    }

  if (ok)
    ok = move_into_place (tmp_path, path, overwrite, display, error);
  if (!ok)
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  cd_fs_sync_dir (dir);
  *out_sha256 = g_malloc (CD_SHA256_HEX_LENGTH + 1);
  cd_sha256_finish_hex (checksum, *out_sha256);
  return TRUE;
}

/* -- the export ----------------------------------------------------------------- */

/* The refusal, naming the first offending rows by line and generalized
 * values only. */
static void
set_below_threshold (GError              **error,
                     CdDeidentKAnonymity  *kres)
{
  g_autoptr(GString) rows = g_string_new (NULL);
  guint quoted = 0;

  for (guint i = 0; i < kres->small_classes->len && quoted < MAX_QUOTED_ROWS; i++)
    {
      CdDeidentClass *cls = g_ptr_array_index (kres->small_classes, i);
      g_autofree char *values = g_strjoinv (" / ", cls->values);

      for (guint j = 0; j < cls->n_listed && quoted < MAX_QUOTED_ROWS; j++, quoted++)
        {
          if (rows->len > 0)
            g_string_append (rows, "; ");
          /* Translators: a row quoted in an error; %u is a line number of the
           * source file, %s its generalized values such as “30-39 / 男 / 4401” */
          g_string_append_printf (rows, _("line %u (%s)"), cls->lines[j], values);
        }
    }
  if (kres->n_small_rows > quoted)
    g_string_append (rows, "; …");

  if (kres->n_rows == 0)
    g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_BELOW_THRESHOLD,
                 _("The table has no rows, so it cannot be labelled anonymized."));
  else
    g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_BELOW_THRESHOLD,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The export cannot be labelled anonymized: k is %u, below the "
                              "required %u. %u row is in a group smaller than %u: %s. "
                              "Generalize the quasi-identifiers further, or export it as "
                              "de-identified.",
                              "The export cannot be labelled anonymized: k is %u, below the "
                              "required %u. %u rows are in groups smaller than %u: %s. "
                              "Generalize the quasi-identifiers further, or export it as "
                              "de-identified.",
                              kres->n_small_rows),
                 kres->k, kres->threshold, kres->n_small_rows, kres->threshold, rows->str);
}

/**
 * cd_deident_export:
 * @table: the source table
 * @plan: the rules, quasi-identifiers and threshold
 * @out_path: (type filename): the CSV file to create
 * @label_requested: %CD_DEIDENT_LABEL_ANONYMIZED to require k >= the threshold
 * @protected_dirs: (array zero-terminated=1) (nullable): source folders the
 *   output must stay out of (it would mix outputs with the evidence)
 * @flags: %CD_DEIDENT_EXPORT_OVERWRITE to replace an existing file;
 *   %CD_DEIDENT_EXPORT_FALLBACK to export as de-identified when k is below
 *   the threshold instead of failing
 * @cancellable: (nullable): a #GCancellable
 * @out_report: (out) (optional): what was exported, for the audit log
 * @error: return location for a #CdDeidentError, %G_IO_ERROR_CANCELLED or a
 *   #CdCryptoError
 *
 * Applies @plan to @table and writes the result as CSV (UTF-8 with BOM, the
 * header as first row, CRLF). When the plan names quasi-identifiers, k is
 * computed over them; the anonymized label needs at least one and k of at
 * least the threshold, otherwise the export is refused with the first rows
 * that break it (line numbers and generalized values only). The file appears
 * complete or not at all.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
cd_deident_export (CdCsvTable           *table,
                   CdDeidentPlan        *plan,
                   const char           *out_path,
                   CdDeidentLabel        label_requested,
                   const char * const   *protected_dirs,
                   CdDeidentExportFlags  flags,
                   GCancellable         *cancellable,
                   CdDeidentReport     **out_report,
                   GError              **error)
{
  g_autoptr(CdDeidentTable) out = NULL;
  g_autoptr(CdDeidentKAnonymity) kres = NULL;
  g_autoptr(CdDeidentReport) report = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *sha256 = NULL;
  CdDeidentLabel label = label_requested;
  gboolean have_qi;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);
  g_return_val_if_fail (label_requested == CD_DEIDENT_LABEL_DEIDENTIFIED ||
                        label_requested == CD_DEIDENT_LABEL_ANONYMIZED, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The cheap checks first, so a wrong folder costs no wait. */
  canonical = resolve_output_path (out_path, protected_dirs, flags, error);
  if (canonical == NULL || !cd_deident_plan_check (plan, table, error))
    return FALSE;

  have_qi = plan->quasi_identifiers->len > 0;
  if (label_requested == CD_DEIDENT_LABEL_ANONYMIZED && !have_qi)
    {
      g_set_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_PLAN,
                   _("An anonymized export needs k-anonymity: choose the quasi-identifier "
                     "columns (such as age, sex, region or dates) first."));
      return FALSE;
    }

  out = cd_deident_plan_apply (plan, table, cancellable, error);
  if (out == NULL)
    return FALSE;

  if (have_qi)
    {
      kres = cd_deident_table_compute_k (out, cd_deident_plan_get_quasi_identifiers (plan),
                                         plan->threshold, cancellable, error);
      if (kres == NULL)
        return FALSE;
    }

  if (label_requested == CD_DEIDENT_LABEL_ANONYMIZED && kres->k < plan->threshold)
    {
      if (!(flags & CD_DEIDENT_EXPORT_FALLBACK))
        {
          set_below_threshold (error, kres);
          return FALSE;
        }
      label = CD_DEIDENT_LABEL_DEIDENTIFIED;
    }

  if (!write_atomically (out, canonical, (flags & CD_DEIDENT_EXPORT_OVERWRITE) != 0,
                         cancellable, &sha256, error))
    return FALSE;

  if (out_report == NULL)
    return TRUE;

  report = g_new0 (CdDeidentReport, 1);
  report->label = label;
  report->label_requested = label_requested;
  report->threshold = plan->threshold;
  report->k = kres != NULL ? kres->k : 0;
  report->n_small_classes = kres != NULL ? kres->n_small_classes : 0;
  report->n_small_rows = kres != NULL ? kres->n_small_rows : 0;
  report->n_rows = out->n_rows;
  report->n_columns_written = out->n_columns;
  report->n_columns_dropped = out->sources->len - out->n_columns;
  report->path = g_steal_pointer (&canonical);
  report->sha256 = g_steal_pointer (&sha256);
  report->columns = g_ptr_array_new_with_free_func (column_report_free);
  for (guint c = 0; c < out->sources->len; c++)
    {
      CdDeidentColumnReport *col = column_report_copy (g_ptr_array_index (out->sources, c));
      g_autofree char *key = column_key (col->name);

      for (guint i = 0; i < plan->quasi_identifiers->len && !col->quasi_identifier; i++)
        {
          g_autofree char *other = column_key (g_ptr_array_index (plan->quasi_identifiers, i));

          col->quasi_identifier = strcmp (key, other) == 0;
        }
      g_ptr_array_add (report->columns, col);
    }

  *out_report = g_steal_pointer (&report);
  return TRUE;
}

/**
 * cd_deident_report_free:
 * @report: (nullable): a report
 *
 * Frees @report.
 */
void
cd_deident_report_free (CdDeidentReport *report)
{
  if (report == NULL)
    return;

  if (report->columns != NULL)
    g_ptr_array_unref (report->columns);
  g_free (report->path);
  g_free (report->sha256);
  g_free (report);
}

/**
 * cd_deident_report_to_json:
 * @report: a report
 *
 * Writes @report as the JSON object of an audit entry's details: label,
 * k, counts, file and hash, and each column with its rule. It holds no cell
 * value. "k" is absent when no quasi-identifier was chosen.
 *
 * Returns: (transfer full): compact JSON
 */
char *
cd_deident_report_to_json (const CdDeidentReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean have_qi = FALSE;

  g_return_val_if_fail (report != NULL, NULL);

  for (guint c = 0; c < report->columns->len && !have_qi; c++)
    have_qi = ((CdDeidentColumnReport *) g_ptr_array_index (report->columns, c))->quasi_identifier;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, cd_deident_label_to_string (report->label));
  json_builder_set_member_name (builder, "label_requested");
  json_builder_add_string_value (builder, cd_deident_label_to_string (report->label_requested));
  if (have_qi)
    {
      json_builder_set_member_name (builder, "k");
      json_builder_add_int_value (builder, report->k);
    }
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_int_value (builder, report->threshold);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, report->n_rows);
  json_builder_set_member_name (builder, "columns_written");
  json_builder_add_int_value (builder, report->n_columns_written);
  json_builder_set_member_name (builder, "columns_dropped");
  json_builder_add_int_value (builder, report->n_columns_dropped);
  json_builder_set_member_name (builder, "small_classes");
  json_builder_add_int_value (builder, report->n_small_classes);
  json_builder_set_member_name (builder, "small_rows");
  json_builder_add_int_value (builder, report->n_small_rows);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, report->path);
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, report->sha256);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint c = 0; c < report->columns->len; c++)
    {
      CdDeidentColumnReport *col = g_ptr_array_index (report->columns, c);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, col->name);
      json_builder_set_member_name (builder, "rule");
      json_builder_add_string_value (builder, col->rule);
      json_builder_set_member_name (builder, "quasi_identifier");
      json_builder_add_boolean_value (builder, col->quasi_identifier);
      json_builder_set_member_name (builder, "unreadable");
      json_builder_add_int_value (builder, col->n_unreadable);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
