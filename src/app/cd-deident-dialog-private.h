/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to CdDeidentDialog: the widgets a user works with, found
 * by column name. */

#pragma once

#include "cd-deident-dialog.h"

G_BEGIN_DECLS

GtkDropDown    *cd_deident_dialog_get_rule_dropdown  (CdDeidentDialog *self,
                                                      const char      *column);
GtkCheckButton *cd_deident_dialog_get_qi_check       (CdDeidentDialog *self,
                                                      const char      *column);
const char     *cd_deident_dialog_get_sample         (CdDeidentDialog *self,
                                                      const char      *column);
GtkSpinButton  *cd_deident_dialog_get_threshold_spin (CdDeidentDialog *self);
GtkLabel       *cd_deident_dialog_get_result_label   (CdDeidentDialog *self);
GListModel     *cd_deident_dialog_get_groups         (CdDeidentDialog *self);
GtkCheckButton *cd_deident_dialog_get_label_check    (CdDeidentDialog *self,
                                                      CdDeidentLabel   label);
GtkButton      *cd_deident_dialog_get_export_button  (CdDeidentDialog *self);
GtkLabel       *cd_deident_dialog_get_error_label    (CdDeidentDialog *self);
GtkLabel       *cd_deident_dialog_get_status_label   (CdDeidentDialog *self);
gboolean        cd_deident_dialog_is_updating        (CdDeidentDialog *self);

G_END_DECLS
