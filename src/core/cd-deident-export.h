/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-deident-export: a de-identified export as a step of a case, shared by
 * "plan export-deidentified" and the export dialog: the pseudonym key of
 * each export (derived from the case key and a random export id), the
 * folders an export must stay out of (the scanned ones and the source's),
 * and the audit entry that every export leaves, without any cell value. */

#pragma once

#include <gio/gio.h>

#include "cd-deident.h"
#include "cd-store.h"

G_BEGIN_DECLS

char     *cd_deident_export_new_id             (void);
gboolean  cd_deident_export_set_key            (CdStore               *store,
                                                CdDeidentPlan         *plan,
                                                const char            *export_id,
                                                GError               **error);
GStrv     cd_deident_export_get_protected_dirs (CdStore               *store,
                                                const char            *source,
                                                GError               **error);
gboolean  cd_deident_export_for_case           (CdStore               *store,
                                                CdCsvTable            *table,
                                                CdDeidentPlan         *plan,
                                                const char            *source,
                                                const char            *asset_id,
                                                const char            *export_id,
                                                const char            *out_path,
                                                CdDeidentLabel         label,
                                                CdDeidentExportFlags   flags,
                                                GCancellable          *cancellable,
                                                CdDeidentReport      **out_report,
                                                GError               **error);

G_END_DECLS
