import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { execScript, openDatabase, queryRows } from '../../src/db.js';
import { readMigrations } from '../../src/migrations/migrate.js';
import { createTestDatabase, ensurePgliteSnapshotFile, type TestDatabase } from '../../src/testing/index.js';
import { SnapshotFs, TEST_INSTANCE_OPTIONS, untar } from '../../src/testing/pglite-snapshot.js';
import { serverGlibcTunables } from '../../src/testing/postgres-server.js';
import { engine, freshDatabase } from '../helpers.js';

// createTestDatabase(): every call a migrated database of its own, whatever makes it fast
// (PGlite: the snapshot's files written into each instance's memory; PostgreSQL: a template copy).
describe(`createTestDatabase (${engine})`, () => {
  const opened: TestDatabase[] = [];
  const fresh = async () => {
    const handle = await freshDatabase();
    opened.push(handle);
    return handle;
  };
  afterAll(async () => {
    for (const handle of opened) await handle.close();
  });

  it('is fully migrated: every migration recorded, the schema present', async () => {
    const { db } = await fresh();
    const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from unified_schema.migrations`);
    expect(row?.n).toBe(readMigrations().length);
    const tables = await queryRows<{ t: string }>(db, sql`select to_regclass('public.transactions')::text as t`);
    expect(tables).toEqual([{ t: 'transactions' }]);
  });

  it('databases are isolated: what one writes (tables, rows, grants) the next does not see', async () => {
    const a = await fresh();
    await execScript(a.db, `
      create table public.only_in_a (id int primary key);
      insert into public.only_in_a values (1);
      grant select on public.only_in_a to anon;`);
    const b = await fresh();
    expect(await queryRows(b.db, sql`select to_regclass('public.only_in_a')::text as t`)).toEqual([{ t: null }]);
    expect(await queryRows(b.db, sql`select count(*)::int as n from information_schema.role_table_grants where table_name = 'only_in_a'`)).toEqual([{ n: 0 }]);
    // a's writes are still there after b started (b did not reset a shared copy)
    expect(await queryRows(a.db, sql`select count(*)::int as n from public.only_in_a`)).toEqual([{ n: 1 }]);
  });

  it.skipIf(engine !== 'postgres')('PostgreSQL: a server URL with an IPv6 address in brackets works (template, copy, drop)', async () => {
    // the test server listens on 127.0.0.1; its IPv4-mapped IPv6 address reaches it over an IPv6 socket
    const v6 = new URL(inject('pgUrl'));
    v6.hostname = '[::ffff:127.0.0.1]';
    const handle = await createTestDatabase({ engine: 'postgres', serverUrl: v6.toString() });
    try {
      expect(new URL(handle.url!).hostname).toBe('[::ffff:7f00:1]');
      expect(await queryRows<{ t: string }>(handle.db, sql`select to_regclass('public.transactions')::text as t`)).toEqual([{ t: 'transactions' }]);
    } finally {
      await handle.close();
    }
  });

  it('extensions work: pgcrypto of the schema, and citext / pg_trgm once created', async () => {
    const { db } = await fresh();
    const [crypto] = await queryRows<{ n: number }>(db, sql`select length(extensions.digest('x', 'sha256'))::int as n`);
    expect(crypto?.n).toBe(32);
    await execScript(db, 'create extension if not exists citext; create extension if not exists pg_trgm;');
    const [row] = await queryRows<{ eq: boolean; trgm: boolean }>(
      db,
      sql`select 'Abc'::citext = 'aBC'::citext as eq, similarity('unified', 'unifies') > 0.3 as trgm`,
    );
    expect(row).toEqual({ eq: true, trgm: true });
  });

  it('holds more data than its shared buffers and reads it back intact', async () => {
    const { db } = await fresh();
    // ~40 MB of rows: more than PGlite test instances' 16 MB of shared buffers, so pages leave and come back.
    await execScript(db, `
      create table public.big (id int primary key, body text not null);
      insert into public.big select g, repeat(md5(g::text), 8) from generate_series(1, 120000) g;`);
    const [row] = await queryRows<{ n: number; ok: boolean }>(
      db,
      sql`select count(*)::int as n, bool_and(body = repeat(md5(id::text), 8)) as ok from public.big`,
    );
    expect(row).toEqual({ n: 120000, ok: true });
  });

  it.skipIf(engine !== 'pglite')('PGlite: an instance writes to its own copy of the files, never to the parsed snapshot they come from', async () => {
    const entries = untar(readFileSync(await ensurePgliteSnapshotFile()));
    // views into the archive, but plain Uint8Arrays: the file system copies those (a Buffer's slice it would keep)
    expect(entries.some((e) => e.data && Buffer.isBuffer(e.data))).toBe(false);
    const digest = () => {
      const hash = createHash('sha256');
      for (const e of entries) hash.update(e.path).update(e.data ?? new Uint8Array());
      return hash.digest('hex');
    };
    const before = digest();
    const { db, close } = await openDatabase({ embedded: true, pglite: { ...TEST_INSTANCE_OPTIONS, fs: new SnapshotFs(entries) } });
    try {
      await execScript(db, 'create table public.written (id int primary key, body text); insert into public.written select g, md5(g::text) from generate_series(1, 5000) g; checkpoint;');
    } finally {
      await close();
    }
    expect(digest()).toBe(before);
  });

  it.skipIf(engine !== 'pglite')('PGlite: the snapshot is a data directory (PG_VERSION, 1 MB WAL segments) that loads like a dumpDataDir() tarball', async () => {
    const file = await ensurePgliteSnapshotFile();
    const entries = untar(readFileSync(file));
    const version = entries.find((e) => e.path === 'PG_VERSION');
    expect(new TextDecoder().decode(version?.data).trim()).toMatch(/^\d+$/);
    const wal = entries.filter((e) => /^pg_wal\/[0-9A-F]{24}$/.test(e.path));
    expect(wal.length).toBeGreaterThan(0);
    for (const segment of wal) expect(segment.data?.length).toBe(1024 * 1024);
    // A gzipped dump (dumpDataDir()'s default) reads the same.
    expect(untar(gzipSync(readFileSync(file))).map((e) => e.path)).toEqual(entries.map((e) => e.path));
    // The same file through PGlite's own loader: same migrations.
    const { db, close } = await openDatabase({ embedded: true, loadDataDir: new Blob([readFileSync(file)]) });
    try {
      expect(await queryRows(db, sql`select count(*)::int as n from unified_schema.migrations`)).toEqual([{ n: readMigrations().length }]);
    } finally {
      await close();
    }
  });

  it('the test server\'s malloc asks for transparent huge pages, after whatever GLIBC_TUNABLES the caller set', () => {
    expect(serverGlibcTunables(undefined)).toBe('glibc.malloc.hugetlb=1');
    expect(serverGlibcTunables('')).toBe('glibc.malloc.hugetlb=1');
    expect(serverGlibcTunables('glibc.malloc.arena_max=2')).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
    // the caller's own choice wins, off included
    expect(serverGlibcTunables('glibc.malloc.hugetlb=0')).toBe('glibc.malloc.hugetlb=0');
    expect(serverGlibcTunables('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2')).toBe('glibc.malloc.arena_max=2:glibc.malloc.hugetlb=2');
  });

  it.skipIf(engine !== 'postgres' || process.platform !== 'linux' || Boolean(process.env.TEST_DATABASE_URL))(
    'PostgreSQL: the server the setup started runs with that tunable (a backend\'s environment)',
    async () => {
      const { db } = await fresh();
      const [row] = await queryRows<{ env: string }>(
        db,
        // NUL-separated: encode(…, 'escape') spells each NUL as a backslash and 000
        sql`select encode(pg_read_binary_file('/proc/' || pg_backend_pid() || '/environ'), 'escape') as env`,
      );
      const tunables = row?.env.split('\\000').find((v) => v.startsWith('GLIBC_TUNABLES='));
      // /proc shows the variable only up to its first tunable once glibc has parsed it (so does
      // `sh -c 'cat /proc/$$/environ'` with glibc 2.36); the copy glibc keeps, and children get, is whole
      expect(tunables).toBe(`GLIBC_TUNABLES=${serverGlibcTunables().split(':')[0]}`);
    },
  );
});
