/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import and export of assets and customers, shared by the CLI and the
 * app. Import is all-or-nothing: the whole file is parsed and validated
 * before anything reaches the store, and errors name the line. */

#pragma once

#include <gio/gio.h>

#include "cd-asset.h"
#include "cd-customer.h"

G_BEGIN_DECLS

#define CD_RECORDS_CSV_ERROR (cd_records_csv_error_quark ())

typedef enum
{
  CD_RECORDS_CSV_ERROR_MISSING_COLUMN,
  CD_RECORDS_CSV_ERROR_INVALID_VALUE,
} CdRecordsCsvError;

GQuark     cd_records_csv_error_quark     (void);
GPtrArray *cd_assets_from_csv             (const char  *data,
                                           gsize        len,
                                           GError     **error);
GBytes    *cd_assets_to_csv               (GListModel  *assets);
GPtrArray *cd_customers_from_csv          (const char  *data,
                                           gsize        len,
                                           GError     **error);
GBytes    *cd_customers_to_csv            (GListModel  *customers,
                                           gboolean     reveal);

G_END_DECLS
