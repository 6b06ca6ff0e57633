/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract-mail: the text of mail, one message (.eml) or a mailbox
 * (mbox), read with GMime.
 *
 * Of each message: the headers that name people (From, To, Cc, …, and the
 * Subject), RFC 2047 decoded; every text part decoded to UTF-8 from its
 * transfer encoding and charset (HTML through the HTML extractor); and
 * every attachment as a member of the message, read by whatever reads its
 * format (a zip, a document, another message). A message inside a mailbox
 * is the member "message-N", counted from 1.
 *
 * A mailbox is parsed one message at a time from a stream over its bytes,
 * each message dropped before the next is read; GMime keeps only offsets
 * into the stream, never a copy of a part. */

#include "config.h"

#include <string.h>

#include <gmime/gmime.h>
#include <glib/gi18n-lib.h>

#include "cd-csv.h"
#include "cd-extract.h"

/* GMime 3.2.5 stops parsing MIME nesting at 1024 levels; before it, a
 * message of 100 000 nested multiparts, a few hundred kilobytes, makes the
 * parser recurse that deep and overflow the stack. */
#if !GMIME_CHECK_VERSION (3, 2, 5)
#error "GMime 3.2.5 or later is needed: earlier versions have no nesting limit"
#endif

/* Real mail nests a few levels (mixed > alternative > related, a
 * forwarded message or two); deeper is damaged or hostile. */
#define MAX_MIME_DEPTH 64

#define READ_CHUNK (64 * 1024)

typedef struct
{
  CdExtractContext   *ctx;
  GMimeParserOptions *options;

  /* Of the message being read */
  guint               attachments;
  guint               forwarded;
  gboolean            too_deep;
  gboolean            encrypted;
} Mail;

static gpointer
init_gmime (gpointer data)
{
  g_mime_init ();
  return NULL;
}

static void
ensure_gmime (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_gmime, NULL);
}

static GMimeParserOptions *
new_parser_options (void)
{
  /* Headers in raw 8-bit (no RFC 2047) are UTF-8 or, in Chinese mail, GBK. */
  static const char *fallback[] = { "UTF-8", "GB18030", NULL };
  GMimeParserOptions *options = g_mime_parser_options_new ();

  g_mime_parser_options_set_fallback_charsets (options, fallback);
  return options;
}

static gboolean
is_chinese_charset (const char *charset)
{
  static const char * const names[] = {
    "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn", "csgb2312", "chinese",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (charset, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The decoded content of @part (base64, quoted-printable, uuencode undone),
 * up to the member size limit, counted as it is read. NULL only for a
 * limit or cancellation; a part that stops early gives what was read. */
static GByteArray *
decode_part (Mail       *mail,
             GMimePart  *part,
             GError    **error)
{
  const CdExtractLimits *limits = cd_extract_context_get_limits (mail->ctx);
  GMimeDataWrapper *content = g_mime_part_get_content (part);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *buffer = NULL;
  GMimeStream *raw;
  GMimeStream *stream;
  GMimeContentEncoding encoding;
  gboolean ok = TRUE;

  if (content == NULL || (raw = g_mime_data_wrapper_get_stream (content)) == NULL)
    return g_steal_pointer (&data);

  encoding = g_mime_data_wrapper_get_encoding (content);
  g_mime_stream_reset (raw);
  stream = g_mime_stream_filter_new (raw);
  if (encoding == GMIME_CONTENT_ENCODING_BASE64 ||
      encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
      encoding == GMIME_CONTENT_ENCODING_UUENCODE)
    {
      GMimeFilter *filter = g_mime_filter_basic_new (encoding, FALSE);

      g_mime_stream_filter_add (GMIME_STREAM_FILTER (stream), filter);
      g_object_unref (filter);
    }

  buffer = g_malloc (READ_CHUNK);
  while (data->len < limits->max_member_bytes)
    {
      gint64 before = g_mime_stream_tell (raw);
      gssize n = g_mime_stream_read (stream, buffer, READ_CHUNK);

      if (n < 0)
        break;   /* a part cut short: what was read stands */
      if (n == 0)
        {
          /* The filter can turn a piece of input into nothing (characters
           * base64 does not have, soft line breaks): go on while the input
           * does. */
          if (g_mime_stream_eos (stream) || g_mime_stream_tell (raw) == before)
            break;
          continue;
        }
      n = (gssize) MIN ((gsize) n, limits->max_member_bytes - data->len);
      if (!cd_extract_context_account (mail->ctx, (guint64) n, error) ||
          cd_extract_context_check_cancelled (mail->ctx, error))
        {
          ok = FALSE;
          break;
        }
      g_byte_array_append (data, (const guint8 *) buffer, (guint) n);
    }
  g_object_unref (stream);
  return ok ? g_steal_pointer (&data) : NULL;
}

/* @data from @charset to UTF-8; bytes not valid in it are dropped. NULL
 * if iconv does not know @charset. */
static char *
convert_charset (const guint8 *data,
                 gsize         len,
                 const char   *charset,
                 gsize        *out_len)
{
  GMimeFilter *filter = g_mime_filter_charset_new (charset, "UTF-8");
  GMimeStream *mem;
  GMimeStream *stream;
  GByteArray *array;
  char *text;

  if (filter == NULL)
    return NULL;
  mem = g_mime_stream_mem_new ();
  stream = g_mime_stream_filter_new (mem);
  g_mime_stream_filter_add (GMIME_STREAM_FILTER (stream), filter);
  g_object_unref (filter);
  /* In pieces: the filter sizes its buffer by what it is given. */
  for (gsize done = 0; done < len; done += READ_CHUNK)
    g_mime_stream_write (stream, (const char *) data + done, MIN (READ_CHUNK, len - done));
  g_mime_stream_flush (stream);

  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  *out_len = array->len;
  text = g_malloc (array->len + 1);
  if (array->len > 0)
    memcpy (text, array->data, array->len);
  text[array->len] = '\0';
  g_object_unref (stream);
  g_object_unref (mem);
  return text;
}

/* The text of a text part as UTF-8: in the charset it declares, else
 * UTF-8 if it is, else GB18030 (Chinese mail often declares nothing). */
static char *
part_text (GMimeObject  *object,
           GByteArray   *data,
           gsize        *out_len)
{
  const char *charset = g_mime_object_get_content_type_parameter (object, "charset");
  char *text = NULL;

  if (charset != NULL && is_chinese_charset (charset))
    charset = "GB18030";
  else if (charset != NULL && g_ascii_strncasecmp (charset, "big5", 4) == 0)
    charset = "BIG5-HKSCS";   /* a superset, as Hong Kong mail needs */
  else if (charset != NULL)
    charset = g_mime_charset_iconv_name (charset);

  if (charset != NULL && g_ascii_strcasecmp (charset, "UTF-8") != 0 &&
      g_ascii_strcasecmp (charset, "US-ASCII") != 0 && g_ascii_strcasecmp (charset, "ASCII") != 0)
    {
      text = convert_charset (data->data, data->len, charset, out_len);
      if (text != NULL)
        return text;
    }
  if (g_utf8_validate_len ((const char *) data->data, data->len, NULL))
    {
      *out_len = data->len;
      return g_strndup ((const char *) data->data, data->len);
    }
  text = cd_csv_decode_text ((const char *) data->data, data->len, NULL, out_len, NULL);
  if (text != NULL)
    return text;
  return convert_charset (data->data, data->len, "GB18030", out_len);
}

/* Headers whose values name people or their addresses. */
static gboolean
wanted_header (const char *name)
{
  static const char * const names[] = {
    "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject", "Return-Path", "Delivered-To",
    "X-Original-To", "Disposition-Notification-To", "Comments", "Keywords",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
emit_headers (Mail         *mail,
              const char   *member,
              GMimeMessage *message)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (GMIME_OBJECT (message));
  g_autoptr(GString) out = g_string_new (NULL);
  int count = g_mime_header_list_get_count (headers);

  for (int i = 0; i < count; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      const char *name = g_mime_header_get_name (header);
      const char *value;

      if (name == NULL || !wanted_header (name))
        continue;
      /* The unfolded value, RFC 2047 encoded words decoded. */
      value = g_mime_header_get_value (header);
      if (value == NULL)
        continue;
      g_string_append_printf (out, "%s: %s\n", name, value);
    }
  cd_extract_context_emit_text (mail->ctx, member, 0, out->str, out->len);
}

/* A file name from a mail is data: only its last component is kept, so it
 * cannot make up member paths of its own. */
static char *
attachment_name (GMimePart *part,
                 guint      n)
{
  const char *filename = g_mime_part_get_filename (part);
  const char *base = NULL;

  if (filename != NULL)
    {
      const char *slash = strrchr (filename, '/');
      const char *backslash = strrchr (filename, '\\');

      base = filename;
      if (slash != NULL)
        base = slash + 1;
      if (backslash != NULL && backslash + 1 > base)
        base = backslash + 1;
    }
  if (base == NULL || *base == '\0' || strcmp (base, ".") == 0 || strcmp (base, "..") == 0)
    return g_strdup_printf ("attachment-%u", n);
  return g_strdup (base);
}

static gboolean
extract_leaf (Mail        *mail,
              const char  *member,
              GMimePart   *part,
              GError     **error)
{
  GMimeObject *object = GMIME_OBJECT (part);
  GMimeContentType *type = g_mime_object_get_content_type (object);
  const char *disposition = g_mime_object_get_disposition (object);
  const char *smime_type = g_mime_object_get_content_type_parameter (object, "smime-type");
  g_autoptr(GByteArray) data = NULL;

  /* Signatures hold no text; an S/MIME envelope cannot be read. */
  if (g_mime_content_type_is_type (type, "application", "pgp-signature") ||
      g_mime_content_type_is_type (type, "application", "pkcs7-signature") ||
      g_mime_content_type_is_type (type, "application", "x-pkcs7-signature"))
    return TRUE;
  if ((g_mime_content_type_is_type (type, "application", "pkcs7-mime") ||
       g_mime_content_type_is_type (type, "application", "x-pkcs7-mime")) &&
      (smime_type == NULL || g_ascii_strcasecmp (smime_type, "enveloped-data") == 0))
    {
      mail->encrypted = TRUE;
      return TRUE;
    }

  if (g_mime_content_type_is_type (type, "text", "*") &&
      g_mime_part_get_filename (part) == NULL &&
      (disposition == NULL || g_ascii_strcasecmp (disposition, "attachment") != 0))
    {
      g_autofree char *text = NULL;
      gsize len = 0;

      data = decode_part (mail, part, error);
      if (data == NULL)
        return FALSE;
      text = part_text (object, data, &len);
      if (text == NULL)
        return TRUE;
      if (g_mime_content_type_is_type (type, "text", "html"))
        {
          /* Marked as UTF-8, which overrides the charset the page declares. */
          g_autoptr(GString) page = g_string_sized_new (len + 3);
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GError) local_error = NULL;

          g_string_append_len (page, "\xef\xbb\xbf", 3);
          g_string_append_len (page, text, len);
          bytes = g_bytes_new (page->str, page->len);
          if (!cd_extract_html (mail->ctx, member, bytes, &local_error) &&
              (g_error_matches (local_error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT) ||
               g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
      else
        cd_extract_context_emit_text (mail->ctx, member, 0, text, len);
      return TRUE;
    }

  /* An attachment: a member of the message. */
  {
    g_autofree char *name = attachment_name (part, ++mail->attachments);
    g_autoptr(GBytes) bytes = NULL;

    data = decode_part (mail, part, error);
    if (data == NULL)
      return FALSE;
    bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));
    return cd_extract_context_member (mail->ctx, member, name, bytes, error);
  }
}

/* A message/rfc822 part: a member of its own, read again as a message. */
static gboolean
extract_forwarded (Mail              *mail,
                   const char        *member,
                   GMimeMessagePart  *part,
                   GError           **error)
{
  const CdExtractLimits *limits = cd_extract_context_get_limits (mail->ctx);
  GMimeMessage *message = g_mime_message_part_get_message (part);
  g_autofree char *name = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GMimeStream *mem;
  GByteArray *array;

  if (message == NULL)
    return TRUE;
  name = g_strdup_printf ("forwarded-%u.eml", ++mail->forwarded);

  /* The parser keeps the headers and content as they were: writing the
   * message out gives back its bytes. */
  mem = g_mime_stream_mem_new ();
  g_mime_object_write_to_stream (GMIME_OBJECT (message), NULL, mem);
  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  bytes = g_bytes_new (array->data, MIN (array->len, limits->max_member_bytes));
  g_object_unref (mem);

  if (!cd_extract_context_account (mail->ctx, g_bytes_get_size (bytes), error))
    return FALSE;
  return cd_extract_context_member (mail->ctx, member, name, bytes, error);
}

static gboolean
extract_object (Mail         *mail,
                const char   *member,
                GMimeObject  *object,
                guint         depth,
                GError      **error)
{
  if (object == NULL)
    return TRUE;
  if (cd_extract_context_check_cancelled (mail->ctx, error))
    return FALSE;
  if (depth > MAX_MIME_DEPTH)
    {
      mail->too_deep = TRUE;
      return TRUE;
    }

  if (GMIME_IS_MULTIPART_ENCRYPTED (object))
    {
      mail->encrypted = TRUE;
      return TRUE;
    }
  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      int count = g_mime_multipart_get_count (multipart);

      for (int i = 0; i < count; i++)
        {
          GMimeObject *child = g_mime_multipart_get_part (multipart, i);

          if (!extract_object (mail, member, child, depth + 1, error))
            return FALSE;
        }
      return TRUE;
    }
  if (GMIME_IS_MESSAGE_PART (object))
    return extract_forwarded (mail, member, GMIME_MESSAGE_PART (object), error);
  if (GMIME_IS_PART (object))
    return extract_leaf (mail, member, GMIME_PART (object), error);
  return TRUE;
}

/* Reads one message. FALSE only for a limit or cancellation; damage and
 * encryption are left in @mail's flags. */
static gboolean
extract_message (Mail          *mail,
                 const char    *member,
                 GMimeMessage  *message,
                 GError       **error)
{
  mail->attachments = 0;
  mail->forwarded = 0;
  mail->too_deep = FALSE;
  mail->encrypted = FALSE;

  emit_headers (mail, member, message);
  return extract_object (mail, member, g_mime_message_get_mime_part (message), 0, error);
}

/* The error a message's flags call for, if any. */
static gboolean
message_problem (Mail    *mail,
                 GError **error)
{
  if (mail->too_deep)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                   _("Parts nested more than %u deep: damaged or hostile, read in part"),
                   MAX_MIME_DEPTH);
      return TRUE;
    }
  if (mail->encrypted)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED,
                   _("Encrypted: not scanned"));
      return TRUE;
    }
  return FALSE;
}

gboolean
cd_extract_mail (CdExtractContext  *ctx,
                 const char        *member,
                 GBytes            *bytes,
                 GError           **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  Mail mail = { ctx, NULL, 0, 0, FALSE, FALSE };
  GMimeStream *stream;
  GMimeParser *parser;
  GMimeMessage *message;
  gboolean ok;

  ensure_gmime ();
  if (cd_extract_context_check_cancelled (ctx, error))
    return FALSE;

  mail.options = new_parser_options ();
  stream = g_mime_stream_mem_new_with_buffer (data, len);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MESSAGE);
  message = g_mime_parser_construct_message (parser, mail.options);
  g_object_unref (parser);
  g_object_unref (stream);

  if (message == NULL)
    {
      g_autofree char *text = NULL;
      gsize text_len = 0;

      /* Its identifiers are still there, as plain text. */
      g_mime_parser_options_free (mail.options);
      text = cd_csv_decode_text (data, len, NULL, &text_len, NULL);
      if (text != NULL)
        cd_extract_context_emit_text (ctx, member, 0, text, text_len);
      else
        cd_extract_context_emit_text (ctx, member, 0, data, len);
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                   _("The message is damaged: it has no readable headers (read as plain text)"));
      return FALSE;
    }

  ok = extract_message (&mail, member, message, error);
  g_object_unref (message);
  g_mime_parser_options_free (mail.options);
  if (!ok)
    return FALSE;
  return !message_problem (&mail, error);
}

gboolean
cd_extract_mbox (CdExtractContext  *ctx,
                 const char        *member,
                 GBytes            *bytes,
                 GError           **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  Mail mail = { ctx, NULL, 0, 0, FALSE, FALSE };
  GMimeStream *stream;
  GMimeParser *parser;
  guint n = 0;
  gboolean ok = TRUE;

  ensure_gmime ();
  if (cd_extract_context_check_cancelled (ctx, error))
    return FALSE;

  mail.options = new_parser_options ();
  stream = g_mime_stream_mem_new_with_buffer (data, len);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_format (parser, GMIME_FORMAT_MBOX);

  while (ok && !g_mime_parser_eos (parser))
    {
      GMimeMessage *message = g_mime_parser_construct_message (parser, mail.options);
      g_autofree char *name = NULL;
      g_autofree char *message_member = NULL;
      g_autoptr(GError) problem = NULL;
      gint64 start;

      if (message == NULL)
        {
          if (n == 0)
            g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                         _("The mailbox is damaged: no message could be read"));
          else
            g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                         _("The mailbox is damaged after message %u"), n);
          ok = FALSE;
          break;
        }

      name = g_strdup_printf ("message-%u", ++n);
      message_member = cd_extract_join_member (member, name);
      start = g_mime_parser_get_mbox_marker_offset (parser);
      ok = extract_message (&mail, message_member, message, error);
      g_object_unref (message);
      if (!ok)
        break;

      if (message_problem (&mail, &problem))
        cd_extract_context_emit_member (ctx, message_member,
                                        g_error_matches (problem, CD_EXTRACT_ERROR,
                                                         CD_EXTRACT_ERROR_ENCRYPTED)
                                          ? CD_EXTRACT_MEMBER_REVIEW : CD_EXTRACT_MEMBER_FAILED,
                                        "message/rfc822",
                                        MAX (g_mime_parser_tell (parser) - start, 0),
                                        problem->message);
      else
        cd_extract_context_emit_member (ctx, message_member, CD_EXTRACT_MEMBER_SCANNED,
                                        "message/rfc822",
                                        MAX (g_mime_parser_tell (parser) - start, 0), NULL);
    }

  g_object_unref (parser);
  g_object_unref (stream);
  g_mime_parser_options_free (mail.options);
  return ok;
}
