/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-shred: overwrite in place, read back, truncate, rename, unlink.
 *
 * A file is opened once (no symbolic link followed, regular files with a
 * single name only) and overwritten through that descriptor: passes of
 * zeros and ones, the last one random. The random pass is a ChaCha20 key
 * stream from a key made for this file, so it can be generated again and
 * compared with what the disk gives back (the page cache is dropped first,
 * so the read comes from the device where the kernel allows). Then the
 * file is truncated, synced, renamed to a random name in its folder and
 * unlinked, and the folder is synced, so that neither the data nor the
 * name survives in the file system's structures that an overwrite can
 * reach.
 *
 * cd_shred_assess() says what the storage lets an overwrite achieve
 * (NIST SP 800-88 Rev. 1): "Clear" on a local magnetic disk with a file
 * system that writes in place; "not assured" otherwise, with the reasons.
 * It reads /proc/self/mountinfo and /sys/dev/block (Linux). */

#include "config.h"

#define G_LOG_DOMAIN "cd-shred"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-fs.h"
#include "cd-shred.h"

#define BUFFER_SIZE     (1024 * 1024)
#define MAX_DEVICE_HOPS 4

G_DEFINE_QUARK (cd_shred_error_quark, cd_shred_error)

/* -- what the storage allows ------------------------------------------------------ */

static const struct
{
  CdShredCaveats caveat;
  const char    *id;
  const char    *label;
} caveats[] = {
  { CD_SHRED_CAVEAT_FLASH, "flash",
    N_("Flash storage (SSD, memory card, USB stick): wear levelling keeps old copies an overwrite cannot reach") },
  { CD_SHRED_CAVEAT_UNKNOWN_MEDIA, "unknown-media",
    N_("The storage device could not be identified") },
  { CD_SHRED_CAVEAT_COPY_ON_WRITE, "copy-on-write",
    N_("Copy-on-write file system: an overwrite is written to new blocks and the old ones remain") },
  { CD_SHRED_CAVEAT_JOURNALED_DATA, "journaled-data",
    N_("The file system journals data: copies may remain in the journal") },
  { CD_SHRED_CAVEAT_NETWORK, "network",
    N_("Network storage: the server decides what happens to the old data") },
  { CD_SHRED_CAVEAT_MEMORY, "memory",
    N_("Memory file system: the data may have been written to swap") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (caveats) == CD_SHRED_N_CAVEATS);

const char *
cd_shred_caveat_get_id (CdShredCaveats caveat)
{
  for (guint i = 0; i < G_N_ELEMENTS (caveats); i++)
    if (caveats[i].caveat == caveat)
      return caveats[i].id;
  g_return_val_if_reached (NULL);
}

const char *
cd_shred_caveat_get_label (CdShredCaveats caveat)
{
  for (guint i = 0; i < G_N_ELEMENTS (caveats); i++)
    if (caveats[i].caveat == caveat)
      return _(caveats[i].label);
  g_return_val_if_reached (NULL);
}

const char *
cd_shred_category_get_id (CdShredCategory category)
{
  return category == CD_SHRED_CATEGORY_CLEAR ? "clear" : "not-assured";
}

const char *
cd_shred_category_get_label (CdShredCategory category)
{
  /* Translators: NIST SP 800-88 sanitization categories */
  return category == CD_SHRED_CATEGORY_CLEAR ? C_("nist", "Clear") : C_("nist", "Not assured");
}

void
cd_shred_assessment_free (CdShredAssessment *assessment)
{
  if (assessment == NULL)
    return;
  g_free (assessment->mount_point);
  g_free (assessment->fs_type);
  g_free (assessment->device);
  g_free (assessment);
}

static const char * const copy_on_write_fs[] = {
  "btrfs", "zfs", "f2fs", "nilfs2", "bcachefs", "jffs2", "ubifs", "yaffs2", "overlay", NULL,
};

static const char * const network_fs[] = {
  "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre", "davfs",
  "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.gvfsd-fuse", "fuse.glusterfs", NULL,
};

static const char * const memory_fs[] = { "tmpfs", "ramfs", NULL };

/* Mount point fields escape space, tab, newline and backslash as octal. */
static char *
unescape_mountinfo (const char *field)
{
  GString *out = g_string_new (NULL);

  for (const char *p = field; *p != '\0'; p++)
    {
      if (p[0] == '\\' && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2]) && g_ascii_isdigit (p[3]))
        {
          g_string_append_c (out, (char) (((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0')));
          p += 3;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
path_is_under (const char *path,
               const char *mount_point)
{
  gsize len = strlen (mount_point);

  if (strcmp (mount_point, "/") == 0)
    return TRUE;
  return strncmp (path, mount_point, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* The mount of @real_path (with device @dev): the longest mount point above
 * it with that device, or above it at all. */
static gboolean
find_mount (const char         *real_path,
            dev_t               dev,
            CdShredAssessment  *assessment,
            char              **out_super_options,
            GError            **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize best = 0;
  gboolean best_same_dev = FALSE;

  if (!g_file_get_contents ("/proc/self/mountinfo", &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", -1);
      guint n = g_strv_length (fields);
      guint dash = 0;
      guint major_no = 0, minor_no = 0;
      g_autofree char *mount_point = NULL;
      gboolean same_dev;
      gsize len;

      if (n < 10)
        continue;
      for (guint f = 6; f < n; f++)
        if (strcmp (fields[f], "-") == 0)
          {
            dash = f;
            break;
          }
      if (dash == 0 || dash + 3 >= n)
        continue;
      if (sscanf (fields[2], "%u:%u", &major_no, &minor_no) != 2)
        continue;
      mount_point = unescape_mountinfo (fields[4]);
      if (!path_is_under (real_path, mount_point))
        continue;
      same_dev = makedev (major_no, minor_no) == dev;
      len = strlen (mount_point);
      /* The right device beats a longer path; among equals, the deepest. */
      if ((same_dev && !best_same_dev) || (same_dev == best_same_dev && len >= best))
        {
          best = len;
          best_same_dev = same_dev;
          g_free (assessment->mount_point);
          g_free (assessment->fs_type);
          g_free (assessment->device);
          assessment->mount_point = g_steal_pointer (&mount_point);
          assessment->fs_type = g_strdup (fields[dash + 1]);
          assessment->device = unescape_mountinfo (fields[dash + 2]);
          g_free (*out_super_options);
          *out_super_options = g_strdup (fields[dash + 3]);
        }
    }
  if (assessment->mount_point == NULL)
    {
      g_set_error_literal (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED,
                           _("The file system of the file could not be found"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_sys_flag (const char *path,
               gboolean   *out)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  g_strstrip (text);
  if (strcmp (text, "0") != 0 && strcmp (text, "1") != 0)
    return FALSE;
  *out = text[0] == '1';
  return TRUE;
}

static CdShredCaveats device_caveats (dev_t dev, guint hops, gboolean *rotational);

/* A loop device's backing file, a device-mapper or md device's parts. */
static CdShredCaveats
sys_block_caveats (const char *sys_dir,
                   guint       hops,
                   gboolean   *rotational)
{
  g_autofree char *backing = g_build_filename (sys_dir, "loop", "backing_file", NULL);
  g_autofree char *slaves_dir = g_build_filename (sys_dir, "slaves", NULL);
  g_autofree char *queue = g_build_filename (sys_dir, "queue", "rotational", NULL);
  g_autofree char *backing_path = NULL;
  g_autoptr(GDir) slaves = NULL;
  const char *name;
  CdShredCaveats found = CD_SHRED_CAVEAT_NONE;
  gboolean any = FALSE;
  gboolean all_rotational = TRUE;

  if (g_file_get_contents (backing, &backing_path, NULL, NULL))
    {
      GStatBuf st;

      g_strstrip (backing_path);
      if (g_stat (backing_path, &st) == 0)
        return device_caveats (st.st_dev, hops + 1, rotational);
      return CD_SHRED_CAVEAT_UNKNOWN_MEDIA;
    }

  slaves = g_dir_open (slaves_dir, 0, NULL);
  while (slaves != NULL && (name = g_dir_read_name (slaves)) != NULL)
    {
      g_autofree char *dev_file = g_build_filename (slaves_dir, name, "dev", NULL);
      g_autofree char *text = NULL;
      guint major_no = 0, minor_no = 0;
      gboolean part_rotational = FALSE;

      any = TRUE;
      if (!g_file_get_contents (dev_file, &text, NULL, NULL) ||
          sscanf (text, "%u:%u", &major_no, &minor_no) != 2)
        {
          found |= CD_SHRED_CAVEAT_UNKNOWN_MEDIA;
          continue;
        }
      found |= device_caveats (makedev (major_no, minor_no), hops + 1, &part_rotational);
      all_rotational &= part_rotational;
    }
  if (any)
    {
      *rotational = all_rotational && (found & (CD_SHRED_CAVEAT_FLASH | CD_SHRED_CAVEAT_UNKNOWN_MEDIA)) == 0;
      return found;
    }

  if (!read_sys_flag (queue, rotational))
    return CD_SHRED_CAVEAT_UNKNOWN_MEDIA;
  return *rotational ? CD_SHRED_CAVEAT_NONE : CD_SHRED_CAVEAT_FLASH;
}

static CdShredCaveats
device_caveats (dev_t     dev,
                guint     hops,
                gboolean *rotational)
{
  g_autofree char *link = g_strdup_printf ("/sys/dev/block/%u:%u", major (dev), minor (dev));
  g_autofree char *sys_dir = NULL;
  g_autofree char *partition = NULL;

  *rotational = FALSE;
  if (hops > MAX_DEVICE_HOPS || major (dev) == 0)
    return CD_SHRED_CAVEAT_UNKNOWN_MEDIA;
  sys_dir = realpath (link, NULL);
  if (sys_dir == NULL)
    return CD_SHRED_CAVEAT_UNKNOWN_MEDIA;
  /* A partition's queue is its disk's. */
  partition = g_build_filename (sys_dir, "partition", NULL);
  if (g_file_test (partition, G_FILE_TEST_EXISTS))
    {
      g_autofree char *disk = g_path_get_dirname (sys_dir);

      return sys_block_caveats (disk, hops, rotational);
    }
  return sys_block_caveats (sys_dir, hops, rotational);
}

/**
 * cd_shred_assess:
 * @path: an existing file or folder
 *
 * Returns: (transfer full): what an overwrite of @path can achieve, or
 * %NULL with @error set
 */
CdShredAssessment *
cd_shred_assess (const char  *path,
                 GError     **error)
{
  g_autoptr(CdShredAssessment) assessment = g_new0 (CdShredAssessment, 1);
  g_autofree char *real_path = NULL;
  g_autofree char *super_options = NULL;
  GStatBuf st;
  dev_t dev;

  g_return_val_if_fail (path != NULL, NULL);

  real_path = realpath (path, NULL);
  if (real_path == NULL || g_stat (real_path, &st) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (!find_mount (real_path, st.st_dev, assessment, &super_options, error))
    return NULL;

  if (g_strv_contains (network_fs, assessment->fs_type) || g_str_has_prefix (assessment->fs_type, "nfs") ||
      (g_str_has_prefix (assessment->fs_type, "fuse.") && strstr (assessment->fs_type, "ssh") != NULL))
    assessment->caveats |= CD_SHRED_CAVEAT_NETWORK;
  if (g_strv_contains (memory_fs, assessment->fs_type))
    assessment->caveats |= CD_SHRED_CAVEAT_MEMORY;
  if (g_strv_contains (copy_on_write_fs, assessment->fs_type))
    assessment->caveats |= CD_SHRED_CAVEAT_COPY_ON_WRITE;
  if ((g_str_equal (assessment->fs_type, "ext3") || g_str_equal (assessment->fs_type, "ext4")) &&
      super_options != NULL && strstr (super_options, "data=journal") != NULL)
    assessment->caveats |= CD_SHRED_CAVEAT_JOURNALED_DATA;

  /* The block device: the mount's source when it is one (btrfs files have
   * an anonymous device number), else the file's device. */
  dev = st.st_dev;
  if (g_str_has_prefix (assessment->device, "/dev/"))
    {
      GStatBuf dev_st;

      if (g_stat (assessment->device, &dev_st) == 0 && S_ISBLK (dev_st.st_mode))
        dev = dev_st.st_rdev;
    }
  if ((assessment->caveats & (CD_SHRED_CAVEAT_NETWORK | CD_SHRED_CAVEAT_MEMORY)) == 0)
    assessment->caveats |= device_caveats (dev, 0, &assessment->rotational);

  assessment->category = assessment->caveats == CD_SHRED_CAVEAT_NONE ? CD_SHRED_CATEGORY_CLEAR
                                                                      : CD_SHRED_CATEGORY_NOT_ASSURED;
  return g_steal_pointer (&assessment);
}

/* -- overwriting ------------------------------------------------------------------ */

typedef enum
{
  STEP_OPEN,
  STEP_OVERWRITE,
  STEP_READ_BACK,
  STEP_TRUNCATE,
  STEP_RENAME,
  STEP_REMOVE,
} Step;

static gboolean
io_error (GError    **error,
          const char *path,
          Step        step,
          int         saved)
{
  g_autofree char *display = g_filename_display_basename (path);
  const char *reason = g_strerror (saved);

  /* Translators: the first %s is a file name, the second why, e.g. "No space left on device" */
  switch (step)
    {
    case STEP_OPEN:
      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED, _("Could not open “%s”: %s"), display, reason);
      break;
    case STEP_OVERWRITE:
      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED, _("Could not overwrite “%s”: %s"), display, reason);
      break;
    case STEP_READ_BACK:
      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED, _("Could not read “%s” back: %s"), display, reason);
      break;
    case STEP_TRUNCATE:
      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED, _("Could not truncate “%s”: %s"), display, reason);
      break;
    case STEP_RENAME:
      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED,
                   _("Could not rename “%s” before removing it: %s"), display, reason);
      break;
    case STEP_REMOVE:
    default:
      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED, _("Could not remove “%s”: %s"), display, reason);
      break;
    }
  return FALSE;
}

static gboolean
write_all (int          fd,
           const guint8 *data,
           gsize         len,
           off_t         offset)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, len, offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
      offset += n;
    }
  return TRUE;
}

static gssize
read_full (int     fd,
           guint8 *data,
           gsize   len,
           off_t   offset)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = pread (fd, data + done, len - done, offset + (off_t) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += (gsize) n;
    }
  return (gssize) done;
}

/* The random pass: a ChaCha20 key stream, at byte @offset. */
static void
random_block (guint8       *out,
              gsize         len,
              off_t         offset,
              const guint8  key[crypto_stream_chacha20_ietf_KEYBYTES],
              const guint8  nonce[crypto_stream_chacha20_ietf_NONCEBYTES])
{
  /* Blocks of 64 bytes: offsets are multiples of BUFFER_SIZE. */
  memset (out, 0, len);
  crypto_stream_chacha20_ietf_xor_ic (out, out, len, nonce, (uint32_t) (offset / 64), key);
}

/* The random pass's key stream is made a few blocks ahead by a thread of
 * its own while the caller's thread writes, or reads back, the blocks
 * before: ChaCha20 takes about as long per GiB as the disk does, and this
 * way the two overlap. Block n (counted from 0, BUFFER_SIZE bytes at
 * n * BUFFER_SIZE) is in blocks[n % STREAM_BLOCKS]; the counts are under
 * @lock, which lives as long as the thread. Without a second processor,
 * or a thread, the caller's thread makes each block when it asks for it. */
#define STREAM_BLOCKS 4

typedef struct
{
  const guint8 *key;
  const guint8 *nonce;
  guint64       n_blocks;
  guint8       *blocks[STREAM_BLOCKS];
  GThread      *thread;
  GMutex        lock;
  GCond         cond;
  guint64       n_made;
  guint64       n_used;      /* blocks the caller is done with */
  gboolean      quit;
} KeyStream;

typedef struct
{
  int                  fd;
  const char          *path;
  guint64              size;
  guint64              done;
  guint64              total;
  guint8              *check;
  guint8               key[crypto_stream_chacha20_ietf_KEYBYTES];
  guint8               nonce[crypto_stream_chacha20_ietf_NONCEBYTES];
  KeyStream            stream;
  GCancellable        *cancellable;
  CdShredProgressFunc  progress;
  gpointer             user_data;
  gboolean             can_direct;   /* the file system takes O_DIRECT */
  gboolean             in_direct;    /* the descriptor is in O_DIRECT now */
} Overwrite;

/* Direct I/O moves whole blocks of the device's size, from and to buffers
 * aligned to it; 4 KiB suits every disk. */
#define DIRECT_ALIGN 4096

/* Like GNU shred, the passes bypass the page cache where the file system
 * allows it (O_DIRECT): each block goes to the device as it is written,
 * instead of being copied into memory and written back at the sync, and the
 * read-back reads the device, not what the cache remembers. The last
 * partial block, and file systems without direct I/O (tmpfs), go through
 * the cache, and fdatasync () and POSIX_FADV_DONTNEED cover them. */
static void
use_direct (Overwrite *o,
            gboolean   on)
{
#ifdef O_DIRECT
  int flags;

  if (o->in_direct == on)
    return;
  flags = fcntl (o->fd, F_GETFL);
  if (flags >= 0 && fcntl (o->fd, F_SETFL, on ? (flags | O_DIRECT) : (flags & ~O_DIRECT)) == 0)
    o->in_direct = on;
  else if (on)
    o->can_direct = FALSE;
#endif
}

static gboolean
write_block (Overwrite    *o,
             const guint8 *data,
             gsize         len,
             off_t         offset)
{
  use_direct (o, o->can_direct && len % DIRECT_ALIGN == 0);
  if (write_all (o->fd, data, len, offset))
    return TRUE;
  if (o->in_direct && errno == EINVAL)
    {
      /* The file system refuses direct writes after all: the cache. */
      o->can_direct = FALSE;
      use_direct (o, FALSE);
      return write_all (o->fd, data, len, offset);
    }
  return FALSE;
}

static gssize
read_block (Overwrite *o,
            guint8    *data,
            gsize      len,
            off_t      offset)
{
  gssize n;

  use_direct (o, o->can_direct && len % DIRECT_ALIGN == 0);
  n = read_full (o->fd, data, len, offset);
  if (n < 0 && o->in_direct && errno == EINVAL)
    {
      o->can_direct = FALSE;
      use_direct (o, FALSE);
      n = read_full (o->fd, data, len, offset);
    }
  return n;
}

static gpointer
key_stream_thread (gpointer data)
{
  KeyStream *ks = data;

  g_mutex_lock (&ks->lock);
  while (!ks->quit && ks->n_made < ks->n_blocks)
    {
      guint64 n = ks->n_made;

      if (n - ks->n_used == STREAM_BLOCKS)
        {
          g_cond_wait (&ks->cond, &ks->lock);
          continue;
        }
      g_mutex_unlock (&ks->lock);
      random_block (ks->blocks[n % STREAM_BLOCKS], BUFFER_SIZE, (off_t) (n * BUFFER_SIZE),
                    ks->key, ks->nonce);
      g_mutex_lock (&ks->lock);
      ks->n_made++;
      g_cond_broadcast (&ks->cond);
    }
  g_mutex_unlock (&ks->lock);
  return NULL;
}

/* Starts the key stream of a file of @size bytes from its first block. */
static void
key_stream_start (KeyStream *ks,
                  guint64    size)
{
  g_autoptr(GError) local_error = NULL;

  ks->n_blocks = (size + BUFFER_SIZE - 1) / BUFFER_SIZE;
  ks->n_made = 0;
  ks->n_used = 0;
  ks->quit = FALSE;
  if (ks->n_blocks < 2 || cd_fs_usable_processors () < 2)
    return;
  g_mutex_init (&ks->lock);
  g_cond_init (&ks->cond);
  ks->thread = g_thread_try_new ("cd-shred-stream", key_stream_thread, ks, &local_error);
  if (ks->thread == NULL)
    {
      g_debug ("no key stream thread: %s", local_error->message);
      g_mutex_clear (&ks->lock);
      g_cond_clear (&ks->cond);
    }
}

/* The key stream of block @n, the block after the one before; valid
 * until key_stream_next (). */
static const guint8 *
key_stream_get (KeyStream *ks,
                guint64    n)
{
  guint8 *block = ks->blocks[n % STREAM_BLOCKS];

  if (ks->thread == NULL)
    {
      random_block (block, BUFFER_SIZE, (off_t) (n * BUFFER_SIZE), ks->key, ks->nonce);
      return block;
    }
  g_mutex_lock (&ks->lock);
  while (ks->n_made <= n)
    g_cond_wait (&ks->cond, &ks->lock);
  g_mutex_unlock (&ks->lock);
  return block;
}

static void
key_stream_next (KeyStream *ks)
{
  if (ks->thread == NULL)
    return;
  g_mutex_lock (&ks->lock);
  ks->n_used++;
  g_cond_broadcast (&ks->cond);
  g_mutex_unlock (&ks->lock);
}

/* Ends the stream, at its end or on an error. */
static void
key_stream_stop (KeyStream *ks)
{
  if (ks->thread == NULL)
    return;
  g_mutex_lock (&ks->lock);
  ks->quit = TRUE;
  g_cond_broadcast (&ks->cond);
  g_mutex_unlock (&ks->lock);
  g_thread_join (g_steal_pointer (&ks->thread));
  g_mutex_clear (&ks->lock);
  g_cond_clear (&ks->cond);
}

static gboolean
overwrite_pass (Overwrite  *o,
                int         fill,      /* a byte, or -1 random */
                GError    **error)
{
  gboolean ok = TRUE;

  if (fill < 0)
    key_stream_start (&o->stream, o->size);
  else
    memset (o->check, fill, BUFFER_SIZE);
  for (guint64 offset = 0, n = 0; ok && offset < o->size; offset += BUFFER_SIZE, n++)
    {
      gsize len = (gsize) MIN ((guint64) BUFFER_SIZE, o->size - offset);
      const guint8 *data = fill < 0 ? key_stream_get (&o->stream, n) : o->check;

      if (g_cancellable_set_error_if_cancelled (o->cancellable, error))
        ok = FALSE;
      else if (!write_block (o, data, len, (off_t) offset))
        ok = io_error (error, o->path, STEP_OVERWRITE, errno != 0 ? errno : ENOSPC);
      if (fill < 0)
        key_stream_next (&o->stream);
      if (ok)
        {
          o->done += len;
          if (o->progress != NULL)
            o->progress (o->done, o->total, o->user_data);
        }
    }
  if (fill < 0)
    key_stream_stop (&o->stream);
  if (ok && fdatasync (o->fd) != 0)
    ok = io_error (error, o->path, STEP_OVERWRITE, errno);
  return ok;
}

static gboolean
verify_pass (Overwrite  *o,
             GError    **error)
{
  gboolean ok = TRUE;

#ifdef POSIX_FADV_DONTNEED
  /* Read what the device holds, not what the page cache remembers. */
  posix_fadvise (o->fd, 0, 0, POSIX_FADV_DONTNEED);
#endif
  key_stream_start (&o->stream, o->size);
  for (guint64 offset = 0, n = 0; ok && offset < o->size; offset += BUFFER_SIZE, n++)
    {
      gsize len = (gsize) MIN ((guint64) BUFFER_SIZE, o->size - offset);
      gssize got;

      if (g_cancellable_set_error_if_cancelled (o->cancellable, error))
        {
          ok = FALSE;
          break;
        }
      got = read_block (o, o->check, len, (off_t) offset);
      if (got < 0)
        ok = io_error (error, o->path, STEP_READ_BACK, errno);
      /* A plain comparison: the key stream is of a key that dies with
       * this call, and sodium_memcmp () would take longer than the read. */
      else if ((gsize) got != len || memcmp (key_stream_get (&o->stream, n), o->check, len) != 0)
        {
          g_autofree char *display = g_filename_display_basename (o->path);

          g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_VERIFY_FAILED,
                       _("“%s” does not read back as it was overwritten: the storage may have kept the old data"),
                       display);
          ok = FALSE;
        }
      key_stream_next (&o->stream);
    }
  key_stream_stop (&o->stream);
  return ok;
}

static char *
random_name (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  char name[17];

  for (guint i = 0; i < sizeof name - 1; i++)
    name[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  name[sizeof name - 1] = '\0';
  return g_strdup (name);
}

/* Renames @path to a random name beside it and unlinks it. */
static gboolean
rename_and_unlink (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *target = NULL;

  for (guint attempt = 0; attempt < 16; attempt++)
    {
      g_autofree char *name = random_name ();

      g_free (target);
      target = g_build_filename (dir, name, NULL);
      if (!g_file_test (target, G_FILE_TEST_EXISTS) && g_rename (path, target) == 0)
        break;
      g_clear_pointer (&target, g_free);
    }
  if (target == NULL)
    return io_error (error, path, STEP_RENAME, errno);
  cd_fs_sync_dir (dir);
  if (g_unlink (target) != 0)
    return io_error (error, path, STEP_REMOVE, errno);
  if (!cd_fs_sync_dir (dir))
    return io_error (error, path, STEP_REMOVE, errno);
  return TRUE;
}

/**
 * cd_shred_file:
 * @path: a regular file with one name; a symbolic link is refused
 * @options: (nullable): passes and verification
 * @result: (out caller-allocates) (optional): what was done and achieved
 *
 * Overwrites @path in place (zeros and ones, then random), reads the
 * random pass back, truncates, renames to a random name and unlinks it.
 * On an error the file may be partly overwritten but keeps its name, so a
 * second run finishes the work.
 */
gboolean
cd_shred_file (const char            *path,
               const CdShredOptions  *options,
               CdShredResult         *result,
               GCancellable          *cancellable,
               CdShredProgressFunc    progress,
               gpointer               user_data,
               GError               **error)
{
  g_autoptr(CdShredAssessment) assessment = NULL;
  CdShredOptions defaults = { 1, FALSE };
  CdShredResult local_result;
  Overwrite o = { -1, };
  struct stat st;
  gboolean ok = FALSE;
  guint passes;

  g_return_val_if_fail (path != NULL, FALSE);

  if (options == NULL)
    options = &defaults;
  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);
  passes = options->passes == 0 ? 1 : options->passes;
  if (passes > CD_SHRED_MAX_PASSES)
    {
      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_INVALID,
                   _("At most %u overwriting passes"), (guint) CD_SHRED_MAX_PASSES);
      return FALSE;
    }

  o.fd = g_open (path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (o.fd < 0)
    {
      int saved = errno;

      if (saved == ELOOP)
        {
          g_autofree char *display = g_filename_display_basename (path);

          g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_NOT_REGULAR,
                       _("“%s” is a symbolic link: remove the link, and destroy what it points to by its own name"),
                       display);
          return FALSE;
        }
      return io_error (error, path, STEP_OPEN, saved);
    }
  if (fstat (o.fd, &st) != 0)
    {
      io_error (error, path, STEP_OPEN, errno);
      goto out;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_NOT_REGULAR,
                   _("“%s” is not a regular file"), display);
      goto out;
    }
  if (st.st_nlink > 1)
    {
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, CD_SHRED_ERROR, CD_SHRED_ERROR_HARD_LINKED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” has %u other name (a hard link): destroying this one would leave the data",
                                "“%s” has %u other names (hard links): destroying this one would leave the data",
                                (gulong) st.st_nlink - 1),
                   display, (guint) st.st_nlink - 1);
      goto out;
    }
  fcntl (o.fd, F_SETFL, fcntl (o.fd, F_GETFL) & ~O_NONBLOCK);

  assessment = cd_shred_assess (path, error);
  if (assessment == NULL)
    goto out;

  o.path = path;
  o.size = (guint64) st.st_size;
  o.total = o.size * passes;
  o.cancellable = cancellable;
  o.progress = progress;
  o.user_data = user_data;
  /* sodium_malloc () puts a buffer whose size is a multiple of the page
   * size on a page boundary, as direct I/O wants; checked all the same. */
  o.check = sodium_malloc (BUFFER_SIZE);
  o.can_direct = o.check != NULL && (guintptr) o.check % DIRECT_ALIGN == 0;
  for (guint i = 0; i < STREAM_BLOCKS; i++)
    {
      o.stream.blocks[i] = sodium_malloc (BUFFER_SIZE);
      o.can_direct = o.can_direct && o.stream.blocks[i] != NULL
                     && (guintptr) o.stream.blocks[i] % DIRECT_ALIGN == 0;
    }
  if (o.check == NULL || o.stream.blocks[STREAM_BLOCKS - 1] == NULL)
    {
      g_set_error_literal (error, CD_SHRED_ERROR, CD_SHRED_ERROR_FAILED, _("Not enough memory"));
      goto out;
    }
  randombytes_buf (o.key, sizeof o.key);
  randombytes_buf (o.nonce, sizeof o.nonce);
  o.stream.key = o.key;
  o.stream.nonce = o.nonce;

  /* Alternating zeros and ones, the last pass random. */
  for (guint pass = 0; pass < passes; pass++)
    {
      int fill = pass + 1 == passes ? -1 : (pass % 2 == 0 ? 0x00 : 0xff);

      if (!overwrite_pass (&o, fill, error))
        goto out;
    }
  if (!options->no_verify && !verify_pass (&o, error))
    goto out;

  if (ftruncate (o.fd, 0) != 0 || fsync (o.fd) != 0)
    {
      io_error (error, path, STEP_TRUNCATE, errno);
      goto out;
    }
  close (o.fd);
  o.fd = -1;
  if (!rename_and_unlink (path, error))
    goto out;

  result->bytes = o.size;
  result->passes = passes;
  result->verified = !options->no_verify;
  result->caveats = assessment->caveats;
  result->category = assessment->caveats == CD_SHRED_CAVEAT_NONE && result->verified
                     ? CD_SHRED_CATEGORY_CLEAR : CD_SHRED_CATEGORY_NOT_ASSURED;
  ok = TRUE;

out:
  if (o.fd >= 0)
    close (o.fd);
  sodium_memzero (o.key, sizeof o.key);
  sodium_memzero (o.nonce, sizeof o.nonce);
  for (guint i = 0; i < STREAM_BLOCKS; i++)
    if (o.stream.blocks[i] != NULL)
      sodium_free (o.stream.blocks[i]);
  if (o.check != NULL)
    sodium_free (o.check);
  return ok;
}
