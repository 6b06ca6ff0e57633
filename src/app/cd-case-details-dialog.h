/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdCaseDetailsDialog: edits the case metadata and the liquidation group. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_CASE_DETAILS_DIALOG (cd_case_details_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdCaseDetailsDialog, cd_case_details_dialog, CD, CASE_DETAILS_DIALOG, AdwWindow)

GtkWidget *cd_case_details_dialog_new (GtkWindow *parent,
                                       CdStore   *store);

G_END_DECLS
