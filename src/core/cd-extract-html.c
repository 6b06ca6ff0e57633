/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract-html: the text of HTML pages: chat exports (WeChat, QQ),
 * saved web pages, the HTML part of a mail.
 *
 * HTML is not XML (unclosed tags, bare '<' and '&', unquoted attributes),
 * so it is read by a small tokenizer of its own, in one pass: every byte is
 * looked at a bounded number of times, whatever the input, and text inside
 * a tag, comment or entity that never ends is still handled at the end.
 * The text is never longer than the decoded input: every tag, entity and
 * attribute turns into fewer bytes than it takes in the page.
 *
 * Identifiers also hide in attributes a reader sees or clicks (a title, an
 * alt text, a form value, a mailto: or tel: link): their values are kept,
 * each on a line of its own after the text of the block they sit in, so
 * they never break the text around them apart. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-csv.h"
#include "cd-extract.h"

/* The charset declaration must come early in a page; saved chat exports
 * put a long <head> first, hence more than the 1024 bytes of the HTML
 * standard's prescan. */
#define CHARSET_PRESCAN 8192

/* Text is handed on in pieces of about this size, cut at a line end. */
#define EMIT_CHUNK (1024 * 1024)

/* Long enough for every element and entity name we look at. */
#define TAG_NAME_MAX 16

/* Decodes @data from @charset to UTF-8, replacing every byte that is not
 * valid in it with '?' instead of failing (a damaged page is still read). */
static char *
convert_lossy (const char *data,
               gsize       len,
               const char *charset,
               gsize      *out_len)
{
  GIConv cd = g_iconv_open ("UTF-8", charset);
  GString *out;
  char *in = (char *) data;
  gsize in_left = len;
  char buffer[4096];

  if (cd == (GIConv) -1)
    return NULL;

  out = g_string_sized_new (len + len / 2 + 1);
  while (in_left > 0)
    {
      char *o = buffer;
      gsize o_left = sizeof buffer;
      gsize r = g_iconv (cd, &in, &in_left, &o, &o_left);

      g_string_append_len (out, buffer, o - buffer);
      if (r == (gsize) -1 && errno != E2BIG)
        {
          /* EILSEQ, or EINVAL for a sequence cut at the end */
          g_string_append_c (out, '?');
          in++;
          in_left--;
          g_iconv (cd, NULL, NULL, NULL, NULL);
        }
    }
  g_iconv_close (cd);

  *out_len = out->len;
  return g_string_free (out, FALSE);
}

/* The iconv name for a charset label found in a page, or NULL. */
static const char *
charset_for_label (const char *label)
{
  static const struct
  {
    const char *label;
    const char *charset;
  } labels[] = {
    { "utf-8", "UTF-8" }, { "utf8", "UTF-8" }, { "unicode-1-1-utf-8", "UTF-8" },
    /* A page cannot declare UTF-16 in itself: the standard reads it as UTF-8. */
    { "utf-16", "UTF-8" }, { "utf-16le", "UTF-8" }, { "utf-16be", "UTF-8" },
    /* GB18030 is a superset of GBK, itself a superset of GB2312. */
    { "gb2312", "GB18030" }, { "gbk", "GB18030" }, { "gb18030", "GB18030" },
    { "x-gbk", "GB18030" }, { "cp936", "GB18030" }, { "windows-936", "GB18030" },
    { "euc-cn", "GB18030" }, { "csgb2312", "GB18030" }, { "chinese", "GB18030" },
    { "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "cn-big5", "BIG5-HKSCS" },
    { "x-x-big5", "BIG5-HKSCS" }, { "csbig5", "BIG5-HKSCS" },
    { "iso-8859-1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
    { "us-ascii", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
    { "windows-1252", "WINDOWS-1252" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_ascii_strcasecmp (label, labels[i].label) == 0)
      return labels[i].charset;
  return NULL;
}

static const char *
find_ci (const char *haystack,
         gsize       len,
         const char *needle)
{
  gsize needle_len = strlen (needle);

  for (gsize i = 0; i + needle_len <= len; i++)
    if (g_ascii_strncasecmp (haystack + i, needle, needle_len) == 0)
      return haystack + i;
  return NULL;
}

/* The label after "charset" or "encoding" at @p ("charset = 'gbk'"), if any. */
static char *
read_label (const char *p,
            const char *end)
{
  const char *start;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p >= end || *p != '=')
    return NULL;
  p++;
  while (p < end && (g_ascii_isspace (*p) || *p == '"' || *p == '\''))
    p++;
  start = p;
  while (p < end && p - start < 40 && (g_ascii_isalnum (*p) || strchr ("-_.:", *p) != NULL))
    p++;
  return p > start ? g_strndup (start, p - start) : NULL;
}

/* The charset a page declares: <meta charset=…>, <meta http-equiv=…
 * content="text/html; charset=…">, or an XML declaration's encoding. */
static char *
declared_charset (const char *data,
                  gsize       len)
{
  const char *p = data;
  const char *end = data + MIN (len, CHARSET_PRESCAN);
  const char *xml = find_ci (data, end - data, "<?xml");

  if (xml != NULL)
    {
      const char *close = memchr (xml, '>', end - xml);
      const char *encoding = find_ci (xml, (close != NULL ? close : end) - xml, "encoding");

      if (encoding != NULL)
        return read_label (encoding + 8, close != NULL ? close : end);
    }

  while (p < end)
    {
      const char *meta = find_ci (p, end - p, "<meta");
      const char *close;
      const char *charset;

      if (meta == NULL)
        break;
      close = memchr (meta, '>', end - meta);
      if (close == NULL)
        close = end;
      charset = find_ci (meta, close - meta, "charset");
      if (charset != NULL)
        {
          char *label = read_label (charset + 7, close);

          if (label != NULL)
            return label;
        }
      p = close;
    }
  return NULL;
}

/* UTF-8, NUL bytes aside (g_utf8_validate_len() refuses them; the
 * tokenizer reads them as spaces). */
static gboolean
is_utf8_but_nul (const char *data,
                 gsize       len)
{
  while (len > 0)
    {
      const char *nul = memchr (data, '\0', len);
      gsize run = nul != NULL ? (gsize) (nul - data) : len;

      if (!g_utf8_validate_len (data, run, NULL))
        return FALSE;
      if (nul == NULL)
        break;
      data += run + 1;
      len -= run + 1;
    }
  return TRUE;
}

/* The page as UTF-8: a byte order mark first, then bytes that are valid
 * UTF-8 (a page saved again as UTF-8 often keeps its old declaration),
 * then the declared charset, then UTF-8 or GB18030 as text files are read. */
static char *
decode_page (const char *data,
             gsize       len,
             gsize      *out_len)
{
  g_autofree char *label = NULL;
  const char *charset = NULL;
  char *text;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    return convert_lossy (data + 3, len - 3, "UTF-8", out_len);
  if (len >= 2 && memcmp (data, "\xff\xfe", 2) == 0)
    return convert_lossy (data + 2, len - 2, "UTF-16LE", out_len);
  if (len >= 2 && memcmp (data, "\xfe\xff", 2) == 0)
    return convert_lossy (data + 2, len - 2, "UTF-16BE", out_len);

  if (is_utf8_but_nul (data, len))
    {
      char *copy = g_malloc (len + 1);

      memcpy (copy, data, len);
      copy[len] = '\0';
      *out_len = len;
      return copy;
    }

  label = declared_charset (data, len);
  if (label != NULL)
    {
      charset = charset_for_label (label);
      if (charset == NULL)
        charset = label;   /* any other charset iconv knows */
      if (g_ascii_strcasecmp (charset, "UTF-8") != 0)
        {
          text = convert_lossy (data, len, charset, out_len);
          if (text != NULL)
            return text;
        }
    }

  text = cd_csv_decode_text (data, len, NULL, out_len, NULL);
  if (text != NULL)
    return text;
  return convert_lossy (data, len, "GB18030", out_len);
}

typedef struct
{
  GString *out;
  GString *attributes;   /* values kept, put out at the end of their block */
} Html;

/* Elements that end a line where they start or end. */
static gboolean
is_block (const char *name)
{
  static const char * const blocks[] = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "li", "main", "nav",
    "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr", "ul",
  };

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (strcmp (name, blocks[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
html_break (Html *html)
{
  if (html->out->len > 0 && html->out->str[html->out->len - 1] != '\n')
    g_string_append_c (html->out, '\n');
  if (html->attributes->len > 0)
    {
      g_string_append_len (html->out, html->attributes->str, html->attributes->len);
      g_string_truncate (html->attributes, 0);
    }
}

/* Characters that are invisible and only split what a reader sees as one
 * number (zero-width spaces and joiners, soft hyphens, a stray BOM). */
static gboolean
is_invisible (gunichar c)
{
  return c == 0xad || (c >= 0x200b && c <= 0x200d) || c == 0x2060 || c == 0xfeff;
}

static void
append_char (GString  *out,
             gunichar  c)
{
  if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
    g_string_append_c (out, '?');
  else if (c == 0xa0 || c == 0x3000)
    g_string_append_c (out, ' ');
  else if (!is_invisible (c))
    g_string_append_unichar (out, c);
}

/* Decodes the character reference at @s[*i] == '&' and moves past it; a
 * '&' that starts none is itself. */
static void
decode_entity (const char *s,
               gsize       n,
               gsize      *i,
               GString    *out)
{
  static const struct
  {
    const char *name;
    const char *text;
  } entities[] = {
    { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
    { "nbsp", " " }, { "ensp", " " }, { "emsp", " " }, { "thinsp", " " },
    { "zwsp", "" }, { "zwnj", "" }, { "zwj", "" }, { "shy", "" },
    { "ldquo", "“" }, { "rdquo", "”" }, { "lsquo", "‘" }, { "rsquo", "’" },
    { "middot", "·" }, { "bull", "•" }, { "hellip", "…" }, { "mdash", "—" },
    { "ndash", "–" }, { "copy", "©" }, { "reg", "®" }, { "trade", "™" },
    { "times", "×" }, { "divide", "÷" }, { "yen", "¥" }, { "euro", "€" },
    { "pound", "£" }, { "cent", "¢" }, { "sect", "§" }, { "deg", "°" },
    { "plusmn", "±" }, { "laquo", "«" }, { "raquo", "»" }, { "para", "¶" },
    { "commat", "@" }, { "period", "." }, { "lowbar", "_" }, { "hyphen", "-" },
    { "minus", "−" }, { "plus", "+" }, { "lpar", "(" }, { "rpar", ")" },
  };
  static const struct
  {
    const char *name;
    const char *text;
  } legacy[] = {
    { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "nbsp", " " },
    { "copy", "©" }, { "reg", "®" },
  };
  gsize p = *i + 1;

  if (p < n && s[p] == '#')
    {
      gboolean hex = p + 1 < n && (s[p + 1] == 'x' || s[p + 1] == 'X');
      guint64 c = 0;
      gsize digits = 0;

      p += hex ? 2 : 1;
      while (p < n && (hex ? g_ascii_isxdigit (s[p]) : g_ascii_isdigit (s[p])))
        {
          /* Leading zeros are allowed; past 0x10FFFF the value stays invalid. */
          if (c <= 0x10ffff)
            c = c * (hex ? 16 : 10) + (guint64) (hex ? g_ascii_xdigit_value (s[p])
                                                    : g_ascii_digit_value (s[p]));
          digits++;
          p++;
        }
      if (digits == 0)
        {
          g_string_append_c (out, '&');
          *i += 1;
          return;
        }
      if (p < n && s[p] == ';')
        p++;
      append_char (out, c > 0x10ffff ? 0 : (gunichar) c);
      *i = p;
      return;
    }

  {
    gsize start = p;

    while (p < n && p - start <= TAG_NAME_MAX && g_ascii_isalnum (s[p]))
      p++;
    for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
      if (p - start == strlen (entities[e].name) &&
          strncmp (s + start, entities[e].name, p - start) == 0)
        {
          g_string_append (out, entities[e].text);
          *i = p < n && s[p] == ';' ? p + 1 : p;
          return;
        }
    /* The old ones need no ';' and end where their name does, as in
     * "&nbsp13812345678". */
    for (guint e = 0; e < G_N_ELEMENTS (legacy); e++)
      if (p - start > strlen (legacy[e].name) &&
          strncmp (s + start, legacy[e].name, strlen (legacy[e].name)) == 0)
        {
          g_string_append (out, legacy[e].text);
          *i = start + strlen (legacy[e].name);
          return;
        }
  }
  g_string_append_c (out, '&');
  *i += 1;
}

/* Appends @s[start..end) with its character references decoded. */
static void
append_decoded (GString    *out,
                const char *s,
                gsize       start,
                gsize       end)
{
  gsize i = start;

  while (i < end)
    {
      if (s[i] == '&')
        decode_entity (s, end, &i, out);
      else
        g_string_append_c (out, s[i++]);
    }
}

/* Copies text, ending lines at CR, turning NULs into spaces and dropping
 * the invisible characters is_invisible() names. */
static gsize
append_text_byte (GString    *out,
                  const char *s,
                  gsize       n,
                  gsize       i)
{
  guchar c = (guchar) s[i];

  if (c == '\0')
    g_string_append_c (out, ' ');
  else if (c == '\r')
    g_string_append_c (out, '\n');
  else if (c == 0xe2 || c == 0xef || c == 0xc2)
    {
      gunichar u = g_utf8_get_char_validated (s + i, n - i);

      if (u != (gunichar) -1 && u != (gunichar) -2)
        {
          gsize len = (gsize) g_unichar_to_utf8 (u, NULL);

          if (!is_invisible (u))
            g_string_append_len (out, s + i, len);
          return i + len;
        }
      g_string_append_c (out, (char) c);
    }
  else
    g_string_append_c (out, (char) c);
  return i + 1;
}

static gsize
read_name (const char *s,
           gsize       n,
           gsize       i,
           char        name[TAG_NAME_MAX + 1])
{
  gsize len = 0;

  while (i < n && (g_ascii_isalnum (s[i]) || s[i] == '-' || s[i] == ':' || s[i] == '_'))
    {
      if (len < TAG_NAME_MAX)
        name[len++] = g_ascii_tolower (s[i]);
      i++;
    }
  name[len] = '\0';
  return i;
}

static gboolean
keep_attribute (const char *name,
                const char *value,
                gsize       len)
{
  if (strcmp (name, "title") == 0 || strcmp (name, "alt") == 0 ||
      strcmp (name, "value") == 0 || strcmp (name, "placeholder") == 0)
    return TRUE;
  if (strcmp (name, "href") == 0 || strcmp (name, "src") == 0)
    {
      gsize skip = 0;

      while (skip < len && g_ascii_isspace (value[skip]))
        skip++;
      return (len - skip >= 7 && g_ascii_strncasecmp (value + skip, "mailto:", 7) == 0) ||
             (len - skip >= 4 && g_ascii_strncasecmp (value + skip, "tel:", 4) == 0) ||
             (len - skip >= 4 && g_ascii_strncasecmp (value + skip, "sms:", 4) == 0);
    }
  return FALSE;
}

/* Reads the attributes of a start tag from @i up to and past its '>'.
 * Returns the position after the tag; @closed says whether it has one. */
static gsize
read_attributes (Html       *html,
                 const char *element,
                 const char *s,
                 gsize       n,
                 gsize       i,
                 gboolean   *closed)
{
  /* A <meta> tag's content is kept only if it is named (author,
   * description, keywords), not for http-equiv; the name may come after. */
  gsize content_start = 0;
  gsize content_end = 0;
  gboolean meta_named = FALSE;

  *closed = FALSE;
  while (i < n)
    {
      char name[TAG_NAME_MAX + 1];
      gsize value_start;
      gsize value_end;

      while (i < n && (g_ascii_isspace (s[i]) || s[i] == '/'))
        i++;
      if (i >= n)
        break;
      if (s[i] == '>')
        {
          *closed = TRUE;
          i++;
          break;
        }
      if (s[i] == '=' || s[i] == '"' || s[i] == '\'' || s[i] == '<')
        {
          name[0] = '\0';
          i++;
        }
      else
        {
          gsize start = i;

          i = read_name (s, n, i, name);
          if (i == start)
            {
              /* An odd character in a name: part of it, as browsers have it. */
              while (i < n && !g_ascii_isspace (s[i]) && s[i] != '>' && s[i] != '=')
                i++;
              name[0] = '\0';
            }
        }
      while (i < n && g_ascii_isspace (s[i]))
        i++;
      if (i >= n || s[i] != '=')
        continue;
      i++;
      while (i < n && g_ascii_isspace (s[i]))
        i++;
      if (i < n && (s[i] == '"' || s[i] == '\''))
        {
          const char *close = memchr (s + i + 1, s[i], n - i - 1);

          value_start = i + 1;
          value_end = close != NULL ? (gsize) (close - s) : n;
          i = close != NULL ? value_end + 1 : n;
        }
      else
        {
          value_start = i;
          while (i < n && !g_ascii_isspace (s[i]) && s[i] != '>')
            i++;
          value_end = i;
        }

      if (strcmp (element, "meta") == 0 && strcmp (name, "name") == 0)
        meta_named = TRUE;
      if (strcmp (element, "meta") == 0 && strcmp (name, "content") == 0)
        {
          content_start = value_start;
          content_end = value_end;
        }
      else if (value_end > value_start &&
               keep_attribute (name, s + value_start, value_end - value_start))
        {
          append_decoded (html->attributes, s, value_start, value_end);
          g_string_append_c (html->attributes, '\n');
        }
    }

  if (content_end > content_start && meta_named)
    {
      append_decoded (html->attributes, s, content_start, content_end);
      g_string_append_c (html->attributes, '\n');
    }
  return i;
}

/* Skips the content of <script> or <style> up to and past its end tag. */
static gsize
skip_raw_text (const char *s,
               gsize       n,
               gsize       i,
               const char *element)
{
  gsize element_len = strlen (element);

  while (i < n)
    {
      const char *lt = memchr (s + i, '<', n - i);

      if (lt == NULL)
        return n;
      i = (gsize) (lt - s) + 1;
      if (i < n && s[i] == '/' && n - i - 1 >= element_len &&
          g_ascii_strncasecmp (s + i + 1, element, element_len) == 0 &&
          (i + 1 + element_len == n || !g_ascii_isalnum (s[i + 1 + element_len])))
        {
          const char *gt = memchr (s + i, '>', n - i);

          return gt != NULL ? (gsize) (gt - s) + 1 : n;
        }
    }
  return n;
}

static void
html_to_text (Html       *html,
              const char *s,
              gsize       n)
{
  gsize i = 0;

  while (i < n)
    {
      char c = s[i];

      if (c == '&')
        {
          decode_entity (s, n, &i, html->out);
          continue;
        }
      if (c != '<')
        {
          i = append_text_byte (html->out, s, n, i);
          continue;
        }

      if (n - i >= 4 && memcmp (s + i, "<!--", 4) == 0)
        {
          const char *end;

          /* "<!-->" and "<!--->" are empty comments. */
          if (i + 4 < n && s[i + 4] == '>')
            {
              i += 5;
              continue;
            }
          if (n - i >= 6 && memcmp (s + i + 4, "->", 2) == 0)
            {
              i += 6;
              continue;
            }
          end = memmem (s + i + 4, n - i - 4, "-->", 3);
          i = end != NULL ? (gsize) (end - s) + 3 : n;   /* unterminated: the rest is comment */
        }
      else if (n - i >= 9 && memcmp (s + i, "<![CDATA[", 9) == 0)
        {
          const char *end = memmem (s + i + 9, n - i - 9, "]]>", 3);
          gsize stop = end != NULL ? (gsize) (end - s) : n;

          g_string_append_len (html->out, s + i + 9, stop - i - 9);
          i = end != NULL ? stop + 3 : n;
        }
      else if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?'))
        {
          const char *gt = memchr (s + i, '>', n - i);   /* doctype, processing instruction */

          i = gt != NULL ? (gsize) (gt - s) + 1 : n;
        }
      else if (i + 2 < n && s[i + 1] == '/' && g_ascii_isalpha (s[i + 2]))
        {
          char name[TAG_NAME_MAX + 1];
          const char *gt;

          i = read_name (s, n, i + 2, name);
          gt = memchr (s + i, '>', n - i);
          i = gt != NULL ? (gsize) (gt - s) + 1 : n;
          if (is_block (name))
            html_break (html);
        }
      else if (i + 1 < n && g_ascii_isalpha (s[i + 1]))
        {
          char name[TAG_NAME_MAX + 1];
          gsize tag_start = i;
          gsize kept = 0;
          gboolean closed = FALSE;

          i = read_name (s, n, i + 1, name);
          if (is_block (name))
            html_break (html);
          kept = html->attributes->len;
          i = read_attributes (html, name, s, n, i, &closed);
          if (!closed)
            {
              /* A tag cut at the end of the file: keep its bytes as text
               * rather than lose what it holds (and its attributes once). */
              g_string_truncate (html->attributes, kept);
              g_string_append_len (html->out, s + tag_start, n - tag_start);
              break;
            }
          if (strcmp (name, "script") == 0 || strcmp (name, "style") == 0)
            i = skip_raw_text (s, n, i, name);
          else if (strcmp (name, "br") == 0)
            html_break (html);
        }
      else
        {
          g_string_append_c (html->out, c);   /* a '<' that starts no tag */
          i++;
        }
    }
  html_break (html);
}

static void
emit_chunks (CdExtractContext *ctx,
             const char       *member,
             const char       *text,
             gsize             len)
{
  gsize start = 0;

  while (start < len)
    {
      gsize end = MIN (start + EMIT_CHUNK, len);

      if (end < len)
        {
          const char *nl = g_strrstr_len (text + start, (gssize) (end - start), "\n");

          if (nl != NULL)
            end = (gsize) (nl - text) + 1;
        }
      cd_extract_context_emit_text (ctx, member, 0, text + start, end - start);
      start = end;
    }
}

gboolean
cd_extract_html (CdExtractContext  *ctx,
                 const char        *member,
                 GBytes            *bytes,
                 GError           **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *page = NULL;
  gsize page_len = 0;
  Html html;

  if (cd_extract_context_check_cancelled (ctx, error))
    return FALSE;
  if (len == 0)
    return TRUE;

  page = decode_page (data, len, &page_len);
  if (page == NULL)
    {
      g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_CORRUPT,
                   _("The page could not be decoded as text"));
      return FALSE;
    }

  html.out = g_string_sized_new (MIN (page_len, 1024 * 1024));
  html.attributes = g_string_new (NULL);
  html_to_text (&html, page, page_len);
  emit_chunks (ctx, member, html.out->str, html.out->len);
  g_string_free (html.out, TRUE);
  g_string_free (html.attributes, TRUE);
  return TRUE;
}
