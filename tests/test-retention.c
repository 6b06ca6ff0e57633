/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the retention rules: the shipped rules and the retain-until dates
 * they give (leap days, year and month ends), the choice of the longest rule,
 * and rules files that are malformed, truncated, huge or hostile. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "closuredesk.h"
#include "cd-retention-labels.h"

/* A valid file with two rules, for the error tests to break one at a time;
 * "%s" is replaced by the second rule's members. */
#define TWO_RULES                                                                     \
  "{ \"version\": 1, \"rules\": [\n"                                                  \
  "  { \"id\": \"a-rule\", \"label\": \"A\", \"legal_basis\": \"甲法 第一条\",\n"     \
  "    \"period\": { \"years\": 1 }, \"start\": \"record_date\",\n"                   \
  "    \"applies_to\": { \"record_types\": [ \"personal\" ] } },\n"                   \
  "  { %s } ] }"

#define B_ID      "\"id\": \"b-rule\""
#define B_LABEL   "\"label\": \"B\""
#define B_BASIS   "\"legal_basis\": { \"zh\": \"乙法 第二条\", \"en\": \"Law B, Art. 2\" }"
#define B_PERIOD  "\"period\": { \"years\": 2 }"
#define B_START   "\"start\": \"termination\""
#define B_APPLIES "\"applies_to\": { \"record_types\": [ \"contract\" ] }"

static char *
two_rules (const char *second)
{
  return g_strdup_printf (TWO_RULES, second);
}

static CdRetentionRules *
load_ok (const char *data)
{
  g_autoptr(GError) error = NULL;
  CdRetentionRules *rules = cd_retention_rules_load_data (data, strlen (data), &error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  return rules;
}

static void
load_fails (const char       *data,
            gsize             len,
            CdRetentionError  code,
            const char       *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRetentionRules) rules = cd_retention_rules_load_data (data, len, &error);

  g_assert_null (rules);
  g_assert_error (error, CD_RETENTION_ERROR, (int) code);
  g_test_message ("%s", error->message);
  /* Shows both strings when the message does not say what it should. */
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_assert_cmpstr (error->message, ==, needle);
}

static void
second_rule_fails (const char       *second,
                   CdRetentionError  code,
                   const char       *needle)
{
  g_autofree char *data = two_rules (second);

  load_fails (data, strlen (data), code, needle);
}

static GDate
date (const char *iso)
{
  GDate d;

  g_assert_true (cd_retention_date_parse (iso, &d));
  return d;
}

static void
assert_date (const GDate *d,
             const char  *expected)
{
  g_autofree char *text = cd_retention_date_format (d);

  g_assert_cmpstr (text, ==, expected);
}

/* -- the civil-calendar arithmetic ---------------------------------------------------- */

static void
test_date_add (void)
{
  static const struct
  {
    const char *start;
    guint       years, months, days;
    const char *expected;
  } cases[] = {
    { "2021-06-15", 3, 0, 0, "2024-06-15" },
    /* A leap day has no counterpart in a common year: the month's last day. */
    { "2024-02-29", 1, 0, 0, "2025-02-28" },
    { "2024-02-29", 4, 0, 0, "2028-02-29" },
    { "2024-02-29", 0, 12, 0, "2025-02-28" },
    /* Month ends. */
    { "2024-01-31", 0, 1, 0, "2024-02-29" },
    { "2023-01-31", 0, 1, 0, "2023-02-28" },
    { "2024-03-31", 0, 1, 0, "2024-04-30" },
    { "2024-08-31", 0, 6, 0, "2025-02-28" },
    { "2023-12-31", 0, 2, 0, "2024-02-29" },
    /* Year ends. */
    { "2023-12-31", 1, 0, 0, "2024-12-31" },
    { "2023-12-31", 0, 1, 0, "2024-01-31" },
    { "2023-12-31", 0, 0, 1, "2024-01-01" },
    /* Days after years and months: Jan 31 + 1 year 1 month = Feb 28, + 1 day = Mar 1. */
    { "2024-01-31", 1, 1, 0, "2025-02-28" },
    { "2024-01-31", 1, 1, 1, "2025-03-01" },
    { "2024-02-28", 0, 0, 1, "2024-02-29" },
    { "2024-02-29", 0, 0, 365, "2025-02-28" },
    { "2024-02-29", 0, 0, 0, "2024-02-29" },
    { "2000-02-29", 100, 0, 0, "2100-02-28" },
    { "9999-12-31", CD_RETENTION_MAX_YEARS, 0, 0, "10999-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate start = date (cases[i].start);
      GDate until;

      cd_retention_date_add (&start, cases[i].years, cases[i].months, cases[i].days, &until);
      g_assert_true (g_date_valid (&until));
      assert_date (&until, cases[i].expected);
    }
}

static void
test_date_parse (void)
{
  GDate d;
  g_autofree char *text = NULL;

  g_assert_true (cd_retention_date_parse ("2024-02-29", &d));
  text = cd_retention_date_format (&d);
  g_assert_cmpstr (text, ==, "2024-02-29");

  g_assert_false (cd_retention_date_parse ("2023-02-29", &d));
  g_assert_false (g_date_valid (&d));
  g_assert_false (cd_retention_date_parse ("2024-2-9", &d));
  g_assert_false (cd_retention_date_parse ("", &d));
  g_assert_false (cd_retention_date_parse (NULL, &d));
  g_assert_null (cd_retention_date_format (&d));
}

/* -- the shipped rules ----------------------------------------------------------------- */

/* Every shipped rule with its source as the domain notes give it, and its
 * retain-until date when every date of the record (and the case's
 * deregistration) is, in turn, an ordinary day, a leap day, the last day of
 * the year and the last day of a month. */
static const char * const event_dates[] = {
  "2021-06-15", "2024-02-29", "2023-12-31", "2024-08-31"
};

static const struct
{
  const char            *id;
  const char            *legal_basis;
  const char            *period;        /* ISO 8601 */
  CdRetentionStart       start;
  CdRetentionConfidence  confidence;
  const char            *until[4];      /* NULL: permanent */
} shipped[] = {
  { "accounting-vouchers-30y",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "P30Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2051-12-31", "2054-12-31", "2053-12-31", "2054-12-31" } },
  { "account-books-30y",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "P30Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2051-12-31", "2054-12-31", "2053-12-31", "2054-12-31" } },
  { "fixed-asset-cards-5y",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "P5Y",
    CD_RETENTION_START_TERMINATION, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2026-06-15", "2029-02-28", "2028-12-31", "2029-08-31" } },
  { "periodic-financial-reports-10y",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "P10Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2031-12-31", "2034-12-31", "2033-12-31", "2034-12-31" } },
  { "annual-financial-reports-permanent",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "permanent",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { NULL, NULL, NULL, NULL } },
  { "bank-statements-10y",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "P10Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2031-12-31", "2034-12-31", "2033-12-31", "2034-12-31" } },
  { "tax-returns-10y",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "P10Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2031-12-31", "2034-12-31", "2033-12-31", "2034-12-31" } },
  { "archive-handover-register-30y",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "P30Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2051-12-31", "2054-12-31", "2053-12-31", "2054-12-31" } },
  { "archive-registers-permanent",
    "会计档案管理办法（财政部、国家档案局令第79号）第十四条及附表", "permanent",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_SECONDARY,
    { NULL, NULL, NULL, NULL } },
  { "tax-records-10y", "税收征收管理法实施细则 第二十九条", "P10Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2031-12-31", "2034-12-31", "2033-12-31", "2034-12-31" } },
  { "invoice-stubs-5y", "发票管理办法（2023年修订）第二十八条", "P5Y",
    CD_RETENTION_START_FISCAL_YEAR_END, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2026-12-31", "2029-12-31", "2028-12-31", "2029-12-31" } },
  { "ecommerce-transactions-3y", "电子商务法 第三十一条", "P3Y",
    CD_RETENTION_START_TRANSACTION, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2024-06-15", "2027-02-28", "2026-12-31", "2027-08-31" } },
  { "labour-contracts-2y", "劳动合同法 第五十条第三款", "P2Y",
    CD_RETENTION_START_TERMINATION, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2023-06-15", "2026-02-28", "2025-12-31", "2026-08-31" } },
  { "wage-records-2y", "工资支付暂行规定 第六条", "P2Y",
    CD_RETENTION_START_RECORD_DATE, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2023-06-15", "2026-02-28", "2025-12-31", "2026-08-31" } },
  { "migrant-wage-ledger-3y", "保障农民工工资支付条例 第十五条", "P3Y",
    CD_RETENTION_START_RECORD_DATE, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2024-06-15", "2027-02-28", "2026-12-31", "2027-08-31" } },
  { "aml-customer-identity-10y", "反洗钱法（2024年修订）第三十四条第三款", "P10Y",
    CD_RETENTION_START_TERMINATION, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2031-06-15", "2034-02-28", "2033-12-31", "2034-08-31" } },
  { "aml-transactions-10y", "反洗钱法（2024年修订）第三十四条第三款", "P10Y",
    CD_RETENTION_START_TRANSACTION, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2031-06-15", "2034-02-28", "2033-12-31", "2034-08-31" } },
  { "network-logs-6m", "网络安全法 第二十一条第（三）项", "P6M",
    CD_RETENTION_START_RECORD_DATE, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2021-12-15", "2024-08-29", "2024-06-30", "2025-02-28" } },
  { "pia-records-3y", "个人信息保护法 第五十六条", "P3Y",
    CD_RETENTION_START_RECORD_DATE, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2024-06-15", "2027-02-28", "2026-12-31", "2027-08-31" } },
  { "disposal-records-3y", "个人信息保护法 第五十六条（类推）", "P3Y",
    CD_RETENTION_START_DISSOLUTION, CD_RETENTION_CONFIDENCE_UNCONFIRMED,
    { "2024-06-15", "2027-02-28", "2026-12-31", "2027-08-31" } },
  { "medical-records-outpatient-15y",
    "医疗机构病历管理规定（2013年版）第二十九条；医疗机构管理条例实施细则 第五十三条", "P15Y",
    CD_RETENTION_START_RECORD_DATE, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2036-06-15", "2039-02-28", "2038-12-31", "2039-08-31" } },
  { "medical-records-inpatient-30y",
    "医疗机构病历管理规定（2013年版）第二十九条；医疗机构管理条例实施细则 第五十三条", "P30Y",
    CD_RETENTION_START_RECORD_DATE, CD_RETENTION_CONFIDENCE_SECONDARY,
    { "2051-06-15", "2054-02-28", "2053-12-31", "2054-08-31" } },
  { "civil-limitation-3y", "民法典 第一百八十八条", "P3Y",
    CD_RETENTION_START_DISSOLUTION, CD_RETENTION_CONFIDENCE_CHECKED,
    { "2024-06-15", "2027-02-28", "2026-12-31", "2027-08-31" } },
};

static CdRetentionRules *
load_builtin (void)
{
  g_autoptr(GError) error = NULL;
  CdRetentionRules *rules = cd_retention_rules_load_builtin (&error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  return rules;
}

static void
test_shipped_rules (void)
{
  g_autoptr(CdRetentionRules) rules = load_builtin ();

  g_assert_cmpuint (cd_retention_rules_get_version (rules), ==, 1);
  g_assert_null (cd_retention_rules_get_path (rules));
  g_assert_cmpuint (cd_retention_rules_get_n_rules (rules), ==, G_N_ELEMENTS (shipped));

  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      CdRetentionRule *rule = cd_retention_rules_get_rule (rules, i);
      g_autofree char *period = cd_retention_rule_format_period_iso (rule);

      g_test_message ("rule %s", shipped[i].id);
      g_assert_cmpstr (cd_retention_rule_get_id (rule), ==, shipped[i].id);
      g_assert_true (cd_retention_rules_lookup (rules, shipped[i].id) == rule);
      g_assert_cmpstr (cd_retention_rule_get_legal_basis (rule), ==, shipped[i].legal_basis);
      g_assert_cmpstr (period, ==, shipped[i].period);
      g_assert_cmpint (cd_retention_rule_get_start (rule), ==, shipped[i].start);
      g_assert_cmpint (cd_retention_rule_get_confidence (rule), ==, shipped[i].confidence);
      g_assert_cmpint (cd_retention_rule_is_permanent (rule), ==, shipped[i].until[0] == NULL);

      /* Every shipped rule has an English rendering of its basis, a label
       * and a note. */
      g_assert_cmpstr (cd_retention_rule_get_legal_basis_en (rule), !=, shipped[i].legal_basis);
      g_assert_cmpuint (strlen (cd_retention_rule_get_label (rule)), >, 0);
      g_assert_cmpuint (strlen (cd_retention_rule_get_note (rule)), >, 0);

      for (guint d = 0; d < G_N_ELEMENTS (event_dates); d++)
        {
          CdRetentionDates dates;
          GDate start;
          GDate until;
          gboolean estimated = TRUE;

          cd_retention_dates_init (&dates);
          dates.dissolution = date (event_dates[d]);
          dates.record_date = date (event_dates[d]);
          dates.termination = date (event_dates[d]);
          dates.transaction = date (event_dates[d]);

          g_assert_true (cd_retention_rule_resolve_start (rule, &dates, &start, &estimated));
          g_assert_false (estimated);
          if (shipped[i].until[d] == NULL)
            {
              g_assert_false (cd_retention_rule_compute_until (rule, &start, &until));
              g_assert_false (g_date_valid (&until));
            }
          else
            {
              g_assert_true (cd_retention_rule_compute_until (rule, &start, &until));
              assert_date (&until, shipped[i].until[d]);
            }
        }
    }
}

/* The C table of translatable labels and notes must match the JSON, or
 * translations would silently stop applying. */
static void
test_shipped_labels (void)
{
  g_autoptr(CdRetentionRules) rules = load_builtin ();
  guint n = cd_retention_rules_get_n_rules (rules);

  g_assert_cmpuint (cd_retention_labels_get_n (), ==, n);
  for (guint i = 0; i < n; i++)
    {
      CdRetentionRule *rule = cd_retention_rules_get_rule (rules, i);

      if (!cd_retention_labels_has (cd_retention_rule_get_id (rule),
                                    cd_retention_rule_get_label (rule),
                                    cd_retention_rule_get_note (rule)))
        g_error ("src/core/cd-retention-labels.c is out of date for rule “%s”: run "
                 "build-aux/update-retention-labels.py", cd_retention_rule_get_id (rule));
    }
}

/* The built-in copy is the file in data/ (the build regenerates it). */
static void
test_shipped_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "retention-rules.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRetentionRules) from_file = cd_retention_rules_load_file (path, &error);
  g_autoptr(CdRetentionRules) builtin = load_builtin ();

  g_assert_no_error (error);
  g_assert_cmpstr (cd_retention_rules_get_path (from_file), ==, path);
  g_assert_cmpuint (cd_retention_rules_get_n_rules (from_file), ==,
                    cd_retention_rules_get_n_rules (builtin));
  for (guint i = 0; i < cd_retention_rules_get_n_rules (builtin); i++)
    {
      CdRetentionRule *a = cd_retention_rules_get_rule (builtin, i);
      CdRetentionRule *b = cd_retention_rules_get_rule (from_file, i);
      g_autofree char *pa = cd_retention_rule_format_period_iso (a);
      g_autofree char *pb = cd_retention_rule_format_period_iso (b);

      g_assert_cmpstr (cd_retention_rule_get_id (a), ==, cd_retention_rule_get_id (b));
      g_assert_cmpstr (cd_retention_rule_get_label (a), ==, cd_retention_rule_get_label (b));
      g_assert_cmpstr (cd_retention_rule_get_note (a), ==, cd_retention_rule_get_note (b));
      g_assert_cmpstr (cd_retention_rule_get_legal_basis_en (a), ==,
                       cd_retention_rule_get_legal_basis_en (b));
      g_assert_cmpstr (pa, ==, pb);
      g_assert_cmpint (cd_retention_rule_get_start (a), ==, cd_retention_rule_get_start (b));
    }
}

static void
assert_rule_ids (GPtrArray          *found,
                 const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (found->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (cd_retention_rule_get_id (g_ptr_array_index (found, i)), ==, expected[i]);
}

static void
test_find_for (void)
{
  g_autoptr(CdRetentionRules) rules = load_builtin ();
  const char * const transaction[] = {
    "accounting-vouchers-30y", "tax-records-10y", "ecommerce-transactions-3y",
    "civil-limitation-3y", NULL
  };
  const char * const contract[] = { "labour-contracts-2y", "civil-limitation-3y", NULL };
  const char * const personal[] = { "civil-limitation-3y", NULL };
  const char * const invoice[] = { "tax-records-10y", NULL };
  const char * const invoice_and_stub[] = { "tax-records-10y", "invoice-stubs-5y", NULL };
  const char * const case_file[] = { "disposal-records-3y", NULL };
  const char * const classes_invoice[] = { "invoice", NULL };
  const char * const classes_invoice_stub[] = { "invoice-stub", "invoice", NULL };
  const char * const classes_case_file[] = { "case-file", NULL };
  const char * const classes_none[] = { "no-such-class", NULL };
  g_autoptr(GPtrArray) found = NULL;
  g_auto(GStrv) all_classes = NULL;

  found = cd_retention_rules_find_for (rules, CD_RECORD_TYPE_TRANSACTION, NULL);
  assert_rule_ids (found, transaction);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = cd_retention_rules_find_for (rules, CD_RECORD_TYPE_CONTRACT, NULL);
  assert_rule_ids (found, contract);
  g_clear_pointer (&found, g_ptr_array_unref);

  for (CdRecordType t = CD_RECORD_TYPE_PERSONAL; t < CD_N_RECORD_TYPES; t++)
    if (t == CD_RECORD_TYPE_PERSONAL || t == CD_RECORD_TYPE_COMMUNICATION ||
        t == CD_RECORD_TYPE_RECORDING)
      {
        found = cd_retention_rules_find_for (rules, t, NULL);
        assert_rule_ids (found, personal);
        g_clear_pointer (&found, g_ptr_array_unref);
      }

  found = cd_retention_rules_find_for (rules, CD_RETENTION_NO_RECORD_TYPE, classes_invoice);
  assert_rule_ids (found, invoice);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = cd_retention_rules_find_for (rules, CD_RETENTION_NO_RECORD_TYPE, classes_invoice_stub);
  assert_rule_ids (found, invoice_and_stub);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = cd_retention_rules_find_for (rules, CD_RETENTION_NO_RECORD_TYPE, classes_case_file);
  assert_rule_ids (found, case_file);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = cd_retention_rules_find_for (rules, CD_RETENTION_NO_RECORD_TYPE, classes_none);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  all_classes = cd_retention_rules_dup_record_classes (rules);
  g_assert_cmpuint (g_strv_length (all_classes), ==, 28);
  g_assert_cmpstr (all_classes[0], ==, "account-book");
  g_assert_true (g_strv_contains ((const char * const *) all_classes, "case-file"));
  for (guint i = 1; all_classes[i] != NULL; i++)
    g_assert_cmpint (strcmp (all_classes[i - 1], all_classes[i]), <, 0);
}

static void
pick_ok (CdRetentionRules       *rules,
         CdRecordType            type,
         const char * const     *classes,
         const CdRetentionDates *dates,
         const char             *expected_id,
         const char             *expected_until,
         gboolean                expected_estimated)
{
  g_autoptr(GError) error = NULL;
  CdRetentionRule *rule = NULL;
  GDate until;
  gboolean estimated = !expected_estimated;

  g_assert_true (cd_retention_rules_pick (rules, type, classes, dates, &rule, &until,
                                          &estimated, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cd_retention_rule_get_id (rule), ==, expected_id);
  if (expected_until == NULL)
    g_assert_false (g_date_valid (&until));
  else
    assert_date (&until, expected_until);
  g_assert_cmpint (estimated, ==, expected_estimated);
}

static void
test_pick_longest (void)
{
  g_autoptr(CdRetentionRules) rules = load_builtin ();
  const char * const annual[] = { "annual-financial-report", NULL };
  const char * const invoice_stub[] = { "invoice-stub", "invoice", NULL };
  const char * const case_file[] = { "case-file", NULL };
  const char * const nothing[] = { "no-such-class", NULL };
  g_autoptr(GError) error = NULL;
  CdRetentionDates dates;
  CdRetentionRule *rule = NULL;
  GDate until;

  cd_retention_dates_init (&dates);
  dates.dissolution = date ("2025-03-31");
  dates.record_date = date ("2021-06-15");
  dates.transaction = date ("2021-06-15");

  /* 30 years from the end of 2021 beat 10 (tax), 3 from the transaction
   * (e-commerce) and 3 from deregistration (limitation period). */
  pick_ok (rules, CD_RECORD_TYPE_TRANSACTION, NULL, &dates,
           "accounting-vouchers-30y", "2051-12-31", FALSE);
  pick_ok (rules, CD_RECORD_TYPE_PERSONAL, NULL, &dates, "civil-limitation-3y", "2028-03-31",
           FALSE);
  pick_ok (rules, CD_RECORD_TYPE_RECORDING, NULL, &dates, "civil-limitation-3y", "2028-03-31",
           FALSE);

  /* A labour contract that ended in 2020: 2 years from then lose to the
   * limitation period counted from deregistration. */
  dates.termination = date ("2020-01-10");
  pick_ok (rules, CD_RECORD_TYPE_CONTRACT, NULL, &dates, "civil-limitation-3y", "2028-03-31",
           FALSE);

  /* Permanent beats every date, and needs none. */
  pick_ok (rules, CD_RECORD_TYPE_TRANSACTION, annual, &dates,
           "annual-financial-reports-permanent", NULL, FALSE);
  {
    CdRetentionDates none;

    cd_retention_dates_init (&none);
    pick_ok (rules, CD_RETENTION_NO_RECORD_TYPE, annual, &none,
             "annual-financial-reports-permanent", NULL, FALSE);
  }

  /* Invoices: the tax rule (10 years) is longer than the stub rule (5). */
  pick_ok (rules, CD_RETENTION_NO_RECORD_TYPE, invoice_stub, &dates, "tax-records-10y",
           "2031-12-31", FALSE);

  /* The case file itself: 3 years from deregistration (PIPL Art. 56 by analogy). */
  pick_ok (rules, CD_RETENTION_NO_RECORD_TYPE, case_file, &dates, "disposal-records-3y",
           "2028-03-31", FALSE);

  /* Without the record's dates the fiscal year of the deregistration stands
   * in, and the result says it is an estimate. */
  cd_retention_dates_init (&dates);
  dates.dissolution = date ("2025-03-31");
  pick_ok (rules, CD_RECORD_TYPE_TRANSACTION, NULL, &dates, "accounting-vouchers-30y",
           "2055-12-31", TRUE);

  /* Nothing applies. */
  g_assert_false (cd_retention_rules_pick (rules, CD_RETENTION_NO_RECORD_TYPE, nothing, &dates,
                                           &rule, &until, NULL, &error));
  g_assert_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_NO_RULE);
  g_assert_null (rule);
  g_assert_false (g_date_valid (&until));
  g_clear_error (&error);

  /* No date at all. */
  cd_retention_dates_init (&dates);
  g_assert_false (cd_retention_rules_pick (rules, CD_RECORD_TYPE_PERSONAL, NULL, &dates,
                                           &rule, &until, NULL, &error));
  g_assert_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_NO_DATE);
  g_assert_null (rule);
}

/* With a firm's own rules: the longest is decided by the date, not by the
 * number of years, and a tie goes to the first rule in the file. */
static void
test_pick_by_date (void)
{
  const char *data =
    "{ \"version\": 1, \"rules\": [\n"
    "  { \"id\": \"five-from-record\", \"label\": \"Five\", \"legal_basis\": \"X\",\n"
    "    \"period\": { \"years\": 5 }, \"start\": \"record_date\",\n"
    "    \"applies_to\": { \"record_types\": [ \"communication\" ] } },\n"
    "  { \"id\": \"three-from-closure\", \"label\": \"Three\", \"legal_basis\": \"Y\",\n"
    "    \"period\": { \"years\": 3 }, \"start\": \"dissolution\",\n"
    "    \"applies_to\": { \"record_types\": [ \"communication\" ] } },\n"
    "  { \"id\": \"tie-one\", \"label\": \"T1\", \"legal_basis\": \"Z\",\n"
    "    \"period\": { \"months\": 12 }, \"start\": \"record_date\",\n"
    "    \"applies_to\": { \"record_classes\": [ \"tie\" ] } },\n"
    "  { \"id\": \"tie-two\", \"label\": \"T2\", \"legal_basis\": \"Z\",\n"
    "    \"period\": { \"years\": 1 }, \"start\": \"record_date\",\n"
    "    \"applies_to\": { \"record_classes\": [ \"tie\" ] } },\n"
    "  { \"id\": \"days\", \"label\": \"D\", \"legal_basis\": \"Z\",\n"
    "    \"period\": { \"years\": 1, \"months\": 1, \"days\": 1 }, \"start\": \"record_date\",\n"
    "    \"applies_to\": { \"record_classes\": [ \"days\" ] } } ] }";
  g_autoptr(CdRetentionRules) rules = load_ok (data);
  const char * const tie[] = { "tie", NULL };
  const char * const days[] = { "days", NULL };
  CdRetentionDates dates;

  cd_retention_dates_init (&dates);
  dates.dissolution = date ("2025-06-30");
  dates.record_date = date ("2010-01-31");
  pick_ok (rules, CD_RECORD_TYPE_COMMUNICATION, NULL, &dates, "three-from-closure",
           "2028-06-30", FALSE);

  dates.record_date = date ("2024-01-31");
  pick_ok (rules, CD_RECORD_TYPE_COMMUNICATION, NULL, &dates, "five-from-record", "2029-01-31",
           FALSE);

  pick_ok (rules, CD_RETENTION_NO_RECORD_TYPE, tie, &dates, "tie-one", "2025-01-31", FALSE);
  pick_ok (rules, CD_RETENTION_NO_RECORD_TYPE, days, &dates, "days", "2025-03-01", FALSE);
}

static void
test_resolve_fallbacks (void)
{
  const char *data =
    "{ \"version\": 1, \"rules\": [\n"
    "  { \"id\": \"fy\", \"label\": \"F\", \"legal_basis\": \"X\", \"period\": { \"years\": 1 },\n"
    "    \"start\": \"fiscal_year_end\", \"applies_to\": { \"record_classes\": [ \"x\" ] } },\n"
    "  { \"id\": \"tx\", \"label\": \"T\", \"legal_basis\": \"X\", \"period\": { \"years\": 1 },\n"
    "    \"start\": \"transaction\", \"applies_to\": { \"record_classes\": [ \"x\" ] } },\n"
    "  { \"id\": \"end\", \"label\": \"E\", \"legal_basis\": \"X\", \"period\": { \"years\": 1 },\n"
    "    \"start\": \"termination\", \"applies_to\": { \"record_classes\": [ \"x\" ] } },\n"
    "  { \"id\": \"rec\", \"label\": \"R\", \"legal_basis\": \"X\", \"period\": { \"years\": 1 },\n"
    "    \"start\": \"record_date\", \"applies_to\": { \"record_classes\": [ \"x\" ] } } ] }";
  g_autoptr(CdRetentionRules) rules = load_ok (data);
  CdRetentionRule *fy = cd_retention_rules_lookup (rules, "fy");
  CdRetentionRule *tx = cd_retention_rules_lookup (rules, "tx");
  CdRetentionRule *end = cd_retention_rules_lookup (rules, "end");
  CdRetentionRule *rec = cd_retention_rules_lookup (rules, "rec");
  CdRetentionDates dates;
  GDate start;
  gboolean estimated;

  g_assert_null (cd_retention_rules_lookup (rules, "nope"));
  g_assert_null (cd_retention_rules_lookup (rules, NULL));

  cd_retention_dates_init (&dates);
  g_assert_false (cd_retention_rule_resolve_start (fy, &dates, &start, &estimated));
  g_assert_false (g_date_valid (&start));

  /* Only the deregistration date: everything counts from it. */
  dates.dissolution = date ("2025-03-31");
  g_assert_true (cd_retention_rule_resolve_start (fy, &dates, &start, &estimated));
  assert_date (&start, "2025-12-31");
  g_assert_true (estimated);
  g_assert_true (cd_retention_rule_resolve_start (end, &dates, &start, &estimated));
  assert_date (&start, "2025-03-31");
  g_assert_true (estimated);

  /* A transaction date stands in for the record's fiscal year; the record
   * date for a transaction. */
  dates.transaction = date ("2019-05-01");
  g_assert_true (cd_retention_rule_resolve_start (fy, &dates, &start, &estimated));
  assert_date (&start, "2019-12-31");
  g_assert_true (estimated);
  g_assert_true (cd_retention_rule_resolve_start (rec, &dates, &start, &estimated));
  assert_date (&start, "2025-03-31");
  g_assert_true (estimated);

  cd_retention_dates_init (&dates);
  dates.dissolution = date ("2025-03-31");
  dates.record_date = date ("2022-07-07");
  g_assert_true (cd_retention_rule_resolve_start (tx, &dates, &start, &estimated));
  assert_date (&start, "2022-07-07");
  g_assert_true (estimated);
  g_assert_true (cd_retention_rule_resolve_start (fy, &dates, &start, &estimated));
  assert_date (&start, "2022-12-31");
  g_assert_false (estimated);

  dates.termination = date ("2023-03-01");
  g_assert_true (cd_retention_rule_resolve_start (end, &dates, &start, &estimated));
  assert_date (&start, "2023-03-01");
  g_assert_false (estimated);
}

static void
test_format (void)
{
  const char *data =
    "{ \"version\": 1, \"rules\": [\n"
    "  { \"id\": \"mixed\", \"label\": \"M\", \"legal_basis\": \"X\",\n"
    "    \"period\": { \"years\": 1, \"months\": 6 }, \"start\": \"record_date\",\n"
    "    \"applies_to\": { \"record_classes\": [ \"x\" ] } },\n"
    "  { \"id\": \"zero\", \"label\": \"Z\", \"legal_basis\": \"X\",\n"
    "    \"period\": { \"days\": 0, \"permanent\": false }, \"start\": \"record_date\",\n"
    "    \"applies_to\": { \"record_classes\": [ \"x\" ] } },\n"
    "  { \"id\": \"one-day\", \"label\": \"D\", \"legal_basis\": \"X\",\n"
    "    \"period\": { \"days\": 1 }, \"start\": \"record_date\",\n"
    "    \"applies_to\": { \"record_classes\": [ \"x\" ] } } ] }";
  g_autoptr(CdRetentionRules) rules = load_ok (data);
  g_autoptr(CdRetentionRules) shipped_rules = load_builtin ();
  static const struct
  {
    const char *id;
    const char *words;
    const char *iso;
  } cases[] = {
    { "mixed", "1 year, 6 months", "P1Y6M" },
    { "zero", "0 days", "P0D" },
    { "one-day", "1 day", "P1D" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CdRetentionRule *rule = cd_retention_rules_lookup (rules, cases[i].id);
      g_autofree char *words = cd_retention_rule_format_period (rule);
      g_autofree char *iso = cd_retention_rule_format_period_iso (rule);

      g_assert_cmpstr (words, ==, cases[i].words);
      g_assert_cmpstr (iso, ==, cases[i].iso);
    }

  {
    CdRetentionRule *rule = cd_retention_rules_lookup (shipped_rules, "network-logs-6m");
    g_autofree char *words = cd_retention_rule_format_period (rule);
    g_autofree char *label = NULL;
    g_autofree char *start = NULL;
    guint years = 9, months = 9, days = 9;

    g_assert_cmpstr (words, ==, "6 months");
    cd_retention_rule_get_period (rule, &years, &months, &days);
    g_assert_cmpuint (years, ==, 0);
    g_assert_cmpuint (months, ==, 6);
    g_assert_cmpuint (days, ==, 0);

    /* The properties a list view binds to. */
    g_object_get (rule, "period-label", &label, "start-label", &start, NULL);
    g_assert_cmpstr (label, ==, "6 months");
    g_assert_cmpstr (start, ==, "Date of the record");
  }
  {
    CdRetentionRule *rule = cd_retention_rules_lookup (shipped_rules,
                                                       "archive-registers-permanent");
    g_autofree char *words = cd_retention_rule_format_period (rule);

    g_assert_cmpstr (words, ==, "Permanent");
  }

  for (guint s = 0; s < CD_RETENTION_N_STARTS; s++)
    {
      CdRetentionStart back;

      g_assert_true (cd_retention_start_from_id (cd_retention_start_to_id (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  g_assert_false (cd_retention_start_from_id ("Dissolution", NULL));
}

static void
test_list_model (void)
{
  g_autoptr(CdRetentionRules) rules = load_builtin ();
  GListModel *model = G_LIST_MODEL (rules);
  g_autoptr(CdRetentionRule) first = NULL;
  g_autofree char *id = NULL;

  g_assert_true (g_list_model_get_item_type (model) == CD_TYPE_RETENTION_RULE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (shipped));
  first = g_list_model_get_item (model, 0);
  g_object_get (first, "id", &id, NULL);
  g_assert_cmpstr (id, ==, "accounting-vouchers-30y");
  g_assert_null (g_list_model_get_item (model, G_N_ELEMENTS (shipped)));
}

/* -- a firm's own file ------------------------------------------------------------------ */

static void
test_own_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-retention-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(CdRetentionRules) rules = NULL;
  /* A shipped id with the firm's own wording and a plain-string basis, after
   * a byte order mark. */
  const char *data =
    "\xEF\xBB\xBF{ \"version\": 1, \"comment\": \"Our firm\", \"rules\": [\n"
    "  { \"id\": \"civil-limitation-3y\", \"label\": \"Kept 4 years, our policy\",\n"
    "    \"legal_basis\": \"民法典 第一百八十八条\", \"period\": { \"years\": 4 },\n"
    "    \"start\": \"dissolution\", \"note\": \"Line one\\nline two\",\n"
    "    \"applies_to\": { \"record_types\": [ \"personal\" ] } } ] }";

  g_assert_no_error (error);
  path = g_build_filename (dir, "our-rules.json", NULL);
  g_assert_true (g_file_set_contents (path, data, -1, &error));

  rules = cd_retention_rules_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_retention_rules_get_n_rules (rules), ==, 1);
  g_assert_cmpstr (cd_retention_rules_get_path (rules), ==, path);
  {
    CdRetentionRule *rule = cd_retention_rules_get_rule (rules, 0);

    /* The firm's wording is shown as written, not replaced by the shipped
     * label's translation. */
    g_assert_cmpstr (cd_retention_rule_get_label (rule), ==, "Kept 4 years, our policy");
    g_assert_cmpstr (cd_retention_rule_get_note (rule), ==, "Line one\nline two");
    g_assert_cmpstr (cd_retention_rule_get_legal_basis (rule), ==, "民法典 第一百八十八条");
    g_assert_cmpstr (cd_retention_rule_get_legal_basis_en (rule), ==, "民法典 第一百八十八条");
    g_assert_cmpint (cd_retention_rule_get_confidence (rule), ==,
                     CD_RETENTION_CONFIDENCE_UNCONFIRMED);
  }
  g_clear_object (&rules);

  /* CLOSURE_DESK_RETENTION_RULES overrides the default rules. */
  g_setenv ("CLOSURE_DESK_RETENTION_RULES", path, TRUE);
  rules = cd_retention_rules_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (cd_retention_rules_get_n_rules (rules), ==, 1);
  g_clear_object (&rules);

  /* A missing file is an error naming it, not a fallback. */
  missing = g_build_filename (dir, "missing.json", NULL);
  g_setenv ("CLOSURE_DESK_RETENTION_RULES", missing, TRUE);
  rules = cd_retention_rules_load_default (&error);
  g_assert_null (rules);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);
  g_unsetenv ("CLOSURE_DESK_RETENTION_RULES");

  /* A directory is not a rules file. */
  rules = cd_retention_rules_load_file (dir, &error);
  g_assert_null (rules);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* -- malformed files ------------------------------------------------------------------- */

static void
test_malformed_structure (void)
{
  g_autofree char *valid = two_rules (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START
                                      ", " B_APPLIES);
  g_autoptr(CdRetentionRules) rules = load_ok (valid);
  const char *not_utf8 = "{ \"version\": 1, \"rules\": [ \"\xff\" ] }";

  g_assert_cmpuint (cd_retention_rules_get_n_rules (rules), ==, 2);
  g_assert_cmpstr (cd_retention_rule_get_legal_basis_en (cd_retention_rules_get_rule (rules, 1)),
                   ==, "Law B, Art. 2");

#define FAILS(data, code, needle) load_fails ((data), strlen (data), (code), (needle))
  FAILS ("", CD_RETENTION_ERROR_SYNTAX, "empty");
  FAILS (" \n\t ", CD_RETENTION_ERROR_SYNTAX, "empty");
  FAILS ("\xEF\xBB\xBF", CD_RETENTION_ERROR_SYNTAX, "empty");
  load_fails (NULL, 0, CD_RETENTION_ERROR_SYNTAX, "empty");
  FAILS ("{ \"version\": 1, \"rules\": [ }", CD_RETENTION_ERROR_SYNTAX, "not valid JSON");
  FAILS ("{ \"version\": 1, \"rules\": [], }", CD_RETENTION_ERROR_SYNTAX, "not valid JSON");
  FAILS ("[ 1, 2 ]", CD_RETENTION_ERROR_INVALID, "one object");
  FAILS ("{ \"rules\": [] }", CD_RETENTION_ERROR_INVALID, "“version” is missing");
  FAILS ("{ \"version\": \"1\", \"rules\": [] }", CD_RETENTION_ERROR_INVALID,
         "“version” must be a whole number");
  FAILS ("{ \"version\": 0, \"rules\": [] }", CD_RETENTION_ERROR_INVALID,
         "“version” must be a whole number");
  FAILS ("{ \"version\": 1.5, \"rules\": [] }", CD_RETENTION_ERROR_INVALID,
         "“version” must be a whole number");
  /* A newer format is refused before its unknown fields are looked at. */
  FAILS ("{ \"version\": 2, \"rules\": [], \"inheritance\": true }", CD_RETENTION_ERROR_VERSION,
         "format version 2");
  FAILS ("{ \"version\": 1 }", CD_RETENTION_ERROR_INVALID, "“rules” is missing");
  FAILS ("{ \"version\": 1, \"rules\": {} }", CD_RETENTION_ERROR_INVALID, "“rules” must be a list");
  FAILS ("{ \"version\": 1, \"rules\": [] }", CD_RETENTION_ERROR_INVALID, "“rules” is empty");
  FAILS ("{ \"version\": 1, \"rules\": [ 7 ] }", CD_RETENTION_ERROR_INVALID,
         "Retention rule 1: a rule must be an object");
  FAILS ("{ \"version\": 1, \"rulez\": [], \"rules\": [ 7 ] }", CD_RETENTION_ERROR_INVALID,
         "unknown field “rulez”");
  FAILS (not_utf8, CD_RETENTION_ERROR_SYNTAX, "not UTF-8");
#undef FAILS
}

static void
test_malformed_rules (void)
{
  /* Missing fields, each named with the rule's number and id. */
  second_rule_fails (B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START ", " B_APPLIES,
                     CD_RETENTION_ERROR_INVALID, "Retention rule 2: the field “id” is missing");
  second_rule_fails (B_ID ", " B_BASIS ", " B_PERIOD ", " B_START ", " B_APPLIES,
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): the field “label” is missing");
  second_rule_fails (B_ID ", " B_LABEL ", " B_PERIOD ", " B_START ", " B_APPLIES,
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): the field “legal_basis” is missing");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_START ", " B_APPLIES,
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): the field “period” is missing");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_APPLIES,
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): the field “start” is missing");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START,
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): the field “applies_to” is missing");

  /* Wrong types and empty values. */
  second_rule_fails ("\"id\": 12, " B_LABEL, CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2: the field “id” must be a string");
  second_rule_fails (B_ID ", \"label\": \"\", " B_BASIS, CD_RETENTION_ERROR_INVALID,
                     "the field “label” is empty");
  second_rule_fails (B_ID ", " B_LABEL ", \"legal_basis\": null", CD_RETENTION_ERROR_INVALID,
                     "the field “legal_basis” must be a string");
  second_rule_fails (B_ID ", " B_LABEL ", \"legal_basis\": { \"en\": \"Law B\" }",
                     CD_RETENTION_ERROR_INVALID, "the field “legal_basis.zh” is missing");
  second_rule_fails (B_ID ", " B_LABEL ", \"legal_basis\": { \"zh\": \"乙\", \"fr\": \"B\" }",
                     CD_RETENTION_ERROR_INVALID, "unknown field “fr” in “legal_basis”");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": 3", CD_RETENTION_ERROR_INVALID,
                     "the field “period” must be an object");

  /* Periods. */
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"years\": -1 }",
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): “years” in “period” must not be negative");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"months\": -6 }",
                     CD_RETENTION_ERROR_INVALID, "“months” in “period” must not be negative");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"years\": 1, \"days\": -1 }",
                     CD_RETENTION_ERROR_INVALID, "“days” in “period” must not be negative");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"years\": 2.5 }",
                     CD_RETENTION_ERROR_INVALID, "“years” in “period” must be a whole number");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"years\": \"30\" }",
                     CD_RETENTION_ERROR_INVALID, "“years” in “period” must be a whole number");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"years\": 1001 }",
                     CD_RETENTION_ERROR_LIMIT, "“years” in “period” is more than 1000");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS
                     ", \"period\": { \"years\": 99999999999999999999 }",
                     CD_RETENTION_ERROR_INVALID, "“years” in “period”");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": {}",
                     CD_RETENTION_ERROR_INVALID, "“period” needs");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"permanent\": false }",
                     CD_RETENTION_ERROR_INVALID, "“period” needs");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS
                     ", \"period\": { \"permanent\": true, \"years\": 3 }",
                     CD_RETENTION_ERROR_INVALID, "a permanent “period” cannot also have");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"permanent\": 1 }",
                     CD_RETENTION_ERROR_INVALID, "“permanent” in “period” must be true or false");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", \"period\": { \"yeras\": 3 }",
                     CD_RETENTION_ERROR_INVALID, "unknown field “yeras” in “period”");

  /* Start kinds, record types and classes. */
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD
                     ", \"start\": \"deregistration\"",
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): unknown start “deregistration”");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START
                     ", \"applies_to\": { \"record_types\": [ \"contract\", \"customers\" ] }",
                     CD_RETENTION_ERROR_INVALID,
                     "unknown record type “customers” in “applies_to” (known: personal, "
                     "transaction, communication, contract, recording)");
  /* Ids, not the labels that the lenient CSV import accepts. */
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START
                     ", \"applies_to\": { \"record_types\": [ \"合同\" ] }",
                     CD_RETENTION_ERROR_INVALID, "unknown record type “合同”");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START
                     ", \"applies_to\": { \"record_types\": \"contract\" }",
                     CD_RETENTION_ERROR_INVALID, "“record_types” in “applies_to” must be a list");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START
                     ", \"applies_to\": { \"record_types\": [ 3 ] }",
                     CD_RETENTION_ERROR_INVALID, "entry 1 of “record_types”");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START
                     ", \"applies_to\": { \"record_classes\": [ \"ok\", \"Not OK\" ] }",
                     CD_RETENTION_ERROR_INVALID,
                     "entry 2 of “record_classes” is not a valid class");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START
                     ", \"applies_to\": { \"record_types\": [], \"record_classes\": [] }",
                     CD_RETENTION_ERROR_INVALID, "names no record type and no record class");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START ", " B_APPLIES
                     ", \"confidence\": \"sure\"",
                     CD_RETENTION_ERROR_INVALID, "unknown “confidence”");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START ", " B_APPLIES
                     ", \"perod\": { \"years\": 3 }",
                     CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): unknown field “perod”");

  /* Ids. */
  second_rule_fails ("\"id\": \"a-rule\", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START ", "
                     B_APPLIES,
                     CD_RETENTION_ERROR_DUPLICATE,
                     "Retention rule 2 (“a-rule”): the id is already used by rule 1");
  second_rule_fails ("\"id\": \"B Rule\", " B_LABEL, CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2: the id is not valid");
  second_rule_fails ("\"id\": \"-b\", " B_LABEL, CD_RETENTION_ERROR_INVALID,
                     "the id is not valid");

  /* Control characters; a line break only in the note. */
  second_rule_fails (B_ID ", \"label\": \"B\\u0007\", " B_BASIS, CD_RETENTION_ERROR_INVALID,
                     "the field “label” contains a control character");
  second_rule_fails (B_ID ", \"label\": \"B\\nB\", " B_BASIS, CD_RETENTION_ERROR_INVALID,
                     "the field “label” contains a control character");
  second_rule_fails (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", " B_START ", " B_APPLIES
                     ", \"note\": \"\\u001b[2J\"",
                     CD_RETENTION_ERROR_INVALID, "the field “note” contains a control character");
  /* An unknown field with a hostile name is not echoed. */
  second_rule_fails (B_ID ", \"\\u001b[31mred\": 1", CD_RETENTION_ERROR_INVALID,
                     "Retention rule 2 (“b-rule”): a field has an unusable name");
}

static void
test_limits (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GString) many = g_string_new ("{ \"version\": 1, \"rules\": [");
  g_autoptr(GString) deep = g_string_new ("{ \"version\": 1, \"rules\": ");
  g_autoptr(GString) label = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  /* 2 MB: refused before parsing, from memory and from a file. */
  g_string_append (big, "{ \"version\": 1, \"comment\": \"");
  while (big->len < 2 * 1000 * 1000)
    g_string_append (big, "padding padding padding padding ");
  g_string_append (big, "\", \"rules\": [] }");
  load_fails (big->str, big->len, CD_RETENTION_ERROR_TOO_LARGE, "more than the limit of 1.0");

  dir = g_dir_make_tmp ("cd-retention-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "huge.json", NULL);
  g_assert_true (g_file_set_contents (path, big->str, big->len, &error));
  {
    g_autoptr(CdRetentionRules) rules = cd_retention_rules_load_file (path, &error);

    g_assert_null (rules);
    g_assert_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_TOO_LARGE);
    g_assert_nonnull (strstr (error->message, "“huge.json” is 2.0 MB"));
    g_clear_error (&error);
  }
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* 5000 small rules (well under 1 MiB): too many. */
  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (many,
                            "%s{\"id\":\"r%u\",\"label\":\"R\",\"legal_basis\":\"X\","
                            "\"period\":{\"years\":1},\"start\":\"dissolution\","
                            "\"applies_to\":{\"record_classes\":[\"x\"]}}",
                            i > 0 ? "," : "", i);
  g_string_append (many, "] }");
  g_assert_cmpuint (many->len, <, CD_RETENTION_MAX_FILE_BYTES);
  load_fails (many->str, many->len, CD_RETENTION_ERROR_LIMIT, "has 5000 rules");

  /* Exactly 1000 rules load. */
  {
    const char *cut = many->str;
    g_autoptr(GString) thousand = NULL;
    g_autoptr(CdRetentionRules) rules = NULL;

    /* The 1001st rule starts where the first 1000 end. */
    for (guint i = 0; i < 1001; i++)
      cut = strstr (cut + 1, "{\"id\"");
    thousand = g_string_new_len (many->str, cut - many->str - 1);
    g_string_append (thousand, "] }");
    rules = load_ok (thousand->str);
    g_assert_cmpuint (cd_retention_rules_get_n_rules (rules), ==, 1000);
  }

  /* Nesting a thousand levels deep is refused before json-glib recurses. */
  for (guint i = 0; i < 1000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 1000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, " }");
  load_fails (deep->str, deep->len, CD_RETENTION_ERROR_LIMIT, "nested more than 32 levels");

  /* Strings: 1000 characters (3000 bytes of Chinese) pass, 1001 do not. */
  for (guint i = 0; i < 1000; i++)
    g_string_append (label, "档");
  second = g_strdup_printf (B_ID ", \"label\": \"%s\", " B_BASIS ", " B_PERIOD ", " B_START
                            ", " B_APPLIES, label->str);
  data = two_rules (second);
  {
    g_autoptr(CdRetentionRules) rules = load_ok (data);

    g_assert_cmpuint (g_utf8_strlen (cd_retention_rule_get_label (
                        cd_retention_rules_get_rule (rules, 1)), -1), ==, 1000);
  }
  g_string_append (label, "x");
  g_free (second);
  second = g_strdup_printf (B_ID ", \"label\": \"%s\", " B_BASIS, label->str);
  second_rule_fails (second, CD_RETENTION_ERROR_LIMIT,
                     "the field “label” is longer than 1000 characters");

  /* More than 64 record classes in one rule. */
  {
    g_autoptr(GString) classes = g_string_new (B_ID ", " B_LABEL ", " B_BASIS ", " B_PERIOD ", "
                                               B_START ", \"applies_to\": { \"record_classes\": [");

    for (guint i = 0; i < 65; i++)
      g_string_append_printf (classes, "%s\"c%u\"", i > 0 ? "," : "", i);
    g_string_append (classes, "] }");
    second_rule_fails (classes->str, CD_RETENTION_ERROR_LIMIT, "has more than 64 entries");
  }
}

/* Every cut of the shipped file is refused as broken JSON (no prefix of an
 * object is a complete object), never half-loaded. */
static void
test_truncated (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "retention-rules.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  guint n_cuts = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);

  for (gsize cut = 0; cut < len - 2; cut += 13)
    {
      g_autoptr(CdRetentionRules) rules = NULL;

      /* Cutting inside a UTF-8 sequence is caught as not UTF-8; any other
       * cut as incomplete JSON. */
      rules = cd_retention_rules_load_data (contents, cut, &error);
      g_assert_null (rules);
      g_assert_error (error, CD_RETENTION_ERROR, CD_RETENTION_ERROR_SYNTAX);
      g_clear_error (&error);
      n_cuts++;
    }
  g_assert_cmpuint (n_cuts, >, 1000);
}

/* A failed load leaves the rules the caller already has untouched. */
static void
test_keep_previous (void)
{
  g_autoptr(CdRetentionRules) rules = load_builtin ();
  g_autoptr(GError) error = NULL;
  const char *attempts[] = {
    "{ \"version\": 1, \"rules\": [ {",
    "{ \"version\": 9, \"rules\": [] }",
    "{ \"version\": 1, \"rules\": [ { \"id\": \"x\" } ] }",
  };
  CdRetentionDates dates;

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      CdRetentionRules *replacement = cd_retention_rules_load_data (attempts[i],
                                                                    strlen (attempts[i]),
                                                                    &error);

      g_assert_null (replacement);
      g_assert_nonnull (error);
      g_clear_error (&error);
      /* The pattern callers use: replace only on success. */
      if (replacement != NULL)
        g_set_object (&rules, replacement);
    }

  g_assert_cmpuint (cd_retention_rules_get_n_rules (rules), ==, G_N_ELEMENTS (shipped));
  cd_retention_dates_init (&dates);
  dates.dissolution = date ("2025-03-31");
  dates.record_date = date ("2024-02-29");
  pick_ok (rules, CD_RECORD_TYPE_TRANSACTION, NULL, &dates, "accounting-vouchers-30y",
           "2054-12-31", FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/retention/date/add", test_date_add);
  g_test_add_func ("/retention/date/parse", test_date_parse);
  g_test_add_func ("/retention/shipped/rules", test_shipped_rules);
  g_test_add_func ("/retention/shipped/labels", test_shipped_labels);
  g_test_add_func ("/retention/shipped/file", test_shipped_file);
  g_test_add_func ("/retention/find-for", test_find_for);
  g_test_add_func ("/retention/pick/longest", test_pick_longest);
  g_test_add_func ("/retention/pick/by-date", test_pick_by_date);
  g_test_add_func ("/retention/resolve/fallbacks", test_resolve_fallbacks);
  g_test_add_func ("/retention/format", test_format);
  g_test_add_func ("/retention/list-model", test_list_model);
  g_test_add_func ("/retention/load/own-file", test_own_file);
  g_test_add_func ("/retention/load/malformed-structure", test_malformed_structure);
  g_test_add_func ("/retention/load/malformed-rules", test_malformed_rules);
  g_test_add_func ("/retention/load/limits", test_limits);
  g_test_add_func ("/retention/load/truncated", test_truncated);
  g_test_add_func ("/retention/load/keep-previous", test_keep_previous);

  return g_test_run ();
}
