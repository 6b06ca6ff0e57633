/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo case: a made-up restaurant group being dissolved, generated the
 * same way every time, to show the product and to test it at a real size. */

#pragma once

#include "cd-store.h"

G_BEGIN_DECLS

/* Shown to the user wherever the demo case is offered: it protects nothing. */
#define CD_DEMO_PASSPHRASE "demo"

#define CD_DEMO_N_CUSTOMERS 2000

CdStore   *cd_demo_create         (const char         *path,
                                   const CdKdfParams  *params,
                                   GError            **error);
/* Custodians, a vault, a destruction with a witness, a manual record and
 * a signed log, with their files in @dir (created). */
gboolean   cd_demo_add_retention  (CdStore            *store,
                                   const char         *dir,
                                   GError            **error);
/* The same customers without a case, for the demo's files (cd-demo-files.c). */
GPtrArray *cd_demo_make_customers (char              **out_uscc);

G_END_DECLS
