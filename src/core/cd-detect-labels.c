/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Translated names of the identifier kinds: plural headings for lists of
 * counts ("Resident ID numbers") and counted phrases ("3 resident ID
 * numbers") for an asset's notes. */

#include "config.h"

#define G_LOG_DOMAIN "cd-detect"

#include <glib/gi18n-lib.h>

#include "cd-detect-labels.h"

static const char * const labels[CD_N_DETECT_KINDS] = {
  [CD_DETECT_RESIDENT_ID] = N_("Resident ID numbers"),
  [CD_DETECT_MOBILE] = N_("Mobile phone numbers"),
  [CD_DETECT_LANDLINE] = N_("Landline phone numbers"),
  [CD_DETECT_BANK_CARD] = N_("Bank card numbers"),
  [CD_DETECT_EMAIL] = N_("E-mail addresses"),
  [CD_DETECT_USCC] = N_("Unified social credit codes"),
  [CD_DETECT_PASSPORT] = N_("Passport numbers"),
  /* Translators: 港澳通行证 */
  [CD_DETECT_HK_MACAU_PERMIT] = N_("Hong Kong and Macau travel permits"),
  /* Translators: 台湾通行证 */
  [CD_DETECT_TW_PERMIT] = N_("Taiwan travel permits"),
};

/**
 * cd_detect_kind_get_label:
 *
 * Returns: the translated plural name of @kind, as a heading for a count
 *   ("Resident ID numbers", 居民身份证号)
 */
const char *
cd_detect_kind_get_label (CdDetectKind kind)
{
  g_return_val_if_fail ((guint) kind < CD_N_DETECT_KINDS, NULL);

  return _(labels[kind]);
}

/**
 * cd_detect_kind_format_count:
 *
 * Returns: (transfer full): "@count <kind>" in words, with the plural form
 *   the language wants ("1 mobile phone number", "3 mobile phone numbers")
 */
char *
cd_detect_kind_format_count (CdDetectKind kind,
                             guint64      count)
{
  g_autofree char *number = NULL;
  const char *format = NULL;
  /* ngettext takes an unsigned long; beyond that every language uses the
   * form it uses for large numbers. */
  gulong n = count > G_MAXULONG ? G_MAXULONG : (gulong) count;

  g_return_val_if_fail ((guint) kind < CD_N_DETECT_KINDS, NULL);

  switch (kind)
    {
    case CD_DETECT_RESIDENT_ID:
      format = g_dngettext (GETTEXT_PACKAGE, "%s resident ID number",
                            "%s resident ID numbers", n);
      break;
    case CD_DETECT_MOBILE:
      format = g_dngettext (GETTEXT_PACKAGE, "%s mobile phone number",
                            "%s mobile phone numbers", n);
      break;
    case CD_DETECT_LANDLINE:
      format = g_dngettext (GETTEXT_PACKAGE, "%s landline phone number",
                            "%s landline phone numbers", n);
      break;
    case CD_DETECT_BANK_CARD:
      format = g_dngettext (GETTEXT_PACKAGE, "%s bank card number",
                            "%s bank card numbers", n);
      break;
    case CD_DETECT_EMAIL:
      format = g_dngettext (GETTEXT_PACKAGE, "%s e-mail address",
                            "%s e-mail addresses", n);
      break;
    case CD_DETECT_USCC:
      format = g_dngettext (GETTEXT_PACKAGE, "%s unified social credit code",
                            "%s unified social credit codes", n);
      break;
    case CD_DETECT_PASSPORT:
      format = g_dngettext (GETTEXT_PACKAGE, "%s passport number",
                            "%s passport numbers", n);
      break;
    case CD_DETECT_HK_MACAU_PERMIT:
      format = g_dngettext (GETTEXT_PACKAGE,
                            "%s Hong Kong and Macau travel permit",
                            "%s Hong Kong and Macau travel permits", n);
      break;
    case CD_DETECT_TW_PERMIT:
      format = g_dngettext (GETTEXT_PACKAGE, "%s Taiwan travel permit",
                            "%s Taiwan travel permits", n);
      break;
    case CD_N_DETECT_KINDS:
    default:
      g_assert_not_reached ();
    }

  /* The number goes in as text: xgettext cannot see through
   * G_GUINT64_FORMAT in a translatable string. */
  number = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  return g_strdup_printf (format, number);
#pragma GCC diagnostic pop
}

/**
 * cd_detect_counts_to_string:
 *
 * Returns: (transfer full) (nullable): the non-zero counts in words, joined
 *   as a list ("2 resident ID numbers, 1 e-mail address"), or %NULL when
 *   every count is zero
 */
char *
cd_detect_counts_to_string (const guint64 counts[CD_N_DETECT_KINDS])
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    {
      g_autofree char *phrase = NULL;

      if (counts[kind] == 0)
        continue;
      phrase = cd_detect_kind_format_count ((CdDetectKind) kind, counts[kind]);
      if (text->len > 0)
        /* Translators: separates the items of a list such as
         * "2 resident ID numbers, 1 e-mail address" */
        g_string_append (text, _(", "));
      g_string_append (text, phrase);
    }

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/**
 * cd_detect_kind_from_name:
 * @name: a name from cd_detect_kind_get_name()
 *
 * Returns: whether @name is the name of a kind
 */
gboolean
cd_detect_kind_from_name (const char   *name,
                          CdDetectKind *out_kind)
{
  if (name == NULL)
    return FALSE;
  for (guint kind = 0; kind < CD_N_DETECT_KINDS; kind++)
    if (g_strcmp0 (name, cd_detect_kind_get_name ((CdDetectKind) kind)) == 0)
      {
        *out_kind = (CdDetectKind) kind;
        return TRUE;
      }
  return FALSE;
}
