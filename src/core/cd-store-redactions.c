/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Redactions performed (issue 7): each verified redacted copy is recorded
 * in the case with its SHA-256 and its counts, so the disposal report can
 * say what was redacted, when and by whom, and a copy can be checked
 * against it later. Paths are sealed (file names carry customers' names);
 * the audit entry has the id and the counts only. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cd-fs.h"
#include "cd-store-private.h"

void
cd_redaction_free (CdRedaction *redaction)
{
  if (redaction == NULL)
    return;
  g_free (redaction->id);
  g_free (redaction->actor);
  g_free (redaction->input);
  g_free (redaction->output);
  g_free (redaction->output_sha256);
  g_free (redaction);
}

static char *
absolute (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return g_file_get_path (file);
}

static char *
kinds_to_json (const guint kinds[CD_N_DETECT_KINDS])
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    if (kinds[k] > 0)
      {
        json_builder_set_member_name (builder, cd_detect_kind_get_name ((CdDetectKind) k));
        json_builder_add_int_value (builder, kinds[k]);
      }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
kinds_from_json (const char *json,
                 guint       kinds[CD_N_DETECT_KINDS])
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;

  memset (kinds, 0, sizeof (guint) * CD_N_DETECT_KINDS);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    {
      const char *name = cd_detect_kind_get_name ((CdDetectKind) k);

      if (json_object_has_member (object, name))
        kinds[k] = (guint) CLAMP (json_object_get_int_member (object, name), 0, G_MAXUINT);
    }
}

/**
 * cd_store_add_redaction:
 * @input: the original PDF
 * @output: the verified redacted copy (hashed now)
 * @result: the counts of the redaction
 *
 * Records a redaction performed, with its audit entry, in one transaction.
 *
 * Returns: (transfer full): the new record's id, or %NULL with @error set
 */
char *
cd_store_add_redaction (CdStore              *self,
                        const char           *input,
                        const char           *output,
                        const CdRedactResult *result,
                        GError              **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(JsonBuilder) details = NULL;
  g_autofree char *id = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *input_path = NULL;
  g_autofree char *output_path = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);
  g_return_val_if_fail (input != NULL && output != NULL && result != NULL, NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  if (!result->verified)
    {
      g_set_error_literal (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                           _("Only a verified redaction can be recorded"));
      return NULL;
    }
  sha256 = cd_fs_sha256_file (output, error);
  if (sha256 == NULL)
    return NULL;
  input_path = absolute (input);
  output_path = absolute (output);
  kinds = kinds_to_json (result->kinds);
  id = cd_store_new_id ();

  if (!cd_store_begin (self, error))
    return NULL;
  insert = cd_store_prepare (self,
                             "INSERT INTO redactions (id, created, actor, input, output, output_sha256,"
                             " output_size, pages, rasterized, boxes, annotations, excluded, kinds)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13);", error);
  if (insert == NULL)
    goto fail;
  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, cd_store_now ());
  sqlite3_bind_text (insert, 3, cd_store_get_actor (self), -1, SQLITE_TRANSIENT);
  cd_store_bind_sealed (insert, 4, keys, "redactions.input", id, input_path);
  cd_store_bind_sealed (insert, 5, keys, "redactions.output", id, output_path);
  sqlite3_bind_text (insert, 6, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 7, (sqlite3_int64) result->output_size);
  sqlite3_bind_int64 (insert, 8, result->n_pages);
  sqlite3_bind_int64 (insert, 9, result->n_rasterized);
  sqlite3_bind_int64 (insert, 10, result->n_boxes);
  sqlite3_bind_int64 (insert, 11, result->n_annotations);
  sqlite3_bind_int64 (insert, 12, result->n_excluded);
  sqlite3_bind_text (insert, 13, kinds, -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      goto fail;
    }

  details = cd_store_details_new ();
  json_builder_set_member_name (details, "sha256");
  json_builder_add_string_value (details, sha256);
  json_builder_set_member_name (details, "pages");
  json_builder_add_int_value (details, result->n_pages);
  json_builder_set_member_name (details, "rasterized");
  json_builder_add_int_value (details, result->n_rasterized);
  json_builder_set_member_name (details, "boxes");
  json_builder_add_int_value (details, result->n_boxes);
  json_builder_set_member_name (details, "excluded");
  json_builder_add_int_value (details, result->n_excluded);
  json_builder_set_member_name (details, "verified");
  json_builder_add_boolean_value (details, TRUE);
  if (!cd_store_append_audit (self, "redaction.recorded", id, details, error) ||
      !cd_store_commit (self, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  cd_store_rollback (self);
  return NULL;
}

/**
 * cd_store_list_redactions:
 *
 * Returns: (transfer container) (element-type CdRedaction): the redactions
 * recorded, oldest first, or %NULL with @error set
 */
GPtrArray *
cd_store_list_redactions (CdStore  *self,
                          GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_redaction_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CdKeys *keys;
  int rc;

  g_return_val_if_fail (CD_IS_STORE (self), NULL);

  keys = cd_store_require_keys (self, error);
  if (keys == NULL)
    return NULL;
  stmt = cd_store_prepare (self,
                           "SELECT id, created, actor, input, output, output_sha256, output_size, pages,"
                           " rasterized, boxes, annotations, excluded, kinds"
                           " FROM redactions ORDER BY created, rowid;", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CdRedaction) redaction = g_new0 (CdRedaction, 1);

      redaction->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      redaction->created = sqlite3_column_int64 (stmt, 1);
      redaction->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      if (!cd_store_column_open (stmt, 3, keys, "redactions.input", redaction->id, &redaction->input, error) ||
          !cd_store_column_open (stmt, 4, keys, "redactions.output", redaction->id, &redaction->output, error))
        return NULL;
      redaction->output_sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      redaction->output_size = (guint64) sqlite3_column_int64 (stmt, 6);
      redaction->pages = (guint) sqlite3_column_int64 (stmt, 7);
      redaction->rasterized = (guint) sqlite3_column_int64 (stmt, 8);
      redaction->boxes = (guint) sqlite3_column_int64 (stmt, 9);
      redaction->annotations = (guint) sqlite3_column_int64 (stmt, 10);
      redaction->excluded = (guint) sqlite3_column_int64 (stmt, 11);
      kinds_from_json ((const char *) sqlite3_column_text (stmt, 12), redaction->kinds);
      g_ptr_array_add (list, g_steal_pointer (&redaction));
    }
  if (rc != SQLITE_DONE)
    {
      cd_store_sqlite_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
