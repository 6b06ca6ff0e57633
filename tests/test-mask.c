/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of display masking: what a user sees for each kind of identifier,
 * and that odd input (NULL, empty, invalid UTF-8) is handled. */

#include "config.h"

#include <string.h>

#include "cd-mask.h"

typedef char *(*MaskFunc) (const char *text);

typedef struct
{
  const char *input;
  const char *expected;
} Case;

static void
check_cases (MaskFunc    func,
             const Case *cases,
             gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *masked = func (cases[i].input);

      g_assert_cmpstr (masked, ==, cases[i].expected);
    }
}

static void
test_name (void)
{
  const Case cases[] = {
    { "张三", "张*" },
    { "张三丰", "张**" },
    { "欧阳娜娜", "欧***" },
    { " 张 三 ", "张*" },
    { "John Smith", "J*** S****" },
    { "  John   Smith  ", "J*** S****" },
    { "Madonna", "M******" },
    { "阿沛·阿旺晋美", "阿******" },
    { "张", "*" },
    { "J", "*" },
    { "", "" },
    { "   ", "" },
  };

  check_cases (cd_mask_name, cases, G_N_ELEMENTS (cases));
}

static void
test_phone (void)
{
  const Case cases[] = {
    { "13812345678", "138****5678" },
    { "138 1234 5678", "138****5678" },
    { "+86 138-1234-5678", "138****5678" },
    { "010-65529988", "010-****9988" },
    { "0755-1234567", "0755-***4567" },
    { "010-65529988-123", "010-****9988-***" },
    { "01065529988", "010-****9988" },
    { "075512345678", "0755-****5678" },
    { "+442079460958", "+442*******58" },
    { "95588", "*****" },
    { "12", "**" },
    { "unknown", "u***n" },
    { "", "" },
  };

  check_cases (cd_mask_phone, cases, G_N_ELEMENTS (cases));
}

static void
test_id_number (void)
{
  const Case cases[] = {
    { "11010519491231002X", "110***********002X" },
    { "110101200001019998", "110***********9998" },
    { "110101 20000101 9998", "110***********9998" },
    { "110105491231002", "1************02" },
    { "E12345678", "E******78" },
    { "H1234", "H**34" },
    { "123", "***" },
    { "", "" },
  };

  check_cases (cd_mask_id_number, cases, G_N_ELEMENTS (cases));
}

static void
test_uscc (void)
{
  const Case cases[] = {
    { "91350100M000100Y43", "91350100********43" },
    { "N2330102MF0000013D", "N2330102********3D" },
    { "12345", "1**45" },
    { "", "" },
  };

  check_cases (cd_mask_uscc, cases, G_N_ELEMENTS (cases));
}

static void
test_email (void)
{
  const Case cases[] = {
    { "zhangsan@example.com", "z***@example.com" },
    { "Z@example.com", "***@example.com" },
    { "张三@例子.中国", "张***@例子.中国" },
    { "not-an-address", "n***s" },
    { "@example.com", "@***m" },
    { "", "" },
  };

  check_cases (cd_mask_email, cases, G_N_ELEMENTS (cases));
}

static void
test_bank_card (void)
{
  const Case cases[] = {
    { "6222021234561234", "6222 **** **** 1234" },
    { "6222 0212 3456 1234", "6222 **** **** 1234" },
    { "6222021234567891234", "6222 **** **** *** 1234" },
    { "12345678", "**** 5678" },
    { "1234", "****" },
    { "none", "n***e" },
    { "", "" },
  };

  check_cases (cd_mask_bank_card, cases, G_N_ELEMENTS (cases));
}

static void
test_address (void)
{
  const Case cases[] = {
    { "北京市朝阳区建国路88号", "北京市朝阳区****" },
    { "广东省深圳市", "广东****" },
    { "上海", "上****" },
    { "12 Main Street, Springfield", "12 Mai****" },
    { "", "" },
  };

  check_cases (cd_mask_address, cases, G_N_ELEMENTS (cases));
}

static void
test_text (void)
{
  const Case cases[] = {
    { "客户要求删除全部资料", "客***料" },
    { "abc", "a***c" },
    { "ab", "**" },
    { "张", "*" },
    { "", "" },
  };

  check_cases (cd_mask_text, cases, G_N_ELEMENTS (cases));
}

static void
test_null (void)
{
  const MaskFunc funcs[] = {
    cd_mask_name, cd_mask_phone, cd_mask_id_number, cd_mask_uscc,
    cd_mask_email, cd_mask_bank_card, cd_mask_address, cd_mask_text,
  };

  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    g_assert_null (funcs[i] (NULL));
}

static void
test_invalid_utf8 (void)
{
  const MaskFunc funcs[] = {
    cd_mask_name, cd_mask_phone, cd_mask_id_number, cd_mask_uscc,
    cd_mask_email, cd_mask_bank_card, cd_mask_address, cd_mask_text,
  };
  const char * const inputs[] = {
    "\xff", "\xe5\xbc", "张\xff三", "\xc0\x80\xc0\x80\xc0\x80",
    "138\xff" "12345678", "a@\xfe" "b.com", "\xe5\xbc\xa0\xe4\xb8",
  };
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    for (guint j = 0; j < G_N_ELEMENTS (inputs); j++)
      {
        g_autofree char *masked = funcs[i] (inputs[j]);

        g_assert_nonnull (masked);
        g_assert_true (g_utf8_validate (masked, -1, NULL));
      }

  /* Bad bytes count as one masked character each. */
  name = cd_mask_name ("张\xff三");
  text = cd_mask_text ("\xff\xff\xff\xff");
  g_assert_cmpstr (name, ==, "张**");
  g_assert_cmpstr (text, ==, "*****");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/mask/name", test_name);
  g_test_add_func ("/mask/phone", test_phone);
  g_test_add_func ("/mask/id-number", test_id_number);
  g_test_add_func ("/mask/uscc", test_uscc);
  g_test_add_func ("/mask/email", test_email);
  g_test_add_func ("/mask/bank-card", test_bank_card);
  g_test_add_func ("/mask/address", test_address);
  g_test_add_func ("/mask/text", test_text);
  g_test_add_func ("/mask/null", test_null);
  g_test_add_func ("/mask/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
