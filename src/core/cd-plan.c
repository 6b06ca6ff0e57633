/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-plan: shared steps of deciding an asset's plan (see cd-plan.h). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-plan.h"

/* Images, and recordings or videos, among an asset's scanned files: a
 * photo may be a face (biometric), a recording a voice. */
static void
count_media (GPtrArray *records,
             guint64   *images,
             guint64   *recordings)
{
  for (guint i = 0; i < records->len; i++)
    {
      const CdScanFileRecord *record = records->pdata[i];
      const char *type = record->content_type;

      if (type != NULL && g_str_has_prefix (type, "image/"))
        (*images)++;
      else if (type != NULL && (g_str_has_prefix (type, "audio/") || g_str_has_prefix (type, "video/")))
        (*recordings)++;
    }
}

/**
 * cd_plan_suggest:
 * @asset: an asset of @store
 *
 * What the scan findings of @asset suggest (no category for an asset
 * entered by hand), with the reasons.
 *
 * Returns: (transfer full): the suggestion, or %NULL with @error set
 */
CdPolicySuggestion *
cd_plan_suggest (CdStore  *store,
                 CdAsset  *asset,
                 GError  **error)
{
  g_autoptr(GPtrArray) records = NULL;
  guint64 counts[CD_N_DETECT_KINDS] = { 0, };
  guint64 images = 0;
  guint64 recordings = 0;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (CD_IS_ASSET (asset), NULL);

  records = cd_store_list_asset_findings (store, cd_asset_get_id (asset), error);
  if (records == NULL || !cd_store_get_asset_scan_counts (store, cd_asset_get_id (asset), counts, error))
    return NULL;
  count_media (records, &images, &recordings);
  return cd_policy_suggest (counts, images, recordings, cd_asset_get_record_type (asset));
}

/**
 * cd_plan_apply_retention:
 * @plan: the plan, its disposition already decided
 * @asset: the asset @plan is for
 * @info: the case (its planned deregistration date)
 * @rules: the retention rules
 *
 * Sets @plan's retention rule and retain-until date from the longest rule
 * that applies to the asset's record type, counted from the case's
 * planned deregistration date; clears both when the disposition keeps
 * nothing. Without a date in the case the rule and date are cleared and
 * %CD_RETENTION_ERROR_NO_DATE is returned: the decision itself may stand,
 * the date follows once the case has one.
 *
 * Returns: %TRUE if @plan now has what its disposition needs
 */
gboolean
cd_plan_apply_retention (CdAssetPlan       *plan,
                         CdAsset           *asset,
                         CdCaseInfo        *info,
                         CdRetentionRules  *rules,
                         GError           **error)
{
  CdRetentionDates dates;
  CdRetentionRule *rule = NULL;
  GDate until;
  gboolean estimated = FALSE;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (CD_IS_ASSET (asset), FALSE);
  g_return_val_if_fail (CD_IS_CASE_INFO (info), FALSE);
  g_return_val_if_fail (CD_IS_RETENTION_RULES (rules), FALSE);

  g_clear_pointer (&plan->rule_id, g_free);
  g_clear_pointer (&plan->retain_until, g_free);
  if (!cd_disposition_retains (plan->disposition))
    return TRUE;

  cd_retention_dates_init (&dates);
  cd_retention_date_parse (cd_case_info_get_planned_deregistration (info), &dates.dissolution);
  g_date_clear (&until, 1);
  if (!cd_retention_rules_pick (rules, cd_asset_get_record_type (asset), NULL, &dates,
                                &rule, &until, &estimated, error))
    return FALSE;
  plan->rule_id = g_strdup (cd_retention_rule_get_id (rule));
  plan->retain_until = g_date_valid (&until) ? cd_retention_date_format (&until) : NULL;
  return TRUE;
}

/**
 * cd_plan_sensitivity_label:
 * @categories: decided categories
 *
 * Returns: one word for a list column: the most sensitive class among
 *   @categories, or "—" when none is decided
 */
const char *
cd_plan_sensitivity_label (CdCategories categories)
{
  if (categories & CD_CATEGORIES_SENSITIVE)
    /* Translators: sensitivity summary of an asset (PIPL Art. 28 sensitive personal information) */
    return _("Sensitive");
  if (categories & CD_CATEGORY_HIGH_RISK_ID)
    /* Translators: sensitivity summary of an asset holding ID-document numbers */
    return _("High risk");
  if (categories & CD_CATEGORY_BUSINESS_SECRET)
    /* Translators: sensitivity summary of an asset */
    return _("Business secret");
  if (categories & CD_CATEGORY_GENERAL)
    /* Translators: sensitivity summary of an asset (general personal information) */
    return _("General");
  if (categories & CD_CATEGORY_NON_PERSONAL)
    /* Translators: sensitivity summary of an asset */
    return _("Not personal");
  return "—";
}
