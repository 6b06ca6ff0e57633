/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli case …”: creating a case file, showing and editing its
 * metadata, its liquidation group, and changing its passphrase. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

/* -- case metadata options, shared by “new” and “edit” --------------------------- */

typedef struct
{
  char *company;
  char *uscc;
  char *address;
  char *route;
  char *consultant;
  char *group_filed;
  char *announced;
  char *planned;
} CaseOptions;

static void
case_options_clear (CaseOptions *o)
{
  g_free (o->company);
  g_free (o->uscc);
  g_free (o->address);
  g_free (o->route);
  g_free (o->consultant);
  g_free (o->group_filed);
  g_free (o->announced);
  g_free (o->planned);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseOptions, case_options_clear)

#define CASE_OPTION_ENTRIES(o)                                                                   \
  { "company", 0, 0, G_OPTION_ARG_STRING, &(o).company,                                          \
    N_("Registered name of the company being dissolved"), N_("NAME") },                          \
  { "uscc", 0, 0, G_OPTION_ARG_STRING, &(o).uscc,                                                \
    N_("Its unified social credit code (18 characters)"), N_("CODE") },                          \
  { "address", 0, 0, G_OPTION_ARG_STRING, &(o).address,                                          \
    N_("Its registered address"), N_("ADDRESS") },                                               \
  { "route", 0, 0, G_OPTION_ARG_STRING, &(o).route,                                              \
    /* Translators: do not translate “general” and “simplified” */                               \
    N_("Deregistration route: “general” or “simplified”"), N_("ROUTE") },                        \
  { "consultant", 0, 0, G_OPTION_ARG_STRING, &(o).consultant,                                    \
    N_("The consultant handling the case"), N_("NAME") },                                        \
  { "group-filed", 0, 0, G_OPTION_ARG_STRING, &(o).group_filed,                                  \
    N_("Date the liquidation group was filed"), N_("YYYY-MM-DD") },                              \
  { "announced", 0, 0, G_OPTION_ARG_STRING, &(o).announced,                                      \
    N_("Date of the public announcement to creditors"), N_("YYYY-MM-DD") },                      \
  { "planned-deregistration", 0, 0, G_OPTION_ARG_STRING, &(o).planned,                           \
    N_("Planned date of deregistration"), N_("YYYY-MM-DD") }

static const char *
empty_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static gboolean
case_options_any (const CaseOptions *o)
{
  return o->company || o->uscc || o->address || o->route || o->consultant ||
         o->group_filed || o->announced || o->planned;
}

/* Copies the given options into @info; an empty value clears a field. */
static gboolean
case_options_apply (const char        *command,
                    const CaseOptions *o,
                    CdCaseInfo        *info,
                    int               *out_status)
{
  if (!cd_cli_parse_date (command, "--group-filed", o->group_filed, out_status) ||
      !cd_cli_parse_date (command, "--announced", o->announced, out_status) ||
      !cd_cli_parse_date (command, "--planned-deregistration", o->planned, out_status))
    return FALSE;

  if (o->route != NULL)
    {
      CdRoute route;

      if (!cd_route_from_string (o->route, &route))
        {
          *out_status = cd_cli_usage_error (command,
                                            /* Translators: do not translate the ids */
                                            _("Unknown route “%s”; use “general” or “simplified”"),
                                            o->route);
          return FALSE;
        }
      cd_case_info_set_route (info, route);
    }

  if (o->company != NULL)
    cd_case_info_set_company_name (info, o->company);
  if (o->uscc != NULL)
    cd_case_info_set_uscc (info, empty_to_null (o->uscc));
  if (o->address != NULL)
    cd_case_info_set_address (info, empty_to_null (o->address));
  if (o->consultant != NULL)
    cd_case_info_set_consultant (info, empty_to_null (o->consultant));
  if (o->group_filed != NULL)
    cd_case_info_set_group_filed (info, empty_to_null (o->group_filed));
  if (o->announced != NULL)
    cd_case_info_set_announced (info, empty_to_null (o->announced));
  if (o->planned != NULL)
    cd_case_info_set_planned_deregistration (info, empty_to_null (o->planned));

  return TRUE;
}

static char *
member_role_ids (void)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < CD_N_MEMBER_ROLES; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", cd_member_role_to_id (i));
  return g_string_free (ids, FALSE);
}

static char *
member_display_name (CdMember *member,
                     gboolean  reveal)
{
  return reveal ? g_strdup (cd_member_get_name (member)) : cd_mask_name (cd_member_get_name (member));
}

static char *
member_display_phone (CdMember *member,
                      gboolean  reveal)
{
  const char *phone = cd_member_get_phone (member);

  if (phone == NULL || *phone == '\0')
    return g_strdup ("");
  return reveal ? g_strdup (phone) : cd_mask_phone (phone);
}

/* -- case new ---------------------------------------------------------------------- */

static int
case_new (const char  *command,
          int          argc,
          char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_auto(CaseOptions) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCliSecret) passphrase = NULL;
  g_autofree char *display = NULL;
  CdKdfParams kdf_storage;
  const GOptionEntry entries[] = {
    CASE_OPTION_ENTRIES (o),
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Create a new closure case in FILE (which must not exist yet). "
                                  "The passphrase chosen here protects the customers’ data in "
                                  "the case; it cannot be recovered if lost."),
                                entries, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  if (o.company == NULL || *o.company == '\0')
    return cd_cli_usage_error (command, _("--company is required"));

  info = cd_case_info_new ();
  if (!case_options_apply (command, &o, info, &status))
    return status;

  display = g_filename_display_name (argv[1]);
  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    return cd_cli_fail (_("“%s” already exists; choose another file name"), display);
  if (!cd_case_info_validate (info, &error))
    return cd_cli_report_error (error);

  passphrase = cd_cli_get_passphrase (common.passphrase_file,
                                      _("Passphrase for the new case: "),
                                      _("Repeat the passphrase: "), &error);
  if (passphrase == NULL)
    return cd_cli_report_error (error);

  store = cd_store_create (argv[1], passphrase, cd_cli_kdf_params (&kdf_storage), info,
                           cd_cli_default_actor (common.actor), &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  cd_store_close (store);

  /* Translators: %s is the file name, then the company name */
  printf (_("Created case “%s” for %s.\n"), display, cd_case_info_get_company_name (info));
  return CD_CLI_EXIT_OK;
}

/* -- case show --------------------------------------------------------------------- */

static int
case_show (const char  *command,
           int          argc,
           char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  g_autoptr(GListModel) members = NULL;
  g_autofree char *n_assets = NULL;
  g_autofree char *n_customers = NULL;
  g_autofree char *n_entries = NULL;
  g_autofree char *audit_state = NULL;
  g_autofree char *version = NULL;
  g_autofree char *display = NULL;
  CdAuditReport report;
  gint64 assets, customers;
  guint n_members;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Show the company, the liquidation group, what the case "
                                  "holds and the state of its audit log."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_REVEAL);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  info = cd_store_get_case_info (store, &error);
  if (info == NULL)
    return cd_cli_report_error (error);
  members = cd_store_list_members (store, &error);
  if (members == NULL)
    return cd_cli_report_error (error);
  assets = cd_store_count_assets (store, &error);
  if (assets < 0)
    return cd_cli_report_error (error);
  customers = cd_store_count_customers (store, &error);
  if (customers < 0)
    return cd_cli_report_error (error);
  if (!cd_store_verify_audit (store, &report, &error))
    return cd_cli_report_error (error);

  n_assets = cd_cli_format_count (assets);
  n_customers = cd_cli_format_count (customers);
  n_entries = cd_cli_format_count (report.n_entries);
  version = g_strdup_printf ("%d", cd_store_get_schema_version (store));
  display = g_filename_display_name (argv[1]);
  if (report.problem == CD_AUDIT_OK)
    audit_state = cd_audit_hash_to_hex (report.head);
  else
    {
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, report.first_bad_seq);

      /* Translators: the number of the first bad audit entry, then what is wrong */
      audit_state = g_strdup_printf (_("broken at entry %s: %s"), seq,
                                     cd_audit_problem_to_string (report.problem));
    }

  {
    const char *labels[] = {
      _("File"),
      _("Company"),
      _("Credit code"),
      _("Registered address"),
      _("Route"),
      _("Consultant"),
      _("Liquidation group filed"),
      _("Announced"),
      _("Planned deregistration"),
      _("Assets"),
      _("Customers"),
      _("Format version"),
      _("Audit entries"),
      report.problem == CD_AUDIT_OK ? _("Audit head") : _("Audit log"),
    };
    const char *values[] = {
      display,
      cd_case_info_get_company_name (info),
      cd_case_info_get_uscc (info),
      cd_case_info_get_address (info),
      cd_route_get_label (cd_case_info_get_route (info)),
      cd_case_info_get_consultant (info),
      cd_case_info_get_group_filed (info),
      cd_case_info_get_announced (info),
      cd_case_info_get_planned_deregistration (info),
      n_assets,
      n_customers,
      version,
      n_entries,
      audit_state,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (values));
    cd_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  }

  n_members = g_list_model_get_n_items (members);
  printf ("\n%s\n", _("Liquidation group:"));
  if (n_members == 0)
    printf ("  %s\n", _("(no members yet; add them with “case add-member”)"));
  for (guint i = 0; i < n_members; i++)
    {
      g_autoptr(CdMember) member = g_list_model_get_item (members, i);
      g_autofree char *name = member_display_name (member, common.reveal);
      g_autofree char *phone = member_display_phone (member, common.reveal);
      g_autofree char *line = NULL;

      if (*phone != '\0')
        /* Translators: a member of the liquidation group: name, role, phone */
        line = g_strdup_printf (_("%s — %s, %s"), name,
                                cd_member_role_get_label (cd_member_get_role (member)), phone);
      else
        /* Translators: a member of the liquidation group: name, role */
        line = g_strdup_printf (_("%s — %s"), name,
                                cd_member_role_get_label (cd_member_get_role (member)));
      {
        g_autofree char *clean = cd_cli_sanitize (line);
        printf ("  %s\n", clean);
      }
    }

  return CD_CLI_EXIT_OK;
}

/* -- case edit --------------------------------------------------------------------- */

static int
case_edit (const char  *command,
           int          argc,
           char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_auto(CaseOptions) o = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  const GOptionEntry entries[] = {
    CASE_OPTION_ENTRIES (o),
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Change the case details. Only the options given are "
                                  "changed; an empty value (--address=\"\") clears a field."),
                                entries, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  if (!case_options_any (&o))
    return cd_cli_usage_error (command, _("Nothing to change: give at least one option"));

  /* Validate the options before asking for a passphrase. */
  {
    g_autoptr(CdCaseInfo) scratch = cd_case_info_new ();

    if (!case_options_apply (command, &o, scratch, &status))
      return status;
  }

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  info = cd_store_get_case_info (store, &error);
  if (info == NULL)
    return cd_cli_report_error (error);
  if (!case_options_apply (command, &o, info, &status))
    return status;
  if (!cd_store_update_case_info (store, info, &error))
    return cd_cli_report_error (error);

  printf ("%s\n", _("Case details saved."));
  return CD_CLI_EXIT_OK;
}

/* -- case passwd ------------------------------------------------------------------- */

static int
case_passwd (const char  *command,
             int          argc,
             char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autofree char *new_passphrase_file = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCliSecret) old_passphrase = NULL;
  g_autoptr(CdCliSecret) new_passphrase = NULL;
  CdKdfParams kdf_storage;
  const GOptionEntry entries[] = {
    { "new-passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &new_passphrase_file,
      N_("Read the new passphrase from the first line of FILE"), N_("FILE") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Change the case passphrase. Every sealed value is re-sealed "
                                  "under the new key in one step; if anything fails the case "
                                  "keeps its old passphrase. The new passphrase is read from "
                                  "--new-passphrase-file, else from CLOSURE_DESK_NEW_PASSPHRASE, "
                                  "else asked for twice on the terminal."),
                                entries, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, FALSE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  old_passphrase = cd_cli_get_passphrase (common.passphrase_file, _("Current passphrase: "),
                                          NULL, &error);
  if (old_passphrase == NULL)
    return cd_cli_report_error (error);
  /* Check the old passphrase before the user types the new one twice. */
  if (!cd_store_unlock (store, old_passphrase, &error))
    return cd_cli_report_error (error);

  new_passphrase = cd_cli_get_new_passphrase (new_passphrase_file, &error);
  if (new_passphrase == NULL)
    return cd_cli_report_error (error);

  if (!cd_store_change_passphrase (store, old_passphrase, new_passphrase,
                                   cd_cli_kdf_params (&kdf_storage), &error))
    return cd_cli_report_error (error);

  printf ("%s\n", _("Passphrase changed."));
  return CD_CLI_EXIT_OK;
}

/* -- case members / add-member / remove-member ------------------------------------ */

static int
case_members (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) members = NULL;
  g_autoptr(CdCliTable) table = NULL;
  guint n;
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("List the members of the liquidation group (清算组)."),
                                NULL, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT | CD_CLI_OPT_REVEAL);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  members = cd_store_list_members (store, &error);
  if (members == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (4);
  cd_cli_table_set_column (table, 0, "id", _("ID"), FALSE);
  cd_cli_table_set_column (table, 1, "name", _("Name"), FALSE);
  cd_cli_table_set_column (table, 2, "role", _("Role"), FALSE);
  cd_cli_table_set_column (table, 3, "phone", _("Phone"), FALSE);

  n = g_list_model_get_n_items (members);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CdMember) member = g_list_model_get_item (members, i);
      g_autofree char *name = member_display_name (member, common.reveal);
      g_autofree char *phone = member_display_phone (member, common.reveal);
      CdMemberRole role = cd_member_get_role (member);
      const char *cells[] = {
        cd_member_get_id (member),
        name,
        common.tsv ? cd_member_role_to_id (role) : cd_member_role_get_label (role),
        phone,
      };

      cd_cli_table_add_row (table, cells);
    }

  cd_cli_table_print (table, common.tsv);
  if (!common.tsv)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u member\n", "%u members\n", n), n);
  return CD_CLI_EXIT_OK;
}

static int
case_add_member (const char  *command,
                 int          argc,
                 char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *phone = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdMember) member = NULL;
  CdMemberRole role = CD_MEMBER_ROLE_MEMBER;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The member’s name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text,
      /* Translators: do not translate the role ids */
      N_("head, member (default), legal, finance or other"), N_("ROLE") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("The member’s phone number"), N_("PHONE") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Add a member to the liquidation group. Members’ names and "
                                  "phone numbers are sealed like customers’."),
                                entries, &common,
                                CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  if (name == NULL || *name == '\0')
    return cd_cli_usage_error (command, _("--name is required"));
  if (role_text != NULL && !cd_member_role_from_string (role_text, &role))
    {
      g_autofree char *ids = member_role_ids ();
      /* Translators: %s is what the user typed, then the list of valid role ids */
      return cd_cli_usage_error (command, _("Unknown role “%s”; use one of: %s"), role_text, ids);
    }

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  member = cd_member_new (name, role);
  cd_member_set_phone (member, phone);
  if (!cd_store_add_member (store, member, &error))
    return cd_cli_report_error (error);

  /* Translators: %s is the new member's id */
  printf (_("Added member %s.\n"), cd_member_get_id (member));
  return CD_CLI_EXIT_OK;
}

static int
case_remove_member (const char  *command,
                    int          argc,
                    char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  int status;

  context = cd_cli_context_new (_("FILE ID"),
                                _("Remove a member from the liquidation group; ids are shown "
                                  "by “case members”."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (!cd_store_remove_member (store, argv[2], &error))
    return cd_cli_report_error (error);

  printf ("%s\n", _("Member removed."));
  return CD_CLI_EXIT_OK;
}

/* -- case demo --------------------------------------------------------------------- */

static int
case_demo (const char  *command,
           int          argc,
           char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *display = NULL;
  g_autofree char *retention = NULL;
  CdKdfParams kdf_storage;
  const GOptionEntry entries[] = {
    { "retention", 0, 0, G_OPTION_ARG_FILENAME, &retention,
      N_("Also bring it to the retention stage — custodians, a vault, a destruction with a witness — "
         "with their files in DIR (created)"), N_("DIR") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("FILE"),
                                _("Create the demo case in FILE: a fictitious restaurant group "
                                  "being dissolved, with its data inventory, liquidation group "
                                  "and customers. Every run creates the same records."),
                                entries, &common, 0);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  store = cd_demo_create (argv[1], cd_cli_kdf_params (&kdf_storage), &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (retention != NULL && !cd_demo_add_retention (store, retention, &error))
    return cd_cli_report_error (error);
  cd_store_close (store);

  display = g_filename_display_name (argv[1]);
  /* Translators: the first %s is the file name, the second the passphrase */
  printf (_("Created the demo case “%s”; its passphrase is “%s”.\n"), display, CD_DEMO_PASSPHRASE);
  return CD_CLI_EXIT_OK;
}

/* -- case demo-files ---------------------------------------------------------------- */

static int
case_demo_files (const char  *command,
                 int          argc,
                 char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  int status;

  context = cd_cli_context_new (_("DIR"),
                                _("Create DIR (new or empty) with the demo case’s files to scan: "
                                  "member lists, chat exports, contracts, payroll, mail, old "
                                  "backups, scans and recordings of the fictitious restaurant "
                                  "group, many naming the demo case’s customers. Every run writes "
                                  "the same files."),
                                NULL, &common, 0);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  if (!cd_demo_write_files (argv[1], &error))
    return cd_cli_report_error (error);

  display = g_filename_display_name (argv[1]);
  /* Translators: %s is a folder */
  printf (_("Created the demo files in “%s”.\n"), display);
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_case_commands[] = {
  { "new", N_("Create a new closure case file"), case_new },
  { "show", N_("Show the case details, counts and audit state"), case_show },
  { "edit", N_("Change the case details"), case_edit },
  { "passwd", N_("Change the case passphrase"), case_passwd },
  { "members", N_("List the liquidation group"), case_members },
  { "add-member", N_("Add a member to the liquidation group"), case_add_member },
  { "remove-member", N_("Remove a member from the liquidation group"), case_remove_member },
  { "demo", N_("Create the demo case"), case_demo },
  { "demo-files", N_("Create the demo case’s folder of files to scan"), case_demo_files },
  { NULL }
};
