/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of the inventory pane at the scale of a large closure (the core
 * benchmark's case: 100,000 assets and 100,000 customers), against opening
 * the same inventory in LibreOffice Calc, which is what a consultant would
 * otherwise do with an asset list this long.
 *
 * The driver runs three processes: one builds the case file, one is the
 * real application (CdApplication) measured from exec to the inventory
 * drawn, then typing in the search entry and scrolling; the last is
 * LibreOffice Calc loading the same inventory as CSV, when installed.
 * Run on demand: build-aux/dev bench. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "cd-application.h"
#include "cd-inventory-page-private.h"
#include "cd-test-util.h"
#include "cd-window-private.h"

#define PASSPHRASE "bench passphrase"

static int n_assets = 100000;
static int n_customers = 100000;
static char *create_path;
static char *measure_path;
static gint64 t_exec;
static gboolean no_peer;

static GOptionEntry entries[] = {
  { "assets", 'a', 0, G_OPTION_ARG_INT, &n_assets, "Number of assets", "N" },
  { "customers", 'c', 0, G_OPTION_ARG_INT, &n_customers, "Number of customers", "N" },
  { "no-peer", 0, 0, G_OPTION_ARG_NONE, &no_peer, "Do not run LibreOffice Calc", NULL },
  { "create", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &create_path, NULL, NULL },
  { "measure", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &measure_path, NULL, NULL },
  { "t-exec", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &t_exec, NULL, NULL },
  { NULL }
};

/* The keystrokes typed into the search entry, then erased one by one:
 * each narrows the 100k locations ("\\FS01\客户档案\2019\客户登记表-001234.xlsx")
 * by about ten times, and each backspace widens them again. */
static const char *typed = "-01234";

/* ── --create: the case file ─────────────────────────────────────────── */

static int
create_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdCaseInfo) info = cd_case_info_new ();
  g_autoptr(GString) csv = cd_test_customers_csv (n_customers);
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) assets = cd_test_make_assets (n_assets);
  g_autoptr(CdStore) store = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GBytes) assets_csv = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *csv_path = g_build_filename (dir, "assets.csv", NULL);
  guint added = 0, duplicates = 0;

  cd_case_info_set_company_name (info, "基准测试有限公司");
  store = cd_store_create (path, PASSPHRASE, NULL, info, "bench", &error);
  if (store != NULL)
    customers = cd_customers_from_csv (csv->str, csv->len, &error);
  if (customers == NULL ||
      !cd_store_import_customers (store, customers, NULL, &added, &duplicates, &error) ||
      !cd_store_import_assets (store, assets, NULL, &error) ||
      (listed = cd_store_list_assets (store, &error)) == NULL)
    {
      g_printerr ("bench-gui: could not build the case: %s\n", error->message);
      return 1;
    }

  /* The same inventory as the CSV a consultant would open in Calc. */
  assets_csv = cd_assets_to_csv (listed);
  if (!g_file_set_contents (csv_path, g_bytes_get_data (assets_csv, NULL),
                            (gssize) g_bytes_get_size (assets_csv), &error))
    {
      g_printerr ("bench-gui: %s\n", error->message);
      return 1;
    }
  return 0;
}

/* ── --measure: the application ──────────────────────────────────────── */

typedef enum
{
  STAGE_LAUNCH,     /* waiting for the inventory to be drawn */
  STAGE_SETTLE,     /* drawn; waiting for the background work to end */
  STAGE_TYPE,       /* a keystroke is waiting to show */
  STAGE_SCROLL,     /* paging down through the whole list */
  STAGE_DONE,
} Stage;

typedef struct
{
  CdApplication   *app;
  CdWindow        *window;
  CdInventoryPage *page;
  GdkFrameClock   *clock;
  Stage            stage;
  gint64           t_start;       /* monotonic, µs */
  gint64           t_unlocked;    /* file opened and unlocked */
  gint64           t_open;        /* ... and given to the window's panes */
  gint64           t_drawn;
  gint64           t_idle;        /* background work done after drawing */
  guint            keystroke;     /* index into the typing script */
  gint64           t_key;
  char            *expected;      /* the entry's text after the keystroke */
  gboolean         search_applied;
  gboolean         ready;         /* models settled; the next paint shows it */
  double           key_ms[32];
  guint            key_matches[32];
  guint            n_keys;
  double           worst_frame_ms;
  gint64           t_last_frame;
  guint            n_frames;
  guint            max_rows;
  gint64           t_scroll;
  double           scroll_s;
} Measure;

/* How many rows of cells exist under @widget: with a recycling list view it
 * is a screenful or two, however long the list. */
static guint
count_cells (GtkWidget *widget,
             GType      type)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        n++;
      n += count_cells (child, type);
    }
  return n;
}

static gboolean
shows_location (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_INSCRIPTION (child) &&
          g_str_has_prefix (gtk_inscription_get_text (GTK_INSCRIPTION (child)), "\\\\FS01"))
        return TRUE;
      if (shows_location (child))
        return TRUE;
    }
  return FALSE;
}

static GtkAdjustment *
assets_vadjustment (Measure *m)
{
  GtkWidget *view = GTK_WIDGET (cd_inventory_page_get_assets_view (m->page));

  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
}

static void
next_keystroke (Measure *m)
{
  GtkEditable *entry = cd_inventory_page_get_search_entry (m->page);
  guint n_typed = strlen (typed);

  if (m->keystroke >= 2 * n_typed)
    {
      GtkAdjustment *adj = assets_vadjustment (m);

      m->stage = STAGE_SCROLL;
      m->t_scroll = g_get_monotonic_time ();
      m->t_last_frame = 0;
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
      return;
    }
  m->stage = STAGE_TYPE;
  m->ready = FALSE;
  m->search_applied = FALSE;
  g_free (m->expected);
  m->t_key = g_get_monotonic_time ();
  /* One character typed at the end, or one backspace. */
  if (m->keystroke < n_typed)
    {
      int pos = (int) m->keystroke;

      m->expected = g_strndup (typed, m->keystroke + 1);
      gtk_editable_insert_text (entry, typed + m->keystroke, 1, &pos);
    }
  else
    {
      guint len = 2 * n_typed - m->keystroke - 1;

      m->expected = g_strndup (typed, len);
      gtk_editable_delete_text (entry, (int) len, (int) len + 1);
    }
}

static void
search_changed_cb (Measure *m)
{
  GtkEditable *entry = cd_inventory_page_get_search_entry (m->page);

  if (m->expected == NULL || strcmp (gtk_editable_get_text (entry), m->expected) != 0)
    return;
  m->search_applied = TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Measure       *m)
{
  GListModel *model = cd_inventory_page_get_assets_model (m->page);
  gint64 now = g_get_monotonic_time ();

  switch (m->stage)
    {
    case STAGE_LAUNCH:
      if (!m->ready || !shows_location (GTK_WIDGET (cd_inventory_page_get_assets_view (m->page))))
        return;
      m->t_drawn = now;
      m->ready = FALSE;
      m->stage = STAGE_SETTLE;
      break;

    case STAGE_TYPE:
      if (!m->ready)
        return;
      m->key_ms[m->n_keys] = (now - m->t_key) / 1000.0;
      m->key_matches[m->n_keys] = g_list_model_get_n_items (model);
      m->n_keys++;
      m->keystroke++;
      next_keystroke (m);
      break;

    case STAGE_SCROLL:
      {
        GtkAdjustment *adj = assets_vadjustment (m);
        double value = gtk_adjustment_get_value (adj);
        double page = gtk_adjustment_get_page_size (adj);
        double upper = gtk_adjustment_get_upper (adj);

        if (m->t_last_frame != 0)
          m->worst_frame_ms = MAX (m->worst_frame_ms, (now - m->t_last_frame) / 1000.0);
        m->t_last_frame = now;
        m->n_frames++;
        m->max_rows = MAX (m->max_rows, count_cells (GTK_WIDGET (cd_inventory_page_get_assets_view (m->page)),
                                                    GTK_TYPE_INSCRIPTION));
        /* 200 page-downs, then a jump to the end and back to the top. */
        if (m->n_frames < 200)
          gtk_adjustment_set_value (adj, MIN (value + page, upper - page));
        else if (m->n_frames == 200)
          gtk_adjustment_set_value (adj, upper - page);
        else if (m->n_frames == 201)
          gtk_adjustment_set_value (adj, 0);
        if (m->n_frames <= 201)
          gtk_widget_queue_draw (GTK_WIDGET (m->window));   /* even when already at the end */
        else
          {
            m->scroll_s = (now - m->t_scroll) / 1e6;
            m->stage = STAGE_DONE;
            g_application_quit (G_APPLICATION (m->app));
          }
      }
      break;

    case STAGE_DONE:
    default:
      break;
    }
}

/* Waits for the models to settle without keeping frames coming (which
 * would starve the page's own idles), then asks for the frame in which
 * the result is drawn. */
static gboolean
poll_cb (gpointer data)
{
  Measure *m = data;
  GListModel *model;

  if (m->page == NULL || m->t_open == 0 || m->ready)
    return G_SOURCE_CONTINUE;
  model = cd_inventory_page_get_assets_model (m->page);
  switch (m->stage)
    {
    case STAGE_LAUNCH:
      m->ready = g_list_model_get_n_items (model) == (guint) n_assets;
      break;
    case STAGE_SETTLE:
      /* A person starts typing once the list is there; by then the pane
       * has made its search keys in the background. */
      if (!cd_inventory_page_is_filtering (m->page))
        {
          m->t_idle = g_get_monotonic_time ();
          next_keystroke (m);
        }
      return G_SOURCE_CONTINUE;
    case STAGE_TYPE:
      m->ready = m->search_applied && !cd_inventory_page_is_filtering (m->page);
      break;
    case STAGE_SCROLL:
    case STAGE_DONE:
    default:
      break;
    }
  if (m->ready)
    gtk_widget_queue_draw (GTK_WIDGET (m->window));
  return G_SOURCE_CONTINUE;
}

static gboolean
open_case_cb (gpointer data)
{
  Measure *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdStore) store = cd_store_open (measure_path, &error);

  /* What the unlock dialog does once the passphrase is typed. */
  if (store == NULL || !cd_store_unlock (store, PASSPHRASE, &error))
    {
      g_printerr ("bench-gui: %s\n", error->message);
      g_application_quit (G_APPLICATION (m->app));
      return G_SOURCE_REMOVE;
    }
  m->t_unlocked = g_get_monotonic_time ();
  cd_window_set_store (m->window, store, FALSE);
  m->t_open = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static void
realize_cb (GtkWidget *window,
            Measure   *m)
{
  m->clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (m->clock, "after-paint", G_CALLBACK (after_paint_cb), m);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Measure        *m)
{
  if (m->window != NULL || !CD_IS_WINDOW (window))
    return;
  m->window = CD_WINDOW (window);
  m->page = cd_window_get_inventory_page (m->window);
  gtk_window_set_default_size (window, 1280, 800);
  g_signal_connect_swapped (cd_inventory_page_get_search_entry (m->page), "search-changed",
                            G_CALLBACK (search_changed_cb), m);
  g_timeout_add (1, poll_cb, m);
  g_signal_connect_after (window, "realize", G_CALLBACK (realize_cb), m);
  g_idle_add (open_case_cb, m);
}

static int
measure (void)
{
  Measure m = { 0, };
  struct rusage usage;
  char *argv[] = { (char *) "closure-desk", NULL };
  double sum = 0, worst = 0;

  m.app = cd_application_new ();
  g_signal_connect (m.app, "window-added", G_CALLBACK (window_added_cb), &m);
  g_application_run (G_APPLICATION (m.app), 1, argv);
  getrusage (RUSAGE_SELF, &usage);

  if (m.stage != STAGE_DONE)
    return 1;

  for (guint i = 0; i < m.n_keys; i++)
    {
      sum += m.key_ms[i];
      worst = MAX (worst, m.key_ms[i]);
    }

  /* One line of key=value per figure, read by the driver. */
  g_print ("unlocked_s=%.3f\n", (m.t_unlocked - t_exec) / 1e6);
  g_print ("open_s=%.3f\n", (m.t_open - t_exec) / 1e6);
  g_print ("drawn_s=%.3f\n", (m.t_drawn - t_exec) / 1e6);
  g_print ("idle_s=%.3f\n", (m.t_idle - t_exec) / 1e6);
  g_print ("key_mean_ms=%.1f\n", sum / MAX (m.n_keys, 1));
  g_print ("key_worst_ms=%.1f\n", worst);
  for (guint i = 0; i < m.n_keys; i++)
    g_print ("key%u=%.1f/%u\n", i, m.key_ms[i], m.key_matches[i]);
  g_print ("scroll_frames=%u\n", m.n_frames);
  g_print ("scroll_worst_ms=%.1f\n", m.worst_frame_ms);
  g_print ("scroll_labels=%u\n", m.max_rows);
  g_print ("rss_mib=%.1f\n", usage.ru_maxrss / 1024.0);
  g_object_unref (m.app);
  g_free (m.expected);
  return 0;
}

/* ── The driver ──────────────────────────────────────────────────────── */

static GHashTable *
parse_figures (const char *out)
{
  GHashTable *figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (figures, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
  return figures;
}

static double
figure (GHashTable *figures,
        const char *key)
{
  const char *value = g_hash_table_lookup (figures, key);

  return value != NULL ? g_ascii_strtod (value, NULL) : -1;
}

static gboolean
run (const char * const *argv,
     char              **out,
     double             *seconds)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-gui: %s failed: %s\n", argv[0], error->message);
      return FALSE;
    }
  if (seconds != NULL)
    *seconds = (g_get_monotonic_time () - start) / 1e6;
  return TRUE;
}

/* LibreOffice Calc, headless, loading the inventory CSV (and writing it
 * back, the cheapest way to make it load one). A first run with a tiny
 * file creates its profile, as on a consultant's machine. */
static double
calc_open_seconds (const char *dir)
{
  g_autofree char *profile = g_build_filename (dir, "lo-profile", NULL);
  g_autofree char *env = g_strdup_printf ("-env:UserInstallation=file://%s", profile);
  g_autofree char *out = g_build_filename (dir, "calc-out", NULL);
  g_autofree char *tiny = g_build_filename (dir, "tiny.csv", NULL);
  g_autofree char *csv = g_build_filename (dir, "assets.csv", NULL);
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  double seconds = -1;

  if (soffice == NULL)
    return -1;
  g_file_set_contents (tiny, "a,b\n1,2\n", -1, NULL);
  {
    const char *warm[] = { soffice, env, "--headless", "--norestore", "--convert-to", "ods",
                           "--outdir", out, tiny, NULL };
    const char *timed[] = { soffice, env, "--headless", "--norestore", "--convert-to", "ods",
                            "--outdir", out, csv, NULL };

    if (!run (warm, NULL, NULL) || !run (timed, NULL, &seconds))
      return -1;
  }
  return seconds;
}

static const char *
verdict (gboolean met)
{
  return met ? "met" : "MISSED";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- inventory pane benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *self_exe = NULL;
  g_autofree char *n_assets_arg = NULL;
  g_autofree char *n_customers_arg = NULL;
  g_autofree char *t_exec_arg = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GHashTable) figures = NULL;
  double t_create = 0, t_calc, drawn, key_worst, rss;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (create_path != NULL)
    return create_case (create_path);
  if (measure_path != NULL)
    return measure ();

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-gui: needs a display (build-aux/dev bench runs it under xvfb-run)\n");
      return 2;
    }

  dir = g_dir_make_tmp ("cd-bench-gui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.closurecase", NULL);
  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  n_assets_arg = g_strdup_printf ("--assets=%d", n_assets);
  n_customers_arg = g_strdup_printf ("--customers=%d", n_customers);

  {
    const char *create[] = { self_exe, n_assets_arg, n_customers_arg, "--create", path, NULL };

    if (!run (create, NULL, &t_create))
      return 1;
  }
  {
    const char *measure_argv[] = { self_exe, n_assets_arg, n_customers_arg, "--measure", path,
                                   NULL, NULL };

    t_exec_arg = g_strdup_printf ("--t-exec=%" G_GINT64_FORMAT, g_get_monotonic_time ());
    measure_argv[5] = t_exec_arg;
    if (!run (measure_argv, &out, NULL))
      return 1;
  }
  figures = parse_figures (out);
  t_calc = no_peer ? -1 : calc_open_seconds (dir);

  drawn = figure (figures, "drawn_s");
  key_worst = figure (figures, "key_worst_ms");
  rss = figure (figures, "rss_mib");

  g_print ("Closure Desk inventory pane benchmark (%d assets, %d customers; case built in %.1f s)\n",
           n_assets, n_customers, t_create);
  g_print ("  launch -> case open and unlocked (Argon2id 64 MiB)   %7.2f s\n", figure (figures, "unlocked_s"));
  g_print ("  launch -> the six panes given the case               %7.2f s\n", figure (figures, "open_s"));
  g_print ("  launch -> inventory drawn                            %7.2f s   target <= 1.5 s  %s\n",
           drawn, verdict (drawn >= 0 && drawn <= 1.5));
  g_print ("  launch -> search keys made, typing starts              %7.2f s\n",
           figure (figures, "idle_s"));
  g_print ("  search, per keystroke (typed \"%s\", then erased)\n", typed);
  for (guint i = 0; i < 2 * strlen (typed); i++)
    {
      g_autofree char *key = g_strdup_printf ("key%u", i);
      const char *value = g_hash_table_lookup (figures, key);
      g_auto(GStrv) parts = value != NULL ? g_strsplit (value, "/", 2) : NULL;

      if (parts != NULL && parts[1] != NULL)
        g_print ("    keystroke %2u -> %6s rows                          %7s ms\n", i + 1, parts[1], parts[0]);
    }
  g_print ("  keystroke -> list updated and drawn, mean            %7.1f ms   target <= 100 ms  %s\n",
           figure (figures, "key_mean_ms"), verdict (figure (figures, "key_mean_ms") <= 100));
  g_print ("  keystroke -> list updated and drawn, worst           %7.1f ms   target <= 100 ms  %s\n",
           key_worst, verdict (key_worst >= 0 && key_worst <= 100));
  g_print ("  scrolling: %d frames, worst frame %.1f ms, at most %d cells alive\n",
           (int) figure (figures, "scroll_frames"), figure (figures, "scroll_worst_ms"),
           (int) figure (figures, "scroll_labels"));
  g_print ("  peak RSS of the application                         %7.1f MiB target <= 350 MB %s\n",
           rss, verdict (rss >= 0 && rss * 1.048576 <= 350));
  if (t_calc > 0)
    g_print ("  LibreOffice Calc opening the same inventory (CSV)   %7.2f s   ratio %.1fx faster\n",
             t_calc, t_calc / drawn);
  else if (!no_peer)
    g_print ("  LibreOffice Calc not installed (apt-get install libreoffice-calc-nogui) — no ratio\n");

  cd_test_rm_rf (dir);
  return 0;
}

