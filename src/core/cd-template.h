/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A small template language for customer letters (issue 6).
 *
 *   {{name}}                          a text variable
 *   {{#if name}} … {{else}} … {{/if}} shown when the variable is set: a text
 *                                     that is not empty, a flag that is TRUE,
 *                                     a list with at least one item
 *   {{#unless name}} … {{/unless}}    the opposite ({{else}} allowed too)
 *   {{#each list}} … {{/each}}        repeated per item; inside, the item's
 *                                     fields are variables, and the outer
 *                                     variables stay visible
 *   {{! a comment }}                  dropped
 *   {{"{{"}}                          a quoted string is written as is
 *
 * Spaces inside the braces are allowed ({{ name }}). A tag alone on its line
 * (only spaces around it) that is a section tag (#if, #unless, #each, else,
 * /if, /unless, /each) or a comment takes its line with it, so sections do
 * not leave blank lines.
 *
 * Templates are checked against a schema when they are compiled: an unknown
 * variable, a text used as a list, an unclosed or mismatched section is an
 * error that says where (line and column, both from 1). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_TEMPLATE_ERROR (cd_template_error_quark ())

typedef enum
{
  CD_TEMPLATE_ERROR_SYNTAX,            /* unbalanced or malformed tags */
  CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
  CD_TEMPLATE_ERROR_TYPE,              /* e.g. {{#each}} over a text */
  CD_TEMPLATE_ERROR_LIMIT,             /* size, nesting, output length */
  CD_TEMPLATE_ERROR_INVALID,           /* not UTF-8, NUL bytes */
} CdTemplateError;

typedef enum
{
  CD_TEMPLATE_ESCAPE_NONE,             /* plain text: PDF, SMS, text/plain */
  CD_TEMPLATE_ESCAPE_HTML,             /* & < > " ' escaped: text/html */
} CdTemplateEscape;

typedef enum
{
  CD_TEMPLATE_VAR_TEXT,
  CD_TEMPLATE_VAR_FLAG,
  CD_TEMPLATE_VAR_LIST,
} CdTemplateVarType;

/* Limits (compile and render fail with CD_TEMPLATE_ERROR_LIMIT past them). */
#define CD_TEMPLATE_MAX_SOURCE   (256 * 1024)   /* bytes */
#define CD_TEMPLATE_MAX_DEPTH    8              /* nested sections */
#define CD_TEMPLATE_MAX_TAGS     4096
#define CD_TEMPLATE_MAX_OUTPUT   (1024 * 1024)  /* bytes per render */

typedef struct _CdTemplateSchema CdTemplateSchema;
typedef struct _CdTemplateValues CdTemplateValues;
typedef struct _CdTemplate       CdTemplate;

GQuark            cd_template_error_quark       (void);

/* Schema: the variables a template may use. Descriptions are shown to the
 * user in the template editor (translated by the caller). */
CdTemplateSchema *cd_template_schema_new        (void);
CdTemplateSchema *cd_template_schema_ref        (CdTemplateSchema *schema);
void              cd_template_schema_unref      (CdTemplateSchema *schema);
void              cd_template_schema_add        (CdTemplateSchema *schema,
                                                 const char       *name,
                                                 CdTemplateVarType type,
                                                 const char       *description);
/* The item schema of a list variable added with CD_TEMPLATE_VAR_LIST
 * (owned by @schema), or NULL if @name is not a list. */
CdTemplateSchema *cd_template_schema_get_item   (CdTemplateSchema *schema,
                                                 const char       *name);
/* Names in the order added; (transfer container). */
GPtrArray        *cd_template_schema_list_names (CdTemplateSchema *schema);
gboolean          cd_template_schema_lookup     (CdTemplateSchema *schema,
                                                 const char       *name,
                                                 CdTemplateVarType *out_type,
                                                 const char      **out_description);

/* Values for one render. Unset texts render as empty, unset flags as
 * FALSE, unset lists as empty. */
CdTemplateValues *cd_template_values_new        (void);
void              cd_template_values_free       (CdTemplateValues *values);
void              cd_template_values_set_text   (CdTemplateValues *values,
                                                 const char       *name,
                                                 const char       *text);
void              cd_template_values_set_flag   (CdTemplateValues *values,
                                                 const char       *name,
                                                 gboolean          flag);
/* Appends an item to the list @name and returns it (owned by @values) for
 * its fields to be set. */
CdTemplateValues *cd_template_values_add_item   (CdTemplateValues *values,
                                                 const char       *name);

/* Compiling. On error, *out_line and *out_column (if not NULL) say where,
 * both from 1, and the message says it too ("Line 3, column 7: …"). */
CdTemplate       *cd_template_compile           (const char       *source,
                                                 gssize            length,
                                                 CdTemplateSchema *schema,
                                                 guint            *out_line,
                                                 guint            *out_column,
                                                 GError          **error);
void              cd_template_free              (CdTemplate       *tmpl);
/* The variables the template uses, each once, in order of first use. */
GPtrArray        *cd_template_list_variables    (CdTemplate       *tmpl);
char             *cd_template_render            (CdTemplate       *tmpl,
                                                 CdTemplateValues *values,
                                                 CdTemplateEscape  escape,
                                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTemplateSchema, cd_template_schema_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTemplateValues, cd_template_values_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdTemplate, cd_template_free)

G_END_DECLS
