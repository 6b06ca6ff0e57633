/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cd-notice: the records of customer notices, holdings and per-customer
 * plan overrides, with the stable identifiers the case file and the
 * command line use and the labels the app shows. */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cd-notice.h"

G_DEFINE_QUARK (cd_notice_error_quark, cd_notice_error)

typedef struct
{
  const char *id;
  const char *label;
} Named;

static const Named states[CD_N_NOTICE_STATES] = {
  { "none", NC_("notice state", "Not drafted") },
  { "drafted", NC_("notice state", "Drafted") },
  { "sent", NC_("notice state", "Sent") },
};

static const Named channels[CD_N_CHANNELS] = {
  { "post", NC_("notice channel", "Post") },
  { "email", NC_("notice channel", "E-mail") },
  { "sms", NC_("notice channel", "SMS") },
  { "in_person", NC_("notice channel", "In person") },
  { "phone", NC_("notice channel", "Phone") },
};

static const Named responses[CD_N_RESPONSES] = {
  { "none", NC_("notice response", "No response") },
  { "no_objection", NC_("notice response", "No objection") },
  { "delete", NC_("notice response", "Delete my data") },
  { "copy", NC_("notice response", "Send me a copy") },
  { "object_transfer", NC_("notice response", "Object to transfer") },
  { "other", NC_("notice response", "Other") },
};

static gboolean
named_from_string (const Named  *table,
                   guint         n,
                   const char   *what,
                   const char   *text,
                   guint        *out_index,
                   GError      **error)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (text != NULL && g_ascii_strcasecmp (text, table[i].id) == 0)
      {
        *out_index = i;
        return TRUE;
      }

  for (guint i = 0; i < n; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", table[i].id);
  /* TRANSLATORS: "Unknown channel “fax”: use one of post, email, …" */
  g_set_error (error, CD_NOTICE_ERROR, CD_NOTICE_ERROR_UNKNOWN_VALUE,
               _("Unknown %s “%s”: use one of %s"), what, text != NULL ? text : "", ids->str);
  return FALSE;
}

const char *
cd_notice_state_to_id (CdNoticeState state)
{
  g_return_val_if_fail (state < CD_N_NOTICE_STATES, NULL);
  return states[state].id;
}

const char *
cd_notice_state_get_label (CdNoticeState state)
{
  g_return_val_if_fail (state < CD_N_NOTICE_STATES, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "notice state", states[state].label);
}

gboolean
cd_notice_state_from_string (const char     *text,
                             CdNoticeState  *out_state,
                             GError        **error)
{
  guint i;

  if (!named_from_string (states, CD_N_NOTICE_STATES, _("notice state"), text, &i, error))
    return FALSE;
  *out_state = (CdNoticeState) i;
  return TRUE;
}

const char *
cd_channel_to_id (CdNoticeChannel channel)
{
  g_return_val_if_fail (channel < CD_N_CHANNELS, NULL);
  return channels[channel].id;
}

const char *
cd_channel_get_label (CdNoticeChannel channel)
{
  g_return_val_if_fail (channel < CD_N_CHANNELS, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "notice channel", channels[channel].label);
}

gboolean
cd_channel_from_string (const char       *text,
                        CdNoticeChannel  *out_channel,
                        GError          **error)
{
  guint i;

  if (!named_from_string (channels, CD_N_CHANNELS, _("channel"), text, &i, error))
    return FALSE;
  *out_channel = (CdNoticeChannel) i;
  return TRUE;
}

const char *
cd_response_to_id (CdNoticeResponse response)
{
  g_return_val_if_fail (response < CD_N_RESPONSES, NULL);
  return responses[response].id;
}

const char *
cd_response_get_label (CdNoticeResponse response)
{
  g_return_val_if_fail (response < CD_N_RESPONSES, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "notice response", responses[response].label);
}

gboolean
cd_response_from_string (const char        *text,
                         CdNoticeResponse  *out_response,
                         GError           **error)
{
  guint i;

  if (!named_from_string (responses, CD_N_RESPONSES, _("response"), text, &i, error))
    return FALSE;
  *out_response = (CdNoticeResponse) i;
  return TRUE;
}

CdNotice *
cd_notice_new (const char *customer_id)
{
  CdNotice *notice = g_new0 (CdNotice, 1);

  notice->customer_id = g_strdup (customer_id);
  notice->window_days = CD_NOTICE_DEFAULT_WINDOW_DAYS;
  return notice;
}

CdNotice *
cd_notice_copy (const CdNotice *notice)
{
  CdNotice *copy = g_new (CdNotice, 1);

  *copy = *notice;
  copy->customer_id = g_strdup (notice->customer_id);
  copy->template_name = g_strdup (notice->template_name);
  copy->sent_on = g_strdup (notice->sent_on);
  copy->deadline = g_strdup (notice->deadline);
  copy->response_text = g_strdup (notice->response_text);
  copy->responded_on = g_strdup (notice->responded_on);
  return copy;
}

void
cd_notice_free (CdNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->customer_id);
  g_free (notice->template_name);
  g_free (notice->sent_on);
  g_free (notice->deadline);
  g_free (notice->response_text);
  g_free (notice->responded_on);
  g_free (notice);
}

/**
 * cd_notice_is_overdue:
 * @notice: a notice
 * @today: YYYY-MM-DD
 *
 * Returns: whether the notice was sent, is unanswered and its response
 *   deadline has passed (the deadline day itself is not overdue)
 */
gboolean
cd_notice_is_overdue (const CdNotice *notice,
                      const char     *today)
{
  return notice != NULL && notice->state == CD_NOTICE_SENT &&
         notice->response == CD_RESPONSE_NONE && notice->deadline != NULL &&
         today != NULL && strcmp (notice->deadline, today) < 0;
}

void
cd_holding_free (CdHolding *holding)
{
  if (holding == NULL)
    return;
  g_free (holding->customer_id);
  g_free (holding->asset_id);
  g_free (holding);
}

void
cd_customer_file_free (CdCustomerFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->member);
  g_free (file->asset_id);
  g_free (file);
}

CdCustomerPlan *
cd_customer_plan_new (const char *customer_id)
{
  CdCustomerPlan *plan = g_new0 (CdCustomerPlan, 1);

  plan->customer_id = g_strdup (customer_id);
  plan->disposition = CD_DISPOSITION_UNDECIDED;
  return plan;
}

void
cd_customer_plan_free (CdCustomerPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->customer_id);
  g_free (plan->reason);
  g_free (plan->decided_by);
  g_free (plan);
}

void
cd_case_template_free (CdCaseTemplate *tmpl)
{
  if (tmpl == NULL)
    return;
  g_free (tmpl->name);
  g_free (tmpl->language);
  g_free (tmpl->subject);
  g_free (tmpl->body);
  g_free (tmpl);
}
