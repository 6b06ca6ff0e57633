/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdWindow: the start view when no case is open, the lock screen, and the
 * workflow panes of an open case. The window owns the CdStore; panes get it
 * with set_store and lose it (views cleared) when the case locks or closes. */

#include "config.h"

#define G_LOG_DOMAIN "cd-window"

#include <glib/gi18n.h>

#include "cd-case-details-dialog.h"
#include "cd-gui-util.h"
#include "cd-inventory-page.h"
#include "cd-new-case-dialog.h"
#include "cd-notices-page.h"
#include "cd-redact-page.h"
#include "cd-report-page.h"
#include "cd-retention-page.h"
#include "cd-passphrase-dialog.h"
#include "cd-sensitivity-page.h"
#include "cd-unlock-dialog.h"
#include "cd-window.h"
#include "cd-window-private.h"

/* How often the idle timer looks at the time of the last input. */
#define IDLE_CHECK_SECONDS 15
#define MAX_RECENT_CASES   10

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkListBox           *recent_list;
  AdwPreferencesGroup  *recent_group;
  AdwWindowTitle       *case_title;
  AdwWindowTitle       *locked_title;
  AdwLeaflet           *leaflet;
  GtkListBox           *panes_list;
  GtkWidget            *case_menu_button;
  GtkListBoxRow        *inventory_row;
  GtkStack             *pane_stack;
  CdInventoryPage      *inventory_page;
  CdSensitivityPage    *sensitivity_page;
  CdNoticesPage        *notices_page;
  CdRedactPage         *redact_page;
  CdRetentionPage      *retention_page;
  CdReportPage         *report_page;

  /* owned */
  GSettings            *settings;
  CdStore              *store;
  gboolean              is_demo;
  gint64                last_activity;
  guint                 idle_source;
};

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

/* -- helpers -------------------------------------------------------------------- */

static void
update_actions (CdWindow *self)
{
  gboolean open = self->store != NULL;
  gboolean unlocked = open && !cd_store_is_locked (self->store);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.details", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.passwd", unlocked && !self->is_demo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.lock", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.unlock", open && !unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.close", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.show-pane", unlocked);
}

static char *
dates_subtitle (CdCaseInfo *info)
{
  g_autoptr(GString) text = g_string_new (cd_route_get_label (cd_case_info_get_route (info)));
  const char *announced = cd_case_info_get_announced (info);
  const char *planned = cd_case_info_get_planned_deregistration (info);

  if (announced != NULL)
    {
      g_autofree char *pretty = cd_gui_format_date (announced);
      g_string_append (text, " · ");
      /* Translators: %s is a date; shown in the window subtitle */
      g_string_append_printf (text, _("announced %s"), pretty);
    }
  if (planned != NULL)
    {
      g_autofree char *pretty = cd_gui_format_date (planned);
      g_string_append (text, " · ");
      /* Translators: %s is a date; shown in the window subtitle */
      g_string_append_printf (text, _("deregistration planned %s"), pretty);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
update_titles (CdWindow *self)
{
  g_autoptr(CdCaseInfo) info = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Closure Desk"));
      return;
    }

  info = cd_store_get_case_info (self->store, &error);
  if (info == NULL)
    return;

  if (self->is_demo)
    /* Translators: %s is the demo case's passphrase */
    subtitle = g_strdup_printf (_("Demo case · passphrase “%s”"), CD_DEMO_PASSPHRASE);
  else
    subtitle = dates_subtitle (info);

  /* Overdue disposal milestones are said in the header, on every pane. */
  if (!cd_store_is_locked (self->store))
    {
      g_autoptr(GPtrArray) milestones = NULL;
      GDate today;
      guint overdue = 0;

      cd_date_set_today (&today);
      milestones = cd_timeline_compute (self->store, &today, NULL);
      if (milestones != NULL)
        overdue = cd_timeline_count_overdue (milestones);
      if (overdue > 0)
        {
          g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 /* Translators: in the window subtitle */
                                                                 "%u disposal milestone overdue",
                                                                 "%u disposal milestones overdue",
                                                                 overdue), overdue);
          char *with_overdue = g_strdup_printf ("%s · ⚠ %s", subtitle, count);
          g_free (subtitle);
          subtitle = with_overdue;
        }
    }

  adw_window_title_set_title (self->case_title, cd_case_info_get_company_name (info));
  adw_window_title_set_subtitle (self->case_title, subtitle);
  adw_window_title_set_title (self->locked_title, cd_case_info_get_company_name (info));
  gtk_window_set_title (GTK_WINDOW (self), cd_case_info_get_company_name (info));
}

static void
show_view (CdWindow *self)
{
  if (self->store == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "start");
  else if (cd_store_is_locked (self->store))
    gtk_stack_set_visible_child_name (self->main_stack, "locked");
  else
    gtk_stack_set_visible_child_name (self->main_stack, "case");
  update_actions (self);
}

static void open_recent_row_activated_cb (CdWindow *self, AdwActionRow *row);

static void
refresh_recent (CdWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-cases");
  guint shown = 0;

  cd_gui_list_box_clear (self->recent_list);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *dir = NULL;
      GtkWidget *row;

      if (!g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
        continue;
      name = g_filename_display_basename (recent[i]);
      dir = g_path_get_dirname (recent[i]);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "cd-path", g_strdup (recent[i]), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (open_recent_row_activated_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), shown > 0);
}

static void
remember_recent (CdWindow   *self,
                 const char *path)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-cases");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_CASES; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-cases", (const char * const *) updated);
  refresh_recent (self);
}

static void
store_changed_cb (CdWindow *self,
                  CdStore  *store)
{
  update_titles (self);
}

static void
store_locked_cb (CdWindow   *self,
                 GParamSpec *pspec,
                 CdStore    *store)
{
  /* Views drop every decrypted value the moment the key is gone. */
  cd_inventory_page_set_store (self->inventory_page,
                               cd_store_is_locked (store) ? NULL : store);
  cd_sensitivity_page_set_store (self->sensitivity_page,
                                 cd_store_is_locked (store) ? NULL : store);
  cd_notices_page_set_store (self->notices_page,
                             cd_store_is_locked (store) ? NULL : store);
  cd_redact_page_set_store (self->redact_page,
                            cd_store_is_locked (store) ? NULL : store);
  cd_retention_page_set_store (self->retention_page,
                               cd_store_is_locked (store) ? NULL : store);
  cd_report_page_set_store (self->report_page,
                            cd_store_is_locked (store) ? NULL : store);
  update_titles (self);
  show_view (self);
}

/* -- idle lock ------------------------------------------------------------------ */

static void
note_activity (CdWindow *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
idle_check_cb (gpointer data)
{
  CdWindow *self = data;
  guint minutes = g_settings_get_uint (self->settings, "idle-lock-minutes");
  gint64 idle = g_get_monotonic_time () - self->last_activity;

  if (minutes > 0 && self->store != NULL && !cd_store_is_locked (self->store) &&
      idle >= (gint64) minutes * 60 * G_USEC_PER_SEC)
    {
      cd_window_lock (self);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The case was locked after a period of inactivity")));
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
key_pressed_cb (CdWindow              *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

static void
pointer_activity_cb (CdWindow *self)
{
  note_activity (self);
}

/* -- callbacks ------------------------------------------------------------------ */

static void
panes_list_row_activated_cb (CdWindow      *self,
                             GtkListBoxRow *row)
{
  gtk_stack_set_visible_child_name (self->pane_stack, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (CdWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
open_recent_row_activated_cb (CdWindow     *self,
                              AdwActionRow *row)
{
  const char *path = g_object_get_data (G_OBJECT (row), "cd-path");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  cd_window_open_file (self, file);
}

static void
unlocked_cb (CdWindow *self)
{
  note_activity (self);
  /* notify::locked already updated the views. */
  update_titles (self);
  show_view (self);
}

static void
case_created_cb (CdWindow *self,
                 CdStore  *store)
{
  cd_window_set_store (self, store, FALSE);
  remember_recent (self, cd_store_get_path (store));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Case created")));
}

static void
open_response_cb (CdWindow             *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      cd_window_open_file (self, file);
    }
  g_object_unref (chooser);
}

/* -- actions -------------------------------------------------------------------- */

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *dialog = cd_new_case_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "case-created", G_CALLBACK (case_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Case"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Closure cases"));
  gtk_file_filter_add_pattern (filter, "*" CD_STORE_FILE_EXTENSION);
  gtk_file_filter_add_mime_type (filter, "application/x-closure-desk-case");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cd_window_open_demo (CD_WINDOW (widget));
}

static void
details_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *dialog = cd_case_details_dialog_new (GTK_WINDOW (self), self->store);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
passwd_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *dialog = cd_passphrase_dialog_new (GTK_WINDOW (self), self->store);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cd_window_lock (CD_WINDOW (widget));
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkWidget *dialog = cd_unlock_dialog_new (GTK_WINDOW (self), self->store);

  g_signal_connect_object (dialog, "unlocked", G_CALLBACK (unlocked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  cd_window_set_store (CD_WINDOW (widget), NULL, FALSE);
}

/* Alt+1…6: the panes in the sidebar's order, for the keyboard. Focus goes
 * into the pane shown, so that Tab carries on from its first control and
 * not from a control of the pane that was hidden. */
static void
show_pane_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *pane = gtk_stack_get_child_by_name (self->pane_stack, name);

  if (pane == NULL)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->panes_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->panes_list, GTK_LIST_BOX_ROW (row));
  gtk_stack_set_visible_child (self->pane_stack, pane);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_child_focus (pane, GTK_DIR_TAB_FORWARD);
}

/* The sidebar's rows, named by their labels and activatable over AT-SPI. */
static void
expose_pane_rows (CdWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->panes_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child;
      GtkWidget *label = NULL;

      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      child = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      for (GtkWidget *w = child != NULL ? gtk_widget_get_first_child (child) : NULL; w != NULL;
           w = gtk_widget_get_next_sibling (w))
        if (GTK_IS_LABEL (w))
          label = w;
      cd_gui_expose_row (GTK_LIST_BOX_ROW (row), label);
    }
}

/* -- GObject -------------------------------------------------------------------- */

static void
save_window_state (CdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
cd_window_close_request (GtkWindow *window)
{
  CdWindow *self = CD_WINDOW (window);

  save_window_state (self);
  cd_window_set_store (self, NULL, FALSE);

  return GTK_WINDOW_CLASS (cd_window_parent_class)->close_request (window);
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      g_clear_object (&self->store);
    }
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_window_dispose;
  window_class->close_request = cd_window_close_request;

  g_type_ensure (CD_TYPE_INVENTORY_PAGE);
  g_type_ensure (CD_TYPE_SENSITIVITY_PAGE);
  g_type_ensure (CD_TYPE_NOTICES_PAGE);
  g_type_ensure (CD_TYPE_REDACT_PAGE);
  g_type_ensure (CD_TYPE_RETENTION_PAGE);
  g_type_ensure (CD_TYPE_REPORT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, case_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, inventory_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, inventory_row);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, locked_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, notices_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, redact_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, retention_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, report_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, pane_stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, panes_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, case_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, sensitivity_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, panes_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", NULL, open_case_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "case.details", NULL, details_action);
  gtk_widget_class_install_action (widget_class, "case.passwd", NULL, passwd_action);
  gtk_widget_class_install_action (widget_class, "case.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "case.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "case.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "case.show-pane", "s", show_pane_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "case.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "case.close", NULL);
  {
    static const char * const panes[] = {
      "inventory", "sensitivity", "notices", "redact", "retention", "report",
    };

    for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                           "case.show-pane", "s", panes[i]);
  }
}

static void
cd_window_init (CdWindow *self)
{
  GtkEventController *key, *click, *motion;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = cd_gui_get_settings ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Any input in the window counts as activity for the idle lock. */
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  click = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (click, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pointer_activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), click);
  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (pointer_activity_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  note_activity (self);
  self->idle_source = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_check_cb, self);

  expose_pane_rows (self);
  cd_gui_name_menu_button (self->case_menu_button, _("Case Menu"));
  gtk_list_box_select_row (self->panes_list, self->inventory_row);
  refresh_recent (self);
  show_view (self);
}

/* -- public API ----------------------------------------------------------------- */

CdWindow *
cd_window_new (AdwApplication *app)
{
  return g_object_new (CD_TYPE_WINDOW, "application", app, NULL);
}

/**
 * cd_window_set_store:
 * @store: (nullable): an open case, locked or not; %NULL closes the case
 * @is_demo: whether it is the demo case (its passphrase is shown)
 *
 * Shows @store in the window; the window keeps a reference and closes
 * the case (wiping its key) when another is set or the window closes.
 */
void
cd_window_set_store (CdWindow *self,
                     CdStore  *store,
                     gboolean  is_demo)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (store == NULL || CD_IS_STORE (store));

  if (self->store == store)
    return;

  cd_inventory_page_set_store (self->inventory_page, NULL);
  cd_sensitivity_page_set_store (self->sensitivity_page, NULL);
  cd_notices_page_set_store (self->notices_page, NULL);
  cd_redact_page_set_store (self->redact_page, NULL);
  cd_retention_page_set_store (self->retention_page, NULL);
  cd_report_page_set_store (self->report_page, NULL);
  /* Another case: the demo's files are no longer offered (cd_window_open_demo
   * offers them again after this). Locking and unlocking keep them. */
  cd_redact_page_set_extra_folder (self->redact_page, NULL);
  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->store, self);
      cd_store_close (self->store);
      g_clear_object (&self->store);
    }

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      self->is_demo = is_demo;
      g_signal_connect_object (store, "changed::case", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* Plans and passes change which milestones are overdue. */
      g_signal_connect_object (store, "changed::audit", G_CALLBACK (store_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::locked", G_CALLBACK (store_locked_cb), self,
                               G_CONNECT_SWAPPED);
      if (!cd_store_is_locked (store))
        {
          cd_inventory_page_set_store (self->inventory_page, store);
          cd_sensitivity_page_set_store (self->sensitivity_page, store);
          cd_notices_page_set_store (self->notices_page, store);
          cd_redact_page_set_store (self->redact_page, store);
          cd_retention_page_set_store (self->retention_page, store);
          cd_report_page_set_store (self->report_page, store);
        }
    }
  else
    self->is_demo = FALSE;

  note_activity (self);
  update_titles (self);
  show_view (self);
}

CdStore *
cd_window_get_store (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->store;
}

/**
 * cd_window_open_file:
 *
 * Opens a case file and asks for its passphrase. A file that cannot be
 * opened (not a case, damaged, newer, open elsewhere) gives an error
 * dialog and leaves the window as it was.
 */
void
cd_window_open_file (CdWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only case files on this computer can be opened"));
      cd_gui_show_error (GTK_WIDGET (self), _("Could not open the case"), error);
      return;
    }
  if (self->store != NULL && g_strcmp0 (cd_store_get_path (self->store), path) == 0)
    return;

  store = cd_store_open (path, &error);
  if (store == NULL)
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not open the case"), error);
      return;
    }

  cd_window_set_store (self, store, FALSE);
  remember_recent (self, path);
  gtk_widget_activate_action (GTK_WIDGET (self), "case.unlock", NULL);
}

/**
 * cd_window_open_demo:
 *
 * Opens the demo case, unlocked, creating it in the user data folder the
 * first time.
 */
void
cd_window_open_demo (CdWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "closure-desk", NULL);
  g_autofree char *path = g_build_filename (dir, "demo" CD_STORE_FILE_EXTENSION, NULL);

  g_return_if_fail (CD_IS_WINDOW (self));

  if (self->store != NULL && g_strcmp0 (cd_store_get_path (self->store), path) == 0)
    return;

  g_mkdir_with_parents (dir, 0700);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      store = cd_store_open (path, &error);
      if (store != NULL && !cd_store_unlock (store, CD_DEMO_PASSPHRASE, &error))
        g_clear_object (&store);
    }
  else
    {
      store = cd_demo_create (path, NULL, &error);
      /* Its custodians, vault and destruction records, with their files. */
      if (store != NULL)
        {
          g_autofree char *retention = g_build_filename (dir, "demo-retention", NULL);
          g_autoptr(GError) retention_error = NULL;

          if (g_file_test (retention, G_FILE_TEST_EXISTS) ||
              !cd_demo_add_retention (store, retention, &retention_error))
            g_warning ("The demo's retention stage was not added: %s",
                       retention_error != NULL ? retention_error->message : "its folder exists already");
        }
    }

  if (store == NULL)
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not open the demo case"), error);
      return;
    }

  /* Beside it, the made-up company's files, for Scan Folder… to find. */
  {
    g_autofree char *files = g_build_filename (dir, "demo-files", NULL);
    g_autoptr(GError) files_error = NULL;

    if (!g_file_test (files, G_FILE_TEST_IS_DIR) && !cd_demo_write_files (files, &files_error))
      g_warning ("The demo files could not be written: %s", files_error->message);
    cd_window_set_store (self, store, TRUE);
    /* The redaction pane offers their PDFs. */
    if (g_file_test (files, G_FILE_TEST_IS_DIR))
      cd_redact_page_set_extra_folder (self->redact_page, files);
  }
}

/**
 * cd_window_lock:
 *
 * Wipes the case key; every view drops its decrypted data.
 */
void
cd_window_lock (CdWindow *self)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  if (self->store != NULL)
    cd_store_lock (self->store);   /* notify::locked clears the views */
  show_view (self);
}

CdInventoryPage *
cd_window_get_inventory_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->inventory_page;
}

CdSensitivityPage *
cd_window_get_sensitivity_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->sensitivity_page;
}

CdNoticesPage *
cd_window_get_notices_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->notices_page;
}

CdRedactPage *
cd_window_get_redact_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->redact_page;
}

CdRetentionPage *
cd_window_get_retention_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->retention_page;
}

CdReportPage *
cd_window_get_report_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->report_page;
}

/**
 * cd_window_get_view_name:
 *
 * Returns: "start", "locked" or "case": what the window shows.
 */
const char *
cd_window_get_view_name (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/**
 * cd_window_get_pane_name:
 *
 * Returns: (nullable): the pane shown ("inventory", "sensitivity",
 *   "notices", "redact", "retention" or "report"), or %NULL when no case is
 *   open
 */
const char *
cd_window_get_pane_name (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  if (g_strcmp0 (cd_window_get_view_name (self), "case") != 0)
    return NULL;
  return gtk_stack_get_visible_child_name (self->pane_stack);
}

/**
 * cd_window_save_screenshot:
 *
 * Renders the window as it is on screen into a PNG, for documentation
 * and for looking at the GUI in tests.
 */
gboolean
cd_window_save_screenshot (CdWindow    *self,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window is not shown yet"));
      return FALSE;
    }

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window has nothing to draw yet"));
      return FALSE;
    }
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write the screenshot"));
      return FALSE;
    }
  return TRUE;
}
