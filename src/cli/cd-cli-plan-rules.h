/* SPDX-License-Identifier: GPL-3.0-or-later */
/* “closure-desk-cli plan rules”: the retention rules in force. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int cd_cli_plan_rules (const char  *command,
                       int          argc,
                       char       **argv);

G_END_DECLS
