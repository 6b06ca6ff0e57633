/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validation and normalisation of identifiers: resident ID numbers
 * (GB 11643), unified social credit codes (GB 32100), phone numbers, e-mail
 * addresses and names for blind-index equality (DOMAIN.md §5). */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_IDENT_ERROR (cd_ident_error_quark ())

typedef enum
{
  CD_IDENT_ERROR_FORMAT,
  CD_IDENT_ERROR_CHECKSUM,
  CD_IDENT_ERROR_DATE,
  CD_IDENT_ERROR_REGION,
} CdIdentError;

typedef enum
{
  CD_PHONE_MOBILE,
  CD_PHONE_LANDLINE,
  CD_PHONE_INTERNATIONAL,
} CdPhoneKind;

GQuark    cd_ident_error_quark             (void);
char      cd_ident_resident_id_check_char  (const char   *body17);
gboolean  cd_ident_check_resident_id       (const char   *text,
                                            char        **out_normalized,
                                            GError      **error);
gboolean  cd_ident_looks_like_resident_id  (const char   *text);
char      cd_ident_uscc_check_char         (const char   *body17);
gboolean  cd_ident_check_uscc              (const char   *text,
                                            char        **out_normalized,
                                            GError      **error);
gboolean  cd_ident_normalize_phone         (const char   *text,
                                            char        **out_normalized,
                                            CdPhoneKind  *out_kind,
                                            GError      **error);
gboolean  cd_ident_check_email             (const char   *text,
                                            char        **out_normalized,
                                            GError      **error);
char     *cd_ident_normalize_name          (const char   *text);
char     *cd_ident_digits_only             (const char   *text);

G_END_DECLS
