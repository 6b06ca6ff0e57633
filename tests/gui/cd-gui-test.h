/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every GUI test needs, in one place: start-up (display, locale, the
 * app's stylesheet, private or isolated XDG dirs), waiting on the main loop,
 * typing and clicking the way a user can, finding what is shown, and
 * screenshots for people to look at. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/**
 * CdGuiTestFlags:
 * @CD_GUI_TEST_DEFAULT: the XDG dirs of the environment
 * @CD_GUI_TEST_ISOLATE_DIRS: %G_TEST_OPTION_ISOLATE_DIRS, empty XDG dirs for
 *   every test; cd_gui_test_begin() gives GIO the real MIME database back
 * @CD_GUI_TEST_PRIVATE_HOME: private XDG_{DATA,CONFIG,CACHE}_HOME for the
 *   whole program (removed by cd_gui_test_run()), the system dirs kept
 */
typedef enum
{
  CD_GUI_TEST_DEFAULT      = 0,
  CD_GUI_TEST_ISOLATE_DIRS = 1 << 0,
  CD_GUI_TEST_PRIVATE_HOME = 1 << 1,
} CdGuiTestFlags;

/* How many times longer every wait lasts: 4 under AddressSanitizer, which
 * makes layout and drawing several times slower (meson test -t 4 stretches
 * the tests' own timeouts as much), or CLOSURE_DESK_TEST_SLOWDOWN (valgrind:
 * build-aux/dev valgrind sets it). */
guint      cd_gui_test_slowdown           (void);
#define CD_GUI_TEST_SLOWDOWN (cd_gui_test_slowdown ())

/* How long waits on the main loop last before they give up. */
#define CD_GUI_TEST_TIMEOUT_SECONDS (5 * CD_GUI_TEST_SLOWDOWN)

typedef gboolean (*CdGuiTestCondition) (gpointer data);

void       cd_gui_test_init               (int                *argc,
                                           char             ***argv,
                                           CdGuiTestFlags      flags);
int        cd_gui_test_run                (void);
gboolean   cd_gui_test_have_display       (void);
gboolean   cd_gui_test_begin              (void);

gboolean   cd_gui_test_iterate            (void);
gboolean   cd_gui_test_iterate_before     (gint64              deadline);
gboolean   cd_gui_test_wait_for           (CdGuiTestCondition  condition,
                                           gpointer            data);
gboolean   cd_gui_test_wait_for_seconds   (CdGuiTestCondition  condition,
                                           gpointer            data,
                                           guint               seconds);
gboolean   cd_gui_test_pointer_is_null    (gpointer            data);
gboolean   cd_gui_test_elapsed            (gpointer            data);
void       cd_gui_test_settle             (guint               ms);

void       cd_gui_test_type_text          (gpointer            editable,
                                           const char         *text);
void       cd_gui_test_click              (gpointer            button);
gboolean   cd_gui_test_label_shows        (GtkLabel           *label);
gboolean   cd_gui_test_widget_shows_text  (GtkWidget          *widget,
                                           const char         *text);
GtkWindow *cd_gui_test_find_other_window  (GtkWindow          *window);
void       cd_gui_test_show_pane          (GtkWidget          *window,
                                           const char         *name);
GtkWidget *cd_gui_test_find_pane_row      (GtkWidget          *window,
                                           const char         *name);
void       cd_gui_test_track              (GtkWidget         **window);
void       cd_gui_test_destroy_if_alive   (GtkWidget         **window);

char      *cd_gui_test_screenshot_path    (const char         *what);
void       cd_gui_test_save_screenshot    (GtkWidget          *widget,
                                           const char         *what);
void       cd_gui_test_assert_png         (const char         *path);

/**
 * CdGuiTestAccel:
 * @view: the pane a shortcuts group is for, "" for the whole window
 * @keyval: the key, parsed
 * @mods: its modifiers
 * @accel: the accelerator as written
 *
 * One accelerator the shortcuts window lists.
 */
typedef struct
{
  char            *view;
  guint            keyval;
  GdkModifierType  mods;
  char            *accel;
} CdGuiTestAccel;

GPtrArray *cd_gui_test_list_overlay_accels (GtkBuilder        *builder);

/**
 * CD_GUI_TEST_WAIT_UNTIL:
 * @cond: an expression, evaluated again after every main loop iteration
 *
 * Runs the main loop until @cond is true, and fails the test if it is not
 * within %CD_GUI_TEST_TIMEOUT_SECONDS.
 */
#define CD_GUI_TEST_WAIT_UNTIL(cond)                                                   \
  G_STMT_START {                                                                       \
    gint64 cd_gui_test_deadline_ = g_get_monotonic_time ()                             \
                                   + CD_GUI_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;     \
    while (!(cond) && cd_gui_test_iterate_before (cd_gui_test_deadline_))             \
      {                                                                                \
      }                                                                                \
    g_assert_true (cond);                                                              \
  } G_STMT_END

G_END_DECLS
