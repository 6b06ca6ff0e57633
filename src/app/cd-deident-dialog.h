/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdDeidentDialog: exports an asset's table (CSV) de-identified or
 * anonymized — a rule per column, k-anonymity over the chosen
 * quasi-identifiers, the label refused below the threshold, and the export
 * audited (see cd-deident-export.h). */

#pragma once

#include <adwaita.h>

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TYPE_DEIDENT_DIALOG (cd_deident_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CdDeidentDialog, cd_deident_dialog, CD, DEIDENT_DIALOG, AdwWindow)

CdDeidentDialog *cd_deident_dialog_new            (GtkWindow        *parent,
                                                   CdStore          *store,
                                                   CdAsset          *asset);
gboolean         cd_deident_dialog_open_source    (CdDeidentDialog  *self,
                                                   GFile            *file,
                                                   GError          **error);
gboolean         cd_deident_dialog_export_to_file (CdDeidentDialog  *self,
                                                   GFile            *file,
                                                   GError          **error);

G_END_DECLS
