/* SPDX-License-Identifier: GPL-3.0-or-later */
/* corpus-gen: writes the labelled scan corpus (cd-corpus.h) into a folder.
 *   corpus-gen --out DIR [--seed N] [--bytes N[K|M|G]] [--text-only] */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "cd-corpus.h"

static gboolean
parse_size (const char  *text,
            guint64     *out)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  switch (g_ascii_toupper (*end))
    {
    case 'K': value <<= 10; end++; break;
    case 'M': value <<= 20; end++; break;
    case 'G': value <<= 30; end++; break;
    default: break;
    }
  if (g_ascii_toupper (*end) == 'B')
    end++;
  if (*end != '\0')
    return FALSE;
  *out = value;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *out = NULL;
  g_autofree char *bytes = NULL;
  gint64 seed = CD_CORPUS_DEFAULT_SEED;
  gboolean text_only = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, "Folder to write the corpus into", "DIR" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed (default 20261122)", "N" },
    { "bytes", 'b', 0, G_OPTION_ARG_STRING, &bytes, "Total size, e.g. 5M or 1G (default 5M)", "N" },
    { "text-only", 't', 0, G_OPTION_ARG_NONE, &text_only, "Only plain-text formats", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- write a labelled corpus for closure-desk-cli scan");
  g_autoptr(GError) error = NULL;
  CdCorpusOptions options = { 0, };
  CdCorpusStats stats = { 0, };
  g_autoptr(GTimer) timer = g_timer_new ();
  guint64 planted = 0;

  setlocale (LC_ALL, "");
  if (!g_get_charset (NULL))
    setlocale (LC_CTYPE, "C.UTF-8");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("corpus-gen: %s\n", error->message);
      return 2;
    }
  options.seed = (guint64) seed;
  options.target_bytes = CD_CORPUS_DEFAULT_BYTES;
  options.text_only = text_only;
  if (out == NULL || argc > 1 || (bytes != NULL && !parse_size (bytes, &options.target_bytes)))
    {
      g_printerr ("corpus-gen: usage: corpus-gen --out DIR [--seed N] [--bytes N[K|M|G]] [--text-only]\n");
      return 2;
    }

  if (!cd_corpus_generate (out, &options, &stats, &error))
    {
      g_printerr ("corpus-gen: %s\n", error->message);
      return 1;
    }

  for (guint k = 0; k < CD_CORPUS_N_KINDS; k++)
    planted += stats.planted[k];
  g_print ("%u files, %.1f MiB in %.1f s (%.0f MiB/s): %" G_GUINT64_FORMAT " identifiers planted, %"
           G_GUINT64_FORMAT " hard negatives\n",
           stats.n_files, stats.n_bytes / 1048576.0, g_timer_elapsed (timer, NULL),
           stats.n_bytes / 1048576.0 / MAX (g_timer_elapsed (timer, NULL), 1e-6), planted, stats.negatives);
  for (guint k = 0; k < CD_CORPUS_N_KINDS; k++)
    g_print ("  %-16s %10" G_GUINT64_FORMAT "\n", cd_corpus_kind_name ((CdCorpusKind) k), stats.planted[k]);
  return 0;
}
