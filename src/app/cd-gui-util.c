/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by the window, the panes and the dialogs. */

#include "config.h"

#include <locale.h>
#include <string.h>

#define G_LOG_DOMAIN "cd-gui"

#include <glib/gi18n.h>

#include "cd-gui-util.h"

/**
 * cd_gui_show_error:
 * @parent: a widget in the window the message belongs to
 * @heading: what failed, e.g. “Could not open the case”
 * @error: why; its message is already written for the user
 *
 * Shows a modal message over @parent's window.
 */
void
cd_gui_show_error (GtkWidget    *parent,
                   const char   *heading,
                   const GError *error)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, error != NULL ? error->message : NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * cd_gui_format_date:
 * @iso_date: (nullable): YYYY-MM-DD
 *
 * Returns: (transfer full): the date in the user's locale (“2026年10月20日”
 *   in Chinese), or %NULL for %NULL.
 */
char *
cd_gui_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = NULL;

  if (iso_date == NULL || !cd_date_is_valid (iso_date))
    return g_strdup (iso_date);

  iso = g_strconcat (iso_date, "T00:00:00Z", NULL);
  date = g_date_time_new_from_iso8601 (iso, NULL);
  if (date == NULL)
    return g_strdup (iso_date);
  /* Translators: a full date, strftime format; Chinese uses %Y年%-m月%-d日 */
  return g_date_time_format (date, _("%-d %B %Y"));
}

/**
 * cd_gui_format_count:
 *
 * Groups thousands with the locale's separator, or a comma where the locale
 * has none (the C locale of a minimal system), so a count of records is
 * always readable.
 *
 * Returns: (transfer full): @count with digit grouping (“12,345”).
 */
char *
cd_gui_format_count (gint64 count)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  const char *p = digits;
  GString *out = g_string_new (NULL);
  gsize n;

  if (sep == NULL || sep[0] == '\0')
    sep = ",";
  if (*p == '-')
    g_string_append_c (out, *p++);
  n = strlen (p);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, p[i]);
    }
  return g_string_free (out, FALSE);
}

/**
 * cd_gui_get_settings:
 *
 * Returns: (transfer full): the application's settings.
 */
GSettings *
cd_gui_get_settings (void)
{
  return g_settings_new (APP_ID);
}

void
cd_pane_reload_init (CdPaneReload *reload,
                     GtkWidget    *pane,
                     void        (*func) (GtkWidget *pane))
{
  reload->pane = pane;
  reload->reload = func;
  reload->source = 0;
  reload->stale = FALSE;
}

static gboolean
pane_reload_cb (gpointer user_data)
{
  CdPaneReload *reload = user_data;

  reload->source = 0;
  reload->reload (reload->pane);
  return G_SOURCE_REMOVE;
}

void
cd_pane_reload_queue (CdPaneReload *reload)
{
  if (!gtk_widget_get_mapped (reload->pane))
    {
      reload->stale = TRUE;
      return;
    }
  if (reload->source == 0)
    reload->source = g_idle_add (pane_reload_cb, reload);
}

void
cd_pane_reload_started (CdPaneReload *reload)
{
  g_clear_handle_id (&reload->source, g_source_remove);
  reload->stale = FALSE;
}

void
cd_pane_reload_clear (CdPaneReload *reload)
{
  g_clear_handle_id (&reload->source, g_source_remove);
}

void
cd_thumbnail_cache_init (CdThumbnailCache *cache,
                         guint             max,
                         GDestroyNotify    free_value)
{
  cache->items = g_hash_table_new_full (NULL, NULL, NULL, free_value);
  g_queue_init (&cache->order);
  cache->max = max;
}

gpointer
cd_thumbnail_cache_lookup (CdThumbnailCache *cache,
                           guint             page)
{
  return cache->items != NULL ? g_hash_table_lookup (cache->items, GUINT_TO_POINTER (page)) : NULL;
}

gboolean
cd_thumbnail_cache_contains (CdThumbnailCache *cache,
                             guint             page)
{
  return cache->items != NULL && g_hash_table_contains (cache->items, GUINT_TO_POINTER (page));
}

guint
cd_thumbnail_cache_size (CdThumbnailCache *cache)
{
  return cache->items != NULL ? g_hash_table_size (cache->items) : 0;
}

void
cd_thumbnail_cache_insert (CdThumbnailCache *cache,
                           guint             page,
                           gpointer          value)
{
  g_return_if_fail (cache->items != NULL);

  g_hash_table_insert (cache->items, GUINT_TO_POINTER (page), value);
  g_queue_push_tail (&cache->order, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&cache->order) > cache->max)
    g_hash_table_remove (cache->items, g_queue_pop_head (&cache->order));
}

void
cd_thumbnail_cache_clear (CdThumbnailCache *cache)
{
  if (cache->items != NULL)
    g_hash_table_remove_all (cache->items);
  g_queue_clear (&cache->order);
}

void
cd_thumbnail_cache_destroy (CdThumbnailCache *cache)
{
  g_clear_pointer (&cache->items, g_hash_table_unref);
  g_queue_clear (&cache->order);
}

/**
 * cd_gui_widget_place_in:
 * @widget: a row, or a widget inside one
 * @viewport: the list it scrolls in
 *
 * Returns: whether @widget shows within @viewport's height, is outside it,
 *   or has no allocation yet to tell.
 */
CdWidgetPlace
cd_gui_widget_place_in (GtkWidget *widget,
                        GtkWidget *viewport)
{
  graphene_rect_t bounds;
  int height = gtk_widget_get_height (viewport);

  if (gtk_widget_get_height (widget) == 0 || height == 0 ||
      !gtk_widget_compute_bounds (widget, viewport, &bounds))
    return CD_WIDGET_NOT_PLACED;
  return bounds.origin.y + bounds.size.height >= 0 && bounds.origin.y <= height ? CD_WIDGET_IN_VIEW
                                                                                : CD_WIDGET_OUT_OF_VIEW;
}

static void
expose_row_activate_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  gtk_widget_activate (GTK_WIDGET (user_data));
}

/**
 * cd_gui_expose_row:
 * @row: an activatable list box row
 * @label: (nullable): the widget whose text names the row
 *
 * Names @row after @label and gives it a "row.activate" action that does what
 * Enter does: GTK 4.8 gives list box rows no AT-SPI action, so a screen reader
 * (or a test driving the app over AT-SPI) could not activate them.
 */
void
cd_gui_expose_row (GtkListBoxRow *row,
                   GtkWidget     *label)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) action = g_simple_action_new ("activate", NULL);

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

  g_signal_connect (action, "activate", G_CALLBACK (expose_row_activate_cb), row);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (row), "row", G_ACTION_GROUP (group));
  if (label != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                    -1);
}

/* The focus widget of @container's window, if it is @container or inside it. */
static GtkWidget *
focus_within (GtkWidget *container)
{
  GtkRoot *root = gtk_widget_get_root (container);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || (focus != container && !gtk_widget_is_ancestor (focus, container)))
    return NULL;
  return focus;
}

/**
 * cd_gui_release_focus:
 * @container: a widget whose children are about to be removed
 *
 * Moves the keyboard focus out of @container, leaving the window with no
 * focus widget, when the focus is @container or inside it.
 *
 * Removing the focus widget is not safe in GTK 4.8: the window keeps the
 * last reference to it, moves the focus on after the next paint, and when the
 * focus lands on a label with a link or a selectable label,
 * gtk_label_grab_focus () reads the old focus widget after dropping that
 * reference (a use after free, seen under AddressSanitizer). Letting go of the
 * focus while the widget is still in the tree avoids it.
 *
 * Returns: whether the focus was inside @container
 */
gboolean
cd_gui_release_focus (GtkWidget *container)
{
  g_return_val_if_fail (GTK_IS_WIDGET (container), FALSE);

  if (focus_within (container) == NULL)
    return FALSE;
  gtk_root_set_focus (gtk_widget_get_root (container), NULL);
  return TRUE;
}

/**
 * cd_gui_list_box_clear:
 * @list: a list box
 *
 * Removes every row of @list (not its placeholder), first taking the keyboard
 * focus out of it (see cd_gui_release_focus ()).
 *
 * Returns: the index of the row that had the focus, 0 if the list itself had
 *   it, or -1; for cd_gui_list_box_refocus () once the list is filled again
 */
int
cd_gui_list_box_clear (GtkListBox *list)
{
  GtkWidget *focus;
  GtkListBoxRow *row;
  int focus_index = -1;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), -1);

  focus = focus_within (GTK_WIDGET (list));
  if (focus != NULL)
    {
      GtkWidget *focus_row = GTK_IS_LIST_BOX_ROW (focus) ? focus
                             : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);

      focus_index = focus_row != NULL ? MAX (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus_row)), 0) : 0;
      gtk_root_set_focus (gtk_widget_get_root (GTK_WIDGET (list)), NULL);
    }
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
  return focus_index;
}

/**
 * cd_gui_list_box_refocus:
 * @list: a list box filled again after cd_gui_list_box_clear ()
 * @index: what cd_gui_list_box_clear () returned
 * @fallback: (nullable): the widget to focus when @list has no row to focus
 *
 * Puts a keyboard user back where they were: on the row at @index, or on the
 * last row if the list got shorter, or on @fallback if it has none left.
 */
void
cd_gui_list_box_refocus (GtkListBox *list,
                         int         index,
                         GtkWidget  *fallback)
{
  GtkListBoxRow *row = NULL;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  if (index < 0)
    return;
  /* The row at @index, or the nearest one before it that can take the focus
   * (past the end when the list got shorter). */
  for (int i = index; i >= 0 && row == NULL && gtk_widget_get_visible (GTK_WIDGET (list)); i--)
    {
      GtkListBoxRow *candidate = gtk_list_box_get_row_at_index (list, i);

      if (candidate != NULL && gtk_widget_get_visible (GTK_WIDGET (candidate)) &&
          gtk_widget_get_focusable (GTK_WIDGET (candidate)))
        row = candidate;
    }
  if (row != NULL && gtk_widget_grab_focus (GTK_WIDGET (row)))
    return;
  if (fallback != NULL)
    gtk_widget_grab_focus (fallback);
}

static GtkWidget *
find_list_box_row (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_BOX_ROW (child))
        return child;
      found = find_list_box_row (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * cd_gui_name_expander_header:
 * @row: an expander row whose title is set
 *
 * Gives @row, and the activatable header inside it (which opens and closes
 * it), the row's title as their accessible name: libadwaita 1.2 leaves the
 * row unnamed.
 */
void
cd_gui_name_expander_header (AdwExpanderRow *row)
{
  GtkWidget *header;

  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
  header = find_list_box_row (GTK_WIDGET (row));
  if (header == NULL)
    return;
  /* A labelled-by relation (to an empty label) would win over the name. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
}

static void
name_widget (GtkWidget  *widget,
             const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/**
 * cd_gui_name_menu_button:
 * @menu_button: a #GtkMenuButton
 * @label: its accessible name
 *
 * Names @menu_button and the toggle button GTK 4.8 puts inside it (the one a
 * screen reader lands on), which an icon and a tooltip leave unnamed.
 */
void
cd_gui_name_menu_button (GtkWidget  *menu_button,
                         const char *label)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (menu_button));

  name_widget (menu_button, label);
  for (GtkWidget *child = gtk_widget_get_first_child (menu_button); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      name_widget (child, label);
}

/**
 * cd_gui_name_split_button:
 * @split_button: an #AdwSplitButton
 * @label: the name of its main button
 * @arrow_label: the name of the arrow that opens its menu
 *
 * Names the buttons inside @split_button, which libadwaita 1.2 leaves
 * unnamed when the split button shows an icon.
 */
void
cd_gui_name_split_button (GtkWidget  *split_button,
                          const char *label,
                          const char *arrow_label)
{
  g_return_if_fail (ADW_IS_SPLIT_BUTTON (split_button));

  for (GtkWidget *child = gtk_widget_get_first_child (split_button); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_MENU_BUTTON (child))
        cd_gui_name_menu_button (child, arrow_label);
      else if (GTK_IS_BUTTON (child))
        name_widget (child, label);
    }
}
