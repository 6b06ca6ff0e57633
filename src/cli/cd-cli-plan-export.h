/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli plan export-deidentified”: a de-identified or
 * anonymized copy of a table, audited. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int cd_cli_plan_export (const char  *command,
                        int          argc,
                        char       **argv);

G_END_DECLS
