import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db.js';
import { type NewXenditTransactionRaw, xenditTransactionApiSchema, xenditTransactionsRaw } from './schema.js';

/** What one load did, the same shape as the file ingest's loaders. */
export interface LoadCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** Why a record was rejected (first few kept for the run log). */
export interface Rejection {
  index: number;
  id?: string;
  reason: string;
}

export interface LoadResult extends LoadCounts {
  rejections: Rejection[];
}

const MAX_REJECTIONS_KEPT = 20;

/**
 * Upserts Xendit transaction objects (`GET /transactions` `data` items) into
 * `ingest.xendit_transactions_raw`: new ids are inserted, ids whose content hash changed are
 * updated, the rest is left untouched (not even `api_synced_at`). Invalid objects are counted as
 * rejected, never written. Run it inside the caller's transaction to commit it with a cursor.
 */
export async function loadXenditTransactions(db: Pick<Database, 'insert'>, records: readonly unknown[]): Promise<LoadResult> {
  const rejections: Rejection[] = [];
  let rejected = 0;
  const byId = new Map<string, Omit<NewXenditTransactionRaw, 'contentHash'> & { contentHash: SQL }>();
  records.forEach((record, index) => {
    const parsed = xenditTransactionApiSchema.safeParse(record);
    if (!parsed.success) {
      rejected++;
      const id = typeof (record as { id?: unknown })?.id === 'string' ? (record as { id: string }).id : undefined;
      if (rejections.length < MAX_REJECTIONS_KEPT) {
        const issue = parsed.error.issues[0];
        rejections.push({ index, id, reason: issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid' });
      }
      return;
    }
    const r = parsed.data;
    // A page that repeats an id: the last copy wins (ON CONFLICT cannot touch one row twice).
    byId.set(r.id, {
      id: r.id,
      productId: r.product_id ?? null,
      type: r.type ?? null,
      status: r.status ?? null,
      referenceId: r.reference_id ?? null,
      currency: r.currency ?? null,
      amount: r.amount === null || r.amount === undefined ? null : String(r.amount),
      created: r.created ? new Date(r.created) : null,
      updated: r.updated ? new Date(r.updated) : null,
      businessId: r.business_id ?? null,
      payload: record,
      // md5 of the canonical jsonb text, computed by the database (the same hash as ingest.xendit_raw).
      contentHash: sql`md5(${JSON.stringify(record)}::jsonb::text)`,
    });
  });
  const rows = [...byId.values()];
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: records.length - rejected, rejected, rejections };

  const t = xenditTransactionsRaw;
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  const written = await db
    .insert(t)
    .values(rows)
    .onConflictDoUpdate({
      target: t.id,
      set: {
        productId: excluded('product_id'),
        type: excluded('type'),
        status: excluded('status'),
        referenceId: excluded('reference_id'),
        currency: excluded('currency'),
        amount: excluded('amount'),
        created: excluded('created'),
        updated: excluded('updated'),
        businessId: excluded('business_id'),
        payload: excluded('payload'),
        contentHash: excluded('content_hash'),
        apiSyncedAt: sql`now()`,
      },
      setWhere: sql`${t.contentHash} is distinct from excluded.content_hash`,
    })
    // xmax is 0 on a freshly inserted row version and non-zero on one written by the UPDATE arm.
    .returning({ inserted: sql<boolean>`(xmax::text = '0')` });
  const inserted = written.filter((w) => w.inserted === true || (w.inserted as unknown) === 't').length;
  const updated = written.length - inserted;
  // A repeated id counts as unchanged: inserted + updated + unchanged + rejected = records.length.
  return { inserted, updated, unchanged: records.length - rejected - written.length, rejected, rejections };
}
