/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz harness for the age reader (and, on small inputs, the writer): a
 * libFuzzer target when built with -Dfuzzing=true, otherwise a program that
 * replays the files (or every file in the directories) named on its command
 * line (fuzz-common.c). Seeds are age files encrypted to FUZZ_IDENTITY or
 * with the passphrase FUZZ_PASSPHRASE at a work factor of at most 2^4. */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "cd-age.h"

#define FUZZ_IDENTITY   "AGE-SECRET-KEY-1RYHWVL6WQJFM2MGGC83J58XVC5JARKXX88N5RQG8FJLZSS7RJALSRFY2M9"
#define FUZZ_RECIPIENT  "age1nhanaj5sxrvtd806v8y7gflfsacmj9dhklgwh00djvhsqz2mu9zqag65cd"
#define FUZZ_PASSPHRASE "fuzz"
/* Cheap enough to run on every input; higher is refused with LIMIT. */
#define FUZZ_MAX_LOG_N  4

/* Aborts unless the reader's answers agree with each other: an error is
 * ours and sticks, the end is only reached without one, and no more
 * plaintext comes out than there was input. */
static void
check_read (const uint8_t      *data,
            size_t              size,
            const char * const *identities,
            const char         *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  g_autoptr(CdAgeReader) reader = NULL;
  guint8 buf[4096];
  gsize total = 0;
  gssize n;

  reader = cd_age_reader_new (in, identities, passphrase, FUZZ_MAX_LOG_N, NULL, &error);
  if ((reader == NULL) != (error != NULL))
    abort ();
  if (reader == NULL)
    {
      if (error->domain != CD_AGE_ERROR || error->message == NULL)
        abort ();
      return;
    }

  while ((n = cd_age_reader_read (reader, buf, sizeof buf, NULL, &error)) > 0)
    total += (gsize) n;
  if (total > size)
    abort ();
  if (n == 0)
    {
      if (error != NULL || cd_age_reader_read (reader, buf, sizeof buf, NULL, NULL) != 0)
        abort ();
    }
  else
    {
      g_autoptr(GError) again = NULL;

      if (error == NULL || error->domain != CD_AGE_ERROR)
        abort ();
      if (cd_age_reader_read (reader, buf, sizeof buf, NULL, &again) != -1 ||
          !g_error_matches (again, error->domain, error->code))
        abort ();
    }
}

/* Small inputs also go through the writer and back. */
static void
check_roundtrip (const uint8_t *data,
                 size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CdAgeWriter) writer = NULL;
  g_autoptr(CdAgeReader) reader = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  const char *recipients[] = { FUZZ_RECIPIENT, NULL };
  const char *identities[] = { FUZZ_IDENTITY, NULL };
  guint8 buf[4096];
  gssize n;

  writer = cd_age_writer_new (out, recipients, NULL, 0, &error);
  if (writer == NULL ||
      !cd_age_writer_write (writer, data, size, NULL, &error) ||
      !cd_age_writer_finish (writer, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error))
    abort ();
  file = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  in = g_memory_input_stream_new_from_bytes (file);
  reader = cd_age_reader_new (in, identities, NULL, 0, NULL, &error);
  if (reader == NULL)
    abort ();
  while ((n = cd_age_reader_read (reader, buf, sizeof buf, NULL, &error)) > 0)
    g_byte_array_append (plain, buf, (guint) n);
  if (n != 0 || plain->len != size || (size > 0 && memcmp (plain->data, data, size) != 0))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *identities[] = { FUZZ_IDENTITY, NULL };

  check_read (data, size, identities, NULL);
  check_read (data, size, NULL, FUZZ_PASSPHRASE);
  if (size <= 4096)
    check_roundtrip (data, size);
  return 0;
}
