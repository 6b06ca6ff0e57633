/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-policy: categories, dispositions and suggestions.
 *
 * The suggestions follow DOMAIN.md, not a rule of thumb: a resident ID
 * number on its own is "high risk" (GB/T 35273-2020 3.2 lists ID numbers
 * among sensitive examples) but not PIPL Art. 28 "specific identity" (GB/T
 * 45574-2025 no longer counts a bare ID number as such); bank card numbers
 * are financial accounts (Art. 28); voice recordings carry voiceprints,
 * biometric features (GB/T 35273-2020 Table B.1). The consultant confirms
 * or overrides every suggestion. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-policy.h"

G_DEFINE_QUARK (cd_policy_error_quark, cd_policy_error)

typedef struct
{
  CdCategories  category;
  const char   *id;
  const char   *label;
} CategoryInfo;

static const CategoryInfo categories[CD_N_CATEGORIES] = {
  { CD_CATEGORY_GENERAL, "general", N_("General personal information") },
  { CD_CATEGORY_BIOMETRIC, "biometric", N_("Biometrics") },
  { CD_CATEGORY_RELIGION, "religion", N_("Religious belief") },
  { CD_CATEGORY_SPECIFIC_IDENTITY, "specific_identity", N_("Specific identity") },
  { CD_CATEGORY_MEDICAL, "medical", N_("Medical and health") },
  { CD_CATEGORY_FINANCIAL, "financial", N_("Financial accounts") },
  { CD_CATEGORY_WHEREABOUTS, "whereabouts", N_("Whereabouts") },
  { CD_CATEGORY_MINOR, "minor", N_("Minors under 14") },
  { CD_CATEGORY_HIGH_RISK_ID, "high_risk_id", N_("ID-document numbers (high risk)") },
  { CD_CATEGORY_BUSINESS_SECRET, "business_secret", N_("Business secrets of enterprise customers") },
  { CD_CATEGORY_NON_PERSONAL, "non_personal", N_("Not personal information") },
};

static const struct
{
  const char *id;
  const char *label;
} dispositions[CD_N_DISPOSITIONS] = {
  { "undecided", N_("Undecided") },
  { "encrypt_retain", N_("Encrypt and retain") },
  { "deidentify_retain", N_("De-identify, then retain") },
  { "anonymize", N_("Anonymize") },
  { "transfer", N_("Transfer to a successor") },
  { "return", N_("Return to the customer") },
  { "destroy", N_("Destroy") },
};

static const CategoryInfo *
category_info (CdCategories category)
{
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (categories[i].category == category)
      return &categories[i];
  return NULL;
}

/**
 * cd_category_to_id:
 * @category: exactly one category
 *
 * Returns: its stable identifier (files, the CLI), or %NULL
 */
const char *
cd_category_to_id (CdCategories category)
{
  const CategoryInfo *info = category_info (category);

  return info != NULL ? info->id : NULL;
}

const char *
cd_category_get_label (CdCategories category)
{
  const CategoryInfo *info = category_info (category);

  return info != NULL ? _(info->label) : NULL;
}

gboolean
cd_category_is_sensitive (CdCategories category)
{
  return (category & CD_CATEGORIES_SENSITIVE) != 0;
}

static char *
join_categories (CdCategories categories_set,
                 gboolean     labels)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      if ((categories_set & categories[i].category) == 0)
        continue;
      if (out->len > 0)
        /* Translators: between the categories of a list */
        g_string_append (out, labels ? _(", ") : ",");
      g_string_append (out, labels ? _(categories[i].label) : categories[i].id);
    }
  return g_string_free (out, FALSE);
}

/* "financial,high_risk_id", in the order of the taxonomy. */
char *
cd_categories_to_ids (CdCategories categories_set)
{
  return join_categories (categories_set, FALSE);
}

char *
cd_categories_to_labels (CdCategories categories_set)
{
  return join_categories (categories_set, TRUE);
}

/**
 * cd_categories_from_string:
 * @text: identifiers separated by commas or spaces ("" for none)
 *
 * "non_personal" cannot be combined with a personal category.
 */
gboolean
cd_categories_from_string (const char    *text,
                           CdCategories  *out_categories,
                           GError       **error)
{
  g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", ", ", -1);
  CdCategories result = CD_CATEGORY_NONE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean found = FALSE;

      if (*parts[i] == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (categories); j++)
        if (g_ascii_strcasecmp (parts[i], categories[j].id) == 0)
          {
            result |= categories[j].category;
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *ids = cd_categories_to_ids (CD_CATEGORIES_ALL);

          g_set_error (error, CD_POLICY_ERROR, CD_POLICY_ERROR_UNKNOWN_CATEGORY,
                       _("Unknown category “%s”: use one or more of %s"), parts[i], ids);
          return FALSE;
        }
    }
  if ((result & CD_CATEGORY_NON_PERSONAL) && (result & ~CD_CATEGORY_NON_PERSONAL) != 0)
    {
      g_set_error (error, CD_POLICY_ERROR, CD_POLICY_ERROR_CONFLICT,
                   _("“Not personal information” cannot be combined with a personal category"));
      return FALSE;
    }
  *out_categories = result;
  return TRUE;
}

const char *
cd_disposition_to_id (CdDisposition disposition)
{
  g_return_val_if_fail (disposition < CD_N_DISPOSITIONS, NULL);
  return dispositions[disposition].id;
}

const char *
cd_disposition_get_label (CdDisposition disposition)
{
  g_return_val_if_fail (disposition < CD_N_DISPOSITIONS, NULL);
  return _(dispositions[disposition].label);
}

gboolean
cd_disposition_from_string (const char     *text,
                            CdDisposition  *out_disposition,
                            GError        **error)
{
  GString *ids;

  for (guint i = 0; i < CD_N_DISPOSITIONS; i++)
    if (text != NULL && g_ascii_strcasecmp (text, dispositions[i].id) == 0)
      {
        *out_disposition = (CdDisposition) i;
        return TRUE;
      }

  ids = g_string_new (NULL);
  for (guint i = 0; i < CD_N_DISPOSITIONS; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", dispositions[i].id);
  g_set_error (error, CD_POLICY_ERROR, CD_POLICY_ERROR_UNKNOWN_DISPOSITION,
               _("Unknown disposition “%s”: use one of %s"), text != NULL ? text : "", ids->str);
  g_string_free (ids, TRUE);
  return FALSE;
}

gboolean
cd_disposition_retains (CdDisposition disposition)
{
  return disposition == CD_DISPOSITION_ENCRYPT_RETAIN ||
         disposition == CD_DISPOSITION_DEIDENTIFY_RETAIN;
}

static void
suggest (CdPolicySuggestion *suggestion,
         CdCategories        category,
         const char         *reason)
{
  if (suggestion->categories & category)
    return;
  suggestion->categories |= category;
  g_ptr_array_add (suggestion->reasons, g_strdup (reason));
}

/**
 * cd_policy_suggest:
 * @counts: identifiers a scan found, per kind
 * @images: images among the asset's files
 * @recordings: audio recordings and videos among them
 * @record_type: what the asset holds
 *
 * Returns: (transfer full): the categories the findings point to, each
 *   with the reason shown to the consultant
 */
CdPolicySuggestion *
cd_policy_suggest (const guint64  counts[CD_N_DETECT_KINDS],
                   guint64        images,
                   guint64        recordings,
                   CdRecordType   record_type)
{
  CdPolicySuggestion *suggestion = g_new0 (CdPolicySuggestion, 1);

  suggestion->reasons = g_ptr_array_new_with_free_func (g_free);

  if (counts[CD_DETECT_BANK_CARD] > 0)
    suggest (suggestion, CD_CATEGORY_FINANCIAL,
             _("Bank card numbers are financial accounts, sensitive under PIPL Art. 28."));
  if (counts[CD_DETECT_RESIDENT_ID] > 0 || counts[CD_DETECT_PASSPORT] > 0 ||
      counts[CD_DETECT_HK_MACAU_PERMIT] > 0 || counts[CD_DETECT_TW_PERMIT] > 0)
    suggest (suggestion, CD_CATEGORY_HIGH_RISK_ID,
             _("ID-document numbers are high risk (GB/T 35273-2020 3.2 lists them as sensitive "
               "examples), but since GB/T 45574-2025 a bare ID number is not PIPL Art. 28 "
               "“specific identity”. Tag that too if the records say more, such as ID-card "
               "images."));
  if (record_type == CD_RECORD_TYPE_RECORDING || recordings > 0)
    suggest (suggestion, CD_CATEGORY_BIOMETRIC,
             _("Voice recordings and videos carry voiceprints and faces, biometric features "
               "(GB/T 35273-2020 Table B.1), sensitive under PIPL Art. 28."));
  if (counts[CD_DETECT_MOBILE] > 0 || counts[CD_DETECT_LANDLINE] > 0 || counts[CD_DETECT_EMAIL] > 0 ||
      (suggestion->categories & CD_CATEGORY_HIGH_RISK_ID))
    suggest (suggestion, CD_CATEGORY_GENERAL,
             _("Names, phone numbers and e-mail addresses identify people: personal "
               "information (PIPL Art. 4)."));
  if (counts[CD_DETECT_USCC] > 0)
    suggest (suggestion, CD_CATEGORY_BUSINESS_SECRET,
             _("Credit codes point to enterprise customers, whose dealings with the company may "
               "be business secrets."));
  if (images > 0)
    g_ptr_array_add (suggestion->reasons,
                     g_strdup (_("Images cannot be read as text: look at them. Scans and photos "
                                 "of ID cards are always sensitive (specific identity).")));
  return suggestion;
}

void
cd_policy_suggestion_free (CdPolicySuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_clear_pointer (&suggestion->reasons, g_ptr_array_unref);
  g_free (suggestion);
}
