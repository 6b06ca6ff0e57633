/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A data asset: one place where customers' data sits (inventory pane). */

#pragma once

#include <glib-object.h>

#include "cd-types.h"

G_BEGIN_DECLS

#define CD_TYPE_ASSET (cd_asset_get_type ())
G_DECLARE_FINAL_TYPE (CdAsset, cd_asset, CD, ASSET, GObject)

CdAsset      *cd_asset_new               (void);
CdAsset      *cd_asset_copy              (CdAsset      *self);
const char   *cd_asset_get_id            (CdAsset      *self);
void          cd_asset_set_id            (CdAsset      *self,
                                          const char   *id);
const char   *cd_asset_get_location      (CdAsset      *self);
void          cd_asset_set_location      (CdAsset      *self,
                                          const char   *location);
CdMedium      cd_asset_get_medium        (CdAsset      *self);
void          cd_asset_set_medium        (CdAsset      *self,
                                          CdMedium      medium);
CdRecordType  cd_asset_get_record_type   (CdAsset      *self);
void          cd_asset_set_record_type   (CdAsset      *self,
                                          CdRecordType  record_type);
const char   *cd_asset_get_format        (CdAsset      *self);
void          cd_asset_set_format        (CdAsset      *self,
                                          const char   *format);
gint64        cd_asset_get_records       (CdAsset      *self);
void          cd_asset_set_records       (CdAsset      *self,
                                          gint64        records);
gint64        cd_asset_get_customers     (CdAsset      *self);
void          cd_asset_set_customers     (CdAsset      *self,
                                          gint64        customers);
const char   *cd_asset_get_custodian     (CdAsset      *self);
void          cd_asset_set_custodian     (CdAsset      *self,
                                          const char   *custodian);
const char   *cd_asset_get_notes         (CdAsset      *self);
void          cd_asset_set_notes         (CdAsset      *self,
                                          const char   *notes);
gint64        cd_asset_get_created       (CdAsset      *self);
void          cd_asset_set_created       (CdAsset      *self,
                                          gint64        unix_time);
gboolean      cd_asset_validate          (CdAsset      *self,
                                          GError      **error);

G_END_DECLS
