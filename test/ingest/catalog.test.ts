import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { productForDescription, insertProductSchema, insertRunLogSchema, insertXenditRawSchema } from '../../src/ingest.js';
import { asAnon, asRole, asUser } from '../../src/rls.js';
import { engine, expectDbError, useDatabase } from '../helpers.js';

const t = useDatabase();

describe(`product catalog and access (${engine})`, () => {
  it('is seeded with the document rules: P2P ₱800, Canva, Other as the fallback', async () => {
    const rows = await queryRows(t.db, 'select code, match_pattern, priority, list_price::text, currency, buyer_tag, creates_profile from ingest.products order by priority');
    expect(rows).toEqual([
      { code: 'P2P', match_pattern: '%papers to profits%', priority: 10, list_price: '800.00', currency: 'PHP', buyer_tag: 'PaidP2P', creates_profile: true },
      { code: 'Canva', match_pattern: '%canva%', priority: 20, list_price: '1000.00', currency: 'PHP', buyer_tag: 'Canva', creates_profile: false },
      { code: 'Other', match_pattern: null, priority: 1000, list_price: null, currency: 'PHP', buyer_tag: null, creates_profile: false },
    ]);
  });

  it('ingest.product_for matches case-insensitively, by priority, with Other as the fallback', async () => {
    const cases: [string | null, string][] = [
      ['Papers to Profits', 'P2P'],
      ['PAPERS TO PROFITS - full course', 'P2P'],
      ['Papers to Profits + Canva bonus', 'P2P'],
      ['canva ebook', 'Canva'],
      ['My CANVA Design Ebook', 'Canva'],
      ['Coaching call', 'Other'],
      ['', 'Other'],
      [null, 'Other'],
      ["%'; drop table ingest.products; --", 'Other'],
    ];
    for (const [description, code] of cases) expect(await productForDescription(t.db, description), String(description)).toBe(code);
  });

  it('rules are data: a new catalog row changes the matching without code', async () => {
    await queryRows(t.db, "insert into ingest.products (code, name, match_pattern, priority, list_price) values ('Coaching', 'Coaching', '%coaching%', 30, 1500)");
    try {
      expect(await productForDescription(t.db, '1:1 Coaching call')).toBe('Coaching');
    } finally {
      await queryRows(t.db, "delete from ingest.products where code = 'Coaching'");
    }
    expect(await productForDescription(t.db, '1:1 Coaching call')).toBe('Other');
  });

  it('anon and authenticated cannot touch raw data; service_role can', async () => {
    for (const table of ['xendit_raw', 'systemeio_raw', 'rejected_rows', 'run_log', 'products']) {
      await expectDbError(asAnon(t.db, (tx) => queryRows(tx, `select * from ingest.${table}`)), /permission denied/);
      await expectDbError(asUser(t.db, '6f1c2a34-0000-4000-8000-000000000009', (tx) => queryRows(tx, `select * from ingest.${table}`)), /permission denied/);
      await asRole(t.db, 'service_role', (tx) => queryRows(tx, `select count(*) from ingest.${table}`));
    }
    await expectDbError(asUser(t.db, '6f1c2a34-0000-4000-8000-000000000009', (tx) => queryRows(tx, "select ingest.product_for('x')")), /permission denied/);
    expect(await asRole(t.db, 'service_role', (tx) => queryRows(tx, "select ingest.product_for('canva') as p"))).toEqual([{ p: 'Canva' }]);
    await asRole(t.db, 'service_role', (tx) => queryRows(tx, "insert into ingest.run_log (kind) values ('sync_xendit')"));
  });

  it('the drizzle-zod row schemas carry the CHECK rules', () => {
    expect(insertProductSchema.safeParse({ code: 'Coaching', name: 'Coaching', priority: 30, listPrice: '1500.00', currency: 'PHP' }).success).toBe(true);
    for (const bad of [{ code: '1x' }, { currency: 'php' }, { listPrice: '-1' }, { listPrice: '1.999' }]) {
      const r = insertProductSchema.safeParse({ code: 'X', name: 'X', priority: 1, ...bad });
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.path[0]).toBe(Object.keys(bad)[0]);
    }
    expect(insertRunLogSchema.safeParse({ kind: 'prepare' }).success).toBe(true);
    expect(insertRunLogSchema.safeParse({ kind: 'drop_everything' }).error?.issues[0]?.path).toEqual(['kind']);
    const row = { id: 'inv_1', status: 'PAID', amount: '800.00', payload: {}, contentHash: 'x', emailNormalized: 'a@b.co' };
    expect(insertXenditRawSchema.safeParse(row).success).toBe(true);
    expect(insertXenditRawSchema.safeParse({ ...row, status: 'UNPAID' }).error?.issues[0]?.path).toEqual(['status']);
    expect(insertXenditRawSchema.safeParse({ ...row, emailNormalized: 'A@b.co' }).error?.issues[0]?.path).toEqual(['emailNormalized']);
  });
});
