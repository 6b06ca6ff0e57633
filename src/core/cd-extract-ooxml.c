/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract-ooxml: the text of Office Open XML (docx, xlsx, pptx) and
 * OpenDocument (odt, ods, odp) files.
 *
 * Both are zip files of XML parts. The zip is read in memory with
 * libarchive, zip format only; only the parts that hold text are inflated,
 * in chunks, each counted against the file's limits before it is held and
 * fed to a streaming GMarkup parser, so a part is never held whole. The
 * parts are not members: their text is reported under the document itself.
 *
 * Runs of one paragraph, cell or shared string are joined without a
 * separator, because Word splits text into runs anywhere (a spelling mark
 * or a change of font in the middle of an ID number); paragraphs, cells,
 * rows and slides end with a newline so unrelated digits never merge.
 *
 * GMarkup knows only the five predefined entities and character
 * references: it never reads a DTD, so neither external entities nor an
 * entity bomb can expand; a document that uses one is reported damaged.
 * Nesting is limited, as GMarkup itself has no limit. */

#include "config.h"

#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>

#include "cd-extract.h"

/* Deeper than any real document (Word nests tables inside tables a dozen
 * levels at most); more is a hostile file. */
#define MAX_XML_DEPTH 256

/* Inflated bytes are read and fed to the parser this many at a time. */
#define READ_CHUNK (64 * 1024)

/* Text is handed on at the end of a paragraph once this much is
 * buffered, and in the middle of one only past the hard limit. */
#define EMIT_SOFT (64 * 1024)
#define EMIT_HARD (1024 * 1024)

typedef enum
{
  PART_NONE,
  PART_BODY,       /* w:t, a:t, t runs: document, headers, slides, shared strings */
  PART_SHEET,      /* a worksheet: inline strings and cell values */
  PART_PROPS,      /* metadata: every element's text */
  PART_RELS,       /* relationships: external link targets (mailto:, tel:) */
  PART_EMBEDDED,   /* an embedded file: a member, read by the dispatcher */
  PART_ODF_TEXT,   /* text:p and text:h */
  PART_ODF_MANIFEST,
} PartKind;

typedef struct
{
  CdExtractContext *ctx;
  const char       *member;
  PartKind          kind;

  guint             depth;
  guint             collect;       /* inside elements whose text is read */
  guint             skip;          /* inside a subtree whose text is not read */
  gboolean          cell_shared;   /* the current xlsx cell is a shared string or such */
  gboolean          in_instr;      /* inside w:instrText */
  gboolean          encrypted;     /* an ODF manifest lists encrypted parts */

  GString          *out;           /* text not handed on yet */
  GString          *side;          /* field codes: put after their paragraph */
} Part;

static void
part_emit (Part *part)
{
  if (part->out->len > 0)
    cd_extract_context_emit_text (part->ctx, part->member, 0, part->out->str, part->out->len);
  g_string_truncate (part->out, 0);
}

static void
part_append (Part       *part,
             const char *text,
             gsize       len)
{
  g_string_append_len (part->out, text, len);
  if (part->out->len >= EMIT_HARD)
    part_emit (part);
}

/* The end of a paragraph, a cell or a row. */
static void
part_break (Part *part)
{
  if (part->side->len > 0)
    {
      g_string_append_c (part->out, '\n');
      g_string_append_len (part->out, part->side->str, part->side->len);
      g_string_truncate (part->side, 0);
    }
  if (part->out->len > 0 && part->out->str[part->out->len - 1] != '\n')
    g_string_append_c (part->out, '\n');
  if (part->out->len >= EMIT_SOFT)
    part_emit (part);
}

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static const char *
attribute (const char  *wanted,
           const char **names,
           const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (local_name (names[i]), wanted) == 0)
      return values[i];
  return NULL;
}

static gboolean
is_one_of (const char         *name,
           const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Subtrees whose text is not the document's: phonetic guides (rPh),
 * formulas (f), and the fallback copy of a text box (mc:Fallback repeats
 * mc:Choice for older readers: reading both would count everything twice). */
static const char * const body_skip[] = { "rPh", "f", "Fallback", NULL };
static const char * const body_text[] = { "t", "delText", "text", NULL };
static const char * const body_break[] = {
  "p", "tc", "tr", "si", "c", "row", "cm", "comment", "threadedComment", NULL,
};

static void
start_element (GMarkupParseContext  *context,
               const char           *element_name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Part *part = user_data;
  const char *name = local_name (element_name);

  if (++part->depth > MAX_XML_DEPTH)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                   _("Elements nested more than %u deep: damaged or hostile"), MAX_XML_DEPTH);
      return;
    }
  if (part->skip > 0)
    {
      part->skip++;
      return;
    }

  switch (part->kind)
    {
    case PART_BODY:
    case PART_SHEET:
      if (is_one_of (name, body_skip))
        part->skip = 1;
      else if (is_one_of (name, body_text))
        part->collect++;
      else if (strcmp (name, "instrText") == 0)
        part->in_instr = TRUE;
      else if (strcmp (name, "tab") == 0 && part->collect == 0)
        part_append (part, "\t", 1);
      else if ((strcmp (name, "br") == 0 || strcmp (name, "cr") == 0) && part->collect == 0)
        part_append (part, "\n", 1);
      else if (strcmp (name, "c") == 0)
        {
          const char *type = attribute ("t", attribute_names, attribute_values);

          /* s: the value is an index into the shared strings; b, e:
           * booleans and errors. Numbers, formula strings (str) and inline
           * strings are text. */
          part->cell_shared = type != NULL && (strcmp (type, "s") == 0 || strcmp (type, "b") == 0 ||
                                               strcmp (type, "e") == 0);
        }
      else if (strcmp (name, "v") == 0 && part->kind == PART_SHEET && !part->cell_shared)
        part->collect++;
      break;

    case PART_PROPS:
      part->collect++;
      break;

    case PART_RELS:
      if (strcmp (name, "Relationship") == 0)
        {
          const char *mode = attribute ("TargetMode", attribute_names, attribute_values);
          const char *target = attribute ("Target", attribute_names, attribute_values);

          if (target != NULL && g_strcmp0 (mode, "External") == 0)
            {
              part_append (part, target, strlen (target));
              part_break (part);
            }
        }
      break;

    case PART_ODF_TEXT:
      /* A footnote's number would run into the text it follows. */
      if (strcmp (name, "note-citation") == 0)
        part->skip = 1;
      else if (strcmp (name, "p") == 0 || strcmp (name, "h") == 0)
        part->collect++;
      else if (part->collect > 0 && strcmp (name, "s") == 0)
        part_append (part, " ", 1);
      else if (part->collect > 0 && strcmp (name, "tab") == 0)
        part_append (part, "\t", 1);
      else if (part->collect > 0 && strcmp (name, "line-break") == 0)
        part_append (part, "\n", 1);
      break;

    case PART_ODF_MANIFEST:
      if (strcmp (name, "encryption-data") == 0)
        part->encrypted = TRUE;
      break;

    case PART_NONE:
    case PART_EMBEDDED:
    default:
      break;
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element_name,
             gpointer              user_data,
             GError              **error)
{
  Part *part = user_data;
  const char *name = local_name (element_name);

  part->depth--;
  if (part->skip > 0)
    {
      part->skip--;
      return;
    }

  switch (part->kind)
    {
    case PART_BODY:
    case PART_SHEET:
      if (is_one_of (name, body_text) && part->collect > 0)
        part->collect--;
      else if (strcmp (name, "v") == 0 && part->collect > 0)
        part->collect--;
      else if (strcmp (name, "instrText") == 0)
        {
          part->in_instr = FALSE;
          g_string_append_c (part->side, ' ');
        }
      else if (is_one_of (name, body_break))
        part_break (part);
      break;

    case PART_PROPS:
      part->collect--;
      part_break (part);
      break;

    case PART_ODF_TEXT:
      if ((strcmp (name, "p") == 0 || strcmp (name, "h") == 0) && part->collect > 0)
        {
          part->collect--;
          part_break (part);
        }
      else if (strcmp (name, "table-cell") == 0 || strcmp (name, "table-row") == 0)
        part_break (part);
      break;

    case PART_NONE:
    case PART_RELS:
    case PART_EMBEDDED:
    case PART_ODF_MANIFEST:
    default:
      break;
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *text_,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  Part *part = user_data;

  if (part->skip > 0)
    return;
  if (part->kind == PART_PROPS)
    {
      /* Only the values, not the layout between them. */
      gsize i = 0;

      while (i < len && g_ascii_isspace (text_[i]))
        i++;
      if (i == len)
        return;
    }
  if (part->in_instr)
    {
      /* A field code such as HYPERLINK "mailto:…": bounded, as it is
       * held until the end of its paragraph. */
      if (part->side->len + len <= EMIT_SOFT)
        g_string_append_len (part->side, text_, len);
    }
  else if (part->collect > 0)
    part_append (part, text_, len);
}

static const GMarkupParser markup_parser = {
  start_element,
  end_element,
  text,
  NULL,
  NULL,
};

/* Part names in a zip are case-insensitive in OPC; a leading "/" or "./"
 * is written by some tools. */
static char *
normalize_path (const char *path)
{
  while (path[0] == '/' || (path[0] == '.' && path[1] == '/'))
    path += path[0] == '/' ? 1 : 2;
  return g_ascii_strdown (path, -1);
}

/* @path is @dir followed by a file name starting with @prefix and ending
 * with @suffix, in no further folder. */
static gboolean
path_is (const char *path,
         const char *dir,
         const char *prefix,
         const char *suffix)
{
  const char *file;

  if (!g_str_has_prefix (path, dir))
    return FALSE;
  file = path + strlen (dir);
  return strchr (file, '/') == NULL && g_str_has_prefix (file, prefix) &&
         g_str_has_suffix (file, suffix);
}

static PartKind
ooxml_part_kind (const char *path)
{
  static const char * const word_parts[] = {
    "document", "header", "footer", "footnotes", "endnotes", "comments", NULL,
  };
  static const char * const diagrams[] = {
    "word/diagrams/", "xl/diagrams/", "ppt/diagrams/", NULL,
  };
  static const char * const embeddings[] = {
    "word/embeddings/", "xl/embeddings/", "ppt/embeddings/", NULL,
  };

  for (guint i = 0; word_parts[i] != NULL; i++)
    if (path_is (path, "word/", word_parts[i], ".xml"))
      return PART_BODY;
  if (strcmp (path, "word/glossary/document.xml") == 0 ||
      strcmp (path, "xl/sharedstrings.xml") == 0 ||
      path_is (path, "xl/", "comments", ".xml") ||
      path_is (path, "xl/threadedcomments/", "", ".xml") ||
      path_is (path, "xl/drawings/", "drawing", ".xml") ||
      path_is (path, "ppt/slides/", "slide", ".xml") ||
      path_is (path, "ppt/notesslides/", "", ".xml") ||
      path_is (path, "ppt/comments/", "", ".xml"))
    return PART_BODY;
  if (path_is (path, "xl/worksheets/", "", ".xml"))
    return PART_SHEET;
  if (strcmp (path, "docprops/core.xml") == 0 || strcmp (path, "docprops/app.xml") == 0 ||
      strcmp (path, "docprops/custom.xml") == 0)
    return PART_PROPS;
  if (path_is (path, "word/_rels/", "", ".rels") ||
      path_is (path, "xl/worksheets/_rels/", "", ".rels") ||
      path_is (path, "ppt/slides/_rels/", "", ".rels"))
    return PART_RELS;
  for (guint i = 0; diagrams[i] != NULL; i++)
    if (path_is (path, diagrams[i], "data", ".xml"))   /* SmartArt text */
      return PART_BODY;
  for (guint i = 0; embeddings[i] != NULL; i++)
    if (path_is (path, embeddings[i], "", ""))
      return PART_EMBEDDED;
  return PART_NONE;
}

static PartKind
odf_part_kind (const char *path)
{
  if (strcmp (path, "content.xml") == 0 || strcmp (path, "styles.xml") == 0 ||
      g_str_has_suffix (path, "/content.xml"))   /* embedded objects: "Object 1/content.xml" */
    return PART_ODF_TEXT;
  if (strcmp (path, "meta.xml") == 0)
    return PART_PROPS;
  if (strcmp (path, "meta-inf/manifest.xml") == 0)
    return PART_ODF_MANIFEST;
  return PART_NONE;
}

typedef struct
{
  CdExtractContext *ctx;
  const char       *member;
  struct archive   *archive;
  GError           *damaged;     /* the first part that could not be read */
  gboolean          encrypted;
  gboolean          fatal;       /* the zip itself cannot be read on */
} Reader;

static const char *
archive_why (struct archive *archive)
{
  const char *why = archive_error_string (archive);

  return why != NULL ? why : _("unknown error");
}

static void
reader_damaged (Reader     *reader,
                const char *path,
                const char *why)
{
  g_autofree char *valid_path = NULL;
  g_autofree char *valid_why = NULL;

  if (reader->damaged != NULL)
    return;
  /* Part names and library messages are bytes from the file. */
  valid_path = g_utf8_make_valid (path, -1);
  valid_why = g_utf8_make_valid (why, -1);
  g_set_error (&reader->damaged, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
               /* Translators: the first %s is a part of a document (word/document.xml),
                * the second what is wrong with it */
               _("The document is damaged: %s cannot be read (%s)"), valid_path, valid_why);
}

/* Reads the current entry into the parser, chunk by chunk, up to the
 * member size limit. Returns FALSE only for a limit or cancellation. */
static gboolean
read_xml_part (Reader      *reader,
               const char  *path,
               PartKind     kind,
               gboolean    *out_encrypted,
               GError     **error)
{
  const CdExtractLimits *limits = cd_extract_context_get_limits (reader->ctx);
  g_autofree char *buffer = g_malloc (READ_CHUNK);
  g_autoptr(GMarkupParseContext) markup = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) side = g_string_new (NULL);
  g_autoptr(GError) parse_error = NULL;
  Part part = { 0, };
  gsize total = 0;
  gboolean first = TRUE;
  gboolean complete = TRUE;

  part.ctx = reader->ctx;
  part.member = reader->member;
  part.kind = kind;
  part.out = out;
  part.side = side;
  markup = g_markup_parse_context_new (&markup_parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &part, NULL);

  for (;;)
    {
      la_ssize_t n = archive_read_data (reader->archive, buffer, READ_CHUNK);
      const char *data = buffer;
      gsize len;

      if (n == 0)
        break;
      if (n < 0)
        {
          reader_damaged (reader, path, archive_why (reader->archive));
          if (n == ARCHIVE_FATAL)
            reader->fatal = TRUE;
          complete = FALSE;
          break;
        }
      if (total + (gsize) n > limits->max_member_bytes)
        {
          /* Read the first part of it, as the dispatcher does for a member. */
          n = (la_ssize_t) (limits->max_member_bytes - total);
          complete = FALSE;
        }
      if (!cd_extract_context_account (reader->ctx, (guint64) n, error) ||
          cd_extract_context_check_cancelled (reader->ctx, error))
        {
          part_emit (&part);
          return FALSE;
        }
      total += (gsize) n;
      data = buffer;
      len = (gsize) n;
      if (first && len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
        {
          data += 3;
          len -= 3;
        }
      first = FALSE;
      if (parse_error == NULL &&
          !g_markup_parse_context_parse (markup, data, (gssize) len, &parse_error))
        break;
      if (!complete)
        break;
    }

  if (parse_error == NULL && complete)
    g_markup_parse_context_end_parse (markup, &parse_error);
  if (parse_error != NULL)
    reader_damaged (reader, path, parse_error->message);

  part_break (&part);
  part_emit (&part);
  if (out_encrypted != NULL)
    *out_encrypted = part.encrypted;
  return TRUE;
}

/* An embedded file (a workbook inside a document, say) is a member of its
 * own, read by whatever reads its format. */
static gboolean
read_embedded (Reader      *reader,
               const char  *path,
               GError     **error)
{
  const CdExtractLimits *limits = cd_extract_context_get_limits (reader->ctx);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *buffer = g_malloc (READ_CHUNK);

  for (;;)
    {
      la_ssize_t n = archive_read_data (reader->archive, buffer, READ_CHUNK);

      if (n == 0)
        break;
      if (n < 0)
        {
          reader_damaged (reader, path, archive_why (reader->archive));
          if (n == ARCHIVE_FATAL)
            reader->fatal = TRUE;
          return TRUE;
        }
      n = (la_ssize_t) MIN ((gsize) n, limits->max_member_bytes - data->len);
      if (!cd_extract_context_account (reader->ctx, (guint64) n, error))
        return FALSE;
      g_byte_array_append (data, (const guint8 *) buffer, (guint) n);
      if (data->len >= limits->max_member_bytes)
        break;
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  return cd_extract_context_member (reader->ctx, reader->member, path, bytes, error);
}

static gboolean
extract_zip (CdExtractContext  *ctx,
             const char        *member,
             GBytes            *bytes,
             gboolean           odf,
             GError           **error)
{
  Reader reader = { ctx, member, NULL, NULL, FALSE, FALSE };
  gsize len = 0;
  const void *data = g_bytes_get_data (bytes, &len);
  gboolean ok = TRUE;
  gboolean any = FALSE;

  reader.archive = archive_read_new ();
  archive_read_support_format_zip (reader.archive);
  if (archive_read_open_memory (reader.archive, data, len) != ARCHIVE_OK)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                   _("The document is damaged: it is not a readable zip file (%s)"),
                   archive_why (reader.archive));
      archive_read_free (reader.archive);
      return FALSE;
    }

  while (ok && !reader.fatal)
    {
      struct archive_entry *entry = NULL;
      int r = archive_read_next_header (reader.archive, &entry);
      g_autofree char *path = NULL;
      PartKind kind;

      if (r == ARCHIVE_EOF)
        break;
      if ((r != ARCHIVE_OK && r != ARCHIVE_WARN) || entry == NULL ||
          archive_entry_pathname (entry) == NULL)
        {
          if (reader.damaged == NULL)
            g_set_error (&reader.damaged, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                         any ? _("The document is damaged or truncated: %s")
                             : _("The document is damaged: it is not a readable zip file (%s)"),
                         archive_why (reader.archive));
          break;
        }
      any = TRUE;
      if (cd_extract_context_check_cancelled (ctx, error))
        {
          ok = FALSE;
          break;
        }

      path = normalize_path (archive_entry_pathname (entry));
      kind = odf ? odf_part_kind (path) : ooxml_part_kind (path);
      if (kind == PART_NONE || archive_entry_filetype (entry) != AE_IFREG)
        continue;
      if (archive_entry_is_data_encrypted (entry))
        {
          reader.encrypted = TRUE;
          continue;
        }

      if (kind == PART_EMBEDDED)
        ok = read_embedded (&reader, archive_entry_pathname (entry), error);
      else
        {
          gboolean encrypted = FALSE;

          ok = read_xml_part (&reader, path, kind, &encrypted, error);
          reader.encrypted = reader.encrypted || encrypted;
        }
    }

  archive_read_free (reader.archive);
  if (!ok)
    {
      g_clear_error (&reader.damaged);
      return FALSE;
    }
  /* An encrypted ODF part is not XML: the damage it causes is explained. */
  if (reader.encrypted)
    {
      g_clear_error (&reader.damaged);
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_ENCRYPTED,
                   _("Encrypted: not scanned"));
      return FALSE;
    }
  if (reader.damaged != NULL)
    {
      g_propagate_error (error, reader.damaged);
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_extract_ooxml (CdExtractContext  *ctx,
                  const char        *member,
                  GBytes            *bytes,
                  GError           **error)
{
  return extract_zip (ctx, member, bytes, FALSE, error);
}

gboolean
cd_extract_odf (CdExtractContext  *ctx,
                const char        *member,
                GBytes            *bytes,
                GError           **error)
{
  return extract_zip (ctx, member, bytes, TRUE, error);
}
