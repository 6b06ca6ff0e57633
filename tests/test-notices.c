/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Customers and notices (issue 6): holdings from scans and by hand,
 * answers and what they do to the plan, sending and deadlines, templates,
 * letters rendered as PDF, e-mail and SMS, and a customer's copy. */

#include "config.h"

#include <fcntl.h>
#include <string.h>

#include <gmime/gmime.h>

#include "cd-test-util.h"

typedef struct
{
  char *a;            /* 张三: address, phone, e-mail */
  char *b;            /* 李四: e-mail only */
  char *c;            /* an enterprise: address only */
  char *paper;        /* a paper asset, retained under a legal rule */
  char *server;       /* a scanned file's asset, to be transferred */
  char *shared;       /* a scanned file mentioning 张三 and 李四 */
  char *only_a_path;
} Case;

static void
case_clear (Case *c)
{
  g_free (c->a);
  g_free (c->b);
  g_free (c->c);
  g_free (c->paper);
  g_free (c->server);
  g_free (c->shared);
  g_free (c->only_a_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

static char *
add_customer (CdStore        *store,
              CdCustomerKind  kind,
              const char     *name,
              const char     *phone,
              const char     *email,
              const char     *address)
{
  g_autoptr(CdCustomer) customer = cd_customer_new (kind);
  g_autoptr(GError) error = NULL;

  cd_customer_set_name (customer, name);
  cd_customer_set_phone (customer, phone);
  cd_customer_set_email (customer, email);
  cd_customer_set_address (customer, address);
  g_assert_true (cd_store_add_customer (store, customer, &error));
  g_assert_no_error (error);
  return g_strdup (cd_customer_get_id (customer));
}

static CdScanFileRecord *
file_record (const char *root,
             const char *path)
{
  CdScanFileRecord *r = cd_scan_file_record_new ();

  r->path = g_strdup (path);
  r->root = g_strdup (root);
  r->status = CD_SCAN_FILE_SCANNED;
  r->content_type = g_strdup ("text/plain");
  r->size = 10;
  r->counts[CD_DETECT_MOBILE] = 1;
  return r;
}

/* Three customers; a paper asset kept 30 years; two scanned files, each
 * made an asset: one mentions only 张三 (transferred), one both. */
static void
build_case (CdTestCase *fixture,
            Case       *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdAsset) paper = cd_asset_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_asset_plan_free);
  g_autoptr(GListModel) assets = NULL;
  g_autofree char *root = g_build_filename (fixture->dir, "old-pc", NULL);
  g_autofree char *shared_path = g_build_filename (root, "members.csv", NULL);
  const char *roots[] = { root, NULL };
  CdScanFileRecord *r;
  CdAssetPlan *plan;
  gint64 scan_id;
  guint made = 0;

  c->a = add_customer (fixture->store, CD_CUSTOMER_KIND_INDIVIDUAL, "张三", "13812345678",
                       "zhang.san@example.com", "上海市徐汇区漕溪北路88号");
  c->b = add_customer (fixture->store, CD_CUSTOMER_KIND_INDIVIDUAL, "李四", NULL, "li.si@example.com", NULL);
  c->c = add_customer (fixture->store, CD_CUSTOMER_KIND_ENTERPRISE, "上海某某贸易有限公司", NULL, NULL,
                       "上海市黄浦区中山东一路1号");

  cd_asset_set_location (paper, "会员登记表（纸质）");
  cd_asset_set_medium (paper, CD_MEDIUM_PAPER);
  cd_asset_set_record_type (paper, CD_RECORD_TYPE_CONTRACT);
  g_assert_true (cd_store_add_asset (fixture->store, paper, &error));
  c->paper = g_strdup (cd_asset_get_id (paper));

  g_assert_cmpint (g_mkdir_with_parents (root, 0700), ==, 0);
  c->only_a_path = g_build_filename (root, "zhang-contract.txt", NULL);
  g_assert_true (g_file_set_contents (c->only_a_path, "合同 张三 13812345678", -1, &error));
  g_assert_true (g_file_set_contents (shared_path, "张三,李四", -1, &error));

  scan_id = cd_store_begin_scan (fixture->store, roots, &error);
  g_assert_no_error (error);
  r = file_record (root, c->only_a_path);
  g_ptr_array_add (r->customer_ids, g_strdup (c->a));
  g_ptr_array_add (records, r);
  r = file_record (root, shared_path);
  g_ptr_array_add (r->customer_ids, g_strdup (strcmp (c->a, c->b) < 0 ? c->a : c->b));
  g_ptr_array_add (r->customer_ids, g_strdup (strcmp (c->a, c->b) < 0 ? c->b : c->a));
  g_ptr_array_add (records, r);
  g_assert_true (cd_store_add_scan_records (fixture->store, scan_id, records, &error));
  g_assert_true (cd_store_finish_scan (fixture->store, scan_id, &error));
  g_assert_true (cd_store_assets_from_scan (fixture->store, scan_id, CD_SCAN_GROUP_PER_FILE, &made, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (made, ==, 2);

  assets = cd_store_list_assets (fixture->store, &error);
  for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
    {
      g_autoptr(CdAsset) asset = g_list_model_get_item (assets, i);

      if (g_strcmp0 (cd_asset_get_location (asset), c->only_a_path) == 0)
        c->server = g_strdup (cd_asset_get_id (asset));
      else if (g_strcmp0 (cd_asset_get_location (asset), shared_path) == 0)
        c->shared = g_strdup (cd_asset_get_id (asset));
    }
  g_assert_nonnull (c->server);
  g_assert_nonnull (c->shared);

  plan = cd_asset_plan_new (c->paper);
  plan->categories = CD_CATEGORY_GENERAL;
  plan->disposition = CD_DISPOSITION_ENCRYPT_RETAIN;
  plan->rule_id = g_strdup ("accounting-vouchers-30y");
  plan->retain_until = g_strdup ("2057-12-31");
  g_ptr_array_add (plans, plan);
  plan = cd_asset_plan_new (c->server);
  plan->categories = CD_CATEGORY_GENERAL;
  plan->disposition = CD_DISPOSITION_TRANSFER;
  plan->recipient = g_strdup ("上海味来餐饮管理有限公司");
  plan->recipient_contact = g_strdup ("021-62880000");
  plan->agreement_signed = TRUE;
  plan->recipient_vetted = TRUE;
  g_ptr_array_add (plans, plan);
  plan = cd_asset_plan_new (c->shared);
  plan->categories = CD_CATEGORY_GENERAL;
  plan->disposition = CD_DISPOSITION_DESTROY;
  g_ptr_array_add (plans, plan);
  g_assert_true (cd_store_set_asset_plans (fixture->store, plans, &error));
  g_assert_no_error (error);
}

static gint64
audit_count (CdStore *store)
{
  g_autoptr(GPtrArray) entries = cd_store_list_audit (store, NULL);

  return entries != NULL ? (gint64) entries->len : -1;
}

/* -- holdings ------------------------------------------------------------------- */

static void
test_holdings (CdTestCase    *fixture,
               gconstpointer  data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) of_a = NULL;
  g_autoptr(CdNoticesContext) ctx = NULL;
  g_autofree char *en = NULL;
  g_autofree char *zh = NULL;
  gint64 before;
  gboolean mixed;

  build_case (fixture, &c);
  g_assert_true (cd_store_link_customer (fixture->store, c.a, c.paper, 4, &error));
  g_assert_no_error (error);

  all = cd_store_list_holdings (fixture->store, NULL, &error);
  g_assert_no_error (error);
  /* 张三: paper (by hand), server, shared; 李四: shared. */
  g_assert_cmpuint (all->len, ==, 4);
  of_a = cd_store_list_holdings (fixture->store, c.a, &error);
  g_assert_cmpuint (of_a->len, ==, 3);
  for (guint i = 0; i < of_a->len; i++)
    {
      const CdHolding *h = of_a->pdata[i];

      g_assert_cmpstr (h->customer_id, ==, c.a);
      if (g_strcmp0 (h->asset_id, c.paper) == 0)
        {
          g_assert_cmpuint (h->sources, ==, CD_HOLDING_MANUAL);
          g_assert_cmpuint (h->items, ==, 4);
        }
      else
        {
          g_assert_cmpuint (h->sources, ==, CD_HOLDING_SCAN);
          g_assert_cmpuint (h->files, ==, 1);
        }
    }

  ctx = cd_notices_context_new (fixture->store, &error);
  g_assert_no_error (error);
  /* Scanned assets are "personal records" by default; the paper one holds contracts. */
  en = cd_notices_context_describe_holdings (ctx, c.a, "en");
  g_assert_cmpstr (en, ==, "2 personal records, 4 contracts");
  zh = cd_notices_context_describe_holdings (ctx, c.b, "zh_CN");
  g_assert_cmpstr (zh, ==, "个人资料1份");
  g_assert_cmpint (cd_notices_context_effective_disposition (ctx, c.a, &mixed), ==, CD_DISPOSITION_UNDECIDED);
  g_assert_true (mixed);
  g_assert_cmpint (cd_notices_context_effective_disposition (ctx, c.b, &mixed), ==, CD_DISPOSITION_DESTROY);
  g_assert_false (mixed);
  g_assert_cmpuint (cd_notices_context_get_holdings (ctx, c.c)->len, ==, 0);

  /* Bad links change nothing. */
  before = audit_count (fixture->store);
  g_assert_false (cd_store_link_customer (fixture->store, c.a, "no-such-asset", 1, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cd_store_link_customer (fixture->store, c.a, c.paper, 0, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A scan's link is not undone by hand. */
  g_assert_false (cd_store_unlink_customer (fixture->store, c.b, c.shared, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (fixture->store), ==, before);

  g_assert_true (cd_store_unlink_customer (fixture->store, c.a, c.paper, &error));
  g_clear_pointer (&of_a, g_ptr_array_unref);
  of_a = cd_store_list_holdings (fixture->store, c.a, &error);
  g_assert_cmpuint (of_a->len, ==, 2);
  g_assert_cmpint (audit_count (fixture->store), ==, before + 1);
}

/* -- answers -------------------------------------------------------------------- */

static const CdCustomerPlan *
find_override (GPtrArray  *overrides,
               const char *id)
{
  for (guint i = 0; i < overrides->len; i++)
    if (g_strcmp0 (((CdCustomerPlan *) overrides->pdata[i])->customer_id, id) == 0)
      return overrides->pdata[i];
  return NULL;
}

static const CdCustomerPlan *require_override (GPtrArray  *overrides,
                                               const char *id) __attribute__ ((returns_nonnull));

static const CdCustomerPlan *
require_override (GPtrArray  *overrides,
                  const char *id)
{
  const CdCustomerPlan *o = find_override (overrides, id);

  if (o == NULL)
    g_error ("no override for %s", id);
  return o;
}

static guint
count_code (GPtrArray       *problems,
            CdPlanCheckCode  code,
            CdPlanSeverity   severity)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const CdPlanProblem *p = problems->pdata[i];

      if (p->code == code && p->severity == severity)
        n++;
    }
  return n;
}

static GPtrArray *
check_case (CdStore *store)
{
  g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (store, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, 12, 2026);
  problems = cd_plan_check_case (store, plans, &today, &error);
  g_assert_no_error (error);
  return problems;
}

static void
test_responses (CdTestCase    *fixture,
                gconstpointer  data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(CdNotice) notice = NULL;
  g_autoptr(CdNoticesContext) ctx = NULL;
  const char secret[] = "请把合同原件寄回给我";
  const CdCustomerPlan *o;
  gint64 before;

  build_case (fixture, &c);
  g_assert_true (cd_store_link_customer (fixture->store, c.a, c.paper, 1, &error));

  /* Deletion: 张三's records are to be destroyed; the paper asset is kept
   * by law: a warning, not an error. */
  g_assert_true (cd_store_record_response (fixture->store, c.a, CD_RESPONSE_DELETE, NULL, "2026-11-20", &error));
  g_assert_no_error (error);
  overrides = cd_store_list_customer_plans (fixture->store, &error);
  o = require_override (overrides, c.a);
  g_assert_cmpint (o->disposition, ==, CD_DISPOSITION_DESTROY);
  g_assert_true (o->from_response);
  notice = cd_store_get_notice (fixture->store, c.a, &error);
  g_assert_cmpint (notice->response, ==, CD_RESPONSE_DELETE);
  g_assert_cmpstr (notice->responded_on, ==, "2026-11-20");
  g_assert_cmpint (notice->state, ==, CD_NOTICE_NONE);
  problems = check_case (fixture->store);
  g_assert_cmpuint (count_code (problems, CD_PLAN_CHECK_OBJECTION_RETAINED, CD_PLAN_SEVERITY_WARNING), ==, 1);
  g_assert_cmpuint (count_code (problems, CD_PLAN_CHECK_OBJECTION_RETAINED, CD_PLAN_SEVERITY_ERROR), ==, 0);
  ctx = cd_notices_context_new (fixture->store, &error);
  /* The law keeps the paper asset; the rest of 张三's records go. */
  {
    gboolean mixed;

    g_assert_cmpint (cd_notices_context_effective_disposition (ctx, c.a, &mixed), ==, CD_DISPOSITION_UNDECIDED);
    g_assert_true (mixed);
  }

  /* Without a legal rule, keeping it is an error. */
  {
    g_autoptr(GPtrArray) plans = cd_store_list_asset_plans (fixture->store, &error);

    for (guint i = 0; i < plans->len; i++)
      {
        CdAssetPlan *plan = plans->pdata[i];

        if (g_strcmp0 (plan->asset_id, c.paper) == 0)
          g_clear_pointer (&plan->rule_id, g_free);
      }
    g_assert_true (cd_store_set_asset_plans (fixture->store, plans, &error));
    g_clear_pointer (&problems, g_ptr_array_unref);
    problems = check_case (fixture->store);
    g_assert_cmpuint (count_code (problems, CD_PLAN_CHECK_OBJECTION_RETAINED, CD_PLAN_SEVERITY_ERROR), ==, 1);
    g_assert_cmpstr (((CdPlanProblem *) problems->pdata[0])->customer_id, ==, c.a);
    g_assert_cmpstr (((CdPlanProblem *) problems->pdata[0])->asset_id, ==, c.paper);
  }

  /* Changing the answer undoes the deletion. */
  g_assert_true (cd_store_record_response (fixture->store, c.a, CD_RESPONSE_NO_OBJECTION, NULL, NULL, &error));
  g_clear_pointer (&overrides, g_ptr_array_unref);
  overrides = cd_store_list_customer_plans (fixture->store, &error);
  g_assert_null (find_override (overrides, c.a));
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = check_case (fixture->store);
  g_assert_cmpuint (count_code (problems, CD_PLAN_CHECK_OBJECTION_RETAINED, CD_PLAN_SEVERITY_ERROR), ==, 0);

  /* Objection to transfer: kept out; the transferred asset warns. */
  g_assert_true (cd_store_record_response (fixture->store, c.a, CD_RESPONSE_OBJECT_TRANSFER, NULL, NULL, &error));
  g_clear_pointer (&overrides, g_ptr_array_unref);
  overrides = cd_store_list_customer_plans (fixture->store, &error);
  o = require_override (overrides, c.a);
  g_assert_true (o->exclude_transfer);
  g_assert_cmpint (o->disposition, ==, CD_DISPOSITION_UNDECIDED);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = check_case (fixture->store);
  g_assert_cmpuint (count_code (problems, CD_PLAN_CHECK_TRANSFER_OBJECTED, CD_PLAN_SEVERITY_WARNING), ==, 1);

  /* "Other" needs what they said; it is sealed, never in the file or the log. */
  before = audit_count (fixture->store);
  g_assert_false (cd_store_record_response (fixture->store, c.b, CD_RESPONSE_OTHER, "  ", NULL, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cd_store_record_response (fixture->store, c.b, CD_RESPONSE_NONE, NULL, "2026-02-30", &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cd_store_record_response (fixture->store, "nobody", CD_RESPONSE_DELETE, NULL, NULL, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (audit_count (fixture->store), ==, before);
  g_assert_true (cd_store_record_response (fixture->store, c.b, CD_RESPONSE_OTHER, secret, NULL, &error));
  g_clear_pointer (&notice, cd_notice_free);
  notice = cd_store_get_notice (fixture->store, c.b, &error);
  g_assert_cmpstr (notice->response_text, ==, secret);
  g_assert_false (cd_test_file_contains (fixture->path, secret, strlen (secret)));

  /* A passphrase change re-seals it. */
  g_assert_true (cd_store_change_passphrase (fixture->store, CD_TEST_PASSPHRASE, "新的口令 2026", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&notice, cd_notice_free);
  notice = cd_store_get_notice (fixture->store, c.b, &error);
  g_assert_cmpstr (notice->response_text, ==, secret);

  /* A manual override survives answers that do not touch it. */
  {
    g_autoptr(CdCustomerPlan) manual = cd_customer_plan_new (c.c);

    manual->disposition = CD_DISPOSITION_RETURN;
    manual->reason = g_strdup ("客户要求退还原件");
    g_assert_true (cd_store_set_customer_plan (fixture->store, manual, &error));
    g_assert_true (cd_store_record_response (fixture->store, c.c, CD_RESPONSE_COPY, NULL, NULL, &error));
    g_clear_pointer (&overrides, g_ptr_array_unref);
    overrides = cd_store_list_customer_plans (fixture->store, &error);
    o = require_override (overrides, c.c);
    g_assert_cmpint (o->disposition, ==, CD_DISPOSITION_RETURN);
    g_assert_false (o->from_response);
    g_assert_cmpstr (o->reason, ==, "客户要求退还原件");
    manual->disposition = CD_DISPOSITION_TRANSFER;
    manual->exclude_transfer = TRUE;
    g_assert_false (cd_store_set_customer_plan (fixture->store, manual, &error));
    g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  }
}

/* -- sending and deadlines ------------------------------------------------------------ */

static void
test_sent_and_overdue (CdTestCase    *fixture,
                       gconstpointer  data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(CdNotice) notice = NULL;
  const char *both[] = { NULL, NULL, NULL };
  const char *one[] = { NULL, NULL };
  gint64 before;

  build_case (fixture, &c);
  both[0] = c.a;
  both[1] = c.b;
  one[0] = c.c;

  g_assert_true (cd_store_mark_notices_drafted (fixture->store, both, "closure", 30, &error));
  notice = cd_store_get_notice (fixture->store, c.a, &error);
  g_assert_cmpint (notice->state, ==, CD_NOTICE_DRAFTED);
  g_assert_cmpstr (notice->template_name, ==, "closure");
  g_assert_null (notice->deadline);

  g_assert_true (cd_store_mark_notices_sent (fixture->store, both, "2026-10-01", CD_CHANNEL_EMAIL, 30, &error));
  g_assert_true (cd_store_mark_notices_sent (fixture->store, one, "2026-10-15", CD_CHANNEL_POST, 7, &error));
  g_assert_no_error (error);
  g_clear_pointer (&notice, cd_notice_free);
  notice = cd_store_get_notice (fixture->store, c.a, &error);
  g_assert_cmpint (notice->state, ==, CD_NOTICE_SENT);
  g_assert_cmpint (notice->channel, ==, CD_CHANNEL_EMAIL);
  g_assert_cmpstr (notice->deadline, ==, "2026-10-31");

  /* Drafting again does not un-send. */
  g_assert_true (cd_store_mark_notices_drafted (fixture->store, both, "transfer", 14, &error));
  g_clear_pointer (&notice, cd_notice_free);
  notice = cd_store_get_notice (fixture->store, c.a, &error);
  g_assert_cmpint (notice->state, ==, CD_NOTICE_SENT);
  g_assert_cmpuint (notice->window_days, ==, 30);
  g_assert_cmpstr (notice->template_name, ==, "transfer");

  /* The deadline day itself is not overdue. */
  none = cd_notices_list_overdue (fixture->store, "2026-10-22", &error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_true (cd_store_record_response (fixture->store, c.b, CD_RESPONSE_NO_OBJECTION, NULL, NULL, &error));
  overdue = cd_notices_list_overdue (fixture->store, "2026-11-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue->len, ==, 2);
  g_assert_cmpstr (((CdNotice *) overdue->pdata[0])->customer_id, ==, c.c);   /* 10-22 before 10-31 */
  g_assert_cmpstr (((CdNotice *) overdue->pdata[1])->customer_id, ==, c.a);

  /* Bad input changes nothing. */
  before = audit_count (fixture->store);
  g_assert_false (cd_store_mark_notices_sent (fixture->store, both, "2026-13-01", CD_CHANNEL_POST, 30, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cd_store_mark_notices_sent (fixture->store, both, "2026-10-01", CD_CHANNEL_POST, 0, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    const char *with_unknown[] = { c.a, "nobody", NULL };

    g_assert_false (cd_store_mark_notices_sent (fixture->store, with_unknown, "2026-11-01", CD_CHANNEL_SMS, 30,
                                                &error));
    g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  g_assert_cmpint (audit_count (fixture->store), ==, before);
  g_clear_pointer (&notice, cd_notice_free);
  notice = cd_store_get_notice (fixture->store, c.a, &error);
  g_assert_cmpint (notice->channel, ==, CD_CHANNEL_EMAIL);
}

/* -- templates ------------------------------------------------------------------ */

static void
test_templates (CdTestCase    *fixture,
                gconstpointer  data)
{
  static const char * const names[] = { "closure", "transfer", "retention", "deletion", "thanks", "sms" };
  static const char * const languages[] = { "zh_CN", "en" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  CdCaseTemplate own = { (char *) "closure", (char *) "en", (char *) "Closing {{company}}",
                         (char *) "Dear {{customer_name}},\n{{#if has_transfer}}To {{recipient}}.{{/if}}\n", 0 };
  CdCaseTemplate added = { (char *) "reminder", (char *) "zh_CN", (char *) "提醒", (char *) "{{customer_name}}", 0 };
  gboolean edited = TRUE;
  gboolean in_subject = FALSE;
  guint line = 0;
  guint column = 0;

  /* Every shipped template compiles against the letter variables. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint j = 0; j < G_N_ELEMENTS (languages); j++)
      {
        g_autofree char *s = NULL;
        g_autofree char *b = NULL;

        g_assert_true (cd_notices_get_template (fixture->store, names[i], languages[j], &s, &b, &edited, &error));
        g_assert_no_error (error);
        g_assert_false (edited);
        g_assert_cmpuint (strlen (b), >, 180);
        g_assert_true (cd_notices_check_template (s, b, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
      }
  g_assert_false (cd_notices_get_template (fixture->store, "../closure", "en", &subject, &body, NULL, &error));
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_NO_TEMPLATE);
  g_clear_error (&error);

  /* Errors say where. */
  g_assert_false (cd_notices_check_template ("Hello", "第一行\n第二行\n尊敬的{{nosuch}}", &line, &column,
                                             &in_subject, &error));
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_TEMPLATE);
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (column, ==, 6);
  g_assert_false (in_subject);
  g_assert_nonnull (strstr (error->message, "nosuch"));
  g_clear_error (&error);
  g_assert_false (cd_notices_check_template ("{{#if has_transfer}}", "x", &line, &column, &in_subject, &error));
  g_assert_true (in_subject);
  g_clear_error (&error);
  g_assert_false (cd_notices_check_template ("two\nlines", "x", NULL, NULL, NULL, &error));
  g_clear_error (&error);

  /* The case's own versions. */
  g_assert_true (cd_store_set_case_template (fixture->store, &own, &error));
  g_assert_true (cd_store_set_case_template (fixture->store, &added, &error));
  g_assert_no_error (error);
  list = cd_notices_list_templates (fixture->store, &error);
  g_assert_cmpuint (list->len, ==, 7);
  g_assert_cmpstr (((CdNoticeTemplateInfo *) list->pdata[0])->name, ==, "closure");
  g_assert_true (((CdNoticeTemplateInfo *) list->pdata[0])->edited);
  g_assert_false (((CdNoticeTemplateInfo *) list->pdata[1])->edited);
  g_assert_cmpstr (((CdNoticeTemplateInfo *) list->pdata[6])->name, ==, "reminder");
  g_assert_cmpstr (((CdNoticeTemplateInfo *) list->pdata[6])->languages, ==, "zh_CN");
  g_assert_true (cd_notices_get_template (fixture->store, "closure", "en", &subject, &body, &edited, &error));
  g_assert_true (edited);
  g_assert_cmpstr (subject, ==, "Closing {{company}}");
  g_clear_pointer (&subject, g_free);
  g_clear_pointer (&body, g_free);
  /* The zh_CN version is still the shipped one. */
  g_assert_true (cd_notices_get_template (fixture->store, "closure", "zh_CN", &subject, &body, &edited, &error));
  g_assert_false (edited);

  g_assert_true (cd_store_delete_case_template (fixture->store, "closure", "en", &error));
  g_assert_false (cd_store_delete_case_template (fixture->store, "closure", "en", &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  added.name = (char *) "Bad Name";
  g_assert_false (cd_store_set_case_template (fixture->store, &added, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  added.name = (char *) "ok";
  added.language = (char *) "fr";
  g_assert_false (cd_store_set_case_template (fixture->store, &added, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
}

/* -- letters ------------------------------------------------------------------------ */

static char *
run_capture (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error) || !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_steal_pointer (&out);
}

static void
test_render (CdTestCase    *fixture,
             gconstpointer  data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "letters.pdf", NULL);
  g_autofree char *eml_dir = g_build_filename (fixture->dir, "eml", NULL);
  g_autofree char *sms = g_build_filename (fixture->dir, "sms.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *eml_path = NULL;
  g_autoptr(CdNotice) notice = NULL;
  CdNoticesRenderOptions options = { 0 };
  CdNoticesRenderResult result = { 0 };
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  gboolean have_poppler_utils = pdftotext != NULL;

  build_case (fixture, &c);
  g_assert_true (cd_store_link_customer (fixture->store, c.a, c.paper, 1, &error));

  options.template_name = "closure";
  options.format = CD_NOTICES_FORMAT_PDF;
  options.path = pdf;
  options.select = CD_NOTICES_SELECT_ALL;
  g_assert_true (cd_notices_render (fixture->store, &options, &result, NULL, &error));
  g_assert_no_error (error);
  /* 李四 has no postal address: listed, not rendered. */
  g_assert_cmpuint (result.letters, ==, 2);
  g_assert_cmpuint (result.skipped->len, ==, 1);
  g_assert_cmpstr (result.skipped->pdata[0], ==, c.b);
  g_assert_cmpuint (result.pages, >=, 2);
  notice = cd_store_get_notice (fixture->store, c.a, &error);
  g_assert_cmpint (notice->state, ==, CD_NOTICE_DRAFTED);
  g_assert_cmpuint (notice->window_days, ==, 30);
  g_clear_pointer (&notice, cd_notice_free);
  notice = cd_store_get_notice (fixture->store, c.b, &error);
  g_assert_cmpint (notice->state, ==, CD_NOTICE_NONE);
  cd_notices_render_result_clear (&result);

  if (have_poppler_utils)
    {
      const char *totext[] = { "pdftotext", "-layout", pdf, "-", NULL };
      const char *pdffonts[] = { "pdffonts", pdf, NULL };

      text = run_capture (totext);
      g_assert_nonnull (text);
      /* Each letter with its own variables. */
      g_assert_nonnull (strstr (text, "尊敬的张三先生/女士"));
      g_assert_nonnull (strstr (text, "尊敬的上海某某贸易有限公司："));
      g_assert_nonnull (strstr (text, "上海味来餐饮管理有限公司"));
      g_assert_nonnull (strstr (text, "2057年12月31日"));
      g_assert_null (strstr (text, "李四"));
      g_assert_null (strstr (text, "{{"));
      fonts = run_capture (pdffonts);
      g_assert_nonnull (fonts);
      g_assert_nonnull (strstr (fonts, "CJK"));
      g_assert_null (strstr (fonts, " no "));
    }
  else
    g_test_message ("pdftotext not found: the PDF's text was not checked");

  /* E-mail: everyone with an address; headers parse back. */
  options.format = CD_NOTICES_FORMAT_EML;
  options.path = eml_dir;
  options.language = "en";
  g_assert_false (cd_notices_render (fixture->store, &options, &result, NULL, &error));
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID);
  g_clear_error (&error);
  cd_notices_render_result_clear (&result);
  g_assert_true (cd_store_set_setting (fixture->store, CD_NOTICES_SETTING_SENDER_EMAIL, "closing@example.cn", &error));
  g_assert_true (cd_notices_render (fixture->store, &options, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.letters, ==, 2);
  g_assert_cmpuint (result.skipped->len, ==, 1);
  g_assert_cmpstr (result.skipped->pdata[0], ==, c.c);
  cd_notices_render_result_clear (&result);
  eml_path = g_strdup_printf ("%s/%s.eml", eml_dir, c.a);
  {
    GMimeStream *stream = g_mime_stream_fs_open (eml_path, O_RDONLY, 0, NULL);
    GMimeParser *parser = NULL;
    GMimeMessage *message = NULL;
    InternetAddressList *to;
    g_autofree char *to_text = NULL;

    g_assert_nonnull (stream);
    parser = g_mime_parser_new_with_stream (stream);
    message = g_mime_parser_construct_message (parser, NULL);
    g_assert_nonnull (message);
    g_assert_cmpstr (g_mime_message_get_subject (message), ==,
                     "上海示例贸易有限公司 is closing: what happens to your personal information");
    to = g_mime_message_get_to (message);
    to_text = internet_address_list_to_string (to, NULL, FALSE);
    g_assert_cmpstr (to_text, ==, "张三 <zhang.san@example.com>");
    g_object_unref (message);
    g_object_unref (parser);
    g_object_unref (stream);
  }

  /* SMS: only those with a phone; a selection of one. */
  options.format = CD_NOTICES_FORMAT_SMS;
  options.path = sms;
  options.language = NULL;
  options.select = CD_NOTICES_SELECT_IDS;
  options.customer_ids = (const char *[]) { c.a, c.b, NULL };
  g_assert_true (cd_notices_render (fixture->store, &options, &result, NULL, &error));
  g_assert_cmpuint (result.letters, ==, 1);
  g_assert_cmpuint (result.skipped->len, ==, 1);
  cd_notices_render_result_clear (&result);
  g_assert_true (g_file_get_contents (sms, &csv, NULL, &error));
  g_assert_nonnull (strstr (csv, "phone,text,segments"));
  g_assert_nonnull (strstr (csv, "13812345678,"));

  /* Unknown customers and templates fail before anything is written. */
  options.customer_ids = (const char *[]) { "nobody", NULL };
  g_assert_false (cd_notices_render (fixture->store, &options, &result, NULL, &error));
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID);
  g_clear_error (&error);
  cd_notices_render_result_clear (&result);
  options.select = CD_NOTICES_SELECT_UNANSWERED;
  options.template_name = "nosuch";
  g_assert_false (cd_notices_render (fixture->store, &options, &result, NULL, &error));
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_NO_TEMPLATE);
  cd_notices_render_result_clear (&result);
}

static void
test_values (CdTestCase    *fixture,
             gconstpointer  data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CdNoticesContext) ctx = NULL;
  g_autoptr(CdCustomer) a = NULL;
  g_autoptr(CdCustomer) company = NULL;
  g_autofree char *zh = NULL;
  g_autofree char *en = NULL;
  g_autofree char *objected = NULL;
  g_autofree char *bad = NULL;

  build_case (fixture, &c);
  g_assert_true (cd_store_link_customer (fixture->store, c.a, c.paper, 2, &error));
  ctx = cd_notices_context_new (fixture->store, &error);
  a = cd_store_get_customer (fixture->store, c.a, &error);
  company = cd_store_get_customer (fixture->store, c.c, &error);

  zh = cd_notices_preview (ctx, "致{{customer_name}}{{honorific}}",
                           "{{#each holdings}}{{description}}：{{disposition}}\n{{/each}}"
                           "{{#if has_transfer}}接收方：{{recipient}}（{{recipient_contact}}）{{/if}}",
                           a, "zh_CN", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (zh, "致张三先生/女士\n\n"));
  g_assert_nonnull (strstr (zh, "合同2份（纸质）：加密保存至2057年12月31日，期满后销毁\n"));
  g_assert_nonnull (strstr (zh, "接收方：上海味来餐饮管理有限公司（021-62880000）"));

  en = cd_notices_preview (ctx, "To {{customer_name}}{{honorific}}",
                           "{{#if has_retention}}Kept until {{retain_until}} under {{retention_basis}}.{{/if}}",
                           a, "en", &error);
  g_assert_cmpstr (en, ==, "To 张三\n\nKept until 31 December 2057 under Measures for the Administration of "
                           "Accounting Archives (MoF and National Archives Administration Order No. 79), "
                           "Art. 14 and attached table.");
  g_clear_pointer (&zh, g_free);
  zh = cd_notices_preview (ctx, "{{customer_name}}{{honorific}}", "{{#if holdings}}有{{else}}无{{/if}}",
                           company, "zh_CN", &error);
  g_assert_cmpstr (zh, ==, "上海某某贸易有限公司\n\n无");

  /* After an objection, the letter no longer names a transfer. */
  g_assert_true (cd_store_record_response (fixture->store, c.a, CD_RESPONSE_OBJECT_TRANSFER, NULL, NULL, &error));
  cd_notices_context_free (g_steal_pointer (&ctx));
  ctx = cd_notices_context_new (fixture->store, &error);
  objected = cd_notices_preview (ctx, "x", "{{#if has_transfer}}T{{else}}no transfer{{/if}}|"
                                 "{{#each holdings}}{{disposition}};{{/each}}", a, "en", &error);
  g_assert_nonnull (strstr (objected, "no transfer|"));
  g_assert_nonnull (strstr (objected, "not handed over; then destroyed;"));

  bad = cd_notices_preview (ctx, "x", "{{#each holdings}}", a, "en", &error);
  g_assert_null (bad);
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_TEMPLATE);
}

/* -- a copy for the customer ------------------------------------------------------------ */

static void
test_export_copy (CdTestCase    *fixture,
                  gconstpointer  data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (fixture->dir, "copy-for-zhang", NULL);
  g_autofree char *json = NULL;
  g_autofree char *skipped = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *holdings = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CdNotice) notice = NULL;

  build_case (fixture, &c);

  /* Only after they asked. */
  g_assert_false (cd_notices_export_copy (fixture->store, c.a, dir, &warning, &error));
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  g_assert_true (cd_store_record_response (fixture->store, c.a, CD_RESPONSE_COPY, NULL, NULL, &error));
  g_assert_true (cd_notices_export_copy (fixture->store, c.a, dir, &warning, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (warning, "1"));

  path = g_build_filename (dir, "customer.json", NULL);
  g_assert_true (g_file_get_contents (path, &json, NULL, &error));
  g_assert_nonnull (strstr (json, "\"张三\""));
  g_assert_nonnull (strstr (json, "13812345678"));
  g_assert_null (strstr (json, "李四"));
  g_free (path);
  path = g_build_filename (dir, "files", "001-zhang-contract.txt", NULL);
  g_assert_true (g_file_get_contents (path, &copied, NULL, &error));
  g_assert_cmpstr (copied, ==, "合同 张三 13812345678");
  g_free (path);
  path = g_build_filename (dir, "not-copied.csv", NULL);
  g_assert_true (g_file_get_contents (path, &skipped, NULL, &error));
  g_assert_nonnull (strstr (skipped, "members.csv"));
  g_assert_nonnull (strstr (skipped, "mentions other customers too"));
  g_free (path);
  path = g_build_filename (dir, "holdings.csv", NULL);
  g_assert_true (g_file_get_contents (path, &holdings, NULL, &error));
  g_assert_nonnull (strstr (holdings, ",transfer\r\n"));
  g_assert_nonnull (strstr (holdings, ",destroy\r\n"));

  notice = cd_store_get_notice (fixture->store, c.a, &error);
  g_assert_true (notice->copy_prepared);

  /* Never into a folder that has something in it. */
  g_assert_false (cd_notices_export_copy (fixture->store, c.a, dir, NULL, &error));
  g_assert_error (error, CD_NOTICES_ERROR, CD_NOTICES_ERROR_INVALID);
}

/* Categories are tags on customers too: a minor's records kept without
 * encryption are an error wherever they are; an answer does not undo a tag. */
static void
test_customer_categories (CdTestCase    *fixture,
                          gconstpointer  data)
{
  g_auto(Case) c = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(CdCustomerPlan) tag = NULL;
  const CdCustomerPlan *o;

  build_case (fixture, &c);
  /* The paper asset: de-identified, not encrypted. */
  plans = cd_store_list_asset_plans (fixture->store, &error);
  for (guint i = 0; i < plans->len; i++)
    {
      CdAssetPlan *plan = plans->pdata[i];

      if (g_strcmp0 (plan->asset_id, c.paper) == 0)
        plan->disposition = CD_DISPOSITION_DEIDENTIFY_RETAIN;
    }
  g_assert_true (cd_store_set_asset_plans (fixture->store, plans, &error));
  g_assert_true (cd_store_link_customer (fixture->store, c.b, c.paper, 1, &error));
  problems = check_case (fixture->store);
  g_assert_cmpuint (count_code (problems, CD_PLAN_CHECK_SENSITIVE_UNENCRYPTED, CD_PLAN_SEVERITY_ERROR), ==, 0);

  tag = cd_customer_plan_new (c.b);
  tag->categories = CD_CATEGORY_GENERAL | CD_CATEGORY_MINOR;
  g_assert_true (cd_store_set_customer_plan (fixture->store, tag, &error));
  g_assert_no_error (error);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = check_case (fixture->store);
  g_assert_cmpuint (count_code (problems, CD_PLAN_CHECK_SENSITIVE_UNENCRYPTED, CD_PLAN_SEVERITY_ERROR), ==, 1);
  g_assert_cmpstr (((CdPlanProblem *) problems->pdata[0])->customer_id, ==, c.b);

  /* An answer and its undoing leave the tag. */
  g_assert_true (cd_store_record_response (fixture->store, c.b, CD_RESPONSE_OBJECT_TRANSFER, NULL, NULL, &error));
  g_assert_true (cd_store_record_response (fixture->store, c.b, CD_RESPONSE_NO_OBJECTION, NULL, NULL, &error));
  overrides = cd_store_list_customer_plans (fixture->store, &error);
  o = require_override (overrides, c.b);
  g_assert_cmpuint (o->categories, ==, CD_CATEGORY_GENERAL | CD_CATEGORY_MINOR);
  g_assert_false (o->exclude_transfer);

  /* Not personal information cannot be combined. */
  tag->categories = CD_CATEGORY_NON_PERSONAL | CD_CATEGORY_MINOR;
  g_assert_false (cd_store_set_customer_plan (fixture->store, tag, &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
}

static void
test_settings (CdTestCase    *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *gone = NULL;

  g_assert_true (cd_store_set_setting (fixture->store, CD_NOTICES_SETTING_CONTACT, "王律师 010-88886666", &error));
  value = cd_store_get_setting (fixture->store, CD_NOTICES_SETTING_CONTACT, &error);
  g_assert_cmpstr (value, ==, "王律师 010-88886666");
  g_assert_true (cd_store_set_setting (fixture->store, CD_NOTICES_SETTING_CONTACT, "", &error));
  gone = cd_store_get_setting (fixture->store, CD_NOTICES_SETTING_CONTACT, &error);
  g_assert_null (gone);
  g_assert_no_error (error);
  g_assert_false (cd_store_set_setting (fixture->store, "kdf_salt", "x", &error));
  g_assert_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();

#define ADD(path, func) \
  g_test_add (path, CdTestCase, NULL, cd_test_case_setup, func, cd_test_case_teardown)

  ADD ("/notices/holdings", test_holdings);
  ADD ("/notices/responses", test_responses);
  ADD ("/notices/sent-and-overdue", test_sent_and_overdue);
  ADD ("/notices/templates", test_templates);
  ADD ("/notices/render", test_render);
  ADD ("/notices/values", test_values);
  ADD ("/notices/export-copy", test_export_copy);
  ADD ("/notices/settings", test_settings);
  ADD ("/notices/customer-categories", test_customer_categories);

  return g_test_run ();
}
