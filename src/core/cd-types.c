/* SPDX-License-Identifier: GPL-3.0-or-later */
/* String ids, translated labels and lenient parsing of the core enums. Ids are
 * the stable spellings used in the case file and CSV exports; parsing also
 * accepts the English and Chinese labels consultants type in spreadsheets. */

#include "config.h"

#define G_LOG_DOMAIN "cd-types"

#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>

#include "cd-types.h"

typedef struct
{
  const char *id;
  const char *label;       /* N_() English label */
  const char *aliases[6];  /* extra spellings accepted on import */
} EnumEntry;

static const EnumEntry media[CD_N_MEDIA] = {
  { "server", N_("Server"), { "服务器", "srv", NULL } },
  { "pc", N_("PC or laptop"), { "电脑", "笔记本", "laptop", "computer", "台式机", NULL } },
  { "mobile-chat", N_("Mobile chat app"), { "手机聊天", "聊天记录", "微信", "wechat", "chat", NULL } },
  { "cloud-drive", N_("Cloud drive"), { "云盘", "网盘", "cloud", NULL } },
  { "voice-recorder", N_("Voice recorder"), { "录音笔", "录音设备", "recorder", NULL } },
  { "email", N_("E-mail"), { "邮箱", "电子邮件", "邮件", "mail", NULL } },
  { "paper", N_("Paper"), { "纸质", "纸质档案", "纸", NULL } },
  { "other", N_("Other"), { "其他", "其它", NULL } },
};

static const EnumEntry record_types[CD_N_RECORD_TYPES] = {
  { "personal", N_("Personal information"), { "个人信息", "personal information", NULL } },
  { "transaction", N_("Transaction records"), { "交易记录", "交易", "transactions", NULL } },
  { "communication", N_("Communication records"), { "沟通记录", "通讯记录", "咨询记录", "communications", NULL } },
  { "contract", N_("Contracts"), { "合同", "协议", "contracts", NULL } },
  { "recording", N_("Recordings"), { "录音", "录像", "音视频", "recordings", NULL } },
};

static const EnumEntry routes[] = {
  { "general", N_("General deregistration"), { "一般注销", "一般", NULL } },
  { "simplified", N_("Simplified deregistration"), { "简易注销", "简易", "simple", NULL } },
};

static const EnumEntry customer_kinds[] = {
  { "individual", N_("Individual"), { "个人", "自然人", "person", NULL } },
  { "enterprise", N_("Enterprise"), { "企业", "单位", "公司", "company", "organisation", NULL } },
};

static const EnumEntry member_roles[CD_N_MEMBER_ROLES] = {
  { "head", N_("Head of the liquidation group"), { "负责人", "清算组负责人", "组长", NULL } },
  { "member", N_("Member"), { "成员", "清算组成员", NULL } },
  { "legal", N_("Legal counsel"), { "法务", "律师", "lawyer", NULL } },
  { "finance", N_("Finance"), { "财务", "会计", "accountant", NULL } },
  { "other", N_("Other"), { "其他", "其它", NULL } },
};

static gboolean
lookup (const EnumEntry *entries,
        guint            n_entries,
        const char      *text,
        guint           *out_index)
{
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return FALSE;

  /* What the case file stores: the id itself (every asset row, on every
   * listing). */
  for (guint i = 0; i < n_entries; i++)
    if (strcmp (text, entries[i].id) == 0)
      {
        *out_index = i;
        return TRUE;
      }

  trimmed = g_strstrip (g_strdup (text));

  for (guint i = 0; i < n_entries; i++)
    {
      if (g_ascii_strcasecmp (trimmed, entries[i].id) == 0 ||
          g_ascii_strcasecmp (trimmed, entries[i].label) == 0 ||
          g_strcmp0 (trimmed, _(entries[i].label)) == 0)
        {
          *out_index = i;
          return TRUE;
        }

      for (guint j = 0; j < G_N_ELEMENTS (entries[i].aliases) && entries[i].aliases[j]; j++)
        if (g_ascii_strcasecmp (trimmed, entries[i].aliases[j]) == 0)
          {
            *out_index = i;
            return TRUE;
          }
    }

  return FALSE;
}

#define DEFINE_ENUM_FUNCS(prefix, Type, table)                                   \
  const char *                                                                   \
  prefix##_to_id (Type value)                                                    \
  {                                                                              \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);           \
    return table[value].id;                                                      \
  }                                                                              \
  const char *                                                                   \
  prefix##_get_label (Type value)                                                \
  {                                                                              \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (table), NULL);           \
    return _(table[value].label);                                                \
  }                                                                              \
  gboolean                                                                       \
  prefix##_from_string (const char *text,                                        \
                        Type       *out_value)                                   \
  {                                                                              \
    guint index;                                                                 \
    if (!lookup (table, G_N_ELEMENTS (table), text, &index))                     \
      return FALSE;                                                              \
    if (out_value != NULL)                                                       \
      *out_value = (Type) index;                                                 \
    return TRUE;                                                                 \
  }

DEFINE_ENUM_FUNCS (cd_medium, CdMedium, media)
DEFINE_ENUM_FUNCS (cd_record_type, CdRecordType, record_types)
DEFINE_ENUM_FUNCS (cd_route, CdRoute, routes)
DEFINE_ENUM_FUNCS (cd_customer_kind, CdCustomerKind, customer_kinds)
DEFINE_ENUM_FUNCS (cd_member_role, CdMemberRole, member_roles)

/**
 * cd_date_is_valid:
 * @iso_date: a date as YYYY-MM-DD
 *
 * Returns: %TRUE if @iso_date is a real calendar date in ISO 8601 form.
 */
gboolean
cd_date_is_valid (const char *iso_date)
{
  guint y, m, d;
  char tail;

  if (iso_date == NULL || strlen (iso_date) != 10)
    return FALSE;
  if (sscanf (iso_date, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (iso_date[4] != '-' || iso_date[7] != '-')
    return FALSE;

  return y >= 1900 && y <= 9999 && g_date_valid_dmy (d, m, y);
}

/**
 * cd_date_set_today:
 * @date: (out caller-allocates): set to today, local time
 */
void
cd_date_set_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}
