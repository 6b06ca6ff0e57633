/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-scan-worker: the side of a scan that reads PDFs, archives, documents
 * and mail, run in a process of its own (closure-desk-scan-worker) so that
 * a parser crash, a runaway allocation or an endless loop costs one file,
 * never the application.
 *
 * The protocol is line-based over the worker's stdin and stdout; fields are
 * separated by tabs, and backslash, tab, newline and carriage return inside
 * a field are escaped as \\, \t, \n and \r. The parent sends one request
 * per file:
 *     <path>
 * and the worker answers with any number of
 *     F <kind> <page> <member> <masked> [<value>]     a finding
 *     M <status> <size> <member> <content type> <reason>   a member
 *     D <milliseconds>                                how long a recording lasts
 * and one
 *     E <code> <reason>                               the end of the file
 * where <member> is "-" for the file itself or "+" followed by the member
 * path, <code> is "ok" or one of encrypted, corrupt, limit, unsupported,
 * media (a recording or video, probed, not read), cancelled, failed. <value> (the normalized identifier, for linking to the
 * registry through its blind index) is only sent when the worker was
 * started with --values; it only ever travels over this pipe. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-detect.h"
#include "cd-extract.h"
#include "cd-scan-worker.h"

#define MAX_REQUEST_BYTES (64 * 1024)

void
cd_scan_worker_escape (GString    *out,
                       const char *field)
{
  if (field == NULL)
    return;
  for (const char *p = field; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

char *
cd_scan_worker_unescape (const char *field,
                         gsize       len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (field[i] == '\\' && i + 1 < len)
        {
          i++;
          switch (field[i])
            {
            case 't': g_string_append_c (out, '\t'); break;
            case 'n': g_string_append_c (out, '\n'); break;
            case 'r': g_string_append_c (out, '\r'); break;
            default: g_string_append_c (out, field[i]); break;
            }
        }
      else
        g_string_append_c (out, field[i]);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  FILE                  *out;
  GString               *line;
  gboolean               values;
  CdScanWorkerProbeFunc  probe;
} Worker;

static void
append_member (GString    *line,
               const char *member)
{
  if (member == NULL)
    g_string_append_c (line, '-');
  else
    {
      g_string_append_c (line, '+');
      cd_scan_worker_escape (line, member);
    }
}

static void
on_text (const char *member,
         guint       page,
         const char *text,
         gsize       len,
         gpointer    user_data)
{
  Worker *worker = user_data;
  g_autoptr(GArray) spans = cd_detect_scan (text, len, CD_DETECT_ALL_KINDS);

  for (guint i = 0; i < spans->len; i++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
      g_autofree char *masked = cd_detect_mask (span->kind, text + span->start, span->end - span->start);
      GString *line = worker->line;

      g_string_truncate (line, 0);
      g_string_append_printf (line, "F\t%u\t%u\t", (guint) span->kind, page);
      append_member (line, member);
      g_string_append_c (line, '\t');
      cd_scan_worker_escape (line, masked);
      if (worker->values)
        {
          char *value = cd_detect_normalize (span->kind, text + span->start, span->end - span->start);

          g_string_append_c (line, '\t');
          cd_scan_worker_escape (line, value);
          if (value != NULL)
            {
              sodium_memzero (value, strlen (value));
              g_free (value);
            }
        }
      g_string_append_c (line, '\n');
      fwrite (line->str, 1, line->len, worker->out);
      if (worker->values)
        sodium_memzero (line->str, line->len);
    }
}

static void
on_member (const char            *member,
           CdExtractMemberStatus  status,
           const char            *content_type,
           goffset                size,
           const char            *reason,
           gpointer               user_data)
{
  Worker *worker = user_data;
  GString *line = worker->line;

  g_string_truncate (line, 0);
  g_string_append_printf (line, "M\t%u\t%" G_GINT64_FORMAT "\t", (guint) status, (gint64) size);
  append_member (line, member);
  g_string_append_c (line, '\t');
  cd_scan_worker_escape (line, content_type);
  g_string_append_c (line, '\t');
  cd_scan_worker_escape (line, reason);
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, worker->out);
}

static const char *
error_code (const GError *error)
{
  if (error == NULL)
    return "ok";
  if (error->domain == CD_EXTRACT_ERROR)
    switch ((CdExtractError) error->code)
      {
      case CD_EXTRACT_ERROR_ENCRYPTED: return "encrypted";
      case CD_EXTRACT_ERROR_CORRUPT: return "corrupt";
      case CD_EXTRACT_ERROR_LIMIT: return "limit";
      case CD_EXTRACT_ERROR_UNSUPPORTED: return "unsupported";
      case CD_EXTRACT_ERROR_CRASHED:
      default:
        return "failed";
      }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "cancelled";
  return "failed";
}

/* Maps the file (no copy; pages come in as they are read) and extracts it. */
static void
extract_file (Worker                *worker,
              const char            *path,
              const CdExtractLimits *limits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_path_get_basename (path);
  CdExtractContext *ctx;
  GString *line = worker->line;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not be read: %s"), g_strerror (saved));
    }
  else
    {
      struct stat st;

      if (fstat (fd, &st) == 0 && st.st_size == 0)
        bytes = g_bytes_new_static ("", 0);
      else
        {
          mapped = g_mapped_file_new_from_fd (fd, FALSE, &error);
          if (mapped != NULL)
            bytes = g_mapped_file_get_bytes (mapped);
        }
      close (fd);
    }

  if (bytes != NULL)
    {
      gsize len = 0;
      const guint8 *data = g_bytes_get_data (bytes, &len);
      g_autofree char *type = NULL;

      /* Recordings and videos: how long they last is all that is asked. */
      if (cd_extract_sniff (name, data, MIN (len, 8192), &type) == CD_EXTRACT_FORMAT_MEDIA)
        {
          gint64 ms = worker->probe != NULL ? worker->probe (path) : -1;

          if (ms >= 0)
            fprintf (worker->out, "D\t%" G_GINT64_FORMAT "\n", ms);
          fprintf (worker->out, "E\tmedia\t\n");
          fflush (worker->out);
          return;
        }

      ctx = cd_extract_context_new (limits, on_text, on_member, worker, NULL);
      cd_extract_bytes (ctx, NULL, name, bytes, &error);
      cd_extract_context_free (ctx);
    }

  g_string_truncate (line, 0);
  g_string_append_printf (line, "E\t%s\t", error_code (error));
  if (error != NULL)
    cd_scan_worker_escape (line, error->message);
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, worker->out);
  fflush (worker->out);
}

/* Bounds the worker's own appetite: memory (address space, a little above
 * what the extraction limits allow) and processor time per process. */
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
  /* Never a core file full of customer data. */
  {
    struct rlimit core = { 0, 0 };

    setrlimit (RLIMIT_CORE, &core);
  }
}

int
cd_scan_worker_main (int                    argc,
                     char                 **argv,
                     CdScanWorkerProbeFunc  probe)
{
  CdExtractLimits limits;
  Worker worker = { 0, };
  g_autoptr(GString) request = g_string_new (NULL);
  gint64 max_total = 0;
  gint64 max_member = 0;
  gint64 address_space = G_GINT64_CONSTANT (4) << 30;
  int max_ratio = 0;
  int max_depth = 0;
  int max_members = 0;
  gboolean values = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "max-total", 0, 0, G_OPTION_ARG_INT64, &max_total, NULL, NULL },
    { "max-ratio", 0, 0, G_OPTION_ARG_INT, &max_ratio, NULL, NULL },
    { "max-depth", 0, 0, G_OPTION_ARG_INT, &max_depth, NULL, NULL },
    { "max-members", 0, 0, G_OPTION_ARG_INT, &max_members, NULL, NULL },
    { "max-member-bytes", 0, 0, G_OPTION_ARG_INT64, &max_member, NULL, NULL },
    { "address-space", 0, 0, G_OPTION_ARG_INT64, &address_space, NULL, NULL },
    { "values", 0, 0, G_OPTION_ARG_NONE, &values, NULL, NULL },
    { NULL }
  };
  int c;

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("closure-desk-scan-worker: %s\n", error->message);
      return 2;
    }
  if (sodium_init () < 0)
    return 1;

  cd_extract_limits_init_default (&limits);
  if (max_total > 0)
    limits.max_total_bytes = (guint64) max_total;
  if (max_ratio > 0)
    limits.max_ratio = (guint) max_ratio;
  if (max_depth > 0)
    limits.max_depth = (guint) max_depth;
  if (max_members > 0)
    limits.max_members = (guint) max_members;
  if (max_member > 0)
    limits.max_member_bytes = (gsize) max_member;
  limit_resources ((guint64) address_space);

  worker.out = stdout;
  worker.line = g_string_new (NULL);
  worker.values = values;
  worker.probe = probe;

  /* One path per line, escaped; end of input ends the worker. */
  while ((c = getchar ()) != EOF)
    {
      if (c != '\n')
        {
          if (request->len >= MAX_REQUEST_BYTES)
            return 1;
          g_string_append_c (request, (char) c);
          continue;
        }
      {
        g_autofree char *path = cd_scan_worker_unescape (request->str, request->len);

        extract_file (&worker, path, &limits);
      }
      g_string_truncate (request, 0);
    }

  g_string_free (worker.line, TRUE);
  return 0;
}
