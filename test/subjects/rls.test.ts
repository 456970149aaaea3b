import { randomUUID } from 'node:crypto';
import { beforeAll, describe, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import type { DbContext } from '../../src/rls.js';
import { exportSubject } from '../../src/subjects.js';
import { authenticatedContext, expectAllowed, expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';

const TABLE = 'subjects.runs';
const ops = {
  select: 'select id from subjects.runs',
  insert: `insert into subjects.runs (db_role, login_role, action, lookup, found, total_rows, tables) values ('x', 'x', 'export', 'email', false, 0, '{}') returning id`,
  update: `update subjects.runs set found = true returning id`,
  delete: 'delete from subjects.runs returning id',
} as const;
type Op = keyof typeof ops;
const run = (op: Op) => (tx: Parameters<Parameters<typeof expectAllowed>[2]>[0]) => queryRows(tx, ops[op]);

describe(`subjects.runs: the audit of data-subject runs (${engine})`, () => {
  const t = useDatabase();
  const someone = randomUUID();
  const admin = authenticatedContext({ id: randomUUID(), email: 'admin@example.com', appMetadata: { role: 'admin' } });
  const user = authenticatedContext({ id: someone, email: 'someone@example.com' });
  const personas: [DbContext, string][] = [
    [{ role: 'anon' }, 'anon'],
    [user, 'authenticated:owner'],
    [user, 'authenticated:other'],
    [admin, 'authenticated:admin'],
    [{ role: 'crm_app', settings: { 'app.current_brand': 'gnymble' } }, 'crm_app:brand'],
    [{ role: 'crm_app' }, 'crm_app:unset'],
    [{ role: 'crm_analytics' }, 'crm_analytics'],
  ];

  beforeAll(async () => {
    // a run to read: an export (recorded whatever it finds)
    await exportSubject(t.db, { email: 'nobody@example.com' });
  });

  it('service_role reads the runs, and cannot write them (only the functions do)', async () => {
    await expectAllowed(t.db, { role: 'service_role' }, run('select'), { table: TABLE, operation: 'select', bypassRls: true });
    for (const op of ['insert', 'update', 'delete'] as const) {
      await expectDenied(t.db, { role: 'service_role' }, run(op), { table: TABLE, operation: op, bypassRls: true });
    }
  });

  it('no app role reads or writes them (no grant, no policy)', async () => {
    for (const [ctx, persona] of personas) {
      for (const op of Object.keys(ops) as Op[]) await expectDenied(t.db, ctx, run(op), { table: TABLE, operation: op, persona });
    }
  });
});
