/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accessibility of the window for people who use only the keyboard or need
 * the desktop's high-contrast style or large text: every pane's controls
 * reached with Tab in reading order, the panes switched with Alt+1…6, each
 * pane's main action and dialogs done from the keyboard alone, every
 * shortcut listed in the shortcuts window, and the panes in high contrast
 * and at 1.5 and 2 times the text size still inside the window (with
 * screenshots for people to look at).
 *
 * Keys go through GTK's own machinery without a real keyboard: a key press
 * is looked up in the shortcut controllers of the focus widget and its
 * ancestors (the class key bindings: Tab is GtkWindow's move-focus, Return
 * a button's activate…), as GTK does on a key event, and a mnemonic
 * activates its label as Alt+letter does. */

#include "config.h"

#include <string.h>

#include "cd-application.h"
#include "cd-dialogs-private.h"
#include "cd-gui-test.h"
#include "cd-inventory-page-private.h"
#include "cd-notices-page-private.h"
#include "cd-preferences-window.h"
#include "cd-redact-page-private.h"
#include "cd-report-page-private.h"
#include "cd-retention-page-private.h"
#include "cd-sensitivity-page-private.h"
#include "cd-test-util.h"
#include "cd-window.h"
#include "cd-window-private.h"

/* The panes in the sidebar's order: Alt+1 is the first. */
static const char * const pane_names[] = {
  "inventory", "sensitivity", "notices", "redact", "retention", "report",
};

/* -- the window ------------------------------------------------------------------ */

static CdWindow *
open_demo_window (int width,
                  int height)
{
  CdWindow *window = cd_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_open_demo (window);
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "case");
  cd_gui_test_settle (150);
  return window;
}

static void
close_window (CdWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);

  cd_gui_test_track (&widget);
  cd_gui_test_destroy_if_alive (&widget);
}

static GtkWidget *
pane_widget (CdWindow   *window,
             const char *name)
{
  if (g_str_equal (name, "inventory"))
    return GTK_WIDGET (cd_window_get_inventory_page (window));
  if (g_str_equal (name, "sensitivity"))
    return GTK_WIDGET (cd_window_get_sensitivity_page (window));
  if (g_str_equal (name, "notices"))
    return GTK_WIDGET (cd_window_get_notices_page (window));
  if (g_str_equal (name, "redact"))
    return GTK_WIDGET (cd_window_get_redact_page (window));
  if (g_str_equal (name, "retention"))
    return GTK_WIDGET (cd_window_get_retention_page (window));
  if (g_str_equal (name, "report"))
    return GTK_WIDGET (cd_window_get_report_page (window));
  g_assert_not_reached ();
}

static GtkWidget *
focus_of (gpointer window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* What a widget is, for messages: its type and what it says. */
static char *
describe (GtkWidget *widget)
{
  const char *text = NULL;

  if (widget == NULL)
    return g_strdup ("(nothing)");
  for (GtkWidget *w = widget; w != NULL && text == NULL; w = gtk_widget_get_first_child (w))
    {
      if (GTK_IS_LABEL (w))
        text = gtk_label_get_text (GTK_LABEL (w));
      else if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
        text = gtk_button_get_label (GTK_BUTTON (w));
      else if (GTK_IS_ACTIONABLE (w) && gtk_actionable_get_action_name (GTK_ACTIONABLE (w)) != NULL)
        text = gtk_actionable_get_action_name (GTK_ACTIONABLE (w));
      else if (gtk_widget_get_tooltip_text (w) != NULL)
        text = gtk_widget_get_tooltip_text (w);
    }
  return g_strdup_printf ("%s “%s” in %s", G_OBJECT_TYPE_NAME (widget), text != NULL ? text : "",
                          gtk_widget_get_parent (widget) != NULL ?
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)) : "-");
}

/* -- keys, as GTK dispatches them --------------------------------------------------- */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     mods)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) ==
             gdk_keyval_to_lower (keyval) &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods;
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, mods) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, mods);
  return FALSE;
}

static gboolean
activate_in_controllers (GtkWidget       *widget,
                         guint            keyval,
                         GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) != GTK_SHORTCUT_SCOPE_LOCAL)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, mods) &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                            GTK_SHORTCUT_ACTION_EXCLUSIVE, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

/* A key pressed in @window: the focus widget's key bindings first, then
 * its ancestors' up to the window's (as GTK's bubble phase goes).
 * Returns whether a binding took the key. */
static gboolean
press_key (gpointer        window,
           guint           keyval,
           GdkModifierType mods)
{
  GtkWidget *widget = focus_of (window);

  if (widget == NULL)
    widget = GTK_WIDGET (window);
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (gtk_widget_is_sensitive (widget) && activate_in_controllers (widget, keyval, mods))
      return TRUE;
  return FALSE;
}

static void
collect_mnemonic_labels (GtkWidget *widget,
                         guint      keyval,
                         GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) &&
      gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget))) == gdk_keyval_to_lower (keyval))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonic_labels (child, keyval, labels);
}

/* Alt+@letter in @window, as GTK's mnemonics do it: the label shown with
 * that underlined letter is activated (focusing or pressing what it
 * labels). The letter must be unique among what is shown. */
static void
press_mnemonic (gpointer window,
                guint    letter)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  g_autoptr(GPtrArray) targets = g_ptr_array_new ();

  /* AdwEntryRow shows its title in two labels (in the field while it is
   * empty, and above it); they label the same thing. */
  collect_mnemonic_labels (GTK_WIDGET (window), letter, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *target = gtk_label_get_mnemonic_widget (g_ptr_array_index (labels, i));

      if (target == NULL)
        for (target = g_ptr_array_index (labels, i); target != NULL && !gtk_widget_get_focusable (target);
             target = gtk_widget_get_parent (target))
          ;
      if (!g_ptr_array_find (targets, target, NULL))
        g_ptr_array_add (targets, target);
    }
  if (targets->len != 1)
    g_test_message ("Alt+%s: %u labels for %u widgets", gdk_keyval_name (letter), labels->len,
                    targets->len);
  g_assert_cmpuint (targets->len, ==, 1);
  g_assert_true (gtk_widget_mnemonic_activate (g_ptr_array_index (labels, 0), FALSE));
}

/* The mnemonic of the first label inside @widget that has one. */
static guint
mnemonic_in (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    return gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      guint keyval = mnemonic_in (child);

      if (keyval != 0)
        return keyval;
    }
  return 0;
}

/* The mnemonic of a label shown in @widget that labels @field. */
static guint
mnemonic_for (GtkWidget *widget,
              GtkWidget *field)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_widget (GTK_LABEL (widget)) == field &&
      gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    return gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      guint keyval = mnemonic_for (child, field);

      if (keyval != 0)
        return keyval;
    }
  return 0;
}

/* Alt+the letter of @field's title, which must put the focus in @field;
 * then @text typed there. */
static void
fill_by_mnemonic (gpointer    window,
                  gpointer    field,
                  const char *text)
{
  guint keyval = mnemonic_in (field);
  GtkWidget *focus;

  /* A label beside it, or (a spin button in a row) the row's title. */
  if (keyval == 0)
    keyval = mnemonic_for (GTK_WIDGET (window), field);
  if (keyval == 0 && gtk_widget_get_ancestor (field, ADW_TYPE_PREFERENCES_ROW) != NULL)
    keyval = mnemonic_in (gtk_widget_get_ancestor (field, ADW_TYPE_PREFERENCES_ROW));

  if (keyval == 0)
    {
      g_autofree char *what = describe (field);
      g_test_message ("no mnemonic for %s", what);
    }
  g_assert_cmpuint (keyval, !=, 0);
  press_mnemonic (window, keyval);
  focus = focus_of (window);
  g_assert_nonnull (focus);
  g_assert_true (focus == field || gtk_widget_is_ancestor (focus, field));
  if (text != NULL)
    {
      g_assert_true (GTK_IS_EDITABLE (focus));
      gtk_editable_set_text (GTK_EDITABLE (focus), text);
    }
}

/* -- the focus chain -------------------------------------------------------------- */

static gboolean
is_list (GtkWidget *widget)
{
  return GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_VIEW (widget) || GTK_IS_COLUMN_VIEW (widget) ||
         GTK_IS_GRID_VIEW (widget) || GTK_IS_FLOW_BOX (widget);
}

/* What a keyboard user must be able to reach in @widget: shown, sensitive,
 * focusable controls. A list is reached as a whole (Tab enters it, the
 * arrow keys move in it), so its rows are not listed one by one. */
static void
collect_interactive (GtkWidget *widget,
                     GPtrArray *out)
{
  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget) ||
      !gtk_widget_get_can_focus (widget) ||
      gtk_widget_get_width (widget) <= 0 || gtk_widget_get_height (widget) <= 0)
    return;
  if (is_list (widget) || gtk_widget_get_focusable (widget))
    {
      g_ptr_array_add (out, widget);
      if (is_list (widget))
        return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_interactive (child, out);
}

static gboolean
has_interactive (GtkWidget *pane)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_interactive (pane, found);
  return found->len > 0;
}

/* Presses Tab until the focus is back where it started, and returns the
 * widgets it went through; fails if Tab did nothing or went on for
 * ever. */
static GPtrArray *
tab_round (gpointer   window,
           GtkWidget *start)
{
  GPtrArray *stops = g_ptr_array_new ();

  g_assert_true (gtk_widget_grab_focus (start));
  g_assert_true (focus_of (window) == start);
  g_ptr_array_add (stops, start);
  for (guint i = 0; i < 5000; i++)
    {
      GtkWidget *before = focus_of (window);
      GtkWidget *after;

      g_assert_true (press_key (window, GDK_KEY_Tab, 0));
      after = focus_of (window);
      if (after == before)
        {
          g_autofree char *what = describe (before);
          g_test_message ("Tab is stuck on %s", what);
        }
      g_assert_true (after != before);
      g_assert_nonnull (after);
      if (after == start)
        return stops;
      g_ptr_array_add (stops, after);
    }
  for (guint i = stops->len - 10; i < stops->len; i++)
    {
      g_autofree char *what = describe (g_ptr_array_index (stops, i));
      g_test_message ("Tab goes on for ever: … %s", what);
    }
  g_assert_not_reached ();
}

static gboolean
reached (GPtrArray *stops,
         GtkWidget *widget)
{
  for (guint i = 0; i < stops->len; i++)
    {
      GtkWidget *stop = g_ptr_array_index (stops, i);

      if (stop == widget || gtk_widget_is_ancestor (stop, widget))
        return TRUE;
    }
  return FALSE;
}

/* A stop inside a list counts as the list: rows are walked with the arrow
 * keys (and GTK 4.8 also tabs through the rows on screen, which scroll). */
static GtkWidget *
order_stop (GtkWidget *stop,
            GtkWidget *pane)
{
  GtkWidget *outer = stop;

  for (GtkWidget *w = stop; w != NULL && w != pane; w = gtk_widget_get_parent (w))
    if (is_list (w))
      outer = w;
  return outer;
}

/* The scrolled windows around @widget inside @pane, outermost first. */
static GPtrArray *
scrollers_of (GtkWidget *widget,
              GtkWidget *pane)
{
  GPtrArray *scrollers = g_ptr_array_new ();

  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != pane; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      g_ptr_array_insert (scrollers, 0, w);
  return scrollers;
}

/* What is scrolled in @scroller, whose coordinates do not change when it
 * scrolls. */
static GtkWidget *
scrolled_content (GtkWidget *scroller)
{
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));

  if (GTK_IS_VIEWPORT (child) && gtk_viewport_get_child (GTK_VIEWPORT (child)) != NULL)
    return gtk_viewport_get_child (GTK_VIEWPORT (child));
  return child;
}

/* Where @a and @b are, in the same frame: the content of the innermost
 * scrolled window they share (or the pane); a control inside a scrolled
 * window they do not share stands for that scrolled window. */
static gboolean
compare_bounds (GtkWidget       *pane,
                GtkWidget       *a,
                GtkWidget       *b,
                graphene_rect_t *a_bounds,
                graphene_rect_t *b_bounds)
{
  g_autoptr(GPtrArray) a_scrollers = scrollers_of (a, pane);
  g_autoptr(GPtrArray) b_scrollers = scrollers_of (b, pane);
  GtkWidget *frame = pane;
  guint common = 0;

  while (common < a_scrollers->len && common < b_scrollers->len &&
         g_ptr_array_index (a_scrollers, common) == g_ptr_array_index (b_scrollers, common))
    common++;
  if (common > 0)
    frame = scrolled_content (g_ptr_array_index (a_scrollers, common - 1));
  if (common < a_scrollers->len)
    a = g_ptr_array_index (a_scrollers, common);
  if (common < b_scrollers->len)
    b = g_ptr_array_index (b_scrollers, common);
  return gtk_widget_compute_bounds (a, frame, a_bounds) && gtk_widget_compute_bounds (b, frame, b_bounds);
}

/* Reading order: the next control is below the one before, or to its
 * right (the next column or a side panel); never back up on the left. */
static guint
count_order_errors (GtkWidget *pane,
                    GPtrArray *stops)
{
  GtkWidget *previous = NULL;
  guint errors = 0;

  for (guint i = 0; i < stops->len; i++)
    {
      GtkWidget *stop = g_ptr_array_index (stops, i);
      graphene_rect_t before, bounds;

      if (!gtk_widget_is_ancestor (stop, pane))
        {
          previous = NULL;
          continue;
        }
      stop = order_stop (stop, pane);
      if (stop == previous)
        continue;
      if (previous != NULL && compare_bounds (pane, previous, stop, &before, &bounds) &&
          bounds.origin.y + bounds.size.height <= before.origin.y + 2 &&
          bounds.origin.x < before.origin.x + before.size.width - 2)
        {
          g_autofree char *what = describe (stop);
          g_autofree char *from = describe (previous);

          g_test_message ("Tab goes back up and left to %s (%.0f,%.0f) from %s (%.0f,%.0f)",
                          what, bounds.origin.x, bounds.origin.y, from,
                          before.origin.x, before.origin.y);
          errors++;
        }
      previous = stop;
    }
  return errors;
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_actionable (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Tabs until @target (or something inside it) has the focus. */
static void
tab_to (gpointer   window,
        GtkWidget *target)
{
  for (guint i = 0; i < 5000; i++)
    {
      GtkWidget *focus = focus_of (window);

      if (focus != NULL && (focus == target || gtk_widget_is_ancestor (focus, target)))
        return;
      if (i > 4990)
        {
          g_autofree char *what = describe (focus);
          g_test_message ("Tab never reaches the target: … %s", what);
        }
      g_assert_true (press_key (window, GDK_KEY_Tab, 0));
    }
  g_assert_not_reached ();
}

/* Alt+N shows pane N and puts the focus in it. */
static GtkWidget *
show_pane_by_key (CdWindow *window,
                  guint     index)
{
  GtkWidget *pane = pane_widget (window, pane_names[index]);
  GtkWidget *focus;

  g_assert_true (press_key (window, GDK_KEY_1 + index, GDK_ALT_MASK));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (pane));
  focus = focus_of (window);
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, pane));
  return pane;
}

static gboolean
page_ready (CdWindow   *window,
            const char *name)
{
  if (g_str_equal (name, "inventory"))
    return g_list_model_get_n_items (cd_inventory_page_get_assets_model (cd_window_get_inventory_page (window))) > 0;
  if (g_str_equal (name, "sensitivity"))
    return !cd_sensitivity_page_is_loading (cd_window_get_sensitivity_page (window));
  if (g_str_equal (name, "notices"))
    return !cd_notices_page_is_loading (cd_window_get_notices_page (window));
  if (g_str_equal (name, "retention"))
    return !cd_retention_page_is_loading (cd_window_get_retention_page (window));
  if (g_str_equal (name, "report"))
    return !cd_report_page_is_busy (cd_window_get_report_page (window));
  return TRUE;
}

/* Every pane from the keyboard: Alt+N, then a round of Tab reaching each
 * control of the pane in reading order and the sidebar and header bar,
 * and back to where it started. */
static void
test_tab_order (void)
{
  CdWindow *window;

  if (!cd_gui_test_begin ())
    return;

  window = open_demo_window (1280, 800);
  for (guint i = 0; i < G_N_ELEMENTS (pane_names); i++)
    {
      g_autoptr(GPtrArray) expected = g_ptr_array_new ();
      g_autoptr(GPtrArray) stops = NULL;
      GtkWidget *pane = show_pane_by_key (window, i);
      guint missing = 0;

      /* Read, and laid out: a slow machine (a sanitizer) allocates the
       * pane a few frames after it is mapped. */
      CD_GUI_TEST_WAIT_UNTIL (page_ready (window, pane_names[i]) && has_interactive (pane));
      cd_gui_test_settle (150);
      collect_interactive (pane, expected);
      g_assert_cmpuint (expected->len, >, 0);
      /* The round starts on the header bar's lock button, which is
       * always there (the sidebar enters on its cursor row). */
      stops = tab_round (window, find_actionable (GTK_WIDGET (window), "case.lock"));
      g_assert_true (reached (stops, cd_gui_test_find_pane_row (GTK_WIDGET (window), pane_names[i])) ||
                     reached (stops, gtk_widget_get_parent (cd_gui_test_find_pane_row (GTK_WIDGET (window), pane_names[i]))));
      for (guint j = 0; j < expected->len; j++)
        if (!reached (stops, g_ptr_array_index (expected, j)))
          {
            g_autofree char *what = describe (g_ptr_array_index (expected, j));

            g_test_message ("%s: Tab never reaches %s", pane_names[i], what);
            missing++;
          }
      g_test_message ("%s: %u controls, %u Tab stops", pane_names[i], expected->len, stops->len);
      g_assert_cmpuint (missing, ==, 0);
      g_assert_cmpuint (count_order_errors (pane, stops), ==, 0);
    }
  close_window (window);
}

/* -- each pane's main action from the keyboard --------------------------------------- */

static void
press_on (CdWindow   *window,
          GtkWidget  *target,
          guint       keyval)
{
  g_assert_nonnull (target);
  tab_to (window, target);
  g_assert_true (press_key (window, keyval, 0));
}

static void
test_main_actions (void)
{
  CdWindow *window;
  GtkWidget *pane;
  GtkWindow *dialog;
  GtkToggleButton *toggle;

  if (!cd_gui_test_begin ())
    return;

  window = open_demo_window (1280, 800);

  /* Inventory: Return on Add opens the asset dialog; Escape closes it. */
  pane = show_pane_by_key (window, 0);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "inventory"));
  press_on (window, find_actionable (pane, "inventory.add"), GDK_KEY_Return);
  CD_GUI_TEST_WAIT_UNTIL ((dialog = cd_inventory_page_get_dialog (cd_window_get_inventory_page (window))) != NULL);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (cd_window_get_inventory_page (window)) == NULL);

  /* Sensitivity: Space on Undecided Only filters the list. */
  pane = show_pane_by_key (window, 1);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "sensitivity"));
  toggle = cd_sensitivity_page_get_undecided_button (CD_SENSITIVITY_PAGE (pane));
  g_assert_false (gtk_toggle_button_get_active (toggle));
  press_on (window, GTK_WIDGET (toggle), GDK_KEY_space);
  CD_GUI_TEST_WAIT_UNTIL (gtk_toggle_button_get_active (toggle));
  g_assert_true (press_key (window, GDK_KEY_space, 0));
  CD_GUI_TEST_WAIT_UNTIL (!gtk_toggle_button_get_active (toggle));

  /* Notices: Return on Edit Template… opens the template editor. */
  pane = show_pane_by_key (window, 2);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "notices"));
  press_on (window, find_actionable (pane, "notices.edit-template"), GDK_KEY_Return);
  CD_GUI_TEST_WAIT_UNTIL ((dialog = cd_notices_page_get_dialog (CD_NOTICES_PAGE (pane))) != NULL);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  CD_GUI_TEST_WAIT_UNTIL (cd_notices_page_get_dialog (CD_NOTICES_PAGE (pane)) == NULL);

  /* Redaction: Return on one of the case's PDFs opens it. */
  pane = show_pane_by_key (window, 3);
  {
    GtkListBox *pdfs = cd_redact_page_get_case_pdfs (CD_REDACT_PAGE (pane));

    CD_GUI_TEST_WAIT_UNTIL (gtk_list_box_get_row_at_index (pdfs, 0) != NULL);
    cd_gui_test_settle (200);
    press_on (window, GTK_WIDGET (pdfs), GDK_KEY_Return);
    CD_GUI_TEST_WAIT_UNTIL (cd_redact_page_get_document (CD_REDACT_PAGE (pane)) != NULL);
  }

  /* Retention: Return on Add Record… opens the manual record dialog. */
  pane = show_pane_by_key (window, 4);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "retention"));
  press_on (window, GTK_WIDGET (cd_retention_page_get_add_record_button (CD_RETENTION_PAGE (pane))),
            GDK_KEY_Return);
  CD_GUI_TEST_WAIT_UNTIL ((dialog = cd_retention_page_get_dialog (CD_RETENTION_PAGE (pane))) != NULL);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  CD_GUI_TEST_WAIT_UNTIL (cd_retention_page_get_dialog (CD_RETENTION_PAGE (pane)) == NULL);

  /* Report: Space on Commitment Letter shows the letter. */
  pane = show_pane_by_key (window, 5);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "report"));
  toggle = cd_report_page_get_commitment_button (CD_REPORT_PAGE (pane));
  press_on (window, GTK_WIDGET (toggle), GDK_KEY_space);
  CD_GUI_TEST_WAIT_UNTIL (gtk_toggle_button_get_active (toggle));
  CD_GUI_TEST_WAIT_UNTIL (!gtk_toggle_button_get_active (cd_report_page_get_report_button (CD_REPORT_PAGE (pane))));
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "report"));

  close_window (window);
}

/* -- the shortcuts window ----------------------------------------------------------- */

/* "keyval:mods" of one accelerator, or NULL. Keys the keypad or another
 * layout gives a second time are the key the shortcuts window shows. */
static char *
accel_key (guint           keyval,
           GdkModifierType mods)
{
  static const struct { guint alias, key; } aliases[] = {
    { GDK_KEY_KP_Delete, GDK_KEY_Delete },
    { GDK_KEY_KP_Page_Up, GDK_KEY_Page_Up },
    { GDK_KEY_KP_Page_Down, GDK_KEY_Page_Down },
    { GDK_KEY_KP_Add, GDK_KEY_plus },
    { GDK_KEY_KP_Subtract, GDK_KEY_minus },
    { GDK_KEY_equal, GDK_KEY_plus },   /* Ctrl+= is Ctrl++ without Shift */
  };

  keyval = gdk_keyval_to_lower (keyval);
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (keyval == aliases[i].alias)
      keyval = aliases[i].key;
  return g_strdup_printf ("%u:%u", keyval, (guint) mods);
}

/* Every accelerator of the shortcuts window, by the view of its group
 * ("" for the whole window): a set of "view|keyval:mods". */
static GHashTable *
listed_accels (GtkBuilder *builder)
{
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) accels = NULL;

  g_assert_true (gtk_builder_add_from_resource (builder, RESOURCE_PATH "/gtk/help-overlay.ui", NULL));
  accels = cd_gui_test_list_overlay_accels (builder);
  for (guint i = 0; i < accels->len; i++)
    {
      const CdGuiTestAccel *accel = g_ptr_array_index (accels, i);
      g_autofree char *key = accel_key (accel->keyval, accel->mods);

      g_hash_table_add (listed, g_strdup_printf ("%s|%s", accel->view, key));
    }
  return listed;
}

static gboolean
is_listed (GHashTable *listed,
           const char *view,
           const char *key)
{
  g_autofree char *in_view = g_strdup_printf ("%s|%s", view, key);
  g_autofree char *everywhere = g_strdup_printf ("|%s", key);

  return g_hash_table_contains (listed, in_view) || g_hash_table_contains (listed, everywhere);
}

static guint
check_trigger (GHashTable         *listed,
               const char         *view,
               const char         *what,
               GtkShortcutTrigger *trigger)
{
  g_autofree char *key = NULL;

  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return check_trigger (listed, view, what,
                          gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger))) +
           check_trigger (listed, view, what,
                          gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)));
  if (!GTK_IS_KEYVAL_TRIGGER (trigger))
    return 0;
  key = accel_key (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                   gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
  if (is_listed (listed, view, key))
    return 0;
  {
    g_autofree char *label = gtk_shortcut_trigger_to_label (trigger, gdk_display_get_default ());

    g_test_message ("%s (%s, view “%s”) is not in the shortcuts window", label, what, view);
  }
  return 1;
}

/* The app's own actions (not GTK's: its windows' inspector and the like). */
static gboolean
is_app_action (const char *name)
{
  static const char * const groups[] = {
    "app.", "win.", "case.", "inventory.", "sensitivity.", "notices.", "redact.",
    "retention.", "report.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_str_has_prefix (name, groups[i]))
      return TRUE;
  return FALSE;
}

/* The key bindings and shortcut controllers of @widget (a CdWindow or a
 * pane) and what is inside it of the app's classes. */
static guint
check_widget_shortcuts (GHashTable *listed,
                        GtkWidget  *widget,
                        const char *view,
                        guint      *n_checked)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint missing = 0;

  for (guint i = 0; g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "Cd") &&
       i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          const char *name;

          if (!GTK_IS_NAMED_ACTION (action))
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          if (!is_app_action (name))
            continue;
          (*n_checked)++;
          missing += check_trigger (listed, view, name, gtk_shortcut_get_trigger (shortcut));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *child_view = view;

      if (GTK_IS_STACK (widget) && gtk_stack_get_page (GTK_STACK (widget), child) != NULL &&
          gtk_stack_page_get_name (gtk_stack_get_page (GTK_STACK (widget), child)) != NULL &&
          g_strv_contains (pane_names, gtk_stack_page_get_name (gtk_stack_get_page (GTK_STACK (widget), child))))
        child_view = gtk_stack_page_get_name (gtk_stack_get_page (GTK_STACK (widget), child));
      missing += check_widget_shortcuts (listed, child, child_view, n_checked);
    }
  return missing;
}

/* Every accelerator the application sets and every key binding of the
 * window and its panes is in the shortcuts window, with the same keys and
 * in the group of its pane (or one for the whole window). */
static void
test_shortcuts_listed (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(CdApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) actions = NULL;
  CdWindow *window;
  guint n_checked = 0;
  guint missing = 0;
  GObject *overlay;

  if (!cd_gui_test_begin ())
    return;

  builder = gtk_builder_new ();
  listed = listed_accels (builder);
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  /* The application's accelerators, set at start-up (registering runs it). */
  app = cd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_assert_nonnull (actions[0]);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval = 0;
          GdkModifierType mods = 0;
          g_autofree char *key = NULL;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          key = accel_key (keyval, mods);
          n_checked++;
          if (!is_listed (listed, "", key))
            {
              g_test_message ("%s (%s) is not in the shortcuts window", accels[j], actions[i]);
              missing++;
            }
        }
    }

  /* The window's and the panes' key bindings. */
  window = open_demo_window (1280, 800);
  missing += check_widget_shortcuts (listed, GTK_WIDGET (window), "", &n_checked);
  g_test_message ("%u accelerators checked, %u missing", n_checked, missing);
  g_assert_cmpuint (n_checked, >, 30);
  g_assert_cmpuint (missing, ==, 0);

  /* Alt+1…6 show the panes: listed, and they work. */
  for (guint i = G_N_ELEMENTS (pane_names); i > 0; i--)
    {
      GtkWidget *pane = show_pane_by_key (window, i - 1);

      g_assert_true (gtk_widget_get_mapped (pane));
      g_assert_true (gtk_widget_get_child_visible (pane));
    }

  close_window (window);
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* -- dialogs from the keyboard -------------------------------------------------------- */

static GtkWindow *
wait_other_window (CdWindow *window)
{
  GtkWindow *other = NULL;

  CD_GUI_TEST_WAIT_UNTIL ((other = cd_gui_test_find_other_window (GTK_WINDOW (window))) != NULL);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (other)));
  cd_gui_test_settle (200);
  return other;
}

/* -- every dialog's mnemonics ------------------------------------------------------- */

static void
collect_mnemonic_keys (GtkWidget  *widget,
                       GHashTable *keys)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)) != GDK_KEY_VoidSymbol)
    g_hash_table_add (keys, GUINT_TO_POINTER (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (widget)))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonic_keys (child, keys);
}

/* Fields and buttons with words, shown in @widget, without a mnemonic. */
static guint
count_without_mnemonic (GtkWidget  *widget,
                        GtkWidget  *window,
                        const char *what)
{
  gboolean needs = FALSE;
  guint missing = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (ADW_IS_ENTRY_ROW (widget) || ADW_IS_COMBO_ROW (widget))
    needs = TRUE;
  /* A row with a spin button or a switch is a field; rows with a check
   * button are often a list of data (custodians to pick), named by it. */
  else if (ADW_IS_ACTION_ROW (widget))
    needs = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)) != NULL &&
            !GTK_IS_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (widget)));
  else if (GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) &&
           gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW) == NULL)
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      needs = GTK_IS_LABEL (child) || ADW_IS_BUTTON_CONTENT (child);
    }
  if (needs && mnemonic_in (widget) == 0 && mnemonic_for (window, widget) == 0)
    {
      g_autofree char *description = describe (widget);

      g_test_message ("%s: %s has no mnemonic", what, description);
      missing++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    missing += count_without_mnemonic (child, window, what);
  return missing;
}

/* Every field and worded button of @dialog has a mnemonic, and no letter
 * is used twice for different things (press_mnemonic() asserts it). */
static void
check_dialog_mnemonics (GtkWindow  *dialog,
                        const char *what)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  cd_gui_test_settle (150);
  g_assert_cmpuint (count_without_mnemonic (GTK_WIDGET (dialog), GTK_WIDGET (dialog), what), ==, 0);
  collect_mnemonic_keys (GTK_WIDGET (dialog), keys);
  g_hash_table_iter_init (&iter, keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autoptr(GPtrArray) targets = g_ptr_array_new ();

      collect_mnemonic_labels (GTK_WIDGET (dialog), GPOINTER_TO_UINT (key), labels);
      for (guint i = 0; i < labels->len; i++)
        {
          GtkWidget *target = gtk_label_get_mnemonic_widget (g_ptr_array_index (labels, i));

          if (target == NULL)
            for (target = g_ptr_array_index (labels, i); target != NULL && !gtk_widget_get_focusable (target);
                 target = gtk_widget_get_parent (target))
              ;
          if (!g_ptr_array_find (targets, target, NULL))
            g_ptr_array_add (targets, target);
        }
      if (targets->len != 1)
        g_test_message ("%s: Alt+%s is used %u times", what, gdk_keyval_name (GPOINTER_TO_UINT (key)),
                        targets->len);
      g_assert_cmpuint (targets->len, ==, 1);
      n++;
    }
  g_test_message ("%s: %u mnemonics", what, n);
  g_assert_cmpuint (n, >, 1);
}

/* The New Case dialog filled in and confirmed with the keyboard alone:
 * Ctrl+N, Alt+letter to each field, typing, Alt+R for Create. */
static void
test_new_case_dialog (void)
{
  static const char passphrase[] = "Keyboard only 2026!";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-a11y-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "keyboard", NULL);
  g_autofree char *uscc = NULL;
  const char *body = "91350100M000100Y4";
  CdWindow *window;
  GtkWindow *dialog;
  CdCaseForm *form;

  if (!cd_gui_test_begin ())
    return;

  window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));

  g_assert_true (press_key (window, GDK_KEY_n, GDK_CONTROL_MASK));
  dialog = wait_other_window (window);
  g_assert_true (CD_IS_NEW_CASE_DIALOG (dialog));
  check_dialog_mnemonics (dialog, "new case");
  form = cd_new_case_dialog_get_form (CD_NEW_CASE_DIALOG (dialog));
  uscc = g_strdup_printf ("%s%c", body, cd_ident_uscc_check_char (body));

  fill_by_mnemonic (dialog, form->company_row, "福州键盘示例有限公司");
  fill_by_mnemonic (dialog, form->uscc_row, uscc);
  fill_by_mnemonic (dialog, form->announced_row, "2026-10-10");
  fill_by_mnemonic (dialog, form->planned_row, "2026-12-01");
  fill_by_mnemonic (dialog, cd_new_case_dialog_get_passphrase_row (CD_NEW_CASE_DIALOG (dialog)), passphrase);
  fill_by_mnemonic (dialog, cd_new_case_dialog_get_repeat_row (CD_NEW_CASE_DIALOG (dialog)), passphrase);
  /* The file chooser is the desktop's own dialog: its path is given here. */
  cd_new_case_dialog_set_path (CD_NEW_CASE_DIALOG (dialog), path);
  cd_gui_test_settle (100);

  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (cd_new_case_dialog_get_create_button (CD_NEW_CASE_DIALOG (dialog)))));
  press_mnemonic (dialog, mnemonic_in (GTK_WIDGET (cd_new_case_dialog_get_create_button (CD_NEW_CASE_DIALOG (dialog)))));
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (window), "福州键盘示例有限公司"));

  close_window (window);
  cd_test_rm_rf (dir);
}

/* The asset dialog of the inventory from the keyboard: Ctrl+Shift+A,
 * Alt+letter to the fields, Alt+A to add. */
static void
test_asset_dialog (void)
{
  CdWindow *window;
  CdInventoryPage *page;
  CdInventoryAssetDialog *dialog;
  GListModel *assets;
  guint n_assets;

  if (!cd_gui_test_begin ())
    return;

  window = open_demo_window (1280, 800);
  page = cd_window_get_inventory_page (window);
  show_pane_by_key (window, 0);
  assets = cd_inventory_page_get_assets_model (page);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (assets) > 0);
  n_assets = g_list_model_get_n_items (assets);

  g_assert_true (press_key (window, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (page) != NULL);
  dialog = CD_INVENTORY_ASSET_DIALOG (cd_inventory_page_get_dialog (page));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  cd_gui_test_settle (200);

  check_dialog_mnemonics (GTK_WINDOW (dialog), "asset");
  fill_by_mnemonic (dialog, cd_inventory_asset_dialog_get_location_row (dialog), "键盘录入的备份硬盘");
  fill_by_mnemonic (dialog, cd_inventory_asset_dialog_get_records_spin (dialog), "1500");
  /* Going on to the next field commits the number, as Tab would. */
  fill_by_mnemonic (dialog, cd_inventory_asset_dialog_get_medium_row (dialog), NULL);
  g_assert_cmpfloat (gtk_spin_button_get_value (cd_inventory_asset_dialog_get_records_spin (dialog)), ==, 1500);

  press_mnemonic (dialog, mnemonic_in (cd_inventory_asset_dialog_get_save_button (dialog)));
  CD_GUI_TEST_WAIT_UNTIL (cd_inventory_page_get_dialog (page) == NULL);
  CD_GUI_TEST_WAIT_UNTIL (g_list_model_get_n_items (assets) == n_assets + 1);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (page), "键盘录入的备份硬盘"));

  close_window (window);
}

/* A manual destruction record from the keyboard: Ctrl+Shift+R on the
 * retention pane, Alt+letter to the fields, Alt+A to add. */
static void
test_manual_record_dialog (void)
{
  CdWindow *window;
  CdRetentionPage *page;
  CdRetentionManualDialog *dialog;

  if (!cd_gui_test_begin ())
    return;

  window = open_demo_window (1280, 800);
  page = cd_window_get_retention_page (window);
  show_pane_by_key (window, 4);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "retention"));

  g_assert_true (press_key (window, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
  CD_GUI_TEST_WAIT_UNTIL (cd_retention_page_get_dialog (page) != NULL);
  dialog = CD_RETENTION_MANUAL_DIALOG (cd_retention_page_get_dialog (page));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  cd_gui_test_settle (200);

  check_dialog_mnemonics (GTK_WINDOW (dialog), "manual record");
  fill_by_mnemonic (dialog, cd_retention_manual_dialog_get_description_row (dialog), "键盘录入的旧账本");
  fill_by_mnemonic (dialog, cd_retention_manual_dialog_get_operator_row (dialog), "张操作");
  fill_by_mnemonic (dialog, cd_retention_manual_dialog_get_witness_row (dialog), "李见证");
  cd_gui_test_settle (100);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (cd_retention_manual_dialog_get_add_button (dialog))));
  press_mnemonic (dialog, mnemonic_in (GTK_WIDGET (cd_retention_manual_dialog_get_add_button (dialog))));
  CD_GUI_TEST_WAIT_UNTIL (cd_retention_page_get_dialog (page) == NULL);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_widget_shows_text (GTK_WIDGET (cd_retention_page_get_manual_list (page)),
                                                         "键盘录入的旧账本"));

  close_window (window);
}

/* The sensitivity pane's date override from the keyboard: an asset kept
 * by the plan chosen (Down, as the arrow keys move in the list), Return on
 * Override Date…, Alt+letter to the fields, Alt+S to save. */
static void
test_override_dialog (void)
{
  static const char why[] = "键盘：合同约定另行保存";
  CdWindow *window;
  CdSensitivityPage *page;
  GListModel *model;
  GtkWindow *dialog;
  GtkButton *override;
  guint n;
  guint i;

  if (!cd_gui_test_begin ())
    return;

  window = open_demo_window (1280, 800);
  page = cd_window_get_sensitivity_page (window);
  show_pane_by_key (window, 1);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "sensitivity"));
  model = cd_sensitivity_page_get_assets_model (page);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 0);
  override = cd_sensitivity_page_get_override_button (page);
  for (i = 0; i < n; i++)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE);
      cd_gui_test_settle (30);
      if (gtk_widget_get_mapped (GTK_WIDGET (override)) && gtk_widget_is_sensitive (GTK_WIDGET (override)))
        break;
    }
  g_assert_cmpuint (i, <, n);

  press_on (window, GTK_WIDGET (override), GDK_KEY_Return);
  CD_GUI_TEST_WAIT_UNTIL ((dialog = cd_sensitivity_page_get_dialog (page)) != NULL);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  cd_gui_test_settle (200);
  check_dialog_mnemonics (dialog, "override");
  fill_by_mnemonic (dialog, cd_sensitivity_page_get_dialog_part (page, "cd-date"), "2040-02-29");
  fill_by_mnemonic (dialog, cd_sensitivity_page_get_dialog_part (page, "cd-reason"), why);
  g_assert_true (gtk_widget_is_sensitive (cd_sensitivity_page_get_dialog_part (page, "cd-save")));
  press_mnemonic (dialog, mnemonic_in (cd_sensitivity_page_get_dialog_part (page, "cd-save")));
  CD_GUI_TEST_WAIT_UNTIL (cd_sensitivity_page_get_dialog (page) == NULL);
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_label_shows (cd_sensitivity_page_get_override_label (page)) &&
                          strstr (gtk_label_get_text (cd_sensitivity_page_get_override_label (page)), why) != NULL);

  close_window (window);
}

/* The letter template editor from the keyboard: Return on Edit Template…,
 * Alt+U to the subject, Alt+S to save; opened again, it has the subject. */
static void
test_template_dialog (void)
{
  g_autofree char *subject = NULL;
  CdWindow *window;
  GtkWidget *pane;
  GtkWindow *dialog;
  GtkEditable *entry;

  if (!cd_gui_test_begin ())
    return;

  window = open_demo_window (1280, 800);
  pane = show_pane_by_key (window, 2);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "notices"));
  press_on (window, find_actionable (pane, "notices.edit-template"), GDK_KEY_Return);
  CD_GUI_TEST_WAIT_UNTIL ((dialog = cd_notices_page_get_dialog (CD_NOTICES_PAGE (pane))) != NULL);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  cd_gui_test_settle (200);
  check_dialog_mnemonics (dialog, "template");
  entry = cd_template_dialog_get_subject_entry (CD_TEMPLATE_DIALOG (dialog));
  subject = g_strconcat (gtk_editable_get_text (entry), "（键盘）", NULL);
  fill_by_mnemonic (dialog, entry, subject);
  cd_template_dialog_update_now (CD_TEMPLATE_DIALOG (dialog));
  g_assert_true (gtk_widget_is_sensitive (cd_template_dialog_get_save_button (CD_TEMPLATE_DIALOG (dialog))));
  press_mnemonic (dialog, mnemonic_in (cd_template_dialog_get_save_button (CD_TEMPLATE_DIALOG (dialog))));
  CD_GUI_TEST_WAIT_UNTIL (cd_notices_page_get_dialog (CD_NOTICES_PAGE (pane)) == NULL);

  /* Return opens the editor again, once the pane has read the case again
   * (the button is off meanwhile). */
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "notices") &&
                          gtk_widget_is_sensitive (find_actionable (pane, "notices.edit-template")));
  press_on (window, find_actionable (pane, "notices.edit-template"), GDK_KEY_Return);
  CD_GUI_TEST_WAIT_UNTIL ((dialog = cd_notices_page_get_dialog (CD_NOTICES_PAGE (pane))) != NULL);
  g_assert_cmpstr (gtk_editable_get_text (cd_template_dialog_get_subject_entry (CD_TEMPLATE_DIALOG (dialog))), ==,
                   subject);
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  CD_GUI_TEST_WAIT_UNTIL (cd_notices_page_get_dialog (CD_NOTICES_PAGE (pane)) == NULL);

  close_window (window);
}

/* The dialogs not filled in above: their fields and buttons have
 * mnemonics, each letter once. */
static void
test_dialog_mnemonics (void)
{
  CdWindow *window;
  GtkWindow *dialog;
  GtkWidget *pane;

  if (!cd_gui_test_begin ())
    return;

  window = open_demo_window (1280, 800);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.details", NULL));
  dialog = wait_other_window (window);
  check_dialog_mnemonics (dialog, "case details");
  gtk_window_destroy (dialog);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);

  dialog = GTK_WINDOW (cd_preferences_window_new (GTK_WINDOW (window)));
  gtk_window_present (dialog);
  check_dialog_mnemonics (dialog, "preferences");
  gtk_window_destroy (dialog);
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);

  pane = show_pane_by_key (window, 0);
  g_assert_true (gtk_widget_activate_action (pane, "inventory.scan", NULL));
  dialog = wait_other_window (window);
  check_dialog_mnemonics (dialog, "scan");
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);

  pane = show_pane_by_key (window, 4);
  CD_GUI_TEST_WAIT_UNTIL (page_ready (window, "retention"));
  g_assert_true (gtk_widget_activate_action (pane, "retention.add-custodian", NULL));
  dialog = wait_other_window (window);
  check_dialog_mnemonics (dialog, "custodian");
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);
  g_assert_true (gtk_widget_activate_action (pane, "retention.create-vault", NULL));
  dialog = wait_other_window (window);
  check_dialog_mnemonics (dialog, "vault");
  g_assert_true (press_key (dialog, GDK_KEY_Escape, 0));
  CD_GUI_TEST_WAIT_UNTIL (cd_gui_test_find_other_window (GTK_WINDOW (window)) == NULL);

  /* Ctrl+L locks; the unlock dialog asks for the passphrase. */
  g_assert_true (press_key (window, GDK_KEY_l, GDK_CONTROL_MASK));
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "locked");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "case.unlock", NULL));
  dialog = wait_other_window (window);
  check_dialog_mnemonics (dialog, "unlock");
  fill_by_mnemonic (dialog, cd_unlock_dialog_get_passphrase_row (CD_UNLOCK_DIALOG (dialog)), CD_DEMO_PASSPHRASE);
  press_mnemonic (dialog, mnemonic_in (GTK_WIDGET (cd_unlock_dialog_get_unlock_button (CD_UNLOCK_DIALOG (dialog)))));
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (window), "case") == 0);

  close_window (window);
}

/* -- high contrast and large text --------------------------------------------------- */

/* The screen of the test display (xvfb-run -s "-screen 0 1280x1024x24"). */
#define SCREEN_WIDTH  1280
#define SCREEN_HEIGHT 1024

static gboolean
inside (GtkWidget *widget,
        GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  /* A header bar reaches a pixel under the window's border. */
  return bounds.origin.x >= -2 && bounds.origin.y >= -2 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (window) + 2 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window) + 2;
}

static gboolean
in_scrolled_window (GtkWidget *widget,
                    GtkWidget *stop)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != stop; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w) || GTK_IS_SCROLLABLE (w))
      return TRUE;
  return FALSE;
}

/* The header bars of what the window shows, and its controls that cannot
 * be scrolled to, are inside the window. */
static guint
count_outside (GtkWidget *widget,
               GtkWidget *window,
               const char *view)
{
  guint outside = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if ((ADW_IS_HEADER_BAR (widget) ||
       (gtk_widget_get_focusable (widget) && gtk_widget_is_sensitive (widget) &&
        !in_scrolled_window (widget, window))) &&
      !inside (widget, window))
    {
      g_autofree char *what = describe (widget);

      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (widget, window, &bounds))
        graphene_rect_init (&bounds, 0, 0, 0, 0);
      g_test_message ("%s: %s at %.0f,%.0f %.0f×%.0f is outside the %d×%d window", view, what,
                      bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                      gtk_widget_get_width (window), gtk_widget_get_height (window));
      outside++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    outside += count_outside (child, window, view);
  return outside;
}

/* Labels that are cut off (ellipsized) say what they hold in a tooltip. */
static guint
count_cut_labels (GtkWidget  *widget,
                  const char *view)
{
  guint cut = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  /* An entry's placeholder stands for the entry's accessible label. */
  if (GTK_IS_TEXT (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    {
      gboolean tooltip = FALSE;

      for (GtkWidget *w = widget; w != NULL && !tooltip; w = gtk_widget_get_parent (w))
        tooltip = gtk_widget_get_has_tooltip (w);
      if (!tooltip)
        {
          g_test_message ("%s: “%s” is cut off without a tooltip", view,
                          gtk_label_get_text (GTK_LABEL (widget)));
          cut++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cut += count_cut_labels (child, view);
  return cut;
}

/* Returns: how many controls are out of the window or cut off (each said
 * in a test message) */
static guint
check_view (CdWindow   *window,
            const char *mode,
            const char *view,
            gboolean    must_fit)
{
  g_autofree char *what = g_strdup_printf ("a11y-%s-%s", mode, view);
  int min_width = 0, min_height = 0;

  cd_gui_test_settle (250);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, SCREEN_WIDTH, &min_height, NULL,
                      NULL, NULL);
  g_test_message ("%s: window %d×%d, at least %d×%d", what, gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)), min_width, min_height);
  /* The window itself, with its header bar, stays on the screen. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, SCREEN_WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, SCREEN_HEIGHT);
  if (must_fit)
    {
      g_assert_cmpint (min_width, <=, SCREEN_WIDTH);
      g_assert_cmpint (min_height, <=, SCREEN_HEIGHT);
    }
  cd_gui_test_save_screenshot (GTK_WIDGET (window), what);
  return count_outside (GTK_WIDGET (window), GTK_WIDGET (window), what) +
         count_cut_labels (GTK_WIDGET (window), what);
}

/* The start view and every pane of the demo case at 1280×800, in the
 * style and text size set up by the caller. @must_fit: the window's
 * minimum size fits on the screen. */
static void
check_every_view (const char *mode,
                  gboolean    must_fit)
{
  CdWindow *window = cd_window_new (NULL);
  guint problems = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  problems += check_view (window, mode, "start", must_fit);

  cd_window_open_demo (window);
  g_assert_cmpstr (cd_window_get_view_name (window), ==, "case");
  for (guint i = 0; i < G_N_ELEMENTS (pane_names); i++)
    {
      cd_gui_test_show_pane (GTK_WIDGET (window), pane_names[i]);
      CD_GUI_TEST_WAIT_UNTIL (page_ready (window, pane_names[i]));
      problems += check_view (window, mode, pane_names[i], must_fit);
    }
  close_window (window);
  g_assert_cmpuint (problems, ==, 0);
}

/* libadwaita's high-contrast style, as the desktop's setting gives it. It
 * is read once, when libadwaita starts: the check runs in a process of its
 * own started with ADW_DEBUG_HIGH_CONTRAST=1. */
static void
test_high_contrast (void)
{
  if (!cd_gui_test_begin ())
    return;

  if (!g_test_subprocess ())
    {
      g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                              G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_unsetenv ("ADW_DEBUG_HIGH_CONTRAST");
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_true (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()));
  check_every_view ("high-contrast", TRUE);
}

/* Large text: GNOME scales the fonts' resolution (Xft.dpi, 96 at 1×). */
static void
check_text_scale (double      scale,
                  const char *mode,
                  gboolean    must_fit)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi = 0;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * scale), NULL);
  check_every_view (mode, must_fit);
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static void
test_large_text (void)
{
  if (!cd_gui_test_begin ())
    return;

  check_text_scale (1.5, "text-150", TRUE);
}

/* At twice the size the content may scroll, but the header bars and the
 * panes' sidebar stay in the window. */
static void
test_huge_text (void)
{
  if (!cd_gui_test_begin ())
    return;

  check_text_scale (2.0, "text-200", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  /* The demo case is written to the private XDG_DATA_HOME, once. */
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);

  g_test_add_func ("/a11y/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/a11y/tab-order", test_tab_order);
  g_test_add_func ("/a11y/main-actions", test_main_actions);
  g_test_add_func ("/a11y/new-case-dialog", test_new_case_dialog);
  g_test_add_func ("/a11y/asset-dialog", test_asset_dialog);
  g_test_add_func ("/a11y/manual-record-dialog", test_manual_record_dialog);
  g_test_add_func ("/a11y/override-dialog", test_override_dialog);
  g_test_add_func ("/a11y/template-dialog", test_template_dialog);
  g_test_add_func ("/a11y/dialog-mnemonics", test_dialog_mnemonics);
  g_test_add_func ("/a11y/high-contrast", test_high_contrast);
  g_test_add_func ("/a11y/large-text", test_large_text);
  g_test_add_func ("/a11y/huge-text", test_huge_text);
  return cd_gui_test_run ();
}
