import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import type { Tx } from '../../rls.js';
import { type Customer, customers } from '../../schema/crm/customers.js';
import { type BrandId, type CustomerStage, customerSourceEnum, customerStageEnum } from '../../schema/crm/enums.js';
import { isStorableDate, isStorableText, STORABLE_DATE_MESSAGE, STORABLE_TEXT_MESSAGE } from '../../schema/_shared/index.js';
import { insertCustomerSchema } from '../../schema/crm/validation.js';
import { customerSearch } from '../../views/crm.js';
import { parseBrand, parseInput, translateDbError, ValidationError, withBrand } from './brand.js';

const createCustomerSchema = insertCustomerSchema.omit({ brandId: true, updatedAt: true });
/** What createCustomer takes: a new customer's columns without brand_id (the brand argument sets it). */
export type CreateCustomerInput = z.input<typeof createCustomerSchema> & { brandId?: BrandId };

/**
 * Creates a customer of `brand` (through withBrand, so RLS checks the brand). Stage milestones are
 * stamped by the database. A duplicate email or phone within the brand is a ValidationError
 * (`code: 'conflict'`, `field: 'email' | 'phone'`).
 */
export async function createCustomer(db: Database, brand: BrandId, input: CreateCustomerInput): Promise<Customer> {
  const b = parseBrand(brand);
  if (input?.brandId !== undefined && input.brandId !== b) {
    throw new ValidationError('brandId', `brandId: ${input.brandId} does not match the brand ${b}`);
  }
  const values = parseInput(createCustomerSchema, input);
  try {
    return await withBrand(db, b, async (tx) => {
      const [row] = await tx.insert(customers).values({ ...values, brandId: b }).returning();
      return row!;
    });
  } catch (error) {
    translateDbError(error, b);
  }
}

const findCustomerSchema = z
  .object({
    id: z.uuid().optional(),
    email: z.string().min(1).max(255).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
    phone: z.string().min(1).max(20).refine(isStorableText, STORABLE_TEXT_MESSAGE).optional(),
  })
  .strict()
  .refine((v) => Object.values(v).filter((x) => x !== undefined).length === 1, 'give exactly one of id, email, phone');
export type FindCustomerBy = { id: string } | { email: string } | { phone: string };

/** One customer of `brand` by id, email or phone; null when the brand has none. */
export async function findCustomer(db: Database, brand: BrandId, by: FindCustomerBy): Promise<Customer | null> {
  const b = parseBrand(brand);
  const key = parseInput(findCustomerSchema, by, 'by');
  const where =
    key.id !== undefined ? eq(customers.id, key.id) : key.email !== undefined ? eq(customers.email, key.email) : eq(customers.phone, key.phone!);
  return withBrand(db, b, async (tx) => {
    const [row] = await tx.select().from(customers).where(and(eq(customers.brandId, b), where)).limit(1);
    return row ?? null;
  });
}

const findCustomersSchema = z
  .object({
    stage: z.enum(customerStageEnum.enumValues).optional(),
    source: z.enum(customerSourceEnum.enumValues).optional(),
    /** Keyset cursor: the last customer of the previous page. */
    before: z.object({ createdAt: z.coerce.date().refine(isStorableDate, STORABLE_DATE_MESSAGE), id: z.uuid() }).optional(),
    limit: z.number().int().min(1).max(1000).default(50),
  })
  .strict();
export type FindCustomersOptions = z.input<typeof findCustomersSchema>;

/** The query behind findCustomers, on a transaction that already carries the brand (RLS adds brand_id = current brand). */
export function customerListQuery(tx: Tx | Database, options: z.output<typeof findCustomersSchema>) {
  const filters: (SQL | undefined)[] = [];
  if (options.stage) filters.push(eq(customers.stage, options.stage));
  if (options.source) filters.push(eq(customers.source, options.source));
  if (options.before) {
    const { createdAt, id } = options.before;
    filters.push(or(lt(customers.createdAt, createdAt), and(eq(customers.createdAt, createdAt), lt(customers.id, id))));
  }
  return tx
    .select()
    .from(customers)
    .where(and(...filters))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(options.limit);
}

/**
 * Customers of `brand`, newest first, optionally by stage or source; page with
 * `before: { createdAt, id }` of the last row (served by idx_customers_created_at).
 */
export async function findCustomers(db: Database, brand: BrandId, options: FindCustomersOptions = {}): Promise<Customer[]> {
  const b = parseBrand(brand);
  const opts = parseInput(findCustomersSchema, options, 'options');
  return withBrand(db, b, (tx) => customerListQuery(tx, opts));
}

/**
 * Moves a customer of `brand` to `stage`. The database stamps the milestone and refuses a move
 * against the journey order (ValidationError, `field: 'stage'`, `code: 'stage_order'`). Null when
 * the brand has no such customer.
 */
export async function setCustomerStage(db: Database, brand: BrandId, customerId: string, stage: CustomerStage): Promise<Customer | null> {
  const b = parseBrand(brand);
  const id = parseInput(z.uuid(), customerId, 'customerId');
  const s = parseInput(z.enum(customerStageEnum.enumValues), stage, 'stage');
  try {
    return await withBrand(db, b, async (tx) => {
      const [row] = await tx.update(customers).set({ stage: s }).where(and(eq(customers.brandId, b), eq(customers.id, id))).returning();
      return row ?? null;
    });
  } catch (error) {
    translateDbError(error, b);
  }
}

const searchSchema = z.object({
  query: z.string().trim().min(1, 'must not be empty').max(200).refine(isStorableText, STORABLE_TEXT_MESSAGE),
  limit: z.number().int().min(1).max(500).default(20),
});
export interface SearchCustomersOptions {
  /** At most this many customers (default 20, at most 500). */
  limit?: number;
}
export type CustomerSearchHit = Customer & { rank: number };

/**
 * The query behind searchCustomers, on a transaction that carries the brand: `@@` on the
 * crm.customer_search view's document, which is exactly idx_customers_search's expression, so the
 * GIN index serves it (a plain `@@` on crm.customers under RLS cannot use it: see the view's
 * comment). The matches' full rows come from crm.customers under RLS. Query syntax: websearch
 * (words, "quoted phrases", or, -not, a full email address).
 */
export function customerSearchQuery(tx: Tx | Database, query: string, limit: number) {
  const tsquery = sql`websearch_to_tsquery('english', ${query})`;
  // Rank and cut in the view first, so only the page's rows are fetched from crm.customers.
  const hits = tx.$with('hits').as(
    tx
      .select({
        brandId: customerSearch.brandId,
        id: customerSearch.id,
        createdAt: customerSearch.createdAt,
        rank: sql<number>`ts_rank(${customerSearch.document}, ${tsquery})`.as('rank'),
      })
      .from(customerSearch)
      .where(sql`${customerSearch.document} @@ ${tsquery}`)
      .orderBy(sql`rank desc`, desc(customerSearch.createdAt), desc(customerSearch.id))
      .limit(limit),
  );
  return tx
    .with(hits)
    .select({ customer: customers, rank: sql<number>`${hits.rank}`.mapWith(Number) })
    .from(hits)
    .innerJoin(customers, and(eq(customers.brandId, hits.brandId), eq(customers.id, hits.id)))
    .orderBy(desc(hits.rank), desc(hits.createdAt), desc(hits.id));
}

/** Full-text search over the names and email of `brand`'s customers, best match first. */
export async function searchCustomers(db: Database, brand: BrandId, query: string, options: SearchCustomersOptions = {}): Promise<CustomerSearchHit[]> {
  const b = parseBrand(brand);
  const input = parseInput(searchSchema, { query, limit: options.limit });
  const rows = await withBrand(db, b, (tx) => customerSearchQuery(tx, input.query, input.limit));
  return rows.map((r) => ({ ...r.customer, rank: r.rank }));
}

/**
 * EXPLAIN (or EXPLAIN ANALYZE with `analyze`) of searchCustomers' query as `brand` (crm_app,
 * RLS on): one string per plan line. On a realistic table the plan shows
 * `Bitmap Index Scan on idx_customers_search`; on a table of a handful of rows the planner
 * rightly prefers a brand index.
 */
export async function explainSearchCustomers(
  db: Database,
  brand: BrandId,
  query: string,
  options: SearchCustomersOptions & { analyze?: boolean } = {},
): Promise<string[]> {
  const b = parseBrand(brand);
  const input = parseInput(searchSchema, { query, limit: options.limit });
  return withBrand(db, b, async (tx) => {
    const rows = await queryRows<{ 'QUERY PLAN': string }>(
      tx,
      sql`explain ${options.analyze ? sql`(analyze, costs off) ` : sql``}${customerSearchQuery(tx, input.query, input.limit)}`,
    );
    return rows.map((r) => r['QUERY PLAN']);
  });
}
