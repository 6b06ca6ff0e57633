/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdNoticesPage: the customer notices pane (客户告知).
 *
 *   cd_notices_context_new () ──▶ GListStore of items (one per customer)
 *     └▶ GtkFilterListModel (chip: all / not sent / awaiting / overdue /
 *          answered, and the search on the masked name or customer id)
 *          └▶ GtkSortListModel (column sorter) ──▶ GtkMultiSelection
 *               └▶ GtkColumnView, each row ending in a "record response" menu
 *
 * The context is loaded once per change of the case ("changed::*" from the
 * store, coalesced in an idle, deferred while the pane is hidden). Names
 * are shown masked everywhere in the pane: the letters themselves carry
 * the real ones, and only the template editor's preview shows a letter.
 * A response is two clicks (the row's menu, then the answer) and one store
 * call, which applies what it means to the plan and audits it. */

#include "config.h"

#define G_LOG_DOMAIN "cd-notices"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-gui-util.h"
#include "cd-notices.h"
#include "cd-notices-page.h"
#include "cd-notices-page-private.h"
#include "cd-template-dialog.h"

/* How many skipped customers the render report names before "and N more". */
#define MAX_NAMED_SKIPPED 30

static const char * const languages[] = { "zh_CN", "en" };

/* ── Items: one customer and their notice ────────────────────────────── */

#define CD_TYPE_NOTICES_ITEM (cd_notices_item_get_type ())
G_DECLARE_FINAL_TYPE (CdNoticesItem, cd_notices_item, CD, NOTICES_ITEM, GObject)

struct _CdNoticesItem
{
  GObject        parent_instance;
  CdCustomer    *customer;
  char          *masked;
  char          *search_key;     /* masked name and id, casefolded */
  CdNotice      *notice;         /* NULL: nothing drafted or answered */
  char          *holdings;       /* "3 contracts, 1 …", "" when nothing is linked */
  guint          n_holdings;
  CdDisposition  disposition;    /* effective */
  gboolean       mixed;
  gboolean       overdue;
  char          *signature;      /* everything shown of it: unchanged rows stay */
};

G_DEFINE_FINAL_TYPE (CdNoticesItem, cd_notices_item, G_TYPE_OBJECT)

static void
cd_notices_item_finalize (GObject *object)
{
  CdNoticesItem *self = CD_NOTICES_ITEM (object);

  g_clear_object (&self->customer);
  g_clear_pointer (&self->masked, g_free);
  g_clear_pointer (&self->search_key, g_free);
  g_clear_pointer (&self->notice, cd_notice_free);
  g_clear_pointer (&self->holdings, g_free);
  g_clear_pointer (&self->signature, g_free);
  G_OBJECT_CLASS (cd_notices_item_parent_class)->finalize (object);
}

static void
cd_notices_item_class_init (CdNoticesItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_notices_item_finalize;
}

static void
cd_notices_item_init (CdNoticesItem *self)
{
}

static const char *
item_id (CdNoticesItem *item)
{
  return cd_customer_get_id (item->customer);
}

static CdNoticeState
item_state (CdNoticesItem *item)
{
  return item->notice != NULL ? item->notice->state : CD_NOTICE_NONE;
}

static CdNoticeResponse
item_response (CdNoticesItem *item)
{
  return item->notice != NULL ? item->notice->response : CD_RESPONSE_NONE;
}

static gboolean
item_in_filter (CdNoticesItem   *item,
                CdNoticesFilter  filter)
{
  gboolean answered = item_response (item) != CD_RESPONSE_NONE;
  gboolean sent = item_state (item) == CD_NOTICE_SENT;

  switch (filter)
    {
    case CD_NOTICES_FILTER_ALL:
      return TRUE;
    case CD_NOTICES_FILTER_NOT_SENT:
      return !sent && !answered;
    case CD_NOTICES_FILTER_AWAITING:
      return sent && !answered;
    case CD_NOTICES_FILTER_OVERDUE:
      return item->overdue;
    case CD_NOTICES_FILTER_ANSWERED:
      return answered;
    default:
      g_assert_not_reached ();
    }
}

static char *
item_cell_text (CdNoticesItem   *item,
                CdNoticesColumn  column)
{
  const CdNotice *notice = item->notice;

  switch (column)
    {
    case CD_NOTICES_COLUMN_CUSTOMER:
      return g_strdup (item->masked);
    case CD_NOTICES_COLUMN_HOLDINGS:
      return g_strdup (item->holdings != NULL && item->holdings[0] != '\0' ? item->holdings : "—");
    case CD_NOTICES_COLUMN_DISPOSITION:
      if (item->mixed)
        /* Translators: the customer's records are in assets with different dispositions */
        return g_strdup (C_("disposition", "Mixed"));
      if (item->disposition == CD_DISPOSITION_UNDECIDED && item->n_holdings == 0)
        return g_strdup ("—");
      return g_strdup (cd_disposition_get_label (item->disposition));
    case CD_NOTICES_COLUMN_NOTICE:
      if (notice != NULL && notice->state == CD_NOTICE_SENT && notice->sent_on != NULL)
        /* Translators: the notice column, e.g. “Sent 2026-11-02 · E-mail” */
        return g_strdup_printf (_("Sent %s · %s"), notice->sent_on, cd_channel_get_label (notice->channel));
      return g_strdup (cd_notice_state_get_label (item_state (item)));
    case CD_NOTICES_COLUMN_DEADLINE:
      if (notice == NULL || notice->deadline == NULL)
        return g_strdup ("—");
      if (item->overdue)
        /* Translators: the deadline column of a customer who has not answered in time */
        return g_strdup_printf (_("%s · ⚠ Overdue"), notice->deadline);
      return g_strdup (notice->deadline);
    case CD_NOTICES_COLUMN_RESPONSE:
      if (item_response (item) == CD_RESPONSE_NONE)
        return g_strdup ("—");
      return g_strdup (cd_response_get_label (item_response (item)));
    default:
      g_assert_not_reached ();
    }
}

/* ── The page ────────────────────────────────────────────────────────── */

struct _CdNoticesPage
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkColumnViewColumn  *actions_column;
  GtkBox               *chips_box;
  GtkLabel             *count_label;
  GtkColumnViewColumn  *customer_column;
  GtkColumnView        *customers_view;
  GtkColumnViewColumn  *deadline_column;
  GtkBox               *details_box;
  GtkColumnViewColumn  *disposition_column;
  GtkColumnViewColumn  *holdings_column;
  GtkDropDown          *language_dropdown;
  GtkStack             *list_stack;
  GtkColumnViewColumn  *notice_column;
  GtkMenuButton        *render_button;
  GtkSpinner           *render_spinner;
  GtkColumnViewColumn  *response_column;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *template_dropdown;
  AdwToastOverlay      *toast_overlay;

  /* owned */
  CdStore              *store;
  CdNoticesContext     *ctx;
  GListStore           *items;          /* CdNoticesItem */
  GHashTable           *by_id;          /* customer id → CdNoticesItem (borrowed from items) */
  GHashTable           *assets;         /* asset id → CdAsset */
  GHashTable           *plans;          /* customer id → CdCustomerPlan */
  GHashTable           *row_buttons;    /* customer id → GtkMenuButton bound to its row */
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  GtkSortListModel     *sorted;
  GtkMultiSelection    *selection;
  GtkStringList        *template_titles;
  GPtrArray            *templates;      /* CdNoticeTemplateInfo, as in the drop-down */
  GtkToggleButton      *chips[CD_NOTICES_N_FILTERS];
  CdNoticesFilter       active_filter;
  char                 *search;         /* casefolded, NULL when empty */
  char                  today[16];
  guint                 n_overdue;
  CdPaneReload          reloader;
  GCancellable         *render_cancellable;
  CdNoticeChannel       last_channel;   /* of the last render: Mark Sent's default */
  GtkNativeDialog      *chooser;

  /* borrowed */
  GtkWindow            *dialog;         /* weak: the open dialog of the pane */
};

G_DEFINE_FINAL_TYPE (CdNoticesPage, cd_notices_page, ADW_TYPE_BIN)

static void update_details (CdNoticesPage *self);
static void update_actions (CdNoticesPage *self);

/* ── Helpers ─────────────────────────────────────────────────────────── */

static GtkWindow *
get_parent_window (CdNoticesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_toast (CdNoticesPage *self,
            const char    *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_dialog (CdNoticesPage *self,
            GtkWindow     *dialog)
{
  if (self->dialog != NULL)
    gtk_window_destroy (self->dialog);
  g_set_weak_pointer (&self->dialog, dialog);
}

static void
set_today (CdNoticesPage *self)
{
  GDate today;

  cd_date_set_today (&today);
  g_date_strftime (self->today, sizeof self->today, "%Y-%m-%d", &today);
}

static const char *
current_language (CdNoticesPage *self)
{
  guint i = gtk_drop_down_get_selected (self->language_dropdown);

  return languages[i < G_N_ELEMENTS (languages) ? i : 0];
}

static const CdNoticeTemplateInfo *
current_template (CdNoticesPage *self)
{
  guint i = gtk_drop_down_get_selected (self->template_dropdown);

  if (self->templates == NULL || i >= self->templates->len)
    return NULL;
  return self->templates->pdata[i];
}

static const char *
template_title (CdNoticesPage *self,
                const char    *name)
{
  for (guint i = 0; name != NULL && self->templates != NULL && i < self->templates->len; i++)
    {
      const CdNoticeTemplateInfo *info = self->templates->pdata[i];

      if (g_strcmp0 (info->name, name) == 0)
        return info->title;
    }
  return name;
}

static guint
window_days_setting (CdNoticesPage *self)
{
  g_autofree char *value = NULL;
  guint64 days = 0;

  if (self->store != NULL)
    value = cd_store_get_setting (self->store, CD_NOTICES_SETTING_WINDOW_DAYS, NULL);
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, CD_NOTICE_MAX_WINDOW_DAYS, &days, NULL))
    return CD_NOTICE_DEFAULT_WINDOW_DAYS;
  return (guint) days;
}

static CdNoticesItem *
selected_item (CdNoticesPage *self,
               guint         *out_n_selected)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (out_n_selected != NULL)
    *out_n_selected = (guint) gtk_bitset_get_size (set);
  if (gtk_bitset_is_empty (set))
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->selection), gtk_bitset_get_minimum (set));
}

/* The selected customers' ids, in the list's order, NULL-terminated. */
static GStrv
selected_ids (CdNoticesPage *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, set, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(CdNoticesItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      g_strv_builder_add (builder, item_id (item));
    }
  return g_strv_builder_end (builder);
}

static const char *
masked_name_for (CdNoticesPage *self,
                 const char    *customer_id)
{
  CdNoticesItem *item = g_hash_table_lookup (self->by_id, customer_id);

  /* Never the id itself in a sentence about a person: it is not a name. */
  return item != NULL ? item->masked : "—";
}

/* ── Counts and state ────────────────────────────────────────────────── */

char *
cd_notices_page_format_count (guint shown,
                              guint total,
                              guint overdue)
{
  g_autofree char *shown_text = cd_gui_format_count (shown);
  g_autofree char *total_text = cd_gui_format_count (total);
  g_autofree char *overdue_text = cd_gui_format_count (overdue);
  g_autofree char *customers = NULL;
  g_autofree char *late = NULL;

  if (shown == total)
    customers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers", total), total_text);
  else
    /* Translators: while filtering, e.g. “3 of 1,200 customers” */
    customers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s customer", "%s of %s customers",
                                              total), shown_text, total_text);
  /* Translators: customers past the deadline for their answer, e.g. “56 overdue” */
  late = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s overdue", "%s overdue", overdue), overdue_text);
  /* Translators: the pane's count line, e.g. “1,234 customers · 56 overdue” */
  return g_strdup_printf (C_("notices count", "%s · %s"), customers, late);
}

static void
update_count (CdNoticesPage *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (self->store == NULL)
    {
      gtk_label_set_text (self->count_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), NULL);
      return;
    }
  text = cd_notices_page_format_count (shown, total, self->n_overdue);
  gtk_label_set_text (self->count_label, text);
  /* Large text can cut the line short; the tooltip tells it whole. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), text);

  if (total == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
update_actions (CdNoticesPage *self)
{
  guint n_selected = 0;
  g_autoptr(CdNoticesItem) first = selected_item (self, &n_selected);
  gboolean open = self->store != NULL && self->ctx != NULL;
  gboolean idle = self->render_cancellable == NULL;
  gboolean have_template = current_template (self) != NULL;

  /* While letters are written in a thread, whose last step is one
   * transaction on the case, nothing else here writes to the case. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.mark-sent", open && idle && n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.render", open && idle && have_template);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.edit-template", open && idle && have_template);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.record-response", open && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.record-other", open && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.prepare-copy", open && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.tag-categories", open && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "notices.open-row-menu", open && n_selected > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->render_button), open && idle && have_template);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->render_button),
                               n_selected > 0 ? _("Write the letters of the selected customers")
                                              : _("Write the letters of every customer who has not answered"));
}

/* ── Loading ─────────────────────────────────────────────────────────── */

static void
reload_templates (CdNoticesPage *self)
{
  g_autofree char *keep = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  const CdNoticeTemplateInfo *current = current_template (self);
  guint select = 0;

  if (current != NULL)
    keep = g_strdup (current->name);
  if (self->store != NULL && !cd_store_is_locked (self->store))
    {
      templates = cd_notices_list_templates (self->store, &error);
      if (templates == NULL)
        show_toast (self, error->message);
    }

  gtk_string_list_splice (self->template_titles, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->template_titles)), NULL);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  if (templates == NULL)
    return;

  for (guint i = 0; i < templates->len; i++)
    {
      const CdNoticeTemplateInfo *info = templates->pdata[i];
      g_autofree char *title = NULL;

      if (info->edited)
        /* Translators: a template in the drop-down that this case changed */
        title = g_strdup_printf (_("%s (edited)"), info->title);
      gtk_string_list_append (self->template_titles, title != NULL ? title : info->title);
      if (g_strcmp0 (info->name, keep) == 0)
        select = i;
    }
  self->templates = g_steal_pointer (&templates);
  gtk_drop_down_set_selected (self->template_dropdown, select);
}

/* What the row and the side panel show of @item, in one string. */
static char *
item_signature (CdNoticesItem *item)
{
  GString *signature = g_string_new (NULL);
  const CdNotice *notice = item->notice;

  for (int c = CD_NOTICES_COLUMN_CUSTOMER; c <= CD_NOTICES_COLUMN_RESPONSE; c++)
    {
      g_autofree char *text = item_cell_text (item, (CdNoticesColumn) c);

      g_string_append (signature, text);
      g_string_append_c (signature, '\n');
    }
  g_string_append_printf (signature, "%d %u %d", item->overdue, item->n_holdings, item->disposition);
  if (notice != NULL)
    g_string_append_printf (signature, "\n%s\n%" G_GINT64_FORMAT "\n%u\n%s\n%s\n%d",
                            notice->template_name != NULL ? notice->template_name : "", notice->drafted_at,
                            notice->window_days, notice->response_text != NULL ? notice->response_text : "",
                            notice->responded_on != NULL ? notice->responded_on : "", notice->copy_prepared);
  return g_string_free (signature, FALSE);
}

static CdNoticesItem *
create_item (CdNoticesPage *self,
             CdCustomer    *customer)
{
  CdNoticesItem *item = g_object_new (CD_TYPE_NOTICES_ITEM, NULL);
  const char *id = cd_customer_get_id (customer);
  const CdNotice *notice = cd_notices_context_get_notice (self->ctx, id);
  GPtrArray *holdings = cd_notices_context_get_holdings (self->ctx, id);
  g_autofree char *folded_name = NULL;
  g_autofree char *folded_id = NULL;

  item->customer = g_object_ref (customer);
  item->masked = cd_customer_dup_masked_name (customer);
  if (item->masked == NULL)
    item->masked = g_strdup ("—");
  folded_name = g_utf8_casefold (item->masked, -1);
  folded_id = g_utf8_casefold (id != NULL ? id : "", -1);
  item->search_key = g_strconcat (folded_name, "\n", folded_id, NULL);
  item->notice = notice != NULL ? cd_notice_copy (notice) : NULL;
  item->holdings = cd_notices_context_describe_holdings (self->ctx, id, NULL);
  item->n_holdings = holdings != NULL ? holdings->len : 0;
  item->disposition = cd_notices_context_effective_disposition (self->ctx, id, &item->mixed);
  item->overdue = notice != NULL && cd_notice_is_overdue (notice, self->today);
  item->signature = item_signature (item);
  return item;
}

static void
select_ids (CdNoticesPage *self,
            GHashTable    *ids)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GtkBitset) selected = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) mask = gtk_bitset_new_range (0, n);

  if (g_hash_table_size (ids) == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdNoticesItem) item = g_list_model_get_item (model, i);

      if (g_hash_table_contains (ids, item_id (item)))
        gtk_bitset_add (selected, i);
    }
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), selected, mask);
}

/* More changed rows than this are replaced all at once. */
#define MAX_ROW_UPDATES 64

/* Puts @items in the list. When the customers are the same, in the same
 * order, only the rows that changed are replaced: GTK 4.8's column view
 * rebuilds far more than the visible rows when all of them are, which
 * takes seconds with the demo's 2,000 customers. */
static void
replace_items (CdNoticesPage *self,
               GPtrArray     *items)
{
  GListModel *model = G_LIST_MODEL (self->items);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (guint));

  if (n == items->len)
    {
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CdNoticesItem) old = g_list_model_get_item (model, i);
          CdNoticesItem *item = items->pdata[i];

          if (g_strcmp0 (item_id (old), item_id (item)) != 0)
            {
              g_array_set_size (changed, MAX_ROW_UPDATES + 1);
              break;
            }
          if (strcmp (old->signature, item->signature) != 0)
            {
              g_array_append_val (changed, i);
              if (changed->len > MAX_ROW_UPDATES)
                break;
            }
        }
      if (changed->len <= MAX_ROW_UPDATES)
        {
          for (guint i = 0; i < changed->len; i++)
            {
              guint position = g_array_index (changed, guint, i);

              g_list_store_splice (self->items, position, 1, &items->pdata[position], 1);
            }
          return;
        }
    }
  /* Detached meanwhile: with every row selected, the view follows the
   * selection's changes row by row otherwise. */
  gtk_column_view_set_model (self->customers_view, NULL);
  g_list_store_splice (self->items, 0, n, items->pdata, items->len);
  gtk_column_view_set_model (self->customers_view, GTK_SELECTION_MODEL (self->selection));
}

static void
reload (CdNoticesPage *self)
{
  g_autoptr(GHashTable) keep_selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = selected_ids (self);

  cd_pane_reload_started (&self->reloader);
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (keep_selected, g_strdup (ids[i]));

  set_today (self);
  g_clear_pointer (&self->ctx, cd_notices_context_free);
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->assets);
  g_hash_table_remove_all (self->plans);
  self->n_overdue = 0;

  if (self->store != NULL && !cd_store_is_locked (self->store))
    {
      self->ctx = cd_notices_context_new (self->store, &error);
      if (self->ctx == NULL)
        {
          show_toast (self, error->message);
          g_clear_error (&error);
        }
    }
  if (self->ctx != NULL)
    {
      g_autoptr(GListModel) assets = cd_store_list_assets (self->store, &error);
      g_autoptr(GPtrArray) plans = NULL;
      GListModel *customers;

      if (assets == NULL)
        {
          show_toast (self, error->message);
          g_clear_error (&error);
        }
      for (guint i = 0; assets != NULL && i < g_list_model_get_n_items (assets); i++)
        {
          CdAsset *asset = g_list_model_get_item (assets, i);

          g_hash_table_insert (self->assets, g_strdup (cd_asset_get_id (asset)), asset);
        }

      plans = cd_store_list_customer_plans (self->store, &error);
      if (plans == NULL)
        {
          show_toast (self, error->message);
          g_clear_error (&error);
        }
      if (plans != NULL)
        {
          gsize n_plans = 0;
          /* The table owns them from here. */
          g_autofree CdCustomerPlan **stolen = (CdCustomerPlan **) g_ptr_array_steal (plans, &n_plans);

          for (gsize i = 0; i < n_plans; i++)
            g_hash_table_replace (self->plans, g_strdup (stolen[i]->customer_id), stolen[i]);
        }

      customers = cd_notices_context_get_customers (self->ctx);
      for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
        {
          g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);
          CdNoticesItem *item = create_item (self, customer);

          if (item->overdue)
            self->n_overdue++;
          g_ptr_array_add (items, item);
        }
    }

  replace_items (self, items);
  /* The rows kept are the old items: index what the list holds. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->items)); i++)
    {
      g_autoptr(CdNoticesItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      g_hash_table_insert (self->by_id, (gpointer) item_id (item), item);
    }
  select_ids (self, keep_selected);
  update_count (self);
  update_actions (self);
  update_details (self);
}

static void
reload_pane (GtkWidget *pane)
{
  reload (CD_NOTICES_PAGE (pane));
}

static void
queue_reload (CdNoticesPage *self)
{
  cd_pane_reload_queue (&self->reloader);
}

static void
on_store_changed (CdNoticesPage *self)
{
  queue_reload (self);
}

/* A saved template changes the drop-down's "(edited)" marks. */
static void
on_notices_changed (CdNoticesPage *self)
{
  reload_templates (self);
  queue_reload (self);
}

static void
cd_notices_page_map (GtkWidget *widget)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);

  GTK_WIDGET_CLASS (cd_notices_page_parent_class)->map (widget);
  if (self->reloader.stale)
    queue_reload (self);
  else if (self->store != NULL)
    {
      char before[sizeof self->today];

      /* A new day may have made someone overdue. */
      memcpy (before, self->today, sizeof before);
      set_today (self);
      if (strcmp (before, self->today) != 0)
        queue_reload (self);
    }
}

static void
on_store_locked (CdNoticesPage *self)
{
  if (cd_store_is_locked (self->store))
    set_dialog (self, NULL);
  reload_templates (self);
  reload (self);
}

/* ── The side panel ──────────────────────────────────────────────────── */

static GtkWidget *
add_label (CdNoticesPage *self,
           const char    *text,
           const char    *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (self->details_box, label);
  return label;
}

static void
add_heading (CdNoticesPage *self,
             const char    *text)
{
  GtkWidget *label = add_label (self, text, "heading");

  gtk_widget_set_margin_top (label, 12);
}

/* A "what: value" line of the panel. */
static void
add_field (CdNoticesPage *self,
           const char    *what,
           const char    *value,
           const char    *css_class)
{
  /* Translators: a line of the side panel, e.g. “Sent: 2026-11-02 by E-mail” */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), what, value);

  add_label (self, text, css_class);
}

static void
add_holdings (CdNoticesPage *self,
              CdNoticesItem *item)
{
  GPtrArray *holdings = cd_notices_context_get_holdings (self->ctx, item_id (item));

  add_heading (self, _("Holdings"));
  if (holdings == NULL || holdings->len == 0)
    {
      add_label (self, _("No records linked to this customer yet. A scan of the data assets links them."),
                 "dim-label");
      return;
    }
  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *holding = holdings->pdata[i];
      CdAsset *asset = g_hash_table_lookup (self->assets, holding->asset_id);
      g_autoptr(GString) text = g_string_new ("• ");

      /* An asset's location can hold names: its kind and medium say enough. */
      if (asset != NULL)
        /* Translators: a holding in the side panel: record type on medium, e.g. “Contracts on Paper” */
        g_string_append_printf (text, _("%s on %s"), cd_record_type_get_label (cd_asset_get_record_type (asset)),
                                cd_medium_get_label (cd_asset_get_medium (asset)));
      else
        g_string_append (text, _("An asset no longer in the inventory"));
      if (holding->files > 0)
        {
          g_string_append (text, " — ");
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u file mentions them",
                                                     "%u files mention them", holding->files), holding->files);
        }
      if (holding->items > 0)
        {
          g_string_append (text, " — ");
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u record linked by hand",
                                                     "%u records linked by hand", holding->items), holding->items);
        }
      add_label (self, text->str, NULL);
    }
}

static void
add_disposition (CdNoticesPage *self,
                 CdNoticesItem *item)
{
  const CdCustomerPlan *plan = g_hash_table_lookup (self->plans, item_id (item));
  g_autofree char *effective = item_cell_text (item, CD_NOTICES_COLUMN_DISPOSITION);

  add_heading (self, _("Disposition"));
  add_label (self, effective, NULL);
  if (item->mixed)
    add_label (self, _("The assets that hold this customer’s records have different dispositions."), "dim-label");
  if (plan == NULL)
    return;
  if (plan->disposition == CD_DISPOSITION_DESTROY && plan->from_response)
    add_label (self, _("Set to destroy at the customer’s request"), NULL);
  else if (plan->disposition != CD_DISPOSITION_UNDECIDED)
    {
      g_autofree char *text = NULL;

      if (plan->from_response)
        /* Translators: %s is a disposition, e.g. “Destroy” */
        text = g_strdup_printf (_("Set to “%s” at the customer’s request"), cd_disposition_get_label (plan->disposition));
      else
        /* Translators: %s is a disposition, e.g. “Destroy” */
        text = g_strdup_printf (_("Set to “%s” for this customer"), cd_disposition_get_label (plan->disposition));
      add_label (self, text, NULL);
    }
  if (plan->exclude_transfer)
    add_label (self, _("Excluded from transfer"), NULL);
}

/* Categories tag a customer whose records are sensitive wherever they
 * are (a minor's, a patient's); the plan check holds every asset with
 * their records to it. */
static void
add_categories (CdNoticesPage *self,
                CdNoticesItem *item)
{
  const CdCustomerPlan *plan = g_hash_table_lookup (self->plans, item_id (item));
  CdCategories categories = plan != NULL ? plan->categories : CD_CATEGORY_NONE;
  GtkWidget *button;

  add_heading (self, _("Categories"));
  if (categories != CD_CATEGORY_NONE)
    {
      g_autofree char *labels = cd_categories_to_labels (categories);

      add_label (self, labels, (categories & CD_CATEGORIES_SENSITIVE) ? "warning" : NULL);
    }
  else
    add_label (self, _("Not tagged. Tag a customer whose records are sensitive wherever they are, e.g. a minor "
                       "under 14."), "dim-label");

  button = gtk_button_new_with_mnemonic (_("_Tag Categories…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "notices.tag-categories");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item_id (item));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 6);
  gtk_box_append (self->details_box, button);
}

static void
add_notice (CdNoticesPage *self,
            CdNoticesItem *item)
{
  const CdNotice *notice = item->notice;
  g_autofree char *drafted = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *window = NULL;
  g_autofree char *response = NULL;

  add_heading (self, _("Notice"));
  if (notice == NULL || (notice->state == CD_NOTICE_NONE && notice->response == CD_RESPONSE_NONE))
    {
      add_label (self, _("No letter drafted yet. Choose a template and render the letters."), "dim-label");
      return;
    }
  if (notice->template_name != NULL)
    add_field (self, _("Letter"), template_title (self, notice->template_name), NULL);
  if (notice->drafted_at > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (notice->drafted_at);

      drafted = when != NULL ? g_date_time_format (when, "%Y-%m-%d") : NULL;
      if (drafted != NULL)
        add_field (self, _("Drafted"), drafted, NULL);
    }
  if (notice->state == CD_NOTICE_SENT && notice->sent_on != NULL)
    {
      /* Translators: when and how a letter was sent, e.g. “2026-11-02 by E-mail” */
      sent = g_strdup_printf (_("%s by %s"), notice->sent_on, cd_channel_get_label (notice->channel));
      add_field (self, _("Sent"), sent, NULL);
      window = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", notice->window_days),
                                notice->window_days);
      add_field (self, _("Response window"), window, NULL);
    }
  if (notice->deadline != NULL)
    {
      g_autofree char *deadline = item_cell_text (item, CD_NOTICES_COLUMN_DEADLINE);

      add_field (self, _("Deadline"), deadline, item->overdue ? "error" : NULL);
    }

  add_heading (self, _("Response"));
  if (notice->response == CD_RESPONSE_NONE)
    {
      add_label (self, _("No answer recorded. Use the row’s menu to record one."), "dim-label");
      return;
    }
  if (notice->responded_on != NULL)
    /* Translators: the answer and its date, e.g. “Delete my data (2026-11-20)” */
    response = g_strdup_printf (_("%s (%s)"), cd_response_get_label (notice->response), notice->responded_on);
  add_label (self, response != NULL ? response : cd_response_get_label (notice->response), NULL);
  if (notice->response_text != NULL && notice->response_text[0] != '\0')
    add_field (self, _("What they said"), notice->response_text, NULL);
  if (notice->response == CD_RESPONSE_COPY)
    {
      GtkWidget *button;

      if (notice->copy_prepared)
        add_label (self, _("A copy was prepared."), "dim-label");
      button = gtk_button_new_with_mnemonic (notice->copy_prepared ? _("Prepare Copy _Again…") : _("_Prepare Copy…"));
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (button, 6);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "notices.prepare-copy");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item_id (item));
      gtk_widget_set_tooltip_text (button, _("Export this customer’s own records into a new folder"));
      gtk_box_append (self->details_box, button);
    }
}

static void
update_details (CdNoticesPage *self)
{
  guint n_selected = 0;
  g_autoptr(CdNoticesItem) item = selected_item (self, &n_selected);
  GtkWidget *child;
  GtkWidget *title;

  cd_gui_release_focus (GTK_WIDGET (self->details_box));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);

  if (item == NULL || self->ctx == NULL)
    {
      add_label (self, _("Select a customer to see their holdings, disposition and notice history."),
                 "dim-label");
      return;
    }

  if (n_selected > 1)
    {
      /* Translators: side panel title with several customers selected: the
       * first one's masked name, and how many more */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (and %u more)",
                                                            "%s (and %u more)", n_selected - 1),
                                               item->masked, n_selected - 1);

      title = add_label (self, text, "title-4");
    }
  else
    title = add_label (self, item->masked, "title-4");
  gtk_label_set_selectable (GTK_LABEL (title), TRUE);

  add_holdings (self, item);
  add_disposition (self, item);
  add_categories (self, item);
  add_notice (self, item);
}

static void
on_selection_changed (CdNoticesPage *self)
{
  update_actions (self);
  update_details (self);
}

/* ── Cells ───────────────────────────────────────────────────────────── */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label),
                             GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-chars")));
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  CdNoticesColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "cd-column"));
  CdNoticesItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = item_cell_text (item, column);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_remove_css_class (label, "error");
  if (column == CD_NOTICES_COLUMN_DEADLINE && item->overdue)
    gtk_widget_add_css_class (label, "error");
  else if (g_strcmp0 (text, "—") == 0 ||
           (column == CD_NOTICES_COLUMN_NOTICE && item_state (item) == CD_NOTICE_NONE))
    gtk_widget_add_css_class (label, "dim-label");
}

static char *
item_key (CdNoticesItem *item,
          gpointer       column_data)
{
  CdNoticesColumn column = GPOINTER_TO_INT (column_data);

  switch (column)
    {
    case CD_NOTICES_COLUMN_NOTICE:
      /* By state, then by date sent. */
      return g_strdup_printf ("%d %s", item_state (item),
                              item->notice != NULL && item->notice->sent_on != NULL ? item->notice->sent_on : "");
    case CD_NOTICES_COLUMN_DEADLINE:
      return g_strdup (item->notice != NULL && item->notice->deadline != NULL ? item->notice->deadline : "");
    default:
      return item_cell_text (item, column);
    }
}

static void
setup_column (GtkColumnViewColumn *column,
              CdNoticesColumn      id,
              int                  chars)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "cd-column", GINT_TO_POINTER (id));
  g_object_set_data (G_OBJECT (factory), "cd-chars", GINT_TO_POINTER (chars));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  gtk_column_view_column_set_factory (column, factory);

  sorter = GTK_SORTER (gtk_string_sorter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                           G_CALLBACK (item_key),
                                                                           GINT_TO_POINTER (id), NULL)));
  gtk_column_view_column_set_sorter (column, sorter);
}

/* The row's "record response" menu: the answers, each with the customer
 * in its target, so picking one is the whole gesture. */
static GMenuModel *
create_response_menu (const char *customer_id)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();

  for (int r = CD_RESPONSE_NO_OBJECTION; r < CD_N_RESPONSES; r++)
    {
      g_autoptr(GMenuItem) menu_item = NULL;

      if (r == CD_RESPONSE_OTHER)
        {
          /* Translators: a menu item that opens a dialog asking what the customer said */
          menu_item = g_menu_item_new (_("Other…"), NULL);
          g_menu_item_set_action_and_target (menu_item, "notices.record-other", "s", customer_id);
        }
      else
        {
          menu_item = g_menu_item_new (cd_response_get_label ((CdNoticeResponse) r), NULL);
          g_menu_item_set_action_and_target (menu_item, "notices.record-response", "(ss)", customer_id,
                                             cd_response_to_id ((CdNoticeResponse) r));
        }
      g_menu_append_item (section, menu_item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  {
    g_autoptr(GMenuItem) clear = g_menu_item_new (_("Clear Response"), NULL);

    g_menu_item_set_action_and_target (clear, "notices.record-response", "(ss)", customer_id,
                                       cd_response_to_id (CD_RESPONSE_NONE));
    g_menu_append_item (menu, clear);
  }
  return G_MENU_MODEL (menu);
}

/* The menu is made when it opens, not for every row bound: a popover
 * menu is a dozen widgets, and rows are bound by the hundred. */
static void
create_row_popup (GtkMenuButton *button,
                  gpointer       user_data)
{
  const char *customer_id = g_object_get_data (G_OBJECT (button), "cd-customer-id");
  g_autoptr(GMenuModel) menu = NULL;

  if (customer_id == NULL)
    return;
  menu = create_response_menu (customer_id);
  gtk_menu_button_set_menu_model (button, menu);
}

static void
setup_actions_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_row_popup, NULL, NULL);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "mail-reply-sender-symbolic");
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (button), FALSE);
  gtk_widget_add_css_class (button, "row-menu");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, button);
}

static void
bind_actions_cell (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  CdNoticesPage *self = user_data;
  CdNoticesItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *button = gtk_list_item_get_child (list_item);
  /* Translators: tooltip of the button at the end of a customer's row */
  g_autofree char *label = g_strdup_printf (_("Record response for %s"), item->masked);

  /* The previous customer's menu, if it was opened, goes. */
  if (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)) != NULL)
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), NULL);
  g_object_set_data_full (G_OBJECT (button), "cd-customer-id", g_strdup (item_id (item)), g_free);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_hash_table_replace (self->row_buttons, g_strdup (item_id (item)), button);
}

static void
unbind_actions_cell (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  CdNoticesPage *self = user_data;
  CdNoticesItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *button = gtk_list_item_get_child (list_item);

  if (item != NULL && g_hash_table_lookup (self->row_buttons, item_id (item)) == button)
    g_hash_table_remove (self->row_buttons, item_id (item));
}

static void
setup_actions_column (CdNoticesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_actions_cell), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_actions_cell), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_actions_cell), self);
  gtk_column_view_column_set_factory (self->actions_column, factory);
}

/* ── Filtering ───────────────────────────────────────────────────────── */

static gboolean
item_matches (gpointer object,
              gpointer user_data)
{
  CdNoticesPage *self = user_data;
  CdNoticesItem *item = object;

  if (!item_in_filter (item, self->active_filter))
    return FALSE;
  return self->search == NULL || strstr (item->search_key, self->search) != NULL;
}

static void
refilter (CdNoticesPage    *self,
          GtkFilterChange   change)
{
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_count (self);
  update_actions (self);
  update_details (self);
}

static void
on_chip_toggled (GtkToggleButton *chip,
                 CdNoticesPage   *self)
{
  CdNoticesFilter filter = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chip), "cd-filter"));
  CdNoticesFilter old = self->active_filter;

  if (!gtk_toggle_button_get_active (chip) || filter == old)
    return;
  self->active_filter = filter;
  refilter (self, old == CD_NOTICES_FILTER_ALL ? GTK_FILTER_CHANGE_MORE_STRICT
                  : filter == CD_NOTICES_FILTER_ALL ? GTK_FILTER_CHANGE_LESS_STRICT
                  : GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_search_changed (CdNoticesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *old = g_steal_pointer (&self->search);

  self->search = text[0] != '\0' ? g_utf8_casefold (text, -1) : NULL;
  if (g_strcmp0 (old, self->search) == 0)
    return;
  if (old == NULL)
    refilter (self, GTK_FILTER_CHANGE_MORE_STRICT);
  else if (self->search == NULL)
    refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);
  else if (strstr (self->search, old) != NULL)
    refilter (self, GTK_FILTER_CHANGE_MORE_STRICT);
  else if (strstr (old, self->search) != NULL)
    refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);
  else
    refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
create_chips (CdNoticesPage *self)
{
  static const struct
  {
    const char *label;
    const char *tooltip;
  } chips[CD_NOTICES_N_FILTERS] = {
    { NC_("notices filter", "All"), N_("Show every customer") },
    { NC_("notices filter", "Not Sent"), N_("Customers whose letter has not been sent and who have not answered") },
    { NC_("notices filter", "Awaiting Response"), N_("Customers who were sent a letter and have not answered") },
    { NC_("notices filter", "Overdue"), N_("Customers who have not answered by the deadline") },
    { NC_("notices filter", "Answered"), N_("Customers whose answer is recorded") },
  };

  for (guint i = 0; i < CD_NOTICES_N_FILTERS; i++)
    {
      GtkWidget *chip = gtk_toggle_button_new_with_label (g_dpgettext2 (GETTEXT_PACKAGE, "notices filter",
                                                                        chips[i].label));

      gtk_widget_add_css_class (chip, "chip");
      gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (chip, _(chips[i].tooltip));
      g_object_set_data (G_OBJECT (chip), "cd-filter", GINT_TO_POINTER (i));
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (chip), self->chips[0]);
      g_signal_connect (chip, "toggled", G_CALLBACK (on_chip_toggled), self);
      gtk_box_append (self->chips_box, chip);
      self->chips[i] = GTK_TOGGLE_BUTTON (chip);
    }
  gtk_toggle_button_set_active (self->chips[CD_NOTICES_FILTER_ALL], TRUE);
}

/* ── Recording responses ─────────────────────────────────────────────── */

static char *
response_toast (CdNoticeResponse  response,
                const char       *masked)
{
  switch (response)
    {
    case CD_RESPONSE_NONE:
      /* Translators: %s is a customer's masked name */
      return g_strdup_printf (_("Response of %s cleared"), masked);
    case CD_RESPONSE_NO_OBJECTION:
      return g_strdup_printf (_("Response recorded: %s has no objection"), masked);
    case CD_RESPONSE_DELETE:
      return g_strdup_printf (_("Response recorded: records of %s set to be destroyed"), masked);
    case CD_RESPONSE_COPY:
      return g_strdup_printf (_("Response recorded: %s asked for a copy — prepare it from the side panel"), masked);
    case CD_RESPONSE_OBJECT_TRANSFER:
      return g_strdup_printf (_("Response recorded: %s excluded from the transfer"), masked);
    case CD_RESPONSE_OTHER:
    default:
      return g_strdup_printf (_("Response recorded for %s"), masked);
    }
}

static gboolean
record_response (CdNoticesPage    *self,
                 const char       *customer_id,
                 CdNoticeResponse  response,
                 const char       *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *toast = NULL;

  if (self->store == NULL)
    return FALSE;
  set_today (self);
  if (!cd_store_record_response (self->store, customer_id, response, text,
                                 response == CD_RESPONSE_NONE ? NULL : self->today, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not record the response"), error);
      return FALSE;
    }
  masked = g_strdup (masked_name_for (self, customer_id));
  toast = response_toast (response, masked);
  /* Show it now rather than at the next idle: the user acted here. */
  reload (self);
  show_toast (self, toast);
  return TRUE;
}

static void
record_response_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);
  const char *customer_id = NULL;
  const char *response_id = NULL;

  g_variant_get (parameter, "(&s&s)", &customer_id, &response_id);
  for (int r = CD_RESPONSE_NONE; r < CD_N_RESPONSES; r++)
    if (g_strcmp0 (cd_response_to_id ((CdNoticeResponse) r), response_id) == 0)
      {
        record_response (self, customer_id, (CdNoticeResponse) r, NULL);
        return;
      }
  g_warning ("Unknown response “%s”", response_id);
}

static void
on_other_apply (GtkWidget     *button,
                CdNoticesPage *self)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (button));
  const char *customer_id = g_object_get_data (G_OBJECT (dialog), "cd-customer-id");
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "cd-text");
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (record_response (self, customer_id, CD_RESPONSE_OTHER, text[0] != '\0' ? text : NULL))
    gtk_window_destroy (dialog);
}

static GtkWindow *
create_dialog (CdNoticesPage *self,
               const char    *title,
               const char    *apply_label,
               GCallback      on_apply)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_window_new ());
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (apply_label);

  gtk_window_set_title (dialog, title);
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_set_transient_for (dialog, get_parent_window (self));
  gtk_window_set_default_size (dialog, 420, -1);
  gtk_window_set_destroy_with_parent (dialog, TRUE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), dialog);
  gtk_widget_add_css_class (apply, "suggested-action");
  g_signal_connect_object (apply, "clicked", on_apply, self, 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), apply);
  gtk_window_set_titlebar (dialog, header);
  gtk_window_set_default_widget (dialog, apply);
  g_object_set_data (G_OBJECT (dialog), "cd-apply", apply);
  return dialog;
}

static GtkWidget *
dialog_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  return box;
}

static void
record_other_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);
  const char *customer_id = g_variant_get_string (parameter, NULL);
  GtkWindow *dialog = create_dialog (self, _("Other Response"), _("_Record"), G_CALLBACK (on_other_apply));
  GtkWidget *box = dialog_box ();
  GtkWidget *label;
  GtkWidget *scrolled;
  GtkWidget *view;
  /* Translators: %s is a customer's masked name */
  g_autofree char *question = g_strdup_printf (_("What did %s say?"), masked_name_for (self, customer_id));

  label = gtk_label_new (question);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 100);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scrolled);
  label = gtk_label_new (_("Kept encrypted in the case and shown only here."));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (dialog, box);

  g_object_set_data_full (G_OBJECT (dialog), "cd-customer-id", g_strdup (customer_id), g_free);
  g_object_set_data (G_OBJECT (dialog), "cd-text", gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  set_dialog (self, dialog);
  gtk_window_present (dialog);
  gtk_widget_grab_focus (view);
}

static void
on_categories_apply (GtkWidget     *button,
                     CdNoticesPage *self)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (button));
  const char *customer_id = g_object_get_data (G_OBJECT (dialog), "cd-customer-id");
  GtkWidget *box = g_object_get_data (G_OBJECT (dialog), "cd-box");
  const CdCustomerPlan *existing = self->plans != NULL ? g_hash_table_lookup (self->plans, customer_id) : NULL;
  g_autoptr(CdCustomerPlan) plan = cd_customer_plan_new (customer_id);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  if (existing != NULL)
    {
      plan->disposition = existing->disposition;
      plan->exclude_transfer = existing->exclude_transfer;
      plan->reason = g_strdup (existing->reason);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_CHECK_BUTTON (child) && gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
      plan->categories |= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "cd-category"));
  if (!cd_store_set_customer_plan (self->store, plan, &error))
    {
      show_toast (self, error->message);
      return;
    }
  gtk_window_destroy (dialog);
  show_toast (self, _("Categories saved"));
}

/* Categories tag a customer whose records are sensitive wherever they
 * are; the plan check then holds every asset with their records to it. */
static void
tag_categories_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);
  const char *customer_id = g_variant_get_string (parameter, NULL);
  const CdCustomerPlan *plan = self->plans != NULL ? g_hash_table_lookup (self->plans, customer_id) : NULL;
  CdCategories categories = plan != NULL ? plan->categories : CD_CATEGORY_NONE;
  GtkWindow *dialog = create_dialog (self, _("Tag Categories"), _("_Save"), G_CALLBACK (on_categories_apply));
  GtkWidget *box = dialog_box ();
  GtkWidget *checks = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;
  /* Translators: %s is a customer's masked name */
  g_autofree char *question = g_strdup_printf (_("What do the records of %s carry, wherever they are?"),
                                               masked_name_for (self, customer_id));

  label = gtk_label_new (question);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  for (guint i = 0; i < CD_N_CATEGORIES; i++)
    {
      CdCategories category = (CdCategories) (1u << i);
      GtkWidget *check = gtk_check_button_new_with_label (cd_category_get_label (category));

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), (categories & category) != 0);
      g_object_set_data (G_OBJECT (check), "cd-category", GUINT_TO_POINTER (category));
      gtk_box_append (GTK_BOX (checks), check);
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (checks), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (box), checks);
  gtk_window_set_child (dialog, box);
  g_object_set_data_full (G_OBJECT (dialog), "cd-customer-id", g_strdup (customer_id), g_free);
  g_object_set_data (G_OBJECT (dialog), "cd-box", checks);
  set_dialog (self, dialog);
  gtk_window_present (dialog);
}

/* Shift+F10 or the Menu key: the selected row's menu, from the keyboard. */
static void
open_row_menu_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);
  g_autoptr(CdNoticesItem) item = selected_item (self, NULL);
  GtkMenuButton *button = item != NULL ? g_hash_table_lookup (self->row_buttons, item_id (item)) : NULL;

  if (button != NULL)
    gtk_menu_button_popup (button);
}

/* ── Marking letters sent ────────────────────────────────────────────── */

static void
on_mark_sent_apply (GtkWidget     *button,
                    CdNoticesPage *self)
{
  GtkWindow *dialog = GTK_WINDOW (gtk_widget_get_root (button));
  const char * const *ids = g_object_get_data (G_OBJECT (dialog), "cd-ids");
  AdwComboRow *channel_row = g_object_get_data (G_OBJECT (dialog), "cd-channel");
  GtkEditable *date_row = g_object_get_data (G_OBJECT (dialog), "cd-date");
  GtkSpinButton *window_spin = g_object_get_data (G_OBJECT (dialog), "cd-window");
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (date_row)));
  CdNoticeChannel channel = (CdNoticeChannel) adw_combo_row_get_selected (channel_row);
  guint window_days = (guint) gtk_spin_button_get_value_as_int (window_spin);
  guint n = g_strv_length ((char **) ids);
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (!cd_date_is_valid (date))
    {
      gtk_widget_add_css_class (GTK_WIDGET (date_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (date_row));
      return;
    }
  if (channel >= CD_N_CHANNELS)
    channel = CD_CHANNEL_POST;
  if (!cd_store_mark_notices_sent (self->store, ids, date, channel, window_days, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not mark the letters sent"), error);
      return;
    }
  count = cd_gui_format_count (n);
  /* Translators: a toast, e.g. “Marked 12 letters sent by E-mail on 2026-11-02” */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Marked %s letter sent by %s on %s",
                                       "Marked %s letters sent by %s on %s", n),
                          count, cd_channel_get_label (channel), date);
  gtk_window_destroy (dialog);
  reload (self);
  show_toast (self, text);
}

static void
on_date_changed (GtkWidget *row)
{
  gtk_widget_remove_css_class (row, "error");
}

static void
mark_sent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);
  g_auto(GStrv) ids = selected_ids (self);
  guint n = g_strv_length (ids);
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  GtkWindow *dialog;
  GtkWidget *box;
  GtkWidget *group;
  GtkWidget *channel_row;
  GtkWidget *date_row;
  GtkWidget *window_row;
  GtkWidget *spin;
  g_autofree char *count = cd_gui_format_count (n);
  g_autofree char *description = NULL;

  if (n == 0 || self->store == NULL)
    return;

  dialog = create_dialog (self, _("Mark Letters Sent"), _("_Mark Sent"), G_CALLBACK (on_mark_sent_apply));
  box = dialog_box ();
  group = adw_preferences_group_new ();
  /* Translators: %s is a number of customers */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The letter to %s customer was sent. Their response window starts on this date.",
                                              "The letters to %s customers were sent. Their response window starts on this date.",
                                              n), count);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  for (int c = 0; c < CD_N_CHANNELS; c++)
    gtk_string_list_append (channels, cd_channel_get_label ((CdNoticeChannel) c));
  channel_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (channel_row), _("_Channel"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (channel_row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (channel_row), G_LIST_MODEL (channels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (channel_row), self->last_channel);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), channel_row);

  set_today (self);
  date_row = adw_entry_row_new ();
  /* Translators: the date the letters were sent; keep the format hint */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (date_row), _("Sent _on (YYYY-MM-DD)"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (date_row), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (date_row), self->today);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (date_row), TRUE);
  g_signal_connect (date_row, "changed", G_CALLBACK (on_date_changed), NULL);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), date_row);

  window_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (window_row), _("Response _window"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (window_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (window_row), _("Days the customers have to answer"));
  spin = gtk_spin_button_new_with_range (1, CD_NOTICE_MAX_WINDOW_DAYS, 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), window_days_setting (self));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (window_row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (window_row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), window_row);

  gtk_box_append (GTK_BOX (box), group);
  gtk_window_set_child (dialog, box);

  g_object_set_data_full (G_OBJECT (dialog), "cd-ids", g_steal_pointer (&ids), (GDestroyNotify) g_strfreev);
  g_object_set_data (G_OBJECT (dialog), "cd-channel", channel_row);
  g_object_set_data (G_OBJECT (dialog), "cd-date", date_row);
  g_object_set_data (G_OBJECT (dialog), "cd-window", spin);
  set_dialog (self, dialog);
  gtk_window_present (dialog);
}

/* ── Rendering letters ───────────────────────────────────────────────── */

typedef struct
{
  CdStore               *store;
  char                  *template_name;
  char                  *language;
  CdNoticesFormat        format;
  char                  *path;
  char                  *per_customer_dir;   /* PDF: also one file per customer there */
  CdNoticesSelect        select;
  GStrv                  ids;
  CdNoticesRenderResult  result;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_clear_object (&data->store);
  g_free (data->template_name);
  g_free (data->language);
  g_free (data->path);
  g_free (data->per_customer_dir);
  g_strfreev (data->ids);
  cd_notices_render_result_clear (&data->result);
  g_free (data);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  CdNoticesRenderOptions options = { 0, };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  options.template_name = data->template_name;
  options.language = data->language;
  options.format = data->format;
  options.path = data->path;
  options.per_customer_dir = data->per_customer_dir;
  options.select = data->select;
  options.customer_ids = (const char * const *) data->ids;

  /* Locking waits for the letters: their keys must not vanish mid-way. */
  cd_store_hold (data->store);
  ok = cd_notices_render (data->store, &options, &data->result, cancellable, &error);
  cd_store_release (data->store);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static const char *
missing_for (CdNoticesFormat format)
{
  switch (format)
    {
    case CD_NOTICES_FORMAT_EML:
    case CD_NOTICES_FORMAT_MBOX:
      return _("an e-mail address");
    case CD_NOTICES_FORMAT_SMS:
      return _("a mobile phone number");
    case CD_NOTICES_FORMAT_PDF:
    default:
      return _("a postal address");
    }
}

static void
render_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (source);
  GTask *task = G_TASK (result);
  RenderData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *letters = NULL;
  g_autofree char *pages = NULL;
  GtkWidget *dialog;
  guint n_skipped;

  g_clear_object (&self->render_cancellable);
  gtk_spinner_stop (self->render_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->render_spinner), FALSE);
  update_actions (self);

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        cd_gui_show_error (GTK_WIDGET (self), _("Could not render the letters"), error);
      return;
    }

  self->last_channel = cd_notices_format_channel (data->format);
  letters = cd_gui_format_count (data->result.letters);
  pages = cd_gui_format_count (data->result.pages);
  if (data->format == CD_NOTICES_FORMAT_PDF)
    /* Translators: “12 letters, 15 pages.” */
    g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%s letter, %s pages.", "%s letters, %s pages.",
                                               data->result.letters), letters, pages);
  else
    g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%s letter.", "%s letters.",
                                               data->result.letters), letters);

  n_skipped = data->result.skipped != NULL ? data->result.skipped->len : 0;
  if (n_skipped > 0)
    {
      g_autofree char *count = cd_gui_format_count (n_skipped);

      g_string_append (body, "\n\n");
      /* Translators: e.g. “3 customers have no e-mail address and were not rendered:” */
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "%s customer has no %s and was not rendered:",
                                                 "%s customers have no %s and were not rendered:", n_skipped),
                              count, missing_for (data->format));
      for (guint i = 0; i < n_skipped && i < MAX_NAMED_SKIPPED; i++)
        g_string_append_printf (body, "\n• %s", masked_name_for (self, data->result.skipped->pdata[i]));
      if (n_skipped > MAX_NAMED_SKIPPED)
        {
          guint more = n_skipped - MAX_NAMED_SKIPPED;

          g_string_append (body, "\n");
          g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", more), more);
        }
    }
  g_string_append (body, "\n\n");
  /* Translators: %s is the file or folder the letters were written to */
  g_string_append_printf (body, _("Written to %s."), data->path);
  g_string_append (body, " ");
  g_string_append (body, _("Letters not sent before are now “Drafted”: mark them sent once they are out."));

  dialog = adw_message_dialog_new (get_parent_window (self),
                                   n_skipped > 0 ? _("Letters Rendered, Some Customers Skipped")
                                                 : _("Letters Rendered"),
                                   body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  reload (self);
}

static void
start_render (CdNoticesPage   *self,
              CdNoticesFormat  format,
              const char      *path,
              const char      *per_customer_dir)
{
  const CdNoticeTemplateInfo *info = current_template (self);
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  if (self->store == NULL || info == NULL || self->render_cancellable != NULL)
    return;

  data = g_new0 (RenderData, 1);
  data->store = g_object_ref (self->store);
  data->template_name = g_strdup (info->name);
  data->language = g_strdup (current_language (self));
  data->format = format;
  data->path = g_strdup (path);
  data->per_customer_dir = g_strdup (per_customer_dir);
  data->ids = selected_ids (self);
  /* Without a selection: everyone who has not answered yet. */
  data->select = data->ids[0] != NULL ? CD_NOTICES_SELECT_IDS : CD_NOTICES_SELECT_UNANSWERED;

  self->render_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->render_spinner), TRUE);
  gtk_spinner_start (self->render_spinner);
  update_actions (self);

  task = g_task_new (self, self->render_cancellable, render_done, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

static void
on_render_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdNoticesPage   *self)
{
  CdNoticesFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "cd-format"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *per_customer_dir = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  /* "letters.pdf" with one file per customer in "letters/" beside it. */
  if (path != NULL && format == CD_NOTICES_FORMAT_PDF &&
      g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "per-customer"), "true") == 0)
    per_customer_dir = g_str_has_suffix (path, ".pdf") ? g_strndup (path, strlen (path) - 4)
                                                       : g_strconcat (path, "-letters", NULL);
  g_clear_object (&self->chooser);
  if (path != NULL)
    start_render (self, format, path, per_customer_dir);
}

static void
render_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const CdNoticeTemplateInfo *info = current_template (self);
  CdNoticesFormat format;
  GtkFileChooserAction chooser_action = GTK_FILE_CHOOSER_ACTION_SAVE;
  const char *title;
  g_autofree char *name = NULL;

  if (info == NULL)
    return;
  if (g_strcmp0 (id, "eml") == 0)
    {
      format = CD_NOTICES_FORMAT_EML;
      chooser_action = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
      title = _("Choose a Folder for the E-mail Drafts");
    }
  else if (g_strcmp0 (id, "sms") == 0)
    {
      format = CD_NOTICES_FORMAT_SMS;
      title = _("Save the SMS List");
      name = g_strdup_printf ("%s-%s-sms.csv", info->name, current_language (self));
    }
  else
    {
      format = CD_NOTICES_FORMAT_PDF;
      title = _("Save the Letters as PDF");
      name = g_strdup_printf ("%s-%s.pdf", info->name, current_language (self));
    }

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (title, get_parent_window (self), chooser_action,
                                                                  chooser_action == GTK_FILE_CHOOSER_ACTION_SAVE
                                                                    ? _("_Save") : _("_Select"),
                                                                  _("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (format == CD_NOTICES_FORMAT_PDF)
    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->chooser), "per-customer",
                                 _("Also one PDF per customer, in a folder beside it"), NULL, NULL);
  g_object_set_data (G_OBJECT (self->chooser), "cd-format", GINT_TO_POINTER (format));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_render_chooser_response), self);
  gtk_native_dialog_show (self->chooser);
}

/* ── A copy for the customer ─────────────────────────────────────────── */

static void
on_copy_chooser_response (GtkNativeDialog *chooser,
                          int              response,
                          CdNoticesPage   *self)
{
  g_autofree char *customer_id = g_strdup (g_object_get_data (G_OBJECT (chooser), "cd-customer-id"));
  g_autoptr(GFile) file = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    parent = g_file_get_path (file);
  g_clear_object (&self->chooser);
  if (parent == NULL || self->store == NULL)
    return;

  /* A new folder named after the customer id, never their name. */
  folder_name = g_strdup_printf ("copy-%s", customer_id);
  dir = g_build_filename (parent, folder_name, NULL);
  if (!cd_notices_export_copy (self->store, customer_id, dir, &warning, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not prepare the copy"), error);
      return;
    }
  /* Translators: %s is a folder */
  g_string_append_printf (body, _("The copy is in %s."), dir);
  if (warning != NULL)
    g_string_append_printf (body, "\n\n%s", warning);
  dialog = adw_message_dialog_new (get_parent_window (self), _("Copy Prepared"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  reload (self);
}

static void
prepare_copy_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose Where to Put the Copy"),
                                                                  get_parent_window (self),
                                                                  GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                                  _("_Select"), _("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  g_object_set_data_full (G_OBJECT (self->chooser), "cd-customer-id",
                          g_variant_dup_string (parameter, NULL), g_free);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_copy_chooser_response), self);
  gtk_native_dialog_show (self->chooser);
}

/* ── The template editor ─────────────────────────────────────────────── */

static void
edit_template_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);
  const CdNoticeTemplateInfo *info = current_template (self);
  g_autoptr(CdNoticesItem) item = selected_item (self, NULL);
  CdTemplateDialog *dialog;

  if (info == NULL || self->store == NULL)
    return;
  /* The preview shows the selected customer's letter, else the first one's. */
  if (item == NULL)
    item = g_list_model_get_item (G_LIST_MODEL (self->selection), 0);
  dialog = cd_template_dialog_new (get_parent_window (self), self->store, info->name, current_language (self),
                                   item != NULL ? item_id (item) : NULL);
  set_dialog (self, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_template_selected (CdNoticesPage *self)
{
  update_actions (self);
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_notices_page_dispose (GObject *object)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (object);

  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  cd_notices_page_set_store (self, NULL);
  cd_pane_reload_clear (&self->reloader);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
    }
  g_clear_object (&self->chooser);
  set_dialog (self, NULL);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_NOTICES_PAGE);
  g_clear_pointer (&self->row_buttons, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->items);
  g_clear_object (&self->template_titles);
  g_clear_object (&self->render_cancellable);

  G_OBJECT_CLASS (cd_notices_page_parent_class)->dispose (object);
}

static void
cd_notices_page_finalize (GObject *object)
{
  CdNoticesPage *self = CD_NOTICES_PAGE (object);

  g_clear_pointer (&self->ctx, cd_notices_context_free);
  g_clear_pointer (&self->assets, g_hash_table_unref);
  g_clear_pointer (&self->plans, g_hash_table_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (cd_notices_page_parent_class)->finalize (object);
}

static void
cd_notices_page_class_init (CdNoticesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = cd_notices_page_map;

  object_class->dispose = cd_notices_page_dispose;
  object_class->finalize = cd_notices_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-notices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, actions_column);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, chips_box);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, customer_column);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, customers_view);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, deadline_column);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, disposition_column);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, holdings_column);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, notice_column);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, render_button);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, render_spinner);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, response_column);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdNoticesPage, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_install_action (widget_class, "notices.record-response", "(ss)", record_response_action);
  gtk_widget_class_install_action (widget_class, "notices.record-other", "s", record_other_action);
  gtk_widget_class_install_action (widget_class, "notices.tag-categories", "s", tag_categories_action);
  gtk_widget_class_install_action (widget_class, "notices.open-row-menu", NULL, open_row_menu_action);
  gtk_widget_class_install_action (widget_class, "notices.mark-sent", NULL, mark_sent_action);
  gtk_widget_class_install_action (widget_class, "notices.render", "s", render_action);
  gtk_widget_class_install_action (widget_class, "notices.prepare-copy", "s", prepare_copy_action);
  gtk_widget_class_install_action (widget_class, "notices.edit-template", NULL, edit_template_action);
  gtk_widget_class_install_action (widget_class, "notices.focus-search", NULL, focus_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "notices.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "notices.open-row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "notices.open-row-menu", NULL);
}

static void
cd_notices_page_init (CdNoticesPage *self)
{
  GtkSorter *view_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));
  cd_pane_reload_init (&self->reloader, GTK_WIDGET (self), reload_pane);

  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->assets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cd_customer_plan_free);
  self->row_buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_channel = CD_CHANNEL_POST;
  set_today (self);

  /* Wide enough for "Sent 2026-11-02 · E-mail" and "2026-12-02 · ⚠ Overdue"
   * whole; the holdings take what is left. */
  setup_column (self->customer_column, CD_NOTICES_COLUMN_CUSTOMER, 5);
  setup_column (self->holdings_column, CD_NOTICES_COLUMN_HOLDINGS, 8);
  setup_column (self->disposition_column, CD_NOTICES_COLUMN_DISPOSITION, 7);
  setup_column (self->notice_column, CD_NOTICES_COLUMN_NOTICE, 19);
  setup_column (self->deadline_column, CD_NOTICES_COLUMN_DEADLINE, 18);
  setup_column (self->response_column, CD_NOTICES_COLUMN_RESPONSE, 11);
  setup_actions_column (self);

  self->items = g_list_store_new (CD_TYPE_NOTICES_ITEM);
  self->filter = gtk_custom_filter_new (item_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->items)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  view_sorter = gtk_column_view_get_sorter (self->customers_view);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          g_object_ref (view_sorter));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_column_view_set_model (self->customers_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);

  self->template_titles = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->template_dropdown, G_LIST_MODEL (self->template_titles));
  g_signal_connect_object (self->template_dropdown, "notify::selected", G_CALLBACK (on_template_selected), self,
                           G_CONNECT_SWAPPED);

  create_chips (self);
  reload (self);
}

/* ── Public API ──────────────────────────────────────────────────────── */

GtkWidget *
cd_notices_page_new (void)
{
  return g_object_new (CD_TYPE_NOTICES_PAGE, NULL);
}

/**
 * cd_notices_page_set_store:
 * @store: (nullable): the open case, or %NULL when it locks or closes
 *
 * Shows @store's customers and notices; %NULL empties the page.
 */
void
cd_notices_page_set_store (CdNoticesPage *self,
                           CdStore       *store)
{
  g_return_if_fail (CD_IS_NOTICES_PAGE (self));
  g_return_if_fail (store == NULL || CD_IS_STORE (store));

  if (self->store == store)
    return;

  set_dialog (self, NULL);
  if (self->render_cancellable != NULL)
    g_cancellable_cancel (self->render_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);

  if (store != NULL)
    {
      g_signal_connect_swapped (store, "changed::customers", G_CALLBACK (on_store_changed), self);
      g_signal_connect_swapped (store, "changed::assets", G_CALLBACK (on_store_changed), self);
      g_signal_connect_swapped (store, "changed::case", G_CALLBACK (on_store_changed), self);
      /* Notices, responses, overrides, holdings and templates. */
      g_signal_connect_swapped (store, "changed::notices", G_CALLBACK (on_notices_changed), self);
      /* Asset plans (dispositions) are announced as audit entries only. */
      g_signal_connect_swapped (store, "changed::audit", G_CALLBACK (on_store_changed), self);
      g_signal_connect_swapped (store, "notify::locked", G_CALLBACK (on_store_locked), self);
    }
  if (self->selection != NULL)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  if (self->template_titles != NULL)
    {
      reload_templates (self);
      /* Cleared at once; a case's 100,000 customers are read when the
       * pane is first shown, not while the window opens. */
      if (store == NULL)
        reload (self);
      else
        queue_reload (self);
    }
}

/* ── Test access (cd-notices-page-private.h) ─────────────────────────── */

GListModel *
cd_notices_page_get_model (CdNoticesPage *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkColumnView *
cd_notices_page_get_view (CdNoticesPage *self)
{
  return self->customers_view;
}

char *
cd_notices_page_dup_customer_id (CdNoticesPage *self,
                                 guint          position)
{
  g_autoptr(CdNoticesItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  return item != NULL ? g_strdup (item_id (item)) : NULL;
}

/* Returns: (transfer full) (nullable): the text of a cell as shown */
char *
cd_notices_page_dup_cell_text (CdNoticesPage   *self,
                               guint            position,
                               CdNoticesColumn  column)
{
  g_autoptr(CdNoticesItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  return item != NULL ? item_cell_text (item, column) : NULL;
}

GtkToggleButton *
cd_notices_page_get_filter_chip (CdNoticesPage   *self,
                                 CdNoticesFilter  filter)
{
  g_return_val_if_fail (filter < CD_NOTICES_N_FILTERS, NULL);
  return self->chips[filter];
}

GtkLabel *
cd_notices_page_get_count_label (CdNoticesPage *self)
{
  return self->count_label;
}

GtkEditable *
cd_notices_page_get_search_entry (CdNoticesPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkWidget *
cd_notices_page_get_details (CdNoticesPage *self)
{
  return GTK_WIDGET (self->details_box);
}

/* Returns: (transfer none) (nullable): the menu button of the customer's
 * row, if the row is shown */
GtkMenuButton *
cd_notices_page_get_row_menu_button (CdNoticesPage *self,
                                     const char    *customer_id)
{
  return g_hash_table_lookup (self->row_buttons, customer_id);
}

GtkWindow *
cd_notices_page_get_dialog (CdNoticesPage *self)
{
  return self->dialog;
}

gboolean
cd_notices_page_is_loading (CdNoticesPage *self)
{
  return self->reloader.source != 0 || self->reloader.stale;
}

gboolean
cd_notices_page_is_rendering (CdNoticesPage *self)
{
  return self->render_cancellable != NULL;
}

/* What choosing @path in the render menu's file chooser does. */
void
cd_notices_page_render_to (CdNoticesPage   *self,
                           CdNoticesFormat  format,
                           const char      *path,
                           const char      *per_customer_dir)
{
  start_render (self, format, path, per_customer_dir);
}
