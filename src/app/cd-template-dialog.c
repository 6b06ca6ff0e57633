/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdTemplateDialog: the letter template editor.
 *
 * Every change is checked and previewed from an idle, so a burst of typing
 * costs one check. A template that does not compile cannot be saved: its
 * error says where (line and column, from cd_notices_check_template), the
 * line is underlined, and "Go to Error" puts the cursor there. The
 * preview is the letter of one real customer as it will be printed — the
 * one place in the app where a letter's text, names included, is shown. */

#include "config.h"

#define G_LOG_DOMAIN "cd-notices"

#include <glib/gi18n.h>

#include "cd-gui-util.h"
#include "cd-notices.h"
#include "cd-notices-page-private.h"
#include "cd-template-dialog.h"

static const char * const languages[] = { "zh_CN", "en" };

struct _CdTemplateDialog
{
  AdwWindow          parent_instance;

  /* template widgets */
  GtkTextView       *body_view;
  GtkLabel          *error_label;
  GtkRevealer       *error_revealer;
  GtkDropDown       *language_dropdown;
  GtkLabel          *preview_title;
  GtkTextView       *preview_view;
  GtkWidget         *reset_button;
  GtkWidget         *save_button;
  GtkLabel          *status_label;
  GtkEntry          *subject_entry;
  GtkDropDown       *template_dropdown;
  GtkListBox        *variables_list;

  /* owned */
  CdStore           *store;
  CdNoticesContext  *ctx;
  CdCustomer        *customer;       /* whose letter the preview shows */
  GPtrArray         *templates;      /* CdNoticeTemplateInfo */
  CdTemplateSchema  *schema;
  GtkTextTag        *error_tag;
  guint              update_source;
  gboolean           loading;        /* setting the texts: not an edit */
  gboolean           has_error;
  gboolean           error_in_subject;
  guint              error_line;
  guint              error_column;
  gboolean           insert_into_subject; /* the subject had the focus last */
  gboolean           dirty;          /* edited since loaded or saved */
  guint              shown_template; /* the choices the texts belong to */
  guint              shown_language;
};

G_DEFINE_FINAL_TYPE (CdTemplateDialog, cd_template_dialog, ADW_TYPE_WINDOW)

static const char *
current_language (CdTemplateDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->language_dropdown);

  return languages[i < G_N_ELEMENTS (languages) ? i : 0];
}

static const char *
current_name (CdTemplateDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->template_dropdown);

  if (self->templates == NULL || i >= self->templates->len)
    return NULL;
  return ((CdNoticeTemplateInfo *) self->templates->pdata[i])->name;
}

static char *
get_body (CdTemplateDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_preview (CdTemplateDialog *self,
             const char       *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->preview_view), text, -1);
}

/* ── Checking and previewing ─────────────────────────────────────────── */

static void
show_error (CdTemplateDialog *self,
            const GError     *error)
{
  g_autofree char *text = NULL;

  if (self->error_in_subject)
    /* Translators: a template error in the subject line, e.g. “Subject: Line 1, column 5: …” */
    text = g_strdup_printf (_("Subject: %s"), error->message);
  else
    text = g_strdup (error->message);
  gtk_label_set_text (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);

  if (self->error_in_subject)
    gtk_widget_add_css_class (GTK_WIDGET (self->subject_entry), "error");
  else if (self->error_line > 0)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_line (buffer, &start, (int) self->error_line - 1);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
    }
}

static void
update (CdTemplateDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));
  g_autofree char *body = get_body (self);
  g_autofree char *preview = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;
  guint line = 0;
  guint column = 0;
  gboolean in_subject = FALSE;

  g_clear_handle_id (&self->update_source, g_source_remove);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
  gtk_widget_remove_css_class (GTK_WIDGET (self->subject_entry), "error");

  self->has_error = !cd_notices_check_template (subject, body, &line, &column, &in_subject, &error);
  self->error_line = self->has_error ? line : 0;
  self->error_column = self->has_error ? column : 0;
  self->error_in_subject = self->has_error && in_subject;
  gtk_widget_set_sensitive (self->save_button, !self->has_error && current_name (self) != NULL);

  if (self->has_error)
    {
      show_error (self, error);
      /* The preview says why there is none. */
      set_preview (self, error->message);
      return;
    }
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_label_set_text (self->error_label, "");

  if (self->ctx == NULL || self->customer == NULL)
    {
      set_preview (self, _("The case has no customers: there is no letter to preview."));
      return;
    }
  preview = cd_notices_preview (self->ctx, subject, body, self->customer, current_language (self), &error);
  set_preview (self, preview != NULL ? preview : error->message);
}

static gboolean
update_cb (gpointer user_data)
{
  CdTemplateDialog *self = user_data;

  self->update_source = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (CdTemplateDialog *self)
{
  if (self->update_source == 0)
    self->update_source = g_idle_add (update_cb, self);
}

static void
on_text_changed (CdTemplateDialog *self)
{
  if (self->loading)
    return;
  self->dirty = TRUE;
  gtk_label_set_text (self->status_label, _("Changed, not saved yet"));
  queue_update (self);
}

static void
on_goto_error_clicked (CdTemplateDialog *self)
{
  if (!self->has_error)
    return;
  if (self->error_in_subject)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
      gtk_editable_set_position (GTK_EDITABLE (self->subject_entry),
                                 self->error_column > 0 ? (int) self->error_column - 1 : 0);
    }
  else
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_line (buffer, &iter, self->error_line > 0 ? (int) self->error_line - 1 : 0);
      if (self->error_column > 1)
        {
          int offset = MIN ((int) self->error_column - 1, gtk_text_iter_get_chars_in_line (&iter));

          gtk_text_iter_set_line_offset (&iter, offset);
        }
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_view_scroll_to_iter (self->body_view, &iter, 0.1, FALSE, 0, 0);
      gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
    }
}

/* ── Loading a template ──────────────────────────────────────────────── */

static void
set_texts (CdTemplateDialog *self,
           const char       *subject,
           const char       *body)
{
  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), subject != NULL ? subject : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body != NULL ? body : "", -1);
  self->loading = FALSE;
}

static void
set_status (CdTemplateDialog *self,
            gboolean          edited)
{
  gtk_label_set_text (self->status_label, edited ? _("This case’s own version of the letter")
                                                 : _("The letter as shipped"));
  gtk_widget_set_sensitive (self->reset_button, current_name (self) != NULL);
}

static void
load_template (CdTemplateDialog *self)
{
  const char *name = current_name (self);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gboolean edited = FALSE;
  g_autoptr(GError) error = NULL;

  self->dirty = FALSE;
  self->shown_template = gtk_drop_down_get_selected (self->template_dropdown);
  self->shown_language = gtk_drop_down_get_selected (self->language_dropdown);
  if (name == NULL || self->store == NULL)
    {
      set_texts (self, NULL, NULL);
      update (self);
      return;
    }
  if (!cd_notices_get_template (self->store, name, current_language (self), &subject, &body, &edited, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not read the template"), error);
      set_texts (self, NULL, NULL);
    }
  else
    set_texts (self, subject, body);
  set_status (self, edited);
  update (self);
}

/* Unsaved edits are not thrown away without asking: switching to another
 * template or language, or closing, asks first. */
static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     CdTemplateDialog *self)
{
  gboolean closing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cd-closing"));

  if (g_strcmp0 (response, "discard") == 0)
    {
      self->dirty = FALSE;
      if (closing)
        gtk_window_destroy (GTK_WINDOW (self));
      else
        load_template (self);
      return;
    }
  if (!closing)
    {
      /* Back to the choices the edited texts belong to. */
      self->loading = TRUE;
      gtk_drop_down_set_selected (self->template_dropdown, self->shown_template);
      gtk_drop_down_set_selected (self->language_dropdown, self->shown_language);
      self->loading = FALSE;
    }
}

static void
ask_discard (CdTemplateDialog *self,
             gboolean          closing)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Discard the Changes?"),
                                                       _("The letter was edited and not saved.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Editing"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "cd-closing", GINT_TO_POINTER (closing));
  g_signal_connect (dialog, "response", G_CALLBACK (on_discard_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_choice_changed (CdTemplateDialog *self)
{
  if (self->loading)
    return;
  if (self->dirty)
    ask_discard (self, FALSE);
  else
    load_template (self);
}

static gboolean
on_close_request (CdTemplateDialog *self)
{
  if (!self->dirty)
    return FALSE;
  ask_discard (self, TRUE);
  return TRUE;
}

/* ── Saving and resetting ────────────────────────────────────────────── */

static void
on_save_clicked (CdTemplateDialog *self)
{
  const char *name = current_name (self);
  g_autofree char *body = get_body (self);
  g_autoptr(GError) error = NULL;
  CdCaseTemplate tmpl = { 0, };

  update (self);
  if (self->has_error || name == NULL)
    return;
  tmpl.name = (char *) name;
  tmpl.language = (char *) current_language (self);
  tmpl.subject = (char *) gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));
  tmpl.body = body;
  if (!cd_store_set_case_template (self->store, &tmpl, &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not save the template"), error);
      return;
    }
  self->dirty = FALSE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_reset_clicked (CdTemplateDialog *self)
{
  const char *name = current_name (self);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;

  if (name == NULL)
    return;
  if (!cd_notices_get_shipped_template (name, current_language (self), &subject, &body, &error))
    {
      /* A template of the case's own has nothing shipped to go back to. */
      cd_gui_show_error (GTK_WIDGET (self), _("Could not read the shipped template"), error);
      return;
    }
  if (!cd_store_delete_case_template (self->store, name, current_language (self), &error))
    {
      cd_gui_show_error (GTK_WIDGET (self), _("Could not reset the template"), error);
      return;
    }
  set_texts (self, subject, body);
  self->dirty = FALSE;
  set_status (self, FALSE);
  update (self);
}

static void
on_cancel_clicked (CdTemplateDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

/* ── Variables ───────────────────────────────────────────────────────── */

static void
on_variable_activated (CdTemplateDialog *self,
                       GtkListBoxRow    *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "cd-name");
  CdTemplateVarType type = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cd-type"));
  g_autofree char *text = NULL;

  if (name == NULL)
    return;
  if (self->insert_into_subject)
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (self->subject_entry));

      text = g_strdup_printf ("{{%s}}", name);
      gtk_editable_insert_text (GTK_EDITABLE (self->subject_entry), text, -1, &position);
      gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
      gtk_editable_set_position (GTK_EDITABLE (self->subject_entry), position);
      return;
    }
  switch (type)
    {
    case CD_TEMPLATE_VAR_LIST:
      text = g_strdup_printf ("{{#each %s}}\n{{/each}}\n", name);
      break;
    case CD_TEMPLATE_VAR_FLAG:
      text = g_strdup_printf ("{{#if %s}}\n{{/if}}\n", name);
      break;
    case CD_TEMPLATE_VAR_TEXT:
    default:
      text = g_strdup_printf ("{{%s}}", name);
      break;
    }
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (self->body_view), text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

static void
add_variable_row (CdTemplateDialog  *self,
                  CdTemplateSchema  *schema,
                  const char        *name,
                  gboolean           is_field)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;
  CdTemplateVarType type = CD_TEMPLATE_VAR_TEXT;
  const char *description = NULL;
  g_autofree char *tag = NULL;

  cd_template_schema_lookup (schema, name, &type, &description);
  switch (type)
    {
    case CD_TEMPLATE_VAR_LIST:
      tag = g_strdup_printf ("{{#each %s}}", name);
      break;
    case CD_TEMPLATE_VAR_FLAG:
      tag = g_strdup_printf ("{{#if %s}}", name);
      break;
    case CD_TEMPLATE_VAR_TEXT:
    default:
      tag = g_strdup_printf ("{{%s}}", name);
      break;
    }
  label = gtk_label_new (tag);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);
  if (description != NULL && description[0] != '\0')
    {
      GtkWidget *desc = gtk_label_new (description);

      gtk_label_set_xalign (GTK_LABEL (desc), 0);
      gtk_label_set_wrap (GTK_LABEL (desc), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (desc), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (desc, "dim-label");
      gtk_widget_add_css_class (desc, "caption");
      gtk_box_append (GTK_BOX (box), desc);
    }
  if (is_field)
    gtk_widget_set_margin_start (box, 18);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Translators: accessible name of a row of the variables list, %s is e.g. {{name}} */
  {
    g_autofree char *accessible = g_strdup_printf (_("Insert %s"), tag);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    gtk_widget_set_tooltip_text (row, accessible);
  }
  g_object_set_data_full (G_OBJECT (row), "cd-name", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (row), "cd-type", GINT_TO_POINTER (type));
  gtk_list_box_append (self->variables_list, row);

  /* A list's item fields, indented under it: usable inside its #each. */
  if (type == CD_TEMPLATE_VAR_LIST && !is_field)
    {
      CdTemplateSchema *item = cd_template_schema_get_item (schema, name);
      g_autoptr(GPtrArray) fields = item != NULL ? cd_template_schema_list_names (item) : NULL;

      for (guint i = 0; fields != NULL && i < fields->len; i++)
        add_variable_row (self, item, fields->pdata[i], TRUE);
    }
}

static void
fill_variables (CdTemplateDialog *self)
{
  g_autoptr(GPtrArray) names = NULL;

  self->schema = cd_notices_get_schema ();
  if (self->schema == NULL)
    return;
  names = cd_template_schema_list_names (self->schema);
  for (guint i = 0; names != NULL && i < names->len; i++)
    add_variable_row (self, self->schema, names->pdata[i], FALSE);
}

static void
on_subject_focus (CdTemplateDialog *self)
{
  self->insert_into_subject = TRUE;
}

static void
on_body_focus (CdTemplateDialog *self)
{
  self->insert_into_subject = FALSE;
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_template_dialog_dispose (GObject *object)
{
  CdTemplateDialog *self = CD_TEMPLATE_DIALOG (object);

  g_clear_handle_id (&self->update_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_TEMPLATE_DIALOG);
  g_clear_object (&self->customer);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cd_template_dialog_parent_class)->dispose (object);
}

static void
cd_template_dialog_finalize (GObject *object)
{
  CdTemplateDialog *self = CD_TEMPLATE_DIALOG (object);

  g_clear_pointer (&self->ctx, cd_notices_context_free);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->schema, cd_template_schema_unref);

  G_OBJECT_CLASS (cd_template_dialog_parent_class)->finalize (object);
}

static void
cd_template_dialog_class_init (CdTemplateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_template_dialog_dispose;
  object_class->finalize = cd_template_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-template-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, language_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, preview_title);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, reset_button);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, template_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CdTemplateDialog, variables_list);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_goto_error_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_variable_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_template_dialog_init (CdTemplateDialog *self)
{
  GtkEventController *focus;

  /* Set before the template: its "notify::selected" handlers look here. */
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  self->error_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->body_view), "error",
                                                "underline", PANGO_UNDERLINE_ERROR,
                                                "background", "rgba(224,27,36,0.15)",
                                                NULL);
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (on_text_changed), self, G_CONNECT_SWAPPED);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_subject_focus), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->subject_entry), focus);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_body_focus), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->body_view), focus);

  fill_variables (self);
  self->loading = FALSE;
}

/**
 * cd_template_dialog_new:
 * @parent: (nullable): the window it is modal to
 * @template_name: the template to open
 * @language: "zh_CN" or "en"
 * @preview_customer_id: (nullable): whose letter to preview (default: the
 *   first customer's)
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
CdTemplateDialog *
cd_template_dialog_new (GtkWindow  *parent,
                        CdStore    *store,
                        const char *template_name,
                        const char *language,
                        const char *preview_customer_id)
{
  CdTemplateDialog *self;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  guint select = 0;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  self = g_object_new (CD_TYPE_TEMPLATE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->loading = TRUE;

  self->templates = cd_notices_list_templates (store, &error);
  if (self->templates == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      g_clear_error (&error);
    }
  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    {
      const CdNoticeTemplateInfo *info = self->templates->pdata[i];

      gtk_string_list_append (titles, info->title);
      if (g_strcmp0 (info->name, template_name) == 0)
        select = i;
    }
  gtk_drop_down_set_model (self->template_dropdown, G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (self->template_dropdown, select);
  gtk_drop_down_set_selected (self->language_dropdown, g_strcmp0 (language, "en") == 0 ? 1 : 0);

  self->ctx = cd_notices_context_new (store, &error);
  if (self->ctx != NULL)
    {
      GListModel *customers = cd_notices_context_get_customers (self->ctx);
      guint n = g_list_model_get_n_items (customers);

      for (guint i = 0; i < n && preview_customer_id != NULL && self->customer == NULL; i++)
        {
          g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);

          if (g_strcmp0 (cd_customer_get_id (customer), preview_customer_id) == 0)
            self->customer = g_steal_pointer (&customer);
        }
      if (self->customer == NULL && n > 0)
        self->customer = g_list_model_get_item (customers, 0);
    }
  else
    set_preview (self, error->message);

  if (self->customer != NULL)
    {
      g_autofree char *masked = cd_customer_dup_masked_name (self->customer);
      /* Translators: above the preview, %s is the customer's masked name */
      g_autofree char *title = g_strdup_printf (_("Preview: the letter to %s"), masked != NULL ? masked : "—");

      gtk_label_set_text (self->preview_title, title);
    }
  else
    gtk_label_set_text (self->preview_title, _("Preview"));

  self->loading = FALSE;
  load_template (self);
  return self;
}

/* ── Test access (cd-notices-page-private.h) ─────────────────────────── */

GtkEditable *
cd_template_dialog_get_subject_entry (CdTemplateDialog *self)
{
  return GTK_EDITABLE (self->subject_entry);
}

GtkTextBuffer *
cd_template_dialog_get_body_buffer (CdTemplateDialog *self)
{
  return gtk_text_view_get_buffer (self->body_view);
}

GtkTextBuffer *
cd_template_dialog_get_preview_buffer (CdTemplateDialog *self)
{
  return gtk_text_view_get_buffer (self->preview_view);
}

GtkLabel *
cd_template_dialog_get_error_label (CdTemplateDialog *self)
{
  return self->error_label;
}

GtkWidget *
cd_template_dialog_get_save_button (CdTemplateDialog *self)
{
  return self->save_button;
}

GtkListBox *
cd_template_dialog_get_variables_list (CdTemplateDialog *self)
{
  return self->variables_list;
}

gboolean
cd_template_dialog_get_error_position (CdTemplateDialog *self,
                                       guint            *out_line,
                                       guint            *out_column)
{
  *out_line = self->error_line;
  *out_column = self->error_column;
  return self->has_error;
}

void
cd_template_dialog_update_now (CdTemplateDialog *self)
{
  update (self);
}
