/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryCustomerDialog: adds a customer to the case or edits one. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_INVENTORY_CUSTOMER_DIALOG (cd_inventory_customer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdInventoryCustomerDialog, cd_inventory_customer_dialog, CD, INVENTORY_CUSTOMER_DIALOG, AdwWindow)

CdInventoryCustomerDialog *cd_inventory_customer_dialog_new (GtkWindow  *parent,
                                                             CdStore    *store,
                                                             CdCustomer *customer);

G_END_DECLS
