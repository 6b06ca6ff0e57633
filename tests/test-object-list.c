/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdObjectList: positions, splices and the items-changed they announce. */

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/object-list/splice", test_splice);
  g_test_add_func ("/object-list/replace-all", test_replace_all);
  g_test_add_func ("/object-list/wrong-type", test_wrong_type);

  return g_test_run ();
}
