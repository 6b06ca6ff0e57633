/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of PDF redaction (issue 7, figures): a generated 100-page
 * contract (a full page of prose each) with identifiers on 10 pages,
 * redacted by `closure-desk-cli redact --auto`, against what users would
 * otherwise do — rasterize every page (`pdftoppm -r 200 -png`, then
 * `img2pdf`, as pdf-redact-tools does). In one run: the time ratio (target
 * <= 0.25), the output size ratio (target <= 0.25), and how many pages keep
 * selectable text (ours: the 90 clean ones; theirs: none). Then a document
 * with identifiers on all 100 pages, redacted on one thread and on the
 * default number (min (CPUs, 4), or $CLOSURE_DESK_REDACT_THREADS): pages per
 * second, the CPU time over the wall time, which shows whether both cores
 * were used, and whether both outputs are the same bytes (they must be).
 *
 * The documents come from tests/redact/make-tricky-pdfs.py --bench.
 * Run on demand: build-aux/dev bench redact. */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cd-test-util.h"

#define TARGET_TIME_RATIO 0.25
#define TARGET_SIZE_RATIO 0.25

static int n_pages = 100;
static int n_hits = 10;
static int dpi = 200;
static gboolean keep = FALSE;
static char *opt_cli = NULL;

static GOptionEntry entries[] = {
  { "pages", 'n', 0, G_OPTION_ARG_INT, &n_pages, "Pages of the document (default 100)", "N" },
  { "hits", 0, 0, G_OPTION_ARG_INT, &n_hits, "Pages with identifiers (default 10)", "N" },
  { "dpi", 'd', 0, G_OPTION_ARG_INT, &dpi, "Raster resolution, both sides (default 200)", "N" },
  { "cli", 0, 0, G_OPTION_ARG_FILENAME, &opt_cli, "closure-desk-cli to run", "PATH" },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the work folder and print its path", NULL },
  { NULL }
};

typedef struct
{
  int    status;
  double seconds;
  double cpu_seconds;   /* user + system of the process and its children */
} Run;

/* Runs @argv to completion (in @envp, or this environment), stdout and
 * stderr into @log (appended). */
static gboolean
run_in (const char * const *argv,
        char              **envp,
        const char         *log,
        Run                *r,
        GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  double cpu = cd_test_cpu_seconds (TRUE);
  gint64 start = g_get_monotonic_time ();
  int wait_status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &wait_status, error))
    return FALSE;
  r->seconds += (g_get_monotonic_time () - start) / 1e6;
  r->cpu_seconds += cd_test_cpu_seconds (TRUE) - cpu;
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  if (log != NULL)
    {
      g_autoptr(GString) all = g_string_new (NULL);
      g_autofree char *old = NULL;

      g_file_get_contents (log, &old, NULL, NULL);
      g_string_append_printf (all, "%s$ %s\n%s%s", old != NULL ? old : "", argv[0], out, err);
      g_file_set_contents (log, all->str, all->len, NULL);
    }
  return TRUE;
}

static gboolean
run (const char * const *argv,
     const char         *log,
     Run                *r,
     GError            **error)
{
  return run_in (argv, NULL, log, r, error);
}

/* The threads closure-desk-cli redact uses, as cd-redact.c counts them. */
static guint
default_threads (void)
{
  const char *env = g_getenv ("CLOSURE_DESK_REDACT_THREADS");
  guint64 n = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 0;

  if (n == 0)
    n = g_get_num_processors ();
  return (guint) CLAMP (n, 1, 4);
}

/* Whether two of cairo's PDFs are the same but for the date in them. */
static gboolean
same_pdf (const char *a,
          const char *b)
{
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;
  gsize la = 0, lb = 0;
  char *pa, *pb;

  if (!g_file_get_contents (a, &ca, &la, NULL) || !g_file_get_contents (b, &cb, &lb, NULL) || la != lb)
    return FALSE;
  pa = memmem (ca, la, "/CreationDate (", strlen ("/CreationDate ("));
  pb = memmem (cb, lb, "/CreationDate (", strlen ("/CreationDate ("));
  if ((pa == NULL) != (pb == NULL) || (pa != NULL && pa - ca != pb - cb))
    return FALSE;
  for (; pa != NULL && pa < ca + la && *pa != ')'; pa++, pb++)
    *pa = *pb = '0';
  return memcmp (ca, cb, la) == 0;
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

/* Pages of @pdf with any non-blank text (pdftotext ends each page with \f),
 * and whether any identifier of @manifest survived in the text. */
static guint
selectable_pages (const char *pdf,
                  const char *manifest,
                  guint      *leaks)
{
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) pages = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GString *squashed = g_string_new (NULL);
  g_autofree char *flat = NULL;
  guint n = 0;
  int status = 0;

  *leaks = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, NULL))
    return 0;
  pages = g_strsplit (out, "\f", -1);
  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_strstrip (pages[i]);
      if (*pages[i] != '\0')
        n++;
    }
  for (const char *p = out; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '-')
      g_string_append_c (squashed, *p);
  flat = g_string_free (squashed, FALSE);

  if (manifest != NULL && json_parser_load_from_file (parser, manifest, NULL))
    {
      JsonArray *ids = json_object_get_array_member (
        json_node_get_object (json_parser_get_root (parser)), "identifiers");

      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          JsonObject *o = json_array_get_object_element (ids, i);

          if (strstr (flat, json_object_get_string_member (o, "text")) != NULL)
            (*leaks)++;
        }
    }
  return n;
}

static gboolean
generate (const char  *dir,
          const char  *name,
          int          pages,
          int          hits,
          GError     **error)
{
  g_autofree char *pages_s = g_strdup_printf ("%d", pages);
  g_autofree char *hits_s = g_strdup_printf ("%d", hits);
  const char *argv[] = { "python3", CD_BENCH_GENERATOR, dir, "--bench", pages_s, hits_s,
                         "--name", name, NULL };
  Run r = { 0, };

  if (!run (argv, NULL, &r, error))
    return FALSE;
  if (r.status != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "make-tricky-pdfs.py exited %d", r.status);
      return FALSE;
    }
  return TRUE;
}

/* pdftoppm, then img2pdf over the images in page order. */
static gboolean
rasterize_all (const char  *in,
               const char  *dir,
               const char  *out,
               const char  *log,
               Run         *r,
               double      *ppm_seconds,
               GError     **error)
{
  g_autofree char *img_dir = g_build_filename (dir, "pages", NULL);
  g_autofree char *prefix = g_build_filename (img_dir, "pg", NULL);
  g_autofree char *dpi_s = g_strdup_printf ("%d", dpi);
  const char *ppm[] = { "pdftoppm", "-r", dpi_s, "-png", in, prefix, NULL };
  g_autoptr(GPtrArray) img2pdf = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_mkdir (img_dir, 0700);
  if (!run (ppm, log, r, error))
    return FALSE;
  *ppm_seconds = r->seconds;
  if (r->status != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "pdftoppm exited %d", r->status);
      return FALSE;
    }
  d = g_dir_open (img_dir, 0, error);
  if (d == NULL)
    return FALSE;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".png"))
      g_ptr_array_add (images, g_build_filename (img_dir, name, NULL));
  /* pdftoppm pads the page numbers, so the names sort in page order. */
  g_ptr_array_sort (images, (GCompareFunc) g_strcmp0);

  g_ptr_array_add (img2pdf, g_strdup ("img2pdf"));
  for (guint i = 0; i < images->len; i++)
    g_ptr_array_add (img2pdf, g_strdup (g_ptr_array_index (images, i)));
  g_ptr_array_add (img2pdf, g_strdup ("-o"));
  g_ptr_array_add (img2pdf, g_strdup (out));
  g_ptr_array_add (img2pdf, NULL);
  return run ((const char * const *) img2pdf->pdata, log, r, error);
}

static const char *
met (gboolean ok)
{
  return ok ? "met" : "MISSED";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- redaction against full rasterization");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *doc_json = NULL;
  g_autofree char *all = NULL;
  g_autofree char *all_json = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *ours_all = NULL;
  g_autofree char *ours_all_one = NULL;
  g_auto(GStrv) env_one = g_environ_setenv (g_get_environ (), "CLOSURE_DESK_REDACT_THREADS", "1", TRUE);
  g_autofree char *theirs = NULL;
  g_autofree char *log = NULL;
  g_autofree char *dpi_s = NULL;
  g_autofree char *img2pdf = g_find_program_in_path ("img2pdf");
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");
  const char *cli;
  Run ours_run = { 0, };
  Run theirs_run = { 0, };
  Run all_run = { 0, };
  Run all_one_run = { 0, };
  guint ours_text;
  guint theirs_text;
  guint ours_leaks;
  guint theirs_leaks;
  guint all_leaks;
  guint all_one_leaks;
  guint n_threads = default_threads ();
  guint64 ours_size;
  guint64 theirs_size;
  guint64 in_size;
  double time_ratio;
  double size_ratio;
  double utilisation;
  double ppm_seconds = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-redact: %s\n", error->message);
      return 2;
    }
  if (n_pages < 1 || n_hits < 0 || n_hits > n_pages || dpi < 36 || dpi > 600)
    {
      g_printerr ("bench-redact: need 1 <= pages, 0 <= hits <= pages, 36 <= dpi <= 600\n");
      return 2;
    }
  cli = opt_cli != NULL ? opt_cli
        : g_getenv ("CLOSURE_DESK_CLI") != NULL ? g_getenv ("CLOSURE_DESK_CLI") : CD_BENCH_CLI;
  if (img2pdf == NULL || pdftoppm == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-redact: needs %s, pdftoppm (poppler-utils) and img2pdf "
                  "(apt-get install poppler-utils img2pdf)\n", cli);
      return 1;
    }

  dir = g_dir_make_tmp ("cd-bench-redact-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-redact: %s\n", error->message);
      return 1;
    }
  log = g_build_filename (dir, "commands.log", NULL);
  doc = g_build_filename (dir, "doc.pdf", NULL);
  doc_json = g_build_filename (dir, "doc.json", NULL);
  all = g_build_filename (dir, "all.pdf", NULL);
  all_json = g_build_filename (dir, "all.json", NULL);
  ours = g_build_filename (dir, "ours.pdf", NULL);
  ours_all = g_build_filename (dir, "ours-all.pdf", NULL);
  ours_all_one = g_build_filename (dir, "ours-all-1.pdf", NULL);
  theirs = g_build_filename (dir, "theirs.pdf", NULL);
  dpi_s = g_strdup_printf ("%d", dpi);

  if (!generate (dir, "doc", n_pages, n_hits, &error) ||
      !generate (dir, "all", n_pages, n_pages, &error))
    {
      g_printerr ("bench-redact: %s\n", error->message);
      return 1;
    }
  in_size = file_size (doc);

  g_print ("Closure Desk redaction benchmark (%s, %u CPUs)\n", dir, g_get_num_processors ());
  g_print ("  document: %d pages of prose, identifiers on %d, %.0f KiB; %d DPI\n",
           n_pages, n_hits, in_size / 1024.0, dpi);

  {
    const char *argv_ours[] = { cli, "redact", "--auto", "--dpi", dpi_s, doc, "-o", ours, NULL };

    if (!run (argv_ours, log, &ours_run, &error) ||
        !rasterize_all (doc, dir, theirs, log, &theirs_run, &ppm_seconds, &error))
      {
        g_printerr ("bench-redact: %s\n", error->message);
        return 1;
      }
  }
  ours_size = file_size (ours);
  theirs_size = file_size (theirs);
  ours_text = selectable_pages (ours, doc_json, &ours_leaks);
  theirs_text = selectable_pages (theirs, doc_json, &theirs_leaks);
  time_ratio = ours_run.seconds / theirs_run.seconds;
  size_ratio = theirs_size > 0 ? (double) ours_size / theirs_size : 0;

  g_print ("  %-44s %8.2f s  %8.0f KiB  %3u pages with text  %u leaks  exit %d\n",
           "closure-desk-cli redact --auto", ours_run.seconds, ours_size / 1024.0,
           ours_text, ours_leaks, ours_run.status);
  g_print ("  %-44s %8.2f s  %8.0f KiB  %3u pages with text  %u leaks  exit %d\n",
           "pdftoppm -r DPI -png, then img2pdf", theirs_run.seconds, theirs_size / 1024.0,
           theirs_text, theirs_leaks, theirs_run.status);
  g_print ("  %-44s %8.2f s + %.2f s\n", "  of which pdftoppm + img2pdf", ppm_seconds,
           theirs_run.seconds - ppm_seconds);
  g_print ("  %-44s %8.3f    target <= %.2f  %s\n", "time ratio ours / theirs", time_ratio,
           TARGET_TIME_RATIO, met (ours_run.status == 0 && time_ratio <= TARGET_TIME_RATIO));
  g_print ("  %-44s %8.3f    target <= %.2f  %s\n", "size ratio ours / theirs", size_ratio,
           TARGET_SIZE_RATIO, met (ours_run.status == 0 && size_ratio <= TARGET_SIZE_RATIO));
  g_print ("  %-44s %3u of %d (theirs %u)  target %d  %s\n", "clean pages whose text stays selectable",
           ours_text, n_pages - n_hits, theirs_text, n_pages - n_hits,
           met (ours_run.status == 0 && ours_text == (guint) (n_pages - n_hits)));

  {
    const char *argv_one[] = { cli, "redact", "--auto", "--dpi", dpi_s, all, "-o", ours_all_one, NULL };
    const char *argv_all[] = { cli, "redact", "--auto", "--dpi", dpi_s, all, "-o", ours_all, NULL };

    if (!run_in (argv_one, env_one, log, &all_one_run, &error) ||
        !run (argv_all, log, &all_run, &error))
      {
        g_printerr ("bench-redact: %s\n", error->message);
        return 1;
      }
  }
  selectable_pages (ours_all_one, all_json, &all_one_leaks);
  selectable_pages (ours_all, all_json, &all_leaks);
  g_print ("  %-44s %8.2f s  %6.1f pages/s  %8.0f KiB  %u leaks  exit %d\n",
           "identifiers on every page, 1 thread", all_one_run.seconds,
           n_pages / all_one_run.seconds, file_size (ours_all_one) / 1024.0, all_one_leaks, all_one_run.status);
  {
    g_autofree char *label = g_strdup_printf ("identifiers on every page, %u thread%s", n_threads,
                                              n_threads == 1 ? "" : "s");

    g_print ("  %-44s %8.2f s  %6.1f pages/s  %8.0f KiB  %u leaks  exit %d\n",
             label, all_run.seconds, n_pages / all_run.seconds, file_size (ours_all) / 1024.0,
             all_leaks, all_run.status);
  }
  utilisation = all_run.cpu_seconds / all_run.seconds;
  g_print ("  %-44s %8.2f    (%u threads over 1)\n", "speed-up", all_one_run.seconds / all_run.seconds,
           n_threads);
  g_print ("  %-44s %8.2f    (CPU s / wall s; %u CPUs; 1 thread: %.2f)  both cores used: %s\n",
           "CPU utilisation", utilisation, g_get_num_processors (),
           all_one_run.cpu_seconds / all_one_run.seconds,
           g_get_num_processors () < 2 ? "n/a (one CPU)" : utilisation >= 1.5 ? "yes" : "NO");
  g_print ("  %-44s %s\n", "same output on 1 and on more threads",
           same_pdf (ours_all_one, ours_all) ? "yes" : "NO");
  g_print ("  %-44s %8.2f s  %6.1f pages/s (for comparison)\n", "full rasterization, same document",
           theirs_run.seconds, n_pages / theirs_run.seconds);

  if (ours_run.status != 0 || all_run.status != 0 || all_one_run.status != 0)
    g_print ("  closure-desk-cli failed: see %s\n", log);
  if (keep || ours_run.status != 0 || all_run.status != 0 || all_one_run.status != 0)
    g_print ("  kept: %s\n", dir);
  else
    cd_test_rm_rf (dir);
  return ours_run.status == 0 && all_run.status == 0 && all_one_run.status == 0 ? 0 : 1;
}
