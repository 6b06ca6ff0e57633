/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli notices …” (客户告知) and the customers' holdings:
 * letter templates, rendering letters (PDF, e-mail drafts, SMS lists),
 * marking them sent, recording answers, who is overdue, and a copy of a
 * customer's records when they ask for one. Names are printed masked. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

/* Resolves one customer id (or a unique prefix of 8+ characters). */
static char *
resolve_customer (CdStore     *store,
                  const char  *arg,
                  GError     **error)
{
  g_autoptr(GListModel) customers = cd_store_list_customers (store, error);
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) ids = NULL;
  char *args[] = { (char *) arg, NULL };
  const char *bad = NULL;
  gboolean ambiguous = FALSE;

  if (customers == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(CdCustomer) c = g_list_model_get_item (customers, i);

      g_ptr_array_add (known, g_strdup (cd_customer_get_id (c)));
    }
  ids = cd_cli_resolve_ids (known, args, 1, &bad, &ambiguous);
  if (ids == NULL)
    {
      g_autofree char *clean = cd_cli_sanitize (arg);

      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_NOT_FOUND,
                   ambiguous ? _("“%s” matches more than one customer; give more of the id")
                             : _("There is no customer with id “%s”"), clean);
      return NULL;
    }
  return g_strdup (ids[0]);
}

static GHashTable *
customers_by_id (GListModel *customers)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      CdCustomer *c = g_list_model_get_item (customers, i);

      g_hash_table_insert (table, (gpointer) cd_customer_get_id (c), c);
    }
  return table;
}

static char *
masked_name_of (GHashTable *customers,
                const char *id)
{
  CdCustomer *c = g_hash_table_lookup (customers, id);

  return c != NULL ? cd_customer_dup_masked_name (c) : g_strdup ("?");
}

/* -- customers holdings / link / unlink / set-disposition ----------------------- */

static const char *
disposition_cell (CdDisposition  d,
                  gboolean       mixed,
                  gboolean       tsv)
{
  if (mixed)
    return tsv ? "mixed" : C_("disposition", "Mixed");
  return tsv ? cd_disposition_to_id (d) : cd_disposition_get_label (d);
}

int
cd_cli_customers_holdings (const char  *command,
                           int          argc,
                           char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdNoticesContext) ctx = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autofree char *only = NULL;
  gboolean linked_only = FALSE;
  GListModel *customers;
  guint shown = 0;
  int status;
  const GOptionEntry entries[] = {
    { "linked", 0, 0, G_OPTION_ARG_NONE, &linked_only,
      N_("Only customers whose records were found in an asset"), NULL },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE [CUSTOMER]"),
                                _("Show what the case holds of each customer — e.g. “3 contracts, "
                                  "1 transaction record” — from the scans’ matches and the links made "
                                  "by hand, and what the plan will do with it."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 2, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (argc == 3 && (only = resolve_customer (store, argv[2], &error)) == NULL)
    return cd_cli_report_error (error);
  ctx = cd_notices_context_new (store, &error);
  if (ctx == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (5);
  cd_cli_table_set_column (table, 0, "id", _("ID"), FALSE);
  cd_cli_table_set_column (table, 1, "name", _("Name"), FALSE);
  cd_cli_table_set_column (table, 2, "assets", _("Assets"), TRUE);
  cd_cli_table_set_column (table, 3, "holdings", _("Holdings"), FALSE);
  cd_cli_table_set_column (table, 4, "disposition", _("Disposition"), FALSE);

  customers = cd_notices_context_get_customers (ctx);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(CdCustomer) c = g_list_model_get_item (customers, i);
      const char *id = cd_customer_get_id (c);
      GPtrArray *holdings = cd_notices_context_get_holdings (ctx, id);
      g_autofree char *name = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *n_assets = NULL;
      gboolean mixed;
      CdDisposition d;
      const char *cells[5];

      if ((only != NULL && strcmp (id, only) != 0) || (linked_only && holdings->len == 0))
        continue;
      name = cd_customer_dup_masked_name (c);
      summary = cd_notices_context_describe_holdings (ctx, id, NULL);
      n_assets = g_strdup_printf ("%u", holdings->len);
      d = cd_notices_context_effective_disposition (ctx, id, &mixed);
      cells[0] = id;
      cells[1] = name;
      cells[2] = n_assets;
      cells[3] = *summary != '\0' ? summary : (common.tsv ? "" : "—");
      cells[4] = holdings->len == 0 && d == CD_DISPOSITION_UNDECIDED && !common.tsv
                 ? "—" : disposition_cell (d, mixed, common.tsv);
      cd_cli_table_add_row (table, cells);
      shown++;
    }
  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u customer\n", "%u customers\n", shown), shown);
  return CD_CLI_EXIT_OK;
}

int
cd_cli_customers_link (const char  *command,
                       int          argc,
                       char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *id = NULL;
  g_autofree char *items_text = NULL;
  gboolean unlink = g_str_has_suffix (command, "unlink");
  gint64 items = 1;
  int status;
  const GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_STRING, &items_text,
      N_("How many of the customer’s records the asset holds (default 1)"), N_("N") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE CUSTOMER ASSET"),
                                unlink ? _("Remove a link between a customer and an asset made by hand "
                                           "(links found by scans stay).")
                                       : _("Record by hand that an asset holds a customer’s records "
                                           "(for paper files and anything a scan cannot read)."),
                                unlink ? NULL : entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 3, 3, &status) ||
      (items_text != NULL && !cd_cli_parse_count (command, "--records", items_text, &items, &status)))
    return status;
  if (items < 1 || items > 10000000)
    return cd_cli_usage_error (command, _("--records must be between 1 and 10,000,000"));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  id = resolve_customer (store, argv[2], &error);
  if (id == NULL)
    return cd_cli_report_error (error);
  if (unlink ? !cd_store_unlink_customer (store, id, argv[3], &error)
             : !cd_store_link_customer (store, id, argv[3], (guint) items, &error))
    return cd_cli_report_error (error);
  printf ("%s\n", unlink ? _("Unlinked.") : _("Linked."));
  return CD_CLI_EXIT_OK;
}

int
cd_cli_customers_set_plan (const char  *command,
                           int          argc,
                           char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCustomerPlan) plan = NULL;
  g_autoptr(GPtrArray) overrides = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *disposition = NULL;
  g_autofree char *categories = NULL;
  gboolean exclude = FALSE;
  gboolean include = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "disposition", 0, 0, G_OPTION_ARG_STRING, &disposition,
      N_("What to do with this customer’s records wherever they are (undecided removes it)"), N_("DISPOSITION") },
    { "categories", 0, 0, G_OPTION_ARG_STRING, &categories,
      N_("Categories this customer’s records carry, separated by commas (e.g. minor), or “none”"), N_("LIST") },
    { "exclude-transfer", 0, 0, G_OPTION_ARG_NONE, &exclude,
      N_("Keep this customer’s records out of any transfer"), NULL },
    { "include-transfer", 0, 0, G_OPTION_ARG_NONE, &include,
      N_("Take back --exclude-transfer"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (kept sealed in the case)"), N_("TEXT") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE CUSTOMER"),
                                _("Tag one customer with categories (a minor, a patient…) and override the "
                                  "plan for their records, whatever asset holds them. What is not given "
                                  "stays as it was. Dispositions: undecided, encrypt_retain, "
                                  "deidentify_retain, anonymize, transfer, return, destroy."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  if (exclude && include)
    return cd_cli_usage_error (command, _("--exclude-transfer and --include-transfer cannot be combined"));
  if (disposition == NULL && categories == NULL && !exclude && !include && reason == NULL)
    return cd_cli_usage_error (command, _("Nothing to change: give --disposition, --categories or "
                                          "--exclude-transfer"));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  id = resolve_customer (store, argv[2], &error);
  overrides = id != NULL ? cd_store_list_customer_plans (store, &error) : NULL;
  if (overrides == NULL)
    return cd_cli_report_error (error);
  for (guint i = 0; i < overrides->len && plan == NULL; i++)
    if (strcmp (((CdCustomerPlan *) overrides->pdata[i])->customer_id, id) == 0)
      plan = g_ptr_array_steal_index (overrides, i);
  if (plan == NULL)
    plan = cd_customer_plan_new (id);

  if (disposition != NULL && !cd_disposition_from_string (disposition, &plan->disposition, &error))
    return cd_cli_usage_error (command, "%s", error->message);
  if (categories != NULL)
    {
      if (g_ascii_strcasecmp (categories, "none") == 0)
        plan->categories = CD_CATEGORY_NONE;
      else if (!cd_categories_from_string (categories, &plan->categories, &error))
        return cd_cli_usage_error (command, "%s", error->message);
    }
  if (exclude || include)
    plan->exclude_transfer = exclude;
  if (reason != NULL)
    {
      g_free (plan->reason);
      plan->reason = g_steal_pointer (&reason);
    }
  if (!cd_store_set_customer_plan (store, plan, &error))
    return cd_cli_report_error (error);
  printf ("%s\n", _("Saved."));
  return CD_CLI_EXIT_OK;
}

/* -- notices templates / template ------------------------------------------------- */

static int
notices_templates (const char  *command,
                   int          argc,
                   char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("List the letter templates, one per line: name (first column, for "
                                  "--template), languages, whether the case has its own version, title."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  list = cd_notices_list_templates (store, &error);
  if (list == NULL)
    return cd_cli_report_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      CdNoticeTemplateInfo *info = list->pdata[i];
      g_autofree char *title = cd_cli_sanitize (info->title);

      printf ("%s\t%s\t%s\t%s\n", info->name, info->languages,
              info->edited ? "edited" : (info->shipped ? "shipped" : "case"), title);
    }
  return CD_CLI_EXIT_OK;
}

static int
notices_template (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *language = NULL;
  g_autofree char *set_file = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  gboolean reset = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("zh_CN (default) or en"), N_("LANG") },
    { "set", 0, 0, G_OPTION_ARG_FILENAME, &set_file,
      N_("Save the case’s own version from FILE (“Subject: …”, a blank line, the body)"), N_("FILE") },
    { "reset", 0, 0, G_OPTION_ARG_NONE, &reset, N_("Go back to the shipped version"), NULL },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE NAME"),
                                _("Print a letter template (the case’s version if it has one), save "
                                  "the case’s own version with --set, or drop it with --reset. A template "
                                  "with an error is refused with its line and column."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  if (language == NULL)
    language = g_strdup ("zh_CN");

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  if (reset)
    {
      if (!cd_store_delete_case_template (store, argv[2], language, &error))
        return cd_cli_report_error (error);
      printf ("%s\n", _("The shipped version is used again."));
      return CD_CLI_EXIT_OK;
    }
  if (set_file != NULL)
    {
      g_autofree char *text = NULL;
      gsize len;
      CdCaseTemplate tmpl = { 0 };
      const char *eol;

      if (!g_file_get_contents (set_file, &text, &len, &error))
        return cd_cli_report_error (error);
      if (len > 256 * 1024 || !g_str_has_prefix (text, "Subject:") || (eol = strchr (text, '\n')) == NULL)
        return cd_cli_fail (_("A template file starts with a “Subject: …” line, then a blank line, "
                              "then the body (at most 256 KiB)"));
      subject = g_strstrip (g_strndup (text + 8, (gsize) (eol - text - 8)));
      eol++;
      if (*eol == '\n')
        eol++;
      body = g_strdup (eol);
      if (!cd_notices_check_template (subject, body, NULL, NULL, NULL, &error))
        return cd_cli_report_error (error);
      tmpl.name = argv[2];
      tmpl.language = language;
      tmpl.subject = subject;
      tmpl.body = body;
      if (!cd_store_set_case_template (store, &tmpl, &error))
        return cd_cli_report_error (error);
      printf ("%s\n", _("Saved."));
      return CD_CLI_EXIT_OK;
    }

  if (!cd_notices_get_template (store, argv[2], language, &subject, &body, NULL, &error))
    return cd_cli_report_error (error);
  printf ("Subject: %s\n\n%s", subject, body);
  return CD_CLI_EXIT_OK;
}

/* -- notices render -------------------------------------------------------------- */

static int
notices_render (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autofree char *template_name = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *language = NULL;
  g_autofree char *per_customer = NULL;
  g_autofree char *window_text = NULL;
  g_autofree char *sender = NULL;
  g_auto(GStrv) customer_args = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gboolean unanswered = FALSE;
  CdNoticesRenderOptions options = { 0 };
  CdNoticesRenderResult result = { 0 };
  gint64 window = 0;
  int status;
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_name,
      N_("The template (see “notices templates”)"), N_("NAME") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text, N_("pdf, eml, mbox or sms"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write: a file (pdf, mbox, sms) or a folder (eml, one file per customer)"), N_("PATH") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &language, N_("zh_CN (default) or en"), N_("LANG") },
    { "customer", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &customer_args,
      N_("Only this customer (repeatable)"), N_("ID") },
    { "unanswered", 0, 0, G_OPTION_ARG_NONE, &unanswered,
      N_("Only customers who have not answered yet"), NULL },
    { "per-customer", 0, 0, G_OPTION_ARG_FILENAME, &per_customer,
      N_("pdf: also one PDF per customer in this folder"), N_("DIR") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window_text,
      N_("The response window in days (default: the case’s, else 30)"), N_("DAYS") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &sender,
      N_("e-mail: the sender’s address (default: the case’s notices.sender-email)"), N_("ADDRESS") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE"),
                                _("Merge a letter template for each customer (all, those given with "
                                  "--customer, or --unanswered) and write print-ready PDF, e-mail drafts "
                                  "or an SMS list. Customers without a postal address, e-mail address or "
                                  "phone for the format are listed, not written. The letters’ notices "
                                  "become “drafted”."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status) ||
      (window_text != NULL && !cd_cli_parse_count (command, "--window", window_text, &window, &status)))
    return status;
  if (template_name == NULL)
    return cd_cli_usage_error (command, _("--template is required"));
  if (output == NULL)
    return cd_cli_usage_error (command, _("-o/--output is required"));
  if (format_text == NULL)
    format_text = g_strdup ("pdf");
  if (!cd_notices_format_from_string (format_text, &options.format))
    return cd_cli_usage_error (command, _("--format must be pdf, eml, mbox or sms"));
  if (window_text != NULL && (window < 1 || window > CD_NOTICE_MAX_WINDOW_DAYS))
    return cd_cli_usage_error (command, _("--window must be between 1 and %d days"), CD_NOTICE_MAX_WINDOW_DAYS);
  if (language != NULL && strcmp (language, "zh_CN") != 0 && strcmp (language, "en") != 0)
    return cd_cli_usage_error (command, _("--language must be zh_CN or en"));
  if (customer_args != NULL && unanswered)
    return cd_cli_usage_error (command, _("--customer and --unanswered cannot be combined"));
  if (per_customer != NULL && options.format != CD_NOTICES_FORMAT_PDF)
    return cd_cli_usage_error (command, _("--per-customer is for --format pdf"));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  for (guint i = 0; customer_args != NULL && customer_args[i] != NULL; i++)
    {
      char *id = resolve_customer (store, customer_args[i], &error);

      if (id == NULL)
        return cd_cli_report_error (error);
      g_ptr_array_add (ids, id);
    }
  g_ptr_array_add (ids, NULL);

  options.template_name = template_name;
  options.language = language;
  options.path = output;
  options.per_customer_dir = per_customer;
  options.select = customer_args != NULL ? CD_NOTICES_SELECT_IDS
                   : unanswered ? CD_NOTICES_SELECT_UNANSWERED : CD_NOTICES_SELECT_ALL;
  options.customer_ids = (const char * const *) ids->pdata;
  options.window_days = (guint) window;
  options.sender_email = sender;
  if (!cd_notices_render (store, &options, &result, NULL, &error))
    {
      cd_notices_render_result_clear (&result);
      return cd_cli_report_error (error);
    }

  customers = cd_store_list_customers (store, NULL);
  by_id = customers != NULL ? customers_by_id (customers) : g_hash_table_new (g_str_hash, g_str_equal);
  if (options.format == CD_NOTICES_FORMAT_PDF)
    printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u letter", "Wrote %u letters", result.letters), result.letters);
  else if (options.format == CD_NOTICES_FORMAT_SMS)
    printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u text message", "Wrote %u text messages", result.letters),
            result.letters);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u e-mail draft", "Wrote %u e-mail drafts", result.letters),
            result.letters);
  if (result.pages > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, " (%u page)", " (%u pages)", result.pages), result.pages);
  printf ("\n");
  if (result.skipped->len > 0)
    {
      const char *what = options.format == CD_NOTICES_FORMAT_SMS ? _("no phone number")
                         : options.format == CD_NOTICES_FORMAT_PDF ? _("no postal address")
                         : _("no e-mail address");

      printf (g_dngettext (GETTEXT_PACKAGE, "%u customer was not written to (%s):\n",
                           "%u customers were not written to (%s):\n", result.skipped->len),
              result.skipped->len, what);
      for (guint i = 0; i < result.skipped->len; i++)
        {
          g_autofree char *name = masked_name_of (by_id, result.skipped->pdata[i]);

          printf ("  %s\t%s\n", (const char *) result.skipped->pdata[i], name);
        }
    }
  cd_notices_render_result_clear (&result);
  return CD_CLI_EXIT_OK;
}

/* -- notices mark-sent / record-response ------------------------------------------- */

static char *
today_text (void)
{
  GDate d;

  cd_date_set_today (&d);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

static int
notices_mark_sent (const char  *command,
                   int          argc,
                   char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *channel_text = NULL;
  g_autofree char *date = NULL;
  g_autofree char *window_text = NULL;
  gboolean all_drafted = FALSE;
  CdNoticeChannel channel;
  gint64 window = CD_NOTICE_DEFAULT_WINDOW_DAYS;
  guint n;
  int status;
  const GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel_text,
      N_("post, email, sms, in_person or phone"), N_("CHANNEL") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("When they were sent (default: today)"), N_("YYYY-MM-DD") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window_text,
      N_("The response window in days (default 30)"), N_("DAYS") },
    { "all-drafted", 0, 0, G_OPTION_ARG_NONE, &all_drafted, N_("Every drafted, unsent notice"), NULL },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE [CUSTOMER…]"),
                                _("Record that the customers’ notices were sent, by which channel and "
                                  "when; the response deadline is the date plus the window."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, G_MAXINT, &status) ||
      !cd_cli_parse_date (command, "--date", date, &status) ||
      (window_text != NULL && !cd_cli_parse_count (command, "--window", window_text, &window, &status)))
    return status;
  if (channel_text == NULL)
    return cd_cli_usage_error (command, _("--channel is required"));
  if (!cd_channel_from_string (channel_text, &channel, &error))
    return cd_cli_usage_error (command, "%s", error->message);
  if ((argc > 2) == all_drafted)
    return cd_cli_usage_error (command, _("Give customers or --all-drafted"));
  if (date == NULL)
    date = today_text ();

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (all_drafted)
    {
      g_autoptr(GPtrArray) notices = cd_store_list_notices (store, &error);

      if (notices == NULL)
        return cd_cli_report_error (error);
      for (guint i = 0; i < notices->len; i++)
        if (((CdNotice *) notices->pdata[i])->state == CD_NOTICE_DRAFTED)
          g_ptr_array_add (ids, g_strdup (((CdNotice *) notices->pdata[i])->customer_id));
      if (ids->len == 0)
        return cd_cli_fail (_("No notice is drafted and unsent"));
    }
  for (int i = 2; i < argc; i++)
    {
      char *id = resolve_customer (store, argv[i], &error);

      if (id == NULL)
        return cd_cli_report_error (error);
      g_ptr_array_add (ids, id);
    }
  n = ids->len;
  g_ptr_array_add (ids, NULL);
  if (!cd_store_mark_notices_sent (store, (const char * const *) ids->pdata, date, channel, (guint) window,
                                   &error))
    return cd_cli_report_error (error);
  printf (g_dngettext (GETTEXT_PACKAGE, "Marked %u notice sent.\n", "Marked %u notices sent.\n", n), n);
  return CD_CLI_EXIT_OK;
}

static int
notices_record_response (const char  *command,
                         int          argc,
                         char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;
  CdNoticeResponse response;
  int status;
  const GOptionEntry entries[] = {
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("What the customer said (for “other”; sealed)"), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("When they answered (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE CUSTOMER RESPONSE"),
                                _("Record a customer’s answer: no_objection, delete (their records are "
                                  "set to be destroyed), copy (a copy of their records is to be prepared "
                                  "with “notices export-copy”), object_transfer (kept out of any transfer), "
                                  "other (with --text), or none (take a recorded answer back)."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 3, 3, &status) ||
      !cd_cli_parse_date (command, "--date", date, &status))
    return status;
  if (!cd_response_from_string (argv[3], &response, &error))
    return cd_cli_usage_error (command, "%s", error->message);

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  id = resolve_customer (store, argv[2], &error);
  if (id == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_record_response (store, id, response, text, date, &error))
    return cd_cli_report_error (error);

  switch (response)
    {
    case CD_RESPONSE_DELETE:
      printf ("%s\n", _("Recorded. The customer’s records are now set to be destroyed."));
      break;
    case CD_RESPONSE_OBJECT_TRANSFER:
      printf ("%s\n", _("Recorded. The customer’s records are now kept out of any transfer."));
      break;
    case CD_RESPONSE_COPY:
      printf ("%s\n", _("Recorded. Prepare their copy with “notices export-copy”."));
      break;
    case CD_RESPONSE_NONE:
    case CD_RESPONSE_NO_OBJECTION:
    case CD_RESPONSE_OTHER:
    default:
      printf ("%s\n", _("Recorded."));
      break;
    }
  return CD_CLI_EXIT_OK;
}

/* -- notices list / overdue ------------------------------------------------------- */

static int
notices_list (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdNoticesContext) ctx = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autofree char *today = today_text ();
  GListModel *customers;
  guint counts[CD_N_NOTICE_STATES] = { 0 };
  guint answered = 0;
  guint overdue = 0;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("List every customer’s notice: state, when and how it was sent, the "
                                  "response deadline, the answer."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  ctx = cd_notices_context_new (store, &error);
  if (ctx == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (7);
  cd_cli_table_set_column (table, 0, "id", _("ID"), FALSE);
  cd_cli_table_set_column (table, 1, "name", _("Name"), FALSE);
  cd_cli_table_set_column (table, 2, "state", _("Notice"), FALSE);
  cd_cli_table_set_column (table, 3, "sent_on", _("Sent"), FALSE);
  cd_cli_table_set_column (table, 4, "channel", _("Channel"), FALSE);
  cd_cli_table_set_column (table, 5, "deadline", _("Deadline"), FALSE);
  cd_cli_table_set_column (table, 6, "response", _("Response"), FALSE);

  customers = cd_notices_context_get_customers (ctx);
  n = g_list_model_get_n_items (customers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdCustomer) c = g_list_model_get_item (customers, i);
      const CdNotice *notice = cd_notices_context_get_notice (ctx, cd_customer_get_id (c));
      g_autofree char *name = cd_customer_dup_masked_name (c);
      g_autofree char *deadline = NULL;
      CdNoticeState state = notice != NULL ? notice->state : CD_NOTICE_NONE;
      CdNoticeResponse response = notice != NULL ? notice->response : CD_RESPONSE_NONE;
      gboolean late = cd_notice_is_overdue (notice, today);
      const char *cells[7];

      counts[state]++;
      answered += response != CD_RESPONSE_NONE;
      overdue += late;
      if (notice != NULL && notice->deadline != NULL)
        deadline = late && !common.tsv ? g_strdup_printf (_("%s (overdue)"), notice->deadline)
                                       : g_strdup (notice->deadline);
      cells[0] = cd_customer_get_id (c);
      cells[1] = name;
      cells[2] = common.tsv ? cd_notice_state_to_id (state) : cd_notice_state_get_label (state);
      cells[3] = notice != NULL && notice->sent_on != NULL ? notice->sent_on : "";
      cells[4] = state == CD_NOTICE_SENT ? (common.tsv ? cd_channel_to_id (notice->channel)
                                                        : cd_channel_get_label (notice->channel)) : "";
      cells[5] = deadline != NULL ? deadline : "";
      cells[6] = response == CD_RESPONSE_NONE ? "" : (common.tsv ? cd_response_to_id (response)
                                                                 : cd_response_get_label (response));
      cd_cli_table_add_row (table, cells);
    }
  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    /* Translators: a summary line under the notices table */
    printf (_("%u customers: %u not drafted, %u drafted, %u sent, %u answered, %u overdue\n"), n,
            counts[CD_NOTICE_NONE], counts[CD_NOTICE_DRAFTED], counts[CD_NOTICE_SENT], answered, overdue);
  return CD_CLI_EXIT_OK;
}

static int
notices_overdue (const char  *command,
                 int          argc,
                 char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autofree char *today = NULL;
  GDate now;
  int status;
  const GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Count from this day instead of today"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE"),
                                _("List the customers whose notice was sent and whose response deadline "
                                  "has passed without an answer, one per line (id, masked name, channel, "
                                  "sent, deadline, days overdue), earliest deadline first. Exits 0 either "
                                  "way."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status) ||
      !cd_cli_parse_date (command, "--today", today, &status))
    return status;
  if (today == NULL)
    today = today_text ();
  g_date_clear (&now, 1);
  g_date_set_dmy (&now, (GDateDay) atoi (today + 8), (GDateMonth) atoi (today + 5), (GDateYear) atoi (today));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  overdue = cd_notices_list_overdue (store, today, &error);
  customers = overdue != NULL ? cd_store_list_customers (store, &error) : NULL;
  if (customers == NULL)
    return cd_cli_report_error (error);
  by_id = customers_by_id (customers);
  for (guint i = 0; i < overdue->len; i++)
    {
      const CdNotice *notice = overdue->pdata[i];
      g_autofree char *name = masked_name_of (by_id, notice->customer_id);
      GDate deadline;
      int days;

      g_date_clear (&deadline, 1);
      g_date_set_dmy (&deadline, (GDateDay) atoi (notice->deadline + 8), (GDateMonth) atoi (notice->deadline + 5),
                      (GDateYear) atoi (notice->deadline));
      days = g_date_days_between (&deadline, &now);
      printf ("%s\t%s\t%s\t%s\t%s\t%d\n", notice->customer_id, name, cd_channel_to_id (notice->channel),
              notice->sent_on, notice->deadline, days);
    }
  return CD_CLI_EXIT_OK;
}

/* -- notices export-copy / settings ----------------------------------------------- */

static int
notices_export_copy (const char  *command,
                     int          argc,
                     char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *id = NULL;
  g_autofree char *output = NULL;
  g_autofree char *warning = NULL;
  int status;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("A new or empty folder"), N_("DIR") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE CUSTOMER"),
                                _("Prepare the copy of their records a customer asked for: their registry "
                                  "record, what the case holds of theirs, and the scanned files that "
                                  "mention only them. Files that mention other customers are listed, not "
                                  "copied. The folder is not encrypted."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  if (output == NULL)
    return cd_cli_usage_error (command, _("-o/--output is required"));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  id = resolve_customer (store, argv[2], &error);
  if (id == NULL)
    return cd_cli_report_error (error);
  if (!cd_notices_export_copy (store, id, output, &warning, &error))
    return cd_cli_report_error (error);
  printf ("%s\n", warning);
  return CD_CLI_EXIT_OK;
}

static int
notices_settings (const char  *command,
                  int          argc,
                  char       **argv)
{
  static const char * const keys[] = {
    CD_NOTICES_SETTING_SENDER_EMAIL, CD_NOTICES_SETTING_CONTACT, CD_NOTICES_SETTING_WINDOW_DAYS,
  };
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *window = NULL;
  const char *values[3];
  int status;
  const GOptionEntry entries[] = {
    { "sender-email", 0, 0, G_OPTION_ARG_STRING, &sender, N_("The From: address of e-mail drafts"), N_("ADDRESS") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact,
      N_("Whom customers answer, as printed in letters"), N_("TEXT") },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window, N_("The default response window in days"), N_("DAYS") },
    { NULL }
  };

  context = cd_cli_context_new (_("FILE"),
                                _("Show or change the case’s notice settings (an empty value removes one)."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  if (window != NULL && *window != '\0')
    {
      guint64 days;

      if (!g_ascii_string_to_unsigned (window, 10, 1, CD_NOTICE_MAX_WINDOW_DAYS, &days, NULL))
        return cd_cli_usage_error (command, _("--window must be between 1 and %d days"),
                                   CD_NOTICE_MAX_WINDOW_DAYS);
    }
  if (sender != NULL && *sender != '\0' && (strchr (sender, '@') == NULL || strpbrk (sender, " \r\n<>") != NULL))
    return cd_cli_usage_error (command, _("--sender-email must be an e-mail address"));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  values[0] = sender;
  values[1] = contact;
  values[2] = window;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (values[i] != NULL && !cd_store_set_setting (store, keys[i], values[i], &error))
      return cd_cli_report_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = cd_store_get_setting (store, keys[i], NULL);
      g_autofree char *clean = cd_cli_sanitize (value != NULL ? value : "");

      printf ("%s\t%s\n", keys[i], clean);
    }
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_notices_commands[] = {
  { "templates", N_("List the letter templates"), notices_templates },
  { "template", N_("Show, edit or reset a letter template"), notices_template },
  { "render", N_("Write letters: PDF, e-mail drafts or an SMS list"), notices_render },
  { "mark-sent", N_("Record that notices were sent"), notices_mark_sent },
  { "record-response", N_("Record a customer’s answer and apply it to the plan"), notices_record_response },
  { "list", N_("Every customer’s notice state"), notices_list },
  { "overdue", N_("Customers past their response deadline without an answer"), notices_overdue },
  { "export-copy", N_("Prepare a copy of a customer’s records for them"), notices_export_copy },
  { "settings", N_("The case’s notice settings: sender, contact, window"), notices_settings },
  { NULL }
};
