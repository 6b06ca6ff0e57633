/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdNoticesPage: the customer notices pane (客户告知) — each customer's
 * holdings, effective disposition, notice state, deadline and response;
 * rendering the letters, marking them sent and recording answers. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_NOTICES_PAGE (cd_notices_page_get_type ())
G_DECLARE_FINAL_TYPE (CdNoticesPage, cd_notices_page, CD, NOTICES_PAGE, AdwBin)

GtkWidget *cd_notices_page_new          (void);
void       cd_notices_page_set_store    (CdNoticesPage *self,
                                         CdStore       *store);

G_END_DECLS
