/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdScanDialog: the scan sheet — choose a folder, watch the scan record
 * its findings in the case, then add them to the inventory as assets. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_SCAN_DIALOG (cd_scan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdScanDialog, cd_scan_dialog, CD, SCAN_DIALOG, AdwWindow)

CdScanDialog *cd_scan_dialog_new   (GtkWindow          *parent,
                                    CdStore            *store);
void          cd_scan_dialog_start (CdScanDialog       *self,
                                    const char * const *roots);

G_END_DECLS
