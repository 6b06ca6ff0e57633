/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRedactPage: the redaction pane (脱敏预览) — open a PDF, check the
 * identifiers found in it, add boxes by hand, by search or for a whole
 * customer, preview and export a copy where they are gone for good. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_REDACT_PAGE (cd_redact_page_get_type ())
G_DECLARE_FINAL_TYPE (CdRedactPage, cd_redact_page, CD, REDACT_PAGE, AdwBin)

GtkWidget *cd_redact_page_new             (void);
void       cd_redact_page_set_store       (CdRedactPage *self,
                                           CdStore      *store);
/* A folder whose PDFs the start page offers besides the case's scans
 * (the demo company's files). */
void       cd_redact_page_set_extra_folder (CdRedactPage *self,
                                           const char   *folder);
/* Opens @path (asks for a password if it has one). */
void       cd_redact_page_open            (CdRedactPage *self,
                                           const char   *path);

G_END_DECLS
