/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli customers …”: the customer registry. Identifiers are
 * printed masked unless the user asks for --reveal, which is recorded in
 * the audit log when it produces a file. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "cd-cli-private.h"

static char *
kind_ids (void)
{
  return g_strdup_printf ("%s, %s",
                          cd_customer_kind_to_id (CD_CUSTOMER_KIND_INDIVIDUAL),
                          cd_customer_kind_to_id (CD_CUSTOMER_KIND_ENTERPRISE));
}

static char *
or_empty (char *text)
{
  return text != NULL ? text : g_strdup ("");
}

static char *
reveal_or (const char *plain,
           char       *masked,
           gboolean    reveal)
{
  if (reveal)
    {
      g_free (masked);
      return g_strdup (plain != NULL ? plain : "");
    }
  return or_empty (masked);
}

/* -- customers add ----------------------------------------------------------------- */

static int
customers_add (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autofree char *kind_text = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *email = NULL;
  g_autofree char *address = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *masked = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCustomer) customer = NULL;
  CdCustomerKind kind = CD_CUSTOMER_KIND_INDIVIDUAL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      /* Translators: do not translate the ids */
      N_("individual (default) or enterprise"), N_("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      N_("Name of the person or enterprise"), N_("NAME") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone number"), N_("PHONE") },
    { "id-number", 0, 0, G_OPTION_ARG_STRING, &id_number,
      N_("Resident ID number, or the credit code of an enterprise"), N_("NUMBER") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("E-mail address"), N_("EMAIL") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Postal address"), N_("ADDRESS") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Remarks"), N_("TEXT") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Add a customer to the registry. Identifiers are checked "
                                  "(ID check digit, phone number form) and stored sealed."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  if (name == NULL || *name == '\0')
    return cd_cli_usage_error (command, _("--name is required"));
  if (kind_text != NULL && !cd_customer_kind_from_string (kind_text, &kind))
    {
      g_autofree char *ids = kind_ids ();
      g_autofree char *clean = cd_cli_sanitize (kind_text);
      /* Translators: %s is what the user typed, then the list of valid ids */
      return cd_cli_usage_error (command, _("Unknown customer kind “%s”; use one of: %s"),
                                 clean, ids);
    }

  customer = cd_customer_new (kind);
  cd_customer_set_name (customer, name);
  cd_customer_set_phone (customer, phone);
  cd_customer_set_id_number (customer, id_number);
  cd_customer_set_email (customer, email);
  cd_customer_set_address (customer, address);
  cd_customer_set_notes (customer, notes);
  if (!cd_customer_normalize (customer, &error))
    return cd_cli_report_error (error);

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_add_customer (store, customer, &error))
    return cd_cli_report_error (error);

  masked = or_empty (cd_customer_dup_masked_name (customer));
  {
    g_autofree char *clean = cd_cli_sanitize (masked);
    /* Translators: the new customer's id, then their masked name */
    printf (_("Added customer %s (%s).\n"), cd_customer_get_id (customer), clean);
  }
  return CD_CLI_EXIT_OK;
}

/* -- customers list ---------------------------------------------------------------- */

static int
customers_list (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(CdCliTable) table = NULL;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("List the customer registry. Names and identifiers are masked "
                                  "(张*丰, 138****5678) unless --reveal is given."),
                                NULL, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT | CD_CLI_OPT_REVEAL);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  customers = cd_store_list_customers (store, &error);
  if (customers == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (common.tsv ? 9 : 7);
  cd_cli_table_set_column (table, 0, "id", _("ID"), FALSE);
  cd_cli_table_set_column (table, 1, "kind", _("Kind"), FALSE);
  cd_cli_table_set_column (table, 2, "name", _("Name"), FALSE);
  cd_cli_table_set_column (table, 3, "phone", _("Phone"), FALSE);
  cd_cli_table_set_column (table, 4, "id_number", _("ID number"), FALSE);
  cd_cli_table_set_column (table, 5, "email", _("E-mail"), FALSE);
  cd_cli_table_set_column (table, 6, "address", _("Address"), FALSE);
  if (common.tsv)
    {
      cd_cli_table_set_column (table, 7, "notes", _("Notes"), FALSE);
      cd_cli_table_set_column (table, 8, "created", _("Created"), FALSE);
    }

  n = g_list_model_get_n_items (customers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdCustomer) c = g_list_model_get_item (customers, i);
      CdCustomerKind kind = cd_customer_get_kind (c);
      g_autofree char *name = reveal_or (cd_customer_get_name (c),
                                         cd_customer_dup_masked_name (c), common.reveal);
      g_autofree char *phone = reveal_or (cd_customer_get_phone (c),
                                          cd_customer_dup_masked_phone (c), common.reveal);
      g_autofree char *id_number = reveal_or (cd_customer_get_id_number (c),
                                              cd_customer_dup_masked_id_number (c),
                                              common.reveal);
      g_autofree char *email = reveal_or (cd_customer_get_email (c),
                                          cd_customer_dup_masked_email (c), common.reveal);
      g_autofree char *address = reveal_or (cd_customer_get_address (c),
                                            cd_customer_dup_masked_address (c), common.reveal);
      g_autofree char *notes = NULL;
      g_autofree char *created = cd_cli_format_time (cd_customer_get_created (c), TRUE);
      const char *cells[9];

      if (cd_customer_get_notes (c) == NULL || *cd_customer_get_notes (c) == '\0')
        notes = g_strdup ("");
      else
        notes = reveal_or (cd_customer_get_notes (c), cd_mask_text (cd_customer_get_notes (c)),
                           common.reveal);

      cells[0] = cd_customer_get_id (c);
      cells[1] = common.tsv ? cd_customer_kind_to_id (kind) : cd_customer_kind_get_label (kind);
      cells[2] = name;
      cells[3] = phone;
      cells[4] = id_number;
      cells[5] = email;
      cells[6] = address;
      cells[7] = notes;
      cells[8] = created;
      cd_cli_table_add_row (table, cells);
    }

  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u customer\n", "%u customers\n", n), n);
  return CD_CLI_EXIT_OK;
}

/* -- customers import / export ----------------------------------------------------- */

static int
customers_import (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = NULL;
  gsize len = 0;
  guint added = 0, duplicates = 0;
  int status;

  context = cd_cli_context_new (_("FILE CSV"),
                                _("Import customers from a CSV file (UTF-8 with or without BOM, "
                                  "or GBK). Columns: kind, name, phone, id_number, email, "
                                  "address, notes; Chinese headers (姓名, 手机号, 身份证号…) work "
                                  "too. Customers already registered are skipped. The whole "
                                  "file is checked first: one bad line and nothing is "
                                  "imported."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  if (!g_file_get_contents (argv[2], &data, &len, &error))
    return cd_cli_report_error (error);
  customers = cd_customers_from_csv (data, len, &error);
  if (data != NULL)
    {
      /* The raw file holds identifiers in the clear; do not keep them around. */
      sodium_memzero (data, len);
    }
  if (customers == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_import_customers (store, customers, argv[2], &added, &duplicates, &error))
    return cd_cli_report_error (error);

  display = g_filename_display_basename (argv[2]);
  printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u customer from %s.\n",
                       "Imported %u customers from %s.\n", added), added, display);
  if (duplicates > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u customer was already registered and was skipped.\n",
                         "%u customers were already registered and were skipped.\n", duplicates),
            duplicates);
  return CD_CLI_EXIT_OK;
}

static int
customers_export (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *details = NULL;
  const char *output;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE [CSV|-]"),
                                _("Export the customer registry as CSV (UTF-8 with BOM) to the "
                                  "file CSV, or to standard output if CSV is “-” or missing. "
                                  "Identifiers are masked unless --reveal is given; an export "
                                  "with --reveal is recorded in the audit log as such."),
                                NULL, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR | CD_CLI_OPT_REVEAL);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 2, &status))
    return status;
  output = argc > 2 ? argv[2] : NULL;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  customers = cd_store_list_customers (store, &error);
  if (customers == NULL)
    return cd_cli_report_error (error);

  n = g_list_model_get_n_items (customers);
  /* Record the export first: an unmasked copy must not leave without a trace. */
  details = g_strdup_printf ("{\"count\": %u, \"revealed\": %s}", n,
                             common.reveal ? "true" : "false");
  if (!cd_store_record_event (store, "customers.export", NULL, details, &error))
    return cd_cli_report_error (error);

  csv = cd_customers_to_csv (customers, common.reveal);
  if (!cd_cli_write_output (output, csv, TRUE, &error))
    return cd_cli_report_error (error);

  if (output != NULL && strcmp (output, "-") != 0)
    {
      g_autofree char *display = g_filename_display_name (output);

      printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u customer to %s.\n",
                           "Exported %u customers to %s.\n", n), n, display);
    }
  return CD_CLI_EXIT_OK;
}

/* -- customers delete -------------------------------------------------------------- */

static int
customers_delete (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) ids = NULL;
  const char *bad = NULL;
  gboolean ambiguous = FALSE;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE ID…"),
                                _("Delete customers from the registry (ids as shown by "
                                  "“customers list”; a unique prefix of 8 or more characters "
                                  "is enough). If any id is unknown, nothing is deleted."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, -1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  customers = cd_store_list_customers (store, &error);
  if (customers == NULL)
    return cd_cli_report_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(CdCustomer) c = g_list_model_get_item (customers, i);
      g_ptr_array_add (known, g_strdup (cd_customer_get_id (c)));
    }

  ids = cd_cli_resolve_ids (known, argv + 2, argc - 2, &bad, &ambiguous);
  if (ids == NULL)
    {
      g_autofree char *clean = cd_cli_sanitize (bad);

      if (ambiguous)
        return cd_cli_fail (_("“%s” matches more than one customer; give more of the id"), clean);
      return cd_cli_fail (_("There is no customer with id “%s”; nothing was deleted"), clean);
    }
  if (!cd_store_delete_customers (store, (const char * const *) ids, &error))
    return cd_cli_report_error (error);

  n = g_strv_length (ids);
  printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u customer.\n", "Deleted %u customers.\n", n), n);
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_customers_commands[] = {
  { "add", N_("Add a customer"), customers_add },
  { "list", N_("List customers (masked unless --reveal)"), customers_list },
  { "import", N_("Import customers from a CSV file"), customers_import },
  { "export", N_("Export customers as CSV (masked unless --reveal)"), customers_export },
  { "delete", N_("Delete customers"), customers_delete },
  { "holdings", N_("What the case holds of each customer, and what will be done with it"),
    cd_cli_customers_holdings },
  { "link", N_("Link a customer to an asset that holds their records"), cd_cli_customers_link },
  { "unlink", N_("Remove a link made by hand"), cd_cli_customers_link },
  { "set-plan", N_("Tag a customer with categories and override the plan for their records"),
    cd_cli_customers_set_plan },
  { NULL }
};
