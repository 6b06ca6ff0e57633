/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of `closure-desk-cli scan` at the scale of a closing company's
 * file server: a labelled corpus of 1 GiB (tests/corpus), against ripgrep
 * with the regular expressions a consultant would otherwise run.
 *
 *  1. Speed: our scan and `rg` with the same kinds on the plain-text corpus
 *     (rg reads neither documents nor archives), wall time and ratio.
 *  2. Accuracy: precision and recall per kind against the labels — rg at
 *     file level (it has no members or pages), ours at file level and at
 *     the exact location (archive member, PDF page) on the mixed corpus.
 *  3. Memory: peak RSS of the scan (the CLI and its worker processes) on
 *     the mixed corpus and on two compression bombs, a 42.zip-style nested
 *     one and a single member of 10 GiB of zeros.
 *
 * The corpora and bombs are made once and kept in
 * $XDG_CACHE_HOME/closure-desk-bench (or --dir). Run on demand only:
 * build-aux/dev bench scan [options]. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <spawn.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "cd-corpus.h"

extern char **environ;

#define MIB (1024.0 * 1024.0)
#define RSS_TARGET_MIB 300.0

static char *opt_dir;
static char *opt_cli;
static char *opt_rg;
static char *opt_bytes;
static char *opt_bomb_bytes;
static gint64 opt_seed = CD_CORPUS_DEFAULT_SEED;
static gboolean opt_no_bombs;
static gboolean opt_keep_output;

static GOptionEntry entries[] = {
  { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where corpora and bombs are kept (default $XDG_CACHE_HOME/closure-desk-bench)", "DIR" },
  { "bytes", 'b', 0, G_OPTION_ARG_STRING, &opt_bytes, "Size of each corpus (default 1G)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &opt_seed, "Corpus seed", "N" },
  { "cli", 0, 0, G_OPTION_ARG_FILENAME, &opt_cli, "closure-desk-cli to run (default: the one built)", "PATH" },
  { "rg", 0, 0, G_OPTION_ARG_FILENAME, &opt_rg, "ripgrep (default /usr/bin/rg)", "PATH" },
  { "bomb-bytes", 0, 0, G_OPTION_ARG_STRING, &opt_bomb_bytes, "Expanded size of the one-member bomb (default 10G)", "N" },
  { "no-bombs", 0, 0, G_OPTION_ARG_NONE, &opt_no_bombs, "Skip the compression bombs", NULL },
  { "keep-output", 0, 0, G_OPTION_ARG_NONE, &opt_keep_output, "Keep the scan and rg output files", NULL },
  { NULL }
};

/* The expressions a consultant would write for each kind, in the order of
 * our precedence (an e-mail address before the mobile number in it, an ID
 * before a card it passes for). PCRE2 without Unicode, so that GBK bytes
 * do not stop it; lookarounds stand for word boundaries, which in Unicode
 * mode would not fall between a Chinese character and a digit. */
static const struct
{
  CdCorpusKind  kind;
  const char   *pattern;
} rg_patterns[] = {
  { CD_CORPUS_EMAIL, "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}" },
  { CD_CORPUS_RESIDENT_ID, "(?<![0-9A-Za-z])[1-9]\\d{5}[ -]?(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])[ -]?\\d{3}[\\dXx](?![0-9A-Za-z])" },
  { CD_CORPUS_BANK_CARD, "(?<![0-9A-Za-z])(?:62|4|5[1-5])(?:\\d{14,17}|\\d{2}(?:(?<cs>[ -])\\d{4}(?:\\k<cs>\\d{4}){2}(?:\\k<cs>\\d{1,3})?))(?![0-9A-Za-z])" },
  { CD_CORPUS_USCC, "(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])" },
  { CD_CORPUS_MOBILE, "(?<![0-9A-Za-z])(?:(?:\\+|00)?86[ -]?)?1(?:3\\d|4[57]|5[0-35-9]|6[25-7]|7[0-35-8]|8\\d|9[0-35-9])(?:\\d{8}|(?<ms>[ -])\\d{4}\\k<ms>\\d{4})(?![0-9A-Za-z])" },
  { CD_CORPUS_LANDLINE, "(?<![0-9A-Za-z])(?:\\(0(?:10|2[0-57-9]|[3-9]\\d{2})\\)[ -]?|0(?:10|2[0-57-9]|[3-9]\\d{2})[ -]?|\\+86[ -](?:10|2[0-57-9]|[3-9]\\d{2})[ -])[2-9]\\d{2,3}[ -]?\\d{4}(?![0-9A-Za-z])" },
  { CD_CORPUS_PASSPORT, "(?:护照|Passport|证件号码)(?:号码|号| No\\.?)?(?:：|:|[ \\t])*(?:[EG]\\d{8}|E[A-HJ-NP-Z]\\d{7}|[DSP]E\\d{7})(?![0-9A-Za-z])" },
  { CD_CORPUS_HK_MACAU_PERMIT, "(?:通行证|回乡证|permit)(?:号码|号)?(?:：|:|[ \\t])*(?:C\\d{8}|C[A-HJ-NP-Z]\\d{7}|[HM]\\d{8}(?:\\d{2})?)(?![0-9A-Za-z])" },
  { CD_CORPUS_TW_PERMIT, "(?:台胞证|通行证|permit)(?:号码|号| No\\.)?(?:：|:|[ \\t])*(?:L\\d{8}|\\d{8}(?:\\d{2}(?:\\([A-Z]\\))?)?)(?![0-9A-Za-z])" },
};

/* Everything, as text, matches only, one thread per core (of two here). */
static const char * const rg_options[] = {
  "--no-config", "--no-ignore", "--hidden", "-a", "-o", "-j2", "-P", "--no-unicode",
  "--encoding", "auto", "--null", "--with-filename", "--no-heading", "--no-line-number",
  "--no-messages",
};

static gboolean
parse_size (const char *text,
            guint64    *out)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  switch (g_ascii_toupper (*end))
    {
    case 'K': value <<= 10; end++; break;
    case 'M': value <<= 20; end++; break;
    case 'G': value <<= 30; end++; break;
    default: break;
    }
  if (*end != '\0')
    return FALSE;
  *out = value;
  return TRUE;
}

/* -- running a program, with its time and memory -------------------------- */

typedef struct
{
  double  seconds;
  double  max_rss_mib;    /* the largest single process (wait4) */
  double  peak_sum_mib;   /* the process tree together, sampled */
  int     status;         /* exit status, -1 if killed */
} RunStats;

/* VmRSS of @pid; its VmHWM (the peak of its own memory, which a child
 * does not inherit) raises @hwm. */
static guint64
vm_rss_kib (int      pid,
            guint64 *hwm)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return 0;
  line = strstr (status, "\nVmHWM:");
  if (line != NULL)
    *hwm = MAX (*hwm, g_ascii_strtoull (line + 7, NULL, 10));
  line = strstr (status, "\nVmRSS:");
  return line != NULL ? g_ascii_strtoull (line + 7, NULL, 10) : 0;
}

/* The resident memory of @pid and every process below it. */
static guint64
tree_rss_kib (int      pid,
              guint    depth,
              guint64 *hwm)
{
  g_autofree char *task_dir = g_strdup_printf ("/proc/%d/task", pid);
  GDir *tasks;
  const char *tid;
  guint64 total = vm_rss_kib (pid, hwm);

  if (depth > 8 || (tasks = g_dir_open (task_dir, 0, NULL)) == NULL)
    return total;
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *path = g_build_filename (task_dir, tid, "children", NULL);
      g_autofree char *children = NULL;
      g_auto(GStrv) pids = NULL;

      if (!g_file_get_contents (path, &children, NULL, NULL))
        continue;
      pids = g_strsplit (g_strstrip (children), " ", -1);
      for (guint i = 0; pids[i] != NULL; i++)
        if (pids[i][0] != '\0')
          total += tree_rss_kib ((int) g_ascii_strtoll (pids[i], NULL, 10), depth + 1, hwm);
    }
  g_dir_close (tasks);
  return total;
}

/* The programs are started by a small process forked before the
 * benchmark holds its labels (gigabytes): a child started straight from
 * the benchmark inherits the benchmark's peak RSS in its rusage (vfork
 * and exec keep the high-water mark), which would hide the scan's own. */
typedef struct
{
  int request_fd;
  int reply_fd;
} Launcher;

static Launcher launcher = { -1, -1 };

static gboolean
read_full (int    fd,
           void  *buffer,
           gsize  len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, (char *) buffer + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

static gboolean
write_full (int          fd,
            const void  *buffer,
            gsize        len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = write (fd, (const char *) buffer + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

typedef struct
{
  gint32 status;       /* wait status */
  gint64 maxrss_kib;
} Reply;

/* The launcher: reads "stdout\0stderr\0argv0\0argv1\0…" requests, answers
 * with the pid, then with the wait status and rusage once it ends. */
static void G_GNUC_NORETURN
launcher_main (int requests,
               int replies)
{
  for (;;)
    {
      guint32 len = 0;
      char *buffer;
      char *argv[64];
      guint argc = 0;
      posix_spawn_file_actions_t actions;
      struct rusage usage;
      Reply reply = { 0, 0 };
      gint32 pid32;
      pid_t pid;
      int status = 0;
      int r;

      if (!read_full (requests, &len, sizeof len))
        _exit (0);
      buffer = g_malloc (len);
      if (!read_full (requests, buffer, len))
        _exit (0);
      for (guint32 i = 0; i < len && argc < G_N_ELEMENTS (argv) - 1; i += (guint32) strlen (buffer + i) + 1)
        argv[argc++] = buffer + i;
      argv[argc] = NULL;

      posix_spawn_file_actions_init (&actions);
      posix_spawn_file_actions_addopen (&actions, 0, "/dev/null", O_RDONLY, 0);
      posix_spawn_file_actions_addopen (&actions, 1, argv[0], O_WRONLY | O_CREAT | O_TRUNC, 0600);
      posix_spawn_file_actions_addopen (&actions, 2, argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
      r = posix_spawn (&pid, argv[2], &actions, NULL, argv + 2, environ);
      posix_spawn_file_actions_destroy (&actions);
      pid32 = r == 0 ? (gint32) pid : -r;
      write_full (replies, &pid32, sizeof pid32);
      if (r == 0)
        {
          while (wait4 (pid, &status, 0, &usage) < 0 && errno == EINTR)
            ;
          reply.status = status;
          reply.maxrss_kib = usage.ru_maxrss;
          write_full (replies, &reply, sizeof reply);
        }
      g_free (buffer);
    }
}

static gboolean
launcher_start (void)
{
  int to_launcher[2];
  int from_launcher[2];
  pid_t pid;

  if (pipe (to_launcher) != 0 || pipe (from_launcher) != 0)
    return FALSE;
  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      close (to_launcher[1]);
      close (from_launcher[0]);
      launcher_main (to_launcher[0], from_launcher[1]);
    }
  close (to_launcher[0]);
  close (from_launcher[1]);
  launcher.request_fd = to_launcher[1];
  launcher.reply_fd = from_launcher[0];
  return TRUE;
}

static gboolean
run_measured (const char * const  *argv,
              const char          *stdout_path,
              const char          *stderr_path,
              RunStats            *stats,
              GError             **error)
{
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GTimer) timer = NULL;
  Reply reply = { 0, 0 };
  gint32 pid = 0;
  guint32 len;
  guint64 peak = 0;
  guint64 hwm = 0;

  g_string_append_len (request, stdout_path, (gssize) strlen (stdout_path) + 1);
  g_string_append_len (request, stderr_path, (gssize) strlen (stderr_path) + 1);
  for (guint i = 0; argv[i] != NULL; i++)
    g_string_append_len (request, argv[i], (gssize) strlen (argv[i]) + 1);
  len = (guint32) request->len;

  timer = g_timer_new ();
  if (!write_full (launcher.request_fd, &len, sizeof len) ||
      !write_full (launcher.request_fd, request->str, request->len) ||
      !read_full (launcher.reply_fd, &pid, sizeof pid))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "the launcher process is gone");
      return FALSE;
    }
  if (pid < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (-pid), "%s: %s", argv[0], g_strerror (-pid));
      return FALSE;
    }

  for (;;)
    {
      struct pollfd fd = { launcher.reply_fd, POLLIN, 0 };

      if (poll (&fd, 1, 20) > 0)
        break;
      peak = MAX (peak, tree_rss_kib (pid, 0, &hwm));
    }
  if (!read_full (launcher.reply_fd, &reply, sizeof reply))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "the launcher process is gone");
      return FALSE;
    }

  stats->seconds = g_timer_elapsed (timer, NULL);
  stats->max_rss_mib = MAX ((guint64) reply.maxrss_kib, hwm) / 1024.0;
  stats->peak_sum_mib = MAX (peak / 1024.0, stats->max_rss_mib);
  stats->status = WIFEXITED (reply.status) ? WEXITSTATUS (reply.status) : -1;
  return TRUE;
}

/* -- corpora, bombs --------------------------------------------------------- */

static guint64
tree_bytes (const char *path,
            guint      *n_files)
{
  GStatBuf st;
  guint64 total = 0;
  GDir *dir;
  const char *name;

  if (g_lstat (path, &st) != 0)
    return 0;
  if (S_ISREG (st.st_mode))
    {
      (*n_files)++;
      return (guint64) st.st_size;
    }
  if (!S_ISDIR (st.st_mode) || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      total += tree_bytes (child, n_files);
    }
  g_dir_close (dir);
  return total;
}

/* Reads every file once, so both tools start from the page cache. */
static void
warm_cache (const char *path)
{
  GStatBuf st;
  GDir *dir;
  const char *name;

  if (g_lstat (path, &st) != 0)
    return;
  if (S_ISREG (st.st_mode))
    {
      int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
      static char buffer[1 << 20];

      if (fd >= 0)
        {
          while (read (fd, buffer, sizeof buffer) > 0)
            ;
          close (fd);
        }
      return;
    }
  if (!S_ISDIR (st.st_mode) || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      warm_cache (child);
    }
  g_dir_close (dir);
}

static gboolean
ensure_corpus (const char      *dir,
               CdCorpusOptions *options,
               GError         **error)
{
  CdCorpusStats stats = { 0, };
  g_autoptr(GTimer) timer = NULL;

  if (cd_corpus_matches (dir, options))
    return TRUE;
  g_print ("  generating %s corpus in %s …\n", options->text_only ? "text-only" : "mixed", dir);
  timer = g_timer_new ();
  if (!cd_corpus_generate (dir, options, &stats, error))
    return FALSE;
  g_print ("  generated %u files, %.0f MiB in %.1f s (%.0f MiB/s)\n", stats.n_files, stats.n_bytes / MIB,
           g_timer_elapsed (timer, NULL), stats.n_bytes / MIB / g_timer_elapsed (timer, NULL));
  return TRUE;
}

typedef struct
{
  struct archive *a;
  gboolean        failed;
} Writer;

static Writer *
zip_writer_new (const char *path)
{
  Writer *w = g_new0 (Writer, 1);

  w->a = archive_write_new ();
  archive_write_set_format_zip (w->a);
  if (archive_write_set_options (w->a, "zip:compression-level=9") != ARCHIVE_OK ||
      archive_write_open_filename (w->a, path) != ARCHIVE_OK)
    w->failed = TRUE;
  return w;
}

/* A member of @size bytes: @data if given, else zeros written in chunks. */
static void
zip_writer_add (Writer       *w,
                const char   *name,
                GBytes       *data,
                guint64       size)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_copy_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, (la_int64_t) (data != NULL ? g_bytes_get_size (data) : size));
  archive_entry_set_mtime (entry, 1699158645, 0);
  if (archive_write_header (w->a, entry) != ARCHIVE_OK)
    w->failed = TRUE;
  else if (data != NULL)
    {
      gsize len = 0;
      gconstpointer bytes = g_bytes_get_data (data, &len);

      if (archive_write_data (w->a, bytes, len) != (la_ssize_t) len)
        w->failed = TRUE;
    }
  else
    {
      static const char zeros[1 << 20];

      for (guint64 done = 0; done < size && !w->failed; done += sizeof zeros)
        {
          gsize n = (gsize) MIN (sizeof zeros, size - done);

          if (archive_write_data (w->a, zeros, n) != (la_ssize_t) n)
            w->failed = TRUE;
        }
    }
  archive_entry_free (entry);
}

static gboolean
zip_writer_finish (Writer      *w,
                   const char  *path,
                   GError     **error)
{
  gboolean ok = !w->failed && archive_write_close (w->a) == ARCHIVE_OK;

  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                 archive_error_string (w->a) != NULL ? archive_error_string (w->a) : "write failed");
  archive_write_free (w->a);
  g_free (w);
  return ok;
}

static gboolean
rename_into_place (const char  *tmp,
                   const char  *path,
                   GError     **error)
{
  if (g_rename (tmp, path) == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
  return FALSE;
}

/* 42.zip's shape: 16 zips in each of 4 layers around 16 files of 64 MiB
 * of zeros — 16^5 × 64 MiB = 64 TiB expanded from a few hundred KiB.
 * Deflated zeros are themselves repetitive, so every layer compresses. */
static gboolean
make_nested_bomb (const char  *path,
                  GError     **error)
{
  g_autoptr(GBytes) layer = NULL;
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);

  for (guint depth = 0; depth <= 4; depth++)
    {
      Writer *w = zip_writer_new (tmp);
      g_autofree char *data = NULL;
      gsize len = 0;

      for (guint i = 0; i < 16; i++)
        {
          g_autofree char *name = depth == 0 ? g_strdup_printf ("%x.bin", i)
                                             : g_strdup_printf ("lib%u%x.zip", depth, i);

          zip_writer_add (w, name, layer, 64 << 20);
        }
      if (!zip_writer_finish (w, tmp, error) || !g_file_get_contents (tmp, &data, &len, error))
        return FALSE;
      g_clear_pointer (&layer, g_bytes_unref);
      layer = g_bytes_new_take (g_steal_pointer (&data), len);
    }
  return rename_into_place (tmp, path, error);
}

static gboolean
make_flat_bomb (const char  *path,
                guint64      size,
                GError     **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  Writer *w = zip_writer_new (tmp);

  zip_writer_add (w, "客户资料/全部客户.csv", NULL, size);
  if (!zip_writer_finish (w, tmp, error))
    return FALSE;
  return rename_into_place (tmp, path, error);
}

/* -- counting what each tool found ------------------------------------------ */

typedef struct
{
  guint64 expected;
  guint64 tp;
  guint64 fp;
  guint64 fn;
} Score;

/* Compares @found with @expected (same keys) and adds up per kind. */
static void
score (GHashTable *expected,
       GHashTable *found,
       Score       scores[CD_CORPUS_N_KINDS])
{
  g_autoptr(GHashTable) all = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  memset (scores, 0, sizeof (Score) * CD_CORPUS_N_KINDS);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);
  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (all, key);

  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint64 want = GPOINTER_TO_UINT (g_hash_table_lookup (expected, key));
      guint64 got = GPOINTER_TO_UINT (g_hash_table_lookup (found, key));
      guint64 tp = MIN (want, got);
      g_autofree char *kind = NULL;
      int k;

      cd_corpus_key_split (key, NULL, NULL, NULL, &kind);
      k = cd_corpus_kind_from_name (kind);
      if (k < 0)
        continue;
      scores[k].expected += want;
      scores[k].tp += tp;
      scores[k].fp += got - tp;
      scores[k].fn += want - tp;
    }
}

static void
print_ratio (guint64 part,
             guint64 whole)
{
  if (whole == 0)
    g_print ("     -  ");
  else
    g_print (" %6.2f%%", 100.0 * part / whole);
}

/* One table: a column pair (precision, recall) per tool. */
static void
print_scores (const char  *title,
              const char  *names[],
              Score      (*scores)[CD_CORPUS_N_KINDS],
              guint        n_tools)
{
  Score total[4] = { { 0, } };

  g_print ("\n%s\n  %-16s %10s", title, "kind", "expected");
  for (guint t = 0; t < n_tools; t++)
    g_print ("  %-19s", names[t]);
  g_print ("\n  %-16s %10s", "", "");
  for (guint t = 0; t < n_tools; t++)
    g_print ("  %8s %8s  ", "precision", "recall");
  g_print ("\n");

  for (guint k = 0; k < CD_CORPUS_N_KINDS; k++)
    {
      g_print ("  %-16s %10" G_GUINT64_FORMAT, cd_corpus_kind_name ((CdCorpusKind) k), scores[0][k].expected);
      for (guint t = 0; t < n_tools; t++)
        {
          const Score *s = &scores[t][k];

          g_print ("  ");
          print_ratio (s->tp, s->tp + s->fp);
          g_print (" ");
          print_ratio (s->tp, s->tp + s->fn);
          g_print ("  ");
          total[t].expected += s->expected;
          total[t].tp += s->tp;
          total[t].fp += s->fp;
          total[t].fn += s->fn;
        }
      g_print ("\n");
    }
  g_print ("  %-16s %10" G_GUINT64_FORMAT, "all kinds", total[0].expected);
  for (guint t = 0; t < n_tools; t++)
    {
      g_print ("  ");
      print_ratio (total[t].tp, total[t].tp + total[t].fp);
      g_print (" ");
      print_ratio (total[t].tp, total[t].tp + total[t].fn);
      g_print ("  ");
    }
  g_print ("\n");
  for (guint t = 0; t < n_tools; t++)
    g_print ("  %s: %" G_GUINT64_FORMAT " false positives, %" G_GUINT64_FORMAT " missed\n",
             names[t], total[t].fp, total[t].fn);
}

/* rg -o --null output: "path\0match\n" per match. Each match is put back
 * in its kind by the expressions one at a time, anchored. */
static gboolean
count_rg_output (const char  *path,
                 const char  *root,
                 GHashTable  *counts,
                 GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  GRegex *regexes[G_N_ELEMENTS (rg_patterns)] = { NULL, };
  const char *p;
  const char *end;
  gsize root_len = strlen (root);
  g_autofree char *last_file = NULL;

  if (mapped == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rg_patterns); i++)
    {
      g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", rg_patterns[i].pattern);

      regexes[i] = g_regex_new (anchored, G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, error);
      if (regexes[i] == NULL)
        return FALSE;
    }

  p = g_mapped_file_get_contents (mapped);
  end = p + g_mapped_file_get_length (mapped);
  while (p < end)
    {
      const char *nul = memchr (p, '\0', (gsize) (end - p));
      const char *eol;
      const char *file;
      g_autofree char *match = NULL;

      if (nul == NULL)
        break;
      eol = memchr (nul, '\n', (gsize) (end - nul));
      if (eol == NULL)
        eol = end;
      file = p;
      if (strncmp (file, root, root_len) == 0 && file[root_len] == '/')
        file += root_len + 1;
      match = g_strndup (nul + 1, (gsize) (eol - nul - 1));
      for (guint i = 0; i < G_N_ELEMENTS (rg_patterns); i++)
        if (g_regex_match (regexes[i], match, 0, NULL))
          {
            cd_corpus_counts_add (counts, file, NULL, 0, cd_corpus_kind_name (rg_patterns[i].kind), 1);
            break;
          }
      p = eol + 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rg_patterns); i++)
    g_regex_unref (regexes[i]);
  return TRUE;
}

static char *
first_line (const char *path)
{
  g_autofree char *contents = NULL;
  char *eol;

  if (!g_file_get_contents (path, &contents, NULL, NULL) || contents[0] == '\0')
    return g_strdup ("");
  eol = strchr (contents, '\n');
  if (eol != NULL)
    *eol = '\0';
  if (g_utf8_strlen (contents, -1) > 100)
    *g_utf8_offset_to_pointer (contents, 100) = '\0';
  return g_steal_pointer (&contents);
}

static const char *
met (gboolean ok)
{
  return ok ? "met" : "MISSED";
}

static gboolean
scan_bomb (const char  *cli,
           const char  *bomb,
           const char  *label,
           const char  *out_dir,
           GError     **error)
{
  g_autofree char *out = g_build_filename (out_dir, "bomb.jsonl", NULL);
  g_autofree char *err = g_build_filename (out_dir, "bomb.err", NULL);
  g_autofree char *why = NULL;
  const char *argv[] = { cli, "scan", "--format", "jsonl", bomb, NULL };
  RunStats run = { 0, };
  GStatBuf st;

  if (!run_measured (argv, out, err, &run, error))
    return FALSE;
  why = first_line (err);
  g_stat (bomb, &st);
  g_print ("  %-50s %8.2f s   peak RSS %6.1f MiB (largest process %.1f)   target <= %.0f MiB  %s\n",
           label, run.seconds, run.peak_sum_mib, run.max_rss_mib, RSS_TARGET_MIB,
           met (run.peak_sum_mib <= RSS_TARGET_MIB));
  g_print ("  %-50s %.0f KiB on disk, exit %d: %s\n", "", st.st_size / 1024.0, run.status, why);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- scan benchmark against ripgrep");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *mixed_dir = NULL;
  g_autofree char *text_dir = NULL;
  g_autofree char *out_dir = NULL;
  g_autofree char *bomb_dir = NULL;
  g_autofree char *ours_text = NULL;
  g_autofree char *ours_mixed = NULL;
  g_autofree char *rg_text = NULL;
  g_autofree char *errors = NULL;
  g_autoptr(GHashTable) labels_text = NULL;
  g_autoptr(GHashTable) labels_mixed = NULL;
  g_autoptr(GHashTable) found_text = cd_corpus_counts_new ();
  g_autoptr(GHashTable) found_mixed = cd_corpus_counts_new ();
  g_autoptr(GHashTable) found_rg = cd_corpus_counts_new ();
  g_autoptr(GPtrArray) rg_argv = g_ptr_array_new_with_free_func (g_free);
  CdCorpusOptions text_options = { 0, };
  CdCorpusOptions mixed_options = { 0, };
  RunStats ours_run = { 0, };
  RunStats rg_run = { 0, };
  RunStats mixed_run = { 0, };
  guint64 corpus_bytes = (guint64) 1 << 30;
  guint64 bomb_bytes = (guint64) 10 << 30;
  guint n_text_files = 0, n_mixed_files = 0;
  guint64 text_bytes, mixed_bytes;
  const char *cli;
  const char *rg;

  /* First, while this process is small. */
  if (!launcher_start ())
    {
      g_printerr ("bench-scan: cannot start a process: %s\n", g_strerror (errno));
      return 1;
    }

  setlocale (LC_ALL, "");
  if (!g_get_charset (NULL))
    setlocale (LC_CTYPE, "C.UTF-8");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      (opt_bytes != NULL && !parse_size (opt_bytes, &corpus_bytes)) ||
      (opt_bomb_bytes != NULL && !parse_size (opt_bomb_bytes, &bomb_bytes)))
    {
      g_printerr ("bench-scan: %s\n", error != NULL ? error->message : "bad size: use e.g. 1G or 500M");
      return 2;
    }

  cli = opt_cli != NULL ? opt_cli : g_getenv ("CLOSURE_DESK_CLI") != NULL ? g_getenv ("CLOSURE_DESK_CLI") : CD_BENCH_CLI;
  rg = opt_rg != NULL ? opt_rg : "/usr/bin/rg";
  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE) || !g_file_test (rg, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-scan: needs %s and %s (apt-get install ripgrep)\n", cli, rg);
      return 1;
    }

  dir = opt_dir != NULL ? g_strdup (opt_dir) : g_build_filename (g_get_user_cache_dir (), "closure-desk-bench", NULL);
  mixed_dir = g_build_filename (dir, "corpus-mixed", NULL);
  text_dir = g_build_filename (dir, "corpus-text", NULL);
  out_dir = g_build_filename (dir, "output", NULL);
  bomb_dir = g_build_filename (dir, "bombs", NULL);
  g_mkdir_with_parents (out_dir, 0700);
  g_mkdir_with_parents (bomb_dir, 0700);

  text_options.seed = mixed_options.seed = (guint64) opt_seed;
  text_options.target_bytes = mixed_options.target_bytes = corpus_bytes;
  text_options.text_only = TRUE;

  g_print ("Closure Desk scan benchmark (%s, seed %" G_GINT64_FORMAT ")\n", dir, opt_seed);
  if (!ensure_corpus (text_dir, &text_options, &error) || !ensure_corpus (mixed_dir, &mixed_options, &error))
    {
      g_printerr ("bench-scan: %s\n", error->message);
      return 1;
    }
  text_bytes = tree_bytes (text_dir, &n_text_files);
  mixed_bytes = tree_bytes (mixed_dir, &n_mixed_files);
  labels_text = cd_corpus_load_labels (text_dir, &error);
  labels_mixed = labels_text != NULL ? cd_corpus_load_labels (mixed_dir, &error) : NULL;
  if (labels_mixed == NULL)
    {
      g_printerr ("bench-scan: %s\n", error->message);
      return 1;
    }

  ours_text = g_build_filename (out_dir, "ours-text.jsonl", NULL);
  ours_mixed = g_build_filename (out_dir, "ours-mixed.jsonl", NULL);
  rg_text = g_build_filename (out_dir, "rg-text.out", NULL);
  errors = g_build_filename (out_dir, "stderr.txt", NULL);

  /* 1. Speed on plain text, both from the page cache. */
  warm_cache (text_dir);
  {
    const char *ours_argv[] = { cli, "scan", "--format", "jsonl", text_dir, NULL };

    if (!run_measured (ours_argv, ours_text, errors, &ours_run, &error))
      {
        g_printerr ("bench-scan: %s\n", error->message);
        return 1;
      }
  }
  g_ptr_array_add (rg_argv, g_strdup (rg));
  for (guint i = 0; i < G_N_ELEMENTS (rg_options); i++)
    g_ptr_array_add (rg_argv, g_strdup (rg_options[i]));
  for (guint i = 0; i < G_N_ELEMENTS (rg_patterns); i++)
    {
      g_ptr_array_add (rg_argv, g_strdup ("-e"));
      g_ptr_array_add (rg_argv, g_strdup (rg_patterns[i].pattern));
    }
  g_ptr_array_add (rg_argv, g_strdup (text_dir));
  g_ptr_array_add (rg_argv, NULL);
  if (!run_measured ((const char * const *) rg_argv->pdata, rg_text, errors, &rg_run, &error))
    {
      g_printerr ("bench-scan: %s\n", error->message);
      return 1;
    }

  g_print ("  corpora: text-only %u files, %.2f GiB; mixed %u files, %.2f GiB\n",
           n_text_files, text_bytes / (MIB * 1024), n_mixed_files, mixed_bytes / (MIB * 1024));
  g_print ("  %-50s %8.2f s   %6.1f MiB/s   exit %d\n", "closure-desk-cli scan --format jsonl, text-only",
           ours_run.seconds, text_bytes / MIB / ours_run.seconds, ours_run.status);
  g_print ("  %-50s %8.2f s   %6.1f MiB/s   exit %d\n", "rg -P, the same kinds and files, -j2",
           rg_run.seconds, text_bytes / MIB / rg_run.seconds, rg_run.status);
  g_print ("  %-50s %8.2fx   target <= 1.0  %s\n", "ratio closure-desk / rg",
           ours_run.seconds / rg_run.seconds, met (ours_run.seconds <= rg_run.seconds));

  /* 3a. The mixed corpus: every format, and memory. */
  warm_cache (mixed_dir);
  {
    const char *mixed_argv[] = { cli, "scan", "--format", "jsonl", mixed_dir, NULL };

    if (!run_measured (mixed_argv, ours_mixed, errors, &mixed_run, &error))
      {
        g_printerr ("bench-scan: %s\n", error->message);
        return 1;
      }
  }
  g_print ("  %-50s %8.2f s   %6.1f MiB/s   exit %d\n", "closure-desk-cli scan --format jsonl, mixed",
           mixed_run.seconds, mixed_bytes / MIB / mixed_run.seconds, mixed_run.status);
  g_print ("  %-50s %8.1f MiB (largest process %.1f)   target <= %.0f MiB  %s\n",
           "peak RSS of the mixed scan, all processes",
           mixed_run.peak_sum_mib, mixed_run.max_rss_mib, RSS_TARGET_MIB,
           met (mixed_run.peak_sum_mib <= RSS_TARGET_MIB));

  /* 2. Precision and recall. */
  if (!cd_corpus_add_scan_file (found_text, ours_text, text_dir, &error) ||
      !count_rg_output (rg_text, text_dir, found_rg, &error) ||
      !cd_corpus_add_scan_file (found_mixed, ours_mixed, mixed_dir, &error))
    {
      g_printerr ("bench-scan: %s\n", error->message);
      return 1;
    }
  {
    g_autoptr(GHashTable) labels_text_files = cd_corpus_counts_by_file (labels_text);
    g_autoptr(GHashTable) found_text_files = cd_corpus_counts_by_file (found_text);
    g_autoptr(GHashTable) labels_mixed_files = cd_corpus_counts_by_file (labels_mixed);
    g_autoptr(GHashTable) found_mixed_files = cd_corpus_counts_by_file (found_mixed);
    Score text_scores[2][CD_CORPUS_N_KINDS];
    Score mixed_scores[2][CD_CORPUS_N_KINDS];
    const char *text_names[] = { "closure-desk", "rg" };
    const char *mixed_names[] = { "closure-desk, file", "closure-desk, exact" };

    score (labels_text_files, found_text_files, text_scores[0]);
    score (labels_text_files, found_rg, text_scores[1]);
    print_scores ("Precision and recall, text-only corpus, per file and kind:", text_names, text_scores, 2);
    score (labels_mixed_files, found_mixed_files, mixed_scores[0]);
    score (labels_mixed, found_mixed, mixed_scores[1]);
    print_scores ("Precision and recall, mixed corpus (all formats), per file / per member and page:",
                  mixed_names, mixed_scores, 2);
  }
  if (!opt_keep_output)
    {
      g_unlink (ours_text);
      g_unlink (ours_mixed);
      g_unlink (rg_text);
    }

  /* 3b. Compression bombs. */
  if (!opt_no_bombs)
    {
      g_autofree char *nested = g_build_filename (bomb_dir, "42-style.zip", NULL);
      g_autofree char *flat_name = g_strdup_printf ("flat-%" G_GUINT64_FORMAT "G.zip", bomb_bytes >> 30);
      g_autofree char *flat = g_build_filename (bomb_dir, flat_name, NULL);
      g_autofree char *flat_label = g_strdup_printf ("scan of a zip with one member of %.0f GiB of zeros", bomb_bytes / (MIB * 1024));

      g_print ("\nCompression bombs\n");
      if (!g_file_test (nested, G_FILE_TEST_IS_REGULAR))
        {
          g_print ("  making the nested bomb (once) …\n");
          if (!make_nested_bomb (nested, &error))
            {
              g_printerr ("bench-scan: %s\n", error->message);
              return 1;
            }
        }
      if (!g_file_test (flat, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GTimer) timer = g_timer_new ();

          g_print ("  making the one-member bomb (once, it deflates every byte) …\n");
          if (!make_flat_bomb (flat, bomb_bytes, &error))
            {
              g_printerr ("bench-scan: %s\n", error->message);
              return 1;
            }
          g_print ("  made in %.0f s\n", g_timer_elapsed (timer, NULL));
        }
      if (!scan_bomb (cli, nested, "scan of a 42.zip-style nested bomb (64 TiB)", out_dir, &error) ||
          !scan_bomb (cli, flat, flat_label, out_dir, &error))
        {
          g_printerr ("bench-scan: %s\n", error->message);
          return 1;
        }
    }

  return 0;
}
