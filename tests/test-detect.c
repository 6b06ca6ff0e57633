/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the identifier detectors: what is found in text as people write
 * it, what must not be (hard negatives), the precedence between kinds, and
 * that odd buffers (NULs, invalid UTF-8, cut identifiers, random bytes)
 * are safe. Every buffer is copied into an allocation of its exact length,
 * without a terminating NUL, so that valgrind sees any read past it. */

#include "config.h"

#include <string.h>

#include "cd-test-util.h"

typedef struct
{
  const char   *text;
  CdDetectKind  kind;
  const char   *found;        /* the bytes of the one span expected */
  const char   *normalized;
} Vector;

/* A copy of @text without its NUL, so nothing after @len is readable. */
static char *
exact_copy (const char *text,
            gsize       len)
{
  return g_memdup2 (text, len > 0 ? len : 1);
}

static GArray *
scan_len (const char *text,
          gsize       len,
          guint       mask)
{
  g_autofree char *copy = exact_copy (text, len);

  return cd_detect_scan (copy, len, mask);
}

static GArray *
scan (const char *text)
{
  return scan_len (text, strlen (text), CD_DETECT_ALL_KINDS);
}

static char *
mask_expected (CdDetectKind  kind,
               const char   *normalized)
{
  switch (kind)
    {
    case CD_DETECT_MOBILE:
    case CD_DETECT_LANDLINE:
      return cd_mask_phone (normalized);
    case CD_DETECT_BANK_CARD:
      return cd_mask_bank_card (normalized);
    case CD_DETECT_EMAIL:
      return cd_mask_email (normalized);
    case CD_DETECT_USCC:
      return cd_mask_uscc (normalized);
    case CD_DETECT_RESIDENT_ID:
    case CD_DETECT_PASSPORT:
    case CD_DETECT_HK_MACAU_PERMIT:
    case CD_DETECT_TW_PERMIT:
    case CD_N_DETECT_KINDS:
    default:
      return cd_mask_id_number (normalized);
    }
}

/* Exactly one span, of @kind, over @found; its normalised and masked forms. */
static void
assert_found (const char   *text,
              CdDetectKind  kind,
              const char   *found,
              const char   *normalized)
{
  g_autoptr(GArray) spans = scan (text);
  const CdDetectSpan *span;
  g_autofree char *span_text = NULL;
  g_autofree char *norm = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *expected_mask = NULL;

  if (spans->len != 1)
    g_error ("%s: %u spans, expected one %s", text, spans->len, cd_detect_kind_get_name (kind));
  span = &g_array_index (spans, CdDetectSpan, 0);
  span_text = g_strndup (text + span->start, span->end - span->start);
  if (span->kind != kind || g_strcmp0 (span_text, found) != 0)
    g_error ("%s: found %s \"%s\", expected %s \"%s\"", text, cd_detect_kind_get_name (span->kind),
             span_text, cd_detect_kind_get_name (kind), found);

  {
    g_autofree char *copy = exact_copy (span_text, strlen (span_text));

    norm = cd_detect_normalize (kind, copy, strlen (span_text));
    masked = cd_detect_mask (kind, copy, strlen (span_text));
  }
  g_assert_cmpstr (norm, ==, normalized);

  /* The mask is the cd_mask_*() rule on the canonical form, and hides it. */
  expected_mask = mask_expected (kind, normalized);
  g_assert_cmpstr (masked, ==, expected_mask);
  g_assert_nonnull (strchr (masked, '*'));
  g_assert_null (strstr (masked, normalized));
}

static void
check_vectors (const Vector *vectors,
               gsize         n)
{
  for (gsize i = 0; i < n; i++)
    assert_found (vectors[i].text, vectors[i].kind, vectors[i].found, vectors[i].normalized);
}

static void
assert_none (const char *text)
{
  g_autoptr(GArray) spans = scan (text);

  if (spans->len != 0)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, 0);

      g_error ("%s: found %s at %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT ", expected nothing", text,
               cd_detect_kind_get_name (span->kind), span->start, span->end);
    }
}

static void
check_none (const char * const *texts,
            gsize               n)
{
  for (gsize i = 0; i < n; i++)
    assert_none (texts[i]);
}

/* @body17 with its GB 11643 check character. */
static char *
make_id (const char *body17)
{
  char id[19];

  memcpy (id, body17, 17);
  id[17] = cd_ident_resident_id_check_char (body17);
  id[18] = '\0';
  return g_strdup (id);
}

static void
test_kind_names (void)
{
  static const char * const names[] = {
    "cn_resident_id", "cn_mobile", "cn_landline", "bank_card", "email", "cn_uscc", "passport",
    "hk_macau_permit", "tw_permit",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == CD_N_DETECT_KINDS);
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    g_assert_cmpstr (cd_detect_kind_get_name ((CdDetectKind) k), ==, names[k]);
}

static void
test_resident_id_valid (void)
{
  static const Vector vectors[] = {
    /* GB 11643-1999's own example, and synthetic numbers (DOMAIN.md §5.1) */
    { "11010519491231002X", CD_DETECT_RESIDENT_ID, "11010519491231002X", "11010519491231002X" },
    { "11010519491231002x", CD_DETECT_RESIDENT_ID, "11010519491231002x", "11010519491231002X" },
    { "110101200001019998", CD_DETECT_RESIDENT_ID, "110101200001019998", "110101200001019998" },
    { "310115201012318889", CD_DETECT_RESIDENT_ID, "310115201012318889", "310115201012318889" },
    { "leap day 510107198802291230", CD_DETECT_RESIDENT_ID, "510107198802291230",
      "510107198802291230" },
    /* residence permit of a Hong Kong resident; 2023 foreign permanent-residence card */
    { "810000199001010027", CD_DETECT_RESIDENT_ID, "810000199001010027", "810000199001010027" },
    { "911840199001010018", CD_DETECT_RESIDENT_ID, "911840199001010018", "911840199001010018" },
    /* glued to Chinese text on both sides */
    { "身份证号110101199003074514联系", CD_DETECT_RESIDENT_ID, "110101199003074514",
      "110101199003074514" },
    { "客户：张三（110101199003074514）。", CD_DETECT_RESIDENT_ID, "110101199003074514",
      "110101199003074514" },
    /* separators as people type them: 6-8-4 and 6-4-4-4 */
    { "ID: 110105 19491231 002X.", CD_DETECT_RESIDENT_ID, "110105 19491231 002X",
      "11010519491231002X" },
    { "110105-19491231-002X", CD_DETECT_RESIDENT_ID, "110105-19491231-002X",
      "11010519491231002X" },
    { "110105 1949 1231 002X", CD_DETECT_RESIDENT_ID, "110105 1949 1231 002X",
      "11010519491231002X" },
    /* the old 15-digit form, normalised to 18 characters */
    { "旧证110105491231002", CD_DETECT_RESIDENT_ID, "110105491231002", "11010519491231002X" },
    { "440524800101001", CD_DETECT_RESIDENT_ID, "440524800101001", "440524198001010013" },
    { "110105 491231 002", CD_DETECT_RESIDENT_ID, "110105 491231 002", "11010519491231002X" },
  };

  check_vectors (vectors, G_N_ELEMENTS (vectors));
}

static void
test_resident_id_invalid (void)
{
  static const char * const texts[] = {
    "110105194912310021",            /* wrong check character */
    "订单号110105194912310021",
    "110105194902300020",            /* 30 February */
    "110105490230002",               /* 30 February, old form */
    "110105491331002",               /* month 13, old form */
    "110105189901010017",            /* 1899: before 1900 */
    "440524188001010014",            /* GB 11643's 1880 example: below the 1900 floor */
    "1110101199003074514",           /* inside a longer run of digits */
    "1101011990030745140",
    "A110101199003074514",
    "110101199003074514B",
    "ID110101199003074514",
    "110105 19491231-002X",          /* mixed separators */
    "110105  19491231 002X",         /* two spaces */
    "1101 0519 4912 3100 2X",        /* not a layout of resident IDs */
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *body_today = g_date_time_format (now, "110101%Y%m%d001");
  g_autofree char *body_tomorrow = g_date_time_format (tomorrow, "110101%Y%m%d001");
  g_autofree char *born_today = make_id (body_today);
  g_autofree char *born_tomorrow = make_id (body_tomorrow);
  g_autofree char *no_region = make_id ("00010119900307451");
  g_autofree char *region_26 = make_id ("26010119900307451");
  g_autofree char *region_99 = make_id ("99010119900307451");

  check_none (texts, G_N_ELEMENTS (texts));

  /* Born today is possible, tomorrow is not. */
  assert_found (born_today, CD_DETECT_RESIDENT_ID, born_today, born_today);
  assert_none (born_tomorrow);

  /* Region codes that are not province-level. */
  assert_none (no_region);
  assert_none (region_26);
  assert_none (region_99);
}

static void
test_mobile (void)
{
  static const Vector vectors[] = {
    { "13812345678", CD_DETECT_MOBILE, "13812345678", "13812345678" },
    { "手机13812345678联系", CD_DETECT_MOBILE, "13812345678", "13812345678" },
    { "手机：138 1234 5678。", CD_DETECT_MOBILE, "138 1234 5678", "13812345678" },
    { "138-1234-5678", CD_DETECT_MOBILE, "138-1234-5678", "13812345678" },
    { "138 12345678", CD_DETECT_MOBILE, "138 12345678", "13812345678" },
    { "tel +86 139-0000-0000", CD_DETECT_MOBILE, "+86 139-0000-0000", "13900000000" },
    { "0086 199 1234 5678", CD_DETECT_MOBILE, "0086 199 1234 5678", "19912345678" },
    { "电话+8613812345678", CD_DETECT_MOBILE, "+8613812345678", "13812345678" },
    { "8613812345678", CD_DETECT_MOBILE, "8613812345678", "13812345678" },
    { "008613812345678", CD_DETECT_MOBILE, "008613812345678", "13812345678" },
    { "86-13812345678", CD_DETECT_MOBILE, "86-13812345678", "13812345678" },
    { "19212345678", CD_DETECT_MOBILE, "19212345678", "19212345678" },
    { "17400123456", CD_DETECT_MOBILE, "17400123456", "17400123456" },
    { "16212345678", CD_DETECT_MOBILE, "16212345678", "16212345678" },
    { "14512345678", CD_DETECT_MOBILE, "14512345678", "14512345678" },
    { "file_13812345678.txt", CD_DETECT_MOBILE, "13812345678", "13812345678" },
    { "1 138 1234 5678", CD_DETECT_MOBILE, "138 1234 5678", "13812345678" },
  };
  static const char * const texts[] = {
    "14012345678", "14112345678", "14212345678", "14912345678", "15412345678",
    "16012345678", "16812345678", "17406123456", "17912345678", "19412345678",
    "12345678901", "10012345678", "1381234567", "138123456789", "138 1234 567",
    "x13812345678", "13812345678y", "+8614012345678", "+1 13812345678x",
    "1.13812345678", "13812345678.00元", "ORD-13812345678", "138 1234-5678",
    "2024 138 1234 5678",
  };

  check_vectors (vectors, G_N_ELEMENTS (vectors));
  check_none (texts, G_N_ELEMENTS (texts));
}

static void
test_landline (void)
{
  static const Vector vectors[] = {
    { "(021) 6234-5678", CD_DETECT_LANDLINE, "(021) 6234-5678", "021-62345678" },
    { "电话（021）62345678", CD_DETECT_LANDLINE, "（021）62345678", "021-62345678" },
    { "021-62345678", CD_DETECT_LANDLINE, "021-62345678", "021-62345678" },
    { "0571-8888 6666", CD_DETECT_LANDLINE, "0571-8888 6666", "0571-88886666" },
    { "0571 888 6666", CD_DETECT_LANDLINE, "0571 888 6666", "0571-8886666" },
    { "0755-23456789", CD_DETECT_LANDLINE, "0755-23456789", "0755-23456789" },
    { "0391-2345678", CD_DETECT_LANDLINE, "0391-2345678", "0391-2345678" },
    { "电话02162345678转", CD_DETECT_LANDLINE, "02162345678", "021-62345678" },
    { "075523456789", CD_DETECT_LANDLINE, "075523456789", "0755-23456789" },
    { "+86 10 8765 4321", CD_DETECT_LANDLINE, "+86 10 8765 4321", "010-87654321" },
    { "+86-755-23456789", CD_DETECT_LANDLINE, "+86-755-23456789", "0755-23456789" },
    { "+862162345678", CD_DETECT_LANDLINE, "+862162345678", "021-62345678" },
    { "0086 21 6234 5678", CD_DETECT_LANDLINE, "0086 21 6234 5678", "021-62345678" },
    { "021-62345678-801", CD_DETECT_LANDLINE, "021-62345678", "021-62345678" },
  };
  static const char * const texts[] = {
    "026-12345678",      /* no area code 026 */
    "010-1234567",       /* 7-digit local number after a two-digit code */
    "021-02345678",      /* local numbers start with 2-9 */
    "010-12345678",
    "0123-4567890",
    "00012345678",
    "021-623456789",
    "0755-123456",
    "(021)-",
    "(0755",
    "x(021) 6234-5678",
    "1234-5678",
    "021 6234-56789",
  };

  check_vectors (vectors, G_N_ELEMENTS (vectors));
  check_none (texts, G_N_ELEMENTS (texts));
}

static void
test_bank_card (void)
{
  static const Vector vectors[] = {
    { "6200000000000005", CD_DETECT_BANK_CARD, "6200000000000005", "6200000000000005" },
    { "62220202001122338", CD_DETECT_BANK_CARD, "62220202001122338", "62220202001122338" },
    { "银行卡号：6212345678901234569。", CD_DETECT_BANK_CARD, "6212345678901234569",
      "6212345678901234569" },
    { "6222 0202 0011 2233 8", CD_DETECT_BANK_CARD, "6222 0202 0011 2233 8",
      "62220202001122338" },
    { "4111 1111 1111 1111", CD_DETECT_BANK_CARD, "4111 1111 1111 1111", "4111111111111111" },
    { "4111-1111-1111-1111", CD_DETECT_BANK_CARD, "4111-1111-1111-1111", "4111111111111111" },
    { "5555555555554444", CD_DETECT_BANK_CARD, "5555555555554444", "5555555555554444" },
    { "2221000000000009", CD_DETECT_BANK_CARD, "2221000000000009", "2221000000000009" },
    { "378282246310005", CD_DETECT_BANK_CARD, "378282246310005", "378282246310005" },
    { "3782 822463 10005", CD_DETECT_BANK_CARD, "3782 822463 10005", "378282246310005" },
    { "3530111333300000", CD_DETECT_BANK_CARD, "3530111333300000", "3530111333300000" },
  };
  static const char * const texts[] = {
    "6200000000000006",            /* Luhn fails, no keyword */
    "6212345678901234560",
    "4111111111111112",
    "卡号：4111111111111112",       /* only UnionPay gets the keyword rule */
    "6011000990139424",            /* Discover: not a known issuer here */
    "1234567812345678",
    "5555555555554444555",         /* Mastercard has 16 digits */
    "4111 1111 1111 1111 1111",    /* 20 digits in groups */
    "41111111111111111111",
    "4111 1111 1111 111",
    "4111 1111-1111 1111",
    "1234 4111 1111 1111 1111",
    "62000000000000",
  };

  check_vectors (vectors, G_N_ELEMENTS (vectors));
  check_none (texts, G_N_ELEMENTS (texts));
}

static void
test_bank_card_low_confidence (void)
{
  const char *text = "卡号：6200000000000006";
  g_autoptr(GArray) spans = scan (text);
  g_autoptr(GArray) valid = scan ("卡号：6200000000000005");
  g_autoptr(GString) far = g_string_new ("账号");
  g_autoptr(GArray) far_spans = NULL;
  const CdDetectSpan *span;

  /* A UnionPay number failing Luhn next to 卡号 is still a card. */
  g_assert_cmpuint (spans->len, ==, 1);
  span = &g_array_index (spans, CdDetectSpan, 0);
  g_assert_cmpint (span->kind, ==, CD_DETECT_BANK_CARD);
  g_assert_cmpint (span->flags, ==, CD_DETECT_FLAG_LOW_CONFIDENCE);
  g_assert_cmpstr (text + span->start, ==, "6200000000000006");

  g_assert_cmpuint (valid->len, ==, 1);
  g_assert_cmpint (g_array_index (valid, CdDetectSpan, 0).flags, ==, CD_DETECT_FLAG_NONE);

  /* ...but not when the word is more than 20 characters before it. */
  for (guint i = 0; i < 21; i++)
    g_string_append (far, "的");
  g_string_append (far, "6200000000000006");
  far_spans = scan (far->str);
  g_assert_cmpuint (far_spans->len, ==, 0);
}

static void
test_email (void)
{
  static const Vector vectors[] = {
    { "zhang.san@example.com", CD_DETECT_EMAIL, "zhang.san@example.com", "zhang.san@example.com" },
    { "邮箱zhang.san@example.com。", CD_DETECT_EMAIL, "zhang.san@example.com",
      "zhang.san@example.com" },
    { "Li_Si+tag@Mail.Example.COM.cn", CD_DETECT_EMAIL, "Li_Si+tag@Mail.Example.COM.cn",
      "Li_Si+tag@mail.example.com.cn" },
    { "<wang@example.org>", CD_DETECT_EMAIL, "wang@example.org", "wang@example.org" },
    { "联系我：a-b@sub-domain.example.co。", CD_DETECT_EMAIL, "a-b@sub-domain.example.co",
      "a-b@sub-domain.example.co" },
    { "write to zhang@example.com.", CD_DETECT_EMAIL, "zhang@example.com", "zhang@example.com" },
    { "见...zhang@example.com", CD_DETECT_EMAIL, "zhang@example.com", "zhang@example.com" },
    { "mailto:li%si@xn--fiqs8s.cn", CD_DETECT_EMAIL, "li%si@xn--fiqs8s.cn", "li%si@xn--fiqs8s.cn" },
    /* the address claims the mobile number in its local part */
    { "QQ邮箱13812345678@163.com", CD_DETECT_EMAIL, "13812345678@163.com",
      "13812345678@163.com" },
  };
  static const char * const texts[] = {
    "a@b", "a@b.c", "a..b@example.com", "a.@example.com", "a@example.123", "@example.com",
    "a@-example.com", "a@example-.com", "a@b@example.com", "邮箱：zhang@localhost",
    "zhang@.example.com", "zhang@example..com", "@", "a@", "zhang@例子.中国",
  };

  check_vectors (vectors, G_N_ELEMENTS (vectors));
  check_none (texts, G_N_ELEMENTS (texts));
}

static void
test_uscc (void)
{
  static const Vector vectors[] = {
    { "91350100M000100Y43", CD_DETECT_USCC, "91350100M000100Y43", "91350100M000100Y43" },
    { "91110108MA01AB23X2", CD_DETECT_USCC, "91110108MA01AB23X2", "91110108MA01AB23X2" },
    { "91440300MA5GXY7K1H", CD_DETECT_USCC, "91440300MA5GXY7K1H", "91440300MA5GXY7K1H" },
    { "N2330102MF0000013D", CD_DETECT_USCC, "N2330102MF0000013D", "N2330102MF0000013D" },
    { "91110000600037341L", CD_DETECT_USCC, "91110000600037341L", "91110000600037341L" },
    { "统一社会信用代码91350100M000100Y43。", CD_DETECT_USCC, "91350100M000100Y43",
      "91350100M000100Y43" },
    /* all digits, with a valid embedded organisation code */
    { "911101081000000166", CD_DETECT_USCC, "911101081000000166", "911101081000000166" },
  };
  static const char * const texts[] = {
    "91350100M000100Y44",     /* wrong check character */
    "91350100m000100y43",     /* lower case */
    "91350100M000I00Y43",     /* I is not in the alphabet */
    "X91350100M000100Y43",
    "91350100M000100Y43A",
    "911101081000000179",     /* all digits, organisation code wrong */
    "01350100M000100Y43",
  };

  check_vectors (vectors, G_N_ELEMENTS (vectors));
  check_none (texts, G_N_ELEMENTS (texts));
}

static void
test_travel_documents (void)
{
  static const Vector vectors[] = {
    { "护照号码：E12345678", CD_DETECT_PASSPORT, "E12345678", "E12345678" },
    { "Passport No. G12345678", CD_DETECT_PASSPORT, "G12345678", "G12345678" },
    { "PASSPORT: e12345678", CD_DETECT_PASSPORT, "e12345678", "E12345678" },
    { "护照EA1234567", CD_DETECT_PASSPORT, "EA1234567", "EA1234567" },
    { "外交护照 DE1234567", CD_DETECT_PASSPORT, "DE1234567", "DE1234567" },
    { "往来港澳通行证 C12345678", CD_DETECT_HK_MACAU_PERMIT, "C12345678", "C12345678" },
    { "港澳通行证号CA0000001", CD_DETECT_HK_MACAU_PERMIT, "CA0000001", "CA0000001" },
    { "通行证 W12345678", CD_DETECT_HK_MACAU_PERMIT, "W12345678", "W12345678" },
    { "回乡证：H1234567801", CD_DETECT_HK_MACAU_PERMIT, "H1234567801", "H1234567801" },
    { "回乡证 M12345678", CD_DETECT_HK_MACAU_PERMIT, "M12345678", "M12345678" },
    { "台胞证 12345678", CD_DETECT_TW_PERMIT, "12345678", "12345678" },
    { "台胞证号码1234567801(b)", CD_DETECT_TW_PERMIT, "1234567801(b)", "1234567801(B)" },
    { "台湾居民来往大陆通行证：87654321", CD_DETECT_TW_PERMIT, "87654321", "87654321" },
    { "往来台湾通行证 L12345678", CD_DETECT_TW_PERMIT, "L12345678", "L12345678" },
    { "证件号码：G12345678", CD_DETECT_PASSPORT, "G12345678", "G12345678" },
  };
  static const char * const texts[] = {
    "E12345678",                      /* no context word */
    "G12345678 passport",             /* the word must come before */
    "护照 EI1234567",
    "护照 E1234567",
    "护照 C12345678",                  /* the shape of a permit, not a passport */
    "港澳通行证 CO1234567",
    "港澳通行证 K12345678",
    "台胞证 1234567",
    "台胞证 123456789",
    "12345678",
    "台胞证有效期至20301231",           /* a date, not a number */
    "护照 XE12345678",
    "护照一二三四五六七八九十一二三四五六七八九十一 E12345678",   /* too far */
  };

  check_vectors (vectors, G_N_ELEMENTS (vectors));
  check_none (texts, G_N_ELEMENTS (texts));
}

static void
test_precedence (void)
{
  /* An 18-digit resident ID of Gansu (62) that also passes Luhn, and one
   * of Guangdong (44) that would be a 4… card: IDs, not cards. */
  static const Vector vectors[] = {
    { "620102199003071109", CD_DETECT_RESIDENT_ID, "620102199003071109", "620102199003071109" },
    { "440305199003071156", CD_DETECT_RESIDENT_ID, "440305199003071156", "440305199003071156" },
  };
  g_autoptr(GArray) cards = scan_len ("620102199003071109", 18,
                                      CD_DETECT_KIND_MASK (CD_DETECT_BANK_CARD));
  g_autoptr(GArray) mobiles = scan_len ("13812345678@163.com", 19,
                                        CD_DETECT_KIND_MASK (CD_DETECT_MOBILE));

  check_vectors (vectors, G_N_ELEMENTS (vectors));

  /* A resident ID's region and date with a wrong check character: a
   * mistyped ID, not a UnionPay card, though it passes Luhn. */
  assert_none ("620102199003071000");

  /* Leaving a kind out of the mask does not let a weaker one take it. */
  g_assert_cmpuint (cards->len, ==, 0);
  g_assert_cmpuint (mobiles->len, ==, 0);
}

static void
test_kinds_mask (void)
{
  const char *text = "身份证110101199003074514 手机13812345678 邮箱a@example.com 电话021-62345678";
  g_autoptr(GArray) all = scan (text);
  g_autoptr(GArray) mobile = scan_len (text, strlen (text), CD_DETECT_KIND_MASK (CD_DETECT_MOBILE));
  g_autoptr(GArray) two = scan_len (text, strlen (text),
                                    CD_DETECT_KIND_MASK (CD_DETECT_EMAIL) |
                                    CD_DETECT_KIND_MASK (CD_DETECT_LANDLINE));
  g_autoptr(GArray) none = scan_len (text, strlen (text), 0);

  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpint (g_array_index (all, CdDetectSpan, 0).kind, ==, CD_DETECT_RESIDENT_ID);
  g_assert_cmpint (g_array_index (all, CdDetectSpan, 1).kind, ==, CD_DETECT_MOBILE);
  g_assert_cmpint (g_array_index (all, CdDetectSpan, 2).kind, ==, CD_DETECT_EMAIL);
  g_assert_cmpint (g_array_index (all, CdDetectSpan, 3).kind, ==, CD_DETECT_LANDLINE);

  g_assert_cmpuint (mobile->len, ==, 1);
  g_assert_cmpint (g_array_index (mobile, CdDetectSpan, 0).kind, ==, CD_DETECT_MOBILE);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpint (g_array_index (two, CdDetectSpan, 0).kind, ==, CD_DETECT_EMAIL);
  g_assert_cmpint (g_array_index (two, CdDetectSpan, 1).kind, ==, CD_DETECT_LANDLINE);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_hard_negatives (void)
{
  static const char * const texts[] = {
    "订单 20240101120000 流水 1700000000000",
    "1700000000", "1700000000000000", "20240101", "2024-01-01 12:00:00",
    "550e8400-e29b-41d4-a716-446655440000",
    "123e4567-e89b-12d3-a456-075523456789",   /* a landline shape, inside a UUID */
    "123e4567-e89b-12d3-a456-426614174000",
    "d41d8cd98f00b204e9800998ecf8427e",
    "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "192.168.100.200", "v1.2.3", "3.14159265358979323846",
    "订单号：202401011234567890",
    "ORD-2024-110101199003074514",
    "金额 62,000,000,000,000.05",
    "order 6212345678901234560 refunded",
  };

  check_none (texts, G_N_ELEMENTS (texts));
}

static void
test_full_width (void)
{
  /* Full-width digits are not matched (NFKC happens in the extractors, if
   * anywhere), and count as text around an ASCII identifier. */
  assert_none ("１３８１２３４５６７８");
  assert_none ("身份证号１１０１０１１９９００３０７４５１４");
  assert_none ("１３８12345678");
  assert_found ("手机：13812345678，", CD_DETECT_MOBILE, "13812345678", "13812345678");
}

static void
test_truncated (void)
{
  static const char * const texts[] = {
    "身份证11010519491231002X",
    "手机13812345678",
    "卡号6200000000000005",
    "电话021-62345678",
    "统一社会信用代码91350100M000100Y43",
    "护照E12345678",
    "+86 139-0000-0000",
  };

  /* Cut one byte short of the identifier's end: nothing, and nothing past
   * the cut is read. */
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GArray) whole = scan (texts[i]);
      g_autoptr(GArray) cut = scan_len (texts[i], strlen (texts[i]) - 1, CD_DETECT_ALL_KINDS);

      g_assert_cmpuint (whole->len, ==, 1);
      g_assert_cmpuint (cut->len, ==, 0);
    }

  /* Any prefix of a text is safe. */
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    for (gsize len = 0; len <= strlen (texts[i]); len++)
      {
        g_autoptr(GArray) spans = scan_len (texts[i], len, CD_DETECT_ALL_KINDS);

        g_assert_cmpuint (spans->len, <=, 1);
      }
}

static void
test_binary (void)
{
  static const char data[] = "\0\xff" "13812345678\0\xfe\xfd" "110101199003074514\0\xc3";
  static const char split[] = "138123\0" "45678 1101011990\0" "03074514";
  g_autoptr(GArray) spans = scan_len (data, sizeof data - 1, CD_DETECT_ALL_KINDS);
  g_autoptr(GArray) none = scan_len (split, sizeof split - 1, CD_DETECT_ALL_KINDS);
  g_autofree char *masked = cd_detect_mask (CD_DETECT_MOBILE, "\xff\0" "1", 3);

  g_assert_cmpuint (spans->len, ==, 2);
  g_assert_cmpint (g_array_index (spans, CdDetectSpan, 0).kind, ==, CD_DETECT_MOBILE);
  g_assert_cmpuint (g_array_index (spans, CdDetectSpan, 0).start, ==, 2);
  g_assert_cmpint (g_array_index (spans, CdDetectSpan, 1).kind, ==, CD_DETECT_RESIDENT_ID);
  g_assert_cmpuint (g_array_index (spans, CdDetectSpan, 1).end, ==, 34);
  g_assert_cmpuint (none->len, ==, 0);

  /* Not an identifier: masked as text, valid UTF-8, never NULL. */
  g_assert_nonnull (masked);
  g_assert_true (g_utf8_validate (masked, -1, NULL));
  g_assert_null (cd_detect_normalize (CD_DETECT_MOBILE, "\xff\0" "1", 3));
  g_assert_null (cd_detect_normalize (CD_DETECT_MOBILE, "", 0));
}

/* Spans are sorted, disjoint, inside the buffer, at boundaries, and each
 * one normalises as its kind. */
static void
check_spans (const char *data,
             gsize       len,
             GArray     *spans)
{
  gsize last_end = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
      g_autofree char *norm = NULL;

      g_assert_cmpuint (span->start, >=, last_end);
      g_assert_cmpuint (span->start, <, span->end);
      g_assert_cmpuint (span->end, <=, len);
      g_assert_false (span->start > 0 && g_ascii_isalnum (data[span->start - 1]));
      g_assert_false (span->end < len && g_ascii_isalnum (data[span->end]));
      norm = cd_detect_normalize (span->kind, data + span->start, span->end - span->start);
      g_assert_nonnull (norm);
      last_end = span->end;
    }
}

static void
test_random (void)
{
  static const char * const pieces[] = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", " ", "-", "X", "的", "号", "@", ".",
    "a", "+", "(", ")", "卡号", "护照", "E", "C", "\n", "\0",
  };
  const gsize size = 1 << 20;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autofree char *bytes = g_malloc (size);
  g_autoptr(GString) text = g_string_sized_new (size + 8);
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) text_spans = NULL;

  /* 1 MB of random bytes: no crash, next to nothing found. */
  for (gsize i = 0; i < size; i++)
    bytes[i] = (char) g_rand_int_range (rand, 0, 256);
  spans = cd_detect_scan (bytes, size, CD_DETECT_ALL_KINDS);
  check_spans (bytes, size, spans);
  g_assert_cmpuint (spans->len, <, 20);

  /* 1 MB of digits, separators and keywords: every span found is valid. */
  while (text->len < size)
    {
      const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

      g_string_append_len (text, piece, *piece != '\0' ? (gssize) strlen (piece) : 1);
    }
  {
    g_autofree char *copy = exact_copy (text->str, text->len);

    text_spans = cd_detect_scan (copy, text->len, CD_DETECT_ALL_KINDS);
    check_spans (copy, text->len, text_spans);
  }
  g_assert_cmpuint (text_spans->len, >, 0);
  g_assert_cmpuint (text_spans->len, <, text->len / 100);
  g_test_message ("random bytes: %u spans; random digits and words: %u spans",
                  spans->len, text_spans->len);
}

static void
test_synthetic_customers (void)
{
  for (guint n = 0; n < 2000; n++)
    {
      g_autofree char *id = cd_test_resident_id (n * 7919);
      g_autofree char *mobile = cd_test_mobile (n * 104729);
      g_autofree char *text = g_strdup_printf ("客户%u，身份证%s，手机%s。", n, id, mobile);
      g_autoptr(GArray) spans = scan (text);
      g_autofree char *norm_id = NULL;

      g_assert_cmpuint (spans->len, ==, 2);
      g_assert_cmpint (g_array_index (spans, CdDetectSpan, 0).kind, ==, CD_DETECT_RESIDENT_ID);
      g_assert_cmpint (g_array_index (spans, CdDetectSpan, 1).kind, ==, CD_DETECT_MOBILE);

      /* What the detector accepts, cd_ident accepts too. */
      g_assert_true (cd_ident_check_resident_id (id, &norm_id, NULL));
      g_assert_cmpstr (norm_id, ==, id);
    }
}

static void
test_normalize_mask (void)
{
  /* The same number written differently masks the same. */
  static const struct
  {
    CdDetectKind  kind;
    const char   *a;
    const char   *b;
  } same[] = {
    { CD_DETECT_MOBILE, "+86 138-1234-5678", "13812345678" },
    { CD_DETECT_LANDLINE, "(021) 6234-5678", "+86 21 62345678" },
    { CD_DETECT_BANK_CARD, "6222 0202 0011 2233 8", "62220202001122338" },
    { CD_DETECT_RESIDENT_ID, "110105491231002", "11010519491231002x" },
    { CD_DETECT_EMAIL, "Zhang@Example.COM", "Zhang@example.com" },
  };
  g_autofree char *masked_id = cd_detect_mask (CD_DETECT_RESIDENT_ID, "11010519491231002X", 18);
  g_autofree char *masked_card = cd_detect_mask (CD_DETECT_BANK_CARD, "6222 0202 0011 2233 8", 21);
  g_autofree char *masked_mobile = cd_detect_mask (CD_DETECT_MOBILE, "+86 138-1234-5678", 17);
  g_autofree char *masked_landline = cd_detect_mask (CD_DETECT_LANDLINE, "(021) 6234-5678", 15);
  g_autofree char *masked_email = cd_detect_mask (CD_DETECT_EMAIL, "zhang.san@example.com", 21);
  g_autofree char *masked_uscc = cd_detect_mask (CD_DETECT_USCC, "91350100M000100Y43", 18);
  g_autofree char *masked_passport = cd_detect_mask (CD_DETECT_PASSPORT, "E12345678", 9);
  g_autofree char *wrong_kind = cd_detect_mask (CD_DETECT_MOBILE, "11010519491231002X", 18);

  for (gsize i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *a = cd_detect_mask (same[i].kind, same[i].a, strlen (same[i].a));
      g_autofree char *b = cd_detect_mask (same[i].kind, same[i].b, strlen (same[i].b));
      g_autofree char *na = cd_detect_normalize (same[i].kind, same[i].a, strlen (same[i].a));
      g_autofree char *nb = cd_detect_normalize (same[i].kind, same[i].b, strlen (same[i].b));

      g_assert_nonnull (na);
      g_assert_cmpstr (na, ==, nb);
      g_assert_cmpstr (a, ==, b);
    }

  g_assert_cmpstr (masked_id, ==, "110***********002X");
  g_assert_cmpstr (masked_card, ==, "6222 **** **** * 2338");
  g_assert_cmpstr (masked_mobile, ==, "138****5678");
  g_assert_cmpstr (masked_landline, ==, "021-****5678");
  g_assert_cmpstr (masked_email, ==, "z***@example.com");
  g_assert_cmpstr (masked_uscc, ==, "91350100********43");
  g_assert_cmpstr (masked_passport, ==, "E******78");

  /* Text that is not of the kind asked for is masked as text. */
  g_assert_cmpstr (wrong_kind, ==, "1***X");

  /* Normalising needs exactly one identifier of the kind. */
  g_assert_null (cd_detect_normalize (CD_DETECT_MOBILE, "13812345678 ", 12));
  g_assert_null (cd_detect_normalize (CD_DETECT_MOBILE, " 13812345678", 12));
  g_assert_null (cd_detect_normalize (CD_DETECT_BANK_CARD, "110101199003074514", 18));
  g_assert_null (cd_detect_normalize (CD_DETECT_RESIDENT_ID, "110105194912310021", 18));
  g_assert_null (cd_detect_normalize (CD_DETECT_EMAIL, "zhang@example.com。", 20));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/detect/kind-names", test_kind_names);
  g_test_add_func ("/detect/resident-id/valid", test_resident_id_valid);
  g_test_add_func ("/detect/resident-id/invalid", test_resident_id_invalid);
  g_test_add_func ("/detect/mobile", test_mobile);
  g_test_add_func ("/detect/landline", test_landline);
  g_test_add_func ("/detect/bank-card", test_bank_card);
  g_test_add_func ("/detect/bank-card/low-confidence", test_bank_card_low_confidence);
  g_test_add_func ("/detect/email", test_email);
  g_test_add_func ("/detect/uscc", test_uscc);
  g_test_add_func ("/detect/travel-documents", test_travel_documents);
  g_test_add_func ("/detect/precedence", test_precedence);
  g_test_add_func ("/detect/kinds-mask", test_kinds_mask);
  g_test_add_func ("/detect/hard-negatives", test_hard_negatives);
  g_test_add_func ("/detect/full-width", test_full_width);
  g_test_add_func ("/detect/truncated", test_truncated);
  g_test_add_func ("/detect/binary", test_binary);
  g_test_add_func ("/detect/random", test_random);
  g_test_add_func ("/detect/synthetic-customers", test_synthetic_customers);
  g_test_add_func ("/detect/normalize-mask", test_normalize_mask);

  return g_test_run ();
}
