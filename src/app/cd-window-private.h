/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test and benchmark access to the panes of CdWindow. */

#pragma once

#include "cd-inventory-page.h"
#include "cd-notices-page.h"
#include "cd-redact-page.h"
#include "cd-report-page.h"
#include "cd-retention-page.h"
#include "cd-sensitivity-page.h"
#include "cd-window.h"

G_BEGIN_DECLS

CdInventoryPage   *cd_window_get_inventory_page   (CdWindow *self);
CdSensitivityPage *cd_window_get_sensitivity_page (CdWindow *self);
CdNoticesPage     *cd_window_get_notices_page     (CdWindow *self);
CdRedactPage      *cd_window_get_redact_page      (CdWindow *self);
CdRetentionPage   *cd_window_get_retention_page   (CdWindow *self);
CdReportPage      *cd_window_get_report_page      (CdWindow *self);

G_END_DECLS
