/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case's Ed25519 signing key and the signed checkpoints of its audit
 * log (issue 8). The key is made the first time it is needed; its seed is
 * sealed with the case key like every other secret of the case, its public
 * half and minisign key id are kept in clear so a printed report can name
 * them. A checkpoint signs the chain head at a sequence number: whoever
 * has the public key can then tell that the log up to there is the one the
 * case holder had, even if the case file and its passphrase are lost. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cd-minisign.h"
#include "cd-store-private.h"

#define CHECKPOINT_DOMAIN "closure-desk audit checkpoint v1"

G_STATIC_ASSERT (crypto_sign_SEEDBYTES == CD_SIGNING_SEED_BYTES);
G_STATIC_ASSERT (crypto_sign_PUBLICKEYBYTES == CD_SIGNING_PUBLIC_KEY_BYTES);
G_STATIC_ASSERT (crypto_sign_BYTES == CD_SIGNING_SIGNATURE_BYTES);
G_STATIC_ASSERT (CD_MINISIGN_KEY_ID_BYTES == CD_SIGNING_KEY_ID_BYTES);

static gboolean
read_key (CdStore  *self,
          CdKeys   *keys,
          guint8    seed[CD_SIGNING_SEED_BYTES],
          guint8    key_id[CD_SIGNING_KEY_ID_BYTES],
          guint8    public_key[CD_SIGNING_PUBLIC_KEY_BYTES],
          gboolean *found,
          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *found = FALSE;
  stmt = cd_store_prepare (self, "SELECT key_id, public_key, seed FROM signing_key WHERE id = 1;", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return cd_store_sqlite_error (self, rc, error);

  if (sqlite3_column_bytes (stmt, 0) != CD_SIGNING_KEY_ID_BYTES ||
      sqlite3_column_bytes (stmt, 1) != CD_SIGNING_PUBLIC_KEY_BYTES)
    {
      g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
                           _("The case's signing key is damaged"));
      return FALSE;
    }
  memcpy (key_id, sqlite3_column_blob (stmt, 0), CD_SIGNING_KEY_ID_BYTES);
  memcpy (public_key, sqlite3_column_blob (stmt, 1), CD_SIGNING_PUBLIC_KEY_BYTES);
  if (seed != NULL)
    {
      char *hex = NULL;
      gsize len = 0;
      guint8 check[CD_SIGNING_PUBLIC_KEY_BYTES];
      guint8 secret[crypto_sign_SECRETKEYBYTES];
      gboolean ok;

      if (!cd_store_column_open (stmt, 2, keys, "signing_key.seed", "1", &hex, error))
        return FALSE;
      ok = hex != NULL && sodium_hex2bin (seed, CD_SIGNING_SEED_BYTES, hex, strlen (hex), NULL, &len, NULL) == 0 &&
           len == CD_SIGNING_SEED_BYTES;
      if (hex != NULL)
        cd_crypto_wipe_free (hex);
      /* The seed must give the public key kept beside it. */
      ok = ok && crypto_sign_seed_keypair (check, secret, seed) == 0 &&
           sodium_memcmp (check, public_key, sizeof check) == 0;
      sodium_memzero (secret, sizeof secret);
      if (!ok)
        {
          sodium_memzero (seed, CD_SIGNING_SEED_BYTES);
          g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_CORRUPT,
                               _("The case's signing key is damaged"));
          return FALSE;
        }
    }
  *found = TRUE;
  return TRUE;
}

static gboolean
create_key (CdStore  *self,
            CdKeys   *keys,
            guint8    seed[CD_SIGNING_SEED_BYTES],
            guint8    key_id[CD_SIGNING_KEY_ID_BYTES],
            guint8    public_key[CD_SIGNING_PUBLIC_KEY_BYTES],
            GError  **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *key_id_hex = NULL;
  guint8 secret[crypto_sign_SECRETKEYBYTES];
  char hex[CD_SIGNING_SEED_BYTES * 2 + 1];
  int rc;

  randombytes_buf (seed, CD_SIGNING_SEED_BYTES);
  randombytes_buf (key_id, CD_SIGNING_KEY_ID_BYTES);
  crypto_sign_seed_keypair (public_key, secret, seed);
  sodium_memzero (secret, sizeof secret);
  sodium_bin2hex (hex, sizeof hex, seed, CD_SIGNING_SEED_BYTES);

  insert = cd_store_prepare (self,
                             "INSERT INTO signing_key (id, key_id, public_key, seed, created)"
                             " VALUES (1, ?1, ?2, ?3, ?4);", error);
  if (insert == NULL)
    {
      sodium_memzero (hex, sizeof hex);
      return FALSE;
    }
  sqlite3_bind_blob (insert, 1, key_id, CD_SIGNING_KEY_ID_BYTES, SQLITE_STATIC);
  sqlite3_bind_blob (insert, 2, public_key, CD_SIGNING_PUBLIC_KEY_BYTES, SQLITE_STATIC);
  cd_store_bind_sealed (insert, 3, keys, "signing_key.seed", "1", hex);
  sodium_memzero (hex, sizeof hex);
  sqlite3_bind_int64 (insert, 4, cd_store_now ());
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (self, rc, error);

  key_id_hex = cd_minisign_key_id_to_string (key_id);
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "key_id");
  json_builder_add_string_value (details, key_id_hex);
  return cd_store_append_audit (self, "signing.key-created", NULL, details, error);
}

/**
 * cd_store_get_signing_key:
 * @seed: (out caller-allocates) (optional): the secret seed; wipe it with
 *   sodium_memzero() once used
 * @key_id: (out caller-allocates): the minisign key id
 * @public_key: (out caller-allocates): the Ed25519 public key
 *
 * The case's signing key, made (and audited) the first time it is asked
 * for. The seed needs an unlocked case; the public key and id do not,
 * once the key exists.
 */
gboolean
cd_store_get_signing_key (CdStore  *self,
                          guint8    seed[CD_SIGNING_SEED_BYTES],
                          guint8    key_id[CD_SIGNING_KEY_ID_BYTES],
                          guint8    public_key[CD_SIGNING_PUBLIC_KEY_BYTES],
                          GError  **error)
{
  guint8 local_seed[CD_SIGNING_SEED_BYTES];
  CdKeys *keys = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (key_id != NULL && public_key != NULL, FALSE);

  /* The public half is not a secret: a locked case gives it, once made. */
  if (seed != NULL || cd_store_is_locked (self))
    {
      if (seed == NULL && !read_key (self, NULL, NULL, key_id, public_key, &found, error))
        return FALSE;
      if (found)
        return TRUE;
      keys = cd_store_require_keys (self, error);
      if (keys == NULL)
        return FALSE;
    }
  else
    keys = cd_store_require_keys (self, error);
  if (keys == NULL || !read_key (self, keys, seed, key_id, public_key, &found, error))
    return FALSE;
  if (found)
    return TRUE;

  if (!cd_store_begin (self, error))
    return FALSE;
  /* Another connection may have made it meanwhile. */
  if (!read_key (self, keys, seed, key_id, public_key, &found, error) ||
      (!found && !create_key (self, keys, seed != NULL ? seed : local_seed, key_id, public_key, error)) ||
      !cd_store_commit (self, error))
    {
      sodium_memzero (local_seed, sizeof local_seed);
      if (seed != NULL)
        sodium_memzero (seed, CD_SIGNING_SEED_BYTES);
      cd_store_rollback (self);
      return FALSE;
    }
  sodium_memzero (local_seed, sizeof local_seed);
  return TRUE;
}

static void
checkpoint_message (gint64       seq,
                    const guint8 head[CD_AUDIT_HASH_BYTES],
                    guint8       out[sizeof CHECKPOINT_DOMAIN + 8 + CD_AUDIT_HASH_BYTES])
{
  memcpy (out, CHECKPOINT_DOMAIN, sizeof CHECKPOINT_DOMAIN);   /* with its NUL */
  for (guint i = 0; i < 8; i++)
    out[sizeof CHECKPOINT_DOMAIN + i] = (guint8) ((guint64) seq >> (56 - 8 * i));
  memcpy (out + sizeof CHECKPOINT_DOMAIN + 8, head, CD_AUDIT_HASH_BYTES);
}

/**
 * cd_store_checkpoint_audit:
 * @checkpoint: (out caller-allocates) (optional): the checkpoint made
 *
 * Verifies the audit chain and signs its head with the case's key. A
 * broken chain is not signed (%CD_AUDIT_ERROR_BROKEN). The checkpoint is
 * itself audited, after the head it signs.
 */
gboolean
cd_store_checkpoint_audit (CdStore            *self,
                           CdAuditCheckpoint  *checkpoint,
                           GError            **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *head_hex = NULL;
  guint8 seed[CD_SIGNING_SEED_BYTES];
  guint8 key_id[CD_SIGNING_KEY_ID_BYTES];
  guint8 public_key[CD_SIGNING_PUBLIC_KEY_BYTES];
  guint8 secret[crypto_sign_SECRETKEYBYTES];
  guint8 message[sizeof CHECKPOINT_DOMAIN + 8 + CD_AUDIT_HASH_BYTES];
  CdAuditCheckpoint local;
  CdAuditReport report;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);

  if (checkpoint == NULL)
    checkpoint = &local;
  memset (checkpoint, 0, sizeof *checkpoint);
  if (!cd_store_get_signing_key (self, seed, key_id, public_key, error))
    return FALSE;
  if (!cd_store_begin (self, error))
    {
      sodium_memzero (seed, sizeof seed);
      return FALSE;
    }
  if (!cd_store_verify_audit (self, &report, error))
    goto fail;
  if (report.problem != CD_AUDIT_OK)
    {
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, report.first_bad_seq);

      /* Translators: %s is the number of the first bad entry */
      g_set_error (error, CD_AUDIT_ERROR, CD_AUDIT_ERROR_BROKEN,
                   _("The audit log is broken at entry %s: it cannot be signed"), seq);
      goto fail;
    }

  checkpoint->seq = report.n_entries;
  memcpy (checkpoint->head, report.head, CD_AUDIT_HASH_BYTES);
  checkpoint->created = cd_store_now ();
  checkpoint->valid = TRUE;
  checkpoint_message (checkpoint->seq, checkpoint->head, message);
  crypto_sign_seed_keypair (public_key, secret, seed);
  crypto_sign_detached (checkpoint->signature, NULL, message, sizeof message, secret);
  sodium_memzero (secret, sizeof secret);
  sodium_memzero (seed, sizeof seed);

  insert = cd_store_prepare (self,
                             "INSERT OR REPLACE INTO audit_checkpoints (seq, head, signature, created)"
                             " VALUES (?1, ?2, ?3, ?4);", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_int64 (insert, 1, checkpoint->seq);
  sqlite3_bind_blob (insert, 2, checkpoint->head, CD_AUDIT_HASH_BYTES, SQLITE_STATIC);
  sqlite3_bind_blob (insert, 3, checkpoint->signature, CD_SIGNING_SIGNATURE_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 4, checkpoint->created);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }

  head_hex = cd_audit_hash_to_hex (checkpoint->head);
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "seq");
  json_builder_add_int_value (details, checkpoint->seq);
  json_builder_set_member_name (details, "head");
  json_builder_add_string_value (details, head_hex);
  if (!cd_store_append_audit (self, "audit.checkpoint", NULL, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  sodium_memzero (seed, sizeof seed);
  cd_store_rollback (self);
  memset (checkpoint, 0, sizeof *checkpoint);
  return FALSE;
}

/**
 * cd_store_list_checkpoints:
 *
 * The signed checkpoints, oldest first, each checked: its signature by the
 * case's public key, its head against the log's entry at that sequence
 * number, and the chain up to there (a log edited before a checkpoint
 * fails it).
 *
 * Returns: (transfer full) (element-type CdAuditCheckpoint): the
 * checkpoints, or %NULL with @error set
 */
GArray *
cd_store_list_checkpoints (CdStore  *self,
                           GError  **error)
{
  g_autoptr(GArray) list = g_array_new (FALSE, TRUE, sizeof (CdAuditCheckpoint));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint8 key_id[CD_SIGNING_KEY_ID_BYTES];
  guint8 public_key[CD_SIGNING_PUBLIC_KEY_BYTES];
  CdAuditReport report;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  /* Public data: a locked case can be checked. */
  if (!read_key (self, NULL, NULL, key_id, public_key, &found, error))
    return NULL;
  stmt = cd_store_prepare (self, "SELECT seq, head, signature, created FROM audit_checkpoints ORDER BY seq;",
                           error);
  if (stmt == NULL)
    return NULL;
  entries = cd_store_list_audit (self, error);
  if (entries == NULL || !cd_store_verify_audit (self, &report, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CdAuditCheckpoint checkpoint = { 0, };
      guint8 message[sizeof CHECKPOINT_DOMAIN + 8 + CD_AUDIT_HASH_BYTES];
      gboolean shapes_ok = sqlite3_column_bytes (stmt, 1) == CD_AUDIT_HASH_BYTES &&
                           sqlite3_column_bytes (stmt, 2) == CD_SIGNING_SIGNATURE_BYTES;

      checkpoint.seq = sqlite3_column_int64 (stmt, 0);
      checkpoint.created = sqlite3_column_int64 (stmt, 3);
      if (shapes_ok)
        {
          memcpy (checkpoint.head, sqlite3_column_blob (stmt, 1), CD_AUDIT_HASH_BYTES);
          memcpy (checkpoint.signature, sqlite3_column_blob (stmt, 2), CD_SIGNING_SIGNATURE_BYTES);
          checkpoint_message (checkpoint.seq, checkpoint.head, message);
        }
      checkpoint.valid = shapes_ok && found &&
                         crypto_sign_verify_detached (checkpoint.signature, message, sizeof message, public_key) == 0 &&
                         checkpoint.seq >= 1 && (guint64) checkpoint.seq <= entries->len &&
                         sodium_memcmp (((CdAuditEntry *) g_ptr_array_index (entries, checkpoint.seq - 1))->hash,
                                        checkpoint.head, CD_AUDIT_HASH_BYTES) == 0 &&
                         /* and the chain up to it holds */
                         (report.problem == CD_AUDIT_OK || checkpoint.seq < report.first_bad_seq);
      g_array_append_val (list, checkpoint);
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * cd_store_signing_public_key_file:
 *
 * Returns: (transfer full): the case's public key as a minisign public key
 * file, or %NULL with @error set (see cd_store_get_signing_key())
 */
char *
cd_store_signing_public_key_file (CdStore  *self,
                                  GError  **error)
{
  CdMinisignPublicKey public_key;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  if (!cd_store_get_signing_key (self, NULL, public_key.key_id, public_key.public_key, error))
    return NULL;
  return cd_minisign_public_key_to_file (&public_key, NULL);
}

static JsonNode *
entry_to_json (const CdAuditEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (entry->time);
  g_autofree char *iso = time != NULL ? g_date_time_format_iso8601 (time) : NULL;
  g_autofree char *prev = cd_audit_hash_to_hex (entry->prev_hash);
  g_autofree char *hash = cd_audit_hash_to_hex (entry->hash);
  g_autoptr(JsonNode) details = NULL;

  if (entry->details != NULL)
    details = json_from_string (entry->details, NULL);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, entry->seq);
  json_builder_set_member_name (builder, "time");
  json_builder_add_string_value (builder, iso);
  json_builder_set_member_name (builder, "unix_time");
  json_builder_add_int_value (builder, entry->time);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, entry->actor);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, entry->action);
  json_builder_set_member_name (builder, "object");
  if (entry->object != NULL)
    json_builder_add_string_value (builder, entry->object);
  else
    json_builder_add_null_value (builder);
  /* As stored too, for hashing again: "details_json". */
  json_builder_set_member_name (builder, "details");
  if (details != NULL)
    json_builder_add_value (builder, g_steal_pointer (&details));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "details_json");
  if (entry->details != NULL)
    json_builder_add_string_value (builder, entry->details);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "prev_hash");
  json_builder_add_string_value (builder, prev);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, hash);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * cd_store_export_audit:
 * @path: the JSON Lines file to write; @path.minisig is written beside it
 * @result: (out caller-allocates) (optional): what was exported
 *
 * Signs a checkpoint of the audit log, then writes the log (the
 * checkpoint's own entry included) as JSON Lines, one entry a line, and a
 * minisign signature of the file by the case's key, whose trusted comment
 * names the entry count and the head. `minisign -Vm LOG.jsonl -p KEY.pub`
 * checks it (KEY.pub: cd_store_signing_public_key_file()). The export is
 * audited afterwards. A broken log is not exported.
 */
gboolean
cd_store_export_audit (CdStore                *self,
                       const char             *path,
                       CdAuditExportResult    *result,
                       GError                **error)
{
  g_autoptr(CdMinisignKey) key = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *head = NULL;
  g_autofree char *trusted = NULL;
  g_autofree char *untrusted = NULL;
  g_autofree char *sig_path = NULL;
  guint8 seed[CD_SIGNING_SEED_BYTES];
  guint8 key_id[CD_SIGNING_KEY_ID_BYTES];
  guint8 public_key[CD_SIGNING_PUBLIC_KEY_BYTES];
  CdAuditExportResult local;
  CdAuditCheckpoint checkpoint;
  const CdAuditEntry *last;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (result == NULL)
    result = &local;
  memset (result, 0, sizeof *result);

  if (!cd_store_checkpoint_audit (self, &checkpoint, error))
    return FALSE;
  if (!cd_store_get_signing_key (self, seed, key_id, public_key, error))
    return FALSE;
  key = cd_minisign_key_new_from_seed (seed, key_id, error);
  sodium_memzero (seed, sizeof seed);
  if (key == NULL)
    return FALSE;

  entries = cd_store_list_audit (self, error);
  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr(JsonNode) node = entry_to_json (g_ptr_array_index (entries, i));
      g_autofree char *line = json_to_string (node, FALSE);

      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }
  if (!g_file_set_contents_full (path, out->str, (gssize) out->len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error))
    return FALSE;

  last = g_ptr_array_index (entries, entries->len - 1);
  head = cd_audit_hash_to_hex (last->hash);
  trusted = g_strdup_printf ("closure-desk audit log\tentries:%u\thead:%s\tsigned-checkpoint:%" G_GINT64_FORMAT,
                             entries->len, head, checkpoint.seq);
  /* Translators: the untrusted comment of an audit export's signature */
  untrusted = g_strdup (_("Closure Desk audit log signature"));
  sig_path = g_strconcat (path, ".minisig", NULL);
  if (!cd_minisign_sign_file (key, path, trusted, untrusted, sig_path, NULL, error))
    return FALSE;

  result->n_entries = entries->len;
  memcpy (result->head, last->hash, CD_AUDIT_HASH_BYTES);
  memcpy (result->key_id, key_id, CD_SIGNING_KEY_ID_BYTES);
  memcpy (result->public_key, public_key, CD_SIGNING_PUBLIC_KEY_BYTES);

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "entries");
  json_builder_add_int_value (details, entries->len);
  json_builder_set_member_name (details, "head");
  json_builder_add_string_value (details, head);
  if (!cd_store_begin (self, error))
    return FALSE;
  if (!cd_store_append_audit (self, "audit.export", NULL, details, error) || !cd_store_commit (self, error))
    {
      cd_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}
