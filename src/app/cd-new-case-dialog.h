/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdNewCaseDialog: asks for the dissolving company's details, a passphrase
 * and where to save, then creates the encrypted case file. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_NEW_CASE_DIALOG (cd_new_case_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdNewCaseDialog, cd_new_case_dialog, CD, NEW_CASE_DIALOG, AdwWindow)

GtkWidget *cd_new_case_dialog_new      (GtkWindow       *parent);
void       cd_new_case_dialog_set_path (CdNewCaseDialog *self,
                                        const char      *path);

G_END_DECLS
