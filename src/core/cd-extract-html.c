/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract-html: not written yet (scaffolding for issue 4). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-extract.h"

gboolean
cd_extract_html (CdExtractContext  *ctx,
                    const char        *member,
                    GBytes            *bytes,
                    GError           **error)
{
  g_set_error (error, CD_EXTRACT_ERROR, CD_EXTRACT_ERROR_UNSUPPORTED, "not read yet");
  return FALSE;
}
