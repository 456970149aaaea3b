import type { Database } from '../../db.js';
import type { LoadResult } from './transactions-loader.js';

// Interim: bound to the file ingest's ingestXendit / ingestSystemeio once branch `ingest` lands.
export async function loadXenditInvoices(_tx: Database, _items: unknown[]): Promise<LoadResult> {
  throw new Error('ingestXendit is not available yet');
}

export async function loadSystemeioContacts(_tx: Database, _items: unknown[]): Promise<LoadResult> {
  throw new Error('ingestSystemeio is not available yet');
}
