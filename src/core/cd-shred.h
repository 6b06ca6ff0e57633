/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-shred: destroys files by overwriting them in place, and says honestly
 * what that achieved. NIST SP 800-88 Rev. 1 calls an overwrite of a
 * magnetic disk through the file system "Clear"; on flash (wear levelling
 * keeps old copies), on copy-on-write or data-journalling file systems
 * (the overwrite lands elsewhere) and on network mounts (the server
 * decides) an overwrite proves nothing, and the result is recorded as not
 * assured, with the reason, so that device-level purge or physical
 * destruction can be recommended. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_SHRED_ERROR (cd_shred_error_quark ())

typedef enum
{
  CD_SHRED_ERROR_NOT_REGULAR,    /* a device, fifo, socket: not ours to overwrite */
  CD_SHRED_ERROR_HARD_LINKED,    /* other names would keep the file alive */
  CD_SHRED_ERROR_VERIFY_FAILED,  /* what was read back is not what was written */
  CD_SHRED_ERROR_INVALID,
  CD_SHRED_ERROR_FAILED,
} CdShredError;

GQuark cd_shred_error_quark (void);

#define CD_SHRED_MAX_PASSES 7

/* What an overwrite cannot guarantee on the file's storage. */
typedef enum
{
  CD_SHRED_CAVEAT_NONE           = 0,
  CD_SHRED_CAVEAT_FLASH          = 1 << 0,   /* SSD, SD card, USB stick */
  CD_SHRED_CAVEAT_UNKNOWN_MEDIA  = 1 << 1,   /* the device could not be told */
  CD_SHRED_CAVEAT_COPY_ON_WRITE  = 1 << 2,   /* btrfs, zfs, f2fs, nilfs2, bcachefs … */
  CD_SHRED_CAVEAT_JOURNALED_DATA = 1 << 3,   /* ext3/ext4 with data=journal */
  CD_SHRED_CAVEAT_NETWORK        = 1 << 4,   /* nfs, cifs/smb, sshfs … */
  CD_SHRED_CAVEAT_MEMORY         = 1 << 5,   /* tmpfs, ramfs: may have been swapped out */
} CdShredCaveats;

#define CD_SHRED_N_CAVEATS 6

/* NIST SP 800-88 Rev. 1 sanitization category achieved. */
typedef enum
{
  CD_SHRED_CATEGORY_NOT_ASSURED,
  CD_SHRED_CATEGORY_CLEAR,
} CdShredCategory;

typedef struct
{
  char           *mount_point;
  char           *fs_type;
  char           *device;         /* the block device, "" when there is none */
  gboolean        rotational;     /* a spinning disk, when known */
  CdShredCaveats  caveats;
  CdShredCategory category;       /* what an overwrite can achieve here at best */
} CdShredAssessment;

void               cd_shred_assessment_free (CdShredAssessment *assessment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdShredAssessment, cd_shred_assessment_free)

CdShredAssessment *cd_shred_assess          (const char         *path,
                                             GError            **error);
const char        *cd_shred_caveat_get_id   (CdShredCaveats      caveat);
const char        *cd_shred_caveat_get_label (CdShredCaveats     caveat);
const char        *cd_shred_category_get_id (CdShredCategory     category);
const char        *cd_shred_category_get_label (CdShredCategory  category);

typedef struct
{
  guint    passes;        /* 0: 1; at most CD_SHRED_MAX_PASSES; the last is random */
  gboolean no_verify;     /* skip reading the last pass back */
} CdShredOptions;

typedef struct
{
  guint64         bytes;
  guint           passes;
  gboolean        verified;
  CdShredCaveats  caveats;
  CdShredCategory category;
} CdShredResult;

/* @done of @total bytes overwritten (all passes counted). */
typedef void (*CdShredProgressFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

gboolean cd_shred_file (const char            *path,
                        const CdShredOptions  *options,
                        CdShredResult         *result,
                        GCancellable          *cancellable,
                        CdShredProgressFunc    progress,
                        gpointer               user_data,
                        GError               **error);

G_END_DECLS
