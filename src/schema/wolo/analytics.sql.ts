// Personal data of the WOLO analytics (issue 17, docs/subjects.md, "WOLO"): the same decisions as wolo.forget_user.
import { personalData } from '../_shared/personal-data.js';
import { abTestAssignments, analyticsEvents } from './analytics.js';

export const woloAnalyticsEventsPersonalData = personalData(analyticsEvents, {
  columns: ['user_id', 'session_id', 'anonymous_id', 'properties', 'ip_address', 'user_agent', 'city', 'region', 'country'],
  findBy: [{ subject: 'userId', column: 'user_id' }, { mention: 'properties' }],
  erase: { action: 'delete' },
});
export const woloAbTestAssignmentsPersonalData = personalData(abTestAssignments, {
  columns: ['user_id', 'anonymous_id', 'ip_address', 'user_agent'],
  findBy: [{ subject: 'userId', column: 'user_id' }],
  erase: { action: 'delete' },
});
