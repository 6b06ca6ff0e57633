/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of identifier validation with the worked examples of GB 11643 and
 * GB 32100 (DOMAIN.md §5) and synthetic numbers computed here. */

#include "config.h"

#include <string.h>

#include "cd-ident.h"

static void
assert_resident_id (const char *input,
                    const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  gboolean ok = cd_ident_check_resident_id (input, &normalized, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
assert_resident_id_fails (const char   *input,
                          CdIdentError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *prefix = g_strndup (input, 6);

  g_assert_false (cd_ident_check_resident_id (input, &normalized, &error));
  g_assert_error (error, CD_IDENT_ERROR, (int) code);
  g_assert_null (normalized);
  /* Messages are shown and logged: they must not carry the number. */
  if (strlen (input) >= 6)
    {
      g_assert_null (strstr (error->message, input));
      g_assert_null (strstr (error->message, prefix));
    }
}

/* A synthetic number with a correct check character. */
static char *
with_check (const char *body17)
{
  char check = cd_ident_resident_id_check_char (body17);

  g_assert_cmpint (check, !=, '\0');
  return g_strdup_printf ("%s%c", body17, check);
}

static void
test_resident_check_char (void)
{
  g_assert_cmpint (cd_ident_resident_id_check_char ("11010519491231002"), ==, 'X');
  g_assert_cmpint (cd_ident_resident_id_check_char ("44052418800101001"), ==, '4');
  g_assert_cmpint (cd_ident_resident_id_check_char ("11010120000101999"), ==, '8');
  g_assert_cmpint (cd_ident_resident_id_check_char ("31011520101231888"), ==, '9');
  g_assert_cmpint (cd_ident_resident_id_check_char ("51010719880229123"), ==, '0');
  g_assert_cmpint (cd_ident_resident_id_check_char ("1101051949123100A"), ==, '\0');
  g_assert_cmpint (cd_ident_resident_id_check_char ("110105"), ==, '\0');
}

static void
test_resident_valid (void)
{
  assert_resident_id ("11010519491231002X", "11010519491231002X");
  assert_resident_id ("11010519491231002x", "11010519491231002X");
  assert_resident_id ("440524188001010014", "440524188001010014");
  assert_resident_id ("110101200001019998", "110101200001019998");
  assert_resident_id ("310115201012318889", "310115201012318889");
  assert_resident_id ("510107198802291230", "510107198802291230");
  assert_resident_id ("110101 20000101 9998", "110101200001019998");
  assert_resident_id ("110101-20000101-9998", "110101200001019998");
  assert_resident_id (" 110101200001019998\t", "110101200001019998");
  /* Full-width digits from a Chinese input method. */
  assert_resident_id ("１１０１０１２００００１０１９９９８", "110101200001019998");
  /* Residence permit for Hong Kong residents. */
  assert_resident_id ("810000199001010027", "810000199001010027");
}

static void
test_resident_old_form (void)
{
  assert_resident_id ("110105491231002", "11010519491231002X");
  assert_resident_id ("440524800101001", "440524198001010013");
}

static void
test_resident_invalid (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *future_body = g_strdup_printf ("110101%04d%02d%02d001",
                                                  g_date_time_get_year (tomorrow),
                                                  g_date_time_get_month (tomorrow),
                                                  g_date_time_get_day_of_month (tomorrow));
  g_autofree char *future = with_check (future_body);
  g_autofree char *region = with_check ("99010119900101001");
  g_autofree char *region0 = with_check ("00010119900101001");
  g_autofree char *too_old = with_check ("11010117991231001");
  g_autofree char *foreign = with_check ("91100019900101001");

  assert_resident_id_fails ("110105194912310021", CD_IDENT_ERROR_CHECKSUM);
  assert_resident_id_fails ("110105194902300020", CD_IDENT_ERROR_DATE);
  assert_resident_id_fails (future, CD_IDENT_ERROR_DATE);
  assert_resident_id_fails (too_old, CD_IDENT_ERROR_DATE);
  assert_resident_id_fails (region, CD_IDENT_ERROR_REGION);
  assert_resident_id_fails (region0, CD_IDENT_ERROR_REGION);
  assert_resident_id_fails ("110105194913310021", CD_IDENT_ERROR_DATE);
  assert_resident_id_fails ("11010519491231002", CD_IDENT_ERROR_FORMAT);
  assert_resident_id_fails ("1101051949123100211", CD_IDENT_ERROR_FORMAT);
  assert_resident_id_fails ("11010519491231002Y", CD_IDENT_ERROR_FORMAT);
  assert_resident_id_fails ("110105 49123 1002X", CD_IDENT_ERROR_FORMAT);
  assert_resident_id_fails ("", CD_IDENT_ERROR_FORMAT);
  assert_resident_id_fails ("\xff\xfe" "110105194912310021", CD_IDENT_ERROR_FORMAT);

  /* A 2023 foreign permanent-residence card: 9, then a province code. */
  assert_resident_id (foreign, foreign);
}

static void
test_resident_looks_like (void)
{
  g_assert_true (cd_ident_looks_like_resident_id ("110101200001019998"));
  g_assert_true (cd_ident_looks_like_resident_id ("11010519491231002x"));
  g_assert_true (cd_ident_looks_like_resident_id ("110105 491231 002"));
  g_assert_true (cd_ident_looks_like_resident_id ("110105194912310021"));
  g_assert_false (cd_ident_looks_like_resident_id ("E12345678"));
  g_assert_false (cd_ident_looks_like_resident_id ("91350100M000100Y43"));
  g_assert_false (cd_ident_looks_like_resident_id ("1101051949123100"));
  g_assert_false (cd_ident_looks_like_resident_id (""));
  g_assert_false (cd_ident_looks_like_resident_id (NULL));
}

static void
assert_uscc (const char *input,
             const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  gboolean ok = cd_ident_check_uscc (input, &normalized, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
assert_uscc_fails (const char   *input,
                   CdIdentError  code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_false (cd_ident_check_uscc (input, &normalized, &error));
  g_assert_error (error, CD_IDENT_ERROR, (int) code);
  g_assert_null (normalized);
  if (input[0] != '\0')
    g_assert_null (strstr (error->message, input));
}

static void
test_uscc (void)
{
  g_assert_cmpint (cd_ident_uscc_check_char ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (cd_ident_uscc_check_char ("91440300MA5GXY7K1"), ==, 'H');
  g_assert_cmpint (cd_ident_uscc_check_char ("N2330102MF0000013"), ==, 'D');
  g_assert_cmpint (cd_ident_uscc_check_char ("91350100M000100I4"), ==, '\0');
  g_assert_cmpint (cd_ident_uscc_check_char ("9135"), ==, '\0');

  assert_uscc ("91350100M000100Y43", "91350100M000100Y43");
  assert_uscc ("91110108MA01AB23X2", "91110108MA01AB23X2");
  assert_uscc ("91440300MA5GXY7K1H", "91440300MA5GXY7K1H");
  assert_uscc ("N2330102MF0000013D", "N2330102MF0000013D");
  assert_uscc ("91110000600037341L", "91110000600037341L");
  assert_uscc ("91350100m000100y43", "91350100M000100Y43");
  assert_uscc (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43");

  assert_uscc_fails ("91350100M000100Y44", CD_IDENT_ERROR_CHECKSUM);
  assert_uscc_fails ("91440300MA5GXY7K1J", CD_IDENT_ERROR_CHECKSUM);
  assert_uscc_fails ("N2330102MF0000013E", CD_IDENT_ERROR_CHECKSUM);
  assert_uscc_fails ("91350100M000100I43", CD_IDENT_ERROR_FORMAT);
  assert_uscc_fails ("91350100M000100O43", CD_IDENT_ERROR_FORMAT);
  assert_uscc_fails ("91350100M000100Z43", CD_IDENT_ERROR_FORMAT);
  assert_uscc_fails ("91350100M000100S43", CD_IDENT_ERROR_FORMAT);
  assert_uscc_fails ("91350100M000100V43", CD_IDENT_ERROR_FORMAT);
  assert_uscc_fails ("91350100M000100Y4", CD_IDENT_ERROR_FORMAT);
  assert_uscc_fails ("91350100-M000100Y43", CD_IDENT_ERROR_FORMAT);
  assert_uscc_fails ("", CD_IDENT_ERROR_FORMAT);
}

static void
assert_phone (const char  *input,
              const char  *expected,
              CdPhoneKind  expected_kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;
  CdPhoneKind kind = (CdPhoneKind) -1;

  if (!cd_ident_normalize_phone (input, &normalized, &kind, &error))
    g_assert_cmpstr (error->message, ==, input);
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
  g_assert_cmpint (kind, ==, expected_kind);
}

static void
assert_phone_fails (const char *input)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  if (cd_ident_normalize_phone (input, &normalized, NULL, &error))
    g_assert_cmpstr (normalized, ==, "(an error)");
  g_assert_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT);
  g_assert_null (normalized);
}

static void
test_phone (void)
{
  assert_phone ("+86 138-1234-5678", "13812345678", CD_PHONE_MOBILE);
  assert_phone ("13812345678", "13812345678", CD_PHONE_MOBILE);
  assert_phone ("138 1234 5678", "13812345678", CD_PHONE_MOBILE);
  assert_phone ("138.1234.5678", "13812345678", CD_PHONE_MOBILE);
  assert_phone ("+86 139-0000-0000", "13900000000", CD_PHONE_MOBILE);
  assert_phone ("0086 199 1234 5678", "19912345678", CD_PHONE_MOBILE);
  assert_phone ("86 138 1234 5678", "13812345678", CD_PHONE_MOBILE);
  assert_phone ("19212345678", "19212345678", CD_PHONE_MOBILE);
  assert_phone ("１３８１２３４５６７８", "13812345678", CD_PHONE_MOBILE);
  assert_phone ("（+86）13812345678", "13812345678", CD_PHONE_MOBILE);

  assert_phone ("(010) 6552 9988", "010-65529988", CD_PHONE_LANDLINE);
  assert_phone ("0755-12345678", "0755-12345678", CD_PHONE_LANDLINE);
  assert_phone ("010-12345678", "010-12345678", CD_PHONE_LANDLINE);
  assert_phone ("(021) 6123 4567", "021-61234567", CD_PHONE_LANDLINE);
  assert_phone ("0391-2345678", "0391-2345678", CD_PHONE_LANDLINE);
  assert_phone ("+86 10 8765 4321", "010-87654321", CD_PHONE_LANDLINE);
  assert_phone ("+86 (0)755 2345 6789", "0755-23456789", CD_PHONE_LANDLINE);
  assert_phone ("010-65529988 转 123", "010-65529988-123", CD_PHONE_LANDLINE);
  assert_phone ("0755-12345678 ext. 8", "0755-12345678-8", CD_PHONE_LANDLINE);
  assert_phone ("010 6552 9988x12", "010-65529988-12", CD_PHONE_LANDLINE);

  assert_phone ("+44 20 7946 0958", "+442079460958", CD_PHONE_INTERNATIONAL);
  assert_phone ("+1 (555) 123-4567", "+15551234567", CD_PHONE_INTERNATIONAL);
  assert_phone ("00852 2345 6789", "+85223456789", CD_PHONE_INTERNATIONAL);

  assert_phone_fails ("12345678901");
  assert_phone_fails ("1381234567");
  assert_phone_fails ("138123456789");
  assert_phone_fails ("138****5678");
  assert_phone_fails ("026-12345678");
  assert_phone_fails ("010-1234567");
  assert_phone_fails ("0755-123456");
  assert_phone_fails ("65529988");
  assert_phone_fails ("13812345678 x 12");
  assert_phone_fails ("010-65529988 ext");
  assert_phone_fails ("+12345");
  assert_phone_fails ("138-1234-5678+");
  assert_phone_fails ("call me");
  assert_phone_fails ("");
  assert_phone_fails ("\xff\xfe");
}

static void
test_email (void)
{
  const char * const invalid[] = {
    "a@b@c.com", "@example.com", "zhang@localhost", "zhang san@example.com",
    "zhang@.example.com", "zhang@example..com", "zhang@example.com.", "zhangexample.com",
    "zhang@", "", "zhang@exa,mple.com",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_true (cd_ident_check_email ("  Zhang.San@Example.COM ", &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, "Zhang.San@example.com");
  g_clear_pointer (&normalized, g_free);

  g_assert_true (cd_ident_check_email ("zhangsan＠example.com", &normalized, &error));
  g_assert_cmpstr (normalized, ==, "zhangsan@example.com");
  g_clear_pointer (&normalized, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (cd_ident_check_email (invalid[i], &normalized, &error));
      g_assert_error (error, CD_IDENT_ERROR, CD_IDENT_ERROR_FORMAT);
      g_assert_null (normalized);
      g_clear_error (&error);
    }
}

static void
test_name (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "张三", "张三" },
    { "张 三", "张三" },
    { " 张　三 ", "张三" },
    { "欧阳 娜娜", "欧阳娜娜" },
    { "  John   Smith ", "John Smith" },
    { "Ｊｏｈｎ\tSmith", "John Smith" },
    { "阿沛 · 阿旺晋美", "阿沛·阿旺晋美" },
    { "阿沛•阿旺晋美", "阿沛·阿旺晋美" },
    { "李 John", "李 John" },
    { "", "" },
    { "   ", "" },
  };
  g_autofree char *broken = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normalized = cd_ident_normalize_name (cases[i].in);

      g_assert_cmpstr (normalized, ==, cases[i].out);
    }

  g_assert_null (cd_ident_normalize_name (NULL));
  broken = cd_ident_normalize_name ("张\xff三");
  g_assert_true (g_utf8_validate (broken, -1, NULL));
}

static void
test_digits_only (void)
{
  g_autofree char *a = cd_ident_digits_only ("+86 (138) 1234-5678");
  g_autofree char *b = cd_ident_digits_only ("１２3 四");
  g_autofree char *c = cd_ident_digits_only ("\xef\xbc");
  g_autofree char *d = cd_ident_digits_only ("");

  g_assert_cmpstr (a, ==, "8613812345678");
  g_assert_cmpstr (b, ==, "123");
  g_assert_cmpstr (c, ==, "");
  g_assert_cmpstr (d, ==, "");
  g_assert_null (cd_ident_digits_only (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ident/resident-id/check-char", test_resident_check_char);
  g_test_add_func ("/ident/resident-id/valid", test_resident_valid);
  g_test_add_func ("/ident/resident-id/old-form", test_resident_old_form);
  g_test_add_func ("/ident/resident-id/invalid", test_resident_invalid);
  g_test_add_func ("/ident/resident-id/looks-like", test_resident_looks_like);
  g_test_add_func ("/ident/uscc", test_uscc);
  g_test_add_func ("/ident/phone", test_phone);
  g_test_add_func ("/ident/email", test_email);
  g_test_add_func ("/ident/name", test_name);
  g_test_add_func ("/ident/digits-only", test_digits_only);

  return g_test_run ();
}
