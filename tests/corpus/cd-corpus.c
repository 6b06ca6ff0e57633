/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The labelled scan corpus (see cd-corpus.h). Content is made as "marked"
 * UTF-8 text — '\n' ends a paragraph or a table row, CELL separates table
 * cells, SPLIT marks where a document may cut an identifier into runs —
 * and each format renders it: CSV/TSV/text (UTF-8, GBK, UTF-16LE), HTML,
 * OOXML and ODF as zips of XML written here, PDF by hand with a computed
 * xref table, mail in MIME; archives through libarchive's writer.
 *
 * Exact labels need every planted identifier to be found by a correct
 * scanner and nothing else to look like one. So the filler has no runs of
 * 8 or more digits, no '@' and no '+', identifiers are never followed by a
 * space and a digit (which would extend a grouped layout), and each hard
 * negative is built so that no rule of DOMAIN.md §5 accepts it. */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-corpus.h"

#define CELL  '\x1f'
#define SPLIT '\x1e'

#define KEY_SEP "\x1f"

/* A fixed date for archive members, so the same seed gives the same bytes. */
#define MEMBER_MTIME 1699158645

#define MIB (1024 * 1024)

static const char * const kind_names[CD_CORPUS_N_KINDS] = {
  "cn_resident_id", "cn_mobile", "cn_landline", "bank_card", "email", "cn_uscc", "passport",
  "hk_macau_permit", "tw_permit",
};

/* -- random numbers ------------------------------------------------------ */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
cd_corpus_rng_init (CdCorpusRng *rng,
                    guint64      seed)
{
  guint64 x = seed;

  rng->state = splitmix64 (&x);
  if (rng->state == 0)
    rng->state = 1;
}

guint64
cd_corpus_rng_next (CdCorpusRng *rng)
{
  guint64 x = rng->state;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng->state = x;
  return x * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d);
}

guint
cd_corpus_rng_below (CdCorpusRng *rng,
                     guint        n)
{
  return (guint) (((cd_corpus_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

const char *
cd_corpus_kind_name (CdCorpusKind kind)
{
  g_return_val_if_fail ((guint) kind < CD_CORPUS_N_KINDS, NULL);
  return kind_names[kind];
}

int
cd_corpus_kind_from_name (const char *name)
{
  for (guint k = 0; k < CD_CORPUS_N_KINDS; k++)
    if (g_strcmp0 (name, kind_names[k]) == 0)
      return (int) k;
  return -1;
}

/* -- pools ---------------------------------------------------------------- */

#define PICK(g, pool) ((pool)[cd_corpus_rng_below (&(g)->rng, G_N_ELEMENTS (pool))])

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "沈",
};

static const char * const given_names[] = {
  "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
  "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "志强", "晓东",
  "海燕", "建国", "玉兰", "丹", "萍", "鹏", "辉", "玲", "婷", "浩然", "子涵", "雨轩", "欣怡",
};

static const char * const pinyin_surnames[] = {
  "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
  "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song",
};

static const char * const pinyin_given[] = {
  "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan",
  "jie", "juan", "tao", "ming", "chao", "xia", "ping", "gang", "hua", "hong", "dan", "peng",
};

static const char * const mail_domains[] = {
  "163.com", "126.com", "qq.com", "sina.com", "sohu.com", "foxmail.com", "gmail.com",
  "outlook.com", "139.com", "yeah.net", "aliyun.com", "huaxin-trade.com.cn", "hengtai.cn",
  "example.com.cn", "mail.jinlong-food.com",
};

static const char * const ascii_names[] = {
  "Zhang Wei", "Wang Fang", "Li Na", "Liu Yang", "Chen Jing", "Yang Li", "Huang Qiang",
  "Zhao Lei", "Wu Jun", "Zhou Yan", "Xu Jie", "Sun Tao", "Ma Ming", "Zhu Chao", "Hu Xia",
};

static const char * const companies[] = {
  "上海华信贸易有限公司", "北京恒泰科技有限公司", "广州金龙食品有限公司", "深圳宏达电子有限公司",
  "杭州新纪元服饰有限公司", "成都天府餐饮管理有限公司", "南京盛世物流有限公司",
  "武汉长江建材有限公司", "苏州锦绣家纺有限公司", "厦门海峡进出口有限公司",
};

static const char * const banks[] = {
  "中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "招商银行", "交通银行",
  "浦发银行", "兴业银行", "中信银行", "民生银行", "平安银行", "邮储银行",
};

static const char * const cities[] = {
  "北京市朝阳区建国路", "上海市浦东新区世纪大道", "广州市天河区天河路", "深圳市南山区科技园路",
  "杭州市西湖区文三路", "成都市武侯区人民南路", "南京市鼓楼区中山路", "武汉市江汉区解放大道",
  "苏州市姑苏区人民路", "厦门市思明区湖滨南路", "西安市雁塔区小寨路", "重庆市渝中区解放碑",
};

static const char * const departments[] = {
  "销售部", "财务部", "人事行政部", "仓储物流部", "客服中心", "技术部", "采购部", "市场部",
};

static const char * const products[] = {
  "办公椅", "打印纸", "服务器", "冷链配送", "员工餐", "礼品卡", "空调维修", "年度会员",
  "定制T恤", "茶叶礼盒", "笔记本电脑", "投影仪租赁",
};

static const char * const notes[] = {
  "老客户", "已注销", "VIP", "需回访", "欠款未结清", "已退款", "重要客户", "暂停合作",
  "等待对账", "发票已开", "",
};

static const char * const chat_lines[] = {
  "好的，收到。", "明天上午十点开会，请准时参加。", "合同已经寄出了，注意查收。",
  "请把发票抬头发我一下。", "清算组已经成立，后续由清算组统一对接。", "这批货款什么时候到账？",
  "公司下个月正式停止营业，感谢大家一直以来的支持。", "客户资料请在月底前整理好交给法务。",
  "仓库里的库存清点完了吗？", "退款流程已经提交，三到五个工作日到账。", "收到，谢谢！",
  "麻烦再确认一下金额。", "会员卡余额怎么处理？能退吗？", "员工的社保公积金本月缴到几号？",
  "[图片]", "[语音]", "哈哈，好的", "这个我需要请示一下领导。", "旧系统的数据导出来了，在共享盘里。",
  "周五之前把对账单发给我。", "门店的租赁合同下个月到期，不再续签。",
};

static const char * const clauses[] = {
  "第一条 合同标的：乙方向甲方采购本合同附件所列商品，数量、规格、单价以附件为准。",
  "第二条 付款方式：甲方在收到乙方开具的合法有效发票后三十日内支付货款。",
  "第三条 交货地点：乙方指定的仓库，运费由甲方承担。",
  "第四条 保密条款：双方对在履行本合同过程中知悉的对方商业秘密及个人信息负有保密义务，未经对方书面同意不得向第三方披露。",
  "第五条 违约责任：任何一方违反本合同约定的，应向守约方支付合同总金额百分之五的违约金。",
  "第六条 争议解决：因本合同引起的争议，双方应友好协商解决；协商不成的，提交甲方所在地人民法院诉讼解决。",
  "第七条 个人信息处理：双方应当依照《中华人民共和国个人信息保护法》处理在合作过程中获取的个人信息，合同终止后应及时删除或匿名化。",
  "第八条 本合同一式两份，双方各执一份，自双方签字盖章之日起生效。",
  "第九条 公司解散清算期间，本合同项下的债权债务由清算组负责处理。",
};

static const char * const log_noise[] = {
  "DEBUG cache hit key=user:",
  "INFO  http GET /api/orders?page=2 200 12ms ip=192.168.1.",
  "INFO  scheduler job=daily-report status=ok duration=347ms run=",
  "WARN  slow query table=orders rows=",
  "INFO  inventory sync warehouse=WH-SH-01 sku=SKU-",
  "DEBUG session refresh token=ok sid=",
  "INFO  http POST /api/refund 202 45ms ip=10.0.3.",
};

/* Province-level resident ID regions (GB/T 2260), and the residence permits. */
static const char * const regions[] = {
  "110101", "110102", "110105", "110108", "120101", "120104", "130102", "130104", "140105",
  "150102", "210102", "210202", "220102", "230102", "310101", "310104", "310115", "320102",
  "320106", "320505", "330102", "330106", "340102", "350102", "350203", "360102", "370102",
  "370202", "410105", "420102", "420106", "430102", "440103", "440106", "440305", "440306",
  "450102", "460105", "500103", "500112", "510104", "510107", "520102", "530102", "540102",
  "610103", "610113", "620102", "630102", "640104", "650102", "810000", "820000",
};

/* Regions whose 18-digit numbers can never be a card: not 62 (UnionPay),
 * 4 (Visa) or 35 (JCB 3528-3589); 51-55 cards have 16 digits. */
static const char * const card_safe_regions[] = {
  "110101", "110105", "120104", "130102", "210102", "310104", "310115", "320106", "330106",
  "340102", "370102", "510107", "520102", "610113", "650102",
};

/* USCC registration regions: their 5th digit is 0 or 1 so that no
 * all-digit code reads as an ID with a birth year after 1800. */
static const char * const uscc_regions[] = {
  "110108", "110105", "310115", "310104", "440300", "440106", "330100", "320500", "350100",
  "510100", "420100", "370200", "120116", "500107",
};

static const char * const mobile_prefixes[] = {
  "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150",
  "151", "152", "153", "155", "156", "157", "158", "159", "162", "165", "166", "167", "170",
  "171", "172", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185",
  "186", "187", "188", "189", "190", "191", "192", "193", "195", "196", "197", "198", "199",
};

/* Not allocated to mobiles: look like one, are not. */
static const char * const bad_mobile_prefixes[] = {
  "120", "121", "122", "123", "125", "127", "128", "129", "140", "141", "142", "154", "160",
  "168", "179", "194",
};

static const char * const area_codes_2[] = {
  "10", "20", "21", "22", "23", "24", "25", "27", "28", "29",
};

static const char * const area_codes_3[] = {
  "311", "351", "371", "411", "431", "451", "471", "512", "531", "532", "551", "571", "574",
  "591", "731", "755", "757", "769", "791", "851", "871", "898", "931", "951", "991",
};

static const char * const unionpay_iins[] = {
  "622202", "622848", "621700", "622588", "621226", "623668", "622700", "621483", "622609",
  "625807", "621661", "622262",
};

static const char * const visa_iins[] = { "427010", "436742", "453242", "404119", "421349" };
static const char * const mastercard_iins[] = { "512315", "526855", "552599", "540297", "518710" };

/* -- check characters (DOMAIN.md §5), written independently of src/ ----- */

static char
resident_check_char (const char *body17)
{
  static const guint weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  guint sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (guint) (body17[i] - '0') * weights[i];
  return "10X98765432"[sum % 11];
}

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int
uscc_value (char c)
{
  const char *p = strchr (uscc_alphabet, c);

  return p != NULL && c != '\0' ? (int) (p - uscc_alphabet) : -1;
}

static char
uscc_check_char (const char *body17)
{
  guint sum = 0;
  guint weight = 1;

  for (guint i = 0; i < 17; i++)
    {
      sum += (guint) uscc_value (body17[i]) * weight;
      weight = weight * 3 % 31;
    }
  return uscc_alphabet[(31 - sum % 31) % 31];
}

/* GB 11714: letters count A = 10 ... Z = 35. */
static char
org_check_char (const char *body8)
{
  static const guint weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  guint sum = 0;
  guint check;

  for (guint i = 0; i < 8; i++)
    {
      char c = body8[i];

      sum += (guint) (g_ascii_isdigit (c) ? c - '0' : c - 'A' + 10) * weights[i];
    }
  check = 11 - sum % 11;
  return check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
}

static gboolean
luhn_valid (const char *digits,
            gsize       n)
{
  guint sum = 0;

  for (gsize i = 0; i < n; i++)
    {
      guint v = (guint) (digits[n - 1 - i] - '0');

      if (i % 2 == 1)
        v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
  return sum % 10 == 0;
}

/* Whether an 18-digit string would pass the credit-code checks. */
static gboolean
digits_pass_uscc (const char *d)
{
  if (d[0] < '1' || d[1] < '1')
    return FALSE;
  return uscc_check_char (d) == d[17] && org_check_char (d + 8) == d[16];
}

static gboolean
is_leap (guint year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static guint
days_in_month (guint year,
               guint month)
{
  static const guint8 days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return month == 2 && is_leap (year) ? 29 : days[month - 1];
}

/* -- the generator state for one location --------------------------------- */

typedef struct
{
  CdCorpusRng rng;
  guint       counts[CD_CORPUS_N_KINDS];
  guint64     negatives;
  gboolean    split;    /* mark SPLIT points inside identifiers */
  gboolean    ascii;    /* ASCII only (a PDF with a standard font) */
  gboolean    sparse;   /* fewer identifiers in logs and chats (bulk files) */
} Gen;

static void
gen_init (Gen     *g,
          guint64  seed)
{
  memset (g, 0, sizeof *g);
  cd_corpus_rng_init (&g->rng, seed);
}

static guint
below (Gen  *g,
       guint n)
{
  return cd_corpus_rng_below (&g->rng, n);
}

static gboolean
chance (Gen  *g,
        guint percent)
{
  return below (g, 100) < percent;
}

static void
append_digits (Gen     *g,
               char    *out,
               guint    n)
{
  guint64 bits = 0;
  guint left = 0;

  for (guint i = 0; i < n; i++)
    {
      if (left == 0)
        {
          bits = cd_corpus_rng_next (&g->rng);
          left = 18;
        }
      out[i] = (char) ('0' + bits % 10);
      bits /= 10;
      left--;
    }
}

static void
append_uint (GString *s,
             guint64  v,
             guint    width)
{
  char buf[24];
  guint n = 0;

  do
    {
      buf[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v > 0);
  while (n < width && n < sizeof buf)
    buf[n++] = '0';
  while (n > 0)
    g_string_append_c (s, buf[--n]);
}

/* Copies @digits in groups of @lens joined by @sep; returns the length. */
static gsize
group_copy (char         *out,
            const char   *digits,
            const guint8 *lens,
            guint         n_groups,
            char          sep)
{
  gsize n = 0;

  for (guint i = 0; i < n_groups; i++)
    {
      if (i > 0)
        out[n++] = sep;
      memcpy (out + n, digits, lens[i]);
      n += lens[i];
      digits += lens[i];
    }
  out[n] = '\0';
  return n;
}

/* An identifier: with SPLIT marks at one or two ASCII places inside when
 * the document cuts text into runs. */
static void
put_token (Gen        *g,
           GString    *s,
           const char *token,
           gsize       len)
{
  gsize cuts[2];
  guint n_cuts = 0;
  gsize from = 0;

  if (g->split && len >= 6)
    {
      n_cuts = 1 + below (g, 2);
      cuts[0] = 1 + below (g, (guint) len / 2);
      cuts[1] = cuts[0] + 1 + below (g, (guint) (len - cuts[0] - 1));
      for (guint i = 0; i < n_cuts; i++)
        if ((token[cuts[i]] & 0x80) != 0 || (token[cuts[i] - 1] & 0x80) != 0)
          n_cuts = i;
    }

  for (guint i = 0; i < n_cuts; i++)
    {
      g_string_append_len (s, token + from, (gssize) (cuts[i] - from));
      g_string_append_c (s, SPLIT);
      from = cuts[i];
    }
  g_string_append_len (s, token + from, (gssize) (len - from));
}

/* -- identifiers ---------------------------------------------------------- */

/* 17 digits of region, birth date and sequence; @year_from/@year_to bound the year. */
static void
make_resident_body (Gen         *g,
                    const char  *region,
                    guint        year_from,
                    guint        year_to,
                    char        *body)
{
  guint year = year_from + below (g, year_to - year_from + 1);
  guint month = 1 + below (g, 12);
  guint day = 1 + below (g, days_in_month (year, month));

  memcpy (body, region, 6);
  body[6] = (char) ('0' + year / 1000);
  body[7] = (char) ('0' + year / 100 % 10);
  body[8] = (char) ('0' + year / 10 % 10);
  body[9] = (char) ('0' + year % 10);
  body[10] = (char) ('0' + month / 10);
  body[11] = (char) ('0' + month % 10);
  body[12] = (char) ('0' + day / 10);
  body[13] = (char) ('0' + day % 10);
  append_digits (g, body + 14, 3);
}

static void
put_resident_id (Gen     *g,
                 GString *s)
{
  char id[20];
  char text[32];
  guint style = below (g, 100);
  gsize n;

  make_resident_body (g, PICK (g, regions), 1950, 2005, id);
  id[17] = resident_check_char (id);
  id[18] = '\0';

  if (style < 8 && id[6] == '1' && id[7] == '9')
    {
      /* The old 15-digit form: no century, no check character. */
      memcpy (text, id, 6);
      memcpy (text + 6, id + 8, 9);
      n = 15;
    }
  else if (style < 16)
    n = group_copy (text, id, (const guint8[]) { 6, 8, 4 }, 3, ' ');
  else if (style < 21)
    n = group_copy (text, id, (const guint8[]) { 6, 8, 4 }, 3, '-');
  else if (style < 25)
    n = group_copy (text, id, (const guint8[]) { 6, 4, 4, 4 }, 4, ' ');
  else
    {
      memcpy (text, id, 19);
      if (text[17] == 'X' && style < 40)
        text[17] = 'x';
      n = 18;
    }

  put_token (g, s, text, n);
  g->counts[CD_CORPUS_RESIDENT_ID]++;
}

static void
make_mobile (Gen  *g,
             char *out)
{
  memcpy (out, PICK (g, mobile_prefixes), 3);
  append_digits (g, out + 3, 8);
  out[11] = '\0';
}

static void
put_mobile (Gen     *g,
            GString *s)
{
  static const guint8 layout[] = { 3, 4, 4 };
  char m[12];
  char text[32];
  guint style = below (g, 100);
  gsize n;


  make_mobile (g, m);
  if (style < 60)
    n = group_copy (text, m, (const guint8[]) { 11 }, 1, ' ');
  else if (style < 72)
    n = group_copy (text, m, layout, 3, ' ');
  else if (style < 84)
    n = group_copy (text, m, layout, 3, '-');
  else if (style < 91)
    n = 4 + group_copy ((char *) memcpy (text, "+86 ", 4) + 4, m, layout, 3, ' ');
  else if (style < 95)
    n = 4 + group_copy ((char *) memcpy (text, "+86-", 4) + 4, m, layout, 3, '-');
  else
    n = 3 + group_copy ((char *) memcpy (text, "+86", 3) + 3, m, (const guint8[]) { 11 }, 1, ' ');

  put_token (g, s, text, n);
  g->counts[CD_CORPUS_MOBILE]++;
}

static void
put_landline (Gen     *g,
              GString *s)
{
  char local[9];
  char text[48];
  guint style = below (g, 100);
  gboolean two = chance (g, 45);
  const char *area = two ? PICK (g, area_codes_2) : PICK (g, area_codes_3);
  guint local_len = two || chance (g, 70) ? 8 : 7;
  gsize n;

  local[0] = (char) ('2' + below (g, 8));
  append_digits (g, local + 1, local_len - 1);
  local[local_len] = '\0';

  if (local_len == 8 && style < 15)
    n = (gsize) g_snprintf (text, sizeof text, "(0%s) %.4s-%.4s", area, local, local + 4);
  else if (local_len == 8 && style < 25 && !g->ascii)
    n = (gsize) g_snprintf (text, sizeof text, "（0%s）%s", area, local);
  else if (local_len == 8 && style < 33)
    n = (gsize) g_snprintf (text, sizeof text, "+86 %s %.4s %.4s", area, local, local + 4);
  else if (local_len == 8 && style < 40)
    n = (gsize) g_snprintf (text, sizeof text, "0%s-%.4s %.4s", area, local, local + 4);
  else if (style < 50)
    n = (gsize) g_snprintf (text, sizeof text, "0%s%s", area, local);
  else
    n = (gsize) g_snprintf (text, sizeof text, "0%s-%s", area, local);

  put_token (g, s, text, n);
  g->counts[CD_CORPUS_LANDLINE]++;
}

/* A card number of @len digits on @iin with a valid Luhn digit. */
static void
make_card (Gen        *g,
           const char *iin,
           guint       len,
           char       *out)
{
  guint sum = 0;

  memcpy (out, iin, 6);
  append_digits (g, out + 6, len - 7);
  out[len] = '\0';
  /* The Luhn digit: double every second digit left of it. */
  for (guint i = 0; i + 1 < len; i++)
    {
      guint v = (guint) (out[len - 2 - i] - '0');

      if (i % 2 == 0)
        v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
  out[len - 1] = (char) ('0' + (10 - sum % 10) % 10);
  g_assert (luhn_valid (out, len));
}

static void
put_bank_card (Gen     *g,
               GString *s)
{
  char card[20];
  char text[40];
  guint which = below (g, 100);
  guint len;
  gsize n;

  /* 16 or 19 digits only: an 18-digit 62… or 4… number could read as a
   * resident ID of Gansu or Henan with a wrong check character. */
  if (which < 70)
    {
      len = chance (g, 60) ? 16 : 19;
      make_card (g, PICK (g, unionpay_iins), len, card);
    }
  else if (which < 85)
    {
      len = 16;
      make_card (g, PICK (g, visa_iins), len, card);
    }
  else
    {
      len = 16;
      make_card (g, PICK (g, mastercard_iins), len, card);
    }

  if (chance (g, 65))
    n = group_copy (text, card, (const guint8[]) { (guint8) len }, 1, ' ');
  else if (len == 16 && chance (g, 30))
    n = group_copy (text, card, (const guint8[]) { 4, 4, 4, 4 }, 4, '-');
  else if (len == 16)
    n = group_copy (text, card, (const guint8[]) { 4, 4, 4, 4 }, 4, ' ');
  else
    n = group_copy (text, card, (const guint8[]) { 4, 4, 4, 4, 3 }, 5, ' ');

  put_token (g, s, text, n);
  g->counts[CD_CORPUS_BANK_CARD]++;
}

static void
put_email (Gen     *g,
           GString *s)
{
  char text[96];
  guint style = below (g, 100);
  const char *domain = PICK (g, mail_domains);
  gsize n;

  if (style < 10)
    {
      char m[12];

      /* A mobile number as the local part: the address claims it. */
      make_mobile (g, m);
      n = (gsize) g_snprintf (text, sizeof text, "%s@%s", m, domain);
    }
  else if (style < 20)
    {
      char qq[11];
      guint len = 6 + below (g, 5);

      qq[0] = (char) ('1' + below (g, 9));
      append_digits (g, qq + 1, len - 1);
      qq[len] = '\0';
      n = (gsize) g_snprintf (text, sizeof text, "%s@qq.com", qq);
    }
  else
    {
      const char *sep = style < 45 ? "." : style < 55 ? "_" : "";
      guint year = 1970 + below (g, 35);

      n = (gsize) g_snprintf (text, sizeof text, "%s%s%s%s%s@%s",
                              PICK (g, pinyin_surnames), sep, PICK (g, pinyin_given),
                              style < 70 ? "" : style < 85 ? "88" : "",
                              style >= 85 ? (year % 2 ? "2023" : "1990") : "",
                              domain);
      if (style > 95)
        text[0] = g_ascii_toupper (text[0]);
    }

  put_token (g, s, text, n);
  g->counts[CD_CORPUS_EMAIL]++;
}

static void
make_uscc (Gen  *g,
           char *out)
{
  static const char org_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  guint style = below (g, 100);

  if (style < 80)
    {
      out[0] = '9';
      out[1] = "1123"[below (g, 4)];
    }
  else if (style < 90)
    {
      out[0] = '1';
      out[1] = '1';
    }
  else
    {
      out[0] = '5';
      out[1] = "123"[below (g, 3)];
    }
  memcpy (out + 2, PICK (g, uscc_regions), 6);

  if (chance (g, 60))
    {
      /* Codes issued since 2015: MA + six characters. */
      out[8] = 'M';
      out[9] = 'A';
      for (guint i = 10; i < 16; i++)
        out[i] = org_chars[below (g, chance (g, 70) ? 10 : sizeof org_chars - 1)];
    }
  else
    append_digits (g, out + 8, 8);
  out[16] = org_check_char (out + 8);
  out[17] = uscc_check_char (out);
  out[18] = '\0';
}

static void
put_uscc (Gen     *g,
          GString *s)
{
  char code[19];

  make_uscc (g, code);
  put_token (g, s, code, 18);
  g->counts[CD_CORPUS_USCC]++;
}

static void
put_serial (Gen        *g,
            GString    *s,
            const char *prefix,
            guint       digits)
{
  char text[24];
  gsize n = strlen (prefix);

  memcpy (text, prefix, n);
  append_digits (g, text + n, digits);
  put_token (g, s, text, n + digits);
}

/* A letter of serial numbers: A-Z but I and O. */
static char
serial_letter (Gen *g)
{
  static const char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";

  return letters[below (g, sizeof letters - 1)];
}

static void
put_passport (Gen     *g,
              GString *s)
{
  static const char * const words[] = { "护照号码：", "护照号：", "护照 ", "证件号码：", "Passport No. " };
  guint style = below (g, 100);

  g_string_append (s, g->ascii ? "Passport No. " : PICK (g, words));
  if (style < 45)
    put_serial (g, s, "E", 8);
  else if (style < 75)
    put_serial (g, s, "G", 8);
  else
    {
      char prefix[3] = { 'E', serial_letter (g), '\0' };

      put_serial (g, s, prefix, 7);
    }
  g->counts[CD_CORPUS_PASSPORT]++;
}

static void
put_hk_macau_permit (Gen     *g,
                     GString *s)
{
  guint style = below (g, 100);

  if (style < 45)
    {
      g_string_append (s, g->ascii ? "HK/Macau permit " : chance (g, 50) ? "往来港澳通行证 " : "港澳通行证号");
      put_serial (g, s, "C", 8);
    }
  else if (style < 65)
    {
      char prefix[3] = { 'C', serial_letter (g), '\0' };

      g_string_append (s, g->ascii ? "HK/Macau permit " : "通行证号码：");
      put_serial (g, s, prefix, 7);
    }
  else
    {
      g_string_append (s, g->ascii ? "Home return permit " : chance (g, 50) ? "回乡证：" : "港澳居民来往内地通行证 ");
      put_serial (g, s, chance (g, 50) ? "H" : "M", chance (g, 50) ? 8 : 10);
    }
  g->counts[CD_CORPUS_HK_MACAU_PERMIT]++;
}

static void
put_tw_permit (Gen     *g,
               GString *s)
{
  guint style = below (g, 100);
  char text[24];

  /* A first digit of 3-9 is never a year of 1900-2099 (a date is not a
   * permit) nor a trunk 0. */
  text[0] = (char) ('3' + below (g, 7));
  if (style < 50)
    {
      g_string_append (s, g->ascii ? "Taiwan permit " : chance (g, 50) ? "台胞证 " : "台湾居民来往大陆通行证：");
      append_digits (g, text + 1, 7);
      put_token (g, s, text, 8);
    }
  else if (style < 70)
    {
      g_string_append (s, g->ascii ? "Taiwan permit No. " : "台胞证号码");
      append_digits (g, text + 1, 9);
      text[10] = '(';
      text[11] = "ABCDEFGHK"[below (g, 9)];
      text[12] = ')';
      put_token (g, s, text, chance (g, 50) ? 13 : 10);
    }
  else
    {
      g_string_append (s, g->ascii ? "Taiwan permit " : "往来台湾通行证 ");
      put_serial (g, s, "L", 8);
    }
  g->counts[CD_CORPUS_TW_PERMIT]++;
}

static void
put_kind (Gen          *g,
          GString      *s,
          CdCorpusKind  kind)
{
  switch (kind)
    {
    case CD_CORPUS_RESIDENT_ID: put_resident_id (g, s); break;
    case CD_CORPUS_MOBILE: put_mobile (g, s); break;
    case CD_CORPUS_LANDLINE: put_landline (g, s); break;
    case CD_CORPUS_BANK_CARD: put_bank_card (g, s); break;
    case CD_CORPUS_EMAIL: put_email (g, s); break;
    case CD_CORPUS_USCC: put_uscc (g, s); break;
    case CD_CORPUS_PASSPORT: put_passport (g, s); break;
    case CD_CORPUS_HK_MACAU_PERMIT: put_hk_macau_permit (g, s); break;
    case CD_CORPUS_TW_PERMIT: put_tw_permit (g, s); break;
    case CD_CORPUS_N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

static void
put_travel (Gen     *g,
            GString *s)
{
  put_kind (g, s, CD_CORPUS_PASSPORT + below (g, 3));
}

/* -- hard negatives --------------------------------------------------------- */

typedef enum
{
  NEG_WRONG_CHECK,    /* an ID with a wrong check character (an order number) */
  NEG_BAD_DATE,       /* an ID's shape with 30 February */
  NEG_RUN_20,         /* 20 digits with a valid ID inside */
  NEG_TIMESTAMP,      /* 20231105123045 */
  NEG_BAD_LUHN,       /* a Visa/Mastercard-shaped number failing Luhn */
  NEG_BAD_MOBILE,     /* 11 digits on an unallocated prefix (12x, 140, 154…) */
  NEG_DASH_JOINED,    /* ORD-2023-13812345678 */
  NEG_BAD_USCC,       /* a credit code with a wrong check character */
  NEG_DATE_PERMIT,    /* an expiry date next to 台胞证 */
  NEG_NO_CONTEXT,     /* a passport's shape with no word that names it */
  N_NEGS
} Negative;

static void
put_negative (Gen      *g,
              GString  *s,
              Negative  which)
{
  char text[32];

  switch (which)
    {
    case NEG_WRONG_CHECK:
      g_string_append (s, g->ascii ? "Order " : "订单号：");
      make_resident_body (g, PICK (g, regions), 1950, 2005, text);
      text[17] = resident_check_char (text) == '0' ? '1' : '0';
      g_string_append_len (s, text, 18);
      break;

    case NEG_BAD_DATE:
      g_string_append (s, g->ascii ? "Ref " : "编号");
      for (;;)
        {
          make_resident_body (g, PICK (g, card_safe_regions), 1950, 2005, text);
          memcpy (text + 10, "0230", 4);
          text[17] = resident_check_char (text);
          if (text[17] != 'X' && !digits_pass_uscc (text))
            break;
        }
      g_string_append_len (s, text, 18);
      break;

    case NEG_RUN_20:
      g_string_append (s, g->ascii ? "Serial " : "流水号");
      append_digits (g, text, 2);
      make_resident_body (g, PICK (g, regions), 1950, 2005, text + 2);
      text[19] = resident_check_char (text + 2);
      g_string_append_len (s, text, 20);
      break;

    case NEG_TIMESTAMP:
      g_string_append (s, "ts=");
      g_snprintf (text, sizeof text, "20%02u%02u%02u%02u%02u%02u", 18 + below (g, 7), 1 + below (g, 12),
                  1 + below (g, 28), below (g, 24), below (g, 60), below (g, 60));
      g_string_append (s, text);
      break;

    case NEG_BAD_LUHN:
      g_string_append (s, g->ascii ? "Ref " : "参考号 ");
      make_card (g, chance (g, 50) ? PICK (g, visa_iins) : PICK (g, mastercard_iins), 16, text);
      text[15] = (char) ('0' + (text[15] - '0' + 1 + below (g, 9)) % 10);
      g_string_append_len (s, text, 16);
      break;

    case NEG_BAD_MOBILE:
      g_string_append (s, g->ascii ? "Ticket " : "工单 ");
      memcpy (text, PICK (g, bad_mobile_prefixes), 3);
      append_digits (g, text + 3, 8);
      g_string_append_len (s, text, 11);
      break;

    case NEG_DASH_JOINED:
      g_string_append (s, "ORD-2023-");
      make_mobile (g, text);
      g_string_append_len (s, text, 11);
      break;

    case NEG_BAD_USCC:
      g_string_append (s, g->ascii ? "Code " : "代码");
      do
        make_uscc (g, text);
      while (strspn (text, "0123456789") == 18);
      text[17] = uscc_alphabet[(uscc_value (text[17]) + 1 + below (g, 29)) % 31];
      g_string_append_len (s, text, 18);
      break;

    case NEG_DATE_PERMIT:
      g_string_append (s, g->ascii ? "Permit valid until " : "台胞证有效期至");
      g_snprintf (text, sizeof text, "20%02u%02u%02u", 25 + below (g, 10), 1 + below (g, 12), 1 + below (g, 28));
      g_string_append (s, text);
      break;

    case NEG_NO_CONTEXT:
      g_string_append (s, g->ascii ? "Device serial " : "设备序列号 ");
      text[0] = chance (g, 50) ? 'E' : 'G';
      append_digits (g, text + 1, 8);
      g_string_append_len (s, text, 9);
      break;

    case N_NEGS:
    default:
      g_assert_not_reached ();
    }
  g->negatives++;
}

/* -- content -------------------------------------------------------------- */

static void
put_name (Gen     *g,
          GString *s)
{
  g_string_append (s, PICK (g, surnames));
  g_string_append (s, PICK (g, given_names));
}

static void
put_date (Gen     *g,
          GString *s,
          guint    year_from,
          guint    years)
{
  guint year = year_from + below (g, years);
  guint month = 1 + below (g, 12);

  append_uint (s, year, 4);
  g_string_append_c (s, '-');
  append_uint (s, month, 2);
  g_string_append_c (s, '-');
  append_uint (s, 1 + below (g, days_in_month (year, month)), 2);
}

static void
put_time (Gen     *g,
          GString *s)
{
  append_uint (s, below (g, 24), 2);
  g_string_append_c (s, ':');
  append_uint (s, below (g, 60), 2);
  g_string_append_c (s, ':');
  append_uint (s, below (g, 60), 2);
}

static void
put_address (Gen     *g,
             GString *s)
{
  g_string_append (s, PICK (g, cities));
  append_uint (s, 1 + below (g, 999), 0);
  g_string_append (s, "号");
  if (chance (g, 50))
    {
      append_uint (s, 1 + below (g, 30), 0);
      g_string_append (s, "楼");
    }
}

static void
put_amount (Gen     *g,
            GString *s)
{
  append_uint (s, 1 + below (g, 99999), 0);
  g_string_append_c (s, '.');
  append_uint (s, below (g, 100), 2);
}

static void
cell (GString *s)
{
  g_string_append_c (s, CELL);
}

/* A customer list: the export of a CRM or a shop's membership system. */
static void
gen_customers (Gen     *g,
               GString *s,
               gsize    target)
{
  guint row = 0;

  g_string_append (s, "序号\x1f客户名称\x1f性别\x1f证件号码\x1f手机\x1f固定电话\x1f电子邮箱\x1f"
                      "开户银行\x1f银行卡号\x1f联系地址\x1f备注\n");
  while (s->len < target)
    {
      guint note = below (g, 100);

      append_uint (s, ++row, 0);
      cell (s);
      put_name (g, s);
      cell (s);
      g_string_append (s, chance (g, 50) ? "男" : "女");
      cell (s);
      /* A bulk export is a shop's member list: mostly a name and a phone. */
      if (chance (g, 4))
        put_negative (g, s, NEG_WRONG_CHECK);
      else if (chance (g, 3))
        put_negative (g, s, NEG_BAD_DATE);
      else if (chance (g, g->sparse ? 25 : 85))
        put_resident_id (g, s);
      cell (s);
      if (chance (g, 3))
        put_negative (g, s, NEG_BAD_MOBILE);
      else if (chance (g, g->sparse ? 70 : 85))
        put_mobile (g, s);
      cell (s);
      if (chance (g, g->sparse ? 8 : 35))
        put_landline (g, s);
      cell (s);
      if (chance (g, g->sparse ? 15 : 55))
        put_email (g, s);
      cell (s);
      g_string_append (s, PICK (g, banks));
      cell (s);
      if (chance (g, 4))
        put_negative (g, s, NEG_BAD_LUHN);
      else if (chance (g, g->sparse ? 10 : 50))
        put_bank_card (g, s);
      cell (s);
      put_address (g, s);
      cell (s);
      if (note < 6)
        put_travel (g, s);
      else if (note < 9)
        put_negative (g, s, NEG_DASH_JOINED);
      else if (note < 11)
        put_negative (g, s, NEG_RUN_20);
      else
        g_string_append (s, PICK (g, notes));
      g_string_append_c (s, '\n');
    }
}

/* An HR roster. */
static void
gen_roster (Gen     *g,
            GString *s,
            gsize    target)
{
  guint row = 0;

  g_string_append (s, "工号\x1f姓名\x1f部门\x1f入职日期\x1f身份证号\x1f手机\x1f紧急联系人\x1f"
                      "紧急联系电话\x1f工资卡号\x1f出入境证件\x1f邮箱\n");
  while (s->len < target)
    {
      g_string_append (s, "HR");
      append_uint (s, ++row, 4);
      cell (s);
      put_name (g, s);
      cell (s);
      g_string_append (s, PICK (g, departments));
      cell (s);
      put_date (g, s, 2008, 16);
      cell (s);
      put_resident_id (g, s);
      cell (s);
      put_mobile (g, s);
      cell (s);
      put_name (g, s);
      g_string_append (s, chance (g, 50) ? "（配偶）" : "（父母）");
      cell (s);
      if (g->sparse && chance (g, 70))
        g_string_append (s, "同上");
      else if (chance (g, 70))
        put_mobile (g, s);
      else
        put_landline (g, s);
      cell (s);
      if (chance (g, g->sparse ? 30 : 80))
        put_bank_card (g, s);
      cell (s);
      if (chance (g, g->sparse ? 8 : 25))
        put_travel (g, s);
      else
        g_string_append (s, "无");
      cell (s);
      if (chance (g, g->sparse ? 15 : 60))
        put_email (g, s);
      g_string_append_c (s, '\n');
    }
}

static void
put_log_stamp (Gen     *g,
               GString *s)
{
  g_string_append_c (s, '[');
  put_date (g, s, 2023, 1);
  g_string_append_c (s, ' ');
  put_time (g, s);
  g_string_append_c (s, '.');
  append_uint (s, below (g, 1000), 3);
  g_string_append (s, "] ");
}

/* An order system's log: mostly noise, identifiers in some lines, and
 * most of the hard negatives (order numbers, timestamps, serials). */
static void
gen_order_log (Gen     *g,
               GString *s,
               gsize    target)
{
  while (s->len < target)
    {
      guint what = below (g, 100);

      put_log_stamp (g, s);
      if (what < 52 || (g->sparse && below (g, 100) < 60))
        {
          g_string_append (s, PICK (g, log_noise));
          append_uint (s, below (g, 100000), 0);
        }
      else if (what < 62)
        {
          g_string_append (s, "INFO  order.create order_id=HT-2023-");
          append_uint (s, below (g, 100000), 5);
          g_string_append (s, " user=");
          put_mobile (g, s);
          g_string_append (s, " amount=");
          put_amount (g, s);
          g_string_append_c (s, ' ');
          put_negative (g, s, NEG_TIMESTAMP);
        }
      else if (what < 68)
        {
          g_string_append (s, "INFO  pay.callback channel=unionpay card=");
          put_bank_card (g, s);
          g_string_append (s, " result=SUCCESS");
        }
      else if (what < 72)
        {
          g_string_append (s, "INFO  pay.callback channel=visa ");
          put_negative (g, s, NEG_BAD_LUHN);
          g_string_append (s, " result=DECLINED");
        }
      else if (what < 77)
        {
          g_string_append (s, "WARN  kyc.check id_no=");
          put_resident_id (g, s);
          g_string_append (s, " result=MISMATCH");
        }
      else if (what < 80)
        {
          g_string_append (s, "WARN  kyc.check ");
          put_negative (g, s, chance (g, 50) ? NEG_WRONG_CHECK : NEG_BAD_DATE);
          g_string_append (s, " result=INVALID");
        }
      else if (what < 84)
        {
          g_string_append (s, "INFO  user.update email=");
          put_email (g, s);
          g_string_append (s, " tel=");
          put_landline (g, s);
        }
      else if (what < 87)
        {
          g_string_append (s, "INFO  refund.create ");
          put_negative (g, s, chance (g, 50) ? NEG_RUN_20 : NEG_DASH_JOINED);
        }
      else if (what < 90)
        {
          g_string_append (s, "ERROR sms.send failed ");
          put_negative (g, s, NEG_BAD_MOBILE);
        }
      else if (what < 92)
        {
          /* Long enough a prefix that no context word is in reach. */
          g_string_append (s, "ERROR 终端校验失败 ");
          put_negative (g, s, NEG_NO_CONTEXT);
        }
      else if (what < 94)
        {
          g_string_append (s, "INFO  supplier.sync ");
          put_negative (g, s, NEG_BAD_USCC);
          g_string_append (s, " status=stale");
        }
      else if (what < 96)
        {
          g_string_append (s, "INFO  supplier.sync uscc=");
          put_uscc (g, s);
          g_string_append (s, " status=ok");
        }
      else if (what < 98)
        {
          g_string_append (s, "INFO  visa.apply 客户");
          put_travel (g, s);
          g_string_append (s, " status=submitted");
        }
      else
        {
          g_string_append (s, "INFO  member.note ");
          put_negative (g, s, NEG_DATE_PERMIT);
        }
      g_string_append_c (s, '\n');
    }
}

/* One chat message, with an identifier one time in four. */
static void
put_chat_message (Gen     *g,
                  GString *s)
{
  guint what = below (g, 100);

  if (what < 74 || (g->sparse && below (g, 100) < 50))
    g_string_append (s, PICK (g, chat_lines));
  else if (what < 79)
    {
      g_string_append (s, "我的手机号是");
      put_mobile (g, s);
      g_string_append (s, "，有事直接打我电话。");
    }
  else if (what < 83)
    {
      g_string_append (s, "身份证号");
      put_resident_id (g, s);
      g_string_append (s, "，麻烦帮我查一下退款进度。");
    }
  else if (what < 86)
    {
      g_string_append (s, "退款请打到");
      g_string_append (s, PICK (g, banks));
      g_string_append (s, "，卡号");
      put_bank_card (g, s);
      g_string_append (s, "，户名");
      put_name (g, s);
      g_string_append (s, "。");
    }
  else if (what < 89)
    {
      g_string_append (s, "发票寄到");
      put_address (g, s);
      g_string_append (s, "，电子版发邮箱");
      put_email (g, s);
      g_string_append (s, "。");
    }
  else if (what < 91)
    {
      g_string_append (s, "我们公司统一社会信用代码");
      put_uscc (g, s);
      g_string_append (s, "，开票用。");
    }
  else if (what < 93)
    {
      g_string_append (s, "下周出差，");
      put_travel (g, s);
      g_string_append (s, "，帮我订一下机票。");
    }
  else if (what < 95)
    {
      g_string_append (s, "座机");
      put_landline (g, s);
      g_string_append (s, "，工作日都在。");
    }
  else if (what < 97)
    {
      put_negative (g, s, NEG_WRONG_CHECK);
      g_string_append (s, "怎么还没发货？");
    }
  else
    {
      g_string_append (s, "我的会员号是");
      put_negative (g, s, NEG_BAD_MOBILE);
      g_string_append (s, "，积分还能用吗？");
    }
}

/* A chat export as text: "2023-11-05 12:30:45 张伟：…". */
static void
gen_chat (Gen     *g,
          GString *s,
          gsize    target)
{
  while (s->len < target)
    {
      put_date (g, s, 2023, 1);
      g_string_append_c (s, ' ');
      put_time (g, s);
      g_string_append_c (s, ' ');
      put_name (g, s);
      g_string_append (s, "：");
      put_chat_message (g, s);
      g_string_append_c (s, '\n');
    }
}

/* A contract: parties with their codes and numbers, then clauses. */
static void
gen_contract (Gen     *g,
              GString *s,
              gsize    target)
{
  do
    {
      g_string_append (s, PICK (g, products));
      g_string_append (s, "采购合同\n合同编号：HT-2023-");
      append_uint (s, below (g, 10000), 4);
      g_string_append (s, "\n甲方：");
      g_string_append (s, PICK (g, companies));
      g_string_append (s, "\n统一社会信用代码：");
      put_uscc (g, s);
      g_string_append (s, "\n法定代表人：");
      put_name (g, s);
      g_string_append (s, "，身份证号码：");
      put_resident_id (g, s);
      g_string_append (s, "\n联系电话：");
      put_landline (g, s);
      g_string_append (s, "，手机：");
      put_mobile (g, s);
      g_string_append (s, "\n电子邮箱：");
      put_email (g, s);
      g_string_append (s, "\n乙方：");
      put_name (g, s);
      g_string_append (s, "\n身份证号码：");
      put_resident_id (g, s);
      g_string_append (s, "\n联系地址：");
      put_address (g, s);
      g_string_append (s, "\n开户银行：");
      g_string_append (s, PICK (g, banks));
      g_string_append (s, "，账号：");
      put_bank_card (g, s);
      g_string_append (s, "\n");
      if (chance (g, 30))
        {
          g_string_append (s, "乙方为境外人士，");
          put_travel (g, s);
          g_string_append (s, "。\n");
        }
      for (guint i = 0; i < G_N_ELEMENTS (clauses); i++)
        {
          g_string_append (s, clauses[i]);
          g_string_append_c (s, '\n');
        }
      g_string_append (s, "合同金额：人民币");
      put_amount (g, s);
      g_string_append (s, "元。签订日期：");
      put_date (g, s, 2019, 5);
      g_string_append (s, "。\n\n");
    }
  while (s->len < target);
}

/* ASCII records, for PDFs written with a standard font. Lines stay short
 * enough to fit the page: text outside it is not extracted. */
static void
gen_ascii_records (Gen     *g,
                   GString *s,
                   guint    n_lines)
{
  for (guint line = 0; line < n_lines; line++)
    {
      guint what = below (g, 100);

      if (what < 40)
        {
          g_string_append (s, "Meeting notes: the liquidation team reviewed inventory and open invoices.");
        }
      else if (what < 50)
        {
          g_string_append (s, "Customer ");
          g_string_append (s, PICK (g, ascii_names));
          g_string_append (s, ", ID ");
          put_resident_id (g, s);
          g_string_append (s, ", mobile ");
          put_mobile (g, s);
        }
      else if (what < 57)
        {
          g_string_append (s, "Tel ");
          put_landline (g, s);
          g_string_append (s, ", email ");
          put_email (g, s);
        }
      else if (what < 63)
        {
          g_string_append (s, "Refund to card ");
          put_bank_card (g, s);
          g_string_append (s, " on ");
          put_date (g, s, 2023, 1);
        }
      else if (what < 67)
        {
          g_string_append (s, "Supplier credit code ");
          put_uscc (g, s);
        }
      else if (what < 73)
        {
          g_string_append (s, "Traveller ");
          g_string_append (s, PICK (g, ascii_names));
          g_string_append (s, ": ");
          put_travel (g, s);
        }
      else if (what < 80)
        {
          static const Negative ascii_negs[] = {
            NEG_WRONG_CHECK, NEG_BAD_DATE, NEG_RUN_20, NEG_TIMESTAMP, NEG_BAD_LUHN, NEG_BAD_MOBILE,
            NEG_BAD_USCC,
          };

          g_string_append (s, "Checked: ");
          put_negative (g, s, ascii_negs[below (g, G_N_ELEMENTS (ascii_negs))]);
          g_string_append (s, " is not valid");
        }
      else
        {
          g_string_append (s, "Item ");
          append_uint (s, below (g, 1000), 3);
          g_string_append (s, " amount ");
          put_amount (g, s);
          g_string_append (s, " CNY, status closed");
        }
      g_string_append_c (s, '\n');
    }
}

typedef enum
{
  CONTENT_CUSTOMERS,
  CONTENT_ROSTER,
  CONTENT_ORDER_LOG,
  CONTENT_CHAT,
  CONTENT_CONTRACT,
} Content;

static void
gen_content (Gen     *g,
             Content  content,
             GString *s,
             gsize    target)
{
  switch (content)
    {
    case CONTENT_CUSTOMERS: gen_customers (g, s, target); break;
    case CONTENT_ROSTER: gen_roster (g, s, target); break;
    case CONTENT_ORDER_LOG: gen_order_log (g, s, target); break;
    case CONTENT_CHAT: gen_chat (g, s, target); break;
    case CONTENT_CONTRACT:
    default:
      gen_contract (g, s, target);
      break;
    }
}

/* -- rendering ------------------------------------------------------------ */

static void
string_free (gpointer s)
{
  g_string_free (s, TRUE);
}

/* Marked text as plain text: cells joined with @sep, no split marks. */
static GString *
render_plain (const GString *marked,
              const char    *sep)
{
  GString *out = g_string_sized_new (marked->len + marked->len / 8);
  const char *p = marked->str;
  const char *end = marked->str + marked->len;

  while (p < end)
    {
      const char *q = p;

      while (q < end && *q != CELL && *q != SPLIT)
        q++;
      g_string_append_len (out, p, q - p);
      if (q < end && *q == CELL)
        g_string_append (out, sep);
      p = q + 1;
    }
  return out;
}

static void
append_xml_escaped (GString    *out,
                    const char *text,
                    gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *q = p;

      while (q < end && *q != '&' && *q != '<' && *q != '>' && *q != '"')
        q++;
      g_string_append_len (out, p, q - p);
      if (q == end)
        break;
      switch (*q)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        default: g_string_append (out, "&quot;"); break;
        }
      p = q + 1;
    }
}

/* Walks marked text line by line and cell by cell. */
typedef struct
{
  const char *p;
  const char *end;
} Lines;

static gboolean
next_line (Lines       *lines,
           const char **line,
           gsize       *len)
{
  const char *q;

  if (lines->p >= lines->end)
    return FALSE;
  q = memchr (lines->p, '\n', (gsize) (lines->end - lines->p));
  if (q == NULL)
    q = lines->end;
  *line = lines->p;
  *len = (gsize) (q - lines->p);
  lines->p = q + 1;
  return TRUE;
}

/* The next cell of a line; @cell_len excludes the CELL. */
static gboolean
next_cell (const char **p,
           const char  *end,
           const char **cell_text,
           gsize       *cell_len)
{
  const char *q;

  if (*p > end)
    return FALSE;
  q = memchr (*p, CELL, (gsize) (end - *p));
  if (q == NULL)
    q = end;
  *cell_text = *p;
  *cell_len = (gsize) (q - *p);
  *p = q + 1;
  return TRUE;
}

/* Runs of one paragraph or cell: text between SPLIT marks. */
static void
append_runs (GString    *out,
             const char *text,
             gsize       len,
             const char *open,
             const char *close)
{
  const char *p = text;
  const char *end = text + len;

  while (p <= end)
    {
      const char *q = memchr (p, SPLIT, (gsize) (end - p));

      if (q == NULL)
        q = end;
      g_string_append (out, open);
      append_xml_escaped (out, p, (gsize) (q - p));
      g_string_append (out, close);
      p = q + 1;
    }
}

/* -- archives through libarchive ------------------------------------------ */

typedef enum
{
  ARC_ZIP,          /* deflate, UTF-8 names */
  ARC_ZIP_STORE,    /* stored: ODF needs its mimetype uncompressed and first */
  ARC_ZIP_GBK,      /* names in GBK without the UTF-8 flag, as Windows writes them */
  ARC_TAR_GZ,
  ARC_TAR_BZ2,
  ARC_TAR_XZ,
  ARC_7Z,
} ArcFormat;

typedef struct
{
  struct archive *a;
  GByteArray     *out;
  gboolean        failed;
} Arc;

static la_ssize_t
arc_write_cb (struct archive *a,
              void           *data,
              const void     *buffer,
              size_t          n)
{
  Arc *arc = data;

  g_byte_array_append (arc->out, buffer, (guint) n);
  return (la_ssize_t) n;
}

static Arc *
arc_new (ArcFormat format)
{
  Arc *arc = g_new0 (Arc, 1);
  struct archive *a = archive_write_new ();
  int r = ARCHIVE_OK;

  arc->a = a;
  arc->out = g_byte_array_new ();
  switch (format)
    {
    case ARC_ZIP:
      archive_write_set_format_zip (a);
      r = archive_write_set_options (a, "zip:compression-level=1,zip:hdrcharset=UTF-8");
      break;
    case ARC_ZIP_STORE:
      archive_write_set_format_zip (a);
      r = archive_write_set_options (a, "zip:compression=store,zip:hdrcharset=UTF-8");
      break;
    case ARC_ZIP_GBK:
      archive_write_set_format_zip (a);
      r = archive_write_set_options (a, "zip:compression-level=1,zip:hdrcharset=GBK");
      break;
    case ARC_TAR_GZ:
      archive_write_set_format_pax_restricted (a);
      archive_write_add_filter_gzip (a);
      r = archive_write_set_options (a, "gzip:compression-level=1,gzip:!timestamp");
      break;
    case ARC_TAR_BZ2:
      archive_write_set_format_pax_restricted (a);
      archive_write_add_filter_bzip2 (a);
      break;
    case ARC_TAR_XZ:
      archive_write_set_format_pax_restricted (a);
      archive_write_add_filter_xz (a);
      r = archive_write_set_options (a, "xz:compression-level=1");
      break;
    case ARC_7Z:
    default:
      archive_write_set_format_7zip (a);
      break;
    }
  if (r != ARCHIVE_OK)
    arc->failed = TRUE;
  archive_write_set_bytes_in_last_block (a, 1);
  if (archive_write_open (a, arc, NULL, arc_write_cb, NULL) != ARCHIVE_OK)
    arc->failed = TRUE;
  return arc;
}

static void
arc_add (Arc        *arc,
         const char *name,
         const void *data,
         gsize       len)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_copy_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) len);
  archive_entry_set_mtime (entry, MEMBER_MTIME, 0);
  if (archive_write_header (arc->a, entry) != ARCHIVE_OK ||
      (len > 0 && archive_write_data (arc->a, data, len) != (la_ssize_t) len))
    arc->failed = TRUE;
  archive_entry_free (entry);
}

static void
arc_add_string (Arc           *arc,
                const char    *name,
                const GString *s)
{
  arc_add (arc, name, s->str, s->len);
}

static void
arc_add_bytes (Arc        *arc,
               const char *name,
               GBytes     *bytes)
{
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  arc_add (arc, name, data, len);
}

static GBytes *
arc_finish (Arc     *arc,
            GError **error)
{
  GBytes *bytes = NULL;

  if (archive_write_close (arc->a) != ARCHIVE_OK)
    arc->failed = TRUE;
  if (arc->failed)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "libarchive: %s",
                 archive_error_string (arc->a) != NULL ? archive_error_string (arc->a) : "failed");
  else
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&arc->out));
  archive_write_free (arc->a);
  if (arc->out != NULL)
    g_byte_array_unref (arc->out);
  g_free (arc);
  return bytes;
}

/* -- the corpus ---------------------------------------------------------- */

/* Files are written by a thread of their own, so that generating the
 * next file overlaps with the disk taking the last one. */
#define MAX_PENDING_BYTES (128 * MIB)

typedef struct
{
  char   *path;     /* NULL: no more files */
  GBytes *bytes;
} WriteJob;

typedef struct
{
  char          *dir;
  GHashTable    *labels;
  CdCorpusStats  stats;
  guint64        seed;
  guint64        next_id;   /* seeds one Gen per document */
  gboolean       sparse;    /* writing the bulk */
  GIConv         to_gbk;

  GThread       *writer;
  GAsyncQueue   *jobs;
  GMutex         lock;
  GCond          written;
  gsize          pending;
  GError        *write_error;
} Corpus;

static gpointer
writer_thread (gpointer data)
{
  Corpus *c = data;

  for (;;)
    {
      WriteJob *job = g_async_queue_pop (c->jobs);
      g_autoptr(GError) error = NULL;
      gsize len = 0;
      gconstpointer bytes;
      gboolean failed;

      if (job->path == NULL)
        {
          g_free (job);
          return NULL;
        }
      bytes = g_bytes_get_data (job->bytes, &len);
      g_mutex_lock (&c->lock);
      failed = c->write_error != NULL;
      g_mutex_unlock (&c->lock);
      if (!failed)
        {
          FILE *f = fopen (job->path, "wb");
          gboolean ok = f != NULL && fwrite (bytes, 1, len, f) == len;

          if (f != NULL && fclose (f) != 0)
            ok = FALSE;
          if (!ok)
            g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", job->path, g_strerror (errno));
        }
      g_mutex_lock (&c->lock);
      c->pending -= len;
      if (error != NULL && c->write_error == NULL)
        c->write_error = g_steal_pointer (&error);
      g_cond_signal (&c->written);
      g_mutex_unlock (&c->lock);
      g_bytes_unref (job->bytes);
      g_free (job->path);
      g_free (job);
    }
}

/* Waits for the files queued so far; FALSE with the first write error. */
static gboolean
corpus_finish_writes (Corpus  *c,
                      GError **error)
{
  WriteJob *stop = g_new0 (WriteJob, 1);

  if (c->writer == NULL)
    return TRUE;
  g_async_queue_push (c->jobs, stop);
  g_thread_join (g_steal_pointer (&c->writer));
  if (c->write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&c->write_error));
      return FALSE;
    }
  return TRUE;
}

static void
corpus_gen (Corpus *c,
            Gen    *g)
{
  gen_init (g, c->seed * G_GUINT64_CONSTANT (0x100000001b3) + ++c->next_id);
  g->sparse = c->sparse;
}

/* Moves what @g planted into the labels, at this location. */
static void
corpus_flush (Corpus     *c,
              Gen        *g,
              const char *file,
              const char *member,
              guint       page)
{
  for (guint k = 0; k < CD_CORPUS_N_KINDS; k++)
    {
      if (g->counts[k] > 0)
        cd_corpus_counts_add (c->labels, file, member, page, kind_names[k], g->counts[k]);
      c->stats.planted[k] += g->counts[k];
      g->counts[k] = 0;
    }
  c->stats.negatives += g->negatives;
  g->negatives = 0;
}

static gboolean
corpus_write (Corpus      *c,
              const char  *rel,
              const void  *data,
              gsize        len,
              GError     **error)
{
  g_autofree char *path = g_build_filename (c->dir, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  WriteJob *job;

  if (g_mkdir_with_parents (parent, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", parent, g_strerror (saved));
      return FALSE;
    }

  g_mutex_lock (&c->lock);
  while (c->pending > 0 && c->pending + len > MAX_PENDING_BYTES && c->write_error == NULL)
    g_cond_wait (&c->written, &c->lock);
  if (c->write_error != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, c->write_error->message);
      g_mutex_unlock (&c->lock);
      return FALSE;
    }
  c->pending += len;
  g_mutex_unlock (&c->lock);

  job = g_new0 (WriteJob, 1);
  job->path = g_steal_pointer (&path);
  job->bytes = g_bytes_new (data, len);
  g_async_queue_push (c->jobs, job);
  c->stats.n_files++;
  c->stats.n_bytes += len;
  return TRUE;
}

static gboolean
corpus_write_bytes (Corpus      *c,
                    const char  *rel,
                    GBytes      *bytes,
                    GError     **error)
{
  gsize len = 0;
  gconstpointer data = g_bytes_get_data (bytes, &len);

  return corpus_write (c, rel, data, len, error);
}

static GString *
to_gbk (Corpus        *c,
        const GString *utf8)
{
  gsize in_left = utf8->len;
  char *in = utf8->str;
  GString *out = g_string_sized_new (utf8->len);
  gsize out_left;
  char *o;

  g_iconv (c->to_gbk, NULL, NULL, NULL, NULL);
  g_string_set_size (out, utf8->len + 16);
  o = out->str;
  out_left = out->len;
  if (g_iconv (c->to_gbk, &in, &in_left, &o, &out_left) == (gsize) -1)
    g_error ("corpus: text not representable in GBK near “%.24s”", in);
  g_string_set_size (out, (gsize) (o - out->str));
  return out;
}

static GString *
to_utf16le_bom (const GString *utf8)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (utf8->str, (glong) utf8->len, NULL, &n, NULL);
  GString *out = g_string_sized_new ((gsize) n * 2 + 2);

  g_assert (units != NULL);
  g_string_append_len (out, "\xff\xfe", 2);
  for (glong i = 0; i < n; i++)
    {
      g_string_append_c (out, (char) (units[i] & 0xff));
      g_string_append_c (out, (char) (units[i] >> 8));
    }
  return out;
}

/* A document's marked text and the counts planted in it. */
static GString *
make_marked (Corpus  *c,
             Gen     *g,
             Content  content,
             gsize    target,
             gboolean split)
{
  GString *marked = g_string_sized_new (target + 4096);

  corpus_gen (c, g);
  g->split = split;
  gen_content (g, content, marked, target);
  return marked;
}

/* -- text formats --------------------------------------------------------- */

typedef enum
{
  TEXT_UTF8,
  TEXT_GBK,
  TEXT_UTF16,
} TextEncoding;

static GString *
render_text (Corpus        *c,
             const GString *marked,
             const char    *sep,
             TextEncoding   encoding)
{
  g_autoptr(GString) plain = render_plain (marked, sep);

  switch (encoding)
    {
    case TEXT_GBK:
      return to_gbk (c, plain);
    case TEXT_UTF16:
      return to_utf16le_bom (plain);
    case TEXT_UTF8:
    default:
      return g_steal_pointer (&plain);
    }
}

static gboolean
write_text_file (Corpus        *c,
                 const char    *rel,
                 Content        content,
                 gsize          target,
                 const char    *sep,
                 TextEncoding   encoding,
                 GError       **error)
{
  Gen g;
  g_autoptr(GString) marked = make_marked (c, &g, content, target, FALSE);
  g_autoptr(GString) text = render_text (c, marked, sep, encoding);

  corpus_flush (c, &g, rel, NULL, 0);
  return corpus_write (c, rel, text->str, text->len, error);
}

/* -- HTML: a WeChat-like chat export -------------------------------------- */

static GString *
render_chat_html (Gen      *g,
                  gsize     target,
                  gboolean  gbk)
{
  GString *out = g_string_sized_new (target + 4096);
  g_autoptr(GString) msg = g_string_new (NULL);
  guint n = 0;

  g_string_append (out, "<!DOCTYPE html>\n<html>\n<head>\n");
  g_string_append (out, gbk ? "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">\n"
                            : "<meta charset=\"utf-8\">\n");
  g_string_append (out, "<title>微信聊天记录 - 客户服务群</title>\n"
                        "<style>.msg{margin:6px 0}.time{color:#999}.nick{font-weight:bold}</style>\n"
                        "<script>var exportVersion = \"3.9.7\";</script>\n"
                        "</head>\n<body>\n<div class=\"chat\">\n");
  while (out->len < target)
    {
      g_string_truncate (msg, 0);
      g_string_append (out, "<div class=\"msg\"><span class=\"time\">");
      put_date (g, out, 2023, 1);
      g_string_append_c (out, ' ');
      put_time (g, out);
      g_string_append (out, "</span> <span class=\"nick\">");
      put_name (g, out);
      g_string_append (out, "</span><div class=\"content\">");
      switch (n++ % 7)
        {
        case 0:
          /* Entities around identifiers, and one inside an address. */
          g_string_append (out, "手机&nbsp;");
          put_mobile (g, out);
          g_string_append (out, " &lt;请回电&gt; &amp; 谢谢");
          break;
        case 1:
          g_string_append (out, "&quot;身份证&quot;：");
          put_resident_id (g, out);
          break;
        case 2:
          {
            char user[16];

            g_snprintf (user, sizeof user, "%s%u", PICK (g, pinyin_surnames), 10 + below (g, 90));
            g_string_append (out, "邮箱 ");
            g_string_append (out, user);
            g_string_append (out, "&#64;");
            g_string_append (out, PICK (g, mail_domains));
            g_string_append (out, "&#x3002;");   /* 。 */
            g->counts[CD_CORPUS_EMAIL]++;
          }
          break;
        case 3:
          put_chat_message (g, msg);
          append_xml_escaped (out, msg->str, msg->len);
          break;
        case 4:
          g_string_append (out, "出差用的");
          put_passport (g, out);
          g_string_append (out, "<br>到了再联系");
          break;
        case 5:
          put_negative (g, out, NEG_WRONG_CHECK);
          g_string_append (out, "&nbsp;已发货");
          break;
        default:
          g_string_append (out, PICK (g, chat_lines));
          break;
        }
      g_string_append (out, "</div></div>\n");
    }
  g_string_append (out, "</div>\n</body>\n</html>\n");
  return out;
}

static gboolean
write_html (Corpus      *c,
            const char  *rel,
            gsize        target,
            gboolean     gbk,
            GError     **error)
{
  Gen g;
  g_autoptr(GString) html = NULL;

  corpus_gen (c, &g);
  html = render_chat_html (&g, target, gbk);
  corpus_flush (c, &g, rel, NULL, 0);
  if (gbk)
    {
      g_autoptr(GString) encoded = to_gbk (c, html);

      return corpus_write (c, rel, encoded->str, encoded->len, error);
    }
  return corpus_write (c, rel, html->str, html->len, error);
}

/* -- OOXML ---------------------------------------------------------------- */

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static GString *
docx_document (Gen           *g,
               const GString *marked)
{
  GString *out = g_string_sized_new (marked->len * 3);
  Lines lines = { marked->str, marked->str + marked->len };
  const char *line;
  gsize len;
  gboolean in_table = FALSE;

  g_string_append (out, XML_DECL
                   "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                   "<w:body>");
  while (next_line (&lines, &line, &len))
    {
      gboolean row = memchr (line, CELL, len) != NULL;

      if (row && !in_table)
        g_string_append (out, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>");
      else if (!row && in_table)
        g_string_append (out, "</w:tbl>");
      in_table = row;

      if (row)
        {
          const char *p = line;
          const char *text;
          gsize text_len;

          g_string_append (out, "<w:tr>");
          while (next_cell (&p, line + len, &text, &text_len))
            {
              g_string_append (out, "<w:tc><w:tcPr><w:tcW w:w=\"1200\" w:type=\"dxa\"/></w:tcPr><w:p>");
              append_runs (out, text, text_len, "<w:r><w:t xml:space=\"preserve\">", "</w:t></w:r>");
              g_string_append (out, "</w:p></w:tc>");
            }
          g_string_append (out, "</w:tr>");
          continue;
        }

      g_string_append (out, "<w:p><w:pPr><w:spacing w:after=\"120\"/></w:pPr>");
      if (below (g, 4) == 0)
        g_string_append (out, "<w:proofErr w:type=\"spellStart\"/>");
      /* What Word leaves between runs: proofing marks, font hints. */
      append_runs (out, line, len,
                   below (g, 2) ? "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">"
                                : "<w:r><w:t xml:space=\"preserve\">",
                   below (g, 2) ? "</w:t></w:r><w:proofErr w:type=\"gramEnd\"/>" : "</w:t></w:r>");
      g_string_append (out, "</w:p>");
    }
  if (in_table)
    g_string_append (out, "</w:tbl>");
  g_string_append (out, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>");
  return out;
}

static void
add_ooxml_common (Arc        *arc,
                  const char *content_types,
                  const char *main_rel_type,
                  const char *main_part)
{
  g_autoptr(GString) rels = g_string_new (XML_DECL);

  arc_add (arc, "[Content_Types].xml", content_types, strlen (content_types));
  g_string_append_printf (rels,
                          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                          "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s\" Target=\"%s\"/>"
                          "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
                          "</Relationships>", main_rel_type, main_part);
  arc_add_string (arc, "_rels/.rels", rels);
}

/* docProps/core.xml, with the author's e-mail address in it when @g. */
static GString *
ooxml_core (Gen *g)
{
  GString *out = g_string_new (XML_DECL
                               "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                               "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                               "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                               "<dc:title>清算资料</dc:title><dc:creator>");
  if (g != NULL)
    {
      g_autoptr(GString) creator = g_string_new (NULL);
      gboolean split = g->split;

      /* Metadata is one string: no runs to cut it into. */
      g->split = FALSE;
      put_name (g, creator);
      g_string_append (creator, " ");
      put_email (g, creator);
      g->split = split;
      append_xml_escaped (out, creator->str, creator->len);
    }
  else
    g_string_append (out, "财务部");
  g_string_append (out, "</dc:creator><cp:lastModifiedBy>admin</cp:lastModifiedBy>"
                        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-11-05T12:30:45Z</dcterms:created>"
                        "</cp:coreProperties>");
  return out;
}

/* A .docx of @marked; SPLIT marks become run boundaries. */
static GBytes *
make_docx (Gen            *g,
           const GString  *marked,
           gboolean        core_identifier,
           GError        **error)
{
  static const char content_types[] = XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>";
  Arc *arc = arc_new (ARC_ZIP);
  g_autoptr(GString) document = docx_document (g, marked);
  g_autoptr(GString) core = ooxml_core (core_identifier ? g : NULL);

  add_ooxml_common (arc, content_types, "officeDocument", "word/document.xml");
  arc_add_string (arc, "word/document.xml", document);
  arc_add_string (arc, "docProps/core.xml", core);
  return arc_finish (arc, error);
}

static void
column_name (guint    col,
             GString *out)
{
  char name[4];
  guint n = 0;

  col++;
  while (col > 0 && n < sizeof name)
    {
      name[n++] = (char) ('A' + (col - 1) % 26);
      col = (col - 1) / 26;
    }
  while (n > 0)
    g_string_append_c (out, name[--n]);
}

/* An .xlsx of @marked: table rows as rows, other lines in column A. Cells
 * are shared strings (each used once; split ones as rich text) or inline
 * strings. */
static GBytes *
make_xlsx (Gen            *g,
           const GString  *marked,
           GError        **error)
{
  static const char content_types[] = XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "</Types>";
  static const char workbook[] = XML_DECL
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"客户\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
  static const char workbook_rels[] = XML_DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
  Arc *arc = arc_new (ARC_ZIP);
  g_autoptr(GString) sheet = g_string_sized_new (marked->len * 2);
  g_autoptr(GString) shared = g_string_sized_new (marked->len * 2);
  g_autoptr(GString) sst = g_string_sized_new (marked->len * 2 + 256);
  g_autoptr(GString) core = ooxml_core (NULL);
  Lines lines = { marked->str, marked->str + marked->len };
  const char *line;
  gsize len;
  guint row = 0;
  guint n_shared = 0;

  g_string_append (sheet, XML_DECL
                   "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
  while (next_line (&lines, &line, &len))
    {
      const char *p = line;
      const char *text;
      gsize text_len;
      guint col = 0;

      row++;
      g_string_append_printf (sheet, "<row r=\"%u\">", row);
      while (next_cell (&p, line + len, &text, &text_len))
        {
          gboolean split = memchr (text, SPLIT, text_len) != NULL;

          if (text_len == 0)
            {
              col++;
              continue;
            }
          g_string_append (sheet, "<c r=\"");
          column_name (col++, sheet);
          g_string_append_printf (sheet, "%u\"", row);
          if (below (g, 3) == 0)
            {
              g_string_append (sheet, " t=\"inlineStr\"><is>");
              if (split)
                append_runs (sheet, text, text_len, "<r><t xml:space=\"preserve\">", "</t></r>");
              else
                append_runs (sheet, text, text_len, "<t xml:space=\"preserve\">", "</t>");
              g_string_append (sheet, "</is></c>");
            }
          else
            {
              g_string_append_printf (sheet, " t=\"s\"><v>%u</v></c>", n_shared++);
              g_string_append (shared, "<si>");
              if (split)
                append_runs (shared, text, text_len, "<r><rPr><sz val=\"11\"/></rPr><t xml:space=\"preserve\">", "</t></r>");
              else
                append_runs (shared, text, text_len, "<t xml:space=\"preserve\">", "</t>");
              g_string_append (shared, "</si>");
            }
        }
      g_string_append (sheet, "</row>");
    }
  g_string_append (sheet, "</sheetData></worksheet>");
  g_string_append_printf (sst, XML_DECL "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                          "count=\"%u\" uniqueCount=\"%u\">", n_shared, n_shared);
  g_string_append_len (sst, shared->str, (gssize) shared->len);
  g_string_append (sst, "</sst>");

  add_ooxml_common (arc, content_types, "officeDocument", "xl/workbook.xml");
  arc_add (arc, "xl/workbook.xml", workbook, strlen (workbook));
  arc_add (arc, "xl/_rels/workbook.xml.rels", workbook_rels, strlen (workbook_rels));
  arc_add_string (arc, "xl/sharedStrings.xml", sst);
  arc_add_string (arc, "xl/worksheets/sheet1.xml", sheet);
  arc_add_string (arc, "docProps/core.xml", core);
  return arc_finish (arc, error);
}

/* A .pptx: @n_slides slides, the lines of @marked dealt out in order. */
static GBytes *
make_pptx (const GString  *marked,
           guint           n_slides,
           GError        **error)
{
  Arc *arc = arc_new (ARC_ZIP);
  g_autoptr(GString) content_types = g_string_new (XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/ppt/presentation.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>");
  g_autoptr(GString) presentation = g_string_new (XML_DECL
    "<p:presentation xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><p:sldIdLst>");
  g_autoptr(GString) pres_rels = g_string_new (XML_DECL
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
  g_autoptr(GString) core = ooxml_core (NULL);
  g_autoptr(GPtrArray) slides = g_ptr_array_new_with_free_func (string_free);
  Lines lines = { marked->str, marked->str + marked->len };
  guint n_lines = 0;

  for (gsize i = 0; i < marked->len; i++)
    n_lines += marked->str[i] == '\n';

  for (guint slide = 1; slide <= n_slides; slide++)
    {
      GString *xml = g_string_new (XML_DECL
        "<p:sld xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
        "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"><p:cSld><p:spTree>"
        "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Content\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>"
        "<p:txBody><a:bodyPr/><a:lstStyle/>");
      guint quota = (n_lines + n_slides - 1) / n_slides;
      const char *line;
      gsize len;

      while (quota-- > 0 && next_line (&lines, &line, &len))
        {
          g_autoptr(GString) text = g_string_sized_new (len + 16);

          /* Table rows become one paragraph, cells joined with " | ". */
          for (gsize i = 0; i < len; i++)
            {
              if (line[i] == CELL)
                g_string_append (text, " | ");
              else
                g_string_append_c (text, line[i]);
            }
          g_string_append (xml, "<a:p>");
          append_runs (xml, text->str, text->len, "<a:r><a:rPr lang=\"zh-CN\"/><a:t>", "</a:t></a:r>");
          g_string_append (xml, "</a:p>");
        }
      g_string_append (xml, "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>");
      g_ptr_array_add (slides, xml);
      g_string_append_printf (content_types, "<Override PartName=\"/ppt/slides/slide%u.xml\" "
                              "ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>",
                              slide);
      g_string_append_printf (presentation, "<p:sldId id=\"%u\" r:id=\"rId%u\"/>", 255 + slide, slide);
      g_string_append_printf (pres_rels, "<Relationship Id=\"rId%u\" "
                              "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide\" "
                              "Target=\"slides/slide%u.xml\"/>", slide, slide);
    }
  g_string_append (content_types, "</Types>");
  g_string_append (presentation, "</p:sldIdLst></p:presentation>");
  g_string_append (pres_rels, "</Relationships>");

  add_ooxml_common (arc, content_types->str, "officeDocument", "ppt/presentation.xml");
  arc_add_string (arc, "ppt/presentation.xml", presentation);
  arc_add_string (arc, "ppt/_rels/presentation.xml.rels", pres_rels);
  for (guint i = 0; i < slides->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("ppt/slides/slide%u.xml", i + 1);

      arc_add_string (arc, name, g_ptr_array_index (slides, i));
    }
  arc_add_string (arc, "docProps/core.xml", core);
  return arc_finish (arc, error);
}

/* -- ODF ------------------------------------------------------------------ */

#define ODF_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
               "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
               "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
               "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" office:version=\"1.3\""

static GBytes *
make_odf (Gen            *g,
          const GString  *marked,
          gboolean        spreadsheet,
          GError        **error)
{
  const char *mimetype = spreadsheet ? "application/vnd.oasis.opendocument.spreadsheet"
                                     : "application/vnd.oasis.opendocument.text";
  Arc *arc = arc_new (ARC_ZIP_STORE);
  g_autoptr(GString) content = g_string_sized_new (marked->len * 2);
  g_autoptr(GString) manifest = g_string_new (NULL);
  Lines lines = { marked->str, marked->str + marked->len };
  const char *line;
  gsize len;
  gboolean in_table = FALSE;

  g_string_append (content, XML_DECL "<office:document-content " ODF_NS ">"
                   "<office:automatic-styles><style:style style:name=\"T1\" style:family=\"text\"/></office:automatic-styles>"
                   "<office:body>");
  g_string_append (content, spreadsheet ? "<office:spreadsheet><table:table table:name=\"员工\">"
                                        : "<office:text>");
  while (next_line (&lines, &line, &len))
    {
      gboolean row = spreadsheet || memchr (line, CELL, len) != NULL;
      const char *p = line;
      const char *text;
      gsize text_len;

      if (!spreadsheet && row && !in_table)
        g_string_append (content, "<table:table table:name=\"表1\">");
      else if (!spreadsheet && !row && in_table)
        g_string_append (content, "</table:table>");
      in_table = row;

      if (!row)
        {
          gboolean heading = below (g, 8) == 0;

          g_string_append (content, heading ? "<text:h text:outline-level=\"2\">" : "<text:p>");
          append_runs (content, line, len, "<text:span text:style-name=\"T1\">", "</text:span>");
          g_string_append (content, heading ? "</text:h>" : "</text:p>");
          continue;
        }

      g_string_append (content, "<table:table-row>");
      while (next_cell (&p, line + len, &text, &text_len))
        {
          if (text_len == 0)
            {
              g_string_append (content, "<table:table-cell/>");
              continue;
            }
          g_string_append (content, "<table:table-cell office:value-type=\"string\"><text:p>");
          append_runs (content, text, text_len, "<text:span text:style-name=\"T1\">", "</text:span>");
          g_string_append (content, "</text:p></table:table-cell>");
        }
      g_string_append (content, "</table:table-row>");
    }
  if (!spreadsheet && in_table)
    g_string_append (content, "</table:table>");
  g_string_append (content, spreadsheet ? "</table:table></office:spreadsheet>" : "</office:text>");
  g_string_append (content, "</office:body></office:document-content>");

  g_string_append_printf (manifest, XML_DECL
                          "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
                          "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"%s\"/>"
                          "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                          "</manifest:manifest>", mimetype);
  arc_add (arc, "mimetype", mimetype, strlen (mimetype));
  arc_add_string (arc, "content.xml", content);
  arc_add_string (arc, "META-INF/manifest.xml", manifest);
  return arc_finish (arc, error);
}

/* -- PDF ------------------------------------------------------------------ */

static void
append_pdf_string (GString    *out,
                   const char *text,
                   gsize       len)
{
  g_string_append_c (out, '(');
  for (gsize i = 0; i < len; i++)
    {
      char ch = text[i];

      if (ch == '(' || ch == ')' || ch == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, ch);
    }
  g_string_append_c (out, ')');
}

/* A PDF text string in UTF-16BE with its byte-order mark, as hex. */
static void
append_pdf_utf16 (GString    *out,
                  const char *utf8)
{
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);

  g_string_append (out, "<FEFF");
  for (glong i = 0; i < n; i++)
    g_string_append_printf (out, "%04X", units[i]);
  g_string_append_c (out, '>');
}

typedef struct
{
  GString *out;
  GArray  *offsets;   /* guint64 per object, from 1 */
} Pdf;

static void
pdf_begin_object (Pdf *pdf)
{
  guint64 offset = pdf->out->len;

  g_array_append_val (pdf->offsets, offset);
  g_string_append_printf (pdf->out, "%u 0 obj\n", pdf->offsets->len);
}

#define PDF_LINES_PER_PAGE 64

/* @pages: one string of ASCII lines per page. Object numbers: 1 catalog,
 * 2 pages, 3 font, 4 info, then per page its page and content objects,
 * then the annotations. With @extras, page 1 has a text field whose value
 * is @field_value and the last page a note whose contents are @note. */
static GString *
make_pdf (GPtrArray  *pages,
          const char *author,
          const char *field_value,
          const char *note)
{
  Pdf pdf = { g_string_sized_new (65536), g_array_new (FALSE, FALSE, sizeof (guint64)) };
  guint n_pages = pages->len;
  guint first_page = 5;
  guint field_obj = first_page + 2 * n_pages;
  guint note_obj = field_obj + 1;
  guint n_objects = note_obj;
  guint64 xref;

  g_string_append (pdf.out, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");

  pdf_begin_object (&pdf);
  g_string_append (pdf.out, "<< /Type /Catalog /Pages 2 0 R");
  if (field_value != NULL)
    g_string_append_printf (pdf.out, " /AcroForm << /Fields [%u 0 R] /DA (/Helv 0 Tf 0 g) >>", field_obj);
  g_string_append (pdf.out, " >>\nendobj\n");

  pdf_begin_object (&pdf);
  g_string_append (pdf.out, "<< /Type /Pages /Kids [");
  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (pdf.out, "%u 0 R ", first_page + 2 * i);
  g_string_append_printf (pdf.out, "] /Count %u >>\nendobj\n", n_pages);

  pdf_begin_object (&pdf);
  g_string_append (pdf.out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n");

  pdf_begin_object (&pdf);
  g_string_append (pdf.out, "<< /Title (Liquidation records) /Producer (closure-desk corpus) /Author ");
  append_pdf_utf16 (pdf.out, author != NULL ? author : "Finance");
  g_string_append (pdf.out, " >>\nendobj\n");

  for (guint i = 0; i < n_pages; i++)
    {
      const GString *text = g_ptr_array_index (pages, i);
      g_autoptr(GString) stream = g_string_sized_new (text->len + 1024);
      Lines lines = { text->str, text->str + text->len };
      const char *line;
      gsize len;

      g_string_append (stream, "BT /F1 8 Tf 11 TL 36 760 Td\n");
      while (next_line (&lines, &line, &len))
        {
          append_pdf_string (stream, line, len);
          g_string_append (stream, " Tj T*\n");
        }
      g_string_append (stream, "ET\n");

      pdf_begin_object (&pdf);
      g_string_append_printf (pdf.out, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                              "/Resources << /Font << /F1 3 0 R >> >> /Contents %u 0 R", first_page + 2 * i + 1);
      if ((i == 0 && field_value != NULL) || (i == n_pages - 1 && note != NULL))
        {
          g_string_append (pdf.out, " /Annots [");
          if (i == 0 && field_value != NULL)
            g_string_append_printf (pdf.out, "%u 0 R ", field_obj);
          if (i == n_pages - 1 && note != NULL)
            g_string_append_printf (pdf.out, "%u 0 R", note_obj);
          g_string_append (pdf.out, "]");
        }
      g_string_append (pdf.out, " >>\nendobj\n");

      pdf_begin_object (&pdf);
      g_string_append_printf (pdf.out, "<< /Length %" G_GSIZE_FORMAT " >>\nstream\n", stream->len);
      g_string_append_len (pdf.out, stream->str, (gssize) stream->len);
      g_string_append (pdf.out, "endstream\nendobj\n");
    }

  /* Always written so the numbering holds; unreferenced when not used. */
  pdf_begin_object (&pdf);
  g_string_append_printf (pdf.out, "<< /Type /Annot /Subtype /Widget /FT /Tx /T (contact_phone) /V ");
  append_pdf_string (pdf.out, field_value != NULL ? field_value : "", field_value != NULL ? strlen (field_value) : 0);
  g_string_append_printf (pdf.out, " /Rect [36 36 236 56] /F 4 /P %u 0 R /DA (/Helv 10 Tf 0 g) >>\nendobj\n", first_page);

  pdf_begin_object (&pdf);
  g_string_append (pdf.out, "<< /Type /Annot /Subtype /Text /Rect [500 700 520 720] /Contents ");
  append_pdf_string (pdf.out, note != NULL ? note : "", note != NULL ? strlen (note) : 0);
  g_string_append_printf (pdf.out, " /Name /Comment /P %u 0 R >>\nendobj\n", first_page + 2 * (n_pages - 1));

  g_assert (pdf.offsets->len == n_objects);
  xref = pdf.out->len;
  g_string_append_printf (pdf.out, "xref\n0 %u\n0000000000 65535 f \n", n_objects + 1);
  for (guint i = 0; i < n_objects; i++)
    g_string_append_printf (pdf.out, "%010" G_GUINT64_FORMAT " 00000 n \n", g_array_index (pdf.offsets, guint64, i));
  g_string_append_printf (pdf.out, "trailer\n<< /Size %u /Root 1 0 R /Info 4 0 R >>\nstartxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n",
                          n_objects + 1, xref);
  g_array_unref (pdf.offsets);
  return pdf.out;
}

/* A PDF of @n_pages pages of ASCII records, labelled per page under
 * @file/@member; with @extras, a form field (page 1), a note (last page)
 * and an author (no page) carry identifiers too. */
static GString *
build_pdf (Corpus     *c,
           const char *file,
           const char *member,
           guint       n_pages,
           gboolean    extras)
{
  Gen g;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (string_free);
  g_autoptr(GString) author = g_string_new (NULL);
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GString) note = g_string_new (NULL);
  GString *pdf;

  corpus_gen (c, &g);
  g.ascii = TRUE;
  for (guint i = 0; i < n_pages; i++)
    {
      GString *page = g_string_sized_new (PDF_LINES_PER_PAGE * 80);

      gen_ascii_records (&g, page, PDF_LINES_PER_PAGE);
      g_ptr_array_add (pages, page);
      corpus_flush (c, &g, file, member, i + 1);
    }

  if (extras)
    {
      /* The metadata's author: a name and a mobile number, no page. */
      g_string_append (author, "张伟 ");
      g.ascii = FALSE;
      put_mobile (&g, author);
      corpus_flush (c, &g, file, member, 0);
      g.ascii = TRUE;

      put_mobile (&g, field);
      corpus_flush (c, &g, file, member, 1);

      g_string_append (note, "Checked with ");
      put_passport (&g, note);
      g_string_append (note, " and ");
      put_email (&g, note);
      corpus_flush (c, &g, file, member, n_pages);
    }

  pdf = make_pdf (pages, extras ? author->str : NULL, extras ? field->str : NULL, extras ? note->str : NULL);
  return pdf;
}

/* -- mail ----------------------------------------------------------------- */

static void
append_base64_lines (GString      *out,
                     const guint8 *data,
                     gsize         len)
{
  g_autofree char *b64 = g_base64_encode (data, len);
  gsize n = strlen (b64);

  for (gsize i = 0; i < n; i += 76)
    {
      g_string_append_len (out, b64 + i, (gssize) MIN (76, n - i));
      g_string_append_c (out, '\n');
    }
}

/* Quoted-printable (RFC 2045): lines of at most 76 characters with soft
 * breaks, which may fall inside an identifier. */
static void
append_quoted_printable (GString    *out,
                         const char *text,
                         gsize       len)
{
  guint column = 0;

  for (gsize i = 0; i < len; i++)
    {
      guchar ch = (guchar) text[i];
      char encoded[4];
      guint width;

      if (ch == '\n')
        {
          g_string_append_c (out, '\n');
          column = 0;
          continue;
        }
      if (ch == '=' || ch >= 0x7f || (ch < 0x20 && ch != '\t') ||
          ((ch == ' ' || ch == '\t') && (i + 1 == len || text[i + 1] == '\n')))
        {
          g_snprintf (encoded, sizeof encoded, "=%02X", ch);
          width = 3;
        }
      else
        {
          encoded[0] = (char) ch;
          encoded[1] = '\0';
          width = 1;
        }
      if (column + width > 75)
        {
          g_string_append (out, "=\n");
          column = 0;
        }
      g_string_append (out, encoded);
      column += width;
    }
}

/* "=?UTF-8?B?…?=" for a header. */
static void
append_encoded_word (GString    *out,
                     const char *utf8)
{
  g_autofree char *b64 = g_base64_encode ((const guchar *) utf8, strlen (utf8));

  g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
}

static void
append_mail_headers (Gen        *g,
                     GString    *out,
                     const char *subject,
                     guint       day)
{
  g_autoptr(GString) name = g_string_new (NULL);

  put_name (g, name);
  g_string_append (out, "From: ");
  append_encoded_word (out, name->str);
  g_string_append (out, " <");
  put_email (g, out);
  g_string_append (out, ">\nTo: ");
  append_encoded_word (out, "清算组");
  g_string_append (out, " <");
  put_email (g, out);
  g_string_append (out, ">\nSubject: ");
  append_encoded_word (out, subject);
  /* No Message-ID: it has the shape of an e-mail address. */
  g_string_append_printf (out, "\nDate: Sun, %02u Nov 2023 12:30:45 +0800\nMIME-Version: 1.0\n", day);
}

/* One message: headers, a base64 GBK text part, a quoted-printable HTML
 * part and a zip attachment holding a text file. @file/@member: where
 * the message sits, for the labels of the attachment. */
static GString *
build_eml (Corpus      *c,
           const char  *file,
           GError     **error)
{
  Gen g;
  GString *out = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) body_gbk = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autoptr(GString) marked = NULL;
  g_autoptr(GString) inner = NULL;
  g_autoptr(GBytes) zip = NULL;
  g_autofree char *member = NULL;
  Arc *arc;

  corpus_gen (c, &g);
  append_mail_headers (&g, out, "客户资料补充（请勿外传）", 5);
  g_string_append (out, "Content-Type: multipart/mixed; boundary=\"----=_Part_0_corpus\"\n\n"
                        "This is a multi-part message in MIME format.\n\n"
                        "------=_Part_0_corpus\n"
                        "Content-Type: text/plain; charset=\"GBK\"\n"
                        "Content-Transfer-Encoding: base64\n\n");
  g_string_append (body, "各位好：\n附件是需要补充的客户资料，请查收。\n客户");
  put_name (&g, body);
  g_string_append (body, "，身份证号");
  put_resident_id (&g, body);
  g_string_append (body, "，手机");
  put_mobile (&g, body);
  g_string_append (body, "，");
  put_passport (&g, body);
  g_string_append (body, "。\n另：");
  put_negative (&g, body, NEG_WRONG_CHECK);
  g_string_append (body, "已作废。\n");
  body_gbk = to_gbk (c, body);
  append_base64_lines (out, (const guint8 *) body_gbk->str, body_gbk->len);

  g_string_append (out, "\n------=_Part_0_corpus\n"
                        "Content-Type: text/html; charset=\"UTF-8\"\n"
                        "Content-Transfer-Encoding: quoted-printable\n\n");
  g_string_append (html, "<html><body><p>退款账户：");
  g_string_append (html, PICK (&g, banks));
  g_string_append (html, "，卡号");
  put_bank_card (&g, html);
  g_string_append (html, "</p><p>公司统一社会信用代码：");
  put_uscc (&g, html);
  g_string_append (html, "，联系电话");
  put_landline (&g, html);
  g_string_append (html, "，请回复至");
  put_email (&g, html);
  g_string_append (html, "。</p></body></html>\n");
  append_quoted_printable (out, html->str, html->len);
  corpus_flush (c, &g, file, NULL, 0);

  /* The attachment: a zip with a customer list in it. */
  marked = make_marked (c, &g, CONTENT_CUSTOMERS, 3000, FALSE);
  inner = render_text (c, marked, ",", TEXT_UTF8);
  member = g_strdup ("客户资料.zip!/客户清单.csv");
  corpus_flush (c, &g, file, member, 0);
  arc = arc_new (ARC_ZIP);
  arc_add_string (arc, "客户清单.csv", inner);
  zip = arc_finish (arc, error);
  if (zip == NULL)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  g_string_append (out, "\n------=_Part_0_corpus\n"
                        "Content-Type: application/zip; name=\"=?UTF-8?B?5a6i5oi36LWE5paZLnppcA==?=\"\n"
                        "Content-Transfer-Encoding: base64\n"
                        "Content-Disposition: attachment; filename*=UTF-8''%E5%AE%A2%E6%88%B7%E8%B5%84%E6%96%99.zip\n\n");
  append_base64_lines (out, g_bytes_get_data (zip, NULL), g_bytes_get_size (zip));
  g_string_append (out, "\n------=_Part_0_corpus--\n");
  return out;
}

/* Three plain messages in mbox format: the members message-1 to -3. */
static GString *
build_mbox (Corpus     *c,
            const char *file)
{
  static const char * const subjects[] = { "退款申请", "发票信息", "离职交接" };
  Gen g;
  GString *out = g_string_new (NULL);

  corpus_gen (c, &g);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GString) body = g_string_new (NULL);

      g_string_append_printf (out, "From MAILER-DAEMON Sun Nov  %u 12:30:45 2023\n", 5 + i);
      append_mail_headers (&g, out, subjects[i], 5 + i);
      g_string_append (out, i == 1 ? "Content-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n"
                                   : "Content-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: 8bit\n\n");
      for (guint j = 0; j < 6; j++)
        {
          put_chat_message (&g, body);
          g_string_append_c (body, '\n');
        }
      g_string_append (body, "联系人手机：");
      put_mobile (&g, body);
      g_string_append (body, "\n");
      if (i == 1)
        append_quoted_printable (out, body->str, body->len);
      else
        g_string_append_len (out, body->str, (gssize) body->len);
      g_string_append (out, "\n");

      /* Each message of a mailbox is a member of it, headers included. */
      {
        g_autofree char *member = g_strdup_printf ("message-%u", i + 1);

        corpus_flush (c, &g, file, member, 0);
      }
    }
  return out;
}

/* -- media ---------------------------------------------------------------- */

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
append_be32 (GString *out,
             guint32  v)
{
  g_string_append_c (out, (char) (v >> 24));
  g_string_append_c (out, (char) (v >> 16));
  g_string_append_c (out, (char) (v >> 8));
  g_string_append_c (out, (char) v);
}

static void
png_chunk (GString    *out,
           const char *type,
           const void *data,
           guint32     len)
{
  gsize start;

  append_be32 (out, len);
  start = out->len;
  g_string_append_len (out, type, 4);
  g_string_append_len (out, data, len);
  append_be32 (out, crc32_update (0, (const guint8 *) out->str + start, len + 4));
}

/* A 1×1 PNG whose comment holds a phone number: images are for a person
 * to look at, never read as text. */
static GString *
make_png (Gen *g)
{
  static const guint8 ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0 };
  /* zlib, one stored block: filter byte and an RGB pixel; Adler-32 at the end. */
  static const guint8 idat[] = { 0x78, 0x01, 0x01, 0x04, 0x00, 0xfb, 0xff, 0x00, 0xff, 0x80, 0x00,
                                 0x04, 0x01, 0x01, 0x80 };
  GString *out = g_string_new ("\x89PNG\r\n\x1a\n");
  g_autoptr(GString) text = g_string_new ("Comment");
  char mobile[12];

  make_mobile (g, mobile);
  g_string_append_c (text, '\0');
  g_string_append_printf (text, "tel %s", mobile);
  png_chunk (out, "IHDR", ihdr, sizeof ihdr);
  png_chunk (out, "tEXt", text->str, (guint32) text->len);
  png_chunk (out, "IDAT", idat, sizeof idat);
  png_chunk (out, "IEND", "", 0);
  return out;
}

static GString *
make_jpeg (Gen *g)
{
  GString *out = g_string_new (NULL);
  char id[20];
  g_autoptr(GString) comment = g_string_new ("scan of ID ");

  make_resident_body (g, PICK (g, regions), 1960, 2000, id);
  id[17] = resident_check_char (id);
  g_string_append_len (comment, id, 18);
  g_string_append_len (out, "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
  g_string_append_len (out, "\xff\xfe", 2);
  g_string_append_c (out, (char) ((comment->len + 2) >> 8));
  g_string_append_c (out, (char) ((comment->len + 2) & 0xff));
  g_string_append_len (out, comment->str, (gssize) comment->len);
  for (guint i = 0; i < 512; i++)
    g_string_append_c (out, (char) (cd_corpus_rng_next (&g->rng) & 0x7f));
  g_string_append_len (out, "\xff\xd9", 2);
  return out;
}

/* An ID3v2.3 tag whose title has a phone number, then MPEG frames of silence. */
static GString *
make_mp3 (Gen *g)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) frame = g_string_new (NULL);
  char mobile[12];
  guint32 size;

  make_mobile (g, mobile);
  g_string_append_c (frame, '\0');   /* ISO-8859-1 */
  g_string_append_printf (frame, "call back %s", mobile);
  size = 10 + (guint32) frame->len;
  g_string_append_len (out, "ID3\x03\x00\x00", 6);
  g_string_append_c (out, (char) ((size >> 21) & 0x7f));
  g_string_append_c (out, (char) ((size >> 14) & 0x7f));
  g_string_append_c (out, (char) ((size >> 7) & 0x7f));
  g_string_append_c (out, (char) (size & 0x7f));
  g_string_append (out, "TIT2");
  append_be32 (out, (guint32) frame->len);
  g_string_append_len (out, "\0\0", 2);
  g_string_append_len (out, frame->str, (gssize) frame->len);
  for (guint i = 0; i < 8; i++)
    {
      g_string_append_len (out, "\xff\xfb\x90\x64", 4);
      for (guint j = 0; j < 413; j++)
        g_string_append_c (out, '\0');
    }
  return out;
}

/* -- the files ------------------------------------------------------------- */

static gboolean
write_docx_file (Corpus      *c,
                 const char  *rel,
                 const char  *member,
                 Content      content,
                 gsize        target,
                 gboolean     core_identifier,
                 GBytes     **out_bytes,
                 GError     **error)
{
  Gen g;
  g_autoptr(GString) marked = make_marked (c, &g, content, target, TRUE);
  g_autoptr(GBytes) docx = make_docx (&g, marked, core_identifier, error);

  if (docx == NULL)
    return FALSE;
  corpus_flush (c, &g, rel, member, 0);
  if (out_bytes != NULL)
    {
      *out_bytes = g_steal_pointer (&docx);
      return TRUE;
    }
  return corpus_write_bytes (c, rel, docx, error);
}

static gboolean
write_xlsx_file (Corpus      *c,
                 const char  *rel,
                 Content      content,
                 gsize        target,
                 GError     **error)
{
  Gen g;
  g_autoptr(GString) marked = make_marked (c, &g, content, target, TRUE);
  g_autoptr(GBytes) xlsx = make_xlsx (&g, marked, error);

  if (xlsx == NULL)
    return FALSE;
  corpus_flush (c, &g, rel, NULL, 0);
  return corpus_write_bytes (c, rel, xlsx, error);
}

static gboolean
write_pptx_file (Corpus      *c,
                 const char  *rel,
                 gsize        target,
                 GError     **error)
{
  Gen g;
  g_autoptr(GString) marked = make_marked (c, &g, CONTENT_CONTRACT, target, TRUE);
  g_autoptr(GBytes) pptx = make_pptx (marked, 3, error);

  if (pptx == NULL)
    return FALSE;
  corpus_flush (c, &g, rel, NULL, 0);
  return corpus_write_bytes (c, rel, pptx, error);
}

static gboolean
write_odf_file (Corpus      *c,
                const char  *rel,
                Content      content,
                gsize        target,
                gboolean     spreadsheet,
                GError     **error)
{
  Gen g;
  g_autoptr(GString) marked = make_marked (c, &g, content, target, TRUE);
  g_autoptr(GBytes) odf = make_odf (&g, marked, spreadsheet, error);

  if (odf == NULL)
    return FALSE;
  corpus_flush (c, &g, rel, NULL, 0);
  return corpus_write_bytes (c, rel, odf, error);
}

static gboolean
write_pdf_file (Corpus      *c,
                const char  *rel,
                guint        n_pages,
                gboolean     extras,
                GError     **error)
{
  g_autoptr(GString) pdf = build_pdf (c, rel, NULL, n_pages, extras);

  return corpus_write (c, rel, pdf->str, pdf->len, error);
}

/* A text member of an archive, labelled under @file and @member. */
static GString *
text_member (Corpus        *c,
             const char    *file,
             const char    *member,
             Content        content,
             gsize          target,
             const char    *sep,
             TextEncoding   encoding)
{
  Gen g;
  g_autoptr(GString) marked = make_marked (c, &g, content, target, FALSE);
  GString *text = render_text (c, marked, sep, encoding);

  corpus_flush (c, &g, file, member, 0);
  return text;
}

static Content
text_content_for (const char *name)
{
  if (g_str_has_suffix (name, ".log"))
    return CONTENT_ORDER_LOG;
  if (g_str_has_suffix (name, ".tsv"))
    return CONTENT_ROSTER;
  if (strstr (name, "聊天") != NULL)
    return CONTENT_CHAT;
  if (strstr (name, "合同") != NULL || strstr (name, "说明") != NULL)
    return CONTENT_CONTRACT;
  return CONTENT_CUSTOMERS;
}

static const char *
text_sep_for (const char *name)
{
  if (g_str_has_suffix (name, ".csv"))
    return ",";
  if (g_str_has_suffix (name, ".tsv"))
    return "\t";
  return "  ";
}

/* An archive of text members (@names, NULL-terminated), each @member_size. */
static GBytes *
text_archive (Corpus              *c,
              const char          *file,
              const char          *parent_member,
              ArcFormat            format,
              const char * const  *names,
              gsize                member_size,
              GError             **error)
{
  Arc *arc = arc_new (format);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *member = parent_member != NULL ? g_strconcat (parent_member, "!/", names[i], NULL)
                                                      : g_strdup (names[i]);
      g_autoptr(GString) text = text_member (c, file, member, text_content_for (names[i]), member_size,
                                             text_sep_for (names[i]), TEXT_UTF8);

      arc_add_string (arc, names[i], text);
    }
  return arc_finish (arc, error);
}

/* The one-of-each files: every format and every container once. */
static gboolean
write_feature_files (Corpus   *c,
                     gboolean  text_only,
                     GError  **error)
{
  if (!write_text_file (c, "客户资料/客户名单.csv", CONTENT_CUSTOMERS, 120 * 1024, ",", TEXT_UTF8, error) ||
      !write_text_file (c, "客户资料/会员导出_GBK.csv", CONTENT_CUSTOMERS, 60 * 1024, ",", TEXT_GBK, error) ||
      !write_text_file (c, "人事/员工花名册.tsv", CONTENT_ROSTER, 60 * 1024, "\t", TEXT_UTF8, error) ||
      !write_text_file (c, "合同/采购合同_UTF16.txt", CONTENT_CONTRACT, 30 * 1024, "  ", TEXT_UTF16, error) ||
      !write_text_file (c, "财务/订单系统.log", CONTENT_ORDER_LOG, 200 * 1024, "  ", TEXT_UTF8, error) ||
      !write_text_file (c, "聊天记录/客服聊天.txt", CONTENT_CHAT, 80 * 1024, "  ", TEXT_UTF8, error))
    return FALSE;
  if (text_only)
    return TRUE;

  if (!write_html (c, "聊天记录/微信聊天记录.html", 60 * 1024, TRUE, error) ||
      !write_docx_file (c, "合同/服务合同.docx", NULL, CONTENT_CONTRACT, 40 * 1024, TRUE, NULL, error) ||
      !write_docx_file (c, "客户资料/客户名单表.docx", NULL, CONTENT_CUSTOMERS, 30 * 1024, FALSE, NULL, error) ||
      !write_xlsx_file (c, "人事/员工花名册.xlsx", CONTENT_ROSTER, 60 * 1024, error) ||
      !write_xlsx_file (c, "客户资料/客户名单.xlsx", CONTENT_CUSTOMERS, 60 * 1024, error) ||
      !write_pptx_file (c, "会议/清算方案.pptx", 8 * 1024, error) ||
      !write_odf_file (c, "合同/租赁合同.odt", CONTENT_CONTRACT, 20 * 1024, FALSE, error) ||
      !write_odf_file (c, "财务/员工对账.ods", CONTENT_ROSTER, 30 * 1024, TRUE, error) ||
      !write_pdf_file (c, "合同/合同扫描件.pdf", 2, TRUE, error) ||
      !write_pdf_file (c, "财务/对账单.pdf", 6, FALSE, error))
    return FALSE;

  {
    g_autoptr(GString) eml = build_eml (c, "邮件/客户来信.eml", error);

    if (eml == NULL || !corpus_write (c, "邮件/客户来信.eml", eml->str, eml->len, error))
      return FALSE;
  }
  {
    g_autoptr(GString) mbox = build_mbox (c, "邮件/归档.mbox");

    if (!corpus_write (c, "邮件/归档.mbox", mbox->str, mbox->len, error))
      return FALSE;
  }

  {
    static const char * const gbk_names[] = {
      "客户资料/客户名单2019.csv", "客户资料/说明.txt", "员工/花名册.tsv", NULL,
    };
    static const char * const gz_names[] = { "员工档案/入职登记.txt", "员工档案/工资卡.csv", NULL };
    static const char * const bz2_names[] = { "订单/订单日志.log", NULL };
    static const char * const xz_names[] = { "聊天/客服聊天.txt", NULL };
    g_autoptr(GBytes) gbk = text_archive (c, "归档/客户资料备份.zip", NULL, ARC_ZIP_GBK, gbk_names, 20 * 1024, error);
    g_autoptr(GBytes) gz = NULL;
    g_autoptr(GBytes) bz2 = NULL;
    g_autoptr(GBytes) xz = NULL;

    if (gbk == NULL || !corpus_write_bytes (c, "归档/客户资料备份.zip", gbk, error))
      return FALSE;
    gz = text_archive (c, "归档/员工档案.tar.gz", NULL, ARC_TAR_GZ, gz_names, 20 * 1024, error);
    if (gz == NULL || !corpus_write_bytes (c, "归档/员工档案.tar.gz", gz, error))
      return FALSE;
    bz2 = text_archive (c, "归档/订单.tar.bz2", NULL, ARC_TAR_BZ2, bz2_names, 30 * 1024, error);
    if (bz2 == NULL || !corpus_write_bytes (c, "归档/订单.tar.bz2", bz2, error))
      return FALSE;
    xz = text_archive (c, "归档/聊天.tar.xz", NULL, ARC_TAR_XZ, xz_names, 30 * 1024, error);
    if (xz == NULL || !corpus_write_bytes (c, "归档/聊天.tar.xz", xz, error))
      return FALSE;
  }

  {
    /* A 7z with a text file and a document. */
    const char *file = "归档/合同汇总.7z";
    Arc *arc = arc_new (ARC_7Z);
    g_autoptr(GString) text = text_member (c, file, "合同/合同汇总.txt", CONTENT_CONTRACT, 20 * 1024, "  ", TEXT_UTF8);
    g_autoptr(GBytes) docx = NULL;
    g_autoptr(GBytes) archive = NULL;

    arc_add_string (arc, "合同/合同汇总.txt", text);
    if (!write_docx_file (c, file, "合同/补充协议.docx", CONTENT_CONTRACT, 10 * 1024, FALSE, &docx, error))
      {
        arc_finish (arc, NULL);
        return FALSE;
      }
    arc_add_bytes (arc, "合同/补充协议.docx", docx);
    archive = arc_finish (arc, error);
    if (archive == NULL || !corpus_write_bytes (c, file, archive, error))
      return FALSE;
  }

  {
    /* zip ⊃ tar.gz ⊃ zip ⊃ text, and a PDF beside the tar.gz. */
    static const char * const inner_names[] = { "导出/客户.txt", NULL };
    const char *file = "归档/嵌套备份.zip";
    g_autoptr(GBytes) inner = text_archive (c, file, "2023/年度归档.tar.gz!/旧系统/导出.zip", ARC_ZIP,
                                            inner_names, 15 * 1024, error);
    g_autoptr(GBytes) middle = NULL;
    g_autoptr(GBytes) outer = NULL;
    g_autoptr(GString) readme = NULL;
    g_autoptr(GString) pdf = NULL;
    Arc *arc;

    if (inner == NULL)
      return FALSE;
    arc = arc_new (ARC_TAR_GZ);
    arc_add_bytes (arc, "旧系统/导出.zip", inner);
    middle = arc_finish (arc, error);
    if (middle == NULL)
      return FALSE;
    readme = text_member (c, file, "说明.txt", CONTENT_CONTRACT, 4 * 1024, "  ", TEXT_UTF8);
    pdf = build_pdf (c, file, "扫描件/对账单.pdf", 2, FALSE);
    arc = arc_new (ARC_ZIP);
    arc_add_string (arc, "说明.txt", readme);
    arc_add_bytes (arc, "2023/年度归档.tar.gz", middle);
    arc_add_string (arc, "扫描件/对账单.pdf", pdf);
    outer = arc_finish (arc, error);
    if (outer == NULL || !corpus_write_bytes (c, file, outer, error))
      return FALSE;
  }

  {
    Gen g;
    g_autoptr(GString) png = NULL;
    g_autoptr(GString) jpeg = NULL;
    g_autoptr(GString) mp3 = NULL;
    g_autofree char *link = g_build_filename (c->dir, "快捷方式", "客户名单.csv", NULL);
    g_autofree char *link_dir = g_path_get_dirname (link);

    corpus_gen (c, &g);
    png = make_png (&g);
    jpeg = make_jpeg (&g);
    mp3 = make_mp3 (&g);
    if (!corpus_write (c, "媒体/门店照片.png", png->str, png->len, error) ||
        !corpus_write (c, "媒体/身份证扫描.jpg", jpeg->str, jpeg->len, error) ||
        !corpus_write (c, "媒体/电话录音.mp3", mp3->str, mp3->len, error))
      return FALSE;
    if (g_mkdir_with_parents (link_dir, 0755) != 0 || symlink ("../客户资料/客户名单.csv", link) != 0)
      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", link, g_strerror (saved));
        return FALSE;
      }
  }

  return TRUE;
}

typedef enum
{
  BULK_CSV,
  BULK_LOG,
  BULK_CHAT,
  BULK_TSV,
  BULK_GBK,
  BULK_UTF16,
  BULK_DOCX,
  BULK_XLSX,
  BULK_PDF,
  BULK_ZIP,
  BULK_TAR_GZ,
  BULK_ODT,
  BULK_HTML,
  N_BULK
} Bulk;

/* Percent of the bulk bytes, mixed and text-only (BULK_CSV first in both). */
/* Logs and chats outweigh the dense customer lists, as on a real file
 * server, so that a gigabyte does not give tens of millions of findings. */
static const guint bulk_weights[2][N_BULK] = {
  { 6, 26, 14, 2, 3, 2, 10, 6, 3, 15, 6, 4, 3 },
  { 8, 44, 32, 3, 5, 8, 0, 0, 0, 0, 0, 0, 0 },
};

static gboolean
write_bulk_file (Corpus   *c,
                 Bulk      bulk,
                 guint     index,
                 gsize     size,
                 GError  **error)
{
  g_autofree char *rel = NULL;

  switch (bulk)
    {
    case BULK_CSV:
      rel = g_strdup_printf ("批量/客户导出/客户_%04u.csv", index);
      return write_text_file (c, rel, CONTENT_CUSTOMERS, size, ",", TEXT_UTF8, error);
    case BULK_LOG:
      rel = g_strdup_printf ("批量/日志/order-%04u.log", index);
      return write_text_file (c, rel, CONTENT_ORDER_LOG, size, "  ", TEXT_UTF8, error);
    case BULK_CHAT:
      rel = g_strdup_printf ("批量/聊天/聊天记录_%04u.txt", index);
      return write_text_file (c, rel, CONTENT_CHAT, size, "  ", TEXT_UTF8, error);
    case BULK_TSV:
      rel = g_strdup_printf ("批量/人事/花名册_%04u.tsv", index);
      return write_text_file (c, rel, CONTENT_ROSTER, size, "\t", TEXT_UTF8, error);
    case BULK_GBK:
      rel = g_strdup_printf ("批量/客户导出/会员_GBK_%04u.csv", index);
      return write_text_file (c, rel, CONTENT_CUSTOMERS, size, ",", TEXT_GBK, error);
    case BULK_UTF16:
      rel = g_strdup_printf ("批量/合同/合同_UTF16_%04u.txt", index);
      return write_text_file (c, rel, CONTENT_CONTRACT, size, "  ", TEXT_UTF16, error);
    /* The XML of a part stays well below the 64 MiB a scanner holds of a
     * member (a table's XML is a dozen times its text): labels assume
     * every part is read whole. */
    case BULK_DOCX:
      rel = g_strdup_printf ("批量/合同/合同_%04u.docx", index);
      return write_docx_file (c, rel, NULL, index % 2 ? CONTENT_CONTRACT : CONTENT_CUSTOMERS,
                              index % 2 ? size * 2 : size / 2, index % 3 == 0, NULL, error);
    case BULK_XLSX:
      rel = g_strdup_printf ("批量/表格/名单_%04u.xlsx", index);
      return write_xlsx_file (c, rel, index % 2 ? CONTENT_ROSTER : CONTENT_CUSTOMERS, size * 2, error);
    case BULK_PDF:
      rel = g_strdup_printf ("批量/扫描/对账单_%04u.pdf", index);
      return write_pdf_file (c, rel, MAX (1, (guint) (size / (PDF_LINES_PER_PAGE * 90))), FALSE, error);
    case BULK_ODT:
      rel = g_strdup_printf ("批量/合同/协议_%04u.odt", index);
      return write_odf_file (c, rel, CONTENT_CONTRACT, size * 3, FALSE, error);
    case BULK_HTML:
      rel = g_strdup_printf ("批量/聊天/微信_%04u.html", index);
      return write_html (c, rel, size, index % 2 == 0, error);
    case BULK_ZIP:
    case BULK_TAR_GZ:
    default:
      {
        static const char * const names[] = {
          "导出/客户名单.csv", "导出/订单日志.log", "导出/合同汇总.txt", "导出/聊天记录.txt", NULL,
        };
        gboolean zip = bulk == BULK_ZIP;
        g_autoptr(GBytes) archive = NULL;

        rel = g_strdup_printf (zip ? "批量/备份/备份_%04u.zip" : "批量/备份/归档_%04u.tar.gz", index);
        archive = text_archive (c, rel, NULL, zip ? ARC_ZIP : ARC_TAR_GZ, names, size * 3 / 4, error);
        return archive != NULL && corpus_write_bytes (c, rel, archive, error);
      }
    }
}

/* Fills the corpus up to @target bytes with big files of every kind. */
static gboolean
write_bulk_files (Corpus   *c,
                  guint64   target,
                  gboolean  text_only,
                  GError  **error)
{
  CdCorpusRng rng;
  const guint *weights = bulk_weights[text_only ? 1 : 0];
  guint64 written[N_BULK] = { 0, };
  guint index = 0;
  /* Big files for a big corpus, small ones for the test's. */
  gsize text_size = (gsize) CLAMP (target / 48, 48 * 1024, 24 * MIB);
  gsize doc_size = (gsize) CLAMP (target / 400, 16 * 1024, 2 * MIB);

  cd_corpus_rng_init (&rng, c->seed ^ G_GUINT64_CONSTANT (0xb01cfeed));
  c->sparse = TRUE;
  while (c->stats.n_bytes < target)
    {
      Bulk bulk = BULK_CSV;
      guint64 before = c->stats.n_bytes;
      gsize size;

      /* The kind furthest below its share of the bytes goes next. */
      for (guint b = 0; b < N_BULK; b++)
        if (weights[b] > 0 && written[b] * weights[bulk] < written[bulk] * weights[b])
          bulk = b;

      switch (bulk)
        {
        case BULK_CSV:
        case BULK_LOG:
        case BULK_CHAT:
        case BULK_TSV:
        case BULK_GBK:
        case BULK_UTF16:
          size = text_size / 2 + cd_corpus_rng_below (&rng, (guint) text_size);
          break;
        case BULK_ZIP:
        case BULK_TAR_GZ:
          size = text_size / 2 + cd_corpus_rng_below (&rng, (guint) text_size / 2);
          break;
        case BULK_PDF:
        case BULK_DOCX:
        case BULK_XLSX:
        case BULK_ODT:
        case BULK_HTML:
        case N_BULK:
        default:
          size = doc_size / 2 + cd_corpus_rng_below (&rng, (guint) doc_size);
          break;
        }
      if (!write_bulk_file (c, bulk, ++index, size, error))
        return FALSE;
      written[bulk] += c->stats.n_bytes - before;
    }
  return TRUE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar ch = (guchar) *p;

      if (ch == '"' || ch == '\\')
        g_string_append_c (out, '\\');
      if (ch < 0x20)
        g_string_append_printf (out, "\\u%04x", ch);
      else
        g_string_append_c (out, (char) ch);
    }
  g_string_append_c (out, '"');
}

static gboolean
write_labels (Corpus   *c,
              GError  **error)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (c->labels), (GCompareFunc) strcmp);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *path = g_build_filename (c->dir, CD_CORPUS_LABELS, NULL);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *file = NULL;
      g_autofree char *member = NULL;
      g_autofree char *kind = NULL;
      guint page = 0;

      cd_corpus_key_split (l->data, &file, &member, &page, &kind);
      g_string_append (out, "{\"file\": ");
      append_json_string (out, file);
      g_string_append (out, ", \"member\": ");
      if (member != NULL)
        append_json_string (out, member);
      else
        g_string_append (out, "null");
      if (page > 0)
        g_string_append_printf (out, ", \"page\": %u", page);
      else
        g_string_append (out, ", \"page\": null");
      g_string_append (out, ", \"kind\": ");
      append_json_string (out, kind);
      g_string_append_printf (out, ", \"count\": %u}\n", GPOINTER_TO_UINT (g_hash_table_lookup (c->labels, l->data)));
    }
  return g_file_set_contents (path, out->str, (gssize) out->len, error);
}

/* Raise it whenever the same seed would write different files, so that a
 * kept corpus (the benchmark's) is made again. */
#define GENERATOR_VERSION 2

static char *
info_json (const CdCorpusOptions *options)
{
  return g_strdup_printf ("{\"generator\": %d, \"seed\": %" G_GUINT64_FORMAT ", \"bytes\": %" G_GUINT64_FORMAT
                          ", \"text_only\": %s}\n", GENERATOR_VERSION,
                          options->seed, options->target_bytes, options->text_only ? "true" : "false");
}

gboolean
cd_corpus_matches (const char            *dir,
                   const CdCorpusOptions *options)
{
  g_autofree char *info_path = g_build_filename (dir, CD_CORPUS_INFO, NULL);
  g_autofree char *labels_path = g_build_filename (dir, CD_CORPUS_LABELS, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected = info_json (options);

  return g_file_get_contents (info_path, &contents, NULL, NULL) &&
         g_strcmp0 (contents, expected) == 0 &&
         g_file_test (labels_path, G_FILE_TEST_IS_REGULAR);
}

static void
remove_tree (const char *path)
{
  GDir *dir;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR) &&
      (dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* An existing folder is reused only if empty or a previous corpus. */
static gboolean
prepare_dir (const char  *dir,
             GError     **error)
{
  g_autofree char *info_path = g_build_filename (dir, CD_CORPUS_INFO, NULL);
  GDir *d;
  gboolean empty;

  if (g_file_test (info_path, G_FILE_TEST_IS_REGULAR))
    remove_tree (dir);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return FALSE;
  empty = g_dir_read_name (d) == NULL;
  g_dir_close (d);
  if (!empty)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is not empty and holds no corpus: refusing to write into it", dir);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_corpus_generate (const char            *dir,
                    const CdCorpusOptions *options,
                    CdCorpusStats         *out_stats,
                    GError               **error)
{
  Corpus c = { 0, };
  g_autofree char *info = NULL;
  g_autofree char *info_path = NULL;
  gboolean ok;

  g_return_val_if_fail (dir != NULL && options != NULL, FALSE);

  /* libarchive takes member names in the locale's encoding. */
  if (!g_get_charset (NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the corpus needs a UTF-8 locale (call setlocale; LC_ALL=C.UTF-8)");
      return FALSE;
    }
  if (!prepare_dir (dir, error))
    return FALSE;

  c.dir = g_strdup (dir);
  c.labels = cd_corpus_counts_new ();
  c.seed = options->seed;
  c.to_gbk = g_iconv_open ("GBK", "UTF-8");
  g_assert (c.to_gbk != (GIConv) -1);
  g_mutex_init (&c.lock);
  g_cond_init (&c.written);
  c.jobs = g_async_queue_new ();
  c.writer = g_thread_new ("corpus-writer", writer_thread, &c);

  ok = write_feature_files (&c, options->text_only, error) &&
       write_bulk_files (&c, options->target_bytes, options->text_only, error);
  /* Always joined, even after an error. */
  if (!corpus_finish_writes (&c, ok ? error : NULL))
    ok = FALSE;
  ok = ok && write_labels (&c, error);
  if (ok)
    {
      /* Last: its presence says the corpus is complete. */
      info = info_json (options);
      info_path = g_build_filename (dir, CD_CORPUS_INFO, NULL);
      ok = g_file_set_contents (info_path, info, -1, error);
    }

  if (ok && out_stats != NULL)
    *out_stats = c.stats;
  g_iconv_close (c.to_gbk);
  g_async_queue_unref (c.jobs);
  g_mutex_clear (&c.lock);
  g_cond_clear (&c.written);
  g_clear_error (&c.write_error);
  g_hash_table_unref (c.labels);
  g_free (c.dir);
  return ok;
}

/* -- counts, labels, scan output ------------------------------------------ */

GHashTable *
cd_corpus_counts_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static char *
make_key (const char *file,
          const char *member,
          guint       page,
          const char *kind)
{
  return g_strdup_printf ("%s" KEY_SEP "%s" KEY_SEP "%u" KEY_SEP "%s", file,
                          member != NULL ? member : "", page, kind);
}

void
cd_corpus_counts_add (GHashTable *counts,
                      const char *file,
                      const char *member,
                      guint       page,
                      const char *kind,
                      guint       n)
{
  char *key = make_key (file, member, page, kind);
  gpointer old = NULL;

  if (g_hash_table_lookup_extended (counts, key, NULL, &old))
    {
      g_hash_table_replace (counts, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (old) + n));
      return;
    }
  g_hash_table_insert (counts, key, GUINT_TO_POINTER (n));
}

void
cd_corpus_key_split (const char  *key,
                     char       **file,
                     char       **member,
                     guint       *page,
                     char       **kind)
{
  g_auto(GStrv) parts = g_strsplit (key, KEY_SEP, 4);

  g_assert (g_strv_length (parts) == 4);
  if (file != NULL)
    *file = g_strdup (parts[0]);
  if (member != NULL)
    *member = parts[1][0] != '\0' ? g_strdup (parts[1]) : NULL;
  if (page != NULL)
    *page = (guint) g_ascii_strtoull (parts[2], NULL, 10);
  if (kind != NULL)
    *kind = g_strdup (parts[3]);
}

GHashTable *
cd_corpus_counts_by_file (GHashTable *counts)
{
  GHashTable *by_file = cd_corpus_counts_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *file = NULL;
      g_autofree char *kind = NULL;

      cd_corpus_key_split (key, &file, NULL, NULL, &kind);
      cd_corpus_counts_add (by_file, file, NULL, 0, kind, GPOINTER_TO_UINT (value));
    }
  return by_file;
}

guint64
cd_corpus_counts_total (GHashTable *counts)
{
  GHashTableIter iter;
  gpointer value;
  guint64 total = 0;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);
  return total;
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* 0 for null; -1 if not a number or null. */
static gint64
object_page (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return -1;
  if (JSON_NODE_HOLDS_NULL (node))
    return 0;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  return -1;
}

/* The counts of one line of labels (@with_count) or of scan output. */
static gboolean
read_line_object (JsonObject  *object,
                  gboolean     with_count,
                  const char **file,
                  const char **member,
                  gint64      *page,
                  const char **kind,
                  gint64      *count)
{
  JsonNode *member_node = json_object_get_member (object, "member");

  *file = object_string (object, "file");
  *kind = object_string (object, "kind");
  *page = object_page (object, "page");
  *member = NULL;
  *count = 1;
  if (member_node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_NULL (member_node) && (*member = object_string (object, "member")) == NULL)
    return FALSE;
  if (with_count)
    {
      JsonNode *count_node = json_object_get_member (object, "count");

      if (count_node == NULL || !JSON_NODE_HOLDS_VALUE (count_node) ||
          json_node_get_value_type (count_node) != G_TYPE_INT64)
        return FALSE;
      *count = json_node_get_int (count_node);
    }
  else if (object_string (object, "masked") == NULL || json_object_get_size (object) != 5)
    return FALSE;
  return *file != NULL && *kind != NULL && *page >= 0 && *count >= 1;
}

static gboolean
parse_line (JsonParser  *parser,
            const char  *line,
            gsize        len,
            const char  *root,
            gboolean     with_count,
            GHashTable  *counts,
            GError     **error)
{
  const char *file = NULL;
  const char *member = NULL;
  const char *kind = NULL;
  gint64 page = 0;
  gint64 count = 0;

  if (!json_parser_load_from_data (parser, line, (gssize) len, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !read_line_object (json_node_get_object (json_parser_get_root (parser)), with_count,
                         &file, &member, &page, &kind, &count))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a %s line: %.*s",
                   with_count ? "label" : "finding", (int) MIN (len, 200), line);
      return FALSE;
    }

  if (root != NULL)
    {
      gsize root_len = strlen (root);

      while (root_len > 1 && root[root_len - 1] == '/')
        root_len--;
      if (strncmp (file, root, root_len) == 0 && file[root_len] == '/')
        file += root_len + 1;
    }
  cd_corpus_counts_add (counts, file, member, (guint) page, kind, (guint) count);
  return TRUE;
}

static gboolean
parse_lines (GHashTable  *counts,
             const char  *data,
             gsize        len,
             const char  *root,
             gboolean     with_count,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *p = data;
  const char *end = data + len;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', (gsize) (end - p));
      gsize line_len = (gsize) ((eol != NULL ? eol : end) - p);

      if (line_len > 0 && !parse_line (parser, p, line_len, root, with_count, counts, error))
        return FALSE;
      p += line_len + 1;
    }
  return TRUE;
}

GHashTable *
cd_corpus_load_labels (const char  *dir,
                       GError     **error)
{
  g_autofree char *path = g_build_filename (dir, CD_CORPUS_LABELS, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GHashTable) counts = cd_corpus_counts_new ();

  if (!g_file_get_contents (path, &data, &len, error) ||
      !parse_lines (counts, data, len, NULL, TRUE, error))
    return NULL;
  return g_steal_pointer (&counts);
}

gboolean
cd_corpus_add_scan_output (GHashTable  *counts,
                           const char  *jsonl,
                           gsize        len,
                           const char  *root,
                           GError     **error)
{
  return parse_lines (counts, jsonl, len, root, FALSE, error);
}

gboolean
cd_corpus_add_scan_file (GHashTable  *counts,
                         const char  *path,
                         const char  *root,
                         GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

  if (mapped == NULL)
    return FALSE;
  return parse_lines (counts, g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                      root, FALSE, error);
}

char *
cd_corpus_diff (GHashTable *expected,
                GHashTable *found,
                guint       max_lines)
{
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GList) keys = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;
  guint n = 0;
  guint64 missing = 0;
  guint64 extra = 0;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  keys = g_list_sort (g_hash_table_get_keys (all), (GCompareFunc) strcmp);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      guint want = GPOINTER_TO_UINT (g_hash_table_lookup (expected, l->data));
      guint got = GPOINTER_TO_UINT (g_hash_table_lookup (found, l->data));
      g_autofree char *file = NULL;
      g_autofree char *member = NULL;
      g_autofree char *kind = NULL;
      guint page = 0;

      if (want == got)
        continue;
      if (want > got)
        missing += want - got;
      else
        extra += got - want;
      if (n++ >= max_lines)
        continue;
      cd_corpus_key_split (l->data, &file, &member, &page, &kind);
      g_string_append_printf (out, "  %s%s%s", file, member != NULL ? " ⟶ " : "", member != NULL ? member : "");
      if (page > 0)
        g_string_append_printf (out, " (page %u)", page);
      g_string_append_printf (out, "  %s: expected %u, found %u\n", kind, want, got);
    }
  if (n == 0)
    return NULL;
  if (n > max_lines)
    g_string_append_printf (out, "  … and %u more locations\n", n - max_lines);
  g_string_append_printf (out, "  %u locations differ: %" G_GUINT64_FORMAT " expected findings missing, %"
                          G_GUINT64_FORMAT " unexpected\n", n, missing, extra);
  return g_string_free (g_steal_pointer (&out), FALSE);
}
