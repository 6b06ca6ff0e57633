/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-policy: the taxonomy's identifiers round-trip, bad tags are refused
 * with a message, and findings suggest what DOMAIN.md says they are. */

#include "config.h"

#include <string.h>

#include "cd-test-util.h"

static void
test_categories (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;
  CdCategories parsed = CD_CATEGORY_NONE;

  for (guint i = 0; i < CD_N_CATEGORIES; i++)
    {
      CdCategories one = (CdCategories) (1u << i);
      CdCategories back = CD_CATEGORY_NONE;

      g_assert_nonnull (cd_category_to_id (one));
      g_assert_nonnull (cd_category_get_label (one));
      g_assert_true (cd_categories_from_string (cd_category_to_id (one), &back, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (back, ==, one);
    }

  /* Art. 28 categories, and only those, are sensitive. */
  g_assert_true (cd_category_is_sensitive (CD_CATEGORY_FINANCIAL));
  g_assert_true (cd_category_is_sensitive (CD_CATEGORY_MINOR));
  g_assert_false (cd_category_is_sensitive (CD_CATEGORY_HIGH_RISK_ID));
  g_assert_false (cd_category_is_sensitive (CD_CATEGORY_GENERAL));
  g_assert_false (cd_category_is_sensitive (CD_CATEGORY_BUSINESS_SECRET));

  g_assert_true (cd_categories_from_string ("financial, high_risk_id,general", &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (parsed, ==, CD_CATEGORY_FINANCIAL | CD_CATEGORY_HIGH_RISK_ID | CD_CATEGORY_GENERAL);
  ids = cd_categories_to_ids (parsed);
  g_assert_cmpstr (ids, ==, "general,financial,high_risk_id");

  g_assert_true (cd_categories_from_string ("", &parsed, &error));
  g_assert_cmpuint (parsed, ==, CD_CATEGORY_NONE);

  g_assert_false (cd_categories_from_string ("financial,secret-sauce", &parsed, &error));
  g_assert_error (error, CD_POLICY_ERROR, CD_POLICY_ERROR_UNKNOWN_CATEGORY);
  g_assert_nonnull (strstr (error->message, "secret-sauce"));
  g_clear_error (&error);

  g_assert_false (cd_categories_from_string ("non_personal,financial", &parsed, &error));
  g_assert_error (error, CD_POLICY_ERROR, CD_POLICY_ERROR_CONFLICT);
}

static void
test_dispositions (void)
{
  g_autoptr(GError) error = NULL;
  CdDisposition d = CD_DISPOSITION_UNDECIDED;

  for (guint i = 0; i < CD_N_DISPOSITIONS; i++)
    {
      g_assert_true (cd_disposition_from_string (cd_disposition_to_id (i), &d, &error));
      g_assert_no_error (error);
      g_assert_cmpint (d, ==, i);
      g_assert_nonnull (cd_disposition_get_label (i));
    }
  g_assert_true (cd_disposition_retains (CD_DISPOSITION_ENCRYPT_RETAIN));
  g_assert_true (cd_disposition_retains (CD_DISPOSITION_DEIDENTIFY_RETAIN));
  g_assert_false (cd_disposition_retains (CD_DISPOSITION_DESTROY));
  g_assert_false (cd_disposition_retains (CD_DISPOSITION_TRANSFER));

  g_assert_false (cd_disposition_from_string ("shred", &d, &error));
  g_assert_error (error, CD_POLICY_ERROR, CD_POLICY_ERROR_UNKNOWN_DISPOSITION);
  g_assert_nonnull (strstr (error->message, "destroy"));
}

static void
test_suggest (void)
{
  guint64 counts[CD_N_DETECT_KINDS] = { 0, };
  g_autoptr(CdPolicySuggestion) none = NULL;
  g_autoptr(CdPolicySuggestion) ids = NULL;
  g_autoptr(CdPolicySuggestion) cards = NULL;
  g_autoptr(CdPolicySuggestion) calls = NULL;
  g_autoptr(CdPolicySuggestion) photos = NULL;

  none = cd_policy_suggest (counts, 0, 0, CD_RECORD_TYPE_PERSONAL);
  g_assert_cmpuint (none->categories, ==, CD_CATEGORY_NONE);
  g_assert_cmpuint (none->reasons->len, ==, 0);

  /* A bare ID number: high risk and personal, not Art. 28 "specific identity". */
  counts[CD_DETECT_RESIDENT_ID] = 3;
  ids = cd_policy_suggest (counts, 0, 0, CD_RECORD_TYPE_PERSONAL);
  g_assert_cmpuint (ids->categories, ==, CD_CATEGORY_HIGH_RISK_ID | CD_CATEGORY_GENERAL);
  g_assert_false (ids->categories & CD_CATEGORY_SPECIFIC_IDENTITY);
  g_assert_cmpuint (ids->reasons->len, ==, 2);
  g_assert_nonnull (strstr (ids->reasons->pdata[0], "GB/T 45574-2025"));

  counts[CD_DETECT_RESIDENT_ID] = 0;
  counts[CD_DETECT_BANK_CARD] = 1;
  counts[CD_DETECT_USCC] = 2;
  cards = cd_policy_suggest (counts, 0, 0, CD_RECORD_TYPE_TRANSACTION);
  g_assert_cmpuint (cards->categories, ==, CD_CATEGORY_FINANCIAL | CD_CATEGORY_BUSINESS_SECRET);
  g_assert_true (cd_category_is_sensitive (cards->categories));

  memset (counts, 0, sizeof counts);
  /* Recordings carry voiceprints, whatever the asset says it holds. */
  calls = cd_policy_suggest (counts, 0, 12, CD_RECORD_TYPE_PERSONAL);
  g_assert_cmpuint (calls->categories, ==, CD_CATEGORY_BIOMETRIC);

  photos = cd_policy_suggest (counts, 4, 0, CD_RECORD_TYPE_PERSONAL);
  g_assert_cmpuint (photos->categories, ==, CD_CATEGORY_NONE);
  g_assert_cmpuint (photos->reasons->len, ==, 1);   /* look at them */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/policy/categories", test_categories);
  g_test_add_func ("/policy/dispositions", test_dispositions);
  g_test_add_func ("/policy/suggest", test_suggest);

  return g_test_run ();
}
