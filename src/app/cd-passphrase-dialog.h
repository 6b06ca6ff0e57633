/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdPassphraseDialog: changes the passphrase of an open case. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_PASSPHRASE_DIALOG (cd_passphrase_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdPassphraseDialog, cd_passphrase_dialog, CD, PASSPHRASE_DIALOG, AdwWindow)

GtkWidget *cd_passphrase_dialog_new (GtkWindow *parent,
                                     CdStore   *store);

G_END_DECLS
