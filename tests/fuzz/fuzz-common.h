/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the fuzz harnesses share: the checks on detector spans, the checks
 * on an extraction context's callbacks, and (outside libFuzzer) a main()
 * that replays the files or directories named on the command line. */

#pragma once

#include <stdint.h>

#include "closuredesk.h"

G_BEGIN_DECLS

/* The entry point every harness defines. */
int       LLVMFuzzerTestOneInput  (const uint8_t   *data,
                                   size_t           size);

/* Aborts unless the spans cd_detect_scan() returned for @data are in
 * bounds, sorted and disjoint, and each normalises and masks without
 * showing the identifier; and unless a scan for a subset of the kinds
 * gives exactly the spans of those kinds. */
void      fuzz_check_detect       (const char      *data,
                                   gsize            len);

/* An extraction context with small limits whose text function runs
 * fuzz_check_detect() over every piece of text, and whose member
 * function checks what it is given. */
CdExtractContext *fuzz_extract_context_new (void);

/* Aborts unless @ok and @error agree, and an error is one of ours. */
void      fuzz_check_extract_result (gboolean       ok,
                                     const GError  *error);

G_END_DECLS
