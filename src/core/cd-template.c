/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The template language of customer letters (cd-template.h has the syntax).
 *
 * A template is compiled once into a flat array of nodes in document order:
 * text runs (slices of the template's own copy of the source, quoted
 * literals included) and variables, and sections whose body and {{else}}
 * branch are the node ranges that follow them. Every name is resolved
 * against the schema at compile time to the scope it belongs to (the
 * values of the letter, or the item of one of the enclosing #each loops),
 * so rendering is a walk over the array with one hash lookup per variable.
 *
 * Rendering is bounded twice: by the output size, and by the number of
 * steps taken, because nested loops over long lists with an empty body
 * write nothing yet could run for ever. */

#include "config.h"

#define G_LOG_DOMAIN "cd-template"

#include <stdarg.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n-lib.h>

#include "cd-template.h"

/* Nodes visited and loop iterations in one render: far more than any
 * letter needs (10,000 holdings of 100 nodes each), and still a fraction of
 * a second. */
#define MAX_RENDER_STEPS (16u * 1024 * 1024)

/* Scopes in a render: the letter's values and one per enclosing #each. */
#define MAX_SCOPES (CD_TEMPLATE_MAX_DEPTH + 1)

typedef struct
{
  char              *name;
  CdTemplateVarType  type;
  char              *description;
  CdTemplateSchema  *item;          /* lists only */
} SchemaEntry;

struct _CdTemplateSchema
{
  gatomicrefcount  ref_count;
  GPtrArray       *entries;         /* SchemaEntry, in the order added */
  GHashTable      *by_name;         /* name → SchemaEntry */
};

typedef struct
{
  CdTemplateVarType  type;
  char              *text;
  gboolean           flag;
  GPtrArray         *items;         /* CdTemplateValues */
} Value;

struct _CdTemplateValues
{
  GHashTable *by_name;              /* name → Value */
};

typedef enum
{
  NODE_TEXT,
  NODE_VAR,
  NODE_IF,
  NODE_UNLESS,
  NODE_EACH,
} NodeKind;

typedef struct
{
  guint8      kind;                 /* NodeKind */
  guint8      scope;                /* variables, sections: 0 = the values */
  guint32     offset;               /* in the source, for error positions */
  guint32     start;                /* text: the slice of the source */
  guint32     len;
  const char *name;                 /* variables, sections: in used_names */
  guint32     else_at;              /* sections: first node of the else branch */
  guint32     end;                  /* sections: one past their last node */
} Node;

struct _CdTemplate
{
  char      *source;                /* a copy; text nodes point into it */
  gsize      source_len;
  GArray    *nodes;                 /* Node */
  GPtrArray *used_names;            /* char *, in order of first use */
  gsize      text_bytes;            /* sum of the text runs, to size the output */
};

G_DEFINE_QUARK (cd_template_error_quark, cd_template_error)

/* -- positions and errors -------------------------------------------------- */

/* Line and column (both from 1, the column in characters) of byte @offset
 * of @src, which is valid UTF-8 up to @offset. "\r\n" is one line break,
 * so the column of its "\n" is that of its "\r". */
static void
position_at (const char *src,
             gsize       len,
             gsize       offset,
             guint      *out_line,
             guint      *out_column)
{
  guint line = 1;
  guint column = 1;

  for (gsize i = 0; i < offset && i < len; i++)
    {
      guchar c = (guchar) src[i];

      if (c == '\n')
        {
          line++;
          column = 1;
        }
      else if (c == '\r' && i + 1 < len && src[i + 1] == '\n')
        continue;
      else if ((c & 0xc0) != 0x80)
        column++;
    }

  *out_line = line;
  *out_column = column;
}

static void set_position_error (GError     **error,
                                const char  *src,
                                gsize        len,
                                gsize        offset,
                                guint       *out_line,
                                guint       *out_column,
                                int          code,
                                const char  *format,
                                ...) G_GNUC_PRINTF (8, 9);

static void
set_position_error (GError     **error,
                    const char  *src,
                    gsize        len,
                    gsize        offset,
                    guint       *out_line,
                    guint       *out_column,
                    int          code,
                    const char  *format,
                    ...)
{
  g_autofree char *detail = NULL;
  va_list args;
  guint line;
  guint column;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  position_at (src, len, offset, &line, &column);
  if (out_line != NULL)
    *out_line = line;
  if (out_column != NULL)
    *out_column = column;

  /* Translators: the start of every template error; the last %s says what
   * is wrong, e.g. "Line 3, column 7: unknown variable “nmae”". */
  g_set_error (error, CD_TEMPLATE_ERROR, code, _("Line %u, column %u: %s"),
               line, column, detail);
}

/* -- schema ---------------------------------------------------------------- */

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.';
}

static gboolean
is_valid_name (const char *name)
{
  if (name == NULL || !is_name_start (name[0]))
    return FALSE;
  for (const char *p = name + 1; *p != '\0'; p++)
    if (!is_name_char (*p))
      return FALSE;
  return TRUE;
}

static void
schema_entry_free (gpointer data)
{
  SchemaEntry *entry = data;

  g_free (entry->name);
  g_free (entry->description);
  g_clear_pointer (&entry->item, cd_template_schema_unref);
  g_free (entry);
}

/**
 * cd_template_schema_new:
 *
 * Returns: (transfer full): a schema without variables
 */
CdTemplateSchema *
cd_template_schema_new (void)
{
  CdTemplateSchema *schema = g_new0 (CdTemplateSchema, 1);

  g_atomic_ref_count_init (&schema->ref_count);
  schema->entries = g_ptr_array_new_with_free_func (schema_entry_free);
  schema->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  return schema;
}

CdTemplateSchema *
cd_template_schema_ref (CdTemplateSchema *schema)
{
  g_return_val_if_fail (schema != NULL, NULL);

  g_atomic_ref_count_inc (&schema->ref_count);
  return schema;
}

void
cd_template_schema_unref (CdTemplateSchema *schema)
{
  g_return_if_fail (schema != NULL);

  if (!g_atomic_ref_count_dec (&schema->ref_count))
    return;
  g_hash_table_unref (schema->by_name);
  g_ptr_array_unref (schema->entries);
  g_free (schema);
}

/**
 * cd_template_schema_add:
 * @schema: a schema
 * @name: the variable's name: a letter or "_", then letters, digits, "_"
 *   and "."
 * @type: its type
 * @description: (nullable): what it holds, shown in the template editor
 *
 * Adds a variable, or changes the type and description of one added
 * before (it keeps its place). A list gets an empty item schema, which
 * cd_template_schema_get_item() returns for its fields to be added.
 */
void
cd_template_schema_add (CdTemplateSchema  *schema,
                        const char        *name,
                        CdTemplateVarType  type,
                        const char        *description)
{
  SchemaEntry *entry;

  g_return_if_fail (schema != NULL);
  g_return_if_fail (is_valid_name (name));
  g_return_if_fail ((guint) type <= CD_TEMPLATE_VAR_LIST);

  entry = g_hash_table_lookup (schema->by_name, name);
  if (entry == NULL)
    {
      entry = g_new0 (SchemaEntry, 1);
      entry->name = g_strdup (name);
      g_ptr_array_add (schema->entries, entry);
      g_hash_table_insert (schema->by_name, entry->name, entry);
    }

  entry->type = type;
  g_free (entry->description);
  entry->description = g_strdup (description);
  if (type == CD_TEMPLATE_VAR_LIST && entry->item == NULL)
    entry->item = cd_template_schema_new ();
  else if (type != CD_TEMPLATE_VAR_LIST)
    g_clear_pointer (&entry->item, cd_template_schema_unref);
}

/**
 * cd_template_schema_get_item:
 *
 * Returns: (transfer none) (nullable): the fields of the items of the list
 *   @name, or %NULL if @name is not a list of @schema
 */
CdTemplateSchema *
cd_template_schema_get_item (CdTemplateSchema *schema,
                             const char       *name)
{
  SchemaEntry *entry;

  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  entry = g_hash_table_lookup (schema->by_name, name);
  return entry != NULL ? entry->item : NULL;
}

/**
 * cd_template_schema_list_names:
 *
 * Returns: (transfer container) (element-type utf8): the names of the
 *   variables in the order they were added; the strings belong to @schema
 */
GPtrArray *
cd_template_schema_list_names (CdTemplateSchema *schema)
{
  GPtrArray *names;

  g_return_val_if_fail (schema != NULL, NULL);

  names = g_ptr_array_sized_new (schema->entries->len);
  for (guint i = 0; i < schema->entries->len; i++)
    {
      SchemaEntry *entry = g_ptr_array_index (schema->entries, i);

      g_ptr_array_add (names, entry->name);
    }
  return names;
}

/**
 * cd_template_schema_lookup:
 * @out_type: (out) (optional):
 * @out_description: (out) (optional) (transfer none) (nullable):
 *
 * Returns: %TRUE if @schema has a variable @name
 */
gboolean
cd_template_schema_lookup (CdTemplateSchema   *schema,
                           const char         *name,
                           CdTemplateVarType  *out_type,
                           const char        **out_description)
{
  SchemaEntry *entry;

  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  entry = g_hash_table_lookup (schema->by_name, name);
  if (entry == NULL)
    return FALSE;
  if (out_type != NULL)
    *out_type = entry->type;
  if (out_description != NULL)
    *out_description = entry->description;
  return TRUE;
}

/* -- values ---------------------------------------------------------------- */

static void
value_free (gpointer data)
{
  Value *value = data;

  g_free (value->text);
  g_clear_pointer (&value->items, g_ptr_array_unref);
  g_free (value);
}

CdTemplateValues *
cd_template_values_new (void)
{
  CdTemplateValues *values = g_new0 (CdTemplateValues, 1);

  values->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, value_free);
  return values;
}

void
cd_template_values_free (CdTemplateValues *values)
{
  if (values == NULL)
    return;
  g_hash_table_unref (values->by_name);
  g_free (values);
}

/* The value @name, emptied and made of @type. */
static Value *
values_reset (CdTemplateValues  *values,
              const char        *name,
              CdTemplateVarType  type)
{
  Value *value = g_hash_table_lookup (values->by_name, name);

  if (value == NULL)
    {
      value = g_new0 (Value, 1);
      g_hash_table_insert (values->by_name, g_strdup (name), value);
    }
  else
    {
      g_clear_pointer (&value->text, g_free);
      if (type != CD_TEMPLATE_VAR_LIST)
        g_clear_pointer (&value->items, g_ptr_array_unref);
    }
  value->type = type;
  value->flag = FALSE;
  return value;
}

/**
 * cd_template_values_set_text:
 * @text: (nullable): the text; %NULL unsets @name
 */
void
cd_template_values_set_text (CdTemplateValues *values,
                             const char       *name,
                             const char       *text)
{
  g_return_if_fail (values != NULL);
  g_return_if_fail (name != NULL);

  if (text == NULL)
    {
      g_hash_table_remove (values->by_name, name);
      return;
    }
  values_reset (values, name, CD_TEMPLATE_VAR_TEXT)->text = g_strdup (text);
}

void
cd_template_values_set_flag (CdTemplateValues *values,
                             const char       *name,
                             gboolean          flag)
{
  g_return_if_fail (values != NULL);
  g_return_if_fail (name != NULL);

  values_reset (values, name, CD_TEMPLATE_VAR_FLAG)->flag = flag != FALSE;
}

/**
 * cd_template_values_add_item:
 *
 * Returns: (transfer none): a new last item of the list @name (which
 *   replaces a text or flag set as @name), for its fields to be set
 */
CdTemplateValues *
cd_template_values_add_item (CdTemplateValues *values,
                             const char       *name)
{
  Value *value;
  CdTemplateValues *item;

  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = g_hash_table_lookup (values->by_name, name);
  if (value == NULL || value->type != CD_TEMPLATE_VAR_LIST)
    value = values_reset (values, name, CD_TEMPLATE_VAR_LIST);
  if (value->items == NULL)
    value->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_template_values_free);

  item = cd_template_values_new ();
  g_ptr_array_add (value->items, item);
  return item;
}

/* -- compiling ------------------------------------------------------------- */

typedef enum
{
  TAG_VAR,
  TAG_LITERAL,
  TAG_COMMENT,
  TAG_OPEN,
  TAG_ELSE,
  TAG_CLOSE,
} TagKind;

typedef struct
{
  TagKind   kind;
  NodeKind  section;                /* TAG_OPEN, TAG_CLOSE */
  gsize     start;                  /* of "{{" */
  gsize     end;                    /* after "}}" */
  gsize     arg;                    /* the name, or a literal's text */
  gsize     arg_len;
} Tag;

typedef struct
{
  guint     node;                   /* index of the section's node */
  gboolean  has_else;
  gboolean  pushed_scope;           /* an #each whose item scope is open */
} OpenSection;

typedef struct
{
  const char        *src;
  gsize              len;
  guint             *out_line;
  guint             *out_column;
  GError           **error;
  CdTemplate        *tmpl;
  CdTemplateSchema  *scopes[MAX_SCOPES];
  guint              n_scopes;
  OpenSection        open[CD_TEMPLATE_MAX_DEPTH];
  guint              n_open;
  GHashTable        *used;          /* name → the same string in used_names */
} Compiler;

static void compile_error (Compiler   *c,
                           gsize       offset,
                           int         code,
                           const char *format,
                           ...) G_GNUC_PRINTF (4, 5);

static void
compile_error (Compiler   *c,
               gsize       offset,
               int         code,
               const char *format,
               ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  set_position_error (c->error, c->src, c->len, offset, c->out_line, c->out_column,
                      code, "%s", detail);
}

static const char *
section_keyword (NodeKind kind)
{
  switch (kind)
    {
    case NODE_IF:
      return "if";
    case NODE_UNLESS:
      return "unless";
    case NODE_EACH:
      return "each";
    case NODE_TEXT:
    case NODE_VAR:
    default:
      g_return_val_if_reached ("");
    }
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static gsize
skip_blanks (const Compiler *c,
             gsize           p)
{
  while (p < c->len && is_blank (c->src[p]))
    p++;
  return p;
}

/* An error at @p, where the tag that starts at @tag_start should go on or
 * end: a character that does not belong there, or (when the line has no
 * "}}" left) a tag that is not closed. */
static void
unexpected_in_tag (Compiler *c,
                   gsize     tag_start,
                   gsize     p)
{
  gunichar ch;
  char shown[16];

  for (gsize q = p; q + 1 < c->len && c->src[q] != '\n'; q++)
    if (c->src[q] == '}' && c->src[q + 1] == '}')
      {
        ch = g_utf8_get_char (c->src + p);
        if (g_unichar_isgraph (ch))
          shown[g_unichar_to_utf8 (ch, shown)] = '\0';
        else
          g_snprintf (shown, sizeof shown, "U+%04X", ch);
        compile_error (c, p, CD_TEMPLATE_ERROR_SYNTAX,
                       _("unexpected “%s” in a tag"), shown);
        return;
      }

  compile_error (c, tag_start, CD_TEMPLATE_ERROR_SYNTAX, _("“{{” without “}}”"));
}

/* Skips blanks from @p and the "}}" that must follow. */
static gboolean
expect_close (Compiler *c,
              Tag      *tag,
              gsize     p)
{
  p = skip_blanks (c, p);
  if (p + 1 < c->len && c->src[p] == '}' && c->src[p + 1] == '}')
    {
      tag->end = p + 2;
      return TRUE;
    }
  unexpected_in_tag (c, tag->start, p);
  return FALSE;
}

static gsize
scan_word (const Compiler *c,
           gsize           p)
{
  while (p < c->len && (g_ascii_isalnum (c->src[p]) || c->src[p] == '_'))
    p++;
  return p;
}

static gsize
scan_name (const Compiler *c,
           gsize           p)
{
  if (p >= c->len || !is_name_start (c->src[p]))
    return p;
  for (p++; p < c->len && is_name_char (c->src[p]); p++)
    ;
  return p;
}

static gboolean
parse_keyword (Compiler   *c,
               Tag        *tag,
               char        sigil,
               gsize       p,
               gsize      *out_end)
{
  gsize end = scan_word (c, p);
  gsize word_len = end - p;

  if (word_len == 2 && memcmp (c->src + p, "if", 2) == 0)
    tag->section = NODE_IF;
  else if (word_len == 6 && memcmp (c->src + p, "unless", 6) == 0)
    tag->section = NODE_UNLESS;
  else if (word_len == 4 && memcmp (c->src + p, "each", 4) == 0)
    tag->section = NODE_EACH;
  else
    {
      g_autofree char *word = g_strndup (c->src + p, MIN (word_len, 64));

      compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX,
                     /* Translators: %c%s is the tag as written, e.g. "#for"; "#if",
                      * "#unless" and "#each" are keywords of the template language. */
                     _("unknown section “%c%s”: use #if, #unless or #each"),
                     sigil, word);
      return FALSE;
    }

  *out_end = end;
  return TRUE;
}

/* Reads the tag at @tag->start (a "{{"). */
static gboolean
parse_tag (Compiler *c,
           Tag      *tag)
{
  gsize p = skip_blanks (c, tag->start + 2);
  gsize end;
  const char *close;

  if (p >= c->len)
    {
      compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX, _("“{{” without “}}”"));
      return FALSE;
    }

  switch (c->src[p])
    {
    case '!':
      /* The only tag that may run over several lines. */
      tag->kind = TAG_COMMENT;
      close = memmem (c->src + p + 1, c->len - p - 1, "}}", 2);
      if (close == NULL)
        {
          compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX, _("“{{” without “}}”"));
          return FALSE;
        }
      tag->end = (gsize) (close - c->src) + 2;
      return TRUE;

    case '"':
      tag->kind = TAG_LITERAL;
      tag->arg = p + 1;
      for (end = p + 1; end < c->len && c->src[end] != '"' && c->src[end] != '\n'; end++)
        ;
      if (end >= c->len || c->src[end] != '"')
        {
          compile_error (c, p, CD_TEMPLATE_ERROR_SYNTAX, _("quoted text without its closing “\"”"));
          return FALSE;
        }
      tag->arg_len = end - tag->arg;
      return expect_close (c, tag, end + 1);

    case '#':
      tag->kind = TAG_OPEN;
      if (!parse_keyword (c, tag, '#', p + 1, &p))
        return FALSE;
      end = skip_blanks (c, p);
      if (end == p || scan_name (c, end) == end)
        {
          if (end + 1 < c->len && c->src[end] == '}' && c->src[end + 1] == '}')
            {
              compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX,
                             /* Translators: %s is "if", "unless" or "each". */
                             _("“{{#%s}}” needs the name of a variable"),
                             section_keyword (tag->section));
              return FALSE;
            }
          unexpected_in_tag (c, tag->start, end);
          return FALSE;
        }
      tag->arg = end;
      tag->arg_len = scan_name (c, end) - end;
      return expect_close (c, tag, end + tag->arg_len);

    case '/':
      tag->kind = TAG_CLOSE;
      if (!parse_keyword (c, tag, '/', p + 1, &p))
        return FALSE;
      return expect_close (c, tag, p);

    case '}':
      if (p + 1 < c->len && c->src[p + 1] == '}')
        {
          compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX, _("empty tag “{{}}”"));
          return FALSE;
        }
      unexpected_in_tag (c, tag->start, p);
      return FALSE;

    default:
      end = scan_name (c, p);
      if (end == p)
        {
          unexpected_in_tag (c, tag->start, p);
          return FALSE;
        }
      tag->arg = p;
      tag->arg_len = end - p;
      tag->kind = tag->arg_len == 4 && memcmp (c->src + p, "else", 4) == 0 ? TAG_ELSE : TAG_VAR;
      return expect_close (c, tag, end);
    }
}

static void
add_text (Compiler *c,
          gsize     start,
          gsize     end)
{
  Node node = { 0 };

  if (end <= start)
    return;
  node.kind = NODE_TEXT;
  node.offset = (guint32) start;
  node.start = (guint32) start;
  node.len = (guint32) (end - start);
  g_array_append_val (c->tmpl->nodes, node);
  c->tmpl->text_bytes += end - start;
}

/* Resolves the name of @tag, innermost scope first, to its scope and type;
 * @node->name is the template's copy of the name. */
static gboolean
resolve (Compiler          *c,
         const Tag         *tag,
         Node              *node,
         CdTemplateVarType *out_type)
{
  g_autofree char *name = g_strndup (c->src + tag->arg, tag->arg_len);
  SchemaEntry *entry = NULL;
  guint scope;
  char *used;

  for (scope = c->n_scopes; scope > 0; scope--)
    {
      entry = g_hash_table_lookup (c->scopes[scope - 1]->by_name, name);
      if (entry != NULL)
        break;
    }
  if (entry == NULL)
    {
      compile_error (c, tag->arg, CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
                     _("unknown variable “%s”"), name);
      return FALSE;
    }

  used = g_hash_table_lookup (c->used, name);
  if (used == NULL)
    {
      used = g_steal_pointer (&name);
      g_ptr_array_add (c->tmpl->used_names, used);
      g_hash_table_add (c->used, used);
    }

  node->scope = (guint8) (scope - 1);
  node->name = used;
  node->offset = (guint32) tag->start;
  *out_type = entry->type;
  return TRUE;
}

static gboolean
add_variable (Compiler  *c,
              const Tag *tag)
{
  Node node = { 0 };
  CdTemplateVarType type;

  if (!resolve (c, tag, &node, &type))
    return FALSE;

  if (type == CD_TEMPLATE_VAR_FLAG)
    {
      compile_error (c, tag->arg, CD_TEMPLATE_ERROR_TYPE,
                     /* Translators: a flag is a yes/no variable; do not translate "#if". */
                     _("“%s” is a flag: use it in {{#if %s}} or {{#unless %s}}"),
                     node.name, node.name, node.name);
      return FALSE;
    }
  if (type == CD_TEMPLATE_VAR_LIST)
    {
      compile_error (c, tag->arg, CD_TEMPLATE_ERROR_TYPE,
                     /* Translators: do not translate "#each". */
                     _("“%s” is a list: show its items with {{#each %s}}"),
                     node.name, node.name);
      return FALSE;
    }

  node.kind = NODE_VAR;
  g_array_append_val (c->tmpl->nodes, node);
  return TRUE;
}

static gboolean
open_section (Compiler  *c,
              const Tag *tag)
{
  Node node = { 0 };
  OpenSection *open;
  CdTemplateVarType type;

  if (c->n_open >= CD_TEMPLATE_MAX_DEPTH)
    {
      compile_error (c, tag->start, CD_TEMPLATE_ERROR_LIMIT,
                     _("sections nested more than %d deep"), CD_TEMPLATE_MAX_DEPTH);
      return FALSE;
    }
  if (!resolve (c, tag, &node, &type))
    return FALSE;

  if (tag->section == NODE_EACH && type != CD_TEMPLATE_VAR_LIST)
    {
      if (type == CD_TEMPLATE_VAR_FLAG)
        compile_error (c, tag->arg, CD_TEMPLATE_ERROR_TYPE,
                       _("“%s” is a flag, not a list: use {{#if %s}}"), node.name, node.name);
      else
        compile_error (c, tag->arg, CD_TEMPLATE_ERROR_TYPE,
                       _("“%s” is a text, not a list: use {{#if %s}} or {{%s}}"),
                       node.name, node.name, node.name);
      return FALSE;
    }

  node.kind = tag->section;
  open = &c->open[c->n_open++];
  open->node = c->tmpl->nodes->len;
  open->has_else = FALSE;
  open->pushed_scope = FALSE;
  g_array_append_val (c->tmpl->nodes, node);

  if (tag->section == NODE_EACH)
    {
      SchemaEntry *entry = g_hash_table_lookup (c->scopes[node.scope]->by_name, node.name);

      c->scopes[c->n_scopes++] = entry->item;
      open->pushed_scope = TRUE;
    }
  return TRUE;
}

static gboolean
add_else (Compiler  *c,
          const Tag *tag)
{
  OpenSection *open;

  if (c->n_open == 0)
    {
      compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX,
                     _("“{{else}}” outside a section"));
      return FALSE;
    }

  open = &c->open[c->n_open - 1];
  if (open->has_else)
    {
      compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX,
                     _("a second “{{else}}” in the same section"));
      return FALSE;
    }

  open->has_else = TRUE;
  g_array_index (c->tmpl->nodes, Node, open->node).else_at = c->tmpl->nodes->len;
  /* The else branch of an #each is shown when there are no items, so
   * their fields are not in scope there. */
  if (open->pushed_scope)
    {
      c->n_scopes--;
      open->pushed_scope = FALSE;
    }
  return TRUE;
}

static gboolean
close_section (Compiler  *c,
               const Tag *tag)
{
  const char *keyword = section_keyword (tag->section);
  OpenSection *open;
  Node *node;

  if (c->n_open == 0)
    {
      compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX,
                     /* Translators: both %s are the same keyword, e.g. "if". */
                     _("“{{/%s}}” without an open “{{#%s}}”"), keyword, keyword);
      return FALSE;
    }

  open = &c->open[c->n_open - 1];
  node = &g_array_index (c->tmpl->nodes, Node, open->node);
  if (node->kind != tag->section)
    {
      compile_error (c, tag->start, CD_TEMPLATE_ERROR_SYNTAX,
                     _("“{{/%s}}” closes “{{#%s}}”"), keyword, section_keyword (node->kind));
      return FALSE;
    }

  node->end = c->tmpl->nodes->len;
  if (!open->has_else)
    node->else_at = node->end;
  if (open->pushed_scope)
    c->n_scopes--;
  c->n_open--;
  return TRUE;
}

/* For a section tag or comment alone on its line (only blanks around it),
 * the start of that line and the start of the next one. The blanks before
 * the tag must be in the text since the previous tag (@text_start). */
static gboolean
is_standalone (const Compiler *c,
               const Tag      *tag,
               gsize           text_start,
               gsize          *out_line_start,
               gsize          *out_next_line)
{
  gsize p = tag->start;
  gsize q;

  if (tag->kind == TAG_VAR || tag->kind == TAG_LITERAL)
    return FALSE;

  while (p > text_start && is_blank (c->src[p - 1]))
    p--;
  if (p > 0 && c->src[p - 1] != '\n')
    return FALSE;

  q = skip_blanks (c, tag->end);
  if (q == c->len)
    ;
  else if (c->src[q] == '\n')
    q += 1;
  else if (c->src[q] == '\r' && q + 1 < c->len && c->src[q + 1] == '\n')
    q += 2;
  else
    return FALSE;

  *out_line_start = p;
  *out_next_line = q;
  return TRUE;
}

static gboolean
compile_tags (Compiler *c)
{
  gsize text_start = 0;
  guint n_tags = 0;

  for (;;)
    {
      const char *found = memmem (c->src + text_start, c->len - text_start, "{{", 2);
      Tag tag = { 0 };
      gsize line_start;
      gsize next_line;
      gboolean ok = TRUE;

      if (found == NULL)
        {
          add_text (c, text_start, c->len);
          break;
        }

      tag.start = (gsize) (found - c->src);
      if (++n_tags > CD_TEMPLATE_MAX_TAGS)
        {
          compile_error (c, tag.start, CD_TEMPLATE_ERROR_LIMIT,
                         _("more than %d tags"), CD_TEMPLATE_MAX_TAGS);
          return FALSE;
        }
      if (!parse_tag (c, &tag))
        return FALSE;

      if (is_standalone (c, &tag, text_start, &line_start, &next_line))
        {
          add_text (c, text_start, line_start);
          text_start = next_line;
        }
      else
        {
          add_text (c, text_start, tag.start);
          text_start = tag.end;
        }

      switch (tag.kind)
        {
        case TAG_VAR:
          ok = add_variable (c, &tag);
          break;
        case TAG_LITERAL:
          add_text (c, tag.arg, tag.arg + tag.arg_len);
          break;
        case TAG_COMMENT:
          break;
        case TAG_OPEN:
          ok = open_section (c, &tag);
          break;
        case TAG_ELSE:
          ok = add_else (c, &tag);
          break;
        case TAG_CLOSE:
          ok = close_section (c, &tag);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }

  if (c->n_open > 0)
    {
      const Node *node = &g_array_index (c->tmpl->nodes, Node, c->open[c->n_open - 1].node);

      compile_error (c, node->offset, CD_TEMPLATE_ERROR_SYNTAX,
                     /* Translators: e.g. "“{{#each holdings}}” is not closed". */
                     _("“{{#%s %s}}” is not closed"),
                     section_keyword (node->kind), node->name);
      return FALSE;
    }

  return TRUE;
}

/**
 * cd_template_compile:
 * @source: the template, UTF-8
 * @length: its length in bytes, or -1 if it is NUL-terminated
 * @schema: the variables it may use
 * @out_line: (out) (optional): where the error is, from 1 (0 on success)
 * @out_column: (out) (optional): the column of the error in characters,
 *   from 1 (0 on success)
 * @error: return location for an error in %CD_TEMPLATE_ERROR
 *
 * Returns: (transfer full) (nullable): the compiled template
 */
CdTemplate *
cd_template_compile (const char        *source,
                     gssize             length,
                     CdTemplateSchema  *schema,
                     guint             *out_line,
                     guint             *out_column,
                     GError           **error)
{
  g_autoptr(CdTemplate) tmpl = NULL;
  g_autoptr(GHashTable) used = NULL;
  Compiler c = { 0 };
  gsize len;
  const char *bad;

  g_return_val_if_fail (source != NULL || length == 0, NULL);
  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_line != NULL)
    *out_line = 0;
  if (out_column != NULL)
    *out_column = 0;
  if (source == NULL)
    source = "";

  len = length < 0 ? strlen (source) : (gsize) length;
  if (len > CD_TEMPLATE_MAX_SOURCE)
    {
      set_position_error (error, source, 0, 0, out_line, out_column, CD_TEMPLATE_ERROR_LIMIT,
                          _("the template is larger than %d KiB"),
                          CD_TEMPLATE_MAX_SOURCE / 1024);
      return NULL;
    }

  /* With a length, g_utf8_validate() also stops at a NUL. */
  if (!g_utf8_validate (source, (gssize) len, &bad))
    {
      gsize offset = (gsize) (bad - source);

      if (source[offset] == '\0')
        set_position_error (error, source, len, offset, out_line, out_column,
                            CD_TEMPLATE_ERROR_INVALID, _("the template contains a NUL byte"));
      else
        set_position_error (error, source, len, offset, out_line, out_column,
                            CD_TEMPLATE_ERROR_INVALID, _("the template is not valid UTF-8 text"));
      return NULL;
    }

  tmpl = g_new0 (CdTemplate, 1);
  tmpl->source = g_strndup (source, len);
  tmpl->source_len = len;
  tmpl->nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  tmpl->used_names = g_ptr_array_new_with_free_func (g_free);
  used = g_hash_table_new (g_str_hash, g_str_equal);

  c.src = tmpl->source;
  c.len = len;
  c.out_line = out_line;
  c.out_column = out_column;
  c.error = error;
  c.tmpl = tmpl;
  c.scopes[0] = schema;
  c.n_scopes = 1;
  c.used = used;

  if (!compile_tags (&c))
    return NULL;

  return g_steal_pointer (&tmpl);
}

void
cd_template_free (CdTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_free (tmpl->source);
  g_array_unref (tmpl->nodes);
  g_ptr_array_unref (tmpl->used_names);
  g_free (tmpl);
}

/**
 * cd_template_list_variables:
 *
 * Returns: (transfer full) (element-type utf8): the names of the variables
 *   (and of the fields of list items) that @tmpl uses, each once, in the
 *   order they first appear; the array frees its strings
 */
GPtrArray *
cd_template_list_variables (CdTemplate *tmpl)
{
  GPtrArray *names;

  g_return_val_if_fail (tmpl != NULL, NULL);

  names = g_ptr_array_new_full (tmpl->used_names->len, g_free);
  for (guint i = 0; i < tmpl->used_names->len; i++)
    g_ptr_array_add (names, g_strdup (g_ptr_array_index (tmpl->used_names, i)));
  return names;
}

/* -- rendering ------------------------------------------------------------- */

typedef struct
{
  const CdTemplate  *tmpl;
  const Node        *nodes;
  GString           *out;
  CdTemplateEscape   escape;
  CdTemplateValues  *scopes[MAX_SCOPES];
  guint              steps;
  GError           **error;
} Renderer;

static void
render_limit_error (Renderer   *r,
                    const Node *node,
                    gboolean    output)
{
  if (output)
    set_position_error (r->error, r->tmpl->source, r->tmpl->source_len, node->offset,
                        NULL, NULL, CD_TEMPLATE_ERROR_LIMIT,
                        _("the letter would be longer than %d KiB"),
                        CD_TEMPLATE_MAX_OUTPUT / 1024);
  else
    set_position_error (r->error, r->tmpl->source, r->tmpl->source_len, node->offset,
                        NULL, NULL, CD_TEMPLATE_ERROR_LIMIT,
                        _("the lists repeat this template too many times"));
}

static gboolean
append (Renderer   *r,
        const Node *node,
        const char *text,
        gsize       len)
{
  if (len > CD_TEMPLATE_MAX_OUTPUT - r->out->len)
    {
      render_limit_error (r, node, TRUE);
      return FALSE;
    }
  g_string_append_len (r->out, text, (gssize) len);
  return TRUE;
}

static gboolean
append_value (Renderer   *r,
              const Node *node,
              const char *text)
{
  if (r->escape != CD_TEMPLATE_ESCAPE_HTML)
    return append (r, node, text, strlen (text));

  for (;;)
    {
      gsize plain = strcspn (text, "&<>\"'");
      const char *entity;

      if (!append (r, node, text, plain))
        return FALSE;
      text += plain;
      switch (*text)
        {
        case '\0':
          return TRUE;
        case '&':
          entity = "&amp;";
          break;
        case '<':
          entity = "&lt;";
          break;
        case '>':
          entity = "&gt;";
          break;
        case '"':
          entity = "&quot;";
          break;
        default:
          entity = "&#39;";
          break;
        }
      if (!append (r, node, entity, strlen (entity)))
        return FALSE;
      text++;
    }
}

static const Value *
lookup (const Renderer *r,
        const Node     *node)
{
  CdTemplateValues *values = r->scopes[node->scope];

  return values != NULL ? g_hash_table_lookup (values->by_name, node->name) : NULL;
}

static gboolean
is_true (const Value *value)
{
  if (value == NULL)
    return FALSE;
  switch (value->type)
    {
    case CD_TEMPLATE_VAR_TEXT:
      return value->text != NULL && value->text[0] != '\0';
    case CD_TEMPLATE_VAR_FLAG:
      return value->flag;
    case CD_TEMPLATE_VAR_LIST:
      return value->items != NULL && value->items->len > 0;
    default:
      return FALSE;
    }
}

static gboolean
render_range (Renderer *r,
              guint     from,
              guint     to,
              guint     depth)
{
  guint i = from;

  while (i < to)
    {
      const Node *node = &r->nodes[i];
      const Value *value;

      if (++r->steps > MAX_RENDER_STEPS)
        {
          render_limit_error (r, node, FALSE);
          return FALSE;
        }

      switch ((NodeKind) node->kind)
        {
        case NODE_TEXT:
          if (!append (r, node, r->tmpl->source + node->start, node->len))
            return FALSE;
          i++;
          break;

        case NODE_VAR:
          value = lookup (r, node);
          if (value != NULL && value->type == CD_TEMPLATE_VAR_TEXT && value->text != NULL &&
              !append_value (r, node, value->text))
            return FALSE;
          i++;
          break;

        case NODE_IF:
        case NODE_UNLESS:
          if (is_true (lookup (r, node)) == (node->kind == NODE_IF))
            {
              if (!render_range (r, i + 1, node->else_at, depth))
                return FALSE;
            }
          else if (!render_range (r, node->else_at, node->end, depth))
            return FALSE;
          i = node->end;
          break;

        case NODE_EACH:
          value = lookup (r, node);
          if (value != NULL && value->type == CD_TEMPLATE_VAR_LIST &&
              value->items != NULL && value->items->len > 0)
            {
              for (guint k = 0; k < value->items->len; k++)
                {
                  if (++r->steps > MAX_RENDER_STEPS)
                    {
                      render_limit_error (r, node, FALSE);
                      return FALSE;
                    }
                  /* The item's scope is the one after all those open here:
                   * the compiler numbered them the same way. */
                  r->scopes[depth + 1] = g_ptr_array_index (value->items, k);
                  if (!render_range (r, i + 1, node->else_at, depth + 1))
                    return FALSE;
                }
              r->scopes[depth + 1] = NULL;
            }
          else if (!render_range (r, node->else_at, node->end, depth))
            return FALSE;
          i = node->end;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/**
 * cd_template_render:
 * @values: (nullable): the values; %NULL renders every variable unset
 * @escape: how variables are written (the template's own text never is
 *   escaped)
 *
 * Returns: (transfer full) (nullable): the letter, or %NULL with @error
 *   set (%CD_TEMPLATE_ERROR_LIMIT) if it would be too long
 */
char *
cd_template_render (CdTemplate        *tmpl,
                    CdTemplateValues  *values,
                    CdTemplateEscape   escape,
                    GError           **error)
{
  Renderer r = { 0 };
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (tmpl != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_sized_new (MIN (tmpl->text_bytes + tmpl->text_bytes / 4 + 64,
                                 (gsize) CD_TEMPLATE_MAX_OUTPUT));
  r.tmpl = tmpl;
  r.nodes = (const Node *) (gpointer) tmpl->nodes->data;
  r.out = out;
  r.escape = escape;
  r.scopes[0] = values;
  r.error = error;

  if (!render_range (&r, 0, tmpl->nodes->len, 0))
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}
