/**
 * The shapes src/supabase-types.ts (generated) is written in: each table's columns appear once, in its
 * row, and supabase-js's `Insert` and `Update` are derived from it here. The result is the same type
 * `supabase gen types` writes out in full (test/supabase/types.test.ts compiles a supabase-js app against it).
 */

/** A JSON value, as supabase-js types json / jsonb columns. */
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

/** `A & B` as one object type, so editors and error messages show the columns. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * A table as supabase-js reads it, from its row: an insert must give the `Required` columns (not null, no
 * default) and may give the others, an update any of them; `Generated` columns are never written.
 */
export type Table<Row, Required extends keyof Row = never, Generated extends keyof Row = never, Relationships extends unknown[] = []> = {
  Row: Row;
  Insert: Flat<{ [K in Required]: Row[K] } & { [K in Exclude<keyof Row, Required | Generated>]?: Row[K] } & { [K in Generated]?: never }>;
  Update: Flat<{ [K in Exclude<keyof Row, Generated>]?: Row[K] } & { [K in Generated]?: never }>;
  Relationships: Relationships;
};

/** A view or materialized view: readable rows, no relationships. */
export type View<Row> = { Row: Row; Relationships: [] };
