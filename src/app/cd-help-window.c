/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdHelpWindow: the user guide. One topic per step of the work, in the
 * order of the window's panes, each a few paragraphs and steps with a
 * screenshot of the real app in the language the app is shown in.
 *
 * The text is a table in this file rather than in the .ui, so that steps
 * are numbered and laid out the same way everywhere and a topic is one
 * place to edit. The screenshots are made by build-aux/help-screenshots. */

#include "config.h"

#define G_LOG_DOMAIN "cd-help-window"

#include <glib/gi18n.h>

#include "cd-help-window.h"

#define HELP_RESOURCE_PATH RESOURCE_PATH "/help"

typedef enum
{
  BLOCK_TEXT,      /* a paragraph */
  BLOCK_STEP,      /* a numbered step */
  BLOCK_HEADING,   /* a small heading inside the topic */
  BLOCK_PICTURE,   /* the topic's screenshot */
} BlockKind;

typedef struct
{
  BlockKind   kind;
  const char *text;
} Block;

typedef struct
{
  const char  *name;      /* the stack page, the row and the screenshot's base name */
  const char  *context;   /* of the title: the panes' titles are the window's own */
  const char  *title;
  const char  *picture;   /* NULL: the topic has none */
  const Block *blocks;
} Topic;

#define TEXT(s)    { BLOCK_TEXT, s }
#define STEP(s)    { BLOCK_STEP, s }
#define HEADING(s) { BLOCK_HEADING, s }
#define PICTURE    { BLOCK_PICTURE, NULL }
#define END        { BLOCK_TEXT, NULL }

static const Block getting_started[] = {
  TEXT (N_("Closure Desk keeps everything about one dissolving company in one closure case: a single "
           "file that holds the data inventory, the customer list, the disposal plan, the notices "
           "sent and a log of everything done. Customers’ names and identifiers inside it are "
           "encrypted with a key made from the case passphrase. Nothing leaves this computer.")),
  STEP (N_("Choose New Case… (Ctrl+N) and enter the company’s name, its unified social credit code "
           "and the dates of the deregistration that you know.")),
  STEP (N_("Choose a passphrase of several words and keep it somewhere safe. Without it the case "
           "cannot be opened, and nobody can recover it for you.")),
  STEP (N_("Work through the panes on the left from top to bottom. You can go back to any pane at "
           "any time; the report always shows the case as it is now.")),
  PICTURE,
  HEADING (N_("Try the demo case first")),
  TEXT (N_("Open Demo Case opens a fictitious restaurant group with its data assets, its customers "
           "and the files it left behind, so you can try every pane without real data. Its "
           "passphrase is “demo”.")),
  HEADING (N_("Locking")),
  TEXT (N_("Lock Case (Ctrl+L) wipes the key from memory; the case also locks itself when you leave "
           "the computer idle. Unlocking asks for the passphrase again.")),
  END
};

static const Block inventory[] = {
  TEXT (N_("List every place where the company kept customers’ data: servers, office PCs and "
           "laptops, chat apps, cloud drives, voice recorders, e-mail and paper files.")),
  STEP (N_("Scan Folder… (Ctrl+Shift+F) reads a folder or a copy of a disk — documents, "
           "spreadsheets, PDFs, e-mail, chat exports and archives — and finds resident ID numbers, "
           "phone numbers, bank cards, e-mail addresses and other identifiers. The folders it finds "
           "become data assets.")),
  STEP (N_("Add Asset records what a scan cannot reach: paper files, recorders, a cloud account.")),
  STEP (N_("On the Customers tab, Import CSV… (Ctrl+I) loads the customer list. Scans link files "
           "to the customers they mention, so you can answer “what do we hold on this customer”.")),
  PICTURE,
  HEADING (N_("What the app checks")),
  TEXT (N_("An identifier counts only if it is valid: an ID number needs its check character, a "
           "real birth date and a region; a bank card its Luhn digit. Show Findings lists what was "
           "found in an asset, masked, and where. Identifiers are masked everywhere unless you "
           "reveal them.")),
  HEADING (N_("What the regulator sees")),
  TEXT (N_("The report lists every asset with its medium, record type, number of records and "
           "customers, and its custodian.")),
  END
};

static const Block sensitivity[] = {
  TEXT (N_("Decide for each data asset what it holds and what becomes of it. Select one or more "
           "assets, then:")),
  STEP (N_("Categories: general personal information, the sensitive personal information of PIPL "
           "Article 28 (biometrics, religious belief, specific identity, medical health, financial "
           "accounts, whereabouts, information of minors under 14) or business secrets. Use "
           "Suggestion takes the categories the scan’s findings point to; Why This Suggestion tells "
           "which findings.")),
  STEP (N_("Disposition: encrypt and retain, de-identify then retain, anonymize, transfer to a "
           "successor, return to the customer, or destroy.")),
  STEP (N_("Retain until: data that must be kept gets the date of the retention rule for its "
           "record type; Override Date… sets another date and asks for the reason.")),
  PICTURE,
  HEADING (N_("What the app checks")),
  TEXT (N_("The plan check lists every problem: assets without a disposition or category, sensitive "
           "information kept without encryption, retention periods that have ended, transfers "
           "without a recipient or agreement, customers who asked for deletion. Undecided Only "
           "shows what is left to do.")),
  HEADING (N_("What the regulator sees")),
  TEXT (N_("The report gives each asset’s categories, disposition, legal basis and retain-until "
           "date.")),
  END
};

static const Block notices[] = {
  TEXT (N_("Customers must be told what happens to their information, and who receives it if it "
           "is transferred. Each customer gets a notice here.")),
  STEP (N_("Choose the letter template and the letter language. Edit Template… changes this case’s "
           "version of the letter, with a live preview.")),
  STEP (N_("Render Letters… writes the letters of the selected customers, or of all who have not "
           "answered: a PDF for printing, e-mail drafts or an SMS list.")),
  STEP (N_("Mark Sent… records when and how the letters went out; the response deadline starts "
           "then.")),
  STEP (N_("Record each answer from the row’s menu in the Response column: no objection, delete my "
           "data, send me a copy, or objects to the transfer. The customer’s disposition follows "
           "the answer.")),
  PICTURE,
  HEADING (N_("What the app checks")),
  TEXT (N_("Customers who have not answered by the deadline are shown as overdue, and the window "
           "says when a milestone of the case is late.")),
  HEADING (N_("What the regulator sees")),
  TEXT (N_("The report counts the notices sent, by channel, and the answers received.")),
  END
};

static const Block redaction[] = {
  TEXT (N_("Before a document leaves the case — a contract handed to a successor, a copy for a "
           "customer, an exhibit for the regulator — take the other customers’ identifiers out of "
           "it.")),
  STEP (N_("Pick a PDF from PDFs in This Case (found by the case’s scans) or Open PDF…. "
           "Identifiers are found and boxed on every page.")),
  STEP (N_("Check the boxes and draw the ones that were missed. Redact All boxes a text wherever "
           "it appears; Redact a Customer… boxes a customer’s name and identifiers as the "
           "customer list has them.")),
  STEP (N_("Preview (Ctrl+P) shows the pages as they will be exported; Export… (Ctrl+E) writes "
           "the redacted copy.")),
  PICTURE,
  HEADING (N_("What the app checks")),
  TEXT (N_("Redacted pages become images, so the text under a box is gone for good, not covered. "
           "The copy is read back and checked before it is kept, and its metadata is removed.")),
  HEADING (N_("What the regulator sees")),
  TEXT (N_("Every redacted copy is recorded in the audit log.")),
  END
};

static const Block retention[] = {
  TEXT (N_("Keep what the law says must be kept, encrypted and in the hands of named people, and "
           "destroy the rest in a way that can be proven.")),
  STEP (N_("Custodians: Add Custodian… for each person who will keep a key (the legal "
           "representative, a lawyer). The case holds only their public keys; each gets a key file "
           "and a paper key to print.")),
  STEP (N_("Retained Archives: Create Vault… packs what must be kept into an archive encrypted to "
           "the custodians’ keys until its retain-until date. It opens with the standard age tool, "
           "without Closure Desk.")),
  STEP (N_("Destruction: Plan Destruction lists every file under the assets marked “destroy”, with "
           "its SHA-256; nothing is touched yet. Destroy Files… overwrites each file with random "
           "data, reads it back and deletes it, and needs an operator and a witness.")),
  STEP (N_("Manual Destruction Records: Add Record… records what the app cannot overwrite itself — "
           "shredded paper, wiped phones, closed cloud accounts — with an operator and a witness.")),
  PICTURE,
  HEADING (N_("What the app checks")),
  TEXT (N_("Every change to the case is written to the audit log, each entry chained to the one "
           "before, so a changed or deleted entry shows. Sign Checkpoint signs the log’s head with "
           "the case’s key; Export… writes the log with a minisign signature that anyone can "
           "check.")),
  HEADING (N_("What the regulator sees")),
  TEXT (N_("The report lists the retained archives with their hashes and custodians, and every "
           "destruction with its time, operator and witness.")),
  END
};

static const Block report[] = {
  TEXT (N_("The report is built from the case as it is now: what was found, how it was classified, "
           "what was kept, destroyed and told, and the head of the audit log.")),
  STEP (N_("Report shows the Customer Information Disposal Report page by page.")),
  STEP (N_("Commitment Letter shows the Data Disposal Commitment Letter that the company signs and "
           "seals.")),
  STEP (N_("Completeness lists what the case still lacks: undecided assets, unanswered notices, "
           "destruction still to do. Finish those before the report is signed.")),
  STEP (N_("Language sets the language of the report, whatever the language of the app.")),
  PICTURE,
  HEADING (N_("What the regulator sees")),
  TEXT (N_("Exactly these pages: nothing in them is typed by hand, so the report cannot say more "
           "than the case records. While the plan check finds errors, every page is marked "
           "“Draft” and the first page lists the errors.")),
  END
};

static const Block printing[] = {
  STEP (N_("Export PDF… (Ctrl+E) on the Disposal Report pane saves the document shown as a PDF "
           "signed with the case’s key, with a .minisig signature beside it, and records the "
           "export in the audit log.")),
  STEP (N_("Print… (Ctrl+P) prints the document shown, with a preview and a choice of pages. Have "
           "the legal representative sign the commitment letter and put the company seal on it.")),
  STEP (N_("Save Public Key… on the Retention & Destruction pane saves the case’s public signing "
           "key. Hand it over with the report.")),
  HEADING (N_("Verifying")),
  TEXT (N_("Anyone with the public key can check the exported PDF with minisign, without Closure "
           "Desk: minisign -Vm report.pdf -p case.pub. With the case file, closure-desk-cli "
           "verify-report also checks the report against the audit log and the retained "
           "archives.")),
  TEXT (N_("Keep the signed report, the commitment letter, the public key and the exported audit "
           "log together.")),
  END
};

static const Block shortcuts[] = {
  TEXT (N_("Press Ctrl+? or choose Keyboard Shortcuts in the main menu to see every shortcut, "
           "including each pane’s own. The ones used most:")),
  STEP (N_("Ctrl+N new case, Ctrl+O open a case, Ctrl+L lock it, Ctrl+W close it.")),
  STEP (N_("Alt+1 to Alt+6 go to the panes in order.")),
  STEP (N_("Ctrl+F search, Ctrl+E export, Ctrl+P print or preview, in the pane that has them.")),
  STEP (N_("F1 opens this guide at the pane you are in; in it, the Up and Down arrow keys go from topic to topic.")),
  END
};

static const Topic topics[] = {
  { "getting-started", NULL, N_("Getting Started"), "start", getting_started },
  { "inventory", NULL, N_("Data Inventory"), "inventory", inventory },
  { "sensitivity", "pane", NC_("pane", "Sensitivity Tagging"), "sensitivity", sensitivity },
  { "notices", "pane", NC_("pane", "Customer Notices"), "notices", notices },
  { "redact", "pane", NC_("pane", "Redaction"), "redact", redaction },
  { "retention", "pane", NC_("pane", "Retention & Destruction"), "retention", retention },
  { "report", "pane", NC_("pane", "Disposal Report"), "report", report },
  { "printing", NULL, N_("Printing and Verifying the Report"), NULL, printing },
  { "shortcuts", NULL, N_("Keyboard Shortcuts"), NULL, shortcuts },
};

struct _CdHelpWindow
{
  AdwWindow       parent_instance;

  /* template widgets */
  AdwLeaflet     *leaflet;
  GtkListBox     *topics_list;
  GtkStack       *topics_stack;
  AdwWindowTitle *topic_title;
};

G_DEFINE_FINAL_TYPE (CdHelpWindow, cd_help_window, ADW_TYPE_WINDOW)

static const char *
topic_title (const Topic *topic)
{
  if (topic->context != NULL)
    return g_dpgettext2 (NULL, topic->context, topic->title);
  return _(topic->title);
}

static const Topic *
find_topic (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    if (g_strcmp0 (topics[i].name, name) == 0)
      return &topics[i];
  return NULL;
}

/**
 * cd_help_window_get_picture_language:
 *
 * The screenshots show the app as the user sees it: the Chinese ones when
 * gettext really shows the app in Chinese (a locale can ask for zh_CN and
 * still get English, when the translation is not installed), else English.
 *
 * Returns: "zh_CN" or "en", a folder under ui/help
 */
const char *
cd_help_window_get_picture_language (void)
{
  /* The app's name, in every catalogue: in Chinese characters exactly when
   * gettext shows the app in Chinese. */
  const char *marker = _("Closure Desk");

  if (g_unichar_get_script (g_utf8_get_char (marker)) == G_UNICODE_SCRIPT_HAN)
    return "zh_CN";
  return "en";
}

/**
 * cd_help_window_get_picture_resource:
 * @name: a topic's picture, as "inventory"
 *
 * Returns: (transfer full): the resource path of its screenshot in the
 *   language of cd_help_window_get_picture_language() (English when that
 *   one is missing)
 */
char *
cd_help_window_get_picture_resource (const char *name)
{
  g_autofree char *path = g_strdup_printf (HELP_RESOURCE_PATH "/%s/%s.png",
                                           cd_help_window_get_picture_language (), name);

  if (!g_resources_get_info (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL))
    {
      g_free (path);
      path = g_strdup_printf (HELP_RESOURCE_PATH "/en/%s.png", name);
    }
  return g_steal_pointer (&path);
}

static GtkWidget *
new_paragraph (const char *text,
               const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Focusing a selectable label selects all of it; the keyboard goes from
   * topic to topic in the list, and the mouse selects text here. */
  gtk_widget_set_focusable (label, FALSE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
new_step (guint       number,
          const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  /* Translators: the number of a step in the user guide */
  g_autofree char *numeral = g_strdup_printf (_("%u."), number);
  GtkWidget *number_label = gtk_label_new (numeral);

  gtk_label_set_xalign (GTK_LABEL (number_label), 1);
  gtk_label_set_yalign (GTK_LABEL (number_label), 0);
  gtk_label_set_width_chars (GTK_LABEL (number_label), 2);
  gtk_widget_add_css_class (number_label, "heading");
  gtk_widget_add_css_class (number_label, "numeric");
  gtk_box_append (GTK_BOX (box), number_label);
  gtk_box_append (GTK_BOX (box), new_paragraph (text, NULL));
  gtk_widget_set_hexpand (gtk_widget_get_last_child (box), TRUE);
  return box;
}

static GtkWidget *
new_picture (const Topic *topic)
{
  g_autofree char *resource = cd_help_window_get_picture_resource (topic->picture);
  /* Translators: the description of a picture in the user guide; %s is the topic */
  g_autofree char *alt = g_strdup_printf (_("Screenshot: %s"), topic_title (topic));
  GtkWidget *picture = gtk_picture_new_for_resource (resource);
  GtkWidget *frame = gtk_frame_new (NULL);

  /* Scaled down to the width of the page, never up, keeping its shape. */
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_alternative_text (GTK_PICTURE (picture), alt);
  gtk_widget_set_name (picture, "picture");
  gtk_frame_set_child (GTK_FRAME (frame), picture);
  gtk_widget_set_halign (frame, GTK_ALIGN_FILL);
  gtk_widget_set_margin_top (frame, 6);
  gtk_widget_set_margin_bottom (frame, 6);
  return frame;
}

static GtkWidget *
new_page (const Topic *topic)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *viewport = gtk_viewport_new (NULL, NULL);
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  guint step = 0;

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 36);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_box_append (GTK_BOX (box), new_paragraph (topic_title (topic), "title-1"));

  for (const Block *block = topic->blocks; block->kind != BLOCK_TEXT || block->text != NULL; block++)
    {
      switch (block->kind)
        {
        case BLOCK_TEXT:
          gtk_box_append (GTK_BOX (box), new_paragraph (_(block->text), NULL));
          break;
        case BLOCK_STEP:
          gtk_box_append (GTK_BOX (box), new_step (++step, _(block->text)));
          break;
        case BLOCK_HEADING:
          {
            GtkWidget *heading = new_paragraph (_(block->text), "heading");

            gtk_widget_set_margin_top (heading, 12);
            gtk_box_append (GTK_BOX (box), heading);
          }
          break;
        case BLOCK_PICTURE:
          if (topic->picture != NULL)
            gtk_box_append (GTK_BOX (box), new_picture (topic));
          break;
        default:
          g_assert_not_reached ();
        }
    }

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 860);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 600);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  /* The page gets its natural height, not its minimum: a picture that may
   * shrink has none, and would be squeezed flat. */
  gtk_scrollable_set_vscroll_policy (GTK_SCROLLABLE (viewport), GTK_SCROLL_NATURAL);
  gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), clamp);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), viewport);
  return scrolled;
}

static GtkWidget *
new_row (const Topic *topic)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (topic_title (topic));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_name (row, topic->name);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  return row;
}

/* -- callbacks ------------------------------------------------------------------ */

static void
topics_list_row_selected_cb (CdHelpWindow  *self,
                             GtkListBoxRow *row)
{
  const Topic *topic;

  if (row == NULL)
    return;
  topic = find_topic (gtk_widget_get_name (GTK_WIDGET (row)));
  g_return_if_fail (topic != NULL);
  gtk_stack_set_visible_child_name (self->topics_stack, topic->name);
  adw_window_title_set_title (self->topic_title, topic_title (topic));
}

static void
topics_list_row_activated_cb (CdHelpWindow  *self,
                              GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (CdHelpWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* -- GObject -------------------------------------------------------------------- */

static void
cd_help_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_HELP_WINDOW);

  G_OBJECT_CLASS (cd_help_window_parent_class)->dispose (object);
}

static void
cd_help_window_class_init (CdHelpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_help_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/cd-help-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdHelpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CdHelpWindow, topic_title);
  gtk_widget_class_bind_template_child (widget_class, CdHelpWindow, topics_list);
  gtk_widget_class_bind_template_child (widget_class, CdHelpWindow, topics_stack);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, topics_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, topics_list_row_selected_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_help_window_init (CdHelpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      gtk_stack_add_named (self->topics_stack, new_page (&topics[i]), topics[i].name);
      gtk_list_box_append (self->topics_list, new_row (&topics[i]));
    }
  cd_help_window_set_topic (self, topics[0].name);
  /* F1, then the arrow keys: the list has the keyboard from the start. */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_selected_row (self->topics_list)));
}

/* -- public API ----------------------------------------------------------------- */

CdHelpWindow *
cd_help_window_new (GtkWindow *parent)
{
  return g_object_new (CD_TYPE_HELP_WINDOW, "transient-for", parent, NULL);
}

/**
 * cd_help_window_set_topic:
 * @name: a topic: "getting-started", a pane's name ("inventory",
 *   "sensitivity", "notices", "redact", "retention", "report"), "printing"
 *   or "shortcuts"
 *
 * Shows that topic, selected in the list.
 */
void
cd_help_window_set_topic (CdHelpWindow *self,
                          const char   *name)
{
  g_return_if_fail (CD_IS_HELP_WINDOW (self));
  g_return_if_fail (find_topic (name) != NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->topics_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->topics_list, GTK_LIST_BOX_ROW (row));
}

/**
 * cd_help_window_get_topic:
 *
 * Returns: the name of the topic shown
 */
const char *
cd_help_window_get_topic (CdHelpWindow *self)
{
  g_return_val_if_fail (CD_IS_HELP_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->topics_stack);
}

/**
 * cd_help_window_get_topic_names:
 *
 * Returns: (transfer full): the names of the topics, in the order listed
 */
GStrv
cd_help_window_get_topic_names (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    g_strv_builder_add (builder, topics[i].name);
  return g_strv_builder_end (builder);
}
