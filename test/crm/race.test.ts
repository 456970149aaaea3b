import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { threadMessage } from '../../src/crm.js';
import { engine, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';

const t = useDatabase();

/**
 * An inbound STOP and an outbound send on the same conversation, on two connections. The STOP's
 * transaction has inserted its message (its trigger holds the conversation row) but not committed
 * when the send starts; it commits while the send is under way. Once the opt-out has committed,
 * the send must see it: the guard locks the conversation row (FOR UPDATE), so it waits for the
 * STOP and re-reads. Without the lock the guard reads the old row, the send goes through, and an
 * outbound message lands after the opt-out.
 */
describe(`crm opt-out race: inbound STOP against an outbound send (${engine})`, () => {
  let stopper: postgres.Sql;
  let observer: postgres.Sql;
  beforeAll(async () => {
    if (engine !== 'postgres') return;
    stopper = postgres(t.handle.url!, { max: 1, onnotice: () => {} });
    observer = postgres(t.handle.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await stopper?.end({ timeout: 5 });
    await observer?.end({ timeout: 5 });
  });

  /** Waits until some backend of this database waits on a lock (the send, queued behind the STOP). */
  async function untilBlocked(): Promise<boolean> {
    for (let i = 0; i < 200; i++) {
      const [row] = await observer`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      if (row!.n > 0) return true;
      await new Promise((r) => setTimeout(r, 5));
    }
    return false;
  }

  it.skipIf(engine !== 'postgres')(`an outbound message is never inserted after the opt-out committed, over 40 races ${POSTGRES_ONLY_RACE}`, async () => {
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const [conversation] = await queryRows<{ id: string }>(
        t.db,
        sql`with c as (insert into crm.customers (brand_id, email, phone) values ('gnymble', ${`race${i}@gnymble.example`}, ${`+1555700${String(i).padStart(4, '0')}`}) returning id, phone)
            insert into crm.conversations (brand_id, customer_id, customer_phone, brand_phone) select 'gnymble', c.id, c.phone, '+18005550100' from c returning id`,
      );
      await threadMessage(t.db, 'gnymble', { conversationId: conversation!.id, direction: 'inbound', content: 'hi' });
      let commitStop!: () => void;
      const stopMayCommit = new Promise<void>((r) => (commitStop = r));
      let stopInserted!: () => void;
      const stopIsIn = new Promise<void>((r) => (stopInserted = r));
      const stop = stopper.begin(async (tx) => {
        await tx`select set_config('role', 'crm_app', true), set_config('app.current_brand', 'gnymble', true)`;
        await tx`insert into crm.messages (brand_id, conversation_id, direction, content) values ('gnymble', ${conversation!.id}, 'inbound', 'STOP')`;
        stopInserted();
        await stopMayCommit;
      });
      await stopIsIn;
      const send = threadMessage(t.db, 'gnymble', { conversationId: conversation!.id, direction: 'outbound', content: `promo ${i}` }).then(
        () => 'sent' as const,
        (e: unknown) => e,
      );
      // Half the rounds wait until the send queues behind the STOP (the interleaving that needs the
      // lock); the others let it go after a varying head start.
      if (i % 2 === 0) expect(await untilBlocked()).toBe(true);
      else await new Promise((r) => setTimeout(r, i % 7));
      commitStop();
      await stop;
      const outcome = await send;
      expect(outcome, `round ${i}: the send went through after the STOP committed`).toBeInstanceOf(ValidationError);
      expect((outcome as ValidationError).code).toBe('opted_out');
      refused++;
      const after = await queryRows<{ direction: string; content: string }>(
        t.db,
        sql`select direction, content from crm.messages where conversation_id = ${conversation!.id} order by sent_at, direction`,
      );
      expect(after.map((m) => m.content)).toEqual(['hi', 'STOP']);
    }
    expect(refused).toBe(40);
  });
});

/**
 * The first messages between a customer and a brand number, threaded at once on several connections:
 * findOrOpenConversation inserts the conversation with ON CONFLICT DO NOTHING on (brand, customer
 * phone, brand phone), so the losers wait for the winner's row and thread into it. Without it the
 * losers fail on the unique key (a `conflict` ValidationError) or open a second conversation.
 */
describe(`crm first-message race: one conversation for concurrent first messages (${engine})`, () => {
  it.skipIf(engine !== 'postgres')(`6 first messages at once, over 10 numbers: one conversation each, every message counted ${POSTGRES_ONLY_RACE}`, async () => {
    const [customer] = await queryRows<{ id: string; phone: string }>(
      t.db,
      sql`insert into crm.customers (brand_id, email, phone) values ('percymd', 'first.race@percymd.example', '+15557019999') returning id, phone`,
    );
    for (let i = 0; i < 10; i++) {
      const brandPhone = `+1800555${String(7000 + i)}`;
      const threaded = await Promise.all(
        Array.from({ length: 6 }, (_, k) =>
          threadMessage(t.db, 'percymd', { customerId: customer!.id, brandPhone, direction: k % 2 ? 'outbound' : 'inbound', content: `hello ${k}` }),
        ),
      );
      expect(new Set(threaded.map((m) => m.conversation.id)).size).toBe(1);
      const [conversation] = await queryRows<{ n: number; message_count: number; messages: number }>(
        t.db,
        sql`select count(*) over ()::int as n, c.message_count, (select count(*)::int from crm.messages m where m.conversation_id = c.id) as messages
            from crm.conversations c where c.brand_id = 'percymd' and c.customer_phone = ${customer!.phone} and c.brand_phone = ${brandPhone}`,
      );
      expect(conversation).toEqual({ n: 1, message_count: 6, messages: 6 });
    }
  });
});
