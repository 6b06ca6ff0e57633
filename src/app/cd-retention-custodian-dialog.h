/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionCustodianDialog: adds a custodian of retained archives, with a
 * key pair made here (the secret key saved to a file for them) or with the
 * public key they made themselves. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_RETENTION_CUSTODIAN_DIALOG (cd_retention_custodian_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdRetentionCustodianDialog, cd_retention_custodian_dialog, CD, RETENTION_CUSTODIAN_DIALOG,
                      AdwWindow)

CdRetentionCustodianDialog *cd_retention_custodian_dialog_new (GtkWindow *parent,
                                                               CdStore   *store);

G_END_DECLS
