/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-extract: text out of documents, PDFs, mail and archives, with the place
 * inside the file each piece of text came from (archive member, PDF page).
 *
 * One CdExtractContext serves one top-level file. Extractors hand their
 * text to the context (cd_extract_context_emit_text), which passes it on to
 * the caller; containers (archives, mail attachments, documents inside
 * archives) hand each member back to cd_extract_bytes(), one level deeper.
 * The context enforces the limits for the whole file: nesting depth,
 * members, expanded bytes and expansion ratio, so a hostile file stops with
 * a clear error instead of filling the memory or the disk. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_EXTRACT_ERROR (cd_extract_error_quark ())

typedef enum
{
  CD_EXTRACT_ERROR_ENCRYPTED,    /* password-protected: "encrypted, not scanned" */
  CD_EXTRACT_ERROR_CORRUPT,      /* damaged or truncated */
  CD_EXTRACT_ERROR_LIMIT,        /* a limit was reached (bomb, nesting, members) */
  CD_EXTRACT_ERROR_UNSUPPORTED,  /* a format or a variant that is not read */
  CD_EXTRACT_ERROR_CRASHED,      /* the worker process died reading it */
} CdExtractError;

/* What a file (or a member inside one) turned out to be. */
typedef enum
{
  CD_EXTRACT_FORMAT_UNKNOWN,
  CD_EXTRACT_FORMAT_TEXT,        /* plain text, CSV, TSV, JSON, XML, logs */
  CD_EXTRACT_FORMAT_HTML,
  CD_EXTRACT_FORMAT_RAW,         /* binary whose text is stored as is (SQLite) */
  CD_EXTRACT_FORMAT_OOXML,       /* docx, xlsx, pptx */
  CD_EXTRACT_FORMAT_ODF,         /* odt, ods, odp */
  CD_EXTRACT_FORMAT_PDF,
  CD_EXTRACT_FORMAT_MAIL,        /* one message (.eml) */
  CD_EXTRACT_FORMAT_MBOX,
  CD_EXTRACT_FORMAT_ARCHIVE,     /* zip, tar (compressed or not), 7z, rar, gz/bz2/xz */
  CD_EXTRACT_FORMAT_MEDIA,       /* image, audio, video: a person must look */
} CdExtractFormat;

/* The status of a member, as reported through CdExtractMemberFunc. The
 * values are those of CdScanFileStatus. */
typedef enum
{
  CD_EXTRACT_MEMBER_SCANNED,
  CD_EXTRACT_MEMBER_REVIEW,
  CD_EXTRACT_MEMBER_FAILED,
} CdExtractMemberStatus;

typedef struct
{
  guint64 max_total_bytes;    /* bytes expanded out of one top-level file */
  guint   max_ratio;          /* expanded bytes per compressed byte, whole file */
  guint   max_depth;          /* containers inside containers */
  guint   max_members;        /* archive members, attachments, in one file */
  gsize   max_member_bytes;   /* the largest member read into memory */
} CdExtractLimits;

typedef struct _CdExtractContext CdExtractContext;

/* @member: the path inside the top-level file, nested containers joined
 * with "!/", or NULL for the file itself; @page: 1-based PDF page or 0;
 * @text: UTF-8 (or bytes whose identifiers are ASCII), not NUL-terminated. */
typedef void (*CdExtractTextFunc)   (const char            *member,
                                     guint                  page,
                                     const char            *text,
                                     gsize                  len,
                                     gpointer               user_data);

/* Called once for every member that is media, not read, or failed (and
 * for every member read, with CD_EXTRACT_MEMBER_SCANNED). @reason is
 * translated, NULL for scanned members. */
typedef void (*CdExtractMemberFunc) (const char            *member,
                                     CdExtractMemberStatus  status,
                                     const char            *content_type,
                                     goffset                size,
                                     const char            *reason,
                                     gpointer               user_data);

GQuark            cd_extract_error_quark          (void);
void              cd_extract_limits_init_default  (CdExtractLimits     *limits);
const char       *cd_extract_format_to_string     (CdExtractFormat      format);

/* Tells the format from the first bytes (and the name only where the
 * bytes cannot: CSV against plain text, say). @head may be the whole file. */
CdExtractFormat   cd_extract_sniff                (const char          *name,
                                                   const guint8        *head,
                                                   gsize                head_len,
                                                   char               **out_content_type);

CdExtractContext *cd_extract_context_new          (const CdExtractLimits *limits,
                                                   CdExtractTextFunc    text_func,
                                                   CdExtractMemberFunc  member_func,
                                                   gpointer             user_data,
                                                   GCancellable        *cancellable);
void              cd_extract_context_free         (CdExtractContext    *ctx);

/* Extracts the text of one file or member. @member: where @bytes sits
 * (NULL for the top-level file); @name: its file name, for sniffing. An
 * error means @bytes as a whole could not be read; text emitted before
 * the error stands (a truncated archive still yields its first members). */
gboolean          cd_extract_bytes                (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   const char          *name,
                                                   GBytes              *bytes,
                                                   GError             **error);

/* For extractors. */
void              cd_extract_context_emit_text    (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   guint                page,
                                                   const char          *text,
                                                   gsize                len);
void              cd_extract_context_emit_member  (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   CdExtractMemberStatus status,
                                                   const char          *content_type,
                                                   goffset              size,
                                                   const char          *reason);
/* Hands a member of a container back to the dispatcher, one level deeper:
 * checks the depth and member limits, extracts it, and reports a member
 * that fails through the member function instead of failing the
 * container. Returns FALSE (with @error) only for a limit that must stop
 * the whole file, or cancellation. */
gboolean          cd_extract_context_member       (CdExtractContext    *ctx,
                                                   const char          *parent_member,
                                                   const char          *name,
                                                   GBytes              *bytes,
                                                   GError             **error);
/* Counts @n more expanded bytes against the total limit, and against the
 * ratio limit relative to the size of the top-level file. Containers call
 * it as they inflate, before holding the bytes. */
gboolean          cd_extract_context_account      (CdExtractContext    *ctx,
                                                   guint64              n,
                                                   GError             **error);
const CdExtractLimits *cd_extract_context_get_limits (CdExtractContext *ctx);
guint             cd_extract_context_get_depth    (CdExtractContext    *ctx);
gboolean          cd_extract_context_check_cancelled (CdExtractContext *ctx,
                                                   GError             **error);
/* Joins a container's member path and a name inside it with "!/". */
char             *cd_extract_join_member          (const char          *parent_member,
                                                   const char          *name);

/* The extractors, each for @bytes already sniffed as its format. */
gboolean          cd_extract_html                 (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   GBytes              *bytes,
                                                   GError             **error);
gboolean          cd_extract_ooxml                (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   GBytes              *bytes,
                                                   GError             **error);
gboolean          cd_extract_odf                  (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   GBytes              *bytes,
                                                   GError             **error);
gboolean          cd_extract_mail                 (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   GBytes              *bytes,
                                                   GError             **error);
gboolean          cd_extract_mbox                 (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   GBytes              *bytes,
                                                   GError             **error);
gboolean          cd_extract_pdf                  (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   GBytes              *bytes,
                                                   GError             **error);
gboolean          cd_extract_archive              (CdExtractContext    *ctx,
                                                   const char          *member,
                                                   GBytes              *bytes,
                                                   GError             **error);

G_END_DECLS
