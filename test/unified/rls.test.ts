import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import type { Tx } from '../../src/rls.js';
import { asServiceRole } from '../../src/rls.js';
import { expectAllowed, expectDenied } from '../../src/testing/index.js';
import { calculateEnrollmentMetrics, getMonthlyRevenue, unifiedProfiles } from '../../src/unified.js';
import { engine, useDatabase } from '../helpers.js';
import { loadAnalyticsFixture } from './analytics-fixture.js';
import { adminCtx, anonCtx, createProfile, createTransaction, resetUnified, userCtx } from './fixtures.js';

const t = useDatabase();
let f: Awaited<ReturnType<typeof loadAnalyticsFixture>>;
let admin: string;
beforeAll(async () => {
  await resetUnified(t.db);
  f = await loadAnalyticsFixture(t.db);
  admin = await createProfile(t.db, 'admin@example.com');
  await t.db.execute(sql`insert into public.affiliates (user_id, code) values (${f.u1}, 'u1-code'), (${f.u2}, 'u2-code')`);
  await t.db.execute(sql`update public.unified_profiles set first_name = 'Audited' where id = ${f.u2}`);
  await t.db.execute(sql`select public.update_revenue_metrics()`);
});

const rows = (q: ReturnType<typeof sql>) => (tx: Tx) => queryRows(tx, q);
const count = async (tx: Tx, table: string) => {
  const [r] = await queryRows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`));
  return r!.n;
};

describe(`unified RLS: unified_profiles (${engine})`, () => {
  it('anon reads nothing', async () => {
    await expectDenied(t.db, anonCtx, rows(sql`select * from public.unified_profiles`));
  });

  it('a user reads their own profile, not another one', async () => {
    const own = await expectAllowed(t.db, userCtx(f.u1), rows(sql`select id from public.unified_profiles`));
    expect(own).toEqual([{ id: f.u1 }]);
    await expectDenied(t.db, userCtx(f.u1), rows(sql`select * from public.unified_profiles where id = ${f.u2}`));
  });

  it('a user updates their own contact fields (first_name, last_name, phone)', async () => {
    await expectAllowed(t.db, userCtx(f.u1), (tx) =>
      tx.update(unifiedProfiles).set({ firstName: 'Una', lastName: 'Uno', phone: '+639170001111' }).where(sql`id = ${f.u1}`).returning({ id: unifiedProfiles.id }),
    );
  });

  it("a user cannot update another user's contact fields", async () => {
    await expectDenied(t.db, userCtx(f.u1), rows(sql`update public.unified_profiles set first_name = 'Hacked' where id = ${f.u2} returning id`));
  });

  it('a user cannot update their own email, status, admin_metadata, tags or acquisition_source', async () => {
    for (const set of [
      sql`email = 'new@example.com'`,
      sql`status = 'suspended'`,
      sql`admin_metadata = '{"vip": true}'::jsonb`,
      sql`tags = array['vip']`,
      sql`acquisition_source = 'forged'`,
      sql`membership_level_id = null`,
    ]) {
      await expectDenied(t.db, userCtx(f.u1), rows(sql`update public.unified_profiles set ${set} where id = ${f.u1} returning id`));
    }
  });

  it('a user cannot insert or delete profiles', async () => {
    await expectDenied(t.db, userCtx(f.u1), rows(sql`insert into public.unified_profiles (id, email) values (${f.u1}, 'dup@example.com') returning id`));
    await expectDenied(t.db, userCtx(f.u1), rows(sql`delete from public.unified_profiles where id = ${f.u1} returning id`));
  });

  it('an admin (app_metadata.role = admin) reads every profile but updates none of the others', async () => {
    const all = await expectAllowed(t.db, adminCtx(admin), rows(sql`select id from public.unified_profiles`));
    expect(all).toHaveLength(6);
    await expectDenied(t.db, adminCtx(admin), rows(sql`update public.unified_profiles set first_name = 'X' where id = ${f.u1} returning id`));
  });

  it('user_metadata (which users can edit) does not make an admin', async () => {
    const spoof = { role: 'authenticated', claims: { sub: f.u1, user_metadata: { role: 'admin' }, role_claim: 'admin' } };
    const seen = await expectAllowed(t.db, spoof, rows(sql`select id from public.unified_profiles`));
    expect(seen).toEqual([{ id: f.u1 }]);
  });

  it('service_role reads and writes everything', async () => {
    const n = await asServiceRole(t.db, async (tx) => {
      await tx.execute(sql`update public.unified_profiles set status = 'active' where id = ${f.u1}`);
      return count(tx, 'public.unified_profiles');
    });
    expect(n).toBe(6);
  });
});

describe(`unified RLS: transactions and enrollments (${engine})`, () => {
  for (const table of ['transactions', 'enrollments']) {
    it(`${table}: anon is denied`, async () => {
      await expectDenied(t.db, anonCtx, rows(sql.raw(`select * from public.${table}`)));
    });

    it(`${table}: a user reads only their own`, async () => {
      const own = await expectAllowed(t.db, userCtx(f.u1), rows(sql.raw(`select user_id from public.${table}`)));
      expect(own.every((r) => (r as { user_id: string }).user_id === f.u1)).toBe(true);
      await expectDenied(t.db, userCtx(f.u1), rows(sql.raw(`select * from public.${table} where user_id <> '${f.u1}' or user_id is null`)));
    });

    it(`${table}: a user cannot write`, async () => {
      await expectDenied(t.db, userCtx(f.u1), rows(sql.raw(`delete from public.${table} where user_id = '${f.u1}' returning 1`)));
      await expectDenied(t.db, userCtx(f.u1), rows(sql.raw(`update public.${table} set status = status where user_id = '${f.u1}' returning 1`)));
    });

    it(`${table}: an admin reads all`, async () => {
      const expected = await asServiceRole(t.db, (tx) => count(tx, `public.${table}`));
      const n = await expectAllowed(t.db, adminCtx(admin), (tx) => count(tx, `public.${table}`));
      expect(n).toBe(expected);
    });
  }

  it('transactions: a user cannot insert a payment, not even their own', async () => {
    await expectDenied(t.db, userCtx(f.u1), rows(sql`insert into public.transactions (user_id, amount, transaction_type) values (${f.u1}, 1, 'P2P') returning id`));
  });

  it("transactions: another user's payment whose contact_email is my JWT email is not mine", async () => {
    // u1's token carries email u1@example.com; u2 paid with that address typed as the contact email.
    const foreign = await createTransaction(t.db, { userId: f.u2, contactEmail: 'U1@Example.com', status: 'pending', type: 'Other' });
    try {
      const claims = userCtx(f.u1).claims as { email?: string };
      expect(claims.email).toBe('u1@example.com');
      await expectDenied(t.db, userCtx(f.u1), rows(sql`select * from public.transactions where id = ${foreign}`));
      await expectAllowed(t.db, userCtx(f.u2), rows(sql`select * from public.transactions where id = ${foreign}`));
    } finally {
      await t.db.execute(sql`delete from public.transactions where id = ${foreign}`);
    }
  });

  it('transactions: a payment matched only by contact_email (user_id NULL) is not the user\'s', async () => {
    // u3's Canva purchase carries only contact_email: it becomes theirs once linked (sync_profile_data).
    await expectDenied(t.db, userCtx(f.u3), rows(sql`select * from public.transactions where user_id is null`));
  });
});

describe(`unified RLS: other tables (${engine})`, () => {
  for (const table of ['profile_audit_log', 'admin_notifications', 'revenue_metrics', 'dashboard_cache_status']) {
    it(`${table}: admins read it, users and anon do not`, async () => {
      await expectAllowed(t.db, adminCtx(admin), rows(sql.raw(`select * from public.${table}`)));
      await expectDenied(t.db, userCtx(f.u1), rows(sql.raw(`select * from public.${table}`)));
      await expectDenied(t.db, anonCtx, rows(sql.raw(`select * from public.${table}`)));
    });
  }

  for (const table of ['courses']) {
    it(`${table}: signed-in users read the catalog, anon does not`, async () => {
      await expectAllowed(t.db, userCtx(f.u1), rows(sql.raw(`select * from public.${table}`)));
      await expectDenied(t.db, anonCtx, rows(sql.raw(`select * from public.${table}`)));
      await expectDenied(t.db, userCtx(f.u1), rows(sql.raw(`update public.${table} set title = 'x' returning 1`)));
    });
  }

  it('membership_levels: signed-in users read, anon does not', async () => {
    await t.db.execute(sql`insert into public.membership_levels (name) values ('gold') on conflict do nothing`);
    await expectAllowed(t.db, userCtx(f.u1), rows(sql`select * from public.membership_levels`));
    await expectDenied(t.db, anonCtx, rows(sql`select * from public.membership_levels`));
  });

  it('affiliates: a user reads their own record, not others; admins read all', async () => {
    const own = await expectAllowed(t.db, userCtx(f.u1), rows(sql`select user_id from public.affiliates`));
    expect(own).toEqual([{ user_id: f.u1 }]);
    await expectDenied(t.db, userCtx(f.u1), rows(sql`select * from public.affiliates where user_id = ${f.u2}`));
    expect(await expectAllowed(t.db, adminCtx(admin), rows(sql`select * from public.affiliates`))).toHaveLength(2);
  });
});

describe(`unified RLS: views, materialized views, functions (${engine})`, () => {
  it('live views run with the caller\'s RLS: a user sees aggregates of their own rows, an admin of all', async () => {
    const mine = await expectAllowed(t.db, userCtx(f.u1), (tx) => getMonthlyRevenue(tx));
    expect(mine.map((r) => [r.month, r.product, r.revenue])).toEqual([
      ['2024-01-01', 'P2P', '1000.00'],
      ['2024-02-01', 'Canva', '300.00'],
      ['2024-03-01', 'Other', '50.00'],
    ]);
    const all = await expectAllowed(t.db, adminCtx(admin), (tx) => getMonthlyRevenue(tx));
    expect(all).toHaveLength(5);
    await expectDenied(t.db, userCtx(f.u4), rows(sql`select * from public.revenue_analysis_view`));
    for (const view of ['monthly_enrollments_view', 'revenue_analysis_view', 'marketing_source_view']) {
      await expectDenied(t.db, anonCtx, rows(sql.raw(`select * from public.${view}`)));
    }
  });

  it('materialized views (no RLS possible) are readable by service_role only', async () => {
    await t.db.execute(sql`select public.refresh_dashboard_views()`);
    for (const mv of ['monthly_enrollments_mv', 'revenue_analysis_mv', 'marketing_source_mv']) {
      await expectDenied(t.db, userCtx(f.u1), rows(sql.raw(`select * from public.${mv}`)));
      await expectDenied(t.db, adminCtx(admin), rows(sql.raw(`select * from public.${mv}`)));
      await expectDenied(t.db, anonCtx, rows(sql.raw(`select * from public.${mv}`)));
      expect(await asServiceRole(t.db, (tx) => count(tx, `public.${mv}`))).toBeGreaterThan(0);
    }
  });

  it('calculate_enrollment_metrics applies RLS: a user counts their own enrollments, an admin all', async () => {
    const total = (tx: Tx) => calculateEnrollmentMetrics(tx, { from: '2024-01-01', to: '2024-04-30' }).then((r) => r.at(-1)!.cumulativeEnrollments);
    expect(await expectAllowed(t.db, userCtx(f.u1), total)).toBe(2);
    expect(await expectAllowed(t.db, adminCtx(admin), total)).toBe(6);
    await expectDenied(t.db, anonCtx, rows(sql`select * from public.calculate_enrollment_metrics('2024-01-01', '2024-02-01')`));
  });

  it('refresh_dashboard_views, update_revenue_metrics and sync_profile_data are refused to users and admins', async () => {
    for (const call of [
      sql`select * from public.refresh_dashboard_views()`,
      sql`select * from public.update_revenue_metrics()`,
      sql`select * from public.sync_profile_data('[]'::jsonb, '[]'::jsonb)`,
    ]) {
      await expectDenied(t.db, userCtx(f.u1), rows(call));
      await expectDenied(t.db, adminCtx(admin), rows(call));
    }
  });
});
