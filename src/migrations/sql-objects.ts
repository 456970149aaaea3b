import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Phase, SqlObject } from '../functions/define.js';

/**
 * What the migrations in drizzle/ have created of the SQL objects in src/functions, recorded by
 * `db:generate` next to drizzle-kit's snapshots: per object, a hash of its create statements and
 * the statements that drop it (so a deleted declaration can still be dropped).
 */
export interface SqlObjectsState {
  version: 1;
  objects: Record<string, { phase: Phase; hash: string; drop: readonly string[]; shape?: string }>;
}

// Not in meta/: drizzle-kit reads every JSON file there as a snapshot ("data is malformed").
export const stateFile = (drizzleFolder: string) => `${drizzleFolder}/sql_objects.json`;

export function hashObject(o: SqlObject): string {
  return createHash('sha256').update(JSON.stringify(o.create)).digest('hex');
}

export function readState(drizzleFolder: string): SqlObjectsState {
  const file = stateFile(drizzleFolder);
  if (!existsSync(file)) return { version: 1, objects: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as SqlObjectsState;
}

export function writeState(drizzleFolder: string, objects: readonly SqlObject[]) {
  const state: SqlObjectsState = { version: 1, objects: {} };
  for (const o of objects) state.objects[o.key] = { phase: o.phase, hash: hashObject(o), drop: o.drop, ...(o.shape ? { shape: o.shape } : {}) };
  writeFileSync(stateFile(drizzleFolder), `${JSON.stringify(state, null, 2)}\n`);
}

export interface SqlObjectsDiff {
  created: SqlObject[];
  changed: SqlObject[];
  /** Changed objects whose shape changed (CREATE OR REPLACE cannot change them in place). */
  reshaped: Set<string>;
  removed: { key: string; phase: Phase; drop: readonly string[] }[];
}

export function diffObjects(objects: readonly SqlObject[], state: SqlObjectsState, phase?: Phase): SqlObjectsDiff {
  const keys = new Set<string>();
  const diff: SqlObjectsDiff = { created: [], changed: [], reshaped: new Set(), removed: [] };
  for (const o of objects) {
    if (keys.has(o.key)) throw new Error(`Two SQL objects are declared with the key "${o.key}"`);
    keys.add(o.key);
    if (phase && o.phase !== phase) continue;
    const prev = state.objects[o.key];
    if (!prev) diff.created.push(o);
    else if (prev.hash !== hashObject(o)) {
      diff.changed.push(o);
      if (prev.shape !== o.shape) diff.reshaped.add(o.key);
    }
  }
  for (const [key, prev] of Object.entries(state.objects)) {
    if (!keys.has(key) && (!phase || prev.phase === phase)) diff.removed.push({ key, ...prev });
  }
  return diff;
}

export const isEmpty = (d: SqlObjectsDiff) => d.created.length + d.changed.length + d.removed.length === 0;

export function describeDiff(d: SqlObjectsDiff): string[] {
  return [
    ...d.created.map((o) => `new: ${o.key}`),
    ...d.changed.map((o) => `changed: ${o.key}`),
    ...d.removed.map((o) => `removed: ${o.key}`),
  ];
}

/**
 * The custom migration for a diff: removals (in reverse declaration order), then creates and
 * changes in declaration order, then removed functions (in reverse declaration order): a trigger
 * that moves to another function is re-created before the function it used is dropped (no CASCADE).
 * Function bodies are not checked at creation, so a function may be created before the tables it
 * reads (policies in the same run can call it).
 */
export function renderMigration(d: SqlObjectsDiff, objects: readonly SqlObject[], reapply: readonly SqlObject[] = []): string {
  // Timeouts first: replacing a function or trigger takes locks a busy table may hold for long.
  const statements: string[] = ["SET LOCAL lock_timeout = '10s'", "SET LOCAL statement_timeout = '120s'", 'SET LOCAL check_function_bodies = off'];
  const isFunction = (r: { key: string }) => r.key.startsWith('function ');
  for (const r of [...d.removed].reverse()) if (!isFunction(r)) statements.push(...r.drop);
  const include = new Set([...d.created, ...d.changed, ...reapply].map((o) => o.key));
  for (const o of objects) {
    if (!include.has(o.key)) continue;
    if (d.reshaped.has(o.key)) statements.push(...(o.replace ?? []));
    statements.push(...o.create);
  }
  for (const r of [...d.removed].reverse()) if (isFunction(r)) statements.push(...r.drop);
  const header = `-- SQL objects declared in src/functions (written by db:generate; do not edit)\n${describeDiff(d)
    .map((l) => `-- ${l}`)
    .join('\n')}\n`;
  return `${header}${statements.map((s) => `${s.trim().replace(/;$/, '')};`).join('\n--> statement-breakpoint\n')}\n`;
}
