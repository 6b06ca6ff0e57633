/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryImportDialog: previews a CSV file of assets or customers,
 * validates all of it and imports it into the case in one transaction. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_INVENTORY_IMPORT_DIALOG (cd_inventory_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdInventoryImportDialog, cd_inventory_import_dialog, CD, INVENTORY_IMPORT_DIALOG, AdwWindow)

CdInventoryImportDialog *cd_inventory_import_dialog_new (GtkWindow *parent,
                                                         CdStore   *store,
                                                         GFile     *file,
                                                         gboolean   customers);

G_END_DECLS
