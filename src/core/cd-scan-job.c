/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdScanJob: the scan engine.
 *
 * The roots are walked first (names in order, symbolic links never
 * followed), which gives the totals for a progress bar. Then the files are
 * read on a pool of threads, one per processor: text in the thread itself,
 * in chunks, and every other format (PDF, archives, documents, mail, HTML)
 * by a closure-desk-scan-worker process owned by that thread, so a parser
 * that crashes or runs away costs one file. Results are handed on in the
 * order of the walk, whatever order the threads finish in, so two scans of
 * the same folder print the same lines. With a case, records are written
 * in batches, one transaction each; a cancelled or failed scan is
 * discarded, leaving only its audit entry. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-csv.h"
#include "cd-extract.h"
#include "cd-scan-job.h"
#include "cd-scan-worker.h"

#define SNIFF_BYTES      8192
#define TEXT_CHUNK_BYTES (8 * 1024 * 1024)
#define BATCH_RECORDS    256
#define BATCH_USEC       (G_USEC_PER_SEC)
#define PROGRESS_USEC    (G_USEC_PER_SEC / 10)
/* Files larger than this are not handed to a worker (which maps them). */
#define MAX_WORKER_FILE  (G_GINT64_CONSTANT (2) << 30)

/* A finding waiting for its turn to be printed; the strings live in the
 * entry's string chunk (members are shared), not one allocation each. */
typedef struct
{
  CdDetectKind  kind;
  guint         page;
  const char   *member;
  const char   *masked;
} Finding;

typedef struct
{
  CdDetectKind  kind;
  char         *value;   /* normalized identifier: wiped when freed */
} Value;

typedef struct
{
  char             *path;
  char             *root;
  goffset           size;
  CdScanFileRecord *preset;     /* decided by the walk (links, devices, folders) */

  /* Filled by a pool thread. */
  GPtrArray        *records;    /* member records, then the file's own */
  GArray           *findings;   /* Finding, only when someone prints them */
  GStringChunk     *strings;    /* of the findings */
  GArray           *values;     /* Value, only with a case */
  gboolean          done;
} Entry;

typedef struct
{
  GSubprocess *process;
  int          in_fd;
  int          out_fd;
  GString     *buffer;
} Worker;

struct _CdScanJob
{
  GObject            parent_instance;

  GStrv              roots;
  CdScanLimits       limits;
  CdStore           *store;
  CdScanFindingFunc  finding_func;
  gpointer           finding_data;
  char              *worker_path;

  GMutex             lock;
  GCond              cond;
  GPtrArray         *entries;        /* Entry */
  GAsyncQueue       *idle_workers;   /* Worker */
  GCancellable      *cancellable;
  GMainContext      *context;        /* where async signals go */
  gboolean           async;

  /* Live progress, under the lock. */
  char              *live_path;

  /* Published progress: what getters return. */
  guint64            files_done;
  guint64            bytes_done;
  guint64            files_total;
  guint64            bytes_total;
  guint64            review;
  guint64            failed;
  guint64            counts[CD_N_DETECT_KINDS];
  char              *current_path;
  gint64             scan_id;

  /* Emission side. */
  gint64             last_progress;
  gboolean           progress_queued;
  GHashTable        *customer_index;
};

G_DEFINE_FINAL_TYPE (CdScanJob, cd_scan_job, G_TYPE_OBJECT)

enum {
  PROGRESS,
  FILE_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
value_clear (gpointer data)
{
  Value *value = data;

  if (value->value != NULL)
    {
      sodium_memzero (value->value, strlen (value->value));
      g_free (value->value);
    }
}

static Entry *
entry_new (const char *path,
           const char *root,
           goffset     size)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->path = g_strdup (path);
  entry->root = g_strdup (root);
  entry->size = size;
  return entry;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->path);
  g_free (entry->root);
  g_clear_pointer (&entry->preset, cd_scan_file_record_free);
  g_clear_pointer (&entry->records, g_ptr_array_unref);
  g_clear_pointer (&entry->findings, g_array_unref);
  g_clear_pointer (&entry->strings, g_string_chunk_free);
  g_clear_pointer (&entry->values, g_array_unref);
  g_free (entry);
}

static void
worker_free (Worker *worker)
{
  if (worker == NULL)
    return;
  if (worker->process != NULL)
    {
      g_subprocess_force_exit (worker->process);
      g_subprocess_wait (worker->process, NULL, NULL);
      g_object_unref (worker->process);
    }
  if (worker->buffer != NULL)
    {
      sodium_memzero (worker->buffer->str, worker->buffer->allocated_len);
      g_string_free (worker->buffer, TRUE);
    }
  g_free (worker);
}

static void
cd_scan_job_finalize (GObject *object)
{
  CdScanJob *self = CD_SCAN_JOB (object);

  g_strfreev (self->roots);
  g_clear_object (&self->store);
  g_free (self->worker_path);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->idle_workers, g_async_queue_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->live_path);
  g_free (self->current_path);
  g_clear_pointer (&self->customer_index, g_hash_table_unref);

  G_OBJECT_CLASS (cd_scan_job_parent_class)->finalize (object);
}

static void
cd_scan_job_class_init (CdScanJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_scan_job_finalize;

  /**
   * CdScanJob::progress:
   *
   * The counts and the current file changed (at most ten times a second).
   */
  signals[PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CdScanJob::file-done:
   * @record: (type gpointer): the CdScanFileRecord, valid during the emission
   *
   * A file (or a member that needs review or failed) is done.
   */
  signals[FILE_DONE] = g_signal_new ("file-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
cd_scan_job_init (CdScanJob *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  cd_scan_limits_init_default (&self->limits);
}

/**
 * cd_scan_job_new:
 * @roots: (array zero-terminated=1): files and folders
 * @limits: (nullable): %NULL for the defaults
 */
CdScanJob *
cd_scan_job_new (const char * const *roots,
                 const CdScanLimits *limits)
{
  CdScanJob *self = g_object_new (CD_TYPE_SCAN_JOB, NULL);

  g_return_val_if_fail (roots != NULL, NULL);

  self->roots = g_strdupv ((char **) roots);
  if (limits != NULL)
    self->limits = *limits;
  return self;
}

void
cd_scan_job_set_store (CdScanJob *self,
                       CdStore   *store)
{
  g_return_if_fail (CD_IS_SCAN_JOB (self));
  g_set_object (&self->store, store);
}

void
cd_scan_job_set_finding_func (CdScanJob         *self,
                              CdScanFindingFunc  func,
                              gpointer           user_data)
{
  g_return_if_fail (CD_IS_SCAN_JOB (self));
  self->finding_func = func;
  self->finding_data = user_data;
}

guint64 cd_scan_job_get_files_done (CdScanJob *self) { return self->files_done; }
guint64 cd_scan_job_get_bytes_done (CdScanJob *self) { return self->bytes_done; }
guint64 cd_scan_job_get_files_total (CdScanJob *self) { return self->files_total; }
guint64 cd_scan_job_get_bytes_total (CdScanJob *self) { return self->bytes_total; }
const char *cd_scan_job_get_current_path (CdScanJob *self) { return self->current_path; }
guint64 cd_scan_job_get_review (CdScanJob *self) { return self->review; }
guint64 cd_scan_job_get_failed (CdScanJob *self) { return self->failed; }
gint64 cd_scan_job_get_scan_id (CdScanJob *self) { return self->scan_id; }

guint64
cd_scan_job_get_count (CdScanJob    *self,
                       CdDetectKind  kind)
{
  g_return_val_if_fail (kind < CD_N_DETECT_KINDS, 0);
  return self->counts[kind];
}

/* -- the walk ---------------------------------------------------------- */

static CdScanFileRecord *
simple_record (const char       *path,
               const char       *root,
               CdScanFileStatus  status,
               const char       *content_type,
               goffset           size,
               const char       *reason)
{
  CdScanFileRecord *record = cd_scan_file_record_new ();

  record->path = g_strdup (path);
  record->root = g_strdup (root);
  record->status = status;
  record->content_type = g_strdup (content_type);
  record->size = size;
  record->reason = g_strdup (reason);
  return record;
}

static void
add_preset (CdScanJob        *self,
            const char       *path,
            const char       *root,
            CdScanFileRecord *record)
{
  Entry *entry = entry_new (path, root, 0);

  entry->preset = record;
  g_ptr_array_add (self->entries, entry);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean walk_path (CdScanJob   *self,
                           const char  *root,
                           const char  *path,
                           guint        depth,
                           GError     **error);

/* Entries in name order, so two scans of the same folder agree. */
static gboolean
walk_dir (CdScanJob   *self,
          const char  *root,
          const char  *path,
          guint        depth,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (depth >= self->limits.max_depth)
    {
      add_preset (self, path, root,
                  simple_record (path, root, CD_SCAN_FILE_REVIEW, "inode/directory", 0,
                                 _("Folder nested too deep: not scanned")));
      return TRUE;
    }
  dir = g_dir_open (path, 0, &local_error);
  if (dir == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Folder could not be read: %s"), local_error->message);

      add_preset (self, path, root,
                  simple_record (path, root, CD_SCAN_FILE_FAILED, "inode/directory", 0, reason));
      return TRUE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, names->pdata[i], NULL);

      if (!walk_path (self, root, child, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
walk_path (CdScanJob   *self,
           const char  *root,
           const char  *path,
           guint        depth,
           GError     **error)
{
  GStatBuf st;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;
      g_autofree char *reason = g_strdup_printf (_("Could not be read: %s"), g_strerror (saved));

      /* Gone since its folder was listed: reported, not fatal. */
      add_preset (self, path, root, simple_record (path, root, CD_SCAN_FILE_FAILED, NULL, 0, reason));
      return TRUE;
    }

  if (S_ISLNK (st.st_mode))
    {
      g_autofree char *target = g_file_read_link (path, NULL);
      g_autofree char *display = g_filename_display_name (target != NULL ? target : "?");
      g_autofree char *reason = g_strdup_printf (_("Symbolic link to “%s”: not followed"), display);

      add_preset (self, path, root,
                  simple_record (path, root, CD_SCAN_FILE_REVIEW, "inode/symlink", 0, reason));
      return TRUE;
    }
  if (S_ISDIR (st.st_mode))
    return walk_dir (self, root, path, depth, error);
  if (!S_ISREG (st.st_mode))
    {
      add_preset (self, path, root,
                  simple_record (path, root, CD_SCAN_FILE_REVIEW, NULL, 0,
                                 _("Not a regular file (a device, socket or pipe): not read")));
      return TRUE;
    }

  g_ptr_array_add (self->entries, entry_new (path, root, st.st_size));
  self->bytes_total += (guint64) st.st_size;
  return TRUE;
}

/* -- reading one file (pool threads) ------------------------------------ */

typedef struct
{
  CdScanJob        *job;
  Entry            *entry;
  CdScanFileRecord *record;
  guint             samples[CD_N_DETECT_KINDS];
  gboolean          media;      /* only how long it lasts is asked */
} FileScan;

/* How long a recording may take to say how long it lasts: a media
 * framework that stalls costs a duration, not the scan's time. */
#define MEDIA_PROBE_SECONDS 15

static void
add_finding (FileScan     *scan,
             CdDetectKind  kind,
             const char   *member,
             guint         page,
             const char   *masked,
             char         *value)   /* (transfer full) (nullable): wiped */
{
  CdScanFileRecord *record = scan->record;

  record->counts[kind]++;
  if (scan->samples[kind] < CD_SCAN_MAX_SAMPLES)
    {
      scan->samples[kind]++;
      g_ptr_array_add (record->samples, cd_scan_sample_new (member, page, kind, masked));
    }
  if (scan->job->finding_func != NULL)
    {
      GStringChunk *strings = scan->entry->strings;
      Finding finding = { kind, page,
                          member != NULL ? g_string_chunk_insert_const (strings, member) : NULL,
                          g_string_chunk_insert (strings, masked) };

      g_array_append_val (scan->entry->findings, finding);
    }
  if (value != NULL && scan->entry->values != NULL)
    {
      Value v = { kind, value };

      g_array_append_val (scan->entry->values, v);
    }
  else if (value != NULL)
    {
      sodium_memzero (value, strlen (value));
      g_free (value);
    }
}

static gboolean
linkable_kind (CdDetectKind kind)
{
  return kind == CD_DETECT_RESIDENT_ID || kind == CD_DETECT_MOBILE ||
         kind == CD_DETECT_LANDLINE || kind == CD_DETECT_EMAIL || kind == CD_DETECT_USCC;
}

static void
scan_text (FileScan   *scan,
           const char *member,
           guint       page,
           const char *text,
           gsize       len)
{
  g_autoptr(GArray) spans = cd_detect_scan (text, len, CD_DETECT_ALL_KINDS);

  for (guint i = 0; i < spans->len; i++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
      g_autofree char *masked = cd_detect_mask (span->kind, text + span->start, span->end - span->start);
      char *value = NULL;

      if (scan->entry->values != NULL && linkable_kind (span->kind))
        value = cd_detect_normalize (span->kind, text + span->start, span->end - span->start);
      add_finding (scan, span->kind, member, page, masked, value);
    }
}

static gboolean
read_fully (int    fd,
            char  *buffer,
            gsize  want,
            gsize *got,
            int   *err)
{
  gsize len = 0;

  while (len < want)
    {
      gssize n = read (fd, buffer + len, want - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *err = errno;
          return FALSE;
        }
      if (n == 0)
        break;
      len += (gsize) n;
    }
  *got = len;
  return TRUE;
}

typedef enum
{
  TEXT_UTF8,       /* also ASCII: scanned as it is */
  TEXT_GB18030,    /* converted chunk by chunk */
} TextMode;

/* Whether @data is UTF-8 but for a character cut at its end. */
static gboolean
utf8_prefix_valid (const char *data,
                   gsize       len)
{
  const char *end = NULL;

  if (g_utf8_validate_len (data, len, &end))
    return TRUE;
  return (gsize) (end - data) + 4 > len;
}

/* Text in chunks of whole lines; UTF-16 files (rare, small) whole. */
static void
scan_text_file (FileScan *scan,
                int       fd,
                goffset   size)
{
  CdScanJob *job = scan->job;
  CdScanFileRecord *record = scan->record;
  gsize max = (gsize) CLAMP (job->limits.max_text_bytes, 0, (goffset) (G_MAXSSIZE / 2));
  g_autofree char *buffer = NULL;
  gsize carried = 0;
  gsize total = 0;
  TextMode mode = TEXT_UTF8;
  gboolean first = TRUE;
  int err = 0;

  if (size >= 2)
    {
      char bom[4] = { 0, };
      gsize got = 0;

      if (read_fully (fd, bom, 2, &got, &err) && got == 2 &&
          (((guchar) bom[0] == 0xff && (guchar) bom[1] == 0xfe) ||
           ((guchar) bom[0] == 0xfe && (guchar) bom[1] == 0xff)))
        {
          gsize want = MAX ((gsize) MIN ((goffset) max, size), 2);
          g_autofree char *whole = g_malloc (want + 1);
          g_autofree char *text = NULL;
          CdCsvEncoding encoding = CD_CSV_ENCODING_UTF8;
          gsize len = 0;
          gsize text_len = 0;

          memcpy (whole, bom, 2);
          if (!read_fully (fd, whole + 2, want - 2, &len, &err))
            goto failed;
          len += 2;
          record->truncated = size > (goffset) len;
          text = cd_csv_decode_text (whole, len & ~(gsize) 1, &encoding, &text_len, NULL);
          record->encoding = g_strdup (cd_csv_encoding_to_string (encoding));
          if (text != NULL)
            scan_text (scan, NULL, 0, text, text_len);
          else
            scan_text (scan, NULL, 0, whole, len);
          return;
        }
      if (lseek (fd, 0, SEEK_SET) < 0)
        {
          err = errno;
          goto failed;
        }
    }

  buffer = g_malloc (TEXT_CHUNK_BYTES + 1);
  for (;;)
    {
      gsize got = 0;
      gsize want = TEXT_CHUNK_BYTES - carried;
      gsize len;
      gsize cut;
      gboolean last;

      if (g_cancellable_is_cancelled (job->cancellable))
        return;
      if (total + want > max)
        want = max - total;
      if (!read_fully (fd, buffer + carried, want, &got, &err))
        goto failed;
      total += got;
      len = carried + got;
      last = got < want || total >= max;
      if (len == 0)
        break;

      if (first)
        {
          mode = utf8_prefix_valid (buffer, len) ? TEXT_UTF8 : TEXT_GB18030;
          first = FALSE;
        }

      /* Up to the last line break, unless this is the end. */
      cut = len;
      if (!last)
        {
          const char *nl = memrchr (buffer, '\n', len);

          if (nl != NULL)
            cut = (gsize) (nl - buffer) + 1;
        }
      else if (total >= max && (goffset) total < size)
        {
          const char *nl = memrchr (buffer, '\n', len);

          record->truncated = TRUE;
          if (nl != NULL)
            cut = (gsize) (nl - buffer) + 1;
        }

      if (mode == TEXT_GB18030)
        {
          gsize written = 0;
          g_autofree char *converted = g_convert (buffer, (gssize) cut, "UTF-8", "GB18030",
                                                  NULL, &written, NULL);

          if (converted != NULL)
            scan_text (scan, NULL, 0, converted, written);
          else
            scan_text (scan, NULL, 0, buffer, cut);
        }
      else
        scan_text (scan, NULL, 0, buffer, cut);

      if (last)
        break;
      carried = len - cut;
      memmove (buffer, buffer + cut, carried);
    }
  record->encoding = g_strdup (mode == TEXT_UTF8 ? "UTF-8" : "GB18030");
  return;

failed:
  record->status = CD_SCAN_FILE_FAILED;
  g_free (record->reason);
  record->reason = g_strdup_printf (_("Could not be read: %s"), g_strerror (err));
}

/* -- the worker process ---------------------------------------------------- */

static char *
find_worker (void)
{
  const char *env = g_getenv ("CLOSURE_DESK_SCAN_WORKER");
  g_autofree char *self_exe = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  /* Uninstalled: beside the CLI, or in src/cli seen from src/app. */
  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      g_autofree char *beside = g_build_filename (dir, "closure-desk-scan-worker", NULL);
      g_autofree char *in_cli = g_build_filename (dir, "..", "cli", "closure-desk-scan-worker", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
      if (g_file_test (in_cli, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&in_cli);
    }
  return g_build_filename (LIBEXECDIR, "closure-desk-scan-worker", NULL);
}

static Worker *
worker_spawn (CdScanJob  *self,
              GError    **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  Worker *worker;

  g_ptr_array_add (argv, g_strdup (self->worker_path));
  g_ptr_array_add (argv, g_strdup_printf ("--max-total=%" G_GUINT64_FORMAT, self->limits.max_expanded_bytes));
  g_ptr_array_add (argv, g_strdup_printf ("--max-ratio=%u", self->limits.max_ratio));
  g_ptr_array_add (argv, g_strdup_printf ("--max-depth=%u", self->limits.max_nesting));
  g_ptr_array_add (argv, g_strdup_printf ("--max-members=%u", self->limits.max_members));
  g_ptr_array_add (argv, g_strdup_printf ("--max-member-bytes=%" G_GSIZE_FORMAT, self->limits.max_member_bytes));
  if (self->store != NULL)
    g_ptr_array_add (argv, g_strdup ("--values"));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  worker = g_new0 (Worker, 1);
  worker->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (worker->process == NULL)
    {
      g_free (worker);
      return NULL;
    }
  worker->in_fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (g_subprocess_get_stdin_pipe (worker->process)));
  worker->out_fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (g_subprocess_get_stdout_pipe (worker->process)));
  worker->buffer = g_string_sized_new (64 * 1024);
  return worker;
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

/* Splits a protocol line into at most @max tab-separated fields. */
static guint
split_fields (char       *line,
              char      **fields,
              gsize      *lens,
              guint       max)
{
  guint n = 0;
  char *p = line;

  while (n < max)
    {
      char *tab = strchr (p, '\t');

      fields[n] = p;
      if (tab == NULL)
        {
          lens[n] = strlen (p);
          n++;
          break;
        }
      *tab = '\0';
      lens[n] = (gsize) (tab - p);
      n++;
      p = tab + 1;
    }
  return n;
}

static char *
parse_member (const char *field,
              gsize       len)
{
  if (len == 0 || field[0] != '+')
    return NULL;
  return cd_scan_worker_unescape (field + 1, len - 1);
}

/* "Recording, 3 min 12 s: listen to it for personal data". */
static char *
media_reason (const char *content_type,
              gint64      duration_ms)
{
  gboolean video = content_type != NULL && g_str_has_prefix (content_type, "video/");
  gint64 s = (duration_ms + 500) / 1000;
  g_autofree char *length = NULL;

  if (duration_ms <= 0)
    return g_strdup (video ? _("Video: watch it for personal data")
                           : _("Recording: listen to it for personal data"));
  if (s >= 3600)
    /* Translators: a duration, hours and minutes */
    length = g_strdup_printf (_("%d h %02d min"), (int) (s / 3600), (int) (s % 3600 / 60));
  else if (s >= 60)
    /* Translators: a duration, minutes and seconds */
    length = g_strdup_printf (_("%d min %02d s"), (int) (s / 60), (int) (s % 60));
  else
    /* Translators: a duration in seconds */
    length = g_strdup_printf (_("%d s"), (int) s);
  /* Translators: %s is how long it lasts, e.g. "3 min 12 s" */
  return g_strdup_printf (video ? _("Video, %s: watch it for personal data")
                                : _("Recording, %s: listen to it for personal data"), length);
}

typedef enum
{
  LINE_MORE,
  LINE_END,
  LINE_BAD,
} LineResult;

static LineResult
handle_line (FileScan *scan,
             char     *line)
{
  char *fields[6];
  gsize lens[6];
  guint n = split_fields (line, fields, lens, G_N_ELEMENTS (fields));

  if (n >= 5 && strcmp (fields[0], "F") == 0)
    {
      guint64 kind = g_ascii_strtoull (fields[1], NULL, 10);
      guint64 page = g_ascii_strtoull (fields[2], NULL, 10);
      g_autofree char *member = parse_member (fields[3], lens[3]);
      g_autofree char *masked = cd_scan_worker_unescape (fields[4], lens[4]);
      char *value = n >= 6 && scan->entry->values != NULL && linkable_kind ((CdDetectKind) kind)
                    ? cd_scan_worker_unescape (fields[5], lens[5]) : NULL;

      if (kind >= CD_N_DETECT_KINDS)
        return LINE_BAD;
      add_finding (scan, (CdDetectKind) kind, member, (guint) MIN (page, G_MAXUINT), masked, value);
      return LINE_MORE;
    }
  if (n >= 6 && strcmp (fields[0], "M") == 0)
    {
      guint64 status = g_ascii_strtoull (fields[1], NULL, 10);
      g_autofree char *member = parse_member (fields[3], lens[3]);
      g_autofree char *type = cd_scan_worker_unescape (fields[4], lens[4]);
      g_autofree char *reason = cd_scan_worker_unescape (fields[5], lens[5]);
      CdScanFileRecord *record;

      if (status == CD_SCAN_FILE_SCANNED || member == NULL)
        return LINE_MORE;
      record = simple_record (scan->entry->path, scan->entry->root,
                              status == CD_SCAN_FILE_REVIEW ? CD_SCAN_FILE_REVIEW : CD_SCAN_FILE_FAILED,
                              *type != '\0' ? type : NULL,
                              g_ascii_strtoll (fields[2], NULL, 10),
                              *reason != '\0' ? reason : NULL);
      record->member = g_steal_pointer (&member);
      g_ptr_array_add (scan->entry->records, record);
      return LINE_MORE;
    }
  if (n >= 2 && strcmp (fields[0], "D") == 0)
    {
      scan->record->duration_ms = MAX (g_ascii_strtoll (fields[1], NULL, 10), 0);
      return LINE_MORE;
    }
  if (n >= 2 && strcmp (fields[0], "E") == 0)
    {
      const char *code = fields[1];
      g_autofree char *reason = n >= 3 ? cd_scan_worker_unescape (fields[2], lens[2]) : NULL;
      CdScanFileRecord *record = scan->record;

      if (strcmp (code, "media") == 0)
        {
          record->status = CD_SCAN_FILE_REVIEW;
          g_free (record->reason);
          record->reason = media_reason (record->content_type, record->duration_ms);
          return LINE_END;
        }
      if (strcmp (code, "ok") == 0)
        record->status = CD_SCAN_FILE_SCANNED;
      else if (strcmp (code, "encrypted") == 0 || strcmp (code, "unsupported") == 0)
        record->status = CD_SCAN_FILE_REVIEW;
      else
        record->status = CD_SCAN_FILE_FAILED;
      if (record->status != CD_SCAN_FILE_SCANNED && reason != NULL && *reason != '\0')
        {
          g_free (record->reason);
          record->reason = g_steal_pointer (&reason);
        }
      return LINE_END;
    }
  return LINE_BAD;
}

/* Hands the file to this thread's worker and reads its answer. FALSE: the
 * worker is gone (crashed, stopped, cancelled) and must be replaced. */
static gboolean
extract_in_worker (FileScan *scan,
                   Worker   *worker)
{
  CdScanJob *job = scan->job;
  CdScanFileRecord *record = scan->record;
  g_autoptr(GString) request = g_string_new (NULL);
  guint timeout_s = scan->media ? MIN (job->limits.worker_timeout_s, MEDIA_PROBE_SECONDS)
                                 : job->limits.worker_timeout_s;
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  char chunk[65536];

  cd_scan_worker_escape (request, scan->entry->path);
  g_string_append_c (request, '\n');
  g_string_truncate (worker->buffer, 0);

  if (!write_all (worker->in_fd, request->str, request->len))
    goto crashed;

  for (;;)
    {
      struct pollfd pfd = { worker->out_fd, POLLIN, 0 };
      char *nl;
      int r;

      /* Whole lines first. */
      while ((nl = memchr (worker->buffer->str, '\n', worker->buffer->len)) != NULL)
        {
          gsize line_len = (gsize) (nl - worker->buffer->str);
          LineResult result;

          *nl = '\0';
          result = handle_line (scan, worker->buffer->str);
          sodium_memzero (worker->buffer->str, line_len);
          g_string_erase (worker->buffer, 0, (gssize) line_len + 1);
          if (result == LINE_END)
            return TRUE;
          if (result == LINE_BAD)
            goto crashed;
          deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
        }

      if (g_cancellable_is_cancelled (job->cancellable))
        return FALSE;
      if (g_get_monotonic_time () > deadline && scan->media)
        {
          /* Still for a person to listen to; only the length is unknown. */
          record->status = CD_SCAN_FILE_REVIEW;
          g_free (record->reason);
          record->reason = media_reason (record->content_type, 0);
          return FALSE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          record->status = CD_SCAN_FILE_FAILED;
          g_free (record->reason);
          record->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Reading it took longer than %u second: stopped",
                                                         "Reading it took longer than %u seconds: stopped",
                                                         job->limits.worker_timeout_s),
                                            job->limits.worker_timeout_s);
          return FALSE;
        }

      r = poll (&pfd, 1, 200);
      if (r < 0 && errno != EINTR)
        goto crashed;
      if (r > 0)
        {
          gssize n = read (worker->out_fd, chunk, sizeof chunk);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            goto crashed;
          g_string_append_len (worker->buffer, chunk, n);
          sodium_memzero (chunk, (gsize) n);
          if (worker->buffer->len > 16 * 1024 * 1024)
            goto crashed;   /* no line is this long */
        }
    }

crashed:
  g_free (record->reason);
  if (scan->media)
    {
      record->status = CD_SCAN_FILE_REVIEW;
      record->reason = media_reason (record->content_type, 0);
    }
  else
    {
      record->status = CD_SCAN_FILE_FAILED;
      record->reason = g_strdup (_("The reader stopped on this file (damaged or hostile?): not scanned"));
    }
  return FALSE;
}

static void
scan_in_worker (FileScan *scan)
{
  CdScanJob *job = scan->job;
  g_autoptr(GError) error = NULL;
  Worker *worker = g_async_queue_try_pop (job->idle_workers);

  if (worker == NULL)
    worker = worker_spawn (job, &error);
  if (worker == NULL)
    {
      scan->record->status = CD_SCAN_FILE_FAILED;
      scan->record->reason = g_strdup_printf (_("The reader for this format could not be started: %s"),
                                              error->message);
      return;
    }

  if (extract_in_worker (scan, worker))
    g_async_queue_push (job->idle_workers, worker);
  else
    worker_free (worker);
}

static void
set_live_path (CdScanJob  *self,
               const char *path)
{
  g_mutex_lock (&self->lock);
  g_free (self->live_path);
  self->live_path = g_strdup (path);
  g_mutex_unlock (&self->lock);
}

static void
read_entry (CdScanJob *self,
            Entry     *entry)
{
  g_autofree char *type = NULL;
  g_autofree char *name = g_path_get_basename (entry->path);
  CdScanFileRecord *record = simple_record (entry->path, entry->root, CD_SCAN_FILE_SCANNED,
                                            NULL, entry->size, NULL);
  FileScan scan = { self, entry, record, { 0, } };
  CdExtractFormat format;
  char head[SNIFF_BYTES];
  gsize head_len = 0;
  struct stat st;
  int err = 0;
  int fd;

  set_live_path (self, entry->path);

  fd = g_open (entry->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0 || fstat (fd, &st) < 0 || !read_fully (fd, head, sizeof head, &head_len, &err))
    {
      int saved = err != 0 ? err : errno;

      record->status = CD_SCAN_FILE_FAILED;
      record->reason = g_strdup_printf (_("Could not be read: %s"), g_strerror (saved));
      if (fd >= 0)
        close (fd);
      g_ptr_array_add (entry->records, record);
      return;
    }
  if (!S_ISREG (st.st_mode))
    {
      record->status = CD_SCAN_FILE_FAILED;
      record->reason = g_strdup (_("Not a regular file any more"));
      close (fd);
      g_ptr_array_add (entry->records, record);
      return;
    }
  record->size = entry->size = st.st_size;

  format = cd_extract_sniff (name, (const guint8 *) head, head_len, &type);
  record->content_type = g_strdup (type);
  switch (format)
    {
    case CD_EXTRACT_FORMAT_TEXT:
      if (lseek (fd, 0, SEEK_SET) < 0)
        err = errno;
      else
        scan_text_file (&scan, fd, st.st_size);
      break;

    case CD_EXTRACT_FORMAT_RAW:
      if (lseek (fd, 0, SEEK_SET) < 0)
        err = errno;
      else
        {
          record->encoding = g_strdup ("raw");
          scan_text_file (&scan, fd, st.st_size);
          g_free (record->encoding);
          record->encoding = g_strdup ("raw");
        }
      break;

    case CD_EXTRACT_FORMAT_MEDIA:
      record->status = CD_SCAN_FILE_REVIEW;
      if (type != NULL && (g_str_has_prefix (type, "audio/") || g_str_has_prefix (type, "video/")))
        {
          scan.media = TRUE;
          scan_in_worker (&scan);   /* how long it lasts, read by GStreamer */
        }
      else
        record->reason = g_strdup (_("Image: look at it for personal data"));
      break;

    case CD_EXTRACT_FORMAT_UNKNOWN:
      record->status = CD_SCAN_FILE_REVIEW;
      record->reason = g_strdup_printf (_("Files of this kind (%s) are not read yet: open it and check by hand"),
                                        type);
      break;

    case CD_EXTRACT_FORMAT_HTML:
    case CD_EXTRACT_FORMAT_OOXML:
    case CD_EXTRACT_FORMAT_ODF:
    case CD_EXTRACT_FORMAT_PDF:
    case CD_EXTRACT_FORMAT_MAIL:
    case CD_EXTRACT_FORMAT_MBOX:
    case CD_EXTRACT_FORMAT_ARCHIVE:
    default:
      if (st.st_size > MAX_WORKER_FILE)
        {
          g_autofree char *limit = g_format_size (MAX_WORKER_FILE);

          record->status = CD_SCAN_FILE_REVIEW;
          record->reason = g_strdup_printf (_("Larger than %s: not read; open it and check by hand"), limit);
        }
      else
        scan_in_worker (&scan);
      break;
    }
  close (fd);
  if (err != 0)
    {
      record->status = CD_SCAN_FILE_FAILED;
      g_free (record->reason);
      record->reason = g_strdup_printf (_("Could not be read: %s"), g_strerror (err));
    }
  g_ptr_array_add (entry->records, record);
}

static void
pool_func (gpointer data,
           gpointer user_data)
{
  CdScanJob *self = user_data;
  Entry *entry = data;

  entry->records = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  if (self->finding_func != NULL)
    {
      entry->findings = g_array_new (FALSE, FALSE, sizeof (Finding));
      entry->strings = g_string_chunk_new (64 * 1024);
    }
  if (self->store != NULL)
    {
      entry->values = g_array_new (FALSE, FALSE, sizeof (Value));
      g_array_set_clear_func (entry->values, value_clear);
    }

  if (entry->preset != NULL)
    g_ptr_array_add (entry->records, g_steal_pointer (&entry->preset));
  else if (!g_cancellable_is_cancelled (self->cancellable))
    read_entry (self, entry);

  g_mutex_lock (&self->lock);
  entry->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* -- handing results on (the thread that runs the job) -------------------- */

static gboolean
emit_progress_idle (gpointer user_data)
{
  CdScanJob *self = user_data;

  self->progress_queued = FALSE;
  g_signal_emit (self, signals[PROGRESS], 0);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  CdScanJob        *job;
  CdScanFileRecord *record;
  /* A snapshot of the progress when the file was done. */
  guint64           files_done;
  guint64           bytes_done;
  guint64           review;
  guint64           failed;
  guint64           counts[CD_N_DETECT_KINDS];
  char             *current_path;
} Publish;

static void
publish_free (Publish *publish)
{
  g_clear_object (&publish->job);
  g_clear_pointer (&publish->record, cd_scan_file_record_free);
  g_free (publish->current_path);
  g_free (publish);
}

static gboolean
publish_idle (gpointer user_data)
{
  Publish *publish = user_data;
  CdScanJob *self = publish->job;

  self->files_done = publish->files_done;
  self->bytes_done = publish->bytes_done;
  self->review = publish->review;
  self->failed = publish->failed;
  memcpy (self->counts, publish->counts, sizeof self->counts);
  if (publish->current_path != NULL)
    {
      g_free (self->current_path);
      self->current_path = g_steal_pointer (&publish->current_path);
    }
  if (publish->record != NULL)
    g_signal_emit (self, signals[FILE_DONE], 0, publish->record);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  guint64  files_done;
  guint64  bytes_done;
  guint64  review;
  guint64  failed;
  guint64  counts[CD_N_DETECT_KINDS];
} Totals;

static void
hand_on_record (CdScanJob        *self,
                Totals           *totals,
                CdScanFileRecord *record)
{
  if (!self->async)
    {
      self->files_done = totals->files_done;
      self->bytes_done = totals->bytes_done;
      self->review = totals->review;
      self->failed = totals->failed;
      memcpy (self->counts, totals->counts, sizeof self->counts);
      g_signal_emit (self, signals[FILE_DONE], 0, record);
    }
  else
    {
      Publish *publish = g_new0 (Publish, 1);

      publish->job = g_object_ref (self);
      publish->record = cd_scan_file_record_copy (record);
      publish->files_done = totals->files_done;
      publish->bytes_done = totals->bytes_done;
      publish->review = totals->review;
      publish->failed = totals->failed;
      memcpy (publish->counts, totals->counts, sizeof publish->counts);
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, publish_idle, publish,
                                  (GDestroyNotify) publish_free);
    }
}

static void
maybe_progress (CdScanJob *self,
                Totals    *totals,
                gboolean   force)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *path = NULL;

  if (!force && now - self->last_progress < PROGRESS_USEC)
    return;
  self->last_progress = now;

  g_mutex_lock (&self->lock);
  path = g_strdup (self->live_path);
  g_mutex_unlock (&self->lock);

  if (!self->async)
    {
      self->files_done = totals->files_done;
      self->bytes_done = totals->bytes_done;
      self->review = totals->review;
      self->failed = totals->failed;
      memcpy (self->counts, totals->counts, sizeof self->counts);
      g_free (self->current_path);
      self->current_path = g_steal_pointer (&path);
      g_signal_emit (self, signals[PROGRESS], 0);
    }
  else
    {
      Publish *publish = g_new0 (Publish, 1);

      publish->job = g_object_ref (self);
      publish->files_done = totals->files_done;
      publish->bytes_done = totals->bytes_done;
      publish->review = totals->review;
      publish->failed = totals->failed;
      memcpy (publish->counts, totals->counts, sizeof publish->counts);
      publish->current_path = g_steal_pointer (&path);
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, publish_idle, publish,
                                  (GDestroyNotify) publish_free);
      if (!self->progress_queued)
        {
          self->progress_queued = TRUE;
          g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT_IDLE, emit_progress_idle,
                                      g_object_ref (self), g_object_unref);
        }
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Links the file's record to the registry customers its identifiers
 * belong to, through the blind index; the values are wiped. */
static void
link_customers (CdScanJob        *self,
                Entry            *entry,
                CdScanFileRecord *record)
{
  g_autoptr(GHashTable) ids = NULL;

  if (entry->values == NULL || entry->values->len == 0 || self->customer_index == NULL ||
      g_hash_table_size (self->customer_index) == 0)
    return;

  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < entry->values->len; i++)
    {
      const Value *value = &g_array_index (entry->values, Value, i);
      g_autofree char *blind = cd_store_blind_index_for (self->store, value->kind, value->value);
      const char *customer = blind != NULL ? g_hash_table_lookup (self->customer_index, blind) : NULL;

      if (customer != NULL && !g_hash_table_contains (ids, customer))
        {
          g_hash_table_add (ids, (gpointer) customer);
          g_ptr_array_add (record->customer_ids, g_strdup (customer));
        }
    }
  g_ptr_array_sort (record->customer_ids, compare_strings);
}

static gboolean
flush_batch (CdScanJob  *self,
             GPtrArray  *batch,
             GError    **error)
{
  gboolean ok = TRUE;

  if (self->store != NULL && batch->len > 0)
    ok = cd_store_add_scan_records (self->store, self->scan_id, batch, error);
  g_ptr_array_set_size (batch, 0);
  return ok;
}

static gboolean run_job_held (CdScanJob     *self,
                              GCancellable  *cancellable,
                              GError       **error);

/* The case stays unlocked while the scan writes to it: a lock asked for
 * meanwhile happens when the scan ends. */
static gboolean
run_job (CdScanJob     *self,
         GCancellable  *cancellable,
         GError       **error)
{
  gboolean ok;

  if (self->store != NULL)
    cd_store_hold (self->store);
  ok = run_job_held (self, cancellable, error);
  if (self->store != NULL)
    cd_store_release (self->store);
  return ok;
}

static gboolean
run_job_held (CdScanJob     *self,
         GCancellable  *cancellable,
         GError       **error)
{
  GThreadPool *pool = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_file_record_free);
  g_autoptr(GError) local_error = NULL;
  Totals totals = { 0, };
  gint64 last_flush = g_get_monotonic_time ();
  guint n_threads = self->limits.n_workers > 0 ? self->limits.n_workers
                                               : (guint) MAX (1, g_get_num_processors ());
  guint window = n_threads * 4 + 4;
  guint pushed = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (self->entries == NULL, FALSE);   /* a job runs once */

  g_set_object (&self->cancellable, cancellable);
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->idle_workers = g_async_queue_new_full ((GDestroyNotify) worker_free);
  self->worker_path = find_worker ();

  /* A worker that dies while we write to it must not take us along. */
  signal (SIGPIPE, SIG_IGN);

  for (guint i = 0; self->roots[i] != NULL; i++)
    {
      GStatBuf st;

      if (g_lstat (self->roots[i], &st) != 0)
        {
          g_autofree char *display = g_filename_display_name (self->roots[i]);

          g_set_error (error, CD_SCAN_ERROR, CD_SCAN_ERROR_NOT_FOUND,
                       _("“%s” does not exist or cannot be reached"), display);
          return FALSE;
        }
    }

  if (self->store != NULL)
    {
      self->customer_index = cd_store_get_customer_index (self->store, error);
      if (self->customer_index == NULL)
        return FALSE;
      self->scan_id = cd_store_begin_scan (self->store, (const char * const *) self->roots, error);
      if (self->scan_id <= 0)
        return FALSE;
    }

  for (guint i = 0; ok && self->roots[i] != NULL; i++)
    ok = walk_path (self, self->roots[i], self->roots[i], 0, &local_error);
  self->files_total = self->entries->len;
  maybe_progress (self, &totals, TRUE);

  if (ok)
    {
      pool = g_thread_pool_new (pool_func, self, (int) n_threads, TRUE, NULL);
      for (; pushed < self->entries->len && pushed < window; pushed++)
        g_thread_pool_push (pool, self->entries->pdata[pushed], NULL);
    }

  for (guint i = 0; ok && i < self->entries->len; i++)
    {
      Entry *entry = self->entries->pdata[i];

      g_mutex_lock (&self->lock);
      while (!entry->done)
        g_cond_wait (&self->cond, &self->lock);
      g_mutex_unlock (&self->lock);

      if (pushed < self->entries->len)
        g_thread_pool_push (pool, self->entries->pdata[pushed++], NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        {
          ok = FALSE;
          break;
        }

      if (entry->findings != NULL)
        for (guint f = 0; f < entry->findings->len; f++)
          {
            const Finding *finding = &g_array_index (entry->findings, Finding, f);
            CdScanFinding out = { entry->path, finding->member, finding->page, finding->kind, finding->masked };

            self->finding_func (&out, self->finding_data);
          }

      for (guint r = 0; r < entry->records->len; r++)
        {
          CdScanFileRecord *record = entry->records->pdata[r];

          if (record->member == NULL)
            {
              link_customers (self, entry, record);
              totals.files_done++;
              totals.bytes_done += (guint64) MAX (record->size, 0);
            }
          if (record->status == CD_SCAN_FILE_REVIEW)
            totals.review++;
          else if (record->status == CD_SCAN_FILE_FAILED)
            totals.failed++;
          for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
            totals.counts[k] += record->counts[k];
          hand_on_record (self, &totals, record);
        }

      /* The records move to the batch; the entry keeps nothing. */
      while (entry->records->len > 0)
        g_ptr_array_add (batch, g_ptr_array_steal_index (entry->records, 0));
      g_clear_pointer (&entry->findings, g_array_unref);
      g_clear_pointer (&entry->strings, g_string_chunk_free);
      g_clear_pointer (&entry->values, g_array_unref);

      if (batch->len >= BATCH_RECORDS || g_get_monotonic_time () - last_flush > BATCH_USEC)
        {
          ok = flush_batch (self, batch, &local_error);
          last_flush = g_get_monotonic_time ();
        }
      maybe_progress (self, &totals, FALSE);
    }

  /* Stop the threads: those still reading see the cancellation (or have
   * nothing left to read) and finish quickly. */
  if (pool != NULL)
    {
      g_thread_pool_free (pool, TRUE, TRUE);
      pool = NULL;
    }
  g_async_queue_lock (self->idle_workers);
  {
    Worker *worker;

    while ((worker = g_async_queue_try_pop_unlocked (self->idle_workers)) != NULL)
      worker_free (worker);
  }
  g_async_queue_unlock (self->idle_workers);

  if (ok)
    ok = flush_batch (self, batch, &local_error);
  if (ok && self->store != NULL)
    ok = cd_store_finish_scan (self->store, self->scan_id, &local_error);

  if (!ok && self->store != NULL && self->scan_id > 0)
    {
      const char *why = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled" : "failed";

      /* Best effort: the scan's own error is the one to report. */
      cd_store_discard_scan (self->store, self->scan_id, why, NULL);
      self->scan_id = 0;
    }

  set_live_path (self, NULL);
  maybe_progress (self, &totals, TRUE);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_scan_job_run:
 *
 * Runs the scan in the calling thread; "progress" and "file-done" are
 * emitted in it.
 *
 * Returns: %FALSE if a root does not exist, the scan was cancelled or the
 *   case could not be written (nothing of the scan is left in it then)
 */
gboolean
cd_scan_job_run (CdScanJob     *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (CD_IS_SCAN_JOB (self), FALSE);

  self->async = FALSE;
  return run_job (self, cancellable, error);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CdScanJob *self = source_object;
  GError *error = NULL;

  if (run_job (self, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_scan_job_run_async (CdScanJob           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CD_IS_SCAN_JOB (self));

  self->async = TRUE;
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_scan_job_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
cd_scan_job_run_finish (CdScanJob     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
