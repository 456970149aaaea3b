import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, integer, jsonb, pgPolicy, text, unique, uuid, varchar, boolean } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole } from 'drizzle-orm/supabase';
import { authUid, checkIn, isAdminSql, timestamps, tstz, ownRowPolicies } from './_shared.js';
import { MEDIA_PROCESSING_STATUSES, MEDIA_VISIBILITIES, VERSIONED_CONTENT_TYPES } from './constants.js';
import { courseLessons } from './content.js';
import { users } from './people.js';
import { learning } from './schema.js';
import { checkJsonSize, checkLength, readPolicy, rlsTable, TEXT_LIMITS } from '../_shared/index.js';

const own = (userId: unknown) => sql`${userId} = ${authUid}`;

/** Uploaded files. Public files are readable by everyone; private and course-only ones by their owner and admins. */
export const mediaFiles = rlsTable(learning, 'media_files', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id'),
  filename: varchar('filename', { length: 255 }).notNull(),
  originalFilename: varchar('original_filename', { length: 255 }).notNull(),
  filePath: text('file_path').notNull(),
  fileSize: bigint('file_size', { mode: 'number' }).notNull(),
  mimeType: varchar('mime_type', { length: 100 }).notNull(),
  /** sha256 hex, for deduplication. */
  fileHash: varchar('file_hash', { length: 64 }),
  width: integer('width'),
  height: integer('height'),
  /** Seconds (video/audio). */
  duration: integer('duration'),
  processingStatus: text('processing_status', { enum: MEDIA_PROCESSING_STATUSES }).notNull().default('pending'),
  processedVariants: jsonb('processed_variants').notNull().default(sql`'{}'::jsonb`),
  cdnUrl: text('cdn_url'),
  cacheExpiresAt: tstz('cache_expires_at'),
  visibility: text('visibility', { enum: MEDIA_VISIBILITIES }).notNull().default('private'),
  downloadCount: integer('download_count').notNull().default(0),
  ...timestamps(),
}, (t) => [
  // The file outlives its uploader's account (course media); unowned files are the admins'.
  foreignKey({ name: 'media_files_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('set null'),
  check('valid_file_size', sql`file_size > 0`),
  check('media_files_dimensions_check', sql`width > 0 AND height > 0 AND duration >= 0 AND download_count >= 0`),
  check('media_files_file_hash_check', sql`file_hash ~ '^[0-9a-f]{64}$'`),
  checkIn('media_files', 'processing_status', MEDIA_PROCESSING_STATUSES),
  checkIn('media_files', 'visibility', MEDIA_VISIBILITIES),
  checkLength('media_files', 'file_path', TEXT_LIMITS.url),
  checkLength('media_files', 'cdn_url', TEXT_LIMITS.url),
  checkJsonSize('media_files', 'processed_variants', TEXT_LIMITS.jsonBytes),
  // A user's uploads; RLS (user_id); the FK's ON DELETE SET NULL.
  index('media_files_user_id_idx').on(t.userId),
  // Deduplication: is this content already stored?
  index('media_files_file_hash_idx').on(t.fileHash),
  // The public-file policy (visibility = 'public', for anon and everyone), newest first.
  index('media_files_public_idx').on(t.createdAt).where(sql`visibility = 'public'`),
  // The processing worker's queue.
  index('media_files_processing_idx').on(t.createdAt).where(sql`processing_status IN ('pending', 'processing')`),
  pgPolicy('everyone reads public files', { for: 'select', to: anonRole, using: sql`${t.visibility} = 'public'` }),
  readPolicy('users read public files, their own, admins all', sql`${t.visibility} = 'public' OR ${own(t.userId)} OR ${isAdminSql}`),
  pgPolicy('users upload their own files', { for: 'insert', to: authenticatedRole, withCheck: own(t.userId) }),
  pgPolicy('users edit their own files', { for: 'update', to: authenticatedRole, using: own(t.userId), withCheck: own(t.userId) }),
  pgPolicy('users delete their own files and admins any', { for: 'delete', to: authenticatedRole, using: sql`${own(t.userId)} OR ${isAdminSql}` }),
]);
export type MediaFile = typeof mediaFiles.$inferSelect; export type NewMediaFile = typeof mediaFiles.$inferInsert;

/** Versions of any content row (polymorphic: content_type + content_id, so no foreign key). */
export const contentVersions = rlsTable(learning, 'content_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  contentId: uuid('content_id').notNull(),
  contentType: varchar('content_type', { length: 50, enum: VERSIONED_CONTENT_TYPES }).notNull(),
  versionNumber: integer('version_number').notNull(),
  contentData: jsonb('content_data').notNull(),
  changeSummary: text('change_summary'),
  createdBy: uuid('created_by'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'content_versions_created_by_fkey', columns: [t.createdBy], foreignColumns: [users.id] }).onDelete('set null'),
  checkIn('content_versions', 'content_type', VERSIONED_CONTENT_TYPES),
  check('content_versions_version_number_check', sql`version_number > 0`),
  // a snapshot of a lesson holds its content (TEXT_LIMITS.document characters) and its JSON documents,
  checkJsonSize('content_versions', 'content_data', TEXT_LIMITS.snapshotBytes),
  checkLength('content_versions', 'change_summary', TEXT_LIMITS.content),
  // A content row's history (doc UNIQUE); the next version number.
  unique('content_versions_content_id_content_type_version_number_key').on(t.contentId, t.contentType, t.versionNumber),
  // RLS (created_by); the FK's ON DELETE SET NULL.
  index('content_versions_created_by_idx').on(t.createdBy),
  readPolicy('authors read their versions and admins all', sql`${own(t.createdBy)} OR ${isAdminSql}`),
  pgPolicy('authors record versions as themselves', { for: 'insert', to: authenticatedRole, withCheck: own(t.createdBy) }),
]);
export type ContentVersion = typeof contentVersions.$inferSelect; export type NewContentVersion = typeof contentVersions.$inferInsert;

export const userNotes = rlsTable(learning, 'user_notes', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  lessonId: uuid('lesson_id').notNull(),
  content: text('content').notNull(),
  /** Seconds into the video. */
  timestampInVideo: integer('timestamp_in_video'),
  isPrivate: boolean('is_private').notNull().default(true),
  ...timestamps(),
}, (t) => [
  foreignKey({ name: 'user_notes_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  foreignKey({ name: 'user_notes_lesson_id_fkey', columns: [t.lessonId], foreignColumns: [courseLessons.id] }).onDelete('cascade'),
  check('user_notes_content_check', sql`char_length(content) BETWEEN 1 AND 20000`),
  check('user_notes_timestamp_in_video_check', sql`timestamp_in_video >= 0`),
  // A user's notes of a lesson; RLS (user_id); the user FK.
  index('user_notes_user_id_lesson_id_idx').on(t.userId, t.lessonId),
  // The lesson FK's ON DELETE CASCADE.
  index('user_notes_lesson_id_idx').on(t.lessonId),
  ...ownRowPolicies('notes', t.userId),
]);
export type UserNote = typeof userNotes.$inferSelect; export type NewUserNote = typeof userNotes.$inferInsert;

export const userBookmarks = rlsTable(learning, 'user_bookmarks', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  lessonId: uuid('lesson_id').notNull(),
  title: varchar('title', { length: 200 }),
  timestampInVideo: integer('timestamp_in_video'),
  notes: text('notes'),
  createdAt: tstz('created_at').notNull().defaultNow(),
}, (t) => [
  foreignKey({ name: 'user_bookmarks_user_id_fkey', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  foreignKey({ name: 'user_bookmarks_lesson_id_fkey', columns: [t.lessonId], foreignColumns: [courseLessons.id] }).onDelete('cascade'),
  check('user_bookmarks_timestamp_in_video_check', sql`timestamp_in_video >= 0`),
  check('user_bookmarks_notes_check', sql`char_length(notes) <= 5000`),
  // A user's bookmarks of a lesson; RLS (user_id); the user FK.
  index('user_bookmarks_user_id_lesson_id_idx').on(t.userId, t.lessonId),
  // The lesson FK's ON DELETE CASCADE.
  index('user_bookmarks_lesson_id_idx').on(t.lessonId),
  ...ownRowPolicies('bookmarks', t.userId),
]);
export type UserBookmark = typeof userBookmarks.$inferSelect; export type NewUserBookmark = typeof userBookmarks.$inferInsert;
