/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-plan-check: the rules a finished plan must pass. Errors block the
 * plan (the report cannot say "disposed of" while they stand); warnings
 * ask the consultant to look again. The rules come from the law in
 * DOMAIN.md: PIPL Art. 47 (retain only while a period runs, and only
 * stored and secured), Art. 22 (a transfer names the recipient and its
 * contact), Art. 51 (encryption for what is kept), and the seeds' case of
 * a founder copying the customer base to his own cloud drive. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-plan-check.h"
#include "cd-retention.h"

static const char * const check_ids[CD_PLAN_N_CHECKS] = {
  "undecided",
  "uncategorized",
  "sensitive-unencrypted",
  "transfer-no-recipient",
  "transfer-no-agreement",
  "transfer-not-vetted",
  "personal-destination",
  "retention-over",
  "no-retain-until",
  "suggestion-dropped",
  "objection-retained",
  "transfer-objected",
  "vault-expired",
};

const char *
cd_plan_check_code_to_id (CdPlanCheckCode code)
{
  g_return_val_if_fail (code < CD_PLAN_N_CHECKS, NULL);
  return check_ids[code];
}

const char *
cd_plan_severity_to_id (CdPlanSeverity severity)
{
  return severity == CD_PLAN_SEVERITY_ERROR ? "error" : "warning";
}

void
cd_plan_problem_free (CdPlanProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->asset_id);
  g_free (problem->vault_id);
  g_free (problem->customer_id);
  g_free (problem->message);
  g_free (problem);
}

static void
add (GPtrArray       *problems,
     CdPlanSeverity   severity,
     CdPlanCheckCode  code,
     const char      *asset_id,
     char            *message)   /* (transfer full) */
{
  CdPlanProblem *problem = g_new0 (CdPlanProblem, 1);

  problem->severity = severity;
  problem->code = code;
  problem->asset_id = g_strdup (asset_id);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const CdPlanProblem *pa = *(const CdPlanProblem * const *) a;
  const CdPlanProblem *pb = *(const CdPlanProblem * const *) b;

  if (pa->severity != pb->severity)
    return pa->severity == CD_PLAN_SEVERITY_ERROR ? -1 : 1;
  return 0;
}

static void
check_one (GPtrArray         *problems,
           const CdAssetPlan *plan,
           const GDate       *today)
{
  const char *id = plan->asset_id;
  CdCategories dropped = plan->suggested & ~plan->categories & CD_CATEGORIES_SENSITIVE;

  if (plan->disposition == CD_DISPOSITION_UNDECIDED)
    {
      add (problems, CD_PLAN_SEVERITY_ERROR, CD_PLAN_CHECK_UNDECIDED, id,
           g_strdup (_("No disposition decided")));
      return;
    }

  if (plan->categories == CD_CATEGORY_NONE)
    add (problems, CD_PLAN_SEVERITY_WARNING, CD_PLAN_CHECK_UNCATEGORIZED, id,
         g_strdup (_("No category decided: say what the records are")));

  if (plan->personal_destination)
    add (problems, CD_PLAN_SEVERITY_ERROR, CD_PLAN_CHECK_PERSONAL_DESTINATION, id,
         g_strdup (_("Blocked: the data would go to an individual’s own account or device, "
                     "which no disposition allows")));

  if (cd_disposition_retains (plan->disposition))
    {
      if ((plan->categories & CD_CATEGORIES_SENSITIVE) && plan->disposition != CD_DISPOSITION_ENCRYPT_RETAIN)
        add (problems, CD_PLAN_SEVERITY_ERROR, CD_PLAN_CHECK_SENSITIVE_UNENCRYPTED, id,
             g_strdup (_("Sensitive personal information is kept without encryption: choose "
                         "“Encrypt and retain”")));

      if (plan->retain_until == NULL)
        add (problems, CD_PLAN_SEVERITY_WARNING, CD_PLAN_CHECK_NO_RETAIN_UNTIL, id,
             g_strdup (_("Kept with no retain-until date: set the case’s planned deregistration "
                         "date, or a date with a reason")));
      else
        {
          GDate until;

          if (cd_retention_date_parse (plan->retain_until, &until) && today != NULL &&
              g_date_compare (&until, today) < 0)
            add (problems, CD_PLAN_SEVERITY_ERROR, CD_PLAN_CHECK_RETENTION_OVER, id,
                 /* Translators: %s is a date (YYYY-MM-DD) */
                 g_strdup_printf (_("The retention period ended on %s: destroy it now"), plan->retain_until));
        }
    }

  if (plan->disposition == CD_DISPOSITION_TRANSFER)
    {
      if (plan->recipient == NULL || *plan->recipient == '\0' ||
          plan->recipient_contact == NULL || *plan->recipient_contact == '\0')
        add (problems, CD_PLAN_SEVERITY_ERROR, CD_PLAN_CHECK_TRANSFER_NO_RECIPIENT, id,
             g_strdup (_("A transfer needs the recipient’s name and contact details "
                         "(PIPL Art. 22: the customers must be told them)")));
      if (!plan->agreement_signed)
        add (problems, CD_PLAN_SEVERITY_ERROR, CD_PLAN_CHECK_TRANSFER_NO_AGREEMENT, id,
             g_strdup (_("A transfer needs a signed agreement with the recipient")));
      if (!plan->recipient_vetted)
        add (problems, CD_PLAN_SEVERITY_ERROR, CD_PLAN_CHECK_TRANSFER_NOT_VETTED, id,
             g_strdup (_("A transfer needs a record that the recipient was vetted")));
    }

  if (dropped != CD_CATEGORY_NONE && (plan->reason == NULL || *plan->reason == '\0'))
    {
      g_autofree char *labels = cd_categories_to_labels (dropped);

      add (problems, CD_PLAN_SEVERITY_WARNING, CD_PLAN_CHECK_SUGGESTION_DROPPED, id,
           /* Translators: %s lists categories, e.g. "Financial accounts" */
           g_strdup_printf (_("The findings suggested %s, which the plan drops without a reason"), labels));
    }
}

/**
 * cd_plan_check:
 * @plans: (element-type CdAssetPlan): every asset's plan
 * @today: (nullable): the date retention periods are compared with
 *
 * Returns: (transfer full) (element-type CdPlanProblem): the problems,
 *   errors first, in the order of the assets
 */
GPtrArray *
cd_plan_check (GPtrArray   *plans,
               const GDate *today)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_plan_problem_free);

  g_return_val_if_fail (plans != NULL, problems);

  for (guint i = 0; i < plans->len; i++)
    check_one (problems, plans->pdata[i], today);
  /* GLib's sort is stable: the assets' order stays within each severity. */
  g_ptr_array_sort (problems, compare_problems);
  return problems;
}

/* A customer's override against the plans of the assets that hold their
 * records. */
static void
check_override (GPtrArray            *problems,
                GHashTable           *plans_by_asset,
                const CdCustomerPlan *override,
                GPtrArray            *holdings)
{
  for (guint i = 0; i < holdings->len; i++)
    {
      const CdHolding *holding = holdings->pdata[i];
      const CdAssetPlan *plan = g_hash_table_lookup (plans_by_asset, holding->asset_id);
      CdPlanProblem *problem = NULL;

      if (plan == NULL)
        continue;
      if ((override->categories & CD_CATEGORIES_SENSITIVE) && cd_disposition_retains (plan->disposition) &&
          plan->disposition != CD_DISPOSITION_ENCRYPT_RETAIN && override->disposition != CD_DISPOSITION_DESTROY)
        {
          g_autofree char *labels = cd_categories_to_labels (override->categories & CD_CATEGORIES_SENSITIVE);

          problem = g_new0 (CdPlanProblem, 1);
          problem->severity = CD_PLAN_SEVERITY_ERROR;
          problem->code = CD_PLAN_CHECK_SENSITIVE_UNENCRYPTED;
          /* Translators: the first %s is a customer id, the second lists categories */
          problem->message = g_strdup_printf (_("Customer %s is tagged %s, and this asset keeps their records "
                                                "without encryption: choose “Encrypt and retain”"),
                                              override->customer_id, labels);
        }
      else if (override->disposition == CD_DISPOSITION_DESTROY && cd_disposition_retains (plan->disposition))
        {
          gboolean by_law = plan->rule_id != NULL;

          problem = g_new0 (CdPlanProblem, 1);
          problem->severity = by_law ? CD_PLAN_SEVERITY_WARNING : CD_PLAN_SEVERITY_ERROR;
          problem->code = CD_PLAN_CHECK_OBJECTION_RETAINED;
          problem->message = g_strdup_printf (by_law
                                              /* Translators: %s is a customer id */
                                              ? _("Customer %s asked for deletion; the law requires this asset "
                                                  "to be kept: keep their records only for that, and tell them")
                                              : _("Customer %s asked for deletion, but this asset keeps their "
                                                  "records with no legal retention rule: take their records out "
                                                  "or destroy the asset"),
                                              override->customer_id);
        }
      else if (override->exclude_transfer && plan->disposition == CD_DISPOSITION_TRANSFER)
        {
          problem = g_new0 (CdPlanProblem, 1);
          problem->severity = CD_PLAN_SEVERITY_WARNING;
          problem->code = CD_PLAN_CHECK_TRANSFER_OBJECTED;
          problem->message = g_strdup_printf (_("Customer %s objected to the transfer: take their records out "
                                                "of this asset before it is handed over"),
                                              override->customer_id);
        }
      if (problem != NULL)
        {
          problem->asset_id = g_strdup (holding->asset_id);
          problem->customer_id = g_strdup (override->customer_id);
          g_ptr_array_add (problems, problem);
        }
    }
}

/**
 * cd_plan_check_case:
 * @plans: (element-type CdAssetPlan): every asset's plan
 *   (cd_store_list_asset_plans())
 * @today: (nullable): the date retention periods are compared with
 *
 * Checks the plan and the customers' overrides of it (a customer who
 * asked for deletion or objected to a transfer).
 *
 * Returns: (transfer full) (element-type CdPlanProblem): the problems,
 *   errors first, or %NULL with @error set
 */
GPtrArray *
cd_plan_check_case (CdStore      *store,
                    GPtrArray    *plans,
                    const GDate  *today,
                    GError      **error)
{
  g_autoptr(GPtrArray) problems = cd_plan_check (plans, today);
  g_autoptr(GPtrArray) overrides = NULL;
  g_autoptr(GPtrArray) vaults = NULL;
  g_autoptr(GHashTable) by_asset = NULL;
  guint before = problems->len;

  vaults = cd_store_list_vaults (store, error);
  if (vaults == NULL)
    return NULL;
  for (guint i = 0; i < vaults->len; i++)
    {
      const CdVaultRecord *vault = vaults->pdata[i];
      GDate until;

      if (g_strcmp0 (vault->state, "kept") == 0 && vault->retain_until != NULL && today != NULL &&
          cd_retention_date_parse (vault->retain_until, &until) && g_date_compare (&until, today) < 0)
        {
          CdPlanProblem *problem = g_new0 (CdPlanProblem, 1);

          problem->severity = CD_PLAN_SEVERITY_ERROR;
          problem->code = CD_PLAN_CHECK_VAULT_EXPIRED;
          problem->vault_id = g_strdup (vault->id);
          problem->message = g_strdup_printf (
            /* Translators: %s is a date (YYYY-MM-DD) */
            _("A vault had to be kept until %s: destroy its file now (Retention & Destruction)"),
            vault->retain_until);
          g_ptr_array_add (problems, problem);
        }
    }

  overrides = cd_store_list_customer_plans (store, error);
  if (overrides == NULL)
    return NULL;
  if (overrides->len == 0)
    {
      if (problems->len != before)
        g_ptr_array_sort (problems, compare_problems);
      return g_steal_pointer (&problems);
    }

  by_asset = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < plans->len; i++)
    g_hash_table_insert (by_asset, ((CdAssetPlan *) plans->pdata[i])->asset_id, plans->pdata[i]);
  for (guint i = 0; i < overrides->len; i++)
    {
      const CdCustomerPlan *override = overrides->pdata[i];
      g_autoptr(GPtrArray) holdings = NULL;

      if (override->disposition != CD_DISPOSITION_DESTROY && !override->exclude_transfer &&
          !(override->categories & CD_CATEGORIES_SENSITIVE))
        continue;
      holdings = cd_store_list_holdings (store, override->customer_id, error);
      if (holdings == NULL)
        return NULL;
      check_override (problems, by_asset, override, holdings);
    }
  if (problems->len != before)
    g_ptr_array_sort (problems, compare_problems);
  return g_steal_pointer (&problems);
}

guint
cd_plan_count_errors (GPtrArray *problems)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (((CdPlanProblem *) problems->pdata[i])->severity == CD_PLAN_SEVERITY_ERROR)
      n++;
  return n;
}
