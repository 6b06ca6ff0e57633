/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryAssetDialog: adds a data asset to the case or edits one. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_INVENTORY_ASSET_DIALOG (cd_inventory_asset_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdInventoryAssetDialog, cd_inventory_asset_dialog, CD, INVENTORY_ASSET_DIALOG, AdwWindow)

CdInventoryAssetDialog *cd_inventory_asset_dialog_new (GtkWindow *parent,
                                                       CdStore   *store,
                                                       CdAsset   *asset);

G_END_DECLS
