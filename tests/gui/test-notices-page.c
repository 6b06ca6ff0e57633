/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the customer notices pane: the window over a temporary case
 * with six customers holding records in one asset, three of them sent a
 * letter long ago (overdue), one today, two never. The count and the
 * filters show who is overdue; a response picked from a row's own menu
 * sets that customer's records to destroy; "Mark Sent" on a selection
 * changes their notices; the template editor points at an error and
 * previews a customer's letter; rendering SMS lists the customers without
 * a phone number. Screenshots of the pane and the editor. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-gui-test.h"
#include "cd-notices-page-private.h"
#include "cd-test-util.h"
#include "cd-window-private.h"

#define N_CUSTOMERS 6

static const struct
{
  const char *name;
  gboolean    with_phone;
} customers[N_CUSTOMERS] = {
  { "张三丰", TRUE },
  { "李四海", TRUE },
  { "王五岳", TRUE },
  { "赵六合", TRUE },
  { "孙七巧", FALSE },
  { "周八方", FALSE },
};

typedef struct
{
  CdTestCase  tc;
  char       *ids[N_CUSTOMERS + 1];
  char       *masked[N_CUSTOMERS];
  char       *asset_id;
  char        today[16];
} Fixture;

static void
fixture_setup (Fixture *fixture)
{
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GError) error = NULL;
  GDate today;
  const char *old[] = { NULL, NULL, NULL, NULL };
  const char *recent[] = { NULL, NULL };

  cd_test_case_setup (&fixture->tc, NULL);
  cd_date_set_today (&today);
  g_date_strftime (fixture->today, sizeof fixture->today, "%Y-%m-%d", &today);

  cd_asset_set_location (asset, "Paper contracts, box 3");
  cd_asset_set_medium (asset, CD_MEDIUM_PAPER);
  cd_asset_set_record_type (asset, CD_RECORD_TYPE_CONTRACT);
  cd_asset_set_records (asset, 60);
  cd_asset_set_customers (asset, N_CUSTOMERS);
  g_assert_true (cd_store_add_asset (fixture->tc.store, asset, &error));
  g_assert_no_error (error);
  fixture->asset_id = g_strdup (cd_asset_get_id (asset));

  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
      g_autofree char *email = g_strdup_printf ("customer%u@example.com", i);

      cd_customer_set_name (customer, customers[i].name);
      cd_customer_set_email (customer, email);
      cd_customer_set_address (customer, "上海市浦东新区示例路 8 号");
      if (customers[i].with_phone)
        {
          g_autofree char *phone = cd_test_mobile (40 + i);

          cd_customer_set_phone (customer, phone);
        }
      g_assert_true (cd_store_add_customer (fixture->tc.store, customer, &error));
      g_assert_no_error (error);
      fixture->ids[i] = g_strdup (cd_customer_get_id (customer));
      fixture->masked[i] = cd_customer_dup_masked_name (customer);
      g_assert_true (cd_store_link_customer (fixture->tc.store, fixture->ids[i], fixture->asset_id, 2, &error));
      g_assert_no_error (error);
    }
  fixture->ids[N_CUSTOMERS] = NULL;

  /* Three sent long ago (overdue), one sent today, two never. */
  old[0] = fixture->ids[0];
  old[1] = fixture->ids[1];
  old[2] = fixture->ids[2];
  g_assert_true (cd_store_mark_notices_sent (fixture->tc.store, old, "2020-01-02", CD_CHANNEL_POST, 30, &error));
  g_assert_no_error (error);
  recent[0] = fixture->ids[3];
  g_assert_true (cd_store_mark_notices_sent (fixture->tc.store, recent, fixture->today, CD_CHANNEL_EMAIL, 30,
                                             &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture)
{
  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_free (fixture->ids[i]);
      g_free (fixture->masked[i]);
    }
  g_free (fixture->asset_id);
  cd_test_case_teardown (&fixture->tc, NULL);
}

static guint
position_of (CdNoticesPage *page,
             const char    *customer_id)
{
  GListModel *model = cd_notices_page_get_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autofree char *id = cd_notices_page_dup_customer_id (page, i);

      if (g_strcmp0 (id, customer_id) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static char *
cell (CdNoticesPage   *page,
      const char      *customer_id,
      CdNoticesColumn  column)
{
  return cd_notices_page_dup_cell_text (page, position_of (page, customer_id), column);
}

static void
assert_count (CdNoticesPage *page,
              guint          shown,
              guint          total,
              guint          overdue)
{
  g_autofree char *expected = cd_notices_page_format_count (shown, total, overdue);

  g_assert_cmpstr (gtk_label_get_text (cd_notices_page_get_count_label (page)), ==, expected);
}

static void
choose_filter (CdNoticesPage   *page,
               CdNoticesFilter  filter)
{
  gtk_toggle_button_set_active (cd_notices_page_get_filter_chip (page, filter), TRUE);
  cd_gui_test_settle (50);
}

static void
select_only (CdNoticesPage      *page,
             const char * const *ids)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (cd_notices_page_get_model (page));

  gtk_selection_model_unselect_all (model);
  for (guint i = 0; ids[i] != NULL; i++)
    gtk_selection_model_select_item (model, position_of (page, ids[i]), FALSE);
}

/* The action and target of the row menu's item for @response. */
static gboolean
find_menu_item (GMenuModel  *menu,
                const char  *response_id,
                char       **out_action,
                GVariant   **out_target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autoptr(GVariant) target = NULL;
      g_autofree char *action = NULL;

      if (section != NULL && find_menu_item (section, response_id, out_action, out_target))
        return TRUE;
      if (!g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        continue;
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      if (target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE ("(ss)")))
        {
          const char *id = NULL;

          g_variant_get (target, "(&s&s)", NULL, &id);
          if (g_strcmp0 (id, response_id) == 0)
            {
              *out_action = g_steal_pointer (&action);
              *out_target = g_steal_pointer (&target);
              return TRUE;
            }
        }
    }
  return FALSE;
}

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
running_in_english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language == NULL || g_str_has_prefix (language, "en") || g_strcmp0 (language, "C") == 0;
}

/* Opens the pane from the sidebar, as a click on its row would. */
static CdNoticesPage *
show_notices (CdWindow *window)
{
  CdNoticesPage *page = cd_window_get_notices_page (window);

  cd_gui_test_show_pane (GTK_WIDGET (window), "notices");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  return page;
}

static void
test_pane (void)
{
  Fixture fixture = { 0, };
  CdWindow *window;
  CdNoticesPage *page;
  GListModel *model;

  if (!cd_gui_test_begin ())
    return;

  fixture_setup (&fixture);
  window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_set_store (window, fixture.tc.store, FALSE);
  page = show_notices (window);

  /* Six customers, three overdue. */
  model = cd_notices_page_get_model (page);
  CD_GUI_TEST_WAIT_UNTIL (!cd_notices_page_is_loading (page) && g_list_model_get_n_items (model) == N_CUSTOMERS);
  assert_count (page, N_CUSTOMERS, N_CUSTOMERS, 3);
  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_autofree char *name = cell (page, fixture.ids[i], CD_NOTICES_COLUMN_CUSTOMER);
      g_autofree char *deadline = cell (page, fixture.ids[i], CD_NOTICES_COLUMN_DEADLINE);
      g_autofree char *holdings = cell (page, fixture.ids[i], CD_NOTICES_COLUMN_HOLDINGS);

      /* Masked, never the real name. */
      g_assert_cmpstr (name, ==, fixture.masked[i]);
      g_assert_true (strstr (name, customers[i].name) == NULL);
      g_assert_cmpstr (holdings, !=, "—");
      if (i < 3)
        {
          g_autofree char *overdue = g_strdup_printf (_("%s · ⚠ Overdue"), "2020-02-01");

          g_assert_cmpstr (deadline, ==, overdue);
        }
      else if (i == 3)
        g_assert_cmpstr (deadline, !=, "—");
      else
        g_assert_cmpstr (deadline, ==, "—");
    }
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_notices_page_get_view (page)), fixture.masked[0]));

  /* The filters. */
  choose_filter (page, CD_NOTICES_FILTER_OVERDUE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = cd_notices_page_dup_customer_id (page, i);

      g_assert_true (g_strcmp0 (id, fixture.ids[0]) == 0 || g_strcmp0 (id, fixture.ids[1]) == 0 ||
                     g_strcmp0 (id, fixture.ids[2]) == 0);
    }
  assert_count (page, 3, N_CUSTOMERS, 3);
  choose_filter (page, CD_NOTICES_FILTER_NOT_SENT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  choose_filter (page, CD_NOTICES_FILTER_AWAITING);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  choose_filter (page, CD_NOTICES_FILTER_ANSWERED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  choose_filter (page, CD_NOTICES_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_CUSTOMERS);

  /* The search: on the masked name or the customer id. */
  cd_gui_test_type_text (cd_notices_page_get_search_entry (page), fixture.ids[4]);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (model) == 1);
  cd_gui_test_type_text (cd_notices_page_get_search_entry (page), "");
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (model) == N_CUSTOMERS);
  cd_gui_test_settle (200);

  /* "Delete my data", picked from the row's own menu. */
  {
    GtkMenuButton *button = cd_notices_page_get_row_menu_button (page, fixture.ids[1]);
    g_autofree char *action = NULL;
    g_autoptr(GVariant) target = NULL;
    g_autofree char *disposition = NULL;
    g_autofree char *response = NULL;
    g_autoptr(GPtrArray) plans = NULL;
    g_autoptr(GError) error = NULL;
    guint found = 0;

    g_assert_nonnull (button);
    /* Opened as a click (or Enter on it) opens it; the item picked does
     * what a click on it does: activate its action from the menu. */
    gtk_menu_button_popup (button);
    cd_gui_test_settle (100);
    g_assert_nonnull (gtk_menu_button_get_popover (button));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));
    g_assert_true (find_menu_item (gtk_menu_button_get_menu_model (button), "delete", &action, &target));
    /* As GtkPopoverMenu does on a click: close, then activate from its place. */
    gtk_menu_button_popdown (button);
    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (button), action, target));
    cd_gui_test_settle (100);

    disposition = cell (page, fixture.ids[1], CD_NOTICES_COLUMN_DISPOSITION);
    g_assert_cmpstr (disposition, ==, cd_disposition_get_label (CD_DISPOSITION_DESTROY));
    response = cell (page, fixture.ids[1], CD_NOTICES_COLUMN_RESPONSE);
    g_assert_cmpstr (response, ==, cd_response_get_label (CD_RESPONSE_DELETE));
    plans = cd_store_list_customer_plans (fixture.tc.store, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < plans->len; i++)
      {
        CdCustomerPlan *plan = plans->pdata[i];

        if (g_strcmp0 (plan->customer_id, fixture.ids[1]) != 0)
          continue;
        found++;
        g_assert_cmpint (plan->disposition, ==, CD_DISPOSITION_DESTROY);
        g_assert_true (plan->from_response);
      }
    g_assert_cmpuint (found, ==, 1);
    /* Answered: no longer overdue. */
    assert_count (page, N_CUSTOMERS, N_CUSTOMERS, 2);
    g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_notices_page_get_view (page)),
                                                  cd_disposition_get_label (CD_DISPOSITION_DESTROY)));
  }

  /* "Other…" asks what they said. */
  {
    GtkWindow *dialog;
    GtkTextBuffer *buffer;
    g_autofree char *response = NULL;
    g_autoptr(CdNotice) notice = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record-other", "s", fixture.ids[3]));
    dialog = cd_notices_page_get_dialog (page);
    g_assert_nonnull (dialog);
    buffer = g_object_get_data (G_OBJECT (dialog), "cd-text");
    gtk_text_buffer_set_text (buffer, "Call me back next week", -1);
    cd_gui_test_click (g_object_get_data (G_OBJECT (dialog), "cd-apply"));
    CD_GUI_TEST_WAIT_UNTIL (cd_notices_page_get_dialog (page) == NULL);
    response = cell (page, fixture.ids[3], CD_NOTICES_COLUMN_RESPONSE);
    g_assert_cmpstr (response, ==, cd_response_get_label (CD_RESPONSE_OTHER));
    notice = cd_store_get_notice (fixture.tc.store, fixture.ids[3], &error);
    g_assert_no_error (error);
    g_assert_cmpint (notice->response, ==, CD_RESPONSE_OTHER);
    g_assert_cmpstr (notice->response_text, ==, "Call me back next week");
    g_assert_cmpstr (notice->responded_on, ==, fixture.today);
  }

  /* Mark Sent on a selection, by e-mail today. */
  {
    const char *ids[] = { fixture.ids[4], fixture.ids[5], NULL };
    GtkWindow *dialog;
    g_autofree char *expected = g_strdup_printf (_("Sent %s · %s"), fixture.today,
                                                 cd_channel_get_label (CD_CHANNEL_EMAIL));

    select_only (page, ids);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.mark-sent", NULL));
    dialog = cd_notices_page_get_dialog (page);
    g_assert_nonnull (dialog);
    g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), "cd-date")), ==, fixture.today);
    adw_combo_row_set_selected (g_object_get_data (G_OBJECT (dialog), "cd-channel"), CD_CHANNEL_EMAIL);
    cd_gui_test_settle (100);
    cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "notices-mark-sent");
    cd_gui_test_click (g_object_get_data (G_OBJECT (dialog), "cd-apply"));
    CD_GUI_TEST_WAIT_UNTIL (cd_notices_page_get_dialog (page) == NULL);
    for (guint i = 0; ids[i] != NULL; i++)
      {
        g_autofree char *notice = cell (page, ids[i], CD_NOTICES_COLUMN_NOTICE);

        g_assert_cmpstr (notice, ==, expected);
      }
    choose_filter (page, CD_NOTICES_FILTER_NOT_SENT);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
    choose_filter (page, CD_NOTICES_FILTER_ALL);
  }

  /* The side panel of the customer who asked for deletion. */
  {
    const char *ids[] = { fixture.ids[1], NULL };
    GtkWidget *details = cd_notices_page_get_details (page);

    select_only (page, ids);
    cd_gui_test_settle (300);
    g_assert_true (cd_gui_test_widget_shows_text (details, fixture.masked[1]));
    g_assert_true (cd_gui_test_widget_shows_text (details, _("Set to destroy at the customer’s request")));
    cd_gui_test_save_screenshot (GTK_WIDGET (window), "notices");

    /* Tag the customer as a minor: the panel's button, then the dialog. */
    {
      GtkWindow *dialog;
      GtkWidget *box;
      g_autoptr(GPtrArray) overrides = NULL;
      g_autoptr(GError) error = NULL;
      const CdCustomerPlan *tagged = NULL;

      gtk_widget_activate_action (GTK_WIDGET (page), "notices.tag-categories", "s", fixture.ids[1]);
      cd_gui_test_settle (100);
      dialog = cd_notices_page_get_dialog (page);
      g_assert_nonnull (dialog);
      box = g_object_get_data (G_OBJECT (dialog), "cd-box");
      for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
        if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)),
                       cd_category_get_label (CD_CATEGORY_MINOR)) == 0)
          gtk_check_button_set_active (GTK_CHECK_BUTTON (c), TRUE);
      cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "notices-categories");
      cd_gui_test_click (g_object_get_data (G_OBJECT (dialog), "cd-apply"));
      cd_gui_test_settle (300);
      overrides = cd_store_list_customer_plans (fixture.tc.store, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < overrides->len; i++)
        if (g_strcmp0 (((CdCustomerPlan *) overrides->pdata[i])->customer_id, fixture.ids[1]) == 0)
          tagged = overrides->pdata[i];
      g_assert_nonnull (tagged);
      g_assert_cmpuint (tagged->categories, ==, CD_CATEGORY_MINOR);
      /* The answer's destroy override is still the answer's. */
      g_assert_cmpint (tagged->disposition, ==, CD_DISPOSITION_DESTROY);
      g_assert_true (tagged->from_response);
      details = cd_notices_page_get_details (page);
      g_assert_true (cd_gui_test_widget_shows_text (details, cd_category_get_label (CD_CATEGORY_MINOR)));
    }
  }

  /* Rendering SMS for those who have not answered: two have no phone. */
  {
    g_autofree char *path = g_build_filename (fixture.tc.dir, "letters.csv", NULL);
    GtkWindow *dialog;
    const char *body;

    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (model));
    cd_notices_page_render_to (page, CD_NOTICES_FORMAT_SMS, path, NULL);
    g_assert_true (cd_notices_page_is_rendering (page));
    CD_GUI_TEST_WAIT_UNTIL (!cd_notices_page_is_rendering (page));
    dialog = cd_notices_page_get_dialog (page);
    g_assert_nonnull (dialog);
    g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
    body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
    g_assert_nonnull (strstr (body, fixture.masked[4]));
    g_assert_nonnull (strstr (body, fixture.masked[5]));
    g_assert_null (strstr (body, fixture.masked[0]));
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    cd_gui_test_settle (200);
    cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "notices-rendered");
    gtk_window_destroy (dialog);
    cd_gui_test_settle (50);
  }

  /* PDF for those who have not answered, with one file per customer. */
  {
    g_autofree char *path = g_build_filename (fixture.tc.dir, "letters.pdf", NULL);
    g_autofree char *dir = g_build_filename (fixture.tc.dir, "letters", NULL);
    g_autoptr(GDir) listing = NULL;
    GtkWindow *dialog;
    guint n_files = 0;

    cd_notices_page_render_to (page, CD_NOTICES_FORMAT_PDF, path, dir);
    CD_GUI_TEST_WAIT_UNTIL (!cd_notices_page_is_rendering (page));
    dialog = cd_notices_page_get_dialog (page);
    g_assert_nonnull (dialog);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    listing = g_dir_open (dir, 0, NULL);
    g_assert_nonnull (listing);
    while (g_dir_read_name (listing) != NULL)
      n_files++;
    g_assert_cmpuint (n_files, >, 0);
    gtk_window_destroy (dialog);
    cd_gui_test_settle (50);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  fixture_teardown (&fixture);
}

static void
test_template_dialog (void)
{
  Fixture fixture = { 0, };
  CdWindow *window;
  CdNoticesPage *page;
  CdTemplateDialog *dialog;
  const char *ids[] = { NULL, NULL };
  guint line = 0;
  guint column = 0;

  if (!cd_gui_test_begin ())
    return;

  fixture_setup (&fixture);
  window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_set_store (window, fixture.tc.store, FALSE);
  page = show_notices (window);
  CD_GUI_TEST_WAIT_UNTIL (!cd_notices_page_is_loading (page) &&
                          g_list_model_get_n_items (cd_notices_page_get_model (page)) == N_CUSTOMERS);

  /* The preview shows the selected customer's letter. */
  ids[0] = fixture.ids[2];
  select_only (page, ids);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.edit-template", NULL));
  dialog = CD_TEMPLATE_DIALOG (cd_notices_page_get_dialog (page));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_list_box_get_row_at_index (cd_template_dialog_get_variables_list (dialog), 0) != NULL);
  {
    /* The shipped letter compiles and is addressed to the customer. */
    g_autofree char *preview = buffer_text (cd_template_dialog_get_preview_buffer (dialog));

    g_assert_true (gtk_widget_get_sensitive (cd_template_dialog_get_save_button (dialog)));
    g_assert_nonnull (strstr (preview, customers[2].name));
  }

  /* An unknown variable: where it is, and no saving. */
  gtk_text_buffer_set_text (cd_template_dialog_get_body_buffer (dialog), "Hello {{nosuch}}", -1);
  CD_GUI_TEST_WAIT_UNTIL (cd_template_dialog_get_error_position (dialog, &line, &column));
  g_assert_cmpuint (line, ==, 1);
  /* At the tag (7) or at the name inside it (9). */
  g_assert_cmpuint (column, >=, 7);
  g_assert_cmpuint (column, <=, 9);
  if (running_in_english ())
    g_assert_nonnull (strstr (gtk_label_get_text (cd_template_dialog_get_error_label (dialog)), "Line 1, column"));
  g_assert_nonnull (strstr (gtk_label_get_text (cd_template_dialog_get_error_label (dialog)), "nosuch"));
  g_assert_false (gtk_widget_get_sensitive (cd_template_dialog_get_save_button (dialog)));
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "notices-template-error");

  /* Fixed: the preview has the customer's name, and it can be saved. */
  gtk_text_buffer_set_text (cd_template_dialog_get_body_buffer (dialog),
                            "Dear {{customer_name}},\n\nWe are closing.\n", -1);
  CD_GUI_TEST_WAIT_UNTIL (!cd_template_dialog_get_error_position (dialog, &line, &column));
  cd_template_dialog_update_now (dialog);
  {
    g_autofree char *preview = buffer_text (cd_template_dialog_get_preview_buffer (dialog));

    /* Compared in memory: the real name is in the letter. */
    g_assert_nonnull (strstr (preview, customers[2].name));
    g_assert_nonnull (strstr (preview, "We are closing."));
  }
  g_assert_cmpstr (gtk_label_get_text (cd_template_dialog_get_error_label (dialog)), ==, "");
  g_assert_true (gtk_widget_get_sensitive (cd_template_dialog_get_save_button (dialog)));
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "notices-template");

  /* Clicking a variable inserts it at the cursor. */
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (cd_template_dialog_get_variables_list (dialog), 0);
    const char *name = g_object_get_data (G_OBJECT (row), "cd-name");
    g_autofree char *tag = g_strdup_printf ("{{%s}}", name);
    g_autofree char *body = NULL;

    gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_ancestor (GTK_WIDGET (row), GTK_TYPE_LIST_BOX)));
    g_signal_emit_by_name (row, "activate");
    body = buffer_text (cd_template_dialog_get_body_buffer (dialog));
    g_assert_nonnull (strstr (body, tag));
  }

  /* Closing with unsaved edits asks first; keeping them keeps the dialog. */
  {
    GList *toplevels;
    AdwMessageDialog *ask = NULL;

    gtk_window_close (GTK_WINDOW (dialog));
    cd_gui_test_settle (200);
    toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next)
      if (ADW_IS_MESSAGE_DIALOG (l->data) &&
          gtk_window_get_transient_for (GTK_WINDOW (l->data)) == GTK_WINDOW (dialog))
        ask = l->data;
    g_list_free (toplevels);
    g_assert_nonnull (ask);
    g_assert_cmpstr (adw_message_dialog_get_heading (ask), ==, _("Discard the Changes?"));
    adw_message_dialog_response (ask, "cancel");
    cd_gui_test_settle (200);
    g_assert_true (cd_notices_page_get_dialog (page) == GTK_WINDOW (dialog));
    {
      g_autofree char *kept = buffer_text (cd_template_dialog_get_body_buffer (dialog));

      g_assert_nonnull (strstr (kept, "We are closing."));
    }
  }

  /* Save: the case has its own version. */
  {
    g_autoptr(GPtrArray) templates = NULL;
    g_autoptr(GError) error = NULL;

    cd_gui_test_click (cd_template_dialog_get_save_button (dialog));
    CD_GUI_TEST_WAIT_UNTIL (cd_notices_page_get_dialog (page) == NULL);
    templates = cd_store_list_case_templates (fixture.tc.store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (templates->len, ==, 1);
    g_assert_nonnull (strstr (((CdCaseTemplate *) templates->pdata[0])->body, "We are closing."));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  fixture_teardown (&fixture);
}

/* The demo case at its real size: every customer listed, loading fast
 * enough to follow every change. */
static void
test_demo (void)
{
  CdWindow *window;
  CdNoticesPage *page;
  GListModel *model;
  g_autofree char *first_id = NULL;
  gint64 start;

  if (!cd_gui_test_begin ())
    return;

  window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_open_demo (window);
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "case");
  page = show_notices (window);
  model = cd_notices_page_get_model (page);
  CD_GUI_TEST_WAIT_UNTIL (!cd_notices_page_is_loading (page) &&
                          g_list_model_get_n_items (model) == CD_DEMO_N_CUSTOMERS);

  /* One change of the case: one reload of every customer. */
  first_id = cd_notices_page_dup_customer_id (page, 0);
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.record-response", "(ss)", first_id,
                                             "no_objection"));
  g_test_message ("recording a response and reloading %u customers: %.0f ms", CD_DEMO_N_CUSTOMERS,
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, CD_DEMO_N_CUSTOMERS);

  /* Everyone marked sent at once: one change, every row replaced. */
  {
    GtkWindow *dialog;
    g_autofree char *notice = NULL;
    g_autofree char *expected = NULL;
    GDate today;
    char today_text[16];

    cd_date_set_today (&today);
    g_date_strftime (today_text, sizeof today_text, "%Y-%m-%d", &today);
    expected = g_strdup_printf (_("Sent %s · %s"), today_text, cd_channel_get_label (CD_CHANNEL_POST));
    gtk_selection_model_select_all (GTK_SELECTION_MODEL (model));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "notices.mark-sent", NULL));
    dialog = cd_notices_page_get_dialog (page);
    g_assert_nonnull (dialog);
    start = g_get_monotonic_time ();
    cd_gui_test_click (g_object_get_data (G_OBJECT (dialog), "cd-apply"));
    CD_GUI_TEST_WAIT_UNTIL (cd_notices_page_get_dialog (page) == NULL);
    g_test_message ("marking %u letters sent and reloading: %.0f ms", CD_DEMO_N_CUSTOMERS,
                    (g_get_monotonic_time () - start) / 1000.0);
    notice = cd_notices_page_dup_cell_text (page, CD_DEMO_N_CUSTOMERS - 1, CD_NOTICES_COLUMN_NOTICE);
    g_assert_cmpstr (notice, ==, expected);
  }

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (model));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 3, TRUE);
  cd_gui_test_settle (500);
  cd_gui_test_save_screenshot (GTK_WIDGET (window), "notices-demo");

  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);

  g_test_add_func ("/notices-page/pane", test_pane);
  g_test_add_func ("/notices-page/template-dialog", test_template_dialog);
  g_test_add_func ("/notices-page/demo", test_demo);

  return cd_gui_test_run ();
}
