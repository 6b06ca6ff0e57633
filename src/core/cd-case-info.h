/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Case metadata: the dissolving company, its route and key dates, and the
 * members of its liquidation group. */

#pragma once

#include <glib-object.h>

#include "cd-types.h"

G_BEGIN_DECLS

#define CD_TYPE_CASE_INFO (cd_case_info_get_type ())
G_DECLARE_FINAL_TYPE (CdCaseInfo, cd_case_info, CD, CASE_INFO, GObject)

CdCaseInfo *cd_case_info_new                        (void);
CdCaseInfo *cd_case_info_copy                       (CdCaseInfo  *self);
const char *cd_case_info_get_company_name           (CdCaseInfo  *self);
void        cd_case_info_set_company_name           (CdCaseInfo  *self,
                                                     const char  *name);
const char *cd_case_info_get_uscc                   (CdCaseInfo  *self);
void        cd_case_info_set_uscc                   (CdCaseInfo  *self,
                                                     const char  *uscc);
const char *cd_case_info_get_address                (CdCaseInfo  *self);
void        cd_case_info_set_address                (CdCaseInfo  *self,
                                                     const char  *address);
CdRoute     cd_case_info_get_route                  (CdCaseInfo  *self);
void        cd_case_info_set_route                  (CdCaseInfo  *self,
                                                     CdRoute      route);
const char *cd_case_info_get_group_filed            (CdCaseInfo  *self);
void        cd_case_info_set_group_filed            (CdCaseInfo  *self,
                                                     const char  *iso_date);
const char *cd_case_info_get_announced              (CdCaseInfo  *self);
void        cd_case_info_set_announced              (CdCaseInfo  *self,
                                                     const char  *iso_date);
const char *cd_case_info_get_planned_deregistration (CdCaseInfo  *self);
void        cd_case_info_set_planned_deregistration (CdCaseInfo  *self,
                                                     const char  *iso_date);
const char *cd_case_info_get_consultant             (CdCaseInfo  *self);
void        cd_case_info_set_consultant             (CdCaseInfo  *self,
                                                     const char  *consultant);
gboolean    cd_case_info_validate                   (CdCaseInfo  *self,
                                                     GError     **error);

#define CD_TYPE_MEMBER (cd_member_get_type ())
G_DECLARE_FINAL_TYPE (CdMember, cd_member, CD, MEMBER, GObject)

CdMember     *cd_member_new       (const char   *name,
                                   CdMemberRole  role);
const char   *cd_member_get_id    (CdMember     *self);
void          cd_member_set_id    (CdMember     *self,
                                   const char   *id);
const char   *cd_member_get_name  (CdMember     *self);
void          cd_member_set_name  (CdMember     *self,
                                   const char   *name);
CdMemberRole  cd_member_get_role  (CdMember     *self);
void          cd_member_set_role  (CdMember     *self,
                                   CdMemberRole  role);
const char   *cd_member_get_phone (CdMember     *self);
void          cd_member_set_phone (CdMember     *self,
                                   const char   *phone);

G_END_DECLS
