/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared between the case dialogs and their tests, not for the rest of the
 * app: the case-info form used by both the new-case and the case-details
 * dialog, the passphrase strength hint, and getters that let
 * tests/gui/test-dialogs.c reach the widgets a user would operate. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"
#include "cd-case-details-dialog.h"
#include "cd-new-case-dialog.h"
#include "cd-passphrase-dialog.h"
#include "cd-preferences-window.h"
#include "cd-unlock-dialog.h"

G_BEGIN_DECLS

/* -- Case-info form (implemented in cd-new-case-dialog.c) ----------------------- */

typedef void (*CdCaseFormChangedFunc) (gpointer user_data);

/* Built in code rather than from a template so that both dialogs share one
 * form; widgets are owned by the widget tree under @widget, the struct by the
 * dialog that created it. */
typedef struct
{
  /* owned by the widget tree */
  GtkWidget   *widget;
  AdwEntryRow *company_row;
  AdwEntryRow *address_row;
  AdwEntryRow *uscc_row;
  GtkLabel    *uscc_error_label;
  AdwComboRow *route_row;
  AdwEntryRow *consultant_row;
  AdwEntryRow *group_filed_row;
  AdwEntryRow *announced_row;
  AdwEntryRow *planned_row;
  GtkLabel    *dates_error_label;
  GtkLabel    *error_label;

  /* borrowed */
  CdCaseFormChangedFunc changed_func;
  gpointer              changed_data;
} CdCaseForm;

CdCaseForm *cd_case_form_new        (CdCaseFormChangedFunc  changed_func,
                                     gpointer               user_data);
void        cd_case_form_free       (CdCaseForm            *form);
void        cd_case_form_set_info   (CdCaseForm            *form,
                                     CdCaseInfo            *info);
void        cd_case_form_fill_info  (CdCaseForm            *form,
                                     CdCaseInfo            *info);
gboolean    cd_case_form_check      (CdCaseForm            *form);
void        cd_case_form_show_error (CdCaseForm            *form,
                                     CdCaseInfo            *info,
                                     const GError          *error);

/* -- Passphrase strength (implemented in cd-new-case-dialog.c) ------------------ */

#define CD_PASSPHRASE_MIN_CHARS 8

typedef enum
{
  CD_PASSPHRASE_EMPTY,
  CD_PASSPHRASE_TOO_SHORT,
  CD_PASSPHRASE_WEAK,
  CD_PASSPHRASE_FAIR,
  CD_PASSPHRASE_STRONG,
} CdPassphraseStrength;

CdPassphraseStrength cd_passphrase_get_strength (const char  *passphrase);
gboolean             cd_passphrase_hint_update  (GtkLevelBar *level_bar,
                                                 GtkLabel    *label,
                                                 GtkEditable *passphrase_row,
                                                 GtkEditable *repeat_row);
void                 cd_passphrase_level_bar_setup (GtkLevelBar *level_bar);
void                 cd_dialog_set_busy         (GtkWidget   *content,
                                                 GtkSpinner  *spinner,
                                                 gboolean     busy);

/* -- Test-only getters ------------------------------------------------------- */

CdCaseForm  *cd_new_case_dialog_get_form            (CdNewCaseDialog      *self);
AdwEntryRow *cd_new_case_dialog_get_passphrase_row  (CdNewCaseDialog      *self);
AdwEntryRow *cd_new_case_dialog_get_repeat_row      (CdNewCaseDialog      *self);
GtkLabel    *cd_new_case_dialog_get_strength_label  (CdNewCaseDialog      *self);
GtkButton   *cd_new_case_dialog_get_create_button   (CdNewCaseDialog      *self);
gboolean     cd_new_case_dialog_get_busy            (CdNewCaseDialog      *self);

AdwEntryRow *cd_unlock_dialog_get_passphrase_row    (CdUnlockDialog       *self);
GtkLabel    *cd_unlock_dialog_get_error_label       (CdUnlockDialog       *self);
GtkButton   *cd_unlock_dialog_get_unlock_button     (CdUnlockDialog       *self);
gboolean     cd_unlock_dialog_get_busy              (CdUnlockDialog       *self);

AdwEntryRow *cd_passphrase_dialog_get_current_row   (CdPassphraseDialog   *self);
AdwEntryRow *cd_passphrase_dialog_get_new_row       (CdPassphraseDialog   *self);
AdwEntryRow *cd_passphrase_dialog_get_repeat_row    (CdPassphraseDialog   *self);
GtkLabel    *cd_passphrase_dialog_get_error_label   (CdPassphraseDialog   *self);
GtkButton   *cd_passphrase_dialog_get_change_button (CdPassphraseDialog   *self);
gboolean     cd_passphrase_dialog_get_busy          (CdPassphraseDialog   *self);

CdCaseForm  *cd_case_details_dialog_get_form        (CdCaseDetailsDialog  *self);
AdwEntryRow *cd_case_details_dialog_get_member_name_row  (CdCaseDetailsDialog *self);
AdwComboRow *cd_case_details_dialog_get_member_role_row  (CdCaseDetailsDialog *self);
AdwEntryRow *cd_case_details_dialog_get_member_phone_row (CdCaseDetailsDialog *self);
GtkButton   *cd_case_details_dialog_get_add_member_button (CdCaseDetailsDialog *self);
GtkListBox  *cd_case_details_dialog_get_member_list (CdCaseDetailsDialog  *self);
GtkButton   *cd_case_details_dialog_get_save_button (CdCaseDetailsDialog  *self);

AdwComboRow *cd_preferences_window_get_lock_row     (CdPreferencesWindow  *self);
AdwComboRow *cd_preferences_window_get_language_row (CdPreferencesWindow  *self);

G_END_DECLS
