/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdCaseDetailsDialog: edits the case metadata (the form shared with the
 * new-case dialog) and the liquidation group. The metadata is written on
 * Save; members are added and removed at once, each its own audited
 * transaction in the store. */

#include "config.h"

#define G_LOG_DOMAIN "cd-case-details"

#include <glib/gi18n.h>

#include "cd-case-details-dialog.h"
#include "cd-gui-util.h"
#include "cd-dialogs-private.h"

struct _CdCaseDetailsDialog
{
  AdwWindow     parent_instance;

  /* template widgets */
  GtkButton    *add_member_button;
  GtkBox       *form_box;
  GtkLabel     *member_error_label;
  GtkListBox   *member_list;
  AdwEntryRow  *member_name_row;
  AdwEntryRow  *member_phone_row;
  AdwComboRow  *member_role_row;
  GtkButton    *save_button;

  /* owned */
  CdStore      *store;
  CdCaseInfo   *info;
  CdCaseForm   *form;
};

G_DEFINE_FINAL_TYPE (CdCaseDetailsDialog, cd_case_details_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload_members (CdCaseDetailsDialog *self);

static void
show_member_error (CdCaseDetailsDialog *self,
                   const char          *message)
{
  gtk_label_set_text (self->member_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->member_error_label), message != NULL);
}

static void
update_sensitivity (CdCaseDetailsDialog *self)
{
  gboolean form_ok = cd_case_form_check (self->form);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->member_name_row))));

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), self->info != NULL && form_ok);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_member_button), *name != '\0');
}

static void
form_changed (gpointer user_data)
{
  update_sensitivity (CD_CASE_DETAILS_DIALOG (user_data));
}

static void
member_entry_changed_cb (CdCaseDetailsDialog *self)
{
  show_member_error (self, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->member_phone_row), "error");
  update_sensitivity (self);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  CdCaseDetailsDialog *self = CD_CASE_DETAILS_DIALOG (user_data);
  const char *id = g_object_get_data (G_OBJECT (dialog), "cd-member-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!cd_store_remove_member (self->store, id, &error))
    show_member_error (self, error->message);
  reload_members (self);
}

static void
remove_clicked_cb (GtkButton           *button,
                   CdCaseDetailsDialog *self)
{
  CdMember *member = g_object_get_data (G_OBJECT (button), "cd-member");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Member?"), NULL);
  /* Translators: %s is a person's name */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s will be removed from the liquidation group of this case."),
                                  cd_member_get_name (member));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    /* Translators: button, removes a liquidation group member */
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cd-member-id",
                          g_strdup (cd_member_get_id (member)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_member_row (CdCaseDetailsDialog *self,
                   CdMember            *member)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  const char *phone = cd_member_get_phone (member);
  const char *role = cd_member_role_get_label (cd_member_get_role (member));
  g_autofree char *subtitle = NULL;
  g_autofree char *remove_label = NULL;

  /* Names are data: no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cd_member_get_name (member));
  if (phone != NULL && *phone != '\0')
    /* Translators: a member's role and phone number, e.g. “Finance · 13800138000” */
    subtitle = g_strdup_printf (_("%s · %s"), role, phone);
  else
    subtitle = g_strdup (role);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* Translators: accessible label of a button; %s is a person's name */
  remove_label = g_strdup_printf (_("Remove %s"), cd_member_get_name (member));
  gtk_widget_set_tooltip_text (button, _("Remove from the liquidation group"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "cd-member", g_object_ref (member), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
reload_members (CdCaseDetailsDialog *self)
{
  g_autoptr(GListModel) members = NULL;
  g_autoptr(GError) error = NULL;

  cd_gui_list_box_clear (self->member_list);

  members = cd_store_list_members (self->store, &error);
  if (members == NULL)
    {
      show_member_error (self, error->message);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (members); i++)
    {
      g_autoptr(CdMember) member = g_list_model_get_item (members, i);

      gtk_list_box_append (self->member_list, create_member_row (self, member));
    }
}

static void
add_member_clicked_cb (CdCaseDetailsDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->member_name_row))));
  g_autofree char *phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->member_phone_row))));
  guint role = adw_combo_row_get_selected (self->member_role_row);
  g_autoptr(CdMember) member = NULL;
  g_autoptr(GError) error = NULL;

  if (*name == '\0')
    return;

  member = cd_member_new (name, role < CD_N_MEMBER_ROLES ? (CdMemberRole) role : CD_MEMBER_ROLE_MEMBER);
  if (*phone != '\0')
    cd_member_set_phone (member, phone);

  if (!cd_store_add_member (self->store, member, &error))
    {
      show_member_error (self, error->message);
      if (*phone != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (self->member_phone_row), "error");
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->member_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->member_phone_row), "");
  reload_members (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->member_name_row));
}

static void
save_clicked_cb (CdCaseDetailsDialog *self)
{
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (self->info == NULL || !gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;

  info = cd_case_info_copy (self->info);
  cd_case_form_fill_info (self->form, info);
  if (!cd_case_info_validate (info, &error) ||
      !cd_store_update_case_info (self->store, info, &error))
    {
      cd_case_form_show_error (self->form, info, error);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
      return;
    }

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cd_case_details_dialog_dispose (GObject *object)
{
  CdCaseDetailsDialog *self = CD_CASE_DETAILS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_CASE_DETAILS_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->info);

  G_OBJECT_CLASS (cd_case_details_dialog_parent_class)->dispose (object);
}

static void
cd_case_details_dialog_finalize (GObject *object)
{
  CdCaseDetailsDialog *self = CD_CASE_DETAILS_DIALOG (object);

  g_clear_pointer (&self->form, cd_case_form_free);

  G_OBJECT_CLASS (cd_case_details_dialog_parent_class)->finalize (object);
}

static void
cd_case_details_dialog_class_init (CdCaseDetailsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_case_details_dialog_dispose;
  object_class->finalize = cd_case_details_dialog_finalize;

  /**
   * CdCaseDetailsDialog::saved:
   *
   * The case metadata was written; the dialog closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-case-details-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, add_member_button);
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, member_error_label);
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, member_list);
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, member_name_row);
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, member_phone_row);
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, member_role_row);
  gtk_widget_class_bind_template_child (widget_class, CdCaseDetailsDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, add_member_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_case_details_dialog_init (CdCaseDetailsDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->form = cd_case_form_new (form_changed, self);
  gtk_box_append (self->form_box, self->form->widget);

  for (CdMemberRole role = 0; role < CD_N_MEMBER_ROLES; role++)
    gtk_string_list_append (roles, cd_member_role_get_label (role));
  adw_combo_row_set_model (self->member_role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->member_role_row, CD_MEMBER_ROLE_MEMBER);

  placeholder = gtk_label_new (_("No members yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->member_list, placeholder);
}

/**
 * cd_case_details_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: an open, unlocked store
 *
 * Returns: (transfer floating): a new, modal #CdCaseDetailsDialog
 */
GtkWidget *
cd_case_details_dialog_new (GtkWindow *parent,
                            CdStore   *store)
{
  CdCaseDetailsDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  self = g_object_new (CD_TYPE_CASE_DETAILS_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->store = g_object_ref (store);

  self->info = cd_store_get_case_info (store, &error);
  if (self->info != NULL)
    cd_case_form_set_info (self->form, self->info);
  else
    cd_case_form_show_error (self->form, NULL, error);

  reload_members (self);
  update_sensitivity (self);
  return GTK_WIDGET (self);
}

/* -- test-only getters ---------------------------------------------------------- */

CdCaseForm *
cd_case_details_dialog_get_form (CdCaseDetailsDialog *self)
{
  return self->form;
}

AdwEntryRow *
cd_case_details_dialog_get_member_name_row (CdCaseDetailsDialog *self)
{
  return self->member_name_row;
}

AdwComboRow *
cd_case_details_dialog_get_member_role_row (CdCaseDetailsDialog *self)
{
  return self->member_role_row;
}

AdwEntryRow *
cd_case_details_dialog_get_member_phone_row (CdCaseDetailsDialog *self)
{
  return self->member_phone_row;
}

GtkButton *
cd_case_details_dialog_get_add_member_button (CdCaseDetailsDialog *self)
{
  return self->add_member_button;
}

GtkListBox *
cd_case_details_dialog_get_member_list (CdCaseDetailsDialog *self)
{
  return self->member_list;
}

GtkButton *
cd_case_details_dialog_get_save_button (CdCaseDetailsDialog *self)
{
  return self->save_button;
}
