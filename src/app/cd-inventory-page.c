/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdInventoryPage: the inventory pane (数据盘点).
 *
 * Both tabs show the store's lists without copying rows into widgets:
 *
 *   cd_store_list_assets () ──replace──▶ CdObjectList assets (base, reloaded on "changed::assets")
 *     └▶ CdIndexFilterModel (search + medium/record-type chips, over keys made once per row)
 *          └▶ GtkSortListModel (sorter of the column view's headers)
 *               └▶ CdRowModel (stable rows) ──▶ GtkMultiSelection ──▶ GtkColumnView
 *
 *   cd_store_list_customers () ──▶ CdObjectList customers ──▶ same chain
 *
 * Customers are shown masked; a per-row toggle reveals one customer and the
 * reveal is recorded in the audit log. Clearing the store (lock, close)
 * empties both base lists and forgets every reveal. */

#include "config.h"

#define G_LOG_DOMAIN "cd-inventory"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "cd-asset-findings-window.h"
#include "cd-gui-util.h"
#include "cd-index-filter-model.h"
#include "cd-inventory-asset-dialog.h"
#include "cd-inventory-customer-dialog.h"
#include "cd-inventory-import-dialog.h"
#include "cd-inventory-page.h"
#include "cd-inventory-page-private.h"
#include "cd-row-model.h"
#include "cd-scan-dialog.h"

typedef enum
{
  ASSET_COLUMN_LOCATION,
  ASSET_COLUMN_MEDIUM,
  ASSET_COLUMN_RECORD_TYPE,
  ASSET_COLUMN_FORMAT,
  ASSET_COLUMN_RECORDS,
  ASSET_COLUMN_CUSTOMERS,
  ASSET_COLUMN_SENSITIVITY,
  ASSET_COLUMN_DISPOSITION,
  ASSET_COLUMN_CUSTODIAN,
} AssetColumn;

typedef enum
{
  CUSTOMER_COLUMN_KIND,
  CUSTOMER_COLUMN_NAME,
  CUSTOMER_COLUMN_PHONE,
  CUSTOMER_COLUMN_ID_NUMBER,
  CUSTOMER_COLUMN_EMAIL,
  CUSTOMER_COLUMN_ADDRESS,
} CustomerColumn;

struct _CdInventoryPage
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkWidget            *add_button;
  GtkColumnViewColumn  *address_column;
  GtkColumnViewColumn  *asset_customers_column;
  GtkStack             *assets_stack;
  GtkColumnView        *assets_view;
  GtkFlowBox           *chips_box;
  GtkColumnViewColumn  *custodian_column;
  GtkWidget            *delete_button;
  GtkStack             *customers_stack;
  GtkLabel             *customers_summary_label;
  GtkColumnView        *customers_view;
  GtkColumnViewColumn  *disposition_column;
  GtkWidget            *edit_button;
  GtkColumnViewColumn  *email_column;
  GtkWidget            *export_button;
  GtkColumnViewColumn  *format_column;
  GtkColumnViewColumn  *id_number_column;
  GtkColumnViewColumn  *kind_column;
  GtkColumnViewColumn  *location_column;
  GtkLabel             *media_summary_label;
  GtkColumnViewColumn  *medium_column;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *phone_column;
  GtkColumnViewColumn  *record_type_column;
  GtkColumnViewColumn  *records_column;
  GtkColumnViewColumn  *reveal_column;
  GtkSearchEntry       *search_entry;
  GtkColumnViewColumn  *sensitivity_column;
  GtkLabel             *summary_label;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;

  /* owned */
  CdStore              *store;
  CdObjectList         *assets;              /* base model, CdAsset */
  CdIndexFilterModel   *assets_filtered;
  CdRowModel           *assets_rows;         /* stable rows over the sorted assets */
  GtkMultiSelection    *assets_selection;
  CdObjectList         *customers;           /* base model, CdCustomer */
  CdIndexFilterModel   *customers_filtered;
  CdRowModel           *customers_rows;
  GtkMultiSelection    *customers_selection;
  GHashTable           *revealed;            /* customer ids shown in full */
  char                 *search;              /* the entry's text casefolded, NULL when empty */
  gboolean              customers_stale;     /* to be (re)loaded when the tab is shown */
  guint                 keys_source;
  GtkFileChooserNative *chooser;
  GtkToggleButton      *medium_chip[CD_N_MEDIA];
  GtkToggleButton      *type_chip[CD_N_RECORD_TYPES];
  guint                 active_media;        /* bit per CdMedium */
  guint                 active_types;        /* bit per CdRecordType */
  guint                 summary_source;
  guint                 reload_assets_source;
  guint                 reload_customers_source;
  guint                 reload_plans_source;
  GHashTable           *plans;               /* asset id → CdAssetPlan, for two columns */
  guint                 plans_hash;          /* of what those columns show */
  gboolean              export_customers;
  gboolean              export_reveal;

  /* borrowed */
  GtkWindow            *dialog;              /* weak: the dialog opened last */
};

G_DEFINE_FINAL_TYPE (CdInventoryPage, cd_inventory_page, ADW_TYPE_BIN)

/* ── Helpers ─────────────────────────────────────────────────────────── */

static gboolean
showing_customers (CdInventoryPage *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "customers") == 0;
}

static GtkWindow *
get_parent_window (CdInventoryPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (CdInventoryPage *self,
            const char      *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
track_dialog (CdInventoryPage *self,
              GtkWindow       *dialog)
{
  g_set_weak_pointer (&self->dialog, dialog);
}

static void
close_dialog (CdInventoryPage *self)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_clear_weak_pointer (&self->dialog);
}

/* ── Actions' state ──────────────────────────────────────────────────── */

static guint
count_selected (GtkMultiSelection *selection)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (selection));

  return (guint) gtk_bitset_get_size (set);
}

static void
update_actions (CdInventoryPage *self)
{
  gboolean has_store = self->store != NULL;
  gboolean on_assets = !showing_customers (self);
  guint n_assets = count_selected (self->assets_selection);
  guint n_customers = count_selected (self->customers_selection);
  guint n_selected = on_assets ? n_assets : n_customers;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.add-asset", has_store && on_assets);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.edit-asset",
                                 has_store && on_assets && n_assets == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.delete-assets",
                                 has_store && on_assets && n_assets > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.add-customer", has_store && !on_assets);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.edit-customer",
                                 has_store && !on_assets && n_customers == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.delete-customers",
                                 has_store && !on_assets && n_customers > 0);
  /* The header's buttons and shortcuts act on the visible tab. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.add", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.edit", has_store && n_selected == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.delete", has_store && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.import", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.scan", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.show-findings",
                                 has_store && on_assets && n_assets == 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.export", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.export-revealed",
                                 has_store && !on_assets);
}

/* ── Summary and empty states ────────────────────────────────────────── */

static void
update_assets_summary (CdInventoryPage *self)
{
  GListModel *shown = G_LIST_MODEL (self->assets_filtered);
  guint n = g_list_model_get_n_items (shown);
  gint64 records = 0;
  gint64 customers = 0;
  guint by_medium[CD_N_MEDIA] = { 0, };
  g_autoptr(GString) media = g_string_new (NULL);
  g_autofree char *n_text = NULL;
  g_autofree char *records_text = NULL;
  g_autofree char *customers_text = NULL;
  g_autofree char *assets_part = NULL;
  g_autofree char *records_part = NULL;
  g_autofree char *customers_part = NULL;
  g_autofree char *summary = NULL;

  /* The rows shown, unsorted: CdIndexFilterModel reads a position in
   * constant time, and the counts do not depend on the order. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (shown, i);
      CdMedium medium = cd_asset_get_medium (asset);

      records += cd_asset_get_records (asset);
      customers += cd_asset_get_customers (asset);
      if ((guint) medium < CD_N_MEDIA)
        by_medium[medium]++;
    }

  n_text = cd_gui_format_count (n);
  records_text = cd_gui_format_count (records);
  customers_text = cd_gui_format_count (customers);
  assets_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s asset", "%s assets", n), n_text);
  records_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s record", "%s records",
                                               (gulong) records), records_text);
  customers_part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers",
                                                 (gulong) customers), customers_text);
  /* Translators: the summary below the asset list, e.g. “12 assets · 3,400 records · 800 customers” */
  summary = g_strdup_printf (_("%s · %s · %s"), assets_part, records_part, customers_part);
  gtk_label_set_text (self->summary_label, summary);
  /* Large text can cut the line short; the tooltip tells it whole. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), summary);

  for (guint m = 0; m < CD_N_MEDIA; m++)
    {
      g_autofree char *count = NULL;

      if (by_medium[m] == 0)
        continue;
      count = cd_gui_format_count (by_medium[m]);
      if (media->len > 0)
        g_string_append (media, " · ");
      g_string_append_printf (media, "%s %s", cd_medium_get_label ((CdMedium) m), count);
    }
  gtk_label_set_text (self->media_summary_label, media->str);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->media_summary_label), media->str);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->assets)) == 0)
    gtk_stack_set_visible_child_name (self->assets_stack, "empty");
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->assets_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->assets_stack, "list");
  gtk_widget_set_visible (GTK_WIDGET (self->chips_box),
                          g_list_model_get_n_items (G_LIST_MODEL (self->assets)) > 0);
}

static void
update_customers_summary (CdInventoryPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->customers_filtered));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->customers));
  g_autofree char *n_text = cd_gui_format_count (n);
  g_autofree char *total_text = cd_gui_format_count (total);
  g_autofree char *summary = NULL;

  if (n == total)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers", n), n_text);
  else
    /* Translators: shown while searching, e.g. “3 of 1,200 customers” */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s customer", "%s of %s customers",
                                            total), n_text, total_text);
  gtk_label_set_text (self->customers_summary_label, summary);
  /* Large text can cut the line short; the tooltip tells it whole. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->customers_summary_label), summary);

  if (total == 0)
    gtk_stack_set_visible_child_name (self->customers_stack, "empty");
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->customers_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->customers_stack, "list");
}

static gboolean
update_summaries_cb (gpointer user_data)
{
  CdInventoryPage *self = user_data;

  self->summary_source = 0;
  update_assets_summary (self);
  update_customers_summary (self);
  return G_SOURCE_REMOVE;
}

static void
queue_summaries (CdInventoryPage *self)
{
  if (self->summary_source == 0)
    self->summary_source = g_idle_add_full (G_PRIORITY_LOW, update_summaries_cb, self, NULL);
}

/* ── Filtering ───────────────────────────────────────────────────────── */

/* Each row's searchable fields, casefolded once and joined with newlines
 * (which no search text contains), are kept by the list's
 * CdIndexFilterModel in an array beside the rows: a keystroke then costs
 * one strstr () per row it tests, without a casefold or a call into the
 * row object. The key goes away with its row when the list is reloaded.
 * Rows are never changed in place (dialogs edit copies and the list is
 * reloaded). */
static char *
make_search_key (const char * const *fields,
                 gsize               n_fields)
{
  gsize len = 0;
  g_autofree char *joined = NULL;
  char *end;
  char *key;

  /* Sized at once: a growing buffer would leave copies of the customers'
   * personal data in freed heap memory. */
  for (gsize i = 0; i < n_fields; i++)
    len += fields[i] != NULL ? strlen (fields[i]) + 1 : 0;
  end = joined = g_malloc (len + 1);
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i] == NULL)
        continue;
      end = g_stpcpy (end, fields[i]);
      *end++ = '\n';
    }
  *end = '\0';
  key = g_utf8_casefold (joined, (gssize) len);
  /* The customers' keys hold personal data: the model wipes its copy when
   * the row goes, and this one now. */
  sodium_memzero (joined, len);
  return key;
}

static char *
asset_search_key (gpointer item,
                  gpointer user_data)
{
  CdAsset *asset = item;
  const char *fields[] = {
    cd_asset_get_location (asset),
    cd_asset_get_format (asset),
    cd_asset_get_custodian (asset),
  };

  return make_search_key (fields, G_N_ELEMENTS (fields));
}

/* The chips' tags: a bit per medium, then a bit per record type. */
G_STATIC_ASSERT (CD_N_MEDIA + CD_N_RECORD_TYPES <= 31);

static guint32
asset_tags (gpointer item,
            gpointer user_data)
{
  CdAsset *asset = item;
  guint medium = cd_asset_get_medium (asset);
  guint type = cd_asset_get_record_type (asset);
  guint32 tags = 0;

  if (medium < CD_N_MEDIA)
    tags |= 1u << medium;
  if (type < CD_N_RECORD_TYPES)
    tags |= 1u << (CD_N_MEDIA + type);
  return tags;
}

/* The search runs on the real values in memory (the user holds the
 * passphrase); the list itself stays masked. */
static char *
customer_search_key (gpointer item,
                     gpointer user_data)
{
  CdCustomer *customer = item;
  const char *fields[] = {
    cd_customer_get_name (customer),
    cd_customer_get_phone (customer),
    cd_customer_get_id_number (customer),
    cd_customer_get_email (customer),
    cd_customer_get_address (customer),
  };

  return make_search_key (fields, G_N_ELEMENTS (fields));
}

/* Making the keys of 100,000 rows takes a noticeable moment; they are made
 * in the background after each load, not on the first keystroke. */
#define KEYS_PER_IDLE 4000

static gboolean
make_keys_cb (gpointer user_data)
{
  CdInventoryPage *self = user_data;
  guint budget = KEYS_PER_IDLE;

  budget -= cd_index_filter_model_index (self->assets_filtered, budget);
  cd_index_filter_model_index (self->customers_filtered, budget);
  if (!cd_index_filter_model_is_indexed (self->assets_filtered) ||
      !cd_index_filter_model_is_indexed (self->customers_filtered))
    return G_SOURCE_CONTINUE;
  self->keys_source = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_make_keys (CdInventoryPage *self)
{
  if (self->keys_source == 0)
    self->keys_source = g_idle_add_full (G_PRIORITY_LOW, make_keys_cb, self, NULL);
}

/* Only the visible tab is filtered as the user types; the hidden one
 * catches up when shown. Each model tells from the old and new text
 * whether the rows shown can only narrow or widen, and tests only the
 * rows it must. */
static void
apply_visible_search (CdInventoryPage *self)
{
  if (showing_customers (self))
    cd_index_filter_model_set_search (self->customers_filtered, self->search);
  else
    cd_index_filter_model_set_search (self->assets_filtered, self->search);
}

static void
on_search_changed (CdInventoryPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_free (self->search);
  self->search = text[0] != '\0' ? g_utf8_casefold (text, -1) : NULL;
  apply_visible_search (self);
}

/* Chips are OR within a group (media, record types) and AND across groups
 * and with the search. */
static void
on_chip_toggled (GtkToggleButton *chip,
                 CdInventoryPage *self)
{
  gboolean is_medium = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chip), "cd-is-medium"));
  guint bit = 1u << GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chip), "cd-value"));
  guint *mask = is_medium ? &self->active_media : &self->active_types;
  guint old_mask = *mask;
  guint32 groups[2];

  if (gtk_toggle_button_get_active (chip))
    *mask |= bit;
  else
    *mask &= ~bit;
  if (*mask == old_mask)
    return;
  /* As asset_tags () lays the bits out. */
  groups[0] = self->active_media;
  groups[1] = self->active_types << CD_N_MEDIA;
  cd_index_filter_model_set_tag_groups (self->assets_filtered, groups, G_N_ELEMENTS (groups));
}

static GtkToggleButton *
create_chip (CdInventoryPage *self,
             const char      *label,
             gboolean         is_medium,
             guint            value)
{
  GtkWidget *chip = gtk_toggle_button_new_with_label (label);

  gtk_widget_add_css_class (chip, "chip");
  gtk_widget_set_visible (chip, FALSE);
  gtk_widget_set_tooltip_text (chip, is_medium ? _("Show only assets on this medium")
                                               : _("Show only assets with this record type"));
  g_object_set_data (G_OBJECT (chip), "cd-is-medium", GINT_TO_POINTER (is_medium));
  g_object_set_data (G_OBJECT (chip), "cd-value", GUINT_TO_POINTER (value));
  g_signal_connect (chip, "toggled", G_CALLBACK (on_chip_toggled), self);
  return GTK_TOGGLE_BUTTON (chip);
}

/* A chip in the flow box, without a focus stop of its own around it. */
static void
add_chip (CdInventoryPage *self,
          GtkWidget       *chip)
{
  /* A flow box lines its children up in columns: a chip keeps its own
   * width inside its column rather than stretching to it. */
  gtk_widget_set_halign (chip, GTK_ALIGN_START);
  gtk_flow_box_append (self->chips_box, chip);
  gtk_widget_set_focusable (gtk_widget_get_parent (chip), FALSE);
}

static void
set_chip_visible (GtkToggleButton *chip,
                  gboolean         visible)
{
  gtk_widget_set_visible (GTK_WIDGET (chip), visible);
  /* The flow box's child around it would keep its place otherwise. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (chip)), visible);
}

/* Shows a chip for each medium and record type present; a chip that
 * disappears is switched off so it cannot filter invisibly. */
static void
update_chips (CdInventoryPage *self)
{
  gboolean media[CD_N_MEDIA] = { FALSE, };
  gboolean types[CD_N_RECORD_TYPES] = { FALSE, };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->assets));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (G_LIST_MODEL (self->assets), i);
      guint medium = cd_asset_get_medium (asset);
      guint type = cd_asset_get_record_type (asset);

      if (medium < CD_N_MEDIA)
        media[medium] = TRUE;
      if (type < CD_N_RECORD_TYPES)
        types[type] = TRUE;
    }

  for (guint m = 0; m < CD_N_MEDIA; m++)
    {
      if (!media[m])
        gtk_toggle_button_set_active (self->medium_chip[m], FALSE);
      set_chip_visible (self->medium_chip[m], media[m]);
    }
  for (guint t = 0; t < CD_N_RECORD_TYPES; t++)
    {
      if (!types[t])
        gtk_toggle_button_set_active (self->type_chip[t], FALSE);
      set_chip_visible (self->type_chip[t], types[t]);
    }
}

static void
clear_filters (CdInventoryPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  for (guint m = 0; m < CD_N_MEDIA; m++)
    gtk_toggle_button_set_active (self->medium_chip[m], FALSE);
  for (guint t = 0; t < CD_N_RECORD_TYPES; t++)
    gtk_toggle_button_set_active (self->type_chip[t], FALSE);
}

/* ── Loading from the store ──────────────────────────────────────────── */

/* The plan's sensitivity and disposition columns (decided in the
 * sensitivity pane). Returns whether what they show changed. */
static gboolean
load_plans (CdInventoryPage *self)
{
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GError) error = NULL;
  guint hash = 0;
  gboolean changed;

  g_hash_table_remove_all (self->plans);
  if (self->store != NULL && !cd_store_is_locked (self->store))
    {
      plans = cd_store_list_asset_plans (self->store, &error);
      if (plans == NULL)
        show_toast (self, error->message);
    }
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      CdAssetPlan *plan = plans->pdata[i];

      hash = hash * 31 + g_str_hash (plan->asset_id);
      hash = hash * 31 + (guint) plan->categories * 7 + (guint) plan->disposition;
      g_hash_table_replace (self->plans, plan->asset_id, plan);
    }
  if (plans != NULL)
    g_ptr_array_set_free_func (plans, NULL);   /* the table owns them now */
  changed = hash != self->plans_hash;
  self->plans_hash = hash;
  return changed;
}

static void
reload_assets (CdInventoryPage *self)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  load_plans (self);
  if (self->store != NULL && !cd_store_is_locked (self->store))
    {
      list = cd_store_list_assets (self->store, &error);
      if (list == NULL)
        show_toast (self, error->message);
    }
  cd_object_list_replace_all (self->assets, list);
  queue_make_keys (self);
  update_chips (self);
  queue_summaries (self);
  update_actions (self);
}

static void
load_customers (CdInventoryPage *self)
{
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;

  self->customers_stale = FALSE;
  if (self->store != NULL && !cd_store_is_locked (self->store))
    {
      list = cd_store_list_customers (self->store, &error);
      if (list == NULL)
        show_toast (self, error->message);
    }
  else
    {
      g_hash_table_remove_all (self->revealed);
    }
  cd_object_list_replace_all (self->customers, list);
  queue_make_keys (self);
  queue_summaries (self);
}

/* Decrypting every customer is the slowest part of showing a large case,
 * so an open case reads its customers when their tab is shown; locking
 * clears them at once. */
static void
reload_customers (CdInventoryPage *self)
{
  if (self->store != NULL && !cd_store_is_locked (self->store) && !showing_customers (self))
    self->customers_stale = TRUE;
  else
    load_customers (self);
}

static gboolean
reload_assets_cb (gpointer user_data)
{
  CdInventoryPage *self = user_data;

  self->reload_assets_source = 0;
  reload_assets (self);
  return G_SOURCE_REMOVE;
}

/* A plan change is announced as an audit entry: the rows are shown again
 * only when their sensitivity or disposition changed. */
static gboolean
reload_plans_cb (gpointer user_data)
{
  CdInventoryPage *self = user_data;

  self->reload_plans_source = 0;
  if (load_plans (self) && self->reload_assets_source == 0)
    reload_assets (self);
  return G_SOURCE_REMOVE;
}

static void
queue_reload_plans (CdInventoryPage *self)
{
  if (self->reload_plans_source == 0)
    self->reload_plans_source = g_idle_add (reload_plans_cb, self);
}

static gboolean
reload_customers_cb (gpointer user_data)
{
  CdInventoryPage *self = user_data;

  self->reload_customers_source = 0;
  reload_customers (self);
  return G_SOURCE_REMOVE;
}

/* Reloads run from an idle, not inside the store's "changed" emission: the
 * emitter may be a cell's own handler (a reveal is audited, and the audit
 * entry announces "customers"), whose widget a reload would destroy. */
static void
queue_reload_assets (CdInventoryPage *self)
{
  if (self->reload_assets_source == 0)
    self->reload_assets_source = g_idle_add (reload_assets_cb, self);
}

static void
queue_reload_customers (CdInventoryPage *self)
{
  if (self->reload_customers_source == 0)
    self->reload_customers_source = g_idle_add (reload_customers_cb, self);
}

static void
on_store_locked (CdInventoryPage *self)
{
  if (cd_store_is_locked (self->store))
    {
      close_dialog (self);
      g_hash_table_remove_all (self->revealed);
    }
  reload_assets (self);
  reload_customers (self);
}

/* ── Cells ───────────────────────────────────────────────────────────── */

/* Cells answer "query-tooltip" instead of having their tooltip set on every
 * bind: on X11, setting a tooltip asks the server where the pointer is, a
 * round trip per cell that made scrolling and filtering stutter. */
static gboolean
query_cell_tooltip (GtkWidget  *cell,
                    int         x,
                    int         y,
                    gboolean    keyboard,
                    GtkTooltip *tooltip,
                    gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (cell), "cd-tooltip");

  if (text == NULL)
    text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));
  if (text == NULL || text[0] == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_text_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-column"));
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-numeric"));
  guint nat_chars = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "cd-nat-chars"));
  /* Text cells show their whole value in a tooltip, for when it is cut. */
  gboolean tooltip = !numeric;
  /* Never NULL text: GTK 4.8's AT-SPI text of an inscription without text
   * fails a critical (g_utf8_strlen) when a screen reader reads the cell. */
  GtkWidget *cell = gtk_inscription_new ("");

  g_object_set_data (G_OBJECT (cell), "cd-column", GINT_TO_POINTER (column));
  g_object_set_data (G_OBJECT (cell), "cd-page", user_data);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), nat_chars);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell),
                                 GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "cd-min-chars")));
  /* One line per row even when a taller cell (the reveal button) sets the
   * row height: an inscription fills its height with wrapped lines. */
  gtk_widget_set_valign (cell, GTK_ALIGN_CENTER);
  if (numeric)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
    }
  if (column < 0)
    {
      /* Sensitivity and disposition are decided in the sensitivity pane. */
      gtk_inscription_set_text (GTK_INSCRIPTION (cell), "—");
      g_object_set_data (G_OBJECT (cell), "cd-tooltip", (gpointer) _("Set in the Sensitivity pane"));
      gtk_widget_add_css_class (cell, "dim-label");
    }
  if (tooltip)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect (cell, "query-tooltip", G_CALLBACK (query_cell_tooltip), NULL);
    }
  gtk_list_item_set_child (item, cell);
}

static void
set_cell_text (GtkListItem *item,
               const char  *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

/* Cells show their row's item, and again whenever the row is pointed at
 * another item (a search, a sort, a reload): see CdRowModel. */
static CdRow *
cell_row (GtkListItem *item)
{
  return CD_ROW (gtk_list_item_get_item (item));
}

static void
show_asset_cell (GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  AssetColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "cd-column"));
  CdAsset *asset = cd_row_get_item (cell_row (item));
  g_autofree char *count = NULL;

  if (asset == NULL)
    {
      set_cell_text (item, NULL);
      return;
    }

  switch (column)
    {
    case ASSET_COLUMN_LOCATION:
      set_cell_text (item, cd_asset_get_location (asset));
      break;
    case ASSET_COLUMN_MEDIUM:
      set_cell_text (item, cd_medium_get_label (cd_asset_get_medium (asset)));
      break;
    case ASSET_COLUMN_RECORD_TYPE:
      set_cell_text (item, cd_record_type_get_label (cd_asset_get_record_type (asset)));
      break;
    case ASSET_COLUMN_FORMAT:
      set_cell_text (item, cd_asset_get_format (asset));
      break;
    case ASSET_COLUMN_RECORDS:
      count = cd_gui_format_count (cd_asset_get_records (asset));
      set_cell_text (item, count);
      break;
    case ASSET_COLUMN_CUSTOMERS:
      count = cd_gui_format_count (cd_asset_get_customers (asset));
      set_cell_text (item, count);
      break;
    case ASSET_COLUMN_CUSTODIAN:
      set_cell_text (item, cd_asset_get_custodian (asset));
      break;
    case ASSET_COLUMN_SENSITIVITY:
    case ASSET_COLUMN_DISPOSITION:
      {
        CdInventoryPage *self = g_object_get_data (G_OBJECT (cell), "cd-page");
        const CdAssetPlan *plan = g_hash_table_lookup (self->plans, cd_asset_get_id (asset));

        if (column == ASSET_COLUMN_SENSITIVITY)
          set_cell_text (item, cd_plan_sensitivity_label (plan != NULL ? plan->categories : CD_CATEGORY_NONE));
        else if (plan != NULL && plan->disposition != CD_DISPOSITION_UNDECIDED)
          set_cell_text (item, cd_disposition_get_label (plan->disposition));
        else
          set_cell_text (item, "—");
      }
      break;
    default:
      break;
    }
}

static void
bind_asset_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  g_signal_connect_swapped (cell_row (item), "notify::item", G_CALLBACK (show_asset_cell), item);
  show_asset_cell (item);
}

static void
show_customer_cell (GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  CustomerColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "cd-column"));
  CdInventoryPage *self = g_object_get_data (G_OBJECT (cell), "cd-page");
  CdCustomer *customer = cd_row_get_item (cell_row (item));
  gboolean reveal;
  g_autofree char *text = NULL;

  if (customer == NULL)
    {
      set_cell_text (item, NULL);
      return;
    }
  reveal = g_hash_table_contains (self->revealed, cd_customer_get_id (customer));

  switch (column)
    {
    case CUSTOMER_COLUMN_KIND:
      text = g_strdup (cd_customer_kind_get_label (cd_customer_get_kind (customer)));
      break;
    case CUSTOMER_COLUMN_NAME:
      text = reveal ? g_strdup (cd_customer_get_name (customer)) : cd_customer_dup_masked_name (customer);
      break;
    case CUSTOMER_COLUMN_PHONE:
      text = reveal ? g_strdup (cd_customer_get_phone (customer)) : cd_customer_dup_masked_phone (customer);
      break;
    case CUSTOMER_COLUMN_ID_NUMBER:
      text = reveal ? g_strdup (cd_customer_get_id_number (customer))
                    : cd_customer_dup_masked_id_number (customer);
      break;
    case CUSTOMER_COLUMN_EMAIL:
      text = reveal ? g_strdup (cd_customer_get_email (customer)) : cd_customer_dup_masked_email (customer);
      break;
    case CUSTOMER_COLUMN_ADDRESS:
      text = reveal ? g_strdup (cd_customer_get_address (customer))
                    : cd_customer_dup_masked_address (customer);
      break;
    default:
      break;
    }
  set_cell_text (item, text);
}

static void
bind_customer_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    CdInventoryPage          *self)
{
  g_signal_connect_swapped (cell_row (item), "notify::item", G_CALLBACK (show_customer_cell), item);
  show_customer_cell (item);
}

static void
unbind_text_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-column"));
  GtkWidget *cell = gtk_list_item_get_child (item);
  CdRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    {
      g_signal_handlers_disconnect_by_func (row, show_asset_cell, item);
      g_signal_handlers_disconnect_by_func (row, show_customer_cell, item);
    }
  /* A recycled cell must not keep a revealed identifier around. */
  if (column >= 0 && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-customers")))
    gtk_inscription_set_text (GTK_INSCRIPTION (cell), "");
}

typedef struct
{
  CdInventoryPage *page;
  CdCustomer      *customer;
} RefreshRow;

static void
refresh_row_free (RefreshRow *refresh)
{
  g_clear_object (&refresh->page);
  g_clear_object (&refresh->customer);
  g_free (refresh);
}

static gboolean
refresh_customer_row_cb (gpointer user_data)
{
  RefreshRow *refresh = user_data;
  guint position;

  /* Re-inserting the item rebinds every cell of its row. */
  if (refresh->page->customers != NULL &&
      cd_object_list_find (refresh->page->customers, refresh->customer, &position))
    cd_object_list_splice (refresh->page->customers, position, 1, (gpointer *) &refresh->customer, 1);
  return G_SOURCE_REMOVE;
}

/* Deferred: the rebind replaces the very button whose "toggled" handler is
 * running, which must not be destroyed during its own emission. */
static void
refresh_customer_row (CdInventoryPage *self,
                      CdCustomer      *customer)
{
  RefreshRow *refresh = g_new0 (RefreshRow, 1);

  refresh->page = g_object_ref (self);
  refresh->customer = g_object_ref (customer);
  g_idle_add_full (G_PRIORITY_DEFAULT, refresh_customer_row_cb, refresh, (GDestroyNotify) refresh_row_free);
}

static void on_reveal_toggled (GtkToggleButton *button,
                               GtkListItem     *item);

static void
update_reveal_button (GtkToggleButton *button,
                      gboolean         revealed)
{
  gtk_toggle_button_set_active (button, revealed);
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            revealed ? "view-conceal-symbolic" : "view-reveal-symbolic");
}

static gboolean
query_reveal_tooltip (GtkWidget  *button,
                      int         x,
                      int         y,
                      gboolean    keyboard,
                      GtkTooltip *tooltip,
                      gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button))
                                   ? _("Hide full identifiers") : _("Show full identifiers"));
  return TRUE;
}

static void
on_reveal_toggled (GtkToggleButton *button,
                   GtkListItem     *item)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                                      CD_TYPE_INVENTORY_PAGE));
  g_autoptr(CdCustomer) customer = NULL;
  gboolean active = gtk_toggle_button_get_active (button);
  const char *id;

  if (self == NULL || gtk_list_item_get_item (item) == NULL || cd_row_get_item (cell_row (item)) == NULL)
    return;
  customer = g_object_ref (cd_row_get_item (cell_row (item)));
  id = cd_customer_get_id (customer);

  if (active && !g_hash_table_contains (self->revealed, id))
    {
      g_autoptr(GError) error = NULL;

      /* A reveal is shown only once it is on the record. */
      if (self->store == NULL ||
          !cd_store_record_event (self->store, "customer.reveal", id, NULL, &error))
        {
          g_signal_handlers_block_by_func (button, on_reveal_toggled, item);
          update_reveal_button (button, FALSE);
          g_signal_handlers_unblock_by_func (button, on_reveal_toggled, item);
          if (error != NULL)
            cd_gui_show_error (GTK_WIDGET (self), _("Could not show the identifiers"), error);
          return;
        }
      g_hash_table_add (self->revealed, g_strdup (id));
    }
  else if (!active)
    {
      g_hash_table_remove (self->revealed, id);
    }
  else
    {
      return;
    }

  refresh_customer_row (self, customer);
}

static void
setup_reveal_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "reveal");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reveal"),
                                  -1);
  update_reveal_button (GTK_TOGGLE_BUTTON (button), FALSE);
  gtk_widget_set_has_tooltip (button, TRUE);
  g_signal_connect (button, "query-tooltip", G_CALLBACK (query_reveal_tooltip), NULL);
  gtk_list_item_set_child (item, button);
}

static void
show_reveal_cell (GtkListItem *item)
{
  GtkWidget *button = gtk_list_item_get_child (item);
  CdInventoryPage *self = g_object_get_data (G_OBJECT (button), "cd-page");
  CdCustomer *customer = cd_row_get_item (cell_row (item));
  gboolean revealed = customer != NULL &&
                      g_hash_table_contains (self->revealed, cd_customer_get_id (customer));

  g_signal_handlers_block_by_func (button, on_reveal_toggled, item);
  update_reveal_button (GTK_TOGGLE_BUTTON (button), revealed);
  g_signal_handlers_unblock_by_func (button, on_reveal_toggled, item);
}

static void
bind_reveal_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  CdInventoryPage          *self)
{
  GtkWidget *button = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (button), "cd-page", self);
  g_signal_connect (button, "toggled", G_CALLBACK (on_reveal_toggled), item);
  g_signal_connect_swapped (cell_row (item), "notify::item", G_CALLBACK (show_reveal_cell), item);
  show_reveal_cell (item);
}

static void
unbind_reveal_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *button = gtk_list_item_get_child (item);

  g_signal_handlers_disconnect_by_func (button, on_reveal_toggled, item);
  if (gtk_list_item_get_item (item) != NULL)
    g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), show_reveal_cell, item);
}

static void
setup_column (GtkColumnViewColumn *column,
              int                  id,
              gboolean             numeric,
              guint                nat_chars,
              GCallback            bind,
              gpointer             user_data,
              GtkSorter           *sorter)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "cd-column", GINT_TO_POINTER (id));
  g_object_set_data (G_OBJECT (factory), "cd-numeric", GINT_TO_POINTER (numeric));
  g_object_set_data (G_OBJECT (factory), "cd-nat-chars", GUINT_TO_POINTER (nat_chars));
  g_object_set_data (G_OBJECT (factory), "cd-min-chars", GUINT_TO_POINTER (3));
  g_object_set_data (G_OBJECT (factory), "cd-customers",
                     GINT_TO_POINTER (bind == G_CALLBACK (bind_customer_cell)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_text_cell), user_data);
  if (bind != NULL)
    {
      g_signal_connect (factory, "bind", bind, user_data);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_text_cell), NULL);
    }
  gtk_column_view_column_set_factory (column, factory);
  if (sorter != NULL)
    {
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
    }
}

/* ── Sorters ─────────────────────────────────────────────────────────── */

static char *
asset_medium_label (CdAsset *asset)
{
  return g_strdup (cd_medium_get_label (cd_asset_get_medium (asset)));
}

static char *
asset_record_type_label (CdAsset *asset)
{
  return g_strdup (cd_record_type_get_label (cd_asset_get_record_type (asset)));
}

static char *
customer_kind_label (CdCustomer *customer)
{
  return g_strdup (cd_customer_kind_get_label (cd_customer_get_kind (customer)));
}

static GtkSorter *
property_sorter (GType       type,
                 const char *property,
                 gboolean    numeric)
{
  GtkExpression *expression = gtk_property_expression_new (type, NULL, property);

  if (numeric)
    return GTK_SORTER (gtk_numeric_sorter_new (expression));
  return GTK_SORTER (gtk_string_sorter_new (expression));
}

static GtkSorter *
label_sorter (GType     type,
              GCallback callback)
{
  return GTK_SORTER (gtk_string_sorter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                         callback, NULL, NULL)));
}

/* ── Models ──────────────────────────────────────────────────────────── */

static void
on_assets_items_changed (CdInventoryPage *self)
{
  queue_summaries (self);
}

/* Rows now show other items: a selection of them would point at assets
 * or customers the user did not pick. */
static void
on_rows_contents_changed (CdRowModel      *rows,
                          guint            position,
                          guint            n_rows,
                          CdInventoryPage *self)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (rows == self->assets_rows ? self->assets_selection
                                                                                : self->customers_selection);

  if (selection != NULL)
    gtk_selection_model_unselect_range (selection, position, n_rows);
}

/* Filters synchronously: the view and the summary never see a partial
 * result, and a keystroke over 100,000 rows costs a few milliseconds. */
static GtkMultiSelection *
create_chain (CdInventoryPage    *self,
              CdIndexFilterModel *filtered,
              GtkColumnView      *view,
              CdRowModel        **out_rows)
{
  GtkSortListModel *sorted;
  GtkSorter *sorter;
  CdRowModel *rows;

  g_signal_connect_object (filtered, "items-changed", G_CALLBACK (on_assets_items_changed), self,
                           G_CONNECT_SWAPPED);

  sorter = gtk_column_view_get_sorter (view);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (filtered)),
                                    sorter != NULL ? g_object_ref (sorter) : NULL);
  gtk_sort_list_model_set_incremental (sorted, TRUE);
  rows = cd_row_model_new (G_LIST_MODEL (sorted));
  g_object_unref (sorted);
  g_signal_connect_object (rows, "contents-changed", G_CALLBACK (on_rows_contents_changed), self, 0);
  *out_rows = g_object_ref (rows);
  return gtk_multi_selection_new (G_LIST_MODEL (rows));
}

/* ── Dialogs ─────────────────────────────────────────────────────────── */

static void
open_asset_dialog (CdInventoryPage *self,
                   CdAsset         *asset)
{
  CdInventoryAssetDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = cd_inventory_asset_dialog_new (get_parent_window (self), self->store, asset);
  track_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_assets_activate (CdInventoryPage *self,
                    guint            position)
{
  g_autoptr(CdAsset) asset = cd_row_model_get_item (self->assets_rows, position);

  if (asset != NULL)
    open_asset_dialog (self, asset);
}

static void
add_asset_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_asset_dialog (CD_INVENTORY_PAGE (widget), NULL);
}

static void
edit_asset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->assets_selection));
  g_autoptr(CdAsset) asset = NULL;

  if (gtk_bitset_is_empty (set))
    return;
  asset = cd_row_model_get_item (self->assets_rows, gtk_bitset_get_minimum (set));
  open_asset_dialog (self, asset);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    CdInventoryPage  *self)
{
  const char * const *ids = g_object_get_data (G_OBJECT (dialog), "cd-ids");
  gboolean customers = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cd-customers"));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->store == NULL)
    return;
  if (customers && !cd_store_delete_customers (self->store, ids, &error))
    cd_gui_show_error (GTK_WIDGET (self), _("Could not delete the customers"), error);
  else if (!customers && !cd_store_delete_assets (self->store, ids, &error))
    cd_gui_show_error (GTK_WIDGET (self), _("Could not delete the assets"), error);
}

/* Asks before deleting the selected assets or customers; the store deletes
 * them (and records it) only on "Delete". */
static void
confirm_delete (CdInventoryPage *self,
                gboolean         customers)
{
  GtkMultiSelection *selection = customers ? self->customers_selection : self->assets_selection;
  CdRowModel *rows = customers ? self->customers_rows : self->assets_rows;
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (selection));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *count = NULL;
  g_autofree char *heading = NULL;
  const char *body;
  GtkBitsetIter iter;
  guint position;
  guint n;
  GtkWidget *dialog;

  n = (guint) gtk_bitset_get_size (set);
  if (n == 0 || self->store == NULL)
    return;
  for (gboolean more = gtk_bitset_iter_init_first (&iter, set, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GObject) item = cd_row_model_get_item (rows, position);

      g_strv_builder_add (builder, customers ? cd_customer_get_id (CD_CUSTOMER (item))
                                             : cd_asset_get_id (CD_ASSET (item)));
    }

  count = cd_gui_format_count (n);
  if (customers)
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %s Customer?",
                                              "Delete %s Customers?", n), count);
      /* Deleting from the registry is not the disposal of the customer's
       * data in the assets: say so, as a consultant may confuse the two. */
      body = g_dngettext (GETTEXT_PACKAGE,
                          "The customer is removed from the registry; data about them in the inventory’s assets is not touched. The deletion is recorded in the case’s audit log.",
                          "The customers are removed from the registry; data about them in the inventory’s assets is not touched. The deletion is recorded in the case’s audit log.",
                          n);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %s Data Asset?",
                                              "Delete %s Data Assets?", n), count);
      body = g_dngettext (GETTEXT_PACKAGE,
                          "The asset is removed from the inventory. The deletion is recorded in the case’s audit log.",
                          "The assets are removed from the inventory. The deletion is recorded in the case’s audit log.",
                          n);
    }

  dialog = adw_message_dialog_new (get_parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cd-ids", g_strv_builder_end (builder),
                          (GDestroyNotify) g_strfreev);
  g_object_set_data (G_OBJECT (dialog), "cd-customers", GINT_TO_POINTER (customers));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  track_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_assets_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  confirm_delete (CD_INVENTORY_PAGE (widget), FALSE);
}

/* ── Import and export ───────────────────────────────────────────────── */

static void
open_customer_dialog (CdInventoryPage *self,
                      CdCustomer      *customer)
{
  CdInventoryCustomerDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = cd_inventory_customer_dialog_new (get_parent_window (self), self->store, customer);
  track_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_customers_activate (CdInventoryPage *self,
                       guint            position)
{
  g_autoptr(CdCustomer) customer = cd_row_model_get_item (self->customers_rows, position);

  if (customer != NULL)
    open_customer_dialog (self, customer);
}

static void
add_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_customer_dialog (CD_INVENTORY_PAGE (widget), NULL);
}

static void
edit_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->customers_selection));
  g_autoptr(CdCustomer) customer = NULL;

  if (gtk_bitset_is_empty (set))
    return;
  customer = cd_row_model_get_item (self->customers_rows, gtk_bitset_get_minimum (set));
  open_customer_dialog (self, customer);
}


static void
delete_customers_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  confirm_delete (CD_INVENTORY_PAGE (widget), TRUE);
}

/* The header's add, edit and delete: on whichever tab is shown. */
static void
visible_tab_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);
  gboolean customers = showing_customers (self);
  const char *target = NULL;

  if (g_str_equal (action_name, "inventory.add"))
    target = customers ? "inventory.add-customer" : "inventory.add-asset";
  else if (g_str_equal (action_name, "inventory.edit"))
    target = customers ? "inventory.edit-customer" : "inventory.edit-asset";
  else if (g_str_equal (action_name, "inventory.delete"))
    target = customers ? "inventory.delete-customers" : "inventory.delete-assets";
  if (target != NULL)
    gtk_widget_activate_action (widget, target, NULL);
}

static GtkFileFilter *
create_csv_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.tsv");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  return filter;
}

static void
on_imported (CdInventoryImportDialog *dialog,
             guint                    added,
             guint                    duplicates,
             CdInventoryPage         *self)
{
  g_autofree char *added_text = cd_gui_format_count (added);
  g_autofree char *duplicates_text = cd_gui_format_count (duplicates);
  g_autofree char *text = NULL;

  if (duplicates > 0)
    /* Translators: e.g. “Imported 120 customers; 3 already in the case were skipped” */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Imported %s customers; %s already in the case was skipped",
                                         "Imported %s customers; %s already in the case were skipped",
                                         duplicates), added_text, duplicates_text);
  else if (showing_customers (self))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s customer", "Imported %s customers",
                                         added), added_text);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %s data asset",
                                         "Imported %s data assets", added), added_text);
  show_toast (self, text);
}

static void
on_import_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdInventoryPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cd_inventory_page_import_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (showing_customers (self) ? _("Import Customers")
                                                                        : _("Import Data Assets"),
                                               get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), create_csv_filter ());
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_import_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * cd_inventory_page_export_to_file:
 * @customers: export customers rather than data assets
 * @reveal: write customers' identifiers in full instead of masked
 *
 * Writes every asset or customer of the case (not only the filtered ones)
 * to @file and records the export in the audit log.
 */
gboolean
cd_inventory_page_export_to_file (CdInventoryPage  *self,
                                  GFile            *file,
                                  gboolean          customers,
                                  gboolean          reveal,
                                  GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *details = NULL;
  guint n;

  g_return_val_if_fail (CD_IS_INVENTORY_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->store == NULL)
    {
      g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_LOCKED,
                           _("No case is open; there is nothing to export."));
      return FALSE;
    }

  reveal = customers && reveal;
  if (customers)
    {
      if (self->customers_stale)
        load_customers (self);
      n = g_list_model_get_n_items (G_LIST_MODEL (self->customers));
      bytes = cd_customers_to_csv (G_LIST_MODEL (self->customers), reveal);
    }
  else
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->assets));
      bytes = cd_assets_to_csv (G_LIST_MODEL (self->assets));
    }

  if (!g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                NULL, NULL, error))
    return FALSE;

  details = g_strdup_printf ("{\"count\":%u,\"revealed\":%s}", n, reveal ? "true" : "false");
  return cd_store_record_event (self->store, customers ? "customers.export" : "assets.export",
                                NULL, details, error);
}

static void
on_export_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdInventoryPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (file != NULL &&
          !cd_inventory_page_export_to_file (self, file, self->export_customers, self->export_reveal, &error))
        {
          cd_gui_show_error (GTK_WIDGET (self), _("Could not export"), error);
        }
      else if (file != NULL)
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *text = g_strdup_printf (_("Exported to “%s”"), name);

          show_toast (self, text);
        }
    }
  g_clear_object (&self->chooser);
}

static void
start_export (CdInventoryPage *self,
              gboolean         customers,
              gboolean         reveal)
{
  self->export_customers = customers;
  self->export_reveal = reveal;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (customers ? _("Export Customers") : _("Export Data Assets"),
                                               get_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), create_csv_filter ());
  /* Translators: default file names of an export; keep the .csv ending */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     customers ? _("customers.csv") : _("data-assets.csv"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);

  start_export (self, showing_customers (self), FALSE);
}

static void
on_export_revealed_response (AdwMessageDialog *dialog,
                             const char       *response,
                             CdInventoryPage  *self)
{
  if (g_strcmp0 (response, "export") == 0 && self->store != NULL)
    start_export (self, TRUE, TRUE);
}

static void
export_revealed_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (get_parent_window (self), _("Export Full Identifiers?"),
                                   _("The file will contain customers’ full names, phone numbers, ID numbers, "
                                     "e-mail addresses and addresses. Keep it encrypted and delete it when it "
                                     "is no longer needed. The export is recorded in the audit log."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "export", _("_Export with Full Identifiers"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_revealed_response), self, 0);
  track_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  clear_filters (CD_INVENTORY_PAGE (widget));
}

static gboolean
is_folder (GFile *file)
{
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

/* A dropped CSV file is imported (the first, if several); a drop with a
 * folder in it is scanned, all of it: the consultant dropped the places
 * where data is kept. */
static gboolean
on_drop (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         CdInventoryPage *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GSList *files = NULL;
  GFile *first = NULL;
  gboolean folders = FALSE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    files = g_slist_prepend (NULL, g_value_get_object (value));

  first = files != NULL ? files->data : NULL;
  for (GSList *l = files; l != NULL; l = l->next)
    {
      char *path = g_file_get_path (l->data);

      folders = folders || is_folder (l->data);
      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_slist_free (files);

  if (folders)
    {
      g_ptr_array_add (paths, NULL);
      return paths->len > 1 && cd_inventory_page_scan (self, (const char * const *) paths->pdata);
    }
  return first != NULL && cd_inventory_page_import_file (self, first);
}

/* ── Scans and their findings ────────────────────────────────────────── */

static void
on_assets_added (CdScanDialog    *dialog,
                 guint            n_assets,
                 CdInventoryPage *self)
{
  g_autofree char *count = cd_gui_format_count (n_assets);
  g_autofree char *text = NULL;

  if (n_assets == 0)
    text = g_strdup (_("The scan’s findings are already in the inventory"));
  else
    /* Translators: a toast after “Add to Inventory” in the scan sheet */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %s data asset from the scan",
                                         "Added %s data assets from the scan", n_assets), count);
  show_toast (self, text);
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cd_inventory_page_scan (CD_INVENTORY_PAGE (widget), NULL);
}

static void
show_findings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (widget);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->assets_selection));
  g_autoptr(CdAsset) asset = NULL;
  CdAssetFindingsWindow *window;

  if (self->store == NULL || gtk_bitset_is_empty (set))
    return;
  asset = cd_row_model_get_item (self->assets_rows, gtk_bitset_get_minimum (set));
  if (asset == NULL)
    return;
  window = cd_asset_findings_window_new (get_parent_window (self), self->store, asset);
  track_dialog (self, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_visible_page_changed (CdInventoryPage *self)
{
  gboolean customers = showing_customers (self);

  if (customers && self->customers_stale)
    load_customers (self);
  apply_visible_search (self);
  gtk_widget_set_tooltip_text (self->add_button, customers ? _("Add a customer (Ctrl+Shift+A)")
                                                           : _("Add a data asset (Ctrl+Shift+A)"));
  gtk_widget_set_tooltip_text (self->edit_button, customers ? _("Edit the selected customer")
                                                            : _("Edit the selected asset"));
  gtk_widget_set_tooltip_text (self->delete_button, customers ? _("Delete the selected customers (Delete)")
                                                              : _("Delete the selected assets (Delete)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  customers ? _("Add Customer") : _("Add Asset"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  customers ? _("Edit Customer") : _("Edit Asset"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  customers ? _("Delete Customers") : _("Delete Assets"), -1);
  g_object_set (self->search_entry, "placeholder-text",
                customers ? _("Search name, phone, ID number, e-mail, address")
                          : _("Search location, format, custodian"),
                NULL);
  gtk_widget_set_tooltip_text (self->export_button,
                               customers ? _("Export customers to a CSV file with masked identifiers (Ctrl+E)")
                                         : _("Export data assets to a CSV file (Ctrl+E)"));
  cd_gui_name_split_button (self->export_button, _("Export CSV"), _("More Export Options"));
  update_actions (self);
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_inventory_page_dispose (GObject *object)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (object);

  cd_inventory_page_set_store (self, NULL);
  g_clear_handle_id (&self->summary_source, g_source_remove);
  g_clear_handle_id (&self->reload_assets_source, g_source_remove);
  g_clear_handle_id (&self->reload_customers_source, g_source_remove);
  g_clear_handle_id (&self->reload_plans_source, g_source_remove);
  g_clear_handle_id (&self->keys_source, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  /* AdwBin keeps its own pointer to the child; unparent through it first so
   * dispose_template does not leave it dangling. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_INVENTORY_PAGE);
  g_clear_object (&self->assets_selection);
  g_clear_object (&self->assets_rows);
  g_clear_object (&self->assets_filtered);
  g_clear_object (&self->assets);
  g_clear_object (&self->customers_selection);
  g_clear_object (&self->customers_rows);
  g_clear_object (&self->customers_filtered);
  g_clear_object (&self->customers);

  G_OBJECT_CLASS (cd_inventory_page_parent_class)->dispose (object);
}

static void
cd_inventory_page_finalize (GObject *object)
{
  CdInventoryPage *self = CD_INVENTORY_PAGE (object);

  g_clear_pointer (&self->revealed, g_hash_table_unref);
  g_clear_pointer (&self->plans, g_hash_table_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (cd_inventory_page_parent_class)->finalize (object);
}

static void
cd_inventory_page_class_init (CdInventoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_inventory_page_dispose;
  object_class->finalize = cd_inventory_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-inventory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, address_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, asset_customers_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, assets_stack);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, assets_view);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, chips_box);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, custodian_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, customers_stack);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, customers_summary_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, customers_view);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, disposition_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, email_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, format_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, id_number_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, kind_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, location_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, media_summary_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, medium_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, phone_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, record_type_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, records_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, reveal_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, sensitivity_column);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdInventoryPage, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_assets_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_customers_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);

  gtk_widget_class_install_action (widget_class, "inventory.add", NULL, visible_tab_action);
  gtk_widget_class_install_action (widget_class, "inventory.add-asset", NULL, add_asset_action);
  gtk_widget_class_install_action (widget_class, "inventory.add-customer", NULL, add_customer_action);
  gtk_widget_class_install_action (widget_class, "inventory.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "inventory.delete", NULL, visible_tab_action);
  gtk_widget_class_install_action (widget_class, "inventory.delete-assets", NULL, delete_assets_action);
  gtk_widget_class_install_action (widget_class, "inventory.delete-customers", NULL, delete_customers_action);
  gtk_widget_class_install_action (widget_class, "inventory.edit", NULL, visible_tab_action);
  gtk_widget_class_install_action (widget_class, "inventory.edit-asset", NULL, edit_asset_action);
  gtk_widget_class_install_action (widget_class, "inventory.edit-customer", NULL, edit_customer_action);
  gtk_widget_class_install_action (widget_class, "inventory.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "inventory.export-revealed", NULL, export_revealed_action);
  gtk_widget_class_install_action (widget_class, "inventory.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "inventory.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "inventory.scan", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "inventory.show-findings", NULL, show_findings_action);

  /* Ctrl+N stays the window's "new case"; adding a row has its own keys. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "inventory.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "inventory.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "inventory.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "inventory.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "inventory.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "inventory.export", NULL);
  /* Ctrl+Shift+F: “find in files”, as in editors. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "inventory.scan", NULL);
}

static void
cd_inventory_page_init (CdInventoryPage *self)
{
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->revealed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Assets */
  setup_column (self->location_column, ASSET_COLUMN_LOCATION, FALSE, 24, G_CALLBACK (bind_asset_cell), self,
                property_sorter (CD_TYPE_ASSET, "location", FALSE));
  /* Where the data is kept is what the list is about: never squeezed to
   * nothing by the other columns in a narrow window. */
  g_object_set_data (G_OBJECT (gtk_column_view_column_get_factory (self->location_column)), "cd-min-chars",
                     GUINT_TO_POINTER (16));
  setup_column (self->medium_column, ASSET_COLUMN_MEDIUM, FALSE, 10, G_CALLBACK (bind_asset_cell), self,
                label_sorter (CD_TYPE_ASSET, G_CALLBACK (asset_medium_label)));
  setup_column (self->record_type_column, ASSET_COLUMN_RECORD_TYPE, FALSE, 18, G_CALLBACK (bind_asset_cell), self,
                label_sorter (CD_TYPE_ASSET, G_CALLBACK (asset_record_type_label)));
  setup_column (self->format_column, ASSET_COLUMN_FORMAT, FALSE, 10, G_CALLBACK (bind_asset_cell), self,
                property_sorter (CD_TYPE_ASSET, "format", FALSE));
  setup_column (self->records_column, ASSET_COLUMN_RECORDS, TRUE, 9, G_CALLBACK (bind_asset_cell), self,
                property_sorter (CD_TYPE_ASSET, "records", TRUE));
  setup_column (self->asset_customers_column, ASSET_COLUMN_CUSTOMERS, TRUE, 9, G_CALLBACK (bind_asset_cell), self,
                property_sorter (CD_TYPE_ASSET, "customers", TRUE));
  self->plans = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) cd_asset_plan_free);
  setup_column (self->sensitivity_column, ASSET_COLUMN_SENSITIVITY, FALSE, 6, G_CALLBACK (bind_asset_cell), self,
                NULL);
  setup_column (self->disposition_column, ASSET_COLUMN_DISPOSITION, FALSE, 6, G_CALLBACK (bind_asset_cell), self,
                NULL);
  setup_column (self->custodian_column, ASSET_COLUMN_CUSTODIAN, FALSE, 10, G_CALLBACK (bind_asset_cell), self,
                property_sorter (CD_TYPE_ASSET, "custodian", FALSE));

  self->assets = cd_object_list_new (CD_TYPE_ASSET);
  self->assets_filtered = cd_index_filter_model_new (G_LIST_MODEL (self->assets), asset_search_key,
                                                     asset_tags, NULL);
  self->assets_selection = create_chain (self, self->assets_filtered, self->assets_view,
                                         &self->assets_rows);
  gtk_column_view_set_model (self->assets_view, GTK_SELECTION_MODEL (self->assets_selection));
  g_signal_connect_object (self->assets_selection, "selection-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assets_selection, "items-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);

  for (guint m = 0; m < CD_N_MEDIA; m++)
    {
      self->medium_chip[m] = create_chip (self, cd_medium_get_label ((CdMedium) m), TRUE, m);
      add_chip (self, GTK_WIDGET (self->medium_chip[m]));
    }
  {
    GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);

    gtk_widget_set_margin_start (separator, 6);
    gtk_widget_set_margin_end (separator, 6);
    add_chip (self, separator);
    /* GtkFlowBox moves Tab to its next sensitive child and stops there if
     * that cannot take the focus: the separator would trap the keyboard
     * on the last medium chip. */
    gtk_widget_set_sensitive (gtk_widget_get_parent (separator), FALSE);
  }
  for (guint t = 0; t < CD_N_RECORD_TYPES; t++)
    {
      self->type_chip[t] = create_chip (self, cd_record_type_get_label ((CdRecordType) t), FALSE, t);
      add_chip (self, GTK_WIDGET (self->type_chip[t]));
    }

  /* Customers */
  setup_column (self->kind_column, CUSTOMER_COLUMN_KIND, FALSE, 10, G_CALLBACK (bind_customer_cell), self,
                label_sorter (CD_TYPE_CUSTOMER, G_CALLBACK (customer_kind_label)));
  setup_column (self->name_column, CUSTOMER_COLUMN_NAME, FALSE, 12, G_CALLBACK (bind_customer_cell), self,
                property_sorter (CD_TYPE_CUSTOMER, "name", FALSE));
  setup_column (self->phone_column, CUSTOMER_COLUMN_PHONE, FALSE, 13, G_CALLBACK (bind_customer_cell), self,
                property_sorter (CD_TYPE_CUSTOMER, "phone", FALSE));
  setup_column (self->id_number_column, CUSTOMER_COLUMN_ID_NUMBER, FALSE, 20, G_CALLBACK (bind_customer_cell), self,
                property_sorter (CD_TYPE_CUSTOMER, "id-number", FALSE));
  setup_column (self->email_column, CUSTOMER_COLUMN_EMAIL, FALSE, 18, G_CALLBACK (bind_customer_cell), self,
                property_sorter (CD_TYPE_CUSTOMER, "email", FALSE));
  setup_column (self->address_column, CUSTOMER_COLUMN_ADDRESS, FALSE, 20, G_CALLBACK (bind_customer_cell), self,
                property_sorter (CD_TYPE_CUSTOMER, "address", FALSE));
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_reveal_cell), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_reveal_cell), self);
    g_signal_connect (factory, "unbind", G_CALLBACK (unbind_reveal_cell), NULL);
    gtk_column_view_column_set_factory (self->reveal_column, factory);
  }

  self->customers = cd_object_list_new (CD_TYPE_CUSTOMER);
  self->customers_filtered = cd_index_filter_model_new (G_LIST_MODEL (self->customers),
                                                        customer_search_key, NULL, NULL);
  self->customers_selection = create_chain (self, self->customers_filtered, self->customers_view,
                                            &self->customers_rows);
  g_signal_connect_object (self->customers_selection, "selection-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->customers_selection, "items-changed", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->customers_view, GTK_SELECTION_MODEL (self->customers_selection));

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_assets_summary (self);
  update_customers_summary (self);
  on_visible_page_changed (self);
}

/* ── Public API ──────────────────────────────────────────────────────── */

GtkWidget *
cd_inventory_page_new (void)
{
  return g_object_new (CD_TYPE_INVENTORY_PAGE, NULL);
}

/**
 * cd_inventory_page_set_store:
 * @store: (nullable): the open case, or %NULL when it locks or closes
 *
 * Shows @store's assets and customers. %NULL empties every view and
 * forgets every reveal, so no personal data stays in a widget or model.
 */
void
cd_inventory_page_set_store (CdInventoryPage *self,
                             CdStore         *store)
{
  g_return_if_fail (CD_IS_INVENTORY_PAGE (self));
  g_return_if_fail (store == NULL || CD_IS_STORE (store));

  if (self->store == store)
    return;

  close_dialog (self);
  if (self->chooser != NULL)
    gtk_native_dialog_hide (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_hash_table_remove_all (self->revealed);
  g_clear_handle_id (&self->reload_assets_source, g_source_remove);
  g_clear_handle_id (&self->reload_customers_source, g_source_remove);
  g_clear_handle_id (&self->reload_plans_source, g_source_remove);
  clear_filters (self);

  if (store != NULL)
    {
      g_signal_connect_swapped (store, "changed::assets", G_CALLBACK (queue_reload_assets), self);
      g_signal_connect_swapped (store, "changed::customers", G_CALLBACK (queue_reload_customers), self);
      g_signal_connect_swapped (store, "changed::audit", G_CALLBACK (queue_reload_plans), self);
      g_signal_connect_swapped (store, "notify::locked", G_CALLBACK (on_store_locked), self);
    }

  reload_assets (self);
  reload_customers (self);
}

/**
 * cd_inventory_page_import_file:
 * @file: a CSV file
 *
 * Opens the import dialog for @file, importing into the visible tab's kind
 * (assets or customers).
 *
 * Returns: %TRUE if the dialog was opened (a case is open)
 */
gboolean
cd_inventory_page_import_file (CdInventoryPage *self,
                               GFile           *file)
{
  CdInventoryImportDialog *dialog;

  g_return_val_if_fail (CD_IS_INVENTORY_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->store == NULL || cd_store_is_locked (self->store))
    return FALSE;

  dialog = cd_inventory_import_dialog_new (get_parent_window (self), self->store, file,
                                           showing_customers (self));
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, 0);
  track_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/**
 * cd_inventory_page_scan:
 * @roots: (nullable): folders (or files) to scan at once, or %NULL to
 *   let the user choose a folder in the scan sheet
 *
 * Opens the scan sheet over the case; its findings become assets when
 * the user adds them.
 *
 * Returns: %TRUE if the sheet was opened (a case is open and unlocked)
 */
gboolean
cd_inventory_page_scan (CdInventoryPage    *self,
                        const char * const *roots)
{
  CdScanDialog *dialog;

  g_return_val_if_fail (CD_IS_INVENTORY_PAGE (self), FALSE);

  if (self->store == NULL || cd_store_is_locked (self->store))
    return FALSE;

  dialog = cd_scan_dialog_new (get_parent_window (self), self->store);
  g_signal_connect_object (dialog, "assets-added", G_CALLBACK (on_assets_added), self, 0);
  track_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  if (roots != NULL && roots[0] != NULL)
    cd_scan_dialog_start (dialog, roots);
  return TRUE;
}

/* ── Test access (cd-inventory-page-private.h) ───────────────────────── */

GtkEditable *
cd_inventory_page_get_search_entry (CdInventoryPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

AdwViewStack *
cd_inventory_page_get_view_stack (CdInventoryPage *self)
{
  return self->view_stack;
}

GListModel *
cd_inventory_page_get_assets_model (CdInventoryPage *self)
{
  return G_LIST_MODEL (self->assets_selection);
}

/* The customers as the tab would show them: read now if not yet read. */
GListModel *
cd_inventory_page_get_customers_model (CdInventoryPage *self)
{
  if (self->customers_stale)
    load_customers (self);
  return G_LIST_MODEL (self->customers_selection);
}

/* The models above are of rows (CdRow); these give the item a row shows.
 * Returns: (transfer full) (nullable) */
CdAsset *
cd_inventory_page_get_asset (CdInventoryPage *self,
                             guint            position)
{
  return cd_row_model_get_item (self->assets_rows, position);
}

CdCustomer *
cd_inventory_page_get_customer (CdInventoryPage *self,
                                guint            position)
{
  if (self->customers_stale)
    load_customers (self);
  return cd_row_model_get_item (self->customers_rows, position);
}

GtkColumnView *
cd_inventory_page_get_assets_view (CdInventoryPage *self)
{
  return self->assets_view;
}

GtkColumnView *
cd_inventory_page_get_customers_view (CdInventoryPage *self)
{
  return self->customers_view;
}

GtkLabel *
cd_inventory_page_get_summary_label (CdInventoryPage *self)
{
  return self->summary_label;
}

GtkLabel *
cd_inventory_page_get_media_summary_label (CdInventoryPage *self)
{
  return self->media_summary_label;
}

GtkToggleButton *
cd_inventory_page_get_medium_chip (CdInventoryPage *self,
                                   CdMedium         medium)
{
  g_return_val_if_fail ((guint) medium < CD_N_MEDIA, NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->medium_chip[medium])) ? self->medium_chip[medium] : NULL;
}

const char *
cd_inventory_page_get_assets_state (CdInventoryPage *self)
{
  return gtk_stack_get_visible_child_name (self->assets_stack);
}

/* TRUE while a reload, summary update or the making of search keys is
 * still to run (the filters themselves run at once). */
gboolean
cd_inventory_page_is_filtering (CdInventoryPage *self)
{
  return self->summary_source != 0 ||
         self->reload_assets_source != 0 ||
         self->reload_customers_source != 0 ||
         self->reload_plans_source != 0 ||
         self->keys_source != 0;
}

GtkWindow *
cd_inventory_page_get_dialog (CdInventoryPage *self)
{
  return self->dialog;
}
