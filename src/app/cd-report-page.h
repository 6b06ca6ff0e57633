/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdReportPage: the report pane (处置报告) — the disposal report and the
 * commitment letter previewed page by page, their completeness checklist,
 * printing, and the signed PDF export. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_REPORT_PAGE (cd_report_page_get_type ())
G_DECLARE_FINAL_TYPE (CdReportPage, cd_report_page, CD, REPORT_PAGE, AdwBin)

GtkWidget *cd_report_page_new       (void);
void       cd_report_page_set_store (CdReportPage *self,
                                     CdStore      *store);

G_END_DECLS
