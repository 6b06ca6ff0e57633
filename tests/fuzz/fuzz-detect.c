/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz harness for the identifier detectors: cd_detect_scan() over the
 * input with every kind, then cd_detect_normalize() and cd_detect_mask()
 * on every span, with the invariants of fuzz_check_detect() (spans in
 * bounds, sorted and disjoint; a span normalises; its mask hides it). A
 * libFuzzer target with -Dfuzzing=true, otherwise a replay program. */

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_check_detect ((const char *) data, size);
  return 0;
}
