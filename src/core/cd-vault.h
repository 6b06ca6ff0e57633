/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-vault: retained archives (issue 8). A vault is a tar stream (pax
 * format, UTF-8 names, made with libarchive) encrypted in the age v1
 * format (cd-age.h) to custodians' X25519 keys or to a passphrase, so it
 * opens with the stock tools for as long as it is kept:
 *     age -d -i custodian.key vault.age | tar -x
 * The first member, closure-desk-manifest.json, says what the case knew
 * of the files kept (when given). Nothing here touches the case file: the
 * store records vaults (cd-store.h), the CLI and the app combine both. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_VAULT_ERROR (cd_vault_error_quark ())

typedef enum
{
  CD_VAULT_ERROR_INVALID,         /* bad request: no input, no recipient, … */
  CD_VAULT_ERROR_UNSAFE_NAME,     /* a member would land outside the folder */
  CD_VAULT_ERROR_EXISTS,          /* restore would overwrite, and may not */
  CD_VAULT_ERROR_ARCHIVE,         /* the tar inside is malformed */
  CD_VAULT_ERROR_FAILED,
} CdVaultError;

GQuark cd_vault_error_quark (void);

#define CD_VAULT_MANIFEST_NAME "closure-desk-manifest.json"

typedef struct
{
  const char * const *paths;          /* files and folders to keep (not followed through links) */
  const char         *output;         /* the .age file to write (replaced only on success) */
  const char * const *recipients;     /* "age1…", nullable */
  const char         *passphrase;     /* nullable; exactly one of the two (age allows
                                       * a passphrase only as the sole way in) */
  guint               scrypt_log_n;   /* 0: the age default */
  const char         *manifest_json;  /* nullable: written first, as CD_VAULT_MANIFEST_NAME */
} CdVaultCreateRequest;

typedef struct
{
  guint64 size;                       /* of the .age file */
  char    sha256[65];                 /* of the .age file, hex */
  guint   n_members;                  /* files, folders and links, the manifest included */
  guint64 content_bytes;              /* of the files kept */
} CdVaultInfo;

typedef struct
{
  const char *name;                   /* as stored (UTF-8, '/'-separated) */
  guint64     size;
  gint64      mtime;
  gboolean    is_dir;
  gboolean    is_link;
} CdVaultMember;

/* Return FALSE to stop (a listing, say, that has seen enough). */
typedef gboolean (*CdVaultMemberFunc) (const CdVaultMember *member,
                                       gpointer             user_data);

/* Bytes of the tar written or read so far. */
typedef void (*CdVaultProgressFunc) (guint64  done,
                                     gpointer user_data);

gboolean cd_vault_create  (const CdVaultCreateRequest *request,
                           CdVaultInfo                *info,
                           GCancellable               *cancellable,
                           CdVaultProgressFunc         progress,
                           gpointer                    user_data,
                           GError                    **error);

/* Reads the whole vault, authenticating every chunk, and calls @func for
 * each member; extracts nothing. A damaged vault is an error (CD_AGE_ERROR
 * codes from cd-age.h), and no member after the damage is reported. */
gboolean cd_vault_verify  (const char                 *vault,
                           const char * const         *identities,
                           const char                 *passphrase,
                           CdVaultMemberFunc           func,
                           gpointer                    user_data,
                           GCancellable               *cancellable,
                           GError                    **error);

/* Extracts into @dest_dir (created if missing) every member, or those named
 * in @members (a folder's name takes what is below it). Names that are
 * absolute or climb out with ".." are refused before anything is written;
 * an existing file is an error unless @overwrite. On a damaged chunk the
 * member being written is removed: nothing from the damage onward is left. */
gboolean cd_vault_restore (const char                 *vault,
                           const char * const         *identities,
                           const char                 *passphrase,
                           const char                 *dest_dir,
                           const char * const         *members,
                           gboolean                    overwrite,
                           CdVaultMemberFunc           func,
                           gpointer                    user_data,
                           GCancellable               *cancellable,
                           GError                    **error);

G_END_DECLS
