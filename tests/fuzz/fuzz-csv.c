/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz harness for the CSV reader: a libFuzzer target when built with
 * -DCD_FUZZ_LIBFUZZER -fsanitize=fuzzer, otherwise a program that replays
 * the files (or every file in the directories) named on its command line. */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cd-csv.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCsvTable) table = NULL;
  CdCsvLimits limits;

  /* Small limits keep every limit check reachable and each run cheap. */
  cd_csv_limits_init_default (&limits);
  limits.max_bytes = 1024 * 1024;
  limits.max_field_bytes = 4096;
  limits.max_columns = 64;
  limits.max_rows = 10000;

  table = cd_csv_table_parse ((const char *) data, size, &limits, &error);
  if ((table == NULL) == (error == NULL))
    abort ();

  if (table != NULL)
    {
      guint n_columns = cd_csv_table_get_n_columns (table);
      const char * const *header = cd_csv_table_get_header (table);

      for (guint c = 0; c < n_columns; c++)
        if (!g_utf8_validate (header[c], -1, NULL))
          abort ();

      for (guint r = 0; r < cd_csv_table_get_n_rows (table); r++)
        {
          const char * const *row = cd_csv_table_get_row (table, r);

          for (guint c = 0; c < n_columns; c++)
            if (!g_utf8_validate (row[c], -1, NULL))
              abort ();
          if (row[n_columns] != NULL)
            abort ();
        }
    }

  return 0;
}

#ifndef CD_FUZZ_LIBFUZZER

static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("fuzz-csv: %s\n", error->message);
      return FALSE;
    }

  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  return TRUE;
}

static gboolean
replay (const char *path,
        guint      *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  gboolean ok = TRUE;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      (*n_inputs)++;
      return replay_file (path);
    }

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("fuzz-csv: %s\n", error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!replay (child, n_inputs))
        ok = FALSE;
    }

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gboolean ok = TRUE;
  guint n_inputs = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: fuzz-csv FILE-OR-DIRECTORY…\n");
      return 2;
    }

  for (int i = 1; i < argc; i++)
    if (!replay (argv[i], &n_inputs))
      ok = FALSE;

  g_print ("fuzz-csv: replayed %u inputs\n", n_inputs);
  return ok ? 0 : 1;
}

#endif
