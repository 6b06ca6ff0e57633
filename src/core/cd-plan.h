/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-plan: the steps of deciding an asset's plan that the GUI and the CLI
 * share — the suggestion from its scan findings, the retention rule and
 * retain-until date, and a one-word sensitivity summary for lists. */

#pragma once

#include <glib.h>

#include "cd-policy.h"
#include "cd-retention.h"
#include "cd-store.h"

G_BEGIN_DECLS

CdPolicySuggestion *cd_plan_suggest            (CdStore           *store,
                                                CdAsset           *asset,
                                                GError           **error);
gboolean            cd_plan_apply_retention    (CdAssetPlan       *plan,
                                                CdAsset           *asset,
                                                CdCaseInfo        *info,
                                                CdRetentionRules  *rules,
                                                GError           **error);
const char         *cd_plan_sensitivity_label  (CdCategories       categories);

G_END_DECLS
