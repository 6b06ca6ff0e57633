/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdIndexFilterModel: a GListModel of the rows of a base list that match a
 * search text and tag filters, kept as the sorted array of the base
 * positions that match.
 *
 * Why not GtkFilterListModel with a GtkCustomFilter: when a backspace
 * widened the search over 100,000 assets (10 rows to 100), the filter
 * model fetched and tested again each of the ~99,900 rows that did not
 * match, one g_list_model_get_item (), a callback, a qdata lookup of the
 * row's key and a strstr () per row, and the list's summary then did the
 * same over every row. Here each row's key and tags are made once into an
 * array beside the base list; a change of filter is one strstr () per row
 * it must test, over that array, and the view is told of the span of
 * positions that changed with one "items-changed", as GtkFilterListModel
 * tells it. Reading a position is an array lookup.
 *
 * A change of filter that can only narrow the rows shown tests those rows
 * only; one that can only widen them tests the other rows only.
 *
 * Keys are made on demand, to test a row, or ahead of time by
 * cd_index_filter_model_index () from the owner's idle; they go with their
 * row when the base list changes there (rows are never changed in place).
 * They may hold personal data (a customer's name, phone, ID number): they
 * are wiped when dropped. */

#include "config.h"

#define G_LOG_DOMAIN "cd-inventory"

#include <string.h>

#include "closuredesk.h"
#include "cd-index-filter-model.h"

/* Set in a row's tags once they are made; tags use bits 0 to 30. */
#define TAGS_MADE (1u << 31)

typedef struct
{
  char    *key;    /* NULL until made */
  guint32  tags;   /* TAGS_MADE once made */
} Row;

typedef enum
{
  REFILTER_ALL,       /* test every row */
  REFILTER_MATCHES,   /* narrower: only the rows shown can still match */
  REFILTER_OTHERS,    /* wider: the rows shown still match; test the others */
} Refilter;

struct _CdIndexFilterModel
{
  GObject          parent_instance;

  GListModel      *base;
  CdIndexKeyFunc   key_func;
  CdIndexTagsFunc  tags_func;
  gpointer         user_data;

  GArray          *rows;       /* Row, one per base position */
  guint            indexed;    /* the rows before this one are indexed */
  char            *search;     /* casefolded; NULL matches every row */
  guint32          groups[CD_INDEX_FILTER_MAX_GROUPS];   /* 0: that group does not filter */
  GArray          *matches;    /* guint, the base positions shown, ascending */
};

static void cd_index_filter_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdIndexFilterModel, cd_index_filter_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cd_index_filter_model_list_init))

/* ── Rows ────────────────────────────────────────────────────────────── */

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_clear_pointer (&row->key, cd_crypto_wipe_free);
}

static const char *
row_key (CdIndexFilterModel *self,
         guint               position)
{
  Row *row = &g_array_index (self->rows, Row, position);

  if (row->key == NULL)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->base, position);

      row->key = self->key_func (item, self->user_data);
      if (row->key == NULL)
        row->key = g_strdup ("");   /* made, and never made again */
    }
  return row->key;
}

static guint32
row_tags (CdIndexFilterModel *self,
          guint               position)
{
  Row *row = &g_array_index (self->rows, Row, position);

  if ((row->tags & TAGS_MADE) == 0)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->base, position);

      row->tags = TAGS_MADE;
      if (self->tags_func != NULL)
        row->tags |= self->tags_func (item, self->user_data) & ~TAGS_MADE;
    }
  return row->tags;
}

/* OR within a group of tags, AND across groups and with the search. */
static gboolean
row_matches (CdIndexFilterModel *self,
             guint               position)
{
  guint32 tags = 0;

  for (guint g = 0; g < CD_INDEX_FILTER_MAX_GROUPS; g++)
    {
      if (self->groups[g] == 0)
        continue;
      if (tags == 0)
        tags = row_tags (self, position);
      if ((tags & self->groups[g]) == 0)
        return FALSE;
    }
  return self->search == NULL || strstr (row_key (self, position), self->search) != NULL;
}

/* ── Matches ─────────────────────────────────────────────────────────── */

/* The index of the first match at or after base @position. */
static guint
lower_bound (GArray *matches,
             guint   position)
{
  const guint *m = (const guint *) (gpointer) matches->data;
  guint lo = 0;
  guint hi = matches->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (m[mid] < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* One "items-changed" for the span between what @old and the new matches
 * have in common at both ends, as GtkFilterListModel emits: the view keeps
 * the rows before and after it. */
static void
emit_changes (CdIndexFilterModel *self,
              GArray             *old)
{
  const guint *a = (const guint *) (gpointer) old->data;
  const guint *b = (const guint *) (gpointer) self->matches->data;
  guint n_a = old->len;
  guint n_b = self->matches->len;
  guint prefix = 0;
  guint suffix = 0;
  guint removed;
  guint added;

  while (prefix < n_a && prefix < n_b && a[prefix] == b[prefix])
    prefix++;
  while (suffix < n_a - prefix && suffix < n_b - prefix &&
         a[n_a - 1 - suffix] == b[n_b - 1 - suffix])
    suffix++;
  removed = n_a - prefix - suffix;
  added = n_b - prefix - suffix;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
}

static void
refilter (CdIndexFilterModel *self,
          Refilter            how)
{
  g_autoptr(GArray) old = g_steal_pointer (&self->matches);
  const guint *was = (const guint *) (gpointer) old->data;
  guint n_rows = self->rows->len;
  guint size = how == REFILTER_MATCHES ? old->len : n_rows;
  guint *out;
  guint n = 0;

  self->matches = g_array_sized_new (FALSE, FALSE, sizeof (guint), size);
  g_array_set_size (self->matches, size);
  out = (guint *) (gpointer) self->matches->data;
  switch (how)
    {
    case REFILTER_MATCHES:
      for (guint j = 0; j < old->len; j++)
        {
          if (row_matches (self, was[j]))
            out[n++] = was[j];
        }
      break;

    case REFILTER_OTHERS:
      for (guint i = 0, j = 0; i < n_rows; i++)
        {
          if (j < old->len && was[j] == i)
            {
              out[n++] = i;
              j++;
            }
          else if (row_matches (self, i))
            {
              out[n++] = i;
            }
        }
      break;

    case REFILTER_ALL:
    default:
      for (guint i = 0; i < n_rows; i++)
        {
          if (row_matches (self, i))
            out[n++] = i;
        }
      break;
    }
  g_array_set_size (self->matches, n);
  emit_changes (self, old);
}

/* Whether every row that @to lets through, @from lets through too. */
static gboolean
search_narrows (const char *from,
                const char *to)
{
  return from == NULL || (to != NULL && strstr (to, from) != NULL);
}

static gboolean
group_narrows (guint32 from,
               guint32 to)
{
  return from == 0 || (to != 0 && (to & ~from) == 0);
}

static Refilter
refilter_for (gboolean narrows,
              gboolean widens)
{
  if (narrows)
    return REFILTER_MATCHES;
  if (widens)
    return REFILTER_OTHERS;
  return REFILTER_ALL;
}

/* ── The base list ───────────────────────────────────────────────────── */

static void
base_items_changed_cb (GListModel         *base,
                       guint               position,
                       guint               removed,
                       guint               added,
                       CdIndexFilterModel *self)
{
  g_autoptr(GArray) old = g_steal_pointer (&self->matches);
  const guint *was = (const guint *) (gpointer) old->data;
  guint first = lower_bound (old, position);
  guint end = lower_bound (old, position + removed);
  guint n_added;

  /* The index follows the base list: the removed rows' keys are wiped, the
   * added rows have none yet. */
  if (removed > 0)
    g_array_remove_range (self->rows, position, removed);
  if (added > 0)
    {
      guint n = self->rows->len;
      Row *rows;

      g_array_set_size (self->rows, n + added);
      rows = (Row *) (gpointer) self->rows->data;
      memmove (rows + position + added, rows + position, (n - position) * sizeof (Row));
      memset (rows + position, 0, added * sizeof (Row));
    }
  self->indexed = MIN (self->indexed, position);

  /* The matches before @position stay, the added rows are tested and the
   * matches after the change move with their rows. */
  self->matches = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                     old->len - (end - first) + added);
  g_array_append_vals (self->matches, was, first);
  for (guint i = position; i < position + added; i++)
    {
      if (row_matches (self, i))
        g_array_append_val (self->matches, i);
    }
  n_added = self->matches->len - first;
  for (guint j = end; j < old->len; j++)
    {
      guint moved = was[j] - removed + added;

      g_array_append_val (self->matches, moved);
    }

  if (end > first || n_added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, end - first, n_added);
}

/* ── GListModel ──────────────────────────────────────────────────────── */

static GType
cd_index_filter_model_get_item_type (GListModel *model)
{
  return g_list_model_get_item_type (CD_INDEX_FILTER_MODEL (model)->base);
}

static guint
cd_index_filter_model_get_n_items (GListModel *model)
{
  return CD_INDEX_FILTER_MODEL (model)->matches->len;
}

static gpointer
cd_index_filter_model_get_item (GListModel *model,
                                guint       position)
{
  CdIndexFilterModel *self = CD_INDEX_FILTER_MODEL (model);

  if (position >= self->matches->len || self->base == NULL)
    return NULL;
  return g_list_model_get_item (self->base, g_array_index (self->matches, guint, position));
}

static void
cd_index_filter_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = cd_index_filter_model_get_item_type;
  iface->get_n_items = cd_index_filter_model_get_n_items;
  iface->get_item = cd_index_filter_model_get_item;
}

/* ── GObject ─────────────────────────────────────────────────────────── */

static void
cd_index_filter_model_dispose (GObject *object)
{
  CdIndexFilterModel *self = CD_INDEX_FILTER_MODEL (object);

  if (self->base != NULL)
    g_signal_handlers_disconnect_by_func (self->base, base_items_changed_cb, self);
  g_clear_object (&self->base);

  G_OBJECT_CLASS (cd_index_filter_model_parent_class)->dispose (object);
}

static void
cd_index_filter_model_finalize (GObject *object)
{
  CdIndexFilterModel *self = CD_INDEX_FILTER_MODEL (object);

  g_array_unref (self->rows);
  g_array_unref (self->matches);
  g_free (self->search);

  G_OBJECT_CLASS (cd_index_filter_model_parent_class)->finalize (object);
}

static void
cd_index_filter_model_class_init (CdIndexFilterModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_index_filter_model_dispose;
  object_class->finalize = cd_index_filter_model_finalize;
}

static void
cd_index_filter_model_init (CdIndexFilterModel *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* ── Public API ──────────────────────────────────────────────────────── */

/**
 * cd_index_filter_model_new:
 * @base: the list to filter
 * @key_func: makes a row's search key
 * @tags_func: (nullable): gives a row's tags, for cd_index_filter_model_set_tag_groups()
 * @user_data: for both functions
 *
 * Shows every row of @base until a search or tag filter is set.
 */
CdIndexFilterModel *
cd_index_filter_model_new (GListModel      *base,
                           CdIndexKeyFunc   key_func,
                           CdIndexTagsFunc  tags_func,
                           gpointer         user_data)
{
  CdIndexFilterModel *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (base), NULL);
  g_return_val_if_fail (key_func != NULL, NULL);

  self = g_object_new (CD_TYPE_INDEX_FILTER_MODEL, NULL);
  self->base = g_object_ref (base);
  self->key_func = key_func;
  self->tags_func = tags_func;
  self->user_data = user_data;
  n = g_list_model_get_n_items (base);
  g_array_set_size (self->rows, n);
  g_array_set_size (self->matches, n);
  for (guint i = 0; i < n; i++)
    g_array_index (self->matches, guint, i) = i;
  g_signal_connect (base, "items-changed", G_CALLBACK (base_items_changed_cb), self);
  return self;
}

/**
 * cd_index_filter_model_set_search:
 * @search: (nullable): casefolded text the rows' keys must contain; %NULL
 *   or "" for every row
 */
void
cd_index_filter_model_set_search (CdIndexFilterModel *self,
                                  const char         *search)
{
  g_autofree char *old = NULL;

  g_return_if_fail (CD_IS_INDEX_FILTER_MODEL (self));

  if (search != NULL && search[0] == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;

  old = g_steal_pointer (&self->search);
  self->search = g_strdup (search);
  refilter (self, refilter_for (search_narrows (old, self->search),
                                search_narrows (self->search, old)));
}

/**
 * cd_index_filter_model_set_tag_groups:
 * @groups: (array length=n_groups) (nullable): one mask of tags per group
 *
 * Shows the rows that have, in each group whose mask is not 0, one of the
 * mask's tags (and match the search).
 */
void
cd_index_filter_model_set_tag_groups (CdIndexFilterModel *self,
                                      const guint32      *groups,
                                      guint               n_groups)
{
  guint32 masks[CD_INDEX_FILTER_MAX_GROUPS] = { 0, };
  gboolean narrows = TRUE;
  gboolean widens = TRUE;

  g_return_if_fail (CD_IS_INDEX_FILTER_MODEL (self));
  g_return_if_fail (n_groups <= CD_INDEX_FILTER_MAX_GROUPS);
  g_return_if_fail (groups != NULL || n_groups == 0);

  for (guint g = 0; g < n_groups; g++)
    masks[g] = groups[g] & ~TAGS_MADE;
  if (memcmp (masks, self->groups, sizeof masks) == 0)
    return;

  for (guint g = 0; g < CD_INDEX_FILTER_MAX_GROUPS; g++)
    {
      narrows = narrows && group_narrows (self->groups[g], masks[g]);
      widens = widens && group_narrows (masks[g], self->groups[g]);
    }
  memcpy (self->groups, masks, sizeof masks);
  refilter (self, refilter_for (narrows, widens));
}

/**
 * cd_index_filter_model_index:
 * @max_rows: how many rows to index at most
 *
 * Makes the keys and tags of rows that have none yet, so that a later
 * change of filter finds them made.
 *
 * Returns: how many rows it indexed
 */
guint
cd_index_filter_model_index (CdIndexFilterModel *self,
                             guint               max_rows)
{
  guint made = 0;

  g_return_val_if_fail (CD_IS_INDEX_FILTER_MODEL (self), 0);

  for (; self->indexed < self->rows->len && made < max_rows; self->indexed++)
    {
      Row *row = &g_array_index (self->rows, Row, self->indexed);

      if (row->key != NULL && (row->tags & TAGS_MADE) != 0)
        continue;
      row_key (self, self->indexed);
      row_tags (self, self->indexed);
      made++;
    }
  return made;
}

/**
 * cd_index_filter_model_is_indexed:
 *
 * Returns: whether cd_index_filter_model_index() has indexed every row
 */
gboolean
cd_index_filter_model_is_indexed (CdIndexFilterModel *self)
{
  g_return_val_if_fail (CD_IS_INDEX_FILTER_MODEL (self), FALSE);

  return self->indexed >= self->rows->len;
}
