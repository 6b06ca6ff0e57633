/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryCustomerDialog: adds a customer to the case or edits one. The
 * dialog works on a copy; nothing reaches the store until Save, and a core
 * error (validation, duplicate or database) is shown here with nothing
 * saved. Fields are checked as they are typed by asking the core itself,
 * so the dialog and the store never disagree about what is valid. */

#include "config.h"

#define G_LOG_DOMAIN "cd-inventory"

#include <glib/gi18n.h>

#include "cd-inventory-customer-dialog.h"
#include "cd-inventory-customer-dialog-private.h"

/* The combo position is the enum value. */
#define N_CUSTOMER_KINDS (CD_CUSTOMER_KIND_ENTERPRISE + 1)

/* Text taken out of the rows is a customer's personal data: wiped, not
 * just freed, like the fields of CdCustomer. */
typedef char PersonalText;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PersonalText, cd_crypto_wipe_free)

typedef void (*SetFieldFunc) (CdCustomer *customer,
                              const char *value);

struct _CdInventoryCustomerDialog
{
  AdwWindow    parent_instance;

  /* template widgets */
  AdwEntryRow *address_row;
  AdwEntryRow *email_row;
  GtkLabel    *email_error;
  GtkLabel    *error_label;
  AdwEntryRow *id_number_row;
  GtkLabel    *id_number_error;
  AdwComboRow *kind_row;
  AdwEntryRow *name_row;
  GtkLabel    *name_error;
  AdwEntryRow *notes_row;
  AdwEntryRow *phone_row;
  GtkLabel    *phone_error;
  GtkButton   *save_button;

  /* owned */
  CdStore     *store;
  CdCustomer  *customer;    /* the customer being edited, or NULL for a new one */

  /* An empty name is only complained about once the user has been at the
   * field (or tried to save), not on a freshly opened dialog. */
  gboolean     name_touched;
};

G_DEFINE_FINAL_TYPE (CdInventoryCustomerDialog, cd_inventory_customer_dialog, ADW_TYPE_WINDOW)

static CdCustomerKind
get_kind (CdInventoryCustomerDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected == CD_CUSTOMER_KIND_ENTERPRISE ? CD_CUSTOMER_KIND_ENTERPRISE
                                                 : CD_CUSTOMER_KIND_INDIVIDUAL;
}

/* Returns: (transfer full) (nullable): the stripped text, %NULL when empty. */
static PersonalText *
dup_text_or_null (AdwEntryRow *row)
{
  g_autoptr(PersonalText) text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

/* Asks the core about one field alone: a scratch customer with a
 * placeholder name and only this field set, so the message is the one Save
 * would give and never contains the value itself. */
static gboolean
check_field (CdInventoryCustomerDialog *self,
             AdwEntryRow               *row,
             SetFieldFunc               set_field,
             GtkLabel                  *error_label)
{
  g_autoptr(PersonalText) text = dup_text_or_null (row);
  g_autoptr(CdCustomer) probe = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = TRUE;

  if (text != NULL)
    {
      probe = cd_customer_new (get_kind (self));
      cd_customer_set_name (probe, "-");
      set_field (probe, text);
      valid = cd_customer_normalize (probe, &error);
    }

  set_row_error (row, !valid);
  show_label (error_label, valid ? NULL : error->message);
  return valid;
}

static gboolean
name_is_valid (CdInventoryCustomerDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Checks every field (no short-circuit, so each invalid one is marked) and
 * allows Save only when all pass. Any edit hides a previous Save error. */
static void
update_validity (CdInventoryCustomerDialog *self)
{
  gboolean name_valid = name_is_valid (self);
  gboolean valid = name_valid;

  set_row_error (self->name_row, !name_valid && self->name_touched);
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), !name_valid && self->name_touched);

  valid &= check_field (self, self->id_number_row, cd_customer_set_id_number,
                        self->id_number_error);
  valid &= check_field (self, self->phone_row, cd_customer_set_phone, self->phone_error);
  valid &= check_field (self, self->email_row, cd_customer_set_email, self->email_error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), valid);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
on_name_changed (CdInventoryCustomerDialog *self)
{
  self->name_touched = TRUE;
  update_validity (self);
}

static void
on_field_changed (CdInventoryCustomerDialog *self)
{
  update_validity (self);
}

/* An individual is identified by a resident ID (or a passport or permit
 * number), an enterprise by its unified social credit code, so the ID
 * number is checked again; the name row says 姓名 or 名称 accordingly in
 * Chinese. */
static void
on_kind_changed (CdInventoryCustomerDialog *self)
{
  const char *name_title;
  const char *id_number_title;

  if (get_kind (self) == CD_CUSTOMER_KIND_ENTERPRISE)
    {
      /* Translators: the registered name (名称) of a company or other organisation */
      name_title = _("Enterprise name");
      /* Translators: 统一社会信用代码, the 18-character company registration number */
      id_number_title = _("Unified social credit code");
    }
  else
    {
      /* Translators: a person's name */
      name_title = _("Name");
      /* Translators: a person's resident ID number (身份证号), or a passport or permit number */
      id_number_title = _("ID number");
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), name_title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->id_number_row), id_number_title);
  update_validity (self);
}

static void
on_save_clicked (CdInventoryCustomerDialog *self)
{
  g_autoptr(CdCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PersonalText) name = NULL;
  g_autoptr(PersonalText) phone = NULL;
  g_autoptr(PersonalText) id_number = NULL;
  g_autoptr(PersonalText) email = NULL;
  g_autoptr(PersonalText) address = NULL;
  g_autoptr(PersonalText) notes = NULL;
  gboolean ok;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    {
      /* Enter in another row with no name yet: say what is missing. */
      self->name_touched = TRUE;
      update_validity (self);
      return;
    }

  /* A fresh object on every attempt, so a failed Save leaves nothing
   * behind: only the identity of the edited customer is carried over, the
   * fields all come from the rows. */
  customer = cd_customer_new (get_kind (self));
  if (self->customer != NULL)
    {
      cd_customer_set_id (customer, cd_customer_get_id (self->customer));
      cd_customer_set_created (customer, cd_customer_get_created (self->customer));
    }

  name = dup_text_or_null (self->name_row);
  phone = dup_text_or_null (self->phone_row);
  id_number = dup_text_or_null (self->id_number_row);
  email = dup_text_or_null (self->email_row);
  address = dup_text_or_null (self->address_row);
  notes = dup_text_or_null (self->notes_row);

  cd_customer_set_name (customer, name);
  cd_customer_set_phone (customer, phone);
  cd_customer_set_id_number (customer, id_number);
  cd_customer_set_email (customer, email);
  cd_customer_set_address (customer, address);
  cd_customer_set_notes (customer, notes);

  if (!cd_customer_normalize (customer, &error))
    ok = FALSE;
  else if (self->customer != NULL)
    ok = cd_store_update_customer (self->store, customer, &error);
  else
    ok = cd_store_add_customer (self->store, customer, &error);

  if (!ok)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cd_inventory_customer_dialog_dispose (GObject *object)
{
  CdInventoryCustomerDialog *self = CD_INVENTORY_CUSTOMER_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->customer);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_INVENTORY_CUSTOMER_DIALOG);

  G_OBJECT_CLASS (cd_inventory_customer_dialog_parent_class)->dispose (object);
}

static void
cd_inventory_customer_dialog_class_init (CdInventoryCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_inventory_customer_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-inventory-customer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, email_error);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, id_number_error);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, id_number_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, notes_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryCustomerDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_inventory_customer_dialog_init (CdInventoryCustomerDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < N_CUSTOMER_KINDS; i++)
    gtk_string_list_append (kinds, cd_customer_kind_get_label ((CdCustomerKind) i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
}

/**
 * cd_inventory_customer_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the open, unlocked case
 * @customer: (nullable): the customer to edit, with its real (unmasked)
 *   values, or %NULL to add a new one
 *
 * Returns: (transfer none): a new modal dialog, not yet presented; it
 *   destroys itself when closed or saved.
 */
CdInventoryCustomerDialog *
cd_inventory_customer_dialog_new (GtkWindow  *parent,
                                  CdStore    *store,
                                  CdCustomer *customer)
{
  CdInventoryCustomerDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (customer == NULL || CD_IS_CUSTOMER (customer), NULL);

  self = g_object_new (CD_TYPE_INVENTORY_CUSTOMER_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  if (customer != NULL)
    {
      self->customer = g_object_ref (customer);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Customer"));
      gtk_button_set_label (self->save_button, _("_Save"));
      adw_combo_row_set_selected (self->kind_row, cd_customer_get_kind (customer));
      set_row_text (self->name_row, cd_customer_get_name (customer));
      set_row_text (self->phone_row, cd_customer_get_phone (customer));
      set_row_text (self->id_number_row, cd_customer_get_id_number (customer));
      set_row_text (self->email_row, cd_customer_get_email (customer));
      set_row_text (self->address_row, cd_customer_get_address (customer));
      set_row_text (self->notes_row, cd_customer_get_notes (customer));
    }

  return self;
}

AdwComboRow *
cd_inventory_customer_dialog_get_kind_row (CdInventoryCustomerDialog *self)
{
  return self->kind_row;
}

AdwEntryRow *
cd_inventory_customer_dialog_get_name_row (CdInventoryCustomerDialog *self)
{
  return self->name_row;
}

AdwEntryRow *
cd_inventory_customer_dialog_get_phone_row (CdInventoryCustomerDialog *self)
{
  return self->phone_row;
}

AdwEntryRow *
cd_inventory_customer_dialog_get_id_number_row (CdInventoryCustomerDialog *self)
{
  return self->id_number_row;
}

AdwEntryRow *
cd_inventory_customer_dialog_get_email_row (CdInventoryCustomerDialog *self)
{
  return self->email_row;
}

AdwEntryRow *
cd_inventory_customer_dialog_get_address_row (CdInventoryCustomerDialog *self)
{
  return self->address_row;
}

AdwEntryRow *
cd_inventory_customer_dialog_get_notes_row (CdInventoryCustomerDialog *self)
{
  return self->notes_row;
}

GtkLabel *
cd_inventory_customer_dialog_get_name_error (CdInventoryCustomerDialog *self)
{
  return self->name_error;
}

GtkLabel *
cd_inventory_customer_dialog_get_id_number_error (CdInventoryCustomerDialog *self)
{
  return self->id_number_error;
}

GtkLabel *
cd_inventory_customer_dialog_get_phone_error (CdInventoryCustomerDialog *self)
{
  return self->phone_error;
}

GtkLabel *
cd_inventory_customer_dialog_get_email_error (CdInventoryCustomerDialog *self)
{
  return self->email_error;
}

GtkLabel *
cd_inventory_customer_dialog_get_error_label (CdInventoryCustomerDialog *self)
{
  return self->error_label;
}

GtkWidget *
cd_inventory_customer_dialog_get_save_button (CdInventoryCustomerDialog *self)
{
  return GTK_WIDGET (self->save_button);
}
