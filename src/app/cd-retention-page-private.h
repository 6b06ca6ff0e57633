/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Test-only access to CdRetentionPage and its dialogs, so GUI tests drive
 * the widgets a user would operate and assert on what they show. */

#pragma once

#include "cd-retention-custodian-dialog.h"
#include "cd-retention-manual-dialog.h"
#include "cd-retention-page.h"
#include "cd-retention-vault-dialog.h"

G_BEGIN_DECLS

/* The page */
GtkListBox     *cd_retention_page_get_custodians_list  (CdRetentionPage *self);
GtkListBox     *cd_retention_page_get_vaults_list      (CdRetentionPage *self);
GtkListBox     *cd_retention_page_get_notes_list       (CdRetentionPage *self);
GtkListBox     *cd_retention_page_get_manual_list      (CdRetentionPage *self);
GtkButton      *cd_retention_page_get_add_custodian_button (CdRetentionPage *self);
GtkButton      *cd_retention_page_get_create_vault_button  (CdRetentionPage *self);
GtkButton      *cd_retention_page_get_plan_button      (CdRetentionPage *self);
GtkButton      *cd_retention_page_get_withdraw_button  (CdRetentionPage *self);
GtkButton      *cd_retention_page_get_destroy_button   (CdRetentionPage *self);
GtkButton      *cd_retention_page_get_cancel_button    (CdRetentionPage *self);
GtkButton      *cd_retention_page_get_add_record_button (CdRetentionPage *self);
AdwComboRow    *cd_retention_page_get_passes_row       (CdRetentionPage *self);
AdwActionRow   *cd_retention_page_get_state_row        (CdRetentionPage *self);
AdwEntryRow    *cd_retention_page_get_operator_row     (CdRetentionPage *self);
AdwEntryRow    *cd_retention_page_get_witness_row      (CdRetentionPage *self);
AdwPreferencesGroup *cd_retention_page_get_destroy_group (CdRetentionPage *self);
/* The files of the plan (or of the last run) as listed. */
GListModel     *cd_retention_page_get_plan_items       (CdRetentionPage *self);
char           *cd_retention_page_dup_item_path        (CdRetentionPage *self,
                                                        guint            position);
char           *cd_retention_page_dup_item_status      (CdRetentionPage *self,
                                                        guint            position);
AdwActionRow   *cd_retention_page_get_audit_row        (CdRetentionPage *self);
AdwActionRow   *cd_retention_page_get_checkpoint_row   (CdRetentionPage *self);
GListModel     *cd_retention_page_get_audit_entries    (CdRetentionPage *self);
GtkCheckButton *cd_retention_page_get_show_all_check   (CdRetentionPage *self);
/* The open dialog of the pane (a custodian, vault or record dialog, or a
 * message dialog), and the case-name entry of a destruction confirmation. */
GtkWindow      *cd_retention_page_get_dialog           (CdRetentionPage *self);
GtkEditable    *cd_retention_page_get_confirm_entry    (CdRetentionPage *self);
GtkEditable    *cd_retention_page_get_confirm_operator (CdRetentionPage *self);
GtkEditable    *cd_retention_page_get_confirm_witness  (CdRetentionPage *self);
/* A plan, a run, a verification or a vault destruction is under way. */
gboolean        cd_retention_page_is_busy              (CdRetentionPage *self);
/* A reload is queued. */
gboolean        cd_retention_page_is_loading           (CdRetentionPage *self);
/* The last message shown in a toast, for tests. */
const char     *cd_retention_page_get_last_message     (CdRetentionPage *self);
/* What choosing a file in the page's file choosers does. */
void            cd_retention_page_export_audit_to      (CdRetentionPage *self,
                                                        const char      *path);
void            cd_retention_page_save_public_key_to   (CdRetentionPage *self,
                                                        const char      *path);
void            cd_retention_page_verify_vault_with    (CdRetentionPage *self,
                                                        const char      *vault_id,
                                                        const char      *key_path);

/* Add Custodian */
AdwEntryRow    *cd_retention_custodian_dialog_get_name_row        (CdRetentionCustodianDialog *self);
GtkCheckButton *cd_retention_custodian_dialog_get_import_check    (CdRetentionCustodianDialog *self);
AdwEntryRow    *cd_retention_custodian_dialog_get_recipient_row   (CdRetentionCustodianDialog *self);
GtkLabel       *cd_retention_custodian_dialog_get_recipient_error (CdRetentionCustodianDialog *self);
GtkButton      *cd_retention_custodian_dialog_get_add_button      (CdRetentionCustodianDialog *self);
GtkSwitch      *cd_retention_custodian_dialog_get_paper_switch    (CdRetentionCustodianDialog *self);
void            cd_retention_custodian_dialog_generate_to         (CdRetentionCustodianDialog *self,
                                                                   const char                 *path,
                                                                   const char                 *paper_path);

/* Create Vault */
GtkListBox     *cd_retention_vault_dialog_get_paths_list      (CdRetentionVaultDialog *self);
GtkListBox     *cd_retention_vault_dialog_get_custodians_list (CdRetentionVaultDialog *self);
AdwEntryRow    *cd_retention_vault_dialog_get_retain_row      (CdRetentionVaultDialog *self);
GtkButton      *cd_retention_vault_dialog_get_create_button   (CdRetentionVaultDialog *self);
GtkLabel       *cd_retention_vault_dialog_get_error_label     (CdRetentionVaultDialog *self);
const char     *cd_retention_vault_dialog_get_output          (CdRetentionVaultDialog *self);
gboolean        cd_retention_vault_dialog_is_running          (CdRetentionVaultDialog *self);
void            cd_retention_vault_dialog_set_output          (CdRetentionVaultDialog *self,
                                                               const char             *path);
void            cd_retention_vault_dialog_add_path            (CdRetentionVaultDialog *self,
                                                               const char             *path);

/* Add Destruction Record */
AdwComboRow    *cd_retention_manual_dialog_get_kind_row        (CdRetentionManualDialog *self);
AdwComboRow    *cd_retention_manual_dialog_get_method_row      (CdRetentionManualDialog *self);
AdwEntryRow    *cd_retention_manual_dialog_get_description_row (CdRetentionManualDialog *self);
AdwEntryRow    *cd_retention_manual_dialog_get_date_row        (CdRetentionManualDialog *self);
AdwEntryRow    *cd_retention_manual_dialog_get_operator_row    (CdRetentionManualDialog *self);
AdwEntryRow    *cd_retention_manual_dialog_get_witness_row     (CdRetentionManualDialog *self);
AdwEntryRow    *cd_retention_manual_dialog_get_serial_row      (CdRetentionManualDialog *self);
GtkSpinButton  *cd_retention_manual_dialog_get_weight_spin     (CdRetentionManualDialog *self);
GtkButton      *cd_retention_manual_dialog_get_add_button      (CdRetentionManualDialog *self);
GtkLabel       *cd_retention_manual_dialog_get_error_label     (CdRetentionManualDialog *self);
const char     *cd_retention_manual_dialog_get_asset_id        (CdRetentionManualDialog *self);
void            cd_retention_manual_dialog_set_certificate     (CdRetentionManualDialog *self,
                                                                const char              *path);

G_END_DECLS
