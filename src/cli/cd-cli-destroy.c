/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli destroy …”: carrying out the plan's "destroy"
 * decisions with two people and a record.
 *
 * Keep these spellings, outside tools script against them:
 *   destroy plan CASE [--passes N] [--no-verify]
 *   destroy run CASE PLAN --operator NAME --witness NAME [--confirm CASE-NAME]
 *   destroy record CASE --kind paper|device|cloud --date YYYY-MM-DD --operator NAME
 *                  --witness NAME --description TEXT --method TEXT [--serial TEXT]
 *                  [--weight KG] [--boxes N] [--certificate FILE.pdf] [--asset ID]
 *   destroy list CASE [PLAN]
 *   destroy cancel CASE PLAN
 *   destroy vault CASE VAULT --operator NAME --witness NAME [--confirm CASE-NAME]
 * Without --confirm, run and vault ask for the case name on the terminal. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

/* Translators: the options of “destroy run” and “destroy vault” */
#define PEOPLE_OPTIONS \
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator_name, N_("Who carries out the destruction"), N_("NAME") }, \
    { "witness", 0, 0, G_OPTION_ARG_STRING, &witness, N_("Who witnesses it (someone else)"), N_("NAME") }, \
    { "confirm", 0, 0, G_OPTION_ARG_STRING, &confirm, N_("The case name, typed as confirmation"), \
      N_("CASE-NAME") }

static char *
resolve_one (GPtrArray   *known,
             const char  *command,
             const char  *arg,
             const char  *what,
             int         *out_status)
{
  g_auto(GStrv) ids = NULL;
  const char *bad = NULL;
  gboolean ambiguous = FALSE;
  char *args[] = { (char *) arg, NULL };

  ids = cd_cli_resolve_ids (known, args, 1, &bad, &ambiguous);
  if (ids == NULL)
    {
      g_autofree char *display = cd_cli_sanitize (arg);

      *out_status = ambiguous ? cd_cli_usage_error (command, _("“%s” matches more than one %s: give more of it"),
                                                    display, what)
                              : cd_cli_fail (_("There is no %s “%s” in this case"), what, display);
      return NULL;
    }
  return g_strdup (ids[0]);
}

static char *
resolve_run (CdStore     *store,
             const char  *command,
             const char  *arg,
             int         *out_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) runs = cd_destroy_list_runs (store, &error);
  g_autoptr(GPtrArray) known = g_ptr_array_new ();

  if (runs == NULL)
    {
      *out_status = cd_cli_report_error (error);
      return NULL;
    }
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (known, ((CdDestroyRun *) runs->pdata[i])->id);
  /* Translators: what a destroy command's id argument names */
  return resolve_one (known, command, arg, _("destruction plan"), out_status);
}

/* The case name typed as confirmation: from --confirm, or asked. */
static char *
get_confirmation (CdStore     *store,
                  const char  *option_value,
                  const char  *what,
                  GError     **error)
{
  g_autoptr(CdCaseInfo) info = NULL;
  char line[1024];

  if (option_value != NULL)
    return g_strdup (option_value);
  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CONFIRMATION,
                           _("Confirm with --confirm followed by the case name (there is no terminal to ask on)"));
      return NULL;
    }
  info = cd_store_get_case_info (store, error);
  if (info == NULL)
    return NULL;
  /* Translators: %s says what goes (“3 files, 1.2 MB”), then the case name to type */
  g_printerr (_("This destroys %s for good. To confirm, type the case name (%s): "), what,
              cd_case_info_get_company_name (info));
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CONFIRMATION, _("Not confirmed"));
      return NULL;
    }
  line[strcspn (line, "\r\n")] = '\0';
  return g_strdup (line);
}

/* The two-person rule first, then the case name typed: the confirmation,
 * or NULL with the exit status set. */
static char *
confirm_people (CdStore     *store,
                const char  *operator_name,
                const char  *witness,
                const char  *confirm,
                const char  *what,
                int         *out_status)
{
  g_autoptr(GError) error = NULL;
  char *typed;

  if (!cd_destroy_check_people (store, operator_name, witness, NULL, &error) &&
      !g_error_matches (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CONFIRMATION))
    {
      *out_status = cd_cli_report_error (error);
      return NULL;
    }
  g_clear_error (&error);
  typed = get_confirmation (store, confirm, what, &error);
  if (typed == NULL)
    *out_status = cd_cli_report_error (error);
  return typed;
}

static char *
describe_items (guint   n,
                guint64 bytes)
{
  g_autofree char *size = g_format_size (bytes);

  /* Translators: %u files, %s their size (“1.2 MB”) */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file (%s)", "%u files (%s)", n), n, size);
}

static void
print_items (CdDestroyRun *run,
             gboolean      tsv)
{
  g_autoptr(CdCliTable) table = cd_cli_table_new (5);

  cd_cli_table_set_column (table, 0, "seq", _("No."), TRUE);
  cd_cli_table_set_column (table, 1, "state", _("State"), FALSE);
  cd_cli_table_set_column (table, 2, "size", _("Size"), TRUE);
  cd_cli_table_set_column (table, 3, "nist", _("NIST 800-88"), FALSE);
  cd_cli_table_set_column (table, 4, "path", _("File"), FALSE);
  for (guint i = 0; i < run->items->len; i++)
    {
      CdDestroyItem *item = run->items->pdata[i];
      g_autofree char *seq = g_strdup_printf ("%u", item->seq);
      g_autofree char *size = tsv ? g_strdup_printf ("%" G_GUINT64_FORMAT, item->size) : g_format_size (item->size);
      g_autofree char *path = cd_cli_sanitize (item->path);
      const char *cells[] = {
        seq,
        tsv ? cd_destroy_item_state_to_id (item->state) : cd_destroy_item_state_get_label (item->state),
        size,
        item->state != CD_DESTROY_ITEM_DESTROYED ? ""
        : tsv ? cd_shred_category_get_id (item->category) : cd_shred_category_get_label (item->category),
        path,
      };

      cd_cli_table_add_row (table, cells);
    }
  cd_cli_table_print (table, tsv);
}

static void
print_caveats (CdDestroyRun *run)
{
  CdShredCaveats caveats = CD_SHRED_CAVEAT_NONE;

  for (guint i = 0; i < run->items->len; i++)
    {
      CdDestroyItem *item = run->items->pdata[i];

      if (item->state == CD_DESTROY_ITEM_DESTROYED)
        caveats |= item->caveats;
    }
  for (guint bit = 0; bit < CD_SHRED_N_CAVEATS; bit++)
    if (caveats & (1u << bit))
      printf ("  ⚠ %s\n", cd_shred_caveat_get_label ((CdShredCaveats) (1u << bit)));
  if (caveats != CD_SHRED_CAVEAT_NONE)
    printf ("%s\n", _("An overwrite cannot be relied on there: purge the device or destroy it physically, "
                      "and add a manual record (destroy record --kind device)."));
}

static int
destroy_plan (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_auto(CdDestroyPlanNotes) notes = { 0, };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdDestroyRun) run = NULL;
  g_autofree char *what = NULL;
  g_autofree char *passes_text = NULL;
  gboolean no_verify = FALSE;
  CdShredOptions options = { 1, FALSE };
  guint64 bytes = 0;
  gint64 passes = 1;
  const GOptionEntry entries[] = {
    { "passes", 0, 0, G_OPTION_ARG_STRING, &passes_text,
      N_("Overwrite passes, 1 to 7 (default 1: random data, read back; 3 if your procedure asks for it)"),
      N_("N") },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify, N_("Do not read the last pass back"), NULL },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE"),
                                _("Plan the destruction of the files of every asset whose disposition is "
                                  "“destroy”: lists exactly what will be overwritten, with each file's "
                                  "SHA-256, and records the plan. Files below a location the plan keeps, "
                                  "vault files and the case itself are never included."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  if (passes_text != NULL)
    {
      if (!cd_cli_parse_count (command, "--passes", passes_text, &passes, &status))
        return status;
      if (passes < 1 || passes > CD_SHRED_MAX_PASSES)
        return cd_cli_usage_error (command, _("--passes takes 1 to %d"), CD_SHRED_MAX_PASSES);
    }
  options.passes = (guint) passes;
  options.no_verify = no_verify;

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  run = cd_destroy_plan (store, &options, &notes, NULL, NULL, NULL, &error);
  if (run == NULL)
    return cd_cli_report_error (error);

  print_items (run, common.tsv);
  if (common.tsv)
    return CD_CLI_EXIT_OK;
  for (guint i = 0; i < run->items->len; i++)
    bytes += ((CdDestroyItem *) run->items->pdata[i])->size;
  what = describe_items (run->items->len, bytes);
  /* Translators: the plan's id, then “3 files (1.2 MB)” */
  printf (_("Plan %s: %s to destroy.\n"), run->id, what);
  if (notes.protected_files > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u file or folder left out: the plan keeps it.\n",
                         "%u files or folders left out: the plan keeps them.\n", notes.protected_files),
            notes.protected_files);
  if (notes.skipped > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u link or special file left out.\n",
                         "%u links or special files left out.\n", notes.skipped), notes.skipped);
  for (guint i = 0; i < notes.manual_assets->len; i++)
    {
      g_autofree char *location = cd_cli_sanitize (cd_asset_get_location (notes.manual_assets->pdata[i]));

      /* Translators: an asset's location, then its id */
      printf (_("Needs a manual record (destroy record): %s [%s]\n"), location,
              cd_asset_get_id (notes.manual_assets->pdata[i]));
    }
  for (guint i = 0; i < notes.missing_assets->len; i++)
    {
      g_autofree char *location = cd_cli_sanitize (cd_asset_get_location (notes.missing_assets->pdata[i]));

      printf (_("Not found, nothing planned: %s\n"), location);
    }
  /* Translators: the command that runs the plan; keep the options as they are */
  printf (_("To destroy, with a witness: closure-desk-cli destroy run CASE %.8s --operator NAME --witness NAME\n"),
          run->id);
  return CD_CLI_EXIT_OK;
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  gint64 *last = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - *last < G_USEC_PER_SEC / 4 && done < total)
    return;
  *last = now;
  g_printerr ("\r%3u%%", total > 0 ? (guint) (done * 100 / total) : 100u);
  if (done >= total)
    g_printerr ("\r    \r");
}

static int
destroy_run (const char  *command,
             int          argc,
             char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdDestroyRun) run = NULL;
  g_autoptr(CdDestroyRun) after = NULL;
  g_autofree char *operator_name = NULL;
  g_autofree char *witness = NULL;
  g_autofree char *confirm = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *what = NULL;
  guint pending = 0;
  guint destroyed = 0;
  guint64 bytes = 0;
  gint64 last = 0;
  gboolean ok;
  const GOptionEntry entries[] = {
    PEOPLE_OPTIONS,
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE PLAN"),
                                _("Destroy the files of a plan (see destroy plan): each is checked again "
                                  "(unchanged since the plan, not kept by the plan now), overwritten, "
                                  "renamed, truncated and removed, and recorded one by one. An interrupted "
                                  "run continues where it stopped when run again."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  if (operator_name == NULL || witness == NULL)
    return cd_cli_usage_error (command, _("Destruction needs two people: give --operator and --witness"));

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  id = resolve_run (store, command, argv[2], &status);
  if (id == NULL)
    return status;
  run = cd_destroy_get_run (store, id, &error);
  if (run == NULL)
    return cd_cli_report_error (error);
  for (guint i = 0; i < run->items->len; i++)
    {
      CdDestroyItem *item = run->items->pdata[i];

      if (item->state != CD_DESTROY_ITEM_DESTROYED)
        {
          pending++;
          bytes += item->size;
        }
    }
  what = describe_items (pending, bytes);
  typed = confirm_people (store, operator_name, witness, confirm, what, &status);
  if (typed == NULL)
    return status;

  ok = cd_destroy_run (store, id, operator_name, witness, typed, NULL,
                       isatty (STDERR_FILENO) ? progress_cb : NULL, &last, &error);
  after = cd_destroy_get_run (store, id, NULL);
  if (after != NULL && !common.tsv)
    print_items (after, FALSE);
  else if (after != NULL)
    print_items (after, TRUE);
  if (!ok)
    return cd_cli_report_error (error);

  for (guint i = 0; i < after->items->len; i++)
    if (((CdDestroyItem *) after->items->pdata[i])->state == CD_DESTROY_ITEM_DESTROYED)
      destroyed++;
  if (!common.tsv)
    {
      /* Translators: files destroyed, then the operator and the witness */
      printf (g_dngettext (GETTEXT_PACKAGE, "%u file destroyed by %s, witnessed by %s.\n",
                           "%u files destroyed by %s, witnessed by %s.\n", destroyed),
              destroyed, after->operator_name, after->witness);
      print_caveats (after);
    }
  return CD_CLI_EXIT_OK;
}

static int
destroy_list (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GPtrArray) manual = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autoptr(CdCliTable) records = NULL;
  int status;

  context = cd_cli_context_new (_("CASE [PLAN]"),
                                _("List the destruction plans and the manual destruction records, or the "
                                  "files of one plan with what happened to each."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 2, &status))
    return status;
  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);

  if (argc == 3)
    {
      g_autofree char *id = resolve_run (store, command, argv[2], &status);
      g_autoptr(CdDestroyRun) run = NULL;

      if (id == NULL)
        return status;
      run = cd_destroy_get_run (store, id, &error);
      if (run == NULL)
        return cd_cli_report_error (error);
      print_items (run, common.tsv);
      if (!common.tsv && run->message != NULL)
        printf ("%s\n", run->message);
      return CD_CLI_EXIT_OK;
    }

  runs = cd_destroy_list_runs (store, &error);
  if (runs == NULL)
    return cd_cli_report_error (error);
  manual = cd_destroy_list_manual (store, &error);
  if (manual == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (6);
  cd_cli_table_set_column (table, 0, "plan", _("Plan"), FALSE);
  cd_cli_table_set_column (table, 1, "created", _("Created"), FALSE);
  cd_cli_table_set_column (table, 2, "state", _("State"), FALSE);
  cd_cli_table_set_column (table, 3, "destroyed", _("Destroyed"), TRUE);
  cd_cli_table_set_column (table, 4, "operator", _("Operator"), FALSE);
  cd_cli_table_set_column (table, 5, "witness", _("Witness"), FALSE);
  for (guint i = 0; i < runs->len; i++)
    {
      CdDestroyRun *run = runs->pdata[i];
      g_autofree char *created = cd_cli_format_time (run->created, common.tsv);
      g_autofree char *count = NULL;
      g_autofree char *id = common.tsv ? g_strdup (run->id) : g_strndup (run->id, 8);
      guint destroyed = 0;

      for (guint j = 0; j < run->items->len; j++)
        if (((CdDestroyItem *) run->items->pdata[j])->state == CD_DESTROY_ITEM_DESTROYED)
          destroyed++;
      count = g_strdup_printf ("%u/%u", destroyed, run->items->len);
      {
        const char *cells[] = {
          id, created,
          common.tsv ? cd_destroy_run_state_to_id (run->state) : cd_destroy_run_state_get_label (run->state),
          count,
          run->operator_name != NULL ? run->operator_name : "",
          run->witness != NULL ? run->witness : "",
        };

        cd_cli_table_add_row (table, cells);
      }
    }
  cd_cli_table_print (table, common.tsv);

  records = cd_cli_table_new (7);
  cd_cli_table_set_column (records, 0, "record", _("Record"), FALSE);
  cd_cli_table_set_column (records, 1, "date", _("Date"), FALSE);
  cd_cli_table_set_column (records, 2, "kind", _("Kind"), FALSE);
  cd_cli_table_set_column (records, 3, "method", _("Method"), FALSE);
  cd_cli_table_set_column (records, 4, "operator", _("Operator"), FALSE);
  cd_cli_table_set_column (records, 5, "witness", _("Witness"), FALSE);
  cd_cli_table_set_column (records, 6, "description", _("Description"), FALSE);
  for (guint i = 0; i < manual->len; i++)
    {
      CdManualDestruction *record = manual->pdata[i];
      g_autofree char *id = common.tsv ? g_strdup (record->id) : g_strndup (record->id, 8);
      g_autofree char *description = cd_cli_sanitize (record->description);
      const char *cells[] = {
        id, record->performed_on,
        common.tsv ? cd_manual_kind_to_id (record->kind) : cd_manual_kind_get_label (record->kind),
        record->method, record->operator_name, record->witness, description,
      };

      cd_cli_table_add_row (records, cells);
    }
  if (manual->len > 0 || common.tsv)
    {
      if (!common.tsv)
        printf ("\n");
      cd_cli_table_print (records, common.tsv);
    }
  return CD_CLI_EXIT_OK;
}

static int
destroy_cancel (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *id = NULL;
  int status;

  context = cd_cli_context_new (_("CASE PLAN"),
                                _("Withdraw a destruction plan that is not complete: what it destroyed stays "
                                  "recorded, the rest is left alone (make a new plan for it)."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  id = resolve_run (store, command, argv[2], &status);
  if (id == NULL)
    return status;
  if (!cd_destroy_cancel_plan (store, id, &error))
    return cd_cli_report_error (error);
  printf (_("Plan %s withdrawn\n"), id);
  return CD_CLI_EXIT_OK;
}

static int
destroy_record (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *date = NULL;
  g_autofree char *operator_name = NULL;
  g_autofree char *witness = NULL;
  g_autofree char *description = NULL;
  g_autofree char *method = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *weight = NULL;
  g_autofree char *boxes = NULL;
  g_autofree char *certificate = NULL;
  g_autofree char *asset = NULL;
  g_autofree char *asset_id = NULL;
  g_autofree char *id = NULL;
  CdManualDestruction record = { 0, };
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("paper, device or cloud"), N_("KIND") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("When it was destroyed"), N_("YYYY-MM-DD") },
    { "operator", 0, 0, G_OPTION_ARG_STRING, &operator_name, N_("Who carried it out"), N_("NAME") },
    { "witness", 0, 0, G_OPTION_ARG_STRING, &witness, N_("Who witnessed it (someone else)"), N_("NAME") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What was destroyed"), N_("TEXT") },
    { "method", 0, 0, G_OPTION_ARG_STRING, &method,
      N_("Paper: the shredder's DIN 66399 level (P-4…); a device: how (nwipe, secure erase, degaussing, "
         "shredding…); cloud: the provider"), N_("TEXT") },
    { "serial", 0, 0, G_OPTION_ARG_STRING, &serial, N_("A device's serial number, or the cloud account closed"),
      N_("TEXT") },
    { "weight", 0, 0, G_OPTION_ARG_STRING, &weight, N_("Paper: the weight destroyed, in kg"), N_("KG") },
    { "boxes", 0, 0, G_OPTION_ARG_STRING, &boxes, N_("Paper: the number of boxes"), N_("N") },
    { "certificate", 0, 0, G_OPTION_ARG_FILENAME, &certificate,
      N_("The wiping tool's or vendor's certificate (PDF), kept in the case"), N_("FILE.pdf") },
    { "asset", 0, 0, G_OPTION_ARG_STRING, &asset, N_("The asset this settles"), N_("ID") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE"),
                                _("Record a destruction done outside the app: paper shredded, a device "
                                  "wiped or destroyed, a cloud account closed. Needs an operator and a "
                                  "witness."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  if (kind == NULL || date == NULL || operator_name == NULL || witness == NULL || description == NULL ||
      method == NULL)
    return cd_cli_usage_error (command, _("Give --kind, --date, --operator, --witness, --description and --method"));
  if (!cd_manual_kind_from_string (kind, &record.kind, &error))
    return cd_cli_usage_error (command, "%s", error->message);
  if (!cd_cli_parse_date (command, "--date", date, &status))
    return status;
  if (weight != NULL)
    {
      char *end = NULL;

      record.weight_kg = g_ascii_strtod (weight, &end);
      if (end == weight || *end != '\0' || record.weight_kg < 0)
        return cd_cli_usage_error (command, _("--weight takes a number of kilograms, like 12.5"));
    }
  if (boxes != NULL)
    {
      gint64 n;

      if (!cd_cli_parse_count (command, "--boxes", boxes, &n, &status))
        return status;
      record.boxes = (guint) MIN (n, G_MAXUINT);
    }

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (asset != NULL)
    {
      g_autoptr(GListModel) assets = cd_store_list_assets (store, &error);
      g_autoptr(GPtrArray) known = g_ptr_array_new ();

      if (assets == NULL)
        return cd_cli_report_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (assets); i++)
        {
          g_autoptr(CdAsset) item = g_list_model_get_item (assets, i);

          g_ptr_array_add (known, (gpointer) g_intern_string (cd_asset_get_id (item)));
        }
      /* Translators: what --asset names */
      asset_id = resolve_one (known, command, asset, _("asset"), &status);
      if (asset_id == NULL)
        return status;
    }

  record.asset_id = asset_id;
  record.performed_on = date;
  record.operator_name = operator_name;
  record.witness = witness;
  record.description = description;
  record.method = method;
  record.serial = serial;
  id = cd_destroy_add_manual (store, &record, certificate, &error);
  if (id == NULL)
    return cd_cli_report_error (error);
  printf (_("Destruction record %s added\n"), id);
  return CD_CLI_EXIT_OK;
}

static int
destroy_vault (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) vaults = NULL;
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  g_autofree char *operator_name = NULL;
  g_autofree char *witness = NULL;
  g_autofree char *confirm = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *id = NULL;
  CdShredResult result = { 0, };
  const GOptionEntry entries[] = {
    PEOPLE_OPTIONS,
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE VAULT"),
                                _("Destroy a retained archive whose retain-until date has passed (the plan "
                                  "check lists them): its file is overwritten and removed, and the case "
                                  "records it as destroyed. The custodians' keys then open nothing."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  if (operator_name == NULL || witness == NULL)
    return cd_cli_usage_error (command, _("Destruction needs two people: give --operator and --witness"));
  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  vaults = cd_store_list_vaults (store, &error);
  if (vaults == NULL)
    return cd_cli_report_error (error);
  for (guint i = 0; i < vaults->len; i++)
    g_ptr_array_add (known, ((CdVaultRecord *) vaults->pdata[i])->id);
  /* Translators: what a vault command's id argument names */
  id = resolve_one (known, command, argv[2], _("vault"), &status);
  if (id == NULL)
    return status;
  typed = confirm_people (store, operator_name, witness, confirm, _("the archive"), &status);
  if (typed == NULL)
    return status;
  if (!cd_destroy_vault (store, id, operator_name, witness, typed, &result, NULL, &error))
    return cd_cli_report_error (error);
  /* Translators: the vault's id, then the NIST SP 800-88 category achieved */
  printf (_("Vault %s destroyed (%s)\n"), id,
          result.passes > 0 ? cd_shred_category_get_label (result.category) : _("its file was already gone"));
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_destroy_commands[] = {
  { "plan", N_("List and record exactly what the plan's “destroy” decisions will overwrite"), destroy_plan },
  { "run", N_("Destroy a plan's files, with an operator and a witness"), destroy_run },
  { "record", N_("Record paper, devices or accounts destroyed outside the app"), destroy_record },
  { "list", N_("List destruction plans and records, or one plan's files"), destroy_list },
  { "cancel", N_("Withdraw a plan not yet complete"), destroy_cancel },
  { "vault", N_("Destroy a retained archive whose time is up"), destroy_vault },
  { NULL }
};
