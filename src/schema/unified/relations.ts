import { relations } from 'drizzle-orm';
import { adminNotifications } from './audit.js';
import { courses } from './courses.js';
import { enrollments } from './enrollments.js';
import { affiliates, membershipLevels, unifiedProfiles } from './profiles.js';
import { transactions } from './transactions.js';

// For drizzle's relational queries (db.query.unifiedProfiles.findMany({ with: { enrollments: true } })).
export const unifiedProfilesRelations = relations(unifiedProfiles, ({ one, many }) => ({
  membershipLevel: one(membershipLevels, { fields: [unifiedProfiles.membershipLevelId], references: [membershipLevels.id] }),
  affiliate: one(affiliates, { fields: [unifiedProfiles.affiliateId], references: [affiliates.id]}),
  enrollments: many(enrollments),
  transactions: many(transactions),
}));

export const transactionsRelations = relations(transactions, ({ one, many }) => ({
  profile: one(unifiedProfiles, { fields: [transactions.userId], references: [unifiedProfiles.id] }),
  enrollments: many(enrollments),
  notifications: many(adminNotifications),
}));

export const enrollmentsRelations = relations(enrollments, ({ one }) => ({
  profile: one(unifiedProfiles, { fields: [enrollments.userId], references: [unifiedProfiles.id] }),
  course: one(courses, { fields: [enrollments.courseId], references: [courses.id] }),
  transaction: one(transactions, { fields: [enrollments.transactionId], references: [transactions.id] }),
}));

export const coursesRelations = relations(courses, ({ many }) => ({
  enrollments: many(enrollments),
}));

export const membershipLevelsRelations = relations(membershipLevels, ({ many }) => ({
  profiles: many(unifiedProfiles),
}));

export const affiliatesRelations = relations(affiliates, ({ one }) => ({
  profile: one(unifiedProfiles, { fields: [affiliates.userId], references: [unifiedProfiles.id] }),
}));

export const adminNotificationsRelations = relations(adminNotifications, ({ one }) => ({
  transaction: one(transactions, { fields: [adminNotifications.transactionId], references: [transactions.id] }),
}));
