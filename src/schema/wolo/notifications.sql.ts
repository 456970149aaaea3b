// Personal data of the WOLO notifications (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { personalData } from '../_shared/personal-data.js';
import { notificationPreferences, notifications } from './notifications.js';

export const woloNotificationsPersonalData = personalData(notifications, {
  columns: ['user_id', 'recipient_identifier', 'subject', 'body', 'template_data', 'provider_response'],
  findBy: [
    { subject: 'userId', column: 'user_id' },
    { subject: 'email', column: 'recipient_identifier' },
    { subject: 'phone', column: 'recipient_identifier' },
    // a notification to someone else may name the person (a donor, an invitee)
    { mention: 'subject' },
    { mention: 'body' },
    { mention: 'template_data' },
  ],
  erase: { action: 'delete' },
});
export const woloNotificationPreferencesPersonalData = personalData(notificationPreferences, {
  columns: ['user_id', 'email_enabled', 'sms_enabled', 'whatsapp_enabled', 'marketing_opt_in_at', 'marketing_opt_in_source'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
