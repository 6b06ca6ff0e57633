/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdObjectList: a GListModel over an array, for the long lists of a case. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_TYPE_OBJECT_LIST (cd_object_list_get_type ())
G_DECLARE_FINAL_TYPE (CdObjectList, cd_object_list, CD, OBJECT_LIST, GObject)

CdObjectList *cd_object_list_new         (GType          item_type);
void          cd_object_list_splice      (CdObjectList  *self,
                                          guint          position,
                                          guint          n_removals,
                                          gpointer      *additions,
                                          guint          n_additions);
void          cd_object_list_replace_all (CdObjectList  *self,
                                          GListModel    *items);
gboolean      cd_object_list_find        (CdObjectList  *self,
                                          gpointer       item,
                                          guint         *position);

G_END_DECLS
