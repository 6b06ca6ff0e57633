/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every closure-desk-cli command needs: option parsing with our own
 * --help, exit codes and error messages, passphrase acquisition without
 * echo, and column output that respects double-width CJK characters. */

#include "config.h"

#define G_LOG_DOMAIN "cd-cli"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-cli-private.h"

/* Longest passphrase accepted from a terminal or a file. */
#define MAX_PASSPHRASE 1024

/* -- errors and usage ------------------------------------------------------------ */

static void
print_try_help (const char *command)
{
  if (command != NULL)
    /* Translators: %s is a command such as “closure-desk-cli assets add” */
    g_printerr (_("Try “%s --help” for more information.\n"),
                command);
  else
    g_printerr (_("Try “%s --help” for more information.\n"), CD_CLI_NAME);
}

/**
 * cd_cli_usage_error:
 * @command: (nullable): the command, e.g. "assets add", or %NULL at top level
 *
 * Prints a usage error and a hint to --help.
 *
 * Returns: %CD_CLI_EXIT_USAGE
 */
int
cd_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  g_autofree char *full = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", CD_CLI_NAME, message);
  if (command != NULL)
    full = g_strdup_printf ("%s %s", CD_CLI_NAME, command);
  print_try_help (full);
  return CD_CLI_EXIT_USAGE;
}

/**
 * cd_cli_fail:
 *
 * Prints a runtime failure.
 *
 * Returns: %CD_CLI_EXIT_FAILURE
 */
int
cd_cli_fail (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", CD_CLI_NAME, message);
  return CD_CLI_EXIT_FAILURE;
}

/**
 * cd_cli_report_error:
 *
 * Every error from the core (wrong passphrase, damaged file, invalid CSV)
 * is a runtime failure: the command line itself was fine.
 *
 * Returns: %CD_CLI_EXIT_FAILURE
 */
int
cd_cli_report_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, CD_CLI_EXIT_FAILURE);

  g_debug ("error %s:%d", g_quark_to_string (error->domain), error->code);
  return cd_cli_fail ("%s", error->message);
}

/* -- options --------------------------------------------------------------------- */

void
cd_cli_common_clear (CdCliCommon *common)
{
  g_clear_pointer (&common->passphrase_file, g_free);
  g_clear_pointer (&common->actor, g_free);
  g_clear_pointer (&common->format, g_free);
}

/**
 * cd_cli_context_new:
 * @parameter_string: translated positional arguments, e.g. "FILE CSV"
 * @summary: translated one-paragraph description
 * @entries: (nullable): the command's own options, terminated by a zero entry
 * @flags: which shared options the command takes
 *
 * Builds the option context of one command. GLib's built-in --help is
 * replaced by our own entry because it calls exit() from inside parsing.
 */
GOptionContext *
cd_cli_context_new (const char         *parameter_string,
                    const char         *summary,
                    const GOptionEntry *entries,
                    CdCliCommon        *common,
                    CdCliOptFlags       flags)
{
  GOptionContext *context;
  GString *description = g_string_new (NULL);
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &common->help, N_("Show this help and exit"), NULL },
    { NULL }
  };
  const GOptionEntry passphrase_entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &common->passphrase_file,
      N_("Read the case passphrase from the first line of FILE"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry actor_entries[] = {
    { "actor", 0, 0, G_OPTION_ARG_STRING, &common->actor,
      N_("Name to record in the audit log (default: $CLOSURE_DESK_ACTOR or your name)"),
      N_("NAME") },
    { NULL }
  };
  const GOptionEntry format_entries[] = {
    /* Translators: do not translate “table” and “tsv” */
    { "format", 0, 0, G_OPTION_ARG_STRING, &common->format,
      N_("Output format: “table” (default) or “tsv” for scripts"), N_("FORMAT") },
    { NULL }
  };
  const GOptionEntry reveal_entries[] = {
    { "reveal", 0, 0, G_OPTION_ARG_NONE, &common->reveal,
      N_("Show names and identifiers in full instead of masked"), NULL },
    { NULL }
  };

  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_help_enabled (context, FALSE);

  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (flags & CD_CLI_OPT_PASSPHRASE)
    g_option_context_add_main_entries (context, passphrase_entries, GETTEXT_PACKAGE);
  if (flags & CD_CLI_OPT_ACTOR)
    g_option_context_add_main_entries (context, actor_entries, GETTEXT_PACKAGE);
  if (flags & CD_CLI_OPT_FORMAT)
    g_option_context_add_main_entries (context, format_entries, GETTEXT_PACKAGE);
  if (flags & CD_CLI_OPT_REVEAL)
    g_option_context_add_main_entries (context, reveal_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  if (flags & CD_CLI_OPT_PASSPHRASE)
    {
      g_string_append (description,
                       _("The case passphrase is read from --passphrase-file, else from the "
                         "CLOSURE_DESK_PASSPHRASE environment variable, else asked for on the "
                         "terminal."));
      g_string_append (description, "\n");
    }
  g_string_append (description,
                   _("Exit status: 0 on success, 1 on failure, 2 on a usage error."));
  g_option_context_set_description (context, description->str);
  g_string_free (description, TRUE);

  return context;
}

/**
 * cd_cli_parse:
 * @out_status: the exit status when this returns %FALSE
 *
 * Returns: %TRUE if the command should go on; %FALSE after --help (status
 *   0) or a usage error (status 2), both already printed.
 */
gboolean
cd_cli_parse (GOptionContext   *context,
              const char       *command,
              CdCliCommon      *common,
              int              *argc,
              char           ***argv,
              int              *out_status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *out_status = cd_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  if (common->help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stdout);
      if (*help != '\0' && !g_str_has_suffix (help, "\n"))
        fputc ('\n', stdout);
      *out_status = CD_CLI_EXIT_OK;
      return FALSE;
    }

  if (common->format == NULL || g_strcmp0 (common->format, "table") == 0)
    common->tsv = FALSE;
  else if (g_strcmp0 (common->format, "tsv") == 0)
    common->tsv = TRUE;
  else
    {
      *out_status = cd_cli_usage_error (command,
                                        /* Translators: do not translate --format, “table”, “tsv” */
                                        _("--format must be “table” or “tsv”"));
      return FALSE;
    }

  /* Arguments that still look like options after parsing came after “--”
   * or are a lone “-”, which some commands use for standard output. */
  return TRUE;
}

/**
 * cd_cli_check_args:
 * @argc: the count after option parsing, argv[0] included
 * @max_args: -1 for no upper limit
 *
 * Returns: %TRUE if the number of positional arguments is right.
 */
gboolean
cd_cli_check_args (const char *command,
                   int         argc,
                   int         min_args,
                   int         max_args,
                   int        *out_status)
{
  int n = argc - 1;

  if (n < min_args)
    {
      *out_status = cd_cli_usage_error (command, _("Missing argument"));
      return FALSE;
    }
  if (max_args >= 0 && n > max_args)
    {
      *out_status = cd_cli_usage_error (command, _("Too many arguments"));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_cli_parse_count:
 *
 * Parses a non-negative count; “1,234” is accepted as spreadsheets write it.
 */
gboolean
cd_cli_parse_count (const char *command,
                    const char *option,
                    const char *text,
                    gint64     *out_value,
                    int        *out_status)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 value;

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ',')
      g_string_append_c (digits, *p);

  if (digits->len == 0 || digits->str[0] == '-' || digits->str[0] == '+' ||
      !g_ascii_string_to_unsigned (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    {
      *out_status = cd_cli_usage_error (command,
                                        /* Translators: %s is an option such as --records */
                                        _("%s needs a whole number of 0 or more"), option);
      return FALSE;
    }

  *out_value = (gint64) value;
  return TRUE;
}

gboolean
cd_cli_parse_date (const char *command,
                   const char *option,
                   const char *text,
                   int        *out_status)
{
  if (text == NULL || *text == '\0' || cd_date_is_valid (text))
    return TRUE;

  *out_status = cd_cli_usage_error (command,
                                    /* Translators: %s is an option such as --announced */
                                    _("%s needs a date written as YYYY-MM-DD"), option);
  return FALSE;
}

/* -- passphrases ------------------------------------------------------------------ */

static struct termios saved_termios;
static volatile sig_atomic_t terminal_changed = 0;

static void
restore_terminal (void)
{
  if (terminal_changed)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
      terminal_changed = 0;
    }
}

/* Ctrl-C at the prompt must not leave the terminal without echo. Only
 * async-signal-safe calls here. */
static void
on_signal (int signum)
{
  if (terminal_changed)
    tcsetattr (STDIN_FILENO, TCSANOW, &saved_termios);
  terminal_changed = 0;
  (void) !write (STDERR_FILENO, "\n", 1);
  signal (signum, SIG_DFL);
  raise (signum);
}

static CdCliSecret *
prompt_passphrase (const char  *prompt,
                   GError     **error)
{
  static const int signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct sigaction action = { 0 };
  struct sigaction old_actions[G_N_ELEMENTS (signals)];
  struct termios quiet;
  CdCliSecret *buffer;
  gsize len = 0;
  gboolean too_long = FALSE;
  gboolean got_line = FALSE;
  int saved_errno = 0;

  buffer = sodium_malloc (MAX_PASSPHRASE + 1);
  if (buffer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not allocate protected memory for the passphrase"));
      return NULL;
    }

  if (tcgetattr (STDIN_FILENO, &saved_termios) != 0)
    {
      saved_errno = errno;
      sodium_free (buffer);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read the passphrase from the terminal: %s"),
                   g_strerror (saved_errno));
      return NULL;
    }

  action.sa_handler = on_signal;
  sigemptyset (&action.sa_mask);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &action, &old_actions[i]);

  g_printerr ("%s", prompt);
  fflush (stderr);

  quiet = saved_termios;
  quiet.c_lflag &= ~(tcflag_t) (ECHO | ECHOE | ECHOK);
  quiet.c_lflag |= ICANON;
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0)
    terminal_changed = 1;

  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          break;
        }
      if (n == 0)
        break;
      if (c == '\n')
        {
          got_line = TRUE;
          break;
        }
      if (len < MAX_PASSPHRASE)
        buffer[len++] = c;
      else
        too_long = TRUE;
    }
  buffer[len] = '\0';
  if (len > 0 && buffer[len - 1] == '\r')
    buffer[--len] = '\0';

  restore_terminal ();
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    sigaction (signals[i], &old_actions[i], NULL);
  g_printerr ("\n");

  if (saved_errno != 0 || (!got_line && len == 0))
    {
      sodium_free (buffer);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("No passphrase was entered"));
      return NULL;
    }
  if (too_long)
    {
      sodium_free (buffer);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The passphrase is longer than %d bytes"), MAX_PASSPHRASE);
      return NULL;
    }

  return buffer;
}

static CdCliSecret *
read_passphrase_file (const char  *path,
                      GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;
  gsize line_len;
  CdCliSecret *secret;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not read the passphrase file: %s"), local_error->message);
      return NULL;
    }

  for (line_len = 0; line_len < len && contents[line_len] != '\n'; line_len++)
    ;
  if (line_len > 0 && contents[line_len - 1] == '\r')
    line_len--;

  if (line_len > MAX_PASSPHRASE)
    {
      sodium_memzero (contents, len);
      g_free (contents);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The passphrase in “%s” is longer than %d bytes"), display, MAX_PASSPHRASE);
      return NULL;
    }

  contents[line_len] = '\0';
  secret = cd_crypto_secure_strdup (contents);
  sodium_memzero (contents, len);
  g_free (contents);

  if (secret == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not allocate protected memory for the passphrase"));
      return NULL;
    }
  return secret;
}

static CdCliSecret *
acquire (const char  *passphrase_file,
         const char  *env_name,
         const char  *prompt,
         const char  *confirm_prompt,
         const char  *no_source_message,
         GError     **error)
{
  g_autoptr(CdCliSecret) secret = NULL;
  const char *env;

  /* sodium_malloc() aborts before libsodium is initialised. */
  if (!cd_crypto_init (error))
    return NULL;

  if (passphrase_file != NULL)
    secret = read_passphrase_file (passphrase_file, error);
  else if ((env = g_getenv (env_name)) != NULL)
    secret = cd_crypto_secure_strdup (env);
  else if (isatty (STDIN_FILENO))
    {
      secret = prompt_passphrase (prompt, error);
      if (secret != NULL && *secret != '\0' && confirm_prompt != NULL)
        {
          g_autoptr(CdCliSecret) again = prompt_passphrase (confirm_prompt, error);

          if (again == NULL)
            return NULL;
          if (strcmp (secret, again) != 0)
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The passphrases do not match"));
              return NULL;
            }
        }
    }
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, no_source_message);
      return NULL;
    }

  if (secret == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("Could not allocate protected memory for the passphrase"));
      return NULL;
    }
  if (*secret == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The passphrase is empty"));
      return NULL;
    }

  return g_steal_pointer (&secret);
}

/**
 * cd_cli_get_passphrase:
 * @passphrase_file: (nullable): the --passphrase-file argument
 * @confirm_prompt: (nullable): if set, a terminal user types it twice
 *
 * Gets the case passphrase without ever echoing it: from the file, from
 * $CLOSURE_DESK_PASSPHRASE, or from the terminal.
 *
 * Returns: (transfer full): the passphrase, free with cd_crypto_secure_free()
 */
CdCliSecret *
cd_cli_get_passphrase (const char  *passphrase_file,
                       const char  *prompt,
                       const char  *confirm_prompt,
                       GError     **error)
{
  return acquire (passphrase_file, "CLOSURE_DESK_PASSPHRASE", prompt, confirm_prompt,
                  _("No passphrase given: set CLOSURE_DESK_PASSPHRASE, use --passphrase-file "
                    "FILE, or run the command in a terminal to be asked for it"),
                  error);
}

CdCliSecret *
cd_cli_get_new_passphrase (const char  *passphrase_file,
                           GError     **error)
{
  return acquire (passphrase_file, "CLOSURE_DESK_NEW_PASSPHRASE",
                  _("New passphrase: "), _("Repeat the new passphrase: "),
                  _("No new passphrase given: set CLOSURE_DESK_NEW_PASSPHRASE, use "
                    "--new-passphrase-file FILE, or run the command in a terminal to be "
                    "asked for it"),
                  error);
}

/**
 * cd_cli_kdf_params:
 *
 * CLOSURE_DESK_KDF=fast selects libsodium's minimum Argon2id cost. It
 * exists so the test suites can create hundreds of cases quickly; a real
 * case must never use it, which is why --help does not mention it.
 *
 * Returns: (nullable): @storage filled in, or %NULL for the defaults
 */
const CdKdfParams *
cd_cli_kdf_params (CdKdfParams *storage)
{
  if (g_strcmp0 (g_getenv ("CLOSURE_DESK_KDF"), "fast") == 0)
    {
      cd_kdf_params_init_fast (storage);
      return storage;
    }
  return NULL;
}

const char *
cd_cli_default_actor (const char *option_value)
{
  const char *env = g_getenv ("CLOSURE_DESK_ACTOR");
  const char *real_name;

  if (option_value != NULL && *option_value != '\0')
    return option_value;
  if (env != NULL && *env != '\0')
    return env;

  real_name = g_get_real_name ();
  if (real_name != NULL && *real_name != '\0' && strcmp (real_name, "Unknown") != 0)
    return real_name;
  return g_get_user_name ();
}

/**
 * cd_cli_read_secret_file:
 *
 * The first line of @path (a PDF's or a vault's password), without its
 * line ending, in wiped memory; the file's copy is wiped too.
 *
 * Returns: (transfer full): the secret, or %NULL with @error set
 */
CdCliSecret *
cd_cli_read_secret_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  gsize line;
  char *nl;
  CdCliSecret *secret;

  if (!g_file_get_contents (path, &contents, &len, error))
    return NULL;
  nl = memchr (contents, '\n', len);
  line = nl != NULL ? (gsize) (nl - contents) : len;
  if (line > 0 && contents[line - 1] == '\r')
    line--;
  {
    char saved = contents[line < len ? line : len];

    if (line < len)
      contents[line] = '\0';
    secret = cd_crypto_secure_strdup (contents);
    if (line < len)
      contents[line] = saved;
  }
  sodium_memzero (contents, len);
  return secret;
}

/**
 * cd_cli_open_case:
 * @unlock: whether the command needs personal data (and so the passphrase)
 *
 * Opens the case and sets the audit actor. The passphrase is asked for
 * only after the file turned out to be a case, so a typo in the file name
 * does not cost a passphrase prompt.
 */
CdStore *
cd_cli_open_case (const char   *path,
                  CdCliCommon  *common,
                  gboolean      unlock,
                  GError      **error)
{
  g_autoptr(CdStore) store = NULL;

  store = cd_store_open (path, error);
  if (store == NULL)
    return NULL;
  cd_store_set_actor (store, cd_cli_default_actor (common->actor));

  if (unlock)
    {
      g_autoptr(CdCliSecret) passphrase = NULL;
      g_autofree char *display = g_filename_display_basename (path);
      /* Translators: %s is the case file name */
      g_autofree char *prompt = g_strdup_printf (_("Passphrase for “%s”: "), display);

      passphrase = cd_cli_get_passphrase (common->passphrase_file, prompt, NULL, error);
      if (passphrase == NULL)
        return NULL;
      if (!cd_store_unlock (store, passphrase, error))
        return NULL;
    }

  return g_steal_pointer (&store);
}

/**
 * cd_cli_resolve_ids:
 * @known_ids: (element-type utf8): the ids in the case
 * @out_bad: (out): the argument that matched none or several ids
 *
 * Ids are UUIDs, long to type: a unique prefix of at least 8 characters
 * stands for the whole id.
 *
 * Returns: (transfer full) (nullable): the full ids, or %NULL
 */
char **
cd_cli_resolve_ids (GPtrArray   *known_ids,
                    char       **args,
                    int          n_args,
                    const char **out_bad,
                    gboolean    *out_ambiguous)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  *out_bad = NULL;
  *out_ambiguous = FALSE;

  for (int a = 0; a < n_args; a++)
    {
      const char *found = NULL;
      gsize len = strlen (args[a]);
      guint n_matches = 0;

      for (guint i = 0; i < known_ids->len; i++)
        {
          const char *id = g_ptr_array_index (known_ids, i);

          if (strcmp (id, args[a]) == 0)
            {
              found = id;
              n_matches = 1;
              break;
            }
          if (len >= 8 && strncmp (id, args[a], len) == 0)
            {
              found = id;
              n_matches++;
            }
        }

      if (n_matches != 1)
        {
          *out_bad = args[a];
          *out_ambiguous = n_matches > 1;
          return NULL;
        }
      g_strv_builder_add (builder, found);
    }

  return g_strv_builder_end (builder);
}

/* -- output ------------------------------------------------------------------------ */

/**
 * cd_cli_sanitize:
 *
 * Returns: @text as valid UTF-8 with control characters replaced by
 *   spaces, so a stored value cannot move the cursor, ring the bell or
 *   break a TSV line.
 */
char *
cd_cli_sanitize (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * cd_cli_display_width:
 *
 * Returns: how many terminal columns @text takes: CJK characters take two.
 */
gsize
cd_cli_display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

char *
cd_cli_format_count (gint64 value)
{
  /* The ' flag groups digits as the locale does (1,234 or 1 234). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, value);
}

char *
cd_cli_format_time (gint64   unix_time,
                    gboolean iso8601)
{
  /* One zone for the whole run: GLib reads /etc/localtime again for
   * each new local zone, which showed in listings of 100,000 rows. */
  static GTimeZone *zone;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) time = NULL;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  if (utc != NULL)
    time = g_date_time_to_timezone (utc, zone);
  if (time == NULL)
    return g_strdup ("?");
  if (iso8601)
    return g_date_time_format_iso8601 (time);
  return g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
}

/**
 * cd_cli_write_output:
 * @path: (nullable): a file, or %NULL or "-" for standard output
 * @private_data: create the file readable by its owner only
 */
gboolean
cd_cli_write_output (const char  *path,
                     GBytes      *bytes,
                     gboolean     private_data,
                     GError     **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (path == NULL || strcmp (path, "-") == 0)
    {
      if ((len > 0 && fwrite (data, 1, len, stdout) != len) || fflush (stdout) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not write to standard output: %s"), g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  return g_file_set_contents_full (path, data ? data : "", len,
                                   G_FILE_SET_CONTENTS_CONSISTENT,
                                   private_data ? 0600 : 0666, error);
}

struct _CdCliTable
{
  guint      n_columns;
  char     **tsv_names;
  char     **labels;
  gboolean  *right_align;
  GPtrArray *rows;  /* of char ** (n_columns each) */
};

CdCliTable *
cd_cli_table_new (guint n_columns)
{
  CdCliTable *table = g_new0 (CdCliTable, 1);

  table->n_columns = n_columns;
  table->tsv_names = g_new0 (char *, n_columns + 1);
  table->labels = g_new0 (char *, n_columns + 1);
  table->right_align = g_new0 (gboolean, n_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

void
cd_cli_table_set_column (CdCliTable *table,
                         guint       column,
                         const char *tsv_name,
                         const char *label,
                         gboolean    right_align)
{
  g_return_if_fail (column < table->n_columns);

  g_free (table->tsv_names[column]);
  g_free (table->labels[column]);
  table->tsv_names[column] = g_strdup (tsv_name);
  table->labels[column] = cd_cli_sanitize (label);
  table->right_align[column] = right_align;
}

void
cd_cli_table_add_row (CdCliTable         *table,
                      const char * const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    row[i] = cd_cli_sanitize (cells[i]);
  g_ptr_array_add (table->rows, row);
}

static void
print_padded (const char *text,
              gsize       width,
              gboolean    right_align,
              gboolean    last)
{
  gsize text_width = cd_cli_display_width (text);
  gsize pad = width > text_width ? width - text_width : 0;

  if (right_align)
    for (gsize i = 0; i < pad; i++)
      putchar (' ');
  fputs (text, stdout);
  if (!right_align && !last)
    for (gsize i = 0; i < pad; i++)
      putchar (' ');
  if (!last)
    fputs ("  ", stdout);
}

void
cd_cli_table_print (CdCliTable *table,
                    gboolean    tsv)
{
  g_autofree gsize *widths = NULL;

  if (tsv)
    {
      for (guint c = 0; c < table->n_columns; c++)
        printf ("%s%s", c > 0 ? "\t" : "", table->tsv_names[c]);
      putchar ('\n');
      for (guint r = 0; r < table->rows->len; r++)
        {
          char **row = g_ptr_array_index (table->rows, r);

          for (guint c = 0; c < table->n_columns; c++)
            printf ("%s%s", c > 0 ? "\t" : "", row[c]);
          putchar ('\n');
        }
      return;
    }

  widths = g_new0 (gsize, table->n_columns);
  for (guint c = 0; c < table->n_columns; c++)
    widths[c] = cd_cli_display_width (table->labels[c]);
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], cd_cli_display_width (row[c]));
    }

  for (guint c = 0; c < table->n_columns; c++)
    print_padded (table->labels[c], widths[c], table->right_align[c], c + 1 == table->n_columns);
  putchar ('\n');
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        print_padded (row[c], widths[c], table->right_align[c], c + 1 == table->n_columns);
      putchar ('\n');
    }
}

void
cd_cli_table_free (CdCliTable *table)
{
  if (table == NULL)
    return;
  g_strfreev (table->tsv_names);
  g_strfreev (table->labels);
  g_free (table->right_align);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/**
 * cd_cli_print_fields:
 *
 * Prints “Label:  value” lines with the values lined up.
 */
void
cd_cli_print_fields (const char * const *labels,
                     const char * const *values,
                     guint               n_fields)
{
  gsize width = 0;

  for (guint i = 0; i < n_fields; i++)
    {
      g_autofree char *label = g_strdup_printf (C_("field label", "%s:"), labels[i]);

      width = MAX (width, cd_cli_display_width (label));
    }

  for (guint i = 0; i < n_fields; i++)
    {
      /* Translators: a field label followed by its value, as in “Company: …” */
      g_autofree char *label = g_strdup_printf (C_("field label", "%s:"), labels[i]);
      g_autofree char *value = cd_cli_sanitize (values[i] != NULL && *values[i] != '\0' ?
                                                values[i] : "—");

      print_padded (label, width, FALSE, FALSE);
      fputs (value, stdout);
      putchar ('\n');
    }
}
