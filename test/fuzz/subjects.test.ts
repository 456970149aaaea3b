import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { eraseSubject, exportSubject } from '../../src/subjects.js';
import { engine, useDatabase } from '../helpers.js';
import { newPerson, seedPerson, seedWorld } from '../subjects/fixture.js';
import { expectCleanOrSuccess, expectRefused, hostileText, runs, wrongType } from './fuzz.js';

const t = useDatabase();
/** What a refused or harmless call must leave as it was (the audit of runs grows with every run that gets that far). */
const TOUCHED = ['auth.users', 'public.unified_profiles', 'public.transactions', 'crm.customers', 'wolo.users', 'wolo.donations', 'learning.users', 'ingest.xendit_raw'];
const someone = newPerson('Fuzz');

beforeAll(async () => {
  await seedPerson(t.db, someone, await seedWorld(t.db));
});

describe(`subjects helpers, fuzzed (${engine})`, () => {
  it('lookups that are not exactly one valid identifier are refused, naming the field, before anything runs', async () => {
    const cases: [unknown, string][] = [
      [null, 'subject'],
      ['awa@example.com', 'subject'],
      [{}, 'subject'],
      [{ email: someone.email, userId: someone.id }, 'subject'],
      [{ name: 'Awa' }, 'subject'],
      [{ email: "x'; drop table crm.customers; --@example.com" }, 'email'],
      [{ email: `${'a'.repeat(400)}@example.com` }, 'email'],
      [{ userId: "' or '1'='1" }, 'userId'],
      [{ phone: '+221 77 000 00 00' }, 'phone'],
      [{ phone: someone.phone, extra: undefined, email: 5 }, 'subject'],
    ];
    for (const [lookup, field] of cases) {
      await expectRefused(() => eraseSubject(t.db, lookup as never), lookup, field);
      await expectRefused(() => exportSubject(t.db, lookup as never), lookup, field);
    }
  });

  it('any lookup: a result or a ValidationError naming the field, never a driver error; a dry run changes nothing', async () => {
    const value = fc.oneof(hostileText, wrongType, fc.emailAddress(), fc.uuid(), fc.stringMatching(/^\+?[0-9]{7,15}$/));
    const lookup = fc.oneof(fc.record({ email: value }), fc.record({ userId: value }), fc.record({ phone: value }), wrongType);
    await fc.assert(
      fc.asyncProperty(lookup, async (l) => {
        const result = await expectCleanOrSuccess(t.db, TOUCHED, () => eraseSubject(t.db, l as never, { dryRun: true }), l);
        if (result.ok) expect((result.value as { dryRun: boolean }).dryRun).toBe(true);
      }),
      runs(40),
    );
  });
});
