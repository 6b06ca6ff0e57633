/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdNewCaseDialog: asks for the dissolving company's details, a passphrase
 * and where to save, then creates the encrypted case file.
 *
 * This file also holds what the case dialogs share (declared in
 * cd-dialogs-private.h): the case-info form, which the case-details dialog
 * reuses so that both validate the same way, and the passphrase strength
 * hint, which the passphrase dialog reuses. */

#include "config.h"

#define G_LOG_DOMAIN "cd-new-case"

#include <string.h>
#include <glib/gi18n.h>

#include "cd-dialogs-private.h"
#include "cd-gui-util.h"
#include "cd-new-case-dialog.h"

/* -- Case-info form ------------------------------------------------------------ */

static void
form_changed_cb (CdCaseForm *form)
{
  /* An error from the last Create/Save no longer describes what is shown. */
  gtk_widget_set_visible (GTK_WIDGET (form->error_label), FALSE);
  if (form->changed_func != NULL)
    form->changed_func (form->changed_data);
}

static AdwEntryRow *
form_add_entry_row (CdCaseForm          *form,
                    AdwPreferencesGroup *group,
                    const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  /* Titles have a mnemonic: Alt+letter goes to the field. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (form_changed_cb), form);
  return ADW_ENTRY_ROW (row);
}

static GtkLabel *
form_add_error_label (GtkWidget *group)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  if (group != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  return GTK_LABEL (label);
}

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          AdwEntryRow *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), iso);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_popover_show_cb (GtkPopover  *popover,
                          AdwEntryRow *row)
{
  GtkCalendar *calendar = GTK_CALENDAR (gtk_popover_get_child (popover));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GDateTime) date = NULL;

  /* Open the calendar on the date already typed, so a small correction is
   * one click. */
  if (cd_date_is_valid (text))
    {
      int y = 0, m = 0, d = 0;

      if (sscanf (text, "%d-%d-%d", &y, &m, &d) == 3)
        date = g_date_time_new_local (y, m, d, 0, 0, 0);
    }
  if (date == NULL)
    date = g_date_time_new_now_local ();

  g_signal_handlers_block_by_func (calendar, calendar_day_selected_cb, row);
  gtk_calendar_select_day (calendar, date);
  g_signal_handlers_unblock_by_func (calendar, calendar_day_selected_cb, row);
}

/* A date is an entry accepting YYYY-MM-DD (keyboard first) with a calendar
 * popover beside it. */
static AdwEntryRow *
form_add_date_row (CdCaseForm          *form,
                   AdwPreferencesGroup *group,
                   const char          *title,
                   const char          *mnemonic_title)
{
  AdwEntryRow *row = form_add_entry_row (form, group, mnemonic_title);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();
  g_autofree char *tooltip = NULL;

  /* Translators: tooltip of the calendar button beside a date; %s is the
   * date's name, e.g. “Public announcement” */
  tooltip = g_strdup_printf (_("Pick the %s date from a calendar"), title);

  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  adw_entry_row_add_suffix (row, button);

  g_signal_connect (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), row);
  g_signal_connect (popover, "show", G_CALLBACK (calendar_popover_show_cb), row);
  return row;
}

/**
 * cd_case_form_new:
 * @changed_func: (nullable): called after any field changed
 *
 * Builds the form for a case's metadata: company, credit code (checked as
 * typed), route, consultant and the three key dates (checked for form and
 * statutory order as typed).
 *
 * Returns: (transfer full): the form; add @form->widget to a container and
 *   free the struct with cd_case_form_free() when the dialog goes away.
 */
CdCaseForm *
cd_case_form_new (CdCaseFormChangedFunc changed_func,
                  gpointer              user_data)
{
  CdCaseForm *form = g_new0 (CdCaseForm, 1);
  g_autoptr(GtkStringList) routes = gtk_string_list_new (NULL);
  GtkWidget *group;

  form->changed_func = changed_func;
  form->changed_data = user_data;

  form->widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);

  /* Errors reported by the core on Create/Save that belong to no one field. */
  form->error_label = form_add_error_label (NULL);
  gtk_box_append (GTK_BOX (form->widget), GTK_WIDGET (form->error_label));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Company"));
  form->company_row = form_add_entry_row (form, ADW_PREFERENCES_GROUP (group), _("Company _name"));
  form->address_row = form_add_entry_row (form, ADW_PREFERENCES_GROUP (group), _("Re_gistered address"));
  /* Translators: 统一社会信用代码, the 18-character company registration number */
  form->uscc_row = form_add_entry_row (form, ADW_PREFERENCES_GROUP (group), _("_Unified social credit code"));
  form->uscc_error_label = form_add_error_label (group);
  gtk_box_append (GTK_BOX (form->widget), group);

  group = adw_preferences_group_new ();
  /* Translators: the company's deregistration (注销), not a user account */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Deregistration"));
  for (CdRoute route = CD_ROUTE_GENERAL; route <= CD_ROUTE_SIMPLIFIED; route++)
    gtk_string_list_append (routes, cd_route_get_label (route));
  form->route_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->route_row), _("R_oute"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (form->route_row), TRUE);
  adw_combo_row_set_model (form->route_row, G_LIST_MODEL (routes));
  g_signal_connect_swapped (form->route_row, "notify::selected", G_CALLBACK (form_changed_cb), form);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (form->route_row));
  /* Translators: the corporate-service consultant handling the case */
  form->consultant_row = form_add_entry_row (form, ADW_PREFERENCES_GROUP (group), _("Consul_tant"));
  gtk_box_append (GTK_BOX (form->widget), group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Key Dates"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Type dates as YYYY-MM-DD or pick them; leave a date "
                                           "empty until it is known."));
  /* Translators: the date the liquidation group (清算组) was filed (备案) */
  form->group_filed_row = form_add_date_row (form, ADW_PREFERENCES_GROUP (group), _("Liquidation group filed"),
                                             _("_Liquidation group filed"));
  /* Translators: the date of the public dissolution announcement (公告) */
  form->announced_row = form_add_date_row (form, ADW_PREFERENCES_GROUP (group), _("Public announcement"),
                                           _("Pu_blic announcement"));
  form->planned_row = form_add_date_row (form, ADW_PREFERENCES_GROUP (group), _("Planned deregistration"),
                                         _("Planned _deregistration"));
  form->dates_error_label = form_add_error_label (group);
  gtk_box_append (GTK_BOX (form->widget), group);

  return form;
}

void
cd_case_form_free (CdCaseForm *form)
{
  /* The widgets belong to the widget tree. */
  g_free (form);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
cd_case_form_set_info (CdCaseForm *form,
                       CdCaseInfo *info)
{
  set_row_text (form->company_row, cd_case_info_get_company_name (info));
  set_row_text (form->address_row, cd_case_info_get_address (info));
  set_row_text (form->uscc_row, cd_case_info_get_uscc (info));
  adw_combo_row_set_selected (form->route_row, cd_case_info_get_route (info));
  set_row_text (form->consultant_row, cd_case_info_get_consultant (info));
  set_row_text (form->group_filed_row, cd_case_info_get_group_filed (info));
  set_row_text (form->announced_row, cd_case_info_get_announced (info));
  set_row_text (form->planned_row, cd_case_info_get_planned_deregistration (info));
}

/* Returns: (transfer full) (nullable): the stripped text, %NULL when empty. */
static char *
row_get_value (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/**
 * cd_case_form_fill_info:
 *
 * Copies the fields into @info, empty fields as %NULL.
 */
void
cd_case_form_fill_info (CdCaseForm *form,
                        CdCaseInfo *info)
{
  g_autofree char *company = row_get_value (form->company_row);
  g_autofree char *address = row_get_value (form->address_row);
  g_autofree char *uscc = row_get_value (form->uscc_row);
  g_autofree char *consultant = row_get_value (form->consultant_row);
  g_autofree char *group_filed = row_get_value (form->group_filed_row);
  g_autofree char *announced = row_get_value (form->announced_row);
  g_autofree char *planned = row_get_value (form->planned_row);
  guint route = adw_combo_row_get_selected (form->route_row);

  cd_case_info_set_company_name (info, company);
  cd_case_info_set_address (info, address);
  cd_case_info_set_uscc (info, uscc);
  cd_case_info_set_route (info, route == CD_ROUTE_SIMPLIFIED ? CD_ROUTE_SIMPLIFIED : CD_ROUTE_GENERAL);
  cd_case_info_set_consultant (info, consultant);
  cd_case_info_set_group_filed (info, group_filed);
  cd_case_info_set_announced (info, announced);
  cd_case_info_set_planned_deregistration (info, planned);
}

static void
show_label (GtkLabel   *label,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
set_row_error (gpointer row,
               gboolean error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Checks one date row's form; marks it. */
static gboolean
check_date_row (AdwEntryRow *row)
{
  g_autofree char *value = row_get_value (row);
  gboolean ok = value == NULL || cd_date_is_valid (value);

  set_row_error (row, !ok);
  return ok;
}

/**
 * cd_case_form_check:
 *
 * Validates what can be checked while typing and shows the problems under
 * their fields. An empty company name is not reported (the user has not got
 * there yet) but makes the form incomplete.
 *
 * Returns: whether the form is complete and valid.
 */
gboolean
cd_case_form_check (CdCaseForm *form)
{
  g_autofree char *company = row_get_value (form->company_row);
  g_autofree char *uscc = row_get_value (form->uscc_row);
  g_autoptr(GError) uscc_error = NULL;
  gboolean dates_ok = TRUE;
  gboolean uscc_ok;

  uscc_ok = uscc == NULL || cd_ident_check_uscc (uscc, NULL, &uscc_error);
  set_row_error (form->uscc_row, !uscc_ok);
  show_label (form->uscc_error_label, uscc_ok ? NULL : uscc_error->message);

  /* No short-circuit: every malformed date gets its mark. */
  dates_ok &= check_date_row (form->group_filed_row);
  dates_ok &= check_date_row (form->announced_row);
  dates_ok &= check_date_row (form->planned_row);

  if (!dates_ok)
    {
      show_label (form->dates_error_label, _("Enter dates as YYYY-MM-DD, for example 2025-03-01."));
    }
  else
    {
      /* The statutory order is the core's rule: ask it, on the dates alone. */
      g_autoptr(CdCaseInfo) dates = cd_case_info_new ();
      g_autoptr(GError) error = NULL;

      cd_case_form_fill_info (form, dates);
      cd_case_info_set_company_name (dates, "-");
      cd_case_info_set_uscc (dates, NULL);
      dates_ok = cd_case_info_validate (dates, &error);
      show_label (form->dates_error_label, dates_ok ? NULL : error->message);
    }

  return company != NULL && uscc_ok && dates_ok;
}

/* Whether @info validates once the fields named by @clear are dropped. */
static gboolean
validates_without (CdCaseInfo *info,
                   gboolean    clear_dates,
                   gboolean    clear_uscc)
{
  g_autoptr(CdCaseInfo) copy = cd_case_info_copy (info);

  if (clear_dates)
    {
      cd_case_info_set_group_filed (copy, NULL);
      cd_case_info_set_announced (copy, NULL);
      cd_case_info_set_planned_deregistration (copy, NULL);
    }
  if (clear_uscc)
    cd_case_info_set_uscc (copy, NULL);
  return cd_case_info_validate (copy, NULL);
}

/**
 * cd_case_form_show_error:
 * @info: (nullable): the values that failed, to find the field at fault
 *
 * Shows an error from cd_case_info_validate() or the store next to the
 * field it is about, or above the form.
 */
void
cd_case_form_show_error (CdCaseForm   *form,
                         CdCaseInfo   *info,
                         const GError *error)
{
  GtkLabel *label = form->error_label;
  GtkWidget *scroller;

  if (info != NULL && g_error_matches (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID))
    {
      if (validates_without (info, TRUE, FALSE))
        label = form->dates_error_label;
      else if (validates_without (info, FALSE, TRUE))
        {
          label = form->uscc_error_label;
          set_row_error (form->uscc_row, TRUE);
        }
      else if (!validates_without (info, TRUE, TRUE))
        {
          g_autofree char *company = row_get_value (form->company_row);

          if (company == NULL)
            set_row_error (form->company_row, TRUE);
        }
    }

  show_label (label, error->message);

  if (label == form->error_label)
    {
      scroller = gtk_widget_get_ancestor (form->widget, GTK_TYPE_SCROLLED_WINDOW);
      if (scroller != NULL)
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
    }
}

/* -- Passphrase strength --------------------------------------------------------- */

/**
 * cd_passphrase_get_strength:
 *
 * A rough, offline estimate to nudge users away from short passphrases:
 * the length and how many kinds of characters (lower case, upper case,
 * digits, other ASCII, non-ASCII such as Chinese) are used. Argon2id slows
 * guessing down, it does not make “12345678” safe.
 */
CdPassphraseStrength
cd_passphrase_get_strength (const char *passphrase)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE, wide = FALSE;
  glong n_chars;
  int classes;
  int score;

  if (passphrase == NULL || *passphrase == '\0')
    return CD_PASSPHRASE_EMPTY;

  n_chars = g_utf8_strlen (passphrase, -1);
  if (n_chars < CD_PASSPHRASE_MIN_CHARS)
    return CD_PASSPHRASE_TOO_SHORT;

  for (const char *p = passphrase; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x80)
        wide = TRUE;
      else if (g_ascii_islower (c))
        lower = TRUE;
      else if (g_ascii_isupper (c))
        upper = TRUE;
      else if (g_ascii_isdigit (c))
        digit = TRUE;
      else
        other = TRUE;
    }

  classes = lower + upper + digit + other + wide;
  score = (n_chars >= 12) + (n_chars >= 16) + (classes >= 2) + (classes >= 3);
  if (score >= 3)
    return CD_PASSPHRASE_STRONG;
  if (score == 2)
    return CD_PASSPHRASE_FAIR;
  return CD_PASSPHRASE_WEAK;
}

/**
 * cd_passphrase_hint_update:
 *
 * Shows the strength of @passphrase_row's text and whether @repeat_row
 * matches it.
 *
 * Returns: whether the passphrase is long enough and repeated correctly.
 */
gboolean
cd_passphrase_hint_update (GtkLevelBar *level_bar,
                           GtkLabel    *label,
                           GtkEditable *passphrase_row,
                           GtkEditable *repeat_row)
{
  const char *passphrase = gtk_editable_get_text (passphrase_row);
  const char *repeat = gtk_editable_get_text (repeat_row);
  CdPassphraseStrength strength = cd_passphrase_get_strength (passphrase);
  gboolean mismatch = *repeat != '\0' && strcmp (passphrase, repeat) != 0;
  g_autofree char *text = NULL;
  gboolean problem = FALSE;
  double level = 0;

  switch (strength)
    {
    case CD_PASSPHRASE_EMPTY:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Use at least %d character; longer is stronger.",
                                           "Use at least %d characters; longer is stronger.",
                                           CD_PASSPHRASE_MIN_CHARS),
                              CD_PASSPHRASE_MIN_CHARS);
      break;
    case CD_PASSPHRASE_TOO_SHORT:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Too short: use at least %d character.",
                                           "Too short: use at least %d characters.",
                                           CD_PASSPHRASE_MIN_CHARS),
                              CD_PASSPHRASE_MIN_CHARS);
      problem = TRUE;
      break;
    case CD_PASSPHRASE_WEAK:
      /* Translators: passphrase strength */
      text = g_strdup (_("Weak: make it longer or mix letters, digits and symbols."));
      level = 1;
      break;
    case CD_PASSPHRASE_FAIR:
      /* Translators: passphrase strength */
      text = g_strdup (_("Fair: a few more characters make it strong."));
      level = 2;
      break;
    case CD_PASSPHRASE_STRONG:
    default:
      /* Translators: passphrase strength */
      text = g_strdup (_("Strong."));
      level = 3;
      break;
    }

  if (mismatch)
    {
      g_free (text);
      text = g_strdup (_("The passphrases do not match."));
      problem = TRUE;
    }

  gtk_level_bar_set_value (level_bar, level);
  gtk_label_set_text (label, text);
  set_row_error (label, problem);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  set_row_error (passphrase_row, strength == CD_PASSPHRASE_TOO_SHORT);
  set_row_error (repeat_row, mismatch);

  return strength >= CD_PASSPHRASE_WEAK && strcmp (passphrase, repeat) == 0;
}

/* Shared by the dialogs: a discrete bar of three steps. */
void
cd_passphrase_level_bar_setup (GtkLevelBar *bar)
{
  gtk_level_bar_set_min_value (bar, 0);
  gtk_level_bar_set_max_value (bar, 3);
  gtk_level_bar_set_mode (bar, GTK_LEVEL_BAR_MODE_DISCRETE);
  gtk_level_bar_add_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW, 1);
  gtk_level_bar_add_offset_value (bar, GTK_LEVEL_BAR_OFFSET_HIGH, 2);
  gtk_level_bar_add_offset_value (bar, GTK_LEVEL_BAR_OFFSET_FULL, 3);
}

/**
 * cd_dialog_set_busy:
 *
 * While a key is derived in a thread: @content insensitive, @spinner on.
 */
void
cd_dialog_set_busy (GtkWidget  *content,
                    GtkSpinner *spinner,
                    gboolean    busy)
{
  GtkRoot *root = gtk_widget_get_root (content);

  /* Take the focus off the entries first: a focused GtkText that turns
   * insensitive gets no focus-out and warns from its cursor blink. */
  if (busy && root != NULL)
    gtk_root_set_focus (root, NULL);
  gtk_widget_set_sensitive (content, !busy);
  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_spinner_set_spinning (spinner, busy);
}

/* -- CdNewCaseDialog ----------------------------------------------------------- */

struct _CdNewCaseDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkButton            *cancel_button;
  GtkButton            *create_button;
  AdwActionRow         *file_row;
  GtkBox               *form_box;
  AdwPasswordEntryRow  *passphrase_row;
  AdwPasswordEntryRow  *repeat_row;
  GtkWidget            *scroller;
  GtkSpinner           *spinner;
  GtkLevelBar          *strength_bar;
  GtkLabel             *strength_label;

  /* owned */
  CdCaseForm           *form;
  char                 *path;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (CdNewCaseDialog, cd_new_case_dialog, ADW_TYPE_WINDOW)

enum {
  CASE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char       *path;
  char       *passphrase; /* libsodium secure memory */
  CdCaseInfo *info;
  char       *actor;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->path);
  cd_crypto_secure_free (data->passphrase);
  g_clear_object (&data->info);
  g_free (data->actor);
  g_free (data);
}

static void
update_sensitivity (CdNewCaseDialog *self)
{
  gboolean form_ok = cd_case_form_check (self->form);
  gboolean passphrase_ok = cd_passphrase_hint_update (self->strength_bar, self->strength_label,
                                                      GTK_EDITABLE (self->passphrase_row),
                                                      GTK_EDITABLE (self->repeat_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            !self->busy && form_ok && passphrase_ok && self->path != NULL);
}

static void
set_busy (CdNewCaseDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  cd_dialog_set_busy (self->scroller, self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  update_sensitivity (self);
}

static void
passphrase_changed_cb (CdNewCaseDialog *self)
{
  update_sensitivity (self);
}

static void
form_changed (gpointer user_data)
{
  update_sensitivity (CD_NEW_CASE_DIALOG (user_data));
}

static const char *
default_actor (const char *consultant)
{
  const char *real_name = g_get_real_name ();

  if (consultant != NULL && *consultant != '\0')
    return consultant;
  if (real_name != NULL && *real_name != '\0' && strcmp (real_name, "Unknown") != 0)
    return real_name;
  return g_get_user_name ();
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;
  CdStore *store;

  store = cd_store_create (data->path, data->passphrase, NULL, data->info, data->actor, &error);
  /* The key is derived: the passphrase is not needed any longer. */
  g_clear_pointer (&data->passphrase, cd_crypto_secure_free);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
create_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdNewCaseDialog *self = CD_NEW_CASE_DIALOG (source_object);
  CreateData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the dialog is gone */

  set_busy (self, FALSE);

  if (store == NULL)
    {
      cd_case_form_show_error (self->form, data->info, error);
      return;
    }

  /* Created on a worker: its signals belong on this thread from now on. */
  cd_store_adopt (store);
  g_signal_emit (self, signals[CASE_CREATED], 0, store);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_clicked_cb (CdNewCaseDialog *self)
{
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  if (self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;

  cd_case_form_fill_info (self->form, info);
  if (!cd_case_info_validate (info, &error))
    {
      cd_case_form_show_error (self->form, info, error);
      gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
      return;
    }

  data = g_new0 (CreateData, 1);
  data->path = g_strdup (self->path);
  data->passphrase = cd_crypto_secure_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  data->actor = g_strdup (default_actor (cd_case_info_get_consultant (info)));
  data->info = g_steal_pointer (&info);

  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, create_done_cb, NULL);
  g_task_set_source_tag (task, create_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

static char *
default_file_name (CdNewCaseDialog *self)
{
  g_autofree char *company = row_get_value (self->form->company_row);
  GString *name;

  /* Translators: file name of a new case when no company name is given yet */
  name = g_string_new (company != NULL ? company : _("New case"));
  /* A company name is data, not a path. */
  g_strdelimit (name->str, "/\\:", '_');
  g_string_append (name, CD_STORE_FILE_EXTENSION);
  return g_string_free (name, FALSE);
}

static void
chooser_response_cb (CdNewCaseDialog      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        cd_new_case_dialog_set_path (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (CdNewCaseDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Case File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Closure cases"));
  gtk_file_filter_add_pattern (filter, "*" CD_STORE_FILE_EXTENSION);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  if (self->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->path);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  else
    {
      /* Documents/ClosureDesk: the one folder the Flatpak may write to
       * directly (a case cannot live behind the document portal). */
      const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
      g_autofree char *cases = documents != NULL ? g_build_filename (documents, "ClosureDesk", NULL)
                                                 : NULL;

      if (cases != NULL && g_mkdir_with_parents (cases, 0700) == 0)
        {
          g_autoptr(GFile) folder = g_file_new_for_path (cases);

          gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
        }
      name = default_file_name (self);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
cd_new_case_dialog_close_request (GtkWindow *window)
{
  CdNewCaseDialog *self = CD_NEW_CASE_DIALOG (window);

  /* Closing while the file is written would leave its fate unclear. */
  if (self->busy)
    return TRUE;

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->repeat_row), "");

  return GTK_WINDOW_CLASS (cd_new_case_dialog_parent_class)->close_request (window);
}

static void
cd_new_case_dialog_dispose (GObject *object)
{
  CdNewCaseDialog *self = CD_NEW_CASE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_NEW_CASE_DIALOG);

  G_OBJECT_CLASS (cd_new_case_dialog_parent_class)->dispose (object);
}

static void
cd_new_case_dialog_finalize (GObject *object)
{
  CdNewCaseDialog *self = CD_NEW_CASE_DIALOG (object);

  g_clear_pointer (&self->form, cd_case_form_free);
  g_clear_object (&self->cancellable);
  g_free (self->path);

  G_OBJECT_CLASS (cd_new_case_dialog_parent_class)->finalize (object);
}

static void
cd_new_case_dialog_class_init (CdNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_new_case_dialog_dispose;
  object_class->finalize = cd_new_case_dialog_finalize;
  window_class->close_request = cd_new_case_dialog_close_request;

  /**
   * CdNewCaseDialog::case-created:
   * @store: the new case, unlocked
   */
  signals[CASE_CREATED] =
    g_signal_new ("case-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_STORE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, form_box);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, scroller);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, CdNewCaseDialog, strength_label);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_new_case_dialog_init (CdNewCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->form = cd_case_form_new (form_changed, self);
  gtk_box_append (self->form_box, self->form->widget);
  cd_passphrase_level_bar_setup (self->strength_bar);
  update_sensitivity (self);
}

/**
 * cd_new_case_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 *
 * Returns: (transfer floating): a new, modal #CdNewCaseDialog
 */
GtkWidget *
cd_new_case_dialog_new (GtkWindow *parent)
{
  return g_object_new (CD_TYPE_NEW_CASE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}

/**
 * cd_new_case_dialog_set_path:
 * @path: (nullable): where to create the case; “.closurecase” is added when
 *   missing
 */
void
cd_new_case_dialog_set_path (CdNewCaseDialog *self,
                             const char      *path)
{
  g_autofree char *display = NULL;

  g_return_if_fail (CD_IS_NEW_CASE_DIALOG (self));

  g_clear_pointer (&self->path, g_free);
  if (path != NULL && *path != '\0')
    {
      if (g_str_has_suffix (path, CD_STORE_FILE_EXTENSION))
        self->path = g_strdup (path);
      else
        self->path = g_strconcat (path, CD_STORE_FILE_EXTENSION, NULL);
    }

  if (self->path != NULL)
    display = g_filename_display_name (self->path);
  adw_action_row_set_subtitle (self->file_row,
                               display != NULL ? display : _("Not chosen yet"));
  update_sensitivity (self);
}

/* -- test-only getters ---------------------------------------------------------- */

CdCaseForm *
cd_new_case_dialog_get_form (CdNewCaseDialog *self)
{
  return self->form;
}

AdwEntryRow *
cd_new_case_dialog_get_passphrase_row (CdNewCaseDialog *self)
{
  return ADW_ENTRY_ROW (self->passphrase_row);
}

AdwEntryRow *
cd_new_case_dialog_get_repeat_row (CdNewCaseDialog *self)
{
  return ADW_ENTRY_ROW (self->repeat_row);
}

GtkLabel *
cd_new_case_dialog_get_strength_label (CdNewCaseDialog *self)
{
  return self->strength_label;
}

GtkButton *
cd_new_case_dialog_get_create_button (CdNewCaseDialog *self)
{
  return self->create_button;
}

gboolean
cd_new_case_dialog_get_busy (CdNewCaseDialog *self)
{
  return self->busy;
}
