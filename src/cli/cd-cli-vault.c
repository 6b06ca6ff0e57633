/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli custodian …” and “vault …”: who may open retained
 * archives, and the archives themselves (age v1 files holding a tar).
 *
 * Keep these spellings, outside tools script against them:
 *   vault create CASE -o OUT.age [--recipient age1…]... [--passphrase-file F] PATH...
 *   vault list VAULT.age (-i KEYFILE | --passphrase-file F)
 *   vault verify VAULT.age (-i KEYFILE | --passphrase-file F) [--case CASE]
 *   vault restore VAULT.age (-i KEYFILE | --passphrase-file F) -o DIR [--overwrite] [MEMBER...]
 *   custodian new CASE --name NAME -o KEYFILE [--paper-key PDF]
 *   custodian import CASE --name NAME age1…
 * In vault commands --passphrase-file is the archive's passphrase; the
 * case's comes from $CLOSURE_DESK_PASSPHRASE or the terminal. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "cd-cli-private.h"

/* -- custodians ----------------------------------------------------------------- */

static int
custodian_new (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *paper_key = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *created = NULL;
  g_autofree char *id = NULL;
  g_autofree char *display = NULL;
  g_autoptr(CdCliSecret) secret = NULL;
  g_autoptr(CdCaseInfo) info = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Who keeps the key"), N_("NAME") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the custodian's secret key (a new file, readable by its owner only)"), N_("KEYFILE") },
    { "paper-key", 0, 0, G_OPTION_ARG_FILENAME, &paper_key,
      N_("Also write the secret key as a paper key to print for them (a new one-page PDF)"), N_("PDF") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE"),
                                _("Make a key pair for a custodian of retained archives. The secret key is "
                                  "written to KEYFILE for them to keep (it opens the archives with the "
                                  "stock age tool: age -d -i KEYFILE); the case keeps only the public key. "
                                  "With --paper-key it is also written as a one-page PDF, in numbered groups "
                                  "with how to restore an archive, to print and keep in a safe; delete the "
                                  "PDF once printed."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  if (name == NULL)
    return cd_cli_usage_error (command, _("Missing --name NAME: who keeps the key"));
  if (output == NULL)
    return cd_cli_usage_error (command, _("Missing -o KEYFILE: where the secret key goes"));
  if (g_file_test (output, G_FILE_TEST_EXISTS))
    {
      display = cd_cli_sanitize (output);
      return cd_cli_fail (_("%s already exists: a key file is never overwritten"), display);
    }
  if (paper_key != NULL && strcmp (paper_key, output) == 0)
    return cd_cli_usage_error (command, _("The key file and the paper key must be two different files"));
  if (paper_key != NULL && g_file_test (paper_key, G_FILE_TEST_EXISTS))
    {
      display = cd_cli_sanitize (paper_key);
      return cd_cli_fail (_("%s already exists: a paper key never replaces a file"), display);
    }

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (paper_key != NULL)
    {
      /* The page names the case by its company. */
      info = cd_store_get_case_info (store, &error);
      if (info == NULL)
        return cd_cli_report_error (error);
    }

  secret = cd_age_identity_generate (&recipient);
  created = g_date_time_format_iso8601 (now);
  if (!cd_age_identity_write_file (output, secret, recipient, &error))
    return cd_cli_report_error (error);

  /* Both files exist before the custodian does, and go if it is not added. */
  if (paper_key != NULL)
    {
      CdPaperKeyInfo paper = {
        .custodian_name = name,
        .case_name = cd_case_info_get_company_name (info),
        .recipient = recipient,
        .identity = secret,
        .created = created,
        .language = NULL,
      };

      if (!cd_paper_key_write_pdf (paper_key, &paper, &error))
        {
          g_unlink (output);
          return cd_cli_report_error (error);
        }
    }

  id = cd_store_add_custodian (store, name, recipient, &error);
  if (id == NULL)
    {
      g_unlink (output);
      if (paper_key != NULL)
        g_unlink (paper_key);
      return cd_cli_report_error (error);
    }
  display = cd_cli_sanitize (output);
  /* Translators: the public key, then the key file */
  printf (_("Custodian added with key %s. Give them %s: it is not kept in the case, and without it the "
            "archives encrypted to them cannot be opened.\n"), recipient, display);
  if (paper_key != NULL)
    {
      g_autofree char *paper_display = cd_cli_sanitize (paper_key);

      /* Translators: the PDF file */
      printf (_("Paper key written to %s: print it for them to keep in a safe, then delete the file.\n"),
              paper_display);
    }
  return CD_CLI_EXIT_OK;
}

static int
custodian_import (const char  *command,
                  int          argc,
                  char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Who keeps the key"), N_("NAME") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE age1…"),
                                _("Register a custodian's existing age public key (from age-keygen, say)."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, 2, &status))
    return status;
  if (name == NULL)
    return cd_cli_usage_error (command, _("Missing --name NAME: who keeps the key"));
  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  id = cd_store_add_custodian (store, name, argv[2], &error);
  if (id == NULL)
    return cd_cli_report_error (error);
  printf (_("Custodian added with key %s\n"), argv[2]);
  return CD_CLI_EXIT_OK;
}

static int
custodian_list (const char  *command,
                int          argc,
                char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) custodians = NULL;
  g_autoptr(CdCliTable) table = NULL;
  int status;

  context = cd_cli_context_new (_("CASE"), _("List the custodians of retained archives and their keys."),
                                NULL, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status))
    return status;
  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  custodians = cd_store_list_custodians (store, &error);
  if (custodians == NULL)
    return cd_cli_report_error (error);

  table = cd_cli_table_new (3);
  cd_cli_table_set_column (table, 0, "id", _("ID"), FALSE);
  cd_cli_table_set_column (table, 1, "name", _("Name"), FALSE);
  cd_cli_table_set_column (table, 2, "recipient", _("Public key"), FALSE);
  for (guint i = 0; i < custodians->len; i++)
    {
      const CdCustodian *custodian = g_ptr_array_index (custodians, i);
      const char *cells[] = { custodian->id, custodian->name, custodian->recipient };

      cd_cli_table_add_row (table, cells);
    }
  cd_cli_table_print (table, common.tsv);
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_custodian_commands[] = {
  { "new", N_("Make a key pair for a custodian of retained archives"), custodian_new },
  { "import", N_("Register a custodian's existing age public key"), custodian_import },
  { "list", N_("List the custodians"), custodian_list },
  { NULL }
};

/* -- vaults --------------------------------------------------------------------- */

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static int
vault_create (const char  *command,
              int          argc,
              char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CdCliSecret) passphrase = NULL;
  g_auto(GStrv) given = NULL;
  g_autofree char *output = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *retain_until = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *id = NULL;
  g_autofree char *display = NULL;
  g_autofree char *size = NULL;
  CdVaultCreateRequest request = { 0, };
  CdVaultInfo info;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The archive to write"), N_("OUT.age") },
    { "recipient", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &given,
      N_("Encrypt to this age public key (repeatable); without any, to every custodian of the case"),
      N_("age1…") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Let the archive open with the passphrase on the first line of FILE instead of keys"), N_("FILE") },
    { "retain-until", 0, 0, G_OPTION_ARG_STRING, &retain_until,
      N_("Keep the archive until this date (YYYY-MM-DD), for the plan check and the report"), N_("DATE") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("CASE PATH…"),
                                _("Write files and folders to keep into an encrypted archive in the age "
                                  "format (a tar inside), and record it in the case. It opens without "
                                  "Closure Desk: age -d -i KEYFILE OUT.age | tar -x. The case's passphrase "
                                  "comes from $CLOSURE_DESK_PASSPHRASE or the terminal."),
                                entries, &common, CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 2, G_MAXINT, &status))
    return status;
  if (output == NULL)
    return cd_cli_usage_error (command, _("Missing -o OUT.age: where the archive goes"));
  if (retain_until != NULL && !cd_date_is_valid (retain_until))
    return cd_cli_usage_error (command, _("--retain-until needs a date such as 2056-12-31"));
  for (guint i = 0; given != NULL && given[i] != NULL; i++)
    {
      guint8 pk[CD_AGE_KEY_BYTES];

      if (!cd_age_recipient_parse (given[i], pk, &error))
        return cd_cli_usage_error (command, "%s", error->message);
      g_ptr_array_add (recipients, g_strdup (given[i]));
    }
  if (passphrase_file != NULL && recipients->len > 0)
    return cd_cli_usage_error (command, _("An age archive opens with keys or with a passphrase, not both: "
                                          "give --recipient or --passphrase-file"));
  if (passphrase_file != NULL)
    {
      passphrase = cd_cli_read_secret_file (passphrase_file, &error);
      if (passphrase == NULL)
        return cd_cli_report_error (error);
      if (*passphrase == '\0')
        return cd_cli_usage_error (command, _("The passphrase file is empty"));
    }

  store = cd_cli_open_case (argv[1], &common, TRUE, &error);
  if (store == NULL)
    return cd_cli_report_error (error);
  if (recipients->len == 0 && passphrase == NULL)
    {
      g_autoptr(GPtrArray) custodians = cd_store_list_custodians (store, &error);

      if (custodians == NULL)
        return cd_cli_report_error (error);
      for (guint i = 0; i < custodians->len; i++)
        g_ptr_array_add (recipients, g_strdup (((CdCustodian *) custodians->pdata[i])->recipient));
      if (recipients->len == 0)
        return cd_cli_usage_error (command, _("Nobody could open this archive: give --recipient age1…, "
                                              "--passphrase-file FILE, or add a custodian first"));
    }
  g_ptr_array_add (recipients, NULL);

  manifest = cd_store_vault_manifest (store, (const char * const *) argv + 2, retain_until);
  request.paths = (const char * const *) argv + 2;
  request.output = output;
  request.recipients = recipients->len > 1 ? (const char * const *) recipients->pdata : NULL;
  request.passphrase = passphrase;
  request.manifest_json = manifest;
  if (!cd_vault_create (&request, &info, NULL, NULL, NULL, &error))
    return cd_cli_report_error (error);

  id = cd_store_add_vault (store, output, info.sha256, info.size, info.n_members,
                           (const char * const *) recipients->pdata, passphrase != NULL, retain_until, &error);
  display = cd_cli_sanitize (output);
  if (id == NULL)
    {
      /* Translators: the archive is there and sound, but the case does not know it */
      g_printerr (_("%s: %s was written, but not recorded in the case: %s\n"), CD_CLI_NAME, display,
                  error->message);
      return CD_CLI_EXIT_FAILURE;
    }
  size = format_size (info.size);
  /* Translators: file, member count, size, SHA-256 */
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s: %u member, %s, SHA-256 %s\n",
                       "Wrote %s: %u members, %s, SHA-256 %s\n", info.n_members),
          display, info.n_members, size, info.sha256);
  return CD_CLI_EXIT_OK;
}

typedef struct
{
  char        **identities;
  CdCliSecret  *passphrase;
} Opener;

static void
opener_clear (Opener *opener)
{
  if (opener->identities != NULL)
    cd_age_identities_free (opener->identities);
  opener->identities = NULL;
  g_clear_pointer (&opener->passphrase, cd_crypto_secure_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Opener, opener_clear)

static gboolean
opener_load (Opener      *opener,
             const char  *command,
             const char  *identity_file,
             const char  *passphrase_file,
             int         *status)
{
  g_autoptr(GError) error = NULL;

  if ((identity_file == NULL) == (passphrase_file == NULL))
    {
      *status = cd_cli_usage_error (command, _("Give -i KEYFILE or --passphrase-file FILE to open the archive"));
      return FALSE;
    }
  if (identity_file != NULL)
    opener->identities = cd_age_identities_load (identity_file, &error);
  else
    opener->passphrase = cd_cli_read_secret_file (passphrase_file, &error);
  if (opener->identities == NULL && opener->passphrase == NULL)
    {
      *status = cd_cli_report_error (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
print_member (const CdVaultMember *member,
              gpointer             user_data)
{
  CdCliTable *table = user_data;
  g_autofree char *name = cd_cli_sanitize (member->name);
  g_autofree char *size = member->is_dir ? g_strdup ("") : g_strdup_printf ("%" G_GUINT64_FORMAT, member->size);
  g_autofree char *time = cd_cli_format_time (member->mtime, FALSE);
  const char *cells[] = { name, size, time };

  if (table != NULL)
    cd_cli_table_add_row (table, cells);
  return TRUE;
}

static int
vault_list_or_verify (const char  *command,
                      int          argc,
                      char       **argv,
                      gboolean     verify)
{
  g_auto(CdCliCommon) common = { 0 };
  g_auto(Opener) opener = { NULL, NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autofree char *identity_file = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *case_path = NULL;
  const GOptionEntry entries[] = {
    { "identity", 'i', 0, G_OPTION_ARG_FILENAME, &identity_file, N_("A custodian's key file"), N_("KEYFILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("The archive's passphrase, on the first line of FILE"), N_("FILE") },
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("Also check the archive against the SHA-256 the case recorded"), N_("CASE") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("VAULT.age"),
                                verify ? _("Decrypt the whole archive and check every part of it, extracting "
                                           "nothing. Exit status 0 if it is sound, 1 if not.")
                                       : _("List what an archive holds."),
                                entries, &common, CD_CLI_OPT_FORMAT);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, 1, &status) ||
      !opener_load (&opener, command, identity_file, passphrase_file, &status))
    return status;

  if (!verify)
    {
      table = cd_cli_table_new (3);
      cd_cli_table_set_column (table, 0, "name", _("Name"), FALSE);
      cd_cli_table_set_column (table, 1, "size", _("Size"), TRUE);
      cd_cli_table_set_column (table, 2, "modified", _("Modified"), FALSE);
    }
  if (!cd_vault_verify (argv[1], (const char * const *) opener.identities, opener.passphrase,
                        print_member, table, NULL, &error))
    return cd_cli_report_error (error);

  if (case_path != NULL)
    {
      g_autoptr(CdStore) store = cd_cli_open_case (case_path, &common, TRUE, &error);
      g_autoptr(GPtrArray) vaults = NULL;
      g_autofree char *hash = NULL;
      gboolean known = FALSE;

      if (store == NULL || (vaults = cd_store_list_vaults (store, &error)) == NULL)
        return cd_cli_report_error (error);
      hash = cd_fs_sha256_file (argv[1], &error);
      if (hash == NULL)
        return cd_cli_report_error (error);
      for (guint i = 0; i < vaults->len; i++)
        known |= g_strcmp0 (((CdVaultRecord *) vaults->pdata[i])->sha256, hash) == 0;
      if (!known)
        return cd_cli_fail (_("The archive opens, but it is not one this case recorded (its SHA-256 differs)"));
    }

  if (table != NULL)
    cd_cli_table_print (table, common.tsv);
  else
    printf (_("The archive is sound: every part decrypts and authenticates\n"));
  return CD_CLI_EXIT_OK;
}

static int
vault_list (const char  *command,
            int          argc,
            char       **argv)
{
  return vault_list_or_verify (command, argc, argv, FALSE);
}

static int
vault_verify (const char  *command,
              int          argc,
              char       **argv)
{
  return vault_list_or_verify (command, argc, argv, TRUE);
}

static gboolean
count_member (const CdVaultMember *member,
              gpointer             user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static int
vault_restore (const char  *command,
               int          argc,
               char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_auto(Opener) opener = { NULL, NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *identity_file = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *output = NULL;
  g_autofree char *display = NULL;
  gboolean overwrite = FALSE;
  guint restored = 0;
  const GOptionEntry entries[] = {
    { "identity", 'i', 0, G_OPTION_ARG_FILENAME, &identity_file, N_("A custodian's key file"), N_("KEYFILE") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("The archive's passphrase, on the first line of FILE"), N_("FILE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The folder to restore into"), N_("DIR") },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, N_("Replace files that are already there"), NULL },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("VAULT.age [MEMBER…]"),
                                _("Restore an archive, or the members named (a folder's name takes what is "
                                  "below it), into a folder. Existing files are kept unless --overwrite; "
                                  "names that would land outside the folder are refused."),
                                entries, &common, 0);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, G_MAXINT, &status) ||
      !opener_load (&opener, command, identity_file, passphrase_file, &status))
    return status;
  if (output == NULL)
    return cd_cli_usage_error (command, _("Missing -o DIR: where to restore"));

  if (!cd_vault_restore (argv[1], (const char * const *) opener.identities, opener.passphrase, output,
                         argc > 2 ? (const char * const *) argv + 2 : NULL, overwrite, count_member, &restored,
                         NULL, &error))
    return cd_cli_report_error (error);
  display = cd_cli_sanitize (output);
  printf (g_dngettext (GETTEXT_PACKAGE, "Restored %u member into %s\n", "Restored %u members into %s\n", restored),
          restored, display);
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_vault_commands[] = {
  { "create", N_("Write files to keep into an encrypted archive (age format) and record it"), vault_create },
  { "list", N_("List what an archive holds"), vault_list },
  { "verify", N_("Decrypt and check a whole archive, extracting nothing"), vault_verify },
  { "restore", N_("Restore an archive, or some of its members, into a folder"), vault_restore },
  { NULL }
};
