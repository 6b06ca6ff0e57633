/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case key's part in de-identified exports (issue 5): each export gets
 * its own pseudonym key, derived from the case key and a random export id
 * kept in the audit log. The same id gives the same pseudonyms again (so
 * an export can be reproduced by whoever holds the case); different
 * exports cannot be joined on their pseudonyms. */

#include "config.h"

#include "cd-store-private.h"

/* The blind-index domain of export keys: no other index uses it, so an
 * export key never equals the blind index of a stored value. */
#define EXPORT_KEY_DOMAIN "deident.export"

/**
 * cd_store_derive_export_key:
 * @self: an unlocked case
 * @export_id: the export's id, a random string recorded with the export
 * @out: (out caller-allocates): the key for cd_deident_plan_set_key();
 *   wipe it once handed over
 * @error: return location for a %CD_STORE_ERROR_LOCKED
 *
 * Returns: %TRUE if @out was filled in
 */
gboolean
cd_store_derive_export_key (CdStore     *self,
                            const char  *export_id,
                            guint8       out[CD_CRYPTO_INDEX_BYTES],
                            GError     **error)
{
  CdKeys *keys;

  g_return_val_if_fail (CD_IS_STORE (self), FALSE);
  g_return_val_if_fail (export_id != NULL && *export_id != '\0', FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return FALSE;

  cd_keys_blind_index (keys, EXPORT_KEY_DOMAIN, export_id, out);
  return TRUE;
}
