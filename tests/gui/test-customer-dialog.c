/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The customer dialog, driven the way a user would: type into the rows,
 * press Save or Enter, then check what is shown and what ended up in the
 * case file. Runs under Xvfb; skips itself without a display. Also saves a
 * PNG of the filled-in dialog to the build directory for people to look at
 * (screenshot-customer-dialog-en.png, and -errors-en.png with inline errors). */

#include "config.h"

#include <string.h>

#include "cd-gui-test.h"
#include "cd-inventory-customer-dialog-private.h"
#include "cd-test-util.h"

typedef struct
{
  CdTestCase tc;
} Fixture;

/* -- helpers ------------------------------------------------------------------ */

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
press_enter (AdwEntryRow *row)
{
  g_signal_emit_by_name (row, "entry-activated");
}

static gint64
count_customers (CdStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cd_store_count_customers (store, &error);

  g_assert_no_error (error);
  return n;
}

/* A resident ID with a wrong check character: one digit mistyped. */
static char *
bad_resident_id (guint n)
{
  char *id = cd_test_resident_id (n);

  id[17] = id[17] == '0' ? '1' : '0';
  return id;
}

static GtkWidget *
open_dialog (Fixture    *fixture,
             CdCustomer *customer)
{
  CdInventoryCustomerDialog *dialog;

  dialog = cd_inventory_customer_dialog_new (NULL, fixture->tc.store, customer);
  g_assert_nonnull (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WIDGET (dialog);
}

/* -- fixture ------------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  if (cd_gui_test_have_display ())
    cd_test_case_setup (&fixture->tc, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (cd_gui_test_have_display ())
    cd_test_case_teardown (&fixture->tc, data);
}

/* -- tests -------------------------------------------------------------------- */

static void
test_empty_name (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *phone = cd_test_mobile (1);
  CdInventoryCustomerDialog *dialog;
  GtkWidget *window;
  GtkWidget *save;
  AdwEntryRow *name;
  GtkLabel *name_error;

  if (!cd_gui_test_begin ())
    return;

  window = open_dialog (fixture, NULL);
  cd_gui_test_track (&window);
  dialog = CD_INVENTORY_CUSTOMER_DIALOG (window);
  name = cd_inventory_customer_dialog_get_name_row (dialog);
  name_error = cd_inventory_customer_dialog_get_name_error (dialog);
  save = cd_inventory_customer_dialog_get_save_button (dialog);

  /* A fresh dialog: nothing to save, but no complaint before any typing. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "New Customer");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (save)), ==, "_Add");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (name_error)));
  g_assert_cmpuint (adw_combo_row_get_selected (cd_inventory_customer_dialog_get_kind_row (dialog)),
                    ==, CD_CUSTOMER_KIND_INDIVIDUAL);

  /* White space is no name. */
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_phone_row (dialog), phone);
  cd_gui_test_type_text (name, "  \t ");
  g_assert_true (cd_gui_test_label_shows (name_error));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Neither Enter nor a stray "clicked" saves anything. */
  press_enter (cd_inventory_customer_dialog_get_phone_row (dialog));
  g_signal_emit_by_name (save, "clicked");
  g_assert_nonnull (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_inventory_customer_dialog_get_error_label (dialog))));
  g_assert_cmpint (count_customers (fixture->tc.store), ==, 0);

  cd_gui_test_type_text (name, "王五");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (name_error)));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (name), "error"));
  g_assert_true (gtk_widget_get_sensitive (save));

  /* Cancel (and Escape, bound to the same action) closes without saving. */
  gtk_widget_activate_action (window, "window.close", NULL);
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);
  g_assert_cmpint (count_customers (fixture->tc.store), ==, 0);
}

static void
test_invalid_id_number (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *bad_id = bad_resident_id (3);
  g_autofree char *good_id = cd_test_resident_id (3);
  CdInventoryCustomerDialog *dialog;
  GtkWidget *window;
  GtkWidget *save;
  AdwEntryRow *id_row;
  GtkLabel *id_error;

  if (!cd_gui_test_begin ())
    return;

  window = open_dialog (fixture, NULL);
  cd_gui_test_track (&window);
  dialog = CD_INVENTORY_CUSTOMER_DIALOG (window);
  id_row = cd_inventory_customer_dialog_get_id_number_row (dialog);
  id_error = cd_inventory_customer_dialog_get_id_number_error (dialog);
  save = cd_inventory_customer_dialog_get_save_button (dialog);

  cd_gui_test_type_text (cd_inventory_customer_dialog_get_name_row (dialog), "张三");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (id_row)), ==, "ID number");

  /* A mistyped digit is explained under the field, without the number. */
  cd_gui_test_type_text (id_row, bad_id);
  g_assert_true (cd_gui_test_label_shows (id_error));
  g_assert_nonnull (strstr (gtk_label_get_text (id_error), "check character"));
  g_assert_null (strstr (gtk_label_get_text (id_error), bad_id));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (id_row), "error"));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Enter or a stray "clicked" saves nothing. */
  press_enter (id_row);
  g_signal_emit_by_name (save, "clicked");
  g_assert_nonnull (window);
  g_assert_cmpint (count_customers (fixture->tc.store), ==, 0);

  /* A passport number is an ID number the core accepts for a person. */
  cd_gui_test_type_text (id_row, "E12345678");
  g_assert_false (cd_gui_test_label_shows (id_error));
  g_assert_true (gtk_widget_get_sensitive (save));

  /* For an enterprise the row asks for a credit code, and a resident ID
   * is not one. */
  cd_gui_test_type_text (id_row, good_id);
  g_assert_false (cd_gui_test_label_shows (id_error));
  adw_combo_row_set_selected (cd_inventory_customer_dialog_get_kind_row (dialog),
                              CD_CUSTOMER_KIND_ENTERPRISE);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (id_row)), ==,
                   "Unified social credit code");
  g_assert_cmpstr (adw_preferences_row_get_title (
                     ADW_PREFERENCES_ROW (cd_inventory_customer_dialog_get_name_row (dialog))),
                   ==, "Enterprise name");
  g_assert_true (cd_gui_test_label_shows (id_error));
  g_assert_nonnull (strstr (gtk_label_get_text (id_error), "unified social credit code"));
  g_assert_false (gtk_widget_get_sensitive (save));
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (window, "customer-dialog-errors");

  adw_combo_row_set_selected (cd_inventory_customer_dialog_get_kind_row (dialog),
                              CD_CUSTOMER_KIND_INDIVIDUAL);
  g_assert_false (cd_gui_test_label_shows (id_error));
  g_assert_true (gtk_widget_get_sensitive (save));

  cd_gui_test_destroy_if_alive (&window);
  g_assert_cmpint (count_customers (fixture->tc.store), ==, 0);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CdCustomer) existing = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id_number = cd_test_resident_id (5);
  CdInventoryCustomerDialog *dialog;
  GtkWidget *window;
  GtkLabel *error_label;

  if (!cd_gui_test_begin ())
    return;

  cd_customer_set_name (existing, "赵六");
  cd_customer_set_id_number (existing, id_number);
  g_assert_true (cd_store_add_customer (fixture->tc.store, existing, &error));
  g_assert_no_error (error);

  /* Valid as typed, refused by the store: the core's message is shown and
   * the dialog stays open with everything the user typed. */
  window = open_dialog (fixture, NULL);
  cd_gui_test_track (&window);
  dialog = CD_INVENTORY_CUSTOMER_DIALOG (window);
  error_label = cd_inventory_customer_dialog_get_error_label (dialog);
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_name_row (dialog), "赵六六");
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_id_number_row (dialog), id_number);
  cd_gui_test_click (cd_inventory_customer_dialog_get_save_button (dialog));
  g_assert_nonnull (window);
  g_assert_true (cd_gui_test_label_shows (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "already registered"));
  g_assert_cmpstr (row_text (cd_inventory_customer_dialog_get_name_row (dialog)), ==, "赵六六");
  g_assert_cmpint (count_customers (fixture->tc.store), ==, 1);

  /* Editing any field takes the stale message away. */
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_id_number_row (dialog), "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));

  cd_gui_test_destroy_if_alive (&window);
  g_assert_cmpint (count_customers (fixture->tc.store), ==, 1);
}

static void
test_add (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(CdCustomer) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_number = cd_test_resident_id (11);
  g_autofree char *mobile = cd_test_mobile (12);
  g_autofree char *typed_phone = NULL;
  CdInventoryCustomerDialog *dialog;
  GtkWidget *window;

  if (!cd_gui_test_begin ())
    return;

  window = open_dialog (fixture, NULL);
  cd_gui_test_track (&window);
  dialog = CD_INVENTORY_CUSTOMER_DIALOG (window);

  /* Typed the way people type: spaces around, a grouped phone number. */
  typed_phone = g_strdup_printf ("%.3s %.4s %s", mobile, mobile + 3, mobile + 7);
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_name_row (dialog), "  李四 ");
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_phone_row (dialog), typed_phone);
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_id_number_row (dialog), id_number);
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_email_row (dialog), "Li.Si@Example.COM");
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_address_row (dialog), "上海市浦东新区示例路 8 号");
  cd_gui_test_type_text (cd_inventory_customer_dialog_get_notes_row (dialog), "  ");
  g_assert_false (cd_gui_test_label_shows (cd_inventory_customer_dialog_get_phone_error (dialog)));
  g_assert_false (cd_gui_test_label_shows (cd_inventory_customer_dialog_get_email_error (dialog)));
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (window, "customer-dialog");

  /* Nothing is stored before Save. */
  g_assert_cmpint (count_customers (fixture->tc.store), ==, 0);
  cd_gui_test_click (cd_inventory_customer_dialog_get_save_button (dialog));
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);

  g_assert_cmpint (count_customers (fixture->tc.store), ==, 1);
  customers = cd_store_list_customers (fixture->tc.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (customers), ==, 1);
  saved = g_list_model_get_item (customers, 0);
  g_assert_cmpint (cd_customer_get_kind (saved), ==, CD_CUSTOMER_KIND_INDIVIDUAL);
  g_assert_cmpstr (cd_customer_get_name (saved), ==, "李四");
  g_assert_cmpstr (cd_customer_get_phone (saved), ==, mobile);
  g_assert_cmpstr (cd_customer_get_id_number (saved), ==, id_number);
  g_assert_cmpstr (cd_customer_get_email (saved), ==, "Li.Si@example.com");
  g_assert_cmpstr (cd_customer_get_address (saved), ==, "上海市浦东新区示例路 8 号");
  g_assert_null (cd_customer_get_notes (saved));
}

static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(CdCustomer) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_number = cd_test_resident_id (21);
  g_autofree char *phone = cd_test_mobile (22);
  g_autofree char *new_phone = cd_test_mobile (23);
  g_autofree char *id = NULL;
  CdInventoryCustomerDialog *dialog;
  GtkWidget *window;
  AdwEntryRow *phone_row;

  if (!cd_gui_test_begin ())
    return;

  cd_customer_set_name (customer, "陈七");
  cd_customer_set_phone (customer, phone);
  cd_customer_set_id_number (customer, id_number);
  cd_customer_set_email (customer, "chen@example.com");
  cd_customer_set_address (customer, "福建省福州市鼓楼区示例路1号");
  cd_customer_set_notes (customer, "VIP");
  g_assert_true (cd_store_add_customer (fixture->tc.store, customer, &error));
  g_assert_no_error (error);
  id = g_strdup (cd_customer_get_id (customer));

  window = open_dialog (fixture, customer);
  cd_gui_test_track (&window);
  dialog = CD_INVENTORY_CUSTOMER_DIALOG (window);
  phone_row = cd_inventory_customer_dialog_get_phone_row (dialog);

  /* The rows show the real values, and Save is possible straight away. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Edit Customer");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cd_inventory_customer_dialog_get_save_button (dialog))),
                   ==, "_Save");
  g_assert_cmpuint (adw_combo_row_get_selected (cd_inventory_customer_dialog_get_kind_row (dialog)),
                    ==, CD_CUSTOMER_KIND_INDIVIDUAL);
  g_assert_cmpstr (row_text (cd_inventory_customer_dialog_get_name_row (dialog)), ==, "陈七");
  g_assert_cmpstr (row_text (phone_row), ==, phone);
  g_assert_cmpstr (row_text (cd_inventory_customer_dialog_get_id_number_row (dialog)), ==, id_number);
  g_assert_cmpstr (row_text (cd_inventory_customer_dialog_get_email_row (dialog)), ==, "chen@example.com");
  g_assert_cmpstr (row_text (cd_inventory_customer_dialog_get_address_row (dialog)), ==,
                   "福建省福州市鼓楼区示例路1号");
  g_assert_cmpstr (row_text (cd_inventory_customer_dialog_get_notes_row (dialog)), ==, "VIP");
  g_assert_false (cd_gui_test_label_shows (cd_inventory_customer_dialog_get_name_error (dialog)));
  g_assert_true (gtk_widget_get_sensitive (cd_inventory_customer_dialog_get_save_button (dialog)));

  /* The dialog works on a copy: the object it was given is untouched. */
  cd_gui_test_type_text (phone_row, "12345");
  g_assert_true (cd_gui_test_label_shows (cd_inventory_customer_dialog_get_phone_error (dialog)));
  g_assert_false (gtk_widget_get_sensitive (cd_inventory_customer_dialog_get_save_button (dialog)));
  cd_gui_test_type_text (phone_row, new_phone);
  g_assert_false (cd_gui_test_label_shows (cd_inventory_customer_dialog_get_phone_error (dialog)));
  g_assert_cmpstr (cd_customer_get_phone (customer), ==, phone);

  /* Enter in a row saves, like the button. */
  press_enter (phone_row);
  CD_GUI_TEST_WAIT_UNTIL (window == NULL);

  g_assert_cmpint (count_customers (fixture->tc.store), ==, 1);
  reread = cd_store_get_customer (fixture->tc.store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reread);
  g_assert_cmpstr (cd_customer_get_phone (reread), ==, new_phone);
  g_assert_cmpstr (cd_customer_get_name (reread), ==, "陈七");
  g_assert_cmpstr (cd_customer_get_id_number (reread), ==, id_number);
  g_assert_cmpstr (cd_customer_get_email (reread), ==, "chen@example.com");
  g_assert_cmpstr (cd_customer_get_address (reread), ==, "福建省福州市鼓楼区示例路1号");
  g_assert_cmpstr (cd_customer_get_notes (reread), ==, "VIP");
  g_assert_cmpint (cd_customer_get_created (reread), ==, cd_customer_get_created (customer));
}

int
main (int   argc,
      char *argv[])
{
  /* Case files go to g_dir_make_tmp () directories. */
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_DEFAULT);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/inventory/customer-dialog/empty-name", test_empty_name);
  ADD ("/inventory/customer-dialog/invalid-id-number", test_invalid_id_number);
  ADD ("/inventory/customer-dialog/duplicate", test_duplicate);
  ADD ("/inventory/customer-dialog/add", test_add);
  ADD ("/inventory/customer-dialog/edit", test_edit);
#undef ADD

  return cd_gui_test_run ();
}
