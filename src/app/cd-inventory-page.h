/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryPage: the inventory pane (数据盘点) — data assets and customers
 * of the case, with search, filter chips, add/edit/delete, CSV import and
 * export, folder scans and each scanned asset's findings. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_INVENTORY_PAGE (cd_inventory_page_get_type ())
G_DECLARE_FINAL_TYPE (CdInventoryPage, cd_inventory_page, CD, INVENTORY_PAGE, AdwBin)

GtkWidget *cd_inventory_page_new         (void);
void       cd_inventory_page_set_store   (CdInventoryPage *self,
                                          CdStore         *store);
gboolean   cd_inventory_page_import_file (CdInventoryPage *self,
                                          GFile           *file);
gboolean   cd_inventory_page_scan        (CdInventoryPage    *self,
                                          const char * const *roots);

G_END_DECLS
