/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-policy: the sensitivity taxonomy (PIPL Art. 28 and the standards in
 * DOMAIN.md §4), the dispositions a record can get, and the tags a scan's
 * findings suggest. */

#pragma once

#include <glib.h>

#include "cd-detect.h"
#include "cd-types.h"

G_BEGIN_DECLS

/* Tags on assets and customers; several may apply at once. */
typedef enum
{
  CD_CATEGORY_NONE              = 0,
  CD_CATEGORY_GENERAL           = 1 << 0,   /* personal information, not sensitive */
  CD_CATEGORY_BIOMETRIC         = 1 << 1,   /* PIPL Art. 28 */
  CD_CATEGORY_RELIGION          = 1 << 2,   /* PIPL Art. 28 */
  CD_CATEGORY_SPECIFIC_IDENTITY = 1 << 3,   /* PIPL Art. 28 特定身份 */
  CD_CATEGORY_MEDICAL           = 1 << 4,   /* PIPL Art. 28 */
  CD_CATEGORY_FINANCIAL         = 1 << 5,   /* PIPL Art. 28 financial accounts */
  CD_CATEGORY_WHEREABOUTS       = 1 << 6,   /* PIPL Art. 28 行踪轨迹 */
  CD_CATEGORY_MINOR             = 1 << 7,   /* PIPL Art. 28: under 14 */
  CD_CATEGORY_HIGH_RISK_ID      = 1 << 8,   /* ID-document numbers: high risk, not Art. 28 by default */
  CD_CATEGORY_BUSINESS_SECRET   = 1 << 9,   /* of enterprise customers */
  CD_CATEGORY_NON_PERSONAL      = 1 << 10,
} CdCategories;

#define CD_N_CATEGORIES 11
#define CD_CATEGORIES_SENSITIVE (CD_CATEGORY_BIOMETRIC | CD_CATEGORY_RELIGION | \
                                 CD_CATEGORY_SPECIFIC_IDENTITY | CD_CATEGORY_MEDICAL | \
                                 CD_CATEGORY_FINANCIAL | CD_CATEGORY_WHEREABOUTS | \
                                 CD_CATEGORY_MINOR)
#define CD_CATEGORIES_ALL       ((1u << CD_N_CATEGORIES) - 1)

typedef enum
{
  CD_DISPOSITION_UNDECIDED,
  CD_DISPOSITION_ENCRYPT_RETAIN,
  CD_DISPOSITION_DEIDENTIFY_RETAIN,
  CD_DISPOSITION_ANONYMIZE,
  CD_DISPOSITION_TRANSFER,
  CD_DISPOSITION_RETURN,
  CD_DISPOSITION_DESTROY,
} CdDisposition;

#define CD_N_DISPOSITIONS (CD_DISPOSITION_DESTROY + 1)

#define CD_POLICY_ERROR (cd_policy_error_quark ())

typedef enum
{
  CD_POLICY_ERROR_UNKNOWN_CATEGORY,
  CD_POLICY_ERROR_UNKNOWN_DISPOSITION,
  CD_POLICY_ERROR_CONFLICT,
} CdPolicyError;

/* What a scan suggests for one asset, and why (for the side panel). */
typedef struct
{
  CdCategories  categories;
  GPtrArray    *reasons;     /* char*, translated, one per category suggested */
} CdPolicySuggestion;

GQuark        cd_policy_error_quark        (void);

const char   *cd_category_to_id            (CdCategories   category);
const char   *cd_category_get_label        (CdCategories   category);
gboolean      cd_category_is_sensitive     (CdCategories   category);
char         *cd_categories_to_ids         (CdCategories   categories);
char         *cd_categories_to_labels      (CdCategories   categories);
gboolean      cd_categories_from_string    (const char    *text,
                                            CdCategories  *out_categories,
                                            GError       **error);

const char   *cd_disposition_to_id         (CdDisposition  disposition);
const char   *cd_disposition_get_label     (CdDisposition  disposition);
gboolean      cd_disposition_from_string   (const char    *text,
                                            CdDisposition *out_disposition,
                                            GError       **error);
/* Whether the records stay with someone after the case (a retention
 * period applies to them). */
gboolean      cd_disposition_retains       (CdDisposition  disposition);

CdPolicySuggestion *cd_policy_suggest      (const guint64  counts[CD_N_DETECT_KINDS],
                                            guint64        images,
                                            guint64        recordings,
                                            CdRecordType   record_type);
void          cd_policy_suggestion_free    (CdPolicySuggestion *suggestion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPolicySuggestion, cd_policy_suggestion_free)

G_END_DECLS
