import { sql, TransactionRollbackError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db.js';
import { engine, useDatabase, whilePrepareWorkTablesExist } from '../helpers.js';
import { packageSchemasSql } from './package-schemas.js';

/**
 * plpgsql_check (Debian `postgresql-15-plpgsql-check`, installed by .ci/run) over every PL/pgSQL
 * function of the package, trigger functions once per table that fires them: 0 errors. Warnings are
 * reviewed in docs/lints.md (fixed, or listed with the reason); the test prints them.
 */
describe(`plpgsql_check over every PL/pgSQL function of the package (${engine})`, () => {
  const t = useDatabase();

  it.skipIf(engine === 'pglite')(
    'reports no error (PostgreSQL only: plpgsql_check is a server extension PGlite cannot load)',
    async () => {
      const [available] = await queryRows<{ ok: boolean }>(t.db, `select exists (select 1 from pg_available_extensions where name = 'plpgsql_check') as ok`);
      if (!available?.ok) {
        // in CI the extension is installed by .ci/run: its absence is a failure, not a reason to skip
        expect(process.env.CI, 'plpgsql_check is not installed (apt-get install postgresql-15-plpgsql-check)').not.toBe('true');
        console.warn('plpgsql_check is not installed here: nothing checked (apt-get install postgresql-15-plpgsql-check)');
        return;
      }
      await queryRows(t.db, 'create extension if not exists plpgsql_check');

      // Statement triggers with transition tables (REFERENCING NEW/OLD TABLE) are checked with their
      // names, so plpgsql_check knows the relations. One target per table: a function fired by an
      // INSERT trigger (new table) and a DELETE trigger (old table) of one table branches on TG_OP and
      // reads both, so it is checked with the names of all its triggers on that table.
      const targets = await queryRows<{ fn: string; relid: string; newtable: string | null; oldtable: string | null; target: string }>(
        t.db,
        `select p.oid::regprocedure::text as fn, coalesce(tg.tgrelid, 0)::oid::text as relid,
                tg.tgnewtable::text as newtable, tg.tgoldtable::text as oldtable,
                p.oid::regprocedure::text || coalesce(' on ' || tg.tgrelid::regclass::text, '')
                  || coalesce(' new table ' || tg.tgnewtable::text, '') || coalesce(' old table ' || tg.tgoldtable::text, '') as target
           from pg_proc p
           join pg_namespace n on n.oid = p.pronamespace
           join pg_language l on l.oid = p.prolang
           left join lateral (select t.tgrelid, max(t.tgnewtable) as tgnewtable, max(t.tgoldtable) as tgoldtable from pg_trigger t where t.tgfoid = p.oid group by t.tgrelid) tg on p.prorettype = 'trigger'::regtype
          where l.lanname = 'plpgsql' and n.nspname = any (${packageSchemasSql()})
            and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
            and (p.prorettype <> 'trigger'::regtype or tg.tgrelid is not null)
          order by 3`,
      );
      expect(targets.length).toBeGreaterThan(20);
      // Checked in the state the functions run in: inside prepare, while its work tables (dropped
      // before it returns) and the staging tables exist (whilePrepareWorkTablesExist), so their static
      // SQL is checked against them instead of being reported as missing relations; rolled back.
      const [ext] = await queryRows<{ schema: string }>(t.db, `select extnamespace::regnamespace::text as schema from pg_extension where extname = 'plpgsql_check'`);
      type Finding = { target: string; level: string; message: string; lineno: number | null; statement: string | null; query: string | null };
      let findings: Finding[] = [];
      let ranWithWorkTables = false;
      await t.db
        .transaction(async (tx) => {
          await queryRows(tx, 'create temp table plpgsql_check_findings (target text, level text, message text, lineno int, statement text, query text)');
          await queryRows(
            tx,
            sql`create temp table plpgsql_check_targets as
                select * from jsonb_to_recordset(${JSON.stringify(targets)}::jsonb) as x(fn text, relid oid, newtable name, oldtable name, target text)`,
          );
          const ran = await whilePrepareWorkTablesExist(
            tx,
            `declare r record;
             begin
               for r in select * from pg_temp.plpgsql_check_targets loop
                 insert into pg_temp.plpgsql_check_findings
                 select r.target, c.level, c.message, c.lineno, c.statement, c.query
                   from plpgsql_check_function_tb(r.fn::regprocedure, r.relid::regclass, newtable => r.newtable, oldtable => r.oldtable) c;
               end loop;
             end;`,
            `${ext!.schema}, pg_catalog, pg_temp`,
          );
          await queryRows(tx, 'select public.validate_and_prepare_clean_data()');
          ranWithWorkTables = await ran();
          findings = await queryRows<Finding>(tx, 'select target, level, message, lineno, statement, query from pg_temp.plpgsql_check_findings');
          tx.rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof TransactionRollbackError)) throw e;
        });
      expect(ranWithWorkTables, 'the checks ran while prepare\'s work tables existed').toBe(true);
      const warnings = findings.filter((f) => f.level !== 'error');
      if (warnings.length) console.log(warnings.map((w) => `plpgsql_check ${w.level}: ${w.target} line ${w.lineno} (${w.statement}): ${w.message}${w.query ? ` in: ${w.query.slice(0, 160)}` : ''}`).join('\n'));
      expect(findings.filter((f) => f.level === 'error')).toEqual([]);
    },
    60_000,
  );
});
