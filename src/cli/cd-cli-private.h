/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared pieces of closure-desk-cli: the command table, option parsing,
 * passphrases, error reporting and table output. */

#pragma once

#include <gio/gio.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_CLI_NAME "closure-desk-cli"

/* Exit codes; outside scripts rely on them. */
enum
{
  CD_CLI_EXIT_OK = 0,
  CD_CLI_EXIT_FAILURE = 1,
  CD_CLI_EXIT_USAGE = 2,
};

/* A passphrase in sodium_malloc'd memory, wiped when freed. */
typedef char CdCliSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCliSecret, cd_crypto_secure_free)

/* @command is the full command ("assets add"); argv[0] is the program. */
typedef int (*CdCliCommandFunc) (const char  *command,
                                 int          argc,
                                 char       **argv);

typedef struct
{
  const char       *name;
  const char       *summary;   /* N_() */
  CdCliCommandFunc  func;
} CdCliCommand;

typedef struct
{
  const char         *name;
  const char         *summary; /* N_() */
  const CdCliCommand *commands; /* terminated by an entry with name NULL */
} CdCliGroup;

extern const CdCliCommand cd_cli_case_commands[];
extern const CdCliCommand cd_cli_assets_commands[];
extern const CdCliCommand cd_cli_customers_commands[];
extern const CdCliCommand cd_cli_audit_commands[];
extern const CdCliCommand cd_cli_plan_commands[];
extern const CdCliCommand cd_cli_notices_commands[];
extern const CdCliCommand cd_cli_custodian_commands[];
extern const CdCliCommand cd_cli_vault_commands[];
extern const CdCliCommand cd_cli_destroy_commands[];

/* “customers holdings|link|unlink|set-plan” (cd-cli-notices.c) */
int cd_cli_customers_holdings        (const char *command,
                                      int         argc,
                                      char      **argv);
int cd_cli_customers_link            (const char *command,
                                      int         argc,
                                      char      **argv);
int cd_cli_customers_set_plan        (const char *command,
                                      int         argc,
                                      char      **argv);
extern const CdCliCommand cd_cli_scan_command;
extern const CdCliCommand cd_cli_redact_command;
extern const CdCliCommand cd_cli_report_command;
extern const CdCliCommand cd_cli_verify_report_command;

/* Options most commands share. */
typedef enum
{
  CD_CLI_OPT_PASSPHRASE = 1 << 0,
  CD_CLI_OPT_ACTOR      = 1 << 1,
  CD_CLI_OPT_FORMAT     = 1 << 2,
  CD_CLI_OPT_REVEAL     = 1 << 3,
} CdCliOptFlags;

typedef struct
{
  char     *passphrase_file;
  char     *actor;
  char     *format;
  gboolean  reveal;
  gboolean  help;
  gboolean  tsv;
} CdCliCommon;

void            cd_cli_common_clear     (CdCliCommon     *common);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CdCliCommon, cd_cli_common_clear)

GOptionContext *cd_cli_context_new      (const char      *parameter_string,
                                         const char      *summary,
                                         const GOptionEntry *entries,
                                         CdCliCommon     *common,
                                         CdCliOptFlags    flags);
gboolean        cd_cli_parse            (GOptionContext  *context,
                                         const char      *command,
                                         CdCliCommon     *common,
                                         int             *argc,
                                         char          ***argv,
                                         int             *out_status);
gboolean        cd_cli_check_args       (const char      *command,
                                         int              argc,
                                         int              min_args,
                                         int              max_args,
                                         int             *out_status);

int             cd_cli_usage_error      (const char      *command,
                                         const char      *format,
                                         ...) G_GNUC_PRINTF (2, 3);
int             cd_cli_fail             (const char      *format,
                                         ...) G_GNUC_PRINTF (1, 2);
int             cd_cli_report_error     (const GError    *error);

gboolean        cd_cli_parse_count      (const char      *command,
                                         const char      *option,
                                         const char      *text,
                                         gint64          *out_value,
                                         int             *out_status);
gboolean        cd_cli_parse_date       (const char      *command,
                                         const char      *option,
                                         const char      *text,
                                         int             *out_status);

/* Passphrases */
CdCliSecret    *cd_cli_get_passphrase   (const char      *passphrase_file,
                                         const char      *prompt,
                                         const char      *confirm_prompt,
                                         GError         **error);
CdCliSecret    *cd_cli_get_new_passphrase (const char    *passphrase_file,
                                           GError       **error);
const CdKdfParams *cd_cli_kdf_params    (CdKdfParams     *storage);
CdCliSecret    *cd_cli_read_secret_file (const char      *path,
                                         GError         **error);
const char     *cd_cli_default_actor    (const char      *option_value);
CdStore        *cd_cli_open_case        (const char      *path,
                                         CdCliCommon     *common,
                                         gboolean         unlock,
                                         GError         **error);

char          **cd_cli_resolve_ids      (GPtrArray       *known_ids,
                                         char           **args,
                                         int              n_args,
                                         const char     **out_bad,
                                         gboolean        *out_ambiguous);

/* Output */
char           *cd_cli_sanitize         (const char      *text);
gsize           cd_cli_display_width    (const char      *text);
char           *cd_cli_format_count     (gint64           value);
char           *cd_cli_format_time      (gint64           unix_time,
                                         gboolean         iso8601);
gboolean        cd_cli_write_output     (const char      *path,
                                         GBytes          *bytes,
                                         gboolean         private_data,
                                         GError         **error);

typedef struct _CdCliTable CdCliTable;

CdCliTable     *cd_cli_table_new        (guint            n_columns);
void            cd_cli_table_set_column (CdCliTable      *table,
                                         guint            column,
                                         const char      *tsv_name,
                                         const char      *label,
                                         gboolean         right_align);
void            cd_cli_table_add_row    (CdCliTable      *table,
                                         const char * const *cells);
void            cd_cli_table_print      (CdCliTable      *table,
                                         gboolean         tsv);
void            cd_cli_table_free       (CdCliTable      *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCliTable, cd_cli_table_free)

void            cd_cli_print_fields     (const char * const *labels,
                                         const char * const *values,
                                         guint            n_fields);

G_END_DECLS
