import { describe, expect, it } from 'vitest';
import { execScript, queryRows } from '../../src/db.js';
import { defineDefinerTriggerFunction, defineFunction, defineTriggerFunction, parseFunctionSignature } from '../../src/functions/define.js';
import { freshDatabase } from '../helpers.js';

// A function is declared by its SQL head in one string (docs/conventions.md, "SQL functions"):
// what the parser makes of it is what CREATE FUNCTION, DROP and GRANT render.
describe('function signatures', () => {
  it('parses arguments, defaults and the return type as written', () => {
    expect(parseFunctionSignature('ingest.outside_dependents(tables regclass[], isolated boolean DEFAULT false) RETURNS table (dependent text, referenced text, deptype text)')).toEqual({
      schema: 'ingest',
      name: 'outside_dependents',
      args: [
        { name: 'tables', type: 'regclass[]' },
        { name: 'isolated', type: 'boolean', default: 'false' },
      ],
      returns: 'table (dependent text, referenced text, deptype text)',
    });
    expect(parseFunctionSignature('public.f() RETURNS setof public.transactions')).toEqual({ schema: 'public', name: 'f', args: [], returns: 'setof public.transactions' });
    expect(parseFunctionSignature('wolo.pots_lifecycle()')).toEqual({ schema: 'wolo', name: 'pots_lifecycle', args: [] });
  });

  it('keeps commas, parentheses and quotes inside defaults and types', () => {
    const { args } = parseFunctionSignature(
      `public.f(a numeric(10, 2) DEFAULT round(1.005, 2), b text DEFAULT 'x, (y'')', c jsonb DEFAULT '{"k": [1, 2]}'::jsonb, d text[] DEFAULT ARRAY['a,b', ')'], e integer DEFAULT NULL) RETURNS void`,
    );
    expect(args).toEqual([
      { name: 'a', type: 'numeric(10, 2)', default: 'round(1.005, 2)' },
      { name: 'b', type: 'text', default: "'x, (y'')'" },
      { name: 'c', type: 'jsonb', default: `'{"k": [1, 2]}'::jsonb` },
      { name: 'd', type: 'text[]', default: "ARRAY['a,b', ')']" },
      { name: 'e', type: 'integer', default: 'NULL' },
    ]);
  });

  it('reads multi-word types, lower-case default, reserved names quoted and a multi-line RETURNS table', () => {
    const parsed = parseFunctionSignature(`learning.g(at  timestamp with time zone default now(), "limit" double precision, spans int4range[]) RETURNS table (
  period_start date,
  total numeric
)`);
    expect(parsed.args).toEqual([
      { name: 'at', type: 'timestamp with time zone', default: 'now()' },
      { name: 'limit', type: 'double precision' },
      { name: 'spans', type: 'int4range[]' },
    ]);
    expect(parsed.returns).toBe('table (\n  period_start date,\n  total numeric\n)');
  });

  it.each([
    ['f(a int) RETURNS int', 'must start with `schema.name(`'],
    ['public.F(a int) RETURNS int', 'name "F" must be a lower-case SQL identifier'],
    ['public.f(a int RETURNS int', 'no ")" closes the argument list'],
    ['public.f(a) RETURNS int', 'argument 1 "a" has no type'],
    ['public.f(a int,) RETURNS int', 'argument 2 is empty'],
    ['public.f(a int, a text) RETURNS int', 'argument "a" is declared twice'],
    ['public.f(a int DEFAULT) RETURNS int', 'argument 1 "a": DEFAULT without a value'],
    ['public.f(a int = 1) RETURNS int', 'write a default as DEFAULT expr'],
    ["public.f(a text DEFAULT 'x) RETURNS int", 'unterminated'],
    ['public.f(out a int) RETURNS int', 'argument modes (IN, OUT, INOUT, VARIADIC) are not supported'],
    ['public.f(limit int) RETURNS int', '"limit" is a reserved word: write it quoted ("limit")'],
    ['public.f(a int) int', 'expected RETURNS type after the argument list, found "int"'],
    ['public.f(a int) RETURNS', 'expected RETURNS type'],
  ])('rejects `%s`', (signature, message) => {
    expect(() => parseFunctionSignature(signature)).toThrow(message);
    expect(() => parseFunctionSignature(signature)).toThrow(`function signature \`${signature}\``);
  });

  it('needs RETURNS for a function and none for a trigger function, naming the function', () => {
    const attrs = { language: 'sql', searchPath: '', body: 'SELECT 1' } as const;
    expect(() => defineFunction('public.no_returns(a int)', attrs)).toThrow('function public.no_returns: its signature needs RETURNS type');
    expect(() => defineTriggerFunction('public.touch() RETURNS trigger', { body: 'BEGIN RETURN NEW; END' })).toThrow(
      'trigger function public.touch: its signature is `public.touch()`',
    );
    expect(() => defineDefinerTriggerFunction('public.touch(a int)', { body: 'BEGIN RETURN NEW; END' })).toThrow('trigger function public.touch');
    const trigger = defineTriggerFunction('public.touch()', { body: 'BEGIN RETURN NEW; END' });
    expect(trigger.definition.returns).toBe('trigger');
    expect(trigger.signature).toBe('public.touch()');
  });

  it('renders what the engine creates and calls with its defaults', async () => {
    const fn = defineFunction(`public.signature_probe(label text DEFAULT 'a, (b)', "limit" integer DEFAULT 2, at timestamp with time zone DEFAULT '2024-01-02 03:04:05+00') RETURNS table (label text, n integer, day text)`, { language: 'sql', volatility: 'immutable', searchPath: '', grantExecute: ['service_role'],
      body: `SELECT signature_probe.label, signature_probe."limit", to_char(signature_probe.at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    });
    expect(fn.signature).toBe('public.signature_probe(text, integer, timestamp with time zone)');
    const handle = await freshDatabase();
    try {
      for (const s of fn.create) await execScript(handle.db, s);
      expect(await queryRows(handle.db, 'SELECT * FROM public.signature_probe()')).toEqual([{ label: 'a, (b)', n: 2, day: '2024-01-02' }]);
      expect(await queryRows(handle.db, "SELECT * FROM public.signature_probe('x', 5)")).toEqual([{ label: 'x', n: 5, day: '2024-01-02' }]);
      const [args] = await queryRows<{ args: string }>(handle.db, "SELECT pg_catalog.pg_get_function_arguments('public.signature_probe(text, integer, timestamptz)'::regprocedure) AS args");
      expect(args?.args).toBe(`label text DEFAULT 'a, (b)'::text, "limit" integer DEFAULT 2, at timestamp with time zone DEFAULT '2024-01-02 03:04:05+00'::timestamp with time zone`);
    } finally {
      await handle.close();
    }
  });
  it('runs a function with its own settings and gives the caller its own back, on return and on error', async () => {
    const settings = { work_mem: '7MB', jit: 'off', plan_cache_mode: 'force_generic_plan' };
    const probe = defineFunction('public.settings_probe(fail boolean) RETURNS text', { language: 'plpgsql', searchPath: '', settings,
      body: `BEGIN
  PERFORM pg_catalog.set_config('jit', 'on', true);
  IF fail THEN RAISE EXCEPTION 'probe failed'; END IF;
  RETURN pg_catalog.current_setting('work_mem') || ' ' || pg_catalog.current_setting('plan_cache_mode');
END`,
    });
    expect(probe.create[0]).toContain(`SET work_mem = '7MB'\nSET jit = off\nSET plan_cache_mode = force_generic_plan\n`);
    const handle = await freshDatabase();
    try {
      for (const s of probe.create) await execScript(handle.db, s);
      const caller = `SELECT pg_catalog.current_setting('work_mem') AS work_mem, pg_catalog.current_setting('jit') AS jit, pg_catalog.current_setting('plan_cache_mode') AS plan_cache_mode`;
      const own = await handle.db.transaction(async (tx) => {
        await queryRows(tx, "SET LOCAL work_mem = '3MB'");
        await queryRows(tx, 'SET LOCAL jit = off');
        const [inside] = await queryRows<{ v: string }>(tx, 'SELECT public.settings_probe(false) AS v');
        // a caller that catches the function's error keeps running with its own settings
        await queryRows(tx, `DO $$ BEGIN PERFORM public.settings_probe(true); EXCEPTION WHEN raise_exception THEN NULL; END $$`);
        return { inside: inside!.v, after: (await queryRows(tx, caller))[0] };
      });
      expect(own).toEqual({ inside: '7MB force_generic_plan', after: { work_mem: '3MB', jit: 'off', plan_cache_mode: 'auto' } });
    } finally {
      await handle.close();
    }
    const attrs = { language: 'sql', body: 'SELECT 1', searchPath: '' } as const;
    expect(() => defineFunction('public.f() RETURNS int', { ...attrs, settings: { search_path: 'public' } })).toThrow('search_path is the searchPath attribute');
    expect(() => defineFunction('public.f() RETURNS int', { ...attrs, settings: { 'work_mem = 1; drop table x': '1' } })).toThrow('must be a lower-case setting name');
    expect(defineFunction('public.f() RETURNS int', { ...attrs, settings: { application_name: "it's" } }).create[0]).toContain(`SET application_name = 'it''s'`);
  });
});
