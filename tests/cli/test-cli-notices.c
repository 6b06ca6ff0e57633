/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli customers holdings and notices end to end: the real
 * binary on a temporary case; the listings a user reads (masked), the
 * letters written, answers and what they do to the plan, who is overdue,
 * and bad input (unknown templates, templates with errors, customers
 * without an address for the channel). */

#include "config.h"

#include <string.h>

#include "cd-cli-test.h"
#include "cd-test-util.h"

#define PASSPHRASE "cli test passphrase 口令"

typedef struct
{
  char *dir;
  char *path;
  char *zhang;      /* individual: address, phone, e-mail */
  char *li;         /* individual: e-mail only */
  char *asset;      /* contracts, retained */
} Fixture;

#define run(f, ...) cd_cli_run_va ((f)->dir, PASSPHRASE, NULL, __VA_ARGS__, NULL)
#define assert_exit(r, code) CD_CLI_ASSERT_EXIT ((r), (code))

/* The id printed in the first column of the row containing @needle of a
 * --format=tsv listing. */
static char *
id_of_row (const char *tsv,
           const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (tsv, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      return g_strndup (lines[i], strcspn (lines[i], "\t"));
  g_assert_not_reached ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCliResult) created = NULL;
  g_autoptr(CdCliResult) a = NULL;
  g_autoptr(CdCliResult) b = NULL;
  g_autoptr(CdCliResult) asset = NULL;
  g_autoptr(CdCliResult) customers = NULL;
  g_autoptr(CdCliResult) assets = NULL;
  g_autoptr(CdCliResult) plan = NULL;

  f->dir = g_dir_make_tmp ("cd-cli-notices-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "acme.closurecase", NULL);
  created = run (f, "case", "new", f->path, "--company", "上海示例贸易有限公司", "--uscc",
                 "91350100M000100Y43", "--consultant", "王顾问", "--route", "general",
                 "--planned-deregistration", "2027-03-31");
  assert_exit (created, 0);
  a = run (f, "customers", "add", f->path, "--name", "张三丰", "--phone", "13812345678", "--email",
           "zhang@example.com", "--address", "北京市朝阳区建国路88号");
  b = run (f, "customers", "add", f->path, "--name", "李四", "--email", "li.si@example.com");
  asset = run (f, "assets", "add", f->path, "--location", "合同柜 A", "--medium", "paper", "--record-type",
               "contract");
  assert_exit (a, 0);
  assert_exit (b, 0);
  assert_exit (asset, 0);
  customers = run (f, "customers", "list", f->path, "--format=tsv");
  f->zhang = id_of_row (customers->out, "张**");
  f->li = id_of_row (customers->out, "李*");
  assets = run (f, "assets", "list", f->path, "--format=tsv");
  f->asset = id_of_row (assets->out, "合同柜 A");
  plan = run (f, "plan", "set", f->path, f->asset, "--categories", "general", "--disposition", "encrypt_retain");
  assert_exit (plan, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->zhang);
  g_free (f->li);
  g_free (f->asset);
}

static void
test_holdings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CdCliResult) link = run (f, "customers", "link", f->path, f->zhang, f->asset, "--records", "3");
  g_autoptr(CdCliResult) list = run (f, "customers", "holdings", f->path, "--linked");
  g_autoptr(CdCliResult) tsv = run (f, "customers", "holdings", f->path, "--format=tsv");
  g_autoptr(CdCliResult) bad = run (f, "customers", "link", f->path, f->zhang, "no-such-asset");
  g_autoptr(CdCliResult) zero = run (f, "customers", "link", f->path, f->zhang, f->asset, "--records", "0");
  g_autoptr(CdCliResult) unknown = run (f, "customers", "link", f->path, "ffffffff-nobody", f->asset);
  g_autoptr(CdCliResult) override = NULL;
  g_autoptr(CdCliResult) after = NULL;
  g_autoptr(CdCliResult) check = NULL;
  g_autoptr(CdCliResult) tag = NULL;
  g_autoptr(CdCliResult) nothing = NULL;
  g_autoptr(CdCliResult) bad_tag = NULL;
  g_autoptr(CdCliResult) check2 = NULL;
  g_autofree char *row = NULL;

  assert_exit (link, 0);
  assert_exit (list, 0);
  /* Masked, with the holdings in words and the plan's disposition. */
  g_assert_nonnull (strstr (list->out, "张**"));
  g_assert_null (strstr (list->out, "张三丰"));
  g_assert_nonnull (strstr (list->out, "3 contracts"));
  g_assert_nonnull (strstr (list->out, "Encrypt and retain"));
  g_assert_nonnull (strstr (list->out, "1 customer\n"));
  row = g_strdup_printf ("%s\t张**\t1\t3 contracts\tencrypt_retain\n", f->zhang);
  g_assert_nonnull (strstr (tsv->out, row));
  assert_exit (bad, 1);
  assert_exit (zero, 2);
  assert_exit (unknown, 1);

  override = run (f, "customers", "set-plan", f->path, f->zhang, "--disposition", "destroy", "--reason", "客户要求");
  assert_exit (override, 0);
  after = run (f, "customers", "holdings", f->path, f->zhang, "--format=tsv");
  /* The contracts are kept under a legal retention rule ("plan set" chose
   * one): the law wins over the override, and the plan check says so. */
  g_assert_nonnull (strstr (after->out, "\tencrypt_retain\n"));
  check = run (f, "plan", "check", f->path);
  assert_exit (check, 0);
  g_assert_nonnull (strstr (check->out, "warning\tobjection-retained\t"));

  /* A tag on the customer; what is not given stays. */
  tag = run (f, "customers", "set-plan", f->path, f->zhang, "--categories", "general,minor");
  assert_exit (tag, 0);
  nothing = run (f, "customers", "set-plan", f->path, f->zhang);
  assert_exit (nothing, 2);
  bad_tag = run (f, "customers", "set-plan", f->path, f->zhang, "--categories", "astrology");
  assert_exit (bad_tag, 2);
  check2 = run (f, "plan", "check", f->path);
  /* Encrypted: a minor's records are fine there; still asked for deletion. */
  g_assert_null (strstr (check2->out, "sensitive-unencrypted"));
  g_assert_nonnull (strstr (check2->out, "objection-retained"));
}

static void
test_templates (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CdCliResult) list = run (f, "notices", "templates", f->path);
  g_autoptr(CdCliResult) show = run (f, "notices", "template", f->path, "transfer", "--language", "en");
  g_autofree char *bad_file = g_build_filename (f->dir, "bad.txt", NULL);
  g_autofree char *good_file = g_build_filename (f->dir, "good.txt", NULL);
  g_autoptr(CdCliResult) bad = NULL;
  g_autoptr(CdCliResult) good = NULL;
  g_autoptr(CdCliResult) edited = NULL;
  g_autoptr(CdCliResult) reset = NULL;
  g_autoptr(CdCliResult) missing = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  assert_exit (list, 0);
  lines = g_strsplit (list->out, "\n", -1);
  /* One template per line, the name first. */
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  g_assert_true (g_str_has_prefix (lines[0], "closure\tzh_CN,en\tshipped\t"));
  g_assert_true (g_str_has_prefix (lines[1], "transfer\t"));
  g_assert_true (g_str_has_prefix (lines[4], "thanks\t"));
  assert_exit (show, 0);
  g_assert_true (g_str_has_prefix (show->out, "Subject: Your personal information is being transferred to"));
  g_assert_nonnull (strstr (show->out, "{{recipient_contact}}"));

  g_file_set_contents (bad_file, "Subject: Hi\n\nLine one\nDear {{customer_nam}},\n", -1, &error);
  bad = run (f, "notices", "template", f->path, "closure", "--set", bad_file);
  assert_exit (bad, 1);
  g_assert_nonnull (strstr (bad->err, "Line 2, column 8"));
  g_assert_nonnull (strstr (bad->err, "customer_nam"));

  g_file_set_contents (good_file, "Subject: 致{{customer_name}}\n\n{{company}}：请于{{response_deadline}}前答复。\n",
                       -1, &error);
  good = run (f, "notices", "template", f->path, "closure", "--set", good_file);
  assert_exit (good, 0);
  edited = run (f, "notices", "templates", f->path);
  g_assert_true (g_str_has_prefix (edited->out, "closure\tzh_CN,en\tedited\t"));
  reset = run (f, "notices", "template", f->path, "closure", "--reset");
  assert_exit (reset, 0);
  missing = run (f, "notices", "template", f->path, "nosuch");
  assert_exit (missing, 1);
  g_assert_nonnull (strstr (missing->err, "nosuch"));
}

static void
test_render_and_answers (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "letters.pdf", NULL);
  g_autofree char *eml = g_build_filename (f->dir, "drafts", NULL);
  g_autofree char *sms = g_build_filename (f->dir, "sms.csv", NULL);
  g_autofree char *zhang_eml = NULL;
  g_autofree char *copy = g_build_filename (f->dir, "copy", NULL);
  g_autoptr(CdCliResult) link = run (f, "customers", "link", f->path, f->zhang, f->asset);
  g_autoptr(CdCliResult) r_pdf = NULL;
  g_autoptr(CdCliResult) r_eml_no_sender = NULL;
  g_autoptr(CdCliResult) r_eml = NULL;
  g_autoptr(CdCliResult) r_sms = NULL;
  g_autoptr(CdCliResult) bad_format = NULL;
  g_autoptr(CdCliResult) sent = NULL;
  g_autoptr(CdCliResult) overdue = NULL;
  g_autoptr(CdCliResult) list = NULL;
  g_autoptr(CdCliResult) answer = NULL;
  g_autoptr(CdCliResult) bad_answer = NULL;
  g_autoptr(CdCliResult) no_copy = NULL;
  g_autoptr(CdCliResult) copy_answer = NULL;
  g_autoptr(CdCliResult) copied = NULL;
  g_autoptr(CdCliResult) check = NULL;
  g_autoptr(CdCliResult) after = NULL;
  g_autofree char *overdue_line = NULL;

  assert_exit (link, 0);

  /* PDF: 李四 has no postal address — listed (masked), not written. */
  r_pdf = run (f, "notices", "render", f->path, "--template", "closure", "--format", "pdf", "-o", pdf);
  assert_exit (r_pdf, 0);
  g_assert_nonnull (strstr (r_pdf->out, "Wrote 1 letter"));
  g_assert_nonnull (strstr (r_pdf->out, "1 customer was not written to (no postal address)"));
  g_assert_nonnull (strstr (r_pdf->out, "李*"));
  g_assert_null (strstr (r_pdf->out, "李四"));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* E-mail needs a sender. */
  r_eml_no_sender = run (f, "notices", "render", f->path, "-t", "closure", "-f", "eml", "-o", eml);
  assert_exit (r_eml_no_sender, 1);
  r_eml = run (f, "notices", "render", f->path, "-t", "closure", "-f", "eml", "-o", eml, "--from",
               "closing@example.cn", "--language", "en");
  assert_exit (r_eml, 0);
  g_assert_nonnull (strstr (r_eml->out, "Wrote 2 e-mail drafts"));
  zhang_eml = g_strdup_printf ("%s/%s.eml", eml, f->zhang);
  g_assert_true (g_file_test (zhang_eml, G_FILE_TEST_IS_REGULAR));

  r_sms = run (f, "notices", "render", f->path, "-t", "sms", "-f", "sms", "-o", sms, "-c", f->zhang);
  assert_exit (r_sms, 0);
  g_assert_nonnull (strstr (r_sms->out, "Wrote 1 text message"));
  bad_format = run (f, "notices", "render", f->path, "-t", "closure", "-f", "fax", "-o", sms);
  assert_exit (bad_format, 2);

  /* Sent long ago: both overdue. */
  sent = run (f, "notices", "mark-sent", f->path, "--all-drafted", "--channel", "email", "--date", "2026-01-05",
              "--window", "30");
  assert_exit (sent, 0);
  g_assert_nonnull (strstr (sent->out, "Marked 2 notices sent."));
  overdue = run (f, "notices", "overdue", f->path, "--today", "2026-02-14");
  assert_exit (overdue, 0);
  overdue_line = g_strdup_printf ("%s\t张**\temail\t2026-01-05\t2026-02-04\t10\n", f->zhang);
  g_assert_nonnull (strstr (overdue->out, overdue_line));
  g_assert_null (strstr (overdue->out, "张三丰"));

  /* Answers. */
  bad_answer = run (f, "notices", "record-response", f->path, f->li, "maybe");
  assert_exit (bad_answer, 2);
  answer = run (f, "notices", "record-response", f->path, f->zhang, "delete", "--date", "2026-02-10");
  assert_exit (answer, 0);
  g_assert_nonnull (strstr (answer->out, "destroyed"));
  list = run (f, "notices", "list", f->path, "--format=tsv");
  g_assert_nonnull (strstr (list->out, "\tsent\t2026-01-05\temail\t2026-02-04\tdelete\n"));
  /* The paper asset keeps 张三丰's contracts under a legal rule: a warning. */
  check = run (f, "plan", "check", f->path);
  g_assert_nonnull (strstr (check->out, "objection-retained"));

  /* A copy: only once they asked for it. */
  no_copy = run (f, "notices", "export-copy", f->path, f->li, "-o", copy);
  assert_exit (no_copy, 1);
  copy_answer = run (f, "notices", "record-response", f->path, f->li, "copy");
  assert_exit (copy_answer, 0);
  copied = run (f, "notices", "export-copy", f->path, f->li, "-o", copy);
  assert_exit (copied, 0);
  g_assert_nonnull (strstr (copied->out, "not encrypted"));
  after = run (f, "notices", "overdue", f->path, "--today", "2026-02-14");
  g_assert_cmpstr (after->out, ==, "");
}

/* A scan recorded in the case links the customers it finds; the case
 * keeps absolute paths, so a customer's copy works from any folder. */
static void
test_scan_links (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "old-pc", NULL);
  g_autofree char *file = g_build_filename (folder, "contract.txt", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy", NULL);
  g_autofree char *copied = g_build_filename (copy, "files", "001-contract.txt", NULL);
  g_autoptr(CdCliResult) scan = NULL;
  g_autoptr(CdCliResult) assets = NULL;
  g_autoptr(CdCliResult) holdings = NULL;
  g_autoptr(CdCliResult) answer = NULL;
  g_autoptr(CdCliResult) exported = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "购房合同 联系电话 13812345678\n", -1, &error));
  /* A relative root, from the case's folder… */
  scan = run (f, "scan", "--case", f->path, "old-pc");
  assert_exit (scan, 0);
  assets = run (f, "assets", "from-scan", f->path, "--per", "file");
  assert_exit (assets, 0);
  holdings = run (f, "customers", "holdings", f->path, f->zhang, "--format=tsv");
  g_assert_nonnull (strstr (holdings->out, "\t1 personal record\t"));
  answer = run (f, "notices", "record-response", f->path, f->zhang, "copy");
  assert_exit (answer, 0);
  /* …and the copy made from another folder still finds the file. */
  exported = cd_cli_run_va ("/", PASSPHRASE, NULL, "notices", "export-copy", f->path, f->zhang, "-o", copy, NULL);
  assert_exit (exported, 0);
  g_assert_true (g_file_test (copied, G_FILE_TEST_IS_REGULAR));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/notices/holdings", test_holdings);
  ADD ("/cli/notices/templates", test_templates);
  ADD ("/cli/notices/render-and-answers", test_render_and_answers);
  ADD ("/cli/notices/scan-links", test_scan_links);

  return g_test_run ();
}
