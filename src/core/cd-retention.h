/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention rules as data: the legal minimum periods for the records a
 * dissolving company holds, loaded from a versioned JSON file, and the
 * retain-until date each gives for a record. */

#pragma once

#include <gio/gio.h>

#include "cd-types.h"

G_BEGIN_DECLS

#define CD_RETENTION_ERROR (cd_retention_error_quark ())

typedef enum
{
  CD_RETENTION_ERROR_TOO_LARGE,
  CD_RETENTION_ERROR_SYNTAX,
  CD_RETENTION_ERROR_VERSION,
  CD_RETENTION_ERROR_INVALID,
  CD_RETENTION_ERROR_LIMIT,
  CD_RETENTION_ERROR_DUPLICATE,
  CD_RETENTION_ERROR_NO_RULE,
  CD_RETENTION_ERROR_NO_DATE,
} CdRetentionError;

/* The newest format this version reads, and the limits on a rules file. */
#define CD_RETENTION_FORMAT_VERSION 1
#define CD_RETENTION_MAX_FILE_BYTES (1024 * 1024)
#define CD_RETENTION_MAX_RULES      1000
#define CD_RETENTION_MAX_CHARS      1000
#define CD_RETENTION_MAX_DEPTH      32
#define CD_RETENTION_MAX_YEARS      1000
#define CD_RETENTION_MAX_MONTHS     (12 * CD_RETENTION_MAX_YEARS)
#define CD_RETENTION_MAX_DAYS       (366 * CD_RETENTION_MAX_YEARS)

/* The event a period is counted from ("start" in the file). */
typedef enum
{
  CD_RETENTION_START_DISSOLUTION,     /* the case's deregistration date */
  CD_RETENTION_START_RECORD_DATE,     /* the record's own (latest) date */
  CD_RETENTION_START_FISCAL_YEAR_END, /* 31 December of the record's year */
  CD_RETENTION_START_TERMINATION,     /* end of the relationship or contract */
  CD_RETENTION_START_TRANSACTION,     /* date of the transaction */
} CdRetentionStart;

#define CD_RETENTION_N_STARTS (CD_RETENTION_START_TRANSACTION + 1)

/* How well the legal basis was checked (the marks of the domain notes). */
typedef enum
{
  CD_RETENTION_CONFIDENCE_CHECKED,     /* against the text of the law */
  CD_RETENTION_CONFIDENCE_SECONDARY,   /* against a secondary copy only */
  CD_RETENTION_CONFIDENCE_UNCONFIRMED, /* no statute found, or sources disagree */
} CdRetentionConfidence;

/* Pass as the record type to match on record classes only. */
#define CD_RETENTION_NO_RECORD_TYPE ((CdRecordType) -1)

/**
 * CdRetentionDates:
 * @dissolution: the case's (planned) deregistration date
 * @record_date: the record's latest date
 * @termination: when the relationship or contract with the person ended
 * @transaction: the date of the (last) transaction
 *
 * The dates a period may start from; any may be cleared (invalid) when
 * unknown. Initialise with cd_retention_dates_init().
 */
typedef struct
{
  GDate dissolution;
  GDate record_date;
  GDate termination;
  GDate transaction;
} CdRetentionDates;

GQuark                 cd_retention_error_quark           (void);

const char            *cd_retention_start_to_id           (CdRetentionStart   start);
const char            *cd_retention_start_get_label       (CdRetentionStart   start);
gboolean               cd_retention_start_from_id         (const char        *id,
                                                           CdRetentionStart  *out_start);
const char            *cd_retention_confidence_to_id      (CdRetentionConfidence confidence);
const char            *cd_retention_confidence_get_label  (CdRetentionConfidence confidence);

void                   cd_retention_dates_init            (CdRetentionDates  *dates);
gboolean               cd_retention_date_parse            (const char        *iso_date,
                                                           GDate             *out_date);
char                  *cd_retention_date_format           (const GDate       *date);
void                   cd_retention_date_add              (const GDate       *start,
                                                           guint              years,
                                                           guint              months,
                                                           guint              days,
                                                           GDate             *out_date);

#define CD_TYPE_RETENTION_RULE (cd_retention_rule_get_type ())
G_DECLARE_FINAL_TYPE (CdRetentionRule, cd_retention_rule, CD, RETENTION_RULE, GObject)

const char            *cd_retention_rule_get_id           (CdRetentionRule   *self);
const char            *cd_retention_rule_get_label        (CdRetentionRule   *self);
const char            *cd_retention_rule_get_legal_basis  (CdRetentionRule   *self);
const char            *cd_retention_rule_get_legal_basis_en (CdRetentionRule *self);
gboolean               cd_retention_rule_is_permanent     (CdRetentionRule   *self);
void                   cd_retention_rule_get_period       (CdRetentionRule   *self,
                                                           guint             *out_years,
                                                           guint             *out_months,
                                                           guint             *out_days);
char                  *cd_retention_rule_format_period    (CdRetentionRule   *self);
char                  *cd_retention_rule_format_period_iso (CdRetentionRule  *self);
CdRetentionStart       cd_retention_rule_get_start        (CdRetentionRule   *self);
CdRetentionConfidence  cd_retention_rule_get_confidence   (CdRetentionRule   *self);
const char            *cd_retention_rule_get_note         (CdRetentionRule   *self);
const char * const    *cd_retention_rule_get_record_classes (CdRetentionRule *self);
gboolean               cd_retention_rule_applies_to       (CdRetentionRule   *self,
                                                           CdRecordType       record_type,
                                                           const char * const *record_classes);
gboolean               cd_retention_rule_resolve_start    (CdRetentionRule   *self,
                                                           const CdRetentionDates *dates,
                                                           GDate             *out_start,
                                                           gboolean          *out_estimated);
gboolean               cd_retention_rule_compute_until    (CdRetentionRule   *self,
                                                           const GDate       *start,
                                                           GDate             *out_until);

#define CD_TYPE_RETENTION_RULES (cd_retention_rules_get_type ())
G_DECLARE_FINAL_TYPE (CdRetentionRules, cd_retention_rules, CD, RETENTION_RULES, GObject)

CdRetentionRules      *cd_retention_rules_load_default    (GError           **error);
CdRetentionRules      *cd_retention_rules_load_builtin    (GError           **error);
CdRetentionRules      *cd_retention_rules_load_file       (const char        *path,
                                                           GError           **error);
CdRetentionRules      *cd_retention_rules_load_data       (const char        *data,
                                                           gsize              len,
                                                           GError           **error);
guint                  cd_retention_rules_get_version     (CdRetentionRules  *self);
const char            *cd_retention_rules_get_path        (CdRetentionRules  *self);
guint                  cd_retention_rules_get_n_rules     (CdRetentionRules  *self);
CdRetentionRule       *cd_retention_rules_get_rule        (CdRetentionRules  *self,
                                                           guint              position);
CdRetentionRule       *cd_retention_rules_lookup          (CdRetentionRules  *self,
                                                           const char        *id);
char                 **cd_retention_rules_dup_record_classes (CdRetentionRules *self);
GPtrArray             *cd_retention_rules_find_for        (CdRetentionRules  *self,
                                                           CdRecordType       record_type,
                                                           const char * const *record_classes);
gboolean               cd_retention_rules_pick            (CdRetentionRules  *self,
                                                           CdRecordType       record_type,
                                                           const char * const *record_classes,
                                                           const CdRetentionDates *dates,
                                                           CdRetentionRule  **out_rule,
                                                           GDate             *out_until,
                                                           gboolean          *out_estimated,
                                                           GError           **error);

G_END_DECLS
