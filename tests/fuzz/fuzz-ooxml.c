/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz harness for the OOXML (docx, xlsx, pptx) and ODF (odt, ods, odp)
 * extractors: each input goes through both, each with a fresh context of
 * small limits whose text function runs the detectors (fuzz-common.c). A
 * libFuzzer target with -Dfuzzing=true, otherwise a replay program. */

#include "config.h"

#include "fuzz-common.h"

typedef gboolean (*ExtractFunc) (CdExtractContext  *ctx,
                                 const char        *member,
                                 GBytes            *bytes,
                                 GError           **error);

static void
run_extractor (ExtractFunc  extract,
               GBytes      *bytes)
{
  g_autoptr(GError) error = NULL;
  CdExtractContext *ctx = fuzz_extract_context_new ();
  gboolean ok;

  ok = extract (ctx, NULL, bytes, &error);
  fuzz_check_extract_result (ok, error);
  cd_extract_context_free (ctx);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);

  run_extractor (cd_extract_ooxml, bytes);
  run_extractor (cd_extract_odf, bytes);
  return 0;
}
