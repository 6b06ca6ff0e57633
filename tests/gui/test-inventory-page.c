/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the inventory pane: a real CdInventoryPage in a window under
 * Xvfb, over a temporary case; assertions are on what a user sees (rows in
 * the view, the summary, dialogs' fields and errors, masked cells). */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-gui-test.h"
#include "cd-gui-util.h"
#include "cd-index-filter-model.h"
#include "cd-inventory-page-private.h"
#include "cd-test-util.h"

typedef struct
{
  CdTestCase       tc;
  GtkWindow       *window;
  CdInventoryPage *page;
} Fixture;

/* Waits for the page's filters, then a few more turns for layout and cell
 * binding. */
static void
settle (Fixture *f)
{
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_page_is_filtering (f->page));
  for (int i = 0; i < 20; i++)
    cd_gui_test_iterate ();
}

static guint
n_assets_shown (Fixture *f)
{
  settle (f);
  return g_list_model_get_n_items (cd_inventory_page_get_assets_model (f->page));
}

/* Whether the page's filters have run and its assets (or customers) view
 * lists @n rows. */
static gboolean
lists (Fixture  *f,
       gboolean  customers,
       guint     n)
{
  GListModel *model = customers ? cd_inventory_page_get_customers_model (f->page)
                                : cd_inventory_page_get_assets_model (f->page);

  return !cd_inventory_page_is_filtering (f->page) && g_list_model_get_n_items (model) == n;
}

/* The search entry applies its text after a short delay (search-changed):
 * wait for the count a user would see, then check it once more. */
#define assert_assets_shown(f, count) G_STMT_START {            \
    CD_GUI_TEST_WAIT_UNTIL (lists ((f), FALSE, (count)));       \
    g_assert_cmpuint (n_assets_shown (f), ==, (count));         \
  } G_STMT_END

#define assert_customers_shown(f, count) G_STMT_START {                                            \
    CD_GUI_TEST_WAIT_UNTIL (lists ((f), TRUE, (count)));                                           \
    settle (f);                                                                                    \
    g_assert_cmpuint (g_list_model_get_n_items (cd_inventory_page_get_customers_model ((f)->page)), \
                      ==, (count));                                                                \
  } G_STMT_END

#define assert_no_dialog(f) \
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog ((f)->page) == NULL)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  if (!cd_gui_test_have_display ())
    return;
  cd_test_case_setup (&f->tc, data);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 700);
  f->page = CD_INVENTORY_PAGE (cd_inventory_page_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (!cd_gui_test_have_display ())
    return;
  cd_inventory_page_set_store (f->page, NULL);
  gtk_window_destroy (f->window);
  for (int i = 0; i < 10; i++)
    cd_gui_test_iterate ();
  cd_test_case_teardown (&f->tc, data);
}

static void
add_asset (CdStore    *store,
           const char *location,
           CdMedium    medium,
           CdRecordType type,
           const char *format,
           gint64      records,
           gint64      customers,
           const char *custodian)
{
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GError) error = NULL;

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_record_type (asset, type);
  cd_asset_set_format (asset, format);
  cd_asset_set_records (asset, records);
  cd_asset_set_customers (asset, customers);
  cd_asset_set_custodian (asset, custodian);
  cd_store_add_asset (store, asset, &error);
  g_assert_no_error (error);
}

static void
add_sample_assets (CdStore *store)
{
  add_asset (store, "财务服务器", CD_MEDIUM_SERVER, CD_RECORD_TYPE_TRANSACTION, "MySQL", 1200, 300, "张三");
  add_asset (store, "档案柜 3", CD_MEDIUM_PAPER, CD_RECORD_TYPE_CONTRACT, "纸质合同", 500, 200, "李四");
  add_asset (store, "CRM Server", CD_MEDIUM_SERVER, CD_RECORD_TYPE_PERSONAL, "Excel", 10, 5, "Wang");
}

static const char *
last_audit_action (CdStore *store)
{
  static char action[64];
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  CdAuditEntry *last;

  entries = cd_store_list_audit (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  last = g_ptr_array_index (entries, entries->len - 1);
  g_strlcpy (action, last->action, sizeof action);
  return action;
}

static void
collect (GtkWidget *widget,
         GString   *texts,
         GPtrArray *toggles)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL)
    g_string_append_printf (texts, "%s\n", gtk_inscription_get_text (GTK_INSCRIPTION (widget)));
  if (GTK_IS_TOGGLE_BUTTON (widget) && toggles != NULL)
    g_ptr_array_add (toggles, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, texts, toggles);
}

static char *
visible_text (GtkWidget *widget)
{
  GString *texts = g_string_new (NULL);

  collect (widget, texts, NULL);
  return g_string_free (texts, FALSE);
}

/* Saves screenshot-@what-<LANGUAGE>.png once the page has drawn. */
static void
screenshot (Fixture    *f,
            GtkWidget  *widget,
            const char *what)
{
  settle (f);
  cd_gui_test_settle (100);
  cd_gui_test_save_screenshot (widget, what);
}

/* ── Tests ───────────────────────────────────────────────────────────── */

static void
test_empty_and_clear (Fixture       *f,
                      gconstpointer  data)
{
  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  assert_assets_shown (f, 0);
  g_assert_cmpstr (cd_inventory_page_get_assets_state (f->page), ==, "empty");
  screenshot (f, GTK_WIDGET (f->window), "inventory-empty");

  add_sample_assets (f->tc.store);
  assert_assets_shown (f, 3);
  g_assert_cmpstr (cd_inventory_page_get_assets_state (f->page), ==, "list");

  cd_inventory_page_set_store (f->page, NULL);
  assert_assets_shown (f, 0);
  g_assert_cmpuint (g_list_model_get_n_items (cd_inventory_page_get_customers_model (f->page)), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.add-asset", NULL);
  g_assert_null (cd_inventory_page_get_dialog (f->page));   /* disabled without a case */
}

static void
test_search_chips_summary (Fixture       *f,
                           gconstpointer  data)
{
  GtkEditable *search;
  GtkToggleButton *paper, *server;
  const char *summary;

  if (!cd_gui_test_begin ())
    return;

  add_sample_assets (f->tc.store);
  cd_inventory_page_set_store (f->page, f->tc.store);
  search = cd_inventory_page_get_search_entry (f->page);
  assert_assets_shown (f, 3);

  summary = gtk_label_get_text (cd_inventory_page_get_summary_label (f->page));
  g_assert_nonnull (strstr (summary, "3 assets"));
  /* Grouped even in the C locale the tests run in */
  g_assert_nonnull (strstr (summary, "1,710 records"));
  g_assert_nonnull (strstr (summary, "505 customers"));
  g_assert_nonnull (strstr (gtk_label_get_text (cd_inventory_page_get_media_summary_label (f->page)),
                            "Server 2 · Paper 1"));
  g_assert_null (cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_PC));
  screenshot (f, GTK_WIDGET (f->window), "inventory-assets");

  /* Search: case-insensitive substring of location, format, custodian */
  gtk_editable_set_text (search, "crm");
  assert_assets_shown (f, 1);
  gtk_editable_set_text (search, "MYSQL");
  assert_assets_shown (f, 1);
  gtk_editable_set_text (search, "李");
  assert_assets_shown (f, 1);
  gtk_editable_set_text (search, "no such thing");
  assert_assets_shown (f, 0);
  g_assert_cmpstr (cd_inventory_page_get_assets_state (f->page), ==, "no-match");
  gtk_editable_set_text (search, "");
  assert_assets_shown (f, 3);

  /* Chips: OR within media, AND with the search */
  paper = cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_PAPER);
  server = cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_SERVER);
  g_assert_nonnull (paper);
  g_assert_nonnull (server);
  gtk_toggle_button_set_active (paper, TRUE);
  assert_assets_shown (f, 1);
  summary = gtk_label_get_text (cd_inventory_page_get_summary_label (f->page));
  g_assert_nonnull (strstr (summary, "1 asset ·"));
  g_assert_nonnull (strstr (summary, "500 records"));
  gtk_toggle_button_set_active (server, TRUE);
  assert_assets_shown (f, 3);
  gtk_toggle_button_set_active (paper, FALSE);
  assert_assets_shown (f, 2);
  gtk_editable_set_text (search, "excel");
  assert_assets_shown (f, 1);

  /* A new asset reaches the view through the store's change signal */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.clear-filters", NULL);
  add_asset (f->tc.store, "Boss's phone", CD_MEDIUM_MOBILE_CHAT, CD_RECORD_TYPE_COMMUNICATION,
             "WeChat", 80, 40, NULL);
  assert_assets_shown (f, 4);
  g_assert_nonnull (cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_MOBILE_CHAT));
}

static void
test_asset_dialog (Fixture       *f,
                   gconstpointer  data)
{
  CdInventoryAssetDialog *dialog;
  AdwEntryRow *location;
  GtkWidget *save;
  g_autoptr(CdAsset) asset = NULL;

  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  settle (f);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.edit-asset", NULL) &&
                  cd_inventory_page_get_dialog (f->page) != NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.add-asset", NULL));
  dialog = CD_INVENTORY_ASSET_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  location = cd_inventory_asset_dialog_get_location_row (dialog);
  save = cd_inventory_asset_dialog_get_save_button (dialog);
  g_assert_false (gtk_widget_get_sensitive (save));

  gtk_editable_set_text (GTK_EDITABLE (location), "   ");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (location), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_inventory_asset_dialog_get_location_error (dialog))));
  screenshot (f, GTK_WIDGET (dialog), "inventory-asset-dialog-error");

  gtk_editable_set_text (GTK_EDITABLE (location), "Finance NAS");
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (location), "error"));
  adw_combo_row_set_selected (cd_inventory_asset_dialog_get_medium_row (dialog), CD_MEDIUM_PAPER);
  gtk_spin_button_set_value (cd_inventory_asset_dialog_get_records_spin (dialog), 42);
  g_signal_emit_by_name (save, "clicked");
  assert_no_dialog (f);
  assert_assets_shown (f, 1);

  asset = cd_inventory_page_get_asset (f->page, 0);
  g_assert_cmpstr (cd_asset_get_location (asset), ==, "Finance NAS");
  g_assert_cmpint (cd_asset_get_medium (asset), ==, CD_MEDIUM_PAPER);
  g_assert_cmpint (cd_asset_get_records (asset), ==, 42);
  g_clear_object (&asset);

  /* Edit the selected asset */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (f->page)), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.edit-asset", NULL));
  dialog = CD_INVENTORY_ASSET_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  location = cd_inventory_asset_dialog_get_location_row (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (location)), ==, "Finance NAS");
  g_assert_cmpfloat (gtk_spin_button_get_value (cd_inventory_asset_dialog_get_records_spin (dialog)), ==, 42);
  gtk_editable_set_text (GTK_EDITABLE (location), "Finance NAS (basement)");
  g_signal_emit_by_name (cd_inventory_asset_dialog_get_save_button (dialog), "clicked");
  assert_no_dialog (f);
  assert_assets_shown (f, 1);
  asset = cd_inventory_page_get_asset (f->page, 0);
  g_assert_cmpstr (cd_asset_get_location (asset), ==, "Finance NAS (basement)");
  g_assert_cmpint (cd_asset_get_medium (asset), ==, CD_MEDIUM_PAPER);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  GtkWindow *dialog;
  GtkSelectionModel *selection;

  if (!cd_gui_test_begin ())
    return;

  add_sample_assets (f->tc.store);
  cd_inventory_page_set_store (f->page, f->tc.store);
  assert_assets_shown (f, 3);
  selection = GTK_SELECTION_MODEL (cd_inventory_page_get_assets_model (f->page));

  /* Cancel keeps everything */
  gtk_selection_model_select_all (selection);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.delete-assets", NULL));
  dialog = cd_inventory_page_get_dialog (f->page);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete 3 Data Assets?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "audit log"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* _response () only emits the signal; a click also closes the dialog */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  assert_no_dialog (f);
  assert_assets_shown (f, 3);

  /* Delete two */
  gtk_selection_model_unselect_all (selection);
  gtk_selection_model_select_range (selection, 0, 2, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.delete-assets", NULL));
  dialog = cd_inventory_page_get_dialog (f->page);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Delete 2 Data Assets?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (dialog);
  assert_assets_shown (f, 1);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "asset.delete");
}

static void
test_customers_masked_and_reveal (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();
  g_autoptr(GString) texts = g_string_new (NULL);
  g_autofree char *id_number = cd_test_resident_id (7);
  g_autofree char *after = NULL;
  GtkWidget *view;

  if (!cd_gui_test_begin ())
    return;

  cd_customer_set_name (customer, "张伟");
  cd_customer_set_phone (customer, "13812345678");
  cd_customer_set_id_number (customer, id_number);
  cd_customer_set_email (customer, "zhangwei@example.com");
  cd_store_add_customer (f->tc.store, customer, &error);
  g_assert_no_error (error);

  cd_inventory_page_set_store (f->page, f->tc.store);
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (f->page), "customers");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "inventory.delete-assets", NULL) &&
                  cd_inventory_page_get_dialog (f->page) != NULL);
  view = GTK_WIDGET (cd_inventory_page_get_customers_view (f->page));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (view, "138****5678"));
  collect (view, texts, toggles);
  g_assert_null (strstr (texts->str, "13812345678"));
  g_assert_null (strstr (texts->str, "张伟"));
  g_assert_null (strstr (texts->str, id_number));
  g_assert_cmpuint (toggles->len, ==, 1);
  screenshot (f, GTK_WIDGET (f->window), "inventory-customers");

  gtk_toggle_button_set_active (g_ptr_array_index (toggles, 0), TRUE);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (view, "13812345678"));
  after = visible_text (view);
  g_assert_nonnull (strstr (after, "张伟"));
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "customer.reveal");

  /* Search runs on real values */
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "zhangwei@");
  assert_customers_shown (f, 1);
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "13999");
  assert_customers_shown (f, 0);

  /* Locking (set_store NULL) forgets the reveal and empties the view */
  cd_inventory_page_set_store (f->page, NULL);
  settle (f);
  g_free (after);
  after = visible_text (view);
  g_assert_null (strstr (after, "13812345678"));
  g_assert_null (strstr (after, "138****5678"));
  cd_inventory_page_set_store (f->page, f->tc.store);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (view, "138****5678"));
  g_free (after);
  after = visible_text (view);
  g_assert_null (strstr (after, "13812345678"));
}

/* ── Search over many rows ───────────────────────────────────────────── */

/* Imports @n generated assets (cd_test_make_assets ()): asset i has a
 * location ending in "-<i in 6 digits>.xlsx", medium i mod 8, record type
 * i mod 5, and i records (below 5,000). */
static void
import_assets (Fixture *f,
               guint    n)
{
  g_autoptr(GPtrArray) assets = cd_test_make_assets (n);
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_store_import_assets (f->tc.store, assets, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
has_folded (const char *field,
            const char *folded_search)
{
  g_autofree char *folded = NULL;

  if (field == NULL)
    return FALSE;
  folded = g_utf8_casefold (field, -1);
  return strstr (folded, folded_search) != NULL;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* What a user expects the asset list to show, in the store's order: the
 * assets with @search (in any case) in their location, format or
 * custodian, on one of the media in @media and of one of the record types
 * in @types (bit masks, 0 for any). One location per line. */
static char *
expected_assets (Fixture    *f,
                 const char *search,
                 guint       media,
                 guint       types)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) assets = cd_store_list_assets (f->tc.store, &error);
  g_autofree char *folded = g_utf8_casefold (search, -1);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);

      if (media != 0 && (media & (1u << cd_asset_get_medium (asset))) == 0)
        continue;
      if (types != 0 && (types & (1u << cd_asset_get_record_type (asset))) == 0)
        continue;
      if (!has_folded (cd_asset_get_location (asset), folded) &&
          !has_folded (cd_asset_get_format (asset), folded) &&
          !has_folded (cd_asset_get_custodian (asset), folded))
        continue;
      g_string_append_printf (out, "%s\n", cd_asset_get_location (asset));
    }
  return g_string_free (out, FALSE);
}

/* The locations of the assets the view lists, in its order, one per line:
 * read from the rows whose cells are on screen, not from the sorted list
 * under them, so a row the view was not told to redraw shows up here. */
static char *
shown_assets (Fixture *f)
{
  GListModel *model = cd_inventory_page_get_assets_model (f->page);
  GString *out = g_string_new (NULL);

  settle (f);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CdRow) row = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s\n", cd_asset_get_location (cd_row_get_item (row)));
    }
  return g_string_free (out, FALSE);
}

/* The summary below the list starts with the number of assets shown. */
static void
assert_summary_counts (Fixture *f,
                       guint    n)
{
  g_autofree char *count = cd_gui_format_count (n);
  g_autofree char *prefix = g_strconcat (count, " ", NULL);
  const char *summary = gtk_label_get_text (cd_inventory_page_get_summary_label (f->page));

  g_assert_true (g_str_has_prefix (summary, prefix));
}

/* Types @text into the search entry (with the chips of @media and @types
 * on) and checks that the view lists exactly the assets a user expects, in
 * order, and that the summary counts them. */
static void
assert_search_shows (Fixture    *f,
                     const char *text,
                     guint       media,
                     guint       types)
{
  g_autofree char *expected = expected_assets (f, text, media, types);
  g_autofree char *shown = NULL;
  guint n = count_lines (expected);

  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), text);
  assert_assets_shown (f, n);
  shown = shown_assets (f);
  g_assert_cmpstr (shown, ==, expected);
  assert_summary_counts (f, n);
}

static void
test_search_narrow_and_widen (Fixture       *f,
                              gconstpointer  data)
{
  static const char * const steps[] = { "-", "-0", "-00", "-000", "-0001", "-00012", "-000123" };
  g_autofree char *widened = NULL;
  g_autofree char *fresh = NULL;

  if (!cd_gui_test_begin ())
    return;

  import_assets (f, 300);
  cd_inventory_page_set_store (f->page, f->tc.store);
  assert_assets_shown (f, 300);

  /* Typed one character at a time, then erased: each backspace widens the
   * rows shown, which must be those of a search typed afresh. */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    assert_search_shows (f, steps[i], 0, 0);
  g_assert_cmpuint (n_assets_shown (f), ==, 1);
  for (guint i = G_N_ELEMENTS (steps) - 1; i-- > 0;)
    assert_search_shows (f, steps[i], 0, 0);
  assert_search_shows (f, "", 0, 0);
  g_assert_cmpuint (n_assets_shown (f), ==, 300);

  /* Neither narrower nor wider: every row is tested again. */
  assert_search_shows (f, "-00012", 0, 0);
  assert_search_shows (f, "-00021", 0, 0);
  assert_search_shows (f, "EXCEL", 0, 0);
  assert_search_shows (f, "赵磊", 0, 0);

  /* Widened by a backspace and typed afresh: the same rows. */
  assert_search_shows (f, "-00012", 0, 0);
  assert_search_shows (f, "-0001", 0, 0);
  widened = shown_assets (f);
  assert_search_shows (f, "", 0, 0);
  assert_search_shows (f, "-0001", 0, 0);
  fresh = shown_assets (f);
  g_assert_cmpstr (widened, ==, fresh);

  /* Assets added while a search is on are tested as they arrive. */
  add_asset (f->tc.store, "档案室 -0001 新增", CD_MEDIUM_PAPER, CD_RECORD_TYPE_CONTRACT, "纸质",
             1, 1, NULL);
  add_asset (f->tc.store, "Unrelated", CD_MEDIUM_PAPER, CD_RECORD_TYPE_CONTRACT, "纸质", 1, 1, NULL);
  assert_assets_shown (f, 101);
  assert_search_shows (f, "-0001", 0, 0);
  assert_search_shows (f, "", 0, 0);
  g_assert_cmpuint (n_assets_shown (f), ==, 302);
}

/* A chip of the assets' tab by its label (record types have no accessor). */
static GtkToggleButton *
find_chip (GtkWidget  *widget,
           const char *label)
{
  if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return GTK_TOGGLE_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkToggleButton *chip = find_chip (child, label);

      if (chip != NULL)
        return chip;
    }
  return NULL;
}

static void
test_search_with_chips (Fixture       *f,
                        gconstpointer  data)
{
  GtkToggleButton *paper, *server, *contract;
  guint media = 0;
  guint types = 0;

  if (!cd_gui_test_begin ())
    return;

  import_assets (f, 400);
  cd_inventory_page_set_store (f->page, f->tc.store);
  assert_assets_shown (f, 400);
  paper = cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_PAPER);
  server = cd_inventory_page_get_medium_chip (f->page, CD_MEDIUM_SERVER);
  contract = find_chip (GTK_WIDGET (f->page), cd_record_type_get_label (CD_RECORD_TYPE_CONTRACT));
  g_assert_nonnull (paper);
  g_assert_nonnull (server);
  g_assert_nonnull (contract);

  /* OR within the media, AND with the record type and the search, each
   * step narrowing or widening the rows shown. */
  assert_search_shows (f, "-0001", media, types);
  gtk_toggle_button_set_active (paper, TRUE);
  media |= 1u << CD_MEDIUM_PAPER;
  assert_search_shows (f, "-0001", media, types);
  gtk_toggle_button_set_active (server, TRUE);
  media |= 1u << CD_MEDIUM_SERVER;
  assert_search_shows (f, "-0001", media, types);
  gtk_toggle_button_set_active (contract, TRUE);
  types |= 1u << CD_RECORD_TYPE_CONTRACT;
  assert_search_shows (f, "-0001", media, types);
  assert_search_shows (f, "-000", media, types);
  assert_search_shows (f, "", media, types);
  gtk_toggle_button_set_active (paper, FALSE);
  media &= ~(1u << CD_MEDIUM_PAPER);
  assert_search_shows (f, "", media, types);
  assert_search_shows (f, "-0002", media, types);
  gtk_toggle_button_set_active (server, FALSE);
  media = 0;
  assert_search_shows (f, "-0002", media, types);
  gtk_toggle_button_set_active (contract, FALSE);
  types = 0;
  assert_search_shows (f, "-0002", media, types);
  assert_search_shows (f, "", media, types);
  g_assert_cmpuint (n_assets_shown (f), ==, 400);
}

/* Whether the view lists @n assets, by records in descending order. */
static gboolean
records_descend (Fixture *f,
                 guint    n)
{
  GListModel *model = cd_inventory_page_get_assets_model (f->page);
  gint64 last = G_MAXINT64;

  if (g_list_model_get_n_items (model) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdAsset) asset = cd_inventory_page_get_asset (f->page, i);

      if (cd_asset_get_records (asset) > last)
        return FALSE;
      last = cd_asset_get_records (asset);
    }
  return TRUE;
}

static void
test_search_keeps_sort (Fixture       *f,
                        gconstpointer  data)
{
  GtkColumnView *view;
  GListModel *columns;
  GtkColumnViewColumn *records = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;

  if (!cd_gui_test_begin ())
    return;

  import_assets (f, 300);
  cd_inventory_page_set_store (f->page, f->tc.store);
  assert_assets_shown (f, 300);

  /* The first numeric column is the records' */
  view = cd_inventory_page_get_assets_view (f->page);
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; records == NULL && i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (GTK_IS_NUMERIC_SORTER (gtk_column_view_column_get_sorter (column)))
        records = column;
    }
  g_assert_nonnull (records);
  gtk_column_view_sort_by_column (view, records, GTK_SORT_DESCENDING);
  CD_GUI_TEST_WAIT_UNTIL (records_descend (f, 300));

  /* Narrowed, then widened by a backspace: still sorted, and the rows are
   * those of the search. */
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "-00012");
  CD_GUI_TEST_WAIT_UNTIL (records_descend (f, 10));
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "-0001");
  CD_GUI_TEST_WAIT_UNTIL (records_descend (f, 100));
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "");
  CD_GUI_TEST_WAIT_UNTIL (records_descend (f, 300));

  /* Unsorted again: the store's order. */
  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "-0001");
  expected = expected_assets (f, "-0001", 0, 0);
  CD_GUI_TEST_WAIT_UNTIL (lists (f, FALSE, 100));
  shown = shown_assets (f);
  g_assert_cmpstr (shown, ==, expected);
}

/* The customers the view lists, by e-mail, in its order (as shown_assets ()). */
static char *
shown_customers (Fixture *f)
{
  GListModel *model = cd_inventory_page_get_customers_model (f->page);
  GString *out = g_string_new (NULL);

  settle (f);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CdRow) row = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s\n", cd_customer_get_email (cd_row_get_item (row)));
    }
  return g_string_free (out, FALSE);
}

/* The customers a user expects for @search: any of the name, phone, ID
 * number, e-mail or address has it, in any case. */
static char *
expected_customers (Fixture    *f,
                    const char *search)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) customers = cd_store_list_customers (f->tc.store, &error);
  g_autofree char *folded = g_utf8_casefold (search, -1);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);

      if (!has_folded (cd_customer_get_name (customer), folded) &&
          !has_folded (cd_customer_get_phone (customer), folded) &&
          !has_folded (cd_customer_get_id_number (customer), folded) &&
          !has_folded (cd_customer_get_email (customer), folded) &&
          !has_folded (cd_customer_get_address (customer), folded))
        continue;
      g_string_append_printf (out, "%s\n", cd_customer_get_email (customer));
    }
  return g_string_free (out, FALSE);
}

static void
assert_customers_search_shows (Fixture    *f,
                               const char *text)
{
  g_autofree char *expected = expected_customers (f, text);
  g_autofree char *shown = NULL;

  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), text);
  assert_customers_shown (f, count_lines (expected));
  shown = shown_customers (f);
  g_assert_cmpstr (shown, ==, expected);
}

static void
test_customers_search (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GString) csv = cd_test_customers_csv (200);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  guint added = 0, duplicates = 0;

  if (!cd_gui_test_begin ())
    return;

  customers = cd_customers_from_csv (csv->str, csv->len, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_import_customers (f->tc.store, customers, NULL, &added, &duplicates,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 200);
  cd_inventory_page_set_store (f->page, f->tc.store);
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (f->page), "customers");
  assert_customers_shown (f, 200);

  /* On the real values (never shown unmasked), narrowed and widened */
  assert_customers_search_shows (f, "USER1");
  assert_customers_search_shows (f, "user12");
  assert_customers_search_shows (f, "user12@");
  assert_customers_search_shows (f, "user12");
  assert_customers_search_shows (f, "user1");
  assert_customers_search_shows (f, "世纪大道1");
  assert_customers_search_shows (f, "");
  assert_customers_shown (f, 200);

  /* Typed on the assets' tab, the search reaches the customers' when shown. */
  assert_customers_search_shows (f, "user12");
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (f->page), "assets");
  gtk_editable_set_text (cd_inventory_page_get_search_entry (f->page), "user1");
  assert_assets_shown (f, 0);
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (f->page), "customers");
  expected = expected_customers (f, "user1");
  assert_customers_shown (f, count_lines (expected));
  shown = shown_customers (f);
  g_assert_cmpstr (shown, ==, expected);
}

static GFile *
write_gbk_csv (Fixture    *f,
               const char *name,
               const char *utf8)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tc.dir, name, NULL);
  gsize len = 0;
  g_autofree char *gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, &error);

  g_assert_no_error (error);
  g_file_set_contents (path, gbk, (gssize) len, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_import_assets_gbk (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  CdInventoryImportDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  file = write_gbk_csv (f, "资产清单.csv",
                        "位置,介质,记录类型,格式,记录数,客户数,保管人\r\n"
                        "财务服务器,服务器,交易记录,MySQL,1200,300,张三\r\n"
                        "档案柜,纸质,合同,纸质,500,200,李四\r\n"
                        "老板手机,微信,沟通记录,聊天,80,40,王五\r\n");
  g_assert_true (cd_inventory_page_import_file (f->page, file));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  g_assert_nonnull (dialog);
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_cmpstr (gtk_label_get_text (cd_inventory_import_dialog_get_encoding_label (dialog)), ==, "GB18030");
  g_assert_cmpstr (gtk_label_get_text (cd_inventory_import_dialog_get_rows_label (dialog)), ==, "3");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_inventory_import_dialog_get_error_label (dialog))));
  g_assert_true (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
  g_assert_nonnull (gtk_grid_get_child_at (cd_inventory_import_dialog_get_preview_grid (dialog), 0, 3));
  screenshot (f, GTK_WIDGET (dialog), "inventory-import-dialog");

  g_signal_emit_by_name (cd_inventory_import_dialog_get_import_button (dialog), "clicked");
  assert_no_dialog (f);
  assert_assets_shown (f, 3);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "assets.import");
}

static void
test_import_customers_errors_and_mask (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) good = NULL;
  g_autofree char *good_csv = NULL;
  g_autofree char *id1 = cd_test_resident_id (1);
  g_autofree char *id2 = cd_test_resident_id (2);
  CdInventoryImportDialog *dialog;
  GtkWidget *label;
  const char *error_text;

  if (!cd_gui_test_begin ())
    return;

  cd_inventory_page_set_store (f->page, f->tc.store);
  adw_view_stack_set_visible_child_name (cd_inventory_page_get_view_stack (f->page), "customers");

  bad = write_gbk_csv (f, "bad.csv",
                       "类型,姓名,手机号\r\n"
                       "个人,张伟,13812345678\r\n"
                       "外星人,李娜,13912345678\r\n");
  g_assert_true (cd_inventory_page_import_file (f->page, bad));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cd_inventory_import_dialog_get_error_label (dialog))));
  error_text = gtk_label_get_text (cd_inventory_import_dialog_get_error_label (dialog));
  g_assert_nonnull (strstr (error_text, "3"));   /* names the line */
  g_assert_false (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));
  assert_no_dialog (f);

  good_csv = g_strdup_printf ("姓名,手机号,身份证号\r\n"
                              "张伟,13812345678,%s\r\n"
                              "李娜,13912345678,%s\r\n"
                              "张伟,13812345678,%s\r\n", id1, id2, id1);
  good = write_gbk_csv (f, "good.csv", good_csv);
  g_assert_true (cd_inventory_page_import_file (f->page, good));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_true (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
  /* The preview is masked */
  label = gtk_grid_get_child_at (cd_inventory_import_dialog_get_preview_grid (dialog), 1, 1);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "138****5678");
  label = gtk_grid_get_child_at (cd_inventory_import_dialog_get_preview_grid (dialog), 0, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "张伟");

  g_signal_emit_by_name (cd_inventory_import_dialog_get_import_button (dialog), "clicked");
  assert_no_dialog (f);
  assert_customers_shown (f, 2);
}

static void
test_import_too_large (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  CdInventoryImportDialog *dialog;
  int fd;

  if (!cd_gui_test_begin ())
    return;

  path = g_build_filename (f->tc.dir, "huge.csv", NULL);
  fd = g_open (path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 257 * 1024 * 1024), ==, 0);   /* sparse */
  close (fd);
  file = g_file_new_for_path (path);

  cd_inventory_page_set_store (f->page, f->tc.store);
  g_assert_true (cd_inventory_page_import_file (f->page, file));
  dialog = CD_INVENTORY_IMPORT_DIALOG (cd_inventory_page_get_dialog (f->page));
  CD_GUI_TEST_WAIT_UNTIL (!cd_inventory_import_dialog_is_loading (dialog));
  g_assert_nonnull (strstr (gtk_label_get_text (cd_inventory_import_dialog_get_error_label (dialog)), "256 MiB"));
  g_assert_false (gtk_widget_get_sensitive (cd_inventory_import_dialog_get_import_button (dialog)));
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
  g_autoptr(GError) error = NULL;
  g_autofree char *masked_path = NULL;
  g_autofree char *full_path = NULL;
  g_autoptr(GFile) masked = NULL;
  g_autoptr(GFile) full = NULL;

  if (!cd_gui_test_begin ())
    return;

  cd_customer_set_name (customer, "张伟");
  cd_customer_set_phone (customer, "13812345678");
  cd_store_add_customer (f->tc.store, customer, &error);
  g_assert_no_error (error);
  cd_inventory_page_set_store (f->page, f->tc.store);
  settle (f);

  masked_path = g_build_filename (f->tc.dir, "masked.csv", NULL);
  full_path = g_build_filename (f->tc.dir, "full.csv", NULL);
  masked = g_file_new_for_path (masked_path);
  full = g_file_new_for_path (full_path);
  g_assert_true (cd_inventory_page_export_to_file (f->page, masked, TRUE, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (last_audit_action (f->tc.store), ==, "customers.export");
  g_assert_false (cd_test_file_contains (masked_path, "13812345678", 11));
  g_assert_true (cd_test_file_contains (masked_path, "138****5678", 11));
  g_assert_true (cd_inventory_page_export_to_file (f->page, full, TRUE, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (cd_test_file_contains (full_path, "13812345678", 11));
}

/* ── CdIndexFilterModel ──────────────────────────────────────────────── */

/* A copy of a model kept up to date from its "items-changed" alone: if the
 * signal's ranges are wrong, it differs from the model. */
static void
mirror_items_changed (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, (int) (position + i), g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (model));
}

static char *
location_key (gpointer item,
              gpointer user_data)
{
  guint *n_keys = user_data;

  (*n_keys)++;
  return g_utf8_casefold (cd_asset_get_location (item), -1);
}

static guint32
medium_tags (gpointer item,
             gpointer user_data)
{
  return 1u << cd_asset_get_medium (item);
}

/* The model and its mirror list the items of @base that have @search in
 * their location and one of the media of @media (0: any), in @base's order. */
static void
assert_model_filters (CdIndexFilterModel *model,
                      CdObjectList       *base,
                      GPtrArray          *mirror,
                      const char         *search,
                      guint32             media)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (base)); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (G_LIST_MODEL (base), i);
      g_autoptr(CdAsset) shown = NULL;

      if ((search != NULL && strstr (cd_asset_get_location (asset), search) == NULL) ||
          (media != 0 && (media & (1u << cd_asset_get_medium (asset))) == 0))
        continue;
      shown = g_list_model_get_item (G_LIST_MODEL (model), n);
      g_assert_true (shown == asset);
      g_assert_true (n < mirror->len && g_ptr_array_index (mirror, n) == asset);
      n++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (mirror->len, ==, n);
}

static CdAsset *
make_asset (const char *location,
            CdMedium    medium)
{
  CdAsset *asset = cd_asset_new ();

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  return asset;
}

static void
test_index_filter_model (void)
{
  g_autoptr(CdObjectList) base = cd_object_list_new (CD_TYPE_ASSET);
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CdIndexFilterModel) model = NULL;
  guint32 paper_or_server[] = { (1u << CD_MEDIUM_PAPER) | (1u << CD_MEDIUM_SERVER) };
  guint32 paper[] = { 1u << CD_MEDIUM_PAPER };
  guint n_keys = 0;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *location = g_strdup_printf ("asset-%03u", i);

      CdMedium medium = i % 3 == 0 ? CD_MEDIUM_PAPER : i % 3 == 1 ? CD_MEDIUM_SERVER : CD_MEDIUM_PC;

      g_ptr_array_add (assets, make_asset (location, medium));
    }
  cd_object_list_splice (base, 0, 0, assets->pdata, assets->len);
  model = cd_index_filter_model_new (G_LIST_MODEL (base), location_key, medium_tags, &n_keys);
  for (guint i = 0; i < assets->len; i++)
    g_ptr_array_add (mirror, g_object_ref (assets->pdata[i]));
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_items_changed), mirror);
  assert_model_filters (model, base, mirror, NULL, 0);

  /* Keys are made ahead of time, a batch at a time, and only once. */
  g_assert_false (cd_index_filter_model_is_indexed (model));
  g_assert_cmpuint (cd_index_filter_model_index (model, 25), ==, 25);
  g_assert_false (cd_index_filter_model_is_indexed (model));
  g_assert_cmpuint (cd_index_filter_model_index (model, 1000), ==, 35);
  g_assert_true (cd_index_filter_model_is_indexed (model));
  g_assert_cmpuint (n_keys, ==, 60);

  /* Narrower, wider and different searches and tag groups */
  cd_index_filter_model_set_search (model, "-01");
  assert_model_filters (model, base, mirror, "-01", 0);
  cd_index_filter_model_set_search (model, "-012");
  assert_model_filters (model, base, mirror, "-012", 0);
  cd_index_filter_model_set_search (model, "-0");
  assert_model_filters (model, base, mirror, "-0", 0);
  cd_index_filter_model_set_search (model, "-04");
  assert_model_filters (model, base, mirror, "-04", 0);
  cd_index_filter_model_set_tag_groups (model, paper_or_server, 1);
  assert_model_filters (model, base, mirror, "-04", paper_or_server[0]);
  cd_index_filter_model_set_tag_groups (model, paper, 1);
  assert_model_filters (model, base, mirror, "-04", paper[0]);
  cd_index_filter_model_set_search (model, "");
  assert_model_filters (model, base, mirror, NULL, paper[0]);
  cd_index_filter_model_set_tag_groups (model, NULL, 0);
  assert_model_filters (model, base, mirror, NULL, 0);
  cd_index_filter_model_set_search (model, "-0");
  cd_index_filter_model_set_tag_groups (model, paper_or_server, 1);
  assert_model_filters (model, base, mirror, "-0", paper_or_server[0]);
  g_assert_cmpuint (n_keys, ==, 60);

  /* The base list changes under a filter: rows go, come and move. */
  g_ptr_array_add (added, make_asset ("new-01", CD_MEDIUM_PAPER));
  g_ptr_array_add (added, make_asset ("asset-new-02", CD_MEDIUM_SERVER));
  g_ptr_array_add (added, make_asset ("asset-new-03", CD_MEDIUM_PC));
  cd_object_list_splice (base, 10, 5, added->pdata, added->len);
  assert_model_filters (model, base, mirror, "-0", paper_or_server[0]);
  g_assert_false (cd_index_filter_model_is_indexed (model));
  cd_object_list_splice (base, 0, 3, NULL, 0);
  assert_model_filters (model, base, mirror, "-0", paper_or_server[0]);
  cd_object_list_splice (base, 40, 0, added->pdata, added->len);
  assert_model_filters (model, base, mirror, "-0", paper_or_server[0]);
  cd_object_list_splice (base, g_list_model_get_n_items (G_LIST_MODEL (base)), 0, assets->pdata, 4);
  assert_model_filters (model, base, mirror, "-0", paper_or_server[0]);
  /* The same item again (how a customer's row is redrawn) */
  cd_object_list_splice (base, 20, 1, (gpointer *) &g_ptr_array_index (assets, 25), 1);
  assert_model_filters (model, base, mirror, "-0", paper_or_server[0]);
  cd_index_filter_model_index (model, G_MAXUINT);
  g_assert_true (cd_index_filter_model_is_indexed (model));
  cd_index_filter_model_set_search (model, NULL);
  cd_index_filter_model_set_tag_groups (model, NULL, 0);
  assert_model_filters (model, base, mirror, NULL, 0);

  cd_object_list_replace_all (base, NULL);
  assert_model_filters (model, base, mirror, NULL, 0);
  g_assert_true (cd_index_filter_model_is_indexed (model));
}

static void
test_format_count (void)
{
  static const struct { gint64 n; const char *text; } cases[] = {
    { 0, "0" }, { 7, "7" }, { 999, "999" }, { 1000, "1,000" }, { 12345, "12,345" },
    { 1999000, "1,999,000" }, { -1234567, "-1,234,567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cd_gui_format_count (cases[i].n);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Case files go to g_dir_make_tmp () directories. */
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_DEFAULT);

  g_test_add_func ("/inventory/format-count", test_format_count);
  g_test_add_func ("/inventory/index-filter-model", test_index_filter_model);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/inventory/assets/empty-and-clear", test_empty_and_clear);
  ADD ("/inventory/assets/search-chips-summary", test_search_chips_summary);
  ADD ("/inventory/assets/search-narrow-and-widen", test_search_narrow_and_widen);
  ADD ("/inventory/assets/search-with-chips", test_search_with_chips);
  ADD ("/inventory/assets/search-keeps-sort", test_search_keeps_sort);
  ADD ("/inventory/assets/dialog", test_asset_dialog);
  ADD ("/inventory/assets/delete", test_delete);
  ADD ("/inventory/customers/masked-and-reveal", test_customers_masked_and_reveal);
  ADD ("/inventory/customers/search", test_customers_search);
  ADD ("/inventory/import/assets-gbk", test_import_assets_gbk);
  ADD ("/inventory/import/customers-errors-and-mask", test_import_customers_errors_and_mask);
  ADD ("/inventory/import/too-large", test_import_too_large);
  ADD ("/inventory/export/masked-and-full", test_export);
#undef ADD

  return cd_gui_test_run ();
}
