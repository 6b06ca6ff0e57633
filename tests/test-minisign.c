/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the minisign format layer, against the stock `minisign` tool both
 * ways: what we sign it verifies, what it signs we verify, and whatever is
 * tampered with fails in both. Interop tests skip if the tool is missing. */

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "cd-test-util.h"
#include "cd-minisign.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-minisign-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cd_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
write_file (const char *path,
            const void *data,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path,
           gsize      *len)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, len, &error);
  g_assert_no_error (error);
  return text;
}

static CdMinisignKey *
make_key (guint8 seed_byte,
          guint8 id_byte)
{
  g_autoptr(GError) error = NULL;
  guint8 seed[CD_MINISIGN_SEED_BYTES];
  guint8 id[CD_MINISIGN_KEY_ID_BYTES];
  CdMinisignKey *key;

  memset (seed, seed_byte, sizeof seed);
  memset (id, id_byte, sizeof id);
  key = cd_minisign_key_new_from_seed (seed, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  return key;
}

static char *
write_pubkey (Fixture             *f,
              const CdMinisignKey *key,
              const char          *name)
{
  g_autofree char *text = cd_minisign_public_key_file (key, NULL);
  char *path = path_in (f, name);

  write_file (path, text, -1);
  return path;
}

static gboolean
have_minisign (void)
{
  g_autofree char *prog = g_find_program_in_path ("minisign");

  if (prog == NULL)
    {
      g_test_skip ("minisign is not installed");
      return FALSE;
    }
  return TRUE;
}

/* Runs minisign with a NULL-terminated argument list; TRUE if it exits 0. */
static gboolean
minisign (char       **out_stdout,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  int status = 0;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) "minisign");
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL,
                NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("minisign %s…: status %d, stdout: %s, stderr: %s",
                  first, status, out, err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  return g_spawn_check_wait_status (status, NULL);
}

/* A tool-made key pair without password: pub and sec paths. */
static void
tool_keypair (Fixture  *f,
              char    **pub,
              char    **sec)
{
  *pub = path_in (f, "tool.pub");
  *sec = path_in (f, "tool.key");
  g_assert_true (minisign (NULL, "-G", "-f", "-W", "-p", *pub, "-s", *sec, NULL));
}

static CdMinisignPublicKey
parse_pubkey_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_file (path, NULL);
  CdMinisignPublicKey pk;

  cd_minisign_public_key_parse (text, -1, &pk, &error);
  g_assert_no_error (error);
  return pk;
}

/* Verifies @data against @sig with our code; returns the error, if any. */
static GError *
our_verify (const CdMinisignPublicKey *pk,
            const char                *sig,
            gssize                     sig_len,
            const void                *data,
            gsize                      len,
            char                     **out_tc)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  GError *error = NULL;
  gboolean ok;

  ok = cd_minisign_verify_bytes (pk, sig, sig_len, bytes, out_tc, &error);
  g_assert_true (ok == (error == NULL));
  if (error != NULL)
    g_test_message ("our verifier: %s", error->message);
  return error;
}

/* ---- keys ----------------------------------------------------------------- */

static void
test_key_seed_roundtrip (void)
{
  g_autoptr(CdMinisignKey) key = make_key (7, 0);
  g_autoptr(CdMinisignKey) a = NULL;
  g_autoptr(CdMinisignKey) b = NULL;
  g_autoptr(GError) error = NULL;
  guint8 seed[CD_MINISIGN_SEED_BYTES];
  guint8 expect_seed[CD_MINISIGN_SEED_BYTES];
  guint8 pk[crypto_sign_PUBLICKEYBYTES];
  guint8 sk[crypto_sign_SECRETKEYBYTES];
  const guint8 id[CD_MINISIGN_KEY_ID_BYTES] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  CdMinisignPublicKey pub;
  g_autofree char *id_text = cd_minisign_key_id_to_string (id);

  memset (expect_seed, 7, sizeof expect_seed);
  cd_minisign_key_get_seed (key, seed);
  g_assert_cmpmem (seed, sizeof seed, expect_seed, sizeof expect_seed);

  crypto_sign_seed_keypair (pk, sk, expect_seed);
  cd_minisign_key_get_public (key, &pub);
  g_assert_cmpmem (pub.public_key, sizeof pub.public_key, pk, sizeof pk);
  sodium_memzero (sk, sizeof sk);
  sodium_memzero (seed, sizeof seed);

  /* minisign prints ids as a little-endian u64. */
  g_assert_cmpstr (id_text, ==, "0807060504030201");

  a = cd_minisign_key_generate (&error);
  g_assert_no_error (error);
  b = cd_minisign_key_generate (&error);
  g_assert_no_error (error);
  g_assert_false (memcmp (cd_minisign_key_get_id (a), cd_minisign_key_get_id (b),
                          CD_MINISIGN_KEY_ID_BYTES) == 0);

  /* A generated key comes back from its seed and id. */
  {
    g_autoptr(CdMinisignKey) again = NULL;
    g_autofree char *pa = cd_minisign_public_key_base64 (a);
    g_autofree char *pagain = NULL;

    cd_minisign_key_get_seed (a, seed);
    again = cd_minisign_key_new_from_seed (seed, cd_minisign_key_get_id (a), &error);
    g_assert_no_error (error);
    sodium_memzero (seed, sizeof seed);
    pagain = cd_minisign_public_key_base64 (again);
    g_assert_cmpstr (pa, ==, pagain);
  }
}

static void
test_pubkey_matches_tool (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *pub = NULL;
  g_autofree char *sec = NULL;
  g_autofree char *tool_text = NULL;
  g_autofree char *ours = NULL;
  g_auto(GStrv) ours_lines = NULL;
  g_auto(GStrv) tool_lines = NULL;
  const char *prefix = "untrusted comment: minisign public key ";
  CdMinisignPublicKey pk;

  if (!have_minisign ())
    return;

  tool_keypair (f, &pub, &sec);
  pk = parse_pubkey_file (pub);
  tool_text = read_file (pub, NULL);

  /* What minisign writes, including the id in the comment. minisign 0.11
   * prints the id without leading zeros, 0.12 and we pad it to 16 digits:
   * compare the numbers. */
  ours = cd_minisign_public_key_to_file (&pk, NULL);
  ours_lines = g_strsplit (ours, "\n", -1);
  tool_lines = g_strsplit (tool_text, "\n", -1);
  g_assert_cmpuint (g_strv_length (ours_lines), ==, 3);
  g_assert_cmpuint (g_strv_length (tool_lines), ==, 3);
  g_assert_cmpstr (ours_lines[1], ==, tool_lines[1]);
  g_assert_true (g_str_has_prefix (ours_lines[0], prefix));
  g_assert_true (g_str_has_prefix (tool_lines[0], prefix));
  g_assert_cmpuint (strlen (ours_lines[0]), ==, strlen (prefix) + 16);
  g_assert_cmpuint (g_ascii_strtoull (ours_lines[0] + strlen (prefix), NULL, 16), ==,
                    g_ascii_strtoull (tool_lines[0] + strlen (prefix), NULL, 16));
}

static void
test_pubkey_roundtrip (void)
{
  g_autoptr(CdMinisignKey) key = make_key (1, 0xab);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = cd_minisign_public_key_file (key, "Closure Desk case\n“测试”\x01");
  g_autofree char *line = cd_minisign_public_key_base64 (key);
  g_autofree char *line_nl = g_strconcat (line, "\r\n", NULL);
  g_auto(GStrv) lines = g_strsplit (file, "\n", -1);
  CdMinisignPublicKey expect;
  CdMinisignPublicKey pk;

  cd_minisign_key_get_public (key, &expect);

  /* Control characters in the comment are replaced: still two lines. */
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "untrusted comment: Closure Desk case “测试” ");
  g_assert_cmpstr (lines[1], ==, line);
  g_assert_cmpstr (lines[2], ==, "");
  g_assert_cmpuint (strlen (line), ==, 56);

  cd_minisign_public_key_parse (file, -1, &pk, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (&pk, sizeof pk, &expect, sizeof expect);

  memset (&pk, 0, sizeof pk);
  cd_minisign_public_key_parse (line_nl, -1, &pk, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (&pk, sizeof pk, &expect, sizeof expect);
}

static void
expect_bad_pubkey (const char *text,
                   gssize      len,
                   const char *message_part)
{
  g_autoptr(GError) error = NULL;
  CdMinisignPublicKey pk;

  g_assert_false (cd_minisign_public_key_parse (text, len, &pk, &error));
  g_assert_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_KEY);
  g_test_message ("public key refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_pubkey_malformed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CdMinisignKey) key = make_key (1, 0xab);
  g_autofree char *file = cd_minisign_public_key_file (key, NULL);
  g_autofree char *line = cd_minisign_public_key_base64 (key);
  g_autofree char *truncated = g_strndup (file, strlen (file) - 7);
  g_autofree char *short_key = g_strndup (file, strlen (file) - 9);
  g_autofree char *extra = g_strconcat (file, "untrusted comment: second\n", line, "\n", NULL);
  g_autofree char *huge = g_strnfill (1024 * 1024, 'A');
  g_autofree char *no_key = g_strdup ("untrusted comment: nothing follows\n");
  g_autofree char *bad_alg = NULL;
  guint8 blob[42];
  gsize blob_len;
  char b64[64];

  sodium_base642bin (blob, sizeof blob, line, strlen (line), NULL, &blob_len, NULL,
                     sodium_base64_VARIANT_ORIGINAL);
  g_assert_cmpuint (blob_len, ==, 42);
  blob[0] = 'X';
  sodium_bin2base64 (b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
  bad_alg = g_strconcat ("untrusted comment: x\n", b64, "\n", NULL);

  expect_bad_pubkey ("", -1, "empty");
  expect_bad_pubkey (truncated, -1, "base64");
  expect_bad_pubkey (short_key, -1, "wrong length");
  expect_bad_pubkey (bad_alg, -1, "algorithm");
  expect_bad_pubkey (extra, -1, "extra lines");
  expect_bad_pubkey (huge, -1, "too large");
  expect_bad_pubkey (no_key, -1, "truncated");
  expect_bad_pubkey ("untrusted comment: a\x1b[31mred\n", -1, "control characters");
  expect_bad_pubkey (file, 30, "truncated");

  if (have_minisign ())
    {
      g_autofree char *pub = NULL;
      g_autofree char *sec = NULL;
      g_autofree char *sec_text = NULL;

      tool_keypair (f, &pub, &sec);
      sec_text = read_file (sec, NULL);
      expect_bad_pubkey (sec_text, -1, "secret key");
    }
}

/* ---- signing, checked by minisign ----------------------------------------- */

#define AUDIT_COMMENT "Closure Desk audit export 审计 ✓\tcase:demo\tentries:3"

static void
test_sign_tool_verifies (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CdMinisignKey) key = make_key (3, 0x42);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = path_in (f, "LOG.jsonl");
  g_autofree char *sig = path_in (f, "elsewhere.minisig");
  g_autofree char *pub = write_pubkey (f, key, "KEY.pub");
  g_autofree char *pub_line = cd_minisign_public_key_base64 (key);
  g_autofree char *out = NULL;
  g_autofree char *tc = NULL;
  g_autofree char *expect = g_strconcat ("Trusted comment: ", AUDIT_COMMENT, "\n", NULL);
  CdMinisignPublicKey pk;

  cd_minisign_key_get_public (key, &pk);
  write_file (log, "{\"seq\":1}\n{\"seq\":2}\n{\"seq\":3}\n", -1);

  /* LOG.jsonl.minisig beside the file, as `audit export` writes it. */
  cd_minisign_sign_file (key, log, AUDIT_COMMENT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  cd_minisign_sign_file (key, log, AUDIT_COMMENT, "signed by the case key", sig, NULL, &error);
  g_assert_no_error (error);

  cd_minisign_verify_file (&pk, log, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc, ==, AUDIT_COMMENT);

  if (!have_minisign ())
    return;

  g_assert_true (minisign (&out, "-Vm", log, "-p", pub, NULL));
  g_assert_nonnull (strstr (out, expect));
  g_clear_pointer (&out, g_free);

  g_assert_true (minisign (&out, "-V", "-H", "-m", log, "-x", sig, "-P", pub_line, NULL));
  g_assert_nonnull (strstr (out, expect));
}

static void
test_sign_default_comments (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(CdMinisignKey) key = make_key (3, 0x42);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = path_in (f, "report.pdf");
  g_autofree char *sig_path = path_in (f, "report.pdf.minisig");
  g_autofree char *pub = write_pubkey (f, key, "KEY.pub");
  g_autofree char *sig = NULL;
  g_autofree char *tc = NULL;
  g_autofree char *out = NULL;
  CdMinisignPublicKey pk;

  cd_minisign_key_get_public (key, &pk);
  write_file (file, "%PDF-1.7\n", -1);
  cd_minisign_sign_file (key, file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  sig = read_file (sig_path, NULL);
  g_assert_true (g_str_has_prefix (sig, "untrusted comment: signature from minisign secret key\n"));
  cd_minisign_verify_file (&pk, file, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (tc, "timestamp:"));
  g_assert_true (g_str_has_suffix (tc, "\tfile:report.pdf\thashed"));

  if (have_minisign ())
    g_assert_true (minisign (&out, "-Vm", file, "-p", pub, NULL));
}

static void
test_sign_deterministic (void)
{
  g_autoptr(CdMinisignKey) key = make_key (5, 0x11);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("head:abc", 8);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autofree char *a = cd_minisign_sign_bytes (key, bytes, "t", "u", &error);
  g_autofree char *b = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  b = cd_minisign_sign_stream (key, stream, "t", "u", NULL, &error);
  g_assert_no_error (error);

  /* Ed25519 is deterministic: the same input, the same signature. */
  g_assert_cmpstr (a, ==, b);
  lines = g_strsplit (a, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_cmpstr (lines[0], ==, "untrusted comment: u");
  g_assert_cmpuint (strlen (lines[1]), ==, 100);
  g_assert_true (g_str_has_prefix (lines[1], "RUQR"));   /* "ED" ‖ 0x11… */
  g_assert_cmpstr (lines[2], ==, "trusted comment: t");
  g_assert_cmpuint (strlen (lines[3]), ==, 88);
}

/* ---- tampering ------------------------------------------------------------ */

typedef struct
{
  CdMinisignKey       *key;
  CdMinisignPublicKey  pk;
  char                *file;
  char                *sig;
  char                *pub;
} Signed;

static void
signed_setup (Fixture *f,
              Signed  *s)
{
  g_autoptr(GError) error = NULL;

  s->key = make_key (9, 0x5a);
  cd_minisign_key_get_public (s->key, &s->pk);
  s->file = path_in (f, "LOG.jsonl");
  s->sig = g_strconcat (s->file, ".minisig", NULL);
  s->pub = write_pubkey (f, s->key, "KEY.pub");
  write_file (s->file, "{\"seq\":1,\"action\":\"case.create\"}\n", -1);
  cd_minisign_sign_file (s->key, s->file, "head:0123abcd", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
signed_clear (Signed *s)
{
  cd_minisign_key_free (s->key);
  g_free (s->file);
  g_free (s->sig);
  g_free (s->pub);
}

static void
assert_both_reject (Signed     *s,
                    gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tc = NULL;

  g_assert_false (cd_minisign_verify_file (&s->pk, s->file, NULL, &tc, NULL, &error));
  g_assert_error (error, CD_MINISIGN_ERROR, code);
  g_assert_null (tc);
  g_test_message ("our verifier: %s", error->message);

  if (have_minisign ())
    g_assert_false (minisign (NULL, "-Vm", s->file, "-p", s->pub, NULL));
}

static void
test_verify_tampered_file (Fixture       *f,
                           gconstpointer  data)
{
  Signed s;

  signed_setup (f, &s);
  write_file (s.file, "{\"seq\":1,\"action\":\"case.creatE\"}\n", -1);
  assert_both_reject (&s, CD_MINISIGN_ERROR_BAD_SIGNATURE);
  signed_clear (&s);
}

static void
test_verify_tampered_comment (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *text = NULL;
  char *p;
  Signed s;

  signed_setup (f, &s);
  text = read_file (s.sig, NULL);
  p = strstr (text, "head:0123abcd");
  g_assert_nonnull (p);
  p[5] = '9';
  write_file (s.sig, text, -1);
  assert_both_reject (&s, CD_MINISIGN_ERROR_BAD_TRUSTED_COMMENT_SIGNATURE);
  signed_clear (&s);
}

static void
test_verify_tampered_global (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *joined = NULL;
  Signed s;

  signed_setup (f, &s);
  text = read_file (s.sig, NULL);
  lines = g_strsplit (text, "\n", -1);
  lines[3][10] = lines[3][10] == 'A' ? 'B' : 'A';
  joined = g_strjoinv ("\n", lines);
  write_file (s.sig, joined, -1);
  assert_both_reject (&s, CD_MINISIGN_ERROR_BAD_TRUSTED_COMMENT_SIGNATURE);
  signed_clear (&s);
}

static void
test_verify_other_key (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CdMinisignKey) other = make_key (10, 0x77);
  g_autoptr(CdMinisignKey) same_id = make_key (11, 0x5a);
  g_autoptr(GError) error = NULL;
  Signed s;

  signed_setup (f, &s);

  /* Another key with its own id: refused on the id, naming both. */
  cd_minisign_sign_file (other, s.file, "head:0123abcd", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_both_reject (&s, CD_MINISIGN_ERROR_KEY_MISMATCH);
  {
    g_autoptr(GError) e = NULL;

    cd_minisign_verify_file (&s.pk, s.file, NULL, NULL, NULL, &e);
    g_assert_nonnull (strstr (e->message, "7777777777777777"));
    g_assert_nonnull (strstr (e->message, "5A5A5A5A5A5A5A5A"));
  }

  /* Another key that claims our id: refused on the signature. */
  cd_minisign_sign_file (same_id, s.file, "head:0123abcd", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_both_reject (&s, CD_MINISIGN_ERROR_BAD_SIGNATURE);

  signed_clear (&s);
}

/* ---- signatures made by minisign ------------------------------------------ */

static void
test_verify_tool_signed (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *pub = NULL;
  g_autofree char *sec = NULL;
  g_autofree char *file = path_in (f, "report.pdf");
  g_autofree char *sig_path = path_in (f, "report.pdf.minisig");
  g_autofree char *sig = NULL;
  g_autofree char *tc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdMinisignKey) ours = make_key (1, 1);
  CdMinisignPublicKey ours_pk;
  CdMinisignPublicKey pk;
  const char *content = "%PDF-1.7 not really\n";

  if (!have_minisign ())
    return;

  tool_keypair (f, &pub, &sec);
  pk = parse_pubkey_file (pub);
  cd_minisign_key_get_public (ours, &ours_pk);
  write_file (file, content, -1);

  /* Prehashed, with a trusted comment. */
  g_assert_true (minisign (NULL, "-S", "-s", sec, "-m", file, "-t", "报告 report v1", NULL));
  cd_minisign_verify_file (&pk, file, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc, ==, "报告 report v1");
  g_clear_pointer (&tc, g_free);

  /* With a key id that is not ours. */
  sig = read_file (sig_path, NULL);
  error = our_verify (&ours_pk, sig, -1, content, strlen (content), NULL);
  g_assert_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_KEY_MISMATCH);
  g_clear_error (&error);
  g_clear_pointer (&sig, g_free);

  /* minisign's default trusted comment (with tabs). */
  g_assert_true (minisign (NULL, "-S", "-s", sec, "-m", file, NULL));
  cd_minisign_verify_file (&pk, file, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (tc, "timestamp:"));
  g_assert_nonnull (strstr (tc, "\tfile:report.pdf"));
  g_clear_pointer (&tc, g_free);

  /* Legacy ("Ed", not prehashed). */
  g_assert_true (minisign (NULL, "-S", "-l", "-s", sec, "-m", file, "-t", "legacy", NULL));
  sig = read_file (sig_path, NULL);
  g_assert_true (g_str_has_prefix (strchr (sig, '\n') + 1, "RW"));   /* "Ed" */
  cd_minisign_verify_file (&pk, file, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc, ==, "legacy");

  error = our_verify (&pk, sig, -1, "%PDF-1.7 not reallY\n", strlen (content), NULL);
  g_assert_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_BAD_SIGNATURE);
}

static void
test_verify_crlf (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = NULL;
  g_autofree char *crlf = NULL;
  g_autofree char *tc = NULL;
  g_autofree char *pub_text = NULL;
  g_autofree char *pub_crlf = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  CdMinisignPublicKey pk;
  Signed s;

  signed_setup (f, &s);

  /* A signature that went through a Windows editor or mail. */
  text = read_file (s.sig, NULL);
  lines = g_strsplit (text, "\n", -1);
  crlf = g_strjoinv ("\r\n", lines);
  write_file (s.sig, crlf, -1);
  cd_minisign_verify_file (&s.pk, s.file, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc, ==, "head:0123abcd");

  /* No final newline either. */
  crlf[strlen (crlf) - 2] = '\0';
  write_file (s.sig, crlf, -1);
  cd_minisign_verify_file (&s.pk, s.file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  pub_text = read_file (s.pub, NULL);
  g_strfreev (lines);
  lines = g_strsplit (pub_text, "\n", -1);
  pub_crlf = g_strjoinv ("\r\n", lines);
  cd_minisign_public_key_parse (pub_crlf, -1, &pk, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (&pk, sizeof pk, &s.pk, sizeof s.pk);

  signed_clear (&s);
}

/* ---- malformed signatures ------------------------------------------------- */

static char *
replace_line (const char *text,
              guint       n,
              const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_free (lines[n]);
  lines[n] = g_strdup (line);
  return g_strjoinv ("\n", lines);
}

static void
expect_bad_sig (Signed     *s,
                const char *sig,
                gssize      len,
                const char *message_part)
{
  static const char content[] = "{\"seq\":1,\"action\":\"case.create\"}\n";
  g_autoptr(GError) error = our_verify (&s->pk, sig, len, content, strlen (content), NULL);

  g_assert_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_verify_malformed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *huge = g_strnfill (1024 * 1024, 'A');
  g_autofree char *huge_path = path_in (f, "huge.minisig");
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint8 blob[74];
  gsize blob_len;
  char b64[128];
  Signed s;

  signed_setup (f, &s);
  good = read_file (s.sig, NULL);
  lines = g_strsplit (good, "\n", -1);
  g_assert_null (our_verify (&s.pk, good, -1, "{\"seq\":1,\"action\":\"case.create\"}\n",
                             strlen ("{\"seq\":1,\"action\":\"case.create\"}\n"), NULL));

  expect_bad_sig (&s, "", -1, "empty");
  expect_bad_sig (&s, "trusted comment: x\n", -1, "untrusted comment:");

  /* Truncated base64, at several places. */
  {
    g_autofree char *cut = g_strndup (lines[1], 60);
    g_autofree char *t = replace_line (good, 1, cut);
    g_autofree char *t2 = g_strndup (good, strlen (good) - 20);
    g_autofree char *t3 = g_strndup (good, strlen (lines[0]) + 1 + 50);
    g_autofree char *t4 = g_strndup (good, strlen (lines[0]) + strlen (lines[1]) + 2);

    expect_bad_sig (&s, t, -1, "base64");
    expect_bad_sig (&s, t2, -1, "base64");
    expect_bad_sig (&s, t3, -1, "base64");
    expect_bad_sig (&s, t4, -1, "trusted comment is missing");
    write_file (s.sig, t, -1);
    if (have_minisign ())
      g_assert_false (minisign (NULL, "-Vm", s.file, "-p", s.pub, NULL));
  }

  /* Wrong algorithm. */
  {
    g_autofree char *t = NULL;

    sodium_base642bin (blob, sizeof blob, lines[1], strlen (lines[1]), NULL, &blob_len, NULL,
                       sodium_base64_VARIANT_ORIGINAL);
    g_assert_cmpuint (blob_len, ==, 74);
    memcpy (blob, "EX", 2);
    sodium_bin2base64 (b64, sizeof b64, blob, sizeof blob, sodium_base64_VARIANT_ORIGINAL);
    t = replace_line (good, 1, b64);
    expect_bad_sig (&s, t, -1, "algorithm");
    write_file (s.sig, t, -1);
    if (have_minisign ())
      g_assert_false (minisign (NULL, "-Vm", s.file, "-p", s.pub, NULL));
  }

  /* Extra lines (minisign ignores them; we refuse). */
  {
    g_autofree char *t = g_strconcat (good, "trusted comment: I approve\n", NULL);
    g_autofree char *t2 = g_strconcat (good, "\n", NULL);

    expect_bad_sig (&s, t, -1, "extra lines");
    expect_bad_sig (&s, t2, -1, "extra lines");
  }

  /* Base64 with stray spaces or a missing pad. */
  {
    g_autofree char *sp = g_strconcat (lines[1], " ", NULL);
    g_autofree char *t = replace_line (good, 1, sp);
    g_autofree char *nopad = g_strndup (lines[3], strlen (lines[3]) - 2);
    g_autofree char *t2 = replace_line (good, 3, nopad);

    expect_bad_sig (&s, t, -1, "base64");
    expect_bad_sig (&s, t2, -1, "base64");
  }

  /* Comments that are not a printable line. */
  {
    g_autofree char *t = replace_line (good, 2, "trusted comment: head:01\x01" "23");
    g_autofree char *t2 = replace_line (good, 2, "trusted comment: head:01\xff" "23");
    g_autofree char *t3 = replace_line (good, 2, "head:0123abcd");
    g_autofree char *t4 = replace_line (good, 0, "untrusted comment: a\rb");
    g_autofree char *t5 = replace_line (good, 0, "untrusted comment: \x1b]0;pwned\x07");

    expect_bad_sig (&s, t, -1, "control characters");
    expect_bad_sig (&s, t2, -1, "control characters");
    expect_bad_sig (&s, t3, -1, "trusted comment:");
    expect_bad_sig (&s, t4, -1, "single line");
    expect_bad_sig (&s, t5, -1, "control characters");
  }

  /* A NUL byte inside. */
  {
    g_autofree char *t = g_strdup (good);

    t[strlen (lines[0]) + 5] = '\0';
    expect_bad_sig (&s, t, strlen (good), "base64");
  }

  /* Huge input: refused without reading it all. */
  expect_bad_sig (&s, huge, -1, "too large");
  write_file (huge_path, huge, -1);
  g_assert_false (cd_minisign_verify_file (&s.pk, s.file, huge_path, NULL, NULL, &error));
  g_assert_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_SIGNATURE);
  g_clear_error (&error);

  /* Missing files are I/O errors. */
  {
    g_autofree char *nowhere = path_in (f, "missing.jsonl");

    g_assert_false (cd_minisign_verify_file (&s.pk, nowhere, s.sig, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_false (cd_minisign_verify_file (&s.pk, nowhere, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }

  signed_clear (&s);
}

/* ---- comments on signing -------------------------------------------------- */

static void
expect_bad_comment (const CdMinisignKey *key,
                    const char          *trusted,
                    const char          *untrusted,
                    const char          *message_part)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *sig = cd_minisign_sign_bytes (key, bytes, trusted, untrusted, &error);

  g_assert_null (sig);
  g_assert_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_INVALID_COMMENT);
  g_test_message ("comment refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_sign_comment_limits (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CdMinisignKey) key = make_key (2, 2);
  g_autoptr(GError) error = NULL;
  g_autofree char *long_tc = g_strnfill (CD_MINISIGN_TRUSTED_COMMENT_MAX, 't');
  g_autofree char *too_long_tc = g_strnfill (CD_MINISIGN_TRUSTED_COMMENT_MAX + 1, 't');
  g_autofree char *long_uc = g_strnfill (CD_MINISIGN_UNTRUSTED_COMMENT_MAX, 'u');
  g_autofree char *too_long_uc = g_strnfill (CD_MINISIGN_UNTRUSTED_COMMENT_MAX + 1, 'u');
  g_autofree char *file = path_in (f, "data");
  g_autofree char *pub = write_pubkey (f, key, "KEY.pub");
  g_autofree char *out = NULL;
  g_autofree char *tc = NULL;
  CdMinisignPublicKey pk;

  expect_bad_comment (key, "two\nlines", NULL, "single line");
  expect_bad_comment (key, "carriage\rreturn", NULL, "single line");
  expect_bad_comment (key, "bell\a", NULL, "control characters");
  expect_bad_comment (key, "del\x7f", NULL, "control characters");
  expect_bad_comment (key, "c1\xc2\x85", NULL, "control characters");
  expect_bad_comment (key, "latin1 \xe9t\xe9", NULL, "not valid UTF-8");
  expect_bad_comment (key, too_long_tc, NULL, "too long");
  expect_bad_comment (key, "ok", "two\nlines", "untrusted comment must be a single line");
  expect_bad_comment (key, "ok", too_long_uc, "too long");

  /* The longest comments minisign itself accepts. */
  cd_minisign_key_get_public (key, &pk);
  write_file (file, "data", -1);
  cd_minisign_sign_file (key, file, long_tc, long_uc, NULL, NULL, &error);
  g_assert_no_error (error);
  cd_minisign_verify_file (&pk, file, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc, ==, long_tc);
  if (have_minisign ())
    {
      g_assert_true (minisign (&out, "-Vm", file, "-p", pub, NULL));
      g_assert_nonnull (strstr (out, long_tc));
    }
}

/* ---- sizes ---------------------------------------------------------------- */

static void
sign_and_check_size (Fixture *f,
                     gsize    size)
{
  g_autoptr(CdMinisignKey) key = make_key (4, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = path_in (f, "payload.bin");
  g_autofree char *pub = write_pubkey (f, key, "KEY.pub");
  g_autofree guint8 *data = g_malloc (size + 1);
  g_autofree char *tc = NULL;
  CdMinisignPublicKey pk;
  gsize i;
  guint32 x = 2463534242u;

  for (i = 0; i < size; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (guint8) x;
    }
  write_file (file, data, size);
  cd_minisign_key_get_public (key, &pk);

  cd_minisign_sign_file (key, file, "size test", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  cd_minisign_verify_file (&pk, file, NULL, &tc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc, ==, "size test");
  if (have_minisign ())
    g_assert_true (minisign (NULL, "-Vm", file, "-p", pub, NULL));

  if (size > 0)
    {
      data[size / 2] ^= 0x01;
      write_file (file, data, size);
      g_assert_false (cd_minisign_verify_file (&pk, file, NULL, NULL, NULL, &error));
      g_assert_error (error, CD_MINISIGN_ERROR, CD_MINISIGN_ERROR_BAD_SIGNATURE);
    }
}

static void
test_sign_empty (Fixture       *f,
                 gconstpointer  data)
{
  sign_and_check_size (f, 0);
}

static void
test_sign_large (Fixture       *f,
                 gconstpointer  data)
{
  sign_and_check_size (f, 8 * 1024 * 1024 + 17);
}

static void
test_cancelled (void)
{
  g_autoptr(CdMinisignKey) key = make_key (4, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *sig = NULL;

  g_cancellable_cancel (cancellable);
  sig = cd_minisign_sign_stream (key, stream, "t", NULL, cancellable, &error);
  g_assert_null (sig);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/minisign/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/minisign/key/seed-roundtrip", test_key_seed_roundtrip);
  ADD ("key/public-file-matches-tool", test_pubkey_matches_tool);
  g_test_add_func ("/minisign/key/public-roundtrip", test_pubkey_roundtrip);
  ADD ("key/public-malformed", test_pubkey_malformed);
  ADD ("sign/tool-verifies", test_sign_tool_verifies);
  ADD ("sign/default-comments", test_sign_default_comments);
  g_test_add_func ("/minisign/sign/deterministic", test_sign_deterministic);
  ADD ("sign/comment-limits", test_sign_comment_limits);
  ADD ("sign/empty-file", test_sign_empty);
  ADD ("sign/large-file", test_sign_large);
  g_test_add_func ("/minisign/sign/cancelled", test_cancelled);
  ADD ("verify/tampered-file", test_verify_tampered_file);
  ADD ("verify/tampered-trusted-comment", test_verify_tampered_comment);
  ADD ("verify/tampered-comment-signature", test_verify_tampered_global);
  ADD ("verify/other-key", test_verify_other_key);
  ADD ("verify/tool-signed", test_verify_tool_signed);
  ADD ("verify/crlf", test_verify_crlf);
  ADD ("verify/malformed", test_verify_malformed);

#undef ADD

  return g_test_run ();
}
