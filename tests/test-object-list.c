/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdObjectList: positions, splices and the items-changed they announce.
 * CdRowModel: rows that stay in place while the list under them changes. */

#include "config.h"

#include "closuredesk.h"

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

static CdAsset *
make_asset (const char *location)
{
  CdAsset *asset = cd_asset_new ();

  cd_asset_set_location (asset, location);
  return asset;
}

static const char *
location_at (GListModel *model,
             guint       position)
{
  g_autoptr(CdAsset) asset = g_list_model_get_item (model, position);

  /* The list holds its own reference, so the string outlives this one. */
  return asset != NULL ? cd_asset_get_location (asset) : NULL;
}

static void
test_splice (void)
{
  g_autoptr(CdObjectList) list = cd_object_list_new (CD_TYPE_ASSET);
  g_autoptr(CdAsset) a = make_asset ("A");
  g_autoptr(CdAsset) b = make_asset ("B");
  g_autoptr(CdAsset) c = make_asset ("C");
  gpointer ab[] = { a, b };
  gpointer cc[] = { c };
  Changes changes = { 0, };
  guint position = 0;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CD_TYPE_ASSET);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));

  cd_object_list_splice (list, 0, 0, ab, 2);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.added, ==, 2);
  g_assert_cmpstr (location_at (G_LIST_MODEL (list), 0), ==, "A");
  g_assert_cmpstr (location_at (G_LIST_MODEL (list), 1), ==, "B");

  /* Insert in the middle, then replace one item in place. */
  cd_object_list_splice (list, 1, 0, cc, 1);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpstr (location_at (G_LIST_MODEL (list), 1), ==, "C");
  g_assert_cmpstr (location_at (G_LIST_MODEL (list), 2), ==, "B");
  cd_object_list_splice (list, 2, 1, cc, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpstr (location_at (G_LIST_MODEL (list), 2), ==, "C");

  g_assert_true (cd_object_list_find (list, a, &position));
  g_assert_cmpuint (position, ==, 0);
  g_assert_false (cd_object_list_find (list, b, NULL));

  /* A splice that changes nothing says nothing. */
  changes.calls = 0;
  cd_object_list_splice (list, 3, 0, NULL, 0);
  g_assert_cmpuint (changes.calls, ==, 0);
}

static void
test_replace_all (void)
{
  g_autoptr(CdObjectList) list = cd_object_list_new (CD_TYPE_ASSET);
  g_autoptr(GListStore) source = g_list_store_new (CD_TYPE_ASSET);
  Changes changes = { 0, };

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *location = g_strdup_printf ("room %u", i);
      g_autoptr(CdAsset) asset = make_asset (location);

      g_list_store_append (source, asset);
    }

  cd_object_list_replace_all (list, G_LIST_MODEL (source));
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1000);
  g_assert_cmpstr (location_at (G_LIST_MODEL (list), 999), ==, "room 999");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1000));

  /* Emptied with one signal; emptying an empty list says nothing. */
  cd_object_list_replace_all (list, NULL);
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 1000);
  g_assert_cmpuint (changes.added, ==, 0);
  cd_object_list_replace_all (list, NULL);
  g_assert_cmpuint (changes.calls, ==, 2);
}

static void
test_wrong_type (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(CdObjectList) list = cd_object_list_new (CD_TYPE_ASSET);
      g_autoptr(CdCustomer) customer = g_object_new (CD_TYPE_CUSTOMER, NULL);
      gpointer items[] = { customer };

      cd_object_list_splice (list, 0, 0, items, 1);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*g_type_is_a*");
}

static const char *
row_location (GListModel *rows,
              guint       position)
{
  g_autoptr(CdRow) row = g_list_model_get_item (rows, position);

  return row != NULL ? cd_asset_get_location (cd_row_get_item (row)) : NULL;
}

static void
count_notify (GObject    *row,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

static void
contents_changed_cb (CdRowModel *rows,
                     guint       position,
                     guint       n_rows,
                     Changes    *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = n_rows;
}

static void
test_row_model (void)
{
  g_autoptr(CdObjectList) list = cd_object_list_new (CD_TYPE_ASSET);
  g_autoptr(CdRowModel) rows = NULL;
  g_autoptr(CdAsset) a = make_asset ("A");
  g_autoptr(CdAsset) b = make_asset ("B");
  g_autoptr(CdAsset) c = make_asset ("C");
  g_autoptr(CdAsset) d = make_asset ("D");
  g_autoptr(CdRow) row0 = NULL;
  g_autoptr(CdRow) row1 = NULL;
  g_autoptr(CdAsset) item = NULL;
  gpointer abc[] = { a, b, c };
  gpointer dd[] = { d };
  Changes tail = { 0, };
  Changes contents = { 0, };
  guint notified = 0;

  cd_object_list_splice (list, 0, 0, abc, 3);
  rows = cd_row_model_new (G_LIST_MODEL (list));
  g_signal_connect (rows, "items-changed", G_CALLBACK (items_changed_cb), &tail);
  g_signal_connect (rows, "contents-changed", G_CALLBACK (contents_changed_cb), &contents);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (rows)) == CD_TYPE_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 3);
  g_assert_cmpstr (row_location (G_LIST_MODEL (rows), 2), ==, "C");
  item = cd_row_model_get_item (rows, 1);
  g_assert_true (item == b);
  g_clear_object (&item);

  /* Rows held by a view stay the same objects and follow the list. */
  row0 = g_list_model_get_item (G_LIST_MODEL (rows), 0);
  row1 = g_list_model_get_item (G_LIST_MODEL (rows), 1);
  g_signal_connect (row1, "notify::item", G_CALLBACK (count_notify), &notified);

  /* Remove "A": rows 0 and 1 now show B and C; the view only sees the
   * list get one shorter, at its end. */
  cd_object_list_splice (list, 0, 1, NULL, 0);
  g_assert_cmpuint (tail.calls, ==, 1);
  g_assert_cmpuint (tail.position, ==, 2);
  g_assert_cmpuint (tail.removed, ==, 1);
  g_assert_cmpuint (tail.added, ==, 0);
  g_assert_true (cd_row_get_item (row0) == b);
  g_assert_true (cd_row_get_item (row1) == c);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (contents.calls, ==, 1);
  g_assert_cmpuint (contents.position, ==, 0);
  g_assert_cmpuint (contents.removed, ==, 2);

  /* Append: only the new row is announced; the held rows are unchanged. */
  cd_object_list_splice (list, 2, 0, dd, 1);
  g_assert_cmpuint (tail.calls, ==, 2);
  g_assert_cmpuint (tail.position, ==, 2);
  g_assert_cmpuint (tail.added, ==, 1);
  g_assert_cmpuint (contents.calls, ==, 1);
  g_assert_cmpstr (row_location (G_LIST_MODEL (rows), 2), ==, "D");

  /* The same item put back in place is shown anew (a reveal does this),
   * without counting as other contents. */
  notified = 0;
  cd_object_list_splice (list, 1, 1, (gpointer *) &c, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (cd_row_get_item (row1) == c);
  g_assert_cmpuint (contents.calls, ==, 1);

  /* Emptied: every row goes, held rows point at nothing. */
  cd_object_list_replace_all (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 0);
  g_assert_cmpuint (tail.removed, ==, 3);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (rows), 0));
  g_assert_null (cd_row_model_get_item (rows, 0));
}

/* A 100,000-row list narrowed to ten by a filter: the rows a view holds are
 * re-pointed, the others are not even made. */
static gboolean
ends_in_seven (gpointer item,
               gpointer data)
{
  return g_str_has_suffix (cd_asset_get_location (item), "7");
}

static void
test_row_model_large (void)
{
  g_autoptr(CdObjectList) list = cd_object_list_new (CD_TYPE_ASSET);
  g_autoptr(GPtrArray) assets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CdRowModel) rows = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *location = g_strdup_printf ("%u", i);

      g_ptr_array_add (assets, make_asset (location));
    }
  cd_object_list_splice (list, 0, 0, assets->pdata, assets->len);
  rows = cd_row_model_new (G_LIST_MODEL (list));
  for (guint i = 0; i < 30; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (rows), i));

  /* Keep one in ten thousand, as a search would. */
  {
    g_autoptr(GPtrArray) kept = g_ptr_array_new ();

    for (guint i = 0; i < assets->len; i++)
      if (ends_in_seven (assets->pdata[i], NULL) && i % 1000 == 7)
        g_ptr_array_add (kept, assets->pdata[i]);
    cd_object_list_splice (list, 0, 100000, kept->pdata, kept->len);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (rows)), ==, 100);
  g_assert_cmpstr (cd_asset_get_location (cd_row_get_item (held->pdata[0])), ==, "7");
  g_assert_cmpstr (cd_asset_get_location (cd_row_get_item (held->pdata[29])), ==, "29007");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/object-list/splice", test_splice);
  g_test_add_func ("/object-list/replace-all", test_replace_all);
  g_test_add_func ("/object-list/wrong-type", test_wrong_type);
  g_test_add_func ("/row-model/follows", test_row_model);
  g_test_add_func ("/row-model/large", test_row_model_large);

  return g_test_run ();
}
