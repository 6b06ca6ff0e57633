/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli end to end: runs the real binary on temporary cases and
 * checks exit codes and what a user would read on the terminal. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "cd-cli-test.h"
#include "cd-test-util.h"

#define PASSPHRASE "cli test passphrase 口令"
#define COMPANY    "上海示例贸易有限公司"
#define USCC       "91350100M000100Y43"

/* The customer the sealing test looks for in the raw file. */
#define C_NAME    "张三丰"
#define C_PHONE   "13812345678"
#define C_ID      "110101200001019998"
#define C_EMAIL   "zhang@example.com"
#define C_ADDRESS "北京市朝阳区建国路88号"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

typedef CdCliResult Result;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, cd_cli_result_free)

static const char *
fixture_dir (Fixture *f)
{
  return f != NULL ? f->dir : NULL;
}

#define run(f, ...) cd_cli_run_va (fixture_dir (f), PASSPHRASE, NULL, __VA_ARGS__, NULL)
#define run_with(f, env, ...) cd_cli_run_va (fixture_dir (f), PASSPHRASE, (env), __VA_ARGS__, NULL)
#define assert_exit(r, code) CD_CLI_ASSERT_EXIT ((r), (code))

/* @env: "NAME=value" to set, "NAME" to unset, on top of the test defaults. */
static Result *
run_argv (Fixture            *f,
          const char * const *env,
          const char * const *args)
{
  return cd_cli_run_argv (fixture_dir (f), PASSPHRASE, env, args);
}


static char *
write_file (Fixture    *f,
            const char *name,
            const char *data,
            gssize      len)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
read_file (const char *path,
           gsize      *out_len)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, out_len, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
checksum_file (const char *path)
{
  gsize len = 0;
  g_autofree char *data = read_file (path, &len);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) data, len);
}

/* Data rows of a --format=tsv listing. */
static guint
tsv_rows (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 1; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      n++;
  return n;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The rows of a --format=tsv listing without their first (id) and last
 * (creation time) columns, sorted: what must survive an export/import. */
static char *
tsv_without_id_and_time (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  GString *joined = g_string_new (NULL);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *first = strchr (lines[i], '\t');
      const char *last = strrchr (lines[i], '\t');

      if (first == NULL)
        continue;
      g_ptr_array_add (rows, g_strndup (first, last - first));
    }
  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (joined, "%s\n", (char *) g_ptr_array_index (rows, i));
  return g_string_free (joined, FALSE);
}

static guint
count_assets (Fixture    *f,
              const char *path)
{
  g_autoptr(Result) r = run (f, "assets", "list", path, "--format=tsv");

  assert_exit (r, 0);
  g_assert_true (g_str_has_prefix (r->out, "id\tlocation\tmedium\trecord_type\t"));
  return tsv_rows (r->out);
}

static guint
count_customers (Fixture    *f,
                 const char *path)
{
  g_autoptr(Result) r = run (f, "customers", "list", path, "--format=tsv");

  assert_exit (r, 0);
  g_assert_true (g_str_has_prefix (r->out, "id\tkind\tname\tphone\tid_number\t"));
  return tsv_rows (r->out);
}

static char *
new_case (Fixture    *f,
          const char *name)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(Result) r = run (f, "case", "new", path, "--company", COMPANY, "--uscc", USCC);

  assert_exit (r, 0);
  return path;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Result) r = NULL;

  f->dir = g_dir_make_tmp ("cd-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "acme.closurecase", NULL);

  r = run (f, "case", "new", f->path, "--company", COMPANY, "--uscc", USCC,
           "--consultant", "王顾问", "--route", "general");
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "acme.closurecase"));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* -- help and usage ----------------------------------------------------------------- */

static const char * const all_commands[][2] = {
  { "case", "new" }, { "case", "show" }, { "case", "edit" }, { "case", "passwd" },
  { "case", "members" }, { "case", "add-member" }, { "case", "remove-member" },
  { "case", "demo" }, { "case", "demo-files" },
  { "assets", "add" }, { "assets", "list" }, { "assets", "import" }, { "assets", "export" },
  { "assets", "delete" }, { "assets", "from-scan" }, { "assets", "findings" },
  { "customers", "add" }, { "customers", "list" }, { "customers", "import" },
  { "customers", "export" }, { "customers", "delete" },
  { "plan", "suggest" }, { "plan", "set" }, { "plan", "show" }, { "plan", "check" },
  { "plan", "rules" }, { "plan", "export-deidentified" }, { "plan", "timeline" }, { "plan", "pass" },
  { "customers", "holdings" }, { "customers", "link" }, { "customers", "unlink" },
  { "customers", "set-plan" },
  { "notices", "templates" }, { "notices", "template" }, { "notices", "render" }, { "notices", "mark-sent" },
  { "notices", "record-response" }, { "notices", "list" }, { "notices", "overdue" },
  { "notices", "export-copy" }, { "notices", "settings" },
  { "audit", "list" }, { "audit", "verify" },
};

static void
test_help (void)
{
  g_autoptr(Result) global = run (NULL, "--help");
  g_autoptr(Result) version = run (NULL, "--version");

  assert_exit (global, 0);
  for (guint i = 0; i < G_N_ELEMENTS (all_commands); i++)
    {
      g_autofree char *full = g_strdup_printf ("%s %s", all_commands[i][0], all_commands[i][1]);
      g_autoptr(Result) r = run (NULL, all_commands[i][0], all_commands[i][1], "--help");

      g_assert_nonnull (strstr (global->out, full));
      assert_exit (r, 0);
      g_assert_nonnull (strstr (r->out, full));
      g_assert_nonnull (strstr (r->out, "--help"));
      g_assert_cmpstr (r->err, ==, "");
    }

  for (guint i = 0; i < G_N_ELEMENTS (all_commands); i += 3)
    {
      g_autoptr(Result) r = run (NULL, all_commands[i][0], "--help");
      assert_exit (r, 0);
    }

  {
    g_autoptr(Result) r = run (NULL, "assets", "add", "--help");
    g_assert_nonnull (strstr (r->out, "--medium"));
    g_assert_nonnull (strstr (r->out, "--location"));
    g_assert_nonnull (strstr (r->out, "--passphrase-file"));
  }

  assert_exit (version, 0);
  g_assert_nonnull (strstr (version->out, PACKAGE_VERSION));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.closurecase", NULL);
  struct {
    const char *args[12];
    const char *stderr_text;
  } cases[] = {
    { { NULL }, NULL },
    { { "frobnicate", NULL }, "frobnicate" },
    { { "--bogus", NULL }, "--bogus" },
    { { "assets", NULL }, NULL },
    { { "assets", "frobnicate", f->path, NULL }, "assets frobnicate" },
    { { "assets", "list", f->path, "--bogus", NULL }, "--bogus" },
    { { "assets", "list", NULL }, "--help" },
    { { "assets", "list", f->path, "extra", NULL }, "--help" },
    { { "assets", "add", f->path, "--location", "x", "--medium", "nonsense", NULL }, "voice-recorder" },
    { { "assets", "add", f->path, "--medium", "paper", NULL }, "--location" },
    { { "assets", "add", f->path, "--location", "x", "--medium", "paper", "--records=-3", NULL }, "--records" },
    { { "assets", "list", f->path, "--format=xml", NULL }, "tsv" },
    { { "case", "edit", f->path, "--route", "fast", NULL }, "simplified" },
    { { "case", "edit", f->path, "--announced", "2024-02-30", NULL }, "YYYY-MM-DD" },
    { { "case", "edit", f->path, NULL }, "Nothing to change" },
    { { "case", "new", other, NULL }, "--company" },
    { { "case", "add-member", f->path, "--name", "李四", "--role", "boss", NULL }, "finance" },
    { { "customers", "add", f->path, "--name", "x", "--kind", "alien", NULL }, "enterprise" },
  };
  g_autofree char *before = checksum_file (f->path);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Result) r = run_argv (f, NULL, cases[i].args);

      assert_exit (r, 2);
      g_assert_cmpstr (r->out, ==, "");
      g_assert_cmpstr (r->err, !=, "");
      if (cases[i].stderr_text != NULL)
        g_assert_nonnull (strstr (r->err, cases[i].stderr_text));
    }

  /* Usage errors change nothing. */
  {
    g_autofree char *after = checksum_file (f->path);
    g_assert_cmpstr (before, ==, after);
  }
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* -- case --------------------------------------------------------------------------- */

static void
test_case_new (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *before = checksum_file (f->path);
  g_autofree char *other = g_build_filename (f->dir, "other.closurecase", NULL);
  const char * const no_pass[] = { "CLOSURE_DESK_PASSPHRASE", NULL };
  const char * const empty_pass[] = { "CLOSURE_DESK_PASSPHRASE=", NULL };

  /* Never overwrite. */
  {
    g_autoptr(Result) r = run (f, "case", "new", f->path, "--company", "另一家公司");
    g_autofree char *after = NULL;

    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "closure-desk-cli: "));
    g_assert_nonnull (strstr (r->err, "already exists"));
    after = checksum_file (f->path);
    g_assert_cmpstr (before, ==, after);
  }

  /* No passphrase source and no terminal: say how to give one. */
  {
    g_autoptr(Result) r = run_with (f, no_pass, "case", "new", other, "--company", "X");
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "CLOSURE_DESK_PASSPHRASE"));
    g_assert_nonnull (strstr (r->err, "--passphrase-file"));
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }
  {
    g_autoptr(Result) r = run_with (f, empty_pass, "case", "new", other, "--company", "X");
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "empty"));
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }

  /* A bad credit code is refused and leaves no file. */
  {
    g_autoptr(Result) r = run (f, "case", "new", other, "--company", "X",
                               "--uscc", "91350100M000100Y44");
    assert_exit (r, 1);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }
}

static void
test_case_show_edit (Fixture       *f,
                     gconstpointer  data)
{
  {
    g_autoptr(Result) r = run (f, "case", "show", f->path);

    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, COMPANY));
    g_assert_nonnull (strstr (r->out, USCC));
    g_assert_nonnull (strstr (r->out, "王顾问"));
    g_assert_nonnull (strstr (r->out, "General deregistration"));
    g_assert_nonnull (strstr (r->out, "Audit entries"));
    g_assert_nonnull (strstr (r->out, "Audit head"));
    g_assert_nonnull (strstr (r->out, "Format version"));
  }
  {
    g_autoptr(Result) r = run (f, "case", "edit", f->path, "--address", "上海市浦东新区示例路1号",
                               "--route", "simplified", "--announced", "2024-03-01",
                               "--consultant", "");
    assert_exit (r, 0);
  }
  {
    g_autoptr(Result) r = run (f, "case", "show", f->path);

    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "上海市浦东新区示例路1号"));
    g_assert_nonnull (strstr (r->out, "Simplified deregistration"));
    g_assert_nonnull (strstr (r->out, "2024-03-01"));
    g_assert_null (strstr (r->out, "王顾问"));
    g_assert_nonnull (strstr (r->out, COMPANY));
  }
}

static void
test_case_members (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *member_id = NULL;

  {
    g_autoptr(Result) r = run (f, "case", "add-member", f->path, "--name", "李四光",
                               "--role", "head", "--phone", "13900001111");
    assert_exit (r, 0);
    g_assert_true (g_str_has_prefix (r->out, "Added member "));
  }
  {
    g_autoptr(Result) r = run (f, "case", "add-member", f->path, "--name", "王五",
                               "--role", "财务");
    assert_exit (r, 0);
  }
  {
    g_autoptr(Result) r = run (f, "case", "members", f->path);

    assert_exit (r, 0);
    g_assert_null (strstr (r->out, "13900001111"));
    g_assert_null (strstr (r->out, "李四光"));
    g_assert_nonnull (strstr (r->out, "Head of the liquidation group"));
    g_assert_nonnull (strstr (r->out, "Finance"));
    g_assert_nonnull (strstr (r->out, "2 members"));
  }
  {
    g_autoptr(Result) r = run (f, "case", "members", f->path, "--reveal", "--format=tsv");
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) fields = NULL;

    assert_exit (r, 0);
    lines = g_strsplit (r->out, "\n", -1);
    g_assert_cmpstr (lines[0], ==, "id\tname\trole\tphone");
    fields = g_strsplit (lines[1], "\t", -1);
    g_assert_cmpuint (g_strv_length (fields), ==, 4);
    g_assert_cmpstr (fields[1], ==, "李四光");
    g_assert_cmpstr (fields[2], ==, "head");
    g_assert_cmpstr (fields[3], ==, "13900001111");
    member_id = g_strdup (fields[0]);
  }
  {
    g_autoptr(Result) r = run (f, "case", "show", f->path);
    assert_exit (r, 0);
    g_assert_null (strstr (r->out, "13900001111"));
    g_assert_nonnull (strstr (r->out, "Head of the liquidation group"));
  }
  {
    g_autoptr(Result) r = run (f, "case", "remove-member", f->path, member_id);
    g_autoptr(Result) again = run (f, "case", "remove-member", f->path, member_id);
    g_autoptr(Result) list = run (f, "case", "members", f->path);

    assert_exit (r, 0);
    assert_exit (again, 1);
    g_assert_nonnull (strstr (list->out, "1 member"));
  }
}

static void
test_case_passwd (Fixture       *f,
                  gconstpointer  data)
{
  const char * const change[] = { "CLOSURE_DESK_NEW_PASSPHRASE=the new one 新口令", NULL };
  const char * const use_new[] = { "CLOSURE_DESK_PASSPHRASE=the new one 新口令", NULL };
  const char * const no_new[] = { "CLOSURE_DESK_NEW_PASSPHRASE", NULL };
  const char * const empty_new[] = { "CLOSURE_DESK_NEW_PASSPHRASE=", NULL };

  {
    g_autoptr(Result) r = run (f, "customers", "add", f->path, "--name", C_NAME,
                               "--phone", C_PHONE);
    assert_exit (r, 0);
  }
  {
    g_autoptr(Result) r = run_with (f, no_new, "case", "passwd", f->path);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "CLOSURE_DESK_NEW_PASSPHRASE"));
  }
  {
    g_autoptr(Result) r = run_with (f, empty_new, "case", "passwd", f->path);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "empty"));
  }
  {
    g_autoptr(Result) r = run_with (f, change, "case", "passwd", f->path);
    assert_exit (r, 0);
  }
  {
    g_autoptr(Result) r = run (f, "customers", "list", f->path);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "Wrong passphrase"));
  }
  {
    g_autoptr(Result) r = run_with (f, use_new, "customers", "list", f->path, "--reveal");
    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, C_PHONE));
  }

  /* And back again, the new passphrase given by file this time. */
  {
    g_autofree char *file = write_file (f, "new-pass.txt", PASSPHRASE "\n", -1);
    g_autoptr(Result) r = run_with (f, use_new, "case", "passwd", f->path,
                                    "--new-passphrase-file", file);
    g_autoptr(Result) show = run (f, "case", "show", f->path);

    assert_exit (r, 0);
    assert_exit (show, 0);
  }
}

static void
test_wrong_passphrase (Fixture       *f,
                       gconstpointer  data)
{
  const char * const wrong[] = { "CLOSURE_DESK_PASSPHRASE=not the passphrase", NULL };
  g_autofree char *before = checksum_file (f->path);
  g_autoptr(Result) r = run_with (f, wrong, "assets", "add", f->path, "--location", "x",
                                  "--medium", "pc");
  g_autoptr(Result) show = run_with (f, wrong, "case", "show", f->path);
  g_autofree char *after = checksum_file (f->path);

  assert_exit (r, 1);
  g_assert_true (g_str_has_prefix (r->err, "closure-desk-cli: "));
  g_assert_nonnull (strstr (r->err, "Wrong passphrase"));
  assert_exit (show, 1);
  g_assert_cmpstr (before, ==, after);
}

static void
test_passphrase_file (Fixture       *f,
                      gconstpointer  data)
{
  const char * const no_pass[] = { "CLOSURE_DESK_PASSPHRASE", NULL };
  g_autofree char *lf = write_file (f, "pass-lf.txt", PASSPHRASE "\nsecond line\n", -1);
  g_autofree char *crlf = write_file (f, "pass-crlf.txt", PASSPHRASE "\r\n", -1);
  g_autofree char *bare = write_file (f, "pass-bare.txt", PASSPHRASE, -1);
  g_autofree char *wrong = write_file (f, "pass-wrong.txt", "nope\n", -1);
  g_autofree char *missing = g_build_filename (f->dir, "missing.txt", NULL);
  const char *good[] = { lf, crlf, bare };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(Result) r = run_with (f, no_pass, "case", "show", f->path,
                                      "--passphrase-file", good[i]);
      assert_exit (r, 0);
    }
  {
    g_autoptr(Result) r = run_with (f, no_pass, "case", "show", f->path,
                                    "--passphrase-file", wrong);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "Wrong passphrase"));
  }
  {
    g_autoptr(Result) r = run_with (f, no_pass, "case", "show", f->path,
                                    "--passphrase-file", missing);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "passphrase file"));
  }
  /* The file wins over the environment. */
  {
    const char * const env_wrong[] = { "CLOSURE_DESK_PASSPHRASE=nope", NULL };
    g_autoptr(Result) r = run_with (f, env_wrong, "case", "show", f->path,
                                    "--passphrase-file", lf);
    assert_exit (r, 0);
  }
}

/* -- assets ------------------------------------------------------------------------- */

static const char assets_csv[] =
  "location,medium,record_type,format,records,customers,custodian,notes\n"
  "\\\\fileserver\\sales\\客户资料,server,personal,spreadsheet,\"12,000\",3000,IT 部,\n"
  "业务员手机,微信,communication,chat,450,120,销售部,\"含语音, 图片\"\n";

static const char assets_bom_csv[] =
  "\xEF\xBB\xBF" "Location,Medium,Records\r\n"
  "录音笔 #2,voice-recorder,88\r\n";

static const char assets_zh_csv[] =
  "存放位置,系统/介质,记录类型,记录数,客户数,负责人,备注\r\n"
  "财务室档案柜,纸质档案,合同,\"1,200\",300,王会计,三个纸箱\r\n";

static void
test_assets (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *utf8 = write_file (f, "assets.csv", assets_csv, -1);
  g_autofree char *bom = write_file (f, "assets-bom.csv", assets_bom_csv, -1);
  g_autofree char *gbk_data = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *exported = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *copy = NULL;
  g_autofree char *first_id = NULL;
  gsize gbk_len = 0;

  {
    g_autoptr(GError) error = NULL;
    gbk_data = g_convert (assets_zh_csv, -1, "GBK", "UTF-8", NULL, &gbk_len, &error);
    g_assert_no_error (error);
    gbk = write_file (f, "assets-gbk.csv", gbk_data, gbk_len);
  }

  {
    g_autoptr(Result) r = run (f, "assets", "add", f->path, "--location", "财务室档案柜",
                               "--medium", "paper", "--records", "1,234", "--customers", "56",
                               "--record-type", "transaction", "--custodian", "王会计");
    assert_exit (r, 0);
    g_assert_true (g_str_has_prefix (r->out, "Added asset "));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "list", f->path);

    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "财务室档案柜"));
    g_assert_nonnull (strstr (r->out, "Paper"));
    g_assert_nonnull (strstr (r->out, "Transaction records"));
    g_assert_nonnull (strstr (r->out, "1 asset"));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "list", f->path, "--format=tsv");
    g_auto(GStrv) lines = g_strsplit (r->out, "\n", -1);
    g_auto(GStrv) fields = g_strsplit (lines[1], "\t", -1);

    assert_exit (r, 0);
    g_assert_cmpstr (lines[0], ==, "id\tlocation\tmedium\trecord_type\tformat\trecords\t"
                                   "customers\tcustodian\tnotes\tcreated");
    g_assert_cmpstr (fields[2], ==, "paper");
    g_assert_cmpstr (fields[3], ==, "transaction");
    g_assert_cmpstr (fields[5], ==, "1234");
    g_assert_cmpstr (fields[6], ==, "56");
    first_id = g_strdup (fields[0]);
  }

  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, utf8);
    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "Imported 2 assets"));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, bom);
    assert_exit (r, 0);
  }
  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, gbk);
    assert_exit (r, 0);
  }
  g_assert_cmpuint (count_assets (f, f->path), ==, 5);
  {
    g_autoptr(Result) r = run (f, "assets", "list", f->path, "--format=tsv");

    /* The GBK file came through as the right characters. */
    g_assert_nonnull (strstr (r->out, "财务室档案柜\tpaper\tcontract\t\t1200\t300\t王会计"));
    g_assert_nonnull (strstr (r->out, "录音笔 #2\tvoice-recorder\tpersonal\t\t88\t0"));
    g_assert_nonnull (strstr (r->out, "\tmobile-chat\tcommunication\tchat\t450\t120\t销售部"));
  }

  /* Export: to a file and to stdout, both with a BOM. */
  {
    g_autoptr(Result) r = run (f, "assets", "export", f->path, exported);
    g_autoptr(Result) out = run (f, "assets", "export", f->path);
    g_autoptr(Result) dash = run (f, "assets", "export", f->path, "-");
    gsize len = 0;
    g_autofree char *contents = NULL;

    assert_exit (r, 0);
    assert_exit (out, 0);
    assert_exit (dash, 0);
    contents = read_file (exported, &len);
    g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "location,medium,record_type,"
                                               "format,records,customers,custodian,notes\r\n"));
    g_assert_true (g_str_has_prefix (out->out, "\xEF\xBB\xBF" "location,"));
    g_assert_cmpstr (out->out, ==, contents);
    g_assert_cmpstr (dash->out, ==, contents);
  }

  /* Round trip into a fresh case. */
  copy = new_case (f, "copy.closurecase");
  {
    g_autoptr(Result) r = run (f, "assets", "import", copy, exported);
    g_autoptr(Result) a = run (f, "assets", "list", f->path, "--format=tsv", "--reveal");
    g_autoptr(Result) b = run (f, "assets", "list", copy, "--format=tsv", "--reveal");
    g_autofree char *ra = NULL;
    g_autofree char *rb = NULL;

    assert_exit (r, 0);
    ra = tsv_without_id_and_time (a->out);
    rb = tsv_without_id_and_time (b->out);
    g_assert_cmpstr (ra, ==, rb);
  }

  /* Delete: an unknown id deletes nothing; a prefix is enough. */
  {
    g_autoptr(Result) r = run (f, "assets", "delete", f->path, first_id,
                               "00000000-0000-0000-0000-000000000000");
    assert_exit (r, 1);
    g_assert_cmpuint (count_assets (f, f->path), ==, 5);
  }
  {
    g_autofree char *prefix = g_strndup (first_id, 8);
    g_autoptr(Result) r = run (f, "assets", "delete", f->path, prefix);

    assert_exit (r, 0);
    g_assert_cmpuint (count_assets (f, f->path), ==, 4);
  }
}

static void
test_assets_bad_csv (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *unbalanced = write_file (f, "unbalanced.csv",
                                            "location,medium\n"
                                            "a,paper\n"
                                            "\"b,paper\n"
                                            "c,paper\n", -1);
  g_autofree char *bad_medium = write_file (f, "bad-medium.csv",
                                            "location,medium\n"
                                            "a,paper\n"
                                            "b,typewriter\n", -1);
  g_autofree char *no_medium = write_file (f, "no-medium.csv",
                                           "location,records\n"
                                           "a,3\n", -1);
  g_autofree char *bad_count = write_file (f, "bad-count.csv",
                                           "location,medium,records\n"
                                           "a,paper,3\n"
                                           "b,paper,3\n"
                                           "c,paper,-1\n", -1);
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autofree char *before = NULL;

  {
    g_autoptr(Result) r = run (f, "assets", "add", f->path, "--location", "x", "--medium", "pc");
    assert_exit (r, 0);
  }
  before = checksum_file (f->path);

  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, unbalanced);
    assert_exit (r, 1);
    g_assert_true (g_str_has_prefix (r->err, "closure-desk-cli: "));
    g_assert_nonnull (strstr (r->err, "3"));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, bad_medium);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "Line 3"));
    g_assert_nonnull (strstr (r->err, "typewriter"));
    g_assert_nonnull (strstr (r->err, "server"));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, no_medium);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "medium"));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, bad_count);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "Line 4"));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "import", f->path, missing);
    assert_exit (r, 1);
  }

  /* Nothing was imported, not even the good lines before the bad one. */
  g_assert_cmpuint (count_assets (f, f->path), ==, 1);
  {
    g_autofree char *after = checksum_file (f->path);
    g_assert_cmpstr (before, ==, after);
  }
}

/* -- customers ---------------------------------------------------------------------- */

static const char *const raw_identifiers[] = { C_NAME, C_PHONE, C_ID, C_EMAIL, C_ADDRESS };

static void
add_sample_customer (Fixture    *f,
                     const char *path)
{
  g_autoptr(Result) r = run (f, "customers", "add", path, "--name", C_NAME, "--phone", C_PHONE,
                             "--id-number", C_ID, "--email", C_EMAIL, "--address", C_ADDRESS);

  assert_exit (r, 0);
  g_assert_true (g_str_has_prefix (r->out, "Added customer "));
  for (guint i = 0; i < G_N_ELEMENTS (raw_identifiers); i++)
    g_assert_null (strstr (r->out, raw_identifiers[i]));
}

static void
test_customers (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *csv = NULL;
  g_autofree char *masked_path = g_build_filename (f->dir, "masked.csv", NULL);
  g_autofree char *revealed_path = g_build_filename (f->dir, "revealed.csv", NULL);
  g_autofree char *id3 = cd_test_resident_id (3);
  g_autofree char *id4 = cd_test_resident_id (4);
  g_autofree char *phone3 = cd_test_mobile (3);
  g_autofree char *csv_data = NULL;
  g_autofree char *copy = NULL;

  add_sample_customer (f, f->path);

  {
    g_autoptr(Result) r = run (f, "customers", "list", f->path);

    assert_exit (r, 0);
    for (guint i = 0; i < G_N_ELEMENTS (raw_identifiers); i++)
      g_assert_null (strstr (r->out, raw_identifiers[i]));
    g_assert_nonnull (strstr (r->out, "1 customer"));
  }
  {
    g_autoptr(Result) r = run (f, "customers", "list", f->path, "--reveal");

    assert_exit (r, 0);
    for (guint i = 0; i < G_N_ELEMENTS (raw_identifiers); i++)
      g_assert_nonnull (strstr (r->out, raw_identifiers[i]));
  }

  /* The same person again is refused. */
  {
    g_autoptr(Result) r = run (f, "customers", "add", f->path, "--name", C_NAME,
                               "--phone", "+86 138 1234 5678");
    assert_exit (r, 1);
    g_assert_null (strstr (r->err, C_PHONE));
  }
  /* An invalid ID number is refused without being repeated. */
  {
    g_autoptr(Result) r = run (f, "customers", "add", f->path, "--name", "赵六",
                               "--id-number", "110101200001019999");
    assert_exit (r, 1);
    g_assert_null (strstr (r->err, "110101200001019999"));
  }

  csv_data = g_strdup_printf ("姓名,手机号,身份证号,邮箱,地址,类型\r\n"
                              "李小龙,%s,%s,li@example.com,广州市天河区,个人\r\n"
                              "钱七,,%s,,,\r\n"
                              "示例科技有限公司,,91350100M000100Y43,,,企业\r\n"
                              "%s,%s,%s,%s,%s,\r\n",
                              phone3, id3, id4, C_NAME, C_PHONE, C_ID, C_EMAIL, C_ADDRESS);
  csv = write_file (f, "customers.csv", csv_data, -1);
  {
    g_autoptr(Result) r = run (f, "customers", "import", f->path, csv);

    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "Imported 3 customers"));
    g_assert_nonnull (strstr (r->out, "1 customer was already registered"));
  }
  g_assert_cmpuint (count_customers (f, f->path), ==, 4);
  {
    g_autoptr(Result) r = run (f, "customers", "list", f->path);

    /* Enterprise names are not personal data and are shown in full. */
    g_assert_nonnull (strstr (r->out, "示例科技有限公司"));
    g_assert_null (strstr (r->out, "李小龙"));
    g_assert_null (strstr (r->out, phone3));
    g_assert_null (strstr (r->out, id4));
  }

  /* Export, masked and revealed. */
  {
    g_autoptr(Result) m = run (f, "customers", "export", f->path, masked_path);
    g_autoptr(Result) v = run (f, "customers", "export", f->path, revealed_path, "--reveal");
    g_autofree char *masked = NULL;
    g_autofree char *revealed = NULL;
    gsize len;

    assert_exit (m, 0);
    assert_exit (v, 0);
    masked = read_file (masked_path, &len);
    revealed = read_file (revealed_path, &len);
    g_assert_true (g_str_has_prefix (masked, "\xEF\xBB\xBF" "kind,name,phone,id_number,email,"
                                             "address,notes\r\n"));
    g_assert_true (g_str_has_prefix (revealed, "\xEF\xBB\xBF"));
    for (guint i = 0; i < G_N_ELEMENTS (raw_identifiers); i++)
      {
        g_assert_null (strstr (masked, raw_identifiers[i]));
        g_assert_nonnull (strstr (revealed, raw_identifiers[i]));
      }
    /* Exports hold personal data: readable by the owner only. */
    {
      GStatBuf st;
      g_assert_cmpint (g_stat (revealed_path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0077, ==, 0);
    }
  }
  {
    g_autoptr(Result) r = run (f, "audit", "list", f->path, "--format=tsv");
    g_assert_nonnull (strstr (r->out, "customers.export"));
    g_assert_nonnull (strstr (r->out, "\"revealed\":true"));
  }

  /* A revealed export imports into another case unchanged. */
  copy = new_case (f, "copy.closurecase");
  {
    g_autoptr(Result) r = run (f, "customers", "import", copy, revealed_path);
    g_autoptr(Result) a = NULL;
    g_autoptr(Result) b = NULL;

    assert_exit (r, 0);
    g_assert_cmpuint (count_customers (f, copy), ==, 4);
    a = run (f, "customers", "list", f->path, "--reveal", "--format=tsv");
    b = run (f, "customers", "list", copy, "--reveal", "--format=tsv");
    {
      g_autofree char *ra = tsv_without_id_and_time (a->out);
      g_autofree char *rb = tsv_without_id_and_time (b->out);
      g_assert_cmpstr (ra, ==, rb);
    }
  }

  /* Delete by id. */
  {
    g_autoptr(Result) r = run (f, "customers", "list", copy, "--format=tsv");
    g_auto(GStrv) lines = g_strsplit (r->out, "\n", -1);
    g_autofree char *id = g_strndup (lines[1], strchr (lines[1], '\t') - lines[1]);
    g_autoptr(Result) d = run (f, "customers", "delete", copy, id);
    g_autoptr(Result) again = run (f, "customers", "delete", copy, id);

    assert_exit (d, 0);
    assert_exit (again, 1);
    g_assert_cmpuint (count_customers (f, copy), ==, 3);
  }
}

static void
test_customers_sealed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  add_sample_customer (f, f->path);
  {
    g_autoptr(Result) r = run (f, "case", "show", f->path);
    assert_exit (r, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (raw_identifiers); i++)
    {
      g_assert_false (cd_test_file_contains (f->path, raw_identifiers[i],
                                             strlen (raw_identifiers[i])));
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        g_assert_false (cd_test_file_contains (wal, raw_identifiers[i],
                                               strlen (raw_identifiers[i])));
    }
  /* The test would be worthless if the case did not contain the customer. */
  g_assert_cmpuint (count_customers (f, f->path), ==, 1);
}

static void
test_customers_bad_csv (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *good_id = cd_test_resident_id (7);
  g_autofree char *text = g_strdup_printf ("name,id_number\n"
                                           "甲,%s\n"
                                           "乙,110101200001019999\n", good_id);
  g_autofree char *bad_id = write_file (f, "bad-id.csv", text, -1);
  g_autofree char *no_name = write_file (f, "no-name.csv", "phone\n13812345678\n", -1);

  {
    g_autoptr(Result) r = run (f, "customers", "import", f->path, bad_id);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "Line 3"));
    g_assert_null (strstr (r->err, "110101200001019999"));
  }
  {
    g_autoptr(Result) r = run (f, "customers", "import", f->path, no_name);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "name"));
    g_assert_null (strstr (r->err, "13812345678"));
  }
  g_assert_cmpuint (count_customers (f, f->path), ==, 0);
}

/* -- audit and damaged files -------------------------------------------------------- */

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  const char * const no_pass[] = { "CLOSURE_DESK_PASSPHRASE", NULL };
  const char * const actor[] = { "CLOSURE_DESK_ACTOR=env-actor", NULL };

  {
    g_autoptr(Result) r = run (f, "assets", "add", f->path, "--location", "x", "--medium", "pc",
                               "--actor", "王顾问");
    assert_exit (r, 0);
  }
  add_sample_customer (f, f->path);
  {
    g_autoptr(Result) r = run_with (f, actor, "case", "edit", f->path, "--address", "某地");
    assert_exit (r, 0);
  }

  {
    g_autoptr(Result) r = run_with (f, no_pass, "audit", "list", f->path);

    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "case.create"));
    g_assert_nonnull (strstr (r->out, "asset.add"));
    g_assert_nonnull (strstr (r->out, "customer.add"));
    g_assert_nonnull (strstr (r->out, "case.update"));
    g_assert_nonnull (strstr (r->out, "王顾问"));
    g_assert_nonnull (strstr (r->out, "test-actor"));
    g_assert_nonnull (strstr (r->out, "env-actor"));
    g_assert_nonnull (strstr (r->out, "4 entries"));
    for (guint i = 0; i < G_N_ELEMENTS (raw_identifiers); i++)
      g_assert_null (strstr (r->out, raw_identifiers[i]));
  }
  {
    g_autoptr(Result) r = run_with (f, no_pass, "audit", "list", f->path, "--format=tsv");
    g_auto(GStrv) lines = g_strsplit (r->out, "\n", -1);

    assert_exit (r, 0);
    g_assert_cmpstr (lines[0], ==, "seq\ttime\tactor\taction\tobject\tdetails");
    g_assert_true (g_str_has_prefix (lines[1], "1\t"));
    g_assert_cmpuint (tsv_rows (r->out), ==, 4);
  }
  {
    g_autoptr(Result) r = run_with (f, no_pass, "audit", "verify", f->path);

    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "intact"));
    g_assert_nonnull (strstr (r->out, "4 entries"));
  }

  cd_test_sql_exec (f->path, "UPDATE audit SET details = '{\"count\":1}' WHERE seq = 3;");
  {
    g_autoptr(Result) r = run_with (f, no_pass, "audit", "verify", f->path);

    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->out, "Audit log broken at entry 3: "));
  }
  {
    g_autoptr(Result) r = run (f, "case", "show", f->path);
    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "broken at entry 3"));
  }
}

static void
test_audit_deleted_entry (Fixture       *f,
                          gconstpointer  data)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Result) r = run (f, "assets", "add", f->path, "--location", "x",
                                 "--medium", "pc");
      assert_exit (r, 0);
    }
  cd_test_sql_exec (f->path, "DELETE FROM audit WHERE seq = 3;");
  {
    g_autoptr(Result) r = run (f, "audit", "verify", f->path);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->out, "Audit log broken at entry 4: "));
  }
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  const char *demo_env[] = { "CLOSURE_DESK_PASSPHRASE=demo", NULL };
  g_autofree char *demo = g_build_filename (f->dir, "demo.closurecase", NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(Result) created = run (f, "case", "demo", demo);
  g_autoptr(Result) again = run (f, "case", "demo", demo);
  g_autoptr(Result) show = run_with (f, demo_env, "case", "show", demo);
  g_autoptr(Result) customers = run_with (f, demo_env, "customers", "list", demo,
                                          "--format=tsv");
  g_autoptr(Result) verify = run (f, "audit", "verify", demo);

  assert_exit (created, 0);
  g_assert_nonnull (strstr (created->out, "“demo”"));
  assert_exit (again, 1);   /* never overwrites */
  assert_exit (show, 0);
  g_assert_nonnull (strstr (show->out, "示例餐饮管理有限公司"));
  assert_exit (customers, 0);
  /* A header line and one line per customer. */
  lines = g_strsplit (customers->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, CD_DEMO_N_CUSTOMERS + 2);
  assert_exit (verify, 0);
}

static void
test_not_a_case (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text = write_file (f, "notes.txt", "这不是案件文件\nnot a case\n", -1);
  g_autofree char *missing = g_build_filename (f->dir, "missing.closurecase", NULL);
  const char * const no_pass[] = { "CLOSURE_DESK_PASSPHRASE", NULL };

  {
    g_autoptr(Result) r = run (f, "case", "show", text);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "not a Closure Desk case"));
  }
  {
    g_autoptr(Result) r = run_with (f, no_pass, "audit", "verify", text);
    assert_exit (r, 1);
    g_assert_nonnull (strstr (r->err, "not a Closure Desk case"));
  }
  {
    g_autoptr(Result) r = run (f, "assets", "list", missing);
    assert_exit (r, 1);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *contents = NULL;
    gsize len;

    contents = read_file (text, &len);
    g_assert_cmpstr (contents, ==, "这不是案件文件\nnot a case\n");
  }
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "truncated.closurecase", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  gsize len = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *location = g_strdup_printf ("柜子 %u", i);
      g_autoptr(Result) r = run (f, "assets", "add", f->path, "--location", location,
                                 "--medium", "paper");
      assert_exit (r, 0);
    }
  add_sample_customer (f, f->path);

  before = checksum_file (f->path);
  contents = read_file (f->path, &len);
  g_assert_cmpuint (len, >, 4096);
  {
    g_autoptr(GError) error = NULL;
    g_file_set_contents (copy, contents, len / 2, &error);
    g_assert_no_error (error);
  }

  {
    g_autoptr(Result) r = run (f, "case", "show", copy);
    assert_exit (r, 1);
    g_assert_true (g_str_has_prefix (r->err, "closure-desk-cli: "));
  }
  {
    g_autoptr(Result) r = run (f, "audit", "verify", copy);
    assert_exit (r, 1);
  }
  {
    g_autofree char *after = checksum_file (f->path);
    g_autoptr(Result) r = run (f, "case", "show", f->path);

    g_assert_cmpstr (before, ==, after);
    assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "Audit head"));
  }
}

/* The scan contract outside tools read: one JSON object per finding per
 * line, with exactly these keys; nothing but masked identifiers. */
static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "export", NULL);
  g_autofree char *file = g_build_filename (folder, "客户.txt", NULL);
  g_autofree char *id = cd_test_resident_id (42);
  g_autofree char *mobile = cd_test_mobile (42);
  g_autofree char *text = g_strdup_printf ("身份证%s 电话 %s\n", id, mobile);
  g_autofree char *picture = g_build_filename (folder, "photo.jpg", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "gone", NULL);
  g_autoptr(Result) jsonl = NULL;
  g_autoptr(Result) summary = NULL;
  g_autoptr(Result) bad_format = NULL;
  g_autoptr(Result) not_found = NULL;
  g_auto(GStrv) lines = NULL;
  const char *kinds[] = { "cn_resident_id", "cn_mobile" };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  g_assert_true (g_file_set_contents (picture, "\xff\xd8\xff\xe0\0\x10JFIF\0", 11, NULL));

  jsonl = run (f, "scan", "--format", "jsonl", folder);
  assert_exit (jsonl, 0);
  g_assert_null (strstr (jsonl->out, id));
  g_assert_null (strstr (jsonl->out, mobile));
  lines = g_strsplit (jsonl->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* two findings and the final newline */
  g_assert_cmpstr (lines[2], ==, "");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      g_autoptr(GList) members = NULL;

      g_assert_true (g_str_has_prefix (lines[i], "{\"file\": "));
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      g_assert_cmpuint (g_list_length (members), ==, 5);
      g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, file);
      g_assert_true (json_object_get_null_member (object, "member"));
      g_assert_true (json_object_get_null_member (object, "page"));
      g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, kinds[i]);
      g_assert_nonnull (strchr (json_object_get_string_member (object, "masked"), '*'));
    }
  /* The picture is not a finding: it is said on stderr, for review. */
  g_assert_nonnull (strstr (jsonl->err, "photo.jpg"));

  summary = run (f, "scan", folder);
  assert_exit (summary, 0);
  g_assert_null (strstr (summary->out, id));
  g_assert_nonnull (strstr (summary->out, "cn_resident_id 1, cn_mobile 1"));
  g_assert_nonnull (strstr (summary->out, "photo.jpg"));
  g_assert_nonnull (strstr (summary->out, "2 files: 1 scanned, 1 to review, 0 failed"));

  bad_format = run (f, "scan", "--format", "xml", folder);
  assert_exit (bad_format, 2);
  not_found = run (f, "scan", missing);
  assert_exit (not_found, 1);
  g_assert_nonnull (strstr (not_found->err, "gone"));
}

/* scan --case records the scan; assets from-scan turns it into assets,
 * linked to the registry customer whose ID number is in the file;
 * assets findings shows the drill-down, masked. */
static void
test_scan_case (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "前台电脑", NULL);
  g_autofree char *sub = g_build_filename (folder, "2018", NULL);
  g_autofree char *file = g_build_filename (sub, "会员.txt", NULL);
  g_autofree char *text = g_strdup_printf ("会员 %s %s\n", C_ID, C_EMAIL);
  g_autoptr(Result) scanned = NULL;
  g_autoptr(Result) added = NULL;
  g_autoptr(Result) again = NULL;
  g_autoptr(Result) list = NULL;
  g_autoptr(Result) findings = NULL;
  g_autoptr(Result) bad = NULL;
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) cells = NULL;
  guint before;

  add_sample_customer (f, f->path);
  before = count_assets (f, f->path);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, text, -1, NULL));

  scanned = run (f, "scan", "--case", f->path, "--format", "jsonl", folder);
  assert_exit (scanned, 0);
  g_assert_nonnull (strstr (scanned->err, "Recorded in the case as scan 1"));
  g_assert_null (strstr (scanned->out, C_ID));

  added = run (f, "assets", "from-scan", f->path, "--per", "folder");
  assert_exit (added, 0);
  g_assert_cmpstr (added->out, ==, "Added 1 asset from the scan\n");
  g_assert_cmpuint (count_assets (f, f->path), ==, before + 1);
  /* The same files are not added twice. */
  again = run (f, "assets", "from-scan", f->path);
  assert_exit (again, 0);
  g_assert_cmpuint (count_assets (f, f->path), ==, before + 1);

  list = run (f, "assets", "list", f->path, "--format=tsv");
  assert_exit (list, 0);
  rows = g_strsplit (list->out, "\n", -1);
  cells = g_strsplit (rows[g_strv_length (rows) - 2], "\t", -1);
  g_assert_true (g_str_has_suffix (cells[1], "2018"));
  g_assert_cmpstr (cells[5], ==, "2");   /* findings */
  g_assert_cmpstr (cells[6], ==, "1");   /* the registry customer */

  findings = run (f, "assets", "findings", f->path, cells[0], "--format=tsv");
  assert_exit (findings, 0);
  g_assert_true (g_str_has_prefix (findings->out, "location\tkind\tmasked\n"));
  g_assert_nonnull (strstr (findings->out, "\tcn_resident_id\t"));
  g_assert_nonnull (strstr (findings->out, "\temail\t"));
  g_assert_null (strstr (findings->out, C_ID));
  g_assert_null (strstr (findings->out, C_EMAIL));

  bad = run (f, "assets", "from-scan", f->path, "--per", "drawer");
  assert_exit (bad, 2);
}

/* plan suggest: what the findings of assets made from a scan point to —
 * a bank card is a financial account (sensitive), an ID number high risk. */
static void
test_plan_suggest (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "财务", NULL);
  g_autofree char *file = g_build_filename (folder, "工资.txt", NULL);
  g_autofree char *text = g_strdup_printf ("张三 %s 卡号 6222021234567890128\n", C_ID);
  g_autoptr(Result) scanned = NULL;
  g_autoptr(Result) added = NULL;
  g_autoptr(Result) tsv = NULL;
  g_autoptr(Result) explained = NULL;
  g_autoptr(Result) none = NULL;
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) cells = NULL;

  none = run (f, "plan", "suggest", f->path);
  assert_exit (none, 0);
  g_assert_nonnull (strstr (none->out, "No asset made from a scan"));

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, text, -1, NULL));
  scanned = run (f, "scan", "--case", f->path, folder);
  assert_exit (scanned, 0);
  added = run (f, "assets", "from-scan", f->path);
  assert_exit (added, 0);

  tsv = run (f, "plan", "suggest", f->path, "--format=tsv");
  assert_exit (tsv, 0);
  rows = g_strsplit (tsv->out, "\n", -1);
  g_assert_cmpstr (rows[0], ==, "id\tlocation\tcategories\tsensitive");
  cells = g_strsplit (rows[1], "\t", -1);
  g_assert_true (g_str_has_suffix (cells[1], "工资.txt"));
  g_assert_cmpstr (cells[2], ==, "general,financial,high_risk_id");
  g_assert_cmpstr (cells[3], ==, "1");
  g_assert_cmpstr (rows[2], ==, "");

  explained = run (f, "plan", "suggest", "--explain", f->path, cells[0]);
  assert_exit (explained, 0);
  g_assert_nonnull (strstr (explained->out, "PIPL Art. 28"));
  g_assert_nonnull (strstr (explained->out, "GB/T 45574-2025"));
  g_assert_null (strstr (explained->out, C_ID));
}

/* plan set / show / rules: a decision in one change, the retention rule
 * and date it brings, the overrides that need a reason. */
static void
test_plan_set (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Result) added = NULL;
  g_autoptr(Result) set = NULL;
  g_autoptr(Result) show = NULL;
  g_autoptr(Result) no_reason = NULL;
  g_autoptr(Result) overridden = NULL;
  g_autoptr(Result) bad = NULL;
  g_autoptr(Result) rules = NULL;
  g_autoptr(Result) audit = NULL;
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;

  added = run (f, "assets", "add", f->path, "--location", "收银系统数据库", "--medium", "server",
               "--record-type", "transaction", "--records", "1000");
  assert_exit (added, 0);
  {
    g_autoptr(Result) list = run (f, "assets", "list", f->path, "--format=tsv");
    g_auto(GStrv) rows = g_strsplit (list->out, "\n", -1);
    g_auto(GStrv) cells = g_strsplit (rows[1], "\t", -1);

    id = g_strdup (cells[0]);
  }

  /* No dates in the case yet: the decision is saved, the date waits. */
  set = run (f, "plan", "set", f->path, id, "--categories", "general,financial",
             "--disposition", "encrypt_retain");
  assert_exit (set, 0);
  g_assert_cmpstr (set->out, ==, "Updated the plan of 1 asset\n");
  g_assert_nonnull (strstr (set->err, "no retain-until date yet"));
  show = run (f, "plan", "show", f->path, "--format=tsv");
  expected = g_strdup_printf ("%s\t收银系统数据库\tgeneral,financial\tencrypt_retain\t\t\n", id);
  g_assert_nonnull (strstr (show->out, expected));

  /* Transaction records: the longest rule that applies, accounting
   * vouchers, 30 years from the end of the fiscal year. */
  {
    g_autoptr(Result) edited = run (f, "case", "edit", f->path, "--planned-deregistration", "2027-01-15");
    g_autoptr(Result) again = run (f, "plan", "set", f->path, id);

    assert_exit (edited, 0);
    assert_exit (again, 0);
  }
  g_clear_pointer (&show, cd_cli_result_free);
  show = run (f, "plan", "show", f->path, "--format=tsv");
  assert_exit (show, 0);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s\t收银系统数据库\tgeneral,financial\tencrypt_retain\t"
                              "accounting-vouchers-30y\t2057-12-31\n", id);
  g_assert_nonnull (strstr (show->out, expected));

  no_reason = run (f, "plan", "set", f->path, id, "--retain-until", "2030-01-01");
  assert_exit (no_reason, 2);
  g_assert_nonnull (strstr (no_reason->err, "--reason"));
  overridden = run (f, "plan", "set", f->path, id, "--retain-until", "2030-01-01",
                    "--reason", "客户要求提前销毁");
  assert_exit (overridden, 0);
  g_clear_pointer (&show, cd_cli_result_free);
  show = run (f, "plan", "show", f->path, "--format=tsv");
  g_assert_nonnull (strstr (show->out, "\t2030-01-01\n"));

  bad = run (f, "plan", "set", f->path, id, "--disposition", "shred");
  assert_exit (bad, 2);
  g_assert_nonnull (strstr (bad->err, "destroy"));

  rules = run (f, "plan", "rules", "--format=tsv");
  assert_exit (rules, 0);
  g_assert_nonnull (strstr (rules->out, "accounting-vouchers-30y\tP30Y"));

  /* The check: clean now; an error once the period is over. */
  {
    g_autoptr(Result) clean = NULL;
    g_autoptr(Result) later = NULL;
    g_autofree char *line = g_strdup_printf ("error\tretention-over\t%s\t", id);

    clean = run (f, "plan", "check", f->path, "--today", "2029-12-31");
    assert_exit (clean, 0);
    g_assert_cmpstr (clean->out, ==, "");
    g_assert_nonnull (strstr (clean->err, "0 errors, 0 warnings"));
    later = run (f, "plan", "check", f->path, "--today", "2030-01-02");
    assert_exit (later, 1);
    g_assert_true (g_str_has_prefix (later->out, line));
    g_assert_nonnull (strstr (later->out, "destroy it now"));
  }

  /* The timeline: inventory done; the final check pending, then passed. */
  {
    g_autoptr(Result) timeline = run (f, "plan", "timeline", f->path, "--format=tsv", "--today", "2026-12-01");
    g_autoptr(Result) self = run (f, "plan", "pass", f->path, "self-check", "--today", "2026-12-01");
    g_autoptr(Result) bad_pass = run (f, "plan", "pass", f->path, "lunch");
    g_autoptr(Result) overdue = run (f, "plan", "timeline", f->path, "--format=tsv", "--today", "2027-02-01");

    assert_exit (timeline, 0);
    g_assert_nonnull (strstr (timeline->out, "inventory\t2026-12-15\tdone\t"));
    g_assert_nonnull (strstr (timeline->out, "self-check\t2027-01-12\tpending\t"));
    assert_exit (self, 0);
    assert_exit (bad_pass, 2);
    assert_exit (overdue, 1);
    g_assert_nonnull (strstr (overdue->out, "self-check\t2027-01-12\tdone\t"));
    g_assert_nonnull (strstr (overdue->out, "cross-check\t2027-01-12\toverdue\t"));
  }

  /* Audited, without the reason's words. */
  audit = run (f, "audit", "list", f->path);
  assert_exit (audit, 0);
  g_assert_nonnull (strstr (audit->out, "plan.set"));
  g_assert_null (strstr (audit->out, "提前销毁"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/cli/help", test_help);
  ADD ("/cli/usage-errors", test_usage_errors);
  ADD ("/cli/case/new", test_case_new);
  ADD ("/cli/case/show-edit", test_case_show_edit);
  ADD ("/cli/case/members", test_case_members);
  ADD ("/cli/case/passwd", test_case_passwd);
  ADD ("/cli/passphrase/wrong", test_wrong_passphrase);
  ADD ("/cli/passphrase/file", test_passphrase_file);
  ADD ("/cli/assets/roundtrip", test_assets);
  ADD ("/cli/assets/bad-csv", test_assets_bad_csv);
  ADD ("/cli/customers/roundtrip", test_customers);
  ADD ("/cli/customers/sealed", test_customers_sealed);
  ADD ("/cli/customers/bad-csv", test_customers_bad_csv);
  ADD ("/cli/audit/tampered", test_audit);
  ADD ("/cli/audit/deleted", test_audit_deleted_entry);
  ADD ("/cli/case/demo", test_demo);
  ADD ("/cli/file/not-a-case", test_not_a_case);
  ADD ("/cli/file/truncated", test_truncated);
  ADD ("/cli/scan/contract", test_scan);
  ADD ("/cli/scan/case", test_scan_case);
  ADD ("/cli/plan/suggest", test_plan_suggest);
  ADD ("/cli/plan/set", test_plan_set);

  return g_test_run ();
}
