/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-redact-worker: redaction run where a crash is contained. Poppler
 * reads hostile PDFs; in closure-desk-redact-worker a crash, a runaway
 * allocation or an endless loop costs one document, never the CLI or the
 * application.
 *
 * The parent creates an empty temporary file beside the output and starts
 *     closure-desk-redact-worker --input IN --temp TMP [--auto] [--kinds MASK] [--dpi N]
 * (or --probe instead of --temp: open and mark only, write nothing) then
 * writes to its stdin
 *     <password length>\n<password bytes><boxes length>\n<boxes JSON bytes>
 *     <plan length>\n<plan JSON bytes>
 * (so neither the password nor a plan's searched texts show on a command
 * line). The worker writes the
 * redacted PDF into TMP, verifies it and answers on stdout with lines
 *     P <phase> <done> <total>                  progress (phase: 0 detect, 1 export, 2 verify)
 * and one of
 *     R <pages> <rasterized> <vector> <boxes> <annotations> <excluded> <size> <kind counts…>
 *     E <code> <message>                        code: a CdRedactError, or -1 cancelled
 * fields separated by tabs, the message escaped as in cd-scan-worker. The
 * parent renames TMP to the output after R, and removes it otherwise. */

#include "config.h"

#define G_LOG_DOMAIN "cd-redact"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-redact-plan.h"
#include "cd-redact-private.h"
#include "cd-redact-worker.h"
#include "cd-scan-worker.h"

#define MAX_PASSWORD_BYTES  4096
#define MAX_BOXES_BYTES     (64 * 1024 * 1024)
#define OPEN_TIMEOUT_S      120
#define PAGE_TIMEOUT_S      5

static gboolean
open_and_mark (const CdRedactRequest  *request,
               CdRedactDocument      **out_document,
               GCancellable           *cancellable,
               CdRedactProgressFunc    progress,
               gpointer                user_data,
               GError                **error)
{
  g_autoptr(CdRedactDocument) document = NULL;

  document = cd_redact_document_open (request->input, request->password, error);
  if (document == NULL)
    return FALSE;
  if (request->auto_detect &&
      !cd_redact_document_detect (document, request->kinds_mask != 0 ? request->kinds_mask : CD_DETECT_ALL_KINDS,
                                  cancellable, progress, user_data, error))
    return FALSE;
  if (request->boxes_json != NULL &&
      !cd_redact_document_add_boxes_json (document, request->boxes_json, request->boxes_json_len, error))
    return FALSE;
  if (request->plan_json != NULL &&
      !cd_redact_document_apply_plan (document, request->plan_json, request->plan_json_len,
                                      cancellable, progress, user_data, error))
    return FALSE;
  *out_document = g_steal_pointer (&document);
  return TRUE;
}

static void
probe_result (CdRedactDocument *document,
              CdRedactResult   *result)
{
  memset (result, 0, sizeof *result);
  result->n_pages = cd_redact_document_get_n_pages (document);
  result->n_boxes = cd_redact_document_get_boxes (document)->len;
}

/**
 * cd_redact_run:
 * @result: (out caller-allocates) (optional): the counts
 *
 * Runs a whole redaction in this process.
 */
gboolean
cd_redact_run (const CdRedactRequest  *request,
               CdRedactResult         *result,
               GCancellable           *cancellable,
               CdRedactProgressFunc    progress,
               gpointer                user_data,
               GError                **error)
{
  g_autoptr(CdRedactDocument) document = NULL;
  CdRedactOptions options = { request->dpi };

  g_return_val_if_fail (request != NULL && request->input != NULL, FALSE);
  g_return_val_if_fail (request->probe || request->output != NULL, FALSE);

  if (!open_and_mark (request, &document, cancellable, progress, user_data, error))
    return FALSE;
  if (request->probe)
    {
      if (result != NULL)
        probe_result (document, result);
      return TRUE;
    }
  return cd_redact_document_export (document, request->output, &options, result, cancellable,
                                    progress, user_data, error);
}

/* -- the parent side ----------------------------------------------------------- */

static char *
find_worker (void)
{
  const char *env = g_getenv ("CLOSURE_DESK_REDACT_WORKER");
  g_autofree char *self_exe = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  /* Uninstalled: beside the CLI, or in src/cli seen from src/app. */
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      g_autofree char *beside = g_build_filename (dir, "closure-desk-redact-worker", NULL);
      g_autofree char *in_cli = g_build_filename (dir, "..", "cli", "closure-desk-redact-worker", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
      if (g_file_test (in_cli, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&in_cli);
    }
  return g_build_filename (LIBEXECDIR, "closure-desk-redact-worker", NULL);
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static gboolean
write_chunk (int         fd,
             const char *data,
             gsize       len)
{
  char header[32];
  int n = g_snprintf (header, sizeof header, "%" G_GSIZE_FORMAT "\n", len);

  return write_all (fd, header, (gsize) n) && (len == 0 || write_all (fd, data, len));
}

static void
set_crashed (GError **error)
{
  g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_WORKER_CRASHED,
                       _("Reading the PDF stopped unexpectedly: the file is damaged or not a PDF "
                         "this program can read"));
}

typedef enum
{
  LINE_MORE,
  LINE_DONE,
  LINE_FAILED,
  LINE_BAD,
} LineResult;

static LineResult
handle_line (char                  *line,
             CdRedactResult        *result,
             guint                 *n_pages,
             CdRedactProgressFunc   progress,
             gpointer               user_data,
             GError               **error)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 32);
  guint n = g_strv_length (fields);

  if (n == 4 && strcmp (fields[0], "P") == 0)
    {
      guint64 phase = g_ascii_strtoull (fields[1], NULL, 10);
      guint64 done = g_ascii_strtoull (fields[2], NULL, 10);
      guint64 total = g_ascii_strtoull (fields[3], NULL, 10);

      if (phase > CD_REDACT_PHASE_VERIFY || total > CD_REDACT_MAX_PAGES || done > total)
        return LINE_BAD;
      *n_pages = MAX (*n_pages, (guint) total);
      if (progress != NULL)
        progress ((CdRedactPhase) phase, (guint) done, (guint) total, user_data);
      return LINE_MORE;
    }
  if (n == 8 + CD_N_DETECT_KINDS && strcmp (fields[0], "R") == 0)
    {
      memset (result, 0, sizeof *result);
      result->n_pages = (guint) g_ascii_strtoull (fields[1], NULL, 10);
      result->n_rasterized = (guint) g_ascii_strtoull (fields[2], NULL, 10);
      result->n_vector = (guint) g_ascii_strtoull (fields[3], NULL, 10);
      result->n_boxes = (guint) g_ascii_strtoull (fields[4], NULL, 10);
      result->n_annotations = (guint) g_ascii_strtoull (fields[5], NULL, 10);
      result->n_excluded = (guint) g_ascii_strtoull (fields[6], NULL, 10);
      result->output_size = g_ascii_strtoull (fields[7], NULL, 10);
      for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
        result->kinds[k] = (guint) g_ascii_strtoull (fields[8 + k], NULL, 10);
      result->verified = TRUE;   /* a probe's caller clears it */
      return LINE_DONE;
    }
  if (n == 3 && strcmp (fields[0], "E") == 0)
    {
      gint64 code = g_ascii_strtoll (fields[1], NULL, 10);
      g_autofree char *message = cd_scan_worker_unescape (fields[2], strlen (fields[2]));

      if (code == -1)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, message);
      else if (code >= CD_REDACT_ERROR_ENCRYPTED && code <= CD_REDACT_ERROR_WORKER_CRASHED &&
               g_utf8_validate (message, -1, NULL) && *message != '\0')
        g_set_error_literal (error, CD_REDACT_ERROR, (int) code, message);
      else
        return LINE_BAD;
      return LINE_FAILED;
    }
  return LINE_BAD;
}

static gboolean
talk_to_worker (GSubprocess           *process,
                const CdRedactRequest *request,
                CdRedactResult        *result,
                GCancellable          *cancellable,
                CdRedactProgressFunc   progress,
                gpointer               user_data,
                GError               **error)
{
  int in_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (process)));
  int out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (process)));
  g_autoptr(GString) buffer = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();
  guint n_pages = 0;
  char chunk[4096];
  const char *password = request->password != NULL ? request->password : "";
  gboolean sent;

  /* The worker reads all of its input before it starts. */
  sent = write_chunk (in_fd, password, strlen (password)) &&
         write_chunk (in_fd, request->boxes_json, request->boxes_json != NULL ? request->boxes_json_len : 0) &&
         write_chunk (in_fd, request->plan_json, request->plan_json != NULL ? request->plan_json_len : 0);
  g_output_stream_close (g_subprocess_get_stdin_pipe (process), NULL, NULL);
  if (!sent)
    {
      set_crashed (error);
      return FALSE;
    }

  for (;;)
    {
      struct pollfd pfd = { out_fd, POLLIN, 0 };
      gint64 limit_s;
      char *nl;
      int r;

      while ((nl = memchr (buffer->str, '\n', buffer->len)) != NULL)
        {
          LineResult line;

          *nl = '\0';
          line = handle_line (buffer->str, result, &n_pages, progress, user_data, error);
          g_string_erase (buffer, 0, (nl - buffer->str) + 1);
          if (line == LINE_DONE)
            return TRUE;
          if (line == LINE_FAILED)
            return FALSE;
          if (line == LINE_BAD)
            {
              set_crashed (error);
              return FALSE;
            }
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      limit_s = request->timeout_s != 0 ? request->timeout_s
                                        : OPEN_TIMEOUT_S + (gint64) PAGE_TIMEOUT_S * n_pages;
      if (g_get_monotonic_time () - start > limit_s * G_USEC_PER_SEC)
        {
          g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Redacting the PDF took longer than %u second: stopped",
                                    "Redacting the PDF took longer than %u seconds: stopped",
                                    (gulong) limit_s),
                       (guint) limit_s);
          return FALSE;
        }

      r = poll (&pfd, 1, 200);
      if (r < 0 && errno != EINTR)
        break;
      if (r > 0)
        {
          gssize n = read (out_fd, chunk, sizeof chunk);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            break;
          g_string_append_len (buffer, chunk, n);
          if (buffer->len > 64 * 1024)
            break;   /* no line is this long */
        }
    }

  set_crashed (error);
  return FALSE;
}

/**
 * cd_redact_run_contained:
 *
 * Runs a whole redaction in a closure-desk-redact-worker process (found
 * through $CLOSURE_DESK_REDACT_WORKER, beside the program, or in
 * libexecdir). A crash of the worker is %CD_REDACT_ERROR_WORKER_CRASHED, a
 * document that takes too long %CD_REDACT_ERROR_LIMIT; the output file is
 * only there when this returns %TRUE.
 */
gboolean
cd_redact_run_contained (const CdRedactRequest  *request,
                         CdRedactResult         *result,
                         GCancellable           *cancellable,
                         CdRedactProgressFunc    progress,
                         gpointer                user_data,
                         GError                **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *worker = find_worker ();
  g_autofree char *tmpl = NULL;
  CdRedactResult local_result;
  gboolean ok;

  g_return_val_if_fail (request != NULL && request->input != NULL, FALSE);
  g_return_val_if_fail (request->probe || request->output != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);

  if (!request->probe && !cd_redact_output_open (request->input, request->output, &tmpl, NULL, error))
    return FALSE;

  g_ptr_array_add (argv, g_strdup (worker));
  g_ptr_array_add (argv, g_strdup ("--input"));
  g_ptr_array_add (argv, g_strdup (request->input));
  if (request->probe)
    g_ptr_array_add (argv, g_strdup ("--probe"));
  else
    {
      g_ptr_array_add (argv, g_strdup ("--temp"));
      g_ptr_array_add (argv, g_strdup (tmpl));
    }
  g_ptr_array_add (argv, g_strdup_printf ("--dpi=%u", request->dpi != 0 ? request->dpi : CD_REDACT_DEFAULT_DPI));
  if (request->auto_detect)
    {
      g_ptr_array_add (argv, g_strdup ("--auto"));
      g_ptr_array_add (argv, g_strdup_printf ("--kinds=%u",
                                              request->kinds_mask != 0 ? request->kinds_mask : CD_DETECT_ALL_KINDS));
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &local_error);
  if (process == NULL)
    {
      if (tmpl != NULL)
        g_unlink (tmpl);
      g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                   _("The redaction helper could not be started: %s"), local_error->message);
      return FALSE;
    }

  ok = talk_to_worker (process, request, result, cancellable, progress, user_data, error);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);

  if (tmpl != NULL)
    ok = cd_redact_output_close (tmpl, request->output, ok, ok ? error : NULL);
  if (!ok)
    memset (result, 0, sizeof *result);
  else if (request->probe)
    result->verified = FALSE;
  return ok;
}

/* -- the worker side ----------------------------------------------------------- */

/* Reads "<length>\n<bytes>" from stdin; NULL on malformed input. */
static char *
read_chunk (gsize  max,
            gsize *out_len)
{
  char header[32];
  gsize len;
  char *data;
  char *end = NULL;

  if (fgets (header, sizeof header, stdin) == NULL)
    return NULL;
  len = (gsize) g_ascii_strtoull (header, &end, 10);
  if (end == header || *end != '\n' || len > max)
    return NULL;
  data = g_malloc (len + 1);
  if (len > 0 && fread (data, 1, len, stdin) != len)
    {
      g_free (data);
      return NULL;
    }
  data[len] = '\0';
  *out_len = len;
  return data;
}

static void
on_worker_progress (CdRedactPhase phase,
                    guint         done,
                    guint         total,
                    gpointer      user_data)
{
  /* Detection and export report every page; that is plenty. */
  fprintf (stdout, "P\t%u\t%u\t%u\n", (guint) phase, done, total);
  fflush (stdout);
}

static void
limit_resources (guint64 max_address_space)
{
#if !defined(__SANITIZE_ADDRESS__)
  struct rlimit rl;

  if (max_address_space > 0)
    {
      rl.rlim_cur = rl.rlim_max = max_address_space;
      setrlimit (RLIMIT_AS, &rl);
    }
#endif
  {
    /* Never a core file full of customer data. */
    struct rlimit core = { 0, 0 };

    setrlimit (RLIMIT_CORE, &core);
  }
}

static int
worker_error (const GError *error)
{
  g_autoptr(GString) line = g_string_new ("E\t");
  int code = CD_REDACT_ERROR_FAILED;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    code = -1;
  else if (error->domain == CD_REDACT_ERROR)
    code = error->code;
  g_string_append_printf (line, "%d\t", code);
  cd_scan_worker_escape (line, error->message);
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, stdout);
  fflush (stdout);
  return 0;
}

static int
worker_result (const CdRedactResult *result)
{
  fprintf (stdout, "R\t%u\t%u\t%u\t%u\t%u\t%u\t%" G_GUINT64_FORMAT,
           result->n_pages, result->n_rasterized, result->n_vector, result->n_boxes,
           result->n_annotations, result->n_excluded, result->output_size);
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    fprintf (stdout, "\t%u", result->kinds[k]);
  fputc ('\n', stdout);
  fflush (stdout);
  return 0;
}

int
cd_redact_worker_main (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRedactDocument) document = NULL;
  g_autofree char *input = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *boxes = NULL;
  char *password = NULL;
  char *plan = NULL;
  gsize password_len = 0;
  gsize boxes_len = 0;
  gsize plan_len = 0;
  gboolean auto_detect = FALSE;
  gboolean probe = FALSE;
  int dpi = CD_REDACT_DEFAULT_DPI;
  int kinds = CD_DETECT_ALL_KINDS;
  gint64 address_space = G_GINT64_CONSTANT (4) << 30;
  const GOptionEntry entries[] = {
    { "input", 0, 0, G_OPTION_ARG_FILENAME, &input, NULL, NULL },
    { "temp", 0, 0, G_OPTION_ARG_FILENAME, &temp, NULL, NULL },
    { "auto", 0, 0, G_OPTION_ARG_NONE, &auto_detect, NULL, NULL },
    { "probe", 0, 0, G_OPTION_ARG_NONE, &probe, NULL, NULL },
    { "kinds", 0, 0, G_OPTION_ARG_INT, &kinds, NULL, NULL },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, NULL, NULL },
    { "address-space", 0, 0, G_OPTION_ARG_INT64, &address_space, NULL, NULL },
    { NULL }
  };
  CdRedactRequest request = { 0, };
  CdRedactOptions options = { 0, };
  CdRedactResult result;
  gboolean ok;
  int fd;

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || input == NULL ||
      (temp == NULL) == !probe || dpi < 0 || kinds <= 0)
    {
      g_printerr ("closure-desk-redact-worker: %s\n",
                  error != NULL ? error->message : "--input and one of --temp or --probe are needed");
      return 2;
    }
  if (sodium_init () < 0)
    return 1;
  limit_resources ((guint64) address_space);
  signal (SIGPIPE, SIG_IGN);

  password = read_chunk (MAX_PASSWORD_BYTES, &password_len);
  boxes = password != NULL ? read_chunk (MAX_BOXES_BYTES, &boxes_len) : NULL;
  plan = boxes != NULL ? read_chunk (MAX_BOXES_BYTES, &plan_len) : NULL;
  if (password == NULL || boxes == NULL || plan == NULL)
    {
      if (password != NULL)
        {
          sodium_memzero (password, password_len);
          g_free (password);
        }
      g_printerr ("closure-desk-redact-worker: malformed request\n");
      return 2;
    }

  request.input = input;
  request.output = temp;
  request.password = password_len > 0 ? password : NULL;
  request.auto_detect = auto_detect;
  request.kinds_mask = (guint) kinds;
  request.boxes_json = boxes_len > 0 ? boxes : NULL;
  request.boxes_json_len = boxes_len;
  request.plan_json = plan_len > 0 ? plan : NULL;
  request.plan_json_len = plan_len;
  request.probe = probe;
  options.dpi = (guint) dpi;

  ok = open_and_mark (&request, &document, NULL, on_worker_progress, NULL, &error);
  sodium_memzero (password, password_len);
  g_free (password);
  sodium_memzero (plan, plan_len);
  g_free (plan);
  if (!ok)
    return worker_error (error);
  if (probe)
    {
      probe_result (document, &result);
      return worker_result (&result);
    }

  fd = g_open (temp, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (&error, CD_REDACT_ERROR, CD_REDACT_ERROR_FAILED,
                   _("The redacted PDF could not be written: %s"), g_strerror (saved));
      return worker_error (error);
    }
  ok = cd_redact_document_write (document, fd, temp, &options, &result, NULL,
                                 on_worker_progress, NULL, &error);
  close (fd);
  if (!ok)
    return worker_error (error);

  return worker_result (&result);
}
