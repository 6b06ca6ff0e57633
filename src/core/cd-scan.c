/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-scan: walks the folders and files given to it, never following a
 * symbolic link, and reports for each file what it is, whether it could be
 * read, and every identifier found in it (masked).
 *
 * What is read so far: text in any encoding the CSV reader knows (UTF-8,
 * UTF-16 with a BOM, GB18030/GBK; CSV, TSV, logs, HTML and XML exports
 * included) and SQLite databases, whose text is stored as is. Images,
 * audio and video, and the document, mail and archive formats not read
 * yet, are reported as needing a person's review — never skipped silently. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cd-csv.h"
#include "cd-scan.h"

G_DEFINE_QUARK (cd_scan_error_quark, cd_scan_error)

/* Enough of a file to tell what it is. */
#define SNIFF_BYTES 8192

CdScanSample *
cd_scan_sample_new (const char   *member,
                    guint         page,
                    CdDetectKind  kind,
                    const char   *masked)
{
  CdScanSample *sample = g_new0 (CdScanSample, 1);

  sample->member = g_strdup (member);
  sample->page = page;
  sample->kind = kind;
  sample->masked = g_strdup (masked);
  return sample;
}

void
cd_scan_sample_free (CdScanSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->member);
  g_free (sample->masked);
  g_free (sample);
}

CdScanFileRecord *
cd_scan_file_record_new (void)
{
  CdScanFileRecord *record = g_new0 (CdScanFileRecord, 1);

  record->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_scan_sample_free);
  record->customer_ids = g_ptr_array_new_with_free_func (g_free);
  return record;
}

void
cd_scan_file_record_free (CdScanFileRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->path);
  g_free (record->member);
  g_free (record->root);
  g_free (record->content_type);
  g_free (record->reason);
  g_clear_pointer (&record->samples, g_ptr_array_unref);
  g_clear_pointer (&record->customer_ids, g_ptr_array_unref);
  g_free (record);
}

void
cd_scan_limits_init_default (CdScanLimits *limits)
{
  limits->max_text_bytes = 256 * 1024 * 1024;
  limits->max_depth = 64;
}

typedef struct
{
  const CdScanLimits *limits;
  CdScanFindingFunc   finding_func;
  CdScanFileFunc      file_func;
  gpointer            user_data;
  GCancellable       *cancellable;
} Walk;

static void
report (Walk             *walk,
        CdScanFileReport *file_report)
{
  if (walk->file_func != NULL)
    walk->file_func (file_report, walk->user_data);
}

static void
report_simple (Walk             *walk,
               const char       *path,
               CdScanFileStatus  status,
               const char       *content_type,
               goffset           size,
               const char       *reason)
{
  CdScanFileReport file_report = { 0, };

  file_report.file = path;
  file_report.status = status;
  file_report.content_type = content_type;
  file_report.size = size;
  file_report.reason = reason;
  report (walk, &file_report);
}

/**
 * cd_scan_text:
 * @file: the name findings are reported under
 * @text: bytes to search; UTF-8 text, or any bytes (identifiers are ASCII)
 * @counts: (inout) (optional): per-kind counts to add to
 *
 * Reports every identifier in @text.
 *
 * Returns: whether anything was found
 */
gboolean
cd_scan_text (const char        *file,
              const char        *text,
              gsize              len,
              CdScanFindingFunc  finding_func,
              gpointer           user_data,
              guint              counts[CD_N_DETECT_KINDS])
{
  g_autoptr(GArray) spans = cd_detect_scan (text, len, CD_DETECT_ALL_KINDS);

  for (guint i = 0; i < spans->len; i++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
      g_autofree char *masked = cd_detect_mask (span->kind, text + span->start, span->end - span->start);
      CdScanFinding finding = { file, NULL, 0, span->kind, masked };

      if (counts != NULL)
        counts[span->kind]++;
      if (finding_func != NULL)
        finding_func (&finding, user_data);
    }
  return spans->len > 0;
}

/* Reads at most @max bytes of @path; @size is the file's size when opened. */
static char *
read_head (const char  *path,
           gsize        max,
           gsize       *out_len,
           goffset     *size,
           GError     **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize len = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, _("Not a regular file any more"));
      return NULL;
    }

  *size = st.st_size;
  max = MIN (max, (gsize) st.st_size);
  buffer = g_malloc (max + 1);
  while (len < max)
    {
      gssize n = read (fd, buffer + len, max - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;   /* it shrank while being read: what was read is scanned */
      len += (gsize) n;
    }
  close (fd);
  buffer[len] = '\0';
  *out_len = len;
  return g_steal_pointer (&buffer);
}

static gboolean
has_prefix (const char *mime,
            const char *prefix)
{
  return mime != NULL && g_str_has_prefix (mime, prefix);
}

typedef enum
{
  KIND_TEXT,
  KIND_RAW,       /* binary whose text is stored as is (SQLite) */
  KIND_MEDIA,
  KIND_OTHER,
} FileKind;

static FileKind
classify (const char *path,
          const char *head,
          gsize       head_len,
          char      **out_type)
{
  gboolean uncertain = FALSE;
  g_autofree char *type = g_content_type_guess (path, (const guchar *) head, head_len, &uncertain);
  g_autofree char *mime = g_content_type_get_mime_type (type);
  gboolean utf16 = head_len >= 2 && (((guchar) head[0] == 0xff && (guchar) head[1] == 0xfe) ||
                                     ((guchar) head[0] == 0xfe && (guchar) head[1] == 0xff));
  FileKind kind;

  if (has_prefix (mime, "image/") || has_prefix (mime, "audio/") || has_prefix (mime, "video/"))
    kind = KIND_MEDIA;
  else if (g_strcmp0 (mime, "application/vnd.sqlite3") == 0 || g_strcmp0 (mime, "application/x-sqlite3") == 0 ||
           (head_len >= 16 && memcmp (head, "SQLite format 3", 16) == 0))
    kind = KIND_RAW;
  else if (utf16 || has_prefix (mime, "text/") || g_content_type_is_a (type, "text/plain") ||
           g_strcmp0 (mime, "application/json") == 0 || g_strcmp0 (mime, "application/xml") == 0 ||
           g_strcmp0 (mime, "application/x-yaml") == 0)
    kind = KIND_TEXT;
  else if (memchr (head, '\0', head_len) == NULL &&
           (uncertain || g_strcmp0 (mime, "application/octet-stream") == 0))
    kind = KIND_TEXT;   /* no NUL in the first bytes: text of a kind GIO does not know */
  else
    kind = KIND_OTHER;

  *out_type = g_strdup (mime != NULL ? mime : type);
  return kind;
}

static void
scan_file (Walk       *walk,
           const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reason = NULL;
  CdScanFileReport file_report = { 0, };
  CdCsvEncoding encoding = CD_CSV_ENCODING_UTF8;
  goffset size = 0;
  gsize len = 0;
  gsize text_len = 0;
  FileKind kind;

  data = read_head (path, (gsize) walk->limits->max_text_bytes, &len, &size, &error);
  if (data == NULL)
    {
      reason = g_strdup_printf (_("Could not be read: %s"), error->message);
      report_simple (walk, path, CD_SCAN_FILE_FAILED, NULL, 0, reason);
      return;
    }

  kind = classify (path, data, MIN (len, SNIFF_BYTES), &type);
  file_report.file = path;
  file_report.content_type = type;
  file_report.size = size;
  file_report.truncated = (goffset) len < size;

  switch (kind)
    {
    case KIND_MEDIA:
      file_report.status = CD_SCAN_FILE_REVIEW;
      file_report.reason = _("Image, audio or video: look at or listen to it for personal data");
      report (walk, &file_report);
      return;

    case KIND_OTHER:
      reason = g_strdup_printf (_("Files of this kind (%s) are not read yet: open it and check by hand"), type);
      file_report.status = CD_SCAN_FILE_REVIEW;
      file_report.reason = reason;
      report (walk, &file_report);
      return;

    case KIND_RAW:
      file_report.encoding = "raw";
      cd_scan_text (path, data, len, walk->finding_func, walk->user_data, file_report.counts);
      file_report.status = CD_SCAN_FILE_SCANNED;
      report (walk, &file_report);
      return;

    case KIND_TEXT:
    default:
      break;
    }

  /* A text file cut at the limit ends at its last whole line. */
  if (file_report.truncated)
    {
      const char *last = g_strrstr_len (data, (gssize) len, "\n");

      if (last != NULL)
        len = (gsize) (last - data) + 1;
    }

  text = cd_csv_decode_text (data, len, &encoding, &text_len, &error);
  if (text != NULL)
    {
      file_report.encoding = cd_csv_encoding_to_string (encoding);
      cd_scan_text (path, text, text_len, walk->finding_func, walk->user_data, file_report.counts);
    }
  else
    {
      /* Not clean text (a NUL, mixed encodings): the identifiers are ASCII,
       * so the bytes themselves are still searched. */
      file_report.encoding = "raw";
      cd_scan_text (path, data, len, walk->finding_func, walk->user_data, file_report.counts);
    }
  file_report.status = CD_SCAN_FILE_SCANNED;
  report (walk, &file_report);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean walk_path (Walk        *walk,
                           const char  *path,
                           guint        depth,
                           GError     **error);

/* Entries in name order, so two scans of the same folder agree. */
static gboolean
walk_dir (Walk        *walk,
          const char  *path,
          guint        depth,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &local_error);
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Folder could not be read: %s"), local_error->message);

      report_simple (walk, path, CD_SCAN_FILE_FAILED, "inode/directory", 0, reason);
      return TRUE;
    }
  if (depth >= walk->limits->max_depth)
    {
      report_simple (walk, path, CD_SCAN_FILE_REVIEW, "inode/directory", 0,
                     _("Folder nested too deep: not scanned"));
      return TRUE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, names->pdata[i], NULL);

      if (!walk_path (walk, child, depth + 1, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
walk_path (Walk        *walk,
           const char  *path,
           guint        depth,
           GError     **error)
{
  GStatBuf st;

  if (g_cancellable_set_error_if_cancelled (walk->cancellable, error))
    return FALSE;

  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;
      g_autofree char *reason = g_strdup_printf (_("Could not be read: %s"), g_strerror (saved));

      /* Gone since its folder was listed: reported, not fatal. */
      report_simple (walk, path, CD_SCAN_FILE_FAILED, NULL, 0, reason);
      return TRUE;
    }

  if (S_ISLNK (st.st_mode))
    {
      g_autofree char *target = g_file_read_link (path, NULL);
      g_autofree char *reason = g_strdup_printf (_("Symbolic link to “%s”: not followed"),
                                                 target != NULL ? target : "?");

      report_simple (walk, path, CD_SCAN_FILE_REVIEW, "inode/symlink", 0, reason);
      return TRUE;
    }
  if (S_ISDIR (st.st_mode))
    return walk_dir (walk, path, depth, error);
  if (!S_ISREG (st.st_mode))
    {
      report_simple (walk, path, CD_SCAN_FILE_REVIEW, NULL, 0,
                     _("Not a regular file (a device, socket or pipe): not read"));
      return TRUE;
    }

  scan_file (walk, path);
  return TRUE;
}

/**
 * cd_scan_paths:
 * @paths: (array zero-terminated=1): files and folders to scan
 * @limits: (nullable): %NULL for the defaults
 * @finding_func: (nullable): called for every identifier found
 * @file_func: (nullable): called once for every file (and for every folder
 *   that could not be read), after its findings
 *
 * Scans @paths in order, folders recursively in name order. A path that
 * does not exist is an error before anything is scanned; files that cannot
 * be read are reported through @file_func and the scan goes on.
 *
 * Returns: %FALSE if a path does not exist or the scan was cancelled
 */
gboolean
cd_scan_paths (const char * const *paths,
               const CdScanLimits *limits,
               CdScanFindingFunc   finding_func,
               CdScanFileFunc      file_func,
               gpointer            user_data,
               GCancellable       *cancellable,
               GError            **error)
{
  CdScanLimits default_limits;
  Walk walk;

  g_return_val_if_fail (paths != NULL, FALSE);

  if (limits == NULL)
    {
      cd_scan_limits_init_default (&default_limits);
      limits = &default_limits;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    {
      GStatBuf st;

      if (g_lstat (paths[i], &st) != 0)
        {
          g_autofree char *display = g_filename_display_name (paths[i]);

          g_set_error (error, CD_SCAN_ERROR, CD_SCAN_ERROR_NOT_FOUND,
                       _("“%s” does not exist or cannot be reached"), display);
          return FALSE;
        }
    }

  walk.limits = limits;
  walk.finding_func = finding_func;
  walk.file_func = file_func;
  walk.user_data = user_data;
  walk.cancellable = cancellable;

  for (guint i = 0; paths[i] != NULL; i++)
    if (!walk_path (&walk, paths[i], 0, error))
      return FALSE;
  return TRUE;
}
