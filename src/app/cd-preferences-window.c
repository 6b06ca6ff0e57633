/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdPreferencesWindow: the application's settings, bound to GSettings
 * (io.github.closuredesk.ClosureDesk) so every change applies at once. */

#include "config.h"

#define G_LOG_DOMAIN "cd-preferences"

#include <glib/gi18n.h>

#include "cd-dialogs-private.h"
#include "cd-gui-util.h"
#include "cd-preferences-window.h"

/* The idle-lock choices offered; the key accepts 0..240, so a value set
 * elsewhere (gsettings, an administrator's default) is added to the list
 * rather than shown as a wrong preset. */
static const guint lock_presets[] = { 0, 5, 10, 15, 30, 60 };

/* Report languages: the key's choices and how each names itself. */
static const char * const language_ids[] = { "zh_CN", "en" };

struct _CdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwComboRow          *language_row;
  AdwComboRow          *lock_row;
  GtkSpinButton        *shred_spin;

  /* owned */
  GSettings            *settings;
  GArray               *lock_values; /* guint, ascending */
};

G_DEFINE_FINAL_TYPE (CdPreferencesWindow, cd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static gboolean
lock_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  CdPreferencesWindow *self = user_data;
  guint minutes = g_variant_get_uint32 (variant);

  for (guint i = 0; i < self->lock_values->len; i++)
    if (g_array_index (self->lock_values, guint, i) == minutes)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
lock_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  CdPreferencesWindow *self = user_data;
  guint index = g_value_get_uint (value);

  if (index >= self->lock_values->len)
    return NULL;
  return g_variant_new_uint32 (g_array_index (self->lock_values, guint, index));
}

static gboolean
language_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (language_ids); i++)
    if (g_strcmp0 (id, language_ids[i]) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
language_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (language_ids))
    return NULL;
  return g_variant_new_string (language_ids[index]);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
setup_lock_row (CdPreferencesWindow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint current = g_settings_get_uint (self->settings, "idle-lock-minutes");
  gboolean found = FALSE;

  self->lock_values = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < G_N_ELEMENTS (lock_presets); i++)
    {
      g_array_append_val (self->lock_values, lock_presets[i]);
      found |= lock_presets[i] == current;
    }
  if (!found)
    {
      g_array_append_val (self->lock_values, current);
      g_array_sort (self->lock_values, compare_uint);
    }

  for (guint i = 0; i < self->lock_values->len; i++)
    {
      guint minutes = g_array_index (self->lock_values, guint, i);
      g_autofree char *label = NULL;

      if (minutes == 0)
        /* Translators: “Lock the case after: Never” */
        label = g_strdup (C_("idle lock", "Never"));
      else
        /* Translators: “Lock the case after: 5 minutes” */
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes),
                                 minutes);
      gtk_string_list_append (labels, label);
    }

  adw_combo_row_set_model (self->lock_row, G_LIST_MODEL (labels));
  g_settings_bind_with_mapping (self->settings, "idle-lock-minutes",
                                self->lock_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                lock_get_mapping, lock_set_mapping,
                                self, NULL);
}

static void
setup_language_row (CdPreferencesWindow *self)
{
  /* Each language is named in itself, as language pickers do, so a user
   * who cannot read the current UI language still finds theirs. */
  static const char * const language_names[] = { "中文", "English", NULL };
  g_autoptr(GtkStringList) labels = gtk_string_list_new (language_names);

  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (labels));
  g_settings_bind_with_mapping (self->settings, "default-report-language",
                                self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                language_get_mapping, language_set_mapping,
                                NULL, NULL);
}

static void
cd_preferences_window_dispose (GObject *object)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    {
      g_settings_unbind (self->lock_row, "selected");
      g_settings_unbind (self->language_row, "selected");
      g_settings_unbind (self->shred_spin, "value");
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cd_preferences_window_parent_class)->dispose (object);
}

static void
cd_preferences_window_finalize (GObject *object)
{
  CdPreferencesWindow *self = CD_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->lock_values, g_array_unref);

  G_OBJECT_CLASS (cd_preferences_window_parent_class)->finalize (object);
}

static void
cd_preferences_window_class_init (CdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_preferences_window_dispose;
  object_class->finalize = cd_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, lock_row);
  gtk_widget_class_bind_template_child (widget_class, CdPreferencesWindow, shred_spin);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_preferences_window_init (CdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = cd_gui_get_settings ();
  setup_lock_row (self);
  setup_language_row (self);
  g_settings_bind (self->settings, "shred-passes", self->shred_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
}

/**
 * cd_preferences_window_new:
 * @parent: (nullable): the window the preferences belong to
 *
 * Returns: (transfer floating): a new, modal #CdPreferencesWindow
 */
GtkWidget *
cd_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (CD_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}

/* -- test-only getters ---------------------------------------------------------- */

AdwComboRow *
cd_preferences_window_get_lock_row (CdPreferencesWindow *self)
{
  return self->lock_row;
}

AdwComboRow *
cd_preferences_window_get_language_row (CdPreferencesWindow *self)
{
  return self->language_row;
}
