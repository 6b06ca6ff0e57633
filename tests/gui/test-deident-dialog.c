/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GUI tests of the de-identified export dialog, opened from the
 * sensitivity pane's side panel over a small made-up CSV: rules chosen in
 * the column dropdowns, k and the groups that break it, "anonymized"
 * refused below the threshold, the exported file's exact cells, the audit
 * entry without raw values, and the refusal of a scanned folder and of the
 * source's folder. Screenshots for people to look at. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-deident-dialog-private.h"
#include "cd-gui-test.h"
#include "cd-sensitivity-page-private.h"
#include "cd-test-util.h"
#include "cd-window-private.h"

/* Made up; lines 2-6 of the file. */
static const char source_csv[] =
  "姓名,年龄,性别,地区,手机号\n"
  "张三,34,男,440106,13812345671\n"
  "李四,36,男,440106,13912345672\n"
  "王五,52,女,310101,13712345673\n"
  "赵六,57,女,310101,13612345674\n"
  "钱七,29,男,440106,13512345675\n";

static const char * const raw_values[] = {
  "张三", "李四", "王五", "赵六", "钱七", "440106", "310101", "13812345671", "13512345675", NULL,
};

typedef struct
{
  CdTestCase  tc;
  char       *scanned;   /* a folder a scan of the case walked */
  char       *source;    /* the CSV */
  char       *exports;   /* where exports may go */
} Fixture;

static void
fixture_setup (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autofree char *source_dir = NULL;
  const char *roots[2] = { NULL, NULL };
  gint64 scan_id;

  cd_test_case_setup (&f->tc, NULL);
  f->scanned = g_build_filename (f->tc.dir, "scanned", NULL);
  source_dir = g_build_filename (f->tc.dir, "crm-export", NULL);
  f->source = g_build_filename (source_dir, "customers.csv", NULL);
  f->exports = g_build_filename (f->tc.dir, "exports", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->scanned, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (source_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (f->exports, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->source, source_csv, -1, &error));
  g_assert_no_error (error);

  roots[0] = f->scanned;
  scan_id = cd_store_begin_scan (f->tc.store, roots, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_finish_scan (f->tc.store, scan_id, &error));
  g_assert_no_error (error);

  cd_asset_set_location (asset, "CRM server / customers table");
  cd_asset_set_medium (asset, CD_MEDIUM_SERVER);
  cd_asset_set_record_type (asset, CD_RECORD_TYPE_PERSONAL);
  g_assert_true (cd_store_add_asset (f->tc.store, asset, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f)
{
  cd_test_case_teardown (&f->tc, NULL);
  g_free (f->scanned);
  g_free (f->source);
  g_free (f->exports);
}

/* The rows of an export: UTF-8 with BOM, CRLF lines, no quoting needed here. */
static GPtrArray *
read_export (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 3);
  g_assert_true (memcmp (data, "\xEF\xBB\xBF", 3) == 0);
  lines = g_strsplit (data + 3, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

static void
assert_row (GPtrArray          *rows,
            guint               i,
            const char * const *expected)
{
  const char * const *row = rows->pdata[i];

  g_assert_cmpuint (g_strv_length ((char **) row), ==, g_strv_length ((char **) expected));
  for (guint c = 0; expected[c] != NULL; c++)
    g_assert_cmpstr (row[c], ==, expected[c]);
}

static guint
count_audit (CdStore    *store,
             const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = cd_store_list_audit (store, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const CdAuditEntry *entry = entries->pdata[i];

      if (g_strcmp0 (entry->action, action) != 0)
        continue;
      n++;
      /* No raw value in the log. */
      for (guint v = 0; raw_values[v] != NULL; v++)
        g_assert_null (strstr (entry->details != NULL ? entry->details : "", raw_values[v]));
    }
  return n;
}

static void
wait_updated (CdDeidentDialog *dialog)
{
  CD_GUI_TEST_WAIT_UNTIL (!cd_deident_dialog_is_updating (dialog));
  cd_gui_test_settle (50);
}

static void
set_rule (CdDeidentDialog   *dialog,
          const char        *column,
          CdDeidentRuleKind  kind)
{
  GtkDropDown *dropdown = cd_deident_dialog_get_rule_dropdown (dialog, column);

  g_assert_nonnull (dropdown);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (dropdown)));
  gtk_drop_down_set_selected (dropdown, kind);
}

static void
set_qi (CdDeidentDialog *dialog,
        const char      *column,
        gboolean         active)
{
  GtkCheckButton *check = cd_deident_dialog_get_qi_check (dialog, column);

  g_assert_nonnull (check);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (check)));
  gtk_check_button_set_active (check, active);
}

/* The result line as the dialog writes it, in the language of the run. */
static char *
below_text (guint k,
            guint n_groups,
            guint n_rows,
            guint threshold)
{
  g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", n_rows), n_rows);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "k = %u: %u group (%s) is smaller than %u — it can only be labelled de-identified",
                                       "k = %u: %u groups (%s) are smaller than %u — it can only be labelled de-identified",
                                       n_groups),
                          k, n_groups, rows, threshold);
}

static char *
group_text (const char *values,
            const char *lines,
            guint       size)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — line %s", "%s — lines %s", size), values, lines);
}

static void
assert_group (CdDeidentDialog *dialog,
              guint            position,
              const char      *expected)
{
  GtkStringObject *item = g_list_model_get_item (cd_deident_dialog_get_groups (dialog), position);

  g_assert_nonnull (item);
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, expected);
  g_object_unref (item);
}

static void
test_export (void)
{
  Fixture f = { 0, };
  CdWindow *window;
  CdSensitivityPage *page;
  CdDeidentDialog *dialog;
  GListModel *model;
  GtkCheckButton *anonymized;
  GtkCheckButton *deidentified;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *male = cd_mask_text ("男");
  g_autofree char *female = cd_mask_text ("女");
  g_autofree char *out_path = NULL;
  g_autofree char *anon_path = NULL;
  g_autofree char *in_scan = NULL;
  g_autofree char *beside = NULL;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&f);

  window = cd_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)));
  cd_window_set_store (window, f.tc.store, FALSE);
  page = cd_window_get_sensitivity_page (window);
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), GTK_TYPE_STACK)),
                                    "sensitivity");
  cd_gui_test_settle (300);
  model = cd_sensitivity_page_get_assets_model (page);
  CD_GUI_TEST_WAIT_UNTIL (!cd_sensitivity_page_is_loading (page) && g_list_model_get_n_items (model) == 1);

  /* The side panel's button opens the dialog for the selected asset. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (cd_sensitivity_page_get_export_button (page))));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, TRUE);
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (cd_sensitivity_page_get_export_button (page))));
  cd_gui_test_click (cd_sensitivity_page_get_export_button (page));
  g_assert_true (CD_IS_DEIDENT_DIALOG (cd_sensitivity_page_get_dialog (page)));
  dialog = CD_DEIDENT_DIALOG (cd_sensitivity_page_get_dialog (page));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cd_deident_dialog_get_export_button (dialog))));

  /* The table: every column masked to begin with. */
  source = g_file_new_for_path (f.source);
  g_assert_true (cd_deident_dialog_open_source (dialog, source, &error));
  g_assert_no_error (error);
  CD_GUI_TEST_WAIT_UNTIL (cd_deident_dialog_get_rule_dropdown (dialog, "手机号") != NULL);
  g_assert_cmpuint (gtk_drop_down_get_selected (cd_deident_dialog_get_rule_dropdown (dialog, "姓名")), ==,
                    CD_DEIDENT_MASK);
  g_assert_cmpstr (cd_deident_dialog_get_sample (dialog, "手机号"), ==, "1***1");

  /* Rules: drop the name, age bands, sex kept, region prefix, phone masked. */
  set_rule (dialog, "姓名", CD_DEIDENT_DROP);
  set_rule (dialog, "年龄", CD_DEIDENT_GENERALIZE_AGE_BAND);
  set_rule (dialog, "性别", CD_DEIDENT_KEEP);
  set_rule (dialog, "地区", CD_DEIDENT_GENERALIZE_REGION_PREFIX);
  wait_updated (dialog);
  g_assert_cmpstr (cd_deident_dialog_get_sample (dialog, "姓名"), ==, _("(not exported)"));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cd_deident_dialog_get_qi_check (dialog, "姓名"))));
  g_assert_cmpstr (cd_deident_dialog_get_sample (dialog, "年龄"), ==, "30-39");
  g_assert_cmpstr (cd_deident_dialog_get_sample (dialog, "地区"), ==, "4401");
  {
    g_autofree char *kept = g_strdup_printf (_("%s (unchanged, shown masked)"), male);

    g_assert_cmpstr (cd_deident_dialog_get_sample (dialog, "性别"), ==, kept);
  }
  /* No raw identifier anywhere in the dialog. */
  for (guint v = 0; raw_values[v] != NULL; v++)
    g_assert_false (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), raw_values[v]));
  g_assert_true (cd_gui_test_widget_shows_text (GTK_WIDGET (dialog), "1***1"));

  /* Quasi-identifiers age, sex, region: k = 1, every group below 5. */
  set_qi (dialog, "年龄", TRUE);
  set_qi (dialog, "性别", TRUE);
  set_qi (dialog, "地区", TRUE);
  wait_updated (dialog);
  {
    g_autofree char *text = below_text (1, 3, 5, 5);
    g_autofree char *values1 = g_strdup_printf ("20-29 / %s / 4401", male);
    g_autofree char *values2 = g_strdup_printf ("30-39 / %s / 4401", male);
    g_autofree char *values3 = g_strdup_printf ("50-59 / %s / 3101", female);
    g_autofree char *g1 = group_text (values1, "6", 1);
    g_autofree char *g2 = group_text (values2, "2, 3", 2);
    g_autofree char *g3 = group_text (values3, "4, 5", 2);

    g_assert_cmpstr (gtk_label_get_text (cd_deident_dialog_get_result_label (dialog)), ==, text);
    g_assert_cmpuint (g_list_model_get_n_items (cd_deident_dialog_get_groups (dialog)), ==, 3);
    assert_group (dialog, 0, g1);
    assert_group (dialog, 1, g2);
    assert_group (dialog, 2, g3);
  }
  anonymized = cd_deident_dialog_get_label_check (dialog, CD_DEIDENT_LABEL_ANONYMIZED);
  deidentified = cd_deident_dialog_get_label_check (dialog, CD_DEIDENT_LABEL_DEIDENTIFIED);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (anonymized)));
  g_assert_true (gtk_check_button_get_active (deidentified));

  /* Threshold 2: only the one-row group breaks it. */
  gtk_spin_button_set_value (cd_deident_dialog_get_threshold_spin (dialog), 2);
  wait_updated (dialog);
  {
    g_autofree char *text = below_text (1, 1, 1, 2);
    g_autofree char *values = g_strdup_printf ("20-29 / %s / 4401", male);
    g_autofree char *g1 = group_text (values, "6", 1);

    g_assert_cmpstr (gtk_label_get_text (cd_deident_dialog_get_result_label (dialog)), ==, text);
    g_assert_cmpuint (g_list_model_get_n_items (cd_deident_dialog_get_groups (dialog)), ==, 1);
    assert_group (dialog, 0, g1);
  }
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (anonymized)));
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "deident-dialog");

  /* Exported de-identified: the exact cells. */
  out_path = g_build_filename (f.exports, "customers-deidentified.csv", NULL);
  {
    g_autoptr(GFile) out = g_file_new_for_path (out_path);
    g_autoptr(GPtrArray) rows = NULL;
    const char *header[] = { "年龄", "性别", "地区", "手机号", NULL };
    const char *r1[] = { "30-39", "男", "4401", "1***1", NULL };
    const char *r2[] = { "30-39", "男", "4401", "1***2", NULL };
    const char *r3[] = { "50-59", "女", "3101", "1***3", NULL };
    const char *r4[] = { "50-59", "女", "3101", "1***4", NULL };
    const char *r5[] = { "20-29", "男", "4401", "1***5", NULL };

    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (cd_deident_dialog_get_export_button (dialog))));
    g_assert_true (cd_deident_dialog_export_to_file (dialog, out, &error));
    g_assert_no_error (error);
    rows = read_export (out_path);
    g_assert_cmpuint (rows->len, ==, 6);
    assert_row (rows, 0, header);
    assert_row (rows, 1, r1);
    assert_row (rows, 2, r2);
    assert_row (rows, 3, r3);
    assert_row (rows, 4, r4);
    assert_row (rows, 5, r5);
  }
  g_assert_true (cd_gui_test_label_shows (cd_deident_dialog_get_status_label (dialog)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_deident_dialog_get_error_label (dialog))));
  g_assert_cmpuint (count_audit (f.tc.store, "plan.export"), ==, 1);

  /* Without the age, k = 2 reaches 2: "anonymized" may be chosen. */
  set_qi (dialog, "年龄", FALSE);
  wait_updated (dialog);
  {
    g_autofree char *text = g_strdup_printf (_("k = %u: every group has at least %u rows — it may be labelled anonymized"),
                                             2, 2);

    g_assert_cmpstr (gtk_label_get_text (cd_deident_dialog_get_result_label (dialog)), ==, text);
  }
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (anonymized)));
  gtk_check_button_set_active (anonymized, TRUE);
  anon_path = g_build_filename (f.exports, "customers-anonymized.csv", NULL);
  {
    g_autoptr(GFile) out = g_file_new_for_path (anon_path);
    g_autoptr(GPtrArray) rows = NULL;

    g_assert_true (cd_deident_dialog_export_to_file (dialog, out, &error));
    g_assert_no_error (error);
    rows = read_export (anon_path);
    g_assert_cmpuint (rows->len, ==, 6);
  }
  g_assert_cmpuint (count_audit (f.tc.store, "plan.export"), ==, 2);
  {
    g_autoptr(GPtrArray) entries = cd_store_list_audit (f.tc.store, &error);
    const CdAuditEntry *last = entries->pdata[entries->len - 1];
    g_autoptr(CdAsset) asset = cd_sensitivity_page_get_asset (page, 0);

    g_assert_cmpstr (last->action, ==, "plan.export");
    g_assert_cmpstr (last->object, ==, cd_asset_get_id (asset));
    g_assert_nonnull (strstr (last->details, "\"anonymized\""));
  }

  /* A threshold of 3 refuses the label again, and goes back to de-identified. */
  gtk_spin_button_set_value (cd_deident_dialog_get_threshold_spin (dialog), 3);
  wait_updated (dialog);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (anonymized)));
  g_assert_false (gtk_check_button_get_active (anonymized));
  g_assert_true (gtk_check_button_get_active (deidentified));

  /* Not into a scanned folder, nor beside the source. */
  in_scan = g_build_filename (f.scanned, "out.csv", NULL);
  beside = g_build_filename (f.tc.dir, "crm-export", "out.csv", NULL);
  {
    g_autoptr(GFile) out = g_file_new_for_path (in_scan);

    g_assert_false (cd_deident_dialog_export_to_file (dialog, out, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_PROTECTED_PATH);
    g_assert_true (cd_gui_test_label_shows (cd_deident_dialog_get_error_label (dialog)));
    g_assert_cmpstr (gtk_label_get_text (cd_deident_dialog_get_error_label (dialog)), ==, error->message);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (cd_deident_dialog_get_status_label (dialog))));
    g_assert_false (g_file_test (in_scan, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
  cd_gui_test_settle (300);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "deident-dialog-refused");
  {
    g_autoptr(GFile) out = g_file_new_for_path (beside);

    g_assert_false (cd_deident_dialog_export_to_file (dialog, out, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_PROTECTED_PATH);
    g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }
  g_assert_cmpuint (count_audit (f.tc.store, "plan.export"), ==, 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
  cd_gui_test_settle (50);
  g_assert_null (cd_sensitivity_page_get_dialog (page));
  gtk_window_destroy (GTK_WINDOW (window));
  cd_gui_test_settle (50);
  fixture_teardown (&f);
}

/* A file that is not a table is refused in the dialog, which stays empty. */
static void
test_bad_source (void)
{
  Fixture f = { 0, };
  CdDeidentDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CdAsset) asset = NULL;
  g_autoptr(GListModel) assets = NULL;

  if (!cd_gui_test_begin ())
    return;
  fixture_setup (&f);
  assets = cd_store_list_assets (f.tc.store, &error);
  g_assert_no_error (error);
  asset = g_list_model_get_item (assets, 0);

  path = g_build_filename (f.tc.dir, "broken.csv", NULL);
  g_assert_true (g_file_set_contents (path, "a,b\n\"unterminated,1\n", -1, &error));
  file = g_file_new_for_path (path);
  dialog = cd_deident_dialog_new (NULL, f.tc.store, asset);
  gtk_window_present (GTK_WINDOW (dialog));
  CD_GUI_TEST_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_false (cd_deident_dialog_open_source (dialog, file, &error));
  g_assert_error (error, CD_CSV_ERROR, CD_CSV_ERROR_UNTERMINATED_QUOTE);
  g_assert_true (cd_gui_test_label_shows (cd_deident_dialog_get_error_label (dialog)));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cd_deident_dialog_get_export_button (dialog))));
  cd_gui_test_settle (200);
  cd_gui_test_save_screenshot (GTK_WIDGET (dialog), "deident-dialog-empty");

  gtk_window_destroy (GTK_WINDOW (dialog));
  cd_gui_test_settle (50);
  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  cd_gui_test_init (&argc, &argv, CD_GUI_TEST_PRIVATE_HOME);

  g_test_add_func ("/deident-dialog/export", test_export);
  g_test_add_func ("/deident-dialog/bad-source", test_bad_source);

  return cd_gui_test_run ();
}
