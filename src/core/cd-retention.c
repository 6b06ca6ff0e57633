/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention rules as data, and the retain-until date they give.
 *
 * Every period is a default with its legal source that the consultant may
 * override with a reason; the rules are data so that a firm can adjust them
 * without a new release. The shipped file is data/retention-rules.json; it is
 * installed to PKGDATADIR and also compiled into the library
 * (cd-retention-builtin.h, made by build-aux/embed-file.py), so an uninstalled
 * build has it too.
 *
 * The file (format version 1) is UTF-8 JSON of at most 1 MiB:
 *
 *   { "version": 1,
 *     "comment": "…",                               (optional)
 *     "rules": [ RULE, … ] }                        (1 to 1000 rules)
 *
 *   RULE = { "id": "tax-records-10y",               (a-z 0-9 - _ ., at most 64, unique)
 *            "label": "English label",
 *            "legal_basis": "citation" or { "zh": "citation", "en": "English" },
 *            "period": { "years": N, "months": N, "days": N }   (each optional, N ≥ 0)
 *                      or { "permanent": true },
 *            "start": "dissolution" | "record_date" | "fiscal_year_end"
 *                     | "termination" | "transaction",
 *            "applies_to": { "record_types": [ "transaction", … ],   (CdRecordType ids)
 *                            "record_classes": [ "invoice", … ] },   (free ids, as "id")
 *            "confidence": "checked" | "secondary" | "unconfirmed",  (optional)
 *            "note": "…" }                                            (optional)
 *
 * Strings are at most 1000 characters without control characters (the note may
 * hold line breaks). An unknown field is an error rather than ignored, so a
 * misspelt optional field is not silently dropped; a format with new fields
 * gets a new version number, and a file newer than this code reads is refused.
 * Record classes are finer kinds of record than the five record types
 * ("accounting-voucher", "case-file"); they are not the sensitivity categories
 * of the tagging pane.
 *
 * Dates. A period of N years or months counted from an event on day X ends on
 * the corresponding day N years or months later: the day of the event is not
 * counted and the period ends on the day with the same number in the final
 * month, or on that month's last day when it has no such day (Civil Code
 * Arts. 201 and 202). So 2024-02-29 + 1 year is 2025-02-28 and 2024-01-31 +
 * 1 month is 2024-02-29. Days are added after years and months. The record
 * must be kept to the end (24:00) of the retain-until date and may be
 * destroyed from the next day on; when that period has ended, PIPL Art. 47
 * requires deletion, and until then only storage and security measures
 * (Art. 47 ¶2). The postponement of a last day that falls on a public holiday
 * (Art. 203) is not applied: the app has no holiday calendar. */

#include "config.h"

#define G_LOG_DOMAIN "cd-retention"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-retention.h"
#include "cd-retention-builtin.h"
#include "cd-retention-labels.h"

#define MAX_ID_CHARS      64
#define MAX_CLASSES       64

G_DEFINE_QUARK (cd_retention_error_quark, cd_retention_error)

/* -- enums ------------------------------------------------------------------- */

static const struct
{
  const char *id;
  const char *label;
} starts[CD_RETENTION_N_STARTS] = {
  [CD_RETENTION_START_DISSOLUTION] = { "dissolution", N_("Deregistration date") },
  [CD_RETENTION_START_RECORD_DATE] = { "record_date", N_("Date of the record") },
  [CD_RETENTION_START_FISCAL_YEAR_END] = { "fiscal_year_end", N_("End of the fiscal year") },
  [CD_RETENTION_START_TERMINATION] = { "termination", N_("End of the relationship or contract") },
  [CD_RETENTION_START_TRANSACTION] = { "transaction", N_("Date of the transaction") },
};

static const struct
{
  const char *id;
  const char *label;
} confidences[] = {
  [CD_RETENTION_CONFIDENCE_CHECKED] = { "checked", N_("Checked against the text of the law") },
  [CD_RETENTION_CONFIDENCE_SECONDARY] = { "secondary",
                                          N_("Checked against a secondary copy only") },
  [CD_RETENTION_CONFIDENCE_UNCONFIRMED] = { "unconfirmed", N_("Not confirmed") },
};

/**
 * cd_retention_start_to_id:
 *
 * Returns: the id of @start as written in the rules file ("fiscal_year_end")
 */
const char *
cd_retention_start_to_id (CdRetentionStart start)
{
  g_return_val_if_fail ((guint) start < CD_RETENTION_N_STARTS, NULL);

  return starts[start].id;
}

/**
 * cd_retention_start_get_label:
 *
 * Returns: the translated name of the event @start counts from
 */
const char *
cd_retention_start_get_label (CdRetentionStart start)
{
  g_return_val_if_fail ((guint) start < CD_RETENTION_N_STARTS, NULL);

  return _(starts[start].label);
}

/**
 * cd_retention_start_from_id:
 * @id: an id such as "termination"
 * @out_start: (out) (optional): the start kind
 *
 * Returns: %TRUE if @id is one of the five start kinds (exact spelling)
 */
gboolean
cd_retention_start_from_id (const char       *id,
                            CdRetentionStart *out_start)
{
  if (id == NULL)
    return FALSE;

  for (guint i = 0; i < CD_RETENTION_N_STARTS; i++)
    if (strcmp (id, starts[i].id) == 0)
      {
        if (out_start != NULL)
          *out_start = (CdRetentionStart) i;
        return TRUE;
      }

  return FALSE;
}

const char *
cd_retention_confidence_to_id (CdRetentionConfidence confidence)
{
  g_return_val_if_fail ((guint) confidence < G_N_ELEMENTS (confidences), NULL);

  return confidences[confidence].id;
}

const char *
cd_retention_confidence_get_label (CdRetentionConfidence confidence)
{
  g_return_val_if_fail ((guint) confidence < G_N_ELEMENTS (confidences), NULL);

  return _(confidences[confidence].label);
}

/* -- dates ------------------------------------------------------------------- */

/**
 * cd_retention_dates_init:
 * @dates: (out caller-allocates): dates to clear
 *
 * Marks every date of @dates as unknown.
 */
void
cd_retention_dates_init (CdRetentionDates *dates)
{
  g_return_if_fail (dates != NULL);

  g_date_clear (&dates->dissolution, 1);
  g_date_clear (&dates->record_date, 1);
  g_date_clear (&dates->termination, 1);
  g_date_clear (&dates->transaction, 1);
}

/**
 * cd_retention_date_parse:
 * @iso_date: (nullable): a date as YYYY-MM-DD
 * @out_date: (out caller-allocates): the date, cleared when @iso_date is not one
 *
 * Returns: %TRUE if @iso_date is a real date from 1900 to 9999 (as
 *   cd_date_is_valid() accepts)
 */
gboolean
cd_retention_date_parse (const char *iso_date,
                         GDate      *out_date)
{
  g_return_val_if_fail (out_date != NULL, FALSE);

  g_date_clear (out_date, 1);
  if (!cd_date_is_valid (iso_date))
    return FALSE;

  g_date_set_dmy (out_date,
                  (GDateDay) g_ascii_strtoull (iso_date + 8, NULL, 10),
                  (GDateMonth) g_ascii_strtoull (iso_date + 5, NULL, 10),
                  (GDateYear) g_ascii_strtoull (iso_date, NULL, 10));
  return TRUE;
}

/**
 * cd_retention_date_format:
 * @date: (nullable): a date
 *
 * Returns: (transfer full) (nullable): @date as YYYY-MM-DD, or %NULL when it
 *   is unset
 */
char *
cd_retention_date_format (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

/**
 * cd_retention_date_add:
 * @start: the day of the event (not counted)
 * @years: years, at most %CD_RETENTION_MAX_YEARS
 * @months: months, at most %CD_RETENTION_MAX_MONTHS
 * @days: days, at most %CD_RETENTION_MAX_DAYS
 * @out_date: (out caller-allocates): the last day of the period
 *
 * The last day of a period counted from @start on the civil calendar: years
 * and months land on the same day of the month, or on the last day of a
 * shorter month (2024-02-29 + 1 year = 2025-02-28, 2023-01-31 + 1 month =
 * 2023-02-28); then @days are added. See the top of this file for why.
 * @start must lie in the years 1 to 9999.
 */
void
cd_retention_date_add (const GDate *start,
                       guint        years,
                       guint        months,
                       guint        days,
                       GDate       *out_date)
{
  guint64 month_index;
  guint year;
  guint month;
  guint day;

  g_return_if_fail (out_date != NULL);
  g_date_clear (out_date, 1);
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (g_date_get_year (start) <= 9999);
  g_return_if_fail (years <= CD_RETENTION_MAX_YEARS && months <= CD_RETENTION_MAX_MONTHS &&
                    days <= CD_RETENTION_MAX_DAYS);

  month_index = (guint64) g_date_get_year (start) * 12 + (g_date_get_month (start) - 1) +
                (guint64) years * 12 + months;
  year = (guint) (month_index / 12);
  month = (guint) (month_index % 12) + 1;
  day = MIN ((guint) g_date_get_day (start),
             (guint) g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year));

  g_date_set_dmy (out_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  if (days > 0)
    g_date_add_days (out_date, days);
}

/* -- CdRetentionRule ----------------------------------------------------------- */

struct _CdRetentionRule
{
  GObject                parent_instance;

  char                  *id;
  char                  *label;          /* English, as in the file */
  char                  *legal_basis;    /* the citation, usually Chinese */
  char                  *legal_basis_en; /* NULL when the file gives none */
  char                  *note;           /* English, as in the file; never NULL */
  char                 **record_classes;
  guint                  record_types;   /* bit (1 << CdRecordType) */
  guint                  years;
  guint                  months;
  guint                  days;
  gboolean               permanent;
  CdRetentionStart       start;
  CdRetentionConfidence  confidence;
};

G_DEFINE_FINAL_TYPE (CdRetentionRule, cd_retention_rule, G_TYPE_OBJECT)

enum
{
  RULE_PROP_0,
  RULE_PROP_ID,
  RULE_PROP_LABEL,
  RULE_PROP_LEGAL_BASIS,
  RULE_PROP_PERIOD_LABEL,
  RULE_PROP_START_LABEL,
  RULE_PROP_NOTE,
  N_RULE_PROPS
};

static GParamSpec *rule_properties[N_RULE_PROPS];

static void
cd_retention_rule_finalize (GObject *object)
{
  CdRetentionRule *self = CD_RETENTION_RULE (object);

  g_free (self->id);
  g_free (self->label);
  g_free (self->legal_basis);
  g_free (self->legal_basis_en);
  g_free (self->note);
  g_strfreev (self->record_classes);

  G_OBJECT_CLASS (cd_retention_rule_parent_class)->finalize (object);
}

static void
cd_retention_rule_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdRetentionRule *self = CD_RETENTION_RULE (object);

  switch (prop_id)
    {
    case RULE_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case RULE_PROP_LABEL:
      g_value_set_string (value, cd_retention_rule_get_label (self));
      break;
    case RULE_PROP_LEGAL_BASIS:
      g_value_set_string (value, self->legal_basis);
      break;
    case RULE_PROP_PERIOD_LABEL:
      g_value_take_string (value, cd_retention_rule_format_period (self));
      break;
    case RULE_PROP_START_LABEL:
      g_value_set_string (value, cd_retention_start_get_label (self->start));
      break;
    case RULE_PROP_NOTE:
      g_value_set_string (value, cd_retention_rule_get_note (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_retention_rule_class_init (CdRetentionRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cd_retention_rule_finalize;
  object_class->get_property = cd_retention_rule_get_property;

  rule_properties[RULE_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  rule_properties[RULE_PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  rule_properties[RULE_PROP_LEGAL_BASIS] =
    g_param_spec_string ("legal-basis", NULL, NULL, NULL, flags);
  rule_properties[RULE_PROP_PERIOD_LABEL] =
    g_param_spec_string ("period-label", NULL, NULL, NULL, flags);
  rule_properties[RULE_PROP_START_LABEL] =
    g_param_spec_string ("start-label", NULL, NULL, NULL, flags);
  rule_properties[RULE_PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_RULE_PROPS, rule_properties);
}

static void
cd_retention_rule_init (CdRetentionRule *self)
{
}

const char *
cd_retention_rule_get_id (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  return self->id;
}

/**
 * cd_retention_rule_get_label:
 *
 * Returns: the label, translated when it is the label the rule was shipped
 *   with, else as the file gives it
 */
const char *
cd_retention_rule_get_label (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  return cd_retention_labels_translate_label (self->id, self->label);
}

/**
 * cd_retention_rule_get_legal_basis:
 *
 * Returns: the citation as the file gives it, usually in Chinese
 *   ("税收征收管理法实施细则 第二十九条"); this is what reports quote
 */
const char *
cd_retention_rule_get_legal_basis (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  return self->legal_basis;
}

/**
 * cd_retention_rule_get_legal_basis_en:
 *
 * Returns: the English rendering of the citation, or the citation itself
 *   when the file gives none
 */
const char *
cd_retention_rule_get_legal_basis_en (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  return self->legal_basis_en != NULL ? self->legal_basis_en : self->legal_basis;
}

gboolean
cd_retention_rule_is_permanent (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), FALSE);

  return self->permanent;
}

/**
 * cd_retention_rule_get_period:
 * @out_years: (out) (optional):
 * @out_months: (out) (optional):
 * @out_days: (out) (optional):
 *
 * The length of the period; all zero for a permanent rule.
 */
void
cd_retention_rule_get_period (CdRetentionRule *self,
                              guint           *out_years,
                              guint           *out_months,
                              guint           *out_days)
{
  g_return_if_fail (CD_IS_RETENTION_RULE (self));

  if (out_years != NULL)
    *out_years = self->years;
  if (out_months != NULL)
    *out_months = self->months;
  if (out_days != NULL)
    *out_days = self->days;
}

/**
 * cd_retention_rule_format_period:
 *
 * Returns: (transfer full): the period in words, "30 years", "6 months",
 *   "1 year, 6 months" or "Permanent", translated
 */
char *
cd_retention_rule_format_period (CdRetentionRule *self)
{
  g_autoptr(GPtrArray) parts = NULL;
  char *joined;

  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  if (self->permanent)
    /* Translators: a retention period with no end */
    return g_strdup (_("Permanent"));

  parts = g_ptr_array_new_with_free_func (g_free);
  if (self->years > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u year", "%u years",
                                                          self->years), self->years));
  if (self->months > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u month", "%u months",
                                                          self->months), self->months));
  if (self->days > 0 || parts->len == 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days",
                                                          self->days), self->days));
  joined = g_strdup (g_ptr_array_index (parts, 0));
  for (guint i = 1; i < parts->len; i++)
    {
      char *longer;

      /* Translators: joins the years, months and days of a retention period,
         as in “1 year, 6 months”; Chinese may drop the separator: “%s%s” */
      longer = g_strdup_printf (C_("retention period", "%s, %s"), joined,
                                (const char *) g_ptr_array_index (parts, i));
      g_free (joined);
      joined = longer;
    }

  return joined;
}

/**
 * cd_retention_rule_format_period_iso:
 *
 * Returns: (transfer full): the period as an ISO 8601 duration ("P30Y",
 *   "P6M", "P1Y6M", "P0D"), or "permanent", for scripts
 */
char *
cd_retention_rule_format_period_iso (CdRetentionRule *self)
{
  GString *out;

  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  if (self->permanent)
    return g_strdup ("permanent");

  out = g_string_new ("P");
  if (self->years > 0)
    g_string_append_printf (out, "%uY", self->years);
  if (self->months > 0)
    g_string_append_printf (out, "%uM", self->months);
  if (self->days > 0 || out->len == 1)
    g_string_append_printf (out, "%uD", self->days);

  return g_string_free (out, FALSE);
}

CdRetentionStart
cd_retention_rule_get_start (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), CD_RETENTION_START_DISSOLUTION);

  return self->start;
}

CdRetentionConfidence
cd_retention_rule_get_confidence (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), CD_RETENTION_CONFIDENCE_UNCONFIRMED);

  return self->confidence;
}

/**
 * cd_retention_rule_get_note:
 *
 * Returns: the note (scope, caveats, how sure the source is), translated when
 *   it is the shipped note; "" when there is none
 */
const char *
cd_retention_rule_get_note (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  return cd_retention_labels_translate_note (self->id, self->note);
}

/**
 * cd_retention_rule_get_record_classes:
 *
 * Returns: (transfer none) (array zero-terminated=1): the record classes the
 *   rule applies to, possibly none
 */
const char * const *
cd_retention_rule_get_record_classes (CdRetentionRule *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), NULL);

  return (const char * const *) self->record_classes;
}

/**
 * cd_retention_rule_applies_to:
 * @record_type: a record type, or %CD_RETENTION_NO_RECORD_TYPE
 * @record_classes: (nullable) (array zero-terminated=1): record classes
 *
 * Returns: %TRUE if the rule lists @record_type or any of @record_classes
 */
gboolean
cd_retention_rule_applies_to (CdRetentionRule    *self,
                              CdRecordType        record_type,
                              const char * const *record_classes)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), FALSE);

  if ((guint) record_type < CD_N_RECORD_TYPES && (self->record_types & (1u << record_type)) != 0)
    return TRUE;

  for (guint i = 0; record_classes != NULL && record_classes[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) self->record_classes, record_classes[i]))
      return TRUE;

  return FALSE;
}

static const GDate *
known (const GDate *date)
{
  return g_date_valid (date) ? date : NULL;
}

/**
 * cd_retention_rule_resolve_start:
 * @dates: the dates known for the record and its case
 * @out_start: (out caller-allocates): the day the period is counted from
 * @out_estimated: (out) (optional): set to %TRUE when the date the rule asks
 *   for is unknown and a later one stands in for it
 *
 * Finds the day the rule's period counts from. "fiscal_year_end" is
 * 31 December of the record's year (the accounting year in China is the
 * calendar year). When the date a rule needs is unknown, a later date stands
 * in, so the estimate errs towards keeping longer, never shorter: a
 * transaction falls back to the record date, and anything to the
 * deregistration date (every relationship ends by then at the latest).
 *
 * Returns: %TRUE if a start day was found, %FALSE if neither the date the
 *   rule needs nor the deregistration date is known
 */
gboolean
cd_retention_rule_resolve_start (CdRetentionRule        *self,
                                 const CdRetentionDates *dates,
                                 GDate                  *out_start,
                                 gboolean               *out_estimated)
{
  const GDate *date = NULL;
  const GDate *preferred = NULL;

  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), FALSE);
  g_return_val_if_fail (dates != NULL, FALSE);
  g_return_val_if_fail (out_start != NULL, FALSE);

  g_date_clear (out_start, 1);
  if (out_estimated != NULL)
    *out_estimated = FALSE;

  switch (self->start)
    {
    case CD_RETENTION_START_DISSOLUTION:
      preferred = known (&dates->dissolution);
      break;
    case CD_RETENTION_START_RECORD_DATE:
      preferred = known (&dates->record_date);
      break;
    case CD_RETENTION_START_FISCAL_YEAR_END:
      preferred = known (&dates->record_date);
      if (preferred == NULL)
        date = known (&dates->transaction);
      break;
    case CD_RETENTION_START_TERMINATION:
      preferred = known (&dates->termination);
      break;
    case CD_RETENTION_START_TRANSACTION:
      preferred = known (&dates->transaction);
      if (preferred == NULL)
        date = known (&dates->record_date);
      break;
    default:
      g_assert_not_reached ();
    }

  if (preferred != NULL)
    date = preferred;
  else if (date == NULL)
    date = known (&dates->dissolution);
  if (date == NULL)
    return FALSE;

  if (out_estimated != NULL)
    *out_estimated = preferred == NULL;

  if (self->start == CD_RETENTION_START_FISCAL_YEAR_END)
    g_date_set_dmy (out_start, 31, G_DATE_DECEMBER, g_date_get_year (date));
  else
    *out_start = *date;

  return TRUE;
}

/**
 * cd_retention_rule_compute_until:
 * @start: the day of the event the period counts from (see
 *   cd_retention_rule_resolve_start()), in the years 1 to 9999
 * @out_until: (out caller-allocates): the retain-until date, cleared for a
 *   permanent rule
 *
 * The last day the record must be kept: @start plus the rule's period on the
 * civil calendar (cd_retention_date_add()). The duty lasts to the end of that
 * day; the record may be destroyed from the next day on.
 *
 * Returns: %TRUE if the period ends, %FALSE if the rule is permanent
 */
gboolean
cd_retention_rule_compute_until (CdRetentionRule *self,
                                 const GDate     *start,
                                 GDate           *out_until)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULE (self), FALSE);
  g_return_val_if_fail (out_until != NULL, FALSE);

  g_date_clear (out_until, 1);
  g_return_val_if_fail (start != NULL && g_date_valid (start), FALSE);

  if (self->permanent)
    return FALSE;

  cd_retention_date_add (start, self->years, self->months, self->days, out_until);
  return TRUE;
}

/* -- parsing ------------------------------------------------------------------ */

typedef struct
{
  guint       index;   /* 0-based position in "rules" */
  const char *id;      /* NULL until the id has been read */
} RuleContext;

static void set_rule_error (GError            **error,
                            CdRetentionError    code,
                            const RuleContext  *ctx,
                            const char         *format,
                            ...) G_GNUC_PRINTF (4, 5);

/* Every message names the rule by its number (from 1, as a person counts in
 * an editor) and its id once known, then says what is wrong. */
static void
set_rule_error (GError            **error,
                CdRetentionError    code,
                const RuleContext  *ctx,
                const char         *format,
                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx == NULL)
    /* Translators: %s says what is wrong, e.g. the field “version” is missing */
    g_set_error (error, CD_RETENTION_ERROR, code, _("The retention rules are invalid: %s."),
                 detail);
  else if (ctx->id != NULL)
    /* Translators: rule number, rule id, then what is wrong with it */
    g_set_error (error, CD_RETENTION_ERROR, code, _("Retention rule %u (“%s”): %s."),
                 ctx->index + 1, ctx->id, detail);
  else
    /* Translators: rule number, then what is wrong with it */
    g_set_error (error, CD_RETENTION_ERROR, code, _("Retention rule %u: %s."),
                 ctx->index + 1, detail);
}

/* A field name from the file may be quoted back only if it is short and
 * printable; anything else is not worth echoing into a message. */
static gboolean
is_quotable (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MAX_ID_CHARS)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
check_members (JsonObject         *object,
               const char * const *known_fields,
               const char         *where,
               const RuleContext  *ctx,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_strv_contains (known_fields, name))
        continue;

      if (!is_quotable (name))
        {
          if (where != NULL)
            set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                            _("“%s” has a field with an unusable name"), where);
          else
            set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                            _("a field has an unusable name"));
        }
      else if (where != NULL)
        set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                        _("unknown field “%s” in “%s”"), name, where);
      else
        set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx, _("unknown field “%s”"), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_text (const char         *text,
               const char         *field,
               gboolean            multiline,
               const RuleContext  *ctx,
               GError            **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("the field “%s” is not valid UTF-8 text"), field);
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > CD_RETENTION_MAX_CHARS)
    {
      set_rule_error (error, CD_RETENTION_ERROR_LIMIT, ctx,
                      _("the field “%s” is longer than %u characters"), field,
                      (guint) CD_RETENTION_MAX_CHARS);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\t'))
        continue;
      if (g_unichar_iscntrl (c))
        {
          set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                          _("the field “%s” contains a control character"), field);
          return FALSE;
        }
    }

  return TRUE;
}

/* Reads string member @field; a missing optional field gives %NULL. */
static gboolean
get_string (JsonObject         *object,
            const char         *field,
            const char         *display_field,
            gboolean            required,
            gboolean            multiline,
            const RuleContext  *ctx,
            const char        **out_value,
            GError            **error)
{
  JsonNode *node = json_object_get_member (object, field);
  const char *value;

  *out_value = NULL;
  if (display_field == NULL)
    display_field = field;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("the field “%s” is missing"), display_field);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("the field “%s” must be a string"), display_field);
      return FALSE;
    }

  value = json_node_get_string (node);
  if (!validate_text (value, display_field, multiline, ctx, error))
    return FALSE;

  if (required && *value == '\0')
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("the field “%s” is empty"), display_field);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

static JsonObject *
get_object (JsonObject         *object,
            const char         *field,
            const RuleContext  *ctx,
            GError            **error)
{
  JsonNode *node = json_object_get_member (object, field);

  if (node == NULL)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("the field “%s” is missing"), field);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("the field “%s” must be an object ({…})"), field);
      return NULL;
    }

  return json_node_get_object (node);
}

/* Ids and record classes: short, lowercase ASCII, so they are safe in file
 * names, CSV columns and command lines, and stable across translations. */
static gboolean
is_valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > MAX_ID_CHARS || !(g_ascii_islower (id[0]) || g_ascii_isdigit (id[0])))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (id[i]) && !g_ascii_isdigit (id[i]) &&
        id[i] != '-' && id[i] != '_' && id[i] != '.')
      return FALSE;

  return TRUE;
}

static gboolean
parse_count (JsonObject         *period,
             const char         *field,
             guint               max,
             const RuleContext  *ctx,
             gboolean           *present,
             guint              *out_value,
             GError            **error)
{
  JsonNode *node = json_object_get_member (period, field);
  gint64 value;

  *out_value = 0;
  *present = node != NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("“%s” in “period” must be a whole number"), field);
      return FALSE;
    }

  value = json_node_get_int (node);
  if (value < 0)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("“%s” in “period” must not be negative"), field);
      return FALSE;
    }
  if (value > max)
    {
      set_rule_error (error, CD_RETENTION_ERROR_LIMIT, ctx,
                      _("“%s” in “period” is more than %u"), field, max);
      return FALSE;
    }

  *out_value = (guint) value;
  return TRUE;
}

static gboolean
parse_period (CdRetentionRule    *rule,
              JsonObject         *object,
              const RuleContext  *ctx,
              GError            **error)
{
  static const char * const fields[] = { "years", "months", "days", "permanent", NULL };
  JsonObject *period;
  JsonNode *permanent;
  gboolean has_years, has_months, has_days;

  period = get_object (object, "period", ctx, error);
  if (period == NULL || !check_members (period, fields, "period", ctx, error))
    return FALSE;

  if (!parse_count (period, "years", CD_RETENTION_MAX_YEARS, ctx, &has_years, &rule->years,
                    error) ||
      !parse_count (period, "months", CD_RETENTION_MAX_MONTHS, ctx, &has_months, &rule->months,
                    error) ||
      !parse_count (period, "days", CD_RETENTION_MAX_DAYS, ctx, &has_days, &rule->days, error))
    return FALSE;

  permanent = json_object_get_member (period, "permanent");
  if (permanent != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (permanent) ||
          json_node_get_value_type (permanent) != G_TYPE_BOOLEAN)
        {
          set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                          _("“permanent” in “period” must be true or false"));
          return FALSE;
        }
      rule->permanent = json_node_get_boolean (permanent);
    }

  if (rule->permanent && (has_years || has_months || has_days))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("a permanent “period” cannot also have years, months or days"));
      return FALSE;
    }
  if (!rule->permanent && !has_years && !has_months && !has_days)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("“period” needs “years”, “months” or “days”, or “permanent”: true"));
      return FALSE;
    }

  return TRUE;
}

static char *
known_record_types (void)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < CD_N_RECORD_TYPES; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "",
                            cd_record_type_to_id ((CdRecordType) i));

  return g_string_free (list, FALSE);
}

/* An optional list of strings in "applies_to", each checked as text;
 * %NULL when absent or (with @error set) when malformed. */
static JsonArray *
get_string_list (JsonObject         *applies_to,
                 const char         *field,
                 const RuleContext  *ctx,
                 GError            **error)
{
  JsonNode *node = json_object_get_member (applies_to, field);
  JsonArray *array;

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("“%s” in “applies_to” must be a list ([…])"), field);
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_CLASSES)
    {
      set_rule_error (error, CD_RETENTION_ERROR_LIMIT, ctx,
                      _("“%s” in “applies_to” has more than %u entries"), field,
                      (guint) MAX_CLASSES);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        {
          set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                          _("entry %u of “%s” in “applies_to” must be a string"), i + 1, field);
          return NULL;
        }
      if (!validate_text (json_node_get_string (item), field, FALSE, ctx, error))
        return NULL;
    }

  return array;
}

static gboolean
parse_applies_to (CdRetentionRule    *rule,
                  JsonObject         *object,
                  const RuleContext  *ctx,
                  GError            **error)
{
  static const char * const fields[] = { "record_types", "record_classes", NULL };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GStrvBuilder) classes = g_strv_builder_new ();
  JsonObject *applies_to;
  JsonArray *types;
  JsonArray *class_list;
  guint n_classes = 0;

  applies_to = get_object (object, "applies_to", ctx, error);
  if (applies_to == NULL || !check_members (applies_to, fields, "applies_to", ctx, error))
    return FALSE;

  types = get_string_list (applies_to, "record_types", ctx, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      const char *text = json_array_get_string_element (types, i);
      gboolean found = FALSE;

      for (guint t = 0; t < CD_N_RECORD_TYPES && !found; t++)
        if (strcmp (text, cd_record_type_to_id ((CdRecordType) t)) == 0)
          {
            rule->record_types |= 1u << t;
            found = TRUE;
          }

      if (!found)
        {
          g_autofree char *list = known_record_types ();

          if (is_quotable (text))
            set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                            /* Translators: the unknown id, then the list of known ids */
                            _("unknown record type “%s” in “applies_to” (known: %s)"), text, list);
          else
            set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                            _("unknown record type in “applies_to” (known: %s)"), list);
          return FALSE;
        }
    }

  class_list = get_string_list (applies_to, "record_classes", ctx, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  for (guint i = 0; class_list != NULL && i < json_array_get_length (class_list); i++)
    {
      const char *text = json_array_get_string_element (class_list, i);

      if (!is_valid_id (text))
        {
          set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                          _("entry %u of “record_classes” is not a valid class: use lowercase "
                            "letters, digits, “-”, “_” and “.”, at most %u characters"),
                          i + 1, (guint) MAX_ID_CHARS);
          return FALSE;
        }
      g_strv_builder_add (classes, text);
      n_classes++;
    }
  rule->record_classes = g_strv_builder_end (classes);

  if (rule->record_types == 0 && n_classes == 0)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("“applies_to” names no record type and no record class"));
      return FALSE;
    }

  return TRUE;
}

static CdRetentionRule *
parse_rule (JsonNode     *node,
            RuleContext  *ctx,
            GError      **error)
{
  static const char * const fields[] = {
    "id", "label", "legal_basis", "period", "start", "applies_to", "confidence", "note", NULL
  };
  static const char * const basis_fields[] = { "zh", "en", NULL };
  g_autoptr(CdRetentionRule) rule = NULL;
  JsonObject *object;
  JsonNode *basis;
  const char *id, *label, *start, *confidence, *note;
  const char *basis_zh = NULL, *basis_en = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx, _("a rule must be an object ({…})"));
      return NULL;
    }
  object = json_node_get_object (node);

  /* The id first, so every later message can name the rule. */
  if (!get_string (object, "id", NULL, TRUE, FALSE, ctx, &id, error))
    return NULL;
  if (!is_valid_id (id))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                      _("the id is not valid: use lowercase letters, digits, “-”, “_” and “.”, "
                        "at most %u characters"), (guint) MAX_ID_CHARS);
      return NULL;
    }
  ctx->id = id;

  if (!check_members (object, fields, NULL, ctx, error))
    return NULL;

  rule = g_object_new (CD_TYPE_RETENTION_RULE, NULL);
  rule->id = g_strdup (id);

  if (!get_string (object, "label", NULL, TRUE, FALSE, ctx, &label, error))
    return NULL;
  rule->label = g_strdup (label);

  basis = json_object_get_member (object, "legal_basis");
  if (basis != NULL && JSON_NODE_HOLDS_OBJECT (basis))
    {
      JsonObject *basis_object = json_node_get_object (basis);

      if (!check_members (basis_object, basis_fields, "legal_basis", ctx, error) ||
          !get_string (basis_object, "zh", "legal_basis.zh", TRUE, FALSE, ctx, &basis_zh,
                       error) ||
          !get_string (basis_object, "en", "legal_basis.en", FALSE, FALSE, ctx, &basis_en,
                       error))
        return NULL;
    }
  else if (!get_string (object, "legal_basis", NULL, TRUE, FALSE, ctx, &basis_zh, error))
    return NULL;
  rule->legal_basis = g_strdup (basis_zh);
  rule->legal_basis_en = basis_en != NULL && *basis_en != '\0' ? g_strdup (basis_en) : NULL;

  if (!parse_period (rule, object, ctx, error))
    return NULL;

  if (!get_string (object, "start", NULL, TRUE, FALSE, ctx, &start, error))
    return NULL;
  if (!cd_retention_start_from_id (start, &rule->start))
    {
      if (is_quotable (start))
        set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                        /* Translators: do not translate the five ids after “use” */
                        _("unknown start “%s”: use dissolution, record_date, fiscal_year_end, "
                          "termination or transaction"), start);
      else
        set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                        _("unknown start: use dissolution, record_date, fiscal_year_end, "
                          "termination or transaction"));
      return NULL;
    }

  if (!parse_applies_to (rule, object, ctx, error))
    return NULL;

  if (!get_string (object, "confidence", NULL, FALSE, FALSE, ctx, &confidence, error))
    return NULL;
  rule->confidence = CD_RETENTION_CONFIDENCE_UNCONFIRMED;
  if (confidence != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (confidences) && !found; i++)
        if (strcmp (confidence, confidences[i].id) == 0)
          {
            rule->confidence = (CdRetentionConfidence) i;
            found = TRUE;
          }
      if (!found)
        {
          set_rule_error (error, CD_RETENTION_ERROR_INVALID, ctx,
                          /* Translators: do not translate the three ids after “use” */
                          _("unknown “confidence”: use checked, secondary or unconfirmed"));
          return NULL;
        }
    }

  if (!get_string (object, "note", NULL, FALSE, TRUE, ctx, &note, error))
    return NULL;
  rule->note = g_strdup (note != NULL ? note : "");

  return g_steal_pointer (&rule);
}

/* json-glib parses recursively; bound the nesting before it sees the data
 * so that "[[[[…" a megabyte deep cannot exhaust the stack. */
static gboolean
check_depth (const char  *data,
             gsize        len,
             GError     **error)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > CD_RETENTION_MAX_DEPTH)
            {
              g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_LIMIT,
                           _("The retention rules are nested more than %u levels deep."),
                           (guint) CD_RETENTION_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

/* -- CdRetentionRules --------------------------------------------------------- */

struct _CdRetentionRules
{
  GObject     parent_instance;

  GPtrArray  *rules;    /* of CdRetentionRule, in file order */
  GHashTable *by_id;    /* id → CdRetentionRule (borrowed) */
  char       *path;     /* NULL for the built-in rules */
  guint       version;
};

static void cd_retention_rules_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdRetentionRules, cd_retention_rules, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cd_retention_rules_list_model_init))

static GType
cd_retention_rules_get_item_type (GListModel *model)
{
  return CD_TYPE_RETENTION_RULE;
}

static guint
cd_retention_rules_get_n_items (GListModel *model)
{
  return CD_RETENTION_RULES (model)->rules->len;
}

static gpointer
cd_retention_rules_get_item (GListModel *model,
                             guint       position)
{
  CdRetentionRules *self = CD_RETENTION_RULES (model);

  if (position >= self->rules->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->rules, position));
}

static void
cd_retention_rules_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cd_retention_rules_get_item_type;
  iface->get_n_items = cd_retention_rules_get_n_items;
  iface->get_item = cd_retention_rules_get_item;
}

static void
cd_retention_rules_finalize (GObject *object)
{
  CdRetentionRules *self = CD_RETENTION_RULES (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_free (self->path);

  G_OBJECT_CLASS (cd_retention_rules_parent_class)->finalize (object);
}

static void
cd_retention_rules_class_init (CdRetentionRulesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_retention_rules_finalize;
}

static void
cd_retention_rules_init (CdRetentionRules *self)
{
  self->rules = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * cd_retention_rules_load_data:
 * @data: (array length=len): the contents of a rules file
 * @len: length of @data in bytes
 * @error: return location for a #CdRetentionError
 *
 * Parses and checks a rules file (see the top of cd-retention.c for the
 * format and limits). Every rule is checked before any is accepted: one bad
 * rule rejects the file, with a message naming the rule's number, its id and
 * the field at fault. Nothing shared is changed on failure, so a caller that
 * already holds rules keeps using them: load into a new variable and replace
 * the old rules only when this returns non-%NULL.
 *
 * Returns: (transfer full) (nullable): the rules, or %NULL with @error set
 */
CdRetentionRules *
cd_retention_rules_load_data (const char  *data,
                              gsize        len,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autoptr(CdRetentionRules) self = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *node;
  JsonArray *rules;
  const char *comment;
  gint64 version;
  guint n_rules;
  static const char * const fields[] = { "version", "comment", "rules", NULL };

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > CD_RETENTION_MAX_FILE_BYTES)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (CD_RETENTION_MAX_FILE_BYTES);

      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_TOO_LARGE,
                   _("The retention rules are %s, more than the limit of %s."), size, limit);
      return NULL;
    }

  /* Editors on Windows save UTF-8 with a byte order mark. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  if (len == 0)
    {
      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_SYNTAX,
                   _("The retention rules file is empty."));
      return NULL;
    }

  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_SYNTAX,
                   _("The retention rules are not UTF-8 text. Save the file as UTF-8."));
      return NULL;
    }

  if (!check_depth (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &json_error))
    {
      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_SYNTAX,
                   /* Translators: %s is the JSON parser's message, with line and column */
                   _("The retention rules are not valid JSON: %s"), json_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_SYNTAX,
                   _("The retention rules file is empty."));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, NULL,
                      _("the file must hold one object ({…})"));
      return NULL;
    }
  object = json_node_get_object (root);

  /* The version before anything else: a newer file may have fields this
   * code does not know, and "update Closure Desk" is the useful message. */
  node = json_object_get_member (object, "version");
  if (node == NULL)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, NULL, _("the field “%s” is missing"),
                      "version");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, NULL,
                      _("“version” must be a whole number from 1"));
      return NULL;
    }
  version = json_node_get_int (node);
  if (version > CD_RETENTION_FORMAT_VERSION)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, version);

      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_VERSION,
                   /* Translators: the file's format version, then the newest one this
                      version of the app reads */
                   _("The retention rules file has format version %s, but this version of "
                     "Closure Desk reads version %u at most. Update Closure Desk, or use "
                     "rules made for this version."), text, (guint) CD_RETENTION_FORMAT_VERSION);
      return NULL;
    }

  if (!check_members (object, fields, NULL, NULL, error) ||
      !get_string (object, "comment", NULL, FALSE, TRUE, NULL, &comment, error))
    return NULL;

  node = json_object_get_member (object, "rules");
  if (node == NULL)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, NULL, _("the field “%s” is missing"),
                      "rules");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, NULL,
                      _("“rules” must be a list ([…])"));
      return NULL;
    }
  rules = json_node_get_array (node);
  n_rules = json_array_get_length (rules);
  if (n_rules == 0)
    {
      set_rule_error (error, CD_RETENTION_ERROR_INVALID, NULL, _("“rules” is empty"));
      return NULL;
    }
  if (n_rules > CD_RETENTION_MAX_RULES)
    {
      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_LIMIT,
                   _("The retention rules file has %u rules, more than the limit of %u."),
                   n_rules, (guint) CD_RETENTION_MAX_RULES);
      return NULL;
    }

  self = g_object_new (CD_TYPE_RETENTION_RULES, NULL);
  self->version = (guint) version;

  for (guint i = 0; i < n_rules; i++)
    {
      RuleContext ctx = { i, NULL };
      CdRetentionRule *rule = parse_rule (json_array_get_element (rules, i), &ctx, error);
      CdRetentionRule *other;

      if (rule == NULL)
        return NULL;

      other = g_hash_table_lookup (self->by_id, rule->id);
      if (other != NULL)
        {
          guint other_index = 0;

          g_ptr_array_find (self->rules, other, &other_index);
          set_rule_error (error, CD_RETENTION_ERROR_DUPLICATE, &ctx,
                          _("the id is already used by rule %u"), other_index + 1);
          g_object_unref (rule);
          return NULL;
        }

      g_ptr_array_add (self->rules, rule);
      g_hash_table_insert (self->by_id, rule->id, rule);
    }

  return g_steal_pointer (&self);
}

/* The size is checked on the open file before it is read, so an oversized
 * file costs no memory; a file that grows meanwhile is caught too. */
static char *
read_bounded (const char  *path,
              const char  *display,
              gsize       *out_len,
              GError     **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  FILE *file;
  gsize n_read;
  int saved_errno;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not open “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fileno (file), &st) != 0)
    {
      saved_errno = errno;
      fclose (file);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      fclose (file);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("“%s” is not a regular file."), display);
      return NULL;
    }

  if (st.st_size < 0 || (guint64) st.st_size > CD_RETENTION_MAX_FILE_BYTES)
    {
      g_autofree char *size = g_format_size ((guint64) MAX (st.st_size, 0));
      g_autofree char *limit = g_format_size (CD_RETENTION_MAX_FILE_BYTES);

      fclose (file);
      g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_TOO_LARGE,
                   _("“%s” is %s, more than the limit of %s."), display, size, limit);
      return NULL;
    }

  buffer = g_malloc ((gsize) st.st_size + 1);
  n_read = fread (buffer, 1, (gsize) st.st_size + 1, file);
  saved_errno = errno;
  if (ferror (file))
    {
      fclose (file);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  fclose (file);

  if (n_read > (gsize) st.st_size)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” changed while it was being read. Close any program that is "
                     "writing to it and try again."), display);
      return NULL;
    }

  *out_len = n_read;
  return g_steal_pointer (&buffer);
}

/**
 * cd_retention_rules_load_file:
 * @path: (type filename): a rules file, such as a firm's own
 * @error: return location for a #CdRetentionError or #GFileError
 *
 * Like cd_retention_rules_load_data(), reading @path first; messages start
 * with the file's name. On failure nothing changes for the caller's rules.
 *
 * Returns: (transfer full) (nullable): the rules, or %NULL with @error set
 */
CdRetentionRules *
cd_retention_rules_load_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *buffer = NULL;
  CdRetentionRules *self;
  gsize len = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);
  buffer = read_bounded (path, display, &len, error);
  if (buffer == NULL)
    return NULL;

  self = cd_retention_rules_load_data (buffer, len, &local_error);
  if (self == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", display);
      return NULL;
    }

  self->path = g_strdup (path);
  return self;
}

/**
 * cd_retention_rules_load_builtin:
 *
 * Loads the rules compiled into the library, the same as the shipped
 * data/retention-rules.json. Fails only if that file is broken, which
 * test-retention catches.
 *
 * Returns: (transfer full) (nullable): the rules, or %NULL with @error set
 */
CdRetentionRules *
cd_retention_rules_load_builtin (GError **error)
{
  return cd_retention_rules_load_data (cd_retention_builtin_json, CD_RETENTION_BUILTIN_JSON_LEN,
                                       error);
}

/**
 * cd_retention_rules_load_default:
 *
 * Loads the rules to use when the case names no file of its own: the file
 * named by the environment variable CLOSURE_DESK_RETENTION_RULES if set
 * (tests), else PKGDATADIR/retention-rules.json if installed, else the
 * built-in copy. A broken file is an error, not a silent fallback, so that
 * whoever edited it learns why their change has no effect.
 *
 * Returns: (transfer full) (nullable): the rules, or %NULL with @error set
 */
CdRetentionRules *
cd_retention_rules_load_default (GError **error)
{
  const char *env = g_getenv ("CLOSURE_DESK_RETENTION_RULES");
  g_autofree char *installed = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (env != NULL && *env != '\0')
    return cd_retention_rules_load_file (env, error);

  installed = g_build_filename (PKGDATADIR, "retention-rules.json", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return cd_retention_rules_load_file (installed, error);

  return cd_retention_rules_load_builtin (error);
}

/**
 * cd_retention_rules_get_version:
 *
 * Returns: the format version of the file the rules came from
 */
guint
cd_retention_rules_get_version (CdRetentionRules *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), 0);

  return self->version;
}

/**
 * cd_retention_rules_get_path:
 *
 * Returns: (nullable) (type filename): the file the rules were loaded from,
 *   or %NULL for the built-in rules and cd_retention_rules_load_data()
 */
const char *
cd_retention_rules_get_path (CdRetentionRules *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), NULL);

  return self->path;
}

guint
cd_retention_rules_get_n_rules (CdRetentionRules *self)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), 0);

  return self->rules->len;
}

/**
 * cd_retention_rules_get_rule:
 *
 * Returns: (transfer none): the rule at @position, in file order
 */
CdRetentionRule *
cd_retention_rules_get_rule (CdRetentionRules *self,
                             guint             position)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), NULL);
  g_return_val_if_fail (position < self->rules->len, NULL);

  return g_ptr_array_index (self->rules, position);
}

/**
 * cd_retention_rules_lookup:
 * @id: a rule id, as stored with a decision
 *
 * Returns: (transfer none) (nullable): the rule with @id, or %NULL
 */
CdRetentionRule *
cd_retention_rules_lookup (CdRetentionRules *self,
                           const char       *id)
{
  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * cd_retention_rules_dup_record_classes:
 *
 * Returns: (transfer full): every record class any rule names, sorted,
 *   each once
 */
char **
cd_retention_rules_dup_record_classes (CdRetentionRules *self)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  list = g_ptr_array_new ();
  for (guint i = 0; i < self->rules->len; i++)
    {
      CdRetentionRule *rule = g_ptr_array_index (self->rules, i);

      for (guint j = 0; rule->record_classes[j] != NULL; j++)
        if (g_hash_table_add (seen, rule->record_classes[j]))
          g_ptr_array_add (list, g_strdup (rule->record_classes[j]));
    }

  g_ptr_array_sort (list, compare_strings);
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

/**
 * cd_retention_rules_find_for:
 * @record_type: a record type, or %CD_RETENTION_NO_RECORD_TYPE
 * @record_classes: (nullable) (array zero-terminated=1): record classes
 *
 * The rules that apply to a record of @record_type or of any of
 * @record_classes: the choices to offer when the consultant overrides the
 * rule cd_retention_rules_pick() chose.
 *
 * Returns: (transfer full) (element-type CdRetentionRule): the rules, in file
 *   order, possibly none
 */
GPtrArray *
cd_retention_rules_find_for (CdRetentionRules   *self,
                             CdRecordType        record_type,
                             const char * const *record_classes)
{
  GPtrArray *found;

  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), NULL);

  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->rules->len; i++)
    {
      CdRetentionRule *rule = g_ptr_array_index (self->rules, i);

      if (cd_retention_rule_applies_to (rule, record_type, record_classes))
        g_ptr_array_add (found, g_object_ref (rule));
    }

  return found;
}

/**
 * cd_retention_rules_pick:
 * @record_type: a record type, or %CD_RETENTION_NO_RECORD_TYPE
 * @record_classes: (nullable) (array zero-terminated=1): record classes
 * @dates: the dates known for the record and its case
 * @out_rule: (out) (transfer none) (optional): the rule chosen
 * @out_until: (out caller-allocates) (optional): its retain-until date,
 *   cleared when the rule is permanent
 * @out_estimated: (out) (optional): %TRUE when the start date was estimated
 *   (cd_retention_rule_resolve_start())
 * @error: return location for %CD_RETENTION_ERROR_NO_RULE or
 *   %CD_RETENTION_ERROR_NO_DATE
 *
 * Chooses, among the rules that apply, the one that keeps the record longest:
 * a permanent rule, else the latest retain-until date; on a tie the first in
 * the file. Where several periods apply to one record the longest governs, so
 * this is the safe default; the consultant may override it with a reason.
 *
 * Returns: %TRUE if a rule was chosen
 */
gboolean
cd_retention_rules_pick (CdRetentionRules       *self,
                         CdRecordType            record_type,
                         const char * const     *record_classes,
                         const CdRetentionDates *dates,
                         CdRetentionRule       **out_rule,
                         GDate                  *out_until,
                         gboolean               *out_estimated,
                         GError                **error)
{
  CdRetentionRule *best = NULL;
  GDate best_until;
  gboolean best_estimated = FALSE;
  gboolean any_applies = FALSE;

  g_return_val_if_fail (CD_IS_RETENTION_RULES (self), FALSE);
  g_return_val_if_fail (dates != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_date_clear (&best_until, 1);
  if (out_rule != NULL)
    *out_rule = NULL;
  if (out_until != NULL)
    g_date_clear (out_until, 1);
  if (out_estimated != NULL)
    *out_estimated = FALSE;

  for (guint i = 0; i < self->rules->len; i++)
    {
      CdRetentionRule *rule = g_ptr_array_index (self->rules, i);
      gboolean estimated = FALSE;
      GDate start;
      GDate until;

      if (!cd_retention_rule_applies_to (rule, record_type, record_classes))
        continue;
      any_applies = TRUE;

      /* A permanent rule needs no date and nothing outlasts it. */
      if (rule->permanent)
        {
          if (best == NULL || !best->permanent)
            {
              best = rule;
              best_estimated = FALSE;
              g_date_clear (&best_until, 1);
            }
          continue;
        }
      if (best != NULL && best->permanent)
        continue;

      if (!cd_retention_rule_resolve_start (rule, dates, &start, &estimated))
        continue;
      cd_retention_rule_compute_until (rule, &start, &until);

      if (best == NULL || g_date_compare (&until, &best_until) > 0)
        {
          best = rule;
          best_until = until;
          best_estimated = estimated;
        }
    }

  if (best == NULL)
    {
      if (!any_applies)
        g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_NO_RULE,
                     _("No retention rule applies to this record. Choose a rule or enter a "
                       "retain-until date with a reason."));
      else
        g_set_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_NO_DATE,
                     _("The retain-until date cannot be computed: the record has no dates and "
                       "the case has no deregistration date. Set the planned deregistration "
                       "date of the case."));
      return FALSE;
    }

  if (out_rule != NULL)
    *out_rule = best;
  if (out_until != NULL)
    *out_until = best_until;
  if (out_estimated != NULL)
    *out_estimated = best_estimated;
  return TRUE;
}
