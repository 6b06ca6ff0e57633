/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A customer (individual or enterprise) whose data the company holds. The
 * identifying fields are plain in memory while the case is unlocked and
 * sealed in the case file. */

#pragma once

#include <glib-object.h>

#include "cd-types.h"

G_BEGIN_DECLS

#define CD_TYPE_CUSTOMER (cd_customer_get_type ())
G_DECLARE_FINAL_TYPE (CdCustomer, cd_customer, CD, CUSTOMER, GObject)

CdCustomer     *cd_customer_new            (CdCustomerKind  kind);
const char     *cd_customer_get_id         (CdCustomer     *self);
void            cd_customer_set_id         (CdCustomer     *self,
                                            const char     *id);
CdCustomerKind  cd_customer_get_kind       (CdCustomer     *self);
void            cd_customer_set_kind       (CdCustomer     *self,
                                            CdCustomerKind  kind);
const char     *cd_customer_get_name       (CdCustomer     *self);
void            cd_customer_set_name       (CdCustomer     *self,
                                            const char     *name);
const char     *cd_customer_get_phone      (CdCustomer     *self);
void            cd_customer_set_phone      (CdCustomer     *self,
                                            const char     *phone);
const char     *cd_customer_get_id_number  (CdCustomer     *self);
void            cd_customer_set_id_number  (CdCustomer     *self,
                                            const char     *id_number);
const char     *cd_customer_get_email      (CdCustomer     *self);
void            cd_customer_set_email      (CdCustomer     *self,
                                            const char     *email);
const char     *cd_customer_get_address    (CdCustomer     *self);
void            cd_customer_set_address    (CdCustomer     *self,
                                            const char     *address);
const char     *cd_customer_get_notes      (CdCustomer     *self);
void            cd_customer_set_notes      (CdCustomer     *self,
                                            const char     *notes);
gint64          cd_customer_get_created    (CdCustomer     *self);
void            cd_customer_set_created    (CdCustomer     *self,
                                            gint64          unix_time);
gboolean        cd_customer_normalize      (CdCustomer     *self,
                                            GError        **error);
char           *cd_customer_dup_masked_name      (CdCustomer *self);
char           *cd_customer_dup_masked_phone     (CdCustomer *self);
char           *cd_customer_dup_masked_id_number (CdCustomer *self);
char           *cd_customer_dup_masked_email     (CdCustomer *self);
char           *cd_customer_dup_masked_address   (CdCustomer *self);

G_END_DECLS
