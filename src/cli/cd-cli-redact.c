/* SPDX-License-Identifier: GPL-3.0-or-later */
/* closure-desk-cli redact: removes identifiers from PDFs for good.
 *
 * The command line is a contract outside tools rely on — keep it exactly:
 *   redact --auto IN.pdf -o OUT.pdf             every detected identifier, verified
 *   redact --boxes FILE.json IN.pdf -o OUT.pdf  boxes by hand (with --auto too)
 *   redact --dpi N …                            resolution of redacted pages (200)
 *   redact --auto --dir IN_DIR -o OUT_DIR       every *.pdf of IN_DIR, same names
 *   redact … --case CASE                        also record each copy in the case
 * One line per document on stdout,
 *   IN → OUT: N pages (R rasterized, V kept as text), B boxes, verified
 * failures on stderr; exit status 0, 1 if any document failed (verification
 * failures included: the output is then removed), 2 on a usage error.
 * Each document is redacted in a closure-desk-redact-worker process. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-cli-private.h"

static gboolean
is_pdf_name (const char *name)
{
  gsize len = strlen (name);

  return len > 4 && g_ascii_strcasecmp (name + len - 4, ".pdf") == 0 && name[0] != '.';
}

static int
redact_one (const char            *input,
            const char            *output,
            const CdRedactRequest *base,
            CdStore               *store)
{
  CdRedactRequest request = *base;
  CdRedactResult result;
  g_autoptr(GError) error = NULL;
  g_autofree char *in_name = cd_cli_sanitize (input);
  g_autofree char *out_name = cd_cli_sanitize (output);

  request.input = input;
  request.output = output;
  if (!cd_redact_run_contained (&request, &result, NULL, NULL, NULL, &error))
    {
      if (g_error_matches (error, CD_REDACT_ERROR, CD_REDACT_ERROR_ENCRYPTED))
        /* Translators: %s is a file name; keep --password-file as it is */
        g_printerr ("%s: %s: %s\n", CD_CLI_NAME, in_name,
                    _("encrypted: give --password-file FILE"));
      else
        g_printerr ("%s: %s: %s\n", CD_CLI_NAME, in_name, error->message);
      return CD_CLI_EXIT_FAILURE;
    }

  {
    g_autofree char *pages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages",
                                                           result.n_pages), result.n_pages);
    g_autofree char *boxes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u box", "%u boxes",
                                                           result.n_boxes), result.n_boxes);

    /* Translators: "in.pdf → out.pdf: 12 pages (2 rasterized, 10 kept as text), 3 boxes, verified" */
    printf (_("%s → %s: %s (%u rasterized, %u kept as text), %s, verified\n"),
            in_name, out_name, pages, result.n_rasterized, result.n_vector, boxes);
    fflush (stdout);
  }
  if (store != NULL)
    {
      g_autofree char *id = cd_store_add_redaction (store, input, output, &result, &error);

      if (id == NULL)
        {
          /* Translators: %s is a file name; the redacted copy itself was written */
          g_printerr (_("%s: %s: written, but not recorded in the case: %s\n"), CD_CLI_NAME, out_name,
                      error->message);
          return CD_CLI_EXIT_FAILURE;
        }
    }
  return CD_CLI_EXIT_OK;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
redact_dir (const char            *command,
            const char            *in_dir,
            const char            *out_dir,
            const CdRedactRequest *base,
            CdStore               *store)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint failed = 0;

  if (!g_file_test (in_dir, G_FILE_TEST_IS_DIR))
    return cd_cli_usage_error (command, _("--dir needs a folder"));
  if (g_mkdir_with_parents (out_dir, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *display = cd_cli_sanitize (out_dir);

      return cd_cli_fail (_("%s: could not be created: %s"), display, g_strerror (saved));
    }
  {
    GStatBuf a, b;

    /* Same names in the same folder would replace the originals. */
    if (g_stat (in_dir, &a) == 0 && g_stat (out_dir, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
      return cd_cli_usage_error (command, _("The output folder must not be the input folder"));
  }

  dir = g_dir_open (in_dir, 0, &error);
  if (dir == NULL)
    return cd_cli_fail ("%s", error->message);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (in_dir, name, NULL);

      if (is_pdf_name (name) && g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
          !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    {
      g_autofree char *display = cd_cli_sanitize (in_dir);

      /* Translators: %s is a folder */
      g_printerr (_("No PDF files in %s\n"), display);
      return CD_CLI_EXIT_OK;
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *input = g_build_filename (in_dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *output = g_build_filename (out_dir, g_ptr_array_index (names, i), NULL);

      if (redact_one (input, output, base, store) != CD_CLI_EXIT_OK)
        failed++;
    }

  if (failed > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u of %u PDF files failed\n",
                               "%s: %u of %u PDF files failed\n", names->len),
                  CD_CLI_NAME, failed, names->len);
      return CD_CLI_EXIT_FAILURE;
    }
  return CD_CLI_EXIT_OK;
}

static int
redact (const char  *command,
        int          argc,
        char       **argv)
{
  g_auto(CdCliCommon) common = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *boxes_path = NULL;
  g_autofree char *boxes_json = NULL;
  g_autofree char *output = NULL;
  g_autofree char *in_dir = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *case_path = NULL;
  g_autoptr(CdStore) store = NULL;
  g_autoptr(CdCliSecret) password = NULL;
  gsize boxes_len = 0;
  gboolean auto_detect = FALSE;
  int dpi = CD_REDACT_DEFAULT_DPI;
  CdRedactRequest request = { 0, };
  const GOptionEntry entries[] = {
    { "auto", 0, 0, G_OPTION_ARG_NONE, &auto_detect,
      N_("Redact every identifier found (resident ID, phone, bank card, e-mail, credit code, "
         "passport and permit numbers)"), NULL },
    { "boxes", 0, 0, G_OPTION_ARG_FILENAME, &boxes_path,
      N_("Also redact the areas listed in FILE (JSON, as described above)"), N_("FILE") },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi,
      N_("Resolution of the redacted pages, 36 to 600 dots per inch (default 200)"), N_("N") },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &in_dir,
      N_("Redact every PDF in this folder (not its subfolders) into the folder given with -o"),
      N_("DIR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The redacted PDF (with --dir: the folder for them)"), N_("PATH") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read the password of an encrypted PDF from the first line of FILE"), N_("FILE") },
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &case_path,
      N_("Record each redacted copy (its SHA-256 and counts) in this case, for the report"),
      N_("CASE") },
    { NULL }
  };
  int status;

  context = cd_cli_context_new (_("[IN.pdf]"),
                                _("Write a copy of a PDF with identifiers removed for good. Pages with "
                                  "redactions become images with the areas painted black; the other "
                                  "pages keep their text. The copy has none of the original’s "
                                  "metadata, notes, form fields, attachments or bookmarks. It is "
                                  "opened again and searched for every redacted string (with or "
                                  "without spaces and dashes): if one is found, the copy is removed "
                                  "and the command fails.\n\n"
                                  "Boxes file: {\"boxes\": [{\"page\": 1, \"x\": 72.0, \"y\": 100.0, "
                                  "\"width\": 120.0, \"height\": 14.0}]}: pages count from 1; x, y, "
                                  "width and height are in points (1/72 inch) from the top-left "
                                  "corner of the page as it is displayed; at most 100,000 boxes."),
                                entries, &common, CD_CLI_OPT_PASSPHRASE);
  if (!cd_cli_parse (context, command, &common, &argc, &argv, &status))
    return status;

  if (!auto_detect && boxes_path == NULL)
    return cd_cli_usage_error (command, _("Nothing to redact: give --auto, --boxes FILE or both"));
  if (output == NULL)
    return cd_cli_usage_error (command, _("Missing -o OUT: where the redacted PDF goes"));
  if (dpi < CD_REDACT_MIN_DPI || dpi > CD_REDACT_MAX_DPI)
    return cd_cli_usage_error (command, _("--dpi must be between %u and %u"),
                               (guint) CD_REDACT_MIN_DPI, (guint) CD_REDACT_MAX_DPI);
  if (in_dir != NULL)
    {
      if (!cd_cli_check_args (command, argc, 0, 0, &status))
        return status;
      if (boxes_path != NULL)
        return cd_cli_usage_error (command, _("--boxes names pages of one PDF: it cannot be used with --dir"));
    }
  else if (!cd_cli_check_args (command, argc, 1, 1, &status))
    return status;

  if (boxes_path != NULL)
    {
      if (!g_file_get_contents (boxes_path, &boxes_json, &boxes_len, &error))
        return cd_cli_fail ("%s", error->message);
      if (!cd_redact_validate_boxes_json (boxes_json, boxes_len, &error))
        return cd_cli_usage_error (command, "%s", error->message);
    }
  if (case_path != NULL)
    {
      store = cd_cli_open_case (case_path, &common, TRUE, &error);
      if (store == NULL)
        return cd_cli_report_error (error);
    }
  if (password_file != NULL)
    {
      password = cd_cli_read_secret_file (password_file, &error);
      if (password == NULL)
        return cd_cli_fail ("%s", error->message);
    }

  request.password = password;
  request.auto_detect = auto_detect;
  request.boxes_json = boxes_json;
  request.boxes_json_len = boxes_len;
  request.dpi = (guint) dpi;

  if (in_dir != NULL)
    status = redact_dir (command, in_dir, output, &request, store);
  else if (g_file_test (output, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *base = g_path_get_basename (argv[1]);
      g_autofree char *path = g_build_filename (output, base, NULL);

      status = redact_one (argv[1], path, &request, store);
    }
  else
    status = redact_one (argv[1], output, &request, store);

  return status;
}

const CdCliCommand cd_cli_redact_command = {
  "redact", N_("Write a copy of a PDF with identifiers removed for good"), redact,
};
