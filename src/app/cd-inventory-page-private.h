/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to the widgets of CdInventoryPage and its dialogs, so GUI
 * tests can assert on what a user sees without walking widget trees. */

#pragma once

#include "cd-inventory-asset-dialog.h"
#include "cd-inventory-import-dialog.h"
#include "cd-inventory-page.h"

G_BEGIN_DECLS

GtkEditable     *cd_inventory_page_get_search_entry     (CdInventoryPage *self);
AdwViewStack    *cd_inventory_page_get_view_stack       (CdInventoryPage *self);
GListModel      *cd_inventory_page_get_assets_model     (CdInventoryPage *self);
GListModel      *cd_inventory_page_get_customers_model  (CdInventoryPage *self);
CdAsset         *cd_inventory_page_get_asset            (CdInventoryPage *self,
                                                         guint            position);
CdCustomer      *cd_inventory_page_get_customer         (CdInventoryPage *self,
                                                         guint            position);
GtkColumnView   *cd_inventory_page_get_assets_view      (CdInventoryPage *self);
GtkColumnView   *cd_inventory_page_get_customers_view   (CdInventoryPage *self);
GtkLabel        *cd_inventory_page_get_summary_label    (CdInventoryPage *self);
GtkLabel        *cd_inventory_page_get_media_summary_label (CdInventoryPage *self);
GtkToggleButton *cd_inventory_page_get_medium_chip      (CdInventoryPage *self,
                                                         CdMedium         medium);
const char      *cd_inventory_page_get_assets_state     (CdInventoryPage *self);
gboolean         cd_inventory_page_is_filtering         (CdInventoryPage *self);
GtkWindow       *cd_inventory_page_get_dialog           (CdInventoryPage *self);
gboolean         cd_inventory_page_export_to_file       (CdInventoryPage *self,
                                                         GFile           *file,
                                                         gboolean         customers,
                                                         gboolean         reveal,
                                                         GError         **error);

AdwEntryRow     *cd_inventory_asset_dialog_get_location_row   (CdInventoryAssetDialog *self);
GtkLabel        *cd_inventory_asset_dialog_get_location_error (CdInventoryAssetDialog *self);
GtkLabel        *cd_inventory_asset_dialog_get_error_label    (CdInventoryAssetDialog *self);
AdwComboRow     *cd_inventory_asset_dialog_get_medium_row     (CdInventoryAssetDialog *self);
GtkSpinButton   *cd_inventory_asset_dialog_get_records_spin   (CdInventoryAssetDialog *self);
GtkWidget       *cd_inventory_asset_dialog_get_save_button    (CdInventoryAssetDialog *self);

GtkLabel        *cd_inventory_import_dialog_get_encoding_label (CdInventoryImportDialog *self);
GtkLabel        *cd_inventory_import_dialog_get_rows_label     (CdInventoryImportDialog *self);
GtkLabel        *cd_inventory_import_dialog_get_error_label    (CdInventoryImportDialog *self);
GtkGrid         *cd_inventory_import_dialog_get_preview_grid   (CdInventoryImportDialog *self);
GtkWidget       *cd_inventory_import_dialog_get_import_button  (CdInventoryImportDialog *self);
gboolean         cd_inventory_import_dialog_is_loading         (CdInventoryImportDialog *self);

G_END_DECLS
