/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of de-identified and anonymized exports: each column rule on
 * hand-made values, k-anonymity against hand-computed tables, and the
 * export's refusals (label, missing column, source folder, existing file)
 * and atomic write. */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cd-test-util.h"

static const guint8 key_a[32] = {
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};

static const guint8 key_b[32] = {
  32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
  16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
};

static CdCsvTable *
table_new (const char *csv)
{
  g_autoptr(GError) error = NULL;
  CdCsvTable *table = cd_csv_table_parse (csv, strlen (csv), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static CdDeidentPlan *
plan_new (void)
{
  CdDeidentPlan *plan = cd_deident_plan_new ();
  g_autoptr(GDate) ref = g_date_new_dmy (1, G_DATE_JUNE, 2024);

  cd_deident_plan_set_reference_date (plan, ref);
  return plan;
}

static void
set_rule (CdDeidentPlan *plan,
          const char    *column_and_spec)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_deident_plan_set_rule_from_string (plan, column_and_spec, &error));
  g_assert_no_error (error);
}

/* What @spec makes of @value; @unreadable says whether it should fail to read. */
static void
check_value (CdDeidentPlan *plan,
             const char    *spec,
             const char    *value,
             const char    *expected,
             gboolean       unreadable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  CdDeidentRule rule;
  gboolean got_unreadable = !unreadable;

  g_assert_true (cd_deident_rule_parse (spec, &rule, &error));
  g_assert_no_error (error);
  out = cd_deident_plan_transform (plan, &rule, value, &got_unreadable, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (out, expected) != 0 || got_unreadable != unreadable)
    g_test_message ("%s on “%s”: “%s” (unreadable %d)", spec, value, out, got_unreadable);
  g_assert_cmpstr (out, ==, expected);
  g_assert_cmpint (got_unreadable, ==, unreadable);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  guint n = 0;

  g_assert_no_error (error);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cd-deident-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* -- rules ---------------------------------------------------------------------- */

static void
test_rule_parse (void)
{
  const struct
  {
    const char *spec;
    const char *canonical;
  } good[] = {
    { "keep", "keep" },
    { " DROP ", "drop" },
    { "mask", "mask:1,1" },
    { "mask:2,0", "mask:2,0" },
    { "mask:phone", "mask:phone" },
    { "mask:id", "mask:id" },
    { "mask:bank-card", "mask:bank-card" },
    { "age-band", "age-band:10" },
    { "age-band:5", "age-band:5" },
    { "age-band:10,90", "age-band:10,90" },
    { "region-prefix", "region-prefix:4" },
    { "region-prefix:6", "region-prefix:6" },
    { "month", "month" },
    { "date-to-month", "month" },
    { "pseudonym", "pseudonym" },
    { "pseudonymize", "pseudonym" },
  };
  const char * const bad[] = {
    "", "kept", "mask:", "mask:1", "mask:1,2,3", "mask:-1,2", "mask:foo", "age-band:0",
    "age-band:151", "age-band:10,0", "age-band:x", "region-prefix:0", "region-prefix:65",
    "month:2", "keep:1", "pseudonym:key", "drop,",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      CdDeidentRule rule;
      CdDeidentRule again;

      g_assert_true (cd_deident_rule_parse (good[i].spec, &rule, &error));
      g_assert_no_error (error);
      text = cd_deident_rule_to_string (&rule);
      g_assert_cmpstr (text, ==, good[i].canonical);
      g_assert_true (cd_deident_rule_parse (text, &again, &error));
      g_assert_cmpmem (&rule, sizeof rule, &again, sizeof again);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      CdDeidentRule rule;

      if (cd_deident_rule_parse (bad[i], &rule, NULL))
        g_test_message ("accepted: “%s”", bad[i]);
      g_assert_false (cd_deident_rule_parse (bad[i], &rule, &error));
      g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_RULE);
      g_assert_nonnull (strstr (error->message, "age-band"));
    }

  /* COLUMN=RULE, the rule after the last '=' */
  {
    g_autoptr(CdDeidentPlan) plan = cd_deident_plan_new ();
    g_autoptr(GError) error = NULL;
    const CdDeidentRule *rule;

    g_assert_true (cd_deident_plan_set_rule_from_string (plan, " a=b = month", &error));
    rule = cd_deident_plan_get_rule (plan, "A=B");
    g_assert_nonnull (rule);
    g_assert_cmpint (rule->kind, ==, CD_DEIDENT_GENERALIZE_DATE_TO_MONTH);
    /* set again: replaced, not added */
    g_assert_true (cd_deident_plan_set_rule_from_string (plan, "a=b=drop", &error));
    g_assert_cmpint (cd_deident_plan_get_rule (plan, "a=b")->kind, ==, CD_DEIDENT_DROP);
    g_assert_null (cd_deident_plan_get_rule (plan, "a"));

    g_assert_false (cd_deident_plan_set_rule_from_string (plan, "month", &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_RULE);
    g_clear_error (&error);
    g_assert_false (cd_deident_plan_set_rule_from_string (plan, "=month", &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_RULE);
    g_clear_error (&error);
    g_assert_false (cd_deident_plan_set_rule_from_string (plan, "age=decade", &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_RULE);
  }
}

static void
test_rule_mask (void)
{
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autofree char *id = cd_test_resident_id (0);
  g_autofree char *masked_id = cd_mask_id_number (id);

  check_value (plan, "mask", "abcdef", "a***f", FALSE);
  check_value (plan, "mask", "  abcdef  ", "a***f", FALSE);
  check_value (plan, "mask", "ab", "***", FALSE);
  check_value (plan, "mask", "a", "***", FALSE);
  check_value (plan, "mask", "", "", FALSE);
  check_value (plan, "mask", "   ", "", FALSE);
  check_value (plan, "mask", "广州市天河区", "广***区", FALSE);
  check_value (plan, "mask:2,0", "广州市天河区", "广州***", FALSE);
  check_value (plan, "mask:0,3", "广州市天河区", "***天河区", FALSE);
  check_value (plan, "mask:0,0", "secret", "***", FALSE);
  /* head + tail covering the value would show it all */
  check_value (plan, "mask:3,3", "abcdef", "***", FALSE);
  check_value (plan, "mask:3,3", "abcdefg", "abc***efg", FALSE);

  check_value (plan, "mask:name", "张三丰", "张**", FALSE);
  check_value (plan, "mask:phone", "13812345678", "138****5678", FALSE);
  check_value (plan, "mask:id", id, masked_id, FALSE);
  g_assert_true (g_str_has_prefix (masked_id, "110***********000"));
  check_value (plan, "mask:email", "zhangsan@example.com", "z***@example.com", FALSE);
  check_value (plan, "mask:bank-card", "6222021234567890123", "6222 **** **** *** 0123", FALSE);
  check_value (plan, "mask:address", "广东省广州市天河区体育西路1号", "广东省广州市****", FALSE);
  check_value (plan, "mask:uscc", "91350100M000100Y43", "91350100********43", FALSE);
  check_value (plan, "mask:phone", "", "", FALSE);
}

static void
test_rule_age_band (void)
{
  g_autoptr(CdDeidentPlan) plan = plan_new ();   /* ages on 2024-06-01 */
  g_autofree char *id = cd_test_resident_id (0);  /* born 1950-01-01 */
  g_autofree char *id15 = NULL;
  g_autoptr(GDate) leap_ref = g_date_new_dmy (28, G_DATE_FEBRUARY, 2021);

  check_value (plan, "age-band", "35", "30-39", FALSE);
  check_value (plan, "age-band", " 30 ", "30-39", FALSE);
  check_value (plan, "age-band", "39", "30-39", FALSE);
  check_value (plan, "age-band", "40", "40-49", FALSE);
  check_value (plan, "age-band", "0", "0-9", FALSE);
  check_value (plan, "age-band", "9.9", "0-9", FALSE);
  check_value (plan, "age-band", "35岁", "30-39", FALSE);
  check_value (plan, "age-band", "35 周岁", "30-39", FALSE);
  check_value (plan, "age-band", "３５", "30-39", FALSE);
  check_value (plan, "age-band", "150", "150-159", FALSE);
  check_value (plan, "age-band:5", "37", "35-39", FALSE);
  check_value (plan, "age-band:1", "37", "37", FALSE);
  check_value (plan, "age-band:10,90", "95", "90+", FALSE);
  check_value (plan, "age-band:10,90", "90", "90+", FALSE);
  check_value (plan, "age-band:10,90", "89", "80-89", FALSE);
  check_value (plan, "age-band:10,85", "84", "80-84", FALSE);
  check_value (plan, "age-band:10,85", "85", "85+", FALSE);

  /* from birth dates, on 2024-06-01 */
  check_value (plan, "age-band", "1990-06-01", "30-39", FALSE);   /* 34 today */
  check_value (plan, "age-band", "1984-06-01", "40-49", FALSE);   /* 40 today */
  check_value (plan, "age-band", "1984-06-02", "30-39", FALSE);   /* 39 until tomorrow */
  check_value (plan, "age-band", "1984年6月2日", "30-39", FALSE);
  check_value (plan, "age-band", "19840602", "30-39", FALSE);
  check_value (plan, "age-band", "1984/6/1", "40-49", FALSE);
  check_value (plan, "age-band", "2024-06-01", "0-9", FALSE);
  check_value (plan, "age-band", "1990-06", "30-39", FALSE);      /* from 1990-06-01 */
  check_value (plan, "age-band", "1990-06-15 08:30", "30-39", FALSE);

  /* from the birth date in a resident ID number, 18 and 15 digits */
  check_value (plan, "age-band", id, "70-79", FALSE);
  id15 = g_strdup ("110101500101000");
  check_value (plan, "age-band", id15, "70-79", FALSE);

  /* a leap-day birthday comes on 1 March in other years */
  cd_deident_plan_set_reference_date (plan, leap_ref);
  check_value (plan, "age-band:1", "2000-02-29", "20", FALSE);
  g_date_add_days (leap_ref, 1);
  cd_deident_plan_set_reference_date (plan, leap_ref);
  check_value (plan, "age-band:1", "2000-02-29", "21", FALSE);
  cd_deident_plan_set_reference_date (plan, NULL);
  {
    /* today: a child born today is 0 */
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    check_value (plan, "age-band", today, "0-9", FALSE);
  }
  {
    g_autoptr(GDate) ref = g_date_new_dmy (1, G_DATE_JUNE, 2024);

    cd_deident_plan_set_reference_date (plan, ref);
  }

  /* unreadable and out of range: suppressed, never passed through */
  check_value (plan, "age-band", "151", "", TRUE);
  check_value (plan, "age-band", "999", "", TRUE);
  check_value (plan, "age-band", "1000", "", TRUE);
  check_value (plan, "age-band", "-3", "", TRUE);
  check_value (plan, "age-band", "abc", "", TRUE);
  check_value (plan, "age-band", "35 years", "", TRUE);
  check_value (plan, "age-band", "2025-01-01", "", TRUE);   /* born after the reference */
  check_value (plan, "age-band", "1850-01-01", "", TRUE);   /* 174 */
  check_value (plan, "age-band", "1990-02-30", "", TRUE);
  check_value (plan, "age-band", "110101199002300000", "", TRUE);
  check_value (plan, "age-band", "3 5", "", TRUE);
  check_value (plan, "age-band", "", "", FALSE);
  check_value (plan, "age-band", " 　 ", "", FALSE);
}

static void
test_rule_date_to_month (void)
{
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  const char * const may[] = {
    "2023-05-17", "2023/5/17", "2023.5.17", "2023-5-7", "2023年5月17日", "2023年05月17号",
    "2023年5月17日 10:22", "2023年5月17日上午", "20230517", "20230517103000",
    "2023-05-17 10:22:33", "2023-05-17T10:22:33Z", "2023-05", "2023/5", "2023年5月", "202305",
    "２０２３－０５－１７", " 2023-05-31 ",
  };
  const char * const bad[] = {
    "2023-02-30", "2023-13-01", "2023-00-10", "2023-05-00", "17/05/2023", "05/17/2023",
    "2023-5-17x", "2023-05-", "2023/05-17", "1799-01-01", "2201-01-01", "2023517",
    "45063", "May 2023", "2023年13月", "2023年5月32日", "2023年5", "2023", "2023-005-01",
    "２０２３年５月１７x", "2023-05-17x10:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (may); i++)
    check_value (plan, "month", may[i], "2023-05", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    check_value (plan, "month", bad[i], "", TRUE);

  check_value (plan, "month", "2024-02-29", "2024-02", FALSE);
  check_value (plan, "month", "2023-02-29", "", TRUE);
  check_value (plan, "month", "1900-02-29", "", TRUE);
  check_value (plan, "month", "2000-02-29", "2000-02", FALSE);
  check_value (plan, "month", "", "", FALSE);
}

static void
test_rule_region_prefix (void)
{
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autofree char *id = cd_test_resident_id (0);   /* region 110101 */
  g_autofree char *spaced = g_strdup_printf ("%.6s %.8s %s", id, id + 6, id + 14);
  g_autofree char *id_x = g_strdup ("11010119500101002x");

  check_value (plan, "region-prefix:4", "440106", "4401", FALSE);
  check_value (plan, "region-prefix:2", "440106", "44", FALSE);
  check_value (plan, "region-prefix:8", "440106", "440106", FALSE);
  check_value (plan, "region-prefix:9", "440106001001", "440106001", FALSE);
  check_value (plan, "region-prefix:4", "44", "44", FALSE);
  check_value (plan, "region-prefix:4", " 440106 ", "4401", FALSE);
  check_value (plan, "region-prefix:4", "１１０１０５", "1101", FALSE);

  /* a resident ID number gives at most its six region digits */
  check_value (plan, "region-prefix:4", id, "1101", FALSE);
  check_value (plan, "region-prefix:8", id, "110101", FALSE);
  check_value (plan, "region-prefix:64", id, "110101", FALSE);
  check_value (plan, "region-prefix:8", id_x, "110101", FALSE);
  check_value (plan, "region-prefix:8", spaced, "110101", FALSE);
  check_value (plan, "region-prefix:8", "110101500101000", "110101", FALSE);
  /* not an ID number: 17 digits and a letter other than X */
  check_value (plan, "region-prefix:8", "11010119500101002a", "11010119", FALSE);

  /* an address keeps its first characters */
  check_value (plan, "region-prefix:3", "广东省广州市天河区体育西路1号", "广东省", FALSE);
  check_value (plan, "region-prefix:6", "广东省广州市天河区体育西路1号", "广东省广州市", FALSE);
  check_value (plan, "region-prefix:4", "北京", "北京", FALSE);
  check_value (plan, "region-prefix:4", "Room 5, 1 Main St", "Room", FALSE);
  check_value (plan, "region-prefix:4", "", "", FALSE);
}

static void
test_rule_pseudonym (void)
{
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *a3 = NULL;
  g_autofree char *other = NULL;
  g_autofree char *b1 = NULL;
  CdDeidentRule rule;

  cd_deident_rule_init (&rule, CD_DEIDENT_PSEUDONYMIZE);

  /* no key: refused, not an unkeyed hash */
  g_assert_null (cd_deident_plan_transform (plan, &rule, "张三", NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_KEY);
  g_clear_error (&error);

  g_assert_true (cd_deident_plan_set_key (plan, key_a, sizeof key_a, &error));
  g_assert_no_error (error);

  /* keyed BLAKE2b-128 of the domain, a NUL and the value, first 64 bits */
  a1 = cd_deident_plan_transform (plan, &rule, "张三", NULL, &error);
  g_assert_cmpstr (a1, ==, "3566a0188d3f4351");
  check_value (plan, "pseudonym", "110101195001010000", "477adb0b197048ff", FALSE);

  /* the same value, the same pseudonym; surrounding blanks do not count */
  a2 = cd_deident_plan_transform (plan, &rule, "张三", NULL, &error);
  a3 = cd_deident_plan_transform (plan, &rule, " 张三　", NULL, &error);
  g_assert_cmpstr (a1, ==, a2);
  g_assert_cmpstr (a1, ==, a3);
  g_assert_cmpuint (strlen (a1), ==, CD_DEIDENT_PSEUDONYM_CHARS);
  for (const char *p = a1; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));

  other = cd_deident_plan_transform (plan, &rule, "张四", NULL, &error);
  g_assert_cmpstr (other, !=, a1);
  check_value (plan, "pseudonym", "", "", FALSE);

  /* another key, another pseudonym */
  g_assert_true (cd_deident_plan_set_key (plan, key_b, sizeof key_b, &error));
  b1 = cd_deident_plan_transform (plan, &rule, "张三", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b1, !=, a1);
  g_assert_cmpuint (strlen (b1), ==, CD_DEIDENT_PSEUDONYM_CHARS);

  /* and back: it depends on the key only */
  g_assert_true (cd_deident_plan_set_key (plan, key_a, 16, &error));
  g_free (b1);
  b1 = cd_deident_plan_transform (plan, &rule, "张三", NULL, &error);
  g_assert_cmpstr (b1, !=, a1);   /* a 16-byte key is another key */
  g_assert_true (cd_deident_plan_set_key (plan, key_a, sizeof key_a, &error));
  g_free (b1);
  b1 = cd_deident_plan_transform (plan, &rule, "张三", NULL, &error);
  g_assert_cmpstr (b1, ==, a1);
}

/* -- applying a plan ------------------------------------------------------------ */

static void
test_apply (void)
{
  g_autoptr(CdCsvTable) table = table_new ("name,birth,visit,zip,note\r\n"
                                           "张三,1990-05-17,2023/5/17,440106,a\r\n"
                                           "\r\n"
                                           "李四,not a date,2023年6月1日,310115,\"two\r\nlines\"\r\n"
                                           "王五,,20230701,,c\r\n"
                                           "赵六,1800-01-01,2023-02-30,abc,d\r\n");
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(CdDeidentTable) out = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *row;

  set_rule (plan, "name=drop");
  set_rule (plan, "birth=age-band:10");
  set_rule (plan, "VISIT=month");
  set_rule (plan, "ｚｉｐ=region-prefix:2");

  out = cd_deident_plan_apply (plan, table, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_deident_table_get_n_columns (out), ==, 4);
  g_assert_cmpuint (cd_deident_table_get_n_rows (out), ==, 4);
  g_assert_cmpstr (cd_deident_table_get_header (out)[0], ==, "birth");
  g_assert_cmpstr (cd_deident_table_get_header (out)[3], ==, "note");
  g_assert_null (cd_deident_table_get_header (out)[4]);

  row = cd_deident_table_get_row (out, 0);
  g_assert_cmpstr (row[0], ==, "30-39");
  g_assert_cmpstr (row[1], ==, "2023-05");
  g_assert_cmpstr (row[2], ==, "44");
  g_assert_cmpstr (row[3], ==, "a");
  g_assert_null (row[4]);
  row = cd_deident_table_get_row (out, 1);
  g_assert_cmpstr (row[0], ==, "");
  g_assert_cmpstr (row[1], ==, "2023-06");
  g_assert_cmpstr (row[2], ==, "31");
  g_assert_cmpstr (row[3], ==, "two\r\nlines");
  row = cd_deident_table_get_row (out, 2);
  g_assert_cmpstr (row[0], ==, "");
  g_assert_cmpstr (row[1], ==, "2023-07");
  g_assert_cmpstr (row[2], ==, "");
  row = cd_deident_table_get_row (out, 3);
  g_assert_cmpstr (row[0], ==, "");
  g_assert_cmpstr (row[1], ==, "");
  g_assert_cmpstr (row[2], ==, "ab");

  /* line numbers of the source, past the blank line and the two-line cell */
  g_assert_cmpuint (cd_deident_table_get_row_line (out, 0), ==, 2);
  g_assert_cmpuint (cd_deident_table_get_row_line (out, 1), ==, 4);
  g_assert_cmpuint (cd_deident_table_get_row_line (out, 2), ==, 6);
  g_assert_cmpuint (cd_deident_table_get_row_line (out, 3), ==, 7);
}

static void
test_apply_bad_plan (void)
{
  g_autoptr(CdCsvTable) table = table_new ("age,sex,city\n34,M,Guangzhou\n");
  g_autoptr(CdCsvTable) twice = table_new ("age,sex,AGE\n34,M,35\n");

  {
    g_autoptr(CdDeidentPlan) plan = plan_new ();
    g_autoptr(GError) error = NULL;

    set_rule (plan, "年龄=age-band");
    g_assert_false (cd_deident_plan_check (plan, table, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_SUCH_COLUMN);
    g_assert_cmpstr (error->message, ==,
                     "The table has no column “年龄”. Its columns are: “age”, “sex”, “city”.");
    g_clear_error (&error);
    g_assert_null (cd_deident_plan_apply (plan, table, NULL, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_SUCH_COLUMN);
  }
  {
    g_autoptr(CdDeidentPlan) plan = plan_new ();
    g_autoptr(GError) error = NULL;
    const char * const qi[] = { "age", "postcode", NULL };

    cd_deident_plan_set_quasi_identifiers (plan, qi);
    g_assert_false (cd_deident_plan_check (plan, table, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_SUCH_COLUMN);
    g_assert_nonnull (strstr (error->message, "“postcode”"));
    g_assert_nonnull (strstr (error->message, "“age”, “sex”, “city”"));
  }
  {
    g_autoptr(CdDeidentPlan) plan = plan_new ();
    g_autoptr(GError) error = NULL;

    set_rule (plan, "age=age-band");
    g_assert_false (cd_deident_plan_check (plan, twice, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_AMBIGUOUS_COLUMN);
    g_assert_nonnull (strstr (error->message, "columns 1 and 3"));
    g_clear_error (&error);
    /* the same plan is fine where the name is unique */
    g_assert_true (cd_deident_plan_check (plan, table, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(CdDeidentPlan) plan = plan_new ();
    g_autoptr(GError) error = NULL;
    const char * const qi[] = { "age", "City", NULL };

    set_rule (plan, "city=drop");
    cd_deident_plan_set_quasi_identifiers (plan, qi);
    g_assert_false (cd_deident_plan_check (plan, table, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_PLAN);
    g_assert_nonnull (strstr (error->message, "“City”"));
  }
  {
    g_autoptr(CdDeidentPlan) plan = plan_new ();
    g_autoptr(GError) error = NULL;

    set_rule (plan, "city=pseudonym");
    g_assert_false (cd_deident_plan_check (plan, table, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_KEY);
    g_clear_error (&error);
    g_assert_true (cd_deident_plan_set_key (plan, key_a, sizeof key_a, &error));
    g_assert_true (cd_deident_plan_check (plan, table, &error));
  }
  {
    /* a rule struct with parameters out of range */
    g_autoptr(CdDeidentPlan) plan = plan_new ();
    g_autoptr(GError) error = NULL;
    CdDeidentRule rule;

    cd_deident_rule_init (&rule, CD_DEIDENT_GENERALIZE_AGE_BAND);
    rule.band_width = 0;
    cd_deident_plan_set_rule (plan, "age", &rule);
    g_assert_false (cd_deident_plan_check (plan, table, &error));
    g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_RULE);
  }
  {
    /* quasi-identifiers named twice count once */
    g_autoptr(CdDeidentPlan) plan = plan_new ();
    const char * const qi[] = { "age", "AGE", " age ", "sex", NULL };

    cd_deident_plan_set_quasi_identifiers (plan, qi);
    g_assert_cmpuint (g_strv_length ((char **) cd_deident_plan_get_quasi_identifiers (plan)),
                      ==, 2);
  }
}

/* -- k-anonymity ---------------------------------------------------------------- */

static const char k1_csv[] =
  "age,sex,city\r\n"
  "34,M,Guangzhou\r\n"     /* line 2: 30-39 M */
  "36,M,Guangzhou\r\n"     /* line 3: 30-39 M */
  "45,F,Shenzhen\r\n"      /* line 4: 40-49 F, alone */
  "52,F,Shenzhen\r\n"      /* line 5: 50-59 F */
  "57,F,Shenzhen\r\n";     /* line 6: 50-59 F */

static CdDeidentKAnonymity *
compute_k (const char         *csv,
           const char         *age_rule,
           const char * const *qi,
           guint               threshold)
{
  g_autoptr(CdCsvTable) table = table_new (csv);
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(CdDeidentTable) out = NULL;
  g_autoptr(GError) error = NULL;
  CdDeidentKAnonymity *result;

  if (age_rule != NULL)
    set_rule (plan, age_rule);
  out = cd_deident_plan_apply (plan, table, NULL, &error);
  g_assert_no_error (error);
  result = cd_deident_table_compute_k (out, qi, threshold, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
assert_class (CdDeidentKAnonymity *result,
              guint                i,
              guint                size,
              const char * const  *values,
              const guint         *rows,
              const guint         *lines,
              guint                n_listed)
{
  CdDeidentClass *cls;

  g_assert_cmpuint (i, <, result->small_classes->len);
  cls = g_ptr_array_index (result->small_classes, i);
  g_assert_cmpuint (cls->size, ==, size);
  g_assert_cmpuint (cls->n_listed, ==, n_listed);
  g_assert_cmpuint (g_strv_length (cls->values), ==, g_strv_length ((char **) values));
  for (guint v = 0; values[v] != NULL; v++)
    g_assert_cmpstr (cls->values[v], ==, values[v]);
  g_assert_cmpmem (cls->rows, n_listed * sizeof (guint), rows, n_listed * sizeof (guint));
  g_assert_cmpmem (cls->lines, n_listed * sizeof (guint), lines, n_listed * sizeof (guint));
}

static void
test_k_one (void)
{
  const char * const qi[] = { "age", "sex", NULL };
  g_autoptr(CdDeidentKAnonymity) k2 = compute_k (k1_csv, "age=age-band:10", qi, 2);
  g_autoptr(CdDeidentKAnonymity) k3 = compute_k (k1_csv, "age=age-band:10", qi, 3);
  /* sex is kept unchanged, so a class shows it masked */
  const char * const v40f[] = { "40-49", "*", NULL };
  const char * const v30m[] = { "30-39", "*", NULL };
  const char * const v50f[] = { "50-59", "*", NULL };

  g_assert_cmpuint (k2->k, ==, 1);
  g_assert_cmpuint (k2->n_rows, ==, 5);
  g_assert_cmpuint (k2->n_classes, ==, 3);
  g_assert_cmpuint (k2->n_small_classes, ==, 1);
  g_assert_cmpuint (k2->n_small_rows, ==, 1);
  g_assert_false (k2->truncated);
  g_assert_cmpstr (k2->quasi_identifiers[0], ==, "age");
  g_assert_cmpstr (k2->quasi_identifiers[1], ==, "sex");
  assert_class (k2, 0, 1, v40f, (guint[]) { 2 }, (guint[]) { 4 }, 1);

  /* below 3: every class, the smallest first, then by first row */
  g_assert_cmpuint (k3->k, ==, 1);
  g_assert_cmpuint (k3->n_small_classes, ==, 3);
  g_assert_cmpuint (k3->n_small_rows, ==, 5);
  assert_class (k3, 0, 1, v40f, (guint[]) { 2 }, (guint[]) { 4 }, 1);
  assert_class (k3, 1, 2, v30m, (guint[]) { 0, 1 }, (guint[]) { 2, 3 }, 2);
  assert_class (k3, 2, 2, v50f, (guint[]) { 3, 4 }, (guint[]) { 5, 6 }, 2);
}

static void
test_k_two (void)
{
  /* classes of 3, 2 and 4 rows, interleaved; a bad date joins the empty class */
  const char csv[] =
    "id,visit,area\n"
    "1,2023-05-01,440106\n"     /* 2023-05 4401 */
    "2,2023-06-01,440106\n"     /* 2023-06 4401 */
    "3,2023/5/9,440105\n"       /* 2023-05 4401 */
    "4,bad,310115\n"            /* (empty) 3101 */
    "5,2023-06-30,440199\n"     /* 2023-06 4401 */
    "6,,310101\n"               /* (empty) 3101 */
    "7,20230515,440100\n"       /* 2023-05 4401 */
    "8,2023年6月2日,440106\n"   /* 2023-06 4401 */
    "9,2023-06-03,440106\n";    /* 2023-06 4401 */
  const char * const qi[] = { "visit", "area", NULL };
  g_autoptr(CdCsvTable) table = table_new (csv);
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(CdDeidentTable) out = NULL;
  g_autoptr(CdDeidentKAnonymity) k3 = NULL;
  g_autoptr(CdDeidentKAnonymity) k2 = NULL;
  g_autoptr(GError) error = NULL;
  const char * const v_empty[] = { "", "3101", NULL };

  set_rule (plan, "visit=month");
  set_rule (plan, "area=region-prefix:4");
  out = cd_deident_plan_apply (plan, table, NULL, &error);
  g_assert_no_error (error);

  k3 = cd_deident_table_compute_k (out, qi, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (k3->k, ==, 2);
  g_assert_cmpuint (k3->n_classes, ==, 3);
  g_assert_cmpuint (k3->n_small_classes, ==, 1);
  g_assert_cmpuint (k3->n_small_rows, ==, 2);
  assert_class (k3, 0, 2, v_empty, (guint[]) { 3, 5 }, (guint[]) { 5, 7 }, 2);

  k2 = cd_deident_table_compute_k (out, qi, 2, NULL, &error);
  g_assert_cmpuint (k2->k, ==, 2);
  g_assert_cmpuint (k2->n_small_classes, ==, 0);
  g_assert_cmpuint (k2->small_classes->len, ==, 0);
}

static void
test_k_five (void)
{
  GString *csv = g_string_new ("age,sex,city\n");
  const char * const qi[] = { "age", "sex", NULL };
  const char * const qi_city[] = { "city", NULL };
  g_autoptr(CdDeidentKAnonymity) k5 = NULL;
  g_autoptr(CdDeidentKAnonymity) k6 = NULL;
  g_autoptr(CdDeidentKAnonymity) city = NULL;
  g_autofree char *text = NULL;

  /* 5 men in their thirties, 6 women in their forties */
  for (guint i = 0; i < 11; i++)
    g_string_append_printf (csv, "%u,%s,City%u\n", i < 5 ? 30 + i : 35 + i, i < 5 ? "M" : "F",
                            i % 2);
  text = g_string_free (csv, FALSE);

  k5 = compute_k (text, "age=age-band:10", qi, 5);
  g_assert_cmpuint (k5->k, ==, 5);
  g_assert_cmpuint (k5->n_classes, ==, 2);
  g_assert_cmpuint (k5->n_small_classes, ==, 0);

  k6 = compute_k (text, "age=age-band:10", qi, 6);
  g_assert_cmpuint (k6->k, ==, 5);
  g_assert_cmpuint (k6->n_small_classes, ==, 1);
  assert_class (k6, 0, 5, (const char * const[]) { "30-39", "*", NULL },
                (guint[]) { 0, 1, 2, 3, 4 }, (guint[]) { 2, 3, 4, 5, 6 }, 5);

  /* a kept column is shown masked: “City0” → “C***0” */
  city = compute_k (text, NULL, qi_city, 6);
  g_assert_cmpuint (city->k, ==, 5);
  assert_class (city, 0, 5, (const char * const[]) { "C***1", NULL },
                (guint[]) { 1, 3, 5, 7, 9 }, (guint[]) { 3, 5, 7, 9, 11 }, 5);
}

static void
test_k_cap (void)
{
  GString *csv = g_string_new ("n,group\n");
  g_autofree char *text = NULL;
  g_autoptr(CdDeidentKAnonymity) distinct = NULL;
  g_autoptr(CdDeidentKAnonymity) big = NULL;
  const char * const qi_n[] = { "n", NULL };
  const char * const qi_group[] = { "group", NULL };
  guint listed = 0;

  for (guint i = 0; i < 1500; i++)
    g_string_append_printf (csv, "%u,g\n", 1000 + i);
  text = g_string_free (csv, FALSE);

  /* 1500 classes of one row: 1000 of them listed */
  distinct = compute_k (text, NULL, qi_n, 5);
  g_assert_cmpuint (distinct->k, ==, 1);
  g_assert_cmpuint (distinct->n_classes, ==, 1500);
  g_assert_cmpuint (distinct->n_small_classes, ==, 1500);
  g_assert_cmpuint (distinct->n_small_rows, ==, 1500);
  g_assert_cmpuint (distinct->small_classes->len, ==, CD_DEIDENT_MAX_LISTED_ROWS);
  g_assert_true (distinct->truncated);
  for (guint i = 0; i < distinct->small_classes->len; i++)
    {
      CdDeidentClass *cls = g_ptr_array_index (distinct->small_classes, i);

      g_assert_cmpuint (cls->rows[0], ==, i);
      listed += cls->n_listed;
    }
  g_assert_cmpuint (listed, ==, CD_DEIDENT_MAX_LISTED_ROWS);

  /* one class of 1500 rows below a threshold of 2000: its first 1000 rows */
  big = compute_k (text, NULL, qi_group, 2000);
  g_assert_cmpuint (big->k, ==, 1500);
  g_assert_cmpuint (big->small_classes->len, ==, 1);
  {
    CdDeidentClass *cls = g_ptr_array_index (big->small_classes, 0);

    g_assert_cmpuint (cls->size, ==, 1500);
    g_assert_cmpuint (cls->n_listed, ==, CD_DEIDENT_MAX_LISTED_ROWS);
    g_assert_cmpuint (cls->rows[999], ==, 999);
    g_assert_cmpuint (cls->lines[999], ==, 1001);
  }
  g_assert_true (big->truncated);
}

static void
test_k_edge (void)
{
  g_autoptr(CdCsvTable) table = table_new ("age,sex\n");
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(CdDeidentTable) out = NULL;
  g_autoptr(CdDeidentKAnonymity) result = NULL;
  g_autoptr(GError) error = NULL;
  const char * const qi[] = { "age", NULL };
  const char * const none[] = { NULL };
  const char * const missing[] = { "sex", "zip", NULL };

  out = cd_deident_plan_apply (plan, table, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_deident_table_get_n_rows (out), ==, 0);

  /* no rows: no classes, k = 0 */
  result = cd_deident_table_compute_k (out, qi, 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->k, ==, 0);
  g_assert_cmpuint (result->n_classes, ==, 0);
  g_assert_cmpuint (result->small_classes->len, ==, 0);

  g_assert_null (cd_deident_table_compute_k (out, none, 5, NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_PLAN);
  g_clear_error (&error);
  g_assert_null (cd_deident_table_compute_k (out, missing, 5, NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_SUCH_COLUMN);
  g_assert_nonnull (strstr (error->message, "“zip”"));
}

/* Values that contain the other's text must not join into the same key. */
static void
test_k_separator (void)
{
  const char csv[] = "a,b\nx,yz\nxy,z\n\"x,\",y\nx,\",y\"\n";
  const char * const qi[] = { "a", "b", NULL };
  g_autoptr(CdDeidentKAnonymity) result = compute_k (csv, NULL, qi, 2);

  g_assert_cmpuint (result->n_classes, ==, 4);
  g_assert_cmpuint (result->k, ==, 1);
}

/* -- export --------------------------------------------------------------------- */

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_export_content (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *id1 = cd_test_resident_id (0);
  g_autofree char *id2 = cd_test_resident_id (1);
  g_autofree char *csv = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *p1 = NULL;
  g_autofree char *p2 = NULL;
  g_autofree char *json = NULL;
  g_autofree char *real_dir = NULL;
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(CdDeidentReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char * const qi[] = { "出生日期", "性别", "地址", NULL };
  const char * const raw[] = {
    "张三", "李四", "13812345678", "13987654321", "1990-05-17", "1985年3月2日",
    "广东省广州市天河区体育西路1号", "上海市浦东新区世纪大道2号", "2023-05-17", id1, id2,
  };
  CdDeidentColumnReport *col;
  CdDeidentRule pseudo;
  struct stat st;

  csv = g_strdup_printf ("姓名,身份证号,手机,出生日期,性别,地址,就诊日期,备注\n"
                         "张三,%s,13812345678,1990-05-17,男,广东省广州市天河区体育西路1号,"
                         "2023-05-17,=1+1\n"
                         "李四,%s,13987654321,1985年3月2日,女,上海市浦东新区世纪大道2号,"
                         "2023/6/1,\"a, b\"\n",
                         id1, id2);
  table = table_new (csv);
  set_rule (plan, "姓名=drop");
  set_rule (plan, "身份证号=pseudonym");
  set_rule (plan, "手机=mask:phone");
  set_rule (plan, "出生日期=age-band:10");
  set_rule (plan, "地址=region-prefix:3");
  set_rule (plan, "就诊日期=month");
  cd_deident_plan_set_quasi_identifiers (plan, qi);
  g_assert_true (cd_deident_plan_set_key (plan, key_a, sizeof key_a, &error));

  g_assert_true (cd_deident_export (table, plan, path, CD_DEIDENT_LABEL_DEIDENTIFIED, NULL,
                                    CD_DEIDENT_EXPORT_NONE, NULL, &report, &error));
  g_assert_no_error (error);

  cd_deident_rule_init (&pseudo, CD_DEIDENT_PSEUDONYMIZE);
  p1 = cd_deident_plan_transform (plan, &pseudo, id1, NULL, &error);
  p2 = cd_deident_plan_transform (plan, &pseudo, id2, NULL, &error);
  expected = g_strdup_printf ("\xEF\xBB\xBF"
                              "身份证号,手机,出生日期,性别,地址,就诊日期,备注\r\n"
                              "%s,138****5678,30-39,男,广东省,2023-05,'=1+1\r\n"
                              "%s,139****4321,30-39,女,上海市,2023-06,\"a, b\"\r\n",
                              p1, p2);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, expected);

  /* readable by the owner only, and no temporary file left */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_entries (dir), ==, 1);

  /* the report: what the audit entry needs, no cell value */
  real_dir = realpath (dir, NULL);
  g_assert_cmpint (report->label, ==, CD_DEIDENT_LABEL_DEIDENTIFIED);
  g_assert_cmpint (report->label_requested, ==, CD_DEIDENT_LABEL_DEIDENTIFIED);
  g_assert_cmpuint (report->k, ==, 1);
  g_assert_cmpuint (report->threshold, ==, 5);
  g_assert_cmpuint (report->n_rows, ==, 2);
  g_assert_cmpuint (report->n_columns_written, ==, 7);
  g_assert_cmpuint (report->n_columns_dropped, ==, 1);
  g_assert_cmpuint (report->n_small_classes, ==, 2);
  g_assert_cmpuint (report->n_small_rows, ==, 2);
  g_assert_cmpuint (report->columns->len, ==, 8);
  g_assert_cmpuint (strlen (report->sha256), ==, 64);
  {
    g_autofree char *want_path = g_build_filename (real_dir, "out.csv", NULL);
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, contents, -1);

    g_assert_cmpstr (report->path, ==, want_path);
    g_assert_cmpstr (report->sha256, ==, sum);
  }
  free (real_dir);
  real_dir = NULL;
  col = g_ptr_array_index (report->columns, 0);
  g_assert_cmpstr (col->name, ==, "姓名");
  g_assert_cmpstr (col->rule, ==, "drop");
  g_assert_false (col->quasi_identifier);
  col = g_ptr_array_index (report->columns, 3);
  g_assert_cmpstr (col->name, ==, "出生日期");
  g_assert_cmpstr (col->rule, ==, "age-band:10");
  g_assert_true (col->quasi_identifier);
  g_assert_cmpuint (col->n_unreadable, ==, 0);
  col = g_ptr_array_index (report->columns, 7);
  g_assert_cmpstr (col->rule, ==, "keep");

  json = cd_deident_report_to_json (report);
  g_assert_nonnull (strstr (json, "\"label\":\"deidentified\""));
  g_assert_nonnull (strstr (json, "\"k\":1,"));
  g_assert_nonnull (strstr (json, "\"rows\":2,"));
  g_assert_nonnull (strstr (json, "{\"name\":\"出生日期\",\"rule\":\"age-band:10\","
                                  "\"quasi_identifier\":true,\"unreadable\":0}"));
  for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
    g_assert_null (strstr (json, raw[i]));

  cd_test_rm_rf (dir);
}

static void
test_export_anonymized (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *refused = g_build_filename (dir, "anon.csv", NULL);
  g_autofree char *fallback = g_build_filename (dir, "fallback.csv", NULL);
  g_autofree char *deident = g_build_filename (dir, "deident.csv", NULL);
  g_autofree char *anon = g_build_filename (dir, "anon-ok.csv", NULL);
  g_autoptr(CdCsvTable) table = table_new (k1_csv);
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(CdDeidentReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const char * const qi[] = { "age", "sex", NULL };
  const char * const qi_age[] = { "age", NULL };

  set_rule (plan, "age=age-band:10");
  cd_deident_plan_set_quasi_identifiers (plan, qi);

  /* k = 1 < 5: refused, naming every row (all five are in groups below 5) */
  g_assert_false (cd_deident_export (table, plan, refused, CD_DEIDENT_LABEL_ANONYMIZED, NULL,
                                     CD_DEIDENT_EXPORT_NONE, NULL, &report, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_BELOW_THRESHOLD);
  g_assert_null (report);
  g_assert_cmpstr (error->message, ==,
                   "The export cannot be labelled anonymized: k is 1, below the required 5. "
                   "5 rows are in groups smaller than 5: line 4 (40-49 / *); "
                   "line 2 (30-39 / *); line 3 (30-39 / *); line 5 (50-59 / *); "
                   "line 6 (50-59 / *). Generalize the quasi-identifiers further, or export "
                   "it as de-identified.");
  g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_clear_error (&error);

  /* a threshold of 2: only the lone row */
  cd_deident_plan_set_threshold (plan, 2);
  g_assert_false (cd_deident_export (table, plan, refused, CD_DEIDENT_LABEL_ANONYMIZED, NULL,
                                     CD_DEIDENT_EXPORT_NONE, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "1 row is in a group smaller than 2: "
                                            "line 4 (40-49 / *)."));
  g_assert_null (strstr (error->message, "45"));
  g_clear_error (&error);
  cd_deident_plan_set_threshold (plan, 5);

  /* with the fallback it is written, labelled de-identified */
  g_assert_true (cd_deident_export (table, plan, fallback, CD_DEIDENT_LABEL_ANONYMIZED, NULL,
                                    CD_DEIDENT_EXPORT_FALLBACK, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->label, ==, CD_DEIDENT_LABEL_DEIDENTIFIED);
  g_assert_cmpint (report->label_requested, ==, CD_DEIDENT_LABEL_ANONYMIZED);
  g_assert_cmpuint (report->k, ==, 1);
  g_assert_cmpuint (report->n_small_rows, ==, 5);
  g_clear_pointer (&report, cd_deident_report_free);

  /* asked as de-identified, it is simply written */
  g_assert_true (cd_deident_export (table, plan, deident, CD_DEIDENT_LABEL_DEIDENTIFIED, NULL,
                                    CD_DEIDENT_EXPORT_NONE, NULL, &report, &error));
  g_assert_cmpint (report->label, ==, CD_DEIDENT_LABEL_DEIDENTIFIED);
  g_clear_pointer (&report, cd_deident_report_free);

  /* age alone in bands of 100: one class of 5, k = 5, anonymized */
  set_rule (plan, "age=age-band:100");
  cd_deident_plan_set_quasi_identifiers (plan, qi_age);
  g_assert_true (cd_deident_export (table, plan, anon, CD_DEIDENT_LABEL_ANONYMIZED, NULL,
                                    CD_DEIDENT_EXPORT_NONE, NULL, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->label, ==, CD_DEIDENT_LABEL_ANONYMIZED);
  g_assert_cmpuint (report->k, ==, 5);
  g_assert_cmpuint (report->n_small_classes, ==, 0);
  g_clear_pointer (&report, cd_deident_report_free);
  g_assert_cmpuint (count_entries (dir), ==, 3);

  /* anonymized without quasi-identifiers: refused */
  cd_deident_plan_set_quasi_identifiers (plan, NULL);
  g_assert_false (cd_deident_export (table, plan, refused, CD_DEIDENT_LABEL_ANONYMIZED, NULL,
                                     CD_DEIDENT_EXPORT_FALLBACK, NULL, NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_INVALID_PLAN);
  g_clear_error (&error);

  /* without them, de-identified has no k */
  g_assert_true (cd_deident_export (table, plan, refused, CD_DEIDENT_LABEL_DEIDENTIFIED, NULL,
                                    CD_DEIDENT_EXPORT_NONE, NULL, &report, &error));
  g_assert_cmpuint (report->k, ==, 0);
  {
    g_autofree char *json = cd_deident_report_to_json (report);

    g_assert_null (strstr (json, "\"k\""));
  }

  cd_test_rm_rf (dir);
}

static void
test_export_missing_column (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autoptr(CdCsvTable) table = table_new (k1_csv);
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(GError) error = NULL;
  const char * const qi[] = { "age", "zip", NULL };

  cd_deident_plan_set_quasi_identifiers (plan, qi);
  g_assert_false (cd_deident_export (table, plan, path, CD_DEIDENT_LABEL_ANONYMIZED, NULL,
                                     CD_DEIDENT_EXPORT_NONE, NULL, NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_NO_SUCH_COLUMN);
  g_assert_cmpstr (error->message, ==,
                   "The table has no column “zip”. Its columns are: “age”, “sex”, “city”.");
  g_assert_cmpuint (count_entries (dir), ==, 0);
  cd_test_rm_rf (dir);
}

static void
check_path_refused (const char * const *protected_dirs,
                    const char         *out_path,
                    int                 code)
{
  g_autoptr(GError) error = NULL;

  if (cd_deident_check_output_path (out_path, protected_dirs, CD_DEIDENT_EXPORT_NONE, &error))
    g_test_message ("not refused: %s", out_path);
  g_assert_error (error, CD_DEIDENT_ERROR, code);
}

static void
check_path_allowed (const char * const *protected_dirs,
                    const char         *out_path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cd_deident_check_output_path (out_path, protected_dirs,
                                               CD_DEIDENT_EXPORT_NONE, &error));
  g_assert_no_error (error);
}

static void
test_export_protected (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *src = g_build_filename (dir, "src", NULL);
  g_autofree char *sub = g_build_filename (src, "sub", NULL);
  g_autofree char *sibling = g_build_filename (dir, "src-out", NULL);
  g_autofree char *link = g_build_filename (dir, "link", NULL);
  g_autofree char *link_to_src = g_build_filename (dir, "alias", NULL);
  g_autofree char *evidence = g_build_filename (dir, "evidence.csv", NULL);
  g_autofree char *p = NULL;
  g_autoptr(CdCsvTable) table = table_new (k1_csv);
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(GError) error = NULL;
  const char *protected_dirs[] = { src, NULL };
  const char *via_link[] = { link_to_src, NULL };
  const char *as_file[] = { evidence, NULL };
  const char *missing_src[] = { NULL, NULL };

  g_assert_cmpint (g_mkdir (src, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (sibling, 0700), ==, 0);
  g_assert_cmpint (symlink (sub, link), ==, 0);
  g_assert_cmpint (symlink ("src", link_to_src), ==, 0);
  write_file (evidence, "a\n1\n");

  /* the whole export: refused before any work, nothing written */
  p = g_build_filename (src, "out.csv", NULL);
  g_assert_false (cd_deident_export (table, plan, p, CD_DEIDENT_LABEL_DEIDENTIFIED,
                                     protected_dirs, CD_DEIDENT_EXPORT_NONE, NULL, NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_PROTECTED_PATH);
  g_assert_nonnull (strstr (error->message, "would mix outputs with the evidence"));
  g_assert_false (g_file_test (p, G_FILE_TEST_EXISTS));
  g_clear_pointer (&p, g_free);

  p = g_build_filename (sub, "out.csv", NULL);
  check_path_refused (protected_dirs, p, CD_DEIDENT_ERROR_PROTECTED_PATH);
  g_clear_pointer (&p, g_free);
  /* through a symbolic link into the source folder */
  p = g_build_filename (link, "out.csv", NULL);
  check_path_refused (protected_dirs, p, CD_DEIDENT_ERROR_PROTECTED_PATH);
  g_clear_pointer (&p, g_free);
  /* through ".." */
  p = g_build_filename (sibling, "..", "src", "sub", "out.csv", NULL);
  check_path_refused (protected_dirs, p, CD_DEIDENT_ERROR_PROTECTED_PATH);
  g_clear_pointer (&p, g_free);
  /* the source folder given through a link, the output by its real path */
  p = g_build_filename (sub, "out.csv", NULL);
  check_path_refused (via_link, p, CD_DEIDENT_ERROR_PROTECTED_PATH);
  g_clear_pointer (&p, g_free);
  /* the source folder given with a trailing slash and "." */
  {
    g_autofree char *slashed = g_strconcat (src, "/./", NULL);
    const char *odd[] = { slashed, NULL };

    p = g_build_filename (src, "out.csv", NULL);
    check_path_refused (odd, p, CD_DEIDENT_ERROR_PROTECTED_PATH);
    g_clear_pointer (&p, g_free);
  }
  /* a source given as a file protects that file */
  check_path_refused (as_file, evidence, CD_DEIDENT_ERROR_PROTECTED_PATH);
  {
    g_autoptr(GError) e = NULL;

    g_assert_false (cd_deident_check_output_path (evidence, as_file,
                                                  CD_DEIDENT_EXPORT_OVERWRITE, &e));
    g_assert_error (e, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_PROTECTED_PATH);
    g_assert_nonnull (strstr (e->message, "is a source file"));
  }

  /* allowed: beside the source folder, in a folder whose name merely starts
   * the same, and out of it through ".." */
  p = g_build_filename (dir, "out.csv", NULL);
  check_path_allowed (protected_dirs, p);
  g_clear_pointer (&p, g_free);
  p = g_build_filename (sibling, "out.csv", NULL);
  check_path_allowed (protected_dirs, p);
  g_clear_pointer (&p, g_free);
  p = g_build_filename (src, "..", "out.csv", NULL);
  check_path_allowed (protected_dirs, p);
  g_clear_pointer (&p, g_free);
  p = g_build_filename (dir, "out.csv", NULL);
  check_path_allowed (as_file, p);
  /* a source folder that is not there (an unplugged drive) still protects
   * its spelling */
  {
    g_autofree char *gone = g_build_filename (dir, "gone", NULL);
    g_autofree char *inside = g_build_filename (gone, "x.csv", NULL);

    missing_src[0] = gone;
    check_path_allowed (missing_src, p);
    /* the folder of the output must exist anyway */
    check_path_refused (missing_src, inside, CD_DEIDENT_ERROR_FAILED);
  }
  g_clear_pointer (&p, g_free);

  /* not a file name */
  check_path_refused (NULL, "", CD_DEIDENT_ERROR_FAILED);
  p = g_strconcat (dir, "/", NULL);
  check_path_refused (NULL, p, CD_DEIDENT_ERROR_FAILED);
  g_clear_pointer (&p, g_free);
  p = g_build_filename (dir, "src", "..", NULL);
  check_path_refused (NULL, p, CD_DEIDENT_ERROR_FAILED);
  g_clear_pointer (&p, g_free);
  p = g_build_filename (dir, "no-such-folder", "out.csv", NULL);
  check_path_refused (NULL, p, CD_DEIDENT_ERROR_FAILED);
  g_clear_pointer (&p, g_free);

  cd_test_rm_rf (dir);
}

static void
test_export_exists (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(CdCsvTable) table = table_new (k1_csv);
  g_autoptr(CdDeidentPlan) plan = plan_new ();
  g_autoptr(GError) error = NULL;

  write_file (path, "precious\n");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink ("nowhere", dangling), ==, 0);

  g_assert_false (cd_deident_export (table, plan, path, CD_DEIDENT_LABEL_DEIDENTIFIED, NULL,
                                     CD_DEIDENT_EXPORT_NONE, NULL, NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_EXISTS);
  g_clear_error (&error);
  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "precious\n");
  g_clear_pointer (&contents, g_free);

  check_path_refused (NULL, dangling, CD_DEIDENT_ERROR_EXISTS);
  check_path_refused (NULL, folder, CD_DEIDENT_ERROR_EXISTS);
  {
    g_autoptr(GError) e = NULL;

    g_assert_false (cd_deident_check_output_path (folder, NULL, CD_DEIDENT_EXPORT_OVERWRITE,
                                                  &e));
    g_assert_error (e, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_EXISTS);
  }

  g_assert_true (cd_deident_export (table, plan, path, CD_DEIDENT_LABEL_DEIDENTIFIED, NULL,
                                    CD_DEIDENT_EXPORT_OVERWRITE, NULL, NULL, &error));
  g_assert_no_error (error);
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "age,sex,city\r\n34,M,Guangzhou\r\n"));
  g_assert_cmpuint (count_entries (dir), ==, 3);

  cd_test_rm_rf (dir);
}

static CdCsvTable *
big_table (guint n_rows)
{
  GString *csv = g_string_new ("n,age,text\n");
  CdCsvTable *table;

  for (guint i = 0; i < n_rows; i++)
    g_string_append_printf (csv, "%u,%u,some text to make the file longer %u\n",
                            i, 20 + i % 60, i);
  table = table_new (csv->str);
  g_string_free (csv, TRUE);
  return table;
}

static void
test_export_atomic (void)
{
  g_autoptr(CdCsvTable) table = NULL;
  g_autoptr(CdDeidentPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      /* The disk fills up half-way: the file size limit makes write() fail
       * with EFBIG after 64 KiB. Nothing may be left. */
      g_autofree char *dir = make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
      struct rlimit limit = { 64 * 1024, 64 * 1024 };

      table = big_table (20000);
      plan = plan_new ();
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (cd_deident_export (table, plan, path, CD_DEIDENT_LABEL_DEIDENTIFIED,
                                         NULL, CD_DEIDENT_EXPORT_NONE, NULL, NULL, &error));
      g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "out.csv"));
      g_assert_cmpuint (count_entries (dir), ==, 0);
      cd_test_rm_rf (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  table = big_table (10);
  plan = plan_new ();

  /* a folder that cannot be written to */
  if (geteuid () != 0)
    {
      g_autofree char *dir = make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "out.csv", NULL);

      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
      g_assert_false (cd_deident_export (table, plan, path, CD_DEIDENT_LABEL_DEIDENTIFIED,
                                         NULL, CD_DEIDENT_EXPORT_NONE, NULL, NULL, &error));
      g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED);
      g_clear_error (&error);
      g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
      g_assert_cmpuint (count_entries (dir), ==, 0);
      cd_test_rm_rf (dir);
    }
  /* root writes anywhere it has a file system that takes files; /proc does not */
  g_assert_false (cd_deident_export (table, plan, "/proc/cd-deident-test.csv",
                                     CD_DEIDENT_LABEL_DEIDENTIFIED, NULL,
                                     CD_DEIDENT_EXPORT_NONE, NULL, NULL, &error));
  g_assert_error (error, CD_DEIDENT_ERROR, CD_DEIDENT_ERROR_FAILED);
  g_assert_false (g_file_test ("/proc/cd-deident-test.csv", G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* cancelled: nothing written either */
  {
    g_autofree char *dir = make_tmp_dir ();
    g_autofree char *path = g_build_filename (dir, "out.csv", NULL);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (cd_deident_export (table, plan, path, CD_DEIDENT_LABEL_DEIDENTIFIED, NULL,
                                       CD_DEIDENT_EXPORT_NONE, cancellable, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (count_entries (dir), ==, 0);
    cd_test_rm_rf (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/deident/rule/parse", test_rule_parse);
  g_test_add_func ("/deident/rule/mask", test_rule_mask);
  g_test_add_func ("/deident/rule/age-band", test_rule_age_band);
  g_test_add_func ("/deident/rule/date-to-month", test_rule_date_to_month);
  g_test_add_func ("/deident/rule/region-prefix", test_rule_region_prefix);
  g_test_add_func ("/deident/rule/pseudonym", test_rule_pseudonym);
  g_test_add_func ("/deident/apply", test_apply);
  g_test_add_func ("/deident/apply/bad-plan", test_apply_bad_plan);
  g_test_add_func ("/deident/k/one", test_k_one);
  g_test_add_func ("/deident/k/two", test_k_two);
  g_test_add_func ("/deident/k/five", test_k_five);
  g_test_add_func ("/deident/k/cap", test_k_cap);
  g_test_add_func ("/deident/k/edge", test_k_edge);
  g_test_add_func ("/deident/k/separator", test_k_separator);
  g_test_add_func ("/deident/export/content", test_export_content);
  g_test_add_func ("/deident/export/anonymized", test_export_anonymized);
  g_test_add_func ("/deident/export/missing-column", test_export_missing_column);
  g_test_add_func ("/deident/export/protected", test_export_protected);
  g_test_add_func ("/deident/export/exists", test_export_exists);
  g_test_add_func ("/deident/export/atomic", test_export_atomic);

  return g_test_run ();
}
