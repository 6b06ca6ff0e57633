/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Audit-entry hashing. The hash covers every field and the previous hash,
 * each length-prefixed, so no two different entries serialise alike. It is
 * unkeyed on purpose: anyone holding the file (a regulator, a court) can
 * verify the chain without the case passphrase. */

#include "config.h"

#define G_LOG_DOMAIN "cd-audit"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "cd-audit.h"

G_DEFINE_QUARK (cd_audit_error_quark, cd_audit_error)

G_STATIC_ASSERT (CD_AUDIT_HASH_BYTES == crypto_generichash_BYTES);

void
cd_audit_entry_free (CdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->object);
  g_free (entry->details);
  g_free (entry);
}

static void
update_u64 (crypto_generichash_state *state,
            guint64                   value)
{
  guint64 be = GUINT64_TO_BE (value);
  crypto_generichash_update (state, (const guint8 *) &be, sizeof be);
}

static void
update_str (crypto_generichash_state *state,
            const char               *text)
{
  /* A NULL field and an empty one must hash differently. */
  if (text == NULL)
    {
      update_u64 (state, G_MAXUINT64);
      return;
    }
  update_u64 (state, strlen (text));
  crypto_generichash_update (state, (const guint8 *) text, strlen (text));
}

/**
 * cd_audit_entry_compute_hash:
 *
 * BLAKE2b-256 over a versioned, length-prefixed serialisation of @entry
 * (including its sequence number and the previous entry's hash).
 */
void
cd_audit_entry_compute_hash (const CdAuditEntry *entry,
                             guint8              out[CD_AUDIT_HASH_BYTES])
{
  static const char tag[] = "closure-desk audit v1";
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, CD_AUDIT_HASH_BYTES);
  crypto_generichash_update (&state, (const guint8 *) tag, sizeof tag);
  update_u64 (&state, (guint64) entry->seq);
  update_u64 (&state, (guint64) entry->time);
  update_str (&state, entry->actor);
  update_str (&state, entry->action);
  update_str (&state, entry->object);
  update_str (&state, entry->details);
  crypto_generichash_update (&state, entry->prev_hash, CD_AUDIT_HASH_BYTES);
  crypto_generichash_final (&state, out, CD_AUDIT_HASH_BYTES);
}

char *
cd_audit_hash_to_hex (const guint8 hash[CD_AUDIT_HASH_BYTES])
{
  char *hex = g_malloc (CD_AUDIT_HASH_BYTES * 2 + 1);

  sodium_bin2hex (hex, CD_AUDIT_HASH_BYTES * 2 + 1, hash, CD_AUDIT_HASH_BYTES);
  return hex;
}

/**
 * cd_audit_problem_to_string:
 *
 * Returns: a translated sentence describing @problem.
 */
const char *
cd_audit_problem_to_string (CdAuditProblem problem)
{
  switch (problem)
    {
    case CD_AUDIT_OK:
      return _("the audit log is intact");
    case CD_AUDIT_BAD_HASH:
      return _("the entry was altered after it was written");
    case CD_AUDIT_BAD_LINK:
      return _("the entry does not follow the one before it (entries were reordered or inserted)");
    case CD_AUDIT_GAP:
      return _("the entry before it is missing (entries were deleted)");
    case CD_AUDIT_BAD_HEAD:
      return _("the log ends before its last recorded entry (entries were removed from the end)");
    default:
      g_return_val_if_reached (NULL);
    }
}
