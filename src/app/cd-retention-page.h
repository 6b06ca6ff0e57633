/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRetentionPage: the retention and destruction pane (留存与销毁) — the
 * custodians and the encrypted archives of what is kept, the destruction
 * of what is not (files overwritten with two people present, manual
 * records for paper, devices and cloud accounts), and the audit log. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_RETENTION_PAGE (cd_retention_page_get_type ())
G_DECLARE_FINAL_TYPE (CdRetentionPage, cd_retention_page, CD, RETENTION_PAGE, AdwBin)

GtkWidget *cd_retention_page_new       (void);
void       cd_retention_page_set_store (CdRetentionPage *self,
                                        CdStore         *store);

G_END_DECLS
