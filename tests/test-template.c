/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the letter template language: variables and escaping, sections
 * on each type, loops with their scopes, the standalone-line rule, line
 * endings, positions in characters, every compile error with its place,
 * the limits, and every prefix of a template. Templates are compiled from
 * copies of their exact length, without a NUL, so valgrind sees any read
 * past the end. */

#include "config.h"

#include <string.h>

#include "cd-test-util.h"
#include "cd-template.h"

/* name, honorific, company, note (texts), vip (flag), holdings (list of
 * title, count, note, sensitive, files (list of path)), empty (list). */
static CdTemplateSchema *
letter_schema (void)
{
  CdTemplateSchema *schema = cd_template_schema_new ();
  CdTemplateSchema *item;
  CdTemplateSchema *file;

  cd_template_schema_add (schema, "name", CD_TEMPLATE_VAR_TEXT, "The customer's name");
  cd_template_schema_add (schema, "honorific", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "company", CD_TEMPLATE_VAR_TEXT, "Our company");
  cd_template_schema_add (schema, "note", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "retention.end", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "vip", CD_TEMPLATE_VAR_FLAG, NULL);
  cd_template_schema_add (schema, "holdings", CD_TEMPLATE_VAR_LIST, "What we hold");
  cd_template_schema_add (schema, "empty", CD_TEMPLATE_VAR_LIST, NULL);

  item = cd_template_schema_get_item (schema, "holdings");
  cd_template_schema_add (item, "title", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (item, "count", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (item, "note", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (item, "sensitive", CD_TEMPLATE_VAR_FLAG, NULL);
  cd_template_schema_add (item, "files", CD_TEMPLATE_VAR_LIST, NULL);
  file = cd_template_schema_get_item (item, "files");
  cd_template_schema_add (file, "path", CD_TEMPLATE_VAR_TEXT, NULL);

  item = cd_template_schema_get_item (schema, "empty");
  cd_template_schema_add (item, "x", CD_TEMPLATE_VAR_TEXT, NULL);

  return schema;
}

static CdTemplateValues *
letter_values (void)
{
  CdTemplateValues *values = cd_template_values_new ();
  CdTemplateValues *item;

  cd_template_values_set_text (values, "name", "Li Wei");
  cd_template_values_set_text (values, "honorific", "Ms");
  cd_template_values_set_text (values, "company", "Acme & Co");
  cd_template_values_set_text (values, "note", "outer note");
  cd_template_values_set_flag (values, "vip", TRUE);

  item = cd_template_values_add_item (values, "holdings");
  cd_template_values_set_text (item, "title", "Contracts");
  cd_template_values_set_text (item, "count", "3");
  cd_template_values_set_text (item, "note", "item note");
  cd_template_values_set_flag (item, "sensitive", TRUE);
  cd_template_values_set_text (cd_template_values_add_item (item, "files"), "path", "a.pdf");
  cd_template_values_set_text (cd_template_values_add_item (item, "files"), "path", "b.pdf");

  item = cd_template_values_add_item (values, "holdings");
  cd_template_values_set_text (item, "title", "Spreadsheets");
  cd_template_values_set_text (item, "count", "1");

  return values;
}

static CdTemplate *
compile_len (const char        *source,
             gsize              len,
             CdTemplateSchema  *schema,
             guint             *line,
             guint             *column,
             GError           **error)
{
  g_autofree char *copy = g_memdup2 (source, len > 0 ? len : 1);

  return cd_template_compile (copy, (gssize) len, schema, line, column, error);
}

static CdTemplate *
compile_ok (const char       *source,
            CdTemplateSchema *schema)
{
  g_autoptr(GError) error = NULL;
  guint line = 99;
  guint column = 99;
  CdTemplate *tmpl = compile_len (source, strlen (source), schema, &line, &column, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tmpl);
  g_assert_cmpuint (line, ==, 0);
  g_assert_cmpuint (column, ==, 0);
  return tmpl;
}

static char *
render_ok (const char       *source,
           CdTemplateValues *values,
           CdTemplateEscape  escape)
{
  g_autoptr(CdTemplateSchema) schema = letter_schema ();
  g_autoptr(CdTemplate) tmpl = compile_ok (source, schema);
  g_autoptr(GError) error = NULL;
  char *out = cd_template_render (tmpl, values, escape, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

/* Renders @source with the letter's values and compares. */
static void
assert_renders (const char *source,
                const char *expected)
{
  g_autoptr(CdTemplateValues) values = letter_values ();
  g_autofree char *out = render_ok (source, values, CD_TEMPLATE_ESCAPE_NONE);

  g_assert_cmpstr (out, ==, expected);
}

static void
assert_compile_fails (const char      *source,
                      gssize           length,
                      CdTemplateError  code,
                      guint            line,
                      guint            column,
                      const char      *message)
{
  g_autoptr(CdTemplateSchema) schema = letter_schema ();
  g_autoptr(CdTemplate) tmpl = NULL;
  g_autoptr(GError) error = NULL;
  guint got_line = 0;
  guint got_column = 0;
  gsize len = length < 0 ? strlen (source) : (gsize) length;

  tmpl = compile_len (source, len, schema, &got_line, &got_column, &error);
  g_assert_null (tmpl);
  g_assert_error (error, CD_TEMPLATE_ERROR, (int) code);
  g_assert_cmpuint (got_line, ==, line);
  g_assert_cmpuint (got_column, ==, column);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_plain (void)
{
  assert_renders ("", "");
  assert_renders ("Hello, world.\n", "Hello, world.\n");
  assert_renders ("{ single } braces }} and { { are text", "{ single } braces }} and { { are text");
  assert_renders ("尊敬的客户：\n您好。", "尊敬的客户：\n您好。");
  assert_renders ("<p>a & b</p>", "<p>a & b</p>");
  assert_renders ("no newline at the end", "no newline at the end");
}

static void
test_variables (void)
{
  assert_renders ("Dear {{honorific}} {{name}},", "Dear Ms Li Wei,");
  assert_renders ("Dear {{ honorific }} {{\tname\t}},", "Dear Ms Li Wei,");
  assert_renders ("{{name}}{{name}}", "Li WeiLi Wei");
  /* Set, then unset again. */
  {
    g_autoptr(CdTemplateValues) values = letter_values ();
    g_autofree char *out = NULL;

    cd_template_values_set_text (values, "name", NULL);
    out = render_ok ("[{{name}}][{{retention.end}}]", values, CD_TEMPLATE_ESCAPE_NONE);
    g_assert_cmpstr (out, ==, "[][]");
  }
  /* No values at all: every variable is unset. */
  {
    g_autofree char *out = render_ok ("[{{name}}]{{#if vip}}v{{/if}}{{#each holdings}}h{{/each}}",
                                      NULL, CD_TEMPLATE_ESCAPE_HTML);

    g_assert_cmpstr (out, ==, "[]");
  }
  /* A value of the wrong type renders as unset. */
  {
    g_autoptr(CdTemplateValues) values = cd_template_values_new ();
    g_autofree char *out = NULL;

    cd_template_values_set_flag (values, "name", TRUE);
    cd_template_values_set_text (values, "holdings", "x");
    out = render_ok ("[{{name}}]{{#each holdings}}h{{else}}none{{/each}}", values,
                     CD_TEMPLATE_ESCAPE_NONE);
    g_assert_cmpstr (out, ==, "[]none");
  }
  /* Dotted names and quoted literals. */
  {
    g_autoptr(CdTemplateValues) values = cd_template_values_new ();
    g_autofree char *out = NULL;

    cd_template_values_set_text (values, "retention.end", "2026-06-30");
    out = render_ok ("{{\"{{\"}}until{{ \"}}\" }} {{retention.end}}{{\"\"}}.", values,
                     CD_TEMPLATE_ESCAPE_NONE);
    g_assert_cmpstr (out, ==, "{{until}} 2026-06-30.");
  }
}

static void
test_escape (void)
{
  const char *source = "<p>{{name}} {{\"<&>\"}} & {{note}}</p>";
  g_autoptr(CdTemplateValues) values = cd_template_values_new ();
  g_autofree char *html = NULL;
  g_autofree char *plain = NULL;

  cd_template_values_set_text (values, "name", "<b>Tom & \"Jerry's\"</b>");
  cd_template_values_set_text (values, "note", "张三 <x>");
  html = render_ok (source, values, CD_TEMPLATE_ESCAPE_HTML);
  plain = render_ok (source, values, CD_TEMPLATE_ESCAPE_NONE);
  g_assert_cmpstr (html, ==,
                   "<p>&lt;b&gt;Tom &amp; &quot;Jerry&#39;s&quot;&lt;/b&gt; <&> & 张三 &lt;x&gt;</p>");
  g_assert_cmpstr (plain, ==, "<p><b>Tom & \"Jerry's\"</b> <&> & 张三 <x></p>");
}

static void
test_if_unless (void)
{
  g_autoptr(CdTemplateValues) values = cd_template_values_new ();
  const char *source =
    "{{#if name}}T{{else}}t{{/if}}"
    "{{#unless name}}u{{else}}U{{/unless}}"
    "{{#if vip}}F{{else}}f{{/if}}"
    "{{#unless vip}}u{{/unless}}"
    "{{#if holdings}}L{{else}}l{{/if}}"
    "{{#unless holdings}}u{{/unless}}";

  /* Unset: all false. */
  {
    g_autofree char *out = render_ok (source, values, CD_TEMPLATE_ESCAPE_NONE);
    g_assert_cmpstr (out, ==, "tufulu");
  }
  /* Set but empty, FALSE, no items: still false. */
  {
    g_autofree char *out = NULL;

    cd_template_values_set_text (values, "name", "");
    cd_template_values_set_flag (values, "vip", FALSE);
    out = render_ok (source, values, CD_TEMPLATE_ESCAPE_NONE);
    g_assert_cmpstr (out, ==, "tufulu");
  }
  /* Set: all true. */
  {
    g_autofree char *out = NULL;

    cd_template_values_set_text (values, "name", "x");
    cd_template_values_set_flag (values, "vip", TRUE);
    cd_template_values_add_item (values, "holdings");
    out = render_ok (source, values, CD_TEMPLATE_ESCAPE_NONE);
    g_assert_cmpstr (out, ==, "TUFL");
  }
  /* Nested conditions. */
  assert_renders ("{{#if vip}}{{#unless note}}a{{else}}{{#if name}}b{{/if}}{{/unless}}{{/if}}", "b");
}

static void
test_each (void)
{
  /* Item fields, the outer values, and an item field ("note") that hides
   * the outer variable of the same name. */
  assert_renders ("{{#each holdings}}{{title}}: {{count}} ({{name}}, {{note}}); {{/each}}",
                  "Contracts: 3 (Li Wei, item note); Spreadsheets: 1 (Li Wei, ); ");
  assert_renders ("{{note}}{{#each holdings}}{{/each}}{{note}}", "outer noteouter note");
  /* Nested: the files of each holding, with fields of both levels. */
  assert_renders ("{{#each holdings}}{{title}}[{{#each files}}{{path}}/{{title}}/{{company}} {{/each}}]"
                  "{{#if sensitive}}!{{/if}}{{/each}}",
                  "Contracts[a.pdf/Contracts/Acme & Co b.pdf/Contracts/Acme & Co ]!Spreadsheets[]");
  /* else of an empty or unset list; the outer values stay visible. */
  assert_renders ("{{#each empty}}{{x}}{{else}}none for {{name}}{{/each}}", "none for Li Wei");
  assert_renders ("{{#each holdings}}{{title}} {{else}}none{{/each}}", "Contracts Spreadsheets ");
  /* The same list twice, nested: the inner loop sees the outer list. */
  assert_renders ("{{#each holdings}}{{#each holdings}}{{count}}{{/each}}|{{/each}}", "31|31|");
}

static void
test_standalone (void)
{
  const char *source =
    "A\n"
    "{{#if vip}}\n"
    "  VIP\n"
    "  {{! a comment }}  \n"
    "{{else}}\n"
    "  normal\n"
    "\t{{/if}}\t\n"
    "{{#each holdings}}\n"
    "- {{title}}\n"
    "{{/each}}\n"
    "B\n"
    "{{!\n"
    "  a comment over three lines\n"
    "}}\n"
    "C\n"
    "{{/if}}";
  g_autoptr(CdTemplateSchema) schema = letter_schema ();
  g_autoptr(CdTemplateValues) values = letter_values ();
  g_autofree char *source_closed = g_strconcat ("{{#if name}}\n", source, NULL);
  g_autoptr(CdTemplate) tmpl = compile_ok (source_closed, schema);
  g_autofree char *out = NULL;
  g_autofree char *out_false = NULL;

  out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE, NULL);
  g_assert_cmpstr (out, ==, "A\n  VIP\n- Contracts\n- Spreadsheets\nB\nC\n");
  cd_template_values_set_flag (values, "vip", FALSE);
  out_false = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE, NULL);
  g_assert_cmpstr (out_false, ==, "A\n  normal\n- Contracts\n- Spreadsheets\nB\nC\n");

  /* Other text or a second tag on the line: the line stays. */
  assert_renders ("x {{#if vip}}\ny\n{{/if}} z\n", "x \ny\n z\n");
  assert_renders ("{{#if vip}}{{#if vip}}\ny\n{{/if}}{{/if}}\n", "\ny\n\n");
  assert_renders ("a\n{{#if vip}}{{name}}\n{{/if}}\n", "a\nLi Wei\n");
  /* A variable alone on its line never takes it. */
  assert_renders ("a\n  {{note}}  \nb\n", "a\n  outer note  \nb\n");
  assert_renders ("a\n{{retention.end}}\nb", "a\n\nb");
}

static void
test_crlf (void)
{
  assert_renders ("A\r\n{{#if vip}}\r\nVIP {{name}}\r\n{{/if}}\r\nB\r\n",
                  "A\r\nVIP Li Wei\r\nB\r\n");
  assert_renders ("A\r\n  {{#unless vip}}  \r\nno\r\n{{/unless}}\r\nB",
                  "A\r\nB");
  /* A lone CR is not a line break: the tag is not alone on its line. */
  assert_renders ("A\r{{#if vip}}\rB{{/if}}", "A\r\rB");
  assert_compile_fails ("a\r\nb\r\n  {{nope}}", -1, CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 3, 5,
                        "Line 3, column 5: unknown variable “nope”");
}

static void
test_columns_in_characters (void)
{
  g_autoptr(CdTemplateValues) values = letter_values ();
  g_autofree char *out = render_ok ("尊敬的{{name}}：\n您好。", values, CD_TEMPLATE_ESCAPE_HTML);

  g_assert_cmpstr (out, ==, "尊敬的Li Wei：\n您好。");
  assert_compile_fails ("尊敬的{{nmae}}：", -1, CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 1, 6,
                        "Line 1, column 6: unknown variable “nmae”");
  assert_compile_fails ("第一行\r\n客户：{{#each name}}", -1, CD_TEMPLATE_ERROR_TYPE, 2, 12, NULL);
  assert_compile_fails ("𝄞é{{/if}}", -1, CD_TEMPLATE_ERROR_SYNTAX, 1, 3, NULL);
}

typedef struct
{
  const char      *source;
  CdTemplateError  code;
  guint            line;
  guint            column;
  const char      *message;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "Dear {{foo}}", CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 1, 8,
      "Line 1, column 8: unknown variable “foo”" },
    { "x\n{{#if foo}}{{/if}}", CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 2, 7,
      "Line 2, column 7: unknown variable “foo”" },
    { "{{#each holdings}}{{x}}{{/each}}", CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 1, 21,
      "Line 1, column 21: unknown variable “x”" },
    /* Item fields are not visible after the loop, nor in its else. */
    { "{{#each holdings}}{{/each}}{{title}}", CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 1, 30, NULL },
    { "{{#each holdings}}{{else}}{{title}}{{/each}}", CD_TEMPLATE_ERROR_UNKNOWN_VARIABLE, 1, 29, NULL },
    { "ok\n  {{/if}}", CD_TEMPLATE_ERROR_SYNTAX, 2, 3,
      "Line 2, column 3: “{{/if}}” without an open “{{#if}}”" },
    { "a\n{{#each holdings}}\n{{title}}\n", CD_TEMPLATE_ERROR_SYNTAX, 2, 1,
      "Line 2, column 1: “{{#each holdings}}” is not closed" },
    { "{{#if vip}}{{#each holdings}}{{/if}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 30,
      "Line 1, column 30: “{{/if}}” closes “{{#each}}”" },
    { "{{#if vip}}{{/each}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 12,
      "Line 1, column 12: “{{/each}}” closes “{{#if}}”" },
    { "Dear {{name", CD_TEMPLATE_ERROR_SYNTAX, 1, 6,
      "Line 1, column 6: “{{” without “}}”" },
    { "Dear {{name\n}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 6, "Line 1, column 6: “{{” without “}}”" },
    { "Dear {{", CD_TEMPLATE_ERROR_SYNTAX, 1, 6, "Line 1, column 6: “{{” without “}}”" },
    { "{{! never closed", CD_TEMPLATE_ERROR_SYNTAX, 1, 1, "Line 1, column 1: “{{” without “}}”" },
    { "a {{}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 3, "Line 1, column 3: empty tag “{{}}”" },
    { "a {{  }}", CD_TEMPLATE_ERROR_SYNTAX, 1, 3, "Line 1, column 3: empty tag “{{}}”" },
    { "{{#for x}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 1,
      "Line 1, column 1: unknown section “#for”: use #if, #unless or #each" },
    { "{{#if vip}}{{/fi}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 12,
      "Line 1, column 12: unknown section “/fi”: use #if, #unless or #each" },
    { "{{#}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 1, NULL },
    { "{{#if}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 1,
      "Line 1, column 1: “{{#if}}” needs the name of a variable" },
    { "{{#each  }}", CD_TEMPLATE_ERROR_SYNTAX, 1, 1, NULL },
    { "a\n{{else}}", CD_TEMPLATE_ERROR_SYNTAX, 2, 1,
      "Line 2, column 1: “{{else}}” outside a section" },
    { "{{#if vip}}{{else}}{{ else }}{{/if}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 20,
      "Line 1, column 20: a second “{{else}}” in the same section" },
    { "{{#each name}}{{/each}}", CD_TEMPLATE_ERROR_TYPE, 1, 9,
      "Line 1, column 9: “name” is a text, not a list: use {{#if name}} or {{name}}" },
    { "{{#each vip}}{{/each}}", CD_TEMPLATE_ERROR_TYPE, 1, 9,
      "Line 1, column 9: “vip” is a flag, not a list: use {{#if vip}}" },
    { "{{ holdings }}", CD_TEMPLATE_ERROR_TYPE, 1, 4,
      "Line 1, column 4: “holdings” is a list: show its items with {{#each holdings}}" },
    { "{{vip}}", CD_TEMPLATE_ERROR_TYPE, 1, 3,
      "Line 1, column 3: “vip” is a flag: use it in {{#if vip}} or {{#unless vip}}" },
    { "{{#each holdings}}{{sensitive}}{{/each}}", CD_TEMPLATE_ERROR_TYPE, 1, 21, NULL },
    /* Not names. */
    { "{{foo bar}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 7, "Line 1, column 7: unexpected “b” in a tag" },
    { "{{1st}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 3, "Line 1, column 3: unexpected “1” in a tag" },
    { "{{na-me}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 5, NULL },
    { "{{{name}}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 3, "Line 1, column 3: unexpected “{” in a tag" },
    { "{{名字}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 3, "Line 1, column 3: unexpected “名” in a tag" },
    { "{{name\t\x01}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 8,
      "Line 1, column 8: unexpected “U+0001” in a tag" },
    { "{{#if vip x}}{{/if}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 11, NULL },
    { "{{#if vip}}{{/if vip}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 18, NULL },
    { "{{else x}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 8, NULL },
    { "{{\"abc}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 3,
      "Line 1, column 3: quoted text without its closing “\"”" },
    { "{{\"abc\" x}}", CD_TEMPLATE_ERROR_SYNTAX, 1, 9, NULL },
    { "{{\"abc\"", CD_TEMPLATE_ERROR_SYNTAX, 1, 1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].source);
      assert_compile_fails (cases[i].source, -1, cases[i].code, cases[i].line, cases[i].column,
                            cases[i].message);
    }
}

static void
test_invalid (void)
{
  assert_compile_fails ("ab\ncd\xff", -1, CD_TEMPLATE_ERROR_INVALID, 2, 3,
                        "Line 2, column 3: the template is not valid UTF-8 text");
  /* A character cut short, after Chinese text. */
  assert_compile_fails ("客户\xe5\xae", -1, CD_TEMPLATE_ERROR_INVALID, 1, 3, NULL);
  assert_compile_fails ("a\nbc\0{{name}}", 11, CD_TEMPLATE_ERROR_INVALID, 2, 3,
                        "Line 2, column 3: the template contains a NUL byte");
  assert_compile_fails ("\0", 1, CD_TEMPLATE_ERROR_INVALID, 1, 1, NULL);
}

static void
test_limits (void)
{
  g_autoptr(CdTemplateSchema) schema = letter_schema ();
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint line = 0;
  guint column = 0;

  /* Source size: the limit itself is allowed. */
  {
    g_autofree char *big = g_malloc (CD_TEMPLATE_MAX_SOURCE + 1);
    g_autoptr(CdTemplate) tmpl = NULL;
    g_autofree char *out = NULL;

    memset (big, 'a', CD_TEMPLATE_MAX_SOURCE + 1);
    tmpl = cd_template_compile (big, CD_TEMPLATE_MAX_SOURCE, schema, NULL, NULL, &error);
    g_assert_no_error (error);
    out = cd_template_render (tmpl, NULL, CD_TEMPLATE_ESCAPE_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (out), ==, CD_TEMPLATE_MAX_SOURCE);

    g_assert_null (cd_template_compile (big, CD_TEMPLATE_MAX_SOURCE + 1, schema,
                                        &line, &column, &error));
    g_assert_error (error, CD_TEMPLATE_ERROR, CD_TEMPLATE_ERROR_LIMIT);
    g_assert_cmpstr (error->message, ==, "Line 1, column 1: the template is larger than 256 KiB");
    g_assert_cmpuint (line, ==, 1);
    g_assert_cmpuint (column, ==, 1);
    g_clear_error (&error);
  }

  /* Nesting: eight sections deep compile; the ninth is refused. */
  for (guint i = 0; i < CD_TEMPLATE_MAX_DEPTH; i++)
    g_string_append (source, i % 2 == 0 ? "{{#if vip}}\n" : "{{#each holdings}}\n");
  g_string_append (source, "{{title}}\n");
  for (guint i = CD_TEMPLATE_MAX_DEPTH; i > 0; i--)
    g_string_append (source, (i - 1) % 2 == 0 ? "{{/if}}\n" : "{{/each}}\n");
  {
    g_autoptr(CdTemplate) tmpl = compile_ok (source->str, schema);
    g_autoptr(CdTemplateValues) values = letter_values ();
    g_autofree char *out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE, &error);

    g_assert_no_error (error);
    /* Four nested loops over two holdings: 16 titles. */
    g_assert_cmpuint (strlen (out), ==, 8 * (strlen ("Contracts\n") + strlen ("Spreadsheets\n")));
  }
  g_string_truncate (source, 0);
  for (guint i = 0; i <= CD_TEMPLATE_MAX_DEPTH; i++)
    g_string_append (source, "{{#if vip}}");
  assert_compile_fails (source->str, -1, CD_TEMPLATE_ERROR_LIMIT, 1, 89,
                        "Line 1, column 89: sections nested more than 8 deep");

  /* Tags: the limit itself is allowed. */
  g_string_truncate (source, 0);
  for (guint i = 0; i < CD_TEMPLATE_MAX_TAGS; i++)
    g_string_append (source, "{{name}}\n");
  {
    g_autoptr(CdTemplate) tmpl = compile_ok (source->str, schema);
    g_autoptr(GPtrArray) names = cd_template_list_variables (tmpl);

    g_assert_cmpuint (names->len, ==, 1);
  }
  g_string_append (source, "{{!}}");
  assert_compile_fails (source->str, -1, CD_TEMPLATE_ERROR_LIMIT, CD_TEMPLATE_MAX_TAGS + 1, 1,
                        "Line 4097, column 1: more than 4096 tags");

  /* Output: nested loops over long lists. */
  {
    g_autoptr(CdTemplateValues) values = cd_template_values_new ();
    g_autoptr(CdTemplate) tmpl = NULL;
    g_autofree char *out = NULL;

    for (guint i = 0; i < 200; i++)
      cd_template_values_add_item (values, "holdings");
    tmpl = compile_ok ("{{#each holdings}}{{#each holdings}}\n"
                       "{{#each holdings}}0123456789abcdef{{/each}}{{/each}}{{/each}}", schema);
    out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE, &error);
    g_assert_null (out);
    g_assert_error (error, CD_TEMPLATE_ERROR, CD_TEMPLATE_ERROR_LIMIT);
    g_assert_cmpstr (error->message, ==,
                     "Line 2, column 19: the letter would be longer than 1024 KiB");
    g_clear_error (&error);
  }
  /* Work: nested loops that write nothing. */
  {
    g_autoptr(CdTemplateValues) values = cd_template_values_new ();
    g_autoptr(CdTemplate) tmpl = NULL;
    g_autofree char *out = NULL;

    for (guint i = 0; i < 100; i++)
      cd_template_values_add_item (values, "holdings");
    g_string_truncate (source, 0);
    for (guint i = 0; i < CD_TEMPLATE_MAX_DEPTH; i++)
      g_string_append (source, "{{#each holdings}}");
    for (guint i = 0; i < CD_TEMPLATE_MAX_DEPTH; i++)
      g_string_append (source, "{{/each}}");
    tmpl = compile_ok (source->str, schema);
    out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE, &error);
    g_assert_null (out);
    g_assert_error (error, CD_TEMPLATE_ERROR, CD_TEMPLATE_ERROR_LIMIT);
    g_clear_error (&error);
  }
  /* Output: one long value, escaped, many times. */
  {
    g_autoptr(CdTemplateValues) values = cd_template_values_new ();
    g_autoptr(CdTemplate) tmpl = compile_ok ("{{#each holdings}}{{name}}{{/each}}", schema);
    g_autofree char *value = g_strnfill (100 * 1024, '<');
    g_autofree char *out = NULL;

    cd_template_values_set_text (values, "name", value);
    for (guint i = 0; i < 2; i++)
      cd_template_values_add_item (values, "holdings");
    out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (out), ==, 200 * 1024);
    g_clear_pointer (&out, g_free);
    out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_HTML, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (out), ==, 800 * 1024);
    g_clear_pointer (&out, g_free);
    cd_template_values_add_item (values, "holdings");
    out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_HTML, &error);
    g_assert_null (out);
    g_assert_error (error, CD_TEMPLATE_ERROR, CD_TEMPLATE_ERROR_LIMIT);
    g_assert_cmpstr (error->message, ==,
                     "Line 1, column 19: the letter would be longer than 1024 KiB");
    g_clear_error (&error);
  }
}

/* Every prefix of a template compiles or fails with an error and a place,
 * and what compiles renders. */
static void
test_truncated (void)
{
  const char *source =
    "尊敬的{{honorific}} {{ name }}：\r\n"
    "{{! 注释 }}\n"
    "{{#if vip}}\n"
    "  感谢您{{\"{{\"}}多年的支持。\n"
    "{{else}}\n"
    "  您好。\n"
    "{{/if}}\n"
    "{{#each holdings}}\n"
    "- {{title}}: {{count}} {{#unless sensitive}}({{company}}){{/unless}}\n"
    "  {{#each files}}{{path}} {{/each}}\n"
    "{{else}}\n"
    "我们不持有您的数据。\n"
    "{{/each}}\n"
    "{{retention.end}}";
  g_autoptr(CdTemplateSchema) schema = letter_schema ();
  g_autoptr(CdTemplateValues) values = letter_values ();
  gsize len = strlen (source);
  guint n_ok = 0;
  guint n_invalid = 0;

  for (gsize i = 0; i <= len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CdTemplate) tmpl = NULL;
      guint line = 0;
      guint column = 0;

      tmpl = compile_len (source, i, schema, &line, &column, &error);
      if (tmpl == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == CD_TEMPLATE_ERROR);
          g_assert_cmpuint (line, >=, 1);
          g_assert_cmpuint (column, >=, 1);
          g_assert_true (g_str_has_prefix (error->message, "Line "));
          if (error->code == CD_TEMPLATE_ERROR_INVALID)
            n_invalid++;
        }
      else
        {
          g_autofree char *out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_HTML, NULL);

          g_assert_no_error (error);
          g_assert_nonnull (out);
          g_assert_true (g_utf8_validate (out, -1, NULL));
          n_ok++;
        }
    }

  /* Those outside every section that end in text or right after a tag
   * (0, 3, 6, 9 and 10 bytes, then 3 + 5 + 3 more before the #if, 3
   * between the #if and the #each, 4 after it): 23. Those that cut one of
   * the 28 characters of three bytes: 56. */
  g_assert_cmpuint (n_ok, ==, 23);
  g_assert_cmpuint (n_invalid, ==, 56);

  {
    g_autoptr(CdTemplate) tmpl = compile_ok (source, schema);
    g_autofree char *out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_HTML, NULL);

    g_assert_cmpstr (out, ==,
                     "尊敬的Ms Li Wei：\r\n"
                     "  感谢您{{多年的支持。\n"
                     "- Contracts: 3 \n"
                     "  a.pdf b.pdf \n"
                     "- Spreadsheets: 1 (Acme &amp; Co)\n"
                     "  \n");
  }
}

static void
test_schema (void)
{
  g_autoptr(CdTemplateSchema) schema = letter_schema ();
  g_autoptr(GPtrArray) names = cd_template_schema_list_names (schema);
  g_autoptr(GPtrArray) fields = NULL;
  CdTemplateSchema *item;
  CdTemplateVarType type = CD_TEMPLATE_VAR_TEXT;
  const char *description = NULL;

  g_assert_cmpuint (names->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "name");
  g_assert_cmpstr (g_ptr_array_index (names, 4), ==, "retention.end");
  g_assert_cmpstr (g_ptr_array_index (names, 7), ==, "empty");

  g_assert_true (cd_template_schema_lookup (schema, "holdings", &type, &description));
  g_assert_cmpint (type, ==, CD_TEMPLATE_VAR_LIST);
  g_assert_cmpstr (description, ==, "What we hold");
  g_assert_true (cd_template_schema_lookup (schema, "vip", &type, &description));
  g_assert_cmpint (type, ==, CD_TEMPLATE_VAR_FLAG);
  g_assert_null (description);
  g_assert_true (cd_template_schema_lookup (schema, "name", NULL, NULL));
  g_assert_false (cd_template_schema_lookup (schema, "title", &type, &description));
  g_assert_false (cd_template_schema_lookup (schema, "Name", NULL, NULL));

  g_assert_null (cd_template_schema_get_item (schema, "name"));
  g_assert_null (cd_template_schema_get_item (schema, "nothing"));
  item = cd_template_schema_get_item (schema, "holdings");
  g_assert_nonnull (item);
  fields = cd_template_schema_list_names (item);
  g_assert_cmpuint (fields->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (fields, 4), ==, "files");
  g_assert_true (cd_template_schema_lookup (item, "sensitive", &type, NULL));
  g_assert_cmpint (type, ==, CD_TEMPLATE_VAR_FLAG);

  /* Added again: the new type and description, in the same place. */
  cd_template_schema_add (schema, "name", CD_TEMPLATE_VAR_FLAG, "Changed");
  g_assert_true (cd_template_schema_lookup (schema, "name", &type, &description));
  g_assert_cmpint (type, ==, CD_TEMPLATE_VAR_FLAG);
  g_assert_cmpstr (description, ==, "Changed");
  g_clear_pointer (&names, g_ptr_array_unref);
  names = cd_template_schema_list_names (schema);
  g_assert_cmpuint (names->len, ==, 8);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "name");

  /* A reference keeps it alive. */
  cd_template_schema_unref (cd_template_schema_ref (schema));
  g_assert_true (cd_template_schema_lookup (schema, "empty", NULL, NULL));
}

static void
test_list_variables (void)
{
  g_autoptr(CdTemplateSchema) schema = letter_schema ();
  g_autoptr(CdTemplate) tmpl = compile_ok (
    "{{#if vip}}{{name}}{{/if}} {{company}} {{name}}\n"
    "{{#each holdings}}{{title}}{{name}}{{#each files}}{{path}}{{/each}}{{/each}}{{#unless vip}}{{/unless}}",
    schema);
  g_autoptr(CdTemplate) none = compile_ok ("just text {{! and a comment }}", schema);
  g_autoptr(GPtrArray) names = cd_template_list_variables (tmpl);
  g_autoptr(GPtrArray) no_names = cd_template_list_variables (none);
  g_autofree char *joined = NULL;

  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (",", (char **) names->pdata);
  g_assert_cmpstr (joined, ==, "vip,name,company,holdings,title,files,path");
  g_assert_cmpuint (no_names->len, ==, 0);
}

/* A letter of about 1.5 KB with 20 variables and a list of 5 items,
 * compiled once and rendered 10,000 times. */
static void
test_speed (void)
{
  g_autoptr(CdTemplateSchema) schema = cd_template_schema_new ();
  g_autoptr(CdTemplateValues) values = cd_template_values_new ();
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(CdTemplate) tmpl = NULL;
  CdTemplateSchema *item;
  gint64 start;
  gint64 elapsed;
  gsize out_len = 0;
  double per_render;

  cd_template_schema_add (schema, "holdings", CD_TEMPLATE_VAR_LIST, NULL);
  item = cd_template_schema_get_item (schema, "holdings");
  cd_template_schema_add (item, "title", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (item, "count", CD_TEMPLATE_VAR_TEXT, NULL);
  cd_template_schema_add (schema, "vip", CD_TEMPLATE_VAR_FLAG, NULL);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("var%u", i);
      g_autofree char *value = g_strdup_printf ("value number %u", i);

      cd_template_schema_add (schema, name, CD_TEMPLATE_VAR_TEXT, NULL);
      cd_template_values_set_text (values, name, value);
      g_string_append_printf (source, "Paragraph %u of the letter, with a variable here: {{%s}}.\n",
                              i, name);
    }
  g_string_append (source, "{{#if vip}}\nThank you for being with us all these years.\n{{/if}}\n");
  g_string_append (source, "{{#each holdings}}\n- {{title}}: {{count}} items, for {{var1}}\n{{/each}}\n");
  g_string_append (source, "Yours sincerely,\n{{var0}}\n");
  while (source->len < 1500)
    g_string_append (source, "More text that the letter holds, with no variable in it.\n");
  cd_template_values_set_flag (values, "vip", TRUE);
  for (guint i = 0; i < 5; i++)
    {
      CdTemplateValues *holding = cd_template_values_add_item (values, "holdings");

      cd_template_values_set_text (holding, "title", "Contracts & letters");
      cd_template_values_set_text (holding, "count", "12");
    }

  tmpl = compile_ok (source->str, schema);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *out = cd_template_render (tmpl, values, CD_TEMPLATE_ESCAPE_HTML, NULL);

      out_len += strlen (out);
    }
  elapsed = g_get_monotonic_time () - start;
  per_render = elapsed / 10000.0;

  g_test_message ("%zu bytes of template, %zu of output: %.2f µs per render",
                  source->len, out_len / 10000, per_render);
  g_assert_cmpuint (out_len / 10000, >, 1500);
  /* 20 µs is the target; the bound leaves room for valgrind and loaded
   * machines, while still catching a render that walks the source. */
  g_assert_cmpfloat (per_render, <, 2000.0);
}

int
main (int   argc,
      char *argv[])
{
  /* No files are touched, so no isolated directories (which GLib never
   * frees, and valgrind would report). */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/plain", test_plain);
  g_test_add_func ("/template/variables", test_variables);
  g_test_add_func ("/template/escape", test_escape);
  g_test_add_func ("/template/sections/if-unless", test_if_unless);
  g_test_add_func ("/template/sections/each", test_each);
  g_test_add_func ("/template/standalone", test_standalone);
  g_test_add_func ("/template/crlf", test_crlf);
  g_test_add_func ("/template/columns-in-characters", test_columns_in_characters);
  g_test_add_func ("/template/errors", test_errors);
  g_test_add_func ("/template/invalid", test_invalid);
  g_test_add_func ("/template/limits", test_limits);
  g_test_add_func ("/template/truncated", test_truncated);
  g_test_add_func ("/template/schema", test_schema);
  g_test_add_func ("/template/list-variables", test_list_variables);
  g_test_add_func ("/template/speed", test_speed);

  return g_test_run ();
}
