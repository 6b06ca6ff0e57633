/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract-pdf: the text of a PDF through poppler-glib, page by page:
 * the document information (title, author…) as page 0, then for every
 * page its text, the contents of its annotations and the values of its
 * form fields; files attached to the document are handed back to the
 * dispatcher as members.
 *
 * A filled-in form field or a free-text note usually also draws its value
 * on the page, where poppler finds it as page text: such a value is not
 * emitted a second time, so that an identifier is counted once. */

#include "config.h"

#define G_LOG_DOMAIN "cd-extract"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <poppler.h>

#include "cd-extract.h"

/* More pages than this is not a document anyone wrote; refuse it rather
 * than spend minutes on it. */
#define MAX_PAGES 10000

typedef struct
{
  const char *page_text;    /* what poppler found on the page */
  GHashTable *seen;         /* strings already added for this page */
  GString    *out;
} PageText;

typedef struct
{
  CdExtractContext *ctx;
  GByteArray       *data;
  gsize             limit;
  gboolean          truncated;
} Attachment;

/* Adds @value (taken) to the page unless it is empty, already on the page
 * or already added. */
static void
page_add (PageText *page,
          char     *value)
{
  g_autofree char *owned = value;

  if (value == NULL)
    return;
  g_strstrip (value);
  if (*value == '\0' || !g_utf8_validate (value, -1, NULL))
    return;
  if (page->page_text != NULL && strstr (page->page_text, value) != NULL)
    return;
  if (g_hash_table_contains (page->seen, value))
    return;
  g_string_append (page->out, value);
  g_string_append_c (page->out, '\n');
  g_hash_table_add (page->seen, g_steal_pointer (&owned));
}

static gboolean
save_attachment_chunk (const gchar  *buf,
                       gsize         count,
                       gpointer      user_data,
                       GError      **error)
{
  Attachment *attachment = user_data;
  gsize keep;

  if (cd_extract_context_check_cancelled (attachment->ctx, error))
    return FALSE;
  if (!cd_extract_context_account (attachment->ctx, count, error))
    return FALSE;
  keep = MIN (count, attachment->limit - attachment->data->len);
  g_byte_array_append (attachment->data, (const guint8 *) buf, (guint) keep);
  if (keep < count)
    {
      /* Enough of it: stop poppler inflating the rest. */
      attachment->truncated = TRUE;
      g_set_error_literal (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT, "");
      return FALSE;
    }
  return TRUE;
}

/* Reads an attached file up to max_member_bytes and hands it on. */
static gboolean
extract_attachment (CdExtractContext   *ctx,
                    const char         *member,
                    PopplerAttachment  *poppler_attachment,
                    GError            **error)
{
  Attachment attachment = { ctx, g_byte_array_new (), 0, FALSE };
  const char *raw_name = poppler_attachment_get_name (poppler_attachment);
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  attachment.limit = cd_extract_context_get_limits (ctx)->max_member_bytes;
  if (raw_name != NULL && *raw_name != '\0')
    name = g_utf8_make_valid (raw_name, -1);
  else
    name = g_strdup ("attachment");

  if (!poppler_attachment_save_to_callback (poppler_attachment, save_attachment_chunk,
                                            &attachment, &local_error) &&
      !attachment.truncated)
    {
      g_autofree char *path = NULL;

      g_byte_array_unref (attachment.data);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          g_error_matches (local_error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      path = cd_extract_join_member (member, name);
      cd_extract_context_emit_member (ctx, path, CD_EXTRACT_MEMBER_FAILED, NULL,
                                      (goffset) poppler_attachment_get_size (poppler_attachment),
                                      local_error != NULL ? local_error->message : NULL);
      return TRUE;
    }

  bytes = g_byte_array_free_to_bytes (attachment.data);
  if (!cd_extract_context_member (ctx, member, name, bytes, error))
    return FALSE;

  if (attachment.truncated)
    {
      g_autofree char *path = cd_extract_join_member (member, name);
      g_autofree char *size = g_format_size (attachment.limit);
      g_autofree char *reason = g_strdup_printf (_("Only the first %s were read: check the rest by hand"),
                                                 size);

      cd_extract_context_emit_member (ctx, path, CD_EXTRACT_MEMBER_REVIEW, NULL,
                                      (goffset) poppler_attachment_get_size (poppler_attachment),
                                      reason);
    }
  return TRUE;
}

static void
emit_metadata (CdExtractContext *ctx,
               const char       *member,
               PopplerDocument  *document)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char *values[] = {
    poppler_document_get_title (document),
    poppler_document_get_author (document),
    poppler_document_get_subject (document),
    poppler_document_get_keywords (document),
    poppler_document_get_creator (document),
    poppler_document_get_producer (document),
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i] != NULL && *values[i] != '\0' && g_utf8_validate (values[i], -1, NULL))
        {
          g_string_append (out, values[i]);
          g_string_append_c (out, '\n');
        }
      g_free (values[i]);
    }
  cd_extract_context_emit_text (ctx, member, 0, out->str, out->len);
}

static void
add_annotations (PageText    *text,
                 PopplerPage *page,
                 GPtrArray   *attachments)
{
  GList *mapping = poppler_page_get_annot_mapping (page);

  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerAnnot *annot = ((PopplerAnnotMapping *) l->data)->annot;

      page_add (text, poppler_annot_get_contents (annot));
      if (POPPLER_IS_ANNOT_MARKUP (annot))
        {
          page_add (text, poppler_annot_markup_get_label (POPPLER_ANNOT_MARKUP (annot)));
          page_add (text, poppler_annot_markup_get_subject (POPPLER_ANNOT_MARKUP (annot)));
        }
      if (POPPLER_IS_ANNOT_FILE_ATTACHMENT (annot))
        {
          PopplerAttachment *attachment =
            poppler_annot_file_attachment_get_attachment (POPPLER_ANNOT_FILE_ATTACHMENT (annot));

          if (attachment != NULL)
            g_ptr_array_add (attachments, attachment);
        }
    }
  poppler_page_free_annot_mapping (mapping);
}

/* The values of the form fields (not their names), each field once for
 * the whole document even when it shows on several pages. */
static void
add_form_fields (PageText    *text,
                 PopplerPage *page,
                 GHashTable  *fields_seen)
{
  GList *mapping = poppler_page_get_form_field_mapping (page);

  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerFormField *field = ((PopplerFormFieldMapping *) l->data)->field;
      int id = poppler_form_field_get_id (field);

      if (g_hash_table_contains (fields_seen, GINT_TO_POINTER (id)))
        continue;
      g_hash_table_add (fields_seen, GINT_TO_POINTER (id));

      switch (poppler_form_field_get_field_type (field))
        {
        case POPPLER_FORM_FIELD_TEXT:
          page_add (text, poppler_form_field_text_get_text (field));
          break;
        case POPPLER_FORM_FIELD_CHOICE:
          {
            int n = poppler_form_field_choice_get_n_items (field);

            for (int i = 0; i < n; i++)
              if (poppler_form_field_choice_is_item_selected (field, i))
                page_add (text, poppler_form_field_choice_get_item (field, i));
            page_add (text, poppler_form_field_choice_get_text (field));
          }
          break;
        case POPPLER_FORM_FIELD_UNKNOWN:
        case POPPLER_FORM_FIELD_BUTTON:
        case POPPLER_FORM_FIELD_SIGNATURE:
        default:
          break;
        }
    }
  poppler_page_free_form_field_mapping (mapping);
}

static gboolean
extract_page (CdExtractContext  *ctx,
              const char        *member,
              PopplerDocument   *document,
              int                index,
              GHashTable        *fields_seen,
              GPtrArray         *attachments,
              GError           **error)
{
  PopplerPage *page = poppler_document_get_page (document, index);
  g_autofree char *page_text = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) out = NULL;
  PageText text;

  if (page == NULL)
    return TRUE;

  page_text = poppler_page_get_text (page);
  if (page_text != NULL && !g_utf8_validate (page_text, -1, NULL))
    g_clear_pointer (&page_text, g_free);

  /* The text of a page comes out of compressed streams: count it. */
  if (page_text != NULL && !cd_extract_context_account (ctx, strlen (page_text), error))
    {
      g_object_unref (page);
      return FALSE;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  out = g_string_new (page_text);
  if (out->len > 0)
    g_string_append_c (out, '\n');
  text.page_text = page_text;
  text.seen = seen;
  text.out = out;

  add_annotations (&text, page, attachments);
  add_form_fields (&text, page, fields_seen);
  g_object_unref (page);

  cd_extract_context_emit_text (ctx, member, (guint) index + 1, out->str, out->len);
  return TRUE;
}

static gboolean
extract_document (CdExtractContext  *ctx,
                  const char        *member,
                  PopplerDocument   *document,
                  GError           **error)
{
  int n_pages = poppler_document_get_n_pages (document);
  g_autoptr(GHashTable) fields_seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func (g_object_unref);
  GList *document_attachments;

  if (n_pages > MAX_PAGES)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_LIMIT,
                   _("More than %u pages: not scanned"), (guint) MAX_PAGES);
      return FALSE;
    }

  emit_metadata (ctx, member, document);

  for (int i = 0; i < n_pages; i++)
    {
      if (cd_extract_context_check_cancelled (ctx, error))
        return FALSE;
      if (!extract_page (ctx, member, document, i, fields_seen, attachments, error))
        return FALSE;
    }

  document_attachments = poppler_document_get_attachments (document);
  for (GList *l = document_attachments; l != NULL; l = l->next)
    g_ptr_array_add (attachments, l->data);
  g_list_free (document_attachments);

  for (guint i = 0; i < attachments->len; i++)
    if (!extract_attachment (ctx, member, g_ptr_array_index (attachments, i), error))
      return FALSE;
  return TRUE;
}

/**
 * cd_extract_pdf:
 *
 * Emits the text of a PDF with its page numbers. A PDF that needs a
 * password to open fails with %CD_EXTRACT_ERROR_ENCRYPTED (one encrypted
 * with an empty password opens and is read), one poppler cannot open with
 * %CD_EXTRACT_ERROR_CORRUPT.
 */
gboolean
cd_extract_pdf (CdExtractContext  *ctx,
                const char        *member,
                GBytes            *bytes,
                GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document;
  gboolean ok;

  document = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error_literal (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED,
                             _("Encrypted PDF: not scanned"));
      else
        g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                     _("Damaged PDF: %s"),
                     local_error != NULL ? local_error->message : _("unknown error"));
      return FALSE;
    }

  ok = extract_document (ctx, member, document, error);
  g_object_unref (document);
  return ok;
}
