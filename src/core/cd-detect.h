/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-detect: finds identifiers of people and companies in byte buffers
 * (resident ID numbers, phone numbers, bank cards, e-mail addresses, credit
 * codes, passports and travel permits), validating each one. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The order is that of the names in the CLI contract, not the precedence. */
typedef enum
{
  CD_DETECT_RESIDENT_ID,
  CD_DETECT_MOBILE,
  CD_DETECT_LANDLINE,
  CD_DETECT_BANK_CARD,
  CD_DETECT_EMAIL,
  CD_DETECT_USCC,
  CD_DETECT_PASSPORT,
  CD_DETECT_HK_MACAU_PERMIT,
  CD_DETECT_TW_PERMIT,
  CD_N_DETECT_KINDS
} CdDetectKind;

#define CD_DETECT_KIND_MASK(kind) (1u << (kind))
#define CD_DETECT_ALL_KINDS       ((1u << CD_N_DETECT_KINDS) - 1)

typedef enum
{
  CD_DETECT_FLAG_NONE           = 0,
  /* A UnionPay number that fails Luhn, found next to a word such as 卡号 */
  CD_DETECT_FLAG_LOW_CONFIDENCE = 1 << 0,
} CdDetectFlags;

typedef struct
{
  CdDetectKind  kind;
  gsize         start;   /* byte offset of the first byte */
  gsize         end;     /* byte offset after the last byte */
  CdDetectFlags flags;
} CdDetectSpan;

const char *cd_detect_kind_get_name (CdDetectKind  kind);
GArray     *cd_detect_scan          (const char   *data,
                                     gsize         len,
                                     guint         kinds_mask);
char       *cd_detect_normalize     (CdDetectKind  kind,
                                     const char   *data,
                                     gsize         len);
char       *cd_detect_mask          (CdDetectKind  kind,
                                     const char   *data,
                                     gsize         len);

G_END_DECLS
