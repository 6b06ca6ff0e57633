/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Translations of the shipped retention rules' labels and notes, looked up by
 * rule id (cd-retention-labels.c is generated from data/retention-rules.json). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *cd_retention_labels_translate_label (const char *id,
                                                 const char *label);
const char *cd_retention_labels_translate_note  (const char *id,
                                                 const char *note);
gboolean    cd_retention_labels_has             (const char *id,
                                                 const char *label,
                                                 const char *note);
guint       cd_retention_labels_get_n           (void);

G_END_DECLS
