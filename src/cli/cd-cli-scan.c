/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli scan: where customers' data sits, file by file.
 *
 * `--format jsonl` is a contract outside tools read — keep it exactly: one
 * JSON object per finding per line,
 *   {"file": "…", "member": "…" or null, "page": N or null, "kind": "…", "masked": "…"}
 * with the kinds' names from cd_detect_kind_get_name (). Identifiers are
 * only ever printed masked. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cd-cli-private.h"

typedef struct
{
  gboolean    jsonl;
  GString    *line;
  CdCliTable *table;
  guint       n_files;
  guint       n_scanned;
  guint       n_review;
  guint       n_failed;
  guint       totals[CD_N_DETECT_KINDS];
} ScanOutput;

/* A JSON string for @text, which may be a file name in any encoding: file
 * names that are not UTF-8 are shown as GLib displays them. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *display = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = display = g_filename_display_name (text);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
on_finding (const CdScanFinding *finding,
            gpointer             user_data)
{
  ScanOutput *output = user_data;
  GString *line = output->line;

  if (!output->jsonl)
    return;

  g_string_truncate (line, 0);
  g_string_append (line, "{\"file\": ");
  append_json_string (line, finding->file);
  g_string_append (line, ", \"member\": ");
  if (finding->member != NULL)
    append_json_string (line, finding->member);
  else
    g_string_append (line, "null");
  if (finding->page > 0)
    g_string_append_printf (line, ", \"page\": %u", finding->page);
  else
    g_string_append (line, ", \"page\": null");
  g_string_append (line, ", \"kind\": ");
  append_json_string (line, cd_detect_kind_get_name (finding->kind));
  g_string_append (line, ", \"masked\": ");
  append_json_string (line, finding->masked);
  g_string_append (line, "}\n");
  fwrite (line->str, 1, line->len, stdout);
}

static const char *
status_label (CdScanFileStatus status)
{
  switch (status)
    {
    case CD_SCAN_FILE_SCANNED:
      /* Translators: a file whose contents were searched */
      return C_("scan status", "scanned");
    case CD_SCAN_FILE_REVIEW:
      /* Translators: a file a person must look at: images, recordings, formats not read */
      return C_("scan status", "review");
    case CD_SCAN_FILE_FAILED:
    default:
      /* Translators: a file that could not be read */
      return C_("scan status", "failed");
    }
}

/* "cn_resident_id 3, cn_mobile 2": only the kinds found. */
static char *
format_counts (const guint counts[CD_N_DETECT_KINDS])
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    {
      if (counts[k] == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s %u", cd_detect_kind_get_name ((CdDetectKind) k), counts[k]);
    }
  return g_string_free (out, FALSE);
}

static void
on_file (const CdScanFileReport *report,
         gpointer                user_data)
{
  ScanOutput *output = user_data;
  g_autofree char *counts = NULL;
  g_autofree char *file = NULL;
  g_autofree char *size = NULL;
  const char *details;

  output->n_files++;
  if (report->status == CD_SCAN_FILE_SCANNED)
    output->n_scanned++;
  else if (report->status == CD_SCAN_FILE_REVIEW)
    output->n_review++;
  else
    output->n_failed++;
  for (guint k = 0; k < CD_N_DETECT_KINDS; k++)
    output->totals[k] += report->counts[k];

  if (output->jsonl)
    {
      /* Files that were not read are said on stderr, so stdout stays findings only. */
      if (report->status != CD_SCAN_FILE_SCANNED)
        {
          g_autofree char *display = g_filename_display_name (report->file);

          g_printerr ("%s: %s: %s\n", status_label (report->status), display,
                      report->reason != NULL ? report->reason : "");
        }
      return;
    }

  counts = format_counts (report->counts);
  file = cd_cli_sanitize (report->file);
  size = cd_cli_format_count (report->size);
  details = report->reason != NULL ? report->reason : counts;
  {
    const char *cells[] = {
      file,
      status_label (report->status),
      report->encoding != NULL ? report->encoding : (report->content_type != NULL ? report->content_type : ""),
      size,
      details,
    };

    cd_cli_table_add_row (output->table, cells);
  }
}

static int
scan (const char  *command,
      int          argc,
      char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *case_path = NULL;
  g_auto(GStrv) roots = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCliTable) table = NULL;
  g_autofree char *scan_number = NULL;
  gint64 scan_id = 0;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *totals = NULL;
  ScanOutput output = { 0, };
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      /* Translators: keep jsonl and summary as they are: they are typed as is */
      N_("Output: summary (a table of files, the default) or jsonl (one JSON object per finding)"),
      N_("FORMAT") },
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("Also record the scan in this case, to turn into assets with “assets from-scan”"),
      N_("FILE") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("PATH…"),
                                _("Search files and folders for customers’ identifiers: resident ID "
                                  "numbers, mobile and landline numbers, bank cards, e-mail "
                                  "addresses, credit codes, passport and permit numbers. Every "
                                  "identifier is checked (check digits, dates, prefixes) and printed "
                                  "masked. Symbolic links are not followed. Images, recordings and "
                                  "formats not read yet are listed for a person to review."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE | CD_CLI_OPT_ACTOR);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status) ||
      !cd_cli_check_args (command, argc, 1, G_MAXINT, &status))
    return status;

  if (format == NULL || g_strcmp0 (format, "summary") == 0)
    output.jsonl = FALSE;
  else if (g_strcmp0 (format, "jsonl") == 0)
    output.jsonl = TRUE;
  else
    return cd_cli_usage_error (command, _("Unknown format “%s”: use summary or jsonl"), format);

  table = cd_cli_table_new (5);
  cd_cli_table_set_column (table, 0, "file", _("File"), FALSE);
  cd_cli_table_set_column (table, 1, "status", _("Status"), FALSE);
  cd_cli_table_set_column (table, 2, "type", _("Type"), FALSE);
  cd_cli_table_set_column (table, 3, "bytes", _("Bytes"), TRUE);
  cd_cli_table_set_column (table, 4, "found", _("Found"), FALSE);
  output.table = table;
  output.line = line;

  if (case_path != NULL)
    {
      store = cd_cli_open_case (case_path, &common, TRUE, &error);
      if (store == NULL)
        return cd_cli_report_error (error);
      /* What the case records must mean the same thing from any folder:
       * a customer's copy reads these files later, and exports must stay
       * out of these roots. */
      roots = g_new0 (char *, argc);
      for (int i = 1; i < argc; i++)
        roots[i - 1] = g_canonicalize_filename (argv[i], NULL);
    }

  if (!cd_scan_paths_full (roots != NULL ? (const char * const *) roots : (const char * const *) argv + 1, NULL,
                           store, on_finding, on_file, &output, NULL, &scan_id, &error))
    return cd_cli_report_error (error);
  scan_number = g_strdup_printf ("%" G_GINT64_FORMAT, scan_id);

  if (output.jsonl)
    {
      if (store != NULL)
        /* Translators: on stderr after a scan recorded with --case */
        g_printerr (_("Recorded in the case as scan %s\n"), scan_number);
      return fflush (stdout) == 0 ? CD_CLI_EXIT_OK : CD_CLI_EXIT_FAILURE;
    }

  cd_cli_table_print (table, FALSE);
  totals = format_counts (output.totals);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u file: ", "%u files: ", output.n_files), output.n_files);
  /* Translators: the end of "12 files: 10 scanned, 1 to review, 1 failed" */
  printf (_("%u scanned, %u to review, %u failed\n"), output.n_scanned, output.n_review, output.n_failed);
  if (totals[0] != '\0')
    /* Translators: e.g. "Found: cn_resident_id 3, cn_mobile 2" (the kind names stay in English) */
    printf (_("Found: %s\n"), totals);
  else
    printf ("%s\n", _("No identifiers found."));
  if (store != NULL)
    printf (_("Recorded in the case as scan %s\n"), scan_number);
  return CD_CLI_EXIT_OK;
}

const CdCliCommand cd_cli_scan_command = {
  "scan", N_("Search files and folders for customers’ identifiers"), scan,
};
