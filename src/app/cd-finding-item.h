/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdFindingItem: one line of a scan's results in a list (a masked finding,
 * or a file that needs review with its reason), and the list item factory
 * that shows it. Used by the scan sheet and the asset's findings window. */

#pragma once

#include <gtk/gtk.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_FINDING_ITEM (cd_finding_item_get_type ())
G_DECLARE_FINAL_TYPE (CdFindingItem, cd_finding_item, CD, FINDING_ITEM, GObject)

CdFindingItem      *cd_finding_item_new            (const char    *location,
                                                    const char    *label,
                                                    const char    *text,
                                                    gboolean       problem);
const char         *cd_finding_item_get_location   (CdFindingItem *self);
const char         *cd_finding_item_get_label      (CdFindingItem *self);
const char         *cd_finding_item_get_text       (CdFindingItem *self);
gboolean            cd_finding_item_get_problem    (CdFindingItem *self);

char               *cd_finding_format_location     (const char    *path,
                                                    const char    *base,
                                                    const char    *member,
                                                    guint          page);
GtkListItemFactory *cd_finding_item_factory_new    (void);

G_END_DECLS
