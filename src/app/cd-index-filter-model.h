/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdIndexFilterModel: the rows of a list that match a search and tag
 * filters, found in an index of the rows' keys kept beside the list. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * CdIndexKeyFunc:
 * @item: a row of the base list
 *
 * Returns: (transfer full): @item's search key, casefolded, as g_malloc()
 *   memory; the model wipes it when it drops it
 */
typedef char    *(*CdIndexKeyFunc)  (gpointer item,
                                     gpointer user_data);

/**
 * CdIndexTagsFunc:
 * @item: a row of the base list
 *
 * Returns: @item's tags, one bit per category it is in (bits 0 to 30)
 */
typedef guint32  (*CdIndexTagsFunc) (gpointer item,
                                     gpointer user_data);

#define CD_INDEX_FILTER_MAX_GROUPS 4

#define CD_TYPE_INDEX_FILTER_MODEL (cd_index_filter_model_get_type ())
G_DECLARE_FINAL_TYPE (CdIndexFilterModel, cd_index_filter_model, CD, INDEX_FILTER_MODEL, GObject)

CdIndexFilterModel *cd_index_filter_model_new            (GListModel         *base,
                                                          CdIndexKeyFunc      key_func,
                                                          CdIndexTagsFunc     tags_func,
                                                          gpointer            user_data);
void                cd_index_filter_model_set_search     (CdIndexFilterModel *self,
                                                          const char         *search);
void                cd_index_filter_model_set_tag_groups (CdIndexFilterModel *self,
                                                          const guint32      *groups,
                                                          guint               n_groups);
guint               cd_index_filter_model_index          (CdIndexFilterModel *self,
                                                          guint               max_rows);
gboolean            cd_index_filter_model_is_indexed     (CdIndexFilterModel *self);

G_END_DECLS
