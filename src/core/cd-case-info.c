/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CdCaseInfo (the dissolving company and its key dates) and CdMember (a
 * member of its liquidation group). */

#include "config.h"

#define G_LOG_DOMAIN "cd-case-info"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-case-info.h"
#include "cd-enums.h"
#include "cd-ident.h"
#include "cd-store.h"

struct _CdCaseInfo
{
  GObject  parent_instance;

  char    *company_name;
  char    *uscc;
  char    *address;
  CdRoute  route;
  char    *group_filed;
  char    *announced;
  char    *planned_deregistration;
  char    *consultant;
};

enum {
  PROP_0,
  PROP_COMPANY_NAME,
  PROP_USCC,
  PROP_ADDRESS,
  PROP_ROUTE,
  PROP_GROUP_FILED,
  PROP_ANNOUNCED,
  PROP_PLANNED_DEREGISTRATION,
  PROP_CONSULTANT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CdCaseInfo, cd_case_info, G_TYPE_OBJECT)

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
cd_case_info_finalize (GObject *object)
{
  CdCaseInfo *self = CD_CASE_INFO (object);

  g_free (self->company_name);
  g_free (self->uscc);
  g_free (self->address);
  g_free (self->group_filed);
  g_free (self->announced);
  g_free (self->planned_deregistration);
  g_free (self->consultant);

  G_OBJECT_CLASS (cd_case_info_parent_class)->finalize (object);
}

static void
cd_case_info_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CdCaseInfo *self = CD_CASE_INFO (object);

  switch (prop_id)
    {
    case PROP_COMPANY_NAME: g_value_set_string (value, self->company_name); break;
    case PROP_USCC: g_value_set_string (value, self->uscc); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_ROUTE: g_value_set_enum (value, self->route); break;
    case PROP_GROUP_FILED: g_value_set_string (value, self->group_filed); break;
    case PROP_ANNOUNCED: g_value_set_string (value, self->announced); break;
    case PROP_PLANNED_DEREGISTRATION:
      g_value_set_string (value, self->planned_deregistration);
      break;
    case PROP_CONSULTANT: g_value_set_string (value, self->consultant); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_case_info_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CdCaseInfo *self = CD_CASE_INFO (object);

  switch (prop_id)
    {
    case PROP_COMPANY_NAME: cd_case_info_set_company_name (self, g_value_get_string (value)); break;
    case PROP_USCC: cd_case_info_set_uscc (self, g_value_get_string (value)); break;
    case PROP_ADDRESS: cd_case_info_set_address (self, g_value_get_string (value)); break;
    case PROP_ROUTE: cd_case_info_set_route (self, g_value_get_enum (value)); break;
    case PROP_GROUP_FILED: cd_case_info_set_group_filed (self, g_value_get_string (value)); break;
    case PROP_ANNOUNCED: cd_case_info_set_announced (self, g_value_get_string (value)); break;
    case PROP_PLANNED_DEREGISTRATION:
      cd_case_info_set_planned_deregistration (self, g_value_get_string (value));
      break;
    case PROP_CONSULTANT: cd_case_info_set_consultant (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_case_info_class_init (CdCaseInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cd_case_info_finalize;
  object_class->get_property = cd_case_info_get_property;
  object_class->set_property = cd_case_info_set_property;

  properties[PROP_COMPANY_NAME] = g_param_spec_string ("company-name", NULL, NULL, NULL, flags);
  properties[PROP_USCC] = g_param_spec_string ("uscc", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_ROUTE] = g_param_spec_enum ("route", NULL, NULL, CD_TYPE_ROUTE,
                                              CD_ROUTE_GENERAL, flags);
  properties[PROP_GROUP_FILED] = g_param_spec_string ("group-filed", NULL, NULL, NULL, flags);
  properties[PROP_ANNOUNCED] = g_param_spec_string ("announced", NULL, NULL, NULL, flags);
  properties[PROP_PLANNED_DEREGISTRATION] =
    g_param_spec_string ("planned-deregistration", NULL, NULL, NULL, flags);
  properties[PROP_CONSULTANT] = g_param_spec_string ("consultant", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_case_info_init (CdCaseInfo *self)
{
}

CdCaseInfo *
cd_case_info_new (void)
{
  return g_object_new (CD_TYPE_CASE_INFO, NULL);
}

CdCaseInfo *
cd_case_info_copy (CdCaseInfo *self)
{
  g_return_val_if_fail (CD_IS_CASE_INFO (self), NULL);

  return g_object_new (CD_TYPE_CASE_INFO,
                       "company-name", self->company_name,
                       "uscc", self->uscc,
                       "address", self->address,
                       "route", self->route,
                       "group-filed", self->group_filed,
                       "announced", self->announced,
                       "planned-deregistration", self->planned_deregistration,
                       "consultant", self->consultant,
                       NULL);
}

#define DEFINE_STRING_ACCESSORS(field, PROP)                                    \
  const char *                                                                  \
  cd_case_info_get_##field (CdCaseInfo *self)                                   \
  {                                                                             \
    g_return_val_if_fail (CD_IS_CASE_INFO (self), NULL);                        \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  cd_case_info_set_##field (CdCaseInfo *self,                                   \
                            const char *value)                                  \
  {                                                                             \
    g_return_if_fail (CD_IS_CASE_INFO (self));                                  \
    if (set_string (&self->field, value))                                       \
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);             \
  }

DEFINE_STRING_ACCESSORS (company_name, PROP_COMPANY_NAME)
DEFINE_STRING_ACCESSORS (uscc, PROP_USCC)
DEFINE_STRING_ACCESSORS (address, PROP_ADDRESS)
DEFINE_STRING_ACCESSORS (group_filed, PROP_GROUP_FILED)
DEFINE_STRING_ACCESSORS (announced, PROP_ANNOUNCED)
DEFINE_STRING_ACCESSORS (planned_deregistration, PROP_PLANNED_DEREGISTRATION)
DEFINE_STRING_ACCESSORS (consultant, PROP_CONSULTANT)

CdRoute
cd_case_info_get_route (CdCaseInfo *self)
{
  g_return_val_if_fail (CD_IS_CASE_INFO (self), CD_ROUTE_GENERAL);
  return self->route;
}

void
cd_case_info_set_route (CdCaseInfo *self,
                        CdRoute     route)
{
  g_return_if_fail (CD_IS_CASE_INFO (self));
  if (self->route == route)
    return;
  self->route = route;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE]);
}

static gboolean
check_date (const char  *value,
            const char  *what,
            GError     **error)
{
  if (value == NULL || cd_date_is_valid (value))
    return TRUE;

  g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
               /* Translators: %s names a date such as “public announcement” */
               _("The %s date is not a real date in the form YYYY-MM-DD"), what);
  return FALSE;
}

/**
 * cd_case_info_validate:
 *
 * Checks the metadata and normalises the credit code (upper case, no
 * spaces). A credit code whose check character is wrong is refused: it
 * is printed on the report that goes to the registration authority.
 */
gboolean
cd_case_info_validate (CdCaseInfo  *self,
                       GError     **error)
{
  g_return_val_if_fail (CD_IS_CASE_INFO (self), FALSE);

  if (self->company_name == NULL || !g_utf8_validate (self->company_name, -1, NULL) ||
      *g_strstrip (self->company_name) == '\0')
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The company name is empty"));
      return FALSE;
    }
  if (strlen (self->company_name) > 512)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The company name is too long"));
      return FALSE;
    }

  if (self->uscc != NULL)
    {
      g_autofree char *normalized = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!cd_ident_check_uscc (self->uscc, &normalized, &local_error))
        {
          g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                       _("The unified social credit code is not valid: %s"),
                       local_error->message);
          return FALSE;
        }
      cd_case_info_set_uscc (self, normalized);
    }

  if (self->address != NULL && (!g_utf8_validate (self->address, -1, NULL) ||
                                strlen (self->address) > 1024))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The registered address is not valid text or is too long"));
      return FALSE;
    }
  if (self->consultant != NULL && (!g_utf8_validate (self->consultant, -1, NULL) ||
                                   strlen (self->consultant) > 256))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The consultant’s name is not valid text or is too long"));
      return FALSE;
    }

  if (!check_date (self->group_filed, _("liquidation group filing"), error) ||
      !check_date (self->announced, _("public announcement"), error) ||
      !check_date (self->planned_deregistration, _("planned deregistration"), error))
    return FALSE;

  /* The statutory order (Company Law Arts. 232, 235; Registration
   * Regulation Art. 32): the group is formed and filed, the announcement
   * follows, deregistration comes last. ISO dates compare as strings. */
  if (self->group_filed != NULL && self->announced != NULL &&
      strcmp (self->announced, self->group_filed) < 0)
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The public announcement cannot be before the liquidation group was filed"));
      return FALSE;
    }
  if (self->planned_deregistration != NULL &&
      ((self->announced != NULL && strcmp (self->planned_deregistration, self->announced) < 0) ||
       (self->group_filed != NULL && strcmp (self->planned_deregistration, self->group_filed) < 0)))
    {
      g_set_error (error, CD_STORE_ERROR, CD_STORE_ERROR_INVALID,
                   _("The planned deregistration cannot be before the public announcement or the "
                     "filing of the liquidation group"));
      return FALSE;
    }

  return TRUE;
}

/* -- CdMember ---------------------------------------------------------------- */

struct _CdMember
{
  GObject       parent_instance;

  char         *id;
  char         *name;
  CdMemberRole  role;
  char         *phone;
};

enum {
  MEMBER_PROP_0,
  MEMBER_PROP_ID,
  MEMBER_PROP_NAME,
  MEMBER_PROP_ROLE,
  MEMBER_PROP_PHONE,
  MEMBER_N_PROPS,
};

static GParamSpec *member_properties[MEMBER_N_PROPS];

G_DEFINE_FINAL_TYPE (CdMember, cd_member, G_TYPE_OBJECT)

static void
cd_member_finalize (GObject *object)
{
  CdMember *self = CD_MEMBER (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->phone);

  G_OBJECT_CLASS (cd_member_parent_class)->finalize (object);
}

static void
cd_member_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CdMember *self = CD_MEMBER (object);

  switch (prop_id)
    {
    case MEMBER_PROP_ID: g_value_set_string (value, self->id); break;
    case MEMBER_PROP_NAME: g_value_set_string (value, self->name); break;
    case MEMBER_PROP_ROLE: g_value_set_enum (value, self->role); break;
    case MEMBER_PROP_PHONE: g_value_set_string (value, self->phone); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_member_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CdMember *self = CD_MEMBER (object);

  switch (prop_id)
    {
    case MEMBER_PROP_ID: cd_member_set_id (self, g_value_get_string (value)); break;
    case MEMBER_PROP_NAME: cd_member_set_name (self, g_value_get_string (value)); break;
    case MEMBER_PROP_ROLE: cd_member_set_role (self, g_value_get_enum (value)); break;
    case MEMBER_PROP_PHONE: cd_member_set_phone (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_member_class_init (CdMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cd_member_finalize;
  object_class->get_property = cd_member_get_property;
  object_class->set_property = cd_member_set_property;

  member_properties[MEMBER_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  member_properties[MEMBER_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  member_properties[MEMBER_PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, CD_TYPE_MEMBER_ROLE,
                                                           CD_MEMBER_ROLE_MEMBER, flags);
  member_properties[MEMBER_PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, MEMBER_N_PROPS, member_properties);
}

static void
cd_member_init (CdMember *self)
{
  self->role = CD_MEMBER_ROLE_MEMBER;
}

CdMember *
cd_member_new (const char   *name,
               CdMemberRole  role)
{
  return g_object_new (CD_TYPE_MEMBER, "name", name, "role", role, NULL);
}

#define DEFINE_MEMBER_STRING(field, PROP)                                       \
  const char *                                                                  \
  cd_member_get_##field (CdMember *self)                                        \
  {                                                                             \
    g_return_val_if_fail (CD_IS_MEMBER (self), NULL);                           \
    return self->field;                                                         \
  }                                                                             \
  void                                                                          \
  cd_member_set_##field (CdMember   *self,                                      \
                         const char *value)                                     \
  {                                                                             \
    g_return_if_fail (CD_IS_MEMBER (self));                                     \
    if (set_string (&self->field, value))                                       \
      g_object_notify_by_pspec (G_OBJECT (self), member_properties[PROP]);      \
  }

DEFINE_MEMBER_STRING (id, MEMBER_PROP_ID)
DEFINE_MEMBER_STRING (name, MEMBER_PROP_NAME)
DEFINE_MEMBER_STRING (phone, MEMBER_PROP_PHONE)

CdMemberRole
cd_member_get_role (CdMember *self)
{
  g_return_val_if_fail (CD_IS_MEMBER (self), CD_MEMBER_ROLE_MEMBER);
  return self->role;
}

void
cd_member_set_role (CdMember     *self,
                    CdMemberRole  role)
{
  g_return_if_fail (CD_IS_MEMBER (self));
  if (self->role == role)
    return;
  self->role = role;
  g_object_notify_by_pspec (G_OBJECT (self), member_properties[MEMBER_PROP_ROLE]);
}
