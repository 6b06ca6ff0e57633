/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to CdRedactPage, so GUI tests assert on what a user
 * sees without walking widget trees. */

#pragma once

#include "cd-redact-page.h"
#include "cd-redact-view.h"

G_BEGIN_DECLS

typedef enum
{
  CD_REDACT_PAGE_START,
  CD_REDACT_PAGE_BUSY,
  CD_REDACT_PAGE_DOCUMENT,
} CdRedactPageState;

CdRedactPageState  cd_redact_page_get_state        (CdRedactPage *self);
gboolean           cd_redact_page_is_exporting     (CdRedactPage *self);
CdRedactDocument  *cd_redact_page_get_document     (CdRedactPage *self);
CdRedactView      *cd_redact_page_get_view         (CdRedactPage *self);
GtkListView       *cd_redact_page_get_boxes_view   (CdRedactPage *self);
GListModel        *cd_redact_page_get_boxes_model  (CdRedactPage *self);
GtkListView       *cd_redact_page_get_thumbnails   (CdRedactPage *self);
GtkListBox        *cd_redact_page_get_case_pdfs    (CdRedactPage *self);
GtkLabel          *cd_redact_page_get_summary      (CdRedactPage *self);
GtkEditable       *cd_redact_page_get_search_entry (CdRedactPage *self);
GtkEditable       *cd_redact_page_get_page_entry   (CdRedactPage *self);
GtkEditable       *cd_redact_page_get_customer_entry (CdRedactPage *self);
GtkListBox        *cd_redact_page_get_customer_list (CdRedactPage *self);
GtkWindow         *cd_redact_page_get_dialog       (CdRedactPage *self);
/* How many page thumbnails are drawn and kept. */
guint              cd_redact_page_get_n_thumbnails (CdRedactPage *self);
/* The last message shown in a toast or on the start page, for tests. */
const char        *cd_redact_page_get_last_message (CdRedactPage *self);
/* Export to @path without the file chooser. */
void               cd_redact_page_export_to        (CdRedactPage *self,
                                                    const char   *path);
/* The box an item of the boxes model stands for, NULL for a page heading. */
CdRedactBox       *cd_redact_page_item_get_box     (gpointer      item);

G_END_DECLS
