/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-destroy: destruction plans and runs, manual destruction records and
 * the crypto-erase of vaults whose time is up. See cd-destroy.h.
 *
 * Paths, messages and descriptions are sealed in the case file (a file's
 * name often names a customer); the audit log gets ids, sizes and hashes,
 * and the operator's and witness's names (staff, not customers). */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cd-asset.h"
#include "cd-case-info.h"
#include "cd-destroy.h"
#include "cd-fs.h"
#include "cd-policy.h"
#include "cd-retention.h"
#include "cd-sha256.h"
#include "cd-store-private.h"
#include "cd-types.h"

G_DEFINE_QUARK (cd-destroy-error-quark, cd_destroy_error)

#define MAX_NAME_BYTES 200
#define MAX_TEXT_BYTES 4000

static const char * const item_state_ids[] = { "pending", "wiping", "destroyed", "failed" };
static const char * const run_state_ids[] = { "planned", "running", "interrupted", "complete", "cancelled" };
static const char * const manual_kind_ids[] = { "paper", "device", "cloud" };

G_STATIC_ASSERT (G_N_ELEMENTS (item_state_ids) == CD_DESTROY_ITEM_FAILED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (run_state_ids) == CD_DESTROY_RUN_CANCELLED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (manual_kind_ids) == CD_N_MANUAL_KINDS);

void
cd_destroy_item_free (CdDestroyItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->asset_id);
  g_free (item->path);
  g_free (item->sha256);
  g_free (item->message);
  g_free (item);
}

void
cd_destroy_run_free (CdDestroyRun *run)
{
  if (run == NULL)
    return;
  g_free (run->id);
  g_free (run->actor);
  g_free (run->operator_name);
  g_free (run->witness);
  g_free (run->message);
  g_clear_pointer (&run->items, g_ptr_array_unref);
  g_free (run);
}

void
cd_destroy_plan_notes_clear (CdDestroyPlanNotes *notes)
{
  g_clear_pointer (&notes->manual_assets, g_ptr_array_unref);
  g_clear_pointer (&notes->missing_assets, g_ptr_array_unref);
  notes->protected_files = 0;
  notes->skipped = 0;
}

void
cd_manual_destruction_free (CdManualDestruction *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->actor);
  g_free (record->asset_id);
  g_free (record->performed_on);
  g_free (record->operator_name);
  g_free (record->witness);
  g_free (record->description);
  g_free (record->method);
  g_free (record->serial);
  g_free (record->certificate_name);
  g_free (record->certificate_sha256);
  g_free (record);
}

static int
index_of (const char * const *ids,
          guint               n_ids,
          const char         *id)
{
  for (guint i = 0; i < n_ids && id != NULL; i++)
    if (g_str_equal (ids[i], id))
      return (int) i;
  return -1;
}

const char *
cd_destroy_item_state_to_id (CdDestroyItemState state)
{
  g_return_val_if_fail (state <= CD_DESTROY_ITEM_FAILED, NULL);
  return item_state_ids[state];
}

const char *
cd_destroy_item_state_get_label (CdDestroyItemState state)
{
  switch (state)
    {
    case CD_DESTROY_ITEM_PENDING:
      return C_("destroy item", "To be destroyed");
    case CD_DESTROY_ITEM_WIPING:
      return C_("destroy item", "Overwrite started");
    case CD_DESTROY_ITEM_DESTROYED:
      return C_("destroy item", "Destroyed");
    case CD_DESTROY_ITEM_FAILED:
      return C_("destroy item", "Failed");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
cd_destroy_run_state_to_id (CdDestroyRunState state)
{
  g_return_val_if_fail (state <= CD_DESTROY_RUN_CANCELLED, NULL);
  return run_state_ids[state];
}

const char *
cd_destroy_run_state_get_label (CdDestroyRunState state)
{
  switch (state)
    {
    case CD_DESTROY_RUN_PLANNED:
      return C_("destroy run", "Planned");
    case CD_DESTROY_RUN_RUNNING:
      return C_("destroy run", "Running");
    case CD_DESTROY_RUN_INTERRUPTED:
      return C_("destroy run", "Interrupted");
    case CD_DESTROY_RUN_COMPLETE:
      return C_("destroy run", "Complete");
    case CD_DESTROY_RUN_CANCELLED:
      return C_("destroy run", "Withdrawn");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
cd_manual_kind_to_id (CdManualKind kind)
{
  g_return_val_if_fail (kind < CD_N_MANUAL_KINDS, NULL);
  return manual_kind_ids[kind];
}

const char *
cd_manual_kind_get_label (CdManualKind kind)
{
  switch (kind)
    {
    case CD_MANUAL_PAPER:
      return C_("manual destruction", "Paper");
    case CD_MANUAL_DEVICE:
      return C_("manual destruction", "Device");
    case CD_MANUAL_CLOUD:
      return C_("manual destruction", "Cloud account");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
cd_manual_kind_from_string (const char    *text,
                            CdManualKind  *out_kind,
                            GError       **error)
{
  int i = index_of (manual_kind_ids, G_N_ELEMENTS (manual_kind_ids), text);

  if (i < 0)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                   /* Translators: keep paper, device and cloud as they are: they are typed */
                   _("Unknown kind “%s”: use paper, device or cloud"), text != NULL ? text : "");
      return FALSE;
    }
  *out_kind = (CdManualKind) i;
  return TRUE;
}

/**
 * cd_paper_level_get_label:
 * @level: 1 to 7
 *
 * Returns: the DIN 66399 / ISO/IEC 21964 security level with its largest
 * particle, for pickers
 */
const char *
cd_paper_level_get_label (guint level)
{
  switch (level)
    {
    case 1:
      return _("P-1 — strips up to 12 mm wide");
    case 2:
      return _("P-2 — strips up to 6 mm wide");
    case 3:
      return _("P-3 — strips up to 2 mm, or particles up to 320 mm²");
    case 4:
      return _("P-4 — particles up to 160 mm² (personal data)");
    case 5:
      return _("P-5 — particles up to 30 mm²");
    case 6:
      return _("P-6 — particles up to 10 mm²");
    case 7:
      return _("P-7 — particles up to 5 mm²");
    default:
      return NULL;
    }
}

/* Paths */

static char *
resolve (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return NULL;
  copy = g_strdup (real);
  free (real);
  return copy;
}

static gboolean
path_is_within (const char *path,
                const char *root)
{
  gsize len = strlen (root);

  if (g_str_equal (root, "/"))
    return TRUE;
  return strncmp (path, root, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static gboolean
path_is_protected (GPtrArray  *protected,
                   const char *path)
{
  for (guint i = 0; i < protected->len; i++)
    if (path_is_within (path, g_ptr_array_index (protected, i)))
      return TRUE;
  return FALSE;
}

typedef struct
{
  CdAsset     *asset;
  CdDisposition disposition;
  char        *real;            /* the location resolved, NULL when not a path or gone */
  gboolean     is_path;
} AssetPlace;

static void
asset_place_free (AssetPlace *place)
{
  g_clear_object (&place->asset);
  g_free (place->real);
  g_free (place);
}

static GPtrArray *
list_places (CdStore  *store,
             GError  **error)
{
  g_autoptr(GListModel) assets = cd_store_list_assets (store, error);
  g_autoptr(GPtrArray) plans = NULL;
  g_autoptr(GHashTable) by_asset = NULL;
  g_autoptr(GPtrArray) places = NULL;
  guint n;

  if (assets == NULL)
    return NULL;
  plans = cd_store_list_asset_plans (store, error);
  if (plans == NULL)
    return NULL;
  by_asset = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < plans->len; i++)
    {
      CdAssetPlan *plan = g_ptr_array_index (plans, i);

      g_hash_table_insert (by_asset, plan->asset_id, plan);
    }

  places = g_ptr_array_new_with_free_func ((GDestroyNotify) asset_place_free);
  n = g_list_model_get_n_items (assets);
  for (guint i = 0; i < n; i++)
    {
      AssetPlace *place = g_new0 (AssetPlace, 1);
      CdAssetPlan *plan;
      const char *location;

      place->asset = g_list_model_get_item (assets, i);
      plan = g_hash_table_lookup (by_asset, cd_asset_get_id (place->asset));
      place->disposition = plan != NULL ? plan->disposition : CD_DISPOSITION_UNDECIDED;
      location = cd_asset_get_location (place->asset);
      place->is_path = location != NULL && g_path_is_absolute (location);
      if (place->is_path)
        place->real = resolve (location);
      g_ptr_array_add (places, place);
    }
  return g_steal_pointer (&places);
}

static void
add_case_files (CdStore   *store,
                GPtrArray *protected)
{
  const char *path = cd_store_get_path (store);
  static const char * const suffixes[] = { "", "-journal", "-wal", "-shm" };

  if (path == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      char *real = resolve (name);

      if (real != NULL)
        g_ptr_array_add (protected, real);
    }
}

/**
 * cd_destroy_protected_paths:
 *
 * Returns: (transfer full) (element-type utf8): resolved paths no
 * destruction may touch (nor anything below them), or %NULL with @error set
 */
GPtrArray *
cd_destroy_protected_paths (CdStore  *store,
                            GError  **error)
{
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GPtrArray) vaults = NULL;
  g_autoptr(GPtrArray) protected = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  places = list_places (store, error);
  if (places == NULL)
    return NULL;
  vaults = cd_store_list_vaults (store, error);
  if (vaults == NULL)
    return NULL;

  for (guint i = 0; i < places->len; i++)
    {
      AssetPlace *place = g_ptr_array_index (places, i);

      if (place->disposition != CD_DISPOSITION_DESTROY && place->real != NULL)
        g_ptr_array_add (protected, g_strdup (place->real));
    }
  for (guint i = 0; i < vaults->len; i++)
    {
      CdVaultRecord *vault = g_ptr_array_index (vaults, i);
      char *real;

      if (g_strcmp0 (vault->state, "kept") == 0 && (real = resolve (vault->file)) != NULL)
        g_ptr_array_add (protected, real);
    }
  add_case_files (store, protected);
  return g_steal_pointer (&protected);
}

/**
 * cd_destroy_retained_paths:
 *
 * Returns: (transfer full) (element-type utf8): the locations (as
 * recorded) of the assets kept by their disposition, or %NULL with @error set
 */
GPtrArray *
cd_destroy_retained_paths (CdStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  places = list_places (store, error);
  if (places == NULL)
    return NULL;
  for (guint i = 0; i < places->len; i++)
    {
      AssetPlace *place = g_ptr_array_index (places, i);

      if (place->real != NULL && cd_disposition_retains (place->disposition))
        g_ptr_array_add (paths, g_strdup (place->real));
    }
  return g_steal_pointer (&paths);
}

/* Planning */

typedef struct
{
  GPtrArray          *items;
  GHashTable         *seen;          /* resolved paths already listed */
  GPtrArray          *protected;
  CdDestroyPlanNotes *notes;
  guint64             total;
} Collect;

static gboolean
collect_file (Collect     *collect,
              const char  *asset_id,
              const char  *path,
              GStatBuf    *st,
              GError     **error)
{
  CdDestroyItem *item;

  if (path_is_protected (collect->protected, path))
    {
      collect->notes->protected_files++;
      return TRUE;
    }
  if (!S_ISREG (st->st_mode))
    {
      collect->notes->skipped++;
      return TRUE;
    }
  if (g_hash_table_contains (collect->seen, path))
    return TRUE;

  item = g_new0 (CdDestroyItem, 1);
  item->asset_id = g_strdup (asset_id);
  item->path = g_strdup (path);
  item->size = (guint64) st->st_size;
  item->mtime = (gint64) st->st_mtim.tv_sec * G_USEC_PER_SEC + st->st_mtim.tv_nsec / 1000;
  g_ptr_array_add (collect->items, item);
  g_hash_table_add (collect->seen, item->path);
  collect->total += item->size;
  (void) error;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
collect_tree (Collect       *collect,
              const char    *asset_id,
              const char    *path,
              guint          depth,
              GCancellable  *cancellable,
              GError       **error)
{
  GStatBuf st;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (g_lstat (path, &st) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), display, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (path_is_protected (collect->protected, path))
        {
          collect->notes->protected_files++;
          return TRUE;
        }
      if (depth > 64)
        {
          g_autofree char *display = g_filename_display_name (path);

          g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                       _("“%s” is nested too deep to be planned"), display);
          return FALSE;
        }
      dir = g_dir_open (path, 0, error);
      if (dir == NULL)
        return FALSE;
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

          if (!collect_tree (collect, asset_id, child, depth + 1, cancellable, error))
            return FALSE;
        }
      return TRUE;
    }
  return collect_file (collect, asset_id, path, &st, error);
}

static gboolean
bind_item_state (sqlite3_stmt *stmt,
                 int           column,
                 CdDestroyItemState state)
{
  return sqlite3_bind_text (stmt, column, item_state_ids[state], -1, SQLITE_STATIC) == SQLITE_OK;
}

static gboolean
store_plan (CdStore      *store,
            CdDestroyRun *run,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) insert_run = NULL;
  g_autoptr(sqlite3_stmt) insert_item = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  guint64 bytes = 0;
  CdKeys *keys;
  int rc;

  keys = cd_store_require_keys (store, error);
  if (keys == NULL || !cd_store_begin (store, error))
    return FALSE;
  insert_run = cd_store_prepare (store,
                                 "INSERT INTO destroy_runs (id, created, actor, passes, verify)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5);", error);
  insert_item = cd_store_prepare (store,
                                  "INSERT INTO destroy_items (id, run, seq, asset, path, size, mtime, sha256, state)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);", error);
  if (insert_run == NULL || insert_item == NULL)
    goto fail;
  sqlite3_bind_text (insert_run, 1, run->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert_run, 2, run->created);
  sqlite3_bind_text (insert_run, 3, run->actor, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert_run, 4, (int) run->passes);
  sqlite3_bind_int (insert_run, 5, run->verify ? 1 : 0);
  rc = sqlite3_step (insert_run);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      goto fail;
    }
  for (guint i = 0; i < run->items->len; i++)
    {
      CdDestroyItem *item = g_ptr_array_index (run->items, i);

      sqlite3_bind_text (insert_item, 1, item->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert_item, 2, run->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert_item, 3, item->seq);
      sqlite3_bind_text (insert_item, 4, item->asset_id, -1, SQLITE_STATIC);
      cd_store_bind_sealed (insert_item, 5, keys, "destroy_items.path", item->id, item->path);
      sqlite3_bind_int64 (insert_item, 6, (sqlite3_int64) item->size);
      sqlite3_bind_int64 (insert_item, 7, item->mtime);
      sqlite3_bind_text (insert_item, 8, item->sha256, -1, SQLITE_STATIC);
      bind_item_state (insert_item, 9, CD_DESTROY_ITEM_PENDING);
      rc = sqlite3_step (insert_item);
      sqlite3_reset (insert_item);
      sqlite3_clear_bindings (insert_item);
      if (rc != SQLITE_DONE)
        {
          cd_store_sqlite_error (store, rc, error);
          goto fail;
        }
      bytes += item->size;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "files");
  json_builder_add_int_value (details, run->items->len);
  json_builder_set_member_name (details, "bytes");
  json_builder_add_int_value (details, (gint64) bytes);
  json_builder_set_member_name (details, "passes");
  json_builder_add_int_value (details, run->passes);
  json_builder_set_member_name (details, "verify");
  json_builder_add_boolean_value (details, run->verify);
  if (!cd_store_append_audit (store, "destroy.planned", run->id, details, error) ||
      !cd_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  cd_store_rollback (store);
  return FALSE;
}

/* A plan in the making: prepared from the case on the caller's thread,
 * collected (walk and hash) on any thread, stored on the caller's. */
typedef struct
{
  CdDestroyRun       *run;
  GPtrArray          *roots;       /* (element-type utf8) resolved locations */
  GPtrArray          *root_assets; /* (element-type utf8) their asset ids */
  GPtrArray          *protected;
  CdDestroyPlanNotes  notes;
  CdDestroyProgressFunc progress;
  gpointer            user_data;
} PlanJob;

static void
plan_job_free (PlanJob *job)
{
  g_clear_pointer (&job->run, cd_destroy_run_free);
  g_clear_pointer (&job->roots, g_ptr_array_unref);
  g_clear_pointer (&job->root_assets, g_ptr_array_unref);
  g_clear_pointer (&job->protected, g_ptr_array_unref);
  cd_destroy_plan_notes_clear (&job->notes);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlanJob, plan_job_free)

static PlanJob *
plan_prepare (CdStore               *store,
              const CdShredOptions  *options,
              GError               **error)
{
  g_autoptr(PlanJob) job = g_new0 (PlanJob, 1);
  g_autoptr(GPtrArray) places = NULL;
  guint passes;

  passes = options != NULL && options->passes > 0 ? options->passes : 1;
  if (passes > CD_SHRED_MAX_PASSES)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                   _("At most %d overwrite passes"), CD_SHRED_MAX_PASSES);
      return NULL;
    }
  job->notes.manual_assets = g_ptr_array_new_with_free_func (g_object_unref);
  job->notes.missing_assets = g_ptr_array_new_with_free_func (g_object_unref);
  job->roots = g_ptr_array_new_with_free_func (g_free);
  job->root_assets = g_ptr_array_new_with_free_func (g_free);

  places = list_places (store, error);
  if (places == NULL)
    return NULL;
  job->protected = cd_destroy_protected_paths (store, error);
  if (job->protected == NULL)
    return NULL;

  job->run = g_new0 (CdDestroyRun, 1);
  job->run->id = cd_store_new_id ();
  job->run->created = cd_store_now ();
  job->run->actor = g_strdup (cd_store_get_actor (store));
  job->run->passes = passes;
  job->run->verify = options == NULL || !options->no_verify;
  job->run->state = CD_DESTROY_RUN_PLANNED;
  job->run->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_destroy_item_free);

  for (guint i = 0; i < places->len; i++)
    {
      AssetPlace *place = g_ptr_array_index (places, i);

      if (place->disposition != CD_DISPOSITION_DESTROY)
        continue;
      if (!place->is_path)
        g_ptr_array_add (job->notes.manual_assets, g_object_ref (place->asset));
      else if (place->real == NULL)
        g_ptr_array_add (job->notes.missing_assets, g_object_ref (place->asset));
      else
        {
          g_ptr_array_add (job->roots, g_strdup (place->real));
          g_ptr_array_add (job->root_assets, g_strdup (cd_asset_get_id (place->asset)));
        }
    }
  return g_steal_pointer (&job);
}

/* On any thread: touches files only. */
static gboolean
plan_collect (PlanJob       *job,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Collect collect = { 0, };
  guint64 done = 0;

  collect.items = job->run->items;
  collect.seen = seen;
  collect.notes = &job->notes;
  collect.protected = job->protected;
  for (guint i = 0; i < job->roots->len; i++)
    if (!collect_tree (&collect, g_ptr_array_index (job->root_assets, i), g_ptr_array_index (job->roots, i), 0,
                       cancellable, error))
      return FALSE;

  if (job->run->items->len == 0)
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_EMPTY,
                           _("The plan has no file to destroy: no asset marked “destroy” has a file "
                             "or folder location that is still there"));
      return FALSE;
    }
  for (guint i = 0; i < job->run->items->len; i++)
    {
      CdDestroyItem *item = g_ptr_array_index (job->run->items, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      item->id = cd_store_new_id ();
      item->seq = i + 1;
      item->state = CD_DESTROY_ITEM_PENDING;
      item->sha256 = cd_fs_sha256_file (item->path, error);
      if (item->sha256 == NULL)
        return FALSE;
      done += item->size;
      if (job->progress != NULL)
        job->progress (done, collect.total, job->user_data);
    }
  return TRUE;
}

static CdDestroyRun *
plan_finish (CdStore             *store,
             PlanJob             *job,
             CdDestroyPlanNotes  *notes,
             GError             **error)
{
  if (!store_plan (store, job->run, error))
    return NULL;
  if (notes != NULL)
    {
      *notes = job->notes;
      memset (&job->notes, 0, sizeof job->notes);
    }
  return g_steal_pointer (&job->run);
}

/**
 * cd_destroy_plan:
 * @options: (nullable): passes and verification (default: one random pass,
 *   read back)
 * @notes: (out caller-allocates) (optional): what was left out; clear it
 *   with cd_destroy_plan_notes_clear()
 *
 * Returns: (transfer full): the stored plan, or %NULL with @error set
 *   (%CD_DESTROY_ERROR_EMPTY when there is no file to destroy)
 */
CdDestroyRun *
cd_destroy_plan (CdStore               *store,
                 const CdShredOptions  *options,
                 CdDestroyPlanNotes    *notes,
                 GCancellable          *cancellable,
                 CdDestroyProgressFunc  progress,
                 gpointer               user_data,
                 GError               **error)
{
  g_autoptr(PlanJob) job = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  if (notes != NULL)
    memset (notes, 0, sizeof *notes);
  job = plan_prepare (store, options, error);
  if (job == NULL)
    return NULL;
  job->progress = progress;
  job->user_data = user_data;
  if (!plan_collect (job, cancellable, error))
    return NULL;
  return plan_finish (store, job, notes, error);
}

typedef struct
{
  PlanJob      *job;
  GMainContext *context;
  GMutex        lock;
  guint64       done;
  guint64       total;
  gboolean      pending;
  CdDestroyProgressFunc progress;
  gpointer      user_data;
} AsyncPlan;

static void
async_plan_free (AsyncPlan *async)
{
  g_clear_pointer (&async->job, plan_job_free);
  g_main_context_unref (async->context);
  g_mutex_clear (&async->lock);
  g_free (async);
}

static gboolean
plan_progress_idle_cb (gpointer data)
{
  GTask *task = data;
  AsyncPlan *async = g_task_get_task_data (task);
  guint64 done;
  guint64 total;

  g_mutex_lock (&async->lock);
  done = async->done;
  total = async->total;
  async->pending = FALSE;
  g_mutex_unlock (&async->lock);
  if (!g_task_get_completed (task))
    async->progress (done, total, async->user_data);
  return G_SOURCE_REMOVE;
}

static void
plan_thread_progress_cb (guint64  done,
                         guint64  total,
                         gpointer user_data)
{
  GTask *task = user_data;
  AsyncPlan *async = g_task_get_task_data (task);
  gboolean schedule;

  g_mutex_lock (&async->lock);
  async->done = done;
  async->total = total;
  schedule = !async->pending;
  async->pending = TRUE;
  g_mutex_unlock (&async->lock);
  if (schedule)
    g_main_context_invoke_full (async->context, G_PRIORITY_DEFAULT_IDLE, plan_progress_idle_cb,
                                g_object_ref (task), g_object_unref);
}

static void
plan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  AsyncPlan *async = task_data;
  GError *error = NULL;

  if (plan_collect (async->job, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_destroy_plan_async (CdStore               *store,
                       const CdShredOptions  *options,
                       GCancellable          *cancellable,
                       CdDestroyProgressFunc  progress,
                       gpointer               user_data,
                       GAsyncReadyCallback    callback,
                       gpointer               callback_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncPlan *async;
  GError *error = NULL;

  g_return_if_fail (CD_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, callback_data);
  g_task_set_source_tag (task, cd_destroy_plan_async);
  async = g_new0 (AsyncPlan, 1);
  g_mutex_init (&async->lock);
  async->context = g_main_context_ref_thread_default ();
  async->progress = progress;
  async->user_data = user_data;
  g_task_set_task_data (task, async, (GDestroyNotify) async_plan_free);
  async->job = plan_prepare (store, options, &error);
  if (async->job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (progress != NULL)
    {
      async->job->progress = plan_thread_progress_cb;
      async->job->user_data = task;
    }
  g_task_run_in_thread (task, plan_thread);
}

CdDestroyRun *
cd_destroy_plan_finish (CdStore             *store,
                        GAsyncResult        *result,
                        CdDestroyPlanNotes  *notes,
                        GError             **error)
{
  AsyncPlan *async;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  if (notes != NULL)
    memset (notes, 0, sizeof *notes);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  async = g_task_get_task_data (G_TASK (result));
  return plan_finish (store, async->job, notes, error);
}

/* Reading plans back */

static CdDestroyItemState
item_state_from_id (const char *id)
{
  int i = index_of (item_state_ids, G_N_ELEMENTS (item_state_ids), id);

  return i < 0 ? CD_DESTROY_ITEM_FAILED : (CdDestroyItemState) i;
}

static gboolean
load_items (CdStore       *store,
            CdKeys        *keys,
            CdDestroyRun  *run,
            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = cd_store_prepare (store,
                           "SELECT id, seq, asset, path, size, mtime, sha256, state, passes, verified,"
                           " category, caveats, message, done_at FROM destroy_items WHERE run = ?1 ORDER BY seq;",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, run->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdDestroyItem) item = g_new0 (CdDestroyItem, 1);

      item->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      item->seq = (guint) sqlite3_column_int64 (stmt, 1);
      item->asset_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      if (!cd_store_column_open (stmt, 3, keys, "destroy_items.path", item->id, &item->path, error))
        return FALSE;
      item->size = (guint64) sqlite3_column_int64 (stmt, 4);
      item->mtime = sqlite3_column_int64 (stmt, 5);
      item->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      item->state = item_state_from_id ((const char *) sqlite3_column_text (stmt, 7));
      item->passes = (guint) sqlite3_column_int (stmt, 8);
      item->verified = sqlite3_column_int (stmt, 9) != 0;
      item->category = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 10),
                                  cd_shred_category_get_id (CD_SHRED_CATEGORY_CLEAR)) == 0
                         ? CD_SHRED_CATEGORY_CLEAR : CD_SHRED_CATEGORY_NOT_ASSURED;
      item->caveats = (CdShredCaveats) sqlite3_column_int (stmt, 11);
      if (!cd_store_column_open (stmt, 12, keys, "destroy_items.message", item->id, &item->message, error))
        return FALSE;
      item->done_at = sqlite3_column_int64 (stmt, 13);
      g_ptr_array_add (run->items, g_steal_pointer (&item));
    }
  if (rc != SQLITE_DONE)
    return cd_store_sqlite_error (store, rc, error);
  return TRUE;
}

static GPtrArray *
load_runs (CdStore     *store,
           const char  *run_id,
           GError     **error)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_destroy_run_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CdKeys *keys;
  int rc;

  keys = cd_store_require_keys (store, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (store,
                           "SELECT id, created, actor, passes, verify, state, operator, witness, started,"
                           " finished, message FROM destroy_runs WHERE ?1 IS NULL OR id = ?1"
                           " ORDER BY created DESC, rowid DESC;", error);
  if (stmt == NULL)
    return NULL;
  if (run_id != NULL)
    sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdDestroyRun) run = g_new0 (CdDestroyRun, 1);
      int state;

      run->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      run->created = sqlite3_column_int64 (stmt, 1);
      run->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      run->passes = (guint) sqlite3_column_int (stmt, 3);
      run->verify = sqlite3_column_int (stmt, 4) != 0;
      state = index_of (run_state_ids, G_N_ELEMENTS (run_state_ids), (const char *) sqlite3_column_text (stmt, 5));
      run->state = state < 0 ? CD_DESTROY_RUN_INTERRUPTED : (CdDestroyRunState) state;
      run->operator_name = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      run->witness = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      run->started = sqlite3_column_int64 (stmt, 8);
      run->finished = sqlite3_column_int64 (stmt, 9);
      if (!cd_store_column_open (stmt, 10, keys, "destroy_runs.message", run->id, &run->message, error))
        return NULL;
      run->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_destroy_item_free);
      g_ptr_array_add (runs, g_steal_pointer (&run));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  for (guint i = 0; i < runs->len; i++)
    if (!load_items (store, keys, g_ptr_array_index (runs, i), error))
      return NULL;
  return g_steal_pointer (&runs);
}

/**
 * cd_destroy_get_run:
 *
 * Returns: (transfer full): the plan with its items, or %NULL with @error
 *   set (%CD_DESTROY_ERROR_INVALID when there is none by that id)
 */
CdDestroyRun *
cd_destroy_get_run (CdStore     *store,
                    const char  *run_id,
                    GError     **error)
{
  g_autoptr(GPtrArray) runs = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (run_id != NULL, NULL);

  runs = load_runs (store, run_id, error);
  if (runs == NULL)
    return NULL;
  if (runs->len == 0)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                   _("There is no destruction plan “%s” in this case"), run_id);
      return NULL;
    }
  return g_ptr_array_steal_index (runs, 0);
}

/**
 * cd_destroy_list_runs:
 *
 * Returns: (transfer full) (element-type CdDestroyRun): every plan, newest
 *   first, or %NULL with @error set
 */
GPtrArray *
cd_destroy_list_runs (CdStore  *store,
                      GError  **error)
{
  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  return load_runs (store, NULL, error);
}

static gboolean
set_run_state (CdStore           *store,
               CdDestroyRun      *run,
               CdDestroyRunState  state,
               const char        *message,
               const char        *audit_action,
               JsonBuilder       *details,
               GError           **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  CdKeys *keys;
  gint64 now = cd_store_now ();
  int rc;

  keys = cd_store_require_keys (store, error);
  if (keys == NULL || !cd_store_begin (store, error))
    return FALSE;
  update = cd_store_prepare (store,
                             "UPDATE destroy_runs SET state = ?2, operator = ?3, witness = ?4,"
                             " started = ?5, finished = ?6, message = ?7 WHERE id = ?1;", error);
  if (update == NULL)
    goto fail;
  if (state == CD_DESTROY_RUN_RUNNING && run->started == 0)
    run->started = now;
  if (state == CD_DESTROY_RUN_COMPLETE || state == CD_DESTROY_RUN_CANCELLED)
    run->finished = now;
  sqlite3_bind_text (update, 1, run->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, run_state_ids[state], -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 3, run->operator_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 4, run->witness, -1, SQLITE_STATIC);
  if (run->started != 0)
    sqlite3_bind_int64 (update, 5, run->started);
  if (run->finished != 0)
    sqlite3_bind_int64 (update, 6, run->finished);
  cd_store_bind_sealed (update, 7, keys, "destroy_runs.message", run->id, message);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      goto fail;
    }
  if (!cd_store_append_audit (store, audit_action, run->id, details, error) || !cd_store_commit (store, error))
    goto fail;
  run->state = state;
  g_free (run->message);
  run->message = g_strdup (message);
  return TRUE;

fail:
  cd_store_rollback (store);
  return FALSE;
}

/**
 * cd_destroy_cancel_plan:
 *
 * Withdraws a plan not yet complete: what it destroyed stays recorded, the
 * rest will not be touched by it (an interrupted run whose file changed is
 * closed this way, and a new plan made).
 */
gboolean
cd_destroy_cancel_plan (CdStore     *store,
                        const char  *run_id,
                        GError     **error)
{
  g_autoptr(CdDestroyRun) run = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);

  run = cd_destroy_get_run (store, run_id, error);
  if (run == NULL)
    return FALSE;
  if (run->state == CD_DESTROY_RUN_COMPLETE)
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_STATE,
                           _("This plan is complete: there is nothing left to withdraw"));
      return FALSE;
    }
  if (run->state == CD_DESTROY_RUN_CANCELLED)
    return TRUE;
  return set_run_state (store, run, CD_DESTROY_RUN_CANCELLED, NULL, "destroy.cancelled", NULL, error);
}

/* The two-person rule */

static char *
normalize_person (const char *name)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;
  trimmed = g_strstrip (g_strdup (name));
  if (*trimmed == '\0' || strlen (trimmed) > MAX_NAME_BYTES)
    return NULL;
  return g_utf8_casefold (trimmed, -1);
}

static char *
case_name (CdStore *store)
{
  g_autoptr(CdCaseInfo) info = cd_store_get_case_info (store, NULL);
  const char *name = info != NULL ? cd_case_info_get_company_name (info) : NULL;

  return g_strdup (name != NULL ? name : "");
}

gboolean
cd_destroy_check_people (CdStore     *store,
                         const char  *operator_name,
                         const char  *witness,
                         const char  *confirmation,
                         GError     **error)
{
  g_autofree char *op = normalize_person (operator_name);
  g_autofree char *wit = normalize_person (witness);
  g_autofree char *expected = NULL;
  g_autofree char *typed = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);

  if (op == NULL || wit == NULL)
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_TWO_PERSON,
                           _("Destruction needs two people: name the operator and the witness"));
      return FALSE;
    }
  if (g_str_equal (op, wit))
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_TWO_PERSON,
                           _("The witness must be someone other than the operator"));
      return FALSE;
    }
  expected = g_strstrip (case_name (store));
  typed = confirmation != NULL ? g_strstrip (g_strdup (confirmation)) : g_strdup ("");
  if (*expected == '\0' || !g_str_equal (expected, typed))
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CONFIRMATION,
                   _("To confirm, type the case name exactly: %s"), expected);
      return FALSE;
    }
  return TRUE;
}

/* Running */

static gboolean
record_item (CdStore             *store,
             CdDestroyRun        *run,
             CdDestroyItem       *item,
             CdDestroyItemState   state,
             const CdShredResult *result,
             const char          *message,
             GError             **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  CdKeys *keys;
  gint64 now = cd_store_now ();
  int rc;

  keys = cd_store_require_keys (store, error);
  if (keys == NULL || !cd_store_begin (store, error))
    return FALSE;
  update = cd_store_prepare (store,
                             "UPDATE destroy_items SET state = ?2, passes = ?3, verified = ?4, category = ?5,"
                             " caveats = ?6, message = ?7, done_at = ?8 WHERE id = ?1;", error);
  if (update == NULL)
    goto fail;
  sqlite3_bind_text (update, 1, item->id, -1, SQLITE_STATIC);
  bind_item_state (update, 2, state);
  sqlite3_bind_int (update, 3, result != NULL ? (int) result->passes : 0);
  sqlite3_bind_int (update, 4, result != NULL && result->verified ? 1 : 0);
  if (result != NULL)
    sqlite3_bind_text (update, 5, cd_shred_category_get_id (result->category), -1, SQLITE_STATIC);
  sqlite3_bind_int (update, 6, result != NULL ? (int) result->caveats : 0);
  cd_store_bind_sealed (update, 7, keys, "destroy_items.message", item->id, message);
  if (state == CD_DESTROY_ITEM_DESTROYED || state == CD_DESTROY_ITEM_FAILED)
    sqlite3_bind_int64 (update, 8, now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      goto fail;
    }
  if (state == CD_DESTROY_ITEM_DESTROYED || state == CD_DESTROY_ITEM_FAILED)
    {
      details = cd_store_details_new ();
      json_builder_set_member_name (details, "run");
      json_builder_add_string_value (details, run->id);
      json_builder_set_member_name (details, "sha256");
      json_builder_add_string_value (details, item->sha256);
      json_builder_set_member_name (details, "size");
      json_builder_add_int_value (details, (gint64) item->size);
      if (result != NULL)
        {
          json_builder_set_member_name (details, "passes");
          json_builder_add_int_value (details, result->passes);
          json_builder_set_member_name (details, "verified");
          json_builder_add_boolean_value (details, result->verified);
          json_builder_set_member_name (details, "category");
          json_builder_add_string_value (details, cd_shred_category_get_id (result->category));
        }
      if (!cd_store_append_audit (store, state == CD_DESTROY_ITEM_DESTROYED ? "destroy.file" : "destroy.failed",
                                  item->id, details, error))
        goto fail;
    }
  if (!cd_store_commit (store, error))
    goto fail;
  item->state = state;
  if (result != NULL)
    {
      item->passes = result->passes;
      item->verified = result->verified;
      item->category = result->category;
      item->caveats = result->caveats;
    }
  g_free (item->message);
  item->message = g_strdup (message);
  if (state == CD_DESTROY_ITEM_DESTROYED || state == CD_DESTROY_ITEM_FAILED)
    item->done_at = now;
  return TRUE;

fail:
  cd_store_rollback (store);
  return FALSE;
}

typedef struct
{
  CdStore      *store;
  CdDestroyRun *run;
  GPtrArray    *protected;
  guint         next;           /* index of the next item to look at */
  gboolean      resumed;        /* its overwrite had started before this run */
  guint64       total;          /* bytes still to overwrite when the run began */
  guint64       done;
  CdDestroyProgressFunc progress;
  gpointer      user_data;
} Runner;

static void
runner_free (Runner *runner)
{
  g_clear_object (&runner->store);
  g_clear_pointer (&runner->run, cd_destroy_run_free);
  g_clear_pointer (&runner->protected, g_ptr_array_unref);
  g_free (runner);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Runner, runner_free)

static Runner *
runner_new (CdStore     *store,
            const char  *run_id,
            const char  *operator_name,
            const char  *witness,
            const char  *confirmation,
            GError     **error)
{
  g_autoptr(Runner) runner = g_new0 (Runner, 1);
  g_autoptr(JsonBuilder) details = NULL;

  if (!cd_destroy_check_people (store, operator_name, witness, confirmation, error))
    return NULL;
  runner->store = g_object_ref (store);
  runner->run = cd_destroy_get_run (store, run_id, error);
  if (runner->run == NULL)
    return NULL;
  if (runner->run->state == CD_DESTROY_RUN_COMPLETE || runner->run->state == CD_DESTROY_RUN_CANCELLED)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_STATE,
                   _("This plan is %s already: make a new plan"),
                   cd_destroy_run_state_get_label (runner->run->state));
      return NULL;
    }
  runner->protected = cd_destroy_protected_paths (store, error);
  if (runner->protected == NULL)
    return NULL;
  for (guint i = 0; i < runner->run->items->len; i++)
    {
      CdDestroyItem *item = g_ptr_array_index (runner->run->items, i);

      if (item->state != CD_DESTROY_ITEM_DESTROYED)
        runner->total += item->size * runner->run->passes;
    }

  g_free (runner->run->operator_name);
  runner->run->operator_name = g_strstrip (g_strdup (operator_name));
  g_free (runner->run->witness);
  runner->run->witness = g_strstrip (g_strdup (witness));
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "operator");
  json_builder_add_string_value (details, runner->run->operator_name);
  json_builder_set_member_name (details, "witness");
  json_builder_add_string_value (details, runner->run->witness);
  if (!set_run_state (store, runner->run, CD_DESTROY_RUN_RUNNING, NULL, "destroy.started", details, error))
    return NULL;
  return g_steal_pointer (&runner);
}

/* The next item not yet destroyed, or NULL; checks it is not protected and
 * marks its overwrite as started. */
static CdDestroyItem *
runner_next (Runner  *runner,
             GError **error)
{
  while (runner->next < runner->run->items->len)
    {
      CdDestroyItem *item = g_ptr_array_index (runner->run->items, runner->next);
      char *real;
      gboolean protected;

      if (item->state == CD_DESTROY_ITEM_DESTROYED)
        {
          runner->next++;
          continue;
        }
      real = resolve (item->path);
      protected = path_is_protected (runner->protected, real != NULL ? real : item->path);
      g_free (real);
      if (protected)
        {
          g_autofree char *display = g_filename_display_name (item->path);

          g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_PROTECTED,
                       _("“%s” is kept by the plan now (or is a vault or the case file): it was not "
                         "destroyed. Make a new plan"), display);
          return NULL;
        }
      runner->resumed = item->state == CD_DESTROY_ITEM_WIPING;
      if (!runner->resumed &&
          !record_item (runner->store, runner->run, item, CD_DESTROY_ITEM_WIPING, NULL, NULL, error))
        return NULL;
      return item;
    }
  return NULL;
}

typedef struct
{
  Runner  *runner;
  guint64  base;
  guint64  size;
} ItemProgress;

static void
item_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  ItemProgress *p = user_data;
  guint64 share = total > 0 ? (guint64) ((double) done / (double) total * (double) p->size) : p->size;

  if (p->runner->progress != NULL)
    p->runner->progress (p->base + share, p->runner->total, p->runner->user_data);
}

typedef struct
{
  char          *path;
  guint64        size;
  gint64         mtime;
  char          *sha256;
  gboolean       resumed;       /* the overwrite may have begun already */
  CdShredOptions options;
  gboolean       gone;          /* resumed, and the name was gone: the overwrite had ended */
  CdShredResult  result;
} Wipe;

/* On any thread: checks the file is the one planned and overwrites it. */
static gboolean
wipe_item (Wipe                *wipe,
           GCancellable        *cancellable,
           CdShredProgressFunc  progress,
           gpointer             user_data,
           GError             **error)
{
  g_autofree char *display = g_filename_display_name (wipe->path);
  GStatBuf st;

  if (g_lstat (wipe->path, &st) != 0)
    {
      if (errno == ENOENT && wipe->resumed)
        {
          wipe->gone = TRUE;
          return TRUE;
        }
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CHANGED,
                   _("“%s” is no longer there since the plan was made: nothing was destroyed from here "
                     "on. Check what happened and make a new plan"), display);
      return FALSE;
    }
  if (!wipe->resumed)
    {
      g_autofree char *sha256 = NULL;
      gint64 mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;

      if (S_ISREG (st.st_mode) && (guint64) st.st_size == wipe->size && mtime == wipe->mtime)
        sha256 = cd_fs_sha256_file (wipe->path, NULL);
      if (sha256 == NULL || !g_str_equal (sha256, wipe->sha256))
        {
          g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CHANGED,
                       _("“%s” changed since the plan was made: it was not destroyed. Check the new "
                         "version and make a new plan"), display);
          return FALSE;
        }
    }
  return cd_shred_file (wipe->path, &wipe->options, &wipe->result, cancellable, progress, user_data, error);
}

static void
wipe_init (Wipe          *wipe,
           Runner        *runner,
           CdDestroyItem *item)
{
  CdDestroyRun *run = runner->run;

  memset (wipe, 0, sizeof *wipe);
  wipe->path = item->path;
  wipe->size = item->size;
  wipe->mtime = item->mtime;
  wipe->sha256 = item->sha256;
  wipe->resumed = runner->resumed;
  wipe->options.passes = run->passes;
  wipe->options.no_verify = !run->verify;
}

/* Records the outcome of one item; returns FALSE (with @error set to the
 * reason) when the run must stop. */
static gboolean
runner_record (Runner        *runner,
               CdDestroyItem *item,
               Wipe          *wipe,
               GError        *wipe_error,
               GError       **error)
{
  runner->done += item->size * runner->run->passes;
  runner->next++;
  if (wipe_error == NULL && wipe->gone)
    {
      CdShredResult result = { item->size, runner->run->passes, FALSE, CD_SHRED_CAVEAT_NONE,
                               CD_SHRED_CATEGORY_NOT_ASSURED };

      return record_item (runner->store, runner->run, item, CD_DESTROY_ITEM_DESTROYED, &result,
                          _("Interrupted after the overwrite: the file was gone when the run continued, "
                            "so its verification is not known"), error);
    }
  if (wipe_error == NULL)
    return record_item (runner->store, runner->run, item, CD_DESTROY_ITEM_DESTROYED, &wipe->result, NULL, error);

  /* A changed file stays pending (nothing was done to it); a cancelled
   * overwrite stays started; a failed one is recorded as such. */
  if (g_error_matches (wipe_error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CHANGED))
    {
      if (!record_item (runner->store, runner->run, item,
                        item->state == CD_DESTROY_ITEM_WIPING && !wipe->resumed ? CD_DESTROY_ITEM_PENDING
                                                                                 : item->state,
                        NULL, wipe_error->message, error))
        return FALSE;
    }
  else if (!g_error_matches (wipe_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (!record_item (runner->store, runner->run, item, CD_DESTROY_ITEM_FAILED, NULL, wipe_error->message, error))
        return FALSE;
    }
  g_propagate_error (error, g_error_copy (wipe_error));
  return FALSE;
}

static gboolean
runner_end (Runner  *runner,
            GError  *stop_error,
            GError **error)
{
  g_autoptr(JsonBuilder) details = cd_store_details_new ();
  guint destroyed = 0;
  guint64 bytes = 0;

  for (guint i = 0; i < runner->run->items->len; i++)
    {
      CdDestroyItem *item = g_ptr_array_index (runner->run->items, i);

      if (item->state == CD_DESTROY_ITEM_DESTROYED)
        {
          destroyed++;
          bytes += item->size;
        }
    }
  json_builder_set_member_name (details, "destroyed");
  json_builder_add_int_value (details, destroyed);
  json_builder_set_member_name (details, "files");
  json_builder_add_int_value (details, runner->run->items->len);
  json_builder_set_member_name (details, "bytes");
  json_builder_add_int_value (details, (gint64) bytes);

  if (stop_error != NULL)
    return set_run_state (runner->store, runner->run, CD_DESTROY_RUN_INTERRUPTED, stop_error->message,
                          "destroy.interrupted", details, error);
  if (!set_run_state (runner->store, runner->run, CD_DESTROY_RUN_COMPLETE, NULL, "destroy.completed",
                      details, error))
    return FALSE;
  /* Sign the log's head now that the proof of destruction is in it. */
  return cd_store_checkpoint_audit (runner->store, NULL, error);
}

static gboolean
runner_stop (Runner  *runner,
             GError  *stop_error,
             GError **error)
{
  g_autoptr(GError) end_error = NULL;

  if (!runner_end (runner, stop_error, &end_error))
    g_warning ("Could not record the interruption of destruction plan %s: %s", runner->run->id,
               end_error->message);
  g_propagate_error (error, stop_error);
  return FALSE;
}

gboolean
cd_destroy_run (CdStore               *store,
                const char            *run_id,
                const char            *operator_name,
                const char            *witness,
                const char            *confirmation,
                GCancellable          *cancellable,
                CdDestroyProgressFunc  progress,
                gpointer               user_data,
                GError               **error)
{
  g_autoptr(Runner) runner = NULL;
  GError *stop_error = NULL;
  CdDestroyItem *item;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);
  g_return_val_if_fail (run_id != NULL, FALSE);

  runner = runner_new (store, run_id, operator_name, witness, confirmation, error);
  if (runner == NULL)
    return FALSE;
  runner->progress = progress;
  runner->user_data = user_data;

  while (TRUE)
    {
      g_autoptr(GError) wipe_error = NULL;
      ItemProgress p;
      Wipe wipe;

      item = runner_next (runner, &stop_error);
      if (item == NULL)
        break;
      wipe_init (&wipe, runner, item);
      p.runner = runner;
      p.base = runner->done;
      p.size = item->size * runner->run->passes;
      wipe_item (&wipe, cancellable, item_progress_cb, &p, &wipe_error);
      if (!runner_record (runner, item, &wipe, wipe_error, &stop_error))
        break;
    }
  if (stop_error != NULL)
    return runner_stop (runner, stop_error, error);
  return runner_end (runner, NULL, error);
}

/* The same, asynchronously: case-file changes on the caller's context,
 * checks and overwrites on a thread. The outer task's data is the runner;
 * each item's thread task carries the outer task. */

typedef struct
{
  Runner        *runner;
  CdDestroyItem *item;
  Wipe           wipe;
  GError        *wipe_error;
  GMainContext  *context;
  GMutex         lock;          /* guards progress_done and progress_pending */
  guint64        progress_done;
  gboolean       progress_pending;
} AsyncRun;

static void
async_run_free (AsyncRun *async)
{
  g_clear_pointer (&async->runner, runner_free);
  g_clear_error (&async->wipe_error);
  g_main_context_unref (async->context);
  g_mutex_clear (&async->lock);
  g_free (async);
}

static void async_step (GTask *task);

static gboolean
progress_idle_cb (gpointer data)
{
  GTask *task = data;
  AsyncRun *async = g_task_get_task_data (task);
  guint64 done;

  g_mutex_lock (&async->lock);
  done = async->progress_done;
  async->progress_pending = FALSE;
  g_mutex_unlock (&async->lock);
  if (!g_task_get_completed (task) && async->runner->progress != NULL)
    async->runner->progress (done, async->runner->total, async->runner->user_data);
  return G_SOURCE_REMOVE;
}

static void
thread_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  GTask *task = user_data;
  AsyncRun *async = g_task_get_task_data (task);
  guint64 size = async->wipe.size * async->runner->run->passes;
  guint64 share = total > 0 ? (guint64) ((double) done / (double) total * (double) size) : size;
  gboolean schedule;

  g_mutex_lock (&async->lock);
  async->progress_done = async->runner->done + share;
  schedule = !async->progress_pending;
  async->progress_pending = TRUE;
  g_mutex_unlock (&async->lock);
  if (schedule)
    g_main_context_invoke_full (async->context, G_PRIORITY_DEFAULT_IDLE, progress_idle_cb,
                                g_object_ref (task), g_object_unref);
}

static void
wipe_thread (GTask        *thread_task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GTask *task = task_data;
  AsyncRun *async = g_task_get_task_data (task);

  wipe_item (&async->wipe, cancellable, thread_progress_cb, task, &async->wipe_error);
  g_task_return_boolean (thread_task, TRUE);
}

static void
async_fail (GTask  *task,
            GError *stop_error)
{
  AsyncRun *async = g_task_get_task_data (task);
  GError *error = NULL;

  runner_stop (async->runner, stop_error, &error);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
wipe_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  AsyncRun *async = g_task_get_task_data (task);
  g_autoptr(GError) wipe_error = g_steal_pointer (&async->wipe_error);
  GError *stop_error = NULL;

  if (!runner_record (async->runner, async->item, &async->wipe, wipe_error, &stop_error))
    {
      async_fail (task, stop_error);
      return;
    }
  async_step (task);
}

/* Takes the caller's reference on @task. */
static void
async_step (GTask *task)
{
  AsyncRun *async = g_task_get_task_data (task);
  g_autoptr(GTask) thread_task = NULL;
  GError *error = NULL;

  async->item = runner_next (async->runner, &error);
  if (error != NULL)
    {
      async_fail (task, error);
      return;
    }
  if (async->item == NULL)
    {
      if (runner_end (async->runner, NULL, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  wipe_init (&async->wipe, async->runner, async->item);
  thread_task = g_task_new (NULL, g_task_get_cancellable (task), wipe_done_cb, task);
  g_task_set_source_tag (thread_task, async_step);
  g_task_set_task_data (thread_task, g_object_ref (task), g_object_unref);
  g_task_run_in_thread (thread_task, wipe_thread);
}

void
cd_destroy_run_async (CdStore               *store,
                      const char            *run_id,
                      const char            *operator_name,
                      const char            *witness,
                      const char            *confirmation,
                      GCancellable          *cancellable,
                      CdDestroyProgressFunc  progress,
                      gpointer               user_data,
                      GAsyncReadyCallback    callback,
                      gpointer               callback_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncRun *async;
  GError *error = NULL;

  g_return_if_fail (CD_IS_STORE (store));
  g_return_if_fail (run_id != NULL);

  task = g_task_new (store, cancellable, callback, callback_data);
  g_task_set_source_tag (task, cd_destroy_run_async);
  async = g_new0 (AsyncRun, 1);
  g_mutex_init (&async->lock);
  async->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, async, (GDestroyNotify) async_run_free);

  async->runner = runner_new (store, run_id, operator_name, witness, confirmation, &error);
  if (async->runner == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  async->runner->progress = progress;
  async->runner->user_data = user_data;
  async_step (g_steal_pointer (&task));
}

gboolean
cd_destroy_run_finish (CdStore       *store,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Vaults whose time is up: checked on the caller's thread, the file
 * overwritten on any thread, the record changed on the caller's. */

typedef struct
{
  char          *vault_id;
  char          *file;
  char          *sha256;
  char          *operator_name;
  char          *witness;
  gboolean       gone;
  CdShredResult  result;
} VaultJob;

static void
vault_job_free (VaultJob *job)
{
  g_free (job->vault_id);
  g_free (job->file);
  g_free (job->sha256);
  g_free (job->operator_name);
  g_free (job->witness);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultJob, vault_job_free)

static VaultJob *
vault_prepare (CdStore     *store,
               const char  *vault_id,
               const char  *operator_name,
               const char  *witness,
               const char  *confirmation,
               GError     **error)
{
  g_autoptr(GPtrArray) vaults = NULL;
  VaultJob *job;
  CdVaultRecord *vault = NULL;
  GDate today;
  GDate until;

  if (!cd_destroy_check_people (store, operator_name, witness, confirmation, error))
    return NULL;
  vaults = cd_store_list_vaults (store, error);
  if (vaults == NULL)
    return NULL;
  for (guint i = 0; i < vaults->len && vault == NULL; i++)
    if (g_str_equal (((CdVaultRecord *) g_ptr_array_index (vaults, i))->id, vault_id))
      vault = g_ptr_array_index (vaults, i);
  if (vault == NULL)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                   _("There is no vault “%s” in this case"), vault_id);
      return NULL;
    }
  if (g_strcmp0 (vault->state, "kept") != 0)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_STATE,
                   _("Vault “%s” was destroyed already"), vault_id);
      return NULL;
    }
  cd_date_set_today (&today);
  if (vault->retain_until == NULL || !cd_retention_date_parse (vault->retain_until, &until) ||
      g_date_compare (&until, &today) >= 0)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_PROTECTED,
                   _("This vault must be kept until %s: it cannot be destroyed before then"),
                   vault->retain_until != NULL ? vault->retain_until : C_("retain until", "further notice"));
      return NULL;
    }
  job = g_new0 (VaultJob, 1);
  job->vault_id = g_strdup (vault->id);
  job->file = g_strdup (vault->file);
  job->sha256 = g_strdup (vault->sha256);
  job->operator_name = g_strstrip (g_strdup (operator_name));
  job->witness = g_strstrip (g_strdup (witness));
  return job;
}

/* The file must be the archive recorded, not whatever has its name now;
 * one already gone is recorded as such. */
static gboolean
vault_wipe (VaultJob      *job,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *display = g_filename_display_name (job->file);
  g_autofree char *sha256 = NULL;
  CdShredOptions options = { 1, FALSE };

  job->gone = !g_file_test (job->file, G_FILE_TEST_EXISTS);
  if (job->gone)
    return TRUE;
  sha256 = cd_fs_sha256_file (job->file, error);
  if (sha256 == NULL)
    return FALSE;
  if (!g_str_equal (sha256, job->sha256))
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_CHANGED,
                   _("“%s” is not the archive the case recorded (its SHA-256 differs): it was not "
                     "destroyed"), display);
      return FALSE;
    }
  return cd_shred_file (job->file, &options, &job->result, cancellable, NULL, NULL, error);
}

static gboolean
vault_record (CdStore   *store,
              VaultJob  *job,
              GError   **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  int rc;

  if (!cd_store_begin (store, error))
    return FALSE;
  update = cd_store_prepare (store, "UPDATE vaults SET state = 'destroyed', destroyed_at = ?2 WHERE id = ?1;",
                             error);
  if (update == NULL)
    goto fail;
  sqlite3_bind_text (update, 1, job->vault_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 2, cd_store_now ());
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      goto fail;
    }
  details = cd_store_details_new ();
  json_builder_set_member_name (details, "sha256");
  json_builder_add_string_value (details, job->sha256);
  json_builder_set_member_name (details, "operator");
  json_builder_add_string_value (details, job->operator_name);
  json_builder_set_member_name (details, "witness");
  json_builder_add_string_value (details, job->witness);
  json_builder_set_member_name (details, "file_found");
  json_builder_add_boolean_value (details, !job->gone);
  if (!job->gone)
    {
      json_builder_set_member_name (details, "passes");
      json_builder_add_int_value (details, job->result.passes);
      json_builder_set_member_name (details, "verified");
      json_builder_add_boolean_value (details, job->result.verified);
      json_builder_set_member_name (details, "category");
      json_builder_add_string_value (details, cd_shred_category_get_id (job->result.category));
    }
  if (!cd_store_append_audit (store, "vault.destroyed", job->vault_id, details, error) ||
      !cd_store_commit (store, error))
    goto fail;
  return cd_store_checkpoint_audit (store, NULL, error);

fail:
  cd_store_rollback (store);
  return FALSE;
}

/**
 * cd_destroy_vault:
 * @result: (out caller-allocates) (optional): the overwrite's outcome
 *   (zero when the file was gone already)
 */
gboolean
cd_destroy_vault (CdStore        *store,
                  const char     *vault_id,
                  const char     *operator_name,
                  const char     *witness,
                  const char     *confirmation,
                  CdShredResult  *result,
                  GCancellable   *cancellable,
                  GError        **error)
{
  g_autoptr(VaultJob) job = NULL;

  g_return_val_if_fail (CD_IS_STORE (store), FALSE);
  g_return_val_if_fail (vault_id != NULL, FALSE);

  job = vault_prepare (store, vault_id, operator_name, witness, confirmation, error);
  if (job == NULL || !vault_wipe (job, cancellable, error) || !vault_record (store, job, error))
    return FALSE;
  if (result != NULL)
    *result = job->result;
  return TRUE;
}

static void
vault_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;

  if (vault_wipe (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
cd_destroy_vault_async (CdStore             *store,
                        const char          *vault_id,
                        const char          *operator_name,
                        const char          *witness,
                        const char          *confirmation,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             callback_data)
{
  g_autoptr(GTask) task = NULL;
  VaultJob *job;
  GError *error = NULL;

  g_return_if_fail (CD_IS_STORE (store));
  g_return_if_fail (vault_id != NULL);

  task = g_task_new (store, cancellable, callback, callback_data);
  g_task_set_source_tag (task, cd_destroy_vault_async);
  job = vault_prepare (store, vault_id, operator_name, witness, confirmation, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) vault_job_free);
  g_task_run_in_thread (task, vault_thread);
}

gboolean
cd_destroy_vault_finish (CdStore        *store,
                         GAsyncResult   *result,
                         CdShredResult  *out_result,
                         GError        **error)
{
  VaultJob *job;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  if (!vault_record (store, job, error))
    return FALSE;
  if (out_result != NULL)
    *out_result = job->result;
  return TRUE;
}

/* Manual destruction records */

static gboolean
check_text (const char  *text,
            gsize        max,
            gboolean     required,
            const char  *what,
            GError     **error)
{
  if ((text == NULL || *text == '\0') && !required)
    return TRUE;
  if (text == NULL || !g_utf8_validate (text, -1, NULL) || strlen (text) > max)
    goto invalid;
  {
    g_autofree char *trimmed = g_strstrip (g_strdup (text));

    if (*trimmed != '\0')
      return TRUE;
  }
invalid:
  g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
               /* Translators: %s names a field (“the description”), %u a size in bytes */
               _("The record needs %s (at most %u bytes of text)"), what, (guint) max);
  return FALSE;
}

static GBytes *
read_certificate (const char  *path,
                  GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *display = g_filename_display_name (path);
  const char *data;
  gsize len;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  data = g_mapped_file_get_contents (mapped);
  len = g_mapped_file_get_length (mapped);
  if (len > CD_MANUAL_MAX_CERTIFICATE)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                   _("“%s” is larger than the %d MiB a certificate may have"), display,
                   CD_MANUAL_MAX_CERTIFICATE / (1024 * 1024));
      return NULL;
    }
  if (len < 8 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                   _("“%s” is not a PDF: attach the wiping tool’s or vendor’s certificate as a PDF"), display);
      return NULL;
    }
  return g_bytes_new (data, len);
}

char *
cd_destroy_add_manual (CdStore                   *store,
                       const CdManualDestruction *record,
                       const char                *certificate_path,
                       GError                   **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autoptr(GBytes) certificate = NULL;
  g_autofree char *id = NULL;
  g_autofree char *operator_name = NULL;
  g_autofree char *witness = NULL;
  g_autofree char *certificate_name = NULL;
  char certificate_sha256[CD_SHA256_HEX_LENGTH + 1] = "";
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  keys = cd_store_require_keys (store, error);
  if (keys == NULL)
    return NULL;
  if (record->kind >= CD_N_MANUAL_KINDS)
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID, _("Unknown kind of destruction"));
      return NULL;
    }
  operator_name = normalize_person (record->operator_name);
  witness = normalize_person (record->witness);
  if (operator_name == NULL || witness == NULL)
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_TWO_PERSON,
                           _("Destruction needs two people: name the operator and the witness"));
      return NULL;
    }
  if (g_str_equal (operator_name, witness))
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_TWO_PERSON,
                           _("The witness must be someone other than the operator"));
      return NULL;
    }
  if (record->performed_on == NULL || !cd_date_is_valid (record->performed_on))
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                           _("The record needs the date of the destruction (YYYY-MM-DD)"));
      return NULL;
    }
  if (!check_text (record->description, MAX_TEXT_BYTES, TRUE, _("a description of what was destroyed"), error) ||
      !check_text (record->method, MAX_NAME_BYTES, TRUE, _("the method"), error) ||
      !check_text (record->serial, MAX_NAME_BYTES, record->kind != CD_MANUAL_PAPER,
                   record->kind == CD_MANUAL_CLOUD ? _("the account closed") : _("the serial number"), error))
    return NULL;
  if (record->kind == CD_MANUAL_PAPER &&
      (record->weight_kg < 0 || record->weight_kg > 1e6 || record->boxes > 1000000))
    {
      g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                           _("The weight and the number of boxes must be plausible"));
      return NULL;
    }
  if (certificate_path != NULL)
    {
      g_autoptr(CdSha256) hash = cd_sha256_new ();

      certificate = read_certificate (certificate_path, error);
      if (certificate == NULL)
        return NULL;
      cd_sha256_update (hash, g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate));
      cd_sha256_finish_hex (hash, certificate_sha256);
      certificate_name = g_path_get_basename (certificate_path);
    }

  id = cd_store_new_id ();
  if (!cd_store_begin (store, error))
    return NULL;
  insert = cd_store_prepare (store,
                             "INSERT INTO manual_destructions (id, created, actor, kind, asset, performed_on,"
                             " operator, witness, description, method, serial, weight_kg, boxes,"
                             " certificate_name, certificate_sha256, certificate)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16);",
                             error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, cd_store_now ());
  sqlite3_bind_text (insert, 3, cd_store_get_actor (store), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 4, manual_kind_ids[record->kind], -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, record->asset_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, record->performed_on, -1, SQLITE_STATIC);
  g_clear_pointer (&operator_name, g_free);
  g_clear_pointer (&witness, g_free);
  operator_name = g_strstrip (g_strdup (record->operator_name));
  witness = g_strstrip (g_strdup (record->witness));
  sqlite3_bind_text (insert, 7, operator_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, witness, -1, SQLITE_STATIC);
  cd_store_bind_sealed (insert, 9, keys, "manual_destructions.description", id, record->description);
  sqlite3_bind_text (insert, 10, record->method, -1, SQLITE_STATIC);
  cd_store_bind_sealed (insert, 11, keys, "manual_destructions.serial", id,
                        record->serial != NULL ? record->serial : "");
  sqlite3_bind_double (insert, 12, record->kind == CD_MANUAL_PAPER ? record->weight_kg : 0);
  sqlite3_bind_int64 (insert, 13, record->kind == CD_MANUAL_PAPER ? record->boxes : 0);
  if (certificate != NULL)
    {
      sqlite3_bind_text (insert, 14, certificate_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 15, certificate_sha256, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (insert, 16, g_bytes_get_data (certificate, NULL), g_bytes_get_size (certificate),
                           SQLITE_STATIC);
    }
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      goto fail;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "kind");
  json_builder_add_string_value (details, manual_kind_ids[record->kind]);
  json_builder_set_member_name (details, "performed_on");
  json_builder_add_string_value (details, record->performed_on);
  json_builder_set_member_name (details, "method");
  json_builder_add_string_value (details, record->method);
  json_builder_set_member_name (details, "operator");
  json_builder_add_string_value (details, operator_name);
  json_builder_set_member_name (details, "witness");
  json_builder_add_string_value (details, witness);
  if (certificate != NULL)
    {
      json_builder_set_member_name (details, "certificate_sha256");
      json_builder_add_string_value (details, certificate_sha256);
    }
  if (!cd_store_append_audit (store, "destroy.manual", id, details, error) || !cd_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  cd_store_rollback (store);
  return NULL;
}

GPtrArray *
cd_destroy_list_manual (CdStore  *store,
                        GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_manual_destruction_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);

  keys = cd_store_require_keys (store, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (store,
                           "SELECT id, created, actor, kind, asset, performed_on, operator, witness, description,"
                           " method, serial, weight_kg, boxes, certificate_name, certificate_sha256,"
                           " length (certificate) FROM manual_destructions ORDER BY performed_on, created, rowid;",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdManualDestruction) record = g_new0 (CdManualDestruction, 1);
      int kind = index_of (manual_kind_ids, G_N_ELEMENTS (manual_kind_ids),
                           (const char *) sqlite3_column_text (stmt, 3));

      record->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      record->created = sqlite3_column_int64 (stmt, 1);
      record->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      record->kind = kind < 0 ? CD_MANUAL_DEVICE : (CdManualKind) kind;
      record->asset_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      record->performed_on = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      record->operator_name = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      record->witness = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      if (!cd_store_column_open (stmt, 8, keys, "manual_destructions.description", record->id,
                                 &record->description, error) ||
          !cd_store_column_open (stmt, 10, keys, "manual_destructions.serial", record->id, &record->serial, error))
        return NULL;
      record->method = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      record->weight_kg = sqlite3_column_double (stmt, 11);
      record->boxes = (guint) sqlite3_column_int64 (stmt, 12);
      record->certificate_name = g_strdup ((const char *) sqlite3_column_text (stmt, 13));
      record->certificate_sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 14));
      record->certificate_size = (guint64) sqlite3_column_int64 (stmt, 15);
      g_ptr_array_add (list, g_steal_pointer (&record));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

GBytes *
cd_destroy_get_certificate (CdStore     *store,
                            const char  *record_id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (store), NULL);
  g_return_val_if_fail (record_id != NULL, NULL);

  if (cd_store_require_keys (store, error) == NULL)
    return NULL;
  stmt = cd_store_prepare (store, "SELECT certificate FROM manual_destructions WHERE id = ?1;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (store, rc, error);
      return NULL;
    }
  g_set_error_literal (error, CD_DESTROY_ERROR, CD_DESTROY_ERROR_INVALID,
                       _("This record has no certificate attached"));
  return NULL;
}
