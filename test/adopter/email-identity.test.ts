import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, findCustomer } from '../../src/crm.js';
import { type OpenedDatabase, openDatabase, queryRows } from '../../src/db.js';
import { ValidationError } from '../../src/errors.js';
import { defaultMigrationsFolder, migrate } from '../../src/migrations/index.js';
import { emptyServerDatabase, engine, useDatabase } from '../helpers.js';

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

  /** The migration that carries the email-case guard (regenerated merges may fold it into a larger one). */
  let guardTag = '';
  /** The migrations before the email change (the journal cut before the migration holding the guard). */
  function migrationsBefore(): string {
    const folder = join(dir, 'before');
    cpSync(defaultMigrationsFolder, folder, { recursive: true });
    const journalFile = join(folder, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const cut = journal.entries.findIndex((e) => readFileSync(join(folder, `${e.tag}.sql`), 'utf8').includes('emails are now case-insensitive'));
    expect(cut).toBeGreaterThan(0);
    guardTag = journal.entries[cut]!.tag;
    journal.entries = journal.entries.slice(0, cut);
    writeFileSync(journalFile, JSON.stringify(journal));
    return folder;
  }

  async function emptyDatabase(): Promise<OpenedDatabase> {
    if (engine === 'pglite') return openDatabase({ embedded: true });
    const server = await emptyServerDatabase();
    const opened = await openDatabase({ url: server.url, max: 2 });
    cleanup.push(server.drop);
    return opened;
  }

  it('refuses loudly, listing the customers that collide, and migrates once they are merged', async () => {
    const opened = await emptyDatabase();
    cleanup.push(opened.close);
    await migrate(opened.db, { migrationsFolder: migrationsBefore() });
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
    expect(applied.map((m) => m.tag)).toContain(guardTag);
    const [def] = await queryRows<{ def: string }>(opened.db, "select indexdef as def from pg_indexes where indexname = 'customers_brand_email_unique'");
    expect(def!.def).toMatch(/UNIQUE INDEX .*\(brand_id, lower\(\(email\)::text\)\)/);
  });
});
