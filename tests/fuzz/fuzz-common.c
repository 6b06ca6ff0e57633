/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks shared by the fuzz harnesses, and the replay main() of the plain
 * (non-libFuzzer) build. A broken invariant calls abort(), which libFuzzer
 * and the replay run both report with the input that caused it. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

/* The limits under which the extractors are fuzzed: small enough that
 * each limit is reachable and a run stays well under a second. */
#define FUZZ_MAX_TOTAL_BYTES  (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define FUZZ_MAX_MEMBER_BYTES (8 * 1024 * 1024)
#define FUZZ_MAX_DEPTH        4
#define FUZZ_MAX_MEMBERS      1000

static void
check_span (const char         *data,
            gsize               len,
            const CdDetectSpan *span)
{
  g_autofree char *copy = NULL;
  g_autofree char *canon = NULL;
  g_autofree char *masked = NULL;
  gsize span_len;

  if ((guint) span->kind >= CD_N_DETECT_KINDS || span->start >= span->end || span->end > len)
    abort ();
  if ((span->flags & ~CD_DETECT_FLAG_LOW_CONFIDENCE) != 0)
    abort ();

  /* An allocation of exactly the span, so ASan sees a read past it. */
  span_len = span->end - span->start;
  copy = g_memdup2 (data + span->start, span_len);

  canon = cd_detect_normalize (span->kind, copy, span_len);
  masked = cd_detect_mask (span->kind, copy, span_len);
  if (masked == NULL || !g_utf8_validate (masked, -1, NULL))
    abort ();

  /* What the scanner found, the normaliser must accept; and the mask of
   * an identifier shows neither its canonical form nor the span itself. */
  if (canon == NULL || canon[0] == '\0')
    abort ();
  if (strchr (masked, '*') == NULL || strstr (masked, canon) != NULL)
    abort ();
  if (memmem (masked, strlen (masked), copy, span_len) != NULL)
    abort ();
}

void
fuzz_check_detect (const char *data,
                   gsize       len)
{
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) subset = NULL;
  guint mask;
  guint kept = 0;

  spans = cd_detect_scan (data, len, CD_DETECT_ALL_KINDS);
  if (spans == NULL)
    abort ();

  for (guint i = 0; i < spans->len; i++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);

      check_span (data, len, span);
      if (i > 0 && g_array_index (spans, CdDetectSpan, i - 1).end > span->start)
        abort ();
    }

  /* A subset of the kinds, chosen by the input so the fuzzer reaches them
   * all: the same spans, less the kinds left out. */
  mask = len > 0 ? (((guint) (guchar) data[0] * 2654435761u) >> 7) & CD_DETECT_ALL_KINDS : 0;
  if (mask == 0)
    mask = CD_DETECT_KIND_MASK (len % CD_N_DETECT_KINDS);
  subset = cd_detect_scan (data, len, mask);
  if (subset == NULL)
    abort ();
  for (guint i = 0; i < spans->len; i++)
    {
      const CdDetectSpan *span = &g_array_index (spans, CdDetectSpan, i);
      const CdDetectSpan *other;

      if ((mask & CD_DETECT_KIND_MASK (span->kind)) == 0)
        continue;
      if (kept >= subset->len)
        abort ();
      other = &g_array_index (subset, CdDetectSpan, kept++);
      if (other->kind != span->kind || other->start != span->start ||
          other->end != span->end || other->flags != span->flags)
        abort ();
    }
  if (kept != subset->len)
    abort ();
}

static void
on_text (const char *member,
         guint       page,
         const char *text,
         gsize       len,
         gpointer    user_data)
{
  guint *n_texts = user_data;

  if (text == NULL || len == 0)
    abort ();
  if (member != NULL && !g_utf8_validate (member, -1, NULL))
    abort ();
  (*n_texts)++;
  fuzz_check_detect (text, len);
}

static void
on_member (const char            *member,
           CdExtractMemberStatus  status,
           const char            *content_type,
           goffset                size,
           const char            *reason,
           gpointer               user_data)
{
  if (member == NULL || size < 0)
    abort ();
  switch (status)
    {
    case CD_EXTRACT_MEMBER_SCANNED:
      break;
    case CD_EXTRACT_MEMBER_REVIEW:
    case CD_EXTRACT_MEMBER_FAILED:
      /* Shown to the user: it must say why. */
      if (reason == NULL || reason[0] == '\0' || !g_utf8_validate (reason, -1, NULL))
        abort ();
      break;
    default:
      abort ();
    }
}

CdExtractContext *
fuzz_extract_context_new (void)
{
  static guint n_texts;
  CdExtractLimits limits;

  cd_extract_limits_init_default (&limits);
  limits.max_total_bytes = FUZZ_MAX_TOTAL_BYTES;
  limits.max_member_bytes = FUZZ_MAX_MEMBER_BYTES;
  limits.max_depth = FUZZ_MAX_DEPTH;
  limits.max_members = FUZZ_MAX_MEMBERS;

  return cd_extract_context_new (&limits, on_text, on_member, &n_texts, NULL);
}

void
fuzz_check_extract_result (gboolean      ok,
                           const GError *error)
{
  if (ok != (error == NULL))
    abort ();
  if (error != NULL &&
      (error->domain != CD_EXTRACT_ERROR || error->message == NULL ||
       !g_utf8_validate (error->message, -1, NULL)))
    abort ();
}

#ifndef CD_FUZZ_LIBFUZZER

static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *exact = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }

  /* As libFuzzer does: exactly @len bytes, without the NUL that
   * g_file_get_contents() adds, so valgrind or ASan sees a read past it. */
  exact = g_memdup2 (contents, MAX (len, 1));
  LLVMFuzzerTestOneInput (exact, len);
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
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
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
  g_autofree char *prgname = g_path_get_basename (argv[0]);
  gboolean ok = TRUE;
  guint n_inputs = 0;

  g_set_prgname (prgname);
  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE-OR-DIRECTORY…\n", prgname);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    if (!replay (argv[i], &n_inputs))
      ok = FALSE;

  g_print ("%s: replayed %u inputs\n", prgname, n_inputs);
  /* Seeds that go missing should not pass as a replay of nothing. */
  return ok && n_inputs > 0 ? 0 : 1;
}

#endif
