/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract: the context shared by the extractors of one top-level file,
 * format sniffing and the dispatcher. The extractors themselves live in
 * cd-extract-*.c. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-csv.h"
#include "cd-extract.h"

G_DEFINE_QUARK (cd_extract_error_quark, cd_extract_error)

/* Below this many expanded bytes the ratio is not checked: a small file
 * of repeated characters compresses a thousandfold and harms nobody. */
#define RATIO_GRACE_BYTES (16 * 1024 * 1024)

struct _CdExtractContext
{
  CdExtractLimits      limits;
  CdExtractTextFunc    text_func;
  CdExtractMemberFunc  member_func;
  gpointer             user_data;
  GCancellable        *cancellable;

  guint                depth;
  guint                members;
  guint64              expanded;
  guint64              top_size;
};

void
cd_extract_limits_init_default (CdExtractLimits *limits)
{
  limits->max_total_bytes = G_GUINT64_CONSTANT (1) << 30;   /* 1 GiB */
  limits->max_ratio = 200;
  limits->max_depth = 8;
  limits->max_members = 100000;
  limits->max_member_bytes = 64 * 1024 * 1024;
}

const char *
cd_extract_format_to_string (CdExtractFormat format)
{
  switch (format)
    {
    case CD_EXTRACT_FORMAT_TEXT: return "text";
    case CD_EXTRACT_FORMAT_HTML: return "html";
    case CD_EXTRACT_FORMAT_RAW: return "raw";
    case CD_EXTRACT_FORMAT_OOXML: return "ooxml";
    case CD_EXTRACT_FORMAT_ODF: return "odf";
    case CD_EXTRACT_FORMAT_PDF: return "pdf";
    case CD_EXTRACT_FORMAT_MAIL: return "mail";
    case CD_EXTRACT_FORMAT_MBOX: return "mbox";
    case CD_EXTRACT_FORMAT_ARCHIVE: return "archive";
    case CD_EXTRACT_FORMAT_MEDIA: return "media";
    case CD_EXTRACT_FORMAT_UNKNOWN:
    default:
      return "unknown";
    }
}

static gboolean
has_magic (const guint8 *head,
           gsize         len,
           gsize         offset,
           const char   *magic,
           gsize         magic_len)
{
  return len >= offset + magic_len && memcmp (head + offset, magic, magic_len) == 0;
}

static gboolean
has_prefix (const char *s,
            const char *prefix)
{
  return s != NULL && g_str_has_prefix (s, prefix);
}

/* A zip whose first members say which document it is: OOXML starts with
 * [Content_Types].xml (or _rels/), ODF with an uncompressed "mimetype". The
 * name of the first local header sits at offset 30. */
static CdExtractFormat
sniff_zip (const guint8 *head,
           gsize         len)
{
  if (has_magic (head, len, 30, "mimetype", 8) &&
      (memmem (head, MIN (len, 256), "application/vnd.oasis.opendocument", 34) != NULL))
    return CD_EXTRACT_FORMAT_ODF;
  if (memmem (head, MIN (len, 8192), "[Content_Types].xml", 19) != NULL ||
      has_magic (head, len, 30, "_rels/", 6) ||
      has_magic (head, len, 30, "docProps/", 9) ||
      has_magic (head, len, 30, "word/", 5) ||
      has_magic (head, len, 30, "xl/", 3) ||
      has_magic (head, len, 30, "ppt/", 4))
    return CD_EXTRACT_FORMAT_OOXML;
  return CD_EXTRACT_FORMAT_ARCHIVE;
}

/* An RFC 5322 message: the first line is a header field that mail has. */
static gboolean
looks_like_mail (const guint8 *head,
                 gsize         len)
{
  static const char * const fields[] = {
    "Return-Path:", "Received:", "From:", "To:", "Subject:", "Date:", "Message-ID:",
    "Message-Id:", "MIME-Version:", "Delivered-To:", "X-", "Reply-To:", "Content-Type:",
    "DKIM-Signature:", "Sender:", "Cc:",
  };
  gsize n = 0;
  guint found = 0;

  /* Every line up to the first blank one must look like "Name: value" or a
   * continuation, and at least two well-known fields must be there. */
  while (n < len)
    {
      const guint8 *eol = memchr (head + n, '\n', len - n);
      gsize line_len = eol != NULL ? (gsize) (eol - (head + n)) : len - n;
      const char *line = (const char *) head + n;

      if (line_len == 0 || (line_len == 1 && line[0] == '\r'))
        break;
      if (line[0] == ' ' || line[0] == '\t')
        ;   /* folded header */
      else
        {
          const char *colon = memchr (line, ':', line_len);

          if (colon == NULL || colon == line)
            return FALSE;
          for (const char *c = line; c < colon; c++)
            if (*c <= ' ' || *c > '~')
              return FALSE;
          for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
            if (g_ascii_strncasecmp (line, fields[i], strlen (fields[i])) == 0)
              {
                found++;
                break;
              }
        }
      if (eol == NULL)
        break;
      n += line_len + 1;
    }
  return found >= 2;
}

/* Media and HTML by their first bytes, for when the shared MIME database
 * is missing or unsure (a sandbox, a test's private data folders). */
static const char *
sniff_media_magic (const guint8 *head,
                   gsize         len)
{
  if (has_magic (head, len, 0, "\x89PNG\r\n\x1a\n", 8))
    return "image/png";
  if (has_magic (head, len, 0, "\xff\xd8\xff", 3))
    return "image/jpeg";
  if (has_magic (head, len, 0, "GIF87a", 6) || has_magic (head, len, 0, "GIF89a", 6))
    return "image/gif";
  if (has_magic (head, len, 0, "II*\0", 4) || has_magic (head, len, 0, "MM\0*", 4))
    return "image/tiff";
  if (has_magic (head, len, 0, "RIFF", 4) && has_magic (head, len, 8, "WEBP", 4))
    return "image/webp";
  if (has_magic (head, len, 0, "RIFF", 4) && has_magic (head, len, 8, "WAVE", 4))
    return "audio/x-wav";
  if (has_magic (head, len, 0, "RIFF", 4) && has_magic (head, len, 8, "AVI ", 4))
    return "video/x-msvideo";
  if (has_magic (head, len, 0, "ID3", 3))
    return "audio/mpeg";
  if (has_magic (head, len, 0, "OggS", 4))
    return "audio/ogg";
  if (has_magic (head, len, 0, "fLaC", 4))
    return "audio/flac";
  if (has_magic (head, len, 0, "#!AMR", 5))
    return "audio/amr";
  if (has_magic (head, len, 0, "\x1a\x45\xdf\xa3", 4))
    return "video/x-matroska";
  if (has_magic (head, len, 4, "ftyp", 4))
    {
      if (has_magic (head, len, 8, "M4A", 3))
        return "audio/mp4";
      if (has_magic (head, len, 8, "heic", 4) || has_magic (head, len, 8, "heix", 4) ||
          has_magic (head, len, 8, "mif1", 4))
        return "image/heif";
      return "video/mp4";
    }
  return NULL;
}

static gboolean
looks_like_html (const guint8 *head,
                 gsize         len)
{
  gsize i = 0;

  if (has_magic (head, len, 0, "\xef\xbb\xbf", 3))
    i = 3;
  while (i < len && g_ascii_isspace (head[i]))
    i++;
  return (len - i >= 14 && g_ascii_strncasecmp ((const char *) head + i, "<!doctype html", 14) == 0) ||
         (len - i >= 5 && g_ascii_strncasecmp ((const char *) head + i, "<html", 5) == 0);
}

/**
 * cd_extract_sniff:
 * @name: (nullable): the file name
 * @out_content_type: (out) (optional): the MIME type GIO gives it
 *
 * Returns: the format of the bytes in @head
 */
CdExtractFormat
cd_extract_sniff (const char    *name,
                  const guint8  *head,
                  gsize          head_len,
                  char         **out_content_type)
{
  gboolean uncertain = FALSE;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  CdExtractFormat format;
  gboolean utf16;

  if (head == NULL || head_len == 0)
    {
      head = (const guint8 *) "";
      head_len = 0;
    }
  type = g_content_type_guess (name, head, head_len, &uncertain);
  mime = g_content_type_get_mime_type (type);
  utf16 = head_len >= 2 && ((head[0] == 0xff && head[1] == 0xfe) ||
                                     (head[0] == 0xfe && head[1] == 0xff));

  if (has_magic (head, head_len, 0, "%PDF-", 5))
    format = CD_EXTRACT_FORMAT_PDF;
  else if (has_magic (head, head_len, 0, "PK\3\4", 4))
    format = sniff_zip (head, head_len);
  else if (has_magic (head, head_len, 0, "PK\5\6", 4) ||            /* empty zip */
           has_magic (head, head_len, 0, "\x1f\x8b", 2) ||           /* gzip */
           has_magic (head, head_len, 0, "BZh", 3) ||
           has_magic (head, head_len, 0, "\xfd" "7zXZ\0", 6) ||
           has_magic (head, head_len, 0, "7z\xbc\xaf\x27\x1c", 6) ||
           has_magic (head, head_len, 0, "Rar!\x1a\x07", 6) ||
           has_magic (head, head_len, 0, "\x28\xb5\x2f\xfd", 4) ||   /* zstd */
           has_magic (head, head_len, 257, "ustar", 5))
    format = CD_EXTRACT_FORMAT_ARCHIVE;
  else if (has_magic (head, head_len, 0, "SQLite format 3", 16))
    format = CD_EXTRACT_FORMAT_RAW;
  else if (sniff_media_magic (head, head_len) != NULL)
    {
      format = CD_EXTRACT_FORMAT_MEDIA;
      if (!has_prefix (mime, "image/") && !has_prefix (mime, "audio/") && !has_prefix (mime, "video/"))
        {
          g_free (mime);
          mime = g_strdup (sniff_media_magic (head, head_len));
        }
    }
  else if (has_prefix (mime, "image/") || has_prefix (mime, "audio/") || has_prefix (mime, "video/"))
    format = CD_EXTRACT_FORMAT_MEDIA;
  else if (looks_like_html (head, head_len))
    format = CD_EXTRACT_FORMAT_HTML;
  else if (has_magic (head, head_len, 0, "From ", 5) && !utf16)
    format = CD_EXTRACT_FORMAT_MBOX;
  else if (!utf16 && looks_like_mail (head, head_len))
    format = CD_EXTRACT_FORMAT_MAIL;
  else if (g_strcmp0 (mime, "text/html") == 0 || g_strcmp0 (mime, "application/xhtml+xml") == 0)
    format = CD_EXTRACT_FORMAT_HTML;
  else if (g_strcmp0 (mime, "message/rfc822") == 0)
    format = CD_EXTRACT_FORMAT_MAIL;
  else if (g_strcmp0 (mime, "application/mbox") == 0)
    format = CD_EXTRACT_FORMAT_MBOX;
  else if (utf16 || has_prefix (mime, "text/") || g_content_type_is_a (type, "text/plain") ||
           g_strcmp0 (mime, "application/json") == 0 || g_strcmp0 (mime, "application/xml") == 0 ||
           g_strcmp0 (mime, "application/x-yaml") == 0)
    format = CD_EXTRACT_FORMAT_TEXT;
  else if (memchr (head, '\0', head_len) == NULL &&
           (uncertain || g_strcmp0 (mime, "application/octet-stream") == 0))
    format = CD_EXTRACT_FORMAT_TEXT;   /* no NUL in the first bytes: text GIO does not know */
  else
    format = CD_EXTRACT_FORMAT_UNKNOWN;

  if (out_content_type != NULL)
    *out_content_type = g_strdup (mime != NULL ? mime : type);
  return format;
}

CdExtractContext *
cd_extract_context_new (const CdExtractLimits *limits,
                        CdExtractTextFunc      text_func,
                        CdExtractMemberFunc    member_func,
                        gpointer               user_data,
                        GCancellable          *cancellable)
{
  CdExtractContext *ctx = g_new0 (CdExtractContext, 1);

  if (limits != NULL)
    ctx->limits = *limits;
  else
    cd_extract_limits_init_default (&ctx->limits);
  ctx->text_func = text_func;
  ctx->member_func = member_func;
  ctx->user_data = user_data;
  ctx->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return ctx;
}

void
cd_extract_context_free (CdExtractContext *ctx)
{
  if (ctx == NULL)
    return;
  g_clear_object (&ctx->cancellable);
  g_free (ctx);
}

const CdExtractLimits *
cd_extract_context_get_limits (CdExtractContext *ctx)
{
  return &ctx->limits;
}

guint
cd_extract_context_get_depth (CdExtractContext *ctx)
{
  return ctx->depth;
}

gboolean
cd_extract_context_check_cancelled (CdExtractContext  *ctx,
                                    GError           **error)
{
  return g_cancellable_set_error_if_cancelled (ctx->cancellable, error);
}

char *
cd_extract_join_member (const char *parent_member,
                        const char *name)
{
  if (parent_member == NULL || *parent_member == '\0')
    return g_strdup (name);
  return g_strconcat (parent_member, "!/", name, NULL);
}

void
cd_extract_context_emit_text (CdExtractContext *ctx,
                              const char       *member,
                              guint             page,
                              const char       *text,
                              gsize             len)
{
  if (len > 0 && ctx->text_func != NULL)
    ctx->text_func (member, page, text, len, ctx->user_data);
}

void
cd_extract_context_emit_member (CdExtractContext      *ctx,
                                const char            *member,
                                CdExtractMemberStatus  status,
                                const char            *content_type,
                                goffset                size,
                                const char            *reason)
{
  if (ctx->member_func != NULL)
    ctx->member_func (member, status, content_type, size, reason, ctx->user_data);
}

gboolean
cd_extract_context_account (CdExtractContext  *ctx,
                            guint64            n,
                            GError           **error)
{
  ctx->expanded += n;
  if (ctx->expanded > ctx->limits.max_total_bytes)
    {
      g_autofree char *limit = g_format_size (ctx->limits.max_total_bytes);

      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT,
                   _("Expands to more than %s: stopped (a compression bomb?)"), limit);
      return FALSE;
    }
  if (ctx->expanded > RATIO_GRACE_BYTES && ctx->top_size > 0 &&
      ctx->expanded / ctx->top_size > ctx->limits.max_ratio)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT,
                   _("Expands more than %u times its size: stopped (a compression bomb?)"),
                   ctx->limits.max_ratio);
      return FALSE;
    }
  return TRUE;
}

/* Text of any encoding the CSV reader knows; bytes as they are when it
 * is not clean text (identifiers are ASCII). */
static void
extract_text (CdExtractContext *ctx,
              const char       *member,
              const char       *data,
              gsize             len)
{
  g_autofree char *text = NULL;
  CdCsvEncoding encoding = CD_CSV_ENCODING_UTF8;
  gsize text_len = 0;

  text = cd_csv_decode_text (data, len, &encoding, &text_len, NULL);
  if (text != NULL)
    cd_extract_context_emit_text (ctx, member, 0, text, text_len);
  else
    cd_extract_context_emit_text (ctx, member, 0, data, len);
}

/**
 * cd_extract_bytes:
 *
 * Extracts the text of @bytes, whatever its format, reporting media and
 * formats that are not read through the member function (when @member is
 * not NULL) or as a %CD_EXTRACT_ERROR_UNSUPPORTED error (the top-level
 * file, whose caller reports it).
 */
gboolean
cd_extract_bytes (CdExtractContext  *ctx,
                  const char        *member,
                  const char        *name,
                  GBytes            *bytes,
                  GError           **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *type = NULL;
  CdExtractFormat format;

  if (cd_extract_context_check_cancelled (ctx, error))
    return FALSE;
  if (ctx->depth == 0 && ctx->top_size == 0)
    ctx->top_size = MAX (len, 1);

  format = cd_extract_sniff (name, data, MIN (len, 8192), &type);
  switch (format)
    {
    case CD_EXTRACT_FORMAT_TEXT:
      extract_text (ctx, member, (const char *) data, len);
      return TRUE;
    case CD_EXTRACT_FORMAT_RAW:
      cd_extract_context_emit_text (ctx, member, 0, (const char *) data, len);
      return TRUE;
    case CD_EXTRACT_FORMAT_HTML:
      return cd_extract_html (ctx, member, bytes, error);
    case CD_EXTRACT_FORMAT_OOXML:
      return cd_extract_ooxml (ctx, member, bytes, error);
    case CD_EXTRACT_FORMAT_ODF:
      return cd_extract_odf (ctx, member, bytes, error);
    case CD_EXTRACT_FORMAT_PDF:
      return cd_extract_pdf (ctx, member, bytes, error);
    case CD_EXTRACT_FORMAT_MAIL:
      return cd_extract_mail (ctx, member, bytes, error);
    case CD_EXTRACT_FORMAT_MBOX:
      return cd_extract_mbox (ctx, member, bytes, error);
    case CD_EXTRACT_FORMAT_ARCHIVE:
      return cd_extract_archive (ctx, member, bytes, error);
    case CD_EXTRACT_FORMAT_MEDIA:
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_UNSUPPORTED,
                   _("Image, audio or video: look at or listen to it for personal data"));
      return FALSE;
    case CD_EXTRACT_FORMAT_UNKNOWN:
    default:
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_UNSUPPORTED,
                   _("Files of this kind (%s) are not read yet: open it and check by hand"), type);
      return FALSE;
    }
}

gboolean
cd_extract_context_member (CdExtractContext  *ctx,
                           const char        *parent_member,
                           const char        *name,
                           GBytes            *bytes,
                           GError           **error)
{
  g_autofree char *valid_name = g_utf8_make_valid (name != NULL ? name : "", -1);
  g_autofree char *member = cd_extract_join_member (parent_member, valid_name);
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (cd_extract_context_check_cancelled (ctx, error))
    return FALSE;
  if (++ctx->members > ctx->limits.max_members)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT,
                   _("More than %u files inside: stopped"), ctx->limits.max_members);
      return FALSE;
    }
  if (ctx->depth + 1 > ctx->limits.max_depth)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT,
                   _("Archives nested more than %u deep: stopped"), ctx->limits.max_depth);
      return FALSE;
    }

  ctx->depth++;
  ok = cd_extract_bytes (ctx, member, name, bytes, &local_error);
  ctx->depth--;

  if (ok)
    {
      cd_extract_context_emit_member (ctx, member, CD_EXTRACT_MEMBER_SCANNED, NULL,
                                      (goffset) g_bytes_get_size (bytes), NULL);
      return TRUE;
    }

  /* Limits and cancellation stop the whole file; anything else is this
   * member's problem only. */
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (local_error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  {
    g_autofree char *type = NULL;
    gsize len = 0;
    const guint8 *data = g_bytes_get_data (bytes, &len);
    CdExtractMemberStatus status = CD_EXTRACT_MEMBER_FAILED;

    cd_extract_sniff (name, data, MIN (len, 8192), &type);
    if (g_error_matches (local_error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_UNSUPPORTED) ||
        g_error_matches (local_error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED))
      status = CD_EXTRACT_MEMBER_REVIEW;
    cd_extract_context_emit_member (ctx, member, status, type, (goffset) len, local_error->message);
  }
  return TRUE;
}
