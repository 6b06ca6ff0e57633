/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The user guide: opened by F1 (app.help) from a case window; its topics
 * in the order of the work; each topic's text and screenshot, in the
 * language the app is shown in (meson runs this in English and in
 * Chinese); the keyboard; a narrow window; and screenshots of the guide
 * for people to look at. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-gui-test.h"
#include "cd-help-window.h"
#include "cd-window.h"

/* The guide follows the work: starting, the six panes in the window's
 * order, then the printed report and the keyboard. */
static const struct
{
  const char *name;
  const char *picture;   /* NULL: the topic has none */
  gboolean    is_pane;   /* a row of the case window's sidebar too */
} expected_topics[] = {
  { "getting-started", "start", FALSE },
  { "inventory", "inventory", TRUE },
  { "sensitivity", "sensitivity", TRUE },
  { "notices", "notices", TRUE },
  { "redact", "redact", TRUE },
  { "retention", "retention", TRUE },
  { "report", "report", TRUE },
  { "printing", NULL, FALSE },
  { "shortcuts", NULL, FALSE },
};

static gboolean
in_chinese (void)
{
  return g_strcmp0 (g_getenv ("LANGUAGE"), "zh_CN") == 0;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static CdHelpWindow *
make_help_window (int width,
                  int height)
{
  CdHelpWindow *help = cd_help_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (help), width, height);
  gtk_window_present (GTK_WINDOW (help));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (help)));
  cd_gui_test_settle (200);
  return help;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The text of the first label inside @widget. */
static const char *
first_label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = first_label_text (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The labels of a page that say something in words (not step numbers). */
static void
collect_paragraphs (GtkWidget *widget,
                    GPtrArray *labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && !gtk_widget_has_css_class (child, "numeric"))
        g_ptr_array_add (labels, child);
      collect_paragraphs (child, labels);
    }
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page of the topic shown. */
static GtkWidget *
visible_page (CdHelpWindow *help)
{
  return gtk_stack_get_visible_child (GTK_STACK (find_of_type (GTK_WIDGET (help), GTK_TYPE_STACK)));
}

static GtkListBox *
find_list_box (GtkWidget *widget)
{
  return GTK_LIST_BOX (find_of_type (widget, GTK_TYPE_LIST_BOX));
}

static GtkListBoxRow *
selected_row (CdHelpWindow *help)
{
  return gtk_list_box_get_selected_row (find_list_box (GTK_WIDGET (help)));
}

/* Runs app.help from @window, as F1 does, and returns the guide it opens
 * over @window, mapped (for the caller to track). */
static GtkWidget *
open_help (GtkWidget *window)
{
  GtkWidget *help;

  g_assert_true (gtk_widget_activate_action (window, "app.help", NULL));
  CD_GUI_TEST_WAIT_UNTIL (CD_IS_HELP_WINDOW (cd_gui_test_find_other_window (GTK_WINDOW (window))));
  help = GTK_WIDGET (cd_gui_test_find_other_window (GTK_WINDOW (window)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (help)) == GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (help));
  return help;
}

/* F1 and the menus' Help run app.help, which opens the guide over the
 * window it was asked from, at the topic of the pane shown. */
static void
test_opens_from_window (void)
{
  g_autoptr(CdApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) actions = NULL;
  GtkWidget *window;
  GtkWidget *help;

  if (!cd_gui_test_begin ())
    return;

  app = cd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "F1");
  g_assert_true (g_strv_contains ((const char * const *) actions, "app.help"));

  window = GTK_WIDGET (cd_window_new (ADW_APPLICATION (app)));
  cd_gui_test_track (&window);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (window));

  /* No case open: the guide starts at the beginning. */
  help = open_help (window);
  cd_gui_test_track (&help);
  g_assert_cmpstr (cd_help_window_get_topic (CD_HELP_WINDOW (help)), ==, "getting-started");
  g_assert_true (cd_gui_test_widget_shows_text (help, _("Getting Started")));
  if (in_chinese ())
    g_assert_true (has_han (_("Getting Started")));
  /* Escape is bound to this: it closes the guide. */
  g_assert_true (gtk_widget_activate_action (help, "window.close", NULL));
  g_assert_true (cd_gui_test_wait_for (cd_gui_test_pointer_is_null, &help));

  /* In a case, it opens at the pane the user is in. */
  cd_window_open_demo (CD_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_window_get_view_name (CD_WINDOW (window)), "case") == 0);
  g_assert_true (gtk_widget_activate_action (window, "case.show-pane", "s", "retention"));
  g_assert_cmpstr (cd_window_get_pane_name (CD_WINDOW (window)), ==, "retention");
  help = open_help (window);
  cd_gui_test_track (&help);
  g_assert_cmpstr (cd_help_window_get_topic (CD_HELP_WINDOW (help)), ==, "retention");
  g_assert_true (gtk_widget_activate_action (help, "window.close", NULL));
  g_assert_true (cd_gui_test_wait_for (cd_gui_test_pointer_is_null, &help));

  gtk_window_close (GTK_WINDOW (window));
  cd_gui_test_destroy_if_alive (&window);
}

/* Every topic, listed in the order of the work; a pane's topic is called
 * as the pane is in the window's sidebar. */
static void
test_topics_in_order (void)
{
  g_auto(GStrv) names = cd_help_window_get_topic_names ();
  CdHelpWindow *help;
  CdWindow *window;
  GtkListBox *list;
  guint i = 0;

  if (!cd_gui_test_begin ())
    return;

  g_assert_cmpuint (g_strv_length (names), ==, G_N_ELEMENTS (expected_topics));
  help = make_help_window (960, 720);
  window = cd_window_new (NULL);
  list = find_list_box (GTK_WIDGET (help));
  g_assert_nonnull (list);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    {
      const char *title = first_label_text (row);

      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected_topics));
      g_assert_cmpstr (gtk_widget_get_name (row), ==, expected_topics[i].name);
      g_assert_cmpstr (names[i], ==, expected_topics[i].name);
      g_assert_nonnull (title);
      g_assert_cmpstr (title, !=, "");
      if (in_chinese ())
        g_assert_true (has_han (title));
      if (expected_topics[i].is_pane)
        g_assert_cmpstr (title, ==, first_label_text (find_named (GTK_WIDGET (window),
                                                                  expected_topics[i].name)));
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected_topics));

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (help));
  cd_gui_test_settle (50);
}

static void
assert_same_pixels (GdkTexture *a,
                    GdkTexture *b,
                    gboolean    same)
{
  int width = gdk_texture_get_width (a), height = gdk_texture_get_height (a);
  gsize size = (gsize) width * height * 4;
  g_autofree guchar *pixels_a = g_malloc (size);
  g_autofree guchar *pixels_b = g_malloc (size);

  if (width != gdk_texture_get_width (b) || height != gdk_texture_get_height (b))
    {
      g_assert_false (same);
      return;
    }
  gdk_texture_download (a, pixels_a, (gsize) width * 4);
  gdk_texture_download (b, pixels_b, (gsize) width * 4);
  g_assert_true ((memcmp (pixels_a, pixels_b, size) == 0) == same);
}

/* Choosing each topic shows its title, its text (in Chinese when the app
 * is) and its screenshot: the resource of the app's language, scaled to
 * the page and keeping its shape. */
static void
test_each_topic (void)
{
  const char *language = in_chinese () ? "zh_CN" : "en";
  CdHelpWindow *help;
  GtkListBox *list;
  guint i = 0;

  if (!cd_gui_test_begin ())
    return;

  g_assert_cmpstr (cd_help_window_get_picture_language (), ==, language);
  help = make_help_window (960, 720);
  list = find_list_box (GTK_WIDGET (help));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row), i++)
    {
      g_autoptr(GPtrArray) paragraphs = g_ptr_array_new ();
      const char *title = first_label_text (row);
      GtkWidget *page;
      GtkWidget *picture;
      gsize words = 0;

      gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (row));
      CD_GUI_TEST_WAIT_UNTIL (!gtk_stack_get_transition_running (
        GTK_STACK (find_of_type (GTK_WIDGET (help), GTK_TYPE_STACK))));
      cd_gui_test_settle (100);
      g_assert_cmpstr (cd_help_window_get_topic (help), ==, expected_topics[i].name);
      page = visible_page (help);
      g_assert_true (gtk_widget_get_mapped (page));

      /* The title, and paragraphs that say something. */
      collect_paragraphs (page, paragraphs);
      g_assert_cmpuint (paragraphs->len, >=, 4);
      g_assert_cmpstr (gtk_label_get_text (paragraphs->pdata[0]), ==, title);
      for (guint j = 0; j < paragraphs->len; j++)
        {
          GtkLabel *label = paragraphs->pdata[j];

          g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
          g_assert_true (gtk_label_get_selectable (label));
          words += strlen (gtk_label_get_text (label));
          if (in_chinese ())
            g_assert_true (has_han (gtk_label_get_text (label)));
        }
      g_assert_cmpuint (words, >, 300);

      picture = find_named (page, "picture");
      if (expected_topics[i].picture == NULL)
        {
          g_assert_null (picture);
          continue;
        }
      g_assert_nonnull (picture);
      {
        g_autofree char *path = g_strdup_printf (RESOURCE_PATH "/help/%s/%s.png", language,
                                                 expected_topics[i].picture);
        g_autofree char *other_path = g_strdup_printf (RESOURCE_PATH "/help/%s/%s.png",
                                                       in_chinese () ? "en" : "zh_CN",
                                                       expected_topics[i].picture);
        g_autoptr(GdkTexture) expected = gdk_texture_new_from_resource (path);
        g_autoptr(GdkTexture) other = gdk_texture_new_from_resource (other_path);
        GdkPaintable *shown = gtk_picture_get_paintable (GTK_PICTURE (picture));
        int width = gtk_widget_get_width (picture), height = gtk_widget_get_height (picture);

        g_assert_true (GDK_IS_TEXTURE (shown));
        g_assert_cmpint (gdk_paintable_get_intrinsic_width (shown), ==,
                         gdk_texture_get_width (expected));
        g_assert_cmpint (gdk_paintable_get_intrinsic_height (shown), ==,
                         gdk_texture_get_height (expected));
        /* The app as it is shown in this language, not the other one. */
        assert_same_pixels (GDK_TEXTURE (shown), expected, TRUE);
        assert_same_pixels (GDK_TEXTURE (shown), other, FALSE);
        g_assert_cmpint (gdk_texture_get_width (expected), >=, 1000);

        /* Scaled down to the page, keeping its shape. */
        g_assert_true (gtk_widget_get_mapped (picture));
        g_assert_cmpint (width, >, 300);
        g_assert_cmpint (width, <=, gtk_widget_get_width (page));
        g_assert_cmpint (width, <, gdk_texture_get_width (expected));
        g_assert_cmpfloat_with_epsilon ((double) height / width,
                                        (double) gdk_texture_get_height (expected) /
                                        gdk_texture_get_width (expected),
                                        0.02);
        if (g_strcmp0 (expected_topics[i].name, "inventory") == 0)
          cd_gui_test_save_screenshot (GTK_WIDGET (help), "help-window-inventory");
      }
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected_topics));

  gtk_window_destroy (GTK_WINDOW (help));
  cd_gui_test_settle (50);
}

/* The arrow keys go from topic to topic in the list (the list box's
 * key bindings for Up and Down emit move-cursor), and the page follows. */
static void
test_keyboard (void)
{
  CdHelpWindow *help;
  GtkListBox *list;

  if (!cd_gui_test_begin ())
    return;

  help = make_help_window (960, 720);
  list = find_list_box (GTK_WIDGET (help));
  /* The list has the keyboard from the start. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (help)) == GTK_WIDGET (selected_row (help)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (selected_row (help))));

  for (guint i = 1; i < G_N_ELEMENTS (expected_topics); i++)
    {
      g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
      CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_help_window_get_topic (help), expected_topics[i].name) == 0);
      g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (selected_row (help))), ==, expected_topics[i].name);
      g_assert_true (gtk_widget_has_focus (GTK_WIDGET (selected_row (help))));
    }
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE);
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_help_window_get_topic (help), "printing") == 0);
  g_signal_emit_by_name (list, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, -1, FALSE, FALSE);
  CD_GUI_TEST_WAIT_UNTIL (g_strcmp0 (cd_help_window_get_topic (help), "getting-started") == 0);

  /* The list's rows are reachable: the guide opens with the keyboard focus
   * able to reach them. */
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (selected_row (help))));

  cd_help_window_set_topic (help, "report");
  g_assert_cmpstr (cd_help_window_get_topic (help), ==, "report");
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (selected_row (help))), ==, "report");

  gtk_window_destroy (GTK_WINDOW (help));
  cd_gui_test_settle (50);
}

/* The window as it opens, and at 640 pixels wide: the list and the page
 * side by side, the picture scaled down to fit. */
static void
test_sizes_and_screenshots (void)
{
  CdHelpWindow *help;
  AdwLeaflet *leaflet;
  GtkListBox *list;
  GtkWidget *picture;
  GtkWidget *page;

  if (!cd_gui_test_begin ())
    return;

  help = cd_help_window_new (NULL);
  gtk_window_present (GTK_WINDOW (help));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (help)));
  cd_gui_test_settle (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (help)), >=, 900);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (help)), >=, 680);
  cd_gui_test_save_screenshot (GTK_WIDGET (help), "help-window");
  gtk_window_destroy (GTK_WINDOW (help));
  cd_gui_test_settle (50);

  help = make_help_window (640, 600);
  cd_help_window_set_topic (help, "sensitivity");
  CD_GUI_TEST_WAIT_UNTIL (!gtk_stack_get_transition_running (
    GTK_STACK (find_of_type (GTK_WIDGET (help), GTK_TYPE_STACK))));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (find_list_box (GTK_WIDGET (help)))));
  picture = find_named (visible_page (help), "picture");
  page = visible_page (help);
  g_assert_nonnull (picture);
  g_assert_true (gtk_widget_get_mapped (picture));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (help)), <=, 660);
  g_assert_cmpint (gtk_widget_get_width (picture), <=, gtk_widget_get_width (page));
  g_assert_cmpint (gtk_widget_get_width (picture), >, 250);
  cd_gui_test_save_screenshot (GTK_WIDGET (help), "help-window-narrow");
  gtk_window_destroy (GTK_WINDOW (help));
  cd_gui_test_settle (50);

  /* On a phone-sized window the list and the page take turns: a topic
   * chosen in the list opens its page, the back button the list again. */
  help = make_help_window (360, 600);
  leaflet = ADW_LEAFLET (find_of_type (GTK_WIDGET (help), ADW_TYPE_LEAFLET));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  list = find_list_box (GTK_WIDGET (help));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_signal_emit_by_name (find_named (GTK_WIDGET (list), "notices"), "activate");
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_is_ancestor (visible_page (help),
                                                  adw_leaflet_get_visible_child (leaflet)));
  CD_GUI_TEST_WAIT_UNTIL (!adw_leaflet_get_child_transition_running (leaflet));
  g_assert_cmpstr (cd_help_window_get_topic (help), ==, "notices");
  page = visible_page (help);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpint (gtk_widget_get_width (page), >, 300);
  cd_gui_test_save_screenshot (GTK_WIDGET (help), "help-window-folded");
  g_assert_true (adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_is_ancestor (GTK_WIDGET (list),
                                                  adw_leaflet_get_visible_child (leaflet)));
  CD_GUI_TEST_WAIT_UNTIL (!adw_leaflet_get_child_transition_running (leaflet));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));

  gtk_window_destroy (GTK_WINDOW (help));
  cd_gui_test_settle (50);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_ISOLATE_DIRS);
  g_test_add_func ("/help-window/opens-from-window", test_opens_from_window);
  g_test_add_func ("/help-window/topics-in-order", test_topics_in_order);
  g_test_add_func ("/help-window/each-topic", test_each_topic);
  g_test_add_func ("/help-window/keyboard", test_keyboard);
  g_test_add_func ("/help-window/sizes-and-screenshots", test_sizes_and_screenshots);
  return cd_gui_test_run ();
}
