/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdCustomer: a person or enterprise in the case's customer registry. The
 * object holds clear values only while the case is unlocked; the store
 * seals them on the way to disk. */

#include "config.h"

#define G_LOG_DOMAIN "cd-customer"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-crypto.h"
#include "cd-customer.h"
#include "cd-enums.h"
#include "cd-ident.h"
#include "cd-mask.h"
#include "cd-store.h"

struct _CdCustomer
{
  GObject         parent_instance;

  char           *id;
  CdCustomerKind  kind;
  char           *name;
  char           *phone;
  char           *id_number;
  char           *email;
  char           *address;
  char           *notes;
  gint64          created;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_PHONE,
  PROP_ID_NUMBER,
  PROP_EMAIL,
  PROP_ADDRESS,
  PROP_NOTES,
  PROP_CREATED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CdCustomer, cd_customer, G_TYPE_OBJECT)

#define MAX_NAME    256
#define MAX_ADDRESS 1024
#define MAX_NOTES   16384

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  cd_crypto_wipe_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
cd_customer_finalize (GObject *object)
{
  CdCustomer *self = CD_CUSTOMER (object);

  /* Decrypted personal data does not stay behind in freed memory. */
  g_free (self->id);
  cd_crypto_wipe_free (self->name);
  cd_crypto_wipe_free (self->phone);
  cd_crypto_wipe_free (self->id_number);
  cd_crypto_wipe_free (self->email);
  cd_crypto_wipe_free (self->address);
  cd_crypto_wipe_free (self->notes);

  G_OBJECT_CLASS (cd_customer_parent_class)->finalize (object);
}

static void
cd_customer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CdCustomer *self = CD_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_PHONE: g_value_set_string (value, self->phone); break;
    case PROP_ID_NUMBER: g_value_set_string (value, self->id_number); break;
    case PROP_EMAIL: g_value_set_string (value, self->email); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_customer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CdCustomer *self = CD_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID: cd_customer_set_id (self, g_value_get_string (value)); break;
    case PROP_KIND: cd_customer_set_kind (self, g_value_get_enum (value)); break;
    case PROP_NAME: cd_customer_set_name (self, g_value_get_string (value)); break;
    case PROP_PHONE: cd_customer_set_phone (self, g_value_get_string (value)); break;
    case PROP_ID_NUMBER: cd_customer_set_id_number (self, g_value_get_string (value)); break;
    case PROP_EMAIL: cd_customer_set_email (self, g_value_get_string (value)); break;
    case PROP_ADDRESS: cd_customer_set_address (self, g_value_get_string (value)); break;
    case PROP_NOTES: cd_customer_set_notes (self, g_value_get_string (value)); break;
    case PROP_CREATED: cd_customer_set_created (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_customer_class_init (CdCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cd_customer_finalize;
  object_class->get_property = cd_customer_get_property;
  object_class->set_property = cd_customer_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, CD_TYPE_CUSTOMER_KIND,
                                             CD_CUSTOMER_KIND_INDIVIDUAL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_ID_NUMBER] = g_param_spec_string ("id-number", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_customer_init (CdCustomer *self)
{
}

CdCustomer *
cd_customer_new (CdCustomerKind kind)
{
  return g_object_new (CD_TYPE_CUSTOMER, "kind", kind, NULL);
}

#define DEFINE_STRING_ACCESSORS(field, PROP)                                    \
  const char *                                                                  \
  cd_customer_get_##field (CdCustomer *self)                                    \
  {                                                                             \
    g_return_val_if_fail (CD_IS_CUSTOMER (self), NULL);                         \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  cd_customer_set_##field (CdCustomer *self,                                    \
                           const char *value)                                   \
  {                                                                             \
    g_return_if_fail (CD_IS_CUSTOMER (self));                                   \
    if (set_string (&self->field, value))                                       \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);             \
  }

DEFINE_STRING_ACCESSORS (id, PROP_ID)
DEFINE_STRING_ACCESSORS (name, PROP_NAME)
DEFINE_STRING_ACCESSORS (phone, PROP_PHONE)
DEFINE_STRING_ACCESSORS (id_number, PROP_ID_NUMBER)
DEFINE_STRING_ACCESSORS (email, PROP_EMAIL)
DEFINE_STRING_ACCESSORS (address, PROP_ADDRESS)
DEFINE_STRING_ACCESSORS (notes, PROP_NOTES)

CdCustomerKind
cd_customer_get_kind (CdCustomer *self)
{
  g_return_val_if_fail (CD_IS_CUSTOMER (self), CD_CUSTOMER_KIND_INDIVIDUAL);
  return self->kind;
}

void
cd_customer_set_kind (CdCustomer     *self,
                      CdCustomerKind  kind)
{
  g_return_if_fail (CD_IS_CUSTOMER (self));
  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

gint64
cd_customer_get_created (CdCustomer *self)
{
  g_return_val_if_fail (CD_IS_CUSTOMER (self), 0);
  return self->created;
}

void
cd_customer_set_created (CdCustomer *self,
                         gint64      unix_time)
{
  g_return_if_fail (CD_IS_CUSTOMER (self));
  if (self->created == unix_time)
    return;
  self->created = unix_time;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
check_free_text (const char  *text,
                 gsize        max,
                 const char  *what,
                 GError     **error)
{
  if (is_empty (text))
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   /* Translators: %s is a field name such as “address” */
                   _("The customer’s %s is not valid text"), what);
      return FALSE;
    }
  if (strlen (text) > max)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The customer’s %s is longer than %u bytes"), what, (guint) max);
      return FALSE;
    }
  return TRUE;
}

/* Another document (passport, permit, foreign ID): letters and digits only,
 * stored upper-case; no public check digit exists for these. */
static char *
normalize_other_document (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' || *p == '-')
        continue;
      if (!g_ascii_isalnum (*p))
        return (g_string_free (out, TRUE), NULL);
      g_string_append_c (out, g_ascii_toupper (*p));
    }
  if (out->len < 5 || out->len > 20)
    return (g_string_free (out, TRUE), NULL);

  return g_string_free (out, FALSE);
}

/**
 * cd_customer_normalize:
 *
 * Validates the customer and rewrites identifiers in canonical form (the
 * form the blind index is computed on, so "138 1234 5678" and
 * "+86-13812345678" are recognised as one person). Error messages never
 * contain the identifier itself.
 */
gboolean
cd_customer_normalize (CdCustomer  *self,
                       GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CD_IS_CUSTOMER (self), FALSE);

  if (is_empty (self->name) || !g_utf8_validate (self->name, -1, NULL))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The customer has no name"));
      return FALSE;
    }
  name = g_strstrip (g_strdup (self->name));
  if (*name == '\0')
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The customer has no name"));
      return FALSE;
    }
  if (strlen (name) > MAX_NAME)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The customer’s name is longer than %u bytes"), (guint) MAX_NAME);
      return FALSE;
    }
  cd_customer_set_name (self, name);

  if (!is_empty (self->phone))
    {
      g_autofree char *phone = NULL;

      if (!cd_ident_normalize_phone (self->phone, &phone, NULL, &local_error))
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       _("The phone number is not valid: %s"), local_error->message);
          return FALSE;
        }
      cd_customer_set_phone (self, phone);
    }
  else
    cd_customer_set_phone (self, NULL);

  if (!is_empty (self->id_number))
    {
      g_autofree char *number = NULL;

      if (self->kind == CD_CUSTOMER_KIND_ENTERPRISE)
        {
          if (!cd_ident_check_uscc (self->id_number, &number, &local_error))
            {
              g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                           _("The unified social credit code is not valid: %s"),
                           local_error->message);
              return FALSE;
            }
        }
      else if (cd_ident_looks_like_resident_id (self->id_number))
        {
          if (!cd_ident_check_resident_id (self->id_number, &number, &local_error))
            {
              g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                           _("The resident ID number is not valid: %s"), local_error->message);
              return FALSE;
            }
        }
      else if ((number = normalize_other_document (self->id_number)) == NULL)
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       _("The ID number is neither a resident ID number nor a passport or "
                         "permit number (5 to 20 letters and digits)"));
          return FALSE;
        }
      cd_customer_set_id_number (self, number);
    }
  else
    cd_customer_set_id_number (self, NULL);

  if (!is_empty (self->email))
    {
      g_autofree char *email = NULL;

      if (!cd_ident_check_email (self->email, &email, &local_error))
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       _("The e-mail address is not valid: %s"), local_error->message);
          return FALSE;
        }
      cd_customer_set_email (self, email);
    }
  else
    cd_customer_set_email (self, NULL);

  if (!check_free_text (self->address, MAX_ADDRESS, _("address"), error) ||
      !check_free_text (self->notes, MAX_NOTES, _("notes"), error))
    return FALSE;

  if (is_empty (self->address))
    cd_customer_set_address (self, NULL);
  if (is_empty (self->notes))
    cd_customer_set_notes (self, NULL);

  return TRUE;
}

/* Enterprise names identify a business, not a person, and consultants need
 * to read them; only individuals' names are masked. */
char *
cd_customer_dup_masked_name (CdCustomer *self)
{
  g_return_val_if_fail (CD_IS_CUSTOMER (self), NULL);

  if (self->kind == CD_CUSTOMER_KIND_ENTERPRISE)
    return g_strdup (self->name);
  return cd_mask_name (self->name);
}

char *
cd_customer_dup_masked_phone (CdCustomer *self)
{
  g_return_val_if_fail (CD_IS_CUSTOMER (self), NULL);
  return cd_mask_phone (self->phone);
}

char *
cd_customer_dup_masked_id_number (CdCustomer *self)
{
  g_return_val_if_fail (CD_IS_CUSTOMER (self), NULL);

  if (self->id_number != NULL && self->kind == CD_CUSTOMER_KIND_ENTERPRISE)
    return cd_mask_uscc (self->id_number);
  return cd_mask_id_number (self->id_number);
}

char *
cd_customer_dup_masked_email (CdCustomer *self)
{
  g_return_val_if_fail (CD_IS_CUSTOMER (self), NULL);
  return cd_mask_email (self->email);
}

char *
cd_customer_dup_masked_address (CdCustomer *self)
{
  g_return_val_if_fail (CD_IS_CUSTOMER (self), NULL);
  return cd_mask_address (self->address);
}
