/**
 * The personal-data registry: every `personalData(…)` declaration of the package, collected from the
 * modules that declare them beside their tables (docs/subjects.md). A new declaration in one of these
 * modules is picked up by itself; a new module is added here. The catalog check
 * (test/subjects/catalog.test.ts) fails on a personal-looking column no entry names.
 */
import { isPersonalDataEntry, type PersonalDataEntry } from '../../schema/_shared/personal-data.js';
import * as crmConversations from '../../schema/crm/conversations.sql.js';
import * as crmCustomers from '../../schema/crm/customers.sql.js';
import * as unifiedAudit from '../../schema/unified/audit.sql.js';
import * as unifiedEnrollments from '../../schema/unified/enrollments.sql.js';
import * as unifiedLeads from '../../schema/unified/leads.sql.js';
import * as unifiedProfiles from '../../schema/unified/profiles.sql.js';
import * as unifiedRollups from '../../schema/unified/rollups.sql.js';
import * as unifiedTransactions from '../../schema/unified/transactions.sql.js';
import * as ingestRaw from '../../schema/ingest/raw.sql.js';
import * as ingestRejected from '../../schema/ingest/rejected.sql.js';
import * as ingestRunLog from '../../schema/ingest/run-log.sql.js';
import * as ingestSyncSchema from '../../ingest/sync/schema.sql.js';
import * as learningActivity from '../../schema/learning/activity.sql.js';
import * as learningAssessment from '../../schema/learning/assessment.sql.js';
import * as learningBilling from '../../schema/learning/billing.sql.js';
import * as learningCatalog from '../../schema/learning/catalog.sql.js';
import * as learningMedia from '../../schema/learning/media.sql.js';
import * as learningPeople from '../../schema/learning/people.sql.js';
import * as learningProgress from '../../schema/learning/progress.sql.js';
import * as woloAdmin from '../../schema/wolo/admin.sql.js';
import * as woloAnalytics from '../../schema/wolo/analytics.sql.js';
import * as woloDonations from '../../schema/wolo/donations.sql.js';
import * as woloIdentity from '../../schema/wolo/identity.sql.js';
import * as woloNotifications from '../../schema/wolo/notifications.sql.js';
import * as woloPacks from '../../schema/wolo/packs.sql.js';
import * as woloPots from '../../schema/wolo/pots.sql.js';
import * as woloProfiles from '../../schema/wolo/profiles.sql.js';
import * as woloRedemption from '../../schema/wolo/redemption.sql.js';
import * as woloReferrals from '../../schema/wolo/referrals.sql.js';
import * as authUsers from '../../schema/auth/users.sql.js';


const modules = [crmConversations, crmCustomers, unifiedAudit, unifiedEnrollments, unifiedLeads, unifiedProfiles, unifiedRollups, unifiedTransactions, ingestRaw, ingestRejected, ingestRunLog, ingestSyncSchema, learningActivity, learningAssessment, learningBilling, learningCatalog, learningMedia, learningPeople, learningProgress, woloAdmin, woloAnalytics, woloDonations, woloIdentity, woloNotifications, woloPacks, woloPots, woloProfiles, woloRedemption, woloReferrals, authUsers];

/** Every entry, once, in declaration order (erasure reorders them: src/functions/subjects/sql.ts, erasureOrder). */
export const personalDataRegistry: readonly PersonalDataEntry[] = (() => {
  // by export name within a module (a module namespace's own order; loaders differ when they wrap
  // modules), so the generated SQL is the same whoever imports the registry
  const entries = modules.flatMap((m) =>
    Object.entries(m)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v)
      .filter(isPersonalDataEntry),
  );
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.qualifiedName)) throw new Error(`personal-data registry: ${e.qualifiedName} is declared twice`);
    seen.add(e.qualifiedName);
  }
  return entries;
})();
