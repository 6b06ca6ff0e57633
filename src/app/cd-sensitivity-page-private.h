/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to CdSensitivityPage, so GUI tests assert on what a
 * user sees without walking widget trees. */

#pragma once

#include "cd-sensitivity-page.h"

G_BEGIN_DECLS

GListModel    *cd_sensitivity_page_get_assets_model   (CdSensitivityPage *self);
CdAsset       *cd_sensitivity_page_get_asset          (CdSensitivityPage *self,
                                                       guint              position);
GtkColumnView *cd_sensitivity_page_get_assets_view    (CdSensitivityPage *self);
GtkListBox    *cd_sensitivity_page_get_check_list     (CdSensitivityPage *self);
GtkLabel      *cd_sensitivity_page_get_check_title    (CdSensitivityPage *self);
GtkLabel      *cd_sensitivity_page_get_reasons_label  (CdSensitivityPage *self);
GtkLabel      *cd_sensitivity_page_get_rule_label     (CdSensitivityPage *self);
GtkToggleButton *cd_sensitivity_page_get_undecided_button (CdSensitivityPage *self);
GPtrArray     *cd_sensitivity_page_get_problems       (CdSensitivityPage *self);
gboolean       cd_sensitivity_page_is_loading         (CdSensitivityPage *self);
GtkWindow     *cd_sensitivity_page_get_dialog         (CdSensitivityPage *self);
GtkLabel      *cd_sensitivity_page_get_override_label (CdSensitivityPage *self);
GtkButton     *cd_sensitivity_page_get_override_button (CdSensitivityPage *self);
GtkButton     *cd_sensitivity_page_get_use_rule_button (CdSensitivityPage *self);
GtkButton     *cd_sensitivity_page_get_export_button  (CdSensitivityPage *self);
GtkWidget     *cd_sensitivity_page_get_dialog_part    (CdSensitivityPage *self,
                                                       const char        *key);

G_END_DECLS
