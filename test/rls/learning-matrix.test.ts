import { adminCtx, anonCtx, seedLearningWorld, serviceCtx, userCtx } from '../learning/fixtures.js';
import { CRM_CONTEXTS, describeMatrix, type Persona, type TableContract } from './probe.js';

/**
 * Every required persona × operation on every learning table (see test/rls/probe.ts for the probes),
 * against the access contract below, written out from docs/learning.md ("Access"): whatever a persona is
 * not listed for is denied; service_role does what its grants say. The people (seedLearningWorld):
 * `owner` is the user the rows belong to (`owner:` below; the learner L unless said), `instructor` I,
 * who teaches the published course P (the content tables' rows), `other` a signed-in user with no
 * profile link to the rows (S, enrolled in nothing), `admin` a user whose JWT says
 * app_metadata.role = 'admin'.
 */
type LearningContract = TableContract & { owner?: 'L' | 'I' };

const ownAdminReads = (allowed: string, instructorReads = false): LearningContract => ({
  rows: 'user_id = :L',
  allowed: { 'authenticated:owner': allowed, 'authenticated:admin': 's', ...(instructorReads ? { 'authenticated:instructor': 's' } : {}) },
});
const content = (rows: string, extra: Partial<Record<Persona, string>> = {}): LearningContract => ({
  rows,
  allowed: { 'authenticated:instructor': 'siud', 'authenticated:admin': 'siud', ...extra },
});
const everyone = (rows: string): LearningContract => ({ rows, allowed: { anon: 's', 'authenticated:other': 's', 'authenticated:admin': 's' } });

const CONTRACT: Record<string, LearningContract> = {
  // people
  'learning.users': { rows: 'id = :L', allowed: { 'authenticated:owner': 'siu', 'authenticated:admin': 's' } },
  'learning.user_addresses': ownAdminReads('siud'),
  'learning.user_preferences': ownAdminReads('siud'),
  'learning.user_notes': ownAdminReads('siud'),
  'learning.user_bookmarks': ownAdminReads('siud'),
  'learning.user_achievements': ownAdminReads('s'),
  'learning.user_roles': ownAdminReads('s'),
  'learning.roles': { rows: 'id = :ROLE', allowed: { 'authenticated:other': 's', 'authenticated:admin': 's' } },
  // progress (the learner L in the published course P)
  'learning.enrollments': ownAdminReads('siu', true),
  'learning.lesson_progress': ownAdminReads('siu', true),
  'learning.lesson_activity_events': ownAdminReads('si', true),
  'learning.course_completions': ownAdminReads('su', true),
  'learning.quiz_attempts': ownAdminReads('s', true),
  // billing
  // a learner opens a purchase as `pending` only: status is not theirs to insert (its default)
  'learning.course_purchases': ownAdminReads('si'),
  'learning.payment_transactions': ownAdminReads('s'),
  'learning.subscriptions': ownAdminReads('su'),
  'learning.subscription_plans': everyone('id = :PLAN'),
  // catalog: the instructor's draft D for its owner and admins; anon and other users probe the published P
  'learning.courses': {
    owner: 'I',
    rows: 'id = :D',
    rowsFor: { anon: 'id = :P', 'authenticated:other': 'id = :P' },
    allowed: { anon: 's', 'authenticated:other': 's', 'authenticated:owner': 'siud', 'authenticated:admin': 'siud' },
  },
  'learning.course_categories': everyone('id = :CAT'),
  'learning.course_tags': everyone('id = :TAG'),
  'learning.course_tag_mappings': {
    rows: 'course_id = :P',
    allowed: { anon: 's', 'authenticated:other': 's', 'authenticated:instructor': 'sid', 'authenticated:admin': 'sid' },
  },
  'learning.content_versions': { owner: 'I', rows: 'created_by = :I', allowed: { 'authenticated:owner': 'si', 'authenticated:admin': 's' } },
  // content of the published course P: anon and other users read its sections and preview lessons only
  'learning.course_sections': content('id = :SP', { anon: 's', 'authenticated:other': 's' }),
  'learning.course_lessons': { ...content('id = :LN', { anon: 's', 'authenticated:other': 's' }), rowsFor: { anon: 'id = :LP', 'authenticated:other': 'id = :LP' } },
  'learning.course_resources': content('id = :R'),
  'learning.course_quizzes': content('id = :Q'),
  'learning.quiz_questions': content('id = :QQ'),
  // media: L's private file; anon and other users probe I's public one
  'learning.media_files': {
    rows: 'id = :MPRIV',
    rowsFor: { anon: 'id = :MPUB', 'authenticated:other': 'id = :MPUB' },
    allowed: { anon: 's', 'authenticated:other': 's', 'authenticated:owner': 'siud', 'authenticated:admin': 'sd' },
  },
};

describeMatrix({
  schema: 'learning',
  contract: CONTRACT,
  seed: seedLearningWorld,
  contexts: (contract, ids) => ({
    anon: anonCtx,
    'authenticated:owner': userCtx(ids[contract.owner ?? 'L']!),
    'authenticated:other': userCtx(ids.S!),
    'authenticated:admin': adminCtx(ids.A!),
    'authenticated:instructor': userCtx(ids.I!),
    service_role: serviceCtx,
    ...CRM_CONTEXTS,
  }),
});
