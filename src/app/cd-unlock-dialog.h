/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdUnlockDialog: asks for the passphrase of a locked case and unlocks it. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_UNLOCK_DIALOG (cd_unlock_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdUnlockDialog, cd_unlock_dialog, CD, UNLOCK_DIALOG, AdwWindow)

GtkWidget *cd_unlock_dialog_new (GtkWindow *parent,
                                 CdStore   *store);

G_END_DECLS
