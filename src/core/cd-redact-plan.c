/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-redact-plan: a document's redactions as a plan another process can
 * repeat. The application previews a PDF in its own process, but the
 * export runs in the contained worker (cd-redact-worker.c): the worker
 * opens the file again and redoes what the user did from this plan.
 *
 *     {"detect": true,
 *      "search": ["张三", …],
 *      "boxes": [{"page": 1, "x": …, "y": …, "width": …, "height": …}, …],
 *      "exclude": [{"page": 1, "source": 0, "x": …, "y": …}, …]}
 *
 * detect: run every detector (cd_redact_document_detect with all kinds);
 * search: the texts searched ("redact all matches"); boxes: those drawn
 * by hand, in the boxes file format of cd-redact.h; exclude: detected or
 * found boxes the user chose to keep, named by page, source and the
 * corner of their first rectangle. Detection and search are
 * deterministic, so the worker finds the same boxes; an exclusion that
 * names no box is an error rather than a silent difference.
 *
 * The plan holds searched texts (a customer's name, say): callers wipe it. */

#include "config.h"

#define G_LOG_DOMAIN "cd-redact"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include <poppler.h>

#include "cd-redact-plan.h"

#define MAX_PLAN_BYTES     (64 * 1024 * 1024)
#define MAX_SEARCHES       1000
#define MAX_SEARCH_BYTES   1024
#define SAME_POSITION      0.01

static gboolean
is_detected (const CdRedactBox *box)
{
  return box->source == CD_REDACT_SOURCE_TEXT || box->source == CD_REDACT_SOURCE_ANNOTATION ||
         box->source == CD_REDACT_SOURCE_FORM_FIELD;
}

static void
add_rect_members (JsonBuilder        *builder,
                  const CdRedactRect *rect,
                  gboolean            with_size)
{
  json_builder_set_member_name (builder, "x");
  json_builder_add_double_value (builder, rect->x);
  json_builder_set_member_name (builder, "y");
  json_builder_add_double_value (builder, rect->y);
  if (!with_size)
    return;
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, rect->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, rect->height);
}

/**
 * cd_redact_document_save_plan:
 * @out_len: (out): the plan's length in bytes
 *
 * Returns: (transfer full): the plan as JSON; wipe it with sodium_memzero()
 * before freeing, it holds the searched texts.
 */
char *
cd_redact_document_save_plan (CdRedactDocument *self,
                              gsize            *out_len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) searched = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *boxes;
  gboolean detect = FALSE;
  char *json;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), NULL);
  g_return_val_if_fail (out_len != NULL, NULL);

  boxes = cd_redact_document_get_boxes (self);
  for (guint i = 0; i < boxes->len; i++)
    detect |= is_detected (g_ptr_array_index (boxes, i));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "detect");
  json_builder_add_boolean_value (builder, detect);

  json_builder_set_member_name (builder, "search");
  json_builder_begin_array (builder);
  for (guint i = 0; i < boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (boxes, i);

      if (box->source != CD_REDACT_SOURCE_SEARCH || box->raw == NULL ||
          g_hash_table_contains (searched, box->raw))
        continue;
      g_hash_table_add (searched, box->raw);
      json_builder_add_string_value (builder, box->raw);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "boxes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (boxes, i);

      if (box->source != CD_REDACT_SOURCE_MANUAL || box->excluded)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "page");
      json_builder_add_int_value (builder, box->page);
      add_rect_members (builder, &g_array_index (box->rects, CdRedactRect, 0), TRUE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "exclude");
  json_builder_begin_array (builder);
  for (guint i = 0; i < boxes->len; i++)
    {
      const CdRedactBox *box = g_ptr_array_index (boxes, i);

      if (!box->excluded || box->source == CD_REDACT_SOURCE_MANUAL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "page");
      json_builder_add_int_value (builder, box->page);
      json_builder_set_member_name (builder, "source");
      json_builder_add_int_value (builder, box->source);
      add_rect_members (builder, &g_array_index (box->rects, CdRedactRect, 0), FALSE);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, out_len);
  return json;
}

static gboolean
plan_invalid (GError     **error,
              const char  *what)
{
  /* Translators: %s says what is wrong with the plan, e.g. "an exclusion names no box" */
  g_set_error (error, CD_REDACT_ERROR, CD_REDACT_ERROR_INVALID,
               _("The redaction plan is not valid: %s"), what);
  return FALSE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

static gboolean
apply_exclusion (GPtrArray  *boxes,
                 JsonNode   *node)
{
  JsonObject *object;
  double page, source, x, y;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  if (json_object_get_size (object) != 4 ||
      !get_number (object, "page", &page) || !get_number (object, "source", &source) ||
      !get_number (object, "x", &x) || !get_number (object, "y", &y))
    return FALSE;

  for (guint i = 0; i < boxes->len; i++)
    {
      CdRedactBox *box = g_ptr_array_index (boxes, i);
      const CdRedactRect *first = &g_array_index (box->rects, CdRedactRect, 0);

      if (box->excluded || box->page != page || (double) box->source != source ||
          box->source == CD_REDACT_SOURCE_MANUAL ||
          fabs (first->x - x) > SAME_POSITION || fabs (first->y - y) > SAME_POSITION)
        continue;
      box->excluded = TRUE;
      return TRUE;
    }
  return FALSE;
}

/**
 * cd_redact_document_apply_plan:
 *
 * Repeats a plan of cd_redact_document_save_plan() on a freshly opened
 * document: detection, searches, boxes drawn by hand, exclusions. On an
 * error the document's boxes are left in no particular state; throw the
 * document away.
 */
gboolean
cd_redact_document_apply_plan (CdRedactDocument      *self,
                               const char            *json,
                               gsize                  len,
                               GCancellable          *cancellable,
                               CdRedactProgressFunc   progress,
                               gpointer               user_data,
                               GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) boxes_root = NULL;
  g_autoptr(JsonObject) boxes_object = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *boxes_json = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *detect;
  JsonArray *searches;
  JsonArray *boxes;
  JsonArray *excludes;
  gsize boxes_len = 0;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if (len > MAX_PLAN_BYTES)
    {
      g_set_error_literal (error, CD_REDACT_ERROR, CD_REDACT_ERROR_LIMIT,
                           _("The redaction plan is too large"));
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, json, (gssize) len, &local_error))
    return plan_invalid (error, local_error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return plan_invalid (error, _("it is not an object"));
  object = json_node_get_object (root);
  detect = json_object_get_member (object, "detect");
  searches = get_array (object, "search");
  boxes = get_array (object, "boxes");
  excludes = get_array (object, "exclude");
  if (json_object_get_size (object) != 4 || detect == NULL || !JSON_NODE_HOLDS_VALUE (detect) ||
      json_node_get_value_type (detect) != G_TYPE_BOOLEAN ||
      searches == NULL || boxes == NULL || excludes == NULL)
    return plan_invalid (error, _("it needs exactly “detect”, “search”, “boxes” and “exclude”"));
  if (json_array_get_length (searches) > MAX_SEARCHES)
    return plan_invalid (error, _("too many searches"));
  if (json_array_get_length (excludes) > CD_REDACT_MAX_BOXES)
    return plan_invalid (error, _("too many exclusions"));

  if (json_node_get_boolean (detect) &&
      !cd_redact_document_detect (self, CD_DETECT_ALL_KINDS, cancellable, progress, user_data, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (searches); i++)
    {
      JsonNode *node = json_array_get_element (searches, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          (text = json_node_get_string (node)) == NULL || *text == '\0' ||
          strlen (text) > MAX_SEARCH_BYTES)
        return plan_invalid (error, _("a search is not a text"));
      if (cd_redact_document_search (self, text, cancellable, &local_error) == 0 && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  /* The hand-drawn boxes go through the boxes file's own checks. */
  boxes_object = json_object_new ();
  json_object_set_array_member (boxes_object, "boxes", json_array_ref (boxes));
  boxes_root = json_node_init_object (json_node_alloc (), boxes_object);
  generator = json_generator_new ();
  json_generator_set_root (generator, boxes_root);
  boxes_json = json_generator_to_data (generator, &boxes_len);
  if (!cd_redact_document_add_boxes_json (self, boxes_json, boxes_len, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (excludes); i++)
    if (!apply_exclusion (cd_redact_document_get_boxes (self), json_array_get_element (excludes, i)))
      return plan_invalid (error, _("an exclusion names no redaction of this document"));
  return TRUE;
}

static void
add_term (GPtrArray  *terms,
          const char *text)
{
  if (text == NULL || g_utf8_strlen (text, -1) < 2)
    return;
  for (guint i = 0; i < terms->len; i++)
    if (strcmp (g_ptr_array_index (terms, i), text) == 0)
      return;
  g_ptr_array_add (terms, g_strdup (text));
}

/**
 * cd_redact_customer_terms:
 *
 * What "redact everything of a customer" searches for: the name, the ID
 * number (with an upper and a lower-case check letter), the phone, the
 * e-mail address and the address as the registry has them. Texts shorter
 * than two characters are left out: they would box half the page.
 *
 * Returns: (transfer full): the texts; free with cd_redact_terms_free()
 * (they are wiped)
 */
GStrv
cd_redact_customer_terms (CdCustomer *customer)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new ();
  const char *id_number;

  g_return_val_if_fail (CD_IS_CUSTOMER (customer), NULL);

  add_term (terms, cd_customer_get_name (customer));
  id_number = cd_customer_get_id_number (customer);
  if (id_number != NULL)
    {
      g_autofree char *upper = g_ascii_strup (id_number, -1);
      g_autofree char *lower = g_ascii_strdown (id_number, -1);

      add_term (terms, upper);
      add_term (terms, lower);
      sodium_memzero (upper, strlen (upper));
      sodium_memzero (lower, strlen (lower));
    }
  add_term (terms, cd_customer_get_phone (customer));
  add_term (terms, cd_customer_get_email (customer));
  add_term (terms, cd_customer_get_address (customer));
  g_ptr_array_add (terms, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&terms), FALSE);
}

void
cd_redact_terms_free (GStrv terms)
{
  if (terms == NULL)
    return;
  for (guint i = 0; terms[i] != NULL; i++)
    sodium_memzero (terms[i], strlen (terms[i]));
  g_strfreev (terms);
}

/**
 * cd_redact_document_redact_customer:
 *
 * Boxes every occurrence of the customer's name and identifiers
 * (cd_redact_customer_terms()).
 *
 * Returns: how many boxes were added; 0 with @error set on failure
 */
guint
cd_redact_document_redact_customer (CdRedactDocument  *self,
                                    CdCustomer        *customer,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  GStrv terms;
  guint added = 0;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), 0);
  g_return_val_if_fail (CD_IS_CUSTOMER (customer), 0);

  terms = cd_redact_customer_terms (customer);
  for (guint i = 0; terms[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      guint n = cd_redact_document_search (self, terms[i], cancellable, &local_error);

      if (local_error != NULL)
        {
          cd_redact_terms_free (terms);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return 0;
        }
      added += n;
    }
  cd_redact_terms_free (terms);
  return added;
}

/**
 * cd_redact_document_render_page:
 *
 * Returns: %FALSE if poppler could not give the page
 */
gboolean
cd_redact_document_render_page (CdRedactDocument *self,
                                guint             page,
                                cairo_t          *cr)
{
  PopplerPage *poppler_page;

  g_return_val_if_fail (CD_IS_REDACT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  if (page < 1 || page > cd_redact_document_get_n_pages (self))
    return FALSE;
  poppler_page = poppler_document_get_page (cd_redact_document_get_poppler (self), (int) page - 1);
  if (poppler_page == NULL)
    return FALSE;
  cairo_save (cr);
  poppler_page_render (poppler_page, cr);
  cairo_restore (cr);
  g_object_unref (poppler_page);
  return TRUE;
}
