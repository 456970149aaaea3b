import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { dbErrorCode, dbErrorMessage, queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { acceptReferral, convertPoints, DAILY_INVITATION_LIMIT, maturePoints, pointsBalance, sendInvitation } from '../../src/wolo.js';
import { migrate } from '../../src/migrations/index.js';
import { referralsOneSponsorGuard } from '../../src/schema/wolo/referrals.sql.js';
import { engine, migrationsBefore, openEmptyDatabase, POSTGRES_ONLY_RACE, useDatabase } from '../helpers.js';
import { createPot, createUser, expectSqlState, potTotals } from './fixtures.js';

const t = useDatabase();

const invite = (sponsor: string, n: number) => sendInvitation(t.db, { sponsor, invitedPhone: `+2217600${String(n).padStart(5, '0')}`, invitedName: `Friend ${n}` });
const codeOf = async (referral: string) =>
  (await queryRows<{ referral_code: string }>(t.db, sql`select referral_code from wolo.referrals where id = ${referral}`))[0]!.referral_code;

/** Matured points for `sponsor`: accepted referrals, then the ledger aged past the delay and matured. */
async function earnPoints(sponsor: string, referrals: number) {
  for (let i = 0; i < referrals; i++) {
    const friend = await createUser(t.db);
    await acceptReferral(t.db, { referralCode: await codeOf(await invite(sponsor, 900 + i)), userId: friend });
  }
  await queryRows(t.db, sql`update wolo.points_ledger set created_at = now() - interval '15 days' where sponsor_user_id = ${sponsor} and status = 'pending'`);
  await maturePoints(t.db);
}

describe(`invitations (${engine})`, () => {
  it('counts per business day, stamps invitation_order, refuses the 51st with daily_limit_reached', async () => {
    const sponsor = await createUser(t.db);
    const ids: string[] = [];
    for (let i = 0; i < DAILY_INVITATION_LIMIT; i++) ids.push(await invite(sponsor, i));
    await expect(invite(sponsor, 51)).rejects.toMatchObject({ code: 'daily_limit_reached', field: 'sponsor' });
    const rows = await queryRows<{ invitation_order: number; referral_code: string; limit_date: string; today: string }>(
      t.db,
      sql`select r.invitation_order, r.referral_code, l.limit_date::text as limit_date, ((now() at time zone 'Africa/Dakar')::date)::text as today
          from wolo.referrals r join wolo.sponsor_daily_limits l on l.id = r.daily_limit_id where r.sponsor_user_id = ${sponsor} order by r.invitation_order`,
    );
    expect(rows.map((r) => r.invitation_order)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.referral_code)).size).toBe(50);
    for (const r of rows) {
      expect(r.referral_code).toMatch(/^[0-9A-F]{20}$/);
      expect(r.limit_date).toBe(r.today);
    }
    // Another sponsor has their own counter.
    await invite(await createUser(t.db), 1);
  });

  it('refuses bad input with the field named, and an unknown sponsor', async () => {
    const sponsor = await createUser(t.db);
    await expect(sendInvitation(t.db, { sponsor })).rejects.toMatchObject({ field: 'invitedPhone' });
    await expect(sendInvitation(t.db, { sponsor, invitedEmail: 'not-an-email' })).rejects.toMatchObject({ field: 'invitedEmail' });
    await expect(sendInvitation(t.db, { sponsor: '00000000-0000-4000-8000-000000000000', invitedEmail: 'a@b.sn' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it.skipIf(engine !== 'postgres')('60 concurrent sends for one sponsor on 10 connections: exactly 50 referrals exist [PostgreSQL only: a race needs several connections, PGlite has one]', async () => {
    const sponsor = await createUser(t.db);
    const cs = Array.from({ length: 10 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) => cs[i % cs.length]!`select wolo.send_invitation(${sponsor}, ${`+22178${String(i).padStart(7, '0')}`}, null, null, null) as id`),
      );
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failed).toHaveLength(10);
      for (const f of failed) expect((f.reason as { code: string }).code).toBe('UW006');
      const [n] = await queryRows<{ n: number; sent: number }>(
        t.db,
        sql`select (select count(*)::int from wolo.referrals where sponsor_user_id = ${sponsor}) as n,
                   (select invitations_sent_today from wolo.sponsor_daily_limits where sponsor_user_id = ${sponsor}) as sent`,
      );
      expect(n).toEqual({ n: 50, sent: 50 });
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });
});

describe(`referrals and points (${engine})`, () => {
  it('accepting credits the sponsor pending points once; expired, unknown, own and repeated codes are refused', async () => {
    const sponsor = await createUser(t.db);
    const friend = await createUser(t.db);
    const code = await codeOf(await invite(sponsor, 1));
    await expect(acceptReferral(t.db, { referralCode: code, userId: sponsor })).rejects.toMatchObject({ code: 'self_referral' });
    const entry = await acceptReferral(t.db, { referralCode: code.toLowerCase(), userId: friend });
    const [row] = await queryRows<{ points_earned: number; status: string; sponsor_boost_multiplier: string }>(
      t.db,
      sql`select points_earned, status, sponsor_boost_multiplier from wolo.points_ledger where id = ${entry}`,
    );
    expect(row).toMatchObject({ points_earned: 100, status: 'pending' });
    expect(await pointsBalance(t.db, sponsor)).toBe(0);
    await expect(acceptReferral(t.db, { referralCode: code, userId: friend })).rejects.toMatchObject({ code: 'referral_already_accepted' });
    await expect(acceptReferral(t.db, { referralCode: 'ABCDEF0123456789ABCD', userId: friend })).rejects.toMatchObject({ code: 'referral_not_found' });
    const stale = await codeOf(await invite(sponsor, 2));
    await queryRows(t.db, sql`update wolo.referrals set expired_at = now() - interval '1 second' where referral_code = ${stale}`);
    await expect(acceptReferral(t.db, { referralCode: stale, userId: friend })).rejects.toMatchObject({ code: 'referral_expired' });
  });

  it('a user is sponsored once: the first accepted referral wins; a second code, of the same sponsor or another, is user_already_sponsored and credits nothing', async () => {
    const sponsor = await createUser(t.db);
    const other = await createUser(t.db);
    const friend = await createUser(t.db);
    const first = await codeOf(await invite(sponsor, 11));
    const sameSponsor = await codeOf(await invite(sponsor, 12));
    const otherSponsor = await codeOf(await invite(other, 13));
    await acceptReferral(t.db, { referralCode: first, userId: friend });
    for (const code of [sameSponsor, otherSponsor]) {
      const error = await acceptReferral(t.db, { referralCode: code, userId: friend }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: 'user_already_sponsored', field: 'user_id', sqlState: 'UW030' });
    }
    const rows = await queryRows<{ referral_code: string; status: string; sponsored: string | null; credits: number }>(
      t.db,
      sql`select r.referral_code, r.status, r.sponsored_user_id as sponsored, (select count(*)::int from wolo.points_ledger l where l.referral_id = r.id) as credits
          from wolo.referrals r where r.referral_code in (${first}, ${sameSponsor}, ${otherSponsor})`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.referral_code, { status: r.status, sponsored: r.sponsored, credits: r.credits }]))).toEqual({
      [first]: { status: 'accepted', sponsored: friend, credits: 1 },
      [sameSponsor]: { status: 'sent', sponsored: null, credits: 0 },
      [otherSponsor]: { status: 'sent', sponsored: null, credits: 0 },
    });
    const [ledger] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from wolo.points_ledger where sponsor_user_id in (${sponsor}, ${other})`);
    expect(ledger!.n).toBe(1);
    // The refused codes stay open for the people they were meant for.
    await acceptReferral(t.db, { referralCode: otherSponsor, userId: await createUser(t.db) });
  });

  it('the database holds one accepted referral per user whoever writes (referrals_sponsored_user_id_key)', async () => {
    const sponsor = await createUser(t.db);
    const friend = await createUser(t.db);
    await acceptReferral(t.db, { referralCode: await codeOf(await invite(sponsor, 21)), userId: friend });
    const second = await invite(sponsor, 22);
    await expectSqlState(queryRows(t.db, sql`update wolo.referrals set status = 'accepted', accepted_at = now(), sponsored_user_id = ${friend} where id = ${second}`), '23505');
  });

  it('an active sponsor campaign multiplies the points', async () => {
    await queryRows(
      t.db,
      sql`insert into wolo.sponsor_campaigns (sponsor_company_name, campaign_name, points_multiplier, budget_cfa, starts_at, ends_at, status)
          values ('Orange', 'Boost', 2.5, 100000, now() - interval '1 day', now() + interval '1 day', 'active')`,
    );
    const sponsor = await createUser(t.db);
    const entry = await acceptReferral(t.db, { referralCode: await codeOf(await invite(sponsor, 1)), userId: await createUser(t.db) });
    const [row] = await queryRows<{ points_earned: number }>(t.db, sql`select points_earned from wolo.points_ledger where id = ${entry}`);
    expect(row!.points_earned).toBe(250);
    await queryRows(t.db, sql`update wolo.sponsor_campaigns set status = 'completed'`);
  });

  it('points mature after the delay; the balance is matured earned minus spent; conversion credits an open pot', async () => {
    const sponsor = await createUser(t.db);
    await earnPoints(sponsor, 2);
    expect(await pointsBalance(t.db, sponsor)).toBe(200);
    const pot = await createPot(t.db, await createUser(t.db));
    await convertPoints(t.db, { sponsor, points: 150, potId: pot });
    expect(await pointsBalance(t.db, sponsor)).toBe(50);
    expect(await potTotals(t.db, pot)).toMatchObject({ raised: 750, donors: 1, expectedRaised: 750 });
    const [conv] = await queryRows<{ credits_issued: number; applied_to_pot_id: string }>(t.db, sql`select credits_issued, applied_to_pot_id from wolo.points_conversions where sponsor_user_id = ${sponsor}`);
    expect(conv).toEqual({ credits_issued: 750, applied_to_pot_id: pot });
    await expect(convertPoints(t.db, { sponsor, points: 51, potId: pot })).rejects.toMatchObject({ code: 'insufficient_points' });
    expect(await pointsBalance(t.db, sponsor)).toBe(50);
    const scheduled = await createPot(t.db, await createUser(t.db), { status: 'scheduled' });
    await expect(convertPoints(t.db, { sponsor, points: 10, potId: scheduled })).rejects.toMatchObject({ code: 'pot_not_open' });
    expect(await pointsBalance(t.db, sponsor)).toBe(50);
    // Even a direct ledger write cannot overdraw.
    await expectSqlState(
      queryRows(t.db, sql`insert into wolo.points_ledger (sponsor_user_id, event_type, points_spent, status, matured_at) values (${sponsor}, 'adjustment', 51, 'matured', now())`),
      'UW012',
    );
  });

  it('a conversion worth more CFA than a donation can hold is invalid_input naming points; nothing is written', async () => {
    const sponsor = await createUser(t.db);
    await earnPoints(sponsor, 1);
    const pot = await createPot(t.db, await createUser(t.db));
    // 2,000,000,000 points × 5 CFA: over the integer amount_cfa of the credit donation.
    const error = await convertPoints(t.db, { sponsor, points: 2_000_000_000, potId: pot }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'points' });
    expect(await pointsBalance(t.db, sponsor)).toBe(100);
    const [n] = await queryRows<{ spent: number; credits: number }>(
      t.db,
      sql`select (select count(*)::int from wolo.points_ledger where sponsor_user_id = ${sponsor} and points_spent > 0) as spent,
                 (select count(*)::int from wolo.donations where pot_id = ${pot}) as credits`,
    );
    expect(n).toEqual({ spent: 0, credits: 0 });
  });

  it.skipIf(engine !== 'postgres')(`one code accepted on 6 connections at once (the invitee's double tap, or two invitees): one acceptance, one credit ${POSTGRES_ONLY_RACE}`, async () => {
    const sponsor = await createUser(t.db);
    const cs = Array.from({ length: 6 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      for (let round = 0; round < 5; round++) {
        const code = await codeOf(await invite(sponsor, 700 + round));
        const friend = await createUser(t.db);
        const other = await createUser(t.db);
        const results = await Promise.allSettled(cs.map((c, i) => c`select wolo.accept_referral(${code}, ${i % 3 === 2 ? other : friend}) as id`));
        const won = results.filter((r): r is PromiseFulfilledResult<postgres.RowList<postgres.Row[]>> => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('UW009');
        const [row] = await queryRows<{ status: string; sponsored: string; credits: number; entry: string }>(
          t.db,
          sql`select r.status, r.sponsored_user_id as sponsored,
                     (select count(*)::int from wolo.points_ledger l where l.referral_id = r.id) as credits,
                     (select l.id from wolo.points_ledger l where l.referral_id = r.id) as entry
              from wolo.referrals r where r.referral_code = ${code}`,
        );
        expect(row).toMatchObject({ status: 'accepted', credits: 1, entry: won[0]!.value[0]!.id });
        expect([friend, other]).toContain(row!.sponsored);
      }
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });

  it.skipIf(engine !== 'postgres')(`one user accepting several codes (one sponsor's and others') on 6 connections at once: one acceptance, one credit ${POSTGRES_ONLY_RACE}`, async () => {
    const sponsors = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    const cs = Array.from({ length: 6 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      for (let round = 0; round < 5; round++) {
        const friend = await createUser(t.db);
        // two codes of each sponsor, one per connection
        const codes = await Promise.all(cs.map((_, i) => invite(sponsors[i % 3]!, 600 + round * 10 + i).then(codeOf)));
        const results = await Promise.allSettled(cs.map((c, i) => c`select wolo.accept_referral(${codes[i]!}, ${friend}) as id`));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('UW030');
        const [row] = await queryRows<{ accepted: number; credits: number }>(
          t.db,
          sql`select count(*)::int as accepted, (select count(*)::int from wolo.points_ledger l join wolo.referrals r on r.id = l.referral_id where r.referral_code = any (${`{${codes.join(',')}}`}::text[])) as credits
              from wolo.referrals r where r.sponsored_user_id = ${friend}`,
        );
        expect(row).toEqual({ accepted: 1, credits: 1 });
      }
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });

  it.skipIf(engine !== 'postgres')('concurrent conversions never make a balance negative [PostgreSQL only: a race needs several connections, PGlite has one]', async () => {
    const sponsor = await createUser(t.db);
    await earnPoints(sponsor, 3);
    const pot = await createPot(t.db, await createUser(t.db), { target: 10_000_000 });
    const cs = Array.from({ length: 8 }, () => postgres(t.handle.url!, { max: 1, onnotice: () => {} }));
    try {
      const results = await Promise.allSettled(cs.map((c) => c`select wolo.convert_points(${sponsor}, 70, ${pot}) as id`));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('UW012');
      expect(await pointsBalance(t.db, sponsor)).toBe(20);
      expect(await potTotals(t.db, pot)).toMatchObject({ raised: 4 * 70 * 5, expectedRaised: 4 * 70 * 5 });
    } finally {
      await Promise.all(cs.map((c) => c.end({ timeout: 5 })));
    }
  });
});

describe(`the migration to one sponsor per user (${engine})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'sponsor-guard-'));
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the guard lists each user with several accepted referrals, first acceptance first, and passes once only one is accepted', async () => {
    // On the migrated database, in a transaction rolled back: the index dropped, as before the change.
    const sentinel = new Error('rolled back');
    const outcome = await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`drop index wolo.referrals_sponsored_user_id_key`);
        const [s1, s2, twice, once] = [await createUser(tx), await createUser(tx), await createUser(tx), await createUser(tx)];
        const accept = (sponsor: string, n: number, user: string, ago: number) =>
          queryRows<{ id: string }>(
            tx,
            sql`insert into wolo.referrals (sponsor_user_id, referral_code, invited_phone, status, sponsored_user_id, accepted_at)
                values (${sponsor}, upper(substr(md5(random()::text), 1, 20)), ${`+2217620${String(n).padStart(4, '0')}`}, 'accepted', ${user}, now() - make_interval(hours => ${ago}))
                returning id`,
          ).then((rows) => rows[0]!.id);
        const first = await accept(s2, 1, twice, 3);
        const later = await accept(s1, 2, twice, 1);
        await accept(s1, 3, once, 2);
        const guard = () => tx.execute(sql.raw(referralsOneSponsorGuard.create[0]!));
        const error = await tx.transaction(guard).catch((e: unknown) => e);
        expect(dbErrorCode(error)).toBe('23505');
        const message = dbErrorMessage(error);
        expect(message).toMatch(/a user is now sponsored once/);
        expect(message).toContain(`user ${twice} (2 accepted referrals: ${first}, ${later})`);
        expect(message).not.toContain(once);
        await tx.execute(sql`update wolo.referrals set status = 'declined', accepted_at = null, sponsored_user_id = null where id = ${later}`);
        await guard();
        throw sentinel;
      })
      .catch((e: unknown) => e);
    expect(outcome).toBe(sentinel);
  });

  it.skipIf(engine !== 'postgres')('the migration refuses loudly, changes nothing, and migrates once only the first referral is accepted [PostgreSQL only: migrating an empty PGlite takes most of the 30 s a test may take; the guard itself is tested on both engines above]', async () => {
    const opened = await openEmptyDatabase();
    cleanup.push(opened.close);
    const before = migrationsBefore(dir, 'a user is now sponsored once');
    await migrate(opened.db, { migrationsFolder: before.folder });
    const db = opened.db;
    const [s1, s2, twice, once] = [await createUser(db), await createUser(db), await createUser(db), await createUser(db)];
    const referral = async (sponsor: string, n: number, accepted: string | null, ago: number) => {
      const [r] = await queryRows<{ id: string }>(
        db,
        sql`insert into wolo.referrals (sponsor_user_id, referral_code, invited_phone, status, sponsored_user_id, accepted_at)
            values (${sponsor}, upper(substr(md5(random()::text), 1, 20)), ${`+2217610${String(n).padStart(4, '0')}`}, ${accepted ? 'accepted' : 'sent'}, ${accepted},
                    ${accepted ? sql`now() - make_interval(hours => ${ago})` : null}) returning id`,
      );
      return r!.id;
    };
    const first = await referral(s1, 1, twice, 3);
    const later = await referral(s2, 2, twice, 1);
    await referral(s1, 3, once, 2);
    await referral(s2, 4, null, 0);
    const error = await migrate(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = String((error as Error).message) + String((error as { cause?: Error }).cause?.message ?? '');
    expect(message).toMatch(/a user is now sponsored once/);
    expect(message).toContain(`user ${twice} (2 accepted referrals: ${first}, ${later})`);
    expect(message).not.toContain(once);
    // nothing of the change was applied
    const none = await queryRows(db, "select 1 from pg_indexes where indexname = 'referrals_sponsored_user_id_key'");
    expect(none).toHaveLength(0);

    // the HINT's repair: the later referral declined, its points revoked
    await db.execute(sql`update wolo.referrals set status = 'declined', accepted_at = null, sponsored_user_id = null where id = ${later}`);
    const applied = await migrate(db);
    expect(applied.map((m) => m.tag)).toContain(before.tag);
    const [def] = await queryRows<{ def: string }>(db, "select indexdef as def from pg_indexes where indexname = 'referrals_sponsored_user_id_key'");
    expect(def!.def).toMatch(/UNIQUE INDEX .*\(sponsored_user_id\) WHERE \(status = 'accepted'::text\)/);
  });
});
