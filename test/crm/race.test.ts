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
