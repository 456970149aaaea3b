import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { AUDITED_TABLES } from '../../src/functions/wolo/index.js';
import { asServiceRole, type Tx, withContext } from '../../src/rls.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { createDonation, createPot, createQr, createUser, userCtx } from './fixtures.js';

const t = useDatabase();

type Audit = { actor_user_id: string | null; actor_type: string; action: string; resource_type: string; resource_id: string; old_values: Record<string, unknown> | null; new_values: Record<string, unknown> | null };
async function audits(resourceId: string): Promise<Audit[]> {
  return queryRows<Audit>(
    t.db,
    sql`select actor_user_id, actor_type, action, resource_type, resource_id, old_values, new_values from wolo.audit_logs where resource_id = ${resourceId} order by created_at, timestamp, id`,
  );
}

describe(`audit (${engine})`, () => {
  it('users: role and active changes only, by the system; other columns are not audited', async () => {
    const user = await createUser(t.db);
    expect(await audits(user)).toEqual([]);
    await queryRows(t.db, sql`update wolo.users set last_login_at = now(), phone = '+221770000001' where id = ${user}`);
    expect(await audits(user)).toEqual([]);
    await queryRows(t.db, sql`update wolo.users set roles = array['user', 'partner'], phone = '+221770000002' where id = ${user}`);
    await queryRows(t.db, sql`update wolo.users set is_active = false where id = ${user}`);
    const rows = await audits(user);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_type: 'system', actor_user_id: null, action: 'users.update', resource_type: 'users', old_values: { roles: ['user'] }, new_values: { roles: ['user', 'partner'] } });
    expect(rows[0]!.new_values).not.toHaveProperty('phone');
    expect(rows[1]).toMatchObject({ old_values: { is_active: true }, new_values: { is_active: false } });
  });

  it('pots by their owner (actor = auth.uid()); donations with personal data redacted; refunds, partners, packs', async () => {
    const owner = await createUser(t.db);
    const pot = await createPot(t.db, owner);
    expect(await withContext(t.db, userCtx(owner), (tx) => queryRows(tx, sql`update wolo.pots set title = 'Fatou 18' where id = ${pot} returning id`))).toHaveLength(1);
    const potRows = await audits(pot);
    expect(potRows.map((r) => r.action)).toEqual(['pots.insert', 'pots.update']);
    expect(potRows[1]).toMatchObject({ actor_type: 'user', actor_user_id: owner, old_values: { title: 'Birthday' }, new_values: { title: 'Fatou 18' } });
    const donation = await createDonation(t.db, pot, { phone: '+221771112233', name: 'Awa Ndiaye' });
    const [d] = await audits(donation);
    expect(d).toMatchObject({ action: 'donations.insert', actor_type: 'system', new_values: { donor_phone: '[redacted]', donor_name: '[redacted]', amount_cfa: 1000 } });
    expect(JSON.stringify(d)).not.toContain('771112233');
    const { partner, pack } = await createQr(t.db, pot);
    expect((await audits(partner)).map((r) => r.action)).toEqual(['partners.insert']);
    await queryRows(t.db, sql`update wolo.partners set tax_id = 'SN-123', status = 'active' where id = ${partner}`);
    const [, p] = await audits(partner);
    expect(p!.new_values).toMatchObject({ tax_id: '[redacted]' });
    expect((await audits(pack)).map((r) => r.action)).toEqual(['packs.insert']);
    await queryRows(t.db, sql`delete from wolo.qr_codes where pack_id = ${pack}`);
    await queryRows(t.db, sql`delete from wolo.packs where id = ${pack}`);
    expect((await audits(pack)).map((r) => r.action)).toEqual(['packs.insert', 'packs.delete']);
  });

  it('feature flags and system config; a sensitive value is redacted', async () => {
    const [f] = await queryRows<{ id: string }>(t.db, sql`insert into wolo.feature_flags (flag_key, name) values ('audit_flag', 'A') returning id`);
    await queryRows(t.db, sql`update wolo.feature_flags set is_enabled = true, rollout_percentage = 10 where id = ${f!.id}`);
    const flagRows = await audits(f!.id);
    expect(flagRows[1]).toMatchObject({ action: 'feature_flags.update', old_values: { is_enabled: false, rollout_percentage: 0 }, new_values: { is_enabled: true, rollout_percentage: 10 } });
    const [c] = await queryRows<{ id: string }>(
      t.db,
      sql`insert into wolo.system_config (config_key, config_value, data_type, is_sensitive) values ('audit_secret', '"s3cr3t"', 'string', true) returning id`,
    );
    await queryRows(t.db, sql`update wolo.system_config set config_value = '"n3w"' where id = ${c!.id}`);
    const cfg = await audits(c!.id);
    expect(cfg.map((r) => r.action)).toEqual(['system_config.insert', 'system_config.update']);
    expect(JSON.stringify(cfg)).not.toMatch(/s3cr3t|n3w/);
    expect(AUDITED_TABLES).toEqual(['users', 'pots', 'donations', 'refunds', 'partners', 'packs', 'feature_flags', 'system_config']);
  });

  it('audit rows are immutable for authenticated (even admins); service_role may update and delete', async () => {
    const admin = await createUser(t.db, { roles: ['user', 'admin'] });
    const user = await createUser(t.db);
    await queryRows(t.db, sql`update wolo.users set is_active = false where id = ${user}`);
    const [row] = await queryRows<{ id: string }>(t.db, sql`select id from wolo.audit_logs where resource_id = ${user}`);
    await expectAllowed(t.db, userCtx(admin), (tx: Tx) => queryRows(tx, sql`select id from wolo.audit_logs where id = ${row!.id}`));
    await expectDenied(t.db, userCtx(admin), (tx: Tx) => queryRows(tx, sql`update wolo.audit_logs set reason = 'x' where id = ${row!.id} returning id`));
    await expectDenied(t.db, userCtx(admin), (tx: Tx) => queryRows(tx, sql`delete from wolo.audit_logs where id = ${row!.id} returning id`));
    await expectDenied(t.db, userCtx(admin), (tx: Tx) => queryRows(tx, sql`insert into wolo.audit_logs (actor_type, action, resource_type) values ('user', 'forged', 'users') returning id`));
    expect(await asServiceRole(t.db, (tx) => queryRows(tx, sql`update wolo.audit_logs set reason = 'reviewed' where id = ${row!.id} returning id`))).toHaveLength(1);
    expect(await asServiceRole(t.db, (tx) => queryRows(tx, sql`delete from wolo.audit_logs where id = ${row!.id} returning id`))).toHaveLength(1);
  });
});
