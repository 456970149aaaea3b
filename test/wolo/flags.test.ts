import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { featureEnabled } from '../../src/functions/wolo/index.js';
import { asAnon, asServiceRole, type Tx } from '../../src/rls.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { engine, useDatabase } from '../helpers.js';
import { createUser, expectSqlState, userCtx } from './fixtures.js';

const t = useDatabase();

async function flag(values: { enabled?: boolean; pct?: number; env?: string; groups?: string[]; regions?: string[] } = {}) {
  const key = `flag_${randomUUID().slice(0, 8)}`;
  await queryRows(
    t.db,
    sql`insert into wolo.feature_flags (flag_key, name, is_enabled, rollout_percentage, environment, target_user_groups, target_regions)
        values (${key}, 'F', ${values.enabled ?? true}, ${values.pct ?? 0}, ${values.env ?? 'production'},
                ${values.groups ? sql.raw(`ARRAY[${values.groups.map((g) => `'${g}'`).join(',')}]::text[]`) : null},
                ${values.regions ? sql.raw(`ARRAY[${values.regions.map((g) => `'${g}'`).join(',')}]::text[]`) : null})`,
  );
  return key;
}

/** The users (deterministic ids md5(i)) for whom the flag is on, out of 10,000. */
async function onUsers(key: string): Promise<Set<number>> {
  const rows = await queryRows<{ i: number }>(t.db, sql`select i from generate_series(1, 10000) i where wolo.feature_enabled(${key}, md5(i::text)::uuid)`);
  return new Set(rows.map((r) => r.i));
}

describe(`feature flags (${engine})`, () => {
  it('unknown, disabled and other-environment flags are off; 100 % is on even without a user', async () => {
    const user = await createUser(t.db);
    expect(await featureEnabled(t.db, { flagKey: 'no_such_flag', userId: user })).toBe(false);
    expect(await featureEnabled(t.db, { flagKey: await flag({ enabled: false, pct: 100 }), userId: user })).toBe(false);
    const staging = await flag({ pct: 100, env: 'staging' });
    expect(await featureEnabled(t.db, { flagKey: staging, userId: user })).toBe(false);
    const inStaging = await t.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('wolo.environment', 'staging', true)`);
      return featureEnabled(tx, { flagKey: staging, userId: user });
    });
    expect(inStaging).toBe(true);
    expect(await featureEnabled(t.db, { flagKey: await flag({ pct: 100 }) })).toBe(true);
    expect(await featureEnabled(t.db, { flagKey: await flag({ pct: 99 }) })).toBe(false);
  });

  it('targeted groups and regions are on at 0 %', async () => {
    const admin = await createUser(t.db, { roles: ['user', 'admin'] });
    const user = await createUser(t.db);
    const key = await flag({ pct: 0, groups: ['admin'], regions: ['Dakar'] });
    expect(await featureEnabled(t.db, { flagKey: key, userId: admin })).toBe(true);
    expect(await featureEnabled(t.db, { flagKey: key, userId: user })).toBe(false);
    expect(await featureEnabled(t.db, { flagKey: key, userId: user, region: 'Dakar' })).toBe(true);
    expect(await featureEnabled(t.db, { flagKey: key, region: 'Thiès' })).toBe(false);
  });

  it('rollout: deterministic, share within ±2 points over 10,000 users, raising the percentage never turns a user off', async () => {
    const key = await flag({ pct: 30 });
    const at30 = await onUsers(key);
    expect(at30.size).toBeGreaterThanOrEqual(2800);
    expect(at30.size).toBeLessThanOrEqual(3200);
    expect(await onUsers(key)).toEqual(at30);
    await queryRows(t.db, sql`update wolo.feature_flags set rollout_percentage = 60 where flag_key = ${key}`);
    const at60 = await onUsers(key);
    expect(at60.size).toBeGreaterThanOrEqual(5800);
    expect(at60.size).toBeLessThanOrEqual(6200);
    expect([...at30].filter((i) => !at60.has(i))).toEqual([]);
    // Another flag buckets users independently.
    const other = await onUsers(await flag({ pct: 30 }));
    expect(other).not.toEqual(at30);
  });

  it('anon names no user: a flag targeting admins would otherwise tell it who the admins are', async () => {
    const admin = await createUser(t.db, { roles: ['user', 'admin'] });
    const user = await createUser(t.db);
    const key = await flag({ pct: 0, groups: ['admin'] });
    const everyone = await flag({ pct: 100 });
    for (const who of [admin, user]) {
      await expectSqlState(asAnon(t.db, (tx) => featureEnabled(tx, { flagKey: key, userId: who })), 'UW018');
    }
    // without a user, anon gets the flag's answer for everybody; service_role may name anyone
    expect(await asAnon(t.db, (tx) => featureEnabled(tx, { flagKey: everyone }))).toBe(true);
    expect(await asAnon(t.db, (tx) => featureEnabled(tx, { flagKey: key }))).toBe(false);
    expect(await asServiceRole(t.db, (tx) => featureEnabled(tx, { flagKey: key, userId: admin }))).toBe(true);
    expect(await asServiceRole(t.db, (tx) => featureEnabled(tx, { flagKey: key, userId: user }))).toBe(false);
  });

  it('a signed-in user asks about itself only; bad input is a ValidationError', async () => {
    const alice = await createUser(t.db);
    const bob = await createUser(t.db);
    const key = await flag({ pct: 100 });
    await expectAllowed(t.db, userCtx(alice), (tx: Tx) => queryRows(tx, sql`select wolo.feature_enabled(${key}, ${alice}) as on`));
    await expectSqlState(
      t.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('request.jwt.claims', ${JSON.stringify({ sub: alice, role: 'authenticated' })}, true)`);
        await tx.execute(sql`select wolo.feature_enabled(${key}, ${bob})`);
      }),
      'UW018',
    );
    await expect(featureEnabled(t.db, { flagKey: '', userId: alice })).rejects.toMatchObject({ field: 'flagKey' });
    await expect(featureEnabled(t.db, { flagKey: key, userId: 'x' })).rejects.toMatchObject({ field: 'userId' });
  });
});

describe(`system_config (${engine})`, () => {
  const insert = (key: string, value: unknown, type: string, rules: unknown = null, sensitive = false) =>
    queryRows(
      t.db,
      sql`insert into wolo.system_config (config_key, config_value, data_type, validation_rules, is_sensitive)
          values (${key}, ${JSON.stringify(value)}::jsonb, ${type}, ${rules === null ? null : JSON.stringify(rules)}::jsonb, ${sensitive})`,
    );

  it('values are validated against data_type and validation_rules on insert and update', async () => {
    await insert('max_pot_target', 5_000_000, 'number', { min: 1000, max: 10_000_000 });
    await expectSqlState(queryRows(t.db, sql`update wolo.system_config set config_value = '500'::jsonb where config_key = 'max_pot_target'`), 'UW023');
    await expectSqlState(queryRows(t.db, sql`update wolo.system_config set config_value = '20000000'::jsonb where config_key = 'max_pot_target'`), 'UW023');
    await expectSqlState(queryRows(t.db, sql`update wolo.system_config set config_value = '"5000"'::jsonb where config_key = 'max_pot_target'`), 'UW023');
    await queryRows(t.db, sql`update wolo.system_config set config_value = '10000000'::jsonb where config_key = 'max_pot_target'`);
    await insert('support_phone', '+221771234567', 'string', { pattern: '^\\+221[0-9]{9}$', maxLength: 13 });
    await expectSqlState(insert('support_phone_2', '0771234567', 'string', { pattern: '^\\+221[0-9]{9}$' }), 'UW023');
    await expectSqlState(insert('short', 'ab', 'string', { minLength: 3 }), 'UW023');
    await insert('currency', 'XOF', 'string', { enum: ['XOF'] });
    await expectSqlState(insert('currency_2', 'EUR', 'string', { enum: ['XOF'] }), 'UW023');
    await expectSqlState(insert('weird', 1, 'number', { between: [0, 1] }), 'UW023');
  });

  it('sensitive values are never readable by authenticated (not even admins); service_role reads them', async () => {
    const admin = await createUser(t.db, { roles: ['user', 'admin'] });
    await insert('wave_api_secret', 'sk_live_123', 'string', null, true);
    await insert('public_banner', 'Bienvenue', 'string');
    await expectDenied(t.db, userCtx(admin), (tx: Tx) => queryRows(tx, sql`select config_value from wolo.system_config where config_key = 'wave_api_secret'`));
    await expectAllowed(t.db, userCtx(admin), (tx: Tx) => queryRows(tx, sql`select config_value from wolo.system_config where config_key = 'public_banner'`));
    expect(await asServiceRole(t.db, (tx) => queryRows(tx, sql`select config_value from wolo.system_config where config_key = 'wave_api_secret'`))).toEqual([{ config_value: 'sk_live_123' }]);
  });
});
