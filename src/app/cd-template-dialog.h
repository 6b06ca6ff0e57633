/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdTemplateDialog: editing the case's version of a letter template, with
 * its errors where they are and a live preview for one customer. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_TEMPLATE_DIALOG (cd_template_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdTemplateDialog, cd_template_dialog, CD, TEMPLATE_DIALOG, AdwWindow)

CdTemplateDialog *cd_template_dialog_new (GtkWindow  *parent,
                                          CdStore    *store,
                                          const char *template_name,
                                          const char *language,
                                          const char *preview_customer_id);

G_END_DECLS
