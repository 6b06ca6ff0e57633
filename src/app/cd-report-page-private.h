/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to CdReportPage, so GUI tests drive the widgets a user
 * would operate and assert on what they show. */

#pragma once

#include "cd-report.h"
#include "cd-report-page.h"

G_BEGIN_DECLS

/* What the pane shows: "empty", "building", "error" or "report". */
const char      *cd_report_page_get_state              (CdReportPage *self);
/* A build or an export is under way. */
gboolean         cd_report_page_is_busy                (CdReportPage *self);
/* The report shown, or NULL. */
CdReport        *cd_report_page_get_report             (CdReportPage *self);
/* 0-based. */
guint            cd_report_page_get_current_page       (CdReportPage *self);
GtkLabel        *cd_report_page_get_page_label         (CdReportPage *self);
GtkButton       *cd_report_page_get_previous_button    (CdReportPage *self);
GtkButton       *cd_report_page_get_next_button        (CdReportPage *self);
GtkToggleButton *cd_report_page_get_report_button      (CdReportPage *self);
GtkToggleButton *cd_report_page_get_commitment_button  (CdReportPage *self);
GtkDropDown     *cd_report_page_get_language_dropdown  (CdReportPage *self);
GtkListBox      *cd_report_page_get_checks_list        (CdReportPage *self);
GtkWidget       *cd_report_page_get_draft_box          (CdReportPage *self);
GtkListView     *cd_report_page_get_thumbnails         (CdReportPage *self);
AdwStatusPage   *cd_report_page_get_error_page         (CdReportPage *self);
GtkButton       *cd_report_page_get_open_folder_button (CdReportPage *self);
/* Thumbnails drawn so far (the cache), to check they come lazily. */
guint            cd_report_page_count_thumbnails       (CdReportPage *self);
gboolean         cd_report_page_thumbnail_drawn        (CdReportPage *self,
                                                        guint         page);
/* The last message shown in a toast. */
const char      *cd_report_page_get_last_message       (CdReportPage *self);
/* The pane's own print operation, run with GTK_PRINT_OPERATION_ACTION_EXPORT
 * into @path instead of the print dialog. */
gboolean         cd_report_page_print_to               (CdReportPage *self,
                                                        const char   *path,
                                                        GError      **error);
/* What choosing a file in Export PDF… does (@commitment_path: the
 * "commitment letter too" choice). Runs on a worker: wait for !busy. */
void             cd_report_page_export_to              (CdReportPage *self,
                                                        const char   *path,
                                                        const char   *commitment_path);

G_END_DECLS
