/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to the widgets of CdInventoryCustomerDialog, so GUI tests
 * can assert on what a user sees without walking the widget tree. */

#pragma once

#include "cd-inventory-customer-dialog.h"

G_BEGIN_DECLS

AdwComboRow *cd_inventory_customer_dialog_get_kind_row        (CdInventoryCustomerDialog *self);
AdwEntryRow *cd_inventory_customer_dialog_get_name_row        (CdInventoryCustomerDialog *self);
AdwEntryRow *cd_inventory_customer_dialog_get_phone_row       (CdInventoryCustomerDialog *self);
AdwEntryRow *cd_inventory_customer_dialog_get_id_number_row   (CdInventoryCustomerDialog *self);
AdwEntryRow *cd_inventory_customer_dialog_get_email_row       (CdInventoryCustomerDialog *self);
AdwEntryRow *cd_inventory_customer_dialog_get_address_row     (CdInventoryCustomerDialog *self);
AdwEntryRow *cd_inventory_customer_dialog_get_notes_row       (CdInventoryCustomerDialog *self);
GtkLabel    *cd_inventory_customer_dialog_get_name_error      (CdInventoryCustomerDialog *self);
GtkLabel    *cd_inventory_customer_dialog_get_id_number_error (CdInventoryCustomerDialog *self);
GtkLabel    *cd_inventory_customer_dialog_get_phone_error     (CdInventoryCustomerDialog *self);
GtkLabel    *cd_inventory_customer_dialog_get_email_error     (CdInventoryCustomerDialog *self);
GtkLabel    *cd_inventory_customer_dialog_get_error_label     (CdInventoryCustomerDialog *self);
GtkWidget   *cd_inventory_customer_dialog_get_save_button     (CdInventoryCustomerDialog *self);

G_END_DECLS
