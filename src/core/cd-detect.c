/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Identifier detectors (DOMAIN.md §5). One pass over the bytes: a table
 * lookup skips everything that cannot start an identifier, and only runs of
 * ASCII letters and digits, '@', '+' and '(' are looked at more closely, so
 * the cost is close to that of reading the buffer. Every candidate is then
 * validated: check characters, dates, allocated prefixes, Luhn, and for the
 * travel documents, which have no check character, a context word.
 *
 * What counts as a match:
 * - Never inside a longer run of ASCII letters and digits; the bytes around
 *   a match are anything else, including Chinese text ("身份证号1101…联系"),
 *   NUL bytes and invalid UTF-8. Full-width digits (１３８…) are not
 *   matched and count as "anything else".
 * - Not the continuation of a dash-joined code (the byte before is '-' and
 *   the one before that a letter or digit: UUIDs, order numbers such as
 *   "ORD-2024-13812345678"), not either side of a decimal point, and not
 *   the tail of a longer grouped number ("1101 0519 4912 3100").
 * - A stronger kind claims a span first; a weaker kind is not reported
 *   inside it. From strong to weak: email (it contains the others, as in
 *   "13812345678@163.com"), cn_resident_id, bank_card, cn_uscc, cn_mobile,
 *   cn_landline, then passport, hk_macau_permit and tw_permit, whose shapes
 *   do not overlap. An 18-character number that has a resident ID's region
 *   and a calendar date (1800-2099) in its place but fails the ID's other
 *   checks (check character, born 1900 or later, not in the future) is
 *   reported as nothing: a mistyped ID or an order number is likelier than
 *   a card or a code that it happens to pass for.
 */

#include "config.h"

#define G_LOG_DOMAIN "cd-detect"

#include <string.h>

#include "cd-detect.h"
#include "cd-ident.h"
#include "cd-mask.h"

/* Travel documents and low-confidence cards need a word within this many
 * characters before them ("护照号码：", "Passport No. "). */
#define CONTEXT_CHARS     20
#define CONTEXT_MAX_BYTES 80
#define KEYWORD_MAX_BYTES 16   /* the longest keyword, in bytes */

/* Enough for "1234567801(B)", the longest canonical form but e-mail. */
#define CANON_MAX 24

/* Groups of digits joined by single spaces or dashes ("6222 0202 0011
 * 2233 8" is five); no layout needs more. */
#define MAX_GROUPS 6

#define BIT(kind) CD_DETECT_KIND_MASK (kind)

enum
{
  CL_DIGIT   = 1 << 0,
  CL_UPPER   = 1 << 1,
  CL_LOWER   = 1 << 2,
  CL_TRIGGER = 1 << 3,   /* may start a match: alphanumerics, '@', '+', '(', and the
                          * lead byte of the full-width '（' */
  CL_LOCAL   = 1 << 4,   /* allowed in the local part of an e-mail address */
};

#define CL_ALNUM (CL_DIGIT | CL_UPPER | CL_LOWER)

static const guint8 char_class[256] = {
  ['0' ... '9'] = CL_DIGIT | CL_TRIGGER | CL_LOCAL,
  ['A' ... 'Z'] = CL_UPPER | CL_TRIGGER | CL_LOCAL,
  ['a' ... 'z'] = CL_LOWER | CL_TRIGGER | CL_LOCAL,
  ['@'] = CL_TRIGGER,
  ['+'] = CL_TRIGGER | CL_LOCAL,
  ['('] = CL_TRIGGER,
  [0xef] = CL_TRIGGER,
  ['.'] = CL_LOCAL,
  ['_'] = CL_LOCAL,
  ['%'] = CL_LOCAL,
  ['-'] = CL_LOCAL,
};

static const char * const kind_names[CD_N_DETECT_KINDS] = {
  [CD_DETECT_RESIDENT_ID] = "cn_resident_id",
  [CD_DETECT_MOBILE] = "cn_mobile",
  [CD_DETECT_LANDLINE] = "cn_landline",
  [CD_DETECT_BANK_CARD] = "bank_card",
  [CD_DETECT_EMAIL] = "email",
  [CD_DETECT_USCC] = "cn_uscc",
  [CD_DETECT_PASSPORT] = "passport",
  [CD_DETECT_HK_MACAU_PERMIT] = "hk_macau_permit",
  [CD_DETECT_TW_PERMIT] = "tw_permit",
};

typedef struct
{
  const char *word;
  guint       len;
  gboolean    ascii_nocase;
  guint       kinds;   /* what the word makes plausible */
} Keyword;

#define KEYWORD(word, kinds) { word, sizeof word - 1, FALSE, kinds }
#define KEYWORD_NOCASE(word, kinds) { word, sizeof word - 1, TRUE, kinds }

#define TRAVEL_KINDS (BIT (CD_DETECT_PASSPORT) | BIT (CD_DETECT_HK_MACAU_PERMIT) | \
                      BIT (CD_DETECT_TW_PERMIT))

/* Simplified and traditional forms; shorter words cover the longer names
 * (港澳 in 往来港澳通行证, 来往大陆 in 台湾居民来往大陆通行证). The shape of the
 * number says which document it is, the word only that one is near. */
static const Keyword keywords[] = {
  KEYWORD ("护照", BIT (CD_DETECT_PASSPORT)),
  KEYWORD ("護照", BIT (CD_DETECT_PASSPORT)),
  KEYWORD_NOCASE ("passport", BIT (CD_DETECT_PASSPORT)),
  KEYWORD ("港澳", BIT (CD_DETECT_HK_MACAU_PERMIT)),
  KEYWORD ("回乡证", BIT (CD_DETECT_HK_MACAU_PERMIT)),
  KEYWORD ("回鄉證", BIT (CD_DETECT_HK_MACAU_PERMIT)),
  KEYWORD ("台胞", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("台湾通行证", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("往来台湾", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("來往大陸", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("来往大陆", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("台湾居民", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("臺灣居民", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("台灣居民", BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("通行证", BIT (CD_DETECT_HK_MACAU_PERMIT) | BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("通行證", BIT (CD_DETECT_HK_MACAU_PERMIT) | BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD_NOCASE ("permit", BIT (CD_DETECT_HK_MACAU_PERMIT) | BIT (CD_DETECT_TW_PERMIT)),
  KEYWORD ("证件号", TRAVEL_KINDS),
  KEYWORD ("證件號", TRAVEL_KINDS),
  KEYWORD ("卡号", BIT (CD_DETECT_BANK_CARD)),
  KEYWORD ("卡號", BIT (CD_DETECT_BANK_CARD)),
  KEYWORD ("银行卡", BIT (CD_DETECT_BANK_CARD)),
  KEYWORD ("銀行卡", BIT (CD_DETECT_BANK_CARD)),
  KEYWORD ("账号", BIT (CD_DETECT_BANK_CARD)),
  KEYWORD ("帐号", BIT (CD_DETECT_BANK_CARD)),
  KEYWORD ("賬號", BIT (CD_DETECT_BANK_CARD)),
  KEYWORD ("帳號", BIT (CD_DETECT_BANK_CARD)),
};

/* Where each kind's keywords were last seen: the context of candidates is
 * looked for once per byte of the buffer, not once per candidate. */
typedef struct
{
  gsize     upto;                          /* keywords starting before this are known */
  gsize     last_pos;                      /* the last position asked about */
  gboolean  seen[CD_N_DETECT_KINDS];
  gsize     last[CD_N_DETECT_KINDS];       /* start of the latest keyword of each kind */
} ContextCache;

typedef struct
{
  const guchar *data;
  gsize         len;
  guint         today;     /* YYYYMMDD, local time */
  gboolean      lenient;   /* normalising a given span: context words are assumed */
  ContextCache *cache;     /* NULL: look afresh every time */
} Scan;

typedef struct
{
  gsize     start;
  gsize     len;
  char      sep;       /* ' ' or '-' before the group; '\0' before the first */
  gsize     n_digits;
  gboolean  digits;    /* only ASCII digits */
  gboolean  x_last;    /* ASCII digits and a final 'X' or 'x' */
} Group;

typedef struct
{
  CdDetectKind  kind;
  CdDetectFlags flags;
  gsize         start;
  gsize         end;
  char          canon[CANON_MAX];
} Match;

typedef enum
{
  VERDICT_NO,
  VERDICT_YES,
  VERDICT_BLOCK,   /* not this kind, and no other kind either */
} Verdict;

static inline gboolean
is_digit (guchar c)
{
  return (char_class[c] & CL_DIGIT) != 0;
}

static inline gboolean
is_alnum (guchar c)
{
  return (char_class[c] & CL_ALNUM) != 0;
}

static gboolean
all_digits (const guchar *p,
            gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!is_digit (p[i]))
      return FALSE;
  return TRUE;
}

static guint
parse_uint (const char *p,
            guint       n)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (guint) (p[i] - '0');
  return value;
}

/* Today as YYYYMMDD. Asking for the local time reads the time zone
 * files, too slow for every identifier masked: it is asked once a minute. */
G_LOCK_DEFINE_STATIC (today);

static guint
today_yyyymmdd (void)
{
  static guint cached_today = 0;
  static gint64 cached_at = 0;   /* monotonic seconds */
  gint64 now_s = g_get_monotonic_time () / G_USEC_PER_SEC;
  guint today;

  G_LOCK (today);
  if (cached_today == 0 || now_s - cached_at >= 60)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      cached_today = (guint) g_date_time_get_year (now) * 10000 +
                     (guint) g_date_time_get_month (now) * 100 +
                     (guint) g_date_time_get_day_of_month (now);
      cached_at = now_s;
    }
  today = cached_today;
  G_UNLOCK (today);
  return today;
}

static void
scan_init (Scan       *s,
           const char *data,
           gsize       len,
           gboolean    lenient)
{
  s->data = (const guchar *) data;
  s->len = len;
  s->lenient = lenient;
  s->today = today_yyyymmdd ();
  s->cache = NULL;
}

/* The run of ASCII letters and digits at @pos as a group. */
static void
scan_run (const Scan *s,
          gsize       pos,
          Group      *group)
{
  gsize i = pos;
  gsize n_digits = 0;

  while (i < s->len && is_alnum (s->data[i]))
    {
      n_digits += is_digit (s->data[i]);
      i++;
    }

  group->start = pos;
  group->len = i - pos;
  group->sep = '\0';
  group->n_digits = n_digits;
  group->digits = n_digits == group->len;
  group->x_last = n_digits + 1 == group->len && (s->data[i - 1] | 0x20) == 'x';
}

/* Splits the text at @pos into groups joined by one space or one dash each
 * ("138 1234 5678" is three). Only a short first group of digits can be
 * the start of such a layout; anything else stays one group. */
static guint
parse_groups (const Scan  *s,
              const Group *first,
              Group       *groups)
{
  guint n = 1;

  groups[0] = *first;
  if (!first->digits || first->len > 6 || first->len == 1 || first->len == 5)
    return 1;

  while (n < MAX_GROUPS)
    {
      gsize end = groups[n - 1].start + groups[n - 1].len;
      guchar sep;

      if (end + 1 >= s->len)
        break;
      sep = s->data[end];
      if ((sep != ' ' && sep != '-') || !is_alnum (s->data[end + 1]))
        break;
      scan_run (s, end + 1, &groups[n]);
      groups[n].sep = (char) sep;
      n++;
    }

  return n;
}

/* Whether the first @k groups have the lengths in @layout, are digits (the
 * last may end in X if @allow_x) and use one kind of separator. */
static gboolean
fits_layout (const Group  *groups,
             guint         n_groups,
             const guint8 *layout,
             guint         k,
             gboolean      allow_x)
{
  if (n_groups < k)
    return FALSE;

  for (guint j = 0; j < k; j++)
    {
      if (groups[j].len != layout[j])
        return FALSE;
      if (!groups[j].digits && !(allow_x && j == k - 1 && groups[j].x_last))
        return FALSE;
      if (j >= 2 && groups[j].sep != groups[1].sep)
        return FALSE;
    }

  return TRUE;
}

/* Copies the characters of the first @k groups, without separators, into
 * @out (at least @max + 1 bytes); 0 if they do not fit. */
static gsize
gather (const Scan  *s,
        const Group *groups,
        guint        k,
        char        *out,
        gsize        max)
{
  gsize n = 0;

  for (guint j = 0; j < k; j++)
    {
      if (n + groups[j].len > max)
        return 0;
      memcpy (out + n, s->data + groups[j].start, groups[j].len);
      n += groups[j].len;
    }
  out[n] = '\0';
  return n;
}

static gsize
groups_end (const Group *groups,
            guint        k)
{
  return groups[k - 1].start + groups[k - 1].len;
}

/* Bitmask of the kinds made plausible by a keyword in the CONTEXT_CHARS
 * characters before @pos. */
/* For each first byte and the low six bits of the second (folded to
 * lower case for ASCII), the keywords that may start there: most windows
 * compare a byte pair or two instead of every keyword at every character. */
static const guint32 *
keyword_table (void)
{
  static gsize table = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (keywords) <= 32);
  if (g_once_init_enter (&table))
    {
      guint32 *t = g_new0 (guint32, 256 * 64);

      for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
        {
          guchar b0 = (guchar) keywords[k].word[0];
          guchar b1 = (guchar) keywords[k].word[1];

          t[(b0 | ((b0 & 0x80) ? 0 : 0x20)) * 64 + ((b1 | 0x20) & 0x3f)] |= 1u << k;
        }
      g_once_init_leave (&table, (gsize) t);
    }
  return (const guint32 *) table;
}

/* The keywords that start at @i and end at or before @end. */
static guint
keywords_at (const Scan *s,
             gsize       i,
             gsize       end,
             guint       known)
{
  guchar c = s->data[i];
  guint32 candidates;
  guint kinds = 0;

  /* Every keyword starts with 'p' or a byte from E4 to E9 (the Han
   * characters used; keep it so when adding words), and most windows hold
   * none of those at all. */
  if ((!(c >= 0xe4 && c <= 0xe9) && (c | 0x20) != 'p') || i + 1 >= end)
    return 0;

  candidates = keyword_table ()[(c | ((c & 0x80) ? 0 : 0x20)) * 64 + ((s->data[i + 1] | 0x20) & 0x3f)];
  while (candidates != 0)
    {
      guint k = (guint) g_bit_nth_lsf (candidates, -1);
      const Keyword *kw = &keywords[k];
      gsize j = 0;

      candidates &= candidates - 1;
      if (i + kw->len > end || ((kinds | known) & kw->kinds) == kw->kinds)
        continue;
      if (kw->ascii_nocase)
        while (j < kw->len && g_ascii_tolower (s->data[i + j]) == kw->word[j])
          j++;
      else if (memcmp (s->data + i, kw->word, kw->len) == 0)
        j = kw->len;
      if (j == kw->len)
        kinds |= kw->kinds;
    }
  return kinds;
}

static guint
context_kinds (const Scan *s,
               gsize       pos)
{
  ContextCache *cache = s->cache;
  gsize from = pos;
  guint chars = 0;
  guint kinds = 0;

  if (s->lenient)
    return CD_DETECT_ALL_KINDS;

  while (from > 0 && pos - from < CONTEXT_MAX_BYTES && chars < CONTEXT_CHARS)
    {
      from--;
      if ((s->data[from] & 0xc0) != 0x80)
        chars++;
    }

  if (cache == NULL || pos < cache->last_pos)
    {
      for (gsize i = from; i < pos; i++)
        kinds |= keywords_at (s, i, pos, kinds);
      return kinds;
    }

  /* Candidates come in order: look only at what is new since the last. */
  for (gsize i = MAX (cache->upto, from); i < pos; i++)
    {
      guint found = keywords_at (s, i, pos, 0);

      for (guint k = 0; found != 0 && k < CD_N_DETECT_KINDS; k++)
        if (found & BIT (k))
          {
            cache->seen[k] = TRUE;
            cache->last[k] = i;
          }
    }
  /* A keyword cut by @pos may still end before a later candidate. */
  cache->upto = MAX (cache->upto, pos >= KEYWORD_MAX_BYTES ? pos - KEYWORD_MAX_BYTES : 0);
  cache->last_pos = pos;

  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    if (cache->seen[k] && cache->last[k] >= from)
      kinds |= BIT (k);
  return kinds;
}

static gboolean
is_leap (guint year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static gboolean
valid_date (guint year,
            guint month,
            guint day)
{
  static const guint8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month < 1 || month > 12 || day < 1)
    return FALSE;
  if (month == 2 && is_leap (year))
    return day <= 29;
  return day <= days[month - 1];
}

/* The province-level codes of GB/T 2260, and 81-83 for the residence
 * permits of Hong Kong, Macao and Taiwan residents. */
static gboolean
is_province (const char *two)
{
  guint code = parse_uint (two, 2);

  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
         (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
         (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82 || code == 83;
}

/* -- cn_resident_id ---------------------------------------------------- */

static const guint8 resident_layouts[][4] = {
  { 18 }, { 6, 8, 4 }, { 6, 4, 4, 4 },   /* 18 characters */
  { 15 }, { 6, 6, 3 },                   /* the old 15-digit form */
};
static const guint resident_layout_groups[] = { 1, 3, 4, 1, 3 };

/* @body: 17 digits and, if @check is not '\0', the typed check character. */
static Verdict
check_resident (const Scan *s,
                char       *body,
                char        check)
{
  guint year = parse_uint (body + 6, 4);
  guint month = parse_uint (body + 10, 2);
  guint day = parse_uint (body + 12, 2);
  char computed;

  /* A leading 9 is the 2023 foreign permanent-residence card, which
   * puts the province after it (as cd_ident_check_resident_id() does). */
  if (!is_province (body[0] == '9' && check != '\0' ? body + 1 : body))
    return VERDICT_NO;
  if (year < 1800 || year > 2099 || !valid_date (year, month, day))
    return VERDICT_NO;

  /* From here on it has the shape of an ID, and if it fails the remaining
   * checks it is a mistyped or made-up one: reported as nothing rather
   * than as a card or a credit code that it happens to pass for. */
  computed = cd_ident_resident_id_check_char (body);
  if (year < 1900 || year * 10000 + month * 100 + day > s->today ||
      (check != '\0' && g_ascii_toupper (check) != computed))
    return check != '\0' ? VERDICT_BLOCK : VERDICT_NO;

  body[17] = computed;
  body[18] = '\0';
  return VERDICT_YES;
}

static Verdict
match_resident (const Scan  *s,
                const Group *groups,
                guint        n_groups,
                Match       *m)
{
  for (guint l = 0; l < G_N_ELEMENTS (resident_layouts); l++)
    {
      guint k = resident_layout_groups[l];
      gboolean old_form = l >= 3;
      char chars[19];
      char body[19];
      Verdict verdict;

      if (!fits_layout (groups, n_groups, resident_layouts[l], k, !old_form))
        continue;

      gather (s, groups, k, chars, 18);
      if (old_form)
        {
          /* GB 11643-1989: YYMMDD in the 20th century, no check character. */
          memcpy (body, chars, 6);
          memcpy (body + 6, "19", 2);
          memcpy (body + 8, chars + 6, 9);
          verdict = check_resident (s, body, '\0');
        }
      else
        {
          memcpy (body, chars, 17);
          verdict = check_resident (s, body, chars[17]);
        }

      if (verdict == VERDICT_YES)
        {
          m->kind = CD_DETECT_RESIDENT_ID;
          m->end = groups_end (groups, k);
          memcpy (m->canon, body, 19);
        }
      if (verdict != VERDICT_NO)
        return verdict;
    }

  return VERDICT_NO;
}

/* -- bank_card --------------------------------------------------------- */

static gboolean
luhn_valid (const char *digits,
            gsize       n)
{
  guint sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      guint v = (guint) (digits[n - 1 - i] - '0');

      if (i % 2 == 1)
        {
          v *= 2;
          if (v > 9)
            v -= 9;
        }
      sum += v;
    }

  return sum % 10 == 0;
}

/* Known issuer prefixes and their lengths: UnionPay 62 (16-19), Visa 4
 * (16-19), Mastercard 51-55 and 2221-2720 (16), JCB 3528-3589 (16-19),
 * American Express 34 and 37 (15). */
static gboolean
known_issuer (const char *d,
              gsize       n,
              gboolean   *unionpay)
{
  guint two = parse_uint (d, 2);
  guint four = parse_uint (d, 4);

  *unionpay = two == 62;
  if (n == 15)
    return two == 34 || two == 37;
  if (n < 16 || n > 19)
    return FALSE;
  if (two == 62 || d[0] == '4' || (four >= 3528 && four <= 3589))
    return TRUE;
  return n == 16 && ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720));
}

static gboolean
match_card (const Scan  *s,
            const Group *groups,
            guint        n_groups,
            Match       *m)
{
  static const guint8 amex_layout[] = { 4, 6, 5 };
  char digits[20];
  gsize n;
  guint k = 0;
  gboolean unionpay;

  if (groups[0].digits && groups[0].len >= 15 && groups[0].len <= 19)
    k = 1;
  else if (n_groups >= 3 && groups[0].digits && groups[0].len == 4)
    {
      guint fours = 1;

      /* Groups of four as printed on the card, the last one shorter
       * (17-19 digits); more groups of four make a longer number. */
      while (fours < n_groups && groups[fours].digits && groups[fours].len == 4 &&
             groups[fours].sep == groups[1].sep)
        fours++;
      if (fours == 4)
        {
          k = 4;
          if (n_groups > 4 && groups[4].digits && groups[4].sep == groups[1].sep)
            k = groups[4].len <= 3 ? 5 : 0;
        }
      else if (fits_layout (groups, n_groups, amex_layout, 3, FALSE))
        k = 3;

    }

  if (k == 0)
    return FALSE;

  n = gather (s, groups, k, digits, 19);
  if (n == 0 || !known_issuer (digits, n, &unionpay))
    return FALSE;

  m->flags = CD_DETECT_FLAG_NONE;
  if (!luhn_valid (digits, n))
    {
      /* Whether every UnionPay card passes Luhn is disputed (DOMAIN.md
       * §5.6): next to 卡号, 银行卡 or 账号 it is still likely a card. */
      if (!unionpay || (context_kinds (s, groups[0].start) & BIT (CD_DETECT_BANK_CARD)) == 0)
        return FALSE;
      m->flags = CD_DETECT_FLAG_LOW_CONFIDENCE;
    }

  m->kind = CD_DETECT_BANK_CARD;
  m->end = groups_end (groups, k);
  memcpy (m->canon, digits, n + 1);
  return TRUE;
}

/* -- cn_uscc ----------------------------------------------------------- */

/* GB 32100-2015: digits and capitals without I, O, Z, S and V. */
static gboolean
is_uscc_char (guchar c)
{
  return is_digit (c) ||
         (c >= 'A' && c <= 'Y' && c != 'I' && c != 'O' && c != 'S' && c != 'V');
}

/* GB 11714-1997: the organisation code in positions 9-17 has its own check
 * character; letters count A = 10 ... Z = 35. */
static gboolean
org_code_valid (const char *code)
{
  static const guint weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  guint sum = 0;
  guint check;

  for (guint i = 0; i < 8; i++)
    sum += (guint) (is_digit ((guchar) code[i]) ? code[i] - '0' : code[i] - 'A' + 10) * weights[i];
  check = 11 - sum % 11;
  return code[8] == (check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check));
}

static gboolean
match_uscc (const Scan  *s,
            const Group *groups,
            guint        n_groups,
            Match       *m)
{
  const guchar *p = s->data + groups[0].start;

  /* Upper case only: a mixed-case token of 18 characters is far more
   * often a hash or a key than a code someone typed in lower case. */
  if (groups[0].len != 18)
    return FALSE;
  if (!((p[0] >= '1' && p[0] <= '9') || p[0] == 'A' || p[0] == 'N' || p[0] == 'Y'))
    return FALSE;
  if (p[1] < '1' || p[1] > '9' || !all_digits (p + 2, 6))
    return FALSE;
  for (guint i = 8; i < 18; i++)
    if (!is_uscc_char (p[i]))
      return FALSE;

  memcpy (m->canon, p, 18);
  m->canon[18] = '\0';
  if (cd_ident_uscc_check_char (m->canon) != m->canon[17])
    return FALSE;

  /* Random 18-digit numbers pass the check one time in 31; the
   * embedded organisation code makes an all-digit code believable. */
  if (groups[0].digits && !org_code_valid (m->canon + 8))
    return FALSE;

  m->kind = CD_DETECT_USCC;
  m->end = groups_end (groups, 1);
  return TRUE;
}

/* -- cn_mobile ----------------------------------------------------------- */

/* The mobile prefixes of DOMAIN.md §5.4 (libphonenumber's CN metadata):
 * 13x; 145, 147; 15x but 154; 162, 165-167; 170-173, 1740[0-5],
 * 175-178; 18x; 19x but 194. */
static gboolean
mobile_prefix_allocated (const char *n)
{
  if (n[0] != '1')
    return FALSE;

  switch (n[1])
    {
    case '3':
    case '8':
      return TRUE;
    case '4':
      return n[2] == '5' || n[2] == '7';
    case '5':
    case '9':
      return n[2] != '4';
    case '6':
      return n[2] == '2' || (n[2] >= '5' && n[2] <= '7');
    case '7':
      if (n[2] == '4')
        return n[3] == '0' && n[4] <= '5';
      return n[2] <= '3' || (n[2] >= '5' && n[2] <= '8');
    default:
      return FALSE;
    }
}

static const guint8 mobile_layouts[][3] = { { 11 }, { 3, 4, 4 }, { 3, 8 } };
static const guint mobile_layout_groups[] = { 1, 3, 2 };

/* An 11-digit mobile number in one of its layouts at @groups. */
static gboolean
mobile_groups (const Scan  *s,
               const Group *groups,
               guint        n_groups,
               Match       *m)
{
  for (guint l = 0; l < G_N_ELEMENTS (mobile_layouts); l++)
    {
      guint k = mobile_layout_groups[l];

      if (!fits_layout (groups, n_groups, mobile_layouts[l], k, FALSE))
        continue;
      gather (s, groups, k, m->canon, 11);
      if (!mobile_prefix_allocated (m->canon))
        return FALSE;
      m->kind = CD_DETECT_MOBILE;
      m->end = groups_end (groups, k);
      return TRUE;
    }

  return FALSE;
}

static gboolean
has_prefix (const Scan  *s,
            const Group *group,
            const char  *prefix)
{
  gsize n = strlen (prefix);

  return group->digits && group->len >= n && memcmp (s->data + group->start, prefix, n) == 0;
}

/* With @after_plus, @groups follow a '+' and must start with 86. */
static gboolean
match_mobile (const Scan  *s,
              const Group *groups,
              guint        n_groups,
              gboolean     after_plus,
              Match       *m)
{
  const Group *g = &groups[0];

  if (!after_plus && mobile_groups (s, groups, n_groups, m))
    return TRUE;

  /* "+86 138…", "0086-138…", "86 138…" */
  if (n_groups >= 2 && ((g->len == 2 && has_prefix (s, g, "86")) ||
                        (!after_plus && g->len == 4 && has_prefix (s, g, "0086"))))
    return mobile_groups (s, groups + 1, n_groups - 1, m);

  /* "+8613812345678", "008613812345678" */
  if ((g->len == 13 && has_prefix (s, g, "86")) ||
      (!after_plus && g->len == 15 && has_prefix (s, g, "0086")))
    {
      memcpy (m->canon, s->data + g->start + g->len - 11, 11);
      m->canon[11] = '\0';
      if (!mobile_prefix_allocated (m->canon))
        return FALSE;
      m->kind = CD_DETECT_MOBILE;
      m->end = groups_end (groups, 1);
      return TRUE;
    }

  return FALSE;
}

/* -- cn_landline --------------------------------------------------------- */

/* Length of the area code with its trunk 0: 010 and 020-029 (no 026) have
 * two digits after the 0, everything from 03 to 09 three. */
static gsize
area_code_length (const char *national)
{
  if (national[0] != '0')
    return 0;
  if (national[1] == '1')
    return national[2] == '0' ? 3 : 0;
  if (national[1] == '2')
    return national[2] != '6' ? 3 : 0;
  return national[1] >= '3' && national[1] <= '9' ? 4 : 0;
}

/* @national: digits with the trunk 0; @lens: the lengths of the @k groups
 * as written (one group: no separators at all). Local numbers have 8
 * digits after a two-digit area code, 7 or 8 after a three-digit one, and
 * never start with 0 or 1 (those are trunk and service prefixes); the
 * strictness keeps random numbers that start with 0 out. */
static gboolean
landline_valid (const char  *national,
                gsize        n,
                const gsize *lens,
                guint        k)
{
  gsize area = n >= 3 ? area_code_length (national) : 0;
  gsize local = n - area;

  if (area == 0 || n <= area || (area == 3 ? local != 8 : local != 7 && local != 8))
    return FALSE;
  if (national[area] < '2')
    return FALSE;
  if (k == 1)
    return TRUE;
  if (lens[0] != area)
    return FALSE;
  if (k == 2)
    return TRUE;
  return k == 3 && lens[2] == 4 && (lens[1] == 4 || lens[1] == 3);
}

static void
landline_canon (Match      *m,
                const char *national,
                gsize       n)
{
  gsize area = area_code_length (national);

  memcpy (m->canon, national, area);
  m->canon[area] = '-';
  memcpy (m->canon + area + 1, national + area, n - area);
  m->canon[n + 1] = '\0';
  m->kind = CD_DETECT_LANDLINE;
}

/* Area code and local number at @groups, as "021-62345678", "0571-8888
 * 6666", "02162345678"; with @add_trunk, the area code is written without
 * its 0, as after +86. */
static gboolean
landline_groups (const Scan  *s,
                 const Group *groups,
                 guint        n_groups,
                 gboolean     add_trunk,
                 Match       *m)
{
  for (guint k = MIN (n_groups, 3); k > 0; k--)
    {
      char national[16];
      gsize lens[3];
      gsize n = 0;

      if (add_trunk)
        national[n++] = '0';
      for (guint j = 0; j < k; j++)
        {
          if (!groups[j].digits || n + groups[j].len > 12)
            {
              n = 0;
              break;
            }
          memcpy (national + n, s->data + groups[j].start, groups[j].len);
          n += groups[j].len;
          lens[j] = groups[j].len + (j == 0 && add_trunk ? 1 : 0);
        }
      if (n < 10)
        continue;
      national[n] = '\0';

      if (landline_valid (national, n, lens, k))
        {
          landline_canon (m, national, n);
          m->end = groups_end (groups, k);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
match_landline (const Scan  *s,
                const Group *groups,
                guint        n_groups,
                gboolean     after_plus,
                Match       *m)
{
  const Group *g = &groups[0];

  if (!after_plus && g->digits && s->data[g->start] == '0' &&
      landline_groups (s, groups, n_groups, FALSE, m))
    return TRUE;

  /* "+86 10 8765 4321", "0086-21-62345678" */
  if (n_groups >= 2 && ((after_plus && g->len == 2 && has_prefix (s, g, "86")) ||
                        (!after_plus && g->len == 4 && has_prefix (s, g, "0086"))))
    return landline_groups (s, groups + 1, n_groups - 1, TRUE, m);

  /* "+862162345678" */
  if (after_plus && (g->len == 12 || g->len == 13) && has_prefix (s, g, "86"))
    {
      Group national = *g;

      national.start += 2;
      national.len -= 2;
      return landline_groups (s, &national, 1, TRUE, m);
    }

  return FALSE;
}

/* "(021) 6234-5678", "（0571）88886666": @pos is at the parenthesis. */
static gboolean
match_paren_landline (const Scan *s,
                      gsize       pos,
                      Match      *m)
{
  const guchar *d = s->data;
  Group area;
  Group local;
  Group groups[MAX_GROUPS];
  gsize lens[3];
  char national[16];
  gsize i = pos;
  gsize n;
  guint k;

  m->start = pos;
  m->flags = CD_DETECT_FLAG_NONE;
  if (d[i] == '(')
    i++;
  else if (i + 2 < s->len && d[i] == 0xef && d[i + 1] == 0xbc && d[i + 2] == 0x88)
    i += 3;
  else
    return FALSE;

  if (i >= s->len || d[i] != '0')
    return FALSE;
  scan_run (s, i, &area);
  if (!area.digits || (area.len != 3 && area.len != 4))
    return FALSE;

  i += area.len;
  if (i < s->len && d[i] == ')')
    i++;
  else if (i + 2 < s->len && d[i] == 0xef && d[i + 1] == 0xbc && d[i + 2] == 0x89)
    i += 3;
  else
    return FALSE;
  if (i < s->len && (d[i] == ' ' || d[i] == '-'))
    i++;
  if (i >= s->len || !is_digit (d[i]))
    return FALSE;

  scan_run (s, i, &local);
  k = MIN (parse_groups (s, &local, groups), 2);
  memcpy (national, d + area.start, area.len);
  lens[0] = area.len;

  for (; k > 0; k--)
    {
      n = area.len;
      for (guint j = 0; j < k; j++)
        {
          if (!groups[j].digits || n + groups[j].len > 12)
            {
              n = 0;
              break;
            }
          memcpy (national + n, d + groups[j].start, groups[j].len);
          n += groups[j].len;
          lens[j + 1] = groups[j].len;
        }
      if (n == 0)
        continue;
      national[n] = '\0';
      if (landline_valid (national, n, lens, k + 1))
        {
          landline_canon (m, national, n);
          m->end = groups_end (groups, k);
          return TRUE;
        }
    }

  return FALSE;
}

/* -- passport, hk_macau_permit, tw_permit -------------------------------- */

/* The letters of serial numbers: A-Z but I and O. */
static gboolean
is_serial_letter (guchar c)
{
  return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O';
}

/* Shapes of DOMAIN.md §5.7, letters in either case:
 * passport: [EGDSP] + 8 digits, E + letter + 7 digits, [DSP]E + 7 digits;
 * hk_macau_permit: [CW] + 8 digits, C + letter + 7 digits (往来港澳通行证),
 *   [HM] + 8 or 10 digits (回乡证);
 * tw_permit: 8 digits (台胞证, not a date), 10 digits with an optional
 *   "(B)" (older booklets), L + 8 digits (往来台湾通行证).
 * None counts without a word that names the document nearby. */
static gboolean
match_travel (const Scan  *s,
              const Group *groups,
              Match       *m)
{
  const Group *g = &groups[0];
  const guchar *p = s->data + g->start;
  gsize end = g->start + g->len;
  int kind = -1;
  guchar c0 = g_ascii_toupper (p[0]);
  guchar c1 = g->len > 1 ? g_ascii_toupper (p[1]) : 0;

  if (g->digits && g->len == 8)
    {
      guint year = parse_uint ((const char *) p, 4);

      /* 20301231 next to 台胞证 is its expiry date. */
      if (!(year >= 1900 && year <= 2099 &&
            valid_date (year, parse_uint ((const char *) p + 4, 2),
                        parse_uint ((const char *) p + 6, 2))))
        kind = CD_DETECT_TW_PERMIT;
    }
  else if (g->digits && g->len == 10)
    {
      kind = CD_DETECT_TW_PERMIT;
      if (end + 2 < s->len && p[10] == '(' && g_ascii_isalpha (p[11]) && p[12] == ')')
        end += 3;
    }
  else if (g->len == 9 && all_digits (p + 1, 8))
    {
      if (strchr ("EGDSP", c0) != NULL)
        kind = CD_DETECT_PASSPORT;
      else if (strchr ("CWHM", c0) != NULL)
        kind = CD_DETECT_HK_MACAU_PERMIT;
      else if (c0 == 'L')
        kind = CD_DETECT_TW_PERMIT;
    }
  else if (g->len == 9 && all_digits (p + 2, 7) && is_serial_letter (c1))
    {
      if (c0 == 'E' || (c1 == 'E' && (c0 == 'D' || c0 == 'S' || c0 == 'P')))
        kind = CD_DETECT_PASSPORT;
      else if (c0 == 'C')
        kind = CD_DETECT_HK_MACAU_PERMIT;
    }
  else if (g->len == 11 && (c0 == 'H' || c0 == 'M') && all_digits (p + 1, 10))
    kind = CD_DETECT_HK_MACAU_PERMIT;

  if (kind < 0 || (context_kinds (s, g->start) & BIT (kind)) == 0)
    return FALSE;

  m->kind = (CdDetectKind) kind;
  m->end = end;
  for (gsize i = 0; i < end - g->start; i++)
    m->canon[i] = g_ascii_toupper ((char) p[i]);
  m->canon[end - g->start] = '\0';
  return TRUE;
}

/* -- email --------------------------------------------------------------- */

/* A conservative subset of RFC 5322 around the '@' at @at: a dot-atom
 * local part of letters, digits and . _ % + - (at most 64), and a domain of
 * at least two labels of letters, digits and inner dashes, ending in a
 * top-level domain of two or more letters. Chinese text around it is not
 * part of it ("邮箱zhang.san@example.com。"); nor is a final full stop. */
static gboolean
match_email (const Scan *s,
             gsize       at,
             Match      *m)
{
  const guchar *d = s->data;
  gsize start = at;
  gsize i = at + 1;
  guint labels = 0;
  gboolean tld_letters = FALSE;
  gsize tld_len = 0;

  while (start > 0 && at - start <= 64 && (char_class[d[start - 1]] & CL_LOCAL))
    start--;
  if (at - start > 64)
    return FALSE;
  while (start < at && d[start] == '.')
    start++;
  if (start == at || d[at - 1] == '.' || (start > 0 && d[start - 1] == '@'))
    return FALSE;
  for (gsize j = start; j + 1 < at; j++)
    if (d[j] == '.' && d[j + 1] == '.')
      return FALSE;

  for (;;)
    {
      gsize label = i;

      tld_letters = TRUE;
      while (i < s->len && (is_alnum (d[i]) || d[i] == '-'))
        {
          tld_letters = tld_letters && g_ascii_isalpha (d[i]);
          i++;
        }
      tld_len = i - label;
      if (tld_len == 0 || tld_len > 63 || d[label] == '-' || d[i - 1] == '-')
        return FALSE;
      labels++;
      if (i + 1 < s->len && d[i] == '.' && is_alnum (d[i + 1]))
        i++;
      else
        break;
    }

  if (labels < 2 || !tld_letters || tld_len < 2 || i - at - 1 > 253 ||
      (i < s->len && d[i] == '@'))
    return FALSE;

  m->kind = CD_DETECT_EMAIL;
  m->flags = CD_DETECT_FLAG_NONE;
  m->start = start;
  m->end = i;
  m->canon[0] = '\0';
  return TRUE;
}

/* -- the scan ------------------------------------------------------------ */

/* Everything that starts at the run of letters and digits @run, strongest
 * kind first. */
static gboolean
match_at_run (const Scan  *s,
              const Group *run,
              Match       *m)
{
  const guchar *d = s->data;
  Group groups[MAX_GROUPS];
  guint n_groups;
  gsize pos = run->start;

  if (pos >= 2 && is_alnum (d[pos - 2]) && (d[pos - 1] == '-' || (d[pos - 1] == '.' &&
                                                                  is_digit (d[pos - 2]) &&
                                                                  run->digits)))
    return FALSE;

  n_groups = parse_groups (s, run, groups);

  /* What one run can be: 8-11 travel documents, 11-13 and 15 phone
   * numbers, 15-19 resident IDs, cards and credit codes. */
  if (n_groups == 1 && (run->len < 8 || run->len == 14))
    return FALSE;

  m->start = pos;
  m->flags = CD_DETECT_FLAG_NONE;

  switch (match_resident (s, groups, n_groups, m))
    {
    case VERDICT_YES:
      break;
    case VERDICT_BLOCK:
      return FALSE;
    case VERDICT_NO:
    default:
      if (!match_card (s, groups, n_groups, m) &&
          !match_uscc (s, groups, n_groups, m) &&
          !match_mobile (s, groups, n_groups, FALSE, m) &&
          !match_landline (s, groups, n_groups, FALSE, m) &&
          !match_travel (s, groups, m))
        return FALSE;
    }

  /* Not the integer part of a decimal number. */
  if (m->end + 1 < s->len && d[m->end] == '.' && is_digit (d[m->end + 1]) &&
      is_digit (d[m->end - 1]))
    return FALSE;
  if (m->end < s->len && is_alnum (d[m->end]))
    return FALSE;

  /* Nor the tail of a longer grouped number ("1101 0519 4912 3100" is not
   * the landline 0519-49123100): a written-out layout is not preceded by a
   * group of three or more digits and the same separator. */
  if (m->end > pos + run->len && pos >= 4 && d[pos - 1] == d[pos + run->len])
    {
      gsize j = pos - 1;

      while (j > 0 && is_digit (d[j - 1]))
        j--;
      if (pos - 1 - j >= 3 && (j == 0 || !is_alnum (d[j - 1])))
        return FALSE;
    }

  return TRUE;
}

/* "+86 138 1234 5678", "+86 10 8765 4321": @pos is at the '+'. */
static gboolean
match_at_plus (const Scan *s,
               gsize       pos,
               Match      *m)
{
  Group run;
  Group groups[MAX_GROUPS];
  guint n_groups;

  if ((pos > 0 && is_alnum (s->data[pos - 1])) || pos + 1 >= s->len ||
      !is_digit (s->data[pos + 1]))
    return FALSE;

  scan_run (s, pos + 1, &run);
  n_groups = parse_groups (s, &run, groups);
  m->start = pos;
  m->flags = CD_DETECT_FLAG_NONE;
  return match_mobile (s, groups, n_groups, TRUE, m) ||
         match_landline (s, groups, n_groups, TRUE, m);
}

static void
append_span (GArray      *spans,
             const Match *m)
{
  CdDetectSpan span = { m->kind, m->start, m->end, m->flags };

  g_array_append_val (spans, span);
}

/**
 * cd_detect_kind_get_name:
 * @kind: a #CdDetectKind
 *
 * Returns: the stable ASCII name of @kind used in JSON output
 *   ("cn_resident_id", "cn_mobile", "cn_landline", "bank_card", "email",
 *   "cn_uscc", "passport", "hk_macau_permit", "tw_permit")
 */
const char *
cd_detect_kind_get_name (CdDetectKind kind)
{
  g_return_val_if_fail ((guint) kind < CD_N_DETECT_KINDS, NULL);

  return kind_names[kind];
}

/**
 * cd_detect_scan:
 * @data: (array length=len): bytes, usually UTF-8 text; any bytes are safe
 *   and nothing past @len is read
 * @len: length of @data
 * @kinds_mask: the kinds to report, as CD_DETECT_KIND_MASK() bits or
 *   %CD_DETECT_ALL_KINDS
 *
 * Finds the identifiers in @data. The spans do not depend on @kinds_mask
 * other than by being left out: a resident ID number is never reported as
 * a bank card because only cards were asked for.
 *
 * Returns: (transfer full) (element-type CdDetectSpan): the spans, sorted
 *   by start and not overlapping
 */
GArray *
cd_detect_scan (const char *data,
                gsize       len,
                guint       kinds_mask)
{
  const guchar *d = (const guchar *) data;
  GArray *spans;
  ContextCache cache = { 0, };
  Scan s;
  gsize i = 0;
  guint kept = 0;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  spans = g_array_new (FALSE, FALSE, sizeof (CdDetectSpan));
  if (len == 0 || (kinds_mask & CD_DETECT_ALL_KINDS) == 0)
    return spans;

  scan_init (&s, data, len, FALSE);
  s.cache = &cache;
  while (i < len)
    {
      Match m;
      guchar c;

      while (i < len && (char_class[d[i]] & CL_TRIGGER) == 0)
        i++;
      if (i == len)
        break;

      c = d[i];
      if (is_alnum (c))
        {
          Group run;

          scan_run (&s, i, &run);
          /* Every identifier has digits; words go by at this cost. */
          if (run.n_digits > 0 && run.len <= 19 && match_at_run (&s, &run, &m))
            {
              append_span (spans, &m);
              i = m.end;
            }
          else
            i += run.len;
        }
      else if (c == '@')
        {
          if (match_email (&s, i, &m))
            {
              /* The address claims what was found in its local part. */
              while (spans->len > 0 &&
                     g_array_index (spans, CdDetectSpan, spans->len - 1).end > m.start)
                g_array_set_size (spans, spans->len - 1);
              append_span (spans, &m);
              i = m.end;
            }
          else
            i++;
        }
      else if ((c == '+' && match_at_plus (&s, i, &m)) ||
               (c != '+' && (i == 0 || !is_alnum (d[i - 1])) && match_paren_landline (&s, i, &m)))
        {
          append_span (spans, &m);
          i = m.end;
        }
      else
        i++;
    }

  if ((kinds_mask & CD_DETECT_ALL_KINDS) == CD_DETECT_ALL_KINDS)
    return spans;

  for (guint j = 0; j < spans->len; j++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, j);

      if (kinds_mask & BIT (span->kind))
        g_array_index (spans, CdDetectSpan, kept++) = *span;
    }
  g_array_set_size (spans, kept);
  return spans;
}

/* Runs the detector of @kind on exactly @data, with context words assumed. */
static gboolean
match_exact (CdDetectKind  kind,
             const char   *data,
             gsize         len,
             Match        *m)
{
  const guchar *d = (const guchar *) data;
  Scan s;
  gboolean found = FALSE;

  scan_init (&s, data, len, TRUE);
  m->flags = CD_DETECT_FLAG_NONE;
  m->start = 0;

  if (kind == CD_DETECT_EMAIL)
    {
      const guchar *at = memchr (d, '@', len);

      found = at != NULL && match_email (&s, (gsize) (at - d), m);
    }
  else if (d[0] == '+')
    found = (kind == CD_DETECT_MOBILE || kind == CD_DETECT_LANDLINE) && match_at_plus (&s, 0, m);
  else if (kind == CD_DETECT_LANDLINE && !is_alnum (d[0]))
    found = match_paren_landline (&s, 0, m);
  else if (is_alnum (d[0]))
    {
      Group run;
      Group groups[MAX_GROUPS];
      guint n_groups;

      scan_run (&s, 0, &run);
      n_groups = parse_groups (&s, &run, groups);
      switch (kind)
        {
        case CD_DETECT_RESIDENT_ID:
          found = match_resident (&s, groups, n_groups, m) == VERDICT_YES;
          break;
        case CD_DETECT_MOBILE:
          found = match_mobile (&s, groups, n_groups, FALSE, m);
          break;
        case CD_DETECT_LANDLINE:
          found = match_landline (&s, groups, n_groups, FALSE, m);
          break;
        case CD_DETECT_BANK_CARD:
          found = match_card (&s, groups, n_groups, m);
          break;
        case CD_DETECT_USCC:
          found = match_uscc (&s, groups, n_groups, m);
          break;
        case CD_DETECT_PASSPORT:
        case CD_DETECT_HK_MACAU_PERMIT:
        case CD_DETECT_TW_PERMIT:
          found = match_travel (&s, groups, m);
          break;
        case CD_DETECT_EMAIL:
        case CD_N_DETECT_KINDS:
        default:
          break;
        }
    }

  return found && m->kind == kind && m->start == 0 && m->end == len;
}

/**
 * cd_detect_normalize:
 * @kind: what @data is
 * @data: (array length=len): one identifier, as a span from cd_detect_scan()
 * @len: length of @data
 *
 * The canonical form of an identifier: without separators or country
 * prefix, and in upper case where letters have a case. A resident ID in
 * the old 15-digit form becomes its 18-character form, as
 * cd_ident_check_resident_id() does; a landline becomes "021-62345678"
 * (area code, dash, local number); an e-mail address keeps its local part
 * and has its domain in lower case. Context words are not needed here.
 *
 * Returns: (transfer full) (nullable): the canonical form, or %NULL if
 *   @data is not exactly one identifier of @kind
 */
char *
cd_detect_normalize (CdDetectKind  kind,
                     const char   *data,
                     gsize         len)
{
  Match m;

  g_return_val_if_fail ((guint) kind < CD_N_DETECT_KINDS, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len == 0 || !match_exact (kind, data, len, &m))
    return NULL;

  if (kind == CD_DETECT_EMAIL)
    {
      const char *at = memchr (data, '@', len);
      g_autofree char *domain = g_ascii_strdown (at + 1, (gssize) (data + len - at - 1));

      return g_strdup_printf ("%.*s@%s", (int) (at - data), data, domain);
    }

  return g_strdup (m.canon);
}

/**
 * cd_detect_mask:
 * @kind: what @data is
 * @data: (array length=len): one identifier, as a span from cd_detect_scan()
 * @len: length of @data
 *
 * Masks an identifier for display with the cd_mask_*() rule of its kind,
 * applied to its canonical form, so the same number always looks the same
 * however it was written. Text that is not an identifier of @kind is
 * masked as free text; the result never shows it in full.
 *
 * Returns: (transfer full): the masked text
 */
char *
cd_detect_mask (CdDetectKind  kind,
                const char   *data,
                gsize         len)
{
  g_autofree char *canon = NULL;

  g_return_val_if_fail ((guint) kind < CD_N_DETECT_KINDS, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  canon = cd_detect_normalize (kind, data, len);
  if (canon == NULL)
    {
      g_autofree char *text = g_utf8_make_valid (len > 0 ? data : "", (gssize) len);

      return cd_mask_text (text);
    }

  switch (kind)
    {
    case CD_DETECT_RESIDENT_ID:
    case CD_DETECT_PASSPORT:
    case CD_DETECT_HK_MACAU_PERMIT:
    case CD_DETECT_TW_PERMIT:
      return cd_mask_id_number (canon);
    case CD_DETECT_MOBILE:
    case CD_DETECT_LANDLINE:
      return cd_mask_phone (canon);
    case CD_DETECT_BANK_CARD:
      return cd_mask_bank_card (canon);
    case CD_DETECT_EMAIL:
      return cd_mask_email (canon);
    case CD_DETECT_USCC:
      return cd_mask_uscc (canon);
    case CD_N_DETECT_KINDS:
    default:
      break;
    }

  return cd_mask_text (canon);
}
