/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to CdNoticesPage and CdTemplateDialog, so GUI tests
 * assert on what a user sees without walking widget trees. */

#pragma once

#include "cd-notices.h"
#include "cd-notices-page.h"
#include "cd-template-dialog.h"

G_BEGIN_DECLS

typedef enum
{
  CD_NOTICES_COLUMN_CUSTOMER,
  CD_NOTICES_COLUMN_HOLDINGS,
  CD_NOTICES_COLUMN_DISPOSITION,
  CD_NOTICES_COLUMN_NOTICE,
  CD_NOTICES_COLUMN_DEADLINE,
  CD_NOTICES_COLUMN_RESPONSE,
} CdNoticesColumn;

/* The filter chips, in the order shown. */
typedef enum
{
  CD_NOTICES_FILTER_ALL,
  CD_NOTICES_FILTER_NOT_SENT,
  CD_NOTICES_FILTER_AWAITING,
  CD_NOTICES_FILTER_OVERDUE,
  CD_NOTICES_FILTER_ANSWERED,
} CdNoticesFilter;

#define CD_NOTICES_N_FILTERS (CD_NOTICES_FILTER_ANSWERED + 1)

GListModel      *cd_notices_page_get_model           (CdNoticesPage   *self);
GtkColumnView   *cd_notices_page_get_view            (CdNoticesPage   *self);
char            *cd_notices_page_dup_customer_id     (CdNoticesPage   *self,
                                                      guint            position);
char            *cd_notices_page_dup_cell_text       (CdNoticesPage   *self,
                                                      guint            position,
                                                      CdNoticesColumn  column);
GtkToggleButton *cd_notices_page_get_filter_chip     (CdNoticesPage   *self,
                                                      CdNoticesFilter  filter);
GtkLabel        *cd_notices_page_get_count_label     (CdNoticesPage   *self);
GtkEditable     *cd_notices_page_get_search_entry    (CdNoticesPage   *self);
GtkWidget       *cd_notices_page_get_details         (CdNoticesPage   *self);
GtkMenuButton   *cd_notices_page_get_row_menu_button (CdNoticesPage   *self,
                                                      const char      *customer_id);
GtkWindow       *cd_notices_page_get_dialog          (CdNoticesPage   *self);
gboolean         cd_notices_page_is_loading          (CdNoticesPage   *self);
gboolean         cd_notices_page_is_rendering        (CdNoticesPage   *self);
void             cd_notices_page_render_to           (CdNoticesPage   *self,
                                                      CdNoticesFormat  format,
                                                      const char      *path,
                                                      const char      *per_customer_dir);
/* The text the count label shows for these numbers. */
char            *cd_notices_page_format_count        (guint            shown,
                                                      guint            total,
                                                      guint            overdue);

GtkEditable     *cd_template_dialog_get_subject_entry (CdTemplateDialog *self);
GtkTextBuffer   *cd_template_dialog_get_body_buffer   (CdTemplateDialog *self);
GtkTextBuffer   *cd_template_dialog_get_preview_buffer (CdTemplateDialog *self);
GtkLabel        *cd_template_dialog_get_error_label   (CdTemplateDialog *self);
GtkWidget       *cd_template_dialog_get_save_button   (CdTemplateDialog *self);
GtkListBox      *cd_template_dialog_get_variables_list (CdTemplateDialog *self);
gboolean         cd_template_dialog_get_error_position (CdTemplateDialog *self,
                                                       guint            *out_line,
                                                       guint            *out_column);
/* Runs the pending check and preview now. */
void             cd_template_dialog_update_now        (CdTemplateDialog *self);

G_END_DECLS
