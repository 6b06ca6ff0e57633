/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Identifier checks that run on user input and imported files. Error
 * messages say which check failed but never repeat the identifier, because
 * they are shown to users and end up in logs. */

#include "config.h"

#define G_LOG_DOMAIN "cd-ident"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-ident.h"

G_DEFINE_QUARK (cd_ident_error_quark, cd_ident_error)

/* GB 11643-1999, ISO 7064 MOD 11-2: the weights are 2^(i-1) mod 11 counted
 * from the right, check character at i = 1. */
static const guint resident_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

/* GB 32100-2015: digits and capitals without I, O, Z, S and V. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* NFKC turns full-width digits, letters, '＋', '（' and the ideographic
 * space into their ASCII forms, which is what people paste from Word or
 * type with a Chinese input method. */
static char *
nfkc (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return NULL;
  return g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
}

static gboolean
is_dash (gunichar c)
{
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212;
}

/* NFKC form of @text without white space, and without dashes if
 * @strip_dashes; NULL if @text is not UTF-8. */
static char *
compact (const char *text,
         gboolean    strip_dashes)
{
  g_autofree char *normalized = nfkc (text);
  GString *out;

  if (normalized == NULL)
    return NULL;

  out = g_string_sized_new (strlen (normalized));
  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || (strip_dashes && is_dash (c)))
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/**
 * cd_ident_resident_id_check_char:
 * @body17: the first 17 digits of a resident ID number
 *
 * Computes the GB 11643 (ISO 7064 MOD 11-2) check character.
 *
 * Returns: '0' to '9' or 'X', or '\0' if @body17 does not start with 17
 *   digits
 */
char
cd_ident_resident_id_check_char (const char *body17)
{
  guint sum = 0;

  g_return_val_if_fail (body17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (body17[i]))
        return '\0';
      sum += (guint) (body17[i] - '0') * resident_weights[i];
    }

  return "10X98765432"[sum % 11];
}

static gboolean
is_province_code (const char *two)
{
  guint code = (guint) (two[0] - '0') * 10 + (guint) (two[1] - '0');

  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
         (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
         (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82 || code == 83;
}

static guint
parse_digits (const char *text,
              guint       n)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (guint) (text[i] - '0');
  return value;
}

static gboolean
check_birth_date (const char  *body,
                  GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint year = parse_digits (body + 6, 4);
  guint month = parse_digits (body + 10, 2);
  guint day = parse_digits (body + 12, 2);
  guint today;

  if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_DATE,
                   _("The birth date in the number (digits 7 to 14) is not a real calendar date."));
      return FALSE;
    }

  /* GB 11643-1999 itself prints an example born in 1880, so the floor is
   * 1800 rather than 1900: old enough for any real record, and still a
   * catch for typos in the century. */
  if (year < 1800)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_DATE,
                   _("The birth date in the number (digits 7 to 14) is before 1800."));
      return FALSE;
    }

  today = (guint) g_date_time_get_year (now) * 10000 +
          (guint) g_date_time_get_month (now) * 100 +
          (guint) g_date_time_get_day_of_month (now);
  if (year * 10000 + month * 100 + day > today)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_DATE,
                   _("The birth date in the number (digits 7 to 14) is in the future."));
      return FALSE;
    }

  return TRUE;
}

/**
 * cd_ident_check_resident_id:
 * @text: a resident ID number as typed or imported
 * @out_normalized: (out) (optional) (transfer full): the 18-character form
 * @error: return location for a #CdIdentError
 *
 * Validates a resident identity number (GB 11643-1999): 18 characters, or
 * the old 15-digit form, which is converted to 18 characters with the "19"
 * century and a computed check character. Spaces and dashes are ignored and
 * a lower-case x is accepted. The region must be a province-level code
 * (or, after a leading 9, that of a 2023 foreign permanent-residence card),
 * the birth date a real date from 1800 up to today, and the check character
 * must match. The same rules cover the residence permits for Hong Kong,
 * Macao and Taiwan residents (81, 82, 83).
 *
 * Returns: %TRUE if @text is a valid number
 */
gboolean
cd_ident_check_resident_id (const char  *text,
                            char       **out_normalized,
                            GError     **error)
{
  g_autofree char *number = NULL;
  char body[19];
  char check;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  number = compact (text, TRUE);
  len = number != NULL ? strlen (number) : 0;

  if (len == 15 && all_digits (number, 15))
    {
      memcpy (body, number, 6);
      memcpy (body + 6, "19", 2);
      memcpy (body + 8, number + 6, 9);
    }
  else if (len == 18 && all_digits (number, 17) &&
           (g_ascii_isdigit (number[17]) || number[17] == 'X' || number[17] == 'x'))
    memcpy (body, number, 17);
  else
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                   _("A resident ID number has 18 characters (17 digits and a final digit "
                     "or X), or 15 digits in the old form."));
      return FALSE;
    }

  if (!is_province_code (body[0] == '9' ? body + 1 : body))
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_REGION,
                   _("The first digits of the resident ID number are not a known "
                     "province-level region code."));
      return FALSE;
    }

  if (!check_birth_date (body, error))
    return FALSE;

  check = cd_ident_resident_id_check_char (body);
  if (len == 18 && g_ascii_toupper (number[17]) != check)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_CHECKSUM,
                   _("The last character of the resident ID number does not match the "
                     "check character computed from the other 17 digits; a digit was "
                     "probably mistyped."));
      return FALSE;
    }

  body[17] = check;
  body[18] = '\0';
  if (out_normalized != NULL)
    *out_normalized = g_strdup (body);
  return TRUE;
}

/**
 * cd_ident_looks_like_resident_id:
 * @text: (nullable): any text
 *
 * Checks only the shape: after removing spaces and dashes, 15 digits, or
 * 17 digits and a digit or X. Use it to decide which validator applies.
 *
 * Returns: %TRUE if @text has the shape of a resident ID number
 */
gboolean
cd_ident_looks_like_resident_id (const char *text)
{
  g_autofree char *number = NULL;
  gsize len;

  if (text == NULL)
    return FALSE;

  number = compact (text, TRUE);
  if (number == NULL)
    return FALSE;

  len = strlen (number);
  if (len == 15)
    return all_digits (number, 15);
  return len == 18 && all_digits (number, 17) &&
         (g_ascii_isdigit (number[17]) || number[17] == 'X' || number[17] == 'x');
}

static int
uscc_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (uscc_alphabet, c);
  return p != NULL ? (int) (p - uscc_alphabet) : -1;
}

/**
 * cd_ident_uscc_check_char:
 * @body17: the first 17 characters of a unified social credit code
 *
 * Computes the GB 32100-2015 check character: weights 3^(i-1) mod 31, the
 * check value being (31 - sum mod 31) mod 31 in the 31-character alphabet.
 *
 * Returns: the check character, or '\0' if @body17 has a character outside
 *   the alphabet (upper case only) or is shorter than 17
 */
char
cd_ident_uscc_check_char (const char *body17)
{
  guint sum = 0;
  guint weight = 1;

  g_return_val_if_fail (body17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      int value = uscc_value (body17[i]);

      if (value < 0)
        return '\0';
      sum += (guint) value * weight;
      weight = weight * 3 % 31;
    }

  return uscc_alphabet[(31 - sum % 31) % 31];
}

/**
 * cd_ident_check_uscc:
 * @text: a unified social credit code as typed or imported
 * @out_normalized: (out) (optional) (transfer full): the upper-case code
 * @error: return location for a #CdIdentError
 *
 * Validates a unified social credit code (GB 32100-2015): 18 characters
 * from the code's alphabet, white space ignored, lower case accepted, and
 * a matching check character. Codes from every registration authority are
 * accepted, including N (agriculture), Y (other) and A, whose first
 * characters are letters.
 *
 * Returns: %TRUE if @text is a valid code
 */
gboolean
cd_ident_check_uscc (const char  *text,
                     char       **out_normalized,
                     GError     **error)
{
  g_autofree char *code = NULL;
  char *upper;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code = compact (text, FALSE);
  if (code == NULL || strlen (code) != 18)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                   _("A unified social credit code has exactly 18 characters."));
      return FALSE;
    }

  for (upper = code; *upper != '\0'; upper++)
    *upper = g_ascii_toupper (*upper);

  for (guint i = 0; i < 18; i++)
    {
      if (uscc_value (code[i]) < 0)
        {
          g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                       _("A unified social credit code uses only digits and capital letters "
                         "other than I, O, Z, S and V."));
          return FALSE;
        }
    }

  if (cd_ident_uscc_check_char (code) != code[17])
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_CHECKSUM,
                   _("The last character of the unified social credit code does not match "
                     "the check character computed from the other 17; a character was "
                     "probably mistyped."));
      return FALSE;
    }

  if (out_normalized != NULL)
    *out_normalized = g_steal_pointer (&code);
  return TRUE;
}

static void
set_phone_error (GError     **error,
                 const char  *message)
{
  g_set_error_literal (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT, message);
}

/* Splits off an extension written "x 123", "ext. 123", "转123" or
 * "分机 123". Returns FALSE if there is a marker but no extension digits. */
static gboolean
split_extension (char  *number,
                 char **out_extension)
{
  static const char * const markers[] = { "ext", "x", "转", "分机" };
  char *found = NULL;
  gsize marker_len = 0;
  GString *digits;

  *out_extension = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      char *p = strstr (number, markers[i]);

      if (p != NULL && (found == NULL || p < found))
        {
          found = p;
          marker_len = strlen (markers[i]);
        }
    }

  if (found == NULL)
    return TRUE;

  digits = g_string_new (NULL);
  for (const char *p = found + marker_len; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '.' && *p != ':' && *p != '-')
        {
          g_string_free (digits, TRUE);
          return FALSE;
        }
    }

  *found = '\0';
  if (digits->len == 0 || digits->len > 6)
    {
      g_string_free (digits, TRUE);
      return FALSE;
    }

  *out_extension = g_string_free (digits, FALSE);
  return TRUE;
}

static gboolean
is_mobile (const char *digits)
{
  return strlen (digits) == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9' &&
         all_digits (digits, 11);
}

/**
 * cd_ident_normalize_phone:
 * @text: a phone number as typed or imported
 * @out_normalized: (out) (optional) (transfer full): the normalised number
 * @out_kind: (out) (optional): what kind of number it is
 * @error: return location for a #CdIdentError
 *
 * Normalises a phone number. Spaces, dashes, dots and parentheses are
 * ignored, and a +86, 0086 or 86 prefix is removed from Chinese numbers.
 * A mainland mobile number (11 digits, 13 to 19) becomes "13812345678"; a
 * landline with its area code becomes "010-65529988" or "0755-1234567",
 * with an extension (after x, ext or 转) appended as "-123"; another
 * country's number (+ or 00 and 7 to 15 digits) becomes "+4420794600958".
 *
 * Returns: %TRUE if @text is a phone number of one of these kinds
 */
gboolean
cd_ident_normalize_phone (const char   *text,
                          char        **out_normalized,
                          CdPhoneKind  *out_kind,
                          GError      **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *with_trunk = NULL;
  g_autoptr(GString) digits = NULL;
  gboolean plus = FALSE;
  gboolean from_abroad = FALSE;
  const char *national;
  gsize area_len;
  gsize local_len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalized = nfkc (text);
  if (normalized == NULL)
    {
      set_phone_error (error, _("The phone number contains characters that are not text."));
      return FALSE;
    }
  g_strstrip (normalized);
  for (char *p = normalized; *p != '\0'; p++)
    *p = g_ascii_tolower (*p);

  if (!split_extension (normalized, &extension))
    {
      set_phone_error (error, _("The extension after the phone number must be 1 to 6 digits."));
      return FALSE;
    }

  digits = g_string_new (NULL);
  for (const char *p = normalized; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')')
        {
          set_phone_error (error, _("A phone number may contain only digits, spaces, dashes, "
                                    "dots, parentheses and a leading +."));
          return FALSE;
        }
    }

  national = digits->str;
  if (plus || g_str_has_prefix (national, "00"))
    {
      const char *international = plus ? national : national + 2;

      if (g_str_has_prefix (international, "86"))
        {
          national = international + 2;
          from_abroad = TRUE;
        }
      else
        {
          gsize len = strlen (international);

          if (len < 7 || len > 15 || international[0] == '0')
            {
              set_phone_error (error, _("An international phone number has a country code "
                                        "and 7 to 15 digits in all."));
              return FALSE;
            }
          if (out_normalized != NULL)
            *out_normalized = extension != NULL
                              ? g_strdup_printf ("+%s-%s", international, extension)
                              : g_strdup_printf ("+%s", international);
          if (out_kind != NULL)
            *out_kind = CD_PHONE_INTERNATIONAL;
          return TRUE;
        }
    }
  else if (digits->len == 13 && g_str_has_prefix (national, "861"))
    national += 2;

  /* From abroad the trunk 0 of a landline is dropped: +86 10 8765 4321. */
  if (from_abroad && national[0] != '0' && !is_mobile (national))
    national = with_trunk = g_strconcat ("0", national, NULL);

  if (national[0] == '1')
    {
      if (!is_mobile (national))
        {
          set_phone_error (error, _("A mobile phone number has 11 digits and starts with 13 "
                                    "to 19."));
          return FALSE;
        }
      if (extension != NULL)
        {
          set_phone_error (error, _("A mobile phone number cannot have an extension."));
          return FALSE;
        }
      if (out_normalized != NULL)
        *out_normalized = g_strdup (national);
      if (out_kind != NULL)
        *out_kind = CD_PHONE_MOBILE;
      return TRUE;
    }

  if (national[0] != '0')
    {
      set_phone_error (error, _("This is neither an 11-digit mobile phone number nor a "
                                "landline number with its area code."));
      return FALSE;
    }

  /* Two-digit area codes exist only for 010 and 020-029 (there is no 026);
   * all others have three digits, and 8-digit local numbers follow a
   * two-digit code. */
  if (national[1] == '1' && national[2] == '0')
    area_len = 3;
  else if (national[1] == '2' && national[2] != '\0' && national[2] != '6')
    area_len = 3;
  else if (national[1] >= '3' && national[1] <= '9')
    area_len = 4;
  else
    area_len = 0;

  local_len = strlen (national) - MIN (area_len, strlen (national));
  if (area_len == 0 || strlen (national) < area_len ||
      (area_len == 3 && local_len != 8) ||
      (area_len == 4 && local_len != 7 && local_len != 8))
    {
      set_phone_error (error, _("A landline number needs its area code (such as 010 or 0755) "
                                "and a local number of 7 or 8 digits."));
      return FALSE;
    }

  if (out_normalized != NULL)
    {
      GString *out = g_string_new (NULL);

      g_string_append_len (out, national, area_len);
      g_string_append_c (out, '-');
      g_string_append (out, national + area_len);
      if (extension != NULL)
        g_string_append_printf (out, "-%s", extension);
      *out_normalized = g_string_free (out, FALSE);
    }
  if (out_kind != NULL)
    *out_kind = CD_PHONE_LANDLINE;
  return TRUE;
}

/**
 * cd_ident_check_email:
 * @text: an e-mail address as typed or imported
 * @out_normalized: (out) (optional) (transfer full): the trimmed address
 *   with its domain in lower case
 * @error: return location for a #CdIdentError
 *
 * A deliberately plain check: one @, something before it, a domain with a
 * dot after it and no white space anywhere. The local part keeps its case,
 * since some mail servers treat it as significant.
 *
 * Returns: %TRUE if @text looks like an e-mail address
 */
gboolean
cd_ident_check_email (const char  *text,
                      char       **out_normalized,
                      GError     **error)
{
  g_autofree char *address = NULL;
  g_autofree char *domain_lower = NULL;
  const char *at;
  const char *domain;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  address = nfkc (text);
  if (address == NULL)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                   _("The e-mail address contains characters that are not text."));
      return FALSE;
    }
  g_strstrip (address);

  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                       _("An e-mail address cannot contain spaces."));
          return FALSE;
        }
    }

  at = strchr (address, '@');
  if (at == NULL || strchr (at + 1, '@') != NULL)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                   _("An e-mail address has exactly one @ sign."));
      return FALSE;
    }

  if (at == address)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                   _("The part of the e-mail address before the @ sign is empty."));
      return FALSE;
    }

  domain = at + 1;
  if (strchr (domain, '.') == NULL || domain[0] == '.' ||
      g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL ||
      strpbrk (domain, "()<>,;:\\\"[]") != NULL)
    {
      g_set_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT,
                   _("The part of the e-mail address after the @ sign must be a domain "
                     "name such as example.com."));
      return FALSE;
    }

  if (out_normalized != NULL)
    {
      domain_lower = g_utf8_strdown (domain, -1);
      *out_normalized = g_strdup_printf ("%.*s@%s", (int) (at - address), address, domain_lower);
    }
  return TRUE;
}

/* Characters between which a space is noise in a Chinese name: Han
 * characters and the middle dot of transcribed names (阿沛·阿旺晋美). */
static gboolean
joins_without_space (gunichar c)
{
  return c == 0x00b7 || g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN;
}

static gunichar
fold_middle_dot (gunichar c)
{
  /* The dot of transcribed names comes in several look-alikes. */
  if (c == 0x2022 || c == 0x2027 || c == 0x2219 || c == 0x30fb || c == 0x22c5)
    return 0x00b7;
  return c;
}

/**
 * cd_ident_normalize_name:
 * @text: (nullable): a person's or company's name
 *
 * Normalises a name for equality lookups (the blind index): NFKC, trimmed,
 * inner white space collapsed to one space, and no space between Chinese
 * characters, so "张 三" and "张三" are the same name. Invalid UTF-8 is
 * repaired first rather than rejected.
 *
 * Returns: (transfer full) (nullable): the normalised name, or %NULL for
 *   %NULL
 */
char *
cd_ident_normalize_name (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *normalized = NULL;
  GString *out;
  gboolean pending_space = FALSE;
  gunichar previous = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  normalized = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKC);
  out = g_string_sized_new (strlen (normalized));

  for (const char *p = normalized; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = fold_middle_dot (g_utf8_get_char (p));

      if (g_unichar_isspace (c) || c == 0x200b || c == 0xfeff)
        {
          pending_space = TRUE;
          continue;
        }

      if (pending_space && out->len > 0 &&
          !(joins_without_space (previous) && joins_without_space (c)))
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, c);
      previous = c;
    }

  return g_string_free (out, FALSE);
}

/**
 * cd_ident_digits_only:
 * @text: (nullable): any text
 *
 * Returns: (transfer full) (nullable): the ASCII and full-width digits of
 *   @text as ASCII digits, or %NULL for %NULL
 */
char *
cd_ident_digits_only (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (out, (char) *p);
      /* U+FF10..U+FF19 FULLWIDTH DIGIT ZERO..NINE are EF BC 90..99. */
      else if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99)
        {
          g_string_append_c (out, (char) ('0' + p[2] - 0x90));
          p += 2;
        }
    }

  return g_string_free (out, FALSE);
}
