/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract-archive: the members of zip, tar (plain or compressed), 7z,
 * rar, cpio, ISO images and the other formats libarchive reads, and a bare
 * .gz/.bz2/.xz/.zst file, each handed back to the dispatcher.
 *
 * Everything happens in memory: member names are only strings (a member
 * called "../../etc/passwd" is reported under that name and nothing is
 * ever written anywhere). Every byte inflated is counted against the
 * limits of the top-level file before it is kept, a member is kept up to
 * max_member_bytes, and the archive is read as a stream, so a compression
 * bomb costs at most the limits in memory and time. */

#include "config.h"

#define G_LOG_DOMAIN "cd-extract"

#include <langinfo.h>
#include <locale.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "cd-extract.h"

/* The suffixes of a compressed single file, taken off its name to name
 * what is inside. */
static const char * const compressed_suffixes[] = {
  ".gz", ".gzip", ".bz2", ".xz", ".lzma", ".lz", ".zst", ".lz4", ".Z", ".z",
};

typedef struct
{
  CdExtractContext *ctx;
  const char       *member;       /* where the archive itself sits, or NULL */
  struct archive   *archive;
  gboolean          raw;          /* a compressed single file, not an archive */
  guint             entries;      /* headers read, of any type */
  guint             files;        /* regular files among them */
  guint             encrypted;    /* regular files not read: encrypted */
} Reader;

/* The decompressors, each only where libarchive has the library built in:
 * without it libarchive would run an external program on the data (as it
 * always does for lrzip, lzop and grzip, which are left out). */
static void
support_filters (struct archive *a)
{
  archive_read_support_filter_compress (a);
  archive_read_support_filter_uu (a);
  archive_read_support_filter_rpm (a);
  if (archive_zlib_version () != NULL)
    archive_read_support_filter_gzip (a);
  if (archive_bzlib_version () != NULL)
    archive_read_support_filter_bzip2 (a);
  if (archive_liblzma_version () != NULL)
    {
      archive_read_support_filter_xz (a);
      archive_read_support_filter_lzma (a);
      archive_read_support_filter_lzip (a);
    }
  if (archive_liblz4_version () != NULL)
    archive_read_support_filter_lz4 (a);
  if (archive_libzstd_version () != NULL)
    archive_read_support_filter_zstd (a);
}

/* Bytes of a name as a string: valid UTF-8 as it is, else GB18030 (zips
 * made on Chinese Windows carry their names in GBK without saying so),
 * else with every byte that is not UTF-8 written as \xNN. */
static char *
name_to_utf8 (const char *raw)
{
  g_autofree char *converted = NULL;
  GString *escaped;
  const char *p = raw;
  const char *end;

  if (g_utf8_validate (raw, -1, NULL))
    return g_strdup (raw);

  converted = g_convert (raw, -1, "UTF-8", "GB18030", NULL, NULL, NULL);
  if (converted != NULL && g_utf8_validate (converted, -1, NULL))
    return g_steal_pointer (&converted);

  escaped = g_string_new (NULL);
  while (*p != '\0')
    {
      g_utf8_validate (p, -1, &end);
      g_string_append_len (escaped, p, end - p);
      p = end;
      if (*p != '\0')
        {
          g_string_append_printf (escaped, "\\x%02x", (guint) (guchar) *p);
          p++;
        }
    }
  return g_string_free (escaped, FALSE);
}

G_STATIC_ASSERT (sizeof (wchar_t) == sizeof (gunichar));

static char *
entry_name (struct archive_entry *entry)
{
  const char *raw = archive_entry_pathname (entry);
  const wchar_t *wide;

  if (raw != NULL && *raw != '\0')
    return name_to_utf8 (raw);

  /* No name in the locale's charset: the UTF-8 or wide forms, if any. */
  raw = archive_entry_pathname_utf8 (entry);
  if (raw != NULL && *raw != '\0')
    return name_to_utf8 (raw);
  wide = archive_entry_pathname_w (entry);
  if (wide != NULL && *wide != L'\0')
    {
      g_autofree char *utf8 = g_ucs4_to_utf8 ((const gunichar *) wide, -1, NULL, NULL, NULL);

      if (utf8 != NULL && *utf8 != '\0')
        return g_steal_pointer (&utf8);
    }
  return g_strdup ("data");
}

/* The name of what a compressed single file holds: its own name without
 * the suffix, else the name the gzip header keeps, else "data". */
static char *
raw_member_name (const char           *member,
                 struct archive_entry *entry)
{
  const char *pathname = archive_entry_pathname (entry);

  if (member != NULL)
    {
      const char *sep = g_strrstr (member, "!/");
      const char *base = sep != NULL ? sep + 2 : member;
      gsize len = strlen (base);

      for (guint i = 0; i < G_N_ELEMENTS (compressed_suffixes); i++)
        {
          gsize suffix_len = strlen (compressed_suffixes[i]);

          if (len > suffix_len && g_str_has_suffix (base, compressed_suffixes[i]))
            return g_strndup (base, len - suffix_len);
        }
    }

  if (pathname != NULL && *pathname != '\0' && strcmp (pathname, "data") != 0)
    {
      g_autofree char *name = name_to_utf8 (pathname);
      const char *slash = strrchr (name, '/');

      if (slash == NULL)
        return g_steal_pointer (&name);
      if (slash[1] != '\0')
        return g_strdup (slash + 1);
    }
  return g_strdup ("data");
}

static char *
content_type_from_name (const char *name)
{
  g_autofree char *type = g_content_type_guess (name, NULL, 0, NULL);
  char *mime = g_content_type_get_mime_type (type);

  return mime != NULL ? mime : g_steal_pointer (&type);
}

/* Reports a member that is not (or not wholly) read. */
static void
report_member (Reader                *reader,
               const char            *name,
               struct archive_entry  *entry,
               CdExtractMemberStatus  status,
               const char            *reason)
{
  g_autofree char *path = cd_extract_join_member (reader->member, name);
  g_autofree char *type = content_type_from_name (name);
  goffset size = archive_entry_size_is_set (entry) ? (goffset) archive_entry_size (entry) : 0;

  cd_extract_context_emit_member (reader->ctx, path, status, type, size, reason);
}

/* Whether libarchive can get past the rest of a member without inflating
 * it: it knows where the next header is and the stream is not compressed
 * as a whole (a tar.gz, or the solid blocks of 7z and rar, can only be
 * skipped by inflating what is skipped). */
static gboolean
skip_is_cheap (struct archive *a)
{
  if (archive_filter_count (a) > 1)
    return FALSE;
  switch (archive_format (a) & ARCHIVE_FORMAT_BASE_MASK)
    {
    case ARCHIVE_FORMAT_ZIP:
    case ARCHIVE_FORMAT_TAR:
    case ARCHIVE_FORMAT_CPIO:
    case ARCHIVE_FORMAT_AR:
    case ARCHIVE_FORMAT_ISO9660:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
set_corrupt (GError         **error,
             struct archive  *a)
{
  const char *message = archive_error_string (a);

  g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
               _("Damaged or truncated archive: %s"),
               message != NULL ? message : _("unknown error"));
}

/* Reads the rest of a member that is not kept, counting what is inflated,
 * so that a member of ten gigabytes of zeros in a tar.gz is stopped by the
 * limits rather than skipped at the cost of inflating all of it. */
static gboolean
drain_member (Reader  *reader,
              GError **error)
{
  for (;;)
    {
      const void *block = NULL;
      size_t size = 0;
      la_int64_t offset = 0;
      int r;

      if (cd_extract_context_check_cancelled (reader->ctx, error))
        return FALSE;
      r = archive_read_data_block (reader->archive, &block, &size, &offset);
      if (r == ARCHIVE_EOF)
        return TRUE;
      if (r == ARCHIVE_FATAL)
        {
          set_corrupt (error, reader->archive);
          return FALSE;
        }
      if (r < ARCHIVE_OK)
        return TRUE;   /* the next header will tell if the archive goes on */
      if (!cd_extract_context_account (reader->ctx, size, error))
        return FALSE;
    }
}

/* Appends @n bytes of @block (zeros when NULL) to a member that holds
 * at most @limit; FALSE when they do not all fit. */
static gboolean
append (guint8       **data,
        gsize         *len,
        gsize         *allocated,
        gsize          limit,
        const guint8  *block,
        guint64        n)
{
  gsize keep = (gsize) MIN (n, (guint64) (limit - *len));

  if (keep > 0)
    {
      if (*len + keep > *allocated)
        {
          *allocated = MIN (MAX (*allocated * 2, *len + keep), limit);
          *data = g_realloc (*data, *allocated);
        }
      if (block != NULL)
        memcpy (*data + *len, block, keep);
      else
        memset (*data + *len, 0, keep);
      *len += keep;
    }
  return keep == n;
}

/* Reads one regular file, up to max_member_bytes, and hands it on. */
static gboolean
read_file (Reader                *reader,
           struct archive_entry  *entry,
           const char            *name,
           GError               **error)
{
  gsize limit = cd_extract_context_get_limits (reader->ctx)->max_member_bytes;
  g_autofree guint8 *data = NULL;
  gsize len = 0;
  gsize allocated = 0;
  guint64 position = 0;
  gboolean truncated = FALSE;
  int status = ARCHIVE_OK;
  g_autofree char *damage = NULL;

  if (archive_entry_is_encrypted (entry))
    {
      reader->encrypted++;
      report_member (reader, name, entry, CD_EXTRACT_MEMBER_REVIEW, _("Encrypted: not scanned"));
      return TRUE;
    }

  /* Block by block rather than archive_read_data(), which drops what it
   * has read when the data breaks off further on. */
  for (;;)
    {
      const void *block = NULL;
      size_t size = 0;
      la_int64_t offset = 0;
      guint64 hole = 0;
      int r;

      if (cd_extract_context_check_cancelled (reader->ctx, error))
        return FALSE;
      r = archive_read_data_block (reader->archive, &block, &size, &offset);
      if (r == ARCHIVE_EOF)
        break;
      if (r < ARCHIVE_OK)
        {
          /* The zip reader hands over the last block of a member even
           * when what follows it is cut off: keep that block. */
          status = r;
          if (block == NULL || size == 0)
            break;
        }

      /* A sparse file's holes are zeros, and count like the rest. */
      if (offset > 0 && (guint64) offset > position)
        hole = (guint64) offset - position;
      if (!cd_extract_context_account (reader->ctx, hole + size, error))
        return FALSE;
      position += hole + size;
      if (!append (&data, &len, &allocated, limit, NULL, hole) ||
          !append (&data, &len, &allocated, limit, block, size))
        {
          truncated = TRUE;
          break;
        }
      if (status != ARCHIVE_OK)
        break;
    }

  if (status < 0)
    {
      const char *message = archive_error_string (reader->archive);

      /* Encryption that the header did not tell (libarchive finds out
       * when it starts on the data). */
      if (len == 0 && (archive_entry_is_encrypted (entry) ||
                       (message != NULL && (strstr (message, "assphrase") != NULL ||
                                            strstr (message, "ncrypt") != NULL))))
        {
          reader->encrypted++;
          report_member (reader, name, entry, CD_EXTRACT_MEMBER_REVIEW,
                         _("Encrypted: not scanned"));
          return TRUE;
        }
      damage = g_strdup (message != NULL ? message : _("unknown error"));
    }

  if (len > 0 || status == ARCHIVE_OK)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), len);

      if (!cd_extract_context_member (reader->ctx, reader->member, name, bytes, error))
        return FALSE;
    }

  if (truncated)
    {
      g_autofree char *size = g_format_size (limit);
      g_autofree char *reason = g_strdup_printf (_("Only the first %s were read: check the rest by hand"),
                                                 size);

      report_member (reader, name, entry, CD_EXTRACT_MEMBER_REVIEW, reason);
      /* A compressed single file has nothing after its one member. */
      if (!reader->raw && !skip_is_cheap (reader->archive))
        return drain_member (reader, error);
      return TRUE;
    }

  if (status == ARCHIVE_FATAL)
    {
      set_corrupt (error, reader->archive);
      return FALSE;
    }
  if (status == ARCHIVE_FAILED && len == 0)
    {
      /* This member cannot be read (a compression method libarchive does
       * not know, say); the next one may be. */
      g_autofree char *reason = g_strdup_printf (_("Not read: %s"), damage);

      report_member (reader, name, entry, CD_EXTRACT_MEMBER_REVIEW, reason);
    }
  else if (status < 0)
    {
      g_autofree char *reason = g_strdup_printf (_("Damaged: %s"), damage);

      report_member (reader, name, entry, CD_EXTRACT_MEMBER_FAILED, reason);
    }
  return TRUE;
}

/* Opens @bytes as an archive of any format (or as one raw stream), which
 * is where libarchive finds the format; returns what the open said. */
static int
open_archive (GBytes          *bytes,
              gboolean         raw,
              struct archive **out_archive)
{
  struct archive *a = archive_read_new ();
  gsize len = 0;
  const void *data = g_bytes_get_data (bytes, &len);

  support_filters (a);
  if (raw)
    archive_read_support_format_raw (a);
  else
    archive_read_support_format_all (a);
  *out_archive = a;
  return archive_read_open_memory (a, data, len);
}

static gboolean
read_entries (Reader  *reader,
              GError **error)
{
  const CdExtractLimits *limits = cd_extract_context_get_limits (reader->ctx);

  for (;;)
    {
      struct archive_entry *entry = NULL;
      g_autofree char *name = NULL;
      int r;

      if (cd_extract_context_check_cancelled (reader->ctx, error))
        return FALSE;

      r = archive_read_next_header (reader->archive, &entry);
      if (r == ARCHIVE_EOF)
        break;
      if (r == ARCHIVE_FATAL)
        {
          /* The list of files itself is encrypted (7z, rar). */
          if ((reader->entries == 0 && archive_read_has_encrypted_entries (reader->archive) > 0) ||
              (entry != NULL && archive_entry_is_metadata_encrypted (entry)))
            {
              g_set_error_literal (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED,
                                   _("Encrypted: not scanned"));
              return FALSE;
            }
          set_corrupt (error, reader->archive);
          return FALSE;
        }

      /* Directories and the like count too: millions of empty entries
       * cost time even when they hold nothing. */
      if (++reader->entries > limits->max_members)
        {
          g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT,
                       _("More than %u files inside: stopped"), limits->max_members);
          return FALSE;
        }
      if (r == ARCHIVE_RETRY)
        continue;

      if (reader->raw)
        name = raw_member_name (reader->member, entry);
      else
        name = entry_name (entry);

      if (r == ARCHIVE_FAILED)
        {
          /* This header is unusable but the archive goes on. */
          const char *message = archive_error_string (reader->archive);
          g_autofree char *reason = g_strdup_printf (_("Damaged: %s"),
                                                     message != NULL ? message : _("unknown error"));

          report_member (reader, name, entry, CD_EXTRACT_MEMBER_FAILED, reason);
          continue;
        }

      /* Directories, links, devices: nothing to read. A hard link in a
       * tar names a file read under its first name. */
      if ((archive_entry_filetype (entry) != AE_IFREG && archive_entry_filetype (entry) != 0) ||
          archive_entry_hardlink (entry) != NULL)
        continue;

      reader->files++;
      if (!read_file (reader, entry, name, error))
        return FALSE;

      if (reader->raw)
        break;
    }

  if (reader->files > 0 && reader->encrypted == reader->files)
    {
      g_set_error_literal (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED,
                           _("Encrypted: not scanned"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
extract_archive (CdExtractContext  *ctx,
                 const char        *member,
                 GBytes            *bytes,
                 GError           **error)
{
  Reader reader = { ctx, member, NULL, FALSE, 0, 0, 0 };
  gboolean ok;
  int r;

  r = open_archive (bytes, FALSE, &reader.archive);

  /* A bare .gz (or .bz2, .xz…) of something that is no archive: no
   * archive format knows what comes out of the filter, so read it as one
   * raw member. Only when a filter was found: raw without one would pass
   * any unknown bytes off as a member. */
  if (r < ARCHIVE_WARN)
    {
      struct archive *raw = NULL;

      if (open_archive (bytes, TRUE, &raw) >= ARCHIVE_WARN && archive_filter_count (raw) > 1)
        {
          archive_read_free (reader.archive);
          reader.archive = raw;
          reader.raw = TRUE;
        }
      else
        {
          /* (Nothing else may be asked of an archive that failed to
           * open: libarchive 3.6 leaves its format pointer dangling.) */
          archive_read_free (raw);
          set_corrupt (error, reader.archive);
          archive_read_free (reader.archive);
          return FALSE;
        }
    }

  ok = read_entries (&reader, error);
  archive_read_free (reader.archive);
  return ok;
}

/**
 * cd_extract_archive:
 *
 * Hands every regular file in the archive (or the one file in a bare
 * compressed stream) to cd_extract_context_member(). Encrypted members are
 * reported for review; an archive whose every file (or whose list of
 * files) is encrypted fails with %CD_EXTRACT_ERROR_ENCRYPTED, a damaged
 * one with %CD_EXTRACT_ERROR_CORRUPT after the members read before the
 * damage.
 */
gboolean
cd_extract_archive (CdExtractContext  *ctx,
                    const char        *member,
                    GBytes            *bytes,
                    GError           **error)
{
  locale_t utf8 = (locale_t) 0;
  locale_t previous = (locale_t) 0;
  gboolean ok;

  /* libarchive hands out names in the charset of the locale: under "C" the
   * UTF-8 names of a zip or the UTF-16 names of a 7z would be lost. Read
   * them in a UTF-8 locale, for this thread only. */
  if (strcmp (nl_langinfo (CODESET), "UTF-8") != 0)
    {
      utf8 = newlocale (LC_CTYPE_MASK, "C.UTF-8", (locale_t) 0);
      if (utf8 != (locale_t) 0)
        previous = uselocale (utf8);
    }

  ok = extract_archive (ctx, member, bytes, error);

  if (utf8 != (locale_t) 0)
    {
      uselocale (previous);
      freelocale (utf8);
    }
  return ok;
}
