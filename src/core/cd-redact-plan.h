/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-redact-plan: what the application needs of a CdRedactDocument beyond
 * cd-redact.h — the user's redactions as a plan the contained worker
 * repeats, "redact everything of a customer", and drawing a page. */

#pragma once

#include <cairo.h>

#include "cd-customer.h"
#include "cd-redact.h"

G_BEGIN_DECLS

char    *cd_redact_document_save_plan       (CdRedactDocument      *self,
                                             gsize                 *out_len);
gboolean cd_redact_document_apply_plan      (CdRedactDocument      *self,
                                             const char            *json,
                                             gsize                  len,
                                             GCancellable          *cancellable,
                                             CdRedactProgressFunc   progress,
                                             gpointer               user_data,
                                             GError               **error);

GStrv    cd_redact_customer_terms           (CdCustomer            *customer);
void     cd_redact_terms_free               (GStrv                  terms);
guint    cd_redact_document_redact_customer (CdRedactDocument      *self,
                                             CdCustomer            *customer,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* Draws @page (1-based) as displayed, 1 unit a point, on @cr (a white
 * background is the caller's). */
gboolean cd_redact_document_render_page     (CdRedactDocument      *self,
                                             guint                  page,
                                             cairo_t               *cr);

G_END_DECLS
