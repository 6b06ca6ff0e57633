/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The disposal report and the commitment letter (issue 9): what a reader
 * finds in the PDF (pdftotext), figures computed here from the case, the
 * draft and broken-log warnings on page 1, empty sections, pagination,
 * embedded fonts, the minisign signature checked with the real minisign,
 * and cd_report_verify () on genuine, tampered and foreign files. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cd-plan-check.h"
#include "cd-report.h"
#include "cd-test-util.h"

/* The demo case is made once (2,000 customers) and shared, read-only
 * except where a test says so. */
static char    *demo_dir;
static CdStore *demo_store;

/* -- helpers --------------------------------------------------------------- */

static char *
run_tool (const char * const *argv,
          int                *out_status)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  if (out_status != NULL)
    *out_status = status;
  else
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Without any whitespace: text that wraps across lines still matches. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
  return g_string_free (out, FALSE);
}

/* A line of letters of the diagonal draft watermark, which pdftotext
 * gives a letter or two a line (or one character of anything). */
static gboolean
only_watermark (const char *line)
{
  static const char * const letters[] = { "草", "稿", "/", "D", "R", "A", "F", "T" };
  const char *p = line;

  if (g_utf8_strlen (line, -1) <= 1)
    return TRUE;
  while (*p != '\0')
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (letters) && !found; i++)
        if (g_str_has_prefix (p, letters[i]))
          {
            p += strlen (letters[i]);
            found = TRUE;
          }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* The text of pages @first..@last (0: to the end), as pdftotext -layout
 * gives it, without whitespace and without the watermark's lines. */
static char *
page_text (const char *path,
           guint       first,
           guint       last)
{
  g_autofree char *f = g_strdup_printf ("%u", first);
  g_autofree char *l = g_strdup_printf ("%u", last);
  const char *argv_range[] = { "pdftotext", "-layout", "-enc", "UTF-8", "-f", f, "-l", l, path, "-", NULL };
  const char *argv_all[] = { "pdftotext", "-layout", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run_tool (last > 0 ? argv_range : argv_all, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = squeeze (lines[i]);

      if (!only_watermark (line))
        g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

/* The characters pdftotext gives one to a line on page @page (0: all):
 * how the diagonal watermark comes out, letter by letter. */
static char *
lone_characters (const char *path,
                 guint       page)
{
  g_autofree char *n = g_strdup_printf ("%u", page);
  const char *argv_page[] = { "pdftotext", "-enc", "UTF-8", "-f", n, "-l", n, path, "-", NULL };
  const char *argv_all[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *text = run_tool (page > 0 ? argv_page : argv_all, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = squeeze (lines[i]);

      if (g_utf8_strlen (line, -1) == 1)
        g_string_append (out, line);
    }
  return g_string_free (out, FALSE);
}

static void
assert_watermark (const char *path,
                  guint       page,
                  gboolean    present)
{
  static const char * const letters[] = { "草", "稿", "D", "R", "A", "F", "T" };
  g_autofree char *lone = lone_characters (path, page);

  for (guint i = 0; i < G_N_ELEMENTS (letters); i++)
    {
      if (present)
        g_assert_nonnull (strstr (lone, letters[i]));
      else if (i < 2)
        g_assert_null (strstr (lone, letters[i]));
    }
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = run_tool (argv, NULL);
  const char *line = strstr (out, "Pages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
}

static void
assert_fonts_embedded (const char *path)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *out = run_tool (argv, NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint fonts = 0;

  /* Two header lines, then one line per font: "emb" is the 4th column
   * from the right (emb sub uni object ID). */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint n;

      if (*lines[i] == '\0')
        continue;
      cols = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);
      n = g_strv_length (cols);
      g_assert_cmpuint (n, >=, 6);
      g_assert_cmpstr (cols[n - 5], ==, "yes");
      fonts++;
    }
  g_assert_cmpuint (fonts, >, 0);
}

/* To look at the results: CD_TEST_REPORT_DIR=/some/dir keeps a copy. */
static void
keep_copy (const char *path,
           const char *what,
           const char *language)
{
  g_autofree char *name = g_strdup_printf ("%s-%s.pdf", what, language);
  g_autofree char *keep = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;

  if (g_getenv ("CD_TEST_REPORT_DIR") == NULL)
    return;
  keep = g_build_filename (g_getenv ("CD_TEST_REPORT_DIR"), name, NULL);
  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  g_assert_true (g_file_set_contents (keep, data, (gssize) size, NULL));
}

static CdReport *
make_report (CdStore      *store,
             CdReportKind  kind,
             const char   *language)
{
  g_autoptr(GError) error = NULL;
  CdReport *report = cd_report_new (store, kind, language, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
write_report (CdReport   *report,
              const char *dir,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (cd_report_write_pdf (report, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (path), ==, cd_report_get_n_pages (report));
  return path;
}

static void
add_customers (CdStore *store,
               guint    n)
{
  static const char * const surnames[] = { "张", "王", "李", "赵", "刘", "陈", "杨", "黄" };
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      CdCustomer *customer = cd_customer_new (CD_CUSTOMER_KIND_INDIVIDUAL);
      g_autofree char *name = g_strdup_printf ("%s测%u", surnames[i % G_N_ELEMENTS (surnames)], i);
      g_autofree char *phone = cd_test_mobile (i);

      cd_customer_set_name (customer, name);
      cd_customer_set_phone (customer, phone);
      g_ptr_array_add (customers, customer);
    }
  g_assert_true (cd_store_import_customers (store, customers, "test", NULL, NULL, &error));
  g_assert_no_error (error);
}

static CdStore *
new_case (const char *dir,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  CdStore *store = cd_test_create_case (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* -- the demo report ------------------------------------------------------- */

static void
check_demo (const char *language)
{
  static const char * const headings_zh[] = { "客户信息处置报告", "一、案件基本情况", "二、数据盘点概况", "三、敏感度分类",
                                              "四、处置决定及执行情况", "五、客户告知", "六、留存档案",
                                              "七、销毁记录", "八、脱敏处理记录", "九、记录完整性", "十、签署",
                                              "附录：客户明细" };
  static const char * const headings_en[] = { "Customer Information Disposal Report", "1. The case",
                                              "2. Inventory summary",
                                              "3. Classification", "4. Dispositions and their execution",
                                              "5. Customer notices", "6. Retained archives", "7. Destruction records",
                                              "8. Redactions performed", "9. Integrity of the records",
                                              "10. Signatures", "Appendix: customers" };
  gboolean en = strcmp (language, "en") == 0;
  const char * const *headings = en ? headings_en : headings_zh;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdReport) report = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GPtrArray) vaults = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autofree char *first = NULL;
  g_autofree char *head = NULL;
  g_autofree char *needle = NULL;
  guint64 records = 0;
  guint sent = 0, overdue = 0;
  GDateTime *now;
  g_autofree char *today = NULL;
  gint64 start;

  info = cd_store_get_case_info (demo_store, &error);
  g_assert_no_error (error);
  assets = cd_store_list_assets (demo_store, &error);
  g_assert_no_error (error);
  vaults = cd_store_list_vaults (demo_store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vaults->len, >=, 1);
  notices = cd_store_list_notices (demo_store, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  report = make_report (demo_store, CD_REPORT_KIND_REPORT, language);
  path = write_report (report, dir, "demo.pdf");
  keep_copy (path, "demo", language);
  g_test_message ("demo report (%s): %u pages in %.2f s", language, cd_report_get_n_pages (report),
                  (g_get_monotonic_time () - start) / 1e6);
  /* Read after the report: the head it states is the head now. */
  audit = cd_store_list_audit (demo_store, &error);
  g_assert_no_error (error);
  head = cd_audit_hash_to_hex (((CdAuditEntry *) audit->pdata[audit->len - 1])->hash);

  g_assert_cmpstr (cd_report_get_language (report), ==, language);
  g_assert_cmpint (cd_report_get_kind (report), ==, CD_REPORT_KIND_REPORT);
  /* The demo keeps four deliberate plan errors. */
  g_assert_true (cd_report_is_draft (report));

  text = page_text (path, 0, 0);
  flat = squeeze (text);
  for (guint i = 0; i < G_N_ELEMENTS (headings_zh); i++)
    {
      g_autofree char *h = squeeze (headings[i]);

      if (strstr (flat, h) == NULL)
        g_error ("heading “%s” missing", headings[i]);
    }
  g_assert_nonnull (strstr (flat, cd_case_info_get_company_name (info)));
  g_assert_nonnull (strstr (flat, cd_case_info_get_uscc (info)));
  g_assert_nonnull (strstr (flat, head));
  for (guint i = 0; i < vaults->len; i++)
    g_assert_nonnull (strstr (flat, ((CdVaultRecord *) vaults->pdata[i])->sha256));

  /* Totals: assets and their records, customers, notices, audit entries. */
  for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);

      records += (guint64) cd_asset_get_records (asset);
    }
  needle = g_strdup_printf ("%s%u%" G_GUINT64_FORMAT, en ? "Total" : "合计", g_list_model_get_n_items (assets),
                            records);
  g_assert_nonnull (strstr (flat, needle));
  g_clear_pointer (&needle, g_free);
  needle = g_strdup_printf ("%s%u", en ? "Total" : "合计", CD_DEMO_N_CUSTOMERS);
  g_assert_nonnull (strstr (flat, needle));
  g_clear_pointer (&needle, g_free);
  needle = g_strdup_printf ("%s%u", en ? "Auditlogentries" : "审计日志条数", audit->len);
  g_assert_nonnull (strstr (flat, needle));
  g_clear_pointer (&needle, g_free);

  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y-%m-%d");
  g_date_time_unref (now);
  for (guint i = 0; i < notices->len; i++)
    {
      const CdNotice *notice = notices->pdata[i];

      if (notice->state == CD_NOTICE_SENT)
        sent++;
      if (cd_notice_is_overdue (notice, today))
        overdue++;
    }
  g_assert_cmpuint (sent, >, 0);
  needle = g_strdup_printf ("%s%u", en ? "Noticessent" : "已发出告知函", sent);
  g_assert_nonnull (strstr (flat, needle));
  g_clear_pointer (&needle, g_free);
  needle = g_strdup_printf ("%s%u", en ? "Overdueatreporttime" : "报告时已逾期未复", overdue);
  g_assert_nonnull (strstr (flat, needle));
  g_clear_pointer (&needle, g_free);

  /* The destruction run's operator and witness, the paper record's level. */
  g_assert_nonnull (strstr (flat, "林小红"));
  g_assert_nonnull (strstr (flat, "P-4"));
  /* Section 8 is empty in the demo: it says so. */
  g_assert_nonnull (strstr (flat, en ? "8.Redactionsperformed" "None." : "八、脱敏处理记录" "无。"));

  /* Page 1 says why this is a draft. */
  first = page_text (path, 1, 1);
  g_assert_nonnull (strstr (first, en ? "DRAFT" : "草稿"));
  g_assert_nonnull (strstr (first, en ? "nodispositiondecided" : "未决定处置方式"));

  /* No customer is named in full in the appendix: the demo's first
   * customer's name is not in the text, its masked form is. */
  {
    g_autoptr(GListModel) customers = cd_store_list_customers (demo_store, &error);
    g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, 0);
    g_autofree char *masked = cd_customer_dup_masked_name (customer);

    g_assert_no_error (error);
    g_assert_null (strstr (flat, cd_customer_get_name (customer)));
    g_assert_nonnull (strstr (flat, masked));
  }

  assert_fonts_embedded (path);
  cd_test_rm_rf (dir);
}

static void
test_demo_zh (void)
{
  check_demo ("zh_CN");
}

static void
test_demo_en (void)
{
  check_demo ("en");
}

static void
test_checks (void)
{
  g_autoptr(CdReport) report = make_report (demo_store, CD_REPORT_KIND_REPORT, NULL);
  GPtrArray *checks = cd_report_get_checks (report);
  guint blocking = 0;

  g_assert_cmpstr (cd_report_get_language (report), ==, "zh_CN");
  g_assert_cmpuint (checks->len, ==, 8);
  for (guint i = 0; i < checks->len; i++)
    {
      CdReportCheck *check = checks->pdata[i];

      g_assert_nonnull (check->title);
      if (check->blocking)
        {
          blocking++;
          g_assert_false (check->done);
          g_assert_nonnull (check->detail);
        }
    }
  g_assert_cmpuint (blocking, ==, 1);
  /* Case details, inventory: done in the demo. */
  g_assert_true (((CdReportCheck *) checks->pdata[0])->done);
  g_assert_true (((CdReportCheck *) checks->pdata[1])->done);
  /* Some notices are overdue in the demo. */
  g_assert_false (((CdReportCheck *) checks->pdata[4])->done);
}

/* -- bad input ------------------------------------------------------------- */

static void
test_empty_sections (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) store = new_case (dir, "empty.closurecase");

  for (guint l = 0; l < 2; l++)
    {
      const char *language = l == 0 ? "zh_CN" : "en";
      const char *none = l == 0 ? "无。" : "None.";
      g_autoptr(CdReport) report = make_report (store, CD_REPORT_KIND_REPORT, language);
      g_autofree char *path = write_report (report, dir, l == 0 ? "zh.pdf" : "en.pdf");
      g_autofree char *text = page_text (path, 0, 0);
      g_autofree char *flat = squeeze (text);
      guint n = 0;

      /* Nothing in the plan: no errors, not a draft. */
      g_assert_false (cd_report_is_draft (report));
      for (const char *p = strstr (flat, none); p != NULL; p = strstr (p + 1, none))
        n++;
      /* Inventory (4 parts), classification, dispositions, notices (3),
       * archives (2), destruction (2), redactions, appendix. */
      g_assert_cmpuint (n, >=, 12);
      g_assert_nonnull (strstr (flat, l == 0 ? "八、脱敏处理记录无。" : "8.RedactionsperformedNone."));
      g_assert_nonnull (strstr (flat, l == 0 ? "附录：客户明细无。" : "Appendix:customersNone."));
    }
  cd_test_rm_rf (dir);
}

/* Sections 2 (scan coverage) and 8 (redactions), empty in the demo. */
static void
test_scans_redactions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) store = new_case (dir, "scans.closurecase");
  g_autofree char *share = g_build_filename (dir, "共享盘", NULL);
  g_autofree char *input = g_build_filename (dir, "合同-张三.pdf", NULL);
  g_autofree char *output = g_build_filename (dir, "合同-张三-脱敏.pdf", NULL);
  const char *roots[] = { share, NULL };
  CdRedactResult result = { 0, };
  g_autofree char *redaction = NULL;
  g_autoptr(CdReport) report = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  gint64 scan;

  g_assert_cmpint (g_mkdir (share, 0700), ==, 0);
  scan = cd_store_begin_scan (store, roots, &error);
  g_assert_no_error (error);
  g_assert_true (cd_store_finish_scan (store, scan, &error));
  g_assert_no_error (error);

  cd_test_write_contract_pdf (input, "张三", "110101199003074514", "13800138000", "13900139000");
  cd_test_write_contract_pdf (output, "**", "******************", "***********", "***********");
  result.n_pages = 3;
  result.n_boxes = 7;
  result.verified = TRUE;
  redaction = cd_store_add_redaction (store, input, output, &result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (redaction);

  report = make_report (store, CD_REPORT_KIND_REPORT, "zh_CN");
  pdf = write_report (report, dir, "report.pdf");
  text = page_text (pdf, 0, 0);
  g_assert_nonnull (strstr (text, share));
  g_assert_null (strstr (text, "扫描覆盖情况无。"));
  g_assert_nonnull (strstr (text, "合同-张三-脱敏.pdf"));
  g_assert_nonnull (strstr (text, "八、脱敏处理记录原文件脱敏副本"));
  cd_test_rm_rf (dir);
}

static void
test_pages_grow (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) small = new_case (dir, "small.closurecase");
  g_autoptr(CdStore) large = new_case (dir, "large.closurecase");
  g_autoptr(CdReport) small_report = NULL;
  g_autoptr(CdReport) large_report = NULL;
  g_autofree char *large_path = NULL;
  g_autofree char *last = NULL;
  guint small_pages, large_pages;

  add_customers (small, 20);
  add_customers (large, 2000);
  small_report = make_report (small, CD_REPORT_KIND_REPORT, "zh_CN");
  large_report = make_report (large, CD_REPORT_KIND_REPORT, "zh_CN");
  small_pages = cd_report_get_n_pages (small_report);
  large_pages = cd_report_get_n_pages (large_report);
  g_test_message ("20 customers: %u pages; 2000 customers: %u pages", small_pages, large_pages);
  /* Some 30–60 rows a page: 2,000 rows need tens of pages more. */
  g_assert_cmpuint (large_pages, >=, small_pages + 20);
  g_assert_cmpuint (large_pages, <=, small_pages + 200);

  /* The last row is on the last page, with the repeated header. */
  large_path = write_report (large_report, dir, "large.pdf");
  last = page_text (large_path, large_pages, large_pages);
  g_assert_nonnull (strstr (last, "2000"));
  g_assert_nonnull (strstr (last, "序号"));
  cd_test_rm_rf (dir);
}

static void
test_long_name (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) store = new_case (dir, "long.closurecase");
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (store, &error);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) address = g_string_new ("上海市");

  /* 300 characters in the 512 bytes a name may have. */
  for (guint i = 0; g_utf8_strlen (name->str, -1) < 300; i++)
    g_string_append_printf (name, "第%02u", i % 100);
  g_assert_cmpuint (strlen (name->str), <=, 512);
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (address, "第%u弄", i);
  cd_case_info_set_company_name (info, name->str);
  cd_case_info_set_address (info, address->str);
  g_assert_true (cd_store_update_case_info (store, info, &error));
  g_assert_no_error (error);

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(CdReport) report = make_report (store, k == 0 ? CD_REPORT_KIND_REPORT : CD_REPORT_KIND_COMMITMENT,
                                                "zh_CN");
      g_autofree char *path = write_report (report, dir, k == 0 ? "report.pdf" : "commitment.pdf");
      g_autofree char *text = page_text (path, 1, 1);
      g_autofree char *flat = squeeze (text);

      g_assert_nonnull (strstr (flat, name->str));
      if (k == 0)
        g_assert_nonnull (strstr (flat, address->str));
    }
  cd_test_rm_rf (dir);
}

static void
test_broken_audit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "broken.closurecase", NULL);
  g_autoptr(CdStore) store = cd_test_create_case (path, &error);
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  id = cd_test_add_planned_asset (store, "服务器/会员库", CD_MEDIUM_SERVER, CD_DISPOSITION_DESTROY);
  cd_test_sql_exec (path, "UPDATE audit SET details = '{\"records\":0}' WHERE seq = 2;");

  for (guint l = 0; l < 2; l++)
    {
      g_autoptr(CdReport) report = make_report (store, CD_REPORT_KIND_REPORT, l == 0 ? "zh_CN" : "en");
      g_autofree char *pdf = write_report (report, dir, l == 0 ? "zh.pdf" : "en.pdf");
      g_autofree char *first = page_text (pdf, 1, 1);
      g_autofree char *flat = squeeze (first);
      GPtrArray *checks = cd_report_get_checks (report);

      g_assert_nonnull (strstr (flat, l == 0 ? "审计日志校验失败：第2条" : "THEAUDITLOGFAILEDVERIFICATION:itwasalteredatentry2"));
      g_assert_false (((CdReportCheck *) checks->pdata[checks->len - 1])->done);
    }
  cd_test_rm_rf (dir);
}

static void
test_draft (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) store = new_case (dir, "draft.closurecase");
  g_autoptr(CdAsset) undecided = cd_asset_new ();
  g_autofree char *id = cd_test_add_planned_asset (store, "服务器/订单库", CD_MEDIUM_SERVER, CD_DISPOSITION_DESTROY);

  /* Decided: a final report. */
  {
    g_autoptr(CdReport) report = make_report (store, CD_REPORT_KIND_REPORT, "en");
    g_autofree char *pdf = write_report (report, dir, "final.pdf");
    g_autofree char *text = page_text (pdf, 0, 0);

    g_assert_false (cd_report_is_draft (report));
    g_assert_null (strstr (text, "DRAFT"));
    g_assert_null (strstr (text, "草稿"));
    assert_watermark (pdf, 0, FALSE);
  }

  /* One asset without a decision: a draft that says why on page 1. */
  cd_asset_set_location (undecided, "收银电脑/导出");
  cd_asset_set_medium (undecided, CD_MEDIUM_PC);
  cd_asset_set_record_type (undecided, CD_RECORD_TYPE_TRANSACTION);
  g_assert_true (cd_store_add_asset (store, undecided, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CdReport) report = make_report (store, CD_REPORT_KIND_REPORT, "zh_CN");
    g_autofree char *pdf = write_report (report, dir, "draft.pdf");
    g_autofree char *first = page_text (pdf, 1, 1);
    g_autofree char *flat = squeeze (first);

    g_assert_true (cd_report_is_draft (report));
    g_assert_nonnull (strstr (flat, "草稿——不是最终文本：处置计划检查尚有1项错误"));
    g_assert_nonnull (strstr (flat, "收银电脑/导出：未决定处置方式"));
    /* The watermark is on every page. */
    for (guint page = 1; page <= cd_report_get_n_pages (report); page++)
      assert_watermark (pdf, page, TRUE);
  }
  cd_test_rm_rf (dir);
}

static void
test_language (void)
{
  g_autoptr(GError) error = NULL;
  CdReport *report = cd_report_new (demo_store, CD_REPORT_KIND_REPORT, "fr", NULL, &error);

  g_assert_null (report);
  g_assert_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_LANGUAGE);
}

/* -- the commitment letter ------------------------------------------------- */

static void
test_commitment (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (demo_store, &error);

  for (guint l = 0; l < 2; l++)
    {
      g_autoptr(CdReport) report = make_report (demo_store, CD_REPORT_KIND_COMMITMENT, l == 0 ? "zh_CN" : "en");
      g_autofree char *path = write_report (report, dir, l == 0 ? "zh.pdf" : "en.pdf");
      g_autofree char *text = page_text (path, 0, 0);
      g_autofree char *flat = squeeze (text);

      keep_copy (path, "commitment", l == 0 ? "zh_CN" : "en");
      g_assert_cmpint (cd_report_get_kind (report), ==, CD_REPORT_KIND_COMMITMENT);
      g_assert_cmpuint (cd_report_get_n_pages (report), >=, 1);
      g_assert_cmpuint (cd_report_get_n_pages (report), <=, 2);
      g_assert_nonnull (strstr (flat, cd_case_info_get_company_name (info)));
      g_assert_nonnull (strstr (flat, cd_case_info_get_uscc (info)));
      g_assert_nonnull (strstr (flat, l == 0 ? "数据处置承诺书" : "DataDisposalCommitment"));
      /* The custodians of what is retained, and the contact. */
      g_assert_nonnull (strstr (flat, "周律师"));
      g_assert_nonnull (strstr (flat, "吴会计"));
      assert_fonts_embedded (path);
    }
  cd_test_rm_rf (dir);
}

/* -- export, signature, verification --------------------------------------- */

static void
test_export_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *letter = g_build_filename (dir, "letter.pdf", NULL);
  g_autofree char *key_path = g_build_filename (dir, "case.pub", NULL);
  g_autofree char *key = cd_store_signing_public_key_file (demo_store, &error);
  g_autofree char *sig = g_strconcat (pdf, ".minisig", NULL);
  g_autofree char *copy = g_build_filename (dir, "tampered.pdf", NULL);
  g_autofree char *copy_sig = g_strconcat (copy, ".minisig", NULL);
  g_autofree char *text = NULL;
  g_autoptr(CdReportVerification) v = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *head_before = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gsize length = 0;
  guint pages = 0;
  guint n_errors = 0;
  int status = 0;
  GDate today;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (key_path, key, -1, &error));
  before = cd_store_list_audit (demo_store, &error);
  g_assert_no_error (error);
  head_before = cd_audit_hash_to_hex (((CdAuditEntry *) before->pdata[before->len - 1])->hash);

  g_assert_true (cd_report_export (demo_store, pdf, "zh_CN", letter, &pages, &n_errors, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pages, ==, pdf_pages (pdf));
  /* Why it is a draft: the plan check's own count, as of today. */
  cd_date_set_today (&today);
  plans = cd_store_list_asset_plans (demo_store, &error);
  g_assert_no_error (error);
  problems = cd_plan_check_case (demo_store, plans, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_errors, ==, cd_plan_count_errors (problems));
  g_assert_cmpuint (n_errors, >, 0);

  /* One audit entry; the report states the head before it. */
  after = cd_store_list_audit (demo_store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  g_assert_cmpstr (((CdAuditEntry *) after->pdata[after->len - 1])->action, ==, "report.export");
  text = cd_test_pdftotext (pdf);
  g_assert_nonnull (strstr (text, head_before));

  /* The real minisign accepts both signatures. */
  for (guint i = 0; i < 2; i++)
    {
      const char *argv[] = { "minisign", "-Vm", i == 0 ? pdf : letter, "-p", key_path, NULL };
      g_autofree char *out = run_tool (argv, &status);

      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, head_before));
    }

  v = cd_report_verify (demo_store, pdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v);
  g_assert_true (v->signature_ok);
  g_assert_true (v->head_in_chain);
  g_assert_true (v->vaults_match);
  g_assert_cmpuint (v->n_vaults, >=, 1);
  g_assert_cmpstr (v->head_hash, ==, head_before);
  g_assert_cmpstr (v->language, ==, "zh_CN");
  g_assert_nonnull (v->generated);
  {
    g_autoptr(GDateTime) generated = g_date_time_new_from_iso8601 (v->generated, NULL);

    g_assert_nonnull (generated);
  }
  g_clear_pointer (&v, cd_report_verification_free);

  v = cd_report_verify (demo_store, letter, &error);
  g_assert_no_error (error);
  g_assert_true (v->signature_ok && v->head_in_chain && v->vaults_match);
  g_clear_pointer (&v, cd_report_verification_free);

  /* Checking needs no passphrase. */
  cd_store_lock (demo_store);
  g_assert_true (cd_store_is_locked (demo_store));
  v = cd_report_verify (demo_store, pdf, &error);
  g_assert_no_error (error);
  g_assert_true (v->signature_ok && v->head_in_chain && v->vaults_match);
  g_clear_pointer (&v, cd_report_verification_free);
  g_assert_true (cd_store_unlock (demo_store, CD_DEMO_PASSPHRASE, &error));
  g_assert_no_error (error);

  /* One byte flipped in the middle of the file (inside a compressed
   * stream, so the PDF still opens): the signature fails. */
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  {
    const char *stream = memmem (contents + length / 2, length - length / 2, "stream", 6);

    g_assert_nonnull (stream);
    contents[stream - contents + 40] ^= 0x01;
  }
  g_assert_true (g_file_set_contents (copy, contents, (gssize) length, &error));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (sig, &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy_sig, contents, (gssize) length, &error));
  v = cd_report_verify (demo_store, copy, &error);
  g_assert_no_error (error);
  g_assert_false (v->signature_ok);
  g_assert_true (v->head_in_chain);
  g_clear_pointer (&v, cd_report_verification_free);
  {
    const char *argv[] = { "minisign", "-Vm", copy, "-p", key_path, NULL };
    g_autofree char *out = run_tool (argv, &status);

    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }

  /* Without its .minisig: not signed, still readable. */
  g_unlink (copy_sig);
  v = cd_report_verify (demo_store, copy, &error);
  g_assert_no_error (error);
  g_assert_false (v->signature_ok);
  g_clear_pointer (&v, cd_report_verification_free);

  cd_test_rm_rf (dir);
}

static void
test_verify_foreign (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) other = new_case (dir, "other.closurecase");
  g_autofree char *pdf = g_build_filename (dir, "other.pdf", NULL);
  g_autofree char *text_file = g_build_filename (dir, "notes.pdf", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.pdf", NULL);
  g_autoptr(CdReportVerification) v = NULL;
  g_autoptr(CdReportVerification) own = NULL;
  CdReportVerification *none;

  g_assert_true (cd_report_export (other, pdf, "en", NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Genuine for its own case… */
  own = cd_report_verify (other, pdf, &error);
  g_assert_no_error (error);
  g_assert_true (own->signature_ok && own->head_in_chain && own->vaults_match);
  g_assert_cmpuint (own->n_vaults, ==, 0);

  /* …but not a report of the demo case. */
  v = cd_report_verify (demo_store, pdf, &error);
  g_assert_no_error (error);
  g_assert_false (v->signature_ok);
  g_assert_false (v->head_in_chain);

  /* Not a PDF. */
  g_assert_true (g_file_set_contents (text_file, "这不是 PDF 文件\n", -1, &error));
  none = cd_report_verify (demo_store, text_file, &error);
  g_assert_null (none);
  g_assert_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_NOT_A_REPORT);
  g_clear_error (&error);

  /* A PDF, but not a report. */
  cd_test_write_contract_pdf (plain, "张三", "110101199003074514", "13800138000", "13900139000");
  none = cd_report_verify (demo_store, plain, &error);
  g_assert_null (none);
  g_assert_error (error, CD_REPORT_ERROR, CD_REPORT_ERROR_NOT_A_REPORT);
  g_clear_error (&error);

  cd_test_rm_rf (dir);
}

static void
test_export_leaves_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) store = new_case (dir, "fail.closurecase");
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "report.pdf", NULL);
  g_autoptr(GPtrArray) before = cd_store_list_audit (store, &error);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_no_error (error);
  /* The key is made (and audited) by the first export, whatever happens
   * next: make it first so that the entry counts compare. */
  g_free (cd_store_signing_public_key_file (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = cd_store_list_audit (store, &error);

  g_assert_false (cd_report_export (store, missing, "zh_CN", NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  after = cd_store_list_audit (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_true (g_str_has_prefix (name, "fail.closurecase"));
  cd_test_rm_rf (dir);
}

/* The issue's size: 10,000 customers and 1,000 assets in ≤ 5 s. Slow
 * (-m slow): the benchmark times it properly. */
static void
test_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-report-XXXXXX", &error);
  g_autoptr(CdStore) store = new_case (dir, "large.closurecase");
  g_autoptr(GPtrArray) assets = cd_test_make_assets (1000);
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(GListModel) stored = NULL;
  g_autoptr(GPtrArray) holdings = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_holding_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(CdReport) report = NULL;
  g_autofree char *path = g_build_filename (dir, "large.pdf", NULL);
  gint64 start;
  double seconds, laid_out;

  if (!g_test_slow ())
    {
      g_test_skip ("slow: run with -m slow");
      cd_test_rm_rf (dir);
      return;
    }
  g_assert_true (cd_store_import_assets (store, assets, "test", &error));
  g_assert_no_error (error);
  add_customers (store, 10000);
  customers = cd_store_list_customers (store, &error);
  stored = cd_store_list_assets (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (customers, i);

      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(CdAsset) asset = g_list_model_get_item (stored, (i * 7 + k * 13) % 1000);
          CdHolding *holding = g_new0 (CdHolding, 1);

          holding->customer_id = g_strdup (cd_customer_get_id (customer));
          holding->asset_id = g_strdup (cd_asset_get_id (asset));
          holding->items = 1 + i % 5;
          g_ptr_array_add (holdings, holding);
        }
      g_ptr_array_add (ids, (gpointer) cd_customer_get_id (customer));
    }
  g_assert_true (cd_store_add_holdings (store, holdings, &error));
  g_assert_no_error (error);
  g_ptr_array_add (ids, NULL);
  g_assert_true (cd_store_mark_notices_sent (store, (const char * const *) ids->pdata, "2026-11-02", CD_CHANNEL_POST,
                                             30, &error));
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  report = make_report (store, CD_REPORT_KIND_REPORT, "zh_CN");
  laid_out = (g_get_monotonic_time () - start) / 1e6;
  g_assert_true (cd_report_write_pdf (report, path, &error));
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("10,000 customers, 1,000 assets: %u pages in %.2f s (read and laid out in %.2f s)",
                  cd_report_get_n_pages (report), seconds, laid_out);
  g_assert_cmpuint (cd_report_get_n_pages (report), >, 200);
  cd_test_rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *retention = NULL;
  CdKdfParams params;
  int result;

  g_test_init (&argc, &argv, NULL);

  demo_dir = g_dir_make_tmp ("cd-report-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (demo_dir, "demo.closurecase", NULL);
  retention = g_build_filename (demo_dir, "retention", NULL);
  cd_kdf_params_init_fast (&params);
  demo_store = cd_demo_create (path, &params, &error);
  g_assert_no_error (error);
  g_assert_true (cd_demo_add_retention (demo_store, retention, &error));
  g_assert_no_error (error);

  g_test_add_func ("/report/demo/zh_CN", test_demo_zh);
  g_test_add_func ("/report/demo/en", test_demo_en);
  g_test_add_func ("/report/checks", test_checks);
  g_test_add_func ("/report/empty-sections", test_empty_sections);
  g_test_add_func ("/report/scans-redactions", test_scans_redactions);
  g_test_add_func ("/report/pages-grow", test_pages_grow);
  g_test_add_func ("/report/long-name", test_long_name);
  g_test_add_func ("/report/broken-audit", test_broken_audit);
  g_test_add_func ("/report/draft", test_draft);
  g_test_add_func ("/report/language", test_language);
  g_test_add_func ("/report/commitment", test_commitment);
  g_test_add_func ("/report/export-verify", test_export_verify);
  g_test_add_func ("/report/verify-foreign", test_verify_foreign);
  g_test_add_func ("/report/export-leaves-nothing", test_export_leaves_nothing);
  g_test_add_func ("/report/large", test_large);

  result = g_test_run ();

  g_clear_object (&demo_store);
  cd_test_rm_rf (demo_dir);
  g_free (demo_dir);
  return result;
}
