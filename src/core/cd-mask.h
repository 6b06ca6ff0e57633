/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display masking of names and identifiers, so that lists, logs, reports
 * and error messages never show one in full. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cd_mask_name       (const char *name);
char *cd_mask_phone      (const char *phone);
char *cd_mask_id_number  (const char *id);
char *cd_mask_uscc       (const char *code);
char *cd_mask_email      (const char *email);
char *cd_mask_bank_card  (const char *card);
char *cd_mask_address    (const char *addr);
char *cd_mask_text       (const char *text);

G_END_DECLS
