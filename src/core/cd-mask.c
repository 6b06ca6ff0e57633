/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Masking rules for display. They work on characters, not bytes, so a
 * Chinese name keeps whole characters, and they never fail: text that is not
 * UTF-8 has each bad byte replaced by '*' first. */

#include "config.h"

#define G_LOG_DOMAIN "cd-mask"

#include <string.h>

#include "cd-mask.h"

/* A valid UTF-8 copy of @text, trimmed, with each byte that is not part of
 * a valid character replaced by '*'. */
static char *
sanitize (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));
  const char *p = text;
  const char *end = text + strlen (text);

  while (p < end)
    {
      const char *valid_end;

      if (g_utf8_validate_len (p, end - p, &valid_end))
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, valid_end - p);
      g_string_append_c (out, '*');
      p = valid_end + 1;
    }

  return g_strstrip (g_string_free (out, FALSE));
}

static void
append_stars (GString *out,
              glong    n)
{
  for (glong i = 0; i < n; i++)
    g_string_append_c (out, '*');
}

/* Appends the characters [start, start + n) of UTF-8 @text. */
static void
append_chars (GString    *out,
              const char *text,
              glong       start,
              glong       n)
{
  const char *from = g_utf8_offset_to_pointer (text, start);
  const char *to = g_utf8_offset_to_pointer (from, n);

  g_string_append_len (out, from, to - from);
}

/* First @head and last @tail characters of @text with a '*' for each one
 * in between; all stars if the text is not longer than head + tail. */
static char *
keep_ends (const char *text,
           glong       head,
           glong       tail)
{
  glong n = g_utf8_strlen (text, -1);
  GString *out = g_string_new (NULL);

  if (n <= head + tail)
    append_stars (out, n);
  else
    {
      append_chars (out, text, 0, head);
      append_stars (out, n - head - tail);
      append_chars (out, text, n - tail, tail);
    }

  return g_string_free (out, FALSE);
}

static char *
without_spaces (const char *text,
                gboolean    also_dashes)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || (also_dashes && c == '-'))
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static char *
ascii_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/**
 * cd_mask_text:
 * @text: (nullable): any text
 *
 * Masks free text: its first character, "***" and its last character; up
 * to two characters become one '*' each.
 *
 * Returns: (transfer full) (nullable): the masked text, %NULL for %NULL
 */
char *
cd_mask_text (const char *text)
{
  g_autofree char *clean = NULL;
  GString *out;
  glong n;

  if (text == NULL)
    return NULL;

  clean = sanitize (text);
  n = g_utf8_strlen (clean, -1);
  out = g_string_new (NULL);
  if (n <= 2)
    append_stars (out, n);
  else
    {
      append_chars (out, clean, 0, 1);
      g_string_append (out, "***");
      append_chars (out, clean, n - 1, 1);
    }

  return g_string_free (out, FALSE);
}

/**
 * cd_mask_name:
 * @name: (nullable): a person's or company's name
 *
 * Keeps the first character of a Chinese name (the surname, or its first
 * character for a two-character surname) and stars the rest: "张三" → "张*",
 * "欧阳娜娜" → "欧***". Other names keep the initial of each word:
 * "John Smith" → "J*** S****". A one-character name is all stars.
 *
 * Returns: (transfer full) (nullable): the masked name, %NULL for %NULL
 */
char *
cd_mask_name (const char *name)
{
  g_autofree char *clean = NULL;
  g_autofree char *compact = NULL;
  gboolean at_word_start = TRUE;
  GString *out;

  if (name == NULL)
    return NULL;

  clean = sanitize (name);
  compact = without_spaces (clean, FALSE);

  /* One character left alone would be the whole name. */
  if (g_utf8_strlen (compact, -1) <= 1 || has_han (compact))
    return keep_ends (compact, 1, 0);

  out = g_string_new (NULL);
  for (const char *p = clean; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        at_word_start = TRUE;
      else if (at_word_start)
        {
          if (out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          at_word_start = FALSE;
        }
      else
        g_string_append_c (out, '*');
    }

  return g_string_free (out, FALSE);
}

static gsize
area_code_length (const char *digits)
{
  if (digits[0] != '0')
    return 0;
  if (digits[1] == '1' || digits[1] == '2')
    return 3;
  if (digits[1] >= '3' && digits[1] <= '9')
    return 4;
  return 0;
}

static void
append_local_number (GString    *out,
                     const char *local,
                     gsize       len)
{
  append_stars (out, len > 4 ? (glong) (len - 4) : (glong) len);
  if (len > 4)
    g_string_append_len (out, local + len - 4, 4);
}

/**
 * cd_mask_phone:
 * @phone: (nullable): a phone number, preferably as normalised by
 *   cd_ident_normalize_phone()
 *
 * Masks the middle of a phone number: a mobile number keeps its first 3 and
 * last 4 digits ("138****5678"), a landline its area code and the last 4
 * digits of the local number ("010-****9988"), anything else its first 3
 * and last 2 digits.
 *
 * Returns: (transfer full) (nullable): the masked number, %NULL for %NULL
 */
char *
cd_mask_phone (const char *phone)
{
  g_autofree char *clean = NULL;
  g_autofree char *digits = NULL;
  g_auto(GStrv) parts = NULL;
  const char *national;
  GString *out;
  gsize n;

  if (phone == NULL)
    return NULL;

  clean = sanitize (phone);
  digits = ascii_digits (clean);
  n = strlen (digits);
  if (n == 0)
    return cd_mask_text (clean);

  national = digits;
  if (n == 13 && g_str_has_prefix (digits, "861"))
    national = digits + 2;
  else if (n == 15 && g_str_has_prefix (digits, "00861"))
    national = digits + 4;

  out = g_string_new (NULL);
  if (strlen (national) == 11 && national[0] == '1')
    {
      g_string_append_len (out, national, 3);
      g_string_append (out, "****");
      g_string_append (out, national + 7);
      return g_string_free (out, FALSE);
    }

  /* The normalised landline form "0755-1234567-89" says where the local
   * number ends; without dashes, the area code rule has to do. */
  parts = g_strsplit (clean, "-", -1);
  if (clean[0] == '0' && area_code_length (digits) != 0 &&
      g_strv_length (parts) >= 2 && g_strv_length (parts) <= 3 &&
      strlen (parts[0]) == area_code_length (digits))
    {
      g_autofree char *local = ascii_digits (parts[1]);

      g_string_append (out, parts[0]);
      g_string_append_c (out, '-');
      append_local_number (out, local, strlen (local));
      if (parts[2] != NULL)
        {
          g_autofree char *extension = ascii_digits (parts[2]);

          g_string_append_c (out, '-');
          append_stars (out, (glong) strlen (extension));
        }
      return g_string_free (out, FALSE);
    }

  if (area_code_length (digits) != 0 && n >= 10 && n <= 12)
    {
      gsize area = area_code_length (digits);

      g_string_append_len (out, digits, area);
      g_string_append_c (out, '-');
      append_local_number (out, digits + area, n - area);
      return g_string_free (out, FALSE);
    }

  if (clean[0] == '+')
    g_string_append_c (out, '+');
  if (n <= 5)
    append_stars (out, (glong) n);
  else
    {
      g_string_append_len (out, digits, 3);
      append_stars (out, (glong) (n - 5));
      g_string_append (out, digits + n - 2);
    }

  return g_string_free (out, FALSE);
}

/**
 * cd_mask_id_number:
 * @id: (nullable): an identity document number
 *
 * An 18-character resident ID number keeps its first 3 and last 4
 * characters ("110***********002X"); other documents keep the first 1 and
 * the last 2. Spaces and dashes are dropped first.
 *
 * Returns: (transfer full) (nullable): the masked number, %NULL for %NULL
 */
char *
cd_mask_id_number (const char *id)
{
  g_autofree char *clean = NULL;
  g_autofree char *compact = NULL;

  if (id == NULL)
    return NULL;

  clean = sanitize (id);
  compact = without_spaces (clean, TRUE);
  if (g_utf8_strlen (compact, -1) == 18)
    return keep_ends (compact, 3, 4);
  return keep_ends (compact, 1, 2);
}

/**
 * cd_mask_uscc:
 * @code: (nullable): a unified social credit code
 *
 * Keeps the first 8 characters (authority, entity type and region, which
 * say nothing about the entity itself) and the last 2, with a '*' for each
 * character in between: "91350100********43".
 *
 * Returns: (transfer full) (nullable): the masked code, %NULL for %NULL
 */
char *
cd_mask_uscc (const char *code)
{
  g_autofree char *clean = NULL;
  g_autofree char *compact = NULL;

  if (code == NULL)
    return NULL;

  clean = sanitize (code);
  compact = without_spaces (clean, FALSE);
  if (g_utf8_strlen (compact, -1) == 18)
    return keep_ends (compact, 8, 2);
  return keep_ends (compact, 1, 2);
}

/**
 * cd_mask_email:
 * @email: (nullable): an e-mail address
 *
 * Keeps the first character of the local part and the domain:
 * "zhangsan@example.com" → "z***@example.com". The number of stars does not
 * reveal the length.
 *
 * Returns: (transfer full) (nullable): the masked address, %NULL for %NULL
 */
char *
cd_mask_email (const char *email)
{
  g_autofree char *clean = NULL;
  const char *at;
  GString *out;

  if (email == NULL)
    return NULL;

  clean = sanitize (email);
  at = strrchr (clean, '@');
  if (at == NULL || at == clean)
    return cd_mask_text (clean);

  out = g_string_new (NULL);
  if (g_utf8_strlen (clean, at - clean) > 1)
    append_chars (out, clean, 0, 1);
  g_string_append (out, "***");
  g_string_append (out, at);
  return g_string_free (out, FALSE);
}

static void
append_grouped_stars (GString *out,
                      gsize    n)
{
  for (gsize i = 0; i < n; i += 4)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      append_stars (out, (glong) MIN (4, n - i));
    }
}

/**
 * cd_mask_bank_card:
 * @card: (nullable): a card or account number
 *
 * Keeps the first 4 digits (the issuing bank) and the last 4, in groups of
 * four: "6222 **** **** 1234". Numbers shorter than 12 digits keep only the
 * last 4.
 *
 * Returns: (transfer full) (nullable): the masked number, %NULL for %NULL
 */
char *
cd_mask_bank_card (const char *card)
{
  g_autofree char *clean = NULL;
  g_autofree char *digits = NULL;
  GString *out;
  gsize n;

  if (card == NULL)
    return NULL;

  clean = sanitize (card);
  digits = ascii_digits (clean);
  n = strlen (digits);
  if (n == 0)
    return cd_mask_text (clean);

  out = g_string_new (NULL);
  if (n <= 4)
    append_stars (out, (glong) n);
  else if (n < 12)
    {
      append_grouped_stars (out, n - 4);
      g_string_append_c (out, ' ');
      g_string_append (out, digits + n - 4);
    }
  else
    {
      g_string_append_len (out, digits, 4);
      append_grouped_stars (out, n - 8);
      g_string_append_c (out, ' ');
      g_string_append (out, digits + n - 4);
    }

  return g_string_free (out, FALSE);
}

/**
 * cd_mask_address:
 * @addr: (nullable): a postal address
 *
 * Keeps the first 6 characters, roughly province and city, then "****";
 * a shorter address keeps its first 2 (1 if it has only 2).
 *
 * Returns: (transfer full) (nullable): the masked address, %NULL for %NULL
 */
char *
cd_mask_address (const char *addr)
{
  g_autofree char *clean = NULL;
  GString *out;
  glong n;

  if (addr == NULL)
    return NULL;

  clean = sanitize (addr);
  n = g_utf8_strlen (clean, -1);
  out = g_string_new (NULL);
  if (n == 0)
    return g_string_free (out, FALSE);

  append_chars (out, clean, 0, n > 6 ? 6 : n > 2 ? 2 : 1);
  g_string_append (out, "****");
  return g_string_free (out, FALSE);
}
