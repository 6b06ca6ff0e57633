/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdApplication: app-wide actions (preferences, about, quit), the command
 * line (case files to open, --demo, --screenshot) and one window per case. */

#include "config.h"

#define G_LOG_DOMAIN "cd-application"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-help-window.h"
#include "cd-preferences-window.h"
#include "cd-window.h"

struct _CdApplication
{
  AdwApplication  parent_instance;

  gboolean        demo;
  char           *screenshot;
  char           *pane;
};

G_DEFINE_FINAL_TYPE (CdApplication, cd_application, ADW_TYPE_APPLICATION)

static CdWindow *
new_window (CdApplication *self)
{
  return cd_window_new (ADW_APPLICATION (self));
}

/* An empty window (start view) is reused before a new one is made. */
static CdWindow *
get_empty_window (CdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (CD_IS_WINDOW (l->data) && cd_window_get_store (l->data) == NULL)
      return l->data;
  return new_window (self);
}

/* Saves the window right after it has painted a frame, when the last
 * frame's drawing is there to save (in between, a queued redraw drops it). */
static void
screenshot_after_paint_cb (GdkFrameClock *clock,
                           gpointer       data)
{
  CdApplication *self = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GError) error = NULL;

  g_signal_handlers_disconnect_by_func (clock, screenshot_after_paint_cb, self);
  if (window != NULL && !cd_window_save_screenshot (CD_WINDOW (window), self->screenshot, &error))
    g_printerr ("closure-desk: %s\n", error->message);
  g_application_quit (G_APPLICATION (self));
}

static gboolean
screenshot_cb (gpointer data)
{
  CdApplication *self = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GdkFrameClock *clock = window != NULL ? gtk_widget_get_frame_clock (GTK_WIDGET (window)) : NULL;

  if (clock == NULL)
    {
      g_printerr ("closure-desk: %s\n", _("The window is not shown yet"));
      g_application_quit (G_APPLICATION (self));
      return G_SOURCE_REMOVE;
    }
  g_signal_connect (clock, "after-paint", G_CALLBACK (screenshot_after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  return G_SOURCE_REMOVE;
}

/* --pane NAME: opens a pane as Alt+1…6 would, sidebar row and all, for
 * the screenshots of the user guide. */
static void
show_pane (CdApplication *self,
           CdWindow      *window)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (window), "case.show-pane", "s", self->pane))
    g_printerr ("closure-desk: cannot show the pane %s\n", self->pane);
}

static void
present (CdApplication *self,
         CdWindow      *window)
{
  gtk_window_present (GTK_WINDOW (window));
  if (self->pane != NULL)
    show_pane (self, window);

  /* --screenshot: give the window a moment to lay out and draw, then save
   * it and quit (documentation and visual checks). A pane may still be
   * reading the case (the report is built in a thread): more time. */
  if (self->screenshot != NULL)
    g_timeout_add (self->pane != NULL ? 5000 : 1500, screenshot_cb, self);
}

static void
cd_application_activate (GApplication *app)
{
  CdApplication *self = CD_APPLICATION (app);
  CdWindow *window = CD_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  if (window == NULL || self->demo)
    window = get_empty_window (self);
  if (self->demo)
    cd_window_open_demo (window);
  self->demo = FALSE;
  present (self, window);
}

static void
cd_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  CdApplication *self = CD_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      CdWindow *window = get_empty_window (self);

      present (self, window);
      cd_window_open_file (window, files[i]);
    }
}

static int
cd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  CdApplication *self = CD_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("closure-desk %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (options, "pane", "s", &self->pane);
  return -1;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));
  GtkWidget *window = cd_preferences_window_new (parent);

  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       data)
{
  static const char *developers[] = { "The Closure Desk developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));

  adw_show_about_window (parent,
                         "application-name", _("Closure Desk"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Closure Desk developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Dispose of customers’ personal information when a company "
                                       "is dissolved, and prove it."),
                         "website", "https://github.com/closuredesk/closure-desk",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: put your names here */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));
  CdHelpWindow *help = cd_help_window_new (parent);
  const char *pane = CD_IS_WINDOW (parent) ? cd_window_get_pane_name (CD_WINDOW (parent)) : NULL;
  g_auto(GStrv) topics = cd_help_window_get_topic_names ();

  /* In a case, the guide opens at the pane the user is in. */
  if (pane != NULL && g_strv_contains ((const char * const *) topics, pane))
    cd_help_window_set_topic (help, pane);
  gtk_window_present (GTK_WINDOW (help));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       data)
{
  gtk_window_present (GTK_WINDOW (new_window (CD_APPLICATION (data))));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  /* Closing each window closes its case and wipes its key. */
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (data)));

  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "help", help_action },
  { "new-window", new_window_action },
  { "quit", quit_action },
};

static void
cd_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *window_accels[] = { "<Control><Shift>n", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (cd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.new-window", window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.help", help_accels);
}

static void
cd_application_finalize (GObject *object)
{
  CdApplication *self = CD_APPLICATION (object);

  g_free (self->screenshot);
  g_free (self->pane);

  G_OBJECT_CLASS (cd_application_parent_class)->finalize (object);
}

static void
cd_application_class_init (CdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cd_application_finalize;
  app_class->activate = cd_application_activate;
  app_class->open = cd_application_open;
  app_class->startup = cd_application_startup;
  app_class->handle_local_options = cd_application_handle_local_options;
}

static void
cd_application_init (CdApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the demo case"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
      "Save a PNG of the window after start-up and quit", "FILE" },
    { "pane", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, NULL,
      "Show this pane of the case (inventory, sensitivity, notices, redact, retention, report)",
      "NAME" },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[CASE…]"));
}

CdApplication *
cd_application_new (void)
{
  /* NON_UNIQUE: a second instance opening another case must not hand its
   * files to a process that holds other cases' keys. */
  return g_object_new (CD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}
