/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the tests: temporary case files and synthetic data. */

#pragma once

#include "closuredesk.h"

G_BEGIN_DECLS

#define CD_TEST_PASSPHRASE "correct horse battery staple"

typedef struct
{
  char    *dir;
  char    *path;
  CdStore *store;
} CdTestCase;

void      cd_test_case_setup        (CdTestCase    *fixture,
                                     gconstpointer  data);
void      cd_test_case_teardown     (CdTestCase    *fixture,
                                     gconstpointer  data);
CdStore  *cd_test_create_case       (const char    *path,
                                     GError       **error);
void      cd_test_rm_rf             (const char    *path);
gboolean  cd_test_have_program      (const char    *name);
double    cd_test_cpu_seconds       (gboolean       children);
gboolean  cd_test_file_contains     (const char    *path,
                                     const void    *needle,
                                     gsize          needle_len);
void      cd_test_sql_exec          (const char    *path,
                                     const char    *sql);
char     *cd_test_resident_id       (guint          n);
char     *cd_test_mobile            (guint          n);
GString  *cd_test_customers_csv     (guint          n);
GPtrArray *cd_test_make_assets      (guint          n);
/* Adds an asset at @location with a decided plan (general category,
 * retained ones until 2056-12-31); returns its id. */
char     *cd_test_add_planned_asset (CdStore       *store,
                                     const char    *location,
                                     CdMedium       medium,
                                     CdDisposition  disposition);

/* A three-page contract (Chinese text, selectable): page 1 names @name with
 * @id_number and @phone, page 2 has only an emergency contact's
 * @other_phone, page 3 names @name again (the signature). */
void      cd_test_write_contract_pdf (const char   *path,
                                      const char   *name,
                                      const char   *id_number,
                                      const char   *phone,
                                      const char   *other_phone);
/* Runs @argv on a pseudo-terminal, answering each passphrase prompt with
 * @passphrase (age reads passphrases from the terminal only); the exit
 * status, and what the terminal showed in @out_text (nullable). */
int       cd_test_run_on_pty         (const char * const *argv,
                                      const char   *passphrase,
                                      char        **out_text);
/* pdftotext of @path without separators (cd_redact_strip_separators). */
char     *cd_test_pdftotext          (const char   *path);

G_END_DECLS
