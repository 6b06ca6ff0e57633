/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Running the real closure-desk-cli (CLOSURE_DESK_CLI) from the CLI tests:
 * stdin is an empty pipe, never a terminal, so no test waits for a prompt;
 * the passphrase comes from the environment and the key derivation is the
 * fast test profile. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;   /* exit status, or -1 if killed by a signal */
  char *out;
  char *err;
} CdCliResult;

void         cd_cli_result_free (CdCliResult        *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCliResult, cd_cli_result_free)

/* @env: "NAME=value" to set, "NAME" to unset, on top of the defaults;
 * @cwd: (nullable): where to run. */
CdCliResult *cd_cli_run_argv    (const char         *cwd,
                                 const char         *passphrase,
                                 const char * const *env,
                                 const char * const *args);
CdCliResult *cd_cli_run_va      (const char         *cwd,
                                 const char         *passphrase,
                                 const char * const *env,
                                 const char         *first,
                                 ...) G_GNUC_NULL_TERMINATED;

#define CD_CLI_ASSERT_EXIT(r, code)                                           \
  G_STMT_START {                                                              \
    if ((r)->status != (code))                                                \
      g_test_message ("stdout: %s\nstderr: %s", (r)->out, (r)->err);          \
    g_assert_cmpint ((r)->status, ==, (code));                                \
  } G_STMT_END

G_END_DECLS
