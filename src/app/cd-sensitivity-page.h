/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdSensitivityPage: the sensitivity pane (敏感度标注) — each asset's
 * suggested and decided categories and its disposition, bulk edits over a
 * selection, why each suggestion and rule, and the live plan check. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_SENSITIVITY_PAGE (cd_sensitivity_page_get_type ())
G_DECLARE_FINAL_TYPE (CdSensitivityPage, cd_sensitivity_page, CD, SENSITIVITY_PAGE, AdwBin)

GtkWidget *cd_sensitivity_page_new          (void);
void       cd_sensitivity_page_set_store    (CdSensitivityPage *self,
                                             CdStore           *store);

G_END_DECLS
