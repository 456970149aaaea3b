import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { withBrand } from '../../src/crm.js';
import { asServiceRole, type Tx } from '../../src/rls.js';
import { conversations } from '../../src/schema/crm/conversations.js';
import { customers } from '../../src/schema/crm/customers.js';
import type { CustomerStage } from '../../src/schema/crm/enums.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';
import { conversationId, customerId, seedBrands } from './fixtures.js';

const t = useDatabase();
beforeAll(() => seedBrands(t.db, 1));

// Through the query builder: raw db.execute() returns timestamps as text.
const stamps = (tx: Tx, id: string) =>
  tx
    .select({
      stage: customers.stage,
      marketing_qualified_at: customers.marketingQualifiedAt,
      trial_started_at: customers.trialStartedAt,
      subscribed_at: customers.subscribedAt,
      churned_at: customers.churnedAt,
    })
    .from(customers)
    .where(eq(customers.id, id))
    .then((r) => r[0]!);
const newCustomer = (tx: Tx, stage: CustomerStage = 'lead') =>
  queryRows<{ id: string }>(tx, sql`insert into crm.customers (brand_id, email, stage) values ('gnymble', ${`c${Math.random()}@x.example`}, ${stage}) returning id`).then((r) => r[0]!.id);
const setStage = (tx: Tx, id: string, stage: CustomerStage) => tx.execute(sql`update crm.customers set stage = ${stage} where id = ${id}`);
/** Runs `fn` as gnymble's crm_app and rolls it back. */
async function inGnymble(fn: (tx: Tx) => Promise<void>) {
  await withBrand(t.db, 'gnymble', async (tx) => {
    await fn(tx);
    tx.rollback();
  }).catch((e: unknown) => {
    if (!(e instanceof Error && e.message === 'Rollback')) throw e;
  });
}
/** Moves a fresh customer along `path` and returns the error of the last step, if any. */
async function walk(path: CustomerStage[]): Promise<unknown> {
  return withBrand(t.db, 'gnymble', async (tx) => {
    const id = await newCustomer(tx, path[0]);
    for (const stage of path.slice(1)) await setStage(tx, id, stage);
    return undefined;
  }).catch((e: unknown) => e);
}

describe(`crm customer stages (${engine})`, () => {
  it('a new lead has no milestone; each stage change stamps its own', async () => {
    await inGnymble(async (tx) => {
      const id = await newCustomer(tx);
      expect(await stamps(tx, id)).toMatchObject({ stage: 'lead', marketing_qualified_at: null, trial_started_at: null, subscribed_at: null, churned_at: null });
      await setStage(tx, id, 'marketing');
      expect((await stamps(tx, id)).marketing_qualified_at).toBeInstanceOf(Date);
      await setStage(tx, id, 'trial');
      expect((await stamps(tx, id)).trial_started_at).toBeInstanceOf(Date);
      await setStage(tx, id, 'active');
      expect((await stamps(tx, id)).subscribed_at).toBeInstanceOf(Date);
      await setStage(tx, id, 'churned');
      const s = await stamps(tx, id);
      expect(s.churned_at).toBeInstanceOf(Date);
      expect(s.marketing_qualified_at).toBeInstanceOf(Date);
    });
  });

  it('an insert at a later stage stamps that milestone; a supplied milestone is kept', async () => {
    await inGnymble(async (tx) => {
      expect((await stamps(tx, await newCustomer(tx, 'trial'))).trial_started_at).toBeInstanceOf(Date);
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`insert into crm.customers (brand_id, email, stage, subscribed_at) values ('gnymble', 'imported@x.example', 'active', '2024-01-02T03:04:05Z') returning id`,
      );
      expect((await stamps(tx, row!.id)).subscribed_at!.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    });
  });

  it('the first time counts: re-entering a stage keeps its milestone; a comeback from churned clears churned_at', async () => {
    await inGnymble(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`insert into crm.customers (brand_id, email, stage, subscribed_at) values ('gnymble', 'back@x.example', 'active', '2024-01-01T00:00:00Z') returning id`,
      );
      await setStage(tx, row!.id, 'churned');
      expect((await stamps(tx, row!.id)).churned_at).toBeInstanceOf(Date);
      await setStage(tx, row!.id, 'active');
      const s = await stamps(tx, row!.id);
      expect(s.churned_at).toBeNull();
      expect(s.subscribed_at!.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    });
  });

  it('allows the journey forward, skipping stages, into dormant, and back from churned or dormant', async () => {
    for (const path of [
      ['lead', 'marketing', 'trial', 'active', 'churned'],
      ['lead', 'active'],
      ['lead', 'trial', 'churned'],
      ['marketing', 'dormant', 'marketing', 'trial'],
      ['active', 'churned', 'active'],
      ['active', 'churned', 'trial'],
      ['trial', 'dormant', 'churned'],
      ['lead', 'dormant'],
    ] as CustomerStage[][]) {
      expect(await walk(path), path.join(' → ')).toBeUndefined();
    }
  });

  it('refuses going back to lead, backwards in the funnel, and churning without a trial or subscription', async () => {
    for (const [path, reason] of [
      [['marketing', 'lead'], /never goes back to lead/],
      [['churned', 'lead'], /never goes back to lead/],
      [['active', 'trial'], /only moves forward/],
      [['trial', 'marketing'], /only moves forward/],
      [['lead', 'churned'], /trial or subscribed can churn/],
      [['marketing', 'dormant', 'churned'], /trial or subscribed can churn/],
    ] as [CustomerStage[], RegExp][]) {
      const error = await walk(path);
      expect(error, path.join(' → ')).toBeDefined();
      await expectDbError(Promise.reject(error), reason);
      await expectDbError(Promise.reject(error), /stage cannot change/);
    }
  });

  it('updated_at moves on update', async () => {
    const read = () => t.db.select({ updated_at: customers.updatedAt }).from(customers).where(eq(customers.id, customerId('percymd')));
    const [before] = await read();
    await withBrand(t.db, 'percymd', (tx) => tx.execute(sql`update crm.customers set first_name = 'Renamed' where id = ${customerId('percymd')}`));
    const [after] = await read();
    expect(after!.updated_at.getTime()).toBeGreaterThan(before!.updated_at.getTime());
  });
});

const counters = (tx: Tx, id: string) =>
  tx
    .select({
      message_count: conversations.messageCount,
      last_message_at: conversations.lastMessageAt,
      last_inbound_at: conversations.lastInboundAt,
      last_outbound_at: conversations.lastOutboundAt,
      opted_out_at: conversations.optedOutAt,
      opt_out_reason: conversations.optOutReason,
      status: conversations.status,
    })
    .from(conversations)
    .where(eq(conversations.id, id))
    .then((r) => r[0]!);
const newConversation = async (tx: Tx) =>
  (
    await queryRows<{ id: string }>(
      tx,
      sql`insert into crm.conversations (brand_id, customer_id, customer_phone, brand_phone) values ('gnymble', ${customerId('gnymble')}, ${`+1${Math.floor(Math.random() * 1e9)}`}, '+18005550000') returning id`,
    )
  )[0]!.id;
const send = (tx: Tx, conversation: string, direction: 'inbound' | 'outbound', content: string, sentAt = '2025-01-01T00:00:00Z') =>
  tx.execute(sql`insert into crm.messages (brand_id, conversation_id, direction, content, sent_at) values ('gnymble', ${conversation}, ${direction}, ${content}, ${sentAt})`);

describe(`crm conversation counters (${engine})`, () => {
  it('each message insert maintains message_count and last_message_at / last_inbound_at / last_outbound_at', async () => {
    await inGnymble(async (tx) => {
      const c = await newConversation(tx);
      expect(await counters(tx, c)).toMatchObject({ message_count: 0, last_message_at: null, last_inbound_at: null, last_outbound_at: null });
      await send(tx, c, 'inbound', 'hello', '2025-01-01T10:00:00Z');
      expect(await counters(tx, c)).toMatchObject({
        message_count: 1,
        last_message_at: new Date('2025-01-01T10:00:00Z'),
        last_inbound_at: new Date('2025-01-01T10:00:00Z'),
        last_outbound_at: null,
      });
      await send(tx, c, 'outbound', 'hi!', '2025-01-01T10:05:00Z');
      // A late-arriving message sent earlier does not move the clocks back.
      await send(tx, c, 'inbound', 'earlier', '2025-01-01T09:00:00Z');
      expect(await counters(tx, c)).toMatchObject({
        message_count: 3,
        last_message_at: new Date('2025-01-01T10:05:00Z'),
        last_inbound_at: new Date('2025-01-01T10:00:00Z'),
        last_outbound_at: new Date('2025-01-01T10:05:00Z'),
      });
    });
  });

  it('the seeded conversations were counted too (one inbound, one outbound)', async () => {
    const [row] = await queryRows<{ message_count: number }>(t.db, sql`select message_count from crm.conversations where id = ${conversationId('percytext')}`);
    expect(row!.message_count).toBe(2);
  });
});

describe(`crm opt-out compliance (${engine})`, () => {
  it('an outbound message to a conversation that has not opted out is allowed', async () => {
    await inGnymble(async (tx) => {
      const c = await newConversation(tx);
      await send(tx, c, 'outbound', 'Your code is 1234');
      expect((await counters(tx, c)).message_count).toBe(1);
    });
  });

  it('an inbound STOP keyword marks the opt-out with the reason and archives the conversation', async () => {
    for (const stop of ['STOP', 'stop', ' Stop. ', 'unsubscribe', 'STOP ALL', 'Cancel!', 'quit']) {
      await inGnymble(async (tx) => {
        const c = await newConversation(tx);
        await send(tx, c, 'inbound', stop, '2025-02-03T04:05:06Z');
        const s = await counters(tx, c);
        expect(s.opted_out_at, stop).toEqual(new Date('2025-02-03T04:05:06Z'));
        expect(s.opt_out_reason).toMatch(/^inbound keyword [A-Z]+ \(message [0-9a-f-]{36}\)$/);
        expect(s.opt_out_reason).toContain(stop.replace(/[^a-z]/gi, '').toUpperCase());
        expect(s.status).toBe('archived');
      });
    }
  });

  it('a message that merely contains the word stop is not an opt-out', async () => {
    await inGnymble(async (tx) => {
      const c = await newConversation(tx);
      await send(tx, c, 'inbound', 'please do not stop sending deals');
      await send(tx, c, 'outbound', 'STOP');
      expect(await counters(tx, c)).toMatchObject({ opted_out_at: null, opt_out_reason: null, status: 'active' });
    });
  });

  it('an outbound message to an opted-out conversation is refused; inbound messages are still recorded', async () => {
    await inGnymble(async (tx) => {
      const c = await newConversation(tx);
      await send(tx, c, 'inbound', 'STOP');
      await send(tx, c, 'inbound', 'stop means stop');
      expect((await counters(tx, c)).message_count).toBe(2);
      await expectDbError(send(tx, c, 'outbound', 'one more deal'), /outbound message refused: conversation .* opted out at .*inbound keyword STOP/);
    });
  });

  it('the opt-out binds every role, service_role included', async () => {
    await withBrand(t.db, 'percymd', (tx) =>
      tx.execute(sql`insert into crm.messages (brand_id, conversation_id, direction, content) values ('percymd', ${conversationId('percymd')}, 'inbound', 'STOP')`),
    );
    await expectDbError(
      asServiceRole(t.db, (tx) =>
        tx.execute(sql`insert into crm.messages (brand_id, conversation_id, direction, content) values ('percymd', ${conversationId('percymd')}, 'outbound', 'hello?')`),
      ),
      /opted out/,
    );
  });

  it('START opts back in: outbound is allowed again', async () => {
    await inGnymble(async (tx) => {
      const c = await newConversation(tx);
      await send(tx, c, 'inbound', 'STOP');
      await send(tx, c, 'inbound', 'start');
      expect(await counters(tx, c)).toMatchObject({ opted_out_at: null, opt_out_reason: null, status: 'active' });
      await send(tx, c, 'outbound', 'Welcome back');
      expect((await counters(tx, c)).message_count).toBe(3);
    });
  });
});
