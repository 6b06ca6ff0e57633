/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdAsset: a row of the data inventory. Plain values with properties so list
 * views can bind to them; the store does the persistence. */

#include "config.h"

#define G_LOG_DOMAIN "cd-asset"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-asset.h"
#include "cd-enums.h"
#include "cd-store.h"

struct _CdAsset
{
  GObject       parent_instance;

  char         *id;
  char         *location;
  CdMedium      medium;
  CdRecordType  record_type;
  char         *format;
  gint64        records;
  gint64        customers;
  char         *custodian;
  char         *notes;
  gint64        created;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_LOCATION,
  PROP_MEDIUM,
  PROP_RECORD_TYPE,
  PROP_FORMAT,
  PROP_RECORDS,
  PROP_CUSTOMERS,
  PROP_CUSTODIAN,
  PROP_NOTES,
  PROP_CREATED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CdAsset, cd_asset, G_TYPE_OBJECT)

/* Longest text we accept in one asset field; an inventory line, not a file. */
#define MAX_TEXT 4096

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
cd_asset_finalize (GObject *object)
{
  CdAsset *self = CD_ASSET (object);

  g_free (self->id);
  g_free (self->location);
  g_free (self->format);
  g_free (self->custodian);
  g_free (self->notes);

  G_OBJECT_CLASS (cd_asset_parent_class)->finalize (object);
}

static void
cd_asset_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CdAsset *self = CD_ASSET (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_LOCATION: g_value_set_string (value, self->location); break;
    case PROP_MEDIUM: g_value_set_enum (value, self->medium); break;
    case PROP_RECORD_TYPE: g_value_set_enum (value, self->record_type); break;
    case PROP_FORMAT: g_value_set_string (value, self->format); break;
    case PROP_RECORDS: g_value_set_int64 (value, self->records); break;
    case PROP_CUSTOMERS: g_value_set_int64 (value, self->customers); break;
    case PROP_CUSTODIAN: g_value_set_string (value, self->custodian); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_asset_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CdAsset *self = CD_ASSET (object);

  switch (prop_id)
    {
    case PROP_ID: cd_asset_set_id (self, g_value_get_string (value)); break;
    case PROP_LOCATION: cd_asset_set_location (self, g_value_get_string (value)); break;
    case PROP_MEDIUM: cd_asset_set_medium (self, g_value_get_enum (value)); break;
    case PROP_RECORD_TYPE: cd_asset_set_record_type (self, g_value_get_enum (value)); break;
    case PROP_FORMAT: cd_asset_set_format (self, g_value_get_string (value)); break;
    case PROP_RECORDS: cd_asset_set_records (self, g_value_get_int64 (value)); break;
    case PROP_CUSTOMERS: cd_asset_set_customers (self, g_value_get_int64 (value)); break;
    case PROP_CUSTODIAN: cd_asset_set_custodian (self, g_value_get_string (value)); break;
    case PROP_NOTES: cd_asset_set_notes (self, g_value_get_string (value)); break;
    case PROP_CREATED: cd_asset_set_created (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_asset_class_init (CdAssetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cd_asset_finalize;
  object_class->get_property = cd_asset_get_property;
  object_class->set_property = cd_asset_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, NULL, flags);
  properties[PROP_MEDIUM] = g_param_spec_enum ("medium", NULL, NULL, CD_TYPE_MEDIUM,
                                               CD_MEDIUM_OTHER, flags);
  properties[PROP_RECORD_TYPE] = g_param_spec_enum ("record-type", NULL, NULL, CD_TYPE_RECORD_TYPE,
                                                    CD_RECORD_TYPE_PERSONAL, flags);
  properties[PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, flags);
  properties[PROP_RECORDS] = g_param_spec_int64 ("records", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CUSTOMERS] = g_param_spec_int64 ("customers", NULL, NULL,
                                                  0, G_MAXINT64, 0, flags);
  properties[PROP_CUSTODIAN] = g_param_spec_string ("custodian", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_asset_init (CdAsset *self)
{
  self->medium = CD_MEDIUM_OTHER;
  self->record_type = CD_RECORD_TYPE_PERSONAL;
}

CdAsset *
cd_asset_new (void)
{
  return g_object_new (CD_TYPE_ASSET, NULL);
}

/**
 * cd_asset_copy:
 *
 * Returns: (transfer full): a new asset with the same values, for edit
 *   dialogs that must not touch the listed object until saved.
 */
CdAsset *
cd_asset_copy (CdAsset *self)
{
  g_return_val_if_fail (CD_IS_ASSET (self), NULL);

  return g_object_new (CD_TYPE_ASSET,
                       "id", self->id,
                       "location", self->location,
                       "medium", self->medium,
                       "record-type", self->record_type,
                       "format", self->format,
                       "records", self->records,
                       "customers", self->customers,
                       "custodian", self->custodian,
                       "notes", self->notes,
                       "created", self->created,
                       NULL);
}

#define DEFINE_STRING_ACCESSORS(field, PROP)                                    \
  const char *                                                                  \
  cd_asset_get_##field (CdAsset *self)                                          \
  {                                                                             \
    g_return_val_if_fail (CD_IS_ASSET (self), NULL);                            \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  cd_asset_set_##field (CdAsset    *self,                                       \
                        const char *value)                                      \
  {                                                                             \
    g_return_if_fail (CD_IS_ASSET (self));                                      \
    if (set_string (&self->field, value))                                       \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);             \
  }

#define DEFINE_VALUE_ACCESSORS(field, Type, PROP)                               \
  Type                                                                          \
  cd_asset_get_##field (CdAsset *self)                                          \
  {                                                                             \
    g_return_val_if_fail (CD_IS_ASSET (self), (Type) 0);                        \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  cd_asset_set_##field (CdAsset *self,                                          \
                        Type     value)                                         \
  {                                                                             \
    g_return_if_fail (CD_IS_ASSET (self));                                      \
    if (self->field == value)                                                   \
      return;                                                                   \
    self->field = value;                                                        \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);               \
  }

DEFINE_STRING_ACCESSORS (id, PROP_ID)
DEFINE_STRING_ACCESSORS (location, PROP_LOCATION)
DEFINE_STRING_ACCESSORS (format, PROP_FORMAT)
DEFINE_STRING_ACCESSORS (custodian, PROP_CUSTODIAN)
DEFINE_STRING_ACCESSORS (notes, PROP_NOTES)
DEFINE_VALUE_ACCESSORS (medium, CdMedium, PROP_MEDIUM)
DEFINE_VALUE_ACCESSORS (record_type, CdRecordType, PROP_RECORD_TYPE)
DEFINE_VALUE_ACCESSORS (records, gint64, PROP_RECORDS)
DEFINE_VALUE_ACCESSORS (customers, gint64, PROP_CUSTOMERS)
DEFINE_VALUE_ACCESSORS (created, gint64, PROP_CREATED)

static gboolean
check_text (const char  *value,
            const char  *what,
            gboolean     required,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      if (required)
        g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                     /* Translators: %s is a field name such as “location” */
                     _("The asset’s %s is empty"), what);
      return !required;
    }
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The asset’s %s is not valid text"), what);
      return FALSE;
    }
  if (strlen (value) > MAX_TEXT)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The asset’s %s is longer than %d bytes"), what, MAX_TEXT);
      return FALSE;
    }
  return TRUE;
}

/**
 * cd_asset_validate:
 *
 * Checks what a user could get wrong in an asset dialog or CSV line.
 */
gboolean
cd_asset_validate (CdAsset  *self,
                   GError  **error)
{
  g_return_val_if_fail (CD_IS_ASSET (self), FALSE);

  if (!check_text (self->location, _("location"), TRUE, error) ||
      !check_text (self->format, _("format"), FALSE, error) ||
      !check_text (self->custodian, _("custodian"), FALSE, error) ||
      !check_text (self->notes, _("notes"), FALSE, error))
    return FALSE;

  if (self->records < 0 || self->customers < 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("Record and customer counts cannot be negative"));
      return FALSE;
    }

  return TRUE;
}
