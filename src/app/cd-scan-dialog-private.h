/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to the scan sheet and the findings window, so GUI tests
 * can assert on what a user sees without walking widget trees. */

#pragma once

#include "cd-asset-findings-window.h"
#include "cd-scan-dialog.h"

G_BEGIN_DECLS

const char     *cd_scan_dialog_get_state            (CdScanDialog *self);
gboolean        cd_scan_dialog_is_running           (CdScanDialog *self);
GtkLabel       *cd_scan_dialog_get_count_label      (CdScanDialog *self,
                                                     CdDetectKind  kind);
GtkLabel       *cd_scan_dialog_get_files_label      (CdScanDialog *self);
GtkLabel       *cd_scan_dialog_get_review_label     (CdScanDialog *self);
GtkLabel       *cd_scan_dialog_get_failed_label     (CdScanDialog *self);
GtkLabel       *cd_scan_dialog_get_headline_label   (CdScanDialog *self);
GtkWidget      *cd_scan_dialog_get_cancel_button    (CdScanDialog *self);
GtkWidget      *cd_scan_dialog_get_add_button       (CdScanDialog *self);
GtkCheckButton *cd_scan_dialog_get_per_file_check   (CdScanDialog *self);
GtkCheckButton *cd_scan_dialog_get_per_folder_check (CdScanDialog *self);
GtkExpander    *cd_scan_dialog_get_review_expander  (CdScanDialog *self);
GListModel     *cd_scan_dialog_get_review_model     (CdScanDialog *self);

GListModel     *cd_asset_findings_window_get_model       (CdAssetFindingsWindow *self);
GtkLabel       *cd_asset_findings_window_get_count_label (CdAssetFindingsWindow *self,
                                                          CdDetectKind           kind);
const char     *cd_asset_findings_window_get_state       (CdAssetFindingsWindow *self);

G_END_DECLS
