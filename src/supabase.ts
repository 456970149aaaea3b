/**
 * `@org/unified-schema/supabase`: the `Database` type for apps on supabase-js, generated from the
 * declared schema (src/supabase-types.ts, written by `npm run db:generate`, checked by `db:check`).
 *
 * ```ts
 * import { createClient } from '@supabase/supabase-js';
 * import type { Database } from '@org/unified-schema/supabase';
 * const supabase = createClient<Database>(url, key);              // public
 * const crm = createClient<Database, 'crm'>(url, key, { db: { schema: 'crm' } });
 * ```
 * Types only: importing this entry adds nothing to a bundle.
 */
import type { Database, Json } from './supabase-types.js';

export type { Database, Json };

/** A schema of the database other than supabase-js's internal marker. */
export type SchemaName = Exclude<keyof Database, '__InternalSupabase'>;

type Schema<S extends SchemaName> = Database[S];

/** A table's or view's row: `Tables<'crm', 'customers'>`. */
export type Tables<S extends SchemaName, T extends keyof (Schema<S>['Tables'] & Schema<S>['Views'])> = (Schema<S>['Tables'] &
  Schema<S>['Views'])[T] extends { Row: infer R }
  ? R
  : never;

/** What an insert into a table takes: `TablesInsert<'crm', 'customers'>`. */
export type TablesInsert<S extends SchemaName, T extends keyof Schema<S>['Tables']> = Schema<S>['Tables'][T] extends { Insert: infer I } ? I : never;

/** What an update of a table takes. */
export type TablesUpdate<S extends SchemaName, T extends keyof Schema<S>['Tables']> = Schema<S>['Tables'][T] extends { Update: infer U } ? U : never;

/** An enum's values: `Enums<'crm', 'brand_id'>`. */
export type Enums<S extends SchemaName, E extends keyof Schema<S>['Enums']> = Schema<S>['Enums'][E];
