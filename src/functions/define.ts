/**
 * Database objects drizzle-kit does not manage (functions, triggers, roles, grants, FORCE RLS, the
 * auth shim) declared as code. Each one renders to idempotent SQL statements; `npm run db:generate`
 * writes a custom migration for every object that is new, changed or removed since the last
 * generate (see src/migrations/sql-objects.ts), and `npm run db:check` fails when one is pending.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { is } from 'drizzle-orm';
import { getMaterializedViewConfig, getTableConfig, getViewConfig, PgMaterializedView, PgTable, type PgView } from 'drizzle-orm/pg-core';
import { anonRole, authenticatedRole, serviceRole } from 'drizzle-orm/supabase';
import { sqlLiteral } from '../schema/_shared/index.js';

export type Phase =
  /** Before drizzle-kit's migration of the same generate run: roles, the auth shim, helper functions policies call. */
  | 'pre'
  /** After it: functions over tables, triggers, grants. */
  | 'post';

export interface SqlObject {
  /** Stable identity, e.g. `function public.sync_profile_data(text)`. */
  readonly key: string;
  readonly phase: Phase;
  /** Statements that create or replace the object; each is run on its own. */
  readonly create: readonly string[];
  /** Statements that remove it when its declaration is deleted. */
  readonly drop: readonly string[];
  /**
   * Statements to run before `create` when the object changed (for example DROP FUNCTION when the
   * return type changed, which CREATE OR REPLACE cannot do).
   */
  readonly replace?: readonly string[];
  /** When this differs from the recorded one, `replace` runs before `create`. */
  readonly shape?: string;
  /**
   * Re-run `create` after every drizzle-kit migration (grants: drizzle-kit re-creates a changed
   * view with DROP + CREATE, which loses its grants).
   */
  readonly reapply?: boolean;
  /**
   * A table this object creates in SQL because drizzle-kit cannot declare it (a partitioned table),
   * described as a drizzle table for the supabase-js `Database` type only (never given to drizzle-kit).
   */
  readonly typesTable?: PgTable;
}

const ident = /^[a-z_][a-z0-9_$]*$/;
function checkIdent(what: string, name: string): string {
  if (!ident.test(name)) throw new Error(`${what} "${name}" must be a lower-case SQL identifier`);
  return name;
}

/**
 * SQL reserved words a design document uses as argument names (`"limit" int`): quoted where they
 * are declared. Other names stay unquoted, so existing functions render exactly as before.
 */
const RESERVED_ARG_NAMES = new Set(['all', 'check', 'default', 'end', 'from', 'group', 'limit', 'offset', 'order', 'select', 'table', 'to', 'user', 'where']);
function argName(name: string): string {
  return RESERVED_ARG_NAMES.has(name) ? `"${name}"` : name;
}

function settingName(name: string): string {
  if (name === 'search_path') throw new Error('search_path is the searchPath attribute, not one of settings');
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) throw new Error(`setting "${name}" must be a lower-case setting name`);
  return name;
}

function settingValue(value: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(value) ? value : sqlLiteral(value);
}

function dollarQuote(body: string): string {
  let tag = 'fn';
  while (body.includes(`$${tag}$`)) tag += '_';
  return `$${tag}$\n${body.trim()}\n$${tag}$`;
}

export interface FunctionArg {
  name: string;
  type: string;
  default?: string;
}

/** What a function declaration says besides its signature. */
export interface FunctionAttributes {
  language: 'sql' | 'plpgsql';
  body: string;
  volatility?: 'volatile' | 'stable' | 'immutable';
  security?: 'invoker' | 'definer';
  /** Always set: functions never depend on the caller's search_path. */
  searchPath: string;
  strict?: boolean;
  parallel?: 'unsafe' | 'restricted' | 'safe';
  /**
   * Settings the function's statements run with, one `SET name = value` clause each (`search_path`
   * has its own attribute). PostgreSQL sets them on entry and gives the caller's values back on exit,
   * by return or by error, and a `set_config(…, true)` of the same setting inside the body is undone
   * on exit too: never save and restore them by hand in the body. A value that is a plain word
   * (`off`, `force_generic_plan`) is written as it is, any other as a quoted literal (`'128MB'`).
   *
   * `plan_cache_mode: 'force_generic_plan'`: PL/pgSQL plans a statement that reads an argument anew at
   * every call ("custom plans") until the generic plan looks no dearer, which for array arguments it
   * may never do; forcing the generic plan plans it once a session. Use it where a function is called
   * per statement from a trigger with arrays of any length (planning each call cost more than running
   * it, and a large array's custom plan could cost enough to be JIT-compiled).
   */
  settings?: Readonly<Record<string, string>>;
  phase?: Phase;
  /**
   * Roles allowed to EXECUTE it. PUBLIC's default EXECUTE is revoked when this is given (and for a
   * trigger function when it is not: nobody calls one directly).
   */
  grantExecute?: readonly string[];
  comment?: string;
  /**
   * The role that owns it. SECURITY DEFINER functions name `DEFINER_ROLE` (a NOLOGIN role holding only
   * what those functions need), never the migrating role, which may be a superuser.
   */
  owner?: string;
}

/** A declaration with its signature parsed: what `SqlFunction.definition` holds. */
export interface FunctionDefinition extends FunctionAttributes {
  schema: string;
  name: string;
  args: readonly FunctionArg[];
  /** e.g. `uuid`, `trigger`, `table (month date, total numeric)`, `setof public.transactions`. */
  returns: string;
}

/**
 * Calls `onTopLevel` for each character of `text` outside parentheses, brackets and quotes (and for
 * an unmatched closing one) until it returns true: returns that index, or -1. Throws on an
 * unterminated quote or unbalanced parentheses.
 */
function scanTopLevel(text: string, onTopLevel: (ch: string, i: number) => boolean | undefined): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) throw new Error(`unterminated ${ch} quote`);
      i = end;
      continue;
    }
    if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') {
      if (depth === 0) {
        if (onTopLevel(ch, i)) return i;
        throw new Error(`unbalanced "${ch}"`);
      }
      depth--;
    } else if (depth === 0 && onTopLevel(ch, i)) return i;
  }
  if (depth !== 0) throw new Error('unbalanced parentheses');
  return -1;
}

/** The parts of a comma-separated list that are not inside parentheses, brackets or quotes, trimmed. */
export function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let start = 0;
  scanTopLevel(list, (ch, i) => {
    if (ch !== ',') return false;
    parts.push(list.slice(start, i).trim());
    start = i + 1;
    return false;
  });
  parts.push(list.slice(start).trim());
  return parts.length === 1 && parts[0] === '' ? [] : parts;
}

const ARG_MODES = /^(in|out|inout|variadic)\s/i;

function parseArg(text: string, position: number): FunctionArg {
  const where = `argument ${position}`;
  if (!text) throw new Error(`${where} is empty`);
  if (ARG_MODES.test(text)) throw new Error(`${where} "${text}": argument modes (IN, OUT, INOUT, VARIADIC) are not supported`);
  const m = /^(?:"([^"]*)"|([A-Za-z_][A-Za-z0-9_$]*))(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) throw new Error(`${where} "${text}" must be \`name type\``);
  const quoted = m[1] !== undefined;
  const name = m[1] ?? m[2]!;
  checkIdent(where, name);
  if (!quoted && RESERVED_ARG_NAMES.has(name)) throw new Error(`${where}: "${name}" is a reserved word: write it quoted ("${name}")`);
  const rest = m[3] ?? '';
  let at = -1;
  scanTopLevel(rest, (_ch, i) => {
    if (/^default\b/i.test(rest.slice(i)) && (i === 0 || /\s/.test(rest[i - 1]!))) at = i;
    return at >= 0;
  });
  const type = (at < 0 ? rest : rest.slice(0, at)).trim().replace(/\s+/g, ' ');
  if (!type) throw new Error(`${where} "${name}" has no type`);
  if (type.includes('=')) throw new Error(`${where} "${name}": write a default as DEFAULT expr, not =`);
  if (at < 0) return { name, type };
  const value = rest.slice(at + 'default'.length).trim();
  if (!value) throw new Error(`${where} "${name}": DEFAULT without a value`);
  return { name, type, default: value };
}

/**
 * Parses `schema.name(arg type [DEFAULT expr], …) [RETURNS type]` into its parts. The return type
 * is kept as written (line breaks included); argument types are folded to single spaces.
 * Throws an error naming the signature when it is malformed.
 */
export function parseFunctionSignature(signature: string): Pick<FunctionDefinition, 'schema' | 'name' | 'args'> & { returns?: string } {
  try {
    const head = /^\s*([^\s.(]+)\.([^\s.(]+)\s*\(/.exec(signature);
    if (!head) throw new Error('must start with `schema.name(`');
    const schema = checkIdent('schema', head[1]!);
    const name = checkIdent('name', head[2]!);
    const open = head[0].length;
    const close = scanTopLevel(signature.slice(open), (ch) => ch === ')');
    if (close < 0) throw new Error('no ")" closes the argument list');
    const args = splitTopLevel(signature.slice(open, open + close)).map((a, i) => parseArg(a, i + 1));
    const seen = new Set<string>();
    for (const a of args) {
      if (seen.has(a.name)) throw new Error(`argument "${a.name}" is declared twice`);
      seen.add(a.name);
    }
    const tail = signature.slice(open + close + 1);
    if (!tail.trim()) return { schema, name, args };
    const returns = /^\s+RETURNS\s+([\s\S]*\S)\s*$/i.exec(tail);
    if (!returns) throw new Error(`expected RETURNS type after the argument list, found "${tail.trim()}"`);
    return { schema, name, args, returns: returns[1]! };
  } catch (e) {
    throw new Error(`function signature \`${signature.trim()}\`: ${(e as Error).message}`);
  }
}

/**
 * Owner of the package's SECURITY DEFINER functions: NOLOGIN, not a superuser, no BYPASSRLS; its table
 * privileges and RLS policies are exactly what those functions do (docs/decisions.md, issue 10).
 */
export const DEFINER_ROLE = 'unified_schema_definer';
/**
 * Supabase's API roles. On Supabase, `postgres` has default privileges in schema public that grant
 * every function (table, sequence) it creates there to these roles by name; a function of the
 * package is revoked from them as well as from PUBLIC, then granted to the roles `grantExecute` names.
 */
export const SUPABASE_API_ROLES = [anonRole.name, authenticatedRole.name, serviceRole.name] as const;
/**
 * USAGE on schema `auth` for the definer role: its functions call `auth.uid()` and read `auth.users`,
 * and PL/pgSQL looks those names up as the function's owner at every call. Granted directly where the
 * migrating role may grant it (the auth shim's own schema, a superuser). On Supabase schema `auth`
 * belongs to `supabase_admin`, and `postgres` holds USAGE without the grant option, so a GRANT there
 * grants nothing (WARNING 01007, not an error) and every such function failed with 42501 "permission
 * denied for schema auth" for signed-in users. There the definer role is made a member of `anon`,
 * which holds USAGE on auth and is the API role with the fewest rights, and INHERIT, so that the
 * membership counts (docs/decisions.md, 2026-12-02). Warned, never failed, where neither is possible.
 * One statement for every domain that needs it; safe to run again.
 */
export const DEFINER_AUTH_USAGE = `DO $auth_usage$
BEGIN
  IF pg_catalog.to_regnamespace('auth') IS NULL OR pg_catalog.has_schema_privilege('${DEFINER_ROLE}', 'auth', 'USAGE') THEN
    RETURN;
  END IF;
  IF pg_catalog.has_schema_privilege(current_user, 'auth', 'USAGE WITH GRANT OPTION') THEN
    GRANT USAGE ON SCHEMA auth TO ${DEFINER_ROLE};
  ELSIF pg_catalog.to_regrole('${anonRole.name}') IS NOT NULL AND pg_catalog.has_schema_privilege('${anonRole.name}', 'auth', 'USAGE') THEN
    ALTER ROLE ${DEFINER_ROLE} INHERIT;
    GRANT ${anonRole.name} TO ${DEFINER_ROLE};
  END IF;
  IF NOT pg_catalog.has_schema_privilege('${DEFINER_ROLE}', 'auth', 'USAGE') THEN
    RAISE WARNING '${DEFINER_ROLE} has no USAGE on schema auth, and the migrating role can neither grant it nor make the role a member of ${anonRole.name}: the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO ${DEFINER_ROLE} as the owner of schema auth.';
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING '${DEFINER_ROLE} has no USAGE on schema auth (%): the package''s SECURITY DEFINER functions that read the signed-in user will fail with 42501. Run GRANT USAGE ON SCHEMA auth TO ${DEFINER_ROLE} as the owner of schema auth.', SQLERRM;
END
$auth_usage$`;
/**
 * Owner of the one SECURITY DEFINER function that reads server statistics
 * (`learning.database_health_check`): NOLOGIN, INHERIT (so its membership in `pg_read_all_stats`
 * counts), owns nothing else, holds no table privilege.
 */
export const MONITOR_ROLE = 'unified_schema_monitor';

export interface SqlFunction extends SqlObject {
  readonly definition: FunctionDefinition;
  /** `schema.name` */
  readonly qualifiedName: string;
  /** `schema.name(type, type)`: the signature DROP and GRANT use. */
  readonly signature: string;
}

/** The declaration with its signature parsed; a trigger function's signature has no RETURNS: it returns trigger. */
function resolve(signature: string, attrs: FunctionAttributes, kind: 'function' | 'trigger'): FunctionDefinition {
  const parsed = parseFunctionSignature(signature);
  if (kind === 'trigger' && (parsed.args.length || parsed.returns !== undefined))
    throw new Error(`trigger function ${parsed.schema}.${parsed.name}: its signature is \`${parsed.schema}.${parsed.name}()\` (no arguments, no RETURNS: it returns trigger)`);
  if (kind === 'function' && parsed.returns === undefined) throw new Error(`function ${parsed.schema}.${parsed.name}: its signature needs RETURNS type`);
  return { schema: parsed.schema, name: parsed.name, args: parsed.args, returns: parsed.returns ?? 'trigger', ...attrs };
}

/**
 * Declares a function by its SQL head, as in CREATE FUNCTION, then its attributes:
 * `defineFunction('ingest.outside_dependents(tables regclass[], isolated boolean DEFAULT false) RETURNS table (dependent text, referenced text)', { language: 'sql', … })`.
 * A reserved word as argument name is written quoted (`"limit" integer`).
 */
export function defineFunction(signature: string, def: FunctionAttributes): SqlFunction {
  return renderFunction(resolve(signature, def, 'function'));
}

function renderFunction(def: FunctionDefinition): SqlFunction {
  const args = def.args;
  const qualifiedName = `${def.schema}.${def.name}`;
  const signature = `${qualifiedName}(${args.map((a) => a.type).join(', ')})`;
  const argList = args.map((a) => `${argName(a.name)} ${a.type}${a.default !== undefined ? ` DEFAULT ${a.default}` : ''}`).join(', ');
  const attrs = [
    `LANGUAGE ${def.language}`,
    (def.volatility ?? 'volatile').toUpperCase(),
    def.strict ? 'STRICT' : null,
    `SECURITY ${(def.security ?? 'invoker').toUpperCase()}`,
    def.parallel ? `PARALLEL ${def.parallel.toUpperCase()}` : null,
    `SET search_path = ${def.searchPath === '' ? "''" : def.searchPath}`,
    ...Object.entries(def.settings ?? {}).map(([name, value]) => `SET ${settingName(name)} = ${settingValue(value)}`),
  ].filter(Boolean);
  const create = [
    `CREATE OR REPLACE FUNCTION ${qualifiedName}(${argList})\nRETURNS ${def.returns}\n${attrs.join('\n')}\nAS ${dollarQuote(def.body)}`,
  ];
  // A trigger function is never called directly (firing a trigger checks no EXECUTE): closed to PUBLIC unless said otherwise.
  const grantExecute = def.grantExecute ?? (def.returns === 'trigger' ? [] : undefined);
  if (grantExecute) {
    // and from Supabase's API roles by name: a REVOKE from PUBLIC leaves Supabase's default grants in place
    create.push(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC, ${SUPABASE_API_ROLES.join(', ')}`);
    if (grantExecute.length) create.push(`GRANT EXECUTE ON FUNCTION ${signature} TO ${grantExecute.join(', ')}`);
  }
  if (def.comment) create.push(`COMMENT ON FUNCTION ${signature} IS ${sqlLiteral(def.comment)}`);
  if (def.owner) create.push(`ALTER FUNCTION ${signature} OWNER TO ${checkIdent('owner', def.owner)}`);
  return {
    key: `function ${signature}`,
    phase: def.phase ?? 'post',
    create,
    drop: [`DROP FUNCTION IF EXISTS ${signature}`],
    // CREATE OR REPLACE cannot change a return type or argument names: drop first when changed.
    // CASCADE is deliberately absent: a trigger using the function must be redeclared too.
    replace: [`DROP FUNCTION IF EXISTS ${signature}`],
    shape: `${args.map((a) => a.name).join(',')} -> ${def.returns}`,
    definition: def,
    qualifiedName,
    signature,
  };
}

/**
 * A PL/pgSQL function only its owner may call (`grantExecute: []`) with `search_path ''`: the internal
 * steps of owner-run jobs (ingest's staging, cutover and rollback), called from other functions or the
 * owner's TS wrappers, never by an application role.
 */
export function defineOwnerFunction(signature: string, def: Omit<FunctionAttributes, 'language' | 'searchPath' | 'grantExecute'>): SqlFunction {
  return defineFunction(signature, { language: 'plpgsql', searchPath: '', grantExecute: [], ...def });
}

/**
 * A trigger function: signature `schema.name()` (it RETURNS trigger), PL/pgSQL, `search_path ''`
 * unless given. Triggers run it whoever writes the table; nobody may call it directly unless
 * `grantExecute` says who.
 */
export function defineTriggerFunction(signature: string, def: Omit<FunctionAttributes, 'language' | 'searchPath'> & { searchPath?: string }): SqlFunction {
  return renderFunction(resolve(signature, { language: 'plpgsql', searchPath: '', ...def }, 'trigger'));
}

/**
 * A SECURITY DEFINER function owned by `DEFINER_ROLE` (never the migrating role): PL/pgSQL and
 * `search_path ''` unless given. `grantExecute` is required: the roles that may run it with the
 * owner's rights (`[]`: only the owner's own functions, e.g. a step other definer functions call).
 */
export function defineDefinerFunction(
  signature: string,
  def: Omit<FunctionAttributes, 'security' | 'owner' | 'language' | 'searchPath' | 'grantExecute'> &
    Partial<Pick<FunctionAttributes, 'language' | 'searchPath'>> & { grantExecute: readonly string[] },
): SqlFunction {
  const fn = defineFunction(signature, { language: 'plpgsql', searchPath: '', ...def, security: 'definer', owner: DEFINER_ROLE });
  const { schema } = fn.definition;
  if (schema.endsWith(PRIVATE_SCHEMA_SUFFIX) || !def.grantExecute.some((r) => (API_CALLER_ROLES as readonly string[]).includes(r))) return fn;
  return withApiEntry(fn, defineFunction(signature.replace(/^\s*[^\s.(]+\./, `${schema}${PRIVATE_SCHEMA_SUFFIX}.`), { language: 'plpgsql', searchPath: '', ...def, security: 'definer', owner: DEFINER_ROLE }));
}

/** The roles a Supabase client acts as (PostgREST `/rest/v1/rpc`, GraphQL): anon and authenticated. */
export const API_CALLER_ROLES = [anonRole.name, authenticatedRole.name] as const;
/** `<schema>_private`: a domain's schema for SECURITY DEFINER code, never exposed to the API (no USAGE for anon or authenticated). */
export const PRIVATE_SCHEMA_SUFFIX = '_private';

/**
 * A SECURITY DEFINER function an API role may call, split in two (Supabase's advice, lints
 * anon/authenticated_security_definer_function_executable): the body runs with the definer's rights
 * as `<schema>_private.<name>`, in a schema anon and authenticated hold no USAGE on, so no client can
 * name it; `<schema>.<name>`, the name callers use, is a SECURITY INVOKER SQL function with a
 * standard body (`RETURN …` / `BEGIN ATOMIC … END`). Such a body is parsed when it is created and
 * stores the private function by oid, so calling it checks EXECUTE on the private function (granted to
 * the same roles) but never USAGE on its schema. Same arguments, defaults, result, volatility,
 * strictness, grants and comment; the entry belongs to the definer role too, as it did when it was the
 * definer function itself (CREATE OR REPLACE keeps an owner).
 */
function withApiEntry(fn: SqlFunction, body: SqlFunction): SqlFunction {
  const def = fn.definition;
  const params = def.args.map((_, i) => `$${i + 1}`).join(', ');
  const setReturning = /^(setof|table)\b/i.test(def.returns.trim());
  const standardBody = setReturning
    ? `BEGIN ATOMIC\n  SELECT * FROM ${body.qualifiedName}(${params});\nEND`
    : `RETURN ${body.qualifiedName}(${params})`;
  const argList = def.args.map((a) => `${argName(a.name)} ${a.type}${a.default !== undefined ? ` DEFAULT ${a.default}` : ''}`).join(', ');
  const attrs = [
    'LANGUAGE sql',
    (def.volatility ?? 'volatile').toUpperCase(),
    def.strict ? 'STRICT' : null,
    'SECURITY INVOKER',
    "SET search_path = ''",
  ].filter(Boolean);
  const grants = def.grantExecute ?? [];
  const create = [
    ...body.create,
    `CREATE OR REPLACE FUNCTION ${fn.qualifiedName}(${argList})\nRETURNS ${def.returns}\n${attrs.join('\n')}\n${standardBody}`,
    `REVOKE ALL ON FUNCTION ${fn.signature} FROM PUBLIC, ${SUPABASE_API_ROLES.join(', ')}`,
    ...(grants.length ? [`GRANT EXECUTE ON FUNCTION ${fn.signature} TO ${grants.join(', ')}`] : []),
    ...(def.comment ? [`COMMENT ON FUNCTION ${fn.signature} IS ${sqlLiteral(def.comment)}`] : []),
    `ALTER FUNCTION ${fn.signature} OWNER TO ${DEFINER_ROLE}`,
  ];
  return {
    ...fn,
    create,
    // the entry first: its body depends on the private function
    drop: [...fn.drop, ...body.drop],
    replace: [...fn.replace!, ...body.replace!],
    shape: `${fn.shape} via ${body.qualifiedName}`,
    definition: { ...def, security: 'invoker', language: 'sql' },
  };
}

/**
 * A SECURITY DEFINER trigger function owned by `DEFINER_ROLE`: for a trigger that writes what the
 * role writing its table may not (a course's stats, an audit log, a rollup). Nobody may call it
 * directly (`grantExecute: []`); signature `schema.name()`, PL/pgSQL, `search_path ''`.
 */
export function defineDefinerTriggerFunction(signature: string, def: Omit<FunctionAttributes, 'language' | 'searchPath' | 'security' | 'owner' | 'grantExecute'>): SqlFunction {
  return defineTriggerFunction(signature, { ...def, security: 'definer', owner: DEFINER_ROLE, grantExecute: [] });
}

/** A drizzle table, view or materialized view: what triggers, grants and policies are declared on. */
export type Relation = PgTable | PgView | PgMaterializedView;

/**
 * `schema.name` of a drizzle table, view or materialized view: a renamed or removed relation is a
 * type error at every use (triggers, grants, seeds never name a relation as a string).
 */
export function qualifiedTableName(relation: Relation): string {
  const { schema, name } = is(relation, PgTable)
    ? getTableConfig(relation)
    : is(relation, PgMaterializedView)
      ? getMaterializedViewConfig(relation)
      : getViewConfig(relation as PgView);
  return `${schema ?? 'public'}.${name}`;
}

/** `a.t1, a.t2` for a GRANT or REVOKE over several relations. */
export function qualifiedTableNames(relations: readonly Relation[]): string {
  return relations.map(qualifiedTableName).join(', ');
}

export interface TriggerDefinition {
  /** Default: the function's name (a trigger function serving one table is named after what it does there). */
  name?: string;
  /** The drizzle table the trigger fires on (never a string: renaming the table must fail to compile). */
  table: PgTable;
  timing: 'before' | 'after' | 'instead of';
  events: readonly ('insert' | 'update' | 'delete' | 'truncate' | `update of ${string}`)[];
  forEach: 'row' | 'statement';
  /** AFTER triggers: name the statement's transition tables (`REFERENCING NEW TABLE AS … OLD TABLE AS …`). */
  referencing?: { newTable?: string; oldTable?: string };
  when?: string;
  function: SqlFunction;
  phase?: Phase;
}

export interface SqlTrigger extends SqlObject {
  readonly definition: TriggerDefinition;
}

export function defineTrigger(def: TriggerDefinition): SqlTrigger {
  const name = checkIdent('trigger name', def.name ?? def.function.definition.name);
  const table = qualifiedTableName(def.table);
  const events = def.events.map((e) => e.toUpperCase().replace('UPDATE OF', 'UPDATE OF')).join(' OR ');
  const stmt = [
    `CREATE OR REPLACE TRIGGER ${name}`,
    `${def.timing.toUpperCase()} ${events} ON ${table}`,
    def.referencing ? referencingClause(def.referencing) : null,
    `FOR EACH ${def.forEach.toUpperCase()}`,
    def.when ? `WHEN (${def.when})` : null,
    `EXECUTE FUNCTION ${def.function.qualifiedName}()`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    key: `trigger ${name} on ${table}`,
    phase: def.phase ?? 'post',
    create: [stmt],
    drop: [`DROP TRIGGER IF EXISTS ${name} ON ${table}`],
    definition: { ...def, name },
  };
}

function referencingClause(r: { newTable?: string; oldTable?: string }): string {
  const parts = [
    r.newTable ? `NEW TABLE AS ${checkIdent('transition table', r.newTable)}` : null,
    r.oldTable ? `OLD TABLE AS ${checkIdent('transition table', r.oldTable)}` : null,
  ].filter(Boolean);
  if (!parts.length) throw new Error('referencing needs newTable or oldTable');
  return `REFERENCING ${parts.join(' ')}`;
}

export interface RoleDefinition {
  name: string;
  /** e.g. ['NOLOGIN', 'NOINHERIT', 'BYPASSRLS'] */
  options?: readonly string[];
  /** Roles this role is granted to (so that they may SET ROLE to it). */
  grantTo?: readonly string[];
}

/**
 * A role, created idempotently: roles are cluster-wide, so migrating a second database on the same
 * server must not fail with "role already exists". A removed declaration never drops the role
 * (other databases on the server may use it).
 */
export function defineRole(def: RoleDefinition): SqlObject {
  checkIdent('role name', def.name);
  const opts = (def.options ?? ['NOLOGIN']).join(' ');
  const create = [
    // Two databases on one server migrating at once both see no role: the loser's duplicate is fine.
    `DO $role$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ${sqlLiteral(def.name)}) THEN\n    CREATE ROLE ${def.name} ${opts};\n  END IF;\nEXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;\nEND $role$`,
  ];
  for (const member of def.grantTo ?? []) create.push(`GRANT ${def.name} TO ${member}`);
  return { key: `role ${def.name}`, phase: 'pre', create, drop: [] };
}

/**
 * Any other idempotent SQL the package owns: grants, FORCE ROW LEVEL SECURITY, comments, the
 * auth shim. `create` must be safe to run again; `drop` undoes it when the declaration goes away.
 */
export function defineSql(def: {
  key: string;
  phase?: Phase;
  create: readonly string[];
  drop?: readonly string[];
  reapply?: boolean;
  /** See `SqlObject.typesTable`. */
  typesTable?: PgTable;
}): SqlObject {
  return { key: def.key, phase: def.phase ?? 'post', create: def.create, drop: def.drop ?? [], reapply: def.reapply ?? false, ...(def.typesTable ? { typesTable: def.typesTable } : {}) };
}

/**
 * A `pre` guard (it runs before drizzle-kit's statements of the same migration) that refuses the
 * migration while rows of an existing `table` would make it fail, and lists them: `list` is a scalar
 * subquery giving the listing, NULL when nothing is in the way. The rows are read as the owner, with
 * row security lifted for that read only when FORCE would hide rows from it. A table that does not
 * exist yet (created by the same migration, hence empty) is skipped. Refused with `sqlState`, the
 * message followed by the listing, and `hint` saying how to repair the data.
 */
export function defineRowsGuard(def: { key: string; table: Relation; list: string; message: string; sqlState: 'unique_violation' | 'check_violation'; hint: string }): SqlObject {
  const table = qualifiedTableName(def.table);
  return defineSql({
    key: def.key,
    phase: 'pre',
    create: [
      `DO $guard$
DECLARE
  forced boolean;
  v_rows text;
BEGIN
  SELECT relforcerowsecurity INTO forced FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass(${sqlLiteral(table)});
  IF forced IS NULL THEN
    RETURN;
  END IF;
  IF forced THEN
    ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY;
  END IF;
  v_rows := (${def.list.trim()});
  IF forced THEN
    ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
  END IF;
  IF v_rows IS NOT NULL THEN
    RAISE EXCEPTION ${sqlLiteral(`${def.message}: %`)}, v_rows
      USING ERRCODE = '${def.sqlState}',
            HINT = ${sqlLiteral(def.hint)};
  END IF;
END
$guard$`,
    ],
  });
}

/**
 * A long SQL body kept as a `.sql` file beside its definition (docs/conventions.md, "Long SQL"):
 * `sqlFile(import.meta.url, './swap.sql', { BACKUP_ID_PATTERN })` reads it and replaces each
 * `{{NAME}}` placeholder with the given value. A placeholder without a value, or a value never
 * used, is an error at import time. The build copies `.sql` files next to the compiled modules.
 */
export function sqlFile(base: string, relative: string, values: Readonly<Record<string, string | number>> = {}): string {
  const path = fileURLToPath(new URL(relative, base));
  const text = readFileSync(path, 'utf8');
  const used = new Set<string>();
  const out = text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`${relative}: no value for placeholder {{${name}}}`);
    used.add(name);
    return String(values[name]);
  });
  for (const name of Object.keys(values)) if (!used.has(name)) throw new Error(`${relative}: placeholder {{${name}}} is not used`);
  return out;
}
