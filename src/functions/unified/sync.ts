import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import { EMAIL_MAX_LENGTH, EMAIL_REGEXP } from '../../schema/_shared/index.js';
import { parseParams } from './params.js';

/** Compared the way sync_profile_data matches: trimmed, case-insensitive. */
const email = z
  .string({ error: 'is required' })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.string().max(EMAIL_MAX_LENGTH).regex(EMAIL_REGEXP, { error: 'is not a valid email' }));
const optionalText = z.string().nullish();
const instant = z
  .union([z.date(), z.string()])
  .transform((v, ctx) => {
    const d = v instanceof Date ? v : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: `is not a timestamp: "${String(v)}"` });
      return z.NEVER;
    }
    return d.toISOString();
  })
  .nullish();

/** A Systeme.io contact. Systeme.io wins for names and tags. */
const contact = z
  .object({
    email,
    firstName: optionalText,
    lastName: optionalText,
    phone: optionalText,
    /** An array of tags or a comma-separated string; replaces the profile's tags. */
    tags: z.union([z.array(z.string()), z.string()]).nullish(),
    systemeioId: z.union([z.string(), z.number()]).nullish(),
    acquisitionSource: optionalText,
    /** When the contact signed up; the profile's created_at becomes the earliest known date. */
    createdAt: instant,
  })
  .strict();

/** A Xendit payment. Only paid/settled ones (or without status) make a customer. */
const payment = z
  .object({
    email,
    firstName: optionalText,
    lastName: optionalText,
    phone: optionalText,
    /** Xendit status (PAID, SETTLED, PENDING, EXPIRED …), case-insensitive. */
    status: optionalText,
    paidAt: instant,
    createdAt: instant,
    externalId: optionalText,
    amount: z.union([z.number(), z.string()]).nullish(),
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
  );
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
