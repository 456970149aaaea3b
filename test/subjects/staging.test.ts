import { describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import { cutover, ingestSystemeio, ingestXendit, prepare } from '../../src/ingest.js';
import { eraseSubject, exportSubject } from '../../src/subjects.js';
import { engine, useDatabase } from '../helpers.js';
import { catalogScan } from './fixture.js';

const invoice = (id: string, email: string) => ({
  id,
  external_id: `EXT-${id}`,
  status: 'PAID',
  amount: 800,
  currency: 'PHP',
  description: 'Papers to Profits',
  payer_email: email,
  created: '2024-03-01T10:00:00Z',
  updated: '2024-03-01T10:05:00Z',
  paid_at: '2024-03-01T10:05:00Z',
});
const contact = (id: string, email: string, first: string) => ({ id, email, first_name: first, last_name: 'Staged', tags: [] as string[], created_at: '2024-01-15T08:00:00Z' });

describe(`data subjects: the rows a prepare staged and no cutover has swapped in yet (${engine})`, () => {
  const t = useDatabase();
  const rows = <T = Record<string, unknown>>(text: string) => queryRows<T>(t.db, text);

  it('an erasure after a prepare reaches the staged copies, and the cutover of that staging does not bring the person back', async () => {
    await execScript(t.db, `update ingest.products set list_price = 800, buyer_tag = 'PaidP2P' where code = 'P2P'`);
    await ingestXendit(t.db, [invoice('inv_ana', 'ana.staged@example.com'), invoice('inv_bob', 'bob.staged@example.com')]);
    await ingestSystemeio(t.db, [contact('701', 'ana.staged@example.com', 'Ana'), contact('702', 'leo.staged@example.com', 'Leo'), contact('703', 'bob.staged@example.com', 'Bob')]);
    expect(await prepare(t.db)).toMatchObject({ profiles: 2, leads: 1, enrollments: 2, blockingErrors: [] });

    // the export lists what is staged about the person, under ingest
    const exported = await exportSubject(t.db, { email: 'ana.staged@example.com' });
    expect(Object.keys(exported.domains.ingest ?? {}).sort()).toEqual([
      'ingest.enrollments_staging',
      'ingest.systemeio_raw',
      'ingest.transactions_staging',
      'ingest.unified_profiles_staging',
      'ingest.users_staging',
      'ingest.xendit_raw',
    ]);

    // a dry run reports the same and changes nothing
    const dry = await eraseSubject(t.db, { email: 'ana.staged@example.com' }, { dryRun: true });
    expect(dry.tables['ingest.users_staging']).toMatchObject({ domain: 'ingest', action: 'delete', rows: 1 });
    expect(await rows(`select count(*)::int as n from ingest.users_staging`)).toEqual([{ n: 2 }]);

    const ana = await eraseSubject(t.db, { email: 'ana.staged@example.com' });
    expect(ana.tables).toMatchObject({
      'ingest.users_staging': { domain: 'ingest', action: 'delete', rows: 1 },
      'ingest.unified_profiles_staging': { domain: 'ingest', action: 'delete', rows: 1 },
      // found through the staged new user's id, whom production does not know yet
      'ingest.enrollments_staging': { domain: 'ingest', action: 'delete', rows: 1 },
      'ingest.transactions_staging': { domain: 'ingest', action: 'retain', period: '7 years', rows: 1 },
    });
    const leo = await eraseSubject(t.db, { email: 'leo.staged@example.com' });
    expect(leo.tables['ingest.leads_staging']).toMatchObject({ domain: 'ingest', action: 'delete', rows: 1 });

    const needles = ['ana.staged@example.com', 'leo.staged@example.com'];
    expect([...(await catalogScan(t.db, needles)).keys()]).toEqual([]);
    // the payment stays staged, detached; the other buyer is untouched
    expect(await rows(`select user_id, contact_email from ingest.transactions_staging where external_id = 'inv_ana'`)).toEqual([{ user_id: null, contact_email: null }]);
    expect(await rows(`select email from ingest.users_staging`)).toEqual([{ email: 'bob.staged@example.com' }]);

    await cutover(t.db);
    expect([...(await catalogScan(t.db, needles)).keys()]).toEqual([]);
    expect(await rows(`select email from public.unified_profiles order by email`)).toEqual([{ email: 'bob.staged@example.com' }]);
    expect(await rows(`select external_id, user_id from public.transactions where external_id = 'inv_ana'`)).toEqual([{ external_id: 'inv_ana', user_id: null }]);
  });

  it('a prepare after an erasure stages the payment production keeps detached, and only that one', async () => {
    // production after the first test's cutover: bob's payment (with his user) and ana's, detached
    await ingestXendit(t.db, [invoice('inv_carl', 'carl.staged@example.com')]);
    await ingestSystemeio(t.db, [contact('704', 'carl.staged@example.com', 'Carl')]);
    expect(await prepare(t.db)).toMatchObject({ transactions: { retained: 1 }, blockingErrors: [] }); // ana's
    await cutover(t.db);
    const [carlTx] = await rows<{ id: string }>(`select id from public.transactions where external_id = 'inv_carl' and user_id is not null`);
    expect(carlTx).toBeDefined();

    await eraseSubject(t.db, { email: 'carl.staged@example.com' });
    // the raw invoice is gone with the person; bob's too, by hand, while his payment keeps its user
    expect(await rows(`select count(*)::int as n from ingest.xendit_raw where id = 'inv_carl'`)).toEqual([{ n: 0 }]);
    await execScript(t.db, `delete from ingest.xendit_raw where id = 'inv_bob'`);

    const report = await prepare(t.db);
    expect(report.transactions).toMatchObject({ retained: 2, total: 0 }); // ana's and carl's; no invoice left
    expect(await rows(`select external_id, id, user_id, contact_email from ingest.transactions_staging order by external_id`)).toEqual([
      { external_id: 'inv_ana', id: expect.any(String), user_id: null, contact_email: null },
      { external_id: 'inv_carl', id: carlTx!.id, user_id: null, contact_email: null },
    ]);
    await cutover(t.db, { force: true }); // bob's payment goes: more than 10 % fewer rows
    expect(await rows(`select external_id, id, amount::text as amount from public.transactions order by external_id`)).toEqual([
      { external_id: 'inv_ana', id: expect.any(String), amount: '800.00' },
      { external_id: 'inv_carl', id: carlTx!.id, amount: '800.00' },
    ]);
    expect([...(await catalogScan(t.db, ['carl.staged@example.com'])).keys()].filter((table) => !table.startsWith('ingest_backup'))).toEqual([]);
  });
});
