/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the tests: temporary case files and deterministic
 * synthetic identifiers (valid check characters, never real people's). */

#include "config.h"

#include <string.h>

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <sqlite3.h>

#include "cd-test-util.h"

CdStore *
cd_test_create_case (const char  *path,
                     GError     **error)
{
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  CdKdfParams params;

  cd_kdf_params_init_fast (&params);
  cd_case_info_set_company_name (info, "上海示例贸易有限公司");
  cd_case_info_set_uscc (info, "91350100M000100Y43");
  cd_case_info_set_route (info, CD_ROUTE_GENERAL);
  cd_case_info_set_consultant (info, "王顾问");

  return cd_store_create (path, CD_TEST_PASSPHRASE, &params, info, "测试顾问", error);
}

void
cd_test_case_setup (CdTestCase    *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("cd-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "case.closurecase", NULL);
  fixture->store = cd_test_create_case (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

void
cd_test_case_teardown (CdTestCase    *fixture,
                       gconstpointer  data)
{
  g_clear_object (&fixture->store);
  cd_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

/* Whether @name is on the PATH (tests of interoperability with age,
 * minisign, pdftotext… skip what the machine lacks). */
gboolean
cd_test_have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* CPU time (user + system) of this process, or with @children of the
 * child processes waited for, in seconds: the benchmarks' second figure
 * beside the wall clock. */
double
cd_test_cpu_seconds (gboolean children)
{
  struct rusage usage;

  getrusage (children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

void
cd_test_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          cd_test_rm_rf (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

gboolean
cd_test_file_contains (const char *path,
                       const void *needle,
                       gsize       needle_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, needle_len) != NULL;
}

/**
 * cd_test_resident_id:
 * @n: any number; equal @n give equal ids
 *
 * A synthetic 18-character resident ID with a real birth date and a valid
 * GB 11643 check character.
 */
char *
cd_test_resident_id (guint n)
{
  static const char * const regions[] = { "110101", "310115", "440305", "510107", "330106" };
  g_autoptr(GDate) date = g_date_new_dmy (1, 1, 1950);
  char body[18];
  char out[19];

  g_date_add_days (date, n % 20000);
  g_snprintf (body, sizeof body, "%s%04u%02u%02u%03u",
              regions[n % G_N_ELEMENTS (regions)],
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
              (n / 20000) % 1000);
  memcpy (out, body, 17);
  out[17] = cd_ident_resident_id_check_char (body);
  out[18] = '\0';
  return g_strdup (out);
}

char *
cd_test_mobile (guint n)
{
  return g_strdup_printf ("13%c%08u", '0' + (n % 10), n % 100000000);
}

/**
 * cd_test_sql_exec:
 *
 * Runs @sql on a closed case file behind the store's back, as someone
 * tampering with the file would.
 */
void
cd_test_sql_exec (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/**
 * cd_test_customers_csv:
 *
 * A customers CSV of @n individuals with valid synthetic IDs and phones,
 * in the core's import columns (the benchmarks' large case).
 */
GString *
cd_test_customers_csv (guint n)
{
  static const char * const surnames[] = { "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴" };
  static const char * const given[] = { "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "杰", "涛" };
  GString *csv = g_string_new ("kind,name,phone,id_number,email,address,notes\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = cd_test_resident_id (i);
      g_autofree char *phone = cd_test_mobile (i);

      g_string_append_printf (csv,
                              "individual,%s%s%s,%s,%s,user%u@example.com,"
                              "\"上海市浦东新区世纪大道%u号%u室\",客户编号 C%06u\r\n",
                              surnames[i % 10], given[(i / 10) % 10], given[(i / 100) % 10],
                              phone, id, i, i % 2000 + 1, i % 3000 + 101, i);
    }
  return csv;
}

/**
 * cd_test_make_assets:
 *
 * @n assets spread over every medium and record type.
 */
GPtrArray *
cd_test_make_assets (guint n)
{
  GPtrArray *assets = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      CdAsset *asset = cd_asset_new ();
      g_autofree char *location = g_strdup_printf ("\\\\FS01\\客户档案\\%04u\\客户登记表-%06u.xlsx",
                                                   2010 + i % 15, i);

      cd_asset_set_location (asset, location);
      cd_asset_set_medium (asset, (CdMedium) (i % CD_N_MEDIA));
      cd_asset_set_record_type (asset, (CdRecordType) (i % CD_N_RECORD_TYPES));
      cd_asset_set_format (asset, "Excel");
      cd_asset_set_records (asset, i % 5000);
      cd_asset_set_customers (asset, i % 800);
      cd_asset_set_custodian (asset, "信息部 赵磊");
      g_ptr_array_add (assets, asset);
    }
  return assets;
}

char *
cd_test_add_planned_asset (CdStore       *store,
                           const char    *location,
                           CdMedium       medium,
                           CdDisposition  disposition)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAsset) asset = cd_asset_new ();
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  CdAssetPlan *plan;

  cd_asset_set_location (asset, location);
  cd_asset_set_medium (asset, medium);
  cd_asset_set_record_type (asset, CD_RECORD_TYPE_PERSONAL);
  cd_asset_set_format (asset, "mixed");
  g_assert_true (cd_store_add_asset (store, asset, &error));
  g_assert_no_error (error);

  plan = cd_asset_plan_new (cd_asset_get_id (asset));
  plan->categories = CD_CATEGORY_GENERAL;
  plan->disposition = disposition;
  if (cd_disposition_retains (disposition))
    plan->retain_until = g_strdup ("2056-12-31");
  plan->decided_by = g_strdup ("王顾问");
  plan->decided_at = g_get_real_time () / G_USEC_PER_SEC;
  g_ptr_array_add (plans, plan);
  g_assert_true (cd_store_set_asset_plans (store, plans, &error));
  g_assert_no_error (error);
  return g_strdup (cd_asset_get_id (asset));
}

static void
show_line (cairo_t     *cr,
           PangoLayout *layout,
           double       y,
           const char  *text)
{
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, 72, y);
  pango_cairo_show_layout (cr, layout);
}

void
cd_test_write_contract_pdf (const char *path,
                            const char *name,
                            const char *id_number,
                            const char *phone,
                            const char *other_phone)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Sans CJK SC 12");
  g_autofree char *party = g_strdup_printf ("乙方：%s", name);
  g_autofree char *id_line = g_strdup_printf ("身份证号：%s", id_number);
  g_autofree char *phone_line = g_strdup_printf ("联系电话：%s", phone);
  g_autofree char *contact_line = g_strdup_printf ("紧急联系人电话：%s", other_phone);
  g_autofree char *signature = g_strdup_printf ("乙方签字：%s", name);

  pango_layout_set_font_description (layout, font);
  show_line (cr, layout, 72, "婚宴服务合同");
  show_line (cr, layout, 110, party);
  show_line (cr, layout, 130, id_line);
  show_line (cr, layout, 150, phone_line);
  cairo_show_page (cr);
  show_line (cr, layout, 72, "第二条 服务内容与价款");
  show_line (cr, layout, 92, "甲方按约定菜单提供婚宴服务，共二十桌。");
  show_line (cr, layout, 112, contact_line);
  cairo_show_page (cr);
  show_line (cr, layout, 72, signature);
  cairo_show_page (cr);

  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

char *
cd_test_pdftotext (const char *path)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return cd_redact_strip_separators (out);
}

/* Runs @argv on a pseudo-terminal, answering each passphrase prompt
 * (age reads passphrases from the terminal only). Returns the exit
 * status; the terminal's output goes to @out_text. */
int
cd_test_run_on_pty (const char * const *argv,
                    const char         *passphrase,
                    char              **out_text)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint answered = 0;
  int master = -1;
  int status = 0;
  pid_t pid;

  pid = forkpty (&master, NULL, NULL, NULL);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      execvp (argv[0], (char * const *) argv);
      _exit (127);
    }

  for (;;)
    {
      struct pollfd pfd = { master, POLLIN, 0 };
      char buf[512];
      ssize_t n;
      guint prompts = 0;

      if (poll (&pfd, 1, 60000) <= 0)
        {
          kill (pid, SIGKILL);
          break;
        }
      n = read (master, buf, sizeof buf);
      if (n <= 0)
        break;
      g_string_append_len (text, buf, n);

      /* A prompt is complete once its ": " has arrived. */
      for (const char *p = strstr (text->str, "passphrase"); p != NULL; p = strstr (p + 1, "passphrase"))
        {
          const char *colon = strstr (p, ": ");
          const char *nl = strchr (p, '\n');

          if (colon != NULL && (nl == NULL || colon < nl))
            prompts++;
        }
      while (answered < prompts)
        {
          g_assert_cmpint (write (master, passphrase, strlen (passphrase)), ==, (gssize) strlen (passphrase));
          g_assert_cmpint (write (master, "\n", 1), ==, 1);
          answered++;
        }
    }

  close (master);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (out_text != NULL)
    *out_text = g_strdup (text->str);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}
