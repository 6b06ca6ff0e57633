/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Translated names of the identifier kinds, for windows, notes and reports
 * (cd_detect_kind_get_name() is the stable ASCII name for files). */

#pragma once

#include <glib.h>

#include "cd-detect.h"

G_BEGIN_DECLS

const char *cd_detect_kind_get_label      (CdDetectKind   kind);
char       *cd_detect_kind_format_count   (CdDetectKind   kind,
                                           guint64        count);
char       *cd_detect_counts_to_string    (const guint64  counts[CD_N_DETECT_KINDS]);
gboolean    cd_detect_kind_from_name      (const char    *name,
                                           CdDetectKind  *out_kind);

G_END_DECLS
