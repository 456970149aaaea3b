import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { EMAIL_MAX_LENGTH, EMAIL_REGEXP, isOneLineText, isStorableText, PHONE_PATTERN, STORABLE_TEXT_MESSAGE, TEXT_LIMITS } from '../../schema/_shared/index.js';
import { TRANSACTION_STATUSES } from '../../schema/unified/constants.js';
import { limitViolation } from '../limits.js';
import { parseParams } from './params.js';

const phoneRe = new RegExp(PHONE_PATTERN);
/** Compared the way sync_profile_data matches: trimmed, case-insensitive. */
const email = z
  .string({ error: 'is required' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().max(EMAIL_MAX_LENGTH).regex(EMAIL_REGEXP, { error: 'is not a valid email' }));
/** Text the database stores unchanged, within the profile's CHECK limits (TEXT_LIMITS). */
const text = (max: number) => z.string().max(max).refine(isStorableText, STORABLE_TEXT_MESSAGE).nullish();
const optionalText = text(TEXT_LIMITS.label);
const name = text(TEXT_LIMITS.name);
/** What sync_profile_data keeps of a phone: separators (spaces, dots, dashes, parentheses) dropped, then +digits. */
const phone = z
  .string()
  .max(TEXT_LIMITS.label)
  .refine((v) => phoneRe.test(v.replace(/[\s().-]/g, '')), { error: 'is not a phone number (an optional + and 7 to 15 digits; spaces, dots, dashes and parentheses allowed)' })
  .nullish();
/** A Xendit status, any case: one the sync knows (paid and settled count; the others are ignored). */
const status = z
  .string()
  .refine((v) => (TRANSACTION_STATUSES as readonly string[]).includes(v.toLowerCase()), { error: `must be one of ${TRANSACTION_STATUSES.join(', ')} (any case)` })
  .nullish();
/** An amount: a finite number >= 0, or its decimal text. */
const amount = z
  .union([z.number().finite().nonnegative().max(9_999_999_999.99), z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, { error: 'is not an amount (digits, at most 2 decimals)' })])
  .nullish();
/** Tags as sync_profile_data splits them (an array, or a comma-separated string): the profile's CHECK limits per tag and per profile. */
const validTags = (list: string[]) => {
  const kept = list.map((t) => t.trim()).filter(Boolean);
  return kept.length <= TEXT_LIMITS.tags && kept.every((t) => t.length <= TEXT_LIMITS.tag && isOneLineText(t));
};
const TAGS_MESSAGE = `at most ${TEXT_LIMITS.tags} tags of at most ${TEXT_LIMITS.tag} characters, one line each, ${STORABLE_TEXT_MESSAGE}`;
const tags = z
  .union([z.array(z.string()).refine(validTags, TAGS_MESSAGE), z.string().refine((v) => validTags(v.split(',')), TAGS_MESSAGE)])
  .nullish();
const instant = z
  .union([z.date(), z.string()])
  .transform((v, ctx) => {
    const d = v instanceof Date ? v : new Date(v);
    // Years 1 to 9999: what JavaScript and PostgreSQL both read and print alike.
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) {
      ctx.addIssue({ code: 'custom', message: `is not a timestamp between years 1 and 9999: "${String(v).slice(0, 40)}"` });
      return z.NEVER;
    }
    return d.toISOString();
  })
  .nullish();

/** A Systeme.io contact. Systeme.io wins for names and tags. */
const contact = z
  .object({
    email,
    firstName: name,
    lastName: name,
    phone,
    /** An array of tags or a comma-separated string; replaces the profile's tags. */
    tags,
    systemeioId: z.union([z.string().max(TEXT_LIMITS.label).refine(isStorableText, STORABLE_TEXT_MESSAGE), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).nullish(),
    acquisitionSource: optionalText,
    /** When the contact signed up; the profile's created_at becomes the earliest known date. */
    createdAt: instant,
  })
  .strict();

/** A Xendit payment. Only paid/settled ones (or without status) make a customer. */
const payment = z
  .object({
    email,
    firstName: name,
    lastName: name,
    phone,
    /** Xendit status (PAID, SETTLED, PENDING, EXPIRED …), case-insensitive. */
    status,
    paidAt: instant,
    createdAt: instant,
    externalId: optionalText,
    amount,
  })
  .strict();

const syncParams = z
  .object({
    contacts: z.array(contact).default([]),
    payments: z.array(payment).default([]),
    /** Create an auth user for an email that has none (default true); otherwise such emails are skipped. */
    createMissingUsers: z.boolean().default(true),
  })
  .strict();
export type SyncProfileDataParams = z.input<typeof syncParams>;
export type SystemeioContact = z.input<typeof contact>;
export type XenditPayment = z.input<typeof payment>;

export interface SyncProfileDataResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Emails with no profile and no auth user while createMissingUsers is false. */
  skipped: number;
  usersCreated: number;
  transactionsLinked: number;
}

const snake = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));

/**
 * sync_profile_data(contacts, payments, create_missing_users): validates every element (a
 * ValidationError names e.g. `contacts[3].email`), then merges in one database transaction.
 */
export async function syncProfileData(db: Database, params: SyncProfileDataParams): Promise<SyncProfileDataResult> {
  const p = parseParams(syncParams, params);
  const contacts = JSON.stringify(p.contacts.map((c) => snake({ ...c, systemeioId: c.systemeioId == null ? c.systemeioId : String(c.systemeioId) })));
  const payments = JSON.stringify(p.payments.map(snake));
  const [row] = await queryRows<{ inserted: number; updated: number; unchanged: number; skipped: number; users_created: number; transactions_linked: number }>(
    db,
    sql`select * from public.sync_profile_data(${contacts}::jsonb, ${payments}::jsonb, ${p.createMissingUsers})`,
  ).catch((error: unknown) => {
    throw limitViolation(error, 'unified_profiles', 'params.') ?? error;
  });
  if (!row) throw new Error('sync_profile_data returned no row');
  return {
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    skipped: Number(row.skipped),
    usersCreated: Number(row.users_created),
    transactionsLinked: Number(row.transactions_linked),
  };
}
