/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdObjectList: a GListModel over a GPtrArray.
 *
 * GListStore keeps its items in a GSequence, a balanced tree: reading item
 * n costs a walk from the root unless n follows the last item read. Filter
 * and list views read by position all the time, and with the 100,000 rows
 * of a large case those walks showed in every keystroke. An array reads
 * any position in constant time; lists are replaced wholesale, so the
 * array's costlier middle insertions do not matter here. */

#include "config.h"

#include <string.h>

#include "cd-object-list.h"

struct _CdObjectList
{
  GObject    parent_instance;

  GType      item_type;
  GPtrArray *items;
};

static void cd_object_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdObjectList, cd_object_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cd_object_list_model_init))

static GType
cd_object_list_get_item_type (GListModel *model)
{
  return CD_OBJECT_LIST (model)->item_type;
}

static guint
cd_object_list_get_n_items (GListModel *model)
{
  return CD_OBJECT_LIST (model)->items->len;
}

static gpointer
cd_object_list_get_item (GListModel *model,
                         guint       position)
{
  CdObjectList *self = CD_OBJECT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
cd_object_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cd_object_list_get_item_type;
  iface->get_n_items = cd_object_list_get_n_items;
  iface->get_item = cd_object_list_get_item;
}

static void
cd_object_list_finalize (GObject *object)
{
  CdObjectList *self = CD_OBJECT_LIST (object);

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (cd_object_list_parent_class)->finalize (object);
}

static void
cd_object_list_class_init (CdObjectListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_object_list_finalize;
}

static void
cd_object_list_init (CdObjectList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * cd_object_list_new:
 * @item_type: the GObject type of every item
 */
CdObjectList *
cd_object_list_new (GType item_type)
{
  CdObjectList *self;

  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);

  self = g_object_new (CD_TYPE_OBJECT_LIST, NULL);
  self->item_type = item_type;
  return self;
}

/**
 * cd_object_list_splice:
 * @additions: (array length=n_additions): items to insert at @position
 *
 * Removes @n_removals items at @position and inserts @additions there, with
 * one "items-changed".
 */
void
cd_object_list_splice (CdObjectList *self,
                       guint         position,
                       guint         n_removals,
                       gpointer     *additions,
                       guint         n_additions)
{
  g_return_if_fail (CD_IS_OBJECT_LIST (self));
  g_return_if_fail (position <= self->items->len);
  g_return_if_fail (n_removals <= self->items->len - position);

  for (guint i = 0; i < n_additions; i++)
    g_return_if_fail (g_type_is_a (G_OBJECT_TYPE (additions[i]), self->item_type));

  if (n_removals > 0)
    g_ptr_array_remove_range (self->items, position, n_removals);
  if (n_additions > 0)
    {
      g_ptr_array_set_size (self->items, (int) (self->items->len + n_additions));
      memmove (self->items->pdata + position + n_additions, self->items->pdata + position,
               (self->items->len - n_additions - position) * sizeof (gpointer));
      for (guint i = 0; i < n_additions; i++)
        self->items->pdata[position + i] = g_object_ref (additions[i]);
    }
  if (n_removals > 0 || n_additions > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, n_removals, n_additions);
}

/**
 * cd_object_list_replace_all:
 * @items: (nullable): the new contents; %NULL empties the list
 *
 * Replaces every item with those of @items, with one "items-changed".
 */
void
cd_object_list_replace_all (CdObjectList *self,
                            GListModel   *items)
{
  guint n_old;
  guint n_new;
  g_autoptr(GPtrArray) old = NULL;

  g_return_if_fail (CD_IS_OBJECT_LIST (self));
  g_return_if_fail (items == NULL || G_IS_LIST_MODEL (items));

  n_old = self->items->len;
  n_new = items != NULL ? g_list_model_get_n_items (items) : 0;

  /* The old items are released after the signal, which may still read them. */
  old = g_steal_pointer (&self->items);
  self->items = g_ptr_array_new_full (n_new, g_object_unref);
  for (guint i = 0; i < n_new; i++)
    g_ptr_array_add (self->items, g_list_model_get_item (items, i));
  if (n_old > 0 || n_new > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, n_new);
}

/**
 * cd_object_list_find:
 * @position: (out) (optional): where @item is
 *
 * Returns: whether @item (the same object) is in the list
 */
gboolean
cd_object_list_find (CdObjectList *self,
                     gpointer      item,
                     guint        *position)
{
  guint index;

  g_return_val_if_fail (CD_IS_OBJECT_LIST (self), FALSE);

  if (!g_ptr_array_find (self->items, item, &index))
    return FALSE;
  if (position != NULL)
    *position = index;
  return TRUE;
}
