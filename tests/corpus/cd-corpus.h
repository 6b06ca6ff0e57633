/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-corpus: a labelled test corpus for `closure-desk-cli scan` — the files
 * a dissolving company leaves behind (customer lists, contracts, HR
 * rosters, chat exports, order logs, mail, archives), in every format the
 * scanner reads, with identifiers of every kind planted (valid check
 * characters, allocated prefixes, context words) among hard negatives that
 * must not be counted. Deterministic from a seed; the generator records
 * exactly what it planted where, as DIR/labels.jsonl:
 *   {"file": "<relative path>", "member": "…" or null, "page": N or null,
 *    "kind": "<kind>", "count": N}
 * Every identifier is synthetic. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The kinds, named as in the scan's jsonl output. */
typedef enum
{
  CD_CORPUS_RESIDENT_ID,
  CD_CORPUS_MOBILE,
  CD_CORPUS_LANDLINE,
  CD_CORPUS_BANK_CARD,
  CD_CORPUS_EMAIL,
  CD_CORPUS_USCC,
  CD_CORPUS_PASSPORT,
  CD_CORPUS_HK_MACAU_PERMIT,
  CD_CORPUS_TW_PERMIT,
  CD_CORPUS_N_KINDS
} CdCorpusKind;

#define CD_CORPUS_DEFAULT_SEED  20261122
#define CD_CORPUS_DEFAULT_BYTES (5 * 1024 * 1024)
#define CD_CORPUS_LABELS        "labels.jsonl"
#define CD_CORPUS_INFO          "corpus.json"

/* xorshift64*, seeded through splitmix64: the same numbers on every
 * machine, unlike rand(). */
typedef struct
{
  guint64 state;
} CdCorpusRng;

typedef struct
{
  guint64  seed;
  guint64  target_bytes;   /* total size of the files, roughly */
  gboolean text_only;      /* only plain-text formats (UTF-8, GBK, UTF-16) */
} CdCorpusOptions;

typedef struct
{
  guint    n_files;
  guint64  n_bytes;
  guint64  planted[CD_CORPUS_N_KINDS];
  guint64  negatives;      /* hard negatives written */
} CdCorpusStats;

void         cd_corpus_rng_init        (CdCorpusRng           *rng,
                                        guint64                seed);
guint64      cd_corpus_rng_next        (CdCorpusRng           *rng);
/* Uniform in [0, n). */
guint        cd_corpus_rng_below       (CdCorpusRng           *rng,
                                        guint                  n);

const char  *cd_corpus_kind_name       (CdCorpusKind           kind);
/* The kind of @name, or -1. */
int          cd_corpus_kind_from_name  (const char            *name);

/* Writes the corpus into @dir (created; a previous corpus there is
 * removed, any other non-empty folder is refused), then labels.jsonl and
 * corpus.json (seed, size, mode). */
gboolean     cd_corpus_generate        (const char            *dir,
                                        const CdCorpusOptions *options,
                                        CdCorpusStats         *out_stats,
                                        GError               **error);
/* Whether @dir holds a complete corpus made with @options. */
gboolean     cd_corpus_matches         (const char            *dir,
                                        const CdCorpusOptions *options);

/* Counts by location: a hash table from a key made of file, member, page
 * and kind to a count (GUINT_TO_POINTER). */
GHashTable  *cd_corpus_counts_new      (void);
void         cd_corpus_counts_add      (GHashTable            *counts,
                                        const char            *file,
                                        const char            *member,
                                        guint                  page,
                                        const char            *kind,
                                        guint                  n);
/* Splits a key; @member is NULL for the file itself, @page 0 for none. */
void         cd_corpus_key_split       (const char            *key,
                                        char                 **file,
                                        char                 **member,
                                        guint                 *page,
                                        char                 **kind);
/* The same counts with member and page dropped: by file and kind. */
GHashTable  *cd_corpus_counts_by_file  (GHashTable            *counts);
guint64      cd_corpus_counts_total    (GHashTable            *counts);

GHashTable  *cd_corpus_load_labels     (const char            *dir,
                                        GError               **error);
/* Adds the findings of `scan --format jsonl` output to @counts, with the
 * @root prefix (the folder scanned) taken off the file names. Lines are
 * parsed with json-glib; any line that is not a finding is an error. */
gboolean     cd_corpus_add_scan_output (GHashTable            *counts,
                                        const char            *jsonl,
                                        gsize                  len,
                                        const char            *root,
                                        GError               **error);
gboolean     cd_corpus_add_scan_file   (GHashTable            *counts,
                                        const char            *path,
                                        const char            *root,
                                        GError               **error);
/* A readable list of the locations whose counts differ ("expected 3,
 * found 2"), at most @max_lines of them; NULL if the counts are equal. */
char        *cd_corpus_diff            (GHashTable            *expected,
                                        GHashTable            *found,
                                        guint                  max_lines);

G_END_DECLS
