/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionManualDialog: records a destruction the app could not do
 * itself — paper shredded, a device wiped or destroyed, a cloud account
 * closed — with its operator and witness. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_RETENTION_MANUAL_DIALOG (cd_retention_manual_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdRetentionManualDialog, cd_retention_manual_dialog, CD, RETENTION_MANUAL_DIALOG, AdwWindow)

CdRetentionManualDialog *cd_retention_manual_dialog_new (GtkWindow *parent,
                                                         CdStore   *store,
                                                         CdAsset   *asset);

G_END_DECLS
