/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRowModel: a list of CdRow, one per position of a source list, that stay
 * the same objects when the source changes; only the item a row points at
 * changes (with "notify::item").
 *
 * Why: GTK 4.8's list views keep about 200 rows alive, and when the items
 * at those positions change (a search narrows 100,000 assets to 1,000),
 * they destroy every cell and build new ones: ~1,800 cells, over 100 ms
 * per keystroke. With rows that stay put, the view sees at most a change
 * in length at the end, and the cells of the rows on screen just re-read
 * their row's item.
 *
 * The view sees positions, not items: rows whose items changed are
 * announced with "contents-changed" (position, count) rather than
 * "items-changed", so owners can drop a selection that would now point at
 * other items. Core has no GTK; this is plain GIO, shared by the views. */

#include "config.h"

#include "cd-row-model.h"

/* ── CdRow ───────────────────────────────────────────────────────────── */

struct _CdRow
{
  GObject   parent_instance;

  GObject  *item;
};

enum { ROW_PROP_0, ROW_PROP_ITEM, ROW_N_PROPS };
static GParamSpec *row_properties[ROW_N_PROPS];

G_DEFINE_FINAL_TYPE (CdRow, cd_row, G_TYPE_OBJECT)

static void
cd_row_finalize (GObject *object)
{
  g_clear_object (&CD_ROW (object)->item);
  G_OBJECT_CLASS (cd_row_parent_class)->finalize (object);
}

static void
cd_row_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  switch (prop_id)
    {
    case ROW_PROP_ITEM:
      g_value_set_object (value, CD_ROW (object)->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_row_class_init (CdRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cd_row_finalize;
  object_class->get_property = cd_row_get_property;

  /**
   * CdRow:item:
   *
   * The source item at this row's position.
   */
  row_properties[ROW_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
cd_row_init (CdRow *self)
{
}

/**
 * cd_row_get_item:
 *
 * Returns: (transfer none) (type GObject): the item the row shows
 */
gpointer
cd_row_get_item (CdRow *self)
{
  g_return_val_if_fail (CD_IS_ROW (self), NULL);
  return self->item;
}

/* Points @row at @item; @force announces it even when unchanged (the
 * source said the item at this position changed, e.g. to show it anew). */
static void
row_set_item (CdRow    *row,
              GObject  *item,
              gboolean  force)
{
  if (g_set_object (&row->item, item) || force)
    g_object_notify_by_pspec (G_OBJECT (row), row_properties[ROW_PROP_ITEM]);
}

/* ── CdRowModel ──────────────────────────────────────────────────────── */

struct _CdRowModel
{
  GObject     parent_instance;

  GListModel *source;
  GPtrArray  *rows;      /* CdRow or NULL (not made yet), one per source position */
};

enum { SIGNAL_CONTENTS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void cd_row_model_list_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdRowModel, cd_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cd_row_model_list_init))

static GType
cd_row_model_get_item_type (GListModel *model)
{
  return CD_TYPE_ROW;
}

static guint
cd_row_model_get_n_items (GListModel *model)
{
  return CD_ROW_MODEL (model)->rows->len;
}

static gpointer
cd_row_model_list_get_item (GListModel *model,
                            guint       position)
{
  CdRowModel *self = CD_ROW_MODEL (model);
  CdRow *row;

  if (position >= self->rows->len)
    return NULL;
  row = g_ptr_array_index (self->rows, position);
  if (row == NULL)
    {
      row = g_object_new (CD_TYPE_ROW, NULL);
      row->item = g_list_model_get_item (self->source, position);
      g_ptr_array_index (self->rows, position) = row;
    }
  return g_object_ref (row);
}

static void
cd_row_model_list_init (GListModelInterface *iface)
{
  iface->get_item_type = cd_row_model_get_item_type;
  iface->get_n_items = cd_row_model_get_n_items;
  iface->get_item = cd_row_model_list_get_item;
}

static void
release_row (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

/* Rows at and after @position re-read their item; rows only this model
 * holds (no view shows them) are dropped, to be made again on demand. */
static void
source_items_changed (GListModel *source,
                      guint       position,
                      guint       removed,
                      guint       added,
                      CdRowModel *self)
{
  guint old_n = self->rows->len;
  guint new_n = g_list_model_get_n_items (source);
  guint first_changed = G_MAXUINT;
  guint last_changed = 0;

  if (new_n < old_n)
    g_ptr_array_remove_range (self->rows, new_n, old_n - new_n);
  else if (new_n > old_n)
    {
      g_ptr_array_set_size (self->rows, (int) new_n);   /* new slots are NULL */
    }

  for (guint i = position; i < MIN (old_n, new_n); i++)
    {
      CdRow *row = g_ptr_array_index (self->rows, i);
      g_autoptr(GObject) item = NULL;
      gboolean in_change = i < position + added;

      if (row == NULL)
        continue;
      if (g_atomic_int_get (&G_OBJECT (row)->ref_count) == 1)
        {
          g_ptr_array_index (self->rows, i) = NULL;
          g_object_unref (row);
          continue;
        }
      item = g_list_model_get_item (source, i);
      if (item != row->item)
        {
          first_changed = MIN (first_changed, i);
          last_changed = MAX (last_changed, i);
        }
      row_set_item (row, item, in_change);
    }

  if (first_changed != G_MAXUINT)
    g_signal_emit (self, signals[SIGNAL_CONTENTS_CHANGED], 0,
                   first_changed, last_changed - first_changed + 1);
  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
}

static void
cd_row_model_dispose (GObject *object)
{
  CdRowModel *self = CD_ROW_MODEL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_items_changed, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (cd_row_model_parent_class)->dispose (object);
}

static void
cd_row_model_finalize (GObject *object)
{
  g_ptr_array_unref (CD_ROW_MODEL (object)->rows);
  G_OBJECT_CLASS (cd_row_model_parent_class)->finalize (object);
}

static void
cd_row_model_class_init (CdRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cd_row_model_dispose;
  object_class->finalize = cd_row_model_finalize;

  /**
   * CdRowModel::contents-changed:
   * @position: the first row whose item changed
   * @n_rows: how many rows from there may show another item
   *
   * Rows kept their place but show other items (the source was filtered,
   * sorted or reloaded): a selection of those rows means something else now.
   */
  signals[SIGNAL_CONTENTS_CHANGED] =
    g_signal_new ("contents-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
cd_row_model_init (CdRowModel *self)
{
  self->rows = g_ptr_array_new_with_free_func (release_row);
}

/**
 * cd_row_model_new:
 * @source: the list to show; its items are what rows point at
 */
CdRowModel *
cd_row_model_new (GListModel *source)
{
  CdRowModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (CD_TYPE_ROW_MODEL, NULL);
  self->source = g_object_ref (source);
  g_ptr_array_set_size (self->rows, (int) g_list_model_get_n_items (source));
  g_signal_connect (source, "items-changed", G_CALLBACK (source_items_changed), self);
  return self;
}

/**
 * cd_row_model_get_item:
 *
 * Returns: (transfer full) (nullable): the source item at @position
 */
gpointer
cd_row_model_get_item (CdRowModel *self,
                       guint       position)
{
  g_return_val_if_fail (CD_IS_ROW_MODEL (self), NULL);
  return g_list_model_get_item (self->source, position);
}
