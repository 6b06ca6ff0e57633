/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the age v1 format layer: keys, round trips, interoperability
 * with the stock age tool (both ways, keys and passphrases, the latter
 * through a pseudo-terminal), tampering, truncation, trailing data and
 * hostile headers. */

#include "config.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "cd-test-util.h"
#include "cd-age.h"

#define CHUNK 65536
/* The writer seals full chunks a batch at a time (BATCH_CHUNKS in
 * cd-age.c), on a thread of its own when there is more than one
 * processor. */
#define BATCH (16 * CHUNK)
#define TEST_LOG_N 10
#define TEST_PASSPHRASE "correct horse battery staple"

/* Made with age-keygen; the vector was encrypted to it with age 1.1.1. */
#define VECTOR_IDENTITY  "AGE-SECRET-KEY-1RYHWVL6WQJFM2MGGC83J58XVC5JARKXX88N5RQG8FJLZSS7RJALSRFY2M9"
#define VECTOR_RECIPIENT "age1nhanaj5sxrvtd806v8y7gflfsacmj9dhklgwh00djvhsqz2mu9zqag65cd"
#define VECTOR_PLAIN     "Closure Desk test vector\n"
#define VECTOR_FILE \
  "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBBS2ZDV3A4bnMxQlRIc1pKaGFkL3gva01p" \
  "VGF0QnZjN3d4KzRyaHpNTEE4CkFOa1IrV05NWEF5bm1kYU9aM2RibmFQMkJLaDJBR0J4REQ4Wmdm" \
  "eW53OVEKLS0tIER0TDVhRGlEYjFDVkdNQXcrRVl6Z0p6SUZNVlRYZzhxc0sxYzFia0pHd3cK8L5J" \
  "Pz56W+1mjXVCU54Hcm915oZkzBiFOOiHm0g0gSIGcZuZyUHPYTZvNnuXQN/6mb5SL8mT1YLY"

/* ------------------------------------------------------------------ */
/* Helpers                                                            */

static GBytes *
make_plain (gsize   len,
            guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) g_rand_int (rand);
  return g_bytes_new_take (data, len);
}

/* Encrypts @plain, handing it to the writer in pieces of @piece bytes. */
static GBytes *
encrypt_bytes (GBytes             *plain,
               const char * const *recipients,
               const char         *passphrase,
               gsize               piece)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CdAgeWriter) writer = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);

  writer = cd_age_writer_new (out, recipients, passphrase, TEST_LOG_N, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < len; i += piece)
    {
      cd_age_writer_write (writer, data + i, MIN (piece, len - i), NULL, &error);
      g_assert_no_error (error);
    }
  cd_age_writer_finish (writer, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* Decrypts @file; what the reader returned before any error goes to
 * @out_plain. */
static gboolean
decrypt_data (const guint8       *file,
              gsize               file_len,
              const char * const *identities,
              const char         *passphrase,
              guint               max_log_n,
              GByteArray        **out_plain,
              GError            **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (file, (gssize) file_len, NULL);
  g_autoptr(CdAgeReader) reader = NULL;
  g_autoptr(GByteArray) plain = g_byte_array_new ();
  guint8 buf[10007];
  gssize n = -1;

  reader = cd_age_reader_new (in, identities, passphrase, max_log_n, NULL, error);
  if (reader != NULL)
    {
      while ((n = cd_age_reader_read (reader, buf, sizeof buf, NULL, error)) > 0)
        g_byte_array_append (plain, buf, (guint) n);
      if (n == 0)
        {
          /* The end is sticky. */
          g_assert_cmpint (cd_age_reader_read (reader, buf, sizeof buf, NULL, NULL), ==, 0);
        }
    }
  if (out_plain != NULL)
    *out_plain = g_steal_pointer (&plain);
  return reader != NULL && n == 0;
}

static gboolean
decrypt_bytes (GBytes             *file,
               const char * const *identities,
               const char         *passphrase,
               GByteArray        **out_plain,
               GError            **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (file, &len);

  return decrypt_data (data, len, identities, passphrase, 0, out_plain, error);
}

static void
assert_plain_equal (GByteArray *got,
                    GBytes     *want)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (want, &len);

  g_assert_cmpmem (got->data, got->len, data, len);
}

/* Whatever a failed decryption returned is a prefix of the plaintext. */
static void
assert_plain_prefix (GByteArray *got,
                     GBytes     *want)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (want, &len);

  g_assert_cmpuint (got->len, <=, len);
  /* Nothing may have come out at all (got->data is NULL then). */
  g_assert_true (got->len == 0 || memcmp (got->data, data, got->len) == 0);
}

typedef struct
{
  char *identity;
  char *recipient;
} KeyPair;

static void
key_pair_init (KeyPair *kp)
{
  kp->identity = cd_age_identity_generate (&kp->recipient);
  g_assert_nonnull (kp->identity);
}

static void
key_pair_clear (KeyPair *kp)
{
  cd_crypto_secure_free (kp->identity);
  g_free (kp->recipient);
}

static char *
find_age (const char *name)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_test_skip ("the age tool is not installed");
  return path;
}

static void
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s", argv[0], err);
}

static void
write_file (const char *path,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}


/* Limits the calling thread to one processor, so that a writer seals
 * everything on the caller's thread (it follows the affinity); undo with
 * processors_restore(). FALSE, with a message, where that cannot be
 * done. */
static gboolean
processors_limit_to_one (cpu_set_t *saved)
{
  cpu_set_t one;

  if (sched_getaffinity (0, sizeof *saved, saved) != 0)
    {
      g_test_message ("cannot read the CPU affinity: %s", g_strerror (errno));
      return FALSE;
    }
  CPU_ZERO (&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET (cpu, saved))
      {
        CPU_SET (cpu, &one);
        break;
      }
  if (sched_setaffinity (0, sizeof one, &one) != 0)
    {
      g_test_message ("cannot set the CPU affinity: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static void
processors_restore (const cpu_set_t *saved)
{
  g_assert_cmpint (sched_setaffinity (0, sizeof *saved, saved), ==, 0);
}


/* ------------------------------------------------------------------ */
/* Keys                                                               */

static void
test_keys_vector (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *again = NULL;
  guint8 pk[CD_AGE_KEY_BYTES];
  guint8 sk[CD_AGE_KEY_BYTES];

  recipient = cd_age_identity_to_recipient (VECTOR_IDENTITY, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (recipient, ==, VECTOR_RECIPIENT);

  g_assert_true (cd_age_recipient_parse (VECTOR_RECIPIENT, pk, &error));
  g_assert_no_error (error);
  again = cd_age_recipient_from_key (pk);
  g_assert_cmpstr (again, ==, VECTOR_RECIPIENT);
  g_assert_true (cd_age_identity_parse (VECTOR_IDENTITY, sk, &error));
  g_assert_no_error (error);
  sodium_memzero (sk, sizeof sk);
}

static void
test_keys_generate (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *derived = NULL;
  KeyPair a, b;

  key_pair_init (&a);
  key_pair_init (&b);
  g_assert_true (g_str_has_prefix (a.identity, "AGE-SECRET-KEY-1"));
  g_assert_cmpuint (strlen (a.identity), ==, 74);
  g_assert_true (g_str_has_prefix (a.recipient, "age1"));
  g_assert_cmpuint (strlen (a.recipient), ==, 62);
  g_assert_cmpstr (a.identity, !=, b.identity);

  derived = cd_age_identity_to_recipient (a.identity, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (derived, ==, a.recipient);

  key_pair_clear (&a);
  key_pair_clear (&b);
}

static void
test_keys_invalid (void)
{
  const char *bad_recipients[] = {
    "",
    "age1",
    /* One character changed: checksum fails. */
    "age1nhanaj5sxrvtd806v8y7gflfsacmj9dhklgwh00djvhsqz2mu9zqag65ce",
    /* Mixed case. */
    "age1nhanaj5sxrvtd806v8y7gflfsacmj9dhklgwh00djvhsqz2mu9zqag65cD",
    /* Upper case recipients are not what age writes or accepts. */
    "AGE1NHANAJ5SXRVTD806V8Y7GFLFSACMJ9DHKLGWH00DJVHSQZ2MU9ZQAG65CD",
    /* A character outside the Bech32 alphabet ('b'). */
    "age1nhanaj5sxrvtd806v8y7gflfsacmj9dhklgwh00djvhsqz2mu9zqag65bd",
    /* Truncated. */
    "age1nhanaj5sxrvtd806v8y7gflfsacmj9dhklgwh00djvhsqz2mu9zqag65c",
    " age1nhanaj5sxrvtd806v8y7gflfsacmj9dhklgwh00djvhsqz2mu9zqag65cd",
    VECTOR_IDENTITY,
  };
  const char *bad_identities[] = {
    "",
    "AGE-SECRET-KEY-1RYHWVL6WQJFM2MGGC83J58XVC5JARKXX88N5RQG8FJLZSS7RJALSRFY2M8",
    "age-secret-key-1ryhwvl6wqjfm2mggc83j58xvc5jarkxx88n5rqg8fjlzss7rjalsrfy2m9",
    "AGE-SECRET-KEY-1RYHWVL6WQJFM2MGGC83J58XVC5JARKXX88N5RQG8FJLZSS7RJALSRFY2M",
    VECTOR_RECIPIENT,
  };
  guint8 key[CD_AGE_KEY_BYTES];

  for (guint i = 0; i < G_N_ELEMENTS (bad_recipients); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cd_age_recipient_parse (bad_recipients[i], key, &error));
      g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_identities); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cd_age_identity_parse (bad_identities[i], key, &error));
      g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);
      /* No secret in the message. */
      g_assert_null (strstr (error->message, "RYHWVL6"));
    }
}

static void
test_keys_identity_file (void)
{
  g_autoptr(GError) error = NULL;
  KeyPair a, b;
  g_autofree char *contents = NULL;
  char **ids;

  key_pair_init (&a);
  key_pair_init (&b);
  contents = g_strdup_printf ("# created: 2026-01-01T00:00:00Z\n"
                              "# public key: %s\n"
                              "%s\n"
                              "\n"
                              "# public key: %s\r\n"
                              "  %s  \r\n",
                              a.recipient, a.identity, b.recipient, b.identity);
  ids = cd_age_identities_parse (contents, strlen (contents), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, a.identity);
  g_assert_cmpstr (ids[1], ==, b.identity);
  cd_age_identities_free (ids);
  sodium_memzero (contents, strlen (contents));

  /* Only comments: no key. */
  ids = cd_age_identities_parse ("# nothing\n\n", 11, &error);
  g_assert_null (ids);
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);
  g_clear_error (&error);

  /* A public key where a secret key belongs: the line is named. */
  g_free (contents);
  contents = g_strdup_printf ("# comment\n%s\n%s\n", a.identity, a.recipient);
  ids = cd_age_identities_parse (contents, strlen (contents), &error);
  g_assert_null (ids);
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);
  g_assert_nonnull (strstr (error->message, "3"));

  key_pair_clear (&a);
  key_pair_clear (&b);
}

/* ------------------------------------------------------------------ */
/* Round trips                                                        */

static void
test_roundtrip_sizes (void)
{
  const gsize sizes[] = { 0, 1, 65535, 65536, 65537, 3 * 65536, 1024 * 1024 + 12345 };
  const gsize pieces[] = { 1000, 65536, G_MAXSIZE };
  KeyPair kp;

  key_pair_init (&kp);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (pieces); j++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) plain = make_plain (sizes[i], i);
        g_autoptr(GBytes) file = NULL;
        g_autoptr(GByteArray) got = NULL;
        const char *recipients[] = { kp.recipient, NULL };
        const char *identities[] = { kp.identity, NULL };
        gsize n_chunks = sizes[i] == 0 ? 1 : (sizes[i] + CHUNK - 1) / CHUNK;
        gsize header_len;

        if (pieces[j] == 1000 && sizes[i] > 3 * 65536)
          continue;
        file = encrypt_bytes (plain, recipients, NULL, MIN (pieces[j], MAX (sizes[i], 1)));
        /* Header, nonce, plaintext and one tag per chunk, nothing else. */
        header_len = g_bytes_get_size (file) - 16 - sizes[i] - 16 * n_chunks;
        g_assert_cmpuint (header_len, <, 256);
        g_assert_true (memcmp (g_bytes_get_data (file, NULL), "age-encryption.org/v1\n-> X25519 ", 32) == 0);

        g_assert_true (decrypt_bytes (file, identities, NULL, &got, &error));
        g_assert_no_error (error);
        assert_plain_equal (got, plain);
      }
  key_pair_clear (&kp);
}

static void
test_roundtrip_recipients (void)
{
  g_autoptr(GBytes) plain = make_plain (100000, 7);
  g_autoptr(GBytes) file = NULL;
  KeyPair kp[3], other;
  const char *recipients[4];

  for (guint i = 0; i < 3; i++)
    {
      key_pair_init (&kp[i]);
      recipients[i] = kp[i].recipient;
    }
  recipients[3] = NULL;
  key_pair_init (&other);
  file = encrypt_bytes (plain, recipients, NULL, 4096);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) got = NULL;
      /* The matching key among others that do not match. */
      const char *identities[] = { other.identity, kp[i].identity, NULL };

      g_assert_true (decrypt_bytes (file, identities, NULL, &got, &error));
      g_assert_no_error (error);
      assert_plain_equal (got, plain);
    }

  for (guint i = 0; i < 3; i++)
    key_pair_clear (&kp[i]);
  key_pair_clear (&other);
}

static void
test_roundtrip_passphrase (void)
{
  g_autoptr(GBytes) plain = make_plain (70000, 8);
  g_autoptr(GBytes) file = encrypt_bytes (plain, NULL, TEST_PASSPHRASE, 70000);
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GError) error = NULL;
  const char *data = g_bytes_get_data (file, NULL);

  g_assert_true (g_str_has_prefix (data, "age-encryption.org/v1\n-> scrypt "));
  g_assert_true (decrypt_bytes (file, NULL, TEST_PASSPHRASE, &got, &error));
  g_assert_no_error (error);
  assert_plain_equal (got, plain);
}

static void
test_roundtrip_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cd-age-XXXXXX", &error);
  g_autofree char *in = g_build_filename (dir, "in", NULL);
  g_autofree char *enc = g_build_filename (dir, "in.age", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr(GBytes) plain = make_plain (200000, 9);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree guint8 *damaged = NULL;
  KeyPair kp;
  const char *recipients[2] = { NULL, NULL };
  const char *identities[2] = { NULL, NULL };
  gsize len;

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  identities[0] = kp.identity;
  write_file (in, plain);

  g_assert_true (cd_age_encrypt_file (in, enc, recipients, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cd_age_decrypt_file (enc, out, identities, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  got = read_file (out);
  g_assert_true (g_bytes_equal (got, plain));
  g_remove (out);

  /* Damage in the last chunk: no output file at all. */
  file = read_file (enc);
  g_bytes_get_data (file, &len);
  damaged = g_memdup2 (g_bytes_get_data (file, NULL), len);
  damaged[len - 5] ^= 0x40;
  g_file_set_contents (enc, (const char *) damaged, (gssize) len, &error);
  g_assert_no_error (error);
  g_assert_false (cd_age_decrypt_file (enc, out, identities, NULL, 0, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_DAMAGED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  key_pair_clear (&kp);
  cd_test_rm_rf (dir);
}

static void
test_roundtrip_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(CdAgeWriter) writer = NULL;
  KeyPair kp;
  const char *recipients[2] = { NULL, NULL };
  guint8 byte = 0;

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  writer = cd_age_writer_new (out, recipients, NULL, 0, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (cd_age_writer_finish (writer, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* A failed writer stays failed. */
  g_assert_false (cd_age_writer_write (writer, &byte, 1, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  key_pair_clear (&kp);
}

/* Sizes around chunks and batches, given to the writer in pieces like
 * libarchive's, odd ones and all at once; sealed on the writer's thread
 * and then on the caller's alone. Our reader and age -d both open them. */
static void
test_roundtrip_batches (void)
{
  const gsize sizes[] = { 0, 1, CHUNK - 1, CHUNK, CHUNK + 1, BATCH - 1, BATCH, BATCH + 1,
                          2 * BATCH, 2 * BATCH + CHUNK, 5 * BATCH + 4321, 7 * BATCH };
  const gsize pieces[] = { 10240, 3 * CHUNK + 7, G_MAXSIZE };
  g_autoptr(GError) error = NULL;
  g_autofree char *age = g_find_program_in_path ("age");
  g_autofree char *dir = g_dir_make_tmp ("cd-age-XXXXXX", &error);
  g_autofree char *key_path = g_build_filename (dir, "key.txt", NULL);
  g_autofree char *file_path = g_build_filename (dir, "file.age", NULL);
  g_autofree char *out_path = g_build_filename (dir, "out", NULL);
  g_autofree char *key_text = NULL;
  const char *recipients[2] = { NULL, NULL };
  const char *identities[2] = { NULL, NULL };
  KeyPair kp;

  g_assert_no_error (error);
  if (age == NULL)
    g_test_message ("the age tool is not installed: only our reader checks");
  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  identities[0] = kp.identity;
  key_text = g_strdup_printf ("%s\n", kp.identity);
  g_file_set_contents (key_path, key_text, -1, &error);
  g_assert_no_error (error);

  for (guint mode = 0; mode < 2; mode++)
    {
      cpu_set_t saved;

      if (mode == 1 && !processors_limit_to_one (&saved))
        break;
      for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        {
          g_autoptr(GBytes) plain = make_plain (sizes[i], 100 + i);
          gsize n_chunks = sizes[i] == 0 ? 1 : (sizes[i] + CHUNK - 1) / CHUNK;

          for (guint j = 0; j < G_N_ELEMENTS (pieces); j++)
            {
              g_autoptr(GBytes) file = NULL;
              g_autoptr(GByteArray) got = NULL;
              gsize header_len;

              file = encrypt_bytes (plain, recipients, NULL, MIN (pieces[j], MAX (sizes[i], 1)));
              /* Header, nonce, plaintext and one tag per chunk. */
              header_len = g_bytes_get_size (file) - 16 - sizes[i] - 16 * n_chunks;
              g_assert_cmpuint (header_len, <, 256);

              g_assert_true (decrypt_bytes (file, identities, NULL, &got, &error));
              g_assert_no_error (error);
              assert_plain_equal (got, plain);

              if (age != NULL && j == 0)
                {
                  g_autoptr(GBytes) theirs = NULL;
                  const char *argv[] = { age, "-d", "-i", key_path, "-o", out_path, file_path, NULL };

                  write_file (file_path, file);
                  run_tool (argv);
                  /* age creates its output on the first write: not for no data. */
                  if (sizes[i] == 0 && !g_file_test (out_path, G_FILE_TEST_EXISTS))
                    theirs = g_bytes_new (NULL, 0);
                  else
                    theirs = read_file (out_path);
                  g_assert_true (g_bytes_equal (theirs, plain));
                  g_remove (out_path);
                }
            }
        }
      if (mode == 1)
        processors_restore (&saved);
    }

  key_pair_clear (&kp);
  cd_test_rm_rf (dir);
}

/* ------------------------------------------------------------------ */
/* Wrong keys                                                         */

static void
test_errors_wrong_key (void)
{
  g_autoptr(GBytes) plain = make_plain (1000, 10);
  g_autoptr(GBytes) by_key = NULL;
  g_autoptr(GBytes) by_pass = NULL;
  KeyPair kp, other;
  const char *recipients[2] = { NULL, NULL };
  const char *wrong_ids[2] = { NULL, NULL };
  const char *bad_ids[] = { "AGE-SECRET-KEY-1XYZ", NULL };
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  GError *error = NULL;

  key_pair_init (&kp);
  key_pair_init (&other);
  recipients[0] = kp.recipient;
  wrong_ids[0] = other.identity;
  by_key = encrypt_bytes (plain, recipients, NULL, 1000);
  by_pass = encrypt_bytes (plain, NULL, TEST_PASSPHRASE, 1000);

  g_assert_false (decrypt_bytes (by_key, wrong_ids, NULL, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_NO_IDENTITY_MATCHED);
  g_clear_error (&error);
  g_assert_false (decrypt_bytes (by_key, NULL, TEST_PASSPHRASE, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_NO_IDENTITY_MATCHED);
  g_clear_error (&error);
  g_assert_false (decrypt_bytes (by_key, bad_ids, NULL, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);
  g_clear_error (&error);

  g_assert_false (decrypt_bytes (by_pass, NULL, "correct horse battery stapler", &got, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_WRONG_PASSPHRASE);
  g_assert_cmpuint (got->len, ==, 0);
  g_clear_error (&error);
  g_assert_false (decrypt_bytes (by_pass, wrong_ids, NULL, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_PASSPHRASE_REQUIRED);
  g_clear_error (&error);

  /* Writer input errors. */
  g_assert_null (cd_age_writer_new (out, NULL, "", 0, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);
  g_clear_error (&error);
  g_assert_null (cd_age_writer_new (out, wrong_ids, NULL, 0, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_INVALID_KEY);
  g_clear_error (&error);
  /* Keys and a passphrase together are not a valid age file. */
  g_assert_null (cd_age_writer_new (out, recipients, TEST_PASSPHRASE, TEST_LOG_N, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (cd_age_writer_new (out, NULL, NULL, 0, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_FAILED);
  g_clear_error (&error);

  key_pair_clear (&kp);
  key_pair_clear (&other);
}

/* The output fails (a full disk) or the caller cancels while batches are
 * at the sealer: the error comes back, sticks, and freeing the writer
 * neither hangs nor leaks; on the writer's thread and on the caller's. */
static void
test_errors_no_space (void)
{
  const gsize limits[] = { 100, BATCH / 2, 2 * BATCH + 1000, 4 * BATCH };
  g_autoptr(GBytes) plain = make_plain (6 * BATCH, 11);
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);
  const char *recipients[2] = { NULL, NULL };
  KeyPair kp;

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  for (guint mode = 0; mode < 2; mode++)
    {
      cpu_set_t saved;

      if (mode == 1 && !processors_limit_to_one (&saved))
        break;
      for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GOutputStream) out = g_memory_output_stream_new (g_malloc (limits[i]), limits[i],
                                                                      NULL, g_free);
          g_autoptr(CdAgeWriter) writer = cd_age_writer_new (out, recipients, NULL, 0, &error);
          gboolean ok = TRUE;

          g_assert_no_error (error);
          for (gsize at = 0; ok && at < len; at += 10240)
            ok = cd_age_writer_write (writer, data + at, MIN (10240, len - at), NULL, &error);
          if (ok)
            ok = cd_age_writer_finish (writer, NULL, &error);
          g_assert_false (ok);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
          g_clear_error (&error);
          g_assert_false (cd_age_writer_finish (writer, NULL, &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
        }

      /* Cancelled with a full batch waiting: the next one to go out stops. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
        g_autoptr(CdAgeWriter) writer = cd_age_writer_new (out, recipients, NULL, 0, &error);

        g_assert_no_error (error);
        g_assert_true (cd_age_writer_write (writer, data, 3 * BATCH, cancellable, &error));
        g_assert_no_error (error);
        g_cancellable_cancel (cancellable);
        g_assert_false (cd_age_writer_write (writer, data, BATCH + 1, cancellable, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_clear_error (&error);
        g_assert_false (cd_age_writer_finish (writer, NULL, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      }
      if (mode == 1)
        processors_restore (&saved);
    }
  key_pair_clear (&kp);
}

/* ------------------------------------------------------------------ */
/* Interoperability with age                                          */

static void
test_interop_vector (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = NULL;
  gsize len;
  g_autofree guint8 *file = g_base64_decode (VECTOR_FILE, &len);
  const char *identities[] = { VECTOR_IDENTITY, NULL };

  g_assert_true (decrypt_data (file, len, identities, NULL, 0, &got, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (got->data, got->len, VECTOR_PLAIN, strlen (VECTOR_PLAIN));
}

static void
test_interop_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *age = find_age ("age");
  g_autofree char *keygen = find_age ("age-keygen");
  g_autofree char *dir = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *key_text = NULL;
  const gsize sizes[] = { 0, 65536, 200000 };
  char **ids;
  const char *recipients[2] = { NULL, NULL };

  if (age == NULL || keygen == NULL)
    return;

  dir = g_dir_make_tmp ("cd-age-XXXXXX", &error);
  g_assert_no_error (error);
  key_path = g_build_filename (dir, "key.txt", NULL);
  {
    const char *argv[] = { keygen, "-o", key_path, NULL };

    run_tool (argv);
  }

  /* age-keygen's file parses, and its "# public key:" line is what we
   * derive from the secret. */
  ids = cd_age_identities_load (key_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  recipient = cd_age_identity_to_recipient (ids[0], &error);
  g_assert_no_error (error);
  g_file_get_contents (key_path, &key_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (key_text, recipient));
  recipients[0] = recipient;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) plain = make_plain (sizes[i], 20 + i);
      g_autoptr(GBytes) ours = encrypt_bytes (plain, recipients, NULL, 65536);
      g_autoptr(GBytes) theirs = NULL;
      g_autoptr(GBytes) got = NULL;
      g_autoptr(GByteArray) got2 = NULL;
      g_autofree char *plain_path = g_build_filename (dir, "plain", NULL);
      g_autofree char *ours_path = g_build_filename (dir, "ours.age", NULL);
      g_autofree char *theirs_path = g_build_filename (dir, "theirs.age", NULL);
      g_autofree char *out_path = g_build_filename (dir, "out", NULL);

      /* Ours opens with age -d -i KEY. */
      write_file (ours_path, ours);
      {
        const char *argv[] = { age, "-d", "-i", key_path, "-o", out_path, ours_path, NULL };

        run_tool (argv);
      }
      /* age creates its output on the first write: not for no data. */
      if (sizes[i] == 0 && !g_file_test (out_path, G_FILE_TEST_EXISTS))
        got = g_bytes_new (NULL, 0);
      else
        got = read_file (out_path);
      g_assert_true (g_bytes_equal (got, plain));
      g_remove (out_path);

      /* age -r opens with ours. */
      write_file (plain_path, plain);
      {
        const char *argv[] = { age, "-r", recipient, "-o", theirs_path, plain_path, NULL };

        run_tool (argv);
      }
      theirs = read_file (theirs_path);
      g_assert_true (decrypt_bytes (theirs, (const char * const *) ids, NULL, &got2, &error));
      g_assert_no_error (error);
      assert_plain_equal (got2, plain);
    }

  cd_age_identities_free (ids);
  cd_test_rm_rf (dir);
}

static void
test_interop_passphrase (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *age = find_age ("age");
  g_autofree char *dir = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *ours_path = NULL;
  g_autofree char *theirs_path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *tty_text = NULL;
  g_autoptr(GBytes) plain = make_plain (100000, 30);
  g_autoptr(GBytes) ours = NULL;
  g_autoptr(GBytes) theirs = NULL;
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GByteArray) got2 = NULL;

  if (age == NULL)
    return;

  dir = g_dir_make_tmp ("cd-age-XXXXXX", &error);
  g_assert_no_error (error);
  plain_path = g_build_filename (dir, "plain", NULL);
  ours_path = g_build_filename (dir, "ours.age", NULL);
  theirs_path = g_build_filename (dir, "theirs.age", NULL);
  out_path = g_build_filename (dir, "out", NULL);
  write_file (plain_path, plain);

  /* Ours (work factor 2^10) opens with age -d and the passphrase typed. */
  ours = encrypt_bytes (plain, NULL, TEST_PASSPHRASE, 65536);
  write_file (ours_path, ours);
  {
    const char *argv[] = { age, "-d", "-o", out_path, ours_path, NULL };

    g_assert_cmpint (cd_test_run_on_pty (argv, TEST_PASSPHRASE, &tty_text), ==, 0);
  }
  got = read_file (out_path);
  g_assert_true (g_bytes_equal (got, plain));

  /* age -p (work factor 2^18) opens with ours. */
  g_clear_pointer (&tty_text, g_free);
  {
    const char *argv[] = { age, "-p", "-o", theirs_path, plain_path, NULL };

    g_assert_cmpint (cd_test_run_on_pty (argv, TEST_PASSPHRASE, &tty_text), ==, 0);
  }
  theirs = read_file (theirs_path);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (theirs, NULL), "age-encryption.org/v1\n-> scrypt "));
  g_assert_true (decrypt_bytes (theirs, NULL, TEST_PASSPHRASE, &got2, &error));
  g_assert_no_error (error);
  assert_plain_equal (got2, plain);

  /* And with a lower limit it is refused before any work. */
  g_clear_pointer (&got2, g_byte_array_unref);
  g_assert_false (decrypt_data (g_bytes_get_data (theirs, NULL), g_bytes_get_size (theirs),
                                NULL, TEST_PASSPHRASE, 16, &got2, &error));
  g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_LIMIT);

  cd_test_rm_rf (dir);
}

/* ------------------------------------------------------------------ */
/* Tampering                                                          */

/* Where the payload starts: after the "--- MAC\n" line and the nonce. */
static gsize
payload_offset (const guint8 *file,
                gsize         len)
{
  const guint8 *mac = memmem (file, len, "\n--- ", 5);
  const guint8 *nl;

  g_assert_nonnull (mac);
  nl = memchr (mac + 1, '\n', len - (gsize) (mac + 1 - file));
  g_assert_nonnull (nl);
  return (gsize) (nl + 1 - file) + 16;
}

static void
test_tamper_bitflip (void)
{
  g_autoptr(GBytes) plain = make_plain (CHUNK + 1000, 40);
  g_autoptr(GBytes) file = NULL;
  g_autofree guint8 *copy = NULL;
  KeyPair kp;
  const char *recipients[2] = { NULL, NULL };
  const char *identities[2] = { NULL, NULL };
  gsize len, payload;
  guint n_flips = 0;

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  identities[0] = kp.identity;
  file = encrypt_bytes (plain, recipients, NULL, CHUNK);
  g_bytes_get_data (file, &len);
  copy = g_memdup2 (g_bytes_get_data (file, NULL), len);
  payload = payload_offset (copy, len);

  /* Every bit of the header and nonce; a sample of the payload's bits,
   * always including the first and last bytes of each chunk. */
  for (gsize bit = 0; bit < len * 8; bit++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GByteArray) got = NULL;
      gsize byte = bit / 8;
      gsize chunk_index;

      if (byte >= payload)
        {
          gsize in_payload = byte - payload;
          gsize in_chunk = in_payload % (CHUNK + 16);

          if (in_chunk > 2 && in_chunk + 3 < CHUNK + 16 && byte + 3 < len && bit % 4093 != 0)
            continue;
        }

      copy[byte] ^= (guint8) (1u << (bit % 8));
      g_assert_false (decrypt_data (copy, len, identities, NULL, 0, &got, &error));
      copy[byte] ^= (guint8) (1u << (bit % 8));
      g_assert_nonnull (error);
      g_assert_true (error->domain == CD_AGE_ERROR);
      n_flips++;

      /* Nothing from the damaged chunk or after it. */
      chunk_index = byte < payload ? 0 : (byte - payload) / (CHUNK + 16);
      g_assert_cmpuint (got->len, <=, chunk_index * CHUNK);
      assert_plain_prefix (got, plain);
      if (byte >= payload)
        g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_DAMAGED);
    }
  g_test_message ("%u bit flips detected", n_flips);
  key_pair_clear (&kp);
}

static void
check_truncated (const guint8       *file,
                 gsize               cut,
                 gsize               payload,
                 const char * const *identities,
                 GBytes             *plain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = NULL;

  g_assert_false (decrypt_data (file, cut, identities, NULL, 0, &got, &error));
  g_assert_nonnull (error);
  /* Cut in the middle of the last chunk looks exactly like damage to it. */
  if (!g_error_matches (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED) &&
      !g_error_matches (error, CD_AGE_ERROR, CD_AGE_ERROR_HEADER_INVALID) &&
      !g_error_matches (error, CD_AGE_ERROR, CD_AGE_ERROR_DAMAGED))
    g_error ("cut at %zu: unexpected error %s", cut, error->message);
  if (cut < payload)
    g_assert_false (g_error_matches (error, CD_AGE_ERROR, CD_AGE_ERROR_DAMAGED));
  /* Only whole chunks that are followed by more data come out. */
  g_assert_cmpuint (got->len, <=, cut < payload ? 0 : ((cut - payload) / (CHUNK + 16)) * CHUNK);
  if (got->len > 0)
    g_assert_cmpuint (got->len % CHUNK, ==, 0);
  assert_plain_prefix (got, plain);
}

static void
test_tamper_truncate (void)
{
  KeyPair kp;
  const char *recipients[2] = { NULL, NULL };
  const char *identities[2] = { NULL, NULL };
  const gsize sizes[] = { 0, 300, CHUNK, 2 * CHUNK + 10 };

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  identities[0] = kp.identity;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) plain = make_plain (sizes[i], 50 + i);
      g_autoptr(GBytes) file = encrypt_bytes (plain, recipients, NULL, CHUNK);
      gsize len;
      const guint8 *data = g_bytes_get_data (file, &len);
      gsize payload = payload_offset (data, len);

      for (gsize cut = 0; cut < len; cut++)
        {
          gsize in_chunk = cut > payload ? (cut - payload) % (CHUNK + 16) : 0;

          /* Every length for small files; for large ones every length in
           * the header and around the chunk boundaries, and a sample. */
          if (len > 1000 && cut > payload + 40 && in_chunk > 40 && in_chunk + 40 < CHUNK + 16 &&
              cut + 40 < len && cut % 997 != 0)
            continue;
          check_truncated (data, cut, payload, identities, plain);
        }
    }

  /* Cut exactly after a complete middle chunk: provably truncated. */
  {
    g_autoptr(GBytes) plain = make_plain (2 * CHUNK + 10, 60);
    g_autoptr(GBytes) file = encrypt_bytes (plain, recipients, NULL, CHUNK);
    g_autoptr(GError) error = NULL;
    gsize len;
    const guint8 *data = g_bytes_get_data (file, &len);
    gsize payload = payload_offset (data, len);

    g_assert_false (decrypt_data (data, payload + CHUNK + 16, identities, NULL, 0, NULL, &error));
    g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED);
    g_clear_error (&error);
    g_assert_false (decrypt_data (data, payload + 2 * (CHUNK + 16), identities, NULL, 0, NULL, &error));
    g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_TRUNCATED);
  }
  key_pair_clear (&kp);
}

static void
test_tamper_trailing (void)
{
  KeyPair kp;
  const char *recipients[2] = { NULL, NULL };
  const char *identities[2] = { NULL, NULL };
  const gsize sizes[] = { 0, 100, CHUNK, CHUNK + 1 };
  const gsize extra[] = { 1, 17, 70000 };

  key_pair_init (&kp);
  recipients[0] = kp.recipient;
  identities[0] = kp.identity;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (extra); j++)
      {
        g_autoptr(GBytes) plain = make_plain (sizes[i], 70 + i);
        g_autoptr(GBytes) file = encrypt_bytes (plain, recipients, NULL, CHUNK);
        g_autoptr(GByteArray) longer = g_byte_array_new ();
        g_autoptr(GByteArray) got = NULL;
        g_autoptr(GError) error = NULL;
        gsize len;
        const guint8 *data = g_bytes_get_data (file, &len);

        g_byte_array_append (longer, data, (guint) len);
        for (gsize k = 0; k < extra[j]; k++)
          {
            guint8 b = (guint8) (k * 7 + 1);

            g_byte_array_append (longer, &b, 1);
          }
        g_assert_false (decrypt_data (longer->data, longer->len, identities, NULL, 0, &got, &error));
        g_assert_error (error, CD_AGE_ERROR, CD_AGE_ERROR_TRAILING_DATA);
        g_assert_cmpuint (got->len, ==, sizes[i] > CHUNK ? CHUNK : 0);
        assert_plain_prefix (got, plain);
      }
  key_pair_clear (&kp);
}

/* ------------------------------------------------------------------ */
/* Hostile headers                                                    */

static void
check_header (const char   *text,
              gsize         len,
              const char   *passphrase,
              int           code)
{
  g_autoptr(GError) error = NULL;
  const char *identities[] = { VECTOR_IDENTITY, NULL };
  gint64 start = g_get_monotonic_time ();

  g_assert_false (decrypt_data ((const guint8 *) text, len,
                                passphrase != NULL ? NULL : identities, passphrase, 0, NULL, &error));
  g_assert_error (error, CD_AGE_ERROR, code);
  /* Refused quickly: no work done on hostile input. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* The test vector's file with @from replaced by @to (once). */
static GString *
vector_with (const char *from,
             const char *to)
{
  gsize len;
  g_autofree guint8 *file = g_base64_decode (VECTOR_FILE, &len);
  GString *text = g_string_new_len ((const char *) file, (gssize) len);
  const char *at = memmem (text->str, text->len, from, strlen (from));

  g_assert_nonnull (at);
  g_string_erase (text, at - text->str, (gssize) strlen (from));
  g_string_insert (text, at - text->str, to);
  return text;
}

static void
test_hostile_headers (void)
{
  const char *share = "AKfCWp8ns1BTHsZJhad/x/kMiTatBvc7wx+4rhzMLA8";
  const char *body = "ANkR+WNMXAynmdaOZ3dbnaP2BKh2AGBxDD8Zgfynw9Q";
  const char *mac = "DtL5aDiDb1CVGMAw+EYzgJzIFMVTXg8qsK1c1bkJGww";
  g_autoptr(GString) text = NULL;

  /* The vector itself is fine; check the pieces used below. */
  text = vector_with (share, share);
  g_assert_true (decrypt_data ((const guint8 *) text->str, text->len,
                               (const char *[]) { VECTOR_IDENTITY, NULL }, NULL, 0, NULL, NULL));
  g_string_free (g_steal_pointer (&text), TRUE);

  /* Not age at all, or another flavour. */
  check_header ("", 0, NULL, CD_AGE_ERROR_HEADER_INVALID);
  check_header ("hello\n", 6, NULL, CD_AGE_ERROR_HEADER_INVALID);
  check_header ("age-encryption.org/v2\n", 22, NULL, CD_AGE_ERROR_HEADER_INVALID);
  check_header ("age-encryption.org/v1\r\n", 23, NULL, CD_AGE_ERROR_HEADER_INVALID);
  check_header ("-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n", 40, NULL, CD_AGE_ERROR_HEADER_INVALID);
  {
    g_autofree char *binary = g_malloc0 (100000);

    check_header (binary, 100000, NULL, CD_AGE_ERROR_HEADER_INVALID);
  }
  /* No stanza at all. */
  text = g_string_new (NULL);
  g_string_printf (text, "age-encryption.org/v1\n--- %s\n0123456789abcdef", mac);
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);

  /* Bad MAC: another canonical value. */
  g_string_free (text, TRUE);
  text = vector_with ("--- DtL5", "--- DtL6");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);

  /* Non-canonical base64: the last character's unused bits set, padding,
   * a character outside the alphabet; in the share, body and MAC. */
  g_string_free (text, TRUE);
  text = vector_with ("MLA8\n", "MLA9\n");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  g_string_free (text, TRUE);
  text = vector_with ("w9Q\n", "w9R\n");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  g_string_free (text, TRUE);
  text = vector_with ("w9Q\n", "w9Q=\n");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  g_string_free (text, TRUE);
  text = vector_with ("Gww\n", "Gwx\n");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  g_string_free (text, TRUE);
  text = vector_with ("hzMLA8", "hzML.8");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);

  /* Stanza syntax: double space (an empty argument), extra argument,
   * body of the wrong size, a body line longer than 64 columns, a line
   * longer than we accept, a NUL byte. */
  g_string_free (text, TRUE);
  text = vector_with ("X25519 ", "X25519  ");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  g_string_free (text, TRUE);
  text = vector_with ("LA8\n", "LA8 extra\n");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  g_string_free (text, TRUE);
  text = vector_with (body, "ANkR+WNMXAynmdaOZ3dbnaP2BKh2AGBxDD8Zgfynw9QA");
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  {
    g_autofree char *long_body = g_strnfill (68, 'A');

    g_string_free (text, TRUE);
    text = vector_with (body, long_body);
    check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  }
  {
    g_autofree char *long_arg = g_strnfill (5000, 'a');
    g_autofree char *line = g_strconcat ("X25519 ", long_arg, NULL);

    g_string_free (text, TRUE);
    text = vector_with ("X25519", line);
    check_header (text->str, text->len, NULL, CD_AGE_ERROR_LIMIT);
  }
  g_string_free (text, TRUE);
  text = vector_with (share, share);
  g_string_insert_len (text, 25, "\0", 1);
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);

  /* A thousand stanzas. */
  g_string_free (text, TRUE);
  text = g_string_new ("age-encryption.org/v1\n");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (text, "-> X25519 %s\n%s\n", share, body);
  g_string_append_printf (text, "--- %s\n", mac);
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_LIMIT);

  /* Over a megabyte of header in few stanzas. */
  g_string_free (text, TRUE);
  text = g_string_new ("age-encryption.org/v1\n");
  for (guint i = 0; i < 60; i++)
    {
      g_string_append (text, "-> unknown-kind\n");
      for (guint j = 0; j < 300; j++)
        g_string_append (text, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
      g_string_append (text, "\n");
    }
  g_string_append_printf (text, "--- %s\n", mac);
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_LIMIT);

  /* scrypt: a huge work factor is refused before any work; malformed
   * work factors; scrypt next to another stanza. */
  g_string_free (text, TRUE);
  text = g_string_new (NULL);
  g_string_printf (text, "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 40\n%s\n--- %s\n", body, mac);
  check_header (text->str, text->len, "x", CD_AGE_ERROR_LIMIT);
  g_string_printf (text, "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 23\n%s\n--- %s\n", body, mac);
  check_header (text->str, text->len, "x", CD_AGE_ERROR_LIMIT);
  g_string_printf (text, "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 4000000000\n%s\n--- %s\n", body, mac);
  check_header (text->str, text->len, "x", CD_AGE_ERROR_LIMIT);
  g_string_printf (text, "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 018\n%s\n--- %s\n", body, mac);
  check_header (text->str, text->len, "x", CD_AGE_ERROR_HEADER_INVALID);
  g_string_printf (text, "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA -1\n%s\n--- %s\n", body, mac);
  check_header (text->str, text->len, "x", CD_AGE_ERROR_HEADER_INVALID);
  g_string_printf (text, "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\n%s\n-> X25519 %s\n%s\n--- %s\n",
                   body, share, body, mac);
  check_header (text->str, text->len, "x", CD_AGE_ERROR_HEADER_INVALID);
  check_header (text->str, text->len, NULL, CD_AGE_ERROR_HEADER_INVALID);
  /* Salt of the wrong size. */
  g_string_printf (text, "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAA 10\n%s\n--- %s\n", body, mac);
  check_header (text->str, text->len, "x", CD_AGE_ERROR_HEADER_INVALID);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (cd_crypto_init (NULL));

  g_test_add_func ("/age/keys/vector", test_keys_vector);
  g_test_add_func ("/age/keys/generate", test_keys_generate);
  g_test_add_func ("/age/keys/invalid", test_keys_invalid);
  g_test_add_func ("/age/keys/identity-file", test_keys_identity_file);
  g_test_add_func ("/age/roundtrip/sizes", test_roundtrip_sizes);
  g_test_add_func ("/age/roundtrip/recipients", test_roundtrip_recipients);
  g_test_add_func ("/age/roundtrip/passphrase", test_roundtrip_passphrase);
  g_test_add_func ("/age/roundtrip/files", test_roundtrip_files);
  g_test_add_func ("/age/roundtrip/cancel", test_roundtrip_cancel);
  g_test_add_func ("/age/roundtrip/batches", test_roundtrip_batches);
  g_test_add_func ("/age/errors/wrong-key", test_errors_wrong_key);
  g_test_add_func ("/age/errors/no-space", test_errors_no_space);
  g_test_add_func ("/age/interop/vector", test_interop_vector);
  g_test_add_func ("/age/interop/keys", test_interop_keys);
  g_test_add_func ("/age/interop/passphrase", test_interop_passphrase);
  g_test_add_func ("/age/tamper/bitflip", test_tamper_bitflip);
  g_test_add_func ("/age/tamper/truncate", test_tamper_truncate);
  g_test_add_func ("/age/tamper/trailing", test_tamper_trailing);
  g_test_add_func ("/age/hostile/headers", test_hostile_headers);

  return g_test_run ();
}
