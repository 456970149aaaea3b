import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, findCustomer } from '../../src/crm.js';
import { queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { migrate } from '../../src/migrations/index.js';
import { engine, migrationsBefore, openEmptyDatabase, useDatabase } from '../helpers.js';

const t = useDatabase();

describe(`crm email identity is case-insensitive (${engine})`, () => {
  it('findCustomer finds an email in another case; a second customer differing only in case is refused', async () => {
    const grace = await createCustomer(t.db, 'gnymble', { email: 'Grace@Example.com', firstName: 'Grace' });
    for (const email of ['grace@example.com', 'GRACE@EXAMPLE.COM', 'Grace@Example.com']) {
      expect((await findCustomer(t.db, 'gnymble', { email }))?.id, email).toBe(grace.id);
    }
    const error = await createCustomer(t.db, 'gnymble', { email: 'GRACE@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'email', code: 'conflict' });
    // another brand is another identity space
    const other = await createCustomer(t.db, 'percymd', { email: 'grace@example.com' });
    expect(other.id).not.toBe(grace.id);
    expect(await findCustomer(t.db, 'percymd', { email: 'nobody@example.com' })).toBeNull();
  });
});

describe(`the migration to case-insensitive emails (${engine})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'email-guard-'));
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses loudly, listing the customers that collide, and migrates once they are merged', async () => {
    const opened = await openEmptyDatabase();
    cleanup.push(opened.close);
    // the migrations before the email change (cut before the migration that carries the guard)
    const cut = migrationsBefore(dir, 'emails are now case-insensitive');
    await migrate(opened.db, { migrationsFolder: cut.folder });
    await opened.db.execute(
      sql`insert into crm.customers (brand_id, email) values ('gnymble', 'Ada@Example.com'), ('gnymble', 'ada@example.com'), ('percymd', 'ADA@example.com'), ('gnymble', 'bob@example.com')`,
    );
    const error = await migrate(opened.db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = String((error as Error).message) + String((error as { cause?: Error }).cause?.message ?? '');
    expect(message).toMatch(/emails are now case-insensitive/);
    expect(message).toMatch(/gnymble ada@example\.com \(2 customers\)/);
    expect(message).not.toMatch(/percymd|bob@/);
    // nothing of the change was applied
    const [before] = await queryRows<{ def: string }>(opened.db, "select indexdef as def from pg_indexes where indexname = 'customers_brand_email_unique'");
    expect(before!.def).toMatch(/\(brand_id, email\)$/);

    await opened.db.execute(sql`delete from crm.customers where email = 'Ada@Example.com'`);
    const applied = await migrate(opened.db);
    expect(applied.map((m) => m.tag)).toContain(cut.tag);
    const [def] = await queryRows<{ def: string }>(opened.db, "select indexdef as def from pg_indexes where indexname = 'customers_brand_email_unique'");
    expect(def!.def).toMatch(/UNIQUE INDEX .*\(brand_id, lower\(\(email\)::text\)\)/);
  });
});
