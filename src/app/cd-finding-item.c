/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdFindingItem: one line of a scan's results in a list. A row shows where
 * (file › member › page) above what (the kind and the masked value, or why
 * a file needs a person). Only masked values ever reach these items. */

#include "config.h"

#define G_LOG_DOMAIN "cd-scan"

#include <string.h>

#include <glib/gi18n.h>

#include "cd-finding-item.h"

struct _CdFindingItem
{
  GObject   parent_instance;

  char     *location;
  char     *label;
  char     *text;
  gboolean  problem;
};

G_DEFINE_FINAL_TYPE (CdFindingItem, cd_finding_item, G_TYPE_OBJECT)

static void
cd_finding_item_finalize (GObject *object)
{
  CdFindingItem *self = CD_FINDING_ITEM (object);

  g_free (self->location);
  g_free (self->label);
  g_free (self->text);

  G_OBJECT_CLASS (cd_finding_item_parent_class)->finalize (object);
}

static void
cd_finding_item_class_init (CdFindingItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_finding_item_finalize;
}

static void
cd_finding_item_init (CdFindingItem *self)
{
}

/**
 * cd_finding_item_new:
 * @location: where, as from cd_finding_format_location()
 * @label: what kind of finding ("Resident ID numbers"), or "Needs review"
 * @text: (nullable): the masked value, or the reason
 * @problem: a file that needs review or could not be read
 */
CdFindingItem *
cd_finding_item_new (const char *location,
                     const char *label,
                     const char *text,
                     gboolean    problem)
{
  CdFindingItem *self = g_object_new (CD_TYPE_FINDING_ITEM, NULL);

  self->location = g_strdup (location);
  self->label = g_strdup (label);
  self->text = g_strdup (text);
  self->problem = problem;
  return self;
}

const char *
cd_finding_item_get_location (CdFindingItem *self)
{
  g_return_val_if_fail (CD_IS_FINDING_ITEM (self), NULL);
  return self->location;
}

const char *
cd_finding_item_get_label (CdFindingItem *self)
{
  g_return_val_if_fail (CD_IS_FINDING_ITEM (self), NULL);
  return self->label;
}

const char *
cd_finding_item_get_text (CdFindingItem *self)
{
  g_return_val_if_fail (CD_IS_FINDING_ITEM (self), NULL);
  return self->text;
}

gboolean
cd_finding_item_get_problem (CdFindingItem *self)
{
  g_return_val_if_fail (CD_IS_FINDING_ITEM (self), FALSE);
  return self->problem;
}

/**
 * cd_finding_format_location:
 * @path: the file
 * @base: (nullable): a folder or file to show @path relative to (the
 *   asset's location, the scan's root)
 * @member: (nullable): where inside the file, "!/"-joined
 * @page: a 1-based PDF page, or 0
 *
 * Returns: (transfer full): "folder/file.zip › inner.docx › page 3", for
 *   display (a file name in a legacy encoding is shown as well as it can be)
 */
char *
cd_finding_format_location (const char *path,
                            const char *base,
                            const char *member,
                            guint       page)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *display = NULL;
  const char *shown = path;

  if (base != NULL)
    {
      gsize len = strlen (base);

      while (len > 1 && base[len - 1] == G_DIR_SEPARATOR)
        len--;
      if (strcmp (path, base) == 0)
        shown = NULL;
      else if (strncmp (path, base, len) == 0 && path[len] == G_DIR_SEPARATOR)
        shown = path + len + 1;
    }
  if (shown == NULL)
    {
      /* The asset is the file itself: its name says enough. */
      const char *slash = strrchr (path, G_DIR_SEPARATOR);

      shown = slash != NULL && slash[1] != '\0' ? slash + 1 : path;
    }
  display = g_filename_display_name (shown);
  g_string_append (text, display);

  if (member != NULL && *member != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (member, "!/", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_autofree char *part = g_utf8_make_valid (parts[i], -1);

          if (*part == '\0')
            continue;
          g_string_append (text, " › ");
          g_string_append (text, part);
        }
    }
  if (page > 0)
    {
      g_string_append (text, " › ");
      /* Translators: a page of a PDF file, in a location such as
       * “report.pdf › page 3” */
      g_string_append_printf (text, _("page %u"), page);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* -- rows ------------------------------------------------------------------------ */

/* A label's whole text as its tooltip (for when it is ellipsized). */
static gboolean
query_label_tooltip (GtkWidget  *label,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip,
                        gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *location = gtk_label_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  gtk_label_set_xalign (GTK_LABEL (location), 0);
  /* The file name is at the end of a path: keep both ends. */
  gtk_label_set_ellipsize (GTK_LABEL (location), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_single_line_mode (GTK_LABEL (location), TRUE);
  gtk_widget_add_css_class (location, "heading");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  /* A long reason is cut here and read whole in the tooltip: wrapped
   * lines would not fit the rows a list view has measured. */
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_set_has_tooltip (text, TRUE);
  g_signal_connect (text, "query-tooltip", G_CALLBACK (query_label_tooltip), NULL);
  gtk_widget_set_hexpand (text, TRUE);

  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), text);
  gtk_box_append (GTK_BOX (box), location);
  gtk_box_append (GTK_BOX (box), line);

  /* The whole location in a tooltip, asked for when shown rather than set
   * on every bind (a round trip to the X server per row). */
  gtk_widget_set_has_tooltip (location, TRUE);
  g_signal_connect (location, "query-tooltip", G_CALLBACK (query_label_tooltip), NULL);

  g_object_set_data (G_OBJECT (box), "cd-location", location);
  g_object_set_data (G_OBJECT (box), "cd-label", label);
  g_object_set_data (G_OBJECT (box), "cd-text", text);
  gtk_list_item_set_child (item, box);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  CdFindingItem *finding = gtk_list_item_get_item (item);
  GtkWidget *text = g_object_get_data (G_OBJECT (box), "cd-text");

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "cd-location"), finding->location);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "cd-label"), finding->label);
  gtk_label_set_text (GTK_LABEL (text), finding->text != NULL ? finding->text : "");
  /* Masked identifiers line up; reasons are prose. */
  if (finding->problem)
    {
      gtk_widget_remove_css_class (text, "monospace");
      gtk_widget_add_css_class (text, "warning");
    }
  else
    {
      gtk_widget_remove_css_class (text, "warning");
      gtk_widget_add_css_class (text, "monospace");
    }
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "cd-text"), "");
}

/**
 * cd_finding_item_factory_new:
 *
 * Returns: (transfer full): a factory of rows for #CdFindingItem
 */
GtkListItemFactory *
cd_finding_item_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  return factory;
}
