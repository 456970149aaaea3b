import { pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { defineTrigger, defineTriggerFunction } from '../../src/functions/define.js';
import { diffObjects, hashObject, renderMigration, type SqlObjectsState } from '../../src/migrations/sql-objects.js';
import { execScript, queryRows } from '../../src/db.js';
import { freshDatabase } from '../helpers.js';

// The order of a generated SQL-objects migration: a trigger moving to another function is re-created
// before the function it used is dropped (DROP FUNCTION has no CASCADE: in the other order it fails).
const probe = pgTable('order_probe', { id: text('id').primaryKey(), updatedAt: text('updated_at') });
const body = 'BEGIN\n  NEW.updated_at := $1;\n  RETURN NEW;\nEND';
const oldFn = defineTriggerFunction('public.order_probe_old()', { body: body.replace('$1', "'old'") });
const newFn = defineTriggerFunction('public.order_probe_new()', { body: body.replace('$1', "'new'") });
const trigger = (fn: typeof oldFn) => defineTrigger({ name: 'order_probe_touch', table: probe, timing: 'before', events: ['update'], forEach: 'row', function: fn });

describe('SQL objects migration order', () => {
  it('drops a removed function after the triggers that moved away from it are re-created', async () => {
    const before = [oldFn, trigger(oldFn)];
    const state: SqlObjectsState = { version: 1, objects: {} };
    for (const o of before) state.objects[o.key] = { phase: o.phase, hash: hashObject(o), drop: o.drop, ...(o.shape ? { shape: o.shape } : {}) };
    const after = [newFn, trigger(newFn)];
    const migration = renderMigration(diffObjects(after, state, 'post'), after);
    const statements = migration.split('\n--> statement-breakpoint\n');
    const dropAt = statements.findIndex((s) => s.startsWith('DROP FUNCTION IF EXISTS public.order_probe_old()'));
    const triggerAt = statements.findIndex((s) => s.startsWith('CREATE OR REPLACE TRIGGER order_probe_touch'));
    expect(triggerAt).toBeGreaterThan(0);
    expect(dropAt).toBeGreaterThan(triggerAt);

    const handle = await freshDatabase();
    const { db } = handle;
    try {
      await execScript(db, 'CREATE TABLE public.order_probe (id text PRIMARY KEY, updated_at text)');
      for (const o of before) for (const s of o.create) await execScript(db, s);
      // the migration as the migrator runs it: one transaction (SET LOCAL needs one)
      await db.transaction(async (tx) => {
        for (const s of statements) await queryRows(tx, s.replace(/^--[^\n]*\n/gm, '').replace(/;\s*$/, ''));
      });
      await execScript(db, "INSERT INTO public.order_probe VALUES ('a', NULL); UPDATE public.order_probe SET id = 'a'");
      expect(await queryRows(db, 'SELECT updated_at FROM public.order_probe')).toEqual([{ updated_at: 'new' }]);
      expect(await queryRows(db, "SELECT 1 FROM pg_catalog.pg_proc WHERE proname = 'order_probe_old'")).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
