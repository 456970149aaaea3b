import { openDatabase } from '../src/db.js';
import { migrate } from '../src/migrations/index.js';
import { createTestDatabase } from '../src/testing/index.js';
import { type BenchSuite, median, sample } from './lib.js';

/** A fresh test database from the migrated snapshot/template against migrating one from scratch. */
export const foundation: BenchSuite = {
  name: 'foundation',
  async run(ctx) {
    const n = ctx.quick ? 3 : 5;
    // Warm: the snapshot file made (or found in the cache) and parsed, WASM compiled, as in a test worker.
    await (await createTestDatabase({ engine: 'pglite' })).close();
    const fromSnapshot = await sample(n, async () => (await createTestDatabase({ engine: 'pglite' })).close());
    const fromScratch = await sample(n, async () => {
      const { db, close } = await openDatabase({ embedded: true });
      await migrate(db);
      await close();
    });
    ctx.record({
      suite: 'foundation', name: 'fresh database', engine: 'pglite',
      subject: 'createTestDatabase() (snapshot files into a new instance)', baseline: 'new PGlite + migrate()',
      value: median(fromSnapshot), baselineValue: median(fromScratch), unit: 'ms',
    });
    if (!ctx.pgServerUrl) return;
    const url = ctx.pgServerUrl;
    await (await createTestDatabase({ engine: 'postgres', serverUrl: url })).close();
    const fromTemplate = await sample(n, async () => (await createTestDatabase({ engine: 'postgres', serverUrl: url })).close());
    let i = 0;
    const scratch = await sample(n, async () => {
      const name = `bench_scratch_${process.pid}_${i++}`;
      const admin = await openDatabase({ url, max: 1 });
      await admin.db.execute(`create database ${name}`);
      const target = await openDatabase({ url: url.replace(/\/[^/]*$/, `/${name}`), max: 1 });
      await migrate(target.db);
      await target.close();
      await admin.db.execute(`drop database ${name}`);
      await admin.close();
    });
    ctx.record({
      suite: 'foundation', name: 'fresh database', engine: 'postgres',
      subject: 'CREATE DATABASE … TEMPLATE migrated', baseline: 'CREATE DATABASE + migrate()',
      value: median(fromTemplate), baselineValue: median(scratch), unit: 'ms',
    });
  },
};
