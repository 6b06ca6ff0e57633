/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-vault: retained archives, a pax tar stream made with libarchive and
 * encrypted in the age v1 format (cd-age.h). See cd-vault.h.
 *
 * Writing: members are streamed (files read in chunks, never whole)
 * through a libarchive write callback into a CdAgeWriter, whose output
 * goes through a small hashing stream into g_file_replace(); the output
 * takes the place of an existing file only when everything succeeded.
 * Regular files, folders and symbolic links (stored as links, never
 * followed) are kept with their mode bits and modification time, not their
 * owners; other kinds of file (sockets, FIFOs, devices) are skipped and
 * counted (g_debug): a vault keeps documents, not live system objects. A
 * file with several hard links is stored once per name, as a plain file.
 *
 * Reading: a libarchive read callback pulls plaintext from a CdAgeReader,
 * which only ever returns authenticated chunks; only the tar format is
 * accepted (no filters). Every member name is checked here before it is
 * reported or written (absolute, "..", empty components, invalid UTF-8),
 * and restore creates each member with archive_write_disk's secure flags as
 * a second line of defence. Errors of the age layer keep their domain.
 *
 * Names: libarchive converts names between the charset of LC_CTYPE and the
 * UTF-8 of pax headers. The vault functions switch the calling thread to a
 * UTF-8 LC_CTYPE (uselocale) while they run, so names are stored and read
 * as UTF-8 even in a process running under the "C" locale; GLib's
 * convention is that file names are UTF-8 too. */

#include "config.h"

#define G_LOG_DOMAIN "cd-vault"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-age.h"
#include "cd-sha256.h"
#include "cd-vault.h"

#define FILE_BUF_BYTES    (256 * 1024)
#define READ_BUF_BYTES    (64 * 1024)
#define PROGRESS_STEP     (1024 * 1024)
/* Limits on what a vault may contain, enforced when writing and reading
 * alike so that every vault we write can be read back. */
#define MAX_MEMBERS       1000000
#define MAX_NAME_BYTES    4096
#define MAX_DEPTH         256
#define DISPLAY_CHARS     120

G_DEFINE_QUARK (cd_vault_error_quark, cd_vault_error)

/* ------------------------------------------------------------------ */
/* A UTF-8 LC_CTYPE for the calling thread                            */

typedef struct
{
  locale_t utf8;
  locale_t saved;
} Utf8Locale;

static void
utf8_locale_enter (Utf8Locale *l)
{
  locale_t base;

  l->utf8 = (locale_t) 0;
  l->saved = (locale_t) 0;
  /* Only LC_CTYPE changes: messages stay in the user's language. */
  base = duplocale (LC_GLOBAL_LOCALE);
  if (base == (locale_t) 0)
    return;
  l->utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", base);
  if (l->utf8 == (locale_t) 0)
    {
      freelocale (base);
      g_debug ("no C.UTF-8 locale: names follow the process locale");
      return;
    }
  l->saved = uselocale (l->utf8);
}

static void
utf8_locale_leave (Utf8Locale *l)
{
  if (l->utf8 == (locale_t) 0)
    return;
  uselocale (l->saved);
  freelocale (l->utf8);
  l->utf8 = (locale_t) 0;
}

/* ------------------------------------------------------------------ */
/* Names                                                              */

/* A member name as it may appear in a message: valid UTF-8, no control
 * characters (a name could otherwise rewrite a terminal line), bounded. */
static char *
display_member (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *out = g_string_new (NULL);
  const char *p = valid;

  for (guint n = 0; *p != '\0' && n < DISPLAY_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static char *
display_path (const char *path)
{
  g_autofree char *name = g_filename_display_name (path);

  return display_member (name);
}

static gboolean
unsafe_name (GError    **error,
             const char *name,
             const char *reason)
{
  g_autofree char *shown = display_member (name);

  /* Translators: the first %s is a file name inside a vault, the second
   * says what is wrong with it. */
  g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_UNSAFE_NAME,
               _("The vault contains a member with an unsafe name, “%s” (%s); such a member is never restored"),
               shown, reason);
  return FALSE;
}

/* Checks a member name from a vault (or a name asked for) and returns it
 * in the form used for the destination: '/'-separated, without "."
 * components or a trailing '/'. The vault's own root ("./") gives "". */
static char *
member_path (const char *name,
             GError    **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) out = NULL;
  gsize len = strlen (name);
  guint n_parts;

  if (!g_utf8_validate (name, (gssize) len, NULL))
    {
      unsafe_name (error, name, _("not valid UTF-8"));
      return NULL;
    }
  if (len == 0)
    {
      unsafe_name (error, name, _("empty"));
      return NULL;
    }
  if (len > MAX_NAME_BYTES)
    {
      unsafe_name (error, name, _("too long"));
      return NULL;
    }
  if (name[0] == '/')
    {
      unsafe_name (error, name, _("an absolute path"));
      return NULL;
    }

  parts = g_strsplit (name, "/", -1);
  n_parts = g_strv_length (parts);
  if (n_parts > MAX_DEPTH + 1)
    {
      unsafe_name (error, name, _("too deeply nested"));
      return NULL;
    }

  out = g_string_new (NULL);
  for (guint i = 0; i < n_parts; i++)
    {
      const char *part = parts[i];

      if (part[0] == '\0')
        {
          /* Only a folder's trailing '/' is allowed to be empty. */
          if (i > 0 && i == n_parts - 1)
            continue;
          unsafe_name (error, name, _("an empty path component"));
          return NULL;
        }
      if (strcmp (part, ".") == 0)
        continue;
      if (strcmp (part, "..") == 0)
        {
          unsafe_name (error, name, _("it climbs out of the folder with “..”"));
          return NULL;
        }
      if (out->len > 0)
        g_string_append_c (out, '/');
      g_string_append (out, part);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */
/* A stream that hashes what goes through it (the .age file's SHA-256) */

/* The hash runs on a thread of its own, a few blocks behind the writer:
 * SHA-256 costs more than tar and the encryption together, so on two
 * cores everything else hides behind it, as long as the hashing thread
 * never waits. What goes out is copied into blocks of HASH_BLOCK_BYTES,
 * each handed over once full: large blocks keep the hand-overs few, and
 * HASH_BLOCKS of them let the writer run ahead through a slow read or
 * write without the hash falling idle. They are all the memory it uses. */
#define HASH_BLOCK_BYTES (1024 * 1024)
#define HASH_BLOCKS      4

typedef struct
{
  guint8   *data;
  gsize     len;
  gboolean  last;
} HashBlock;

#define CD_TYPE_VAULT_HASH_STREAM (cd_vault_hash_stream_get_type ())
G_DECLARE_FINAL_TYPE (CdVaultHashStream, cd_vault_hash_stream, CD, VAULT_HASH_STREAM, GFilterOutputStream)

struct _CdVaultHashStream
{
  GFilterOutputStream           parent_instance;
  CdSha256                     *hash;       /* the hashing thread's */
  GThread                      *thread;
  HashBlock                     blocks[HASH_BLOCKS];
  GAsyncQueue                  *full;       /* HashBlock *, to hash */
  GAsyncQueue                  *empty;      /* HashBlock *, hashed */
  HashBlock                    *current;    /* the writer's */
  guint64                       size;
  gboolean                      finished;
  char                          hex[CD_SHA256_HEX_LENGTH + 1];
};

G_DEFINE_FINAL_TYPE (CdVaultHashStream, cd_vault_hash_stream, G_TYPE_FILTER_OUTPUT_STREAM)

static gpointer
hash_thread (gpointer data)
{
  CdVaultHashStream *self = data;
  gboolean last = FALSE;

  while (!last)
    {
      HashBlock *block = g_async_queue_pop (self->full);

      cd_sha256_update (self->hash, block->data, block->len);
      last = block->last;
      block->len = 0;
      g_async_queue_push (self->empty, block);
    }
  return NULL;
}

static gssize
cd_vault_hash_stream_write (GOutputStream *stream,
                            const void    *buffer,
                            gsize          count,
                            GCancellable  *cancellable,
                            GError       **error)
{
  CdVaultHashStream *self = CD_VAULT_HASH_STREAM (stream);
  GOutputStream *base = g_filter_output_stream_get_base_stream (G_FILTER_OUTPUT_STREAM (stream));
  gssize n = g_output_stream_write (base, buffer, count, cancellable, error);
  const guint8 *p = buffer;
  gsize left = n > 0 ? (gsize) n : 0;

  while (left > 0)
    {
      gsize take = MIN (left, HASH_BLOCK_BYTES - self->current->len);

      memcpy (self->current->data + self->current->len, p, take);
      self->current->len += take;
      p += take;
      left -= take;
      if (self->current->len == HASH_BLOCK_BYTES)
        {
          g_async_queue_push (self->full, self->current);
          self->current = g_async_queue_pop (self->empty);
        }
    }
  if (n > 0)
    self->size += (guint64) n;
  return n;
}

/* Waits for the hash of everything written; once. */
static const char *
hash_stream_finish (CdVaultHashStream *self)
{
  if (!self->finished)
    {
      self->finished = TRUE;
      self->current->last = TRUE;
      g_async_queue_push (self->full, g_steal_pointer (&self->current));
      g_thread_join (g_steal_pointer (&self->thread));
      cd_sha256_finish_hex (self->hash, self->hex);
    }
  return self->hex;
}

static void
cd_vault_hash_stream_finalize (GObject *object)
{
  CdVaultHashStream *self = CD_VAULT_HASH_STREAM (object);

  hash_stream_finish (self);
  g_async_queue_unref (self->full);
  g_async_queue_unref (self->empty);
  cd_sha256_free (self->hash);
  for (guint i = 0; i < HASH_BLOCKS; i++)
    g_free (self->blocks[i].data);
  G_OBJECT_CLASS (cd_vault_hash_stream_parent_class)->finalize (object);
}

static void
cd_vault_hash_stream_class_init (CdVaultHashStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_vault_hash_stream_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = cd_vault_hash_stream_write;
}

static void
cd_vault_hash_stream_init (CdVaultHashStream *self)
{
  self->hash = cd_sha256_new ();
  self->full = g_async_queue_new ();
  self->empty = g_async_queue_new ();
  /* Ciphertext only: ordinary memory. */
  for (guint i = 0; i < HASH_BLOCKS; i++)
    {
      self->blocks[i].data = g_malloc (HASH_BLOCK_BYTES);
      if (i > 0)
        g_async_queue_push (self->empty, &self->blocks[i]);
    }
  self->current = &self->blocks[0];
  self->thread = g_thread_new ("cd-vault-hash", hash_thread, self);
}

static GOutputStream *
hash_stream_new (GOutputStream *base)
{
  return g_object_new (CD_TYPE_VAULT_HASH_STREAM,
                       "base-stream", base,
                       "close-base-stream", FALSE,
                       NULL);
}

/* ------------------------------------------------------------------ */
/* Create                                                             */

typedef struct
{
  struct archive     *archive;
  CdAgeWriter        *writer;
  GCancellable       *cancellable;
  CdVaultProgressFunc progress;
  gpointer            user_data;
  /* The age layer's error, kept from the write callback. */
  GError             *write_error;
  gboolean            abandoned;
  guint64             tar_bytes;
  guint64             reported;
  guint               n_members;
  guint               n_skipped;
  guint64             content_bytes;
  guint8             *buf;
} CreateCtx;

static la_ssize_t
on_tar_write (struct archive *a,
              void           *user_data,
              const void     *buffer,
              size_t          length)
{
  CreateCtx *ctx = user_data;

  if (ctx->abandoned || ctx->write_error != NULL)
    return -1;
  if (!cd_age_writer_write (ctx->writer, buffer, length, ctx->cancellable, &ctx->write_error))
    {
      archive_set_error (a, EIO, "%s", ctx->write_error->message);
      return -1;
    }
  ctx->tar_bytes += length;
  if (ctx->progress != NULL && ctx->tar_bytes - ctx->reported >= PROGRESS_STEP)
    {
      ctx->reported = ctx->tar_bytes;
      ctx->progress (ctx->tar_bytes, ctx->user_data);
    }
  return (la_ssize_t) length;
}

/* A libarchive call failed: the age layer's error if there is one (a full
 * disk, a cancellation), else libarchive's. */
static gboolean
create_failed (CreateCtx  *ctx,
               const char *path,
               GError    **error)
{
  const char *message = archive_error_string (ctx->archive);
  g_autofree char *shown = NULL;

  if (ctx->write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&ctx->write_error));
      return FALSE;
    }
  if (path == NULL)
    {
      g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_FAILED,
                   _("The vault could not be written: %s"), message != NULL ? message : "?");
      return FALSE;
    }
  shown = display_path (path);
  g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_FAILED,
               _("“%s” could not be added to the vault: %s"), shown, message != NULL ? message : "?");
  return FALSE;
}

static gboolean
io_failed (GError    **error,
           int         errsv,
           const char *path)
{
  g_autofree char *shown = display_path (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Could not read “%s”: %s"), shown, g_strerror (errsv));
  return FALSE;
}

static gboolean
write_header (CreateCtx            *ctx,
              struct archive_entry *entry,
              const char           *path,
              GError              **error)
{
  /* A warning here is a name that could not be stored as UTF-8: an
   * error for a vault. */
  if (archive_write_header (ctx->archive, entry) != ARCHIVE_OK)
    return create_failed (ctx, path, error);
  ctx->n_members++;
  return TRUE;
}

static struct archive_entry *
entry_for (const char    *name,
           const GStatBuf *st)
{
  struct archive_entry *entry = archive_entry_new ();

  archive_entry_set_pathname (entry, name);
  archive_entry_set_perm (entry, st->st_mode & 07777);
  archive_entry_set_mtime (entry, st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
  return entry;
}

static gboolean
changed_while_reading (GError    **error,
                       const char *path)
{
  g_autofree char *shown = display_path (path);

  g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_FAILED,
               _("“%s” changed while it was being archived; try again when nothing is writing to it"),
               shown);
  return FALSE;
}

static gboolean
add_file (CreateCtx  *ctx,
          const char *path,
          const char *name,
          GError    **error)
{
  struct archive_entry *entry;
  GStatBuf st;
  guint64 left;
  gboolean ok;
  int fd;

  fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return io_failed (error, errno, path);
  if (fstat (fd, &st) != 0)
    {
      int errsv = errno;

      close (fd);
      return io_failed (error, errsv, path);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return changed_while_reading (error, path);
    }

  entry = entry_for (name, &st);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_size (entry, st.st_size);
  ok = write_header (ctx, entry, path, error);
  archive_entry_free (entry);

  left = (guint64) st.st_size;
  while (ok && left > 0)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
        {
          ok = FALSE;
          break;
        }
      n = read (fd, ctx->buf, (gsize) MIN (left, FILE_BUF_BYTES));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        ok = io_failed (error, errno, path);
      else if (n == 0)
        ok = changed_while_reading (error, path);
      else if (archive_write_data (ctx->archive, ctx->buf, (gsize) n) != n)
        ok = create_failed (ctx, path, error);
      else
        left -= (guint64) n;
    }
  /* A file that grew would be stored cut short. */
  if (ok)
    {
      gssize n;

      do
        n = read (fd, ctx->buf, 1);
      while (n < 0 && errno == EINTR);
      if (n != 0)
        ok = n < 0 ? io_failed (error, errno, path) : changed_while_reading (error, path);
    }
  close (fd);

  if (ok && archive_write_finish_entry (ctx->archive) != ARCHIVE_OK)
    ok = create_failed (ctx, path, error);
  if (ok)
    ctx->content_bytes += (guint64) st.st_size;
  return ok;
}

static gboolean
add_link (CreateCtx      *ctx,
          const char     *path,
          const char     *name,
          const GStatBuf *st,
          GError        **error)
{
  g_autofree char *target = NULL;
  struct archive_entry *entry;
  gboolean ok;

  target = g_file_read_link (path, error);
  if (target == NULL)
    return FALSE;
  if (!g_utf8_validate (target, -1, NULL) || strlen (target) > MAX_NAME_BYTES)
    {
      g_autofree char *shown = display_path (path);

      g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                   _("The link “%s” points to a name that cannot be stored (not UTF-8, or too long)"),
                   shown);
      return FALSE;
    }
  entry = entry_for (name, st);
  archive_entry_set_filetype (entry, AE_IFLNK);
  archive_entry_set_symlink (entry, target);
  ok = write_header (ctx, entry, path, error);
  archive_entry_free (entry);
  return ok;
}

static gboolean add_path (CreateCtx  *ctx,
                          const char *path,
                          const char *name,
                          guint       depth,
                          GError    **error);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
add_folder (CreateCtx      *ctx,
            const char     *path,
            const char     *name,
            const GStatBuf *st,
            guint           depth,
            GError        **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  struct archive_entry *entry;
  const char *child;
  gboolean ok;

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((child = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (children, g_strdup (child));
  /* Sorted, so that the same folder gives the same listing. */
  g_ptr_array_sort (children, compare_names);

  entry = entry_for (name, st);
  archive_entry_set_filetype (entry, AE_IFDIR);
  ok = write_header (ctx, entry, path, error);
  archive_entry_free (entry);

  for (guint i = 0; ok && i < children->len; i++)
    {
      const char *base = g_ptr_array_index (children, i);
      g_autofree char *child_path = g_build_filename (path, base, NULL);
      g_autofree char *child_name = NULL;

      if (!g_utf8_validate (base, -1, NULL))
        {
          g_autofree char *shown = display_path (child_path);

          g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                       _("The name of “%s” is not valid UTF-8; rename it and try again"), shown);
          return FALSE;
        }
      child_name = g_strconcat (name, "/", base, NULL);
      ok = add_path (ctx, child_path, child_name, depth + 1, error);
    }
  return ok;
}

static gboolean
add_path (CreateCtx  *ctx,
          const char *path,
          const char *name,
          guint       depth,
          GError    **error)
{
  GStatBuf st;

  if (g_cancellable_set_error_if_cancelled (ctx->cancellable, error))
    return FALSE;
  if (depth > MAX_DEPTH || strlen (name) > MAX_NAME_BYTES)
    {
      g_autofree char *shown = display_path (path);

      g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                   _("The path of “%s” is too long or too deep to be kept in a vault"), shown);
      return FALSE;
    }
  if (ctx->n_members >= MAX_MEMBERS)
    {
      g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                   _("Too many files for one vault (at most %u)"), (guint) MAX_MEMBERS);
      return FALSE;
    }
  if (g_lstat (path, &st) != 0)
    return io_failed (error, errno, path);

  if (S_ISREG (st.st_mode))
    return add_file (ctx, path, name, error);
  if (S_ISDIR (st.st_mode))
    return add_folder (ctx, path, name, &st, depth, error);
  if (S_ISLNK (st.st_mode))
    return add_link (ctx, path, name, &st, error);

  g_debug ("skipping a special file (mode %o)", (guint) (st.st_mode & S_IFMT));
  ctx->n_skipped++;
  return TRUE;
}

static gboolean
add_manifest (CreateCtx  *ctx,
              const char *json,
              GError    **error)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize len = strlen (json);
  gboolean ok;

  archive_entry_set_pathname (entry, CD_VAULT_MANIFEST_NAME);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_mtime (entry, g_get_real_time () / G_USEC_PER_SEC, 0);
  archive_entry_set_size (entry, (la_int64_t) len);
  ok = write_header (ctx, entry, NULL, error);
  archive_entry_free (entry);
  if (ok && len > 0 && archive_write_data (ctx->archive, json, len) != (la_ssize_t) len)
    ok = create_failed (ctx, NULL, error);
  if (ok && archive_write_finish_entry (ctx->archive) != ARCHIVE_OK)
    ok = create_failed (ctx, NULL, error);
  return ok;
}

static gboolean
invalid_request (GError    **error,
                 const char *message)
{
  g_set_error_literal (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID, message);
  return FALSE;
}

/* The canonical form of @path's folder (symbolic links resolved) and its
 * own name, for a file that may not exist yet. */
static char *
real_output_path (const char *path)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *parent = g_path_get_dirname (abs);
  g_autofree char *base = g_path_get_basename (abs);
  g_autofree char *real_parent = realpath (parent, NULL);

  if (real_parent == NULL)
    return g_steal_pointer (&abs);
  return g_build_filename (real_parent, base, NULL);
}

/* Checks the request; fills @names with each input's member name. */
static gboolean
check_request (const CdVaultCreateRequest *request,
               GPtrArray                  *names,
               GError                    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *output = NULL;
  gboolean has_recipients = request->recipients != NULL && request->recipients[0] != NULL;

  if (request->paths == NULL || request->paths[0] == NULL)
    return invalid_request (error, _("Nothing to keep: give at least one file or folder"));
  if (request->output == NULL || request->output[0] == '\0')
    return invalid_request (error, _("No file name was given for the vault"));
  if (!has_recipients && request->passphrase == NULL)
    return invalid_request (error, _("A vault needs at least one custodian's key or a passphrase"));
  /* The age format allows a passphrase only as the sole way to open a
   * file (the stock tool refuses anything else). */
  if (has_recipients && request->passphrase != NULL)
    return invalid_request (error, _("A vault is protected either by custodians' keys or by a passphrase, not both"));

  output = real_output_path (request->output);
  if (request->manifest_json != NULL)
    g_hash_table_add (seen, (gpointer) CD_VAULT_MANIFEST_NAME);

  for (guint i = 0; request->paths[i] != NULL; i++)
    {
      g_autofree char *abs = g_canonicalize_filename (request->paths[i], NULL);
      g_autofree char *shown = display_path (request->paths[i]);
      char *name;
      GStatBuf st;

      if (g_lstat (abs, &st) != 0)
        {
          int errsv = errno;

          g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                       _("“%s” cannot be kept: %s"), shown, g_strerror (errsv));
          return FALSE;
        }
      name = g_path_get_basename (abs);
      g_ptr_array_add (names, name);
      if (strcmp (name, "/") == 0 || !g_utf8_validate (name, -1, NULL))
        {
          g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                       _("“%s” cannot be kept under its name; choose a folder inside it, or rename it"),
                       shown);
          return FALSE;
        }
      if (!g_hash_table_add (seen, name))
        {
          g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                       _("Two of the files to keep have the same name, “%s”; a vault needs distinct names at its top"),
                       shown);
          return FALSE;
        }

      /* A vault written inside a folder it keeps would archive itself. */
      if (S_ISDIR (st.st_mode) || S_ISREG (st.st_mode))
        {
          g_autofree char *real = realpath (abs, NULL);

          if (real != NULL && strcmp (real, output) == 0)
            {
              g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                           _("The vault would replace “%s”, which it keeps; choose another file name"),
                           shown);
              return FALSE;
            }
          if (real != NULL && S_ISDIR (st.st_mode) &&
              (strcmp (real, "/") == 0 ||
               (g_str_has_prefix (output, real) && output[strlen (real)] == '/')))
            {
              g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                           _("The vault cannot be written inside “%s”, which it keeps; choose another place"),
                           shown);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Drops what a g_file_replace() stream wrote. Closing it cancelled keeps
 * the file it was replacing (GIO wrote to a temporary file); a file it
 * created is written in place, so it is deleted. */
static void
abandon_output (GOutputStream *out,
                GFile         *file,
                gboolean       existed)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (out, cancelled, NULL);
  if (!existed)
    g_file_delete (file, NULL, NULL);
}

static gboolean
create_members (CreateCtx                  *ctx,
                const CdVaultCreateRequest *request,
                GPtrArray                  *names,
                GError                    **error)
{
  ctx->archive = archive_write_new ();
  if (archive_write_set_format_pax_restricted (ctx->archive) != ARCHIVE_OK ||
      archive_write_open2 (ctx->archive, ctx, NULL, on_tar_write, NULL, NULL) != ARCHIVE_OK)
    return create_failed (ctx, NULL, error);

  if (request->manifest_json != NULL && !add_manifest (ctx, request->manifest_json, error))
    return FALSE;
  for (guint i = 0; request->paths[i] != NULL; i++)
    {
      g_autofree char *abs = g_canonicalize_filename (request->paths[i], NULL);

      if (!add_path (ctx, abs, g_ptr_array_index (names, i), 1, error))
        return FALSE;
    }
  if (archive_write_close (ctx->archive) != ARCHIVE_OK)
    return create_failed (ctx, NULL, error);
  return TRUE;
}

/**
 * cd_vault_create:
 *
 * Writes @request's files and folders into a new vault (see cd-vault.h
 * and the notes at the top of this file). Special files are skipped.
 * @info->content_bytes counts the files kept, not the manifest.
 */
gboolean
cd_vault_create (const CdVaultCreateRequest *request,
                 CdVaultInfo                *info,
                 GCancellable               *cancellable,
                 CdVaultProgressFunc         progress,
                 gpointer                    user_data,
                 GError                    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) out_file = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GOutputStream) hashed = NULL;
  CreateCtx ctx = { 0 };
  Utf8Locale locale;
  gboolean existed;
  gboolean ok;

  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_request (request, names, error))
    return FALSE;

  out_file = g_file_new_for_path (request->output);
  existed = g_file_query_exists (out_file, cancellable);
  out = g_file_replace (out_file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (out == NULL)
    return FALSE;
  hashed = hash_stream_new (G_OUTPUT_STREAM (out));

  ctx.writer = cd_age_writer_new (hashed, request->passphrase == NULL ? request->recipients : NULL,
                                  request->passphrase, request->scrypt_log_n, error);
  if (ctx.writer == NULL)
    {
      abandon_output (G_OUTPUT_STREAM (out), out_file, existed);
      return FALSE;
    }
  ctx.cancellable = cancellable;
  ctx.progress = progress;
  ctx.user_data = user_data;
  ctx.buf = g_malloc (FILE_BUF_BYTES);

  utf8_locale_enter (&locale);
  ok = create_members (&ctx, request, names, error);
  ctx.abandoned = !ok;
  if (ctx.archive != NULL)
    archive_write_free (ctx.archive);
  utf8_locale_leave (&locale);

  ok = ok &&
       cd_age_writer_finish (ctx.writer, cancellable, error) &&
       g_output_stream_close (hashed, cancellable, error) &&
       g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
  if (!ok)
    abandon_output (G_OUTPUT_STREAM (out), out_file, existed);
  g_clear_error (&ctx.write_error);
  cd_age_writer_free (ctx.writer);
  sodium_memzero (ctx.buf, FILE_BUF_BYTES);
  g_free (ctx.buf);
  if (!ok)
    return FALSE;

  if (ctx.n_skipped > 0)
    g_debug ("%u special files skipped", ctx.n_skipped);
  if (progress != NULL && ctx.reported != ctx.tar_bytes)
    progress (ctx.tar_bytes, user_data);
  if (info != NULL)
    {
      CdVaultHashStream *hs = CD_VAULT_HASH_STREAM (hashed);

      memset (info, 0, sizeof *info);
      info->size = hs->size;
      g_strlcpy (info->sha256, hash_stream_finish (hs), sizeof info->sha256);
      info->n_members = ctx.n_members;
      info->content_bytes = ctx.content_bytes;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */

typedef struct
{
  GInputStream   *in;
  CdAgeReader    *reader;
  struct archive *archive;
  GCancellable   *cancellable;
  /* The age layer's error (or a cancellation), from the read callback. */
  GError         *read_error;
  guint8         *buf;
  guint           n_members;
} VaultReader;

static la_ssize_t
on_tar_read (struct archive *a,
             void           *user_data,
             const void    **buffer)
{
  VaultReader *vr = user_data;
  gssize n;

  *buffer = vr->buf;
  if (vr->read_error != NULL)
    return -1;
  if (g_cancellable_set_error_if_cancelled (vr->cancellable, &vr->read_error))
    {
      archive_set_error (a, ECANCELED, "%s", vr->read_error->message);
      return -1;
    }
  n = cd_age_reader_read (vr->reader, vr->buf, READ_BUF_BYTES, vr->cancellable, &vr->read_error);
  if (n < 0)
    {
      archive_set_error (a, EIO, "%s", vr->read_error->message);
      return -1;
    }
  return n;
}

static gboolean
read_failed (VaultReader *vr,
             GError     **error)
{
  const char *message = archive_error_string (vr->archive);

  if (vr->read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&vr->read_error));
      return FALSE;
    }
  g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_ARCHIVE,
               _("The vault decrypts, but what it holds is not a valid tar archive (%s)"),
               message != NULL ? message : "?");
  return FALSE;
}

static void
vault_reader_clear (VaultReader *vr)
{
  if (vr->archive != NULL)
    archive_read_free (vr->archive);
  g_clear_pointer (&vr->reader, cd_age_reader_free);
  g_clear_object (&vr->in);
  g_clear_error (&vr->read_error);
  if (vr->buf != NULL)
    {
      sodium_memzero (vr->buf, READ_BUF_BYTES);
      g_free (vr->buf);
    }
  memset (vr, 0, sizeof *vr);
}

static gboolean
vault_reader_open (VaultReader        *vr,
                   const char         *vault,
                   const char * const *identities,
                   const char         *passphrase,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (vault);

  memset (vr, 0, sizeof *vr);
  vr->cancellable = cancellable;
  vr->in = G_INPUT_STREAM (g_file_read (file, cancellable, error));
  if (vr->in == NULL)
    return FALSE;
  vr->reader = cd_age_reader_new (vr->in, identities, passphrase, 0, cancellable, error);
  if (vr->reader == NULL)
    return FALSE;
  vr->buf = g_malloc (READ_BUF_BYTES);

  /* Tar only, no filters: a vault is never compressed, and nothing else
   * is worth the attack surface. */
  vr->archive = archive_read_new ();
  if (archive_read_support_format_tar (vr->archive) != ARCHIVE_OK ||
      archive_read_open2 (vr->archive, vr, NULL, on_tar_read, NULL, NULL) != ARCHIVE_OK)
    return read_failed (vr, error);
  return TRUE;
}

/* Reads the rest of the age payload after the end of the tar (its
 * padding), so the final chunk is authenticated too. */
static gboolean
vault_reader_drain (VaultReader *vr,
                    GError     **error)
{
  gssize n;

  if (vr->read_error != NULL)
    return read_failed (vr, error);
  do
    {
      if (g_cancellable_set_error_if_cancelled (vr->cancellable, error))
        return FALSE;
      n = cd_age_reader_read (vr->reader, vr->buf, READ_BUF_BYTES, vr->cancellable, error);
    }
  while (n > 0);
  return n == 0;
}

/* The next member, checked: @entry, @path (see member_path()), @stored
 * (the name @member points to) are set, or all NULL at the end of the
 * archive. */
static gboolean
vault_reader_next (VaultReader           *vr,
                   struct archive_entry **entry,
                   char                 **path,
                   char                 **stored,
                   CdVaultMember         *member,
                   GError               **error)
{
  const char *name;
  const char *target;
  int r;

  *entry = NULL;
  *path = NULL;
  *stored = NULL;
  r = archive_read_next_header (vr->archive, entry);
  if (r == ARCHIVE_EOF)
    {
      *entry = NULL;
      return TRUE;
    }
  if (vr->read_error != NULL || r < ARCHIVE_WARN)
    return read_failed (vr, error);

  name = archive_entry_pathname (*entry);
  if (name == NULL)
    name = "";
  if (r == ARCHIVE_WARN)
    {
      /* The tar reader warns when a name is not valid in the header's
       * charset; it then stores a replacement, so judge by the warning. */
      const char *message = archive_error_string (vr->archive);

      if (message != NULL && (g_str_has_prefix (message, "Pathname") || g_str_has_prefix (message, "Linkname")))
        return unsafe_name (error, name, _("not valid UTF-8"));
      return read_failed (vr, error);
    }

  if (++vr->n_members > MAX_MEMBERS)
    {
      g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_ARCHIVE,
                   _("The vault has more members than can be read (at most %u)"), (guint) MAX_MEMBERS);
      return FALSE;
    }

  memset (member, 0, sizeof *member);
  switch (archive_entry_hardlink (*entry) != NULL ? 0 : archive_entry_filetype (*entry))
    {
    case AE_IFREG:
      member->size = archive_entry_size_is_set (*entry) ? (guint64) archive_entry_size (*entry) : 0;
      break;
    case AE_IFDIR:
      member->is_dir = TRUE;
      break;
    case AE_IFLNK:
      member->is_link = TRUE;
      target = archive_entry_symlink (*entry);
      if (target == NULL || target[0] == '\0' || strlen (target) > MAX_NAME_BYTES ||
          !g_utf8_validate (target, -1, NULL))
        return unsafe_name (error, name, _("a link to an invalid name"));
      break;
    default:
      {
        g_autofree char *shown = display_member (name);

        /* Hard links, devices, FIFOs: never in a vault we write. */
        g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_ARCHIVE,
                     _("The vault contains “%s”, which is neither a file, a folder nor a symbolic link"),
                     shown);
        return FALSE;
      }
    }

  *path = member_path (name, error);
  if (*path == NULL)
    return FALSE;
  /* The name as stored, without the '/' a tar writer adds to folders. */
  *stored = g_strdup (name);
  if (strlen (*stored) > 1 && g_str_has_suffix (*stored, "/"))
    (*stored)[strlen (*stored) - 1] = '\0';
  member->name = *stored;
  member->mtime = archive_entry_mtime (*entry);
  return TRUE;
}

/**
 * cd_vault_verify:
 *
 * See cd-vault.h. When @func stops the walk, the rest of the vault is
 * neither read nor verified and %TRUE is returned.
 */
gboolean
cd_vault_verify (const char         *vault,
                 const char * const *identities,
                 const char         *passphrase,
                 CdVaultMemberFunc   func,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  VaultReader vr;
  Utf8Locale locale;
  gboolean ok = TRUE;
  gboolean stopped = FALSE;

  g_return_val_if_fail (vault != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  utf8_locale_enter (&locale);
  ok = vault_reader_open (&vr, vault, identities, passphrase, cancellable, error);
  while (ok && !stopped)
    {
      struct archive_entry *entry;
      g_autofree char *path = NULL;
      g_autofree char *stored = NULL;
      CdVaultMember member;

      ok = vault_reader_next (&vr, &entry, &path, &stored, &member, error);
      if (!ok || entry == NULL)
        break;
      /* Skipping reads (and so authenticates) the data: the archive has
       * no skip callback. */
      if (archive_read_data_skip (vr.archive) != ARCHIVE_OK)
        ok = read_failed (&vr, error);
      else if (func != NULL && !func (&member, user_data))
        stopped = TRUE;
    }
  if (ok && !stopped)
    ok = vault_reader_drain (&vr, error);
  vault_reader_clear (&vr);
  utf8_locale_leave (&locale);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Restore                                                            */

typedef struct
{
  VaultReader     vr;
  struct archive *disk;
  char           *dest;          /* canonical */
  char          **filters;       /* member_path() forms, or NULL for all */
  gboolean       *matched;
  gboolean        overwrite;
} Restore;

static gboolean
selected (Restore    *rs,
          const char *path)
{
  gboolean any = FALSE;

  if (rs->filters == NULL)
    return TRUE;
  for (guint i = 0; rs->filters[i] != NULL; i++)
    {
      const char *f = rs->filters[i];
      gsize len = strlen (f);

      /* A folder's name takes what is below it, at '/' boundaries. */
      if (strcmp (path, f) == 0 || (strncmp (path, f, len) == 0 && path[len] == '/'))
        {
          rs->matched[i] = TRUE;
          any = TRUE;
        }
    }
  return any;
}

static gboolean
disk_failed (Restore    *rs,
             const char *name,
             GError    **error)
{
  const char *message = archive_error_string (rs->disk);
  g_autofree char *shown = display_member (name);

  g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_FAILED,
               _("“%s” could not be restored: %s"), shown, message != NULL ? message : "?");
  return FALSE;
}

/* Copies a file member's data. On failure the caller removes the file. */
static gboolean
restore_data (Restore                *rs,
              const CdVaultMember    *member,
              GError                **error)
{
  for (;;)
    {
      const void *block;
      size_t size;
      la_int64_t offset;
      int r = archive_read_data_block (rs->vr.archive, &block, &size, &offset);

      if (r == ARCHIVE_EOF)
        return TRUE;
      if (r != ARCHIVE_OK)
        return read_failed (&rs->vr, error);
      if (g_cancellable_set_error_if_cancelled (rs->vr.cancellable, error))
        return FALSE;
      if (archive_write_data_block (rs->disk, block, size, offset) != ARCHIVE_OK)
        return disk_failed (rs, member->name, error);
    }
}

static gboolean
restore_member (Restore              *rs,
                struct archive_entry *entry,
                const char           *path,
                const CdVaultMember  *member,
                GError              **error)
{
  g_autofree char *target = g_build_filename (rs->dest, path, NULL);
  GStatBuf st;
  gboolean ok;

  if (g_lstat (target, &st) == 0 && !rs->overwrite && !(member->is_dir && S_ISDIR (st.st_mode)))
    {
      g_autofree char *shown = display_member (member->name);

      g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_EXISTS,
                   _("“%s” already exists in the destination folder; nothing was overwritten"), shown);
      return FALSE;
    }

  /* libarchive is given the full path: it has no base folder of its own
   * (tar tools chdir(), which a library in a threaded app must not). The
   * name has been checked above; the secure flags check again, and refuse
   * to write through a symbolic link. Set-id and sticky bits are dropped. */
  archive_entry_copy_pathname (entry, target);
  archive_entry_set_perm (entry, archive_entry_perm (entry) & 0777);
  if (archive_write_header (rs->disk, entry) < ARCHIVE_WARN)
    return disk_failed (rs, member->name, error);

  ok = TRUE;
  if (!member->is_dir && !member->is_link)
    ok = restore_data (rs, member, error);
  if (ok && archive_write_finish_entry (rs->disk) < ARCHIVE_WARN)
    ok = disk_failed (rs, member->name, error);
  if (!ok && !member->is_dir)
    {
      /* Nothing of a member that failed half-way is left: close libarchive's
       * descriptor first, then remove what it wrote. */
      archive_write_free (g_steal_pointer (&rs->disk));
      g_unlink (target);
    }
  return ok;
}

static gboolean
restore_prepare (Restore            *rs,
                 const char         *dest_dir,
                 const char * const *members,
                 GError            **error)
{
  if (members != NULL && members[0] != NULL)
    {
      guint n = g_strv_length ((char **) members);

      rs->filters = g_new0 (char *, n + 1);
      rs->matched = g_new0 (gboolean, n);
      for (guint i = 0; i < n; i++)
        {
          rs->filters[i] = member_path (members[i], error);
          if (rs->filters[i] == NULL)
            return FALSE;
          if (rs->filters[i][0] == '\0')
            {
              /* "." asks for everything. */
              g_clear_pointer (&rs->filters, g_strfreev);
              g_clear_pointer (&rs->matched, g_free);
              break;
            }
        }
    }

  if (g_mkdir_with_parents (dest_dir, 0700) != 0)
    {
      int errsv = errno;
      g_autofree char *shown = display_path (dest_dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not create the folder “%s”: %s"), shown, g_strerror (errsv));
      return FALSE;
    }
  rs->dest = realpath (dest_dir, NULL);
  if (rs->dest == NULL)
    {
      int errsv = errno;
      g_autofree char *shown = display_path (dest_dir);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not open the folder “%s”: %s"), shown, g_strerror (errsv));
      return FALSE;
    }

  rs->disk = archive_write_disk_new ();
  archive_write_disk_set_options (rs->disk,
                                  ARCHIVE_EXTRACT_TIME |
                                  ARCHIVE_EXTRACT_PERM |
                                  ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                  ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                  (rs->overwrite ? 0 : ARCHIVE_EXTRACT_NO_OVERWRITE));
  return TRUE;
}

static gboolean
restore_check_matched (Restore            *rs,
                       const char * const *members,
                       GError            **error)
{
  if (rs->filters == NULL)
    return TRUE;
  for (guint i = 0; rs->filters[i] != NULL; i++)
    if (!rs->matched[i])
      {
        g_autofree char *shown = display_member (members[i]);

        g_set_error (error, CD_VAULT_ERROR, CD_VAULT_ERROR_INVALID,
                     _("The vault has no member named “%s”"), shown);
        return FALSE;
      }
  return TRUE;
}

/**
 * cd_vault_restore:
 *
 * See cd-vault.h. Folders that already exist are merged into; any other
 * existing name is an error (%CD_VAULT_ERROR_EXISTS) unless @overwrite.
 * @func is called after each member has been restored; when it stops the
 * walk, %TRUE is returned and the rest of the vault is not read. A name in
 * @members that matches nothing is an error (%CD_VAULT_ERROR_INVALID),
 * reported after the walk.
 */
gboolean
cd_vault_restore (const char         *vault,
                  const char * const *identities,
                  const char         *passphrase,
                  const char         *dest_dir,
                  const char * const *members,
                  gboolean            overwrite,
                  CdVaultMemberFunc   func,
                  gpointer            user_data,
                  GCancellable       *cancellable,
                  GError            **error)
{
  Restore rs = { 0 };
  Utf8Locale locale;
  gboolean ok;
  gboolean stopped = FALSE;

  g_return_val_if_fail (vault != NULL, FALSE);
  g_return_val_if_fail (dest_dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rs.overwrite = overwrite;
  utf8_locale_enter (&locale);
  ok = vault_reader_open (&rs.vr, vault, identities, passphrase, cancellable, error) &&
       restore_prepare (&rs, dest_dir, members, error);
  while (ok && !stopped)
    {
      struct archive_entry *entry;
      g_autofree char *path = NULL;
      g_autofree char *stored = NULL;
      CdVaultMember member;

      ok = vault_reader_next (&rs.vr, &entry, &path, &stored, &member, error);
      if (!ok || entry == NULL)
        break;
      if (path[0] == '\0' || !selected (&rs, path))
        {
          if (archive_read_data_skip (rs.vr.archive) != ARCHIVE_OK)
            ok = read_failed (&rs.vr, error);
          continue;
        }
      ok = restore_member (&rs, entry, path, &member, error);
      if (ok && func != NULL && !func (&member, user_data))
        stopped = TRUE;
    }
  if (ok && !stopped)
    ok = vault_reader_drain (&rs.vr, error);

  /* Closing sets the folders' times and modes, last. */
  if (rs.disk != NULL)
    {
      if (archive_write_close (rs.disk) < ARCHIVE_WARN && ok)
        ok = disk_failed (&rs, dest_dir, error);
      archive_write_free (rs.disk);
    }
  if (ok && !stopped)
    ok = restore_check_matched (&rs, members, error);

  vault_reader_clear (&rs.vr);
  utf8_locale_leave (&locale);
  free (rs.dest);
  g_strfreev (rs.filters);
  g_free (rs.matched);
  return ok;
}
