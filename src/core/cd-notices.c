/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-notices: customer letters from the case (issue 6).
 *
 * A letter is in the customer's language, which need not be the app's: the
 * words a letter prints about holdings, dispositions and dates come from
 * the two tables below, not from gettext. Everything the app shows comes
 * through gettext as usual.
 *
 * What a letter says a customer's records will undergo is what the plan
 * says now: the customer's own override (their answer to an earlier
 * letter, or the consultant's decision) wins over the asset's disposition,
 * except where the asset is kept under a legal retention rule — the law
 * comes first (PIPL Art. 47), and the plan check reports the conflict so
 * that the consultant can take the customer's records out of the asset. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-csv.h"
#include "cd-mask.h"
#include "cd-notices.h"
#include "cd-retention.h"
#include "cd-templates-resources.h"

G_DEFINE_QUARK (cd_notices_error_quark, cd_notices_error)

#define RESOURCE_PREFIX "/io/github/closuredesk/ClosureDesk/templates/"

/* -- formats --------------------------------------------------------------- */

static const char * const format_ids[] = { "pdf", "eml", "mbox", "sms" };

const char *
cd_notices_format_to_id (CdNoticesFormat format)
{
  g_return_val_if_fail (format <= CD_NOTICES_FORMAT_SMS, NULL);
  return format_ids[format];
}

gboolean
cd_notices_format_from_string (const char       *text,
                               CdNoticesFormat  *out_format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_ids); i++)
    if (g_strcmp0 (text, format_ids[i]) == 0)
      {
        *out_format = (CdNoticesFormat) i;
        return TRUE;
      }
  return FALSE;
}

CdNoticeChannel
cd_notices_format_channel (CdNoticesFormat format)
{
  switch (format)
    {
    case CD_NOTICES_FORMAT_EML:
    case CD_NOTICES_FORMAT_MBOX:
      return CD_CHANNEL_EMAIL;
    case CD_NOTICES_FORMAT_SMS:
      return CD_CHANNEL_SMS;
    case CD_NOTICES_FORMAT_PDF:
    default:
      return CD_CHANNEL_POST;
    }
}

/* -- the letter's own words, per language ------------------------------------ */

typedef struct
{
  const char *language;
  const char *honorific;                              /* individuals */
  const char *record_types[CD_N_RECORD_TYPES];        /* "%u" is the count */
  const char *record_types_one[CD_N_RECORD_TYPES];
  const char *media[CD_N_MEDIA];
  const char *destroy;
  const char *retain_until;                           /* "%s": the date */
  const char *retain;
  const char *deidentify_until;
  const char *deidentify;
  const char *anonymize;
  const char *transfer;                               /* "%s": the recipient */
  const char *not_transferred;
  const char *return_to_you;
  const char *undecided;
  const char *list_separator;
} Words;

static const Words words_zh = {
  "zh_CN",
  "先生/女士",
  { "个人资料%u份", "交易记录%u份", "沟通记录%u份", "合同%u份", "录音%u段" },
  { "个人资料%u份", "交易记录%u份", "沟通记录%u份", "合同%u份", "录音%u段" },
  { "服务器", "电脑", "手机聊天记录", "网盘", "录音设备", "电子邮件", "纸质", "其他" },
  "彻底销毁",
  "加密保存至%s，期满后销毁",
  "加密保存",
  "去标识化后保存至%s，期满后销毁",
  "去标识化后保存",
  "匿名化处理（处理后无法识别到您）",
  "移交给%s",
  "不移交，随后销毁",
  "退还给您",
  "处理方式待定，确定后另行告知",
  "，",
};

static const Words words_en = {
  "en",
  "",
  { "%u personal records", "%u transaction records", "%u communications", "%u contracts", "%u recordings" },
  { "%u personal record", "%u transaction record", "%u communication", "%u contract", "%u recording" },
  { "server", "computer", "mobile chat", "cloud drive", "voice recorder", "e-mail", "paper", "other" },
  "destroyed beyond recovery",
  "kept encrypted until %s, then destroyed",
  "kept encrypted",
  "de-identified and kept until %s, then destroyed",
  "de-identified and kept",
  "anonymized (you can no longer be identified from it)",
  "handed over to %s",
  "not handed over; then destroyed",
  "returned to you",
  "not decided yet; we will tell you when it is",
  ", ",
};

static const Words *
words_for (const char *language)
{
  return g_strcmp0 (language, "en") == 0 ? &words_en : &words_zh;
}

static const char *
normalize_language (const char *language)
{
  return g_strcmp0 (language, "en") == 0 ? "en" : "zh_CN";
}

static char *
format_date (const char *iso,
             const char *language)
{
  static const char * const months[] = { "January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December" };
  GDate d;

  if (iso == NULL || !cd_retention_date_parse (iso, &d))
    return g_strdup ("");
  if (g_strcmp0 (language, "en") == 0)
    return g_strdup_printf ("%u %s %u", g_date_get_day (&d), months[g_date_get_month (&d) - 1],
                            g_date_get_year (&d));
  return g_strdup_printf ("%u年%u月%u日", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

static char *
today_iso (void)
{
  GDate d;

  cd_date_set_today (&d);
  return cd_retention_date_format (&d);
}

static char *
iso_plus_days (const char *iso,
               guint       days)
{
  GDate d;

  if (!cd_retention_date_parse (iso, &d))
    return NULL;
  g_date_add_days (&d, days);
  return cd_retention_date_format (&d);
}

/* -- the schema ------------------------------------------------------------------ */

/**
 * cd_notices_get_schema:
 *
 * Returns: (transfer full): the variables a letter may use
 */
CdTemplateSchema *
cd_notices_get_schema (void)
{
  CdTemplateSchema *schema = cd_template_schema_new ();
  CdTemplateSchema *item;

  cd_template_schema_add (schema, "customer_name", CD_TEMPLATE_VAR_TEXT,
                          _("The customer’s name (a person or a company)"));
  cd_template_schema_add (schema, "honorific", CD_TEMPLATE_VAR_TEXT,
                          _("“先生/女士” after a person’s name in Chinese letters; empty otherwise"));
  cd_template_schema_add (schema, "is_enterprise", CD_TEMPLATE_VAR_FLAG,
                          _("Set when the customer is a company"));
  cd_template_schema_add (schema, "company", CD_TEMPLATE_VAR_TEXT, _("The dissolving company’s name"));
  cd_template_schema_add (schema, "credit_code", CD_TEMPLATE_VAR_TEXT,
                          _("The company’s unified social credit code"));
  cd_template_schema_add (schema, "company_address", CD_TEMPLATE_VAR_TEXT, _("The company’s address"));
  cd_template_schema_add (schema, "date", CD_TEMPLATE_VAR_TEXT, _("The letter’s date"));
  cd_template_schema_add (schema, "deregistration_date", CD_TEMPLATE_VAR_TEXT,
                          _("The planned deregistration date (empty if not set)"));
  cd_template_schema_add (schema, "contact", CD_TEMPLATE_VAR_TEXT,
                          _("Whom the customer answers (the case’s notice contact)"));
  cd_template_schema_add (schema, "window_days", CD_TEMPLATE_VAR_TEXT, _("The response window in days"));
  cd_template_schema_add (schema, "response_deadline", CD_TEMPLATE_VAR_TEXT,
                          _("The last day to answer: the letter’s date plus the window"));
  cd_template_schema_add (schema, "has_transfer", CD_TEMPLATE_VAR_FLAG,
                          _("Set when some of the customer’s records go to a successor"));
  cd_template_schema_add (schema, "recipient", CD_TEMPLATE_VAR_TEXT,
                          _("Who receives transferred records (PIPL Art. 22)"));
  cd_template_schema_add (schema, "recipient_contact", CD_TEMPLATE_VAR_TEXT,
                          _("The recipient’s contact (PIPL Art. 22)"));
  cd_template_schema_add (schema, "has_retention", CD_TEMPLATE_VAR_FLAG,
                          _("Set when some of the customer’s records are kept after deregistration"));
  cd_template_schema_add (schema, "retain_until", CD_TEMPLATE_VAR_TEXT,
                          _("The latest date until which a record of theirs is kept"));
  cd_template_schema_add (schema, "retention_basis", CD_TEMPLATE_VAR_TEXT,
                          _("The legal basis of that retention"));
  cd_template_schema_add (schema, "has_destruction", CD_TEMPLATE_VAR_FLAG,
                          _("Set when some of the customer’s records are destroyed"));
  cd_template_schema_add (schema, "holdings", CD_TEMPLATE_VAR_LIST,
                          _("The customer’s records, one item per asset"));
  item = cd_template_schema_get_item (schema, "holdings");
  cd_template_schema_add (item, "description", CD_TEMPLATE_VAR_TEXT,
                          _("What the asset holds of theirs, e.g. “3 contracts (paper)”"));
  cd_template_schema_add (item, "disposition", CD_TEMPLATE_VAR_TEXT,
                          _("What will be done with it, in the letter’s language"));
  return schema;
}

/* -- templates ----------------------------------------------------------------- */

static const struct
{
  const char *name;
  const char *title;
} shipped[] = {
  { "closure", N_("Closure and data-disposal notice") },
  { "transfer", N_("Transfer notice (PIPL Art. 22)") },
  { "retention", N_("Retention notice with objection window") },
  { "deletion", N_("Deletion confirmation") },
  { "thanks", N_("Thank-you letter to long-standing customers") },
  { "sms", N_("Short text message (SMS)") },
};

void
cd_notice_template_info_free (CdNoticeTemplateInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->title);
  g_free (info->languages);
  g_free (info);
}

/* A template file: "Subject: …", a blank line, the body. */
static gboolean
split_template_file (const char  *text,
                     gsize        len,
                     char       **out_subject,
                     char       **out_body)
{
  const char *end = text + len;
  const char *eol;

  if (len < 9 || strncmp (text, "Subject:", 8) != 0)
    return FALSE;
  eol = memchr (text, '\n', len);
  if (eol == NULL)
    return FALSE;
  *out_subject = g_strstrip (g_strndup (text + 8, (gsize) (eol - text - 8)));
  eol++;
  if (eol < end && *eol == '\n')
    eol++;
  *out_body = g_strndup (eol, (gsize) (end - eol));
  return TRUE;
}

gboolean
cd_notices_get_shipped_template (const char  *name,
                                 const char  *language,
                                 char       **out_subject,
                                 char       **out_body,
                                 GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  if (name != NULL && strchr (name, '/') == NULL && strchr (name, '.') == NULL)
    {
      path = g_strconcat (RESOURCE_PREFIX, normalize_language (language), "/", name, ".txt", NULL);
      bytes = g_resource_lookup_data (cd_templates_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    }
  if (bytes == NULL)
    {
      g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_NO_TEMPLATE,
                   _("There is no template “%s”; `notices templates` lists them"), name != NULL ? name : "");
      return FALSE;
    }
  data = g_bytes_get_data (bytes, &len);
  if (!split_template_file (data, len, out_subject, out_body))
    {
      g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_TEMPLATE,
                   _("The shipped template “%s” is damaged"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_notices_list_templates:
 *
 * Returns: (transfer full) (element-type CdNoticeTemplateInfo): the
 *   shipped templates, then the case's own new ones, by name
 */
GPtrArray *
cd_notices_list_templates (CdStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_notice_template_info_free);

  own = cd_store_list_case_templates (store, error);
  if (own == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (shipped); i++)
    {
      CdNoticeTemplateInfo *info = g_new0 (CdNoticeTemplateInfo, 1);

      info->name = g_strdup (shipped[i].name);
      info->title = g_strdup (_(shipped[i].title));
      info->languages = g_strdup ("zh_CN,en");
      info->shipped = TRUE;
      for (guint j = 0; j < own->len; j++)
        if (strcmp (((CdCaseTemplate *) own->pdata[j])->name, info->name) == 0)
          info->edited = TRUE;
      g_ptr_array_add (list, info);
    }

  for (guint j = 0; j < own->len; j++)
    {
      CdCaseTemplate *tmpl = own->pdata[j];
      CdNoticeTemplateInfo *info = NULL;

      for (guint i = 0; i < list->len; i++)
        if (strcmp (((CdNoticeTemplateInfo *) list->pdata[i])->name, tmpl->name) == 0)
          info = list->pdata[i];
      if (info == NULL)
        {
          info = g_new0 (CdNoticeTemplateInfo, 1);
          info->name = g_strdup (tmpl->name);
          info->title = g_strdup (tmpl->name);
          info->languages = g_strdup (tmpl->language);
          info->edited = TRUE;
          g_ptr_array_add (list, info);
        }
      else if (!info->shipped && strstr (info->languages, tmpl->language) == NULL)
        {
          char *languages = g_strconcat (info->languages, ",", tmpl->language, NULL);

          g_free (info->languages);
          info->languages = languages;
        }
    }
  return g_steal_pointer (&list);
}

gboolean
cd_notices_get_template (CdStore     *store,
                         const char  *name,
                         const char  *language,
                         char       **out_subject,
                         char       **out_body,
                         gboolean    *out_edited,
                         GError     **error)
{
  g_autoptr(GPtrArray) own = cd_store_list_case_templates (store, error);

  if (own == NULL)
    return FALSE;
  language = normalize_language (language);
  for (guint i = 0; i < own->len; i++)
    {
      CdCaseTemplate *tmpl = own->pdata[i];

      if (g_strcmp0 (tmpl->name, name) == 0 && strcmp (tmpl->language, language) == 0)
        {
          *out_subject = g_strdup (tmpl->subject);
          *out_body = g_strdup (tmpl->body);
          if (out_edited != NULL)
            *out_edited = TRUE;
          return TRUE;
        }
    }
  if (out_edited != NULL)
    *out_edited = FALSE;
  return cd_notices_get_shipped_template (name, language, out_subject, out_body, error);
}

static CdTemplate *
compile_part (const char        *source,
              CdTemplateSchema  *schema,
              gboolean           subject,
              guint             *out_line,
              guint             *out_column,
              GError           **error)
{
  g_autoptr(GError) local = NULL;
  CdTemplate *tmpl;

  if (subject && strchr (source, '\n') != NULL)
    {
      g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_TEMPLATE,
                   _("The subject must be one line"));
      return NULL;
    }
  tmpl = cd_template_compile (source, -1, schema, out_line, out_column, &local);
  if (tmpl == NULL)
    g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_TEMPLATE,
                 subject ? _("Subject: %s") : "%s", local->message);
  return tmpl;
}

gboolean
cd_notices_check_template (const char  *subject,
                           const char  *body,
                           guint       *out_line,
                           guint       *out_column,
                           gboolean    *out_in_subject,
                           GError     **error)
{
  g_autoptr(CdTemplateSchema) schema = cd_notices_get_schema ();
  g_autoptr(CdTemplate) s = NULL;
  g_autoptr(CdTemplate) b = NULL;

  if (out_line != NULL)
    *out_line = 1;
  if (out_column != NULL)
    *out_column = 1;
  if (out_in_subject != NULL)
    *out_in_subject = TRUE;
  s = compile_part (subject != NULL ? subject : "", schema, TRUE, out_line, out_column, error);
  if (s == NULL)
    return FALSE;
  if (out_in_subject != NULL)
    *out_in_subject = FALSE;
  b = compile_part (body != NULL ? body : "", schema, FALSE, out_line, out_column, error);
  return b != NULL;
}

/* -- the context --------------------------------------------------------------- */

struct _CdNoticesContext
{
  CdStore          *store;
  CdCaseInfo       *info;
  GListModel       *customers;
  GHashTable       *assets;           /* id → CdAsset */
  GHashTable       *plans;            /* asset id → CdAssetPlan */
  GHashTable       *holdings;         /* customer id → GPtrArray of CdHolding */
  GHashTable       *overrides;        /* customer id → CdCustomerPlan */
  GHashTable       *notices;          /* customer id → CdNotice */
  GPtrArray        *empty;
  CdRetentionRules *rules;
  char             *contact;
  guint             window_days;
};

void
cd_notices_context_free (CdNoticesContext *ctx)
{
  if (ctx == NULL)
    return;
  g_clear_object (&ctx->store);
  g_clear_object (&ctx->info);
  g_clear_object (&ctx->customers);
  g_clear_pointer (&ctx->assets, g_hash_table_unref);
  g_clear_pointer (&ctx->plans, g_hash_table_unref);
  g_clear_pointer (&ctx->holdings, g_hash_table_unref);
  g_clear_pointer (&ctx->overrides, g_hash_table_unref);
  g_clear_pointer (&ctx->notices, g_hash_table_unref);
  g_clear_pointer (&ctx->empty, g_ptr_array_unref);
  g_clear_object (&ctx->rules);
  g_free (ctx->contact);
  g_free (ctx);
}

static guint
setting_window_days (CdStore *store)
{
  g_autofree char *value = cd_store_get_setting (store, CD_NOTICES_SETTING_WINDOW_DAYS, NULL);
  guint64 days;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, CD_NOTICE_MAX_WINDOW_DAYS, &days, NULL))
    return (guint) days;
  return CD_NOTICE_DEFAULT_WINDOW_DAYS;
}

/* Moves the records of @array into a table keyed by their string member
 * at @key_offset (which the table borrows). */
static GHashTable *
index_by (GPtrArray      *array,
          glong           key_offset,
          GDestroyNotify  free_func)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_func);

  for (guint i = 0; i < array->len; i++)
    g_hash_table_insert (table, G_STRUCT_MEMBER (char *, array->pdata[i], key_offset), array->pdata[i]);
  g_ptr_array_set_free_func (array, NULL);
  return table;
}

/**
 * cd_notices_context_new:
 *
 * Returns: (transfer full): everything letters need, or %NULL
 */
CdNoticesContext *
cd_notices_context_new (CdStore  *store,
                        GError  **error)
{
  g_autoptr(CdNoticesContext) ctx = g_new0 (CdNoticesContext, 1);
  g_autoptr(GListModel) assets = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GPtrArray) holdings = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  guint n;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  ctx->store = g_object_ref (store);
  ctx->info = cd_store_get_case_info (store, error);
  if (ctx->info == NULL)
    return NULL;
  ctx->customers = cd_store_list_customers (store, error);
  assets = ctx->customers != NULL ? cd_store_list_assets (store, error) : NULL;
  plans = assets != NULL ? cd_store_list_asset_plans (store, error) : NULL;
  holdings = plans != NULL ? cd_store_list_holdings (store, NULL, error) : NULL;
  overrides = holdings != NULL ? cd_store_list_customer_plans (store, error) : NULL;
  notices = overrides != NULL ? cd_store_list_notices (store, error) : NULL;
  if (notices == NULL)
    return NULL;

  ctx->assets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  n = g_list_model_get_n_items (assets);
  for (guint i = 0; i < n; i++)
    {
      CdAsset *asset = g_list_model_get_item (assets, i);

      g_hash_table_insert (ctx->assets, (gpointer) cd_asset_get_id (asset), asset);
    }

  ctx->plans = index_by (plans, G_STRUCT_OFFSET (CdAssetPlan, asset_id), (GDestroyNotify) cd_asset_plan_free);

  ctx->holdings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < holdings->len; i++)
    {
      CdHolding *holding = holdings->pdata[i];
      GPtrArray *list = g_hash_table_lookup (ctx->holdings, holding->customer_id);

      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_holding_free);
          g_hash_table_insert (ctx->holdings, g_strdup (holding->customer_id), list);
        }
      g_ptr_array_add (list, holding);
    }
  g_ptr_array_set_free_func (holdings, NULL);

  ctx->overrides = index_by (overrides, G_STRUCT_OFFSET (CdCustomerPlan, customer_id),
                             (GDestroyNotify) cd_customer_plan_free);
  ctx->notices = index_by (notices, G_STRUCT_OFFSET (CdNotice, customer_id), (GDestroyNotify) cd_notice_free);

  ctx->empty = g_ptr_array_new ();
  /* Without rules a letter only loses the legal basis's wording. */
  ctx->rules = cd_retention_rules_load_default (NULL);
  ctx->contact = cd_store_get_setting (store, CD_NOTICES_SETTING_CONTACT, NULL);
  if (ctx->contact == NULL && cd_case_info_get_consultant (ctx->info) != NULL)
    ctx->contact = g_strdup (cd_case_info_get_consultant (ctx->info));
  ctx->window_days = setting_window_days (store);
  return g_steal_pointer (&ctx);
}

GListModel *
cd_notices_context_get_customers (CdNoticesContext *ctx)
{
  return ctx->customers;
}

const CdNotice *
cd_notices_context_get_notice (CdNoticesContext *ctx,
                               const char       *customer_id)
{
  return g_hash_table_lookup (ctx->notices, customer_id);
}

GPtrArray *
cd_notices_context_get_holdings (CdNoticesContext *ctx,
                                 const char       *customer_id)
{
  GPtrArray *list = g_hash_table_lookup (ctx->holdings, customer_id);

  return list != NULL ? list : ctx->empty;
}

static guint
holding_count (const CdHolding *holding)
{
  return MAX (holding->files, holding->items);
}

static const char *
ui_record_type_count (CdRecordType type,
                      guint        n)
{
  switch (type)
    {
    case CD_RECORD_TYPE_PERSONAL:
      return g_dngettext (GETTEXT_PACKAGE, "%u personal record", "%u personal records", n);
    case CD_RECORD_TYPE_TRANSACTION:
      return g_dngettext (GETTEXT_PACKAGE, "%u transaction record", "%u transaction records", n);
    case CD_RECORD_TYPE_COMMUNICATION:
      return g_dngettext (GETTEXT_PACKAGE, "%u communication", "%u communications", n);
    case CD_RECORD_TYPE_CONTRACT:
      return g_dngettext (GETTEXT_PACKAGE, "%u contract", "%u contracts", n);
    case CD_RECORD_TYPE_RECORDING:
    default:
      return g_dngettext (GETTEXT_PACKAGE, "%u recording", "%u recordings", n);
    }
}

/* The formats here are ours, each with one %s: no printf with a
 * computed format. */
static char *
subst (const char *format,
       const char *value)
{
  const char *p = strstr (format, "%s");

  if (p == NULL)
    return g_strdup (format);
  return g_strdup_printf ("%.*s%s%s", (int) (p - format), format, value, p + 2);
}

static char *
format_count (const char *format,
              guint       n)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = strstr (format, "%u");

  /* The formats are ours, with one %u; no printf with a computed format. */
  if (p == NULL)
    return g_strdup (format);
  g_string_append_len (out, format, p - format);
  g_string_append_printf (out, "%u", n);
  g_string_append (out, p + 2);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
cd_notices_context_describe_holdings (CdNoticesContext *ctx,
                                      const char       *customer_id,
                                      const char       *language)
{
  GPtrArray *holdings = cd_notices_context_get_holdings (ctx, customer_id);
  guint counts[CD_N_RECORD_TYPES] = { 0 };
  g_autoptr(GString) out = g_string_new (NULL);
  const Words *words = language != NULL ? words_for (language) : NULL;

  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *holding = holdings->pdata[i];
      CdAsset *asset = g_hash_table_lookup (ctx->assets, holding->asset_id);

      if (asset != NULL)
        counts[cd_asset_get_record_type (asset)] += holding_count (holding);
    }
  for (guint t = 0; t < CD_N_RECORD_TYPES; t++)
    {
      g_autofree char *part = NULL;

      if (counts[t] == 0)
        continue;
      if (words != NULL)
        part = format_count (counts[t] == 1 ? words->record_types_one[t] : words->record_types[t], counts[t]);
      else
        part = format_count (ui_record_type_count ((CdRecordType) t, counts[t]), counts[t]);
      if (out->len > 0)
        /* TRANSLATORS: separates "3 contracts" from "1 transaction record" */
        g_string_append (out, words != NULL ? words->list_separator : _(", "));
      g_string_append (out, part);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What happens to the customer's records in @asset_id, and the plan that
 * says so (NULL when the asset has none). */
static CdDisposition
holding_disposition (CdNoticesContext   *ctx,
                     const char         *customer_id,
                     const char         *asset_id,
                     const CdAssetPlan **out_plan,
                     gboolean           *out_excluded)
{
  const CdAssetPlan *plan = g_hash_table_lookup (ctx->plans, asset_id);
  const CdCustomerPlan *override = g_hash_table_lookup (ctx->overrides, customer_id);
  CdDisposition disposition = plan != NULL ? plan->disposition : CD_DISPOSITION_UNDECIDED;

  *out_plan = plan;
  *out_excluded = FALSE;
  if (override == NULL)
    return disposition;
  if (override->disposition != CD_DISPOSITION_UNDECIDED &&
      !(cd_disposition_retains (disposition) && plan != NULL && plan->rule_id != NULL))
    return override->disposition;
  if (override->exclude_transfer && disposition == CD_DISPOSITION_TRANSFER)
    {
      *out_excluded = TRUE;
      return CD_DISPOSITION_DESTROY;
    }
  return disposition;
}

CdDisposition
cd_notices_context_effective_disposition (CdNoticesContext *ctx,
                                          const char       *customer_id,
                                          gboolean         *out_mixed)
{
  GPtrArray *holdings = cd_notices_context_get_holdings (ctx, customer_id);
  const CdCustomerPlan *override = g_hash_table_lookup (ctx->overrides, customer_id);
  CdDisposition result = CD_DISPOSITION_UNDECIDED;

  if (out_mixed != NULL)
    *out_mixed = FALSE;
  if (override != NULL && override->disposition != CD_DISPOSITION_UNDECIDED && holdings->len == 0)
    return override->disposition;
  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *holding = holdings->pdata[i];
      const CdAssetPlan *plan;
      gboolean excluded;
      CdDisposition d = holding_disposition (ctx, customer_id, holding->asset_id, &plan, &excluded);

      if (i == 0)
        result = d;
      else if (d != result)
        {
          if (out_mixed != NULL)
            *out_mixed = TRUE;
          return CD_DISPOSITION_UNDECIDED;
        }
    }
  return result;
}

static char *
describe_disposition (const Words       *words,
                      CdDisposition      disposition,
                      const CdAssetPlan *plan,
                      gboolean           excluded,
                      const char        *language)
{
  g_autofree char *until = plan != NULL ? format_date (plan->retain_until, language) : NULL;

  if (excluded)
    return g_strdup (words->not_transferred);
  switch (disposition)
    {
    case CD_DISPOSITION_ENCRYPT_RETAIN:
      return until != NULL && *until != '\0' ? subst (words->retain_until, until)
                                              : g_strdup (words->retain);
    case CD_DISPOSITION_DEIDENTIFY_RETAIN:
      return until != NULL && *until != '\0' ? subst (words->deidentify_until, until)
                                              : g_strdup (words->deidentify);
    case CD_DISPOSITION_ANONYMIZE:
      return g_strdup (words->anonymize);
    case CD_DISPOSITION_TRANSFER:
      return subst (words->transfer, plan != NULL && plan->recipient != NULL ? plan->recipient : "");
    case CD_DISPOSITION_RETURN:
      return g_strdup (words->return_to_you);
    case CD_DISPOSITION_DESTROY:
      return g_strdup (words->destroy);
    case CD_DISPOSITION_UNDECIDED:
    default:
      return g_strdup (words->undecided);
    }
}

/**
 * cd_notices_context_values_for:
 * @language: "zh_CN" or "en"
 * @window_days: 0 for the case's setting
 *
 * Returns: (transfer full): the letter variables for @customer
 */
CdTemplateValues *
cd_notices_context_values_for (CdNoticesContext *ctx,
                               CdCustomer       *customer,
                               const char       *language,
                               guint             window_days)
{
  CdTemplateValues *values = cd_template_values_new ();
  const Words *words;
  const char *id = cd_customer_get_id (customer);
  GPtrArray *holdings = cd_notices_context_get_holdings (ctx, id);
  g_autofree char *today = today_iso ();
  g_autofree char *deadline = NULL;
  g_autofree char *text = NULL;
  g_autofree char *window = NULL;
  const CdAssetPlan *retained = NULL;
  const CdAssetPlan *transfer = NULL;
  gboolean destruction = FALSE;
  gboolean enterprise = cd_customer_get_kind (customer) == CD_CUSTOMER_KIND_ENTERPRISE;

  language = normalize_language (language);
  words = words_for (language);
  if (window_days == 0)
    window_days = ctx->window_days;

  cd_template_values_set_text (values, "customer_name", cd_customer_get_name (customer));
  cd_template_values_set_text (values, "honorific", enterprise ? "" : words->honorific);
  cd_template_values_set_flag (values, "is_enterprise", enterprise);
  cd_template_values_set_text (values, "company", cd_case_info_get_company_name (ctx->info));
  cd_template_values_set_text (values, "credit_code", cd_case_info_get_uscc (ctx->info));
  cd_template_values_set_text (values, "company_address", cd_case_info_get_address (ctx->info));
  text = format_date (today, language);
  cd_template_values_set_text (values, "date", text);
  g_free (text);
  text = format_date (cd_case_info_get_planned_deregistration (ctx->info), language);
  cd_template_values_set_text (values, "deregistration_date", text);
  g_free (text);
  cd_template_values_set_text (values, "contact",
                               ctx->contact != NULL ? ctx->contact : cd_case_info_get_company_name (ctx->info));
  window = g_strdup_printf ("%u", window_days);
  cd_template_values_set_text (values, "window_days", window);
  deadline = iso_plus_days (today, window_days);
  text = format_date (deadline, language);
  cd_template_values_set_text (values, "response_deadline", text);
  g_clear_pointer (&text, g_free);

  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *holding = holdings->pdata[i];
      CdAsset *asset = g_hash_table_lookup (ctx->assets, holding->asset_id);
      CdTemplateValues *item;
      const CdAssetPlan *plan;
      gboolean excluded;
      CdDisposition d;
      CdRecordType type;
      guint n = holding_count (holding);
      g_autofree char *count = NULL;
      g_autofree char *description = NULL;
      g_autofree char *what = NULL;

      if (asset == NULL)
        continue;
      d = holding_disposition (ctx, id, holding->asset_id, &plan, &excluded);
      type = cd_asset_get_record_type (asset);
      count = format_count (n == 1 ? words->record_types_one[type] : words->record_types[type], MAX (n, 1));
      description = g_strdup_printf (strcmp (language, "en") == 0 ? "%s (%s)" : "%s（%s）", count,
                                     words->media[cd_asset_get_medium (asset)]);
      what = describe_disposition (words, d, plan, excluded, language);
      item = cd_template_values_add_item (values, "holdings");
      cd_template_values_set_text (item, "description", description);
      cd_template_values_set_text (item, "disposition", what);

      if (cd_disposition_retains (d) && plan != NULL &&
          (retained == NULL || g_strcmp0 (plan->retain_until, retained->retain_until) > 0))
        retained = plan;
      if (d == CD_DISPOSITION_TRANSFER && !excluded && transfer == NULL && plan != NULL)
        transfer = plan;
      if (d == CD_DISPOSITION_DESTROY)
        destruction = TRUE;
    }

  cd_template_values_set_flag (values, "has_retention", retained != NULL);
  if (retained != NULL)
    {
      CdRetentionRule *rule = retained->rule_id != NULL && ctx->rules != NULL
                              ? cd_retention_rules_lookup (ctx->rules, retained->rule_id) : NULL;

      text = format_date (retained->retain_until, language);
      cd_template_values_set_text (values, "retain_until", text);
      g_clear_pointer (&text, g_free);
      if (rule != NULL)
        cd_template_values_set_text (values, "retention_basis",
                                     strcmp (language, "en") == 0 ? cd_retention_rule_get_legal_basis_en (rule)
                                                                  : cd_retention_rule_get_legal_basis (rule));
      else
        cd_template_values_set_text (values, "retention_basis",
                                     strcmp (language, "en") == 0 ? "the law" : "法律、行政法规的规定");
    }
  cd_template_values_set_flag (values, "has_transfer", transfer != NULL);
  if (transfer != NULL)
    {
      cd_template_values_set_text (values, "recipient", transfer->recipient);
      cd_template_values_set_text (values, "recipient_contact", transfer->recipient_contact);
    }
  cd_template_values_set_flag (values, "has_destruction", destruction);
  return values;
}

/* -- rendering ------------------------------------------------------------------ */

void
cd_notices_render_result_clear (CdNoticesRenderResult *result)
{
  g_clear_pointer (&result->skipped, g_ptr_array_unref);
  g_clear_pointer (&result->rendered, g_ptr_array_unref);
  memset (result, 0, sizeof *result);
}

static gboolean
blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* Whether @customer can be reached by @format. */
static gboolean
reachable (CdCustomer      *customer,
           CdNoticesFormat  format)
{
  switch (format)
    {
    case CD_NOTICES_FORMAT_EML:
    case CD_NOTICES_FORMAT_MBOX:
      return !blank (cd_customer_get_email (customer));
    case CD_NOTICES_FORMAT_SMS:
      return !blank (cd_customer_get_phone (customer));
    case CD_NOTICES_FORMAT_PDF:
    default:
      return !blank (cd_customer_get_address (customer));
    }
}

static gboolean
selected (const CdNoticesRenderOptions *options,
          CdNoticesContext             *ctx,
          GHashTable                   *ids,
          CdCustomer                   *customer)
{
  const CdNotice *notice;

  switch (options->select)
    {
    case CD_NOTICES_SELECT_IDS:
      return g_hash_table_contains (ids, cd_customer_get_id (customer));
    case CD_NOTICES_SELECT_UNANSWERED:
      notice = cd_notices_context_get_notice (ctx, cd_customer_get_id (customer));
      return notice == NULL || notice->response == CD_RESPONSE_NONE;
    case CD_NOTICES_SELECT_ALL:
    default:
      return TRUE;
    }
}

static char *
render_text (CdTemplate        *tmpl,
             CdTemplateValues  *values,
             GError           **error)
{
  return cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE, error);
}

gboolean
cd_notices_render (CdStore                      *store,
                   const CdNoticesRenderOptions *options,
                   CdNoticesRenderResult        *result,
                   GCancellable                 *cancellable,
                   GError                      **error)
{
  g_autoptr(CdNoticesContext) ctx = NULL;
  g_autoptr(CdTemplateSchema) schema = cd_notices_get_schema ();
  g_autoptr(CdTemplate) subject_tmpl = NULL;
  g_autoptr(CdTemplate) body_tmpl = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_letter_free);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *today = today_iso ();
  g_autofree char *date = NULL;
  const char *language = normalize_language (options->language);
  CdLetterhead head = { 0 };
  CdLettersStats stats = { 0 };
  guint window_days;
  guint n;
  gboolean ok;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL && options->path != NULL, FALSE);

  memset (result, 0, sizeof *result);
  result->skipped = g_ptr_array_new_with_free_func (g_free);
  result->rendered = g_ptr_array_new_with_free_func (g_free);

  if (options->template_name == NULL ||
      !cd_notices_get_template (store, options->template_name, language, &subject, &body, NULL, error))
    {
      if (options->template_name == NULL)
        g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_NO_TEMPLATE, _("No template was chosen"));
      return FALSE;
    }
  subject_tmpl = compile_part (subject, schema, TRUE, NULL, NULL, error);
  body_tmpl = subject_tmpl != NULL ? compile_part (body, schema, FALSE, NULL, NULL, error) : NULL;
  if (body_tmpl == NULL)
    return FALSE;

  if (options->format == CD_NOTICES_FORMAT_EML || options->format == CD_NOTICES_FORMAT_MBOX)
    {
      sender = g_strdup (options->sender_email);
      if (sender == NULL)
        sender = cd_store_get_setting (store, CD_NOTICES_SETTING_SENDER_EMAIL, NULL);
      if (blank (sender))
        {
          g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID,
                       _("E-mail drafts need the sender’s address: set it for the case first"));
          return FALSE;
        }
    }

  ctx = cd_notices_context_new (store, error);
  if (ctx == NULL)
    return FALSE;
  window_days = options->window_days != 0 ? options->window_days : ctx->window_days;
  if (window_days > CD_NOTICE_MAX_WINDOW_DAYS)
    {
      g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID,
                   _("The response window must be between 1 and %d days"), CD_NOTICE_MAX_WINDOW_DAYS);
      return FALSE;
    }
  if (options->select == CD_NOTICES_SELECT_IDS && options->customer_ids != NULL)
    for (guint i = 0; options->customer_ids[i] != NULL; i++)
      g_hash_table_add (ids, (gpointer) options->customer_ids[i]);

  n = g_list_model_get_n_items (ctx->customers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdCustomer) customer = g_list_model_get_item (ctx->customers, i);
      g_autoptr(CdTemplateValues) values = NULL;
      g_autoptr(CdLetter) letter = NULL;
      const char *id = cd_customer_get_id (customer);

      if (!selected (options, ctx, ids, customer))
        continue;
      g_hash_table_remove (ids, id);
      if (!reachable (customer, options->format))
        {
          g_ptr_array_add (result->skipped, g_strdup (id));
          continue;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      values = cd_notices_context_values_for (ctx, customer, language, window_days);
      letter = cd_letter_new ();
      letter->customer_id = g_strdup (id);
      letter->recipient = g_strdup (cd_customer_get_name (customer));
      letter->address = g_strdup (cd_customer_get_address (customer));
      letter->email = g_strdup (cd_customer_get_email (customer));
      letter->phone = g_strdup (cd_customer_get_phone (customer));
      letter->subject = render_text (subject_tmpl, values, error);
      if (letter->subject == NULL)
        return FALSE;
      letter->body = render_text (body_tmpl, values, error);
      if (letter->body == NULL)
        return FALSE;
      g_ptr_array_add (letters, g_steal_pointer (&letter));
      g_ptr_array_add (result->rendered, g_strdup (id));
    }

  if (g_hash_table_size (ids) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, ids);
      g_hash_table_iter_next (&iter, &key, NULL);
      g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID,
                   _("There is no customer with id “%s”"), (const char *) key);
      return FALSE;
    }
  if (letters->len == 0)
    {
      g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_NO_CUSTOMERS,
                   result->skipped->len > 0
                   ? _("None of the chosen customers can be reached this way: no address for the format")
                   : _("No customers to write to"));
      return FALSE;
    }

  date = format_date (today, language);
  head.company = cd_case_info_get_company_name (ctx->info);
  head.credit_code = cd_case_info_get_uscc (ctx->info);
  head.date = date;
  head.language = language;
  head.sender_name = NULL;
  head.sender_email = sender;

  switch (options->format)
    {
    case CD_NOTICES_FORMAT_EML:
      ok = cd_letters_write_eml (letters, &head, options->path, &stats, cancellable, error);
      break;
    case CD_NOTICES_FORMAT_MBOX:
      ok = cd_letters_write_mbox (letters, &head, options->path, &stats, cancellable, error);
      break;
    case CD_NOTICES_FORMAT_SMS:
      ok = cd_letters_write_sms (letters, options->path, &stats, error);
      break;
    case CD_NOTICES_FORMAT_PDF:
    default:
      ok = cd_letters_write_pdf (letters, &head, options->path, options->per_customer_dir, &stats,
                                 cancellable, error);
      break;
    }
  if (!ok)
    return FALSE;

  g_ptr_array_add (result->rendered, NULL);
  ok = cd_store_mark_notices_drafted (store, (const char * const *) result->rendered->pdata,
                                      options->template_name, window_days, error);
  g_ptr_array_remove_index (result->rendered, result->rendered->len - 1);
  if (!ok)
    return FALSE;

  result->letters = stats.letters;
  result->pages = stats.pages;
  result->bytes = stats.bytes;
  return TRUE;
}

char *
cd_notices_preview (CdNoticesContext  *ctx,
                    const char        *subject,
                    const char        *body,
                    CdCustomer        *customer,
                    const char        *language,
                    GError           **error)
{
  g_autoptr(CdTemplateSchema) schema = cd_notices_get_schema ();
  g_autoptr(CdTemplate) s = NULL;
  g_autoptr(CdTemplate) b = NULL;
  g_autoptr(CdTemplateValues) values = NULL;
  g_autofree char *subject_text = NULL;
  g_autofree char *body_text = NULL;

  s = compile_part (subject != NULL ? subject : "", schema, TRUE, NULL, NULL, error);
  b = s != NULL ? compile_part (body != NULL ? body : "", schema, FALSE, NULL, NULL, error) : NULL;
  if (b == NULL)
    return NULL;
  values = cd_notices_context_values_for (ctx, customer, language, 0);
  subject_text = render_text (s, values, error);
  body_text = subject_text != NULL ? render_text (b, values, error) : NULL;
  if (body_text == NULL)
    return NULL;
  return g_strconcat (subject_text, "\n\n", body_text, NULL);
}

/* -- overdue ------------------------------------------------------------------- */

static int
deadline_compare (gconstpointer a,
                  gconstpointer b)
{
  const CdNotice *x = *(CdNotice * const *) a;
  const CdNotice *y = *(CdNotice * const *) b;
  int c = g_strcmp0 (x->deadline, y->deadline);

  return c != 0 ? c : strcmp (x->customer_id, y->customer_id);
}

GPtrArray *
cd_notices_list_overdue (CdStore     *store,
                         const char  *today,
                         GError     **error)
{
  g_autoptr(GPtrArray) notices = cd_store_list_notices (store, error);
  g_autoptr(GPtrArray) overdue = NULL;
  g_autofree char *now = NULL;

  if (notices == NULL)
    return NULL;
  if (today == NULL)
    today = now = today_iso ();
  overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_notice_free);
  for (guint i = 0; i < notices->len; i++)
    if (cd_notice_is_overdue (notices->pdata[i], today))
      g_ptr_array_add (overdue, cd_notice_copy (notices->pdata[i]));
  g_ptr_array_sort (overdue, deadline_compare);
  return g_steal_pointer (&overdue);
}

/* -- a copy for the customer --------------------------------------------------- */

static gboolean
write_file (GFile       *dir,
            const char  *name,
            const char  *contents,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_get_child (dir, name);

  return g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}

static void
add_member (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
csv_row (GString     *out,
         const char **cells,
         guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      const char *c = cells[i] != NULL ? cells[i] : "";

      if (i > 0)
        g_string_append_c (out, ',');
      if (strpbrk (c, ",\"\r\n") != NULL)
        {
          g_string_append_c (out, '"');
          for (const char *p = c; *p != '\0'; p++)
            {
              if (*p == '"')
                g_string_append_c (out, '"');
              g_string_append_c (out, *p);
            }
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, c);
    }
  g_string_append (out, "\r\n");
}

/**
 * cd_notices_export_copy:
 * @dir: a folder that does not exist yet, or is empty
 *
 * Prepares the copy a customer asked for (PIPL Art. 45): their own
 * registry record (customer.json), what the case holds of theirs
 * (holdings.csv), the scanned files that mention them and no other
 * customer (files/), and the list of files that also mention others and
 * so need redaction before they can be handed over (not-copied.csv).
 */
gboolean
cd_notices_export_copy (CdStore     *store,
                        const char  *customer_id,
                        const char  *dir,
                        char       **out_warning,
                        GError     **error)
{
  g_autoptr(CdCustomer) customer = NULL;
  g_autoptr(CdNoticesContext) ctx = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) files_dir = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) holdings_csv = g_string_new (NULL);
  g_autoptr(GString) skipped_csv = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *json = NULL;
  g_autofree char *details = NULL;
  GPtrArray *holdings;
  const CdNotice *notice;
  guint copied = 0;
  guint not_copied = 0;
  GDir *existing;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);

  ctx = cd_notices_context_new (store, error);
  if (ctx == NULL)
    return FALSE;
  customer = cd_store_get_customer (store, customer_id, error);
  if (customer == NULL)
    return FALSE;
  notice = cd_notices_context_get_notice (ctx, customer_id);
  if (notice == NULL || notice->response != CD_RESPONSE_COPY)
    {
      g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID,
                   _("This customer has not asked for a copy of their records; record their response first"));
      return FALSE;
    }
  files = cd_store_list_customer_files (store, customer_id, error);
  if (files == NULL)
    return FALSE;

  existing = g_dir_open (dir, 0, NULL);
  if (existing != NULL)
    {
      gboolean empty = g_dir_read_name (existing) == NULL;

      g_dir_close (existing);
      if (!empty)
        {
          g_set_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID,
                       _("The folder for the copy must be new or empty"));
          return FALSE;
        }
    }
  else if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder for the copy: %s"), g_strerror (saved));
      return FALSE;
    }
  files_dir = g_file_get_child (folder, "files");

  json_builder_begin_object (b);
  add_member (b, "id", cd_customer_get_id (customer));
  add_member (b, "kind", cd_customer_get_kind (customer) == CD_CUSTOMER_KIND_ENTERPRISE ? "enterprise"
                                                                                        : "individual");
  add_member (b, "name", cd_customer_get_name (customer));
  add_member (b, "phone", cd_customer_get_phone (customer));
  add_member (b, "id_number", cd_customer_get_id_number (customer));
  add_member (b, "email", cd_customer_get_email (customer));
  add_member (b, "address", cd_customer_get_address (customer));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json = json_generator_to_data (gen, NULL);
  if (!write_file (folder, "customer.json", json, error))
    return FALSE;

  {
    const char *header[] = { "asset", "record_type", "medium", "records", "disposition" };

    csv_row (holdings_csv, header, G_N_ELEMENTS (header));
  }
  holdings = cd_notices_context_get_holdings (ctx, customer_id);
  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *holding = holdings->pdata[i];
      CdAsset *asset = g_hash_table_lookup (ctx->assets, holding->asset_id);
      const CdAssetPlan *plan;
      gboolean excluded;
      CdDisposition d = holding_disposition (ctx, customer_id, holding->asset_id, &plan, &excluded);
      g_autofree char *count = g_strdup_printf ("%u", holding_count (holding));
      const char *row[5];

      if (asset == NULL)
        continue;
      row[0] = holding->asset_id;
      row[1] = cd_record_type_to_id (cd_asset_get_record_type (asset));
      row[2] = cd_medium_to_id (cd_asset_get_medium (asset));
      row[3] = count;
      row[4] = excluded ? "not_transferred" : cd_disposition_to_id (d);
      csv_row (holdings_csv, row, G_N_ELEMENTS (row));
    }
  if (!write_file (folder, "holdings.csv", holdings_csv->str, error))
    return FALSE;

  {
    const char *header[] = { "file", "member", "reason" };

    csv_row (skipped_csv, header, G_N_ELEMENTS (header));
  }
  for (guint i = 0; i < files->len; i++)
    {
      const CdCustomerFile *file = files->pdata[i];
      g_autoptr(GFile) source = NULL;
      g_autoptr(GFile) target = NULL;
      g_autofree char *base = NULL;
      g_autofree char *name = NULL;
      g_autoptr(GError) local = NULL;
      const char *reason = NULL;

      if (file->path == NULL || (file->member == NULL && g_hash_table_contains (seen, file->path)))
        continue;
      if (file->member != NULL)
        reason = "inside an archive or mailbox: extract the customer's part by hand";
      else if (file->customers > 1)
        reason = "mentions other customers too: redact before handing it over";
      if (reason == NULL)
        {
          g_hash_table_add (seen, g_strdup (file->path));
          if (copied == 0 && !g_file_make_directory (files_dir, NULL, error))
            return FALSE;
          source = g_file_new_for_path (file->path);
          base = g_path_get_basename (file->path);
          name = g_strdup_printf ("%03u-%s", copied + 1, base);
          target = g_file_get_child (files_dir, name);
          if (g_file_copy (source, target, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL, &local))
            {
              copied++;
              continue;
            }
          reason = "could not be copied (moved or deleted since the scan?)";
        }
      {
        const char *row[3] = { file->path, file->member, reason };

        csv_row (skipped_csv, row, G_N_ELEMENTS (row));
        not_copied++;
      }
    }
  if (!write_file (folder, "not-copied.csv", skipped_csv->str, error))
    return FALSE;

  details = g_strdup_printf ("{\"files_copied\": %u, \"files_not_copied\": %u, \"holdings\": %u,"
                             " \"encrypted\": false}", copied, not_copied, holdings->len);
  if (!cd_store_set_copy_prepared (store, customer_id, details, error))
    return FALSE;
  if (out_warning != NULL)
    *out_warning = g_strdup_printf (_("The copy is a plain folder, not encrypted: hand it to the customer "
                                      "on an encrypted medium or in person. %u files copied; %u listed in "
                                      "not-copied.csv need attention first."), copied, not_copied);
  return TRUE;
}
