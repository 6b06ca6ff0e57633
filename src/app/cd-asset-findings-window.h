/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdAssetFindingsWindow: the drill-down of a data asset made from a scan —
 * where in its files the identifiers are (masked), and how many of each
 * kind. */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_ASSET_FINDINGS_WINDOW (cd_asset_findings_window_get_type ())
G_DECLARE_FINAL_TYPE (CdAssetFindingsWindow, cd_asset_findings_window, CD, ASSET_FINDINGS_WINDOW,
                      AdwWindow)

CdAssetFindingsWindow *cd_asset_findings_window_new (GtkWindow  *parent,
                                                     CdStore    *store,
                                                     CdAsset    *asset);

G_END_DECLS
