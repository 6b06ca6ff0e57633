/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-destroy: carrying out the plan's "destroy" decisions, with proof.
 *
 * A destruction plan lists exactly the files that will be overwritten —
 * every regular file below the locations of the assets whose disposition
 * is "destroy" — with each file's size, modification time and SHA-256 at
 * planning time. Running it needs two different people (an operator and a
 * witness) and the case name typed as confirmation; each file is checked
 * again just before it goes (nothing the plan keeps, no vault file, not the
 * case file, nothing changed since the plan), overwritten by cd-shred and
 * recorded in its own transaction, so an interrupted run says exactly which
 * files are gone, and running it again continues where it stopped.
 *
 * What the app cannot touch — paper, devices, cloud accounts — gets a
 * manual destruction record with the same two-person rule; a device's
 * wiping certificate (an nwipe or vendor PDF) is kept in the case. */

#pragma once

#include <gio/gio.h>

#include "cd-shred.h"
#include "cd-store.h"

G_BEGIN_DECLS

#define CD_DESTROY_ERROR (cd_destroy_error_quark ())

typedef enum
{
  CD_DESTROY_ERROR_INVALID,        /* a bad request: no witness, unknown plan, … */
  CD_DESTROY_ERROR_TWO_PERSON,     /* operator and witness are missing or the same person */
  CD_DESTROY_ERROR_CONFIRMATION,   /* the case name was not typed as confirmation */
  CD_DESTROY_ERROR_EMPTY,          /* nothing to destroy */
  CD_DESTROY_ERROR_PROTECTED,      /* a file the plan keeps, a vault, the case itself */
  CD_DESTROY_ERROR_CHANGED,        /* the file changed or went since the plan was made */
  CD_DESTROY_ERROR_STATE,          /* the plan was completed or cancelled already */
} CdDestroyError;

GQuark cd_destroy_error_quark (void);

typedef enum
{
  CD_DESTROY_ITEM_PENDING,
  CD_DESTROY_ITEM_WIPING,          /* started; still so after an interruption */
  CD_DESTROY_ITEM_DESTROYED,
  CD_DESTROY_ITEM_FAILED,          /* the overwrite failed; the file may remain */
} CdDestroyItemState;

typedef enum
{
  CD_DESTROY_RUN_PLANNED,
  CD_DESTROY_RUN_RUNNING,          /* a run is under way (or died without a word) */
  CD_DESTROY_RUN_INTERRUPTED,      /* stopped: cancelled, a failure, a changed file */
  CD_DESTROY_RUN_COMPLETE,
  CD_DESTROY_RUN_CANCELLED,        /* withdrawn: what it destroyed stays recorded */
} CdDestroyRunState;

typedef struct
{
  char               *id;
  guint               seq;         /* order in the plan, from 1 */
  char               *asset_id;    /* whose location it lies under */
  char               *path;        /* absolute */
  guint64             size;        /* at planning time */
  gint64              mtime;       /* µs, at planning time */
  char               *sha256;      /* hex, at planning time */
  CdDestroyItemState  state;
  guint               passes;      /* done, when destroyed */
  gboolean            verified;
  CdShredCategory     category;
  CdShredCaveats      caveats;
  char               *message;     /* why it failed, or how an interruption ended */
  gint64              done_at;
} CdDestroyItem;

typedef struct
{
  char              *id;
  gint64             created;
  char              *actor;
  guint              passes;
  gboolean           verify;
  CdDestroyRunState  state;
  char              *operator_name; /* NULL until run */
  char              *witness;
  gint64             started;
  gint64             finished;
  char              *message;       /* why it stopped */
  GPtrArray         *items;         /* (element-type CdDestroyItem) */
} CdDestroyRun;

/* What planning left out, and why (shown beside the list). */
typedef struct
{
  guint      protected_files;     /* below a location the plan keeps */
  guint      skipped;             /* links, devices, sockets: not overwritten */
  GPtrArray *manual_assets;       /* (element-type CdAsset) destroy assets without
                                   * a file location: need a manual record */
  GPtrArray *missing_assets;      /* (element-type CdAsset) location no longer there */
} CdDestroyPlanNotes;

void           cd_destroy_item_free        (CdDestroyItem       *item);
void           cd_destroy_run_free         (CdDestroyRun        *run);
void           cd_destroy_plan_notes_clear (CdDestroyPlanNotes  *notes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDestroyItem, cd_destroy_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDestroyRun, cd_destroy_run_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CdDestroyPlanNotes, cd_destroy_plan_notes_clear)

const char    *cd_destroy_item_state_to_id  (CdDestroyItemState state);
const char    *cd_destroy_item_state_get_label (CdDestroyItemState state);
const char    *cd_destroy_run_state_to_id   (CdDestroyRunState  state);
const char    *cd_destroy_run_state_get_label (CdDestroyRunState state);

/* Every file below the locations of assets planned to be kept (any
 * disposition but "destroy", undecided included), the case's own files and
 * the vault files still kept: what no destruction may touch. */
GPtrArray     *cd_destroy_protected_paths  (CdStore             *store,
                                            GError             **error);
/* The file locations of the assets whose disposition retains them: what a
 * vault made from the plan holds. */
GPtrArray     *cd_destroy_retained_paths   (CdStore             *store,
                                            GError             **error);

/* Makes and stores a plan from the case's "destroy" assets: hashes every
 * file (this reads them all; @progress gets bytes). */
typedef void (*CdDestroyProgressFunc) (guint64  done,
                                       guint64  total,
                                       gpointer user_data);

CdDestroyRun  *cd_destroy_plan             (CdStore             *store,
                                            const CdShredOptions *options,
                                            CdDestroyPlanNotes  *notes,
                                            GCancellable        *cancellable,
                                            CdDestroyProgressFunc progress,
                                            gpointer             user_data,
                                            GError             **error);
/* The same with the hashing on a worker thread (the case file is read and
 * written on the calling thread); @notes filled when it finishes. */
void           cd_destroy_plan_async       (CdStore             *store,
                                            const CdShredOptions *options,
                                            GCancellable        *cancellable,
                                            CdDestroyProgressFunc progress,
                                            gpointer             user_data,
                                            GAsyncReadyCallback  callback,
                                            gpointer             callback_data);
CdDestroyRun  *cd_destroy_plan_finish      (CdStore             *store,
                                            GAsyncResult        *result,
                                            CdDestroyPlanNotes  *notes,
                                            GError             **error);
CdDestroyRun  *cd_destroy_get_run          (CdStore             *store,
                                            const char          *run_id,
                                            GError             **error);
/* Newest first, with their items. */
GPtrArray     *cd_destroy_list_runs        (CdStore             *store,
                                            GError             **error);
gboolean       cd_destroy_cancel_plan      (CdStore             *store,
                                            const char          *run_id,
                                            GError             **error);

/* Checks the two-person rule and the confirmation (the case name, compared
 * after trimming) without destroying anything. */
gboolean       cd_destroy_check_people     (CdStore             *store,
                                            const char          *operator_name,
                                            const char          *witness,
                                            const char          *confirmation,
                                            GError             **error);

/* Runs (or continues) a plan. Stops at the first file that is protected,
 * changed or fails, leaving the run "interrupted" with the reason; the
 * files already destroyed are recorded one by one. @progress gets bytes
 * overwritten over the plan's pending total. */
gboolean       cd_destroy_run              (CdStore             *store,
                                            const char          *run_id,
                                            const char          *operator_name,
                                            const char          *witness,
                                            const char          *confirmation,
                                            GCancellable        *cancellable,
                                            CdDestroyProgressFunc progress,
                                            gpointer             user_data,
                                            GError             **error);
/* The same, with the overwrites on a worker thread and every case-file
 * change on the calling thread's main context (the GUI). */
void           cd_destroy_run_async        (CdStore             *store,
                                            const char          *run_id,
                                            const char          *operator_name,
                                            const char          *witness,
                                            const char          *confirmation,
                                            GCancellable        *cancellable,
                                            CdDestroyProgressFunc progress,
                                            gpointer             user_data,
                                            GAsyncReadyCallback  callback,
                                            gpointer             callback_data);
gboolean       cd_destroy_run_finish       (CdStore             *store,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Crypto-erase of a retained archive whose time is up: the vault file is
 * overwritten like any other and the record marked destroyed (the case
 * holds no secret key for it: custodians keep theirs). Refused while its
 * retain-until date has not passed. */
gboolean       cd_destroy_vault            (CdStore             *store,
                                            const char          *vault_id,
                                            const char          *operator_name,
                                            const char          *witness,
                                            const char          *confirmation,
                                            CdShredResult       *result,
                                            GCancellable        *cancellable,
                                            GError             **error);

void           cd_destroy_vault_async      (CdStore             *store,
                                            const char          *vault_id,
                                            const char          *operator_name,
                                            const char          *witness,
                                            const char          *confirmation,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             callback_data);
gboolean       cd_destroy_vault_finish     (CdStore             *store,
                                            GAsyncResult        *result,
                                            CdShredResult       *out_result,
                                            GError             **error);

/* Manual destruction records: what the app cannot overwrite itself. */
typedef enum
{
  CD_MANUAL_PAPER,      /* shredded or pulped; method = DIN 66399 level "P-1".."P-7" */
  CD_MANUAL_DEVICE,     /* a disk, phone, recorder; method: overwrite, purge, degauss, shred, … */
  CD_MANUAL_CLOUD,      /* an online account or storage closed; method: the provider */
} CdManualKind;

#define CD_N_MANUAL_KINDS (CD_MANUAL_CLOUD + 1)
#define CD_MANUAL_MAX_CERTIFICATE (32 * 1024 * 1024)

typedef struct
{
  char         *id;
  gint64        created;
  char         *actor;
  CdManualKind  kind;
  char         *asset_id;       /* nullable: the asset it settles */
  char         *performed_on;   /* YYYY-MM-DD */
  char         *operator_name;
  char         *witness;
  char         *description;    /* what was destroyed */
  char         *method;         /* see CdManualKind */
  char         *serial;         /* device serial number, or the closed account */
  double        weight_kg;      /* paper; 0 when not weighed */
  guint         boxes;          /* paper */
  char         *certificate_name;   /* file name of the certificate PDF, or NULL */
  char         *certificate_sha256;
  guint64       certificate_size;
} CdManualDestruction;

void           cd_manual_destruction_free  (CdManualDestruction *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdManualDestruction, cd_manual_destruction_free)

const char    *cd_manual_kind_to_id        (CdManualKind         kind);
const char    *cd_manual_kind_get_label    (CdManualKind         kind);
gboolean       cd_manual_kind_from_string  (const char          *text,
                                            CdManualKind        *out_kind,
                                            GError             **error);
/* "P-1".."P-7" with their DIN 66399 particle sizes, for pickers. */
const char    *cd_paper_level_get_label    (guint                level);

/* @record: id, created, actor and the certificate fields are ignored;
 * @certificate_path: (nullable): a PDF to keep with the record.
 * Returns: the new record's id. */
char          *cd_destroy_add_manual       (CdStore             *store,
                                            const CdManualDestruction *record,
                                            const char          *certificate_path,
                                            GError             **error);
GPtrArray     *cd_destroy_list_manual      (CdStore             *store,
                                            GError             **error);
GBytes        *cd_destroy_get_certificate  (CdStore             *store,
                                            const char          *record_id,
                                            GError             **error);

G_END_DECLS
