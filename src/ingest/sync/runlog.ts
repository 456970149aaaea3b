import type { Database } from '../../db.js';

/** What the sync writes into the ingest run log (never a key, never a URL with credentials). */
export interface SyncRunLogEntry {
  kind: 'sync_xendit' | 'sync_systemeio';
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  status: 'succeeded' | 'failed';
  counts: { inserted: number; updated: number; unchanged: number; rejected: number };
  error: string | null;
  details: Record<string, unknown>;
}

// Interim until branch `ingest` lands its run log: nothing is written.
export async function recordSyncRun(_db: Database, _entry: SyncRunLogEntry): Promise<string | number | undefined> {
  return undefined;
}
