/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdRowModel: one stable row object per position of a list, for views. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_TYPE_ROW (cd_row_get_type ())
G_DECLARE_FINAL_TYPE (CdRow, cd_row, CD, ROW, GObject)

gpointer     cd_row_get_item        (CdRow       *self);

#define CD_TYPE_ROW_MODEL (cd_row_model_get_type ())
G_DECLARE_FINAL_TYPE (CdRowModel, cd_row_model, CD, ROW_MODEL, GObject)

CdRowModel  *cd_row_model_new       (GListModel  *source);
gpointer     cd_row_model_get_item  (CdRowModel  *self,
                                     guint        position);

G_END_DECLS
