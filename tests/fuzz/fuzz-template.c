/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz harness for the letter templates: a libFuzzer target when built with
 * -Dfuzzing=true, otherwise a program that replays the files (or every
 * file in the directories) named on its command line (fuzz-common.c).
 *
 * The input is compiled against a fixed schema (texts, a flag, a list of
 * holdings whose items hold a list of files) and rendered with fixed values
 * in both escapes, and with no values at all. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "cd-template.h"

static CdTemplateSchema *schema;
static CdTemplateValues *values;

static void
setup (void)
{
  CdTemplateSchema *item;
  CdTemplateSchema *file;

  schema = cd_template_schema_new ();
  cd_template_schema_add (schema, "name", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "company", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "note", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "unset", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "vip", CD_TEMPLATE_VAR_FLAG, NULL);
  cd_template_schema_add (schema, "holdings", CD_TEMPLATE_VAR_LIST, NULL);
  item = cd_template_schema_get_item (schema, "holdings");
  cd_template_schema_add (item, "title", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (item, "note", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (item, "sensitive", CD_TEMPLATE_VAR_FLAG, NULL);
  cd_template_schema_add (item, "files", CD_TEMPLATE_VAR_LIST, NULL);
  file = cd_template_schema_get_item (item, "files");
  cd_template_schema_add (file, "path", CD_TEMPLATE_VAR_TEXT, NULL);

  values = cd_template_values_new ();
  cd_template_values_set_text (values, "name", "李 <Wei> & \"O'Neil\"");
  cd_template_values_set_text (values, "company", "Acme & Co");
  cd_template_values_set_text (values, "note", "");
  cd_template_values_set_flag (values, "vip", TRUE);
  for (guint i = 0; i < 6; i++)
    {
      CdTemplateValues *holding = cd_template_values_add_item (values, "holdings");
      g_autofree char *title = g_strdup_printf ("合同 <%u>", i);

      cd_template_values_set_text (holding, "title", title);
      cd_template_values_set_flag (holding, "sensitive", i % 2 == 0);
      for (guint j = 0; j < i % 3; j++)
        cd_template_values_set_text (cd_template_values_add_item (holding, "files"), "path", "a&b.pdf");
    }
}

static void
check_error (const GError *error,
             guint         line,
             guint         column)
{
  if (error == NULL || error->domain != CD_TEMPLATE_ERROR ||
      (guint) error->code > CD_TEMPLATE_ERROR_INVALID)
    abort ();
  if (error->message == NULL || !g_utf8_validate (error->message, -1, NULL) ||
      !g_str_has_prefix (error->message, "Line "))
    abort ();
  if (line < 1 || column < 1)
    abort ();
}

static char *
render (CdTemplate       *tmpl,
        CdTemplateValues *with,
        CdTemplateEscape  escape)
{
  g_autoptr(GError) error = NULL;
  char *out = cd_template_render (tmpl, with, escape, &error);

  if ((out == NULL) == (error == NULL))
    abort ();
  if (out == NULL)
    {
      /* Rendering only fails on a limit. */
      check_error (error, 1, 1);
      if (error->code != CD_TEMPLATE_ERROR_LIMIT)
        abort ();
      return NULL;
    }
  if (!g_utf8_validate (out, -1, NULL) || strlen (out) > CD_TEMPLATE_MAX_OUTPUT)
    abort ();
  return out;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTemplate) tmpl = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *html = NULL;
  g_autofree char *empty = NULL;
  guint line = 0;
  guint column = 0;

  if (schema == NULL)
    setup ();

  tmpl = cd_template_compile ((const char *) data, (gssize) size, schema, &line, &column, &error);
  if ((tmpl == NULL) == (error == NULL))
    abort ();
  if (tmpl == NULL)
    {
      check_error (error, line, column);
      /* The place is in the input: not past its last line. */
      if (line > 1 + size)
        abort ();
      return 0;
    }
  if (line != 0 || column != 0)
    abort ();

  /* Every name the template uses is one of the schema's, given once. */
  names = cd_template_list_variables (tmpl);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      CdTemplateSchema *item = cd_template_schema_get_item (schema, "holdings");

      if (!cd_template_schema_lookup (schema, name, NULL, NULL) &&
          !cd_template_schema_lookup (item, name, NULL, NULL) &&
          !cd_template_schema_lookup (cd_template_schema_get_item (item, "files"), name, NULL, NULL))
        abort ();
      for (guint j = 0; j < i; j++)
        if (strcmp (name, g_ptr_array_index (names, j)) == 0)
          abort ();
    }

  /* Without values no loop runs, so every piece of the source is written
   * at most once. */
  empty = render (tmpl, NULL, CD_TEMPLATE_ESCAPE_HTML);
  if (empty == NULL || strlen (empty) > size)
    abort ();

  plain = render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE);
  html = render (tmpl, values, CD_TEMPLATE_ESCAPE_HTML);
  /* Escaping only makes the letter longer, never shorter. */
  if (plain != NULL && html != NULL && strlen (html) < strlen (plain))
    abort ();
  if (plain == NULL && html != NULL)
    abort ();

  return 0;
}
