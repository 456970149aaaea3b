import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import { DEFINER_ROLE } from '../../src/functions/define.js';
import { subjectsDefinerRights } from '../../src/functions/subjects/objects.js';
import { eraseSubject, exportSubject } from '../../src/subjects.js';
import { engine, useDatabase } from '../helpers.js';

/**
 * Supabase's GoTrue log (auth.audit_log_entries), made here as GoTrue's migration makes it, then the
 * migration's grants to the definer role applied again as `migrate()` applies them on a database that has it.
 */
describe(`data subjects: GoTrue's audit log (${engine})`, () => {
  const t = useDatabase();
  const gina = { id: randomUUID(), email: 'gina.audit@example.com' };
  const hugo = { id: randomUUID(), email: 'hugo.audit@example.com' };
  const admin = { id: randomUUID(), email: 'admin.audit@example.com' };
  const payloads = (id: string) => queryRows<{ payload: string }>(t.db, `select payload::text as payload from auth.audit_log_entries where id = '${id}'`);
  const entries = { ginaLogin: randomUUID(), hugoLogin: randomUUID(), ginaInvited: randomUUID() };

  beforeAll(async () => {
    await execScript(
      t.db,
      `CREATE TABLE IF NOT EXISTS auth.audit_log_entries (
         instance_id uuid NULL, id uuid NOT NULL, payload json NULL, created_at timestamptz NULL,
         ip_address varchar(64) NOT NULL DEFAULT '', CONSTRAINT audit_log_entries_pkey PRIMARY KEY (id));`,
    );
    for (const statement of subjectsDefinerRights.create) await execScript(t.db, statement);
    for (const p of [gina, hugo, admin]) {
      await queryRows(t.db, `insert into auth.users (id, email, aud, role) values ('${p.id}', '${p.email}', 'authenticated', 'authenticated')`);
    }
    const entry = (id: string, payload: object) =>
      queryRows(t.db, `insert into auth.audit_log_entries (id, payload, created_at, ip_address) values ('${id}', '${JSON.stringify(payload)}', now(), '203.0.113.7')`);
    await entry(entries.ginaLogin, { actor_id: gina.id, actor_username: gina.email, action: 'login', log_type: 'account', traits: { provider: 'email' } });
    await entry(entries.hugoLogin, { actor_id: hugo.id, actor_username: hugo.email, action: 'login', log_type: 'account', traits: { provider: 'email' } });
    await entry(entries.ginaInvited, { actor_id: admin.id, actor_username: admin.email, action: 'user_invited', log_type: 'team', traits: { user_id: gina.id, user_email: gina.email } });
  });

  it("exports the log's entries that mention the person, and erasure redacts them there, keeping the entries", async () => {
    const exported = await exportSubject(t.db, { email: gina.email });
    const logged = (exported.domains.auth as Record<string, { found_by: string[]; row: { id: string } }[]>)['auth.audit_log_entries'] ?? [];
    expect(logged.map((i) => i.row.id).sort()).toEqual([entries.ginaLogin, entries.ginaInvited].sort());
    expect(logged[0]!.found_by).toEqual(['mention:payload']);

    const hugoBefore = await payloads(entries.hugoLogin);
    const dry = await eraseSubject(t.db, { email: gina.email }, { dryRun: true });
    expect(dry.tables['auth.audit_log_entries']).toMatchObject({ domain: 'auth', action: 'redact', redacted: 2 });
    expect((await payloads(entries.ginaLogin))[0]!.payload).toContain(gina.email);

    const report = await eraseSubject(t.db, { email: gina.email });
    expect(report.tables['auth.audit_log_entries']).toMatchObject({ domain: 'auth', action: 'redact', rows: 0, redacted: 2 });
    for (const id of [entries.ginaLogin, entries.ginaInvited]) {
      const [row] = await payloads(id);
      expect(row!.payload).not.toContain(gina.email);
      expect(row!.payload).not.toContain(gina.id);
      expect(row!.payload).toContain('[erased]');
    }
    // the admin who invited her is still named; hugo's entry is byte for byte the same
    expect(JSON.parse((await payloads(entries.ginaInvited))[0]!.payload)).toMatchObject({ actor_username: admin.email, action: 'user_invited' });
    expect(await payloads(entries.hugoLogin)).toEqual(hugoBefore);
    expect(await queryRows(t.db, `select count(*)::int as n from auth.audit_log_entries`)).toEqual([{ n: 3 }]);
    expect((await eraseSubject(t.db, { email: gina.email })).tables['auth.audit_log_entries']).toMatchObject({ redacted: 0 });
  });

  it('reports the log skipped where the definer role may not update it', async () => {
    await execScript(t.db, `REVOKE UPDATE ON auth.audit_log_entries FROM ${DEFINER_ROLE}`);
    try {
      const report = await eraseSubject(t.db, { email: hugo.email });
      expect(report.tables['auth.audit_log_entries']).toMatchObject({ action: 'redact', redacted: 0, skipped: 'no privilege' });
      expect((await payloads(entries.hugoLogin))[0]!.payload).toContain(hugo.email);
    } finally {
      await execScript(t.db, `GRANT UPDATE ON auth.audit_log_entries TO ${DEFINER_ROLE}`);
    }
  });
});
