/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shared widget helpers that keep the keyboard focus safe when lists are
 * refilled (cd-gui-util.c): the focus leaves a list before its rows go, and
 * comes back to the same place (or the nearest row, or a fallback) after. */

#include "config.h"

#include "cd-gui-test.h"
#include "cd-gui-util.h"

typedef struct
{
  GtkWidget  *window;
  GtkListBox *list;
  GtkWidget  *fallback;
  GtkWidget  *link;      /* a label with a link: where GTK 4.8 moved the focus */
} Fixture;

static void
fill (GtkListBox *list,
      guint       n_rows)
{
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *text = g_strdup_printf ("Row %u", i);

      gtk_list_box_append (list, gtk_label_new (text));
    }
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static void
fixture_setup (Fixture *f)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  f->window = gtk_window_new ();
  f->link = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (f->link), "<a href=\"https://example.invalid/\">Help</a>");
  f->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_placeholder (f->list, gtk_label_new ("Nothing here"));
  f->fallback = gtk_button_new_with_label ("Fallback");
  gtk_box_append (GTK_BOX (box), f->link);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->list));
  gtk_box_append (GTK_BOX (box), f->fallback);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  fill (f->list, 3);
  gtk_window_present (GTK_WINDOW (f->window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (f->window));
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cd_gui_test_settle (50);
}

static GtkWidget *
focus_of (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

static void
test_release_focus (void)
{
  Fixture f;
  GtkListBoxRow *row;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&f);

  /* Outside the list: left alone. */
  g_assert_true (gtk_widget_grab_focus (f.fallback));
  g_assert_false (cd_gui_release_focus (GTK_WIDGET (f.list)));
  g_assert_true (focus_of (&f) == f.fallback);

  /* Inside: the window lets go while the row is still in the list. */
  row = gtk_list_box_get_row_at_index (f.list, 1);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_assert_true (cd_gui_release_focus (GTK_WIDGET (f.list)));
  g_assert_null (focus_of (&f));
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (row)) == GTK_WIDGET (f.list));

  fixture_teardown (&f);
}

static void
test_clear_and_refocus (void)
{
  Fixture f;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&f);

  /* No focus in the list: rows go, the placeholder stays, -1. */
  g_assert_true (gtk_widget_grab_focus (f.fallback));
  g_assert_cmpint (cd_gui_list_box_clear (f.list), ==, -1);
  g_assert_cmpuint (count_rows (f.list), ==, 0);
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (f.list)));
  g_assert_true (focus_of (&f) == f.fallback);
  cd_gui_list_box_refocus (f.list, -1, NULL);
  g_assert_true (focus_of (&f) == f.fallback);

  /* The focus on the third row: it comes back to the third row. */
  fill (f.list, 3);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (f.list, 2))));
  g_assert_cmpint (cd_gui_list_box_clear (f.list), ==, 2);
  g_assert_null (focus_of (&f));
  /* Painting with the old focus row gone moves nothing (GTK 4.8 read the
   * freed row here when the focus moved on to the link). */
  cd_gui_test_settle (100);
  g_assert_null (focus_of (&f));
  fill (f.list, 3);
  cd_gui_list_box_refocus (f.list, 2, f.fallback);
  g_assert_true (focus_of (&f) == GTK_WIDGET (gtk_list_box_get_row_at_index (f.list, 2)));

  /* Fewer rows now: the last one. */
  g_assert_cmpint (cd_gui_list_box_clear (f.list), ==, 2);
  fill (f.list, 1);
  cd_gui_list_box_refocus (f.list, 2, f.fallback);
  g_assert_true (focus_of (&f) == GTK_WIDGET (gtk_list_box_get_row_at_index (f.list, 0)));

  /* None left: the fallback. */
  g_assert_cmpint (cd_gui_list_box_clear (f.list), ==, 0);
  cd_gui_list_box_refocus (f.list, 0, f.fallback);
  g_assert_true (focus_of (&f) == f.fallback);

  /* A hidden list gives the focus to nobody inside it. */
  fill (f.list, 2);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (f.list, 1))));
  g_assert_cmpint (cd_gui_list_box_clear (f.list), ==, 1);
  fill (f.list, 2);
  gtk_widget_set_visible (GTK_WIDGET (f.list), FALSE);
  cd_gui_list_box_refocus (f.list, 1, f.fallback);
  g_assert_true (focus_of (&f) == f.fallback);

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_ISOLATE_DIRS);
  g_test_add_func ("/gui-util/release-focus", test_release_focus);
  g_test_add_func ("/gui-util/clear-and-refocus", test_clear_and_refocus);
  return cd_gui_test_run ();
}
