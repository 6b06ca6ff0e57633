/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionVaultDialog: writes the files the plan keeps into an encrypted
 * archive for the chosen custodians, and records it in the case. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_RETENTION_VAULT_DIALOG (cd_retention_vault_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdRetentionVaultDialog, cd_retention_vault_dialog, CD, RETENTION_VAULT_DIALOG, AdwWindow)

CdRetentionVaultDialog *cd_retention_vault_dialog_new (GtkWindow *parent,
                                                       CdStore   *store);

G_END_DECLS
