import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Database, queryRows } from '../../db.js';
import type { BrandId } from '../../schema/crm/enums.js';
import { parseBrand, parseInput, withBrand } from './brand.js';

/** The tables of a brand export, in the order they are written (parents first). */
export const EXPORT_TABLES = ['customers', 'conversations', 'messages'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface BrandExport {
  brand: BrandId;
  counts: Record<ExportTable, number>;
  /** The whole NDJSON text, when no `write` callback was given. */
  ndjson?: string;
}

/** Receives one NDJSON line (with its trailing newline). May return a promise (back-pressure). */
export type NdjsonWriter = (line: string) => unknown;

/** batchSize: an integer, clamped to 1..10,000 (default 1000). */
const exportOptionsSchema = z
  .object({ batchSize: z.number().int().default(1000).transform((n) => Math.max(1, Math.min(n, 10_000))) })
  .strict();

/**
 * Every customer, conversation and message of `brand` as NDJSON, for compliance requests: one
 * line per row, `{"table":"customers", …the row's columns as the database names them}`. Runs
 * through withBrand (RLS lets only the brand's rows through; the query also filters by brand) in
 * one read-only REPEATABLE READ transaction, so the three tables come from one snapshot. Rows are
 * read in batches of `batchSize` and passed to `write` as they come; without `write`, the text is
 * returned in `ndjson`.
 */
export async function exportBrandData(db: Database, brand: BrandId, write?: NdjsonWriter, options: { batchSize?: number } = {}): Promise<BrandExport> {
  const b = parseBrand(brand);
  const { batchSize } = parseInput(exportOptionsSchema, options ?? {}, 'options');
  const chunks: string[] = [];
  const emit: NdjsonWriter = write ?? ((line) => chunks.push(line));
  const counts: Record<ExportTable, number> = { customers: 0, conversations: 0, messages: 0 };
  await db.transaction(
    (outer) =>
      withBrand(outer as unknown as Database, b, async (tx) => {
        for (const table of EXPORT_TABLES) {
          const prefix = `{"table":${JSON.stringify(table)},`;
          let after: string | null = null;
          for (;;) {
            const rows: { id: string; row: string }[] = await queryRows<{ id: string; row: string }>(
              tx,
              sql`select t.id::text as id, row_to_json(t)::text as row from ${sql.identifier('crm')}.${sql.identifier(table)} t
                  where t.brand_id = ${b}::crm.brand_id ${after ? sql`and t.id > ${after}::uuid` : sql``}
                  order by t.id limit ${batchSize}`,
            );
            for (const r of rows) await emit(`${prefix}${r.row.slice(1)}\n`);
            counts[table] += rows.length;
            if (rows.length < batchSize) break;
            after = rows[rows.length - 1]!.id;
          }
        }
      }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  return { brand: b, counts, ...(write ? {} : { ndjson: chunks.join('') }) };
}
