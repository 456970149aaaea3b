import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbErrorCode, queryRows } from '../../src/db.js';
import {
  createCustomer,
  exportBrandData,
  findCustomer,
  findCustomers,
  getThread,
  searchCustomers,
  setCustomerStage,
  threadMessage,
  ValidationError,
  withBrand,
} from '../../src/crm.js';
import { TEXT_LIMITS } from '../../src/schema/_shared/index.js';
import { type BrandId, brandIds } from '../../src/schema/crm/enums.js';
import { explainSearchCustomers } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { customerId, emailOf, seedBrands } from './fixtures.js';

const t = useDatabase();
beforeAll(() => seedBrands(t.db, 2));

async function rejection(p: Promise<unknown>): Promise<ValidationError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe(`crm customer helpers (${engine})`, () => {
  it('createCustomer creates a customer of the brand and returns the typed row', async () => {
    const c = await createCustomer(t.db, 'gnymble', { email: 'ada@lovelace.example', firstName: 'Ada', lastName: 'Lovelace', stage: 'trial', tags: ['vip'] });
    expect(c).toMatchObject({ brandId: 'gnymble', email: 'ada@lovelace.example', stage: 'trial', source: 'website', tags: ['vip'] });
    expect(c.trialStartedAt).toBeInstanceOf(Date);
    expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('createCustomer refuses bad input with the field named, and writes nothing', async () => {
    expect((await rejection(createCustomer(t.db, 'gnymble', { email: 'not-an-email' }))).field).toBe('email');
    expect((await rejection(createCustomer(t.db, 'nobrand' as BrandId, { email: 'x@y.example' }))).field).toBe('brand');
    expect((await rejection(createCustomer(t.db, 'gnymble', { email: 'x@y.example', brandId: 'percymd' }))).field).toBe('brandId');
    expect((await rejection(createCustomer(t.db, 'gnymble', { email: 'x@y.example', stage: 'vip' as never }))).field).toBe('stage');
    const dup = await rejection(createCustomer(t.db, 'gnymble', { email: emailOf('gnymble') }));
    expect(dup).toMatchObject({ field: 'email', code: 'conflict' });
    expect(dbErrorCode(dup)).toBe('23505');
    const [n] = await queryRows<{ n: number }>(t.db, "select count(*)::int as n from crm.customers where email in ('not-an-email', 'x@y.example')");
    expect(n!.n).toBe(0);
  });

  it('createCustomer takes metadata of TEXT_LIMITS.jsonBytes bytes as jsonb prints it; one byte over is refused by the validator, naming metadata', async () => {
    // {"a": "x…"}: jsonb's text is one byte longer than JSON.stringify's
    const of = (bytes: number) => ({ a: 'x'.repeat(bytes - 9) });
    const at = await createCustomer(t.db, 'gnymble', { email: 'meta-at@y.example', metadata: of(TEXT_LIMITS.jsonBytes) });
    expect(at.metadata).toEqual(of(TEXT_LIMITS.jsonBytes));
    const over = await rejection(createCustomer(t.db, 'gnymble', { email: 'meta-over@y.example', metadata: of(TEXT_LIMITS.jsonBytes + 1) }));
    expect(over).toBeInstanceOf(ValidationError);
    expect(over.field).toBe('metadata');
    expect(dbErrorCode(over)).toBeUndefined();
  });

  it('the same email may exist once per brand', async () => {
    const a = await createCustomer(t.db, 'percymd', { email: 'shared@x.example' });
    const b = await createCustomer(t.db, 'percytext', { email: 'shared@x.example' });
    expect(a.id).not.toBe(b.id);
  });

  it("findCustomer finds by id, email or phone within the brand, never another brand's", async () => {
    expect((await findCustomer(t.db, 'gnymble', { id: customerId('gnymble') }))?.email).toBe(emailOf('gnymble'));
    expect((await findCustomer(t.db, 'gnymble', { email: emailOf('gnymble', 2) }))?.id).toBe(customerId('gnymble', 2));
    expect((await findCustomer(t.db, 'gnymble', { phone: '+15551000001' }))?.id).toBe(customerId('gnymble'));
    expect(await findCustomer(t.db, 'gnymble', { id: customerId('percymd') })).toBeNull();
    expect(await findCustomer(t.db, 'gnymble', { email: emailOf('percymd') })).toBeNull();
    expect((await rejection(findCustomer(t.db, 'gnymble', { id: 'nope' }))).field).toBe('id');
  });

  it('findCustomers lists the brand newest first, filters, and pages by keyset', async () => {
    for (let i = 0; i < 5; i++) await createCustomer(t.db, 'percytext', { email: `page${i}@x.example`, source: 'referral' });
    const all = await findCustomers(t.db, 'percytext', { limit: 100 });
    expect(all.every((c) => c.brandId === 'percytext')).toBe(true);
    const times = all.map((c) => c.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const referrals = await findCustomers(t.db, 'percytext', { source: 'referral' });
    expect(referrals).toHaveLength(5);
    const page1 = await findCustomers(t.db, 'percytext', { limit: 3 });
    const last = page1[2]!;
    const page2 = await findCustomers(t.db, 'percytext', { limit: 100, before: { createdAt: last.createdAt, id: last.id } });
    expect([...page1, ...page2].map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect((await rejection(findCustomers(t.db, 'percytext', { limit: 0 }))).field).toBe('limit');
  });

  it('setCustomerStage stamps the milestone, refuses a backward move with a typed error, and ignores other brands', async () => {
    const c = await createCustomer(t.db, 'gnymble', { email: 'stage@x.example' });
    const active = await setCustomerStage(t.db, 'gnymble', c.id, 'active');
    expect(active?.subscribedAt).toBeInstanceOf(Date);
    const refused = await rejection(setCustomerStage(t.db, 'gnymble', c.id, 'trial'));
    expect(refused).toMatchObject({ field: 'stage', code: 'stage_order', sqlState: 'UR001' });
    expect(refused.message).toMatch(/from active to trial/);
    expect(await setCustomerStage(t.db, 'percymd', c.id, 'churned')).toBeNull();
  });
});

describe(`searchCustomers (${engine})`, () => {
  beforeAll(async () => {
    await createCustomer(t.db, 'gnymble', { email: 'grace@navy.example', firstName: 'Grace', lastName: 'Hopper' });
    await createCustomer(t.db, 'percymd', { email: 'grace.other@navy.example', firstName: 'Grace', lastName: 'Kelly' });
    await createCustomer(t.db, 'gnymble', { email: 'linus@kernel.example', firstName: 'Linus', lastName: 'Torvalds' });
  });

  it("finds the brand's customers by first name, last name or email, never another brand's", async () => {
    expect((await searchCustomers(t.db, 'gnymble', 'grace')).map((c) => c.email)).toEqual(['grace@navy.example']);
    expect((await searchCustomers(t.db, 'percymd', 'Grace')).map((c) => c.email)).toEqual(['grace.other@navy.example']);
    expect((await searchCustomers(t.db, 'gnymble', 'hopper')).map((c) => c.lastName)).toEqual(['Hopper']);
    expect((await searchCustomers(t.db, 'gnymble', 'linus@kernel.example')).map((c) => c.firstName)).toEqual(['Linus']);
    expect(await searchCustomers(t.db, 'percytext', 'grace')).toEqual([]);
    expect(await searchCustomers(t.db, 'gnymble', 'Kelly')).toEqual([]);
    const [hit] = await searchCustomers(t.db, 'gnymble', 'grace hopper');
    expect(hit?.rank).toBeGreaterThan(0);
  });

  it('refuses an empty query, naming it', async () => {
    expect((await rejection(searchCustomers(t.db, 'gnymble', '   '))).field).toBe('query');
  });

  it('uses the full-text index idx_customers_search (EXPLAIN), and RLS still confines it to the brand', async () => {
    await withBrand(t.db, 'percytext', (tx) =>
      tx.execute(sql`insert into crm.customers (brand_id, email, first_name, last_name)
        select 'percytext', 'bulk' || g || '@x.example', 'Name' || g, 'Family' || (g % 50) from generate_series(1, 300) g`),
    );
    await t.db.execute(sql`analyze crm.customers`);
    const plan = (await explainSearchCustomers(t.db, 'percytext', 'name17')).join('\n');
    expect(plan).toMatch(/Bitmap Index Scan on idx_customers_search/);
    expect(plan).toMatch(/brand_id = \(InitPlan \d\)|brand_id = \$\d/);
    expect((await searchCustomers(t.db, 'percytext', 'name17')).map((c) => c.email)).toEqual(['bulk17@x.example']);
    expect(await searchCustomers(t.db, 'gnymble', 'name17')).toEqual([]);
    const analyzed = (await explainSearchCustomers(t.db, 'percytext', 'family17', { analyze: true })).join('\n');
    expect(analyzed).toMatch(/Bitmap Index Scan on idx_customers_search \(actual/);
  });

  it('why the view: a plain @@ on crm.customers under RLS cannot use the index (@@ is not leakproof); without RLS it can', async () => {
    const plain = sql`explain select id from crm.customers
      where to_tsvector('english', coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || email) @@ websearch_to_tsquery('english', 'name17')`;
    const underRls = await withBrand(t.db, 'percytext', async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return (await queryRows<{ 'QUERY PLAN': string }>(tx, plain)).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(underRls).not.toMatch(/idx_customers_search/);
    const noRls = (await queryRows<{ 'QUERY PLAN': string }>(t.db, plain)).map((r) => r['QUERY PLAN']).join('\n');
    expect(noRls).toMatch(/Bitmap Index Scan on idx_customers_search/);
  });
});

describe(`message threading helpers (${engine})`, () => {
  it('threadMessage opens the conversation for the phone pair, then threads into it; counters follow', async () => {
    const c = await createCustomer(t.db, 'percymd', { email: 'sms@x.example', phone: '+15550009999' });
    const first = await threadMessage(t.db, 'percymd', { customerId: c.id, brandPhone: '+18005550100', direction: 'outbound', content: 'Welcome!' });
    expect(first.conversation).toMatchObject({ brandId: 'percymd', customerId: c.id, customerPhone: '+15550009999', messageCount: 1 });
    expect(first.message).toMatchObject({ brandId: 'percymd', conversationId: first.conversation.id, direction: 'outbound' });
    const second = await threadMessage(t.db, 'percymd', { customerId: c.id, brandPhone: '+18005550100', direction: 'inbound', content: 'Thanks' });
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(second.conversation.messageCount).toBe(2);
    expect(second.conversation.lastInboundAt).toBeInstanceOf(Date);
    const third = await threadMessage(t.db, 'percymd', { conversationId: first.conversation.id, direction: 'outbound', content: 'Any time' });
    expect(third.conversation.messageCount).toBe(3);
    const thread = await getThread(t.db, 'percymd', first.conversation.id);
    expect(thread?.messages.map((m) => m.content)).toEqual(['Welcome!', 'Thanks', 'Any time']);
    expect((await getThread(t.db, 'percymd', first.conversation.id, { limit: 2 }))?.messages.map((m) => m.content)).toEqual(['Thanks', 'Any time']);
    expect(await getThread(t.db, 'gnymble', first.conversation.id)).toBeNull();
  });

  it('after an inbound STOP, an outbound message is refused with a typed error and nothing is written', async () => {
    const c = await createCustomer(t.db, 'percymd', { email: 'stopper@x.example', phone: '+15550008888' });
    const { conversation } = await threadMessage(t.db, 'percymd', { customerId: c.id, brandPhone: '+18005550100', direction: 'inbound', content: 'STOP' });
    expect(conversation.optedOutAt).toBeInstanceOf(Date);
    expect(conversation.optOutReason).toMatch(/STOP/);
    const refused = await rejection(threadMessage(t.db, 'percymd', { conversationId: conversation.id, direction: 'outbound', content: 'Deal!' }));
    expect(refused).toMatchObject({ field: 'conversationId', code: 'opted_out', sqlState: 'UR002' });
    expect((await getThread(t.db, 'percymd', conversation.id))?.messages).toHaveLength(1);
  });

  it("refuses another brand's conversation or customer, and bad input, naming the field", async () => {
    const [conv] = await queryRows<{ id: string }>(t.db, "select id from crm.conversations where brand_id = 'gnymble' limit 1");
    expect((await rejection(threadMessage(t.db, 'percymd', { conversationId: conv!.id, direction: 'outbound', content: 'x' }))).field).toBe('conversationId');
    expect((await rejection(threadMessage(t.db, 'percymd', { customerId: customerId('gnymble'), brandPhone: '+1800', direction: 'outbound', content: 'x' }))).field).toBe(
      'customerId',
    );
    expect((await rejection(threadMessage(t.db, 'percymd', { conversationId: conv!.id, direction: 'sideways' as never, content: 'x' }))).field).toBe('direction');
  });
});

describe(`exportBrandData (${engine})`, () => {
  it("exports exactly the brand's customers, conversations and messages as NDJSON", async () => {
    for (const brand of brandIds) {
      const result = await exportBrandData(t.db, brand);
      const lines = result.ndjson!.trimEnd().split('\n').map((l) => JSON.parse(l) as { table: string; brand_id: string; id: string });
      expect(lines.every((l) => l.brand_id === brand)).toBe(true);
      const [counts] = await queryRows<Record<string, number>>(
        t.db,
        sql`select (select count(*)::int from crm.customers where brand_id = ${brand}) as customers,
                   (select count(*)::int from crm.conversations where brand_id = ${brand}) as conversations,
                   (select count(*)::int from crm.messages where brand_id = ${brand}) as messages`,
      );
      expect(result.counts).toEqual(counts);
      expect(lines.filter((l) => l.table === 'customers')).toHaveLength(counts!.customers!);
      expect(lines.map((l) => l.table)).toEqual([...lines.map((l) => l.table)].sort((a, b) => ['customers', 'conversations', 'messages'].indexOf(a) - ['customers', 'conversations', 'messages'].indexOf(b)));
      for (const other of brandIds.filter((b) => b !== brand)) expect(result.ndjson).not.toContain(`"brand_id":"${other}"`);
    }
  });

  it('streams line by line through a writer in batches, with the same content', async () => {
    const streamed: string[] = [];
    const result = await exportBrandData(t.db, 'gnymble', (line) => streamed.push(line), { batchSize: 2 });
    expect(result.ndjson).toBeUndefined();
    expect(streamed.every((l) => l.endsWith('\n'))).toBe(true);
    expect(streamed.join('')).toBe((await exportBrandData(t.db, 'gnymble')).ndjson);
    expect(streamed).toHaveLength(result.counts.customers + result.counts.conversations + result.counts.messages);
  });

  it('refuses an invalid brand', async () => {
    expect((await rejection(exportBrandData(t.db, 'all' as BrandId))).field).toBe('brand');
  });
});
