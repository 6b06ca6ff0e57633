/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared enums and forward declarations of the core library. The enums are
 * registered as GTypes by glib-mkenums (cd-enums.h) so they can be properties. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CdStore CdStore;
typedef struct _CdCaseInfo CdCaseInfo;
typedef struct _CdMember CdMember;
typedef struct _CdAsset CdAsset;
typedef struct _CdCustomer CdCustomer;

/* Where a data asset lives (DESIGN: inventory pane). */
typedef enum
{
  CD_MEDIUM_SERVER,
  CD_MEDIUM_PC,
  CD_MEDIUM_MOBILE_CHAT,
  CD_MEDIUM_CLOUD_DRIVE,
  CD_MEDIUM_VOICE_RECORDER,
  CD_MEDIUM_EMAIL,
  CD_MEDIUM_PAPER,
  CD_MEDIUM_OTHER,
} CdMedium;

typedef enum
{
  CD_RECORD_TYPE_PERSONAL,
  CD_RECORD_TYPE_TRANSACTION,
  CD_RECORD_TYPE_COMMUNICATION,
  CD_RECORD_TYPE_CONTRACT,
  CD_RECORD_TYPE_RECORDING,
} CdRecordType;

/* Deregistration route: 简易注销 (Company Law Art. 240) or 一般注销. */
typedef enum
{
  CD_ROUTE_GENERAL,
  CD_ROUTE_SIMPLIFIED,
} CdRoute;

typedef enum
{
  CD_CUSTOMER_KIND_INDIVIDUAL,
  CD_CUSTOMER_KIND_ENTERPRISE,
} CdCustomerKind;

/* Roles in the liquidation group (清算组). */
typedef enum
{
  CD_MEMBER_ROLE_HEAD,
  CD_MEMBER_ROLE_MEMBER,
  CD_MEMBER_ROLE_LEGAL,
  CD_MEMBER_ROLE_FINANCE,
  CD_MEMBER_ROLE_OTHER,
} CdMemberRole;

#define CD_N_MEDIA        (CD_MEDIUM_OTHER + 1)
#define CD_N_RECORD_TYPES (CD_RECORD_TYPE_RECORDING + 1)
#define CD_N_MEMBER_ROLES (CD_MEMBER_ROLE_OTHER + 1)

const char *cd_medium_to_id          (CdMedium        medium);
const char *cd_medium_get_label      (CdMedium        medium);
gboolean    cd_medium_from_string    (const char     *text,
                                      CdMedium       *out_medium);
const char *cd_record_type_to_id     (CdRecordType    type);
const char *cd_record_type_get_label (CdRecordType    type);
gboolean    cd_record_type_from_string (const char   *text,
                                        CdRecordType *out_type);
const char *cd_route_to_id           (CdRoute         route);
const char *cd_route_get_label       (CdRoute         route);
gboolean    cd_route_from_string     (const char     *text,
                                      CdRoute        *out_route);
const char *cd_customer_kind_to_id   (CdCustomerKind  kind);
const char *cd_customer_kind_get_label (CdCustomerKind kind);
gboolean    cd_customer_kind_from_string (const char *text,
                                          CdCustomerKind *out_kind);
const char *cd_member_role_to_id     (CdMemberRole    role);
const char *cd_member_role_get_label (CdMemberRole    role);
gboolean    cd_member_role_from_string (const char   *text,
                                        CdMemberRole *out_role);

gboolean    cd_date_is_valid         (const char     *iso_date);
void        cd_date_set_today        (GDate          *date);

G_END_DECLS
