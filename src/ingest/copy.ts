import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';
import type { Database } from '../db.js';

/**
 * The raw client of a drizzle database, inside one transaction, with the engine's fastest bulk path:
 * PGlite's `COPY … FROM '/dev/blob'` or postgres.js's `COPY … FROM STDIN`. Parameters are strings,
 * numbers or null only (drizzle replaced the postgres.js client's Date serializers).
 */
export interface RawTx {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** COPY `data` (text format, one row per line) into `table (columns)`. */
  copyIn(table: string, columns: readonly string[], data: string): Promise<void>;
}

export async function withRawTransaction<T>(db: Database, fn: (tx: RawTx) => Promise<T>): Promise<T> {
  const client = (db as unknown as { $client: unknown }).$client;
  if (client instanceof PGlite) {
    return client.transaction(async (tx) =>
      fn({
        query: async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows,
        copyIn: async (table, columns, data) => {
          await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
        },
      }),
    );
  }
  const sql = client as postgres.Sql;
  return sql.begin(async (tx) =>
    fn({
      query: async <R>(text: string, params?: unknown[]) => (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as R[],
      copyIn: async (table, columns, data) => {
        const writable = await tx.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`).writable();
        await pipeline(Readable.from([data]), writable);
      },
    }),
  ) as Promise<T>;
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field of COPY's text format: `\N` for null, backslash, tab and line breaks escaped. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

/** One line of COPY's text format. */
export function copyLine(fields: readonly (string | number | null)[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i) line += '\t';
    line += typeof f === 'number' ? String(f) : copyField(f);
  }
  return line;
}
