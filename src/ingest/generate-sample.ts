/**
 * Deterministic sample data for the ingest pipeline, with the design document's proportions, and
 * its ground truth: what a correct pipeline must count (ingest results, raw counts, the validation
 * report of part 2). The same seed and sizes always give byte-identical files.
 *
 *   npm run sample:generate                       # rewrites sample-data/ (the shipped files)
 *   npm run sample:generate -- --out dir --invoices 10000 --contacts 17000 --seed 7
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ValidationReport } from '../schema/ingest/validation-reports.js';

export interface SampleOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Xendit invoice records to produce, invalid and duplicated ones included (default 2,000). */
  invoices?: number;
  /** Systeme.io contact records to produce, invalid and duplicated ones included (default 3,500). */
  contacts?: number;
}

export interface ProductStatusCounts {
  paid: number;
  settled: number;
  expired: number;
  pending: number;
  total: number;
}

/** What a correct pipeline reports on this data (see docs/ingest.md for the rules it applies). */
export interface GroundTruth {
  seed: number;
  sizes: { invoices: number; contacts: number };
  /** First load of each file into empty raw tables (a second load: all `unchanged`). */
  ingest: {
    xendit: { total: number; inserted: number; rejected: number; duplicates: number };
    /** The API-shaped contacts (NDJSON / JSON): duplicate contacts have their own ids. */
    systemeio: { total: number; inserted: number; rejected: number; duplicates: number };
    /** The legacy CSV: its ids come from the email, so duplicate contacts collapse into one row. */
    systemeioCsv: { total: number; inserted: number; rejected: number; duplicates: number };
  };
  raw: {
    xendit: { byStatus: Record<'PAID' | 'SETTLED' | 'EXPIRED' | 'PENDING', number>; byProduct: Record<string, number> };
    systemeio: { rows: number; distinctEmails: number; tagged: { PaidP2P: number; Canva: number; both: number } };
  };
  /** The validation report of part 2's prepare on the API-shaped files (amounts as 2-decimal strings). */
  expected: Pick<
    ValidationReport,
    // authUsers: with no auth.users yet every buyer's user is new.
    'profiles' | 'authUsers' | 'enrollments' | 'leads' | 'manualPayments' | 'canvaBuyers' | 'duplicates' | 'invalidEmails' | 'rejected'
  > & {
    transactions: { total: number; fromInvoices: number; manual: number; withUser: number; retained: number; byProduct: Record<string, ProductStatusCounts> };
    revenue: Record<string, string>;
    /** Clean generated data has none. */
    blockingErrors: { code: string; message: string }[];
  };
}

export interface SampleData {
  /** Invoices as the Xendit Invoice API returns them (invalid and duplicated records included). */
  xenditInvoices: Record<string, unknown>[];
  /** Contacts as the Systeme.io Contacts API returns them (invalid and duplicated records included). */
  systemeioContacts: Record<string, unknown>[];
  groundTruth: GroundTruth;
}

// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    weighted: <K extends string>(w: Record<K, number>): K => {
      const entries = Object.entries(w) as [K, number][];
      const total = entries.reduce((s, [, v]) => s + v, 0);
      let r = next() * total;
      for (const [k, v] of entries) {
        r -= v;
        if (r < 0) return k;
      }
      return entries[entries.length - 1]![0];
    },
    hex: (n: number) => {
      let s = '';
      while (s.length < n) s += Math.floor(next() * 16).toString(16);
      return s;
    },
  };
}
type Rng = ReturnType<typeof prng>;

type Status = 'PAID' | 'SETTLED' | 'EXPIRED' | 'PENDING';
type ProductCode = 'P2P' | 'Canva' | 'Other';

// The document's Xendit counts: 4,496 PAID, 1,640 SETTLED, 2,818 EXPIRED, 71 UNPAID (= PENDING),
// and the P2P / Canva split within each status (the remainder is Other).
const STATUS_WEIGHTS: Record<Status, number> = { PAID: 4496, SETTLED: 1640, EXPIRED: 2818, PENDING: 71 };
const PRODUCT_BY_STATUS: Record<Status, Record<ProductCode, number>> = {
  PAID: { P2P: 3002, Canva: 1484, Other: 10 },
  SETTLED: { P2P: 332, Canva: 1299, Other: 9 },
  EXPIRED: { P2P: 973, Canva: 1839, Other: 6 },
  PENDING: { P2P: 36, Canva: 31, Other: 4 },
};
const DESCRIPTIONS: Record<ProductCode, readonly string[]> = {
  P2P: ['Papers to Profits', 'Papers to Profits - Full Course', 'PAPERS TO PROFITS Enrollment', 'Papers to Profits + Canva Bonus'],
  Canva: ['Canva Ebook', 'Canva Design Ebook', 'canva ebook (promo)'],
  Other: ['1:1 Coaching Session', 'Homeschool Planner Workshop', 'Printable Templates Pack'],
};
const AMOUNTS: Record<ProductCode, readonly number[]> = {
  P2P: [800, 800, 800, 800, 800, 1000],
  Canva: [1000, 1000, 1000, 499],
  Other: [350, 1500, 2500],
};
const CHANNELS = [
  ['EWALLET', 'GCASH'],
  ['EWALLET', 'PAYMAYA'],
  ['BANK_TRANSFER', 'BPI'],
  ['CREDIT_CARD', 'CREDIT_CARD'],
  ['RETAIL_OUTLET', '7ELEVEN'],
] as const;
const FIRST = ['Maria', 'Jose', 'Ana', 'Juan', 'Liza', 'Mark', 'Grace', 'Paolo', 'Joy', 'Carlo', 'Bea', 'Miguel', 'Rica', 'Noel', 'Kim', 'Ramon', 'Tess', 'Jun', 'Mae', 'Rey', 'Cristina', 'Angelo', 'Nina', 'Rafael'];
const LAST = ['Santos', 'Reyes', 'Cruz', 'Bautista', 'Ocampo', 'Garcia', 'Mendoza', 'Torres', 'Flores', 'Villanueva', 'Ramos', 'Aquino', 'Castillo', 'Rivera', 'Dela Cruz', 'Navarro', 'Salazar', 'Gonzales'];
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'ymail.com'];
const LEAD_TAGS = ['Lead', 'FBInviteSent', 'Webinar', 'Newsletter'];
const TAG_IDS: Record<string, number> = { PaidP2P: 101, Canva: 102, Lead: 103, FBInviteSent: 104, Webinar: 105, Newsletter: 106 };

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);

interface Person {
  first: string;
  last: string;
  email: string;
  phone: string;
  paidP2P: boolean;
  paidCanva: boolean;
  triedP2P: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The same email with different case and surrounding spaces, as the two systems often disagree. */
function variant(rng: Rng, email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  const cased = rng.chance(0.5) ? local.charAt(0).toUpperCase() + local.slice(1) : local.toUpperCase();
  const pad = rng.pick(['', ' ', '  ']);
  return `${pad}${cased}@${rng.chance(0.5) ? domain.toUpperCase() : domain}${rng.pick(['', ' '])}`;
}

const key = (email: string) => email.trim().toLowerCase();

function productOf(description: string): ProductCode {
  // The catalog's seed rules (ingest.products): ILIKE '%papers to profits%' (priority 10), '%canva%' (20).
  const d = description.toLowerCase();
  if (d.includes('papers to profits')) return 'P2P';
  if (d.includes('canva')) return 'Canva';
  return 'Other';
}

/** Generates the sample data and its ground truth. Pure: the same options give the same output. */
export function generateSampleData(options: SampleOptions = {}): SampleData {
  const seed = options.seed ?? 1;
  const nInvoices = options.invoices ?? 2000;
  const nContacts = options.contacts ?? 3500;
  const rng = prng(seed);
  const persons: Person[] = [];
  const usedEmails = new Set<string>();
  const newPerson = (): Person => {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    let email = '';
    for (let n = persons.length; ; n++) {
      email = `${first}.${last.replace(' ', '')}${n}@${rng.pick(DOMAINS)}`.toLowerCase();
      if (!usedEmails.has(email)) break;
    }
    usedEmails.add(email);
    const p: Person = { first, last, email, phone: `+639${rng.int(100000000, 999999999)}`, paidP2P: false, paidCanva: false, triedP2P: false };
    persons.push(p);
    return p;
  };

  // ---- invoices ---------------------------------------------------------------------------
  const nInvalidInvoices = Math.max(1, Math.round(nInvoices * 0.005));
  const nDuplicateInvoices = Math.max(1, Math.round(nInvoices * 0.0015));
  const nValidInvoices = nInvoices - nInvalidInvoices - nDuplicateInvoices;
  const invoices: Record<string, unknown>[] = [];
  const buyers: Person[] = [];
  for (let i = 0; i < nValidInvoices; i++) {
    const status = rng.weighted(STATUS_WEIGHTS);
    const product = rng.weighted(PRODUCT_BY_STATUS[status]);
    // A quarter of the invoices come from someone who already has one (retries, second products).
    const person = buyers.length && rng.chance(0.25) ? rng.pick(buyers) : newPerson();
    if (!buyers.includes(person)) buyers.push(person);
    const paid = status === 'PAID' || status === 'SETTLED';
    if (product === 'P2P') {
      person.triedP2P = true;
      if (paid) person.paidP2P = true;
    }
    if (product === 'Canva' && paid) person.paidCanva = true;
    const created = START + rng.int(0, 900) * DAY + rng.int(0, DAY / 1000 - 1) * 1000;
    const paidAt = paid ? created + rng.int(60, 7200) * 1000 : undefined;
    const updated = paidAt ?? created + (status === 'EXPIRED' ? DAY : rng.int(1, 600) * 1000);
    const [method, channel] = rng.pick(CHANNELS);
    const invoice: Record<string, unknown> = {
      id: rng.hex(24),
      external_id: `${product.toUpperCase()}-${String(i + 1).padStart(6, '0')}`,
      user_id: '5f2b0e1c9a8d7e0012345678',
      status,
      merchant_name: 'Graceful Homeschooling',
      amount: rng.pick(AMOUNTS[product]),
      payer_email: rng.chance(0.12) ? variant(rng, person.email) : person.email,
      description: rng.pick(DESCRIPTIONS[product]),
      expiry_date: iso(created + DAY),
      currency: 'PHP',
      created: iso(created),
      updated: iso(updated),
    };
    if (paidAt !== undefined) {
      invoice.paid_at = iso(paidAt);
      invoice.payment_method = method;
      invoice.payment_channel = channel;
    }
    invoices.push(invoice);
  }
  const validInvoices = [...invoices];
  // Exact repeats (an API page boundary moved, an export concatenated twice): the later one wins.
  for (let i = 0; i < nDuplicateInvoices; i++) {
    const at = rng.int(0, invoices.length);
    invoices.splice(at, 0, structuredClone(rng.pick(validInvoices)));
  }
  // Invalid records, each kind representable in the API shape and in the legacy CSV.
  const invalidInvoiceKinds = ['missing_id', 'invalid_email', 'amount_not_number', 'unknown_status', 'bad_date'] as const;
  let invalidPayerEmails = 0;
  for (let i = 0; i < nInvalidInvoices; i++) {
    const kind = invalidInvoiceKinds[i % invalidInvoiceKinds.length]!;
    const base = structuredClone(rng.pick(validInvoices));
    base.id = rng.hex(24);
    base.external_id = `BAD-${String(i + 1).padStart(6, '0')}`;
    if (kind === 'missing_id') {
      delete base.id;
      delete base.external_id;
    } else if (kind === 'invalid_email') {
      base.payer_email = rng.pick(['juan.delacruz@', 'not-an-email', 'ana@@example.com', "x'; DROP TABLE ingest.xendit_raw;--"]);
      invalidPayerEmails++;
    } else if (kind === 'amount_not_number') base.amount = 'eight hundred';
    else if (kind === 'unknown_status') base.status = 'REFUNDED';
    else base.created = 'last Tuesday';
    invoices.splice(rng.int(0, invoices.length), 0, base);
  }

  // ---- contacts -----------------------------------------------------------------------------
  const nInvalidContacts = Math.max(1, Math.round(nContacts * 0.004));
  const nDuplicateContacts = Math.max(1, Math.round(nContacts * 0.006));
  const target = nContacts - nInvalidContacts - nDuplicateContacts;
  const contacts: Record<string, unknown>[] = [];
  let contactId = 9_000_000 + rng.int(0, 99_999);
  const contactOf = (p: Person, tags: string[], email = p.email): Record<string, unknown> => {
    const registered = START - 60 * DAY + rng.int(0, 960) * DAY + rng.int(0, 86_399) * 1000;
    return {
      id: contactId++,
      email,
      registeredAt: new Date(registered).toISOString().replace('Z', '+00:00'),
      locale: 'en',
      sourceURL: rng.chance(0.5) ? 'https://gracefulhomeschooling.com/p2p-webinar' : null,
      unsubscribed: rng.chance(0.03),
      bounced: false,
      needsConfirmation: false,
      fields: [
        { slug: 'first_name', value: p.first },
        { slug: 'surname', value: p.last },
        ...(rng.chance(0.7) ? [{ slug: 'phone_number', value: p.phone }] : []),
      ],
      tags: tags.map((name) => ({ id: TAG_IDS[name] ?? 199, name })),
    };
  };
  for (const p of buyers) {
    if (contacts.length >= target) break;
    if (!rng.chance(0.92)) continue; // some buyers never made it into Systeme.io
    const tags: string[] = [];
    if (p.paidP2P ? rng.chance(0.93) : p.triedP2P && rng.chance(0.15)) tags.push('PaidP2P');
    if (p.paidCanva ? rng.chance(0.9) : p.paidP2P && rng.chance(0.5)) tags.push('Canva');
    if (rng.chance(0.3)) tags.push(rng.pick(LEAD_TAGS));
    contacts.push(contactOf(p, tags, rng.chance(0.12) ? variant(rng, p.email) : p.email));
  }
  while (contacts.length < target) {
    const p = newPerson();
    const r = rng.next();
    // Paid P2P outside Xendit (manual payments), Canva-tagged without a purchase, and leads.
    const tags = r < 0.045 ? ['PaidP2P'] : r < 0.065 ? ['Canva'] : rng.chance(0.7) ? [rng.pick(LEAD_TAGS)] : [];
    contacts.push(contactOf(p, tags));
  }
  // Shuffle (Fisher-Yates) so buyers and leads interleave as they would in an export.
  for (let i = contacts.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [contacts[i], contacts[j]] = [contacts[j]!, contacts[i]!];
  }
  const validContacts = [...contacts];
  // The same person twice (re-registered with different case): same tags and names, new id.
  for (let i = 0; i < nDuplicateContacts; i++) {
    const orig = rng.pick(validContacts);
    const dup = structuredClone(orig);
    dup.id = contactId++;
    dup.email = variant(rng, String(orig.email));
    contacts.splice(rng.int(0, contacts.length), 0, dup);
  }
  const invalidContactKinds = ['invalid_email', 'missing_email', 'invalid_email', 'bad_date'] as const;
  const invalidContacts = new Set<Record<string, unknown>>();
  let invalidContactEmails = 0;
  for (let i = 0; i < nInvalidContacts; i++) {
    const kind = invalidContactKinds[i % invalidContactKinds.length]!;
    const p = newPerson();
    const c = contactOf(p, ['Lead']);
    if (kind === 'invalid_email') {
      c.email = rng.pick(['maria.santos@gmail', 'no email given', 'jose@@yahoo.com', "'; DELETE FROM auth.users;--@x.com"]);
      invalidContactEmails++;
    } else if (kind === 'missing_email') delete c.email;
    else c.registeredAt = 'not a date';
    invalidContacts.add(c);
    contacts.splice(rng.int(0, contacts.length), 0, c);
  }

  return {
    xenditInvoices: invoices,
    systemeioContacts: contacts,
    groundTruth: truth({
      seed,
      sizes: { invoices: invoices.length, contacts: contacts.length },
      invoices,
      validInvoices,
      contacts,
      validContacts: contacts.filter((c) => !invalidContacts.has(c)),
      invalidInvoices: nInvalidInvoices,
      invalidContacts: nInvalidContacts,
      invalidEmails: invalidPayerEmails + invalidContactEmails,
    }),
  };
}

const money = (cents: number) => (cents / 100).toFixed(2);

/** The oracle: the business rules of docs/ingest.md applied in plain TypeScript to the valid records. */
function truth(input: {
  seed: number;
  sizes: { invoices: number; contacts: number };
  invoices: Record<string, unknown>[];
  validInvoices: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  validContacts: Record<string, unknown>[];
  invalidInvoices: number;
  invalidContacts: number;
  invalidEmails: number;
}): GroundTruth {
  const { validInvoices, validContacts } = input;
  const byStatus = { PAID: 0, SETTLED: 0, EXPIRED: 0, PENDING: 0 };
  const byProduct: Record<string, number> = { P2P: 0, Canva: 0, Other: 0 };
  const txByProduct: Record<string, ProductStatusCounts> = {};
  const revenueCents: Record<string, number> = { P2P: 0, Canva: 0, Other: 0 };
  const paidP2PEmails = new Set<string>();
  const paidAnyEmails = new Set<string>();
  const canvaBuyers = new Set<string>();
  for (const p of ['P2P', 'Canva', 'Other']) txByProduct[p] = { paid: 0, settled: 0, expired: 0, pending: 0, total: 0 };
  for (const inv of validInvoices) {
    const status = inv.status as Status;
    const product = productOf(String(inv.description));
    const email = key(String(inv.payer_email));
    byStatus[status]++;
    byProduct[product]!++;
    const t = txByProduct[product]!;
    t[status.toLowerCase() as 'paid']++;
    t.total++;
    if (status === 'PAID' || status === 'SETTLED') {
      revenueCents[product]! += Math.round(Number(inv.amount) * 100);
      paidAnyEmails.add(email);
      if (product === 'P2P') paidP2PEmails.add(email);
      if (product === 'Canva') canvaBuyers.add(email);
    }
  }
  const tagNames = (c: Record<string, unknown>) => (c.tags as { name: string }[]).map((t) => t.name.trim().toLowerCase());
  const taggedP2P = new Set<string>();
  const contactEmails = new Set<string>();
  let tagP2P = 0;
  let tagCanva = 0;
  let tagBoth = 0;
  for (const c of validContacts) {
    const email = key(String(c.email));
    contactEmails.add(email);
    const tags = tagNames(c);
    const a = tags.includes('paidp2p');
    const b = tags.includes('canva');
    if (a) {
      tagP2P++;
      taggedP2P.add(email);
    }
    if (b) tagCanva++;
    if (a && b) tagBoth++;
  }
  const manual = [...taggedP2P].filter((e) => !paidP2PEmails.has(e));
  const profiles = new Set([...paidP2PEmails, ...taggedP2P]);
  const leads = [...contactEmails].filter((e) => !paidAnyEmails.has(e) && !profiles.has(e));
  revenueCents.P2P! += manual.length * 80_000;
  txByProduct.P2P!.paid += manual.length;
  txByProduct.P2P!.total += manual.length;
  const withUser = validInvoices.filter((inv) => profiles.has(key(String(inv.payer_email)))).length + manual.length;
  const totalRevenue = Object.values(revenueCents).reduce((s, v) => s + v, 0);
  const invoiceIds = new Set(validInvoices.map((i) => i.id));
  const nValidContactRecords = input.contacts.length - input.invalidContacts;
  return {
    seed: input.seed,
    sizes: input.sizes,
    ingest: {
      xendit: {
        total: input.invoices.length,
        inserted: invoiceIds.size,
        rejected: input.invalidInvoices,
        duplicates: input.invoices.length - input.invalidInvoices - invoiceIds.size,
      },
      systemeio: { total: input.contacts.length, inserted: validContacts.length, rejected: input.invalidContacts, duplicates: 0 },
      systemeioCsv: {
        total: input.contacts.length,
        inserted: contactEmails.size,
        rejected: input.invalidContacts,
        duplicates: nValidContactRecords - contactEmails.size,
      },
    },
    raw: {
      xendit: { byStatus, byProduct },
      systemeio: { rows: validContacts.length, distinctEmails: contactEmails.size, tagged: { PaidP2P: tagP2P, Canva: tagCanva, both: tagBoth } },
    },
    expected: {
      transactions: { total: validInvoices.length + manual.length, fromInvoices: validInvoices.length, manual: manual.length, withUser, retained: 0, byProduct: txByProduct },
      revenue: { P2P: money(revenueCents.P2P!), Canva: money(revenueCents.Canva!), Other: money(revenueCents.Other!), total: money(totalRevenue) },
      profiles: profiles.size,
      authUsers: { existing: 0, new: profiles.size },
      enrollments: profiles.size,
      leads: leads.length,
      manualPayments: manual.length,
      canvaBuyers: canvaBuyers.size,
      duplicates: validContacts.length - contactEmails.size,
      invalidEmails: input.invalidEmails,
      rejected: { xendit: input.invalidInvoices, systemeio: input.invalidContacts },
      blockingErrors: [],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// File formats

function csvCell(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}
const csvRow = (cells: unknown[]) => cells.map(csvCell).join(',');

const XENDIT_CSV_HEADER = ['External ID', 'Status', 'Description', 'Email', 'Customer Email', 'Amount', 'Currency', 'Payment Method', 'Payment Channel', 'Created Date', 'Paid At'];

/** The legacy Xendit export: no invoice id column (ids derive from "External ID"), UNPAID for PENDING. */
export function toXenditCsv(invoices: readonly Record<string, unknown>[]): string {
  const lines = [csvRow(XENDIT_CSV_HEADER)];
  for (const inv of invoices) {
    const email = inv.payer_email;
    lines.push(
      csvRow([
        inv.external_id,
        inv.status === 'PENDING' ? 'UNPAID' : inv.status,
        inv.description,
        email,
        typeof email === 'string' && email.length % 3 === 0 ? email : '',
        inv.amount,
        inv.currency,
        inv.payment_method,
        inv.payment_channel,
        inv.created,
        inv.paid_at,
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The legacy Systeme.io export: "Email", "First name", "Last name", "Tag" (comma-separated), "Date Registered". */
export function toSystemeioCsv(contacts: readonly Record<string, unknown>[]): string {
  const lines = [csvRow(['Email', 'First name', 'Last name', 'Tag', 'Date Registered'])];
  for (const c of contacts) {
    const fields = (c.fields as { slug: string; value: string }[] | undefined) ?? [];
    const field = (slug: string) => fields.find((f) => f.slug === slug)?.value;
    const tags = Array.isArray(c.tags) ? c.tags.map((t) => (typeof t === 'string' ? t : (t as { name: string }).name)).join(', ') : c.tags;
    lines.push(csvRow([c.email, field('first_name'), field('surname'), tags, c.registeredAt]));
  }
  return `${lines.join('\n')}\n`;
}

/** The document's flattened contact shape: first_name, last_name, tags: string[], created_at. */
export function toSystemeioFlat(contacts: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return contacts.map((c) => {
    const fields = (c.fields as { slug: string; value: string }[] | undefined) ?? [];
    const field = (slug: string) => fields.find((f) => f.slug === slug)?.value ?? null;
    const out: Record<string, unknown> = { id: String(c.id) };
    if ('email' in c) out.email = c.email;
    out.first_name = field('first_name');
    out.last_name = field('surname');
    out.tags = Array.isArray(c.tags) ? c.tags.map((t) => (typeof t === 'string' ? t : (t as { name: string }).name)) : c.tags;
    out.created_at = c.registeredAt;
    return out;
  });
}

/** The files `writeSampleData` writes, relative to its folder. */
export const sampleFiles = {
  xenditJson: 'xendit-invoices.json',
  xenditCsv: 'xendit-invoices.csv',
  systemeioNdjson: 'systemeio-contacts.ndjson',
  systemeioCsv: 'systemeio-contacts.csv',
  groundTruth: 'ground-truth.json',
} as const;

/** Writes the sample files and ground-truth.json into `dir`; returns the data. */
export function writeSampleData(dir: string, options: SampleOptions = {}): SampleData {
  const data = generateSampleData(options);
  mkdirSync(dir, { recursive: true });
  // One record per line: readable diffs, and still one JSON array.
  writeFileSync(join(dir, sampleFiles.xenditJson), `[\n${data.xenditInvoices.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
  writeFileSync(join(dir, sampleFiles.xenditCsv), toXenditCsv(data.xenditInvoices));
  writeFileSync(join(dir, sampleFiles.systemeioNdjson), `${data.systemeioContacts.map((r) => JSON.stringify(r)).join('\n')}\n`);
  writeFileSync(join(dir, sampleFiles.systemeioCsv), toSystemeioCsv(data.systemeioContacts));
  writeFileSync(join(dir, sampleFiles.groundTruth), `${JSON.stringify({ files: sampleFiles, ...data.groundTruth }, null, 2)}\n`);
  return data;
}

if (process.argv[1] && import.meta.url === new URL(`file://${resolve(process.argv[1])}`).href) {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'sample-data' }, seed: { type: 'string' }, invoices: { type: 'string' }, contacts: { type: 'string' } },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const data = writeSampleData(values.out!, { seed: num(values.seed), invoices: num(values.invoices), contacts: num(values.contacts) });
  const g = data.groundTruth;
  console.log(`wrote ${values.out}: ${g.sizes.invoices} invoices, ${g.sizes.contacts} contacts (seed ${g.seed})`);
}
