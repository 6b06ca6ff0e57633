/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by cd-redact.c and cd-redact-worker.c: where a redacted PDF is
 * written before it is verified; and, for tests, how many threads write it. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Creates the temporary file a redacted PDF is written to, beside
 * @output_path; refuses an output that is @input itself. @out_fd may be
 * NULL (the file is then closed). */
gboolean cd_redact_output_open  (const char  *input,
                                 const char  *output_path,
                                 char       **out_tmp_path,
                                 int         *out_fd,
                                 GError     **error);
/* Moves @tmp_path into place when @ok, else removes it. */
gboolean cd_redact_output_close (const char  *tmp_path,
                                 const char  *output_path,
                                 gboolean     ok,
                                 GError     **error);

/* How many threads an export and its verification use, the calling thread
 * included: 0 for the default, min (processors, 4), which
 * $CLOSURE_DESK_REDACT_THREADS also overrides (for benchmarks). For tests:
 * the output does not depend on it. */
void     cd_redact_set_n_threads (guint        n_threads);

G_END_DECLS
